"""07_optimizers: the mistakes students make, and correct solutions unlike the reference.

The mistakes are the patches of the reference in its assignment folder's mistakes.py
(MISTAKES), registered here as mutants. The functions below are the correct alternatives, written as
self-contained notebook code: they may use `np` and the assignment's other contract functions; here
they are the reference's.
"""

import numpy as np

from grading_tools.assignments.optimizers.mistakes import MISTAKES

from .catalogue import alternative, patches

patches(MISTAKES)


# ------------------------------------------------------------------------ sgd_update
@alternative("sgd_update", "a copy updated with np.subtract(out=...)")
def sgd_copy(w, dw, lr):
    w_new = np.array(w, dtype=float, copy=True)
    np.subtract(w_new, lr * np.asarray(dw), out=w_new)
    return w_new


@alternative("sgd_update", "w + (-lr) * dw")
def sgd_negative(w, dw, lr):
    step = -lr * dw
    return w + step


# ------------------------------------------------------------------- momentum_update
@alternative("momentum_update", "w_new written out as w + beta*v - lr*dw, velocity as w_new - w")
def momentum_expanded(w, dw, v, lr, beta):
    w_new = w + beta * v - lr * dw
    return w_new, beta * v - lr * dw


@alternative("momentum_update", "the opposite-sign velocity internally, converted back")
def momentum_internal_flip(w, dw, v, lr, beta):
    u = beta * (-v) + lr * dw  # u = -v: the 'descent' convention
    return w - u, -u


# -------------------------------------------------------------------- rmsprop_update
@alternative("rmsprop_update", "s + (1 - beta)(dw^2 - s), and dw^2 as dw*dw")
def rmsprop_increment(w, dw, s, lr, beta=0.9, eps=1e-8):
    s_new = s + (1 - beta) * (dw * dw - s)
    denominator = np.sqrt(s_new) + eps
    return w - (lr / denominator) * dw, s_new


@alternative("rmsprop_update", "np.power and np.divide")
def rmsprop_numpy(w, dw, s, lr, beta=0.9, eps=1e-8):
    s_new = np.add(np.multiply(beta, s), np.multiply(1.0 - beta, np.power(dw, 2)))
    return np.subtract(w, np.divide(lr * dw, np.power(s_new, 0.5) + eps)), s_new


# ----------------------------------------------------------------------- adam_update
@alternative("adam_update", "the corrections folded into the step size (Kingma and Ba, section 2)")
def adam_folded(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = beta1 * m + (1 - beta1) * dw
    v_new = beta2 * v + (1 - beta2) * np.square(dw)
    c1, c2 = 1 - beta1**t, 1 - beta2**t
    # lr * (m/c1) / (sqrt(v/c2) + eps) rewritten over one denominator: same value, other rounding
    step = lr * m_new * np.sqrt(c2) / (c1 * (np.sqrt(v_new) + eps * np.sqrt(c2)))
    return w - step, m_new, v_new


@alternative("adam_update", "momentum-style increments and np.power for the corrections")
def adam_increments(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = m + (1 - beta1) * (dw - m)
    v_new = v + (1 - beta2) * (dw * dw - v)
    m_hat = m_new / (1.0 - np.power(beta1, t))
    v_hat = v_new / (1.0 - np.power(beta2, t))
    return w - lr * m_hat / (v_hat**0.5 + eps), m_new, v_new


# ----------------------------------------------------------------- minibatch_indices
@alternative("minibatch_indices", "np.split at multiples of the batch size")
def batches_split(n_samples, batch_size, rng):
    return np.split(rng.permutation(n_samples), np.arange(batch_size, n_samples, batch_size))


@alternative("minibatch_indices", "rng.shuffle of an arange, then a while loop of lists")
def batches_shuffle(n_samples, batch_size, rng):
    order = np.arange(n_samples)
    rng.shuffle(order)
    batches, start = [], 0
    while start < n_samples:
        batches.append(list(order[start : start + batch_size]))
        start += batch_size
    return batches
