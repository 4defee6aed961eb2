"""Compare a student's function with the reference on fixed-seed cases and explain any mismatch.

A `Spec` says, for one contract function, which inputs to try (`cases`) and how to judge an
answer (by default: the same as the reference, within tolerance). The kernel only calls the
student's function on the cases (course.hidden); `verdict` decides, in the grader's process.

Every judging function returns the problem, or None when the answer is right: a comparison
returns a course.compare.Difference (what differs, with its hints), a verdict a `Failure` (the
message for the student, and what it says as fields). A spec's own judge returns the message
alone; `judged` reads its likely causes back from the lines `likely_causes` wrote. Only
grading_tools.judge.evaluate raises (Mismatch), for tests and source notebooks.
Each case is judged on its own; what needs several cases at once (`Spec.judge_all`) is judged
once, from all of them, so no verdict depends on the order of the cases.
"""

import itertools
import warnings

import numpy as np

from course.compare import factor_hint
from course.progress import deepest_broken

from . import catalog
from .describe import call_text, describe_inputs, modified_argument
from .failure import Failure
from .record import decode


def verdict(spec, evidence, failed=()) -> Failure | None:
    """None if every (case, outcome) pair in `evidence` is right, each on its own and then all
    together (`spec.judge_all`); else the Failure of the first wrong one. `failed` names the
    graded functions whose hidden tests failed in the same notebook."""
    for case, outcome in evidence:
        problem = judge_outcome(spec, case, outcome, evidence, failed)
        if problem:
            return problem
    message = spec.judge_all(list(_answers(evidence))) if spec.judge_all else None
    return judged(spec, "", message) if message else None


def judge_outcome(spec, case, outcome, evidence=(), failed=()) -> Failure | None:
    """None if the kernel's `outcome` of one call (course.hidden.call) is right: no exception,
    no forbidden warning, no input changed in place, and an acceptable result; else why not.
    `evidence` holds the (case, outcome) pairs of every case, which a known mistake must explain;
    `failed` names the graded functions whose hidden tests failed in the same notebook."""

    def failure(kind, message):
        return Failure(kind, message, spec.name, case.label)

    raised = outcome.get("raised")
    if raised:
        kind, text = raised
        if kind == "NotImplementedError":
            return failure(
                "not_implemented",
                f"{spec.name} is not implemented yet: replace "
                "`raise NotImplementedError()` with your code.",
            )
        return failure(
            "raised",
            f"{call_text(spec, case)} raised {kind}: {text}\n"
            f"  on hidden case: {case.label}\n"
            f"  inputs: {describe_inputs(spec, case)}",
        )
    if spec.warnings_fail and outcome.get("warning"):
        return failure(
            "warning",
            f"{call_text(spec, case)} emitted a warning: {outcome['warning']}\n"
            f"  on hidden case: {case.label}\n  inputs: {describe_inputs(spec, case)}\n"
            "  The contract asks for a version that never warns on these inputs.",
        )
    inputs = outcome.get("inputs")
    changed = modified_argument(spec, case, inputs)
    if changed:  # or the record of the inputs is missing: then the record is not course.hidden's
        return failure(
            "modified_input" if isinstance(inputs, dict) else "unreadable_record",
            f"{spec.name} modified its argument `{changed}` in place "
            f"(hidden case: {case.label}).\n"
            "  Functions must not change their inputs: work on a copy, e.g. "
            "`x = x + 1` instead of `x += 1`.",
        )
    return judge_case(spec, case, decode(outcome["result"]), evidence, failed)


def expected_result(spec, case):
    """The reference's answer on a fresh copy of the case."""
    trial = case.fresh()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the reference itself must be warning-free
        return spec.reference(*trial.args, **trial.kwargs)


def judge_case(spec, case, got, evidence=(), failed=()) -> Failure | None:
    """None if `got` is an acceptable answer for `case`, else why not."""
    expected = expected_result(spec, case)
    if spec.judge is not None:
        message = spec.judge(got, expected, case)
        return None if message is None else judged(spec, case.label, message, failed)
    problem = spec.difference(got, expected)
    return None if problem is None else wrong_answer(spec, case, got, problem, evidence, failed)


def judged(spec, label, message, failed=None) -> Failure:
    """The Failure of a message from a spec's own judge (`judge`, on the case `label`, or
    `judge_all`, on all of them): its likely causes are the lines `likely_causes` wrote there.
    With `failed` (a single case's verdict), what to fix first goes where those lines begin."""
    head, cause, rest = message.partition(LIKELY_CAUSE)
    lines = rest.splitlines() if cause else []
    hints = lines[:1] + [line.removeprefix(OR) for line in itertools.takewhile(_offers, lines[1:])]
    if failed is None:
        return Failure("wrong", message, spec.name, label, tuple(hints))
    return advised(spec, label, head, hints, cause + rest, failed)


def _offers(line):
    return line.startswith(OR)


