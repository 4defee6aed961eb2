"""The course's nbgrader pipeline, one subcommand per step: `python -m grading_tools STEP`.

Run it from the course root (the folder holding nbgrader_config.py and source/), or pass --root.
Every step is nbgrader's own, configured from nbgrader_config.py exactly as the `nbgrader`
command is. A term, in order (`STEP --help` says what each reads and writes):

  roster FILE.csv       the students -> the gradebook    nbgrader db student import
  exchange              create or check the exchange's folders and their modes
  generate [ID ...]     source/ -> release/              nbgrader generate_assignment
  pack [ID ...]         pack/: what students receive (the course wheel alone, release notebooks)
  publish [ID ...]      release/ -> the exchange         nbgrader release_assignment
  collect [ID ...]      the exchange -> submitted/       nbgrader collect
  grade ID              submitted/ -> autograded/, the gradebook, report.html, grades.csv
                        (every submission, in parallel workers: nbgrader autograde)
  feedback [ID ...]     autograded/ -> feedback/ HTML    nbgrader generate_feedback
  release-feedback [ID ...]  feedback/ -> the exchange   nbgrader release_feedback
  export                the gradebook -> grades.csv, report.html and the score table
  report                the gradebook -> report.html

  demo                  all of the above on three demo students, in a throw-away copy of the
                        course (demo/), never in the course itself
  submit-demo [ID ...]  the demo students fetch, complete and submit their copies
"""

import argparse
import os
import shutil
import sys
import tempfile
import textwrap
import time
import warnings
from pathlib import Path

from tqdm import tqdm

from . import pack, report
from .pipeline import Course, CourseError
from .run import runners

DEMO_FOLDER = "demo"  # the demo's throw-away copy of the course, in the course root
DEMO_MARK = ".nn-course-demo"  # the file that makes a folder the demo's, to be replaced


def setup_process():
    """What the pipeline needs of this process: nbgrader runs `alembic` from PATH when it creates
    a gradebook (this environment's is used, activated or not); SQLAlchemy's warnings about
    nbgrader's gradebook mean nothing to a user."""
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    warnings.filterwarnings("ignore", module="nbgrader.api")


def write_report(course, timing=None):
    """report.html beside grades.csv, from the gradebook and the autograded submissions;
    `timing`: {assignment: seconds its grading took}, when known."""
    return report.write(
        course.root,
        course.api.coursedir.db_url,
        course.course_id,
        course.assignments(),
        timing=timing,
    )


def demo_copy(root="."):
    """A throw-away copy of the course at `root` for the demo, made anew in ROOT/demo: the
    course's nbgrader_config.py and source/, and an exchange of its own (demo/exchange), so
    that nothing run in the copy reaches the course's gradebook, folders or exchange. Refuses a
    demo/ folder that an earlier demo did not make."""
    course = Course(root)
    folder = course.root / DEMO_FOLDER
    if folder.exists() or folder.is_symlink():
        if folder.is_symlink() or not (folder / DEMO_MARK).is_file():
            raise CourseError(
                f"{folder} exists and was not made by the demo (it has no {DEMO_MARK}): the "
                "demo replaces its folder on every run. Move it away, then run the demo again."
            )
        shutil.rmtree(folder)
    shutil.copytree(
        course.root / "source",
        folder / "source",
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
    )
    exchange = folder / "exchange"
    (folder / "nbgrader_config.py").write_text(
        (course.root / "nbgrader_config.py").read_text()
        + "\n# The demo's throw-away copy of the course: an exchange of its own, never the "
        "course's.\n"
        f"c.Exchange.root = {str(exchange)!r}\n"
    )
    (folder / DEMO_MARK).write_text(
        "A throw-away copy of the course, made by `python -m grading_tools demo` (make demo)\n"
        "and replaced by the next demo: keep nothing here.\n"
    )
    Course(folder).prepare_exchange()
    return folder


def demo(root, workers=None, debug=False):
    """The whole pipeline on the demo students in the course at `root`, in a fresh temporary
    exchange; prints the table and where everything went. It writes the course's gradebook,
    release/, submitted/, autograded/, feedback/, grades.csv and report.html: `root` is a
    throw-away course (the command line's demo runs it in demo_copy)."""
    with tempfile.TemporaryDirectory(prefix="nn-course-exchange-") as exchange:
        course = Course(root, exchange=exchange, debug=debug)
        ids = course.assignments()
        course.generate(ids)
        course.publish(ids)
        course.submit_demo(ids)
        course.collect(ids)
        timing = {}
        with runners.open_runner(workers) as runner:  # started once for every assignment
            for assignment in ids:
                start = time.perf_counter()
                tqdm.write(course.grade(assignment, runner=runner))
                timing[assignment] = time.perf_counter() - start
        course.feedback(ids)
        course.release_feedback(ids)  # as students would fetch it
        grades = course.export()
        page = write_report(course, timing)
    print("\nScores (points per assignment):\n")
    print(course.table())
    print(f"\nGrades written to {grades}; the class report is {page}")
    print(
        f"Feedback for each student: {course.root / 'feedback'}/STUDENT/ASSIGNMENT/ASSIGNMENT.html"
    )


