"""Assignment 05: epochs and iterations, stopping rules, early stopping, k-fold cross-validation,
and weight decay (an L2 penalty on the weights)."""

import math

import numpy as np

from ..backprop.reference import backward, gd_step
from ..sigmoid_networks.reference import forward, mse_cost


def iterations_per_epoch(n_samples, batch_size):
    """Parameter updates in one pass over the data: the last batch may be smaller."""
    return math.ceil(n_samples / batch_size)


def k_fold_indices(n_samples, k, rng):
    """k (train, validation) index pairs: fold i of a random permutation validates, the rest
    trains."""
    folds = np.array_split(rng.permutation(n_samples), k)
    return [(np.concatenate(folds[:i] + folds[i + 1 :]), folds[i]) for i in range(k)]


def gradient_norm(grads):
    """The global L2 norm of all gradients, weights and biases together."""
    return math.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in grads))


def train_with_stopping(
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
    """Full-batch gradient descent that stops by the first rule that fires.

    Each epoch: the training cost and gradients; stop ("cost_tol") if the cost is below cost_tol,
    or ("grad_tol") if the gradient norm is below grad_tol; otherwise update. Then, with
    validation data, the validation cost; stop ("early_stopping") when it has not improved on its
    best for `patience` epochs, returning the parameters of that best epoch. Otherwise "max_epochs".
    """
    history = {"train_cost": []}
    if X_val is not None:
        history["val_cost"] = []
    best_cost, best_params, waited = math.inf, params, 0
    for _ in range(max_epochs):
        Y_hat, cache = forward(X, params)
        cost, grads = mse_cost(Y_hat, Y), backward(Y, params, cache)
        history["train_cost"].append(cost)
        if cost_tol is not None and cost < cost_tol:
            return params, history, "cost_tol"
        if grad_tol is not None and gradient_norm(grads) < grad_tol:
            return params, history, "grad_tol"
        params = gd_step(params, grads, lr)
        if X_val is None:
            continue
        val_cost = mse_cost(forward(X_val, params)[0], Y_val)
        history["val_cost"].append(val_cost)
        if val_cost < best_cost:
            best_cost, best_params, waited = val_cost, params, 0
        else:
            waited += 1
        if patience is not None and waited >= patience:
            return best_params, history, "early_stopping"
    return params, history, "max_epochs"


def l2_penalty(params, lam):
    """The weight-decay term λ/2 Σ_l Σ_ij (W^l_ij)²: weights only, the biases are not penalised."""
    return lam / 2 * sum(np.sum(W**2) for W, _ in params)


def weight_decay_step(params, grads, lr, lam):
    """Gradient descent on C + l2_penalty: W ← W - lr (dW + λ W), b ← b - lr db."""
    return [(W - lr * (dW + lam * W), b - lr * db) for (W, b), (dW, db) in zip(params, grads)]
