"""The assignments and what belongs to each, derived from the folders: nothing is listed by hand.

An assignment `NN_topic` is its source notebook `source/NN_topic/NN_topic.ipynb` and its folder
`grading_tools/assignments/<topic>/`: the reference solutions (`reference.py`), the mistakes
students make as patches of them (`mistakes.py`, a tuple `MISTAKES`) and the hidden cases with
the spec of each graded function (`cases.py`, a list `SPECS`). Adding an assignment means adding
the notebook and this folder (and, for the tests, its mutant catalogue `tests/mutants/<topic>.py`).
Specs are found by (assignment, function), so two assignments may grade functions of one name.
"""

import dataclasses
import importlib
import types
from pathlib import Path

from .judge.mistakes import known

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "grading_tools.assignments"
PARTS = ("reference", "mistakes", "cases")  # the modules of every assignment's folder


def assignments(root=ROOT):
    """Every assignment id, in order: the folders source/ID that hold ID.ipynb."""
    source = Path(root) / "source"
    if not source.is_dir():
        return []
    return sorted(p.name for p in source.iterdir() if (p / f"{p.name}.ipynb").is_file())


def topic(assignment):
    """The name of an assignment's folder: `02_sigmoid_networks` -> `sigmoid_networks`."""
    number, _, name = assignment.partition("_")
    if not (number.isdigit() and name.isidentifier()):
        raise ValueError(f"an assignment id is NN_topic (e.g. 02_sigmoid_networks): {assignment!r}")
    return name


def folder(assignment, root=ROOT):
    """The folder of everything the grader knows of `assignment`."""
    return Path(root, *PACKAGE.split("."), topic(assignment))


def module(part, assignment):
    """The assignment's module `part` ("reference", "mistakes" or "cases"), imported."""
    if part not in PARTS:
        raise ValueError(f"an assignment's modules are {', '.join(PARTS)}, not {part!r}")
    return importlib.import_module(f"{PACKAGE}.{topic(assignment)}.{part}")


def layout_problems(root=ROOT):
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


def specs(assignment):
    """{function: Spec} of the assignment's hidden checks, each spec told its assignment, every
    graded function of the assignment its reference calls (`uses`, beside those its spec
    declares: a call through a table, say, is not seen in the code), and the known mistakes of
    its function: the patches of the module's MISTAKES of that name that say a hint, then any
    the spec declares itself.

    A function checked twice is an error that names both specs (a dict would keep the last)."""
    found, where = {}, {}
    checks = module("cases", assignment).SPECS
    reference = module("reference", assignment)
    patches = module("mistakes", assignment).MISTAKES
    graded = {spec.name for spec in checks}
    for index, spec in enumerate(checks):
        place = f"SPECS[{index}] (cases {spec.cases.__name__})"
        if spec.name in found:
            raise ValueError(
                f"{PACKAGE}.{topic(assignment)}.cases: {where[spec.name]} and "
                f"{place} both check {spec.name!r}"
            )
        called = sorted(graded & names_in(getattr(reference, spec.name).__code__) - {spec.name})
        uses = tuple(dict.fromkeys([*spec.uses, *called]))
        mistakes = known(patches, spec.name) + tuple(spec.mistakes)
        found[spec.name] = dataclasses.replace(
            spec, assignment=assignment, uses=uses, mistakes=mistakes
        )
        where[spec.name] = place
    return found


def names_in(code):
    """The global and attribute names a function's code (its nested functions included) uses."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= names_in(const)
    return names


def all_specs(root=ROOT):
    """{(assignment, function): Spec} over every assignment."""
    return {
        (assignment, name): spec
        for assignment in assignments(root)
        for name, spec in specs(assignment).items()
    }


def owner(name, root=ROOT):
    """The one assignment that checks a function `name`: for callers that know only the name.
    LookupError if none does, or several do (naming them: the name alone cannot tell)."""
    owners = [assignment for assignment in assignments(root) if name in specs(assignment)]
    if not owners:
        raise LookupError(f"no hidden check is named {name!r}")
    if len(owners) > 1:
        raise LookupError(
            f"{', '.join(owners)} all check {name!r}: the name alone cannot tell "
            "which hidden test to run"
        )
    return owners[0]
