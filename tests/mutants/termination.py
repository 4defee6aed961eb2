"""05_termination: the mistakes students make, and correct solutions unlike the reference.

The mistakes are the patches of the reference in its assignment folder's mistakes.py
(MISTAKES), registered here as mutants. The functions below are the correct alternatives, written as
self-contained notebook code: they may use `np` and the functions the notebook provides (`forward`,
`mse_cost`, `backward`, `gd_step`); here they are the reference's.
"""

import numpy as np

from grading_tools.assignments.backprop.reference import backward, gd_step
from grading_tools.assignments.sigmoid_networks.reference import forward, mse_cost
from grading_tools.assignments.termination.mistakes import MISTAKES

from .catalogue import alternative, patches

patches(MISTAKES)


# --------------------------------------------------------------------- iterations_per_epoch
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
    return [
        (np.delete(perm, np.arange(edges[i], edges[i + 1])), perm[edges[i] : edges[i + 1]])
        for i in range(k)
    ]


# ---------------------------------------------------------------------- train_with_stopping
@alternative(
    "train_with_stopping", "a while loop, np.linalg.norm of all gradients flattened, copies"
)
def stop_while(
    X,
    Y,
    params,
    lr,
    max_epochs,
    cost_tol=None,
    grad_tol=None,
    X_val=None,
    Y_val=None,
    patience=None,
):
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
def stop_snapshots(
    X,
    Y,
    params,
    lr,
    max_epochs,
    cost_tol=None,
    grad_tol=None,
    X_val=None,
    Y_val=None,
    patience=None,
):
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
        best = int(np.argmin(val_costs))  # the first epoch with the lowest cost
        if patience is not None and len(val_costs) - 1 - best >= patience:
            return result(snapshots[best], "early_stopping")
    return result(params, "max_epochs")


@alternative("train_with_stopping", "the cost computed by hand, numpy arrays in the history")
def stop_by_hand(
    X,
    Y,
    params,
    lr,
    max_epochs,
    cost_tol=None,
    grad_tol=None,
    X_val=None,
    Y_val=None,
    patience=None,
):
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


# ------------------------------------------------------------------------------ l2_penalty
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
@alternative("weight_decay_step", "shrink first, then step: W (1 - lr lam) - lr dW")
def wd_shrink(params, grads, lr, lam):
    return [(W * (1 - lr * lam) - lr * dW, b - lr * db) for (W, b), (dW, db) in zip(params, grads)]


@alternative("weight_decay_step", "adds lam * W to the gradients, then calls gd_step")
def wd_via_gd_step(params, grads, lr, lam):
    decayed = [(dW + lam * W, db) for (W, _), (dW, db) in zip(params, grads)]
    return gd_step(params, decayed, lr)
