"""Plots and the widget apps of lesson ``03_decision_boundaries``."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from .. import boundaries as core
from ..datasets import DATASETS_2D
from ..playground import (
    ACTIVATIONS,
    FEATURES,
    LOSSES,
    OPTIMIZERS,
    Playground,
    TrainingDiverged,
    feature_map,
)
from ..validation import check_array, check_binary_labels
from .app import AppView, FigureApp
from .style import CLASS_COLORS, STYLE, new_axes

__all__ = ["PENALTY_OPTIONS", "PlaygroundApp", "RegionExplorer", "compare_classics",
           "plot_classics", "plot_region", "plot_surface", "plot_tradeoff"]

_CMAP = "RdBu_r"
#: Warnings in a readout: the vermillion of the course's colour cycle.
_WARN = STYLE["axes.prop_cycle"].by_key()["color"][5]
RESOLUTION = 200
#: The playground's surface grid: 100 x 100 points, drawn bilinearly on ~250 screen pixels
#: (200 x 200 cost 4x the network evaluations per frame for no visible gain).
PLAY_RESOLUTION = 100


def _outline(polygons: list[np.ndarray]) -> np.ndarray:
    """All polygon outlines as one polyline with NaN breaks (one Line2D draws them all)."""
    parts = []
    for V in polygons:
        parts += [V, V[:1], np.full((1, 2), np.nan)]
    return np.concatenate(parts)


def plot_region(polygons: list[np.ndarray], units: str = "step", sharpness: float = 10.0,
                ax: Axes | None = None, *, extent=(-2.0, 2.0, -2.0, 2.0),
                resolution: int = RESOLUTION, title: str | None = None) -> Axes:
    """The hand-built network's output over a grid, with the true outline on top."""
    net = core.region_network_from(polygons)
    P = core.grid_points(extent, resolution)
    out = core.network_output(net, P, units, sharpness).reshape(resolution, resolution)
    ax = new_axes(ax)
    ax.imshow(out, origin="lower", extent=extent, cmap=_CMAP, vmin=-0.25, vmax=1.25,
              interpolation="nearest")
    line = _outline(polygons)
    ax.plot(line[:, 0], line[:, 1], color="black", lw=1)
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_aspect("equal")
    ax.grid(False)
    if title:
        ax.set_title(title)
    return ax


def plot_surface(proba: np.ndarray, extent, X: np.ndarray, y: np.ndarray,
                 ax: Axes | None = None, *, X_test: np.ndarray | None = None,
                 y_test: np.ndarray | None = None, title: str | None = None) -> Axes:
    """A probability surface (square grid, ``origin="lower"``) with the points on top:
    training points as circles with black edges, test points as squares with white edges."""
    proba = check_array(proba, "proba", ndim=2)
    X = check_array(X, "X", ndim=2, shape=(None, 2), shape_doc="(n_samples, 2)")
    _, t = check_binary_labels(y)
    ax = new_axes(ax)
    ax.imshow(proba, origin="lower", extent=extent, cmap=_CMAP, vmin=-0.6, vmax=1.6,
              interpolation="bilinear")
    ax.scatter(X[:, 0], X[:, 1], s=10, c=[CLASS_COLORS[int(s > 0)] for s in t],
               edgecolor="black", linewidth=0.4)
    if X_test is not None and y_test is not None:
        ax.scatter(X_test[:, 0], X_test[:, 1], s=10, marker="s",
                   c=[CLASS_COLORS[int(v)] for v in np.asarray(y_test) > 0],
                   edgecolor="white", linewidth=0.5)
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_aspect("equal")
    ax.grid(False)
    if title:
        ax.set_title(title)
    return ax


def plot_tradeoff(rows: list, ax: Axes | None = None) -> Axes:
    """Units (log scale) against pixel error for the constructions of
    :func:`course_lib.boundaries.one_layer_tradeoff`."""
    ax = new_axes(ax)
    groups = {"exact": [], "cylinders": [], "RBF": []}
    for r in rows:
        key = "exact" if r.construction.startswith("exact") else (
            "cylinders" if r.construction.startswith("cylinders") else "RBF")
        groups[key].append(r)
    markers = {"exact": "*", "cylinders": "o", "RBF": "s"}
    labels = {"exact": "two hidden layers (exact)", "cylinders": "one layer: cylinders",
              "RBF": "one layer: RBF bumps"}
    for key, rs in groups.items():
        if rs:
            ax.scatter([r.units for r in rs], [max(1 - r.accuracy, 1e-4) for r in rs],
                       marker=markers[key], s=60 if key == "exact" else 30, label=labels[key])
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("units in the network")
    ax.set_ylabel("fraction of pixels wrong")
    ax.legend(loc="center right")
    return ax


