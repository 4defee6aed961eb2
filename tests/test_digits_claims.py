"""09_digits states its accuracy table in words ("Expected: ..."): the reference, trained as the
notebook trains it, gives those numbers. The notebook's settings are read from its own cell, so
a change there that moves the numbers fails here until its text says the new ones."""

import re

import numpy as np
import pytest

from course.data import load_digits
from grading_tools import notebooks
from grading_tools.assignments.digits import reference as digits
from grading_tools.assignments.pima_diabetes.reference import stratified_split
from tests.support import ROOT

NOTEBOOK = notebooks.read(notebooks.source_notebook(ROOT, "09_digits"))
SOURCE = "\n".join(cell.source for cell in NOTEBOOK.cells)


def settings():
    """(epochs, batch size, learning rate, hidden units), as 09's training cell sets them."""
    found = re.search(r"EPOCHS, BATCH, LR, HIDDEN = (\d+), (\d+), ([\d.]+), (\d+)", SOURCE)
    assert found, "09's training cell no longer sets EPOCHS, BATCH, LR, HIDDEN in one line"
    epochs, batch, lr, hidden = found.groups()
    return int(epochs), int(batch), float(lr), int(hidden)


def expected(starting):
    """The text of the notebook's "Expected:" note that begins with `starting`."""
    for cell in NOTEBOOK.cells:
        text = " ".join(cell.source.split())
        if cell.cell_type == "markdown" and text.startswith(f"**Expected:** {starting}"):
            return text
    raise AssertionError(f"09 has no Expected note starting {starting!r}")


@pytest.fixture(scope="module")
def table():
    """Test accuracies of the majority class, logistic regression and the network, per split."""
    X, y = load_digits()
    X, Y = X / 16, digits.one_hot(y, 10)
    epochs, batch, lr, hidden = settings()
    accuracies = {"majority": [], "logistic": [], "network": []}
    for seed in range(5):
        train, test = stratified_split(y, 0.3, np.random.default_rng(seed))
        accuracies["majority"].append(np.mean(y[test] == np.bincount(y[train]).argmax()))
        for name, layers in (("logistic", []), ("network", [hidden])):
            params = digits.he_init([64, *layers, 10], np.random.default_rng(100 + seed))
            params, _ = digits.train_minibatch(
                params, X[train], Y[train], epochs, batch, lr, np.random.default_rng(200 + seed)
            )
            accuracies[name].append(np.mean(digits.predict(params, X[test]) == y[test]))
    return {name: np.array(values) for name, values in accuracies.items()}


def percent(value):
    return f"{100 * value:.1f} %"


def test_the_accuracy_table_the_notebook_states_is_the_reference_s(table):
    text = expected("test accuracies of")
    for name, label in (
        ("majority", "majority class"),
        ("logistic", "logistic regression"),
        ("network", "network"),
    ):
        stated = f"{percent(table[name].mean())} ± {percent(table[name].std())} ({label}"
        assert stated in text, f"09 should state {stated!r}; it says: {text}"


def test_the_paired_differences_the_notebook_states_are_the_reference_s(table):
    gain = 100 * (table["network"] - table["logistic"])
    text = expected("test accuracies of")
    assert f"ahead on all five splits, by +{gain.min():.1f} to +{gain.max():.1f}" in text
    assert f"(mean +{gain.mean():.1f})" in text
    assert (gain > 0).all()
