"""Case generators that several assignments' hidden cases use, each written once.

Every generator draws from the generator it is given, in a fixed order, so that a case built
from a seed is the same every time: the hidden cases' numbers depend on these draws, so change
one only with every case built on it checked.
"""

import numpy as np


def random_params(rng, layer_sizes, scale=1.0):
    """A network's parameters [(W, b), ...] drawn as 02's init_params draws them (W of shape
    (n_in, n_out), then b of shape (n_out,), layer by layer, uniform in [-1, 1]), times `scale`:
    large scales saturate sigmoid units."""
    return [
        (scale * rng.uniform(-1, 1, (n_in, n_out)), scale * rng.uniform(-1, 1, n_out))
        for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:])
    ]


def gradients_like(rng, params):
    """Standard normal (dW, db) pairs shaped like `params`: gradients for an update step."""
    return [(rng.normal(size=W.shape), rng.normal(size=b.shape)) for W, b in params]


def one_hot(labels, n_classes):
    """Integer labels as float rows of the identity, shape (n, n_classes)."""
    return np.eye(n_classes)[labels]
