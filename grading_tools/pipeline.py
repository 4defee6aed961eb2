"""The course's nbgrader pipeline: a course folder and nbgrader's own steps run on it.

Every step is nbgrader's, run through nbgrader's Python API (what the formgrader uses: the same
code as the command line, without starting a process and importing nbgrader for every step) and
configured from the course's nbgrader_config.py exactly as the `nbgrader` command is. Grading a
class goes through run/grading.py, which splits nbgrader's autograde so that kernels run in
parallel.
"""

import csv
import os
import pwd
import tempfile
from pathlib import Path

import nbformat
from tqdm import tqdm

from . import demo_students, lms, notebooks, pack, registry, report, scores
from .run import grading, runners
from .run.sandbox import Sandbox, SandboxUnavailable


class CourseError(Exception):
    """A step failed; the message says what happened and what to do."""


class Course:
    """A course folder (nbgrader_config.py, source/) and nbgrader's steps run on it."""

    def __init__(self, root=".", exchange=None, debug=False):
        self.root = Path(root).resolve()
        if not (self.root / "nbgrader_config.py").is_file():
            raise CourseError(
                f"{self.root} has no nbgrader_config.py: run this from the course root "
                "(the folder with source/ and nbgrader_config.py), or pass --root."
            )
        self.api = _nbgrader_api(self.root, exchange, debug)
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
        grading_tools/nbgrader_plugins/exchange.py). What it refused, left out or flagged is
        printed, one line each, and returned."""
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
        `scheduler`'s workers, or on a `runner` (runners.open_runner) kept open by the caller
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
            with runners.open_runner(workers, scheduler) as runner:
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

    def release_feedback(self, ids=None):
        """feedback/ -> the exchange, for each student to fetch (nbgrader release_feedback): of
        `ids`, or of every assignment with feedback in feedback/. Returns one line per
        assignment: how many students' feedback went out."""
        self.check_exchange()
        ready = {p.parent.name for p in (self.root / "feedback").glob("*/*/*.html")}
        ids = ids or [a for a in self.assignments() if a in ready]
        if not ids or any(a not in ready for a in ids):
            missing = [a for a in ids if a not in ready] or ["any assignment"]
            raise CourseError(
                f"no feedback for {', '.join(missing)} in {self.root / 'feedback'}: write it "
                "first (python -m grading_tools feedback ID)."
            )
        said = []
        for assignment in tqdm(ids, desc="release_feedback", unit="assignment"):
            self._run(f"release_feedback {assignment}", self.api.release_feedback(assignment))
            students = {p.parent.parent.name for p in self.feedback_pages(assignment)}
            said.append(f"{assignment}: feedback released for {len(students)} students")
        return said

    def feedback_pages(self, assignment):
        """The feedback HTML files of `assignment` in feedback/ (feedback/STUDENT/ID/*.html)."""
        return sorted((self.root / "feedback").glob(f"*/{assignment}/*.html"))

    def exchange_folders(self):
        """The exchange's folders as a shared server needs them, root first: (path, mode, who
        owns it, why). Students create their own folders in the root and in inbound/, and can
        neither list inbound/ nor rename or delete what others made (the sticky bit); only the
        instructor writes the course's folder, outbound/ and feedback/."""
        root = Path(self.exchange)
        course = root / self.course_id
        return [
            (root, 0o1777, None, "everyone creates folders in it, nobody removes others'"),
            (course, 0o755, "instructor", "the course's folder, written by the instructor"),
            (course / "outbound", 0o755, "instructor", "released assignments, read by students"),
            (course / "inbound", 0o3733, "instructor", "submissions: students write, never list"),
            (course / "feedback", 0o755, "instructor", "released feedback, read by students"),
        ]

    def prepare_exchange(self):
        """Create the exchange's folders with their modes (exchange_folders), or check them and
        set the modes of those this user owns. Returns what it did or found, one line each;
        raises CourseError with the commands to run (as root) for what this user may not do."""
        said, problems = [], []
        me = pwd.getpwuid(os.geteuid()).pw_name
        for path, mode, owner, why in self.exchange_folders():
            if not path.exists():
                try:
                    path.mkdir(parents=True)
                    path.chmod(mode)  # mkdir's mode is cut by the umask
                except PermissionError:
                    problems.append(
                        f"cannot create {path} (permission denied). As root: "
                        f"sudo mkdir -p {path} && sudo chmod {mode:o} {path}"
                        + (f" && sudo chown {me} {path}" if owner else "")
                    )
                    break
                said.append(f"created {path} (mode {mode:o}: {why})")
                continue
            if not path.is_dir() or path.is_symlink():
                problems.append(f"{path} is not a folder: move it away, then run this again")
                break
            ours = path.stat().st_uid == os.geteuid()
            if owner and not ours:
                problems.append(
                    f"{path} belongs to {_owner(path)}, not to you ({me}): nbgrader refuses "
                    f"to write there. As root: sudo chown {me} {path}"
                )
                continue
            if _mode(path) & 0o1777 != mode & 0o1777:
                if not ours:
                    problems.append(
                        f"{path} has mode {_mode(path):o}, needs {mode:o} ({why}). "
                        f"As root: sudo chmod {mode:o} {path}"
                    )
                    continue
                path.chmod(mode)
                said.append(f"set {path} to mode {mode:o} ({why})")
            else:
                said.append(f"{path} is ready (mode {_mode(path):o})")
        if problems:
            raise CourseError(
                "the exchange is not ready:\n  " + "\n  ".join(problems) + "\n"
                "Then run this step again (python -m grading_tools exchange)."
            )
        return said

    def check_exchange(self):
        """Raise CourseError, saying what to create and with which mode, unless the instructor
        can write the exchange as nbgrader's release steps need: the root a folder this user
        may write, the course's folder and its feedback/ this user's where they exist.
        (nbgrader says only "Unwritable directory" or "You don't own the directory".)"""
        root = Path(self.exchange)
        make = (
            "Create it: python -m grading_tools exchange (on a shared server, as root first: "
            f"sudo mkdir -p {root} && sudo chmod 1777 {root})."
        )
        if not root.is_dir():
            raise CourseError(
                f"the exchange {root} (c.Exchange.root) does not exist, so nbgrader cannot "
                'release to it (it says "Unwritable directory"; make demo uses a temporary '
                f"exchange of its own and leaves none behind). {make}"
            )
        if not os.access(root, os.W_OK | os.X_OK):
            raise CourseError(
                f"you cannot write the exchange {root} (mode {_mode(root):o}, owner "
                f"{_owner(root)}), so nbgrader cannot release to it. It needs mode 1777. As "
                f"root: sudo chmod 1777 {root}"
            )
        for path, _, owner, _ in self.exchange_folders()[1:]:
            if owner and path.exists() and path.stat().st_uid != os.geteuid():
                raise CourseError(
                    f"{path} belongs to {_owner(path)}, not to you: nbgrader refuses to write "
                    f"there. As root: sudo chown {pwd.getpwuid(os.geteuid()).pw_name} {path}"
                )

    def import_roster(self, path):
        """The students of a CSV file (columns id, first_name, last_name, email, lms_user_id;
        only id needed) into the gradebook, by nbgrader's own `nbgrader db student import`.
        Returns (the ids added, the ids already there, whose names and emails were updated)."""
        from nbgrader.api import Gradebook
        from nbgrader.apps.dbapp import DbStudentImportApp
        from nbgrader.utils import capture_log

        ids = roster_ids(path)
        with Gradebook(self.api.coursedir.db_url, self.course_id) as gradebook:
            before = {student.id for student in gradebook.students}
        with tempfile.TemporaryDirectory(prefix="nn-course-roster-") as folder:
            plain = Path(folder) / "students.csv"  # nbgrader reads no byte-order mark
            plain.write_text(Path(path).read_text(encoding="utf-8-sig"), encoding="utf-8")
            app = DbStudentImportApp()
            app.initialize([str(plain)], root=str(self.root))
            self._run(f"db student import {path}", capture_log(app))
        return [i for i in ids if i not in before], [i for i in ids if i in before]

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


