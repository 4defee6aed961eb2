"""What a student sees when a visible test fails: what is wrong, where, and a likely cause."""

import json

import numpy as np
import pytest

from course.checks import expect_close, expect_shape, expect_unchanged
from course.compare import difference


def failure(call):
    with pytest.raises(AssertionError) as raised:
        call()
    return str(raised.value)


def test_a_correct_result_passes_silently():
    expect_close(np.array([1.0, 2.0]), [1.0, 2.0], "x")
    expect_close((np.ones(2), 3.0, [1, 2]), (np.ones(2), 3.0, [1, 2]), "a tuple")
    expect_close(
        {"A": [np.zeros(2)], "Z": [np.ones(1)]}, {"A": [np.zeros(2)], "Z": [np.ones(1)]}, "cache"
    )


def test_the_message_names_the_result_the_largest_error_and_where():
    message = failure(lambda: expect_close(np.array([1.0, 2.5, 3.0]), [1.0, 2.0, 3.0], "f(x)"))
    assert "f(x) is not right yet" in message
    assert "largest error 0.5 at index [1]" in message
    assert "expected 2, got 2.5" in message


def test_a_wrong_shape_is_reported_before_values():
    message = failure(lambda: expect_close(np.zeros(3), np.zeros(4), "v"))
    assert "shape (3,), expected (4,)" in message
    assert "off-by-one" in message


@pytest.mark.parametrize(
    "got, expected, hint",
    [
        (-np.arange(1.0, 5.0), np.arange(1.0, 5.0), "sign is flipped"),
        (2 * np.arange(1.0, 5.0), np.arange(1.0, 5.0), "a ½ dropped"),
        (0.5 * np.arange(1.0, 5.0), np.arange(1.0, 5.0), "an extra ½"),
        (np.arange(6.0).reshape(3, 2), np.arange(6.0).reshape(2, 3), "transposed"),
        (np.arange(4.0).reshape(2, 2).T, np.arange(4.0).reshape(2, 2), "transposed"),
        (np.array([np.nan, 1.0]), np.array([0.5, 1.0]), "NaN"),
        (np.ones((3, 1)), np.ones(3), "extra axis"),
    ],
)
def test_common_mistakes_are_named(got, expected, hint):
    assert hint in failure(lambda: expect_close(got, expected, "r"))


def test_an_own_hint_comes_first():
    message = failure(lambda: expect_close(0.0, 1.0, "step(0)", hint="a tie fires"))
    assert message.splitlines()[-1].startswith("  hint: a tie fires")


def test_each_hint_has_a_line_of_its_own_and_no_separator_that_reads_as_division():
    message = failure(lambda: expect_close(-np.arange(1.0, 3.0), [1.0, 2.0], "f", hint="y - ŷ"))
    assert message.splitlines()[-2:] == [
        "  hint: y - ŷ",
        "  hint: the sign is flipped (e.g. y - y_hat instead of y_hat - y, or + instead of -)",
    ]
    assert " / " not in message


def test_a_guess_from_the_shape_alone_never_follows_the_test_s_own_hint():
    own = failure(lambda: expect_close(np.zeros(3), np.zeros(4), "v", hint="loop over range(n)"))
    assert own.splitlines()[-1] == "  hint: loop over range(n)" and "off-by-one" not in own
    assert "off-by-one" in failure(lambda: expect_close(np.zeros(3), np.zeros(4), "v"))


def test_a_non_number_result_is_explained():
    assert "should be numbers" in failure(lambda: expect_close("oops", [1.0], "f"))
    assert "should have 2 elements" in failure(
        lambda: expect_close((np.ones(2),), (np.ones(2), 2.0), "pair")
    )
    assert "no key 'Z'" in failure(lambda: expect_close({"A": 1.0}, {"A": 1.0, "Z": 2.0}, "cache"))


def test_scalars_and_one_element_arrays_compare_alike():
    assert difference(np.array([2.0]), 2.0) is None
    assert difference(np.float64(2.0), np.array(2.0)) is None


def test_expect_shape_and_expect_unchanged():
    expect_shape(np.zeros((2, 3)), (2, 3), "Z")
    assert "should have shape (3, 2)" in failure(
        lambda: expect_shape(np.zeros((2, 3)), (3, 2), "Z")
    )

    def in_place(x):
        x += 1
        return x

    expect_unchanged(lambda x: x + 1, np.zeros(3))
    assert "changed its argument number 1" in failure(
        lambda: expect_unchanged(in_place, np.zeros(3))
    )


