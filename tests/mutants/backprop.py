"""04_backprop: the mistakes students make, and correct solutions unlike the reference.

The mistakes are the patches of the reference in its assignment folder's mistakes.py
(MISTAKES), registered here as mutants. The functions below are the correct alternatives, written as
self-contained notebook code: they may use `np` and the given cell's functions (`sigmoid`,
`sigmoid_prime`, `softmax`, `forward`, `mse_cost`) and the assignment's other contract functions;
here they are the reference's.
"""

import numpy as np

from grading_tools.assignments.backprop.mistakes import MISTAKES
from grading_tools.assignments.backprop.reference import (
    backward,
    gd_step,
    hidden_delta,
    output_delta,
)
from grading_tools.assignments.sigmoid_networks.reference import (
    forward,
    mse_cost,
    sigmoid,
    sigmoid_prime,
    softmax,
)

from .catalogue import alternative, patches

patches(MISTAKES)


# ---------------------------------------------------------------------- output_delta
@alternative("output_delta", "sigma'(Z) as A (1 - A), from the activation")
def output_delta_from_A(A_L, Z_L, Y):
    return (A_L - Y) * A_L * (1.0 - A_L)


@alternative("output_delta", "np.multiply with sigma' written out")
def output_delta_multiply(A_L, Z_L, Y):
    s = 1.0 / (1.0 + np.exp(-np.clip(Z_L, -500, 500)))
    return np.multiply(np.subtract(A_L, Y), s - s * s)


# ---------------------------------------------------------------------- hidden_delta
@alternative("hidden_delta", "einsum over the next layer's neurons")
def hidden_delta_einsum(delta_next, W_next, Z):
    s = sigmoid(Z)
    return np.einsum("nk,jk->nj", delta_next, W_next) * s * (1 - s)


@alternative("hidden_delta", "column-vector form, transposed back: (W_next @ delta_next.T).T")
def hidden_delta_columns(delta_next, W_next, Z):
    return (W_next @ delta_next.T).T * sigmoid_prime(Z)


@alternative("hidden_delta", "a loop over the neurons of the layer")
def hidden_delta_loop(delta_next, W_next, Z):
    out = np.zeros(Z.shape)
    for j in range(Z.shape[1]):
        out[:, j] = (delta_next * W_next[j]).sum(axis=1) * sigmoid_prime(Z[:, j])
    return out


# -------------------------------------------------------------------------- backward
@alternative("backward", "recursion from the output layer, sigma' as A (1 - A)")
def backward_recursive(Y, params, cache):
    A = cache["A"]
    N = Y.shape[0]

    def grads_from(layer, delta):
        here = [(A[layer].T @ delta / N, np.sum(delta, axis=0) / N)]
        if layer == 0:
            return here
        delta_prev = (delta @ params[layer][0].T) * A[layer] * (1 - A[layer])
        return grads_from(layer - 1, delta_prev) + here

    L = len(params)
    return grads_from(L - 1, (A[L] - Y) * A[L] * (1 - A[L]))


@alternative("backward", "one sample at a time, outer products accumulated")
def backward_per_sample(Y, params, cache):
    A, Z = cache["A"], cache["Z"]
    N = len(Y)
    grads = [[np.zeros(W.shape), np.zeros(b.shape)] for W, b in params]
    for n in range(N):
        delta = (A[-1][n] - Y[n]) * sigmoid_prime(Z[-1][n])
        for layer in range(len(params) - 1, -1, -1):
            grads[layer][0] += np.outer(A[layer][n], delta) / N
            grads[layer][1] += delta / N
            if layer > 0:
                delta = (params[layer][0] @ delta) * sigmoid_prime(Z[layer - 1][n])
    return [tuple(g) for g in grads]


@alternative("backward", "deltas first, gradients after, with einsum")
def backward_einsum(Y, params, cache):
    A, Z = cache["A"], cache["Z"]
    deltas = [output_delta(A[-1], Z[-1], Y)]
    for layer in range(len(params) - 1, 0, -1):
        deltas.insert(0, hidden_delta(deltas[0], params[layer][0], Z[layer - 1]))
    return [
        (np.einsum("ni,nj->ij", A[l], d) / len(Y), d.mean(axis=0)) for l, d in enumerate(deltas)
    ]


# --------------------------------------------------------------------------- gd_step
@alternative("gd_step", "an index loop appending new tuples")
def gd_step_index(params, grads, lr):
    new = []
    for i in range(len(params)):
        new.append(
            (
                np.subtract(params[i][0], lr * grads[i][0]),
                np.subtract(params[i][1], lr * grads[i][1]),
            )
        )
    return new


@alternative("gd_step", "copies first, then updates the copies in place")
def gd_step_copy(params, grads, lr):
    new = [(W.copy(), b.copy()) for W, b in params]
    for (W, b), (dW, db) in zip(new, grads):
        W -= lr * dW
        b -= lr * db
    return new


# -------------------------------------------------------------------------- train_gd
@alternative("train_gd", "a while loop, costs as a numpy array")
def train_gd_while(X, Y, params, lr, epochs):
    costs = np.zeros(epochs)
    epoch = 0
    while epoch < epochs:
        Y_hat, cache = forward(X, params)
        costs[epoch] = 0.5 * np.mean(np.sum((Y_hat - Y) ** 2, axis=1))
        grads = backward(Y, params, cache)
        params = gd_step(params, grads, lr)
        epoch += 1
    return params, costs


@alternative("train_gd", "copies the parameters and updates the copies in place")
def train_gd_copies(X, Y, params, lr, epochs):
    params = [(W.copy(), b.copy()) for W, b in params]
    costs = []
    for _ in range(epochs):
        Y_hat, cache = forward(X, params)
        costs.append(float(mse_cost(Y_hat, Y)))
        for (W, b), (dW, db) in zip(params, backward(Y, params, cache)):
            W -= lr * dW
            b -= lr * db
    return params, costs


# ------------------------------------------------------------------ softmax_cross_entropy
@alternative("softmax_cross_entropy", "a loop over the samples with math.log and the row's maximum")
def softmax_ce_loop(Z, Y):
    import math

    n = len(Z)
    cost, dZ = 0.0, np.zeros(Z.shape)
    for i in range(n):
        top = max(Z[i])
        total = sum(math.exp(z - top) for z in Z[i])
        for j in range(Z.shape[1]):
            log_p = Z[i, j] - top - math.log(total)
            cost -= Y[i, j] * log_p
            dZ[i, j] = (math.exp(log_p) - Y[i, j]) / n
    return cost / n, dZ


@alternative(
    "softmax_cross_entropy", "np.logaddexp.reduce for the log-sum-exp, the given softmax for dZ"
)
def softmax_ce_logaddexp(Z, Y):
    log_sum = np.logaddexp.reduce(Z, axis=1, keepdims=True)
    cost = np.mean(np.sum(Y * (log_sum - Z), axis=1))
    return cost, (softmax(Z) - Y) / Z.shape[0]


@alternative("softmax_cross_entropy", "the cost as log-sum-exp minus the target-weighted logit")
def softmax_ce_lse(Z, Y):
    m = Z.max(axis=1)
    lse = m + np.log(np.exp(Z - m[:, None]).sum(axis=1))
    cost = float(np.mean(lse * Y.sum(axis=1) - (Y * Z).sum(axis=1)))
    P = np.exp(Z - lse[:, None])
    return cost, (P - Y) / len(Y)
