"""A convolution layer four ways, output sizes, and parameter counts.

Used in ``notebooks/11_interview_lab.ipynb`` (questions N06, N07, N10).

The package has three modules, all re-exported here: ``layers`` (the convolutions),
``counting`` (parameter counts) and ``timing``.

Every ``conv2d_*`` function computes what ``torch.nn.functional.conv2d`` computes: a
*cross-correlation* (the kernel is not flipped) of a batch of images

* ``X`` of shape ``(N, C_in, H, W)`` (NCHW) with
* ``W`` of shape ``(C_out, C_in, kh, kw)``, plus an optional bias ``b`` of shape ``(C_out,)``,

with zero padding on all four sides and a stride, giving ``(N, C_out, H_out, W_out)`` where
``H_out = floor((H + 2 * padding - kh) / stride) + 1`` (:func:`conv_output_size`).

* :func:`conv2d_naive` — the direct definition, with Python loops over the output positions:
  easy to check, slow.
* :func:`conv2d_im2col` — every receptive field copied into one row of a matrix
  (:func:`im2col`), then one matrix product with the flattened kernels (GEMM). What most CPU
  and GPU libraries do for general layers.
* :func:`conv2d_fft` — the convolution theorem: a product in the frequency domain. Its cost
  hardly depends on the kernel size, so it wins for large kernels.
* :func:`conv2d_winograd` — Winograd's minimal filtering F(2×2, 3×3) for 3×3 kernels with
  stride 1: 16 multiplications per 2×2 output tile and channel pair instead of 36.
* :func:`conv2d_backward` — the layer's backward pass (gradients of input, kernels, bias)
  with the same im2col matrix.

Parameter counts: :func:`conv2d_params`, :func:`linear_params`, :func:`batchnorm2d_params` by
formula, :func:`count_params` by counting a torch model's tensors; :func:`conv2d_connections`
counts the multiply-adds instead (weight sharing makes them far more than the parameters), and
:func:`winograd_multiplications` the products of Winograd's F(2×2, 3×3).
:func:`time_conv_methods` times the methods over kernel sizes (returns data; the plot is in
``course_lib.viz.convolution``); :func:`time_im2col_layouts` times the im2col copy from
channels-first and from channels-last memory.
"""

from .counting import (
    batchnorm2d_params,
    conv2d_connections,
    conv2d_params,
    count_params,
    linear_params,
    winograd_multiplications,
)
from .layers import (
    MAX_ELEMENTS,
    METHODS,
    _conv2d_im2col,  # noqa: F401 - unvalidated fast path: the widget, the notebook's listing
    conv2d,
    conv2d_backward,
    conv2d_fft,
    conv2d_im2col,
    conv2d_naive,
    conv2d_winograd,
    conv_output_size,
    im2col,
)
from .timing import time_conv_methods, time_im2col_layouts

__all__ = [
    "MAX_ELEMENTS",
    "METHODS",
    "batchnorm2d_params",
    "conv2d",
    "conv2d_backward",
    "conv2d_connections",
    "conv2d_fft",
    "conv2d_im2col",
    "conv2d_naive",
    "conv2d_params",
    "conv2d_winograd",
    "conv_output_size",
    "count_params",
    "im2col",
    "linear_params",
    "time_conv_methods",
    "time_im2col_layouts",
    "winograd_multiplications",
]
