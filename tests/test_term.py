"""Running a term: the steps an instructor runs besides grading (roster, exchange, releasing
feedback), what each subcommand's help says, and the demo kept out of the course it is run from.

Fast: nbgrader's own steps run on small temporary courses; the demo's pipeline is replaced by a
stand-in that writes where the real one writes (tests/test_pipeline.py runs the real one).
"""

import contextlib
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from nbgrader.api import Gradebook
from nbgrader.utils import notebook_hash

from grading_tools import cli
from grading_tools.pipeline import Course
from tests.support import ROOT, new_gradebook

FIRST = "01_perceptron_xor"
# What a step's help must name for the reader to know what it reads or writes.
PLACES = ("source/", "release/", "submitted/", "autograded/", "feedback/", "exchange",
          "gradebook", "grades.csv", "report.html", "pack", "CSV")  # fmt: skip


def course_at(folder, exchange=None, gradebook=None):
    """A course of one assignment in `folder` (config and source), its exchange at `exchange`
    and a copy of `gradebook` when given."""
    folder = Path(folder)
    shutil.copytree(ROOT / "source" / FIRST, folder / "source" / FIRST)
    config = (ROOT / "nbgrader_config.py").read_text()
    if exchange:
        config += f"\nc.Exchange.root = {str(exchange)!r}\n"
    (folder / "nbgrader_config.py").write_text(config)
    if gradebook:
        shutil.copy(gradebook, folder / "gradebook.db")
    return folder


def db_url(root):
    return f"sqlite:///{root}/gradebook.db"


@pytest.fixture(scope="module")
def gradebook(tmp_path_factory):
    """A gradebook with FIRST, its notebook and one manually graded cell, made once (nbgrader
    runs alembic in a process of its own to make one), copied into each test's course."""
    folder = tmp_path_factory.mktemp("gradebook")
    with Gradebook(db_url(folder), "nn-course") as made:
        made.add_assignment(FIRST)
        made.add_notebook(FIRST, FIRST)
        made.add_grade_cell("essay", FIRST, FIRST, max_score=2, cell_type="markdown")
    return folder / "gradebook.db"


