"""The kernel's half of a hidden test: call the student's function on the hidden inputs and record
what happened. It judges nothing.

During grading, the grader hands the hidden inputs to the sandboxed kernel as data: a file named by
the environment variable NN_COURSE_HIDDEN_CASES, next to the module of functions some cases pass
as arguments. `check(name, fn)` calls `fn` on each case and publishes a record (results, errors,
warnings, a fingerprint of the inputs after the call) as a display output of the test cell. The
grader, outside the sandbox, judges that record against its reference and writes the verdict into
the cell (VerifyHiddenChecks, in grading_tools/nbgrader_plugins/preprocessors.py). The reference
never enters the kernel.

Where no hidden inputs were handed over (an instructor running a source notebook), the hidden test
is judged on the spot by the judge the instructor's install declares under the entry point group
`nn_course.judge` (grading_tools' `judge_here`, the check of the one assignment that has a check of
that name). The student package declares none and imports nothing of the instructor's.
"""

import base64
import contextlib
import hashlib
import importlib.metadata
import importlib.util
import io
import json
import os
import pickle
import warnings
from pathlib import Path

import numpy as np

MIME = "application/vnd.nn-course.check+json"
CASES_VARIABLE = "NN_COURSE_HIDDEN_CASES"
JUDGE_GROUP = "nn_course.judge"  # the entry point group of the instructor's local judge
MAX_BYTES = 4_000_000  # a larger record is not kept: the grader fails it as "too large"
NUMBERS = (np.generic, int, float, bool)


def check(name, fn):
    """Run the hidden test of `name` on the student's function `fn` (a hidden test cell)."""
    path = os.environ.get(CASES_VARIABLE)
    if path:
        record = run(name, fn, load_cases(path)[name])
    else:
        record = _judge_here(name, fn)
    _publish(record, f"hidden tests of {name}: {len(record.get('cases', []))} cases run")


def run(name, fn, cases):
    """The record of calling `fn` on every (args, kwargs) in `cases`."""
    if not callable(fn):
        return {"check": name, "not_callable": type(fn).__name__}
    record = {"check": name, "cases": [call(fn, args, kwargs) for args, kwargs in cases]}
    if len(json.dumps(record)) > MAX_BYTES:
        record = {"check": name, "too_large": True}
    return record


def call(fn, args, kwargs):
    """Call `fn` once; what it returned or raised, its first warning and the inputs it left.

    Printing and warnings are captured, so a correct function never writes to stderr (nbgrader
    would score the test cell 0).
    """
    outcome = {}
    with contextlib.ExitStack() as stack:
        caught = stack.enter_context(warnings.catch_warnings(record=True))
        warnings.simplefilter("always")
        stack.enter_context(contextlib.redirect_stdout(io.StringIO()))
        stack.enter_context(contextlib.redirect_stderr(io.StringIO()))
        try:
            outcome["result"] = encode(fn(*args, **kwargs))
        except (Exception, SystemExit) as error:  # the student's bug, judged by the grader
            outcome["raised"] = [type(error).__name__, str(error)[:500]]
    outcome["warning"] = str(caught[0].message)[:300] if caught else None
    outcome["inputs"] = fingerprints(args, kwargs)
    return outcome


# ------------------------------------------------------------------------- hidden inputs
def load_cases(path):
    """{check name: [(args, kwargs), ...]} from the file the grader wrote; functions that cases
    pass as arguments are looked up in the module beside it."""
    path = Path(path)
    functions = _module_from(path.with_name("case_functions.py"))

    class Unpickler(pickle.Unpickler):
        def persistent_load(self, pid):
            return getattr(functions, pid)

    with open(path, "rb") as file:
        return Unpickler(file).load()


def _module_from(path):
    spec = importlib.util.spec_from_file_location("case_functions", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _judge_here(name, fn):
    """The record of the judge installed under JUDGE_GROUP (the instructor's), run here. None
    is installed beside the student wheel, or its module is not there: nothing to judge."""
    try:
        judge = next(iter(importlib.metadata.entry_points(group=JUDGE_GROUP))).load()
    except (StopIteration, ImportError):
        raise RuntimeError(
            "Hidden tests run when the instructor grades this notebook; "
            "there is nothing to do here."
        ) from None
    return judge(name, fn)


# ---------------------------------------------------------------------------- the record
def walk(value, leaf):
    """The one walk over nested data, results and arguments alike: tuples, lists and dicts with
    string keys become {"tuple" | "list" | "dict": their items walked}; anything else is
    leaf(value), and so is a flat sequence of numbers (a cost history is one leaf, not one per
    number)."""
    if isinstance(value, (list, tuple)) and not _numbers(value):
        return {type(value).__name__: [walk(v, leaf) for v in value]}
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"dict": {k: walk(v, leaf) for k, v in value.items()}}
    return leaf(value)


def unwalk(tree, leaf):
    """The inverse of `walk`: the tuples, lists and dicts rebuilt, every other node leaf(node).
    Raises ValueError on a node that is not a one-entry dict."""
    if not isinstance(tree, dict) or len(tree) != 1:
        raise ValueError("malformed result")
    ((kind, items),) = tree.items()
    if kind in ("tuple", "list"):
        return (tuple if kind == "tuple" else list)(unwalk(v, leaf) for v in items)
    if kind == "dict":
        return {str(k): unwalk(v, leaf) for k, v in items.items()}
    return leaf(tree)


def _numbers(value):
    """Whether `value` is a non-empty list or tuple of plain numbers."""
    return (
        isinstance(value, (list, tuple))
        and len(value) > 0
        and all(isinstance(v, NUMBERS) for v in value)
    )


def encode(value):
    """A JSON-safe, exact, data-only encoding of a function result."""
    return walk(value, _encode_leaf)


def _encode_leaf(value):
    if isinstance(value, str):
        return {"str": value}
    if value is None:
        return {"none": True}
    if isinstance(value, (np.ndarray, list, tuple, *NUMBERS)):  # lists and tuples of numbers
        packed = _npy(np.asarray(value))
        if packed is None:
            return {"repr": repr(value)[:200]}
        if isinstance(value, (list, tuple)):
            return {"numbers": [type(value).__name__, packed]}
        return {"array": packed}
    return {"repr": f"<{type(value).__name__}> {repr(value)[:200]}"}


def _npy(array):
    """The array in numpy's own file format, base64; None for object arrays (they need pickle)."""
    buffer = io.BytesIO()
    try:
        np.save(buffer, array, allow_pickle=False)
    except ValueError:
        return None
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def fingerprints(args, kwargs):
    """The fingerprint of each argument of a call, to tell which one the call changed."""
    return {"args": [digest(a) for a in args], "kwargs": {k: digest(v) for k, v in kwargs.items()}}


def digest(value):
    """A fingerprint of a data argument (arrays, numbers, nested lists and dicts of them)."""
    tree = json.dumps(walk(value, _digest_leaf), sort_keys=True)
    return hashlib.sha256(tree.encode()).hexdigest()


def _digest_leaf(value):
    if isinstance(value, (np.ndarray, list, tuple)):  # an array, or a flat sequence of numbers
        array = np.asarray(value)
        data = hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()
        return [type(value).__name__, array.dtype.str, array.shape, data]
    if isinstance(value, (str, type(None), *NUMBERS)):
        return repr(value)
    return "o"  # functions and random generators are not data


def _publish(record, summary):
    """Show the record as a display output of the running cell (does nothing outside IPython)."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        return
    if get_ipython() is not None:
        display({MIME: record, "text/plain": summary}, raw=True)
