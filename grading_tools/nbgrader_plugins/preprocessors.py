"""The course's hidden-test preprocessor, configured in nbgrader_config.py (execution is in
`execute.py`).

`VerifyHiddenChecks` judges every hidden test in the grader's own process. In the kernel, a
hidden test only records what the student's function returned on the hidden inputs
(course.hidden); after execution, this preprocessor reads each test cell's trusted source
(restored by nbgrader from the gradebook), finds its `check("name", ...)` calls, and judges the
records against the reference. A wrong result, or a test cell that left no record (bypassed or
crashed), gets an error output with the teaching message and so scores 0; the verdict itself, a
grading_tools.judge.Failure, is kept in the cell's metadata (failure.attach) for the report.

It also closes a hole in nbgrader's partial credit: a test cell whose first output is a number
scores that number, even if an error follows. This course's test cells never produce results,
so a result in a test cell comes from the submission and is turned into a failure.
"""

from nbformat.v4 import new_output
from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor

from course.hidden import MIME

from .. import notebooks
from ..judge import verify_record
from ..judge.failure import KIND_OF_ENAME, Failure, attach


def verdict(assignment, names, outputs, failed=()) -> Failure | None:
    """None if every check named in the cell left records that verify, else the Failure that
    says why not. `failed`: functions whose tests failed earlier in the notebook (see
    verify_record)."""
    records = [
        o["data"][MIME]
        for o in outputs
        if o.get("output_type") == "display_data" and MIME in o.get("data", {})
    ]
    for record in records:
        name = record.get("check") if isinstance(record, dict) else None
        if name not in names:
            return Failure(
                "unexpected_record",
                f"an unexpected check record ({name!r}) appeared in this test cell",
            )
    for name in names:
        own = [r for r in records if r.get("check") == name]
        if not own:
            return Failure(
                "no_record",
                f"the hidden test of {name} left no record of its results: it was bypassed, "
                "patched or interrupted (look at the code that ran before this cell)",
                name,
            )
        for record in own:
            problem = verify_record(assignment, name, record, failed)
            if problem:
                return problem
    return None


def _fail(cell, title, detail, ename="HiddenTestFailed", failure=None):
    """Fail `cell`: an error output `ename: title`, then the lines of `detail`; and, in the
    cell's metadata, the Failure it stands for: `failure`, or for the errors only the grader
    writes (the execute side's limits, a result in a test cell) one of the kind its `ename`
    names."""
    output = new_output(
        "error", ename=ename, evalue=title, traceback=[f"{ename}: {title}", *detail.splitlines()]
    )
    cell.outputs.append(output)
    if failure is None and ename in KIND_OF_ENAME:
        failure = Failure(KIND_OF_ENAME[ename], f"{title}\n{detail}")
    if failure is not None:
        attach(cell, output, failure)


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
            failure = verdict(
                resources["nbgrader"]["assignment"], names, cell.outputs, self._failed
            )
            if failure:
                self.log.info(
                    "Hidden test failed in cell %s: %s",
                    cell.metadata["nbgrader"]["grade_id"],
                    failure.title,
                )
                _fail(cell, failure.title, failure.message, failure=failure)
        if utils.has_failed(cell):
            self._failed.update(names)
        return cell, resources
