"""Hidden cases for 03_chain_rule.

The numerical-derivative cases pass functions of `case_functions` (handed to the sandbox with the
hidden inputs), with names that say what they compute.
"""

import numpy as np

from course.checks import difference

from ..reference import chain_rule as reference
from .case_functions import (distance_to_1, exp_of_half_x, least_squares_cost,
                             log_of_1_plus_x_squared, log_sum_exp, logistic_loss, quadratic_form_xAx,
                             sin_of_3x, sum_of_x_sin_x, x_cubed_minus_2x, x_to_the_4_over_4)
from .core import Case, KnownMistake, Spec

SEED = 2403


# Finite differences carry round-off of about eps·|f|/h (≈ 1e-11·|f| at h = 1e-5). A correct
# variant that forms x ± h in another order, or averages a forward and a backward difference,
# can differ from the reference by that much: compare to 1e-6 relative, 1e-8 absolute. Every
# real mistake (an O(h) forward difference, a factor 2, an ignored h) is far larger.
NUMERIC_RTOL, NUMERIC_ATOL = 1e-6, 1e-8


# ------------------------------------------------------------------ numerical_derivative
def derivative_cases():
    return [
        Case("f(x) = x³ − 2x at x = 1.5", (x_cubed_minus_2x, 1.5)),
        Case("f(x) = sin(3x) at x = 0.4 with h = 0.01", (sin_of_3x, 0.4), {"h": 0.01}),
        Case("f(x) = |x - 1| at its kink x = 1", (distance_to_1, 1.0)),
        Case("f(x) = exp(x/2) at the integer x = 2", (exp_of_half_x, 2)),
        Case("f(x) = x⁴/4 at x = -2 with a large step h = 0.1", (x_to_the_4_over_4, -2.0), {"h": 0.1}),
        Case("f(x) = log(1 + x²) at a large x = 100", (log_of_1_plus_x_squared, 100.0)),
    ]


def _forward(f, x, h=1e-5):
    return (f(x + h) - f(x)) / h


def _backward(f, x, h=1e-5):
    return (f(x) - f(x - h)) / h


DERIVATIVE = Spec(
    "numerical_derivative", derivative_cases, rtol=NUMERIC_RTOL, atol=NUMERIC_ATOL,
    mistakes=(
        KnownMistake("this is the forward difference (f(x+h) - f(x)) / h; the central difference "
                     "is (f(x+h) - f(x-h)) / (2h)", _forward),
        KnownMistake("this is the backward difference (f(x) - f(x-h)) / h; the central difference "
                     "is (f(x+h) - f(x-h)) / (2h)", _backward),
        KnownMistake("divide by 2h, not h: the two points are 2h apart",
                     lambda f, x, h=1e-5: (f(x + h) - f(x - h)) / h),
        KnownMistake("operator precedence: `/ 2*h` divides by 2 and then MULTIPLIES by h; "
                     "write `/ (2 * h)`", lambda f, x, h=1e-5: (f(x + h) - f(x - h)) / 2 * h),
        KnownMistake("the step h passed by the caller is ignored (1e-5 is only its default)",
                     lambda f, x, h=1e-5: (f(x + 1e-5) - f(x - 1e-5)) / 2e-5),
    ),
)


# -------------------------------------------------------------------- numerical_gradient
def gradient_cases():
    rng = np.random.default_rng(SEED + 1)
    return [
        Case("f(x) = x·Ax with a non-symmetric A, x of size 3", (quadratic_form_xAx, rng.normal(size=3))),
        Case("a 3 x 2 weight matrix W of a least-squares cost (non-square)",
             (least_squares_cost, rng.normal(size=(3, 2)))),
        Case("log-sum-exp of a 3-D array of shape (2, 3, 2)", (log_sum_exp, rng.normal(size=(2, 3, 2)))),
        Case("a single entry, shape (1,)", (sum_of_x_sin_x, np.array([0.7]))),
        Case("a 1 x 4 row (batch of one)", (log_sum_exp, rng.normal(size=(1, 4)))),
        Case("x all zeros (log-sum-exp)", (log_sum_exp, np.zeros(5))),
        Case("the logistic loss of a neuron's 4 weights, h = 0.01", (logistic_loss, rng.normal(size=4)),
             {"h": 0.01}),
        Case("x·sin(x) summed over a 2 x 5 matrix with values up to 10",
             (sum_of_x_sin_x, rng.uniform(-10, 10, size=(2, 5)))),
    ]


def _gradient_variant(f, x, h=1e-5, forward=False, divisor=2.0):
    x = np.array(x, dtype=float)
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[i] += h
        if not forward:
            down[i] -= h
        grad[i] = (f(up) - f(down)) / (divisor * h if not forward else h)
    return grad


GRADIENT = Spec(
    "numerical_gradient", gradient_cases, rtol=NUMERIC_RTOL, atol=NUMERIC_ATOL,
    mistakes=(
        KnownMistake("this is the forward difference (f(x+h) - f(x)) / h for each entry; use the "
                     "central difference (f(x+h) - f(x-h)) / (2h)",
                     lambda f, x, h=1e-5: _gradient_variant(f, x, h, forward=True)),
        KnownMistake("divide by 2h, not h: the two points are 2h apart",
                     lambda f, x, h=1e-5: _gradient_variant(f, x, h, divisor=1.0)),
        KnownMistake("the gradient must have the shape of x (do not flatten it)",
                     lambda f, x, h=1e-5: reference.numerical_gradient(f, np.array(x, float), h).ravel()),
    ),
)


