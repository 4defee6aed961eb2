"""The course's execution preprocessor, configured in nbgrader_config.py.

`AutogradeExecute` is nbgrader's Execute with these changes:
- every kernel runs in a bubblewrap sandbox with limits (grading_tools.run.sandbox), drawn from
  a KernelPool (grading_tools.run.kernels), and the hidden inputs of the notebook's checks are
  handed to it as data: the reference never enters it;
- it runs only what grading needs: cells the instructor tagged `demo` (figures, experiments) are
  skipped. Grade and solution cells are never skipped, whatever their tags say;
- a submission that kills its kernel (`os._exit`, a crash, a sandbox limit) fails the cell it
  died in and every cell after it, instead of leaving the whole notebook ungraded;
- once `timeout_budget` cells have run past the time limit (an endless loop, met again in every
  cell that calls it), the remaining cells fail without running;
- a cell that prints more than the output limit is stopped and fails;
- a notebook as a whole has a wall-clock budget (`notebook_timeout`, sleeping and waiting
  included) and an output budget (`notebook_output_limit`). The cell running when the time runs
  out is stopped; output past its budget is dropped, never stored, so the executed notebook stays
  small whatever the submission prints. Either way that cell fails, and every code cell after it
  fails without running, the limit named.
"""

import asyncio
import contextlib
import json
import logging
import math
import os
import time
from dataclasses import dataclass

from jupyter_core.utils import ensure_async
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbgrader import utils
from nbgrader.preprocessors import Execute
from traitlets import Bool, Instance, Integer, List, Unicode

from course.hidden import CASES_VARIABLE, MIME

from .. import notebooks
from ..judge import write_hidden_inputs
from ..run.kernels import KernelPool
from ..run.sandbox import COPY_IN, Sandbox, Workspace
from .preprocessors import _fail


def _amount(size):
    """A number of bytes as the settings' help gives it: in MiB when whole, else in KiB."""
    return f"{size // 1024**2} MiB" if size % 1024**2 == 0 else f"{size // 1024} KiB"


@dataclass(frozen=True)
class NotebookLimit:
    """A limit on a notebook as a whole, as its failing cells name it."""

    ename: str
    here: str  # the error of the cell that reached it
    later: str  # the error of each code cell after it, not run
    detail: str  # the limit, its setting and what happened then


def is_demo(cell):
    """A cell that only teaches (tagged `demo`), never a cell that is graded or holds an answer."""
    return (
        "demo" in cell.metadata.get("tags", [])
        and not utils.is_grade(cell)
        and not utils.is_solution(cell)
    )


