"""Running student code: the sandbox (sandbox.py), the pool of sandboxed kernels one worker
grades with (kernels.py), tasks and where they run (tasks.py, runners.py, dask_workers.py), and
the coordinator that splits nbgrader's autograde around execution (grading.py)."""
