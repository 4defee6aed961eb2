"""nbgrader's configuration for this course, read by every nbgrader command run from this folder.

The defaults run everything locally: an SQLite gradebook (gradebook.db) in this folder, and an
exchange directory under the system's temporary folder. On a shared server, point
`c.Exchange.root` at the server's exchange (e.g. /srv/nbgrader/exchange). The course's own
classes and hooks named here live in grading_tools/nbgrader_plugins/ (nbgrader_plugins/ below).
"""

import os
import tempfile

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)

c.CourseDirectory.course_id = "nn-course"
c.Exchange.root = os.environ.get(
    "NN_COURSE_EXCHANGE", os.path.join(tempfile.gettempdir(), "nn-course-exchange")
)

# Solutions are replaced by this stub in the student version; {name} is the function to write
# (grading_tools/nbgrader_plugins/stubs.py), so an unsolved exercise says what to do where it fails.
c.ClearSolutions.code_stub = {
    "python": "# YOUR CODE HERE\n"
    'raise NotImplementedError("write {name} above (replace this line), then run this cell")'
}

# nbgrader's generate_assignment steps, with two changes (see nbgrader_plugins/stubs.py): the stub
# names the function (NamedStubs is ClearSolutions with {name}), and test and demo cells are
# tagged `raises-exception`, so that JupyterLab's Run All runs past an unsolved exercise.
c.GenerateAssignment.preprocessors = [
    "nbgrader.preprocessors.IncludeHeaderFooter",
    "nbgrader.preprocessors.InstantiateTests",
    "nbgrader.preprocessors.LockCells",
    "grading_tools.nbgrader_plugins.stubs.NamedStubs",
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.CheckCellMetadata",
    "nbgrader.preprocessors.ComputeChecksums",
    "nbgrader.preprocessors.SaveCells",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbgrader.preprocessors.ClearMarkScheme",
    "grading_tools.nbgrader_plugins.stubs.RunAllContinues",
    "nbgrader.preprocessors.ComputeChecksums",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# Kernels started by nbgrader (autograde, validate) draw no figures: plt.show() renders nothing
# with matplotlib's Agg backend, which halves the time to grade a notebook. Tests never plot.
os.environ.setdefault("MPLBACKEND", "agg")
# nbgrader reads, validates and writes each notebook several times per submission; nbformat's
# fastjsonschema validator (installed with nbformat) does the same check 6x faster than jsonschema.
os.environ.setdefault("NBFORMAT_VALIDATOR", "fastjsonschema")
# The kernels' own start-up warnings (local TCP, no encryption) would only clutter the logs.
c.Execute.extra_arguments = ["--IPKernelApp.log_level=ERROR"]

# The log says per submission what happened; `python -m grading_tools --debug ...` sets this to
# True for its run (as `nbgrader autograde --AutogradeExecute.debug=True` would): every message of
# every kernel is logged (DEBUG).
c.AutogradeExecute.debug = False

# A cell that runs longer than this (an endless loop) is interrupted and fails; the rest runs on.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
# Limits on a notebook as a whole (nbgrader_plugins/execute.py), so that no submission holds a
# worker for long or floods the grader with output, however its cells stay under the limits per
# cell: wall-clock seconds, sleeping and waiting included (the cell running then is stopped), and
# bytes of output (the rest is dropped). Every code cell after the limit fails, the limit named.
c.AutogradeExecute.notebook_timeout = 300
c.AutogradeExecute.notebook_output_limit = 8 * 1024**2

# Every grading kernel runs in a bubblewrap sandbox (grading_tools/run/sandbox.py): no network, no
# view of this folder, the gradebook or the reference solutions. Its limits, per submission:
c.Sandbox.memory_limit = 2 * 1024**3  # bytes; beyond, MemoryError
c.Sandbox.process_limit = 64  # processes and threads at once (a fork bomb ends there)
c.Sandbox.cpu_time_limit = 600  # CPU seconds for the whole notebook
c.Sandbox.file_size_limit = 64 * 1024**2  # bytes per file written
c.Sandbox.disk_limit = 256 * 1024**2  # bytes in the submission's folder, and in /tmp
c.Sandbox.output_limit = 2 * 1024**2  # bytes of output per cell
# Where no sandbox can start (macOS, no user namespaces), grading refuses and says why. To grade
# anyway, unprotected (student code can then read the reference and the gradebook):
# c.Sandbox.enabled = False

# Grading keeps what it noticed about each submission in autograded/STUDENT/ID/.grading.json (for
# report.html), and collect what it received in submitted/STUDENT/ID/.collect.json; nbgrader
# copies none of these from a submission or into feedback/.
c.CourseDirectory.ignore = [
    ".ipynb_checkpoints",
    "*.pyc",
    "__pycache__",
    "feedback",
    ".grading.json",
    ".collect.json",
]

# A submission is data: only its regular files and real folders are copied, within these limits
# (grading_tools/submission_files.py). Symbolic links (to the source notebook, the reference, the
# gradebook), named pipes and devices are left out, and the instructor told what and why.
c.SubmissionFiles.max_files = 1000
c.SubmissionFiles.max_bytes = 100 * 1024**2
c.SubmissionFiles.max_depth = 10
# Collect takes from the exchange only folders owned by the student they name, records when the
# exchange received them (not the student's timestamp.txt), and copies vetted files only
# (nbgrader_plugins/exchange.py). Students whose Unix user name is not their student id:
# c.CourseCollect.student_users = {"ada": "alovelace"}
c.ExchangeFactory.collect = "grading_tools.nbgrader_plugins.exchange.CourseCollect"

# A test cell the student deleted is put back, so it runs (and can fail) like the others.
c.OverwriteCells.add_missing_cells = True

# The preprocessors are named by import strings, not classes: nbgrader imports them when it grades,
# and the formgrader can serialise this configuration as JSON. Its "Current configuration" panel
# is off: it would show the Jupyter server's configuration too, with the login token when that was
# given on the command line.
c.FormgradeExtension.debug = False

# nbgrader's sanitize steps, with two changes (see nbgrader_plugins/sanitize.py): a submission's
# duplicated cells and missing or garbled nbgrader metadata are repaired in memory, so it is still
# graded; and a locked cell is reported changed only when the part the student was given changed
# (nbgrader reports every test cell, whose student copy lacks the hidden tests).
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "grading_tools.nbgrader_plugins.sanitize.RepairSubmission",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "grading_tools.nbgrader_plugins.sanitize.RestoreCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# nbgrader's autograde steps, with two changes: execution (nbgrader_plugins/execute.py) skips the
# cells tagged `demo` and survives dead kernels and endless loops, and the grader re-checks the
# hidden tests in its own process (nbgrader_plugins/preprocessors.py) right after execution,
# before scores are saved.
c.Autograde.autograde_preprocessors = [
    "grading_tools.nbgrader_plugins.execute.AutogradeExecute",
    "grading_tools.nbgrader_plugins.preprocessors.VerifyHiddenChecks",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# The feedback students read (see nbgrader_plugins/feedback.py): each test named (its grade_id) with
# its outcome and teaching message, but not its code and no absolute path; math rendered offline
# (MathJax inlined). nbgrader's feedback template is extended, not copied.
import nbgrader  # noqa: E402

import grading_tools.nbgrader_plugins.feedback  # noqa: E402

# nbgrader's own copies of a submission's files (autograde: submitted/ -> autograded/, whatever
# starts it; feedback: autograded/ -> feedback/) follow symbolic links. Before each, what
# submission_files leaves out is moved to quarantine/ in the course root
# (grading_tools/nbgrader_plugins/quarantine.py).
c.Autograde.pre_convert_hook = "grading_tools.nbgrader_plugins.quarantine.hook"
c.GenerateFeedback.pre_convert_hook = "grading_tools.nbgrader_plugins.quarantine.hook"

c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "grading_tools.nbgrader_plugins.feedback.StudentFeedback",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
# The feedback's HTML exporter is the course's own (nbgrader_plugins.feedback.FeedbackExporter), so
# that its template is used by generate_feedback only: the formgrader's HTMLExporter keeps
# nbgrader's formgrade template. nbgrader_plugins/templates/feedback/ comes before nbgrader's
# feedback/ (the template nbgrader names), so that course_feedback.html.j2 and mathjax.html.j2 are
# found.
c.GenerateFeedback.exporter_class = "grading_tools.nbgrader_plugins.feedback.FeedbackExporter"
c.FeedbackExporter.template_file = "course_feedback.html.j2"
c.FeedbackExporter.extra_template_basedirs = [
    str(grading_tools.nbgrader_plugins.feedback.TEMPLATES),
    os.path.join(
        os.path.dirname(nbgrader.__file__), "server_extensions", "formgrader", "templates"
    ),
]

# What instructors and students open runs nothing of a student's: every HTML exporter (the
# feedback's and the formgrader's submission page) drops JavaScript and widget outputs and passes
# markdown and HTML through nh3, which removes scripts, event handlers, javascript: URLs, iframes,
# objects, embeds and forms and keeps the rest of the document (grading_tools/inert.py).
c.HTMLExporter.sanitize_html = True
c.HTMLExporter.filters = {
    "clean_html": "grading_tools.inert.clean_html",
    "markdown2html": "grading_tools.inert.markdown2html",
}
