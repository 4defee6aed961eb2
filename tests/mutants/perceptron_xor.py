"""01_perceptron_xor: the mistakes students make, and correct solutions unlike the reference.

Each function is self-contained notebook code: it may use `np` and the assignment's other
contract functions (here they are the reference's), nothing else from this module.
"""

import numpy as np

from grading_tools.reference.perceptron_xor import gate_weights, perceptron_predict, step  # noqa: F401

from .catalogue import alternative, mutant


# ----------------------------------------------------------------------------- step
@mutant("step", "a tie z == 0 gives 0 (> instead of >=)", hint="step(0) must be 1")
def step_strict(z):
    return np.where(z > 0, 1.0, 0.0)


@mutant("step", "np.sign: -1 for negative z", hint="np.sign")
def step_sign(z):
    return np.sign(z)


@mutant("step", "np.heaviside with 0 at the tie", hint="step(0) must be 1")
def step_heaviside_zero(z):
    return np.heaviside(z, 0.0)


@mutant("step", "Python if/else: fails on arrays", hint=None)
def step_scalar(z):
    return 1.0 if z >= 0 else 0.0


@mutant("step", "hard-codes the visible example", hint=None)
def step_hardcoded(z):
    return np.array([0.0, 0.0, 1.0, 1.0, 1.0])


@mutant("step", "overwrites z in place", hint=None)
def step_in_place(z):
    z[...] = np.where(z >= 0, 1.0, 0.0)
    return z


@mutant("step", "flattens its input", hint=None)
def step_flat(z):
    return np.array([1.0 if v >= 0 else 0.0 for v in np.ravel(z)])


@alternative("step", "np.heaviside with 1 at the tie")
def step_heaviside(z):
    return np.heaviside(z, 1.0)


@alternative("step", "a boolean mask cast to float")
def step_mask(z):
    return (np.asarray(z) >= 0).astype(float)


@alternative("step", "one minus the negative mask")
def step_complement(z):
    return 1.0 - (np.asarray(z) < 0)


# --------------------------------------------------------------- perceptron_predict
@mutant("perceptron_predict", "subtracts the bias", hint="bias is subtracted")
def predict_minus_bias(X, w, b):
    return step(X @ w - b)


@mutant("perceptron_predict", "strict inequality at the boundary", hint="must be classified 1")
def predict_strict(X, w, b):
    return np.where(X @ w + b > 0, 1.0, 0.0)


@mutant("perceptron_predict", "w @ X: rows and columns confused", hint=None)
def predict_transposed(X, w, b):
    return step(w @ X + b)


@mutant("perceptron_predict", "sums over the whole batch", hint=None)
def predict_batch_sum(X, w, b):
    return step(np.sum(X * w) + b)


@mutant("perceptron_predict", "assumes exactly two features", hint=None)
def predict_two_features(X, w, b):
    return step(X[:, 0] * w[0] + X[:, 1] * w[1] + b)


@mutant("perceptron_predict", "returns z, forgets the step", hint=None)
def predict_no_step(X, w, b):
    return X @ w + b


@alternative("perceptron_predict", "a loop over the samples")
def predict_loop(X, w, b):
    return np.array([1.0 if x @ w + b >= 0 else 0.0 for x in X])


@alternative("perceptron_predict", "einsum")
def predict_einsum(X, w, b):
    return step(np.einsum("nd,d->n", X, w) + b)


@alternative("perceptron_predict", "broadcast product summed over features")
def predict_broadcast(X, w, b):
    return step((X * w).sum(axis=1) + b)


# ---------------------------------------------------------------------- gate_weights
@mutant("gate_weights", "NAND and NOR swapped", hint="weights of NAND")
def gates_swapped(gate):
    table = {"AND": ([1.0, 1.0], -1.5), "OR": ([1.0, 1.0], -0.5),
             "NAND": ([-1.0, -1.0], 0.5), "NOR": ([-1.0, -1.0], 1.5)}
    w, b = table[gate]
    return np.array(w), b


@mutant("gate_weights", "NAND flips w but not b", hint=None)
def gates_nand_bias(gate):
    table = {"AND": ([1.0, 1.0], -1.5), "OR": ([1.0, 1.0], -0.5),
             "NAND": ([-1.0, -1.0], -1.5), "NOR": ([-1.0, -1.0], 0.5)}
    w, b = table[gate]
    return np.array(w), b


@mutant("gate_weights", "OR with AND's bias", hint="weights of AND")
def gates_or_bias(gate):
    table = {"AND": ([1.0, 1.0], -1.5), "OR": ([1.0, 1.0], -1.5),
             "NAND": ([-1.0, -1.0], 1.5), "NOR": ([-1.0, -1.0], 0.5)}
    w, b = table[gate]
    return np.array(w), b


@mutant("gate_weights", "NOR's bias has the wrong sign", hint=None)
def gates_nor_sign(gate):
    table = {"AND": ([1.0, 1.0], -1.5), "OR": ([1.0, 1.0], -0.5),
             "NAND": ([-1.0, -1.0], 1.5), "NOR": ([-1.0, -1.0], -0.5)}
    w, b = table[gate]
    return np.array(w), b


