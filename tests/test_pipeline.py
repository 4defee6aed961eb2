"""The slow layer: the real nbgrader pipeline, as `make demo` runs it, on a copy of the course.

One module-wide run: the demo (generate, release, fetch, submit, collect, autograde, feedback,
export) for ada, blank and bugsy; then, graded through the same nbgrader configuration, a mutant
and a correct alternative per assignment from the catalogue, and hostile submissions that try to
cheat or break the grader.
"""

import contextlib
import csv
import io
import shutil
from dataclasses import dataclass

import pytest

from grading_tools import cli, notebooks
from tests.mutants.catalogue import entries, source
from tests.support import ASSIGNMENTS, ROOT, student_summary, submit

pytestmark = pytest.mark.nbgrader
TIMEOUT = 10  # seconds per cell in this copy of the course, so that an endless loop ends soon

# A realistic wrong step that passes the visible tests: tiny negative z counts as a tie.
WRONG_STEP = "def step(z):\n    return np.where(np.asarray(z) > -1e-9, 1.0, 0.0)\n"


@dataclass(frozen=True)
class Hostile:
    """A submission to 01 that attacks the grader; `fails` are the test cells it must lose."""

    answers: dict
    fails: tuple
    reason: str
    delete_cell: str = ""


HOSTILE = {
    "numpy-patcher": Hostile(
        {"step": "np.isclose = lambda a, b, **k: np.ones(np.broadcast(a, b).shape, bool)\n" + WRONG_STEP},
        ("test_step",), "re-check failed: step(z) is wrong on hidden case"),
    "check-patcher": Hostile(
        {"step": "__import__('grading' + '_tools.checks', fromlist=['x']).check = lambda *a, **k: None\n"
                 + WRONG_STEP},
        ("test_step", "test_perceptron_predict", "test_gate_weights", "test_perceptron_train",
         "test_xor_network"), "left no record"),
    "reference-patcher": Hostile(
        {"step": WRONG_STEP + "__import__('grading' + '_tools.reference', fromlist=['x']).step = step\n"},
        ("test_step",), "re-check failed: step(z) is wrong on hidden case"),
    "builtins-patcher": Hostile(
        {"step": WRONG_STEP + (
            "import builtins, types\n"
            "_real_import = builtins.__import__\n"
            "def _fake_import(name, *args, **kwargs):\n"
            "    if name.startswith('grading' + '_tools'):\n"
            "        return types.SimpleNamespace(check=lambda *a, **k: None)\n"
            "    return _real_import(name, *args, **kwargs)\n"
            "builtins.__import__ = _fake_import\n")},
        ("test_step", "test_perceptron_predict", "test_gate_weights", "test_perceptron_train",
         "test_xor_network"), "left no record"),
    "score-injector": Hostile(
        {"step": "def step(z):\n    get_ipython().displayhook(1.0)\n"
                 "    return np.where(np.asarray(z) > -1e-9, 1.0, 0.0)\n"},
        ("test_step", "test_perceptron_predict", "test_perceptron_train", "test_xor_network"),
        "produced a result value"),
    "kernel-killer": Hostile(
        {"xor_network": "import os\ndef xor_network(X):\n    os._exit(1)\n"},
        ("test_xor_network",), "KernelDied"),
    "endless-loop": Hostile(
        {"perceptron_train": "def perceptron_train(X, y, lr=1.0, max_epochs=100):\n    while True:\n        pass\n"},
        ("test_perceptron_train",), "CellTimeoutError"),
    "endless-loops": Hostile(  # two cells time out: the rest of the notebook is not run
        {"step": "def step(z):\n    while True:\n        pass\n"},
        ("test_step", "test_perceptron_predict", "test_gate_weights", "test_perceptron_train",
         "test_xor_network"), "NotRun"),
    "test-deleter": Hostile({"step": WRONG_STEP}, ("test_step",), "Mismatch", delete_cell="test_step"),
    "reference-importer": Hostile(
        {"step": "from grading_tools.reference import step\n"},
        ("test_step", "test_perceptron_predict", "test_gate_weights", "test_perceptron_train",
         "test_xor_network"), "grading_tools"),
}


def catalogue_students():
    """student id -> catalogue entry: the first mutant and the first alternative of each assignment."""
    chosen = {}
    for assignment in ASSIGNMENTS:
        mine = [e for e in entries() if e.assignment == assignment]
        for kind, correct in (("mutant", False), ("alternative", True)):
            entry = next(e for e in mine if e.correct == correct)
            chosen[f"{kind}-{assignment[:2]}"] = entry
    return chosen


@dataclass
class Run:
    course: cli.Course
    demo_output: str
    summaries: dict
    vandal_error: str


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    shutil.copytree(ROOT / "source", root / "source")
    config = (ROOT / "nbgrader_config.py").read_text() + f"\nc.Execute.timeout = {TIMEOUT}\n"
    (root / "nbgrader_config.py").write_text(config)

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        cli.demo(root)
    course = cli.Course(root, exchange=tmp_path_factory.mktemp("exchange"))

    extra = {assignment: [] for assignment in ASSIGNMENTS}
    for student, entry in catalogue_students().items():
        answers = notebooks.solutions(notebooks.read(notebooks.source_notebook(root, entry.assignment)))
        release = notebooks.read(notebooks.release_notebook(root, entry.assignment))
        submit(root, student, entry.assignment,
               notebooks.complete(release, {**answers, entry.function: source(entry)}))
        extra[entry.assignment].append(student)

    first = "01_perceptron_xor"
    answers = notebooks.solutions(notebooks.read(notebooks.source_notebook(root, first)))
    release = notebooks.read(notebooks.release_notebook(root, first))
    for student, attack in HOSTILE.items():
        notebook = notebooks.complete(release, {**answers, **attack.answers})
        notebook.cells = [c for c in notebook.cells if notebooks.grade_id(c) != attack.delete_cell]
        submit(root, student, first, notebook)
        extra[first].append(student)

    summaries = {a: course.grade(a, students) for a, students in extra.items()}

    vandal = "def step(z):\n    open('../../../source/01_perceptron_xor/owned.txt', 'w').write('x')\n" \
             "    return np.where(np.asarray(z) >= 0, 1.0, 0.0)\n"
    submit(root, "vandal", first, notebooks.complete(release, {**answers, "step": vandal}))
    try:
        course.grade(first, ["vandal"])
        vandal_error = ""
    except cli.CourseError as error:
        vandal_error = str(error)
    return Run(course, printed.getvalue(), summaries, vandal_error)


