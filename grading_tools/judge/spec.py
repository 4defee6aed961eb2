"""What a hidden test is: a `Spec` per graded function, its `Case`s, and the mistakes it knows.

A `Spec` says, for one contract function, which inputs to try (`cases`) and how to judge an
answer (by default: the same as the reference, within tolerance). The kernel only calls the
student's function on the cases (course.hidden); grading_tools.judge.verdict decides, in the
grader's process.
"""

import copy
from dataclasses import dataclass, field
from typing import Any, Callable

from course.compare import difference

from .. import registry


class Mismatch(AssertionError):
    """A student's answer is wrong (raised by evaluate): its text is the Failure's message, which
    says how and, when known, why; `failure` holds the Failure itself."""

    def __init__(self, failure):
        super().__init__(failure.message)
        self.failure = failure

    def __reduce__(self):  # pickled with its Failure, not its text
        return type(self), (self.failure,)


@dataclass
class Case:
    """One input to a graded function, with a label that tells the student what it covers."""

    label: str
    args: tuple
    kwargs: dict = field(default_factory=dict)

    def fresh(self):
        """A deep copy, so that neither the student nor the reference can change the original."""
        return copy.deepcopy(self)


@dataclass(frozen=True)
class KnownMistake:
    """A wrong computation students often write: if the answer matches it, say so."""

    hint: str
    compute: Callable[..., Any]


@dataclass(frozen=True)
class Spec:
    """How to grade one contract function.

    By default an answer is right when it matches the reference's (`course.compare.difference`
    within rtol/atol; `outputs` names the elements of a tuple result; with `kind_hint`, the
    answer must hold the reference's kind of numbers, integers for indices and counts, and that
    text is the hint for one that does not; with `extra_keys_fail`, a dict in the answer may hold
    nothing under a key the reference's lacks; `first` names the outputs compared before the
    others, those that explain them). `compare(got, expected, spec)` replaces that comparison
    (returning a Difference, or None when right), `summary(case, spec)` the one-line description
    of the inputs in messages, and `judge(got, expected, case)` the whole verdict, for answers
    that are right without equalling the reference's (returning the message, or None when
    right). `judge_all(answers)` judges the (case, answer) pairs of every case together once each
    passed on its own, for what no single case can show (a pass rate over several data splits);
    it returns the message, or None.
    `mistakes` are recognized through the same comparison, and offered as a likely cause only if
    they reproduce the answer on every hidden case the student's function answered; the generic
    hints (a flipped sign, a factor 2, ½, N or 1/N with N the samples of the case, a transpose)
    only when no known mistake does. `uses` names the graded functions the student's version
    calls (in the notebook, theirs): a wrong answer then reminds to fix those first if their tests
    failed too. `warnings_fail` is for functions whose contract forbids warnings (e.g. overflow
    in sigmoid). `assignment` is set by grading_tools.judge.catalog: the reference is that
    assignment's function `name`.
    """

    name: str
    cases: Callable[[], list]
    judge: Callable[..., str | None] | None = None
    judge_all: Callable[[list], str | None] | None = None
    compare: Callable[..., object] | None = None
    summary: Callable[..., str] | None = None
    outputs: tuple = ()
    kind_hint: str | None = None
    extra_keys_fail: bool = False
    first: tuple = ()
    rtol: float = 1e-7
    atol: float = 1e-10
    mistakes: tuple = ()
    warnings_fail: bool = False
    uses: tuple = ()
    assignment: str = ""

    def difference(self, got, expected):
        """None if `got` is as good as `expected`, else a course.compare.Difference."""
        if self.compare is not None:
            return self.compare(got, expected, self)
        return difference(
            got,
            expected,
            self.outputs,
            self.rtol,
            self.atol,
            kind_hint=self.kind_hint,
            extra_keys_fail=self.extra_keys_fail,
            first=self.first,
        )

    @property
    def reference(self):
        return getattr(registry.module("reference", self.assignment), self.name)
