"""The course on a real multi-user JupyterHub (deploy/), one Unix account per person, in Chromium.

The hub is deploy/jupyterhub_config.py with a shared test password instead of PAM, on 127.0.0.1,
with configurable-http-proxy from npm (`make hub-proxy`). Three accounts are made: an instructor
and two students, alice and bob; every server is spawned as its own user. The instructor's
course folder (nbgrader_config.py and source/ of 01) is in their home; 01 is released to a sticky,
world-writable exchange. Then:
1. alice, in the browser: the Assignment List, Fetch, the first exercise written, Validate, Submit;
2. bob, as his own user: a submission under alice's name is written, her home and the inbound
   folder cannot be read;
3. the instructor, as their own user: collect (bob's forgery refused), grade (sandboxed as a
   normal user), and in the browser's formgrader a manual score and a comment, feedback generated
   and released;
4. alice fetches her feedback and reads the score and the comment;
5. the hub stops: no process of the three users is left, nor the proxy.

The course's Python may lie in a folder others cannot enter (a pyenv under /root): the hub runs in
a private mount namespace where those folders are opened (tests/test_nonroot.py), and the users'
commands join it. Nothing on the machine changes but the accounts, which are removed.
"""

import contextlib
import csv
import datetime
import inspect
import io
import json
import os
import pwd
import re
import secrets
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from grading_tools import pack
from grading_tools.assignments.perceptron_xor import reference as perceptron_xor
from grading_tools.pipeline import Course
from tests.conftest import BROWSER_TIMEOUT, CHROMIUM, CHROMIUM_ARGS
from tests.lab import free_port
from tests.support import ROOT
from tests.test_nonroot import closed_folders, needed_paths, opening_mounts

pytestmark = [pytest.mark.e2e, pytest.mark.nbgrader]

INSTRUCTOR, ALICE, BOB = USERS = ("nnc-instructor", "nnc-alice", "nnc-bob")
ASSIGNMENT = "01_perceptron_xor"
COURSE = "nn-course"
BIN = Path(sys.executable).parent
PROXY = ROOT / ".venv" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
COMMENT = "Right; say in a comment why a tie (z = 0) fires."
SPAWN_TIMEOUT = 180_000  # ms: a server spawned on a busy 2-core machine


# ------------------------------------------------------------------------------------ accounts
def processes_of(uids):
    """The ids of the running processes whose real user is one of `uids`."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            status = (entry / "status").read_text()
        except (OSError, ValueError):
            continue
        line = next((x for x in status.splitlines() if x.startswith("Uid:")), "Uid: -1")
        if int(line.split()[1]) in uids:
            found.append(int(entry.name))
    return found


def remove_account(name):
    """End the account's processes (the test started them all) and remove it."""
    try:
        uid = pwd.getpwnam(name).pw_uid
    except KeyError:
        return
    for pid in processes_of({uid}):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    subprocess.run(["userdel", name], capture_output=True)


def make_account(name, home):
    """A fresh account with a private home (0700), as deploy/README.md asks."""
    remove_account(name)  # left by an interrupted run
    subprocess.run(
        ["useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/sh"]
        + ["-K", "HOME_MODE=0700", name],
        check=True,
        capture_output=True,
    )
    return pwd.getpwnam(name)


