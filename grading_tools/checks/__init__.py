"""Hidden tests: one `check(name, fn)` call per hidden test cell.

`check` runs the student's function on fixed-seed cases that differ from the visible examples,
compares every result with the reference, and raises an AssertionError that teaches when one is
wrong. When it passes, it leaves a record of the results in the cell's outputs, which the
grader re-checks in its own process (`verify_record`), out of the submission's reach.
"""

from .core import Mismatch, judge_case, run_case
from .record import decode, digest, make_record, publish
from .registry import SPECS

__all__ = ["check", "evaluate", "verify_record", "SPECS", "Mismatch"]


def check(name, fn):
    """Grade the student's function `fn` against the reference function `name` (a hidden test)."""
    record = evaluate(name, fn)
    publish(record, f"hidden tests of {name}: {len(record.get('results', []))} cases passed")


def evaluate(name, fn):
    """Run and judge `fn` on every hidden case of `name`; return the record of its results.

    Raises Mismatch, with a message for the student, at the first wrong case.
    """
    spec = SPECS[name]
    if not callable(fn):
        raise Mismatch(f"`{name}` should be a function, but it is a {type(fn).__name__}.")
    results, digests = [], []
    for case in spec.cases():
        got, trial = run_case(spec, fn, case)
        judge_case(spec, case, got)
        results.append(got)
        digests.append(digest(trial.args, trial.kwargs))
    return make_record(name, results, digests)


def verify_record(name, record):
    """The grader's own verdict on a record published by `check`: None if right, else why not."""
    spec = SPECS.get(name)
    if spec is None:
        return f"no hidden check is named {name!r}"
    if not isinstance(record, dict) or record.get("check") != name:
        return f"the record does not belong to the check of {name}"
    if record.get("too_large"):
        return f"{name} returned results too large to record (several megabytes)"
    cases = spec.cases()
    results, digests = record.get("results"), record.get("inputs")
    if not isinstance(results, list) or not isinstance(digests, list) \
            or len(results) != len(cases) or len(digests) != len(cases):
        return f"the record of {name} does not hold one result per hidden case"
    for case, encoded, seen in zip(cases, results, digests):
        if seen != digest(case.args, case.kwargs):
            return f"{name} modified its inputs (hidden case: {case.label})"
        try:
            judge_case(spec, case, decode(encoded))
        except Mismatch as wrong:
            return str(wrong)
        except Exception as error:
            return f"the recorded result of {name} could not be read ({error})"
    return None
