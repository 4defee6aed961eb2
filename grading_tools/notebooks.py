"""Reading and completing nbgrader notebooks: the instructor's solutions, and filled-in copies.

A student's copy is the release notebook with its solution cells filled in; the demo students
and the tests build their submissions this way.
"""

from pathlib import Path

import nbformat

SOLUTION_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")


def read(path):
    return nbformat.read(str(path), as_version=4)


def grade_id(cell):
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def is_solution(cell):
    return cell.metadata.get("nbgrader", {}).get("solution", False)


def is_test(cell):
    meta = cell.metadata.get("nbgrader", {})
    return meta.get("grade", False) and not meta.get("solution", False)


def source_notebook(root, assignment):
    return Path(root) / "source" / assignment / f"{assignment}.ipynb"


def release_notebook(root, assignment):
    return Path(root) / "release" / assignment / f"{assignment}.ipynb"


def solutions(notebook):
    """The instructor's answer in each solution cell, by grade_id, without nbgrader's markers."""
    return {grade_id(cell): "\n".join(line for line in cell.source.splitlines()
                                     if line.strip() not in SOLUTION_MARKERS)
            for cell in notebook.cells if is_solution(cell)}


def complete(release, answers):
    """A copy of the release notebook with the given answers (by grade_id) in its solution cells."""
    filled = nbformat.from_dict(release)
    for cell in filled.cells:
        if is_solution(cell) and grade_id(cell) in answers:
            cell.source = answers[grade_id(cell)]
    return filled
