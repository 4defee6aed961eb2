"""Reading and completing nbgrader notebooks: the instructor's solutions, and filled-in copies.

A student's copy is the release notebook with its solution cells filled in; the demo students
and the tests build their submissions this way. Cells are told apart by nbgrader's own
predicates (nbgrader.utils); `is_test` combines two of them.
"""

import ast
import re
from pathlib import Path

import nbformat
from nbgrader.utils import is_grade, is_solution

SOLUTION_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")


def read(path):
    return nbformat.read(str(path), as_version=4)


def grade_id(cell):
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def is_test(cell):
    """A test cell: graded, and not an answer (nbgrader's autograded tests)."""
    return is_grade(cell) and not is_solution(cell)


def checked_functions(source):
    """Names passed to `check("name", ...)` in a test cell's source, in order: the functions
    its hidden test grades."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if called == "check" and isinstance(node.args[0].value, str):
                names.append(node.args[0].value)
    return names


_DEF = re.compile(r"^[ \t]*def[ \t]+(\w+)[ \t]*\(", re.MULTILINE)


def defined_functions(source):
    """Names of the functions a piece of code defines (`def NAME(`), in order."""
    return _DEF.findall(source)


def source_notebook(root, assignment):
    return Path(root) / "source" / assignment / f"{assignment}.ipynb"


def release_notebook(root, assignment):
    return Path(root) / "release" / assignment / f"{assignment}.ipynb"


def solutions(notebook):
    """The instructor's answer in each solution cell, by grade_id, without nbgrader's markers."""
    return {
        grade_id(cell): "\n".join(
            line for line in cell.source.splitlines() if line.strip() not in SOLUTION_MARKERS
        )
        for cell in notebook.cells
        if is_solution(cell)
    }


def complete(release, answers):
    """A copy of the release notebook with the given answers (by grade_id) in its solution cells."""
    filled = nbformat.from_dict(release)
    for cell in filled.cells:
        if is_solution(cell) and grade_id(cell) in answers:
            cell.source = answers[grade_id(cell)]
    return filled