def plot_classics(results: dict, extent, X_train, y_train, X_test, y_test,
                  resolution: int, axes: Any = None) -> Any:
    """One panel per classic classifier: its surface, the points, its test accuracy."""
    if axes is None:
        import matplotlib.pyplot as plt

        from .style import style
        with style():
            _, axes = plt.subplots(2, 4, figsize=(11, 5.6), layout="constrained")
    for ax, (name, res) in zip(np.ravel(axes), results.items(), strict=False):
        plot_surface(res["proba"].reshape(resolution, resolution), extent, X_train, y_train,
                     ax, X_test=X_test, y_test=y_test,
                     title=f"{name}\ntest accuracy {res['test_accuracy']:.2f}")
        ax.set_xticks([])
        ax.set_yticks([])
    return axes


def compare_classics(playground: Playground, resolution: int = 120, axes: Any = None) -> Any:
    """:func:`plot_classics` for the data and split of a :class:`Playground` (yours too)."""
    from ..playground import classic_classifiers

    pg = playground
    lo, hi = pg.X.min(axis=0), pg.X.max(axis=0)
    mid, half = (lo + hi) / 2, (hi - lo).max() / 2 + 0.1 * (hi - lo).max() + 0.1
    extent = (mid[0] - half, mid[0] + half, mid[1] - half, mid[1] + half)
    res = classic_classifiers(pg.X_train, pg.y_train, pg.X_test, pg.y_test,
                              core.grid_points(extent, resolution), seed=pg.seed)
    return plot_classics(res, extent, pg.X_train, pg.y_train, pg.X_test, pg.y_test,
                         resolution, axes)


class RegionExplorer(FigureApp):
    """Hand-built regions: shape, sides, radius, rotation, step or sigmoid units, sharpness.

    Left: the network's output on a 200 x 200 grid (one vectorised pass), the true outline
    and the lines of the first layer's half-planes. The readout gives the units per layer and
    the agreement with the region computed directly. Used in
    ``notebooks/03_decision_boundaries.ipynb``.

    Examples
    --------
    >>> app = RegionExplorer(shape="star")
    >>> app.controls["n_sides"].value = 7
    >>> app.units_per_layer
    [28, 8, 1]
    """

    figsize = (4.6, 3.9)
    extent = (-2.0, 2.0, -2.0, 2.0)

    def show(self) -> widgets.Widget:
        """Controls in a column left of the figure (shown at its natural size), readout
        below: about 340 px tall, so everything is on screen at 1366 x 768."""
        controls = widgets.VBox(list(self.controls.values()),
                                layout=widgets.Layout(width="330px", margin="0 8px 0 0"))
        return AppView(self, children=[widgets.HBox([controls, self.image],
                                                    layout=widgets.Layout(flex_flow="row wrap")),
                                       self.readout])

    def _controls(self) -> dict[str, widgets.Widget]:
        s = {"description_width": "initial"}
        return {
            "shape": widgets.Dropdown(options=[("convex polygon", "polygon"),
                                               ("two pentagons", "two_pentagons"),
                                               ("star", "star"), ("ring", "ring")],
                                      value="polygon", description="region"),
            "n_sides": widgets.IntSlider(value=5, min=3, max=16, description="sides / points",
                                         style=s),
            "radius": widgets.FloatSlider(value=1.0, min=0.3, max=1.6, step=0.05,
                                          description="radius", style=s),
            "rotation": widgets.FloatSlider(value=0.0, min=0.0, max=6.28, step=0.05,
                                            description="rotation (rad)", style=s),
            "units": widgets.ToggleButtons(options=["step", "sigmoid"], value="step",
                                           description="units", style={
                                               "description_width": "initial",
                                               "button_width": "70px"}),
            "sharpness": widgets.FloatLogSlider(value=10, base=10, min=0, max=2.5, step=0.05,
                                                description="sigmoid sharpness", style=s),
        }

    def _build(self, fig: Figure) -> None:
        ax = self.ax = fig.add_subplot(1, 1, 1)
        n = RESOLUTION
        self.P = core.grid_points(self.extent, n)
        self.surface = ax.imshow(np.zeros((n, n)), origin="lower", extent=self.extent,
                                 cmap=_CMAP, vmin=-0.25, vmax=1.25, interpolation="nearest",
                                 animated=True)
        self.edges = LineCollection([], colors="0.3", linewidths=0.6, linestyles="dotted",
                                    animated=True)
        ax.add_collection(self.edges)
        (self.outline,) = ax.plot([], [], color="black", lw=1.2, animated=True)
        ax.set_xlim(*self.extent[:2])
        ax.set_ylim(*self.extent[2:])
        ax.set_aspect("equal")
        ax.grid(False)
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        ax.set_title("network output (red = 1); black: the true region")
        self.units_per_layer: list[int] = []

    def _render(self, params: dict[str, Any]) -> str:
        self.controls["sharpness"].disabled = params["units"] == "step"
        polys = core.region_polygons(params["shape"], params["n_sides"], params["radius"],
                                     rotation=params["rotation"])
        net = core.region_network_from(polys)
        out = core.network_output(net, self.P, params["units"], params["sharpness"])
        n = RESOLUTION
        self.surface.set_array(out.reshape(n, n))
        W1, b1 = net[0]
        # each first-layer unit's line w·x + b = 0, clipped to a long segment
        normal = W1.T
        foot = -b1[:, None] * normal
        along = np.column_stack([-normal[:, 1], normal[:, 0]]) * 6
        self.edges.set_segments(np.stack([foot - along, foot + along], axis=1))
        line = _outline(polys)
        self.outline.set_data(line[:, 0], line[:, 1])
        self.units_per_layer = [W.shape[1] for W, _ in net]
        # the direct test on every 4th grid point (10,000 points) keeps the slider quick
        truth = core.in_region(self.P[::4], polys)
        agree = float(np.mean((out[::4] > 0.5) == truth))
        layers = " → ".join(str(u) for u in self.units_per_layer)
        return (f"units per layer {layers} ({len(net) - 1} hidden layer"
                f"{'s' if len(net) > 2 else ''}) · {params['units']} units"
                + (f", sharpness {params['sharpness']:.1f}" if params["units"] == "sigmoid"
                   else "")
                + f" · output > 1/2 agrees with the region on {100 * agree:.2f}% of "
                f"{len(truth):,} grid points")


