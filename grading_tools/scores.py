"""The scores as the gradebook holds them: as text for the terminal (a per-student summary of one
assignment's grading, and the student x assignment table), and as plain data (`grid`: every
student's score, lateness and manual adjustments per assignment) for report.html and the LMS
files. Read from nbgrader's gradebook and the autograded notebooks."""

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from . import notebooks
from .judge.failure import attached


def scores(api, assignments):
    """{(student, assignment): (score, max_score, [failed test cells])} from the gradebook."""
    table = {}
    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gradebook:
        for assignment in assignments:
            try:
                submissions = gradebook.assignment_submissions(assignment)
            except MissingEntry:
                continue
            for sub in submissions:
                failed = [
                    g.name
                    for nb in sub.notebooks
                    for g in nb.grades
                    if g.auto_score is not None and g.auto_score < g.max_score
                ]
                table[sub.student_id, assignment] = (sub.score, sub.max_score, failed)
    return table


def summary(api, assignment, students, problems=None, notes=None):
    """One line per student: the score and, for each failed test, the first line of the reason.

    `problems` maps a student to the reason nbgrader could not grade them; their score in the
    gradebook is stale (or missing), so the reason is shown instead. `notes` maps a student to
    what grading had to work around (a repaired or unreadable submission), shown after the score.
    """
    problems, notes = problems or {}, notes or {}
    lines = [f"{assignment}:"]
    graded = {s: v for (s, _), v in scores(api, [assignment]).items()}
    for student in sorted(students):
        if student in problems or student not in graded:
            reason = problems.get(student, "no score in the gradebook")
            lines.append(f"  {student:<12} NOT GRADED: {reason}")
            continue
        score, max_score, failed = graded[student]
        said = "   " + "; ".join(notes[student]) if notes.get(student) else ""
        lines.append(f"  {student:<12} {score:5.1f} / {max_score:g}{said}")
        reasons = failure_reasons(api, student, assignment)
        for test in failed:
            lines.append(f"      failed {test}: {reasons.get(test, '(no output)')}")
    return "\n".join(lines)


def failure_reasons(api, student, assignment):
    """{test cell: its last error, in one line} from the autograded notebook: its name and the
    title of the verdict the grader kept for it (grading_tools.judge.failure), or, for an error
    with none, the first line of its message."""
    coursedir = api.coursedir
    folder = coursedir.format_path(coursedir.autograded_directory, student, assignment)
    path = Path(folder) / f"{assignment}.ipynb"
    if not path.is_file():
        return {}
    reasons = {}
    for cell in notebooks.read(path).cells:
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if notebooks.is_test(cell) and errors:
            failure = attached(cell, errors[-1])
            evalue = str(errors[-1].get("evalue") or "").strip()
            title = failure.title if failure else (evalue.splitlines() or [""])[0]
            reason = f"{errors[-1].get('ename')}: {title[:150]}"
            reasons[notebooks.grade_id(cell)] = reason.rstrip(": ")
    return reasons


def table(api, assignments):
    """The student x assignment score table, as text: a column per assignment, keyed by its
    number (a legend follows), so that it fits a terminal."""
    graded = scores(api, assignments)
    students = sorted({s for s, _ in graded})
    ids = [a for a in assignments if any(a == b for _, b in graded)]
    keys = [a.split("_")[0] for a in ids]
    width = max([len(s) for s in students] + [7]) + 2
    rows = [f"{'student':<{width}}" + "".join(f"{k:>8}" for k in keys) + f"{'total':>10}"]
    rows.append("-" * len(rows[0]))
    for student in students:
        cells, total, total_max = [], 0.0, 0.0
        for a in ids:
            score, max_score, _ = graded.get((student, a), (0.0, 0.0, []))
            total, total_max = total + score, total_max + max_score
            cells.append(f"{score:g}/{max_score:g}".rjust(8))
        rows.append(f"{student:<{width}}" + "".join(cells) + f"{total:g}/{total_max:g}".rjust(10))
    rows.append("")
    rows += [f"{k}: {a}" for k, a in zip(keys, ids)]
    return "\n".join(rows)


# ----------------------------------------------------------------------------- the class grid
@dataclass
class Student:
    """A student as the gradebook knows them (names, email and LMS id may be empty)."""

    id: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    lms_user_id: str = ""


