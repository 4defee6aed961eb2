"""grades_canvas.csv and grades_moodle.csv, from a real nbgrader gradebook (no grading)."""

import csv
from datetime import datetime, timedelta

import pytest

from grading_tools import lms
from tests.support import new_gradebook

A, B = "01_demo", "02_next"
DUE = datetime(2026, 3, 1, 12, 0)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """Two assignments of 3 points; ann submits both (B late, with a 1-point penalty), bob only
    A, cat nothing; bob's A has a manual score that replaces the autograder's."""
    root = tmp_path_factory.mktemp("course")
    url = f"sqlite:///{root}/gradebook.db"
    with new_gradebook(url) as gradebook:
        for name in (A, B):
            gradebook.add_assignment(name, duedate=DUE)
            gradebook.add_notebook(name, name)
            gradebook.add_grade_cell("test_x", name, name, max_score=3, cell_type="code")
        gradebook.add_student("ann", first_name="Ann", last_name="Lee", email="ann@uni.example")
        gradebook.add_student("bob", lms_user_id="4711")
        gradebook.add_student("cat", first_name="Cat", last_name="Doe, Jr.")
        for student, name, score, late in [
            ("ann", A, 3, 0),
            ("ann", B, 2.5, 3600),
            ("bob", A, 1, 0),
        ]:
            gradebook.add_submission(name, student, timestamp=DUE + timedelta(seconds=late))
            gradebook.find_grade("test_x", name, name, student).auto_score = score
        ann_b = gradebook.find_submission_notebook(B, B, "ann")
        ann_b.late_submission_penalty = 1.0
        gradebook.find_grade("test_x", A, A, "bob").manual_score = 2.0
        gradebook.db.commit()
    return root, url


@pytest.fixture(scope="module")
def files(course):
    root, url = course
    canvas, moodle = lms.write(root, url, "nn-course", [A, B])
    read = lambda path: list(csv.reader(path.open(newline="", encoding="utf-8")))  # noqa: E731
    return read(canvas), read(moodle)


def test_both_files_are_written_beside_grades_csv(course, files):
    root, _ = course
    assert (root / "grades_canvas.csv").is_file() and (root / "grades_moodle.csv").is_file()


def test_canvas_file_has_canvas_columns_an_assignment_each_and_a_total_it_ignores(files):
    canvas, _ = files
    assert canvas[0] == [
        "Student", "ID", "SIS User ID", "SIS Login ID", "Section", A, B, "Final Points"
    ]  # fmt: skip
    assert canvas[1] == ["    Points Possible", "", "", "", "", "3", "3", "6"]


def test_canvas_has_one_row_per_student_with_names_login_and_lms_id(files):
    canvas, _ = files
    rows = {row[3]: row for row in canvas[2:]}
    assert sorted(rows) == ["ann", "bob", "cat"] and len(canvas) == 2 + 3
    assert rows["ann"][:2] == ["Lee, Ann", ""]
    assert rows["bob"][:2] == ["bob", "4711"]  # no name in the gradebook: the id stands in
    assert rows["cat"][0] == "Doe, Jr., Cat"  # quoted by the CSV writer, read back whole


def test_scores_are_after_the_late_penalty_and_the_manual_score_counts(files):
    canvas, moodle = files
    rows = {row[3]: row[5:] for row in canvas[2:]}
    assert rows["ann"] == ["3", "1.5", "4.5"]  # 2.5 less the 1-point penalty
    assert rows["bob"] == ["2", "", "2"]  # the formgrader's 2 replaced the autograder's 1


def test_a_missing_submission_is_blank_and_counts_zero_in_the_total(files):
    canvas, moodle = files
    assert {row[3]: row[5:] for row in canvas[2:]}["cat"] == ["", "", "0"]
    assert {row[2]: row[4:] for row in moodle[1:]}["cat"] == ["", "", "0"]


def test_moodle_file_identifies_students_by_email_and_id_number(files):
    _, moodle = files
    assert moodle[0] == ["First name", "Last name", "ID number", "Email address", A, B, "Total"]
    assert moodle[1] == ["Ann", "Lee", "ann", "ann@uni.example", "3", "1.5", "4.5"]
    assert len(moodle) == 1 + 3


def test_a_name_a_spreadsheet_would_run_as_a_formula_is_written_as_text(tmp_path):
    url = f"sqlite:///{tmp_path}/gradebook.db"
    with new_gradebook(url) as gradebook:
        gradebook.add_assignment(A, duedate=DUE)
        gradebook.add_student("eve", first_name='=HYPERLINK("http://x.example")')
        gradebook.add_student("-2+3", last_name="@SUM(A1)", email="+eve@x.example")
    canvas, moodle = (
        list(csv.reader(path.open(newline="", encoding="utf-8")))
        for path in lms.write(tmp_path, url, "nn-course", [A])
    )
    cells = [cell for row in canvas[2:] + moodle[1:] for cell in row[:4]]
    assert '\'=HYPERLINK("http://x.example")' in cells and "'@SUM(A1)" in cells
    assert "'-2+3" in cells and "'+eve@x.example" in cells
    assert not any(cell[:1] in "=+-@" for cell in cells if cell)
