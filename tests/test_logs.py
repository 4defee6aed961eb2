"""What grading logs: a few lines per submission, not every kernel message, and a changed locked
cell only when the student really changed it. The formgrader asks nbgrader for DEBUG logs and
shows them in its dialog, so that path is held to it too."""

import logging
import shutil

import pytest

from course.hidden import MIME
from grading_tools import demo_students, notebooks
from grading_tools.pipeline import Course
from tests.support import ROOT, submit

pytestmark = pytest.mark.nbgrader
A = "01_perceptron_xor"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    shutil.copytree(ROOT / "source" / A, root / "source" / A)
    shutil.copy(ROOT / "nbgrader_config.py", root)
    course = Course(root)
    course.generate([A])
    release = notebooks.read(notebooks.release_notebook(root, A))
    source = notebooks.read(notebooks.source_notebook(root, A))
    submit(root, "ada", A, demo_students.submission("ada", release, source, A))
    tampered = demo_students.submission("ada", release, source, A)
    test = next(c for c in tampered.cells if notebooks.grade_id(c) == "test_step")
    test.source = "pass  # the student emptied this test\n"
    submit(root, "tamperer", A, tampered)
    return course


def formgrader_log(course, student):
    """nbgrader's autograde log of one submission, at the level the formgrader asks for."""
    course.api.log_level = logging.DEBUG
    try:
        result = course.api.autograde(A, student)
    finally:
        course.api.log_level = logging.INFO
    assert result["success"]
    return result["log"]


def test_the_formgrader_log_of_a_correct_submission_is_short_and_warns_of_nothing(course):
    log = formgrader_log(course, "ada")
    assert MIME not in log and "content:" not in log  # no kernel messages, no check records
    assert "has changed" not in log and "[WARNING]" not in log
    assert len(log) < 8000, len(log)


def test_a_changed_test_cell_is_reported_once_by_name(course):
    log = formgrader_log(course, "tamperer")
    changed = [line for line in log.splitlines() if "locked cell" in line]
    assert len(changed) == 1 and "test_step" in changed[0]


def test_the_summary_shows_the_change_beside_the_score_of_the_test_as_given(course):
    summary = course.grade(A, workers=0, progress=False).splitlines()
    ada, tamperer = (next(line for line in summary if name in line) for name in ("ada", "tamperer"))
    assert "10.0 / 10" in ada and "changed" not in ada
    assert "10.0 / 10" in tamperer and "the locked cell test_step had been changed" in tamperer
