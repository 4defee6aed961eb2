"""Hidden cases for 06_vanishing_gradients.

The activation functions are tried on 1-D and 2-D arrays, exact zeros (the tie of relu_prime and
leaky_relu_prime is decided at z == 0), -0.0, tiny and large |z|, and a non-default alpha passed
both as a keyword and positionally. Every alpha is below 1, as for any leaky ReLU in use, so that
max(alpha z, z) is a right answer.

The networks have non-square layers (a missing transpose cannot pass), a batch of one sample, a
network without hidden layer, a deep one, and weights large enough to saturate. Every activation
is tried in forward_act and backward_act. The caches given to backward_act come from the
reference forward_act, so they are consistent (A = g(Z), Z = A_prev @ W + b) and right answers
that compute g'(Z) from A — sigmoid: A(1 - A), tanh: 1 - A², (leaky) ReLU: A > 0 — pass.
"""

import numpy as np

from ...judge.describe import named_arguments
from ...judge.spec import Case, Spec
from ..shared import random_params
from . import reference as ref

SEED = 2406
ACTS = ("sigmoid", "tanh", "relu", "leaky_relu")


# ----------------------------------------------------------------- activation functions
def z_cases(seed):
    rng = np.random.default_rng(seed)
    return [
        Case("1-D values of both signs", (rng.normal(scale=2.0, size=9),)),
        Case("a 2-D matrix (4 x 5)", (rng.normal(scale=2.0, size=(4, 5)),)),
        Case(
            "exact zeros, -0.0 and tiny values", (np.array([0.0, -0.0, 1e-300, -1e-300, 0.0, 1.5]),)
        ),
        Case("large |z|", (np.array([-1e4, -50.0, -20.0, 20.0, 50.0, 1e4]),)),
        Case("a single value", (np.array([-0.3]),)),
        Case("a column (3 x 1) with a zero", (np.array([[0.7], [0.0], [-2.5]]),)),
    ]


def alpha_cases(seed):
    """The z cases with the default alpha, then non-default alphas by keyword and by position."""
    rng = np.random.default_rng(seed + 100)
    ties = np.array([[-3.0, 0.0, 2.0], [-0.0, -0.5, 4.0]])
    return z_cases(seed) + [
        Case("alpha=0.2 as a keyword", (rng.normal(scale=2.0, size=7),), {"alpha": 0.2}),
        Case("alpha=0.05 passed positionally", (rng.normal(scale=2.0, size=(3, 4)), 0.05)),
        Case("zeros with alpha=0.3 (keyword)", (ties,), {"alpha": 0.3}),
        Case("large |z| with alpha=0.1 (positional)", (np.array([-1e4, -60.0, 60.0, 1e4]), 0.1)),
    ]


TANH_PRIME = Spec("tanh_prime", lambda: z_cases(SEED))

RELU = Spec("relu", lambda: z_cases(SEED + 1))

RELU_PRIME = Spec("relu_prime", lambda: z_cases(SEED + 2))


LEAKY_RELU = Spec("leaky_relu", lambda: alpha_cases(SEED + 3))

LEAKY_RELU_PRIME = Spec("leaky_relu_prime", lambda: alpha_cases(SEED + 4))


# ------------------------------------------------------------------------------ networks
def _network(rng, sizes, n, scale=1.0):
    """Inputs and parameters of a network with the given layer sizes (weights times `scale`)."""
    X = rng.normal(size=(n, sizes[0]))
    return X, random_params(rng, sizes, scale)


def network_plans():
    """(label, sizes, batch size, weight scale, act), the same for forward_act and backward_act."""
    plans = [
        (f"3-5-4-2 network, 6 samples, act={act!r}", (3, 5, 4, 2), 6, 1.0, act) for act in ACTS
    ]
    plans += [
        ("2-6-1 network, a batch of 1, act='tanh'", (2, 6, 1), 1, 1.0, "tanh"),
        ("2-6-1 network, a batch of 1, act='relu'", (2, 6, 1), 1, 1.0, "relu"),
        ("no hidden layer (4-3), act='tanh': only the sigmoid output", (4, 3), 5, 1.0, "tanh"),
        (
            "deep 3-4-4-4-4-4-2 network, act='leaky_relu'",
            (3, 4, 4, 4, 4, 4, 2),
            7,
            1.5,
            "leaky_relu",
        ),
        ("deep 2-3-3-3-3-1 network, act='sigmoid'", (2, 3, 3, 3, 3, 1), 4, 1.0, "sigmoid"),
        ("weights x 4 (saturated units), 4-7-3 network, act='tanh'", (4, 7, 3), 5, 4.0, "tanh"),
        (
            "weights x 4 (saturated units), 4-7-3 network, act='sigmoid'",
            (4, 7, 3),
            5,
            4.0,
            "sigmoid",
        ),
    ]
    return plans


