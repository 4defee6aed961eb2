"""The three demo students of `make demo` and how each completes a release notebook.

- ada submits the instructor's solutions (full marks);
- blank submits the release notebook untouched (zero);
- bugsy submits the solutions with one plausible mistake per notebook (partial marks).
"""

from dataclasses import dataclass

from . import notebooks

STUDENTS = ("ada", "blank", "bugsy")


@dataclass(frozen=True)
class Bug:
    """bugsy's mistake in one solution cell: `old` text of the instructor's solution becomes `new`."""

    cell: str
    old: str
    new: str
    what: str


BUGS = {
    "01_perceptron_xor": Bug("perceptron_train", "lr * (target - y_hat) * x", "lr * (y_hat - target) * x",
                             "the weight update has the wrong sign"),
}


def with_bug(answers, bug):
    """The answers with bugsy's mistake written into one of them."""
    code = answers[bug.cell]
    if code.count(bug.old) != 1:
        raise ValueError(f"bugsy's mistake no longer applies: {bug.old!r} should appear once in the "
                         f"solution of {bug.cell}; update BUGS in {__name__}.")
    return {**answers, bug.cell: code.replace(bug.old, bug.new)}


def submission(student, fetched, source, assignment):
    """The notebook `student` submits: their `fetched` copy, completed with the `source` solutions."""
    if student == "blank":
        return fetched
    answers = notebooks.solutions(source)
    if student == "bugsy":
        answers = with_bug(answers, BUGS[assignment])
    return notebooks.complete(fetched, answers)
