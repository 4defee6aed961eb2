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

from ..reference.sigmoid_networks import sigmoid
from .core import Case, KnownMistake, Spec

SEED = 2402


# ---------------------------------------------------------------------------- sigmoid
def sigmoid_cases():
    rng = np.random.default_rng(SEED)
    return [
        Case("1-D values of both signs", (rng.normal(scale=3.0, size=11),)),
        Case("a 2-D batch (4 x 6)", (rng.normal(scale=2.0, size=(4, 6)),)),
        Case("zeros and tiny values", (np.array([0.0, -0.0, 1e-12, -1e-12, 0.0]),)),
        Case("moderately large |z| (15 to 40)", (np.array([-40.0, -30.0, -25.0, -22.0, -15.0, 15.0, 22.0, 40.0]),)),
        Case("large |z| up to 1e4", (np.array([-1e4, -1000.0, -710.0, -709.0, 709.0, 710.0, 1000.0, 1e4]),)),
        Case("huge |z| (1e5 and 1e300)", (np.array([[-1e300, -1e5], [1e5, 1e300]]),)),
        Case("a single value (batch of 1)", (np.array([-0.75]),)),
        Case("integer input", (np.array([-3, 0, 2, 5]),)),
    ]


SIGMOID = Spec(
    "sigmoid", sigmoid_cases, warnings_fail=True,
    mistakes=(
        KnownMistake("the sign of z is flipped: σ(z) = 1 / (1 + e^(-z)), and 1 / (1 + e^z) is σ(-z) = 1 - σ(z)",
                     lambda z: sigmoid(-np.asarray(z, dtype=float))),
        KnownMistake("this is tanh(z); the sigmoid is 1 / (1 + e^(-z)) = (1 + tanh(z / 2)) / 2",
                     lambda z: np.tanh(z)),
        KnownMistake("this is the step function of assignment 01; the sigmoid is smooth",
                     lambda z: np.where(np.asarray(z) >= 0, 1.0, 0.0)),
        KnownMistake("z is clipped too tightly: σ(-25) is 1.4e-11, not σ(-20) = 2.1e-9; "
                     "compute e^(-|z|), which never overflows, instead of clipping",
                     lambda z: 1 / (1 + np.exp(-np.clip(z, -20, 20)))),
    ),
)


# ---------------------------------------------------------------------- sigmoid_prime
def prime_cases():
    rng = np.random.default_rng(SEED + 1)
    return [
        Case("1-D values of both signs", (rng.normal(scale=3.0, size=9),)),
        Case("a 2-D batch (3 x 5)", (rng.normal(scale=2.0, size=(3, 5)),)),
        Case("z = 0, where σ' is largest (1/4)", (np.array([0.0, -0.0, 1e-9]),)),
        Case("large |z| up to 1e4 (σ' vanishes)", (np.array([-1e4, -800.0, -40.0, 40.0, 800.0, 1e4]),)),
        Case("a single value (batch of 1)", (np.array([1.25]),)),
        Case("integer input", (np.array([-2, 0, 3]),)),
    ]


def _prime_at(z, inner):
    s = sigmoid(inner(np.asarray(z, dtype=float)))
    return s * (1 - s)


PRIME = Spec(
    "sigmoid_prime", prime_cases,
    mistakes=(
        KnownMistake("the derivative is taken at the activation: σ'(z) = σ(z)(1 - σ(z)), "
                     "not σ(a)(1 - σ(a)) with a = σ(z)", lambda z: _prime_at(z, sigmoid)),
        KnownMistake("σ(z)(1 - σ(z)) applies to the SIGMOID of z: z(1 - z) uses z itself",
                     lambda z: z * (1 - z)),
        KnownMistake("the factor (1 - σ(z)) is missing", lambda z: sigmoid(z)),
        KnownMistake("1 - σ(z)² is the pattern of tanh's derivative; the sigmoid's is σ(z)(1 - σ(z))",
                     lambda z: 1 - sigmoid(z) ** 2),
        KnownMistake("e^(-z) / (1 + e^(-z))² overflows to inf / inf = NaN for large -z; "
                     "write it with your stable sigmoid: σ(z)(1 - σ(z))",
                     lambda z: np.exp(-np.asarray(z, dtype=float)) / (1 + np.exp(-np.asarray(z, dtype=float))) ** 2),
    ),
)


