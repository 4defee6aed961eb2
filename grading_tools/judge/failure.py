"""Why a graded cell failed, as data: the grader's verdict as fields, not only as text.

The judge returns a `Failure` (or None); the autograde preprocessors write its `message` into the
test cell's error output, for the student, and the Failure itself into the cell's metadata
(`attach`), where report.py and scores.py read it back (`attached`) instead of parsing messages.

nbformat forbids metadata on error outputs (its v4 schemas list an error's four keys and allow
no others), so the Failure sits in the cell's metadata under METADATA_KEY, beside nbgrader's
own, naming the error output it explains by its ename and evalue.

A notebook is the student's: the metadata read back is untrusted. `Failure.from_json` checks
every type and size and raises InvalidFailure on anything else; reading it never runs code.
"""

from dataclasses import dataclass
from typing import Any

METADATA_KEY = "nn_course"
FORMAT = 1

# What went wrong, one kind per message the grader writes. Limits are the execute side's.
VERDICT_KINDS = frozenset(
    {
        "wrong",  # a wrong answer (or an answer a spec's own judge rejects)
        "raised",  # the student's function raised on a hidden case
        "not_implemented",  # it still raises NotImplementedError
        "warning",  # it warned where the contract forbids it
        "modified_input",  # it changed an argument in place
        "not_callable",  # the name is not a function
        "too_large",  # its results were too large to record
        "no_record",  # the hidden test left no record (bypassed, patched, interrupted)
        "unexpected_record",  # a record of another check appeared in the cell
        "unreadable_record",  # the record is malformed or could not be judged
        "unknown_check",  # the assignment has no hidden check of that name
        "result_in_test_cell",  # a test cell produced a result nbgrader would score
    }
)
LIMIT_KINDS = frozenset(
    {
        "kernel_died",
        "not_run",
        "iopub_timeout",
        "output_limit",
        "notebook_time_limit",
        "notebook_output_limit",
        "cell_timeout",
        "memory",
        "sandbox_limit",  # another error the sandbox caused (the execute side names its setting)
    }
)
KINDS = VERDICT_KINDS | LIMIT_KINDS
# A submission that reached around the hidden tests rather than failing them.
ACCESS_KINDS = frozenset({"no_record", "unexpected_record", "result_in_test_cell"})

# The kind of an error by its name, for the errors only the grader, nbclient or the sandbox's
# limits produce: what the grader writes (`attach`), and how an error output without a Failure
# (a notebook graded before Failures were kept) is classified.
KIND_OF_ENAME = {
    "KernelDied": "kernel_died",
    "NotRun": "not_run",
    "IOPubTimeout": "iopub_timeout",
    "OutputLimit": "output_limit",
    "NotebookTimeLimit": "notebook_time_limit",
    "NotebookOutputLimit": "notebook_output_limit",
    "ResultInTestCell": "result_in_test_cell",
    "CellTimeoutError": "cell_timeout",  # nbgrader's Execute.error_on_timeout
    "MemoryError": "memory",  # the sandbox's memory limit
}

MAX_MESSAGE = 64 * 1024  # characters; the longest message the judge writes is a few KiB
MAX_FIELD = 1000  # characters of a function name, a case label, a hint
MAX_ITEMS = 20  # hints, functions to fix first
MAX_ENTRIES = 100  # Failures kept in one cell's metadata


class InvalidFailure(ValueError):
    """Metadata that is not a Failure this grader wrote: wrong types, sizes or keys."""


