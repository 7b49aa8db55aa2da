"""Plots and the widget app of lesson ``11c_algorithms_at_scale``."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.markers import MarkerStyle

from .. import kmeans as km
from ..validation import check_array
from .app import FigureApp
from .style import PALETTE, new_axes

__all__ = ["CLUSTER_COLORS", "KMeansStepper", "plot_sweep"]

CLUSTER_COLORS = tuple(PALETTE[c] for c in ("blue", "orange", "green", "pink", "sky",
                                            "vermillion", "yellow", "black"))
#: Each cluster's points also have a shape of their own: not told apart by colour alone.
CLUSTER_MARKERS = ("o", "s", "^", "D", "v", "P", "*", "h")
MAX_ITER_SHOWN = 20


def plot_sweep(x: Any, curves: dict[str, Any], ax: Axes | None = None, *,
               xlabel: str = "block size", ylabel: str = "time (s)") -> Axes:
    """Time (or any cost) against a swept parameter, one line per method, log-log axes."""
    x = check_array(x, "x", ndim=1)
    ax = new_axes(ax)
    for label, y in curves.items():
        y = check_array(y, f"curves[{label!r}]", shape=(len(x),), shape_doc="(n_x,)")
        ax.plot(x, y, marker="o", ms=3, label=label)
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend()
    return ax


class KMeansStepper(FigureApp):
    """k, seed, iteration → the points coloured by their current cluster, the centres and
    the path each centre has travelled, and the inertia after each step.

    A change of k or seed runs k-means once (up to 20 steps, a few ms) and keeps every
    iteration's centres and labels; moving the iteration slider then only swaps precomputed
    arrays into three animated artists (a blit). Used in
    ``notebooks/11c_algorithms_at_scale.ipynb``.

    Examples
    --------
    >>> app = KMeansStepper(k=3)
    >>> app.controls["iteration"].value = 0            # what moving the slider does
    >>> app.centres.get_offsets().shape
    (3, 2)
    """

    figsize = (9.0, 3.0)

    def _controls(self) -> dict[str, widgets.Widget]:
        style = {"description_width": "initial"}
        self.X = km.make_clusters()
        self._cache: dict[tuple[int, int], dict[str, Any]] = {}
        return {
            "iteration": widgets.IntSlider(value=0, min=0, max=MAX_ITER_SHOWN,
                                           description="iteration", style=style),
            "k": widgets.IntSlider(value=5, min=2, max=8, description="k", style=style),
            "seed": widgets.IntSlider(value=0, min=0, max=20, description="seed (start)",
                                      style=style),
        }

    def _path(self, k: int, seed: int) -> dict[str, Any]:
        key = (k, seed)
        if key not in self._cache:
            res = km.kmeans(self.X, k, n_iter=MAX_ITER_SHOWN, random_state=seed)
            labels = [km.kmeans_step(self.X, c)[1] for c in res.history]
            inertia = [float(((self.X - c[lab]) ** 2).sum())
                       for c, lab in zip(res.history, labels, strict=True)]
            self._cache[key] = dict(history=res.history, labels=labels, inertia=inertia,
                                    converged=res.converged)
        return self._cache[key]

    def _build(self, fig: Figure) -> None:
        ax, axi = fig.subplots(1, 2, width_ratios=[1.6, 1])
        self.ax, self.ax_inertia = ax, axi
        self._rgba = np.array([to_rgba(c, 0.55) for c in CLUSTER_COLORS])
        self.points = ax.scatter(self.X[:, 0], self.X[:, 1], s=12, linewidths=0, animated=True)
        self._paths = [MarkerStyle(m).get_path().transformed(MarkerStyle(m).get_transform())
                       for m in CLUSTER_MARKERS]
        self.paths = LineCollection([], colors="0.15", linewidths=1.2, animated=True)
        ax.add_collection(self.paths)
        self.centres = ax.scatter([0.0], [0.0], s=90, marker="X", c="white",
                                  edgecolors="black", linewidths=1.2, zorder=5, animated=True)
        pad = 0.5
        ax.set_xlim(self.X[:, 0].min() - pad, self.X[:, 0].max() + pad)
        ax.set_ylim(self.X[:, 1].min() - pad, self.X[:, 1].max() + pad)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        axi.set_xlabel("iteration")
        axi.set_ylabel("inertia (log scale)")
        axi.set_xlim(-0.5, MAX_ITER_SHOWN + 0.5)
        # One fixed log axis for every k and seed, so a new run only redraws the animated
        # artists (rescaling the axis redrew the whole figure: about 50 ms a change of k or
        # seed instead of about 12). Any start's inertia is at most that of putting every
        # centre on the data point farthest from the mean, which bounds the axis from above.
        centred = ((self.X - self.X.mean(axis=0)) ** 2).sum(axis=1)
        top = float(centred.sum() + len(self.X) * centred.max())
        axi.set_yscale("log")
        axi.set_ylim(top / 100, top)
        (self.curve,) = axi.plot([], [], color=PALETTE["blue"], marker="o", ms=3,
                                 animated=True)
        (self.now,) = axi.plot([], [], "o", ms=9, mfc="none", mec=PALETTE["vermillion"],
                               mew=2, animated=True)

    def _render(self, params: dict[str, Any]) -> str:
        k, seed, it = int(params["k"]), int(params["seed"]), int(params["iteration"])
        path = self._path(k, seed)
        last = len(path["history"]) - 1
        i = min(it, last)
        hist = path["history"][:i + 1]                       # (i + 1, k, 2)
        labels = path["labels"][i]
        self.points.set_facecolors(self._rgba[labels % len(self._rgba)])
        self.points.set_paths([self._paths[j] for j in labels % len(self._paths)])
        self.centres.set_offsets(hist[-1])
        self.paths.set_segments([hist[:, j, :] for j in range(k)])
        self.curve.set_data(np.arange(len(path["inertia"])), path["inertia"])
        self.now.set_data([i], [path["inertia"][i]])
        moved = 0 if i == 0 else int((path["labels"][i] != path["labels"][i - 1]).sum())
        stop = (f"converged after {last} steps" if path["converged"]
                else f"not converged in {last} steps")
        shown = f"iteration {i}" + (f" (= the last, {it} asked)" if it > last else "")
        return (f"{shown}: inertia {path['inertia'][i]:.1f}; {moved} of {len(self.X)} "
                f"points changed cluster in this step; k = {k}, start seed {seed}: {stop}")
