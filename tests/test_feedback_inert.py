"""What students and instructors open runs nothing of a student's (grading_tools/inert.py,
grading_tools/feedback.py, templates/feedback/).

A course of 01 is graded by the real pipeline with ada, bugsy and mallory, a hostile student whose
markdown and outputs carry every common way to run script in a page. Her feedback page keeps her
text and drops all of it; its Content-Security-Policy lets no script run but the course's MathJax,
and a real browser, opening the file from disk, proves both: nothing of hers ran, math rendered,
and a script slipped past the sanitiser would still be refused.
"""

import contextlib
import io
import shutil
from html.parser import HTMLParser

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell

from grading_tools import feedback, inert, report
from grading_tools.pipeline import Course
from tests.conftest import open_offline
from tests.support import ROOT, submit

pytestmark = pytest.mark.nbgrader
ASSIGNMENT = "01_perceptron_xor"
HOSTILE = "mallory"
# a 1x1 PNG, as a figure pasted into a markdown cell is embedded
PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)

# Each would leave a mark in the page if it ran: `window.pwned`, a `pwned` title, or a page
# navigated away.
RUN = "window.pwned = (window.pwned || []).concat('{}'); document.title = 'pwned'"
HOSTILE_MARKDOWN = f"""## Mallory's notes

Her text stays: $\\sigma(z) = \\frac{{1}}{{1 + e^{{-z}}}}$, **bold**, a table and a figure.

| z | σ(z) |
|---|------|
| 0 | 0.5  |

![a figure](data:image/png;base64,{PNG})

<script>{RUN.format("markdown script")}</script>
<img src="nowhere.png" onerror="{RUN.format("img onerror")}">
<svg onload="{RUN.format("svg onload")}"><circle r="5"></circle></svg>
<a id="js-link" href="javascript:{RUN.format("javascript link")}">a link</a>
<a id="data-link" href="data:text/html,<script>alert(1)</script>">a data link</a>
<iframe srcdoc="<script>parent.{RUN.format("iframe")}</script>"></iframe>
<object data="data:text/html,<script>alert(1)</script>"></object>
<embed src="data:text/html,<script>alert(1)</script>">
<form action="https://example.invalid/"><input name="q"><button>send</button></form>
<meta http-equiv="refresh" content="0; url=https://example.invalid/">
<style>body {{ display: none }}</style>
"""


def display_code(kind, html):
    """A code line that displays `html` as `kind` (an IPython.display class)."""
    return f"display({kind}({html!r}))"


HOSTILE_OUTPUTS = "\n".join(
    [
        "from IPython.display import HTML, Javascript, Markdown, SVG, display",
        display_code("HTML", f"<b>an output</b><script>{RUN.format('html output')}</script>"),
        display_code("HTML", f'<img src="x" onerror="{RUN.format("html output img")}">'),
        display_code("Javascript", RUN.format("javascript output")),
        display_code("Markdown", f'<img src="x" onerror="{RUN.format("markdown output")}">'),
        display_code(
            "SVG", f'<svg xmlns="http://www.w3.org/2000/svg" onload="{RUN.format("svg")}"/>'
        ),
    ]
)
ACTIVE_TAGS = {"script", "iframe", "object", "embed", "form", "meta", "base", "link", "svg"}


class Page(HTMLParser):
    """An HTML text's elements in order, as (tag, attributes), and the text of its scripts."""

    def __init__(self, html):
        super().__init__()
        self.elements, self.scripts, self.in_script = [], [], False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self.in_script = tag == "script"
        if self.in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self.in_script = False

    def handle_data(self, data):
        if self.in_script:
            self.scripts[-1] += data

    def active(self):
        """Every element and attribute that could run script, navigate, fetch or send."""
        found = []
        for tag, attributes in self.elements:
            if tag in ACTIVE_TAGS:
                found.append(f"<{tag}>")
            for name, value in attributes.items():
                url = (value or "").strip().lower()
                if name.startswith("on") or name == "style":
                    found.append(f"<{tag} {name}>")
                elif url.startswith(("javascript:", "vbscript:", "data:text")):
                    found.append(f"<{tag} {name}={url[:20]}>")
        return found

    def policy(self):
        """(position, content) of the page's Content-Security-Policy <meta>."""
        return next(
            (i, attributes["content"])
            for i, (tag, attributes) in enumerate(self.elements)
            if tag == "meta" and attributes.get("http-equiv") == "Content-Security-Policy"
        )

    def first(self, tag):
        return next(i for i, (name, _) in enumerate(self.elements) if name == tag)


def hostile_submission(notebook):
    """`notebook` (a submitted 01) with mallory's markdown and output-making cell at its top."""
    notebook.cells[:0] = [new_markdown_cell(HOSTILE_MARKDOWN), new_code_cell(HOSTILE_OUTPUTS)]
    return notebook


