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

from ...judge.spec import Case, Spec
from ..shared import gradients_like, one_hot, random_params
from ..sigmoid_networks.reference import forward, sigmoid

SEED = 2404


def _network(rng, sizes, n, scale=1.0):
    """params, X, Y and the reference cache of a random network with the given layer sizes."""
    params = random_params(rng, sizes, scale)
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
        params = random_params(rng, sizes)
        cases.append(Case(label, (params, gradients_like(rng, params), lr)))
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
            (xor_X, xor_Y, random_params(rng, [2, 2, 1]), 2.0, 20),
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
        cases.append(Case(label, (Z, one_hot(rng.integers(0, k, n), k))))
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
            (np.array([[0.0, 0.0, 0.0], [5.0, 5.0, 5.0]]), one_hot(np.array([0, 2]), 3)),
        )
    )
    cases.append(
        Case(
            "entries up to 1e4 in size, the right class wins by far (cost near 0)",
            (
                np.array([[1e4, 0.0, -1e4], [-50.0, 800.0, 20.0], [-1e4, -1e4, -9e3]]),
                one_hot(np.array([0, 1, 2]), 3),
            ),
        )
    )
    cases.append(
        Case(
            "entries up to 1e4 in size, the right class loses by far (cost near 1e4)",
            (np.array([[1e4, 0.0, -1e4], [3.0, -900.0, 1.0]]), one_hot(np.array([2, 1]), 3)),
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
