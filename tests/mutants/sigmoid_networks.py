"""02_sigmoid_networks: the mistakes students make, and correct solutions unlike the reference.

Each function is self-contained notebook code: it may use `np` and the assignment's other
contract functions (here they are the reference's), nothing else from this module.
"""

import numpy as np

from grading_tools.reference.sigmoid_networks import sigmoid  # noqa: F401

from .catalogue import alternative, mutant


# ---------------------------------------------------------------------------- sigmoid
@mutant("sigmoid", "the textbook formula: e^(-z) overflows for z < -709", hint=None)
def sigmoid_naive(z):
    return 1 / (1 + np.exp(-z))


@mutant("sigmoid", "two branches in np.where: both are evaluated, so e^(-z) still overflows", hint=None)
def sigmoid_where_both(z):
    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))


@mutant("sigmoid", "the stable branches swapped: sigmoid(-z)", hint="sign of z is flipped")
def sigmoid_swapped(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, e / (1 + e), 1 / (1 + e))


@mutant("sigmoid", "clips z to [-20, 20] before the textbook formula", hint="clipped too tightly")
def sigmoid_clip20(z):
    return 1 / (1 + np.exp(-np.clip(z, -20, 20)))


@mutant("sigmoid", "clips z in place (np.clip with out=z)", hint=None)
def sigmoid_clip_in_place(z):
    z = np.asarray(z, dtype=float)
    np.clip(z, -500, 500, out=z)
    return 1 / (1 + np.exp(-z))


@mutant("sigmoid", "tanh instead of the sigmoid", hint="this is tanh(z)")
def sigmoid_tanh(z):
    return np.tanh(z)


@mutant("sigmoid", "a Python if/else: fails on arrays", hint=None)
def sigmoid_scalar(z):
    if z >= 0:
        return 1 / (1 + np.exp(-z))
    return np.exp(z) / (1 + np.exp(z))


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
@mutant("sigmoid_prime", "derivative taken at the activation: σ(σ(z))(1 - σ(σ(z)))",
        hint="taken at the activation")
def prime_at_activation(z):
    a = sigmoid(z)
    return sigmoid(a) * (1 - sigmoid(a))


@mutant("sigmoid_prime", "z(1 - z): the formula applied to z", hint="z(1 - z) uses z itself")
def prime_of_z(z):
    return z * (1 - z)


@mutant("sigmoid_prime", "forgets the factor (1 - σ(z))", hint="factor (1 - σ(z)) is missing")
def prime_missing_factor(z):
    return sigmoid(z)


@mutant("sigmoid_prime", "1 - σ(z)², tanh's pattern", hint="pattern of tanh")
def prime_tanh_pattern(z):
    return 1 - sigmoid(z) ** 2


@mutant("sigmoid_prime", "e^(-z) / (1 + e^(-z))²: inf / inf = NaN for large -z", hint="overflows to inf")
def prime_naive(z):
    e = np.exp(-np.asarray(z, dtype=float))
    return e / (1 + e) ** 2


@mutant("sigmoid_prime", "the sign flipped: σ(z)(σ(z) - 1)", hint="sign is flipped")
def prime_sign(z):
    s = sigmoid(z)
    return s * (s - 1)


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
@mutant("softmax", "no max shift: e^1000 overflows", hint=None)
def softmax_unshifted(Z):
    e = np.exp(Z)
    return e / np.sum(e, axis=1, keepdims=True)


