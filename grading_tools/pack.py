"""What students receive: `python -m grading_tools pack [ID ...] [--out pack]`.

The pack is a folder holding only what a student needs, and no answer:

  README.md                                 how to install and start (for students)
  nn_course_student-VERSION-py3-none-any.whl  the `course` helper package, alone
  notebooks/ID/ID.ipynb                     the release notebooks of the assignments named
  notebooks/ID/known_mistakes.json          what known mistakes give in its visible tests (data)
  notebooks/nbgrader_config.py              the students' nbgrader configuration (Validate reads it)

The wheel also sets up the student's JupyterLab when pip installs it (`STUDENT_JUPYTER_CONFIG`,
files under the environment's etc/jupyter and share/jupyter): Validate answers with a per-test
summary (`course.lab`), which the course's lab extension shows in place of nbgrader's dialog
(labextension/, built into share/jupyter/labextensions/nn-course-lab); nbgrader's instructor
tools (Create Assignment, Formgrader, Courses, the Nbgrader menu) are hidden; the Assignments tab
and the Validate button stay.

The course repository itself is the instructor's: source/ holds every solution and hidden test,
grading_tools/ every reference solution. Students install from the pack, never from a clone.

Later release notebooks reprint earlier solutions in their setup cells (04 defines 02's `sigmoid`
and `forward`, to build on them). `reprints` finds them. Such an assignment must not reach
students before the deadline of the assignments it reprints, so `pack` refuses a pack that holds
both, or a reprint of an assignment that comes later in the course (`early_reprints`), unless the
instructor says those deadlines are past (`allow_reprints`). With no assignment named, `run`
writes one pack per assignment (pack/ID/), what a course hands out week by week, each safe on
its own; `publish` warns of reprints.
"""

import base64
import hashlib
import io
import json
import re
import shutil
import sys
import tomllib
import zipfile
from pathlib import Path

from course.progress import KNOWN_MISTAKES_FILE

from . import notebooks, registry

DIST_NAME = "nn-course-student"
README_TITLE = "# How neural networks learn: the student pack"
HIDDEN_MARKERS = ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS") + notebooks.SOLUTION_MARKERS
_SOLUTION = re.compile(r"### BEGIN SOLUTION[^\n]*\n(.*?)### END SOLUTION", re.DOTALL)


# Jupyter configuration the student wheel installs into the environment's etc/jupyter (as the wheels
# of JupyterLab extensions do): the server loads course.lab, the lab hides the instructor tools.
STUDENT_JUPYTER_CONFIG = {
    "jupyter_server_config.d/nn_course_student.json": {
        "ServerApp": {"jpserver_extensions": {"course.lab": True}}
    },
    "labconfig/page_config.d/nn_course_student.json": {
        "disabledExtensions": {
            f"@jupyter/nbgrader:{plugin}": True
            for plugin in ("create-assignment", "formgrader", "course-list", "menu")
        }
        # nbgrader's Validate button: the course's lab extension (nn-course-lab) takes its place
        | {"@jupyter/nbgrader:validate-assignment": True}
        # and JupyterLab's "get notified about Jupyter news?" pop-up, which would fetch the news
        | {"@jupyterlab/apputils-extension:announcements": True}
    },
}
STUDENT_NBGRADER_CONFIG = '''"""nbgrader's configuration on the student's side (Validate).

Nothing needs setting; nbgrader warns "No nbgrader_config.py file found" where there is none.
Start JupyterLab in this folder.
"""
c = get_config()  # noqa: F821
'''


class PackError(Exception):
    """The pack cannot be written; the message says why and what to do."""


# ------------------------------------------------------------------ what each assignment grades
def graded_functions(root):
    """{assignment: [the functions its hidden tests grade]}, in notebook order.

    Read from the `check("name", ...)` calls in the test cells of each source notebook, the one
    place a graded function is declared (see README, For developers), so that the mapping stays
    right when assignments or exercises are added.
    """
    graded = {}
    for assignment in registry.assignments(root):
        notebook = notebooks.read(notebooks.source_notebook(root, assignment))
        names = [
            name
            for cell in notebook.cells
            if notebooks.is_test(cell)
            for name in notebooks.checked_functions(cell.source)
        ]
        graded[assignment] = list(dict.fromkeys(names))
    return graded


