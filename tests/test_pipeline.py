"""The slow layer: the real nbgrader pipeline, as `make demo` runs it, on a copy of the course.

One module-wide run: the demo (generate, release, fetch, submit, collect, autograde, feedback,
export) for ada, blank and bugsy; then, graded through the same nbgrader configuration, a correct
alternative per assignment from the catalogue, and hostile submissions that try to
cheat or break the grader.
"""

import contextlib
import csv
import hashlib
import io
import os
import shutil
import textwrap
from dataclasses import dataclass

import pytest

import grading_tools
from grading_tools import cli, demo_students, notebooks, scores
from grading_tools.pipeline import Course
from grading_tools.run import runners
from tests.mutants.catalogue import entries, source
from tests.support import ASSIGNMENTS, ROOT, student_summary, submit

pytestmark = pytest.mark.nbgrader
# The assignments this module's course holds: all, or those named in NN_COURSE_TEST_ASSIGNMENTS
# (tests/test_nonroot.py runs the module again as a normal user on the hostile batch's alone).
GRADED = os.environ.get("NN_COURSE_TEST_ASSIGNMENTS", "").split() or ASSIGNMENTS
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


ALL_TESTS = (
    "test_step",
    "test_perceptron_predict",
    "test_gate_weights",
    "test_perceptron_train",
    "test_xor_network",
)


def attempt(code):
    """Solution-cell code that tries `code` to get a right `step`, and falls back to WRONG_STEP."""
    return f"try:\n{textwrap.indent(code, '    ')}\nexcept Exception:\n    pass\n" + WRONG_STEP


def instructor_path(*parts):
    """An instructor file's absolute path in the course that the fixture builds (@ROOT@ stands
    for the course root there)."""
    return "/".join(["@ROOT@", *parts])


