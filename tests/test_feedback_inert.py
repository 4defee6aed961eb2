"""What students and instructors open runs nothing of a student's (grading_tools/inert.py,
grading_tools/nbgrader_plugins/feedback.py, its templates/feedback/).

A course of 01 is graded by the real pipeline with ada, bugsy and mallory, a hostile student whose
markdown and outputs carry every common way to run script in a page. Her feedback page keeps her
text and drops all of it; it has no script of its own (its formulas are MathML, written when the
feedback is generated) and its Content-Security-Policy lets no script run, and a real browser,
opening the file from disk, proves both: nothing of hers ran, formulas were drawn, and a script
slipped past the sanitiser would still be refused. A page weighs what its notebook weighs (with
MathJax inlined, 2.3 MB each).
"""

import contextlib
import io
import re
import shutil
from html.parser import HTMLParser

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell

from grading_tools import inert, report
from grading_tools.nbgrader_plugins import feedback
from grading_tools.pipeline import Course
from tests.conftest import open_offline
from tests.support import ROOT, submit
from tests.test_feedback_math import formulas

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

$$\\delta^L = \\frac{{\\partial C}}{{\\partial z^L}}$$

Her TeX links and styles: $\\href{{javascript:{RUN.format("tex href")}}}{{\\delta^L}}$ and
$\\style{{background: url(x.png)}}{{a_L}}$.

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
<math><maction actiontype="statusline" xlink:href="javascript:{RUN.format("maction")}"><mi>m</mi>
<mtext>status</mtext></maction><mi onclick="{RUN.format("mathml onclick")}">c</mi></math>
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
ACTIVE_TAGS |= {"maction", "annotation-xml", "mglyph"}  # MathML that links, embeds or fetches
# what a feedback page may weigh: its notebook's text and figures, styles, no MathJax (2.3 MB)
PAGE_CEILING = 300_000


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
                if name.startswith("on") or name in ("style", "xlink:href"):
                    found.append(f"<{tag} {name}>")
                elif name == "href" and tag != "a":  # a link on a formula's element
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


@pytest.fixture(scope="module")
def adas_page(course):
    """ada's feedback page: the notebook as released, solved."""
    return course.root / "feedback" / "ada" / ASSIGNMENT / f"{ASSIGNMENT}.html"


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
    assert Page(head).scripts == []  # and none of the course's: the formulas are MathML


def test_the_feedback_forbids_every_script(page):
    html = Page(page.read_text())
    where, policy = html.policy()
    assert policy == feedback.content_security_policy()
    assert where < html.first("body")  # in force before anything of the notebook
    assert policy.startswith("default-src 'none'; script-src 'none';")
    assert "'unsafe-inline'" not in policy.split("style-src")[0]


def test_every_formula_of_the_notebook_is_mathml_in_the_feedback(adas_page):
    released = ROOT / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    tex = formulas(released)
    html = adas_page.read_text()
    assert len(re.findall(r"<math\b", html)) == len(tex) > 0
    assert '<code class="tex">' not in html  # none fell back to its TeX source
    assert "<script" not in html


def test_a_feedback_page_weighs_what_its_notebook_weighs_not_mathjaxs_2_mb(course, adas_page):
    sizes = {
        path.parent.parent.name: path.stat().st_size
        for path in (course.root / "feedback").glob(f"*/{ASSIGNMENT}/{ASSIGNMENT}.html")
    }
    assert set(sizes) == {"ada", "bugsy", HOSTILE}
    assert max(sizes.values()) < PAGE_CEILING, sizes
    print(f"\nfeedback page sizes (bytes): {sizes}")


def test_the_feedback_tables_have_borders_padding_and_a_header_background(page):
    head = page.read_text().split("<body", 1)[0]
    styles = "".join(re.findall(r"<style[^>]*>(.*?)</style>", head, flags=re.S))
    rules = dict(re.findall(r"([^{}]+)\{([^}]*)\}", styles))
    cell = next(body for selector, body in rules.items() if ".rendered_html td" in selector)
    header = next(body for selector, body in rules.items() if "thead th" in selector)
    zebra = next(body for selector, body in rules.items() if "nth-child(even)" in selector)
    assert "border:" in cell and "padding:" in cell
    assert "background:" in header and "background:" in zebra


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
    tab.screenshot(path=str(tmp_path / "hostile_feedback.png"))
    print(f"\nscreenshot: {tmp_path / 'hostile_feedback.png'}")
    assert_formulas_drawn(tab)
    assert_nothing_ran(tab, page.as_uri())
    tab.locator("a#js-link").click()
    assert_nothing_ran(tab, page.as_uri())
    assert "Mallory's notes" in tab.locator("body").inner_text()
    assert not fetched, fetched

    slipped = tmp_path / "slipped.html"
    marker = f"<script>{RUN.format('slipped script')}</script>"
    slipped.write_text(page.read_text().replace("<h2", marker + "<h2", 1))
    tab, _, console = open_offline(browser, slipped.as_uri())
    assert_formulas_drawn(tab)
    assert_nothing_ran(tab, slipped.as_uri())
    assert any("Content Security Policy" in message for message in console), console


def assert_formulas_drawn(tab):
    """Every formula is laid out as MathML by the browser itself: a box of its own (but those of a
    collapsed section, <details> not open), and a fraction taller than its line (a browser
    without MathML would run its text together)."""
    shown = tab.evaluate(
        """() => [...document.querySelectorAll('math')]
            .filter(m => !m.closest('details:not([open])'))
            .map(m => { const r = m.getBoundingClientRect(); return [r.width, r.height]; })"""
    )
    assert shown and all(width > 0 and height > 0 for width, height in shown), shown
    fraction = tab.locator('math[display="block"] mfrac').first.bounding_box()
    line = tab.locator('math[display="block"] mi').first.bounding_box()
    assert fraction["height"] > 1.5 * line["height"], (fraction, line)


def assert_nothing_ran(tab, url):
    tab.wait_for_timeout(300)  # time for a handler, a refresh or a late script
    assert tab.evaluate("window.pwned") is None
    assert "pwned" not in tab.title()
    assert tab.url == url
