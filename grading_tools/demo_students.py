"""The three demo students of `make demo` and how each completes a release notebook.

- ada submits the instructor's solutions (full marks);
- blank submits the release notebook untouched (zero);
- bugsy submits the solutions with one plausible mistake per notebook (partial marks): the
  assignment's mistake marked `demo=True` (a patch, grading_tools.judge.mistakes), applied to
  the solution cell.
"""

from . import notebooks, registry

STUDENTS = ("ada", "blank", "bugsy")


def bug(assignment):
    """bugsy's mistake in `assignment`: the one patch its hidden checks mark `demo=True`."""
    demos = [m for m in registry.module("mistakes", assignment).MISTAKES if m.demo]
    if len(demos) != 1:
        raise ValueError(
            f"{assignment}: {len(demos)} mistakes are marked demo=True in its hidden "
            "checks' MISTAKES; bugsy makes exactly one"
        )
    return demos[0]


def with_bug(answers, mistake):
    """The answers with bugsy's mistake written into the solution of its function."""
    code = answers[mistake.name]
    return {**answers, mistake.name: mistake.apply_to(code, f"the solution of {mistake.name}")}


def submission(student, fetched, source, assignment):
    """The notebook `student` submits: their `fetched` copy, completed with the `source`
    solutions."""
    if student == "blank":
        return fetched
    answers = notebooks.solutions(source)
    if student == "bugsy":
        answers = with_bug(answers, bug(assignment))
    return notebooks.complete(fetched, answers)
