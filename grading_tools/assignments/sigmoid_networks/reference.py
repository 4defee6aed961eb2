"""Assignment 02: sigmoid neurons, layers as matrix products, the forward pass and its cost.

Conventions: rows are samples; a layer is (W, b) with W of shape (n_in, n_out) and computes
Z = A_prev @ W + b, A = sigmoid(Z).
"""

import numpy as np


def sigmoid(z):
    """σ(z) = 1 / (1 + e^(-z)), computed without overflow: e^(-|z|) is never larger than 1."""
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_prime(z):
    """σ'(z) = σ(z) (1 - σ(z)), at most 1/4 (at z = 0)."""
    s = sigmoid(z)
    return s * (1 - s)


def softmax(Z):
    """Row-wise softmax; subtracting each row's maximum changes nothing but prevents overflow."""
    e = np.exp(Z - np.max(Z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def zscore(X, mean=None, std=None):
    """(X - mean) / std per column, with mean and population std taken from X unless given.

    A column whose std is 0 carries no information: it becomes 0 rather than NaN.
    """
    mean = X.mean(axis=0) if mean is None else mean
    std = X.std(axis=0) if std is None else std
    spread = np.where(std == 0, 1.0, std)
    return np.where(std == 0, 0.0, (X - mean) / spread), mean, std


def init_params(layer_sizes, rng):
    """One (W, b) per layer, every entry uniform in [-1, 1]: W first, then b, layer by layer."""
    return [
        (rng.uniform(-1, 1, (n_in, n_out)), rng.uniform(-1, 1, n_out))
        for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:])
    ]


def forward(X, params):
    """The forward pass: the output, and the cache {"A": [X, A1, ..., AL], "Z": [Z1, ..., ZL]}."""
    A = X
    cache = {"A": [X], "Z": []}
    for W, b in params:
        Z = A @ W + b  # weighted input of the layer
        A = sigmoid(Z)  # its activation
        cache["Z"].append(Z)
        cache["A"].append(A)
    return A, cache


def mse_cost(Y_hat, Y):
    """C = (1/N) Σ_n ½ ||ŷ_n - y_n||²: half the squared error, summed over outputs, averaged
    over samples."""
    return 0.5 * np.sum((Y_hat - Y) ** 2) / len(Y)
