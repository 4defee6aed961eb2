"""A student mistake, written once: a small patch of a reference function's source.

`Mistake(function, old, new, why)` replaces the text `old` by `new`, exactly once, in the source
of the reference function `function`, and runs the result beside the reference (with its
module's globals, so it calls the reference's other functions). The one patch serves three uses:
the hidden checks name it as the likely cause when a wrong answer equals what it computes
(`says`, through `known`), the mutant catalogue (tests/mutants) proves the hidden tests catch it
(`hint`), and the demo student bugsy makes it (`demo`, grading_tools.demo_students).
"""

import functools
import inspect
import linecache
import re
from dataclasses import dataclass
from typing import Callable, Iterable

from .spec import KnownMistake

SAYS = "(the hint it says)"  # the default `hint` of a Mistake: `says`, or None if it says none


class StalePatch(ValueError):
    """A patch whose `old` text does not appear exactly once where it should apply."""


@dataclass(frozen=True)
class Mistake:
    """A wrong version of a reference function: its source with `old` replaced by `new`.

    `old` and `new` are texts, or tuples of texts for a mistake made in several places (each
    `old[i]` becomes `new[i]`, in turn). `why` says what is wrong, in a few words. `says` is the
    hint the hidden checks give when a student's answer matches the patched function (""
    if they do not recognize it). `hint` is what the catalogue expects of the hidden test's
    message: a substring of its hint, or None when no hint fits (by default `says`, or None).
    `calls` holds the functions the patch calls that the reference module lacks (in the
    notebook, earlier cells define them). `demo` marks bugsy's mistake in the assignment.
    """

    function: Callable
    old: str | tuple
    new: str | tuple
    why: str
    hint: str | None = SAYS
    says: str = ""
    calls: tuple = ()
    demo: bool = False

    def __post_init__(self):
        self.apply_to(reference_source(self.function), "the source of the reference")

    @property
    def name(self):
        """The contract name of the function the mistake is made in."""
        return self.function.__name__

    @property
    def expected_hint(self):
        """The substring the hidden test's hint must hold, or None when no hint may be given."""
        return (self.says or None) if self.hint == SAYS else self.hint

    @property
    def source(self):
        """The patched function's source code."""
        return self.apply_to(reference_source(self.function), "the source of the reference")

    def patched(self):
        """The patched function, defined among the reference module's globals."""
        return _define(self)

    def __call__(self, *args, **kwargs):
        return self.patched()(*args, **kwargs)

    def apply_to(self, code, where):
        """`code` (e.g. a notebook's solution cell) with the patch applied; `where` names it.
        Spacing is ignored when `old` is looked for, so that a patch applies to the reference as
        the formatter lays it out and to a notebook cell as written. Raises StalePatch unless
        each `old` text appears exactly once."""
        olds, news = _texts(self.old), _texts(self.new)
        if len(olds) != len(news):
            raise ValueError(f"the mistake {self.why!r} replaces {len(olds)} texts by {len(news)}")
        for old, new in zip(olds, news):
            found = list(_spaced(old).finditer(code))
            if len(found) != 1:
                raise StalePatch(
                    f"the mistake {self.why!r} in {self.name} no longer applies: "
                    f"{old!r} appears {len(found)} times in {where}, not once; update "
                    "the patch"
                )
            start, end = found[0].span()
            code = code[:start] + _inner(old, new) + code[end:]
        return code


def _texts(text_or_texts):
    return (text_or_texts,) if isinstance(text_or_texts, str) else tuple(text_or_texts)


def _spaced(old):
    """A pattern for `old` that allows any spacing between its characters (not around it)."""
    return re.compile(r"\s*".join(re.escape(c) for c in old if not c.isspace()))


def _inner(old, new):
    """`new` as it replaces a match of `old`, which starts after its indentation and ends before
    its trailing newline: without the indentation and the newline that `old` also has."""
    indent = old[: len(old) - len(old.lstrip())]
    new = new[len(indent) :] if new.startswith(indent) else new.lstrip()
    return new.rstrip() if old != old.rstrip() else new


@functools.cache
def reference_source(function):
    return inspect.getsource(function)


@functools.cache
def _define(mistake):
    """Compile the patched source; its lines go to linecache so that inspect.getsource (the
    catalogue's notebook code) and tracebacks show the patched code."""
    code = mistake.source
    filename = f"<mistake in {mistake.name}: {mistake.why}>"
    linecache.cache[filename] = (len(code), None, code.splitlines(keepends=True), filename)
    namespace = {**mistake.function.__globals__, **{f.__name__: f for f in mistake.calls}}
    exec(compile(code, filename, "exec"), namespace)
    return namespace[mistake.name]


def known(mistakes: Iterable[Mistake], name: str) -> tuple[KnownMistake, ...]:
    """The hidden checks' known mistakes (spec.KnownMistake) of the function `name`: the patches
    of it that say a hint."""
    return tuple(KnownMistake(m.says, m) for m in mistakes if m.name == name and m.says)
