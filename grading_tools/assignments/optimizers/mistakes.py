"""The mistakes students make in optimizers, written once as patches of the reference
(grading_tools.judge.mistakes): the hidden checks name them, the mutant catalogue proves
them caught, and bugsy makes the one marked `demo`."""

from ...judge.mistakes import Mistake
from . import reference as ref

VELOCITY = "beta * v - lr * dw"
AVERAGE = "beta * s + (1 - beta) * dw ** 2"
M_CORRECTION, V_CORRECTION = "m_new / (1 - beta1 ** t)", "v_new / (1 - beta2 ** t)"
CHUNKS = "[order[start:start + batch_size] for start in range(0, n_samples, batch_size)]"
T_MINUS_ONE = Mistake(
    ref.adam_update,
    ("beta1 ** t)", "beta2 ** t)"),
    ("beta1 ** (t - 1))", "beta2 ** (t - 1))"),
    "corrects with t - 1",
    hint="division by zero",
)
MISTAKES = (
    Mistake(
        ref.sgd_update,
        "w - lr * dw",
        "w + lr * dw",
        "adds the gradient: w + lr * dw",
        says="gradient descent subtracts: w - lr * dw",
    ),
    Mistake(
        ref.sgd_update,
        "w - lr * dw",
        "w - dw",
        "forgets the learning rate",
        says="the learning rate is missing: w - lr * dw",
    ),
    Mistake(
        ref.sgd_update,
        "w - lr * dw",
        "-lr * dw",
        "returns the step, not the new weights",
        says="this is the step -lr * dw; return the new weights w - lr * dw",
    ),
    Mistake(
        ref.sgd_update, "return w - lr * dw", "w -= lr * dw\n    return w", "in place: w -= lr * dw"
    ),
    Mistake(
        ref.sgd_update, "lr * dw", "lr * np.mean(dw)", "averages the gradient over its entries"
    ),
    Mistake(ref.sgd_update, "w - lr * dw", "w - dw / lr", "divides by the learning rate"),
    Mistake(
        ref.momentum_update,
        (VELOCITY, "w + v_new"),
        ("beta * v + lr * dw", "w - v_new"),
        "mixed conventions: v = beta*v + lr*dw, w - v",
        says="the velocity has the opposite sign: the contract (the COMP9444 deck) uses "
        "v_new = beta * v - lr * dw and w_new = w + v_new",
    ),
    Mistake(
        ref.momentum_update,
        "w + v_new, v_new",
        "w + v, v_new",
        "moves w with the old velocity",
        says="w_new must use the NEW velocity: w_new = w + v_new",
    ),
    Mistake(ref.momentum_update, "w + v_new, v_new", "w + v_new", "forgets to return the velocity"),
    Mistake(
        ref.momentum_update,
        (VELOCITY, "w + v_new"),
        ("beta * v + dw", "w - lr * v_new"),
        "PyTorch's form: v = beta*v + dw, w - lr*v",
        says="this is PyTorch's form (v = beta * v + dw, w - lr * v); the contract scales the "
        "gradient by lr inside the velocity: v_new = beta * v - lr * dw",
    ),
    Mistake(
        ref.momentum_update,
        "- lr * dw",
        "- (1 - beta) * lr * dw",
        "a moving average: v = beta*v - (1-beta)*lr*dw",
        says="the gradient is damped by (1 - beta): the COMP9444 deck's momentum is v_new = "
        "beta * v - lr * dw",
    ),
    Mistake(
        ref.momentum_update,
        "w + v_new, v_new",
        "v_new, w + v_new",
        "returns (v_new, w_new)",
        says="the results are in the wrong order: return (w_new, v_new)",
    ),
    Mistake(
        ref.momentum_update,
        f"v_new = {VELOCITY}",
        "v *= beta\n    v -= lr * dw\n    v_new = v",
        "in place: v *= beta; v -= lr*dw",
    ),
    Mistake(
        ref.momentum_update,
        VELOCITY,
        "beta * (v - lr * dw)",
        "the momentum multiplies the gradient: v = beta*v - lr*beta*dw",
    ),
    Mistake(
        ref.rmsprop_update,
        "(np.sqrt(s_new) + eps)",
        "np.sqrt(s_new + eps)",
        "eps inside the square root (lecture 004's form)",
        says="eps is inside the square root (the COMP9444 deck's form); the contract puts it "
        "outside: sqrt(s_new) + eps",
    ),
    Mistake(
        ref.rmsprop_update,
        "(1 - beta) * dw ** 2",
        "dw ** 2",
        "forgets the (1 - beta) factor",
        says="the (1 - beta) factor is missing: s_new = beta * s + (1 - beta) * dw**2",
    ),
    Mistake(
        ref.rmsprop_update,
        "np.sqrt(s_new)",
        "np.sqrt(s)",
        "divides by the old average sqrt(s)",
        says="the step must divide by the NEW average: sqrt(s_new), not sqrt(s)",
    ),
    Mistake(
        ref.rmsprop_update,
        "(np.sqrt(s_new) + eps)",
        "(s_new + eps)",
        "no square root",
        says="the square root is missing: divide by sqrt(s_new) + eps",
    ),
    Mistake(
        ref.rmsprop_update,
        AVERAGE,
        "(1 - beta) * s + beta * dw ** 2",
        "beta and 1 - beta swapped",
        says="beta and (1 - beta) are swapped: the old average keeps the weight beta",
    ),
    Mistake(
        ref.rmsprop_update,
        (AVERAGE, "+ eps)"),
        ("0.9 * s + 0.1 * dw ** 2", "+ 1e-8)"),
        "ignores the eps and beta arguments (hard-coded defaults)",
    ),
    Mistake(
        ref.rmsprop_update,
        f"s_new = {AVERAGE}",
        "s *= beta\n    s += (1 - beta) * dw ** 2\n    s_new = s",
        "in place: s *= beta; s += ...",
    ),
    Mistake(
        ref.rmsprop_update,
        ("(1 - beta) * dw ** 2", "np.sqrt(s_new)"),
        ("(1 - beta) * dw", "np.sqrt(np.abs(s_new))"),
        "the square of the average, not the average of the squares",
    ),
    Mistake(
        ref.adam_update,
        (M_CORRECTION, V_CORRECTION),
        ("m_new", "v_new"),
        "no bias correction",
        says="the bias correction is missing: divide m_new by 1 - beta1**t and v_new by "
        "1 - beta2**t before the step",
    ),
    Mistake(ref.adam_update, M_CORRECTION, "m_new", "Adam's m is not bias-corrected", demo=True),
    T_MINUS_ONE,
    Mistake(
        ref.adam_update,
        ("beta1 ** t)", "beta2 ** t)"),
        ("beta1 ** (t + 1))", "beta2 ** (t + 1))"),
        "t counted from 0: corrects with t + 1",
        says="the correction uses t + 1 (as if t counted from 0); t counts from 1",
    ),
    Mistake(
        ref.adam_update,
        ("(1 - beta1 ** t)", V_CORRECTION),
        ("(1 - beta2 ** t)", "v_new / (1 - beta1 ** t)"),
        "beta1 and beta2 swapped in the correction",
        says="beta1 and beta2 are swapped in the correction: m uses 1 - beta1**t, v uses "
        "1 - beta2**t",
    ),
    Mistake(
        ref.adam_update,
        ("beta1 ** t", "beta2 ** t", "np.sqrt(v_hat)"),
        ("beta1 * t", "beta2 * t", "np.sqrt(np.abs(v_hat))"),
        "beta * t instead of beta ** t",
    ),
    Mistake(
        ref.adam_update,
        "), m_new, v_new",
        "), m_hat, v_hat",
        "returns the corrected m_hat, v_hat as the state",
        says="the corrected m_hat, v_hat are returned; return the running averages m_new, "
        "v_new (the correction is applied afresh at every step)",
    ),
    Mistake(
        ref.adam_update,
        "(np.sqrt(v_hat) + eps)",
        "np.sqrt(v_hat + eps)",
        "eps inside the square root (lecture 004's form)",
        says="eps is inside the square root (the COMP9444 deck's form); the contract (Kingma "
        "and Ba) puts it outside: sqrt(v_hat) + eps",
    ),
    Mistake(
        ref.adam_update,
        ("m_new = beta1 * m + (1 - beta1) * dw", "v_new = beta2 * v + (1 - beta2) * dw ** 2"),
        (
            "m *= beta1\n    m += (1 - beta1) * dw\n    m_new = m",
            "v *= beta2\n    v += (1 - beta2) * dw ** 2\n    v_new = v",
        ),
        "in place: m *= beta1; m += ...",
    ),
    Mistake(
        ref.adam_update,
        ("m_hat = m_new /", "v_hat = v_new /"),
        ("m_hat = m /", "v_hat = v /"),
        "steps with the old m and v",
    ),
    Mistake(
        ref.minibatch_indices,
        "rng.permutation(n_samples)",
        "np.arange(n_samples)",
        "no shuffling: chunks of 0, 1, ..., n-1",
        hint="not shuffled",
    ),
    Mistake(
        ref.minibatch_indices,
        "range(0, n_samples, batch_size)",
        "range(0, n_samples - batch_size + 1, batch_size)",
        "drops the shorter last batch",
        hint="last batch was dropped",
    ),
    Mistake(
        ref.minibatch_indices,
        f"    order = rng.permutation(n_samples)\n    return {CHUNKS}",
        "    return [rng.permutation(n_samples)[:min(batch_size, n_samples - start)]\n"
        "            for start in range(0, n_samples, batch_size)]",
        "a new permutation for every batch",
        hint="draw ONE permutation",
    ),
    Mistake(
        ref.minibatch_indices,
        CHUNKS,
        "np.array_split(order, int(np.ceil(n_samples / batch_size)))",
        "np.array_split into balanced chunks",
        hint="exactly batch_size",
    ),
    Mistake(
        ref.minibatch_indices,
        "rng.permutation(n_samples)",
        "rng.choice(n_samples, size=n_samples, replace=False)",
        "rng.choice without replacement (another draw)",
        hint="not rng.permutation",
    ),
    Mistake(
        ref.minibatch_indices,
        "rng.permutation(n_samples)",
        "rng.integers(0, n_samples, size=n_samples)",
        "samples with replacement",
        hint="draw ONE permutation",
    ),
    Mistake(
        ref.minibatch_indices,
        CHUNKS,
        "[order[i * batch_size:(i + 1) * batch_size]\n"
        "            for i in range(n_samples // batch_size + 1)]",
        "loop one step too far: a trailing empty batch when divisible",
        hint="extra (empty?) batch",
    ),
    Mistake(
        ref.minibatch_indices,
        "order[start:start + batch_size] for",
        "np.sort(order[start:start + batch_size]) for",
        "each batch sorted",
        hint="another order",
    ),
)
