"""The mistakes students make in digits, written once as patches of the reference
(grading_tools.judge.mistakes): the hidden checks name them, the mutant catalogue proves
them caught, and bugsy makes the one marked `demo`."""

from ...judge.mistakes import Mistake
from . import reference as ref

ONE_HOT = "np.eye(n_classes)[y]"
HE_DRAW = "rng.normal(0, np.sqrt(2 / n_in), (n_in, n_out))"
NO_DRAW_AT_ZERO = "    if p_drop == 0:\n        return A, np.ones_like(A)"
MASK = "(rng.random(A.shape) >= p_drop) / (1 - p_drop)"
HIDDEN_BACKWARD = "dZ = relu_backward(dropout_backward(dA, mask), relu_cache)"
LAST_LAYER = "Z, last_cache = linear_forward(A, *params[-1])"
HIDDEN_PREDICT = "A = relu_forward(linear_forward(A, W, b)[0])[0]"
ADAM_W = "W, m_l[0], v_l[0] = adam_update(W, dW, m_l[0], v_l[0], t, lr)"
ADAM_B = "b, m_l[1], v_l[1] = adam_update(b, db, m_l[1], v_l[1], t, lr)"
EPOCH_START = "for _ in range(epochs):\n        batch_costs = []"
MISTAKES = (
    # ------------------------------------------------------------------------------- one_hot
    Mistake(
        ref.one_hot,
        ONE_HOT,
        "np.eye(n_classes, dtype=int)[y]",
        "integer one-hot rows",
        says="the one-hot rows must be floats (np.eye gives floats; dtype=int makes integers)",
    ),
    Mistake(
        ref.one_hot,
        ONE_HOT,
        "np.asarray(y)[:, None] == np.arange(n_classes)",
        "a boolean comparison, never converted to floats",
        says="the comparison gives booleans: convert the one-hot rows to floats (.astype(float))",
    ),
    Mistake(
        ref.one_hot,
        ONE_HOT,
        "np.eye(n_classes)[y].T",
        "transposed: one column per sample",
        says="one ROW per sample: the result has shape (n_samples, n_classes)",
    ),
    Mistake(
        ref.one_hot,
        ONE_HOT,
        "np.eye(np.max(y) + 1)[y]",
        "n_classes taken from the labels (y.max() + 1)",
        says="the number of columns is n_classes, not max(y) + 1: a class absent from y keeps "
        "its column of zeros",
    ),
    Mistake(
        ref.one_hot,
        f"return {ONE_HOT}",
        "Y = np.zeros((len(y), n_classes))\n    Y[:, y] = 1.0\n    return Y",
        "Y[:, y] = 1 sets whole columns",
        says="Y[:, y] = 1 sets whole columns; set one entry per row: Y[np.arange(len(y)), y] = 1",
    ),
    Mistake(
        ref.one_hot,
        ONE_HOT,
        "np.eye(n_classes)[np.asarray(y) - 1]",
        "labels counted from 1",
        says="the labels count from 0: label k sets column k (not k - 1)",
    ),
    # ------------------------------------------------------------------------------- he_init
    Mistake(
        ref.he_init,
        "np.sqrt(2 / n_in)",
        "np.sqrt(1 / n_in)",
        "standard deviation sqrt(1 / n_in) (LeCun's rule)",
        says="the standard deviation is sqrt(1 / n_in) (LeCun's rule); He's for ReLU is "
        "sqrt(2 / n_in)",
    ),
    Mistake(
        ref.he_init,
        "np.sqrt(2 / n_in)",
        "np.sqrt(2 / n_out)",
        "fan-out instead of fan-in: sqrt(2 / n_out)",
        says="He's rule divides by the fan-IN: sqrt(2 / n_in), n_in the inputs of the layer",
    ),
    Mistake(
        ref.he_init,
        "np.sqrt(2 / n_in)",
        "2 / n_in",
        "the variance 2 / n_in passed as the standard deviation",
        says="rng.normal takes the standard deviation: sqrt(2 / n_in), not the variance 2 / n_in",
    ),
    Mistake(
        ref.he_init,
        "np.sqrt(2 / n_in)",
        "np.sqrt(2 / (n_in + n_out))",
        "Glorot's sqrt(2 / (n_in + n_out))",
        says="this is Glorot's rule, 2 / (n_in + n_out); He's for ReLU is 2 / n_in",
    ),
    Mistake(
        ref.he_init,
        "(n_in, n_out)), np.zeros(n_out)",
        "(n_out, n_in)).T, np.zeros(n_out)",
        "W drawn as (n_out, n_in), then transposed",
        says="W is drawn with shape (n_in, n_out) directly: drawn as (n_out, n_in) and "
        "transposed, the same numbers land in other places",
    ),
    Mistake(
        ref.he_init,
        "np.zeros(n_out)",
        "rng.normal(0, np.sqrt(2 / n_in), n_out)",
        "the biases drawn too",
        says="the biases start at zero (np.zeros(n_out)); drawing them also shifts every "
        "later draw",
    ),
    Mistake(
        ref.he_init,
        HE_DRAW,
        "rng.uniform(-1, 1, (n_in, n_out)) * np.sqrt(6 / n_in)",
        "uniform He weights (the variance is right, the draw is not)",
        says="the variance is right but the contract draws from a normal distribution: "
        "rng.normal(0, sqrt(2 / n_in), (n_in, n_out))",
    ),
    # ------------------------------------------------------------------------ linear_forward
    Mistake(
        ref.linear_forward,
        "Z = A_prev @ W + b",
        "Z = A_prev @ W",
        "forgets the bias",
        says="the bias is missing: Z = A_prev @ W + b",
    ),
    Mistake(
        ref.linear_forward,
        "Z = A_prev @ W + b",
        "Z = A_prev @ W.T + b",
        "multiplies by W.T",
        says="W has shape (n_in, n_out) and multiplies from the right as it is: A_prev @ W",
    ),
    Mistake(
        ref.linear_forward,
        "return Z, (A_prev, W)",
        "return Z, (W, A_prev)",
        "the cache in the wrong order (W, A_prev)",
        says="the cache is (A_prev, W), in that order",
    ),
    Mistake(
        ref.linear_forward,
        "return Z, (A_prev, W)",
        "return Z, (Z, W)",
        "caches Z instead of A_prev",
        says="the cache must hold the layer's INPUT A_prev (dW = A_prev.T @ dZ needs it), not Z",
    ),
    Mistake(
        ref.linear_forward,
        "Z = A_prev @ W + b",
        "Z = A_prev @ W - b",
        "subtracts the bias",
        says="the bias is added: Z = A_prev @ W + b",
    ),
    Mistake(
        ref.linear_forward,
        "return Z, (A_prev, W)",
        "return Z, A_prev",
        "caches A_prev alone",
        says="the cache is the pair (A_prev, W): the backward pass needs W too",
    ),
    # ----------------------------------------------------------------------- linear_backward
    Mistake(
        ref.linear_backward,
        "dW = A_prev.T @ dZ",
        "dW = A_prev.T @ dZ / len(dZ)",
        "dW averaged again by N",
        says="dZ already holds the 1/N of the mean cost (softmax_cross_entropy divides by N): "
        "dW = A_prev.T @ dZ is a sum, do not divide by N again",
    ),
    Mistake(
        ref.linear_backward,
        "dZ.sum(axis=0)",
        "dZ.mean(axis=0)",
        "db averaged again by N: dZ.mean(axis=0)",
        says="dZ already holds the 1/N of the mean cost: db = dZ.sum(axis=0), not the mean",
    ),
    Mistake(
        ref.linear_backward,
        "dZ.sum(axis=0)",
        "dZ",
        "db is dZ: not summed over the samples",
        says="db has one entry per unit, shape (n_out,): sum dZ over the samples (axis=0)",
    ),
    Mistake(
        ref.linear_backward,
        "dZ.sum(axis=0)",
        "dZ.sum(axis=1)",
        "db summed over the units (axis=1)",
        says="db sums over the samples, the rows: dZ.sum(axis=0)",
    ),
    Mistake(
        ref.linear_backward,
        "dA_prev = dZ @ W.T",
        "dA_prev = dZ @ W",
        "dA_prev uses W, not W.T",
        says="the error goes back through the transposed weights: dA_prev = dZ @ W.T",
    ),
    Mistake(
        ref.linear_backward,
        "dW = A_prev.T @ dZ",
        "dW = dZ.T @ A_prev",
        "dW transposed: dZ.T @ A_prev",
        says="dW has W's shape (n_in, n_out): A_prev.T @ dZ",
    ),
    Mistake(
        ref.linear_backward,
        "return dA_prev, dW, db",
        "return dW, db, dA_prev",
        "returns (dW, db, dA_prev)",
        says="the results are in the wrong order: return (dA_prev, dW, db)",
    ),
    # -------------------------------------------------------------------------- relu_forward
    Mistake(
        ref.relu_forward,
        "return A, Z",
        "return A, A",
        "caches A instead of Z",
        says="the cache is Z, the ReLU's input (the contract's), not its output A",
    ),
    Mistake(
        ref.relu_forward,
        "np.maximum(Z, 0)",
        "np.maximum(Z, 0.01 * Z)",
        "a leaky ReLU",
        says="this is a leaky ReLU: negative inputs must give exactly 0",
    ),
    Mistake(
        ref.relu_forward,
        "np.maximum(Z, 0)",
        "np.where(Z > 0, 1.0, 0.0)",
        "returns the derivative (Z > 0) instead of the ReLU",
        says="this is the ReLU's derivative (Z > 0); the ReLU is max(Z, 0)",
    ),
    Mistake(
        ref.relu_forward,
        "np.maximum(Z, 0)",
        "np.abs(Z)",
        "|Z| instead of max(Z, 0)",
        says="negative inputs must give 0, not |Z|: max(Z, 0)",
    ),
    Mistake(
        ref.relu_forward,
        "np.maximum(Z, 0)",
        "np.max(Z, 0)",
        "np.max (a reduction) instead of np.maximum",
        says="np.max(Z, 0) is the largest entry of each column; the elementwise maximum is "
        "np.maximum(Z, 0)",
    ),
    Mistake(
        ref.relu_forward,
        "    A = np.maximum(Z, 0)\n    return A, Z",
        "    A = Z\n    A[A < 0] = 0\n    return A, Z",
        "in place: A = Z; A[A < 0] = 0",
        hint=None,
    ),
    # ------------------------------------------------------------------------- relu_backward
    Mistake(
        ref.relu_backward,
        "(Z > 0)",
        "(Z >= 0)",
        "relu'(0) taken as 1: Z >= 0",
        says="at Z = 0 exactly the ReLU's derivative is taken as 0: dA * (Z > 0), not Z >= 0",
    ),
    Mistake(
        ref.relu_backward,
        "dA * (Z > 0)",
        "dA * np.maximum(Z, 0)",
        "multiplies by the ReLU's output, not its derivative",
        says="dA is multiplied by the ReLU's derivative (1 where Z > 0, else 0), not by max(Z, 0)",
    ),
    Mistake(
        ref.relu_backward,
        "dA * (Z > 0)",
        "(Z > 0).astype(float)",
        "returns the derivative alone, without dA",
        says="the derivative must multiply the incoming gradient: dA * (Z > 0)",
    ),
    Mistake(
        ref.relu_backward,
        "dA * (Z > 0)",
        "dA * (Z < 0)",
        "passes the gradient where Z < 0",
        says="the gradient passes where Z > 0 (where the unit is active), not where Z < 0",
    ),
    Mistake(
        ref.relu_backward,
        "dA * (Z > 0)",
        "np.maximum(dA, 0)",
        "the ReLU applied to the gradient",
        says="the mask depends on Z, the ReLU's input, not on the sign of dA",
    ),
    Mistake(
        ref.relu_backward,
        "    return dA * (Z > 0)",
        "    dA[Z <= 0] = 0\n    return dA",
        "in place: dA[Z <= 0] = 0",
        hint=None,
    ),
    # ----------------------------------------------------------------------- dropout_forward
    Mistake(
        ref.dropout_forward,
        MASK,
        "(rng.random(A.shape) >= p_drop)",
        "dropout without the 1 / (1 - p_drop) scaling",
        demo=True,
        says="inverted dropout scales the kept units by 1 / (1 - p_drop), so that the "
        "expected activation is unchanged",
    ),
    Mistake(
        ref.dropout_forward,
        MASK,
        "(rng.random(A.shape) >= p_drop) * (1 - p_drop)",
        "multiplies by 1 - p_drop instead of dividing",
        says="the kept units are DIVIDED by 1 - p_drop (inverted dropout), not multiplied",
    ),
    Mistake(
        ref.dropout_forward,
        ">= p_drop",
        "< p_drop",
        "the mask keeps rng.random < p_drop: p_drop is the keep probability",
        says="p_drop is the probability to DROP a unit: keep where rng.random(A.shape) >= p_drop",
    ),
    Mistake(
        ref.dropout_forward,
        ">= p_drop",
        "< 1 - p_drop",
        "keeps rng.random < 1 - p_drop (the right probability, other units)",
        says="the probability is right but the units are not the contract's: keep where "
        "rng.random(A.shape) >= p_drop",
    ),
    Mistake(
        ref.dropout_forward,
        "rng.random(A.shape)",
        "rng.random(A.shape[-1])",
        "one mask for the whole batch (one draw per unit)",
        says="every sample gets its own mask: draw rng.random(A.shape), not one value per unit",
    ),
    Mistake(
        ref.dropout_forward,
        NO_DRAW_AT_ZERO,
        "",
        "draws a mask even when p_drop == 0",
        hint=None,
    ),
    Mistake(
        ref.dropout_forward,
        "return A * mask, mask",
        "A *= mask\n    return A, mask",
        "in place: A *= mask",
        hint=None,
    ),
    # ---------------------------------------------------------------------- dropout_backward
    Mistake(
        ref.dropout_backward,
        "dA * mask",
        "dA",
        "ignores the mask",
        says="the dropped units pass no gradient back: multiply dA by the mask",
    ),
    Mistake(
        ref.dropout_backward,
        "dA * mask",
        "dA * (mask > 0)",
        "keeps the pattern but drops the 1 / (1 - p_drop) scale",
        says="the mask holds the scale 1 / (1 - p_drop) too: the gradient is dA * mask, scale "
        "included",
    ),
    Mistake(
        ref.dropout_backward,
        "dA * mask",
        "mask",
        "returns the mask, without dA",
        says="the mask must multiply the incoming gradient: dA * mask",
    ),
    Mistake(
        ref.dropout_backward,
        "dA * mask",
        "dA / mask",
        "divides by the mask",
        says="A_out = A * mask, so the gradient is MULTIPLIED by the mask: dA * mask",
    ),
    Mistake(
        ref.dropout_backward,
        "    return dA * mask",
        "    dA *= mask\n    return dA",
        "in place: dA *= mask",
        hint=None,
    ),
    # ------------------------------------------------------------------------------ mlp_loss
    Mistake(
        ref.mlp_loss,
        (LAST_LAYER, "dA, dW, db = linear_backward(dZ, last_cache)"),
        (
            f"{LAST_LAYER}\n    Z, last_mask = dropout_forward(Z, p_drop, rng)",
            "dA, dW, db = linear_backward(dropout_backward(dZ, last_mask), last_cache)",
        ),
        "dropout on the last layer's Z too",
        says="dropout belongs to the hidden layers only: the last layer's Z goes to the softmax "
        "as it is",
    ),
    Mistake(
        ref.mlp_loss,
        HIDDEN_BACKWARD,
        "dZ = relu_backward(dA, relu_cache)",
        "the backward pass skips the dropout mask",
        says="the gradient must go back through the dropout mask too: dropout_backward(dA, mask) "
        "before relu_backward",
    ),
    Mistake(
        ref.mlp_loss,
        HIDDEN_BACKWARD,
        "dZ = dropout_backward(dA, mask)",
        "the backward pass skips the ReLU",
        says="the gradient must go back through the ReLU too: relu_backward(..., relu_cache)",
    ),
    Mistake(
        ref.mlp_loss,
        "grads.insert(0, (dW, db))",
        "grads.append((dW, db))",
        "gradients in reverse order, last layer first",
        says="grads are in the order of params, first layer first: the backward pass finds the "
        "last layer's first, so insert each at the front (or reverse the list at the end)",
    ),
    Mistake(
        ref.mlp_loss,
        "cost, dZ = softmax_cross_entropy(Z, Y)",
        "cost, dZ = softmax_cross_entropy(Z, Y)\n    dZ = dZ / len(X)",
        "divides dZ by N again",
        says="softmax_cross_entropy's dZ already holds the 1/N of the mean cost: do not divide "
        "it by N again",
    ),
    Mistake(
        ref.mlp_loss,
        "A, relu_cache = relu_forward(Z)",
        "A, relu_cache = Z, Z",
        "no ReLU in the forward pass",
        says="each hidden layer is linear, then ReLU, then dropout: the ReLU is missing",
    ),
    Mistake(
        ref.mlp_loss,
        "A, mask = dropout_forward(A, p_drop, rng)",
        "A, mask = dropout_forward(A, 0.0, rng)",
        "never drops: dropout_forward called with p_drop = 0",
        says="dropout_forward must get the p_drop given to mlp_loss",
    ),
    # ------------------------------------------------------------------------------- predict
    Mistake(
        ref.predict,
        "np.argmax(Z, axis=1)",
        "np.argmax(Z, axis=0)",
        "argmax over the samples (axis=0)",
        says="one label per sample: the argmax over the classes, axis=1",
    ),
    Mistake(
        ref.predict,
        "np.argmax(Z, axis=1)",
        "np.argmax(Z, axis=1).astype(float)",
        "float labels",
        says="the labels must be integers (np.argmax gives them; do not convert to float)",
    ),
    Mistake(
        ref.predict,
        "Z = linear_forward(A, *params[-1])[0]",
        "Z = relu_forward(linear_forward(A, *params[-1])[0])[0]",
        "a ReLU on the last layer",
        says="the last layer has no ReLU: take the argmax of its Z (a ReLU makes every negative "
        "output 0, and the argmax of equal zeros is the first class)",
    ),
    Mistake(
        ref.predict,
        HIDDEN_PREDICT,
        "A = linear_forward(A, W, b)[0]",
        "no ReLU on the hidden layers",
        says="every hidden layer is linear then ReLU, as in mlp_loss",
    ),
    Mistake(
        ref.predict,
        HIDDEN_PREDICT,
        "A = dropout_forward(relu_forward(linear_forward(A, W, b)[0])[0], 0.5,\n"
        "                            np.random.default_rng(0))[0]",
        "dropout left on at prediction time",
        hint=None,
    ),
    Mistake(
        ref.predict,
        ("A = relu_forward(linear_forward(A, W, b)[0])[0]", "linear_forward(A, *params[-1])[0]"),
        ("A = relu_forward(A @ W)[0]", "A @ params[-1][0]"),
        "the biases left out",
        says="the biases are missing: every layer computes A @ W + b",
    ),
    # ----------------------------------------------------------------------- train_minibatch
    Mistake(
        ref.train_minibatch,
        EPOCH_START,
        "for _ in range(epochs):\n        t, batch_costs = 0, []",
        "Adam's t restarts at every epoch",
        says="Adam's t counts every update since the start of training: do not reset it each epoch",
    ),
    Mistake(
        ref.train_minibatch,
        ("            t += 1  # one Adam step per batch, counted across epochs\n", EPOCH_START),
        ("", "for _ in range(epochs):\n        t += 1\n        batch_costs = []"),
        "t counts epochs, not updates",
        says="t counts the UPDATES (one per batch), not the epochs",
    ),
    Mistake(
        ref.train_minibatch,
        EPOCH_START,
        "for _ in range(epochs):\n"
        "        m = [[np.zeros_like(W), np.zeros_like(b)] for W, b in params]\n"
        "        v = [[np.zeros_like(W), np.zeros_like(b)] for W, b in params]\n"
        "        batch_costs = []",
        "m and v restart from zero at every epoch",
        says="Adam's m and v start at zero once, before the first epoch, and carry over from "
        "epoch to epoch",
    ),
    Mistake(
        ref.train_minibatch,
        "costs.append(np.mean(batch_costs))",
        "costs.append(cost)",
        "costs[e] is the last batch's cost",
        says="costs[e] is the mean of ALL the batch costs of epoch e, not the last one",
    ),
    Mistake(
        ref.train_minibatch,
        ("batch_costs.append(cost)", "costs.append(np.mean(batch_costs))"),
        ("batch_costs.append(cost * len(idx))", "costs.append(np.sum(batch_costs) / len(X))"),
        "costs[e] the mean per sample: batches weighted by their sizes",
        says="costs[e] is the plain mean of the batch costs (each batch counts once, the shorter "
        "last one too)",
    ),
    Mistake(
        ref.train_minibatch,
        (EPOCH_START, "for idx in minibatch_indices(len(X), batch_size, rng):"),
        (
            "batches = minibatch_indices(len(X), batch_size, rng)\n"
            "    for _ in range(epochs):\n        batch_costs = []",
            "for idx in batches:",
        ),
        "the batches drawn once, the same every epoch",
        says="every epoch draws new batches: call minibatch_indices at the start of each epoch",
    ),
    Mistake(
        ref.train_minibatch,
        "mlp_loss(params, X[idx], Y[idx], p_drop, rng)",
        "mlp_loss(params, X[idx], Y[idx])",
        "mlp_loss called without p_drop and rng: no dropout",
        says="pass p_drop and rng on to mlp_loss: without them it trains without dropout",
    ),
    Mistake(
        ref.train_minibatch,
        ADAM_B,
        "m_l[1], v_l[1] = m_l[1], v_l[1]",
        "the biases are never updated",
        says="Adam must update every b as well as every W",
    ),
)
