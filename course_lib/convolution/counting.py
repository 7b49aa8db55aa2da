"""Parameter counts of CNN layers by formula, and by counting a torch model's tensors."""

from __future__ import annotations

from typing import Any

from ..validation import check_bool, check_int, describe
from .layers import _pair

__all__ = ["batchnorm2d_params", "conv2d_connections", "conv2d_params", "count_params",
           "linear_params", "winograd_multiplications"]


def conv2d_params(c_in: int, c_out: int, kernel_size: Any, bias: bool = True,
                  groups: int = 1) -> int:
    """Learnable parameters of ``torch.nn.Conv2d(c_in, c_out, kernel_size, groups=groups)``.

    Each of the ``c_out`` kernels sees ``c_in / groups`` input channels through a
    ``kh × kw`` window: ``c_out * (c_in / groups) * kh * kw`` weights, plus ``c_out`` biases.
    The image size does not appear: the same kernel is used at every position.
    A depthwise convolution is ``groups = c_in``.

    Examples
    --------
    >>> conv2d_params(3, 64, 3)
    1792
    >>> conv2d_params(64, 64, 3, bias=False, groups=64)     # depthwise 3x3
    576
    """
    c_in = check_int(c_in, "c_in", low=1)
    c_out = check_int(c_out, "c_out", low=1)
    kh, kw = _pair(kernel_size, "kernel_size", 1)
    bias = check_bool(bias, "bias")
    groups = check_int(groups, "groups", low=1)
    if c_in % groups or c_out % groups:
        raise ValueError(f"groups must divide both c_in ({c_in}) and c_out ({c_out}); "
                         f"got {groups}")
    return c_out * (c_in // groups) * kh * kw + (c_out if bias else 0)


def linear_params(n_in: int, n_out: int, bias: bool = True) -> int:
    """Learnable parameters of ``torch.nn.Linear(n_in, n_out)``: ``n_out * n_in + n_out``.

    Examples
    --------
    >>> linear_params(512, 10)
    5130
    """
    n_in = check_int(n_in, "n_in", low=1)
    n_out = check_int(n_out, "n_out", low=1)
    bias = check_bool(bias, "bias")
    return n_out * n_in + (n_out if bias else 0)


def batchnorm2d_params(num_features: int, affine: bool = True) -> int:
    """Learnable parameters of ``torch.nn.BatchNorm2d``: a scale and a shift per channel.

    The running mean and variance are *buffers* (statistics, not trained by gradients), so
    they are not in ``model.parameters()``.

    Examples
    --------
    >>> batchnorm2d_params(64)
    128
    """
    num_features = check_int(num_features, "num_features", low=1)
    affine = check_bool(affine, "affine")
    return 2 * num_features if affine else 0


def conv2d_connections(c_in: int, c_out: int, kernel_size: Any, output_size: Any,
                       groups: int = 1) -> int:
    """Multiply-adds (input-to-output connections) of one conv layer on one image.

    Every output value ``(c_out, H_out, W_out)`` is connected to ``(c_in / groups) kh kw``
    inputs. Compare with :func:`conv2d_params`: the same weights serve every position.

    Examples
    --------
    >>> conv2d_connections(3, 64, 3, 32)
    1769472
    """
    c_in = check_int(c_in, "c_in", low=1)
    c_out = check_int(c_out, "c_out", low=1)
    kh, kw = _pair(kernel_size, "kernel_size", 1)
    ho, wo = _pair(output_size, "output_size", 1)
    groups = check_int(groups, "groups", low=1)
    if c_in % groups or c_out % groups:
        raise ValueError(f"groups must divide both c_in ({c_in}) and c_out ({c_out}); "
                         f"got {groups}")
    return c_out * ho * wo * (c_in // groups) * kh * kw


def winograd_multiplications(c_in: int, c_out: int, output_size: Any) -> int:
    """Multiplications of :func:`conv2d_winograd` (F(2×2, 3×3)) for one image.

    The output is cut into 2×2 tiles (the last row and column of tiles may stick out of an
    odd-sized output); for each tile and each (input, output) channel pair the transformed
    4×4 input tile meets the transformed kernel in 16 elementwise products. The transforms
    themselves (additions, and halvings done once per kernel) are not counted. Compare with
    :func:`conv2d_connections`, the direct method's 9 products per output value and channel
    pair.

    Examples
    --------
    >>> winograd_multiplications(1, 1, 2)      # one tile: 16 products instead of 4 * 9 = 36
    16
    >>> winograd_multiplications(2, 3, 5)      # 3 x 3 tiles cover a 5 x 5 output
    864
    """
    c_in = check_int(c_in, "c_in", low=1)
    c_out = check_int(c_out, "c_out", low=1)
    ho, wo = _pair(output_size, "output_size", 1)
    tiles = -(-ho // 2) * -(-wo // 2)
    return tiles * 16 * c_in * c_out


def count_params(model: Any, trainable_only: bool = False) -> int:
    """Number of parameters of a torch model: ``sum(p.numel() for p in model.parameters())``.

    Parameters
    ----------
    model : torch.nn.Module
    trainable_only : bool
        Count only parameters with ``requires_grad`` (frozen layers excluded).

    Examples
    --------
    >>> import torch
    >>> count_params(torch.nn.Conv2d(3, 64, 3))
    1792
    """
    import torch

    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model must be a torch.nn.Module; got {describe(model)}")
    trainable_only = check_bool(trainable_only, "trainable_only")
    return int(sum(p.numel() for p in model.parameters()
                   if p.requires_grad or not trainable_only))