# ------------------------------------------------------------------------ relative_error
def relative_cases():
    rng = np.random.default_rng(SEED + 2)
    a = rng.normal(size=(3, 4))
    b = a * (1 + 1e-6 * rng.normal(size=(3, 4)))
    b[1, 2] = a[1, 2] + 0.05   # one entry is far off: the maximum must find it
    big = rng.normal(size=6) * 1e6
    return [
        Case("two numbers", (2.5, 2.4)),
        Case("3 x 4 arrays, one entry far off", (a, b)),
        Case("equal arrays of zeros (0 / 0 must not happen)", (np.zeros(4), np.zeros(4))),
        Case("tiny values below the 1e-8 floor", (np.array([1e-10, 3e-9, 0.0]), np.array([3e-10, 1e-9, 2e-9]))),
        Case("opposite signs", (np.array([2.0, -0.5]), np.array([-2.0, 0.5]))),
        Case("large values near 1e6", (big, big + rng.normal(size=6))),
        Case("a single entry (shape (1,))", (np.array([0.125]), np.array([0.12]))),
    ]


def _floored(a, b):
    return np.maximum(1e-8, np.abs(a) + np.abs(b))


RELATIVE = Spec(
    "relative_error", relative_cases,
    mistakes=(
        KnownMistake("take the maximum over the entries, not the mean",
                     lambda a, b: np.mean(np.abs(a - b) / _floored(a, b))),
        KnownMistake("return one number, the maximum over the entries (np.max)",
                     lambda a, b: np.abs(a - b) / _floored(a, b)),
        KnownMistake("the denominator is max(1e-8, |a| + |b|): without the 1e-8 floor, 0 / 0 gives NaN",
                     lambda a, b: np.max(np.abs(a - b) / (np.abs(a) + np.abs(b)))),
        KnownMistake("the denominator is |a| + |b| (floored at 1e-8), not max(|a|, |b|)",
                     lambda a, b: np.max(np.abs(a - b) / np.maximum(1e-8, np.maximum(np.abs(a), np.abs(b))))),
        KnownMistake("the 1e-8 is a floor, np.maximum(1e-8, |a| + |b|), not a term added to the denominator",
                     lambda a, b: np.max(np.abs(a - b) / (np.abs(a) + np.abs(b) + 1e-8))),
        KnownMistake("the contract's relative error is entry by entry, not a ratio of norms",
                     lambda a, b: np.linalg.norm(np.ravel(a) - np.ravel(b))
                     / max(1e-8, np.linalg.norm(np.ravel(a)) + np.linalg.norm(np.ravel(b)))),
    ),
)


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
    "add_gate", gate_cases, outputs=("x + y", "local gradients (df/dx, df/dy)"),
    mistakes=(
        KnownMistake("these are the multiply gate's local gradients; for f = x + y both are 1",
                     lambda x, y: (x + y, (y, x))),
        KnownMistake("the local gradients of f = x + y are (1, 1): each input moves f one for one",
                     lambda x, y: (x + y, (x, y))),
    ),
)

MUL = Spec(
    "mul_gate", gate_cases, outputs=("x * y", "local gradients (df/dx, df/dy)"),
    mistakes=(
        KnownMistake("the local gradients are swapped: df/dx = y and df/dy = x, so return (y, x)",
                     lambda x, y: (x * y, (x, y))),
        KnownMistake("these are the add gate's local gradients; for f = x y they are (y, x)",
                     lambda x, y: (x * y, (1.0, 1.0))),
    ),
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
    "graph_forward_backward", graph_cases, outputs=("f", "gradients (df/dx, df/dy, df/dz)"),
    uses=("add_gate", "mul_gate"),
    mistakes=(
        KnownMistake("the chain rule MULTIPLIES the upstream gradient by the local one: "
                     "df/dx = df/dq · dq/dx = z · 1, not z + 1",
                     lambda x, y, z: ((x + y) * z, (z + 1, z + 1, x + y))),
        KnownMistake("df/dx and df/dy are z (the upstream gradient df/dq), df/dz is q = x + y: "
                     "they are swapped", lambda x, y, z: ((x + y) * z, (x + y, x + y, z))),
        KnownMistake("dq/dx = 1 for q = x + y: the local gradient of the add gate is 1, not the input",
                     lambda x, y, z: ((x + y) * z, (z * x, z * y, x + y))),
        KnownMistake("the upstream gradient df/dq = z is missing: df/dx = df/dq · dq/dx = z · 1",
                     lambda x, y, z: ((x + y) * z, (1.0, 1.0, x + y))),
        KnownMistake("f = (x + y) * z needs the parentheses: x + y * z is another function",
                     lambda x, y, z: (x + y * z, (z, z, x + y))),
    ),
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
        Case("integer inputs, 6 of them", (np.array([1, -2, 0, 3, -1, 2]), rng.normal(size=6) / 3, 0.1)),
    ]


