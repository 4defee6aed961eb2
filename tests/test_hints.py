"""Proof that the hidden tests' hints name the real mistake: every catalogued mutant that declares
the mistake it stands for gets that hint and no other (tests/mutants/hints.py grades it), and a
function that calls a wrong graded function is not blamed for it.

`python -m tests.mutants --hints` prints the same accuracy as a table.
"""

import types

import pytest

from course import hidden
from grading_tools import registry
from grading_tools.judge import Mismatch, catalog, evaluate, hidden_cases, verify_record
from tests.mutants.catalogue import UNDECLARED, entries
from tests.mutants.hints import (
    declared,
    failure,
    grade,
    hints_in,
    visible_hints_in,
    visible_messages,
)

ENTRIES = entries()
SPECS = catalog.all_specs()

# Mutants whose message still offers a wrong hint, and why the evidence cannot tell.
KNOWN_WRONG = {
    "confusion_matrix: np.unique's counts: a missing class shifts the cells": (
        "on the one hidden case it gets wrong, its answer is exactly the transpose of the right one"
    ),
}


def test_every_mutant_declares_its_hint():
    assert [e.label for e in ENTRIES if not e.correct and e.hint is UNDECLARED] == []


@pytest.mark.parametrize("entry", declared(), ids=lambda e: e.label)
def test_a_mutant_gets_the_hint_of_its_mistake_and_no_other(entry):
    if entry.label in KNOWN_WRONG:
        pytest.xfail(KNOWN_WRONG[entry.label])
    told = failure(entry)
    assert told is not None, "the hidden tests accept this mutant"
    verdict = grade(entry, told)
    expected = "no hint" if entry.hint is None else f"a hint containing {entry.hint!r}"
    assert verdict == "right", f"expected {expected}, got {verdict}:\n{told.message}"


def _with(spec, dependency, fn):
    """The reference of `spec` calling `fn` in place of its `dependency` (as in a notebook, where
    a student's function calls the student's own other functions)."""
    function, caller = spec.reference, spec.name
    return types.FunctionType(
        function.__code__, {**function.__globals__, dependency: fn}, caller, function.__defaults__
    )


CALLS = [
    (spec, dependency, entry)
    for (assignment, _), spec in SPECS.items()
    for dependency in spec.uses
    for entry in ENTRIES
    if (entry.assignment, entry.function) == (assignment, dependency)
    if not entry.correct and dependency in spec.reference.__code__.co_names
]


@pytest.mark.parametrize(
    "spec, dependency, entry", CALLS, ids=[f"{s.name} with {e.label}" for s, _, e in CALLS]
)
def test_a_caller_with_a_wrong_dependency_is_not_blamed_for_it(spec, dependency, entry):
    """Alone, the caller's message says first to check what it calls (its own hints may describe
    the effect, which it cannot tell from a slip of its own); once the dependency's own test is
    known to have failed, it says to fix that one first and offers no hint at all."""
    fn, caller, assignment = _with(spec, dependency, entry.fn), spec.name, spec.assignment
    try:
        record = evaluate(assignment, caller, fn)
    except Mismatch as wrong:
        text = str(wrong)
    else:
        return  # the wrong dependency does not change the caller's results on its hidden cases
    if "modified its argument" in text or " raised " in text:
        return
    assert f"first: {caller} calls your {' and '.join(spec.uses)}" in text, text
    record = hidden.run(caller, fn, hidden_cases(assignment, caller))
    told = verify_record(assignment, caller, record, failed={dependency})
    assert told.fix_first == (dependency,) and not hints_in(told), told.message
    assert f"fix {dependency} first" in told.message, told.message


def test_the_hint_lines_are_unambiguous():
    """No known hint holds the line prefixes that separate hints."""
    for spec in SPECS.values():
        for mistake in spec.mistakes:
            assert "\n" not in mistake.hint and not mistake.hint.startswith("or: "), mistake.hint


