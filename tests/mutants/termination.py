"""05_termination: the mistakes students make, and correct solutions unlike the reference.

Each function is self-contained notebook code: it may use `np` and the functions the notebook
provides (forward, mse_cost, backward, gd_step) or asks for; here they are the reference's.
"""

import numpy as np

from grading_tools.reference.backprop import backward, gd_step  # noqa: F401
from grading_tools.reference.sigmoid_networks import forward, mse_cost  # noqa: F401

from .catalogue import alternative, mutant


# --------------------------------------------------------------------- iterations_per_epoch
@mutant("iterations_per_epoch", "floor: the last, smaller batch is forgotten",
        hint="round up (ceil), not down")
def iterations_floor(n_samples, batch_size):
    return n_samples // batch_size


@mutant("iterations_per_epoch", "n // b + 1: one too many when the batches fit exactly",
        hint="one too many when the batches fit exactly")
def iterations_plus_one(n_samples, batch_size):
    return n_samples // batch_size + 1


@mutant("iterations_per_epoch", "round instead of ceil", hint="round() rounds a small remainder down")
def iterations_round(n_samples, batch_size):
    return round(n_samples / batch_size)


@mutant("iterations_per_epoch", "a float division, not rounded up", hint="not a whole number")
def iterations_float(n_samples, batch_size):
    return n_samples / batch_size


@mutant("iterations_per_epoch", "int() truncates like floor", hint="round up (ceil), not down")
def iterations_int(n_samples, batch_size):
    return int(n_samples / batch_size)


@mutant("iterations_per_epoch", "(n + b) // b: off by one on exact multiples",
        hint="one too many when the batches fit exactly")
def iterations_shifted(n_samples, batch_size):
    return (n_samples + batch_size) // batch_size


@mutant("iterations_per_epoch", "batch size and sample count swapped", hint=None)
def iterations_swapped(n_samples, batch_size):
    import math
    return math.ceil(batch_size / n_samples)


