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

from ..mistakes import Mistake
from ..reference import backprop as ref
from ..reference.sigmoid_networks import forward, init_params, sigmoid
from .core import Case, Spec

SEED = 2404


# The mistakes students make, as patches of the reference (grading_tools.mistakes).
BP2 = "(delta_next @ W_next.T)"
GRADIENTS = "(A[layer].T @ delta / n, delta.mean(axis=0))"
STEP = "(W - lr * dW, b - lr * db)"
UPDATE_ALL = f"return [{STEP} for (W, b), (dW, db) in zip(params, grads)]"
EPOCH = """        Y_hat, cache = forward(X, params)
        costs.append(mse_cost(Y_hat, Y))
        params = gd_step(params, backward(Y, params, cache), lr)"""
LOG_SOFTMAX = "log_p = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))"
MEAN_COST = "-np.sum(Y * log_p) / n"
MISTAKES = (
    Mistake(
        ref.output_delta,
        "(A_L - Y)",
        "(Y - A_L)",
        "Y - A: the sign is flipped",
        says="the sign is flipped: BP1 for the cost 1/2 (A - Y)^2 starts from A_L - Y, not Y - A_L",
    ),
    Mistake(
        ref.output_delta,
        "sigmoid_prime(Z_L)",
        "sigmoid_prime(A_L)",
        "sigma' taken at the activation A_L",
        says="the derivative is taken at the activation: use sigmoid_prime(Z_L), not "
        "sigmoid_prime(A_L)",
    ),
    Mistake(
        ref.output_delta,
        "(A_L - Y) * sigmoid_prime(Z_L)",
        "A_L - Y",
        "forgets sigma'(Z_L) (the cross-entropy delta)",
        says="the factor sigmoid'(Z_L) is missing (A_L - Y is the output error of the "
        "cross-entropy cost, not of the MSE)",
    ),
    Mistake(
        ref.output_delta,
        "sigmoid_prime(Z_L)",
        "sigmoid_prime(Z_L) / len(Y)",
        "averages over the batch",
        says="BP1 is per sample: do not divide by the batch size (backward averages later)",
    ),
    Mistake(
        ref.output_delta,
        "(A_L - Y)",
        "2 * (A_L - Y)",
        "2 (A - Y): the derivative of the cost without its 1/2",
        says="a factor 2: the course's cost has a 1/2, so its derivative is A_L - Y, not "
        "2 (A_L - Y)",
    ),
    Mistake(
        ref.output_delta,
        "sigmoid_prime(Z_L)",
        "sigmoid(Z_L)",
        "multiplies by sigmoid(Z_L) instead of its derivative",
        calls=(sigmoid,),
    ),
    Mistake(
        ref.output_delta,
        "return (A_L - Y)",
        "A_L -= Y\n    return A_L",
        "subtracts Y from A_L in place",
    ),
    Mistake(
        ref.output_delta,
        "(A_L - Y) * sigmoid_prime(Z_L)",
        "np.array([[-0.12183]])",
        "hard-codes the visible example",
    ),
    Mistake(
        ref.hidden_delta,
        "W_next.T",
        "W_next",
        "missing transpose: delta_next @ W_next",
        hint=None,
        says="the transpose is missing: with W_next of shape (n_l, n_next), the error goes "
        "back through delta_next @ W_next.T",
    ),
    Mistake(
        ref.hidden_delta,
        BP2,
        "(W_next.T @ delta_next)",
        "column-vector habit: W_next.T @ delta_next",
    ),
    Mistake(
        ref.hidden_delta,
        f"{BP2} * sigmoid_prime(Z)",
        "delta_next @ W_next.T",
        "forgets sigma'(Z)",
        says="the factor sigmoid_prime(Z) is missing",
    ),
    Mistake(
        ref.hidden_delta,
        "sigmoid_prime(Z)",
        "sigmoid_prime(sigmoid(Z))",
        "sigma' taken at the activation sigma(Z)",
        calls=(sigmoid,),
        says="the derivative is taken at the activation: sigmoid_prime(sigmoid(Z)) instead "
        "of sigmoid_prime(Z)",
    ),
    Mistake(
        ref.hidden_delta,
        "sigmoid_prime(Z)",
        "Z * (1 - Z)",
        "a(1 - a), sigma' written for the activation, applied to Z",
        says="Z * (1 - Z) is sigma' only in terms of the activation a = sigmoid(Z): at Z it is "
        "sigmoid_prime(Z) = sigmoid(Z) * (1 - sigmoid(Z))",
    ),
    Mistake(
        ref.hidden_delta,
        "sigmoid_prime(Z)",
        "sigmoid(Z)",
        "multiplies by sigmoid(Z) instead of its derivative",
        calls=(sigmoid,),
        says="multiplied by sigmoid(Z) instead of its derivative sigmoid_prime(Z)",
    ),
    Mistake(
        ref.hidden_delta,
        "return (delta_next",
        "return -(delta_next",
        "the sign is flipped",
        says="the sign is flipped",
    ),
    Mistake(
        ref.hidden_delta,
        BP2,
        "np.dot(W_next, delta_next.T)",
        "column form W_next @ delta_next.T, not transposed back",
    ),
    Mistake(
        ref.hidden_delta,
        f"return {BP2} * sigmoid_prime(Z)",
        f"Z[...] = sigmoid_prime(Z)\n    return {BP2} * Z",
        "overwrites Z with sigma'(Z) in place",
    ),
    Mistake(
        ref.backward,
        GRADIENTS,
        "(A[layer].T @ delta, delta.sum(axis=0))",
        "sums over the batch instead of averaging",
        says="a sum over the batch instead of the mean: divide by N = len(Y)",
    ),
    Mistake(
        ref.backward,
        "output_delta(A[-1], Z[-1], Y)",
        "output_delta(Y, Z[-1], A[-1])",
        "calls output_delta with A_L and Y swapped: the sign is flipped",
        says="the sign is flipped: BP1 starts from A_L - Y",
    ),
    Mistake(
        ref.backward,
        'A, Z = cache["A"], cache["Z"]',
        'A, Z = cache["A"], cache["A"][1:]',
        "sigma' at the activations: the cache's A taken for Z",
        says="sigma' is taken at the activations A instead of the weighted inputs Z",
    ),
    Mistake(
        ref.backward,
        "A[layer].T @ delta / n",
        "delta.T @ A[layer] / n",
        "dW = delta.T @ A_prev (transposed)",
        says="dW is transposed: it is A_prev.T @ delta, shape (n_in, n_out) like W",
    ),
    Mistake(
        ref.backward,
        "Z[layer - 1])",
        "Z[layer])",
        "layer index off by one: Z[layer] instead of Z[layer - 1] in BP2",
    ),
    Mistake(
        ref.backward,
        "params[layer][0], Z",
        "params[layer - 1][0].T, Z",
        "BP2 with the weights of the current layer, not the next one",
    ),
    Mistake(
        ref.backward,
        "grads.insert(0, ",
        "grads.append(",
        "the gradients listed output layer first",
        says="the gradients are in reverse order: grads[0] belongs to the first layer",
    ),
    Mistake(
        ref.backward,
        "delta.mean(axis=0)",
        "delta.mean(axis=1)",
        "db averaged over the neurons (axis=1)",
    ),
    Mistake(
        ref.gd_step,
        STEP,
        "(W + lr * dW, b + lr * db)",
        "adds the gradient (climbs the cost)",
        says="the gradient is added: gradient descent subtracts, w - lr * dC/dw",
    ),
    Mistake(
        ref.gd_step,
        UPDATE_ALL,
        "for (W, b), (dW, db) in zip(params, grads):\n"
        "        W -= lr * dW\n        b -= lr * db\n    return params",
        "updates the parameters in place (W -= lr * dW)",
    ),
    Mistake(
        ref.gd_step, "b - lr * db)", "b)", "forgets the biases", says="the biases are not updated"
    ),
    Mistake(
        ref.gd_step,
        STEP,
        "(-lr * dW, -lr * db)",
        "returns the step, not the new parameters",
        says="the step -lr * grad is returned instead of the new parameters",
    ),
    Mistake(
        ref.gd_step,
        UPDATE_ALL,
        f"(W, b), (dW, db) = params[-1], grads[-1]\n    return list(params[:-1]) + [{STEP}]",
        "updates only the last layer",
    ),
    Mistake(
        ref.gd_step,
        STEP,
        "(W - dW / max(lr, 1e-12), b - db / max(lr, 1e-12))",
        "divides by the learning rate",
    ),
    Mistake(
        ref.train_gd,
        "costs.append(mse_cost(Y_hat, Y))\n"
        "        params = gd_step(params, backward(Y, params, cache), lr)",
        "params = gd_step(params, backward(Y, params, cache), lr)\n"
        "        costs.append(mse_cost(forward(X, params)[0], Y))",
        "records the cost after each update",
        demo=True,
        says="costs[e] must be the cost BEFORE update e (costs[0] is the cost of the initial "
        "params)",
    ),
    Mistake(
        ref.train_gd,
        ("params = gd_step(", "return params,"),
        ("new_params = gd_step(", "return new_params,"),
        "never uses the updated parameters",
        says="the updated parameters are never used: every epoch starts again from the "
        "initial params (write params = gd_step(params, grads, lr))",
    ),
    Mistake(
        ref.train_gd,
        "cache), lr)",
        "cache), -lr)",
        "climbs the gradient (lr with the wrong sign)",
        says="the parameters climb the gradient: gradient descent subtracts lr * grad",
    ),
    Mistake(
        ref.train_gd, "range(epochs)", "range(epochs + 1)", "one epoch too many (range(epochs + 1))"
    ),
    Mistake(
        ref.train_gd,
        EPOCH,
        "        costs.append(mse_cost(forward(X, params)[0], Y))\n"
        "        for n in range(len(X)):\n"
        "            _, cache = forward(X[n:n + 1], params)\n"
        "            params = gd_step(params, backward(Y[n:n + 1], params, cache), lr)",
        "one sample at a time (stochastic, not full-batch)",
    ),
    Mistake(
        ref.train_gd,
        "mse_cost(Y_hat, Y)",
        "np.sum((Y_hat - Y) ** 2) / len(Y)",
        "the cost without its 1/2 (sum of squares over the batch mean)",
        hint="a ½ dropped",
    ),
    Mistake(
        ref.train_gd,
        "params = gd_step(params, backward(Y, params, cache), lr)",
        "for (W, b), (dW, db) in zip(params, backward(Y, params, cache)):\n"
        "            W -= lr * dW\n            b -= lr * db",
        "updates the caller's arrays in place",
    ),
    Mistake(
        ref.softmax_cross_entropy,
        "(softmax(Z) - Y) / n",
        "softmax(Z) - Y",
        "dZ not divided by N: softmax(Z) - Y",
        says="dZ is not divided by the number of samples: the cost is a mean over the batch, "
        "so dZ = (softmax(Z) - Y) / N",
    ),
    Mistake(
        ref.softmax_cross_entropy,
        MEAN_COST,
        "-np.sum(Y * log_p)",
        "the cost summed over the batch, not averaged",
        says="the cost is summed over the batch instead of averaged",
    ),
    Mistake(
        ref.softmax_cross_entropy,
        "Z - np.max(Z, axis=1, keepdims=True)",
        "Z",
        "no shift by the row maximum: exp overflows for large entries",
    ),
    Mistake(
        ref.softmax_cross_entropy,
        LOG_SOFTMAX,
        "log_p = np.log(softmax(Z))",
        "log of the (shifted) softmax: log(0) once a probability underflows",
    ),
    Mistake(
        ref.softmax_cross_entropy,
        LOG_SOFTMAX,
        "log_p = np.log(softmax(Z) + 1e-12)",
        "log(P + 1e-12) to avoid log(0): misses a confidently wrong row's cost",
        says="ln(P + eps) or a clipped P caps the cost of a confidently wrong row at about "
        "27.6: compute ln softmax(Z) = Z - max - ln(sum(exp(Z - max))) (log-sum-exp)",
    ),
    Mistake(
        ref.softmax_cross_entropy,
        ("np.max(Z, axis=1", "np.exp(shifted), axis=1", "(softmax(Z) - Y) / n"),
        ("np.max(Z, axis=0", "np.exp(shifted), axis=0", "(np.exp(log_p) - Y) / n"),
        "softmax over the samples (axis=0)",
        says="the softmax is taken over the samples (axis=0) instead of over each row's classes",
    ),
    Mistake(
        ref.softmax_cross_entropy,
        "(softmax(Z) - Y) / n",
        "(Y - softmax(Z)) / n",
        "the sign of dZ flipped: Y - softmax(Z)",
        hint="sign is flipped",
    ),
    Mistake(
        ref.softmax_cross_entropy,
        (MEAN_COST, "(softmax(Z) - Y) / n"),
        ("np.sum(Y * log_p) / n", "(Y - softmax(Z)) / n"),
        "the sign of the cost and of dZ flipped",
        says="the sign is flipped: the cost is MINUS the log-likelihood, and dZ = "
        "(softmax(Z) - Y) / N, not (Y - softmax(Z)) / N",
    ),
    Mistake(
        ref.softmax_cross_entropy,
        MEAN_COST,
        "-np.mean(Y * log_p)",
        "np.mean over every entry: the cost divided by N * K",
        says="the cost is divided by the number of entries N * K: average over the samples "
        "only, summing over the classes",
    ),
    Mistake(
        ref.softmax_cross_entropy,
        MEAN_COST,
        "-np.mean(log_p[np.arange(len(Z)), np.argmax(Z, axis=1)])",
        "only the predicted class's log-probability, whatever the target",
    ),
    Mistake(
        ref.softmax_cross_entropy,
        "shifted = Z - np.max(Z, axis=1, keepdims=True)",
        "Z -= np.max(Z, axis=1, keepdims=True)\n    shifted = Z",
        "shifts Z by its maximum in place",
    ),
)


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
    for label, shape, spread in [
        ("5 samples, one output", (5, 1), 2.0),
        ("4 samples, 3 outputs", (4, 3), 2.0),
        ("a single sample with 2 outputs (batch of 1)", (1, 2), 2.0),
        ("saturated outputs, |z| up to 40", (3, 4), 40.0),
    ]:
        Z = rng.uniform(-spread, spread, size=shape)
        Y = rng.uniform(0, 1, size=shape)
        cases.append(Case(label, (sigmoid(Z), Z, Y)))
    Z = np.array([[0.0, 1.5], [-2.0, 0.0]])
    cases.append(
        Case(
            "targets equal to the outputs at two entries (zero error there)",
            (sigmoid(Z), Z, np.array([[0.5, 0.0], [sigmoid(-2.0), 1.0]])),
        )
    )
    return cases


