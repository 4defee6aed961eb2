"""A submission is data: what of its folder is copied, through every path that copies it.

First the module that decides (grading_tools/submission_files.py) on folders built here; then a
course where a "blank" submission (the release notebook, no code of its own) is planted with
symbolic links to the source notebook, the reference, the gradebook and another student's
folder, a notebook or a folder that is itself a link, a named pipe, a link to /dev/zero, and
too many, too deep or too big files. Its solution cells hold a thief: it reads every file it can
reach from its folder (following links), prints what it read and executes any solution code
found. Each is graded by `python -m grading_tools grade` (Course.grade) and by nbgrader's own
autograde (NbGraderAPI.autograde, the code of `nbgrader autograde` and the formgrader's button),
and its feedback generated: it must score blank's score, read nothing, change nothing, and the
instructor must be told what was left out and why.
"""

import hashlib
import os
import shutil
import stat
from pathlib import Path

import pytest

from grading_tools import notebooks, pipeline, report
from grading_tools.submission_files import SubmissionFiles, _Walk
from tests.support import ROOT, student_summary, submit

A = "01_perceptron_xor"
FUNCTIONS = ("step", "perceptron_predict", "gate_weights", "perceptron_train", "xor_network")
ADA_SECRET = "ada-secret-4711"  # in ada's notebook only
# what must never reach another student's kernel output or feedback
SECRETS = {
    "the source notebook": "### BEGIN SOLUTION",
    "the reference module": "Heaviside step: the neuron fires",
    "the gradebook": "SQLite format 3",
    "ada's submission": ADA_SECRET,
}
THIEF = """import json, os
def _steal():
    found = {}
    for top, dirs, files in os.walk(".", followlinks=True):
        for name in files[:20]:
            try:
                with open(os.path.join(top, name), "rb") as handle:
                    found[os.path.join(top, name)] = handle.read(300000)
            except OSError:
                pass
        if len(found) > 40:
            break
    for path, data in found.items():
        print(path, data[:3000])
        try:
            cells = json.loads(data)["cells"]
            sources = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
            code = "\\n".join(s for s in sources if "_steal" not in s)
        except Exception:
            code = data.decode("utf-8", "replace")
        try:
            exec(code, globals())
        except BaseException:
            pass
_steal()
"""


# ------------------------------------------------------------------ the module on its own
def tree(tmp_path):
    """A submission folder with one of everything."""
    folder = tmp_path / "submitted" / "mallory" / A
    (folder / "data" / "a" / "b").mkdir(parents=True)
    (folder / f"{A}.ipynb").write_text("{}")
    (folder / "data" / "x.csv").write_text("1,2\n")
    (folder / "data" / "a" / "b" / "deep.txt").write_text("deep")
    os.symlink("../../../source", folder / "relative")
    os.symlink("/etc/passwd", folder / "data" / "absolute")
    os.symlink("/dev/zero", folder / "zero")
    os.mkfifo(folder / "pipe")
    os.link(folder / "data" / "x.csv", folder / "hard")
    return folder


def test_a_survey_keeps_regular_files_and_says_what_it_left_out_and_why(tmp_path):
    folder = tree(tmp_path)
    survey = SubmissionFiles().survey(folder, within=tmp_path / "submitted")
    assert survey.kept == [f"{A}.ipynb", "data/a/b/deep.txt"]
    why = {item.path: item.why for item in survey.left_out}
    assert why["relative"] == "a symbolic link (to ../../../source)"
    assert why["data/absolute"] == "a symbolic link (to /etc/passwd)"
    assert why["zero"] == "a symbolic link (to /dev/zero)"
    assert why["pipe"] == "a named pipe"
    assert why["hard"] == why["data/x.csv"] == "a hard link (the same file is elsewhere too)"
    assert "left out pipe: a named pipe" in survey.notes()


