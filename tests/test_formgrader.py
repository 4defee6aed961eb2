"""The formgrader, nbgrader's review tool, works with the course's configuration, in a real browser.

JupyterLab is started in a course of 01 graded by the pipeline (ada, bugsy and mallory, the hostile
student of test_feedback_inert), with the course's nbgrader_config.py, and the instructor: opens
Manage Assignments, opens mallory's submission for grading (nothing of hers runs), saves a manual
score and a comment (the gradebook has them), autogrades bugsy again and generates mallory's
feedback from Manage Submissions. Each step leaves a screenshot in the test's folder.
"""

import time

import pytest
from nbgrader.api import Gradebook

from tests.lab import running_lab
from tests.test_feedback_inert import ASSIGNMENT, HOSTILE, Page, graded_course

pytestmark = [pytest.mark.e2e, pytest.mark.nbgrader]


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    return graded_course(root, tmp_path_factory.mktemp("exchange"))


def test_the_instructor_reviews_grades_and_gives_feedback_in_the_formgrader(
    course, browser, tmp_path
):
    started = time.perf_counter()
    shots = iter(range(1, 100))

    def shot(page, name):
        page.screenshot(path=str(tmp_path / f"{next(shots):02d}_{name}.png"))

    with running_lab(course.root, {"NN_COURSE_EXCHANGE": str(course.exchange)}) as lab:
        page = browser.new_page()
        page.route(  # the instructor's browser talks to this server only
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith(lab.url) else route.abort()
            ),
        )
        try:
            instructor_steps(page, lab, course, shot)
        except Exception:
            shot(page, "FAILED")
            raise
    log = lab.log.read_text()
    assert "TemplateNotFound" not in log and "500 GET" not in log
    print(f"formgrader: {time.perf_counter() - started:.0f} s; screenshots in {tmp_path}")


def instructor_steps(page, lab, course, shot):
    # 1. Manage Assignments lists the assignment
    page.goto(f"{lab.url}/formgrader?token={lab.token}")
    page.locator("#main-table").get_by_text(ASSIGNMENT).first.wait_for()
    shot(page, "manage_assignments")

    # 2. mallory's submission, open for grading: her text is there, nothing of hers ran
    submission = submission_id(course, HOSTILE)
    response = page.goto(f"{lab.url}/formgrader/submissions/{submission}/")
    assert response.status == 200
    page.get_by_text("Mallory's notes").wait_for()
    page.locator("#test_step.score").wait_for()
    shot(page, "grading_mallory")
    rendered = page.locator(".text_cell_render, .output_subarea")  # her markdown and outputs
    assert Page(rendered.evaluate_all("all => all.map(e => e.innerHTML).join('')")).active() == []
    assert page.evaluate("window.pwned") is None and "pwned" not in page.title()

    # 3. a manual score and a comment, saved as the formgrader saves them (on change)
    page.locator("#test_step.score").fill("0.5")
    page.locator("#test_step.score").press("Tab")
    page.locator("#step-comment").fill("Say why a tie counts as 1.")
    page.locator("#step-comment").press("Tab")
    deadline = time.monotonic() + 30
    while saved(course) != (0.5, "Say why a tie counts as 1."):
        assert time.monotonic() < deadline, f"not saved in the gradebook: {saved(course)}"
        page.wait_for_timeout(250)
    shot(page, "grading_saved")
    assert page.evaluate("window.pwned") is None

    # 4. Manage Submissions: autograde bugsy again (the same score), generate mallory's feedback
    bugsy = score(course, "bugsy")
    feedback = course.root / "feedback" / HOSTILE / ASSIGNMENT / f"{ASSIGNMENT}.html"
    feedback.unlink()
    page.goto(f"{lab.url}/formgrader/manage_submissions/{ASSIGNMENT}")
    for student, action, done in (
        ("bugsy", ".autograde a", "Successfully autograded"),
        (HOSTILE, ".generate-feedback a", "Successfully generated feedback"),
    ):
        row = page.locator("#main-table tr", has_text=student)
        row.locator(action).click()
        modal = page.locator("#success-modal")
        modal.get_by_text(done).wait_for(timeout=180_000)
        shot(page, f"{action.split()[0][1:]}_{student}")
        modal.get_by_role("button", name="OK").click()
        modal.wait_for(state="hidden")
    assert score(course, "bugsy") == bugsy
    assert Page(feedback.read_text()).policy()


def submission_id(course, student):
    with Gradebook(course.api.coursedir.db_url, course.course_id) as gradebook:
        return gradebook.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, student).id


def score(course, student):
    with Gradebook(course.api.coursedir.db_url, course.course_id) as gradebook:
        return gradebook.find_submission(ASSIGNMENT, student).score


def saved(course):
    """mallory's manual score of test_step and her comment on step, in the gradebook."""
    with Gradebook(course.api.coursedir.db_url, course.course_id) as gradebook:
        grade = gradebook.find_grade("test_step", ASSIGNMENT, ASSIGNMENT, HOSTILE)
        comment = gradebook.find_comment("step", ASSIGNMENT, ASSIGNMENT, HOSTILE)
        return grade.manual_score, comment.manual_comment
