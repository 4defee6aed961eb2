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

from ..mistakes import Mistake
from ..reference import vanishing_gradients as ref
from .core import Case, Spec, named_arguments

SEED = 2406
ACTS = ("sigmoid", "tanh", "relu", "leaky_relu")


# The mistakes students make, as patches of the reference (grading_tools.mistakes).
TANH_SLOPE = "1 - np.tanh(z) ** 2"
RELU_SLOPE = "np.where(np.asarray(z) > 0, 1.0, 0.0)"
LEAKY = "alpha * np.asarray(z)"
OUTPUT_LAYER = "A = sigmoid(Z) if layer == len(params) - 1 else g(Z)"
HIDDEN_ACT = "g, _ = ACTIVATIONS[act]"
BP2_AT = "g_prime(Z[layer - 1])"
NORM = "np.linalg.norm(dW)"
MISTAKES = (
    Mistake(
        ref.tanh_prime,
        "np.tanh(z) ** 2",
        "np.tanh(z)",
        "1 - tanh(z): the square is missing",
        says="the square is missing: tanh'(z) = 1 - tanh(z)**2",
    ),
    Mistake(
        ref.tanh_prime,
        "np.tanh(z) ** 2",
        "z ** 2",
        "1 - z**2: the activation form 1 - a**2 applied to z",
        says="1 - z**2 is the derivative written with the activation a = tanh(z), i.e. "
        "1 - a**2: apply it to tanh(z), not to z",
    ),
    Mistake(
        ref.tanh_prime,
        TANH_SLOPE,
        "1 / np.cosh(z)",
        "1 / cosh(z): the square is missing",
        says="1/cosh(z) must be squared: tanh'(z) = 1/cosh(z)**2",
    ),
    Mistake(
        ref.tanh_prime,
        TANH_SLOPE,
        "np.tanh(z) * (1 - np.tanh(z))",
        "the sigmoid's formula t (1 - t)",
        says="tanh(z)(1 - tanh(z)) is the sigmoid's formula; tanh'(z) = 1 - tanh(z)**2",
    ),
    Mistake(ref.tanh_prime, "1 - np.tanh", "1 + np.tanh", "1 + tanh(z)**2: a sign slip"),
    Mistake(
        ref.tanh_prime,
        TANH_SLOPE,
        "2 * sigmoid_prime(2 * z)",
        "2 sigma'(2z): the chain rule's inner factor 2 used once instead of twice",
        hint="a factor 2 missing",
    ),
    Mistake(
        ref.relu,
        "np.maximum(0.0, z)",
        "np.where(z > 0, 1.0, 0.0)",
        "returns the derivative (1 where z > 0, else 0)",
        says="this is relu's derivative (0 or 1); relu(z) = max(0, z)",
    ),
    Mistake(
        ref.relu,
        "np.maximum(0.0, z)",
        "np.abs(z)",
        "abs(z)",
        says="negative z must give 0, not |z|",
    ),
    Mistake(
        ref.relu,
        "np.maximum(0.0, z)",
        "np.clip(z, 0, 1)",
        "clips to [0, 1]",
        says="relu is not capped at 1: it is max(0, z), not clip(z, 0, 1)",
    ),
    Mistake(
        ref.relu,
        "return np.maximum(0.0, z)",
        "z[z < 0] = 0\n    return z",
        "sets negative entries to 0 in place",
    ),
    Mistake(ref.relu, "np.maximum(0.0, z)", "max(0, z)", "Python max: fails on arrays"),
    Mistake(
        ref.relu,
        "np.maximum(0.0, z)",
        "np.array([0.0, 0.0, 3.0])",
        "hard-codes the visible example",
    ),
    Mistake(
        ref.relu_prime,
        "np.asarray(z) > 0",
        "np.asarray(z) >= 0",
        "a tie z == 0 gives 1 (>= instead of >)",
        says="relu_prime(0) must be 0: the contract uses z > 0, not z >= 0",
    ),
    Mistake(
        ref.relu_prime,
        RELU_SLOPE,
        "np.maximum(0, z)",
        "returns relu(z)",
        says="this is relu(z) itself; its derivative is 1 where z > 0, else 0",
    ),
    Mistake(
        ref.relu_prime,
        RELU_SLOPE,
        "np.sign(z)",
        "np.sign: -1 for negative z",
        says="np.sign gives -1 for negative z; the derivative there is 0",
    ),
    Mistake(
        ref.relu_prime,
        RELU_SLOPE,
        "np.heaviside(z, 1.0)",
        "np.heaviside with 1 at the tie",
        hint="relu_prime(0) must be 0",
    ),
    Mistake(
        ref.relu_prime,
        f"return {RELU_SLOPE}",
        "z[...] = z > 0\n    return z",
        "overwrites z in place",
    ),
    Mistake(
        ref.relu_prime,
        f"return {RELU_SLOPE}",
        'with np.errstate(invalid="ignore"):\n'
        "        return np.nan_to_num(np.maximum(z, 0) / np.abs(z), nan=1.0)",
        "z / |z| with the NaN at 0 replaced by 1",
        hint="relu_prime(0) must be 0",
    ),
    Mistake(
        ref.leaky_relu,
        f"np.where(np.asarray(z) > 0, z, {LEAKY})",
        "np.maximum(alpha, z)",
        "max(alpha, z) instead of max(alpha z, z)",
        says="max(alpha, z) compares z with the constant alpha; leaky ReLU is alpha*z for z <= 0",
    ),
    Mistake(
        ref.leaky_relu,
        LEAKY,
        "0.01 * np.asarray(z)",
        "alpha hard-coded to 0.01",
        says="alpha is ignored: use the alpha argument, not a hard-coded 0.01",
    ),
    Mistake(
        ref.leaky_relu,
        LEAKY,
        "alpha",
        "the constant alpha for z <= 0",
        says="for z <= 0 the output is alpha * z, not the constant alpha",
    ),
    Mistake(
        ref.leaky_relu,
        LEAKY,
        f"-{LEAKY}",
        "-alpha z for z <= 0 (lecture 001's LReLU(-z) = alpha z, read literally)",
        says="the negative part has the wrong sign: alpha * z, not -alpha * z",
    ),
    Mistake(
        ref.leaky_relu,
        "return np.where",
        "z[z < 0] *= alpha\n    return np.where",
        "scales the negative entries of z in place",
    ),
    Mistake(
        ref.leaky_relu,
        f"np.where(np.asarray(z) > 0, z, {LEAKY})",
        "np.maximum(0, z)",
        "plain relu: alpha forgotten",
        says="this is relu: for z <= 0 leaky ReLU gives alpha * z, not 0",
    ),
    Mistake(
        ref.leaky_relu_prime,
        "1.0, alpha)",
        "1.0, 0.0)",
        "0 instead of alpha for z <= 0",
        says="for z <= 0 the slope is alpha, not 0 (that is relu_prime)",
    ),
    Mistake(
        ref.leaky_relu_prime,
        "np.asarray(z) > 0",
        "np.asarray(z) >= 0",
        "a tie z == 0 gives 1 (>= instead of >)",
        says="at z == 0 the contract gives alpha (1 only where z > 0)",
    ),
    Mistake(
        ref.leaky_relu_prime,
        "1.0, alpha)",
        "1.0, 0.01)",
        "alpha hard-coded to 0.01",
        says="alpha is ignored: use the alpha argument, not a hard-coded 0.01",
    ),
    Mistake(
        ref.leaky_relu_prime,
        "1.0, alpha)",
        "1.0, alpha * z)",
        "alpha z instead of alpha for z <= 0",
        says="the slope for z <= 0 is the constant alpha, not alpha * z",
    ),
    Mistake(
        ref.leaky_relu_prime,
        "1.0, alpha)",
        f"z, {LEAKY})",
        "returns leaky_relu(z)",
        says="this is leaky_relu itself, not its derivative",
    ),
    Mistake(
        ref.leaky_relu_prime,
        "1.0, alpha)",
        "alpha, 1.0)",
        "the slopes swapped: alpha where z > 0, 1 elsewhere",
    ),
    Mistake(
        ref.forward_act,
        OUTPUT_LAYER,
        "A = g(Z)",
        "act on the output layer too",
        says="the output layer must use the sigmoid, whatever `act` is",
    ),
    Mistake(
        ref.forward_act,
        HIDDEN_ACT,
        "g = sigmoid",
        "sigmoid on the hidden layers whatever act is",
        says="the hidden layers must use `act`, not the sigmoid",
    ),
    Mistake(
        ref.forward_act,
        "A = sigmoid(Z) if",
        "A = Z if",
        "no sigmoid on the output layer",
        says="the output layer needs its sigmoid: A_L = sigmoid(Z_L)",
    ),
    Mistake(
        ref.forward_act,
        'cache = {"A": [X], "Z": []}',
        'cache = {"A": [], "Z": []}',
        "cache['A'] without X",
        says="cache['A'] must start with X: [X, A1, ..., AL]",
    ),
    Mistake(
        ref.forward_act,
        HIDDEN_ACT,
        'g, _ = ACTIVATIONS["relu" if act == "leaky_relu" else act]',
        "'leaky_relu' mapped to relu",
        says="for act='leaky_relu' the hidden layers give alpha * z for z <= 0, not 0 (that "
        "is relu)",
    ),
    Mistake(
        ref.forward_act,
        "Z = A @ W + b",
        "Z = A @ W + b if layer == len(params) - 1 else A @ W",
        "forgets the bias of the hidden layers",
        says="the bias is missing: every layer computes Z = A_prev @ W + b",
    ),
    Mistake(
        ref.forward_act,
        "Z = A @ W + b",
        "Z = A @ W",
        "forgets the bias of every layer",
        says="the bias is missing: every layer computes Z = A_prev @ W + b",
    ),
    Mistake(ref.forward_act, "    A = X\n", "    A = g(X)\n", "act applied to the input X as well"),
    Mistake(
        ref.backward_act,
        "_, g_prime = ACTIVATIONS[act]",
        "g_prime = sigmoid_prime",
        "sigmoid_prime for the hidden layers whatever act is",
        says="BP2 must use the derivative of `act` for the hidden layers, not sigmoid_prime",
    ),
    Mistake(
        ref.backward_act,
        BP2_AT,
        "g_prime(A[layer])",
        "the derivative taken at A instead of Z",
        says="the derivative is taken at A instead of Z: use g'(Z) of the cache's 'Z'",
    ),
    Mistake(
        ref.backward_act,
        'A, Z = cache["A"], cache["Z"]',
        'A, Z = cache["A"], cache["A"][1:]',
        "every derivative, BP1's too, taken at A instead of Z",
        says="the derivative is taken at A instead of Z: use g'(Z) of the cache's 'Z'",
    ),
    Mistake(
        ref.backward_act,
        "output_delta(A[-1], Z[-1], Y)",
        "(A[-1] - Y) * g_prime(Z[-1])",
        "act's derivative in BP1 too (the output is a sigmoid)",
        says="BP1 uses the output layer's derivative: the output is a sigmoid, so "
        "sigmoid_prime(Z_L)",
    ),
    Mistake(
        ref.backward_act,
        "(A[layer].T @ delta / n, delta.mean(axis=0))",
        "(A[layer].T @ delta, delta.sum(axis=0))",
        "sums over the batch instead of averaging",
        hint="sum over the",
    ),
    Mistake(
        ref.backward_act,
        "grads.insert(0, ",
        "grads.append(",
        "grads listed last layer first",
        says="the gradients are listed last layer first; the contract wants the first layer first",
    ),
    Mistake(
        ref.backward_act,
        "params[layer][0].T",
        "params[layer][0].reshape(delta.shape[1], -1)",
        "BP2 with W reshaped to fit instead of transposed",
    ),
    Mistake(
        ref.layer_grad_norms,
        f"float({NORM}) for dW, _ in grads",
        "float(np.sqrt(np.sum(dW ** 2) + np.sum(db ** 2))) for dW, db in grads",
        "includes db in the norm",
        says="only dW counts: leave db out of the norm",
    ),
    Mistake(
        ref.layer_grad_norms,
        NORM,
        "np.sum(dW ** 2)",
        "squared norms",
        says="the norm is the square root of the sum of squares (these are squared norms)",
    ),
    Mistake(
        ref.layer_grad_norms,
        "in grads]",
        "in reversed(grads)]",
        "last layer first",
        says="first layer first: the list is reversed",
    ),
    Mistake(
        ref.layer_grad_norms,
        NORM,
        "np.linalg.norm(dW, 2)",
        "np.linalg.norm(dW, 2): the spectral norm",
        demo=True,
        says="np.linalg.norm(dW, 2) is the spectral norm of a matrix; the Frobenius norm is "
        "np.linalg.norm(dW) (or 'fro')",
    ),
    Mistake(
        ref.layer_grad_norms,
        f"{NORM}) for dW, _ in grads",
        "np.linalg.norm(db)) for _, db in grads",
        "the norms of db instead of dW",
        says="these are the norms of db; the contract asks for dW (each pair is (dW, db))",
    ),
    Mistake(
        ref.layer_grad_norms,
        NORM,
        "np.abs(dW).max()",
        "the largest |entry| instead of the Frobenius norm",
    ),
    Mistake(
        ref.layer_grad_norms,
        NORM,
        "np.sqrt(np.mean(dW ** 2))",
        "mean of squares under the root (RMS, not the norm)",
    ),
)


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
    params = [
        (rng.uniform(-1, 1, (n_in, n_out)) * scale, rng.uniform(-1, 1, n_out) * scale)
        for n_in, n_out in zip(sizes[:-1], sizes[1:])
    ]
    return X, params


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


def compare_grads(got, expected, spec):
    """None if the gradients match, else a Difference naming the layer and the array."""
    pairs = _pairs(got)
    if pairs is None or len(pairs) != len(expected):
        size = f" of length {len(got)}" if hasattr(got, "__len__") else ""
        return Difference(
            f"the result should be a list of {len(expected)} (dW, db) pairs, one per "
            f"layer, first layer first; got {type(got).__name__}{size}"
        )
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


def _pairs(grads):
    """The gradients as a list of (dW, db) pairs, or None if they are not shaped like that."""
    try:
        pairs = [tuple(pair) for pair in grads]
    except TypeError:
        return None
    return pairs if all(len(pair) == 2 for pair in pairs) else None


BACKWARD_ACT = Spec(
    "backward_act",
    backward_cases,
    compare=compare_grads,
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
