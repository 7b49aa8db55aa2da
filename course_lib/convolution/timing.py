"""Timing the convolution methods over kernel sizes (data for the "where each wins" plot), and
the im2col copy from two memory layouts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ..notebook import best_seconds
from ..validation import check_array, check_choice, check_int, describe
from .layers import METHODS, _check_size, _im2col, _pad, _pair, conv2d

__all__ = ["time_conv_methods", "time_im2col_layouts"]


def time_conv_methods(kernel_sizes: Sequence[int] = (3, 5), *, image_size: int = 16,
                      channels: int = 2, batch: int = 1,
                      methods: Sequence[str] = ("im2col", "fft"), repeat: int = 3,
                      random_state: Any = 0) -> dict[str, np.ndarray]:
    """Best-of-``repeat`` seconds of each method for each square kernel size (stride 1,
    'same'-style padding ``k // 2``), all on the same random float64 data.

    ``methods`` may include ``"torch"`` (``torch.nn.functional.conv2d`` in float64, imported
    here) and ``"winograd"`` (timed only for k = 3, NaN elsewhere).

    Returns
    -------
    dict
        ``"kernel_size"``: ndarray of shape (n_k,); one ndarray of shape (n_k,) of seconds
        per method.

    Examples
    --------
    >>> t = time_conv_methods([3], image_size=8, repeat=1)
    >>> sorted(t), t["im2col"].shape
    (['fft', 'im2col', 'kernel_size'], (1,))
    """
    from ..validation import check_rng

    ks = check_array(kernel_sizes, "kernel_sizes", ndim=1, dtype="int")
    if ks.min() < 1 or len(ks) > 50:
        raise ValueError(f"kernel_sizes must hold 1 to 50 sizes, each >= 1; got {ks.tolist()}")
    image_size = check_int(image_size, "image_size", low=1, high=4096)
    channels = check_int(channels, "channels", low=1, high=1024)
    batch = check_int(batch, "batch", low=1, high=1024)
    repeat = check_int(repeat, "repeat", low=1, high=100)
    if isinstance(methods, str) or not isinstance(methods, Sequence) or not methods:
        raise TypeError(f"methods must be a non-empty list of names from "
                        f"{[*METHODS, 'torch']}; got {describe(methods)}")
    methods = [check_choice(m, "methods", [*METHODS, "torch"]) for m in methods]
    _check_size(batch * channels * image_size**2 * int(ks.max()) ** 2, "the im2col matrix",
                "image_size, channels, batch or kernel_sizes")
    rng = check_rng(random_state)
    X = rng.normal(size=(batch, channels, image_size, image_size))
    out: dict[str, np.ndarray] = {"kernel_size": ks.astype(int)}
    for m in methods:
        out[m] = np.full(len(ks), np.nan)
    for idx, k in enumerate(ks.tolist()):
        W = rng.normal(size=(channels, channels, k, k))
        for m in methods:
            if m == "winograd" and k != 3:
                continue
            if m == "torch":
                import torch

                Xt, Wt = torch.from_numpy(X), torch.from_numpy(W)

                def run(Xt=Xt, Wt=Wt, k=k):
                    return torch.nn.functional.conv2d(Xt, Wt, padding=k // 2)
            else:
                def run(m=m, W=W, k=k):
                    return conv2d(X, W, padding=k // 2, method=m)
            out[m][idx] = best_seconds(run, repeat)
    return out


def time_im2col_layouts(X: Any, kernel_size: int = 3, *, padding: Any = 0,
                        repeat: int = 5) -> dict[str, float]:
    """Best-of-``repeat`` seconds to build the im2col matrix of ``X`` (stride 1) from
    channels-first memory and from channels-last memory.

    ``"channels first"`` gathers every patch from the NCHW array as it is, in
    ``(channel, row, column)`` order (what :func:`im2col` returns). ``"channels last"`` first
    copies ``X`` to NHWC and then gathers each patch in ``(row, column, channel)`` order, so
    that the big copy moves runs of ``C`` contiguous numbers (what ``conv2d_im2col`` does);
    its time includes that extra transposing copy. Both matrices hold the same numbers in
    a different column order.

    Parameters
    ----------
    X : array-like of shape (N, C, H, W)
    kernel_size : int
    padding : int or (int, int)
    repeat : int

    Returns
    -------
    dict
        ``{"channels first": seconds, "channels last": seconds}``.

    Examples
    --------
    >>> t = time_im2col_layouts(np.ones((1, 8, 12, 12)), 3, padding=1, repeat=1)
    >>> sorted(t), all(v > 0 for v in t.values())
    (['channels first', 'channels last'], True)
    """
    X = check_array(X, "X", ndim=4, shape_doc="(N, C, H, W)")
    k = check_int(kernel_size, "kernel_size", low=1, high=64)
    p = _pair(padding, "padding", 0)
    repeat = check_int(repeat, "repeat", low=1, high=100)
    N, C, H, W = X.shape
    if H + 2 * p[0] < k or W + 2 * p[1] < k:
        raise ValueError(f"the kernel ({k}) is larger than the padded input "
                         f"({H + 2 * p[0]} x {W + 2 * p[1]})")
    _check_size(N * C * k * k * (H + 2 * p[0]) * (W + 2 * p[1]), "the im2col matrix", "X")
    Xp = _pad(X, p)

    def channels_first() -> np.ndarray:
        return _im2col(Xp, k, k, (1, 1)).reshape(-1, C * k * k)

    def channels_last() -> np.ndarray:
        Xl = np.ascontiguousarray(Xp.transpose(0, 2, 3, 1))
        win = sliding_window_view(Xl, (k, k), axis=(1, 2))      # (N, Ho, Wo, C, k, k), a view
        return win.transpose(0, 1, 2, 4, 5, 3).reshape(-1, C * k * k)

    return {"channels first": best_seconds(channels_first, repeat),
            "channels last": best_seconds(channels_last, repeat)}