OUTPUT_DELTA = Spec("output_delta", output_delta_cases)


# ------------------------------------------------------------------------- hidden_delta
def hidden_delta_cases():
    rng = np.random.default_rng(SEED + 1)
    cases = []
    for label, n, n_here, n_next, spread in [
        ("5 samples, 3 neurons feeding 2", 5, 3, 2, 2.0),
        ("4 samples, 1 neuron feeding 3", 4, 1, 3, 2.0),
        ("a single sample, 4 neurons feeding 2 (batch of 1)", 1, 4, 2, 2.0),
        ("a square layer: 3 neurons feeding 3", 6, 3, 3, 2.0),
        ("saturated neurons, |z| up to 40", 3, 5, 2, 40.0),
    ]:
        delta_next = rng.normal(scale=0.1, size=(n, n_next))
        W_next = rng.uniform(-1, 1, size=(n_here, n_next))
        Z = rng.uniform(-spread, spread, size=(n, n_here))
        cases.append(Case(label, (delta_next, W_next, Z)))
    return cases


HIDDEN_DELTA = Spec("hidden_delta", hidden_delta_cases)


# ----------------------------------------------------------------------------- backward
def backward_cases():
    rng = np.random.default_rng(SEED + 2)
    cases = []
    for label, sizes, n, scale in [
        ("a 3-4-2 network, 6 samples", [3, 4, 2], 6, 1.0),
        ("a 2-5-3-1 network, 8 samples", [2, 5, 3, 1], 8, 1.0),
        ("a single layer 4-1 (no hidden layer), 5 samples", [4, 1], 5, 1.0),
        ("a 2-3-2 network, a single sample (batch of 1)", [2, 3, 2], 1, 1.0),
        ("a 3-2-4-2 network with large weights (saturated)", [3, 2, 4, 2], 7, 6.0),
        ("a 5-1-3 network, 4 samples", [5, 1, 3], 4, 1.0),
    ]:
        params, _, Y, cache = _network(rng, sizes, n, scale)
        cases.append(Case(label, (Y, params, cache)))
    return cases


