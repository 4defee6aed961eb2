"""04_backprop: the mistakes students make, and correct solutions unlike the reference.

Each function is self-contained notebook code: it may use `np`, the functions of the notebook's
given cell (`sigmoid`, `sigmoid_prime`, `softmax`, `forward`, `mse_cost`) and the assignment's other
contract functions (here they are the reference's), nothing else from this module.
"""

import numpy as np

from grading_tools.reference.backprop import backward, gd_step, hidden_delta, output_delta  # noqa: F401
from grading_tools.reference.sigmoid_networks import (  # noqa: F401
    forward, mse_cost, sigmoid, sigmoid_prime, softmax)

from .catalogue import alternative, mutant


# ---------------------------------------------------------------------- output_delta
@mutant("output_delta", "Y - A: the sign is flipped", hint="sign is flipped")
def output_delta_sign(A_L, Z_L, Y):
    return (Y - A_L) * sigmoid_prime(Z_L)


@mutant("output_delta", "sigma' taken at the activation A_L", hint="taken at the activation")
def output_delta_prime_at_A(A_L, Z_L, Y):
    return (A_L - Y) * sigmoid_prime(A_L)


@mutant("output_delta", "forgets sigma'(Z_L) (the cross-entropy delta)", hint="sigmoid'(Z_L) is missing")
def output_delta_no_prime(A_L, Z_L, Y):
    return A_L - Y


@mutant("output_delta", "averages over the batch", hint="BP1 is per sample")
def output_delta_mean(A_L, Z_L, Y):
    return (A_L - Y) * sigmoid_prime(Z_L) / len(Y)


@mutant("output_delta", "2 (A - Y): the derivative of the cost without its 1/2", hint="a factor 2")
def output_delta_twice(A_L, Z_L, Y):
    return 2 * (A_L - Y) * sigmoid_prime(Z_L)


@mutant("output_delta", "multiplies by sigmoid(Z_L) instead of its derivative", hint=None)
def output_delta_sigmoid(A_L, Z_L, Y):
    return (A_L - Y) * sigmoid(Z_L)


@mutant("output_delta", "subtracts Y from A_L in place", hint=None)
def output_delta_in_place(A_L, Z_L, Y):
    A_L -= Y
    return A_L * sigmoid_prime(Z_L)


@mutant("output_delta", "hard-codes the visible example", hint=None)
def output_delta_hardcoded(A_L, Z_L, Y):
    return np.array([[-0.12183]])


@alternative("output_delta", "sigma'(Z) as A (1 - A), from the activation")
def output_delta_from_A(A_L, Z_L, Y):
    return (A_L - Y) * A_L * (1.0 - A_L)


@alternative("output_delta", "np.multiply with sigma' written out")
def output_delta_multiply(A_L, Z_L, Y):
    s = 1.0 / (1.0 + np.exp(-np.clip(Z_L, -500, 500)))
    return np.multiply(np.subtract(A_L, Y), s - s * s)


# ---------------------------------------------------------------------- hidden_delta
@mutant("hidden_delta", "missing transpose: delta_next @ W_next", hint=None)
def hidden_delta_no_transpose(delta_next, W_next, Z):
    return (delta_next @ W_next) * sigmoid_prime(Z)


@mutant("hidden_delta", "column-vector habit: W_next.T @ delta_next", hint=None)
def hidden_delta_column_habit(delta_next, W_next, Z):
    return (W_next.T @ delta_next) * sigmoid_prime(Z)


@mutant("hidden_delta", "forgets sigma'(Z)", hint="sigmoid_prime(Z) is missing")
def hidden_delta_no_prime(delta_next, W_next, Z):
    return delta_next @ W_next.T


@mutant("hidden_delta", "sigma' taken at the activation sigma(Z)", hint="taken at the activation")
def hidden_delta_prime_at_A(delta_next, W_next, Z):
    A = sigmoid(Z)
    return (delta_next @ W_next.T) * sigmoid_prime(A)


@mutant("hidden_delta", "multiplies by sigmoid(Z) instead of its derivative",
        hint="multiplied by sigmoid(Z) instead")
def hidden_delta_sigmoid(delta_next, W_next, Z):
    return (delta_next @ W_next.T) * sigmoid(Z)