def test_a_small_relative_error_is_not_called_a_constant_factor():
    assert "constant factor" not in failure(
        lambda: expect_close(np.arange(1.0, 5.0) * 1.00015, np.arange(1.0, 5.0), "r")
    )


def test_nan_and_inf_in_answers_never_warn(recwarn):
    failure(lambda: expect_close(np.array([1.0, 2.0]), np.array([np.nan, np.inf]), "r"))
    failure(lambda: expect_close(np.array([np.inf, 0.0]), np.array([1.0, 0.0]), "r"))
    assert not recwarn.list


def test_one_wrong_number_is_not_called_a_constant_factor():
    assert "constant factor" not in failure(lambda: expect_close(0.5, 0.25, "cost"))


@pytest.mark.parametrize("factor", [0.0, -0.08, 0.76, 1.03, 1.22, 4.0, 0.25, -2.0])
def test_a_factor_no_half_or_mean_slip_explains_gets_no_factor_hint(factor):
    """σ'(0) = ¼ gives a factor 4; a wrong formula any other factor: no sum/mean or ½ slip fits."""
    message = failure(lambda: expect_close(factor * np.arange(1.0, 5.0), np.arange(1.0, 5.0), "r"))
    assert "times too large" not in message and "twice" not in message and "half the" not in message
    assert "factor" not in message


def test_a_factor_of_n_or_1_over_n_is_named_only_when_n_is_the_number_of_samples():
    expected = np.arange(1.0, 7.0).reshape(3, 2)
    assert "a sum over the samples instead of their mean" in failure(
        lambda: expect_close(3 * expected, expected, "dW", n=3)
    )
    assert "divided by the number of samples" in failure(
        lambda: expect_close(expected / 3, expected, "dW", n=3)
    )
    assert "samples" not in failure(lambda: expect_close(3 * expected, expected, "dW", n=5))
    assert "samples" not in failure(lambda: expect_close(3 * expected, expected, "dW"))


def test_a_caller_whose_dependency_has_not_passed_is_told_to_fix_that_first():
    from course import checks, progress

    progress._passed.discard("inner_fn")
    message = failure(
        lambda: expect_close(
            -np.ones(3), np.ones(3), "outer_fn(x)", hint="own hint", uses=("inner_fn",)
        )
    )
    assert "fix `inner_fn` first" in message
    assert "own hint" not in message and "sign is flipped" not in message
    checks.passed("inner_fn")
    message = failure(
        lambda: expect_close(
            -np.ones(3), np.ones(3), "outer_fn(x)", hint="own hint", uses=("inner_fn",)
        )
    )
    assert "fix `inner_fn` first" not in message and "own hint" in message
    assert "fix `inner_fn` first" in failure(
        lambda: (
            progress._passed.discard("inner_fn"),
            expect_shape(np.zeros(2), (3,), "outer_fn(x)", uses=("inner_fn",)),
        )
    )


# ------------------------------------------------- known mistakes, shipped with the release
def _entry(got, expected, what="sigmoid at 0 and 1", mistake="exp(+z)", says=None):
    from course.hidden import walk

    def leaf(value):
        return {"array": np.asarray(value, dtype=float).tolist()}

    return {
        "function": "sigmoid",
        "mistake": mistake,
        "says": says or "the sign of z is flipped",
        "what": what,
        "expected": walk(expected, leaf),
        "got": walk(got, leaf),
    }


def _known_mistakes_file(folder, got, expected, what="sigmoid at 0 and 1", more=(), uses=None):
    found = [_entry(got, expected, what), *more]
    data = {"version": 1, "uses": uses or {}, "entries": found}
    (folder / "known_mistakes.json").write_text(json.dumps(data))


