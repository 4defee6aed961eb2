"""report.html: what the class as a whole did on each assignment, for the instructor.

One self-contained page (figures are inline PNG, no scripts, no network: its
Content-Security-Policy forbids both). First the class at a glance: a student x assignment table
(scores.grid) with missing, late, manually adjusted and not-graded cells marked, the students who
need help (NEEDS_HELP_RULE, stated on the page) first, each linked to their section. Then, per
assignment:
- the score distribution (a histogram, with count, mean and median);
- each test's pass rate, least passed first: which functions the class gets wrong most;
- for each failing test, its most frequent failure messages with their counts;
- the flagged submissions (a sandbox limit hit, a malformed file, an attempted access) and the
  ungradable ones, each with its reason;
- how long grading took, when known.
Last, a section per student (every failed test with its message and advice), and the pairs of
students whose solutions are the same code (similarity.py), side by side, as leads.

Scores come from nbgrader's gradebook, messages from the autograded notebooks
(autograded/STUDENT/ID/NOTEBOOK.ipynb): what failed, why and its likely causes from the
grader's verdicts kept in each cell's metadata (grading_tools.judge.failure), never from their
text. An error with no verdict kept (the student's code or a visible test raised in the kernel,
or a notebook graded before verdicts were kept) is shown by its name and first line, with the
visible tests' "hint:" and "fix ... first" lines as its advice; it is flagged only by its name
(failure.KIND_OF_ENAME) or by the sandbox's note naming its setting. What grading alone knows
(intake's and the sanitizer's notes, the time each submission took, why nbgrader could not
grade one) is saved beside the autograded notebook by `save_notes`
(autograded/STUDENT/ID/.grading.json), so that the report can be rebuilt later from the course
folder alone.

`collect` gathers plain data, `render` turns it into HTML; `build` and `write` do both.
"""

import base64
import html
import io
import json
import re
import statistics
import time
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader import utils

from . import scores, similarity
from .judge.failure import ACCESS_KINDS, KIND_OF_ENAME, LIMIT_KINDS, attached
from .nbgrader_plugins import exchange

NOTES_FILE = ".grading.json"
TOP_MESSAGES = 5  # failure messages shown per test
TOP_HINTS = 5  # advice lines kept per failure message
# An error without a verdict kept: the visible tests' advice lines (course.checks and
# course.failures write them in the kernel, where no grader keeps data), and the note the
# execute side adds to an error the sandbox caused (Sandbox.explain_error names its setting).
VISIBLE_HINT, SANDBOX_NOTE = "hint: ", "(c.Sandbox."
LIMIT, MALFORMED, ACCESS = "sandbox limit or crash", "malformed file", "attempted access"
LEFT_OUT, EXCHANGE = "left out of the copy", "exchange"  # submission_files' and collect's notes

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


# ----------------------------------------------------------------------------- grading's notes
def notes_path(root, student, assignment):
    return Path(root) / "autograded" / student / assignment / NOTES_FILE


def save_notes(root, student, assignment, notes, seconds, *, flags=(), error=None):
    """Keep what grading knows about one submission for later reports: `notes` (plain-language
    notes from intake and the sanitizer), `seconds` it took to grade (or None), extra `flags`
    (reasons to look at it) and `error`, why nbgrader could not grade it (None if it could)."""
    path = notes_path(root, student, assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"notes": list(notes or []), "seconds": seconds, "flags": list(flags), "error": error}
    path.write_text(json.dumps(record, indent=1))
    return path


def load_notes(root, student, assignment):
    """What `save_notes` kept ({} if nothing, or if the file cannot be read)."""
    try:
        record = json.loads(notes_path(root, student, assignment).read_text())
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


# ----------------------------------------------------------------------------- data
@dataclass
class Test:
    """One graded test cell across the class."""

    name: str
    passed: int = 0
    taken: int = 0
    messages: Counter = field(default_factory=Counter)  # grouping key -> submissions
    examples: dict = field(default_factory=dict)  # grouping key -> Counter of exact messages


@dataclass(frozen=True)
class Failed:
    """A failed test as the report shows it: `text` ("ename: first line"), the `hints` it offers
    (surest first; NEEDS_HELP_RULE counts them), `advice` (what to fix first: shown, not
    counted) and `kind`: its verdict's (grading_tools.judge.failure.KINDS), or for an error with
    no verdict kept, what its name says, "sandbox_limit", or "error". `judged`: whether the
    grader's verdict was kept (its hints are likely causes; the others a visible test's hints)."""

    text: str
    hints: tuple = ()
    advice: tuple = ()
    kind: str = "error"
    judged: bool = False