BACKWARD = Spec(
    "backward",
    backward_cases,
    uses=("output_delta", "hidden_delta"),
)


# ------------------------------------------------------------------------------ gd_step
def gd_step_cases():
    rng = np.random.default_rng(SEED + 3)
    cases = []
    for label, sizes, lr in [
        ("a 3-4-2 network, lr=0.1", [3, 4, 2], 0.1),
        ("a 2-5-3-1 network, lr=2.5", [2, 5, 3, 1], 2.5),
        ("a single layer 4-1, lr=0.5", [4, 1], 0.5),
        ("a 2-3-2 network, lr=0 (nothing moves)", [2, 3, 2], 0.0),
    ]:
        params = init_params(sizes, rng)
        grads = [(rng.normal(size=W.shape), rng.normal(size=b.shape)) for W, b in params]
        cases.append(Case(label, (params, grads, lr)))
    return cases


GD_STEP = Spec("gd_step", gd_step_cases)


# ----------------------------------------------------------------------------- train_gd
def train_gd_cases():
    rng = np.random.default_rng(SEED + 4)
    xor_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    xor_Y = np.array([[0.0], [1.0], [1.0], [0.0]])
    cases = [
        Case(
            "XOR with a 2-2-1 network, lr=2, 20 epochs",
            (xor_X, xor_Y, init_params([2, 2, 1], rng), 2.0, 20),
        )
    ]
    for label, sizes, n, lr, epochs in [
        ("a 3-4-2 network, 10 samples, lr=0.5, 25 epochs", [3, 4, 2], 10, 0.5, 25),
        ("a 2-5-3-1 network, 8 samples, lr=1, 50 epochs", [2, 5, 3, 1], 8, 1.0, 50),
        ("a single layer 4-1, lr=0.3, 6 epochs", [4, 1], 5, 0.3, 6),
        ("a 2-3-1 network, a single sample (batch of 1), lr=1.5, 8 epochs", [2, 3, 1], 1, 1.5, 8),
        ("a 3-2-2 network, epochs=1", [3, 2, 2], 6, 0.7, 1),
    ]:
        params, X, Y, _ = _network(rng, sizes, n)
        cases.append(Case(label, (X, Y, params, lr, epochs)))
    return cases


