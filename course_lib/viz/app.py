"""The widget-app pattern: controls + one matplotlib Figure shown as a PNG, updated in place.

A lesson's app subclasses :class:`FigureApp`: ``_build(fig)`` creates the axes and artists
once; ``_render(params)`` recomputes with a fast core and updates those artists in place
(``set_data``, ``set_offsets``...), returning a one-line readout. The figure is rendered by
Agg to PNG bytes and sent to a ``widgets.Image``; measured end to end in JupyterLab this is
the quickest of the usual options (about 65 ms a step against about 100 ms for ipympl and
100–160 ms for ``interactive_output``) and, unlike ``interact``, it leaves no captured output
in the cell, so the notebook's stored outputs stay stable.

Blitting: artists created with ``animated=True`` are the ones that change. The rest (axes,
ticks, labels, legends) is drawn once and cached; an update restores that background, draws
only the animated artists and encodes the pixels. Measured on a two-panel figure with log
axes: 9–11 ms per update instead of 64 ms for a full redraw (170–190 ms with constrained
layout). A subclass that changes something static (axis limits, a title) calls
:meth:`FigureApp.invalidate` so the next update redraws everything, or, where a menu entry
determines the static parts, :meth:`FigureApp.show_static` with that entry: each version is
drawn once and restored on the way back (lesson 06's function menu: 43 -> 17 ms in the kernel,
lesson 05's loss menu: 30 -> 4 ms); an app with no animated artists at all (one that clears
and re-plots its axes) is simply redrawn in full each time.

Sharp at rest: while a control moves, each frame has one pixel per CSS pixel (the quickest
to draw, encode, send and decode: every control answers within 100 ms in the browser tests).
Once the controls have rested for ``sharpen_after_s`` (0.3 s), the kernel's event loop draws
the same frame again at ``pixel_ratio`` (2) pixels per CSS pixel, so it is sharp on a
high-density screen; a change before then makes it void. Only the image changes: the figure
returns to one pixel per CSS pixel, and a script or test, with no event loop running, sees
the 1x frames only (it may call :meth:`FigureApp.sharpen` itself).

Threads: JupyterLab may deliver widget messages to a kernel subshell, whose thread runs
``update`` while the main thread's event loop runs a cell or a scheduled ``sharpen`` (the
browser tests caught a 2x frame drawn by an update in the middle of a sharpen). One lock per
app serialises them, and a scheduled sharpen draws nothing if an update came after it.

Tests drive an app headless: set ``app.controls["margin"].value`` and inspect the artists.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Hashable
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..validation import check_bool, check_choice, check_int, check_scalar, describe
from .access import Access, mark_app
from .alt import alt_text
from .style import style

__all__ = ["AppView", "FigureApp", "check_control_value", "encode_png"]


def check_control_value(control: widgets.Widget, value: Any, name: str) -> Any:
    """Check a value for an app's control as the cores check their arguments; return it.

    A slider would silently clamp a value out of its range (``width=-5`` became 1) and
    traitlets would answer a wrong type with a long traceback of its own; here the message
    names the parameter, the range or the choices, and the value that arrived, through the
    course's validation module.

    Examples
    --------
    >>> check_control_value(widgets.IntSlider(min=1, max=24), 5, "width")
    5
    >>> check_control_value(widgets.IntSlider(min=1, max=24), -5, "width")
    Traceback (most recent call last):
    ...
    ValueError: width must be an integer in [1, 24]; got -5
    """
    current = control.value
    if isinstance(control, widgets.FloatLogSlider):  # min and max are exponents of base
        return check_scalar(value, name, low=control.base ** control.min,
                            high=control.base ** control.max)
    if hasattr(control, "_options_values"):  # Dropdown, ToggleButtons, SelectionSlider, ...
        options = list(control._options_values)
        if isinstance(current, tuple):  # SelectMultiple: a tuple of options
            if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
                raise TypeError(f"{name} must be a tuple of some of {options}; got "
                                f"{describe(value)}")
            return tuple(check_choice(v, name, options) for v in value)
        return check_choice(value, name, options)
    if isinstance(current, bool):  # Checkbox, ToggleButton
        return check_bool(value, name)
    if hasattr(control, "min") and hasattr(control, "max"):  # sliders, Play, bounded boxes
        if isinstance(current, int):
            return check_int(value, name, low=control.min, high=control.max)
        return check_scalar(value, name, low=control.min, high=control.max)
    if isinstance(current, str):  # Text
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a str; got {describe(value)}")
        return value
    return value  # a control of another kind: its own validation applies


def encode_png(pixels: np.ndarray, level: int = 1) -> bytes:
    """RGBA pixels of shape (height, width, 4), uint8, as PNG bytes, made for speed.

    Every row uses PNG's "none" filter and zlib level 1. Pillow's encoder chooses a filter
    per row, which compresses a little better and costs three times as long: measured on a
    2x-density 1376x560 frame, 51 ms with Pillow against 17 ms here (103 KB against 105 KB),
    the largest part of a widget update.
    """
    import struct
    import zlib

    height, width, _ = pixels.shape
    rows = np.empty((height, width * 4 + 1), np.uint8)
    rows[:, 0] = 0  # filter type "none" before each row
    rows[:, 1:] = pixels.reshape(height, width * 4)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows.tobytes(), level)) + chunk(b"IEND", b""))


class AppView(widgets.VBox):
    """The box a notebook shows for an app: controls, figure and readout.

    Its display bundle carries, besides the live widget view, the current frame as a static
    ``image/png`` (at the figure's natural width) and a one-line ``text/plain``: JupyterLab
    renders the live widget (its widget renderer ranks above images), while GitHub,
    nbviewer, nbconvert and the course website, which cannot run widgets, show the picture
    instead of ``VBox(children=(HBox(...``.
    """

    def __init__(self, app: FigureApp, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._app = app
        self.children = (*self.children, app.access)
        mark_app(self, app.image, app.readout, app.controls, app.access)

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict, dict]:
        import base64
        import re

        data = dict(super()._repr_mimebundle_(**kwargs) or {})
        app = self._app
        readout = re.sub(r"<[^>]+>", "", app.readout.value).strip()
        data["text/plain"] = f"{type(app).__name__}: {readout}" if readout else repr(app)
        data["image/png"] = base64.b64encode(app.png()).decode("ascii")
        return data, {"image/png": {"alt": app.access.alt}}


class FigureApp:
    """Base class of the course's widget apps.

    Subclasses set ``figsize`` and implement ``_controls``, ``_build`` and ``_render``.

    Attributes
    ----------
    controls : dict of str to ipywidgets.Widget
        The app's inputs, keyed by parameter name.
    params : dict
        The current parameter values.
    figure : matplotlib.figure.Figure
    image : ipywidgets.Image
    readout : ipywidgets.HTML
        One line under the figure describing what it shows.
    last_update_ms : dict
        ``{"compute": ..., "draw": ...}`` times of the last update, in milliseconds ("draw":
        render, encode and describe the frame in words for its alt text).
    sharp : bool
        Whether the image shows the current frame at ``pixel_ratio`` (see :meth:`sharpen`).
    last_sharpen_ms : float
        Time the last :meth:`sharpen` took, in milliseconds.
    """

    figsize: tuple[float, float] = (9.0, 3.8)
    dpi: int = 80
    #: Pixels per CSS pixel of the frame shown once the controls rest (:meth:`sharpen`).
    #: The image is shown at its natural size (``figsize * dpi`` CSS pixels, never
    #: stretched to the page width, at most 100% of it); 2 makes it sharp on high-density
    #: screens. Frames drawn while a control moves have one pixel per CSS pixel: at 2 they
    #: draw and encode four times the pixels, and key press to new image took 110 ms instead
    #: of 88 ms (lesson 01) and 196 ms instead of 137 ms (lesson 02) in the browser tests.
    #: 1 turns sharpening off.
    pixel_ratio: int = 2
    #: Seconds the controls must rest before the sharp frame is drawn.
    sharpen_after_s: float = 0.3

    def __init__(self, **params: Any) -> None:
        self.controls: dict[str, widgets.Widget] = self._controls()
        unknown = set(params) - set(self.controls)
        if unknown:
            raise ValueError(f"unknown parameter(s) {sorted(unknown)} for "
                             f"{type(self).__name__}; the parameters are {list(self.controls)}")
        for key, value in params.items():
            self.controls[key].value = check_control_value(self.controls[key], value, key)
        self.params = {k: c.value for k, c in self.controls.items()}
        self._backdrop: list[Any] = []   # see set_backdrop
        # (static key, figure dpi) -> static parts without the backdrop; see show_static
        self._bare: dict[tuple[Hashable, float], Any] = {}
        self._static_key: Hashable = None
        with style():
            self.figure = Figure(figsize=self.figsize, dpi=self.dpi, layout="constrained")
            self.canvas = FigureCanvasAgg(self.figure)
            self._build(self.figure)
        # (static key, figure dpi) -> static parts with the backdrop, drawn once
        self._backgrounds: dict[tuple[Hashable, float], Any] = {}
        self._frame = b""  # the current frame's PNG, one pixel per CSS pixel
        self._lock = threading.RLock()  # update / sharpen, from any thread (see the module)
        self._generation = 0  # updates so far: a sharpen scheduled by an older one is void
        self.sharp = False
        self.last_sharpen_ms = 0.0
        width = round(self.figsize[0] * self.dpi)  # CSS pixels: the figure's natural size
        self.image = widgets.Image(format="png", width=str(width),
                                   layout=widgets.Layout(max_width="100%", height="auto",
                                                         object_fit="contain"))
        self.readout = widgets.HTML()
        self.access = Access()  # alt text, live readout and control names in JupyterLab
        self.last_update_ms = {"compute": 0.0, "draw": 0.0}
        self._syncing = False
        for name, control in self.controls.items():
            control.observe(self._on_change(name), names="value")
        self.update()

    # -- to implement in subclasses ---------------------------------------------------------
    def _controls(self) -> dict[str, widgets.Widget]:
        raise NotImplementedError

    def _build(self, fig: Figure) -> None:
        raise NotImplementedError

    def _render(self, params: dict[str, Any]) -> str:
        raise NotImplementedError

    # -- machinery ----------------------------------------------------------------------------
    def _on_change(self, name: str):
        def handler(change: dict[str, Any]) -> None:
            if not self._syncing:
                self.update(**{name: change["new"]})
        return handler

    def update(self, **params: Any) -> None:
        """Set parameters (the controls follow), recompute and redraw."""
        with self._lock:
            self._update(params)

    def _update(self, params: dict[str, Any]) -> None:
        unknown = set(params) - set(self.controls)
        if unknown:
            raise ValueError(f"unknown parameter(s) {sorted(unknown)} for "
                             f"{type(self).__name__}; the parameters are {list(self.controls)}")
        self._syncing = True
        try:
            for key, value in params.items():
                self.controls[key].value = check_control_value(self.controls[key], value, key)
        finally:
            self._syncing = False
        self.params = {k: c.value for k, c in self.controls.items()}
        t0 = time.perf_counter()
        with style():
            text = self._render(dict(self.params))
        t1 = time.perf_counter()
        self._blit()
        self._frame = encode_png(np.asarray(self.canvas.buffer_rgba()))
        self.image.value = self._frame
        self.sharp = False
        self.readout.value = text
        self.access.alt = alt_text(self.figure)  # the same frame, in words
        t2 = time.perf_counter()
        self.last_update_ms = {"compute": 1e3 * (t1 - t0), "draw": 1e3 * (t2 - t1)}
        self._generation += 1
        self._schedule_sharpen()

    def _schedule_sharpen(self) -> None:
        """Draw the sharp frame once the controls have rested ``sharpen_after_s`` seconds,
        from the event loop the kernel runs (without one, in a script or a test, nothing is
        scheduled). A later update makes it void: when it fires it sees a newer generation
        and draws nothing, whichever thread's loop that update came from."""
        if self.pixel_ratio == 1:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        loop.call_later(self.sharpen_after_s, self._sharpen_if_current, self._generation)

    def _sharpen_if_current(self, generation: int) -> None:
        with self._lock:
            if generation == self._generation:
                self.sharpen()

    def sharpen(self) -> None:
        """Show the current frame drawn at ``pixel_ratio`` pixels per CSS pixel (same
        natural size on the page, sharp on a high-density screen). The figure returns to
        one pixel per CSS pixel afterwards: later updates, and :meth:`png`, are as before."""
        with self._lock:
            if self.pixel_ratio == 1 or self.sharp:
                return
            t0 = time.perf_counter()
            self.figure.set_dpi(self.dpi * self.pixel_ratio)
            try:
                self._blit()
                frame = encode_png(np.asarray(self.canvas.buffer_rgba()))
            finally:
                self.figure.set_dpi(self.dpi)
            self.image.value = frame
            self.sharp = True
            self.last_sharpen_ms = 1e3 * (time.perf_counter() - t0)

    def invalidate(self) -> None:
        """Forget the cached backgrounds: the next update redraws the whole figure."""
        self._backgrounds.clear()
        self._bare.clear()

    #: How many versions of the static parts :meth:`show_static` keeps, the oldest dropped
    #: first. Each holds up to two RGBA copies of the figure per pixel ratio (with and without
    #: the backdrop): 1 MB each at 1x and 4 MB at 2x for a 800x320 figure.
    static_cache_size = 6

    def show_static(self, key: Hashable) -> None:
        """Say which version of the static parts (tick labels, axis labels, non-animated
        titles and legends) the figure shows, once the app has set them. Each version's
        drawing is cached under its key: going back to a key seen before restores the
        picture instead of redrawing every tick label (what :meth:`invalidate` would do), and a
        new key is drawn once. The key must determine the static parts exactly (e.g. the
        axes' limits): two different pictures under one key show the wrong one."""
        if key == self._static_key:
            return
        self._static_key = key
        keys = list(dict.fromkeys(k for k, _ in self._bare))  # oldest first
        if key not in keys and len(keys) >= self.static_cache_size:
            for cache in (self._bare, self._backgrounds):
                for entry in [e for e in cache if e[0] == keys[0]]:
                    del cache[entry]

    @property
    def _cache_key(self) -> tuple[Hashable, float]:
        """Where the cached drawings of the figure as it is now are kept: (static key, dpi)."""
        return (self._static_key, self.figure.dpi)

    def set_backdrop(self, artists: list[Any]) -> None:
        """Artists that change now and then but not on every frame (e.g. contour lines that
        depend on one control only), set again whenever one of them changed. They are kept
        animated, so a full draw leaves them out, and the next update draws them onto the
        cached figure without them and caches the result as the background: not in every
        frame, and without the full redraw of every tick label and title."""
        for artist in artists:
            artist.set_animated(True)
        self._backdrop = list(artists)
        self._backgrounds.clear()  # the figure without them (_bare) stays

    def _blit(self) -> None:
        backdrop = set(map(id, self._backdrop))
        animated = self.figure.findobj(lambda a: a.get_animated() and a.get_visible()
                                       and id(a) not in backdrop)
        if not animated:
            # an app that re-plots its axes (no animated artists) has no static background to
            # cache: draw everything every time, or the first frame would stay on screen
            self.canvas.draw()
            self.figure.set_layout_engine("none")
            return
        key = self._cache_key
        background = self._backgrounds.get(key)
        if background is None:
            if key in self._bare:
                self.canvas.restore_region(self._bare[key])
            else:
                self.canvas.draw()  # static parts only: Agg skips animated artists here
                self.figure.set_layout_engine("none")  # freeze the layout: no jumps, no cost
                if self._backdrop or self._static_key is not None:
                    self._bare[key] = self.canvas.copy_from_bbox(self.figure.bbox)
            for artist in sorted(self._backdrop, key=lambda a: a.get_zorder()):
                if artist.get_visible():
                    (artist.axes or self.figure).draw_artist(artist)
            self._backgrounds[key] = self.canvas.copy_from_bbox(self.figure.bbox)
        else:
            self.canvas.restore_region(background)
        for artist in sorted(animated, key=lambda a: a.get_zorder()):
            if artist.axes is not None:
                artist.axes.draw_artist(artist)
            else:
                self.figure.draw_artist(artist)

    def png(self) -> bytes:
        """The current frame as PNG bytes, one pixel per CSS pixel: what the image shows
        while a control moves, and the static picture stored in the notebook for places that
        cannot run widgets (the sharp frame is :attr:`image`'s value once :attr:`sharp`)."""
        return self._frame

    def show(self) -> AppView:
        """The app as one widget: controls above, figure and readout below (with a static
        picture of the current frame for places that cannot run widgets)."""
        box = widgets.HBox(list(self.controls.values()),
                           layout=widgets.Layout(flex_flow="row wrap"))
        return AppView(self, children=[box, self.image, self.readout])

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"{type(self).__name__}({shown})"
