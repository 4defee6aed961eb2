"""Pairs of students whose solutions are the same code, names and layout aside: leads for the
instructor to look at, never a verdict.

Each graded function's solution cell (nbgrader's `solution` cells, keyed by grade_id) of each
autograded submission is parsed with `ast` (never run) and read back as a token sequence, its
syntax tree in pre-order: comments, layout and docstrings are gone, and the names it binds
(arguments, variables, loop and comprehension variables) are renamed in order of first use (v0,
v1, ...), so a renamed, reformatted or re-commented copy becomes the same sequence. A cell that
does not parse is compared as its text, comments stripped.

A match says something only where independent students would not write the same thing, so a cell
is left out when it is
- short: under MIN_TOKENS tokens, about 2 per word of code (a one-line
  `return 1 / (1 + np.exp(-z))` is what everyone who is right writes);
- the release stub, or the reference solution or close to it (NEAR_KNOWN of its 6-token shingles
  are the reference's): that is shared with the instructor, not between two students;
- common: the same code from more than `max(MAX_SHARED, 5 % of the class)` students is a usual
  way to write it.
Identical sequences are found by hashing (one bucket per normalised cell); near ones (difflib's
ratio >= NEAR) only between cells that share enough rare 6-token shingles, so the class is never
compared pair by pair. A pair of students is listed when the matched cells weigh MIN_EVIDENCE
tokens or more in all (each cell's length times its ratio, over every assignment).
"""

import ast
import difflib
import functools
import itertools
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

MIN_TOKENS = 40  # a cell shorter than this (normalised) says nothing
NEAR = 0.9  # difflib ratio from which two normalised cells count as the same code
NEAR_KNOWN = 0.7  # share of a cell's shingles in the stub or reference that makes it theirs
MAX_SHARED = 3  # code shared by more students than this (or 5 % of the class) is common
MIN_EVIDENCE = 60  # matched tokens (length x ratio, summed) for a pair to be listed
SHINGLE = 6  # tokens per shingle for finding near-match candidates
MAX_SOURCE = 50_000  # characters of a cell considered (a submission is untrusted)

_TEXT_TOKEN = re.compile(r"\w+|[^\s\w]")


@dataclass
class Match:
    """One function on which two students' solutions are the same code."""

    assignment: str
    function: str
    ratio: float  # 1.0: identical once normalised
    tokens: int  # the shorter normalised cell's length
    sources: tuple  # the two cells as submitted


@dataclass
class Pair:
    students: tuple
    matches: list = field(default_factory=list)

    @property
    def weight(self):
        return sum(m.ratio * m.tokens for m in self.matches)


@dataclass
class Result:
    pairs: list  # Pair, heaviest first
    common: int = 0  # normalised cells left out as common (shared by many students)
    cells: int = 0  # solution cells compared


# ----------------------------------------------------------------------------- normalising
_DEFINITIONS = {ast.FunctionDef, ast.AsyncFunctionDef}
_SCOPES = {ast.Module, ast.ClassDef, *_DEFINITIONS}
_CONTEXTS = {ast.Load, ast.Store, ast.Del}


@functools.lru_cache(maxsize=4096)  # the same cell comes back (untouched stubs, copies)
def normalise(source):
    """The cell as a tuple of tokens, its names and layout aside (see the module's docstring)."""
    source = source[:MAX_SOURCE]
    try:
        return tuple(_tree_tokens(ast.parse(source)))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return tuple(_TEXT_TOKEN.findall(re.sub(r"#[^\n]*", "", source)))


def _tree_tokens(tree):
    """The syntax tree in pre-order: each node's type, with the names, attributes and constants
    it holds; docstrings left out, and the names the cell binds (arguments, assigned and loop
    variables, but not the functions it defines) renamed v0, v1, ... in order of first use.
    One pass over the tree (names are renamed once it is known which are bound)."""
    tokens, uses, bound, defined = [], [], set(), set()
    stack = [tree]
    while stack:
        node = stack.pop()
        kind = type(node)
        tokens.append(kind.__name__)
        if kind is ast.Name:
            uses.append(len(tokens))
            tokens.append(node.id)
            if type(node.ctx) is ast.Store:
                bound.add(node.id)
            continue
        if kind is ast.arg:  # its annotation says nothing about the code
            uses.append(len(tokens))
            tokens.append(node.arg)
            bound.add(node.arg)
            continue
        if kind is ast.Constant:
            tokens.append(repr(node.value)[:100])
            continue
        label = node.arg if kind is ast.keyword else getattr(node, "attr", None)
        if kind in _DEFINITIONS:
            label = node.name
            defined.add(node.name)
        elif kind is ast.ClassDef:
            label = node.name
        if isinstance(label, str):
            tokens.append(label)
        children = []
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                children += [v for v in value if isinstance(v, ast.AST)]
            elif isinstance(value, ast.AST) and type(value) not in _CONTEXTS:
                children.append(value)
        body = getattr(node, "body", None)
        if kind in _SCOPES and body and _is_docstring(body[0]):
            children.remove(body[0])
        stack.extend(reversed(children))
    bound -= defined
    names = {}
    for i in uses:
        if tokens[i] in bound:
            tokens[i] = names.setdefault(tokens[i], f"v{len(names)}")
    return tokens