@dataclass
class Assignment:
    name: str
    max_score: float = 0.0
    scores: dict = field(default_factory=dict)  # student -> score, graded submissions only
    tests: list = field(default_factory=list)  # Test, least passed first
    flagged: list = field(default_factory=list)  # (student, kind, reason)
    ungradable: list = field(default_factory=list)  # (student, reason)
    missing: list = field(default_factory=list)  # students in the gradebook who submitted nothing
    seconds: dict = field(default_factory=dict)  # student -> seconds to grade
    failures: dict = field(default_factory=dict)  # student -> [(test, Failed)]
    elapsed: float = None  # the whole assignment's grading, wall clock, when known


def failure_message(cell) -> Failed | None:
    """The Failed of a failed test cell, from its last error output; None if it has none."""
    errors = _errors(cell)
    return failure_of(cell, errors[-1]) if errors else None


def failure_of(cell, error: dict) -> Failed:
    """The Failed of one error output of `cell`: from the verdict the grader kept for it, or,
    where none was kept (or what is kept is not a verdict), from the error alone."""
    ename = _clean(error.get("ename") or "Error")
    failure = attached(cell, error)
    if failure is None:
        return _unexplained(ename, error)
    advice = (f"fix {' and '.join(failure.fix_first)} first",) if failure.fix_first else ()
    hints = tuple(h[:300] for h in failure.hints[:TOP_HINTS])
    return Failed(_shown(ename, failure.title), hints, advice, failure.kind, judged=True)


def _unexplained(ename: str, error: dict) -> Failed:
    """The Failed of an error with no verdict kept: its name and first line; the visible tests'
    advice lines; a kind from its name alone, or the sandbox's note."""
    evalue = _clean(error.get("evalue", "")).strip()
    traceback = error.get("traceback")
    lines = [
        line.strip()
        for entry in (traceback if isinstance(traceback, list) else [])
        for line in _clean(entry).splitlines()
    ]
    hints = [
        line.removeprefix(VISIBLE_HINT)[:300] for line in lines if line.startswith(VISIBLE_HINT)
    ]
    advice = [line[:300] for line in lines if line.startswith("fix ") and " first" in line]
    kind = KIND_OF_ENAME.get(ename) or ("sandbox_limit" if SANDBOX_NOTE in evalue else "error")
    title = (evalue.splitlines() or [""])[0]
    return Failed(
        _shown(ename, title),
        tuple(dict.fromkeys(hints))[:TOP_HINTS],
        tuple(dict.fromkeys(advice))[:TOP_HINTS],
        kind,
    )


def _shown(ename, title):
    return f"{ename}: {title}".rstrip(": ")[:300]


def _errors(cell):
    outputs = cell.get("outputs")
    return [
        o
        for o in (outputs if isinstance(outputs, list) else [])
        if isinstance(o, dict) and o.get("output_type") == "error"
    ]


def group_key(failure):
    """Failures are grouped by kind, then by their text and advice with every number replaced
    by #: a message that quotes the student's own numbers (a shape, a count, a value) falls into
    one group with the same message about other numbers. The most frequent exact text is shown."""
    mask = lambda texts: tuple(_NUMBER.sub("#", t) for t in texts)  # noqa: E731
    return failure.kind, _NUMBER.sub("#", failure.text), mask(failure.hints), mask(failure.advice)


def flag(kind):
    """What a Failed's kind says about the submission: ACCESS, LIMIT, or None (a failure)."""
    if kind in ACCESS_KINDS:
        return ACCESS
    return LIMIT if kind in LIMIT_KINDS else None


def notebook_flags(nb):
    """[(kind, reason)] for a sandbox limit or an attempted access seen in an autograded
    notebook's error outputs, once per kind of error, with the number of cells it hit."""
    found, cells = {}, Counter()
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        where = cell.metadata.get("nbgrader", {}).get("grade_id") or f"cell {index + 1}"
        for error in _errors(cell):
            seen = failure_of(cell, error)
            kind, ename = flag(seen.kind), _clean(error.get("ename") or "Error")
            if kind is None:
                continue
            found.setdefault((kind, ename), f"{where}: {seen.text}")
            cells[kind, ename] += 1
    more = {key: f" (and {n - 1} more cells)" if n > 1 else "" for key, n in cells.items()}
    return [(kind, reason + more[kind, ename]) for (kind, ename), reason in found.items()]


