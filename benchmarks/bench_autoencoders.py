"""Lesson 08 benchmarks: the linear AE's angle to PCA, PCA against scikit-learn, the widget.

- ``pca_subspace_angle_deg``: largest principal angle between the decoder of a linear AE
  trained by gradient descent (full-batch Adam, 3000 steps, k = 5, digits) and PCA's top-5
  subspace. Aim: at most 0.1°.
- ``pca_svd_vs_sklearn_speed``: our SVD PCA's speed relative to ``sklearn.decomposition.PCA``
  (full SVD) on the digits, both timed in this run (> 1: ours faster).
- ``linear_ae_mse_over_pca``: the AE's training MSE divided by PCA's (1 when optimal).
- ``widget_update_ms/code_size`` (and ``/denoising``): median compute + draw time of a slider
  step in :class:`CodeSizeExplorer` / :class:`DenoisingExplorer`. Aim: at most 50 ms.
"""

from __future__ import annotations

from common import figure, timeit, widget_update_ms
from sklearn.decomposition import PCA

from course_lib import autoencoders as ae
from course_lib import pca as pc


def collect() -> dict:
    X_train = ae.load_digits_split()[0]
    res = ae.train_linear_ae(X_train, 5, n_steps=3000, lr=0.01, record_every=3000,
                             random_state=0)
    comps = pc.fit_pca(X_train, 5).components
    angle = pc.subspace_angle_deg(res.W_dec, comps.T)
    ratio_mse = res.history["loss"][-1] / pc.pca_error_curve(X_train, k_max=5)[-1]
    t_ours = timeit(lambda: pc.fit_pca(X_train, 5), repeat=7)
    t_sk = timeit(lambda: PCA(n_components=5, svd_solver="full").fit(X_train), repeat=7)

    from course_lib.viz.autoencoders import CodeSizeExplorer, DenoisingExplorer

    app = CodeSizeExplorer()
    ks = app.data["ks"]
    code_med, code_p90 = widget_update_ms(app, "k", (ks + ks[::-1]) * 2)
    den = DenoisingExplorer()
    levels = [round(0.05 * i, 2) for i in range(13)]
    den_med, den_p90 = widget_update_ms(den, "level", levels + levels[::-1])
    return {
        "pca_subspace_angle_deg": figure(angle, "degrees", "linear AE (k=5, digits, 3000 Adam "
                                         "steps) vs PCA top-5 subspace; aim <= 0.1"),
        "linear_ae_mse_over_pca": figure(ratio_mse, "ratio", "training MSE, AE / PCA"),
        "pca_svd_vs_sklearn_speed": figure(t_sk / t_ours, "x", "sklearn PCA time / fit_pca time"),
        "widget_update_ms/code_size": figure(code_med, "ms",
                                             f"median over slider steps (p90 {code_p90:.1f})"),
        "widget_update_ms/denoising": figure(den_med, "ms",
                                             f"median over slider steps (p90 {den_p90:.1f})"),
    }


if __name__ == "__main__":
    for key, value in collect().items():
        print(f"{key:32s} {value['value']:10.4f} {value['unit']:8s} {value['note']}")
