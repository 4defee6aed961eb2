"""08_pima_diabetes: the mistakes students make, and correct solutions unlike the reference.

Each function is self-contained notebook code: it may use `np`, the assignment's other graded
functions and the setup cell's given functions (`sigmoid`, `init_params`, `forward`, `zscore`,
`adam_update`); here they are the reference's.
"""

import numpy as np

from grading_tools.reference.optimizers import adam_update  # noqa: F401
from grading_tools.reference.pima_diabetes import (  # noqa: F401
    accuracy, binary_cross_entropy, confusion_matrix, impute_zeros, stratified_split)
from grading_tools.reference.sigmoid_networks import forward, init_params, sigmoid, zscore  # noqa: F401

from .catalogue import alternative, mutant


# ---------------------------------------------------------------------------- impute_zeros
@mutant("impute_zeros", "the mean includes the zeros", hint="leave the zeros out")
def impute_mean_with_zeros(X_train, X_other, columns):
    X_train, X_other = np.array(X_train, dtype=float), np.array(X_other, dtype=float)
    for j in columns:
        fill = X_train[:, j].mean()
        X_train[X_train[:, j] == 0, j] = fill
        X_other[X_other[:, j] == 0, j] = fill
    return X_train, X_other


@mutant("impute_zeros", "the other split is filled with its own mean", hint="TRAINING mean")
def impute_own_mean(X_train, X_other, columns):
    X_train, X_other = np.array(X_train, dtype=float), np.array(X_other, dtype=float)
    for X in (X_train, X_other):
        for j in columns:
            nonzero = X[:, j] != 0
            if nonzero.any():
                X[~nonzero, j] = X[nonzero, j].mean()
    return X_train, X_other


@mutant("impute_zeros", "modifies its inputs in place", hint=None)
def impute_in_place(X_train, X_other, columns):
    for j in columns:
        fill = X_train[X_train[:, j] != 0, j].mean()
        X_train[X_train[:, j] == 0, j] = fill
        X_other[X_other[:, j] == 0, j] = fill
    return X_train, X_other


@mutant("impute_zeros", "imputes every column, not only the listed ones", hint="only the listed columns")
def impute_all_columns(X_train, X_other, columns):
    X_train, X_other = np.array(X_train, dtype=float), np.array(X_other, dtype=float)
    for j in range(X_train.shape[1]):
        fill = X_train[X_train[:, j] != 0, j].mean()
        X_train[X_train[:, j] == 0, j] = fill
        X_other[X_other[:, j] == 0, j] = fill
    return X_train, X_other


@mutant("impute_zeros", ".copy() keeps integer arrays integer: the mean is truncated", hint="truncated")
def impute_int_copy(X_train, X_other, columns):
    X_train, X_other = X_train.copy(), X_other.copy()
    for j in columns:
        fill = X_train[X_train[:, j] != 0, j].mean()
        X_train[X_train[:, j] == 0, j] = fill
        X_other[X_other[:, j] == 0, j] = fill
    return X_train, X_other


@mutant("impute_zeros", "fills the training split only", hint=None)
def impute_train_only(X_train, X_other, columns):
    X_train = np.array(X_train, dtype=float)
    for j in columns:
        X_train[X_train[:, j] == 0, j] = X_train[X_train[:, j] != 0, j].mean()
    return X_train, np.array(X_other, dtype=float)


@mutant("impute_zeros", "the median instead of the mean", hint="median")
def impute_median(X_train, X_other, columns):
    X_train, X_other = np.array(X_train, dtype=float), np.array(X_other, dtype=float)
    for j in columns:
        fill = np.median(X_train[X_train[:, j] != 0, j])
        X_train[X_train[:, j] == 0, j] = fill
        X_other[X_other[:, j] == 0, j] = fill
    return X_train, X_other


@alternative("impute_zeros", "NaN for the zeros, then np.nanmean and np.where, no loop")
def impute_nanmean(X_train, X_other, columns):
    X_train, X_other = np.asarray(X_train, dtype=float), np.asarray(X_other, dtype=float)
    listed = np.zeros(X_train.shape[1], dtype=bool)
    listed[list(columns)] = True
    masked = np.where(X_train == 0, np.nan, X_train)
    with np.errstate(all="ignore"):
        fill = np.nanmean(masked[:, listed], axis=0) if listed.any() else np.zeros(0)
    means = np.zeros(X_train.shape[1])
    means[listed] = fill
    new_train = np.where((X_train == 0) & listed, means, X_train)
    new_other = np.where((X_other == 0) & listed, means, X_other)
    return new_train, new_other