def reprints(root, ids):
    """{assignment: {other assignment: [functions]}}: the graded functions of other assignments
    that each release notebook defines (`def NAME(` in a code cell); assignments without any
    reprint are left out."""
    graded = graded_functions(root)
    found = {}
    for assignment in ids:
        path = notebooks.release_notebook(root, assignment)
        if not path.is_file():
            continue
        defined = [
            name
            for cell in notebooks.read(path).cells
            if cell.cell_type == "code"
            for name in notebooks.defined_functions(cell.source)
        ]
        own = set(graded.get(assignment, []))
        by_owner = {}
        for name in dict.fromkeys(defined):
            owner = next(
                (a for a, names in graded.items() if a != assignment and name in names), None
            )
            if owner and name not in own:
                by_owner.setdefault(owner, []).append(name)
        if by_owner:
            found[assignment] = by_owner
    return found


def reprint_warnings(root, ids):
    """One line per assignment that reprints other assignments' graded functions."""
    lines = []
    for assignment, by_owner in reprints(root, ids).items():
        parts = ", ".join(
            f"{', '.join(names)} (graded in {owner})" for owner, names in by_owner.items()
        )
        deadline = "that deadline" if len(by_owner) == 1 else "those deadlines"
        lines.append(f"{assignment} reprints {parts}: release it after {deadline}")
    return lines


def early_reprints(root, ids):
    """Why a pack of `ids` would hand out graded solutions before their deadline: one line per
    assignment that reprints the graded functions of another assignment in the same pack, or of
    one that comes later in the course (so is handed out after it). [] for a safe pack."""
    order = registry.assignments(root)
    found = []
    for assignment, by_owner in reprints(root, ids).items():
        for owner, names in by_owner.items():
            if owner in ids:
                where = "in the same pack"
            elif order.index(owner) > order.index(assignment):
                where = "later in the course"
            else:
                continue
            found.append(f"{assignment} reprints {', '.join(names)}, graded in {owner} ({where})")
    return found


def warn_reprints(root, ids, file=None):
    """Print `reprint_warnings` as warnings (on stderr by default)."""
    for line in reprint_warnings(root, ids):
        print(f"warning: {line}", file=file or sys.stderr)


# --------------------------------------------------------------------------------- the wheel
def build_wheel(root, folder):
    """Write the wheel of the `course` package alone into `folder`; return its path.

    A pure-Python wheel is a zip of the package with three metadata files (PEP 427, core
    metadata 2.1); it is written here directly from pyproject.toml's dependencies and package
    data, so that it is built offline, from the project's files only, with whatever setuptools
    is installed (pip's isolated build would download one; --no-build-isolation needs
    bdist_wheel), and byte for byte the same from the same files.
    """
    root = Path(root)
    config = tomllib.loads((root / "pyproject.toml").read_text())
    project = config["project"]
    version = project["version"]
    stem = f"{DIST_NAME.replace('-', '_')}-{version}"
    dist_info = f"{stem}.dist-info"

    files = {}
    for path in sorted((root / "course").rglob("*.py")):
        if "__pycache__" not in path.parts:
            files[path.relative_to(root).as_posix()] = path.read_bytes()
    package_data = config.get("tool", {}).get("setuptools", {}).get("package-data", {})
    for package, patterns in package_data.items():
        if package.split(".")[0] != "course":
            continue
        for pattern in patterns:
            for path in sorted((root / package.replace(".", "/")).glob(pattern)):
                files[path.relative_to(root).as_posix()] = path.read_bytes()

    metadata = [
        "Metadata-Version: 2.1",
        f"Name: {DIST_NAME}",
        f"Version: {version}",
        "Summary: The course package the notebooks import (visible checks, figures, widgets, the "
        "Pima and digits data), for students",
        f"Requires-Python: {project.get('requires-python', '>=3')}",
        f"License: {project.get('license', 'UNKNOWN')}",
        *(f"Requires-Dist: {requirement}" for requirement in project.get("dependencies", [])),
    ]
    # data files (the students' JupyterLab extension), where pip installs them: the environment
    data_files = config.get("tool", {}).get("setuptools", {}).get("data-files", {})
    for target, patterns in data_files.items():
        for pattern in patterns:
            for path in sorted(root.glob(pattern)):
                files[f"{stem}.data/data/{target}/{path.name}"] = path.read_bytes()
    for name, config in STUDENT_JUPYTER_CONFIG.items():
        files[f"{stem}.data/data/etc/jupyter/{name}"] = (
            json.dumps(config, indent=2) + "\n"
        ).encode()
    files[f"{dist_info}/METADATA"] = ("\n".join(metadata) + "\n").encode()
    files[f"{dist_info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: grading_tools.pack\n"
        b"Root-Is-Purelib: true\nTag: py3-none-any\n"
    )
    files[f"{dist_info}/top_level.txt"] = b"course\n"
    record = io.StringIO()
    for name, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.write(f"{name},sha256={digest},{len(data)}\n")
    record.write(f"{dist_info}/RECORD,,\n")
    files[f"{dist_info}/RECORD"] = record.getvalue().encode()

    wheel = Path(folder) / f"{stem}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return wheel


