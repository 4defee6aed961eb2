"""Grading on the workers of a Dask scheduler: Dask's own executor, each worker with a kernel
pool held by a worker plugin (open from the plugin's setup to its teardown)."""

import contextlib
from collections.abc import Iterator
from concurrent.futures import Executor

from distributed import Client, WorkerPlugin, get_worker

from .kernels import KernelPool
from .tasks import Executed, Task, execute

PLUGIN = "nn-course-kernel-pool"


class KernelPoolPlugin(WorkerPlugin):
    """A Dask worker's kernel pool, open from `setup` to `teardown`."""

    def setup(self, worker) -> None:
        self.pool = KernelPool()

    def teardown(self, worker) -> None:
        self.pool.close()


def run_on_worker(task: Task) -> Executed:
    """Execute `task` with the kernel pool of the Dask worker it runs on."""
    return execute(task, get_worker().plugins[PLUGIN].pool)


@contextlib.contextmanager
def dask_executor(address: str) -> Iterator[tuple[Executor, int]]:
    """Dask's executor on the workers of the scheduler at `address`, and how many tasks they run
    at once (their threads); tasks run there through `run_on_worker`. On leaving, the plugin is
    removed, so that no kernel waits on a worker for nothing."""
    with Client(address, timeout="20s") as client:
        threads = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())
        client.register_plugin(KernelPoolPlugin(), name=PLUGIN)
        executor = client.get_executor(pure=False)
        try:
            yield executor, max(1, threads)
        finally:
            executor.shutdown(wait=False)
            client.unregister_worker_plugin(PLUGIN)