@alternative("iterations_per_epoch", "negated floor division: -(-n // b)")
def iterations_negated(n_samples, batch_size):
    return -(-n_samples // batch_size)


@alternative("iterations_per_epoch", "(n + b - 1) // b")
def iterations_padded(n_samples, batch_size):
    return (n_samples + batch_size - 1) // batch_size


@alternative("iterations_per_epoch", "np.ceil, returned as a numpy float")
def iterations_np_ceil(n_samples, batch_size):
    return np.ceil(n_samples / batch_size)


@alternative("iterations_per_epoch", "counts the batch start positions")
def iterations_count(n_samples, batch_size):
    return len(range(0, n_samples, batch_size))


# --------------------------------------------------------------------------- k_fold_indices
@mutant("k_fold_indices", "sorted training indices (np.setdiff1d)", hint="keep the order of the permutation")
def kfold_setdiff(n_samples, k, rng):
    perm = rng.permutation(n_samples)
    folds = np.array_split(perm, k)
    return [(np.setdiff1d(perm, fold), fold) for fold in folds]


@mutant("k_fold_indices", "np.split: fails when k does not divide n", hint=None)
def kfold_split(n_samples, k, rng):
    folds = np.split(rng.permutation(n_samples), k)
    return [(np.concatenate(folds[:i] + folds[i + 1:]), folds[i]) for i in range(k)]


@mutant("k_fold_indices", "fold i+1 validates", hint="fold i must validate")
def kfold_next(n_samples, k, rng):
    folds = np.array_split(rng.permutation(n_samples), k)
    pairs = []
    for i in range(k):
        j = (i + 1) % k
        pairs.append((np.concatenate([folds[m] for m in range(k) if m != j]), folds[j]))
    return pairs


@mutant("k_fold_indices", "no shuffle: folds of 0, 1, ..., n-1", hint="rng.permutation(n_samples)")
def kfold_no_shuffle(n_samples, k, rng):
    folds = np.array_split(np.arange(n_samples), k)
    return [(np.concatenate(folds[:i] + folds[i + 1:]), folds[i]) for i in range(k)]


@mutant("k_fold_indices", "a new permutation for every fold", hint=None)
def kfold_reshuffle(n_samples, k, rng):
    pairs = []
    for i in range(k):
        folds = np.array_split(rng.permutation(n_samples), k)
        pairs.append((np.concatenate(folds[:i] + folds[i + 1:]), folds[i]))
    return pairs


@mutant("k_fold_indices", "strided folds perm[i::k]", hint=None)
def kfold_strided(n_samples, k, rng):
    perm = rng.permutation(n_samples)
    return [(np.delete(perm, np.arange(i, n_samples, k)), perm[i::k]) for i in range(k)]


@mutant("k_fold_indices", "returns (val, train)", hint="(train_idx, val_idx), in that order")
def kfold_swapped(n_samples, k, rng):
    folds = np.array_split(rng.permutation(n_samples), k)
    return [(folds[i], np.concatenate(folds[:i] + folds[i + 1:])) for i in range(k)]


@mutant("k_fold_indices", "the training set keeps the validation fold", hint=None)
def kfold_leaky(n_samples, k, rng):
    perm = rng.permutation(n_samples)
    return [(perm, fold) for fold in np.array_split(perm, k)]


@alternative("k_fold_indices", "fold boundaries computed by hand")
def kfold_bounds(n_samples, k, rng):
    perm = rng.permutation(n_samples)
    sizes = [n_samples // k + (1 if i < n_samples % k else 0) for i in range(k)]
    pairs, start = [], 0
    for size in sizes:
        stop = start + size
        pairs.append((np.concatenate([perm[:start], perm[stop:]]), perm[start:stop]))
        start = stop
    return pairs


@alternative("k_fold_indices", "a boolean mask over the permutation, lists of ints")
def kfold_mask(n_samples, k, rng):
    perm = rng.permutation(n_samples)
    labels = np.concatenate([np.full(len(f), i) for i, f in enumerate(np.array_split(perm, k))])
    return [(list(perm[labels != i]), list(perm[labels == i])) for i in range(k)]


@alternative("k_fold_indices", "rng.shuffle on arange, then np.delete")
def kfold_shuffle_delete(n_samples, k, rng):
    perm = np.arange(n_samples)
    rng.shuffle(perm)
    edges = np.cumsum([0] + [len(f) for f in np.array_split(perm, k)])
    return [(np.delete(perm, np.arange(edges[i], edges[i + 1])), perm[edges[i]:edges[i + 1]])
            for i in range(k)]


# ---------------------------------------------------------------------- train_with_stopping
@mutant("train_with_stopping", "the cost is computed and checked after the update",
        hint="computed (and checked) before the update")
def stop_cost_after(X, Y, params, lr, max_epochs, cost_tol=None, grad_tol=None,
                    X_val=None, Y_val=None, patience=None):
    history = {"train_cost": []}
    if X_val is not None:
        history["val_cost"] = []
    best, best_params, waited = np.inf, params, 0
    for _ in range(max_epochs):
        Y_hat, cache = forward(X, params)
        grads = backward(Y, params, cache)
        params = gd_step(params, grads, lr)
        cost = mse_cost(forward(X, params)[0], Y)
        history["train_cost"].append(cost)
        if cost_tol is not None and cost < cost_tol:
            return params, history, "cost_tol"
        norm = np.sqrt(sum(np.sum(dW ** 2) + np.sum(db ** 2) for dW, db in grads))
        if grad_tol is not None and norm < grad_tol:
            return params, history, "grad_tol"
        if X_val is not None:
            val = mse_cost(forward(X_val, params)[0], Y_val)
            history["val_cost"].append(val)
            if val < best:
                best, best_params, waited = val, params, 0
            else:
                waited += 1
            if patience is not None and waited >= patience:
                return best_params, history, "early_stopping"
    return params, history, "max_epochs"


@mutant("train_with_stopping", "<= instead of < for the tolerances", hint="strictly below")
def stop_less_equal(X, Y, params, lr, max_epochs, cost_tol=None, grad_tol=None,
                    X_val=None, Y_val=None, patience=None):
    history = {"train_cost": []}
    if X_val is not None:
        history["val_cost"] = []
    best, best_params, waited = np.inf, params, 0
    for _ in range(max_epochs):
        Y_hat, cache = forward(X, params)
        cost, grads = mse_cost(Y_hat, Y), backward(Y, params, cache)
        history["train_cost"].append(cost)
        if cost_tol is not None and cost <= cost_tol:
            return params, history, "cost_tol"
        norm = np.sqrt(sum(np.sum(dW ** 2) + np.sum(db ** 2) for dW, db in grads))
        if grad_tol is not None and norm <= grad_tol:
            return params, history, "grad_tol"
        params = gd_step(params, grads, lr)
        if X_val is not None:
            val = mse_cost(forward(X_val, params)[0], Y_val)
            history["val_cost"].append(val)
            if val < best:
                best, best_params, waited = val, params, 0
            else:
                waited += 1
            if patience is not None and waited >= patience:
                return best_params, history, "early_stopping"
    return params, history, "max_epochs"


@mutant("train_with_stopping", "early stopping returns the last parameters, not the best",
        hint="best validation epoch, not the last")
def stop_last_params(X, Y, params, lr, max_epochs, cost_tol=None, grad_tol=None,
                     X_val=None, Y_val=None, patience=None):
    history = {"train_cost": []}
    if X_val is not None:
        history["val_cost"] = []
    best, waited = np.inf, 0
    for _ in range(max_epochs):
        Y_hat, cache = forward(X, params)
        cost, grads = mse_cost(Y_hat, Y), backward(Y, params, cache)
        history["train_cost"].append(cost)
        if cost_tol is not None and cost < cost_tol:
            return params, history, "cost_tol"
        norm = np.sqrt(sum(np.sum(dW ** 2) + np.sum(db ** 2) for dW, db in grads))
        if grad_tol is not None and norm < grad_tol:
            return params, history, "grad_tol"
        params = gd_step(params, grads, lr)
        if X_val is not None:
            val = mse_cost(forward(X_val, params)[0], Y_val)
            history["val_cost"].append(val)
            if val < best:
                best, waited = val, 0
            else:
                waited += 1
            if patience is not None and waited >= patience:
                return params, history, "early_stopping"
    return params, history, "max_epochs"


@mutant("train_with_stopping", "patience off by one (waited > patience)", hint="one epoch too many")
def stop_patience_late(X, Y, params, lr, max_epochs, cost_tol=None, grad_tol=None,
                       X_val=None, Y_val=None, patience=None):
    history = {"train_cost": []}
    if X_val is not None:
        history["val_cost"] = []
    best, best_params, waited = np.inf, params, 0
    for _ in range(max_epochs):
        Y_hat, cache = forward(X, params)
        cost, grads = mse_cost(Y_hat, Y), backward(Y, params, cache)
        history["train_cost"].append(cost)
        if cost_tol is not None and cost < cost_tol:
            return params, history, "cost_tol"
        norm = np.sqrt(sum(np.sum(dW ** 2) + np.sum(db ** 2) for dW, db in grads))
        if grad_tol is not None and norm < grad_tol:
            return params, history, "grad_tol"
        params = gd_step(params, grads, lr)
        if X_val is not None:
            val = mse_cost(forward(X_val, params)[0], Y_val)
            history["val_cost"].append(val)
            if val < best:
                best, best_params, waited = val, params, 0
            else:
                waited += 1
            if patience is not None and waited > patience:
                return best_params, history, "early_stopping"
    return params, history, "max_epochs"


@mutant("train_with_stopping", "the wait is never reset on a new best", hint="restarts at 0")
def stop_no_reset(X, Y, params, lr, max_epochs, cost_tol=None, grad_tol=None,
                  X_val=None, Y_val=None, patience=None):
    history = {"train_cost": []}
    if X_val is not None:
        history["val_cost"] = []
    best, best_params, waited = np.inf, params, 0
    for _ in range(max_epochs):
        Y_hat, cache = forward(X, params)
        cost, grads = mse_cost(Y_hat, Y), backward(Y, params, cache)
        history["train_cost"].append(cost)
        if cost_tol is not None and cost < cost_tol:
            return params, history, "cost_tol"
        norm = np.sqrt(sum(np.sum(dW ** 2) + np.sum(db ** 2) for dW, db in grads))
        if grad_tol is not None and norm < grad_tol:
            return params, history, "grad_tol"
        params = gd_step(params, grads, lr)
        if X_val is not None:
            val = mse_cost(forward(X_val, params)[0], Y_val)
            history["val_cost"].append(val)
            if val < best:
                best, best_params = val, params
            else:
                waited += 1
            if patience is not None and waited >= patience:
                return best_params, history, "early_stopping"
    return params, history, "max_epochs"


@mutant("train_with_stopping", "the wait restarts when the cost beats the previous epoch, not the best",
        hint="not just the previous epoch")
def stop_reset_previous(X, Y, params, lr, max_epochs, cost_tol=None, grad_tol=None,
                        X_val=None, Y_val=None, patience=None):
    history = {"train_cost": []}
    if X_val is not None:
        history["val_cost"] = []
    best, best_params, waited, previous = np.inf, params, 0, np.inf
    for _ in range(max_epochs):
        Y_hat, cache = forward(X, params)
        cost, grads = mse_cost(Y_hat, Y), backward(Y, params, cache)
        history["train_cost"].append(cost)
        if cost_tol is not None and cost < cost_tol:
            return params, history, "cost_tol"
        norm = np.sqrt(sum(np.sum(dW ** 2) + np.sum(db ** 2) for dW, db in grads))
        if grad_tol is not None and norm < grad_tol:
            return params, history, "grad_tol"
        params = gd_step(params, grads, lr)
        if X_val is not None:
            val = mse_cost(forward(X_val, params)[0], Y_val)
            history["val_cost"].append(val)
            if val < best:
                best, best_params = val, params
            waited = 0 if val < previous else waited + 1
            previous = val
            if patience is not None and waited >= patience:
                return best_params, history, "early_stopping"
    return params, history, "max_epochs"


@mutant("train_with_stopping", "the gradient norm forgets the biases", hint="includes the biases")
def stop_weights_norm(X, Y, params, lr, max_epochs, cost_tol=None, grad_tol=None,
                      X_val=None, Y_val=None, patience=None):
    history = {"train_cost": []}
    if X_val is not None:
        history["val_cost"] = []
    best, best_params, waited = np.inf, params, 0
    for _ in range(max_epochs):
        Y_hat, cache = forward(X, params)
        cost, grads = mse_cost(Y_hat, Y), backward(Y, params, cache)
        history["train_cost"].append(cost)
        if cost_tol is not None and cost < cost_tol:
            return params, history, "cost_tol"
        norm = np.sqrt(sum(np.sum(dW ** 2) for dW, db in grads))
        if grad_tol is not None and norm < grad_tol:
            return params, history, "grad_tol"
        params = gd_step(params, grads, lr)
        if X_val is not None:
            val = mse_cost(forward(X_val, params)[0], Y_val)
            history["val_cost"].append(val)
            if val < best:
                best, best_params, waited = val, params, 0
            else:
                waited += 1
            if patience is not None and waited >= patience:
                return best_params, history, "early_stopping"
    return params, history, "max_epochs"


@mutant("train_with_stopping", "the cost is checked before the update but recorded after it",
        hint="cost before update e, not after it")
def stop_record_after(X, Y, params, lr, max_epochs, cost_tol=None, grad_tol=None,
                      X_val=None, Y_val=None, patience=None):
    history = {"train_cost": []}
    if X_val is not None:
        history["val_cost"] = []
    best, best_params, waited = np.inf, params, 0
    for _ in range(max_epochs):
        Y_hat, cache = forward(X, params)
        cost, grads = mse_cost(Y_hat, Y), backward(Y, params, cache)
        new_params = gd_step(params, grads, lr)
        history["train_cost"].append(mse_cost(forward(X, new_params)[0], Y))
        if cost_tol is not None and cost < cost_tol:
            return params, history, "cost_tol"
        norm = np.sqrt(sum(np.sum(dW ** 2) + np.sum(db ** 2) for dW, db in grads))
        if grad_tol is not None and norm < grad_tol:
            return params, history, "grad_tol"
        params = new_params
        if X_val is not None:
            val = mse_cost(forward(X_val, params)[0], Y_val)
            history["val_cost"].append(val)
            if val < best:
                best, best_params, waited = val, params, 0
            else:
                waited += 1
            if patience is not None and waited >= patience:
                return best_params, history, "early_stopping"
    return params, history, "max_epochs"


@mutant("train_with_stopping", "the validation cost uses the parameters before the update",
        hint="computed after the update")
def stop_val_before(X, Y, params, lr, max_epochs, cost_tol=None, grad_tol=None,
                    X_val=None, Y_val=None, patience=None):
    history = {"train_cost": []}
    if X_val is not None:
        history["val_cost"] = []
    best, best_params, waited = np.inf, params, 0
    for _ in range(max_epochs):
        Y_hat, cache = forward(X, params)
        cost, grads = mse_cost(Y_hat, Y), backward(Y, params, cache)
        history["train_cost"].append(cost)
        if cost_tol is not None and cost < cost_tol:
            return params, history, "cost_tol"
        norm = np.sqrt(sum(np.sum(dW ** 2) + np.sum(db ** 2) for dW, db in grads))
        if grad_tol is not None and norm < grad_tol:
            return params, history, "grad_tol"
        if X_val is not None:
            val = mse_cost(forward(X_val, params)[0], Y_val)
            history["val_cost"].append(val)
            if val < best:
                best, best_params, waited = val, params, 0
            else:
                waited += 1
        params = gd_step(params, grads, lr)
        if X_val is not None and patience is not None and waited >= patience:
            return best_params, history, "early_stopping"
    return params, history, "max_epochs"


@mutant("train_with_stopping", "the gradient rule is checked before the cost rule",
        hint="cost rule is checked before")
def stop_grad_first(X, Y, params, lr, max_epochs, cost_tol=None, grad_tol=None,
                    X_val=None, Y_val=None, patience=None):
    history = {"train_cost": []}
    if X_val is not None:
        history["val_cost"] = []
    best, best_params, waited = np.inf, params, 0
    for _ in range(max_epochs):
        Y_hat, cache = forward(X, params)
        cost, grads = mse_cost(Y_hat, Y), backward(Y, params, cache)
        history["train_cost"].append(cost)
        norm = np.sqrt(sum(np.sum(dW ** 2) + np.sum(db ** 2) for dW, db in grads))
        if grad_tol is not None and norm < grad_tol:
            return params, history, "grad_tol"
        if cost_tol is not None and cost < cost_tol:
            return params, history, "cost_tol"
        params = gd_step(params, grads, lr)
        if X_val is not None:
            val = mse_cost(forward(X_val, params)[0], Y_val)
            history["val_cost"].append(val)
            if val < best:
                best, best_params, waited = val, params, 0
            else:
                waited += 1
            if patience is not None and waited >= patience:
                return best_params, history, "early_stopping"
    return params, history, "max_epochs"


@mutant("train_with_stopping", "updates the caller's arrays in place (W -= lr * dW)", hint=None)
def stop_in_place(X, Y, params, lr, max_epochs, cost_tol=None, grad_tol=None,
                  X_val=None, Y_val=None, patience=None):
    history = {"train_cost": []}
    if X_val is not None:
        history["val_cost"] = []
    best, best_params, waited = np.inf, params, 0
    for _ in range(max_epochs):
        Y_hat, cache = forward(X, params)
        cost, grads = mse_cost(Y_hat, Y), backward(Y, params, cache)
        history["train_cost"].append(cost)
        if cost_tol is not None and cost < cost_tol:
            return params, history, "cost_tol"
        norm = np.sqrt(sum(np.sum(dW ** 2) + np.sum(db ** 2) for dW, db in grads))
        if grad_tol is not None and norm < grad_tol:
            return params, history, "grad_tol"
        for (W, b), (dW, db) in zip(params, grads):
            W -= lr * dW
            b -= lr * db
        if X_val is not None:
            val = mse_cost(forward(X_val, params)[0], Y_val)
            history["val_cost"].append(val)
            if val < best:
                best, best_params, waited = val, [(W.copy(), b.copy()) for W, b in params], 0
            else:
                waited += 1
            if patience is not None and waited >= patience:
                return best_params, history, "early_stopping"
    return params, history, "max_epochs"


@alternative("train_with_stopping", "a while loop, np.linalg.norm of all gradients flattened, copies")
def stop_while(X, Y, params, lr, max_epochs, cost_tol=None, grad_tol=None,
               X_val=None, Y_val=None, patience=None):
    use_val = X_val is not None
    history = {"train_cost": [], "val_cost": []} if use_val else {"train_cost": []}
    best_val = None
    best_params = [(W.copy(), b.copy()) for W, b in params]
    bad_epochs = 0
    epoch = 0
    while epoch < max_epochs:
        epoch += 1
        Y_hat, cache = forward(X, params)
        cost = mse_cost(Y_hat, Y)
        history["train_cost"].append(float(cost))
        if cost_tol is not None and cost < cost_tol:
            return params, history, "cost_tol"
        grads = backward(Y, params, cache)
        flat = np.concatenate([np.concatenate([dW.ravel(), db.ravel()]) for dW, db in grads])
        if grad_tol is not None and np.linalg.norm(flat) < grad_tol:
            return params, history, "grad_tol"
        params = gd_step(params, grads, lr)
        if not use_val:
            continue
        val = mse_cost(forward(X_val, params)[0], Y_val)
        history["val_cost"].append(float(val))
        if best_val is None or val < best_val:
            best_val = val
            best_params = [(W.copy(), b.copy()) for W, b in params]
            bad_epochs = 0
        else:
            bad_epochs += 1
            if patience is not None and bad_epochs == patience:
                return best_params, history, "early_stopping"
    return params, history, "max_epochs"


@alternative("train_with_stopping", "keeps every epoch's parameters; best by argmin of the history")
def stop_snapshots(X, Y, params, lr, max_epochs, cost_tol=None, grad_tol=None,
                   X_val=None, Y_val=None, patience=None):
    train_costs, val_costs, snapshots = [], [], []

    def result(p, reason):
        history = {"train_cost": train_costs}
        if X_val is not None:
            history["val_cost"] = val_costs
        return p, history, reason

    for _ in range(max_epochs):
        out, cache = forward(X, params)
        grads = backward(Y, params, cache)
        train_costs.append(mse_cost(out, Y))
        if cost_tol is not None and train_costs[-1] < cost_tol:
            return result(params, "cost_tol")
        squares = [np.sum(g * g) for layer in grads for g in layer]
        if grad_tol is not None and np.sqrt(np.sum(squares)) < grad_tol:
            return result(params, "grad_tol")
        params = gd_step(params, grads, lr)
        if X_val is None:
            continue
        val_costs.append(mse_cost(forward(X_val, params)[0], Y_val))
        snapshots.append(params)
        best = int(np.argmin(val_costs))       # the first epoch with the lowest cost
        if patience is not None and len(val_costs) - 1 - best >= patience:
            return result(snapshots[best], "early_stopping")
    return result(params, "max_epochs")


@alternative("train_with_stopping", "the cost computed by hand, numpy arrays in the history")
def stop_by_hand(X, Y, params, lr, max_epochs, cost_tol=None, grad_tol=None,
                 X_val=None, Y_val=None, patience=None):
    train_costs, val_costs = [], []
    best = (np.inf, params)
    since_best = 0
    reason = "max_epochs"
    for _ in range(max_epochs):
        Y_hat, cache = forward(X, params)
        cost = np.mean(0.5 * np.sum((Y_hat - Y) ** 2, axis=1))
        train_costs.append(cost)
        grads = backward(Y, params, cache)
        norm = np.sqrt(sum(np.vdot(g, g) for pair in grads for g in pair))
        if cost_tol is not None and cost < cost_tol:
            reason = "cost_tol"
            break
        if grad_tol is not None and norm < grad_tol:
            reason = "grad_tol"
            break
        params = gd_step(params, grads, lr)
        if X_val is not None:
            val = np.mean(0.5 * np.sum((forward(X_val, params)[0] - Y_val) ** 2, axis=1))
            val_costs.append(val)
            since_best = 0 if val < best[0] else since_best + 1
            if since_best == 0:
                best = (val, params)
            if patience is not None and since_best >= patience:
                params, reason = best[1], "early_stopping"
                break
    history = {"train_cost": np.array(train_costs)}
    if X_val is not None:
        history["val_cost"] = np.array(val_costs)
    return params, history, reason


@mutant("train_with_stopping", "returns the best validation parameters even when max_epochs ends it",
        hint="only early stopping restores")
def stop_best_always(X, Y, params, lr, max_epochs, cost_tol=None, grad_tol=None,
                     X_val=None, Y_val=None, patience=None):
    history = {"train_cost": []}
    if X_val is not None:
        history["val_cost"] = []
    best, best_params, waited = np.inf, params, 0
    for _ in range(max_epochs):
        Y_hat, cache = forward(X, params)
        cost, grads = mse_cost(Y_hat, Y), backward(Y, params, cache)
        history["train_cost"].append(cost)
        if cost_tol is not None and cost < cost_tol:
            return params, history, "cost_tol"
        norm = np.sqrt(sum(np.sum(dW ** 2) + np.sum(db ** 2) for dW, db in grads))
        if grad_tol is not None and norm < grad_tol:
            return params, history, "grad_tol"
        params = gd_step(params, grads, lr)
        if X_val is not None:
            val = mse_cost(forward(X_val, params)[0], Y_val)
            history["val_cost"].append(val)
            if val < best:
                best, best_params, waited = val, params, 0
            else:
                waited += 1
            if patience is not None and waited >= patience:
                return best_params, history, "early_stopping"
    return (best_params if X_val is not None else params), history, "max_epochs"


# ------------------------------------------------------------------------------ l2_penalty
@mutant("l2_penalty", "forgets the 1/2: lam * sum(W**2)", hint="1/2 is missing")
def l2_no_half(params, lam):
    return lam * sum(np.sum(W ** 2) for W, b in params)


@mutant("l2_penalty", "penalises the biases too", hint="biases are penalised")
def l2_with_biases(params, lam):
    return lam / 2 * sum(np.sum(W ** 2) + np.sum(b ** 2) for W, b in params)


@mutant("l2_penalty", "sums the Frobenius norms, not their squares", hint="norms are not squared")
def l2_norms(params, lam):
    return lam / 2 * sum(np.linalg.norm(W) for W, b in params)


@mutant("l2_penalty", "np.mean of the squares instead of their sum", hint="a mean of the squared")
def l2_mean(params, lam):
    return lam / 2 * sum(np.mean(W ** 2) for W, b in params)


@mutant("l2_penalty", "only the last layer", hint="only the last layer")
def l2_last_layer(params, lam):
    W, b = params[-1]
    return lam / 2 * np.sum(W ** 2)


@mutant("l2_penalty", "an L1 penalty: absolute values", hint="L1")
def l2_abs(params, lam):
    return lam / 2 * sum(np.sum(np.abs(W)) for W, b in params)


@mutant("l2_penalty", "the square of the summed weights, not the sum of their squares", hint=None)
def l2_square_of_sum(params, lam):
    return lam / 2 * sum(np.sum(W) ** 2 for W, b in params)


@alternative("l2_penalty", "all weights flattened into one vector, a dot product")
def l2_flat(params, lam):
    w = np.concatenate([W.ravel() for W, _ in params])
    return 0.5 * lam * float(w @ w)


@alternative("l2_penalty", "squared Frobenius norms from np.linalg.norm, a loop")
def l2_loop(params, lam):
    total = 0.0
    for W, _ in params:
        total += np.linalg.norm(W) ** 2
    return lam * total / 2


# ------------------------------------------------------------------------ weight_decay_step
@mutant("weight_decay_step", "decays the biases too", hint="biases are decayed")
def wd_biases(params, grads, lr, lam):
    return [(W - lr * (dW + lam * W), b - lr * (db + lam * b)) for (W, b), (dW, db) in zip(params, grads)]


@mutant("weight_decay_step", "the decay term is not multiplied by lr",
        hint="not multiplied by the learning rate")
def wd_no_lr(params, grads, lr, lam):
    return [(W - lr * dW - lam * W, b - lr * db) for (W, b), (dW, db) in zip(params, grads)]


@mutant("weight_decay_step", "the decay pushes the weights away from 0 (dW - lam * W)",
        hint="decay has the wrong sign")
def wd_sign(params, grads, lr, lam):
    return [(W - lr * (dW - lam * W), b - lr * db) for (W, b), (dW, db) in zip(params, grads)]


@mutant("weight_decay_step", "lam / 2 * W: the 1/2 of the penalty kept in its derivative",
        hint="half the derivative")
def wd_half(params, grads, lr, lam):
    return [(W - lr * (dW + lam / 2 * W), b - lr * db) for (W, b), (dW, db) in zip(params, grads)]


@mutant("weight_decay_step", "decays the already updated weights: (W - lr dW)(1 - lr lam)",
        hint="applied to the updated weights")
def wd_after(params, grads, lr, lam):
    return [((W - lr * dW) * (1 - lr * lam), b - lr * db) for (W, b), (dW, db) in zip(params, grads)]


@mutant("weight_decay_step", "forgets the decay: plain gd_step", hint="not decayed")
def wd_plain(params, grads, lr, lam):
    return gd_step(params, grads, lr)


@mutant("weight_decay_step", "updates the caller's arrays in place", hint=None)
def wd_in_place(params, grads, lr, lam):
    for (W, b), (dW, db) in zip(params, grads):
        W -= lr * (dW + lam * W)
        b -= lr * db
    return params


@alternative("weight_decay_step", "shrink first, then step: W (1 - lr lam) - lr dW")
def wd_shrink(params, grads, lr, lam):
    return [(W * (1 - lr * lam) - lr * dW, b - lr * db) for (W, b), (dW, db) in zip(params, grads)]


@alternative("weight_decay_step", "adds lam * W to the gradients, then calls gd_step")
def wd_via_gd_step(params, grads, lr, lam):
    decayed = [(dW + lam * W, db) for (W, _), (dW, db) in zip(params, grads)]
    return gd_step(params, decayed, lr)
