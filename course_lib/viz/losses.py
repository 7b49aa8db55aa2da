"""Plots and widget apps of lesson ``05_losses_and_activations``.

Plot helpers take ``ax=None``, draw and return the axes. The two apps follow
:class:`course_lib.viz.app.FigureApp`: :class:`LossExplorer` (pick a loss, move delta / tau /
alpha) and :class:`ActivationExplorer` (pick an activation, move its slope / alpha); both show
the value and the derivative side by side and update the lines in place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .. import activations as act
from .. import losses
from ..validation import check_array, check_choice
from .app import FigureApp
from .style import STYLE, new_axes

#: The course palette (Okabe–Ito, from the course style)
_CYCLE = STYLE["axes.prop_cycle"].by_key()["color"]
DERIVATIVE_COLOR = _CYCLE[5]  # vermilion: derivatives and outliers

__all__ = [
    "LOSSES",
    "ActivationExplorer",
    "LossExplorer",
    "loss_curve",
    "plot_activations",
    "plot_dead_relus",
    "plot_growth",
    "plot_line_fits",
    "plot_margin_losses",
    "plot_regression_losses",
    "plot_risk_along_line",
    "plot_triplet_active",
    "plot_triplet_training",
]

#: name -> (label, family, parameter or None, formula)
LOSSES: dict[str, tuple[str, str, str | None, str]] = {
    "mse": ("MSE", "regression", None, "r²"),
    "mae": ("MAE", "regression", None, "|r|"),
    "huber": ("Huber", "regression", "delta", "r²/2 if |r| ≤ δ, else δ(|r| − δ/2)"),
    "log_cosh": ("log-cosh", "regression", None, "log cosh r"),
    "quantile": ("quantile", "regression", "tau", "max(−τ r, (1 − τ) r)"),
    "zero_one": ("0–1", "margin", None, "[m ≤ 0]"),
    "hinge": ("hinge", "margin", None, "max(0, 1 − m)"),
    "logistic": ("logistic", "margin", None, "log(1 + e^−m)"),
    "exponential": ("exponential", "margin", None, "e^−m"),
    "triplet": ("triplet", "triplet", "alpha", "max(g + α, 0)"),
}

_X_LABEL = {"regression": "prediction error r = ŷ − y", "margin": "margin m = t·f(x)",
            "triplet": "gap g = |a − p|² − |a − n|²"}
#: the symbol of the horizontal axis of each family, used in the readouts
_X_SYMBOL = {"regression": "r", "margin": "m", "triplet": "g"}


def loss_curve(name: str, x: np.ndarray, *, delta: float = 1.0, tau: float = 0.5,
               alpha: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Value and derivative of one loss along ``x`` (error, margin or triplet gap).

    Regression losses are evaluated at ``y = 0, y_pred = x`` (so ``x`` is the prediction
    error); margin losses at ``m = x``; the triplet loss at 1-D embeddings whose gap
    ``|a - p|^2 - |a - n|^2`` equals ``x``.

    Returns
    -------
    value, derivative : ndarray, shape of ``x``

    Examples
    --------
    >>> v, d = loss_curve("huber", np.array([-3.0, 0.5]), delta=1.0)
    >>> v.tolist(), d.tolist()
    ([2.5, 0.125], [-1.0, 0.5])
    """
    name = check_choice(name, "name", list(LOSSES))
    x = check_array(x, "x", ndim=1)
    family, param = LOSSES[name][1], LOSSES[name][2]
    kw: dict[str, float] = {}
    if param == "delta":
        kw["delta"] = delta
    if param == "tau":
        kw["tau"] = tau
    if family == "regression":
        y = np.zeros_like(x)
        fn, grad = getattr(losses, name), getattr(losses, f"{name}_grad")
        return fn(y, x, reduction="none", **kw), grad(y, x, reduction="none", **kw)
    if family == "margin":
        fn, grad = getattr(losses, name), getattr(losses, f"{name}_grad")
        return fn(x, reduction="none"), grad(x, reduction="none")
    a = np.zeros((len(x), 1))
    p = np.sqrt(np.maximum(x, 0.0))[:, None]
    n = np.sqrt(np.maximum(-x, 0.0))[:, None]
    value = losses.triplet_loss(a, p, n, alpha, reduction="none")
    return value, (x + alpha > 0).astype(np.float64)


