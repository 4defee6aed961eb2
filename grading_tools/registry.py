"""The assignments and what belongs to each, derived from the folders: nothing is listed by hand.

An assignment `NN_topic` is its source notebook `source/NN_topic/NN_topic.ipynb` and three
modules named after its topic: the reference solutions `grading_tools/reference/<topic>.py`,
the hidden checks `grading_tools/checks/<topic>.py` (a list `SPECS`) and the mutant catalogue
`tests/mutants/<topic>.py`. Adding an assignment means adding these four files, nothing else.
Specs are found by (assignment, function), so two assignments may grade functions of one name.
"""

import dataclasses
import importlib
import types
from pathlib import Path

from .mistakes import known

ROOT = Path(__file__).resolve().parents[1]

# The package of each kind of per-assignment module, and the modules in it that serve them all.
PACKAGES = {
    "reference": "grading_tools.reference",
    "checks": "grading_tools.checks",
    "mutants": "tests.mutants",
}
SHARED = {
    "reference": {"__init__"},
    "checks": {"__init__", "case_functions", "core", "record"},
    "mutants": {"__init__", "__main__", "catalogue", "hints"},
}


def assignments(root=ROOT):
    """Every assignment id, in order: the folders source/ID that hold ID.ipynb."""
    source = Path(root) / "source"
    if not source.is_dir():
        return []
    return sorted(p.name for p in source.iterdir() if (p / f"{p.name}.ipynb").is_file())


def topic(assignment):
    """The name of an assignment's modules: `02_sigmoid_networks` -> `sigmoid_networks`."""
    number, _, name = assignment.partition("_")
    if not (number.isdigit() and name.isidentifier()):
        raise ValueError(f"an assignment id is NN_topic (e.g. 02_sigmoid_networks): {assignment!r}")
    return name


def module_path(kind, assignment, root=ROOT):
    """The file of the assignment's module of `kind` ("reference", "checks" or "mutants")."""
    return _folder(kind, root) / f"{topic(assignment)}.py"


def module(kind, assignment):
    """The assignment's module of `kind`, imported."""
    return importlib.import_module(f"{PACKAGES[kind]}.{topic(assignment)}")


def layout_problems(root=ROOT):
    """One line per file that breaks the match of assignments and modules: a module an
    assignment lacks, or a module of no assignment."""
    ids = assignments(root)
    problems = [
        f"{assignment} has no {path.relative_to(root)}"
        for assignment in ids
        for path in (module_path(kind, assignment, root) for kind in PACKAGES)
        if not path.is_file()
    ]
    topics = {topic(assignment) for assignment in ids}
    for kind in PACKAGES:
        for path in sorted(_folder(kind, root).glob("*.py")):
            if path.stem not in topics | SHARED[kind]:
                problems.append(
                    f"{path.relative_to(root)} belongs to no assignment (no "
                    f"source/NN_{path.stem}/NN_{path.stem}.ipynb)"
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
    hidden = module("checks", assignment)
    checks = hidden.SPECS
    reference = module("reference", assignment)
    graded = {spec.name for spec in checks}
    for index, spec in enumerate(checks):
        place = f"SPECS[{index}] (cases {spec.cases.__name__})"
        if spec.name in found:
            raise ValueError(
                f"{PACKAGES['checks']}.{topic(assignment)}: {where[spec.name]} and "
                f"{place} both check {spec.name!r}"
            )
        called = sorted(graded & names_in(getattr(reference, spec.name).__code__) - {spec.name})
        uses = tuple(dict.fromkeys([*spec.uses, *called]))
        mistakes = known(getattr(hidden, "MISTAKES", ()), spec.name) + tuple(spec.mistakes)
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


def _folder(kind, root):
    return Path(root, *PACKAGES[kind].split("."))
