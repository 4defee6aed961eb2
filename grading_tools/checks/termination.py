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

from course.checks import Difference, difference

from ..mistakes import Mistake
from ..reference import termination as ref
from ..reference.backprop import backward, gd_step
from ..reference.sigmoid_networks import forward, init_params, mse_cost
from .core import Case, Spec

SEED = 2405


# The mistakes students make, as patches of the reference (grading_tools.mistakes).
CEIL = "math.ceil(n_samples / batch_size)"
FOLDS = "folds = np.array_split(rng.permutation(n_samples), k)"
PAIRS = "[(np.concatenate(folds[:i] + folds[i + 1:]), folds[i]) for i in range(k)]"
TRAIN_FOLDS = "np.concatenate(folds[:i] + folds[i + 1:])"
UPDATE = "params = gd_step(params, grads, lr)"
COST_RULE = (
    "        if cost_tol is not None and cost < cost_tol:\n"
    '            return params, history, "cost_tol"\n'
)
GRAD_RULE_END = '            return params, history, "grad_tol"\n'
NEW_BEST = "best_cost, best_params, waited = val_cost, params, 0"
SQUARES = "np.sum(W ** 2)"
DECAYED = "W - lr * (dW + lam * W)"
MISTAKES = (
    Mistake(
        ref.iterations_per_epoch,
        CEIL,
        "n_samples // batch_size",
        "floor: the last, smaller batch is forgotten",
        says="the last, smaller batch is still an update: round up (ceil), not down",
    ),
    Mistake(
        ref.iterations_per_epoch,
        CEIL,
        "n_samples // batch_size + 1",
        "n // b + 1: one too many when the batches fit exactly",
        says="n // b + 1 is one too many when the batches fit exactly: use ceil(n / b)",
    ),
    Mistake(
        ref.iterations_per_epoch,
        CEIL,
        "round(n_samples / batch_size)",
        "round instead of ceil",
        says="round() rounds a small remainder down: use ceil(n / b)",
    ),
    Mistake(
        ref.iterations_per_epoch,
        CEIL,
        "n_samples / batch_size",
        "a float division, not rounded up",
        says="n / b is not a whole number of updates: round it up with ceil",
    ),
    Mistake(
        ref.iterations_per_epoch,
        CEIL,
        "int(n_samples / batch_size)",
        "int() truncates like floor",
        hint="round up (ceil), not down",
    ),
    Mistake(
        ref.iterations_per_epoch,
        CEIL,
        "(n_samples + batch_size) // batch_size",
        "(n + b) // b: off by one on exact multiples",
        hint="one too many when the batches fit exactly",
    ),
    Mistake(
        ref.iterations_per_epoch,
        CEIL,
        "math.ceil(batch_size / n_samples)",
        "batch size and sample count swapped",
    ),
    Mistake(
        ref.k_fold_indices,
        TRAIN_FOLDS,
        "np.setdiff1d(np.concatenate(folds), folds[i])",
        "sorted training indices (np.setdiff1d)",
        says="the training indices must keep the order of the permutation (do not sort them, "
        "and np.setdiff1d sorts)",
    ),
    Mistake(
        ref.k_fold_indices, "np.array_split", "np.split", "np.split: fails when k does not divide n"
    ),
    Mistake(
        ref.k_fold_indices,
        "for i in range(k)]",
        "for i in [*range(1, k), 0]]",
        "fold i+1 validates",
        says="fold i must validate (is fold i+1 validating?)",
    ),
    Mistake(
        ref.k_fold_indices,
        "rng.permutation(n_samples)",
        "np.arange(n_samples)",
        "no shuffle: folds of 0, 1, ..., n-1",
        says="the folds must come from rng.permutation(n_samples), not from 0, 1, ..., n-1",
    ),
    Mistake(
        ref.k_fold_indices,
        f"    {FOLDS}\n    return {PAIRS}",
        f"    pairs = []\n    for i in range(k):\n        {FOLDS}\n"
        "        pairs.append((np.concatenate(folds[:i] + folds[i + 1:]), folds[i]))\n"
        "    return pairs",
        "a new permutation for every fold",
    ),
    Mistake(
        ref.k_fold_indices,
        FOLDS,
        "perm = rng.permutation(n_samples)\n    folds = [perm[i::k] for i in range(k)]",
        "strided folds perm[i::k], the others' concatenation trains",
        says="fold i is the i-th chunk of np.array_split(perm, k), not every k-th element",
    ),
    Mistake(
        ref.k_fold_indices,
        f"{FOLDS}\n    return {PAIRS}",
        "perm = rng.permutation(n_samples)\n"
        "    return [(np.delete(perm, np.arange(i, n_samples, k)), perm[i::k])\n"
        "            for i in range(k)]",
        "strided folds perm[i::k]",
    ),
    Mistake(
        ref.k_fold_indices,
        f"({TRAIN_FOLDS}, folds[i])",
        f"(folds[i], {TRAIN_FOLDS})",
        "returns (val, train)",
        says="each pair is (train_idx, val_idx), in that order",
    ),
    Mistake(
        ref.k_fold_indices,
        TRAIN_FOLDS,
        "np.concatenate(folds)",
        "the training set keeps the validation fold",
    ),
    Mistake(
        ref.train_with_stopping,
        (
            "cost, grads = mse_cost(Y_hat, Y), backward(Y, params, cache)",
            f"        {UPDATE}\n        if X_val is None:",
        ),
        (
            f"grads = backward(Y, params, cache)\n        {UPDATE}\n"
            "        cost = mse_cost(forward(X, params)[0], Y)",
            "        if X_val is None:",
        ),
        "the cost is computed and checked after the update",
        says="the cost must be computed (and checked) before the update, with the parameters "
        "that produced the gradients",
    ),
    Mistake(
        ref.train_with_stopping,
        'history["train_cost"].append(cost)',
        'history["train_cost"].append(mse_cost(forward(X, gd_step(params, grads, lr))[0], Y))',
        "the cost is checked before the update but recorded after it",
        says="history['train_cost'][e] is the cost before update e, not after it",
    ),
    Mistake(
        ref.train_with_stopping,
        ("cost < cost_tol", "gradient_norm(grads) < grad_tol"),
        ("cost <= cost_tol", "gradient_norm(grads) <= grad_tol"),
        "<= instead of < for the tolerances",
        says="a tolerance is met when the value is strictly below it (<, not <=)",
    ),
    Mistake(
        ref.train_with_stopping,
        (COST_RULE, GRAD_RULE_END),
        ("", GRAD_RULE_END + COST_RULE),
        "the gradient rule is checked before the cost rule",
        says="the cost rule is checked before the gradient rule",
    ),
    Mistake(
        ref.train_with_stopping,
        "gradient_norm(grads)",
        "math.sqrt(sum(np.sum(dW ** 2) for dW, _ in grads))",
        "the gradient norm forgets the biases",
        says="the gradient norm includes the biases: sqrt of the sum of every dW**2 and db**2",
    ),
    Mistake(
        ref.train_with_stopping,
        "gradient_norm(grads)",
        "gradient_norm(grads) ** 2",
        "the squared gradient norm",
        says="the gradient norm is the square root of the sum of squares",
    ),
    Mistake(
        ref.train_with_stopping,
        (f"        {UPDATE}\n        if X_val is None:\n", "            waited += 1\n"),
        (
            "        if X_val is None:\n            " + UPDATE + "\n",
            f"            waited += 1\n        {UPDATE}\n",
        ),
        "the validation cost uses the parameters before the update",
        says="the validation cost is computed after the update, with the new parameters",
    ),
    Mistake(
        ref.train_with_stopping,
        (UPDATE, NEW_BEST),
        (
            "previous, params = params, gd_step(params, grads, lr)",
            "best_cost, best_params, waited = val_cost, previous, 0",
        ),
        "the best parameters are those before the best epoch's update",
        says="the best parameters are those after the update that gave the best validation cost",
    ),
    Mistake(
        ref.train_with_stopping,
        'return best_params, history, "early_stopping"',
        'return params, history, "early_stopping"',
        "early stopping returns the last parameters, not the best",
        says="early stopping returns the parameters of the best validation epoch, not the last",
    ),
    Mistake(
        ref.train_with_stopping,
        'return params, history, "max_epochs"',
        'return (params if X_val is None else best_params), history, "max_epochs"',
        "returns the best validation parameters even when max_epochs ends it",
        says="only early stopping restores the best parameters; when max_epochs ends the "
        "training, return the last ones",
    ),
    Mistake(
        ref.train_with_stopping,
        "waited >= patience",
        "waited > patience",
        "patience off by one (waited > patience)",
        demo=True,
        says="stop as soon as `patience` epochs in a row have not improved (waited >= "
        "patience): one epoch too many?",
    ),
    Mistake(
        ref.train_with_stopping,
        NEW_BEST,
        "best_cost, best_params = val_cost, params",
        "the wait is never reset on a new best",
        says="the count of epochs without improvement restarts at 0 on every new best",
    ),
    Mistake(
        ref.train_with_stopping,
        (
            "waited = math.inf, params, 0",
            f"            {NEW_BEST}\n        else:\n            waited += 1\n",
        ),
        (
            "waited, previous = math.inf, params, 0, math.inf",
            "            best_cost, best_params = val_cost, params\n"
            "        waited = 0 if val_cost < previous else waited + 1\n"
            "        previous = val_cost\n",
        ),
        "the wait restarts when the cost beats the previous epoch, not the best",
        says="an epoch improves only if it beats the best validation cost so far, not just "
        "the previous epoch",
    ),
    Mistake(
        ref.train_with_stopping,
        UPDATE,
        "for (W, b), (dW, db) in zip(params, grads):\n"
        "            W -= lr * dW\n            b -= lr * db",
        "updates the caller's arrays in place (W -= lr * dW)",
    ),
    Mistake(
        ref.l2_penalty,
        "lam / 2 *",
        "lam *",
        "forgets the 1/2: lam * sum(W**2)",
        says="the 1/2 is missing: the penalty is lam / 2 * the sum of the squared weights",
    ),
    Mistake(
        ref.l2_penalty,
        f"{SQUARES} for W, _ in params",
        f"{SQUARES} + np.sum(b ** 2) for W, b in params",
        "penalises the biases too",
        says="the biases are penalised too: weight decay sums the squares of the weights W only",
    ),
    Mistake(
        ref.l2_penalty,
        SQUARES,
        "np.linalg.norm(W)",
        "sums the Frobenius norms, not their squares",
        says="the norms are not squared: sum the squares of the entries, not their Frobenius norms",
    ),
    Mistake(
        ref.l2_penalty,
        SQUARES,
        "np.mean(W ** 2)",
        "np.mean of the squares instead of their sum",
        says="a mean of the squared weights instead of their sum",
    ),
    Mistake(
        ref.l2_penalty,
        f"sum({SQUARES} for W, _ in params)",
        "np.sum(params[-1][0] ** 2)",
        "only the last layer",
        says="only the last layer is penalised: sum over every layer",
    ),
    Mistake(
        ref.l2_penalty,
        SQUARES,
        "np.sum(np.abs(W))",
        "an L1 penalty: absolute values",
        says="absolute values (an L1 penalty) instead of squares",
    ),
    Mistake(
        ref.l2_penalty,
        SQUARES,
        "np.sum(W) ** 2",
        "the square of the summed weights, not the sum of their squares",
    ),
    Mistake(
        ref.weight_decay_step,
        "b - lr * db)",
        "b - lr * (db + lam * b))",
        "decays the biases too",
        says="the biases are decayed too: only the weights carry the penalty, b - lr * db",
    ),
    Mistake(
        ref.weight_decay_step,
        DECAYED,
        "W - lr * dW - lam * W",
        "the decay term is not multiplied by lr",
        says="the decay lam * W is not multiplied by the learning rate: W - lr * (dW + lam * W)",
    ),
    Mistake(
        ref.weight_decay_step,
        "(dW + lam * W)",
        "(dW - lam * W)",
        "the decay pushes the weights away from 0 (dW - lam * W)",
        says="the decay has the wrong sign: it pulls the weights towards 0, W - lr * (dW + "
        "lam * W)",
    ),
    Mistake(
        ref.weight_decay_step,
        "lam * W",
        "lam / 2 * W",
        "lam / 2 * W: the 1/2 of the penalty kept in its derivative",
        says="lam / 2 * W is half the derivative of lam / 2 * sum(W**2), which is lam * W",
    ),
    Mistake(
        ref.weight_decay_step,
        DECAYED,
        "(W - lr * dW) * (1 - lr * lam)",
        "decays the already updated weights: (W - lr dW)(1 - lr lam)",
        says="the decay is applied to the updated weights, (W - lr dW)(1 - lr lam): both "
        "terms use the old W, W - lr * (dW + lam * W)",
    ),
    Mistake(
        ref.weight_decay_step,
        DECAYED,
        "W - lr * dW",
        "forgets the decay: plain gd_step",
        says="the weights are not decayed: this is plain gradient descent, add lam * W to dW",
    ),
    Mistake(
        ref.weight_decay_step,
        "lam * W",
        "2 * lam * W",
        "2 lam W: the derivative of lam sum(W**2)",
        says="2 * lam * W is the derivative of lam * sum(W**2); with the penalty lam / 2 * "
        "sum(W**2) it is lam * W",
    ),
    Mistake(
        ref.weight_decay_step,
        f"return [({DECAYED}, b - lr * db) for (W, b), (dW, db) in zip(params, grads)]",
        "for (W, b), (dW, db) in zip(params, grads):\n"
        "        W -= lr * (dW + lam * W)\n        b -= lr * db\n    return params",
        "updates the caller's arrays in place",
    ),
)


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


