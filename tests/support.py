"""What the tests share: where the course is, the exercise contract, and running notebooks."""

import contextlib
import os
import sys
import time
import warnings
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell

from grading_tools import registry

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENTS = registry.assignments(ROOT)

# The exercise contract (shared/spec/EXERCISES.md): assignment -> graded function signatures.
# The tests hold the course to it; the course itself finds its assignments in the folders
# (grading_tools.registry).
CONTRACT = {
    "01_perceptron_xor": [
        "step(z)",
        "perceptron_predict(X, w, b)",
        "gate_weights(gate)",
        "perceptron_train(X, y, lr=1.0, max_epochs=100)",
        "xor_network(X)",
    ],
    "02_sigmoid_networks": [
        "sigmoid(z)",
        "sigmoid_prime(z)",
        "softmax(Z)",
        "zscore(X, mean=None, std=None)",
        "init_params(layer_sizes, rng)",
        "forward(X, params)",
        "mse_cost(Y_hat, Y)",
    ],
    "03_chain_rule": [
        "numerical_derivative(f, x, h=1e-05)",
        "numerical_gradient(f, x, h=1e-05)",
        "relative_error(a, b)",
        "add_gate(x, y)",
        "mul_gate(x, y)",
        "graph_forward_backward(x, y, z)",
        "neuron_grad(x, w, b)",
        "identity_neuron_step(x, w, y, lr)",
    ],
    "04_backprop": [
        "output_delta(A_L, Z_L, Y)",
        "hidden_delta(delta_next, W_next, Z)",
        "backward(Y, params, cache)",
        "gd_step(params, grads, lr)",
        "train_gd(X, Y, params, lr, epochs)",
        "softmax_cross_entropy(Z, Y)",
    ],
    "05_termination": [
        "iterations_per_epoch(n_samples, batch_size)",
        "k_fold_indices(n_samples, k, rng)",
        "train_with_stopping(X, Y, params, lr, max_epochs, cost_tol=None, grad_tol=None, "
        "X_val=None, Y_val=None, patience=None)",
        "l2_penalty(params, lam)",
        "weight_decay_step(params, grads, lr, lam)",
    ],
    "06_vanishing_gradients": [
        "tanh_prime(z)",
        "relu(z)",
        "relu_prime(z)",
        "leaky_relu(z, alpha=0.01)",
        "leaky_relu_prime(z, alpha=0.01)",
        "forward_act(X, params, act)",
        "backward_act(Y, params, cache, act)",
        "layer_grad_norms(grads)",
    ],
    "07_optimizers": [
        "sgd_update(w, dw, lr)",
        "momentum_update(w, dw, v, lr, beta)",
        "rmsprop_update(w, dw, s, lr, beta=0.9, eps=1e-08)",
        "adam_update(w, dw, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-08)",
        "minibatch_indices(n_samples, batch_size, rng)",
    ],
    "08_pima_diabetes": [
        "impute_zeros(X_train, X_other, columns)",
        "stratified_split(y, test_fraction, rng)",
        "binary_cross_entropy(P, Y)",
        "accuracy(y_true, y_pred)",
        "confusion_matrix(y_true, y_pred)",
        "roc_auc(y_true, scores)",
    ],
    "09_digits": [
        "one_hot(y, n_classes)",
        "he_init(layer_sizes, rng)",
        "linear_forward(A_prev, W, b)",
        "linear_backward(dZ, cache)",
        "relu_forward(Z)",
        "relu_backward(dA, cache)",
        "dropout_forward(A, p_drop, rng)",
        "dropout_backward(dA, mask)",
        "mlp_loss(params, X, Y, p_drop=0.0, rng=None)",
        "predict(params, X)",
        "train_minibatch(params, X, Y, epochs, batch_size, lr, rng, p_drop=0.0)",
    ],
}


def function_names(assignment):
    return [signature.split("(")[0] for signature in CONTRACT[assignment]]


def execute(notebook, cwd):
    """Run a notebook top to bottom in a fresh kernel, errors included; return (notebook,
    seconds)."""
    os.environ.setdefault("MPLBACKEND", "agg")  # figures are not what these tests look at
    notebook = nbformat.from_dict(notebook)
    start = time.perf_counter()
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(cwd)}},
    ).execute()
    return notebook, time.perf_counter() - start


def error_outputs(cell):
    """The outputs of a code cell that nbgrader counts as a failure (errors and stderr)."""
    return [
        o
        for o in cell.get("outputs", [])
        if o.output_type == "error" or (o.output_type == "stream" and o.name == "stderr")
    ]


def submit(root, student, assignment, notebook):
    """Place a submission where `nbgrader collect` would have put it."""
    folder = Path(root) / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, str(folder / f"{assignment}.ipynb"))
    return folder


def student_summary(summary, student):
    """The lines of a grade summary about one student."""
    lines = summary.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"  {student} "))
    end = next(
        (i for i in range(start + 1, len(lines)) if not lines[i].startswith("      ")), len(lines)
    )
    return "\n".join(lines[start:end])


def graded_cell(source, grade_id="test_step", outputs=()):
    """A test cell as nbgrader marks it in a submission: graded, locked, one point."""
    cell = new_code_cell(source, outputs=list(outputs))
    cell.metadata["nbgrader"] = {
        "grade": True,
        "solution": False,
        "locked": True,
        "grade_id": grade_id,
        "points": 1,
        "schema_version": 3,
    }
    return cell


@contextlib.contextmanager
def new_gradebook(url, course_id="nn-course"):
    """A gradebook at `url` (nbgrader's API), made as nbgrader makes one: it runs `alembic` from
    PATH, which is this environment's; nbgrader's SQLAlchemy warnings are silenced."""
    from nbgrader.api import Gradebook

    path = os.environ["PATH"]
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + path
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Gradebook(url, course_id) as gradebook:
                yield gradebook
    finally:
        os.environ["PATH"] = path