def plot_regression_losses(delta: float = 1.0, tau: float = 0.25, ax: Axes | None = None,
                           *, r_max: float = 3.0) -> Axes:
    """The five regression losses against the prediction error.

    Examples
    --------
    >>> ax = plot_regression_losses()
    >>> len(ax.lines)
    5
    """
    ax = new_axes(ax)
    r = np.linspace(-r_max, r_max, 401)
    for name in ("mse", "mae", "huber", "log_cosh", "quantile"):
        label = LOSSES[name][0] + (f" (δ={delta:g})" if name == "huber" else "") + (
            f" (τ={tau:g})" if name == "quantile" else "")
        ax.plot(r, loss_curve(name, r, delta=delta, tau=tau)[0], label=label)
    ax.set_ylim(0, min(r_max ** 2, 4.0))
    ax.set_xlabel(_X_LABEL["regression"])
    ax.set_ylabel("loss")
    ax.legend()
    return ax


def plot_margin_losses(ax: Axes | None = None, *, m_range: tuple[float, float] = (-2.0, 3.0)
                       ) -> Axes:
    """The 0–1 loss and its surrogates against the margin (logistic shown in bits, /log 2).

    Examples
    --------
    >>> len(plot_margin_losses().lines)
    4
    """
    ax = new_axes(ax)
    m = np.linspace(*m_range, 501)
    ax.plot(m, losses.zero_one(m, reduction="none"), label="0–1", lw=2.5, color="black")
    ax.plot(m, losses.hinge(m, reduction="none"), label="hinge")
    ax.plot(m, losses.logistic(m, reduction="none") / np.log(2), label="logistic / log 2")
    ax.plot(m, losses.exponential(m, reduction="none"), label="exponential")
    ax.set_ylim(0, 4)
    ax.set_xlabel(_X_LABEL["margin"])
    ax.set_ylabel("loss")
    ax.legend()
    return ax


def plot_activations(names: Sequence[str] | None = None, axes: Sequence[Axes] | None = None,
                     *, z_max: float = 4.0, softmax: bool = True) -> tuple[Axes, ...]:
    """Values and derivatives of the element-wise activations, and the softmax of three logits.

    By default every activation of :data:`course_lib.activations.ACTIVATIONS` is drawn (step
    and linear included; leaky ReLU with slope 0.1, PReLU with a = 0.25, ELU with alpha = 1).
    Softmax is not element-wise, so it gets its own panel: the three probabilities of
    ``softmax(z, 0, -1)`` as the first logit z moves.

    Returns
    -------
    (values, derivatives) or (values, derivatives, softmax) : tuple of Axes

    Examples
    --------
    >>> ax1, ax2, ax3 = plot_activations()
    >>> len(ax1.lines), len(ax2.lines), len(ax3.lines)
    (10, 10, 3)
    >>> len(plot_activations(["relu", "swish"], softmax=False)[0].lines)
    2
    """
    names = list(act.ACTIVATIONS) if names is None else [
        check_choice(n, "names", list(act.ACTIVATIONS)) for n in names]
    n_panels = 3 if softmax else 2
    if axes is None:
        import matplotlib.pyplot as plt

        from .style import style

        with style():
            _, axes = plt.subplots(1, n_panels, figsize=(4.0 * n_panels, 3.8),
                                   layout="constrained")
    axes = tuple(axes)
    ax1, ax2 = axes[:2]
    z = np.linspace(-z_max, z_max, 801)
    defaults = {"slope": 0.1, "a": 0.25, "alpha": 1.0}
    styles = ["-"] * 8 + ["--"] * 8  # the palette has 8 colours: dash the rest
    for i, name in enumerate(names):
        fn, grad, param = act.ACTIVATIONS[name]
        args = (defaults[param],) if param else ()
        label = f"{name} ({param} = {defaults[param]:g})" if param else name
        ax1.plot(z, fn(z, *args), styles[i % 16], label=label)
        ax2.plot(z, grad(z, *args), styles[i % 16], label=label)
    ax1.set(xlabel="z", ylabel="f(z)", title="value", ylim=(-1.5, z_max))
    ax2.set(xlabel="z", ylabel="f′(z)", title="derivative", ylim=(-0.2, 1.3))
    ax1.legend(ncol=2, fontsize=7)
    if softmax:
        ax3 = axes[2]
        P = act.softmax(np.column_stack([z, np.zeros_like(z), -np.ones_like(z)]))
        for k, label in enumerate(["class 1 (logit z)", "class 2 (logit 0)",
                                   "class 3 (logit −1)"]):
            ax3.plot(z, P[:, k], label=label)
        ax3.set(xlabel="z", ylabel="probability", title="softmax(z, 0, −1)", ylim=(0, 1.02))
        ax3.legend(fontsize=7)
    return axes


