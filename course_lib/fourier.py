"""Fourier transforms of a Kronecker delta and of a Gaussian, numerically and analytically.

Used in ``notebooks/11_interview_lab.ipynb`` (question N22).

Conventions (stated once, used everywhere here):

* **Discrete** (``numpy.fft.fft``): ``X[k] = sum_{m=0}^{n-1} x[m] exp(-2 pi i k m / n)``. A
  Kronecker delta at position ``m0`` has ``X[k] = exp(-2 pi i k m0 / n)``: magnitude exactly
  1 at every frequency (a flat spectrum), and a phase that turns linearly with ``k`` (zero
  for ``m0 = 0``).
* **Continuous**, ordinary frequency ``f`` in cycles per unit of ``x``:
  ``G(f) = integral g(x) exp(-2 pi i f x) dx``. For ``g(x) = exp(-x^2 / (2 sigma^2))``,
  ``G(f) = sigma sqrt(2 pi) exp(-2 pi^2 sigma^2 f^2)``: again a Gaussian, whose width in
  frequency is ``1 / (2 pi sigma)``. Narrow in ``x`` means wide in ``f`` and the product of
  the two widths is the constant ``1 / (2 pi)``.
* The continuous transform is approximated from ``n`` samples ``x_m = (m - n // 2) dx`` by a
  Riemann sum, ``G(f_k) ~ dx * sum_m g(x_m) exp(-2 pi i f_k x_m)``, evaluated for all
  ``f_k = k / (n dx)`` at once by one FFT (``ifftshift`` puts ``x = 0`` first, ``fftshift``
  sorts the frequencies). It is accurate when ``dx`` is small against ``sigma`` (no aliasing)
  and the window ``n dx`` is wide against it (no truncation).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .validation import check_array, check_int, check_scalar

__all__ = ["FourierPair", "delta_spectrum", "gaussian_spectrum", "rms_width"]

MAX_N = 2**24   # samples: 16.7 million complex numbers are 270 MB


@dataclass
class FourierPair:
    """A sampled signal, its numerical transform and the analytic transform.

    Attributes
    ----------
    x : ndarray of shape (n,)
        Sample positions (indices for a discrete signal).
    signal : ndarray of shape (n,)
    freqs : ndarray of shape (n,)
        Frequencies of the spectrum, sorted ascending (cycles per unit of ``x``).
    numeric : ndarray of shape (n,), complex
        What ``numpy.fft`` gives (scaled by ``dx`` for the continuous transform).
    analytic : ndarray of shape (n,), complex
        The formula at the same frequencies.
    """

    x: np.ndarray
    signal: np.ndarray
    freqs: np.ndarray
    numeric: np.ndarray
    analytic: np.ndarray

    @property
    def max_error(self) -> float:
        """Largest absolute difference between the numerical and the analytic spectrum."""
        return float(np.max(np.abs(self.numeric - self.analytic)))

    def __repr__(self) -> str:
        return (f"FourierPair(n={len(self.x)}, max |numeric - analytic| = "
                f"{self.max_error:.2e})")


def delta_spectrum(n: int = 16, position: int = 0) -> FourierPair:
    """DFT of the Kronecker delta ``x[m] = 1 if m == position else 0``.

    Parameters
    ----------
    n : int
        Number of samples, 1..2**24.
    position : int
        Where the 1 sits, 0..n-1.

    Returns
    -------
    FourierPair
        ``freqs`` are ``fftshift(fftfreq(n))`` (cycles per sample); ``analytic`` is
        ``exp(-2 pi i k position / n)`` at the same ``k``.

    Examples
    --------
    >>> pair = delta_spectrum(8)
    >>> np.abs(pair.numeric).round(12).tolist()
    [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]
    >>> pair.max_error < 1e-12
    True
    """
    n = check_int(n, "n", low=1, high=MAX_N)
    position = check_int(position, "position", low=0, high=n - 1)
    signal = np.zeros(n)
    signal[position] = 1.0
    k = np.fft.fftshift(np.fft.fftfreq(n) * n)          # integer frequency indices, sorted
    numeric = np.fft.fftshift(np.fft.fft(signal))
    analytic = np.exp(-2j * np.pi * k * position / n)
    return FourierPair(np.arange(n, dtype=float), signal, k / n, numeric, analytic)


def gaussian_spectrum(sigma: float = 1.0, *, n: int = 256, dx: float | None = None
                      ) -> FourierPair:
    """Continuous Fourier transform of ``exp(-x^2 / (2 sigma^2))`` from ``n`` samples.

    Parameters
    ----------
    sigma : float
        Width of the Gaussian, > 0.
    n : int
        Number of samples, 8..2**24.
    dx : float, optional
        Sample spacing; default ``20 sigma / n`` (the window spans ±10 sigma).

    Returns
    -------
    FourierPair
        ``numeric = dx * fftshift(fft(ifftshift(g)))`` and
        ``analytic = sigma sqrt(2 pi) exp(-2 pi^2 sigma^2 f^2)`` at ``f = fftshift(fftfreq(n,
        dx))``.

    Examples
    --------
    >>> pair = gaussian_spectrum(0.5, n=128)
    >>> pair.max_error < 1e-10
    True
    >>> round(rms_width(pair.x, pair.signal) * rms_width(pair.freqs, pair.analytic.real), 4)
    0.1592
    """
    sigma = check_scalar(sigma, "sigma", low=0, include_low=False)
    n = check_int(n, "n", low=8, high=MAX_N)
    dx = 20.0 * sigma / n if dx is None else check_scalar(dx, "dx", low=0, include_low=False)
    x = (np.arange(n) - n // 2) * dx
    with np.errstate(under="ignore"):
        g = np.exp(-x**2 / (2 * sigma**2))
        f = np.fft.fftshift(np.fft.fftfreq(n, dx))
        analytic = sigma * np.sqrt(2 * np.pi) * np.exp(-2 * np.pi**2 * sigma**2 * f**2)
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(f))):
        raise ValueError(f"sigma and dx give positions or frequencies that overflow; got "
                         f"sigma={sigma!r}, dx={dx!r}")
    numeric = dx * np.fft.fftshift(np.fft.fft(np.fft.ifftshift(g)))
    return FourierPair(x, g, f, numeric, analytic.astype(complex))


def rms_width(x: Any, weights: Any) -> float:
    """Root-mean-square width ``sqrt(sum x^2 w / sum w)`` of non-negative ``weights`` about 0.

    For samples of ``exp(-x^2 / (2 sigma^2))`` it is ``sigma``; for the Gaussian's transform
    ``1 / (2 pi sigma)``.

    Parameters
    ----------
    x : array-like of shape (n,)
    weights : array-like of shape (n,), >= 0, not all 0

    Examples
    --------
    >>> x = np.linspace(-10, 10, 2001)
    >>> round(rms_width(x, np.exp(-x**2 / 2)), 6)
    1.0
    """
    x = check_array(x, "x", ndim=1)
    w = check_array(weights, "weights", ndim=1, shape=(len(x),), shape_doc=f"({len(x)},)")
    if np.any(w < 0) or not np.any(w > 0):
        raise ValueError("weights must be non-negative and not all zero")
    with np.errstate(over="raise", invalid="raise"):
        try:
            return float(np.sqrt(np.sum(x**2 * w) / np.sum(w)))
        except FloatingPointError:
            raise ValueError("x and weights are too large to square and sum in float64")\
                from None
