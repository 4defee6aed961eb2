"""Limits on a notebook as a whole: however each cell stays under its own limits (time, output),
a submission cannot hold a worker for long or flood the grader. A notebook has a wall-clock
budget, sleeping included (c.AutogradeExecute.notebook_timeout), and an output budget
(c.AutogradeExecute.notebook_output_limit); past either, every code cell fails, the limit named,
and the class report and the grading summary flag the submission.

First through the course's execute preprocessor, in the sandbox (as tests/test_sandbox.py); then
through the pipeline, where good submissions graded beside the hostile ones score what they score
alone; last, the coordinator's and a worker's peak memory while the command line grades an output
flood, against grading a correct submission in the same run.
"""

import asyncio
import contextlib
import io
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from traitlets.config import Config

from grading_tools import demo_students, notebooks, report
from grading_tools.nbgrader_plugins.execute import AutogradeExecute
from grading_tools.pipeline import Course
from tests.support import ROOT, function_names, student_summary, submit

A = "01_perceptron_xor"
KiB, MiB = 1024, 1024**2


def run_cells(tmp_path, *sources, cell_timeout=20, sandbox=None, **limits):
    """Execute the cells in the sandbox, each with `cell_timeout` seconds, with the notebook
    `limits` (AutogradeExecute's settings) and the `sandbox` settings; return the notebook."""
    folder = tmp_path / "submitted" / "mallory" / A
    folder.mkdir(parents=True, exist_ok=True)
    notebook = new_notebook(
        cells=[new_code_cell(textwrap.dedent(s)) for s in sources],
        metadata={
            "kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}
        },
    )
    config = Config(
        {
            "Execute": {"timeout": cell_timeout, "interrupt_on_timeout": True},
            "AutogradeExecute": limits,
            "Sandbox": sandbox or {},
        }
    )
    resources = {"metadata": {"path": str(folder)}, "nbgrader": {"assignment": A}}
    AutogradeExecute(config=config).preprocess(notebook, resources)
    return notebook


def errors(cell):
    return [f"{o.ename}: {o.evalue}" for o in cell.outputs if o.output_type == "error"]


def printed(cell):
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def stored_output(notebook):
    """Bytes of output kept in the notebook."""
    return sum(len(nbformat.writes(new_notebook(cells=[c]))) for c in notebook.cells)


# ------------------------------------------------------------------ through the preprocessor
def test_sleeping_cells_are_stopped_at_the_notebook_time_limit_and_the_rest_fail(tmp_path):
    nb = run_cells(
        tmp_path,
        "import time; time.sleep(2)",
        "time.sleep(2)  # each cell stays under its own 20 s",
        "time.sleep(2)",
        "print('never')",
        notebook_timeout=3,
    )
    first, stopped, *rest = nb.cells
    assert errors(first) == []
    interrupted, limit = errors(stopped)
    assert interrupted.startswith("KeyboardInterrupt")
    assert limit == "NotebookTimeLimit: stopped: the notebook used up the 3 s it may run"
    assert "c.AutogradeExecute.notebook_timeout" in stopped.outputs[-1].traceback[-1]
    for cell in rest:
        assert errors(cell) == [
            "NotebookTimeLimit: not run: the notebook used up the 3 s it may run"
        ]
    assert printed(rest[-1]) == ""
    assert report.notebook_flags(nb) == [(report.LIMIT, f"cell 2: {limit} (and 2 more cells)")]


def test_endless_loops_still_end_the_notebook_after_timeout_budget_cells(tmp_path):
    nb = run_cells(
        tmp_path,
        "while True: pass",
        "while True: pass",
        "print('never')",
        cell_timeout=1,
        notebook_timeout=60,
        timeout_budget=2,
    )
    for cell in nb.cells[:2]:
        assert errors(cell)[-1].startswith("CellTimeoutError")
    assert errors(nb.cells[2])[-1].startswith("NotRun")


