"""Hidden cases for 04_backprop.

Every cache is made by the reference forward pass, so it is internally consistent (A = σ(Z),
Z = A_prev @ W + b): a correct solution that takes σ'(Z) as A (1 - A) from the cache is never
failed. Layer sizes are non-square (a missing transpose raises or gives other numbers), and
every function meets a batch of one sample, a single-layer network and saturated neurons.

softmax_cross_entropy is judged with `warnings_fail`: the contract asks for a cost computed without
overflow or log(0) for entries up to 1e4, so two cases hold such entries, one where the right class
wins by far (cost near 0) and one where it loses by far (cost near 1e4, which a clipped log misses).
"""

import numpy as np

from ..reference.backprop import backward, gd_step
from ..reference.sigmoid_networks import (forward, init_params, mse_cost, sigmoid, sigmoid_prime,
                                         softmax)
from .core import Case, KnownMistake, Spec

SEED = 2404


def _network(rng, sizes, n, scale=1.0):
    """params, X, Y and the reference cache of a random network with the given layer sizes."""
    params = [(scale * W, scale * b) for W, b in init_params(sizes, rng)]
    X = rng.normal(size=(n, sizes[0]))
    Y = rng.uniform(0, 1, size=(n, sizes[-1]))
    _, cache = forward(X, params)
    return params, X, Y, cache


# ------------------------------------------------------------------------- output_delta
def output_delta_cases():
    rng = np.random.default_rng(SEED)
    cases = []
    for label, shape, spread in [("5 samples, one output", (5, 1), 2.0),
                                 ("4 samples, 3 outputs", (4, 3), 2.0),
                                 ("a single sample with 2 outputs (batch of 1)", (1, 2), 2.0),
                                 ("saturated outputs, |z| up to 40", (3, 4), 40.0)]:
        Z = rng.uniform(-spread, spread, size=shape)
        Y = rng.uniform(0, 1, size=shape)
        cases.append(Case(label, (sigmoid(Z), Z, Y)))
    Z = np.array([[0.0, 1.5], [-2.0, 0.0]])
    cases.append(Case("targets equal to the outputs at two entries (zero error there)",
                      (sigmoid(Z), Z, np.array([[0.5, 0.0], [sigmoid(-2.0), 1.0]]))))
    return cases


OUTPUT_DELTA = Spec(
    "output_delta", output_delta_cases,
    mistakes=(
        KnownMistake("the sign is flipped: BP1 for the cost 1/2 (A - Y)^2 starts from A_L - Y, not Y - A_L",
                     lambda A, Z, Y: (Y - A) * sigmoid_prime(Z)),
        KnownMistake("the derivative is taken at the activation: use sigmoid_prime(Z_L), "
                     "not sigmoid_prime(A_L)",
                     lambda A, Z, Y: (A - Y) * sigmoid_prime(A)),
        KnownMistake("the factor sigmoid'(Z_L) is missing (A_L - Y is the output error of the "
                     "cross-entropy cost, not of the MSE)",
                     lambda A, Z, Y: A - Y),
        KnownMistake("BP1 is per sample: do not divide by the batch size (backward averages later)",
                     lambda A, Z, Y: (A - Y) * sigmoid_prime(Z) / len(Y)),
        KnownMistake("a factor 2: the course's cost has a 1/2, so its derivative is A_L - Y, not 2 (A_L - Y)",
                     lambda A, Z, Y: 2 * (A - Y) * sigmoid_prime(Z)),
    ),
)


# ------------------------------------------------------------------------- hidden_delta
def hidden_delta_cases():
    rng = np.random.default_rng(SEED + 1)
    cases = []
    for label, n, n_here, n_next, spread in [
            ("5 samples, 3 neurons feeding 2", 5, 3, 2, 2.0),
            ("4 samples, 1 neuron feeding 3", 4, 1, 3, 2.0),
            ("a single sample, 4 neurons feeding 2 (batch of 1)", 1, 4, 2, 2.0),
            ("a square layer: 3 neurons feeding 3", 6, 3, 3, 2.0),
            ("saturated neurons, |z| up to 40", 3, 5, 2, 40.0)]:
        delta_next = rng.normal(scale=0.1, size=(n, n_next))
        W_next = rng.uniform(-1, 1, size=(n_here, n_next))
        Z = rng.uniform(-spread, spread, size=(n, n_here))
        cases.append(Case(label, (delta_next, W_next, Z)))
    return cases


