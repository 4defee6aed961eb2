"""Intake: autograde one submission as far as possible, whatever its files look like.

Why: nbgrader grades only the notebooks it can find and read under their expected names. A
notebook file cut short (not valid JSON) or renamed, or a submission folder without its notebook,
makes nbgrader fail for that student ("There was an error processing assignment", "No notebooks
were matched") and leaves no score in the gradebook.

What it does, for each notebook the gradebook expects, before nbgrader's autograde runs:
- readable and under its name: graded as it is (nbgrader and `RepairSubmission` do the rest);
- missing, with exactly one unexpected notebook in the folder: a renamed notebook, graded as the
  expected one, with a note;
- unreadable (not valid JSON, not a notebook) or missing: the assignment's release notebook (the
  unanswered version) is graded in its place, so the gradebook gets a score (0) and the summary
  the reason, e.g. "the notebook file is not valid JSON (cut short?)", "no notebook submitted".
If nbgrader still fails on a submission for a reason of its own, the release notebook is graded
in its place too, with nbgrader's error as the reason.

Only the regular files and real folders of a submission count, within limits
(submission_files.py): a symbolic link (to the source notebook, the reference, the gradebook),
a named pipe or a device is left out, with a note saying what and why, and a notebook that is a
link counts as not submitted.

The files under submitted/ are only read, never changed: when anything has to be replaced or left
out, the vetted submission is copied to a staging folder and nbgrader grades that copy instead
(for this one call, `CourseDirectory.submitted_directory` points at it).
"""

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.utils import temp_attrs

from .submission_files import SubmissionFiles

NOT_JSON = "the notebook file is not valid JSON (cut short?)"
MISSING = "no notebook submitted"


@dataclass
class Plan:
    """What nbgrader grades for one submission: files staged in place of the submitted ones."""

    replace: dict = field(default_factory=dict)  # expected notebook name -> the file graded as it
    drop: list = field(default_factory=list)  # submitted files left out of the staged copy
    notes: list = field(default_factory=list)  # why, in plain words
    left_out: list = field(default_factory=list)  # submission_files.LeftOut: never copied


def unreadable(path):
    """Why nbgrader cannot read the notebook at `path`, in plain words; None if it can."""
    try:
        nb = nbformat.read(str(path), as_version=4)
    except (nbformat.reader.NotJSONError, json.JSONDecodeError, UnicodeDecodeError):
        return NOT_JSON
    except Exception as error:  # valid JSON, but not a notebook nbformat knows
        return f"the notebook file is not a Jupyter notebook ({type(error).__name__}: {error})"[
            :200
        ]
    try:  # nbconvert validates the notebook as nbgrader processes it, and fails where this fails
        nbformat.validate(nb, relax_add_props=True)
    except nbformat.ValidationError as error:
        where = list(getattr(error, "absolute_path", None) or [])
        where = f"cell {where[1] + 1}" if len(where) > 1 and where[0] == "cells" else "the notebook"
        message = str(getattr(error, "message", "")).splitlines()[:1]
        what = (
            f"{where}: {message[0]}"
            if message and len(message[0]) <= 80
            else f"{where} is malformed"
        )
        return f"the notebook file is not a valid Jupyter notebook ({what})"
    return None


def inspect(folder, names, release, kept=None):
    """The plan for the submission in `folder`, given the expected notebook `names`, the
    assignment's `release` folder (where the unanswered notebooks are) and the relative paths
    of the files `kept` (submission_files; None: every regular file)."""
    folder, release = Path(folder), Path(release)
    plan = Plan()
    if kept is None:
        kept = [p.name for p in folder.glob("*") if p.is_file() and not p.is_symlink()]
    present = sorted(folder / name for name in kept if "/" not in name and name.endswith(".ipynb"))
    unexpected = [p for p in present if p.stem not in names]
    missing = [n for n in names if f"{n}.ipynb" not in kept]
    several = len(names) > 1
    for name in names:
        path = folder / f"{name}.ipynb"
        label = f"{name}.ipynb: " if several else ""
        if name in missing and len(missing) == 1 and len(unexpected) == 1:
            path = unexpected[0]
            plan.drop.append(path.name)
            problem = unreadable(path)
            if problem is None:
                plan.replace[name] = path
                plan.notes.append(
                    f"the notebook was submitted as {path.name}; graded as {name}.ipynb"
                )
                continue
            problem = f"{problem} (submitted as {path.name})"
        elif name in missing:
            problem = MISSING
            if unexpected:
                problem += f" (found {', '.join(p.name for p in unexpected)})"
        else:
            problem = unreadable(path)
            if problem is None:
                continue
        stand_in = release / f"{name}.ipynb"
        if stand_in.is_file():
            plan.replace[name] = stand_in
            plan.notes.append(label + problem)
        else:
            plan.notes.append(
                f"{label}{problem}, and there is no release notebook ({stand_in}) to grade "
                "in its place: run generate, then grade again"
            )
    return plan