@mutant("gate_weights", "returns (b, w)", hint=None)
def gates_reversed(gate):
    table = {"AND": ([1.0, 1.0], -1.5), "OR": ([1.0, 1.0], -0.5),
             "NAND": ([-1.0, -1.0], 1.5), "NOR": ([-1.0, -1.0], 0.5)}
    w, b = table[gate]
    return b, np.array(w)


@mutant("gate_weights", "w as a 1 x 2 matrix", hint=None)
def gates_matrix(gate):
    table = {"AND": ([1.0, 1.0], -1.5), "OR": ([1.0, 1.0], -0.5),
             "NAND": ([-1.0, -1.0], 1.5), "NOR": ([-1.0, -1.0], 0.5)}
    w, b = table[gate]
    return np.array([w]), b


@alternative("gate_weights", "weights on the tie (AND: x1 + x2 - 2 >= 0)")
def gates_on_tie(gate):
    table = {"AND": ([1.0, 1.0], -2.0), "OR": ([1.0, 1.0], -1.0),
             "NAND": ([-1.0, -1.0], 1.0), "NOR": ([-1.0, -1.0], 0.0)}
    w, b = table[gate]
    return np.array(w), b


@alternative("gate_weights", "other scales, w as a list")
def gates_scaled(gate):
    if gate == "AND":
        return [2.0, 2.0], -3
    if gate == "OR":
        return [3.0, 3.0], -1
    if gate == "NAND":
        return [-2.0, -2.0], 3
    return [-0.5, -0.5], 0.25


# ------------------------------------------------------------------ perceptron_train
@mutant("perceptron_train", "the update has the wrong sign", hint="the update has the wrong sign")
def train_sign(X, y, lr=1.0, max_epochs=100):
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(max_epochs):
        mistakes = 0
        for x, t in zip(X, y):
            y_hat = step(x @ w + b)
            w, b = w + lr * (y_hat - t) * x, b + lr * (y_hat - t)
            mistakes += int(y_hat != t)
        errors.append(mistakes)
        if mistakes == 0:
            break
    return w, b, errors


@mutant("perceptron_train", "predicts with > 0 (ties go to 0)", hint="must predict 1")
def train_strict(X, y, lr=1.0, max_epochs=100):
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(max_epochs):
        mistakes = 0
        for x, t in zip(X, y):
            y_hat = 1.0 if x @ w + b > 0 else 0.0
            w, b = w + lr * (t - y_hat) * x, b + lr * (t - y_hat)
            mistakes += int(y_hat != t)
        errors.append(mistakes)
        if mistakes == 0:
            break
    return w, b, errors


@mutant("perceptron_train", "never stops early", hint="stop after the first epoch")
def train_no_stop(X, y, lr=1.0, max_epochs=100):
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(max_epochs):
        mistakes = 0
        for x, t in zip(X, y):
            y_hat = step(x @ w + b)
            w, b = w + lr * (t - y_hat) * x, b + lr * (t - y_hat)
            mistakes += int(y_hat != t)
        errors.append(mistakes)
    return w, b, errors


@mutant("perceptron_train", "counts the mistakes after the epoch's updates",
        hint="counted after the epoch's updates")
def train_count_after(X, y, lr=1.0, max_epochs=100):
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(max_epochs):
        for x, t in zip(X, y):
            y_hat = step(x @ w + b)
            w, b = w + lr * (t - y_hat) * x, b + lr * (t - y_hat)
        mistakes = int(np.sum(step(X @ w + b) != y))
        errors.append(mistakes)
        if mistakes == 0:
            break
    return w, b, errors


@mutant("perceptron_train", "the bias moves the wrong way: b -= lr * (y - y_hat)",
        hint="the bias update has the wrong sign")
def train_bias_sign(X, y, lr=1.0, max_epochs=100):
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(max_epochs):
        mistakes = 0
        for x, t in zip(X, y):
            y_hat = step(x @ w + b)
            w, b = w + lr * (t - y_hat) * x, b - lr * (t - y_hat)
            mistakes += int(y_hat != t)
        errors.append(mistakes)
        if mistakes == 0:
            break
    return w, b, errors


@mutant("perceptron_train", "never updates the bias", hint="bias is never updated")
def train_no_bias(X, y, lr=1.0, max_epochs=100):
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(max_epochs):
        mistakes = 0
        for x, t in zip(X, y):
            y_hat = step(x @ w + b)
            w = w + lr * (t - y_hat) * x
            mistakes += int(y_hat != t)
        errors.append(mistakes)
        if mistakes == 0:
            break
    return w, b, errors


@mutant("perceptron_train", "updates by lr * y * x, ignoring the prediction's error", hint=None)
def train_target_only(X, y, lr=1.0, max_epochs=100):
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(max_epochs):
        mistakes = 0
        for x, t in zip(X, y):
            y_hat = step(x @ w + b)
            if y_hat != t:
                w, b = w + lr * t * x, b + lr * t
                mistakes += 1
        errors.append(mistakes)
        if mistakes == 0:
            break
    return w, b, errors


