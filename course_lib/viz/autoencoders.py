"""Plots and widget apps of lesson ``08_autoencoders_vs_pca``.

- :func:`digit_mosaic` / :func:`plot_digits`: rows of 8x8 digits as one image.
- :class:`CodeSizeExplorer`: code size k -> digits reconstructed by PCA, a linear AE and a deep
  AE side by side, with the error-vs-k curves and k marked.
- :class:`DenoisingExplorer`: noise kind and level -> clean, noisy, denoised digits and errors.

Everything that must be trained is trained by ``data/make_ae_weights.py`` and loaded; the apps
precompute all reconstructions once (cached for the session), so a slider step only selects
an array and redraws one image and one line.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .. import autoencoders as ae
from ..pca import fit_pca, pca_error_curve, pca_project, pca_reconstruct
from ..validation import check_array, check_int
from .app import FigureApp
from .style import new_axes

__all__ = ["CodeSizeExplorer", "DenoisingExplorer", "code_size_data", "digit_mosaic",
           "gray_rgba", "plot_digits"]

N_SHOWN = 8  # test digits shown by the apps


def digit_mosaic(rows: list[np.ndarray] | np.ndarray, gap: int = 1) -> np.ndarray:
    """Tile rows of 8x8 images (flattened, 64 values each) into one 2-D array.

    Parameters
    ----------
    rows : sequence of ndarray of shape (n_images, 64), or ndarray (n_rows, n_images, 64)
    gap : int
        Pixels of blank space between images (filled with NaN, drawn as background).

    Returns
    -------
    ndarray of shape (n_rows * (8 + gap) - gap, n_images * (8 + gap) - gap)

    Examples
    --------
    >>> digit_mosaic([np.zeros((3, 64)), np.ones((3, 64))]).shape
    (17, 26)
    """
    arr = check_array(rows, "rows", ndim=3, shape=(None, None, 64),
                      shape_doc="(n_rows, n_images, 64)")
    gap = check_int(gap, "gap", low=0, high=8)
    r, n, _ = arr.shape
    out = np.full((r * (8 + gap) - gap, n * (8 + gap) - gap), np.nan)
    for i in range(r):
        for j in range(n):
            out[i * (8 + gap):i * (8 + gap) + 8, j * (8 + gap):j * (8 + gap) + 8] = \
                arr[i, j].reshape(8, 8)
    return out


def gray_rgba(mosaic: np.ndarray) -> np.ndarray:
    """A mosaic (values in [0, 1], NaN for gaps) as RGBA bytes: ink dark, gaps white.

    Drawing ready-made bytes skips matplotlib's normalisation and colour map on every frame.

    Examples
    --------
    >>> gray_rgba(np.array([[0.0, 1.0, np.nan]]))[0, :, 0].tolist()
    [255, 0, 255]
    """
    m = check_array(mosaic, "mosaic", ndim=2, finite=False)
    level = np.where(np.isnan(m), 255, np.round(255 * (1 - np.clip(m, 0, 1))))
    rgba = np.empty((*m.shape, 4), dtype=np.uint8)
    rgba[..., :3] = level[..., None]
    rgba[..., 3] = 255
    return rgba


def plot_digits(rows, labels: list[str] | None = None, ax: Axes | None = None,
                animated: bool = False) -> Axes:
    """Draw rows of digits (see :func:`digit_mosaic`) with a label for each row."""
    mosaic = digit_mosaic(rows)
    ax = new_axes(ax)
    ax.imshow(gray_rgba(mosaic), interpolation="nearest", animated=animated)
    ax.set_xticks([])
    ax.grid(False)
    if labels is not None:
        ax.set_yticks([3.5 + 9 * i for i in range(len(labels))], labels)
    else:
        ax.set_yticks([])
    return ax


@lru_cache(maxsize=1)
def code_size_data() -> dict[str, Any]:
    """Reconstructions and test errors of PCA, linear AE and deep AE for every shipped k.

    Returns
    -------
    dict with ``ks`` (list), ``shown`` (8 test digits, (8, 64)), ``recon`` (method -> (n_k, 8, 64))
    and ``errors`` (method -> (n_k,) per-pixel test MSE), methods "PCA", "linear AE", "deep AE".
    """
    X_train, X_test, _, _ = ae.load_digits_split()
    w = ae.load_weights("digits")
    ks = [int(k) for k in w["ks"]]
    shown = X_test[:N_SHOWN]
    recon = {"PCA": [], "linear AE": [], "deep AE": []}
    errors = {"PCA": pca_error_curve(X_train, X_test, k_max=max(ks))[np.array(ks) - 1]}
    errors["linear AE"], errors["deep AE"] = [], []
    for k in ks:
        p = fit_pca(X_train, k)
        recon["PCA"].append(pca_reconstruct(pca_project(shown, p), p))
        lin = {key: v.double().numpy() for key, v in w[f"linear_k{k}"].items()}
        lin_rec = (X_test - lin["mean"]) @ lin["W_enc"].T @ lin["W_dec"].T + lin["mean"]
        recon["linear AE"].append(lin_rec[:N_SHOWN])
        errors["linear AE"].append(np.mean((lin_rec - X_test) ** 2))
        deep_rec = ae.reconstruct(w[f"deep_k{k}"], X_test)
        recon["deep AE"].append(deep_rec[:N_SHOWN])
        errors["deep AE"].append(np.mean((deep_rec - X_test) ** 2))
    return {"ks": ks, "shown": shown,
            "recon": {m: np.clip(np.stack(v), 0, 1) for m, v in recon.items()},
            "errors": {m: np.asarray(v) for m, v in errors.items()}}


class CodeSizeExplorer(FigureApp):
    """Code size k -> test digits reconstructed by PCA, a linear AE and a deep AE.

    Left: the original digits and the three reconstructions (one image, updated with
    ``set_data``). Right: per-pixel test MSE against k for the three methods, k marked.
    Every reconstruction is precomputed (:func:`code_size_data`), so an update only selects
    arrays: measured in ``benchmarks/bench_autoencoders.py`` (``widget_update_ms/code_size``).
    Used in ``notebooks/08_autoencoders_vs_pca.ipynb``.

    Examples
    --------
    >>> app = CodeSizeExplorer(k=2)
    >>> app.controls["k"].value = 8
    >>> app.last_mosaic.shape, app.mosaic.get_array().shape
    ((35, 71), (35, 71, 4))
    """

    figsize = (9.0, 3.2)

    def _controls(self) -> dict[str, widgets.Widget]:
        self.data = code_size_data()
        return {"k": widgets.SelectionSlider(options=self.data["ks"], value=4,
                                             description="code size k",
                                             style={"description_width": "initial"})}

    def _build(self, fig: Figure) -> None:
        self.ax_img, self.ax_err = fig.subplots(1, 2, width_ratios=[1.6, 1])
        d = self.data
        rows = [d["shown"]] + [d["recon"][m][0] for m in d["recon"]]
        plot_digits(rows, ["original", *d["recon"]], ax=self.ax_img, animated=True)
        self.mosaic = self.ax_img.get_images()[0]
        # every frame drawn once here, so a slider step only swaps bytes
        self.frames = []
        for i in range(len(d["ks"])):
            mosaic = digit_mosaic([d["shown"]] + [d["recon"][m][i] for m in d["recon"]])
            self.frames.append((mosaic, gray_rgba(mosaic)))
        self.last_mosaic = self.frames[0][0]
        self.ax_img.set_title("test digits and their reconstructions")
        # PCA and the linear AE have the same errors (same subspace): PCA is drawn as a wide
        # pale line with large open circles and the linear AE as a thin dashed line with small
        # dots on top of it, so both stay visible where they coincide.
        styles = {"PCA": {"lw": 5, "alpha": 0.35, "marker": "o", "ms": 9, "mfc": "none"},
                  "linear AE": {"lw": 1.2, "ls": "--", "marker": ".", "ms": 5},
                  "deep AE": {"lw": 1.5, "marker": "s", "ms": 3}}
        for m, err in d["errors"].items():
            self.ax_err.plot(d["ks"], err, label=m, **styles.get(m, {"marker": "o", "ms": 3}))
        self.ax_err.set_xscale("log", base=2)
        self.ax_err.set_xticks(d["ks"], [str(k) for k in d["ks"]])
        self.ax_err.set_xlabel("code size k")
        self.ax_err.set_ylabel("test MSE per pixel")
        # a fixed place: "best" also avoids the moving marker, so each full redraw put the
        # legend somewhere else (the errors fall with k: the upper right stays clear)
        self.ax_err.legend(loc="upper right")
        self.marker = self.ax_err.axvline(d["ks"][0], color="black", lw=1, animated=True)

    def _render(self, params: dict[str, Any]) -> str:
        d = self.data
        i = d["ks"].index(params["k"])
        self.last_mosaic, rgba = self.frames[i]
        self.mosaic.set_data(rgba)
        self.marker.set_xdata([params["k"], params["k"]])
        errs = ", ".join(f"{m} {d['errors'][m][i]:.4f}" for m in d["errors"])
        return f"k = {params['k']}: test MSE per pixel — {errs}"


@lru_cache(maxsize=1)
def _denoisers():
    w = ae.load_weights("regularised")
    return {"plain": w["plain32"], "mask": w["dae_mask"], "gaussian": w["dae_gauss"]}


class DenoisingExplorer(FigureApp):
    """Noise kind and level -> clean, noisy, plain-AE and denoising-AE outputs, with errors.

    The denoising AE shown is the one trained on the chosen kind of noise (masking at 0.3 or
    Gaussian at 0.25); the plain AE has the same architecture, trained on clean digits.
    Used in ``notebooks/08_autoencoders_vs_pca.ipynb``.

    Examples
    --------
    >>> app = DenoisingExplorer(level=0.2)
    >>> app.controls["kind"].value = "gaussian"
    >>> sorted(app.last_errors)
    ['denoising AE', 'noisy input', 'plain AE']
    """

    figsize = (7.0, 3.4)

    def _controls(self) -> dict[str, widgets.Widget]:
        style = {"description_width": "initial"}
        return {
            "level": widgets.FloatSlider(value=0.3, min=0.0, max=0.6, step=0.05,
                                         description="noise level", style=style),
            "kind": widgets.Dropdown(options=["mask", "gaussian"], value="mask",
                                     description="noise"),
            "seed": widgets.IntSlider(value=0, min=0, max=20, description="seed", style=style),
        }

    def _build(self, fig: Figure) -> None:
        self.models = _denoisers()
        self.X = ae.load_digits_split()[1]
        self.ax = fig.subplots()
        blank = np.zeros((4, N_SHOWN, 64))
        plot_digits(blank, ["clean", "noisy", "plain AE", "denoising AE"], ax=self.ax,
                    animated=True)
        self.mosaic = self.ax.get_images()[0]
        self.last_errors: dict[str, float] = {}

    def _render(self, params: dict[str, Any]) -> str:
        noisy = ae.corrupt(self.X, params["kind"], params["level"], random_state=params["seed"])
        outs = {"noisy input": noisy,
                "plain AE": ae.reconstruct(self.models["plain"], noisy),
                "denoising AE": ae.reconstruct(self.models[params["kind"]], noisy)}
        self.last_errors = {k: float(np.mean((v - self.X) ** 2)) for k, v in outs.items()}
        rows = [self.X[:N_SHOWN]] + [np.clip(v[:N_SHOWN], 0, 1) for v in outs.values()]
        self.mosaic.set_data(gray_rgba(digit_mosaic(rows)))
        errs = ", ".join(f"{k} {v:.4f}" for k, v in self.last_errors.items())
        return (f"{params['kind']} noise at {params['level']:.2f}, MSE to the clean test "
                f"digits: {errs}")
