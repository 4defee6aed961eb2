"""What the command line sets for execution reaches the workers through nbgrader's configuration
(the Task's config), never through the process environment: `--debug` logs every kernel message
in whichever process executes the notebook."""

from traitlets.config import Config

from grading_tools.nbgrader_plugins.execute import AutogradeExecute
from grading_tools.pipeline import Course
from grading_tools.run import grading
from tests.support import ROOT


def test_debug_reaches_the_execution_configuration_a_worker_receives():
    executor, config = grading.execution(Course(ROOT, debug=True).api)
    assert executor.endswith(".AutogradeExecute")
    assert config["AutogradeExecute"]["debug"] is True
    assert AutogradeExecute(config=Config(config)).debug


def test_without_debug_execution_logs_per_notebook_only():
    _, config = grading.execution(Course(ROOT).api)
    assert config["AutogradeExecute"].get("debug", False) is False
    assert config["AutogradeExecute"]["start_ahead"] is True  # a worker grades many in a row
