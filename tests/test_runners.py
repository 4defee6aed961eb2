"""Where tasks run: every runner is a `concurrent.futures` executor, waited on with the standard
library, and a runner whose workers are gone hands back a failed future (the coordinator then
executes the task itself) instead of stopping the class's grading."""

import concurrent.futures

import pytest

from grading_tools.run.runners import InProcessExecutor, Runner


def test_the_in_process_executor_runs_each_task_as_it_is_submitted():
    executor = InProcessExecutor()
    done = executor.submit(pow, 2, 10)
    failed = executor.submit(int, "not a number")
    finished, pending = concurrent.futures.wait([done, failed], return_when="FIRST_COMPLETED")
    assert finished == {done, failed} and not pending
    assert done.result() == 1024
    with pytest.raises(ValueError):
        failed.result()


def test_a_runner_whose_executor_is_shut_down_gives_a_failed_future():
    executor = concurrent.futures.ThreadPoolExecutor(1)
    executor.shutdown()
    future = Runner(executor, 1, str).submit("a task")
    assert future.done() and isinstance(future.exception(), RuntimeError)
