"""The mistakes students make in backprop, written once as patches of the reference
(grading_tools.judge.mistakes): the hidden checks name them, the mutant catalogue proves
them caught, and bugsy makes the one marked `demo`."""

from ...judge.mistakes import Mistake
from ..sigmoid_networks.reference import sigmoid
from . import reference as ref

BP2 = "(delta_next @ W_next.T)"
GRADIENTS = "(A[layer].T @ delta / n, delta.mean(axis=0))"
STEP = "(W - lr * dW, b - lr * db)"
UPDATE_ALL = f"return [{STEP} for (W, b), (dW, db) in zip(params, grads)]"
EPOCH = """        Y_hat, cache = forward(X, params)
        costs.append(mse_cost(Y_hat, Y))
        params = gd_step(params, backward(Y, params, cache), lr)"""
LOG_SOFTMAX = "log_p = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))"
MEAN_COST = "-np.sum(Y * log_p) / n"
MISTAKES = (
    Mistake(
        ref.output_delta,
        "(A_L - Y)",
        "(Y - A_L)",
        "Y - A: the sign is flipped",
        says="the sign is flipped: BP1 for the cost 1/2 (A - Y)^2 starts from A_L - Y, not Y - A_L",
    ),
    Mistake(
        ref.output_delta,
        "sigmoid_prime(Z_L)",
        "sigmoid_prime(A_L)",
        "sigma' taken at the activation A_L",
        says="the derivative is taken at the activation: use sigmoid_prime(Z_L), not "
        "sigmoid_prime(A_L)",
    ),
    Mistake(
        ref.output_delta,
        "(A_L - Y) * sigmoid_prime(Z_L)",
        "A_L - Y",
        "forgets sigma'(Z_L) (the cross-entropy delta)",
        says="the factor sigmoid'(Z_L) is missing (A_L - Y is the output error of the "
        "cross-entropy cost, not of the MSE)",
    ),
    Mistake(
        ref.output_delta,
        "sigmoid_prime(Z_L)",
        "sigmoid_prime(Z_L) / len(Y)",
        "averages over the batch",
        says="BP1 is per sample: do not divide by the batch size (backward averages later)",
    ),
    Mistake(
        ref.output_delta,
        "(A_L - Y)",
        "2 * (A_L - Y)",
        "2 (A - Y): the derivative of the cost without its 1/2",
        says="a factor 2: the course's cost has a 1/2, so its derivative is A_L - Y, not "
        "2 (A_L - Y)",
    ),
    Mistake(
        ref.output_delta,
        "sigmoid_prime(Z_L)",
        "sigmoid(Z_L)",
        "multiplies by sigmoid(Z_L) instead of its derivative",
        calls=(sigmoid,),
    ),
    Mistake(
        ref.output_delta,
        "return (A_L - Y)",
        "A_L -= Y\n    return A_L",
        "subtracts Y from A_L in place",
    ),
    Mistake(
        ref.output_delta,
        "(A_L - Y) * sigmoid_prime(Z_L)",
        "np.array([[-0.12183]])",
        "hard-codes the visible example",
    ),
    Mistake(
        ref.hidden_delta,
        "W_next.T",
        "W_next",
        "missing transpose: delta_next @ W_next",
        hint=None,
        says="the transpose is missing: with W_next of shape (n_l, n_next), the error goes "
        "back through delta_next @ W_next.T",
    ),
    Mistake(
        ref.hidden_delta,
        BP2,
        "(W_next.T @ delta_next)",
        "column-vector habit: W_next.T @ delta_next",
    ),
    Mistake(
        ref.hidden_delta,
        f"{BP2} * sigmoid_prime(Z)",
        "delta_next @ W_next.T",
        "forgets sigma'(Z)",
        says="the factor sigmoid_prime(Z) is missing",
    ),
    Mistake(
        ref.hidden_delta,
        "sigmoid_prime(Z)",
        "sigmoid_prime(sigmoid(Z))",
        "sigma' taken at the activation sigma(Z)",
        calls=(sigmoid,),
        says="the derivative is taken at the activation: sigmoid_prime(sigmoid(Z)) instead "
        "of sigmoid_prime(Z)",
    ),
    Mistake(
        ref.hidden_delta,
        "sigmoid_prime(Z)",
        "Z * (1 - Z)",
        "a(1 - a), sigma' written for the activation, applied to Z",
        says="Z * (1 - Z) is sigma' only in terms of the activation a = sigmoid(Z): at Z it is "
        "sigmoid_prime(Z) = sigmoid(Z) * (1 - sigmoid(Z))",
    ),
    Mistake(
        ref.hidden_delta,
        "sigmoid_prime(Z)",
        "sigmoid(Z)",
        "multiplies by sigmoid(Z) instead of its derivative",
        calls=(sigmoid,),
        says="multiplied by sigmoid(Z) instead of its derivative sigmoid_prime(Z)",
    ),
    Mistake(
        ref.hidden_delta,
        "return (delta_next",
        "return -(delta_next",
        "the sign is flipped",
        says="the sign is flipped",
    ),
    Mistake(
        ref.hidden_delta,
        BP2,
        "np.dot(W_next, delta_next.T)",
        "column form W_next @ delta_next.T, not transposed back",
    ),
    Mistake(
        ref.hidden_delta,
        f"return {BP2} * sigmoid_prime(Z)",
        f"Z[...] = sigmoid_prime(Z)\n    return {BP2} * Z",
        "overwrites Z with sigma'(Z) in place",
    ),
    Mistake(
        ref.backward,
        GRADIENTS,
        "(A[layer].T @ delta, delta.sum(axis=0))",
        "sums over the batch instead of averaging",
        says="a sum over the batch instead of the mean: divide by N = len(Y)",
    ),
    Mistake(
        ref.backward,
        "output_delta(A[-1], Z[-1], Y)",
        "output_delta(Y, Z[-1], A[-1])",
        "calls output_delta with A_L and Y swapped: the sign is flipped",
        says="the sign is flipped: BP1 starts from A_L - Y",
    ),
    Mistake(
        ref.backward,
        'A, Z = cache["A"], cache["Z"]',
        'A, Z = cache["A"], cache["A"][1:]',
        "sigma' at the activations: the cache's A taken for Z",
        says="sigma' is taken at the activations A instead of the weighted inputs Z",
    ),
    Mistake(
        ref.backward,
        "A[layer].T @ delta / n",
        "delta.T @ A[layer] / n",
        "dW = delta.T @ A_prev (transposed)",
        says="dW is transposed: it is A_prev.T @ delta, shape (n_in, n_out) like W",
    ),
    Mistake(
        ref.backward,
        "Z[layer - 1])",
        "Z[layer])",
        "layer index off by one: Z[layer] instead of Z[layer - 1] in BP2",
    ),
    Mistake(
        ref.backward,
        "params[layer][0], Z",
        "params[layer - 1][0].T, Z",
        "BP2 with the weights of the current layer, not the next one",
    ),
    Mistake(
        ref.backward,
        "grads.insert(0, ",
        "grads.append(",
        "the gradients listed output layer first",
        says="the gradients are in reverse order: grads[0] belongs to the first layer",
    ),
    Mistake(
        ref.backward,
        "delta.mean(axis=0)",
        "delta.mean(axis=1)",
        "db averaged over the neurons (axis=1)",
    ),
    Mistake(
        ref.gd_step,
        STEP,
        "(W + lr * dW, b + lr * db)",
        "adds the gradient (climbs the cost)",
        says="the gradient is added: gradient descent subtracts, w - lr * dC/dw",
    ),
    Mistake(
        ref.gd_step,
        UPDATE_ALL,
        "for (W, b), (dW, db) in zip(params, grads):\n"
        "        W -= lr * dW\n        b -= lr * db\n    return params",
        "updates the parameters in place (W -= lr * dW)",
    ),
    Mistake(
        ref.gd_step, "b - lr * db)", "b)", "forgets the biases", says="the biases are not updated"
    ),
    Mistake(
        ref.gd_step,
        STEP,
        "(-lr * dW, -lr * db)",
        "returns the step, not the new parameters",
        says="the step -lr * grad is returned instead of the new parameters",
    ),
    Mistake(
        ref.gd_step,
        UPDATE_ALL,
        f"(W, b), (dW, db) = params[-1], grads[-1]\n    return list(params[:-1]) + [{STEP}]",
        "updates only the last layer",
    ),
    Mistake(
        ref.gd_step,
        STEP,
        "(W - dW / max(lr, 1e-12), b - db / max(lr, 1e-12))",
        "divides by the learning rate",
    ),
    Mistake(
        ref.train_gd,
        "costs.append(mse_cost(Y_hat, Y))\n"
        "        params = gd_step(params, backward(Y, params, cache), lr)",
        "params = gd_step(params, backward(Y, params, cache), lr)\n"
        "        costs.append(mse_cost(forward(X, params)[0], Y))",
        "records the cost after each update",
        demo=True,
        says="costs[e] must be the cost BEFORE update e (costs[0] is the cost of the initial "
        "params)",
    ),
    Mistake(
        ref.train_gd,
        ("params = gd_step(", "return params,"),
        ("new_params = gd_step(", "return new_params,"),
        "never uses the updated parameters",
        says="the updated parameters are never used: every epoch starts again from the "
        "initial params (write params = gd_step(params, grads, lr))",
    ),
    Mistake(
        ref.train_gd,
        "cache), lr)",
        "cache), -lr)",
        "climbs the gradient (lr with the wrong sign)",
        says="the parameters climb the gradient: gradient descent subtracts lr * grad",
    ),
    Mistake(
        ref.train_gd, "range(epochs)", "range(epochs + 1)", "one epoch too many (range(epochs + 1))"
    ),
    Mistake(
        ref.train_gd,
        EPOCH,
        "        costs.append(mse_cost(forward(X, params)[0], Y))\n"
        "        for n in range(len(X)):\n"
        "            _, cache = forward(X[n:n + 1], params)\n"
        "            params = gd_step(params, backward(Y[n:n + 1], params, cache), lr)",
        "one sample at a time (stochastic, not full-batch)",
    ),
    Mistake(
        ref.train_gd,
        "mse_cost(Y_hat, Y)",
        "np.sum((Y_hat - Y) ** 2) / len(Y)",
        "the cost without its 1/2 (sum of squares over the batch mean)",
        hint="a ½ dropped",
    ),
    Mistake(
        ref.train_gd,
        "params = gd_step(params, backward(Y, params, cache), lr)",
        "for (W, b), (dW, db) in zip(params, backward(Y, params, cache)):\n"
        "            W -= lr * dW\n            b -= lr * db",
        "updates the caller's arrays in place",
    ),
    Mistake(
        ref.softmax_cross_entropy,
        "(softmax(Z) - Y) / n",
        "softmax(Z) - Y",
        "dZ not divided by N: softmax(Z) - Y",
        says="dZ is not divided by the number of samples: the cost is a mean over the batch, "
        "so dZ = (softmax(Z) - Y) / N",
    ),
    Mistake(
        ref.softmax_cross_entropy,
        MEAN_COST,
        "-np.sum(Y * log_p)",
        "the cost summed over the batch, not averaged",
        says="the cost is summed over the batch instead of averaged",
    ),
    Mistake(
        ref.softmax_cross_entropy,
        "Z - np.max(Z, axis=1, keepdims=True)",
        "Z",
        "no shift by the row maximum: exp overflows for large entries",
    ),
    Mistake(
        ref.softmax_cross_entropy,
        LOG_SOFTMAX,
        "log_p = np.log(softmax(Z))",
        "log of the (shifted) softmax: log(0) once a probability underflows",
    ),
    Mistake(
        ref.softmax_cross_entropy,
        LOG_SOFTMAX,
        "log_p = np.log(softmax(Z) + 1e-12)",
        "log(P + 1e-12) to avoid log(0): misses a confidently wrong row's cost",
        says="ln(P + eps) or a clipped P caps the cost of a confidently wrong row at about "
        "27.6: compute ln softmax(Z) = Z - max - ln(sum(exp(Z - max))) (log-sum-exp)",
    ),
    Mistake(
        ref.softmax_cross_entropy,
        ("np.max(Z, axis=1", "np.exp(shifted), axis=1", "(softmax(Z) - Y) / n"),
        ("np.max(Z, axis=0", "np.exp(shifted), axis=0", "(np.exp(log_p) - Y) / n"),
        "softmax over the samples (axis=0)",
        says="the softmax is taken over the samples (axis=0) instead of over each row's classes",
    ),
    Mistake(
        ref.softmax_cross_entropy,
        "(softmax(Z) - Y) / n",
        "(Y - softmax(Z)) / n",
        "the sign of dZ flipped: Y - softmax(Z)",
        hint="sign is flipped",
    ),
    Mistake(
        ref.softmax_cross_entropy,
        (MEAN_COST, "(softmax(Z) - Y) / n"),
        ("np.sum(Y * log_p) / n", "(Y - softmax(Z)) / n"),
        "the sign of the cost and of dZ flipped",
        says="the sign is flipped: the cost is MINUS the log-likelihood, and dZ = "
        "(softmax(Z) - Y) / N, not (Y - softmax(Z)) / N",
    ),
    Mistake(
        ref.softmax_cross_entropy,
        MEAN_COST,
        "-np.mean(Y * log_p)",
        "np.mean over every entry: the cost divided by N * K",
        says="the cost is divided by the number of entries N * K: average over the samples "
        "only, summing over the classes",
    ),
    Mistake(
        ref.softmax_cross_entropy,
        MEAN_COST,
        "-np.mean(log_p[np.arange(len(Z)), np.argmax(Z, axis=1)])",
        "only the predicted class's log-probability, whatever the target",
    ),
    Mistake(
        ref.softmax_cross_entropy,
        "shifted = Z - np.max(Z, axis=1, keepdims=True)",
        "Z -= np.max(Z, axis=1, keepdims=True)\n    shifted = Z",
        "shifts Z by its maximum in place",
    ),
)
