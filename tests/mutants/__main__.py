"""`make mutants`: for every graded function, mutants caught and alternatives passed, then the
hint accuracy of the hidden and the visible tests' messages (right, wrong, none).

`python -m tests.mutants --hints`: the hint accuracy alone, with every mutant whose hint is not
right (tests/mutants/hints.py).
"""

import sys

from grading_tools.judge import Mismatch, evaluate, verify_record

from .catalogue import entries


def verdict(entry):
    """True if the hidden tests (and the grader's re-check) accept the entry."""
    try:
        record = evaluate(entry.assignment, entry.function, entry.fn)
        return verify_record(entry.assignment, entry.function, record) is None
    except Mismatch:
        return False


def main():
    rows, clean = {}, True
    for entry in entries():
        row = rows.setdefault((entry.assignment, entry.function), [0, 0, 0, 0])
        accepted = verdict(entry)
        if entry.correct:
            row[2] += accepted
            row[3] += 1
        else:
            row[0] += not accepted
            row[1] += 1
        if accepted != entry.correct:
            clean = False
            print(f"!! {entry.label}: {'passed' if accepted else 'failed'} the hidden tests")
    print(f"{'assignment':<24}{'function':<22}{'mutants caught':>16}{'alternatives passed':>22}")
    for (assignment, function), (caught, mutants, passed, alternatives) in rows.items():
        print(
            f"{assignment:<24}{function:<22}{f'{caught} / {mutants}':>16}"
            f"{f'{passed} / {alternatives}':>22}"
        )
    total = [sum(r[i] for r in rows.values()) for i in range(4)]
    print(f"{'total':<46}{f'{total[0]} / {total[1]}':>16}{f'{total[2]} / {total[3]}':>22}")
    from .hints import report

    report(details=False)
    return 0 if clean else 1


if "--hints" in sys.argv[1:]:
    from .hints import report

    report()
    sys.exit(0)
sys.exit(main())
