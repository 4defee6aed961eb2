"""Visible tests for students: compare a result with the expected one and explain the difference.

`expect_close(got, expected, "what")` raises an AssertionError that says what is wrong (shape,
largest error and where) and, when it can tell, why: a flipped sign, a constant factor, a
transposed matrix. The instructor's hidden tests use the same comparison.
"""

from dataclasses import dataclass, field

import numpy as np


def expect_close(got, expected, what, hint=None, rtol=1e-6, atol=1e-8):
    """Assert that `got` matches `expected` (arrays, numbers, or tuples/lists/dicts of them)."""
    problem = difference(got, expected, (), rtol, atol, where="the result")
    if problem is None:
        return
    message = f"{what} is not right yet.\n  {problem.text}"
    hints = ([hint] if hint else []) + problem.hints
    if hints:
        message += "\n  hint: " + " / ".join(dict.fromkeys(hints))
    raise AssertionError(message)


def expect_shape(got, shape, what):
    """Assert that `got` is an array of the given shape."""
    actual = np.shape(got)
    if actual != tuple(shape):
        raise AssertionError(f"{what} should have shape {tuple(shape)}, but it has shape {actual}.")


def expect_unchanged(fn, *args, **kwargs):
    """Call `fn` on the arguments and assert that it did not modify any of them in place."""
    before = [np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in args]
    fn(*args, **kwargs)
    for i, (old, new) in enumerate(zip(before, args)):
        if isinstance(new, np.ndarray) and not np.array_equal(old, new, equal_nan=True):
            raise AssertionError(f"{fn.__name__} changed its argument number {i + 1} in place. "
                                 "Work on a copy: write `x = x - 1`, not `x -= 1`.")


def passed(what):
    """Tell the student that the visible tests of `what` passed."""
    print(f"✓ {what}: the visible tests pass. (The autograder also runs hidden tests on other inputs.)")


@dataclass
class Difference:
    text: str
    hints: list = field(default_factory=list)


def difference(got, expected, names=(), rtol=1e-7, atol=1e-10, where="result"):
    """None if `got` matches `expected` (nested tuples/lists/dicts of arrays), else a Difference."""
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return Difference(f"{where} should be a dict with keys {sorted(expected)}, "
                              f"got {type(got).__name__}")
        for key in expected:
            if key not in got:
                return Difference(f"{where} has no key {key!r}")
            found = difference(got[key], expected[key], (), rtol, atol, f"{where}[{key!r}]")
            if found:
                return found
        return None
    if isinstance(expected, (tuple, list)) and not _is_flat_numbers(expected):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            size = len(got) if isinstance(got, (tuple, list)) else type(got).__name__
            return Difference(f"{where} should have {len(expected)} elements, got {size}")
        for i, (g, e) in enumerate(zip(got, expected)):
            label = names[i] if i < len(names) else f"{where}[{i}]"
            found = difference(g, e, (), rtol, atol, label)
            if found:
                return found
        return None
    return _array_difference(got, expected, rtol, atol, where)


def _is_flat_numbers(seq):
    return all(isinstance(x, (int, float, np.number, bool, np.bool_)) for x in seq)


def _array_difference(got, expected, rtol, atol, where):
    expected = np.asarray(expected, dtype=float)
    try:
        got_array = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return Difference(f"{where} should be numbers shaped {expected.shape}, "
                          f"got {type(got).__name__}: {repr(got)[:80]}")
    if expected.size == 1 and got_array.size == 1:
        got_array, expected = got_array.reshape(()), expected.reshape(())
    if got_array.shape != expected.shape:
        hints = []
        if got_array.ndim == 2 and got_array.shape == expected.shape[::-1]:
            hints.append("the result is transposed: a missing or extra .T?")
        if got_array.ndim == expected.ndim == 1 and abs(got_array.size - expected.size) == 1:
            hints.append("one element too many or too few: an off-by-one in a loop?")
        if got_array.ndim == expected.ndim + 1 and 1 in got_array.shape:
            hints.append("an extra axis of length 1: use a 1-D array (e.g. .ravel()) or keepdims=False")
        return Difference(f"{where} has shape {got_array.shape}, expected {expected.shape}", hints)
    close = np.isclose(got_array, expected, rtol=rtol, atol=atol, equal_nan=True)
    if close.all():
        return None
    error = np.where(close, 0.0, np.abs(got_array - expected))
    error = np.nan_to_num(error, nan=np.inf)
    worst = np.unravel_index(np.argmax(error), error.shape) if error.ndim else ()
    index = f" at index {[int(i) for i in worst]}" if error.ndim else ""
    text = (f"{where}: largest error {error[worst]:.3g}{index}: "
            f"expected {expected[worst]:.6g}, got {got_array[worst]:.6g}")
    with np.errstate(all="ignore"):  # NaN and inf in a wrong answer must not warn on stderr
        return Difference(text, _hints(got_array, expected))


def _hints(got, expected):
    """Recognize a sign flip, a constant factor or a transpose."""
    if not np.all(np.isfinite(got)) or not np.all(np.isfinite(expected)):
        return ["the result contains NaN or inf: an overflow or a division by zero?"]
    hints = []
    scale = np.abs(expected).max()
    if scale == 0:
        return hints
    if np.allclose(got, -expected, rtol=1e-6, atol=1e-9 * scale):
        hints.append("the sign is flipped (e.g. y - y_hat instead of y_hat - y, or + instead of -)")
    nonzero = np.abs(expected) > 1e-12 * scale
    if nonzero.sum() >= 2 and np.all(np.abs(got[~nonzero]) <= 1e-9 * scale):  # one number proves no factor
        ratio = got[nonzero] / expected[nonzero]
        factor = ratio.flat[0]
        # a factor within 1 % of +-1 is a small error, not a constant factor worth naming
        if np.allclose(ratio, factor, rtol=1e-6) and abs(abs(factor) - 1) > 0.01:
            hints.append(f"off by a constant factor of {factor:.4g} "
                         "(a sum instead of a mean, or a missing 1/2?)")
    if got.ndim == 2 and got.shape[0] == got.shape[1] and np.allclose(got, expected.T):
        hints.append("the result is transposed: a missing or extra .T?")
    return hints
