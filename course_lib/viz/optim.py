"""Plots and the widget app of lesson ``06_optimization``."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import LogLocator, NullLocator

from ..optim import METHODS, OPTION_METHODS, TestFunction, make_function, optimize
from ..validation import check_array
from .app import FigureApp
from .style import PALETTE, new_axes

__all__ = ["METHOD_COLORS", "START", "OptimizerExplorer", "plot_contours", "plot_layer_norms"]

#: One colour per optimiser, the same in every figure of the lesson.
# (momentum was orange beside Adam's vermillion: too alike; black, dashed, stands apart)
METHOD_COLORS = {"gd": PALETTE["blue"], "momentum": PALETTE["black"],
                 "nesterov": PALETTE["pink"], "adagrad": PALETTE["sky"],
                 "rmsprop": PALETTE["green"], "adam": PALETTE["vermillion"]}
#: Line style per optimiser, so the two momentum methods differ by more than colour.
METHOD_STYLES = {"momentum": "--", "nesterov": "-."}
#: Starting point of the widget's runs on each function.
START = {"quadratic": (-2.0, 1.0), "rosenbrock": (-1.5, 2.5), "saddle": (1.2, 0.001)}


def plot_contours(fun: TestFunction, ax: Axes | None = None, n_grid: int = 160,
                  levels: int = 25) -> Axes:
    """Log-spaced contour lines of a 2-D test function over its plotting window."""
    if not isinstance(fun, TestFunction) or fun.dim != 2:
        raise TypeError(f"fun must be a 2-D TestFunction; got {fun!r}")
    ax = new_axes(ax)
    (x0, x1), (y0, y1) = fun.bounds
    _contour_lines(fun, ax, n_grid, levels)
    if fun.minimum is not None:
        ax.plot(*fun.minimum, marker="*", color="black", ms=10, ls="none", label="minimum")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    return ax


def _contour_lines(fun: TestFunction, ax: Axes, n_grid: int, levels: int,
                   animated: bool = False) -> Any:
    """The log-spaced contour lines of ``fun`` over its window, drawn on ``ax``."""
    (x0, x1), (y0, y1) = fun.bounds
    xs, ys = np.linspace(x0, x1, n_grid), np.linspace(y0, y1, n_grid)
    XX, YY = np.meshgrid(xs, ys)
    F = fun(np.column_stack([XX.ravel(), YY.ravel()])).reshape(XX.shape)
    shifted = F - F.min() + 1e-3   # log levels need positive values (the saddle dips below 0)
    cs = ax.contour(XX, YY, np.log10(shifted), levels=levels, colors="0.6", linewidths=0.6)
    cs.set_animated(animated)
    return cs


def plot_layer_norms(profiles: dict[str, np.ndarray], ax: Axes | None = None,
                     title: str = "") -> Axes:
    """Gradient norm per layer (log scale), one line per network.

    Parameters
    ----------
    profiles : dict of str to ndarray of shape (n_layers,)
        Name -> ``|dL/dW_l|`` for l = 1 ... n_layers (e.g. from
        :func:`course_lib.training.gradient_profile`).
    """
    if not isinstance(profiles, dict) or not profiles:
        raise TypeError("profiles must be a non-empty dict of name -> array of norms")
    ax = new_axes(ax)
    for name, norms in profiles.items():
        norms = check_array(norms, f"profiles[{name!r}]", ndim=1)
        ax.semilogy(np.arange(1, len(norms) + 1), np.maximum(norms, 1e-300), marker="o",
                    ms=3, label=name)
    ax.set_xlabel("layer (1 = next to the input)")
    ax.set_ylabel("|dL/dW| (log scale)")
    if title:
        ax.set_title(title)
    ax.legend(fontsize=8)
    return ax


class OptimizerExplorer(FigureApp):
    """Learning rate, function, condition number, momentum and betas -> trajectories.

    Left: the chosen optimisers' paths on the function's contour plot, all from the same
    start. Right: ``f - f_min`` per step (log scale). Every selected optimiser is one row of a
    single :func:`course_lib.optim.optimize` call (one vectorised pass of 200 steps), so a
    slider step costs one short numpy loop plus a blitted redraw of the animated lines; a new
    function or condition number redraws the contours (a function's window and contours are
    cached: going back to one redraws neither). Used in
    ``notebooks/06_optimization.ipynb``.

    Examples
    --------
    >>> app = OptimizerExplorer()
    >>> app.controls["lr"].value = 0.01
    >>> app.last_trajectory.X.shape
    (201, 4, 2)
    """

    figsize = (10.0, 4.0)
    n_steps = 200
    contour_cache_size = 8  #: contour sets kept for going back (0.05-0.15 MB of paths each)

    def _controls(self) -> dict[str, widgets.Widget]:
        style = {"description_width": "initial"}
        return {
            "lr": widgets.FloatLogSlider(value=0.05, base=10, min=-4, max=0, step=0.05,
                                         description="learning rate", readout_format=".4f",
                                         style=style),
            "function": widgets.Dropdown(options=["quadratic", "rosenbrock", "saddle"],
                                         value="quadratic", description="function"),
            "condition": widgets.FloatLogSlider(value=10.0, base=10, min=0, max=2.5, step=0.05,
                                                description="condition number",
                                                readout_format=".1f", style=style),
            "momentum": widgets.FloatSlider(value=0.9, min=0.0, max=0.99, step=0.01,
                                            description="momentum μ", style=style),
            "beta1": widgets.FloatSlider(value=0.9, min=0.0, max=0.99, step=0.01,
                                         description="Adam β1", style=style),
            # a long label left the slider a 50 px track at the default width
            "beta2": widgets.FloatSlider(value=0.999, min=0.9, max=0.9999, step=0.0001,
                                         description="β2 (Adam), α (RMSProp)",
                                         readout_format=".4f", style=style,
                                         layout=widgets.Layout(width="420px")),
            "methods": widgets.SelectMultiple(options=list(METHODS),
                                              value=("gd", "momentum", "rmsprop", "adam"),
                                              description="optimisers (Ctrl-click: several)",
                                              tooltip=self.SELECT_HINT, rows=6, style=style,
                                              layout=widgets.Layout(width="360px")),
        }

    #: How to choose several optimisers (a plain click keeps only the one clicked).
    SELECT_HINT = ("a click chooses one optimiser; Ctrl-click (⌘-click on a Mac) adds or removes "
                   "one, Shift-click a range")

    def _build(self, fig: Figure) -> None:
        self.ax_path, self.ax_loss = fig.subplots(1, 2)
        self.paths = {}
        self.curves = {}
        for m in METHODS:
            style = {"color": METHOD_COLORS[m], "ls": METHOD_STYLES.get(m, "-"), "lw": 1.4,
                     "label": m, "animated": True}
            self.paths[m], = self.ax_path.plot([], [], **style)
            self.curves[m], = self.ax_loss.semilogy([], [], **style)
        self.ax_loss.set_xlim(0, self.n_steps)
        self.ax_loss.set_ylim(1e-10, 1e3)
        # a label every 3 decades and no minor ticks: the axis text is most of a full redraw
        self.ax_loss.yaxis.set_major_locator(LogLocator(base=1000.0))
        self.ax_loss.yaxis.set_minor_locator(NullLocator())
        self.ax_loss.set_xlabel("step")
        self.ax_loss.set_ylabel("f − f_min (log scale)")
        self.ax_path.set_xlabel("$x$")
        self.ax_path.set_ylabel("$y$")
        # contours, title, minimum and legend are the backdrop (FigureApp.set_backdrop): a new
        # condition number redraws only them, onto the cached figure without them
        self.title = self.ax_path.set_title(" ", animated=True)
        self.minimum, = self.ax_path.plot([], [], marker="*", color="black", ms=10, ls="none",
                                          animated=True)
        self.contours = None
        self._contour_cache: dict[tuple, Any] = {}
        self.legend = None
        self._legend_for: tuple = ()
        self._drawn_for: tuple | None = None
        self.last_trajectory = None

    def _contours(self, fun: TestFunction, key: tuple) -> None:
        ax = self.ax_path
        if self.contours is not None:
            self.contours.set_visible(False)
        # the lines of the last few (function, condition number) pairs are kept, hidden:
        # going back to one costs no new contouring
        contours = self._contour_cache.pop(key, None)
        if contours is None:
            contours = _contour_lines(fun, ax, n_grid=160, levels=25, animated=True)
        contours.set_visible(True)
        self._contour_cache[key] = self.contours = contours  # the most recent last
        while len(self._contour_cache) > self.contour_cache_size:
            self._contour_cache.pop(next(iter(self._contour_cache))).remove()
        self.title.set_text(f"{fun.name}" + (f", condition number {fun.params['condition']:.0f}"
                                             if fun.name == "quadratic" else ""))
        self.minimum.set_data(*([[c] for c in fun.minimum] if fun.minimum is not None
                                else ([], [])))
        self._drawn_for = key
        (x0, x1), (y0, y1) = fun.bounds
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        self.show_static(fun.bounds)  # a new window: new ticks, drawn once per window

    def _legend(self, chosen: list[str]) -> None:
        """A legend of the chosen optimisers only (it listed all six whatever was chosen)."""
        if self.legend is not None:
            self.legend.remove()
        self.legend = self.ax_loss.legend(handles=[self.curves[m] for m in chosen],
                                          loc="lower left", fontsize=8)
        self._legend_for = tuple(chosen)

    def _render(self, params: dict[str, Any]) -> str:
        name = params["function"]
        key = (name, round(params["condition"], 6) if name == "quadratic" else None)
        fun = make_function(name, condition=params["condition"])
        new_contours = key != self._drawn_for
        if new_contours:
            self._contours(fun, key)
        mu = params["momentum"]
        picked = [m for m in METHODS if m in params["methods"]] or ["gd"]
        # Nesterov needs a velocity (torch.optim.SGD refuses nesterov=True at momentum 0)
        chosen = [m for m in picked if not (m == "nesterov" and mu == 0)] or ["gd"]
        x0 = np.tile(START[name], (len(chosen), 1))
        # each option only where a chosen method uses it (optimize refuses the others); the
        # μ slider is SGD's momentum: RMSProp keeps torch's default, no momentum
        options = {"momentum": [mu if m in ("momentum", "nesterov") else 0.0 for m in chosen],
                   "beta1": params["beta1"], "beta2": params["beta2"],
                   "alpha": params["beta2"]}
        options = {k: v for k, v in options.items()
                   if any(m in OPTION_METHODS[k] for m in chosen)}
        with np.errstate(over="ignore", invalid="ignore"):
            traj = optimize(fun, x0, chosen, lr=params["lr"], n_steps=self.n_steps, **options)
        self.last_trajectory = traj
        f_min = fun.f_min if fun.f_min is not None else 0.0
        steps = np.arange(self.n_steps + 1)
        parts = ["nesterov: needs μ > 0"] if "nesterov" in picked and mu == 0 else []
        for m in METHODS:
            on = m in chosen
            self.paths[m].set_visible(on)
            self.curves[m].set_visible(on)
            if not on:
                continue
            i = chosen.index(m)
            P = traj.X[:, i]
            ok = np.all(np.isfinite(P), axis=1) & (np.abs(P).max(axis=1) < 1e6)
            self.paths[m].set_data(P[ok, 0], P[ok, 1])
            gap = np.clip(traj.loss[:, i] - f_min, 1e-12, 1e12)
            self.curves[m].set_data(steps[ok], gap[ok])
            final = traj.loss[-1, i] - f_min
            parts.append(f"{m}: {final:.2g}" if np.isfinite(final) and ok.all()
                         else f"{m}: diverged")
        new_legend = tuple(chosen) != self._legend_for
        if new_legend:   # after the visibilities: a handle copies its line's state
            self._legend(chosen)
        if new_contours or new_legend:
            # in the background, not in every frame: a learning-rate step draws neither
            self.set_backdrop([self.contours, self.title, self.minimum, self.legend])
        return (f"{name}, lr = {params['lr']:.4f}, {self.n_steps} steps from "
                f"{START[name]}; f − f_min at the end: " + ", ".join(parts))