# ---------------------------------------------------------------------------- softmax
def softmax_cases():
    rng = np.random.default_rng(SEED + 2)
    return [
        Case("3 samples, 4 classes", (rng.normal(scale=2.0, size=(3, 4)),)),
        Case("a single sample (batch of 1), 5 classes", (rng.normal(size=(1, 5)),)),
        Case("a square 3 x 3 matrix", (rng.normal(scale=2.0, size=(3, 3)),)),
        Case("large entries (around 1000)", (1000.0 + rng.normal(size=(4, 3)),)),
        Case("large negative entries (around -1000)", (-1000.0 + rng.normal(size=(2, 4)),)),
        Case("rows of very different sizes", (np.array([[-1000.0, -999.0, -1001.0],
                                                        [1000.0, 1002.0, 1001.0],
                                                        [0.5, -0.5, 0.0]]),)),
        Case("ties within a row", (np.array([[2.0, 2.0, 2.0], [0.0, 0.0, 1.0]]),)),
        Case("a single class (one column)", (rng.normal(size=(4, 1)),)),
    ]


def _shifted_exp(Z, axis):
    return np.exp(Z - np.max(Z, axis=axis, keepdims=True))


SOFTMAX = Spec(
    "softmax", softmax_cases, warnings_fail=True,
    mistakes=(
        KnownMistake("normalized down each column (axis=0); softmax works along each ROW "
                     "(one row per sample): use axis=1 with keepdims=True",
                     lambda Z: _shifted_exp(Z, 0) / np.sum(_shifted_exp(Z, 0), axis=0, keepdims=True)),
        KnownMistake("normalized over the whole matrix; each row must sum to 1 on its own",
                     lambda Z: np.exp(Z - np.max(Z)) / np.sum(np.exp(Z - np.max(Z)))),
        KnownMistake("divided by the sum over the whole matrix; divide each row by its own sum "
                     "(axis=1, keepdims=True)",
                     lambda Z: _shifted_exp(Z, 1) / np.sum(_shifted_exp(Z, 1))),
        KnownMistake("this is the sigmoid of each entry; softmax divides e^z by the row's sum of e^z",
                     lambda Z: sigmoid(Z)),
        KnownMistake("the exponential is missing: softmax is e^(z_j) / Σ_k e^(z_k), not z_j / Σ_k z_k",
                     lambda Z: Z / np.sum(Z, axis=1, keepdims=True)),
    ),
)


# ----------------------------------------------------------------------------- zscore
def zscore_cases():
    rng = np.random.default_rng(SEED + 3)
    scales, shifts = np.array([1.0, 10.0, 0.01]), np.array([5.0, -3.0, 100.0])
    train = rng.normal(size=(20, 3)) * scales + shifts
    constant = rng.normal(size=(8, 3))
    constant[:, 1] = 4.0                         # exactly representable: its std is exactly 0
    other = rng.normal(size=(6, 3)) * scales + shifts
    return [
        Case("20 samples, 3 features on very different scales", (train,)),
        Case("a constant column (every value 4.0)", (constant,)),
        Case("all zeros", (np.zeros((5, 2)),)),
        Case("training mean and std given, applied to new data", (other,),
             {"mean": train.mean(axis=0), "std": train.std(axis=0)}),
        Case("given std with a 0 entry, and data different from the given mean",
             (rng.normal(size=(5, 3)),), {"mean": np.array([1.0, 2.0, -0.5]), "std": np.array([2.0, 0.0, 0.5])}),
        Case("mean and std given positionally", (rng.normal(size=(4, 2)), np.array([0.5, -1.0]),
                                                 np.array([2.0, 0.25]))),
        Case("a single sample (batch of 1): every std is 0", (rng.normal(size=(1, 4)),)),
        Case("one feature, 7 samples", (rng.normal(loc=-2.0, scale=3.0, size=(7, 1)),)),
    ]


def _zscore_with(X, mean, std, guard="zero"):
    """(X - mean) / std with one way of treating std == 0 (warnings silenced)."""
    with np.errstate(all="ignore"):
        if guard == "zero":
            X_norm = np.where(std == 0, 0.0, (X - mean) / np.where(std == 0, 1.0, std))
        elif guard == "one":
            X_norm = (X - mean) / np.where(std == 0, 1.0, std)
        else:
            X_norm = (X - mean) / std
    return X_norm, mean, std


def _given(X, mean, std, ddof=0):
    mean = X.mean(axis=0) if mean is None else mean
    std = X.std(axis=0, ddof=ddof) if std is None else std
    return mean, std


