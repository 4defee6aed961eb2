"""Grading a class in parallel gives nbgrader's own grades, submission for submission and test
for test: with worker processes, with Dask's scheduler and workers (on 127.0.0.1 here), and in
this process. The batch mixes what a class hands in: right, wrong, blank, an endless loop, a
kernel that dies, a file cut short. And the gradebook may live in PostgreSQL instead of SQLite."""

import concurrent.futures
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from grading_tools import demo_students, notebooks
from grading_tools.pipeline import Course
from grading_tools.run import grading
from grading_tools.run.runners import Runner
from grading_tools.run.tasks import Executed
from tests.support import ROOT, submit

pytestmark = pytest.mark.nbgrader
ASSIGNMENT = "01_perceptron_xor"
TIMEOUT = 4  # seconds per cell, so that the endless loop ends soon
# one endless cell ends the notebook (the course allows two): the looper is graded the same way
# by each runner, and waits out one timeout instead of two
TIMEOUT_BUDGET = 1


def _answers(root, **changes):
    source = notebooks.read(notebooks.source_notebook(root, ASSIGNMENT))
    return {**notebooks.solutions(source), **changes}


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """A course with 01 generated and a mixed class submitted, not graded."""
    root = tmp_path_factory.mktemp("prepared")
    shutil.copytree(ROOT / "source" / ASSIGNMENT, root / "source" / ASSIGNMENT)
    config = (ROOT / "nbgrader_config.py").read_text() + (
        f"\nc.Execute.timeout = {TIMEOUT}\nc.AutogradeExecute.timeout_budget = {TIMEOUT_BUDGET}\n"
    )
    (root / "nbgrader_config.py").write_text(config)
    Course(root).generate([ASSIGNMENT])
    release = notebooks.read(notebooks.release_notebook(root, ASSIGNMENT))
    source = notebooks.read(notebooks.source_notebook(root, ASSIGNMENT))
    for student in demo_students.STUDENTS:
        submit(
            root,
            student,
            ASSIGNMENT,
            demo_students.submission(student, release, source, ASSIGNMENT),
        )
    kinds = {
        "looper": {"step": "def step(z):\n    while True:\n        pass\n"},
        "quitter": {"perceptron_train": "import os\nos._exit(3)\n"},
        "sloppy": {"step": "def step(z):\n    return (np.asarray(z) > 0).astype(float)\n"},
    }
    for student, changes in kinds.items():
        submit(root, student, ASSIGNMENT, notebooks.complete(release, _answers(root, **changes)))
    cut = submit(root, "truncated", ASSIGNMENT, release) / f"{ASSIGNMENT}.ipynb"
    cut.write_text(cut.read_text()[:500])
    return root


def graded(prepared, tmp_path_factory, name, grade):
    """Per-test scores after `grade(course, students)` on a fresh copy of the prepared course."""
    root = tmp_path_factory.mktemp(name) / "course"
    shutil.copytree(prepared, root)
    course = Course(root)
    students = sorted(p.name for p in (root / "submitted").iterdir())
    grade(course, students)
    return cell_scores(course)


def cell_scores(course):
    from nbgrader.api import Gradebook

    with Gradebook(course.api.coursedir.db_url, course.course_id) as gradebook:
        return {
            (sub.student_id, g.name): g.score
            for sub in gradebook.assignment_submissions(ASSIGNMENT)
            for nb in sub.notebooks
            for g in nb.grades
        }


@pytest.fixture(scope="module")
def serial(prepared, tmp_path_factory):
    return graded(
        prepared,
        tmp_path_factory,
        "serial",
        lambda course, students: course.grade(ASSIGNMENT, workers=0, progress=False),
    )


def test_nbgraders_own_autograde_gives_the_same_grades(prepared, tmp_path_factory, serial):
    def nbgrader_autograde(course, students):
        for student in students:
            if student != "truncated":  # nbgrader itself cannot read that one (see intake)
                assert course.api.autograde(ASSIGNMENT, student)["success"]

    own = graded(prepared, tmp_path_factory, "nbgrader", nbgrader_autograde)
    assert own == {k: v for k, v in serial.items() if k[0] != "truncated"}
    assert own["ada", "test_step"] > 0 and own["sloppy", "test_step"] == 0


def test_worker_processes_give_the_serial_grades(prepared, tmp_path_factory, serial):
    parallel = graded(
        prepared,
        tmp_path_factory,
        "workers",
        lambda course, students: course.grade(ASSIGNMENT, workers=2, progress=False),
    )
    assert parallel == serial
    assert serial["truncated", "test_step"] == 0 and serial["looper", "test_step"] == 0
    assert serial["quitter", "test_perceptron_train"] == 0


@pytest.fixture
def dask_scheduler(tmp_path):
    """A Dask scheduler and two single-thread workers on 127.0.0.1, stopped afterwards."""
    from distributed import Client

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    dask = str(Path(sys.executable).parent / "dask")  # Dask's own command, in this environment
    quiet = ["--dashboard-address", ":0"]
    scheduler = [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), *quiet]
    worker = [dask, "worker", address, "--nthreads", "1", "--host", "127.0.0.1", *quiet]
    commands = [scheduler] + [
        [*worker, "--name", name, "--local-directory", str(tmp_path)] for name in ("w1", "w2")
    ]
    env = {**os.environ, "TMPDIR": str(tmp_path)}  # what a worker leaves, it leaves here
    processes = [
        subprocess.Popen(c, cwd=tmp_path, env=env, stderr=subprocess.DEVNULL) for c in commands
    ]
    try:
        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        with contextlib.suppress(Exception), Client(address, timeout="10s") as client:
            client.shutdown()  # the workers end as Dask ends them, cleaning up after themselves
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def test_dask_workers_give_the_serial_grades(prepared, tmp_path_factory, serial, dask_scheduler):
    start = time.monotonic()
    remote = graded(
        prepared,
        tmp_path_factory,
        "dask",
        lambda course, students: course.grade(ASSIGNMENT, scheduler=dask_scheduler, progress=False),
    )
    assert remote == serial
    assert time.monotonic() - start < 300


