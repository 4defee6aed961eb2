"""The mutant catalogue: wrong implementations the hidden tests must fail, right ones they pass.

Each assignment has a module here, named like its reference module (grading_tools.registry).
Its mutants are mostly the patches of the reference in the assignment's hidden checks
(`patches(MISTAKES)`, see grading_tools.judge.mistakes); its functions are registered with
`@alternative(name, how)` (a correct version written differently from the reference) or, for a
mistake no patch can express, `@mutant(name, why)`.
Functions keep distinct Python names in their module; `source(entry)` gives the code as a
student would write it in the notebook, under the contract name.

A mutant may declare the hint it must get: `@mutant(name, why, hint="...")` with a distinctive
substring of the hidden test's "likely cause" for that mistake, or `hint=None` when no hint fits
(the message must then offer none). tests/test_hints.py holds every declared mutant to it, and
`python -m tests.mutants --hints` reports the hint accuracy over the catalogue.
"""

import importlib
import inspect
import re
import textwrap
from dataclasses import dataclass
from typing import Callable

from grading_tools import registry


@dataclass(frozen=True)
class Entry:
    assignment: str  # the assignment id
    function: str  # the contract function it implements
    description: str  # the mistake, or how the alternative differs
    fn: Callable
    correct: bool
    hint: object = None  # a substring of the expected hint, None for no hint, or UNDECLARED

    @property
    def label(self):
        return f"{self.function}: {self.description}"


_entries = []
UNDECLARED = "(undeclared)"  # a mutant that does not say which hint it must get


def _register(function, description, correct, hint=None):
    def register(fn):
        assignment = next(a for a in registry.assignments() if registry.topic(a) == _topic(fn))
        _entries.append(Entry(assignment, function, description, fn, correct, hint))
        return fn

    return register


def _topic(fn):
    """The topic of the assignment `fn` belongs to: from its module, a catalogue module
    (tests.mutants.<topic>) or, for a patched reference, the assignment's folder
    (grading_tools.assignments.<topic>.reference)."""
    package, _, rest = fn.__module__.partition(registry.PACKAGE + ".")
    return rest.split(".")[0] if not package and rest else fn.__module__.rsplit(".", 1)[-1]


def mutant(function, description, hint=UNDECLARED):
    """Register a wrong implementation of `function`; `hint` is a substring of the hint its hidden
    test must give (None: no hint fits, so none may be given)."""
    return _register(function, description, correct=False, hint=hint)


def alternative(function, description):
    """Register a correct implementation of `function`, written differently from the reference."""
    return _register(function, description, correct=True)


def patches(mistakes):
    """Register each patch of the reference (grading_tools.judge.mistakes.Mistake) as a mutant."""
    for patch in mistakes:
        mutant(patch.name, patch.why, patch.expected_hint)(patch.patched())


def entries():
    """Every catalogue entry, assignment by assignment."""
    for assignment in registry.assignments():
        importlib.import_module(f"{__package__}.{registry.topic(assignment)}")
    return list(_entries)


def source(entry):
    """The entry's code as notebook code: decorators dropped, the function named as in the
    contract."""
    lines = textwrap.dedent(inspect.getsource(entry.fn)).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("def "))
    code = "\n".join(lines[start:]) + "\n"
    return re.sub(rf"^def {entry.fn.__name__}\(", f"def {entry.function}(", code, count=1)
