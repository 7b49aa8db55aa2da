"""Lesson 02: exhaustive evaluation of a threshold network on all 2^n inputs.

The network is the balanced-tree parity network of n = 20 bits (57 units, 10 layers). The
baseline is a per-row Python loop over the same network (one small matrix product per layer
and row, numpy, float64), timed on a subset of rows and extrapolated linearly to 2^20 rows:
the loop's cost per row does not depend on which rows are taken.
"""

from __future__ import annotations

import numpy as np
from common import figure, timeit

from course_lib.boolean import evaluate_all, parity_network, parity_table

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


def collect() -> dict:
    net = parity_network(N_BITS, "tree")
    layers = [(W, b, U) for W, b, U in net]
    seconds = timeit(lambda: evaluate_all(net, N_BITS), repeat=5)
    Y = evaluate_all(net, N_BITS)[:, 0]
    if not (Y == parity_table(N_BITS)).all():  # pragma: no cover
        raise AssertionError("the parity network is wrong")
    rng = np.random.default_rng(0)
    rows = np.sort(rng.choice(2**N_BITS, size=LOOP_ROWS, replace=False))
    X = ((rows[:, None] >> np.arange(N_BITS - 1, -1, -1)) & 1).astype(float)
    loop_subset = timeit(lambda: _loop(layers, X), repeat=3)
    if not (_loop(layers, X) == Y[rows]).all():  # pragma: no cover
        raise AssertionError("the loop disagrees with evaluate_all")
    loop_full = loop_subset * 2**N_BITS / LOOP_ROWS
    return {
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
