"""The case generators several assignments share (grading_tools/assignments/shared.py) draw what
their docstrings say, so that the hidden cases built on them keep their numbers."""

import numpy as np
import pytest

from grading_tools.assignments.digits.reference import one_hot as reference_one_hot
from grading_tools.assignments.shared import gradients_like, one_hot, random_params
from grading_tools.assignments.sigmoid_networks.reference import init_params


@pytest.mark.parametrize("sizes", [[2, 3, 1], [4, 1], (5, 3), [3, 4, 4, 2]])
def test_random_networks_are_drawn_as_init_params_draws_them(sizes):
    ours = random_params(np.random.default_rng(7), sizes)
    theirs = init_params(sizes, np.random.default_rng(7))
    assert len(ours) == len(theirs)
    for (W, b), (W_ref, b_ref) in zip(ours, theirs):
        assert np.array_equal(W, W_ref) and np.array_equal(b, b_ref)


def test_a_scale_multiplies_every_weight_and_bias():
    plain, scaled = (random_params(np.random.default_rng(3), [2, 3, 1], s) for s in (1.0, 4.0))
    for (W, b), (W4, b4) in zip(plain, scaled):
        assert np.array_equal(4.0 * W, W4) and np.array_equal(4.0 * b, b4)


def test_gradients_are_shaped_like_the_parameters():
    params = random_params(np.random.default_rng(1), [3, 5, 2])
    grads = gradients_like(np.random.default_rng(2), params)
    assert [(dW.shape, db.shape) for dW, db in grads] == [(W.shape, b.shape) for W, b in params]


def test_one_hot_rows_are_the_09_reference_s():
    labels = np.array([2, 0, 1, 2])
    assert np.array_equal(one_hot(labels, 4), reference_one_hot(labels, 4))
    assert one_hot(labels, 4).dtype.kind == "f"
