"""The three demo students of `make demo` and how each completes a release notebook.

- ada submits the instructor's solutions (full marks);
- blank submits the release notebook untouched (zero);
- bugsy submits the solutions with one plausible mistake per notebook (partial marks).
"""

from dataclasses import dataclass

from . import notebooks

STUDENTS = ("ada", "blank", "bugsy")


@dataclass(frozen=True)
class Bug:
    """bugsy's mistake in one solution cell: `old` text of the instructor's solution becomes `new`."""

    cell: str
    old: str
    new: str
    what: str


BUGS = {
    "01_perceptron_xor": Bug("perceptron_train", "lr * (target - y_hat) * x", "lr * (y_hat - target) * x",
                             "the weight update has the wrong sign"),
    "02_sigmoid_networks": Bug("zscore", "X.std(axis=0)", "X.std(axis=0, ddof=1)",
                               "the sample standard deviation (ddof=1) instead of the population one"),
    "03_chain_rule": Bug("identity_neuron_step", "w - lr * grad", "w + lr * grad",
                         "the update adds the gradient (gradient ascent)"),
    "04_backprop": Bug("train_gd",
                       "costs.append(mse_cost(Y_hat, Y))\n"
                       "        params = gd_step(params, backward(Y, params, cache), lr)",
                       "params = gd_step(params, backward(Y, params, cache), lr)\n"
                       "        costs.append(mse_cost(forward(X, params)[0], Y))",
                       "the cost is recorded after the update instead of before it"),
    "05_termination": Bug("train_with_stopping", "waited >= patience", "waited > patience",
                          "early stopping waits one epoch too many (patience off by one)"),
    "06_vanishing_gradients": Bug("layer_grad_norms", "np.linalg.norm(dW)", "np.linalg.norm(dW, 2)",
                                  "the spectral norm (ord=2) instead of the Frobenius norm"),
    "07_optimizers": Bug("adam_update", "m_hat = m_new / (1 - beta1 ** t)", "m_hat = m_new",
                         "Adam's m is not bias-corrected"),
    "08_pima_diabetes": Bug("confusion_matrix", "2 * t + p", "2 * p + t",
                            "the confusion matrix is transposed: [[TN, FN], [FP, TP]]"),
}


def with_bug(answers, bug):
    """The answers with bugsy's mistake written into one of them."""
    code = answers[bug.cell]
    if code.count(bug.old) != 1:
        raise ValueError(f"bugsy's mistake no longer applies: {bug.old!r} should appear once in the "
                         f"solution of {bug.cell}; update BUGS in {__name__}.")
    return {**answers, bug.cell: code.replace(bug.old, bug.new)}


def submission(student, fetched, source, assignment):
    """The notebook `student` submits: their `fetched` copy, completed with the `source` solutions."""
    if student == "blank":
        return fetched
    answers = notebooks.solutions(source)
    if student == "bugsy":
        answers = with_bug(answers, BUGS[assignment])
    return notebooks.complete(fetched, answers)
