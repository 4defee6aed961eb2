"""report.html, from a real nbgrader gradebook and hand-made autograded notebooks (no grading)."""

import re
from datetime import datetime, timedelta

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from grading_tools import report
from grading_tools.judge.failure import Failure
from grading_tools.nbgrader_plugins.preprocessors import _fail
from tests.support import new_gradebook

A, EMPTY = "01_demo", "02_empty"
MAX = {"test_a": 1, "test_b": 2, "test_c": 1}
STEP_TIE = "step(0) must be 1: a tie fires the neuron"
CAUSE = f"likely cause: {STEP_TIE}"
# the grader's verdicts, kept as the preprocessors keep them (the messages as they read)
WRONG = Failure(
    "wrong",
    f"step(z) is wrong on hidden case: ties\n  inputs: z=[0.]\n  {CAUSE}",
    "step",
    "ties",
    hints=(STEP_TIE,),
)
NO_RECORD = Failure(
    "no_record",
    "the hidden test of step left no record of its results: it was "
    "bypassed, patched or interrupted (look at the code that ran before this cell)",
    "step",
)
DIED = (  # written by the execute side: its verdict is named by its ename
    "KernelDied",
    "the kernel died while running this cell: it used up the 600 s of CPU time "
    "(c.Sandbox.cpu_time_limit)",
    ["The submission ended the Python process; nothing after that point ran."],
)
TRANSPOSED = "  hint: the weights are transposed ({} rows)"
ESCAPE_ME = "  hint: <b>escape me</b>"
# student -> {test: its error (ename, evalue, extra traceback lines), or None if it passed}
RESULTS = {
    "ann": {"test_a": None, "test_b": None, "test_c": None},
    "bob": {
        "test_a": WRONG,
        "test_b": ("ValueError", "shapes (3,2) and (2,) not aligned", [TRANSPOSED.format(3)]),
        "test_c": (
            "AssertionError",
            "<script>alert(1)</script> is not right yet.",
            [TRANSPOSED.format(2), ESCAPE_ME],
        ),
    },
    "cat": {
        "test_a": WRONG,
        "test_b": ("ValueError", "shapes (4,2) and (2,) not aligned", [TRANSPOSED.format(4)]),
        "test_c": None,
    },
    "dan": {"test_a": None, "test_b": None, "test_c": DIED},
    "eve": {"test_a": NO_RECORD, "test_b": None, "test_c": None},
}
RENAMED = "the notebook was submitted as my.ipynb; graded as 01_demo.ipynb"
DUE = datetime(2026, 3, 1, 12, 0)
LATE = {"dan": timedelta(hours=2, minutes=5)}  # dan's submission, 1 point off
# bob's solution of `layer`, and cat's: the same code, renamed, re-spaced and re-commented
BOB_LAYER = """def layer(X, W, b):
    # </pre><script>alert(2)</script>
    Z = X @ W.T + b[None, :]
    scale = np.sqrt(np.mean(Z ** 2, axis=0, keepdims=True)) + 1e-12
    out = np.tanh(Z / scale) * scale
    return np.where(np.abs(out) > 3.5, np.sign(out) * 3.5, out)
"""
CAT_LAYER = """def layer(inputs, weights, bias):
    z=inputs@weights.T+bias[None,:]   # pre-activation
    s = np.sqrt(np.mean(z**2, axis=0, keepdims=True)) + 1e-12
    a = np.tanh(z/s)*s
    return np.where(np.abs(a) > 3.5, np.sign(a) * 3.5, a)
"""
SOLUTIONS = {"bob": BOB_LAYER, "cat": CAT_LAYER}
FAILED = "nbgrader could not grade this submission (KeyError: 'x')"


def graded_cell(grade_id, error):
    """A test cell: passed (None), failed with a verdict the grader kept (a Failure, or an
    error the execute side writes), or failed in the kernel (an error and no verdict)."""
    cell = new_code_cell(f'check("{grade_id[5:]}", {grade_id[5:]})')
    if isinstance(error, Failure):
        _fail(cell, error.title, error.message, failure=error)
    elif error and error[0] == "KernelDied":
        _fail(cell, error[1], "\n".join(error[2]), ename=error[0])
    elif error:
        ename, evalue, more = error
        cell.outputs = [
            new_output(
                "error",
                ename=ename,
                evalue=evalue,
                traceback=[f"\x1b[31m{ename}\x1b[0m: {evalue}", *more],
            )
        ]
    cell.metadata["nbgrader"] = {
        "grade": True,
        "solution": False,
        "locked": True,
        "grade_id": grade_id,
        "points": MAX[grade_id],
        "schema_version": 3,
    }
    return cell


