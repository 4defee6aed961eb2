"""The hidden tests: what they promise students and instructors, tested without nbgrader."""

import copy
import warnings

import numpy as np
import pytest

from course.hidden import call, digest, encode, walk
from grading_tools import registry
from grading_tools.judge import Mismatch, catalog, evaluate, verify_record
from grading_tools.judge.record import Unreadable, decode
from grading_tools.judge.spec import Case, Spec
from grading_tools.judge.verdict import judge_outcome, verdict

SPECS = catalog.all_specs()
A01 = "01_perceptron_xor"
reference_step = registry.module("reference", A01).step


@pytest.mark.parametrize("assignment, name", sorted(SPECS))
def test_the_reference_passes_its_own_hidden_tests_and_the_grader_agrees(assignment, name):
    record = evaluate(assignment, name, SPECS[assignment, name].reference)
    assert verify_record(assignment, name, record) is None


def fingerprint(value):
    """What a case's argument is, comparably: data exactly, a generator by its state, a function
    by name."""
    return walk(value, _comparable)


def _comparable(value):
    if isinstance(value, np.random.Generator):
        return repr(value.bit_generator.state)
    return value.__name__ if callable(value) else encode(value)


@pytest.mark.parametrize("key", sorted(SPECS))
def test_hidden_cases_are_the_same_every_time(key):
    """The grader regenerates the cases in its own process: they must match the kernel's."""
    first, second = SPECS[key].cases(), SPECS[key].cases()
    assert len(first) >= 3
    for a, b in zip(first, second):
        assert a.label == b.label
        assert fingerprint(list(a.args)) == fingerprint(list(b.args))
        assert fingerprint(a.kwargs) == fingerprint(b.kwargs)


def failure(name, fn):
    """The Failure of 01's hidden test of `name` on `fn` (evaluate raises it, its message as
    the Mismatch's text)."""
    with pytest.raises(Mismatch) as raised:
        evaluate(A01, name, fn)
    assert str(raised.value) == raised.value.failure.message
    return raised.value.failure


def test_a_wrong_answer_fails_with_the_function_the_case_and_the_largest_error():
    told = failure("step", lambda z: np.where(np.asarray(z) > 0, 1.0, 0.0))
    assert told.message.startswith("step(z) is wrong on hidden case: exact zeros")
    assert "largest error 1 at index [0]: expected 1, got 0" in told.message
    assert "likely cause: step(0) must be 1" in told.message
    assert (told.kind, told.function) == ("wrong", "step")
    assert told.case.startswith("exact zeros") and told.case in told.title
    assert len(told.hints) == 1 and told.hints[0].startswith("step(0) must be 1")


def test_an_exception_is_reported_as_a_failure_of_the_case():
    told = failure("perceptron_predict", lambda X, w, b: X.T @ w + b)
    assert "raised ValueError" in told.message and "on hidden case" in told.message
    assert told.kind == "raised" and told.case in told.message and told.hints == ()


def test_an_unfinished_exercise_says_so():
    def step(z):
        raise NotImplementedError()

    told = failure("step", step)
    assert "step is not implemented yet" in told.message and told.kind == "not_implemented"


def test_modifying_an_input_fails_and_names_the_argument():
    def step(z):
        z *= 0
        return z + 1.0

    told = failure("step", step)
    assert "modified its argument `z` in place" in told.message
    assert told.kind == "modified_input"


def test_a_non_function_is_refused():
    told = failure("step", 3.0)
    assert "should be a function" in told.message and told.kind == "not_callable"


def test_the_likely_causes_a_specs_own_judge_writes_are_its_failures_hints():
    """gate_weights is judged by its own judge, which returns text; its "likely cause:" line
    becomes the Failure's hint, the text unchanged."""
    told = failure("gate_weights", lambda gate: (np.array([1.0, 1.0]), -0.5))  # OR's weights
    assert told.kind == "wrong" and told.function == "gate_weights"
    assert told.hints == ("these are the weights of OR.",)
    assert told.message.endswith("\n  likely cause: these are the weights of OR.")


def test_warnings_and_prints_of_a_correct_function_never_reach_stderr(capsys):
    def noisy_step(z):
        print("debugging", z)
        warnings.warn("a harmless warning", RuntimeWarning)
        return np.where(np.asarray(z) >= 0, 1.0, 0.0)

    evaluate(A01, "step", noisy_step)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_a_warning_fails_only_where_the_contract_forbids_it():
    def warns(z):
        warnings.warn("overflow", RuntimeWarning)
        return z

    case = Case("values", (np.array([1.0]),))
    outcome = call(warns, case.fresh().args, {})
    allowed = Spec("step", lambda: [case], judge=lambda *_: None, assignment=A01)
    assert judge_outcome(allowed, case, outcome) is None
    forbidden = Spec("step", lambda: [case], warnings_fail=True, assignment=A01)
    told = judge_outcome(forbidden, case, outcome)
    assert "emitted a warning: overflow" in told.message and told.kind == "warning"


def untrained(X, Y, layer_sizes, rng, **settings):
    """A train_classifier that returns its initial parameters: right in form, never trained."""
    params = registry.module("reference", "08_pima_diabetes").init_params(layer_sizes, rng)
    return params, {"train_cost": [1.0], "val_cost": [1.0]}


