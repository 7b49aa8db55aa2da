"""Lesson 11 exercises: im2col for one image, the output size of a convolution."""

from __future__ import annotations

import numpy as np

from .. import convolution as ref
from .core import Exercise, Mistake, register

LESSON = "11_interview_lab"


# --- im2col -----------------------------------------------------------------------------------
def _im2col_case(rng: np.random.Generator) -> dict:
    c = int(rng.integers(1, 4))
    h, w = int(rng.integers(3, 8)), int(rng.integers(3, 8))
    padding = int(rng.integers(0, 3))
    k = int(rng.integers(1, min(h, w) + 1)) if rng.uniform() < 0.5 else int(rng.integers(2, 4))
    k = min(k, min(h, w) + 2 * padding)
    x = rng.integers(0, 10, size=(c, h, w)).astype(float)
    return {"x": x, "k": k, "stride": int(rng.integers(1, 3)), "padding": padding}


def im2col_reference(x, k, stride=1, padding=0):
    """Rows = output pixels in row-major order; each row = one k×k patch of every channel,
    flattened in (channel, row, column) order."""
    return ref.im2col(x, k, stride, padding)


def _im2col_solution(x, k, stride=1, padding=0):
    _, h, w = x.shape
    xp = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))   # zeros on all sides
    h_out = (h + 2 * padding - k) // stride + 1
    w_out = (w + 2 * padding - k) // stride + 1
    rows = []
    for i in range(h_out):               # output rows first: row-major order
        for j in range(w_out):
            patch = xp[:, i * stride:i * stride + k, j * stride:j * stride + k]
            rows.append(patch.ravel())   # (channel, row, column) order
    return np.array(rows)


def _patches(x, k, stride, padding, pad_before=None, pad_after=None, short=0):
    pb = padding if pad_before is None else pad_before
    pa = padding if pad_after is None else pad_after
    xp = np.pad(x, ((0, 0), (pb, pa), (pb, pa)))
    h_out = (xp.shape[1] - k) // stride + 1 - short
    w_out = (xp.shape[2] - k) // stride + 1 - short
    return [[xp[:, i * stride:i * stride + k, j * stride:j * stride + k]
             for j in range(max(w_out, 0))] for i in range(max(h_out, 0))]


def _column_major(x, k, stride=1, padding=0):
    p = _patches(x, k, stride, padding)
    return np.array([p[i][j].ravel() for j in range(len(p[0])) for i in range(len(p))])


def _channels_last(x, k, stride=1, padding=0):
    p = _patches(x, k, stride, padding)
    return np.array([q.transpose(1, 2, 0).ravel() for row in p for q in row])


def _transposed(x, k, stride=1, padding=0):
    return _im2col_solution(x, k, stride, padding).T


def _one_side_padding(x, k, stride=1, padding=0):
    p = _patches(x, k, stride, padding, pad_before=padding, pad_after=0)
    return np.array([q.ravel() for row in p for q in row])


def _one_short(x, k, stride=1, padding=0):
    p = _patches(x, k, stride, padding, short=1)
    return np.array([q.ravel() for row in p for q in row])


register(Exercise(
    name="im2col",
    lesson=LESSON,
    reference=im2col_reference,
    make_case=_im2col_case,
    solution=_im2col_solution,
    n_cases=60,
    hints=(
        "Pad first: np.pad(x, ((0, 0), (padding, padding), (padding, padding))) adds zeros on "
        "all four sides of every channel.",
        "The output has h_out = (h + 2*padding - k) // stride + 1 rows (and the same formula "
        "for columns). Loop over output rows i, then columns j; the patch is "
        "xp[:, i*stride:i*stride+k, j*stride:j*stride+k].",
        "Flatten each patch with .ravel() (channel, then row, then column) and stack the "
        "patches as the rows of the result: shape (h_out * w_out, c * k * k).",
    ),
    mistakes=(
        Mistake(_transposed, "each *row* must be one patch (shape (h_out*w_out, c*k*k)); you "
                "returned the transpose, one patch per column (Caffe's layout)."),
        Mistake(_column_major, "the patches are in column-major order (j outer, i inner); "
                "list the output pixels row by row, like the output image: loop i first."),
        Mistake(_channels_last, "each patch is flattened channels-last (row, column, "
                "channel); flatten x[:, rows, cols] as it is (channel first), the order of "
                "W.reshape(c_out, -1)."),
        Mistake(_one_side_padding, "padding added on one side only: np.pad needs "
                "(padding, padding) on each spatial axis, top and bottom, left and right."),
        Mistake(_one_short, "off by one: the last row and column of patches are missing; "
                "there are (h + 2*padding - k) // stride + 1 positions, note the + 1."),
    ),
))


# --- conv_output_size -------------------------------------------------------------------------
def _size_case(rng: np.random.Generator) -> dict:
    while True:
        case = {"n": int(rng.integers(1, 41)), "k": int(rng.integers(1, 8)),
                "stride": int(rng.integers(1, 5)), "padding": int(rng.integers(0, 4)),
                "dilation": int(rng.choice([1, 1, 2, 3]))}
        if case["dilation"] * (case["k"] - 1) + 1 <= case["n"] + 2 * case["padding"]:
            return case


def conv_output_size_reference(n, k, stride=1, padding=0, dilation=1):
    """floor((n + 2*padding - dilation*(k - 1) - 1) / stride) + 1"""
    return ref.conv_output_size(n, k, stride, padding, dilation)


def _size_solution(n, k, stride=1, padding=0, dilation=1):
    span = dilation * (k - 1) + 1              # input positions one kernel covers
    return (n + 2 * padding - span) // stride + 1


register(Exercise(
    name="conv_output_size",
    lesson=LESSON,
    reference=conv_output_size_reference,
    make_case=_size_case,
    solution=_size_solution,
    n_cases=100,
    hints=(
        "A dilated kernel covers span = dilation*(k - 1) + 1 input positions.",
        "It fits at n + 2*padding - span + 1 offsets; keep every stride-th, starting with the "
        "first: (n + 2*padding - span) // stride + 1.",
        "Use floor division //: a kernel that would hang over the edge is not placed.",
    ),
    mistakes=(
        Mistake(lambda n, k, stride=1, padding=0, dilation=1:
                (n + 2 * padding - k) // stride + 1,
                "dilation is ignored: a dilated kernel spans dilation*(k - 1) + 1 positions, "
                "not k."),
        Mistake(lambda n, k, stride=1, padding=0, dilation=1:
                (n + 2 * padding - dilation * (k - 1) - 1) // stride,
                "the + 1 is missing: the first position (offset 0) counts too."),
        Mistake(lambda n, k, stride=1, padding=0, dilation=1:
                -(-(n + 2 * padding - dilation * (k - 1) - 1) // stride) + 1,
                "rounded up instead of down: a last window that would hang over the padded "
                "edge is not computed; use floor division //."),
        Mistake(lambda n, k, stride=1, padding=0, dilation=1:
                (n + padding - dilation * (k - 1) - 1) // stride + 1,
                "padding counted once: it is added on both sides, so 2*padding."),
    ),
))
