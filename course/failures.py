"""How a failing cell is shown in the notebook: the student's line and what to do, not our code.

- A failed visible check (CheckFailed) shows the test cell's line and the message,
  without the frames of course.checks above it (`render_check_failure`).
- An exception raised inside a function the student wrote, e.g. numpy's "matmul: Input operand 1
  has a mismatch in its core dimension", shows which function raised, the line, the shapes of the
  arrays on it, the check that was running and the hint the test cell gives for that check
  (`explain`).
- "Finish X first" (ExercisesNotDone, raised by course.exercises.needs) ends the cell quietly.

One IPython handler does all three (`install`); any other exception is shown as IPython shows it.
The error output keeps the exception's own name (AssertionError, ValueError...), so nbgrader and
Validate still see the cell fail.
"""

import ast
import linecache
import re

from .progress import fix_first_among


class CheckFailed(AssertionError):
    """A visible check failed. In a notebook it shows the test cell's line and the message, not
    the frames of course.checks. It is an AssertionError and is named so: nbgrader, Validate and
    the grading summaries see `AssertionError`."""

    def _render_traceback_(self):  # IPython shows this instead of a traceback
        return render_check_failure(self)


CheckFailed.__name__ = CheckFailed.__qualname__ = "AssertionError"


class ExercisesNotDone(Exception):
    """Raised by `needs`. In a notebook the cell stops here, shows this one line and no traceback,
    and counts as run without error, so Run All goes on to the next cell."""

    def _render_traceback_(self):  # IPython shows this instead of a traceback
        return [str(self)]


def _end_cell_quietly(shell, etype, value, tb, tb_offset=None):
    """IPython's handler for ExercisesNotDone: print the line, and report the cell as run without
    error."""
    print(value)
    result = getattr(shell.displayhook, "exec_result", None)
    if result is not None:
        result.error_in_exec = None
    return []


def install():
    """Make the running IPython shell show failures this way (nothing outside IPython)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None and shell.custom_exceptions != (Exception,):
        shell.set_custom_exc((Exception,), _handle)


def _handle(shell, etype, value, tb, tb_offset=None):
    """IPython's handler for every Exception raised by a cell."""
    if isinstance(value, ExercisesNotDone):
        return _end_cell_quietly(shell, etype, value, tb, tb_offset)
    try:
        lines = explain(value, tb, _cell_label(shell))
    except Exception:  # never hide the student's error behind one of ours
        lines = None
    if lines is None:
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
    else:
        shell._showtraceback(etype, value, lines)
    return None


# ------------------------------------------------------------------------- failed checks
def render_check_failure(error):
    """The lines IPython shows for a failed check: where in the cell, then the message."""
    label = _cell_label(_shell())
    frames = [(f, n) for f, n in _frames(error.__traceback__) if label(f.f_code.co_filename)]
    lines = []
    if frames:
        frame, line = frames[-1]
        lines.append(_where(label, frame.f_code.co_filename, line))
        lines.append("  " + linecache.getline(frame.f_code.co_filename, line).strip())
    lines.append(f"{RED}AssertionError{RESET}: {error}")
    return lines


RED, RESET = "\x1b[0;31m", "\x1b[0m"


# ------------------------------------------------------------ errors in a student's function
def explain(error, tb, label):
    """The lines that explain `error`, raised inside a function defined in a notebook cell, or
    None (then it is shown as usual). `label(filename)` names a cell's code ("Cell In[5]") and
    is None for any other file."""
    if isinstance(error, (NotImplementedError, AssertionError)):
        return None  # a stub names itself; a check explains itself
    frames = list(_frames(tb))
    in_cells = [(f, line) for f, line in frames if label(f.f_code.co_filename)]
    inside = [(f, line) for f, line in in_cells if f.f_code.co_name != "<module>"]
    if not inside:
        return None
    function, line = inside[-1]
    name = function.f_code.co_name
    filename = function.f_code.co_filename
    code = linecache.getline(filename, line).strip()
    lines = [
        f"{RED}{name} raised {type(error).__name__}{RESET}: {error}",
        f"  in {name}, {_where(label, filename, line)}: {code}",
    ]
    shapes = _shapes(code, function)
    if shapes:
        lines.append(f"  shapes on that line: {shapes}")
    test, test_line = in_cells[0]
    check = _check_at(test.f_code.co_filename, test_line)
    if check:
        what, hint, uses = check
        if what:
            lines.append(f"  while checking: {what}")
        used = _names(uses, test)
        advice = fix_first_among(used)  # as for a wrong result: a broken callee comes first
        if name in used:  # the fault is in a function the tested one calls
            lines.append(f"  fix `{name}` first: the function tested here calls it")
        elif advice:  # it raised in its own code, maybe on what a broken callee returned
            lines.append(f"  {advice}")
        elif hint:
            lines.append(f"  hint: {hint}")
    return lines


def _names(node, frame):
    """The function names a check's `uses=` gives: a tuple written out, or a variable of the
    test cell that holds one."""
    if isinstance(node, ast.Name):
        value = frame.f_globals.get(node.id, ())
        return [v for v in value if isinstance(v, str)] if isinstance(value, tuple) else []
    if isinstance(node, (ast.Tuple, ast.List)):
        return [e.value for e in node.elts if isinstance(e, ast.Constant)]
    return []


def _shapes(code, frame):
    """The arrays named on a line of code, as "name (shape), ...", as they were in `frame`."""
    found = []
    for name in dict.fromkeys(re.findall(r"(?<![\w.])[A-Za-z_]\w*", code)):
        value = frame.f_locals.get(name, frame.f_globals.get(name))
        shape = getattr(value, "shape", None)
        if isinstance(shape, tuple) and not callable(value):
            found.append(f"{name} {shape}")
    return ", ".join(found)


def _check_at(filename, line):
    """(what, hint, the uses= node) of the check (expect_close, expect_shape) on `line` of a test
    cell, what and hint when they are written as text; None if the statement there is no
    check."""
    try:
        tree = ast.parse("".join(linecache.getlines(filename)))
    except SyntaxError:
        return None
    for statement in tree.body:
        if not statement.lineno <= line <= statement.end_lineno:
            continue
        for node in ast.walk(statement):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "").startswith("expect_"):
                arguments = {k.arg: k.value for k in node.keywords}
                if len(node.args) > 2:
                    arguments.setdefault("what", node.args[2])
                what, hint = _text(arguments.get("what")), _text(arguments.get("hint"))
                return what, hint, arguments.get("uses")
    return None


def _text(node):
    """The text of a string literal, or of an f-string as written; None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return ast.unparse(node)[2:-1]
    return None


# ------------------------------------------------------------------------------- frames
def _frames(tb):
    while tb is not None:
        yield tb.tb_frame, tb.tb_lineno
        tb = tb.tb_next


def _where(label, filename, line):
    return f"{label(filename)}, line {line}"


def _shell():
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def _cell_label(shell):
    """A function naming a notebook cell's code file "Cell In[N]" (None for other files)."""
    names = getattr(getattr(shell, "compile", None), "_filename_map", {}) or {}

    def label(filename):
        if filename in names:
            return f"Cell In[{names[filename]}]"
        return None

    return label