@alternative("impute_zeros", "sum and count of the non-zero values, astype copies")
def impute_sum_count(X_train, X_other, columns):
    X_train = np.asarray(X_train).astype(float)
    X_other = np.asarray(X_other).astype(float)
    for j in columns:
        col = X_train[:, j]
        fill = col.sum() / np.count_nonzero(col)
        X_train[:, j] = np.where(col == 0, fill, col)
        X_other[:, j] = np.where(X_other[:, j] == 0, fill, X_other[:, j])
    return X_train, X_other


# ------------------------------------------------------------------------ stratified_split
@mutant("stratified_split", "not stratified: one permutation of all samples", hint="not stratified")
def split_unstratified(y, test_fraction, rng):
    order = rng.permutation(len(y))
    test = np.sort(order[:round(test_fraction * len(y))])
    return np.setdiff1d(np.arange(len(y)), test), test


@mutant("stratified_split", "unsorted index arrays", hint="sorted")
def split_unsorted(y, test_fraction, rng):
    train, test = [], []
    for c in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == c))
        k = round(test_fraction * len(members))
        test.append(members[:k])
        train.append(members[k:])
    return np.concatenate(train), np.concatenate(test)


@mutant("stratified_split", "np.floor instead of round", hint="truncates")
def split_floor(y, test_fraction, rng):
    test = []
    for c in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == c))
        test.append(members[:int(np.floor(test_fraction * len(members)))])
    test = np.sort(np.concatenate(test))
    return np.setdiff1d(np.arange(len(y)), test), test


@mutant("stratified_split", "classes in decreasing order", hint="increasing order")
def split_reversed(y, test_fraction, rng):
    test = []
    for c in np.unique(y)[::-1]:
        members = rng.permutation(np.flatnonzero(y == c))
        test.append(members[:round(test_fraction * len(members))])
    test = np.sort(np.concatenate(test))
    return np.setdiff1d(np.arange(len(y)), test), test


@mutant("stratified_split", "returns (test, train)", hint=None)
def split_swapped(y, test_fraction, rng):
    test = []
    for c in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == c))
        test.append(members[:round(test_fraction * len(members))])
    test = np.sort(np.concatenate(test))
    return test, np.setdiff1d(np.arange(len(y)), test)


@mutant("stratified_split", "the last members of each permutation go to test", hint=None)
def split_tail(y, test_fraction, rng):
    test = []
    for c in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == c))
        k = round(test_fraction * len(members))
        test.append(members[len(members) - k:])
    test = np.sort(np.concatenate(test))
    return np.setdiff1d(np.arange(len(y)), test), test


@mutant("stratified_split", "rng.choice without replacement instead of a permutation", hint=None)
def split_choice(y, test_fraction, rng):
    test = []
    for c in np.unique(y):
        members = np.flatnonzero(y == c)
        test.append(rng.choice(members, size=round(test_fraction * len(members)), replace=False))
    test = np.sort(np.concatenate(test))
    return np.setdiff1d(np.arange(len(y)), test), test


@alternative("stratified_split", "permutes positions, a boolean test mask")
def split_mask(y, test_fraction, rng):
    y = np.asarray(y)
    in_test = np.zeros(len(y), dtype=bool)
    for c in sorted(set(y.tolist())):
        members = np.where(y == c)[0]
        chosen = members[rng.permutation(len(members))]
        in_test[chosen[:int(round(test_fraction * len(members)))]] = True
    return np.flatnonzero(~in_test), np.flatnonzero(in_test)


@alternative("stratified_split", "Python lists, sorted at the end")
def split_lists(y, test_fraction, rng):
    train, test = [], []
    for c in np.unique(y):
        shuffled = list(rng.permutation(np.flatnonzero(y == c)))
        k = round(test_fraction * len(shuffled))
        test += shuffled[:k]
        train += shuffled[k:]
    return np.array(sorted(train), dtype=int), np.array(sorted(test), dtype=int)


# -------------------------------------------------------------------- binary_cross_entropy
@mutant("binary_cross_entropy", "no clipping: log(0)", hint="must be clipped")
def bce_no_clip(P, Y):
    return -np.mean(Y * np.log(P) + (1 - Y) * np.log(1 - P))


