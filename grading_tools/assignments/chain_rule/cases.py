"""Hidden cases for 03_chain_rule.

The numerical-derivative cases pass functions of `case_functions` (handed to the sandbox with the
hidden inputs), with names that say what they compute.
"""

import numpy as np

from ...judge.case_functions import (
    distance_to_1,
    exp_of_half_x,
    least_squares_cost,
    log_of_1_plus_x_squared,
    log_sum_exp,
    logistic_loss,
    quadratic_form_xAx,
    sin_of_3x,
    sum_of_x_sin_x,
    x_cubed_minus_2x,
    x_to_the_4_over_4,
)
from ...judge.spec import Case, Spec

SEED = 2403


NUMERIC_RTOL, NUMERIC_ATOL = 1e-6, 1e-8


# ------------------------------------------------------------------ numerical_derivative
def derivative_cases():
    return [
        Case("f(x) = x³ − 2x at x = 1.5", (x_cubed_minus_2x, 1.5)),
        Case("f(x) = sin(3x) at x = 0.4 with h = 0.01", (sin_of_3x, 0.4), {"h": 0.01}),
        Case("f(x) = |x - 1| at its kink x = 1", (distance_to_1, 1.0)),
        Case("f(x) = exp(x/2) at the integer x = 2", (exp_of_half_x, 2)),
        Case(
            "f(x) = x⁴/4 at x = -2 with a large step h = 0.1", (x_to_the_4_over_4, -2.0), {"h": 0.1}
        ),
        Case("f(x) = log(1 + x²) at a large x = 100", (log_of_1_plus_x_squared, 100.0)),
    ]


DERIVATIVE = Spec(
    "numerical_derivative",
    derivative_cases,
    rtol=NUMERIC_RTOL,
    atol=NUMERIC_ATOL,
)


# -------------------------------------------------------------------- numerical_gradient
def gradient_cases():
    rng = np.random.default_rng(SEED + 1)
    return [
        Case(
            "f(x) = x·Ax with a non-symmetric A, x of size 3",
            (quadratic_form_xAx, rng.normal(size=3)),
        ),
        Case(
            "a 3 x 2 weight matrix W of a least-squares cost (non-square)",
            (least_squares_cost, rng.normal(size=(3, 2))),
        ),
        Case(
            "log-sum-exp of a 3-D array of shape (2, 3, 2)",
            (log_sum_exp, rng.normal(size=(2, 3, 2))),
        ),
        Case("a single entry, shape (1,)", (sum_of_x_sin_x, np.array([0.7]))),
        Case("a 1 x 4 row (batch of one)", (log_sum_exp, rng.normal(size=(1, 4)))),
        Case("x all zeros (log-sum-exp)", (log_sum_exp, np.zeros(5))),
        Case(
            "the logistic loss of a neuron's 4 weights, h = 0.01",
            (logistic_loss, rng.normal(size=4)),
            {"h": 0.01},
        ),
        Case(
            "x·sin(x) summed over a 2 x 5 matrix with values up to 10",
            (sum_of_x_sin_x, rng.uniform(-10, 10, size=(2, 5))),
        ),
    ]


GRADIENT = Spec(
    "numerical_gradient",
    gradient_cases,
    rtol=NUMERIC_RTOL,
    atol=NUMERIC_ATOL,
)


# ------------------------------------------------------------------------ relative_error
def relative_cases():
    rng = np.random.default_rng(SEED + 2)
    a = rng.normal(size=(3, 4))
    b = a * (1 + 1e-6 * rng.normal(size=(3, 4)))
    b[1, 2] = a[1, 2] + 0.05  # one entry is far off: the maximum must find it
    big = rng.normal(size=6) * 1e6
    return [
        Case("two numbers", (2.5, 2.4)),
        Case("3 x 4 arrays, one entry far off", (a, b)),
        Case("equal arrays of zeros (0 / 0 must not happen)", (np.zeros(4), np.zeros(4))),
        Case(
            "tiny values below the 1e-8 floor",
            (np.array([1e-10, 3e-9, 0.0]), np.array([3e-10, 1e-9, 2e-9])),
        ),
        Case("opposite signs", (np.array([2.0, -0.5]), np.array([-2.0, 0.5]))),
        Case("large values near 1e6", (big, big + rng.normal(size=6))),
        Case("a single entry (shape (1,))", (np.array([0.125]), np.array([0.12]))),
    ]


