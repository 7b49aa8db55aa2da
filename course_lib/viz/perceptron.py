"""Plots and the widget app of lesson ``01_perceptron``."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ..perceptron import bound_experiment
from ..validation import check_array, check_scalar
from .app import FigureApp
from .style import CLASS_COLORS, LEGEND_OUTSIDE, new_axes, scatter_classes

__all__ = ["MistakeBoundExplorer", "plot_line", "plot_mistakes_vs_bound", "plot_separators"]


def plot_mistakes_vs_bound(mistakes: np.ndarray, bound: np.ndarray, ax: Axes | None = None
                           ) -> Axes:
    """Scatter of each trial's mistakes against its bound, with the line mistakes = bound.

    Every point must lie below the line (the theorem); how far below shows how loose it is.
    """
    mistakes = check_array(mistakes, "mistakes", ndim=1)
    bound = check_array(bound, "bound", shape=(len(mistakes),), shape_doc="(n_trials,)")
    ax = new_axes(ax)
    ax.scatter(bound, np.maximum(mistakes, 0.8), s=10, alpha=0.6, label="one data set")
    hi = max(bound.max(), mistakes.max()) * 1.5
    ax.plot([1, hi], [1, hi], color="black", lw=1, label="mistakes = (R/γ)²")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("bound (R/γ)²")
    ax.set_ylabel("mistakes made")
    ax.legend(loc="upper left")  # above the diagonal: the theorem keeps every point below it
    return ax


def plot_line(w: np.ndarray, b: float, ax: Axes, **kwargs: Any) -> Axes:
    """Draw the line ``w·x + b = 0`` across the current x-limits of ``ax``."""
    w = check_array(w, "w", shape=(2,), shape_doc="(2,)")
    b = check_scalar(b, "b")
    x0, x1 = ax.get_xlim()
    if abs(w[1]) > 1e-12:
        xs = np.array([x0, x1])
        ax.plot(xs, -(w[0] * xs + b) / w[1], **kwargs)
    else:
        ax.axvline(-b / w[0], **kwargs)
    ax.set_xlim(x0, x1)
    return ax


def plot_separators(X: np.ndarray, y: np.ndarray, lines: dict[str, tuple[np.ndarray, float]],
                    ax: Axes | None = None) -> Axes:
    """2-D data coloured by class and one or more lines ``w·x + b = 0`` on top.

    Parameters
    ----------
    X : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,)
    lines : dict of label to (w, b)
        ``w`` of shape (2,); the first line is solid black, the others dashed grey.
    ax : Axes, optional

    Returns
    -------
    Axes
        With equal aspect and the legend outside the axes (it never covers a point).

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0.0, 0.0], [1.0, 1.0]])
    >>> ax = plot_separators(X, [0, 1], {"x1 + x2 = 1": (np.array([1.0, 1.0]), -1.0)})
    >>> len(ax.get_lines()), ax.get_legend() is not None
    (1, True)
    """
    ax = scatter_classes(X, y, ax=ax, legend=False)  # its legend, outside, below
    ax.set_aspect("equal")
    for k, (label, (w, b)) in enumerate(lines.items()):
        kwargs = {"color": "black"} if k == 0 else {"color": "grey", "ls": "--"}
        plot_line(w, b, ax, label=label, **kwargs)
    ax.legend(**LEGEND_OUTSIDE)
    return ax


class MistakeBoundExplorer(FigureApp):
    """Margin and dimension sliders → 200 perceptrons trained at once, mistakes vs. bound.

    Left: one of the data sets, projected on the plane spanned by its separator ``u`` and
    another direction, with the margin band ``|u·x| < γ``. Right: every data set's mistakes
    against its ``(R/γ)²``. Used in ``notebooks/01_perceptron.ipynb``.

    Examples
    --------
    >>> app = MistakeBoundExplorer(margin=0.2)
    >>> app.controls["margin"].value = 0.05       # what moving the slider does
    >>> app.last_result["mistakes"].shape
    (200,)
    """

    figsize = (8.6, 3.5)  # 688 x 280 px at dpi 80: controls + figure + readout fit 1366x768

    def _controls(self) -> dict[str, widgets.Widget]:
        style = {"description_width": "initial"}
        return {
            "margin": widgets.FloatLogSlider(value=0.1, base=10, min=-1.7, max=-0.3, step=0.05,
                                             description="margin γ", readout_format=".3f",
                                             style=style),
            "n_features": widgets.IntSlider(value=2, min=2, max=20, description="dimension d",
                                            style=style),
            "fit_bias": widgets.Checkbox(value=False, description="learn a bias (fold in a 1)"),
            "seed": widgets.IntSlider(value=0, min=0, max=20, description="seed", style=style),
        }

    def _build(self, fig: Figure) -> None:
        self.ax_data, self.ax_bound = fig.subplots(1, 2)
        ax = self.ax_data
        self.band = Rectangle((-0.1, -1.2), 0.2, 2.4, color="0.85", zorder=0,
                              label="margin band", animated=True)
        ax.add_patch(self.band)
        self.points = ax.scatter(np.zeros(2), np.zeros(2), s=12, edgecolor="white",
                                 linewidth=0.3, animated=True)
        ax.axvline(0, color="black", lw=1, zorder=1, animated=True)  # over the band
        ax.set_xlim(-1.1, 1.1)
        ax.set_ylim(-1.1, 1.1)
        ax.set_aspect("equal")
        ax.set_xlabel("u·x (distance from the separator)")
        ax.set_ylabel("another direction")
        ax.set_title("one of the data sets")
        axb = self.ax_bound
        self.trials = axb.scatter([1], [1], s=10, alpha=0.6, label="one data set",
                                  animated=True)
        # fixed limits: the largest bound the sliders allow is 2 / 0.02**2 = 5000
        axb.plot([0.8, 2e4], [0.8, 2e4], color="black", lw=1, label="mistakes = bound")
        axb.set_xscale("log")
        axb.set_yscale("log")
        axb.set_xlim(0.8, 2e4)
        axb.set_ylim(0.8, 2e4)
        axb.set_xlabel("bound (R/γ)²")
        axb.set_ylabel("mistakes made")
        axb.legend(loc="upper left")  # above the diagonal, where the theorem puts no point
        self.last_result: dict[str, np.ndarray] = {}

    def _render(self, params: dict[str, Any]) -> str:
        res = bound_experiment(params["margin"], params["n_features"],
                               fit_bias=params["fit_bias"], seed=params["seed"])
        self.last_result = res
        # left: trial 0 projected on (u, v), v a unit vector orthogonal to u
        X, t, u = res["X"][0], res["t"][0], res["u"][0]
        along = X @ u
        rest = X - along[:, None] * u
        v = rest[np.argmax(np.linalg.norm(rest, axis=1))]
        v = v / np.linalg.norm(v) if np.linalg.norm(v) > 0 else v
        self.points.set_offsets(np.column_stack([along, rest @ v]))
        self.points.set_facecolor([CLASS_COLORS[int(s > 0)] for s in t])
        g = params["margin"]
        self.band.set_x(-g)
        self.band.set_width(2 * g)
        # right: all trials
        m, bound = res["mistakes"], res["bound"]
        self.trials.set_offsets(np.column_stack([bound, np.maximum(m, 0.8)]))
        held = int(np.sum(m <= bound))
        return (f"{len(m)} data sets, d = {params['n_features']}, γ = {g:.3f}: mistakes median "
                f"{np.median(m):g}, max {m.max()}; bound (R/γ)² median {np.median(bound):.0f}. "
                f"<b>Bound held on {held}/{len(m)}</b>; the worst data set used "
                f"{100 * np.max(m / bound):.1f}% of its bound.")