@mutant("softmax", "normalizes each column (axis=0)", hint="axis=1")
def softmax_columns(Z):
    e = np.exp(Z - np.max(Z, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


@mutant("softmax", "shifts by the matrix's maximum, not each row's", hint=None)
def softmax_global_max(Z):
    e = np.exp(Z - np.max(Z))
    return e / np.sum(e, axis=1, keepdims=True)


@mutant("softmax", "forgets keepdims: (n, K) minus (n,) broadcasts wrongly", hint=None)
def softmax_no_keepdims(Z):
    e = np.exp(Z - np.max(Z, axis=1))
    return e / np.sum(e, axis=1)


@mutant("softmax", "the sigmoid of every entry", hint="sigmoid of each entry")
def softmax_sigmoid(Z):
    return sigmoid(Z)


@mutant("softmax", "divides by the sum over the whole matrix", hint="sum over the whole matrix")
def softmax_whole(Z):
    e = np.exp(Z - np.max(Z, axis=1, keepdims=True))
    return e / np.sum(e)


@mutant("softmax", "subtracts the row maximum in place", hint=None)
def softmax_in_place(Z):
    Z -= np.max(Z, axis=1, keepdims=True)
    e = np.exp(Z)
    return e / np.sum(e, axis=1, keepdims=True)


@mutant("softmax", "hard-codes the lecture's table", hint=None)
def softmax_hardcoded(Z):
    return np.array([[0.70538451, 0.25949646, 0.03511903]])


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
@mutant("zscore", "the sample std (ddof=1)", hint="SAMPLE std")
def zscore_ddof1(X, mean=None, std=None):
    if mean is None:
        mean = X.mean(axis=0)
    if std is None:
        std = X.std(axis=0, ddof=1)
    safe = np.where(std == 0, 1.0, std)
    return np.where(std == 0, 0.0, (X - mean) / safe), mean, std


@mutant("zscore", "recomputes mean and std from X even when they are given",
        hint="must be used, not recomputed")
def zscore_recompute(X, mean=None, std=None):
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    safe = np.where(std == 0, 1.0, std)
    return np.where(std == 0, 0.0, (X - mean) / safe), mean, std


@mutant("zscore", "no guard for std == 0: NaN", hint="std == 0 must become 0")
def zscore_nan(X, mean=None, std=None):
    if mean is None:
        mean = X.mean(axis=0)
    if std is None:
        std = X.std(axis=0)
    return (X - mean) / std, mean, std


@mutant("zscore", "replaces std == 0 by 1: X - mean is left where X differs from the mean",
        hint="dividing by 1 instead")
def zscore_std_one(X, mean=None, std=None):
    if mean is None:
        mean = X.mean(axis=0)
    if std is None:
        std = X.std(axis=0)
    return (X - mean) / np.where(std == 0, 1.0, std), mean, std


@mutant("zscore", "np.nan_to_num after dividing: inf becomes 1.8e308, not 0", hint=None)
def zscore_nan_to_num(X, mean=None, std=None):
    if mean is None:
        mean = X.mean(axis=0)
    if std is None:
        std = X.std(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.nan_to_num((X - mean) / std), mean, std


@mutant("zscore", "divides by the variance", hint="divides by the variance")
def zscore_variance(X, mean=None, std=None):
    if mean is None:
        mean = X.mean(axis=0)
    if std is None:
        std = X.std(axis=0)
    var = std ** 2
    return np.where(var == 0, 0.0, (X - mean) / np.where(var == 0, 1.0, var)), mean, std


@mutant("zscore", "mean and std of the whole array, not per column", hint=None)
def zscore_global(X, mean=None, std=None):
    if mean is None:
        mean = X.mean()
    if std is None:
        std = X.std()
    safe = np.where(std == 0, 1.0, std)
    return np.where(std == 0, 0.0, (X - mean) / safe), mean, std


@mutant("zscore", "centres X in place (X -= mean)", hint=None)
def zscore_in_place(X, mean=None, std=None):
    if mean is None:
        mean = X.mean(axis=0)
    if std is None:
        std = X.std(axis=0)
    X -= mean
    safe = np.where(std == 0, 1.0, std)
    return np.where(std == 0, 0.0, X / safe), mean, std


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
@mutant("init_params", "draws every W first, then every b", hint="draws every W first")
def init_all_w_first(layer_sizes, rng):
    Ws = [rng.uniform(-1, 1, (n_in, n_out)) for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:])]
    bs = [rng.uniform(-1, 1, n_out) for n_out in layer_sizes[1:]]
    return list(zip(Ws, bs))


@mutant("init_params", "draws b before W", hint="b is drawn before W")
def init_b_first(layer_sizes, rng):
    params = []
    for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        b = rng.uniform(-1, 1, n_out)
        W = rng.uniform(-1, 1, (n_in, n_out))
        params.append((W, b))
    return params


@mutant("init_params", "normal instead of uniform", hint="rng.normal")
def init_normal(layer_sizes, rng):
    return [(rng.normal(size=(n_in, n_out)), rng.normal(size=n_out))
            for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:])]


@mutant("init_params", "uniform in [0, 1)", hint="lie in [0, 1)")
def init_unit(layer_sizes, rng):
    return [(rng.random((n_in, n_out)), rng.random(n_out))
            for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:])]


@mutant("init_params", "W drawn as (n_out, n_in), then transposed", hint="drawn with shape (n_out, n_in)")
def init_transposed(layer_sizes, rng):
    return [(rng.uniform(-1, 1, (n_out, n_in)).T, rng.uniform(-1, 1, n_out))
            for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:])]


@mutant("init_params", "biases start at zero", hint="biases must be drawn")
def init_zero_bias(layer_sizes, rng):
    return [(rng.uniform(-1, 1, (n_in, n_out)), np.zeros(n_out))
            for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:])]


@mutant("init_params", "b as a 1 x n_out row", hint="extra axis of length 1")
def init_row_bias(layer_sizes, rng):
    return [(rng.uniform(-1, 1, (n_in, n_out)), rng.uniform(-1, 1, (1, n_out)))
            for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:])]


