"""Alt text for the course's figures, computed from the data they plot.

:func:`alt_text` reads a drawn matplotlib Figure, not the code that made it: per panel, its
title, what it shows (lines with where they start, end and peak; scatter points counted by
colour; images with their size and value range; bars; contour levels; shaded bands; short
text labels), its axes with their ranges and scales, and the legend. A screen reader then
says, e.g., "Panel 1, training loss: 2 lines. train falls from 2.3 at epoch 0 to 0.05 at
epoch 100 (lowest 0.048 at 93)..." instead of nothing.

One function for every picture the course shows:

- static figures in a lesson: :func:`course_lib.notebook.setup_notebook` registers a PNG
  formatter that stores the text in the output's metadata (``{"image/png": {"alt": ...}}``,
  the key nbconvert and the course website read) and in the PNG's own ``Description`` text
  chunk (which :mod:`course_lib.viz.access` copies into the ``<img alt>`` in JupyterLab, whose
  image renderer ignores the metadata);
- widget apps (:class:`course_lib.viz.app.FigureApp`): the same text for each frame, on the
  ``<img>`` and in the static picture stored in the notebook.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection, PolyCollection, QuadMesh
from matplotlib.container import BarContainer, ErrorbarContainer
from matplotlib.contour import ContourSet
from matplotlib.figure import Figure, SubFigure
from matplotlib.image import AxesImage

__all__ = ["alt_text", "colour_use"]

#: Panels described one by one; a figure with more (a grid of digits) is summarised.
MAX_PANELS = 6
#: Lines, or scatter colours, described one by one per panel.
MAX_SERIES = 5
#: Longest alt text; past it, the last panels are counted, not described.
MAX_CHARS = 900


def alt_text(fig: Figure, *, max_chars: int = MAX_CHARS) -> str:
    """Describe what a drawn figure shows, from the data of its artists.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        Drawn at least once (tick labels of categorical axes exist only after a draw).
    max_chars : int
        Upper bound on the length of the text.

    Returns
    -------
    str
        One paragraph; never empty (a figure with nothing drawn says so).

    Examples
    --------
    >>> fig = Figure()
    >>> ax = fig.add_subplot(title="loss")
    >>> _ = ax.plot([0, 1, 2, 3], [4.0, 2.0, 1.0, 1.5], label="train")
    >>> _ = ax.set(xlabel="epoch", ylabel="loss")
    >>> alt_text(fig)   # doctest: +NORMALIZE_WHITESPACE
    'Plot, loss: 1 line. train: 4 points, falls from 4 at x = 0 to 1.5 at x = 3 (lowest 1 at
    x = 2). Horizontal axis epoch, -0.15 to 3.15; vertical axis loss, 0.85 to 4.15.'
    """
    if not isinstance(fig, (Figure, SubFigure)):
        raise TypeError(f"fig must be a matplotlib Figure; got {type(fig).__name__}")
    if not isinstance(max_chars, int) or max_chars < 80:
        raise ValueError(f"max_chars must be an integer >= 80; got {max_chars!r}")
    head = []
    suptitle = getattr(fig, "_suptitle", None)
    if suptitle is not None and suptitle.get_visible() and suptitle.get_text().strip():
        head.append(_clean(suptitle.get_text()) + ".")
    axes = [ax for ax in fig.get_axes() if ax.get_visible() and not _is_colorbar(ax)]
    bars = [ax for ax in fig.get_axes() if ax.get_visible() and _is_colorbar(ax)]
    content = [ax for ax in axes if _has_content(ax)]
    if not content:
        text = " ".join(head) or "An empty figure."
        return _cut(text, max_chars)
    if len(content) > MAX_PANELS and _mostly_images(content):
        parts = [*head, _image_grid(content)]
    else:
        parts = list(head)
        many = len(content) > 1
        for i, ax in enumerate(content):
            prefix = f"Panel {i + 1}" if many else "Plot"
            parts.append(_describe_axes(ax, prefix))
    for cb in bars:
        parts.append(_describe_colorbar(cb))
    text = " ".join(p for p in parts if p)
    if len(text) > max_chars:  # keep whole sentences from the start, and say what is left
        kept: list[str] = []
        cut_short = False
        for p in parts:
            room = max_chars - 60 - len(" ".join(kept)) - bool(kept)
            if len(p) <= room:
                kept.append(p)
                continue
            end = p.rfind(". ", 0, room)  # a panel too long on its own: its first sentences
            if end > 0:
                kept.append(p[:end + 1])
                cut_short = True
            break
        left = len(parts) - len(kept)
        what = ["the rest of this panel"] * cut_short \
            + [f"{left} more part{'s' if left > 1 else ''}"] * bool(left)
        note = " and ".join(what) + " not described"
        text = " ".join(kept) + f" ({note[0].upper()}{note[1:]}.)"
    return _cut(text, max_chars)


# -- pieces ---------------------------------------------------------------------------------
def _num(v: float) -> str:
    v = float(v)
    if not np.isfinite(v):
        return str(v)
    if v == 0:
        return "0"
    return f"{v:.3g}".replace("e+0", "e+").replace("e-0", "e-")


def _pt(x: float, y: float) -> str:
    return f"({_num(x)}, {_num(y)})"


def _clean(text: str) -> str:
    """Plain words from a label with mathtext: '$\\theta^\\top x$' -> 'theta^top x'."""
    text = text.replace("$", "").replace("\\mathrm", "").replace("\\,", " ")
    text = re.sub(r"\\([A-Za-z]+)", r"\1", text)
    text = text.replace("{", "").replace("}", "").replace("\n", " ")
    return re.sub(r"\s+", " ", text).strip()


def _cut(text: str, max_chars: int) -> str:
    return text if len(text) <= max_chars else text[: max_chars - 1].rstrip() + "…"


def _is_colorbar(ax: Axes) -> bool:
    return getattr(ax, "_colorbar", None) is not None


def _visible(artists: list[Any]) -> list[Any]:
    return [a for a in artists if a.get_visible()]


def _has_content(ax: Axes) -> bool:
    return bool(_visible(ax.lines) or _visible(ax.collections) or _visible(ax.images)
                or _visible(ax.patches) or [t for t in ax.texts if t.get_visible()
                                            and t.get_text().strip()])


def _mostly_images(axes: list[Axes]) -> bool:
    return sum(bool(_visible(ax.images)) for ax in axes) >= 0.8 * len(axes)


def _label(artist: Any) -> str | None:
    label = artist.get_label()
    if not label or label.startswith("_"):
        return None
    return _clean(label)


def _finite(a: np.ndarray) -> np.ndarray:
    a = np.ma.filled(np.ma.asarray(a, dtype=float), np.nan)
    return a[np.isfinite(a)]


def _image_grid(axes: list[Axes]) -> str:
    values = [_finite(np.asarray(im.get_array())) for ax in axes for im in _visible(ax.images)]
    values = [v for v in values if v.size]
    shape = np.shape(_visible(axes[0].images)[0].get_array())[:2]
    titles = [_clean(ax.get_title()) for ax in axes if ax.get_title().strip()]
    text = f"A grid of {len(axes)} small images, each {shape[0]} by {shape[1]}"
    if values:
        low = min(float(v.min()) for v in values)
        high = max(float(v.max()) for v in values)
        text += f", values from {_num(low)} to {_num(high)}"
    text += "."
    if titles:
        shown = ", ".join(titles[:12])
        more = f", and {len(titles) - 12} more" if len(titles) > 12 else ""
        text += f" Titles: {shown}{more}."
    return text


def _axis(ax: Axes, which: str) -> str:
    label = _clean(ax.get_xlabel() if which == "x" else ax.get_ylabel())
    low, high = ax.get_xlim() if which == "x" else ax.get_ylim()
    scale = ax.get_xscale() if which == "x" else ax.get_yscale()
    name = "Horizontal axis" if which == "x" else "vertical axis"
    text = f"{name} {label}, " if label else f"{name} "
    text += f"{_num(low)} to {_num(high)}"
    if scale != "linear" and scale not in label:
        text += f" ({scale} scale)"
    return text


def _trend(x: np.ndarray, y: np.ndarray, xname: str) -> str:
    i_lo, i_hi = int(np.argmin(y)), int(np.argmax(y))
    first, last = float(y[0]), float(y[-1])
    spread = float(y.max() - y.min())
    if spread <= 1e-12 * max(1.0, abs(first)):
        return f"constant at {_num(first)}"
    if abs(last - first) < 0.05 * spread:
        verb = "starts and ends near"
        text = f"{verb} {_num(first)}"
    else:
        verb = "rises" if last > first else "falls"
        text = (f"{verb} from {_num(first)} at {xname} = {_num(x[0])} to {_num(last)} at "
                f"{xname} = {_num(x[-1])}")
    extra = []
    if 0 < i_lo < len(y) - 1:
        extra.append(f"lowest {_num(y[i_lo])} at {xname} = {_num(x[i_lo])}")
    if 0 < i_hi < len(y) - 1:
        extra.append(f"highest {_num(y[i_hi])} at {xname} = {_num(x[i_hi])}")
    if extra:
        text += " (" + "; ".join(extra) + ")"
    return text


def _errorbars(ax: Axes) -> tuple[dict[int, tuple[str | None, str]], set[int]]:
    """The data lines of ``ax``'s error-bar series -> (the series' label, a note on its bars),
    and the ids of the bars and caps, described with their data line, not on their own."""
    data, parts = {}, set()
    for c in ax.containers:
        if not isinstance(c, ErrorbarContainer):
            continue
        line, caps, bars = c.lines
        parts.update(id(a) for a in (*caps, *bars))
        halves = [np.ptp(np.asarray(seg, dtype=float), axis=0) / 2
                  for coll in bars for seg in coll.get_segments() if len(seg)]
        half = _finite(np.array([h.max() for h in halves])) if halves else np.array([])
        note = (f" with error bars of half-width {_num(half.min())} to {_num(half.max())}"
                if half.size else " with error bars")
        if line is not None:
            label = c.get_label()
            data[id(line)] = (label if label and not label.startswith("_") else None, note)
    return data, parts


def _describe_lines(ax: Axes) -> list[str]:
    series, refs = [], []
    with_bars, bar_parts = _errorbars(ax)
    for line in _visible(ax.lines):
        if id(line) in bar_parts:
            continue
        xy = np.ma.filled(np.ma.asarray(line.get_xydata(), dtype=float), np.nan)
        ok = np.all(np.isfinite(xy), axis=1)
        xy = xy[ok]
        if len(xy) == 0:
            continue
        x, y = xy[:, 0], xy[:, 1]
        label, note = with_bars.get(id(line), (_label(line), ""))
        if len(xy) <= 2 and label is None and not note and (np.ptp(x) == 0 or np.ptp(y) == 0):
            if np.ptp(y) == 0 and np.ptp(x) != 0:
                refs.append(f"a horizontal line at {_num(y[0])}")
            elif np.ptp(x) == 0 and np.ptp(y) != 0:
                refs.append(f"a vertical line at {_num(x[0])}")
            else:
                refs.append(f"a point at ({_num(x[0])}, {_num(y[0])})")
            continue
        series.append((label, x, y, note))
    out = []
    if series:
        n = len(series)
        out.append(f"{n} line{'s' if n > 1 else ''}.")
        for k, (label, x, y, note) in enumerate(series[:MAX_SERIES]):
            name = label or f"line {k + 1}"
            dx = np.diff(x)
            if len(y) == 1:
                out.append(f"{name}: one point at {_pt(x[0], y[0])}{note}.")
            elif len(y) == 2:
                out.append(f"{name}: a straight line from {_pt(x[0], y[0])} to "
                           f"{_pt(x[1], y[1])}{note}.")
            elif np.all(dx >= 0) or np.all(dx <= 0):  # y as a function of x
                out.append(f"{name}: {len(y)} points{note}, {_trend(x, y, 'x')}.")
            else:  # a path in the plane (a trajectory, a closed curve)
                out.append(f"{name}: a path of {len(y)} points from {_pt(x[0], y[0])} to "
                           f"{_pt(x[-1], y[-1])}, x from {_num(x.min())} to {_num(x.max())}, "
                           f"y from {_num(y.min())} to {_num(y.max())}.")
        if n > MAX_SERIES:
            out.append(f"{n - MAX_SERIES} more line{'s' if n - MAX_SERIES > 1 else ''}.")
    if refs:
        shown = refs[:3]
        out.append("Reference: " + ", ".join(shown)
                   + (f" and {len(refs) - 3} more" if len(refs) > 3 else "") + ".")
    return out


def _colour_groups(coll: PathCollection, n: int) -> list[tuple[tuple, int]]:
    colours = np.asarray(coll.get_facecolors())
    if coll.get_array() is not None or len(colours) in (0, 1) or len(colours) != n:
        return []
    keys = [tuple(np.round(c, 2)) for c in colours]
    groups: dict[tuple, int] = {}
    for key in keys:
        groups[key] = groups.get(key, 0) + 1
    return sorted(groups.items(), key=lambda kv: -kv[1])


def _against_lines(ax: Axes, xy: np.ndarray) -> str:
    """Where scatter points ``xy`` lie against each named straight line of ``ax`` (two points,
    straight as drawn: in the axes' scales, e.g. log-log): how many above, on and below, and
    against the diagonal y = x the largest ratio y/x."""
    fx, fy = ax.xaxis.get_transform().transform, ax.yaxis.get_transform().transform
    out = []
    for line in _visible(ax.lines):
        label = _label(line)
        ends = np.asarray(line.get_xydata(), dtype=float)
        if label is None or ends.shape != (2, 2) or not np.all(np.isfinite(ends)):
            continue
        (x0, x1), (y0, y1) = fx(ends[:, 0]), fy(ends[:, 1])
        if x0 == x1:
            continue
        with np.errstate(all="ignore"):
            px, py = fx(xy[:, 0]), fy(xy[:, 1])
            ok = np.isfinite(px) & np.isfinite(py)
            gap = py[ok] - (y0 + (y1 - y0) * (px[ok] - x0) / (x1 - x0))
        if not gap.size:
            continue
        tol = 1e-9 * max(1.0, float(np.abs(py[ok]).max()))
        counts = [(int(np.sum(gap > tol)), "above"), (int(np.sum(np.abs(gap) <= tol)), "on"),
                  (int(np.sum(gap < -tol)), "below")]
        shown = [(c, w) for c, w in counts if c]
        where = (f"all {shown[0][0]} {shown[0][1]}" if len(shown) == 1
                 else ", ".join(f"{c} {w}" for c, w in shown))
        text = f"{where} the line {label}"
        if np.allclose(ends[:, 0], ends[:, 1]):  # the diagonal y = x
            with np.errstate(all="ignore"):
                ratio = _finite(xy[:, 1] / xy[:, 0])
            if ratio.size:
                text += f" (largest y/x {_num(ratio.max())})"
        out.append(text)
    return ("; " + "; ".join(out)) if out else ""


def _describe_collections(ax: Axes) -> list[str]:
    out = []
    singles = []  # one-point scatters (markers placed one by one): listed together
    for coll in _visible(ax.collections):
        if isinstance(coll, PathCollection) and _label(coll) is None \
                and coll.get_array() is None and len(_finite_rows(coll.get_offsets())) == 1:
            singles.append(_finite_rows(coll.get_offsets())[0])
    if len(singles) > 1:
        shown = ", ".join(_pt(*p) for p in singles[:6])
        more = f" and {len(singles) - 6} more" if len(singles) > 6 else ""
        out.append(f"{len(singles)} markers at {shown}{more}.")
    bar_parts = _errorbars(ax)[1]  # described with their series (_describe_lines)
    for coll in _visible(ax.collections):
        if id(coll) in bar_parts:
            continue
        label = _label(coll)
        name = f"{label}: " if label else ""
        if isinstance(coll, ContourSet):
            levels = np.asarray(coll.levels, dtype=float)
            kind = "filled contours" if coll.filled else "contour lines"
            if len(levels) <= 6:
                shown = ", ".join(_num(v) for v in levels)
                out.append(f"{name}{kind} at levels {shown}.")
            else:
                out.append(f"{name}{kind}, {len(levels)} levels from {_num(levels[0])} to "
                           f"{_num(levels[-1])}.")
        elif isinstance(coll, PathCollection):
            xy = _finite_rows(coll.get_offsets())
            n = len(xy)
            if n == 0 or (n == 1 and len(singles) > 1 and _label(coll) is None
                          and coll.get_array() is None):
                continue
            text = f"{name}{n} point{'s' if n > 1 else ''}"
            groups = _colour_groups(coll, n)
            if len(groups) > 1:
                counts = ", ".join(str(c) for _, c in groups[:MAX_SERIES])
                text += f" in {len(groups)} colours ({counts})"
            values = coll.get_array()
            if values is not None and np.size(values):
                v = _finite(np.asarray(values))
                if v.size:
                    text += f", coloured by a value from {_num(v.min())} to {_num(v.max())}"
            if n > 1:
                text += (f", x from {_num(xy[:, 0].min())} to {_num(xy[:, 0].max())}, "
                         f"y from {_num(xy[:, 1].min())} to {_num(xy[:, 1].max())}")
                text += _against_lines(ax, xy)
            else:
                text += f" at {_pt(xy[0, 0], xy[0, 1])}"
            out.append(text + ".")
        elif isinstance(coll, QuadMesh):
            v = _finite(np.asarray(coll.get_array()))
            if v.size:
                out.append(f"{name}a colour map of {v.size} cells, values from "
                           f"{_num(v.min())} to {_num(v.max())}.")
        elif isinstance(coll, LineCollection):
            segments = coll.get_segments()
            if segments:
                out.append(f"{name}{len(segments)} line segment"
                           f"{'s' if len(segments) > 1 else ''}.")
        elif isinstance(coll, PolyCollection):
            out.append(f"{name}a shaded region.")
    return out


def _finite_rows(a: Any) -> np.ndarray:
    a = np.ma.filled(np.ma.asarray(a, dtype=float), np.nan).reshape(-1, 2)
    return a[np.all(np.isfinite(a), axis=1)]


def _describe_images(ax: Axes) -> list[str]:
    out = []
    for im in _visible(ax.images):
        if not isinstance(im, AxesImage):
            continue
        a = np.asarray(im.get_array())
        v = _finite(a)
        shape = " by ".join(str(s) for s in a.shape[:2])
        text = f"An image of {shape} pixels"
        if a.ndim == 2 and v.size:
            text += f", values from {_num(v.min())} to {_num(v.max())}"
            cmap = im.get_cmap().name
            if cmap:
                text += f" (colour map {cmap})"
        out.append(text + ".")
    return out


def _describe_bars(ax: Axes) -> list[str]:
    out = []
    for bc in ax.containers:
        if not isinstance(bc, BarContainer):
            continue
        patches = _visible(list(bc.patches))
        if not patches:
            continue
        horizontal = getattr(bc, "orientation", "vertical") == "horizontal"
        size = np.array([p.get_width() if horizontal else p.get_height() for p in patches])
        where = np.array([p.get_y() + p.get_height() / 2 if horizontal
                          else p.get_x() + p.get_width() / 2 for p in patches])
        label = _label(bc)
        names = _tick_names(ax, "y" if horizontal else "x", where)
        text = f"{label}: " if label else ""
        text += f"{len(patches)} bar{'s' if len(patches) > 1 else ''}"
        i = int(np.argmax(size))
        at = names[i] if names else f"{_num(where[i])}"
        text += f", largest {_num(size[i])} at {at}"
        if len(patches) > 1:
            j = int(np.argmin(size))
            at = names[j] if names else f"{_num(where[j])}"
            text += f", smallest {_num(size[j])} at {at}"
        if names and len(patches) <= 8:
            text += "; " + ", ".join(f"{n} {_num(s)}" for n, s in zip(names, size, strict=True))
        out.append(text + ".")
    return out


def _tick_names(ax: Axes, which: str, where: np.ndarray) -> list[str] | None:
    """Category names of bars when the ticks sit at the bars and carry words."""
    axis = ax.xaxis if which == "x" else ax.yaxis
    ticks = np.asarray(axis.get_ticklocs(), dtype=float)
    labels = [t.get_text() for t in axis.get_ticklabels()]
    if len(ticks) != len(labels) or not any(re.search(r"[A-Za-z]", s) for s in labels):
        return None
    names = []
    for w in where:
        k = int(np.argmin(np.abs(ticks - w))) if len(ticks) else -1
        if k < 0 or abs(ticks[k] - w) > 1e-6 * max(1.0, abs(w)):
            return None
        names.append(_clean(labels[k]))
    return names


def _describe_texts(ax: Axes) -> list[str]:
    texts = [_clean(t.get_text()) for t in ax.texts if t.get_visible() and t.get_text().strip()]
    texts = [t for t in texts if len(t) <= 60]
    if not texts:
        return []
    shown = "; ".join(texts[:4])
    more = f" and {len(texts) - 4} more" if len(texts) > 4 else ""
    return [f"Labels: {shown}{more}."]


def _describe_axes(ax: Axes, prefix: str) -> str:
    title = _clean(ax.get_title() or ax.get_title("left") or ax.get_title("right"))
    parts = [f"{prefix}, {title}:" if title else f"{prefix}:"]
    parts += _describe_images(ax)
    parts += _describe_lines(ax)
    parts += _describe_collections(ax)
    parts += _describe_bars(ax)
    parts += _describe_texts(ax)
    if ax.axison and (ax.get_xlabel() or not ax.images):
        parts.append(_axis(ax, "x") + "; " + _axis(ax, "y") + ".")
    legend = ax.get_legend()
    if legend is not None and legend.get_visible():
        names = [_clean(t.get_text()) for t in legend.get_texts() if t.get_text().strip()]
        if names:
            parts.append("Legend: " + ", ".join(names[:8]) + ".")
    return " ".join(parts)


def _describe_colorbar(cb_ax: Axes) -> str:
    cb = cb_ax._colorbar
    label = _clean(cb_ax.get_ylabel() or cb_ax.get_xlabel())
    low, high = cb.vmin, cb.vmax
    text = "Colour scale"
    if label:
        text += f" {label}"
    if low is not None and high is not None:
        text += f" from {_num(low)} to {_num(high)}"
    return text + "."


# -- colour ----------------------------------------------------------------------------------
def colour_use(fig: Figure) -> list[dict[str, Any]]:
    """The distinct colours that tell data apart in each panel, and whether something else
    tells them apart too (a legend, text labels, or different markers or line styles).

    Colour-mapped artists (images, colour scales, scatter coloured by a value) are left out:
    their colour maps are chosen for colour-vision deficiencies as a whole. Greys (equal
    red, green and blue) are left out as well: lightness, which no deficiency removes, is
    what tells them apart. ``tests/test_colour_vision.py`` checks each panel's colours under
    simulated deuteranopia, protanopia and tritanopia.

    Returns
    -------
    list of dict
        One ``{"colours": [hex, ...], "named": bool}`` per panel with data.

    Examples
    --------
    >>> fig = Figure()
    >>> ax = fig.add_subplot()
    >>> _ = ax.plot([0, 1], color="#0072B2", label="a")
    >>> _ = ax.plot([1, 0], color="#E69F00", label="b")
    >>> _ = ax.legend()
    >>> colour_use(fig)
    [{'colours': ['#0072b2', '#e69f00'], 'named': True}]
    """
    from matplotlib.colors import to_hex, to_rgba

    # a legend anywhere in the figure (one panel's, or the figure's) names what it lists
    legends = [ax.get_legend() for ax in fig.get_axes()] + list(fig.legends)
    listed = {t.get_text() for lg in legends if lg is not None and lg.get_visible()
              for t in lg.get_texts()}
    panels = []
    for ax in fig.get_axes():
        if not ax.get_visible() or _is_colorbar(ax) or not _has_content(ax):
            continue
        found: list[str] = []
        styles: set[tuple] = set()

        def add(colour: Any, found: list[str] = found) -> None:
            r, g, b, a = to_rgba(colour)
            if a == 0 or (abs(r - g) < 0.02 and abs(g - b) < 0.02):
                return
            code = to_hex((r, g, b))
            if code not in found:
                found.append(code)

        bar_parts = _errorbars(ax)[1]  # caps: a marker of their series, not a style
        for line in _visible(ax.lines):
            add(line.get_color())
            if id(line) not in bar_parts:
                styles.add((line.get_marker(), line.get_linestyle()))
        for coll in _visible(ax.collections):
            if isinstance(coll, (ContourSet, QuadMesh)) or coll.get_array() is not None:
                continue
            if isinstance(coll, PathCollection):
                if not len(_finite_rows(coll.get_offsets())):
                    continue  # an empty scatter (a legend handle) shows nothing
                # marker shapes, told apart by their outlines
                styles.update({id(p): np.round(p.vertices, 3).tobytes()
                               for p in coll.get_paths()[:2000]}.values())
            for colour in np.asarray(coll.get_facecolors())[:64]:
                add(colour)
        for bc in ax.containers:
            if isinstance(bc, BarContainer):
                for patch in _visible(list(bc.patches))[:64]:
                    add(patch.get_facecolor())
        legend = ax.get_legend()
        labels = {a.get_label() for a in [*ax.lines, *ax.collections, *ax.containers]
                  if a.get_label() and not a.get_label().startswith("_")}
        named = bool((legend is not None and legend.get_visible())
                     or (labels and labels <= listed)
                     or [t for t in ax.texts if t.get_visible() and t.get_text().strip()]
                     or len(styles) >= len(found))
        if found:
            panels.append({"colours": found, "named": named})
    return panels