def note_kind(note):
    """Grading's notes come from intake (a file left out, a malformed file), the sanitizer (a
    malformed file), or the sandbox."""
    if note.startswith("left out "):
        return LEFT_OUT
    return LIMIT if "sandbox" in note.lower() or "limit" in note.lower() else MALFORMED


def collect(root, gradebook_url, course_id, assignments, *, notes=None, timing=None):
    """[Assignment] from the gradebook, the autograded notebooks and grading's saved notes.

    `assignments`: ids, or None for every assignment in the gradebook;
    `notes`: {(student, assignment): [notes]} from this grading run, added to the saved ones;
    `timing`: {(student, assignment): seconds to grade it, assignment: wall-clock seconds}."""
    from nbgrader.api import Gradebook, MissingEntry

    root, notes, timing = Path(root), notes or {}, timing or {}
    if gradebook_url.startswith("sqlite:///") and not Path(gradebook_url[10:]).is_file():
        raise FileNotFoundError(f"no gradebook at {gradebook_url[10:]}: grade first")
    report = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nbgrader's SQLAlchemy warnings mean nothing here
        with Gradebook(gradebook_url, course_id) as gradebook:
            everyone = sorted(s.id for s in gradebook.students)
            if assignments is None:
                assignments = sorted(a.name for a in gradebook.assignments)
            for name in assignments:
                try:
                    found = gradebook.find_assignment(name)
                except MissingEntry:
                    rows, totals, max_score = {}, {}, 0.0
                else:
                    rows, totals = _grades(gradebook.db, found.id)
                    max_score = found.max_score
                report.append(
                    _assignment(root, name, max_score, rows, totals, everyone, notes, timing)
                )
    return report


def _grades(db, assignment_id):
    """({student: [(notebook, [(cell, auto, max)])]}, {student: score}) from the gradebook, in
    one query (scores.grade_rows)."""
    rows, totals = {}, {}
    for student, _, _, _, notebook, _, cell, score, auto, _, top in scores.grade_rows(
        db, assignment_id
    ):
        notebooks = rows.setdefault(student, {})
        totals[student] = totals.get(student, 0.0) + (score or 0.0)
        if notebook is not None:
            grades = notebooks.setdefault(notebook, [])
            if cell is not None:
                grades.append((cell, auto, top))
    return {s: list(notebooks.items()) for s, notebooks in rows.items()}, totals


def _assignment(root, name, max_score, rows, totals, everyone, notes, timing):
    """One Assignment from the gradebook's `rows` {student: [(notebook, [(cell, auto, max)])]}."""
    report = Assignment(name, max_score, elapsed=timing.get(name))
    folder = root / "submitted"
    submitted = {p.parent.name for p in folder.glob(f"*/{name}")} if folder.is_dir() else set()
    autograded = {p.parent.name for p in (root / "autograded").glob(f"*/{name}")}
    several = len({nb for grades in rows.values() for nb, _ in grades}) > 1
    tests = {}
    for student in sorted(set(rows) | submitted | autograded | {s for s, a in notes if a == name}):
        saved = load_notes(root, student, name)
        said = list(dict.fromkeys(saved.get("notes", []) + list(notes.get((student, name), []))))
        seconds = timing.get((student, name), saved.get("seconds"))
        if isinstance(seconds, (int, float)):
            report.seconds[student] = float(seconds)
        grades = rows.get(student, [])
        auto = [g for _, cells in grades for g in cells if g[1] is not None]
        reason = saved.get("error") or (None if auto else "no score in the gradebook")
        if reason:
            report.ungradable.append((student, "; ".join([reason] + said)))
            continue
        report.flagged += [(student, note_kind(n), n) for n in said]
        report.flagged += [(student, note_kind(f), f) for f in saved.get("flags", [])]
        collected = exchange.collect_record(folder / student / name).get("flags", [])
        report.flagged += [(student, EXCHANGE, f) for f in collected if f not in said]
        report.scores[student] = totals[student]
        for notebook, cells in grades:
            nb = _read(root / "autograded" / student / name / f"{notebook}.ipynb")
            report.flagged += [(student, kind, why) for kind, why in notebook_flags(nb)]
            messages = {
                (c.metadata.get("nbgrader", {}).get("grade_id")): failure_message(c)
                for c in nb.cells
                if utils.is_grade(c) and not utils.is_solution(c)
            }
            order = {name: i for i, name in enumerate(messages)}  # the notebook's order
            for cell, auto_score, cell_max in sorted(cells, key=lambda c: order.get(c[0], 1e9)):
                if auto_score is None:
                    continue
                test = tests.setdefault(
                    (notebook, cell), Test(f"{notebook}: {cell}" if several else cell)
                )
                test.taken += 1
                if auto_score >= cell_max - 1e-9:
                    test.passed += 1
                    continue
                failure = messages.get(cell) or Failed("(no error output in the notebook)")
                report.failures.setdefault(student, []).append((test.name, failure))
                key = group_key(failure)
                test.messages[key] += 1
                test.examples.setdefault(key, Counter())[failure] += 1
    report.tests = sorted(tests.values(), key=lambda t: (t.passed / t.taken, t.name))
    report.missing = [s for s in everyone if s not in rows and s not in submitted]
    return report


