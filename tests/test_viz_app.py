"""FigureApp and the box a notebook shows (course_lib/viz/app.py)."""

from __future__ import annotations

import asyncio
import base64
import io

import ipywidgets as widgets
import numpy as np
import pytest
from PIL import Image

from course_lib.viz.perceptron import MistakeBoundExplorer


def test_the_shown_box_carries_a_static_picture_and_a_text_line():
    app = MistakeBoundExplorer()
    box = app.show()
    assert isinstance(box, widgets.VBox)
    data, _ = box._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data  # the live view, for JupyterLab
    picture = Image.open(io.BytesIO(base64.b64decode(data["image/png"])))
    assert picture.size[0] == round(app.figsize[0] * app.dpi)  # natural width, 1 px per px
    assert data["text/plain"].startswith("MistakeBoundExplorer: ")
    assert "<" not in data["text/plain"]  # the readout's HTML is stripped
    # the picture follows the app: after a change it shows the new frame
    app.controls["margin"].value = 0.2
    assert box._repr_mimebundle_()[0]["image/png"] != data["image/png"]


def test_the_live_image_is_shown_at_natural_size_and_sharp_once_the_controls_rest():
    app = MistakeBoundExplorer()
    css = round(app.figsize[0] * app.dpi)
    assert app.image.width == str(css)
    assert app.image.layout.max_width == "100%"
    assert Image.open(io.BytesIO(app.image.value)).size[0] == css  # while a control moves
    assert app.pixel_ratio == 2 and not app.sharp
    app.sharpen()
    assert app.sharp and Image.open(io.BytesIO(app.image.value)).size[0] == 2 * css
    assert Image.open(io.BytesIO(app.png())).size[0] == css  # the stored picture stays 1x
    app.controls["margin"].value = 0.3
    assert not app.sharp and Image.open(io.BytesIO(app.image.value)).size[0] == css


def in_a_fresh_event_loop(session):
    """``asyncio.run(session())`` in a thread of its own, as a kernel runs its loop: the
    test process may have a loop running already (playwright's, in a browser test's worker)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(session())).result()


def test_the_sharp_frame_follows_a_rest_in_the_event_loop_and_a_change_cancels_it():
    """In JupyterLab the kernel runs an asyncio loop: the sharp frame comes from it, once,
    ``sharpen_after_s`` after the last change."""
    import time
    from concurrent.futures import ThreadPoolExecutor

    class Rested(MistakeBoundExplorer):
        sharpen_after_s = 0.5

    async def session() -> list[tuple[str, bool]]:
        app = Rested()                               # its first frame: sharp at 0.5 s ...
        seen = [("built", app.sharp)]
        await asyncio.sleep(0.3)
        app.controls["margin"].value = 0.3           # ... but a change at 0.3 s starts again
        await asyncio.sleep(0.3)
        seen.append(("0.6 s", app.sharp))
        await asyncio.sleep(0.5)
        seen.append(("1.1 s", app.sharp))
        return seen

    assert in_a_fresh_event_loop(session) == [("built", False), ("0.6 s", False), ("1.1 s", True)]
    with ThreadPoolExecutor(1) as pool:  # a thread with no event loop (a script): 1x only
        app = pool.submit(Rested).result()
    time.sleep(0.6)
    assert not app.sharp


def test_updates_from_another_thread_never_meet_a_sharpen_half_way():
    """JupyterLab may deliver widget messages to a kernel subshell: its thread updates the
    app while the main thread's event loop sharpens it. Each 1x frame must stay 1x, and a
    sharpen scheduled before an update (on the main loop) must not show the old state."""
    import threading
    import time

    class Rested(MistakeBoundExplorer):
        sharpen_after_s = 0.2

    app = Rested()
    css = round(app.figsize[0] * app.dpi)
    widths, done = [], threading.Event()

    def learner() -> None:  # the subshell: moves the slider 10 times
        for k in range(10):
            app.controls["margin"].value = 0.1 + 0.005 * k
            widths.append(Image.open(io.BytesIO(app.png())).size[0])
        done.set()

    thread = threading.Thread(target=learner)
    thread.start()
    while not done.is_set():  # the main loop: sharpens whatever it finds, meanwhile
        app.sharp = False
        app.sharpen()
        time.sleep(0.001)  # (a lock is not fair: give the other thread its turn)
    thread.join()
    assert widths == [css] * 10

    async def scheduled_then_moved_elsewhere() -> bool:
        app.update(margin=0.3)                       # schedules a sharpen on this loop
        mover = threading.Thread(target=app.update, kwargs={"margin": 0.31})
        mover.start()                                # an update with no loop of its own
        mover.join()
        await asyncio.sleep(0.4)
        return app.sharp

    assert in_a_fresh_event_loop(scheduled_then_moved_elsewhere) is False
    assert app.params["margin"] == 0.31


def test_the_fast_png_encoder_round_trips_exactly():
    import numpy as np

    from course_lib.viz.app import encode_png

    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, size=(7, 13, 4), dtype=np.uint8)
    decoded = np.asarray(Image.open(io.BytesIO(encode_png(pixels))))
    assert decoded.shape == pixels.shape and np.array_equal(decoded, pixels)


def test_an_html_export_shows_the_widget_cells_picture():
    """nbconvert (as GitHub and nbviewer) cannot run widgets: it must find the static PNG
    the app's box stores, not print ``VBox(children=...``."""
    import re
    from pathlib import Path

    from nbconvert import HTMLExporter

    path = Path(__file__).resolve().parents[1] / "notebooks" / "01_perceptron.ipynb"
    body, _ = HTMLExporter().from_filename(str(path))
    cells = re.split(r'<div class="jp-Cell ', body)
    shown = [c for c in cells if "MistakeBoundExplorer" in re.sub(r"<[^>]+>", "", c)
             and ".show()" in re.sub(r"<[^>]+>", "", c)]
    assert shown, "the widget cell is not in the export"
    assert 'src="data:image/png;base64,' in shown[0]
    assert "VBox(children" not in shown[0]


