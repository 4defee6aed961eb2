"""The slow end-to-end files that ran beside the whole suite (tests/beside.py) passed."""

import pytest

from tests import beside

pytestmark = [pytest.mark.e2e, pytest.mark.nbgrader]  # as the files it waits for


@pytest.mark.parametrize("test_file", beside.FILES)
def test_the_file_run_beside_the_suite_passed(test_file):
    if test_file not in beside.taken():
        pytest.skip(
            f"{test_file} is not run beside this session (it runs in it, or is not selected)"
        )
    result = beside.wait(test_file, timeout=1800)
    assert result is not None, f"{test_file} did not finish within 30 minutes"
    code, output = result
    assert code == 0, f"{test_file} failed beside the suite (exit {code}):\n{output[-6000:]}"
    print(output.strip().splitlines()[-1])
