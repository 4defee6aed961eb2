"""The course's nbgrader pipeline, one subcommand per step: `python -m grading_tools STEP`.

Run it from the course root (the folder holding nbgrader_config.py and source/). Every step is
nbgrader's own, configured from nbgrader_config.py exactly as the `nbgrader` command is:

  generate [ID ...]     source/ -> release/            nbgrader generate_assignment
  publish [ID ...]      release/ -> the exchange       nbgrader release_assignment
  submit-demo [ID ...]  the demo students fetch, complete and submit their copies
  collect [ID ...]      the exchange -> submitted/     nbgrader collect
  grade ID              autograde every submission     nbgrader autograde, in parallel workers
  feedback [ID ...]     feedback/ HTML                 nbgrader generate_feedback
  export                grades.csv, report.html and the score table   nbgrader export
  report                report.html again, from the gradebook
  demo                  all of the above, for every assignment, in a temporary exchange
  pack [ID ...]         pack/: what students receive (the course wheel alone, release notebooks),
                        one pack per assignment by default
"""

import argparse
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

from tqdm import tqdm

from . import grading, pack, report
from .pipeline import Course, CourseError


def setup_process(debug=False):
    """What the pipeline needs of this process: nbgrader runs `alembic` from PATH when it creates
    a gradebook (this environment's is used, activated or not); SQLAlchemy's warnings about
    nbgrader's gradebook mean nothing to a user; DEBUG logs only with --debug."""
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    warnings.filterwarnings("ignore", module="nbgrader.api")
    if debug:
        os.environ["NN_COURSE_DEBUG"] = "1"  # nbgrader_config.py turns on the kernels' messages


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


def demo(root=".", workers=None):
    """The whole pipeline on the demo students, in a fresh temporary exchange; prints the table."""
    with tempfile.TemporaryDirectory(prefix="nn-course-exchange-") as exchange:
        course = Course(root, exchange=exchange)
        ids = course.assignments()
        course.generate(ids)
        course.publish(ids)
        course.submit_demo(ids)
        course.collect(ids)
        timing = {}
        with grading.workers_for(workers) as runner:  # started once for every assignment
            for assignment in ids:
                start = time.perf_counter()
                tqdm.write(course.grade(assignment, runner=runner))
                timing[assignment] = time.perf_counter() - start
        course.feedback(ids)
        grades = course.export()
        page = write_report(course, timing)
    print("\nScores (points per assignment):\n")
    print(course.table())
    print(f"\nGrades written to {grades}; the class report is {page}")
    print(
        f"Feedback for each student: {course.root / 'feedback'}/STUDENT/ASSIGNMENT/ASSIGNMENT.html"
    )


def main(argv=None):
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
    for name in ("generate", "publish", "submit-demo", "collect", "feedback"):
        steps.add_parser(name).add_argument(
            "ids", nargs="*", metavar="ID", help="assignment ids (default: every one in source/)"
        )
    grading = steps.add_parser("grade")
    grading.add_argument("id", metavar="ID", help="the assignment to autograde")
    grading.add_argument(
        "--workers",
        type=int,
        default=None,
        help="local worker processes (default: one per core; 0: in this process)",
    )
    grading.add_argument(
        "--scheduler",
        metavar="tcp://HOST:8786",
        help="run the kernels on this Dask scheduler's workers instead",
    )
    steps.add_parser("export")
    steps.add_parser("report")
    steps.add_parser("demo")
    packing = steps.add_parser(
        "pack",
        help="what students receive",
        description="Write the student pack: the course package as a wheel, the release "
        "notebooks and a README. With no ID, one pack per assignment (OUT/ID), to hand out "
        "week by week; with IDs, one pack of those.",
    )
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
    args = parser.parse_args(argv)
    setup_process(args.debug)

    try:
        if args.step == "demo":
            demo(args.root)
            return 0
        if args.step == "pack":
            pack.run(args.root, args.ids, args.out, args.allow_reprints)
            return 0
        course = Course(args.root)
        if args.step == "grade":
            start = time.perf_counter()
            print(course.grade(args.id, workers=args.workers, scheduler=args.scheduler))
            timing = {args.id: time.perf_counter() - start}
            print(f"\nThe class report: {write_report(course, timing)}")
        elif args.step == "export":
            path = course.export()
            print(course.table())
            print(f"\nGrades written to {path}; the class report is {write_report(course)}")
        elif args.step == "report":
            print(f"The class report: {write_report(course)}")
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
