"""Plots and widget apps of lesson ``02_boolean_networks``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import NullFormatter, ScalarFormatter

from .. import boolean as core
from ..validation import check_array, check_int
from .app import FigureApp
from .style import new_axes

__all__ = ["ParityExplorer", "TruthTableExplorer", "plot_karnaugh", "plot_network",
           "plot_parity_counts"]

POSITIVE, NEGATIVE = "#0072B2", "#D55E00"
KIND_COLORS = {"one_layer": "#CC79A7", "chain": "#E69F00", "tree": "#009E73",
               "counting": "#56B4E9"}
KIND_LABELS = {"one_layer": "one hidden layer (DNF)", "chain": "chain of XOR blocks",
               "tree": "balanced tree of XOR blocks", "counting": "counting units"}


def _column(count: int, shown: int) -> np.ndarray:
    """y positions of ``shown`` nodes of a layer, centred on 0, spacing 1."""
    return (np.arange(shown) - (shown - 1) / 2.0)[::-1]


def plot_network(layers: Any, ax: Axes | None = None, *, input_names: Sequence[str] | None = None,
                 max_units: int = 24, title: str | None = None) -> Axes:
    """Draw a threshold network as a graph: inputs on the left, one column per layer.

    Edges are coloured by the sign of their weight (blue +, vermilion -); skip connections
    from the inputs (``U``) are dashed. Each unit is labelled with its bias. A layer wider than
    ``max_units`` shows its first units and a "+k more" note (its edges to hidden units are
    left out).

    Parameters
    ----------
    layers : list of (W, b) or (W, b, U)
    ax : Axes, optional
    input_names : sequence of str, optional
    max_units : int
    title : str, optional

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
        face = "white" if k == 0 else ("#FFF3D6" if k < len(sizes) - 1 else "#E8F4EA")
        ax.scatter(x, y, s=260 if small else 60, color=face, edgecolor="black",
                   linewidth=0.8, zorder=2)
        if k == 0 and small:
            for name, yy in zip(names, y, strict=True):
                ax.text(-0.12, yy, name, ha="right", va="center", fontsize=9)
        elif small:
            bias = checked[k - 1][1]
            for u, yy in enumerate(y):
                ax.text(k, yy, f"{bias[u] + 0.0:g}", ha="center", va="center", fontsize=7, zorder=3)
        if total > len(y):
            ax.text(k, y.min() - 0.9, f"+{total - len(y)} more", ha="center", va="top",
                    fontsize=8)
    ax.set_xlim(-0.7, len(sizes) - 0.5)
    top = max(shown) / 2.0 + 0.6
    ax.set_ylim(-top - (0.8 if any(t > s for t, s in zip(sizes, shown, strict=True)) else 0.0),
                top)
    ax.set_xticks(range(len(sizes)), ["in"] + [str(k) for k in range(1, len(sizes))])
    ax.set_yticks([])
    ax.grid(False)
    ax.set_xlabel("layer")
    if title:
        ax.set_title(title)
    return ax


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
        T = core._check_terms(terms, n)
        palette = ["#D55E00", "#009E73", "#CC79A7", "#E69F00", "#0072B2", "#56B4E9", "#000000"]
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
            _, axes = plt.subplots(1, 3, figsize=(11, 3.6), layout="constrained")
    axes = list(axes)
    if len(axes) != 3:
        raise ValueError(f"axes must be three Axes (units, weights, depth); got {len(axes)}")
    for kind in kinds:
        f = [core.parity_counts(int(n), kind) for n in ns]
        built = [n for n in ns if kind != "one_layer" or n <= 12]
        measured = [core.network_counts(core.parity_network(int(n), kind)) for n in built]
        dashed = "--" if kind == "tree" else "-"  # the tree's size equals the chain's
        for ax, key in zip(axes, ("units", "weights", "depth"), strict=True):
            ax.plot(ns, [d[key] for d in f], dashed, color=KIND_COLORS[kind],
                    label=KIND_LABELS[kind])
            ax.plot(built, [getattr(m, key) for m in measured], "o", color=KIND_COLORS[kind],
                    markersize=4)
    for ax, key in zip(axes, ("units", "nonzero weights", "depth (layers)"), strict=True):
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(ScalarFormatter())
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel("N (bits)")
        ax.set_title(key)
    top = max(core.parity_counts(int(n), k)["depth"] for n in ns for k in kinds)
    axes[2].set_yticks([2**k for k in range(1, max(2, top.bit_length() + 1))])
    axes[0].legend(loc="upper left")
    return axes


