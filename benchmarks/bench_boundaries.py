"""Lesson 03 figures: widget update times per control, time to 95% validation accuracy and the
test accuracy read once afterwards."""

from __future__ import annotations

import time

import numpy as np
from common import figure, widget_update_ms

from course_lib.playground import Playground

#: Data-set noise used for the time-to-accuracy figures (the playground's data defaults).
TARGETS = {"xor": 0.05, "moons": 0.1, "circles": 0.1, "spirals": 0.1}

#: The playground controls whose browser latency issue 13 measured at 155-203 ms, and the
#: values a slider drag passes through.
PLAYGROUND_CONTROLS = {
    "noise": [round(0.1 + 0.01 * i, 2) for i in range(1, 16)],
    "train_fraction": [round(0.5 + 0.05 * (i % 7), 2) for i in range(1, 16)],
    "seed": [i % 21 for i in range(1, 16)],
    "max_epochs": [200 + 10 * i for i in range(1, 16)],
    "learning_rate": [0.03, 0.1, 0.3, 0.1] * 4,
}


def collect() -> dict[str, dict]:
    from course_lib.viz.boundaries import PlaygroundApp, RegionExplorer

    out: dict[str, dict] = {}
    app = RegionExplorer(shape="star")
    rotations = [float(v) for v in np.linspace(0.0, 6.2, 31)]
    med, p90 = widget_update_ms(app, "rotation", rotations)
    out["widget_update_ms/region_explorer"] = figure(
        med, "ms", f"RegionExplorer (star, 20+6+1 units, 200x200 grid): median compute + "
        f"blitted redraw to PNG over 31 rotation-slider changes in the kernel (p90 {p90:.0f})")

    pg_app = PlaygroundApp(dataset="moons")
    totals = []
    for _ in range(31):
        pg_app.step()
        totals.append(sum(pg_app.last_update_ms.values()))
    totals.sort()
    out["widget_update_ms/playground_step"] = figure(
        float(np.median(totals)), "ms", "PlaygroundApp (moons, 120 training points, 8-8 tanh, "
        "batch 16): one epoch of training + 100x100 surface + redraw, median of 31 steps "
        f"(p90 {totals[int(0.9 * 30)]:.0f})")
    for name, values in PLAYGROUND_CONTROLS.items():
        med, p90 = widget_update_ms(pg_app, name, values)
        out[f"widget_update_ms/playground_{name}"] = figure(
            med, "ms", f"PlaygroundApp {name} control: median compute + redraw over "
            f"{len(values)} changes in the kernel (p90 {p90:.0f})")

    for name, noise in TARGETS.items():
        t0 = time.perf_counter()
        pg = Playground(name, noise=noise, seed=0)
        reached = pg.train_until(0.95, max_epochs=300)
        seconds = time.perf_counter() - t0
        note = (f"default network (2 hidden layers of 8 tanh units, Adam lr 0.03, batch 16), "
                f"300 points, noise {noise}: 120 training, 30 validation, 150 test; stopped on "
                + (f"validation accuracy >= 0.95 after {pg.epoch} epochs" if reached
                   else f"the {pg.epoch}-epoch budget (validation never reached 0.95)"))
        out[f"playground_train_seconds/{name}"] = figure(seconds, "s", note)
        out[f"playground_test_accuracy/{name}"] = figure(
            pg.accuracy("test"), "fraction", f"test accuracy read once after stopping; {note}")
    return out
