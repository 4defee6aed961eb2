"""Hidden cases for 02_sigmoid_networks.

Two numerical traps shape these cases:
- sigmoid and softmax are judged with `warnings_fail`: the contract asks for versions that never
  overflow, so the cases hold |z| from 20 (where a too-tight clip shows) up to 1e300.
- zscore's "std == 0" is an exact test. A constant column of 0.1s has a computed std of about
  1e-17, not 0 (0.1 + 0.1 + 0.1 is not 0.3 in floating point), so the reference itself would
  divide by it. Every constant column here holds a value whose mean is exact (integers, halves).
Networks use non-square layers and batches other than their widths, so a missing transpose or
a wrong axis cannot pass by accident.
"""

import numpy as np

from ...judge.spec import Case, Spec
from ..shared import random_params

SEED = 2402


# ---------------------------------------------------------------------------- sigmoid
def sigmoid_cases():
    rng = np.random.default_rng(SEED)
    return [
        Case("1-D values of both signs", (rng.normal(scale=3.0, size=11),)),
        Case("a 2-D batch (4 x 6)", (rng.normal(scale=2.0, size=(4, 6)),)),
        Case("zeros and tiny values", (np.array([0.0, -0.0, 1e-12, -1e-12, 0.0]),)),
        Case(
            "moderately large |z| (15 to 40)",
            (np.array([-40.0, -30.0, -25.0, -22.0, -15.0, 15.0, 22.0, 40.0]),),
        ),
        Case(
            "large |z| up to 1e4",
            (np.array([-1e4, -1000.0, -710.0, -709.0, 709.0, 710.0, 1000.0, 1e4]),),
        ),
        Case("huge |z| (1e5 and 1e300)", (np.array([[-1e300, -1e5], [1e5, 1e300]]),)),
        Case("a single value (batch of 1)", (np.array([-0.75]),)),
        Case("integer input", (np.array([-3, 0, 2, 5]),)),
    ]


SIGMOID = Spec("sigmoid", sigmoid_cases, warnings_fail=True)


# ---------------------------------------------------------------------- sigmoid_prime
def prime_cases():
    rng = np.random.default_rng(SEED + 1)
    return [
        Case("1-D values of both signs", (rng.normal(scale=3.0, size=9),)),
        Case("a 2-D batch (3 x 5)", (rng.normal(scale=2.0, size=(3, 5)),)),
        Case("z = 0, where σ' is largest (1/4)", (np.array([0.0, -0.0, 1e-9]),)),
        Case(
            "large |z| up to 1e4 (σ' vanishes)",
            (np.array([-1e4, -800.0, -40.0, 40.0, 800.0, 1e4]),),
        ),
        Case("a single value (batch of 1)", (np.array([1.25]),)),
        Case("integer input", (np.array([-2, 0, 3]),)),
    ]


PRIME = Spec("sigmoid_prime", prime_cases)


# ---------------------------------------------------------------------------- softmax
def softmax_cases():
    rng = np.random.default_rng(SEED + 2)
    return [
        Case("3 samples, 4 classes", (rng.normal(scale=2.0, size=(3, 4)),)),
        Case("a single sample (batch of 1), 5 classes", (rng.normal(size=(1, 5)),)),
        Case("a square 3 x 3 matrix", (rng.normal(scale=2.0, size=(3, 3)),)),
        Case("large entries (around 1000)", (1000.0 + rng.normal(size=(4, 3)),)),
        Case("large negative entries (around -1000)", (-1000.0 + rng.normal(size=(2, 4)),)),
        Case(
            "rows of very different sizes",
            (np.array([[-1000.0, -999.0, -1001.0], [1000.0, 1002.0, 1001.0], [0.5, -0.5, 0.0]]),),
        ),
        Case("ties within a row", (np.array([[2.0, 2.0, 2.0], [0.0, 0.0, 1.0]]),)),
        Case("a single class (one column)", (rng.normal(size=(4, 1)),)),
    ]


SOFTMAX = Spec("softmax", softmax_cases, warnings_fail=True)


