"""The hidden tests of every assignment: the `SPECS` of its cases.py, each completed from its
folder (grading_tools.registry): its assignment, the graded functions its reference calls, and
its known mistakes. Specs are found by (assignment, function), so two assignments may grade
functions of one name."""

import dataclasses
import types
from pathlib import Path

from ..registry import PACKAGE, ROOT, assignments, module, topic
from .mistakes import known
from .spec import Spec


def specs(assignment: str) -> dict[str, Spec]:
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


def names_in(code: types.CodeType) -> set[str]:
    """The global and attribute names a function's code (its nested functions included) uses."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= names_in(const)
    return names


def all_specs(root: Path = ROOT) -> dict[tuple[str, str], Spec]:
    """{(assignment, function): Spec} over every assignment."""
    return {
        (assignment, name): spec
        for assignment in assignments(root)
        for name, spec in specs(assignment).items()
    }


def owner(name: str, root: Path = ROOT) -> str:
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
