"""06_vanishing_gradients: the mistakes students make, and correct solutions unlike the reference.

Each function is self-contained notebook code: it may use `np`, the assignment's other contract
functions and the functions of the notebook's setup cell (sigmoid, sigmoid_prime, output_delta;
here they are the reference's), nothing else from this module.
"""

import numpy as np

from grading_tools.reference.backprop import output_delta  # noqa: F401
from grading_tools.reference.sigmoid_networks import sigmoid, sigmoid_prime  # noqa: F401
from grading_tools.reference.vanishing_gradients import (  # noqa: F401
    leaky_relu, leaky_relu_prime, relu, relu_prime, tanh_prime)

from .catalogue import alternative, mutant


# ----------------------------------------------------------------------- tanh_prime
@mutant("tanh_prime", "1 - tanh(z): the square is missing", hint="the square is missing")
def tanh_prime_no_square(z):
    return 1 - np.tanh(z)


@mutant("tanh_prime", "1 - z**2: the activation form 1 - a**2 applied to z", hint="1 - z**2")
def tanh_prime_at_z(z):
    return 1 - z ** 2


@mutant("tanh_prime", "1 / cosh(z): the square is missing", hint="must be squared")
def tanh_prime_sech(z):
    return 1 / np.cosh(z)


@mutant("tanh_prime", "the sigmoid's formula t (1 - t)", hint="sigmoid's formula")
def tanh_prime_sigmoid_form(z):
    t = np.tanh(z)
    return t * (1 - t)


@mutant("tanh_prime", "1 + tanh(z)**2: a sign slip", hint=None)
def tanh_prime_plus(z):
    return 1 + np.tanh(z) ** 2


@mutant("tanh_prime", "2 sigma'(2z): the chain rule's inner factor 2 used once instead of twice",
        hint="a factor 2 missing")
def tanh_prime_half(z):
    return 2 * sigmoid_prime(2 * z)


@alternative("tanh_prime", "1 / cosh(z)**2, the lecture's form")
def tanh_prime_cosh(z):
    with np.errstate(over="ignore"):
        return 1 / np.cosh(z) ** 2


@alternative("tanh_prime", "(1 - t)(1 + t), from tanh(z) = 2 sigma(2z) - 1")
def tanh_prime_factored(z):
    t = 2 * sigmoid(2 * np.asarray(z, dtype=float)) - 1
    return (1 - t) * (1 + t)


@alternative("tanh_prime", "4 sigma'(2z)")
def tanh_prime_via_sigmoid(z):
    return 4 * sigmoid_prime(2 * z)


# ----------------------------------------------------------------------------- relu
@mutant("relu", "returns the derivative (1 where z > 0, else 0)", hint="relu's derivative")
def relu_step(z):
    return np.where(z > 0, 1.0, 0.0)


@mutant("relu", "abs(z)", hint="not |z|")
def relu_abs(z):
    return np.abs(z)


@mutant("relu", "clips to [0, 1]", hint="not capped at 1")
def relu_clip(z):
    return np.clip(z, 0, 1)


@mutant("relu", "sets negative entries to 0 in place", hint=None)
def relu_in_place(z):
    z[z < 0] = 0
    return z


@mutant("relu", "Python max: fails on arrays", hint=None)
def relu_python_max(z):
    return max(0, z)


@mutant("relu", "hard-codes the visible example", hint=None)
def relu_hardcoded(z):
    return np.array([0.0, 0.0, 3.0])


@alternative("relu", "z times the mask z > 0")
def relu_mask(z):
    return z * (z > 0)


@alternative("relu", "(z + |z|) / 2 on a copy")
def relu_half_sum(z):
    z = np.array(z, dtype=float)
    return (z + np.abs(z)) / 2


@alternative("relu", "a copy with the negative entries set to 0")
def relu_copy(z):
    out = np.array(z, dtype=float, copy=True)
    out[out < 0] = 0.0
    return out


# ----------------------------------------------------------------------- relu_prime
@mutant("relu_prime", "a tie z == 0 gives 1 (>= instead of >)", hint="relu_prime(0) must be 0")
def relu_prime_tie(z):
    return np.where(z >= 0, 1.0, 0.0)


@mutant("relu_prime", "returns relu(z)", hint="this is relu(z) itself")
def relu_prime_relu(z):
    return np.maximum(0, z)


@mutant("relu_prime", "np.sign: -1 for negative z", hint="np.sign")
def relu_prime_sign(z):
    return np.sign(z)


@mutant("relu_prime", "np.heaviside with 1 at the tie", hint="relu_prime(0) must be 0")
def relu_prime_heaviside_one(z):
    return np.heaviside(z, 1.0)


