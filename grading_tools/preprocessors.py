"""The course's two nbgrader preprocessors, configured in nbgrader_config.py.

`AutogradeExecute` is nbgrader's Execute with three changes:
- it runs only what grading needs: cells the instructor tagged `demo` (figures, experiments) are
  skipped, so grading a notebook costs little more than starting its kernel. Grade and solution
  cells are never skipped, whatever their tags say;
- a submission that kills its kernel (`os._exit`, a crash, running out of memory) fails the cell
  it died in and every cell after it, instead of leaving the whole notebook ungraded;
- once `timeout_budget` cells have run past the time limit (an endless loop, met again in every
  cell that calls it), the remaining cells fail without running, so one submission cannot hold
  the grader for many minutes.

`VerifyHiddenChecks` re-checks every hidden test in the grader's own process. Student code runs
in the same kernel as the hidden tests, so it could patch numpy, the checking helpers or the
reference to make a wrong answer look right there. The verdict therefore does not
rest on the kernel alone: after nbgrader executes a notebook, this preprocessor (running in the
nbgrader process, which submissions cannot reach) reads each test cell's trusted source (restored
by nbgrader from the gradebook), finds its `check("name", ...)` calls, and judges the results the
kernel recorded against a clean reference on inputs it regenerates itself. A test cell that
passed in the kernel but fails here, or that left no record (a bypassed, patched or crashed
check), gets an error output and so scores 0.

It also closes a hole in nbgrader's partial credit: a test cell whose first output is a number
scores that number, even if an error follows. This course's test cells never produce results,
so a result in a test cell comes from the submission and is turned into a failure.
"""

import ast

from nbclient.exceptions import DeadKernelError
from nbformat.v4 import new_output
from nbgrader import utils
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Integer

from .checks import verify_record
from .checks.record import MIME


def checked_functions(source):
    """Names passed to `check("name", ...)` in a test cell's source, in order."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if called == "check" and isinstance(node.args[0].value, str):
                names.append(node.args[0].value)
    return names


def verdict(names, outputs):
    """None if every check named in the cell left records that verify, else the reason."""
    records = [o["data"][MIME] for o in outputs
               if o.get("output_type") == "display_data" and MIME in o.get("data", {})]
    for record in records:
        name = record.get("check") if isinstance(record, dict) else None
        if name not in names:
            return f"an unexpected check record ({name!r}) appeared in this test cell"
    for name in names:
        own = [r for r in records if r.get("check") == name]
        if not own:
            return (f"the hidden test of {name} left no record of its results: it was bypassed, "
                    "patched or interrupted (look at the code that ran before this cell)")
        for record in own:
            problem = verify_record(name, record)
            if problem:
                return problem
    return None


def touches_grading_tools(nb):
    """True if code the student could edit mentions the instructor's grading package."""
    for cell in nb.cells:
        editable = not (utils.is_grade(cell) and not utils.is_solution(cell)) and not utils.is_locked(cell)
        if cell.cell_type == "code" and editable and "grading_tools" in cell.source:
            return True
    return False


def _fail(cell, title, detail, ename="GraderRecheckFailed"):
    cell.outputs.append(new_output(
        "error", ename=ename, evalue=title, traceback=[f"{ename}: {title}", *detail.splitlines()]))


def is_demo(cell):
    """A cell that only teaches (tagged `demo`), never a cell that is graded or holds an answer."""
    return ("demo" in cell.metadata.get("tags", [])
            and not utils.is_grade(cell) and not utils.is_solution(cell))


class AutogradeExecute(Execute):
    """nbgrader's Execute for autograding: skips demos, survives dead kernels and endless loops."""

    timeout_budget = Integer(
        2, help="After this many cells have timed out, the remaining cells fail without running."
    ).tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        self._running, self._timeouts = 0, 0
        try:
            return super().preprocess(nb, resources, km)
        except DeadKernelError:
            self.log.warning("The kernel died in cell %d; the cells from there on fail.", self._running)
            for index, cell in enumerate(nb.cells[self._running:], start=self._running):
                if cell.cell_type == "code":
                    where = "while running this cell" if index == self._running else "in an earlier cell"
                    _fail(cell, f"the kernel died {where}",
                          "The submission ended the Python process (os._exit, a crash, or no memory "
                          "left); nothing after that point ran.", ename="KernelDied")
            return nb, resources

    def preprocess_cell(self, cell, resources, index):
        self._running = index
        if is_demo(cell):
            return cell, resources
        if cell.cell_type == "code" and self._timeouts >= self.timeout_budget:
            _fail(cell, f"not run: {self._timeouts} earlier cells ran past the time limit",
                  f"Each cell may run {self.timeout} s; after {self.timeout_budget} cells that did not "
                  "finish (an endless loop?), the rest of the notebook is not run.", ename="NotRun")
            return cell, resources
        return super().preprocess_cell(cell, resources, index)

    def on_cell_executed(self, **kwargs):
        if kwargs["execute_reply"]["content"].get("ename") == self.error_on_timeout.get("ename"):
            self._timeouts += 1
        return super().on_cell_executed(**kwargs)


class VerifyHiddenChecks(NbGraderPreprocessor):
    """Re-judge each test cell's hidden checks outside the kernel (see the module docstring)."""

    def preprocess(self, nb, resources):
        self._forbidden_import = touches_grading_tools(nb)
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or not utils.is_grade(cell) or utils.is_solution(cell):
            return cell, resources
        results = [o for o in cell.outputs if o.get("output_type") == "execute_result"]
        if results:
            cell.outputs = [o for o in cell.outputs if o.get("output_type") != "execute_result"]
            _fail(cell, "this test cell produced a result value, which nbgrader would take as a score",
                  "Test cells never produce results; the submission's code did. The cell scores 0.")
            return cell, resources
        names = checked_functions(cell.source)
        if not names or utils.has_failed(cell):
            return cell, resources
        if self._forbidden_import:
            _fail(cell, "the submission uses grading_tools, the instructor's reference solutions",
                  "Solutions must be the student's own code; remove every use of grading_tools.")
            return cell, resources
        problem = verdict(names, cell.outputs)
        if problem:
            self.log.warning("Grader re-check failed in cell %s: %s",
                             cell.metadata["nbgrader"]["grade_id"], problem.splitlines()[0])
            _fail(cell, f"the grader's own re-check failed: {problem.splitlines()[0]}", problem)
        return cell, resources
