"""Functions that hidden cases pass as arguments (to numerical_derivative, numerical_gradient).

This file is handed to the sandboxed kernel beside the hidden inputs, so it imports numpy only:
nothing of the reference. Each function computes from its ARGUMENT only (never from a case's
array through a closure), so a student who perturbs a copy of x is as right as the reference,
which perturbs x in place and restores it.
"""

import numpy as np


def x_cubed_minus_2x(x):
    return x**3 - 2 * x


def sin_of_3x(x):
    return np.sin(3 * x)


def distance_to_1(x):
    return np.abs(x - 1)


def exp_of_half_x(x):
    return np.exp(x / 2)


def x_to_the_4_over_4(x):
    return x**4 / 4


def log_of_1_plus_x_squared(x):
    return np.log1p(x**2)


_data = np.random.default_rng(2503)  # fixed data of the cost functions below
_A = np.array([[2.0, -1.0, 0.5], [0.0, 1.5, -2.0], [1.0, 3.0, -0.5]])  # not symmetric
_X = _data.normal(size=(6, 3))
_Y = _data.normal(size=(6, 2))
_XN = _data.normal(size=(8, 4))
_T = np.where(_data.random(8) < 0.5, -1.0, 1.0)


def quadratic_form_xAx(x):
    """x·Ax for a fixed non-symmetric 3 x 3 A: the gradient is (A + Aᵀ)x."""
    return x @ _A @ x


def least_squares_cost(W):
    """½ Σ (X W − Y)² for fixed X (6 x 3) and Y (6 x 2): W has shape (3, 2)."""
    return 0.5 * np.sum((_X @ W - _Y) ** 2)


def log_sum_exp(x):
    """log Σ exp(x) over every entry, for an array of any shape."""
    return np.log(np.sum(np.exp(x)))


def sum_of_x_sin_x(x):
    return np.sum(x * np.sin(x))


def logistic_loss(w):
    """Mean of log(1 + exp(−t · Xw)) over 8 fixed samples: w has shape (4,)."""
    return np.mean(np.log1p(np.exp(-_T * (_XN @ w))))