HOSTILE = {
    "output-flood": Hostile(  # 1.9 MB from each answer: the fifth passes the notebook's 8 MiB
        {
            name: "print('x' * 1_900_000)\n" + answer
            for name, answer in notebooks.solutions(
                notebooks.read(notebooks.source_notebook(ROOT, "01_perceptron_xor"))
            ).items()
        },
        ("test_xor_network",),
        "NotebookOutputLimit: not run",
    ),
    "numpy-patcher": Hostile(
        {
            "step": "np.isclose = lambda a, b, **k: np.ones(np.broadcast(a, b).shape, bool)\n"
            + WRONG_STEP
        },
        ("test_step",),
        "step(z) is wrong on hidden case",
    ),
    "check-patcher": Hostile(
        {"step": "import course.hidden\ncourse.hidden.check = lambda *a, **k: None\n" + WRONG_STEP},
        ALL_TESTS,
        "left no record",
    ),
    "builtins-patcher": Hostile(
        {
            "step": WRONG_STEP
            + (
                "import builtins, types\n"
                "_real_import = builtins.__import__\n"
                "def _fake_import(name, *args, **kwargs):\n"
                "    if name.startswith('course.hidden'):\n"
                "        return types.SimpleNamespace(check=lambda *a, **k: None)\n"
                "    return _real_import(name, *args, **kwargs)\n"
                "builtins.__import__ = _fake_import\n"
            )
        },
        ALL_TESTS,
        "left no record",
    ),
    "runtime-importer": Hostile(
        {
            "step": attempt(
                "import importlib\n"
                "step = importlib.import_module('grading' + '_tools.reference.perceptron_xor').step"
            )
        },
        ("test_step",),
        "step(z) is wrong on hidden case",
    ),
    "reference-reader": Hostile(
        {
            "step": attempt(
                f"exec(open({grading_tools.__path__[0] + '/reference/perceptron_xor.py'!r}).read())"
            )
        },
        ("test_step",),
        "step(z) is wrong on hidden case",
    ),
    "source-reader": Hostile(
        {
            "step": attempt(
                "import json\n"
                "nb = json.load(open("
                f"{instructor_path('source', '01_perceptron_xor', '01_perceptron_xor.ipynb')!r}))\n"
                "exec(next(''.join(c['source']) for c in nb['cells']"
                " if 'def step' in ''.join(c['source'])))"
            )
        },
        ("test_step",),
        "step(z) is wrong on hidden case",
    ),
    "gradebook-writer": Hostile(
        {
            "step": attempt(
                "import sqlite3\n"
                f"db = sqlite3.connect({instructor_path('gradebook.db')!r})\n"
                "db.execute('UPDATE grade SET manual_score = 100')\ndb.commit()"
            )
        },
        ("test_step",),
        "step(z) is wrong on hidden case",
    ),
    "config-appender": Hostile(
        {
            "step": attempt(
                f"open({instructor_path('nbgrader_config.py')!r}, 'a').write('raise SystemExit')"
            )
        },
        ("test_step",),
        "step(z) is wrong on hidden case",
    ),
    "source-vandal": Hostile(
        {
            "step": attempt(
                f"open({instructor_path('source', '01_perceptron_xor', 'owned.txt')!r}, 'w')"
                ".write('x')"
            )
        },
        ("test_step",),
        "step(z) is wrong on hidden case",
    ),
    "score-injector": Hostile(
        {
            "step": "def step(z):\n    get_ipython().displayhook(1.0)\n"
            "    return np.where(np.asarray(z) > -1e-9, 1.0, 0.0)\n"
        },
        ("test_step", "test_perceptron_predict", "test_perceptron_train", "test_xor_network"),
        "produced a result value",
    ),
    "kernel-killer": Hostile(
        {"xor_network": "import os\ndef xor_network(X):\n    os._exit(1)\n"},
        ("test_xor_network",),
        "KernelDied",
    ),
    "endless-loop": Hostile(
        {
            "perceptron_train": "def perceptron_train(X, y, lr=1.0, max_epochs=100):\n"
            "    while True:\n        pass\n"
        },
        ("test_perceptron_train",),
        "CellTimeoutError",
    ),
    "endless-loops": Hostile(  # two cells time out: the rest of the notebook is not run
        {"step": "def step(z):\n    while True:\n        pass\n"}, ALL_TESTS, "NotRun"
    ),
    "fork-bomb": Hostile(
        {"xor_network": "import os\ndef xor_network(X):\n    while True:\n        os.fork()\n"},
        ("test_xor_network",),
        "process_limit",
    ),
    "test-deleter": Hostile(
        {"step": WRONG_STEP},
        ("test_step",),
        "step(z) is wrong on hidden case",
        delete_cell="test_step",
    ),
}


def catalogue_students():
    """student id -> catalogue entry: the first correct alternative of each assignment, code in
    another style than the reference's. A mistake per assignment goes through nbgrader as
    bugsy's; the whole catalogue is judged in-process by tests/test_mutants.py."""
    return {
        f"alternative-{assignment[:2]}": next(
            e for e in entries() if e.assignment == assignment and e.correct
        )
        for assignment in GRADED
    }


@dataclass
class Run:
    course: Course
    demo_output: str
    summaries: dict
    batch_students: tuple
    demo_scores_before: dict
    files_before: dict


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    for assignment in GRADED:
        shutil.copytree(ROOT / "source" / assignment, root / "source" / assignment)
    config = (ROOT / "nbgrader_config.py").read_text() + f"\nc.Execute.timeout = {TIMEOUT}\n"
    (root / "nbgrader_config.py").write_text(config)

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        cli.demo(root)
    course = Course(root, exchange=tmp_path_factory.mktemp("exchange"))

    extra = {assignment: [] for assignment in GRADED}
    for student, entry in catalogue_students().items():
        answers = notebooks.solutions(
            notebooks.read(notebooks.source_notebook(root, entry.assignment))
        )
        release = notebooks.read(notebooks.release_notebook(root, entry.assignment))
        submit(
            root,
            student,
            entry.assignment,
            notebooks.complete(release, {**answers, entry.function: source(entry)}),
        )
        extra[entry.assignment].append(student)

    first = "01_perceptron_xor"
    answers = notebooks.solutions(notebooks.read(notebooks.source_notebook(root, first)))
    release = notebooks.read(notebooks.release_notebook(root, first))
    for student, attack in HOSTILE.items():
        attack_code = {k: v.replace("@ROOT@", str(root)) for k, v in attack.answers.items()}
        notebook = notebooks.complete(release, {**answers, **attack_code})
        notebook.cells = [c for c in notebook.cells if notebooks.grade_id(c) != attack.delete_cell]
        submit(root, student, first, notebook)
        extra[first].append(student)

    # Copies of ada's and bugsy's submissions graded among the hostile ones (after them, by name)
    # must score what the originals scored alone.
    for student in ("ada", "bugsy"):
        shutil.copytree(
            root / "submitted" / student / first, root / "submitted" / f"zz-{student}" / first
        )
        extra[first].append(f"zz-{student}")
    demo_scores_before = {
        k: v for k, v in course.scores().items() if k[0] in demo_students.STUDENTS
    }
    files_before = course_files(root)
    with runners.open_runner() as runner:  # one set of workers for every assignment, as the demo
        summaries = {a: course.grade(a, students, runner=runner) for a, students in extra.items()}
    return Run(
        course, printed.getvalue(), summaries, tuple(extra[first]), demo_scores_before, files_before
    )