# ---------------------------------------------------------------------------------- the pack
def solution_texts(notebook):
    """The instructor's code between ### BEGIN SOLUTION and ### END SOLUTION, block by block,
    {grade_id: [block, ...]}."""
    texts = {}
    for cell in notebook.cells:
        for block in _SOLUTION.findall(cell.source):
            if block.strip():
                texts.setdefault(notebooks.grade_id(cell), []).append(block.strip())
    return texts


def leaks(release, source):
    """What of its own source's answers a release notebook holds: solution blocks and
    nbgrader's solution and hidden-test markers (an empty list for a proper release)."""
    text = "\n".join(cell.source for cell in release.cells)
    found = [marker for marker in HIDDEN_MARKERS if marker in text]
    found += [
        f"the solution of {grade_id}"
        for grade_id, blocks in solution_texts(source).items()
        if any(block in text for block in blocks)
    ]
    return found


def student_readme(wheel, ids, student_extra):
    """The students' README.md: what the pack holds, installing it, starting JupyterLab."""
    tools = " ".join(f'"{requirement}"' for requirement in student_extra)
    listing = "\n".join(f"  - `notebooks/{a}/{a}.ipynb`" for a in ids)
    return f"""{README_TITLE}

This folder holds what you need for the course:

- `{wheel}`:
  the `course` package the notebooks import (the visible checks, the figures, the widgets and
  the Pima and digits data sets);
- the assignments' notebooks, each in a folder of its own:
{listing}

## Install (once)

You need Python 3.11 or newer. In a terminal, in this folder, create a virtual environment and
install the course package with JupyterLab 4 and nbgrader (for the **Validate** button):

```sh
python3 -m venv ~/nn-course
~/nn-course/bin/pip install ./{wheel} {tools}
```

On Windows: `py -m venv %USERPROFILE%\\nn-course`, then
`%USERPROFILE%\\nn-course\\Scripts\\pip install ./{wheel} {tools}`.

## Work

Start JupyterLab in the `notebooks` folder (it holds the assignments and the `nbgrader_config.py`
that the **Validate** button reads):

```sh
cd notebooks
~/nn-course/bin/jupyter lab
```

Open an assignment's notebook and work from the top. Each exercise is followed by a test cell:
run it to check your function on a few examples. Before you submit, click **Validate** in the
notebook toolbar: it runs every cell and lists every test, ✓ or ✗, then what is wrong in each
failing one.

The visible tests are a start, not the grade: when you submit, hidden tests check your functions
on other inputs (other shapes, a batch of one sample, ties, large values) and explain what
differs. If your course uses nbgrader's exchange, fetch and submit the assignments from
JupyterLab's *Assignments* tab.
"""


