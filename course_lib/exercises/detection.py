"""Lesson 11b exercises: the receptive field of a layer stack, RoI max pooling of one box."""

from __future__ import annotations

import numpy as np

from .core import Exercise, Mistake, register

LESSON = "11b_detection_and_skip_connections"


# --- receptive_field_stride -------------------------------------------------------------------
def _layers_case(rng: np.random.Generator) -> dict:
    n = int(rng.integers(2, 5))
    kernels = rng.choice([1, 2, 3, 5, 7], size=n)
    strides = rng.integers(1, 4, size=n)
    kernels[1:][kernels[1:] == 1] = 3           # a later layer with k > 1 shows the jump
    strides[0] = max(strides[0], 2)             # and the first layer's stride is felt
    return {"layers": [(int(k), int(s)) for k, s in zip(kernels, strides, strict=True)]}


def receptive_field_stride_reference(layers):
    """(receptive field, feature stride) of the last layer of a stack of (kernel, stride)."""
    rf, jump = 1, 1
    for k, s in layers:
        rf += (k - 1) * jump
        jump *= s
    return rf, jump


def _rf_solution(layers):
    rf, jump = 1, 1          # one input pixel, neighbours one pixel apart
    for k, s in layers:
        rf += (k - 1) * jump  # k - 1 more units of the previous layer, each `jump` pixels apart
        jump *= s             # strides multiply
    return rf, jump


def _rf_no_jump(layers):
    return 1 + sum(k - 1 for k, _ in layers), int(np.prod([s for _, s in layers]))


def _rf_own_stride(layers):
    rf, jump = 1, 1
    for k, s in layers:
        jump *= s
        rf += (k - 1) * jump
    return rf, jump


def _rf_last_stride(layers):
    rf, jump = 1, 1
    for k, s in layers:
        rf += (k - 1) * jump
        jump *= s
    return rf, layers[-1][1]


register(Exercise(
    name="receptive_field_stride",
    lesson=LESSON,
    reference=receptive_field_stride_reference,
    make_case=_layers_case,
    solution=_rf_solution,
    n_cases=50,
    hints=(
        "Keep two numbers while walking from the input: the receptive field rf (starts at 1) "
        "and the jump, the distance in input pixels between neighbouring units (starts at 1).",
        "A layer with kernel k sees k neighbouring units of the layer below, which are `jump` "
        "pixels apart: rf grows by (k - 1) * jump. Then the jump is multiplied by the stride.",
    ),
    mistakes=(
        Mistake(_rf_no_jump,
                "rf grew by k - 1 per layer, as if every layer sat on the input: after a "
                "stride the units below are `jump` pixels apart, so add (k - 1) * jump."),
        Mistake(_rf_own_stride,
                "the jump was multiplied by the layer's stride *before* growing rf: a layer's "
                "own stride only spaces its outputs; its kernel spans the units of the layer "
                "below, spaced by the jump so far."),
        Mistake(_rf_last_stride,
                "the feature stride is the product of all strides, not the last layer's "
                "stride: strides multiply."),
    ),
))


# --- roi_max_pool_one -------------------------------------------------------------------------
def _roi_case(rng: np.random.Generator) -> dict:
    side = int(rng.integers(6, 12))
    fmap = rng.normal(size=(side, side)).round(2)
    w, h = (int(v) for v in rng.integers(3, side - 1, size=2))
    if w == h:
        h = w - 1
    x0, y0 = int(rng.integers(0, side - max(w, h))), int(rng.integers(0, side - max(w, h)))
    return {"feature_map": fmap, "box": (x0, y0, x0 + w, y0 + h),
            "output_size": int(rng.integers(2, min(w, h) + 1))}


def roi_max_pool_one_reference(feature_map, box, output_size):
    """Max pooling of the cells of box (x0, y0, x1, y1), end excluded, into p x p bins;
    bin i of a side of n cells spans floor(i n / p) to ceil((i + 1) n / p)."""
    x0, y0, x1, y1 = box
    p, h, w = output_size, y1 - y0, x1 - x0
    out = np.zeros((p, p))
    for i in range(p):
        for j in range(p):
            rows = slice(y0 + (i * h) // p, y0 + -(-(i + 1) * h // p))
            cols = slice(x0 + (j * w) // p, x0 + -(-(j + 1) * w // p))
            out[i, j] = feature_map[rows, cols].max()
    return out


def _roi_solution(feature_map, box, output_size):
    x0, y0, x1, y1 = box
    region = feature_map[y0:y1, x0:x1]           # rows are y, columns are x; end excluded
    p = output_size
    h, w = region.shape
    out = np.empty((p, p))
    for i in range(p):
        top, bottom = (i * h) // p, -(-(i + 1) * h // p)     # floor and ceil
        for j in range(p):
            left, right = (j * w) // p, -(-(j + 1) * w // p)
            out[i, j] = region[top:bottom, left:right].max()
    return out


def _roi_mean(feature_map, box, output_size):
    x0, y0, x1, y1 = box
    p, h, w = output_size, y1 - y0, x1 - x0
    out = np.zeros((p, p))
    for i in range(p):
        for j in range(p):
            out[i, j] = feature_map[y0 + (i * h) // p:y0 + -(-(i + 1) * h // p),
                                    x0 + (j * w) // p:x0 + -(-(j + 1) * w // p)].mean()
    return out


def _roi_inclusive(feature_map, box, output_size):
    x0, y0, x1, y1 = box
    return roi_max_pool_one_reference(feature_map, (x0, y0, x1 + 1, y1 + 1), output_size)


def _roi_swapped(feature_map, box, output_size):
    x0, y0, x1, y1 = box
    return roi_max_pool_one_reference(feature_map, (y0, x0, y1, x1), output_size)


register(Exercise(
    name="roi_max_pool_one",
    lesson=LESSON,
    reference=roi_max_pool_one_reference,
    make_case=_roi_case,
    solution=_roi_solution,
    n_cases=50,
    hints=(
        "Cut the region out first: feature_map[y0:y1, x0:x1] (rows are y; the end is "
        "excluded, as in Python slices).",
        "For bin i of a side of n cells use rows floor(i*n/p) to ceil((i+1)*n/p): "
        "(i * n) // p and -(-(i + 1) * n // p). Take .max() of each bin.",
    ),
    mistakes=(
        Mistake(_roi_mean,
                "you averaged each bin; RoI *max* pooling keeps the largest value of each bin "
                "(use .max())."),
        Mistake(_roi_inclusive,
                "the box end was included (x1 + 1, y1 + 1): here the end is excluded, like a "
                "Python slice feature_map[y0:y1, x0:x1]."),
        Mistake(_roi_swapped,
                "x and y are swapped: the box is (x0, y0, x1, y1) and rows are y, so the "
                "region is feature_map[y0:y1, x0:x1]."),
    ),
))