# ------------------------------------------------------------------ a PostgreSQL gradebook
POSTGRES = Path("/usr/lib/postgresql")


def _postgres_bin(name):
    found = sorted(POSTGRES.glob(f"*/bin/{name}"))
    return str(found[-1]) if found else None


@pytest.fixture
def postgres():
    """A PostgreSQL server from Debian's package, listening on a Unix socket only (no TCP), in a
    folder of its own; stopped and removed afterwards. Its gradebook URL."""
    if _postgres_bin("initdb") is None:
        pytest.skip("Debian's postgresql package is not installed (.ci/run installs it)")
    folder = Path(tempfile.mkdtemp(prefix="nn-course-postgres-"))
    folder.chmod(0o755)
    as_owner = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root: its own user runs it
        shutil.chown(folder, "postgres")
        as_owner = ["runuser", "-u", "postgres", "--"]
    data, socket_dir = folder / "data", str(folder)

    def run(*command):
        subprocess.run([*as_owner, *command], check=True, capture_output=True)

    try:
        run(_postgres_bin("initdb"), "-D", str(data), "-A", "trust", "-U", "grader")
        run(
            _postgres_bin("pg_ctl"),
            "-D",
            str(data),
            "-w",
            "-l",
            str(folder / "log"),
            "-o",
            f"-c listen_addresses='' -k {socket_dir}",
            "start",
        )
        run(_postgres_bin("createdb"), "-h", socket_dir, "-U", "grader", "gradebook")
        yield f"postgresql+psycopg2://grader@/gradebook?host={socket_dir}"
    finally:
        subprocess.run(
            [*as_owner, _postgres_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


def test_a_postgresql_gradebook_gets_the_same_grades(prepared, tmp_path_factory, serial, postgres):
    def in_postgres(course, students):
        with open(course.root / "nbgrader_config.py", "a") as config:
            config.write(f"\nc.CourseDirectory.db_url = {postgres!r}\n")
        course = Course(course.root)
        course.generate([ASSIGNMENT])  # the assignment's cells, into the new gradebook
        course.grade(ASSIGNMENT, workers=2, progress=False)
        return course

    root = tmp_path_factory.mktemp("postgres") / "course"
    shutil.copytree(prepared, root)
    (root / "gradebook.db").unlink()
    course = in_postgres(Course(root), None)
    assert course.api.coursedir.db_url.startswith("postgresql")
    assert not (root / "gradebook.db").exists()
    assert cell_scores(course) == serial


class LostWorkers(concurrent.futures.Executor):
    """Workers that never return a result: each one dies with its task."""

    def submit(self, fn, /, *args, **kwargs):
        future = concurrent.futures.Future()
        future.set_exception(BrokenProcessPool("a worker died"))
        return future


def test_a_worker_that_dies_costs_no_student_a_point(prepared, tmp_path_factory, serial):
    lost = graded(
        prepared,
        tmp_path_factory,
        "lost",
        lambda course, students: course.grade(
            ASSIGNMENT, runner=Runner(LostWorkers(), 1, print), progress=False
        ),
    )
    assert lost == serial


def test_prepared_notebooks_stay_writable_until_finished_as_nbgrader_leaves_them(
    prepared, tmp_path_factory
):
    """Prepare must not make the notebook read-only (nbgrader's 444) before the executed one is
    stored: an instructor who is not root could not write it. Finish sets the permissions."""
    root = tmp_path_factory.mktemp("modes") / "course"
    shutil.copytree(prepared, root)
    course = Course(root)
    notebook = root / "autograded" / "ada" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert grading.run_step(course.api, grading.Prepare, ASSIGNMENT, "ada")["success"]
    assert notebook.stat().st_mode & 0o200
    assert grading.run_step(course.api, grading.Finish, ASSIGNMENT, "ada")["success"]
    assert notebook.stat().st_mode & 0o777 == 0o444


class GarbledResults(concurrent.futures.Executor):
    """Workers whose executed notebooks come back unreadable, so that nbgrader's Finish fails."""

    def submit(self, fn, task):
        future = concurrent.futures.Future()
        future.set_result(Executed({name: "{not json" for name in task.notebooks}))
        return future


def test_a_submission_nbgrader_cannot_finish_is_scored_as_unanswered_with_the_reason(
    prepared, tmp_path_factory
):
    root = tmp_path_factory.mktemp("garbled") / "course"
    shutil.copytree(prepared, root)
    summary = Course(root).grade(
        ASSIGNMENT, ["ada", "sloppy"], runner=Runner(GarbledResults(), 1, print), progress=False
    )
    for student in ("ada", "sloppy"):
        line = next(line for line in summary.splitlines() if line.startswith(f"  {student} "))
        assert "0.0 / 10" in line and "scored as unanswered" in line, line
