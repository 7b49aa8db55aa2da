"""Plots and widget apps of lesson ``07_recurrent_networks``."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from ..rnn import gradient_flow, unrolled_graph
from ..rnn.core import _PATTERNS
from ..validation import check_int
from .app import FigureApp
from .labels import SpriteLabels
from .style import PALETTE, new_axes

__all__ = ["GradientFlowExplorer", "UnfoldingViewer", "plot_unrolled"]

_KIND_COLOR = {"x": PALETTE["blue"], "h": PALETTE["green"], "y": PALETTE["orange"]}
_WEIGHT_STYLE = {"W_ih": (PALETTE["blue"], "-"), "W_hh": (PALETTE["green"], "-"),
                 "W_hy": (PALETTE["orange"], "-")}


def plot_unrolled(T: int, pattern: str = "many-to-many (aligned)", ax: Axes | None = None
                  ) -> Axes:
    """Draw an RNN unfolded over ``T`` steps (:func:`course_lib.rnn.unrolled_graph`).

    Inputs at the bottom, hidden states in the middle, outputs on top; every edge is coloured
    by the weight matrix it applies, so the sharing is visible: one colour, one matrix, at
    every step.
    """
    g = unrolled_graph(T, pattern)
    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None; got {type(ax).__name__}")
    ax = new_axes(ax)
    pos = {name: (step, {"x": 0, "h": 1, "y": 2}[kind]) for name, kind, step in g["nodes"]}
    for a, b, w in g["edges"]:
        (x0, y0), (x1, y1) = pos[a], pos[b]
        color, ls = _WEIGHT_STYLE[w]
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                    arrowprops={"arrowstyle": "->", "color": color, "lw": 1.5, "ls": ls,
                                "shrinkA": 9, "shrinkB": 9})
    for name, kind, _step in g["nodes"]:
        ax.scatter(*pos[name], s=330, color=_KIND_COLOR[kind], zorder=3)
        ax.text(*pos[name], name, ha="center", va="center", color="white", fontsize=7,
                zorder=4)
    for w, (color, _) in _WEIGHT_STYLE.items():
        ax.plot([], [], color=color, label=f"{w} (shared)")
    n_steps = max(step for _, _, step in g["nodes"]) + 1
    ax.set_xlim(-0.6, max(n_steps - 0.4, 2.4))
    ax.set_ylim(-0.5, 2.6)
    ax.set_yticks([0, 1, 2], ["input x", "hidden h", "output y"])
    ax.set_xlabel("time step")
    ax.grid(False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=3)
    ax.set_title(f"{pattern}, T = {g['T']}: {g['n_nodes']} nodes, {g['n_edges']} edges, "
                 "3 weight matrices")
    return ax


class UnfoldingViewer(FigureApp):
    """T slider and pattern menu → the unrolled graph, blitted (issue 28).

    Every node, edge and label is an animated artist drawn over a cached background (axes,
    row names, legend): the nodes one scatter, the edges one line collection with an
    arrowhead at each midpoint, the node names and step numbers :class:`SpriteLabels` (label
    bitmaps rendered once), so a change redraws no text but the title. The x axis has no
    ticks of its own (its numbers are labels), so its range follows the number of steps
    without a full redraw. Re-plotting the whole axes at each change (as :func:`plot_unrolled`
    does) took 94–183 ms a step in the browser, with 8-px node names; the names are now
    ``NODE_FONT_PT`` points, 10 px at the app's 80 dpi. Used in
    ``notebooks/07_recurrent_networks.ipynb``; tests/test_rnn.py drives it.

    Examples
    --------
    >>> app = UnfoldingViewer(T=3, pattern="many-to-one")
    >>> app.node_names.get_texts()
    ['h0', 'h1', 'h2', 'x0', 'x1', 'x2', 'y2']
    """

    figsize = (9.0, 3.2)
    #: Node names in points: 9 pt is 10 px at 80 dpi (7 pt, 8 px, was too small to read).
    NODE_FONT_PT = 9
    #: Node disc area in points²: 24 px across at 80 dpi, room for "h19" in 10-px type and,
    #: at 20 steps (the encoder-decoder at T = 10), a gap for the arrowhead between discs.
    NODE_SIZE = 470

    def _controls(self) -> dict[str, widgets.Widget]:
        return {
            "T": widgets.IntSlider(value=4, min=1, max=10, description="steps T"),
            "pattern": widgets.Dropdown(options=list(_PATTERNS),
                                        value="many-to-many (aligned)", description="pattern"),
        }

    def _build(self, fig: Figure) -> None:
        ax = self.ax = fig.add_subplot()
        self.edges = LineCollection([], linewidths=1.5, zorder=1, animated=True)
        ax.add_collection(self.edges)
        self.heads = {marker: ax.scatter([], [], marker=marker, s=36, linewidths=0, zorder=2,
                                         animated=True) for marker in (">", "^")}
        self.nodes = ax.scatter([], [], s=self.NODE_SIZE, linewidths=0, zorder=3,
                                animated=True)
        self.node_names = SpriteLabels(ax, zorder=4)
        self.step_numbers = SpriteLabels(ax, zorder=4)
        ax.title.set_animated(True)
        ax.set_ylim(-0.5, 2.6)
        ax.set_yticks([0, 1, 2], ["input x", "hidden h", "output y"])
        ax.set_xticks([])
        ax.set_xlabel("time step", labelpad=16)  # below the step numbers
        ax.grid(False)
        for w, (color, _) in _WEIGHT_STYLE.items():
            ax.plot([], [], color=color, label=f"{w} (shared)")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3)

    def _render(self, params: dict[str, Any]) -> str:
        g = unrolled_graph(params["T"], params["pattern"])
        pos = {name: (step, {"x": 0, "h": 1, "y": 2}[kind]) for name, kind, step in g["nodes"]}
        segments = np.array([[pos[a], pos[b]] for a, b, _ in g["edges"]], dtype=float)
        colors = [_WEIGHT_STYLE[w][0] for _, _, w in g["edges"]]
        self.edges.set_segments(segments)
        self.edges.set_color(colors)
        middle = segments.mean(axis=1)
        across = segments[:, 0, 1] == segments[:, 1, 1]  # h → h; the others point up
        for marker, chosen in ((">", across), ("^", ~across)):
            self.heads[marker].set_offsets(middle[chosen].reshape(-1, 2))
            self.heads[marker].set_color([c for c, k in zip(colors, chosen, strict=True) if k])
        self.nodes.set_offsets(np.array(list(pos.values()), dtype=float))
        self.nodes.set_color([_KIND_COLOR[kind] for _, kind, _ in g["nodes"]])
        with matplotlib.rc_context({"text.color": "white"}):
            self.node_names.set_labels([(name, *pos[name], "center", "center",
                                         self.NODE_FONT_PT, "data")
                                        for name, _, _ in g["nodes"]])
        n_steps = max(step for _, _, step in g["nodes"]) + 1
        self.step_numbers.set_labels([(str(t), t, -0.03, "center", "top", self.NODE_FONT_PT,
                                       "xaxis") for t in range(n_steps)])
        self.ax.set_xlim(-0.6, max(n_steps - 0.4, 2.4))  # no ticks: the background stays
        self.ax.set_title(f"{params['pattern']}, T = {g['T']}: {g['n_nodes']} nodes, "
                          f"{g['n_edges']} edges, 3 weight matrices")
        return (f"{g['n_nodes']} nodes and {g['n_edges']} edges for T = {g['T']}; the graph "
                "grows linearly with T while the parameters stay the same three matrices.")


class GradientFlowExplorer(FigureApp):
    """Spectral radius, length, activation, clipping → ‖∂L/∂h_t‖ against the lag (log scale).

    The core (:func:`course_lib.rnn.gradient_flow`) runs 8 random sequences through a
    32-unit RNN whose ``W_hh`` is a scaled random orthogonal matrix and carries a unit
    gradient back from the last step, one vector–Jacobian product per step (a spectral norm
    of the full Jacobian per step, via SVD, measured 10 times slower). The dashed line is
    ``ρ^lag``, the linear bound. With clipping on, the orange curve is what reaches each
    step after the whole gradient is clipped to norm 1. The x axis is fixed (0 to 200) so a
    step only redraws the three lines.
    Used in ``notebooks/07_recurrent_networks.ipynb``.

    Examples
    --------
    >>> app = GradientFlowExplorer(T=20)
    >>> app.controls["spectral_radius"].value = 0.5
    >>> len(app.line.get_xdata())
    20
    """

    figsize = (8.0, 3.4)
    T_MAX = 200

    def _controls(self) -> dict[str, widgets.Widget]:
        style = {"description_width": "initial"}
        return {
            "spectral_radius": widgets.FloatSlider(value=1.0, min=0.5, max=1.5, step=0.05,
                                                   description="spectral radius ρ of W_hh",
                                                   style=style),
            "T": widgets.IntSlider(value=100, min=5, max=self.T_MAX, step=5,
                                   description="sequence length T", style=style),
            "activation": widgets.Dropdown(options=["tanh", "relu", "linear"], value="tanh",
                                           description="activation"),
            "clip": widgets.Checkbox(value=False, description="clip the gradient to norm 1"),
        }

    def _build(self, fig: Figure) -> None:
        ax = self.ax = fig.add_subplot()
        (self.bound,) = ax.plot([0], [1], color="0.5", ls="--", lw=1, label="ρ^lag",
                                animated=True)
        (self.line,) = ax.plot([0], [1], lw=2, label="‖∂L/∂h_t‖, loss at step T", animated=True)
        (self.clipped,) = ax.plot([0], [1], lw=1.5, color=PALETTE["orange"],
                                  label="after clipping to norm 1", animated=True)
        ax.set_yscale("log")
        ax.set_xlim(0, self.T_MAX)
        ax.set_ylim(1e-15, 1e15)
        ax.axhline(1.0, color="black", lw=0.8, label="norm 1: no change")
        ax.set_xlabel("lag T − t (steps back in time)")
        ax.set_ylabel("gradient norm (log)")
        ax.legend(loc="lower left", ncol=2, fontsize=8)

    def _render(self, params: dict[str, Any]) -> str:
        rho, T = params["spectral_radius"], check_int(params["T"], "T", low=1, high=self.T_MAX)
        out = gradient_flow(rho, T, activation=params["activation"],
                            max_norm=1.0 if params["clip"] else None)
        lag = out["lag"]
        shown = np.clip(out["norm"], 1e-300, 1e300)
        self.line.set_data(lag, shown)
        with np.errstate(over="ignore"):
            self.bound.set_data(lag, np.clip(rho ** lag.astype(float), 1e-300, 1e300))
        self.clipped.set_visible(bool(params["clip"]))
        self.clipped.set_data(lag, np.clip(out["clipped"], 1e-300, 1e300))
        self.last_result = out
        far = out["norm"][-1]
        # clipping divides every step's gradient by one factor, the total norm (at least 1:
        # the last step's gradient alone has norm 1): on this 30-decade axis it shifts the
        # curve by log10(factor) decades, barely visible unless the norm explodes
        factor = float(out["total_norm"])
        clipped = (f"; clipping divides every step by {factor:.3g} (the orange curve sits "
                   f"{np.log10(factor):.1f} decades lower) and cannot lift the far end.")
        return (f"ρ = {rho:.2f}, {params['activation']}: ‖∂L/∂h_0‖ = {far:.2e} after "
                f"{T - 1} steps back; total gradient norm {out['total_norm']:.2e}"
                + (clipped if params["clip"] else "."))
