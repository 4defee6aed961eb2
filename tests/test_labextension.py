"""The students' JupyterLab extension (labextension/, built into
share/jupyter/labextensions/nn-course-lab by `make labextension`): the committed build is the
build of the committed source, the student wheel installs it in place of nbgrader's Validate
button, and the server's answer it shows carries the per-test summary (course.lab).

No node is needed here: the build is committed, and `source.sha256` (written by the build)
records the source it was built from. The dialog itself is driven in a browser by test_e2e.
"""

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from course import lab
from grading_tools import notebooks, pack
from grading_tools.demo_students import submission
from tests.support import ASSIGNMENTS, ROOT

SOURCE = ROOT / "labextension"
BUILD = ROOT / "share" / "jupyter" / "labextensions" / "nn-course-lab"
REBUILD = "run `make labextension` (needs node and npm) and commit labextension/ and the build"


def recorded_sources():
    """{source file: sha256} as source.sha256 (sha256sum's format) records them."""
    lines = (BUILD / "source.sha256").read_text().splitlines()
    return {name: digest for digest, name in (line.split(maxsplit=1) for line in lines)}


def files_under(folder, leave_out=()):
    """The files under `folder`, as paths relative to it; folders named in `leave_out` skipped."""
    found = []
    for parent, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if name not in leave_out]
        found += [(Path(parent) / name).relative_to(folder).as_posix() for name in files]
    return sorted(found)


# ------------------------------------------------------------------------------ the build
def test_the_committed_build_was_built_from_the_committed_source():
    sources = [name for name in files_under(SOURCE, {"node_modules"}) if name != ".gitignore"]
    recorded = recorded_sources()
    assert sorted(recorded) == sources, f"the build records other source files: {REBUILD}"
    stale = [
        name
        for name, digest in recorded.items()
        if hashlib.sha256((SOURCE / name).read_bytes()).hexdigest() != digest
    ]
    assert not stale, f"labextension/{', '.join(stale)} changed since the build: {REBUILD}"


def test_the_build_is_the_source_package_with_its_entry_point():
    source = json.loads((SOURCE / "package.json").read_text())
    built = json.loads((BUILD / "package.json").read_text())
    entry = built["jupyterlab"].pop("_build")
    assert built == source, REBUILD
    assert (BUILD / entry["load"]).is_file(), f"{entry['load']} is missing: {REBUILD}"


def test_this_environment_s_jupyterlab_has_the_build():
    """make links it into .venv (an editable install leaves data files out)."""
    installed = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "nn-course-lab"
    assert files_under(installed) == files_under(BUILD), "run make (it links the build)"
    assert (installed / "package.json").read_bytes() == (BUILD / "package.json").read_bytes()


# ------------------------------------------------------------------------------ the wheel
@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    return pack.build_wheel(ROOT, tmp_path_factory.mktemp("wheel"))


def test_the_student_wheel_holds_the_build_file_for_file(wheel):
    prefix = ".data/data/share/jupyter/labextensions/nn-course-lab/"
    with zipfile.ZipFile(wheel) as archive:
        held = {n.split(prefix)[1]: archive.read(n) for n in archive.namelist() if prefix in n}
    assert held == {name: (BUILD / name).read_bytes() for name in files_under(BUILD)}


def test_installing_the_wheel_puts_the_extension_where_jupyterlab_looks(wheel, tmp_path):
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q"]
        + ["--prefix", str(tmp_path / "env"), str(wheel)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert installed.returncode == 0, installed.stderr
    extension = tmp_path / "env" / "share" / "jupyter" / "labextensions" / "nn-course-lab"
    assert files_under(extension) == files_under(BUILD)


def test_the_wheel_hands_nbgrader_s_validate_button_to_the_extension(wheel):
    name = "labconfig/page_config.d/nn_course_student.json"
    with zipfile.ZipFile(wheel) as archive:
        (member,) = [n for n in archive.namelist() if n.endswith(name)]
        disabled = json.loads(archive.read(member))["disabledExtensions"]
    assert disabled["@jupyter/nbgrader:validate-assignment"] is True
    # the extension takes nbgrader's place exactly where that plugin is disabled
    assert "@jupyter/nbgrader:validate-assignment" in (SOURCE / "index.js").read_text()


# ------------------------------------------------------------------ what the dialog is given
@pytest.mark.nbgrader
def test_validate_answers_with_a_summary_of_every_test_then_each_failure(tmp_path):
    """A solved notebook whose last exercise is left as released: every test is listed, ✓
    but the last, which follows with its message; nbgrader's own dialog gets the same text."""
    assignment = ASSIGNMENTS[0]
    release = notebooks.read(notebooks.release_notebook(ROOT, assignment))
    source = notebooks.read(notebooks.source_notebook(ROOT, assignment))
    solved = submission("ada", release, source, assignment)
    tests = [notebooks.grade_id(c) for c in release.cells if notebooks.is_test(c)]
    last = max(i for i, c in enumerate(release.cells) if notebooks.grade_id(c) == tests[-1][5:])
    solved.cells[last] = release.cells[last]
    nbformat.write(solved, str(tmp_path / "last_unsolved.ipynb"))

    answer = lab.summary_validator()().validate(str(tmp_path / "last_unsolved.ipynb"))
    summary = answer["summary"]
    assert summary["tests"] == [{"name": test, "passed": test != tests[-1]} for test in tests]
    (failure,) = summary["failures"]
    assert failure["name"] == tests[-1]
    assert f"NotImplementedError: write {tests[-1][5:]} above" in failure["message"]
    assert "only because" not in summary["note"]  # a test also fails for a callee not right yet
    # nbgrader's own dialog (the Assignments tab): the summary, then the failure
    first, *rest = answer["failed"]
    assert first["source"].startswith(f"{len(tests) - 1} of {len(tests)} tests pass:\n✓ {tests[0]}")
    assert first["raw_error"] == summary["note"]
    assert [(entry["source"], entry["raw_error"]) for entry in rest] == [
        (f"✗ {tests[-1]}", failure["message"])
    ]
