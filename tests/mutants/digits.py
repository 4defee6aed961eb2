"""09_digits: the mistakes students make, and correct solutions unlike the reference.

The mistakes are the patches of the reference in its assignment folder's mistakes.py
(MISTAKES), registered here as mutants. The functions below are the correct alternatives, written as
self-contained notebook code: they may use `np`, the setup cell's functions
(`softmax_cross_entropy`, `adam_update`, `minibatch_indices`) and the assignment's other graded
functions; here they are the reference's.
"""

import numpy as np

from grading_tools.assignments.backprop.reference import softmax_cross_entropy
from grading_tools.assignments.digits.mistakes import MISTAKES
from grading_tools.assignments.digits.reference import (
    dropout_backward,
    dropout_forward,
    linear_backward,
    linear_forward,
    mlp_loss,
    relu_backward,
    relu_forward,
)
from grading_tools.assignments.optimizers.reference import adam_update, minibatch_indices

from .catalogue import alternative, patches

patches(MISTAKES)


# ------------------------------------------------------------------------------- one_hot
@alternative("one_hot", "a loop over the samples into a float matrix")
def one_hot_loop(y, n_classes):
    Y = np.zeros((len(y), n_classes))
    for row, label in enumerate(y):
        Y[row, label] = 1.0
    return Y


@alternative("one_hot", "labels compared with every class, as floats")
def one_hot_compare(y, n_classes):
    return (np.asarray(y).reshape(-1, 1) == np.arange(n_classes)).astype(np.float64)


# ------------------------------------------------------------------------------- he_init
@alternative("he_init", "standard normals scaled by sqrt(2 / n_in), in a loop")
def he_init_scaled(layer_sizes, rng):
    params = []
    for i in range(len(layer_sizes) - 1):
        n_in, n_out = layer_sizes[i], layer_sizes[i + 1]
        W = rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / n_in)
        params.append((W, np.zeros(n_out)))
    return params


@alternative("he_init", "rng.normal(size=...) times the standard deviation, bias zeros_like")
def he_init_times(layer_sizes, rng):
    params = []
    for n_in, n_out in zip(layer_sizes, layer_sizes[1:]):
        std = (2 / n_in) ** 0.5
        W = std * rng.normal(size=(n_in, n_out))
        params.append((W, np.zeros_like(W[0])))
    return params


# ------------------------------------------------------------------------ linear modules
@alternative("linear_forward", "np.dot, the bias as a row, the cache as a list")
def linear_forward_dot(A_prev, W, b):
    Z = np.dot(A_prev, W) + b.reshape(1, -1)
    return Z, [A_prev, W]


@alternative("linear_forward", "einsum over the inputs")
def linear_forward_einsum(A_prev, W, b):
    return np.einsum("ni,io->no", A_prev, W) + b, (A_prev, W)


@alternative("linear_backward", "a loop over the samples: outer products summed")
def linear_backward_loop(dZ, cache):
    A_prev, W = cache
    dW = np.zeros_like(W)
    db = np.zeros(W.shape[1])
    dA_prev = np.zeros_like(A_prev)
    for n in range(len(dZ)):
        dW += np.outer(A_prev[n], dZ[n])
        db += dZ[n]
        dA_prev[n] = W @ dZ[n]
    return dA_prev, dW, db


@alternative("linear_backward", "einsum, db as ones @ dZ")
def linear_backward_einsum(dZ, cache):
    A_prev, W = cache
    dA_prev = np.einsum("no,io->ni", dZ, W)
    dW = np.einsum("ni,no->io", A_prev, dZ)
    return dA_prev, dW, np.ones(len(dZ)) @ dZ


# -------------------------------------------------------------------------- ReLU modules
@alternative("relu_forward", "Z times its positive mask")
def relu_forward_mask(Z):
    return Z * (Z > 0), Z


@alternative("relu_forward", "np.clip from below, the cache a copy")
def relu_forward_clip(Z):
    return np.clip(Z, 0, None), Z.copy()


@alternative("relu_backward", "np.where(Z > 0, dA, 0)")
def relu_backward_where(dA, cache):
    return np.where(cache > 0, dA, 0.0)


@alternative("relu_backward", "the mask from the output: A = max(Z, 0) > 0 is Z > 0")
def relu_backward_from_output(dA, cache):
    A = np.maximum(cache, 0)
    return dA * (A > 0)


@alternative("relu_backward", "a copy of dA with the inactive units zeroed")
def relu_backward_copy(dA, cache):
    dZ = np.array(dA, dtype=float, copy=True)
    dZ[cache <= 0] = 0.0
    return dZ


# ----------------------------------------------------------------------- dropout modules
@alternative("dropout_forward", "rng.uniform(0, 1) (the same numbers as rng.random), np.where")
def dropout_forward_uniform(A, p_drop, rng):
    if not p_drop:
        return A.copy(), np.ones(A.shape)
    u = rng.uniform(0.0, 1.0, size=A.shape)
    mask = np.where(u >= p_drop, 1.0 / (1.0 - p_drop), 0.0)
    return mask * A, mask


@alternative("dropout_forward", "a boolean keep array, scaled as floats")
def dropout_forward_keep(A, p_drop, rng):
    if p_drop > 0:
        keep = rng.random(size=A.shape) >= p_drop
        mask = keep.astype(float) / (1.0 - p_drop)
    else:
        mask = np.ones_like(A, dtype=float)
    return A * mask, mask


