"""Two nbgrader sanitize preprocessors: `RepairSubmission` repairs a submission's cells in memory;
`RestoreCells` is nbgrader's OverwriteCells, reporting a changed locked cell only when the student
changed what they were given (see its docstring).

Why: nbgrader's own sanitize steps assume the nbgrader metadata of every cell is intact. A cell
copy-pasted in the notebook (the same grade_id twice) makes `DeduplicateIds` keep the *last*
copy and leave the first with empty metadata, on which `OverwriteCells` raises KeyError; a
grade_id unknown to the gradebook, metadata that is not a dict, or points written as a string
raise as well. Any of these leaves the whole submission ungraded.

What it does, before `DeduplicateIds` and `OverwriteCells` (configured in nbgrader_config.py):
- the grader's verdicts a submission carries in its cells' metadata (`nn_course`, written by the
  judge: grading_tools/judge/failure.py) are removed: only this grading run writes them;
- the first cell claiming a grade_id wins; later copies are dropped from the notebook graded;
- a cell whose nbgrader metadata is missing or garbled, and that can be matched to one of the
  gradebook's cells (by its cell id when no sound metadata elsewhere claims that grade_id, else
  by the grade_id it claims), gets the gradebook's metadata back;
- nbgrader metadata that matches no cell of the gradebook is removed: the cell is graded as an
  ordinary cell (e.g. it still runs), instead of making nbgrader fail.

It does not repeat what `OverwriteCells` does after it: restoring a grade cell re-typed to
markdown to its original type, its locked status, points, checksum and locked source; it only
reports the re-typing. The submitted file is never touched (nbgrader preprocessors work on the
notebook in memory). Each repair is logged as a warning starting with `NOTE`, in plain words,
so that `Course.grade` can put it in the instructor's summary (`notes`).
"""

import copy

import jsonschema
from nbformat.notebooknode import NotebookNode, from_dict
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.nbgraderformat import MetadataValidator
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor, OverwriteCells

from ..judge.failure import METADATA_KEY

NOTE = "Submission repaired: "
_SCHEMA = MetadataValidator().schema
SCHEMA = jsonschema.validators.validator_for(_SCHEMA)(_SCHEMA)  # compiled once: 50x faster per cell
ROLES = ("grade", "solution", "task")


def notes(log):
    """The repairs reported in an nbgrader log (the `log` of an API call's result), in order."""
    found = []
    for line in (log or "").splitlines():
        if NOTE in line:
            note = line.split(NOTE, 1)[1].strip()
            if note not in found:
                found.append(note)
    return found


def gradebook_cells(db_url, notebook_id, assignment_id):
    """{grade_id: the nbgrader metadata nbgrader gave that cell} for every cell in the gradebook."""
    with Gradebook(db_url) as gradebook:
        try:
            notebook = gradebook.find_notebook(notebook_id, assignment_id)
        except MissingEntry:
            return {}
        grades = {c.name: c.max_score for c in notebook.grade_cells}
        solutions = {c.name for c in notebook.solution_cells}
        tasks = {c.name for c in notebook.task_cells}
        cells = {}
        for cell in notebook.source_cells:
            meta = {
                "schema_version": 3,
                "grade_id": cell.name,
                "grade": cell.name in grades,
                "solution": cell.name in solutions,
                "task": cell.name in tasks,
                "locked": bool(cell.locked),
                "cell_type": cell.cell_type,
            }
            if cell.checksum:
                meta["checksum"] = cell.checksum
            if cell.name in grades:
                meta["points"] = float(grades[cell.name])
            cells[cell.name] = meta
        return cells


def claimed_id(cell):
    """The grade_id a cell's nbgrader metadata claims, or None."""
    meta = cell.get("metadata", {}).get("nbgrader")
    grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
    return grade_id if isinstance(grade_id, str) and grade_id else None


def sound(meta, expected=None):
    """True if `meta` is valid nbgrader metadata (schema 3) playing the `expected` cell's role."""
    if not isinstance(meta, dict) or meta.get("schema_version") != 3:
        return False
    if not SCHEMA.is_valid(dict(meta)):
        return False
    if expected is None:
        return True
    return meta.get("grade_id") == expected["grade_id"] and all(
        bool(meta.get(k, False)) == expected[k] for k in ROLES
    )