def _is_docstring(statement):
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


# ----------------------------------------------------------------------------- reading
def solution_cells(path):
    """{grade_id: source} of the code solution cells of the notebook at `path` ({} if it cannot
    be read: read as plain JSON, nothing in it runs)."""
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
        cells = nb.get("cells", [])
    except (OSError, ValueError, AttributeError):
        return {}
    found = {}
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        meta = cell.get("metadata", {})
        meta = meta.get("nbgrader", {}) if isinstance(meta, dict) else {}
        name = meta.get("grade_id") if isinstance(meta, dict) else None
        if not (meta.get("solution") and isinstance(name, str)):
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        found.setdefault(name, source)
    return found


def class_cells(root, assignment):
    """{student: {function: source}} from root/autograded/STUDENT/ID/ID.ipynb."""
    found = {}
    for path in sorted(Path(root, "autograded").glob(f"*/{assignment}/{assignment}.ipynb")):
        cells = solution_cells(path)
        if cells:
            found[path.parent.parent.name] = cells
    return found


# ----------------------------------------------------------------------------- matching
def find(root, assignments):
    """The Result for `assignments` of the course at `root`: the release stubs come from
    root/release/, the reference solutions from root/source/."""
    pairs, common, compared = {}, 0, 0
    for assignment in assignments:
        stubs = solution_cells(Path(root, "release", assignment, f"{assignment}.ipynb"))
        references = solution_cells(Path(root, "source", assignment, f"{assignment}.ipynb"))
        students = class_cells(root, assignment)
        functions = sorted({f for cells in students.values() for f in cells})
        for function in functions:
            cells = {s: c[function] for s, c in students.items() if function in c}
            compared += len(cells)
            known = [normalise(x) for x in (stubs.get(function), references.get(function)) if x]
            found, skipped = match_function(cells, known, class_size=len(students))
            common += skipped
            for (a, b), ratio, tokens in found:
                pair = pairs.setdefault((a, b), Pair((a, b)))
                pair.matches.append(
                    Match(assignment, function, ratio, tokens, (cells[a], cells[b]))
                )
    listed = [p for p in pairs.values() if p.weight >= MIN_EVIDENCE]
    return Result(sorted(listed, key=lambda p: (-p.weight, p.students)), common, compared)


def match_function(cells, known, class_size):
    """([((student, student), ratio, tokens)], number of common forms left out) for one
    function's `cells` {student: source}; `known`: the normalised stub and reference."""
    forms = defaultdict(list)
    for student, source in cells.items():
        forms[normalise(source)].append(student)
    shared_limit = max(MAX_SHARED, class_size // 20)
    informative, common = {}, 0
    close = [_closeness(k) for k in known]
    for form, students in forms.items():
        if len(form) < MIN_TOKENS or any(is_close(form) for is_close in close):
            continue
        if len(students) > shared_limit:
            common += 1
            continue
        informative[form] = sorted(students)
    found = [
        (pair, 1.0, len(form))
        for form, students in informative.items()
        for pair in itertools.combinations(students, 2)
    ]
    for a, b in _near_candidates(list(informative), shared_limit):
        ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
        if ratio >= NEAR:
            found += [
                (tuple(sorted((x, y))), ratio, min(len(a), len(b)))
                for x in informative[a]
                for y in informative[b]
            ]
    return found, common


def _closeness(known):
    """A test whether a form is `known` or near it: NEAR_KNOWN of its shingles are `known`'s (a
    set lookup per shingle: most of a class is near the reference, difflib would be slow)."""
    theirs = _shingles(known)

    def is_close(form):
        own = _shingles(form)
        return form == known or len(own & theirs) >= NEAR_KNOWN * len(own)

    return is_close


def _shingles(form):
    return {hash(form[j : j + SHINGLE]) for j in range(max(1, len(form) - SHINGLE + 1))}


def _near_candidates(forms, shared_limit):
    """Pairs of distinct forms sharing at least a third of the shorter's rare shingles (a shingle
    in more forms than `shared_limit` is common and says nothing)."""
    index = defaultdict(set)
    shingles = []
    for i, form in enumerate(forms):
        own = _shingles(form)
        shingles.append(own)
        for s in own:
            index[s].add(i)
    shared = defaultdict(int)
    for holders in index.values():
        if 1 < len(holders) <= shared_limit:
            for i, j in itertools.combinations(sorted(holders), 2):
                shared[i, j] += 1
    return [
        (forms[i], forms[j])
        for (i, j), n in shared.items()
        if n * 3 >= min(len(shingles[i]), len(shingles[j]))
    ]