@mutant("init_params", "numpy's global generator instead of rng", hint=None)
def init_global(layer_sizes, rng):
    return [(np.random.uniform(-1, 1, (n_in, n_out)), np.random.uniform(-1, 1, n_out))
            for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:])]


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
@mutant("forward", "forgets the bias", hint="the bias is missing")
def forward_no_bias(X, params):
    A, cache = X, {"A": [X], "Z": []}
    for W, b in params:
        Z = A @ W
        A = sigmoid(Z)
        cache["Z"].append(Z)
        cache["A"].append(A)
    return A, cache


@mutant("forward", "stores Z in cache['A'] (before the activation)", hint="holds the weighted inputs Z")
def forward_store_z(X, params):
    A, cache = X, {"A": [X], "Z": []}
    for W, b in params:
        Z = A @ W + b
        cache["Z"].append(Z)
        cache["A"].append(Z)
        A = sigmoid(Z)
    return A, cache


@mutant("forward", "X missing from cache['A']", hint="must start with X")
def forward_no_x(X, params):
    A, cache = X, {"A": [], "Z": []}
    for W, b in params:
        Z = A @ W + b
        A = sigmoid(Z)
        cache["Z"].append(Z)
        cache["A"].append(A)
    return A, cache


@mutant("forward", "no sigmoid on the output layer", hint="output layer needs its sigmoid")
def forward_linear_output(X, params):
    A, cache = X, {"A": [X], "Z": []}
    for layer, (W, b) in enumerate(params):
        Z = A @ W + b
        A = Z if layer == len(params) - 1 else sigmoid(Z)
        cache["Z"].append(Z)
        cache["A"].append(A)
    return A, cache


@mutant("forward", "A @ W.T: a transpose too many", hint=None)
def forward_transposed(X, params):
    A, cache = X, {"A": [X], "Z": []}
    for W, b in params:
        Z = A @ W.T + b
        A = sigmoid(Z)
        cache["Z"].append(Z)
        cache["A"].append(A)
    return A, cache


@mutant("forward", "every layer fed X instead of the previous activation", hint=None)
def forward_always_x(X, params):
    A, cache = X, {"A": [X], "Z": []}
    for W, b in params:
        Z = X @ W + b
        A = sigmoid(Z)
        cache["Z"].append(Z)
        cache["A"].append(A)
    return A, cache


@mutant("forward", "squashes the input X with a sigmoid first", hint=None)
def forward_squash_input(X, params):
    A = sigmoid(X)
    cache = {"A": [X], "Z": []}
    for W, b in params:
        Z = A @ W + b
        A = sigmoid(Z)
        cache["Z"].append(Z)
        cache["A"].append(A)
    return A, cache


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
@mutant("mse_cost", "forgets the ½", hint="the ½ is missing")
def cost_no_half(Y_hat, Y):
    return np.sum((Y_hat - Y) ** 2) / len(Y)


@mutant("mse_cost", "sums over the samples instead of averaging", hint="summed over the samples")
def cost_sum(Y_hat, Y):
    return 0.5 * np.sum((Y_hat - Y) ** 2)


@mutant("mse_cost", "averages over every entry (N·K)", hint="number of ENTRIES")
def cost_mean_entries(Y_hat, Y):
    return 0.5 * np.mean((Y_hat - Y) ** 2)


@mutant("mse_cost", "np.mean((Y_hat - Y)**2): no ½, averaged over outputs too",
        hint="averages over the outputs too")
def cost_numpy_mse(Y_hat, Y):
    return np.mean((Y_hat - Y) ** 2)


@mutant("mse_cost", "the square root (RMSE)", hint="root mean square")
def cost_rmse(Y_hat, Y):
    return np.sqrt(0.5 * np.sum((Y_hat - Y) ** 2) / len(Y))


@mutant("mse_cost", "absolute errors", hint="SQUARED")
def cost_abs(Y_hat, Y):
    return 0.5 * np.sum(np.abs(Y_hat - Y)) / len(Y)


@mutant("mse_cost", "squares the mean error instead of averaging the squared errors", hint=None)
def cost_mean_then_square(Y_hat, Y):
    return 0.5 * np.sum(np.mean(Y_hat - Y, axis=0) ** 2)


@alternative("mse_cost", "½ · mean over samples of the per-sample sums")
def cost_per_sample(Y_hat, Y):
    per_sample = 0.5 * np.sum((Y_hat - Y) ** 2, axis=1)
    return per_sample.mean()


@alternative("mse_cost", "the Frobenius norm squared over 2N")
def cost_norm(Y_hat, Y):
    return np.linalg.norm(Y_hat - Y) ** 2 / (2 * Y.shape[0])
