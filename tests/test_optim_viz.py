"""Lesson 06's OptimizerExplorer on the learner's screen (issue 28): an honest legend, a hint
for choosing several optimisers, colours that differ, and contours redrawn without the rest."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import to_rgb

from course_lib.optim import make_function
from course_lib.viz.optim import METHOD_COLORS, METHOD_STYLES, OptimizerExplorer


def test_the_legend_lists_the_chosen_optimisers_only():
    app = OptimizerExplorer()
    for chosen in [("gd", "adam"), ("gd", "momentum", "rmsprop", "adam"), ("adagrad",)]:
        app.update(methods=chosen)
        assert [t.get_text() for t in app.legend.get_texts()] == list(chosen)
        assert all(h.get_visible() for h in app.legend.legend_handles)


def test_choosing_several_is_explained_and_the_beta2_slider_has_room():
    app = OptimizerExplorer()
    select = app.controls["methods"]
    assert "Ctrl-click" in select.description and "Ctrl-click" in select.tooltip
    assert app.controls["beta2"].layout.width == "420px"


def test_momentum_and_adam_differ_by_more_than_a_shade_of_orange():
    a, b = np.array(to_rgb(METHOD_COLORS["momentum"])), np.array(to_rgb(METHOD_COLORS["adam"]))
    assert np.abs(a - b).max() > 0.5
    assert METHOD_STYLES["momentum"] != "-"   # and by line style, not by colour alone


def test_a_new_condition_number_redraws_the_contours_onto_the_cached_figure():
    app = OptimizerExplorer()
    app.update(condition=20.0)
    bare, first = dict(app._bare), app.image.value
    app.update(condition=80.0)
    assert app._bare == bare                      # no full redraw: ticks and labels kept
    assert app.image.value != first and "condition number 80" in app.title.get_text()
    # a learning-rate step leaves the background as it is
    quadratic = app._cache_key
    background = app._backgrounds[quadratic]
    app.update(lr=0.02)
    assert app._backgrounds[quadratic] is background
    # a new function has a new window: the whole figure is drawn again, once (issue 28:
    # 43 ms a change in the kernel); going back restores each window's drawing
    app.update(function="rosenbrock")
    rosenbrock = app._cache_key
    assert rosenbrock != quadratic and rosenbrock in app._bare
    assert app.ax_path.get_xlim() == tuple(make_function("rosenbrock").bounds[0])
    drawn = app._bare[rosenbrock]
    app.update(function="quadratic")
    assert app._bare[quadratic] is bare[quadratic]    # restored, not drawn again
    app.update(function="rosenbrock")
    assert app._bare[rosenbrock] is drawn