def plot_risk_along_line(s: np.ndarray, curves: dict[str, np.ndarray],
                         ax: Axes | None = None) -> Axes:
    """Losses along a line ``w0 + s * direction`` in weight space, one curve per name.

    Examples
    --------
    >>> s = np.linspace(-1, 1, 5)
    >>> len(plot_risk_along_line(s, {"a": s**2, "b": np.abs(s)}).lines)
    2
    """
    s = check_array(s, "s", ndim=1)
    ax = new_axes(ax, figsize=(6, 3.5))
    for label, values in curves.items():
        ax.plot(s, check_array(values, "curves", shape=s.shape), label=label)
    ax.set(xlabel="position s along the line in weight space", ylabel="loss")
    ax.legend()
    return ax


def plot_growth(ns: Sequence[int], seconds: Sequence[float], ax: Axes | None = None, *,
                base: float = 2.0) -> Axes:
    """Measured seconds against n on a log scale, with the line ``∝ base**n`` through the last.

    Examples
    --------
    >>> len(plot_growth([10, 12, 14], [0.01, 0.04, 0.16]).lines)
    2
    """
    ns = check_array(ns, "ns", ndim=1)
    seconds = check_array(seconds, "seconds", shape=ns.shape)
    ax = new_axes(ax, figsize=(5, 3.2))
    ax.semilogy(ns, seconds, "o-", label="measured")
    ax.semilogy(ns, seconds[-1] * base ** (ns - ns[-1]), "--", label=f"∝ {base:g}ⁿ")
    ax.set(xlabel="number of training points n", ylabel="seconds")
    ax.legend()
    return ax


def plot_triplet_training(runs: dict[float, Any], labels: np.ndarray,
                          axes: Sequence[Axes] | None = None) -> tuple[Axes, ...]:
    """Active triplets per step (left) and the trained embedding of each run (one panel each).

    Parameters
    ----------
    runs : dict of margin -> :class:`course_lib.losses.TripletTrainingResult`
    labels : ndarray of shape (n_samples,)
        Class of each embedded point (colours).

    Examples
    --------
    >>> from course_lib.losses import TripletTrainingResult
    >>> E = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> run = TripletTrainingResult(1.0, E, np.ones(3), np.full(3, 0.5))
    >>> len(plot_triplet_training({1.0: run}, np.array([0, 1])))
    2
    """
    labels = check_array(labels, "labels", ndim=1, dtype="int")
    if axes is None:
        import matplotlib.pyplot as plt

        from .style import style

        with style():
            _, axes = plt.subplots(1, 1 + len(runs), figsize=(3.7 * (1 + len(runs)), 3.4),
                                   layout="constrained")
    axes = tuple(np.atleast_1d(axes))
    for m, res in runs.items():
        axes[0].plot(res.active_fraction, label=f"α = {m:g}")
    axes[0].set(xlabel="step", ylabel="active triplets in the batch", ylim=(0, 1.02))
    axes[0].legend()
    for ax, (m, res) in zip(axes[1:], runs.items(), strict=True):
        ax.scatter(*res.embedding.T, c=labels, cmap="tab10", vmin=0, vmax=9, s=10)
        ax.set(title=f"embedding, α = {m:g}", xlim=(-1.1, 1.1), ylim=(-1.1, 1.1),
               aspect="equal")
    return axes


def plot_dead_relus(results: dict[float, Any], ax: Axes | None = None) -> Axes:
    """Dead hidden ReLUs at every training step, one line per learning rate.

    Parameters
    ----------
    results : dict of lr -> :class:`course_lib.activations.DeadReluResult`

    Examples
    --------
    >>> from course_lib.activations import DeadReluResult
    >>> r = DeadReluResult(0.1, 8, 2, 0.5, np.array([0, 3, 2]))
    >>> len(plot_dead_relus({0.1: r}).lines)
    1
    """
    ax = new_axes(ax, figsize=(6, 3.2))
    for lr, res in results.items():
        ax.plot(res.dead_per_step, label=f"lr = {lr:g}")
    n_hidden = max(res.n_hidden for res in results.values())
    ax.set(xlabel="Adam step", ylabel="dead hidden ReLUs", ylim=(-0.5, n_hidden + 0.5))
    ax.legend()
    return ax


