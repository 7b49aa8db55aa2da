"""Shared helpers for the benchmark modules (``bench_<topic>.py``).

Contract: each ``benchmarks/bench_<topic>.py`` defines ``collect() -> dict`` mapping a figure
name to ``{"value": number, "unit": str, "note": str}``. Ratios compare with a baseline timed
in the same run (the naive loop, scikit-learn, torch), never with a number from elsewhere.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def figure(value: float, unit: str, note: str) -> dict[str, Any]:
    return {"value": float(value), "unit": unit, "note": note}


def timeit(fn: Callable[[], Any], *, repeat: int = 5, warmup: int = 1) -> float:
    """Median wall time of ``fn()`` in seconds over ``repeat`` runs (after ``warmup`` runs)."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def interleaved_best(fns: list[Callable[[], Any]], rounds: int = 5) -> list[float]:
    """Best-of-``rounds`` wall time (s) of each function, run in turn (A B A B ...).

    On a shared machine the load changes from second to second; interleaving exposes all
    functions to the same conditions and the minimum is the least disturbed run.
    """
    import math

    best = [math.inf] * len(fns)
    for fn in fns:
        fn()  # warm-up
    for _ in range(rounds):
        for i, fn in enumerate(fns):
            t0 = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - t0)
    return best


def widget_update_ms(app: Any, name: str, values: list[Any]) -> tuple[float, float]:
    """Median and 90th percentile of compute+redraw time (ms) over slider changes.

    Sets ``app.controls[name].value`` to each value in turn, as a slider drag does, and reads
    the app's own ``last_update_ms`` (compute with the core + Agg render to PNG bytes).
    """
    totals = []
    for value in values:
        app.controls[name].value = value
        totals.append(sum(app.last_update_ms.values()))
    totals.sort()
    return statistics.median(totals), totals[int(0.9 * (len(totals) - 1))]
