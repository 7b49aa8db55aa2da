"""Short labels drawn from bitmaps rendered once, for the widget apps (Agg, blitting).

A Text artist is laid out by FreeType and rendered glyph by glyph on every draw, about 1 ms
apiece; an app that redraws tens of labels per frame spends most of its time there. A
:class:`SpriteLabels` artist renders each distinct label once (cached per text, size,
alignment, dpi and font settings) and pastes the pixels on the whole pixel nearest the label's
position, so the frame shows the pixels Agg would draw for a Text placed there (half a pixel at
most from the exact place). Static plots keep ordinary Text artists.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

__all__ = ["SpriteLabels"]

_SPRITES: dict[tuple, tuple[np.ndarray, int, int, np.ndarray]] = {}
_SCRATCH: dict[float, tuple] = {}  # dpi -> (Figure, canvas) the labels are rendered on
_FONT_KEYS = ("font.family", "font.sans-serif", "font.size", "font.weight", "text.color",
              "text.hinting", "text.hinting_factor", "text.antialiased")


def _sprite(text: str, fontsize: float, ha: str, va: str, dpi: float, rc: tuple) -> tuple:
    """The pixels of one label, rendered once by Agg exactly as a Text anchored on a whole
    pixel would be: (RGBA rows bottom-up, x and y offsets of their lower-left corner from the
    anchor pixel, the Text's layout box (x0, y0, x1, y1) relative to the anchor). Cached per
    text, size, alignment, dpi and font settings ``rc``."""
    key = (text, fontsize, ha, va, dpi, rc)
    if key not in _SPRITES:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.transforms import IdentityTransform

        if len(_SPRITES) > 4096:  # a bound, never reached by the lesson's apps
            _SPRITES.clear()
        if dpi not in _SCRATCH:  # 15 x 2.5 inches: a 60-character title at 11 pt fits
            fig = Figure(figsize=(15, 2.5), dpi=dpi)
            fig.patch.set_alpha(0.0)
            _SCRATCH[dpi] = (fig, FigureCanvasAgg(fig))
        fig, canvas = _SCRATCH[dpi]
        renderer = canvas.get_renderer()
        renderer.clear()
        height, width = int(renderer.height), int(renderer.width)
        x0, y0 = width // 2, height // 2  # the anchor, on a whole pixel
        label = fig.text(x0, y0, text, fontsize=fontsize, ha=ha, va=va,
                         transform=IdentityTransform())
        label.draw(renderer)
        box = label.get_window_extent(renderer).extents - (x0, y0, x0, y0)
        label.remove()
        # the ink lies within the layout box but for a few pixels (glyph overhangs)
        left, right = max(int(x0 + box[0]) - 8, 0), min(int(x0 + box[2]) + 9, width)
        top, bottom = max(height - int(y0 + box[3]) - 9, 0), min(height - int(y0 + box[1]) + 8,
                                                                 height)
        rgba = np.asarray(renderer.buffer_rgba())[top:bottom, left:right]
        rows, cols = np.flatnonzero(rgba[..., 3].any(1)), np.flatnonzero(rgba[..., 3].any(0))
        if len(rows) == 0:  # a blank label
            _SPRITES[key] = (np.zeros((1, 1, 4), np.uint8), 0, 0, box)
        else:
            r0, r1, c0, c1 = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
            if left == 0 or top == 0 or right == width or bottom == height:
                raise ValueError(f"label {text!r} is too long for an app's label cache")
            crop = np.ascontiguousarray(rgba[r0:r1, c0:c1][::-1])
            _SPRITES[key] = (crop, int(left + c0 - x0), int(height - (top + r1) - y0), box)
    return _SPRITES[key]


class SpriteLabels(Artist):
    """Many short labels of one Axes drawn as cached bitmaps (see :func:`_sprite`).

    Each label is anchored on the whole pixel nearest its position (a Text is placed to
    1/64 px; half a pixel at most, not visible), so the pixels are those Agg draws for a
    Text there. Labels are ``(text, x, y, ha, va, fontsize, coords)`` as in
    :func:`_network_geometry`, ``coords`` one of "data", "xaxis" (x in data, y in axes
    coordinates) or "title" (at the Axes title's place and in its size; x and y unused).
    For the apps only (Agg); static plots use Text artists. The labels take the font and
    ``text.color`` of the rcParams in force when :meth:`set_labels` is called.
    """

    def __init__(self, ax: Axes, zorder: float = 3) -> None:
        super().__init__()
        self.set_zorder(zorder)
        self.set_animated(True)
        self.set_clip_on(False)
        ax.add_artist(self)
        self.labels: list[tuple] = []
        self._rc: tuple = ()
        self._points: dict[str, np.ndarray] = {}
        self._by_dpi: dict[float, dict[str, list]] = {}

    def set_labels(self, labels: list[tuple]) -> None:
        """Set the labels and render the new ones (call inside the course style: the labels
        take its fonts)."""
        import matplotlib as mpl

        self._rc = tuple(str(mpl.rcParams[k]) for k in _FONT_KEYS)
        self.labels = list(labels)
        points: dict[str, list] = {}
        for _text, x, y, _ha, _va, _size, coords in self.labels:
            points.setdefault(coords, []).append((x, y))
        self._points = {k: np.array(v, dtype=float) for k, v in points.items()}
        self._by_dpi = {}
        self._sprites(self.axes.get_figure(root=True).dpi)
        self.stale = True

    def _sprites(self, dpi: float) -> dict[str, list]:
        """The labels' bitmaps at ``dpi`` (the figure's, or a sharper frame's: see
        :meth:`FigureApp.sharpen`), grouped by coordinates as ``_points`` is."""
        if dpi in self._by_dpi:
            return self._by_dpi[dpi]
        sprites: dict[str, list] = {}
        for text, _x, _y, ha, va, size, coords in self.labels:
            if coords == "title":
                size, ha, va = self.axes.title.get_fontsize(), "center", "baseline"
            sprites.setdefault(coords, []).append(_sprite(text, size, ha, va, dpi, self._rc))
        self._by_dpi[dpi] = sprites
        return sprites

    def get_texts(self) -> list[str]:
        """The texts of the labels, in order."""
        return [label[0] for label in self.labels]

    def _anchors(self, snap: bool = True, dpi: float | None = None) -> list[tuple]:
        """(anchor pixel, sprite) of each label: where it is drawn, or with ``snap=False``
        where a Text would be; sprites at ``dpi`` (default: the figure's)."""
        ax, placed = self.axes, []
        for coords, sprites in self._sprites(dpi or ax.get_figure(root=True).dpi).items():
            if coords == "title":
                where = ax.title.get_transform().transform([ax.title.get_position()])
                where = np.repeat(where, len(sprites), axis=0)
            else:
                transform = ax.transData if coords == "data" else ax.get_xaxis_transform()
                where = transform.transform(self._points[coords])
            placed += list(zip(np.rint(where).astype(int) if snap else where, sprites,
                               strict=True))
        return placed

    def get_window_extent(self, renderer: Any = None) -> Bbox:
        """The labels' layout boxes, as Text reports them (a layout engine makes room)."""
        placed = self._anchors(snap=False)
        if not placed:
            return Bbox.null()
        boxes = np.array([sprite[3] + np.tile(xy, 2) for xy, sprite in placed])
        return Bbox([boxes[:, :2].min(axis=0), boxes[:, 2:].max(axis=0)])

    def draw(self, renderer: Any) -> None:
        if not self.get_visible():
            return
        gc = renderer.new_gc()
        for (x, y), (image, dx, dy, _) in self._anchors(dpi=renderer.dpi):
            renderer.draw_image(gc, int(x + dx), int(y + dy), image)
        gc.restore()
        self.stale = False