def graded_course(root, exchange):
    """A course of 01 in `root`: released, submitted by ada and bugsy and by mallory (hostile),
    collected, autograded and its feedback written, by the course's own pipeline."""
    shutil.copytree(ROOT / "source" / ASSIGNMENT, root / "source" / ASSIGNMENT)
    shutil.copy(ROOT / "nbgrader_config.py", root)
    quiet = io.StringIO()
    with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
        course = Course(root, exchange=exchange)
        course.generate([ASSIGNMENT])
        course.publish([ASSIGNMENT])
        course.submit_demo([ASSIGNMENT], students=("ada", "bugsy"))
        course.collect([ASSIGNMENT])
        ada = nbformat.read(root / "submitted" / "ada" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", 4)
        submit(root, HOSTILE, ASSIGNMENT, hostile_submission(ada))
        course.grade(ASSIGNMENT, workers=0, progress=False)
        course.feedback([ASSIGNMENT])
    return course


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    return graded_course(root, tmp_path_factory.mktemp("exchange"))


@pytest.fixture(scope="module")
def page(course):
    """mallory's feedback page."""
    return course.root / "feedback" / HOSTILE / ASSIGNMENT / f"{ASSIGNMENT}.html"


# ----------------------------------------------------------------------------- the sanitiser
@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<svg onload="alert(1)"></svg>',
        '<a href="javascript:alert(1)">x</a>',
        '<a href=" JaVaScRiPt:alert(1)">x</a>',
        '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>',
        '<iframe src="https://example.invalid/"></iframe>',
        '<object data="x.swf"></object>',
        '<embed src="x.swf">',
        '<form action="https://example.invalid/"><input name="q"></form>',
        '<meta http-equiv="refresh" content="0; url=https://example.invalid/">',
        '<base href="https://example.invalid/">',
        '<link rel="stylesheet" href="https://example.invalid/x.css">',
        "<style>body { display: none }</style>",
        '<div style="position: fixed; inset: 0">cover</div>',
        '<math><mtext><table><mglyph><style><img src=x onerror="alert(1)">',
    ],
)
def test_the_sanitiser_removes_every_way_to_run_or_fetch(attack):
    cleaned = inert.clean_html(attack)
    for active in ("<script", "onerror", "onload", "javascript", "<iframe", "<object", "<embed"):
        assert active not in cleaned.lower(), cleaned
    for active in ("<form", "<meta", "<base", "<link", "<style", "style=", "data:text"):
        assert active not in cleaned.lower(), cleaned


def test_the_sanitiser_keeps_the_document():
    html = (
        '<h2 id="notes">Notes</h2><p class="x">a &lt; b, <b>bold</b> <code>x</code></p>'
        '<table><thead><tr><th align="right">z</th></tr></thead><tbody><tr><td>0</td></tr>'
        f'</tbody></table><img alt="fig" src="data:image/png;base64,{PNG}">'
        '<a href="https://numpy.org/">numpy</a> <a href="#notes">up</a>'
    )
    cleaned = inert.clean_html(html)
    for kept in (
        '<h2 id="notes">Notes</h2>',
        '<p class="x">a &lt; b, <b>bold</b> <code>x</code></p>',
        '<th align="right">z</th>',
        f'src="data:image/png;base64,{PNG}"',
        'href="https://numpy.org/"',
        'href="#notes"',
    ):
        assert kept in cleaned, cleaned


# ----------------------------------------------------------------------------- the feedback page
def test_the_feedback_keeps_the_students_text_and_drops_her_scripts(page):
    head, body = page.read_text().split("<body", 1)
    assert "Mallory's notes" in body and "<table>" in body and "an output" in body
    assert f"data:image/png;base64,{PNG}" in body
    assert Page(body).active() == []
    assert Page(head).scripts == feedback.mathjax_scripts()  # the course's own, exactly as hashed


def test_the_feedback_forbids_every_script_but_its_mathjax(page):
    html = Page(page.read_text())
    where, policy = html.policy()
    assert policy == feedback.content_security_policy()
    assert where < html.first("script")  # in force before the first script
    assert policy.startswith("default-src 'none'; script-src 'sha256-")
    assert "'unsafe-inline'" not in policy.split("style-src")[0]


def test_the_class_report_runs_no_script(course):
    html = report.build(course.root, course.api.coursedir.db_url, course.course_id, [ASSIGNMENT])
    assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'' in html
    assert "script-src 'none'" in html and "<script" not in html


# ----------------------------------------------------------------------------- in a browser
@pytest.mark.e2e
def test_the_hostile_feedback_runs_nothing_of_hers_in_a_browser(page, browser, tmp_path):
    """Opened from disk, as a student opens a mailed file: nothing of mallory's ran, nothing was
    fetched, math was typeset; and a script that got past the sanitiser is refused by the CSP."""
    tab, fetched, _ = open_offline(browser, page.as_uri())
    tab.locator("mjx-container").first.wait_for()
    tab.screenshot(path=str(tmp_path / "hostile_feedback.png"))
    print(f"\nscreenshot: {tmp_path / 'hostile_feedback.png'}")
    assert_nothing_ran(tab, page.as_uri())
    tab.locator("a#js-link").click()
    assert_nothing_ran(tab, page.as_uri())
    assert "Mallory's notes" in tab.locator("body").inner_text()
    assert not fetched, fetched

    slipped = tmp_path / "slipped.html"
    marker = f"<script>{RUN.format('slipped script')}</script>"
    slipped.write_text(page.read_text().replace("<h2", marker + "<h2", 1))
    tab, _, console = open_offline(browser, slipped.as_uri())
    tab.locator("mjx-container").first.wait_for()
    assert_nothing_ran(tab, slipped.as_uri())
    assert any("Content Security Policy" in message for message in console), console


def assert_nothing_ran(tab, url):
    tab.wait_for_timeout(300)  # time for a handler, a refresh or a late script
    assert tab.evaluate("window.pwned") is None
    assert "pwned" not in tab.title()
    assert tab.url == url
