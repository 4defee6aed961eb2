"""Visible tests for students: compare a result with the expected one and explain the difference.

`expect_close(got, expected, "what")` raises an AssertionError that says what is wrong (shape,
largest error and where) and, when it can tell, why: a flipped sign, a factor that a ½ or a
sum-for-mean slip explains (2, ½, n, 1/n), a transposed matrix. The instructor's hidden tests use
the same comparison. A test of a function that calls other graded functions names them
(`uses=`): while one of them has not passed its own test, a failure says to fix that one first.
A wrong answer that a known mistake gives is named with that mistake's hint, from the file
`known_mistakes.json` the release ships beside the notebook (`known_mistakes`).

A failed check shows the test cell's line and the message, not this module's code (`CheckFailed`);
an exception inside a student's function during a test is explained too (course.failures).
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import failures, inplace

KNOWN_MISTAKES_FILE = "known_mistakes.json"


class CheckFailed(AssertionError):
    """A visible check failed. In a notebook it shows the test cell's line and the message, not
    the frames of course.checks. It is an AssertionError and is named so: nbgrader, Validate and
    the grading summaries see `AssertionError`."""

    def _render_traceback_(self):  # IPython shows this instead of a traceback
        return failures.render_check_failure(self)


CheckFailed.__name__ = CheckFailed.__qualname__ = "AssertionError"
failures.install()
inplace.install()


def expect_close(got, expected, what, hint=None, rtol=1e-6, atol=1e-8, n=None, uses=()):
    """Assert that `got` matches `expected` (arrays, numbers, or tuples/lists/dicts of them).

    `n` is the number of samples of the inputs, if any (a result off by a factor n or 1/n is then
    named as a sum/mean slip). `uses` names the graded functions the tested one calls: when one of
    them has not passed its own visible test, the message says to fix it first, and offers no
    other hint (the fault may well be there).
    """
    problem = difference(got, expected, (), rtol, atol, where="the result", sizes=(n,) if n else ())
    if problem is None:
        _right_checks[what] = _cell_run()
        return
    _right_checks.pop(what, None)
    message = f"{what} is not right yet.\n  {problem.text}"
    advice = fix_first_among(uses)
    if advice:
        raise CheckFailed(message + "\n  " + advice)
    hints = known_mistakes(got, expected, what)  # what the numbers prove: no guess after it
    if not hints:
        hints = ([hint] if hint else []) + problem.hints
    if not hints:  # a guess from the shapes alone, only when nothing more specific is known
        hints = problem.guesses
    message += "".join(f"\n  hint: {h}" for h in dict.fromkeys(hints))
    raise CheckFailed(message)


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

    def roots(name, seen):
        called = uses.get(name, ())
        deeper = [u for u in called if isinstance(u, str) and u not in _passed and u not in seen]
        return [r for u in deeper for r in roots(u, seen | {u})] if deeper else [name]

    return list(dict.fromkeys(root for name in names for root in roots(name, {name})))


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


def fix_first(names):
    """The advice when a test that relies on the functions `names` fails while they have not
    passed their own visible tests."""
    listed = " and ".join(f"`{name}`" for name in names)
    return (
        f"fix {listed} first: this test relies on {listed} (the function tested here calls it, "
        "or the expected values come from it), whose visible test has not passed yet (it failed, "
        "or has not been run). Make that test pass, then run this one again."
    )


def expect_shape(got, shape, what, uses=()):
    """Assert that `got` is an array of the given shape (`uses` as in expect_close)."""
    actual = np.shape(got)
    if actual != tuple(shape):
        message = f"{what} should have shape {tuple(shape)}, but it has shape {actual}."
        advice = fix_first_among(uses)
        raise CheckFailed(message + ("\n  " + advice if advice else ""))


def expect_unchanged(fn, *args, **kwargs):
    """Call `fn` on the arguments and assert that it did not modify any of them in place."""
    before = [np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in args]
    fn(*args, **kwargs)
    for i, (old, new) in enumerate(zip(before, args)):
        if isinstance(new, np.ndarray) and not np.array_equal(old, new, equal_nan=True):
            raise CheckFailed(
                f"{fn.__name__} changed its argument number {i + 1} in place. "
                "Work on a copy: write `x = x - 1`, not `x -= 1`."
            )


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


@dataclass
class Difference:
    text: str
    hints: list = field(default_factory=list)  # what the numbers prove (a sign, a factor, ...)
    factor: float | None = None  # got / expected, when that ratio is the same for every entry
    guesses: list = field(default_factory=list)  # what a wrong shape suggests, less surely


def difference(got, expected, names=(), rtol=1e-7, atol=1e-10, where="result", sizes=()):
    """None if `got` matches `expected` (nested tuples/lists/dicts of arrays), else a Difference.

    `sizes` are the numbers of samples a sum or a mean could have run over: a result off by one
    of them (or its inverse) is named as that slip; 2 and 1/2 always are."""
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return Difference(
                f"{where} should be a dict with keys {sorted(expected)}, got {type(got).__name__}"
            )
        for key in expected:
            if key not in got:
                return Difference(f"{where} has no key {key!r}")
            found = difference(got[key], expected[key], (), rtol, atol, f"{where}[{key!r}]", sizes)
            if found:
                return found
        return None
    if isinstance(expected, (tuple, list)) and not _is_flat_numbers(expected):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            size = len(got) if isinstance(got, (tuple, list)) else type(got).__name__
            return Difference(f"{where} should have {len(expected)} elements, got {size}")
        for i, (g, e) in enumerate(zip(got, expected)):
            label = names[i] if i < len(names) else f"{where}[{i}]"
            found = difference(g, e, (), rtol, atol, label, sizes)
            if found:
                return found
        return None
    return _array_difference(got, expected, rtol, atol, where, sizes)


def _is_flat_numbers(seq):
    return all(isinstance(x, (int, float, np.number, bool, np.bool_)) for x in seq)


def _array_difference(got, expected, rtol, atol, where, sizes=()):
    expected = np.asarray(expected, dtype=float)
    try:
        got_array = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return Difference(
            f"{where} should be numbers shaped {expected.shape}, "
            f"got {type(got).__name__}: {repr(got)[:80]}"
        )
    if expected.size == 1 and got_array.size == 1:
        got_array, expected = got_array.reshape(()), expected.reshape(())
    if got_array.shape != expected.shape:
        guesses = []
        if got_array.ndim == 2 and got_array.shape == expected.shape[::-1]:
            guesses.append("the result is transposed: a missing or extra .T?")
        if got_array.ndim == expected.ndim == 1 and abs(got_array.size - expected.size) == 1:
            guesses.append("one element too many or too few: an off-by-one in a loop?")
        if got_array.ndim == expected.ndim + 1 and 1 in got_array.shape:
            guesses.append(
                "an extra axis of length 1: use a 1-D array (e.g. .ravel()) or keepdims=False"
            )
        text = f"{where} has shape {got_array.shape}, expected {expected.shape}"
        return Difference(text, guesses=guesses)
    close = np.isclose(got_array, expected, rtol=rtol, atol=atol, equal_nan=True)
    if close.all():
        return None
    error = np.where(close, 0.0, np.abs(got_array - expected))
    error = np.nan_to_num(error, nan=np.inf)
    worst = np.unravel_index(np.argmax(error), error.shape) if error.ndim else ()
    index = f" at index {[int(i) for i in worst]}" if error.ndim else ""
    text = (
        f"{where}: largest error {error[worst]:.3g}{index}: "
        f"expected {expected[worst]:.6g}, got {got_array[worst]:.6g}"
    )
    with np.errstate(all="ignore"):  # NaN and inf in a wrong answer must not warn on stderr
        factor = constant_factor(got_array, expected)
        return Difference(text, _hints(got_array, expected, factor, sizes), factor)


def constant_factor(got, expected):
    """got / expected if that ratio is the same non-zero number for every entry (at least two
    entries, zeros where expected has zeros), else None."""
    if not np.all(np.isfinite(got)) or not np.all(np.isfinite(expected)):
        return None
    scale = np.abs(expected).max() if expected.size else 0.0
    if scale == 0:
        return None
    nonzero = np.abs(expected) > 1e-12 * scale
    if nonzero.sum() < 2 or np.any(
        np.abs(got[~nonzero]) > 1e-9 * scale
    ):  # one number proves no factor
        return None
    ratio = got[nonzero] / expected[nonzero]
    factor = float(ratio.flat[0])
    if factor == 0 or not np.allclose(ratio, factor, rtol=1e-6):
        return None
    return factor


def factor_hint(factor, sizes=()):
    """The slip that a constant factor stands for, if it is one a sum/mean or 1/2 slip produces:
    2 or 1/2 (a ½ dropped or added), n or 1/n for a number of samples n in `sizes` (a sum
    instead of a mean, or a mean instead of a sum); None for any other factor."""

    def near(value):
        return factor is not None and np.isclose(factor, value, rtol=1e-6)

    for n in sorted({int(n) for n in sizes if n and int(n) > 2}):
        if near(n):
            return (
                f"{n} times too large, and there are {n} samples: "
                "a sum over the samples instead of their mean?"
            )
        if near(1 / n):
            return (
                f"1/{n} of the expected value, and there are {n} samples: divided by the number of "
                "samples where a sum (or one value per sample) is due?"
            )
    if near(2):
        return (
            "twice the expected value: a ½ dropped (the derivative of ½ e² is e, not 2e), "
            "or a sum of two samples instead of their mean?"
        )
    if near(0.5):
        return (
            "half the expected value: an extra ½, or a factor 2 missing "
            "(e.g. the 2 of a square's derivative)?"
        )
    return None


def _hints(got, expected, factor=None, sizes=()):
    """Recognize NaN or inf, a sign flip, a constant factor a sum/mean or ½ slip explains, or a
    transpose."""
    if not np.all(np.isfinite(got)) or not np.all(np.isfinite(expected)):
        return ["the result contains NaN or inf: an overflow or a division by zero?"]
    hints = []
    scale = np.abs(expected).max()
    if scale == 0:
        return hints
    if np.allclose(got, -expected, rtol=1e-6, atol=1e-9 * scale):
        hints.append("the sign is flipped (e.g. y - y_hat instead of y_hat - y, or + instead of -)")
    named = factor_hint(factor, sizes)
    if named:
        hints.append(named)
    if got.ndim == 2 and got.shape[0] == got.shape[1] and np.allclose(got, expected.T):
        hints.append("the result is transposed: a missing or extra .T?")
    return hints
