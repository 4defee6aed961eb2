"""Hint accuracy: does each catalogued mistake get the hint that names it, and no other?

A mutant declares the hint it stands for (`@mutant(..., hint="substring")`, or `hint=None` when no
hint fits). The hints its hidden test offers (the Failure's `hints`), and those of its visible
test's message (`visible_messages`: the release notebook's test cell, with the
known_mistakes.json shipped beside it), are graded:

- right: a hint is given and every hint given names the mistake (contains the declared substring),
  or no hint is given and none fits (hint=None);
- wrong: some hint given points at a cause that is not there;
- none:  no hint is given, though one fits.

`python -m tests.mutants --hints` prints the tallies and the mutants that are not right.
"""

import contextlib
import io
import linecache
import os
from collections import Counter

from grading_tools.judge import Mismatch, evaluate

from .catalogue import UNDECLARED, entries


def failure(entry):
    """The hidden tests' Failure for the entry, or None if they accept it."""
    try:
        evaluate(entry.assignment, entry.function, entry.fn)
    except Mismatch as wrong:
        return wrong.failure
    return None


def hints_in(failure):
    """The hints a hidden test's Failure offers, surest first (none for None)."""
    return list(failure.hints) if failure else []


def visible_hints_in(text):
    """The hints a visible test's message offers ("  hint: " lines, course.checks)."""
    return [
        line[len("  hint: ") :] for line in (text or "").splitlines() if line.startswith("  hint: ")
    ]


def grade(entry, said, hints_of=hints_in):
    """'right', 'wrong' or 'none' for what a declared mutant was told (a hidden test's Failure,
    or with `hints_of=visible_hints_in` a visible test's message; see the module docstring)."""
    hints = hints_of(said)
    if entry.hint is None:
        return "wrong" if hints else "right"
    if not hints:
        return "none"
    return "right" if all(entry.hint in hint for hint in hints) else "wrong"


def declared():
    return [e for e in entries() if not e.correct and e.hint is not UNDECLARED]


def report(out=print, details=True):
    """Print the hint accuracy over the declared mutants, hidden tests and visible tests apart;
    return the tallies {"hidden": Counter, "visible": Counter} (visible: of the mutants the
    visible tests reject; "passes" counts the others)."""
    mutants = declared()
    hidden = [(entry, failure(entry)) for entry in mutants]
    visible = {}
    for assignment in dict.fromkeys(e.assignment for e in mutants):
        visible.update(
            visible_messages(assignment, [e for e in mutants if e.assignment == assignment])
        )
    tallies = {}
    for kind, graded, hints_of in (
        ("hidden", hidden, hints_in),
        ("visible", [(e, visible.get(e.label)) for e in mutants], visible_hints_in),
    ):
        tally = tallies[kind] = Counter()
        for entry, said in graded:
            if said is None:
                tally["passes"] += 1
                continue
            verdict = grade(entry, said, hints_of)
            tally[verdict] += 1
            if verdict != "right" and details:
                expected = "no hint" if entry.hint is None else repr(entry.hint)
                given = " | ".join(hints_of(said)) or "no hint"
                out(
                    f"{kind:>7} {verdict:>5}  {entry.label}\n       expected {expected}\n"
                    f"       got: {given}"
                )
    undeclared = sum(1 for e in entries() if not e.correct and e.hint is UNDECLARED)
    silent = sum(1 for entry in mutants if entry.hint is None)
    out(
        f"\nhint accuracy over {len(mutants)} mutants that declare their mistake "
        f"({silent} of them with no fitting hint; {undeclared} undeclared):"
    )
    out(f"  {'':<8}{'hidden tests':>16}{'visible tests':>16}")
    for verdict in ("right", "wrong", "none", "passes"):
        cells = []
        for kind in ("hidden", "visible"):
            rejected = sum(n for v, n in tallies[kind].items() if v != "passes")
            count = tallies[kind][verdict]
            share = "" if verdict == "passes" else f" ({100 * count / max(rejected, 1):.0f} %)"
            cells.append(f"{count}{share}")
        out(f"  {verdict:<8}{cells[0]:>16}{cells[1]:>16}")
    out("  (passes: mutants the tests accept; the shares are of the mutants they reject)")
    return tallies


# --------------------------------------------------------------------- the visible tests
def visible_messages(assignment, mutants):
    """{label: the message of its function's visible test, or None if that test passes} for
    `mutants` of `assignment`, as a student's kernel shows it: the release notebook, completed
    with the solutions, runs in-process in its release folder (where known_mistakes.json lies);
    before each test cell, the cell runs once more per mutant of its function, the mutant in
    place of the solution."""
    import nbformat

    import course.progress
    from course import failures
    from grading_tools import notebooks
    from tests.support import ROOT

    from .catalogue import source

    release = notebooks.read(notebooks.release_notebook(ROOT, assignment))
    source_notebook = notebooks.read(notebooks.source_notebook(ROOT, assignment))
    completed = nbformat.from_dict(
        notebooks.complete(release, notebooks.solutions(source_notebook))
    )
    course.progress._passed.clear()
    namespace, found, here = {}, {}, os.getcwd()
    os.chdir(notebooks.release_notebook(ROOT, assignment).parent)
    try:
        for index, cell in enumerate(completed.cells):
            if cell.cell_type != "code" or "demo" in cell.metadata.get("tags", []):
                continue
            code = _compiled(cell.source, f"<cell {index}>")
            if notebooks.is_test(cell):
                tested = notebooks.grade_id(cell).removeprefix("test_")
                for mutant in mutants:
                    if mutant.function == tested:
                        trial = dict(namespace)
                        _run(_compiled(source(mutant), f"<mutant {mutant.label}>"), trial)
                        found[mutant.label] = _run(code, trial, failures)
                        course.progress._passed.discard(tested)
            _run(code, namespace)
    finally:
        os.chdir(here)
    return found


def _compiled(code, filename):
    """`code` compiled under `filename`, its lines in linecache (for the messages' source)."""
    linecache.cache[filename] = (len(code), None, code.splitlines(keepends=True), filename)
    return compile(code, filename, "exec")


def _run(code, namespace, failures=None):
    """Run compiled cell code; None, or the message a notebook shows for its exception (with
    `failures`, course.failures' explanation of an error inside the student's function)."""
    import course.progress

    course.progress._right_checks.clear()  # a new cell run (IPython's execution count)
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            exec(code, namespace)
    except Exception as error:
        label = lambda filename: filename if filename.startswith("<") else None  # noqa: E731
        explained = failures and failures.explain(error, error.__traceback__, label)
        return "\n".join(explained) if explained else f"{type(error).__name__}: {error}"
    return None
