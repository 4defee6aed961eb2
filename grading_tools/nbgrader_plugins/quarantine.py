"""nbgrader's pre-convert hook: before autograde or feedback copies a submission's files, what
submission_files leaves out is moved to quarantine/, so that nbgrader's copy never follows it.

Why: nbgrader's converters copy a submission's other files with `shutil.copy`
(`BaseConverter.init_assignment`), which follows symbolic links, and read every notebook their
glob matched, a link included. `python -m grading_tools grade` stages a vetted copy itself
(intake.py), but the plain `nbgrader autograde` command, the formgrader's Autograde button and
`nbgrader generate_feedback` go straight through nbgrader's converters. nbgrader calls
`c.Autograde.pre_convert_hook` and `c.GenerateFeedback.pre_convert_hook` for each submission
after it globbed the notebooks and before it copies anything: this hook moves the left-out
entries from the submission's folder (STEP/STUDENT/ASSIGNMENT, nbgrader's directory structure)
to quarantine/STEP/STUDENT/ASSIGNMENT in the course root, and takes a notebook it moved out of
the list nbgrader grades. The instructor keeps everything that was submitted; nothing is deleted.

nbgrader swallows a hook's exceptions (it logs them at INFO and goes on copying), so this hook
catches its own: if it cannot move something out, it grades none of the submission's notebooks
(nbgrader then reports the submission as failed) and logs why at ERROR.
"""

import os
from pathlib import Path

from traitlets.config import Application, Config, PyFileConfigLoader
from traitlets.log import get_logger

from ..submission_files import SubmissionFiles

QUARANTINE = "quarantine"


def hook(assignment, student, notebooks):
    """nbgrader's pre_convert_hook (named by its import string in nbgrader_config.py, so that the
    configuration stays plain data): quarantine what the submission of `notebooks` holds besides
    regular files and real folders, within the course's c.SubmissionFiles limits."""
    if not notebooks:
        return
    folder = Path(os.path.dirname(notebooks[0]))
    step = folder.parent.parent  # nbgrader's {nbgrader_step}/{student_id}/{assignment_id}
    target = step.parent / QUARANTINE / step.name / folder.parent.name / folder.name
    log = get_logger()
    try:
        limits = SubmissionFiles(config=_course_config(step.parent))
        survey = limits.quarantine(folder, step, target)
    except Exception as error:
        log.error(
            "Grading none of %s: what it holds besides regular files could not be moved to "
            "%s (%s: %s). Move its links, pipes and devices out by hand, then grade again.",
            folder,
            target,
            type(error).__name__,
            error,
        )
        notebooks.clear()
        return
    for note in survey.notes():
        log.warning("%s/%s: %s (moved to %s)", folder.parent.name, folder.name, note, target)
    # what nbgrader grades: the notebooks still there (a link, or all in a linked folder, moved)
    notebooks[:] = [n for n in notebooks if os.path.isfile(n) and not os.path.islink(n)]


def _course_config(root):
    """The course's configuration (its nbgrader_config.py, read as nbgrader reads it), with the
    running nbgrader application's on top (its command-line settings), for c.SubmissionFiles."""
    config = Config()
    if (Path(root) / "nbgrader_config.py").is_file():
        config.merge(PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config())
    if Application.initialized():
        config.merge(Application.instance().config)
    return config
