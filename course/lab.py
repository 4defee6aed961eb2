"""The student's JupyterLab: nbgrader's Validate button, with a result a student can read.

nbgrader's Validate dialog lists every failing test cell as its whole source and its whole
traceback (about 11 000 characters for 02 with one exercise solved), without the tests' names.
This Jupyter server extension answers Validate (`/assignments/validate`, nbgrader's own route)
with `SummaryValidator`, nbgrader's Validator adding a `summary` to the answer: one entry per
test, its name and whether it passes, then each failing test by name with the end of its error,
which is the message that says what is wrong ("sigmoid_prime at ... is not right yet", "write
sigmoid_prime above ..."). The course's lab extension (labextension/, in place of nbgrader's
Validate button) shows it, the summary first; the same text, as nbgrader's `failed` entries,
serves nbgrader's own dialog where it remains (the Assignments tab's Validate).

The student pack's wheel enables it (etc/jupyter/jupyter_server_config.d/nn_course_student.json,
written by grading_tools/pack.py); the instructor's JupyterLab keeps nbgrader's stock dialog. It
is registered before nbgrader's validate extension (extensions load in name order), so its handler
is the one that answers.
"""

import html
import re
from pathlib import Path

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _jupyter_server_extension_points():
    return [{"module": "course.lab"}]


def _load_jupyter_server_extension(serverapp):
    from jupyter_server.utils import url_path_join

    route = url_path_join(serverapp.web_app.settings["base_url"], r"/assignments/validate")
    serverapp.web_app.add_handlers(".*$", [(route, validate_handler())])
    serverapp.log.info("course.lab: Validate answers with a per-test summary")


def validate_handler():
    """nbgrader's ValidateAssignmentHandler, validating with SummaryValidator."""
    from nbgrader.server_extensions.validate_assignment import handlers
    from tornado import web

    class SummaryValidateHandler(handlers.ValidateAssignmentHandler):
        def validate_notebook(self, path):
            target = (Path(self.root_dir).resolve() / path).resolve()
            if not target.is_relative_to(Path(self.root_dir).resolve()):
                raise web.HTTPError(403, "Access denied: path outside allowed directory")
            try:
                result = summary_validator()(config=self.load_config()).validate(str(target))
            except Exception:  # nbgrader's own handler words the errors (old metadata, ...)
                return super().validate_notebook(path)
            return {"success": True, "value": result}

    return SummaryValidateHandler


def summary_validator():
    """nbgrader's Validator, reporting a ✓/✗ line per test first and each failure in short."""
    from nbgrader import utils
    from nbgrader.validator import Validator
    from traitlets import Integer

    class SummaryValidator(Validator):
        error_lines = Integer(6, help="The most lines of each failing test's error to show").tag(
            config=True
        )

        def _preprocess(self, nb):
            self.executed = super()._preprocess(nb)
            return self.executed

        def validate(self, filename):
            results = super().validate(filename)
            if "changed" in results or "type_changed" in results:
                return results
            nb = self.executed
            failed = self._get_failed_cells(nb)
            failing = {id(c) for c in failed}
            tests = [c for c in nb.cells if utils.is_grade(c) and not utils.is_solution(c)]
            results["summary"] = {
                "tests": [{"name": _name(c), "passed": id(c) not in failing} for c in tests],
                "failures": [{"name": _name(c), "message": self.short_error(c)} for c in failed],
                "note": FAILURES_NOTE,
            }
            if failed:  # nbgrader's own dialog (the Assignments tab) shows these entries
                results["failed"] = [_entry(summary_text(results["summary"]), FAILURES_NOTE)] + [
                    _entry(f"✗ {failure['name']}", failure["message"])
                    for failure in results["summary"]["failures"]
                ]
            return results

        def short_error(self, cell):
            """The messages of the cell's errors (not their tracebacks) and the end of its stderr,
            at most `error_lines` lines."""
            parts = []
            for output in cell.get("outputs", []):
                if output.output_type == "error":
                    parts.append(f"{output.ename}: {output.evalue}")
                elif output.output_type == "stream" and output.name == "stderr":
                    parts.append(output.text.rstrip())
            text = _ANSI.sub("", "\n".join(parts) or self._extract_error(cell))
            lines = text.strip().splitlines()
            if len(lines) > self.error_lines:
                lines = ["..."] + lines[-self.error_lines :]
            return "\n".join(lines)

    return SummaryValidator


FAILURES_NOTE = (
    "Each failing test follows, with the end of its error. A test also fails when a function it "
    "uses, from an earlier exercise, is not right yet: work from the top."
)


def summary_text(summary):
    """The summary as lines: "N of M tests pass:", then ✓ or ✗ and each test's name."""
    tests = summary["tests"]
    lines = [f"{'✓' if test['passed'] else '✗'} {test['name']}" for test in tests]
    passing = sum(test["passed"] for test in tests)
    return f"{passing} of {len(tests)} tests pass:\n" + "\n".join(lines)


def _entry(source, error):
    """An entry of nbgrader's `failed` list: nbgrader's dialog shows `error` as HTML."""
    return {"source": source, "error": html.escape(error), "raw_error": error}


def _name(cell):
    return cell.metadata.get("nbgrader", {}).get("grade_id") or "a test cell"