@mutant("hidden_delta", "column form W_next @ delta_next.T, not transposed back", hint=None)
def hidden_delta_not_back(delta_next, W_next, Z):
    return np.dot(W_next, delta_next.T) * sigmoid_prime(Z)


@mutant("hidden_delta", "overwrites Z with sigma'(Z) in place", hint=None)
def hidden_delta_in_place(delta_next, W_next, Z):
    Z[...] = sigmoid_prime(Z)
    return (delta_next @ W_next.T) * Z


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
@mutant("backward", "sums over the batch instead of averaging",
        hint="a sum over the batch instead of the mean")
def backward_sum(Y, params, cache):
    A, Z = cache["A"], cache["Z"]
    delta = output_delta(A[-1], Z[-1], Y)
    grads = []
    for layer in reversed(range(len(params))):
        grads.insert(0, (A[layer].T @ delta, delta.sum(axis=0)))
        if layer > 0:
            delta = hidden_delta(delta, params[layer][0], Z[layer - 1])
    return grads


@mutant("backward", "dW = delta.T @ A_prev (transposed)", hint="dW is transposed")
def backward_transposed(Y, params, cache):
    A, Z = cache["A"], cache["Z"]
    delta = output_delta(A[-1], Z[-1], Y)
    grads = []
    for layer in reversed(range(len(params))):
        grads.insert(0, (delta.T @ A[layer] / len(Y), delta.mean(axis=0)))
        if layer > 0:
            delta = hidden_delta(delta, params[layer][0], Z[layer - 1])
    return grads


@mutant("backward", "sigma' at the activations: A * (1 - A) computed from A twice",
        hint="taken at the activations A")
def backward_prime_at_A(Y, params, cache):
    A = cache["A"]
    delta = (A[-1] - Y) * sigmoid_prime(A[-1])
    grads = []
    for layer in reversed(range(len(params))):
        grads.insert(0, (A[layer].T @ delta / len(Y), delta.mean(axis=0)))
        if layer > 0:
            delta = (delta @ params[layer][0].T) * sigmoid_prime(A[layer])
    return grads


@mutant("backward", "layer index off by one: Z[layer] instead of Z[layer - 1] in BP2", hint=None)
def backward_index(Y, params, cache):
    A, Z = cache["A"], cache["Z"]
    delta = output_delta(A[-1], Z[-1], Y)
    grads = []
    for layer in reversed(range(len(params))):
        grads.insert(0, (A[layer].T @ delta / len(Y), delta.mean(axis=0)))
        if layer > 0:
            delta = hidden_delta(delta, params[layer][0], Z[layer])
    return grads


@mutant("backward", "BP2 with the weights of the current layer, not the next one", hint=None)
def backward_wrong_weights(Y, params, cache):
    A, Z = cache["A"], cache["Z"]
    delta = output_delta(A[-1], Z[-1], Y)
    grads = []
    for layer in reversed(range(len(params))):
        grads.insert(0, (A[layer].T @ delta / len(Y), delta.mean(axis=0)))
        if layer > 0:
            delta = hidden_delta(delta, params[layer - 1][0].T, Z[layer - 1])
    return grads


@mutant("backward", "the gradients listed output layer first", hint="reverse order")
def backward_reversed(Y, params, cache):
    A, Z = cache["A"], cache["Z"]
    delta = output_delta(A[-1], Z[-1], Y)
    grads = []
    for layer in reversed(range(len(params))):
        grads.append((A[layer].T @ delta / len(Y), delta.mean(axis=0)))
        if layer > 0:
            delta = hidden_delta(delta, params[layer][0], Z[layer - 1])
    return grads


@mutant("backward", "db averaged over the neurons (axis=1)", hint=None)
def backward_bias_axis(Y, params, cache):
    A, Z = cache["A"], cache["Z"]
    delta = output_delta(A[-1], Z[-1], Y)
    grads = []
    for layer in reversed(range(len(params))):
        grads.insert(0, (A[layer].T @ delta / len(Y), delta.mean(axis=1)))
        if layer > 0:
            delta = hidden_delta(delta, params[layer][0], Z[layer - 1])
    return grads


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
    return [(np.einsum("ni,nj->ij", A[l], d) / len(Y), d.mean(axis=0)) for l, d in enumerate(deltas)]