# --- widget apps ----------------------------------------------------------------------------
class ParityExplorer(FigureApp):
    """Choose N and a parity construction; see the network, its counts and a check.

    Examples
    --------
    >>> app = ParityExplorer(n_bits=4, construction="tree")
    >>> app.controls["construction"].value = "chain"
    >>> "units 9" in app.readout.value
    True
    """

    figsize = (9.0, 4.6)

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

    def _render(self, params: dict[str, Any]) -> str:
        n, kind = params["n_bits"], params["construction"]
        net = core.parity_network(n, kind)
        counts = core.network_counts(net)
        exact = bool((core.evaluate_all(net, n)[:, 0] == core.parity_table(n)).all())
        self.ax.clear()
        plot_network(net, self.ax, max_units=16,
                     title=f"parity of {n} bits: {KIND_LABELS[kind]}")
        return (f"units {counts.units} · nonzero weights {counts.weights} · depth "
                f"{counts.depth} · equals parity on all {2**n} inputs: {exact}")


class TruthTableExplorer(FigureApp):
    """Click the output column of a truth table (n <= 4): the Karnaugh map, the DNF network and
    the minimised network follow.

    Controls: ``n`` (2 to 4 inputs) and one toggle ``y0`` ... ``y15`` per row (rows beyond
    ``2**n`` are disabled). Starts on the lecture's worked example.

    Examples
    --------
    >>> app = TruthTableExplorer()
    >>> app.controls["y15"].value = True
    >>> app.dnf_counts.units, app.min_counts.units
    (9, 5)
    """

    figsize = (11.0, 4.2)
    variables = ("W", "X", "Y", "Z")

    def _controls(self) -> dict[str, widgets.Widget]:
        y = core.table_from_formula("~Y&~Z | ~W&X&~Y | ~X&Y&~Z")
        controls: dict[str, widgets.Widget] = {
            "n": widgets.Dropdown(options=[2, 3, 4], value=4, description="inputs")}
        for i in range(16):
            controls[f"y{i}"] = widgets.ToggleButton(
                value=bool(y[i]), description=format(i, "04b"),
                layout=widgets.Layout(width="64px"))
        return controls

    def _build(self, fig: Figure) -> None:
        grid = fig.add_gridspec(1, 3, width_ratios=[1.0, 1.3, 1.3])
        self.ax_map = fig.add_subplot(grid[0])
        self.ax_dnf = fig.add_subplot(grid[1])
        self.ax_min = fig.add_subplot(grid[2])

    def table(self, params: dict[str, Any] | None = None) -> np.ndarray:
        """The output column currently clicked in (length ``2**n``)."""
        params = self.params if params is None else params
        return np.array([params[f"y{i}"] for i in range(2 ** params["n"])], dtype=bool)

    def _render(self, params: dict[str, Any]) -> str:
        n = params["n"]
        for i in range(16):
            button = self.controls[f"y{i}"]
            button.disabled = i >= 2**n
            button.description = format(i, f"0{n}b") + " →" if i < 2**n else "—"
        y = self.table(params)
        names = list(self.variables[:n])
        terms = core.minimise(y)
        dnf, small = core.dnf_network(y), core.terms_network(terms, n)
        self.dnf_counts, self.min_counts = core.network_counts(dnf), core.network_counts(small)
        ok = all(bool((core.evaluate_all(net, n)[:, 0] == y).all()) for net in (dnf, small))
        for ax in (self.ax_map, self.ax_dnf, self.ax_min):
            ax.clear()
        plot_karnaugh(y, terms, names, ax=self.ax_map)
        plot_network(dnf, self.ax_dnf, input_names=names,
                     title=f"DNF: {self.dnf_counts.units} units")
        plot_network(small, self.ax_min, input_names=names,
                     title=f"minimised: {self.min_counts.units} units")
        return (f"O = {core.format_terms(terms, names)} · DNF {self.dnf_counts.units} units, "
                f"{self.dnf_counts.weights} weights · minimised {self.min_counts.units} units, "
                f"{self.min_counts.weights} weights · both equal the table: {ok}")