def test_output_past_the_notebook_limit_is_dropped_and_the_rest_fail(tmp_path):
    nb = run_cells(
        tmp_path,
        *["print('x' * 300_000)"] * 4,
        "print('never')",
        notebook_output_limit=1 * MiB,
    )
    for cell in nb.cells[:3]:
        assert len(printed(cell)) > 300_000 - 1 and errors(cell) == []
    cut, after = nb.cells[3:]
    assert printed(cut) == ""
    assert errors(cut) == [
        "NotebookOutputLimit: output dropped: the notebook printed more than the 1 MiB it may print"
    ]
    assert "c.AutogradeExecute.notebook_output_limit" in cut.outputs[-1].traceback[-1]
    assert errors(after) == [
        "NotebookOutputLimit: not run: the notebook printed more than the 1 MiB it may print"
    ]
    assert stored_output(nb) < 1 * MiB + 50 * KiB
    assert report.notebook_flags(nb)[0][1].startswith("cell 4: NotebookOutputLimit")


def test_a_cell_that_keeps_printing_past_the_notebook_limit_is_stopped(tmp_path):
    nb = run_cells(
        tmp_path,
        "print('x' * 400_000)",
        "while True:\n    print('x' * 1000, flush=True)",  # a message a line
        "print('never')",
        sandbox={"output_limit": 512 * KiB},
        notebook_output_limit=600 * KiB,
    )
    printer = nb.cells[1]
    assert any(e.startswith("OutputLimit") for e in errors(printer))  # stopped, by its own limit
    assert errors(printer)[-1].startswith("NotebookOutputLimit: output dropped")
    assert errors(nb.cells[2])[-1].startswith("NotebookOutputLimit: not run")
    assert stored_output(nb) < 600 * KiB + 50 * KiB


def test_errors_and_display_updates_count_towards_the_notebook_output(tmp_path):
    nb = run_cells(
        tmp_path,
        "handle = display('small', display_id=True)",
        "for _ in range(30):\n    handle.update('y' * 100_000)",
        "raise ValueError('x' * 2_000_000)",
        notebook_output_limit=1 * MiB,
    )
    assert errors(nb.cells[1])[-1].startswith("NotebookOutputLimit: output dropped")
    assert errors(nb.cells[2])[-1].startswith("NotebookOutputLimit: not run")
    assert stored_output(nb) < 1 * MiB + 50 * KiB
    nb = run_cells(tmp_path, "raise ValueError('x' * 2_000_000)", notebook_output_limit=1 * MiB)
    assert errors(nb.cells[0])[-1].startswith("NotebookOutputLimit: output dropped")
    assert stored_output(nb) < 1 * MiB


def test_a_cell_whose_output_is_late_fails_alone_and_the_notebook_goes_on(tmp_path, monkeypatch):
    """A kernel starved of CPU (a fork bomb's copies spinning) can send a cell's last output
    after the cell's reply. That cell fails, named; nbclient raised out of the whole notebook,
    and every test of the submission was lost."""
    from nbclient.client import NotebookClient

    poll = NotebookClient._async_poll_output_msg

    async def late(self, parent_msg_id, cell, cell_index):  # the output arrives after 3 s
        if "# late output" in cell.source:
            await asyncio.sleep(3)
        return await poll(self, parent_msg_id, cell, cell_index)

    monkeypatch.setattr(NotebookClient, "_async_poll_output_msg", late)
    nb = run_cells(tmp_path, "x = 1", "y = 2  # late output", "print(x + y)", iopub_timeout=1)
    assert errors(nb.cells[0]) == []
    assert errors(nb.cells[1]) == [
        "IOPubTimeout: the cell's output did not arrive within 1 s of its end"
    ]
    assert printed(nb.cells[2]) == "3\n" and errors(nb.cells[2]) == []


# ------------------------------------------------------------------ through the pipeline
SLEEP, BUDGET = 4, 10  # seconds: each sleeping cell stays under the cell timeout (6 s)
FLOOD = "print('x' * 1_900_000)\n"  # under the 2 MiB per cell; 5 cells pass the 8 MiB


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A course with 01 generated, its cell timeout 6 s and its notebooks' time budget short."""
    root = tmp_path_factory.mktemp("limits") / "course"
    shutil.copytree(ROOT / "source" / A, root / "source" / A)
    config = (ROOT / "nbgrader_config.py").read_text() + (
        f"\nc.Execute.timeout = 6\nc.AutogradeExecute.notebook_timeout = {BUDGET}\n"
    )
    (root / "nbgrader_config.py").write_text(config)
    Course(root, exchange=root.parent / "exchange").generate([A])
    return root


