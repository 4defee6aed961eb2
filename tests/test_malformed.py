"""Malformed submissions: no submission stops or corrupts the batch.

Each is graded as far as possible through the real nbgrader pipeline, its files stay
byte-identical, and the instructor's summary says in plain words what was wrong. One course,
one assignment (01), one grading run for all the students below.
"""

import copy
import hashlib
import json
import shutil
from pathlib import Path

import nbformat
import pytest

from grading_tools import intake, notebooks, pipeline
from tests.support import ROOT, student_summary, submit

A = "01_perceptron_xor"
FULL = 10.0

# student -> (the score the submission must get, what the summary must say about it)
EXPECTED = {
    "twin-test": (FULL, "test_step appears more than once; the first copy was graded"),
    "twin-solution": (FULL, "step appears more than once; the first copy was graded"),
    "no-metadata": (
        FULL,
        "the nbgrader metadata of test_step was missing; restored from the gradebook",
    ),
    "garbled": (FULL, "the nbgrader metadata of test_perceptron_predict was garbled; restored"),
    "points-as-text": (FULL, "the nbgrader metadata of test_gate_weights was garbled; restored"),
    "retyped": (FULL, "test_xor_network had been changed from code to markdown; graded as code"),
    "stray-id": (FULL, "'bonus' has nbgrader metadata that matches no cell of the assignment"),
    "renamed": (
        FULL,
        "the notebook was submitted as my_work.ipynb; graded as 01_perceptron_xor.ipynb",
    ),
    "mallory": (0.0, "the notebook file is not valid JSON (cut short?)"),
    "absent": (0.0, "no notebook submitted"),
}


def index(nb, grade_id):
    return next(i for i, cell in enumerate(nb.cells) if notebooks.grade_id(cell) == grade_id)


def malformed(good):
    """student -> their notebook (None: no notebook), each a correct submission damaged one way."""
    subs = {name: copy.deepcopy(good) for name in EXPECTED}

    nb = subs["twin-test"]  # the test cell copy-pasted right below itself (a new cell id)
    twin = copy.deepcopy(nb.cells[index(nb, "test_step")])
    twin.id = "twin-of-test-step"
    nb.cells.insert(index(nb, "test_step") + 1, twin)

    nb = subs["twin-solution"]  # a later copy of the solution cell, with a wrong answer in it
    twin = copy.deepcopy(nb.cells[index(nb, "step")])
    twin.id = "twin-of-step"
    twin.source = "def step(z):\n    return 0 * z\n"
    nb.cells.insert(index(nb, "test_step") + 1, twin)

    del subs["no-metadata"].cells[index(subs["no-metadata"], "test_step")].metadata["nbgrader"]
    subs["garbled"].cells[index(subs["garbled"], "test_perceptron_predict")].metadata[
        "nbgrader"
    ] = "oops"
    subs["points-as-text"].cells[
        index(subs["points-as-text"], "test_gate_weights")
    ].metadata.nbgrader.points = "2"

    cell = subs["retyped"].cells[index(subs["retyped"], "test_xor_network")]
    cell.cell_type = "markdown"
    del cell["outputs"], cell["execution_count"]

    nb = subs[
        "stray-id"
    ]  # a cell of the student's, marked as a grade cell the assignment does not have
    stray = nbformat.v4.new_code_cell("1 + 1")
    stray.metadata["nbgrader"] = {
        "grade": True,
        "grade_id": "bonus",
        "points": 5,
        "locked": False,
        "solution": False,
        "schema_version": 3,
    }
    nb.cells.append(stray)

    subs["absent"] = None
    return subs


