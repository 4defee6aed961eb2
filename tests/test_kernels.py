"""The kernel pool a worker grades with: a kernel started ahead is the next notebook's, a kernel
started with other settings is never handed out, and closing the pool leaves no kernel running
and no folder behind."""

from pathlib import Path

import pytest
from jupyter_core.utils import run_sync
from traitlets.config import Config

from grading_tools.run.kernels import KernelPool
from grading_tools.run.sandbox import Sandbox

ARGUMENTS = ["--IPKernelApp.log_level=ERROR"]


@pytest.fixture(scope="module")
def sandbox():
    box = Sandbox()
    box.preflight()
    return box


def alive(km):
    return run_sync(km.is_alive)()


def test_the_kernel_started_ahead_is_the_next_notebooks(sandbox):
    with KernelPool() as pool:
        first = pool.take(sandbox, "python3", ARGUMENTS, Config(), ahead=True)
        (ahead,) = pool.waiting
        pool.stop(first)
        second = pool.take(sandbox, "python3", ARGUMENTS, Config())
        assert second is ahead and alive(second)
        assert pool.waiting == ()
        pool.stop(second)
    assert not alive(second)


def test_a_kernel_started_with_other_settings_is_stopped_not_handed_out(sandbox):
    with KernelPool() as pool:
        first = pool.take(sandbox, "python3", ARGUMENTS, Config(), ahead=True)
        (stale,) = pool.waiting
        pool.stop(first)
        other = pool.take(sandbox, "python3", ["--IPKernelApp.log_level=WARN"], Config())
        assert other is not stale and alive(other)
        assert not alive(stale) and pool.waiting == ()
        pool.stop(other)


def test_closing_the_pool_stops_the_kernels_started_ahead_and_removes_their_folders(sandbox):
    with KernelPool() as pool:
        km = pool.take(sandbox, "python3", ARGUMENTS, Config(), ahead=True)
        pool.stop(km)
        (waiting,) = pool.waiting
        folders = [Path(waiting.workspace.root), Path(waiting.workspace.matplotlib_cache)]
        assert alive(waiting) and all(folder.is_dir() for folder in folders)
    assert not alive(waiting)
    assert not any(folder.exists() for folder in folders)
    assert pool.waiting == ()