def plot_line_fits(x: np.ndarray, y: np.ndarray, fits: dict[str, tuple[float, float]],
                   ax: Axes | None = None, *, outliers: np.ndarray | None = None) -> Axes:
    """Data and one fitted line per loss (``fits``: name -> (slope, intercept)).

    Examples
    --------
    >>> ax = plot_line_fits(np.arange(3.0), np.arange(3.0), {"mse": (1.0, 0.0)})
    >>> len(ax.lines)
    1
    """
    x = check_array(x, "x", ndim=1)
    y = check_array(y, "y", shape=x.shape)
    ax = new_axes(ax)
    mask = np.zeros(len(x), bool) if outliers is None else np.asarray(outliers, bool)
    ax.scatter(x[~mask], y[~mask], s=14, color="0.4", label="data")
    if mask.any():
        ax.scatter(x[mask], y[mask], s=30, marker="x", color=DERIVATIVE_COLOR, label="outliers")
    xs = np.array([x.min(), x.max()])
    for name, (slope, intercept) in fits.items():
        ax.plot(xs, slope * xs + intercept, label=f"{name}: slope {slope:.2f}")
    ax.set(xlabel="x", ylabel="y")
    ax.legend()
    return ax


def plot_triplet_active(margins: np.ndarray, fractions: np.ndarray,
                        ax: Axes | None = None) -> Axes:
    """Fraction of triplets that still give a gradient, against the margin.

    Examples
    --------
    >>> len(plot_triplet_active(np.array([0.0, 1.0]), np.array([0.1, 0.5])).lines)
    1
    """
    ax = new_axes(ax)
    ax.plot(check_array(margins, "margins", ndim=1), check_array(fractions, "fractions", ndim=1),
            marker="o", ms=3)
    ax.set(xlabel="margin α", ylabel="fraction of triplets with loss > 0", ylim=(0, 1.02))
    return ax


# --- widget apps --------------------------------------------------------------------------------
class LossExplorer(FigureApp):
    """Pick a loss and move its parameter; value (left) and derivative (right) follow.

    ``delta`` is Huber's, ``tau`` the quantile's and ``alpha`` the triplet margin; a slider is
    disabled while its loss is not the one shown (it would do nothing). For Huber the dotted
    lines are ``r²/2`` and ``δ|r|``, which it approaches as δ grows or shrinks. The readout
    names the horizontal axis by its own symbol (r, m or g).

    Examples
    --------
    >>> app = LossExplorer(loss="mse")
    >>> app.controls["delta"].disabled, app.controls["tau"].disabled
    (True, True)
    >>> app.controls["loss"].value = "quantile"
    >>> app.controls["tau"].disabled, "at r = 2" in app.readout.value
    (False, True)
    """

    figsize = (8.5, 3.3)
    n_points = 601

    def _controls(self) -> dict[str, widgets.Widget]:
        style = {"description_width": "initial"}
        return {
            "loss": widgets.Dropdown(options=[(v[0], k) for k, v in LOSSES.items()],
                                     value="huber", description="loss"),
            "delta": widgets.FloatSlider(value=1.0, min=0.05, max=3.0, step=0.05,
                                         description="δ (Huber)", style=style),
            "tau": widgets.FloatSlider(value=0.5, min=0.05, max=0.95, step=0.05,
                                       description="τ (quantile)", style=style),
            "alpha": widgets.FloatSlider(value=1.0, min=0.0, max=3.0, step=0.1,
                                         description="α (triplet margin)", style=style),
        }

    def _build(self, fig: Figure) -> None:
        self.ax_value, self.ax_grad = fig.subplots(1, 2)
        self.x = np.linspace(-3.0, 3.0, self.n_points)
        # animated artists change on every update (the base class blits them); the rest is
        # redrawn only when the chosen loss changes (titles, labels, legend)
        (self.value_line,) = self.ax_value.plot(self.x, self.x, lw=2, animated=True)
        (self.ref_quad,) = self.ax_value.plot(self.x, self.x ** 2 / 2, ":", color="0.5",
                                              label="r²/2", animated=True)
        (self.ref_lin,) = self.ax_value.plot(self.x, np.abs(self.x), "--", color="0.5",
                                             label="δ|r|", animated=True)
        (self.grad_line,) = self.ax_grad.plot(self.x, self.x, lw=2, color=DERIVATIVE_COLOR,
                                              animated=True)
        self._shown: str | None = None
        self.ax_value.set_ylabel("loss")
        self.ax_grad.set_ylabel("derivative")
        self.ax_value.set_ylim(-0.1, 4.0)
        self.ax_grad.set_ylim(-3.2, 3.2)

    def _render(self, params: dict[str, Any]) -> str:
        name = params["loss"]
        label, family, param, formula = LOSSES[name]
        for key in ("delta", "tau", "alpha"):  # only the chosen loss's parameter does anything
            self.controls[key].disabled = key != param
        value, deriv = loss_curve(name, self.x, delta=params["delta"], tau=params["tau"],
                                  alpha=params["alpha"])
        self.value_line.set_ydata(value)
        self.grad_line.set_ydata(deriv)
        is_huber = name == "huber"
        self.ref_quad.set_visible(is_huber)
        self.ref_lin.set_visible(is_huber)
        if is_huber:
            self.ref_lin.set_ydata(params["delta"] * np.abs(self.x))
        if name != self._shown:  # static parts change
            self._shown = name
            if is_huber:
                self.ax_value.legend(handles=[self.ref_quad, self.ref_lin], loc="upper center")
            elif self.ax_value.get_legend() is not None:
                self.ax_value.get_legend().remove()
            for ax in (self.ax_value, self.ax_grad):
                ax.set_xlabel(_X_LABEL[family])
            self.ax_value.set_title(f"{label}: {formula}")
            self.ax_grad.set_title("derivative")
            self.show_static(name)  # drawn once per loss, then restored from the cache
        symbol = {"delta": "δ", "tau": "τ", "alpha": "α"}
        setting = f", {symbol[param]} = {params[param]:g}" if param else ""
        i = int(np.argmin(np.abs(self.x - 2.0)))  # x = 2 exactly on this grid
        v = _X_SYMBOL[family]
        return (f"<b>{label}</b>{setting}: at {v} = 2 the loss is {value[i]:.3g} and its "
                f"derivative {deriv[i]:.3g}; at {v} = −2: {value[-i - 1]:.3g} and "
                f"{deriv[-i - 1]:.3g}.")