def _kfold_problem(got, expected):
    """None if `got` matches the k folds of `expected`, else a description of the first
    difference."""
    k = len(expected)
    if not isinstance(got, (list, tuple)) or len(got) != k:
        size = len(got) if isinstance(got, (list, tuple)) else type(got).__name__
        return f"should be a list of {k} (train_idx, val_idx) pairs, got {size}"
    for i, (pair, (train, val)) in enumerate(zip(got, expected)):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            return f"fold {i} should be a pair (train_idx, val_idx), got {type(pair).__name__}"
        for name, g, e in (("validation", pair[1], val), ("training", pair[0], train)):
            g = np.asarray(g)
            if g.shape != e.shape or not np.array_equal(g, e):
                return (
                    f"fold {i}: the {name} indices should be "
                    f"{np.array2string(e, separator=', ')}, "
                    f"got {np.array2string(g, separator=', ', threshold=60)}"
                )
    return None


def compare_kfold(got, expected, spec):
    problem = _kfold_problem(got, expected)
    return None if problem is None else Difference(problem)


KFOLD = Spec("k_fold_indices", kfold_cases, compare=compare_kfold)


# ------------------------------------------------------------------- train_with_stopping
def _epochs(history):
    try:
        return len(history["train_cost"])
    except Exception:
        return "?"


