"""The learner's progress page: check.progress(), check.reset() and the file behind them."""

from __future__ import annotations

import json
import os
import warnings

import pytest

from course_lib import check
from course_lib.exercises import REGISTRY, core, progress


@pytest.fixture
def learner(tmp_path, monkeypatch):
    """A learner's session: recording on, the file in a temporary folder."""
    file = tmp_path / "data" / "progress.json"
    monkeypatch.setenv("COURSE_PROGRESS", "on")
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(file))
    monkeypatch.setattr(progress, "_warned", False)
    return file


def _wrong(w, x, t, eta=1.0):
    return w + eta * t * x  # updates on every sample, not only on mistakes


def test_checks_are_recorded_and_shown_by_lesson(learner):
    ex = REGISTRY["perceptron_update"]
    check.perceptron_update(_wrong)
    state = json.loads(learner.read_text())["perceptron_update"]
    assert state["state"] == "failing" and state["hint"]
    shown = repr(check.progress())
    assert "✘ perceptron_update" in shown and state["hint"] in shown
    assert ex.lesson in shown and f"{len(REGISTRY)} exercises" in shown
    check.perceptron_update(ex.reference)   # a correct version that is not the model solution
    assert json.loads(learner.read_text())["perceptron_update"]["state"] == "passed"
    assert check.progress().count("passed") == 1


def _run_cell(source, namespace):
    """Run ``source`` as IPython runs a cell: its text is kept in linecache under the cell's
    name, which is where inspect.getsource finds a notebook function's source."""
    import linecache

    filename = f"<ipython-input-{abs(hash(source))}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), namespace)
    return namespace


def _pasted(name):
    """The learner's function after pasting what check.solution(name) prints and running it."""
    import numpy

    import course_lib.boolean as bl  # lesson 02's name for it

    return _run_cell(core.solution_text(REGISTRY[name]), {"np": numpy, "bl": bl})[name]


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_a_pasted_model_solution_is_recorded_as_such_not_as_passed(learner, name):
    fn = _pasted(name)
    result = getattr(check, name)(fn)
    assert result.passed and "model solution" in result.message
    assert json.loads(learner.read_text())[name]["state"] == "solved with the solution"
    assert check.progress().count("solved with the solution") == 1
    assert "◐" in repr(check.progress())


def test_the_learners_own_version_is_passed_even_when_close_to_the_solution(learner):
    namespace = _run_cell("# my answer\n" + core.solution_text(REGISTRY["fold_bias"]),
                          {"np": __import__("numpy")})
    assert check.is_model_solution(REGISTRY["fold_bias"], namespace["fold_bias"])
    _run_cell("def fold_bias(X):\n    ones = np.ones((len(X), 1))\n"
              "    return np.hstack([X, ones])\n", namespace)
    result = check.fold_bias(namespace["fold_bias"])
    assert result.passed and "model solution" not in result.message
    assert json.loads(learner.read_text())["fold_bias"]["state"] == "passed"


def test_a_demonstration_is_not_recorded(learner):
    check.fold_bias(REGISTRY["fold_bias"].reference, record=False)
    assert not learner.exists()
    with pytest.raises(TypeError, match="record must be True or False"):
        check.fold_bias(REGISTRY["fold_bias"].reference, record="no")


def test_a_stub_is_not_an_attempt_and_reset_forgets(learner, capsys):
    def stub(w, x, t, eta=1.0):
        raise NotImplementedError

    check.perceptron_update(stub)
    assert not learner.exists()
    check.perceptron_update(REGISTRY["perceptron_update"].solution)
    assert learner.exists()
    check.reset()
    assert not learner.exists()
    assert check.progress().count("not tried") == len(REGISTRY)


def test_a_corrupt_or_unwritable_file_warns_once_and_never_breaks_a_check(learner, tmp_path,
                                                                          monkeypatch):
    learner.parent.mkdir(parents=True)
    learner.write_text("{not json")
    with pytest.warns(RuntimeWarning, match="cannot read"):
        result = check.perceptron_update(_wrong)
    assert result.status == "failed"
    blocker = tmp_path / "a_file"
    blocker.write_text("")
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(blocker / "progress.json"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # warned once already: no second warning
        assert check.perceptron_update(REGISTRY["perceptron_update"].solution).passed


def test_nothing_is_recorded_while_the_tests_run(tmp_path, monkeypatch):
    # conftest switches recording off for pytest and every kernel nbval starts from it
    assert os.environ["COURSE_PROGRESS"] == "off"
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "p.json"))
    check.perceptron_update(REGISTRY["perceptron_update"].solution)
    assert not (tmp_path / "p.json").exists()
    assert "not recorded" in repr(check.progress())


def test_the_test_runner_switches_recording_off_for_kernels_too():
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("course_tool", root / "tools" / "course.py")
    course = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(course)
    assert course.DETERMINISTIC_ENV["COURSE_PROGRESS"] == "off"  # make test/refresh/bench