def answered(root, student=None, **changes):
    """A demo student's submission of 01, or the instructor's answers with `changes` (by
    grade_id: a function applied to the answer)."""
    release = notebooks.read(notebooks.release_notebook(root, A))
    source = notebooks.read(notebooks.source_notebook(root, A))
    if student:
        return demo_students.submission(student, release, source, A)
    answers = notebooks.solutions(source)
    return notebooks.complete(
        release, {name: changes.get(name, lambda code: code)(answers[name]) for name in answers}
    )


def cell_scores(course, student):
    """{test cell: (score, max)} of one autograded submission, from the gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(course.api.coursedir.db_url, course.course_id) as gradebook:
        submission = gradebook.find_submission(A, student)
        return {g.name: (g.score, g.max_score) for nb in submission.notebooks for g in nb.grades}


@pytest.fixture(scope="module")
def batch(generated, tmp_path_factory):
    """ada and bugsy graded alone, then copies of them graded with two workers beside a sleeper
    and an output flood: (course, the summary of the batch, what grading said as it went)."""
    root = tmp_path_factory.mktemp("batch") / "course"
    shutil.copytree(generated, root)
    course = Course(root, exchange=root.parent / "exchange")
    for student in ("ada", "bugsy"):
        submit(root, student, A, answered(root, student))
        submit(root, f"zz-{student}", A, answered(root, student))
    course.grade(A, ["ada", "bugsy"], workers=0, progress=False)
    sleeps = {
        name: (lambda code: f"import time\ntime.sleep({SLEEP})\n" + code)
        for name in ("step", "perceptron_predict", "gate_weights")
    }
    submit(root, "sleeper", A, answered(root, **sleeps))
    floods = {name: (lambda code: FLOOD + code) for name in function_names(A)}
    submit(root, "flooder", A, answered(root, **floods))
    said = io.StringIO()
    with contextlib.redirect_stdout(said):  # the lines above the progress bar
        summary = course.grade(A, ["sleeper", "flooder", "zz-ada", "zz-bugsy"], workers=2)
    return course, summary, said.getvalue()


@pytest.mark.nbgrader
def test_good_submissions_beside_the_hostile_ones_score_what_they_score_alone(batch):
    course, *_ = batch
    for student in ("ada", "bugsy"):
        assert cell_scores(course, f"zz-{student}") == cell_scores(course, student)


@pytest.mark.nbgrader
def test_a_sleeper_loses_the_tests_after_the_time_limit_and_the_summary_says_why(batch):
    course, summary, said = batch
    scores = cell_scores(course, "sleeper")
    score, maximum = scores["test_step"]
    assert score == maximum  # ran before the limit
    for test in ("test_gate_weights", "test_perceptron_train", "test_xor_network"):
        assert scores[test][0] == 0
    reason = f"NotebookTimeLimit: not run: the notebook used up the {BUDGET} s it may run"
    assert f"failed test_xor_network: {reason}" in student_summary(summary, "sleeper")
    assert "sleeper: sandbox limit or crash: " in said and "NotebookTimeLimit: stopped" in said


@pytest.mark.nbgrader
def test_an_output_flood_loses_the_tests_after_the_output_limit(batch):
    course, summary, said = batch
    scores = cell_scores(course, "flooder")
    assert scores.pop("test_xor_network")[0] == 0
    assert all(score == maximum for score, maximum in scores.values())
    reason = "NotebookOutputLimit: not run: the notebook printed more than the 8 MiB it may print"
    assert f"failed test_xor_network: {reason}" in student_summary(summary, "flooder")
    assert "flooder: sandbox limit or crash: " in said and "NotebookOutputLimit" in said
    autograded = course.root / "autograded" / "flooder" / A / f"{A}.ipynb"
    assert autograded.stat().st_size < 8 * MiB + 200 * KiB


@pytest.mark.nbgrader
def test_the_class_report_flags_both(batch):
    course, *_ = batch
    (assignment,) = report.collect(course.root, course.api.coursedir.db_url, course.course_id, [A])
    flags = {(student, kind): why for student, kind, why in assignment.flagged}
    assert "NotebookTimeLimit" in flags["sleeper", report.LIMIT]
    assert "NotebookOutputLimit" in flags["flooder", report.LIMIT]
    assert not any(student in ("zz-ada", "ada") for student, _ in flags)


# ------------------------------------------------------------------ the grader's memory
FLOOD_CELLS = 520  # each prints 1.9 MB in lines of 1000 bytes: about a gigabyte in all
GRADE_AND_REPORT_PEAK = """
import atexit, resource, runpy, sys
peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
atexit.register(lambda: print("PEAK KiB", peak(), file=sys.stderr))
sys.argv = ["python -m grading_tools", *sys.argv[1:]]
runpy.run_module("grading_tools", run_name="__main__")
"""


def flood(root):
    """ada's submission of 01, then a gigabyte printed in small pieces: first in one cell, then
    over many cells each under the output limit per cell."""
    notebook = answered(root, "ada")
    in_one_cell = "for _ in range(1_000_000):\n    print('x' * 999)"
    in_many_cells = "for _ in range(1900):\n    print('x' * 999)"
    notebook.cells += [new_code_cell(in_one_cell)]
    notebook.cells += [new_code_cell(in_many_cells) for _ in range(FLOOD_CELLS)]
    return notebook


def peak_memory(root, workers):
    """(the coordinator's, the largest worker's) peak resident memory, in MiB, while the command
    line grades 01 in `root` with `workers` (0: the coordinator executes, and is the worker)."""
    log = root.parent / f"grade-{workers}.log"
    with open(log, "w") as output:
        process = subprocess.Popen(
            [sys.executable, "-c", GRADE_AND_REPORT_PEAK, "--root", str(root), "grade", A]
            + ["--workers", str(workers)],
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NN_COURSE_EXCHANGE": str(root.parent / "exchange")},
        )
        workers_peak = 0
        while process.poll() is None:  # a worker's high-water mark only grows: poll it
            for pid in worker_processes(process.pid):
                workers_peak = max(workers_peak, high_water_mark(pid))
            time.sleep(0.1)
    text = log.read_text()
    assert process.returncode == 0, text
    coordinator = int(text.split("PEAK KiB ")[-1].split()[0]) / 1024
    return coordinator, (workers_peak / 1024 if workers else coordinator)


def worker_processes(pid):
    """The worker processes (multiprocessing's spawn) that process `pid` started."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [c for c in children if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]
    except OSError:  # it ended meanwhile
        return []


def high_water_mark(pid):
    """A process's peak resident memory so far, in KiB (0 if it has ended)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return int(status.split("VmHWM:")[1].split()[0])


@pytest.mark.nbgrader
def test_an_output_flood_costs_the_grader_little_more_memory_than_a_correct_submission(
    generated, tmp_path
):
    """With worker processes, as `make demo` grades: a worker runs what `--workers 0` runs in
    the coordinator, so both places are measured in one run."""
    workers = 2
    peaks = {}
    for student, notebook in (("ada", answered(generated, "ada")), ("flooder", flood(generated))):
        root = tmp_path / student / "course"
        shutil.copytree(generated, root)
        submit(root, student, A, notebook)
        peaks[student] = peak_memory(root, workers)
    print(
        f"\npeak memory (MiB) with --workers {workers}, coordinator and worker: "
        f"correct submission {peaks['ada'][0]:.0f}, {peaks['ada'][1]:.0f}; "
        f"output flood {peaks['flooder'][0]:.0f}, {peaks['flooder'][1]:.0f}"
    )
    for baseline, flooded in zip(peaks["ada"], peaks["flooder"]):
        assert flooded < 2 * baseline, peaks