def run(*argv):
    """`python -m grading_tools ARGV` in this process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = cli.main([str(a) for a in argv])
        except SystemExit as leaving:  # --help
            status = leaving.code
    return status, out.getvalue(), err.getvalue()


# ------------------------------------------------------------------------------ help
def test_every_step_says_in_its_help_what_it_does_and_what_it_reads_or_writes():
    steps = cli.build_parser()._subparsers._group_actions[0].choices
    for name, parser in steps.items():
        status, printed, _ = run(name, "--help")
        assert status == 0
        described = printed.split("\n\n", 1)[1]  # after the usage line
        assert len(described.split()) >= 15, f"{name} --help says too little: {described}"
        assert any(place in described for place in PLACES), f"{name} --help names no file"


def test_export_and_grade_help_say_when_grades_csv_changes():
    def said(step):
        return " ".join(run(step, "--help")[1].split())

    assert "grades.csv changes only when `export` or `grade` runs" in said("export")
    assert "rewrites report.html and grades.csv from the gradebook" in said("grade")


def test_roster_help_names_the_csv_columns():
    printed = run("roster", "--help")[1]
    assert "id,first_name,last_name,email" in printed and "lms_user_id" in printed


# ------------------------------------------------------------------------------ roster
def students(root):
    with Gradebook(db_url(root), "nn-course") as gradebook:
        return {s.id: (s.first_name, s.last_name, s.email) for s in gradebook.students}


def test_the_roster_adds_new_students_and_updates_known_ones(tmp_path, gradebook):
    root = course_at(tmp_path / "course", gradebook=gradebook)
    roster = tmp_path / "students.csv"
    roster.write_text(  # as a spreadsheet saves it: a byte-order mark, Windows line ends
        "\ufeffid,first_name,last_name,email\r\n"
        "alovelace,Ada,Lovelace,ada@example.org\r\n"
        "cbabbage,Charles,Babbage,\r\n",
        encoding="utf-8",
    )
    assert run("--root", root, "roster", roster)[:2] == (0, f"{roster}: 2 added, 0 updated\n")
    assert students(root) == {
        "alovelace": ("Ada", "Lovelace", "ada@example.org"),
        "cbabbage": ("Charles", "Babbage", None),
    }

    roster.write_text(
        "id,first_name,last_name,email\ncbabbage,Charles,Babbage,cb@example.org\nzoe,Zoë,Ng,\n"
    )
    assert run("--root", root, "roster", roster)[:2] == (0, f"{roster}: 1 added, 1 updated\n")
    assert students(root)["cbabbage"][2] == "cb@example.org"
    assert set(students(root)) == {"alovelace", "cbabbage", "zoe"}, "nobody is removed"


@pytest.mark.parametrize(
    "text, says",
    [
        ("name,email\nAda,ada@example.org\n", "has no id column (its first line names ['name'"),
        ("id,first_name\nada,Ada\n,Nobody\nb/c,Slash\n", "no usable student id on line 3, 4"),
    ],
)
def test_a_roster_that_cannot_be_imported_is_refused_with_the_lines_named(
    tmp_path, gradebook, text, says
):
    root = course_at(tmp_path / "course", gradebook=gradebook)
    roster = tmp_path / "students.csv"
    roster.write_text(text)
    status, _, err = run("--root", root, "roster", roster)
    assert status == 1 and says in err
    assert (root / "gradebook.db").read_bytes() == gradebook.read_bytes(), "nothing imported"


# ------------------------------------------------------------------------------ exchange
def test_the_exchange_step_creates_the_folders_a_shared_server_needs(tmp_path):
    root = course_at(tmp_path / "course", exchange=tmp_path / "srv" / "exchange")
    status, printed, _ = run("--root", root, "exchange")
    assert status == 0 and "is ready for nn-course" in printed
    folders = Course(root).exchange_folders()
    names = ["exchange", "nn-course", "outbound", "inbound", "feedback"]
    assert [path.name for path, *_ in folders] == names
    for path, mode, _, _ in folders:
        assert path.stat().st_mode & 0o7777 == mode, path
    assert folders[0][1] == 0o1777 and folders[3][1] & 0o1777 == 0o1733  # README's modes


def test_the_exchange_step_sets_the_modes_of_folders_the_instructor_owns(tmp_path):
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)  # as nbgrader's release_assignment leaves it: not sticky
    root = course_at(tmp_path / "course", exchange=exchange)
    status, printed, _ = run("--root", root, "exchange")
    assert status == 0 and f"set {exchange} to mode 1777" in printed
    assert exchange.stat().st_mode & 0o7777 == 0o1777


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another user needs root")
def test_the_exchange_step_names_the_command_for_a_course_folder_of_another_user(tmp_path):
    root = course_at(tmp_path / "course", exchange=tmp_path / "exchange")
    course = Course(root)
    course.prepare_exchange()
    feedback = course.exchange_folders()[4][0]
    os.chown(feedback, 12345, 12345)  # e.g. made by `sudo mkdir`
    for step in ("exchange", "release-feedback"):
        status, _, err = run("--root", root, step)
        assert status == 1 and f"{feedback} belongs to user id 12345" in err
        assert f"sudo chown root {feedback}" in err


# ------------------------------------------------------------------------------ release-feedback
def test_release_feedback_on_a_missing_exchange_says_what_to_create_and_with_which_mode(tmp_path):
    """After `make demo` (a temporary exchange of its own), the configured one may not exist:
    nbgrader would say only "Unwritable directory"."""
    exchange = tmp_path / "no" / "exchange"
    root = course_at(tmp_path / "course", exchange=exchange)
    status, _, err = run("--root", root, "release-feedback")
    assert status == 1
    assert f"the exchange {exchange} (c.Exchange.root) does not exist" in err
    assert "python -m grading_tools exchange" in err
    assert f"sudo mkdir -p {exchange} && sudo chmod 1777 {exchange}" in err


def fake_feedback(root, student, secret):
    """feedback/STUDENT/ID/ as nbgrader's generate_feedback leaves it (the page, the time the
    submission was received and its secret, which names the released page)."""
    folder = root / "feedback" / student / FIRST
    folder.mkdir(parents=True)
    (folder / f"{FIRST}.html").write_text(f"<p>feedback for {student}</p>")
    (folder / "timestamp.txt").write_text("2026-12-01 10:00:00.000000 UTC")
    (folder / "submission_secret.txt").write_text(secret)


def test_release_feedback_puts_each_students_page_where_nbgrader_fetches_it(tmp_path):
    root = course_at(tmp_path / "course", exchange=tmp_path / "exchange")
    assert run("--root", root, "exchange")[0] == 0
    secrets = {"ada": "s3cret-ada", "bugsy": "s3cret-bugsy"}
    for student, secret in secrets.items():
        fake_feedback(root, student, secret)
    status, printed, _ = run("--root", root, "release-feedback")
    assert (status, printed) == (0, f"{FIRST}: feedback released for 2 students\n")
    released = tmp_path / "exchange" / "nn-course" / "feedback"
    for student, secret in secrets.items():
        page = released / f"{notebook_hash(secret=secret, notebook_id=FIRST)}.html"
        assert page.read_text() == f"<p>feedback for {student}</p>"


def test_release_feedback_of_an_assignment_without_feedback_says_to_write_it_first(tmp_path):
    root = course_at(tmp_path / "course", exchange=tmp_path / "exchange")
    run("--root", root, "exchange")
    status, _, err = run("--root", root, "release-feedback", FIRST)
    assert status == 1 and f"no feedback for {FIRST}" in err and "feedback ID" in err


def as_unprivileged_user(script):
    """Run the Python `script` as the tests' unprivileged user, as tests/test_nonroot.py runs
    its commands (reaching this environment's Python wherever it lies); (code, out, err)."""
    from tests.test_nonroot import TOOLS, Grader

    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"running as another user needs {', '.join(missing)}")
    grader = Grader()
    try:
        return grader.run(sys.executable, "-c", script, timeout=300)
    finally:
        grader.close()


