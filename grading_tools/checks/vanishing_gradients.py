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

from course.checks import Difference, difference

from ..reference import vanishing_gradients as reference
from ..reference.vanishing_gradients import ACTIVATIONS
from .core import Case, KnownMistake, Spec, named_arguments

SEED = 2406
ACTS = ("sigmoid", "tanh", "relu", "leaky_relu")


# ----------------------------------------------------------------- activation functions
def z_cases(seed):
    rng = np.random.default_rng(seed)
    return [
        Case("1-D values of both signs", (rng.normal(scale=2.0, size=9),)),
        Case("a 2-D matrix (4 x 5)", (rng.normal(scale=2.0, size=(4, 5)),)),
        Case("exact zeros, -0.0 and tiny values", (np.array([0.0, -0.0, 1e-300, -1e-300, 0.0, 1.5]),)),
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


def _tanh(z):
    return np.tanh(np.asarray(z, dtype=float))


TANH_PRIME = Spec(
    "tanh_prime", lambda: z_cases(SEED),
    mistakes=(
        KnownMistake("the square is missing: tanh'(z) = 1 - tanh(z)**2", lambda z: 1 - _tanh(z)),
        KnownMistake("1 - z**2 is the derivative written with the activation a = tanh(z), "
                     "i.e. 1 - a**2: apply it to tanh(z), not to z",
                     lambda z: 1 - np.asarray(z, dtype=float) ** 2),
        KnownMistake("1/cosh(z) must be squared: tanh'(z) = 1/cosh(z)**2",
                     lambda z: 1 / np.cosh(np.asarray(z, dtype=float))),
        KnownMistake("tanh(z)(1 - tanh(z)) is the sigmoid's formula; tanh'(z) = 1 - tanh(z)**2",
                     lambda z: _tanh(z) * (1 - _tanh(z))),
    ),
)

RELU = Spec(
    "relu", lambda: z_cases(SEED + 1),
    mistakes=(
        KnownMistake("this is relu's derivative (0 or 1); relu(z) = max(0, z)",
                     lambda z: np.where(np.asarray(z) > 0, 1.0, 0.0)),
        KnownMistake("negative z must give 0, not |z|", lambda z: np.abs(z)),
        KnownMistake("relu is not capped at 1: it is max(0, z), not clip(z, 0, 1)",
                     lambda z: np.clip(z, 0.0, 1.0)),
    ),
)

RELU_PRIME = Spec(
    "relu_prime", lambda: z_cases(SEED + 2),
    mistakes=(
        KnownMistake("relu_prime(0) must be 0: the contract uses z > 0, not z >= 0",
                     lambda z: np.where(np.asarray(z) >= 0, 1.0, 0.0)),
        KnownMistake("this is relu(z) itself; its derivative is 1 where z > 0, else 0",
                     lambda z: np.maximum(0.0, z)),
        KnownMistake("np.sign gives -1 for negative z; the derivative there is 0", np.sign),
    ),
)


def _where(z, positive, other):
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, positive(z), other(z))


LEAKY_RELU = Spec(
    "leaky_relu", lambda: alpha_cases(SEED + 3),
    mistakes=(
        KnownMistake("max(alpha, z) compares z with the constant alpha; leaky ReLU is alpha*z for z <= 0",
                     lambda z, alpha=0.01: np.maximum(alpha, z)),
        KnownMistake("alpha is ignored: use the alpha argument, not a hard-coded 0.01",
                     lambda z, alpha=0.01: reference.leaky_relu(z)),
        KnownMistake("for z <= 0 the output is alpha * z, not the constant alpha",
                     lambda z, alpha=0.01: _where(z, lambda v: v, lambda v: alpha + 0 * v)),
        KnownMistake("the negative part has the wrong sign: alpha * z, not -alpha * z",
                     lambda z, alpha=0.01: _where(z, lambda v: v, lambda v: -alpha * v)),
        KnownMistake("this is relu: for z <= 0 leaky ReLU gives alpha * z, not 0",
                     lambda z, alpha=0.01: np.maximum(0.0, z)),
    ),
)