def course_files(root):
    """Fingerprints of the course's files: config, sources and release."""
    paths = [
        root / "nbgrader_config.py",
        *sorted((root / "source").rglob("*")),
        *sorted((root / "release").rglob("*")),
    ]
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths if p.is_file()}


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
    assert all(a in table for a in GRADED)


@pytest.mark.parametrize("assignment", GRADED)
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
    assert {(s, a) for s in ("ada", "blank", "bugsy") for a in GRADED} <= pairs


def test_the_demo_writes_the_class_report_and_the_cli_rebuilds_it(run, capsys):
    page = run.course.root / "report.html"
    assert "report.html" in run.demo_output and page.is_file()
    html = page.read_text()
    assert all(a in html for a in GRADED) and "data:image/png;base64," in html
    assert "http://" not in html and "https://" not in html
    assert "NotImplementedError" in html  # blank's failures, grouped with their count
    page.unlink()
    assert cli.main(["--root", str(run.course.root), "report"]) == 0
    assert page.is_file() and "report.html" in capsys.readouterr().out


def test_feedback_shows_each_student_what_went_wrong(run):
    assignment = GRADED[0]
    html = (run.course.root / "feedback" / "bugsy" / assignment / f"{assignment}.html").read_text()
    assert "is not right yet" in html or "is wrong on hidden case" in html
    assert (run.course.root / "feedback" / "ada" / assignment / f"{assignment}.html").is_file()


def test_the_grade_summary_names_each_failed_test_and_why(run):
    summary = scores.summary(run.course.api, GRADED[0], ["bugsy", "blank"])
    assert "bugsy" in summary and "failed test_" in summary
    assert "NotImplementedError" in summary


# -------------------------------------------------------------- the catalogue, graded
@pytest.mark.parametrize(
    "student, entry", catalogue_students().items(), ids=lambda v: getattr(v, "label", v)
)
def test_catalogue_entries_graded_by_nbgrader(run, student, entry):
    scores = cell_scores(run, student, entry.assignment)
    assert all(s == m for s, m in scores.values()), f"{entry.label} lost points: {scores}"


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


def test_in_a_mixed_batch_good_submissions_score_what_they_score_alone(run):
    for student in ("ada", "bugsy"):
        assert cell_scores(run, f"zz-{student}", "01_perceptron_xor") == cell_scores(
            run, student, "01_perceptron_xor"
        )


def test_no_submission_changes_the_course_files_or_other_students_grades(run):
    assert course_files(run.course.root) == run.files_before
    assert not (run.course.root / "source" / "01_perceptron_xor" / "owned.txt").exists()
    after = {k: v for k, v in run.course.scores().items() if k[0] in demo_students.STUDENTS}
    assert after == run.demo_scores_before


def test_every_submission_of_the_batch_is_graded(run):
    summary = run.summaries["01_perceptron_xor"]
    for student in run.batch_students:
        assert f"  {student} " in summary and "NOT GRADED" not in student_summary(summary, student)


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
    first = GRADED[0]
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
