"""End to end, as a student works: JupyterLab 4 serves the release notebook with nbgrader's
Validate button, and Validate reports failing tests on an untouched copy and none on a solved one.

One JupyterLab server, on 127.0.0.1 only, started and stopped by this module (tests/lab.py).
"""

import json
import shutil

import nbformat
import pytest

from grading_tools import notebooks
from grading_tools.demo_students import submission
from tests.lab import running_lab
from tests.support import ASSIGNMENTS, ROOT

pytestmark = pytest.mark.nbgrader
ASSIGNMENT = ASSIGNMENTS[0]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    home = tmp_path_factory.mktemp("student")
    release = notebooks.read(notebooks.release_notebook(ROOT, ASSIGNMENT))
    source = notebooks.read(notebooks.source_notebook(ROOT, ASSIGNMENT))
    nbformat.write(release, str(home / "untouched.ipynb"))
    nbformat.write(submission("ada", release, source, ASSIGNMENT), str(home / "solved.ipynb"))

    with running_lab(home) as running:
        yield running


def test_jupyterlab_loads_nbgrader_s_validate_extension(lab):
    page = lab.request("/lab")
    assert "@jupyter/nbgrader" in page
    assert json.loads(lab.request("/nbgrader_version?version=" + nbgrader_version()))["success"]


def test_validate_lists_every_failing_test_of_an_untouched_release(lab):
    result = lab.validate("untouched.ipynb")
    assert result["success"], result
    failed = result["value"]["failed"]
    tests = [
        c
        for c in notebooks.read(notebooks.release_notebook(ROOT, ASSIGNMENT)).cells
        if notebooks.is_test(c)
    ]
    assert len(failed) == len(tests)
    assert all("NotImplementedError" in f["raw_error"] for f in failed)


def test_validate_passes_a_solved_notebook(lab):
    result = lab.validate("solved.ipynb")
    assert result == {"success": True, "value": {}}


def nbgrader_version():
    from nbgrader import __version__

    return __version__


def test_the_formgrader_shows_no_secret_of_the_server(tmp_path):
    """An instructor's JupyterLab in the course root: the formgrader's pages never show the login
    token given on the command line, and the course's config loads there."""
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path)
    (tmp_path / "source").mkdir()
    with running_lab(tmp_path) as instructor:
        page = instructor.request("/formgrader/manage_assignments")
    assert "Manage Assignments" in page
    assert instructor.token not in page
    assert "not serializable" not in instructor.log.read_text()
