"""Plots and widget apps of lesson ``02_boolean_networks``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator, NullFormatter, ScalarFormatter

from .. import boolean as core
from ..boolean.synthesis import _check_terms
from ..validation import check_array, check_bool, check_int
from .app import FigureApp
from .style import PALETTE, new_axes

__all__ = ["ParityExplorer", "TruthTableExplorer", "plot_karnaugh", "plot_network",
           "plot_parity_counts"]

POSITIVE, NEGATIVE = PALETTE["blue"], PALETTE["vermillion"]
KIND_COLORS = {"one_layer": PALETTE["pink"], "chain": PALETTE["orange"], "tree": PALETTE["green"],
               "counting": PALETTE["sky"]}
KIND_LABELS = {"one_layer": "one hidden layer (DNF)", "chain": "chain of XOR blocks",
               "tree": "balanced tree of XOR blocks", "counting": "counting units"}


def _column(count: int, shown: int) -> np.ndarray:
    """y positions of ``shown`` nodes of a layer, centred on 0, spacing 1."""
    return (np.arange(shown) - (shown - 1) / 2.0)[::-1]


def plot_network(layers: Any, ax: Axes | None = None, *, input_names: Sequence[str] | None = None,
                 max_units: int = 24, title: str | None = None, legend: bool = True,
                 layer_ticks: bool = True) -> Axes:
    """Draw a threshold network as a graph: inputs on the left, one column per layer.

    Edges are coloured by the sign of their weight (blue +, vermilion -); skip connections
    from the inputs (``U``) are dashed; a legend under the graph says so. Each unit is
    labelled with its bias (8 pt, in the node). A layer wider than
    ``max_units`` shows its first units and a "+k more" note (its edges to hidden units are
    left out).

    Parameters
    ----------
    layers : list of (W, b) or (W, b, U)
    ax : Axes, optional
    input_names : sequence of str, optional
    max_units : int
    title : str, optional
    legend : bool
        Draw the legend of the edge colours under the graph (an app draws one legend for
        the whole figure instead).
    layer_ticks : bool
        Label the layers with x ticks (static axes) or, if False, with text under each column
        (so that an app can redraw them with the graph, without redrawing the axes).

    Returns
    -------
    Axes

    Examples
    --------
    >>> from course_lib.boolean import xor_layers
    >>> ax = plot_network(xor_layers(2, 0, 1))
    >>> len(ax.collections[0].get_segments())     # 4 + 2 edges
    6
    """
    checked = core.check_layers(layers)
    max_units = check_int(max_units, "max_units", low=2)
    legend = check_bool(legend, "legend")
    layer_ticks = check_bool(layer_ticks, "layer_ticks")
    n = checked[0][0].shape[0]
    names = list(input_names) if input_names is not None else [f"x{i}" for i in range(n)]
    if len(names) != n:
        raise ValueError(f"input_names must have {n} names; got {len(names)}")
    ax = new_axes(ax)
    sizes = [n] + [W.shape[1] for W, _, _ in checked]
    shown = [min(s, max_units) for s in sizes]
    ys = [_column(s, k) for s, k in zip(sizes, shown, strict=True)]
    segs, colors, skip_segs, skip_colors = [], [], [], []
    for k, (W, _, U) in enumerate(checked, start=1):
        rows, cols = np.nonzero(W[: shown[k - 1], : shown[k]])
        for r, c in zip(rows, cols, strict=True):
            segs.append([(k - 1, ys[k - 1][r]), (k, ys[k][c])])
            colors.append(POSITIVE if W[r, c] > 0 else NEGATIVE)
        if U is not None:
            for r, c in zip(*np.nonzero(U[:, : shown[k]]), strict=True):
                skip_segs.append([(0, ys[0][r]), (k, ys[k][c])])
                skip_colors.append(POSITIVE if U[r, c] > 0 else NEGATIVE)
    ax.add_collection(LineCollection(segs, colors=colors, linewidths=1.0, alpha=0.8, zorder=1))
    ax.add_collection(LineCollection(skip_segs, colors=skip_colors, linewidths=0.8, alpha=0.45,
                                     linestyles="dashed", zorder=0))
    small = max(shown) <= 12 and len(sizes) <= 12
    for k, (y, total) in enumerate(zip(ys, sizes, strict=True)):
        x = np.full(len(y), float(k))
        face = ("white" if k == 0 else
                PALETTE["light_orange"] if k < len(sizes) - 1 else PALETTE["light_green"])
        ax.scatter(x, y, s=300 if small else 60, color=face, edgecolor="black",
                   linewidth=0.8, zorder=2)
        if k == 0 and small:
            for name, yy in zip(names, y, strict=True):
                ax.text(-0.2, yy, name, ha="right", va="center", fontsize=9)
        elif small:
            bias = checked[k - 1][1]
            for u, yy in enumerate(y):
                ax.text(k, yy, f"{bias[u] + 0.0:g}", ha="center", va="center", fontsize=8,
                        zorder=3)
        if total > len(y):
            ax.text(k, y.min() - 0.9, f"+{total - len(y)} more", ha="center", va="top",
                    fontsize=8)
    ax.set_xlim(-0.7, len(sizes) - 0.5)
    top = max(shown) / 2.0 + 0.6
    ax.set_ylim(-top - (0.8 if any(t > s for t, s in zip(sizes, shown, strict=True)) else 0.0),
                top)
    labels = ["in"] + [str(k) for k in range(1, len(sizes))]
    if layer_ticks:
        ax.set_xticks(range(len(sizes)), labels)
    else:
        ax.set_xticks([])
        for k, label in enumerate(labels):
            ax.text(k, -0.02, label, ha="center", va="top", fontsize=9,
                    transform=ax.get_xaxis_transform())
    ax.set_yticks([])
    ax.grid(False)
    ax.set_xlabel("layer" if layer_ticks else "")
    if legend:
        ax.legend(handles=network_legend_handles(skip=bool(skip_segs)), loc="upper center",
                  bbox_to_anchor=(0.5, -0.16), ncol=4, fontsize=8, handlelength=1.5,
                  columnspacing=1.0)
    if title:
        ax.set_title(title)
    return ax


def network_legend_handles(skip: bool = True) -> list[Line2D]:
    """Legend entries of :func:`plot_network`: the two edge colours, skip edges, a unit."""
    handles = [Line2D([], [], color=POSITIVE, label="weight +"),
               Line2D([], [], color=NEGATIVE, label="weight −")]
    if skip:
        handles.append(Line2D([], [], color="grey", ls="--", label="skip from input"))
    handles.append(Line2D([], [], ls="", marker="o", mfc=PALETTE["light_orange"], mec="black",
                          label="unit (bias inside)"))
    return handles


def _redraw(ax: Axes, old: list, draw: Any) -> list:
    """Remove the artists of the last frame, run ``draw()`` and mark what it added animated.

    The apps blit: only animated artists are redrawn on an update, over a cached picture of
    the static axes (see :class:`course_lib.viz.app.FigureApp`).
    """
    for artist in old:
        if artist.axes is not None or artist.figure is not None:
            try:
                artist.remove()
            except (ValueError, NotImplementedError):  # already gone with an ax.clear()
                pass
    before = set(ax.get_children())
    draw()
    new = [a for a in ax.get_children() if a not in before]
    for artist in new:
        artist.set_animated(True)
    return new


def plot_karnaugh(y: Any, terms: Any = None, variables: Sequence[str] | None = None,
                  ax: Axes | None = None) -> Axes:
    """Karnaugh map of a truth table (2 to 4 variables) with the groups of ``terms`` drawn.

    Each term (implicant) covers a rectangle of cells, possibly wrapping around an edge; it
    is outlined in its own colour. Rows carry the first ``n // 2`` variables, columns the
    rest, both in Gray-code order.

    Examples
    --------
    >>> from course_lib.boolean import table_from_formula, minimise
    >>> y = table_from_formula("A&~B | C")
    >>> ax = plot_karnaugh(y, minimise(y), ["A", "B", "C"])
    >>> len(ax.patches) >= 2
    True
    """
    y, n = core.check_truth_table(y, max_n=4)
    grid, rows, cols = core.karnaugh_grid(y)
    names = list(variables) if variables is not None else [f"x{i}" for i in range(n)]
    if len(names) != n:
        raise ValueError(f"variables must have {n} names; got {len(names)}")
    r, c = n // 2, n - n // 2
    ax = new_axes(ax)
    ax.imshow(grid.astype(float), cmap="Blues", vmin=-0.1, vmax=2.5, aspect="equal")
    for i in range(grid.shape[0]):
        for j in range(grid.shape[1]):
            ax.text(j, i, str(int(grid[i, j])), ha="center", va="center", fontsize=11)
    fmt = lambda code, k: format(int(code), f"0{k}b")  # noqa: E731
    ax.set_xticks(range(len(cols)), [fmt(v, c) for v in cols])
    ax.set_yticks(range(len(rows)), [fmt(v, r) for v in rows])
    ax.set_xlabel("".join(names[r:]))
    ax.set_ylabel("".join(names[:r]))
    ax.xaxis.set_label_position("top")
    ax.xaxis.tick_top()
    ax.grid(False)
    if terms is not None:
        T = _check_terms(terms, n)
        palette = [PALETTE[k] for k in (
            "vermillion", "green", "pink", "orange", "blue", "sky", "black")]
        for t, term in enumerate(T):
            color = palette[t % len(palette)]
            inset = 0.08 + 0.06 * (t % 4)
            row_ok = [all(term[v] < 0 or term[v] == (code >> (r - 1 - v)) & 1
                          for v in range(r)) for code in rows]
            col_ok = [all(term[r + v] < 0 or term[r + v] == (code >> (c - 1 - v)) & 1
                          for v in range(c)) for code in cols]
            for r0, r1 in _runs(row_ok):
                for c0, c1 in _runs(col_ok):
                    ax.add_patch(Rectangle((c0 - 0.5 + inset, r0 - 0.5 + inset),
                                           c1 - c0 + 1 - 2 * inset, r1 - r0 + 1 - 2 * inset,
                                           fill=False, edgecolor=color, linewidth=2.2))
    return ax


def _runs(mask: Sequence[bool]) -> list[tuple[int, int]]:
    """Maximal runs of True as (start, end) index pairs (a wrap-around run is split)."""
    runs, start = [], None
    for i, on in enumerate([*mask, False]):
        if on and start is None:
            start = i
        elif not on and start is not None:
            runs.append((start, i - 1))
            start = None
    return runs


def plot_parity_counts(ns: Sequence[int], axes: Sequence[Axes] | None = None,
                       kinds: Sequence[str] = ("one_layer", "chain", "tree")) -> list[Axes]:
    """Units, weights and depth of the parity networks against N, on a log scale.

    Lines are the formulas of :func:`course_lib.boolean.parity_counts`; markers are the counts
    measured on the networks actually built (one-hidden-layer networks up to N = 12).

    Parameters
    ----------
    ns : sequence of int
    axes : three Axes, optional
    kinds : sequence of str

    Returns
    -------
    list of three Axes
    """
    ns = check_array(ns, "ns", ndim=1, dtype="int")
    if axes is None:
        import matplotlib.pyplot as plt

        from .style import style

        with style():
            _, axes = plt.subplots(1, 3, figsize=(8.6, 3.2), layout="constrained")
    axes = list(axes)
    if len(axes) != 3:
        raise ValueError(f"axes must be three Axes (units, weights, depth); got {len(axes)}")
    for kind in kinds:
        f = [core.parity_counts(int(n), kind) for n in ns]
        built = [n for n in ns if kind != "one_layer" or n <= 12]
        measured = [core.network_counts(core.parity_network(int(n), kind)) for n in built]
        # the tree's size equals the chain's: the chain is a wide pale band, the tree a dashed
        # line on top of it, so both stay visible where they coincide
        line = ({"lw": 5, "alpha": 0.45} if kind == "chain" else
                {"lw": 1.6, "ls": "--"} if kind == "tree" else {"lw": 1.6})
        for ax, key in zip(axes, ("units", "weights", "depth"), strict=True):
            ax.plot(ns, [d[key] for d in f], color=KIND_COLORS[kind], label=KIND_LABELS[kind],
                    **line)
            ax.plot(built, [getattr(m, key) for m in measured], "o", color=KIND_COLORS[kind],
                    markersize=4 if kind != "chain" else 7, alpha=1 if kind != "chain" else 0.6)
    for ax, key in zip(axes, ("units", "nonzero weights", "depth (layers)"), strict=True):
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(ScalarFormatter())
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel("N (bits)")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # whole bits only
        ax.set_title(key)
    top = max(core.parity_counts(int(n), k)["depth"] for n in ns for k in kinds)
    axes[2].set_yticks([2**k for k in range(1, max(2, top.bit_length() + 1))])
    axes[0].legend(loc="upper left")
    return axes


# --- widget apps ----------------------------------------------------------------------------
class ParityExplorer(FigureApp):
    """Choose N and a parity construction; see the network, its counts and a check.

    Each (N, construction) is built and checked on all 2^N inputs once, then cached, so
    moving back and forth costs only the drawing.

    Examples
    --------
    >>> app = ParityExplorer(n_bits=4, construction="tree")
    >>> app.controls["construction"].value = "chain"
    >>> "units 9" in app.readout.value
    True
    """

    figsize = (8.6, 4.2)  # 688 x 336 px at dpi 80: controls + figure + readout fit 1366x768

    def _controls(self) -> dict[str, widgets.Widget]:
        return {
            "n_bits": widgets.IntSlider(value=4, min=2, max=10, description="N bits",
                                        continuous_update=True),
            "construction": widgets.Dropdown(
                options=[(KIND_LABELS[k], k) for k in ("one_layer", "chain", "tree",
                                                       "counting")],
                value="tree", description="network"),
        }

    def _build(self, fig: Figure) -> None:
        self.ax = fig.add_subplot(1, 1, 1)
        self.ax.set_title(" ")
        self.ax.title.set_animated(True)  # the title follows N and the construction
        fig.legend(handles=network_legend_handles(), loc="outside lower center", ncol=4,
                   fontsize=8)
        self._cache: dict[tuple[int, str], tuple] = {}
        self._artists: list = []

    def _network(self, n: int, kind: str) -> tuple:
        key = (n, kind)
        if key not in self._cache:
            net = core.parity_network(n, kind)
            exact = bool((core.evaluate_all(net, n)[:, 0] == core.parity_table(n)).all())
            self._cache[key] = (net, core.network_counts(net), exact)
        return self._cache[key]

    def _render(self, params: dict[str, Any]) -> str:
        n, kind = params["n_bits"], params["construction"]
        net, counts, exact = self._network(n, kind)
        self._artists = _redraw(self.ax, self._artists, lambda: plot_network(
            net, self.ax, max_units=16, title=f"parity of {n} bits: {KIND_LABELS[kind]}",
            legend=False, layer_ticks=False))
        return (f"units {counts.units} · nonzero weights {counts.weights} · depth "
                f"{counts.depth} · equals parity on all {2**n} inputs: {exact}")


class TruthTableExplorer(FigureApp):
    """Click the output column of a truth table (n <= 4): the Karnaugh map, the DNF network and
    the minimised network follow.

    Controls: ``n`` (2 to 4 inputs) and one toggle ``y0`` ... ``y15`` per row (rows beyond
    ``2**n`` are disabled). A button reads "0101 → 1" and is coloured when the output is 1,
    so row and state are readable in the light and the dark theme. Starts on the lecture's
    worked example. Results are cached per table.

    Examples
    --------
    >>> app = TruthTableExplorer()
    >>> app.controls["y15"].value = True
    >>> app.dnf_counts.units, app.min_counts.units
    (9, 5)
    >>> app.controls["y15"].description
    '1111 → 1'
    """

    figsize = (8.6, 4.0)  # 688 x 320 px at dpi 80: buttons + figure + readout fit 1366x768
    variables = ("W", "X", "Y", "Z")

    def _controls(self) -> dict[str, widgets.Widget]:
        y = core.table_from_formula("~Y&~Z | ~W&X&~Y | ~X&Y&~Z")
        controls: dict[str, widgets.Widget] = {
            "n": widgets.Dropdown(options=[2, 3, 4], value=4, description="inputs",
                                  layout=widgets.Layout(width="150px"))}
        for i in range(16):
            controls[f"y{i}"] = widgets.ToggleButton(
                value=bool(y[i]), description=format(i, "04b"),
                tooltip=f"output of input row {i}: click to flip 0/1",
                layout=widgets.Layout(width="84px"))
        return controls

    def _build(self, fig: Figure) -> None:
        grid = fig.add_gridspec(1, 3, width_ratios=[1.0, 1.3, 1.3])
        self.ax_map = fig.add_subplot(grid[0])
        self.ax_dnf = fig.add_subplot(grid[1])
        self.ax_min = fig.add_subplot(grid[2])
        for ax in (self.ax_dnf, self.ax_min):
            ax.set_title(" ")
            ax.title.set_animated(True)  # the titles follow the unit counts
        fig.legend(handles=network_legend_handles(skip=False), loc="outside lower center",
                   ncol=3, fontsize=8)
        self._cache: dict[tuple[int, bytes], tuple] = {}
        self._labels: dict[int, tuple[str, str, bool]] = {}
        self._artists: dict[str, list] = {"map": [], "dnf": [], "min": []}
        self._n_drawn: int | None = None

    def table(self, params: dict[str, Any] | None = None) -> np.ndarray:
        """The output column currently clicked in (length ``2**n``)."""
        params = self.params if params is None else params
        return np.array([params[f"y{i}"] for i in range(2 ** params["n"])], dtype=bool)

    def _sync_buttons(self, params: dict[str, Any]) -> None:
        """Label "row → output" and colour each button; touch only the ones that changed."""
        n = params["n"]
        for i in range(16):
            on = i < 2**n
            value = bool(params[f"y{i}"])
            label = f"{format(i, f'0{n}b')} → {int(value)}" if on else "—"
            style = "info" if (on and value) else ""
            if self._labels.get(i) != (label, style, on):
                button = self.controls[f"y{i}"]
                button.description, button.button_style, button.disabled = label, style, not on
                self._labels[i] = (label, style, on)

    def _solve(self, n: int, y: np.ndarray) -> tuple:
        key = (n, y.tobytes())
        if key not in self._cache:
            terms = core.minimise(y)
            dnf, small = core.dnf_network(y), core.terms_network(terms, n)
            ok = all(bool((core.evaluate_all(net, n)[:, 0] == y).all()) for net in (dnf, small))
            self._cache[key] = (terms, dnf, small, core.network_counts(dnf),
                                core.network_counts(small), ok)
        return self._cache[key]

    def _render(self, params: dict[str, Any]) -> str:
        n = params["n"]
        self._sync_buttons(params)
        y = self.table(params)
        names = list(self.variables[:n])
        terms, dnf, small, self.dnf_counts, self.min_counts, ok = self._solve(n, y)
        if n != self._n_drawn:  # the map's ticks and labels change: redraw everything once
            self.ax_map.clear()
            self._artists["map"] = []
            plot_karnaugh(y, None, names, ax=self.ax_map)  # static ticks and labels
            for artist in list(self.ax_map.images) + list(self.ax_map.texts):
                artist.remove()
            self.invalidate()
            self._n_drawn = n
        self._artists["map"] = _redraw(self.ax_map, self._artists["map"], lambda: plot_karnaugh(
            y, terms, names, ax=self.ax_map))
        self._artists["dnf"] = _redraw(self.ax_dnf, self._artists["dnf"], lambda: plot_network(
            dnf, self.ax_dnf, input_names=names, title=f"DNF: {self.dnf_counts.units} units",
            legend=False))
        self._artists["min"] = _redraw(self.ax_min, self._artists["min"], lambda: plot_network(
            small, self.ax_min, input_names=names,
            title=f"minimised: {self.min_counts.units} units", legend=False))
        return (f"O = {core.format_terms(terms, names)} · DNF {self.dnf_counts.units} units, "
                f"{self.dnf_counts.weights} weights · minimised {self.min_counts.units} units, "
                f"{self.min_counts.weights} weights · both equal the table: {ok}")

    def show(self) -> widgets.Widget:
        """Inputs dropdown, then the 16 row buttons in two rows of eight, figure, readout."""
        buttons = [self.controls[f"y{i}"] for i in range(16)]
        grid = widgets.GridBox(buttons, layout=widgets.Layout(
            grid_template_columns="repeat(8, 86px)", grid_gap="2px"))
        return widgets.VBox([self.controls["n"], grid, self.image, self.readout])
