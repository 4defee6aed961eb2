"""Assignment 08: preparing the Pima Indians diabetes data and measuring a classifier honestly."""

import numpy as np


def impute_zeros(X_train, X_other, columns):
    """In `columns`, zeros (missing values) become the mean of that column's non-zero training values.

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
    for label in np.unique(y):                       # classes in increasing order
        members = rng.permutation(np.flatnonzero(y == label))
        test.append(members[:round(test_fraction * len(members))])
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
