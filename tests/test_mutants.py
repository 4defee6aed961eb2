"""Proof that the hidden tests work: every catalogued mistake fails, every correct variant passes.

The fast layer runs here through the same `evaluate` the hidden test cells call; a few entries
also go through real nbgrader in test_pipeline.py. `make mutants` prints the table. The mistakes
are patches of the reference (grading_tools.judge.mistakes): a stale patch must say so, and bugsy's
patch must apply to the solution cell it is written into.
"""

import pytest

from grading_tools import notebooks
from grading_tools.assignments.perceptron_xor.reference import step
from grading_tools.demo_students import bug, with_bug
from grading_tools.judge import Mismatch, catalog, evaluate, verify_record
from grading_tools.judge.mistakes import Mistake, StalePatch
from tests.mutants.catalogue import entries
from tests.support import ASSIGNMENTS, ROOT

ENTRIES = entries()


@pytest.mark.parametrize("entry", [e for e in ENTRIES if not e.correct], ids=lambda e: e.label)
def test_every_mutant_is_caught_with_a_message(entry):
    with pytest.raises(Mismatch) as raised:
        evaluate(entry.assignment, entry.function, entry.fn)
    assert entry.function in str(raised.value)


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.correct], ids=lambda e: e.label)
def test_every_correct_alternative_passes_and_the_grader_agrees(entry):
    record = evaluate(entry.assignment, entry.function, entry.fn)
    assert verify_record(entry.assignment, entry.function, record) is None


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_graded_function_has_a_full_catalogue(assignment):
    for name in catalog.specs(assignment):
        mine = [e for e in ENTRIES if (e.assignment, e.function) == (assignment, name)]
        assert sum(not e.correct for e in mine) >= 5, f"{name}: fewer than 5 mutants"
        assert sum(e.correct for e in mine) >= 2, f"{name}: fewer than 2 correct alternatives"


def test_a_patch_that_no_longer_applies_names_the_mistake_and_asks_for_an_update():
    with pytest.raises(StalePatch, match=r"'a typo' in step no longer applies.*update the patch"):
        Mistake(step, "no such text", "", "a typo")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_bugsy_makes_one_patch_of_the_assignment_in_its_solution_cell(assignment):
    mistake = bug(assignment)
    answers = notebooks.solutions(notebooks.read(notebooks.source_notebook(ROOT, assignment)))
    changed = with_bug(answers, mistake)
    assert [name for name in answers if changed[name] != answers[name]] == [mistake.name]
