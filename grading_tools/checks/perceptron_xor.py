"""Hidden cases for 01_perceptron_xor.

Perceptron training decides on ties (w.x + b == 0), so the training cases use small integer
inputs and power-of-two learning rates: every sum is exact in floating point and any correct
implementation, whatever the order of its additions, follows the reference step for step.
"""

import numpy as np

from ..mistakes import Mistake
from ..reference import perceptron_xor as ref
from .core import Case, Spec

SEED = 2401
BINARY = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
TRUTH = {"AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1], "NAND": [1, 1, 1, 0], "NOR": [1, 0, 0, 0]}

# The mistakes students make, as patches of the reference (grading_tools.mistakes).
STEP_RETURNS = "np.where(np.asarray(z) >= 0, 1.0, 0.0)"
UPDATES = ("lr * (target - y_hat) * x", "b + lr * (target - y_hat)")
SAMPLE_LOOP = """        for x, target in zip(X, y):
            y_hat = step(x @ w + b)
            w = w + lr * (target - y_hat) * x    # w += lr (y - y_hat) x
            b = b + lr * (target - y_hat)        # b += lr (y - y_hat)
            mistakes += int(y_hat != target)
"""
XOR_OUTPUT = 'return perceptron_predict(hidden, *gate_weights("NOR"))'
MISTAKES = (
    Mistake(
        ref.step,
        "np.asarray(z) >= 0",
        "np.asarray(z) > 0",
        "a tie z == 0 gives 0 (> instead of >=)",
        says="step(0) must be 1: the tie z == 0 fires (use >=, not >)",
    ),
    Mistake(
        ref.step,
        STEP_RETURNS,
        "np.sign(z)",
        "np.sign: -1 for negative z",
        says="np.sign gives -1 for negative z; the step gives 0",
    ),
    Mistake(
        ref.step,
        STEP_RETURNS,
        "np.heaviside(z, 0.0)",
        "np.heaviside with 0 at the tie",
        hint="step(0) must be 1",
    ),
    Mistake(ref.step, STEP_RETURNS, "1.0 if z >= 0 else 0.0", "Python if/else: fails on arrays"),
    Mistake(
        ref.step,
        STEP_RETURNS,
        "np.array([0.0, 0.0, 1.0, 1.0, 1.0])",
        "hard-codes the visible example",
    ),
    Mistake(
        ref.step,
        f"return {STEP_RETURNS}",
        "z[...] = np.where(z >= 0, 1.0, 0.0)\n    return z",
        "overwrites z in place",
    ),
    Mistake(
        ref.step,
        STEP_RETURNS,
        "np.array([1.0 if v >= 0 else 0.0 for v in np.ravel(z)])",
        "flattens its input",
    ),
    Mistake(
        ref.perceptron_predict,
        "X @ w + b",
        "X @ w - b",
        "subtracts the bias",
        says="the bias is subtracted: the perceptron computes X @ w + b",
    ),
    Mistake(
        ref.perceptron_predict,
        "step(X @ w + b)",
        "np.where(X @ w + b > 0, 1.0, 0.0)",
        "strict inequality at the boundary",
        says="points on the line (X @ w + b == 0) must be classified 1 (use >=)",
    ),
    Mistake(ref.perceptron_predict, "X @ w + b)", "w @ X + b)", "w @ X: rows and columns confused"),
    Mistake(
        ref.perceptron_predict, "X @ w + b)", "np.sum(X * w) + b)", "sums over the whole batch"
    ),
    Mistake(
        ref.perceptron_predict,
        "X @ w + b)",
        "X[:, 0] * w[0] + X[:, 1] * w[1] + b)",
        "assumes exactly two features",
    ),
    Mistake(ref.perceptron_predict, "step(X @ w + b)", "X @ w + b", "returns z, forgets the step"),
    Mistake(
        ref.perceptron_predict,
        "X @ w + b)",
        "X @ w)",
        "ignores the bias",
        says="the bias is left out: the perceptron computes step(X @ w + b)",
    ),
    Mistake(
        ref.perceptron_train,
        UPDATES,
        ("lr * (y_hat - target) * x", "b + lr * (y_hat - target)"),
        "the update has the wrong sign",
        says="the update has the wrong sign: w += lr * (y - y_hat) * x",
    ),
    Mistake(
        ref.perceptron_train,
        "lr * (target - y_hat) * x",
        "lr * (y_hat - target) * x",
        "the weight update has the wrong sign, the bias's is right",
        hint=None,
        demo=True,
    ),
    Mistake(
        ref.perceptron_train,
        "y_hat = step(x @ w + b)",
        "y_hat = 1.0 if x @ w + b > 0 else 0.0",
        "predicts with > 0 (ties go to 0)",
        says="a tie (x @ w + b == 0) must predict 1: use the step with >=",
    ),
    Mistake(
        ref.perceptron_train,
        "        if mistakes == 0:\n            break\n",
        "",
        "never stops early",
        says="training must stop after the first epoch with zero errors",
    ),
    Mistake(
        ref.perceptron_train,
        "        errors.append(mistakes)",
        "        mistakes = int(np.sum(step(X @ w + b) != y))\n        errors.append(mistakes)",
        "counts the mistakes after the epoch's updates",
        says="the mistakes are counted after the epoch's updates: count each one as it "
        "happens, before the update that corrects it",
    ),
    Mistake(
        ref.perceptron_train,
        "b = b + lr * (target - y_hat)",
        "b = b - lr * (target - y_hat)",
        "the bias moves the wrong way: b -= lr * (y - y_hat)",
        says="the bias update has the wrong sign: b += lr * (y - y_hat), the same direction as w",
    ),
    Mistake(
        ref.perceptron_train,
        "            b = b + lr * (target - y_hat)        # b += lr (y - y_hat)\n",
        "",
        "never updates the bias",
        says="the bias is never updated: b += lr * (y - y_hat), like the weights",
    ),
    Mistake(
        ref.perceptron_train,
        UPDATES,
        ("lr * target * (y_hat != target) * x", "b + lr * target * (y_hat != target)"),
        "updates by lr * y * x on a mistake, ignoring the prediction's error",
    ),
    Mistake(
        ref.perceptron_train,
        SAMPLE_LOOP,
        "        residual = y - step(X @ w + b)\n"
        "        w, b = w + lr * residual @ X, b + lr * residual.sum()\n"
        "        mistakes = int(np.sum(residual != 0))\n",
        "one batch update per epoch instead of one per sample",
    ),
    Mistake(
        ref.perceptron_train,
        "range(max_epochs)",
        "range(max_epochs - 1)",
        "runs one epoch too few",
        hint="off-by-one",
    ),
    Mistake(
        ref.perceptron_train,
        "w, b = np.zeros(X.shape[1]), 0.0",
        "w, b = X[0], 0.0\n    w *= 0",
        "w = X[0], then w *= 0: zeroes X's first row",
    ),
    Mistake(
        ref.xor_network,
        XOR_OUTPUT,
        "return np.array([0.0, 1.0, 1.0, 0.0])",
        "hard-codes the truth table",
        says="the answer ignores X: is the truth table hard-coded?",
    ),
    Mistake(
        ref.xor_network,
        XOR_OUTPUT,
        XOR_OUTPUT.replace("NOR", "OR"),
        "OR as the output gate: XNOR",
        says="this is XNOR: every output is inverted (check the output layer's gate)",
    ),
    Mistake(ref.xor_network, XOR_OUTPUT, "return hidden[:, 0]", "only the first layer (AND)"),
    Mistake(ref.xor_network, XOR_OUTPUT, "return hidden", "returns the hidden layer"),
    Mistake(
        ref.xor_network,
        "np.column_stack",
        "np.vstack",
        "the hidden layer fed to NOR as a row, not columns",
    ),
    Mistake(
        ref.xor_network,
        'gate_weights("AND")),\n        perceptron_predict(X, *gate_weights("NOR"))',
        'gate_weights("OR")),\n        perceptron_predict(X, *gate_weights("NAND"))',
        "OR and NAND, combined with NOR",
    ),
)


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