HIDDEN_DELTA = Spec(
    "hidden_delta", hidden_delta_cases,
    mistakes=(
        KnownMistake("the transpose is missing: with W_next of shape (n_l, n_next), the error goes "
                     "back through delta_next @ W_next.T",
                     lambda d, W, Z: (d @ W) * sigmoid_prime(Z)),
        KnownMistake("the factor sigmoid_prime(Z) is missing",
                     lambda d, W, Z: d @ W.T),
        KnownMistake("multiplied by sigmoid(Z) instead of its derivative sigmoid_prime(Z)",
                     lambda d, W, Z: (d @ W.T) * sigmoid(Z)),
        KnownMistake("the derivative is taken at the activation: sigmoid_prime(sigmoid(Z)) instead of "
                     "sigmoid_prime(Z)",
                     lambda d, W, Z: (d @ W.T) * sigmoid_prime(sigmoid(Z))),
        KnownMistake("the sign is flipped", lambda d, W, Z: -(d @ W.T) * sigmoid_prime(Z)),
    ),
)


# ----------------------------------------------------------------------------- backward
def backward_cases():
    rng = np.random.default_rng(SEED + 2)
    cases = []
    for label, sizes, n, scale in [("a 3-4-2 network, 6 samples", [3, 4, 2], 6, 1.0),
                                   ("a 2-5-3-1 network, 8 samples", [2, 5, 3, 1], 8, 1.0),
                                   ("a single layer 4-1 (no hidden layer), 5 samples", [4, 1], 5, 1.0),
                                   ("a 2-3-2 network, a single sample (batch of 1)", [2, 3, 2], 1, 1.0),
                                   ("a 3-2-4-2 network with large weights (saturated)", [3, 2, 4, 2], 7, 6.0),
                                   ("a 5-1-3 network, 4 samples", [5, 1, 3], 4, 1.0)]:
        params, _, Y, cache = _network(rng, sizes, n, scale)
        cases.append(Case(label, (Y, params, cache)))
    return cases


def _backward_variant(Y, params, cache, sign=1.0, prime_at_A=False, total=False, transpose_dW=False):
    """The backward pass with one switchable mistake, to recognize common errors."""
    A, Z = cache["A"], cache["Z"]
    n = 1 if total else len(Y)

    def prime(layer):  # σ' of layer `layer` (0-based), at Z or, wrongly, at A
        return sigmoid_prime(A[layer + 1]) if prime_at_A else sigmoid_prime(Z[layer])

    delta = sign * (A[-1] - Y) * prime(len(params) - 1)
    grads = []
    for layer in reversed(range(len(params))):
        dW = (delta.T @ A[layer]) if transpose_dW else (A[layer].T @ delta)
        grads.insert(0, (dW / n, delta.sum(axis=0) / n))
        if layer > 0:
            delta = (delta @ params[layer][0].T) * prime(layer - 1)
    return grads


BACKWARD = Spec(
    "backward", backward_cases, uses=("output_delta", "hidden_delta"),
    mistakes=(
        KnownMistake("a sum over the batch instead of the mean: divide by N = len(Y)",
                     lambda Y, p, c: _backward_variant(Y, p, c, total=True)),
        KnownMistake("the sign is flipped: BP1 starts from A_L - Y",
                     lambda Y, p, c: _backward_variant(Y, p, c, sign=-1.0)),
        KnownMistake("sigma' is taken at the activations A instead of the weighted inputs Z",
                     lambda Y, p, c: _backward_variant(Y, p, c, prime_at_A=True)),
        KnownMistake("dW is transposed: it is A_prev.T @ delta, shape (n_in, n_out) like W",
                     lambda Y, p, c: _backward_variant(Y, p, c, transpose_dW=True)),
        KnownMistake("the gradients are in reverse order: grads[0] belongs to the first layer",
                     lambda Y, p, c: _backward_variant(Y, p, c)[::-1]),
    ),
)