def _training_problem(got, expected, rtol, atol):
    """None if `got` is the same training outcome as `expected`, else what differs."""
    e_params, e_history, e_reason = expected
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        return "should return a triple (params, history, reason)"
    params, history, reason = got
    if not isinstance(reason, str) or reason != e_reason:
        return (
            f"stopped with reason {reason!r} after {_epochs(history)} epoch(s); expected "
            f"{e_reason!r} after {len(e_history['train_cost'])} epoch(s)"
        )
    if not isinstance(history, dict):
        return (
            f"history should be a dict with keys {sorted(e_history)}, got {type(history).__name__}"
        )
    for key, e_values in e_history.items():
        if key not in history:
            return f"history has no key {key!r}"
        try:
            n = len(history[key])
        except TypeError:
            return (
                f"history[{key!r}] should be a list of numbers, got {type(history[key]).__name__}"
            )
        if n != len(e_values):
            return (
                f"history[{key!r}] has {n} entries, expected {len(e_values)} "
                "(one per epoch that recorded it)"
            )
        problem = difference(history[key], e_values, (), rtol, atol, f"history[{key!r}]")
        if problem:
            return problem.text
    if "val_cost" not in e_history and len(history.get("val_cost", ()) or ()) > 0:
        return "history['val_cost'] holds values although no validation data was given"
    problem = difference(params, e_params, (), rtol, atol, "params")
    if problem:
        return f"{problem.text} (params[l][0] is layer l's W, params[l][1] its b)"
    return None


def compare_training(got, expected, spec):
    problem = _training_problem(got, expected, spec.rtol, spec.atol)
    return None if problem is None else Difference(problem)


# ---------------------------------------------------------------- the training problems
def _problem(rng, n, sizes, n_val=0):
    """Random inputs, targets in (0.1, 0.9) and a network init_params would draw."""
    X = rng.normal(size=(n, sizes[0]))
    Y = rng.uniform(0.1, 0.9, size=(n, sizes[-1]))
    params = init_params(sizes, rng)
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
    compare=compare_training,
    outputs=("params", "history", "reason"),
)


# ------------------------------------------------------------------ weight decay
def _weights(rng, sizes, bias_scale=3.0):
    """params init_params would draw, with biases stretched far from 0."""
    return [(W, bias_scale * b) for W, b in init_params(sizes, rng)]


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
        grads = [(rng.normal(size=W.shape), rng.normal(size=b.shape)) for W, b in params]
        cases.append(Case(label, (params, grads, lr, lam)))
    return cases


WEIGHT_DECAY = Spec("weight_decay_step", wd_cases)

SPECS = [ITERATIONS, KFOLD, TRAIN, L2, WEIGHT_DECAY]
