"""Where tasks run: `concurrent.futures` executors, chosen by `open_runner`.

- in this process (`workers=0`): `InProcessExecutor`, which runs each task as it is submitted;
- `workers` local processes: the standard library's ProcessPoolExecutor;
- the workers of a Dask scheduler (`dask worker ADDRESS` on each host, in the course's
  environment): Dask's own executor, `distributed.Client(address).get_executor()`.

Every worker executes its tasks with kernels from a KernelPool of its own, open as long as the
runner: in this process, the runner's; in a local worker process, one the process opens when it
starts (the executor's initializer) and closes when it ends; on a Dask worker, one held by a
worker plugin, whose teardown closes it when the runner closes (dask_workers.py).
"""

import concurrent.futures
import contextlib
import functools
import multiprocessing
import multiprocessing.util
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .kernels import KernelPool
from .tasks import Executed, Task, execute


@dataclass(frozen=True)
class Runner:
    """An executor, how many tasks it runs at once, and the function it runs on each task."""

    executor: concurrent.futures.Executor
    workers: int
    run: Callable[[Task], Executed]

    def submit(self, task: Task) -> concurrent.futures.Future:
        """`task` submitted to the executor; a broken executor (a worker process that died)
        gives a failed future, for the coordinator to execute the task itself."""
        try:
            return self.executor.submit(self.run, task)
        except (concurrent.futures.BrokenExecutor, RuntimeError) as error:
            future = concurrent.futures.Future()
            future.set_exception(error)
            return future


class InProcessExecutor(concurrent.futures.Executor):
    """An executor that runs each call at once, in this process, as it is submitted."""

    def submit(self, fn, /, *args, **kwargs) -> concurrent.futures.Future:
        future = concurrent.futures.Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as error:
            future.set_exception(error)
        return future


@contextlib.contextmanager
def open_runner(workers: int | None = None, scheduler: str | None = None) -> Iterator[Runner]:
    """Where tasks run: a Dask `scheduler`'s workers, `workers` local processes (None: one per
    core), or (0) this process. Closed, with every kernel its workers started ahead, on leaving
    the `with`; one runner can grade several assignments."""
    if scheduler:
        from .dask_workers import dask_executor, run_on_worker  # Dask only to grade on Dask

        with dask_executor(scheduler) as (executor, threads):
            yield Runner(executor, threads, run_on_worker)
        return
    workers = os.cpu_count() or 1 if workers is None else workers
    if workers == 0:
        with KernelPool() as pool:
            yield Runner(InProcessExecutor(), 1, functools.partial(execute, pool=pool))
        return
    executor = concurrent.futures.ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=_open_process_pool
    )
    try:
        yield Runner(executor, workers, _run_in_process)
    finally:
        executor.shutdown(cancel_futures=True)


# ------------------------------------------------------------------- local worker processes
_process_pool: list[KernelPool] = []  # in a worker process: the pool it opened as it started


def _open_process_pool() -> None:
    """A worker process's start (the executor's initializer): its pool, closed as it ends."""
    pool = KernelPool()
    _process_pool.append(pool)
    multiprocessing.util.Finalize(pool, pool.close, exitpriority=10)


def _run_in_process(task: Task) -> Executed:
    return execute(task, _process_pool[0])
