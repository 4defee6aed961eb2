"""Hidden cases for 03_chain_rule.

The numerical-derivative cases pass functions of `case_functions` (handed to the sandbox with the
hidden inputs), with names that say what they compute.
"""

import numpy as np

from course.checks import difference

from ..mistakes import Mistake
from ..reference import chain_rule as ref
from .case_functions import (
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
from .core import Case, Spec

SEED = 2403


# The mistakes students make, as patches of the reference (grading_tools.mistakes).
CENTRAL = "(f(x + h) - f(x - h)) / (2 * h)"
NUDGE = """        original = x[i]
        try:
            x[i] = original + h
            up = f(x)
            x[i] = original - h
            down = f(x)
        finally:
            x[i] = original
"""
NUDGE_UNRESTORED = (
    "        x[i] += h\n        up = f(x)\n        x[i] -= 2 * h\n        down = f(x)\n"
)
ENTRY_LOOP = "    for i in np.ndindex(x.shape):\n" + NUDGE
ENTRY_ERRORS = "np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))"
FLOOR = "np.maximum(1e-8, np.abs(a) + np.abs(b))"
BACKWARD_STEP = "df_dq * dq_dx, df_dq * dq_dy"
NEURON_GRADS = "da_dz * x, da_dz"
MISTAKES = (
    Mistake(
        ref.numerical_derivative,
        CENTRAL,
        "(f(x + h) - f(x)) / h",
        "forward difference (f(x+h) - f(x)) / h",
        says="this is the forward difference (f(x+h) - f(x)) / h; the central difference is "
        "(f(x+h) - f(x-h)) / (2h)",
    ),
    Mistake(
        ref.numerical_derivative,
        CENTRAL,
        "(f(x) - f(x - h)) / h",
        "backward difference (f(x) - f(x-h)) / h",
        says="this is the backward difference (f(x) - f(x-h)) / h; the central difference "
        "is (f(x+h) - f(x-h)) / (2h)",
    ),
    Mistake(
        ref.numerical_derivative,
        "/ (2 * h)",
        "/ h",
        "divides by h instead of 2h",
        says="divide by 2h, not h: the two points are 2h apart",
    ),
    Mistake(
        ref.numerical_derivative,
        "/ (2 * h)",
        "/ 2*h",
        "operator precedence: / 2*h",
        says="operator precedence: `/ 2*h` divides by 2 and then MULTIPLIES by h; write "
        "`/ (2 * h)`",
    ),
    Mistake(
        ref.numerical_derivative,
        CENTRAL,
        "(f(x + 1e-5) - f(x - 1e-5)) / 2e-5",
        "ignores the h it is given",
        says="the step h passed by the caller is ignored (1e-5 is only its default)",
    ),
    Mistake(
        ref.numerical_derivative,
        CENTRAL,
        "(f(x + h / 2) - f(x - h / 2)) / h",
        "central difference with half-steps x ± h/2",
    ),
    Mistake(
        ref.numerical_gradient,
        NUDGE + "        grad[i] = (up - down) / (2 * h)",
        NUDGE.replace("original - h", "original") + "        grad[i] = (up - down) / h",
        "forward differences",
        says="this is the forward difference (f(x+h) - f(x)) / h for each entry; use the "
        "central difference (f(x+h) - f(x-h)) / (2h)",
    ),
    Mistake(
        ref.numerical_gradient, NUDGE, NUDGE_UNRESTORED, "nudges x in place and never restores it"
    ),
    Mistake(
        ref.numerical_gradient,
        NUDGE,
        NUDGE_UNRESTORED + "        x[i] += h\n",
        "restores x by adding h back (round-off drift)",
    ),
    Mistake(
        ref.numerical_gradient,
        "    return grad",
        "    return grad.ravel()",
        "returns the gradient flattened",
        says="the gradient must have the shape of x (do not flatten it)",
    ),
    Mistake(
        ref.numerical_gradient,
        "(up - down) / (2 * h)",
        "(up - down) / h",
        "divides by h instead of 2h",
        says="divide by 2h, not h: the two points are 2h apart",
    ),
    Mistake(
        ref.numerical_gradient,
        ENTRY_LOOP + "        grad[i] = (up - down) / (2 * h)\n",
        f"    grad[...] = {CENTRAL}\n",
        "nudges every entry at once",
    ),
    Mistake(
        ref.numerical_gradient,
        ENTRY_LOOP,
        "    x = x.copy()\n    for i in np.ndindex(x.shape):\n" + NUDGE_UNRESTORED,
        "one working copy, never reset between entries",
    ),
    Mistake(
        ref.numerical_gradient,
        "for i in np.ndindex(x.shape):",
        "for i in range(len(x)):",
        "loops over rows only (x[i] is a whole row of a matrix)",
    ),
    Mistake(
        ref.relative_error,
        "np.max(",
        "np.mean(",
        "the mean over the entries instead of the maximum",
        says="take the maximum over the entries, not the mean",
    ),
    Mistake(
        ref.relative_error,
        FLOOR,
        "(np.abs(a) + np.abs(b))",
        "no 1e-8 floor: 0 / 0 on equal zeros",
        says="the denominator is max(1e-8, |a| + |b|): without the 1e-8 floor, 0 / 0 gives NaN",
    ),
    Mistake(
        ref.relative_error,
        "np.abs(a) + np.abs(b)",
        "np.maximum(np.abs(a), np.abs(b))",
        "the denominator max(|a|, |b|)",
        says="the denominator is |a| + |b| (floored at 1e-8), not max(|a|, |b|)",
    ),
    Mistake(ref.relative_error, "np.abs(a) + np.abs(b)", "np.abs(b)", "relative to b only"),
    Mistake(
        ref.relative_error,
        FLOOR,
        "(np.abs(a) + np.abs(b) + 1e-8)",
        "1e-8 added to the denominator instead of a floor",
        says="the 1e-8 is a floor, np.maximum(1e-8, |a| + |b|), not a term added to the "
        "denominator",
    ),
    Mistake(
        ref.relative_error,
        "np.abs(a) + np.abs(b)",
        "a + b",
        "no absolute values in the denominator",
    ),
    Mistake(
        ref.relative_error,
        f"float(np.max({ENTRY_ERRORS}))",
        "float(np.linalg.norm(a - b) / max(1e-8, np.linalg.norm(a) + np.linalg.norm(b)))",
        "a ratio of norms",
        says="the contract's relative error is entry by entry, not a ratio of norms",
    ),
    Mistake(
        ref.relative_error,
        f"float(np.max({ENTRY_ERRORS}))",
        ENTRY_ERRORS,
        "returns every entry's error, not the maximum",
        says="return one number, the maximum over the entries (np.max)",
    ),
    Mistake(
        ref.add_gate,
        "(1.0, 1.0)",
        "(y, x)",
        "the multiply gate's local gradients (y, x)",
        says="these are the multiply gate's local gradients; for f = x + y both are 1",
    ),
    Mistake(
        ref.add_gate,
        "(1.0, 1.0)",
        "(x, y)",
        "the inputs as local gradients",
        says="the local gradients of f = x + y are (1, 1): each input moves f one for one",
    ),
    Mistake(
        ref.add_gate,
        "(1.0, 1.0)",
        "(0.0, 0.0)",
        "local gradients 0: 'a sum does not depend on its inputs'",
    ),
    Mistake(ref.add_gate, "(1.0, 1.0)", "(1.0, -1.0)", "a subtract gate's gradients (1, -1)"),
    Mistake(
        ref.add_gate,
        "x + y, (1.0, 1.0)",
        "(1.0, 1.0), x + y",
        "the gradients first, then the output",
    ),
    Mistake(ref.add_gate, "x + y, (1.0, 1.0)", "x + y, 1.0, 1.0", "one flat tuple (output, 1, 1)"),
    Mistake(
        ref.mul_gate,
        "x * y, (y, x)",
        "x * y, (x, y)",
        "local gradients swapped: (x, y)",
        says="the local gradients are swapped: df/dx = y and df/dy = x, so return (y, x)",
    ),
    Mistake(
        ref.mul_gate,
        "x * y, (y, x)",
        "x * y, (1.0, 1.0)",
        "the add gate's local gradients (1, 1)",
        says="these are the add gate's local gradients; for f = x y they are (y, x)",
    ),
    Mistake(ref.mul_gate, "x * y, (y, x)", "x + y, (y, x)", "adds instead of multiplying"),
    Mistake(ref.mul_gate, "x * y, (y, x)", "x * y, (y, y)", "both local gradients y"),
    Mistake(
        ref.mul_gate,
        "return x * y, (y, x)",
        "f = x * y\n    return f, (f / x, f / y)",
        "local gradients derived as f / x and f / y (breaks at 0)",
    ),
    Mistake(
        ref.mul_gate, "x * y, (y, x)", "-12.0, (-4.0, 3.0)", "hard-codes lecture 003's numbers"
    ),
    Mistake(
        ref.graph_forward_backward,
        BACKWARD_STEP,
        "df_dq + dq_dx, df_dq + dq_dy",
        "adds upstream and local gradients: df/dx = z + 1",
        says="the chain rule MULTIPLIES the upstream gradient by the local one: df/dx = "
        "df/dq · dq/dx = z · 1, not z + 1",
    ),
    Mistake(
        ref.graph_forward_backward,
        "f, (df_dq, df_dz) = mul_gate",
        "f, (df_dz, df_dq) = mul_gate",
        "unpacks mul_gate's gradients in the wrong order",
        says="df/dx and df/dy are z (the upstream gradient df/dq), df/dz is q = x + y: they "
        "are swapped",
    ),
    Mistake(
        ref.graph_forward_backward,
        BACKWARD_STEP,
        "df_dq * x, df_dq * y",
        "multiplies by the inputs instead of the local gradient 1",
        says="dq/dx = 1 for q = x + y: the local gradient of the add gate is 1, not the input",
    ),
    Mistake(
        ref.graph_forward_backward,
        BACKWARD_STEP,
        "dq_dx, dq_dy",
        "forgets the upstream gradient df/dq",
        says="the upstream gradient df/dq = z is missing: df/dx = df/dq · dq/dx = z · 1",
    ),
    Mistake(
        ref.graph_forward_backward,
        "return f, (",
        "return x + y * z, (",
        "x + y * z without parentheses",
        says="f = (x + y) * z needs the parentheses: x + y * z is another function",
    ),
    Mistake(
        ref.graph_forward_backward,
        f"return f, ({BACKWARD_STEP}, df_dz)",
        "return -12.0, (-4.0, -4.0, 3.0)",
        "hard-codes lecture 003's answer",
    ),
    Mistake(
        ref.graph_forward_backward, "df_dq * dq_dy, df_dz)", "df_dq * dq_dy, z)", "df/dz taken as z"
    ),
    Mistake(
        ref.neuron_grad,
        "da_dz = a * (1 - a)",
        "da_dz = sigmoid(a) * (1 - sigmoid(a))",
        "the sigmoid's derivative taken at a instead of z",
        says="the derivative is taken at a instead of z: σ'(z) = a (1 - a), not σ(a)(1 - σ(a))",
    ),
    Mistake(
        ref.neuron_grad,
        NEURON_GRADS,
        "da_dz, da_dz",
        "forgets x in da/dw",
        says="da/dw = σ'(z) x: the factor x (dz/dw) is missing",
    ),
    Mistake(
        ref.neuron_grad,
        NEURON_GRADS,
        "x * 1.0, 1.0",
        "forgets the sigmoid's derivative",
        says="da/dw = σ'(z) x: the sigmoid's derivative σ'(z) = a (1 - a) is missing",
    ),
    Mistake(
        ref.neuron_grad,
        NEURON_GRADS,
        "da_dz * w, da_dz",
        "the gradient with respect to x: σ'(z) w",
        says="this is da/dx = σ'(z) w; the gradient with respect to w is σ'(z) x",
    ),
    Mistake(
        ref.neuron_grad,
        "sigmoid(x @ w + b)",
        "sigmoid(x @ w)",
        "forgets the bias in z",
        says="the bias is missing from z = x·w + b",
    ),
    Mistake(
        ref.neuron_grad,
        "a * (1 - a)",
        "a * (a - 1)",
        "σ'(z) written a (a - 1)",
        says="σ'(z) = σ(z) (1 - σ(z)); a σ'(z) of a (a - 1) has the wrong sign",
    ),
    Mistake(
        ref.neuron_grad, "return a, da_dz", "return x @ w + b, da_dz", "returns z instead of a"
    ),
    Mistake(
        ref.identity_neuron_step,
        "grad = -2 * x * error",
        "grad = 2 * x * error",
        "the gradient's sign is flipped",
        says="the gradient's sign is flipped: dL/dw = 2 (w x - y) x = -2 x (y - w x)",
    ),
    Mistake(
        ref.identity_neuron_step,
        "w - lr * grad",
        "w + lr * grad",
        "the update adds the gradient",
        says="gradient descent SUBTRACTS: w_new = w - lr * grad",
        demo=True,
    ),
    Mistake(
        ref.identity_neuron_step,
        "error ** 2, grad",
        "error, grad",
        "the loss without the square",
        says="the loss is the SQUARED error (y - w x)²",
    ),
    Mistake(
        ref.identity_neuron_step,
        "-2 * x * error",
        "-x * error",
        "the gradient misses the factor 2",
        says="the factor 2 from differentiating the square is missing: dL/dw = -2 x (y - w x)",
    ),
    Mistake(
        ref.identity_neuron_step,
        "-2 * x * error",
        "-2 * error",
        "the gradient misses the factor x",
        says="dL/dw = dL/dŷ · dŷ/dw = -2 (y - w x) · x: the factor x is missing",
    ),
    Mistake(
        ref.identity_neuron_step,
        "-2 * x * error\n    return error ** 2",
        "-x * error\n    return 0.5 * error ** 2",
        "a ½ in the loss (the course's mse_cost convention)",
        says="this loss has a ½; the loss of the deck 'Backpropagation in Neural Nets' (and "
        "of this exercise) is (y - w x)² without it",
    ),
    Mistake(ref.identity_neuron_step, "w - lr * grad", "w - grad", "ignores the learning rate"),
    Mistake(
        ref.identity_neuron_step,
        "return error ** 2, grad, w - lr * grad",
        "return 0.49, -4.2, 4.3",
        "hard-codes lecture 001's numbers",
    ),
)


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


def compare_step(got, expected, spec):
    """As the default comparison, but naming loss, grad and w_new: the reference returns three
    plain numbers, which the default comparison would treat as one array ("at index [1]")."""
    if isinstance(got, np.ndarray) and got.shape == (3,):
        got = tuple(got)  # an array of the three numbers is as good as a tuple
    return difference(
        got, tuple(np.asarray(e, dtype=float) for e in expected), spec.outputs, spec.rtol, spec.atol
    )


STEP = Spec(
    "identity_neuron_step",
    step_cases,
    compare=compare_step,
    outputs=("loss", "grad", "w_new"),
)

SPECS = [DERIVATIVE, GRADIENT, RELATIVE, ADD, MUL, GRAPH, NEURON, STEP]