@pytest.fixture
def shared_tmp():
    """A folder the unprivileged user can read (pytest's tmp_path is root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="nn-course-term-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


@pytest.mark.skipif(os.geteuid() != 0, reason="running as another user needs root")
def test_an_exchange_the_instructor_may_not_create_or_write_gets_the_sudo_commands(shared_tmp):
    root = course_at(shared_tmp / "course")
    root.chmod(0o777)  # nbgrader's log goes there
    srv = shared_tmp / "srv"  # root's, like /srv
    srv.mkdir(mode=0o755)
    missing, made = srv / "exchange", srv / "made"
    made.mkdir(mode=0o755)  # made by root without the mode
    steps = f"""
import os, sys
from grading_tools import cli
for exchange, step in (({str(missing)!r}, "exchange"), ({str(made)!r}, "release-feedback")):
    os.environ["NN_COURSE_EXCHANGE"] = exchange  # nbgrader_config.py reads it
    print(step, "exit status", cli.main(["--root", {str(root)!r}, step]), file=sys.stderr)
"""
    _, _, said = as_unprivileged_user(steps)
    assert "exchange exit status 1" in said and "release-feedback exit status 1" in said
    assert f"cannot create {missing} (permission denied)" in said
    assert f"sudo mkdir -p {missing} && sudo chmod 1777 {missing}" in said
    assert f"you cannot write the exchange {made} (mode 755, owner root)" in said
    assert f"sudo chmod 1777 {made}" in said


# ------------------------------------------------------------------------------ demo
def give_manual_score(root, student, score):
    """A manual score for `student`'s submission of FIRST, as the formgrader saves it."""
    with Gradebook(db_url(root), "nn-course") as gradebook:
        gradebook.update_or_create_student(student)
        with contextlib.suppress(Exception):  # submitted already
            gradebook.add_submission(FIRST, student)
        grade = gradebook.find_grade("essay", FIRST, FIRST, student)
        grade.manual_score = score
        gradebook.db.commit()


def manual_score(root, student):
    with Gradebook(db_url(root), "nn-course") as gradebook:
        return gradebook.find_grade("essay", FIRST, FIRST, student).manual_score


