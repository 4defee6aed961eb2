"""Hidden tests: one `check("name", fn)` call per hidden test cell (course.hidden.check).

The kernel only calls the student's function on hidden inputs that the grader hands it as data
(`write_hidden_inputs`) and records what happened. The grader judges that record against the
reference in its own process (`verify_record`), out of the submission's reach, and explains any
mistake as a `Failure` (failure.py): the message for the student, and what it says as fields.
`evaluate` does both in one process, for the instructor's own tests.
"""

import pickle
from collections.abc import Callable, Collection, Iterable
from pathlib import Path

from course import hidden

from . import case_functions, catalog
from .failure import Failure
from .spec import Mismatch
from .verdict import verdict

__all__ = [
    "Failure",
    "evaluate",
    "judge_here",
    "verify_record",
    "hidden_cases",
    "write_hidden_inputs",
    "Mismatch",
]


def evaluate(assignment: str, name: str, fn: Callable) -> dict:
    """Run `fn` on every hidden case of the check `name` of `assignment` and judge it; return
    the record of its results.

    Raises Mismatch, with the message for the student (and the Failure as its `failure`), at
    the first wrong case.
    """
    record = hidden.run(name, fn, hidden_cases(assignment, name))
    failure = verify_record(assignment, name, record)
    if failure:
        raise Mismatch(failure)
    return record


def judge_here(name: str, fn: Callable) -> dict:
    """`evaluate` for a hidden test run where the grader handed no inputs: the instructor running
    a source notebook, which names only the function. course.hidden finds this through the
    entry point `nn_course.judge` that the instructor's install declares (pyproject.toml), so
    the student package never imports grading_tools."""
    return evaluate(catalog.owner(name), name, fn)


def verify_record(
    assignment: str, name: str, record: object, failed: Collection[str] = ()
) -> Failure | None:
    """The grader's verdict on a record left by course.hidden.check in a notebook of
    `assignment`: None if right, else the Failure that says why not.

    `failed`: the graded functions whose tests failed earlier in the same notebook; a function
    that calls one of them (its spec's `uses`) is then told to fix that one first.
    """

    def failure(kind, message):
        return Failure(kind, message, name)

    spec = catalog.specs(assignment).get(name)
    if spec is None:
        return failure("unknown_check", f"{assignment} has no hidden check named {name!r}")
    if not isinstance(record, dict) or record.get("check") != name:
        return failure("unreadable_record", f"the record does not belong to the check of {name}")
    if "not_callable" in record:
        return failure(
            "not_callable", f"`{name}` should be a function, but it is a {record['not_callable']}."
        )
    if record.get("too_large"):
        return failure(
            "too_large", f"{name} returned results too large to record (several megabytes)"
        )
    cases, outcomes = spec.cases(), record.get("cases")
    if (
        not isinstance(outcomes, list)
        or len(outcomes) != len(cases)
        or not all(isinstance(o, dict) for o in outcomes)
    ):
        return failure(
            "unreadable_record", f"the record of {name} does not hold one outcome per hidden case"
        )
    try:
        return verdict(spec, list(zip(cases, outcomes)), failed)
    except Exception as error:  # a malformed record, or an answer a judge could not handle
        return failure(
            "unreadable_record",
            f"the recorded result of {name} could not be read ({type(error).__name__}: {error})",
        )


def write_hidden_inputs(folder: str | Path, assignment: str, names: Iterable[str]) -> Path:
    """Write the hidden inputs of the checks `names` of `assignment` into `folder`, for the
    kernel to load (course.hidden.load_cases); return the path of the file that holds them.

    Functions passed as arguments travel by name: they are looked up in a copy of
    case_functions.py written beside the inputs.
    """
    folder = Path(folder)
    (folder / "case_functions.py").write_text(Path(case_functions.__file__).read_text())
    path = folder / "cases.pickle"
    with open(path, "wb") as file:
        known = catalog.specs(assignment)
        _CasePickler(file).dump(
            {name: hidden_cases(assignment, name) for name in names if name in known}
        )
    return path


def hidden_cases(assignment: str, name: str) -> list[tuple[tuple, dict]]:
    """The cases of the check `name` of `assignment` as fresh (args, kwargs) pairs: data,
    generators and case functions."""
    cases = catalog.specs(assignment)[name].cases()
    return [(trial.args, trial.kwargs) for trial in (case.fresh() for case in cases)]


class _CasePickler(pickle.Pickler):
    def persistent_id(self, obj):
        module = getattr(obj, "__module__", None) or ""
        if callable(obj) and module == case_functions.__name__:
            return obj.__name__
        if callable(obj) and module.split(".")[0] == __name__.split(".")[0]:
            raise TypeError(
                f"a hidden case passes {obj.__qualname__} from {module}, which the "
                f"sandbox cannot import: define it in {case_functions.__name__}"
            )
        return None
