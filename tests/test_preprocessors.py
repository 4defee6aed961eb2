"""The grader's re-check after execution (VerifyHiddenChecks), on executed notebooks built by
hand."""

import nbformat
import numpy as np
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from course.hidden import MIME, encode, run
from grading_tools import registry
from grading_tools.judge import catalog, evaluate, hidden_cases
from grading_tools.judge.failure import attached
from grading_tools.nbgrader_plugins.preprocessors import VerifyHiddenChecks
from grading_tools.notebooks import checked_functions
from tests.support import graded_cell

A01 = "01_perceptron_xor"
RESOURCES = {"nbgrader": {"assignment": A01}}  # what nbgrader tells every preprocessor

TEST_SOURCE = (
    'expect_close(step(0.0), 1.0, "step(0)")\n'
    '### BEGIN HIDDEN TESTS\ncheck("step", step)\n### END HIDDEN TESTS'
)


def graded_test_cell(outputs):
    return graded_cell(TEST_SOURCE, outputs=outputs)


def solution_cell(source="def step(z):\n    return np.where(z >= 0, 1.0, 0.0)"):
    cell = new_code_cell(source)
    cell.metadata["nbgrader"] = {
        "grade": False,
        "solution": True,
        "locked": False,
        "grade_id": "step",
        "schema_version": 3,
    }
    return cell


def step_record():
    """The record that the reference step leaves in its test cell."""
    return evaluate(A01, "step", registry.module("reference", A01).step)


def record_output(record):
    return new_output("display_data", data={MIME: record, "text/plain": "hidden tests passed"})


def regraded(*cells):
    """The cells after the preprocessor; returns the test cell's error names."""
    notebook = new_notebook(cells=list(cells))
    VerifyHiddenChecks().preprocess(notebook, RESOURCES)
    test = [c for c in notebook.cells if c.metadata["nbgrader"].get("grade")][0]
    return [o.ename for o in test.outputs if o.output_type == "error"], test


def failure_of(cell):
    """The Failure the preprocessor kept for the cell's last error output."""
    return attached(cell, cell.outputs[-1])


def test_a_genuine_passing_record_keeps_the_points():
    errors, _ = regraded(solution_cell(), graded_test_cell([record_output(step_record())]))
    assert errors == []


def test_a_test_cell_without_its_record_fails():
    errors, cell = regraded(solution_cell(), graded_test_cell([]))
    assert errors == ["HiddenTestFailed"]
    assert "left no record" in "\n".join(cell.outputs[-1].traceback)
    assert (failure_of(cell).kind, failure_of(cell).function) == ("no_record", "step")


def test_a_record_of_wrong_results_fails_even_if_the_kernel_passed_it():
    record = step_record()
    for outcome, case in zip(record["cases"], catalog.specs(A01)["step"].cases()):
        outcome["result"] = encode(np.where(case.args[0] > 0, 1.0, 0.0))
    errors, cell = regraded(solution_cell(), graded_test_cell([record_output(record)]))
    assert errors == ["HiddenTestFailed"]
    assert "step(0) must be 1" in "\n".join(cell.outputs[-1].traceback)


def test_the_error_shows_the_verdict_s_message_and_the_cell_keeps_the_verdict_as_data():
    """The student reads the Failure's message, unchanged; the report reads its fields from the
    cell's metadata (nbformat allows no metadata on an error output), and the notebook stays
    valid."""
    record = step_record()
    for outcome, case in zip(record["cases"], catalog.specs(A01)["step"].cases()):
        outcome["result"] = encode(np.where(case.args[0] > 0, 1.0, 0.0))
    notebook = new_notebook(cells=[solution_cell(), graded_test_cell([record_output(record)])])
    VerifyHiddenChecks().preprocess(notebook, RESOURCES)
    cell = notebook.cells[1]
    told = failure_of(cell)
    error = cell.outputs[-1]
    assert error.evalue == told.title
    assert error.traceback == [f"HiddenTestFailed: {told.title}", *told.message.splitlines()]
    assert (told.kind, told.function) == ("wrong", "step")
    assert told.hints and all(h in told.message for h in told.hints)
    nbformat.validate(nbformat.from_dict(nbformat.reads(nbformat.writes(notebook), 4)))


