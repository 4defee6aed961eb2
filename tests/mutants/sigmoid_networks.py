"""02_sigmoid_networks: the mistakes students make, and correct solutions unlike the reference.

The mistakes are the patches of the reference in its assignment folder's mistakes.py
(MISTAKES), registered here as mutants. The functions below are the correct alternatives, written
as self-contained notebook code: they may use `np` and the assignment's other contract functions;
here they are the reference's.
"""

import numpy as np

from grading_tools.assignments.sigmoid_networks.mistakes import MISTAKES
from grading_tools.assignments.sigmoid_networks.reference import sigmoid

from .catalogue import alternative, patches

patches(MISTAKES)


# ---------------------------------------------------------------------------- sigmoid
@alternative("sigmoid", "the textbook formula with the overflow silenced (1 / (1 + inf) is 0)")
def sigmoid_errstate(z):
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))


@alternative("sigmoid", "through tanh: (1 + tanh(z / 2)) / 2")
def sigmoid_via_tanh(z):
    return 0.5 * (1 + np.tanh(0.5 * np.asarray(z, dtype=float)))


@alternative("sigmoid", "boolean masks filling an output array")
def sigmoid_masks(z):
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1 / (1 + np.exp(-z[pos]))
    e = np.exp(z[~pos])
    out[~pos] = e / (1 + e)
    return out


@alternative("sigmoid", "clipped at ±500 (e^500 does not overflow)")
def sigmoid_clip500(z):
    return 1 / (1 + np.exp(-np.clip(z, -500, 500)))


@alternative("sigmoid", "log-sum-exp: exp(-log(1 + e^(-z)))")
def sigmoid_logaddexp(z):
    return np.exp(-np.logaddexp(0, -np.asarray(z, dtype=float)))


# ---------------------------------------------------------------------- sigmoid_prime
@alternative("sigmoid_prime", "σ' is even: e^(-|z|) / (1 + e^(-|z|))²")
def prime_even(z):
    e = np.exp(-np.abs(np.asarray(z, dtype=float)))
    return e / (1 + e) ** 2


@alternative("sigmoid_prime", "s - s²")
def prime_expanded(z):
    s = sigmoid(z)
    return s - s * s


@alternative("sigmoid_prime", "through tanh: (1 - tanh²(z / 2)) / 4")
def prime_via_tanh(z):
    return 0.25 * (1 - np.tanh(0.5 * np.asarray(z, dtype=float)) ** 2)


# ---------------------------------------------------------------------------- softmax
@alternative("softmax", "log-sum-exp: exp(Z - logsumexp(Z))")
def softmax_logsumexp(Z):
    return np.exp(Z - np.logaddexp.reduce(Z, axis=1, keepdims=True))


@alternative("softmax", "one row at a time")
def softmax_rows(Z):
    rows = []
    for z in Z:
        e = np.exp(z - z.max())
        rows.append(e / e.sum())
    return np.array(rows)


@alternative("softmax", "axis=-1 with [:, None] instead of keepdims")
def softmax_newaxis(Z):
    e = np.exp(Z - Z.max(axis=-1)[:, None])
    return e / e.sum(axis=-1)[:, None]


# ----------------------------------------------------------------------------- zscore
@alternative("zscore", "by hand, with np.divide(..., where=std != 0)")
def zscore_by_hand(X, mean=None, std=None):
    if mean is None:
        mean = np.sum(X, axis=0) / X.shape[0]
    if std is None:
        std = np.sqrt(np.mean((X - mean) ** 2, axis=0))
    X_norm = np.divide(X - mean, std, out=np.zeros(X.shape), where=std != 0)
    return X_norm, mean, std


@alternative("zscore", "divide with warnings silenced, then zero the constant columns")
def zscore_zero_columns(X, mean=None, std=None):
    mean = X.mean(axis=0) if mean is None else np.asarray(mean)
    std = X.std(axis=0) if std is None else np.asarray(std)
    with np.errstate(divide="ignore", invalid="ignore"):
        X_norm = (X - mean) / std
    X_norm[:, std == 0] = 0.0
    return X_norm, mean, std


# ------------------------------------------------------------------------ init_params
@alternative("init_params", "2 * rng.random(shape) - 1, an index loop")
def init_random_scaled(layer_sizes, rng):
    params = []
    for i in range(len(layer_sizes) - 1):
        W = 2 * rng.random((layer_sizes[i], layer_sizes[i + 1])) - 1
        b = 2 * rng.random(layer_sizes[i + 1]) - 1
        params.append((W, b))
    return params


@alternative("init_params", "a flat draw reshaped, [W, b] lists")
def init_flat_lists(layer_sizes, rng):
    params = []
    for n_in, n_out in zip(layer_sizes, layer_sizes[1:]):
        W = rng.uniform(low=-1.0, high=1.0, size=n_in * n_out).reshape(n_in, n_out)
        params.append([W, rng.uniform(low=-1.0, high=1.0, size=(n_out,))])
    return params


# ---------------------------------------------------------------------------- forward
@alternative("forward", "an index loop with np.dot, cache built at the end")
def forward_index(X, params):
    activations, weighted = [X], []
    for i in range(len(params)):
        W, b = params[i]
        weighted.append(np.dot(activations[-1], W) + b)
        activations.append(sigmoid(weighted[-1]))
    return activations[-1], {"Z": weighted, "A": activations}


@alternative("forward", "einsum, sigmoid written out, extra cache keys")
def forward_einsum(X, params):
    A = X
    cache = {"A": [X], "Z": [], "layers": len(params)}
    for W, b in params:
        Z = np.einsum("ni,io->no", A, W) + b[np.newaxis, :]
        A = 0.5 * (1 + np.tanh(0.5 * Z))
        cache["Z"].append(Z)
        cache["A"].append(A)
    return A, cache


# --------------------------------------------------------------------------- mse_cost
@alternative("mse_cost", "½ · mean over samples of the per-sample sums")
def cost_per_sample(Y_hat, Y):
    per_sample = 0.5 * np.sum((Y_hat - Y) ** 2, axis=1)
    return per_sample.mean()


@alternative("mse_cost", "the Frobenius norm squared over 2N")
def cost_norm(Y_hat, Y):
    return np.linalg.norm(Y_hat - Y) ** 2 / (2 * Y.shape[0])
