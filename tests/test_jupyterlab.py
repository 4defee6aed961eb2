"""End to end, as a student works: JupyterLab 4 serves the release notebook with nbgrader's
Validate button, and Validate reports failing tests on an untouched copy and none on a solved one.

One JupyterLab server, on 127.0.0.1 only, started and stopped by this module.
"""

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import nbformat
import pytest

from grading_tools import notebooks
from grading_tools.demo_students import submission
from tests.support import ASSIGNMENTS, ROOT

pytestmark = pytest.mark.nbgrader
ASSIGNMENT = ASSIGNMENTS[0]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A running JupyterLab server and authenticated requests to it."""

    def __init__(self, url, token):
        self.url, self.token = url, token

    def request(self, path, data=None):
        request = urllib.request.Request(self.url + path, data=data,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.read().decode()

    def validate(self, path):
        body = urllib.parse.urlencode({"path": path}).encode()
        return json.loads(self.request("/assignments/validate", data=body))


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    home = tmp_path_factory.mktemp("student")
    release = notebooks.read(notebooks.release_notebook(ROOT, ASSIGNMENT))
    source = notebooks.read(notebooks.source_notebook(ROOT, ASSIGNMENT))
    nbformat.write(release, str(home / "untouched.ipynb"))
    nbformat.write(submission("ada", release, source, ASSIGNMENT), str(home / "solved.ipynb"))

    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(home / ".runtime"), "MPLBACKEND": "agg"}
    log = home / ".jupyterlab.log"
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={home}", "--ServerApp.port_retries=0",
         *(["--allow-root"] if os.geteuid() == 0 else [])],
        cwd=home, env=env, stdout=subprocess.DEVNULL, stderr=log.open("w"))
    running = Lab(f"http://127.0.0.1:{port}", token)
    try:
        for _ in range(120):
            try:
                running.request("/api/status")
                break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None:
                    pytest.fail(f"JupyterLab did not start:\n{log.read_text()[-2000:]}")
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not answer on 127.0.0.1 within 60 s")
        yield running
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def test_jupyterlab_loads_nbgrader_s_validate_extension(lab):
    page = lab.request("/lab")
    assert "@jupyter/nbgrader" in page
    assert json.loads(lab.request("/nbgrader_version?version=" + nbgrader_version()))["success"]


def test_validate_lists_every_failing_test_of_an_untouched_release(lab):
    result = lab.validate("untouched.ipynb")
    assert result["success"], result
    failed = result["value"]["failed"]
    tests = [c for c in notebooks.read(notebooks.release_notebook(ROOT, ASSIGNMENT)).cells if notebooks.is_test(c)]
    assert len(failed) == len(tests)
    assert all("NotImplementedError" in f["raw_error"] for f in failed)


def test_validate_passes_a_solved_notebook(lab):
    result = lab.validate("solved.ipynb")
    assert result == {"success": True, "value": {}}


def nbgrader_version():
    from nbgrader import __version__
    return __version__
