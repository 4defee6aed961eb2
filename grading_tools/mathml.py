"""The feedback's formulas as MathML, written when the feedback is generated: no script renders
them, so a feedback page needs no MathJax (2 MB a page before) and runs no script at all.

A markdown cell's math ($...$, $$...$$, \\[...\\], \\begin{env}...\\end{env}) is found by
nbconvert's own markdown parser (mistune with nbconvert's math rules), so the TeX is taken out
before markdown could read its underscores and asterisks as emphasis; `MathMLRenderer` writes
each formula as MathML (latex2mathml, pure Python) where nbconvert's renderer writes the TeX back
for MathJax. Browsers render MathML Core natively (Chromium since 109, Firefox, Safari).

A formula latex2mathml cannot convert — it raises, or leaves a TeX command it does not know as
text — is shown as its TeX source in a <code> element, never dropped and never breaking the page.
The MathML is sanitised with the rest of the markdown (`grading_tools/inert.py`).
"""

import html
import re

from jinja2 import pass_context
from latex2mathml.converter import convert
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

# latex2mathml sizes a delimiter (\bigl, \Bigr ...) that is one character, not one written as a
# command: such a delimiter is given to it as its character.
_DELIMITERS = {
    r"\|": "‖",
    r"\Vert": "‖",
    r"\lVert": "‖",
    r"\rVert": "‖",
    r"\vert": "|",
    r"\lvert": "|",
    r"\rvert": "|",
    r"\langle": "⟨",
    r"\rangle": "⟩",
    r"\lceil": "⌈",
    r"\rceil": "⌉",
    r"\lfloor": "⌊",
    r"\rfloor": "⌋",
    r"\{": "{",
    r"\}": "}",
}
_SIZED_DELIMITER = re.compile(
    r"(\\[bB]igg?[lrm]?)\s*("
    # a command of letters ends where its letters end (\vert, not the start of \vertical)
    + "|".join(
        re.escape(d) + (r"(?![A-Za-z])" if d[-1].isalpha() else "")
        for d in sorted(_DELIMITERS, key=len, reverse=True)
    )
    + ")"
)
_TAG = re.compile(r"<[^>]*>")


class UnconvertedTeX(ValueError):
    """A formula latex2mathml could not convert."""


def _sized_delimiters_as_characters(tex):
    return _SIZED_DELIMITER.sub(lambda m: m.group(1) + " " + _DELIMITERS[m.group(2)], tex)


def tex_to_mathml(tex, display=False):
    """The MathML of one formula (`display`: a block of its own); UnconvertedTeX if latex2mathml
    raises or leaves a TeX command in the formula's text (it writes a command it does not know,
    e.g. `\\foo`, as the text `\\foo`)."""
    try:
        mathml = convert(
            _sized_delimiters_as_characters(tex), display="block" if display else "inline"
        )
    except Exception as error:  # latex2mathml raises many kinds of error on TeX it cannot read
        raise UnconvertedTeX(f"{tex!r}: {type(error).__name__}: {error}") from error
    text = html.unescape(_TAG.sub("", mathml))
    if "\\" in text:
        raise UnconvertedTeX(f"{tex!r}: left as text: {text.strip()!r}")
    return mathml


def formula(tex, display=False, delimiters=("$", "$")):
    """One formula for the page: its MathML, or, where it cannot be converted, its TeX source
    (with `delimiters`) in a <code class="tex"> element."""
    try:
        return tex_to_mathml(tex, display)
    except UnconvertedTeX:
        opening, closing = delimiters
        return f'<code class="tex">{html.escape(opening + tex + closing)}</code>'


class MathMLRenderer(IPythonRenderer):
    """nbconvert's markdown renderer, writing each formula as MathML instead of TeX."""

    def inline_math(self, body):
        return formula(body)

    def block_math(self, body):
        return formula(body, display=True, delimiters=("$$", "$$"))

    def latex_environment(self, name, body):
        return formula(f"\\begin{{{name}}}{body}\\end{{{name}}}", display=True, delimiters=("", ""))


def markdown_with_mathml(exporter, context, source):
    """`source` (a markdown cell) as HTML with MathML formulas, rendered as `exporter`'s own
    markdown2html renders it (attachments, embedded images, anchors), but not yet sanitised."""
    cell = context.get("cell", {})
    renderer = MathMLRenderer(
        escape=False,
        attachments=cell.get("attachments", {}),
        embed_images=exporter.embed_images,
        path=context.get("resources", {}).get("metadata", {}).get("path", ""),
        anchor_link_text=exporter.anchor_link_text,
        exclude_anchor_links=exporter.exclude_anchor_links,
        **exporter.lexer_options,
    )
    return MarkdownWithMath(renderer=renderer).render(source)


def markdown2mathml_filter(exporter, sanitise):
    """A Jinja filter for `exporter`'s templates: markdown with MathML formulas, passed through
    `sanitise`."""

    @pass_context
    def markdown2mathml(context, source):
        return sanitise(markdown_with_mathml(exporter, context, source))

    return markdown2mathml
