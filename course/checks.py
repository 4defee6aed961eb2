"""Visible tests for students: compare a result with the expected one and explain the difference.

`expect_close(got, expected, "what")` raises an AssertionError that says what is wrong (shape,
largest error and where) and, when it can tell, why: a flipped sign, a factor that a ½ or a
sum-for-mean slip explains (2, ½, n, 1/n), a transposed matrix (course.compare, the comparison
the instructor's hidden tests use too). A test of a function that calls other graded functions
names them (`uses=`): while one of them has not passed its own test, a failure says to fix that
one first.
A wrong answer that a known mistake gives is named with that mistake's hint, from the file
`known_mistakes.json` the release ships beside the notebook (course.progress).

A failed check shows the test cell's line and the message, not this module's code (`CheckFailed`);
an exception inside a student's function during a test is explained too (course.failures).
"""

import numpy as np

from . import failures, inplace
from .compare import difference
from .failures import CheckFailed
from .progress import _cell_run, _right_checks, fix_first_among, known_mistakes, passed

__all__ = ["CheckFailed", "expect_close", "expect_shape", "expect_unchanged", "passed"]

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