ZSCORE = Spec(
    "zscore", zscore_cases, outputs=("X_norm", "mean", "std"),
    mistakes=(
        KnownMistake("this divides by the SAMPLE std (ddof=1); the contract asks for the population "
                     "std, ddof=0 (numpy's default for X.std)",
                     lambda X, mean=None, std=None: _zscore_with(X, *_given(X, mean, std, ddof=1))),
        KnownMistake("the mean and std passed as arguments must be used, not recomputed from X "
                     "(new data is normalized with the TRAINING statistics)",
                     lambda X, mean=None, std=None: _zscore_with(X, *_given(X, None, None))),
        KnownMistake("the mean and std passed as arguments must be used for normalizing, not "
                     "recomputed from X",
                     lambda X, mean=None, std=None: (_zscore_with(X, *_given(X, None, None))[0],
                                                     *_given(X, mean, std))),
        KnownMistake("a column with std == 0 must become 0, not NaN or inf: do not divide by 0",
                     lambda X, mean=None, std=None: _zscore_with(X, *_given(X, mean, std), guard="none")),
        KnownMistake("a column with std == 0 must become 0 even where X differs from the given mean: "
                     "dividing by 1 instead leaves X - mean",
                     lambda X, mean=None, std=None: _zscore_with(X, *_given(X, mean, std), guard="one")),
        KnownMistake("this divides by the variance; divide by the standard deviation",
                     lambda X, mean=None, std=None: (
                         _zscore_with(X, _given(X, mean, std)[0], _given(X, mean, std)[1] ** 2)[0],
                         *_given(X, mean, std))),
    ),
)


# ------------------------------------------------------------------------ init_params
def init_cases():
    sizes = [("the lecture's 2-3-1 shape", [2, 3, 1], 11), ("3-5-2", [3, 5, 2], 12),
             ("a single layer 4-1", [4, 1], 13), ("three layers 2-3-4-1", [2, 3, 4, 1], 14),
             ("1-1", [1, 1], 15), ("6-2-6", [6, 2, 6], 16), ("sizes given as a tuple (5, 3)", (5, 3), 17)]
    return [Case(f"layer sizes {label}, rng seed {seed}", (layers, np.random.default_rng(seed)))
            for label, layers, seed in sizes]


def _pairs(layer_sizes):
    return list(zip(layer_sizes[:-1], layer_sizes[1:]))


def _all_w_first(layer_sizes, rng):
    Ws = [rng.uniform(-1, 1, (n_in, n_out)) for n_in, n_out in _pairs(layer_sizes)]
    bs = [rng.uniform(-1, 1, n_out) for _, n_out in _pairs(layer_sizes)]
    return list(zip(Ws, bs))


def _b_first(layer_sizes, rng):
    params = []
    for n_in, n_out in _pairs(layer_sizes):
        b = rng.uniform(-1, 1, n_out)
        params.append((rng.uniform(-1, 1, (n_in, n_out)), b))
    return params


INIT = Spec(
    "init_params", init_cases,
    mistakes=(
        KnownMistake("draw layer by layer, W then b: this draws every W first and then every b",
                     _all_w_first),
        KnownMistake("b is drawn before W; the contract draws W first, then b, for each layer", _b_first),
        KnownMistake("rng.normal draws from a bell curve; the weights must be uniform in [-1, 1]: "
                     "rng.uniform(-1, 1, shape)",
                     lambda layer_sizes, rng: [(rng.normal(size=(i, o)), rng.normal(size=o))
                                               for i, o in _pairs(layer_sizes)]),
        KnownMistake("these values lie in [0, 1); the interval is [-1, 1]: rng.uniform(-1, 1, shape)",
                     lambda layer_sizes, rng: [(rng.uniform(0, 1, (i, o)), rng.uniform(0, 1, o))
                                               for i, o in _pairs(layer_sizes)]),
        KnownMistake("W was drawn with shape (n_out, n_in) and transposed; draw (n_in, n_out) directly, "
                     "so that the random numbers land in the contract's order",
                     lambda layer_sizes, rng: [(rng.uniform(-1, 1, (o, i)).T, rng.uniform(-1, 1, o))
                                               for i, o in _pairs(layer_sizes)]),
        KnownMistake("the biases must be drawn too (rng.uniform(-1, 1, n_out)), not set to 0",
                     lambda layer_sizes, rng: [(rng.uniform(-1, 1, (i, o)), np.zeros(o))
                                               for i, o in _pairs(layer_sizes)]),
    ),
)


# ---------------------------------------------------------------------------- forward
def _net(rng, sizes, scale=1.0):
    return [(scale * rng.uniform(-1, 1, (n_in, n_out)), scale * rng.uniform(-1, 1, n_out))
            for n_in, n_out in zip(sizes[:-1], sizes[1:])]


