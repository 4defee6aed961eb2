"""Hidden cases for 05_termination.

train_with_stopping decides by comparisons (cost < cost_tol, norm < grad_tol, a validation cost
below its best), so every case keeps each decision far from a tie: tolerances sit halfway
(geometrically) between two values the training really visits, and every validation cost differs
from the best before it by far more than rounding. Two edge cases use exact ties on purpose, where
any correct implementation computes the same number bit for bit: a cost and a gradient that are
exactly 0 (targets equal to the network's own outputs) against tolerances of 0, and a learning
rate of 0, with which the validation cost repeats exactly.

l2_penalty and weight_decay_step meet non-square layers, a single layer, λ = 0 and biases far from
0 (so that penalising or decaying them shows), and learning rates and λ large enough that a
decay applied after the gradient step, (W - lr dW)(1 - lr λ), differs visibly.
"""

import math

import numpy as np

from ...judge.spec import Case, Spec
from ..backprop.reference import backward, gd_step
from ..shared import gradients_like, random_params
from ..sigmoid_networks.reference import forward, mse_cost

SEED = 2405


# ------------------------------------------------------------------- iterations_per_epoch
def iterations_cases():
    return [
        Case("an exact multiple: 1200 samples, batches of 100", (1200, 100)),
        Case("a remainder: 999 samples, batches of 100", (999, 100)),
        Case(
            "a remainder: 1001 samples, batches of 100 (the last batch has 1 sample)", (1001, 100)
        ),
        Case("batches of 1 (online learning)", (37, 1)),
        Case("a batch larger than the data set", (50, 64)),
        Case("a batch exactly the data set (full batch)", (64, 64)),
        Case("60000 samples, batches of 128", (60000, 128)),
        Case("a single sample", (1, 1)),
        Case("7 samples, batches of 2", (7, 2)),
    ]


ITERATIONS = Spec("iterations_per_epoch", iterations_cases)


# ------------------------------------------------------------------------ k_fold_indices
def kfold_cases():
    def case(label, n, k, seed):
        return Case(label, (n, k, np.random.default_rng(SEED + seed)))

    return [
        case("10 samples, k=5 (divisible)", 10, 5, 1),
        case("11 samples, k=3 (not divisible: folds of 4, 4, 3)", 11, 3, 2),
        case("23 samples, k=4 (not divisible)", 23, 4, 3),
        case("leave-one-out: 7 samples, k=7", 7, 7, 4),
        case("k=2: 9 samples", 9, 2, 5),
        case("2 samples, k=2", 2, 2, 6),
        case("40 samples, k=6", 40, 6, 7),
    ]


KFOLD = Spec("k_fold_indices", kfold_cases)


# ------------------------------------------------------------------- train_with_stopping
def _problem(rng, n, sizes, n_val=0):
    """Random inputs, targets in (0.1, 0.9) and random parameters."""
    X = rng.normal(size=(n, sizes[0]))
    Y = rng.uniform(0.1, 0.9, size=(n, sizes[-1]))
    params = random_params(rng, sizes)
    if not n_val:
        return X, Y, params
    X_val = rng.normal(size=(n_val, sizes[0]))
    return X, Y, params, X_val, rng.uniform(0.1, 0.9, size=(n_val, sizes[-1]))


def _trajectory(X, Y, params, lr, epochs):
    """Training costs and gradient norms of plain gradient descent, epoch by epoch."""
    costs, norms = [], []
    for _ in range(epochs):
        Y_hat, cache = forward(X, params)
        grads = backward(Y, params, cache)
        costs.append(mse_cost(Y_hat, Y))
        norms.append(math.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in grads)))
        params = gd_step(params, grads, lr)
    return np.array(costs), np.array(norms)


def _between(values, epoch):
    """A tolerance first met at `epoch`: halfway (geometrically) between the smallest value before
    it and the value at it, so that no rounding can move the stopping epoch."""
    above, below = values[:epoch].min(), values[epoch]
    assert below < above * (1 - 1e-6), "no clear crossing at this epoch"
    return float(math.sqrt(above * below))


