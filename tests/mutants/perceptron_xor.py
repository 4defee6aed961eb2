"""01_perceptron_xor: the mistakes students make, and correct solutions unlike the reference.

The mistakes are the patches of the reference in its assignment folder's mistakes.py
(MISTAKES), registered here as mutants. The functions below are the correct alternatives and
the mistakes no patch can express, written as self-contained notebook code: they may use `np`
and the assignment's other contract functions; here they are the reference's.
"""

import numpy as np

from grading_tools.assignments.perceptron_xor.mistakes import MISTAKES
from grading_tools.assignments.perceptron_xor.reference import (
    gate_weights,
    perceptron_predict,
    step,
)

from .catalogue import alternative, mutant, patches

patches(MISTAKES)


# ----------------------------------------------------------------------------- step
@alternative("step", "np.heaviside with 1 at the tie")
def step_heaviside(z):
    return np.heaviside(z, 1.0)


@alternative("step", "a boolean mask cast to float")
def step_mask(z):
    return (np.asarray(z) >= 0).astype(float)


@alternative("step", "one minus the negative mask")
def step_complement(z):
    return 1.0 - (np.asarray(z) < 0)


# --------------------------------------------------------------- perceptron_predict
@alternative("perceptron_predict", "a loop over the samples")
def predict_loop(X, w, b):
    return np.array([1.0 if x @ w + b >= 0 else 0.0 for x in X])


@alternative("perceptron_predict", "einsum")
def predict_einsum(X, w, b):
    return step(np.einsum("nd,d->n", X, w) + b)


@alternative("perceptron_predict", "broadcast product summed over features")
def predict_broadcast(X, w, b):
    return step((X * w).sum(axis=1) + b)


# ---------------------------------------------------------------------- gate_weights
# Hand-written: the reference's weights sit in a table outside gate_weights, out of a patch's reach.
@mutant("gate_weights", "NAND and NOR swapped", hint="weights of NAND")
def gates_swapped(gate):
    table = {
        "AND": ([1.0, 1.0], -1.5),
        "OR": ([1.0, 1.0], -0.5),
        "NAND": ([-1.0, -1.0], 0.5),
        "NOR": ([-1.0, -1.0], 1.5),
    }
    w, b = table[gate]
    return np.array(w), b


@mutant("gate_weights", "NAND flips w but not b", hint=None)
def gates_nand_bias(gate):
    table = {
        "AND": ([1.0, 1.0], -1.5),
        "OR": ([1.0, 1.0], -0.5),
        "NAND": ([-1.0, -1.0], -1.5),
        "NOR": ([-1.0, -1.0], 0.5),
    }
    w, b = table[gate]
    return np.array(w), b


@mutant("gate_weights", "OR with AND's bias", hint="weights of AND")
def gates_or_bias(gate):
    table = {
        "AND": ([1.0, 1.0], -1.5),
        "OR": ([1.0, 1.0], -1.5),
        "NAND": ([-1.0, -1.0], 1.5),
        "NOR": ([-1.0, -1.0], 0.5),
    }
    w, b = table[gate]
    return np.array(w), b


@mutant("gate_weights", "NOR's bias has the wrong sign", hint=None)
def gates_nor_sign(gate):
    table = {
        "AND": ([1.0, 1.0], -1.5),
        "OR": ([1.0, 1.0], -0.5),
        "NAND": ([-1.0, -1.0], 1.5),
        "NOR": ([-1.0, -1.0], -0.5),
    }
    w, b = table[gate]
    return np.array(w), b


@mutant("gate_weights", "returns (b, w)", hint=None)
def gates_reversed(gate):
    table = {
        "AND": ([1.0, 1.0], -1.5),
        "OR": ([1.0, 1.0], -0.5),
        "NAND": ([-1.0, -1.0], 1.5),
        "NOR": ([-1.0, -1.0], 0.5),
    }
    w, b = table[gate]
    return b, np.array(w)


@mutant("gate_weights", "w as a 1 x 2 matrix", hint=None)
def gates_matrix(gate):
    table = {
        "AND": ([1.0, 1.0], -1.5),
        "OR": ([1.0, 1.0], -0.5),
        "NAND": ([-1.0, -1.0], 1.5),
        "NOR": ([-1.0, -1.0], 0.5),
    }
    w, b = table[gate]
    return np.array([w]), b


@alternative("gate_weights", "weights on the tie (AND: x1 + x2 - 2 >= 0)")
def gates_on_tie(gate):
    table = {
        "AND": ([1.0, 1.0], -2.0),
        "OR": ([1.0, 1.0], -1.0),
        "NAND": ([-1.0, -1.0], 1.0),
        "NOR": ([-1.0, -1.0], 0.0),
    }
    w, b = table[gate]
    return np.array(w), b


@alternative("gate_weights", "other scales, w as a list")
def gates_scaled(gate):
    if gate == "AND":
        return [2.0, 2.0], -3
    if gate == "OR":
        return [3.0, 3.0], -1
    if gate == "NAND":
        return [-2.0, -2.0], 3
    return [-0.5, -0.5], 0.25


# ------------------------------------------------------------------ perceptron_train
@alternative("perceptron_train", "a while loop and an explicit mistake branch")
def train_while(X, y, lr=1.0, max_epochs=100):
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    epoch = 0
    while epoch < max_epochs:
        mistakes = 0
        for i in range(len(X)):
            prediction = 1.0 if np.dot(X[i], w) + b >= 0 else 0.0
            if prediction != y[i]:
                mistakes += 1
                w = w + lr * (y[i] - prediction) * X[i]
                b += lr * (y[i] - prediction)
        errors.append(mistakes)
        epoch += 1
        if mistakes == 0:
            break
    return w, b, np.array(errors)


@alternative("perceptron_train", "the bias as an extra weight on a constant input")
def train_augmented(X, y, lr=1.0, max_epochs=100):
    Xa = np.hstack([X, np.ones((len(X), 1))])
    wa = np.zeros(Xa.shape[1])
    errors = []
    for _ in range(max_epochs):
        mistakes = 0
        for x, t in zip(Xa, y):
            y_hat = step(x @ wa)
            wa = wa + lr * (t - y_hat) * x
            mistakes += int(y_hat != t)
        errors.append(mistakes)
        if not mistakes:
            break
    return wa[:-1], wa[-1], errors


# ----------------------------------------------------------------------- xor_network
@alternative("xor_network", "(x1 OR x2) AND (x1 NAND x2)")
def xor_or_nand(X):
    hidden = np.column_stack(
        [perceptron_predict(X, *gate_weights("OR")), perceptron_predict(X, *gate_weights("NAND"))]
    )
    return perceptron_predict(hidden, *gate_weights("AND"))


@alternative("xor_network", "hand-set weights: (x1 AND NOT x2) OR (x2 AND NOT x1)")
def xor_own_weights(X):
    hidden = np.column_stack(
        [
            perceptron_predict(X, np.array([1.0, -1.0]), -0.5),
            perceptron_predict(X, np.array([-1.0, 1.0]), -0.5),
        ]
    )
    return perceptron_predict(hidden, np.array([1.0, 1.0]), -0.5)
