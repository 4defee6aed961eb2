"""Hidden cases for 09_digits.

- `one_hot` must return floats of shape (n, n_classes): a class absent from y keeps its column,
  labels come as an integer array or a Python list, in any order, and a batch of one.
- `he_init` gets fresh seeded generators and non-square layers, so that fan-in and fan-out differ
  and a transposed W or sqrt(2 / n_out) shows; the biases draw nothing.
- The modules get non-square and square weights (where W and W.T both fit), a batch of one, exact
  zeros in Z (where relu'(0) = 0 matters) and negative entries.
- `dropout_forward` is tried at several rates from seeded generators, and at p_drop = 0 with
  rng=None (mlp_loss's default): nothing may be drawn then.
- `mlp_loss` and `train_minibatch` run small networks with and without hidden layers, with and
  without dropout; `train_minibatch` runs several epochs (Adam's t counts across them) with a last
  batch shorter than the others, a batch of one and a batch larger than the data.
- `predict` must return integer labels; one case has every output negative (a ReLU on the last
  layer would make them all 0).
"""

import numpy as np

from ...judge.spec import Case, Spec
from ..shared import one_hot
from . import reference as ref

SEED = 2409


# ------------------------------------------------------------------------------- one_hot
def one_hot_cases():
    rng = np.random.default_rng(SEED)
    return [
        Case("20 digits, n_classes=10", (rng.integers(0, 10, 20), 10)),
        Case(
            "labels {0, 1, 3} of 5 classes: classes 2 and 4 are absent from y",
            (np.array([3, 0, 1, 1, 3, 0]), 5),
        ),
        Case("a Python list, 3 classes", ([2, 0, 1, 2], 3)),
        Case("a batch of one: label 3 of 4", (np.array([3]), 4)),
        Case("two classes", (np.array([1, 0, 0, 1, 1]), 2)),
        Case("every label the same (7 of 10)", (np.full(4, 7), 10)),
    ]


ONE_HOT_SPEC = Spec(
    "one_hot",
    one_hot_cases,
    kind_hint="use floats: np.eye(n_classes)[y], or np.zeros((n, n_classes)) filled with 1.0",
)


# ------------------------------------------------------------------------------- he_init
def he_init_cases():
    return [
        Case("the digits network [64, 32, 10]", ([64, 32, 10], np.random.default_rng(SEED + 1))),
        Case("one layer [3, 5]", ([3, 5], np.random.default_rng(SEED + 2))),
        Case("three layers [4, 6, 5, 2]", ([4, 6, 5, 2], np.random.default_rng(SEED + 3))),
        Case("a single output [7, 1]", ([7, 1], np.random.default_rng(SEED + 4))),
        Case("a single input [1, 3, 2]", ([1, 3, 2], np.random.default_rng(SEED + 5))),
    ]


HE_INIT = Spec("he_init", he_init_cases)


# ------------------------------------------------------------------------ linear modules
def linear_forward_cases():
    rng = np.random.default_rng(SEED + 6)
    return [
        Case(
            "a square W (4 x 4): W and W.T both fit",
            (rng.normal(size=(3, 4)), rng.normal(size=(4, 4)), rng.normal(size=4)),
        ),
        Case(
            "5 samples, 4 inputs, 3 units",
            (rng.normal(size=(5, 4)), rng.normal(size=(4, 3)), rng.normal(size=3)),
        ),
        Case(
            "a batch of one", (rng.normal(size=(1, 3)), rng.normal(size=(3, 2)), rng.normal(size=2))
        ),
        Case(
            "a single input feature",
            (rng.normal(size=(6, 1)), rng.normal(size=(1, 3)), rng.normal(size=3)),
        ),
        Case(
            "pixel intensities 0-16 into 5 units",
            (
                rng.integers(0, 17, (4, 6)).astype(float),
                0.1 * rng.normal(size=(6, 5)),
                rng.normal(size=5),
            ),
        ),
    ]


LINEAR_FORWARD = Spec(
    "linear_forward",
    linear_forward_cases,
    outputs=("Z", "cache"),
)


def linear_backward_cases():
    rng = np.random.default_rng(SEED + 7)

    def case(label, n, n_in, n_out):
        A_prev, W = rng.normal(size=(n, n_in)), rng.normal(size=(n_in, n_out))
        return Case(label, (rng.normal(size=(n, n_out)) / n, (A_prev, W)))

    return [
        case("a square W (3 x 3): W and W.T both fit", 6, 3, 3),
        case("5 samples, 4 inputs, 3 units", 5, 4, 3),
        case("a batch of one", 1, 3, 2),
        case("10 samples, 2 inputs, 5 units", 10, 2, 5),
        case("a single unit", 4, 3, 1),
    ]


LINEAR_BACKWARD = Spec(
    "linear_backward",
    linear_backward_cases,
    outputs=("dA_prev", "dW", "db"),
)


