"""`make bench-sandbox`: what the grading sandbox costs per submission.

Grades the same correct submission (the demo student ada) through nbgrader's autograde, again
and again, in two copies of one course: one with the sandbox (the default) and one with
c.Sandbox.enabled = False, alternating so that both see the same machine load. Prints the median
seconds per submission of each and their ratio (target: at most 1.15). A report, not a test.
"""

import argparse
import contextlib
import io
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from grading_tools import pipeline
from tests.support import ROOT

STUDENT = "ada"


def course_with_one_submission(folder, assignment):
    """A course in `folder` holding `assignment` and ada's collected submission of it."""
    shutil.copytree(ROOT / "source" / assignment, folder / "source" / assignment)
    shutil.copy(ROOT / "nbgrader_config.py", folder)
    with tempfile.TemporaryDirectory() as exchange, contextlib.redirect_stderr(io.StringIO()):
        course = pipeline.Course(folder, exchange=exchange)
        course.generate([assignment])
        course.publish([assignment])
        course.submit_demo([assignment], students=(STUDENT,))
        course.collect([assignment])
    return folder


def seconds_to_grade(course, assignment):
    start = time.perf_counter()
    result = course.api.autograde(assignment, STUDENT)
    elapsed = time.perf_counter() - start
    if not result["success"]:
        raise SystemExit(f"autograde failed:\n{result['log'][-2000:]}")
    return elapsed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignment", default="02_sigmoid_networks")
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="nn-bench-sandbox-") as tmp:
        sandboxed = course_with_one_submission(Path(tmp) / "sandboxed", args.assignment)
        plain = Path(tmp) / "unsandboxed"
        shutil.copytree(sandboxed, plain)
        with open(plain / "nbgrader_config.py", "a") as config:
            config.write("\nc.Sandbox.enabled = False\n")
        courses = {"sandboxed": pipeline.Course(sandboxed), "unsandboxed": pipeline.Course(plain)}
        times = {name: [] for name in courses}
        for name, course in courses.items():  # a first run of each warms caches; not counted
            seconds_to_grade(course, args.assignment)
        for _ in range(args.rounds):
            for name, course in courses.items():
                times[name].append(seconds_to_grade(course, args.assignment))
    medians = {name: statistics.median(t) for name, t in times.items()}
    print(f"Autograding one submission of {args.assignment} ({args.rounds} rounds, medians):")
    for name, median in medians.items():
        print(
            f"  {name:<12} {median:6.2f} s  "
            f"(min {min(times[name]):.2f}, max {max(times[name]):.2f})"
        )
    print(f"  ratio sandboxed / unsandboxed: {medians['sandboxed'] / medians['unsandboxed']:.3f}")


if __name__ == "__main__":
    main()