@mutant("perceptron_train", "one batch update per epoch instead of one per sample", hint=None)
def train_batch(X, y, lr=1.0, max_epochs=100):
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(max_epochs):
        residual = y - step(X @ w + b)
        w, b = w + lr * residual @ X, b + lr * residual.sum()
        errors.append(int(np.sum(residual != 0)))
        if errors[-1] == 0:
            break
    return w, b, errors


@mutant("perceptron_train", "runs one epoch too few", hint="off-by-one")
def train_short(X, y, lr=1.0, max_epochs=100):
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(max_epochs - 1):
        mistakes = 0
        for x, t in zip(X, y):
            y_hat = step(x @ w + b)
            w, b = w + lr * (t - y_hat) * x, b + lr * (t - y_hat)
            mistakes += int(y_hat != t)
        errors.append(mistakes)
        if mistakes == 0:
            break
    return w, b, errors


@mutant("perceptron_train", "w += ... on an array that aliases X's first row", hint=None)
def train_alias(X, y, lr=1.0, max_epochs=100):
    w, b, errors = X[0], 0.0, []
    w *= 0
    for _ in range(max_epochs):
        mistakes = 0
        for x, t in zip(X, y):
            y_hat = step(x @ w + b)
            w += lr * (t - y_hat) * x
            b += lr * (t - y_hat)
            mistakes += int(y_hat != t)
        errors.append(mistakes)
        if mistakes == 0:
            break
    return w, b, errors


@alternative("perceptron_train", "a while loop and an explicit mistake branch")
def train_while(X, y, lr=1.0, max_epochs=100):
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    epoch = 0
    while epoch < max_epochs:
        mistakes = 0
        for i in range(len(X)):
            prediction = 1.0 if np.dot(X[i], w) + b >= 0 else 0.0
            if prediction != y[i]:
                mistakes += 1
                w = w + lr * (y[i] - prediction) * X[i]
                b += lr * (y[i] - prediction)
        errors.append(mistakes)
        epoch += 1
        if mistakes == 0:
            break
    return w, b, np.array(errors)


@alternative("perceptron_train", "the bias as an extra weight on a constant input")
def train_augmented(X, y, lr=1.0, max_epochs=100):
    Xa = np.hstack([X, np.ones((len(X), 1))])
    wa = np.zeros(Xa.shape[1])
    errors = []
    for _ in range(max_epochs):
        mistakes = 0
        for x, t in zip(Xa, y):
            y_hat = step(x @ wa)
            wa = wa + lr * (t - y_hat) * x
            mistakes += int(y_hat != t)
        errors.append(mistakes)
        if not mistakes:
            break
    return wa[:-1], wa[-1], errors


# ----------------------------------------------------------------------- xor_network
@mutant("xor_network", "hard-codes the truth table", hint="hard-coded")
def xor_hardcoded(X):
    return np.array([0.0, 1.0, 1.0, 0.0])


@mutant("xor_network", "OR as the output gate: XNOR", hint="XNOR")
def xor_xnor(X):
    hidden = np.column_stack([perceptron_predict(X, *gate_weights("AND")),
                              perceptron_predict(X, *gate_weights("NOR"))])
    return perceptron_predict(hidden, *gate_weights("OR"))


@mutant("xor_network", "only the first layer (AND)", hint=None)
def xor_one_layer(X):
    return perceptron_predict(X, *gate_weights("AND"))


@mutant("xor_network", "returns the hidden layer", hint=None)
def xor_hidden(X):
    return np.column_stack([perceptron_predict(X, *gate_weights("AND")),
                            perceptron_predict(X, *gate_weights("NOR"))])


@mutant("xor_network", "the hidden layer fed to NOR as a row, not columns", hint=None)
def xor_rows(X):
    hidden = np.vstack([perceptron_predict(X, *gate_weights("AND")),
                        perceptron_predict(X, *gate_weights("NOR"))])
    return perceptron_predict(hidden, *gate_weights("NOR"))


@mutant("xor_network", "OR then NAND, combined with OR", hint=None)
def xor_or_or(X):
    hidden = np.column_stack([perceptron_predict(X, *gate_weights("OR")),
                              perceptron_predict(X, *gate_weights("NAND"))])
    return perceptron_predict(hidden, *gate_weights("OR"))


@alternative("xor_network", "(x1 OR x2) AND (x1 NAND x2)")
def xor_or_nand(X):
    hidden = np.column_stack([perceptron_predict(X, *gate_weights("OR")),
                              perceptron_predict(X, *gate_weights("NAND"))])
    return perceptron_predict(hidden, *gate_weights("AND"))


@alternative("xor_network", "hand-set weights: (x1 AND NOT x2) OR (x2 AND NOT x1)")
def xor_own_weights(X):
    hidden = np.column_stack([perceptron_predict(X, np.array([1.0, -1.0]), -0.5),
                              perceptron_predict(X, np.array([-1.0, 1.0]), -0.5)])
    return perceptron_predict(hidden, np.array([1.0, 1.0]), -0.5)
