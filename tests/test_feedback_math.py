"""The feedback's formulas are MathML, written when the feedback is generated
(grading_tools/mathml.py), and sanitised with the rest of the page (grading_tools/inert.py).

Every formula of every source notebook converts; one that cannot shows its TeX; a student's
MathML keeps its layout and loses everything that links, scripts or styles. The feedback pages
themselves (no script, their size, the formulas drawn in a browser): tests/test_feedback_inert.py.
"""

import re

import nbformat
import pytest
from nbconvert.exporters import HTMLExporter
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

from grading_tools import inert, mathml
from tests.support import ROOT

SOURCES = sorted((ROOT / "source").glob("*/*.ipynb"))


class FormulaCollector(IPythonRenderer):
    """nbconvert's markdown renderer, keeping each formula's TeX as it finds it."""

    def __init__(self):
        super().__init__(escape=False)
        self.formulas = []

    def inline_math(self, body):
        self.formulas.append((body, False))
        return ""

    def block_math(self, body):
        self.formulas.append((body, True))
        return ""

    def latex_environment(self, name, body):
        self.formulas.append((f"\\begin{{{name}}}{body}\\end{{{name}}}", True))
        return ""


def formulas(notebook_path):
    """The formulas of a notebook's markdown cells, as nbconvert's markdown parser finds them."""
    collector = FormulaCollector()
    for cell in nbformat.read(notebook_path, as_version=4).cells:
        if cell.cell_type == "markdown":
            MarkdownWithMath(renderer=collector).render(cell.source)
    return collector.formulas


def rendered(markdown):
    """A markdown cell as the feedback shows it: MathML formulas, sanitised."""
    html = mathml.markdown_with_mathml(HTMLExporter(), {}, markdown)
    return inert.clean_html(html)


# ----------------------------------------------------------------------------- the notebooks
@pytest.mark.parametrize("notebook", SOURCES, ids=[path.stem for path in SOURCES])
def test_every_formula_of_every_source_notebook_converts_to_mathml(notebook):
    found = formulas(notebook)
    assert found, f"{notebook.name}: no formula found (is its math still written in TeX?)"
    unconverted = []
    for tex, display in found:
        try:
            assert mathml.tex_to_mathml(tex, display).startswith("<math")
        except mathml.UnconvertedTeX as error:
            unconverted.append(str(error))
    assert not unconverted, (
        f"{notebook.name}: {len(unconverted)} of {len(found)} formulas would show as TeX in the "
        "feedback; rewrite them with commands latex2mathml knows:\n" + "\n".join(unconverted)
    )


# ----------------------------------------------------------------------------- the conversion
def test_a_formula_becomes_mathml_and_a_displayed_one_a_block():
    html = rendered("Inline $\\sigma(z) = \\frac{1}{1 + e^{-z}}$, displayed:\n\n$$\\delta^{L}$$")
    inline, block = re.findall(r"<math[^>]*>", html)
    assert 'display="inline"' in inline and 'display="block"' in block
    assert "<mfrac>" in html and "<msup>" in html and "$" not in html


def test_markdown_leaves_underscores_and_asterisks_inside_a_formula_alone():
    html = rendered("$a_1 * b_2 * c_3$ and $x_i^*$ then $y_j$")
    assert "<em>" not in html and "<strong>" not in html
    assert html.count("<msub>") == 4 and html.count("<math") == 3


def test_a_sized_delimiter_written_as_a_command_converts():
    html = mathml.tex_to_mathml(
        r"\bigl\|\hat{\mathbf y} - \mathbf y\bigr\|^2 + \Bigl\lvert x \Bigr\rvert"
    )
    assert "\\" not in re.sub(r"<[^>]*>", "", html)
    assert html.count("‖") == 2 and html.count("|") == 2


@pytest.mark.parametrize("tex", [r"\unknowncommand{x}", r"\frac{1}{", r"\begin{nonsense} x"])
def test_a_formula_that_cannot_be_converted_shows_its_tex_and_the_page_goes_on(tex):
    html = rendered(f"Before ${tex}$ between $x_1$ after.")
    code = re.search(r'<code class="tex">(.*?)</code>', html)
    assert code, html
    assert code.group(1).replace("&lt;", "<").replace("&gt;", ">") == f"${tex}$"
    assert "Before" in html and "after." in html and html.count("<math") == 1


# ----------------------------------------------------------------------------- the sanitiser
def test_mathml_keeps_its_layout_through_the_sanitiser():
    html = mathml.tex_to_mathml(
        r"\boxed{\delta^{l} = \bigl((W^{l+1})^\top\bigr) \odot \sigma'(Z^{l})}"
        r"\quad \sum_{k=1}^{K} \tfrac{\partial C}{\partial a} \begin{pmatrix}1 & 2\end{pmatrix}",
        display=True,
    )
    cleaned = inert.clean_html(html)
    for kept in (
        '<math display="block">',
        "<msup>",
        "<munderover>",
        '<mstyle displaystyle="false" scriptlevel="0">',
        '<menclose notation="box">',
        "<mtable>",
        'stretchy="true"',
        "<mspace width=",
    ):
        assert kept in cleaned, (kept, cleaned)


@pytest.mark.parametrize(
    "attack",
    [
        '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">'
        "<mi>x</mi><mtext>status</mtext></maction></math>",
        '<math onmouseover="alert(1)"><mi onclick="alert(1)">x</mi></math>',
        '<math><mi href="javascript:alert(1)">x</mi>'
        '<mrow href="javascript:alert(1)"></mrow></math>',
        '<math><mi style="background: url(https://example.invalid/)">x</mi></math>',
        '<math><annotation-xml encoding="text/html"><img src=x onerror="alert(1)">'
        "</annotation-xml></math>",
        '<math><mtext><table><mglyph><style><img src=x onerror="alert(1)">',
        '<math><mi><script>alert(1)</script></mi><mtext><iframe src="x"></iframe></mtext></math>',
        '<math><mglyph src="https://example.invalid/x.png"></mglyph></math>',
        '<mi onclick="alert(1)">outside math</mi>',
    ],
)
def test_hostile_mathml_loses_every_way_to_run_link_or_fetch(attack):
    cleaned = inert.clean_html(attack).lower()
    for active in ("javascript", "onmouseover", "onclick", "onerror", "<script", "<iframe"):
        assert active not in cleaned, cleaned
    for active in ("<maction", "href", "<annotation-xml", "style=", "url(", "<mglyph", "src="):
        assert active not in cleaned, cleaned


@pytest.mark.parametrize(
    "tex",
    [
        r"\href{javascript:alert(1)}{x}",
        r"\style{background: url(https://example.invalid/)}{x}",
        r"\text{<img src=x onerror=alert(1)>}",
        r"\color{white}{x}",
    ],
)
def test_a_students_tex_cannot_put_links_scripts_or_styles_into_the_feedback(tex):
    cleaned = rendered(f"${tex}$").lower()
    for active in ("javascript", "href", "style=", "url(", "onerror", "<img", "mathcolor"):
        assert active not in cleaned, cleaned
