"""The exercise contract holds: every graded function exists, by name and signature, everywhere
the graders and the sample submissions expect it. The assignments and their modules match one to
one, so that adding an assignment means adding its files (grading_tools.registry)."""

import ast
import inspect
import re
import sys
import types

import nbformat
import numpy as np
import pytest

from grading_tools import registry
from grading_tools.judge import Mismatch, catalog, evaluate
from grading_tools.judge.spec import Case, Spec
from grading_tools.notebooks import (
    checked_functions,
    grade_id,
    is_solution,
    is_test,
    read,
    source_notebook,
)
from tests.support import ASSIGNMENTS, CONTRACT, ROOT

SIGNATURES = [(a, s) for a, signatures in CONTRACT.items() for s in signatures]


def written(assignment):
    if assignment not in ASSIGNMENTS:
        pytest.skip(f"{assignment} is not in source/ yet")


@pytest.mark.parametrize("assignment, signature", SIGNATURES)
def test_the_reference_implements_the_contract_signature(assignment, signature):
    written(assignment)
    name = signature.split("(")[0]
    reference = registry.module("reference", assignment)
    assert hasattr(reference, name), f"{reference.__name__} has no {name}"
    assert f"{name}{inspect.signature(getattr(reference, name))}" == signature


@pytest.mark.parametrize("assignment, signature", SIGNATURES)
def test_every_contract_function_has_hidden_cases(assignment, signature):
    written(assignment)
    assert signature.split("(")[0] in catalog.specs(assignment)


@pytest.mark.parametrize("assignment", CONTRACT)
def test_the_source_notebook_has_a_solution_and_a_test_cell_per_function(assignment):
    written(assignment)
    notebook = read(source_notebook(ROOT, assignment))
    solutions = {grade_id(c): c.source for c in notebook.cells if is_solution(c)}
    tests = {grade_id(c): c.source for c in notebook.cells if is_test(c)}
    for signature in CONTRACT[assignment]:
        name = signature.split("(")[0]
        assert name in solutions, f"no solution cell with grade_id {name!r}"
        defined = [
            f"{n.name}({ast.unparse(n.args)})"
            for n in ast.walk(ast.parse(solutions[name]))
            if isinstance(n, ast.FunctionDef)
        ]
        assert signature.replace(" ", "") in [d.replace(" ", "") for d in defined]
        assert f"check({name!r}, {name})".replace("'", '"') in tests.get(f"test_{name}", ""), (
            f"test_{name} must call check({name!r}, {name}) in its hidden tests"
        )


def test_the_assignments_are_the_contract_s():
    unknown = set(ASSIGNMENTS) - set(CONTRACT)
    assert not unknown, f"assignments outside the contract: {unknown}"


# ------------------------------------------------------------------------------ the registry
def test_every_assignment_has_its_modules_and_every_module_its_assignment():
    assert registry.layout_problems(ROOT) == []


def course_folders(root, assignments, modules):
    """A course tree under `root`: the notebooks of `assignments` and the files `modules`."""
    for assignment in assignments:
        folder = root / "source" / assignment
        folder.mkdir(parents=True)
        nbformat.write(nbformat.v4.new_notebook(), str(folder / f"{assignment}.ipynb"))
    for module in modules:
        (root / module).parent.mkdir(parents=True, exist_ok=True)
        (root / module).write_text("")


def test_a_new_assignment_is_its_notebook_and_one_folder(tmp_path):
    """The layout check names each module a new assignment's folder lacks, and each folder of no
    assignment."""
    course_folders(
        tmp_path,
        ["01_perceptron_xor", "09_convolutions"],
        [
            "grading_tools/assignments/perceptron_xor/reference.py",
            "grading_tools/assignments/perceptron_xor/mistakes.py",
            "grading_tools/assignments/perceptron_xor/cases.py",
            "grading_tools/assignments/convolutions/reference.py",
            "grading_tools/assignments/convolutions/cases.py",
            "grading_tools/assignments/pooling/cases.py",
        ],
    )
    assert registry.layout_problems(tmp_path) == [
        "09_convolutions has no grading_tools/assignments/convolutions/mistakes.py",
        "grading_tools/assignments/pooling belongs to no assignment "
        "(no source/NN_pooling/NN_pooling.ipynb)",
    ]


