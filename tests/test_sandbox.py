"""The grading sandbox: what a hostile submission can reach (nothing of the instructor's) and
what it can use up (only its own limits). Each attack runs as cells of a notebook executed by the
course's own execute preprocessor, in the sandbox, exactly as autograding runs them.
"""

import json
import os
import shutil
import socket
import sys
import tempfile
import textwrap
import threading
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_notebook
from traitlets.config import Config

import grading_tools
from course.hidden import MIME
from grading_tools import registry
from grading_tools.judge import catalog
from grading_tools.nbgrader_plugins.execute import AutogradeExecute
from grading_tools.run.sandbox import Sandbox, SandboxUnavailable
from tests.support import ROOT, graded_cell

MiB = 1024**2


def run_cells(tmp_path, *cells, assignment="01_perceptron_xor", timeout=20, **limits):
    """Execute the cells (sources or cells) in the sandbox, from a submission folder under
    tmp_path, each within `timeout` seconds; return the notebook."""
    folder = tmp_path / "submitted" / "mallory" / assignment
    folder.mkdir(parents=True, exist_ok=True)
    cells = [new_code_cell(textwrap.dedent(c)) if isinstance(c, str) else c for c in cells]
    notebook = new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}
        },
    )
    config = Config(
        {"Execute": {"timeout": timeout, "interrupt_on_timeout": True}, "Sandbox": limits}
    )
    resources = {"metadata": {"path": str(folder)}, "nbgrader": {"assignment": assignment}}
    AutogradeExecute(config=config).preprocess(notebook, resources)
    return notebook


def hidden_test(source):
    """A test cell, as nbgrader marks it: the grader hands its checks' hidden inputs over."""
    return graded_cell(textwrap.dedent(source))


def printed(cell):
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def error(cell):
    errors = [o for o in cell.outputs if o.output_type == "error"]
    return f"{errors[-1].ename}: {errors[-1].evalue}" if errors else ""


# ------------------------------------------------------------------ nothing to reach
GRADER_PATHS = {
    "the course root": ROOT,
    "the source notebooks": ROOT / "source" / "01_perceptron_xor" / "01_perceptron_xor.ipynb",
    "the reference solutions": Path(grading_tools.__file__).parent
    / "reference"
    / "perceptron_xor.py",
    "the course config": ROOT / "nbgrader_config.py",
    "the gradebook": ROOT / "gradebook.db",
    "the instructor's home": Path.home(),
}


@pytest.mark.parametrize("what", GRADER_PATHS)
def test_nothing_of_the_instructor_can_be_read(tmp_path, what):
    path = GRADER_PATHS[what]
    (cell,) = run_cells(
        tmp_path,
        f"""
        import os
        path = {str(path)!r}
        try:
            print(sorted(os.listdir(path)) if os.path.isdir(path) else open(path, "rb").read(80))
        except OSError as error:
            print("refused:", type(error).__name__)
        """,
    ).cells
    seen = printed(cell)
    assert "refused" in seen or seen.strip() in (
        "[]",
        "['.pyenv']",
        "['course']",
        "['.venv', 'course']",
    ), (seen, error(cell))
    assert "source" not in seen and "gradebook" not in seen and "def " not in seen


def test_other_students_folders_are_not_there(tmp_path):
    (tmp_path / "submitted" / "alice" / "01_perceptron_xor").mkdir(parents=True)
    (tmp_path / "submitted" / "alice" / "01_perceptron_xor" / "answer.txt").write_text("secret")
    (cell,) = run_cells(
        tmp_path,
        f"""
        import os
        print(os.listdir("."), os.path.exists({str(tmp_path / "submitted" / "alice")!r}),
              os.path.exists("../alice"))
        """,
    ).cells
    assert printed(cell).strip() == "[] False False"


@pytest.mark.parametrize(
    "how",
    [
        'importlib.import_module("grading" + "_tools.reference")',
        '__import__("".join(["grading", "_tools"]))',
        'exec("import grading_tools.judge")',
    ],
)
def test_the_reference_cannot_be_imported_however_it_is_spelled(tmp_path, how):
    (cell,) = run_cells(tmp_path, f"import importlib\n{how}").cells
    assert error(cell).startswith("ModuleNotFoundError")


def test_no_module_of_the_reference_is_loaded_after_a_hidden_test_ran(tmp_path):
    nb = run_cells(
        tmp_path,
        hidden_test("""
        from course.hidden import check
        def step(z):
            import numpy as np
            return np.where(np.asarray(z) >= 0, 1.0, 0.0)
        check("step", step)
        """),
        """
        import sys
        print(sorted(m for m in sys.modules if "grading" in m or "reference" in m))
        """,
    )
    assert printed(nb.cells[1]).strip() == "[]"
    assert any(MIME in o.get("data", {}) for o in nb.cells[0].outputs)


