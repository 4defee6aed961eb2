"""Hidden cases for 07_optimizers.

Every update rule is tried on a 1-D vector, a non-square matrix, a 0-d array and a shape-(1,)
array, with non-zero states, zero gradients, and large and tiny gradients. The tiny-gradient cases
are where ε's place matters: with ε inside the square root, √(s + ε) ≥ 1e-4 for ε = 1e-8, so the
step shrinks by orders of magnitude. Adam is tried at t = 1, 2, 10 and 1000 with learning rates
large enough that a wrong bias correction changes w_new by far more than the tolerance.
`minibatch_indices` gets a fresh seeded generator in every case.
"""

import numpy as np

from course.compare import Difference

from ...judge.spec import Case, KnownMistake, Spec
from .mistakes import T_MINUS_ONE

SEED = 2407


# ------------------------------------------------------------------------- sgd_update
def sgd_cases():
    rng = np.random.default_rng(SEED)
    return [
        Case("a 1-D vector, lr=0.1", (rng.normal(size=6), rng.normal(size=6), 0.1)),
        Case(
            "a 3 x 5 weight matrix, lr=0.05",
            (rng.normal(size=(3, 5)), rng.normal(size=(3, 5)), 0.05),
        ),
        Case("a 0-d array (a single bias)", (np.array(0.7), np.array(-1.3), 0.3)),
        Case("shape (1,)", (np.array([2.0]), np.array([0.5]), 2.0)),
        Case("zero gradient: nothing moves", (rng.normal(size=(2, 3)), np.zeros((2, 3)), 0.5)),
        Case(
            "large gradients, tiny learning rate",
            (rng.normal(size=4), 1e6 * rng.normal(size=4), 1e-7),
        ),
        Case("tiny gradients", (rng.normal(size=4), 1e-9 * rng.normal(size=4), 1e8)),
    ]


SGD = Spec("sgd_update", sgd_cases)


# -------------------------------------------------------------------- momentum_update
def momentum_cases():
    rng = np.random.default_rng(SEED + 1)
    W = rng.normal(size=(4, 3))
    return [
        Case(
            "a 1-D vector, velocity from a previous step",
            (rng.normal(size=5), rng.normal(size=5), 0.3 * rng.normal(size=5), 0.1, 0.9),
        ),
        Case(
            "a 4 x 3 matrix, beta=0.5",
            (W, rng.normal(size=(4, 3)), 0.2 * rng.normal(size=(4, 3)), 0.05, 0.5),
        ),
        Case(
            "the first step: v = 0", (rng.normal(size=3), rng.normal(size=3), np.zeros(3), 0.2, 0.9)
        ),
        Case("a 0-d array", (np.array(1.5), np.array(0.4), np.array(-0.25), 0.5, 0.8)),
        Case(
            "shape (1,), beta=0 (plain gradient descent)",
            (np.array([1.0]), np.array([2.0]), np.array([0.7]), 0.1, 0.0),
        ),
        Case(
            "zero gradient: the velocity coasts",
            (rng.normal(size=(2, 2)), np.zeros((2, 2)), rng.normal(size=(2, 2)), 0.1, 0.95),
        ),
        Case(
            "large gradients",
            (rng.normal(size=4), 1e5 * rng.normal(size=4), 50.0 * rng.normal(size=4), 1e-4, 0.99),
        ),
    ]


MOMENTUM = Spec(
    "momentum_update",
    momentum_cases,
    outputs=("w_new", "v_new"),
)


