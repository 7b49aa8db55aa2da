"""setup_notebook, format_time, format_noise, format_varies and the environment report."""

import configparser
import random
import re
from pathlib import Path

import numpy as np
import pytest
import torch

from course_lib import environment_report, format_noise, format_time, format_varies, setup_notebook
from course_lib.notebook import OutOfRange


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


@pytest.mark.parametrize(("value", "bound", "text"), [
    (2.2e-16, 1e-12, "below 1e-12"), (-9.9e-13, 1e-12, "below 1e-12"),
    (1e-12, 1e-12, "1.0e-12, NOT below 1e-12"),
    ([0.0, -3e-9, 1e-20], 1e-12, "3.0e-09, NOT below 1e-12"),
    (np.zeros((2, 3)), 1e-6, "below 1e-06"), (float("nan"), 1e-12, "nan, NOT below 1e-12"),
    ([1e-17, float("inf")], 1e-12, "inf, NOT below 1e-12")])
def test_format_noise_prints_a_bound_or_the_real_error(value, bound, text):
    assert format_noise(value, bound) == text


def test_format_noise_is_the_same_for_any_rounding_noise():
    # two machines whose kernels round differently: the digits differ, the line does not
    lines = {format_noise(k * np.finfo(float).eps) for k in range(1, 200)}
    assert lines == {"below 1e-12"}


@pytest.mark.parametrize(("kwargs", "exc", "match"), [
    ({"value": [], "bound": 1e-12}, ValueError, "at least one"),
    ({"value": 1e-16, "bound": 0}, ValueError, "bound must"),
    ({"value": 1e-16, "bound": "1e-12"}, TypeError, "bound must")])
def test_format_noise_rejects(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        format_noise(**kwargs)


def test_format_varies_prints_the_value_inside_its_range_and_refuses_one_outside():
    assert format_varies(0.17787, (0.1, 0.4)) == "~0.178"
    assert format_varies(0.4, (0.1, 0.4), digits=1) == "~0.4"
    with pytest.raises(OutOfRange, match=r"residual loss = 0.55 is outside \[0.1, 0.4\]"):
        format_varies(0.55, (0.1, 0.4), name="residual loss")
    with pytest.raises(AssertionError):  # what nbval reports as a failed cell
        format_varies(0.05, (0.1, 0.4))


@pytest.mark.parametrize(("kwargs", "exc", "match"), [
    ({"value": 0.2, "within": 0.3}, TypeError, "within must be a pair"),
    ({"value": 0.2, "within": (0.3, 0.1)}, ValueError, "within.1. must"),
    ({"value": float("nan"), "within": (0, 1)}, ValueError, "value must be finite"),
    ({"value": 0.2, "within": (0, 1), "digits": -1}, ValueError, "digits must")])
def test_format_varies_rejects(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        format_varies(**kwargs)


def _sanitize(text: str) -> str:
    """Apply tests/nbval_sanitize.cfg as nbval does (each regex in file order)."""
    cfg = configparser.ConfigParser(interpolation=None)
    cfg.read(Path(__file__).parent / "nbval_sanitize.cfg", encoding="utf-8")
    for section in cfg.sections():
        text = re.sub(cfg[section]["regex"], cfg[section]["replace"], text)
    return text


def test_sanitize_masks_the_digits_of_format_varies_and_nothing_else():
    a = f"residual loss {format_varies(0.178, (0.1, 0.4))}, test accuracy 0.931, trains: True"
    b = f"residual loss {format_varies(0.2544, (0.1, 0.4))}, test accuracy 0.931, trains: True"
    assert a != b and _sanitize(a) == _sanitize(b)
    assert _sanitize(a) == "residual loss ~VARIES, test accuracy 0.931, trains: True"
    # numbers without the mark, and the mark with a space (pi ≈ 3.1499), are still compared
    for line in ("loss 0.178", "pi ≈ 3.1499 ± 0.0030", "|gradient| ~ 192", "~ 0.5"):
        assert _sanitize(line) == line
