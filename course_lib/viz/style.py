"""Plot helpers and the course's one matplotlib style.

Helpers take ``ax=None``, draw on it and return it; they never call ``plt.show()`` and never
change global ``rcParams``: the style is applied with :func:`style` (a context manager).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes

__all__ = ["CLASS_COLORS", "PALETTE", "STYLE", "contrast_ratio", "new_axes", "readable_on",
           "scatter_classes", "style"]

#: Colour-blind-safe colours for class 0 / class 1 (blue / orange, Okabe–Ito palette).
#: The course palette: the colour-blind-safe Okabe–Ito colours, and two light tints for
#: backgrounds. Plots name colours from here, never by hex code.
PALETTE = {"blue": "#0072B2", "orange": "#E69F00", "green": "#009E73", "pink": "#CC79A7",
           "sky": "#56B4E9", "vermillion": "#D55E00", "yellow": "#F0E442", "black": "#000000",
           "light_orange": "#FFF3D6", "light_green": "#E8F4EA", "light_sky": "#CFE8F7"}
CLASS_COLORS = (PALETTE["blue"], PALETTE["orange"])

STYLE: dict[str, object] = {
    "figure.figsize": (6.0, 4.0),
    "figure.dpi": 90,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "axes.prop_cycle": mpl.cycler(color=[PALETTE[k] for k in (
        "blue", "orange", "green", "pink", "sky", "vermillion", "yellow", "black")]),
    "image.cmap": "RdBu_r",
}


@contextmanager
def style() -> Iterator[None]:
    """Apply the course style inside a ``with`` block only.

    Examples
    --------
    >>> import matplotlib as mpl
    >>> with style():
    ...     mpl.rcParams["axes.grid"]
    True
    >>> mpl.rcParams["axes.grid"]   # restored afterwards
    False
    """
    with mpl.rc_context(STYLE):
        yield


def new_axes(ax: Axes | None = None, figsize: tuple[float, float] | None = None) -> Axes:
    """Return ``ax``, or a fresh Axes on a new Figure in the course style."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt  # pyplot only when a notebook asks for a new figure

    with style():
        _, ax = plt.subplots(figsize=figsize)
    return ax


#: A legend to the right of the axes, its top level with theirs (it never covers data).
LEGEND_OUTSIDE = {"loc": "upper left", "bbox_to_anchor": (1.02, 1.0), "borderaxespad": 0.0}


def scatter_classes(X: np.ndarray, y: np.ndarray, ax: Axes | None = None, *,
                    legend: bool = True, **kwargs) -> Axes:
    """Scatter 2-D points of a binary label (any two label values): a colour and a marker
    shape per class (circles and triangles, so the classes differ without colour too).

    Parameters
    ----------
    X : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,)
    ax : Axes, optional
    legend : bool, default True
        Name the two classes in a legend ("class <label>"), right of the axes.
    s : float, optional
        Marker area (default 14).

    Returns
    -------
    Axes
    """
    from ..validation import check_array, check_binary_labels, check_bool

    X = check_array(X, "X", ndim=2, shape=(None, 2), shape_doc="(n_samples, 2)")
    classes, t = check_binary_labels(y)
    ax = new_axes(ax)
    for sign, color, marker, cls in ((-1, CLASS_COLORS[0], "o", classes[0]),
                                     (1, CLASS_COLORS[1], "^", classes[1])):
        pts = X[t == sign]
        ax.scatter(pts[:, 0], pts[:, 1], s=kwargs.get("s", 14), color=color, marker=marker,
                   edgecolor="white", linewidth=0.4, label=f"class {cls}")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if check_bool(legend, "legend"):  # outside the axes: it never covers a point
        ax.legend(**LEGEND_OUTSIDE)
    return ax


def _luminance(rgb) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour (components in [0, 1])."""
    c = np.asarray(rgb, dtype=float)[:3]
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(lin @ [0.2126, 0.7152, 0.0722])


def contrast_ratio(a, b) -> float:
    """WCAG 2.1 contrast ratio of two sRGB colours, from 1 (none) to 21 (black on white).

    >>> round(contrast_ratio((0, 0, 0), (1, 1, 1)), 1)
    21.0
    """
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_on(background) -> str:
    """"black" or "white": the text colour with the higher contrast on ``background`` (sRGB or
    RGBA in [0, 1]). One of them always reaches at least 4.58:1, above WCAG AA's 4.5:1.

    >>> readable_on((0.02, 0.19, 0.38)), readable_on((0.97, 0.97, 0.97))
    ('white', 'black')
    """
    white = contrast_ratio(background, (1, 1, 1))
    black = contrast_ratio(background, (0, 0, 0))
    return "white" if white >= black else "black"