@mutant("binary_cross_entropy", "a sum instead of a mean", hint="a sum instead of a mean")
def bce_sum(P, Y):
    P = np.clip(P, 1e-12, 1 - 1e-12)
    return -np.sum(Y * np.log(P) + (1 - Y) * np.log(1 - P))


@mutant("binary_cross_entropy", "log(P) and log(1 - P) swapped", hint="are swapped")
def bce_swapped(P, Y):
    P = np.clip(P, 1e-12, 1 - 1e-12)
    return -np.mean(Y * np.log(1 - P) + (1 - Y) * np.log(P))


@mutant("binary_cross_entropy", "the minus sign is missing", hint="minus sign is missing")
def bce_no_minus(P, Y):
    P = np.clip(P, 1e-12, 1 - 1e-12)
    return np.mean(Y * np.log(P) + (1 - Y) * np.log(1 - P))


@mutant("binary_cross_entropy", "only the Y = 1 term", hint=None)
def bce_half(P, Y):
    P = np.clip(P, 1e-12, 1 - 1e-12)
    return -np.mean(Y * np.log(P))


@mutant("binary_cross_entropy", "clips only from below", hint="must be clipped")
def bce_clip_low(P, Y):
    P = np.maximum(P, 1e-12)
    return -np.mean(Y * np.log(P) + (1 - Y) * np.log(1 - P))


@mutant("binary_cross_entropy", "the mean squared error", hint=None)
def bce_mse(P, Y):
    return np.mean((P - Y) ** 2)


@alternative("binary_cross_entropy", "picks log(P) or log(1 - P) with np.where")
def bce_where(P, Y):
    P = np.clip(np.asarray(P, dtype=float), 1e-12, 1 - 1e-12)
    return float(-np.where(Y == 1, np.log(P), np.log1p(-P)).mean())


@alternative("binary_cross_entropy", "a sum divided by the number of entries, xlogy")
def bce_sum_over_size(P, Y):
    P = np.minimum(np.maximum(P, 1e-12), 1 - 1e-12)
    total = np.sum(Y * np.log(P)) + np.sum((1 - Y) * np.log(1 - P))
    return -total / np.size(P)


# -------------------------------------------------------------------------------- accuracy
@mutant("accuracy", "the number of right predictions", hint="number of right predictions")
def accuracy_count(y_true, y_pred):
    return np.sum(np.asarray(y_true) == np.asarray(y_pred))


@mutant("accuracy", "a percentage", hint="percentage")
def accuracy_percent(y_true, y_pred):
    return 100 * np.mean(np.asarray(y_true) == np.asarray(y_pred))


@mutant("accuracy", "the error rate", hint="error rate")
def accuracy_error(y_true, y_pred):
    return np.mean(np.asarray(y_true) != np.asarray(y_pred))


@mutant("accuracy", "compares Python lists as wholes", hint="Python lists")
def accuracy_lists(y_true, y_pred):
    return float(np.mean(y_true == y_pred))


@mutant("accuracy", "counts the predicted positives that are right (precision)", hint=None)
def accuracy_precision(y_true, y_pred):
    t, p = np.asarray(y_true), np.asarray(y_pred)
    return float(np.sum((t == p) & (p == 1)) / max(1, np.sum(p == 1)))


@mutant("accuracy", "integer division in a loop", hint=None)
def accuracy_int_div(y_true, y_pred):
    right = sum(int(a == b) for a, b in zip(y_true, y_pred))
    return right // len(y_true)


@alternative("accuracy", "a loop and a division")
def accuracy_loop(y_true, y_pred):
    right = 0
    for a, b in zip(y_true, y_pred):
        right += int(a == b)
    return right / len(y_true)


@alternative("accuracy", "one minus the mismatch fraction, count_nonzero")
def accuracy_complement(y_true, y_pred):
    t, p = np.asarray(y_true), np.asarray(y_pred)
    return 1.0 - np.count_nonzero(t != p) / t.size


# ------------------------------------------------------------------------ confusion_matrix
@mutant("confusion_matrix", "transposed: [[TN, FN], [FP, TP]]", hint="rows must be the truth")
def confusion_transposed(y_true, y_pred):
    t, p = np.asarray(y_true).astype(int), np.asarray(y_pred).astype(int)
    return np.bincount(2 * p + t, minlength=4).reshape(2, 2)


