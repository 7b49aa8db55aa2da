"""Plots and the widget app of lesson ``09_monte_carlo`` (Monte Carlo and randomised algorithms).

The numbers come from :mod:`course_lib.montecarlo`; this module only draws them.
"""

from __future__ import annotations

import math
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .. import montecarlo as mc
from ..validation import check_array, check_int, check_scalar
from .app import FigureApp
from .style import CLASS_COLORS, STYLE, new_axes

__all__ = [
    "MonteCarloExplorer",
    "pi_standard_error",
    "plot_comparisons",
    "plot_error_vs_n",
    "plot_freivalds",
    "plot_pi_points",
]

_P = math.pi / 4
#: The course palette (Okabe–Ito, from the course style): named roles for this lesson's plots
_CYCLE = STYLE["axes.prop_cycle"].by_key()["color"]
MEASURED, THEORY, LIGHT = _CYCLE[0], _CYCLE[5], _CYCLE[4]  # blue, vermilion, sky blue
INSIDE, OUTSIDE = CLASS_COLORS


def pi_standard_error(n: Any) -> np.ndarray:
    """True standard error of the pi estimate from ``n`` points: ``4 sqrt(p (1 - p) / n)``.

    Examples
    --------
    >>> round(float(pi_standard_error(10_000)), 4)
    0.0164
    """
    n = check_array(n, "n", ndim=(0, 1))
    if np.any(n < 1):
        raise ValueError(f"n must be >= 1; got minimum {n.min():g}")
    return 4.0 * np.sqrt(_P * (1 - _P) / n)


def plot_pi_points(points: Any, ax: Axes | None = None) -> Axes:
    """Points on the unit square coloured inside / outside the quarter disc, with the arc.

    Parameters
    ----------
    points : array-like of shape (n_samples, 2)
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> ax = plot_pi_points(np.random.default_rng(0).random((100, 2)))
    >>> len(ax.collections), ax.get_title().startswith("4 ×")
    (2, True)
    """
    P = check_array(points, "points", ndim=2, shape=(None, 2), shape_doc="(n_samples, 2)")
    ax = new_axes(ax, figsize=(3.6, 3.6))
    inside = mc.pi_from_points(P) / 4 * len(P)
    mask = (P**2).sum(axis=1) <= 1
    ax.scatter(*P[mask].T, s=4, color=INSIDE, label="inside")
    ax.scatter(*P[~mask].T, s=4, color=OUTSIDE, label="outside")
    t = np.linspace(0, np.pi / 2, 100)
    ax.plot(np.cos(t), np.sin(t), color="k", lw=1)
    ax.set_aspect("equal")
    ax.set_title(f"4 × {round(inside)} / {len(P)} = {4 * inside / len(P):.3f}")
    return ax


def plot_error_vs_n(ns: Any, errors: Any, ax: Axes | None = None, *,
                    label: str = "RMS error over repeats") -> Axes:
    """Log–log plot of the error of the pi estimate against N, with the 1/sqrt(N) law.

    Parameters
    ----------
    ns : array-like of shape (k,)
        Sample sizes.
    errors : array-like of shape (k,) or (n_repeats, k)
        Errors (estimate - pi). With 2-D input each run is drawn faintly and the RMS over
        runs as the main curve.
    ax : Axes, optional

    Returns
    -------
    Axes
    """
    ns = check_array(ns, "ns", ndim=1)
    E = check_array(errors, "errors", ndim=(1, 2))
    if E.shape[-1] != ns.size:
        raise ValueError(f"errors must have one column per entry of ns ({ns.size}); got shape "
                         f"{E.shape}")
    ax = new_axes(ax, figsize=(6.0, 4.0))
    if E.ndim == 2:
        for row in np.abs(E[:8]):
            ax.loglog(ns, np.maximum(row, 1e-7), color="0.75", lw=0.8)
        rms = np.sqrt((E**2).mean(axis=0))
    else:
        rms = np.abs(E)
    ax.loglog(ns, rms, "o-", color=MEASURED, label=label)
    ax.loglog(ns, pi_standard_error(ns), "--", color=THEORY,
              label=r"theory $4\sqrt{p(1-p)/N}$, slope $-1/2$")
    ax.set_xlabel("number of points N")
    ax.set_ylabel("|estimate − π|")
    ax.set_title("Monte Carlo error shrinks like 1/√N")
    ax.legend(loc="lower left")
    return ax