def train_cases():
    rng = np.random.default_rng(SEED + 10)
    cases = []

    X, Y, P = _problem(rng, 9, [3, 4, 2])
    cases.append(
        Case(
            "no tolerances, no validation data: all max_epochs epochs (3-4-2 network)",
            (X, Y, P, 0.8, 30),
        )
    )

    X, Y, P = _problem(rng, 14, [2, 5, 1])
    costs, _ = _trajectory(X, Y, P, 2.0, 60)
    cases.append(
        Case(
            "cost_tol is met at epoch 40 (2-5-1 network)",
            (X, Y, P, 2.0, 200),
            {"cost_tol": _between(costs, 40)},
        )
    )

    X, Y, P = _problem(rng, 11, [3, 4, 3, 2])
    _, norms = _trajectory(X, Y, P, 1.5, 60)
    cases.append(
        Case(
            "grad_tol is met at epoch 25 (3-4-3-2 network; the norm includes the biases)",
            (X, Y, P, 1.5, 200),
            {"grad_tol": _between(norms, 25), "cost_tol": 1e-6},
        )
    )

    # The seeds of the two early-stopping problems were chosen for the shape of their validation
    # curves: a smooth one that falls for 25 epochs and then rises, and a zig-zag one (lr=10)
    # whose bad epochs are followed by new bests, so the count of epochs without improvement must
    # restart at every new best.
    X, Y, P, X_val, Y_val = _problem(np.random.default_rng(34), 7, [2, 6, 1], 8)
    cases.append(
        Case(
            "early stopping: the validation cost falls, then rises (2-6-1 network, patience=4)",
            (X, Y, P, 2.0, 200),
            {"X_val": X_val, "Y_val": Y_val, "patience": 4},
        )
    )
    cases.append(
        Case(
            "validation data but patience=None: never stops early, returns the last "
            "parameters (the validation cost rises after epoch 25)",
            (X, Y, P, 2.0, 40),
            {"X_val": X_val, "Y_val": Y_val},
        )
    )
    X, Y, P, X_val, Y_val = _problem(np.random.default_rng(74), 7, [2, 6, 1], 8)
    cases.append(
        Case(
            "early stopping on a zig-zag validation curve (lr=10, patience=4): each new "
            "best restarts the count",
            (X, Y, P, 10.0, 200),
            {"X_val": X_val, "Y_val": Y_val, "patience": 4},
        )
    )

    X, Y, P, X_val, Y_val = _problem(rng, 8, [2, 3, 2], 5)
    cases.append(
        Case(
            "both tolerances met before the first update, with validation data: "
            "the cost rule is checked first, nothing is updated or validated",
            (X, Y, P, 1.0, 20),
            {"cost_tol": 10.0, "grad_tol": 10.0, "X_val": X_val, "Y_val": Y_val, "patience": 3},
        )
    )

    X, Y, P = _problem(rng, 7, [3, 4, 1])
    saturated = [(20 * W, 20 * b) for W, b in P]
    cases.append(
        Case(
            "a saturated network (weights x20): grad_tol is met at once, cost_tol is not",
            (X, Y, saturated, 1.0, 50),
            {"cost_tol": 1e-3, "grad_tol": 1e-4},
        )
    )

    X, _, P = _problem(rng, 5, [2, 3, 2])
    Y = forward(X, P)[0]
    cases.append(
        Case(
            "the targets are the network's own outputs: cost and gradients exactly 0, "
            "but tolerances of 0 are never met (strictly below)",
            (X, Y, P, 1.0, 4),
            {"cost_tol": 0.0, "grad_tol": 0.0},
        )
    )

    X, Y, P, X_val, Y_val = _problem(rng, 6, [2, 4, 1], 4)
    cases.append(
        Case(
            "lr=0: the validation cost repeats exactly, and a tie is no improvement (patience=3)",
            (X, Y, P, 0.0, 30),
            {"X_val": X_val, "Y_val": Y_val, "patience": 3},
        )
    )

    X, Y, P, X_val, Y_val = _problem(rng, 1, [2, 3, 1], 3)
    costs, _ = _trajectory(X, Y, P, 1.0, 40)
    cases.append(
        Case(
            "a single training sample (batch of 1), validation data, cost_tol met at epoch 12",
            (X, Y, P, 1.0, 200),
            {"cost_tol": _between(costs, 12), "X_val": X_val, "Y_val": Y_val, "patience": 50},
        )
    )

    X, Y, P, X_val, Y_val = _problem(rng, 4, [4, 2, 3], 2)
    cases.append(
        Case(
            "max_epochs=1 with validation data",
            (X, Y, P, 0.5, 1),
            {"X_val": X_val, "Y_val": Y_val, "patience": 2},
        )
    )
    return cases


TRAIN = Spec(
    "train_with_stopping",
    train_cases,
    outputs=("params", "history", "reason"),
    first=("reason", "history"),  # why and when it stopped explain the parameters
    extra_keys_fail=True,  # no validation costs recorded without validation data
)


# ------------------------------------------------------------------ weight decay
def _weights(rng, sizes, bias_scale=3.0):
    """Random parameters with biases stretched far from 0."""
    return [(W, bias_scale * b) for W, b in random_params(rng, sizes)]


def l2_cases():
    rng = np.random.default_rng(SEED + 20)
    return [
        Case("a 3-4-2 network, lam=0.1", (_weights(rng, [3, 4, 2]), 0.1)),
        Case("a 2-5-3-1 network, lam=0.01", (_weights(rng, [2, 5, 3, 1]), 0.01)),
        Case("a single layer 4-1, lam=2.5", (_weights(rng, [4, 1]), 2.5)),
        Case(
            "a 2-3-2 network with large weights (x5), lam=0.3",
            ([(5 * W, b) for W, b in _weights(rng, [2, 3, 2])], 0.3),
        ),
        Case("lam=0: no penalty", (_weights(rng, [3, 2, 1]), 0.0)),
    ]


L2 = Spec("l2_penalty", l2_cases)


def wd_cases():
    rng = np.random.default_rng(SEED + 21)
    cases = []
    for label, sizes, lr, lam in [
        ("a 3-4-2 network, lr=0.4, lam=0.1", [3, 4, 2], 0.4, 0.1),
        ("a 2-5-3-1 network, lr=2, lam=0.05", [2, 5, 3, 1], 2.0, 0.05),
        ("a single layer 4-1, lr=0.3, lam=1", [4, 1], 0.3, 1.0),
        ("lam=0: plain gradient descent (a 2-3-2 network, lr=0.7)", [2, 3, 2], 0.7, 0.0),
        ("lr=0: nothing moves (a 3-2-1 network, lam=0.5)", [3, 2, 1], 0.0, 0.5),
    ]:
        params = _weights(rng, sizes)
        cases.append(Case(label, (params, gradients_like(rng, params), lr, lam)))
    return cases


WEIGHT_DECAY = Spec("weight_decay_step", wd_cases)

SPECS = [ITERATIONS, KFOLD, TRAIN, L2, WEIGHT_DECAY]