@mutant("confusion_matrix", "[[TP, FP], [FN, TN]]", hint="TP and TN are swapped")
def confusion_tp_first(y_true, y_pred):
    t, p = np.asarray(y_true), np.asarray(y_pred)
    tp, tn = np.sum((t == 1) & (p == 1)), np.sum((t == 0) & (p == 0))
    fp, fn = np.sum((t == 0) & (p == 1)), np.sum((t == 1) & (p == 0))
    return np.array([[tp, fp], [fn, tn]])


@mutant("confusion_matrix", "[[TP, FN], [FP, TN]]: classes 1 then 0", hint="classes in the order 1, 0")
def confusion_positive_first(y_true, y_pred):
    t, p = np.asarray(y_true), np.asarray(y_pred)
    tp, tn = np.sum((t == 1) & (p == 1)), np.sum((t == 0) & (p == 0))
    fp, fn = np.sum((t == 0) & (p == 1)), np.sum((t == 1) & (p == 0))
    return np.array([[tp, fn], [fp, tn]])


@mutant("confusion_matrix", "float counts from np.zeros((2, 2))", hint="is float")
def confusion_float(y_true, y_pred):
    matrix = np.zeros((2, 2))
    for a, b in zip(y_true, y_pred):
        matrix[int(a), int(b)] += 1
    return matrix


@mutant("confusion_matrix", "np.unique's counts: a missing class shifts the cells", hint=None)
def confusion_unique(y_true, y_pred):
    cells, counts = np.unique(2 * np.asarray(y_true, int) + np.asarray(y_pred, int), return_counts=True)
    return np.pad(counts, (0, 4 - len(counts))).reshape(2, 2)


@mutant("confusion_matrix", "fractions instead of counts", hint="counts, not fractions")
def confusion_fractions(y_true, y_pred):
    t, p = np.asarray(y_true).astype(int), np.asarray(y_pred).astype(int)
    return np.bincount(2 * t + p, minlength=4).reshape(2, 2) / len(t)


@alternative("confusion_matrix", "a loop into an integer matrix")
def confusion_loop(y_true, y_pred):
    matrix = np.zeros((2, 2), dtype=int)
    for a, b in zip(y_true, y_pred):
        matrix[int(a), int(b)] += 1
    return matrix


@alternative("confusion_matrix", "np.add.at on boolean masks' counts")
def confusion_add_at(y_true, y_pred):
    t = np.asarray(y_true).astype(bool).astype(int)
    p = np.asarray(y_pred).astype(bool).astype(int)
    matrix = np.zeros((2, 2), dtype=np.int32)
    np.add.at(matrix, (t, p), 1)
    return matrix


# ------------------------------------------------------------------------ train_classifier
# Each entry is the whole routine, as a student would write it in the notebook.
@mutant("train_classifier", "gradient ascent: the update adds the gradient", hint="up the gradient")
def train_ascent(X, Y, layer_sizes, rng, lr=0.01, max_epochs=1000, X_val=None, Y_val=None, patience=None):
    params = init_params(layer_sizes, rng)
    m = [[np.zeros_like(p) for p in layer] for layer in params]
    v = [[np.zeros_like(p) for p in layer] for layer in params]
    history = {"train_cost": [], "val_cost": []}
    best, best_params, waited = np.inf, params, 0
    for t in range(1, max_epochs + 1):
        A, cache = forward(X, params)
        history["train_cost"].append(binary_cross_entropy(A, Y))
        delta = (A - Y) / len(X)
        grads = []
        for layer in range(len(params) - 1, -1, -1):
            A_prev = cache["A"][layer]
            grads.insert(0, (A_prev.T @ delta, delta.sum(axis=0)))
            delta = (delta @ params[layer][0].T) * A_prev * (1 - A_prev)
        new = []
        for (W, b), (dW, db), mo, sq in zip(params, grads, m, v):
            W, mo[0], sq[0] = adam_update(W, -dW, mo[0], sq[0], t, lr)
            b, mo[1], sq[1] = adam_update(b, -db, mo[1], sq[1], t, lr)
            new.append((W, b))
        params = new
        if X_val is None:
            continue
        cost = binary_cross_entropy(forward(X_val, params)[0], Y_val)
        history["val_cost"].append(cost)
        if cost < best:
            best, best_params, waited = cost, params, 0
        else:
            waited += 1
            if patience is not None and waited >= patience:
                break
    if X_val is None:
        del history["val_cost"]
        return params, history
    return best_params, history


