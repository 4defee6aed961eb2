"""Assignment 09: a network built from modules, trained with mini-batches, Adam and dropout.

Conventions as everywhere: rows are samples; a layer is (W, b) and computes Z = A_prev @ W + b.
Each module is a pair: its forward pass returns its output and a cache, its backward pass takes
the gradient of the mean cost with respect to that output and returns the gradient with respect
to its input (and to its parameters). `softmax_cross_entropy` (04) returns dZ = δ^L / N, the
gradient of the MEAN cost, so the 1/N is already in every gradient that flows back: the linear
module's backward sums over the samples, it does not average again.
"""

import numpy as np

from ..backprop.reference import softmax_cross_entropy
from ..optimizers.reference import adam_update, minibatch_indices


def one_hot(y, n_classes):
    """The targets as rows of the identity: row n is e_{y_n}, float, shape (n, n_classes)."""
    return np.eye(n_classes)[y]


def he_init(layer_sizes, rng):
    """He initialisation for ReLU layers, layer by layer: W ~ N(0, 2 / n_in), so that the
    activations keep their variance from layer to layer; b = 0."""
    return [
        (rng.normal(0, np.sqrt(2 / n_in), (n_in, n_out)), np.zeros(n_out))
        for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:])
    ]


def linear_forward(A_prev, W, b):
    """Z = A_prev W + b, and the cache (A_prev, W) that the backward pass needs."""
    Z = A_prev @ W + b
    return Z, (A_prev, W)


def linear_backward(dZ, cache):
    """(dA_prev, dW, db) from dZ = ∂C/∂Z of the mean cost (the 1/N already in it)."""
    A_prev, W = cache
    dA_prev = dZ @ W.T  # the error sent back through the weights (BP2 before σ')
    dW = A_prev.T @ dZ  # BP4: a sum over the samples, the 1/N is in dZ
    db = dZ.sum(axis=0)  # BP3
    return dA_prev, dW, db


def relu_forward(Z):
    """A = max(Z, 0), and Z as the cache."""
    A = np.maximum(Z, 0)
    return A, Z


def relu_backward(dA, cache):
    """dZ = dA ⊙ relu'(Z), with relu'(Z) = 1 where Z > 0, else 0 (0 at Z = 0 too)."""
    Z = cache
    return dA * (Z > 0)


def dropout_forward(A, p_drop, rng):
    """Inverted dropout: each unit is dropped with probability p_drop and the kept ones are
    divided by their probability to stay, so that E[A_out] = A and nothing needs to change at
    prediction time. Returns (A_out, mask)."""
    if p_drop == 0:
        return A, np.ones_like(A)  # nothing dropped, nothing drawn from rng
    mask = (rng.random(A.shape) >= p_drop) / (1 - p_drop)
    return A * mask, mask


def dropout_backward(dA, mask):
    """A_out = A ⊙ mask, so ∂C/∂A = ∂C/∂A_out ⊙ mask."""
    return dA * mask


def mlp_loss(params, X, Y, p_drop=0.0, rng=None):
    """The mean cross-entropy of a ReLU network with dropout, and its gradients, from the
    modules: each hidden layer is linear, ReLU, dropout (masks drawn in layer order); the last
    is linear, then softmax_cross_entropy. The gradients come back through the modules in
    reverse order. Returns (cost, grads), grads [(dW, db), ...] shaped like params."""
    A, caches = X, []
    for W, b in params[:-1]:
        Z, linear_cache = linear_forward(A, W, b)
        A, relu_cache = relu_forward(Z)
        A, mask = dropout_forward(A, p_drop, rng)
        caches.append((linear_cache, relu_cache, mask))
    Z, last_cache = linear_forward(A, *params[-1])
    cost, dZ = softmax_cross_entropy(Z, Y)  # dZ = δ^L / N
    dA, dW, db = linear_backward(dZ, last_cache)
    grads = [(dW, db)]
    for linear_cache, relu_cache, mask in reversed(caches):
        dZ = relu_backward(dropout_backward(dA, mask), relu_cache)
        dA, dW, db = linear_backward(dZ, linear_cache)
        grads.insert(0, (dW, db))
    return cost, grads


def predict(params, X):
    """The predicted classes: the argmax of the last layer's Z, without dropout (integers)."""
    A = X
    for W, b in params[:-1]:
        A = relu_forward(linear_forward(A, W, b)[0])[0]
    Z = linear_forward(A, *params[-1])[0]
    return np.argmax(Z, axis=1)


def train_minibatch(params, X, Y, epochs, batch_size, lr, rng, p_drop=0.0):
    """Mini-batch Adam on mlp_loss. Each epoch draws its batches with minibatch_indices; each
    batch's gradients (dropout masks from the same rng) make one adam_update of every W and b,
    t counting the updates from 1 across epochs, m and v starting at 0. Returns (params, costs),
    costs[e] the mean of epoch e's batch costs."""
    m = [[np.zeros_like(W), np.zeros_like(b)] for W, b in params]  # Adam's first moments
    v = [[np.zeros_like(W), np.zeros_like(b)] for W, b in params]  # and second moments
    t, costs = 0, []
    for _ in range(epochs):
        batch_costs = []
        for idx in minibatch_indices(len(X), batch_size, rng):
            cost, grads = mlp_loss(params, X[idx], Y[idx], p_drop, rng)
            t += 1  # one Adam step per batch, counted across epochs
            updated = []
            for (W, b), (dW, db), m_l, v_l in zip(params, grads, m, v):
                W, m_l[0], v_l[0] = adam_update(W, dW, m_l[0], v_l[0], t, lr)
                b, m_l[1], v_l[1] = adam_update(b, db, m_l[1], v_l[1], t, lr)
                updated.append((W, b))
            params = updated
            batch_costs.append(cost)
        costs.append(np.mean(batch_costs))
    return params, costs
