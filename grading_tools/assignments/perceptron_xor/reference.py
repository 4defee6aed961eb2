"""Assignment 01: the perceptron, logic gates, Rosenblatt's rule, and XOR from two layers."""

import numpy as np


def step(z):
    """Heaviside step: the neuron fires (1.0) when z >= 0, ties included."""
    return np.where(np.asarray(z) >= 0, 1.0, 0.0)


def perceptron_predict(X, w, b):
    """One perceptron on a batch: y_hat = step(X w + b), one prediction per row."""
    return step(X @ w + b)


# Each gate is a line x2 = -(w1 x1 + b) / w2 that leaves its 1-rows on the side where w.x + b >= 0.
_GATES = {
    "AND": ([1.0, 1.0], -1.5),  # fires only when both inputs are 1
    "OR": ([1.0, 1.0], -0.5),  # fires when at least one input is 1
    "NAND": ([-1.0, -1.0], 1.5),  # NOT AND: flip the signs of AND
    "NOR": ([-1.0, -1.0], 0.5),  # NOT OR: flip the signs of OR
}


def gate_weights(gate):
    """Weights (w, b) with which one perceptron reproduces the truth table of `gate`."""
    w, b = _GATES[gate]
    return np.array(w), b


def perceptron_train(X, y, lr=1.0, max_epochs=100):
    """Rosenblatt's rule, one sample at a time, from w = 0, b = 0.

    Returns (w, b, errors) where errors[e] counts the samples misclassified during epoch e;
    training stops after the first epoch without a mistake, or after max_epochs.
    """
    w, b = np.zeros(X.shape[1]), 0.0
    errors = []
    for _ in range(max_epochs):
        mistakes = 0
        for x, target in zip(X, y):
            y_hat = step(x @ w + b)
            w = w + lr * (target - y_hat) * x  # w += lr (y - y_hat) x
            b = b + lr * (target - y_hat)  # b += lr (y - y_hat)
            mistakes += int(y_hat != target)
        errors.append(mistakes)
        if mistakes == 0:
            break
    return w, float(b), errors


def xor_network(X):
    """XOR from perceptrons in two layers: (x1 AND x2) NOR (x1 NOR x2)."""
    hidden = np.column_stack(
        [
            perceptron_predict(X, *gate_weights("AND")),
            perceptron_predict(X, *gate_weights("NOR")),
        ]
    )
    return perceptron_predict(hidden, *gate_weights("NOR"))
