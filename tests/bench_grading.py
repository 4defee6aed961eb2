"""`make bench-grading`: how fast a class is graded, serially and with workers.

A synthetic class of one assignment (by default 200 submissions of 02: right, partly wrong, blank,
an endless loop, a kernel that dies) is graded in fresh copies of one course: in this process
with one core's worth of work at a time, in this process with each next kernel started ahead,
and with 1, 2 and N local worker processes. Prints seconds per submission, throughput, the floor
measured in the same run (a sandboxed kernel that starts and imports numpy and matplotlib), and
the ratios. Targets: serial at most 1.2x the floor; 2 workers on 2 cores at least 1.8x the serial
throughput. A report, not a test: times depend on the machine and its load.
"""

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from jupyter_core.utils import run_sync

from grading_tools import demo_students, notebooks
from grading_tools.cli import setup_process
from grading_tools.pipeline import Course
from grading_tools.run import sandbox
from grading_tools.run.kernels import KernelPool
from tests.support import ROOT, submit

# The class: share of each kind of submission, and how it differs from the solutions.
KINDS = {
    "right": (0.70, {}),
    "partly wrong": (0.15, "bugsy"),
    "blank": (0.10, "blank"),
    "endless loop": (0.025, {"sigmoid": "def sigmoid(z):\n    while True:\n        pass\n"}),
    "dead kernel": (0.025, {"softmax": "import os\nos._exit(1)\n"}),
}


def build_class(root, assignment, size, timeout):
    """A course in `root` with `assignment` generated and `size` submissions; {student: kind}."""
    shutil.copytree(ROOT / "source" / assignment, root / "source" / assignment)
    config = (ROOT / "nbgrader_config.py").read_text() + f"\nc.Execute.timeout = {timeout}\n"
    (root / "nbgrader_config.py").write_text(config)
    Course(root).generate([assignment])
    release = notebooks.read(notebooks.release_notebook(root, assignment))
    source = notebooks.read(notebooks.source_notebook(root, assignment))
    answers = notebooks.solutions(source)
    kinds, counts = {}, {k: max(1, round(share * size)) for k, (share, _) in KINDS.items()}
    counts["right"] += size - sum(counts.values())
    for kind, count in counts.items():
        change = KINDS[kind][1]
        for i in range(count):
            student = f"{kind.replace(' ', '-')}-{i:03d}"
            if isinstance(change, str):
                nb = demo_students.submission(change, release, source, assignment)
            else:
                nb = notebooks.complete(release, {**answers, **change})
            submit(root, student, assignment, nb)
            kinds[student] = kind
    return kinds


def floor(rounds=7):
    """Median seconds for a sandboxed kernel to start and import numpy and matplotlib."""
    from traitlets.config import Config

    box = sandbox.Sandbox()
    box.preflight()
    preload = "for _m in ('numpy', 'matplotlib.pyplot'): __import__(_m)"
    arguments = ["--IPKernelApp.log_level=ERROR", f"--IPKernelApp.exec_lines={preload}"]
    times = []
    with KernelPool() as pool:
        for _ in range(rounds):
            start = time.perf_counter()
            km = pool.take(box, "python3", arguments, Config())
            client = km.client()
            client.start_channels()
            run_sync(client.wait_for_ready)(timeout=60)
            times.append(time.perf_counter() - start)
            client.stop_channels()
            pool.stop(km)
    return statistics.median(times)


def grade_copy(prepared, folder, assignment, workers, ahead=True):
    """Seconds to grade every submission in a fresh copy of the prepared course."""
    root = folder / "course"
    shutil.copytree(prepared, root)
    if not ahead:
        with open(root / "nbgrader_config.py", "a") as config:
            config.write("\nc.AutogradeExecute.start_ahead = False\n")
    course = Course(root)
    start = time.perf_counter()
    course.grade(assignment, workers=workers)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assignment", default="02_sigmoid_networks")
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument(
        "--timeout", type=int, default=3, help="seconds per cell (the endless loops)"
    )
    args = parser.parse_args()
    setup_process()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        prepared = Path(tmp) / "prepared"
        kinds = build_class(prepared, args.assignment, args.submissions, args.timeout)
        print(
            f"{len(kinds)} submissions of {args.assignment}: "
            + ", ".join(f"{sum(k == kind for k in kinds.values())} {kind}" for kind in KINDS)
        )
        base = floor()
        runs = [
            ("serial (one kernel at a time)", 0, False),
            ("serial, next kernel started ahead", 0, True),
            ("1 worker process", 1, True),
            ("2 worker processes", 2, True),
        ]
        if cores > 2:
            runs.append((f"{cores} worker processes", cores, True))
        results = []
        for i, (name, workers, ahead) in enumerate(runs):
            seconds = grade_copy(prepared, Path(tmp) / f"run{i}", args.assignment, workers, ahead)
            results.append((name, seconds))
    n = len(kinds)
    serial = results[0][1]
    print(
        f"\nfloor (sandboxed kernel start + numpy and matplotlib import, median of 7): {base:.2f} s"
    )
    print(f"\n{'run':<36}{'s/submission':>14}{'per minute':>12}{'x floor':>9}{'x serial':>10}")
    for name, seconds in results:
        per = seconds / n
        print(f"{name:<36}{per:>14.2f}{60 / per:>12.1f}{per / base:>9.2f}{serial / seconds:>10.2f}")
    print(
        f"\n{cores} cores. Targets: serial <= 1.2x the floor; "
        "2 workers >= 1.8x the serial throughput."
    )


if __name__ == "__main__":
    main()