STEPS = {  # name: (one line for the list of steps, what it does, reads and writes)
    "roster": (
        "import the students from a CSV file into the gradebook",
        "Add or update the course's students in the gradebook from a CSV file, with nbgrader's "
        "own `nbgrader db student import`; prints how many were added and how many updated. "
        "The file's first line names its columns: id (required: the student's login on the "
        "server, which names their folders), then any of first_name, last_name, email and "
        "lms_user_id (the student's id in Canvas, for the LMS export). For example:\n\n"
        "  id,first_name,last_name,email\n"
        "  alovelace,Ada,Lovelace,ada@example.org\n\n"
        "Importing again updates the names and emails; nobody is removed.",
    ),
    "exchange": (
        "create or check the exchange's folders and their modes",
        "Create the exchange (c.Exchange.root in nbgrader_config.py, or NN_COURSE_EXCHANGE) "
        "and the course's folders in it with the modes a shared server needs: the root 1777 "
        "(everyone creates folders, nobody removes others'), the course's folder, outbound/ and "
        "feedback/ 755 and inbound/ 3733 (students submit there, cannot list, rename or delete "
        "others' submissions), all but the root owned by you. What exists is checked, and its "
        "mode set where you own it; what you may not do is printed as the commands to run as "
        "root (sudo). Run it once per term, before the first publish, and again to check.",
    ),
    "generate": (
        "source/ -> release/, the student versions",
        "Write the student version of each assignment, release/ID/ID.ipynb, from "
        "source/ID/ID.ipynb (nbgrader generate_assignment): solutions replaced by stubs, "
        "hidden tests removed; records the assignment and its test cells in the gradebook.",
    ),
    "pack": (
        "what students receive: the course wheel and release notebooks",
        "Write the student pack: the course package as a wheel, the release notebooks and a "
        "README. With no ID, one pack per assignment (OUT/ID), to hand out week by week; with "
        "IDs, one pack of those. It refuses a pack holding a notebook that reprints the graded "
        "solutions of an assignment in the same pack or later in the course.",
    ),
    "publish": (
        "release/ -> the exchange, for students to fetch",
        "Copy release/ID/ into the exchange's outbound/ (nbgrader release_assignment), where "
        "students fetch it from JupyterLab's Assignments tab; a previous release of ID is "
        "replaced. Publish each assignment when it opens; it names any assignment whose graded "
        "solutions the notebook reprints (hand it out once that one's deadline is past).",
    ),
    "collect": (
        "the exchange -> submitted/",
        "Copy the latest submission of every student from the exchange's inbound/ into "
        "submitted/STUDENT/ID/ (nbgrader collect, with the course's checks: a folder must be "
        "owned by the student it names; links, pipes and devices are left out). What it "
        "refused, left out or flagged is printed.",
    ),
    "grade": (
        "autograde every submission of one assignment",
        "Autograde every submission of ID in submitted/ (nbgrader autograde, each kernel in "
        "the sandbox, in parallel workers): writes autograded/STUDENT/ID/ and the scores into "
        "the gradebook, prints each student's score and failed tests, and rewrites "
        "report.html and grades.csv from the gradebook. Manual grades given in the formgrader "
        "later reach grades.csv with `export`.",
    ),
    "feedback": (
        "autograded/ -> feedback/ HTML",
        "Write each graded submission's feedback page, feedback/STUDENT/ID/ID.html (nbgrader "
        "generate_feedback), with the manual grades and comments of the formgrader. Students "
        "see it once it is released (release-feedback).",
    ),
    "release-feedback": (
        "feedback/ -> the exchange, for students to fetch",
        "Copy the feedback pages of feedback/ into the exchange's feedback/ folder (nbgrader "
        "release_feedback), where each student fetches their own from the Assignments tab. "
        "With no ID, every assignment that has feedback. The exchange must exist and be "
        "writable: if not, it says what to create (see the `exchange` step).",
    ),
    "export": (
        "the gradebook -> grades.csv, report.html and the score table",
        "Write grades.csv (nbgrader export: one row per student and assignment, manual grades "
        "and late penalties included) and report.html in the course root, from the "
        "gradebook, and print the student x assignment score table and where the files went. "
        "grades.csv changes only when `export` or `grade` runs: export after reviewing in the "
        "formgrader.",
    ),
    "report": (
        "the gradebook -> report.html",
        "Rewrite the class report report.html (scores, each test's pass rate and most frequent "
        "failures, flagged submissions, grading time) from the gradebook and autograded/; "
        "grades.csv is left alone.",
    ),
    "demo": (
        "the whole pipeline on three demo students, in a throw-away copy of the course",
        f"Copy the course (nbgrader_config.py and source/) into {DEMO_FOLDER}/ in the course "
        "root, replacing the previous demo's copy, and run every step there for three demo "
        "students (ada: the solutions, blank: nothing done, bugsy: one mistake per notebook), "
        "with a temporary exchange: prints each student's failed tests, the score table and "
        f"where the copy's grades.csv, report.html and feedback are. The course's own "
        "gradebook, grades.csv, release/, submitted/, autograded/, feedback/ and exchange "
        "are never touched.",
    ),
    "submit-demo": (
        "the demo students fetch, complete and submit (demo only)",
        "The three demo students (ada, blank, bugsy) fetch each assignment from the exchange, "
        "complete it and submit it. For trying the pipeline in a throw-away course: the demo "
        "runs it.",
    ),
}


