"""Plots and widget apps of lesson ``02_boolean_networks``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.path import Path
from matplotlib.ticker import MaxNLocator, NullFormatter, ScalarFormatter
from matplotlib.transforms import Bbox

from .. import boolean as core
from ..boolean.synthesis import _check_terms
from ..validation import check_array, check_bool, check_int
from .app import AppView, FigureApp
from .labels import SpriteLabels
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


# input / hidden / output units: the output layer also square, and its tint apart from the
# hidden one's under colour-vision deficiencies (light green was 5.8 from light orange in
# CAM02-UCS for protanopia; tests/test_colour_vision.py)
_UNIT_FACES = ("white", PALETTE["light_orange"], PALETTE["light_sky"])
_UNIT_MARKERS = ("o", "o", "s")
_RGBA = {"+": np.array(to_rgba(POSITIVE)), "-": np.array(to_rgba(NEGATIVE))}


def _edge_colors(weights: np.ndarray) -> np.ndarray:
    """RGBA rows: blue for a positive weight, vermilion for a negative one."""
    return np.where((weights > 0)[:, None], _RGBA["+"], _RGBA["-"]).reshape(-1, 4)


def _segments(x0: float, y0: np.ndarray, x1: float, y1: np.ndarray) -> np.ndarray:
    """Segments from (x0, y0[i]) to (x1, y1[i]), shape (len(y0), 2, 2)."""
    seg = np.empty((len(y0), 2, 2))
    seg[:, 0, 0], seg[:, 0, 1], seg[:, 1, 0], seg[:, 1, 1] = x0, y0, x1, y1
    return seg


def _network_geometry(checked: list, names: Sequence[str], max_units: int,
                      layer_ticks: bool) -> dict[str, Any]:
    """Everything :func:`plot_network` draws, as arrays and label tuples (no artists).

    The static plot and the apps draw the same geometry, with ordinary artists or with
    artists updated in place and cached label bitmaps (:class:`_NetworkArtists`).
    Labels are ``(text, x, y, ha, va, fontsize, coords)``, ``coords`` "data" or "xaxis"
    (x in data, y in axes coordinates).
    """
    n = checked[0][0].shape[0]
    sizes = [n] + [W.shape[1] for W, _, _ in checked]
    shown = [min(s, max_units) for s in sizes]
    ys = [_column(s, k) for s, k in zip(sizes, shown, strict=True)]
    segs, colors, skip_segs, skip_colors = [], [], [], []
    for k, (W, _, U) in enumerate(checked, start=1):
        rows, cols = np.nonzero(W[: shown[k - 1], : shown[k]])  # row-major: input by input
        segs.append(_segments(k - 1, ys[k - 1][rows], k, ys[k][cols]))
        colors.append(_edge_colors(W[rows, cols]))
        if U is not None:
            rows, cols = np.nonzero(U[: shown[0], : shown[k]])
            skip_segs.append(_segments(0, ys[0][rows], k, ys[k][cols]))
            skip_colors.append(_edge_colors(U[rows, cols]))
    small = max(shown) <= 12 and len(sizes) <= 12
    faces, labels = [], []
    for k, (y, total) in enumerate(zip(ys, sizes, strict=True)):
        face = _UNIT_FACES[0 if k == 0 else 1 if k < len(sizes) - 1 else 2]
        faces += [face] * len(y)
        if k == 0 and small:
            labels += [(name, -0.2, yy, "right", "center", 9, "data")
                       for name, yy in zip(names, y, strict=True)]
        elif small:
            bias = checked[k - 1][1]
            labels += [(f"{bias[u] + 0.0:g}", k, yy, "center", "center", 8, "data")
                       for u, yy in enumerate(y)]
        if total > len(y):
            labels.append((f"+{total - len(y)} more", k, y.min() - 0.9, "center", "top", 8,
                           "data"))
    layer_names = ["in"] + [str(k) for k in range(1, len(sizes))]
    if not layer_ticks:
        labels += [(name, k, -0.02, "center", "top", 9, "xaxis")
                   for k, name in enumerate(layer_names)]
    top = max(shown) / 2.0 + 0.6
    cut = any(t > s for t, s in zip(sizes, shown, strict=True))
    empty = np.empty((0, 2, 2))
    return {
        "segments": np.concatenate(segs) if segs else empty,
        "colors": np.concatenate(colors) if colors else np.empty((0, 4)),
        "skip_segments": np.concatenate(skip_segs) if skip_segs else empty,
        "skip_colors": np.concatenate(skip_colors) if skip_colors else np.empty((0, 4)),
        "units": np.column_stack([np.concatenate([np.full(len(y), float(k))
                                                  for k, y in enumerate(ys)]),
                                  np.concatenate(ys)]),
        "faces": faces, "unit_size": 300 if small else 60, "labels": labels,
        "layer_names": layer_names,
        "xlim": (-0.7, len(sizes) - 0.5), "ylim": (-top - (0.8 if cut else 0.0), top),
    }


def plot_network(layers: Any, ax: Axes | None = None, *, input_names: Sequence[str] | None = None,
                 max_units: int = 24, title: str | None = None, legend: bool = True,
                 layer_ticks: bool = True) -> Axes:
    """Draw a threshold network as a graph: inputs on the left, one column per layer.

    Edges are coloured by the sign of their weight (blue +, vermilion -); skip connections
    from the inputs (``U``) are dashed; a legend under the graph says so. Each unit is
    labelled with its bias (8 pt, in the node). A layer wider than
    ``max_units`` shows its first units and a "+k more" note (its edges are left out).

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
    geo = _network_geometry(checked, names, max_units, layer_ticks)
    ax.add_collection(LineCollection(geo["segments"], colors=geo["colors"], linewidths=1.0,
                                     alpha=0.8, zorder=1))
    ax.add_collection(LineCollection(geo["skip_segments"], colors=geo["skip_colors"],
                                     linewidths=0.8, alpha=0.45, linestyles="dashed", zorder=0))
    faces = np.array(geo["faces"])
    for face, marker in zip(_UNIT_FACES, _UNIT_MARKERS, strict=True):  # one colour per
        units = geo["units"][faces == face]               # scatter: Agg snaps to pixels
        if len(units):
            ax.scatter(units[:, 0], units[:, 1], s=geo["unit_size"], color=face,
                       marker=marker, edgecolor="black", linewidth=0.8, zorder=2)
    for text, x, y, ha, va, size, coords in geo["labels"]:
        ax.text(x, y, text, ha=ha, va=va, fontsize=size, zorder=3,
                transform=ax.transData if coords == "data" else ax.get_xaxis_transform())
    ax.set_xlim(*geo["xlim"])
    ax.set_ylim(*geo["ylim"])
    if layer_ticks:
        ax.set_xticks(range(len(geo["layer_names"])), geo["layer_names"])
    else:
        ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    ax.set_xlabel("layer" if layer_ticks else "")
    if legend:
        ax.legend(handles=network_legend_handles(skip=len(geo["skip_segments"]) > 0),
                  loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=4, fontsize=8,
                  handlelength=1.5, columnspacing=1.0)
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


