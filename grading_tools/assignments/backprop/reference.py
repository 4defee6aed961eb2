"""Assignment 04: backpropagation, BP1-BP4 in row-major form (rows are samples).

With δ^l = ∂C_n/∂Z^l for every sample (a row of delta):
  BP1  δ^L = (A^L - Y) ⊙ σ'(Z^L)
  BP2  δ^l = (δ^{l+1} W^{l+1ᵀ}) ⊙ σ'(Z^l)
  BP3  ∂C/∂b^l = mean over samples of δ^l
  BP4  ∂C/∂W^l = A^{l-1ᵀ} δ^l / N

A softmax output layer with the log-likelihood cost (contract v2) replaces BP1 by
  δ^L = softmax(Z^L) - Y   per sample, so ∂C/∂Z^L = (softmax(Z^L) - Y) / N for the batch mean.
"""

import numpy as np

from ..sigmoid_networks.reference import forward, mse_cost, sigmoid_prime, softmax


def output_delta(A_L, Z_L, Y):
    """BP1 for the MSE cost, per sample: δ^L = (A^L - Y) ⊙ σ'(Z^L)."""
    return (A_L - Y) * sigmoid_prime(Z_L)


def hidden_delta(delta_next, W_next, Z):
    """BP2: the next layer's error sent back through its weights:
    δ^l = (δ^{l+1} W^{l+1ᵀ}) ⊙ σ'(Z^l)."""
    return (delta_next @ W_next.T) * sigmoid_prime(Z)


def backward(Y, params, cache):
    """The gradients [(dW, db), ...] of the batch-mean cost, from the forward pass's cache."""
    A, Z = cache["A"], cache["Z"]
    n = len(Y)
    delta = output_delta(A[-1], Z[-1], Y)  # BP1
    grads = []
    for layer in reversed(range(len(params))):
        grads.insert(0, (A[layer].T @ delta / n, delta.mean(axis=0)))  # BP4, BP3
        if layer > 0:
            delta = hidden_delta(delta, params[layer][0], Z[layer - 1])  # BP2
    return grads


def gd_step(params, grads, lr):
    """One gradient-descent step: w ← w - lr ∂C/∂w for every weight and bias."""
    return [(W - lr * dW, b - lr * db) for (W, b), (dW, db) in zip(params, grads)]


def train_gd(X, Y, params, lr, epochs):
    """Full-batch gradient descent; costs[e] is the cost before update e."""
    costs = []
    for _ in range(epochs):
        Y_hat, cache = forward(X, params)
        costs.append(mse_cost(Y_hat, Y))
        params = gd_step(params, backward(Y, params, cache), lr)
    return params, costs


def softmax_cross_entropy(Z, Y):
    """The softmax output layer with the log-likelihood cost, and its gradient with respect to Z.

    C = -(1/N) Σ_n Σ_j Y_nj ln softmax(Z)_nj, with ln softmax computed by log-sum-exp (no overflow,
    no log 0); dC/dZ = (softmax(Z) - Y) / N.
    """
    shifted = Z - np.max(Z, axis=1, keepdims=True)  # softmax(Z - max) = softmax(Z)
    log_p = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))  # log-sum-exp
    n = len(Y)
    cost = -np.sum(Y * log_p) / n  # mean log-likelihood cost
    return cost, (softmax(Z) - Y) / n  # δ^L / N
