"""Hint accuracy: does each catalogued mistake get the hint that names it, and no other?

A mutant declares the hint it stands for (`@mutant(..., hint="substring")`, or `hint=None` when no
hint fits). Its hidden-test message is graded:

- right: a hint is given and every hint given names the mistake (contains the declared substring),
  or no hint is given and none fits (hint=None);
- wrong: some hint given points at a cause that is not there;
- none:  no hint is given, though one fits.

`python -m tests.mutants --hints` prints the tally and the mutants that are not right.
"""

from collections import Counter

from grading_tools.checks import Mismatch, evaluate

from .catalogue import UNDECLARED, entries


def message(entry):
    """The hidden tests' message for the entry, or None if they accept it."""
    try:
        evaluate(entry.assignment, entry.function, entry.fn)
    except Mismatch as wrong:
        return str(wrong)
    return None


def hints_in(text):
    """The hints a message offers, in order: its "likely cause:" line and the "or:" lines after it
    (grading_tools.checks.core.likely_causes)."""
    lines = (text or "").splitlines()
    start = next(
        (i for i, line in enumerate(lines) if line.strip().startswith("likely cause: ")), None
    )
    if start is None:
        return []
    hints = [lines[start].split("likely cause: ", 1)[1]]
    for line in lines[start + 1 :]:
        if not line.strip().startswith("or: "):
            break
        hints.append(line.split("or: ", 1)[1])
    return hints


def grade(entry, text):
    """'right', 'wrong' or 'none' for a declared mutant's message (see the module docstring)."""
    hints = hints_in(text)
    if entry.hint is None:
        return "wrong" if hints else "right"
    if not hints:
        return "none"
    return "right" if all(entry.hint in hint for hint in hints) else "wrong"


def declared():
    return [e for e in entries() if not e.correct and e.hint is not UNDECLARED]


def report(out=print):
    """Print the hint accuracy over the declared mutants; return the tally."""
    graded = [(entry, message(entry)) for entry in declared()]
    tally = Counter(grade(entry, text) for entry, text in graded)
    undeclared = sum(1 for e in entries() if not e.correct and e.hint is UNDECLARED)
    for entry, text in graded:
        verdict = grade(entry, text)
        if verdict != "right":
            expected = "no hint" if entry.hint is None else repr(entry.hint)
            given = " | ".join(hints_in(text)) or "no hint"
            out(f"{verdict:>5}  {entry.label}\n       expected {expected}\n       got: {given}")
    total = len(graded)
    silent = sum(1 for entry, _ in graded if entry.hint is None)
    out(
        f"\nhint accuracy over {total} mutants that declare their mistake "
        f"({silent} of them with no fitting hint; {undeclared} undeclared):"
    )
    for verdict in ("right", "wrong", "none"):
        out(f"  {verdict:<6}{tally[verdict]:>4}  ({100 * tally[verdict] / max(total, 1):.0f} %)")
    return tally
