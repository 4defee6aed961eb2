"""One comparison for visible and hidden tests (course.compare.difference): what it accepts, and
what its message says first when an answer differs."""

import numpy as np

from course.compare import difference


def _layers(*sizes):
    rng = np.random.default_rng(0)
    return [(rng.normal(size=(m, n)), rng.normal(size=n)) for m, n in zip(sizes[:-1], sizes[1:])]


def test_a_string_must_be_the_same_string():
    assert difference("cost_tol", "cost_tol") is None
    assert difference("max_epochs", "cost_tol", where="reason").text == (
        "reason is 'max_epochs', expected 'cost_tol'"
    )
    assert difference(3, "cost_tol") is not None


def test_a_dict_may_hold_more_keys_unless_they_must_fail():
    got, expected = {"A": [1.0], "Z": [2.0]}, {"A": [1.0]}
    assert difference(got, expected) is None  # a cache may keep more
    told = difference(got, expected, where="history", extra_keys_fail=True)
    assert "history has a key 'Z' holding a list of 1 values" in told.text
    assert difference({"A": [1.0], "Z": []}, expected, extra_keys_fail=True) is None
    assert difference({"Z": [1.0]}, expected).text == "result has no key 'A'"


def test_where_the_kind_of_numbers_matters_whole_floats_for_integers_get_the_hint():
    told = difference(np.array([2.0, 0.0]), np.array([2, 0]), kind_hint="use dtype=int")
    assert told.text == "result should hold integers, got floats (dtype float64)"
    assert told.hints == ["use dtype=int"]
    assert difference(np.array([]), np.array([3, 1]), kind_hint="h").hints == ["h"]
    assert "should hold floats" in difference(np.eye(2, dtype=int), np.eye(2), kind_hint="h").text
    assert difference(np.array([2.0, 0.0]), np.array([2, 0])) is None  # only where declared


def test_floats_with_fractions_where_integers_are_due_are_compared_as_values():
    told = difference(np.array([0.5, 1.0]), np.array([0, 1]), kind_hint="h")
    assert told.hints != ["h"] and "got [0.5, 1]" in told.text


def test_integer_answers_are_shown_whole():
    told = difference(np.array([0, 2, 1]), np.array([0, 1, 1]), where="labels")
    assert told.text == "labels should be [0, 1, 1], got [0, 2, 1] (first difference at index 1)"


def test_named_plain_numbers_are_named_and_an_array_of_them_answers_too():
    names = ("loss", "grad", "w_new")
    assert difference(np.array([1.0, 2.0, 3.0]), (1.0, 2.0, 3.0), names) is None
    assert difference((1.0, 2.0, 3.5), (1.0, 2.0, 3.0), names).text.startswith("w_new:")


def test_a_list_of_weight_and_bias_pairs_names_the_layer():
    expected = _layers(3, 4, 2)
    got = [expected[0], (expected[1][0], expected[1][1] + 1.0)]
    told = difference(got, expected, where="params")
    assert told.text.startswith("params[1][1] (layer 2, biases):")
    assert "layer" not in difference([[1, 2]], [(np.array([1]), np.array([3]))]).text


def test_a_list_of_numbers_of_another_length_says_how_many_entries():
    told = difference([0.5, 0.25], [0.5, 0.25, 0.125], where="costs")
    assert told.text == "costs has 2 entries, expected 3"
    assert "off-by-one" in told.guesses[0]


def test_the_outputs_named_first_are_compared_first_and_a_wrong_word_is_followed():
    names, first = ("params", "history", "reason"), ("reason", "history")
    expected = (_layers(2, 1), {"train_cost": [3.0, 2.0, 1.0]}, "cost_tol")
    got = (_layers(2, 2, 1), {"train_cost": [3.0, 2.0]}, "max_epochs")
    assert difference(got, expected, names, first=first).text == (
        "reason is 'max_epochs', expected 'cost_tol'; history['train_cost'] has 2 entries, "
        "expected 3"
    )
    assert difference(got, expected, names).text.startswith("params should have 1 elements")
    assert difference(got[:2] + ("cost_tol",), expected, names, first=first).text == (
        "history['train_cost'] has 2 entries, expected 3"
    )
