"""Plots and the widget app of lesson ``11b_detection_and_skip_connections``."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .. import detection as det
from ..validation import check_array, check_int
from .app import FigureApp
from .style import PALETTE, new_axes

__all__ = ["KIND_COLORS", "RoIPoolExplorer", "plot_grad_norms_by_layer", "plot_pipeline_costs",
           "plot_recall_vs_stride", "plot_training_curves", "show_objects"]

#: One colour per kind of network in N18's plots.
KIND_COLORS = {"plain": PALETTE["vermillion"], "residual": PALETTE["blue"],
               "highway": PALETTE["green"], "dense": PALETTE["orange"]}


def show_objects(image: Any, boxes: Any, stride: int, ax: Axes | None = None) -> Axes:
    """One object image with the detector's cells (every ``stride`` pixels) drawn over it.

    ``boxes``: ``(x0, y0, x1, y1)`` or ``(image, x0, y0, x1, y1)`` rows; each object's outline
    is drawn, and its centre marked.
    """
    image = check_array(image, "image", ndim=2, shape_doc="(H, W)")
    boxes = check_array(boxes, "boxes", ndim=2, allow_empty=True)[:, -4:]
    stride = check_int(stride, "stride", low=1)
    ax = new_axes(ax)
    ax.imshow(image, cmap="gray_r", interpolation="nearest")
    H, W = image.shape
    for v in np.arange(0, W + 1, stride) - 0.5:
        ax.axvline(v, color=PALETTE["blue"], lw=0.6, alpha=0.7)
    for h in np.arange(0, H + 1, stride) - 0.5:
        ax.axhline(h, color=PALETTE["blue"], lw=0.6, alpha=0.7)
    for x0, y0, x1, y1 in boxes:
        ax.add_patch(Rectangle((x0 - 0.5, y0 - 0.5), x1 - x0, y1 - y0, fill=False,
                               ec=PALETTE["vermillion"], lw=1))
    ax.set_xlim(-0.5, W - 0.5)
    ax.set_ylim(H - 0.5, -0.5)
    ax.grid(False)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(f"objects (red), cells of stride {stride} (blue)")
    return ax


def plot_recall_vs_stride(strides: Any, results: list[dict], object_size: int,
                          ax: Axes | None = None) -> Axes:
    """Recall and the two kinds of loss (merged, diluted) against stride / object size."""
    strides = check_array(strides, "strides", ndim=1)
    if len(results) != len(strides):
        raise ValueError(f"results must have one dict per stride; got {len(results)} for "
                         f"{len(strides)} strides")
    ax = new_axes(ax)
    ratio = strides / object_size
    for key, label, color in (("recall", "found", PALETTE["blue"]),
                              ("merged", "lost: shares a cell", PALETTE["orange"]),
                              ("diluted", "lost: below threshold", PALETTE["vermillion"])):
        ax.plot(ratio, [r[key] for r in results], marker="o", label=label, color=color)
    ax.set_xscale("log", base=2)
    ax.axvline(1, color="0.5", lw=0.8, ls=":")
    ax.set_xlabel("feature stride / object size")
    ax.set_ylabel("fraction of objects")
    ax.set_ylim(-0.02, 1.02)
    ax.legend()
    return ax


def plot_pipeline_costs(n_proposals: Any, costs: dict[str, Any], ylabel: str,
                        ax: Axes | None = None) -> Axes:
    """Cost per image of each pipeline against the number of proposals (log-log)."""
    n = check_array(n_proposals, "n_proposals", ndim=1)
    ax = new_axes(ax)
    for name, c in costs.items():
        c = check_array(c, f"costs[{name!r}]", shape=(len(n),), shape_doc="(n,)")
        ax.plot(n, c, marker="o", label=name)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("proposals per image")
    ax.set_ylabel(ylabel)
    ax.legend()
    return ax


def plot_grad_norms_by_layer(norms: dict[str, Any], ax: Axes | None = None) -> Axes:
    """Gradient norm of each layer (stem = 0), one line per kind of network, log scale."""
    ax = new_axes(ax)
    for kind, g in norms.items():
        g = check_array(g, f"norms[{kind!r}]", ndim=1)
        ax.plot(np.arange(len(g)), g, marker=".", label=kind, color=KIND_COLORS.get(kind))
    ax.set_yscale("log")
    ax.set_xlabel("layer (0 = first)")
    ax.set_ylabel("‖dL/dW‖ at initialisation")
    ax.legend()
    return ax


def plot_training_curves(curves: dict[str, Any], ax: Axes | None = None) -> Axes:
    """Mini-batch training loss per step, mean over seeds, one line per kind of network."""
    ax = new_axes(ax)
    for kind, c in curves.items():
        if kind == "test accuracy":
            continue
        c = check_array(c, f"curves[{kind!r}]", ndim=2)
        ax.plot(c.mean(axis=0), label=kind, color=KIND_COLORS.get(kind))
    ax.axhline(np.log(10), color="0.5", lw=0.8, ls=":")
    ax.set_xlabel("SGD step")
    ax.set_ylabel("training loss (cross-entropy)")
    ax.legend()
    return ax


class RoIPoolExplorer(FigureApp):
    """Box position and size, output grid → the feature map with the box and its bins, and
    the pooled ``p x p`` output.

    The feature map (one channel, 24 x 24, smoothed noise) is made once; a step pools one box
    with :func:`course_lib.detection.roi_max_pool` and moves three animated artists (box,
    bin lines, pooled image), well under the 50 ms budget.
    Used in ``notebooks/11b_detection_and_skip_connections.ipynb``.

    Examples
    --------
    >>> app = RoIPoolExplorer()
    >>> app.controls["x0"].value = 3            # what moving the "box x" slider does
    >>> app.last_pooled.shape
    (3, 3)
    """

    figsize = (9.0, 3.0)
    SIDE = 24

    def _controls(self) -> dict[str, widgets.Widget]:
        from scipy.ndimage import gaussian_filter

        rng = np.random.default_rng(11)
        fmap = gaussian_filter(rng.normal(size=(self.SIDE, self.SIDE)), 1.5)
        self.fmap = (fmap - fmap.min()) / (fmap.max() - fmap.min())
        style = {"description_width": "initial"}
        s = self.SIDE
        return {
            "x0": widgets.IntSlider(value=4, min=0, max=s - 1, description="box x",
                                    style=style),
            "y0": widgets.IntSlider(value=5, min=0, max=s - 1, description="box y",
                                    style=style),
            "width": widgets.IntSlider(value=10, min=1, max=s, description="width",
                                       style=style),
            "height": widgets.IntSlider(value=7, min=1, max=s, description="height",
                                        style=style),
            "output_size": widgets.IntSlider(value=3, min=1, max=7, description="output p×p",
                                             style=style),
        }

    def _build(self, fig: Figure) -> None:
        ax, axp = fig.subplots(1, 2, width_ratios=[1.2, 1])
        ax.imshow(self.fmap, cmap="viridis", interpolation="nearest")
        ax.set_title("feature map (cells) with the box and its bins")
        ax.grid(False)
        self.box = Rectangle((0, 0), 1, 1, fill=False, ec="white", lw=2, animated=True)
        ax.add_patch(self.box)
        self.bins = LineCollection([], colors="white", linewidths=0.8, linestyles="--",
                                   animated=True)
        ax.add_collection(self.bins)
        ax.set_xlim(-0.5, self.SIDE - 0.5)
        ax.set_ylim(self.SIDE - 0.5, -0.5)
        self.pooled = axp.imshow(np.zeros((1, 1)), cmap="viridis", vmin=0, vmax=1,
                                 interpolation="nearest", extent=(-0.5, 6.5, 6.5, -0.5),
                                 animated=True)
        axp.set_xlim(-0.5, 6.5)
        axp.set_ylim(6.5, -0.5)
        axp.set_xticks([])
        axp.set_yticks([])
        axp.grid(False)
        axp.set_title("RoI max pooling: one max per bin")
        self.last_pooled = np.zeros((1, 1))

    def _render(self, params: dict[str, Any]) -> str:
        s = self.SIDE
        x0, y0 = int(params["x0"]), int(params["y0"])
        x1, y1 = min(x0 + int(params["width"]), s), min(y0 + int(params["height"]), s)
        p = int(params["output_size"])
        pooled = det.roi_max_pool(self.fmap[None], [[x0, y0, x1, y1]], p)[0, 0]
        self.last_pooled = pooled
        self.pooled.set_data(pooled)
        self.box.set_bounds(x0 - 0.5, y0 - 0.5, x1 - x0, y1 - y0)
        h, w = y1 - y0, x1 - x0
        segs = []
        for i in range(1, p):   # inner bin edges (start of bin i); bins overlap when p ∤ n
            r = y0 + (i * h) // p - 0.5
            c = x0 + (i * w) // p - 0.5
            segs += [[(x0 - 0.5, r), (x1 - 0.5, r)], [(c, y0 - 0.5), (c, y1 - 0.5)]]
        self.bins.set_segments(segs)
        clipped = " (clipped at the map's edge)" if (x1 - x0, y1 - y0) != (
            params["width"], params["height"]) else ""
        return (f"box x {x0}–{x1 - 1}, y {y0}–{y1 - 1}: {w}×{h} cells{clipped} → {p}×{p} "
                f"bins of about {w / p:.1f}×{h / p:.1f} cells; largest pooled value "
                f"{pooled.max():.2f}, smallest {pooled.min():.2f}")