# -------------------------------------------------------------------------- ReLU modules
def _with_zeros(rng, shape):
    """Normal entries with about a quarter set to exactly 0 (where relu'(0) matters)."""
    Z = rng.normal(size=shape)
    return np.where(rng.random(shape) < 0.25, 0.0, Z)


def relu_forward_cases():
    rng = np.random.default_rng(SEED + 8)
    return [
        Case("a 4 x 5 batch with exact zeros", (_with_zeros(rng, (4, 5)),)),
        Case("a batch of one", (np.array([[-1.5, 0.0, 2.0, -0.1]]),)),
        Case("every entry negative", (-rng.uniform(0.1, 3.0, (3, 2)),)),
        Case("a 1-D array", (np.array([-2.0, -0.5, 0.0, 0.5, 2.0]),)),
        Case("large values", (1e4 * rng.normal(size=(2, 6)),)),
    ]


RELU_FORWARD = Spec(
    "relu_forward",
    relu_forward_cases,
    outputs=("A", "cache"),
)


def relu_backward_cases():
    rng = np.random.default_rng(SEED + 9)
    return [
        Case(
            "a 4 x 5 batch; Z has exact zeros", (rng.normal(size=(4, 5)), _with_zeros(rng, (4, 5)))
        ),
        Case(
            "a batch of one: Z = [-1, 0, 2, -0.1]",
            (np.array([[0.3, -0.7, 1.1, 0.4]]), np.array([[-1.0, 0.0, 2.0, -0.1]])),
        ),
        Case(
            "every Z negative: no gradient passes",
            (rng.normal(size=(3, 2)), -rng.uniform(0.1, 3.0, (3, 2))),
        ),
        Case(
            "every Z positive: all of it passes",
            (rng.normal(size=(2, 3)), rng.uniform(0.1, 3.0, (2, 3))),
        ),
        Case(
            "negative gradients where Z > 0",
            (-rng.uniform(0.5, 2.0, (3, 4)), _with_zeros(rng, (3, 4))),
        ),
    ]


RELU_BACKWARD = Spec("relu_backward", relu_backward_cases)


# ----------------------------------------------------------------------- dropout modules
def dropout_forward_cases():
    rng = np.random.default_rng(SEED + 10)
    return [
        Case(
            "a 6 x 5 batch, p_drop=0.5",
            (rng.uniform(0, 2, (6, 5)), 0.5, np.random.default_rng(SEED + 11)),
        ),
        Case(
            "a 4 x 8 batch, p_drop=0.2",
            (rng.uniform(0, 2, (4, 8)), 0.2, np.random.default_rng(SEED + 12)),
        ),
        Case(
            "p_drop=0 and rng=None (mlp_loss's default): nothing is drawn, A passes unchanged",
            (rng.uniform(0, 2, (3, 4)), 0.0, None),
        ),
        Case(
            "p_drop=0 with a generator: a mask of ones",
            (rng.uniform(0, 2, (2, 3)), 0, np.random.default_rng(SEED + 13)),
        ),
        Case(
            "a batch of one, p_drop=0.3",
            (rng.uniform(0, 2, (1, 10)), 0.3, np.random.default_rng(SEED + 14)),
        ),
        Case(
            "p_drop=0.9: most units dropped",
            (rng.uniform(0, 2, (5, 6)), 0.9, np.random.default_rng(SEED + 15)),
        ),
    ]


DROPOUT_FORWARD = Spec(
    "dropout_forward",
    dropout_forward_cases,
    outputs=("A_out", "mask"),
)


def dropout_backward_cases():
    rng = np.random.default_rng(SEED + 16)

    def mask(shape, p_drop):
        return (rng.random(shape) >= p_drop) / (1 - p_drop)

    return [
        Case("a 6 x 5 batch, mask of p_drop=0.5", (rng.normal(size=(6, 5)), mask((6, 5), 0.5))),
        Case("a 4 x 8 batch, mask of p_drop=0.2", (rng.normal(size=(4, 8)), mask((4, 8), 0.2))),
        Case("a mask of ones (p_drop=0)", (rng.normal(size=(3, 4)), np.ones((3, 4)))),
        Case("a batch of one, mask of p_drop=0.3", (rng.normal(size=(1, 10)), mask((1, 10), 0.3))),
    ]


DROPOUT_BACKWARD = Spec("dropout_backward", dropout_backward_cases)


# ----------------------------------------------------------------------------- the network
def _data(rng, n, layer_sizes, biases=True):
    """n samples with layer_sizes[0] features, one-hot targets of layer_sizes[-1] classes, and He
    weights; with `biases`, small random biases (so that a forgotten bias shows), else zeros."""
    X = rng.normal(size=(n, layer_sizes[0]))
    Y = one_hot(rng.integers(0, layer_sizes[-1], n), layer_sizes[-1])
    params = ref.he_init(layer_sizes, rng)
    if biases:
        params = [(W, 0.5 * rng.normal(size=b.shape)) for W, b in params]
    return X, Y, params