TRAIN_GD = Spec(
    "train_gd",
    train_gd_cases,
    outputs=("params", "costs"),
    uses=("backward", "gd_step"),
)


# ------------------------------------------------------------------ softmax_cross_entropy
def _one_hot(labels, k):
    return np.eye(k)[labels]


def softmax_ce_cases():
    rng = np.random.default_rng(SEED + 5)
    cases = []
    for label, n, k, spread in [
        ("6 samples, 3 classes", 6, 3, 2.0),
        ("5 samples, 4 classes", 5, 4, 3.0),
        ("two classes, 7 samples", 7, 2, 2.0),
        ("a single sample with 5 classes (batch of 1)", 1, 5, 2.0),
    ]:
        Z = rng.normal(scale=spread, size=(n, k))
        cases.append(Case(label, (Z, _one_hot(rng.integers(0, k, n), k))))
    Z = rng.normal(size=(4, 3))
    soft = rng.uniform(0.1, 1.0, size=(4, 3))
    cases.append(
        Case(
            "soft targets: rows of Y are non-negative and sum to 1, not one-hot",
            (Z, soft / soft.sum(axis=1, keepdims=True)),
        )
    )
    cases.append(
        Case(
            "ties: every entry of a row equal (softmax 1/3 each), rows of 0s and of 5s",
            (np.array([[0.0, 0.0, 0.0], [5.0, 5.0, 5.0]]), _one_hot(np.array([0, 2]), 3)),
        )
    )
    cases.append(
        Case(
            "entries up to 1e4 in size, the right class wins by far (cost near 0)",
            (
                np.array([[1e4, 0.0, -1e4], [-50.0, 800.0, 20.0], [-1e4, -1e4, -9e3]]),
                _one_hot(np.array([0, 1, 2]), 3),
            ),
        )
    )
    cases.append(
        Case(
            "entries up to 1e4 in size, the right class loses by far (cost near 1e4)",
            (np.array([[1e4, 0.0, -1e4], [3.0, -900.0, 1.0]]), _one_hot(np.array([2, 1]), 3)),
        )
    )
    return cases


SOFTMAX_CE = Spec(
    "softmax_cross_entropy",
    softmax_ce_cases,
    outputs=("cost", "dZ"),
    warnings_fail=True,
)

SPECS = [OUTPUT_DELTA, HIDDEN_DELTA, BACKWARD, GD_STEP, TRAIN_GD, SOFTMAX_CE]
