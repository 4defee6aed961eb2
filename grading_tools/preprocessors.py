"""The course's two nbgrader preprocessors, configured in nbgrader_config.py.

`AutogradeExecute` is nbgrader's Execute with these changes:
- every kernel runs in a bubblewrap sandbox with limits (grading_tools.sandbox), and the hidden
  inputs of the notebook's checks are handed to it as data: the reference never enters it;
- it runs only what grading needs: cells the instructor tagged `demo` (figures, experiments) are
  skipped. Grade and solution cells are never skipped, whatever their tags say;
- a submission that kills its kernel (`os._exit`, a crash, a sandbox limit) fails the cell it
  died in and every cell after it, instead of leaving the whole notebook ungraded;
- once `timeout_budget` cells have run past the time limit (an endless loop, met again in every
  cell that calls it), the remaining cells fail without running;
- a cell that prints more than the output limit is stopped and fails.

`VerifyHiddenChecks` judges every hidden test in the grader's own process. In the kernel, a
hidden test only records what the student's function returned on the hidden inputs
(course.hidden); after execution, this preprocessor reads each test cell's trusted source
(restored by nbgrader from the gradebook), finds its `check("name", ...)` calls, and judges the
records against the reference. A wrong result, or a test cell that left no record (bypassed or
crashed), gets an error output with the teaching message and so scores 0.

It also closes a hole in nbgrader's partial credit: a test cell whose first output is a number
scores that number, even if an error follows. This course's test cells never produce results,
so a result in a test cell comes from the submission and is turned into a failure.
"""

import asyncio
import json
import logging
import os

from jupyter_core.utils import ensure_async
from nbclient.exceptions import DeadKernelError
from nbformat.v4 import new_output
from nbgrader import utils
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Bool, Integer, List, Unicode

from course.hidden import CASES_VARIABLE, MIME

from . import notebooks
from .checks import verify_record, write_hidden_inputs
from .sandbox import COPY_IN, Sandbox, Workspace, stop_kernel, take_kernel


def verdict(assignment, names, outputs, failed=()):
    """None if every check named in the cell left records that verify, else the reason.
    `failed`: functions whose tests failed earlier in the notebook (see verify_record)."""
    records = [
        o["data"][MIME]
        for o in outputs
        if o.get("output_type") == "display_data" and MIME in o.get("data", {})
    ]
    for record in records:
        name = record.get("check") if isinstance(record, dict) else None
        if name not in names:
            return f"an unexpected check record ({name!r}) appeared in this test cell"
    for name in names:
        own = [r for r in records if r.get("check") == name]
        if not own:
            return (
                f"the hidden test of {name} left no record of its results: it was bypassed, "
                "patched or interrupted (look at the code that ran before this cell)"
            )
        for record in own:
            problem = verify_record(assignment, name, record, failed)
            if problem:
                return problem
    return None


