"""Timing the convolution methods over kernel sizes (data for the "where each wins" plot)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..notebook import best_seconds
from ..validation import check_array, check_choice, check_int, describe
from .layers import METHODS, _check_size, conv2d

__all__ = ["time_conv_methods"]


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