def cell_scores(run, student, assignment):
    """{test cell: (score, max)} of one autograded submission, from the gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(run.course.api.coursedir.db_url, run.course.course_id) as gradebook:
        submission = gradebook.find_submission(assignment, student)
        return {g.name: (g.score, g.max_score) for nb in submission.notebooks for g in nb.grades}


# ------------------------------------------------------------------------------ the demo
def test_the_demo_prints_the_score_table_of_every_assignment(run):
    table = run.demo_output.split("Scores (points per assignment):")[1]
    for student in ("ada", "blank", "bugsy"):
        assert student in table
    assert all(a in table for a in ASSIGNMENTS)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_ada_scores_full_marks_blank_zero_and_bugsy_in_between(run, assignment):
    scores = run.course.scores()
    ada, _, ada_failed = scores["ada", assignment]
    blank, maximum, _ = scores["blank", assignment]
    bugsy, _, bugsy_failed = scores["bugsy", assignment]
    assert (ada, ada_failed) == (maximum, [])
    assert blank == 0
    assert 0 < bugsy < maximum and len(bugsy_failed) >= 1


def test_grades_csv_has_a_row_per_student_and_assignment(run):
    with open(run.course.root / "grades.csv") as handle:
        rows = list(csv.DictReader(handle))
    pairs = {(r["student_id"], r["assignment"]) for r in rows}
    assert {(s, a) for s in ("ada", "blank", "bugsy") for a in ASSIGNMENTS} <= pairs


def test_feedback_shows_each_student_what_went_wrong(run):
    assignment = ASSIGNMENTS[0]
    html = (run.course.root / "feedback" / "bugsy" / assignment / f"{assignment}.html").read_text()
    assert "is not right yet" in html or "is wrong on hidden case" in html
    assert (run.course.root / "feedback" / "ada" / assignment / f"{assignment}.html").is_file()


def test_the_grade_summary_names_each_failed_test_and_why(run):
    summary = run.course.summary(ASSIGNMENTS[0], students=["bugsy", "blank"])
    assert "bugsy" in summary and "failed test_" in summary
    assert "NotImplementedError" in summary


# -------------------------------------------------------------- the catalogue, graded
@pytest.mark.parametrize("student, entry", catalogue_students().items(), ids=lambda v: getattr(v, "label", v))
def test_catalogue_entries_graded_by_nbgrader(run, student, entry):
    scores = cell_scores(run, student, entry.assignment)
    score, maximum = scores[f"test_{entry.function}"]
    if entry.correct:
        assert all(s == m for s, m in scores.values()), scores
    else:
        assert score == 0, f"{entry.label} kept {score}/{maximum} points"


# -------------------------------------------------------------- hostile submissions
@pytest.mark.parametrize("student", HOSTILE)
def test_a_hostile_submission_gains_nothing(run, student):
    attack = HOSTILE[student]
    scores = cell_scores(run, student, "01_perceptron_xor")
    for test, (score, maximum) in scores.items():
        if test in attack.fails:
            assert score == 0, f"{student} kept the points of {test}"
        else:
            assert score == maximum, f"{student} lost {test}, which it did not attack"
    assert attack.reason in student_summary(run.summaries["01_perceptron_xor"], student)


def test_a_submission_that_changes_instructor_files_stops_the_grading(run):
    assert "vandal" in run.vandal_error and "changed instructor files" in run.vandal_error
    assert "owned.txt" in run.vandal_error


def test_the_cli_grades_prints_and_exports_from_the_course_root(run, capsys):
    assert cli.main(["--root", str(run.course.root), "export"]) == 0
    assert "ada" in capsys.readouterr().out
    assert cli.main(["--root", str(run.course.root), "grade", "no_such_assignment"]) == 1
    assert "no submissions of no_such_assignment" in capsys.readouterr().err


def test_the_cli_refuses_a_folder_that_is_not_a_course(tmp_path, capsys):
    assert cli.main(["--root", str(tmp_path), "generate"]) == 1
    assert "has no nbgrader_config.py" in capsys.readouterr().err


def test_the_demo_can_run_again_on_the_same_course(tmp_path):
    """`make demo` twice in a row: the second run regrades everything and prints the same table."""
    first = ASSIGNMENTS[0]
    shutil.copytree(ROOT / "source" / first, tmp_path / "source" / first)
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path)
    tables = []
    for _ in range(2):
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            cli.demo(tmp_path)
        tables.append(printed.getvalue().split("Scores (points per assignment):")[1])
    assert tables[0] == tables[1]
    assert "ada" in tables[1] and "10/10" in tables[1]
