"""06_vanishing_gradients: the mistakes students make, and correct solutions unlike the reference.

The mistakes are the patches of the reference in its assignment folder's mistakes.py
(MISTAKES), registered here as mutants. The functions below are the correct alternatives and the
mistakes no patch can express, written as self-contained notebook code: they may use `np` and the
setup cell's functions (`sigmoid`, `sigmoid_prime`, `output_delta`) and the assignment's other
contract functions; here they are the reference's.
"""

import numpy as np

from grading_tools.assignments.backprop.reference import output_delta
from grading_tools.assignments.sigmoid_networks.reference import sigmoid, sigmoid_prime
from grading_tools.assignments.vanishing_gradients.mistakes import MISTAKES
from grading_tools.assignments.vanishing_gradients.reference import (
    leaky_relu,
    leaky_relu_prime,
    relu,
    relu_prime,
    tanh_prime,
)

from .catalogue import alternative, mutant, patches

patches(MISTAKES)


# ----------------------------------------------------------------------- tanh_prime
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


@alternative(
    "forward_act",
    "activations from a dict of lambdas, tanh via 2 sigma(2z) - 1, copies in the cache",
)
def forward_act_lambdas(X, params, act):
    table = {
        "sigmoid": sigmoid,
        "tanh": lambda z: 2 * sigmoid(2 * z) - 1,
        "relu": lambda z: np.where(z > 0, z, 0.0),
        "leaky_relu": lambda z: np.where(z > 0, z, 0.01 * z),
    }
    cache = {"A": [X.copy()], "Z": []}
    for i, (W, b) in enumerate(params):
        cache["Z"].append(cache["A"][-1] @ W + b)
        g = sigmoid if i == len(params) - 1 else table[act]
        cache["A"].append(g(cache["Z"][-1]))
    return cache["A"][-1], cache


# --------------------------------------------------------------------- backward_act
# Hand-written: it walks params reversed in place, a loop no patch of the reference's has.
@mutant("backward_act", "params.reverse() to walk backwards: changes the caller's list", hint=None)
def backward_act_reverse_in_place(Y, params, cache, act):
    g_prime = {
        "sigmoid": sigmoid_prime,
        "tanh": tanh_prime,
        "relu": relu_prime,
        "leaky_relu": leaky_relu_prime,
    }[act]
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
            return 1 - a**2
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
    g_prime = {
        "sigmoid": sigmoid_prime,
        "tanh": tanh_prime,
        "relu": relu_prime,
        "leaky_relu": leaky_relu_prime,
    }[act]
    A, Z = cache["A"], cache["Z"]
    deltas = [output_delta(A[-1], Z[-1], Y)]
    for l in range(len(params) - 1, 0, -1):
        deltas.insert(0, np.einsum("nk,jk->nj", deltas[0], params[l][0]) * g_prime(Z[l - 1]))
    return [
        (np.einsum("ni,nj->ij", A[l], d) / len(Y), d.mean(axis=0)) for l, d in enumerate(deltas)
    ]


# ----------------------------------------------------------------- layer_grad_norms
@alternative("layer_grad_norms", "sqrt of the sum of squares, as a numpy array")
def norms_by_hand(grads):
    return np.array([np.sqrt(np.sum(np.square(g[0]))) for g in grads])


@alternative("layer_grad_norms", "norm of the flattened dW with ord='fro' via reshape, a loop")
def norms_loop(grads):
    out = []
    for dW, _ in grads:
        out.append(np.linalg.norm(np.reshape(dW, (1, -1)), "fro"))
    return out