def build_parser():
    """The command line: one subcommand per step, each with its help (STEPS)."""
    parser = argparse.ArgumentParser(
        prog="python -m grading_tools",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--root", default=".", help="the course root (default: the current folder)")
    parser.add_argument(
        "--debug", action="store_true", help="log everything, every kernel message included"
    )
    steps = parser.add_subparsers(dest="step", required=True, metavar="STEP")
    parsers = {
        name: steps.add_parser(
            name,
            help=summary,
            description=_paragraphs(text),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        for name, (summary, text) in STEPS.items()
    }
    for name in ("generate", "publish", "submit-demo", "collect", "feedback"):
        parsers[name].add_argument(
            "ids", nargs="*", metavar="ID", help="assignment ids (default: every one in source/)"
        )
    parsers["release-feedback"].add_argument(
        "ids", nargs="*", metavar="ID", help="assignment ids (default: every one with feedback)"
    )
    parsers["roster"].add_argument("csv", metavar="FILE.csv", help="the roster, e.g. students.csv")
    grade = parsers["grade"]
    grade.add_argument("id", metavar="ID", help="the assignment to autograde")
    grade.add_argument(
        "--workers",
        type=int,
        default=None,
        help="local worker processes (default: one per core; 0: in this process)",
    )
    grade.add_argument(
        "--scheduler",
        metavar="tcp://HOST:8786",
        help="run the kernels on this Dask scheduler's workers instead",
    )
    packing = parsers["pack"]
    packing.add_argument(
        "ids", nargs="*", metavar="ID", help="assignment ids (default: one pack per assignment)"
    )
    packing.add_argument(
        "--out", default="pack", help="the pack folder, under the root (default: pack)"
    )
    packing.add_argument(
        "--allow-reprints",
        action="store_true",
        help="pack an assignment that reprints graded solutions of another in the same pack "
        "(only once that other assignment's deadline is past)",
    )
    return parser


def _paragraphs(text, width=88):
    """`text` with its paragraphs filled to `width`; indented lines (examples) kept as they are."""
    return "\n\n".join(
        block if block.startswith("  ") else textwrap.fill(block, width)
        for block in text.split("\n\n")
    )


def run_demo(root, debug=False):
    """The command line's demo: the pipeline in a fresh throw-away copy of the course."""
    folder = demo_copy(root)
    print(
        f"The demo runs in a throw-away copy of the course: {folder}\n"
        "(made anew by every demo; the course's own gradebook and folders are not touched)\n"
    )
    demo(folder, debug=debug)
    print(
        f"\nEverything the demo wrote is in {folder}: open its report.html, or start JupyterLab "
        "there to try the formgrader on the demo students."
    )


def main(argv=None):
    args = build_parser().parse_args(argv)
    setup_process()

    try:
        if args.step == "demo":
            run_demo(args.root, args.debug)
            return 0
        if args.step == "pack":
            pack.run(args.root, args.ids, args.out, args.allow_reprints)
            return 0
        course = Course(args.root, debug=args.debug)
        if args.step == "grade":
            start = time.perf_counter()
            print(course.grade(args.id, workers=args.workers, scheduler=args.scheduler))
            timing = {args.id: time.perf_counter() - start}
            grades, page = course.export(), write_report(course, timing)
            print(f"\nGrades written to {grades}; the class report is {page}")
        elif args.step == "export":
            path = course.export()
            print(course.table())
            print(f"\nGrades written to {path}; the class report is {write_report(course)}")
        elif args.step == "report":
            print(f"The class report: {write_report(course)}")
        elif args.step == "roster":
            added, updated = course.import_roster(args.csv)
            print(f"{args.csv}: {len(added)} added, {len(updated)} updated")
        elif args.step == "exchange":
            print("\n".join(course.prepare_exchange()))
            print(f"The exchange {course.exchange} is ready for {course.course_id}.")
        elif args.step == "release-feedback":
            print("\n".join(course.release_feedback(args.ids)))
        else:
            ids = args.ids or course.assignments()
            {
                "generate": course.generate,
                "publish": course.publish,
                "submit-demo": course.submit_demo,
                "collect": course.collect,
                "feedback": course.feedback,
            }[args.step](ids)
    except (CourseError, pack.PackError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0
