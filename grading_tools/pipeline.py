"""The course's nbgrader pipeline: a course folder and nbgrader's own steps run on it.

Every step is nbgrader's, run through nbgrader's Python API (what the formgrader uses: the same
code as the command line, without starting a process and importing nbgrader for every step) and
configured from the course's nbgrader_config.py exactly as the `nbgrader` command is. Grading a
class goes through grading.py, which splits nbgrader's autograde so that kernels run in parallel.
"""

import tempfile
from pathlib import Path

import nbformat
from tqdm import tqdm

from . import demo_students, grading, lms, notebooks, pack, registry, report, scores
from .sandbox import Sandbox, SandboxUnavailable


class CourseError(Exception):
    """A step failed; the message says what happened and what to do."""


class Course:
    """A course folder (nbgrader_config.py, source/) and nbgrader's steps run on it."""

    def __init__(self, root=".", exchange=None):
        self.root = Path(root).resolve()
        if not (self.root / "nbgrader_config.py").is_file():
            raise CourseError(
                f"{self.root} has no nbgrader_config.py: run this from the course root "
                "(the folder with source/ and nbgrader_config.py), or pass --root."
            )
        self.api = _nbgrader_api(self.root, exchange)
        self.course_id = self.api.coursedir.course_id
        self.exchange = self.api.exchange_root

    def _run(self, what, result):
        """Raise CourseError, with nbgrader's own log, unless an API call succeeded."""
        if not result["success"]:
            log = "\n".join(
                (result.get("log", "") + result.get("error", "")).strip().splitlines()[-15:]
            )
            raise CourseError(
                f"nbgrader {what} failed:\n{log}\n"
                "Fix what nbgrader reports above, then run this step again."
            )

    def assignments(self):
        """Every assignment id in source/, in order."""
        if not (self.root / "source").is_dir():
            raise CourseError(f"{self.root} has no source/ folder: expected source/ID/ID.ipynb")
        ids = registry.assignments(self.root)
        if not ids:
            raise CourseError(
                f"no assignments in {self.root / 'source'}: expected source/ID/ID.ipynb"
            )
        return ids

    def generate(self, ids):
        """source/ -> release/ (nbgrader generate_assignment)."""
        for assignment in tqdm(ids, desc="generate_assignment", unit="assignment"):
            self._run(f"generate_assignment {assignment}", self.api.generate_assignment(assignment))
        from . import visible_mistakes

        visible_mistakes.write(self.root, ids)  # what known mistakes give in the visible tests

    def publish(self, ids):
        """release/ -> the exchange, for students to fetch (nbgrader release_assignment)."""
        pack.warn_reprints(
            self.root, ids
        )  # a reprint of earlier solutions must wait for their deadline
        for assignment in tqdm(ids, desc="release_assignment", unit="assignment"):
            self.api.unrelease(assignment)  # releasing again replaces the previous release
            self._run(f"release_assignment {assignment}", self.api.release_assignment(assignment))

    def submit_demo(self, ids, students=demo_students.STUDENTS):
        """Each demo student fetches, completes and submits every assignment, from a home of
        their own."""
        with tempfile.TemporaryDirectory(prefix="nn-course-students-") as homes:
            for student in tqdm(students, desc="students fetch and submit", unit="student"):
                home = Path(homes) / student
                home.mkdir()
                exchange = _student_exchange(self.course_id, self.exchange, student, home)
                for assignment in ids:
                    self._run(
                        f"fetch_assignment {assignment} (as {student})",
                        exchange("FetchAssignment", assignment),
                    )
                    path = home / assignment / f"{assignment}.ipynb"
                    source = notebooks.read(notebooks.source_notebook(self.root, assignment))
                    copy = demo_students.submission(
                        student, notebooks.read(path), source, assignment
                    )
                    nbformat.write(copy, str(path))
                    self._run(f"submit {assignment} (as {student})", exchange("Submit", assignment))

    def collect(self, ids):
        """the exchange -> submitted/ (nbgrader collect, with the course's CourseCollect:
        grading_tools/exchange.py). What it refused, left out or flagged is printed, one line
        each, and returned."""
        said = []
        for assignment in tqdm(ids, desc="collect", unit="assignment"):
            result = self.api.collect(assignment, update=True)
            self._run(f"collect {assignment}", result)
            warnings = [
                line.replace("[WARNING] ", "", 1)
                for line in result.get("log", "").splitlines()
                if line.startswith("[WARNING] ")
            ]
            for line in warnings:
                tqdm.write(f"  {assignment}: {line}")
            said += [f"{assignment}: {line}" for line in warnings]
        return said

    def grade(
        self, assignment, students=None, workers=None, scheduler=None, progress=True, runner=None
    ):
        """Autograde the submissions of `assignment` in submitted/ (all, or those of `students`)
        with `workers` processes (None: one per core; 0: in this process), on a Dask
        `scheduler`'s workers, or on a `runner` (grading.workers_for) kept open by the caller
        across assignments. Returns the per-student summary; what grading noticed and how long
        each took is kept beside each autograded submission, for the report."""
        submitted = sorted(p.parent.name for p in (self.root / "submitted").glob(f"*/{assignment}"))
        students = [s for s in submitted if students is None or s in students]
        if not students:
            raise CourseError(
                f"no submissions of {assignment} in {self.root / 'submitted'}: "
                f"collect them first (python -m grading_tools collect {assignment})."
            )
        sandbox = Sandbox(config=self.api.config)
        if sandbox.enabled:
            try:
                sandbox.preflight()
            except SandboxUnavailable as error:
                raise CourseError(f"cannot grade safely: {error}") from None
        if runner is None:
            with grading.workers_for(workers, scheduler) as runner:
                outcomes = grading.grade(self.api, assignment, students, runner, progress)
        else:
            outcomes = grading.grade(self.api, assignment, students, runner, progress)
        for student, outcome in outcomes.items():
            report.save_notes(
                self.root,
                student,
                assignment,
                outcome.notes,
                outcome.seconds,
                error=outcome.problem,
            )
        return self.summary(assignment, outcomes)

    def summary(self, assignment, outcomes):
        """The per-student summary of a grading run (see scores.summary)."""
        problems = {s: o.problem for s, o in outcomes.items() if o.problem}
        notes = {s: o.notes for s, o in outcomes.items()}
        text = scores.summary(self.api, assignment, outcomes, problems, notes)
        if not Sandbox(config=self.api.config).enabled:
            text += (
                "\nWARNING: graded WITHOUT the sandbox (c.Sandbox.enabled = False): student "
                "code could read the reference solutions and change the gradebook."
            )
        return text

    def feedback(self, ids):
        """feedback/ HTML for every graded submission (nbgrader generate_feedback)."""
        for assignment in tqdm(ids, desc="generate_feedback", unit="assignment"):
            self._run(f"generate_feedback {assignment}", self.api.generate_feedback(assignment))

    def export(self):
        """grades.csv in the course root, written by nbgrader's CSV export plugin, and beside it
        the same grades for Canvas's and Moodle's imports (lms.py)."""
        from nbgrader.api import Gradebook
        from nbgrader.plugins import CsvExportPlugin

        path = self.root / "grades.csv"
        with Gradebook(self.api.coursedir.db_url, self.course_id) as gradebook:
            CsvExportPlugin(to=str(path), parent=self.api).export(gradebook)
        lms.write(self.root, self.api.coursedir.db_url, self.course_id, self.assignments())
        return path

    def scores(self):
        """{(student, assignment): (score, max_score, [failed test cells])} from the gradebook."""
        return scores.scores(self.api, self.assignments())

    def table(self):
        """The student x assignment score table, as text."""
        return scores.table(self.api, self.assignments())