# --------------------------------------------------------------------- rmsprop_update
def rmsprop_cases():
    rng = np.random.default_rng(SEED + 2)
    return [
        Case(
            "a 1-D vector, s from earlier steps",
            (rng.normal(size=6), rng.normal(size=6), rng.uniform(0.1, 2.0, size=6), 0.01),
        ),
        Case(
            "a 3 x 4 matrix, beta=0.99 by keyword",
            (
                rng.normal(size=(3, 4)),
                rng.normal(size=(3, 4)),
                rng.uniform(0.5, 1.5, size=(3, 4)),
                0.001,
            ),
            {"beta": 0.99},
        ),
        Case(
            "tiny gradients and s = 0: where eps's place matters",
            (rng.normal(size=5), 1e-6 * rng.normal(size=5), np.zeros(5), 0.01),
        ),
        Case(
            "tiny gradients, tiny s, eps=1e-6 by keyword",
            (
                rng.normal(size=(2, 3)),
                1e-5 * rng.normal(size=(2, 3)),
                rng.uniform(0, 1e-10, size=(2, 3)),
                0.01,
            ),
            {"eps": 1e-6, "beta": 0.8},
        ),
        Case("the first step: s = 0", (rng.normal(size=4), rng.normal(size=4), np.zeros(4), 0.1)),
        Case("a 0-d array", (np.array(-0.3), np.array(2.0), np.array(0.5), 0.1)),
        Case(
            "shape (1,)", (np.array([1.0]), np.array([-3.0]), np.array([4.0]), 0.05), {"beta": 0.5}
        ),
        Case(
            "zero gradient with s = 0: w must not move (no division by zero)",
            (rng.normal(size=3), np.zeros(3), np.zeros(3), 0.1),
        ),
        Case(
            "large gradients",
            (rng.normal(size=4), 1e6 * rng.normal(size=4), 1e11 * rng.uniform(size=4), 0.01),
        ),
    ]


RMSPROP = Spec(
    "rmsprop_update",
    rmsprop_cases,
    outputs=("w_new", "s_new"),
)


# ------------------------------------------------------------------------ adam_update
def adam_cases():
    rng = np.random.default_rng(SEED + 3)

    def state(shape, scale=1.0):
        dw = scale * rng.normal(size=shape)
        m = 0.5 * scale * rng.normal(size=shape)
        v = scale**2 * rng.uniform(0.2, 2.0, size=shape)
        return dw, m, v

    dw1, m1, v1 = state(5)
    dw2, m2, v2 = state((3, 4))
    dw3, m3, v3 = state(4)
    dw4, m4, v4 = state(6)
    dw5, m5, v5 = state((2, 3))
    dw6, m6, v6 = state(3, 1e-6)
    return [
        Case(
            "the first step t=1 from m = v = 0, lr=0.1",
            (0.1 * rng.normal(size=5), rng.normal(size=5), np.zeros(5), np.zeros(5), 1),
            {"lr": 0.1},
        ),
        Case(
            "tiny gradients (1e-6) at t=2: where eps's place matters",
            (0.01 * rng.normal(size=3), dw6, m6, v6, 2),
            {"lr": 0.01},
        ),
        Case(
            "t=2, non-zero m and v, lr=0.05",
            (0.1 * rng.normal(size=5), dw1, m1, v1, 2),
            {"lr": 0.05},
        ),
        Case(
            "a 3 x 4 matrix at t=10, lr=0.02",
            (0.1 * rng.normal(size=(3, 4)), dw2, m2, v2, 10),
            {"lr": 0.02},
        ),
        Case(
            "t=1000, lr=0.05 (v's correction still 1/(1 - 0.999**1000) = 1.58)",
            (0.01 * rng.normal(size=4), dw3, m3, v3, 1000),
            {"lr": 0.05},
        ),
        Case("default lr, t=3", (1e-3 * rng.normal(size=6), dw4, m4, v4, 3)),
        Case(
            "beta1=0.8, beta2=0.99, eps=1e-6 by keyword, t=5",
            (0.1 * rng.normal(size=(2, 3)), dw5, m5, v5, 5),
            {"lr": 0.1, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6},
        ),
        Case(
            "a 0-d array, t=2",
            (np.array(0.05), np.array(-0.3), np.array(0.1), np.array(0.02), 2),
            {"lr": 0.1},
        ),
        Case(
            "shape (1,), t=1",
            (np.array([0.02]), np.array([4.0]), np.array([0.0]), np.array([0.0]), 1),
            {"lr": 0.01},
        ),
        Case(
            "zero gradient from m = v = 0: w must not move (no division by zero)",
            (rng.normal(size=3), np.zeros(3), np.zeros(3), np.zeros(3), 1),
            {"lr": 0.1},
        ),
        Case(
            "large gradients (1e4), t=10",
            (
                0.1 * rng.normal(size=4),
                1e4 * rng.normal(size=4),
                1e3 * rng.normal(size=4),
                1e8 * rng.uniform(0.5, 1, size=4),
                10,
            ),
            {"lr": 0.05},
        ),
    ]