@pytest.mark.parametrize("assignment", registry.assignments())
def test_the_hidden_inputs_of_every_check_load_in_the_sandbox(tmp_path, assignment):
    specs = catalog.specs(assignment)
    named = "\n".join(f"    check({name!r}, None)" for name in sorted(specs))
    (cell,) = run_cells(
        tmp_path,
        hidden_test(f"""
import os
from course.hidden import load_cases
cases = load_cases(os.environ["NN_COURSE_HIDDEN_CASES"])
print(len(cases), sum(len(c) for c in cases.values()))
if False:
{named}
"""),
        assignment=assignment,
    ).cells
    assert printed(cell).split() == [
        str(len(specs)),
        str(sum(len(s.cases()) for s in specs.values())),
    ]


def test_the_hidden_inputs_are_data_only(tmp_path):
    (cell,) = run_cells(
        tmp_path,
        """
        import os
        print(sorted(os.listdir("/hidden")))
        """,
    ).cells
    assert printed(cell).strip() == "['case_functions.py', 'cases.pickle']"


def test_there_is_no_network(tmp_path):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    try:
        port = server.getsockname()[1]
        (cell,) = run_cells(
            tmp_path,
            f"""
            import socket
            for address in [("127.0.0.1", {port}), ("1.1.1.1", 53)]:
                try:
                    socket.create_connection(address, timeout=2)
                    print("connected to", address)
                except OSError as error:
                    print("refused:", type(error).__name__)
            """,
        ).cells
    finally:
        server.close()
    assert "connected" not in printed(cell) and printed(cell).count("refused") == 2


def test_the_submission_folder_is_a_private_copy(tmp_path):
    folder = tmp_path / "submitted" / "mallory" / "01_perceptron_xor"
    folder.mkdir(parents=True)
    (folder / "notes.txt").write_text("mine")
    (cell,) = run_cells(
        tmp_path,
        """
        print(open("notes.txt").read())
        open("notes.txt", "w").write("changed")
        open("new.txt", "w").write("new")
        """,
    ).cells
    assert printed(cell).strip() == "mine" and not error(cell)
    assert (folder / "notes.txt").read_text() == "mine" and not (folder / "new.txt").exists()


def test_the_kernel_cannot_write_where_its_sockets_are(tmp_path):
    """Its sockets are on a tmpfs of the sandbox's own, of a few KiB, and its connection file in
    a folder shown read-only: the grader reaches the sockets through /proc, sharing no folder."""
    (cell,) = run_cells(
        tmp_path,
        """
        import os
        from ipykernel import get_connection_file
        for folder in ("/ipc", os.path.dirname(get_connection_file())):
            try:
                with open(os.path.join(folder, "junk"), "wb") as file:
                    file.write(b"x" * 1024**2)
            except OSError as error:
                kernel_files = sorted(n for n in os.listdir(folder) if n.startswith("kernel"))
                print(folder == "/ipc", kernel_files[0], error.strerror)
        """,
    ).cells
    assert printed(cell).splitlines() == [
        "True kernel-1 No space left on device",
        "False kernel.json Read-only file system",
    ], error(cell)


# Run in the kernel: in every folder that /proc/self/mounts lists, write files of 1 MiB until a
# write fails (or 16 times the disk limit is reached); print what each folder took.
FILL_EVERY_MOUNT = """
import json, os
taken = {}
for folder in sorted({line.split()[1] for line in open("/proc/self/mounts")}):
    written = 0
    try:
        while written < 16 * DISK_LIMIT:
            with open(os.path.join(folder, f"fill{written}"), "wb") as file:
                file.write(b"x" * 1024**2)
            written += 1024**2
    except OSError:
        pass
    if written:
        taken[folder] = written
print(json.dumps(taken))
"""


def lowest_free_space(paths, stop):
    """The least free space seen on the file systems of `paths` until `stop` is set, sampled
    every 20 ms (into a dict filled as it runs)."""
    lowest = {path: shutil.disk_usage(path).free for path in paths}

    def sample():
        while not stop.wait(0.02):
            for path in paths:
                lowest[path] = min(lowest[path], shutil.disk_usage(path).free)

    threading.Thread(target=sample, daemon=True).start()
    return lowest