class ActivationExplorer(FigureApp):
    """Pick an activation and move its parameter; value (left) and derivative (right) follow.

    ``slope`` is the negative-side slope of leaky ReLU and PReLU, ``alpha`` ELU's scale; each
    slider is disabled unless its activation is chosen. The readout gives the share of
    ``[-6, 6]`` where the derivative is below 0.01 (saturation).

    Examples
    --------
    >>> app = ActivationExplorer(activation="relu")
    >>> app.controls["slope"].disabled, app.controls["alpha"].disabled
    (True, True)
    >>> app.controls["activation"].value = "elu"
    >>> app.controls["slope"].disabled, app.controls["alpha"].disabled
    (True, False)
    """

    figsize = (8.5, 3.3)

    def _controls(self) -> dict[str, widgets.Widget]:
        style = {"description_width": "initial"}
        return {
            "activation": widgets.Dropdown(options=list(act.ACTIVATIONS), value="swish",
                                           description="activation"),
            "slope": widgets.FloatSlider(value=0.1, min=0.0, max=0.5, step=0.01,
                                         description="slope (leaky/PReLU)", style=style),
            "alpha": widgets.FloatSlider(value=1.0, min=0.0, max=2.0, step=0.05,
                                         description="α (ELU)", style=style),
        }

    def _build(self, fig: Figure) -> None:
        self.ax_value, self.ax_grad = fig.subplots(1, 2)
        self.z = np.linspace(-6.0, 6.0, 601)
        (self.value_line,) = self.ax_value.plot(self.z, self.z, lw=2, animated=True)
        (self.grad_line,) = self.ax_grad.plot(self.z, self.z, lw=2, color=DERIVATIVE_COLOR,
                                              animated=True)
        self._shown: str | None = None
        self.ax_value.set(xlabel="z", ylabel="f(z)", ylim=(-2.2, 6.2))
        self.ax_grad.set(xlabel="z", ylabel="f′(z)", ylim=(-0.2, 2.1))

    def _render(self, params: dict[str, Any]) -> str:
        name = params["activation"]
        fn, grad, param = act.ACTIVATIONS[name]
        self.controls["slope"].disabled = param not in ("slope", "a")
        self.controls["alpha"].disabled = param != "alpha"
        args = ()
        if param in ("slope", "a"):
            args = (params["slope"],)
        elif param == "alpha":
            args = (params["alpha"],)
        value, deriv = fn(self.z, *args), grad(self.z, *args)
        self.value_line.set_ydata(value)
        self.grad_line.set_ydata(deriv)
        setting = f"({args[0]:g})" if args else ""
        if name != self._shown:  # the titles are static
            self._shown = name
            self.ax_value.set_title(name)
            self.ax_grad.set_title("derivative")
            self.show_static(name)  # drawn once per activation, then restored from the cache
        flat = float(np.mean(np.abs(deriv) < 0.01))
        return (f"<b>{name}{setting}</b>: f(−2) = {value[200]:.3g}, f′(−2) = {deriv[200]:.3g}; "
                f"the derivative is below 0.01 on {100 * flat:.0f}% of [−6, 6].")
