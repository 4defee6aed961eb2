"""Assignment 03: derivatives as sensitivities, the chain rule on a computational graph, and
numerical derivatives to check analytic ones."""

import numpy as np

from ..sigmoid_networks.reference import sigmoid


def numerical_derivative(f, x, h=1e-5):
    """Central difference f'(x) ≈ (f(x + h) - f(x - h)) / 2h, with an error of order h²."""
    return (f(x + h) - f(x - h)) / (2 * h)


def numerical_gradient(f, x, h=1e-5):
    """Central differences for every entry of the array x (f returns a scalar).

    Each entry is nudged in place and restored, so f may read x itself or its argument;
    x is unchanged afterwards.
    """
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        original = x[i]
        try:
            x[i] = original + h
            up = f(x)
            x[i] = original - h
            down = f(x)
        finally:
            x[i] = original
        grad[i] = (up - down) / (2 * h)
    return grad


def relative_error(a, b):
    """max |a - b| / max(1e-8, |a| + |b|): scale-free, it judges tiny and huge gradients alike."""
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def add_gate(x, y):
    """f = x + y, with its local gradients (∂f/∂x, ∂f/∂y) = (1, 1)."""
    return x + y, (1.0, 1.0)


def mul_gate(x, y):
    """f = x y, with its local gradients (∂f/∂x, ∂f/∂y) = (y, x)."""
    return x * y, (y, x)


def graph_forward_backward(x, y, z):
    """f = (x + y) z through the graph q = x + y, f = q z; gradients by the chain rule."""
    q, (dq_dx, dq_dy) = add_gate(x, y)
    f, (df_dq, df_dz) = mul_gate(q, z)
    return f, (df_dq * dq_dx, df_dq * dq_dy, df_dz)  # upstream gradient × local gradient


def neuron_grad(x, w, b):
    """a = σ(x·w + b) and its gradients: ∂a/∂w = σ'(z) x, ∂a/∂b = σ'(z)."""
    a = sigmoid(x @ w + b)
    da_dz = a * (1 - a)
    return a, da_dz * x, da_dz


def identity_neuron_step(x, w, y, lr):
    """One gradient step for loss = (y - w x)²: returns (loss, ∂loss/∂w, the updated w)."""
    error = y - w * x
    grad = -2 * x * error
    return error**2, grad, w - lr * grad
