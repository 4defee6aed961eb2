"""07_optimizers: the mistakes students make, and correct solutions unlike the reference.

Each function is self-contained notebook code: it may use `np` and the assignment's other
contract functions (here they are the reference's), nothing else from this module.
"""

import numpy as np

from .catalogue import alternative, mutant


# ------------------------------------------------------------------------ sgd_update
@mutant("sgd_update", "adds the gradient: w + lr * dw", hint="subtracts")
def sgd_ascent(w, dw, lr):
    return w + lr * dw


@mutant("sgd_update", "forgets the learning rate", hint="learning rate is missing")
def sgd_no_lr(w, dw, lr):
    return w - dw


@mutant("sgd_update", "returns the step, not the new weights", hint="this is the step")
def sgd_step_only(w, dw, lr):
    return -lr * dw


@mutant("sgd_update", "in place: w -= lr * dw", hint=None)
def sgd_in_place(w, dw, lr):
    w -= lr * dw
    return w


@mutant("sgd_update", "averages the gradient over its entries", hint=None)
def sgd_mean(w, dw, lr):
    return w - lr * np.mean(dw)


@mutant("sgd_update", "divides by the learning rate", hint=None)
def sgd_divide(w, dw, lr):
    return w - dw / lr


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
@mutant("momentum_update", "mixed conventions: v = beta*v + lr*dw, w - v", hint="opposite sign")
def momentum_mixed_sign(w, dw, v, lr, beta):
    v_new = beta * v + lr * dw
    return w - v_new, v_new


@mutant("momentum_update", "moves w with the old velocity", hint="NEW velocity")
def momentum_old_velocity(w, dw, v, lr, beta):
    v_new = beta * v - lr * dw
    return w + v, v_new


@mutant("momentum_update", "forgets to return the velocity", hint=None)
def momentum_no_state(w, dw, v, lr, beta):
    v_new = beta * v - lr * dw
    return w + v_new


@mutant("momentum_update", "PyTorch's form: v = beta*v + dw, w - lr*v", hint="PyTorch")
def momentum_torch(w, dw, v, lr, beta):
    v_new = beta * v + dw
    return w - lr * v_new, v_new


@mutant("momentum_update", "a moving average: v = beta*v - (1-beta)*lr*dw", hint="damped by (1 - beta)")
def momentum_ema(w, dw, v, lr, beta):
    v_new = beta * v - (1 - beta) * lr * dw
    return w + v_new, v_new


@mutant("momentum_update", "returns (v_new, w_new)", hint="wrong order")
def momentum_swapped(w, dw, v, lr, beta):
    v_new = beta * v - lr * dw
    return v_new, w + v_new


@mutant("momentum_update", "in place: v *= beta; v -= lr*dw", hint=None)
def momentum_in_place(w, dw, v, lr, beta):
    v *= beta
    v -= lr * dw
    return w + v, v


@mutant("momentum_update", "the momentum multiplies the gradient: v = beta*v - lr*beta*dw", hint=None)
def momentum_beta_twice(w, dw, v, lr, beta):
    v_new = beta * (v - lr * dw)
    return w + v_new, v_new


@alternative("momentum_update", "w_new written out as w + beta*v - lr*dw, velocity as w_new - w")
def momentum_expanded(w, dw, v, lr, beta):
    w_new = w + beta * v - lr * dw
    return w_new, beta * v - lr * dw


@alternative("momentum_update", "the opposite-sign velocity internally, converted back")
def momentum_internal_flip(w, dw, v, lr, beta):
    u = beta * (-v) + lr * dw     # u = -v: the 'descent' convention
    return w - u, -u


# -------------------------------------------------------------------- rmsprop_update
@mutant("rmsprop_update", "eps inside the square root (lecture 004's form)", hint="eps is inside")
def rmsprop_eps_inside(w, dw, s, lr, beta=0.9, eps=1e-8):
    s_new = beta * s + (1 - beta) * dw ** 2
    return w - lr * dw / np.sqrt(s_new + eps), s_new


@mutant("rmsprop_update", "forgets the (1 - beta) factor", hint="(1 - beta) factor is missing")
def rmsprop_no_damping(w, dw, s, lr, beta=0.9, eps=1e-8):
    s_new = beta * s + dw ** 2
    return w - lr * dw / (np.sqrt(s_new) + eps), s_new


@mutant("rmsprop_update", "divides by the old average sqrt(s)", hint="NEW average")
def rmsprop_old_s(w, dw, s, lr, beta=0.9, eps=1e-8):
    s_new = beta * s + (1 - beta) * dw ** 2
    return w - lr * dw / (np.sqrt(s) + eps), s_new


