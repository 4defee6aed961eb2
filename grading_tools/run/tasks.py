"""The worker's side of grading: a Task (one submission's sanitized notebooks, its other files and
the configuration of execution) executed into an Executed (the executed notebooks).

A worker needs neither course files nor the gradebook, only the course's environment: a task is
plain data, sent to another process or host as it is.
"""

import logging
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader import utils
from traitlets.config import Config
from traitlets.utils.importstring import import_item

from .kernels import KernelPool


@dataclass
class Task:
    """What a worker needs to execute one submission's notebooks."""

    assignment: str
    student: str
    notebooks: dict[str, str]  # notebook name -> the sanitized notebook (JSON text)
    files: dict[str, bytes]  # the folder's other files: relative path -> bytes
    executor: str  # the import string of the execution preprocessor
    config: dict  # the configuration it reads (traitlets sections as plain data)


@dataclass
class Executed:
    """What a worker returns: the executed notebooks, its warnings and how long it took."""

    notebooks: dict[str, str]
    log: list[str] = field(default_factory=list)
    seconds: float = 0.0


def execute(task: Task, pool: KernelPool) -> Executed:
    """Execute a task's notebooks with kernels from `pool`."""
    start = time.perf_counter()
    records = _LogList()
    log = logging.getLogger(f"grading_tools.worker.{os.getpid()}")
    log.addHandler(records)
    log.setLevel(logging.INFO)
    executor_class = import_item(task.executor)
    pooled = {"kernel_pool": pool} if "kernel_pool" in executor_class.class_trait_names() else {}
    try:
        with tempfile.TemporaryDirectory(prefix="nn-grade-") as folder:
            _write_files(folder, task.files)
            executed = {}
            for name, text in task.notebooks.items():
                resources = {
                    "metadata": {"path": folder},
                    "nbgrader": {
                        "student": task.student,
                        "assignment": task.assignment,
                        "notebook": name,
                    },
                }
                executor = executor_class(config=Config(task.config), log=log, **pooled)
                with utils.setenv(NBGRADER_EXECUTION="autograde"):
                    nb, _ = executor.preprocess(nbformat.reads(text, as_version=4), resources)
                executed[name] = nbformat.writes(nb)
    finally:
        log.removeHandler(records)
    return Executed(executed, records.lines, time.perf_counter() - start)


def _write_files(folder: str, files: dict[str, bytes]) -> None:
    for relative, content in files.items():
        path = Path(folder, relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


class _LogList(logging.Handler):
    """The warnings of one task's execution, as lines for the coordinator's log."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines = []

    def emit(self, record):
        self.lines.append(f"[{record.levelname}] {record.getMessage()}")
