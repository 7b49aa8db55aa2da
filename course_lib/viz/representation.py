"""Widget app of lesson ``08b_representation_learning``.

- :class:`RepresentationExplorer`: pick a representation (pixels, the stacked autoencoder's
  code, or a hidden layer of the network trained on digits 0-4), the digits (seen 0-4 or new
  5-9) and the number of examples per class; see the test digits in that space (its top two
  principal directions), the class means that nearest-mean classification uses, and its
  accuracy.

The four spaces and their 2-D projections are computed once per session
(:func:`course_lib.representation.lesson_spaces`); an update draws one set of class means
and runs :func:`course_lib.representation.one_shot_accuracy` on one space (40 random draws,
about 50 ms on a busy 2-core machine), then moves the points in place.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle

from .. import autoencoders as ae
from .. import representation as rep
from ..pca import fit_pca, pca_project
from .app import FigureApp
from .style import PALETTE

__all__ = ["RepresentationExplorer", "space_data"]

GROUPS = {"0-4 (trained on)": (0, 5), "5-9 (new)": (5, 10)}
#: Digit d is drawn in colour DIGIT_COLOURS[d % 5] with marker DIGIT_MARKERS[d % 5]: five
#: digits are shown at a time, and these five Okabe-Ito colours stay apart under simulated
#: colour-vision deficiencies (tests/test_colour_vision.py), the shapes without colour.
DIGIT_COLOURS = tuple(PALETTE[c] for c in ("blue", "orange", "green", "pink", "vermillion"))
DIGIT_MARKERS = ("o", "s", "^", "D", "v")
_MARKER_PATHS = [MarkerStyle(m).get_path().transformed(MarkerStyle(m).get_transform())
                 for m in DIGIT_MARKERS]
N_TRIALS = 40   # random draws of the examples behind each accuracy in the readout


@lru_cache(maxsize=1)
def space_data() -> dict[str, Any]:
    """Test digits in each space and group, with a 2-D PCA view scaled to [-1, 1].

    Returns
    -------
    dict (space name -> group name -> dict with ``Z`` (the features), ``xy`` (n, 2), ``y``,
    and ``pca``/``scale`` to place class means in the same view)
    """
    X_test, y_test = ae.load_digits_split()[1::2]
    spaces = rep.lesson_spaces(X_test, ae.load_weights("pretrain"))
    out: dict[str, Any] = {}
    for name, Z_all in spaces.items():
        out[name] = {}
        for group, (lo, hi) in GROUPS.items():
            keep = (y_test >= lo) & (y_test < hi)
            Z, y = Z_all[keep], y_test[keep]
            pca = fit_pca(Z, 2)
            xy = pca_project(Z, pca)
            scale = float(np.abs(xy).max())
            out[name][group] = {"Z": Z, "y": y, "xy": xy / scale, "pca": pca, "scale": scale}
    return out


class RepresentationExplorer(FigureApp):
    """Representation, digits and examples per class -> the digits in that space and the
    accuracy of nearest-class-mean classification there.

    Each dot is a test digit, placed by the top two principal directions of the chosen
    space (a view: the classifier works in all the space's dimensions); each cross is the mean
    of ``shots`` randomly drawn examples of one class, the rule's only knowledge of it. The
    readout gives the mean accuracy over 40 draws of examples, with its standard error.
    Used in ``notebooks/08b_representation_learning.ipynb``.

    Examples
    --------
    >>> app = RepresentationExplorer(shots=5)
    >>> app.controls["digits"].value = "0-4 (trained on)"
    >>> 0.2 < app.last_accuracy[0] <= 1.0
    True
    """

    figsize = (7.0, 4.2)

    def _controls(self) -> dict[str, widgets.Widget]:
        style = {"description_width": "initial"}
        return {
            "space": widgets.Dropdown(options=list(space_data()), value="pixels (64)",
                                      description="representation", style=style),
            "digits": widgets.ToggleButtons(options=list(GROUPS), value="5-9 (new)",
                                            description="digits", style=style),
            "shots": widgets.IntSlider(value=1, min=1, max=20, description="examples per class",
                                       style=style),
            "seed": widgets.IntSlider(value=0, min=0, max=20, description="seed", style=style),
        }

    def _build(self, fig: Figure) -> None:
        self.ax = fig.subplots()
        self.points = self.ax.scatter(np.zeros(1), np.zeros(1), s=10, alpha=0.7,
                                      linewidths=0, animated=True)
        self.means = self.ax.scatter(np.zeros(5), np.zeros(5), s=160, marker="X",
                                     edgecolors="black", linewidths=1.2, animated=True)
        self.ax.set_xlim(-1.1, 1.1)
        self.ax.set_ylim(-1.1, 1.1)
        self.ax.set_xlabel("1st principal direction of the space (scaled)")
        self.ax.set_ylabel("2nd principal direction (scaled)")
        self.ax.set_title("test digits (colour and shape = digit) and class means (crosses)",
                          fontsize=9)
        self._legend_for: str | None = None
        self.last_accuracy = (np.nan, np.nan)

    def _show_group(self, group: str) -> None:
        """The legend of the five digits shown (a static artist: redrawn on a change)."""
        if group == self._legend_for:
            return
        low, high = GROUPS[group]
        handles = [Line2D([], [], ls="", marker=DIGIT_MARKERS[d % 5], color=DIGIT_COLOURS[d % 5],
                          label=str(d)) for d in range(low, high)]
        self.ax.legend(handles=handles, title="digit", fontsize=7, title_fontsize=7,
                       loc="upper left", bbox_to_anchor=(1.01, 1.0))
        self._legend_for = group
        self.invalidate()

    def _render(self, params: dict[str, Any]) -> str:
        d = space_data()[params["space"]][params["digits"]]
        self._show_group(params["digits"])
        self.points.set_offsets(d["xy"])
        k = d["y"] % 5  # colour and marker: five Okabe-Ito colours, five shapes
        self.points.set_facecolors(np.asarray(DIGIT_COLOURS)[k])
        self.points.set_paths([_MARKER_PATHS[j] for j in k])
        rng = np.random.default_rng(params["seed"])
        classes = np.unique(d["y"])
        means = np.stack([d["Z"][rng.choice(np.flatnonzero(d["y"] == c), params["shots"],
                                            replace=False)].mean(axis=0) for c in classes])
        self.means.set_offsets(pca_project(means, d["pca"]) / d["scale"])
        self.means.set_facecolors([DIGIT_COLOURS[c % 5] for c in classes])
        self.last_accuracy = rep.one_shot_accuracy(d["Z"], d["y"], n_shots=params["shots"],
                                                   n_trials=N_TRIALS,
                                                   random_state=params["seed"])
        acc, se = self.last_accuracy
        return (f"{params['space']}, digits {params['digits']}, {params['shots']} example(s) per "
                f"class: nearest-class-mean accuracy {acc:.3f} ± {se:.3f} ({N_TRIALS} draws; "
                f"guessing: {1 / len(classes):.2f})")
