"""course_lib.viz.perceptron driven headless: set a control's value, check the artists and
the image; plus the check that every app of every lesson redraws when its main control moves."""

import io

import numpy as np
import pytest
from PIL import Image

from course_lib.perceptron import bound_experiment
from course_lib.viz.perceptron import MistakeBoundExplorer, plot_separators


@pytest.fixture(scope="module")
def app():
    return MistakeBoundExplorer()


def test_moving_the_margin_slider_changes_the_plotted_data(app):
    app.controls["margin"].value = 0.2
    before_points = app.points.get_offsets().copy()
    before_trials = app.trials.get_offsets().copy()
    before_png, before_text = app.image.value, app.readout.value
    app.controls["margin"].value = 0.05
    assert app.params["margin"] == 0.05
    assert not np.array_equal(app.points.get_offsets(), before_points)
    assert not np.array_equal(app.trials.get_offsets(), before_trials)
    assert app.band.get_width() == pytest.approx(0.1)
    assert app.image.value != before_png
    assert "γ = 0.050" in app.readout.value and app.readout.value != before_text


def test_plotted_trials_are_the_experiment_and_the_bound_holds(app):
    app.update(margin=0.1, n_features=5, fit_bias=True, seed=3)
    res = bound_experiment(0.1, 5, fit_bias=True, seed=3)
    offsets = app.trials.get_offsets()
    np.testing.assert_allclose(offsets[:, 0], res["bound"])
    np.testing.assert_allclose(offsets[:, 1], np.maximum(res["mistakes"], 0.8))
    assert np.all(res["mistakes"] <= res["bound"])
    assert "Bound held on 200/200" in app.readout.value
    assert app.controls["n_features"].value == 5  # update() moves the controls too


def test_image_is_a_png_of_the_figure_size(app):
    img = Image.open(io.BytesIO(app.image.value))
    w, h = app.figure.get_size_inches() * app.figure.dpi
    assert img.format == "PNG" and img.size == (round(w), round(h))


def test_blitted_frame_draws_the_animated_artists(app):
    app.update(margin=0.3)
    frame = np.asarray(Image.open(io.BytesIO(app.png())))
    app.invalidate()
    app.update(margin=0.3)  # full redraw of the same state
    again = np.asarray(Image.open(io.BytesIO(app.png())))
    assert np.array_equal(frame, again)


def test_update_timings_are_recorded_and_unknown_parameters_rejected(app):
    before = app.last_update_ms
    app.update(seed=1)
    assert app.last_update_ms is not before                 # a new record for every update
    assert set(app.last_update_ms) == {"compute", "draw"}
    assert all(isinstance(v, float) and np.isfinite(v) for v in app.last_update_ms.values())
    with pytest.raises(ValueError, match=r"unknown parameter\(s\) \['gamma'\]"):
        app.update(gamma=0.1)
    with pytest.raises(ValueError, match="unknown parameter"):
        MistakeBoundExplorer(radius=2)


def test_show_returns_one_widget_with_controls_image_and_readout(app):
    box = app.show()
    assert app.image in box.children and app.readout in box.children
    assert "MistakeBoundExplorer(margin=" in repr(app)


def test_app_fits_a_laptop_screen(app):
    w, h = np.array(app.figsize) * app.dpi       # CSS pixels (the PNG may be denser)
    assert w <= 700 and h <= 420


def test_separator_legend_sits_outside_the_axes():
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.subplots()
    X = np.random.default_rng(0).uniform(-1, 1, size=(50, 2))
    plot_separators(X, (X[:, 0] > 0).astype(int), {"a": (np.array([1.0, 0.0]), 0.0),
                                                   "b": (np.array([1.0, 0.1]), 0.0)}, ax=ax)
    fig.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    assert legend.x0 >= ax.get_window_extent().x1        # right of the axes: covers no point
    assert [line.get_label() for line in ax.get_lines()] == ["a", "b"]


def test_plot_helpers_reject_bad_input_and_return_the_axes():
    from matplotlib.figure import Figure

    from course_lib.viz.perceptron import plot_line, plot_mistakes_vs_bound

    ax = Figure().subplots()
    assert plot_mistakes_vs_bound(np.array([1, 2]), np.array([4.0, 9.0]), ax=ax) is ax
    assert plot_line(np.array([1.0, 1.0]), 0.0, ax) is ax
    for args, exc, match in [((np.ones(2), np.ones(3)), ValueError, "bound must have shape"),
                             ((np.ones((2, 2)), np.ones(2)), ValueError, "mistakes must be a 1-D"),
                             (("m", np.ones(2)), TypeError, "mistakes must be"),
                             ((np.ones(2), [np.nan, 1]), ValueError, "finite"),
                             ((np.ones(0), np.ones(0)), ValueError, "must not be empty")]:
        with pytest.raises(exc, match=match):
            plot_mistakes_vs_bound(*args, ax=ax)
    for args, exc, match in [((np.ones(3), 0.0), ValueError, "w must have shape"),
                             ((np.ones(2), "b"), TypeError, "b must be a real number"),
                             (("w", 0.0), TypeError, "w must be"),
                             ((np.ones(2), np.nan), ValueError, "b must be finite"),
                             (([np.inf, 1.0], 0.0), ValueError, "finite")]:
        with pytest.raises(exc, match=match):
            plot_line(*args, ax)