LEAKY_RELU_PRIME = Spec(
    "leaky_relu_prime", lambda: alpha_cases(SEED + 4),
    mistakes=(
        KnownMistake("for z <= 0 the slope is alpha, not 0 (that is relu_prime)",
                     lambda z, alpha=0.01: reference.relu_prime(z)),
        KnownMistake("at z == 0 the contract gives alpha (1 only where z > 0)",
                     lambda z, alpha=0.01: np.where(np.asarray(z) >= 0, 1.0, alpha)),
        KnownMistake("alpha is ignored: use the alpha argument, not a hard-coded 0.01",
                     lambda z, alpha=0.01: reference.leaky_relu_prime(z)),
        KnownMistake("the slope for z <= 0 is the constant alpha, not alpha * z",
                     lambda z, alpha=0.01: _where(z, lambda v: 1 + 0 * v, lambda v: alpha * v)),
        KnownMistake("this is leaky_relu itself, not its derivative",
                     lambda z, alpha=0.01: reference.leaky_relu(z, alpha)),
    ),
)


# ------------------------------------------------------------------------------ networks
def _network(rng, sizes, n, scale=1.0):
    """Inputs and parameters of a network with the given layer sizes (weights times `scale`)."""
    X = rng.normal(size=(n, sizes[0]))
    params = [(rng.uniform(-1, 1, (n_in, n_out)) * scale, rng.uniform(-1, 1, n_out) * scale)
              for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    return X, params


def network_plans():
    """(label, sizes, batch size, weight scale, act), the same for forward_act and backward_act."""
    plans = [(f"3-5-4-2 network, 6 samples, act={act!r}", (3, 5, 4, 2), 6, 1.0, act) for act in ACTS]
    plans += [
        ("2-6-1 network, a batch of 1, act='tanh'", (2, 6, 1), 1, 1.0, "tanh"),
        ("2-6-1 network, a batch of 1, act='relu'", (2, 6, 1), 1, 1.0, "relu"),
        ("no hidden layer (4-3), act='tanh': only the sigmoid output", (4, 3), 5, 1.0, "tanh"),
        ("deep 3-4-4-4-4-4-2 network, act='leaky_relu'", (3, 4, 4, 4, 4, 4, 2), 7, 1.5, "leaky_relu"),
        ("deep 2-3-3-3-3-1 network, act='sigmoid'", (2, 3, 3, 3, 3, 1), 4, 1.0, "sigmoid"),
        ("weights x 4 (saturated units), 4-7-3 network, act='tanh'", (4, 7, 3), 5, 4.0, "tanh"),
        ("weights x 4 (saturated units), 4-7-3 network, act='sigmoid'", (4, 7, 3), 5, 4.0, "sigmoid"),
    ]
    return plans


def compare_grads(got, expected, spec):
    """None if the gradients match, else a Difference naming the layer and the array."""
    pairs = _pairs(got)
    if pairs is None or len(pairs) != len(expected):
        size = f" of length {len(got)}" if hasattr(got, "__len__") else ""
        return Difference(f"the result should be a list of {len(expected)} (dW, db) pairs, one per "
                          f"layer, first layer first; got {type(got).__name__}{size}")
    for layer, ((dW, db), (eW, eb)) in enumerate(zip(pairs, expected), start=1):
        for name, g, e in ((f"dW of layer {layer}", dW, eW), (f"db of layer {layer}", db, eb)):
            problem = difference(g, e, (), spec.rtol, spec.atol, name)
            if problem is not None:
                return problem
    return None


def network_summary(case, spec):
    """The inputs of a network case in a few words: shapes, layer sizes and act."""
    args = dict(named_arguments(spec, case))
    params = args["params"]
    sizes = [np.shape(W)[0] for W, _ in params] + [np.shape(params[-1][0])[1]]
    data = "X" if "X" in args else "Y"
    return (f"{data} of shape {np.shape(args[data])}, layer sizes {'-'.join(map(str, sizes))}, "
            f"act={args['act']!r}")


def forward_cases():
    rng = np.random.default_rng(SEED + 5)
    cases = []
    for label, sizes, n, scale, act in network_plans():
        X, params = _network(rng, sizes, n, scale)
        cases.append(Case(label, (X, params, act)))
    X, params = _network(rng, (3, 4, 2), 3)
    cases.append(Case("act='relu' passed by keyword, 3-4-2 network", (X, params), {"act": "relu"}))
    return cases


def _forward_variant(X, params, act, hidden=None, output=None, bias=(True, True)):
    """forward_act with the hidden and/or output activation replaced, or the bias of the hidden
    and/or output layers left out (`bias` = (hidden, output)), to recognize mistakes."""
    g = hidden or ACTIVATIONS[act][0]
    out = output or reference.sigmoid
    A, cache = X, {"A": [X], "Z": []}
    for layer, (W, b) in enumerate(params):
        Z = A @ W + b if bias[layer == len(params) - 1] else A @ W
        A = out(Z) if layer == len(params) - 1 else g(Z)
        cache["Z"].append(Z)
        cache["A"].append(A)
    return A, cache


def _relu_for_leaky(act):
    if act != "leaky_relu":
        raise ValueError("this mistake is about leaky_relu only")
    return reference.relu


FORWARD_ACT = Spec(
    "forward_act", forward_cases, outputs=("A_out", "cache"), uses=("relu", "leaky_relu"),
    summary=network_summary,
    mistakes=(
        KnownMistake("the output layer must use the sigmoid, whatever `act` is",
                     lambda X, params, act: _forward_variant(X, params, act,
                                                             output=ACTIVATIONS[act][0])),
        KnownMistake("the hidden layers must use `act`, not the sigmoid",
                     lambda X, params, act: _forward_variant(X, params, act, hidden=reference.sigmoid)),
        KnownMistake("the output layer needs its sigmoid: A_L = sigmoid(Z_L)",
                     lambda X, params, act: _forward_variant(X, params, act, output=lambda z: z)),
        KnownMistake("for act='leaky_relu' the hidden layers give alpha * z for z <= 0, not 0 (that is relu)",
                     lambda X, params, act: _forward_variant(X, params, act, hidden=_relu_for_leaky(act))),
        KnownMistake("cache['A'] must start with X: [X, A1, ..., AL]",
                     lambda X, params, act: (lambda A, c: (A, {"A": c["A"][1:], "Z": c["Z"]}))(
                         *reference.forward_act(X, params, act))),
        KnownMistake("the bias is missing: every layer computes Z = A_prev @ W + b",
                     lambda X, params, act: _forward_variant(X, params, act, bias=(False, True))),
        KnownMistake("the bias is missing: every layer computes Z = A_prev @ W + b",
                     lambda X, params, act: _forward_variant(X, params, act, bias=(False, False))),
    ),
)


def backward_cases():
    rng = np.random.default_rng(SEED + 6)
    cases = []
    for label, sizes, n, scale, act in network_plans():
        X, params = _network(rng, sizes, n, scale)
        Y = rng.uniform(0, 1, (n, sizes[-1]))
        _, cache = reference.forward_act(X, params, act)
        cases.append(Case(label, (Y, params, cache, act)))
    X, params = _network(rng, (3, 4, 2), 3)
    _, cache = reference.forward_act(X, params, "relu")
    Y = rng.integers(0, 2, (3, 2)).astype(float)
    cases.append(Case("act='relu' passed by keyword, 0/1 targets, 3-4-2 network",
                      (Y, params, cache), {"act": "relu"}))
    return cases


def _backward_variant(Y, params, cache, act, hidden_prime=None, at="Z", output_prime=None):
    """backward_act with one switchable mistake, to recognize common errors.

    `at` is where the derivatives are taken: "Z" (right), "A" (every layer) or "hidden A"
    (the hidden layers only, BP1 right).
    """
    g_prime = hidden_prime or ACTIVATIONS[act][1]
    out_prime = output_prime or reference.sigmoid_prime
    A, Z = cache["A"], cache["Z"]
    n = len(Y)
    point = Z if at == "Z" else A[1:]
    delta = (A[-1] - Y) * out_prime(Z[-1] if at == "hidden A" else point[-1])
    grads = []
    for layer in reversed(range(len(params))):
        grads.insert(0, (A[layer].T @ delta / n, delta.mean(axis=0)))
        if layer > 0:
            delta = (delta @ params[layer][0].T) * g_prime(point[layer - 1])
    return grads


def _pairs(grads):
    """The gradients as a list of (dW, db) pairs, or None if they are not shaped like that."""
    try:
        pairs = [tuple(pair) for pair in grads]
    except TypeError:
        return None
    return pairs if all(len(pair) == 2 for pair in pairs) else None


BACKWARD_ACT = Spec(
    "backward_act", backward_cases, compare=compare_grads, summary=network_summary,
    uses=("tanh_prime", "relu_prime", "leaky_relu_prime"),
    mistakes=(
        KnownMistake("BP2 must use the derivative of `act` for the hidden layers, not sigmoid_prime",
                     lambda Y, params, cache, act: _backward_variant(
                         Y, params, cache, act, hidden_prime=reference.sigmoid_prime)),
        KnownMistake("the derivative is taken at A instead of Z: use g'(Z) of the cache's 'Z'",
                     lambda Y, params, cache, act: _backward_variant(Y, params, cache, act, at="A")),
        KnownMistake("the derivative is taken at A instead of Z: use g'(Z) of the cache's 'Z'",
                     lambda Y, params, cache, act: _backward_variant(Y, params, cache, act, at="hidden A")),
        KnownMistake("BP1 uses the output layer's derivative: the output is a sigmoid, so sigmoid_prime(Z_L)",
                     lambda Y, params, cache, act: _backward_variant(
                         Y, params, cache, act, output_prime=ACTIVATIONS[act][1])),
        KnownMistake("the gradients are listed last layer first; the contract wants the first layer first",
                     lambda Y, params, cache, act: reference.backward_act(Y, params, cache, act)[::-1]),
    ),
)


# --------------------------------------------------------------------- layer_grad_norms
def norm_cases():
    rng = np.random.default_rng(SEED + 7)
    cases = []
    for label, sizes, act in (("3-5-4-2 network (3 layers), tanh", (3, 5, 4, 2), "tanh"),
                              ("2-6-1 network (2 layers), relu", (2, 6, 1), "relu"),
                              ("deep 3-4-4-4-4-4-2 network (6 layers), sigmoid", (3, 4, 4, 4, 4, 4, 2), "sigmoid"),
                              ("one layer (4-3)", (4, 3), "sigmoid")):
        X, params = _network(rng, sizes, 5)
        Y = rng.uniform(0, 1, (5, sizes[-1]))
        _, cache = reference.forward_act(X, params, act)
        cases.append(Case(f"the gradients of a {label}",
                          (reference.backward_act(Y, params, cache, act),)))
    handmade = [(np.array([[3.0, 4.0], [0.0, 12.0]]), np.array([100.0, -50.0])),
                (np.array([[-2.0]]), np.array([7.0])),
                (np.zeros((1, 3)), np.ones(3))]
    cases.append(Case("hand-made: a large db, a 1 x 1 dW, a zero dW", (handmade,)))
    return cases


NORMS = Spec(
    "layer_grad_norms", norm_cases,
    mistakes=(
        KnownMistake("only dW counts: leave db out of the norm",
                     lambda grads: [float(np.sqrt(np.sum(dW ** 2) + np.sum(db ** 2))) for dW, db in grads]),
        KnownMistake("the norm is the square root of the sum of squares (these are squared norms)",
                     lambda grads: [float(np.sum(dW ** 2)) for dW, _ in grads]),
        KnownMistake("first layer first: the list is reversed",
                     lambda grads: [float(np.linalg.norm(dW)) for dW, _ in grads][::-1]),
        KnownMistake("np.linalg.norm(dW, 2) is the spectral norm of a matrix; the Frobenius norm is "
                     "np.linalg.norm(dW) (or 'fro')",
                     lambda grads: [float(np.linalg.norm(dW, 2)) for dW, _ in grads]),
        KnownMistake("these are the norms of db; the contract asks for dW (each pair is (dW, db))",
                     lambda grads: [float(np.linalg.norm(db)) for _, db in grads]),
    ),
)

SPECS = [TANH_PRIME, RELU, RELU_PRIME, LEAKY_RELU, LEAKY_RELU_PRIME, FORWARD_ACT, BACKWARD_ACT, NORMS]
