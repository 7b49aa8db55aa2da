"""What the sharp frame of a resting control costs the kernel (``FigureApp.sharpen``).

While a control moves, every app draws one pixel per CSS pixel; 0.3 s after it rests the
kernel draws the same frame at twice the pixels each way. A control moved while that draw
runs waits for it, so its time is the most a resting app can add to the next update:

- ``widget_sharpen_ms/first``: the first sharp frame of an app, which also draws the static
  parts at 2x once (again after each ``invalidate()``);
- ``widget_sharpen_ms/again``: a later one (background cached: the changing artists only).

Each is the slowest of the course's apps (named in the note), with the median over apps.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from common import figure

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_viz_app import _all_apps


def collect() -> dict:
    first, again = {}, {}
    for app_class in _all_apps():
        app = app_class()
        t0 = time.perf_counter()
        app.sharpen()
        first[app_class.__name__] = 1e3 * (time.perf_counter() - t0)
        times = []
        for _ in range(5):
            app.sharp = False
            app.sharpen()
            times.append(app.last_sharpen_ms)
        again[app_class.__name__] = statistics.median(times)
    out = {}
    for name, ms in (("first", first), ("again", again)):
        slowest = max(ms, key=ms.get)
        out[f"widget_sharpen_ms/{name}"] = figure(
            ms[slowest], "ms", f"slowest of {len(ms)} apps ({slowest}); median over apps "
            f"{statistics.median(ms.values()):.1f} ms. FigureApp.sharpen(): the frame at 2x, "
            + ("static parts drawn at 2x the first time" if name == "first"
               else "median of 5, static parts cached"))
    return out