def plot_comparisons(counts: Any, n: int, ax: Axes | None = None) -> Axes:
    """Histogram of quicksort comparison counts with the exact mean and ``2 n ln n``.

    Parameters
    ----------
    counts : array-like of shape (n_trials,)
    n : int
        Number of keys sorted.
    ax : Axes, optional

    Returns
    -------
    Axes
    """
    counts = check_array(counts, "counts", ndim=1)
    n = check_int(n, "n", low=2)
    ax = new_axes(ax, figsize=(6.0, 3.6))
    ax.hist(counts, bins=40, color=LIGHT, edgecolor="white", linewidth=0.4)
    exact = mc.expected_quicksort_comparisons(n)
    ax.axvline(exact, color=MEASURED, lw=2, label=rf"exact mean $2(n+1)H_n - 4n$ = {exact:,.0f}")
    lead = 2 * n * math.log(n)
    ax.axvline(lead, color=THEORY, ls="--", lw=2, label=rf"$2n\ln n$ = {lead:,.0f}")
    ax.axvline(n * (n - 1) / 2, color="0.3", ls=":", lw=1)
    ax.set_xlim(counts.min() * 0.95, max(counts.max(), lead) * 1.05)
    ax.set_xlabel(f"comparisons to sort n = {n} distinct keys")
    ax.set_ylabel("trials")
    ax.set_title("Randomised quicksort: always sorted, random cost")
    ax.legend(loc="upper right")
    return ax


def plot_freivalds(ks: Any, rates: Any, n_trials: int, ax: Axes | None = None) -> Axes:
    """False-accept rate of Freivalds' check against the number of rounds, with ``2**-k``.

    Parameters
    ----------
    ks : array-like of int, shape (m,)
    rates : array-like of shape (m,)
        Measured fraction of trials that wrongly answered "equal".
    n_trials : int
        Trials per point (for the binomial error bars, ±2 standard errors).
    ax : Axes, optional

    Returns
    -------
    Axes
    """
    ks = check_array(ks, "ks", ndim=1)
    rates = check_array(rates, "rates", ndim=1, shape=(ks.size,), shape_doc="(len(ks),)")
    n_trials = check_int(n_trials, "n_trials", low=1)
    ax = new_axes(ax, figsize=(6.0, 3.6))
    bound = 2.0**-ks
    se = np.sqrt(bound * (1 - bound) / n_trials)
    ax.semilogy(ks, bound, "--", color=THEORY, label=r"bound $2^{-k}$")
    shown = rates > 0
    ax.errorbar(ks[shown], rates[shown], yerr=2 * se[shown], fmt="o", color=MEASURED,
                capsize=3, label=f"measured ({n_trials:,} trials, ±2 SE)")
    ax.set_xlabel("rounds k")
    ax.set_ylabel("P(wrong product accepted)")
    ax.set_title("Freivalds: each round halves the error")
    ax.legend(loc="lower left")
    return ax