def pack(root, ids=None, out="pack", allow_reprints=False):
    """Write the student pack of the assignments `ids` (default: all) into `out` (relative to
    `root`); return the pack folder.

    A pack that would hand out graded solutions early (`early_reprints`) is refused unless
    `allow_reprints`. `out` is replaced if it is an earlier pack; any other non-empty folder is
    refused.
    """
    root = Path(root).resolve()
    out = (root / out).resolve()
    known = registry.assignments(root)
    ids = list(ids or known)
    unknown = [a for a in ids if a not in known]
    if unknown:
        raise PackError(
            f"no such assignment in {root / 'source'}: {', '.join(unknown)} "
            f"(known: {', '.join(known) or 'none'})"
        )
    early = early_reprints(root, ids)
    if early and not allow_reprints:
        raise PackError(
            "this pack would give students graded solutions before their deadline:\n  "
            + "\n  ".join(early)
            + "\nPack each assignment on its own, after the deadlines of those it reprints "
            "(`python -m grading_tools pack` with no ID writes one pack per assignment), or, if "
            "those deadlines are past, say so with --allow-reprints."
        )
    _check_replaceable(root, out, is_pack)

    releases = {}
    for assignment in ids:
        path = notebooks.release_notebook(root, assignment)
        if not path.is_file():
            raise PackError(
                f"{path} is missing: run `python -m grading_tools generate {assignment}` first"
            )
        found = leaks(
            notebooks.read(path), notebooks.read(notebooks.source_notebook(root, assignment))
        )
        if found:
            raise PackError(
                f"{path} holds {', '.join(found)}: regenerate it from source/ "
                f"(python -m grading_tools generate {assignment})"
            )
        releases[assignment] = path

    if out.exists():
        shutil.rmtree(out)
    (out / "notebooks").mkdir(parents=True)
    wheel = build_wheel(root, out)
    for assignment, path in releases.items():
        (out / "notebooks" / assignment).mkdir()
        shutil.copyfile(path, out / "notebooks" / assignment / path.name)
        known = path.with_name(KNOWN_MISTAKES_FILE)  # what the visible tests name (data only)
        if known.is_file():
            shutil.copyfile(known, out / "notebooks" / assignment / known.name)
    (out / "notebooks" / "nbgrader_config.py").write_text(STUDENT_NBGRADER_CONFIG)
    extras = tomllib.loads((root / "pyproject.toml").read_text())["project"].get(
        "optional-dependencies", {}
    )
    (out / "README.md").write_text(student_readme(wheel.name, ids, extras.get("student", [])))
    return out


def is_pack(folder):
    """Whether `folder` is a student pack written by `pack`."""
    readme = Path(folder) / "README.md"
    return readme.is_file() and readme.read_text().startswith(README_TITLE)


def is_pack_per_assignment(folder):
    """Whether `folder` holds only student packs (written by `pack_each`)."""
    return all(entry.is_dir() and is_pack(entry) for entry in Path(folder).iterdir())


def _check_replaceable(root, out, kind):
    """Refuse to write into the course itself or over a folder that is not of `kind`."""
    if root == out or root.is_relative_to(out):
        raise PackError(f"{out} holds the course itself: choose another --out folder")
    if out.exists() and any(out.iterdir()) and not kind(out):
        raise PackError(
            f"{out} is not empty and is not a student pack: choose another --out folder, or "
            "empty it"
        )


def pack_each(root, out="pack"):
    """One pack per assignment, out/ID: each safe on its own when handed out in course order,
    after the deadlines of the assignments it reprints. Returns the pack folders."""
    root = Path(root).resolve()
    out = (root / out).resolve()
    _check_replaceable(root, out, is_pack_per_assignment)
    if out.exists():
        shutil.rmtree(out)
    return [pack(root, [assignment], out / assignment) for assignment in registry.assignments(root)]


def run(root=".", ids=None, out="pack", allow_reprints=False):
    """The `pack` step: one pack of `ids`, or one per assignment when none is named; say what
    was written and warn about reprints (stderr)."""
    folders = [pack(root, ids, out, allow_reprints)] if ids else pack_each(root, out)
    for folder in folders:
        packed = sorted(p.name for p in (folder / "notebooks").iterdir() if p.is_dir())
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        print(f"Wrote {folder}: {', '.join(packed)}; {size / 1024:.0f} KB in all.")
        warn_reprints(root, packed)
    (wheel,) = folders[0].glob("*.whl")
    print(
        f"Each pack holds README.md, {wheel.name} (the course package alone) and the release "
        "notebooks in notebooks/: no solution, no hidden test and no grading_tools. Hand out a "
        "pack once the deadlines of the assignments it reprints are past."
    )
