"""Plots of lesson ``11d_trees_and_generative_models``: samples of 2-D generative models."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from ..generative import count_modes
from ..validation import check_array, check_scalar
from .app import FigureApp
from .style import PALETTE, style

__all__ = ["GANTrainingExplorer", "plot_samples"]


def plot_samples(data: Any, samples: dict[str, Any], centres: Any, *,
                 fig: Figure | None = None) -> Figure:
    """One panel per model: its samples (dots) over the training data (grey), centres (×).

    Parameters
    ----------
    data : array of shape (n, 2)
    samples : dict of str to array of shape (m, 2)
        Panel title -> samples.
    centres : array of shape (n_modes, 2)
    """
    data = check_array(data, "data", ndim=2, shape=(None, 2), shape_doc="(n, 2)")
    centres = check_array(centres, "centres", ndim=2, shape=(None, 2), shape_doc="(n_modes, 2)")
    with style():
        if fig is None:
            import matplotlib.pyplot as plt

            fig = plt.figure(figsize=(2.6 * len(samples), 2.8))
        axes = fig.subplots(1, len(samples), squeeze=False)[0]
        lim = 1.6 * np.abs(centres).max()
        for ax, (title, S) in zip(axes, samples.items(), strict=True):
            S = check_array(S, f"samples[{title!r}]", ndim=2, shape=(None, 2))
            ax.scatter(*data.T, s=3, color="0.75", label="data")
            ax.scatter(*S.T, s=3, color=PALETTE["vermillion"], alpha=0.5, label="samples")
            ax.scatter(*centres.T, marker="x", color=PALETTE["black"], s=25)
            ax.set_xlim(-lim, lim)
            ax.set_ylim(-lim, lim)
            ax.set_aspect("equal")
            ax.set_title(title)
    return fig


class GANTrainingExplorer(FigureApp):
    """Slide through a GAN's training: its samples (500 fixed codes) at each stored snapshot,
    over the data, with the modes covered at that moment.

    Everything is precomputed by ``train_gan(..., snapshot_every=k)``; a slider step only
    moves one scatter's points (``set_offsets`` on an animated artist) and counts modes on
    500 points, a few milliseconds. Used in ``notebooks/11d_trees_and_generative_models.ipynb``.

    Parameters
    ----------
    gan : Generator2D, optional
        Trained with ``snapshot_every > 0``. Default: lesson 11d's GAN of seed 1, trained
        here (400 steps, batch 64, on ``ring_of_gaussians(1000)``; ``data`` and ``centres``
        are then those of that ring).
    data : array of shape (n, 2)
    centres : array of shape (n_modes, 2)
    radius : float
        On-mode radius for :func:`course_lib.generative.count_modes`.

    Examples
    --------
    >>> from course_lib import generative as gen
    >>> X, _ = gen.ring_of_gaussians(200)
    >>> g = gen.train_gan(X, steps=20, snapshot_every=10)
    >>> app = GANTrainingExplorer(g, X, gen.ring_centres())
    >>> app.controls["step"].value = 10               # what moving the slider does
    >>> app.points.get_offsets().shape
    (500, 2)
    """

    figsize = (9.0, 3.0)

    def __init__(self, gan: Any = None, data: Any = None, centres: Any = None, *,
                 radius: float = 0.3, **params: Any) -> None:
        if gan is None:  # lesson 11d's GAN of seed 1, the one that hops between modes
            from course_lib import generative as gen

            data, _ = gen.ring_of_gaussians(1000, random_state=0)
            centres = gen.ring_centres()
            gan = gen.train_gan(data, steps=400, batch_size=64, snapshot_every=20,
                                random_state=1)
        if not hasattr(gan, "history") or "snapshots" not in getattr(gan, "history", {}):
            raise ValueError("gan must be a Generator2D trained with snapshot_every > 0 "
                             "(train_gan(..., snapshot_every=20)); it has no snapshots")
        self._snaps = gan.history["snapshots"]
        self._steps = gan.history["snapshot_steps"]
        self._d_loss = gan.history["d_loss"]
        self._data = check_array(data, "data", ndim=2, shape=(None, 2), shape_doc="(n, 2)")
        self._centres = check_array(centres, "centres", ndim=2, shape=(None, 2),
                                    shape_doc="(n_modes, 2)")
        self._radius = check_scalar(radius, "radius", low=0, include_low=False)
        super().__init__(**params)

    def _controls(self) -> dict[str, widgets.Widget]:
        # the slider reads in training steps, one snapshot apart; a value between two
        # snapshots shows the nearest one
        steps = np.asarray(self._steps, dtype=int)
        every = int(np.gcd.reduce(np.diff(steps))) if len(steps) > 1 else 1
        return {"step": widgets.IntSlider(value=int(steps[-1]), min=int(steps[0]),
                                          max=int(steps[-1]), step=max(every, 1),
                                          description="training step",
                                          style={"description_width": "initial"})}

    def _build(self, fig: Figure) -> None:
        ax, ax_m = fig.subplots(1, 2, width_ratios=[1.0, 1.6])
        ax.scatter(*self._data.T, s=3, color="0.75")
        ax.scatter(*self._centres.T, marker="x", color=PALETTE["black"], s=25)
        self.points = ax.scatter(*self._snaps[-1].T, s=4, color=PALETTE["vermillion"],
                                 alpha=0.6, animated=True)
        lim = 1.6 * np.abs(self._centres).max()
        ax.set_xlim(-lim, lim)
        ax.set_ylim(-lim, lim)
        ax.set_aspect("equal")
        ax.set_title("generator samples")
        counts = np.array([count_modes(s, self._centres, radius=self._radius).counts
                           for s in self._snaps])
        self._counts = counts
        ax_m.imshow(counts.T > 0.02 * self._snaps.shape[1], aspect="auto", cmap="Greys",
                    interpolation="nearest",
                    extent=(self._steps[0], self._steps[-1], len(self._centres) - 0.5, -0.5))
        self.marker = ax_m.axvline(self._steps[-1], color=PALETTE["vermillion"], animated=True)
        ax_m.set_xlabel("training step")
        ax_m.set_ylabel("mode")
        ax_m.set_title("modes covered (black) during training")
        ax_m.grid(False)

    def _render(self, params: dict[str, Any]) -> str:
        i = int(np.abs(np.asarray(self._steps) - int(params["step"])).argmin())
        self.points.set_offsets(self._snaps[i])
        step = int(self._steps[i])
        self.marker.set_xdata([step, step])
        covered = int((self._counts[i] >= 0.02 * self._snaps.shape[1]).sum())
        on_mode = self._counts[i].sum() / self._snaps.shape[1]
        return (f"step {step}: {covered} of {len(self._centres)} modes covered, "
                f"{on_mode:.2f} of the samples on a mode")