# ------------------------------------------------------------------------------------- the hub
class Hub:
    """JupyterHub running in its own mount namespace, and commands run as its users there."""

    def __init__(self, base):
        self.base = base
        self.exchange = base / "exchange"
        self.course = base / "home" / INSTRUCTOR / COURSE
        self.url = f"http://127.0.0.1:{free_port()}"
        self.password = secrets.token_urlsafe(16)
        self.log = base / "hub" / "jupyterhub.log"
        self.process = None

    def config(self):
        """deploy/jupyterhub_config.py with the test's authenticator and free ports."""
        path = self.base / "hub" / "jupyterhub_config.py"
        path.write_text(
            f"load_subconfig({str(ROOT / 'deploy' / 'jupyterhub_config.py')!r})\n"
            "c.JupyterHub.authenticator_class = 'shared-password'\n"
            f"c.SharedPasswordAuthenticator.user_password = {self.password!r}\n"
            f"c.Authenticator.allowed_users = {set(USERS)!r}\n"
            f"c.JupyterHub.bind_url = {self.url!r}\n"
            f"c.JupyterHub.hub_bind_url = 'http://127.0.0.1:{free_port()}'\n"
            f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{free_port()}'\n"
        )
        return path

    def start(self):
        aside = self.base / "hub" / "aside"
        aside.mkdir(mode=0o700)
        env = {
            "PATH": f"{BIN}:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "HOME": str(self.base / "hub"),
            "NN_COURSE_INSTRUCTORS": INSTRUCTOR,
            "NN_COURSE_ROOT": str(self.course),
            "NN_COURSE_EXCHANGE": str(self.exchange),
        }
        hub = shlex.join(["exec", str(BIN / "jupyterhub"), "-f", str(self.config())])
        script = "\n".join([*opening_mounts(closed_folders(needed_paths()), aside), hub])
        self.process = subprocess.Popen(
            ["unshare", "--mount", "--propagation", "private", "sh", "-ec", script],
            cwd=self.base / "hub",
            env=env,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 120  # a busy machine
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/hub/api/", timeout=5).read()
                return
            except (urllib.error.URLError, ConnectionError):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterHub did not start:\n{self.log_tail()}")
                time.sleep(0.5)

    def log_tail(self):
        return self.log.read_text()[-3000:]

    def run_as(self, user, *command, cwd=None):
        """Run `command` as `user`, in the hub's mount namespace; the finished process."""
        entry = pwd.getpwnam(user)
        env = [
            f"HOME={entry.pw_dir}",
            f"PATH={BIN}:/usr/bin:/bin",
            "LANG=C.UTF-8",
            f"NN_COURSE_EXCHANGE={self.exchange}",
            "PYTHONDONTWRITEBYTECODE=1",
        ]
        return subprocess.run(
            ["nsenter", f"--mount=/proc/{self.process.pid}/ns/mnt", f"--wd={cwd or entry.pw_dir}"]
            + ["setpriv", f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}", "--init-groups"]
            + ["env", "-i", *env, *command],
            capture_output=True,
            text=True,
            timeout=600,
        )

    def instructor(self, *steps):
        """`python -m grading_tools STEP` for each of `steps` (argument lists) as the
        instructor, in the course folder, in one process (nbgrader is imported once)."""
        script = "import sys; from grading_tools.cli import main\n"
        script += "".join(f"main({list(step)!r}) and sys.exit(1)\n" for step in steps)
        done = self.run_as(INSTRUCTOR, str(BIN / "python"), "-c", script, cwd=self.course)
        assert done.returncode == 0, f"{steps}: {done.stdout[-2000:]}{done.stderr[-3000:]}"
        return done

    def proxy(self):
        """The id of the proxy the hub started, if it still runs (None otherwise)."""
        try:
            pid = int((self.base / "hub" / "jupyterhub-proxy.pid").read_text())
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (OSError, ValueError):
            return None
        return pid if b"configurable-http-proxy" in command else None

    def stop(self):
        """SIGTERM, as a service manager stops it: the hub stops the servers and the proxy
        (ended here if the hub could not)."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process and self.proxy():
            os.kill(self.proxy(), signal.SIGKILL)


def course_folder(hub, instructor):
    """The instructor's course: the course's nbgrader_config.py and 01's source, generated
    (here: the test has nbgrader loaded already), theirs."""
    (hub.course / "source").mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", hub.course)
    shutil.copytree(ROOT / "source" / ASSIGNMENT, hub.course / "source" / ASSIGNMENT)
    (hub.course / "roster.csv").write_text(
        f"id,first_name,last_name,email\n{ALICE},Alice,Liddell,alice@uni.example\n"
        f"{BOB},Bob,Builder,bob@uni.example\n"
    )
    with contextlib.redirect_stderr(io.StringIO()):
        Course(hub.course, exchange=hub.exchange).generate([ASSIGNMENT])
    for folder, _, files in os.walk(hub.course):
        for name in [folder, *(os.path.join(folder, f) for f in files)]:
            os.chown(name, instructor.pw_uid, instructor.pw_gid)


@pytest.fixture(scope="module")
def hub():
    if os.geteuid() != 0:
        pytest.skip("making Unix accounts and spawning servers as them needs root")
    missing = [
        t for t in ("useradd", "userdel", "unshare", "nsenter", "setpriv") if not shutil.which(t)
    ]
    if missing:
        pytest.skip(f"{', '.join(missing)} not found")
    if not PROXY.exists():
        pytest.fail(f"{PROXY} is missing: run `make hub-proxy` (make test does)")
    base = Path(tempfile.mkdtemp(prefix="nn-hub-"))
    base.chmod(0o755)
    hub = Hub(base)
    try:
        for folder in ("home", "hub"):
            (base / folder).mkdir(mode=0o755)
        (base / "hub").chmod(0o700)
        hub.exchange.mkdir()
        hub.exchange.chmod(0o1777)  # root's part: world-writable and sticky (deploy/README.md)
        accounts = {name: make_account(name, base / "home" / name) for name in USERS}
        course_folder(hub, accounts[INSTRUCTOR])
        hub.start()
        # the instructor's part, as README's "Running a term" says
        done = hub.instructor(["roster", "roster.csv"], ["exchange"], ["publish", ASSIGNMENT])
        assert "2 added" in done.stdout, done.stdout[-2000:]
        assert stat.S_IMODE((hub.exchange / COURSE / "inbound").stat().st_mode) & 0o1733 == 0o1733
        yield hub
    finally:
        hub.stop()
        for name in USERS:
            remove_account(name)
        shutil.rmtree(base, ignore_errors=True)


# ------------------------------------------------------------------------------------- browser
@pytest.fixture(scope="module")
def chromium():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (make e2e does)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class Shots:
    """Numbered screenshots in one folder, paths printed."""

    def __init__(self, folder):
        self.folder, self.count = folder, 0

    def __call__(self, page, name):
        self.count += 1
        path = self.folder / f"{self.count:02d}_{name}.png"
        page.screenshot(path=str(path))
        print(f"screenshot: {path}")


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    return Shots(tmp_path_factory.mktemp("hub-screenshots"))


def log_in(chromium, hub, user, landing="lab"):
    """A browser of `user`'s own (cookies apart), logged in, on `landing` in their server once
    it has spawned."""
    context = chromium.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(BROWSER_TIMEOUT)
    page = context.new_page()
    page.route(  # the browser talks to the hub only
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(hub.url) else route.abort(),
    )
    spawn = f"/hub/spawn/{user}?" + urllib.parse.urlencode({"next": f"/user/{user}/{landing}"})
    page.goto(f"{hub.url}/hub/login?" + urllib.parse.urlencode({"next": spawn}))
    page.locator("#username_input").fill(user)
    page.locator("#password_input").fill(hub.password)
    page.locator("#login_submit").click()
    page.wait_for_url(f"{hub.url}/user/{user}/{landing}**", timeout=SPAWN_TIMEOUT)
    return page


@pytest.fixture(scope="module")
def alice(hub, chromium):
    """alice's JupyterLab, open from her first step to her last."""
    page = log_in(chromium, hub, ALICE)
    page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").wait_for(timeout=SPAWN_TIMEOUT)
    yield page
    page.context.close()


def open_assignment_list(page):
    page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
    page.get_by_role("menuitem", name="Assignment List").click()


# --------------------------------------------------------------------------------------- tests
def test_students_on_the_hub_get_the_student_packs_jupyter_setup_with_the_nbgrader_menu():
    """deploy/student/ and deploy/labconfig/ turn on and off what the student wheel does
    (pack.STUDENT_JUPYTER_CONFIG), but for nbgrader's menu, which opens the Assignment List on
    the hub; the instructor's server extensions are off too."""

    def switched(config, on=True):
        return {name for name, value in config.items() if value is on}

    def read(path):
        return json.loads((ROOT / "deploy" / path).read_text())

    packed = pack.STUDENT_JUPYTER_CONFIG
    packed_lab = packed["labconfig/page_config.d/nn_course_student.json"]["disabledExtensions"]
    hub_lab = (
        read("labconfig/page_config.d/nn_course.json")["disabledExtensions"]
        | read("student/labconfig/page_config.d/nn_course_student.json")["disabledExtensions"]
    )
    assert switched(hub_lab) == switched(packed_lab) - {"@jupyter/nbgrader:menu"}
    packed_server = packed["jupyter_server_config.d/nn_course_student.json"]
    hub_server = read("student/jupyter_server_config.d/nn_course_student.json")
    extensions = hub_server["ServerApp"]["jpserver_extensions"]
    assert switched(packed_server["ServerApp"]["jpserver_extensions"]) == switched(extensions)
    assert switched(extensions, on=False) == {
        "nbgrader.server_extensions.formgrader",
        "nbgrader.server_extensions.course_list",
    }


def test_a_student_fetches_solves_validates_and_submits_from_the_assignment_list(hub, alice, shots):
    page = alice
    menu = page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader")
    menu.click()
    items = page.locator(".lm-Menu-itemLabel").all_inner_texts()
    page.keyboard.press("Escape")
    assert "Assignment List" in items and "Formgrader" not in items, items

    formgrader = page.request.get(f"{hub.url}/user/{ALICE}/formgrader")
    assert formgrader.status == 404  # not in a student's server

    # 1. the released assignment, fetched
    open_assignment_list(page)
    released = page.locator("#released_assignments_list")
    released.get_by_text(ASSIGNMENT).first.wait_for()
    released.get_by_role("button", name="Fetch").click()
    page.locator("#fetched_assignments_list").get_by_text(ASSIGNMENT).first.wait_for()
    shots(page, "alice_fetched")

    # 2. the first exercise, written in the notebook and saved
    fetched = page.locator("#fetched_assignments_list")
    fetched.locator(".assignment-notebooks-link").click()  # its notebooks, then the one
    fetched.locator(f"#nbgrader-{COURSE}-{ASSIGNMENT}").get_by_text(ASSIGNMENT).click()
    notebook = page.locator(".jp-NotebookPanel:visible")
    exercise = notebook.locator(".jp-CodeCell", has_text="write step above").first
    exercise.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(inspect.getsource(perceptron_xor.step))
    # the notebook's tab is marked unsaved, then saved: Validate's own save must not start while
    # this one is still on its way (JupyterLab then asks whether the file changed on disk)
    unsaved = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current.jp-mod-dirty")
    unsaved.wait_for()
    page.keyboard.press("Control+S")
    unsaved.wait_for(state="detached")

    # 3. Validate (the course's dialog, nbgrader's validation)
    notebook.locator(".jp-Toolbar").get_by_text("Validate").click()
    dialog = page.locator(".jp-Dialog")
    dialog.locator("#validation-message").wait_for(timeout=120_000)
    report = dialog.locator("#validation-message").inner_text()
    shots(page, "alice_validated")
    assert "✓ test_step\n" in report and "✗ test_perceptron_predict" in report, report
    dialog.get_by_role("button", name="Ok").click()

    # 4. Submit, from the Assignment List
    open_assignment_list(page)
    fetched.get_by_role("button", name="Submit").click()
    page.locator("#submitted_assignments_list").get_by_text(ASSIGNMENT).first.wait_for()
    shots(page, "alice_submitted")


def test_another_student_can_neither_submit_as_her_nor_read_her_work(hub):
    inbound = hub.exchange / COURSE / "inbound"
    when = datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=1)
    forged = inbound / f"{ALICE}+{ASSIGNMENT}+{when:%Y-%m-%d %H:%M:%S.%f} UTC+forged"
    notebook = forged / f"{ASSIGNMENT}.ipynb"
    done = hub.run_as(BOB, "sh", "-c", f'mkdir "{forged}" && echo FORGED-BY-BOB > "{notebook}"')
    assert done.returncode == 0, done.stderr  # the exchange lets him write; collect must refuse

    for path in (hub.base / "home" / ALICE, inbound):
        listing = hub.run_as(BOB, "ls", str(path))
        assert listing.returncode != 0 and "Permission denied" in listing.stderr, listing
    mine = hub.run_as(ALICE, "ls", str(inbound))
    assert mine.returncode != 0  # not even alice lists it: names are not discoverable