@mutant("relu_prime", "overwrites z in place", hint=None)
def relu_prime_in_place(z):
    z[...] = z > 0
    return z


@mutant("relu_prime", "z / |z| with the NaN at 0 replaced by 1", hint="relu_prime(0) must be 0")
def relu_prime_ratio(z):
    with np.errstate(invalid="ignore"):
        slope = np.nan_to_num(np.maximum(z, 0) / np.abs(z), nan=1.0)
    return slope


@alternative("relu_prime", "a boolean mask cast to float")
def relu_prime_mask(z):
    return (np.asarray(z) > 0).astype(float)


@alternative("relu_prime", "np.heaviside with 0 at the tie")
def relu_prime_heaviside(z):
    return np.heaviside(z, 0.0)


@alternative("relu_prime", "the booleans themselves")
def relu_prime_bool(z):
    return np.greater(z, 0)


# ----------------------------------------------------------------------- leaky_relu
@mutant("leaky_relu", "max(alpha, z) instead of max(alpha z, z)", hint="max(alpha, z)")
def leaky_max_alpha(z, alpha=0.01):
    return np.maximum(alpha, z)


@mutant("leaky_relu", "alpha hard-coded to 0.01", hint="alpha is ignored")
def leaky_fixed_alpha(z, alpha=0.01):
    return np.where(z > 0, z, 0.01 * z)


@mutant("leaky_relu", "the constant alpha for z <= 0", hint="not the constant alpha")
def leaky_constant(z, alpha=0.01):
    return np.where(z > 0, z, alpha)


@mutant("leaky_relu", "-alpha z for z <= 0 (lecture 001's LReLU(-z) = alpha z, read literally)",
        hint="wrong sign")
def leaky_sign(z, alpha=0.01):
    return np.where(z > 0, z, -alpha * z)


@mutant("leaky_relu", "scales the negative entries of z in place", hint=None)
def leaky_in_place(z, alpha=0.01):
    z[z < 0] *= alpha
    return z


@mutant("leaky_relu", "plain relu: alpha forgotten", hint="this is relu")
def leaky_as_relu(z, alpha=0.01):
    return np.maximum(0, z)


@alternative("leaky_relu", "max(alpha z, z), right for alpha < 1")
def leaky_max(z, alpha=0.01):
    return np.maximum(alpha * z, z)


@alternative("leaky_relu", "z times its slope")
def leaky_slope(z, alpha=0.01):
    return z * np.where(z > 0, 1.0, alpha)


@alternative("leaky_relu", "relu(z) - alpha relu(-z)")
def leaky_from_relu(z, alpha=0.01):
    return relu(z) - alpha * relu(-z)


# ----------------------------------------------------------------- leaky_relu_prime
@mutant("leaky_relu_prime", "0 instead of alpha for z <= 0", hint="not 0 (that is relu_prime)")
def leaky_prime_zero(z, alpha=0.01):
    return np.where(z > 0, 1.0, 0.0)


@mutant("leaky_relu_prime", "a tie z == 0 gives 1 (>= instead of >)", hint="at z == 0")
def leaky_prime_tie(z, alpha=0.01):
    return np.where(z >= 0, 1.0, alpha)


@mutant("leaky_relu_prime", "alpha hard-coded to 0.01", hint="alpha is ignored")
def leaky_prime_fixed_alpha(z, alpha=0.01):
    return np.where(z > 0, 1.0, 0.01)


@mutant("leaky_relu_prime", "alpha z instead of alpha for z <= 0", hint="not alpha * z")
def leaky_prime_alpha_z(z, alpha=0.01):
    return np.where(z > 0, 1.0, alpha * z)


@mutant("leaky_relu_prime", "returns leaky_relu(z)", hint="leaky_relu itself")
def leaky_prime_function(z, alpha=0.01):
    return np.where(z > 0, z, alpha * z)


@mutant("leaky_relu_prime", "the slopes swapped: alpha where z > 0, 1 elsewhere", hint=None)
def leaky_prime_swapped(z, alpha=0.01):
    return np.where(z > 0, alpha, 1.0)


@alternative("leaky_relu_prime", "alpha + (1 - alpha) relu_prime(z)")
def leaky_prime_blend(z, alpha=0.01):
    return alpha + (1 - alpha) * relu_prime(z)


@alternative("leaky_relu_prime", "np.full then a mask")
def leaky_prime_full(z, alpha=0.01):
    z = np.asarray(z, dtype=float)
    slope = np.full(z.shape, alpha)
    slope[z > 0] = 1.0
    return slope


