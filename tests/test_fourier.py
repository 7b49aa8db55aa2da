"""Fourier transforms of a delta and a Gaussian against the analytic formulas."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import fourier as ft


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 64), st.data())
def test_delta_spectrum_is_flat_with_a_linear_phase(n, data):
    m0 = data.draw(st.integers(0, n - 1))
    pair = ft.delta_spectrum(n, m0)
    np.testing.assert_allclose(np.abs(pair.numeric), 1.0, atol=1e-12)
    # the definition of the DFT, summed by hand for the one nonzero sample
    k = np.round(pair.freqs * n)
    np.testing.assert_allclose(pair.numeric, np.exp(-2j * np.pi * k * m0 / n), atol=1e-12)
    assert pair.max_error < 1e-12
    assert np.all(np.diff(pair.freqs) > 0) and pair.signal.sum() == 1


@pytest.mark.parametrize("sigma", [0.1, 0.5, 1.0, 3.0])
def test_gaussian_transform_matches_the_closed_form_and_integral(sigma):
    pair = ft.gaussian_spectrum(sigma, n=256)
    assert pair.max_error < 1e-9 * sigma
    # G(0) is the integral of g: sigma * sqrt(2 pi), independently by the trapezoid rule
    x = np.linspace(-12 * sigma, 12 * sigma, 20001)
    integral = np.trapezoid(np.exp(-x**2 / (2 * sigma**2)), x)
    zero = np.argmin(np.abs(pair.freqs))
    assert abs(pair.numeric[zero].real - integral) < 1e-9 * integral
    # a few frequencies by direct numerical integration of g(x) cos(2 pi f x)
    for f in (0.3 / sigma, 0.1 / sigma):
        direct = np.trapezoid(np.exp(-x**2 / (2 * sigma**2)) * np.cos(2 * np.pi * f * x), x)
        expected = sigma * np.sqrt(2 * np.pi) * np.exp(-2 * np.pi**2 * sigma**2 * f**2)
        assert abs(direct - expected) < 1e-9 * sigma


@settings(max_examples=20, deadline=None)
@given(st.floats(0.05, 20.0))
def test_widths_are_reciprocal(sigma):
    pair = ft.gaussian_spectrum(sigma, n=512)
    w_x = ft.rms_width(pair.x, pair.signal)
    w_f = ft.rms_width(pair.freqs, np.abs(pair.numeric))
    assert abs(w_x - sigma) < 1e-6 * sigma
    assert abs(w_x * w_f - 1 / (2 * np.pi)) < 1e-6


def test_coarse_sampling_aliases_and_the_error_shows_it():
    fine = ft.gaussian_spectrum(1.0, n=256)
    coarse = ft.gaussian_spectrum(1.0, n=16, dx=1.5)   # dx > sigma: spectrum wraps around
    assert coarse.max_error > 1e3 * fine.max_error


def test_bad_input():
    with pytest.raises(ValueError, match="position must be an integer in"):
        ft.delta_spectrum(8, 8)
    with pytest.raises(ValueError, match="sigma must be in"):
        ft.gaussian_spectrum(0.0)
    with pytest.raises(ValueError, match="n must be an integer in"):
        ft.gaussian_spectrum(1.0, n=10**9)
    with pytest.raises(ValueError, match="weights must be non-negative"):
        ft.rms_width([1.0, 2.0], [0.0, 0.0])
    assert "max |numeric - analytic|" in repr(ft.delta_spectrum(4))
