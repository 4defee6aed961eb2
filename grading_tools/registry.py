"""The assignments and what belongs to each, derived from the folders: nothing is listed by hand.

An assignment `NN_topic` is its source notebook `source/NN_topic/NN_topic.ipynb` and its folder
`grading_tools/assignments/<topic>/`: the reference solutions (`reference.py`), the mistakes
students make as patches of them (`mistakes.py`, a tuple `MISTAKES`) and the hidden cases with
the spec of each graded function (`cases.py`, a list `SPECS`). Adding an assignment means adding
the notebook and this folder (and, for the tests, its mutant catalogue `tests/mutants/<topic>.py`).
The registry knows folders and modules only; the specs they hold are the judge's
(grading_tools.judge.catalog).
"""

import importlib
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "grading_tools.assignments"
PARTS = ("reference", "mistakes", "cases")  # the modules of every assignment's folder


def assignments(root: Path = ROOT) -> list[str]:
    """Every assignment id, in order: the folders source/ID that hold ID.ipynb."""
    source = Path(root) / "source"
    if not source.is_dir():
        return []
    return sorted(p.name for p in source.iterdir() if (p / f"{p.name}.ipynb").is_file())


def topic(assignment: str) -> str:
    """The name of an assignment's folder: `02_sigmoid_networks` -> `sigmoid_networks`."""
    number, _, name = assignment.partition("_")
    if not (number.isdigit() and name.isidentifier()):
        raise ValueError(f"an assignment id is NN_topic (e.g. 02_sigmoid_networks): {assignment!r}")
    return name


def folder(assignment: str, root: Path = ROOT) -> Path:
    """The folder of everything the grader knows of `assignment`."""
    return Path(root, *PACKAGE.split("."), topic(assignment))


def module(part: str, assignment: str) -> types.ModuleType:
    """The assignment's module `part` ("reference", "mistakes" or "cases"), imported."""
    if part not in PARTS:
        raise ValueError(f"an assignment's modules are {', '.join(PARTS)}, not {part!r}")
    return importlib.import_module(f"{PACKAGE}.{topic(assignment)}.{part}")


def layout_problems(root: Path = ROOT) -> list[str]:
    """One line per file that breaks the match of assignments and folders: a module an
    assignment lacks, or a folder of no assignment."""
    ids = assignments(root)
    problems = [
        f"{assignment} has no {path.relative_to(root)}"
        for assignment in ids
        for path in (folder(assignment, root) / f"{part}.py" for part in PARTS)
        if not path.is_file()
    ]
    topics = {topic(assignment) for assignment in ids}
    for path in sorted(Path(root, *PACKAGE.split(".")).glob("*/")):
        if path.name not in topics and not path.name.startswith("__"):
            problems.append(
                f"{path.relative_to(root)} belongs to no assignment (no "
                f"source/NN_{path.name}/NN_{path.name}.ipynb)"
            )
    return problems
