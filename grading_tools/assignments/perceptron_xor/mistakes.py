"""The mistakes students make in perceptron_xor, written once as patches of the reference
(grading_tools.judge.mistakes): the hidden checks name them, the mutant catalogue proves
them caught, and bugsy makes the one marked `demo`."""

from ...judge.mistakes import Mistake
from . import reference as ref

STEP_RETURNS = "np.where(np.asarray(z) >= 0, 1.0, 0.0)"
UPDATES = ("lr * (target - y_hat) * x", "b + lr * (target - y_hat)")
SAMPLE_LOOP = """        for x, target in zip(X, y):
            y_hat = step(x @ w + b)
            w = w + lr * (target - y_hat) * x    # w += lr (y - y_hat) x
            b = b + lr * (target - y_hat)        # b += lr (y - y_hat)
            mistakes += int(y_hat != target)
"""
XOR_OUTPUT = 'return perceptron_predict(hidden, *gate_weights("NOR"))'
MISTAKES = (
    Mistake(
        ref.step,
        "np.asarray(z) >= 0",
        "np.asarray(z) > 0",
        "a tie z == 0 gives 0 (> instead of >=)",
        says="step(0) must be 1: the tie z == 0 fires (use >=, not >)",
    ),
    Mistake(
        ref.step,
        STEP_RETURNS,
        "np.sign(z)",
        "np.sign: -1 for negative z",
        says="np.sign gives -1 for negative z; the step gives 0",
    ),
    Mistake(
        ref.step,
        STEP_RETURNS,
        "np.heaviside(z, 0.0)",
        "np.heaviside with 0 at the tie",
        hint="step(0) must be 1",
    ),
    Mistake(ref.step, STEP_RETURNS, "1.0 if z >= 0 else 0.0", "Python if/else: fails on arrays"),
    Mistake(
        ref.step,
        STEP_RETURNS,
        "np.array([0.0, 0.0, 1.0, 1.0, 1.0])",
        "hard-codes the visible example",
    ),
    Mistake(
        ref.step,
        f"return {STEP_RETURNS}",
        "z[...] = np.where(z >= 0, 1.0, 0.0)\n    return z",
        "overwrites z in place",
    ),
    Mistake(
        ref.step,
        STEP_RETURNS,
        "np.array([1.0 if v >= 0 else 0.0 for v in np.ravel(z)])",
        "flattens its input",
    ),
    Mistake(
        ref.perceptron_predict,
        "X @ w + b",
        "X @ w - b",
        "subtracts the bias",
        says="the bias is subtracted: the perceptron computes X @ w + b",
    ),
    Mistake(
        ref.perceptron_predict,
        "step(X @ w + b)",
        "np.where(X @ w + b > 0, 1.0, 0.0)",
        "strict inequality at the boundary",
        says="points on the line (X @ w + b == 0) must be classified 1 (use >=)",
    ),
    Mistake(ref.perceptron_predict, "X @ w + b)", "w @ X + b)", "w @ X: rows and columns confused"),
    Mistake(
        ref.perceptron_predict, "X @ w + b)", "np.sum(X * w) + b)", "sums over the whole batch"
    ),
    Mistake(
        ref.perceptron_predict,
        "X @ w + b)",
        "X[:, 0] * w[0] + X[:, 1] * w[1] + b)",
        "assumes exactly two features",
    ),
    Mistake(ref.perceptron_predict, "step(X @ w + b)", "X @ w + b", "returns z, forgets the step"),
    Mistake(
        ref.perceptron_predict,
        "X @ w + b)",
        "X @ w)",
        "ignores the bias",
        says="the bias is left out: the perceptron computes step(X @ w + b)",
    ),
    Mistake(
        ref.perceptron_train,
        UPDATES,
        ("lr * (y_hat - target) * x", "b + lr * (y_hat - target)"),
        "the update has the wrong sign",
        says="the update has the wrong sign: w += lr * (y - y_hat) * x",
    ),
    Mistake(
        ref.perceptron_train,
        "lr * (target - y_hat) * x",
        "lr * (y_hat - target) * x",
        "the weight update has the wrong sign, the bias's is right",
        hint=None,
        demo=True,
    ),
    Mistake(
        ref.perceptron_train,
        "y_hat = step(x @ w + b)",
        "y_hat = 1.0 if x @ w + b > 0 else 0.0",
        "predicts with > 0 (ties go to 0)",
        says="a tie (x @ w + b == 0) must predict 1: use the step with >=",
    ),
    Mistake(
        ref.perceptron_train,
        "        if mistakes == 0:\n            break\n",
        "",
        "never stops early",
        says="training must stop after the first epoch with zero errors",
    ),
    Mistake(
        ref.perceptron_train,
        "        errors.append(mistakes)",
        "        mistakes = int(np.sum(step(X @ w + b) != y))\n        errors.append(mistakes)",
        "counts the mistakes after the epoch's updates",
        says="the mistakes are counted after the epoch's updates: count each one as it "
        "happens, before the update that corrects it",
    ),
    Mistake(
        ref.perceptron_train,
        "b = b + lr * (target - y_hat)",
        "b = b - lr * (target - y_hat)",
        "the bias moves the wrong way: b -= lr * (y - y_hat)",
        says="the bias update has the wrong sign: b += lr * (y - y_hat), the same direction as w",
    ),
    Mistake(
        ref.perceptron_train,
        "            b = b + lr * (target - y_hat)        # b += lr (y - y_hat)\n",
        "",
        "never updates the bias",
        says="the bias is never updated: b += lr * (y - y_hat), like the weights",
    ),
    Mistake(
        ref.perceptron_train,
        UPDATES,
        ("lr * target * (y_hat != target) * x", "b + lr * target * (y_hat != target)"),
        "updates by lr * y * x on a mistake, ignoring the prediction's error",
    ),
    Mistake(
        ref.perceptron_train,
        SAMPLE_LOOP,
        "        residual = y - step(X @ w + b)\n"
        "        w, b = w + lr * residual @ X, b + lr * residual.sum()\n"
        "        mistakes = int(np.sum(residual != 0))\n",
        "one batch update per epoch instead of one per sample",
    ),
    Mistake(
        ref.perceptron_train,
        "range(max_epochs)",
        "range(max_epochs - 1)",
        "runs one epoch too few",
        hint="off-by-one",
    ),
    Mistake(
        ref.perceptron_train,
        "w, b = np.zeros(X.shape[1]), 0.0",
        "w, b = X[0], 0.0\n    w *= 0",
        "w = X[0], then w *= 0: zeroes X's first row",
    ),
    Mistake(
        ref.xor_network,
        XOR_OUTPUT,
        "return np.array([0.0, 1.0, 1.0, 0.0])",
        "hard-codes the truth table",
        says="the answer ignores X: is the truth table hard-coded?",
    ),
    Mistake(
        ref.xor_network,
        XOR_OUTPUT,
        XOR_OUTPUT.replace("NOR", "OR"),
        "OR as the output gate: XNOR",
        says="this is XNOR: every output is inverted (check the output layer's gate)",
    ),
    Mistake(ref.xor_network, XOR_OUTPUT, "return hidden[:, 0]", "only the first layer (AND)"),
    Mistake(ref.xor_network, XOR_OUTPUT, "return hidden", "returns the hidden layer"),
    Mistake(
        ref.xor_network,
        "np.column_stack",
        "np.vstack",
        "the hidden layer fed to NOR as a row, not columns",
    ),
    Mistake(
        ref.xor_network,
        'gate_weights("AND")),\n        perceptron_predict(X, *gate_weights("NOR"))',
        'gate_weights("OR")),\n        perceptron_predict(X, *gate_weights("NAND"))',
        "OR and NAND, combined with NOR",
    ),
)