# --- every widget app: moving a slider must change the picture ------------------------------------
def _all_apps():
    import importlib
    import pkgutil

    import course_lib.viz as viz
    from course_lib.viz.app import FigureApp

    apps = []
    for mod in pkgutil.iter_modules(viz.__path__):
        module = importlib.import_module(f"course_lib.viz.{mod.name}")
        apps += [obj for obj in vars(module).values() if isinstance(obj, type)
                 and issubclass(obj, FigureApp) and obj is not FigureApp
                 and obj.__module__ == module.__name__]
    return apps


@pytest.mark.parametrize("app_class", _all_apps(), ids=lambda c: c.__name__)
def test_every_app_redraws_its_image_when_its_main_control_moves(app_class):
    # A blitted app that re-plots without animated artists or invalidate() shows a stale
    # frame: the readout follows the slider, the image does not (lesson 02 had this bug).
    # The main control is the app's first one (later ones may matter only in another mode,
    # e.g. τ only for the quantile loss).
    import ipywidgets as widgets

    app = app_class()
    name, control = next(iter(app.controls.items()))
    before = app.image.value
    if isinstance(control, (widgets.IntSlider, widgets.FloatSlider, widgets.FloatLogSlider)):
        log = isinstance(control, widgets.FloatLogSlider)
        top = 10**control.max if log else control.max
        control.value = top if control.value != top else (10**control.min if log else control.min)
    elif isinstance(control.value, bool):
        control.value = not control.value
    else:  # a dropdown or toggle buttons: the last option
        options = [o[1] if isinstance(o, tuple) else o for o in control.options]
        control.value = options[-1] if control.value != options[-1] else options[0]
    assert app.image.value != before, f"{app_class.__name__}: moving {name!r} left the image"

    # the sharp frame a resting control gets (issue 13): the figure as matplotlib draws it in
    # full at twice the dpi. Blitting draws the animated artists last, a full draw by zorder,
    # so a few pixels may differ (at most 0.22% of them measured, as many as at 1x).
    frame = app.png()
    app.sharpen()
    sharp = np.asarray(Image.open(io.BytesIO(app.image.value)).convert("RGB"), dtype=float)
    h, w = Image.open(io.BytesIO(frame)).size[::-1]
    assert sharp.shape == (2 * h, 2 * w, 3) and app.figure.dpi == app.dpi
    animated = app.figure.findobj(lambda a: a.get_animated())
    app.figure.set_dpi(2 * app.dpi)
    for artist in animated:
        artist.set_animated(False)
    app.canvas.draw()
    full = np.asarray(app.canvas.buffer_rgba())[..., :3].astype(float)
    for artist in animated:
        artist.set_animated(True)
    app.figure.set_dpi(app.dpi)
    far = (np.abs(full - sharp).max(axis=-1) > 64).mean()
    assert far < 0.003, f"{app_class.__name__}: {far:.2%} of the sharp frame's pixels differ"
    # ... and it leaves no trace: the same state drawn again at 1x is the same frame
    app.update()
    assert app.png() == frame, f"{app_class.__name__}: the 1x frame changed after sharpen()"