@dataclass
class Cell:
    """One student's submission of one assignment, as the gradebook has it.

    `score` is nbgrader's score less its late penalty (never below 0), as in grades.csv;
    `seconds_late` is past the due date (the student's extension included); `adjusted` names the
    grade cells whose manual score (the formgrader's) overrides the autograder's."""

    score: float
    max_score: float
    seconds_late: float = 0.0
    penalty: float = 0.0
    adjusted: list = field(default_factory=list)
    failed: list = field(default_factory=list)  # test cells that lost points


@dataclass
class Grid:
    """The student x assignment grid: `cells[(student, assignment)]` is a Cell, or absent for a
    missing submission; `max_scores[assignment]` its points."""

    students: list  # Student, by id
    assignments: list  # ids, in the order asked
    max_scores: dict
    cells: dict

    def handed_out(self):
        """The assignments someone has submitted (the others are not out yet)."""
        submitted = {a for _, a in self.cells}
        return [a for a in self.assignments if a in submitted]

    def total(self, student):
        """The student's points over every assignment, a missing one counting 0."""
        return sum(c.score for (s, _), c in self.cells.items() if s == student)


def grid(gradebook_url, course_id, assignments):
    """The Grid of `assignments` from nbgrader's gradebook (plain data, the gradebook closed).

    One query per assignment, on nbgrader's own tables and score expressions: reading the
    submissions' properties one by one (sub.score, sub.notebooks, ...) queries the database for
    each, minutes for a class of 300."""
    students, max_scores, cells = [], {}, {}
    with Gradebook(gradebook_url, course_id) as gradebook:
        for s in sorted(gradebook.students, key=lambda s: s.id):
            students.append(
                Student(
                    s.id,
                    *(str(v or "") for v in (s.first_name, s.last_name, s.email, s.lms_user_id)),
                )
            )
        for assignment in assignments:
            try:
                found = gradebook.find_assignment(assignment)
            except MissingEntry:
                max_scores[assignment] = 0.0
                continue
            max_scores[assignment] = found.max_score
            for student, cell in _submissions(gradebook.db, found).items():
                cells[student, assignment] = cell
    return Grid(students, list(assignments), max_scores, cells)


def grade_rows(db, assignment_id):
    """A row per grade of each submission of one assignment (by its database id), in one query
    on nbgrader's tables and score expressions: (student, timestamp, extension, notebook id,
    notebook name, late penalty, cell name, score, auto score, manual score, max score). A
    submission without notebooks or grades has one row, its notebook and grade fields None."""
    from nbgrader.api import BaseCell, Grade, Notebook, SubmittedAssignment, SubmittedNotebook

    return (
        db.query(
            SubmittedAssignment.student_id,
            SubmittedAssignment.timestamp,
            SubmittedAssignment.extension,
            SubmittedNotebook.id,
            Notebook.name,
            SubmittedNotebook.late_submission_penalty,
            BaseCell.name,
            Grade.score,
            Grade.auto_score,
            Grade.manual_score,
            Grade.max_score,
        )
        .outerjoin(SubmittedNotebook, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
        .outerjoin(Notebook, Notebook.id == SubmittedNotebook.notebook_id)
        .outerjoin(Grade, Grade.notebook_id == SubmittedNotebook.id)
        .outerjoin(BaseCell, BaseCell.id == Grade.cell_id)
        .filter(SubmittedAssignment.assignment_id == assignment_id)
        .all()
    )


def _submissions(db, assignment):
    """{student: Cell} for one nbgrader Assignment, from its grade_rows."""
    found, penalties = {}, {}
    for row in grade_rows(db, assignment.id):
        student, timestamp, extension, notebook, _, penalty, name, score, auto, manual, top = row
        cell = found.get(student)
        if cell is None:
            due = assignment.duedate and assignment.duedate + (extension or timedelta(0))
            late = (timestamp - due).total_seconds() if timestamp and due else 0.0
            cell = found[student] = Cell(0.0, assignment.max_score, seconds_late=max(0.0, late))
        if notebook is not None and penalty:
            penalties.setdefault(student, {})[notebook] = penalty
        if name is None:
            continue
        cell.score += score or 0.0
        if manual is not None:
            cell.adjusted.append(name)
        if auto is not None and auto < top:
            cell.failed.append(name)
    for student, cell in found.items():
        cell.penalty = sum(penalties.get(student, {}).values())
        cell.score = max(0.0, cell.score - cell.penalty)
        cell.adjusted.sort()
        cell.failed.sort()
    return found