def test_a_kernel_cannot_write_more_than_the_disk_limit_anywhere(tmp_path):
    limit = 16 * MiB
    host = [tempfile.gettempdir(), str(ROOT), str(Path.home())]
    before = {path: shutil.disk_usage(path).free for path in host}
    stop = threading.Event()
    lowest = lowest_free_space(host, stop)
    try:
        (cell,) = run_cells(
            tmp_path,
            FILL_EVERY_MOUNT.replace("DISK_LIMIT", str(limit)),
            disk_limit=limit,
            file_size_limit=4 * MiB,
        ).cells
    finally:
        stop.set()
    taken = json.loads(printed(cell) or "null")
    assert taken and set(taken) <= {"/tmp", "/submission", "/ipc"}, (taken, error(cell))
    assert all(size <= limit for size in taken.values()), taken
    for path in host:  # the sandbox's folders are in memory: the grader's disk is untouched
        assert before[path] - lowest[path] < 4 * limit, path  # (others may write meanwhile)


# --------------------------------------------------------------------- limits hold
def test_memory_is_limited_and_the_limit_is_named(tmp_path):
    nb = run_cells(
        tmp_path,
        "import numpy as np\nbig = np.ones(3 * 1024**3 // 8)",
        "print('still here')",
        memory_limit=1024 * MiB,
    )
    assert error(nb.cells[0]).startswith("MemoryError") and "c.Sandbox.memory_limit" in error(
        nb.cells[0]
    )
    assert printed(nb.cells[1]).strip() == "still here"


def test_a_fork_bomb_ends_in_its_own_submission(tmp_path):
    nb = run_cells(
        tmp_path,
        """
        import os, time
        children = 0
        while True:
            if os.fork() == 0:
                time.sleep(30)
                os._exit(0)
            children += 1
        """,
        "print('still here')",
        process_limit=32,
    )
    assert "c.Sandbox.process_limit" in error(nb.cells[0])
    assert printed(nb.cells[1]).strip() == "still here"


def test_a_fork_bomb_that_keeps_its_cell_from_ending_is_named_as_one(tmp_path):
    """The bomb's copies of the kernel can keep the cell's reply from the grader: a cell that
    times out while the sandbox is full of processes names the process limit."""
    nb = run_cells(
        tmp_path,
        """
        import os, time
        try:
            while True:
                if os.fork() == 0:
                    time.sleep(60)
                    os._exit(0)
        except OSError:
            time.sleep(60)
        """,
        process_limit=16,
        timeout=4,
    )
    assert error(nb.cells[0]).startswith("CellTimeoutError")
    assert "c.Sandbox.process_limit" in error(nb.cells[0])


def test_disk_space_is_limited(tmp_path):
    (cell,) = run_cells(
        tmp_path,
        """
        for i in range(10):
            with open(f"/tmp/fill{i}", "wb") as file:
                file.write(b"x" * (30 * 1024**2))
        """,
        disk_limit=64 * MiB,
    ).cells
    assert "c.Sandbox.disk_limit" in error(cell)


def test_file_size_is_limited(tmp_path):
    (cell,) = run_cells(
        tmp_path, 'open("big", "wb").write(b"x" * (20 * 1024**2))', file_size_limit=8 * MiB
    ).cells
    assert "c.Sandbox.file_size_limit" in error(cell)


def test_endless_output_is_cut_and_the_cell_fails(tmp_path):
    nb = run_cells(
        tmp_path,
        "while True:\n    print('x' * 1000)",
        "print('still here')",
        output_limit=256 * 1024,
    )
    assert sum(len(o.get("text", "")) for o in nb.cells[0].outputs) <= 300 * 1024
    assert error(nb.cells[0]).startswith("OutputLimit")
    assert printed(nb.cells[1]).strip() == "still here"


def test_cpu_time_is_limited_and_the_limit_is_named(tmp_path):
    nb = run_cells(tmp_path, "while True:\n    pass", "print('never')", cpu_time_limit=2)
    assert error(nb.cells[0]).startswith("KernelDied") and "c.Sandbox.cpu_time_limit" in error(
        nb.cells[0]
    )
    assert error(nb.cells[1]).startswith("KernelDied")


def test_no_process_of_a_submission_outlives_its_grading(tmp_path):
    run_cells(
        tmp_path,
        """
        import subprocess
        subprocess.Popen(["sleep", "1000"], start_new_session=True)
        """,
    )
    ps = os.popen("ps -eo args").read()
    assert "sleep 1000" not in ps


