"""The course's nbgrader pipeline, one subcommand per step: `python -m grading_tools STEP`.

Run it from the course root (the folder holding nbgrader_config.py and source/). Every step is
nbgrader's own, run through nbgrader's Python API in this process and configured from
nbgrader_config.py exactly as the `nbgrader` command is; nbgrader and the `alembic` it calls come
from this interpreter's environment, activated or not:

  generate [ID ...]     source/ -> release/            nbgrader generate_assignment
  release [ID ...]      release/ -> the exchange       nbgrader release_assignment
  submit-demo [ID ...]  the demo students fetch, complete and submit their copies
  collect [ID ...]      the exchange -> submitted/     nbgrader collect
  grade ID              autograde every submission     nbgrader autograde (+ per-student summary)
  feedback [ID ...]     feedback/ HTML                 nbgrader generate_feedback
  export                grades.csv and the score table nbgrader export
  demo                  all of the above, for every assignment, in a temporary exchange
  pack [ID ...]         pack/: what students receive (the course wheel alone, release notebooks)
"""

import argparse
import os
import sys
import tempfile
import warnings
from pathlib import Path

import nbformat
from tqdm import tqdm

from . import demo_students, intake, notebooks, pack
from .sandbox import Sandbox, SandboxUnavailable


class CourseError(Exception):
    """A step failed; the message says what happened and what to do."""