def test_an_extra_record_from_the_submission_fails():
    fake = record_output({"check": "xor_network", "results": []})
    errors, cell = regraded(solution_cell(), graded_test_cell([record_output(step_record()), fake]))
    assert errors == ["HiddenTestFailed"] and failure_of(cell).kind == "unexpected_record"


def test_a_result_value_in_a_test_cell_cannot_become_a_score():
    """nbgrader reads a number printed first in a test cell as partial credit; here it fails."""
    result = new_output("execute_result", data={"text/plain": "1.0"}, execution_count=1)
    test = graded_test_cell([result, record_output(step_record())])
    errors, cell = regraded(solution_cell(), test)
    assert errors == ["ResultInTestCell"]
    assert all(o.output_type != "execute_result" for o in cell.outputs)
    assert failure_of(cell).kind == "result_in_test_cell"


def test_a_cell_that_already_failed_is_left_as_it_is():
    error = new_output("error", ename="AssertionError", evalue="wrong", traceback=[])
    errors, cell = regraded(solution_cell(), graded_test_cell([error]))
    assert errors == ["AssertionError"] and failure_of(cell) is None


@pytest.mark.parametrize(
    "source, names",
    [
        (TEST_SOURCE, ["step"]),
        (
            'from grading_tools import checks\nchecks.check("forward", forward)\n'
            'check("mse_cost", mse_cost)',
            ["forward", "mse_cost"],
        ),
        ("assert step(0) == 1", []),
        ("this is not python (", []),
    ],
)
def test_the_checks_a_cell_must_report_are_read_from_its_trusted_source(source, names):
    assert checked_functions(source) == names


def test_a_caller_whose_dependency_failed_earlier_is_told_to_fix_that_first():
    """train_gd calls backward: with test_backward failed above it, its message says so."""
    failing = graded_cell(
        'check("backward", backward)',
        "test_backward",
        [new_output("error", ename="AssertionError", evalue="wrong", traceback=[])],
    )
    frozen = run(
        "train_gd",
        lambda X, Y, params, lr, epochs: (params, [1.0] * epochs),
        hidden_cases("04_backprop", "train_gd"),
    )
    caller = graded_cell('check("train_gd", train_gd)', "test_train_gd", [record_output(frozen)])
    notebook = new_notebook(cells=[failing, caller])
    VerifyHiddenChecks().preprocess(notebook, {"nbgrader": {"assignment": "04_backprop"}})
    assert "fix backward first" in "\n".join(notebook.cells[1].outputs[-1].traceback)
    told = failure_of(notebook.cells[1])
    assert told.fix_first == ("backward",) and told.hints == ()


def test_the_fix_first_advice_names_where_a_chain_of_failures_starts():
    """train_gd calls backward, which calls output_delta: with both failed, fix output_delta."""
    failing = [
        graded_cell(
            f'check("{name}", {name})',
            f"test_{name}",
            [new_output("error", ename="AssertionError", evalue="wrong", traceback=[])],
        )
        for name in ("output_delta", "backward")
    ]
    frozen = run(
        "train_gd",
        lambda X, Y, params, lr, epochs: (params, [1.0] * epochs),
        hidden_cases("04_backprop", "train_gd"),
    )
    caller = graded_cell('check("train_gd", train_gd)', "test_train_gd", [record_output(frozen)])
    notebook = new_notebook(cells=[*failing, caller])
    VerifyHiddenChecks().preprocess(notebook, {"nbgrader": {"assignment": "04_backprop"}})
    told = "\n".join(notebook.cells[2].outputs[-1].traceback)
    assert "fix output_delta first" in told and "fix backward" not in told
    assert failure_of(notebook.cells[2]).fix_first == ("output_delta",)


def test_a_check_is_judged_as_the_graded_assignment_s():
    """nbgrader names the assignment: 02 has no check of 01's step, so its record cannot pass."""
    test = graded_test_cell([record_output(step_record())])
    notebook = new_notebook(cells=[solution_cell(), test])
    VerifyHiddenChecks().preprocess(notebook, {"nbgrader": {"assignment": "02_sigmoid_networks"}})
    failure = notebook.cells[1].outputs[-1].evalue
    assert "02_sigmoid_networks has no hidden check named 'step'" in failure
    assert failure_of(notebook.cells[1]).kind == "unknown_check"