class AutogradeExecute(Execute):
    """nbgrader's Execute for autograding: in the sandbox, with the hidden inputs handed over as
    data; skips demos, survives dead kernels and endless loops, and bounds each cell's output."""

    timeout_budget = Integer(
        2, help="After this many cells have timed out, the remaining cells fail without running."
    ).tag(config=True)
    iopub_timeout = Integer(
        20,
        help=(
            "Seconds to wait, once the kernel has replied, for a cell's last output. A cell whose "
            "output does not arrive by then fails with IOPubTimeout and the notebook goes on "
            "(nbclient's 4 s, and its raising out of the whole notebook, lost every test of a "
            "submission whose fork bomb starved the kernel's output under load)."
        ),
    ).tag(config=True)
    notebook_timeout = Integer(
        300,
        help=(
            "Wall-clock seconds a notebook may run in all, sleeping and waiting included (0: no "
            "limit). The cell running when they are used up is stopped; the cells after it fail "
            "without running. The clock starts with the first cell, once the kernel is ready."
        ),
    ).tag(config=True)
    notebook_output_limit = Integer(
        8 * 1024**2,
        help=(
            "Bytes of output (printing, figures, errors, check records) a notebook may produce in "
            "all (0: no limit). Output past it is dropped; the cell producing it fails and the "
            "cells after it fail without running."
        ),
    ).tag(config=True)
    start_ahead = Bool(
        False,
        help=(
            "Start the next notebook's sandboxed kernel while this one runs, so that kernel "
            "start-up overlaps grading. For a worker that grades many notebooks in a row with one "
            "kernel_pool: `python -m grading_tools grade` sets it."
        ),
    ).tag(config=True)
    preload = List(
        Unicode(),
        ["numpy", "matplotlib.pyplot"],
        help=(
            "Modules every sandboxed kernel imports while it starts (leaving no name defined), so "
            "that a kernel started ahead has done that work before its notebook arrives."
        ),
    ).tag(config=True)
    debug = Bool(
        False,
        help=(
            "Log every message from the kernel (DEBUG level; check records included). Off, the log "
            "says per notebook what happened."
        ),
    ).tag(config=True)

    kernel_pool = Instance(
        KernelPool,
        allow_none=True,
        help=(
            "The pool its sandboxed kernels come from: a worker's, for a whole grading run (see "
            "grading_tools.run). None: a pool of its own per notebook, as under `nbgrader "
            "autograde`."
        ),
    )

    def preprocess(self, nb, resources=None, km=None):
        """Execute `nb` in a sandboxed kernel (nbgrader's Execute, with the changes above)."""
        self._running, self._timeouts = 0, 0
        self._deadline, self._cut_by_clock = None, False
        self._notebook_output_bytes, self._stopped_by = 0, None
        self.log = _execution_log(self.log, self.debug)
        self._sandbox = Sandbox(parent=self)
        with contextlib.ExitStack() as cleanup:
            pool = self.kernel_pool or cleanup.enter_context(KernelPool())
            km = self._open_kernel(nb, resources, pool, cleanup) or km
            self._hidden_inputs = self._write_hidden_inputs(nb, resources)
            cleanup.callback(self._stop_client)
            try:
                return super().preprocess(nb, resources, km)
            except DeadKernelError:
                self._fail_from_death(nb, km)
                return nb, resources

    def _open_kernel(self, nb, resources, pool, cleanup):
        """The sandboxed kernel for `nb`, from `pool`, its workspace holding the submission;
        unsandboxed, None (nbclient starts the kernel) and a workspace for the hidden inputs.
        Whatever it opens, `cleanup` closes."""
        if not self._sandbox.enabled:
            self.log.warning(
                "Grading UNSANDBOXED (c.Sandbox.enabled = False): student code can "
                "read the reference solutions and the gradebook."
            )
            self._workspace = Workspace()
            cleanup.callback(self._workspace.close)
            return None
        pool.preflight(self._sandbox)
        ahead = self.start_ahead and self.kernel_pool is not None  # a next notebook to start for
        km = pool.take(self._sandbox, *self._kernel_settings(nb), self.config, ahead=ahead)
        cleanup.callback(pool.stop, km)
        self._workspace = km.workspace
        self._workspace.fill(resources["metadata"]["path"])
        return km

    def _kernel_settings(self, nb):
        """(the kernel's name, its command-line arguments) for `nb`."""
        name = self.kernel_name or nb.metadata.get("kernelspec", {}).get("name") or "python3"
        preload = f"for _m in {tuple(self.preload)!r}: __import__(_m)"
        arguments = [
            *self.extra_arguments,
            f"--HistoryManager.hist_file={self.ipython_hist_file}",
            f"--IPKernelApp.exec_lines={preload}",
            "--IPKernelApp.exec_lines=del _m",
        ]
        return name, arguments

    def _write_hidden_inputs(self, nb, resources):
        """The hidden inputs of the functions `nb`'s test cells check, written into the
        workspace; their path."""
        names = [
            name
            for cell in nb.cells
            if notebooks.is_test(cell)
            for name in notebooks.checked_functions(cell.source)
        ]
        assignment = resources["nbgrader"]["assignment"]
        return write_hidden_inputs(self._workspace.hidden, assignment, names)

    def _fail_from_death(self, nb, km):
        """The kernel died in the running cell: that cell and every code cell after it fail."""
        why = self._sandbox.explain_exit(getattr(km, "exit_code", None))
        self.log.warning(
            "The kernel died in cell %d%s; the cells from there on fail.",
            self._running,
            f" ({why})" if why else "",
        )
        for index, cell in enumerate(nb.cells[self._running :], start=self._running):
            if cell.cell_type == "code":
                where = (
                    "while running this cell" if index == self._running else "in an earlier cell"
                )
                _fail(
                    cell,
                    f"the kernel died {where}" + (f": {why}" if why else ""),
                    "The submission ended the Python process (os._exit, a crash, or a "
                    "sandbox limit); nothing after that point ran.",
                    ename="KernelDied",
                )

    def _stop_client(self):
        if getattr(self, "kc", None) is not None:
            self.kc.stop_channels()
            self.kc = None

    def start_new_kernel_client(self):
        client = super().start_new_kernel_client()
        if self._sandbox.enabled:
            self.wait_for_reply(client.execute(COPY_IN, silent=True, store_history=False))
        return client

    def start_new_kernel(self, **kwargs):
        if not self._sandbox.enabled:  # the sandbox sets the kernel's environment itself
            kwargs["env"] = {**os.environ, CASES_VARIABLE: str(self._hidden_inputs)}
        return super().start_new_kernel(**kwargs)

    def preprocess_cell(self, cell, resources, index):
        self._running, self._output_bytes, self._output_cut = index, 0, False
        if is_demo(cell) or self._not_run(cell):
            return cell, resources
        cell, resources = self._run(cell, resources, index)
        self._fail_on_limits(cell)
        self._explain_errors(cell)
        return cell, resources

    def _not_run(self, cell):
        """Whether `cell` is not to run, a code cell then failing why: the notebook stopped at a
        limit, or too many cells ran past the time limit."""
        if self._notebook_stopped():
            limit = self._stopped_by
            if cell.cell_type == "code":
                _fail(cell, limit.later, limit.detail, ename=limit.ename)
            return True
        if cell.cell_type == "code" and self._timeouts >= self.timeout_budget:
            _fail(
                cell,
                f"not run: {self._timeouts} earlier cells ran past the time limit",
                f"Each cell may run {self.timeout} s; after {self.timeout_budget} cells that did "
                "not finish (an endless loop?), the rest of the notebook is not run.",
                ename="NotRun",
            )
            return True
        return False

    def _run(self, cell, resources, index):
        """nbgrader's execution of the cell; output that did not arrive fails it, and the
        notebook goes on."""
        try:
            return super().preprocess_cell(cell, resources, index)
        except CellTimeoutError as error:
            if "IOPub" not in str(error):
                raise
            full = f" ({self._sandbox.full_text()})" if self._sandbox_full() else ""
            _fail(
                cell,
                f"the cell's output did not arrive within {self.iopub_timeout} s of its end{full}",
                "Its output may be incomplete; the rest of the notebook was run "
                "(c.AutogradeExecute.iopub_timeout).",
                ename="IOPubTimeout",
            )
            return cell, resources

    def _fail_on_limits(self, cell):
        """Fail the cell that ran past its output limit, or that reached a notebook's limit."""
        if self._output_cut:
            limit = self._sandbox.output_limit // 1024
            _fail(
                cell,
                f"this cell printed more than the {limit} KiB of output a cell may print",
                "The rest of its output was dropped and the cell was stopped "
                "(c.Sandbox.output_limit).",
                ename="OutputLimit",
            )
        if self._stopped_by:  # reached while this cell ran
            limit = self._stopped_by
            if self._cut_by_clock:  # nbclient's CellTimeoutError: the limit says it better
                timeout = self.error_on_timeout.get("ename")
                cell.outputs = [o for o in cell.outputs if o.get("ename") != timeout]
            _fail(cell, limit.here, limit.detail, ename=limit.ename)

    def _explain_errors(self, cell):
        """Name the sandbox limit behind each error the cell met, where one is."""
        for output in cell.get("outputs", []):
            why = output.get("output_type") == "error" and self._sandbox.explain_error(
                output.get("ename", ""), output.get("evalue", "")
            )
            if why:
                output["evalue"] = f"{output.get('evalue', '')} ({why})"
            elif output.get("ename") == "CellTimeoutError" and self._sandbox_full():
                # a fork bomb: its copies of the kernel can keep the cell's reply from the grader
                output["evalue"] = f"{output.get('evalue', '')} ({self._sandbox.full_text()})"

    def _sandbox_full(self):
        """Whether the sandbox runs as many processes and threads as it may."""
        tasks = getattr(self.km, "tasks", None)
        return tasks is not None and tasks() >= self._sandbox.process_limit

    def output(self, outs, msg, display_id, cell_index):
        """Keep a cell's output within the cell's limit (errors and hidden-test records always
        stay), and the notebook's within the notebook's (nothing past it is stored)."""
        content = msg.get("content", {})
        size = len(json.dumps(content))
        if msg["msg_type"] != "error" and MIME not in content.get("data", {}):
            self._output_bytes += size  # output dropped counts too: an endless printer is stopped
            if self._output_bytes > self._sandbox.output_limit:
                if not self._output_cut:
                    self._output_cut = True
                    asyncio.ensure_future(ensure_async(self.km.interrupt_kernel()))
                return None
        # the notebook's budget counts what would be stored (not what the cell's limit dropped)
        if not self._fits_notebook_output(size):
            return None
        return super().output(outs, msg, display_id, cell_index)

    def _update_display_id(self, display_id, msg):
        """Replace the data of every earlier display with this id (display handles' `update`),
        counted once per display it replaces, as it is stored once per display."""
        copies = sum(len(indices) for indices in self._display_id_map.get(display_id, {}).values())
        if self._fits_notebook_output(copies * len(json.dumps(msg.get("content", {})))):
            super()._update_display_id(display_id, msg)

    def _fits_notebook_output(self, size):
        """Whether `size` more bytes of output fit the notebook's output budget; the first time
        they do not, the notebook stops after this cell.

        The cell is not interrupted here: a cell's output mostly arrives as it ends, when an
        interrupt can cost the kernel's reply (and the cell its whole timeout). A cell that
        keeps printing is stopped by its own output limit, one that keeps running by the time
        limits."""
        self._notebook_output_bytes += size
        if not self._output_used_up():
            return True
        amount = _amount(self.notebook_output_limit)
        self._stop(
            NotebookLimit(
                "NotebookOutputLimit",
                f"output dropped: the notebook printed more than the {amount} it may print",
                f"not run: the notebook printed more than the {amount} it may print",
                f"A notebook may print {amount} in all, errors included "
                "(c.AutogradeExecute.notebook_output_limit): the output past it was dropped, and "
                "the cells after the one printing then were not run.",
            )
        )
        return False

    def _output_used_up(self):
        """Whether the notebook has produced more output than it may."""
        limit = self.notebook_output_limit
        return bool(limit) and self._notebook_output_bytes > limit

    def _get_timeout(self, cell):
        """A cell's timeout: nbgrader's per cell, or less when less is left of the notebook's
        time, so that the cell running when that runs out is interrupted then."""
        timeout = super()._get_timeout(cell)
        left = self._seconds_left()
        self._cut_by_clock = cell is not None and left < (timeout or math.inf)
        return max(left, 0.001) if self._cut_by_clock else timeout  # 0 would mean no timeout

    def _seconds_left(self):
        """What is left of the notebook's time (infinite before its first cell, or with no
        limit); the clock starts with the first cell, not with the kernel's start."""
        return math.inf if self._deadline is None else self._deadline - time.monotonic()

    def _notebook_stopped(self):
        """Whether the notebook has stopped: a notebook limit was reached (the time may have run
        out between cells). Starts the notebook's clock at its first cell."""
        if self._deadline is None and self.notebook_timeout:
            self._deadline = time.monotonic() + self.notebook_timeout
        if self._seconds_left() <= 0:
            self._stop(self._time_limit())
        return self._stopped_by is not None

    def _time_limit(self):
        seconds = self.notebook_timeout
        return NotebookLimit(
            "NotebookTimeLimit",
            f"stopped: the notebook used up the {seconds} s it may run",
            f"not run: the notebook used up the {seconds} s it may run",
            f"A notebook may run for {seconds} s in all, sleeping and waiting included "
            "(c.AutogradeExecute.notebook_timeout): the cell running then was stopped and the "
            "cells after it were not run.",
        )

    def _stop(self, limit):
        """Stop the notebook at `limit` (the first limit reached is the one named): the running
        cell fails, and every code cell after it."""
        if self._stopped_by is None:
            self._stopped_by = limit
            self.log.warning("Cell %d: %s; the cells after it fail.", self._running, limit.here)

    def on_cell_executed(self, **kwargs):
        reply = kwargs["execute_reply"]["content"]
        if reply.get("ename") == self.error_on_timeout.get("ename"):
            if self._cut_by_clock:
                self._stop(self._time_limit())
            else:
                self._timeouts += 1
        if reply.get("status") == "error" and self._output_used_up():
            # nbgrader adds the reply's error to the cell when its output was not kept: not the
            # message, which is output past the limit too
            reply.update(evalue="", traceback=[f"{reply.get('ename')}: (message dropped)"])
        return super().on_cell_executed(**kwargs)


def _execution_log(log, debug):
    """A child of `log` for execution: nbclient logs every kernel message at DEBUG (check
    records included), which only `debug` keeps. Records still reach `log`'s handlers."""
    if not isinstance(log, logging.Logger):
        return log
    child = log if log.name.endswith(".execute") else log.getChild("execute")
    child.setLevel(logging.DEBUG if debug else logging.INFO)
    return child