@mutant("train_classifier", "the MSE's output delta: keeps σ'(Z_L)", hint="keeps σ'(Z_L)")
def train_mse_delta(X, Y, layer_sizes, rng, lr=0.01, max_epochs=1000, X_val=None, Y_val=None, patience=None):
    params = init_params(layer_sizes, rng)
    m = [[np.zeros_like(p) for p in layer] for layer in params]
    v = [[np.zeros_like(p) for p in layer] for layer in params]
    history = {"train_cost": []}
    if X_val is not None:
        history["val_cost"] = []
    best, best_params, waited = np.inf, params, 0
    for t in range(1, max_epochs + 1):
        A, cache = forward(X, params)
        history["train_cost"].append(binary_cross_entropy(A, Y))
        delta = (A - Y) * A * (1 - A) / len(X)
        grads = []
        for layer in range(len(params) - 1, -1, -1):
            A_prev = cache["A"][layer]
            grads.insert(0, (A_prev.T @ delta, delta.sum(axis=0)))
            delta = (delta @ params[layer][0].T) * A_prev * (1 - A_prev)
        new = []
        for (W, b), (dW, db), mo, sq in zip(params, grads, m, v):
            W, mo[0], sq[0] = adam_update(W, dW, mo[0], sq[0], t, lr)
            b, mo[1], sq[1] = adam_update(b, db, mo[1], sq[1], t, lr)
            new.append((W, b))
        params = new
        if X_val is None:
            continue
        cost = binary_cross_entropy(forward(X_val, params)[0], Y_val)
        history["val_cost"].append(cost)
        if cost < best:
            best, best_params, waited = cost, params, 0
        else:
            waited += 1
            if patience is not None and waited >= patience:
                break
    return (params if X_val is None else best_params), history


@mutant("train_classifier", "the hidden delta takes σ' at A instead of Z", hint="taken at Z")
def train_prime_of_a(X, Y, layer_sizes, rng, lr=0.01, max_epochs=1000, X_val=None, Y_val=None, patience=None):
    params = init_params(layer_sizes, rng)
    m = [[np.zeros_like(p) for p in layer] for layer in params]
    v = [[np.zeros_like(p) for p in layer] for layer in params]
    history = {"train_cost": []}
    if X_val is not None:
        history["val_cost"] = []
    best, best_params, waited = np.inf, params, 0
    for t in range(1, max_epochs + 1):
        A, cache = forward(X, params)
        history["train_cost"].append(binary_cross_entropy(A, Y))
        delta = (A - Y) / len(X)
        grads = []
        for layer in range(len(params) - 1, -1, -1):
            A_prev = cache["A"][layer]
            grads.insert(0, (A_prev.T @ delta, delta.sum(axis=0)))
            delta = (delta @ params[layer][0].T) * sigmoid(A_prev) * (1 - sigmoid(A_prev))
        new = []
        for (W, b), (dW, db), mo, sq in zip(params, grads, m, v):
            W, mo[0], sq[0] = adam_update(W, dW, mo[0], sq[0], t, lr)
            b, mo[1], sq[1] = adam_update(b, db, mo[1], sq[1], t, lr)
            new.append((W, b))
        params = new
        if X_val is None:
            continue
        cost = binary_cross_entropy(forward(X_val, params)[0], Y_val)
        history["val_cost"].append(cost)
        if cost < best:
            best, best_params, waited = cost, params, 0
        else:
            waited += 1
            if patience is not None and waited >= patience:
                break
    return (params if X_val is None else best_params), history


