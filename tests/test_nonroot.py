"""Grading as a normal user, as every instructor runs it: the attack tests again, as an
unprivileged user. Then the sandbox lives in a user namespace, and its kernels run as that user,
instead of as users of their own; CI runs the suite as root, and this module keeps the other path
tested.

Nothing on the machine changes but the account (USER, created if missing): the user's Python may
lie in a folder others cannot enter (a pyenv under /root, mode 0700), so the run takes place in a
private mount namespace where such folders are opened (see `opening_mounts`). The run starts
when this module's tests are collected and goes on beside the rest of the suite (`Pass`); its
tests, which wait for it, run last (tests/conftest.py).
"""

import concurrent.futures
import os
import pwd
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.support import ROOT

USER = "nncourse-grader"
# The test files run again as USER: the attacks on the grader, each with the pytest arguments that
# narrow it (the pipeline's course holds the hostile batch's assignment alone, and its rerun of
# the demo is left to the root pass). Add new ones here.
NONROOT_TESTS = {
    "tests/test_sandbox.py": (),
    "tests/test_intake_files.py": (),
    "tests/test_pipeline.py": ("-k", "not can_run_again"),
}
NARROWED = {"NN_COURSE_TEST_ASSIGNMENTS": "01_perceptron_xor"}
TOOLS = ("useradd", "unshare", "setpriv", "mount")
TIMEOUT = 15 * 60  # seconds per test file, far above what each takes

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0,
    reason="running tests as another user needs root (CI runs the suite as root)",
)


def grader_account():
    """USER's (uid, gid): a system account without home or shell, created if missing."""
    try:
        entry = pwd.getpwnam(USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER],
            check=True,
            capture_output=True,
        )
        entry = pwd.getpwnam(USER)
    return entry.pw_uid, entry.pw_gid


def needed_paths():
    """The folders the user's Python must reach: the course (its code, tests and environment)
    and the Python installation the environment was made from."""
    return sorted(
        {
            str(ROOT),
            os.path.realpath(sys.prefix),
            os.path.realpath(sys.base_prefix),
            os.path.dirname(os.path.realpath(sys.executable)),
        }
    )


def closed_folders(paths):
    """[(folder, {names of its children on the way to `paths`})] for the folders above `paths`
    that other users cannot enter (no x bit for others), outermost first."""
    closed = {}
    for path in map(Path, paths):
        chain = [*reversed(path.parents), path]
        for folder, child in zip(chain, chain[1:]):
            if not folder.stat().st_mode & 0o001:
                closed.setdefault(str(folder), set()).add(child.name)
    return sorted(closed.items(), key=lambda item: item[0].count(os.sep))


def opening_mounts(closed, aside):
    """Shell commands that, in a private mount namespace, let any user through each closed
    folder: its needed children are bound aside (under the empty folder `aside`), a tmpfs
    (0755) is laid over the folder, and they are moved back. Outside, nothing changes."""
    commands = []
    for number, (folder, children) in enumerate(closed):
        for child in sorted(children):
            kept = shlex.quote(f"{aside}/{number}/{child}")
            commands += [
                f"mkdir -p {kept}",
                f"mount --bind {shlex.quote(f'{folder}/{child}')} {kept}",
            ]
        commands.append(f"mount -t tmpfs -o mode=0755 tmpfs {shlex.quote(folder)}")
        for child in sorted(children):
            back = shlex.quote(f"{folder}/{child}")
            commands += [
                f"mkdir {back}",
                f"mount --move {shlex.quote(f'{aside}/{number}/{child}')} {back}",
            ]
    return commands


