"""Plots and widget apps of lesson ``04_learning_from_data``: capacity and threshold explorers."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..learning.evaluation import make_imbalanced, threshold_counts
from ..learning.regression import _sweep, true_curve
from ..validation import check_array, check_same_length
from .app import FigureApp
from .style import CLASS_COLORS, PALETTE, new_axes

__all__ = ["CapacityExplorer", "ThresholdExplorer", "plot_error_curves"]

SPLIT_COLORS = {"train": PALETTE["blue"], "val": PALETTE["orange"], "test": PALETTE["green"]}


def plot_error_curves(x: np.ndarray, curves: dict, ax: Axes | None = None, *,
                      xlabel: str = "polynomial degree", logy: bool = True) -> Axes:
    """One line per named error curve (e.g. train / val / test MSE) against ``x``."""
    x = check_array(x, "x", ndim=1)
    if not isinstance(curves, dict) or not curves:
        raise TypeError(f"curves must be a non-empty dict of name -> array; got "
                        f"{type(curves).__name__}")
    ax = new_axes(ax)
    for name, c in curves.items():
        c = check_array(c, f"curves[{name!r}]", ndim=1)
        check_same_length(x, "x", c, f"curves[{name!r}]")
        ax.plot(x, c, marker="o", ms=3, label=name, color=SPLIT_COLORS.get(name))
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("mean squared error")
    ax.legend()
    return ax


class CapacityExplorer(FigureApp):
    """Degree, λ, sample size and noise → the fit and train / validation / test error curves.

    The pools of inputs and unit noise are drawn once (seed 0); a slider step takes the first
    ``n_samples`` of them, scales the noise and refits *every* degree with one batched SVD
    (:func:`course_lib.learning.degree_sweep`'s core), so the error curves are exact for the
    current settings. Lines and points are animated artists: a step redraws only them.
    Used in ``notebooks/04_learning_from_data.ipynb``.

    Examples
    --------
    >>> app = CapacityExplorer()
    >>> app.controls["degree"].value = 12
    >>> app.last["mse"]["train"].shape
    (16,)
    """

    figsize = (9.5, 3.6)
    MAX_DEGREE = 15

    def _controls(self) -> dict[str, widgets.Widget]:
        st = {"description_width": "initial"}
        return {
            "degree": widgets.IntSlider(value=3, min=0, max=self.MAX_DEGREE, description="degree",
                                        style=st),
            "alpha": widgets.FloatLogSlider(value=1e-6, base=10, min=-8, max=2, step=0.25,
                                            description="λ (ridge)", readout_format=".1e",
                                            style=st),
            "n_samples": widgets.IntSlider(value=20, min=8, max=200, step=2,
                                           description="training points", style=st),
            "noise": widgets.FloatSlider(value=0.3, min=0.0, max=1.0, step=0.05,
                                         description="noise σ", style=st),
        }

    def _build(self, fig: Figure) -> None:
        rng = np.random.default_rng(0)
        self.pool = {name: (rng.uniform(-1, 1, n), rng.normal(size=n))
                     for name, n in (("train", 200), ("val", 200), ("test", 1000))}
        self.grid = np.linspace(-1, 1, 200)
        self.ax_fit, self.ax_err = fig.subplots(1, 2)
        ax = self.ax_fit
        ax.plot(self.grid, true_curve(self.grid), color="0.6", lw=1.5, label="truth")
        self.points = ax.scatter([0], [0], s=14, color=SPLIT_COLORS["train"], zorder=3,
                                 label="training points", animated=True)
        (self.fit_line,) = ax.plot(self.grid, self.grid * 0, color="black", lw=1.5,
                                   label="fit", animated=True)
        ax.set_xlim(-1.05, 1.05)
        ax.set_ylim(-3, 3)
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        ax.legend(loc="lower right", fontsize=8)
        axe = self.ax_err
        degrees = np.arange(self.MAX_DEGREE + 1)
        self.curves = {name: axe.plot(degrees, degrees * 0 + 1, marker="o", ms=3,
                                      color=SPLIT_COLORS[name], label=name, animated=True)[0]
                       for name in ("train", "val", "test")}
        self.marker = axe.axvline(3, color="black", lw=1, ls="--", animated=True)
        axe.set_yscale("log")
        axe.set_ylim(1e-4, 1e2)
        axe.set_xlim(-0.5, self.MAX_DEGREE + 0.5)
        axe.set_xlabel("polynomial degree")
        axe.set_ylabel("mean squared error")
        axe.legend(loc="upper left", fontsize=8)
        self.last: dict[str, Any] = {}

    def _render(self, params: dict[str, Any]) -> str:
        n, noise, alpha, deg = (params["n_samples"], params["noise"], params["alpha"],
                                params["degree"])
        sets = {}
        for name, (x, eps) in self.pool.items():
            m = n if name == "train" else len(x)
            sets[name] = (x[:m], true_curve(x[:m]) + noise * eps[:m])
        coef, intercept, mse = _sweep(*sets["train"], sets, self.MAX_DEGREE, alpha)
        Phi = np.polynomial.legendre.legvander(self.grid, self.MAX_DEGREE)[:, 1:]
        self.fit_line.set_ydata(intercept[deg] + Phi @ coef[deg])
        self.points.set_offsets(np.column_stack(sets["train"]))
        for name, line in self.curves.items():
            line.set_ydata(np.clip(mse[name], 1e-4, 1e2))
        self.marker.set_xdata([deg, deg])
        self.last = {"mse": mse, "coef": coef, "intercept": intercept}
        best = int(np.argmin(mse["val"]))
        return (f"degree {deg}, λ = {alpha:.1e}, n = {n}, σ = {noise:.2f}: MSE train "
                f"{mse['train'][deg]:.3f}, validation {mse['val'][deg]:.3f}, test "
                f"{mse['test'][deg]:.3f}. Validation picks degree <b>{best}</b> (test MSE "
                f"{mse['test'][best]:.3f}; noise floor σ² = {noise**2:.3f}).")


class ThresholdExplorer(FigureApp):
    """A classifier's score threshold → confusion matrix, ROC and PR points, P / R / F1.

    Scores are the first coordinate of :func:`course_lib.learning.make_imbalanced` data
    (a monotone function of the likelihood ratio, so the best possible ranking): the
    threshold is on that raw feature, not on a probability, and its default 0.75 is halfway
    between the class means at separation 1.5. The counts at every threshold are computed
    once per imbalance ratio (:func:`course_lib.learning.threshold_counts`); a threshold step
    is a binary search. Used in ``notebooks/04b_validation_and_evaluation.ipynb``.

    Examples
    --------
    >>> app = ThresholdExplorer()
    >>> app.controls["threshold"].value = 2.0
    >>> sorted(app.last_counts)
    ['fn', 'fp', 'tn', 'tp']
    """

    figsize = (10.0, 3.4)
    N = 20_000
    BINS = np.linspace(-4, 7, 56)

    def _controls(self) -> dict[str, widgets.Widget]:
        st = {"description_width": "initial"}
        return {
            "threshold": widgets.FloatSlider(value=0.75, min=-3.0, max=5.0, step=0.05,
                                             description="threshold", style=st),
            "ratio": widgets.Dropdown(options=[1, 5, 20, 100], value=20,
                                      description="negatives per positive", style=st),
            "separation": widgets.FloatSlider(value=1.5, min=0.0, max=4.0, step=0.25,
                                              description="class separation", style=st),
        }

    def _build(self, fig: Figure) -> None:
        self.ax_hist, self.ax_roc, self.ax_pr = fig.subplots(1, 3)
        ax = self.ax_hist
        self.hists = [ax.stairs(np.zeros(len(self.BINS) - 1), self.BINS, color=c, lw=1.5,
                                label=lab, animated=True)
                      for c, lab in zip(CLASS_COLORS, ("negatives", "positives"), strict=True)]
        self.thr_line = ax.axvline(0.75, color="black", ls="--", lw=1, animated=True)
        ax.set_ylim(0, 0.5)
        ax.set_xlabel("score")
        ax.set_ylabel("density per class")
        ax.legend(loc="upper right", fontsize=8)
        self.roc_line, = self.ax_roc.plot([0, 1], [0, 1], color="black", animated=True)
        self.roc_pt, = self.ax_roc.plot([0], [0], "o", color="red", animated=True)
        self.ax_roc.plot([0, 1], [0, 1], color="0.7", lw=1, ls=":")
        self.ax_roc.set(xlim=(0, 1), ylim=(0, 1.02), xlabel="false-positive rate",
                        ylabel="true-positive rate (recall)", title="ROC")
        self.pr_line, = self.ax_pr.plot([0, 1], [1, 0], color="black", animated=True)
        self.pr_pt, = self.ax_pr.plot([0], [1], "o", color="red", animated=True)
        self.pr_base = self.ax_pr.axhline(0.5, color="0.7", lw=1, ls=":", animated=True)
        self.ax_pr.set(xlim=(0, 1), ylim=(0, 1.02), xlabel="recall", ylabel="precision",
                       title="precision-recall")
        self._key = None
        self.last_counts: dict[str, int] = {}

    def _data(self, ratio, separation):
        if self._key != (ratio, separation):
            X, y = make_imbalanced(self.N, ratio, separation=separation, random_state=0)
            s = X[:, 0]
            c = threshold_counts(y, s)
            self._cache = (y, s, c)
            self._key = (ratio, separation)
            for h, cls in zip(self.hists, (0, 1), strict=True):
                h.set_data(np.histogram(s[y == cls], self.BINS, density=True)[0])
            P, N = c["tp"][-1], c["fp"][-1]
            # 400 of the ~20 000 thresholds draw the same curve at this size, 50x faster
            k = np.unique(np.linspace(1, len(c["tp"]) - 1, 400).astype(int))
            tp, fp = c["tp"][k], c["fp"][k]
            self.roc_line.set_data(np.r_[0, fp / N], np.r_[0, tp / P])
            pos = tp > 0
            self.pr_line.set_data(tp[pos] / P, tp[pos] / (tp[pos] + fp[pos]))
            self.pr_base.set_ydata([P / (P + N)] * 2)
        return self._cache

    def _render(self, params: dict[str, Any]) -> str:
        c = self._data(params["ratio"], params["separation"])[2]
        t = params["threshold"]
        # counts for "score >= t": thresholds are descending; i = last one still >= t
        i = int(np.searchsorted(-c["thresholds"], -t, side="right")) - 1
        tp, fp, fn, tn = (int(c[k][i]) for k in ("tp", "fp", "fn", "tn"))
        self.last_counts = {"tp": tp, "fp": fp, "fn": fn, "tn": tn}
        P, N = tp + fn, fp + tn
        prec = tp / (tp + fp) if tp + fp else 1.0
        rec = tp / P
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        self.thr_line.set_xdata([t, t])
        self.roc_pt.set_data([fp / N], [rec])
        self.pr_pt.set_data([rec], [prec])
        return (f"1:{params['ratio']}, threshold {t:.2f}: confusion matrix "
                f"[[TN {tn}, FP {fp}], [FN {fn}, TP {tp}]]; accuracy {(tp + tn) / (P + N):.3f}, "
                f"<b>precision {prec:.3f}, recall {rec:.3f}, F1 {f1:.3f}</b>, specificity "
                f"{tn / N:.3f}")
