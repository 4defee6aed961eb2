"""03_chain_rule: the mistakes students make, and correct solutions unlike the reference.

Each function is self-contained notebook code: it may use `np`, the `sigmoid` of the notebook's
setup cell and the assignment's other contract functions (here they are the reference's),
nothing else from this module.
"""

import numpy as np

from grading_tools.reference.chain_rule import add_gate, mul_gate, numerical_derivative  # noqa: F401
from grading_tools.reference.sigmoid_networks import sigmoid  # noqa: F401

from .catalogue import alternative, mutant


# -------------------------------------------------------------------- numerical_derivative
@mutant("numerical_derivative", "forward difference (f(x+h) - f(x)) / h", hint="forward difference")
def derivative_forward(f, x, h=1e-5):
    return (f(x + h) - f(x)) / h


@mutant("numerical_derivative", "backward difference (f(x) - f(x-h)) / h", hint="backward difference")
def derivative_backward(f, x, h=1e-5):
    return (f(x) - f(x - h)) / h


@mutant("numerical_derivative", "divides by h instead of 2h", hint="divide by 2h")
def derivative_by_h(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / h


@mutant("numerical_derivative", "operator precedence: / 2*h", hint="operator precedence")
def derivative_precedence(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / 2*h


@mutant("numerical_derivative", "ignores the h it is given", hint="passed by the caller is ignored")
def derivative_fixed_h(f, x, h=1e-5):
    step = 1e-5
    return (f(x + step) - f(x - step)) / (2 * step)


@mutant("numerical_derivative", "central difference with half-steps x ± h/2", hint=None)
def derivative_half_steps(f, x, h=1e-5):
    return (f(x + h / 2) - f(x - h / 2)) / h


@alternative("numerical_derivative", "the average of a forward and a backward difference")
def derivative_average(f, x, h=1e-5):
    forward = (f(x + h) - f(x)) / h
    backward = (f(x) - f(x - h)) / h
    return (forward + backward) / 2


@alternative("numerical_derivative", "two named points, divided by h and then by 2, as a float")
def derivative_points(f, x, h=1e-5):
    right, left = x + h, x - h
    return float((f(right) - f(left)) / h / 2)


# ---------------------------------------------------------------------- numerical_gradient
@mutant("numerical_gradient", "forward differences", hint="forward difference")
def gradient_forward(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        bumped = x.copy()
        bumped[i] += h
        grad[i] = (f(bumped) - f(x)) / h
    return grad


@mutant("numerical_gradient", "nudges x in place and never restores it", hint=None)
def gradient_no_restore(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        x[i] += h
        up = f(x)
        x[i] -= 2 * h
        down = f(x)
        grad[i] = (up - down) / (2 * h)
    return grad


@mutant("numerical_gradient", "restores x by adding h back (round-off drift)", hint=None)
def gradient_drift(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        x[i] += h
        up = f(x)
        x[i] -= 2 * h
        down = f(x)
        x[i] += h
        grad[i] = (up - down) / (2 * h)
    return grad


@mutant("numerical_gradient", "returns the gradient flattened", hint="shape of x")
def gradient_flat(f, x, h=1e-5):
    flat = x.ravel().copy()
    grad = np.zeros(flat.size)
    for i in range(flat.size):
        up, down = flat.copy(), flat.copy()
        up[i] += h
        down[i] -= h
        grad[i] = (f(up.reshape(x.shape)) - f(down.reshape(x.shape))) / (2 * h)
    return grad


@mutant("numerical_gradient", "divides by h instead of 2h", hint="divide by 2h")
def gradient_by_h(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[i] += h
        down[i] -= h
        grad[i] = (f(up) - f(down)) / h
    return grad


@mutant("numerical_gradient", "nudges every entry at once", hint=None)
def gradient_all_at_once(f, x, h=1e-5):
    return np.full(x.shape, (f(x + h) - f(x - h)) / (2 * h))


@mutant("numerical_gradient", "one working copy, never reset between entries", hint=None)
def gradient_no_reset(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    work = x.copy()
    for i in np.ndindex(x.shape):
        work[i] += h
        up = f(work)
        work[i] -= 2 * h
        down = f(work)
        grad[i] = (up - down) / (2 * h)
    return grad


@mutant("numerical_gradient", "loops over rows only (x[i] is a whole row of a matrix)", hint=None)
def gradient_rows(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    for i in range(len(x)):
        up, down = x.copy(), x.copy()
        up[i] += h
        down[i] -= h
        grad[i] = (f(up) - f(down)) / (2 * h)
    return grad


@alternative("numerical_gradient", "a basis array e of the shape of x: f(x + e) and f(x - e)")
def gradient_basis(f, x, h=1e-5):
    grad = np.zeros_like(x, dtype=float)
    for k in range(x.size):
        e = np.zeros(x.size)
        e[k] = h
        e = e.reshape(x.shape)
        grad.flat[k] = (f(x + e) - f(x - e)) / (2 * h)
    return grad


@alternative("numerical_gradient", "numerical_derivative of f along each entry, on copies")
def gradient_along_entries(f, x, h=1e-5):
    grad = np.empty(x.shape)
    for index in np.ndindex(*x.shape):
        def along(t):
            moved = np.array(x, dtype=float)
            moved[index] = t
            return f(moved)
        grad[index] = numerical_derivative(along, x[index], h)
    return grad


@alternative("numerical_gradient", "in place on x with try/finally, nditer over multi-indices")
def gradient_nditer(f, x, h=1e-5):
    grad = np.zeros(x.shape)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        saved = float(x[i])
        try:
            x[i] = saved + h
            up = f(x)
            x[i] = saved - h
            down = f(x)
        finally:
            x[i] = saved
        grad[i] = (up - down) / (2 * h)
    return grad


# -------------------------------------------------------------------------- relative_error
@mutant("relative_error", "the mean over the entries instead of the maximum",
        hint="maximum over the entries, not the mean")
def relative_mean(a, b):
    return float(np.mean(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


@mutant("relative_error", "no 1e-8 floor: 0 / 0 on equal zeros", hint="without the 1e-8 floor")
def relative_no_floor(a, b):
    return float(np.max(np.abs(a - b) / (np.abs(a) + np.abs(b))))


@mutant("relative_error", "the denominator max(|a|, |b|)", hint="not max(|a|, |b|)")
def relative_max_denominator(a, b):
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.maximum(np.abs(a), np.abs(b)))))


@mutant("relative_error", "relative to b only", hint=None)
def relative_to_b(a, b):
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(b))))


@mutant("relative_error", "1e-8 added to the denominator instead of a floor", hint="the 1e-8 is a floor")
def relative_plus_eps(a, b):
    return float(np.max(np.abs(a - b) / (np.abs(a) + np.abs(b) + 1e-8)))


@mutant("relative_error", "no absolute values in the denominator", hint=None)
def relative_signed(a, b):
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, a + b)))


@mutant("relative_error", "a ratio of norms", hint="ratio of norms")
def relative_norms(a, b):
    return float(np.linalg.norm(a - b) / max(1e-8, np.linalg.norm(a) + np.linalg.norm(b)))


@mutant("relative_error", "returns every entry's error, not the maximum", hint="return one number")
def relative_array(a, b):
    return np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))


