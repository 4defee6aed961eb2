"""08_pima_diabetes: the mistakes students make, and correct solutions unlike the reference.

The mistakes are the patches of the reference in its assignment folder's mistakes.py
(MISTAKES), registered here as mutants. The functions below are the correct alternatives, written as
self-contained notebook code: they may use `np` and the setup cell's functions (`sigmoid`,
`init_params`, `forward`, `adam_update`) and the assignment's other graded functions; here they are
the reference's.
"""

import numpy as np

from grading_tools.assignments.optimizers.reference import adam_update
from grading_tools.assignments.pima_diabetes.mistakes import MISTAKES
from grading_tools.assignments.pima_diabetes.reference import binary_cross_entropy
from grading_tools.assignments.sigmoid_networks.reference import forward, init_params, sigmoid

from .catalogue import alternative, patches

patches(MISTAKES)


# ---------------------------------------------------------------------------- impute_zeros
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
@alternative("stratified_split", "permutes positions, a boolean test mask")
def split_mask(y, test_fraction, rng):
    y = np.asarray(y)
    in_test = np.zeros(len(y), dtype=bool)
    for c in sorted(set(y.tolist())):
        members = np.where(y == c)[0]
        chosen = members[rng.permutation(len(members))]
        in_test[chosen[: int(round(test_fraction * len(members)))]] = True
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


# --------------------------------------------------------------------------------- roc_auc
@alternative("roc_auc", "the trapezoid rule over the ROC curve, one point per distinct score")
def roc_auc_trapezoid(y_true, scores):
    y, s = np.asarray(y_true, dtype=float), np.asarray(scores, dtype=float)
    order = np.argsort(-s, kind="stable")
    y, s = y[order], s[order]
    last = np.r_[np.diff(s) != 0, True]  # the last sample of each group of equal scores
    tpr = np.r_[0.0, np.cumsum(y)[last] / y.sum()]
    fpr = np.r_[0.0, np.cumsum(1 - y)[last] / (1 - y).sum()]
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))


@alternative("roc_auc", "Mann-Whitney: the positives' average ranks, ties sharing their mean rank")
def roc_auc_ranks(y_true, scores):
    y, s = np.asarray(y_true) == 1, np.asarray(scores, dtype=float)
    distinct, group, counts = np.unique(s, return_inverse=True, return_counts=True)
    ends = np.cumsum(counts)  # ranks 1..n; a group of equal scores shares its mean rank
    mean_rank = (ends - (counts - 1) / 2.0)[group]
    n_pos, n_neg = y.sum(), (~y).sum()
    return float((mean_rank[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


@alternative("roc_auc", "two loops over the (positive, negative) pairs")
def roc_auc_loops(y_true, scores):
    right, pairs = 0.0, 0
    for label_p, score_p in zip(y_true, scores):
        if label_p != 1:
            continue
        for label_n, score_n in zip(y_true, scores):
            if label_n == 0:
                pairs += 1
                if score_p > score_n:
                    right += 1
                elif score_p == score_n:
                    right += 0.5
    return right / pairs


@alternative("roc_auc", "np.sign of every difference, mapped to 0, 1/2, 1")
def roc_auc_sign(y_true, scores):
    y, s = np.asarray(y_true), np.asarray(scores, dtype=float)
    differences = np.subtract.outer(s[y == 1], s[y == 0])
    return float(((np.sign(differences) + 1) / 2).mean())


# ------------------------------------------------------------------------ train_classifier
# Each entry is the whole routine, as a student would write it in the notebook.


@alternative("train_classifier", "its own Adam inline, σ'(Z) from Z, sums instead of means")
def train_inline_adam(
    X, Y, layer_sizes, rng, lr=0.01, max_epochs=1000, X_val=None, Y_val=None, patience=None
):
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
        delta = A - Y  # no 1/N here: it moves into ε below
        grads = []
        for layer in reversed(range(len(params))):
            grads = [cache["A"][layer].T @ delta, delta.sum(axis=0)] + grads
            if layer:
                s = sigmoid(cache["Z"][layer - 1])
                delta = (delta @ params[layer][0].T) * s * (1 - s)
        for i, g in enumerate(grads):
            m[i] = 0.9 * m[i] + 0.1 * g
            v[i] = 0.999 * v[i] + 0.001 * g * g
            step = lr * (m[i] / (1 - 0.9**t)) / (np.sqrt(v[i] / (1 - 0.999**t)) + 1e-8 * len(X))
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
                return best_params, history
    return [tuple(layer) for layer in params], history


@alternative("train_classifier", "the best epoch's index, parameters kept per epoch, einsum")
def train_keep_all(
    X, Y, layer_sizes, rng, lr=0.01, max_epochs=1000, X_val=None, Y_val=None, patience=None
):
    params = init_params(layer_sizes, rng)
    state = [[(np.zeros_like(p), np.zeros_like(p)) for p in layer] for layer in params]
    train_cost, val_cost, kept = [], [], []
    for epoch in range(max_epochs):
        A, cache = forward(X, params)
        train_cost.append(binary_cross_entropy(A, Y))
        delta = (A - Y) / X.shape[0]  # δ/N: the 1/N of the mean cost taken into the delta
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
            return kept[best], {"train_cost": train_cost, "val_cost": val_cost}
    if X_val is None:
        return params, {"train_cost": train_cost}
    return params, {"train_cost": train_cost, "val_cost": val_cost}


@alternative(
    "train_classifier", "gradients summed over the patients, not averaged: only Adam's ε notices"
)
def train_summed(
    X, Y, layer_sizes, rng, lr=0.01, max_epochs=1000, X_val=None, Y_val=None, patience=None
):
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
            return best_params, history
    return params, history