# ---------------------------------------------------------------------- forward_act
_HIDDEN = {"sigmoid": sigmoid, "tanh": np.tanh, "relu": relu, "leaky_relu": leaky_relu}


@mutant("forward_act", "act on the output layer too", hint="output layer must use the sigmoid")
def forward_act_everywhere(X, params, act):
    g = {"sigmoid": sigmoid, "tanh": np.tanh, "relu": relu, "leaky_relu": leaky_relu}[act]
    A, cache = X, {"A": [X], "Z": []}
    for W, b in params:
        Z = A @ W + b
        A = g(Z)
        cache["Z"].append(Z)
        cache["A"].append(A)
    return A, cache


@mutant("forward_act", "sigmoid on the hidden layers whatever act is", hint="hidden layers must use `act`")
def forward_act_sigmoid_only(X, params, act):
    A, cache = X, {"A": [X], "Z": []}
    for W, b in params:
        Z = A @ W + b
        A = sigmoid(Z)
        cache["Z"].append(Z)
        cache["A"].append(A)
    return A, cache


@mutant("forward_act", "no sigmoid on the output layer", hint="output layer needs its sigmoid")
def forward_act_linear_output(X, params, act):
    g = {"sigmoid": sigmoid, "tanh": np.tanh, "relu": relu, "leaky_relu": leaky_relu}[act]
    A, cache = X, {"A": [X], "Z": []}
    for layer, (W, b) in enumerate(params):
        Z = A @ W + b
        A = Z if layer == len(params) - 1 else g(Z)
        cache["Z"].append(Z)
        cache["A"].append(A)
    return A, cache


@mutant("forward_act", "cache['A'] without X", hint="must start with X")
def forward_act_no_input(X, params, act):
    g = {"sigmoid": sigmoid, "tanh": np.tanh, "relu": relu, "leaky_relu": leaky_relu}[act]
    A, cache = X, {"A": [], "Z": []}
    for layer, (W, b) in enumerate(params):
        Z = A @ W + b
        A = sigmoid(Z) if layer == len(params) - 1 else g(Z)
        cache["Z"].append(Z)
        cache["A"].append(A)
    return A, cache


@mutant("forward_act", "'leaky_relu' mapped to relu", hint="that is relu")
def forward_act_leaky_typo(X, params, act):
    g = {"sigmoid": sigmoid, "tanh": np.tanh, "relu": relu, "leaky_relu": relu}[act]
    A, cache = X, {"A": [X], "Z": []}
    for layer, (W, b) in enumerate(params):
        Z = A @ W + b
        A = sigmoid(Z) if layer == len(params) - 1 else g(Z)
        cache["Z"].append(Z)
        cache["A"].append(A)
    return A, cache


@mutant("forward_act", "forgets the bias of the hidden layers", hint="bias")
def forward_act_no_hidden_bias(X, params, act):
    g = {"sigmoid": sigmoid, "tanh": np.tanh, "relu": relu, "leaky_relu": leaky_relu}[act]
    A, cache = X, {"A": [X], "Z": []}
    for layer, (W, b) in enumerate(params):
        last = layer == len(params) - 1
        Z = A @ W + b if last else A @ W
        A = sigmoid(Z) if last else g(Z)
        cache["Z"].append(Z)
        cache["A"].append(A)
    return A, cache


@mutant("forward_act", "act applied to the input X as well", hint=None)
def forward_act_squashes_input(X, params, act):
    g = {"sigmoid": sigmoid, "tanh": np.tanh, "relu": relu, "leaky_relu": leaky_relu}[act]
    A = g(X)
    cache = {"A": [X], "Z": []}
    for layer, (W, b) in enumerate(params):
        Z = A @ W + b
        A = sigmoid(Z) if layer == len(params) - 1 else g(Z)
        cache["Z"].append(Z)
        cache["A"].append(A)
    return A, cache


@alternative("forward_act", "hidden layers in a loop, the output layer after it, if/elif on act")
def forward_act_split(X, params, act):
    A = X
    As, Zs = [X], []
    for W, b in params[:-1]:
        Z = np.dot(A, W) + b
        if act == "sigmoid":
            A = sigmoid(Z)
        elif act == "tanh":
            A = np.tanh(Z)
        elif act == "relu":
            A = relu(Z)
        else:
            A = leaky_relu(Z)
        Zs.append(Z)
        As.append(A)
    W, b = params[-1]
    Z = A @ W + b
    A = sigmoid(Z)
    return A, {"Z": Zs + [Z], "A": As + [A]}