@mutant("train_classifier", "the biases are never updated", hint="biases are never updated")
def train_no_bias(X, Y, layer_sizes, rng, lr=0.01, max_epochs=1000, X_val=None, Y_val=None, patience=None):
    params = init_params(layer_sizes, rng)
    m = [np.zeros_like(W) for W, _ in params]
    v = [np.zeros_like(W) for W, _ in params]
    history = {"train_cost": []}
    if X_val is not None:
        history["val_cost"] = []
    best, best_params, waited = np.inf, params, 0
    for t in range(1, max_epochs + 1):
        A, cache = forward(X, params)
        history["train_cost"].append(binary_cross_entropy(A, Y))
        delta = (A - Y) / len(X)
        grads = []
        for layer in range(len(params) - 1, -1, -1):
            A_prev = cache["A"][layer]
            grads.insert(0, A_prev.T @ delta)
            delta = (delta @ params[layer][0].T) * A_prev * (1 - A_prev)
        new = []
        for i, ((W, b), dW) in enumerate(zip(params, grads)):
            W, m[i], v[i] = adam_update(W, dW, m[i], v[i], t, lr)
            new.append((W, b))
        params = new
        if X_val is None:
            continue
        cost = binary_cross_entropy(forward(X_val, params)[0], Y_val)
        history["val_cost"].append(cost)
        if cost < best:
            best, best_params, waited = cost, params, 0
        else:
            waited += 1
            if patience is not None and waited >= patience:
                break
    return (params if X_val is None else best_params), history


@mutant("train_classifier", "Adam's step t starts at 0", hint=None)
def train_t_zero(X, Y, layer_sizes, rng, lr=0.01, max_epochs=1000, X_val=None, Y_val=None, patience=None):
    params = init_params(layer_sizes, rng)
    m = [[np.zeros_like(p) for p in layer] for layer in params]
    v = [[np.zeros_like(p) for p in layer] for layer in params]
    history = {"train_cost": []}
    if X_val is not None:
        history["val_cost"] = []
    best, best_params, waited = np.inf, params, 0
    for t in range(max_epochs):
        A, cache = forward(X, params)
        history["train_cost"].append(binary_cross_entropy(A, Y))
        delta = (A - Y) / len(X)
        grads = []
        for layer in range(len(params) - 1, -1, -1):
            A_prev = cache["A"][layer]
            grads.insert(0, (A_prev.T @ delta, delta.sum(axis=0)))
            delta = (delta @ params[layer][0].T) * A_prev * (1 - A_prev)
        new = []
        for (W, b), (dW, db), mo, sq in zip(params, grads, m, v):
            W, mo[0], sq[0] = adam_update(W, dW, mo[0], sq[0], t, lr)
            b, mo[1], sq[1] = adam_update(b, db, mo[1], sq[1], t, lr)
            new.append((W, b))
        params = new
        if X_val is None:
            continue
        cost = binary_cross_entropy(forward(X_val, params)[0], Y_val)
        history["val_cost"].append(cost)
        if cost < best:
            best, best_params, waited = cost, params, 0
        else:
            waited += 1
            if patience is not None and waited >= patience:
                break
    return (params if X_val is None else best_params), history


@mutant("train_classifier", "returns the last parameters, not the best validation epoch's",
        hint="lowest validation cost")
def train_last(X, Y, layer_sizes, rng, lr=0.01, max_epochs=1000, X_val=None, Y_val=None, patience=None):
    params = init_params(layer_sizes, rng)
    m = [[np.zeros_like(p) for p in layer] for layer in params]
    v = [[np.zeros_like(p) for p in layer] for layer in params]
    history = {"train_cost": []}
    if X_val is not None:
        history["val_cost"] = []
    best, waited = np.inf, 0
    for t in range(1, max_epochs + 1):
        A, cache = forward(X, params)
        history["train_cost"].append(binary_cross_entropy(A, Y))
        delta = (A - Y) / len(X)
        grads = []
        for layer in range(len(params) - 1, -1, -1):
            A_prev = cache["A"][layer]
            grads.insert(0, (A_prev.T @ delta, delta.sum(axis=0)))
            delta = (delta @ params[layer][0].T) * A_prev * (1 - A_prev)
        new = []
        for (W, b), (dW, db), mo, sq in zip(params, grads, m, v):
            W, mo[0], sq[0] = adam_update(W, dW, mo[0], sq[0], t, lr)
            b, mo[1], sq[1] = adam_update(b, db, mo[1], sq[1], t, lr)
            new.append((W, b))
        params = new
        if X_val is None:
            continue
        cost = binary_cross_entropy(forward(X_val, params)[0], Y_val)
        history["val_cost"].append(cost)
        if cost < best:
            best, waited = cost, 0
        else:
            waited += 1
            if patience is not None and waited >= patience:
                break
    return params, history


