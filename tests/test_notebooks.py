"""The notebooks: valid nbgrader sources that run clean, and release versions that are current,
give nothing away, and fail their tests until the student writes the code."""

import shutil

import nbformat
import pytest
from nbgrader.nbgraderformat import MetadataValidator
from nbgrader.validator import Validator

from grading_tools import notebooks
from grading_tools.cli import Course
from grading_tools.demo_students import submission
from grading_tools.judge.record import MIME
from tests.support import ASSIGNMENTS, ROOT, error_outputs, execute, function_names


def source(assignment):
    return notebooks.read(notebooks.source_notebook(ROOT, assignment))


def release(assignment):
    return notebooks.read(notebooks.release_notebook(ROOT, assignment))


# ------------------------------------------------------------------------------- sources
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_source_metadata_is_valid_nbgrader(assignment):
    notebook = source(assignment)
    MetadataValidator().validate_nb(notebook)
    ids = [notebooks.grade_id(c) for c in notebook.cells if notebooks.grade_id(c)]
    assert len(ids) == len(set(ids)), "grade_ids must be unique"
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            assert meta.get("points", 0) > 0, f"{meta['grade_id']} has no points"
            assert meta.get("locked"), f"{meta['grade_id']}: test cells are read-only"
            assert "### BEGIN HIDDEN TESTS" in cell.source, (
                f"{meta['grade_id']} has no hidden tests"
            )
    solutions = {notebooks.grade_id(c) for c in notebook.cells if notebooks.is_solution(c)}
    assert set(function_names(assignment)) <= solutions


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_sources_are_committed_without_outputs(assignment):
    for cell in source(assignment).cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, (
                f"clear the outputs of source/{assignment} (cell {cell.get('id')})"
            )


@pytest.fixture(scope="module")
def executed_sources(tmp_path_factory):
    """Each source notebook, run once top to bottom in a fresh kernel."""
    cache = {}

    def run(assignment):
        if assignment not in cache:
            folder = tmp_path_factory.mktemp(assignment)
            shutil.copytree(ROOT / "source" / assignment, folder, dirs_exist_ok=True)
            cache[assignment] = execute(source(assignment), folder)
        return cache[assignment]

    return run


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_source_notebook_runs_clean_with_all_tests_passing(assignment, executed_sources):
    notebook, seconds = executed_sources(assignment)
    print(f"{assignment}: executed in {seconds:.1f} s")
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert not error_outputs(cell), f"cell {cell.get('id')} failed:\n{error_outputs(cell)}"
        if notebooks.is_test(cell):
            records = [o for o in cell.outputs if MIME in o.get("data", {})]
            assert records, f"{notebooks.grade_id(cell)} ran no hidden check"


# ------------------------------------------------------------------------------ releases
def test_release_is_generated_from_the_current_sources(tmp_path):
    """`make release` output is committed: regenerating it must change nothing."""
    shutil.copytree(ROOT / "source", tmp_path / "source")
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path)
    Course(tmp_path, exchange=tmp_path / "exchange").generate(ASSIGNMENTS)
    committed = sorted(
        p.relative_to(ROOT / "release") for p in (ROOT / "release").rglob("*") if p.is_file()
    )
    fresh = sorted(
        p.relative_to(tmp_path / "release")
        for p in (tmp_path / "release").rglob("*")
        if p.is_file()
    )
    assert committed == fresh, (
        "release/ holds other files than source/ generates: run `make release`"
    )
    for path in fresh:
        assert (ROOT / "release" / path).read_bytes() == (
            tmp_path / "release" / path
        ).read_bytes(), f"release/{path} is stale: run `make release` and commit the result"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_a_release_gives_no_answers_away(assignment):
    text = notebooks.release_notebook(ROOT, assignment).read_text()
    for secret in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "grading_tools"):
        assert secret not in text
    for cell in release(assignment).cells:
        if notebooks.is_solution(cell):
            assert 'raise NotImplementedError("write ' in cell.source  # the stub says what to do


def validate(notebook, folder):
    """What the student's Validate button reports for this notebook."""
    path = folder / "notebook.ipynb"
    nbformat.write(notebook, str(path))
    return Validator().validate(str(path))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_validate_fails_every_test_of_an_untouched_release(assignment, tmp_path):
    failed = validate(release(assignment), tmp_path).get("failed", [])
    tests = [c for c in release(assignment).cells if notebooks.is_test(c)]
    assert len(failed) == len(tests)
    assert all("NotImplementedError" in f["raw_error"] for f in failed)


def test_validate_passes_a_release_completed_with_the_solutions(tmp_path):
    """The student's Validate on one assignment: that every release completed with the solutions
    passes its tests is shown by ada's full marks in tests/test_pipeline.py (nbgrader runs the
    same visible tests there), and that its other cells run clean by the source runs above."""
    assignment = ASSIGNMENTS[0]
    completed = submission("ada", release(assignment), source(assignment), assignment)
    assert validate(completed, tmp_path) == {}
