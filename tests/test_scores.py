"""The per-student summary's reasons: a failed test's verdict, read from the autograded notebook."""

import types

import nbformat
from nbformat.v4 import new_notebook, new_output
from nbgrader.coursedir import CourseDirectory

from grading_tools import scores
from grading_tools.judge.failure import Failure
from grading_tools.nbgrader_plugins.preprocessors import _fail
from tests.support import graded_cell

A = "01_demo"


def test_a_failed_test_s_reason_is_its_verdict_s_title_or_its_error_s_first_line(tmp_path):
    told = Failure("wrong", "step(z) is wrong on hidden case: ties\n  inputs: z=[0.]", "step")
    judged = graded_cell('check("step", step)', "test_step")
    _fail(judged, told.title, told.message, failure=told)
    raised = graded_cell('check("sign", sign)', "test_sign")
    raised.outputs = [
        new_output("error", ename="AssertionError", evalue="\nsign(0) is 0\nmore", traceback=[])
    ]
    passed = graded_cell('check("relu", relu)', "test_relu")
    folder = tmp_path / "autograded" / "kim" / A
    folder.mkdir(parents=True)
    nbformat.write(new_notebook(cells=[judged, raised, passed]), str(folder / f"{A}.ipynb"))
    api = types.SimpleNamespace(coursedir=CourseDirectory(root=str(tmp_path)))
    assert scores.failure_reasons(api, "kim", A) == {
        "test_step": "HiddenTestFailed: step(z) is wrong on hidden case: ties",
        "test_sign": "AssertionError: sign(0) is 0",
    }
    assert scores.failure_reasons(api, "nobody", A) == {}
