"""Colours stay distinguishable under colour-vision deficiencies (issue 29).

Each panel's data colours (``course_lib.viz.alt.colour_use``: of every widget app, and of every
static figure in the lessons, stored by ``setup_notebook``'s formatter in the output metadata
as ``course_colours``) are simulated for deuteranopia, protanopia and tritanopia at full
severity with colorspacious (Machado et al. 2009), then compared in CAM02-UCS, a space made
for perceived colour differences. Every pair must stay at least ``MIN_DISTANCE`` apart: the
Okabe–Ito palette, designed for these deficiencies, has its closest pair at 11.0 (orange and
pink under tritanopia). A panel with two or more data colours must also tell them apart by
something else: a legend, text labels, or markers and line styles.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from colorspacious import cspace_convert
from matplotlib.colors import to_rgb

from course_lib.viz.alt import colour_use
from course_lib.viz.style import PALETTE

ROOT = Path(__file__).resolve().parents[1]
DEFICIENCIES = ("deuteranomaly", "protanomaly", "tritanomaly")  # at severity 100: -opia
MIN_DISTANCE = 10.0


def ucs(hexes: list[str], deficiency: str | None) -> np.ndarray:
    rgb = np.array([to_rgb(h) for h in hexes])
    if deficiency:
        cvd = {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}
        rgb = np.clip(cspace_convert(rgb, cvd, "sRGB1"), 0, 1)
    return cspace_convert(rgb, "sRGB1", "CAM02-UCS")


def closest_pair(hexes: list[str]) -> tuple[float, str, str, str]:
    """The smallest distance between two of the colours under any simulated deficiency."""
    best = (np.inf, "", "", "")
    for deficiency in (None, *DEFICIENCIES):
        u = ucs(hexes, deficiency)
        for i, j in itertools.combinations(range(len(hexes)), 2):
            d = float(np.linalg.norm(u[i] - u[j]))
            if d < best[0]:
                best = (d, hexes[i], hexes[j], deficiency or "normal vision")
    return best


def test_the_simulation_separates_what_a_deficiency_merges():
    """Red and green, far apart for normal vision, nearly meet for deuteranopia: the check
    can fail."""
    red, green = "#d62728", "#2ca02c"
    assert np.linalg.norm(np.subtract(*ucs([red, green], None))) > 40
    assert np.linalg.norm(np.subtract(*ucs([red, green], "deuteranomaly"))) < MIN_DISTANCE


def test_the_course_palette_stays_apart():
    names = [k for k in PALETTE if not k.startswith("light")]
    distance, a, b, how = closest_pair([PALETTE[k] for k in names])
    assert distance >= MIN_DISTANCE, (distance, a, b, how)


def stored_panels() -> list[tuple[str, dict]]:
    found = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        for k, cell in enumerate(cells):
            for out in cell.get("outputs", []):
                meta = out.get("metadata", {}).get("image/png", {})
                for p, panel in enumerate(meta.get("course_colours", [])):
                    found.append((f"{path.stem} cell {k} panel {p + 1}", panel))
    return found


def app_panels() -> list[tuple[str, dict]]:
    from test_viz_alt import CHEAP_APPS

    found = []
    for cls in CHEAP_APPS:
        for p, panel in enumerate(colour_use(cls().figure)):
            found.append((f"{cls.__name__} panel {p + 1}", panel))
    return found


#: Stored figures where colour alone still tells series apart (found by this test, issue 29,
#: not yet fixed). Exact: a new one, or a fixed one still listed, fails the test. Emptied by
#: shapes and legends in 01 (scatter_classes), 04 (the weight paths) and 08b (six methods).
COLOUR_ONLY_KNOWN: set[str] = set()


@pytest.mark.parametrize("source", ["apps", "lessons"])
def test_every_figure_keeps_its_colours_apart_and_names_them(source):
    panels = app_panels() if source == "apps" else stored_panels()
    assert panels, f"no panels with data colours found in the {source}"
    close, unnamed = [], []
    for where, panel in panels:
        if len(panel["colours"]) < 2:
            continue
        distance, a, b, how = closest_pair(panel["colours"])
        if distance < MIN_DISTANCE:
            close.append(f"{where}: {a} and {b} are {distance:.1f} apart for {how}")
        if not panel["named"]:
            unnamed.append(where)
    assert not close, "colours too close:\n" + "\n".join(close)
    known = COLOUR_ONLY_KNOWN if source == "lessons" else set()
    assert set(unnamed) == known, (
        f"colour alone tells these apart: {sorted(set(unnamed) - known)}; "
        f"fixed, remove from COLOUR_ONLY_KNOWN: {sorted(known - set(unnamed))}")