def fingerprints(folder):
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(Path(folder).rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    shutil.copytree(ROOT / "source" / A, root / "source" / A)
    shutil.copy(ROOT / "nbgrader_config.py", root)
    course = pipeline.Course(root, exchange=tmp_path_factory.mktemp("exchange"))
    course.generate([A])

    good = notebooks.complete(
        notebooks.read(notebooks.release_notebook(root, A)),
        notebooks.solutions(notebooks.read(notebooks.source_notebook(root, A))),
    )
    for student, nb in malformed(good).items():
        if nb is None:
            (root / "submitted" / student / A).mkdir(parents=True)  # an empty folder
        else:
            submit(root, student, A, nb)
    (root / "submitted" / "renamed" / A / f"{A}.ipynb").rename(
        root / "submitted" / "renamed" / A / "my_work.ipynb"
    )
    whole = (root / "submitted" / "mallory" / A / f"{A}.ipynb").read_bytes()
    (root / "submitted" / "mallory" / A / f"{A}.ipynb").write_bytes(whole[: len(whole) // 2])

    before = fingerprints(root / "submitted")
    summary = course.grade(A)
    return course, summary, before


@pytest.mark.nbgrader
@pytest.mark.parametrize("student", EXPECTED)
def test_a_malformed_submission_is_graded_as_far_as_possible_with_the_reason(graded, student):
    course, summary, _ = graded
    score, reason = EXPECTED[student]
    got, maximum, _ = course.scores()[student, A]
    assert (got, maximum) == (score, FULL), student_summary(summary, student)
    assert reason in student_summary(summary, student).splitlines()[0]


@pytest.mark.nbgrader
def test_an_unreadable_submission_reads_as_zero_and_why_on_one_line(graded):
    _, summary, _ = graded
    assert (
        student_summary(summary, "mallory").splitlines()[0].split()
        == "mallory 0.0 / 10 the notebook file is not valid JSON (cut short?)".split()
    )
    assert (
        student_summary(summary, "absent").splitlines()[0].split()
        == "absent 0.0 / 10 no notebook submitted".split()
    )


@pytest.mark.nbgrader
def test_the_submitted_files_stay_byte_identical(graded):
    course, _, before = graded
    assert fingerprints(course.root / "submitted") == before
    assert not list(course.root.glob(".intake-*")), "the staging folder is left behind"


@pytest.mark.nbgrader
def test_feedback_can_be_generated_for_every_student_afterwards(graded):
    course, _, _ = graded
    course.feedback([A])
    for student in EXPECTED:
        assert (course.root / "feedback" / student / A / f"{A}.html").is_file(), student


# ------------------------------------------------------------- intake, file by file (fast)
def test_a_folder_with_several_other_notebooks_is_not_guessed(tmp_path):
    for name in ("a.ipynb", "b.ipynb"):
        (tmp_path / name).write_text("{}")
    (tmp_path / "release").mkdir()
    (tmp_path / "release" / "hw.ipynb").write_text("{}")
    plan = intake.inspect(tmp_path, ["hw"], tmp_path / "release")
    assert plan.notes == ["no notebook submitted (found a.ipynb, b.ipynb)"]
    assert plan.replace == {"hw": tmp_path / "release" / "hw.ipynb"}


def test_json_that_is_no_notebook_is_named_so(tmp_path):
    (tmp_path / "hw.ipynb").write_text("[1, 2]")
    (tmp_path / "release").mkdir()
    (tmp_path / "release" / "hw.ipynb").write_text("{}")
    plan = intake.inspect(tmp_path, ["hw"], tmp_path / "release")
    assert plan.notes[0].startswith("the notebook file is not a Jupyter notebook")


def test_an_empty_file_is_not_valid_json(tmp_path):
    (tmp_path / "hw.ipynb").write_bytes(b"")
    assert intake.unreadable(tmp_path / "hw.ipynb") == intake.NOT_JSON


# ---------------------------------------------------------------- the configuration
def test_the_config_is_serialisable_for_the_formgrader_and_holds_no_secret():
    """The formgrader shows the configuration as JSON: classes in it cannot be shown, secrets must
    not be; the preprocessors are import strings nbgrader can import."""
    from nbconvert.preprocessors import Preprocessor
    from traitlets.utils.importstring import import_item

    api = pipeline._nbgrader_api(ROOT)
    text = json.dumps(api.config, indent=2)
    autograde = api.config.Autograde
    for name in ("sanitize_preprocessors", "autograde_preprocessors"):
        assert all(
            isinstance(p, str) and issubclass(import_item(p), Preprocessor) for p in autograde[name]
        ), name
    repair = "grading_tools.nbgrader_plugins.sanitize.RepairSubmission"
    assert repair in autograde.sanitize_preprocessors
    for word in ("secret", "password", "token", "private"):
        assert word not in text.lower(), word


def test_a_cell_nbformat_cannot_read_is_named(tmp_path):
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("# hw"), nbformat.v4.new_code_cell("1")]
    )
    nb.cells[1].cell_type = "weird"
    (tmp_path / "hw.ipynb").write_text(json.dumps(nb))
    assert (
        intake.unreadable(tmp_path / "hw.ipynb")
        == "the notebook file is not a valid Jupyter notebook (cell 2 is malformed)"
    )


def test_when_nbgrader_fails_the_reason_is_the_exception_it_logged():
    log = (
        "[INFO] Sanitizing x.ipynb\n[ERROR] There was an error processing assignment: x\n"
        '[ERROR] Traceback (most recent call last):\n      File "a.py", line 1, in f\n'
        "        g()\n    KeyError: 'grade_id'\n"
        "[ERROR] There was an error processing assignment 'x'\n"
    )
    assert (
        intake.failure({"success": False, "log": log, "error": "NbGraderException: see above"})
        == "KeyError: 'grade_id'"
    )