# --------------------------------------------------------------------------- gd_step
@mutant("gd_step", "adds the gradient (climbs the cost)", hint="gradient is added")
def gd_step_ascent(params, grads, lr):
    return [(W + lr * dW, b + lr * db) for (W, b), (dW, db) in zip(params, grads)]


@mutant("gd_step", "updates the parameters in place (W -= lr * dW)", hint=None)
def gd_step_in_place(params, grads, lr):
    for (W, b), (dW, db) in zip(params, grads):
        W -= lr * dW
        b -= lr * db
    return params


@mutant("gd_step", "forgets the biases", hint="biases are not updated")
def gd_step_no_bias(params, grads, lr):
    return [(W - lr * dW, b) for (W, b), (dW, db) in zip(params, grads)]


@mutant("gd_step", "returns the step, not the new parameters", hint="step -lr * grad is returned")
def gd_step_returns_step(params, grads, lr):
    return [(-lr * dW, -lr * db) for dW, db in grads]


@mutant("gd_step", "updates only the last layer", hint=None)
def gd_step_last_only(params, grads, lr):
    W, b = params[-1]
    dW, db = grads[-1]
    return list(params[:-1]) + [(W - lr * dW, b - lr * db)]


@mutant("gd_step", "divides by the learning rate", hint=None)
def gd_step_divides(params, grads, lr):
    return [(W - dW / max(lr, 1e-12), b - db / max(lr, 1e-12)) for (W, b), (dW, db) in zip(params, grads)]


@alternative("gd_step", "an index loop appending new tuples")
def gd_step_index(params, grads, lr):
    new = []
    for i in range(len(params)):
        new.append((np.subtract(params[i][0], lr * grads[i][0]),
                    np.subtract(params[i][1], lr * grads[i][1])))
    return new


@alternative("gd_step", "copies first, then updates the copies in place")
def gd_step_copy(params, grads, lr):
    new = [(W.copy(), b.copy()) for W, b in params]
    for (W, b), (dW, db) in zip(new, grads):
        W -= lr * dW
        b -= lr * db
    return new


# -------------------------------------------------------------------------- train_gd
@mutant("train_gd", "records the cost after each update", hint="BEFORE update e")
def train_gd_cost_after(X, Y, params, lr, epochs):
    costs = []
    for _ in range(epochs):
        _, cache = forward(X, params)
        params = gd_step(params, backward(Y, params, cache), lr)
        costs.append(mse_cost(forward(X, params)[0], Y))
    return params, costs


@mutant("train_gd", "never uses the updated parameters", hint="never used")
def train_gd_frozen(X, Y, params, lr, epochs):
    costs = []
    new_params = params
    for _ in range(epochs):
        Y_hat, cache = forward(X, params)
        costs.append(mse_cost(Y_hat, Y))
        new_params = gd_step(params, backward(Y, params, cache), lr)
    return new_params, costs


@mutant("train_gd", "climbs the gradient (lr with the wrong sign)", hint="climb the gradient")
def train_gd_ascent(X, Y, params, lr, epochs):
    costs = []
    for _ in range(epochs):
        Y_hat, cache = forward(X, params)
        costs.append(mse_cost(Y_hat, Y))
        params = gd_step(params, backward(Y, params, cache), -lr)
    return params, costs


@mutant("train_gd", "one epoch too many (range(epochs + 1))", hint=None)
def train_gd_extra_epoch(X, Y, params, lr, epochs):
    costs = []
    for _ in range(epochs + 1):
        Y_hat, cache = forward(X, params)
        costs.append(mse_cost(Y_hat, Y))
        params = gd_step(params, backward(Y, params, cache), lr)
    return params, costs


@mutant("train_gd", "one sample at a time (stochastic, not full-batch)", hint=None)
def train_gd_stochastic(X, Y, params, lr, epochs):
    costs = []
    for _ in range(epochs):
        costs.append(mse_cost(forward(X, params)[0], Y))
        for n in range(len(X)):
            _, cache = forward(X[n:n + 1], params)
            params = gd_step(params, backward(Y[n:n + 1], params, cache), lr)
    return params, costs


