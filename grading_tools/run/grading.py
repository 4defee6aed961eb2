"""Grading a class: nbgrader's autograde, split at execution so that submissions run in parallel.

nbgrader's autograde of one submission does three things in a row: it records the submission in
the gradebook and copies its files to autograded/ (`init_assignment`), sanitizes its notebooks
(c.Autograde.sanitize_preprocessors), then runs the autograde steps
(c.Autograde.autograde_preprocessors), of which only the first, execution, runs student code.

Here the coordinator, the one process that writes the gradebook, runs nbgrader's own steps but
execution: `Prepare` (up to execution) and `Finish` (after it: the hidden tests judged, scores
saved). Execution, the slow part, runs in workers (runners.py): this process (`workers=0`), a
pool of local processes, or Dask workers on other hosts (`scheduler`). A worker needs neither
course files nor the gradebook: a `Task` (tasks.py) carries the sanitized notebooks, the
submission's other files and the configuration of execution, and the executed notebooks come
back. Each worker starts its next sandboxed kernel while it runs the current one
(c.AutogradeExecute.start_ahead, from the worker's KernelPool: kernels.py).

The grades are nbgrader's own: tests/test_parallel.py compares them with `nbgrader autograde`.
"""

import concurrent.futures
import contextlib
import copy
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader import utils
from nbgrader.converters import Autograde
from nbgrader.converters.base import BaseConverter
from nbgrader.preprocessors import Execute
from tqdm import tqdm
from traitlets.utils.importstring import import_item

from .. import intake, report
from ..nbgrader_plugins import sanitize
from .kernels import KernelPool
from .runners import Runner
from .tasks import Executed, Task, execute


# ----------------------------------------------------------------- the coordinator's steps
class Prepare(Autograde):
    """nbgrader's autograde up to execution: the gradebook's entries, the submission's files and
    its sanitized notebooks in autograded/."""

    def convert_single_notebook(self, notebook_filename):
        self._sanitizing = True
        self._init_preprocessors()
        BaseConverter.convert_single_notebook(self, notebook_filename)

    def set_permissions(self, assignment_id, student_id):
        pass  # the notebooks stay writable until Finish, which sets nbgrader's permissions


class Finish(Autograde):
    """nbgrader's autograde after execution, on the executed notebooks in autograded/."""

    _sanitizing = False  # so nbgrader reads the notebooks from autograded/

    def init_destination(self, assignment_id, student_id):
        return True  # the notebooks are processed where they are

    def init_assignment(self, assignment_id, student_id):
        pass  # Prepare did it

    def _init_preprocessors(self):
        self.exporter._preprocessors = []
        for preprocessor in self.autograde_preprocessors:
            if not is_execution(preprocessor):
                self.exporter.register_preprocessor(preprocessor)

    def convert_single_notebook(self, notebook_filename):
        self._init_preprocessors()
        with utils.setenv(NBGRADER_EXECUTION="autograde"):
            BaseConverter.convert_single_notebook(self, notebook_filename)


def is_execution(preprocessor):
    """Whether a configured autograde preprocessor (a class or its import string) executes."""
    cls = import_item(preprocessor) if isinstance(preprocessor, str) else preprocessor
    return isinstance(cls, type) and issubclass(cls, Execute)


def run_step(api, converter, assignment, student):
    """Run an nbgrader converter on one submission as `api.autograde` does: nbgrader's result."""
    with utils.temp_attrs(api.coursedir, assignment_id=assignment, student_id=student):
        app = converter(coursedir=api.coursedir, parent=api)
        app.force, app.create_student = True, True
        return utils.capture_log(app)


# ------------------------------------------------------------------ tasks, from and to disk
def execution(api) -> tuple[str, dict]:
    """(the execution preprocessor's import string, the configuration it reads), from the
    course's c.Autograde.autograde_preprocessors."""
    step = next(p for p in Autograde(parent=api).autograde_preprocessors if is_execution(p))
    step = step if isinstance(step, str) else f"{step.__module__}.{step.__name__}"
    return step, execution_config(api.config, step)