@mutant("train_classifier", "ignores patience: never stops early", hint="stop once")
def train_no_stop(X, Y, layer_sizes, rng, lr=0.01, max_epochs=1000, X_val=None, Y_val=None, patience=None):
    params = init_params(layer_sizes, rng)
    m = [[np.zeros_like(p) for p in layer] for layer in params]
    v = [[np.zeros_like(p) for p in layer] for layer in params]
    history = {"train_cost": []}
    if X_val is not None:
        history["val_cost"] = []
    best, best_params = np.inf, params
    for t in range(1, max_epochs + 1):
        A, cache = forward(X, params)
        history["train_cost"].append(binary_cross_entropy(A, Y))
        delta = (A - Y) / len(X)
        grads = []
        for layer in range(len(params) - 1, -1, -1):
            A_prev = cache["A"][layer]
            grads.insert(0, (A_prev.T @ delta, delta.sum(axis=0)))
            delta = (delta @ params[layer][0].T) * A_prev * (1 - A_prev)
        new = []
        for (W, b), (dW, db), mo, sq in zip(params, grads, m, v):
            W, mo[0], sq[0] = adam_update(W, dW, mo[0], sq[0], t, lr)
            b, mo[1], sq[1] = adam_update(b, db, mo[1], sq[1], t, lr)
            new.append((W, b))
        params = new
        if X_val is None:
            continue
        cost = binary_cross_entropy(forward(X_val, params)[0], Y_val)
        history["val_cost"].append(cost)
        if cost < best:
            best, best_params = cost, params
    return (params if X_val is None else best_params), history


@mutant("train_classifier", "early stopping watches the training cost", hint="watch the validation cost")
def train_stop_on_train(X, Y, layer_sizes, rng, lr=0.01, max_epochs=1000, X_val=None, Y_val=None, patience=None):
    params = init_params(layer_sizes, rng)
    m = [[np.zeros_like(p) for p in layer] for layer in params]
    v = [[np.zeros_like(p) for p in layer] for layer in params]
    history = {"train_cost": []}
    if X_val is not None:
        history["val_cost"] = []
    best, best_params, waited = np.inf, params, 0
    for t in range(1, max_epochs + 1):
        A, cache = forward(X, params)
        cost = binary_cross_entropy(A, Y)
        history["train_cost"].append(cost)
        delta = (A - Y) / len(X)
        grads = []
        for layer in range(len(params) - 1, -1, -1):
            A_prev = cache["A"][layer]
            grads.insert(0, (A_prev.T @ delta, delta.sum(axis=0)))
            delta = (delta @ params[layer][0].T) * A_prev * (1 - A_prev)
        new = []
        for (W, b), (dW, db), mo, sq in zip(params, grads, m, v):
            W, mo[0], sq[0] = adam_update(W, dW, mo[0], sq[0], t, lr)
            b, mo[1], sq[1] = adam_update(b, db, mo[1], sq[1], t, lr)
            new.append((W, b))
        params = new
        if X_val is None:
            continue
        history["val_cost"].append(binary_cross_entropy(forward(X_val, params)[0], Y_val))
        if cost < best:
            best, best_params, waited = cost, params, 0
        else:
            waited += 1
            if patience is not None and waited >= patience:
                break
    return (params if X_val is None else best_params), history


