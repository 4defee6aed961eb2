"""What each known mistake makes the visible tests see, shipped with the release as data.

A mistake is written once, in its topic's `MISTAKES` (grading_tools.judge.mistakes). At `generate`
time the source notebook's code runs once in a child process (`write`); before each test cell
`test_NAME` runs, the cell's visible part runs again once per known mistake of NAME that says a
hint, with the mistaken function in place of the solution, and every `expect_close` it reaches is
recorded. Each check a mistake fails becomes an entry of `release/ID/known_mistakes.json`: the
check's `what`, the expected value it was given, what the mistake answered, and the mistake's
hint; `uses` lists the graded functions each one calls (its Spec's), so that a test names the
first broken function of a chain (course.progress.first_broken). course.checks.expect_close
reads the file beside the notebook and, when a student's answer is one of those wrong answers,
names the mistake. Only numbers and words are stored, never code;
the file changes messages, never whether a test passes.
"""

import contextlib
import copy
import io
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np

from course.checks import expect_close as real_expect_close
from course.hidden import walk
from course.progress import KNOWN_MISTAKES_FILE

HIDDEN_MARKER = "### BEGIN HIDDEN TESTS"
MAX_NUMBERS = 2_000  # an answer larger than this is not shipped (the file stays small)


def write(root, ids):
    """Write known_mistakes.json beside each release notebook of `ids`. A child process runs
    the notebooks' code, so nothing of it stays in this one; it is handed the cells as JSON
    (`cells`), so it imports neither nbformat nor nbgrader."""
    from . import notebooks

    root = Path(root).resolve()
    plan = [
        {
            "assignment": assignment,
            "folder": str(notebooks.source_notebook(root, assignment).parent),
            "target": str(
                notebooks.release_notebook(root, assignment).parent / KNOWN_MISTAKES_FILE
            ),
            "cells": cells(notebooks.read(notebooks.source_notebook(root, assignment))),
        }
        for assignment in ids
    ]
    environment = {**os.environ, "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        [sys.executable, "-m", __name__],
        input=json.dumps(plan),
        env=environment,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(
            "recording what the known mistakes give in the visible tests failed:\n"
            + done.stderr.strip()[-3000:]
        )


def cells(notebook):
    """The code a student's kernel runs, cell by cell: the visible part of every code cell that
    is not a demo, with the name of the function a test cell tests (None for other cells)."""
    from . import notebooks

    return [
        {
            "code": cell.source.split(HIDDEN_MARKER)[0],
            "tests": (notebooks.grade_id(cell) or "").removeprefix("test_")
            if notebooks.is_test(cell)
            else None,
        }
        for cell in notebook.cells
        if cell.cell_type == "code" and "demo" not in cell.metadata.get("tags", [])
    ]


def entries(cells, mistakes):
    """The entries for one notebook's `cells` (run in the current folder, the notebook's):
    [{function, mistake, says, what, expected, got}] for every check a known mistake fails."""
    import course.progress

    course.progress._passed.clear()
    namespace, found = {}, []
    for cell in cells:
        for mistake in mistakes:
            if mistake.name == cell["tests"] and mistake.says:
                found += _run_with(mistake, cell["code"], namespace)
        with _quiet():
            exec(compile(cell["code"], "cell", "exec"), namespace)
    return found


def _run_with(mistake, code, namespace):
    """Run a test cell's visible code with `mistake` in place of its function; the checks it
    fails, as entries."""
    trial = {key: _copy(value) for key, value in namespace.items()}
    recorded = []

    def expect_close(got, expected, what, *args, **kwargs):
        try:
            real_expect_close(got, expected, what, *args, **{**kwargs, "uses": ()})
        except AssertionError:
            recorded.append((what, expected, got))

    trial.update(
        {mistake.name: mistake.patched(), "expect_close": expect_close, "passed": _nothing}
    )
    trial.update(expect_shape=_nothing, expect_unchanged=_nothing)
    with _quiet(), contextlib.suppress(Exception):
        exec(compile(code, "cell", "exec"), trial)
    entries = []
    for what, expected, got in recorded:
        data = _data(expected), _data(got)
        if None not in data and isinstance(what, str):
            entries.append(
                {
                    "function": mistake.name,
                    "mistake": mistake.why,
                    "says": mistake.says,
                    "what": what,
                    "expected": data[0],
                    "got": data[1],
                }
            )
    return entries


def _nothing(*args, **kwargs):
    return None


def _copy(value):
    """A copy of a notebook variable a mistake could change in place (data); else the value."""
    if isinstance(value, (np.ndarray, list, dict, tuple)):
        try:
            return copy.deepcopy(value)
        except Exception:
            return value
    return value


@contextlib.contextmanager
def _quiet():
    with (
        contextlib.redirect_stdout(io.StringIO()),
        contextlib.redirect_stderr(io.StringIO()),
        warnings.catch_warnings(),
        np.errstate(all="ignore"),
    ):
        warnings.simplefilter("ignore")
        yield


def _data(value):
    """`value` as JSON data (numbers in nested lists, see course.progress._value), or None if
    it is not numbers or too large."""
    count = [0]

    def leaf(item):
        array = np.asarray(item) if not isinstance(item, (str, type(None))) else None
        if array is None or array.dtype.kind not in "biuf":
            raise TypeError
        count[0] += array.size
        return {"array": array.astype(float).tolist()}

    try:
        data = walk(value, leaf)
    except (TypeError, ValueError):
        return None
    return data if count[0] <= MAX_NUMBERS else None


def record(job):
    """Write one assignment's known_mistakes.json (in this process), as `write` planned it."""
    from . import registry
    from .judge import catalog

    mistakes = registry.module("mistakes", job["assignment"]).MISTAKES
    specs = catalog.specs(job["assignment"])
    uses = {name: list(spec.uses) for name, spec in specs.items() if spec.uses}
    here = os.getcwd()
    os.chdir(job["folder"])
    try:
        found = entries(job["cells"], mistakes)
    finally:
        os.chdir(here)
    text = json.dumps({"version": 1, "uses": uses, "entries": found}, indent=1, ensure_ascii=False)
    Path(job["target"]).write_text(text + "\n")


if __name__ == "__main__":
    for planned in json.load(sys.stdin):
        record(planned)
