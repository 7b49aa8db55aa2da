"""Widget apps driven headless: set a control's value, check the artists and the image."""

import io

import numpy as np
import pytest
from PIL import Image

from course_lib.viz.perceptron import MistakeBoundExplorer, bound_experiment


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
    assert set(app.last_update_ms) == {"compute", "draw"}
    assert all(v > 0 for v in app.last_update_ms.values())
    with pytest.raises(ValueError, match=r"unknown parameter\(s\) \['gamma'\]"):
        app.update(gamma=0.1)
    with pytest.raises(ValueError, match="unknown parameter"):
        MistakeBoundExplorer(radius=2)


def test_show_returns_one_widget_with_controls_image_and_readout(app):
    box = app.show()
    assert app.image in box.children and app.readout in box.children
    assert "MistakeBoundExplorer(margin=" in repr(app)


def test_bound_experiment_rejects_an_offset_without_a_bias():
    with pytest.raises(ValueError, match="center must be 0 when fit_bias is False"):
        bound_experiment(0.1, 2, center=2.0)


@pytest.mark.parametrize(("kwargs", "exc", "match"), [
    ({"margin": 0.0}, ValueError, "margin must be in"),
    ({"margin": 0.1, "n_features": 0}, ValueError, "n_features must be an integer in"),
    ({"margin": 0.1, "center": "far"}, TypeError, "center must be a real number"),
    ({"margin": 0.1, "n_trials": 0}, ValueError, "n_trials must be"),
    ({"margin": 0.1, "seed": "x"}, TypeError, "random_state must be"),
])
def test_bound_experiment_bad_input(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        bound_experiment(**kwargs)


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


# --- every widget app: moving a slider must change the picture ------------------------------------
def _all_apps():
    import importlib
    import pkgutil

    import course_lib.viz as viz
    from course_lib.viz.app import FigureApp

    apps = []
    for mod in pkgutil.iter_modules(viz.__path__):
        module = importlib.import_module(f"course_lib.viz.{mod.name}")
        apps += [obj for obj in vars(module).values() if isinstance(obj, type)
                 and issubclass(obj, FigureApp) and obj is not FigureApp
                 and obj.__module__ == module.__name__]
    return apps


@pytest.mark.parametrize("app_class", _all_apps(), ids=lambda c: c.__name__)
def test_every_app_redraws_its_image_when_its_main_control_moves(app_class):
    # A blitted app that re-plots without animated artists or invalidate() shows a stale
    # frame: the readout follows the slider, the image does not (lesson 02 had this bug).
    # The main control is the app's first one (later ones may matter only in another mode,
    # e.g. τ only for the quantile loss).
    import ipywidgets as widgets

    app = app_class()
    name, control = next(iter(app.controls.items()))
    before = app.image.value
    if isinstance(control, (widgets.IntSlider, widgets.FloatSlider, widgets.FloatLogSlider)):
        log = isinstance(control, widgets.FloatLogSlider)
        top = 10**control.max if log else control.max
        control.value = top if control.value != top else (10**control.min if log else control.min)
    elif isinstance(control.value, bool):
        control.value = not control.value
    else:  # a dropdown or toggle buttons: the last option
        options = [o[1] if isinstance(o, tuple) else o for o in control.options]
        control.value = options[-1] if control.value != options[-1] else options[0]
    assert app.image.value != before, f"{app_class.__name__}: moving {name!r} left the image"
