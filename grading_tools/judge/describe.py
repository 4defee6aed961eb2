"""How failure messages name a hidden case: the call, its inputs in one line, the argument a
function changed in place."""

import inspect

import numpy as np

from course.hidden import fingerprints


def named_arguments(spec, case):
    """The case's arguments as (parameter name, value) pairs, named as in the reference."""
    bound = inspect.signature(spec.reference).bind(*case.args, **case.kwargs)
    return list(bound.arguments.items())


def modified_argument(spec, case, seen):
    """Name of the first argument whose fingerprint after the call differs (None if none)."""
    if not isinstance(seen, dict):
        return "(unknown: the record of the inputs is missing)"
    before = fingerprints(case.args, case.kwargs)
    after = [*(seen.get("args") or []), *[(seen.get("kwargs") or {}).get(k) for k in case.kwargs]]
    for (name, _), old, new in zip(
        named_arguments(spec, case), [*before["args"], *before["kwargs"].values()], after
    ):
        if old != new:
            return name
    return None


def call_text(spec, case):
    """`name(x, w, lr=0.5)`-style text naming the call that failed."""
    parts = []
    for name, value in named_arguments(spec, case):
        parts.append(f"{name}={_short(value)}" if name in case.kwargs else name)
    return f"{spec.name}({', '.join(parts)})"


def describe_inputs(spec, case):
    """A short, readable summary of the case's arguments for failure messages (the spec's own
    `summary`, if it has one)."""
    if spec.summary is not None:
        return spec.summary(case, spec)
    return ", ".join(f"{n}={_short(v)}" for n, v in named_arguments(spec, case))


def _short(value, depth=0):
    """A one-line description of an argument: small arrays in full, large ones by shape, nested
    lists and dicts (params, caches) element by element, at most a line long."""
    if isinstance(value, np.ndarray):
        if value.size <= 12:
            return np.array2string(value, precision=4, separator=", ").replace("\n", "")
        return f"array{value.shape}"
    if isinstance(value, np.random.Generator):
        return "rng"
    if callable(value):
        return getattr(value, "__name__", "function")
    if isinstance(value, (list, tuple)) and depth < 3:
        items = ", ".join(_short(v, depth + 1) for v in value[:4])
        items += ", ..." if len(value) > 4 else ""
        text = f"({items})" if isinstance(value, tuple) else f"[{items}]"
    elif isinstance(value, dict) and depth < 3:
        text = "{" + ", ".join(f"{k!r}: {_short(v, depth + 1)}" for k, v in value.items()) + "}"
    else:
        text = repr(value)
    return text if len(text) <= 100 else text[:97] + "..."
