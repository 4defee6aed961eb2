"""Cells that use your functions check first that the exercises are done.

`needs("sigmoid", "forward")`, at the top of a figure or widget cell, ends the cell with one line
— "Finish sigmoid and forward (exercises 1 and 6) first, then run this cell again." — while any of
those functions is missing or still the stub that raises NotImplementedError. The cell then counts
as run without error, so Run All (or Validate) goes on with the next cell.
"""

import dis
import inspect
import sys

from . import failures
from .failures import ExercisesNotDone

# Each graded function's exercise number in its notebook (the headings "### Exercise N ...").
EXERCISES = {
    # 01_perceptron_xor
    "step": 1,
    "perceptron_predict": 2,
    "gate_weights": 3,
    "perceptron_train": 4,
    "xor_network": 5,
    # 02_sigmoid_networks
    "sigmoid": 1,
    "sigmoid_prime": 2,
    "softmax": 3,
    "zscore": 4,
    "init_params": 5,
    "forward": 6,
    "mse_cost": 7,
    # 03_chain_rule
    "numerical_derivative": 1,
    "numerical_gradient": 2,
    "relative_error": 3,
    "add_gate": 4,
    "mul_gate": 4,
    "graph_forward_backward": 5,
    "neuron_grad": 6,
    "identity_neuron_step": 7,
    # 04_backprop
    "output_delta": 1,
    "hidden_delta": 2,
    "backward": 3,
    "gd_step": 4,
    "train_gd": 5,
    "softmax_cross_entropy": 6,
    # 05_termination
    "iterations_per_epoch": 1,
    "train_with_stopping": 2,
    "l2_penalty": 3,
    "weight_decay_step": 3,
    "k_fold_indices": 4,
    # 06_vanishing_gradients
    "tanh_prime": 1,
    "relu": 2,
    "relu_prime": 2,
    "leaky_relu": 2,
    "leaky_relu_prime": 2,
    "forward_act": 3,
    "backward_act": 4,
    "layer_grad_norms": 5,
    # 07_optimizers
    "sgd_update": 1,
    "minibatch_indices": 1,
    "momentum_update": 2,
    "rmsprop_update": 2,
    "adam_update": 3,
    # 08_pima_diabetes
    "stratified_split": 1,
    "impute_zeros": 2,
    "accuracy": 3,
    "confusion_matrix": 3,
    "binary_cross_entropy": 4,
    "cross_entropy_delta": 4,  # ungraded: BP1, derived and checked numerically in the notebook
    "train_classifier": 5,
    "roc_auc": 6,
    # 09_digits
    "one_hot": 1,
    "he_init": 2,
    "linear_forward": 3,
    "linear_backward": 3,
    "relu_forward": 4,
    "relu_backward": 4,
    "dropout_forward": 5,
    "dropout_backward": 5,
    "mlp_loss": 6,
    "predict": 7,
    "train_minibatch": 8,
}


def needs(*names):
    """Stop the cell here, with one friendly line, unless the functions `names` are finished.

    A function is finished when it is defined and does not start with `raise
    NotImplementedError()` (nor calls, by name, a function of the notebook that does). Nothing is
    run: the check only reads the functions' code, so it costs nothing.
    """
    namespace = sys._getframe(1).f_globals
    unfinished, undefined = [], False
    for name in names:
        for found, defined in _unfinished(name, namespace, set()):
            if found not in unfinished:
                unfinished.append(found)
                undefined = undefined or not defined
    if not unfinished:
        return
    raise _skip(_finish_message(unfinished, undefined))


def _unfinished(name, namespace, seen):
    """[(name, defined)] of the unfinished functions among `name` and the notebook functions it
    calls."""
    if name in seen:
        return []
    seen.add(name)
    function = namespace.get(name)
    if not callable(function):
        return [(name, False)]
    code = getattr(function, "__code__", None)
    if code is None or getattr(function, "__globals__", None) is not namespace:
        return []  # a library function, or one imported from elsewhere: finished
    if _is_stub(code):
        return [(name, True)]
    found = []
    for called in _global_names(code):
        if isinstance(namespace.get(called), type(needs)):
            found += _unfinished(called, namespace, seen)
    return found


def _is_stub(code):
    """True if the function's first statement raises NotImplementedError (nbgrader's stub)."""
    skip = {"RESUME", "NOP", "COPY_FREE_VARS", "MAKE_CELL", "EXTENDED_ARG", "CACHE"}
    first = next((i for i in dis.get_instructions(code) if i.opname not in skip), None)
    return first is not None and first.argval == "NotImplementedError"


def _global_names(code):
    names = list(code.co_names)
    for const in code.co_consts:  # lambdas and nested functions
        if inspect.iscode(const):
            names += _global_names(const)
    return names


def _finish_message(unfinished, undefined):
    unfinished = sorted(unfinished, key=lambda n: EXERCISES.get(n, len(EXERCISES)))
    numbers = list(dict.fromkeys(str(EXERCISES[n]) for n in unfinished if n in EXERCISES))
    which = _and(unfinished)
    if numbers:
        which += f" ({'exercise' if len(numbers) == 1 else 'exercises'} {_and(numbers)})"
    run = f" and run {'its cell' if len(unfinished) == 1 else 'their cells'}" if undefined else ""
    return f"Finish {which}{run} first, then run this cell again."


def _and(words):
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _skip(message):
    """The exception that ends the cell; in IPython, shown as one line and not counted as an
    error (course.failures handles it)."""
    failures.install()
    return ExercisesNotDone(message)