@alternative("train_classifier", "its own Adam inline, σ'(Z) from Z, sums instead of means")
def train_inline_adam(X, Y, layer_sizes, rng, lr=0.01, max_epochs=1000, X_val=None, Y_val=None, patience=None):
    params = [[W, b] for W, b in init_params(layer_sizes, rng)]
    flat = [p for layer in params for p in layer]
    m = [np.zeros_like(p) for p in flat]
    v = [np.zeros_like(p) for p in flat]
    history = {"train_cost": []}
    if X_val is not None:
        history["val_cost"] = []
    best, best_params, waited = np.inf, None, 0
    for t in range(1, max_epochs + 1):
        A, cache = forward(X, [tuple(layer) for layer in params])
        history["train_cost"].append(binary_cross_entropy(A, Y))
        delta = A - Y                       # no 1/N here: it moves into ε below
        grads = []
        for layer in reversed(range(len(params))):
            grads = [cache["A"][layer].T @ delta, delta.sum(axis=0)] + grads
            if layer:
                s = sigmoid(cache["Z"][layer - 1])
                delta = (delta @ params[layer][0].T) * s * (1 - s)
        for i, g in enumerate(grads):
            m[i] = 0.9 * m[i] + 0.1 * g
            v[i] = 0.999 * v[i] + 0.001 * g * g
            step = lr * (m[i] / (1 - 0.9 ** t)) / (np.sqrt(v[i] / (1 - 0.999 ** t)) + 1e-8 * len(X))
            params[i // 2][i % 2] = params[i // 2][i % 2] - step
        if X_val is None:
            continue
        cost = binary_cross_entropy(forward(X_val, [tuple(layer) for layer in params])[0], Y_val)
        history["val_cost"].append(cost)
        if cost < best:
            best, waited = cost, 0
            best_params = [(W.copy(), b.copy()) for W, b in params]
        else:
            waited += 1
            if patience is not None and waited >= patience:
                break
    if X_val is None:
        return [tuple(layer) for layer in params], history
    return best_params, history


@alternative("train_classifier", "the best epoch's index, parameters kept per epoch, einsum")
def train_keep_all(X, Y, layer_sizes, rng, lr=0.01, max_epochs=1000, X_val=None, Y_val=None, patience=None):
    params = init_params(layer_sizes, rng)
    state = [[(np.zeros_like(p), np.zeros_like(p)) for p in layer] for layer in params]
    train_cost, val_cost, kept = [], [], []
    for epoch in range(max_epochs):
        A, cache = forward(X, params)
        train_cost.append(binary_cross_entropy(A, Y))
        delta = (A - Y) / X.shape[0]
        grads = [None] * len(params)
        for layer in range(len(params) - 1, -1, -1):
            A_prev = cache["A"][layer]
            grads[layer] = (np.einsum("ni,nj->ij", A_prev, delta), np.einsum("nj->j", delta))
            delta = np.einsum("nj,ij->ni", delta, params[layer][0]) * A_prev * (1 - A_prev)
        new = []
        for layer, ((W, b), (dW, db)) in enumerate(zip(params, grads)):
            (mW, vW), (mb, vb) = state[layer]
            W, mW, vW = adam_update(W, dW, mW, vW, epoch + 1, lr)
            b, mb, vb = adam_update(b, db, mb, vb, epoch + 1, lr)
            state[layer] = [(mW, vW), (mb, vb)]
            new.append((W, b))
        params = new
        if X_val is None:
            continue
        val_cost.append(binary_cross_entropy(forward(X_val, params)[0], Y_val))
        kept.append(params)
        best = int(np.argmin(val_cost))
        if patience is not None and len(val_cost) - 1 - best >= patience:
            break
    if X_val is None:
        return params, {"train_cost": train_cost}
    return kept[int(np.argmin(val_cost))], {"train_cost": train_cost, "val_cost": val_cost}


@alternative("train_classifier", "gradients summed over the patients, not averaged: only Adam's ε notices")
def train_summed(X, Y, layer_sizes, rng, lr=0.01, max_epochs=1000, X_val=None, Y_val=None, patience=None):
    params = init_params(layer_sizes, rng)
    m = [[np.zeros_like(p) for p in layer] for layer in params]
    v = [[np.zeros_like(p) for p in layer] for layer in params]
    history = {"train_cost": []}
    if X_val is not None:
        history["val_cost"] = []
    best, best_params, waited = np.inf, params, 0
    for t in range(1, max_epochs + 1):
        A, cache = forward(X, params)
        history["train_cost"].append(binary_cross_entropy(A, Y))
        delta = A - Y
        grads = []
        for layer in range(len(params) - 1, -1, -1):
            A_prev = cache["A"][layer]
            grads.insert(0, (A_prev.T @ delta, delta.sum(axis=0)))
            delta = (delta @ params[layer][0].T) * A_prev * (1 - A_prev)
        new = []
        for (W, b), (dW, db), mo, sq in zip(params, grads, m, v):
            W, mo[0], sq[0] = adam_update(W, dW, mo[0], sq[0], t, lr)
            b, mo[1], sq[1] = adam_update(b, db, mo[1], sq[1], t, lr)
            new.append((W, b))
        params = new
        if X_val is None:
            continue
        cost = binary_cross_entropy(forward(X_val, params)[0], Y_val)
        history["val_cost"].append(cost)
        if cost < best:
            best, best_params, waited = cost, params, 0
        else:
            waited += 1
            if patience is not None and waited >= patience:
                break
    return (params if X_val is None else best_params), history
