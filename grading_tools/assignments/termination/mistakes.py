"""The mistakes students make in termination, written once as patches of the reference
(grading_tools.judge.mistakes): the hidden checks name them, the mutant catalogue proves
them caught, and bugsy makes the one marked `demo`."""

from ...judge.mistakes import Mistake
from . import reference as ref

CEIL = "math.ceil(n_samples / batch_size)"
FOLDS = "folds = np.array_split(rng.permutation(n_samples), k)"
PAIRS = "[(np.concatenate(folds[:i] + folds[i + 1:]), folds[i]) for i in range(k)]"
TRAIN_FOLDS = "np.concatenate(folds[:i] + folds[i + 1:])"
UPDATE = "params = gd_step(params, grads, lr)"
COST_RULE = (
    "        if cost_tol is not None and cost < cost_tol:\n"
    '            return params, history, "cost_tol"\n'
)
GRAD_RULE_END = '            return params, history, "grad_tol"\n'
NEW_BEST = "best_cost, best_params, waited = val_cost, params, 0"
SQUARES = "np.sum(W ** 2)"
DECAYED = "W - lr * (dW + lam * W)"
MISTAKES = (
    Mistake(
        ref.iterations_per_epoch,
        CEIL,
        "n_samples // batch_size",
        "floor: the last, smaller batch is forgotten",
        says="the last, smaller batch is still an update: round up (ceil), not down",
    ),
    Mistake(
        ref.iterations_per_epoch,
        CEIL,
        "n_samples // batch_size + 1",
        "n // b + 1: one too many when the batches fit exactly",
        says="n // b + 1 is one too many when the batches fit exactly: use ceil(n / b)",
    ),
    Mistake(
        ref.iterations_per_epoch,
        CEIL,
        "round(n_samples / batch_size)",
        "round instead of ceil",
        says="round() rounds a small remainder down: use ceil(n / b)",
    ),
    Mistake(
        ref.iterations_per_epoch,
        CEIL,
        "n_samples / batch_size",
        "a float division, not rounded up",
        says="n / b is not a whole number of updates: round it up with ceil",
    ),
    Mistake(
        ref.iterations_per_epoch,
        CEIL,
        "int(n_samples / batch_size)",
        "int() truncates like floor",
        hint="round up (ceil), not down",
    ),
    Mistake(
        ref.iterations_per_epoch,
        CEIL,
        "(n_samples + batch_size) // batch_size",
        "(n + b) // b: off by one on exact multiples",
        hint="one too many when the batches fit exactly",
    ),
    Mistake(
        ref.iterations_per_epoch,
        CEIL,
        "math.ceil(batch_size / n_samples)",
        "batch size and sample count swapped",
    ),
    Mistake(
        ref.k_fold_indices,
        TRAIN_FOLDS,
        "np.setdiff1d(np.concatenate(folds), folds[i])",
        "sorted training indices (np.setdiff1d)",
        says="the training indices must keep the order of the permutation (do not sort them, "
        "and np.setdiff1d sorts)",
    ),
    Mistake(
        ref.k_fold_indices, "np.array_split", "np.split", "np.split: fails when k does not divide n"
    ),
    Mistake(
        ref.k_fold_indices,
        "for i in range(k)]",
        "for i in [*range(1, k), 0]]",
        "fold i+1 validates",
        says="fold i must validate (is fold i+1 validating?)",
    ),
    Mistake(
        ref.k_fold_indices,
        "rng.permutation(n_samples)",
        "np.arange(n_samples)",
        "no shuffle: folds of 0, 1, ..., n-1",
        says="the folds must come from rng.permutation(n_samples), not from 0, 1, ..., n-1",
    ),
    Mistake(
        ref.k_fold_indices,
        f"    {FOLDS}\n    return {PAIRS}",
        f"    pairs = []\n    for i in range(k):\n        {FOLDS}\n"
        "        pairs.append((np.concatenate(folds[:i] + folds[i + 1:]), folds[i]))\n"
        "    return pairs",
        "a new permutation for every fold",
    ),
    Mistake(
        ref.k_fold_indices,
        FOLDS,
        "perm = rng.permutation(n_samples)\n    folds = [perm[i::k] for i in range(k)]",
        "strided folds perm[i::k], the others' concatenation trains",
        says="fold i is the i-th chunk of np.array_split(perm, k), not every k-th element",
    ),
    Mistake(
        ref.k_fold_indices,
        f"{FOLDS}\n    return {PAIRS}",
        "perm = rng.permutation(n_samples)\n"
        "    return [(np.delete(perm, np.arange(i, n_samples, k)), perm[i::k])\n"
        "            for i in range(k)]",
        "strided folds perm[i::k]",
    ),
    Mistake(
        ref.k_fold_indices,
        f"({TRAIN_FOLDS}, folds[i])",
        f"(folds[i], {TRAIN_FOLDS})",
        "returns (val, train)",
        says="each pair is (train_idx, val_idx), in that order",
    ),
    Mistake(
        ref.k_fold_indices,
        TRAIN_FOLDS,
        "np.concatenate(folds)",
        "the training set keeps the validation fold",
    ),
    Mistake(
        ref.train_with_stopping,
        (
            "cost, grads = mse_cost(Y_hat, Y), backward(Y, params, cache)",
            f"        {UPDATE}\n        if X_val is None:",
        ),
        (
            f"grads = backward(Y, params, cache)\n        {UPDATE}\n"
            "        cost = mse_cost(forward(X, params)[0], Y)",
            "        if X_val is None:",
        ),
        "the cost is computed and checked after the update",
        says="the cost must be computed (and checked) before the update, with the parameters "
        "that produced the gradients",
    ),
    Mistake(
        ref.train_with_stopping,
        'history["train_cost"].append(cost)',
        'history["train_cost"].append(mse_cost(forward(X, gd_step(params, grads, lr))[0], Y))',
        "the cost is checked before the update but recorded after it",
        says="history['train_cost'][e] is the cost before update e, not after it",
    ),
    Mistake(
        ref.train_with_stopping,
        ("cost < cost_tol", "gradient_norm(grads) < grad_tol"),
        ("cost <= cost_tol", "gradient_norm(grads) <= grad_tol"),
        "<= instead of < for the tolerances",
        says="a tolerance is met when the value is strictly below it (<, not <=)",
    ),
    Mistake(
        ref.train_with_stopping,
        (COST_RULE, GRAD_RULE_END),
        ("", GRAD_RULE_END + COST_RULE),
        "the gradient rule is checked before the cost rule",
        says="the cost rule is checked before the gradient rule",
    ),
    Mistake(
        ref.train_with_stopping,
        "gradient_norm(grads)",
        "math.sqrt(sum(np.sum(dW ** 2) for dW, _ in grads))",
        "the gradient norm forgets the biases",
        says="the gradient norm includes the biases: sqrt of the sum of every dW**2 and db**2",
    ),
    Mistake(
        ref.train_with_stopping,
        "gradient_norm(grads)",
        "gradient_norm(grads) ** 2",
        "the squared gradient norm",
        says="the gradient norm is the square root of the sum of squares",
    ),
    Mistake(
        ref.train_with_stopping,
        (f"        {UPDATE}\n        if X_val is None:\n", "            waited += 1\n"),
        (
            "        if X_val is None:\n            " + UPDATE + "\n",
            f"            waited += 1\n        {UPDATE}\n",
        ),
        "the validation cost uses the parameters before the update",
        says="the validation cost is computed after the update, with the new parameters",
    ),
    Mistake(
        ref.train_with_stopping,
        (UPDATE, NEW_BEST),
        (
            "previous, params = params, gd_step(params, grads, lr)",
            "best_cost, best_params, waited = val_cost, previous, 0",
        ),
        "the best parameters are those before the best epoch's update",
        says="the best parameters are those after the update that gave the best validation cost",
    ),
    Mistake(
        ref.train_with_stopping,
        'return best_params, history, "early_stopping"',
        'return params, history, "early_stopping"',
        "early stopping returns the last parameters, not the best",
        says="early stopping returns the parameters of the best validation epoch, not the last",
    ),
    Mistake(
        ref.train_with_stopping,
        'return params, history, "max_epochs"',
        'return (params if X_val is None else best_params), history, "max_epochs"',
        "returns the best validation parameters even when max_epochs ends it",
        says="only early stopping restores the best parameters; when max_epochs ends the "
        "training, return the last ones",
    ),
    Mistake(
        ref.train_with_stopping,
        "waited >= patience",
        "waited > patience",
        "patience off by one (waited > patience)",
        demo=True,
        says="stop as soon as `patience` epochs in a row have not improved (waited >= "
        "patience): one epoch too many?",
    ),
    Mistake(
        ref.train_with_stopping,
        NEW_BEST,
        "best_cost, best_params = val_cost, params",
        "the wait is never reset on a new best",
        says="the count of epochs without improvement restarts at 0 on every new best",
    ),
    Mistake(
        ref.train_with_stopping,
        (
            "waited = math.inf, params, 0",
            f"            {NEW_BEST}\n        else:\n            waited += 1\n",
        ),
        (
            "waited, previous = math.inf, params, 0, math.inf",
            "            best_cost, best_params = val_cost, params\n"
            "        waited = 0 if val_cost < previous else waited + 1\n"
            "        previous = val_cost\n",
        ),
        "the wait restarts when the cost beats the previous epoch, not the best",
        says="an epoch improves only if it beats the best validation cost so far, not just "
        "the previous epoch",
    ),
    Mistake(
        ref.train_with_stopping,
        UPDATE,
        "for (W, b), (dW, db) in zip(params, grads):\n"
        "            W -= lr * dW\n            b -= lr * db",
        "updates the caller's arrays in place (W -= lr * dW)",
    ),
    Mistake(
        ref.l2_penalty,
        "lam / 2 *",
        "lam *",
        "forgets the 1/2: lam * sum(W**2)",
        says="the 1/2 is missing: the penalty is lam / 2 * the sum of the squared weights",
    ),
    Mistake(
        ref.l2_penalty,
        f"{SQUARES} for W, _ in params",
        f"{SQUARES} + np.sum(b ** 2) for W, b in params",
        "penalises the biases too",
        says="the biases are penalised too: weight decay sums the squares of the weights W only",
    ),
    Mistake(
        ref.l2_penalty,
        SQUARES,
        "np.linalg.norm(W)",
        "sums the Frobenius norms, not their squares",
        says="the norms are not squared: sum the squares of the entries, not their Frobenius norms",
    ),
    Mistake(
        ref.l2_penalty,
        SQUARES,
        "np.mean(W ** 2)",
        "np.mean of the squares instead of their sum",
        says="a mean of the squared weights instead of their sum",
    ),
    Mistake(
        ref.l2_penalty,
        f"sum({SQUARES} for W, _ in params)",
        "np.sum(params[-1][0] ** 2)",
        "only the last layer",
        says="only the last layer is penalised: sum over every layer",
    ),
    Mistake(
        ref.l2_penalty,
        SQUARES,
        "np.sum(np.abs(W))",
        "an L1 penalty: absolute values",
        says="absolute values (an L1 penalty) instead of squares",
    ),
    Mistake(
        ref.l2_penalty,
        SQUARES,
        "np.sum(W) ** 2",
        "the square of the summed weights, not the sum of their squares",
    ),
    Mistake(
        ref.weight_decay_step,
        "b - lr * db)",
        "b - lr * (db + lam * b))",
        "decays the biases too",
        says="the biases are decayed too: only the weights carry the penalty, b - lr * db",
    ),
    Mistake(
        ref.weight_decay_step,
        DECAYED,
        "W - lr * dW - lam * W",
        "the decay term is not multiplied by lr",
        says="the decay lam * W is not multiplied by the learning rate: W - lr * (dW + lam * W)",
    ),
    Mistake(
        ref.weight_decay_step,
        "(dW + lam * W)",
        "(dW - lam * W)",
        "the decay pushes the weights away from 0 (dW - lam * W)",
        says="the decay has the wrong sign: it pulls the weights towards 0, W - lr * (dW + "
        "lam * W)",
    ),
    Mistake(
        ref.weight_decay_step,
        "lam * W",
        "lam / 2 * W",
        "lam / 2 * W: the 1/2 of the penalty kept in its derivative",
        says="lam / 2 * W is half the derivative of lam / 2 * sum(W**2), which is lam * W",
    ),
    Mistake(
        ref.weight_decay_step,
        DECAYED,
        "(W - lr * dW) * (1 - lr * lam)",
        "decays the already updated weights: (W - lr dW)(1 - lr lam)",
        says="the decay is applied to the updated weights, (W - lr dW)(1 - lr lam): both "
        "terms use the old W, W - lr * (dW + lam * W)",
    ),
    Mistake(
        ref.weight_decay_step,
        DECAYED,
        "W - lr * dW",
        "forgets the decay: plain gd_step",
        says="the weights are not decayed: this is plain gradient descent, add lam * W to dW",
    ),
    Mistake(
        ref.weight_decay_step,
        "lam * W",
        "2 * lam * W",
        "2 lam W: the derivative of lam sum(W**2)",
        says="2 * lam * W is the derivative of lam * sum(W**2); with the penalty lam / 2 * "
        "sum(W**2) it is lam * W",
    ),
    Mistake(
        ref.weight_decay_step,
        f"return [({DECAYED}, b - lr * db) for (W, b), (dW, db) in zip(params, grads)]",
        "for (W, b), (dW, db) in zip(params, grads):\n"
        "        W -= lr * (dW + lam * W)\n        b -= lr * db\n    return params",
        "updates the caller's arrays in place",
    ),
)
