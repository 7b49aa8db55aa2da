"""Lesson 06 benchmarks: many optimiser runs vectorised in numpy vs. a loop of torch.optim runs.

``optim_runs_speedup_vs_torch_loop``: 1 000 Adam runs x 200 steps on the quadratic (condition
number 10) from 1 000 random starts, as one :func:`course_lib.optim.optimize` call, against
``torch.optim.Adam`` run after run in a Python loop (the usual way to do a sweep), same starts,
same hyperparameters, same results (checked). The torch loop is timed on the first
``N_TORCH`` runs and scaled to 1 000: the runs are independent, so its cost is linear in their
number.
"""

from __future__ import annotations

import time

import numpy as np
import torch
from common import figure, widget_update_ms

from course_lib import optim as op

N_RUNS = 1000
N_STEPS = 200
N_TORCH = 100
LR, KAPPA = 0.05, 10.0


def _torch_loop(x0: np.ndarray) -> np.ndarray:
    finals = []
    for start in x0:
        p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
        opt = torch.optim.Adam([p], lr=LR)
        for _ in range(N_STEPS):
            opt.zero_grad()
            (0.5 * (p[0] ** 2 + KAPPA * p[1] ** 2)).backward()
            opt.step()
        finals.append(p.detach().numpy().copy())
    return np.array(finals)


def collect() -> dict[str, dict]:
    fun = op.make_function("quadratic", condition=KAPPA)
    x0 = np.random.default_rng(0).uniform(-2, 2, size=(N_RUNS, 2))
    op.optimize(fun, x0[:10], "adam", lr=LR, n_steps=N_STEPS)  # warm-up
    best_np = np.inf
    for _ in range(3):
        t0 = time.perf_counter()
        res = op.optimize(fun, x0, "adam", lr=LR, n_steps=N_STEPS)
        best_np = min(best_np, time.perf_counter() - t0)
    _torch_loop(x0[:2])  # warm-up
    t0 = time.perf_counter()
    ref = _torch_loop(x0[:N_TORCH])
    t_torch = (time.perf_counter() - t0) * N_RUNS / N_TORCH
    gap = float(np.abs(res.final[:N_TORCH] - ref).max())

    from course_lib.viz.optim import OptimizerExplorer

    app = OptimizerExplorer()
    lrs = [float(v) for v in np.logspace(-3, -0.5, 26)]
    median_ms, p90_ms = widget_update_ms(app, "lr", lrs)
    return {
        "optim_runs_speedup_vs_torch_loop": figure(
            t_torch / best_np, "x",
            f"{N_RUNS} Adam runs x {N_STEPS} steps on the quadratic: one vectorised "
            f"optimize() call ({best_np * 1e3:.0f} ms, best of 3) vs a Python loop of "
            f"torch.optim.Adam runs ({t_torch:.1f} s, timed on {N_TORCH} runs and scaled); "
            f"max difference of the final points {gap:.1e} (aim >= 20)"),
        "widget_update_ms/optimizer_explorer": figure(
            median_ms, "ms",
            f"OptimizerExplorer, 4 optimisers x {app.n_steps} steps, compute + blitted PNG per "
            f"learning-rate step: {median_ms:.0f} ms median / {p90_ms:.0f} ms p90 (aim <= 50)"),
    }


if __name__ == "__main__":  # pragma: no cover
    for name, fig in collect().items():
        print(f"{name}: {fig['value']:.4g} {fig['unit']}  ({fig['note']})")