def expected_notebooks(api, assignment):
    """The names of the assignment's notebooks, from the gradebook ([] if it has no such
    assignment)."""
    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gradebook:
        try:
            return sorted(nb.name for nb in gradebook.find_assignment(assignment).notebooks)
        except MissingEntry:
            return []


def plan(api, assignment, student, names=None):
    """The plan for a student's submission of `assignment` (see `inspect`), of its vetted files
    only; `names`: the assignment's notebooks, if known (else read from the gradebook)."""
    coursedir = api.coursedir
    folder = coursedir.format_path(coursedir.submitted_directory, student, assignment)
    names = expected_notebooks(api, assignment) if names is None else names
    survey = SubmissionFiles(parent=api).survey(folder, within=submitted_root(api))
    found = inspect(folder, names, release_folder(api, assignment), kept=survey.kept)
    found.left_out, found.notes = survey.left_out, survey.notes() + found.notes
    return found


def submitted_root(api):
    """The folder that holds every student's submissions (submitted/)."""
    coursedir = api.coursedir
    return Path(os.path.normpath(coursedir.format_path(coursedir.submitted_directory, ".", ".")))


def release_folder(api, assignment):
    return Path(api.coursedir.format_path(api.coursedir.release_directory, ".", assignment))


def staged(api, assignment, student, plan, step):
    """nbgrader's `step()` on one submission, on a staged copy of its vetted files if the plan
    replaces or leaves out anything."""
    if not plan.replace and not plan.left_out:
        return step()
    coursedir = api.coursedir
    folder = Path(coursedir.format_path(coursedir.submitted_directory, student, assignment))
    # In the course root: nbgrader matches the path it grades against the course root.
    with tempfile.TemporaryDirectory(prefix=".intake-", dir=coursedir.root) as staging:
        staged = Path(coursedir.format_path(staging, student, assignment))
        SubmissionFiles(parent=api).copy(folder, staged, within=submitted_root(api), skip=plan.drop)
        for name, path in plan.replace.items():
            target = staged / f"{name}.ipynb"
            target.unlink(missing_ok=True)
            shutil.copyfile(path, target)
        with temp_attrs(coursedir, submitted_directory=Path(staging).name):
            return step()


def failure(result):
    """The exception behind nbgrader's failed `result`, in one line: the last line of the first
    traceback in its log (nbgrader logs the cause there and raises a generic error)."""
    lines = (result.get("log") or "").splitlines()
    for i, line in enumerate(lines):
        if "Traceback (most recent call last)" in line:
            block = []
            for following in lines[i + 1 :]:
                if following.startswith("["):
                    break
                block.append(following.strip())
            block = [b for b in block if b]
            if block:
                return block[-1][:200]
    lines = [line.strip() for line in result.get("error", "").splitlines() if line.strip()]
    return lines[-1][:200] if lines else "unknown error"


def as_unanswered(api, assignment, student, plan, failed, step):
    """After nbgrader's `failed` result on a submission: `step()` again on the release notebooks
    in its place, so that it scores 0 with the reason. (result, notes), or None when that is not
    possible (no release notebooks, or they were what failed)."""
    names = expected_notebooks(api, assignment)
    stand_ins = {n: release_folder(api, assignment) / f"{n}.ipynb" for n in names}
    if not names or not all(p.is_file() for p in stand_ins.values()) or plan.replace == stand_ins:
        return None
    result = staged(api, assignment, student, Plan(replace=stand_ins), step)
    return result, [
        f"nbgrader could not grade this submission ({failure(failed)}); scored as unanswered"
    ]
