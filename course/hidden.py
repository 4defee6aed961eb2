"""The kernel's half of a hidden test (being reworked: see grading_tools.preprocessors)."""


def check(name, fn):
    """Run the hidden test of `name` on the student's function `fn`."""
    from grading_tools.checks import check as judge

    judge(name, fn)