def forward_cases():
    rng = np.random.default_rng(SEED + 5)
    return [
        Case("a 2-3-1 network, 6 samples", (rng.normal(size=(6, 2)), _net(rng, [2, 3, 1]))),
        Case("a 3-5-2 network, 7 samples", (rng.normal(size=(7, 3)), _net(rng, [3, 5, 2]))),
        Case("a single layer 4-1, 5 samples", (rng.normal(size=(5, 4)), _net(rng, [4, 1]))),
        Case("three layers 2-3-4-1, 4 samples", (rng.normal(size=(4, 2)), _net(rng, [2, 3, 4, 1]))),
        Case("a single sample (batch of 1), 3-5-2", (rng.normal(size=(1, 3)), _net(rng, [3, 5, 2]))),
        Case("all weights and biases 0 (every activation is 0.5)",
             (rng.normal(size=(3, 4)), [(np.zeros((4, 2)), np.zeros(2)), (np.zeros((2, 3)), np.zeros(3))])),
        Case("large weights: saturated neurons", (rng.normal(size=(5, 3)), _net(rng, [3, 4, 2], scale=100.0))),
    ]


def _forward_variant(X, params, bias=1.0, store_z=False, keep_x=True, last_linear=False):
    A, As, Zs = X, [X] if keep_x else [], []
    for layer, (W, b) in enumerate(params):
        Z = A @ W + bias * b
        linear = last_linear and layer == len(params) - 1
        A = Z if linear else sigmoid(Z)
        Zs.append(Z)
        As.append(Z if store_z else A)
    return A, {"A": As, "Z": Zs}


FORWARD = Spec(
    "forward", forward_cases, outputs=("A_out", "cache"), uses=("sigmoid",),
    mistakes=(
        KnownMistake("the bias is missing: each layer computes Z = A_prev @ W + b",
                     lambda X, params: _forward_variant(X, params, bias=0.0)),
        KnownMistake("the bias is subtracted: each layer computes Z = A_prev @ W + b",
                     lambda X, params: _forward_variant(X, params, bias=-1.0)),
        KnownMistake("cache['A'] holds the weighted inputs Z; it must hold the activations sigmoid(Z)",
                     lambda X, params: _forward_variant(X, params, store_z=True)),
        KnownMistake("cache['A'] must start with X itself: [X, A1, ..., AL]",
                     lambda X, params: _forward_variant(X, params, keep_x=False)),
        KnownMistake("the output layer needs its sigmoid too: every layer applies it",
                     lambda X, params: _forward_variant(X, params, last_linear=True)),
    ),
)


# --------------------------------------------------------------------------- mse_cost
def cost_cases():
    rng = np.random.default_rng(SEED + 6)
    Y1 = (rng.random((10, 1)) < 0.5).astype(float)
    return [
        Case("10 samples, 1 output, 0/1 targets", (rng.random((10, 1)), Y1)),
        Case("6 samples, 3 outputs", (rng.random((6, 3)), rng.random((6, 3)))),
        Case("a single sample (batch of 1) with 4 outputs", (rng.random((1, 4)), rng.random((1, 4)))),
        Case("a perfect prediction (cost 0)", (np.full((3, 2), 0.25), np.full((3, 2), 0.25))),
        Case("5 samples, 2 outputs, large errors", (rng.normal(scale=5.0, size=(5, 2)), rng.normal(size=(5, 2)))),
    ]


def _squares(Y_hat, Y):
    return np.sum((np.asarray(Y_hat, dtype=float) - Y) ** 2)


COST = Spec(
    "mse_cost", cost_cases,
    mistakes=(
        KnownMistake("the ½ is missing: C = (1/N) Σ_n ½ ||ŷ_n - y_n||²",
                     lambda Y_hat, Y: _squares(Y_hat, Y) / len(Y)),
        KnownMistake("the cost is summed over the samples instead of averaged: divide by N, "
                     "the number of samples (rows)",
                     lambda Y_hat, Y: 0.5 * _squares(Y_hat, Y)),
        KnownMistake("this divides by the number of ENTRIES N·K; sum over the K outputs, "
                     "average over the N samples only",
                     lambda Y_hat, Y: 0.5 * _squares(Y_hat, Y) / np.size(Y)),
        KnownMistake("np.mean((Y_hat - Y)**2) averages over the outputs too and drops the ½: "
                     "sum over outputs, ½, average over samples",
                     lambda Y_hat, Y: _squares(Y_hat, Y) / np.size(Y)),
        KnownMistake("this is a root mean square; the cost has no square root",
                     lambda Y_hat, Y: np.sqrt(0.5 * _squares(Y_hat, Y) / len(Y))),
        KnownMistake("the errors must be SQUARED, not taken in absolute value",
                     lambda Y_hat, Y: 0.5 * np.sum(np.abs(np.asarray(Y_hat) - Y)) / len(Y)),
    ),
)

SPECS = [SIGMOID, PRIME, SOFTMAX, ZSCORE, INIT, FORWARD, COST]
