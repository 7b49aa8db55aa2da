"""The four convolutions, im2col, the output size and the backward pass.

See :mod:`course_lib.convolution` (which re-exports everything here) for the overview.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ..validation import check_array, check_choice, check_int, describe

__all__ = ["MAX_ELEMENTS", "METHODS", "conv2d", "conv2d_backward", "conv2d_fft", "conv2d_im2col",
           "conv2d_naive", "conv2d_winograd", "conv_output_size", "im2col"]


#: The largest array (in elements) any function here builds: the padded input, the im2col
#: matrix, the FFT spectra or the output. 5e7 float64 numbers are 400 MB; above that a
#: teaching example is a mistake, so the size is refused before anything is allocated.
MAX_ELEMENTS = 50_000_000
MAX_SIZE = 100_000        # any one spatial size, channel count, stride or padding
METHODS = ("naive", "im2col", "fft", "winograd")

# Winograd F(2, 3) (Lavin & Gray 2016): y = A^T [(G g G^T) * (B^T d B)] A for a 4x4 input
# tile d and a 3x3 kernel g gives the 2x2 output tile of the cross-correlation.
_BT = np.array([[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]], dtype=float)
_G = np.array([[1, 0, 0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0, 0, 1]], dtype=float)
_AT = np.array([[1, 1, 1, 0], [0, 1, -1, -1]], dtype=float)


# --- validation -------------------------------------------------------------------------------
def _pair(value: Any, name: str, low: int) -> tuple[int, int]:
    """An int or a pair of ints (height, width), each in [low, MAX_SIZE]."""
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(f"{name} must be an int or a pair (height, width); "
                             f"got {describe(value)}")
        return (check_int(value[0], f"{name}[0]", low=low, high=MAX_SIZE),
                check_int(value[1], f"{name}[1]", low=low, high=MAX_SIZE))
    if isinstance(value, np.ndarray):
        raise TypeError(f"{name} must be an int or a pair of ints; got {describe(value)}")
    v = check_int(value, name, low=low, high=MAX_SIZE)
    return v, v


def _check_size(n_elements: int, what: str, name: str) -> None:
    if n_elements > MAX_ELEMENTS:
        raise ValueError(f"{name} too large: {what} would hold {n_elements:,} numbers, more "
                         f"than the limit of {MAX_ELEMENTS:,} (400 MB of float64) that keeps "
                         "a teaching example from exhausting memory")


def _out_size(n: int, k: int, s: int, p: int, d: int, axis: str, names: str) -> int:
    span = d * (k - 1) + 1
    if n + 2 * p < span:
        raise ValueError(f"the kernel is larger than the padded input: {names}; the kernel "
                         f"spans {span} {axis}, the padded input has {n} + 2*{p} = "
                         f"{n + 2 * p}; use a smaller kernel or more padding")
    return (n + 2 * p - span) // s + 1


_CONV_NAMES = "W's kh/kw vs. X's height/width + 2*padding"


def _dtype(X: Any, W: Any) -> type:
    """float32 when both inputs are float32 arrays (fast path of the benchmark), else float64."""
    both32 = all(getattr(a, "dtype", None) == np.float32 for a in (X, W))
    return np.float32 if both32 else np.float64


def _check_conv(X: Any, W: Any, b: Any, stride: Any, padding: Any
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, tuple, tuple, tuple]:
    """Validate a conv2d call; return arrays, stride, padding and the output size."""
    dtype = _dtype(X, W)
    Xc = check_array(X, "X", ndim=4, shape_doc="(N, C_in, H, W)")
    Wc = check_array(W, "W", ndim=4, shape_doc="(C_out, C_in, kh, kw)")
    if Xc.shape[1] != Wc.shape[1]:
        raise ValueError(f"X has {Xc.shape[1]} input channels (X.shape[1]) but W expects "
                         f"{Wc.shape[1]} (W.shape[1]); they must match")
    bc = None
    if b is not None:
        bc = check_array(b, "b", ndim=1, shape=(Wc.shape[0],), shape_doc=f"(C_out,) = "
                         f"({Wc.shape[0]},)")
    s = _pair(stride, "stride", 1)
    p = _pair(padding, "padding", 0)
    N, C, H, Wd = Xc.shape
    Co, _, kh, kw = Wc.shape
    _check_size((H + 2 * p[0]) * (Wd + 2 * p[1]) * N * C, "the padded input", "padding")
    out = (_out_size(H, kh, s[0], p[0], 1, "rows", _CONV_NAMES),
           _out_size(Wd, kw, s[1], p[1], 1, "columns", _CONV_NAMES))
    _check_size(N * Co * out[0] * out[1], "the output", "X")
    _check_size(N * out[0] * out[1] * C * kh * kw, "the im2col matrix", "X")
    Xc = Xc.astype(dtype, copy=False)
    Wc = Wc.astype(dtype, copy=False)
    if bc is not None:
        bc = bc.astype(dtype, copy=False)
    return Xc, Wc, bc, s, p, out


def _pad(X: np.ndarray, p: tuple[int, int]) -> np.ndarray:
    if p == (0, 0):
        return X
    return np.pad(X, ((0, 0), (0, 0), (p[0], p[0]), (p[1], p[1])))


# --- output size ------------------------------------------------------------------------------
def conv_output_size(n: int, k: int, stride: int = 1, padding: int = 0,
                     dilation: int = 1) -> int:
    """Output length of a convolution along one axis.

    ``floor((n + 2 * padding - dilation * (k - 1) - 1) / stride) + 1``: the kernel spans
    ``dilation * (k - 1) + 1`` input positions; it fits at ``n + 2p - span + 1`` offsets, of
    which every ``stride``-th is kept.

    Parameters
    ----------
    n : int
        Input length (rows or columns), >= 1.
    k : int
        Kernel length, >= 1.
    stride, padding, dilation : int
        As in ``torch.nn.Conv2d``; stride and dilation >= 1, padding >= 0.

    Returns
    -------
    int

    Raises
    ------
    ValueError
        If the (dilated) kernel is larger than the padded input.

    Examples
    --------
    >>> conv_output_size(32, 3, stride=1, padding=1)
    32
    >>> conv_output_size(224, 7, stride=2, padding=3)
    112
    >>> conv_output_size(10, 3, dilation=2)
    6
    >>> conv_output_size(2, 5)
    Traceback (most recent call last):
    ...
    ValueError: the kernel is larger than the padded input: dilation*(k-1)+1 > n + 2*padding; ...
    """
    n = check_int(n, "n", low=1)
    k = check_int(k, "k", low=1)
    stride = check_int(stride, "stride", low=1)
    padding = check_int(padding, "padding", low=0)
    dilation = check_int(dilation, "dilation", low=1)
    return _out_size(n, k, stride, padding, dilation, "positions",
                     "dilation*(k-1)+1 > n + 2*padding")


# --- im2col -----------------------------------------------------------------------------------
def _windows(Xp: np.ndarray, kh: int, kw: int, s: tuple[int, int]) -> np.ndarray:
    """View of shape (N, C, H_out, W_out, kh, kw): every receptive field, no copy."""
    return sliding_window_view(Xp, (kh, kw), axis=(2, 3))[:, :, ::s[0], ::s[1]]


def _im2col(Xp: np.ndarray, kh: int, kw: int, s: tuple[int, int]) -> np.ndarray:
    """(N, H_out * W_out, C * kh * kw): one row per output pixel, in (c, i, j) order."""
    win = _windows(Xp, kh, kw, s)
    N, C, Ho, Wo = win.shape[:4]
    return win.transpose(0, 2, 3, 1, 4, 5).reshape(N, Ho * Wo, C * kh * kw)


def im2col(X: Any, kernel_size: Any, stride: Any = 1, padding: Any = 0) -> np.ndarray:
    """Every receptive field of an image as one row of a matrix.

    Row ``r`` belongs to output pixel ``(r // W_out, r % W_out)`` (row-major, like the
    output); its entries are the patch's values in ``(channel, row, column)`` order, the
    order of ``W.reshape(C_out, -1)``, so ``im2col(x, k) @ W.reshape(C_out, -1).T`` is the
    convolution with the output pixels as rows.

    Parameters
    ----------
    X : array-like of shape (C, H, W), or (N, C, H, W) for a batch
    kernel_size : int or (int, int)
    stride : int or (int, int)
    padding : int or (int, int)
        Zeros added on every side.

    Returns
    -------
    ndarray of shape (H_out * W_out, C * kh * kw), or (N, H_out * W_out, C * kh * kw)

    Examples
    --------
    >>> x = np.arange(9.0).reshape(1, 3, 3)
    >>> im2col(x, 2)
    array([[0., 1., 3., 4.],
           [1., 2., 4., 5.],
           [3., 4., 6., 7.],
           [4., 5., 7., 8.]])
    >>> im2col(x, 2, stride=2, padding=1).shape
    (4, 4)
    """
    Xc = check_array(X, "X", ndim=(3, 4), shape_doc="(C, H, W) or (N, C, H, W)")
    single = Xc.ndim == 3
    Xb = Xc[None] if single else Xc
    kh, kw = _pair(kernel_size, "kernel_size", 1)
    s = _pair(stride, "stride", 1)
    p = _pair(padding, "padding", 0)
    N, C, H, Wd = Xb.shape
    _check_size((H + 2 * p[0]) * (Wd + 2 * p[1]) * N * C, "the padded input", "padding")
    names = "kernel_size vs. X's height/width + 2*padding"
    Ho = _out_size(H, kh, s[0], p[0], 1, "rows", names)
    Wo = _out_size(Wd, kw, s[1], p[1], 1, "columns", names)
    _check_size(N * Ho * Wo * C * kh * kw, "the im2col matrix", "kernel_size")
    cols = _im2col(_pad(Xb, p), kh, kw, s)
    return cols[0] if single else cols


# --- the four convolutions --------------------------------------------------------------------
def conv2d_naive(X: Any, W: Any, b: Any = None, stride: Any = 1, padding: Any = 0
                 ) -> np.ndarray:
    """Cross-correlation by its definition: loops over images, output channels and positions.

    ``Y[n, o, i, j] = b[o] + sum_{c, u, v} Xpad[n, c, i*s + u, j*s + v] * W[o, c, u, v]``.
    The innermost sum over ``(c, u, v)`` is one numpy product-and-sum; the four loops around
    it are Python, so this is the slow, obviously-correct baseline.

    Parameters
    ----------
    X : array-like of shape (N, C_in, H, W)
    W : array-like of shape (C_out, C_in, kh, kw)
    b : array-like of shape (C_out,), optional
    stride, padding : int or (int, int)

    Returns
    -------
    ndarray of shape (N, C_out, H_out, W_out)

    Examples
    --------
    >>> X = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> W = np.ones((1, 1, 2, 2))
    >>> conv2d_naive(X, W, stride=2)
    array([[[[10., 18.],
             [42., 50.]]]])
    """
    X, W, b, s, p, (Ho, Wo) = _check_conv(X, W, b, stride, padding)
    Xp = _pad(X, p)
    N, Co = X.shape[0], W.shape[0]
    kh, kw = W.shape[2:]
    Y = np.zeros((N, Co, Ho, Wo), dtype=X.dtype)
    for n in range(N):
        for o in range(Co):
            for i in range(Ho):
                for j in range(Wo):
                    patch = Xp[n, :, i * s[0]:i * s[0] + kh, j * s[1]:j * s[1] + kw]
                    Y[n, o, i, j] = np.sum(patch * W[o])
    if b is not None:
        Y += b[None, :, None, None]
    return Y


def conv2d_im2col(X: Any, W: Any, b: Any = None, stride: Any = 1, padding: Any = 0
                  ) -> np.ndarray:
    """Cross-correlation as one matrix product (im2col + GEMM).

    The receptive fields become the rows of a ``(N * H_out * W_out, C_in * kh * kw)`` matrix
    (``sliding_window_view`` makes a view, one copy lays it out; the columns are in
    ``(row, column, channel)`` order here, which copies faster than :func:`im2col`'s
    ``(channel, row, column)``), and one BLAS product with the kernels, reordered the same
    way, does all the arithmetic.
    float32 inputs stay float32 (both ``X`` and ``W``); anything else is float64.

    Parameters
    ----------
    X : array-like of shape (N, C_in, H, W)
    W : array-like of shape (C_out, C_in, kh, kw)
    b : array-like of shape (C_out,), optional
    stride, padding : int or (int, int)

    Returns
    -------
    ndarray of shape (N, C_out, H_out, W_out)

    Examples
    --------
    >>> X = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> W = np.ones((1, 1, 2, 2))
    >>> conv2d_im2col(X, W, b=[0.5], stride=2)
    array([[[[10.5, 18.5],
             [42.5, 50.5]]]])
    """
    X, W, b, s, p, _ = _check_conv(X, W, b, stride, padding)
    return _conv2d_im2col(X, W, b, s, p)


def _conv2d_im2col(X: np.ndarray, W: np.ndarray, b: np.ndarray | None, s: tuple[int, int],
                   p: tuple[int, int]) -> np.ndarray:
    N, Co = X.shape[0], W.shape[0]
    kh, kw = W.shape[2:]
    # channels last (NHWC), so that each patch is copied in contiguous runs of C numbers
    # (time_im2col_layouts compares it with gathering the same patches from NCHW)
    Xp = np.ascontiguousarray(_pad(X, p).transpose(0, 2, 3, 1))
    win = sliding_window_view(Xp, (kh, kw), axis=(1, 2))[:, ::s[0], ::s[1]]  # a view
    Ho, Wo = win.shape[1:3]                          # win: (N, Ho, Wo, C, kh, kw)
    cols = win.transpose(0, 1, 2, 4, 5, 3).reshape(N * Ho * Wo, -1)   # the big copy
    Y = cols @ W.transpose(0, 2, 3, 1).reshape(Co, -1).T   # (N*Ho*Wo, Co): all the arithmetic
    if b is not None:
        Y += b
    return Y.reshape(N, Ho, Wo, Co).transpose(0, 3, 1, 2)


def conv2d_fft(X: Any, W: Any, b: Any = None, stride: Any = 1, padding: Any = 0
               ) -> np.ndarray:
    """Cross-correlation through the convolution theorem (real FFTs).

    Image and kernel are transformed at the padded image's size ``(Hp, Wp)``; the
    cross-correlation is ``irfft2(X_hat * conj(W_hat))``, summed over input channels in the
    frequency domain. The FFT computes a *circular* correlation, but the positions where the
    whole kernel lies inside the image never wrap around, and those are exactly the outputs
    kept. The cost is about ``Hp Wp log(Hp Wp)`` per image and channel pair whatever the
    kernel size; a stride is applied by keeping every ``stride``-th output, so it saves
    nothing here (unlike im2col).

    Parameters
    ----------
    X : array-like of shape (N, C_in, H, W)
    W : array-like of shape (C_out, C_in, kh, kw)
    b : array-like of shape (C_out,), optional
    stride, padding : int or (int, int)

    Returns
    -------
    ndarray of shape (N, C_out, H_out, W_out), float64

    Examples
    --------
    >>> X = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> W = np.ones((1, 1, 2, 2))
    >>> np.round(conv2d_fft(X, W, stride=2), 10)
    array([[[[10., 18.],
             [42., 50.]]]])
    """
    X, W, b, s, p, _ = _check_conv(X, W, b, stride, padding)
    N, C, Co = X.shape[0], X.shape[1], W.shape[0]
    Hp, Wp = X.shape[2] + 2 * p[0], X.shape[3] + 2 * p[1]
    _check_size(max(N, Co) * C * Hp * (Wp // 2 + 1) * 2, "the spectra", "X")
    _check_size(N * Co * Hp * Wp, "the full correlation", "X")
    Xf = np.fft.rfft2(_pad(X, p).astype(float, copy=False))   # (N, C, Hp, Wp//2+1)
    Wf = np.fft.rfft2(W.astype(float, copy=False), s=(Hp, Wp))  # (Co, C, Hp, Wp//2+1)
    Yf = np.einsum("nchw,ochw->nohw", Xf, Wf.conj(), optimize=True)
    Y = np.fft.irfft2(Yf, s=(Hp, Wp))
    kh, kw = W.shape[2:]
    Y = Y[:, :, :Hp - kh + 1:s[0], :Wp - kw + 1:s[1]]
    if b is not None:
        Y = Y + b[None, :, None, None]
    return np.ascontiguousarray(Y)


def conv2d_winograd(X: Any, W: Any, b: Any = None, padding: Any = 0) -> np.ndarray:
    """Cross-correlation with a 3×3 kernel and stride 1 by Winograd's F(2×2, 3×3).

    The output is cut into 2×2 tiles; each needs a 4×4 input tile ``d``. With the fixed
    matrices ``B``, ``G``, ``A`` (Lavin & Gray, 2016) the tile is
    ``A^T [(G g G^T) * (B^T d B)] A``: the kernel transform ``G g G^T`` is computed once, the
    input transform costs only additions, and the elementwise product makes 16
    multiplications per tile and channel pair where the direct method makes 36. The
    transforms add rounding error, which matters in low precision (float16), not in float64.

    Parameters
    ----------
    X : array-like of shape (N, C_in, H, W)
    W : array-like of shape (C_out, C_in, 3, 3)
    b : array-like of shape (C_out,), optional
    padding : int or (int, int)

    Returns
    -------
    ndarray of shape (N, C_out, H + 2p - 2, W + 2p - 2), float64

    Examples
    --------
    >>> X = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> W = np.zeros((1, 1, 3, 3)); W[0, 0, 1, 1] = 1.0    # the identity kernel
    >>> np.round(conv2d_winograd(X, W), 10)
    array([[[[ 5.,  6.],
             [ 9., 10.]]]])
    """
    X, W, b, _, p, (Ho, Wo) = _check_conv(X, W, b, 1, padding)
    if W.shape[2:] != (3, 3):
        raise ValueError(f"W must hold 3x3 kernels for Winograd F(2x2, 3x3); got kernels of "
                         f"shape {W.shape[2:]} (use conv2d_im2col or conv2d_fft)")
    X, W = X.astype(float, copy=False), W.astype(float, copy=False)
    N, C, Co = X.shape[0], X.shape[1], W.shape[0]
    th, tw = -(-Ho // 2), -(-Wo // 2)                  # tiles, rounding up
    _check_size(N * C * th * tw * 16, "the transformed input tiles", "X")
    Xp = _pad(X, p)
    # pad bottom/right so that the last tile has its full 4x4 input
    extra = ((0, 0), (0, 0), (0, 2 * th + 2 - Xp.shape[2]), (0, 2 * tw + 2 - Xp.shape[3]))
    Xp = np.pad(Xp, extra)
    d = sliding_window_view(Xp, (4, 4), axis=(2, 3))[:, :, ::2, ::2]   # (N, C, th, tw, 4, 4)
    V = np.einsum("ij,nctujk,lk->nctuil", _BT, d, _BT, optimize=True)   # B^T d B
    U = np.einsum("ij,ocjk,lk->ocil", _G, W, _G, optimize=True)         # G g G^T
    M = np.einsum("ocxy,nctuxy->notuxy", U, V, optimize=True)          # 16 products per tile
    Yt = np.einsum("ij,notujk,lk->notuil", _AT, M, _AT, optimize=True)  # A^T M A: (.., 2, 2)
    Y = Yt.transpose(0, 1, 2, 4, 3, 5).reshape(N, Co, 2 * th, 2 * tw)[:, :, :Ho, :Wo]
    if b is not None:
        Y = Y + b[None, :, None, None]
    return np.ascontiguousarray(Y)


def conv2d_backward(dY: Any, X: Any, W: Any, stride: Any = 1, padding: Any = 0
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of a convolution layer: what the backward pass of ``conv2d(X, W, b)`` returns.

    With the im2col matrix ``cols`` of the forward pass and ``dY`` laid out as
    ``(N * H_out * W_out, C_out)``: ``dW = dY^T cols``, ``db`` sums ``dY`` over images and
    positions, and ``dcols = dY W`` is scattered back onto the input positions each row came
    from (col2im: a sum over the ``kh * kw`` kernel offsets, where overlapping receptive fields
    add up); cropping the padding gives ``dX``.

    Parameters
    ----------
    dY : array-like of shape (N, C_out, H_out, W_out)
        Gradient of the loss with respect to the layer's output.
    X : array-like of shape (N, C_in, H, W)
    W : array-like of shape (C_out, C_in, kh, kw)
    stride, padding : int or (int, int)

    Returns
    -------
    dX : ndarray of shape (N, C_in, H, W)
    dW : ndarray of shape (C_out, C_in, kh, kw)
    db : ndarray of shape (C_out,)

    Examples
    --------
    >>> X = np.arange(9.0).reshape(1, 1, 3, 3)
    >>> dX, dW, db = conv2d_backward(np.ones((1, 1, 2, 2)), X, np.ones((1, 1, 2, 2)))
    >>> dX[0, 0]                      # how many output windows cover each input pixel
    array([[1., 2., 1.],
           [2., 4., 2.],
           [1., 2., 1.]])
    >>> dW[0, 0], db
    (array([[ 8., 12.],
           [20., 24.]]), array([4.]))
    """
    X, W, _, s, p, (Ho, Wo) = _check_conv(X, W, None, stride, padding)
    N, C, H, Wd = X.shape
    Co, _, kh, kw = W.shape
    dY = check_array(dY, "dY", shape=(N, Co, Ho, Wo), shape_doc=f"(N, C_out, H_out, W_out) = "
                     f"{(N, Co, Ho, Wo)}").astype(X.dtype, copy=False)
    cols = _im2col(_pad(X, p), kh, kw, s).reshape(N * Ho * Wo, -1)   # (c, i, j) columns
    dY2 = dY.transpose(0, 2, 3, 1).reshape(N * Ho * Wo, Co)
    dW = (dY2.T @ cols).reshape(W.shape)
    db = dY.sum(axis=(0, 2, 3))
    dcols = (dY2 @ W.reshape(Co, -1)).reshape(N, Ho, Wo, C, kh, kw)
    dXp = np.zeros((N, C, H + 2 * p[0], Wd + 2 * p[1]), dtype=X.dtype)
    for u in range(kh):               # col2im: add each kernel offset's share back in place
        for v in range(kw):
            dXp[:, :, u:u + s[0] * (Ho - 1) + 1:s[0], v:v + s[1] * (Wo - 1) + 1:s[1]] += \
                dcols[:, :, :, :, u, v].transpose(0, 3, 1, 2)
    return dXp[:, :, p[0]:p[0] + H, p[1]:p[1] + Wd], dW, db


def conv2d(X: Any, W: Any, b: Any = None, stride: Any = 1, padding: Any = 0, *,
           method: str = "im2col") -> np.ndarray:
    """Dispatch to one of :data:`METHODS` (``"winograd"`` needs 3×3 kernels and stride 1).

    Examples
    --------
    >>> X = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> conv2d(X, np.ones((1, 1, 2, 2)), stride=2, method="naive").ravel()
    array([10., 18., 42., 50.])
    """
    method = check_choice(method, "method", METHODS)
    if method == "winograd":
        if _pair(stride, "stride", 1) != (1, 1):
            raise ValueError(f"stride must be 1 for method='winograd'; got {stride!r}")
        return conv2d_winograd(X, W, b, padding)
    fn = {"naive": conv2d_naive, "im2col": conv2d_im2col, "fft": conv2d_fft}[method]
    return fn(X, W, b, stride, padding)
