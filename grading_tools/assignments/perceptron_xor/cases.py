"""Hidden cases for 01_perceptron_xor.

Perceptron training decides on ties (w.x + b == 0), so the training cases use small integer
inputs and power-of-two learning rates: every sum is exact in floating point and any correct
implementation, whatever the order of its additions, follows the reference step for step.
"""

import numpy as np

from ...judge.spec import Case, Spec

SEED = 2401
BINARY = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
TRUTH = {"AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1], "NAND": [1, 1, 1, 0], "NOR": [1, 0, 0, 0]}


def _heaviside(z):
    return np.where(np.asarray(z) >= 0, 1.0, 0.0)


# ------------------------------------------------------------------------------- step
def step_cases():
    rng = np.random.default_rng(SEED)
    return [
        Case("1-D values of both signs", (rng.normal(size=9),)),
        Case("a 2-D matrix (4 x 5)", (rng.normal(size=(4, 5)),)),
        Case("exact zeros, -0.0 and tiny values", (np.array([0.0, -0.0, 1e-300, -1e-300, 0.0]),)),
        Case("large |z|", (np.array([-1e300, 1e300, -1e4, 1e4, -7.5]),)),
        Case("a single value (batch of 1)", (np.array([-0.25]),)),
        Case("integer input", (np.array([-3, 0, 2, 0]),)),
    ]


STEP = Spec("step", step_cases)


# ------------------------------------------------------------------ perceptron_predict
def predict_cases():
    rng = np.random.default_rng(SEED + 1)
    grid = rng.integers(-2, 3, size=(8, 2)).astype(float)
    return [
        Case("integer points, some exactly on the line (ties)", (grid, np.array([1.0, -1.0]), 0.0)),
        Case("3 features, random weights", (rng.normal(size=(7, 3)), rng.normal(size=3), 0.3)),
        Case("a single sample (batch of 1)", (rng.normal(size=(1, 4)), rng.normal(size=4), -0.2)),
        Case("the four binary inputs, a tie at (1, 1)", (BINARY, np.array([1.0, 1.0]), -2.0)),
        # a bias that decides: added, subtracted and left out give three different answers
        Case("the NAND gate's w = (-1, -1), b = 1.5", (BINARY, np.array([-1.0, -1.0]), 1.5)),
    ]


PREDICT = Spec(
    "perceptron_predict",
    predict_cases,
    uses=("step",),
)


# ------------------------------------------------------------------------ gate_weights
def gate_cases():
    return [Case(f"the {gate} gate", (gate,)) for gate in ("NOR", "NAND", "OR", "AND")]


def judge_gate(got, expected, case):
    """None if the perceptron with (w, b) reproduces the gate's truth table (any such pair is
    right), else what it computes instead."""
    gate = case.args[0]
    try:
        w, b = got
        w = np.asarray(w, dtype=float)
        b = float(np.asarray(b, dtype=float).reshape(()))
    except (TypeError, ValueError):
        return (
            f"gate_weights({gate!r}) should return a pair (w, b) with w of shape (2,) "
            f"and b a number; got {got!r}"
        )
    if w.shape != (2,) or not np.all(np.isfinite(w)) or not np.isfinite(b):
        return (
            f"gate_weights({gate!r}): w should be 2 finite numbers, shape (2,); got shape {w.shape}"
        )
    outputs = _heaviside(BINARY @ w + b).astype(int).tolist()
    if outputs == TRUTH[gate]:
        return None
    message = (
        f"gate_weights({gate!r}) = (w={w.tolist()}, b={b:g}) gives the outputs {outputs} "
        f"on the inputs (0,0), (0,1), (1,0), (1,1); {gate} must give {TRUTH[gate]}."
    )
    other = [name for name, table in TRUTH.items() if table == outputs]
    if other:
        message += f"\n  likely cause: these are the weights of {other[0]}."
    return message


GATES = Spec("gate_weights", gate_cases, judge=judge_gate)


# -------------------------------------------------------------------- perceptron_train
def _separable(rng, n, d):
    """Integer points labelled by an integer hyperplane: linearly separable by construction."""
    X = rng.integers(-3, 4, size=(n, d)).astype(float)
    w_true, b_true = rng.integers(-2, 3, size=d).astype(float), float(rng.integers(-2, 3))
    if not w_true.any():
        w_true[0] = 1.0
    return X, _heaviside(X @ w_true + b_true)


def train_cases():
    rng = np.random.default_rng(SEED + 2)
    order = rng.permutation(4)
    X3, y3 = _separable(rng, 12, 3)
    X4, y4 = _separable(rng, 25, 4)
    return [
        Case(
            "NAND, rows shuffled, lr=0.5",
            (BINARY[order], np.array(TRUTH["NAND"], float)[order]),
            {"lr": 0.5},
        ),
        Case("OR, lr=0.25", (BINARY, np.array(TRUTH["OR"], float)), {"lr": 0.25}),
        Case("12 separable points in 3-D", (X3, y3)),
        Case("25 separable points in 4-D, lr=0.5", (X4, y4), {"lr": 0.5, "max_epochs": 60}),
        Case(
            "XOR is not separable: max_epochs=6 must stop it",
            (BINARY, np.array([0.0, 1, 1, 0])),
            {"max_epochs": 6},
        ),
        Case("max_epochs=1", (X3, y3), {"max_epochs": 1}),
        Case(
            "a single sample labelled 0 (batch of 1)",
            (np.array([[2.0, -1.0, 1.0]]), np.array([0.0])),
        ),
    ]


TRAIN = Spec(
    "perceptron_train",
    train_cases,
    outputs=("w", "b", "errors"),
    uses=("step",),
)


# ------------------------------------------------------------------------- xor_network
def xor_cases():
    rng = np.random.default_rng(SEED + 3)
    return [
        Case("the four inputs, shuffled", (BINARY[rng.permutation(4)],)),
        Case("ten rows with repeats", (BINARY[rng.integers(0, 4, size=10)],)),
        Case("a single row (batch of 1)", (np.array([[1.0, 0.0]]),)),
        Case("integer input", (np.array([[1, 1], [0, 1], [0, 0]]),)),
    ]


XOR = Spec(
    "xor_network",
    xor_cases,
    uses=("perceptron_predict", "gate_weights"),
)

SPECS = [STEP, PREDICT, GATES, TRAIN, XOR]
