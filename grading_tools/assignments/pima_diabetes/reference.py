"""Assignment 08: preparing the Pima Indians diabetes data and measuring a classifier honestly."""

import numpy as np

from ..optimizers.reference import adam_update
from ..sigmoid_networks.reference import forward, init_params


def impute_zeros(X_train, X_other, columns):
    """In `columns`, zeros (missing values) become the column's mean over non-zero training values.

    The means come from the training data only, so nothing about the other split leaks in.
    """
    X_train, X_other = np.array(X_train, dtype=float), np.array(X_other, dtype=float)
    for j in columns:
        fill = X_train[X_train[:, j] != 0, j].mean()
        X_train[X_train[:, j] == 0, j] = fill
        X_other[X_other[:, j] == 0, j] = fill
    return X_train, X_other


def stratified_split(y, test_fraction, rng):
    """(train_idx, test_idx), sorted, with each class split in the same proportion."""
    test = []
    for label in np.unique(y):  # classes in increasing order
        members = rng.permutation(np.flatnonzero(y == label))
        test.append(members[: round(test_fraction * len(members))])
    test_idx = np.sort(np.concatenate(test))
    return np.setdiff1d(np.arange(len(y)), test_idx), test_idx


def binary_cross_entropy(P, Y):
    """-mean(Y log P + (1 - Y) log(1 - P)), with P clipped away from 0 and 1."""
    P = np.clip(P, 1e-12, 1 - 1e-12)
    return float(-np.mean(Y * np.log(P) + (1 - Y) * np.log(1 - P)))


def accuracy(y_true, y_pred):
    """The fraction of predictions equal to the truth."""
    return float(np.mean(np.asarray(y_true) == np.asarray(y_pred)))


def confusion_matrix(y_true, y_pred):
    """[[TN, FP], [FN, TP]] for 0/1 labels: rows are the truth, columns the prediction."""
    cells = 2 * np.asarray(y_true, dtype=int) + np.asarray(y_pred, dtype=int)
    return np.bincount(cells.ravel(), minlength=4).reshape(2, 2)


def roc_auc(y_true, scores):
    """The area under the ROC curve: the fraction of (positive, negative) pairs whose scores are in
    the right order (the positive above), a tie counting one half.

    Every pair is compared at once by broadcasting (n_pos x n_neg booleans): the definition,
    written out. It equals the trapezoid rule over the ROC curve with one point per distinct score.
    """
    y_true, scores = np.asarray(y_true), np.asarray(scores, dtype=float)
    positives, negatives = scores[y_true == 1], scores[y_true == 0]
    above = positives[:, None] > negatives[None, :]
    tied = positives[:, None] == negatives[None, :]
    return float(np.mean(above + 0.5 * tied))


# Not in the exercise contract: the notebook's training routine, an extra graded exercise, also
# timed by `make bench`. Full-batch Adam on the mean binary cross-entropy of a sigmoid network.
def train_classifier(
    X, Y, layer_sizes, rng, lr=0.01, max_epochs=1000, X_val=None, Y_val=None, patience=None
):
    """Train a sigmoid network on the cross-entropy with full-batch Adam; `(params, history)`.

    `params = init_params(layer_sizes, rng)`, then each epoch t = 1, 2, ...: the training cost
    (`binary_cross_entropy`) and the gradients of the forward pass at the current parameters: the
    per-sample output delta A_L - Y (BP1 for this cost: σ' cancels), the hidden deltas of BP2, and
    the 1/N of the mean cost in BP3 and BP4; one `adam_update` of every W and b (step t, learning
    rate lr). With validation data, the validation cost of the updated parameters follows; when it
    has not improved on its best for `patience` epochs, training stops early and returns the
    parameters of the best validation epoch (assignment 05's rule). Otherwise, when `max_epochs`
    ends the run, the last parameters are returned. `history` holds "train_cost" and, with
    validation data, "val_cost" (one value per epoch).
    A network with no hidden layer (`layer_sizes = [d, 1]`) is logistic regression.
    """
    params = init_params(layer_sizes, rng)
    moments = [[np.zeros_like(p) for p in layer] for layer in params]
    squares = [[np.zeros_like(p) for p in layer] for layer in params]
    history = {"train_cost": []}
    if X_val is not None:
        history["val_cost"] = []
    best_cost, best_params, waited = np.inf, params, 0
    for t in range(1, max_epochs + 1):
        A_out, cache = forward(X, params)
        history["train_cost"].append(binary_cross_entropy(A_out, Y))
        delta = A_out - Y  # BP1 for the cross-entropy, per sample: σ'(Z_L) cancels
        grads = [None] * len(params)
        for layer in range(len(params) - 1, -1, -1):
            A_prev = cache["A"][layer]
            grads[layer] = (A_prev.T @ delta / len(X), delta.mean(axis=0))  # BP4, BP3: the 1/N
            if layer > 0:
                delta = (delta @ params[layer][0].T) * A_prev * (1 - A_prev)  # BP2, σ' = A (1 - A)
        updated = []
        for (W, b), (dW, db), m, v in zip(params, grads, moments, squares):
            W, m[0], v[0] = adam_update(W, dW, m[0], v[0], t, lr)
            b, m[1], v[1] = adam_update(b, db, m[1], v[1], t, lr)
            updated.append((W, b))
        params = updated
        if X_val is None:
            continue
        val_cost = binary_cross_entropy(forward(X_val, params)[0], Y_val)
        history["val_cost"].append(val_cost)
        if val_cost < best_cost:
            best_cost, best_params, waited = val_cost, params, 0
        else:
            waited += 1
            if patience is not None and waited >= patience:
                return best_params, history
    return params, history