DUE_GAP = timedelta(hours=1)  # the others submit an hour early


def solution_cell(grade_id, source):
    cell = new_code_cell(source)
    cell.metadata["nbgrader"] = {
        "grade": False,
        "solution": True,
        "locked": False,
        "grade_id": grade_id,
        "schema_version": 3,
    }
    return cell


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course root: a gradebook with two assignments and six students, and the autograded
    notebooks of the five graded ones (gil has no score, ned no submission in the gradebook)."""
    tmp_path = tmp_path_factory.mktemp("course")
    url = f"sqlite:///{tmp_path}/gradebook.db"
    with new_gradebook(url) as gradebook:
        for name in (A, EMPTY):
            gradebook.add_assignment(name, duedate=DUE)
            gradebook.add_notebook(name, name)
            for cell, points in MAX.items():
                gradebook.add_grade_cell(cell, name, name, max_score=points, cell_type="code")
        for student in [*RESULTS, "gil", "hal"]:
            gradebook.add_student(student)
        for student, results in RESULTS.items():
            gradebook.add_submission(A, student, timestamp=DUE + LATE.get(student, -DUE_GAP))
            for cell, error in results.items():
                grade = gradebook.find_grade(cell, A, A, student)
                grade.auto_score = 0.0 if error else MAX[cell]
            gradebook.db.commit()
        gradebook.find_submission_notebook(A, A, "dan").late_submission_penalty = 1.0
        # the formgrader's score for ann's test_a, the same as the autograder's
        gradebook.find_grade("test_a", A, A, "ann").manual_score = MAX["test_a"]
        gradebook.db.commit()
        gradebook.add_submission(A, "gil")  # autograding failed: no score
    for student, results in RESULTS.items():
        folder = tmp_path / "autograded" / student / A
        folder.mkdir(parents=True)
        cells = [new_code_cell("import numpy as np")]
        if student in SOLUTIONS:
            cells.append(solution_cell("layer", SOLUTIONS[student]))
        cells += [graded_cell(cell, error) for cell, error in results.items()]
        nbformat.write(new_notebook(cells=cells), str(folder / f"{A}.ipynb"))
    report.save_notes(tmp_path, "ann", A, [], 1.5)
    report.save_notes(tmp_path, "bob", A, [], 2.5)
    (tmp_path / "submitted" / "ned" / A).mkdir(parents=True)
    report.save_notes(tmp_path, "ned", A, [], 0.5, error=FAILED)
    return tmp_path, url


@pytest.fixture(scope="module")
def page(course):
    root, url = course
    return report.build(
        root, url, "nn-course", [A, EMPTY], notes={("cat", A): [RENAMED]}, timing={A: 12.0}
    )


def section(page, name):
    """The part of the page about one assignment."""
    return page.split(f'<h2 id="{name}">', 1)[1].split("<h2 ", 1)[0]


def row(html, first_cell):
    """The table row that starts with `first_cell`."""
    return re.search(
        rf"<tr><td>(?:<code>)?{re.escape(first_cell)}(?:</code>)?</td>.*?</tr>", html
    ).group(0)


def test_each_assignment_has_its_section_and_score_distribution(page):
    assert '<h2 id="01_demo">' in page and '<h2 id="02_empty">' in page
    demo = section(page, A)
    assert 'src="data:image/png;base64,' in demo
    # ann 4, bob 0, cat 1, dan 3, eve 3, out of 4
    assert "5 graded submissions, out of 4 points: mean 2.2, median 3" in demo
    assert "No graded submissions" in section(page, EMPTY)


def test_tests_are_listed_least_passed_first_with_their_pass_rates(page):
    demo = section(page, A)
    assert [demo.index(f"<code>{t}</code>") for t in ("test_a", "test_b", "test_c")] == sorted(
        demo.index(f"<code>{t}</code>") for t in ("test_a", "test_b", "test_c")
    )
    assert "2 of 5" in row(demo, "test_a") and "40%" in row(demo, "test_a")
    assert "3 of 5" in row(demo, "test_b") and "60%" in row(demo, "test_b")


def test_the_most_frequent_failure_message_comes_first_with_its_count(page):
    failures = row(section(page, A), "test_a")
    assert (
        '<b>2</b> <span class="msg">HiddenTestFailed: step(z) is wrong on hidden case: ties'
        in failures
    )
    assert CAUSE in failures
    assert failures.index("wrong on hidden case") < failures.index("left no record")


def test_messages_that_differ_only_in_numbers_are_counted_together(page):
    failures = row(section(page, A), "test_b")
    assert re.search(
        r'<b>2</b> <span class="msg">ValueError: shapes \([34],2\) and \(2,\) '
        r'not aligned</span> <span class="muted">\(2 variants in numbers\)',
        failures,
    )


def test_flagged_submissions_say_why(page):
    demo = section(page, A)
    assert "sandbox limit or crash" in row(demo, "dan") and "KernelDied" in row(demo, "dan")
    assert "cpu_time_limit" in row(demo, "dan")
    assert "attempted access" in row(demo, "eve") and "left no record" in row(demo, "eve")
    assert "malformed file" in row(demo, "cat") and "submitted as my.ipynb" in row(demo, "cat")


def test_ungradable_and_missing_submissions_say_why(page):
    demo = section(page, A)
    assert "no score in the gradebook" in row(demo, "gil")
    assert "nbgrader could not grade this submission (KeyError: &#x27;x&#x27;)" in row(demo, "ned")
    assert "No submission from 1 student in the gradebook: hal." in demo


def test_grading_time_is_reported(page):
    assert "Grading took 12.0 s for 3 submissions" in section(page, A)
    assert "the slowest bob (2.5 s)" in section(page, A)
    assert "Grading time: not recorded" in section(page, EMPTY)


def test_student_text_is_escaped_and_nothing_is_fetched(page):
    assert "&lt;script&gt;alert(1)&lt;/script&gt; is not right yet." in page
    assert "<script" not in page
    assert "http://" not in page and "https://" not in page


def test_write_puts_the_report_in_the_course_root(course, tmp_path):
    root, url = course
    assert report.write(root, url, "nn-course", [A]) == root / "report.html"
    path = report.write(root, url, "nn-course", [A], path=tmp_path / "elsewhere.html")
    assert path == tmp_path / "elsewhere.html"
    assert "01_demo" in path.read_text(encoding="utf-8")


def test_notes_round_trip(tmp_path):
    report.save_notes(
        tmp_path,
        "mal",
        A,
        ["the notebook file is not valid JSON (cut short?)"],
        3.25,
        flags=["extra"],
    )
    assert report.load_notes(tmp_path, "mal", A) == {
        "notes": ["the notebook file is not valid JSON (cut short?)"],
        "seconds": 3.25,
        "flags": ["extra"],
        "error": None,
    }
    assert (tmp_path / "autograded" / "mal" / A / ".grading.json").is_file()
    assert report.load_notes(tmp_path, "nobody", A) == {}


# ----------------------------------------------------------------------------- the class
def class_table(page):
    return page.split('<h2 id="class">', 1)[1].split("<h2 ", 1)[0]


def grid_row(page, student):
    """The class table's row of one student."""
    return re.search(rf'<tr[^>]*><td><a href="#student-{student}">.*?</tr>', class_table(page))[0]


