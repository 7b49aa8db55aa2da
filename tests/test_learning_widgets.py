"""Lesson 04 widget apps, driven headless: sliders change the plotted data, and the data are
the core's answers for the current settings (no browser)."""

import numpy as np
import pytest

from course_lib import learning as lr
from course_lib.viz.learning import CapacityExplorer, ThresholdExplorer, plot_error_curves


@pytest.fixture(scope="module")
def capacity():
    return CapacityExplorer()


@pytest.fixture(scope="module")
def threshold():
    return ThresholdExplorer()


def test_capacity_curves_are_the_degree_sweep_of_the_current_data(capacity):
    capacity.update(degree=5, alpha=1e-3, n_samples=30, noise=0.5)
    x, eps = capacity.pool["train"]
    ref = lr.degree_sweep(x[:30], lr.true_curve(x[:30]) + 0.5 * eps[:30], 15, alpha=1e-3)
    np.testing.assert_allclose(capacity.last["mse"]["train"], ref.mse["train"], rtol=1e-9)
    np.testing.assert_allclose(capacity.curves["train"].get_ydata(),
                               np.clip(ref.mse["train"], 1e-4, 1e2))
    np.testing.assert_allclose(capacity.fit_line.get_ydata(), ref.predict(capacity.grid, 5),
                               atol=1e-9)
    assert len(capacity.points.get_offsets()) == 30
    assert list(capacity.marker.get_xdata()) == [5, 5]


def test_capacity_more_degree_never_raises_training_error(capacity):
    capacity.update(alpha=1e-8, n_samples=40, noise=0.3)
    assert np.all(np.diff(capacity.last["mse"]["train"]) <= 1e-9)


def test_threshold_counts_match_the_core_metrics(threshold):
    threshold.update(ratio=20, separation=1.5, threshold=1.0)
    y, s, _ = threshold._cache
    expect = lr.confusion_counts(y, s >= 1.0)
    assert threshold.last_counts == expect
    rec = expect["tp"] / (expect["tp"] + expect["fn"])
    fpr = expect["fp"] / (expect["fp"] + expect["tn"])
    np.testing.assert_allclose(threshold.roc_pt.get_xdata(), [fpr])
    np.testing.assert_allclose(threshold.roc_pt.get_ydata(), [rec])
    assert f"recall {rec:.3f}" in threshold.readout.value


def test_threshold_ratio_changes_the_curves_and_the_baseline(threshold):
    threshold.update(ratio=1)
    base1 = threshold.pr_base.get_ydata()[0]
    threshold.update(ratio=100)
    base100 = threshold.pr_base.get_ydata()[0]
    assert abs(base1 - 0.5) < 1e-3 and abs(base100 - 1 / 101) < 1e-3


def test_apps_record_update_times_and_reject_unknown_parameters(capacity):
    assert set(capacity.last_update_ms) == {"compute", "draw"}
    with pytest.raises(ValueError, match="unknown parameter"):
        capacity.update(lam=1.0)


def test_plot_error_curves_rejects_bad_input_and_returns_the_axes():
    from matplotlib.figure import Figure

    ax = Figure().subplots()
    assert plot_error_curves(np.arange(3), {"train": np.ones(3)}, ax=ax) is ax
    with pytest.raises(TypeError, match="curves"):
        plot_error_curves(np.arange(3), [1, 2, 3], ax=ax)
    with pytest.raises(ValueError, match="same number"):
        plot_error_curves(np.arange(3), {"train": np.ones(4)}, ax=ax)
