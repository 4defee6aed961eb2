"""A submission's HTML made inert: what instructors and students open runs nothing of a student's.

The feedback pages and the formgrader's submission page are nbconvert renderings of a student's
notebook, whose markdown cells and outputs may hold any HTML: `<script>`, `onerror=`, `<svg
onload>`, `javascript:` links, iframes, forms. With `c.HTMLExporter.sanitize_html = True`
(nbgrader_config.py) nbconvert's templates drop JavaScript and widget outputs and pass markdown
and HTML outputs through their `clean_html` filter. nbconvert's own filter (bleach, which is
deprecated) keeps only a dozen tags and *escapes* the rest, so a student's headings, paragraphs,
tables and images would show as literal `<h1>` and `<p>` text. This module gives the same filter
names to nh3 (the Python binding of the Rust sanitiser ammonia), which keeps ordinary document
HTML and removes everything active:

- `clean_html`: only ammonia's allowlist of tags (headings, paragraphs, lists, tables, images,
  links, code ...) with their plain attributes, plus `class` and `id` everywhere, and MathML
  Core's presentation elements with their layout attributes (the feedback's formulas are MathML,
  `grading_tools/mathml.py`); `<script>` and `<style>` go with their content; every other tag
  (iframe, object, embed, form, input, svg, link, meta, base, MathML's `maction` and
  `annotation-xml` ...) and every event handler, `style`, `href` or `mathcolor` attribute is
  removed; a URL keeps only a harmless scheme (no `javascript:`, `vbscript:`, `file:`), and
  `data:` only as an image's source (a figure pasted into a markdown cell). ammonia keeps a
  MathML element only inside <math>, so no namespace confusion turns text into markup.
- `markdown2html`: nbconvert's own markdown rendering (attachments, math, anchors), then
  `clean_html`. nbgrader's formgrader template renders markdown cells without `clean_html`, so
  the sanitiser has to sit in the markdown filter for the formgrader's page to be inert.
"""

import functools

import nh3
from jinja2 import pass_context
from nbconvert.exporters import HTMLExporter

# MathML Core's elements that lay out a formula (menclose, not in Core, is latex2mathml's \boxed)
# and the attributes that only lay it out: nothing that links, scripts, styles or embeds markup.
_MATHML_LAYOUT = {"dir", "displaystyle", "scriptlevel", "mathvariant", "mathsize"}
_MATHML = {
    "math": {"display", "alttext"},
    "semantics": set(),
    "annotation": {"encoding"},
    "merror": set(),
    "mfrac": {"linethickness"},
    "mi": set(),
    "mmultiscripts": set(),
    "mn": set(),
    "mo": {"form", "fence", "separator", "lspace", "rspace", "stretchy", "symmetric"}
    | {"maxsize", "minsize", "largeop", "movablelimits"},
    "mover": {"accent"},
    "munder": {"accentunder"},
    "munderover": {"accent", "accentunder"},
    "mpadded": {"width", "height", "depth", "lspace", "voffset"},
    "mphantom": set(),
    "mprescripts": set(),
    "none": set(),
    "mroot": set(),
    "mrow": set(),
    "ms": set(),
    "mspace": {"width", "height", "depth", "linebreak"},
    "msqrt": set(),
    "mstyle": set(),
    "msub": set(),
    "msubsup": set(),
    "msup": set(),
    "mtable": {"columnalign", "rowalign", "columnspacing", "rowspacing", "columnlines", "rowlines"},
    "mtr": {"columnalign", "rowalign"},
    "mtd": {"columnalign", "rowalign", "columnspan", "rowspan"},
    "mtext": set(),
    "menclose": {"notation"},
}
_TAGS = nh3.ALLOWED_TAGS | set(_MATHML)
_ATTRIBUTES = {
    **nh3.ALLOWED_ATTRIBUTES,
    **{tag: names | _MATHML_LAYOUT for tag, names in _MATHML.items()},
    "*": {"class", "id", "title"},
    "a": nh3.ALLOWED_ATTRIBUTES["a"] | {"name"},
}
_URL_SCHEMES = nh3.ALLOWED_URL_SCHEMES | {"data"}
_IMAGE_DATA = tuple(
    f"data:image/{kind}" for kind in ("png", "jpeg", "jpg", "gif", "webp", "svg+xml")
)


def _only_images_as_data(tag, attribute, value):
    """A `data:` URL is kept only as an image's source (an <img> runs no script); a link or any
    other attribute with one is dropped."""
    if value.strip().lower().startswith("data:"):
        if not (tag == "img" and attribute == "src" and value.lower().startswith(_IMAGE_DATA)):
            return None
    return value


def clean_html(html):
    """`html` (text or UTF-8 bytes) with every script, event handler, active element and unsafe
    URL removed; the document's own structure and text kept."""
    text = html.decode() if isinstance(html, bytes) else str(html)
    return nh3.clean(
        text,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        attribute_filter=_only_images_as_data,
    )


@functools.cache
def _nbconvert():
    return HTMLExporter()


@pass_context
def markdown2html(context, source):
    """Markdown as nbconvert renders it (its HTMLExporter's filter), sanitised by `clean_html`."""
    return clean_html(_nbconvert().markdown2html(context, source))