# ------------------------------------------------------------------------------ gd_step
def gd_step_cases():
    rng = np.random.default_rng(SEED + 3)
    cases = []
    for label, sizes, lr in [("a 3-4-2 network, lr=0.1", [3, 4, 2], 0.1),
                             ("a 2-5-3-1 network, lr=2.5", [2, 5, 3, 1], 2.5),
                             ("a single layer 4-1, lr=0.5", [4, 1], 0.5),
                             ("a 2-3-2 network, lr=0 (nothing moves)", [2, 3, 2], 0.0)]:
        params = init_params(sizes, rng)
        grads = [(rng.normal(size=W.shape), rng.normal(size=b.shape)) for W, b in params]
        cases.append(Case(label, (params, grads, lr)))
    return cases


GD_STEP = Spec(
    "gd_step", gd_step_cases,
    mistakes=(
        KnownMistake("the gradient is added: gradient descent subtracts, w - lr * dC/dw",
                     lambda p, g, lr: [(W + lr * dW, b + lr * db) for (W, b), (dW, db) in zip(p, g)]),
        KnownMistake("the biases are not updated",
                     lambda p, g, lr: [(W - lr * dW, b) for (W, b), (dW, db) in zip(p, g)]),
        KnownMistake("the step -lr * grad is returned instead of the new parameters",
                     lambda p, g, lr: [(-lr * dW, -lr * db) for dW, db in g]),
    ),
)


# ----------------------------------------------------------------------------- train_gd
def train_gd_cases():
    rng = np.random.default_rng(SEED + 4)
    xor_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    xor_Y = np.array([[0.0], [1.0], [1.0], [0.0]])
    cases = [Case("XOR with a 2-2-1 network, lr=2, 20 epochs",
                  (xor_X, xor_Y, init_params([2, 2, 1], rng), 2.0, 20))]
    for label, sizes, n, lr, epochs in [("a 3-4-2 network, 10 samples, lr=0.5, 25 epochs",
                                         [3, 4, 2], 10, 0.5, 25),
                                        ("a 2-5-3-1 network, 8 samples, lr=1, 50 epochs",
                                         [2, 5, 3, 1], 8, 1.0, 50),
                                        ("a single layer 4-1, lr=0.3, 6 epochs", [4, 1], 5, 0.3, 6),
                                        ("a 2-3-1 network, a single sample (batch of 1), lr=1.5, 8 epochs",
                                         [2, 3, 1], 1, 1.5, 8),
                                        ("a 3-2-2 network, epochs=1", [3, 2, 2], 6, 0.7, 1)]:
        params, X, Y, _ = _network(rng, sizes, n)
        cases.append(Case(label, (X, Y, params, lr, epochs)))
    return cases


def _train_variant(X, Y, params, lr, epochs, cost_after=False, frozen=False, sign=1.0):
    """Full-batch gradient descent with one switchable mistake."""
    current, costs = params, []
    for _ in range(epochs):
        Y_hat, cache = forward(X, current)
        new = gd_step(current, backward(Y, current, cache), sign * lr)
        costs.append(mse_cost(forward(X, new)[0], Y) if cost_after else mse_cost(Y_hat, Y))
        if not frozen:  # the mistake: the updated parameters are never used
            current = new
    return (new if frozen else current), costs


TRAIN_GD = Spec(
    "train_gd", train_gd_cases, outputs=("params", "costs"), uses=("backward", "gd_step"),
    mistakes=(
        KnownMistake("costs[e] must be the cost BEFORE update e (costs[0] is the cost of the initial params)",
                     lambda X, Y, p, lr, epochs: _train_variant(X, Y, p, lr, epochs, cost_after=True)),
        KnownMistake("the updated parameters are never used: every epoch starts again from the "
                     "initial params (write params = gd_step(params, grads, lr))",
                     lambda X, Y, p, lr, epochs: _train_variant(X, Y, p, lr, epochs, frozen=True)),
        KnownMistake("the parameters climb the gradient: gradient descent subtracts lr * grad",
                     lambda X, Y, p, lr, epochs: _train_variant(X, Y, p, lr, epochs, sign=-1.0)),
    ),
)