# --- fast drawing for the apps ----------------------------------------------------------------
# Profiled on 20 updates of the apps, a frame spent most of its time on ~30 Text artists (each
# laid out by FreeType and rendered glyph by glyph on every draw, ~1 ms apiece) and on creating
# and removing the collections and texts of the last frame. The apps therefore keep one set of
# artists per panel, update their data in place, and draw labels from bitmaps rendered once
# (course_lib/viz/labels.py).


class _MarkerPath(Path):
    """A marker's path whose extents are remembered per transform.

    ``Collection.draw`` measures the marker on every draw to choose Agg's fast marker
    routine; for a circle's Bézier curves that takes 0.9 ms, for an answer that only changes
    with the marker size.
    """

    def __init__(self, path: Path) -> None:
        super().__init__(path.vertices, path.codes)
        self._extents: dict[bytes, Bbox] = {}

    def get_extents(self, transform: Any = None, **kwargs: Any) -> Bbox:
        if transform is None or kwargs or not transform.is_affine:
            return super().get_extents(transform, **kwargs)
        key = transform.get_matrix().tobytes()
        if key not in self._extents:
            self._extents[key] = super().get_extents(transform)
        return self._extents[key]


class _NetworkArtists:
    """The artists of one network panel of an app, made once and updated in place.

    With ``layer_ticks`` the layers are named by x ticks, part of the static background:
    :meth:`update` then returns True when they changed and the app must redraw in full.
    """

    def __init__(self, ax: Axes, layer_ticks: bool = False) -> None:
        self.ax, self.layer_ticks = ax, layer_ticks
        self.edges = LineCollection([], linewidths=1.0, alpha=0.8, zorder=1, animated=True)
        self.skips = LineCollection([], linewidths=0.8, alpha=0.45, linestyles="dashed",
                                    zorder=0, animated=True)
        ax.add_collection(self.edges, autolim=False)
        ax.add_collection(self.skips, autolim=False)
        # one scatter per face colour, as plot_network draws: Agg snaps one-colour markers
        self.units = {face: ax.scatter([], [], s=60, color=face, marker=marker,
                                       edgecolor="black", linewidth=0.8, zorder=2,
                                       animated=True)
                      for face, marker in zip(_UNIT_FACES, _UNIT_MARKERS, strict=True)}
        for units in self.units.values():
            units.set_paths([_MarkerPath(units.get_paths()[0])])
        self.labels = SpriteLabels(ax)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
        self._ticks: list[str] = []

    def update(self, geo: dict[str, Any], title: str) -> bool:
        """Show the network of ``geo`` (from :func:`_network_geometry`) under ``title``;
        True if the static parts (layer ticks) changed."""
        self.edges.set_segments(geo["segments"])
        self.edges.set_color(geo["colors"])
        self.skips.set_segments(geo["skip_segments"])
        self.skips.set_color(geo["skip_colors"])
        faces = np.array(geo["faces"])
        for face, units in self.units.items():
            units.set_offsets(geo["units"][faces == face])
            units.set_sizes([geo["unit_size"]])
        self.skips.set_visible(len(geo["skip_segments"]) > 0)  # an empty one costs a draw too
        self.labels.set_labels([*geo["labels"], (title, 0, 0, "", "", 0, "title")])
        # the Axes title, not drawn, keeps the title's room in the layout: a label draws it
        self.ax.set_title(title, color="none")
        self.ax.set_xlim(*geo["xlim"])
        self.ax.set_ylim(*geo["ylim"])
        if not self.layer_ticks or geo["layer_names"] == self._ticks:
            return False
        self._ticks = geo["layer_names"]
        self.ax.set_xticks(range(len(self._ticks)), self._ticks)
        self.ax.set_xlabel("layer")
        return True


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
        for x, y0, w, h, color in _karnaugh_groups(_check_terms(terms, n), n, rows, cols):
            ax.add_patch(Rectangle((x, y0), w, h, fill=False, edgecolor=color, linewidth=2.2))
    return ax


