"""03_chain_rule: the mistakes students make, and correct solutions unlike the reference.

The mistakes are the patches of the reference in its assignment folder's mistakes.py
(MISTAKES), registered here as mutants. The functions below are the correct alternatives, written as
self-contained notebook code: they may use `np` and the `sigmoid` of the setup cell and the
assignment's other contract functions; here they are the reference's.
"""

import numpy as np

from grading_tools.assignments.chain_rule.mistakes import MISTAKES
from grading_tools.assignments.chain_rule.reference import add_gate, mul_gate, numerical_derivative
from grading_tools.assignments.sigmoid_networks.reference import sigmoid

from .catalogue import alternative, patches

patches(MISTAKES)


# -------------------------------------------------------------------- numerical_derivative
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
@alternative("relative_error", "a loop over the flattened pairs with Python's max")
def relative_loop(a, b):
    pairs = zip(np.ravel(a), np.ravel(b))
    return max(abs(p - q) / max(1e-8, abs(p) + abs(q)) for p, q in pairs)


@alternative("relative_error", "np.clip for the floor, .max() method")
def relative_clip(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return (np.abs(a - b) / np.clip(np.abs(a) + np.abs(b), 1e-8, None)).max()


# -------------------------------------------------------------------------------- add_gate
@alternative("add_gate", "np.add, integer gradients in a list")
def add_numpy(x, y):
    return np.add(x, y), [1, 1]


@alternative("add_gate", "y + x, the gradients as an array")
def add_array(x, y):
    out = y + x
    return out, np.ones(2)


# -------------------------------------------------------------------------------- mul_gate
@alternative("mul_gate", "np.multiply, the gradients as a list")
def mul_numpy(x, y):
    return np.multiply(x, y), [y, x]


@alternative("mul_gate", "named local gradients, floats")
def mul_named(x, y):
    df_dx = float(y)
    df_dy = float(x)
    return float(y * x), (df_dx, df_dy)


# ------------------------------------------------------------------ graph_forward_backward
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