def student_section(page, student):
    return page.split(f'<h3 id="student-{student}">', 1)[1].split("<h", 1)[0]


def test_the_class_table_marks_missing_late_adjusted_and_ungraded_cells(page):
    assert '<span class="tag miss">missing</span>' in grid_row(page, "hal")
    dan = grid_row(page, "dan")
    assert '<td class="n">2 <span class="tag late" title="2 h 5 min late, -1 points">' in dan
    assert '<span class="tag adj" title="manual score: test_a">adjusted</span>' in grid_row(
        page, "ann"
    )
    assert "not graded" in grid_row(page, "gil")
    assert "tag" not in grid_row(page, "cat").split("</td>", 2)[1]  # on time, no manual score


def test_the_class_table_shows_only_assignments_someone_submitted(page):
    table = class_table(page)
    assert 'title="01_demo">01</th>' in table and "02_empty" not in table


def test_students_who_need_help_come_first_with_the_rule_stated(page):
    table = class_table(page)
    assert "needs help</b> when their total is under 50%" in table
    order = re.findall(r'<a href="#student-(\w+)">', table)
    needing = [s for s in order if "class=need" in grid_row(page, s)]
    assert order[: len(needing)] == needing and set(needing) == {"bob", "cat", "gil", "hal"}
    bob = grid_row(page, "bob")
    assert "total 0 of 4 (0%)" in bob
    assert "the same mistake in 2 tests: the weights are transposed (# rows)" in bob
    assert order.index("bob") < order.index("hal")  # two reasons before one
    assert "class=need" not in grid_row(page, "dan")  # 3 less 1 off: 2 of 4 is not under half