def wrong_answer(spec, case, got, problem, evidence=(), failed=()) -> Failure:
    """The Failure of a wrong answer: the call, the hidden case and its inputs, what differs
    (`problem`, a course.compare.Difference), and the likely causes.

    A known mistake is offered only if it reproduces `got` and every other answer in `evidence`
    ((case, outcome) pairs; cases that raised are left out). Only when none does are the
    problem's generic hints offered (with N or 1/N named when N is the case's number of samples),
    and only when there are none of those either, what a wrong shape suggests.
    A function that calls other graded functions (`spec.uses`) is never blamed alone: if one of
    them is known to have failed its own hidden test (`failed`), the message says to fix that
    one first and offers no hint; otherwise it reminds to check them before the hints.
    """
    message = (
        f"{call_text(spec, case)} is wrong on hidden case: {case.label}\n"
        f"  inputs: {describe_inputs(spec, case)}\n  {problem.text}"
    )
    answers = [(case, got)] + [(c, a) for c, a in _answers(evidence) if c is not case]
    known = [
        m.hint
        for m in spec.mistakes
        if _matches(m, case, got, spec) and all(_explains(m, c, a, spec) for c, a in answers[1:])
    ]
    generic = factor_hint(problem.factor)
    named = factor_hint(problem.factor, samples(case))
    hints = (
        known
        or [h for h in problem.hints if h != generic] + ([named] if named else [])
        or problem.guesses  # what a wrong shape suggests, when nothing surer is known
    )
    hints = list(dict.fromkeys(hints))
    return advised(spec, case.label, message, hints, likely_causes(hints), failed)


def advised(spec, label, head, hints, causes, failed) -> Failure:
    """A wrong answer's Failure: `head` (what is wrong), then, for a function that may call
    graded ones, to fix the first broken one (`first_broken`) and no hint, as the difference may
    well come from there; or a reminder to check them, then the `causes` lines offering
    `hints`."""
    broken = first_broken(spec, failed)
    if broken:
        listed = " and ".join(broken)
        message = (
            f"{head}\n  fix {listed} first: {spec.name} relies on your {listed}, whose hidden "
            "test failed too, so this difference may well come from there"
        )
        return Failure("wrong", message, spec.name, label, fix_first=tuple(broken))
    return Failure("wrong", head + uses_note(spec) + causes, spec.name, label, tuple(hints))


def first_broken(spec, failed):
    """The functions to fix first when `spec`'s answer is wrong: those it uses whose hidden tests
    `failed`, each followed down the chain to where the fault starts (train_gd uses backward,
    which uses output_delta: with both failed, output_delta)."""
    specs = catalog.specs(spec.assignment) if spec.assignment else {}
    uses = {name: callee.uses for name, callee in specs.items()}
    return deepest_broken([name for name in spec.uses if name in failed], uses, failed.__contains__)


def uses_note(spec):
    """For a function that calls other graded ones: the fault may lie in what it calls."""
    if not spec.uses:
        return ""
    listed = " and ".join(spec.uses)
    return (
        f"\n  first: {spec.name} calls your {listed}; if the hidden test of one of them failed "
        "too, fix that one first (this difference may come from it)"
    )


def samples(case):
    """The numbers of samples in a case: the row counts of its 2-D array arguments."""
    return tuple(
        {
            np.shape(a)[0]
            for a in [*case.args, *case.kwargs.values()]
            if isinstance(a, np.ndarray) and a.ndim == 2
        }
    )


def _answers(evidence):
    """(case, decoded result) for every outcome in `evidence` that holds a readable result."""
    for case, outcome in evidence:
        if not isinstance(outcome, dict) or outcome.get("raised") or "result" not in outcome:
            continue
        try:
            yield case, decode(outcome["result"])
        except Exception:
            continue


LIKELY_CAUSE, OR = "\n  likely cause: ", "  or: "


def likely_causes(hints):
    """The message lines that offer `hints`: "likely cause: the first", then "or: the next"."""
    hints = list(dict.fromkeys(hints))
    return "".join(
        LIKELY_CAUSE + hint if i == 0 else f"\n{OR}{hint}" for i, hint in enumerate(hints)
    )


def _explains(mistake, case, got, spec):
    """Whether the answer `got` on another case fits `mistake`: it reproduces it, or, where the
    mistake does not apply (its computation raises), the answer is right."""
    try:
        wrong = _mistaken_answer(mistake, case)
    except Exception:
        return spec.difference(got, expected_result(spec, case)) is None
    return spec.difference(got, wrong) is None


def _matches(mistake, case, got, spec):
    try:
        wrong = _mistaken_answer(mistake, case)
    except Exception:
        return False
    return spec.difference(got, wrong) is None


def _mistaken_answer(mistake, case):
    """What the mistake computes on a fresh copy of the case, quietly (it may raise)."""
    trial = case.fresh()
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return mistake.compute(*trial.args, **trial.kwargs)
