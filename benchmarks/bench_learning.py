"""Benchmarks of lesson 04 (learning from data).

- ``widget_update_ms/capacity``: CapacityExplorer, compute + PNG per slider step (aim <= 50).
- ``widget_update_ms/threshold``: ThresholdExplorer, the same for the threshold slider
  (aim <= 50).
- ``learning_degree_sweep_speedup``: all 16 degrees by one batched SVD vs. 16 fits of
  scikit-learn's ``Ridge`` on the same features, same data, same results (timed in one run).
- ``learning_roc_vs_sklearn``: time of scikit-learn's ``roc_curve`` + ``roc_auc_score`` /
  time of the course's ``roc_curve`` + ``curve_auc`` on 10^5 tied scores.
"""

from __future__ import annotations

import numpy as np
from common import figure, timeit, widget_update_ms

from course_lib import learning as lr


def _sweep_sklearn(x, y, alpha):
    from sklearn.linear_model import Ridge

    return [Ridge(alpha=alpha).fit(lr.poly_features(x, d), y) for d in range(1, 16)]


def collect() -> dict[str, dict]:
    from sklearn import metrics

    from course_lib.viz.learning import CapacityExplorer, ThresholdExplorer

    x, y = lr.sample_curve(100, random_state=0)
    t_ours = timeit(lambda: lr.degree_sweep(x, y, 15, alpha=1e-3), repeat=7)
    t_sk = timeit(lambda: _sweep_sklearn(x, y, 1e-3), repeat=3)

    rng = np.random.default_rng(0)
    yy = rng.integers(0, 2, 100_000)
    ss = np.round(rng.normal(size=100_000) + yy, 2)
    t_roc = timeit(lambda: (lr.roc_curve(yy, ss), lr.curve_auc(yy, ss)), repeat=5)
    t_roc_sk = timeit(lambda: (metrics.roc_curve(yy, ss), metrics.roc_auc_score(yy, ss)),
                      repeat=5)

    cap = CapacityExplorer()
    cap_med, cap_p90 = widget_update_ms(cap, "degree", list(range(16)) * 2)
    lam_med, _ = widget_update_ms(cap, "alpha", [10.0 ** e for e in np.arange(-8, 2.01, 0.5)])
    thr = ThresholdExplorer()
    thr_med, thr_p90 = widget_update_ms(thr, "threshold",
                                        [float(v) for v in np.arange(-3, 5.01, 0.25)])
    ratio_med, _ = widget_update_ms(thr, "ratio", [1, 5, 20, 100, 20, 5])
    return {
        "widget_update_ms/capacity": figure(
            cap_med, "ms",
            f"CapacityExplorer, degree slider: {cap_med:.0f} ms median / {cap_p90:.0f} ms p90 "
            f"(all 16 degrees refitted, blitted); λ slider {lam_med:.0f} ms (aim <= 50)"),
        "widget_update_ms/threshold": figure(
            thr_med, "ms",
            f"ThresholdExplorer, threshold slider: {thr_med:.0f} ms median / {thr_p90:.0f} ms "
            f"p90 (blitted); ratio dropdown {ratio_med:.0f} ms (new data, curves recomputed) "
            f"(aim <= 50)"),
        "learning_degree_sweep_speedup": figure(
            t_sk / t_ours, "x",
            f"15 sklearn Ridge fits on Legendre features / one degree_sweep (batched SVD), "
            f"n=100, degrees 1..15: {1e3 * t_sk:.1f} ms / {1e3 * t_ours:.2f} ms"),
        "learning_roc_vs_sklearn": figure(
            t_roc_sk / t_roc, "x",
            f"sklearn roc_curve + roc_auc_score / course roc_curve + curve_auc on 1e5 tied "
            f"scores: {1e3 * t_roc_sk:.1f} ms / {1e3 * t_roc:.1f} ms"),
    }


if __name__ == "__main__":  # pragma: no cover
    for name, fig in collect().items():
        print(f"{name}: {fig['value']:.4g} {fig['unit']}  ({fig['note']})")