def test_each_student_has_a_section_with_their_failures_and_the_advice(page):
    assert '<a href="#student-bob">bob</a>' in class_table(page)
    bob = student_section(page, "bob")
    assert "01_demo: 0 / 4" in bob
    assert "<code>test_a</code>" in bob and CAUSE in bob
    assert "&lt;script&gt;alert(1)&lt;/script&gt; is not right yet." in bob
    assert "hint: &lt;b&gt;escape me&lt;/b&gt;" in bob
    assert "2 h 5 min late, 1 points off" in student_section(page, "dan")
    assert "missing</b> (no submission)" in student_section(page, "hal")


def test_failure_groups_keep_every_hint_escaped(page):
    failures = row(section(page, A), "test_c")
    assert "hint: the weights are transposed (2 rows)" in failures
    assert "hint: &lt;b&gt;escape me&lt;/b&gt;" in failures and "<b>escape me" not in failures
    grouped = row(section(page, A), "test_b")
    assert '<div class="cause">hint: the weights are transposed (' in grouped


def test_similar_solutions_are_listed_side_by_side_as_a_lead_and_escaped(page):
    similar = page.split('<h2 id="similar">', 1)[1]
    assert "a lead to look at, not a finding" in similar
    assert '<a href="#student-bob">bob</a> and <a href="#student-cat">cat</a>' in similar
    assert "identical once normalised" in similar
    assert "# &lt;/pre&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in similar
    assert "z=inputs@weights.T+bias[None,:]" in similar


def test_one_broken_function_that_others_call_is_not_the_same_mistake_again():
    from grading_tools.scores import Cell, Grid, Student

    fix_first = report.Failed("HiddenTestFailed: wrong", advice=("fix sigmoid first",))
    grid = Grid([Student("kim")], [A], {A: 4.0}, {("kim", A): Cell(3.0, 4.0)})
    assignment = report.Assignment(A, 4.0)
    assignment.failures["kim"] = [("test_forward", fix_first), ("test_cost", fix_first)]
    assert report.needs_help(grid, [assignment]) == {}
    flipped = report.Failed("AssertionError: no", hints=("flipped sign",))
    assignment.failures["kim"][1] = ("test_cost", flipped)
    assignment.failures["kim"].append(("test_b", flipped))
    assert report.needs_help(grid, [assignment]) == {
        "kim": ["the same mistake in 2 tests: flipped sign"]
    }


# ----------------------------------------------------------------------------- verdicts as data
def failed_cell(*outputs, failure=None):
    """A test cell with the error `outputs`; `failure` kept for the last, as the grader does."""
    cell = graded_cell("test_a", None)
    cell.outputs = list(outputs[:-1])
    if failure is not None:
        title, ename = outputs[-1]
        _fail(cell, title, failure.message, ename=ename, failure=failure)
    else:
        cell.outputs.append(outputs[-1])
    return cell


def kernel_error(ename, evalue, *lines):
    return new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}", *lines])