@alternative("relative_error", "a loop over the flattened pairs with Python's max")
def relative_loop(a, b):
    pairs = zip(np.ravel(a), np.ravel(b))
    return max(abs(p - q) / max(1e-8, abs(p) + abs(q)) for p, q in pairs)


@alternative("relative_error", "np.clip for the floor, .max() method")
def relative_clip(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return (np.abs(a - b) / np.clip(np.abs(a) + np.abs(b), 1e-8, None)).max()


# -------------------------------------------------------------------------------- add_gate
@mutant("add_gate", "the multiply gate's local gradients (y, x)", hint="multiply gate's local gradients")
def add_as_mul(x, y):
    return x + y, (y, x)


@mutant("add_gate", "the inputs as local gradients", hint="local gradients of f = x + y are (1, 1)")
def add_inputs(x, y):
    return x + y, (x, y)


@mutant("add_gate", "local gradients 0: 'a sum does not depend on its inputs'", hint=None)
def add_zero(x, y):
    return x + y, (0.0, 0.0)


@mutant("add_gate", "a subtract gate's gradients (1, -1)", hint=None)
def add_minus(x, y):
    return x + y, (1.0, -1.0)


@mutant("add_gate", "the gradients first, then the output", hint=None)
def add_swapped_outputs(x, y):
    return (1.0, 1.0), x + y


@mutant("add_gate", "one flat tuple (output, 1, 1)", hint=None)
def add_flat(x, y):
    return x + y, 1.0, 1.0


@alternative("add_gate", "np.add, integer gradients in a list")
def add_numpy(x, y):
    return np.add(x, y), [1, 1]


@alternative("add_gate", "y + x, the gradients as an array")
def add_array(x, y):
    out = y + x
    return out, np.ones(2)


# -------------------------------------------------------------------------------- mul_gate
@mutant("mul_gate", "local gradients swapped: (x, y)", hint="local gradients are swapped")
def mul_swapped(x, y):
    return x * y, (x, y)


@mutant("mul_gate", "the add gate's local gradients (1, 1)", hint="add gate's local gradients")
def mul_as_add(x, y):
    return x * y, (1.0, 1.0)


@mutant("mul_gate", "adds instead of multiplying", hint=None)
def mul_adds(x, y):
    return x + y, (y, x)


@mutant("mul_gate", "both local gradients y", hint=None)
def mul_both_y(x, y):
    return x * y, (y, y)


@mutant("mul_gate", "local gradients derived as f / x and f / y (breaks at 0)", hint=None)
def mul_ratio(x, y):
    f = x * y
    return f, (f / x, f / y)


@mutant("mul_gate", "hard-codes lecture 003's numbers", hint=None)
def mul_hardcoded(x, y):
    return -12.0, (-4.0, 3.0)


@alternative("mul_gate", "np.multiply, the gradients as a list")
def mul_numpy(x, y):
    return np.multiply(x, y), [y, x]


@alternative("mul_gate", "named local gradients, floats")
def mul_named(x, y):
    df_dx = float(y)
    df_dy = float(x)
    return float(y * x), (df_dx, df_dy)


# ------------------------------------------------------------------ graph_forward_backward
@mutant("graph_forward_backward", "adds upstream and local gradients: df/dx = z + 1",
        hint="MULTIPLIES the upstream gradient")
def graph_adds(x, y, z):
    q, (dq_dx, dq_dy) = add_gate(x, y)
    f, (df_dq, df_dz) = mul_gate(q, z)
    return f, (df_dq + dq_dx, df_dq + dq_dy, df_dz)


@mutant("graph_forward_backward", "unpacks mul_gate's gradients in the wrong order", hint="they are swapped")
def graph_unpack_swapped(x, y, z):
    q, (dq_dx, dq_dy) = add_gate(x, y)
    f, (df_dz, df_dq) = mul_gate(q, z)
    return f, (df_dq * dq_dx, df_dq * dq_dy, df_dz)


@mutant("graph_forward_backward", "multiplies by the inputs instead of the local gradient 1",
        hint="not the input")
def graph_times_input(x, y, z):
    q = x + y
    return q * z, (z * x, z * y, q)


@mutant("graph_forward_backward", "forgets the upstream gradient df/dq",
        hint="upstream gradient df/dq = z is missing")
def graph_no_upstream(x, y, z):
    q, (dq_dx, dq_dy) = add_gate(x, y)
    f, (df_dq, df_dz) = mul_gate(q, z)
    return f, (dq_dx, dq_dy, df_dz)


@mutant("graph_forward_backward", "x + y * z without parentheses", hint="needs the parentheses")
def graph_precedence(x, y, z):
    return x + y * z, (z, z, x + y)


@mutant("graph_forward_backward", "hard-codes lecture 003's answer", hint=None)
def graph_hardcoded(x, y, z):
    return -12.0, (-4.0, -4.0, 3.0)


@mutant("graph_forward_backward", "df/dz taken as z", hint=None)
def graph_dz_is_z(x, y, z):
    return (x + y) * z, (z, z, z)


@alternative("graph_forward_backward", "the formulas written out, no gates")
def graph_direct(x, y, z):
    return (x + y) * z, (z, z, x + y)


@alternative("graph_forward_backward", "gates with an explicit upstream gradient df/df = 1")
def graph_explicit_upstream(x, y, z):
    q, local_q = add_gate(x, y)
    f, local_f = mul_gate(q, z)
    df_df = 1.0
    df_dq = df_df * local_f[0]
    df_dz = df_df * local_f[1]
    return f, (df_dq * local_q[0], df_dq * local_q[1], df_dz)


# ----------------------------------------------------------------------------- neuron_grad
@mutant("neuron_grad", "the sigmoid's derivative taken at a instead of z", hint="taken at a instead of z")
def neuron_at_a(x, w, b):
    a = sigmoid(x @ w + b)
    slope = sigmoid(a) * (1 - sigmoid(a))
    return a, slope * x, slope


@mutant("neuron_grad", "forgets x in da/dw", hint="factor x (dz/dw) is missing")
def neuron_no_x(x, w, b):
    a = sigmoid(x @ w + b)
    slope = a * (1 - a)
    return a, slope, slope


@mutant("neuron_grad", "forgets the sigmoid's derivative", hint="derivative σ'(z) = a (1 - a) is missing")
def neuron_no_slope(x, w, b):
    a = sigmoid(x @ w + b)
    return a, x * 1.0, 1.0


@mutant("neuron_grad", "the gradient with respect to x: σ'(z) w", hint="this is da/dx")
def neuron_wrt_x(x, w, b):
    a = sigmoid(x @ w + b)
    slope = a * (1 - a)
    return a, slope * w, slope


@mutant("neuron_grad", "forgets the bias in z", hint="bias is missing")
def neuron_no_bias(x, w, b):
    a = sigmoid(x @ w)
    slope = a * (1 - a)
    return a, slope * x, slope


@mutant("neuron_grad", "σ'(z) written a (a - 1)", hint="wrong sign")
def neuron_sign(x, w, b):
    a = sigmoid(x @ w + b)
    slope = a * (a - 1)
    return a, slope * x, slope


@mutant("neuron_grad", "returns z instead of a", hint=None)
def neuron_returns_z(x, w, b):
    z = x @ w + b
    a = sigmoid(z)
    slope = a * (1 - a)
    return z, slope * x, slope


@alternative("neuron_grad", "σ'(z) as σ(z) σ(-z), np.dot")
def neuron_symmetric(x, w, b):
    z = np.dot(x, w) + b
    slope = sigmoid(z) * sigmoid(-z)
    return sigmoid(z), slope * x, slope


@alternative("neuron_grad", "a loop over the weights, the chain rule written out")
def neuron_loop(x, w, b):
    z = b
    for xi, wi in zip(x, w):
        z = z + xi * wi
    a = float(sigmoid(z))
    da_dz = a * (1.0 - a)
    da_dw = np.array([da_dz * xi for xi in x], dtype=float)
    return a, da_dw, da_dz * 1.0


# ---------------------------------------------------------------------- identity_neuron_step
@mutant("identity_neuron_step", "the gradient's sign is flipped", hint="gradient's sign is flipped")
def step_sign(x, w, y, lr):
    error = y - w * x
    grad = 2 * x * error
    return error ** 2, grad, w - lr * grad


@mutant("identity_neuron_step", "the update adds the gradient", hint="SUBTRACTS")
def step_ascent(x, w, y, lr):
    error = y - w * x
    grad = -2 * x * error
    return error ** 2, grad, w + lr * grad


@mutant("identity_neuron_step", "the loss without the square", hint="SQUARED error")
def step_no_square(x, w, y, lr):
    error = y - w * x
    grad = -2 * x * error
    return error, grad, w - lr * grad


@mutant("identity_neuron_step", "the gradient misses the factor 2",
        hint="factor 2 from differentiating the square")
def step_no_two(x, w, y, lr):
    error = y - w * x
    grad = -x * error
    return error ** 2, grad, w - lr * grad


@mutant("identity_neuron_step", "the gradient misses the factor x", hint="the factor x is missing")
def step_no_x(x, w, y, lr):
    error = y - w * x
    grad = -2 * error
    return error ** 2, grad, w - lr * grad


@mutant("identity_neuron_step", "a ½ in the loss (the course's mse_cost convention)",
        hint="this loss has a ½")
def step_half(x, w, y, lr):
    error = y - w * x
    grad = -x * error
    return 0.5 * error ** 2, grad, w - lr * grad


@mutant("identity_neuron_step", "ignores the learning rate", hint=None)
def step_no_lr(x, w, y, lr):
    error = y - w * x
    grad = -2 * x * error
    return error ** 2, grad, w - grad


@mutant("identity_neuron_step", "hard-codes lecture 001's numbers", hint=None)
def step_hardcoded(x, w, y, lr):
    return 0.49, -4.2, 4.3


@alternative("identity_neuron_step", "through the prediction: dL/dŷ · dŷ/dw")
def step_chain(x, w, y, lr):
    y_hat = w * x
    dL_dyhat = 2 * (y_hat - y)
    dyhat_dw = x
    grad = dL_dyhat * dyhat_dw
    return (y_hat - y) ** 2, grad, w - lr * grad


@alternative("identity_neuron_step", "expanded polynomial: L = x²w² - 2xyw + y²")
def step_expanded(x, w, y, lr):
    loss = x * x * w * w - 2 * x * y * w + y * y
    grad = 2 * x * x * w - 2 * x * y
    return float(loss), float(grad), float(w - lr * grad)