def test_limits_leave_out_files_past_the_count_the_size_and_the_depth(tmp_path):
    folder = tmp_path / "sub"
    (folder / "a" / "b" / "c").mkdir(parents=True)
    (folder / "a" / "b" / "c" / "too-deep.txt").write_text("x")
    (folder / f"{A}.ipynb").write_text("{}")
    (folder / "big.bin").write_bytes(b"0" * 3000)
    for i in range(5):
        (folder / f"f{i}.txt").write_text("y")
    files = SubmissionFiles(max_files=4, max_bytes=2000, max_depth=2)
    survey = files.copy(folder, tmp_path / "copy")
    assert survey.kept == [f"{A}.ipynb", "f0.txt", "f1.txt", "f2.txt"]  # the notebook first
    notes = "\n".join(survey.notes())
    assert "left out big.bin: more than 0.00190735 MiB in all" in notes
    assert "left out f3.txt, f4.txt: more than 4 files (c.SubmissionFiles.max_files)" in notes
    assert "left out a/b/c: folders nested more than 2 deep" in notes
    assert sorted(p.name for p in (tmp_path / "copy").iterdir()) == sorted(
        [f"{A}.ipynb", "f0.txt", "f1.txt", "f2.txt", "a"]
    )


def test_a_copy_has_only_regular_files_with_readable_modes(tmp_path):
    folder = tree(tmp_path)
    (folder / "data").chmod(0o700)
    (folder / f"{A}.ipynb").chmod(0o600)
    dest = tmp_path / "copy"
    SubmissionFiles().copy(folder, dest)
    for path in [dest, *dest.rglob("*")]:
        info = path.lstat()
        assert stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode), path
        assert stat.S_IMODE(info.st_mode) == (0o755 if path.is_dir() else 0o644), path
    assert (dest / "data" / "a" / "b" / "deep.txt").read_text() == "deep"


@pytest.mark.parametrize("which", ["the submission folder", "the student's folder"])
def test_a_linked_folder_is_left_out_whole(tmp_path, which):
    ada = tmp_path / "submitted" / "ada" / A
    ada.mkdir(parents=True)
    (ada / f"{A}.ipynb").write_text("{}")
    if which == "the submission folder":
        (tmp_path / "submitted" / "eve").mkdir()
        os.symlink(ada, tmp_path / "submitted" / "eve" / A)
    else:
        os.symlink("ada", tmp_path / "submitted" / "eve")
    folder = tmp_path / "submitted" / "eve" / A
    survey = SubmissionFiles().copy(folder, tmp_path / "copy", within=tmp_path / "submitted")
    assert survey.kept == [] and not any((tmp_path / "copy").iterdir())
    assert "symbolic link" in survey.notes()[0]


def test_a_file_swapped_for_a_link_after_it_was_seen_is_not_copied(tmp_path):
    """On a shared exchange a student can replace a file between the walk and the copy: the
    copy checks what it opened."""
    folder, dest = tmp_path / "sub", tmp_path / "copy"
    folder.mkdir()
    dest.mkdir()
    (folder / "notes.txt").write_text("mine")
    seen = (folder / "notes.txt").lstat()
    (folder / "notes.txt").unlink()
    os.symlink("/etc/passwd", folder / "notes.txt")
    walk = _Walk(SubmissionFiles(), None, (), (), dest)
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        assert not walk.copied(fd, "notes.txt", "notes.txt", seen)
    finally:
        os.close(fd)
    assert not (dest / "notes.txt").exists()


# ------------------------------------------------------------------ through grading
def plant_link(name, target):
    def plant(root, folder):
        os.symlink(target.replace("@ROOT@", str(root)), folder / name)

    return plant


def plant_notebook_link(root, folder):
    (folder / f"{A}.ipynb").unlink()
    os.symlink(f"../../../source/{A}/{A}.ipynb", folder / f"{A}.ipynb")


def plant_folder_link(root, folder):
    shutil.rmtree(folder)
    os.symlink(f"../ada/{A}", folder)


def plant_student_link(root, folder):
    shutil.rmtree(folder.parent)
    os.symlink("ada", folder.parent)


