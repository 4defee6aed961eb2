"""A JupyterLab server for the tests, on 127.0.0.1 only, with a token: started and stopped here."""

import contextlib
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


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A running JupyterLab server and authenticated requests to it."""

    def __init__(self, url, token, log):
        self.url, self.token, self.log = url, token, log

    def request(self, path, data=None):
        request = urllib.request.Request(
            self.url + path, data=data, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.read().decode()

    def validate(self, path):
        body = urllib.parse.urlencode({"path": path}).encode()
        return json.loads(self.request("/assignments/validate", data=body))


@contextlib.contextmanager
def running_lab(folder, env=None):
    """JupyterLab serving `folder` (started in it, as a student starts it), stopped on exit."""
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(folder / ".runtime"),
        "MPLBACKEND": "agg",
        **(env or {}),
    }
    log = folder / ".jupyterlab.log"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={folder}",
            "--ServerApp.port_retries=0",
            *(["--allow-root"] if os.geteuid() == 0 else []),
        ],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )
    running = Lab(f"http://127.0.0.1:{port}", token, log)
    try:
        for _ in range(120):
            try:
                running.request("/api/status")
                break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None:
                    raise RuntimeError(f"JupyterLab did not start:\n{log.read_text()[-2000:]}")
                time.sleep(0.5)
        else:
            raise RuntimeError("JupyterLab did not answer on 127.0.0.1 within 60 s")
        yield running
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