# --------------------------------------------------------------------- the visible tests
def _visible_failures(mutant):
    """Run the notebook's given cells, solutions and visible tests in-process, in the release's
    folder (with its known_mistakes.json, as a student's kernel), with `mutant` in place of its
    function's solution; return {test id: the message a notebook shows} of the visible tests
    that fail."""
    import os

    import nbformat

    import course.progress
    from course import failures as explained
    from tests.mutants.catalogue import source
    from tests.mutants.hints import _compiled, _run
    from tests.support import ROOT

    path = ROOT / "source" / mutant.assignment / f"{mutant.assignment}.ipynb"
    notebook = nbformat.read(path, 4)
    course.progress._passed.clear()
    namespace, failures, here = {}, {}, os.getcwd()
    os.chdir(ROOT / "release" / mutant.assignment)
    try:
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code" or "demo" in cell.metadata.get("tags", []):
                continue
            info = cell.metadata.get("nbgrader", {})
            visible = cell.source.split("### BEGIN HIDDEN TESTS")[0]
            failed = _run(_compiled(visible, f"<cell {index}>"), namespace, explained)
            if failed and info.get("grade"):
                failures[info["grade_id"]] = failed
            if info.get("solution") and info.get("grade_id") == mutant.function:
                _run(_compiled(source(mutant), f"<mutant {mutant.label}>"), namespace)
    finally:
        os.chdir(here)
    return failures


VISIBLE = [  # (the mutant's label, a visible test, what its failure must say, what it must not)
    (
        "output_delta: Y - A: the sign is flipped",
        "test_backward",
        "fix `output_delta` first",
        "hint:",
    ),
    (  # the first broken function of the chain train_gd -> backward -> output_delta
        "output_delta: 2 (A - Y): the derivative of the cost without its 1/2",
        "test_train_gd",
        "fix `output_delta` first",
        "BEFORE",
    ),
    (  # a known mistake, named with its hint, and no other
        "sigmoid: the stable branches swapped: sigmoid(-z)",
        "test_sigmoid",
        "hint: your answer is what `sigmoid` gives with a known mistake: the sign of z is flipped",
        "hint: the sign is flipped (e.g.",
    ),
    (
        "hidden_delta: forgets sigma'(Z)",
        "test_hidden_delta",
        "known mistake: the factor sigmoid_prime(Z) is missing",
        "delta_next @ W_next.T",
    ),
    (  # a shape error inside the student's function: named, with the shapes and the check's hint
        "hidden_delta: missing transpose: delta_next @ W_next",
        "test_hidden_delta",
        "shapes on that line: delta_next (1, 2), W_next (3, 2), Z (1, 3)\n"
        "  while checking: hidden_delta for 3 neurons feeding 2\n"
        "  hint: sum over the next layer's neurons: delta_next @ W_next.T",
        "Traceback",
    ),
    (
        "gd_step: adds the gradient (climbs the cost)",
        "test_train_gd",
        "fix `gd_step` first",
        "BEFORE",
    ),
    (
        "train_gd: records the cost after each update",
        "test_train_gd",
        "the cost BEFORE update e",
        "fix",
    ),
    (
        "mul_gate: local gradients swapped: (x, y)",
        "test_graph_forward_backward",
        "fix `mul_gate` first",
        "hint:",
    ),
    (
        "tanh_prime: 1 - tanh(z): the square is missing",
        "test_backward_act",
        "fix `tanh_prime` first",
        "hint:",
    ),
    (
        "perceptron_train: the bias moves the wrong way: b -= lr * (y - y_hat)",
        "test_perceptron_train",
        "no epoch ends without a mistake",
        "stop after the first epoch",
    ),
    (
        "numerical_gradient: nudges x in place and never restores it",
        "test_numerical_gradient",
        "changed its argument",
        "expected 1.99998",
    ),
    ("forward: forgets the bias", "test_forward", "known mistake: the bias is missing", "fix"),
    (
        "forward: no sigmoid on the output layer",
        "test_forward",
        "the output layer needs its sigmoid",
        "fix",
    ),
    ("softmax: normalizes each column (axis=0)", "test_softmax", "axis=1", "fix"),
    (
        "numerical_derivative: forward difference (f(x+h) - f(x)) / h",
        "test_numerical_derivative",
        "central difference",
        "fix",
    ),
    (
        "k_fold_indices: no shuffle: folds of 0, 1, ..., n-1",
        "test_k_fold_indices",
        "known mistake: the folds must come from rng.permutation(n_samples)",
        "fix",
    ),
]


