"""Collect from the exchange (grading_tools/nbgrader_plugins/exchange.py): what a student writes
in inbound/ is data, never trusted.

A real exchange: the assignment released by nbgrader, ada and blank fetch and submit with
nbgrader's own Submit; then inbound/ is tampered with as a student could: links planted in
blank's submission (to the source notebook, the reference folder, ada's submission, /dev/zero)
and a named pipe, a forged timestamp.txt, a folder that is a link, a name without a time, and a
later-named folder for ada made by another Unix user. Collected by `python -m grading_tools
collect` (Course.collect, nbgrader's collect with c.ExchangeFactory.collect).
"""

import datetime
import os
import pwd
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from grading_tools import notebooks, pipeline
from grading_tools.nbgrader_plugins import exchange
from tests.support import ROOT

A = "01_perceptron_xor"
FORGED = "2020-01-01 00:00:00.000000 UTC"
REFERENCE = str(ROOT / "grading_tools" / "reference")


def later(minutes=60):
    stamp = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=minutes)
    return stamp.strftime("%Y-%m-%d %H:%M:%S.%f UTC")


@pytest.fixture(scope="module")
def stranger():
    """A throw-away Unix user (root only): another student on the server."""
    if os.getuid() != 0 or not shutil.which("useradd"):
        yield None
        return
    name = f"nnc{uuid.uuid4().hex[:8]}"
    subprocess.run(["useradd", "--no-create-home", name], check=True)
    try:
        yield name
    finally:
        subprocess.run(["userdel", name], check=False)


@pytest.fixture(scope="module")
def collected(tmp_path_factory, stranger):
    root = tmp_path_factory.mktemp("course")
    shutil.copytree(ROOT / "source" / A, root / "source" / A)
    shutil.copy(ROOT / "nbgrader_config.py", root)
    course = pipeline.Course(root, exchange=tmp_path_factory.mktemp("exchange"))
    course.generate([A])
    course.publish([A])
    answers = notebooks.solutions(notebooks.read(notebooks.source_notebook(root, A)))
    homes = tmp_path_factory.mktemp("homes")
    for student in ("ada", "blank", "forger", "planter"):
        home = homes / student
        home.mkdir()
        run = pipeline._student_exchange(course.course_id, str(course.exchange), student, home)
        assert run("FetchAssignment", A)["success"]
        if student == "ada":
            path = home / A / f"{A}.ipynb"
            notebooks.nbformat.write(notebooks.complete(notebooks.read(path), answers), str(path))
        assert run("Submit", A)["success"]
    inbound = Path(course.exchange) / course.course_id / "inbound"
    folder = {p.name.split("+")[0]: p for p in inbound.iterdir()}

    planted = folder["planter"]
    os.symlink(f"{root}/source/{A}/{A}.ipynb", planted / "notes.txt")
    os.symlink(REFERENCE, planted / "ref")
    os.symlink(str(folder["ada"]), planted / "ada")
    os.symlink("/dev/zero", planted / "zero.bin")
    os.mkfifo(planted / "pipe")
    (folder["forger"] / "timestamp.txt").write_text(FORGED)
    os.symlink(folder["ada"], inbound / f"linker+{A}+{later()}+x")
    (inbound / f"noname+{A}+not-a-time+x").mkdir()
    if stranger:  # blank's notebook in a later folder for ada, made by another user
        fake = inbound / f"ada+{A}+{later()}+x"
        shutil.copytree(folder["blank"], fake)
        uid = pwd.getpwnam(stranger).pw_uid
        for path in [fake, *fake.rglob("*")]:
            os.chown(path, uid, -1)

    said = course.collect([A])
    return course, said, folder


def submitted(course, student):
    return course.root / "submitted" / student / A


def test_planted_links_and_pipes_are_left_out_and_named(collected):
    course, said, _ = collected
    folder = submitted(course, "planter")
    names = {p.name for p in folder.iterdir()}
    assert f"{A}.ipynb" in names and not names & {"notes.txt", "ref", "ada", "zero.bin", "pipe"}
    assert all(p.is_file() and not p.is_symlink() for p in folder.iterdir())
    flags = "\n".join(exchange.collect_record(folder)["flags"])
    for name, why in [
        ("notes.txt", "a symbolic link (to "),
        ("ref", f"a symbolic link (to {REFERENCE})"),
        ("ada", "a symbolic link (to "),
        ("zero.bin", "a symbolic link (to /dev/zero)"),
        ("pipe", "a named pipe"),
    ]:
        assert f"{name}: {why}" in flags or f"{name}, " in flags, flags
    assert any("planter" in line and "symbolic link" in line for line in said)


def test_a_forged_timestamp_is_replaced_by_the_time_received_and_flagged(collected):
    course, said, _ = collected
    text = (submitted(course, "forger") / "timestamp.txt").read_text()
    received = datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S.%f %Z")
    assert abs((datetime.datetime.utcnow() - received).total_seconds()) < 600
    assert any(f"timestamp.txt says {FORGED}" in line for line in said), said
    assert any(
        "timestamp.txt says" in f
        for f in exchange.collect_record(submitted(course, "forger"))["flags"]
    )
    honest = exchange.collect_record(submitted(course, "ada"))
    assert honest["flags"] == []


def test_a_folder_that_is_a_link_or_has_no_time_is_refused_and_collect_goes_on(collected):
    course, said, _ = collected
    assert not submitted(course, "linker").exists() and not submitted(course, "noname").exists()
    assert any("Refused linker+" in line and "symbolic link" in line for line in said), said
    assert any("Refused noname+" in line and "no" in line for line in said), said
    for student in ("ada", "blank", "forger", "planter"):
        assert (submitted(course, student) / f"{A}.ipynb").is_file()


def test_another_users_later_folder_cannot_replace_a_submission(collected, stranger):
    if not stranger:
        pytest.skip("needs root, to create a throw-away Unix user who owns the forged folder")
    course, said, folder = collected
    ada = (submitted(course, "ada") / f"{A}.ipynb").read_bytes()
    assert ada == (folder["ada"] / f"{A}.ipynb").read_bytes()
    assert any(f"belongs to the user {stranger}, not ada" in line for line in said), said


def test_a_student_user_may_be_mapped_to_another_name(tmp_path, stranger):
    if not stranger:
        pytest.skip("needs root, to create a throw-away Unix user")
    inbound = tmp_path / "inbound"
    mine = inbound / f"ada+{A}+{later(0)}+x"
    mine.mkdir(parents=True)
    os.chown(mine, pwd.getpwnam(stranger).pw_uid, -1)
    collect = exchange.CourseCollect()
    collect.refused = []
    assert "belongs to the user" in collect._refusal(str(mine), "ada")
    collect.student_users = {"ada": stranger}
    assert collect._refusal(str(mine), "ada") is None