@alternative("dropout_backward", "np.multiply")
def dropout_backward_multiply(dA, mask):
    return np.multiply(mask, dA)


@alternative("dropout_backward", "np.where on the dropped units")
def dropout_backward_where(dA, mask):
    return np.where(mask == 0, 0.0, dA * mask)


# ------------------------------------------------------------------------------ mlp_loss
@alternative("mlp_loss", "dropout before the ReLU (the same numbers: the mask is >= 0)")
def mlp_loss_drop_first(params, X, Y, p_drop=0.0, rng=None):
    A, caches = X, []
    for W, b in params[:-1]:
        Z, lin = linear_forward(A, W, b)
        Z, mask = dropout_forward(Z, p_drop, rng)
        A, rel = relu_forward(Z)
        caches.append((lin, mask, rel))
    Z, lin = linear_forward(A, params[-1][0], params[-1][1])
    cost, dZ = softmax_cross_entropy(Z, Y)
    dA, dW, db = linear_backward(dZ, lin)
    grads = [(dW, db)]
    for lin, mask, rel in caches[::-1]:
        dA, dW, db = linear_backward(dropout_backward(relu_backward(dA, rel), mask), lin)
        grads.append((dW, db))
    return cost, grads[::-1]


@alternative("mlp_loss", "written out without the modules, caches in lists, index loops")
def mlp_loss_inline(params, X, Y, p_drop=0.0, rng=None):
    inputs, pre, masks = [X], [], []
    A = X
    for W, b in params[:-1]:
        Z = A @ W + b
        pre.append(Z)
        A = np.maximum(Z, 0)
        if p_drop > 0:
            mask = (rng.random(A.shape) >= p_drop) / (1 - p_drop)
        else:
            mask = np.ones_like(A)
        A = A * mask
        masks.append(mask)
        inputs.append(A)
    cost, delta = softmax_cross_entropy(A @ params[-1][0] + params[-1][1], Y)
    grads = [None] * len(params)
    for layer in range(len(params) - 1, -1, -1):
        grads[layer] = (inputs[layer].T @ delta, delta.sum(axis=0))
        if layer > 0:
            delta = (delta @ params[layer][0].T) * masks[layer - 1] * (pre[layer - 1] > 0)
    return cost, grads


# ------------------------------------------------------------------------------- predict
@alternative("predict", "the softmax probabilities' argmax, written out")
def predict_probabilities(params, X):
    A = X
    for W, b in params[:-1]:
        A = np.maximum(A @ W + b, 0.0)
    Z = A @ params[-1][0] + params[-1][1]
    P = np.exp(Z - Z.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    return P.argmax(axis=1)


@alternative("predict", "the modules in an indexed loop, labels as int32")
def predict_loop(params, X):
    A = X
    for layer, (W, b) in enumerate(params):
        Z, _ = linear_forward(A, W, b)
        if layer < len(params) - 1:
            A, _ = relu_forward(Z)
    return np.argmax(Z, axis=-1).astype(np.int32)


# ----------------------------------------------------------------------- train_minibatch
@alternative("train_minibatch", "flat lists of parameters and moments, t from the epoch and batch")
def train_minibatch_flat(params, X, Y, epochs, batch_size, lr, rng, p_drop=0.0):
    flat = [p for layer in params for p in layer]
    m = [np.zeros_like(p) for p in flat]
    v = [np.zeros_like(p) for p in flat]
    costs = []
    for epoch in range(epochs):
        batches = minibatch_indices(len(X), batch_size, rng)
        total = 0.0
        for k, idx in enumerate(batches):
            layers = [(flat[2 * i], flat[2 * i + 1]) for i in range(len(flat) // 2)]
            cost, grads = mlp_loss(layers, X[idx], Y[idx], p_drop, rng)
            t = epoch * len(batches) + k + 1  # every epoch has the same number of batches
            for i, g in enumerate(g for pair in grads for g in pair):
                flat[i], m[i], v[i] = adam_update(flat[i], g, m[i], v[i], t, lr)
            total += cost
        costs.append(total / len(batches))
    return [(flat[2 * i], flat[2 * i + 1]) for i in range(len(flat) // 2)], costs


@alternative("train_minibatch", "Adam's state in dicts, a step counter, costs as floats")
def train_minibatch_dicts(params, X, Y, epochs, batch_size, lr, rng, p_drop=0.0):
    params = [(W.copy(), b.copy()) for W, b in params]
    state = {
        (i, name): (np.zeros_like(p), np.zeros_like(p))
        for i, layer in enumerate(params)
        for name, p in zip("Wb", layer)
    }
    step, costs = 0, []
    for _ in range(epochs):
        epoch_costs = []
        for idx in minibatch_indices(len(X), batch_size, rng):
            cost, grads = mlp_loss(params, X[idx], Y[idx], p_drop=p_drop, rng=rng)
            epoch_costs.append(float(cost))
            step += 1
            new_params = []
            for i, (layer, layer_grads) in enumerate(zip(params, grads)):
                pair = []
                for name, p, g in zip("Wb", layer, layer_grads):
                    m, v = state[i, name]
                    p, m, v = adam_update(p, g, m, v, step, lr=lr)
                    state[i, name] = (m, v)
                    pair.append(p)
                new_params.append(tuple(pair))
            params = new_params
        costs.append(sum(epoch_costs) / len(epoch_costs))
    return params, costs