def plant_fifo(root, folder):
    os.mkfifo(folder / "pipe.ipynb")


def plant_many(root, folder):
    (folder / "many").mkdir()
    for i in range(25):
        (folder / "many" / f"{i:02}.txt").write_text(str(i))


def plant_deep(root, folder):
    deep = folder.joinpath("a", "b", "c", "d", "e")
    deep.mkdir(parents=True)
    (deep / "deep.txt").write_text("deep")


def plant_big(root, folder):
    (folder / "big.bin").write_bytes(b"0" * (2 * 1024**2))


REFERENCE = str(ROOT / "grading_tools" / "reference")
# attack -> (how it is planted in a blank submission, what the instructor is told)
ATTACKS = {
    "source-link": (
        plant_link("notes.txt", f"../../../source/{A}/{A}.ipynb"),
        f"left out notes.txt: a symbolic link (to ../../../source/{A}/{A}.ipynb)",
    ),
    "source-link-absolute": (
        plant_link("notes.txt", f"@ROOT@/source/{A}/{A}.ipynb"),
        "left out notes.txt: a symbolic link (to /",
    ),
    "reference-module-link": (
        plant_link("helper.py", f"{REFERENCE}/perceptron_xor.py"),
        f"left out helper.py: a symbolic link (to {REFERENCE}/perceptron_xor.py)",
    ),
    "reference-folder-link": (
        plant_link("ref", REFERENCE),
        f"left out ref: a symbolic link (to {REFERENCE})",
    ),
    "gradebook-link": (
        plant_link("grades.db", "../../../gradebook.db"),
        "left out grades.db: a symbolic link (to ../../../gradebook.db)",
    ),
    "other-student-link": (
        plant_link("friend", f"../../ada/{A}"),
        f"left out friend: a symbolic link (to ../../ada/{A})",
    ),
    "notebook-link": (plant_notebook_link, f"left out {A}.ipynb: a symbolic link"),
    "folder-link": (plant_folder_link, "the submission folder is a symbolic link"),
    "student-folder-link": (plant_student_link, "is a symbolic link (to ada)"),
    "fifo": (plant_fifo, "left out pipe.ipynb: a named pipe"),
    "dev-zero-link": (
        plant_link("zero.ipynb", "/dev/zero"),
        "left out zero.ipynb: a symbolic link (to /dev/zero)",
    ),
    "too-many-files": (plant_many, "more than 20 files (c.SubmissionFiles.max_files)"),
    "too-deep": (plant_deep, "left out a/b/c/d: folders nested more than 3 deep"),
    "too-big": (plant_big, "left out big.bin: more than 1 MiB in all"),
}
BY_NBGRADER = "nbg-"  # students graded by nbgrader's own autograde; the others by Course.grade


def snapshot(folder):
    """What a folder holds, links included, without following any: {path: what}."""
    folder = Path(folder)
    seen = {}
    paths = [folder] + (
        [Path(top, n) for top, dirs, files in os.walk(folder) for n in dirs + files]
        if not folder.is_symlink()
        else []
    )
    for path in paths:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            what = "-> " + os.readlink(path)
        elif stat.S_ISREG(info.st_mode):
            what = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            what = stat.S_IFMT(info.st_mode)
        seen[str(path.relative_to(folder.parent))] = what
    return seen