def _karnaugh_groups(T: np.ndarray, n: int, rows: np.ndarray, cols: np.ndarray) -> list[tuple]:
    """``(x, y, width, height, colour)`` of one outline per rectangle of cells each term
    covers (a group wrapping around an edge has two or four)."""
    r, c = n // 2, n - n // 2
    palette = [PALETTE[k] for k in ("vermillion", "green", "pink", "orange", "blue", "sky",
                                    "black")]
    rects = []
    for t, term in enumerate(T):
        color = palette[t % len(palette)]
        inset = 0.08 + 0.06 * (t % 4)
        row_ok = [all(term[v] < 0 or term[v] == (code >> (r - 1 - v)) & 1
                      for v in range(r)) for code in rows]
        col_ok = [all(term[r + v] < 0 or term[r + v] == (code >> (c - 1 - v)) & 1
                      for v in range(c)) for code in cols]
        for r0, r1 in _runs(row_ok):
            for c0, c1 in _runs(col_ok):
                rects.append((c0 - 0.5 + inset, r0 - 0.5 + inset, c1 - c0 + 1 - 2 * inset,
                              r1 - r0 + 1 - 2 * inset, color))
    return rects


class _KarnaughArtists:
    """The Karnaugh panel of an app for ``n`` variables: ticks and labels drawn once (static),
    cells, digits and group outlines updated in place."""

    def __init__(self, ax: Axes, n: int, names: Sequence[str]) -> None:
        ax.clear()
        plot_karnaugh(np.zeros(2**n, bool), None, names, ax=ax)  # static ticks and labels
        for text in list(ax.texts):
            text.remove()
        self.ax, self.n = ax, n
        self.cells = ax.images[0]
        self.cells.set_animated(True)
        self.cells.set_interpolation("none")  # the same pixels here, 1.5 ms instead of 7
        self.digits = SpriteLabels(ax)
        self.groups = PathCollection([], facecolor="none", linewidth=2.2, joinstyle="miter",
                                     capstyle="butt", zorder=1, animated=True)
        ax.add_collection(self.groups, autolim=False)

    def update(self, y: np.ndarray, terms: np.ndarray) -> None:
        grid, rows, cols = core.karnaugh_grid(y)
        self.cells.set_data(grid.astype(float))
        self.digits.set_labels([(str(int(v)), j, i, "center", "center", 11, "data")
                                for (i, j), v in np.ndenumerate(grid)])
        rects = _karnaugh_groups(terms, self.n, rows, cols)
        corners = np.array([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]], float)
        self.groups.set_paths([Path(corners * (w, h) + (x, y0), closed=True)
                               for x, y0, w, h, _ in rects])
        self.groups.set_edgecolor([color for *_, color in rects])
        self.groups.set_visible(bool(rects))


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
    moving back and forth costs only the drawing. The drawing reuses one set of artists,
    updated in place, and cached label bitmaps: measured in the same runs (CPU time per
    update, ``benchmarks/bench_boolean.py``'s moves), about 10 ms against 90 ms when each
    frame made ~30 Text artists and its collections anew.

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
        self._drawing = _NetworkArtists(self.ax)
        fig.legend(handles=network_legend_handles(), loc="outside lower center", ncol=4,
                   fontsize=8)
        self._cache: dict[tuple[int, str], tuple] = {}

    def _network(self, n: int, kind: str) -> tuple:
        key = (n, kind)
        if key not in self._cache:
            net = core.parity_network(n, kind)
            exact = bool((core.evaluate_all(net, n)[:, 0] == core.parity_table(n)).all())
            geo = _network_geometry(core.check_layers(net), [f"x{i}" for i in range(n)],
                                    max_units=16, layer_ticks=False)
            self._cache[key] = (net, core.network_counts(net), exact, geo)
        return self._cache[key]

    def _render(self, params: dict[str, Any]) -> str:
        n, kind = params["n_bits"], params["construction"]
        _, counts, exact, geo = self._network(n, kind)
        self._drawing.update(geo, f"parity of {n} bits: {KIND_LABELS[kind]}")
        return (f"units {counts.units} · nonzero weights {counts.weights} · depth "
                f"{counts.depth} · equals parity on all {2**n} inputs: {exact}")


class TruthTableExplorer(FigureApp):
    """Click the output column of a truth table (n <= 4): the Karnaugh map, the DNF network and
    the minimised network follow.

    Controls: ``n`` (2 to 4 inputs) and one toggle ``y0`` ... ``y15`` per row (rows beyond
    ``2**n`` are disabled). A button reads "0101 → 1" and is coloured when the output is 1,
    so row and state are readable in the light and the dark theme; a click re-sends only the
    clicked button's label and colour, in one message. Starts on the lecture's worked
    example. Results are cached per table; the three panels reuse their artists and cached
    label bitmaps: about 20 ms of CPU time a click, against 115 ms for the old drawing,
    measured in the same runs.

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
        self._dnf_drawing = _NetworkArtists(self.ax_dnf, layer_ticks=True)
        self._min_drawing = _NetworkArtists(self.ax_min, layer_ticks=True)
        fig.legend(handles=network_legend_handles(skip=False), loc="outside lower center",
                   ncol=3, fontsize=8)
        self._cache: dict[tuple[int, bytes], tuple] = {}
        self._labels: dict[int, tuple[str, str, bool]] = {}
        self._map: _KarnaughArtists | None = None

    def table(self, params: dict[str, Any] | None = None) -> np.ndarray:
        """The output column currently clicked in (length ``2**n``)."""
        params = self.params if params is None else params
        return np.array([params[f"y{i}"] for i in range(2 ** params["n"])], dtype=bool)

    def _sync_buttons(self, params: dict[str, Any]) -> None:
        """Label "row → output" and colour each button; touch only the ones that changed,
        each in one widget message."""
        n = params["n"]
        for i in range(16):
            on = i < 2**n
            value = bool(params[f"y{i}"])
            label = f"{format(i, f'0{n}b')} → {int(value)}" if on else "—"
            style = "info" if (on and value) else ""
            old = self._labels.get(i)
            if old != (label, style, on):
                button = self.controls[f"y{i}"]
                with button.hold_sync():
                    if old is None or old[0] != label:
                        button.description = label
                    if old is None or old[1] != style:
                        button.button_style = style
                    if old is None or old[2] != on:
                        button.disabled = not on
                self._labels[i] = (label, style, on)

    def _solve(self, n: int, y: np.ndarray) -> tuple:
        key = (n, y.tobytes())
        if key not in self._cache:
            terms = core.minimise(y)
            dnf, small = core.dnf_network(y), core.terms_network(terms, n)
            ok = all(bool((core.evaluate_all(net, n)[:, 0] == y).all()) for net in (dnf, small))
            names = list(self.variables[:n])
            geos = [_network_geometry(core.check_layers(net), names, max_units=24,
                                      layer_ticks=True) for net in (dnf, small)]
            self._cache[key] = (terms, dnf, small, core.network_counts(dnf),
                                core.network_counts(small), ok, geos)
        return self._cache[key]

    def _render(self, params: dict[str, Any]) -> str:
        n = params["n"]
        self._sync_buttons(params)
        y = self.table(params)
        names = list(self.variables[:n])
        terms, _, _, self.dnf_counts, self.min_counts, ok, geos = self._solve(n, y)
        if self._map is None or self._map.n != n:  # the map's ticks change: redraw all once
            self._map = _KarnaughArtists(self.ax_map, n, names)
            self.invalidate()
        self._map.update(y, terms)
        static = [self._dnf_drawing.update(geos[0], f"DNF: {self.dnf_counts.units} units"),
                  self._min_drawing.update(geos[1], f"minimised: {self.min_counts.units} units")]
        if any(static):  # the layer ticks changed
            self.invalidate()
        return (f"O = {core.format_terms(terms, names)} · DNF {self.dnf_counts.units} units, "
                f"{self.dnf_counts.weights} weights · minimised {self.min_counts.units} units, "
                f"{self.min_counts.weights} weights · both equal the table: {ok}")

    def show(self) -> AppView:
        """Inputs dropdown, then the 16 row buttons in two rows of eight, figure, readout
        (with the current frame as a static picture where widgets cannot run)."""
        buttons = [self.controls[f"y{i}"] for i in range(16)]
        grid = widgets.GridBox(buttons, layout=widgets.Layout(
            grid_template_columns="repeat(8, 86px)", grid_gap="2px"))
        return AppView(self, children=[self.controls["n"], grid, self.image, self.readout])
