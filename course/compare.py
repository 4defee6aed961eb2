"""The comparison every test uses, visible and hidden: `difference(got, expected)` says what
differs between an answer and the expected one (shape, kind of numbers, largest error and where,
missing keys, a wrong string) and, when the numbers prove it, why: a flipped sign, a factor that
a ½ or a sum-for-mean slip explains (2, ½, n, 1/n), a transposed matrix. numpy only: it ships in
the student package and the grader imports it from there."""

from dataclasses import dataclass, field

import numpy as np


@dataclass
class Difference:
    text: str
    hints: list = field(default_factory=list)  # what the numbers prove (a sign, a factor, ...)
    factor: float | None = None  # got / expected, when that ratio is the same for every entry
    guesses: list = field(default_factory=list)  # what a wrong shape suggests, less surely


def difference(
    got,
    expected,
    names=(),
    rtol=1e-7,
    atol=1e-10,
    where="result",
    sizes=(),
    kind_hint=None,
    extra_keys_fail=False,
    first=(),
):
    """None if `got` matches `expected`, else a Difference saying the first thing that differs.

    `expected` is an array or a number (compared within rtol/atol), a string (compared exactly),
    or a tuple, list or dict of those, nested. A dict must have the expected keys; with
    `extra_keys_fail`, no other key that holds something either (a history must not record what
    was not asked for, where a cache may keep more). A tuple or list must have as many elements;
    `names` name those of a tuple result (a tuple of plain numbers too, which an array of as many
    numbers may answer), and a list of (W, b) pairs names each layer. The elements `first` names
    are compared before the others (what explains them: a stopping reason, a run's history); a
    wrong string (a reason, a label) says too little alone, so the next difference follows it.
    `sizes` are the numbers of samples a sum or a mean could have run over: a result off by one
    of them (or its inverse) is named as that slip; 2 and 1/2 always are. With `kind_hint`, an
    array must hold the kind of numbers `expected` holds (floats, integers, booleans: index
    arrays and counts must be integers), and `kind_hint` is the hint for one that does not
    (floats with fractions where integers are due are compared as values). Integer answers of up
    to 30 entries are shown whole (indices read best so)."""

    def inner(g, e, label, labels=()):
        return difference(g, e, labels, rtol, atol, label, sizes, kind_hint, extra_keys_fail)

    if isinstance(expected, str):
        if isinstance(got, str) and got == expected:
            return None
        return Difference(f"{where} is {_shown(got)}, expected {expected!r}")
    if isinstance(expected, dict):
        return _dict_difference(got, expected, where, inner, extra_keys_fail)
    named = bool(names) and isinstance(expected, tuple) and len(names) == len(expected)
    if named and isinstance(got, np.ndarray) and got.shape == (len(expected),):
        got = tuple(got)  # an array of the named numbers is as good as a tuple of them
    if isinstance(expected, (tuple, list)) and (named or not _is_flat_numbers(expected)):
        return _sequence_difference(got, expected, names, where, inner, first)
    return _array_difference(got, expected, rtol, atol, where, sizes, kind_hint)


def _dict_difference(got, expected, where, inner, extra_keys_fail):
    if not isinstance(got, dict):
        return Difference(
            f"{where} should be a dict with keys {sorted(expected)}, got {type(got).__name__}"
        )
    for key in expected:
        if key not in got:
            return Difference(f"{where} has no key {key!r}")
        found = inner(got[key], expected[key], f"{where}[{key!r}]")
        if found:
            return found
    for key in got if extra_keys_fail else ():
        if key not in expected and _holds_something(got[key]):
            return Difference(
                f"{where} has a key {key!r} holding {_shown(got[key])}; the expected {where} "
                f"has only the keys {sorted(expected)}"
            )
    return None


def _sequence_difference(got, expected, names, where, inner, first=()):
    if not isinstance(got, (tuple, list)) or len(got) != len(expected):
        size = len(got) if isinstance(got, (tuple, list)) else type(got).__name__
        return Difference(f"{where} should have {len(expected)} elements, got {size}")
    layers = _is_layer_list(expected)
    order = [names.index(name) for name in first if name in names]
    wrong_word = None
    for i in order + [i for i in range(len(expected)) if i not in order]:
        label = names[i] if i < len(names) else f"{where}[{i}]"
        parts = (f"{label}[0] (layer {i + 1}, weights)", f"{label}[1] (layer {i + 1}, biases)")
        problem = inner(got[i], expected[i], label, parts if layers else ())
        if problem is None:
            continue
        if wrong_word:  # a wrong word alone says too little: what else differs follows it
            return Difference(f"{wrong_word.text}; {problem.text}")
        if not isinstance(expected[i], str):
            return problem
        wrong_word = problem
    return wrong_word


