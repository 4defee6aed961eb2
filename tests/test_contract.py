"""The exercise contract holds: every graded function exists, by name and signature, everywhere
the graders and the sample submissions expect it."""

import ast
import inspect

import pytest

from grading_tools import reference
from grading_tools.checks import SPECS
from grading_tools.notebooks import grade_id, is_solution, is_test, read, source_notebook
from tests.support import ASSIGNMENTS, CONTRACT, ROOT

SIGNATURES = [(a, s) for a, signatures in CONTRACT.items() for s in signatures]


def written(assignment):
    if assignment not in ASSIGNMENTS:
        pytest.skip(f"{assignment} is not in source/ yet")


@pytest.mark.parametrize("assignment, signature", SIGNATURES)
def test_the_reference_implements_the_contract_signature(assignment, signature):
    written(assignment)
    name = signature.split("(")[0]
    assert hasattr(reference, name), f"grading_tools.reference has no {name}"
    assert f"{name}{inspect.signature(getattr(reference, name))}" == signature


@pytest.mark.parametrize("assignment, signature", SIGNATURES)
def test_every_contract_function_has_hidden_cases(assignment, signature):
    written(assignment)
    assert signature.split("(")[0] in SPECS


@pytest.mark.parametrize("assignment", CONTRACT)
def test_the_source_notebook_has_a_solution_and_a_test_cell_per_function(assignment):
    written(assignment)
    notebook = read(source_notebook(ROOT, assignment))
    solutions = {grade_id(c): c.source for c in notebook.cells if is_solution(c)}
    tests = {grade_id(c): c.source for c in notebook.cells if is_test(c)}
    for signature in CONTRACT[assignment]:
        name = signature.split("(")[0]
        assert name in solutions, f"no solution cell with grade_id {name!r}"
        defined = [f"{n.name}({ast.unparse(n.args)})" for n in ast.walk(ast.parse(solutions[name]))
                   if isinstance(n, ast.FunctionDef)]
        assert signature.replace(" ", "") in [d.replace(" ", "") for d in defined]
        assert f"check({name!r}, {name})".replace("'", '"') in tests.get(f"test_{name}", ""), \
            f"test_{name} must call check({name!r}, {name}) in its hidden tests"


def test_the_assignments_are_the_contract_s():
    unknown = set(ASSIGNMENTS) - set(CONTRACT)
    assert not unknown, f"assignments outside the contract: {unknown}"
