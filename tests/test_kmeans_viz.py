"""Lesson 11c's KMeansStepper: one fixed inertia axis that holds every run its sliders offer."""

from __future__ import annotations

import numpy as np


def test_every_run_of_the_sliders_fits_the_fixed_log_axis_without_a_redraw():
    from course_lib.viz.kmeans import KMeansStepper

    app = KMeansStepper()
    lo, hi = app.ax_inertia.get_ylim()
    assert app.ax_inertia.get_yscale() == "log"
    c = app.controls
    for k in range(c["k"].min, c["k"].max + 1):
        for seed in range(c["seed"].min, c["seed"].max + 1):
            inertia = np.array(app._path(k, seed)["inertia"])
            assert lo < inertia.min() and inertia.max() < hi, (k, seed)
    # a change of k or seed draws only the animated artists: the cached background stays
    app.update(k=3, seed=1)
    before = dict(app._backgrounds)
    app.update(k=7, seed=4)
    assert app._backgrounds.keys() == before.keys()
    assert all(app._backgrounds[key] is before[key] for key in before)
    assert app.ax_inertia.get_ylim() == (lo, hi)