class Course:
    """A course folder, and nbgrader's own steps run on it through nbgrader's Python API.

    The API is what nbgrader's formgrader uses: the same code as the command line, without
    starting a new process (and importing nbgrader, 2-3 s) for every step.
    """

    def __init__(self, root=".", exchange=None):
        self.root = Path(root).resolve()
        if not (self.root / "nbgrader_config.py").is_file():
            raise CourseError(f"{self.root} has no nbgrader_config.py: run this from the course root "
                              "(the folder with source/ and nbgrader_config.py), or pass --root.")
        # nbgrader's gradebook triggers SQLAlchemy warnings that mean nothing to a user.
        warnings.filterwarnings("ignore", module="nbgrader.api")
        # nbgrader runs `alembic` from PATH when it creates a gradebook: use this environment's.
        os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
        self.api = _nbgrader_api(self.root, exchange)
        self.course_id = self.api.coursedir.course_id
        self.exchange = self.api.exchange_root

    def _run(self, what, result):
        """Raise CourseError, with nbgrader's own log, unless an API call succeeded."""
        if not result["success"]:
            log = "\n".join((result.get("log", "") + result.get("error", "")).strip().splitlines()[-15:])
            raise CourseError(f"nbgrader {what} failed:\n{log}\n"
                              "Fix what nbgrader reports above, then run this step again.")

    # ------------------------------------------------------------------------ the steps
    def assignments(self):
        """Every assignment id in source/, in order."""
        if not (self.root / "source").is_dir():
            raise CourseError(f"{self.root} has no source/ folder: expected source/ID/ID.ipynb")
        ids = notebooks.assignments(self.root)
        if not ids:
            raise CourseError(f"no assignments in {self.root / 'source'}: expected source/ID/ID.ipynb")
        return ids

    def generate(self, ids):
        for assignment in tqdm(ids, desc="generate_assignment", unit="assignment"):
            self._run(f"generate_assignment {assignment}", self.api.generate_assignment(assignment))

    def release(self, ids):
        pack.warn_reprints(self.root, ids)  # a reprint of earlier solutions must wait for their deadline
        for assignment in tqdm(ids, desc="release_assignment", unit="assignment"):
            self.api.unrelease(assignment)  # releasing again replaces the previous release
            self._run(f"release_assignment {assignment}", self.api.release_assignment(assignment))

    def submit_demo(self, ids, students=demo_students.STUDENTS):
        """Each demo student fetches, completes and submits every assignment, from a home of their own."""
        with tempfile.TemporaryDirectory(prefix="nn-course-students-") as homes:
            for student in tqdm(students, desc="students fetch and submit", unit="student"):
                home = Path(homes) / student
                home.mkdir()
                exchange = _student_exchange(self.course_id, self.exchange, student, home)
                for assignment in ids:
                    self._run(f"fetch_assignment {assignment} (as {student})",
                              exchange("FetchAssignment", assignment))
                    path = home / assignment / f"{assignment}.ipynb"
                    source = notebooks.read(notebooks.source_notebook(self.root, assignment))
                    copy = demo_students.submission(student, notebooks.read(path), source, assignment)
                    nbformat.write(copy, str(path))
                    self._run(f"submit {assignment} (as {student})", exchange("Submit", assignment))

    def collect(self, ids):
        for assignment in tqdm(ids, desc="collect", unit="assignment"):
            self._run(f"collect {assignment}", self.api.collect(assignment, update=True))

    def grade(self, assignment, students=None):
        """Autograde the submissions of `assignment` in submitted/ (all, or those of `students`);
        return the per-student summary."""
        submitted = sorted(p.parent.name for p in (self.root / "submitted").glob(f"*/{assignment}"))
        students = [s for s in submitted if students is None or s in students]
        if not students:
            raise CourseError(f"no submissions of {assignment} in {self.root / 'submitted'}: "
                              f"collect them first (python -m grading_tools collect {assignment}).")
        sandbox = Sandbox(config=self.api.config)
        if sandbox.enabled:
            try:
                sandbox.preflight()
            except SandboxUnavailable as error:
                raise CourseError(f"cannot grade safely: {error}") from None
        problems, notes = {}, {}
        for student in students:
            # as far as possible: a malformed submission is repaired or scored 0, with the reason
            result, notes[student] = intake.grade(self.api, assignment, student)
            if not result["success"]:
                errors = [line for line in result.get("log", "").splitlines() if "[ERROR]" in line]
                problems[student] = errors[0] if errors else result.get("error", "").strip().splitlines()[-1]
        summary = self.summary(assignment, problems, students, notes)
        if not sandbox.enabled:
            summary += ("\nWARNING: graded WITHOUT the sandbox (c.Sandbox.enabled = False): student "
                        "code could read the reference solutions and change the gradebook.")
        return summary

    def feedback(self, ids):
        for assignment in tqdm(ids, desc="generate_feedback", unit="assignment"):
            self._run(f"generate_feedback {assignment}", self.api.generate_feedback(assignment))

    def export(self):
        """grades.csv in the course root, written by nbgrader's CSV export plugin."""
        from nbgrader.api import Gradebook
        from nbgrader.plugins import CsvExportPlugin

        path = self.root / "grades.csv"
        with Gradebook(self.api.coursedir.db_url, self.course_id) as gradebook:
            CsvExportPlugin(to=str(path), parent=self.api).export(gradebook)
        return path

    # ---------------------------------------------------------------------- reporting
    def scores(self):
        """{(student, assignment): (score, max_score, [failed test cells])} from the gradebook."""
        from nbgrader.api import Gradebook, MissingEntry

        table = {}
        with Gradebook(self.api.coursedir.db_url, self.course_id) as gradebook:
            for assignment in self.assignments():
                try:
                    submissions = gradebook.assignment_submissions(assignment)
                except MissingEntry:
                    continue
                for sub in submissions:
                    failed = [g.name for nb in sub.notebooks for g in nb.grades
                              if g.auto_score is not None and g.auto_score < g.max_score]
                    table[sub.student_id, assignment] = (sub.score, sub.max_score, failed)
        return table

    def summary(self, assignment, problems=None, students=None, notes=None):
        """One line per student: the score and, for each failed test, the first line of the reason.

        `problems` maps a student to the reason nbgrader could not grade them; their score in the
        gradebook is stale (or missing), so the reason is shown instead. `notes` maps a student to
        what grading had to work around (a repaired or unreadable submission), shown after the score.
        """
        problems, notes = problems or {}, notes or {}
        lines = [f"{assignment}:"]
        scores = {s: v for (s, a), v in self.scores().items() if a == assignment}
        for student in sorted(students if students is not None else set(scores) | set(problems)):
            if student in problems or student not in scores:
                reason = problems.get(student, "no score in the gradebook")
                lines.append(f"  {student:<12} NOT GRADED: {reason}")
                continue
            score, max_score, failed = scores[student]
            said = "   " + "; ".join(notes[student]) if notes.get(student) else ""
            lines.append(f"  {student:<12} {score:5.1f} / {max_score:g}{said}")
            reasons = self._failure_reasons(student, assignment)
            for test in failed:
                lines.append(f"      failed {test}: {reasons.get(test, '(no output)')}")
        return "\n".join(lines)

    def _failure_reasons(self, student, assignment):
        """{test cell: its last error, in one line} from the autograded notebook."""
        path = self.root / "autograded" / student / assignment / f"{assignment}.ipynb"
        if not path.is_file():
            return {}
        reasons = {}
        for cell in notebooks.read(path).cells:
            errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
            if notebooks.is_test(cell) and errors:
                first_line = ((errors[-1].get("evalue") or "").strip().splitlines() or [""])[0]
                reason = f"{errors[-1].get('ename')}: {first_line[:150]}"
                reasons[notebooks.grade_id(cell)] = reason.rstrip(": ")
        return reasons

    def table(self):
        """The student x assignment score table, as text: a column per assignment, keyed by its
        number (a legend follows), so that it fits a terminal."""
        scores = self.scores()
        students = sorted({s for s, _ in scores})
        ids = [a for a in self.assignments() if any(a == b for _, b in scores)]
        keys = [a.split("_")[0] for a in ids]
        width = max([len(s) for s in students] + [7]) + 2
        rows = [f"{'student':<{width}}" + "".join(f"{k:>8}" for k in keys) + f"{'total':>10}"]
        rows.append("-" * len(rows[0]))
        for student in students:
            cells, total, total_max = [], 0.0, 0.0
            for a in ids:
                score, max_score, _ = scores.get((student, a), (0.0, 0.0, []))
                total, total_max = total + score, total_max + max_score
                cells.append(f"{score:g}/{max_score:g}".rjust(8))
            rows.append(f"{student:<{width}}" + "".join(cells) + f"{total:g}/{total_max:g}".rjust(10))
        rows.append("")
        rows += [f"{k}: {a}" for k, a in zip(keys, ids)]
        return "\n".join(rows)


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

    config = Config({"CourseDirectory": {"course_id": course_id, "root": str(home), "student_id": student},
                     "Exchange": {"root": exchange_root, "assignment_dir": str(home)}})
    coursedir = CourseDirectory(config=config)
    authenticator = Authenticator(config=config)
    factory = ExchangeFactory(config=config)

    def run(step, assignment):
        coursedir.assignment_id = assignment
        return capture_log(getattr(factory, step)(coursedir=coursedir, authenticator=authenticator,
                                                  config=config))
    return run