# ------------------------------------------------------------------ softmax_cross_entropy
def _one_hot(labels, k):
    return np.eye(k)[labels]


def softmax_ce_cases():
    rng = np.random.default_rng(SEED + 5)
    cases = []
    for label, n, k, spread in [("6 samples, 3 classes", 6, 3, 2.0),
                                ("5 samples, 4 classes", 5, 4, 3.0),
                                ("two classes, 7 samples", 7, 2, 2.0),
                                ("a single sample with 5 classes (batch of 1)", 1, 5, 2.0)]:
        Z = rng.normal(scale=spread, size=(n, k))
        cases.append(Case(label, (Z, _one_hot(rng.integers(0, k, n), k))))
    Z = rng.normal(size=(4, 3))
    soft = rng.uniform(0.1, 1.0, size=(4, 3))
    cases.append(Case("soft targets: rows of Y are non-negative and sum to 1, not one-hot",
                      (Z, soft / soft.sum(axis=1, keepdims=True))))
    cases.append(Case("ties: every entry of a row equal (softmax 1/3 each), rows of 0s and of 5s",
                      (np.array([[0.0, 0.0, 0.0], [5.0, 5.0, 5.0]]), _one_hot(np.array([0, 2]), 3))))
    cases.append(Case("entries up to 1e4 in size, the right class wins by far (cost near 0)",
                      (np.array([[1e4, 0.0, -1e4], [-50.0, 800.0, 20.0], [-1e4, -1e4, -9e3]]),
                       _one_hot(np.array([0, 1, 2]), 3))))
    cases.append(Case("entries up to 1e4 in size, the right class loses by far (cost near 1e4)",
                      (np.array([[1e4, 0.0, -1e4], [3.0, -900.0, 1.0]]), _one_hot(np.array([2, 1]), 3))))
    return cases


def _log_softmax(Z, axis=1):
    shifted = Z - np.max(Z, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


SOFTMAX_CE = Spec(
    "softmax_cross_entropy", softmax_ce_cases, outputs=("cost", "dZ"), warnings_fail=True,
    mistakes=(
        KnownMistake("dZ is not divided by the number of samples: the cost is a mean over the batch, "
                     "so dZ = (softmax(Z) - Y) / N",
                     lambda Z, Y: (-np.sum(Y * _log_softmax(Z)) / len(Y), softmax(Z) - Y)),
        KnownMistake("the cost is summed over the batch instead of averaged",
                     lambda Z, Y: (-np.sum(Y * _log_softmax(Z)), (softmax(Z) - Y) / len(Y))),
        KnownMistake("the sign is flipped: the cost is MINUS the log-likelihood, and dZ = "
                     "(softmax(Z) - Y) / N, not (Y - softmax(Z)) / N",
                     lambda Z, Y: (np.sum(Y * _log_softmax(Z)) / len(Y), (Y - softmax(Z)) / len(Y))),
        KnownMistake("the softmax is taken over the samples (axis=0) instead of over each row's classes",
                     lambda Z, Y: (-np.sum(Y * _log_softmax(Z, axis=0)) / len(Y),
                                   (np.exp(_log_softmax(Z, axis=0)) - Y) / len(Y))),
        KnownMistake("the cost is divided by the number of entries N * K: average over the samples "
                     "only, summing over the classes",
                     lambda Z, Y: (-np.mean(Y * _log_softmax(Z)), (softmax(Z) - Y) / len(Y))),
        KnownMistake("ln(P + eps) or a clipped P caps the cost of a confidently wrong row at about 27.6: "
                     "compute ln softmax(Z) = Z - max - ln(sum(exp(Z - max))) (log-sum-exp)",
                     lambda Z, Y: (-np.sum(Y * np.log(np.clip(softmax(Z), 1e-12, 1.0))) / len(Y),
                                   (softmax(Z) - Y) / len(Y))),
    ),
)

SPECS = [OUTPUT_DELTA, HIDDEN_DELTA, BACKWARD, GD_STEP, TRAIN_GD, SOFTMAX_CE]
