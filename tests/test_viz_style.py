"""Text on coloured cells stays readable: WCAG 2.1 contrast, and the widgets that use it."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from matplotlib import colormaps

from course_lib.viz.style import contrast_ratio, readable_on


@pytest.mark.parametrize(("a", "b", "ratio"), [
    ((0, 0, 0), (1, 1, 1), 21.0), ((1, 1, 1), (1, 1, 1), 1.0),
    # WebAIM's contrast checker: #777777 on white 4.48, #595959 on white 7.0
    ((0x77 / 255,) * 3, (1, 1, 1), 4.48), ((0x59 / 255,) * 3, (1, 1, 1), 7.0)])
def test_contrast_ratio_matches_published_values(a, b, ratio):
    assert contrast_ratio(a, b) == pytest.approx(ratio, abs=0.01)
    assert contrast_ratio(b, a) == pytest.approx(ratio, abs=0.01)


def test_the_chosen_text_colour_reaches_wcag_aa_on_every_colour_of_the_maps_we_use():
    worst = 21.0
    for name in ("RdBu_r", "gray_r", "viridis"):
        for rgba in colormaps[name](np.linspace(0, 1, 257)):
            text = (1, 1, 1) if readable_on(rgba) == "white" else (0, 0, 0)
            worst = min(worst, contrast_ratio(rgba, text))
    grid = np.array(list(itertools.product(np.linspace(0, 1, 18), repeat=3)))
    worst = min(worst, min(contrast_ratio(c, (1, 1, 1) if readable_on(c) == "white" else (0, 0, 0))
                           for c in grid))
    assert worst >= 4.5


def test_convolution_explorer_writes_each_kernel_value_in_a_readable_colour():
    from course_lib.viz.convolution import KERNELS, ConvolutionExplorer

    app = ConvolutionExplorer()
    for name, k in KERNELS.items():
        app.update(kernel=name)
        cells = app.kernel_img.cmap(app.kernel_img.norm(k)).reshape(-1, 4)
        texts = {c: app.kernel_text[c].get_texts() for c in ("black", "white")}
        assert sum(map(len, texts.values())) == k.size, name
        # the labels are set in row order within each colour: match them back to the cells
        shown = {"black": iter(texts["black"]), "white": iter(texts["white"])}
        for rgba in cells:
            color = readable_on(rgba)
            next(shown[color])
            text_rgb = (1, 1, 1) if color == "white" else (0, 0, 0)
            assert contrast_ratio(rgba, text_rgb) >= 4.5, (name, rgba, color)