def test_every_assignment_has_a_mutant_catalogue_and_every_catalogue_an_assignment():
    """The tests' half of an assignment: its mistakes and alternatives in tests/mutants/."""
    topics = {registry.topic(assignment) for assignment in ASSIGNMENTS}
    modules = {p.stem for p in (ROOT / "tests" / "mutants").glob("*.py")}
    assert topics <= modules
    assert modules - topics == {"__init__", "__main__", "catalogue", "hints"}


def forward_cases():
    return [Case("two numbers", (np.array([1.0, 2.0]),))]


def other_forward_cases():
    return []


def test_specs_are_found_by_assignment_and_function(tmp_path, monkeypatch):
    """A ninth assignment may check a `forward` of its own: 02's stays. Two specs of one function
    in one assignment are an error naming both; a name checked twice cannot be looked up alone."""
    reference = types.ModuleType("grading_tools.assignments.convolutions.reference")
    reference.forward = lambda X: 2 * X
    mistakes = types.ModuleType("grading_tools.assignments.convolutions.mistakes")
    mistakes.MISTAKES = ()
    checks = types.ModuleType("grading_tools.assignments.convolutions.cases")
    checks.SPECS = [Spec("forward", forward_cases)]
    for module in (reference, mistakes, checks):
        monkeypatch.setitem(sys.modules, module.__name__, module)
    course_folders(tmp_path, ["02_sigmoid_networks", "09_convolutions"], [])
    evaluate("09_convolutions", "forward", lambda X: X + X)
    with pytest.raises(Mismatch, match="forward"):
        evaluate("09_convolutions", "forward", lambda X: X)
    ours = catalog.specs("02_sigmoid_networks")["forward"]
    assert ours.reference is registry.module("reference", "02_sigmoid_networks").forward
    assert catalog.owner("sigmoid", tmp_path) == "02_sigmoid_networks"
    with pytest.raises(LookupError, match="02_sigmoid_networks, 09_convolutions all check"):
        catalog.owner("forward", tmp_path)
    checks.SPECS.append(Spec("forward", other_forward_cases))
    with pytest.raises(
        ValueError,
        match=r"SPECS\[0\] \(cases forward_cases\) and "
        r"SPECS\[1\] \(cases other_forward_cases\)",
    ):
        catalog.specs("09_convolutions")


def test_a_caller_uses_every_graded_function_its_reference_calls():
    """So that its hidden test never blames the caller for a callee's fault."""
    assert catalog.specs("02_sigmoid_networks")["sigmoid_prime"].uses == ("sigmoid",)
    assert "binary_cross_entropy" in catalog.specs("08_pima_diabetes")["train_classifier"].uses
    for (assignment, name), spec in catalog.all_specs().items():
        called = catalog.names_in(spec.reference.__code__) & set(catalog.specs(assignment))
        assert called - {name} <= set(spec.uses), (assignment, name)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_a_caller_s_visible_test_declares_every_graded_function_it_uses(assignment):
    """So that the visible test of a caller says to fix a failing callee first, as the hidden
    one does (course.checks.expect_close's `uses`)."""
    specs = catalog.specs(assignment)
    for cell in read(source_notebook(ROOT, assignment)).cells:
        if not is_test(cell):
            continue
        declared = re.findall(r"uses=\(([^)]*)\)|USES = \(([^)]*)\)", cell.source)
        named = set(re.findall(r"\w+", " ".join(a + b for a, b in declared)))
        for name in checked_functions(cell.source):
            missing = set(specs[name].uses) - named
            assert not missing, f"the visible test of {name} does not declare {sorted(missing)}"