#: Penalty choices of the playground's L1 / L2 sliders: the left end is "off" (exactly 0).
PENALTY_OPTIONS = [("off", 0.0)] + [(f"{v:g}", v) for v in (1e-5, 3e-5, 1e-4, 3e-4, 1e-3,
                                                            3e-3, 1e-2, 3e-2, 0.1)]
_NICE_EPOCHS = (50, 100, 200, 500, 1000, 2000, 5000, 10_000, 100_000)
_PLAY_HELP = ("▶ train (one epoch per frame) · ❚❚ pause · ■ stop training · ↻ repeat: at the "
              "last epoch, start again from fresh weights")


def _nice_extent(X: np.ndarray) -> tuple[float, float, float, float]:
    """A square view around the data, rounded out to steps of 0.5 so that small changes of
    noise or seed keep the same axes (and the blitted background)."""
    lo, hi = X.min(axis=0), X.max(axis=0)
    mid = np.round((lo + hi) / 2 * 2) / 2
    half = np.ceil((np.max(np.maximum(hi - mid, mid - lo)) + 0.1) * 2) / 2
    return (float(mid[0] - half), float(mid[0] + half), float(mid[1] - half),
            float(mid[1] + half))


class PlaygroundApp(FigureApp):
    """A trained-network playground: data, features, network, training, views.

    What each control does (tested headless in ``tests/test_playground.py``):

    * data, noise, train fraction, seed, features, hidden widths, activation, loss,
      optimiser: a new :class:`Playground` (fresh weights, epoch 0); after training, the
      readout says the model was reset and why.
    * learning rate, L1, L2, dropout, batch size: applied to the running model from the next
      epoch (:meth:`Playground.set`), as the in-browser playground does; the readout says so
      and :meth:`snapshot` records the change.
    * max epochs: where ▶ stops (or, with ↻ repeat on, starts again from fresh weights).
    * ▶ trains one epoch per frame; ❚❚ pauses; ■ stops without training further.
    * discretise: the predicted class instead of the probability.

    The curves are the training and **validation** losses; the test points are drawn (white
    edges) but the test accuracy is printed only when asked (``accuracy("test")``).

    Examples
    --------
    >>> app = PlaygroundApp(dataset="xor")
    >>> app.step(); app.playground.epoch
    1
    """

    figsize = (7.6, 2.3)
    _NET_KEYS = ("dataset", "noise", "train_fraction", "seed", "features", "hidden",
                 "activation", "loss", "optimizer")
    _LIVE_KEYS = ("learning_rate", "l1", "l2", "dropout", "batch_size")

    def __init__(self, X: Any = None, y: Any = None, **params: Any) -> None:
        self._own = None if X is None and y is None else (X, y)
        if self._own is not None:
            Playground(X=X, y=y)  # validate now, with a clear error
        self.playground: Playground | None = None
        self._key: tuple | None = None
        self._cache: dict[tuple, tuple] = {}
        self.message = ""
        self.step_button = widgets.Button(description="step", icon="step-forward",
                                          tooltip="train one epoch")
        self.reset_button = widgets.Button(description="reset", icon="refresh",
                                           tooltip="fresh weights, epoch 0, same settings")
        self.snapshot_out = widgets.HTML()
        self.snapshot_button = widgets.Button(
            description="snapshot", icon="camera",
            tooltip="print the course_lib call that rebuilds these weights")
        super().__init__(**params)
        self.step_button.on_click(lambda _: self.step())
        self.reset_button.on_click(lambda _: self.reset())
        self.snapshot_button.on_click(
            lambda _: setattr(self.snapshot_out, "value", f"<code>{self.snapshot()}</code>"))

    def _controls(self) -> dict[str, widgets.Widget]:
        s = {"description_width": "92px"}
        wide = widgets.Layout(width="300px")
        options = ["own data"] if getattr(self, "_own", None) is not None else list(DATASETS_2D)

        def slider(cls, **kw):
            return cls(style=s, layout=wide, **kw)

        return {
            "dataset": widgets.Dropdown(options=options, value=options[1 if len(options) > 1
                                                                       else 0],
                                        description="data", style=s, layout=wide),
            "noise": slider(widgets.FloatSlider, value=0.1, min=0, max=0.5, step=0.01,
                            description="noise"),
            "train_fraction": slider(widgets.FloatSlider, value=0.5, min=0.1, max=0.9,
                                     step=0.05, description="train fraction"),
            "seed": slider(widgets.IntSlider, value=0, min=0, max=20, description="seed"),
            "features": widgets.SelectMultiple(options=list(FEATURES), value=("x1", "x2"),
                                               description="features", rows=len(FEATURES),
                                               style=s, layout=wide,
                                               tooltip="ctrl/shift-click to choose several"),
            "hidden": widgets.Text(value="8, 8", description="hidden widths",
                                   continuous_update=False, style=s, layout=wide),
            "activation": widgets.Dropdown(options=list(ACTIVATIONS), value="tanh",
                                           description="activation", style=s, layout=wide),
            "loss": widgets.Dropdown(options=list(LOSSES), value="cross_entropy",
                                     description="loss", style=s, layout=wide),
            "optimizer": widgets.Dropdown(options=list(OPTIMIZERS), value="adam",
                                          description="optimiser", style=s, layout=wide),
            "l1": slider(widgets.SelectionSlider, options=PENALTY_OPTIONS, value=0.0,
                         description="L1 penalty"),
            "l2": slider(widgets.SelectionSlider, options=PENALTY_OPTIONS, value=0.0,
                         description="L2 penalty"),
            "dropout": slider(widgets.FloatSlider, value=0.0, min=0, max=0.6, step=0.05,
                              description="dropout"),
            "learning_rate": slider(widgets.FloatLogSlider, value=0.03, base=10, min=-4,
                                    max=1, step=0.25, description="learning rate"),
            "batch_size": slider(widgets.IntSlider, value=16, min=1, max=128,
                                 description="batch size"),
            "max_epochs": slider(widgets.IntSlider, value=200, min=10, max=2000, step=10,
                                 description="max epochs"),
            "discretize": widgets.Checkbox(value=False, description="discretise output",
                                           indent=False),
            "play": widgets.Play(value=0, min=0, max=100_000, interval=150,
                                 description="train", tooltip=_PLAY_HELP),
        }

    def show(self) -> widgets.Widget:
        """Controls in three columns with the buttons under the features list, so that
        controls, figure and readout fit a 1366x768 laptop screen (checked in tests/e2e);
        the buttons explain themselves in their tooltips."""
        c = self.controls
        col = widgets.Layout(margin="0 8px 0 0")
        for button in (self.step_button, self.reset_button, self.snapshot_button):
            button.layout = widgets.Layout(width="auto")
        buttons = widgets.HBox([c["play"], self.step_button, self.reset_button,
                                self.snapshot_button], layout=widgets.Layout(flex_flow="row wrap"))
        columns = widgets.HBox([
            widgets.VBox([c[k] for k in ("dataset", "noise", "train_fraction", "seed", "hidden",
                                         "learning_rate", "batch_size")], layout=col),
            widgets.VBox([c[k] for k in ("activation", "loss", "optimizer", "l1", "l2",
                                         "dropout", "max_epochs")], layout=col),
            widgets.VBox([c["features"], c["discretize"], buttons], layout=col),
        ], layout=widgets.Layout(flex_flow="row wrap"))
        return AppView(self, children=[columns, self.image, self.readout, self.snapshot_out])

    # -- figure ------------------------------------------------------------------------------
    def _build(self, fig: Figure) -> None:
        self.ax, self.ax_loss = fig.subplots(1, 2, width_ratios=[1.0, 1.2])
        n = PLAY_RESOLUTION
        self.surface = self.ax.imshow(np.zeros((n, n)), origin="lower", cmap=_CMAP,
                                      vmin=-0.6, vmax=1.6, interpolation="bilinear",
                                      animated=True, extent=(-1, 1, -1, 1))
        # contrasting edges: black around training points, white around test points
        self.train_pts = self.ax.scatter([0], [0], s=12, edgecolor="black", linewidth=0.5,
                                         animated=True, zorder=3)
        self.test_pts = self.ax.scatter([0], [0], s=12, marker="s", edgecolor="white",
                                        linewidth=0.6, animated=True, zorder=3)
        self.ax.set_aspect("equal")
        self.ax.grid(False)
        self.ax.set_title("● train (black edge)  ■ test (white edge)", fontsize=9)
        (self.train_line,) = self.ax_loss.plot([], [], label="training loss", animated=True)
        (self.val_line,) = self.ax_loss.plot([], [], label="validation loss", animated=True)
        self.ax_loss.set_xlabel("epoch")
        self.ax_loss.set_ylabel("loss")
        self.ax_loss.set_ylim(0, 1.0)
        self.ax_loss.legend(loc="upper right")
        self.extent = (-1.0, 1.0, -1.0, 1.0)

    def _network_key(self, params: dict[str, Any]) -> tuple:
        return tuple(params[k] if not isinstance(params[k], list) else tuple(params[k])
                     for k in self._NET_KEYS)

    def _make_playground(self, params: dict[str, Any]) -> Playground:
        text = str(params["hidden"]).replace(" ", "")
        try:
            hidden = [int(h) for h in text.split(",") if h]
        except ValueError:
            raise ValueError(f"hidden widths must be integers separated by commas, like "
                             f"'8, 8'; got {params['hidden']!r}") from None
        common = {"train_fraction": params["train_fraction"], "seed": params["seed"],
                  "features": list(params["features"]) or ["x1", "x2"], "hidden": hidden,
                  "activation": params["activation"], "loss": params["loss"],
                  "optimizer": params["optimizer"],
                  **{k: params[k] for k in self._LIVE_KEYS}}
        import sklearn

        # the arguments are checked by Playground itself; skipping scikit-learn's second
        # check of its generators' and splitter's parameters saves ~10 ms a slider step
        with sklearn.config_context(skip_parameter_validation=True):
            if self._own is not None:
                return Playground(X=self._own[0], y=self._own[1], **common)
            return Playground(params["dataset"], noise=params["noise"], **common)

    def _rebuild(self, params: dict[str, Any], why: str = "") -> None:
        old = self.playground
        pg = self._make_playground(params)
        self.playground = pg
        self.message = why if old is not None and old.epoch > 0 and why else ""
        extent = _nice_extent(pg.X)
        if extent != self.extent:              # static axes change: one full redraw
            self.extent = extent
            self.surface.set_extent(extent)
            self.ax.set_xlim(*extent[:2])
            self.ax.set_ylim(*extent[2:])
            self.invalidate()
        key = (extent, tuple(pg.features))     # the grid's features, computed once per view
        if key not in self._cache:
            self._cache = {key: feature_map(core.grid_points(extent, PLAY_RESOLUTION), pg.features)}
        self._F = self._cache[key]
        self.train_pts.set_offsets(pg.X_train)
        self.train_pts.set_facecolor([CLASS_COLORS[int(v)] for v in pg.y_train])
        self.test_pts.set_offsets(pg.X_test)
        self.test_pts.set_facecolor([CLASS_COLORS[int(v)] for v in pg.y_test])

    def _render(self, params: dict[str, Any]) -> str:
        self.controls["noise"].disabled = self._own is not None
        key = self._network_key(params)
        if key != self._key or self.playground is None:
            changed = ([n for n, a, b in zip(self._NET_KEYS, key, self._key, strict=True)
                        if a != b] if self._key is not None else [])
            why = (f"model reset to epoch 0: changing {', '.join(changed)} needs new data or "
                   "new weights" if changed else "")
            try:
                self._rebuild(params, why)
            except (ValueError, TypeError) as exc:
                self.playground = None
                self._key = None
                return f"<b style='color:{_WARN}'>cannot build this playground: {exc}</b>"
            self._key = key
            self._last_play = params["play"]
        else:
            live = {k: params[k] for k in self._LIVE_KEYS
                    if params[k] != getattr(self.playground, k)}
            if live:
                self.playground.set(**live)
                shown = ", ".join(f"{k.replace('_', ' ')} {v:g}" for k, v in live.items())
                self.message = (f"{shown}: applied to the running model from epoch "
                                f"{self.playground.epoch + 1} (no reset)")
            last = getattr(self, "_last_play", params["play"])
            if params["play"] > last:
                self._train_frame(params)
            elif params["play"] < last:        # ■ stop: no more training, model kept
                self.message = f"stopped at epoch {self.playground.epoch}"
            self._last_play = params["play"]
        top = next(v for v in _NICE_EPOCHS if v >= max(params["max_epochs"],
                                                        self.playground.epoch))
        if self.ax_loss.get_xlim()[1] != top:
            self.ax_loss.set_xlim(0, top)
            self.invalidate()
        return self._draw(params)

    def _train_frame(self, params: dict[str, Any]) -> None:
        pg = self.playground
        play = self.controls["play"]
        if pg.diverged:
            play.playing = False
            return
        if pg.epoch >= params["max_epochs"]:
            if play.repeat and play.playing:
                self._rebuild(params)
                self.message = (f"↻ repeat: reached {params['max_epochs']} epochs, started "
                                "again from fresh weights")
            else:
                play.playing = False
                self.message = f"reached max epochs ({params['max_epochs']})"
            return
        try:
            pg.train(1)
        except TrainingDiverged as exc:
            self.message = str(exc)
            play.playing = False

    def _draw(self, params: dict[str, Any]) -> str:
        pg = self.playground
        proba = pg._proba1(self._F)
        if params["discretize"]:
            proba = (proba > 0.5).astype(float)
        self.surface.set_array(proba.reshape(PLAY_RESOLUTION, PLAY_RESOLUTION))
        h = pg.history
        self.train_line.set_data(h.epoch, h.train_loss)
        self.val_line.set_data(h.epoch, h.val_loss)
        if h.train_loss:
            top = max(max(h.train_loss), np.nanmax(h.val_loss) if len(pg.y_val) else 0)
            if top > self.ax_loss.get_ylim()[1]:
                self.ax_loss.set_ylim(0, 1.15 * top)
                self.invalidate()
        status = (f"epoch {pg.epoch} · {pg.n_parameters()} weights · "
                  + (f"loss: training {h.train_loss[-1]:.3f}, validation {h.val_loss[-1]:.3f}"
                     f" · accuracy: training {h.train_accuracy[-1]:.3f}, validation "
                     f"{h.val_accuracy[-1]:.3f}" if h.train_loss else "not trained yet"))
        if self.message:
            status += f" · <b>{self.message}</b>"
        return status

    # -- actions -----------------------------------------------------------------------------
    def step(self) -> None:
        """Train one epoch and redraw (what one tick of ▶ does)."""
        self.update(play=self.controls["play"].value + 1)

    def reset(self) -> None:
        """Fresh weights, epoch 0, same settings."""
        self._key = None
        self.playground = None
        self.update()

    def snapshot(self) -> str:
        """The ``course_lib`` call that reproduces the current weights (see
        :meth:`course_lib.playground.Playground.snapshot`)."""
        return self.playground.snapshot()
