"""The mistakes students make in chain_rule, written once as patches of the reference
(grading_tools.judge.mistakes): the hidden checks name them, the mutant catalogue proves
them caught, and bugsy makes the one marked `demo`."""

from ...judge.mistakes import Mistake
from . import reference as ref

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
