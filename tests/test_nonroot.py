"""Grading as a normal user, as every instructor runs it: the attack tests again, as an
unprivileged user. Then the sandbox lives in a user namespace, and its kernels run as that user,
instead of as users of their own; CI runs the suite as root, and this module keeps the other path
tested.

Nothing on the machine changes but the account (USER, created if missing): the user's Python may
lie in a folder others cannot enter (a pyenv under /root, mode 0700), so the run takes place in a
private mount namespace where such folders are opened (see `opening_mounts`).
"""

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
# The test files run again as USER: the attacks on the grader. Add new ones here.
NONROOT_TEST_FILES = ("tests/test_sandbox.py", "tests/test_pipeline.py")
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

    def run(self, *command, timeout=TIMEOUT):
        """Run `command` as USER from the course root; the finished process (output as text)."""
        become = ["setpriv", f"--reuid={self.uid}", f"--regid={self.gid}", "--init-groups"]
        variables = [f"{name}={value}" for name, value in self.environment().items()]
        script = "\n".join(
            [*self.mounts, shlex.join(["exec", *become, "env", "-i", *variables, *command])]
        )
        return subprocess.run(
            ["unshare", "--mount", "--propagation", "private", "sh", "-ec", script],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def close(self):
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="module")
def grader():
    """USER, ready to grade: skips, saying why, where it cannot (a missing tool, no user
    namespaces for it)."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"grading as a normal user is not tested: {', '.join(missing)} not found")
    grader = Grader()
    try:
        probe = grader.run(
            sys.executable,
            "-c",
            "from grading_tools.sandbox import Sandbox; Sandbox().preflight()",
            timeout=120,
        )
        if probe.returncode != 0:
            pytest.skip(f"no sandbox can start as {USER} here: {probe.stderr.strip()[-500:]}")
        yield grader
    finally:
        grader.close()


def test_the_grader_runs_as_the_unprivileged_user_and_changes_nothing_on_the_machine(grader):
    closed = [folder for folder, _ in closed_folders(needed_paths())]
    modes = {folder: os.stat(folder).st_mode for folder in closed}
    mounts = Path("/proc/self/mounts").read_text()
    done = grader.run(sys.executable, "-c", "import os, sys; print(os.geteuid(), sys.prefix)")
    assert done.stdout.split() == [str(grader.uid), sys.prefix], done.stderr
    assert {folder: os.stat(folder).st_mode for folder in closed} == modes
    assert Path("/proc/self/mounts").read_text() == mounts


@pytest.mark.parametrize("test_file", NONROOT_TEST_FILES)
def test_the_attack_tests_pass_when_the_grader_is_not_root(grader, test_file):
    basetemp = grader.folder / "tmp" / f"pytest-{Path(test_file).stem}"
    done = grader.run(
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-ra",
        "-p",
        "no:cacheprovider",
        f"--basetemp={basetemp}",
        test_file,
    )
    print(done.stdout, done.stderr)  # shown in full by pytest if this test fails
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr
    assert done.returncode == 0 and " passed" in summary, summary
