"""What the notebooks' text promises a student: a main path short enough to read in a sitting, a
concept check at the end of each, decks named by their titles, and figures and printed lines
without Markdown that neither matplotlib nor print would render."""

import ast
import re

import pytest

from grading_tools import notebooks
from tests.support import ASSIGNMENTS, ROOT

# Words of the main path: 07 and 08, once the longest, near 3,000 (issue 18); none past 4,200.
MAIN_PATH_WORDS = {"07_optimizers": 3300, "08_pima_diabetes": 3300}
MAIN_PATH_LIMIT = 4200
DECK_NUMBER = re.compile(r"\b[Ll]ecture 0\d\d\b|\(0\d\d[,:)]")
EMPHASIS = re.compile(r"(?<![\w*\\])\*[A-Za-z][^*\n]*[A-Za-z.]\*(?![\w*])")
DETAILS = re.compile(r"<details>.*?</details>", re.S)


def cells(assignment, kind):
    notebook = notebooks.read(notebooks.source_notebook(ROOT, assignment))
    return [c for c in notebook.cells if c.cell_type == kind]


def main_path_words(assignment):
    """Words a student reads on the main path: the Markdown cells, without collapsed
    `<details>` blocks and without sections whose heading begins "Optional"."""
    words, optional = 0, False
    for cell in cells(assignment, "markdown"):
        for line in cell.source.splitlines():
            if line.startswith("## "):
                optional = line[3:].strip().lower().startswith("optional")
        if not optional:
            words += len(re.findall(r"[A-Za-z0-9']+", DETAILS.sub("", cell.source)))
    return words


def shown_strings(code):
    """The string constants of a code cell (its IPython magics and shell lines left out)."""
    lines = [line for line in code.splitlines() if not line.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return []
    return [
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_main_path_reads_in_one_sitting(assignment):
    limit = MAIN_PATH_WORDS.get(assignment, MAIN_PATH_LIMIT)
    words = main_path_words(assignment)
    assert words <= limit, (
        f"{assignment}'s main path has {words} words (at most {limit}): cut repetition, or move "
        "an aside into a <details> block or an Optional section"
    )


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_each_notebook_ends_with_a_concept_check_of_five_questions_with_hidden_answers(assignment):
    markdown = [c.source for c in cells(assignment, "markdown")]
    starts = [i for i, text in enumerate(markdown) if text.lstrip().startswith("## Concept check")]
    assert starts, f"{assignment} has no '## Concept check' section"
    check = "\n".join(markdown[starts[-1] :])
    assert "\n## " not in check.split("## Concept check", 1)[1], "the concept check comes last"
    answers = re.findall(r"<details>\s*<summary>", check)
    assert len(answers) == 5, f"{assignment}'s concept check has {len(answers)} answers, not 5"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_decks_are_named_by_their_titles_not_by_file_numbers(assignment):
    for kind in ("markdown", "code"):
        for cell in cells(assignment, kind):
            found = DECK_NUMBER.search(cell.source)
            assert not found, f"{assignment}: {found.group()!r} in {cell.source[:80]!r}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_figures_and_printed_lines_carry_no_markdown_emphasis(assignment):
    for cell in cells(assignment, "code"):
        for text in shown_strings(cell.source):
            found = EMPHASIS.search(text)
            assert not found, (
                f"{assignment}: {found.group()!r} would show its asterisks in {text[:80]!r}"
            )


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_a_notebook_that_draws_uses_the_course_s_colour_blind_safe_style(assignment):
    """Importing course.plots sets matplotlib's colours and line styles (Okabe-Ito, each series
    with its own dash), so a figure drawn with plain plt.plot is readable without colour too."""
    code = "\n".join(cell.source for cell in cells(assignment, "code"))
    if "plt." in code:
        assert re.search(
            r"^\s*(import course\.plots|from course\.plots import|from course import .*\bplots\b)",
            code,
            re.M,
        ), f"{assignment} draws figures but never imports course.plots"