def _nbgrader_api(root, exchange=None):
    """nbgrader's API, configured exactly as nbgrader's commands are when run in `root`."""
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.apps.baseapp import NbGrader
    from nbgrader.auth import Authenticator
    from traitlets.config import Config

    app = NbGrader()
    app.initialize([], root=str(root))  # reads nbgrader_config.py as every nbgrader command does
    if exchange:
        app.update_config(Config({"Exchange": {"root": str(exchange)}}))
    return NbGraderAPI(app.coursedir, Authenticator(parent=app), parent=app)


def _student_exchange(course_id, exchange_root, student, home):
    """A function running a student's exchange step (FetchAssignment, Submit) from `home`.

    This is what `nbgrader fetch_assignment` and `nbgrader submit --student=ID` do in a
    student's own account; on one machine, the student id stands in for the account.
    """
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import ExchangeFactory
    from nbgrader.utils import capture_log
    from traitlets.config import Config

    config = Config(
        {
            "CourseDirectory": {"course_id": course_id, "root": str(home), "student_id": student},
            "Exchange": {"root": exchange_root, "assignment_dir": str(home)},
        }
    )
    coursedir = CourseDirectory(config=config)
    authenticator = Authenticator(config=config)
    factory = ExchangeFactory(config=config)

    def run(step, assignment):
        coursedir.assignment_id = assignment
        return capture_log(
            getattr(factory, step)(coursedir=coursedir, authenticator=authenticator, config=config)
        )

    return run