# ------------------------------------------------------------------ where it can't
def preflight_sandboxes():
    """The processes of the sandboxes that preflight starts, still running."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if b"--ro-bind\0/\0/\0sleep\0" in cmdline.read_bytes():
                found.append(cmdline.parent.name)
        except OSError:  # it has just ended
            pass
    return found


def test_grading_refuses_when_no_sandbox_can_start():
    with pytest.raises(SandboxUnavailable, match="c.Sandbox.enabled = False"):
        Sandbox(bwrap="/bin/false").preflight()
    if sys.platform.startswith("linux"):
        before = preflight_sandboxes()
        Sandbox().preflight()  # here, it can, and leaves nothing running
        assert preflight_sandboxes() == before


def test_grading_refuses_when_it_cannot_reach_into_a_sandbox(tmp_path):
    """The grader talks to a kernel through /proc/PID/root: where it cannot, it says why."""
    bwrap = tmp_path / "bwrap"  # starts sandboxes, but none that stays to be reached
    bwrap.write_text(
        f'#!/bin/sh\ncase "$*" in *sleep*) exit 0;; esac\nexec {Sandbox().program()} "$@"\n'
    )
    bwrap.chmod(0o755)
    with pytest.raises(SandboxUnavailable, match="cannot reach into a sandbox.*ptrace"):
        Sandbox(bwrap=str(bwrap)).preflight()


def test_the_opt_out_grades_unsandboxed_and_says_so(tmp_path, caplog):
    (cell,) = run_cells(
        tmp_path,
        f"""
        import os
        print(os.path.exists({str(ROOT)!r}), "NN_COURSE_HIDDEN_CASES" in os.environ)
        """,
        enabled=False,
    ).cells
    assert printed(cell).strip() == "True True"
    assert "UNSANDBOXED" in caplog.text


@pytest.mark.skipif(os.geteuid() != 0, reason="the grader gives kernels users of their own as root")
def test_each_kernel_runs_as_a_user_of_its_own(tmp_path):
    """Linux counts the process limit per user: kernels graded at once must not share one."""
    users = [
        int(printed(run_cells(tmp_path, "import os; print(os.getuid())").cells[0]))
        for _ in range(2)
    ]
    assert users[0] != users[1] and 0 not in users


@pytest.mark.skipif(os.geteuid() == 0, reason="a grader that is not root has no users to give")
def test_a_grader_that_is_not_root_runs_kernels_as_itself_in_a_user_namespace(tmp_path):
    (cell,) = run_cells(
        tmp_path, "import os; print(os.getuid(), os.readlink('/proc/self/ns/user'))"
    ).cells
    uid, namespace = printed(cell).split() or [None, None]
    assert uid == str(os.getuid()), error(cell)
    assert namespace != os.readlink("/proc/self/ns/user")


def test_files_beside_the_notebook_are_read_by_the_kernel(tmp_path):
    """A grading worker's temporary folder is private (0700), and so may its files be: the
    kernel reads them all the same, whatever user it runs as."""
    folder = tmp_path / "submitted" / "mallory" / "01_perceptron_xor"
    (folder / "data").mkdir(parents=True)
    (folder / "data.csv").write_text("x,y\n1,2\n")
    (folder / "data" / "more.csv").write_text("3,4\n")
    for path, mode in ((folder / "data" / "more.csv", 0o600), (folder / "data", 0o700)):
        path.chmod(mode)
    folder.chmod(0o700)
    (cell,) = run_cells(
        tmp_path, 'print(open("data.csv").read() + open("data/more.csv").read(), end="")'
    ).cells
    assert printed(cell) == "x,y\n1,2\n3,4\n", error(cell)


def test_the_grading_package_is_hidden_wherever_it_is_installed():
    from grading_tools.run.sandbox import hidden_paths

    package = str(Path(grading_tools.__file__).resolve().parent)
    assert hidden_paths([str(Path(package).parents[1])]) == [package]  # e.g. in site-packages
    assert hidden_paths(["/nonexistent"]) == []


def test_a_symlink_in_the_submission_leads_nowhere(tmp_path):
    """Links are neither followed nor copied, whether to a file or to a folder; nor is anything
    else that is not a regular file or folder (a pipe would hang the copy)."""
    folder = tmp_path / "submitted" / "mallory" / "01_perceptron_xor"
    folder.mkdir(parents=True)
    (folder / "answers.ipynb").symlink_to(GRADER_PATHS["the source notebooks"])
    (folder / "course").symlink_to(ROOT, target_is_directory=True)
    os.mkfifo(folder / "pipe")
    (cell,) = run_cells(
        tmp_path,
        """
        import os
        try:
            print(open("answers.ipynb").read(80))
        except OSError as error:
            print("refused:", type(error).__name__, os.listdir("."))
        """,
    ).cells
    assert printed(cell).strip() == "refused: FileNotFoundError []", error(cell)
