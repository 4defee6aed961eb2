"""The tests drive the pipeline in this process, set up as `python -m grading_tools` sets up its
own (alembic on PATH, nbgrader's gradebook warnings quiet)."""

from grading_tools.cli import setup_process

setup_process()