def make_task(api, assignment: str, student: str, execution: tuple[str, dict]) -> Task:
    """The task of a prepared submission: its notebooks and files, read from autograded/."""
    coursedir = api.coursedir
    folder = Path(coursedir.format_path(coursedir.autograded_directory, student, assignment))
    notebooks, files = {}, {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
        relative = str(path.relative_to(folder))
        if path.parent == folder and path.suffix == ".ipynb":
            notebooks[path.stem] = path.read_text()
        else:
            files[relative] = path.read_bytes()
    return Task(assignment, student, notebooks, files, *execution)


def execution_config(config, executor):
    """The sections of `config` that execution reads, as plain data; kernels are started ahead
    unless the configuration says otherwise."""
    cls = import_item(executor)
    names = {c.__name__ for c in cls.__mro__} | {"Sandbox"}
    plain = {name: copy.deepcopy(dict(config[name])) for name in names if name in config}
    if "start_ahead" in cls.class_trait_names():
        plain.setdefault(cls.__name__, {}).setdefault("start_ahead", True)
    return plain


def store(api, task: Task, executed: Executed) -> None:
    """Write the executed notebooks where Finish reads them."""
    coursedir = api.coursedir
    folder = Path(
        coursedir.format_path(coursedir.autograded_directory, task.student, task.assignment)
    )
    for name, text in executed.notebooks.items():
        (folder / f"{name}.ipynb").write_text(text)


# ------------------------------------------------------------------------------ the class
@dataclass
class Outcome:
    """How one submission's grading went."""

    student: str
    result: dict  # nbgrader's result of the last step: success, log, error
    notes: list
    seconds: float = 0.0
    flags: list = field(default_factory=list)  # sandbox limits hit, attempted access (report.py)

    @property
    def problem(self):
        """Why the submission could not be graded (its first logged error), or None."""
        if self.result["success"]:
            return None
        errors = [line for line in self.result.get("log", "").splitlines() if "[ERROR]" in line]
        return (
            errors[0]
            if errors
            else (self.result.get("error", "").strip().splitlines() or ["unknown error"])[-1]
        )


def grade(
    api, assignment: str, students: list[str], runner: Runner, progress: bool = True
) -> dict[str, Outcome]:
    """Autograde `students`' submissions of `assignment` on `runner` (see runners.open_runner);
    {student: Outcome}.

    The coordinator prepares the submissions a few ahead of the workers, finishes each as its
    execution returns, and shows a progress bar; a submission that fails anywhere is graded
    again here, as unanswered, with the reason (see intake)."""
    outcomes, running, waiting = {}, {}, list(students)
    bar = tqdm(
        total=len(students),
        desc=f"grading {assignment}",
        unit="submission",
        disable=not progress,
        dynamic_ncols=True,
    )
    with KernelPool() as pool, contextlib.closing(bar):
        run = _Run(
            api, assignment, intake.expected_notebooks(api, assignment), execution(api), pool
        )
        while waiting or running:
            while waiting and len(running) < 2 * runner.workers:
                student = waiting.pop(0)
                begun = time.perf_counter()
                task, outcome = run.prepare(student)
                prepared = time.perf_counter() - begun
                if task is None:
                    outcome.seconds = prepared
                    _done(outcomes, bar, outcome)
                else:
                    running[runner.submit(task)] = (task, outcome, prepared)
            done, _ = concurrent.futures.wait(list(running), return_when="FIRST_COMPLETED")
            for future in done:
                task, notes, prepared = running.pop(future)
                begun = time.perf_counter()
                outcome = run.finish(task, notes, future)
                # the work this submission took (not its wait in the queue)
                outcome.seconds += prepared + time.perf_counter() - begun
                _done(outcomes, bar, outcome)
    return outcomes


@dataclass
class _Run:
    """The coordinator's side of grading one assignment: what it prepares and finishes each
    submission with, and the kernels of what it executes itself (`pool`)."""

    api: object
    assignment: str
    names: list  # the notebooks the assignment expects
    settings: tuple  # (the execution preprocessor, its configuration): see execution
    pool: KernelPool

    def prepare(self, student):
        """(the task, its notes) of a submission prepared with intake's repairs; if nbgrader
        could not prepare it, (None, the Outcome of grading it as unanswered)."""
        api, assignment = self.api, self.assignment
        plan = intake.plan(api, assignment, student, self.names)
        result = intake.staged(
            api, assignment, student, plan, lambda: run_step(api, Prepare, assignment, student)
        )
        if not result["success"]:
            return None, self.unanswered(student, plan, result)
        notes = plan.notes + sanitize.notes(result.get("log"))
        return make_task(api, assignment, student, self.settings), notes

    def finish(self, task, notes, future):
        """The outcome of an executed task: stored and finished by nbgrader, or, if that failed,
        graded as unanswered."""
        try:
            executed = self.executed(future, task)
            store(self.api, task, executed)
            result = run_step(self.api, Finish, task.assignment, task.student)
            result["log"] = "\n".join(executed.log) + "\n" + result.get("log", "")
        except Exception as error:
            result = {"success": False, "log": f"[ERROR] {type(error).__name__}: {error}\n"}
        if not result["success"]:
            plan = intake.plan(self.api, task.assignment, task.student, self.names)
            return self.unanswered(task.student, plan, result)
        flags = [
            f"{kind}: {why}"
            for text in executed.notebooks.values()
            for kind, why in report.notebook_flags(nbformat.reads(text, as_version=4))
        ]
        return Outcome(task.student, result, notes, executed.seconds, flags)

    def unanswered(self, student, plan, failed):
        """A submission nbgrader `failed` on, graded here, whole, as the release notebook (0
        points) with the reason (intake.as_unanswered); when even that fails, the failure with
        the reason."""
        api, assignment = self.api, self.assignment
        retry = intake.as_unanswered(
            api,
            assignment,
            student,
            plan,
            failed,
            lambda: run_step(api, Prepare, assignment, student),
        )
        if retry is not None and retry[0]["success"]:
            try:
                task = make_task(api, assignment, student, self.settings)
                store(api, task, execute(task, self.pool))
                result = run_step(api, Finish, assignment, student)
            except Exception as error:
                result = {"success": False, "log": f"[ERROR] {type(error).__name__}: {error}\n"}
            if result["success"]:
                return Outcome(student, result, retry[1])
        if plan.notes:  # the reason nbgrader failed, where the summary looks for it
            log = "".join(f"[ERROR] {n}\n" for n in plan.notes) + failed.get("log", "")
            failed = {**failed, "log": log}
        return Outcome(student, failed, plan.notes)

    def executed(self, future, task):
        """The task as its worker executed it; if the worker itself failed (a worker process
        that died, a Dask worker lost), executed again here: the submission is not to blame."""
        try:
            return future.result()
        except Exception as error:
            tqdm.write(
                f"  {task.student}: its worker failed ({type(error).__name__}: {error}); "
                "executed again by the coordinator"
            )
            return execute(task, self.pool)


def _done(outcomes, bar, outcome):
    """Count a graded submission; say at once what went wrong with it, above the bar."""
    outcomes[outcome.student] = outcome
    said = [f"NOT GRADED: {outcome.problem}"] if outcome.problem else outcome.notes + outcome.flags
    if said and not bar.disable:
        tqdm.write(f"  {outcome.student}: " + "; ".join(said))
    bar.update()
    failed = sum(not o.result["success"] for o in outcomes.values())
    if failed:
        bar.set_postfix(failed=failed)