def _sig(z):
    return reference.sigmoid(z)


def _neuron(x, w, b):
    z = x @ w + b
    a = _sig(z)
    return z, a


NEURON = Spec(
    "neuron_grad", neuron_cases, outputs=("a", "da_dw", "da_db"),
    mistakes=(
        KnownMistake("the derivative is taken at a instead of z: σ'(z) = a (1 - a), not σ(a)(1 - σ(a))",
                     lambda x, w, b: (lambda z, a: (a, _sig(a) * (1 - _sig(a)) * x,
                                                    _sig(a) * (1 - _sig(a))))(*_neuron(x, w, b))),
        KnownMistake("da/dw = σ'(z) x: the factor x (dz/dw) is missing",
                     lambda x, w, b: (lambda z, a: (a, a * (1 - a), a * (1 - a)))(*_neuron(x, w, b))),
        KnownMistake("da/dw = σ'(z) x: the sigmoid's derivative σ'(z) = a (1 - a) is missing",
                     lambda x, w, b: (lambda z, a: (a, x * 1.0, 1.0))(*_neuron(x, w, b))),
        KnownMistake("this is da/dx = σ'(z) w; the gradient with respect to w is σ'(z) x",
                     lambda x, w, b: (lambda z, a: (a, a * (1 - a) * w, a * (1 - a)))(*_neuron(x, w, b))),
        KnownMistake("the bias is missing from z = x·w + b",
                     lambda x, w, b: (lambda z, a: (a, a * (1 - a) * x, a * (1 - a)))(*_neuron(x, w, 0.0))),
        KnownMistake("σ'(z) = σ(z) (1 - σ(z)); a σ'(z) of a (a - 1) has the wrong sign",
                     lambda x, w, b: (lambda z, a: (a, a * (a - 1) * x, a * (a - 1)))(*_neuron(x, w, b))),
    ),
)


# ---------------------------------------------------------------------- identity_neuron_step
def step_cases():
    return [
        Case("x = 1.5, w = 0.5, y = -1, lr = 0.1", (1.5, 0.5, -1.0, 0.1)),
        Case("a negative input x = -1.5, w = 0.2, y = 0.7, lr = 0.05", (-1.5, 0.2, 0.7, 0.05)),
        Case("x = 0: w cannot change the prediction", (0.0, 0.3, 1.0, 0.5)),
        Case("integers x = 2, w = 1, y = 5, lr = 1", (2, 1, 5, 1)),
        Case("a perfect fit already (y = w x)", (4.0, 0.25, 1.0, 0.3)),
        Case("a large error, small lr: x = 3, w = -2, y = 10, lr = 0.001", (3.0, -2.0, 10.0, 0.001)),
    ]


def compare_step(got, expected, spec):
    """As the default comparison, but naming loss, grad and w_new: the reference returns three
    plain numbers, which the default comparison would treat as one array ("at index [1]")."""
    if isinstance(got, np.ndarray) and got.shape == (3,):
        got = tuple(got)   # an array of the three numbers is as good as a tuple
    return difference(got, tuple(np.asarray(e, dtype=float) for e in expected),
                      spec.outputs, spec.rtol, spec.atol)


STEP = Spec(
    "identity_neuron_step", step_cases, compare=compare_step, outputs=("loss", "grad", "w_new"),
    mistakes=(
        KnownMistake("the gradient's sign is flipped: dL/dw = 2 (w x - y) x = -2 x (y - w x)",
                     lambda x, w, y, lr: ((y - w * x) ** 2, 2 * x * (y - w * x), w - lr * 2 * x * (y - w * x))),
        KnownMistake("gradient descent SUBTRACTS: w_new = w - lr * grad",
                     lambda x, w, y, lr: ((y - w * x) ** 2, -2 * x * (y - w * x), w - lr * 2 * x * (y - w * x))),
        KnownMistake("the loss is the SQUARED error (y - w x)²",
                     lambda x, w, y, lr: (y - w * x, -2 * x * (y - w * x), w + lr * 2 * x * (y - w * x))),
        KnownMistake("the factor 2 from differentiating the square is missing: dL/dw = -2 x (y - w x)",
                     lambda x, w, y, lr: ((y - w * x) ** 2, -x * (y - w * x), w + lr * x * (y - w * x))),
        KnownMistake("this loss has a ½; the loss of the deck 'Backpropagation in Neural Nets' (and "
                     "of this exercise) is (y - w x)² without it",
                     lambda x, w, y, lr: (0.5 * (y - w * x) ** 2, -x * (y - w * x), w + lr * x * (y - w * x))),
        KnownMistake("dL/dw = dL/dŷ · dŷ/dw = -2 (y - w x) · x: the factor x is missing",
                     lambda x, w, y, lr: ((y - w * x) ** 2, -2 * (y - w * x), w + lr * 2 * (y - w * x))),
    ),
)

SPECS = [DERIVATIVE, GRADIENT, RELATIVE, ADD, MUL, GRAPH, NEURON, STEP]