def mlp_loss_cases():
    rng = np.random.default_rng(SEED + 17)
    X1, Y1, P1 = _data(rng, 8, [4, 5, 3])
    X2, Y2, P2 = _data(rng, 10, [4, 6, 5, 3])
    X3, Y3, P3 = _data(rng, 7, [5, 4])
    X4, Y4, P4 = _data(rng, 1, [3, 6, 2])
    X5, Y5, P5 = _data(rng, 12, [6, 8, 4])
    return [
        Case(
            "layers [4, 5, 3], 8 samples, no dropout (p_drop and rng left at their defaults)",
            (P1, X1, Y1),
        ),
        Case(
            "layers [4, 6, 5, 3], 10 samples, p_drop=0.3: masks drawn in layer order",
            (P2, X2, Y2, 0.3, np.random.default_rng(SEED + 18)),
        ),
        Case("no hidden layer [5, 4] (logistic regression), 7 samples", (P3, X3, Y3)),
        Case(
            "a batch of one, layers [3, 6, 2], p_drop=0.5",
            (P4, X4, Y4),
            {"p_drop": 0.5, "rng": np.random.default_rng(SEED + 19)},
        ),
        Case(
            "layers [6, 8, 4], 12 samples, p_drop=0.2",
            (P5, X5, Y5, 0.2, np.random.default_rng(SEED + 20)),
        ),
        Case(
            "the same network without dropout", (P5, X5, Y5, 0.0, np.random.default_rng(SEED + 21))
        ),
    ]


MLP_LOSS = Spec("mlp_loss", mlp_loss_cases, outputs=("cost", "grads"))


def predict_cases():
    rng = np.random.default_rng(SEED + 22)
    X1, _, P1 = _data(rng, 15, [4, 6, 3])
    X2, _, P2 = _data(rng, 9, [5, 7, 6, 4])
    X3, _, P3 = _data(rng, 6, [3, 5])
    X4, _, P4 = _data(rng, 1, [4, 5, 3])
    X5, _, P5 = _data(rng, 10, [4, 6, 3])
    *hidden, (W, b) = P5
    negative = [*hidden, (W, b - 100.0)]
    return [
        Case("layers [4, 6, 3], 15 samples", (P1, X1)),
        Case("layers [5, 7, 6, 4], 9 samples", (P2, X2)),
        Case("no hidden layer [3, 5]", (P3, X3)),
        Case("a batch of one", (P4, X4)),
        Case("every output negative (the last bias is -100)", (negative, X5)),
    ]


PREDICT = Spec(
    "predict",
    predict_cases,
    kind_hint="np.argmax gives integer labels; do not convert them to float",
)


def train_minibatch_cases():
    rng = np.random.default_rng(SEED + 23)
    X1, Y1, P1 = _data(rng, 23, [4, 6, 3], biases=False)
    X2, Y2, P2 = _data(rng, 12, [4, 3], biases=False)
    X3, Y3, P3 = _data(rng, 5, [3, 4, 2], biases=False)
    X4, Y4, P4 = _data(rng, 6, [3, 5, 2], biases=False)
    X5, Y5, P5 = _data(rng, 17, [5, 6, 4, 3], biases=False)
    return [
        Case(
            "layers [4, 6, 3], 23 samples in batches of 5 (the last holds 3), 3 epochs",
            (P1, X1, Y1, 3, 5, 0.01, np.random.default_rng(SEED + 30)),
        ),
        Case(
            "the same with p_drop=0.25: the masks come from rng after each permutation",
            (P1, X1, Y1, 2, 5, 0.01, np.random.default_rng(SEED + 31), 0.25),
        ),
        Case(
            "no hidden layer [4, 3], 12 samples in batches of 4, 4 epochs",
            (P2, X2, Y2, 4, 4, 0.05, np.random.default_rng(SEED + 32)),
        ),
        Case(
            "a batch of one: 5 samples, 2 epochs (10 Adam steps)",
            (P3, X3, Y3, 2, 1, 0.02, np.random.default_rng(SEED + 33)),
        ),
        Case(
            "a batch larger than the data: one update per epoch, 3 epochs",
            (P4, X4, Y4, 3, 10, 0.05, np.random.default_rng(SEED + 34)),
        ),
        Case(
            "layers [5, 6, 4, 3], 17 samples in batches of 8, p_drop=0.5 by keyword, 2 epochs",
            (P5, X5, Y5, 2, 8, 0.01, np.random.default_rng(SEED + 35)),
            {"p_drop": 0.5},
        ),
    ]


TRAIN_MINIBATCH = Spec(
    "train_minibatch",
    train_minibatch_cases,
    outputs=("params", "costs"),
)

SPECS = [
    ONE_HOT_SPEC,
    HE_INIT,
    LINEAR_FORWARD,
    LINEAR_BACKWARD,
    RELU_FORWARD,
    RELU_BACKWARD,
    DROPOUT_FORWARD,
    DROPOUT_BACKWARD,
    MLP_LOSS,
    PREDICT,
    TRAIN_MINIBATCH,
]
