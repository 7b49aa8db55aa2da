"""The exercise checkers: every registered exercise, whatever the lesson.

For each exercise: the reference and the model solution pass; each recorded plausible
mistake is rejected *and* diagnosed with its own hint; a stub reports "not implemented";
a crashing function reports its exception instead of crashing the notebook.
"""

import numpy as np
import pytest

from course_lib import check
from course_lib.exercises import REGISTRY, CheckResult, Exercise, Mistake, register, run_check

EXERCISES = sorted(REGISTRY)
MISTAKES = [(name, i) for name in EXERCISES for i in range(len(REGISTRY[name].mistakes))]


@pytest.mark.parametrize("name", EXERCISES)
def test_reference_and_solution_pass(name):
    ex = REGISTRY[name]
    assert run_check(ex, ex.reference).passed
    result = getattr(check, name)(ex.solution)
    assert result.passed, result.message
    assert "passed all" in repr(result)


@pytest.mark.parametrize("name", EXERCISES)
def test_every_exercise_records_at_least_two_plausible_mistakes_and_hints(name):
    assert len(REGISTRY[name].mistakes) >= 2
    assert len(REGISTRY[name].hints) >= 1


@pytest.mark.parametrize(("name", "index"), MISTAKES)
def test_each_plausible_mistake_is_rejected_with_its_own_hint(name, index):
    ex = REGISTRY[name]
    mistake = ex.mistakes[index]
    result = run_check(ex, mistake.implementation)
    assert result.status == "failed", f"{name}: mistake {index} was not caught"
    # the first mistake that reproduces the output is named; it must be this one or an
    # earlier, equivalent one on the failing case
    diagnosed = [m.hint for m in ex.mistakes if m.hint in result.message]
    assert diagnosed, result.message
    assert "expected" in result.message and "input" in result.message


@pytest.mark.parametrize("name", EXERCISES)
def test_stub_reports_not_implemented_without_raising(name):
    def stub(*args, **kwargs):
        raise NotImplementedError

    result = getattr(check, name)(stub)
    assert result.status == "not implemented"
    assert "not implemented yet" in repr(result)
    assert not result


@pytest.mark.parametrize("name", EXERCISES)
def test_a_crash_is_reported_with_the_input(name):
    def broken(**kwargs):
        raise KeyError("oops")

    result = getattr(check, name)(broken)
    assert result.status == "error"
    assert "raised KeyError" in result.message and "on this input" in result.message


def _toy_exercise(name="double_it", **kw):
    return Exercise(name=name, reference=lambda x: 2 * x,
                    make_case=lambda rng: {"x": rng.normal(size=3)},
                    hints=("multiply by two",), solution=lambda x: x * 2, lesson="test", **kw)


def test_in_place_modification_is_caught():
    ex = _toy_exercise()

    def sneaky(x):
        x *= 2
        return x

    result = run_check(ex, sneaky)
    assert result.status == "failed" and "in place" in result.message


def test_returning_none_and_wrong_shape_are_explained():
    ex = _toy_exercise()
    assert "return` statement missing" in run_check(ex, lambda x: None).message
    assert "expected shape (3,)" in run_check(ex, lambda x: np.append(2 * x, 0)).message


def test_unknown_wrong_answer_falls_back_to_the_first_hint():
    ex = _toy_exercise(mistakes=(Mistake(lambda x: 3 * x, "tripled"),))
    result = run_check(ex, lambda x: x + 1)
    assert "hint: multiply by two" in result.message and "tripled" not in result.message
    assert "likely cause: tripled" in run_check(ex, lambda x: 3 * x).message


def test_bad_use_of_the_checkers_gets_clear_errors(capsys):
    with pytest.raises(TypeError, match="perceptron_update must be callable"):
        check.perceptron_update(42)
    with pytest.raises(ValueError, match="no exercise named 'nope'"):
        check.hint("nope")
    with pytest.raises(ValueError, match="level must be between 1 and"):
        check.hint("perceptron_update", 99)
    with pytest.raises(AttributeError, match="no checker 'nope'"):
        check.nope  # noqa: B018
    with pytest.raises(ValueError, match="already registered"):
        register(_toy_exercise(name="perceptron_update"))


def test_hint_and_solution_print_useful_text(capsys):
    def perceptron_update(w, x, t, eta=1.0):
        raise NotImplementedError

    check.hint(perceptron_update, 2)  # by the learner's function, not only by name
    check.solution("perceptron_update")
    out = capsys.readouterr().out
    assert "Hint 2/3 for perceptron_update" in out
    assert "def perceptron_update(" in out
    assert set(check.exercises()) == set(REGISTRY)
    assert set(REGISTRY) <= set(dir(check))


def test_check_result_is_falsy_unless_passed():
    assert not CheckResult("x", "failed", "no")
    assert CheckResult("x", "passed", "yes")


def test_a_name_error_inside_the_learners_code_shows_their_exception_and_line():
    ex = _toy_exercise()

    def double_it(x):
        y = 2 * x
        return y * scale  # noqa: F821 - the learner's typo is the point of this test

    result = run_check(ex, double_it)
    assert result.status == "error"
    assert "NameError: name 'scale' is not defined" in result.message
    assert "return y * scale" in result.message  # their own line, not a generic hint
    assert "by name" not in result.message


def test_a_wrong_signature_is_named_as_such():
    ex = _toy_exercise()
    result = run_check(ex, lambda values: 2 * values)
    assert result.status == "error"
    assert "cannot be called as the checker calls it" in result.message
    assert "def double_it(x)" in result.message


def test_got_is_shown_like_expected_whatever_numeric_type_the_learner_returns():
    from course_lib.exercises.core import _fmt

    expected = _fmt(np.array([0.5, 0.25, 0.125]))
    assert _fmt([np.float64(0.5), np.float64(0.25), np.float64(0.125)]) == expected
    assert _fmt((0.5, 0.25, 0.125)) == expected
    assert "np.float" not in _fmt(np.float32(0.5)) and _fmt(np.float32(0.5)) == "0.5"
    assert _fmt(np.int64(3)) == "3"
    assert _fmt([True, False]) == "[True, False]"          # not numbers: shown as they are