@mutant("rmsprop_update", "no square root", hint="square root is missing")
def rmsprop_no_root(w, dw, s, lr, beta=0.9, eps=1e-8):
    s_new = beta * s + (1 - beta) * dw ** 2
    return w - lr * dw / (s_new + eps), s_new


@mutant("rmsprop_update", "beta and 1 - beta swapped", hint="swapped")
def rmsprop_swapped(w, dw, s, lr, beta=0.9, eps=1e-8):
    s_new = (1 - beta) * s + beta * dw ** 2
    return w - lr * dw / (np.sqrt(s_new) + eps), s_new


@mutant("rmsprop_update", "ignores the eps and beta arguments (hard-coded defaults)", hint=None)
def rmsprop_hardcoded(w, dw, s, lr, beta=0.9, eps=1e-8):
    s_new = 0.9 * s + 0.1 * dw ** 2
    return w - lr * dw / (np.sqrt(s_new) + 1e-8), s_new


@mutant("rmsprop_update", "in place: s *= beta; s += ...", hint=None)
def rmsprop_in_place(w, dw, s, lr, beta=0.9, eps=1e-8):
    s *= beta
    s += (1 - beta) * dw ** 2
    return w - lr * dw / (np.sqrt(s) + eps), s


@mutant("rmsprop_update", "the square of the average, not the average of the squares", hint=None)
def rmsprop_mean_squared(w, dw, s, lr, beta=0.9, eps=1e-8):
    s_new = beta * s + (1 - beta) * dw
    return w - lr * dw / (np.sqrt(np.abs(s_new)) + eps), s_new


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
@mutant("adam_update", "no bias correction", hint="bias correction is missing")
def adam_uncorrected(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = beta1 * m + (1 - beta1) * dw
    v_new = beta2 * v + (1 - beta2) * dw ** 2
    return w - lr * m_new / (np.sqrt(v_new) + eps), m_new, v_new


@mutant("adam_update", "corrects with t - 1", hint="division by zero")
def adam_t_minus_one(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = beta1 * m + (1 - beta1) * dw
    v_new = beta2 * v + (1 - beta2) * dw ** 2
    m_hat = m_new / (1 - beta1 ** (t - 1))
    v_hat = v_new / (1 - beta2 ** (t - 1))
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new


@mutant("adam_update", "t counted from 0: corrects with t + 1", hint="t + 1")
def adam_t_plus_one(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = beta1 * m + (1 - beta1) * dw
    v_new = beta2 * v + (1 - beta2) * dw ** 2
    m_hat = m_new / (1 - beta1 ** (t + 1))
    v_hat = v_new / (1 - beta2 ** (t + 1))
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new


@mutant("adam_update", "beta1 and beta2 swapped in the correction", hint="beta1 and beta2 are swapped")
def adam_swapped_correction(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = beta1 * m + (1 - beta1) * dw
    v_new = beta2 * v + (1 - beta2) * dw ** 2
    m_hat = m_new / (1 - beta2 ** t)
    v_hat = v_new / (1 - beta1 ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new


@mutant("adam_update", "beta * t instead of beta ** t", hint=None)
def adam_product(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = beta1 * m + (1 - beta1) * dw
    v_new = beta2 * v + (1 - beta2) * dw ** 2
    m_hat = m_new / (1 - beta1 * t)
    v_hat = v_new / (1 - beta2 * t)
    return w - lr * m_hat / (np.sqrt(np.abs(v_hat)) + eps), m_new, v_new


@mutant("adam_update", "returns the corrected m_hat, v_hat as the state", hint="m_hat, v_hat are returned")
def adam_returns_hats(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m_hat = (beta1 * m + (1 - beta1) * dw) / (1 - beta1 ** t)
    v_hat = (beta2 * v + (1 - beta2) * dw ** 2) / (1 - beta2 ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_hat, v_hat


@mutant("adam_update", "eps inside the square root (lecture 004's form)", hint="eps is inside")
def adam_eps_inside(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = beta1 * m + (1 - beta1) * dw
    v_new = beta2 * v + (1 - beta2) * dw ** 2
    m_hat = m_new / (1 - beta1 ** t)
    v_hat = v_new / (1 - beta2 ** t)
    return w - lr * m_hat / np.sqrt(v_hat + eps), m_new, v_new


@mutant("adam_update", "in place: m *= beta1; m += ...", hint=None)
def adam_in_place(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m *= beta1
    m += (1 - beta1) * dw
    v *= beta2
    v += (1 - beta2) * dw ** 2
    return w - lr * (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + eps), m, v


@mutant("adam_update", "steps with the old m and v", hint=None)
def adam_old_state(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    return (w - lr * m_hat / (np.sqrt(v_hat) + eps), beta1 * m + (1 - beta1) * dw,
            beta2 * v + (1 - beta2) * dw ** 2)


@alternative("adam_update", "the corrections folded into the step size (Kingma and Ba, section 2)")
def adam_folded(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = beta1 * m + (1 - beta1) * dw
    v_new = beta2 * v + (1 - beta2) * np.square(dw)
    c1, c2 = 1 - beta1 ** t, 1 - beta2 ** t
    # lr * (m/c1) / (sqrt(v/c2) + eps) rewritten over one denominator: same value, other rounding
    step = lr * m_new * np.sqrt(c2) / (c1 * (np.sqrt(v_new) + eps * np.sqrt(c2)))
    return w - step, m_new, v_new


@alternative("adam_update", "momentum-style increments and np.power for the corrections")
def adam_increments(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m_new = m + (1 - beta1) * (dw - m)
    v_new = v + (1 - beta2) * (dw * dw - v)
    m_hat = m_new / (1.0 - np.power(beta1, t))
    v_hat = v_new / (1.0 - np.power(beta2, t))
    return w - lr * m_hat / (v_hat ** 0.5 + eps), m_new, v_new


# ----------------------------------------------------------------- minibatch_indices
@mutant("minibatch_indices", "no shuffling: chunks of 0, 1, ..., n-1", hint="not shuffled")
def batches_sorted(n_samples, batch_size, rng):
    order = np.arange(n_samples)
    return [order[i:i + batch_size] for i in range(0, n_samples, batch_size)]


@mutant("minibatch_indices", "drops the shorter last batch", hint="last batch was dropped")
def batches_drop_last(n_samples, batch_size, rng):
    order = rng.permutation(n_samples)
    return [order[i:i + batch_size] for i in range(0, n_samples - batch_size + 1, batch_size)]


@mutant("minibatch_indices", "a new permutation for every batch", hint="draw ONE permutation")
def batches_redraw(n_samples, batch_size, rng):
    batches = []
    for i in range(0, n_samples, batch_size):
        batches.append(rng.permutation(n_samples)[:min(batch_size, n_samples - i)])
    return batches


@mutant("minibatch_indices", "np.array_split into balanced chunks", hint="exactly batch_size")
def batches_balanced(n_samples, batch_size, rng):
    order = rng.permutation(n_samples)
    return np.array_split(order, int(np.ceil(n_samples / batch_size)))


@mutant("minibatch_indices", "rng.choice without replacement (another draw)", hint="not rng.permutation")
def batches_choice(n_samples, batch_size, rng):
    order = rng.choice(n_samples, size=n_samples, replace=False)
    return [order[i:i + batch_size] for i in range(0, n_samples, batch_size)]


@mutant("minibatch_indices", "samples with replacement", hint="draw ONE permutation")
def batches_replacement(n_samples, batch_size, rng):
    order = rng.integers(0, n_samples, size=n_samples)
    return [order[i:i + batch_size] for i in range(0, n_samples, batch_size)]


@mutant("minibatch_indices", "loop one step too far: a trailing empty batch when divisible",
        hint="extra (empty?) batch")
def batches_trailing(n_samples, batch_size, rng):
    order = rng.permutation(n_samples)
    return [order[i * batch_size:(i + 1) * batch_size] for i in range(n_samples // batch_size + 1)]


@mutant("minibatch_indices", "each batch sorted", hint="another order")
def batches_each_sorted(n_samples, batch_size, rng):
    order = rng.permutation(n_samples)
    return [np.sort(order[i:i + batch_size]) for i in range(0, n_samples, batch_size)]


@alternative("minibatch_indices", "np.split at multiples of the batch size")
def batches_split(n_samples, batch_size, rng):
    return np.split(rng.permutation(n_samples), np.arange(batch_size, n_samples, batch_size))


@alternative("minibatch_indices", "rng.shuffle of an arange, then a while loop of lists")
def batches_shuffle(n_samples, batch_size, rng):
    order = np.arange(n_samples)
    rng.shuffle(order)
    batches, start = [], 0
    while start < n_samples:
        batches.append(list(order[start:start + batch_size]))
        start += batch_size
    return batches
