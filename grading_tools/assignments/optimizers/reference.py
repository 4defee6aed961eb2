"""Assignment 07: update rules. Each takes a parameter array, its gradient and the rule's state."""

import numpy as np


def sgd_update(w, dw, lr):
    """Plain gradient descent: w ← w - lr dw."""
    return w - lr * dw


def momentum_update(w, dw, v, lr, beta):
    """Momentum (the COMP9444 deck): v ← β v - lr dw, w ← w + v."""
    v_new = beta * v - lr * dw
    return w + v_new, v_new


def rmsprop_update(w, dw, s, lr, beta=0.9, eps=1e-8):
    """RMSprop: s ← β s + (1 - β) dw², w ← w - lr dw / (√s + ε)."""
    s_new = beta * s + (1 - beta) * dw**2
    return w - lr * dw / (np.sqrt(s_new) + eps), s_new


def adam_update(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    """Adam (Kingma and Ba, 2015), step t = 1, 2, ...; returns (w, m, v).

    m and v are running means of dw and dw², started at 0; dividing by 1 - β^t removes the bias
    towards 0 of the first steps.
    """
    m_new = beta1 * m + (1 - beta1) * dw
    v_new = beta2 * v + (1 - beta2) * dw**2
    m_hat = m_new / (1 - beta1**t)
    v_hat = v_new / (1 - beta2**t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new


def minibatch_indices(n_samples, batch_size, rng):
    """Consecutive chunks of a random permutation of the samples; the last may be shorter."""
    order = rng.permutation(n_samples)
    return [order[start : start + batch_size] for start in range(0, n_samples, batch_size)]