def demo(root="."):
    """The whole pipeline on the demo students, in a fresh temporary exchange; prints the table."""
    with tempfile.TemporaryDirectory(prefix="nn-course-exchange-") as exchange:
        course = Course(root, exchange=exchange)
        ids = course.assignments()
        course.generate(ids)
        course.release(ids)
        course.submit_demo(ids)
        course.collect(ids)
        for assignment in tqdm(ids, desc="autograde", unit="assignment"):
            tqdm.write(course.grade(assignment))
        course.feedback(ids)
        grades = course.export()
    print("\nScores (points per assignment):\n")
    print(course.table())
    print(f"\nGrades written to {grades}")
    print(f"Feedback for each student: {course.root / 'feedback'}/STUDENT/ASSIGNMENT/ASSIGNMENT.html")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m grading_tools", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", default=".", help="the course root (default: the current folder)")
    steps = parser.add_subparsers(dest="step", required=True, metavar="STEP")
    for name in ("generate", "release", "submit-demo", "collect", "feedback"):
        steps.add_parser(name).add_argument("ids", nargs="*", metavar="ID",
                                            help="assignment ids (default: every one in source/)")
    steps.add_parser("grade").add_argument("id", metavar="ID", help="the assignment to autograde")
    steps.add_parser("export")
    steps.add_parser("demo")
    packing = steps.add_parser("pack")
    packing.add_argument("ids", nargs="*", metavar="ID", help="assignment ids (default: every one in source/)")
    packing.add_argument("--out", default="pack", help="the pack folder, under the root (default: pack)")
    args = parser.parse_args(argv)

    try:
        if args.step == "demo":
            demo(args.root)
            return 0
        if args.step == "pack":
            pack.run(args.root, args.ids, args.out)
            return 0
        course = Course(args.root)
        if args.step == "grade":
            print(course.grade(args.id))
        elif args.step == "export":
            path = course.export()
            print(course.table())
            print(f"\nGrades written to {path}")
        else:
            ids = args.ids or course.assignments()
            {"generate": course.generate, "release": course.release, "submit-demo": course.submit_demo,
             "collect": course.collect, "feedback": course.feedback}[args.step](ids)
    except (CourseError, pack.PackError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0
