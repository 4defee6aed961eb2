"""Slow, self-contained files that run in a pytest of their own, beside the suite, when the whole
suite runs: the suite keeps one of the machine's two cores busy; the non-root pass
(tests/test_nonroot.py) uses the other for its first minutes, and these files follow it there, one
after the other, instead of adding their minutes to the suite's. Each starts and stops its own
servers (JupyterHub, JupyterLab, Dask, PostgreSQL) on ports or sockets of its own. Run on their own
(`pytest tests/test_hub.py`), or when a session selects them without the rest, they run as usual.

`tests/test_beside.py` holds the suite's test that waits for each file and fails with its output.
"""

import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from tests.support import ROOT

FILES = ("tests/test_hub.py", "tests/test_e2e.py", "tests/test_parallel.py")
results = {}  # file -> (return code, output), once it has run
_done = threading.Event()
_taken = []  # the files taken out of this session, to run beside it
_thread = None
_running = None  # the pytest process running now


def take(config, items):
    """Take FILES' tests out of a whole-suite session (`items`), to run them beside it."""
    files = {i.nodeid.split("::")[0] for i in items}
    mine = [i for i in items if i.nodeid.split("::")[0] in FILES]
    if not mine or "tests/test_beside.py" not in files or len(files) < 3 or _taken:
        return  # run alone, or with no test to report them: they run in this session
    config.hook.pytest_deselected(items=mine)
    items[:] = [i for i in items if i not in mine]
    _taken.extend(f for f in FILES if f in files)


def start():
    """Start the files taken, in a thread that first waits for the non-root pass."""
    global _thread
    if _taken and _thread is None:
        _thread = threading.Thread(target=_run, daemon=True)
        _thread.start()


def taken():
    """The files this session runs beside itself, in the order they run."""
    return tuple(_taken)


def wait(test_file, timeout):
    """(return code, output) of `test_file`, once it has run (None after `timeout` seconds)."""
    _done.wait(timeout)
    return results.get(test_file)


def stop():
    """End a file still running when the session ends (its own test stops what it started)."""
    if _running is not None and _running.poll() is None:
        _running.terminate()


def _run():
    """After the non-root pass (its single runner), each file in a pytest of its own."""
    global _running
    nonroot = sys.modules.get("tests.test_nonroot")
    for future in nonroot.Pass.results.values() if nonroot else ():
        try:
            future.result()
        except Exception:  # its own test reports it
            pass
    try:
        for test_file in _taken:
            with tempfile.TemporaryDirectory(prefix="nn-beside-") as base:
                command = [
                    sys.executable,
                    "-m",
                    "pytest",
                    test_file,
                    "-q",
                    "-p",
                    "no:cacheprovider",
                ]
                _running = subprocess.Popen(
                    [*command, f"--basetemp={Path(base) / 'tmp'}"],
                    cwd=ROOT,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                )
                output = _running.communicate()[0]
            results[test_file] = (_running.returncode, output)
    finally:
        _done.set()