@pytest.mark.parametrize(
    "label, test, says, not_says", VISIBLE, ids=[f"{v[0]} in {v[1]}" for v in VISIBLE]
)
def test_the_visible_tests_name_the_real_mistake(label, test, says, not_says):
    mutant = next(e for e in ENTRIES if e.label == label and not e.correct)
    failures = _visible_failures(mutant)
    assert test in failures, f"{test} passes with {mutant.label}"
    assert says in failures[test] and not_says not in failures[test], failures[test]


CALLERS = [
    (assignment, caller, callee)
    for (assignment, caller), spec in SPECS.items()
    for callee in spec.uses
]


@pytest.mark.parametrize(
    "assignment, caller, callee", CALLERS, ids=[f"{c[1]} calls {c[2]}" for c in CALLERS]
)
def test_a_wrong_callee_is_named_by_the_caller_s_visible_test(assignment, caller, callee):
    """With a mutant of a function it calls (the first in the catalogue that fails its own
    visible test and the caller's), the caller's visible test says to fix that function first
    (or, when it raised, that it raised), and offers no hint of its own."""
    mutants = [
        e for e in ENTRIES if not e.correct and (e.assignment, e.function) == (assignment, callee)
    ]
    for mutant in mutants[:4]:
        failures = _visible_failures(mutant)
        if f"test_{callee}" in failures and f"test_{caller}" in failures:
            told = failures[f"test_{caller}"]
            first = next((line for line in told.splitlines() if "  fix " in line), "")
            raised = told.replace("\x1b[0;31m", "").startswith(f"{callee} raised ")
            assert (f"`{callee}`" in first or raised) and "hint:" not in told, told
            return
    pytest.skip(f"none of the first mutants of {callee} fails {caller}'s visible test")


# Mutants whose visible message names a known mistake that the catalogue does not declare, and
# why: the visible inputs cannot tell them apart, or the name is right where the hidden tests,
# which declare the catalogue's hints, could not tell.
VISIBLE_KNOWN_WRONG = {
    "perceptron_predict: assumes exactly two features": (
        "on the visible tie (two features) it answers as `>` instead of `>=` does"
    ),
    "relative_error: relative to b only": (
        "on the visible (1, 3) it answers as max(|a|, |b|) in the denominator does"
    ),
    "k_fold_indices: strided folds perm[i::k]": (
        "the same folds as the catalogued strided-folds patch, whose hint is the one named"
    ),
    "impute_zeros: modifies its inputs in place": (
        "writing the means into an integer input truncates them: the hint named is also true"
    ),
    "train_classifier: Adam's step t starts at 0": (
        "the hint named (t must start at 1) is right; the hidden tests cannot tell it apart"
    ),
    "relu_forward: in place: A = Z; A[A < 0] = 0": (
        "Z, changed in place, becomes A: the cache holds A's values, as the hint named says"
    ),
}


@pytest.mark.parametrize("assignment", registry.assignments())
def test_a_visible_test_names_a_known_mistake_only_where_it_was_made(assignment):
    """Every visible message that names a known mistake names the mutant's own mistake."""
    mutants = [e for e in declared() if e.assignment == assignment]
    messages = visible_messages(assignment, mutants)
    wrong = [
        f"{entry.label}:\n{messages[entry.label]}"
        for entry in mutants
        if "with a known mistake" in (messages.get(entry.label) or "")
        and grade(entry, messages[entry.label], visible_hints_in) != "right"
        and entry.label not in VISIBLE_KNOWN_WRONG
    ]
    assert not wrong, "\n\n".join(wrong)
