"""Lesson 11 benchmarks: im2col convolution against torch and against the naive loops, and
the convolution explorer widget.

``conv_im2col_vs_torch_ratio``: a mid-size layer in float32 (batch 8, 32 → 64 channels,
32×32, 3×3, stride 1, padding 1): ``course_lib.convolution.conv2d_im2col`` seconds / torch's
``conv2d`` seconds, best of interleaved runs in the same process (both single-threaded under
the benchmark's ``OMP_NUM_THREADS=1``). ``conv_naive_vs_im2col_ratio``: the Python-loop
version against im2col on a small float64 layer.
"""

from __future__ import annotations

import numpy as np
import torch
from common import figure, interleaved_best, widget_update_ms

from course_lib import convolution as cv


def collect() -> dict[str, dict]:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(8, 32, 32, 32)).astype(np.float32)
    W = rng.normal(size=(64, 32, 3, 3)).astype(np.float32)
    b = rng.normal(size=64).astype(np.float32)
    Xt, Wt, bt = map(torch.from_numpy, (X, W, b))

    def ours():
        return cv.conv2d_im2col(X, W, b, 1, 1)

    def theirs():
        return torch.nn.functional.conv2d(Xt, Wt, bt, stride=1, padding=1)

    err = float(np.abs(ours() - theirs().numpy()).max())
    t_ours, t_torch = interleaved_best([ours, theirs], rounds=5)

    Xs, Ws = rng.normal(size=(1, 8, 32, 32)), rng.normal(size=(8, 8, 3, 3))
    t_naive, t_im2col = interleaved_best([lambda: cv.conv2d_naive(Xs, Ws, padding=1),
                                          lambda: cv.conv2d_im2col(Xs, Ws, padding=1)],
                                         rounds=2)

    from course_lib.viz.convolution import ConvolutionExplorer

    app = ConvolutionExplorer()
    pixel_ms, pixel_p90 = widget_update_ms(app, "pixel", list(range(0, 480, 12)))
    stride_ms, _ = widget_update_ms(app, "stride", [2, 3, 1] * 4)
    return {
        "conv_im2col_vs_torch_ratio": figure(
            t_ours / t_torch, "x",
            f"float32 conv, batch 8, 32→64 channels, 32×32, 3×3, stride 1, padding 1: "
            f"conv2d_im2col {1e3 * t_ours:.1f} ms / torch conv2d {1e3 * t_torch:.1f} ms, best "
            f"of 5 interleaved runs; max |difference| {err:.1e} (aim <= 3)"),
        "conv_naive_vs_im2col_ratio": figure(
            t_naive / t_im2col, "x",
            f"float64, 1 image, 8→8 channels, 32×32, 3×3, padding 1: Python loops "
            f"{1e3 * t_naive:.0f} ms / im2col {1e3 * t_im2col:.2f} ms"),
        "widget_update_ms/convolution_explorer": figure(
            pixel_ms, "ms",
            f"ConvolutionExplorer, compute + blit + PNG per 'output pixel' step: {pixel_ms:.0f} "
            f"ms median / {pixel_p90:.0f} ms p90; per stride change {stride_ms:.0f} ms "
            f"(a kernel change redraws the whole figure) (aim <= 50)"),
    }


if __name__ == "__main__":  # pragma: no cover
    for name, fig in collect().items():
        print(f"{name}: {fig['value']:.4g} {fig['unit']}  ({fig['note']})")
