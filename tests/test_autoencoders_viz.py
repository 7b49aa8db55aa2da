"""The lesson-08 widget apps, driven headless: the slider changes what the artists show."""

import numpy as np

from course_lib.viz.autoencoders import CodeSizeExplorer, DenoisingExplorer, digit_mosaic


def test_mosaic_places_each_digit():
    rows = np.arange(2 * 3 * 64, dtype=float).reshape(2, 3, 64)
    m = digit_mosaic(rows)
    assert np.array_equal(m[9:17, 9:17], rows[1, 1].reshape(8, 8))
    assert np.isnan(m[8, 0])


def test_code_size_explorer_follows_the_slider():
    app = CodeSizeExplorer()
    d = app.data
    for k in (1, 16):
        app.controls["k"].value = k
        i = d["ks"].index(k)
        shown = app.last_mosaic
        assert np.allclose(shown[9:17, 0:8], d["recon"]["PCA"][i][0].reshape(8, 8))
        drawn = app.mosaic.get_array()[9:17, 0:8, 0].astype(float)   # the bytes on screen
        assert np.allclose(drawn, np.round(255 * (1 - shown[9:17, 0:8])))
        assert app.marker.get_xdata()[0] == k
        assert f"k = {k}" in app.readout.value
    # more code, less PCA error
    assert d["errors"]["PCA"][-1] < d["errors"]["PCA"][0]


def test_denoising_explorer_reports_errors_that_follow_the_level():
    app = DenoisingExplorer(level=0.0)
    assert app.last_errors["noisy input"] == 0.0
    app.controls["level"].value = 0.5
    assert app.last_errors["noisy input"] > 0
    assert app.last_errors["denoising AE"] < app.last_errors["noisy input"]


def test_pca_and_linear_ae_curves_both_visible():
    """They coincide (same subspace), so they must differ in style, not only in colour."""
    app = CodeSizeExplorer()
    lines = {ln.get_label(): ln for ln in app.ax_err.get_lines()}
    pca, lin = lines["PCA"], lines["linear AE"]
    assert np.allclose(pca.get_ydata(), lin.get_ydata(), atol=1e-3)
    assert pca.get_linewidth() > 2 * lin.get_linewidth()
    assert pca.get_markersize() > lin.get_markersize()
    assert lin.get_linestyle() != pca.get_linestyle()
