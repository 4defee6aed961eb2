"""The reference's gradients agree with central differences of its own costs: an oracle that
shares nothing with the hidden checks (which compare students with the reference, and so would
pass a wrong reference). Every backward pass the course grades is covered, at float64 precision.
"""

import numpy as np
import pytest

from grading_tools.assignments.backprop import reference as backprop
from grading_tools.assignments.digits import reference as digits
from grading_tools.assignments.pima_diabetes import reference as pima_diabetes
from grading_tools.assignments.sigmoid_networks import reference as sigmoid_networks
from grading_tools.assignments.termination import reference as termination
from grading_tools.assignments.vanishing_gradients import reference as vanishing_gradients

H = 1e-6
TOLERANCE = 1e-7  # relative error; central differences in float64 reach about 1e-9 here


def central_differences(f, arrays):
    """∂f/∂x for every entry x of every array in `arrays` (changed in place and restored)."""
    gradient = []
    for array in arrays:
        g = np.zeros_like(array)
        for i in np.ndindex(array.shape):
            kept = array[i]
            array[i] = kept + H
            up = f()
            array[i] = kept - H
            down = f()
            array[i] = kept
            g[i] = (up - down) / (2 * H)
        gradient.append(g)
    return gradient


def relative_error(a, b):
    a, b = np.concatenate([x.ravel() for x in a]), np.concatenate([x.ravel() for x in b])
    return np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-300)


def flat(grads):
    return [g for pair in grads for g in pair]


def network(rng, sizes, scale=1.0):
    return [
        (rng.normal(0, scale, (n_in, n_out)), rng.normal(0, scale, n_out))
        for n_in, n_out in zip(sizes[:-1], sizes[1:])
    ]


def one_hot_rows(rng, n, k):
    return np.eye(k)[rng.integers(0, k, n)]


def test_backward_is_the_gradient_of_the_mse_cost_of_a_sigmoid_network():
    rng = np.random.default_rng(1)
    X, Y, params = rng.normal(size=(6, 3)), rng.random((6, 2)), network(rng, [3, 4, 3, 2])

    def cost():
        return sigmoid_networks.mse_cost(sigmoid_networks.forward(X, params)[0], Y)

    grads = backprop.backward(Y, params, sigmoid_networks.forward(X, params)[1])
    numeric = central_differences(cost, flat(params))
    assert relative_error(flat(grads), numeric) < TOLERANCE


@pytest.mark.parametrize("act", ["sigmoid", "tanh", "relu", "leaky_relu"])
def test_backward_act_is_the_gradient_for_every_hidden_activation(act):
    rng = np.random.default_rng(2)
    X, Y, params = rng.normal(size=(6, 3)), rng.random((6, 2)), network(rng, [3, 5, 4, 2])

    def cost():
        return sigmoid_networks.mse_cost(vanishing_gradients.forward_act(X, params, act)[0], Y)

    cache = vanishing_gradients.forward_act(X, params, act)[1]
    assert not any(np.any(np.abs(Z) < 1e-4) for Z in cache["Z"]), "a kink in reach of H"
    grads = vanishing_gradients.backward_act(Y, params, cache, act)
    assert relative_error(flat(grads), central_differences(cost, flat(params))) < TOLERANCE


def test_softmax_cross_entropy_returns_the_gradient_of_its_mean_cost():
    rng = np.random.default_rng(3)
    Z, Y = rng.normal(0, 3, (5, 4)), one_hot_rows(rng, 5, 4)
    _, dZ = backprop.softmax_cross_entropy(Z, Y)
    numeric = central_differences(lambda: backprop.softmax_cross_entropy(Z, Y)[0], [Z])
    assert relative_error([dZ], numeric) < TOLERANCE


def test_a_weight_decay_step_descends_the_gradient_of_cost_plus_penalty():
    rng = np.random.default_rng(4)
    X, Y, params = rng.normal(size=(6, 3)), rng.random((6, 2)), network(rng, [3, 4, 2])
    lr, lam = 0.1, 0.3

    def cost():
        Y_hat = sigmoid_networks.forward(X, params)[0]
        return sigmoid_networks.mse_cost(Y_hat, Y) + termination.l2_penalty(params, lam)

    grads = backprop.backward(Y, params, sigmoid_networks.forward(X, params)[1])
    stepped = termination.weight_decay_step(params, grads, lr, lam)
    numeric = central_differences(cost, flat(params))
    expected = [p - lr * g for p, g in zip(flat(params), numeric)]
    assert relative_error(flat(stepped), expected) < TOLERANCE


def test_a_sigmoid_output_with_cross_entropy_has_delta_a_minus_y():
    """08's BP1: for C = binary_cross_entropy(σ(Z), Y), N ∂C/∂Z = σ(Z) - Y."""
    rng = np.random.default_rng(5)
    Z, Y = rng.normal(size=(7, 1)), rng.integers(0, 2, (7, 1)).astype(float)

    def cost():
        return pima_diabetes.binary_cross_entropy(sigmoid_networks.sigmoid(Z), Y)

    delta = sigmoid_networks.sigmoid(Z) - Y
    assert relative_error([delta / len(Z)], central_differences(cost, [Z])) < TOLERANCE


@pytest.mark.parametrize("p_drop", [0.0, 0.3])
def test_mlp_loss_returns_the_gradient_of_its_cost_through_every_module(p_drop):
    """09: linear, ReLU and dropout modules and the softmax cost, composed; with dropout the
    masks are held fixed by drawing them from a generator started at the same seed each time."""
    rng = np.random.default_rng(6)
    X, Y, params = rng.normal(size=(8, 5)), one_hot_rows(rng, 8, 3), network(rng, [5, 6, 4, 3])

    def loss():
        return digits.mlp_loss(params, X, Y, p_drop, np.random.default_rng(7))

    _, grads = loss()
    assert relative_error(flat(grads), central_differences(lambda: loss()[0], flat(params))) < (
        TOLERANCE
    )


def test_the_oracle_catches_a_gradient_off_by_the_batch_size():
    """The check can fail: linear_backward averaging over the samples again (dZ already holds
    the 1/N) is far outside the tolerance."""
    rng = np.random.default_rng(8)
    X, Y, params = rng.normal(size=(8, 5)), one_hot_rows(rng, 8, 3), network(rng, [5, 4, 3])
    _, grads = digits.mlp_loss(params, X, Y)
    averaged_again = [(dW / len(X), db / len(X)) for dW, db in grads]
    numeric = central_differences(lambda: digits.mlp_loss(params, X, Y)[0], flat(params))
    assert relative_error(flat(averaged_again), numeric) > 0.5