def test_the_instructor_collects_grades_reviews_and_releases_feedback(hub, chromium, shots):
    # collect and grade as the instructor's own user (the sandbox in a user namespace)
    done = hub.instructor(["collect", ASSIGNMENT], ["grade", ASSIGNMENT])
    log = done.stdout + done.stderr
    assert f"belongs to the user {BOB}, not {ALICE}" in log, log[-3000:]
    submitted = hub.course / "submitted" / ALICE / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert "FORGED-BY-BOB" not in submitted.read_text()
    assert "np.where(np.asarray(z) >= 0" in submitted.read_text()
    assert re.search(rf"{ALICE} +1\.0 / 10\n", done.stdout), done.stdout[-3000:]  # step only

    # the formgrader, in the instructor's own server
    page = log_in(chromium, hub, INSTRUCTOR, f"formgrader/manage_submissions/{ASSIGNMENT}")
    lab = f"{hub.url}/user/{INSTRUCTOR}"
    row = page.locator("#main-table tr", has_text=ALICE)
    row.wait_for()
    shots(page, "instructor_submissions")
    page.goto(f"{lab}/formgrader/submissions/{submission_id(hub)}/")
    page.wait_for_function(  # the formgrader's inputs save only once its models are loaded
        "() => window.formgrader?.grades?.loaded && window.formgrader?.comments?.loaded"
    )
    score = page.locator("#test_step.score")
    score.fill("0.5")
    score.press("Tab")
    page.locator("#step-comment").fill(COMMENT)
    page.locator("#step-comment").press("Tab")
    deadline = time.monotonic() + 60
    while saved(hub) != (0.5, COMMENT):
        assert time.monotonic() < deadline, f"not saved in the gradebook: {saved(hub)}"
        page.wait_for_timeout(250)
    shots(page, "instructor_manual_grade")

    page.goto(f"{lab}/formgrader/manage_submissions/{ASSIGNMENT}")
    for action, done in (
        (".generate-feedback a", "Successfully generated feedback"),
        (".release-feedback a", "Successfully released feedback"),
    ):
        page.locator("#main-table tr", has_text=ALICE).locator(action).click()
        modal = page.locator("#success-modal")
        modal.get_by_text(done).wait_for(timeout=180_000)
        shots(page, action.split()[0][1:])
        modal.get_by_role("button", name="OK").click()
        modal.wait_for(state="hidden")
    page.context.close()

    # the grades for the LMS, the formgrader's manual score included
    hub.instructor(["export"])
    canvas = list(csv.reader((hub.course / "grades_canvas.csv").open(newline="")))
    rows = {row[3]: row for row in canvas[2:]}
    assert rows[ALICE][0] == "Liddell, Alice" and rows[ALICE][5:] == ["0.5", "0.5"]
    assert rows[BOB][5:] == ["", "0"]  # his forgery was refused: nothing submitted


