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
- renders math offline: MathJax 3 (tex-svg, from the `django-static-mathjax` wheel, which holds
  MathJax's own files) is inlined in every page, about 2 MB, so the file shows its formulas
  anywhere, mailed or opened without a network (the `inline_mathjax` filter, used by the template's
  `mathjax.html.j2`).
"""

import functools
import re
from pathlib import Path

from nbgrader.preprocessors import NbGraderPreprocessor

from course.hidden import MIME as CHECK_RECORD  # a hidden test's record

from .notebooks import is_test

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


@functools.cache
def _mathjax_source():
    import mathjax  # the django-static-mathjax wheel: MathJax's files, no Django needed

    script = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5" / "tex-svg.js"
    # inside <script>, "</script" would end the element and "<!--" would start an HTML comment
    text = re.sub(r"</(script)", r"<\\/\1", script.read_text(encoding="utf-8"), flags=re.IGNORECASE)
    return text.replace("<!--", "<\\!--")


def inline_mathjax(_=None):
    """MathJax 3 (tex-svg, everything in one script) as the text of a <script> element."""
    return _mathjax_source()
