"""Reading the record a hidden test left in the notebook (written by course.hidden in the kernel).

The record is data only (numpy's own array format, no pickles), so reading it cannot run code.
"""

import base64
import io

import numpy as np

from course.hidden import MIME, unwalk

__all__ = ["MIME", "Unreadable", "decode"]


def _load(packed):
    return np.load(io.BytesIO(base64.b64decode(packed)), allow_pickle=False)


class Unreadable:
    """A result that was not data (a function, a custom object): never equal to an answer."""

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text


def decode(encoded):
    """Inverse of course.hidden.encode; raises ValueError on anything malformed."""
    return unwalk(encoded, _decode_leaf)


def _decode_leaf(node):
    ((kind, payload),) = node.items()
    if kind == "str":
        return str(payload)
    if kind == "none":
        return None
    if kind == "array":
        return _load(payload)
    if kind == "numbers":
        container, packed = payload
        values = list(_load(packed))
        return tuple(values) if container == "tuple" else values
    if kind == "repr":
        return Unreadable(str(payload))
    raise ValueError(f"unknown result kind {kind!r}")
