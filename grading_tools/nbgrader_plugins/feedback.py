"""The feedback a student reads (`python -m grading_tools feedback`, nbgrader's generate_feedback).

nbgrader's feedback HTML shows each hidden test cell's source, the instructor's absolute paths in
tracebacks, labels every entry of its score list "Test cell", and loads MathJax from a CDN (raw
LaTeX offline). Configured in nbgrader_config.py through nbgrader's own settings, the course's
feedback instead:

- names each test in the score list and above its outcome: ✓ or ✗ and its grade_id
  (`test_sigmoid`), with its score (`templates/feedback/course_feedback.html.j2`, which extends
  nbgrader's `feedback`);
- shows a test's outcome, not its code: the teaching message of a failed test ("sigmoid is wrong
  on hidden case ...") without the traceback through hidden code (`StudentFeedback`, a
  preprocessor of `c.GenerateFeedback.preprocessors`), and no absolute path anywhere (a path is
  shortened to its file name);
- renders math offline and without a script: each formula of the markdown is converted to
  MathML when the feedback is written (`grading_tools/mathml.py`), which browsers render
  natively, so a page shows its formulas anywhere, mailed or opened without a network, and weighs
  what its notebook weighs (with MathJax inlined, every page carried 2.3 MB of it);
- runs nothing at all: the student's markdown and outputs are sanitised (`grading_tools/inert.py`,
  through nbconvert's `sanitize_html` and the feedback's own markdown filter), and the page's
  Content-Security-Policy allows no script (`content_security_policy`, written by the
  template's `mathjax.html.j2`): a script the sanitiser missed would still not run.

`FeedbackExporter` is the HTML exporter of nbgrader's generate_feedback only
(`c.GenerateFeedback.exporter_class`), so that the course's template stays out of the other
HTML exporters, the formgrader's among them.
"""

import re
from pathlib import Path

from nbconvert.exporters import HTMLExporter
from nbgrader.preprocessors import NbGraderPreprocessor

from course.hidden import MIME as CHECK_RECORD  # a hidden test's record

from ..inert import clean_html
from ..mathml import markdown2mathml_filter
from ..notebooks import is_test

TEMPLATES = Path(__file__).resolve().parent / "templates"
# an absolute path of two parts or more, not inside a URL: shortened to its last part
_PATH = re.compile(r"(?<![\w:/.~-])(?:/[\w.@+-]+)+/([\w.@+-]+)")


def shorten_paths(text):
    """`text` with every absolute path shortened to its file name."""
    return _PATH.sub(r"\1", text)


class StudentFeedback(NbGraderPreprocessor):
    """What a student may see of the graded notebook: no test code, no traceback through it, no
    hidden-test record, no absolute path."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        test = is_test(cell)
        if test:
            cell.source = ""  # the hidden tests are the instructor's
        outputs = []
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                output.evalue = shorten_paths(output.evalue)
                # a test's traceback runs through its hidden code: its message is what teaches
                output.traceback = (
                    [f"\x1b[0;31m{output.ename}\x1b[0m: {output.evalue}"]
                    if test
                    else [shorten_paths(line) for line in output.traceback]
                )
            elif output.output_type == "stream":
                output.text = shorten_paths(output.text)
            elif output.output_type in ("display_data", "execute_result"):
                output.data.pop(CHECK_RECORD, None)
                if not output.data:
                    continue
                for mime, value in output.data.items():
                    if mime.startswith("text/") and isinstance(value, str):
                        output.data[mime] = shorten_paths(value)
            outputs.append(output)
        cell.outputs = outputs
        return cell, resources


def content_security_policy(_=None):
    """The feedback page's Content-Security-Policy: no script at all (its formulas are MathML, so
    no inline script, event handler or `javascript:` URL runs), styles inline (nbconvert's CSS and
    the course's; the sanitiser removes a student's), images only embedded (`data:`), nothing
    fetched, no form sent."""
    return (
        "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; "
        "img-src data:; font-src data:; base-uri 'none'; form-action 'none'"
    )


class FeedbackExporter(HTMLExporter):
    """nbconvert's HTML exporter with the feedback template's filters: markdown with MathML
    formulas, sanitised, and the page's Content-Security-Policy. Its template is set in
    nbgrader_config.py (`c.FeedbackExporter.template_file`)."""

    def default_filters(self):
        yield from super().default_filters()
        yield "content_security_policy", content_security_policy

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # over the configured filters (c.HTMLExporter.filters gives every HTML exporter the
        # sanitised markdown2html of grading_tools/inert.py), so that the feedback's markdown,
        # cells and comments alike, is always rendered with MathML and always sanitised
        self.filters = {
            **self.filters,
            "markdown2html": markdown2mathml_filter(self, clean_html),
        }