@dataclass(frozen=True)
class Failure:
    """Why one graded cell failed.

    `kind` (KINDS) says what went wrong; `function` and `case` where (the graded function and
    the hidden case's label, empty when not one); `message` is the whole text the student reads;
    `hints` the likely causes it offers, surest first; `fix_first` the graded functions to fix
    before this one (their hidden tests failed too), in which case no hint is offered.
    """

    kind: str
    message: str
    function: str = ""
    case: str = ""
    hints: tuple[str, ...] = ()
    fix_first: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        """The message's first line: what the error output's value and the logs show."""
        return (self.message.splitlines() or [""])[0]

    def to_json(self) -> dict[str, Any]:
        """Plain JSON data (for notebook metadata); `from_json` reads it back."""
        return {
            "format": FORMAT,
            "kind": self.kind,
            "message": self.message,
            "function": self.function,
            "case": self.case,
            "hints": list(self.hints),
            "fix_first": list(self.fix_first),
        }

    @classmethod
    def from_json(cls, data: object) -> "Failure":
        """The Failure that `to_json` wrote; InvalidFailure for anything else (the notebook is
        the student's: every key, type and size is checked)."""
        if not isinstance(data, dict):
            raise InvalidFailure(f"a Failure is a JSON object, not {type(data).__name__}")
        expected = {"format", "kind", "message", "function", "case", "hints", "fix_first"}
        if set(data) != expected:
            raise InvalidFailure(f"a Failure has the keys {sorted(expected)}")
        if type(data["format"]) is not int or data["format"] != FORMAT:
            raise InvalidFailure(f"unknown Failure format {str(data['format'])[:20]!r}")
        if type(data["kind"]) is not str or data["kind"] not in KINDS:
            raise InvalidFailure(f"unknown Failure kind {str(data['kind'])[:40]!r}")
        return cls(
            kind=data["kind"],
            message=_text(data, "message", MAX_MESSAGE),
            function=_text(data, "function", MAX_FIELD),
            case=_text(data, "case", MAX_FIELD),
            hints=_texts(data, "hints"),
            fix_first=_texts(data, "fix_first"),
        )


def _text(data, key, limit):
    value = data[key]
    if type(value) is not str or len(value) > limit:
        raise InvalidFailure(f"a Failure's {key} is a string of at most {limit} characters")
    return value


def _texts(data, key):
    values = data[key]
    if type(values) is not list or len(values) > MAX_ITEMS:
        raise InvalidFailure(f"a Failure's {key} is a list of at most {MAX_ITEMS} strings")
    return tuple(_text({key: v}, key, MAX_FIELD) for v in values)


# ----------------------------------------------------------------------------- in a notebook
def attach(cell, output: dict, failure: Failure) -> None:
    """Record in `cell`'s metadata that its error `output` is explained by `failure`."""
    metadata = cell.setdefault("metadata", {})
    kept = metadata.get(METADATA_KEY)
    if not isinstance(kept, dict) or not isinstance(kept.get("failures"), list):
        metadata[METADATA_KEY] = {"failures": []}  # nothing of ours was there
        kept = metadata[METADATA_KEY]  # a NotebookNode stores a copy of what it is given
    kept["failures"].append(
        {"ename": output["ename"], "evalue": output["evalue"], "failure": failure.to_json()}
    )


def attached(cell, output: dict) -> Failure | None:
    """The Failure `attach` recorded for the error `output` of `cell`: None when there is none,
    or when what is there is not a Failure (a notebook from before, or tampered with)."""
    metadata = cell.get("metadata")
    kept = metadata.get(METADATA_KEY) if isinstance(metadata, dict) else None
    entries = kept.get("failures") if isinstance(kept, dict) else None
    if not isinstance(entries, list):
        return None
    for entry in reversed(entries[-MAX_ENTRIES:]):  # the grader's own come last
        if (
            isinstance(entry, dict)
            and entry.get("ename") == output.get("ename")
            and entry.get("evalue") == output.get("evalue")
        ):
            try:
                return Failure.from_json(entry.get("failure"))
            except InvalidFailure:
                return None
    return None


def kind_of(cell, output: dict) -> str | None:
    """The kind of an error output: its Failure's, else what its name alone says (KIND_OF_ENAME),
    else None (an error raised by the student's code or a visible test)."""
    failure = attached(cell, output)
    return failure.kind if failure else KIND_OF_ENAME.get(output.get("ename"))
