"""The grades for a learning management system: one row per student, one column per assignment
and the total, in the CSV layouts that Canvas's and Moodle's gradebook imports read.

Written beside grades.csv by `export` (nbgrader's grades.csv has one row per student and
assignment, which neither LMS imports). Scores are nbgrader's less the late penalty, as in
grades.csv. A missing submission is left blank: both LMSs read a blank cell as "no grade" and
leave what they hold (an excused student, a grade entered there), so no 0 overwrites it; the
total counts it as 0, as nbgrader does.

grades_canvas.csv (Canvas: Grades > Import), Canvas's own export layout:
  Student        "Last, First" (the student id when the gradebook has no name)
  ID             the Canvas user id, from nbgrader's `lms_user_id` (blank if unknown)
  SIS User ID    blank (Canvas then matches on the next column)
  SIS Login ID   the nbgrader student id (the JupyterHub login)
  Section        blank
  one column per assignment, headed by its nbgrader id: Canvas matches it with the assignment of
                 that name, or creates one; rename the header to Canvas's "Name (id)" to pin it
  Final Points   the total: a column Canvas computes itself, so its import ignores it
The second row, "Points Possible", holds each assignment's points, as in Canvas's export.

grades_moodle.csv (Moodle: Grades > Import > CSV file):
  First name, Last name, ID number (the nbgrader student id), Email address
  one column per assignment, headed by its nbgrader id
  Total          the total (map it to "ignore" in Moodle's import: Moodle computes its own)
A text cell that a spreadsheet would read as a formula (a name or id beginning with =, +, -, @,
a tab or a carriage return: the gradebook's names come from a roster or from logins) is written
with a leading apostrophe, so opening the file never runs it (CSV injection).

In Moodle's import, identify users by mapping "Email address" to the user's email (or "ID
number" to the user's ID number) and each assignment column to its grade item.
"""

import csv
from pathlib import Path

from . import scores

CANVAS_FILE, MOODLE_FILE = "grades_canvas.csv", "grades_moodle.csv"


def canvas_rows(grid):
    """The rows of grades_canvas.csv, header and "Points Possible" first."""
    header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *grid.assignments]
    possible = [grid.max_scores[a] for a in grid.assignments]
    rows = [
        [*header, "Final Points"],
        ["    Points Possible", "", "", "", "", *map(_number, possible), _number(sum(possible))],
    ]
    for student in grid.students:
        name = ", ".join(n for n in (student.last_name, student.first_name) if n) or student.id
        rows.append(
            [
                name,
                student.lms_user_id,
                "",
                student.id,
                "",
                *_scores(grid, student),
                _total(grid, student),
            ]
        )
    return rows


def moodle_rows(grid):
    """The rows of grades_moodle.csv, header first."""
    header = ["First name", "Last name", "ID number", "Email address", *grid.assignments, "Total"]
    return [header] + [
        [s.first_name, s.last_name, s.id, s.email, *_scores(grid, s), _total(grid, s)]
        for s in grid.students
    ]


def write(root, gradebook_url, course_id, assignments):
    """Write grades_canvas.csv and grades_moodle.csv in `root`; return their paths."""
    grid = scores.grid(gradebook_url, course_id, assignments)
    paths = []
    for name, rows in ((CANVAS_FILE, canvas_rows(grid)), (MOODLE_FILE, moodle_rows(grid))):
        path = Path(root) / name
        with path.open("w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows([[_inert(cell) for cell in row] for row in rows])
        paths.append(path)
    return paths


def _scores(grid, student):
    cells = (grid.cells.get((student.id, a)) for a in grid.assignments)
    return ["" if cell is None else _number(cell.score) for cell in cells]


def _total(grid, student):
    return _number(grid.total(student.id))


def _inert(cell):
    """The cell as data: text a spreadsheet would evaluate as a formula gets a leading '."""
    text = "" if cell is None else str(cell)
    if text[:1] in FORMULA_STARTS and not _is_number(text):
        return "'" + text
    return text


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def _number(value):
    """A score as the LMS reads it: no trailing zeros, no more than two decimals."""
    return f"{round(value, 2):g}"