class MonteCarloExplorer(FigureApp):
    """Many pi estimates for a chosen N, standardised, on axes that never change.

    Controls: ``log10_n`` (N = 10**log10_n points per estimate) and ``n_repeats`` (how many
    independent estimates). Each estimate's inside-count is drawn from its exact distribution,
    Binomial(N, pi/4) (:func:`course_lib.montecarlo.pi_estimates`), so even N = 10**9 answers
    at once. The left panel shows the *standardised* estimates ``(estimate - pi) / SE(N)``
    against the standard normal curve: the axes stay fixed for every N, so an update only
    redraws the histogram and the points (FigureApp's blitting path; redrawing the whole
    figure because the axis limits followed N cost 94 ms in the kernel). The right panel places
    the spread of the estimates on the 1/sqrt(N) line, also on fixed axes.

    Examples
    --------
    >>> app = MonteCarloExplorer(log10_n=3, n_repeats=500)
    >>> app.controls["log10_n"].value = 5
    >>> app.n
    100000
    """

    figsize = (8.5, 3.3)
    z_max = 5.0  # the histogram shows standardised estimates in [-z_max, z_max]

    def __init__(self, *, seed: int = 0, **params: Any) -> None:
        self.seed = check_int(seed, "seed", low=0)
        super().__init__(**params)

    def _controls(self) -> dict[str, widgets.Widget]:
        style = {"description_width": "initial"}
        return {
            "log10_n": widgets.FloatSlider(value=3.0, min=1.0, max=9.0, step=0.25,
                                           description="log10 N (points)", style=style,
                                           continuous_update=True, readout_format=".2f"),
            "n_repeats": widgets.IntSlider(value=1000, min=50, max=20_000, step=50,
                                           description="repeats", style=style),
        }

    @property
    def n(self) -> int:
        return round(10 ** self.params["log10_n"])

    def _build(self, fig: Figure) -> None:
        self.ax_hist, self.ax_err = fig.subplots(1, 2, width_ratios=(1.6, 1))
        ax = self.ax_hist
        # only the histogram, the curve over it and the spread point are animated; axes,
        # labels and the theory line are static and cached by FigureApp's blitting
        self.hist = ax.stairs(np.zeros(1), np.array([0.0, 1.0]), fill=True, color=LIGHT,
                              alpha=0.8, label="estimates", animated=True)
        z = np.linspace(-self.z_max, self.z_max, 300)
        (self.normal_line,) = ax.plot(z, np.exp(-0.5 * z**2) / math.sqrt(2 * math.pi),
                                      color=THEORY, lw=2, label="standard normal",
                                      animated=True, zorder=4)  # drawn over the histogram
        ax.axvline(0.0, color="0.2", lw=1, ls=":")
        ax.set_xlim(-self.z_max, self.z_max)
        ax.set_ylim(0, 0.75)
        ax.set_xlabel("(estimate − π) / SE(N)   [SE(N) = 4√(p(1−p)/N)]")
        ax.set_ylabel("density")
        ax.legend(loc="upper right")
        ax = self.ax_err
        grid = np.logspace(1, 9, 50)
        ax.loglog(grid, pi_standard_error(grid), "--", color=THEORY, label="theory SE")
        (self.sd_point,) = ax.loglog([], [], "o", color=MEASURED, ms=8,
                                     label="spread of estimates", animated=True)
        ax.set_xlim(5, 2e9)
        ax.set_ylim(2e-5, 2.0)
        ax.set_xlabel("N")
        ax.set_ylabel("standard deviation")
        ax.legend(loc="lower left")

    def _render(self, params: dict[str, Any]) -> str:
        n = round(10 ** check_scalar(params["log10_n"], "log10_n", low=0))
        repeats = check_int(params["n_repeats"], "n_repeats", low=2)
        rng = np.random.default_rng(self.seed)
        est = mc.pi_estimates(n, repeats, rng)
        se = float(pi_standard_error(n))
        z = (est - math.pi) / se
        step = 4.0 / n / se  # estimates live on a lattice; in standard units its spacing is
        if step >= 0.25:     # coarse at small N: one bin per lattice point
            k = np.arange(math.floor((math.pi / se - self.z_max) / step) - 1,
                          math.ceil((math.pi / se + self.z_max) / step) + 2)
            edges = (k - 0.5) * step - math.pi / se  # bins centred on the lattice points
        else:
            edges = np.linspace(-self.z_max, self.z_max, 41)
        counts, edges = np.histogram(z, bins=edges)
        density = counts / (repeats * np.diff(edges))
        self.hist.set_data(density, edges)
        sd = float(est.std(ddof=1))
        self.sd_point.set_data([n], [min(max(sd, 3e-5), 1.9)])
        half = 1.96 * 4 * np.sqrt(np.clip(est / 4 * (1 - est / 4), 0, None) / n)
        covered = float(np.mean(np.abs(est - math.pi) <= half))
        self.last = {"n": n, "estimates": est, "z": z, "sd": sd, "se": se,
                     "coverage": covered}
        return (f"N = {n:,}: mean {est.mean():.5f}, spread (sd) {sd:.2e} vs theory "
                f"{se:.2e}; the 95% interval covered π in {100 * covered:.1f}% of "
                f"{repeats:,} runs")
