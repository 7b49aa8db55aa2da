"""Plots and the widget app of lesson ``11_interview_lab`` (convolution and Fourier)."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .. import convolution as cv
from ..validation import check_array, check_int
from .app import FigureApp
from .labels import SpriteLabels
from .style import PALETTE, new_axes, readable_on

__all__ = ["KERNELS", "ConvolutionExplorer", "digit_image", "plot_conv_timings",
           "plot_fourier_pair"]

#: The explorer's kernels (name -> 2-D array); 3×3 and 5×5.
KERNELS: dict[str, np.ndarray] = {
    "identity 3×3": np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]], dtype=float),
    "box blur 3×3": np.full((3, 3), 1 / 9),
    "box blur 5×5": np.full((5, 5), 1 / 25),
    "Gaussian blur 5×5": np.outer([1, 4, 6, 4, 1], [1, 4, 6, 4, 1]) / 256.0,
    "edge (Laplacian)": np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]], dtype=float),
    "sharpen": np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=float),
    "Sobel x (vertical edges)": np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=float),
}
_METHOD_COLORS = {"naive": PALETTE["vermillion"], "im2col": PALETTE["blue"],
                  "fft": PALETTE["green"], "winograd": PALETTE["pink"],
                  "torch": PALETTE["black"]}


def digit_image(index: int = 0, scale: int = 3) -> np.ndarray:
    """A scikit-learn 8×8 digit in [0, 1], enlarged ``scale`` times (square pixels).

    Returns
    -------
    ndarray of shape (8 * scale, 8 * scale)
    """
    from sklearn.datasets import load_digits

    index = check_int(index, "index", low=0, high=1796)
    scale = check_int(scale, "scale", low=1, high=16)
    img = load_digits().images[index] / 16.0
    return np.kron(img, np.ones((scale, scale)))


def plot_conv_timings(timings: dict[str, Any], ax: Axes | None = None) -> Axes:
    """Seconds against kernel size, one line per method, log scale
    (``timings`` as returned by :func:`course_lib.convolution.time_conv_methods`)."""
    ks = check_array(timings["kernel_size"], "timings['kernel_size']", ndim=1)
    ax = new_axes(ax)
    for name, secs in timings.items():
        if name == "kernel_size":
            continue
        secs = check_array(secs, f"timings[{name!r}]", shape=(len(ks),), finite=False)
        ok = np.isfinite(secs)
        ax.plot(ks[ok], secs[ok], marker="o", ms=4, label=name,
                color=_METHOD_COLORS.get(name))
    ax.set_yscale("log")
    ax.set_xlabel("kernel size k (k × k)")
    ax.set_ylabel("seconds (best of runs)")
    ax.legend()
    return ax


def plot_fourier_pair(pair: Any, *, title: str = "", axes: Any = None, label: str = "",
                      color: str | None = None, f_max: float | None = None) -> Any:
    """Signal (left) and spectrum magnitude (right) of a :class:`course_lib.fourier.FourierPair`:
    numerical points over the analytic line. Pass ``axes`` to overlay several pairs."""
    if axes is None:
        import matplotlib.pyplot as plt

        from .style import style

        with style():
            _, axes = plt.subplots(1, 2, figsize=(8, 2.4), layout="constrained")
    ax0, ax1 = axes
    color = color or PALETTE["blue"]
    ax0.plot(pair.x, pair.signal, marker=".", ms=4, lw=0.8, color=color, label=label or None)
    ax0.set_xlabel("x")
    if ax0.get_legend_handles_labels()[1]:  # two or more signals: name them (not colour alone)
        ax0.legend()
    ax0.set_title(f"{title} signal" if title else "signal")
    ax1.plot(pair.freqs, np.abs(pair.analytic), color=PALETTE["orange"], lw=2.5,
             label=None if ax1.get_legend_handles_labels()[1] else "analytic")
    ax1.plot(pair.freqs, np.abs(pair.numeric), ".", ms=4, color=color,
             label=f"numpy.fft{', ' + label if label else ''}")
    if f_max is not None:
        ax1.set_xlim(-f_max, f_max)
    ax1.set_xlabel("frequency f")
    ax1.set_title("|spectrum|")
    ax1.legend()
    return axes


class ConvolutionExplorer(FigureApp):
    """Kernel, stride, padding and one output pixel → input, kernel and output side by side.

    The input is a digit enlarged to 24×24; the dashed frame is the zero padding, the
    orange square the receptive field of the chosen output pixel. The output is drawn at the
    position of each receptive field's centre, one output pixel covering ``stride`` input
    pixels, so a larger stride shows as a coarser picture of the same digit. One
    convolution of a 24×24 image by im2col takes well under a millisecond; every artist that
    changes is animated and blitted (see :class:`FigureApp`).
    Used in ``notebooks/11_interview_lab.ipynb``.

    Examples
    --------
    >>> app = ConvolutionExplorer(kernel="box blur 3×3")
    >>> app.controls["pixel"].value = 30          # what moving the slider does
    >>> app.output.shape
    (22, 22)
    """

    figsize = (9.0, 2.9)
    MAX_PAD = 2

    def _controls(self) -> dict[str, widgets.Widget]:
        self.image_data = digit_image(0, 3)
        style = {"description_width": "initial"}
        return {
            "pixel": widgets.IntSlider(value=0, min=0, max=22 * 22 - 1,
                                       description="output pixel", style=style),
            "kernel": widgets.Dropdown(options=list(KERNELS), value="box blur 3×3",
                                       description="kernel", style=style),
            "stride": widgets.IntSlider(value=1, min=1, max=3, description="stride",
                                        style=style),
            "padding": widgets.IntSlider(value=0, min=0, max=self.MAX_PAD,
                                         description="padding", style=style),
        }

    def _build(self, fig: Figure) -> None:
        H, W = self.image_data.shape
        m = self.MAX_PAD + 1
        gs = fig.add_gridspec(1, 3, width_ratios=[1.0, 0.55, 1.0])
        ax_in, ax_k, ax_out = (fig.add_subplot(gs[0, i]) for i in range(3))
        for ax in (ax_in, ax_out):
            ax.set_xlim(-m, W - 1 + m)
            ax.set_ylim(H - 1 + m, -m)
            ax.set_aspect("equal")
            ax.grid(False)
        ax_in.imshow(self.image_data, cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
        ax_in.set_title("input (padding dashed)")
        self.pad_frame = Rectangle((-0.5, -0.5), W, H, fill=False, ls="--", lw=1,
                                   ec=PALETTE["sky"], animated=True)
        self.field = Rectangle((-0.5, -0.5), 3, 3, fill=False, lw=2, ec=PALETTE["vermillion"],
                               animated=True)
        ax_in.add_patch(self.pad_frame)
        ax_in.add_patch(self.field)
        self.kernel_img = ax_k.imshow(np.zeros((3, 3)), cmap="RdBu_r", vmin=-1, vmax=1,
                                      interpolation="nearest", extent=(0.5, 3.5, 3.5, 0.5),
                                      animated=True)
        ax_k.set_xlim(-0.5, 4.5)
        ax_k.set_ylim(4.5, -0.5)
        ax_k.set_aspect("equal")
        ax_k.axis("off")
        ax_k.set_title("kernel")
        # the kernel's values are blitted like the rest, from label bitmaps (a change of kernel
        # that redrew the whole figure cost about 100 ms; 25 Text artists per frame, ~30 ms)
        self.kernel_text = {color: SpriteLabels(ax_k) for color in ("black", "white")}
        self._shown_kernel = None
        self.out_img = ax_out.imshow(np.zeros((2, 2)), cmap="gray_r", interpolation="nearest",
                                     animated=True)
        ax_out.set_title("output, at receptive-field centres")
        self.out_box = Rectangle((0, 0), 1, 1, fill=False, lw=2, ec=PALETTE["vermillion"],
                                 animated=True)
        ax_out.add_patch(self.out_box)
        self.output = np.zeros((1, 1))

    def _render(self, params: dict[str, Any]) -> str:
        k = KERNELS[params["kernel"]]
        s, p = int(params["stride"]), int(params["padding"])
        H, W = self.image_data.shape
        kh, kw = k.shape
        Y = cv._conv2d_im2col(self.image_data[None, None], k[None, None], None, (s, s), (p, p))
        self.output = Y[0, 0]
        ho, wo = self.output.shape
        slider = self.controls["pixel"]
        if slider.max != ho * wo - 1:
            self._syncing = True   # the clamp below must not start a second update
            try:
                slider.max = ho * wo - 1
            finally:
                self._syncing = False
        idx = int(slider.value)
        self.params["pixel"] = idx
        r, c = divmod(idx, wo)
        self.pad_frame.set_bounds(-p - 0.5, -p - 0.5, W + 2 * p, H + 2 * p)
        self.field.set_bounds(c * s - p - 0.5, r * s - p - 0.5, kw, kh)
        if params["kernel"] != self._shown_kernel:
            self._show_kernel(k)
            self._shown_kernel = params["kernel"]
        # output drawn where its receptive field's centre lies; one pixel spans s inputs
        x0 = -p + (kw - 1) / 2 - s / 2
        y0 = -p + (kh - 1) / 2 - s / 2
        self.out_img.set_data(self.output)
        self.out_img.set_extent((x0, x0 + wo * s, y0 + ho * s, y0))
        lo, hi = float(self.output.min()), float(self.output.max())
        self.out_img.set_clim(lo, hi if hi > lo else lo + 1)
        self.out_box.set_bounds(x0 + c * s, y0 + r * s, s, s)
        value = self.output[r, c]
        return (f"output {ho}×{wo} = ⌊({H} + 2·{p} − {kh}) / {s}⌋ + 1 per side; pixel "
                f"(row {r}, column {c}) = Σ kernel × input rows {r * s - p}..{r * s - p + kh - 1}, "
                f"columns {c * s - p}..{c * s - p + kw - 1} = <b>{value:.3f}</b>")

    def _show_kernel(self, k: np.ndarray) -> None:
        """The kernel centred in a 5x5 frame, with its values."""
        kh, kw = k.shape
        off = (5 - kh) / 2
        self.kernel_img.set_data(k)
        self.kernel_img.set_extent((off - 0.5, off + kw - 0.5, off + kh - 0.5, off - 0.5))
        lim = max(float(np.abs(k).max()), 1e-12)
        self.kernel_img.set_clim(-lim, lim)
        labels: dict[str, list] = {"black": [], "white": []}
        cells = self.kernel_img.cmap(self.kernel_img.norm(k))
        for (i, j), v in np.ndenumerate(k):
            text = f"{v:.2g}" if v != round(v) else f"{v:.0f}"
            # the colour with the higher contrast on this cell (black on dark red was unreadable)
            labels[readable_on(cells[i, j])].append(
                (text, off + j, off + i, "center", "center", 8, "data"))
        for color, artist in self.kernel_text.items():
            with matplotlib.rc_context({"text.color": color}):
                artist.set_labels(labels[color])
