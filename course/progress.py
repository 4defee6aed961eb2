"""What this kernel knows of the student's progress, for the visible tests' advice: which tests
passed (`passed`), which checks were answered right in this cell run, which function to fix
first when a test relies on others (`fix_first_among`), and which known mistake an answer is
(`known_mistakes`, from the file `known_mistakes.json` the release ships beside the notebook)."""

import json
from pathlib import Path

import numpy as np

from .compare import difference

KNOWN_MISTAKES_FILE = "known_mistakes.json"

_passed = set()  # the functions whose visible tests passed in this kernel
_right_checks = {}  # the checks (their `what`) answered right, and in which cell run


def _cell_run():
    """Which cell run this is: IPython's execution count (0 outside IPython)."""
    try:
        from IPython import get_ipython

        return getattr(get_ipython(), "execution_count", 0)
    except ImportError:
        return 0


def passed(what):
    """Tell the student that the visible tests of `what` passed (and remember it, for `uses`)."""
    _passed.add(what)
    print(
        f"✓ {what}: the visible tests pass. "
        "(The autograder also runs hidden tests on other inputs.)"
    )


def fix_first_among(names):
    """The "fix X first" advice for a test of a function that calls the graded functions
    `names`, if some have not passed their visible tests yet (the deepest such); else None."""
    unfinished = first_broken([name for name in names if name not in _passed])
    return fix_first(unfinished) if unfinished else None


def first_broken(names, path=KNOWN_MISTAKES_FILE):
    """Of the functions `names` that have not passed their visible tests, where to start: each
    followed down the graded functions it calls, as the release's known_mistakes.json lists
    them, to the deepest that has not passed (train_gd's test, with backward and the
    output_delta it calls not passed, names output_delta). Without the file, `names`."""
    try:
        uses = json.loads(Path(path).read_text())["uses"]
        assert isinstance(uses, dict)
    except Exception:  # a missing, edited or garbled file: the functions named in the test
        return list(names)
    return deepest_broken(names, uses, lambda name: name not in _passed)


def deepest_broken(names, uses, broken):
    """Where a fault among the functions `names` starts: each followed down `uses` ({function:
    the graded functions it calls}) while what it calls is `broken`, to the deepest; in order,
    without repeats. One rule for the visible tests (not passed yet) and the hidden ones (failed
    in the same notebook)."""

    def roots(name, seen):
        called = uses.get(name) or ()
        deeper = [u for u in called if isinstance(u, str) and broken(u) and u not in seen]
        return [r for u in deeper for r in roots(u, seen | {u})] if deeper else [name]

    return list(dict.fromkeys(root for name in names for root in roots(name, {name})))


def fix_first(names):
    """The advice when a test that relies on the functions `names` fails while they have not
    passed their own visible tests."""
    listed = " and ".join(f"`{name}`" for name in names)
    return (
        f"fix {listed} first: this test relies on {listed} (the function tested here calls it, "
        "or the expected values come from it), whose visible test has not passed yet (it failed, "
        "or has not been run). Make that test pass, then run this one again."
    )


def known_mistakes(got, expected, what, path=KNOWN_MISTAKES_FILE):
    """The hint of the known mistake whose answer to the check `what` is `got`, as a list (empty
    when none is known), from the file the release ships beside the notebook
    (grading_tools.visible_mistakes writes it).

    A mistake that would have failed a check answered right earlier in the same cell run is
    ruled out; if several different mistakes remain, the numbers cannot tell them apart and
    none is named. The file only words messages: it never decides whether a test passes, so a
    student who edits or deletes it changes nothing but the hints. A missing or unreadable file
    names nothing."""
    try:
        found = json.loads(Path(path).read_text())["entries"]
        right = {check for check, run in _right_checks.items() if run == _cell_run()}
        ruled_out = {(e["function"], e["mistake"]) for e in found if e["what"] in right}
        hints = []
        for entry in found:
            if entry["what"] != what or (entry["function"], entry["mistake"]) in ruled_out:
                continue
            if difference(expected, _value(entry["expected"])):
                continue
            if difference(got, _value(entry["got"]), rtol=1e-6, atol=1e-9) is None:
                hints.append(
                    f"your answer is what `{entry['function']}` gives with a known mistake: "
                    + entry["says"]
                )
        hints = list(dict.fromkeys(hints))
        return hints if len(hints) == 1 else []
    except Exception:  # a missing, edited or garbled file: no named mistake
        return []


def _value(data):
    """A value stored by grading_tools.visible_mistakes: {"array": nested lists} leaves in
    {"tuple" | "list" | "dict": ...} containers (course.hidden.walk)."""
    from .hidden import unwalk

    return unwalk(data, lambda leaf: np.asarray(leaf["array"], dtype=float))