def _read(path):
    """The notebook at `path`, or an empty one if it is missing or unreadable. Read as plain
    JSON, without nbformat's validation (5x faster; nbgrader wrote it)."""
    try:
        nb = nbformat.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
        nb.cells = [c for c in nb.cells if isinstance(c, dict) and "metadata" in c]
        return nb
    except Exception:
        return nbformat.v4.new_notebook()


def _clean(text):
    return _ANSI.sub("", str(text))


# ----------------------------------------------------------------------------- HTML
# The page has no script and fetches nothing: its policy forbids both, so that no text taken from a
# submission (test names, failure messages, escaped with html.escape) could ever run or fetch.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<title>Grading report: {course}</title>
<style>
body {{ font: 15px/1.45 system-ui, sans-serif; max-width: 1100px; margin: 2em auto;
        padding: 0 1em; color: #222; }}
h2 {{ border-top: 2px solid #ccc; padding-top: .8em; margin-top: 2em; }}
table {{ border-collapse: collapse; margin: .5em 0 1em; }}
td, th {{ padding: .2em .7em; border-bottom: 1px solid #e4e4e4; text-align: left;
          vertical-align: top; }}
td.n, th.n {{ text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }}
.bar {{ background: #eee; width: 160px; height: .9em; display: inline-block; }}
.bar span {{ background: #4a8; height: 100%; display: block; }}
.low span {{ background: #d65; }}
code, .msg {{ font-family: ui-monospace, monospace; font-size: 13px; }}
.cause {{ color: #555; font-size: 13px; margin-left: 1.5em; }}
.m {{ margin-bottom: .2em; }}
.muted {{ color: #666; }}
table.grid td, table.grid th {{ padding: .1em .5em; }}
tr.need td:first-child {{ border-left: 4px solid #d65; }}
.tag {{ font-size: 11px; padding: 0 .3em; border-radius: 3px; white-space: nowrap; }}
.miss {{ background: #fdd; }} .late {{ background: #fe9; }} .adj {{ background: #cdf; }}
.ng {{ background: #ddd; }}
table.side td {{ width: 50%; }}
pre {{ font-size: 12px; white-space: pre-wrap; word-break: break-word; margin: 0;
       background: #f6f6f6; padding: .3em; }}
</style></head><body>
<h1>Grading report: {course}</h1>
<p class="muted">Written {when}. {summary}</p>
<ul>{contents}</ul>
{sections}
</body></html>
"""


def render(course_id, report, grid=None, similar=None):
    """The report's HTML page from collect's [Assignment], with the class table and the students'
    sections when given the scores.Grid, and the similarity.Result when given."""
    e = html.escape
    contents = "".join(
        f'<li><a href="#{e(a.name)}">{e(a.name)}</a>: {_summary(a)}</li>' for a in report
    )
    before, after = "", []
    if grid is not None:
        helped = needs_help(grid, report)
        before = _class_table(grid, report, helped)
        after.append(_students(grid, report, helped))
        contents = (
            f'<li><a href="#class">The class at a glance</a>: {len(helped)} of '
            f"{_count(len(grid.students), 'student')} need help</li>{contents}"
            '<li><a href="#students">Students</a></li>'
        )
    if similar is not None:
        after.append(_similar(similar))
        contents += (
            f'<li><a href="#similar">Similar solutions</a>: '
            f"{_count(len(similar.pairs), 'pair')} to look at</li>"
        )
    graded = sum(len(a.scores) for a in report)
    flagged = sum(_flagged_students(a) for a in report)
    ungradable = sum(len(a.ungradable) for a in report)
    summary = (
        f"{_count(len(report), 'assignment')}, {_count(graded, 'graded submission')}, "
        f"{flagged} flagged, {ungradable} not graded."
    )
    return PAGE.format(
        policy=CONTENT_SECURITY_POLICY,
        course=e(course_id),
        when=time.strftime("%Y-%m-%d %H:%M"),
        summary=summary,
        contents=contents,
        sections="\n".join([before, *(_section(a) for a in report), *after]),
    )


def _flagged_students(a):
    return len({student for student, *_ in a.flagged})


def _count(n, thing):
    return f"{n} {thing}" + ("" if n == 1 else "s")


def _summary(a):
    if not a.scores:
        return "no graded submissions"
    return (
        f"{len(a.scores)} graded, mean {statistics.mean(a.scores.values()):.1f} / "
        f"{a.max_score:g}"
        + (f", {_flagged_students(a)} flagged" if a.flagged else "")
        + (f", {len(a.ungradable)} not graded" if a.ungradable else "")
    )


def _section(a):
    e = html.escape
    parts = [f'<h2 id="{e(a.name)}">{e(a.name)}</h2>']
    if a.scores:
        values = list(a.scores.values())
        parts.append(
            f"<p>{_count(len(values), 'graded submission')}, "
            f"out of {a.max_score:g} points: "
            f"mean {statistics.mean(values):.1f}, median {statistics.median(values):g}, "
            f"lowest {min(values):g}, highest {max(values):g}.</p>"
        )
        parts.append(_histogram(values, a.max_score))
    else:
        parts.append("<p>No graded submissions.</p>")
    if a.tests:
        parts.append("<h3>Tests, least passed first, and why they failed</h3>" + _tests(a.tests))
    parts.append(_flagged(a))
    parts.append(_ungradable(a))
    parts.append(_timing(a))
    return "\n".join(p for p in parts if p)


def _histogram(values, max_score):
    """The score distribution as an inline PNG (matplotlib's Agg canvas, no pyplot)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    top = max([max_score, *values, 1])
    bins, edges = (int(top) + 1, (-0.5, int(top) + 0.5)) if top < 40 else (40, (0, top))
    figure = Figure(figsize=(6.4, 2.4), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    ax.hist(values, bins=bins, range=edges, color="#4a8", edgecolor="white")
    mean, median = statistics.mean(values), statistics.median(values)
    ax.axvline(mean, color="#333", linestyle="--", zorder=3, label=f"mean {mean:.1f}")
    ax.axvline(median, color="#c33", linewidth=2, zorder=3, label=f"median {median:g}")
    ax.set_xlabel(f"score (out of {max_score:g})")
    ax.set_ylabel("submissions")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1, 1))
    ax.spines[["top", "right"]].set_visible(False)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    data = base64.b64encode(buffer.getvalue()).decode()
    return f'<img alt="score distribution" src="data:image/png;base64,{data}">'


def _tests(tests):
    """A row per test: its pass rate as numbers and a bar, and its most frequent failures."""
    rows = []
    for t in tests:
        rate = t.passed / t.taken
        low = " low" if rate < 0.5 else ""
        rows.append(
            f"<tr><td><code>{html.escape(t.name)}</code></td>"
            f'<td class="n">{t.passed} of {t.taken}</td><td class="n">{rate:.0%}</td>'
            f'<td><span class="bar{low}"><span style="width:{rate:.0%}"></span></span>'
            f"</td><td>{_messages(t)}</td></tr>"
        )
    return (
        "<table><tr><th>test</th><th>passed</th><th></th><th></th>"
        "<th>failure messages, most frequent first (submissions)</th></tr>"
        + "".join(rows)
        + "</table>"
    )


def _messages(t):
    e = html.escape
    lines = []
    for key, count in t.messages.most_common(TOP_MESSAGES):
        failure, _ = t.examples[key].most_common(1)[0]
        variants = len(t.examples[key])
        more = (
            f' <span class="muted">({variants} variants in numbers)</span>' if variants > 1 else ""
        )
        lines.append(
            f'<div class="m"><b>{count}</b> <span class="msg">{e(failure.text)}</span>{more}'
            f"{_advice(failure)}</div>"
        )
    rest = t.messages.most_common()[TOP_MESSAGES:]
    if rest:
        lines.append(
            f'<div class="muted">{sum(c for _, c in rest)} more, with '
            f"{len(rest)} other messages</div>"
        )
    return "".join(lines)


def _advice(failure):
    """What to fix first, then the hints, worded as the student's message words them."""
    causes = [
        ("likely cause: " if i == 0 else "or: ") + h if failure.judged else VISIBLE_HINT + h
        for i, h in enumerate(failure.hints)
    ]
    return "".join(
        f'<div class="cause">{html.escape(line)}</div>' for line in [*failure.advice, *causes]
    )


def _flagged(a):
    if not a.flagged:
        return "<h3>Flagged submissions</h3><p>None.</p>"
    e = html.escape
    rows = "".join(
        f"<tr><td>{e(s)}</td><td>{e(kind)}</td><td>{e(reason)}</td></tr>"
        for s, kind, reason in sorted(a.flagged)
    )
    return (
        "<h3>Flagged submissions</h3><table><tr><th>student</th><th>why</th>"
        f"<th>reason</th></tr>{rows}</table>"
    )


def _ungradable(a):
    e = html.escape
    parts = []
    if a.ungradable:
        rows = "".join(
            f"<tr><td>{e(s)}</td><td>{e(reason)}</td></tr>" for s, reason in a.ungradable
        )
        parts.append(
            "<h3>Not graded (no score)</h3><table><tr><th>student</th><th>reason</th></tr>"
            f"{rows}</table>"
        )
    if a.missing:
        parts.append(
            f"<p>No submission from {_count(len(a.missing), 'student')} in the gradebook: "
            f"{e(', '.join(a.missing))}.</p>"
        )
    return "\n".join(parts)


def _timing(a):
    """Wall-clock time when grading said it (workers overlap), else the sum of submissions'."""
    if not a.seconds and a.elapsed is None:
        return '<p class="muted">Grading time: not recorded.</p>'
    total = a.elapsed if a.elapsed is not None else sum(a.seconds.values())
    text = f"Grading took {_duration(total)}"
    if a.seconds:
        slowest = max(a.seconds, key=a.seconds.get)
        text += (
            f" for {_count(len(a.seconds), 'submission')}: "
            f"{statistics.median(a.seconds.values()):.1f} s each (median), the slowest "
            f"{html.escape(slowest)} ({a.seconds[slowest]:.1f} s)"
        )
    return f"<p>{text}.</p>"


def _duration(seconds):
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if minutes else f"{seconds:.1f} s"


# ----------------------------------------------------------------------------- the class
LOW_TOTAL = 0.5  # needs help below this fraction of the points of the assignments handed out
MISSING_LIMIT = 2  # needs help from this many missing submissions
REPEATED_LIMIT = 2  # needs help when one piece of advice comes back in this many failed tests
NEEDS_HELP_RULE = (
    f"A student <b>needs help</b> when their total is under {LOW_TOTAL:.0%} of the points of the "
    f"assignments handed out so far (a missing submission counts 0), when {MISSING_LIMIT} or more "
    f"submissions are missing, or when the same advice (a likely cause or hint, numbers aside) "
    f"comes back in {REPEATED_LIMIT} or more of their failed tests: the same mistake again."
)


def needs_help(grid, report):
    """{student: [reasons]} by NEEDS_HELP_RULE, for the students of `grid` (scores.Grid), with
    their failures from collect's [Assignment] `report`."""
    handed_out = grid.handed_out()
    possible = sum(grid.max_scores.get(a, 0.0) for a in handed_out)
    reasons = {}
    for student in grid.students:
        said = []
        total = grid.total(student.id)
        if possible and total < LOW_TOTAL * possible:
            said.append(f"total {total:g} of {possible:g} ({total / possible:.0%})")
        missing = [a for a in handed_out if (student.id, a) not in grid.cells]
        if len(missing) >= MISSING_LIMIT:
            said.append(f"{len(missing)} submissions missing")
        advice = Counter()
        for a in report:
            for _, failure in a.failures.get(student.id, []):
                # only likely causes: "fix X first" repeats in every test of a function that
                # calls a broken X, one mistake, not the same one again
                for hint in {_NUMBER.sub("#", h) for h in failure.hints}:
                    advice[hint] += 1
        said += [
            f"the same mistake in {n} tests: {hint}"
            for hint, n in advice.most_common()
            if n >= REPEATED_LIMIT
        ]
        if said:
            reasons[student.id] = said
    return reasons


def by_need(grid, helped):
    """The student ids, those who need help most first: most reasons, then lowest total."""
    return sorted(
        (s.id for s in grid.students),
        key=lambda s: (-len(helped.get(s, [])), grid.total(s), s),
    )


def _anchor(student):
    """An HTML id for a student's section, whatever characters their id holds."""
    return "student-" + "".join(c if c.isalnum() or c == "-" else f"_{ord(c):x}_" for c in student)


def _class_table(grid, report, helped):
    """The student x assignment table, in need order, with missing, late, adjusted and
    not-graded cells marked and each student linked to their section."""
    e = html.escape
    ungradable = {(s, a.name) for a in report for s, _ in a.ungradable}
    columns = grid.handed_out()
    head = "".join(f'<th class="n" title="{e(a)}">{e(a.split("_")[0])}</th>' for a in columns)
    possible = sum(grid.max_scores.get(a, 0.0) for a in columns)
    rows = []
    for student in by_need(grid, helped):
        cells = "".join(
            _grid_cell(grid.cells.get((student, a)), (student, a) in ungradable) for a in columns
        )
        reasons = helped.get(student, [])
        need = "; ".join(e(r) for r in reasons)
        rows.append(
            f'<tr{" class=need" if reasons else ""}><td><a href="#{_anchor(student)}">'
            f"{e(student)}</a></td>{cells}"
            f'<td class="n">{grid.total(student):g} / {possible:g}</td><td>{need}</td></tr>'
        )
    legend = ", ".join(f"{e(a.split('_')[0])} {e(a)}" for a in columns) or "none submitted yet"
    return (
        '<h2 id="class">The class at a glance</h2>'
        f"<p>{NEEDS_HELP_RULE} {len(helped)} of {len(grid.students)} students need help; they come "
        "first, most reasons first, then by total. Each cell is the score after nbgrader's late "
        'penalty; <span class="tag miss">missing</span> no submission, '
        '<span class="tag late">late</span> submitted after the due date, '
        '<span class="tag adj">adjusted</span> a manual score (the formgrader\'s) replaces the '
        "autograder's, <span class=\"tag ng\">not graded</span> no score. A student's name "
        f'links to their failures.</p><p class="muted">Columns: {legend}.</p>'
        f'<table class="grid"><tr><th>student</th>{head}<th class="n">total</th>'
        f"<th>needs help because</th></tr>{''.join(rows)}</table>"
    )


def _lateness(seconds):
    """How late, in the largest units that say it: 3 days 4 h, 2 h 5 min, 12 min."""
    minutes = max(1, round(seconds / 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days} day{'s' if days > 1 else ''} {hours} h"
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


def _grid_cell(cell, not_graded):
    if cell is None:
        return '<td class="n"><span class="tag miss">missing</span></td>'
    marks = []
    if not_graded:
        marks.append('<span class="tag ng">not graded</span>')
    if cell.seconds_late > 0:
        penalty = f", -{cell.penalty:g} points" if cell.penalty else ""
        late = f"{_lateness(cell.seconds_late)} late{penalty}"
        marks.append(f'<span class="tag late" title="{late}">late</span>')
    if cell.adjusted:
        which = html.escape(", ".join(cell.adjusted))
        marks.append(f'<span class="tag adj" title="manual score: {which}">adjusted</span>')
    return f'<td class="n">{cell.score:g}{" " if marks else ""}{" ".join(marks)}</td>'


def _students(grid, report, helped):
    """A section per student, in need order: each assignment's score and marks, then every
    failed test with its message and advice."""
    e = html.escape
    ungradable = {(s, a.name): reason for a in report for s, reason in a.ungradable}
    failures = {a.name: a.failures for a in report}
    parts = ['<h2 id="students">Students</h2>']
    for student in by_need(grid, helped):
        items = []
        for a in grid.handed_out():
            cell = grid.cells.get((student, a))
            if cell is None:
                items.append(f"<li>{e(a)}: <b>missing</b> (no submission)</li>")
                continue
            notes = []
            if (student, a) in ungradable:
                notes.append(f"not graded: {e(ungradable[student, a])}")
            if cell.seconds_late > 0:
                notes.append(
                    f"{_lateness(cell.seconds_late)} late"
                    + (f", {cell.penalty:g} points off" if cell.penalty else "")
                )
            if cell.adjusted:
                notes.append(f"manual score for {e(', '.join(cell.adjusted))}")
            failed = "".join(
                f'<li><code>{e(test)}</code>: <span class="msg">{e(failure.text)}</span>'
                f"{_advice(failure)}</li>"
                for test, failure in failures.get(a, {}).get(student, [])
            )
            items.append(
                f"<li>{e(a)}: {cell.score:g} / {cell.max_score:g}"
                + (f" ({'; '.join(notes)})" if notes else "")
                + (f"<ul>{failed}</ul>" if failed else "")
                + "</li>"
            )
        need = helped.get(student)
        parts.append(
            f'<h3 id="{_anchor(student)}">{e(student)}</h3>'
            + (f"<p><b>Needs help:</b> {e('; '.join(need))}.</p>" if need else "")
            + f"<ul>{''.join(items)}</ul>"
        )
    return "\n".join(parts)


MAX_PAIRS = 100  # similar pairs shown, most evidence first


def _similar(result):
    """The similarity check's pairs, each function's two cells side by side, as leads."""
    e = html.escape
    parts = [
        '<h2 id="similar">Similar solutions</h2>'
        "<p>Pairs of students whose solutions of the same functions are the same code once "
        "names, comments and layout are set aside. This is a lead to look at, not a finding: "
        "students may have worked together as allowed, or started from the same example. "
        f"Short cells (under {similarity.MIN_TOKENS} tokens), the release stub, cells at or "
        "near the reference solution and code that many students share are not counted. "
        f"{_count(result.cells, 'solution cell')} compared; "
        f"{_count(result.common, 'common solution')} left out as shared by many.</p>"
    ]
    if not result.pairs:
        parts.append("<p>No pair stands out.</p>")
    for pair in result.pairs[:MAX_PAIRS]:
        a, b = pair.students
        rows = "".join(
            f"<tr><td colspan=2><b>{e(m.assignment)}: <code>{e(m.function)}</code></b> "
            + ("identical once normalised" if m.ratio == 1 else f"{m.ratio:.0%} alike")
            + f" ({m.tokens} tokens)</td></tr>"
            f"<tr><td><pre>{e(m.sources[0])}</pre></td><td><pre>{e(m.sources[1])}</pre></td></tr>"
            for m in pair.matches
        )
        parts.append(
            f'<h3><a href="#{_anchor(a)}">{e(a)}</a> and <a href="#{_anchor(b)}">{e(b)}</a>: '
            f"{_count(len(pair.matches), 'function')} alike</h3>"
            f'<table class="side"><tr><th>{e(a)}</th><th>{e(b)}</th></tr>{rows}</table>'
        )
    if len(result.pairs) > MAX_PAIRS:
        parts.append(f"<p>{len(result.pairs) - MAX_PAIRS} more pairs, with less in common.</p>")
    return "\n".join(parts)


# ----------------------------------------------------------------------------- entry points
def build(root, gradebook_url, course_id, assignments, *, notes=None, timing=None):
    """The report's HTML, from the gradebook and the autograded notebooks under root/autograded/."""
    data = collect(root, gradebook_url, course_id, assignments, notes=notes, timing=timing)
    names = [a.name for a in data]
    grid = scores.grid(gradebook_url, course_id, names)
    return render(course_id, data, grid, similarity.find(root, names))


def write(root, gradebook_url, course_id, assignments, *, notes=None, timing=None, path=None):
    """Write the report to root/report.html (or `path`); return its path."""
    path = Path(path) if path else Path(root) / "report.html"
    path.write_text(
        build(root, gradebook_url, course_id, assignments, notes=notes, timing=timing),
        encoding="utf-8",
    )
    return path