def _nbgrader_api(root, exchange=None, debug=False):
    """nbgrader's API, configured exactly as nbgrader's commands are when run in `root`; with
    `debug`, execution logs every kernel message (c.AutogradeExecute.debug)."""
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.apps.baseapp import NbGrader
    from nbgrader.auth import Authenticator
    from traitlets.config import Config

    app = NbGrader()
    app.initialize([], root=str(root))  # reads nbgrader_config.py as every nbgrader command does
    if exchange:
        app.update_config(Config({"Exchange": {"root": str(exchange)}}))
    if debug:
        app.update_config(Config({"AutogradeExecute": {"debug": True}}))
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


def roster_ids(path):
    """The student ids of a roster CSV, in order, each once; CourseError, naming the lines, for a
    file without an `id` column or with rows whose id is empty or could not name a folder."""
    path = Path(path)
    if not path.is_file():
        raise CourseError(f"no roster at {path}: expected a CSV file (id,first_name,...)")
    with path.open(encoding="utf-8-sig", newline="") as lines:
        reader = csv.DictReader(lines)
        columns = [name.strip() for name in reader.fieldnames or []]
        if "id" not in columns:
            raise CourseError(
                f"{path} has no id column (its first line names {columns or 'nothing'}): the "
                "first line must name the columns, e.g. id,first_name,last_name,email"
            )
        reader.fieldnames = columns
        rows = [(reader.line_num, row["id"] or "") for row in reader]
    bad = [str(line) for line, student in rows if not _usable_id(student)]
    if bad:
        raise CourseError(
            f"{path}: no usable student id on line {', '.join(bad)} (an id names the "
            "student's folders: not empty, no '/', no spaces around it). Fix these lines and "
            "import again."
        )
    return list(dict.fromkeys(student for _, student in rows))


def _usable_id(student):
    return student == student.strip() and student not in ("", ".", "..") and "/" not in student


def _mode(path):
    return Path(path).stat().st_mode & 0o7777


def _owner(path):
    uid = Path(path).stat().st_uid
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"user id {uid}"