def _from_second_step(mistake):
    """`mistake` where it has an answer to compare: at t = 1, a correction with t - 1 divides by
    1 - beta**0 = 0."""

    def compute(w, dw, m, v, t, *args, **kwargs):
        if t < 2:
            raise ZeroDivisionError("1 - beta**0 = 0: not a comparable answer")
        return mistake(w, dw, m, v, t, *args, **kwargs)

    return compute


ADAM = Spec(
    "adam_update",
    adam_cases,
    outputs=("w_new", "m_new", "v_new"),
    # beside the patches in MISTAKES, which the registry attaches: one that only the second
    # step on shows (the first divides by zero)
    mistakes=(
        KnownMistake(
            "the correction uses t - 1; t counts from 1, so the first step divides by 1 - beta**1",
            _from_second_step(T_MINUS_ONE),
        ),
    ),
)


# ------------------------------------------------------------------ minibatch_indices
def minibatch_cases():
    return [
        Case("n=12, batch 4 (divisible)", (12, 4, np.random.default_rng(SEED + 4))),
        Case("n=10, batch 3 (the last batch is shorter)", (10, 3, np.random.default_rng(SEED + 5))),
        Case("n=23, batch 5", (23, 5, np.random.default_rng(SEED + 6))),
        Case(
            "batch 1: one sample per batch (online learning)",
            (6, 1, np.random.default_rng(SEED + 7)),
        ),
        Case(
            "batch larger than n: one batch holds everything",
            (5, 8, np.random.default_rng(SEED + 8)),
        ),
        Case("batch equal to n: full-batch", (7, 7, np.random.default_rng(SEED + 9))),
        Case("n=1", (1, 3, np.random.default_rng(SEED + 10))),
    ]


def compare_minibatches(got, expected, spec):
    """The same batches as the reference, in the same order, as integer index arrays."""
    perm = np.concatenate(expected)  # the reference cuts one permutation into consecutive chunks
    n, size = len(perm), len(expected[0])
    if isinstance(got, np.ndarray) and got.ndim == 2:
        got = list(got)  # equal batches stacked as rows are a sequence of index arrays too
    if not isinstance(got, (list, tuple)):
        return Difference(f"the result should be a list of index arrays, got {type(got).__name__}")
    if len(got) != len(expected):
        hints = []
        if len(got) == n // size and n % size:
            hints.append("the shorter last batch was dropped; keep it")
        if len(got) == len(expected) + 1:
            hints.append("an extra (empty?) batch at the end")
        if len(got) == 0:
            hints.append("a batch larger than n still gives one batch with every sample")
        return Difference(
            f"{len(got)} batches; expected {len(expected)} (ceil({n} / {size}))", hints
        )
    for i, (batch, want) in enumerate(zip(got, expected)):
        try:
            batch = np.asarray(batch)
        except Exception:
            batch = np.array([None])
        if batch.dtype.kind not in "iu":
            return Difference(
                f"batch {i} should be an array of integer indices (usable as "
                f"X[idx]), got dtype {batch.dtype}"
            )
        if batch.shape != want.shape:
            return Difference(
                f"batch {i} has {batch.size} indices, expected {want.size}",
                [
                    "every batch but the last holds exactly batch_size samples; "
                    "cut the permutation into consecutive chunks"
                ],
            )
        if not np.array_equal(batch, want):
            together = np.concatenate([np.ravel(b) for b in got]).astype(int)
            if np.array_equal(together, np.arange(n)):
                hint = "the indices are not shuffled: use rng.permutation(n_samples)"
            elif sorted(together.tolist()) != list(range(n)):
                hint = (
                    "every sample must appear exactly once per epoch: draw ONE permutation "
                    "and cut it into chunks (not a new draw per batch, nor with replacement)"
                )
            elif np.array_equal(np.sort(batch), np.sort(want)):
                hint = "the batches hold the right samples but in another order"
            else:
                hint = (
                    "the order is not rng.permutation(n_samples) drawn once, first thing, "
                    "from the given rng"
                )
            return Difference(
                f"batch {i}: expected {want.tolist()}, got {batch.tolist()} (the "
                f"first permutation drawn from this rng is {perm.tolist()})",
                [hint],
            )
    return None


MINIBATCH = Spec("minibatch_indices", minibatch_cases, compare=compare_minibatches)

SPECS = [SGD, MOMENTUM, RMSPROP, ADAM, MINIBATCH]
