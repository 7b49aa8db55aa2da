"""The learner's progress page: check.progress(), check.reset() and the file behind them."""

from __future__ import annotations

import json
import os
import warnings

import pytest

from course_lib import check
from course_lib.exercises import REGISTRY, progress


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
    check.perceptron_update(ex.solution)
    assert json.loads(learner.read_text())["perceptron_update"]["state"] == "passed"
    assert check.progress().count("passed") == 1


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