def _fail(cell, title, detail, ename="HiddenTestFailed"):
    cell.outputs.append(
        new_output(
            "error",
            ename=ename,
            evalue=title,
            traceback=[f"{ename}: {title}", *detail.splitlines()],
        )
    )


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
    start_ahead = Bool(
        False,
        help=(
            "Start the next notebook's sandboxed kernel while this one runs, so that kernel "
            "start-up "
            "overlaps grading. For a process that grades many notebooks in a row: "
            "`python -m grading_tools grade` sets it."
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

    def preprocess(self, nb, resources=None, km=None):
        self._running, self._timeouts = 0, 0
        self.log = _execution_log(self.log, self.debug)
        self._sandbox = Sandbox(parent=self)
        if self._sandbox.enabled:
            _preflight(self._sandbox)
            km = self._sandboxed_kernel(nb)
            self._workspace = km.workspace
            self._workspace.fill(resources["metadata"]["path"])
        else:
            self.log.warning(
                "Grading UNSANDBOXED (c.Sandbox.enabled = False): student code can "
                "read the reference solutions and the gradebook."
            )
            self._workspace = Workspace()
        try:
            names = [
                n
                for cell in nb.cells
                if notebooks.is_test(cell)
                for n in notebooks.checked_functions(cell.source)
            ]
            self._hidden_inputs = write_hidden_inputs(
                self._workspace.hidden, resources["nbgrader"]["assignment"], names
            )
            return super().preprocess(nb, resources, km)
        except DeadKernelError:
            why = self._sandbox.explain_exit(getattr(km, "exit_code", None))
            self.log.warning(
                "The kernel died in cell %d%s; the cells from there on fail.",
                self._running,
                f" ({why})" if why else "",
            )
            for index, cell in enumerate(nb.cells[self._running :], start=self._running):
                if cell.cell_type == "code":
                    where = (
                        "while running this cell"
                        if index == self._running
                        else "in an earlier cell"
                    )
                    _fail(
                        cell,
                        f"the kernel died {where}" + (f": {why}" if why else ""),
                        "The submission ended the Python process (os._exit, a crash, or a "
                        "sandbox limit); nothing after that point ran.",
                        ename="KernelDied",
                    )
            return nb, resources
        finally:
            if getattr(self, "kc", None) is not None:
                self.kc.stop_channels()
                self.kc = None
            if km is not None:
                stop_kernel(km)
            self._workspace.close()

    def _sandboxed_kernel(self, nb):
        """A started sandboxed kernel for `nb` (see sandbox.take_kernel)."""
        name = self.kernel_name or nb.metadata.get("kernelspec", {}).get("name") or "python3"
        preload = f"for _m in {tuple(self.preload)!r}: __import__(_m)"
        arguments = [
            *self.extra_arguments,
            f"--HistoryManager.hist_file={self.ipython_hist_file}",
            f"--IPKernelApp.exec_lines={preload}",
            "--IPKernelApp.exec_lines=del _m",
        ]
        return take_kernel(self._sandbox, name, arguments, self.config, ahead=self.start_ahead)

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
        if is_demo(cell):
            return cell, resources
        if cell.cell_type == "code" and self._timeouts >= self.timeout_budget:
            _fail(
                cell,
                f"not run: {self._timeouts} earlier cells ran past the time limit",
                f"Each cell may run {self.timeout} s; after {self.timeout_budget} cells that did "
                "not "
                "finish (an endless loop?), the rest of the notebook is not run.",
                ename="NotRun",
            )
            return cell, resources
        cell, resources = super().preprocess_cell(cell, resources, index)
        if self._output_cut:
            limit = self._sandbox.output_limit // 1024
            _fail(
                cell,
                f"this cell printed more than the {limit} KiB of output a cell may print",
                "The rest of its output was dropped and the cell was stopped "
                "(c.Sandbox.output_limit).",
                ename="OutputLimit",
            )
        for output in cell.get("outputs", []):
            why = output.get("output_type") == "error" and self._sandbox.explain_error(
                output.get("ename", ""), output.get("evalue", "")
            )
            if why:
                output["evalue"] = f"{output.get('evalue', '')} ({why})"
        return cell, resources

    def output(self, outs, msg, display_id, cell_index):
        """Keep a cell's output within the limit; errors and hidden-test records always stay."""
        content = msg.get("content", {})
        if msg["msg_type"] != "error" and MIME not in content.get("data", {}):
            self._output_bytes += len(json.dumps(content))
            if self._output_bytes > self._sandbox.output_limit:
                if not self._output_cut:
                    self._output_cut = True
                    asyncio.ensure_future(ensure_async(self.km.interrupt_kernel()))
                return None
        return super().output(outs, msg, display_id, cell_index)

    def on_cell_executed(self, **kwargs):
        if kwargs["execute_reply"]["content"].get("ename") == self.error_on_timeout.get("ename"):
            self._timeouts += 1
        return super().on_cell_executed(**kwargs)


def _execution_log(log, debug):
    """A child of `log` for execution: nbclient logs every kernel message at DEBUG (check
    records included), which only `debug` keeps. Records still reach `log`'s handlers."""
    if not isinstance(log, logging.Logger):
        return log
    child = log if log.name.endswith(".execute") else log.getChild("execute")
    child.setLevel(logging.DEBUG if debug else logging.INFO)
    return child


_READY = set()


def _preflight(sandbox):
    """Check once per grader process that a sandbox can start (SandboxUnavailable if not)."""
    if sandbox.program() not in _READY:
        sandbox.preflight()
        _READY.add(sandbox.program())


class VerifyHiddenChecks(NbGraderPreprocessor):
    """Re-judge each test cell's hidden checks outside the kernel (see the module docstring)."""

    def preprocess(self, nb, resources):
        self._failed = (
            set()
        )  # functions whose tests failed so far: callers are told to fix them first
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or not utils.is_grade(cell) or utils.is_solution(cell):
            return cell, resources
        results = [o for o in cell.outputs if o.get("output_type") == "execute_result"]
        if results:
            cell.outputs = [o for o in cell.outputs if o.get("output_type") != "execute_result"]
            _fail(
                cell,
                "this test cell produced a result value, which nbgrader would take as a score",
                "Test cells never produce results; the submission's code did. The cell scores 0.",
                ename="ResultInTestCell",
            )
            return cell, resources
        names = notebooks.checked_functions(cell.source)
        if names and not utils.has_failed(cell):
            problem = verdict(
                resources["nbgrader"]["assignment"], names, cell.outputs, self._failed
            )
            if problem:
                self.log.info(
                    "Hidden test failed in cell %s: %s",
                    cell.metadata["nbgrader"]["grade_id"],
                    problem.splitlines()[0],
                )
                _fail(cell, problem.splitlines()[0], problem, ename="HiddenTestFailed")
        if utils.has_failed(cell):
            self._failed.update(names)
        return cell, resources