class Grader:
    """USER, with a private home and temporary folder (removed by `close`), running commands
    in a private mount namespace where it reaches the course."""

    def __init__(self):
        self.uid, self.gid = grader_account()
        self.running = set()
        self.folder = Path(tempfile.mkdtemp(prefix="nn-nonroot-"))
        self.folder.chmod(0o755)
        for name in ("home", "tmp"):
            (self.folder / name).mkdir()
            os.chown(self.folder / name, self.uid, self.gid)
        (self.folder / "aside").mkdir(mode=0o700)
        self.mounts = opening_mounts(closed_folders(needed_paths()), self.folder / "aside")

    def environment(self):
        """The user's whole environment: its own folders, the course's Python first on PATH,
        and nothing written into the course."""
        return {
            "HOME": str(self.folder / "home"),
            "TMPDIR": str(self.folder / "tmp"),
            "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "PYTHONDONTWRITEBYTECODE": "1",
        }

    def start(self, *command):
        """Start `command` as USER from the course root; the process (output as text)."""
        become = ["setpriv", f"--reuid={self.uid}", f"--regid={self.gid}", "--init-groups"]
        variables = [f"{name}={value}" for name, value in self.environment().items()]
        script = "\n".join(
            [*self.mounts, shlex.join(["exec", *become, "env", "-i", *variables, *command])]
        )
        return subprocess.Popen(
            ["unshare", "--mount", "--propagation", "private", "sh", "-ec", script],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def run(self, *command, timeout=TIMEOUT):
        """Run `command` as USER; (return code, output, errors). `stop` ends it early."""
        process = self.start(*command)
        self.running.add(process)
        try:
            out, err = process.communicate(timeout=timeout)
        finally:
            process.kill()
            self.running.discard(process)
        return process.returncode, out, err

    def stop(self):
        """End the commands running."""
        for process in list(self.running):
            process.kill()

    def pytest(self, test_file, arguments):
        """Run pytest on `test_file` as USER, with its own temporary folder and NARROWED."""
        basetemp = self.folder / "tmp" / f"pytest-{Path(test_file).stem}"
        options = ["-q", "-ra", "-p", "no:cacheprovider", f"--basetemp={basetemp}", *arguments]
        narrowed = [f"{name}={value}" for name, value in NARROWED.items()]
        return self.run("env", *narrowed, sys.executable, "-m", "pytest", *options, test_file)

    def close(self):
        shutil.rmtree(self.folder, ignore_errors=True)


class Pass:
    """The run of NONROOT_TESTS as USER, one file after the other, started once for the session
    (`begin`, called by tests/conftest.py when this module's tests are collected) so that it runs
    beside the rest of the suite, on the machine's other core; its tests wait for their file."""

    grader = None
    skipped = None  # why it cannot run here
    ready = None  # the future of the check that a sandbox starts as USER (sets `skipped`)
    results = {}  # test file -> the future of its (return code, output, errors)
    runner = concurrent.futures.ThreadPoolExecutor(1)

    @classmethod
    def begin(cls):
        if cls.grader or cls.skipped:
            return
        missing = [tool for tool in TOOLS if shutil.which(tool) is None]
        if os.geteuid() != 0:
            cls.skipped = "running tests as another user needs root (CI runs the suite as root)"
        elif missing:
            cls.skipped = f"grading as a normal user is not tested: {', '.join(missing)} not found"
        if cls.skipped:
            return
        cls.grader = Grader()
        # in the background too, so that the suite starts at once; the files wait for it
        cls.ready = cls.runner.submit(cls._preflight)
        cls.results = {
            test_file: cls.runner.submit(cls._pytest, test_file, arguments)
            for test_file, arguments in NONROOT_TESTS.items()
        }

    @classmethod
    def _preflight(cls):
        code, _, err = cls.grader.run(
            sys.executable,
            "-c",
            "from grading_tools.run.sandbox import Sandbox; Sandbox().preflight()",
            timeout=120,
        )
        if code != 0:
            cls.skipped = f"no sandbox can start as {USER} here: {err.strip()[-500:]}"

    @classmethod
    def _pytest(cls, test_file, arguments):
        return None if cls.skipped else cls.grader.pytest(test_file, arguments)

    @classmethod
    def end(cls):
        """Stop what still runs and remove the user's folders."""
        cls.runner.shutdown(wait=False, cancel_futures=True)
        if cls.grader:
            cls.grader.stop()
            cls.grader.close()


@pytest.fixture(scope="module")
def grader():
    """USER, ready to grade: skips, saying why, where it cannot (a missing tool, no user
    namespaces for it)."""
    Pass.begin()
    if Pass.ready:
        Pass.ready.result()
    if Pass.skipped:
        pytest.skip(Pass.skipped)
    return Pass.grader


def test_the_grader_runs_as_the_unprivileged_user_and_changes_nothing_on_the_machine(grader):
    closed = [folder for folder, _ in closed_folders(needed_paths())]
    modes = {folder: os.stat(folder).st_mode for folder in closed}
    mounts = Path("/proc/self/mounts").read_text()
    code, out, err = grader.run(
        sys.executable, "-c", "import os, sys; print(os.geteuid(), sys.prefix)"
    )
    assert out.split() == [str(grader.uid), sys.prefix], err
    assert {folder: os.stat(folder).st_mode for folder in closed} == modes
    assert Path("/proc/self/mounts").read_text() == mounts


@pytest.mark.parametrize("test_file", NONROOT_TESTS)
def test_the_attack_tests_pass_when_the_grader_is_not_root(grader, test_file):
    code, out, err = Pass.results[test_file].result()
    print(out, err)  # shown in full by pytest if this test fails
    summary = out.strip().splitlines()[-1] if out.strip() else err
    assert code == 0 and " passed" in summary, summary