def fingerprints(root):
    """{path: sha256} of every file of the course, its demo copy left out."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and cli.DEMO_FOLDER not in p.relative_to(root).parts[:1]
    }


@pytest.fixture
def live_course(tmp_path, gradebook):
    """A course in the middle of a term: a manual score for ada, grades exported, an assignment
    released, submitted, autograded, with feedback."""
    root = course_at(tmp_path / "course", gradebook=gradebook)
    give_manual_score(root, "ada", 1.5)
    (root / "grades.csv").write_text("assignment,student_id,score\n01_perceptron_xor,ada,1.5\n")
    for folder in ("release", "submitted/ada", "autograded/ada", "feedback/ada"):
        (root / folder / FIRST).mkdir(parents=True)
        (root / folder / FIRST / f"{FIRST}.ipynb").write_text("{}")
    return root


@pytest.fixture
def stand_in_demo(monkeypatch, gradebook):
    """cli.demo replaced by what it does to the course it runs in: the demo students graded
    (ada's manual score overwritten) and every output folder rewritten. Records its roots."""
    roots = []

    def demo(root, workers=None, debug=False):
        roots.append(Path(root))
        if not (Path(root) / "gradebook.db").exists():
            shutil.copy(gradebook, Path(root) / "gradebook.db")
        give_manual_score(root, "ada", 0.0)
        (Path(root) / "grades.csv").write_text("demo\n")
        for folder in ("release", "submitted/ada", "autograded/ada", "feedback/ada"):
            shutil.rmtree(Path(root) / folder, ignore_errors=True)
            (Path(root) / folder / FIRST).mkdir(parents=True)
            (Path(root) / folder / FIRST / "demo.txt").write_text("demo")

    monkeypatch.setattr(cli, "demo", demo)
    return roots


def test_the_demo_runs_in_a_copy_and_leaves_the_course_and_its_manual_scores_alone(
    live_course, stand_in_demo
):
    before = fingerprints(live_course)
    status, printed, _ = run("--root", live_course, "demo")
    copy = live_course / cli.DEMO_FOLDER
    assert status == 0 and stand_in_demo == [copy]
    assert f"throw-away copy of the course: {copy}" in printed
    assert fingerprints(live_course) == before
    assert manual_score(live_course, "ada") == 1.5
    assert manual_score(copy, "ada") == 0.0, "the demo wrote its own gradebook"


def test_the_demo_copy_has_an_exchange_of_its_own_and_is_made_anew_each_run(
    live_course, stand_in_demo
):
    run("--root", live_course, "demo")
    copy = stand_in_demo[0]
    assert Course(copy).exchange == str(copy / "exchange") != Course(live_course).exchange
    assert (copy / "exchange").stat().st_mode & 0o7777 == 0o1777
    assert sorted(p.name for p in (copy / "source").iterdir()) == [FIRST]
    (copy / "left-over.txt").write_text("from the last demo")
    assert run("--root", live_course, "demo")[0] == 0
    assert not (copy / "left-over.txt").exists()


def test_the_demo_refuses_to_replace_a_folder_it_did_not_make(live_course, stand_in_demo):
    mine = live_course / cli.DEMO_FOLDER
    mine.mkdir()
    (mine / "notes.md").write_text("the instructor's own demo notes")
    status, _, err = run("--root", live_course, "demo")
    assert status == 1 and f"{mine} exists and was not made by the demo" in err
    assert (mine / "notes.md").read_text() == "the instructor's own demo notes"
    assert stand_in_demo == []


def test_the_demo_copy_is_ignored_by_git():
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", f"{cli.DEMO_FOLDER}/gradebook.db"], cwd=ROOT
    )
    assert ignored.returncode == 0


def test_make_clean_refuses_a_gradebook_with_students_unless_forced(tmp_path):
    """`make clean` deletes the gradebook, submissions and feedback: in a live course, only when
    the instructor says so."""
    shutil.copy(ROOT / "Makefile", tmp_path)
    (tmp_path / "autograded").mkdir()
    (tmp_path / "submitted" / "ada").mkdir(parents=True)
    with new_gradebook(f"sqlite:///{tmp_path}/gradebook.db") as gradebook:
        gradebook.add_student("ada")
    make = [
        "make",
        "--no-print-directory",
        "-C",
        str(tmp_path),
        "clean",
        f"PYTHON={sys.executable}",
    ]

    refused = subprocess.run(make, capture_output=True, text=True)
    assert refused.returncode != 0
    assert (
        "gradebook.db holds 1 students" in refused.stdout and "make clean FORCE=1" in refused.stdout
    )
    assert (tmp_path / "gradebook.db").is_file() and (tmp_path / "submitted" / "ada").is_dir()

    forced = subprocess.run([*make, "FORCE=1"], capture_output=True, text=True)
    assert forced.returncode == 0, forced.stderr
    assert not (tmp_path / "gradebook.db").exists() and not (tmp_path / "submitted").exists()


def test_make_clean_cleans_a_course_without_students(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path)
    (tmp_path / "autograded").mkdir()
    with new_gradebook(f"sqlite:///{tmp_path}/gradebook.db"):
        pass
    (tmp_path / "demo").mkdir()
    done = subprocess.run(
        ["make", "-C", str(tmp_path), "clean", f"PYTHON={sys.executable}"], capture_output=True
    )
    assert done.returncode == 0 and not (tmp_path / "gradebook.db").exists()
    assert not (tmp_path / "demo").exists()