# --- app arguments: the same clear errors as the cores -------------------------------------------
def _all_apps():
    import importlib
    import inspect
    import pkgutil

    import course_lib.viz as viz
    from course_lib.viz.app import FigureApp

    apps = {}
    for info in pkgutil.iter_modules(viz.__path__):
        mod = importlib.import_module(f"course_lib.viz.{info.name}")
        for name, obj in vars(mod).items():
            if (inspect.isclass(obj) and issubclass(obj, FigureApp) and obj is not FigureApp
                    and obj.__module__ == mod.__name__):
                apps[name] = obj
    return [apps[name] for name in sorted(apps)]


def _bad_values(control):
    """(bad value, exception) pairs for a control: a wrong type and an out-of-range value."""
    current = control.value
    if hasattr(control, "_options_values"):
        if isinstance(current, tuple):
            return [("abc", TypeError), (("no such option",), ValueError)]
        return [("no such option", ValueError), ([1, 2], TypeError)]
    if isinstance(current, bool):
        return [("yes", TypeError), (1, TypeError)]
    if isinstance(control, widgets.FloatLogSlider):
        return [("big", TypeError), (10 * control.base ** control.max, ValueError)]
    if hasattr(control, "min"):
        step = 1 if isinstance(current, int) else 0.5
        return [("big", TypeError), (control.min - step, ValueError),
                (control.max + step, ValueError)]
    return [(5, TypeError)]  # Text


def test_the_issue_repro_roi_pool_width_gets_clear_errors_not_a_clamp_or_a_traceback():
    from course_lib.viz.detection import RoIPoolExplorer

    # issue 26: width=-5 was clamped to 1 without a word; 'big' gave 58 lines of traitlets
    with pytest.raises(ValueError, match=r"^width must be an integer in \[1, 24\]; got -5$"):
        RoIPoolExplorer(width=-5)
    with pytest.raises(TypeError, match=r"^width must be an integer; got str 'big'$"):
        RoIPoolExplorer(width="big")
    assert RoIPoolExplorer(width=24).params["width"] == 24


@pytest.mark.parametrize("cls", _all_apps(), ids=lambda c: c.__name__)
def test_every_app_refuses_bad_arguments_by_name_and_keeps_its_controls(cls):
    app = cls()
    assert app.controls
    for name, control in app.controls.items():
        for bad, exc in _bad_values(control):
            before = control.value
            with pytest.raises(exc) as info:
                app.update(**{name: bad})
            msg = str(info.value)
            assert msg.startswith(f"{name} must "), msg
            assert "\n" not in msg and "trait" not in msg.lower(), msg
            assert control.value == before  # nothing changed, nothing clamped


def _menus(app):
    """The app's enabled menus and button rows with options (no multi-selects, no toggles)."""
    return [(name, [o[1] if isinstance(o, tuple) else o for o in c.options])
            for name, c in app.controls.items()
            if hasattr(c, "options") and not isinstance(c.value, tuple) and not c.disabled
            and len(c.options) > 1]


@pytest.mark.parametrize("app_class", [c for c in _all_apps() if _menus(c())],
                         ids=lambda c: c.__name__)
def test_going_back_to_a_menu_entry_shows_what_a_full_redraw_draws(app_class):
    # show_static keeps the drawing of each menu entry's static parts (ticks, titles,
    # legends) and restores it on the way back: the picture must be what a full redraw of
    # the same state gives (invalidate() forgets every cached drawing), pixel for pixel, for
    # the first three entries of every menu, and for an entry of another family
    app = app_class()
    for name, options in _menus(app):
        start = app.controls[name].value
        for value in [*options[:3], options[-1], *options[:3], start]:
            app.update(**{name: value})
            frame = app.png()
            app.invalidate()
            app.update()
            assert app.png() == frame, (
                f"{app_class.__name__}: {name} = {value!r} after visiting other entries "
                "is not what a full redraw of that state shows")
