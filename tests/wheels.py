"""Installing a wheel alone into a fresh virtual environment, offline, to test it there."""

import subprocess
import sys
import venv
from pathlib import Path

import numpy as np


def install_alone(wheel, folder):
    """A fresh venv in `folder` holding `wheel` and no other project file; return its python.

    The wheel is installed with `pip --no-index --no-deps`, so nothing is downloaded. numpy and
    the other libraries come from this environment through a .pth line, not from
    --system-site-packages, so nothing else of this environment (the editable install of the
    course, grading_tools) is visible there.
    """
    env_dir = Path(folder) / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = site_packages(python)
    installed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-index",
            "-q",
            "--target",
            str(site),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert installed.returncode == 0, installed.stderr
    (site / "libraries_from_the_test_env.pth").write_text(str(Path(np.__file__).parents[1]) + "\n")
    return python


def site_packages(python):
    """The purelib folder of the environment of `python`."""
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    return Path(
        subprocess.run(
            [str(python), "-c", code], capture_output=True, text=True, check=True
        ).stdout.strip()
    )


def run_code(python, code, cwd):
    """Run `code` with `python` in `cwd`, outside the repository and without its environment."""
    return subprocess.run(
        [str(python), "-c", code],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin"},
        timeout=60,
    )
