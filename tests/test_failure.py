"""A verdict as data: a Failure survives the notebook's JSON, and what a notebook holds that is
not one (the notebook is the student's) is refused, never run and never crashes the reader."""

import json

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from grading_tools.judge.failure import (
    KINDS,
    MAX_MESSAGE,
    METADATA_KEY,
    Failure,
    InvalidFailure,
    attach,
    attached,
)

WRONG = Failure(
    "wrong",
    "step(z) is wrong on hidden case: ties\n  inputs: z=[0.]\n  likely cause: a tie fires",
    "step",
    "ties",
    hints=("a tie fires",),
)
BROKEN = Failure(
    "wrong",
    "train_gd(...) is wrong\n  fix backward first: ...",
    "train_gd",
    "xor",
    fix_first=("backward", "output_delta"),
)


@pytest.mark.parametrize("failure", [WRONG, BROKEN, Failure("no_record", "no record")])
def test_a_failure_round_trips_through_json(failure):
    assert Failure.from_json(json.loads(json.dumps(failure.to_json()))) == failure


def test_the_title_is_the_message_s_first_line():
    assert WRONG.title == "step(z) is wrong on hidden case: ties"
    assert Failure("wrong", "").title == ""


def valid():
    return WRONG.to_json()


HOSTILE = {
    "not an object": lambda d: ["wrong", "message"],
    "a missing key": lambda d: {k: v for k, v in d.items() if k != "hints"},
    "an extra key": lambda d: {**d, "__class__": "os.system"},
    "an unknown kind": lambda d: {**d, "kind": "passed"},
    "an unhashable kind": lambda d: {**d, "kind": ["wrong"]},
    "an unknown format": lambda d: {**d, "format": 2},
    "a format that is not an integer": lambda d: {**d, "format": True},
    "a message that is not text": lambda d: {**d, "message": {"text": "x"}},
    "a huge message": lambda d: {**d, "message": "x" * (MAX_MESSAGE + 1)},
    "a huge hint": lambda d: {**d, "hints": ["x" * 100_000]},
    "too many hints": lambda d: {**d, "hints": ["x"] * 1000},
    "hints as text": lambda d: {**d, "hints": "a tie fires"},
    "nested junk in the hints": lambda d: {**d, "hints": [["a", ["b", {"c": None}]]]},
    "a function that is a number": lambda d: {**d, "function": 3},
    "fix_first holding None": lambda d: {**d, "fix_first": [None]},
}


@pytest.mark.parametrize("tamper", HOSTILE.values(), ids=HOSTILE.keys())
def test_anything_but_a_failure_is_refused(tamper):
    with pytest.raises(InvalidFailure):
        Failure.from_json(tamper(valid()))


def test_every_kind_round_trips():
    for kind in KINDS:
        assert Failure.from_json(Failure(kind, "m").to_json()).kind == kind


def error(ename="HiddenTestFailed", evalue="step(z) is wrong on hidden case: ties"):
    return new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


def test_a_kept_failure_belongs_to_its_error_output_and_the_notebook_stays_valid():
    cell = new_code_cell("check('step', step)")
    kernel, judged = error("AssertionError", "no"), error()
    cell.outputs = [kernel, judged]
    attach(cell, judged, WRONG)
    assert attached(cell, judged) == WRONG
    assert attached(cell, kernel) is None  # an error of the kernel has no verdict
    notebook = nbformat.reads(nbformat.writes(new_notebook(cells=[cell])), 4)
    nbformat.validate(notebook)
    assert attached(notebook.cells[0], notebook.cells[0].outputs[1]) == WRONG


def test_the_grader_s_own_failure_wins_over_one_the_submission_put_there_first():
    cell = new_code_cell("check('step', step)")
    judged = error()
    forged = Failure("wrong", WRONG.title, "step", hints=("nothing to see",))
    cell.metadata[METADATA_KEY] = {
        "failures": [{"ename": judged.ename, "evalue": judged.evalue, "failure": forged.to_json()}]
    }
    cell.outputs = [judged]
    attach(cell, judged, WRONG)
    assert attached(cell, judged) == WRONG


JUNK = {
    "metadata that is text": "failures",
    "failures that are a number": {"failures": 7},
    "entries that are not objects": {"failures": [1, "x", None, [[]]]},
    "an entry holding junk": {
        "failures": [{"ename": "HiddenTestFailed", "evalue": "e", "failure": {"kind": {}}}]
    },
    "an entry holding a huge text": {
        "failures": [{"ename": "HiddenTestFailed", "evalue": "e", "failure": "x" * 10**6}]
    },
}


@pytest.mark.parametrize("junk", JUNK.values(), ids=JUNK.keys())
def test_junk_in_a_cell_s_metadata_reads_as_no_failure_and_is_replaced_by_the_grader(junk):
    cell = new_code_cell("check('step', step)")
    cell.metadata[METADATA_KEY] = junk
    output = error(evalue="e")
    cell.outputs = [output]
    assert attached(cell, output) is None
    attach(cell, output, WRONG)
    assert attached(cell, output) == WRONG


def test_a_submission_s_own_verdicts_are_removed_before_grading():
    """A student who writes `nn_course` metadata into her cells (to change what the report says
    of her failures) loses it: only the grading run writes verdicts."""
    from grading_tools.nbgrader_plugins.sanitize import drop_verdicts

    nb = new_notebook(cells=[new_code_cell("x = 1"), new_code_cell("check('step', step)")])
    nb.cells[1].metadata[METADATA_KEY] = {"failures": [{"kind": "wrong", "message": "forged"}]}
    assert drop_verdicts(nb) == [1]
    assert all(METADATA_KEY not in cell.metadata for cell in nb.cells)
    assert drop_verdicts(nb) == []
