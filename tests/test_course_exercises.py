"""`course.exercises.needs`: a figure or widget cell that uses the student's functions says which
exercises to finish first, in one line, instead of failing; and every such cell asks."""

import ast
import re

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

from course.exercises import EXERCISES
from grading_tools import notebooks
from tests.support import ASSIGNMENTS, ROOT, function_names

STUB = '''def {name}(z):
    """What the release notebook holds before the student writes the exercise."""
    # YOUR CODE HERE
    raise NotImplementedError()
'''


def run(*sources, tmp_path):
    """Run cells in a fresh kernel as JupyterLab's Run All would: the first cell that fails stops
    it."""
    notebook = new_notebook(cells=[new_code_cell(source) for source in sources])
    NotebookClient(
        notebook,
        timeout=60,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    return [[o for o in cell.outputs] for cell in notebook.cells]


def text(outputs):
    return "".join(
        o.get("text", "") for o in outputs if o.output_type == "stream" and o.name == "stdout"
    )


def test_a_cell_that_needs_unfinished_exercises_says_which_in_one_line_and_run_all_goes_on(
    tmp_path,
):
    outputs = run(
        "from course.exercises import needs\n"
        + STUB.format(name="sigmoid")
        + STUB.format(name="forward"),
        'needs("sigmoid", "forward")\nprint("the figure")',
        'print("the next cell runs")',
        tmp_path=tmp_path,
    )
    assert outputs[1] == [
        nbformat.from_dict(
            {
                "output_type": "stream",
                "name": "stdout",
                "text": "Finish sigmoid and forward (exercises 1 and 6) first, "
                "then run this cell again.\n",
            }
        )
    ]
    assert text(outputs[2]) == "the next cell runs\n"


def test_two_functions_of_one_exercise_name_its_number_once(tmp_path):
    outputs = run(
        "from course.exercises import needs\n"
        + STUB.format(name="add_gate")
        + STUB.format(name="mul_gate"),
        'needs("add_gate", "mul_gate")',
        tmp_path=tmp_path,
    )
    assert EXERCISES["add_gate"] == EXERCISES["mul_gate"]
    assert text(outputs[1]) == (
        f"Finish add_gate and mul_gate (exercise {EXERCISES['add_gate']}) first, "
        "then run this cell again.\n"
    )


def test_a_function_never_run_is_named_too_and_the_student_is_told_to_run_its_cell(tmp_path):
    outputs = run("from course.exercises import needs", 'needs("mse_cost")', tmp_path=tmp_path)
    assert (
        text(outputs[1])
        == "Finish mse_cost (exercise 7) and run its cell first, then run this cell again.\n"
    )


def test_a_finished_function_that_calls_an_unfinished_one_names_the_unfinished_one(tmp_path):
    outputs = run(
        "from course.exercises import needs\n"
        + STUB.format(name="gate_weights")
        + "def xor_network(X):\n    return gate_weights('AND')",
        'needs("xor_network")\nprint("drawn")',
        tmp_path=tmp_path,
    )
    assert text(outputs[1]) == "Finish gate_weights (exercise 3) first, then run this cell again.\n"


def test_finished_exercises_let_the_cell_run_and_print_nothing_more(tmp_path):
    outputs = run(
        "from course.exercises import needs\ndef sigmoid(z):\n    return 1 / (1 + z)",
        'needs("sigmoid")\nprint("the figure")',
        tmp_path=tmp_path,
    )
    assert outputs[1] == [
        nbformat.from_dict({"output_type": "stream", "name": "stdout", "text": "the figure\n"})
    ]


# ------------------------------------------------------------------------- the notebooks
def source(assignment):
    return notebooks.read(notebooks.source_notebook(ROOT, assignment))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_exercise_numbers_are_those_of_the_notebook_headings(assignment):
    """One heading may name several graded functions: "### Exercise 2 (4 points): `relu`, ..."."""
    graded, headings = set(function_names(assignment)), {}
    for cell in source(assignment).cells:
        for number, title in re.findall(r"^### Exercise (\d+)\b(.*)$", cell.source, re.M):
            for name in set(re.findall(r"`(\w+)`", title)) & graded:
                headings[name] = int(number)
    assert graded <= set(headings)
    assert headings == {name: EXERCISES.get(name) for name in headings}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_cell_that_uses_a_students_function_first_checks_that_it_is_finished(assignment):
    """Uses: directly, through a function defined in an earlier cell, or through a variable that an
    earlier cell computed with it (that cell is skipped while the exercise is unfinished)."""
    notebook = source(assignment)
    for cell_id, (first_line, uses) in cells_using_exercises(notebook).items():
        asked = (
            set(re.fullmatch(r"needs\((.*)\)", first_line).group(1).replace('"', "").split(", "))
            if first_line.startswith("needs(")
            else set()
        )
        assert uses <= asked, (
            f"{assignment}, cell {cell_id}: start it with needs(...) naming {sorted(uses)}"
        )


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_each_notebook_says_that_run_all_runs_every_cell_and_how_to_go_on(assignment):
    """Test cells may fail (tagged raises-exception), so Run All never stops at an exercise."""
    intro = " ".join(c.source for c in source(assignment).cells[:4] if c.cell_type == "markdown")
    assert "**Run All** runs every cell" in intro and "Run Selected Cell and All Below" in intro
    assert "Run All** stops" not in intro


def cells_using_exercises(notebook):
    """{cell id: (its first line, the graded functions it uses)} of the cells that are neither
    solutions nor tests. A graded function counts once its solution cell has been passed: a helper
    may name a later exercise's function before it is written, and call it only later."""
    graded, bodies, uses_of = (
        set(),
        {},
        {},
    )  # bodies: helper functions' global names; uses_of: variables'

    def behind(names, seen=()):
        found = set()
        for name in names:
            if name in graded:
                found.add(name)
            elif name in bodies and name not in seen:
                found |= behind(bodies[name], {*seen, name})
            else:
                found |= uses_of.get(name, set())
        return found

    found = {}
    for cell in notebook.cells:
        if cell.cell_type == "code" and notebooks.is_solution(cell):
            graded |= {
                node.name
                for node in ast.walk(ast.parse(cell.source))
                if isinstance(node, ast.FunctionDef)
            }
        if cell.cell_type != "code" or notebooks.is_solution(cell) or notebooks.is_test(cell):
            continue
        loads, stores, functions = _names(ast.parse(cell.source))
        for name in functions:
            uses_of.pop(name, None)
        bodies.update(functions)
        uses = behind(loads - (stores - set(functions)))
        for name in stores - set(functions):
            bodies.pop(name, None)
            uses_of[name] = uses
        if uses:
            found[cell.get("id")] = (cell.source.split("\n", 1)[0], uses)
    return found


def _names(tree):
    """The names a cell reads and writes at its top level, and {function it defines: the global
    names its body reads}."""
    loads, stores, functions = set(), set(), {}

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.Lambda)):
                body, local = set(), {a.arg for a in ast.walk(child) if isinstance(a, ast.arg)}
                for n in ast.walk(child):
                    if isinstance(n, ast.Name):
                        (body if isinstance(n.ctx, ast.Load) else local).add(n.id)
                if isinstance(child, ast.Lambda):
                    loads.update(body - local)
                else:
                    functions[child.name] = body - local
                    stores.add(child.name)
                continue
            if isinstance(child, ast.Name):
                (loads if isinstance(child.ctx, ast.Load) else stores).add(child.id)
            elif isinstance(child, (ast.Import, ast.ImportFrom)):
                stores.update((a.asname or a.name).split(".")[0] for a in child.names)
            elif isinstance(child, ast.ClassDef):
                stores.add(child.name)
            visit(child)

    visit(tree)
    return loads, stores, functions