def _is_layer_list(expected):
    """Whether `expected` is a network's list of (W, b) pairs (parameters or their gradients)."""
    return (
        isinstance(expected, list)
        and len(expected) > 0
        and all(
            isinstance(pair, (tuple, list))
            and len(pair) == 2
            and all(isinstance(a, np.ndarray) for a in pair)
            and np.ndim(pair[0]) == 2
            and np.ndim(pair[1]) == 1
            for pair in expected
        )
    )


def _holds_something(value):
    """Whether a value in an unexpected place says something: not None, not empty."""
    if value is None:
        return False
    try:
        return len(value) > 0
    except TypeError:
        return True


def _shown(value):
    """A value as a message shows it: a string quoted, a container by its type and size."""
    if isinstance(value, str):
        return repr(value)
    try:
        return f"a {type(value).__name__} of {len(value)} values"
    except TypeError:
        return repr(value)[:80]


def _is_flat_numbers(seq):
    return all(isinstance(x, (int, float, np.number, bool, np.bool_)) for x in seq)


KINDS = {"f": "float", "i": "integer", "u": "integer", "b": "boolean"}


def _kind(value):
    """'float', 'integer' or 'boolean': the kind of numbers `value` holds (None if not numbers)."""
    try:
        return KINDS.get(np.asarray(value).dtype.kind)
    except Exception:
        return None


def _kind_difference(got, expected, where, hint):
    """A Difference if `got` holds another kind of numbers than `expected` (floats, integers,
    booleans) where the kind matters, else None. A float answer with fractions where integers
    are due is left to the comparison of values, which says more."""
    want, have = _kind(expected), _kind(got)
    if not want or not have or want == have:
        return None
    if np.shape(got) != np.shape(expected) and np.size(got) > 0:
        return None  # a wrong shape says more; an empty array of floats is the classic slip
    if have == "float" and not _whole_numbers(got):
        return None
    dtype = np.asarray(got).dtype
    return Difference(f"{where} should hold {want}s, got {have}s (dtype {dtype})", [hint])


def _whole_numbers(value):
    array = np.asarray(value, dtype=float)
    return bool(np.all(np.isfinite(array)) and np.all(array == np.round(array)))


def _array_difference(got, expected, rtol, atol, where, sizes=(), kind_hint=None):
    if kind_hint is not None:
        wrong_kind = _kind_difference(got, expected, where, kind_hint)
        if wrong_kind:
            return wrong_kind
    listed = isinstance(expected, (list, tuple))
    exact = _kind(expected) in ("integer", "boolean")
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
        if listed and got_array.ndim == expected.ndim == 1:
            text = f"{where} has {_entries(got_array.size)}, expected {expected.size}"
        else:
            text = f"{where} has shape {got_array.shape}, expected {expected.shape}"
        return Difference(text, guesses=guesses)
    close = np.isclose(got_array, expected, rtol=rtol, atol=atol, equal_nan=True)
    if close.all():
        return None
    error = np.where(close, 0.0, np.abs(got_array - expected))
    error = np.nan_to_num(error, nan=np.inf)
    worst = np.unravel_index(np.argmax(error), error.shape) if error.ndim else ()
    index = f" at index {[int(i) for i in worst]}" if error.ndim else ""
    if exact and expected.ndim == 1 and expected.size <= 30 and got_array.size <= 30:
        text = (  # indices and labels read best whole
            f"{where} should be {_listed(expected)}, got {_listed(got_array)} "
            f"(first difference at index {int(np.flatnonzero(~close)[0])})"
        )
    else:
        text = (
            f"{where}: largest error {error[worst]:.3g}{index}: "
            f"expected {expected[worst]:.6g}, got {got_array[worst]:.6g}"
        )
    with np.errstate(all="ignore"):  # NaN and inf in a wrong answer must not warn on stderr
        factor = constant_factor(got_array, expected)
        return Difference(text, _hints(got_array, expected, factor, sizes), factor)


def _entries(count):
    return f"{count} entry" if count == 1 else f"{count} entries"


def _listed(array):
    """A 1-D array as a short list: whole numbers without a decimal point."""
    return "[" + ", ".join(f"{x:g}" for x in array) + "]"


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
