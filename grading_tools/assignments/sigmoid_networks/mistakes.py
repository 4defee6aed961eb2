"""The mistakes students make in sigmoid_networks, written once as patches of the reference
(grading_tools.judge.mistakes): the hidden checks name them, the mutant catalogue proves
them caught, and bugsy makes the one marked `demo`."""

from ...judge.mistakes import Mistake
from . import reference as ref

SIGMOID_RETURNS = "np.where(z >= 0, 1 / (1 + e), e / (1 + e))"
SOFTMAX_BODY = (
    "e = np.exp(Z - np.max(Z, axis=-1, keepdims=True))\n"
    "    return e / np.sum(e, axis=-1, keepdims=True)"
)
ZSCORE_STATS = (
    "mean = X.mean(axis=0) if mean is None else mean\n"
    "    std = X.std(axis=0) if std is None else std"
)
ZSCORE_RETURN = "return np.where(std == 0, 0.0, (X - mean) / spread), mean, std"
INIT_RETURN = (
    "return [(rng.uniform(-1, 1, (n_in, n_out)), rng.uniform(-1, 1, n_out))\n"
    "            for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:])]"
)
LAYERS = "n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:])"
FORWARD_LAYER = (
    "    for W, b in params:\n"
    "        Z = A @ W + b        # weighted input of the layer\n"
    "        A = sigmoid(Z)       # its activation"
)
MSE = "0.5 * np.sum((Y_hat - Y) ** 2) / len(Y)"
MISTAKES = (
    Mistake(
        ref.sigmoid,
        SIGMOID_RETURNS,
        "1 / (1 + np.exp(-z))",
        "the textbook formula: e^(-z) overflows for z < -709",
    ),
    Mistake(
        ref.sigmoid,
        SIGMOID_RETURNS,
        "np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))",
        "two branches in np.where: both are evaluated, so e^(-z) still overflows",
    ),
    Mistake(
        ref.sigmoid,
        "1 / (1 + e), e / (1 + e)",
        "e / (1 + e), 1 / (1 + e)",
        "the stable branches swapped: sigmoid(-z)",
        says="the sign of z is flipped: σ(z) = 1 / (1 + e^(-z)), and 1 / (1 + e^z) is "
        "σ(-z) = 1 - σ(z)",
    ),
    Mistake(
        ref.sigmoid,
        SIGMOID_RETURNS,
        "1 / (1 + np.exp(-np.clip(z, -20, 20)))",
        "clips z to [-20, 20] before the textbook formula",
        says="z is clipped too tightly: σ(-25) is 1.4e-11, not σ(-20) = 2.1e-9; compute "
        "e^(-|z|), which never overflows, instead of clipping",
    ),
    Mistake(
        ref.sigmoid,
        "    e = np.exp(-np.abs(z))\n",
        "    np.clip(z, -500, 500, out=z)\n    e = np.exp(-np.abs(z))\n",
        "clips z in place (np.clip with out=z)",
    ),
    Mistake(
        ref.sigmoid,
        SIGMOID_RETURNS,
        "np.tanh(z)",
        "tanh instead of the sigmoid",
        says="this is tanh(z); the sigmoid is 1 / (1 + e^(-z)) = (1 + tanh(z / 2)) / 2",
    ),
    Mistake(
        ref.sigmoid,
        SIGMOID_RETURNS,
        "np.where(z >= 0, 1.0, 0.0)",
        "the step function",
        says="this is the step function of assignment 01; the sigmoid is smooth",
    ),
    Mistake(
        ref.sigmoid,
        SIGMOID_RETURNS,
        "1 / (1 + np.exp(-z)) if z >= 0 else np.exp(z) / (1 + np.exp(z))",
        "a Python if/else: fails on arrays",
    ),
    Mistake(
        ref.sigmoid_prime,
        "s = sigmoid(z)",
        "s = sigmoid(sigmoid(z))",
        "derivative taken at the activation: σ(σ(z))(1 - σ(σ(z)))",
        says="the derivative is taken at the activation: σ'(z) = σ(z)(1 - σ(z)), not "
        "σ(a)(1 - σ(a)) with a = σ(z)",
    ),
    Mistake(
        ref.sigmoid_prime,
        "return s * (1 - s)",
        "return z * (1 - z)",
        "z(1 - z): the formula applied to z",
        says="σ(z)(1 - σ(z)) applies to the SIGMOID of z: z(1 - z) uses z itself",
    ),
    Mistake(
        ref.sigmoid_prime,
        "return s * (1 - s)",
        "return s",
        "forgets the factor (1 - σ(z))",
        says="the factor (1 - σ(z)) is missing",
    ),
    Mistake(
        ref.sigmoid_prime,
        "return s * (1 - s)",
        "return 1 - s ** 2",
        "1 - σ(z)², tanh's pattern",
        says="1 - σ(z)² is the pattern of tanh's derivative; the sigmoid's is σ(z)(1 - σ(z))",
    ),
    Mistake(
        ref.sigmoid_prime,
        "s = sigmoid(z)\n    return s * (1 - s)",
        "e = np.exp(-np.asarray(z, dtype=float))\n    return e / (1 + e) ** 2",
        "e^(-z) / (1 + e^(-z))²: inf / inf = NaN for large -z",
        says="e^(-z) / (1 + e^(-z))² overflows to inf / inf = NaN for large -z; write it "
        "with your stable sigmoid: σ(z)(1 - σ(z))",
    ),
    Mistake(
        ref.sigmoid_prime,
        "return s * (1 - s)",
        "return s * (s - 1)",
        "the sign flipped: σ(z)(σ(z) - 1)",
        hint="sign is flipped",
    ),
    Mistake(
        ref.softmax,
        "np.exp(Z - np.max(Z, axis=-1, keepdims=True))",
        "np.exp(Z)",
        "no max shift: e^1000 overflows",
    ),
    Mistake(
        ref.softmax,
        SOFTMAX_BODY,
        SOFTMAX_BODY.replace("axis=-1", "axis=0"),
        "normalizes each column (axis=0)",
        says="normalized down each column (axis=0); softmax works along each ROW (one row "
        "per sample): use axis=1 with keepdims=True",
    ),
    Mistake(
        ref.softmax,
        "np.max(Z, axis=-1, keepdims=True)",
        "np.max(Z)",
        "shifts by the matrix's maximum, not each row's",
    ),
    Mistake(
        ref.softmax,
        SOFTMAX_BODY,
        SOFTMAX_BODY.replace(", keepdims=True", ""),
        "forgets keepdims: (n, K) minus (n,) broadcasts wrongly",
    ),
    Mistake(
        ref.softmax,
        SOFTMAX_BODY,
        "return sigmoid(Z)",
        "the sigmoid of every entry",
        says="this is the sigmoid of each entry; softmax divides e^z by the row's sum of e^z",
    ),
    Mistake(
        ref.softmax,
        "np.sum(e, axis=-1, keepdims=True)",
        "np.sum(e)",
        "divides by the sum over the whole matrix",
        says="divided by the sum over the whole matrix; divide each row by its own sum "
        "(axis=1, keepdims=True)",
    ),
    Mistake(
        ref.softmax,
        SOFTMAX_BODY,
        "e = np.exp(Z - np.max(Z))\n    return e / np.sum(e)",
        "a softmax of the whole matrix",
        says="normalized over the whole matrix; each row must sum to 1 on its own",
    ),
    Mistake(
        ref.softmax,
        "e = np.exp(Z - np.max(Z, axis=-1, keepdims=True))",
        "e = Z",
        "no exponential",
        says="the exponential is missing: softmax is e^(z_j) / Σ_k e^(z_k), not z_j / Σ_k z_k",
    ),
    Mistake(
        ref.softmax,
        "e = np.exp(Z - np.max(Z, axis=-1, keepdims=True))",
        "Z -= np.max(Z, axis=-1, keepdims=True)\n    e = np.exp(Z)",
        "subtracts the row maximum in place",
    ),
    Mistake(
        ref.softmax,
        "return e / np.sum(e, axis=-1, keepdims=True)",
        "return np.array([[0.70538451, 0.25949646, 0.03511903]])",
        "hard-codes the lecture's table",
    ),
    Mistake(
        ref.zscore,
        "X.std(axis=0)",
        "X.std(axis=0, ddof=1)",
        "the sample std (ddof=1)",
        says="this divides by the SAMPLE std (ddof=1); the contract asks for the population "
        "std, ddof=0 (numpy's default for X.std)",
        demo=True,
    ),
    Mistake(
        ref.zscore,
        ZSCORE_STATS,
        "mean = X.mean(axis=0)\n    std = X.std(axis=0)",
        "recomputes mean and std from X even when they are given",
        says="the mean and std passed as arguments must be used, not recomputed from X "
        "(new data is normalized with the TRAINING statistics)",
    ),
    Mistake(
        ref.zscore,
        f"    spread = np.where(std == 0, 1.0, std)\n    {ZSCORE_RETURN}",
        "    own_mean, own_std = X.mean(axis=0), X.std(axis=0)\n"
        "    spread = np.where(own_std == 0, 1.0, own_std)\n"
        "    return np.where(own_std == 0, 0.0, (X - own_mean) / spread), mean, std",
        "normalizes with the mean and std of X, returns the given ones",
        says="the mean and std passed as arguments must be used for normalizing, not "
        "recomputed from X",
    ),
    Mistake(
        ref.zscore,
        "np.where(std == 0, 0.0, (X - mean) / spread)",
        "(X - mean) / std",
        "no guard for std == 0: NaN",
        says="a column with std == 0 must become 0, not NaN or inf: do not divide by 0",
    ),
    Mistake(
        ref.zscore,
        "np.where(std == 0, 0.0, (X - mean) / spread)",
        "(X - mean) / spread",
        "replaces std == 0 by 1: X - mean is left where X differs from the mean",
        says="a column with std == 0 must become 0 even where X differs from the given "
        "mean: dividing by 1 instead leaves X - mean",
    ),
    Mistake(
        ref.zscore,
        ZSCORE_RETURN,
        'with np.errstate(divide="ignore", invalid="ignore"):\n'
        "        return np.nan_to_num((X - mean) / std), mean, std",
        "np.nan_to_num after dividing: inf becomes 1.8e308, not 0",
    ),
    Mistake(
        ref.zscore,
        "(X - mean) / spread",
        "(X - mean) / spread ** 2",
        "divides by the variance",
        says="this divides by the variance; divide by the standard deviation",
    ),
    Mistake(
        ref.zscore,
        ZSCORE_STATS,
        ZSCORE_STATS.replace("(axis=0)", "()"),
        "mean and std of the whole array, not per column",
    ),
    Mistake(
        ref.zscore,
        f"    spread = np.where(std == 0, 1.0, std)\n    {ZSCORE_RETURN}",
        "    X -= mean\n    spread = np.where(std == 0, 1.0, std)\n"
        "    return np.where(std == 0, 0.0, X / spread), mean, std",
        "centres X in place (X -= mean)",
    ),
    Mistake(
        ref.init_params,
        INIT_RETURN,
        f"Ws = [rng.uniform(-1, 1, (n_in, n_out)) for {LAYERS}]\n"
        "    bs = [rng.uniform(-1, 1, n_out) for n_out in layer_sizes[1:]]\n"
        "    return list(zip(Ws, bs))",
        "draws every W first, then every b",
        says="draw layer by layer, W then b: this draws every W first and then every b",
    ),
    Mistake(
        ref.init_params,
        INIT_RETURN,
        "params = []\n"
        f"    for {LAYERS}:\n"
        "        b = rng.uniform(-1, 1, n_out)\n"
        "        params.append((rng.uniform(-1, 1, (n_in, n_out)), b))\n"
        "    return params",
        "draws b before W",
        says="b is drawn before W; the contract draws W first, then b, for each layer",
    ),
    Mistake(
        ref.init_params,
        "rng.uniform(-1, 1, (n_in, n_out)), rng.uniform(-1, 1, n_out)",
        "rng.normal(size=(n_in, n_out)), rng.normal(size=n_out)",
        "normal instead of uniform",
        says="rng.normal draws from a bell curve; the weights must be uniform in [-1, 1]: "
        "rng.uniform(-1, 1, shape)",
    ),
    Mistake(
        ref.init_params,
        "rng.uniform(-1, 1, (n_in, n_out)), rng.uniform(-1, 1, n_out)",
        "rng.random((n_in, n_out)), rng.random(n_out)",
        "uniform in [0, 1)",
        says="these values lie in [0, 1); the interval is [-1, 1]: rng.uniform(-1, 1, shape)",
    ),
    Mistake(
        ref.init_params,
        "rng.uniform(-1, 1, (n_in, n_out))",
        "rng.uniform(-1, 1, (n_out, n_in)).T",
        "W drawn as (n_out, n_in), then transposed",
        says="W was drawn with shape (n_out, n_in) and transposed; draw (n_in, n_out) "
        "directly, so that the random numbers land in the contract's order",
    ),
    Mistake(
        ref.init_params,
        "rng.uniform(-1, 1, n_out)",
        "np.zeros(n_out)",
        "biases start at zero",
        says="the biases must be drawn too (rng.uniform(-1, 1, n_out)), not set to 0",
    ),
    Mistake(
        ref.init_params,
        "rng.uniform(-1, 1, n_out)",
        "rng.uniform(-1, 1, (1, n_out))",
        "b as a 1 x n_out row",
        hint="extra axis of length 1",
    ),
    Mistake(
        ref.init_params,
        INIT_RETURN,
        INIT_RETURN.replace("rng.uniform", "np.random.uniform"),
        "numpy's global generator instead of rng",
    ),
    Mistake(
        ref.forward,
        "Z = A @ W + b",
        "Z = A @ W",
        "forgets the bias",
        says="the bias is missing: each layer computes Z = A_prev @ W + b",
    ),
    Mistake(
        ref.forward,
        "Z = A @ W + b",
        "Z = A @ W - b",
        "subtracts the bias",
        says="the bias is subtracted: each layer computes Z = A_prev @ W + b",
    ),
    Mistake(
        ref.forward,
        'cache["A"].append(A)',
        'cache["A"].append(Z)',
        "stores Z in cache['A'] (before the activation)",
        says="cache['A'] holds the weighted inputs Z; it must hold the activations sigmoid(Z)",
    ),
    Mistake(
        ref.forward,
        'cache = {"A": [X], "Z": []}',
        'cache = {"A": [], "Z": []}',
        "X missing from cache['A']",
        says="cache['A'] must start with X itself: [X, A1, ..., AL]",
    ),
    Mistake(
        ref.forward,
        FORWARD_LAYER,
        "    for layer, (W, b) in enumerate(params):\n"
        "        Z = A @ W + b\n"
        "        A = Z if layer == len(params) - 1 else sigmoid(Z)",
        "no sigmoid on the output layer",
        says="the output layer needs its sigmoid too: every layer applies it",
    ),
    Mistake(ref.forward, "Z = A @ W + b", "Z = A @ W.T + b", "A @ W.T: a transpose too many"),
    Mistake(
        ref.forward,
        "Z = A @ W + b",
        "Z = X @ W + b",
        "every layer fed X instead of the previous activation",
    ),
    Mistake(
        ref.forward,
        "    A = X\n",
        "    A = sigmoid(X)\n",
        "squashes the input X with a sigmoid first",
    ),
    Mistake(
        ref.mse_cost,
        MSE,
        "np.sum((Y_hat - Y) ** 2) / len(Y)",
        "forgets the ½",
        says="the ½ is missing: C = (1/N) Σ_n ½ ||ŷ_n - y_n||²",
    ),
    Mistake(
        ref.mse_cost,
        MSE,
        "0.5 * np.sum((Y_hat - Y) ** 2)",
        "sums over the samples instead of averaging",
        says="the cost is summed over the samples instead of averaged: divide by N, the "
        "number of samples (rows)",
    ),
    Mistake(
        ref.mse_cost,
        MSE,
        "0.5 * np.mean((Y_hat - Y) ** 2)",
        "averages over every entry (N·K)",
        says="this divides by the number of ENTRIES N·K; sum over the K outputs, average "
        "over the N samples only",
    ),
    Mistake(
        ref.mse_cost,
        MSE,
        "np.mean((Y_hat - Y) ** 2)",
        "np.mean((Y_hat - Y)**2): no ½, averaged over outputs too",
        says="np.mean((Y_hat - Y)**2) averages over the outputs too and drops the ½: sum "
        "over outputs, ½, average over samples",
    ),
    Mistake(
        ref.mse_cost,
        MSE,
        f"np.sqrt({MSE})",
        "the square root (RMSE)",
        says="this is a root mean square; the cost has no square root",
    ),
    Mistake(
        ref.mse_cost,
        MSE,
        "0.5 * np.sum(np.abs(Y_hat - Y)) / len(Y)",
        "absolute errors",
        says="the errors must be SQUARED, not taken in absolute value",
    ),
    Mistake(
        ref.mse_cost,
        MSE,
        "0.5 * np.sum(np.mean(Y_hat - Y, axis=0) ** 2)",
        "squares the mean error instead of averaging the squared errors",
    ),
)
