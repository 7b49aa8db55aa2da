"""setup_notebook, format_time and the environment report (lesson 00)."""

import random

import numpy as np
import pytest
import torch

from course_lib import environment_report, format_time, setup_notebook


def test_setup_notebook_seeds_everything_and_returns_a_generator():
    rng = setup_notebook(seed=5)
    a = (rng.random(), random.random(), np.random.rand(), torch.rand(1).item())  # noqa: NPY002
    rng = setup_notebook(seed=5)
    b = (rng.random(), random.random(), np.random.rand(), torch.rand(1).item())  # noqa: NPY002
    assert a == b
    import sklearn

    assert sklearn.get_config()["display"] == "text"


@pytest.mark.parametrize(("seed", "exc"), [(-1, ValueError), (2**32, ValueError), (1.5, TypeError),
                                            ("0", TypeError), (None, TypeError)])
def test_setup_notebook_rejects_bad_seeds(seed, exc):
    with pytest.raises(exc, match="seed must be"):
        setup_notebook(seed=seed)


@pytest.mark.parametrize(("seconds", "text"), [(2e-6, "⏱ 2.0 µs"), (0.25, "⏱ 250.0 ms"),
                                                (3.0, "⏱ 3.00 s")])
def test_format_time(seconds, text):
    assert format_time(seconds) == text


@pytest.mark.parametrize(("seconds", "exc"), [(-1, ValueError), ("1", TypeError),
                                               (float("nan"), ValueError), (None, TypeError),
                                               (float("inf"), ValueError)])
def test_format_time_rejects(seconds, exc):
    with pytest.raises(exc, match="seconds must"):
        format_time(seconds)


def test_environment_report_names_every_required_package():
    report = environment_report()
    assert report.complete
    assert set(report.packages) >= {"numpy", "torch", "scikit-learn", "ipywidgets"}
    assert "torch device cpu" in repr(report) or "torch device cuda" in repr(report)


def test_best_seconds_is_the_fastest_of_its_runs():
    import time

    from course_lib.notebook import best_seconds

    naps = [0.2, 0.05, 0.1]
    calls = []

    def nap() -> None:
        calls.append(1)
        time.sleep(naps[len(calls) - 1])

    best = best_seconds(nap, repeat=3)
    assert len(calls) == 3
    assert 0.05 <= best < 0.1  # the 50 ms run, not the mean (117 ms) nor the first
    with pytest.raises(TypeError, match="fn must be a function"):
        best_seconds("nap")
    with pytest.raises(ValueError, match="repeat"):
        best_seconds(nap, repeat=0)