@alternative("forward_act", "activations from a dict of lambdas, tanh via 2 sigma(2z) - 1, copies in the cache")
def forward_act_lambdas(X, params, act):
    table = {"sigmoid": sigmoid, "tanh": lambda z: 2 * sigmoid(2 * z) - 1,
             "relu": lambda z: np.where(z > 0, z, 0.0), "leaky_relu": lambda z: np.where(z > 0, z, 0.01 * z)}
    cache = {"A": [X.copy()], "Z": []}
    for i, (W, b) in enumerate(params):
        cache["Z"].append(cache["A"][-1] @ W + b)
        g = sigmoid if i == len(params) - 1 else table[act]
        cache["A"].append(g(cache["Z"][-1]))
    return cache["A"][-1], cache


# --------------------------------------------------------------------- backward_act
@mutant("backward_act", "sigmoid_prime for the hidden layers whatever act is", hint="not sigmoid_prime")
def backward_act_sigmoid_prime(Y, params, cache, act):
    A, Z = cache["A"], cache["Z"]
    delta = output_delta(A[-1], Z[-1], Y)
    grads = []
    for layer in reversed(range(len(params))):
        grads.insert(0, (A[layer].T @ delta / len(Y), delta.mean(axis=0)))
        if layer > 0:
            delta = (delta @ params[layer][0].T) * sigmoid_prime(Z[layer - 1])
    return grads


@mutant("backward_act", "the derivative taken at A instead of Z", hint="taken at A instead of Z")
def backward_act_at_a(Y, params, cache, act):
    g_prime = {"sigmoid": sigmoid_prime, "tanh": tanh_prime, "relu": relu_prime,
               "leaky_relu": leaky_relu_prime}[act]
    A, Z = cache["A"], cache["Z"]
    delta = output_delta(A[-1], Z[-1], Y)
    grads = []
    for layer in reversed(range(len(params))):
        grads.insert(0, (A[layer].T @ delta / len(Y), delta.mean(axis=0)))
        if layer > 0:
            delta = (delta @ params[layer][0].T) * g_prime(A[layer])
    return grads


@mutant("backward_act", "act's derivative in BP1 too (the output is a sigmoid)", hint="BP1 uses")
def backward_act_output_prime(Y, params, cache, act):
    g_prime = {"sigmoid": sigmoid_prime, "tanh": tanh_prime, "relu": relu_prime,
               "leaky_relu": leaky_relu_prime}[act]
    A, Z = cache["A"], cache["Z"]
    delta = (A[-1] - Y) * g_prime(Z[-1])
    grads = []
    for layer in reversed(range(len(params))):
        grads.insert(0, (A[layer].T @ delta / len(Y), delta.mean(axis=0)))
        if layer > 0:
            delta = (delta @ params[layer][0].T) * g_prime(Z[layer - 1])
    return grads


@mutant("backward_act", "sums over the batch instead of averaging", hint="sum over the")
def backward_act_sum(Y, params, cache, act):
    g_prime = {"sigmoid": sigmoid_prime, "tanh": tanh_prime, "relu": relu_prime,
               "leaky_relu": leaky_relu_prime}[act]
    A, Z = cache["A"], cache["Z"]
    delta = output_delta(A[-1], Z[-1], Y)
    grads = []
    for layer in reversed(range(len(params))):
        grads.insert(0, (A[layer].T @ delta, delta.sum(axis=0)))
        if layer > 0:
            delta = (delta @ params[layer][0].T) * g_prime(Z[layer - 1])
    return grads


@mutant("backward_act", "grads listed last layer first", hint="last layer first")
def backward_act_reversed(Y, params, cache, act):
    g_prime = {"sigmoid": sigmoid_prime, "tanh": tanh_prime, "relu": relu_prime,
               "leaky_relu": leaky_relu_prime}[act]
    A, Z = cache["A"], cache["Z"]
    delta = output_delta(A[-1], Z[-1], Y)
    grads = []
    for layer in reversed(range(len(params))):
        grads.append((A[layer].T @ delta / len(Y), delta.mean(axis=0)))
        if layer > 0:
            delta = (delta @ params[layer][0].T) * g_prime(Z[layer - 1])
    return grads


@mutant("backward_act", "BP2 with W reshaped to fit instead of transposed", hint=None)
def backward_act_no_transpose(Y, params, cache, act):
    g_prime = {"sigmoid": sigmoid_prime, "tanh": tanh_prime, "relu": relu_prime,
               "leaky_relu": leaky_relu_prime}[act]
    A, Z = cache["A"], cache["Z"]
    delta = output_delta(A[-1], Z[-1], Y)
    grads = []
    for layer in reversed(range(len(params))):
        grads.insert(0, (A[layer].T @ delta / len(Y), delta.mean(axis=0)))
        if layer > 0:
            delta = (delta @ params[layer][0].reshape(delta.shape[1], -1)) * g_prime(Z[layer - 1])
    return grads


