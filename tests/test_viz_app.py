"""FigureApp and the box a notebook shows (course_lib/viz/app.py)."""

from __future__ import annotations

import base64
import io

import ipywidgets as widgets
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


def test_the_live_image_is_shown_at_natural_size_and_rendered_sharper():
    app = MistakeBoundExplorer()
    css = round(app.figsize[0] * app.dpi)
    assert app.image.width == str(css)
    assert app.image.layout.max_width == "100%"
    live = Image.open(io.BytesIO(app.image.value))
    assert live.size[0] == css * app.pixel_ratio


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