RELATIVE = Spec("relative_error", relative_cases)


# ------------------------------------------------------------------------------- gates
def gate_cases():
    return [
        Case("x = 3, y = -1.5", (3.0, -1.5)),
        Case("x = 0, y = 7", (0.0, 7.0)),
        Case("integers x = -6, y = 4", (-6, 4)),
        Case("x = 0.001, y = 250000", (1e-3, 2.5e5)),
        Case("equal inputs x = y = -0.5", (-0.5, -0.5)),
    ]


ADD = Spec(
    "add_gate",
    gate_cases,
    outputs=("x + y", "local gradients (df/dx, df/dy)"),
)

MUL = Spec(
    "mul_gate",
    gate_cases,
    outputs=("x * y", "local gradients (df/dx, df/dy)"),
)


# ------------------------------------------------------------------- graph_forward_backward
def graph_cases():
    return [
        Case("x = 1, y = 2, z = 0.5", (1.0, 2.0, 0.5)),
        Case("q = x + y = 0 (x = 3, y = -3, z = 7)", (3.0, -3.0, 7.0)),
        Case("z = 0 (x = 0.5, y = 1.5)", (0.5, 1.5, 0.0)),
        Case("all negative: x = -1.25, y = -0.75, z = -2.5", (-1.25, -0.75, -2.5)),
        Case("integers x = 2, y = -7, z = 3", (2, -7, 3)),
        Case("mixed scales: x = 1000, y = 2000, z = -0.001", (1e3, 2e3, -1e-3)),
    ]


GRAPH = Spec(
    "graph_forward_backward",
    graph_cases,
    outputs=("f", "gradients (df/dx, df/dy, df/dz)"),
    uses=("add_gate", "mul_gate"),
)


# ----------------------------------------------------------------------------- neuron_grad
def neuron_cases():
    rng = np.random.default_rng(SEED + 3)
    x_sat = np.array([2.0, 1.5, -1.0])
    w_sat = np.array([10.0, 8.0, -6.0])  # z = 20 + 12 + 6 + 2 = 40: a saturated neuron
    return [
        Case("3 inputs, b = 0.3", (rng.normal(size=3), rng.normal(size=3), 0.3)),
        Case("5 inputs, negative bias b = -1.2", (rng.normal(size=5), rng.normal(size=5), -1.2)),
        Case("a single input (x and w of size 1)", (np.array([1.7]), np.array([-0.8]), 0.25)),
        Case("a saturated neuron, z = 40", (x_sat, w_sat, 2.0)),
        Case("z = 0 exactly (x = 0, b = 0)", (np.zeros(4), rng.normal(size=4), 0.0)),
        Case(
            "integer inputs, 6 of them",
            (np.array([1, -2, 0, 3, -1, 2]), rng.normal(size=6) / 3, 0.1),
        ),
    ]


NEURON = Spec(
    "neuron_grad",
    neuron_cases,
    outputs=("a", "da_dw", "da_db"),
)


# ---------------------------------------------------------------------- identity_neuron_step
def step_cases():
    return [
        Case("x = 1.5, w = 0.5, y = -1, lr = 0.1", (1.5, 0.5, -1.0, 0.1)),
        Case("a negative input x = -1.5, w = 0.2, y = 0.7, lr = 0.05", (-1.5, 0.2, 0.7, 0.05)),
        Case("x = 0: w cannot change the prediction", (0.0, 0.3, 1.0, 0.5)),
        Case("integers x = 2, w = 1, y = 5, lr = 1", (2, 1, 5, 1)),
        Case("a perfect fit already (y = w x)", (4.0, 0.25, 1.0, 0.3)),
        Case(
            "a large error, small lr: x = 3, w = -2, y = 10, lr = 0.001", (3.0, -2.0, 10.0, 0.001)
        ),
    ]


STEP = Spec(
    "identity_neuron_step",
    step_cases,
    outputs=("loss", "grad", "w_new"),
)

SPECS = [DERIVATIVE, GRADIENT, RELATIVE, ADD, MUL, GRAPH, NEURON, STEP]