def test_a_verdict_never_depends_on_the_order_of_the_cases():
    """Each case is judged on its own; 08's pass rate over ten Pima splits is judged once, from
    all of them (Spec.judge_all), so the verdict is the same in any order."""
    spec = SPECS["08_pima_diabetes", "train_classifier"]
    splits = [case for case in spec.cases() if case.kind == "pima"]
    for fn in (spec.reference, untrained):
        evidence = [
            (case, call(fn, trial.args, trial.kwargs))
            for case, trial in ((case, case.fresh()) for case in splits)
        ]
        for order in (evidence, evidence[::-1]):
            assert [judge_outcome(spec, case, outcome) for case, outcome in order] == [None] * 10
        verdicts = {verdict(spec, evidence), verdict(spec, evidence[::-1])}
        assert len(verdicts) == 1
    told = verdicts.pop()
    assert told.message.startswith("train_classifier does not learn the Pima data well enough")
    assert told.kind == "wrong" and told.case == "" and told.hints[0].startswith("the gradients")


@pytest.mark.parametrize(
    "value",
    [
        np.array([[1.5, np.nan], [np.inf, -0.0]]),
        (np.zeros(2), 3.0, [1, 2]),
        {"A": [np.ones(1)], "Z": []},
        "text",
        None,
        np.float64(2.5),
        True,
        7,
    ],
)
def test_records_hold_results_exactly(value):
    back = decode(encode(value))
    assert encode(back) == encode(value)
    assert type(back) is type(value) or isinstance(value, (np.generic, float, int, bool))


def test_a_fingerprint_changes_with_any_nested_number_and_with_nothing_else():
    params = [(np.ones((2, 2)), np.zeros(2)), {"lr": 0.5, "history": [1.0, 0.5]}]
    before = digest(params)
    assert digest(copy.deepcopy(params)) == before
    params[0][1][1] = 1e-300
    assert digest(params) != before
    params[0][1][1], params[1]["history"][0] = 0.0, 2.0
    assert digest(params) != before
    assert digest(np.random.default_rng(0)) == digest(print)  # neither is data


def test_records_hold_data_only():
    assert isinstance(decode(encode(np.array([object()]))), Unreadable)
    assert isinstance(decode(encode(lambda x: x)), Unreadable)
    with pytest.raises(ValueError):
        decode({"pickle": "gASV"})


class TestTheGradersRecheck:
    """verify_record: the grader's own verdict, computed from the record and a clean reference."""

    def record(self):
        return evaluate(A01, "step", reference_step)

    def verdict(self, record):
        return verify_record(A01, "step", record)

    def test_accepts_a_genuine_record(self):
        assert self.verdict(self.record()) is None

    def test_rejects_a_result_changed_after_the_fact(self):
        record = self.record()
        record["cases"][2]["result"] = encode(np.zeros(5))
        assert "is wrong on hidden case" in self.verdict(record).message

    def test_rejects_results_of_a_function_judged_by_a_patched_kernel(self):
        wrong = [np.where(c.args[0] > 0, 1.0, 0.0) for c in SPECS[A01, "step"].cases()]
        record = self.record()
        for outcome, result in zip(record["cases"], wrong):
            outcome["result"] = encode(result)
        assert "step(0) must be 1" in self.verdict(record).message

    def test_rejects_an_input_changed_in_place(self):
        record = self.record()
        record["cases"][0]["inputs"]["args"][0] = "0" * 64
        assert "modified its argument `z` in place" in self.verdict(record).message

    @pytest.mark.parametrize(
        "tamper",
        [
            lambda r: r.update(check="perceptron_predict"),
            lambda r: r["cases"].pop(),
            lambda r: r.update(cases="all good"),
            lambda r: r["cases"][0].update(result={"array": "not base64!"}),
            lambda r: r["cases"][0].pop("result"),
            lambda r: r["cases"][0].update(inputs="unchanged"),
            lambda r: r.update(too_large=True),
        ],
    )
    def test_rejects_a_malformed_record(self, tamper):
        record = self.record()
        tamper(record)
        assert self.verdict(record).kind in ("unreadable_record", "too_large", "wrong")

    def test_rejects_an_unknown_check(self):
        told = verify_record(A01, "sigmoid", {})
        assert "01_perceptron_xor has no hidden check named 'sigmoid'" in told.message
        assert told.kind == "unknown_check"


def test_the_pima_rule_passes_the_reference_from_other_initial_weights():
    """No verdict hinges on a lucky seed: trained from 20 other initial weights, the reference
    reaches 70 % on at least 9 of the 10 Pima splits every time."""
    import numpy as np

    from grading_tools.assignments.pima_diabetes.cases import judge_pima_splits, train_cases
    from grading_tools.assignments.pima_diabetes.reference import train_classifier

    cases = [case for case in train_cases() if case.kind == "pima"]
    for start in range(20):
        answers = [
            (
                case,
                train_classifier(*case.args[:3], np.random.default_rng([7, start]), **case.kwargs),
            )
            for case in cases
        ]
        assert judge_pima_splits(answers) is None, start
