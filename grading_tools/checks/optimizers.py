"""Hidden cases for 07_optimizers.

Every update rule is tried on a 1-D vector, a non-square matrix, a 0-d array and a shape-(1,)
array, with non-zero states, zero gradients, and large and tiny gradients. The tiny-gradient cases
are where ε's place matters: with ε inside the square root, √(s + ε) ≥ 1e-4 for ε = 1e-8, so the
step shrinks by orders of magnitude. Adam is tried at t = 1, 2, 10 and 1000 with learning rates
large enough that a wrong bias correction changes w_new by far more than the tolerance.
`minibatch_indices` gets a fresh seeded generator in every case.
"""

import numpy as np

from course.checks import Difference

from ..mistakes import Mistake
from ..reference import optimizers as ref
from .core import Case, KnownMistake, Spec

SEED = 2407


# The mistakes students make, as patches of the reference (grading_tools.mistakes).
VELOCITY = "beta * v - lr * dw"
AVERAGE = "beta * s + (1 - beta) * dw ** 2"
M_CORRECTION, V_CORRECTION = "m_new / (1 - beta1 ** t)", "v_new / (1 - beta2 ** t)"
CHUNKS = "[order[start:start + batch_size] for start in range(0, n_samples, batch_size)]"
T_MINUS_ONE = Mistake(
    ref.adam_update,
    ("beta1 ** t)", "beta2 ** t)"),
    ("beta1 ** (t - 1))", "beta2 ** (t - 1))"),
    "corrects with t - 1",
    hint="division by zero",
)
MISTAKES = (
    Mistake(
        ref.sgd_update,
        "w - lr * dw",
        "w + lr * dw",
        "adds the gradient: w + lr * dw",
        says="gradient descent subtracts: w - lr * dw",
    ),
    Mistake(
        ref.sgd_update,
        "w - lr * dw",
        "w - dw",
        "forgets the learning rate",
        says="the learning rate is missing: w - lr * dw",
    ),
    Mistake(
        ref.sgd_update,
        "w - lr * dw",
        "-lr * dw",
        "returns the step, not the new weights",
        says="this is the step -lr * dw; return the new weights w - lr * dw",
    ),
    Mistake(
        ref.sgd_update, "return w - lr * dw", "w -= lr * dw\n    return w", "in place: w -= lr * dw"
    ),
    Mistake(
        ref.sgd_update, "lr * dw", "lr * np.mean(dw)", "averages the gradient over its entries"
    ),
    Mistake(ref.sgd_update, "w - lr * dw", "w - dw / lr", "divides by the learning rate"),
    Mistake(
        ref.momentum_update,
        (VELOCITY, "w + v_new"),
        ("beta * v + lr * dw", "w - v_new"),
        "mixed conventions: v = beta*v + lr*dw, w - v",
        says="the velocity has the opposite sign: the contract (the COMP9444 deck) uses "
        "v_new = beta * v - lr * dw and w_new = w + v_new",
    ),
    Mistake(
        ref.momentum_update,
        "w + v_new, v_new",
        "w + v, v_new",
        "moves w with the old velocity",
        says="w_new must use the NEW velocity: w_new = w + v_new",
    ),
    Mistake(ref.momentum_update, "w + v_new, v_new", "w + v_new", "forgets to return the velocity"),
    Mistake(
        ref.momentum_update,
        (VELOCITY, "w + v_new"),
        ("beta * v + dw", "w - lr * v_new"),
        "PyTorch's form: v = beta*v + dw, w - lr*v",
        says="this is PyTorch's form (v = beta * v + dw, w - lr * v); the contract scales the "
        "gradient by lr inside the velocity: v_new = beta * v - lr * dw",
    ),
    Mistake(
        ref.momentum_update,
        "- lr * dw",
        "- (1 - beta) * lr * dw",
        "a moving average: v = beta*v - (1-beta)*lr*dw",
        says="the gradient is damped by (1 - beta): the COMP9444 deck's momentum is v_new = "
        "beta * v - lr * dw",
    ),
    Mistake(
        ref.momentum_update,
        "w + v_new, v_new",
        "v_new, w + v_new",
        "returns (v_new, w_new)",
        says="the results are in the wrong order: return (w_new, v_new)",
    ),
    Mistake(
        ref.momentum_update,
        f"v_new = {VELOCITY}",
        "v *= beta\n    v -= lr * dw\n    v_new = v",
        "in place: v *= beta; v -= lr*dw",
    ),
    Mistake(
        ref.momentum_update,
        VELOCITY,
        "beta * (v - lr * dw)",
        "the momentum multiplies the gradient: v = beta*v - lr*beta*dw",
    ),
    Mistake(
        ref.rmsprop_update,
        "(np.sqrt(s_new) + eps)",
        "np.sqrt(s_new + eps)",
        "eps inside the square root (lecture 004's form)",
        says="eps is inside the square root (the COMP9444 deck's form); the contract puts it "
        "outside: sqrt(s_new) + eps",
    ),
    Mistake(
        ref.rmsprop_update,
        "(1 - beta) * dw ** 2",
        "dw ** 2",
        "forgets the (1 - beta) factor",
        says="the (1 - beta) factor is missing: s_new = beta * s + (1 - beta) * dw**2",
    ),
    Mistake(
        ref.rmsprop_update,
        "np.sqrt(s_new)",
        "np.sqrt(s)",
        "divides by the old average sqrt(s)",
        says="the step must divide by the NEW average: sqrt(s_new), not sqrt(s)",
    ),
    Mistake(
        ref.rmsprop_update,
        "(np.sqrt(s_new) + eps)",
        "(s_new + eps)",
        "no square root",
        says="the square root is missing: divide by sqrt(s_new) + eps",
    ),
    Mistake(
        ref.rmsprop_update,
        AVERAGE,
        "(1 - beta) * s + beta * dw ** 2",
        "beta and 1 - beta swapped",
        says="beta and (1 - beta) are swapped: the old average keeps the weight beta",
    ),
    Mistake(
        ref.rmsprop_update,
        (AVERAGE, "+ eps)"),
        ("0.9 * s + 0.1 * dw ** 2", "+ 1e-8)"),
        "ignores the eps and beta arguments (hard-coded defaults)",
    ),
    Mistake(
        ref.rmsprop_update,
        f"s_new = {AVERAGE}",
        "s *= beta\n    s += (1 - beta) * dw ** 2\n    s_new = s",
        "in place: s *= beta; s += ...",
    ),
    Mistake(
        ref.rmsprop_update,
        ("(1 - beta) * dw ** 2", "np.sqrt(s_new)"),
        ("(1 - beta) * dw", "np.sqrt(np.abs(s_new))"),
        "the square of the average, not the average of the squares",
    ),
    Mistake(
        ref.adam_update,
        (M_CORRECTION, V_CORRECTION),
        ("m_new", "v_new"),
        "no bias correction",
        says="the bias correction is missing: divide m_new by 1 - beta1**t and v_new by "
        "1 - beta2**t before the step",
    ),
    Mistake(ref.adam_update, M_CORRECTION, "m_new", "Adam's m is not bias-corrected", demo=True),
    T_MINUS_ONE,
    Mistake(
        ref.adam_update,
        ("beta1 ** t)", "beta2 ** t)"),
        ("beta1 ** (t + 1))", "beta2 ** (t + 1))"),
        "t counted from 0: corrects with t + 1",
        says="the correction uses t + 1 (as if t counted from 0); t counts from 1",
    ),
    Mistake(
        ref.adam_update,
        ("(1 - beta1 ** t)", V_CORRECTION),
        ("(1 - beta2 ** t)", "v_new / (1 - beta1 ** t)"),
        "beta1 and beta2 swapped in the correction",
        says="beta1 and beta2 are swapped in the correction: m uses 1 - beta1**t, v uses "
        "1 - beta2**t",
    ),
    Mistake(
        ref.adam_update,
        ("beta1 ** t", "beta2 ** t", "np.sqrt(v_hat)"),
        ("beta1 * t", "beta2 * t", "np.sqrt(np.abs(v_hat))"),
        "beta * t instead of beta ** t",
    ),
    Mistake(
        ref.adam_update,
        "), m_new, v_new",
        "), m_hat, v_hat",
        "returns the corrected m_hat, v_hat as the state",
        says="the corrected m_hat, v_hat are returned; return the running averages m_new, "
        "v_new (the correction is applied afresh at every step)",
    ),
    Mistake(
        ref.adam_update,
        "(np.sqrt(v_hat) + eps)",
        "np.sqrt(v_hat + eps)",
        "eps inside the square root (lecture 004's form)",
        says="eps is inside the square root (the COMP9444 deck's form); the contract (Kingma "
        "and Ba) puts it outside: sqrt(v_hat) + eps",
    ),
    Mistake(
        ref.adam_update,
        ("m_new = beta1 * m + (1 - beta1) * dw", "v_new = beta2 * v + (1 - beta2) * dw ** 2"),
        (
            "m *= beta1\n    m += (1 - beta1) * dw\n    m_new = m",
            "v *= beta2\n    v += (1 - beta2) * dw ** 2\n    v_new = v",
        ),
        "in place: m *= beta1; m += ...",
    ),
    Mistake(
        ref.adam_update,
        ("m_hat = m_new /", "v_hat = v_new /"),
        ("m_hat = m /", "v_hat = v /"),
        "steps with the old m and v",
    ),
    Mistake(
        ref.minibatch_indices,
        "rng.permutation(n_samples)",
        "np.arange(n_samples)",
        "no shuffling: chunks of 0, 1, ..., n-1",
        hint="not shuffled",
    ),
    Mistake(
        ref.minibatch_indices,
        "range(0, n_samples, batch_size)",
        "range(0, n_samples - batch_size + 1, batch_size)",
        "drops the shorter last batch",
        hint="last batch was dropped",
    ),
    Mistake(
        ref.minibatch_indices,
        f"    order = rng.permutation(n_samples)\n    return {CHUNKS}",
        "    return [rng.permutation(n_samples)[:min(batch_size, n_samples - start)]\n"
        "            for start in range(0, n_samples, batch_size)]",
        "a new permutation for every batch",
        hint="draw ONE permutation",
    ),
    Mistake(
        ref.minibatch_indices,
        CHUNKS,
        "np.array_split(order, int(np.ceil(n_samples / batch_size)))",
        "np.array_split into balanced chunks",
        hint="exactly batch_size",
    ),
    Mistake(
        ref.minibatch_indices,
        "rng.permutation(n_samples)",
        "rng.choice(n_samples, size=n_samples, replace=False)",
        "rng.choice without replacement (another draw)",
        hint="not rng.permutation",
    ),
    Mistake(
        ref.minibatch_indices,
        "rng.permutation(n_samples)",
        "rng.integers(0, n_samples, size=n_samples)",
        "samples with replacement",
        hint="draw ONE permutation",
    ),
    Mistake(
        ref.minibatch_indices,
        CHUNKS,
        "[order[i * batch_size:(i + 1) * batch_size]\n"
        "            for i in range(n_samples // batch_size + 1)]",
        "loop one step too far: a trailing empty batch when divisible",
        hint="extra (empty?) batch",
    ),
    Mistake(
        ref.minibatch_indices,
        "order[start:start + batch_size] for",
        "np.sort(order[start:start + batch_size]) for",
        "each batch sorted",
        hint="another order",
    ),
)


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