def test_an_answer_a_known_mistake_gives_is_named_with_its_hint_and_no_guess(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    expected = np.array([0.5, 0.7310585786])
    _known_mistakes_file(tmp_path, 1 - expected, expected)
    message = failure(lambda: expect_close(1 - expected, expected, "sigmoid at 0 and 1", hint="h"))
    hints = [line for line in message.splitlines() if line.startswith("  hint: ")]
    assert hints == [
        "  hint: your answer is what `sigmoid` gives with a known mistake: the sign of z is flipped"
    ], message


@pytest.mark.parametrize(
    "content", [None, "", "{not json", '{"entries": [{"what": 1}]}', '{"entries": 3}']
)
def test_a_missing_or_garbled_known_mistakes_file_changes_nothing(tmp_path, monkeypatch, content):
    monkeypatch.chdir(tmp_path)
    if content is not None:
        (tmp_path / "known_mistakes.json").write_text(content)
    message = failure(lambda: expect_close(np.array([1.0, 2.0]), [2.0, 4.0], "f", hint="mine"))
    assert "hint: mine" in message and "known mistake" not in message
    expect_close(np.array([2.0, 4.0]), [2.0, 4.0], "f")  # a right answer still passes


def test_the_known_mistakes_file_never_makes_a_wrong_answer_pass_or_names_another_check(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    expected = np.array([0.5, 0.7310585786])
    _known_mistakes_file(tmp_path, expected, expected)  # an edited file: "wrong" = right
    failure(lambda: expect_close(1 - expected, expected, "sigmoid at 0 and 1"))
    _known_mistakes_file(tmp_path, 1 - expected, expected, what="another check")
    assert "known mistake" not in failure(
        lambda: expect_close(1 - expected, expected, "sigmoid at 0 and 1")
    )


def test_a_failed_check_is_an_assertion_error_by_name():
    with pytest.raises(AssertionError) as raised:
        expect_close(1.0, 2.0, "x")
    assert type(raised.value).__name__ == "AssertionError"


# ------------------------------------------------------------ what a notebook cell shows
@pytest.fixture
def shell(capsys):
    """An in-process IPython shell, as a notebook's kernel runs cells; returns run(code) ->
    (the error raised or None, what the cell printed)."""
    from IPython.core.interactiveshell import InteractiveShell

    from course import failures, inplace

    ipython = InteractiveShell.instance()
    ipython.run_cell("import numpy as np\nfrom course.checks import expect_close, passed")
    failures.install()  # as importing course.checks does in a fresh kernel
    inplace.install()

    def run(code):
        capsys.readouterr()
        result = ipython.run_cell(code, store_history=True)
        return result.error_in_exec, capsys.readouterr().out

    yield run
    ipython.set_custom_exc((), None)
    InteractiveShell.clear_instance()


def test_a_failed_check_shows_the_cell_line_and_the_message_not_the_course_code(shell):
    error, shown = shell('x = 1\nexpect_close(np.array([1.0, 2.0]), [2.0, 4.0], "twice")')
    assert isinstance(error, AssertionError)
    assert "line 2" in shown and 'expect_close(np.array([1.0, 2.0]), [2.0, 4.0], "twice")' in shown
    assert "twice is not right yet" in shown
    assert "checks.py" not in shown and "raise CheckFailed" not in shown


def test_an_error_in_a_student_function_names_it_with_the_shapes_and_the_check_s_hint(shell):
    shell("def hidden_delta(delta_next, W_next, Z):\n    return (delta_next @ W_next) * Z\n")
    error, shown = shell(
        "expect_close(hidden_delta(np.ones((1, 2)), np.ones((3, 2)), np.zeros((1, 3))),\n"
        '             np.zeros((1, 3)), "hidden_delta for 3 neurons feeding 2",\n'
        '             hint="delta_next @ W_next.T")\n'
    )
    assert isinstance(error, ValueError), shown
    assert "hidden_delta raised ValueError: matmul" in shown.replace("\x1b[0m", "")
    assert "return (delta_next @ W_next) * Z" in shown
    assert "delta_next (1, 2), W_next (3, 2), Z (1, 3)" in shown
    assert "while checking: hidden_delta for 3 neurons feeding 2" in shown
    assert "hint: delta_next @ W_next.T" in shown


def test_an_error_raised_on_what_an_unpassed_callee_returned_says_to_fix_the_callee_first(shell):
    """relu_forward returns a wrong shape without raising; mlp_loss then fails on its own line:
    the advice is the callee's, not mlp_loss's own hint."""
    from course import progress

    progress._passed.discard("relu_forward")
    shell(
        "def relu_forward(Z):\n    return np.maximum(Z, 0).T, Z\n"
        "def mlp_loss(X, W):\n    A, _ = relu_forward(X)\n    return A @ W\n"
    )
    check = (
        "expect_close(mlp_loss(np.ones((2, 3)), np.ones((3, 1))), np.full((2, 1), 3.0),\n"
        '             "mlp_loss", hint="own hint", uses=("relu_forward",))\n'
    )
    error, shown = shell(check)
    assert isinstance(error, ValueError), shown
    assert "mlp_loss raised ValueError" in shown.replace("\x1b[0m", "")
    assert "fix `relu_forward` first" in shown and "own hint" not in shown
    shell("passed('relu_forward')")
    error, shown = shell(check)
    assert "hint: own hint" in shown and "fix `relu_forward` first" not in shown
    progress._passed.discard("relu_forward")


def test_a_graded_function_that_changes_its_input_fails_at_the_call_before_any_comparison(shell):
    shell("def sigmoid(z):\n    z *= -1\n    return 1 / (1 + np.exp(z))\n")
    error, shown = shell(
        "z = np.array([0.0, 1.0])\nexpect_close(sigmoid(z), [0.5, 0.7310585786], 'sigmoid')"
    )
    assert isinstance(error, AssertionError)
    assert "sigmoid changed its argument `z` in place" in shown
    assert "is not right yet" not in shown  # no comparison against inputs that have changed
    assert "line 2" in shown and "inplace.py" not in shown


def test_right_code_keeps_its_inputs_and_is_called_as_written(shell):
    shell(
        "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n"
        "def forward(X, rng=None):\n    return sigmoid(X)\n"  # a call inside a body: as written
    )
    error, shown = shell(
        "X = np.array([[0.0, 1.0]])\nrng = np.random.default_rng(0)\n"
        "expect_close(forward(X, rng=rng), np.array([[0.5, 0.7310585786]]), 'forward')\n"
        "assert forward.__code__.co_names == ('sigmoid',)\nprint(sigmoid(0.0))"
    )
    assert error is None and "0.5" in shown


def test_a_function_that_is_not_graded_may_change_its_input(shell):
    error, _ = shell("def scale(z):\n    z *= 2\n\nscale(np.ones(2))")
    assert error is None


def test_other_errors_and_unwritten_exercises_are_shown_as_usual(shell):
    error, shown = shell("1 / 0")
    assert isinstance(error, ZeroDivisionError) and "Traceback" in shown
    shell("def f():\n    raise NotImplementedError()\n")
    error, shown = shell("f()")
    assert isinstance(error, NotImplementedError) and "Traceback" in shown
    error, shown = shell("from course.exercises import needs\nneeds('never_written')")
    assert error is None and "Finish never_written" in shown


def test_two_mistakes_the_numbers_cannot_tell_apart_are_not_named(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    expected = np.array([0.5, 0.7310585786])
    other = _entry(1 - expected, expected, mistake="1 - sigmoid", says="one minus")
    _known_mistakes_file(tmp_path, 1 - expected, expected, more=[other])
    message = failure(lambda: expect_close(1 - expected, expected, "sigmoid at 0 and 1"))
    assert "known mistake" not in message


def test_a_mistake_that_fails_a_check_passed_earlier_in_the_cell_is_not_named(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    expected = np.array([0.5, 0.7310585786])
    earlier = _entry(np.zeros(2), np.ones(2), what="an earlier check", mistake="exp(+z)")
    _known_mistakes_file(tmp_path, 1 - expected, expected, more=[earlier])
    assert "known mistake" in failure(
        lambda: expect_close(1 - expected, expected, "sigmoid at 0 and 1")
    )
    expect_close(np.ones(2), np.ones(2), "an earlier check")  # right: exp(+z) is not the mistake
    assert "known mistake" not in failure(
        lambda: expect_close(1 - expected, expected, "sigmoid at 0 and 1")
    )


def test_a_caller_s_test_names_the_first_broken_function_of_the_chain(tmp_path, monkeypatch):
    from course import progress

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(progress, "_passed", {"gd_step"})
    uses = {"train_gd": ["backward", "gd_step"], "backward": ["output_delta", "hidden_delta"]}
    _known_mistakes_file(tmp_path, 0.0, 1.0, uses=uses)
    told = failure(lambda: expect_close(1.0, 2.0, "costs", uses=("backward", "gd_step")))
    assert "fix `output_delta` and `hidden_delta` first" in told, told
    progress._passed.add("hidden_delta")
    told = failure(lambda: expect_close(1.0, 2.0, "costs", uses=("backward", "gd_step")))
    assert "fix `output_delta` first" in told, told
    (tmp_path / "known_mistakes.json").unlink()  # without the file: the functions the test names
    told = failure(lambda: expect_close(1.0, 2.0, "costs", uses=("backward", "gd_step")))
    assert "fix `backward` first" in told, told