def test_flags_and_hints_come_from_the_verdict_not_from_its_words():
    """A verdict of no record is an attempted access whatever it says; an error of the student's
    own that says the same words is a plain failure, and its "likely cause" line no hint."""
    told = Failure("no_record", "the check of step did not report", "step")
    judged = failed_cell((told.title, "HiddenTestFailed"), failure=told)
    assert report.notebook_flags(new_notebook(cells=[judged])) == [
        (report.ACCESS, "test_a: HiddenTestFailed: the check of step did not report")
    ]
    words = kernel_error(
        "HiddenTestFailed", NO_RECORD.message, f"  {CAUSE}", "  hint: a tie fires the neuron"
    )
    mimic = failed_cell(words)
    assert report.notebook_flags(new_notebook(cells=[mimic])) == []
    seen = report.failure_message(mimic)
    assert (seen.kind, seen.hints, seen.judged) == ("error", ("a tie fires the neuron",), False)
    seen = report.failure_message(failed_cell((WRONG.title, "HiddenTestFailed"), failure=WRONG))
    assert (seen.kind, seen.hints, seen.judged) == ("wrong", (STEP_TIE,), True)
    assert seen.text == f"HiddenTestFailed: {WRONG.title}"


def test_what_to_fix_first_is_advice_not_a_hint():
    told = Failure(
        "wrong",
        "train_gd(...) is wrong\n  fix backward first: ...",
        "train_gd",
        fix_first=("backward",),
    )
    seen = report.failure_message(failed_cell((told.title, "HiddenTestFailed"), failure=told))
    assert seen.advice == ("fix backward first",) and seen.hints == ()


def test_failures_are_grouped_by_kind_and_by_their_text_numbers_aside():
    def seen(failure):
        return report.failure_message(
            failed_cell((failure.title, "HiddenTestFailed"), failure=failure)
        )

    three = Failure("raised", "f(x) raised ValueError: shapes (3,2)", "f", "c")
    four = Failure("raised", "f(x) raised ValueError: shapes (4,2)", "f", "c")
    other_kind = Failure("wrong", "f(x) raised ValueError: shapes (3,2)", "f", "c")
    assert report.group_key(seen(three)) == report.group_key(seen(four))
    assert report.group_key(seen(three)) != report.group_key(seen(other_kind))


HOSTILE_METADATA = {
    "junk types": {"failures": [{"ename": "HiddenTestFailed", "evalue": "x", "failure": []}]},
    "a huge text": {
        "failures": [{"ename": "HiddenTestFailed", "evalue": "x", "failure": "y" * 2_000_000}]
    },
    "a huge message": {
        "failures": [
            {
                "ename": "HiddenTestFailed",
                "evalue": "x",
                "failure": {**NO_RECORD.to_json(), "message": "y" * 2_000_000},
            }
        ]
    },
    "nested junk": {"failures": [[[[{"failure": {"kind": ["no_record"]}}]]]]},
    "an unknown kind": {
        "failures": [
            {
                "ename": "HiddenTestFailed",
                "evalue": "x",
                "failure": {**NO_RECORD.to_json(), "kind": "passed"},
            }
        ]
    },
    "not an object": "no_record",
}


@pytest.mark.parametrize("junk", HOSTILE_METADATA.values(), ids=HOSTILE_METADATA.keys())
def test_hostile_metadata_is_read_as_a_plain_failure(junk):
    cell = failed_cell(kernel_error("HiddenTestFailed", "x", "more", "  hint: h"))
    cell.metadata["nn_course"] = junk
    seen = report.failure_message(cell)
    assert seen == report.Failed("HiddenTestFailed: x", ("h",), (), "error")
    assert report.notebook_flags(new_notebook(cells=[cell])) == []


def test_a_notebook_graded_before_verdicts_were_kept_is_flagged_by_its_errors_names():
    died = failed_cell(kernel_error(*DIED[:2]))
    fork = failed_cell(
        kernel_error(
            "BlockingIOError",
            "Resource temporarily unavailable (the sandbox allows 64 processes and threads "
            "(c.Sandbox.process_limit))",
        )
    )
    assert [kind for kind, _ in report.notebook_flags(new_notebook(cells=[died, fork]))] == [
        report.LIMIT,
        report.LIMIT,
    ]
    assert report.failure_message(died).kind == "kernel_died"