def repair(nb, known):
    """Repair the cells of `nb` in place against `known` (see gradebook_cells); return the notes."""
    found = []
    for cell in nb.cells:
        if not isinstance(cell.get("metadata"), dict):
            cell["metadata"] = NotebookNode()
    sound_claims = {
        claimed_id(c)
        for c in nb.cells
        if claimed_id(c) in known and sound(c.metadata["nbgrader"], known[claimed_id(c)])
    }
    seen, kept = set(), []
    for index, cell in enumerate(nb.cells, start=1):
        meta = cell.metadata.get("nbgrader")
        name = claimed_id(cell)
        own_sound = name in known and sound(meta, known[name])
        if not own_sound and cell.get("id") in known and cell.get("id") not in sound_claims:
            name = cell.get("id")  # matched by its cell id: its grade_id was lost or garbled
        if name in known:
            if name in seen:
                found.append(
                    f"{name} appears more than once; the first copy was graded, "
                    "the later ones ignored"
                )
                continue
            seen.add(name)
            expected = known[name]
            if not sound(meta, expected):
                what = "missing" if meta is None else "garbled"
                found.append(
                    f"the nbgrader metadata of {name} was {what}; restored from the gradebook"
                )
                cell.metadata["nbgrader"] = from_dict(copy.deepcopy(expected))
            if cell.get("cell_type") != expected["cell_type"]:
                found.append(
                    f"{name} had been changed from {expected['cell_type']} to "
                    f"{cell.get('cell_type')}; graded as {expected['cell_type']}"
                )
        elif meta is not None:
            roles = sound(meta) and any(meta.get(k) for k in (*ROLES, "locked"))
            if not sound(meta) or roles:
                label = f"'{name}'" if name else f"cell {index}"
                found.append(
                    f"{label} has nbgrader metadata that matches no cell of the assignment; "
                    "graded as an ordinary cell"
                )
                del cell.metadata["nbgrader"]
        kept.append(cell)
    nb.cells = kept
    return found


def drop_verdicts(nb):
    """Remove the grader's verdicts (cell metadata `nn_course`) from a submission's cells: a
    student could write them to change what the report says of her failures. Returns the
    indices of the cells that carried one."""
    carried = []
    for index, cell in enumerate(nb.get("cells", [])):
        metadata = cell.get("metadata") if isinstance(cell, dict) else None
        if isinstance(metadata, dict) and METADATA_KEY in metadata:
            del metadata[METADATA_KEY]
            carried.append(index)
    return carried


def _cells(indices):
    return ("cell " if len(indices) == 1 else "cells ") + ", ".join(str(i + 1) for i in indices)


class RepairSubmission(NbGraderPreprocessor):
    """Repairs duplicated cells and missing or garbled nbgrader metadata (see the module doc)."""

    def preprocess(self, nb, resources):
        forged = drop_verdicts(nb)
        if forged:
            self.log.warning("%sverdicts of a grader in %s, removed", NOTE, _cells(forged))
        info = resources["nbgrader"]
        known = gradebook_cells(info["db_url"], info["notebook"], info["assignment"])
        if not known:
            return nb, resources  # nbgrader itself reports an unknown notebook
        for note in repair(nb, known):
            self.log.warning("%s%s", NOTE, note)
        return nb, resources


class RestoreCells(OverwriteCells):
    """nbgrader's OverwriteCells, which warns of a changed locked cell only when the part the
    student was given changed. A test cell's student copy lacks its hidden tests, so nbgrader's
    checksum comparison calls every test cell of every submission changed, and a real change
    would drown among those warnings."""

    def preprocess_cell(self, cell, resources, index):
        self._submitted = cell.get("source", "")
        return super().preprocess_cell(cell, resources, index)

    def report_change(self, name, attr, old, new):
        if attr == "checksum":
            given = NotebookNode(
                cell_type="code",
                source=self.gradebook.find_source_cell(
                    name, self.notebook_id, self.assignment_id
                ).source,
            )
            ClearHiddenTests(parent=self)._remove_hidden_test_region(given)
            if given.source.strip() == self._submitted.strip():
                return  # only the hidden tests differ: they are put back, as always
            self.log.warning(
                "%sthe locked cell %s had been changed; it was graded as given", NOTE, name
            )
            return
        super().report_change(name, attr, old, new)
