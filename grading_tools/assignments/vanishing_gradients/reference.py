"""Assignment 06: activations and their derivatives, and a network whose hidden layers use any.

Hidden layers use `act`; the output layer stays sigmoid, with the MSE cost.
"""

import numpy as np

from ..backprop.reference import output_delta
from ..sigmoid_networks.reference import sigmoid, sigmoid_prime


def tanh_prime(z):
    """tanh'(z) = 1 - tanh(z)², at most 1 (at z = 0)."""
    return 1 - np.tanh(z) ** 2


def relu(z):
    """max(0, z)."""
    return np.maximum(0.0, z)


def relu_prime(z):
    """1 where z > 0, else 0: a unit with z <= 0 passes no gradient back."""
    return np.where(np.asarray(z) > 0, 1.0, 0.0)


def leaky_relu(z, alpha=0.01):
    """z where z > 0, else alpha z."""
    return np.where(np.asarray(z) > 0, z, alpha * np.asarray(z))


def leaky_relu_prime(z, alpha=0.01):
    """1 where z > 0, else alpha: never exactly zero, so no unit can die."""
    return np.where(np.asarray(z) > 0, 1.0, alpha)


ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_prime),
    "tanh": (np.tanh, tanh_prime),
    "relu": (relu, relu_prime),
    "leaky_relu": (leaky_relu, leaky_relu_prime),
}


def forward_act(X, params, act):
    """forward() with `act` on the hidden layers and sigmoid on the output layer."""
    g, _ = ACTIVATIONS[act]
    A = X
    cache = {"A": [X], "Z": []}
    for layer, (W, b) in enumerate(params):
        Z = A @ W + b
        A = sigmoid(Z) if layer == len(params) - 1 else g(Z)
        cache["Z"].append(Z)
        cache["A"].append(A)
    return A, cache


def backward_act(Y, params, cache, act):
    """backward() for forward_act: BP2 uses the hidden activation's derivative."""
    _, g_prime = ACTIVATIONS[act]
    A, Z = cache["A"], cache["Z"]
    n = len(Y)
    delta = output_delta(A[-1], Z[-1], Y)  # BP1 (sigmoid output)
    grads = []
    for layer in reversed(range(len(params))):
        grads.insert(0, (A[layer].T @ delta / n, delta.mean(axis=0)))  # BP4, BP3
        if layer > 0:
            delta = (delta @ params[layer][0].T) * g_prime(Z[layer - 1])  # BP2 with g'
    return grads


def layer_grad_norms(grads):
    """The Frobenius norm of each layer's dW, first layer first."""
    return [float(np.linalg.norm(dW)) for dW, _ in grads]
