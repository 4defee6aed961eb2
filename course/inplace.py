"""Every call of a graded function written in a cell checks that it left its arguments unchanged.

The contract says no graded function changes its inputs. A function that does (`z -= 1`,
`W -= lr * dW`) changes the test's own inputs, so the checks after it compare against values
computed for inputs that no longer exist, and their numbers mislead. So before any check compares
a value, the call itself is checked: an IPython AST transformer rewrites each call of a graded
function written in a cell's own code (`sigmoid(z)`, not calls inside function bodies) into
a call of `unchanged(sigmoid, "sigmoid", z)` (reached through `__import__`, so that no name in
the notebook's namespace is needed), which fingerprints the arguments before and after
the call (course.hidden's fingerprints, the ones the hidden tests compare) and fails at once,
naming the argument that changed. Right code is not affected: its arguments fingerprint the same.
"""

import ast
import inspect

from .exercises import EXERCISES
from .failures import CheckFailed
from .hidden import fingerprints


def install():
    """Check the calls of graded functions in every cell the running IPython shell runs from
    now on (nothing outside IPython)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None or any(isinstance(t, CallsChecked) for t in shell.ast_transformers):
        return
    shell.ast_transformers.append(CallsChecked())


class CallsChecked(ast.NodeTransformer):
    """`f(args)` -> `unchanged(f, "f", args)` for the graded functions' names, in a
    cell's own code only: function and class bodies are left as they are (their calls happen
    inside a call that is already checked)."""

    def visit_Call(self, node):
        self.generic_visit(node)
        if isinstance(node.func, ast.Name) and node.func.id in EXERCISES:
            name = ast.Constant(node.func.id)
            node.args = [node.func, ast.copy_location(name, node.func), *node.args]
            node.func = ast.fix_missing_locations(ast.copy_location(_guard(), node.func))
        return node

    def visit_FunctionDef(self, node):
        return node

    visit_AsyncFunctionDef = visit_ClassDef = visit_Lambda = visit_FunctionDef


def _guard():
    """A new expression node for `unchanged`, imported where it is called."""
    return ast.parse('__import__("course.inplace", fromlist=["_"]).unchanged', mode="eval").body


def unchanged(function, name, *args, **kwargs):
    """Call `function`; fail if the call changed one of its arguments in place."""

    before = fingerprints(args, kwargs)
    result = function(*args, **kwargs)
    after = fingerprints(args, kwargs)
    changed = [
        label
        for label, old, new in zip(
            _labels(function, args, kwargs),
            [*before["args"], *before["kwargs"].values()],
            [*after["args"], *after["kwargs"].values()],
        )
        if old != new
    ]
    if changed:
        raise CheckFailed(
            f"{name} changed its argument `{changed[0]}` in place, so the checks after this call "
            "would compare against inputs that are no longer the test's.\n"
            "  hint: graded functions must not change their inputs: work on a copy, e.g. "
            "`z = z - 1` instead of `z -= 1`, `W = W - lr * dW` instead of `W -= lr * dW`."
        )
    return result


def _labels(function, args, kwargs):
    """The parameter names of the arguments, in order (positions where the signature is unknown)."""
    try:
        names = list(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        names = []
    positional = [names[i] if i < len(names) else f"number {i + 1}" for i in range(len(args))]
    return positional + list(kwargs)
