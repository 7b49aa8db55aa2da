"""Lesson 01 figures: many perceptrons at once vs. a loop, and the widget's update time."""

from __future__ import annotations

import time

import numpy as np
from common import figure, widget_update_ms

from course_lib.datasets import make_separable
from course_lib.perceptron import add_bias, perceptron_trials

N_TRIALS, N_SAMPLES, MARGIN = 1000, 100, 0.1


def loop_trials(X: np.ndarray, t: np.ndarray, max_epochs: int = 1000) -> np.ndarray:
    """The baseline a learner writes: one data set after another, the rule of
    ``perceptron_update`` sample by sample in plain numpy (no argument checks, to be fair)."""
    mistakes = np.zeros(len(X), dtype=int)
    for k in range(len(X)):
        w = np.zeros(X.shape[2])
        for _ in range(max_epochs):
            epoch_mistakes = 0
            for x, tk in zip(X[k], t[k], strict=True):
                if tk * (w @ x) <= 0:
                    w = w + tk * x
                    epoch_mistakes += 1
            mistakes[k] += epoch_mistakes
            if epoch_mistakes == 0:
                break
    return mistakes


def collect() -> dict[str, dict]:
    data = make_separable(N_SAMPLES, 2, margin=MARGIN, n_trials=N_TRIALS, random_state=0)
    X, t = add_bias(data.X), 2.0 * data.y - 1

    t0 = time.perf_counter()
    res = perceptron_trials(X, t)
    vec_s = time.perf_counter() - t0

    subset = 100  # the loop is slow: time it on the first 100 data sets, scale by 10
    t0 = time.perf_counter()
    loop_mistakes = loop_trials(X[:subset], t[:subset])
    loop_s = (time.perf_counter() - t0) * N_TRIALS / subset
    assert np.array_equal(loop_mistakes, res.mistakes[:subset]), "loop and core disagree"

    from course_lib.viz.perceptron import MistakeBoundExplorer

    app = MistakeBoundExplorer()
    margins = list(np.geomspace(0.02, 0.5, 31))
    median_ms, p90_ms = widget_update_ms(app, "margin", margins)
    note = (f"{N_TRIALS} data sets x {N_SAMPLES} samples, margin {MARGIN}, bias folded in; "
            "same algorithm, same results checked")
    return {
        "perceptron_trials_seconds": figure(vec_s, "s", f"perceptron_trials, {note}"),
        "perceptron_loop_seconds": figure(
            loop_s, "s", "plain-numpy Python loop over data sets and samples (same rule), "
            f"timed on {subset} data sets and scaled to {N_TRIALS}"),
        "perceptron_trials_speedup_vs_loop": figure(loop_s / vec_s, "x",
                                                    "loop time / vectorised time, same run"),
        "widget_update_ms/mistake_bound": figure(
            median_ms, "ms", f"MistakeBoundExplorer: median compute + redraw over 31 margin "
            f"slider values 0.02-0.5 in the kernel (200 trials each; p90 {p90_ms:.0f} ms)"),
    }