def network_summary(case, spec):
    """The inputs of a network case in a few words: shapes, layer sizes and act."""
    args = dict(named_arguments(spec, case))
    params = args["params"]
    sizes = [np.shape(W)[0] for W, _ in params] + [np.shape(params[-1][0])[1]]
    data = "X" if "X" in args else "Y"
    return (
        f"{data} of shape {np.shape(args[data])}, layer sizes {'-'.join(map(str, sizes))}, "
        f"act={args['act']!r}"
    )


def forward_cases():
    rng = np.random.default_rng(SEED + 5)
    cases = []
    for label, sizes, n, scale, act in network_plans():
        X, params = _network(rng, sizes, n, scale)
        cases.append(Case(label, (X, params, act)))
    X, params = _network(rng, (3, 4, 2), 3)
    cases.append(Case("act='relu' passed by keyword, 3-4-2 network", (X, params), {"act": "relu"}))
    return cases


FORWARD_ACT = Spec(
    "forward_act",
    forward_cases,
    outputs=("A_out", "cache"),
    uses=("relu", "leaky_relu"),
    summary=network_summary,
)


def backward_cases():
    rng = np.random.default_rng(SEED + 6)
    cases = []
    for label, sizes, n, scale, act in network_plans():
        X, params = _network(rng, sizes, n, scale)
        Y = rng.uniform(0, 1, (n, sizes[-1]))
        _, cache = ref.forward_act(X, params, act)
        cases.append(Case(label, (Y, params, cache, act)))
    X, params = _network(rng, (3, 4, 2), 3)
    _, cache = ref.forward_act(X, params, "relu")
    Y = rng.integers(0, 2, (3, 2)).astype(float)
    cases.append(
        Case(
            "act='relu' passed by keyword, 0/1 targets, 3-4-2 network",
            (Y, params, cache),
            {"act": "relu"},
        )
    )
    return cases


BACKWARD_ACT = Spec(
    "backward_act",
    backward_cases,
    summary=network_summary,
    uses=("tanh_prime", "relu_prime", "leaky_relu_prime"),
)


# --------------------------------------------------------------------- layer_grad_norms
def norm_cases():
    rng = np.random.default_rng(SEED + 7)
    cases = []
    for label, sizes, act in (
        ("3-5-4-2 network (3 layers), tanh", (3, 5, 4, 2), "tanh"),
        ("2-6-1 network (2 layers), relu", (2, 6, 1), "relu"),
        ("deep 3-4-4-4-4-4-2 network (6 layers), sigmoid", (3, 4, 4, 4, 4, 4, 2), "sigmoid"),
        ("one layer (4-3)", (4, 3), "sigmoid"),
    ):
        X, params = _network(rng, sizes, 5)
        Y = rng.uniform(0, 1, (5, sizes[-1]))
        _, cache = ref.forward_act(X, params, act)
        cases.append(
            Case(f"the gradients of a {label}", (ref.backward_act(Y, params, cache, act),))
        )
    handmade = [
        (np.array([[3.0, 4.0], [0.0, 12.0]]), np.array([100.0, -50.0])),
        (np.array([[-2.0]]), np.array([7.0])),
        (np.zeros((1, 3)), np.ones(3)),
    ]
    cases.append(Case("hand-made: a large db, a 1 x 1 dW, a zero dW", (handmade,)))
    return cases


NORMS = Spec("layer_grad_norms", norm_cases)

SPECS = [
    TANH_PRIME,
    RELU,
    RELU_PRIME,
    LEAKY_RELU,
    LEAKY_RELU_PRIME,
    FORWARD_ACT,
    BACKWARD_ACT,
    NORMS,
]