def test_the_student_reads_her_score_and_the_comment_in_her_feedback(hub, alice, shots):
    page = alice
    open_assignment_list(page)
    page.locator("#refresh_assignments_list").click()
    submitted = page.locator("#submitted_assignments_list")
    submitted.get_by_role("button", name="Fetch Feedback").click()
    submitted.get_by_text("view feedback").first.wait_for()
    shots(page, "alice_feedback_fetched")
    (html,) = (hub.base / "home" / ALICE / ASSIGNMENT / "feedback").glob("*/*.html")
    relative = html.relative_to(hub.base / "home" / ALICE)
    page.goto(f"{hub.url}/user/{ALICE}/files/{relative}")
    text = page.locator("body").inner_text()
    assert f"{ASSIGNMENT} (Score: 0.5 / 10.0)" in text  # the manual 0.5 for step, no more
    assert "test_step (Score: 0.5 / 1.0)" in text and COMMENT in text
    shots(page, "alice_feedback_score")
    page.get_by_text(COMMENT).scroll_into_view_if_needed()
    shots(page, "alice_feedback_comment")


def test_stopping_the_hub_ends_every_server_kernel_and_the_proxy(hub):
    uids = {pwd.getpwnam(name).pw_uid for name in USERS}
    assert processes_of(uids), "the users' servers should be running before the hub stops"
    proxy = hub.proxy()
    assert proxy
    hub.process.terminate()  # as a service manager stops it
    hub.process.wait(timeout=60)
    assert not Path(f"/proc/{proxy}").exists()
    deadline = time.monotonic() + 30
    while processes_of(uids) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not processes_of(uids), json.dumps(
        {pid: Path(f"/proc/{pid}/cmdline").read_text() for pid in processes_of(uids)}
    )


# ------------------------------------------------------------------------------------ gradebook
def gradebook(hub):
    from nbgrader.api import Gradebook

    return Gradebook(f"sqlite:///{hub.course / 'gradebook.db'}", COURSE)


def submission_id(hub):
    with gradebook(hub) as book:
        return book.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, ALICE).id


def saved(hub):
    """alice's manual score of test_step and the comment on step, in the gradebook."""
    with gradebook(hub) as book:
        grade = book.find_grade("test_step", ASSIGNMENT, ASSIGNMENT, ALICE)
        comment = book.find_comment("step", ASSIGNMENT, ASSIGNMENT, ALICE)
        return grade.manual_score, comment.manual_comment