@mutant("backward_act", "params.reverse() to walk backwards: changes the caller's list", hint=None)
def backward_act_reverse_in_place(Y, params, cache, act):
    g_prime = {"sigmoid": sigmoid_prime, "tanh": tanh_prime, "relu": relu_prime,
               "leaky_relu": leaky_relu_prime}[act]
    A, Z = cache["A"], cache["Z"]
    delta = output_delta(A[-1], Z[-1], Y)
    grads = []
    params.reverse()
    L = len(params)
    for i, (W, b) in enumerate(params):
        layer = L - 1 - i
        grads.insert(0, (A[layer].T @ delta / len(Y), delta.mean(axis=0)))
        if layer > 0:
            delta = (delta @ W.T) * g_prime(Z[layer - 1])
    return grads


@alternative("backward_act", "derivatives computed from the cached activations")
def backward_act_from_a(Y, params, cache, act):
    A = cache["A"]
    n = Y.shape[0]

    def slope(l):
        a = A[l]
        if act == "sigmoid":
            return a * (1 - a)
        if act == "tanh":
            return 1 - a ** 2
        if act == "relu":
            return (a > 0).astype(float)
        return np.where(a > 0, 1.0, 0.01)

    delta = (A[-1] - Y) * A[-1] * (1 - A[-1])
    grads = [None] * len(params)
    for l in range(len(params), 0, -1):
        grads[l - 1] = (A[l - 1].T @ delta / n, np.sum(delta, axis=0) / n)
        if l > 1:
            delta = delta @ params[l - 1][0].T * slope(l - 1)
    return grads


@alternative("backward_act", "einsum per-sample outer products, deltas collected first")
def backward_act_einsum(Y, params, cache, act):
    g_prime = {"sigmoid": sigmoid_prime, "tanh": tanh_prime, "relu": relu_prime,
               "leaky_relu": leaky_relu_prime}[act]
    A, Z = cache["A"], cache["Z"]
    deltas = [output_delta(A[-1], Z[-1], Y)]
    for l in range(len(params) - 1, 0, -1):
        deltas.insert(0, np.einsum("nk,jk->nj", deltas[0], params[l][0]) * g_prime(Z[l - 1]))
    return [(np.einsum("ni,nj->ij", A[l], d) / len(Y), d.mean(axis=0)) for l, d in enumerate(deltas)]


# ----------------------------------------------------------------- layer_grad_norms
@mutant("layer_grad_norms", "includes db in the norm", hint="leave db out")
def norms_with_bias(grads):
    return [float(np.sqrt(np.sum(dW ** 2) + np.sum(db ** 2))) for dW, db in grads]


@mutant("layer_grad_norms", "squared norms", hint="squared norms")
def norms_squared(grads):
    return [float(np.sum(dW ** 2)) for dW, db in grads]


@mutant("layer_grad_norms", "last layer first", hint="reversed")
def norms_reversed(grads):
    return [float(np.linalg.norm(dW)) for dW, db in reversed(grads)]


@mutant("layer_grad_norms", "np.linalg.norm(dW, 2): the spectral norm", hint="spectral norm")
def norms_spectral(grads):
    return [float(np.linalg.norm(dW, 2)) for dW, db in grads]


@mutant("layer_grad_norms", "the norms of db instead of dW", hint="norms of db")
def norms_of_db(grads):
    return [float(np.linalg.norm(db)) for dW, db in grads]


@mutant("layer_grad_norms", "the largest |entry| instead of the Frobenius norm", hint=None)
def norms_max(grads):
    return [float(np.abs(dW).max()) for dW, db in grads]


@mutant("layer_grad_norms", "mean of squares under the root (RMS, not the norm)", hint=None)
def norms_rms(grads):
    return [float(np.sqrt(np.mean(dW ** 2))) for dW, db in grads]


@alternative("layer_grad_norms", "sqrt of the sum of squares, as a numpy array")
def norms_by_hand(grads):
    return np.array([np.sqrt(np.sum(np.square(g[0]))) for g in grads])


@alternative("layer_grad_norms", "norm of the flattened dW with ord='fro' via reshape, a loop")
def norms_loop(grads):
    out = []
    for dW, _ in grads:
        out.append(np.linalg.norm(np.reshape(dW, (1, -1)), "fro"))
    return out
