"""Lesson 02: exhaustive evaluation of a threshold network on all 2^n inputs, and the update
time of the lesson's two widget apps.

The network is the balanced-tree parity network of n = 20 bits (57 units, 10 layers). The
baseline is a per-row Python loop over the same network (one small matrix product per layer
and row, numpy, float64), timed on a subset of rows and extrapolated linearly to 2^20 rows:
the loop's cost per row does not depend on which rows are taken.
"""

from __future__ import annotations

import numpy as np
from common import figure, timeit, widget_update_ms

from course_lib.boolean import evaluate_all, parity_network, parity_table, truth_table_inputs

N_BITS = 20
LOOP_ROWS = 4096


def _loop(layers, X):
    out = np.empty(len(X), dtype=bool)
    for r, x in enumerate(X):
        a = x
        for W, b, U in layers:
            z = a @ W + b
            if U is not None:
                z = z + x @ U
            a = (z >= 0).astype(float)
        out[r] = a[0] > 0
    return out


def _parity_app():
    from course_lib.viz.boolean import ParityExplorer

    return ParityExplorer()


def _truth_table_clicks() -> tuple[float, float]:
    """Click the 16 output buttons in turn, twice: every click but the last gives a table
    not seen before, so the app's per-table cache does not help (the last one is the start)."""
    from course_lib.viz.boolean import TruthTableExplorer

    app = TruthTableExplorer()
    totals = []
    for _ in range(2):
        for i in range(16):
            app.controls[f"y{i}"].value = not app.controls[f"y{i}"].value
            totals.append(sum(app.last_update_ms.values()))
    return float(np.median(totals)), float(np.percentile(totals, 90))


def collect() -> dict:
    net = parity_network(N_BITS, "tree")
    layers = [(W, b, U) for W, b, U in net]
    seconds = timeit(lambda: evaluate_all(net, N_BITS), repeat=5)
    Y = evaluate_all(net, N_BITS)[:, 0]
    if not (Y == parity_table(N_BITS)).all():  # pragma: no cover
        raise AssertionError("the parity network is wrong")
    rng = np.random.default_rng(0)
    rows = np.sort(rng.choice(2**N_BITS, size=LOOP_ROWS, replace=False))
    X = truth_table_inputs(N_BITS)[rows].astype(float)
    loop_subset = timeit(lambda: _loop(layers, X), repeat=3)
    if not (_loop(layers, X) == Y[rows]).all():  # pragma: no cover
        raise AssertionError("the loop disagrees with evaluate_all")
    loop_full = loop_subset * 2**N_BITS / LOOP_ROWS
    truth_ms, truth_p90 = _truth_table_clicks()
    parity_ms, parity_p90 = widget_update_ms(_parity_app(), "n_bits", [3, 4, 5, 6, 7, 8, 9, 10,
                                                                         9, 8, 7, 6, 5, 4, 3])
    return {
        "widget_update_ms/truth_table": figure(
            truth_ms, "ms", "TruthTableExplorer: median compute + redraw over 32 clicks on the "
            f"output buttons (each click a new table), in the kernel (p90 {truth_p90:.0f} ms)"),
        "widget_update_ms/parity_n": figure(
            parity_ms, "ms", "ParityExplorer: median compute + redraw over 15 moves of the N "
            f"slider (tree network), in the kernel (p90 {parity_p90:.0f} ms)"),
        "boolean_eval_2pow20_seconds": figure(
            seconds, "s", "evaluate_all of the n=20 parity tree (57 units, 10 layers) on all "
            "2^20 inputs, chunked matrix form; median of 5"),
        "boolean_eval_speedup_vs_loop": figure(
            loop_full / seconds, "x", f"per-row Python loop over the same network on "
            f"{LOOP_ROWS} random rows, extrapolated linearly to 2^20 rows, same run"),
    }


if __name__ == "__main__":
    for name, fig in collect().items():
        print(f"{name}: {fig['value']:.3g} {fig['unit']}  ({fig['note']})")