def course_files(root):
    paths = [root / "nbgrader_config.py", *sorted((root / "source").rglob("*"))]
    paths += sorted(Path(REFERENCE).rglob("*.py"))
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths if p.is_file()}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    shutil.copytree(ROOT / "source" / A, root / "source" / A)
    config = (ROOT / "nbgrader_config.py").read_text() + (
        "\nc.Execute.timeout = 20\nc.SubmissionFiles.max_files = 20\n"
        "c.SubmissionFiles.max_bytes = 1024**2\nc.SubmissionFiles.max_depth = 3\n"
    )
    (root / "nbgrader_config.py").write_text(config)
    course = pipeline.Course(root, exchange=tmp_path_factory.mktemp("exchange"))
    course.generate([A])
    release = notebooks.read(notebooks.release_notebook(root, A))
    answers = notebooks.solutions(notebooks.read(notebooks.source_notebook(root, A)))
    answers["step"] += f"\n# {ADA_SECRET}\n"
    ada = notebooks.complete(release, answers)
    thief = notebooks.complete(release, {name: THIEF for name in FUNCTIONS})

    submit(root, "ada", A, ada)
    course.grade(A, ["ada"], workers=0, progress=False)
    alone = course.scores()["ada", A]
    submit(root, "blank", A, release)

    for prefix in ("", BY_NBGRADER):
        shutil.copytree(root / "submitted" / "ada" / A, root / "submitted" / f"{prefix}zz-ada" / A)
        for attack, (plant, _) in ATTACKS.items():
            plant(root, submit(root, prefix + attack, A, thief))
    before = {
        "course": course_files(root),
        "submitted": {s: snapshot(root / "submitted" / s) for s in [*ATTACKS, "ada"]},
    }
    summary = course.grade(A, [*ATTACKS, "zz-ada", "blank"], workers=1, progress=False)
    results = {s: course.api.autograde(A, BY_NBGRADER + s) for s in [*ATTACKS, "zz-ada"]}
    course.feedback([A])
    report.write(root, course.api.coursedir.db_url, course.course_id, [A])
    return course, summary, results, before, alone


def score(course, student):
    return course.scores().get((student, A), (None, None, None))[0]


@pytest.mark.nbgrader
@pytest.mark.parametrize("attack", ATTACKS)
def test_by_the_course_grader_an_attack_gains_nothing_and_the_instructor_is_told(graded, attack):
    course, summary, _, _, _ = graded
    assert score(course, attack) == score(course, "blank") == 0.0
    said = student_summary(summary, attack)
    assert ATTACKS[attack][1] in said, said
    assert ATTACKS[attack][1] in (course.root / "report.html").read_text()


@pytest.mark.nbgrader
@pytest.mark.parametrize("attack", ATTACKS)
def test_by_nbgrader_autograde_an_attack_gains_nothing_and_is_quarantined(graded, attack):
    course, _, results, _, _ = graded
    student = BY_NBGRADER + attack
    if results[attack]["success"]:
        assert score(course, student) == 0.0
    else:  # the notebook itself was a link, or its folder: nothing of it is graded
        assert attack in ("notebook-link", "folder-link", "student-folder-link")
    quarantined = course.root / "quarantine" / "submitted" / student
    assert quarantined.exists() or quarantined.is_symlink(), results[attack]["log"]
    assert "left out" in results[attack]["log"]


@pytest.mark.nbgrader
@pytest.mark.parametrize("student", [*ATTACKS, *(BY_NBGRADER + a for a in ATTACKS)])
def test_an_attack_reads_nothing(graded, student):
    course, *_ = graded
    texts = [
        path.read_text(errors="replace")
        for folder in ("autograded", "feedback")
        for path in (course.root / folder / student / A).glob("*")
        if path.is_file() and not path.is_symlink()
    ]
    for what, secret in SECRETS.items():
        assert not any(secret in text for text in texts), f"{student} read {what}"


@pytest.mark.nbgrader
def test_no_attack_changes_the_course_ada_or_its_own_submission(graded):
    course, _, _, before, alone = graded
    assert course_files(course.root) == before["course"]
    for student, files in before["submitted"].items():  # Course.grade changes no submission
        assert snapshot(course.root / "submitted" / student) == files, student
    assert course.scores()["ada", A] == alone


@pytest.mark.nbgrader
def test_a_good_submission_in_the_batch_scores_what_it_scores_alone(graded):
    course, _, results, _, alone = graded
    assert results["zz-ada"]["success"]
    assert course.scores()["zz-ada", A] == course.scores()[BY_NBGRADER + "zz-ada", A] == alone
