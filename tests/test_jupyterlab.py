"""End to end, as a student works: JupyterLab 4 serves the release notebook with nbgrader's
Validate button, and Validate reports failing tests on an untouched copy and none on a solved one.

One JupyterLab server, on 127.0.0.1 only, started and stopped by this module (tests/lab.py).
"""

import json

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
    tests = [c for c in notebooks.read(notebooks.release_notebook(ROOT, ASSIGNMENT)).cells if notebooks.is_test(c)]
    assert len(failed) == len(tests)
    assert all("NotImplementedError" in f["raw_error"] for f in failed)


def test_validate_passes_a_solved_notebook(lab):
    result = lab.validate("solved.ipynb")
    assert result == {"success": True, "value": {}}


def nbgrader_version():
    from nbgrader import __version__
    return __version__