# ----------------------------------------------------------------------------- zscore
def zscore_cases():
    rng = np.random.default_rng(SEED + 3)
    scales, shifts = np.array([1.0, 10.0, 0.01]), np.array([5.0, -3.0, 100.0])
    train = rng.normal(size=(20, 3)) * scales + shifts
    constant = rng.normal(size=(8, 3))
    constant[:, 1] = 4.0  # exactly representable: its std is exactly 0
    other = rng.normal(size=(6, 3)) * scales + shifts
    return [
        Case("20 samples, 3 features on very different scales", (train,)),
        Case("a constant column (every value 4.0)", (constant,)),
        Case("all zeros", (np.zeros((5, 2)),)),
        Case(
            "training mean and std given, applied to new data",
            (other,),
            {"mean": train.mean(axis=0), "std": train.std(axis=0)},
        ),
        Case(
            "given std with a 0 entry, and data different from the given mean",
            (rng.normal(size=(5, 3)),),
            {"mean": np.array([1.0, 2.0, -0.5]), "std": np.array([2.0, 0.0, 0.5])},
        ),
        Case(
            "mean and std given positionally",
            (rng.normal(size=(4, 2)), np.array([0.5, -1.0]), np.array([2.0, 0.25])),
        ),
        Case("a single sample (batch of 1): every std is 0", (rng.normal(size=(1, 4)),)),
        Case("one feature, 7 samples", (rng.normal(loc=-2.0, scale=3.0, size=(7, 1)),)),
    ]


ZSCORE = Spec("zscore", zscore_cases, outputs=("X_norm", "mean", "std"))


# ------------------------------------------------------------------------ init_params
def init_cases():
    sizes = [
        ("the lecture's 2-3-1 shape", [2, 3, 1], 11),
        ("3-5-2", [3, 5, 2], 12),
        ("a single layer 4-1", [4, 1], 13),
        ("three layers 2-3-4-1", [2, 3, 4, 1], 14),
        ("1-1", [1, 1], 15),
        ("6-2-6", [6, 2, 6], 16),
        ("sizes given as a tuple (5, 3)", (5, 3), 17),
    ]
    return [
        Case(f"layer sizes {label}, rng seed {seed}", (layers, np.random.default_rng(seed)))
        for label, layers, seed in sizes
    ]


INIT = Spec("init_params", init_cases)


# ---------------------------------------------------------------------------- forward
def forward_cases():
    rng = np.random.default_rng(SEED + 5)
    return [
        Case(
            "a 2-3-1 network, 6 samples", (rng.normal(size=(6, 2)), random_params(rng, [2, 3, 1]))
        ),
        Case(
            "a 3-5-2 network, 7 samples", (rng.normal(size=(7, 3)), random_params(rng, [3, 5, 2]))
        ),
        Case(
            "a single layer 4-1, 5 samples", (rng.normal(size=(5, 4)), random_params(rng, [4, 1]))
        ),
        Case(
            "three layers 2-3-4-1, 4 samples",
            (rng.normal(size=(4, 2)), random_params(rng, [2, 3, 4, 1])),
        ),
        Case(
            "a single sample (batch of 1), 3-5-2",
            (rng.normal(size=(1, 3)), random_params(rng, [3, 5, 2])),
        ),
        Case(
            "all weights and biases 0 (every activation is 0.5)",
            (
                rng.normal(size=(3, 4)),
                [(np.zeros((4, 2)), np.zeros(2)), (np.zeros((2, 3)), np.zeros(3))],
            ),
        ),
        Case(
            "large weights: saturated neurons",
            (rng.normal(size=(5, 3)), random_params(rng, [3, 4, 2], 100.0)),
        ),
    ]


FORWARD = Spec(
    "forward",
    forward_cases,
    outputs=("A_out", "cache"),
    uses=("sigmoid",),
)


# --------------------------------------------------------------------------- mse_cost
def cost_cases():
    rng = np.random.default_rng(SEED + 6)
    Y1 = (rng.random((10, 1)) < 0.5).astype(float)
    return [
        Case("10 samples, 1 output, 0/1 targets", (rng.random((10, 1)), Y1)),
        Case("6 samples, 3 outputs", (rng.random((6, 3)), rng.random((6, 3)))),
        Case(
            "a single sample (batch of 1) with 4 outputs", (rng.random((1, 4)), rng.random((1, 4)))
        ),
        Case("a perfect prediction (cost 0)", (np.full((3, 2), 0.25), np.full((3, 2), 0.25))),
        Case(
            "5 samples, 2 outputs, large errors",
            (rng.normal(scale=5.0, size=(5, 2)), rng.normal(size=(5, 2))),
        ),
    ]


COST = Spec("mse_cost", cost_cases)

SPECS = [SIGMOID, PRIME, SOFTMAX, ZSCORE, INIT, FORWARD, COST]