@mutant("train_gd", "the cost without its 1/2 (sum of squares over the batch mean)", hint="a ½ dropped")
def train_gd_no_half(X, Y, params, lr, epochs):
    costs = []
    for _ in range(epochs):
        Y_hat, cache = forward(X, params)
        costs.append(np.sum((Y_hat - Y) ** 2) / len(Y))
        params = gd_step(params, backward(Y, params, cache), lr)
    return params, costs


@mutant("train_gd", "updates the caller's arrays in place", hint=None)
def train_gd_in_place(X, Y, params, lr, epochs):
    costs = []
    for _ in range(epochs):
        Y_hat, cache = forward(X, params)
        costs.append(mse_cost(Y_hat, Y))
        for (W, b), (dW, db) in zip(params, backward(Y, params, cache)):
            W -= lr * dW
            b -= lr * db
    return params, costs


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
@mutant("softmax_cross_entropy", "dZ not divided by N: softmax(Z) - Y",
        hint="dZ is not divided by the number of samples")
def softmax_ce_no_mean_grad(Z, Y):
    shifted = Z - Z.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -np.sum(Y * log_p) / len(Y), np.exp(log_p) - Y


@mutant("softmax_cross_entropy", "the cost summed over the batch, not averaged", hint="summed over the batch")
def softmax_ce_sum(Z, Y):
    shifted = Z - Z.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -np.sum(Y * log_p), (np.exp(log_p) - Y) / len(Y)


@mutant("softmax_cross_entropy", "no shift by the row maximum: exp overflows for large entries", hint=None)
def softmax_ce_naive(Z, Y):
    e = np.exp(Z)
    P = e / e.sum(axis=1, keepdims=True)
    return -np.sum(Y * np.log(P)) / len(Y), (P - Y) / len(Y)


@mutant("softmax_cross_entropy", "log of the (shifted) softmax: log(0) once a probability underflows",
        hint=None)
def softmax_ce_log_of_softmax(Z, Y):
    P = softmax(Z)
    return -np.sum(Y * np.log(P)) / len(Y), (P - Y) / len(Y)


@mutant("softmax_cross_entropy", "log(P + 1e-12) to avoid log(0): misses a confidently wrong row's cost",
        hint="caps the cost")
def softmax_ce_epsilon(Z, Y):
    P = softmax(Z)
    return -np.sum(Y * np.log(P + 1e-12)) / len(Y), (P - Y) / len(Y)


@mutant("softmax_cross_entropy", "softmax over the samples (axis=0)", hint="over the samples (axis=0)")
def softmax_ce_axis0(Z, Y):
    shifted = Z - Z.max(axis=0, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))
    return -np.sum(Y * log_p) / len(Y), (np.exp(log_p) - Y) / len(Y)


@mutant("softmax_cross_entropy", "the sign of dZ flipped: Y - softmax(Z)", hint="sign is flipped")
def softmax_ce_sign(Z, Y):
    shifted = Z - Z.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -np.sum(Y * log_p) / len(Y), (Y - np.exp(log_p)) / len(Y)


@mutant("softmax_cross_entropy", "np.mean over every entry: the cost divided by N * K",
        hint="number of entries N * K")
def softmax_ce_mean_all(Z, Y):
    shifted = Z - Z.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -np.mean(Y * log_p), (np.exp(log_p) - Y) / len(Y)


@mutant("softmax_cross_entropy", "only the predicted class's log-probability, whatever the target", hint=None)
def softmax_ce_argmax(Z, Y):
    shifted = Z - Z.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    picked = log_p[np.arange(len(Z)), np.argmax(Z, axis=1)]
    return -np.mean(picked), (np.exp(log_p) - Y) / len(Y)


@mutant("softmax_cross_entropy", "shifts Z by its maximum in place", hint=None)
def softmax_ce_in_place(Z, Y):
    Z -= Z.max(axis=1, keepdims=True)
    log_p = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
    return -np.sum(Y * log_p) / len(Y), (np.exp(log_p) - Y) / len(Y)


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


@alternative("softmax_cross_entropy", "np.logaddexp.reduce for the log-sum-exp, the given softmax for dZ")
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
