"""Object detection for the interview lab: receptive fields, small objects, occlusion, RoI pooling.

Used in ``notebooks/11b_detection_and_skip_connections.ipynb`` (questions N08, N25, N26).

* Geometry of a layer stack (N08): :func:`receptive_field` (the textbook recursion: the
  receptive field grows by ``(k - 1) * jump`` per layer and the jump, the feature stride in
  input pixels, multiplies by each stride), :func:`feature_map_size`, and
  :func:`measured_receptive_field`, the same two numbers read off torch autograd (which input
  pixels have a non-zero gradient for one output unit).
* Small objects (N08): :func:`make_object_images` (bright squares on noise) and
  :func:`small_object_recall` (a box-filter detector of a given stride: how many objects end
  up as separate, above-threshold cells of its feature map).
* Occlusion (N25): :func:`make_occlusion_patches` (object and background patches, each
  possibly covered by an occluder, with the visible fraction recorded) and
  :func:`occlusion_recall` (train a classifier under one labelling rule for heavily occluded
  objects, report recall per visibility band at a fixed false-positive rate).
* Region-of-interest pooling (N26): :func:`roi_max_pool` (vectorised with
  ``np.maximum.reduceat``), :func:`roi_max_pool_loop` (the plain loop it is checked against),
  :func:`pipeline_macs` (multiply-adds of R-CNN, Fast and Faster R-CNN by formula) and
  :func:`time_pipelines` (the same three pipelines timed with a small torch backbone).

Conventions: images and feature maps are ``(C, H, W)`` (channels first, like torch), boxes
are ``(x0, y0, x1, y1)`` with the end *excluded*: the box covers columns ``x0 .. x1 - 1`` and
rows ``y0 .. y1 - 1``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .notebook import best_seconds
from .validation import check_array, check_choice, check_int, check_rng, check_scalar

__all__ = [
    "feature_map_size",
    "make_object_images",
    "make_occlusion_patches",
    "measured_receptive_field",
    "occlusion_recall",
    "pipeline_macs",
    "receptive_field",
    "roi_max_pool",
    "roi_max_pool_loop",
    "small_object_recall",
    "time_pipelines",
]

MAX_LAYERS = 1000          # a layer stack longer than any real network
MAX_KERNEL = 4096
MAX_IMAGE_SIDE = 100_000   # feature_map_size is arithmetic only
MAX_PIXELS = 20_000_000    # images x height x width generated at once: 160 MB of float64
MAX_MEASURE_SIDE = 512     # measured_receptive_field runs autograd on one image of this side
MAX_BOXES = 100_000
MAX_POOL = 64
MAX_PATCHES = 200_000      # occlusion patches: 200k x 12 x 12 floats = 230 MB
MAX_PROPOSALS = 10_000     # time_pipelines: R-CNN runs the backbone once per proposal

#: Backbone of the N26 cost model: (c_in, c_out, kernel, stride), 3x3 convs with padding 1.
BACKBONE = ((3, 16, 3, 2), (16, 32, 3, 2), (32, 64, 3, 2))


# --- geometry of a layer stack (N08) ------------------------------------------------------------
def _check_layers(layers: Any) -> np.ndarray:
    arr = check_array(layers, "layers", ndim=2, shape=(None, 2), dtype="int",
                      shape_doc="(n_layers, 2) of (kernel, stride)")
    if len(arr) > MAX_LAYERS:
        raise ValueError(f"layers must have at most {MAX_LAYERS} rows (deeper than any real "
                         f"network); got {len(arr)}")
    if (arr < 1).any() or (arr > MAX_KERNEL).any():
        raise ValueError(f"layers must hold kernels and strides in [1, {MAX_KERNEL}]; got "
                         f"values from {arr.min()} to {arr.max()}")
    return arr


def receptive_field(layers: Any) -> tuple[np.ndarray, np.ndarray]:
    """Receptive field and feature stride after each layer of a stack of convolutions/pools.

    The recursion, layer by layer: ``rf = rf + (k - 1) * jump`` and ``jump = jump * s``,
    starting from ``rf = jump = 1`` (one input pixel). ``jump`` is the feature stride: how
    many input pixels apart two neighbouring units of the layer's output are. Padding moves
    the field but does not change its size; dilation ``d`` is a kernel of ``d (k - 1) + 1``.

    Parameters
    ----------
    layers : array-like of shape (n_layers, 2)
        ``(kernel, stride)`` of each layer, input first.

    Returns
    -------
    rf : ndarray of shape (n_layers,)
        Side of the receptive field (input pixels) of one unit after each layer.
    jump : ndarray of shape (n_layers,)
        Feature stride (input pixels) after each layer.

    Examples
    --------
    >>> rf, jump = receptive_field([(3, 1), (3, 2), (3, 2)])
    >>> rf.tolist(), jump.tolist()
    ([3, 5, 9], [1, 2, 4])
    """
    arr = _check_layers(layers)
    k, s = arr[:, 0], arr[:, 1]
    jump = np.cumprod(s)
    jump_in = np.concatenate([[1], jump[:-1]])
    rf = 1 + np.cumsum((k - 1) * jump_in)
    return rf, jump


def feature_map_size(image_size: int, layers: Any, *, padding: str = "same") -> np.ndarray:
    """Side of the feature map after each layer for a square input of side ``image_size``.

    Parameters
    ----------
    image_size : int
        Side of the input image in pixels.
    layers : array-like of shape (n_layers, 2)
        ``(kernel, stride)`` of each layer.
    padding : {"same", "valid"}
        "same": ``ceil(n / s)`` (padded so that only the stride shrinks the map, as most
        detectors do); "valid": ``floor((n - k) / s) + 1`` (no padding).

    Returns
    -------
    ndarray of shape (n_layers,)

    Examples
    --------
    >>> feature_map_size(4000, [(7, 2), (3, 2), (3, 2), (3, 2), (3, 2)]).tolist()
    [2000, 1000, 500, 250, 125]
    """
    image_size = check_int(image_size, "image_size", low=1, high=MAX_IMAGE_SIDE)
    arr = _check_layers(layers)
    padding = check_choice(padding, "padding", ["same", "valid"])
    sizes, n = [], image_size
    for k, s in arr:
        n = -(-n // s) if padding == "same" else (n - k) // s + 1
        if n < 1:
            raise ValueError(f"image_size {image_size} is too small for layers with 'valid' "
                             f"padding: the map vanishes at layer {len(sizes)}")
        sizes.append(n)
    return np.array(sizes)


def measured_receptive_field(layers: Any, *, image_size: int = 64) -> tuple[int, int]:
    """Receptive field and feature stride of the last layer, read off torch autograd.

    Builds the stack as torch ``Conv2d`` layers without padding (one channel, all weights 1,
    no activation, so no gradient can cancel), takes the gradient of one central output unit
    with respect to the input, and measures the side of the square of non-zero gradient. The
    stride is measured as the shift of that square between two neighbouring output units.
    An independent check of :func:`receptive_field`.

    Parameters
    ----------
    layers : array-like of shape (n_layers, 2)
        ``(kernel, stride)`` of each layer.
    image_size : int
        Side of the test image (large enough for at least two output units).

    Returns
    -------
    rf, stride : int

    Examples
    --------
    >>> measured_receptive_field([(3, 1), (3, 2), (3, 2)], image_size=32)
    (9, 4)
    """
    import torch

    arr = _check_layers(layers)
    image_size = check_int(image_size, "image_size", low=1, high=MAX_MEASURE_SIDE)
    rf_formula, _ = receptive_field(arr)
    convs = []
    for k, s in arr:
        conv = torch.nn.Conv2d(1, 1, int(k), stride=int(s), bias=False).double()
        torch.nn.init.ones_(conv.weight)
        convs.append(conv)
    net = torch.nn.Sequential(*convs)
    x = torch.zeros(1, 1, image_size, image_size, dtype=torch.float64, requires_grad=True)
    out = net(x)
    n_out = out.shape[-1]
    if n_out < 2:
        raise ValueError(f"image_size must give an output of at least 2x2 units for these "
                         f"layers (receptive field {int(rf_formula[-1])}); got {image_size}, "
                         f"output {n_out}x{n_out}")
    cols = []
    for j in (n_out // 2 - 1, n_out // 2):
        (grad,) = torch.autograd.grad(out[0, 0, n_out // 2, j], x, retain_graph=True)
        nz = np.flatnonzero((grad[0, 0] != 0).any(dim=0).numpy())
        cols.append(nz)
    rf = int(cols[1][-1] - cols[1][0] + 1)
    return rf, int(cols[1][0] - cols[0][0])


# --- small objects (N08) --------------------------------------------------------------------------
def make_object_images(n_images: int, *, image_size: int = 256, object_size: int = 8,
                       n_objects: int = 30, noise: float = 0.3,
                       random_state: Any = None) -> tuple[np.ndarray, np.ndarray]:
    """Grey images with bright square objects (value 1) on Gaussian noise.

    Objects do not overlap (a new one is placed only where it keeps a gap of one pixel) but
    may lie close together, as cells or cars or stars do in a large image.

    Parameters
    ----------
    n_images : int
    image_size : int
        Side of each image (pixels).
    object_size : int
        Side of each object (pixels).
    n_objects : int
        Objects per image (fewer if they do not fit after many tries).
    noise : float
        Standard deviation of the background noise.
    random_state : None, int or numpy.random.Generator

    Returns
    -------
    images : ndarray of shape (n_images, image_size, image_size)
    boxes : ndarray of shape (n_boxes, 5)
        ``(image index, x0, y0, x1, y1)`` of every object, end excluded.

    Examples
    --------
    >>> images, boxes = make_object_images(2, image_size=64, n_objects=5, random_state=0)
    >>> images.shape, boxes.shape
    ((2, 64, 64), (10, 5))
    """
    n_images = check_int(n_images, "n_images", low=1)
    image_size = check_int(image_size, "image_size", low=2, high=MAX_IMAGE_SIDE)
    if n_images * image_size**2 > MAX_PIXELS:
        raise ValueError(f"n_images x image_size^2 must be at most {MAX_PIXELS:,} (160 MB of "
                         f"float64); got {n_images} x {image_size}^2")
    object_size = check_int(object_size, "object_size", low=1, high=image_size)
    n_objects = check_int(n_objects, "n_objects", low=0, high=image_size**2)
    noise = check_scalar(noise, "noise", low=0)
    rng = check_rng(random_state)
    images = noise * rng.standard_normal((n_images, image_size, image_size))
    boxes = []
    for i in range(n_images):
        taken = np.zeros((image_size, image_size), bool)
        placed, tries = 0, 0
        while placed < n_objects and tries < 50 * max(n_objects, 1):
            tries += 1
            x0, y0 = rng.integers(0, image_size - object_size + 1, size=2)
            lo_x, lo_y = max(x0 - 1, 0), max(y0 - 1, 0)
            if taken[lo_y:y0 + object_size + 1, lo_x:x0 + object_size + 1].any():
                continue
            taken[y0:y0 + object_size, x0:x0 + object_size] = True
            images[i, y0:y0 + object_size, x0:x0 + object_size] += 1.0
            boxes.append((i, x0, y0, x0 + object_size, y0 + object_size))
            placed += 1
    return images, np.array(boxes, dtype=np.int64).reshape(-1, 5)


def small_object_recall(images: Any, boxes: Any, stride: int, *,
                        kernel: int | None = None, false_positive_rate: float = 0.01
                        ) -> dict[str, float]:
    """Recall of a one-layer "detector" with feature stride ``stride`` on object images.

    The detector is a box filter of side ``kernel`` (default: ``stride``, non-overlapping
    cells, like a strided pooling layer) sampled every ``stride`` pixels. One feature-map cell
    answers for every object whose centre falls in it. An object is *found* when its cell is
    above a threshold set on object-free noise for the given false-positive rate; objects
    that share a cell count once (the map cannot tell them apart). Two ways to lose an object:
    it is *diluted* (its light spread over a cell much larger than itself sinks into the noise,
    or, with ``kernel < stride``, it falls between the samples) or *merged* (another object's
    centre lies in the same cell).

    Parameters
    ----------
    images : array-like of shape (n_images, H, W)
        From :func:`make_object_images`.
    boxes : array-like of shape (n_boxes, 5)
        ``(image index, x0, y0, x1, y1)``.
    stride : int
        Feature stride of the detector (input pixels between neighbouring cells).
    kernel : int, optional
        Side of the box filter; defaults to ``stride``.
    false_positive_rate : float in (0, 1)
        Fraction of object-free cells allowed above the threshold.

    Returns
    -------
    dict
        ``recall`` (objects found / objects), ``diluted`` and ``merged`` (fractions of
        objects lost each way), ``n_objects``, and ``threshold`` (the cell value that the
        false-positive rate sets: it falls as the cells grow, since a larger cell averages
        more pixels of noise).

    Examples
    --------
    >>> images, boxes = make_object_images(4, image_size=64, n_objects=10, random_state=0)
    >>> r = small_object_recall(images, boxes, 4)
    >>> r["recall"] > 0.9
    True
    """
    images = check_array(images, "images", ndim=3, shape_doc="(n_images, H, W)")
    boxes = check_array(boxes, "boxes", ndim=2, shape=(None, 5), dtype="int", allow_empty=True,
                        shape_doc="(n_boxes, 5) of (image, x0, y0, x1, y1)")
    n, H, W = images.shape
    stride = check_int(stride, "stride", low=1)
    if stride > min(H, W):
        raise ValueError(f"stride must be at most the side of the images (shape {images.shape}); "
                         f"got {stride}")
    kernel = stride if kernel is None else check_int(kernel, "kernel", low=1, high=stride)
    fpr = check_scalar(false_positive_rate, "false_positive_rate", low=0, high=1,
                       include_low=False, include_high=False)
    if len(boxes) and ((boxes[:, 0] < 0).any() or (boxes[:, 0] >= n).any()
                       or (boxes[:, 1:3] < 0).any() or (boxes[:, 3] > W).any()
                       or (boxes[:, 4] > H).any()):
        raise ValueError("boxes must lie inside the images: image index in [0, n_images), "
                         "0 <= x0 < x1 <= W, 0 <= y0 < y1 <= H")
    hc, wc = H // stride, W // stride
    # the box filter at the top-left corner of each cell: kernel <= stride, so a reshape of
    # the cropped image into cells and a mean over the first `kernel` rows/cols of each cell
    cells = images[:, :hc * stride, :wc * stride].reshape(n, hc, stride, wc, stride)
    fmap = cells[:, :, :kernel, :, :kernel].mean(axis=(2, 4))          # (n, hc, wc)
    has_object = np.zeros(fmap.shape, bool)
    if len(boxes):
        cy = (boxes[:, 2] + boxes[:, 4] - 1) // 2 // stride
        cx = (boxes[:, 1] + boxes[:, 3] - 1) // 2 // stride
        inside = (cy < hc) & (cx < wc)
        img, cy, cx = boxes[inside, 0], cy[inside], cx[inside]
        # cells touched by any object pixel are not "object-free" for the threshold
        for i, x0, y0, x1, y1 in boxes:
            has_object[i, y0 // stride:(y1 - 1) // stride + 1,
                       x0 // stride:(x1 - 1) // stride + 1] = True
    else:
        img = cy = cx = np.zeros(0, np.int64)
    background = fmap[~has_object]
    if background.size == 0:
        raise ValueError("images must leave some object-free cells to set the threshold; "
                         "use fewer or smaller objects")
    threshold = np.quantile(background, 1 - fpr)
    cell_id = (img * hc + cy) * wc + cx
    unique_cells = np.unique(cell_id)
    above = fmap.reshape(-1)[unique_cells] > threshold
    n_obj = len(boxes)
    found = int(above.sum())
    merged = len(cell_id) - len(unique_cells)
    return {"recall": found / max(n_obj, 1), "diluted": (n_obj - merged - found) / max(n_obj, 1),
            "merged": merged / max(n_obj, 1), "n_objects": n_obj, "threshold": float(threshold)}


# --- occlusion (N25) ------------------------------------------------------------------------------
def _template(size: int) -> np.ndarray:
    """The object: a bright ring with a dark centre (a wheel, a face, a cell)."""
    yy, xx = np.mgrid[:size, :size] - (size - 1) / 2
    r = np.hypot(yy, xx)
    return np.where((r > size * 0.22) & (r < size * 0.42), 1.0, 0.0)


def make_occlusion_patches(n: int, *, size: int = 12, noise: float = 0.5,
                           occluded_fraction: float = 0.5,
                           random_state: Any = None) -> dict[str, np.ndarray]:
    """Object and background patches; some of each covered by an occluder.

    Half the patches hold the object (:func:`_template`, a ring, shifted by up to one pixel),
    half only noise with a random bright stroke. With probability ``occluded_fraction`` a
    patch is covered from a random side by a flat occluder of random grey level over a random
    part (up to 90 %) of its width or height, object and background alike, so the occluder by
    itself says nothing about the label.

    Parameters
    ----------
    n : int
        Number of patches.
    size : int
        Side of a patch.
    noise : float
        Standard deviation of the pixel noise.
    occluded_fraction : float in [0, 1]
    random_state : None, int or numpy.random.Generator

    Returns
    -------
    dict with
        ``X`` (n, size * size) flattened patches, ``y`` (n,) 1 for object, 0 for background,
        ``visibility`` (n,) visible fraction of the object's pixels (1 for background).

    Examples
    --------
    >>> d = make_occlusion_patches(100, random_state=0)
    >>> d["X"].shape, int(d["y"].sum())
    ((100, 144), 50)
    """
    n = check_int(n, "n", low=2, high=MAX_PATCHES)
    size = check_int(size, "size", low=6, high=64)
    if n * size * size > MAX_PATCHES * 144:
        raise ValueError(f"n x size^2 must be at most {MAX_PATCHES * 144:,}; got {n} x {size}^2")
    noise = check_scalar(noise, "noise", low=0)
    occluded_fraction = check_scalar(occluded_fraction, "occluded_fraction", low=0, high=1)
    rng = check_rng(random_state)
    y = np.zeros(n, np.int64)
    y[: n // 2] = 1
    y = rng.permutation(y)
    base = _template(size)
    patches = np.zeros((n, size, size))
    shifts = rng.integers(-1, 2, size=(n, 2))
    obj = np.stack([np.roll(base, tuple(s), axis=(0, 1)) for s in shifts])
    patches[y == 1] = obj[y == 1]
    # background: a random bright stroke (a row or a column segment)
    n_bg = int((y == 0).sum())
    strokes = np.zeros((n_bg, size, size))
    pos = rng.integers(0, size, size=n_bg)
    start = rng.integers(0, size // 2, size=n_bg)
    length = rng.integers(size // 3, size, size=n_bg)
    idx = np.arange(size)
    seg = (idx[None, :] >= start[:, None]) & (idx[None, :] < (start + length)[:, None])
    strokes[np.arange(n_bg), pos] = seg
    vertical = rng.random(n_bg) < 0.5
    strokes[vertical] = strokes[vertical].transpose(0, 2, 1)
    patches[y == 0] = strokes
    # occluders: a flat band covering a random part of the patch from a random side
    occluded = rng.random(n) < occluded_fraction
    depth = rng.uniform(0.1, 0.9, size=n)
    side = rng.integers(0, 4, size=n)
    level = rng.uniform(0, 1, size=n)
    coord = np.arange(size) + 0.5
    frac = coord / size
    band_rows = np.where(side[:, None] == 0, frac[None] < depth[:, None],
                         np.where(side[:, None] == 1, frac[None] > 1 - depth[:, None], False))
    band_cols = np.where(side[:, None] == 2, frac[None] < depth[:, None],
                         np.where(side[:, None] == 3, frac[None] > 1 - depth[:, None], False))
    cover = (band_rows[:, :, None] | band_cols[:, None, :]) & occluded[:, None, None]
    visible_obj = ((obj > 0) & ~cover).sum(axis=(1, 2)) / (obj > 0).sum(axis=(1, 2))
    visibility = np.where(y == 1, visible_obj, 1.0)
    patches = patches + noise * rng.standard_normal(patches.shape)
    patches = np.where(cover, level[:, None, None], patches)
    return {"X": patches.reshape(n, -1), "y": y, "visibility": visibility}


#: The labelling rules compared in N25 for objects less visible than the cut-off.
OCCLUSION_RULES = ("keep", "ignore", "background")


def occlusion_recall(train: dict[str, Any], test: dict[str, Any], rule: str, *,
                     cutoff: float = 0.5, bands: Any = (0.0, 0.5, 0.8, 1.01),
                     false_positive_rate: float = 0.05) -> dict[str, np.ndarray]:
    """Train a logistic-regression patch classifier under one rule for occluded objects.

    Rules for training objects whose visibility is below ``cutoff``:

    * ``"keep"``: train on them as objects, like any other;
    * ``"ignore"``: leave them out of the loss altogether (an *ignore label*: neither object
      nor background);
    * ``"background"``: delete their annotation, so the patch is trained as background: what
      "excluding" an object from a detection data set does when the image stays in.

    The threshold on the classifier's score is set on the test background patches for the
    given false-positive rate, so the rules are compared at equal false alarms.

    Parameters
    ----------
    train, test : dict
        From :func:`make_occlusion_patches`.
    rule : {"keep", "ignore", "background"}
    cutoff : float in [0, 1]
    bands : array-like of shape (n_bands + 1,)
        Increasing edges of the visibility bands for the recall table.
    false_positive_rate : float in (0, 1)

    Returns
    -------
    dict with ``recall`` (n_bands,) of test objects per visibility band, ``count`` (n_bands,),
    ``n_train_objects`` (objects the classifier was trained on).

    Examples
    --------
    >>> tr = make_occlusion_patches(400, random_state=0)
    >>> te = make_occlusion_patches(400, random_state=1)
    >>> occlusion_recall(tr, te, "keep")["recall"].shape
    (3,)
    """
    from sklearn.linear_model import LogisticRegression

    rule = check_choice(rule, "rule", OCCLUSION_RULES)
    cutoff = check_scalar(cutoff, "cutoff", low=0, high=1)
    fpr = check_scalar(false_positive_rate, "false_positive_rate", low=0, high=1,
                       include_low=False, include_high=False)
    bands = check_array(bands, "bands", ndim=1)
    if len(bands) < 2 or (np.diff(bands) <= 0).any():
        raise ValueError(f"bands must hold at least two increasing edges; got {bands.tolist()}")
    parts = []
    for name, d in (("train", train), ("test", test)):
        if not isinstance(d, dict) or not {"X", "y", "visibility"} <= set(d):
            raise TypeError(f"{name} must be a dict from make_occlusion_patches with keys X, y, "
                            f"visibility; got {type(d).__name__}")
        X = check_array(d["X"], f"{name}['X']", ndim=2)
        y = check_array(d["y"], f"{name}['y']", ndim=1, dtype="int")
        v = check_array(d["visibility"], f"{name}['visibility']", ndim=1)
        if not (len(X) == len(y) == len(v)) or not np.isin(y, (0, 1)).all():
            raise ValueError(f"{name} must hold X, y, visibility of equal length with y in "
                             "{0, 1}")
        parts.append((X, y, v))
    (Xtr, ytr, vtr), (Xte, yte, vte) = parts
    if Xtr.shape[1] != Xte.shape[1]:
        raise ValueError(f"train and test patches must have the same size; got "
                         f"{Xtr.shape[1]} and {Xte.shape[1]} pixels")
    hidden = (ytr == 1) & (vtr < cutoff)
    keep = np.ones(len(ytr), bool)
    ytr = ytr.copy()
    if rule == "ignore":
        keep = ~hidden
    elif rule == "background":
        ytr[hidden] = 0
    if len(np.unique(ytr[keep])) < 2 or not (yte == 0).any():
        raise ValueError("train must keep both classes and test must hold background patches")
    clf = LogisticRegression(C=0.1, max_iter=2000).fit(Xtr[keep], ytr[keep])
    score = clf.decision_function(Xte)
    threshold = np.quantile(score[yte == 0], 1 - fpr)
    band = np.digitize(vte, bands) - 1
    n_bands = len(bands) - 1
    hit = (score > threshold) & (yte == 1)
    obj = (yte == 1) & (band >= 0) & (band < n_bands)
    count = np.bincount(band[obj], minlength=n_bands)[:n_bands]
    found = np.bincount(band[obj & hit], minlength=n_bands)[:n_bands]
    return {"recall": found / np.maximum(count, 1), "count": count,
            "n_train_objects": int((ytr[keep] == 1).sum())}


# --- region-of-interest pooling (N26) -------------------------------------------------------------
def _check_roi_args(features: Any, boxes: Any, output_size: Any, spatial_scale: Any
                    ) -> tuple[np.ndarray, np.ndarray, int]:
    features = check_array(features, "features", ndim=3, shape_doc="(C, H, W)")
    boxes = check_array(boxes, "boxes", ndim=2, shape=(None, 4),
                        shape_doc="(n_boxes, 4) of (x0, y0, x1, y1)")
    if len(boxes) > MAX_BOXES:
        raise ValueError(f"boxes must hold at most {MAX_BOXES} boxes (an image has a few "
                         f"thousand proposals); got {len(boxes)}")
    output_size = check_int(output_size, "output_size", low=1, high=MAX_POOL)
    scale = check_scalar(spatial_scale, "spatial_scale", low=0, include_low=False, high=1e3)
    _, H, W = features.shape
    # quantise to whole cells: start rounded down, end rounded up, so the cells cover the box
    q = np.empty(boxes.shape, np.int64)
    q[:, :2] = np.floor(boxes[:, :2] * scale)
    q[:, 2:] = np.ceil(boxes[:, 2:] * scale)
    if (q[:, 0] < 0).any() or (q[:, 1] < 0).any() or (q[:, 2] > W).any() or (q[:, 3] > H).any():
        raise ValueError(f"boxes must lie inside features (shape {features.shape}, so W = {W}, "
                         f"H = {H}) after scaling by spatial_scale {scale:g}: 0 <= x0, "
                         f"x1 <= W and 0 <= y0, y1 <= H")
    if (q[:, 2] <= q[:, 0]).any() or (q[:, 3] <= q[:, 1]).any():
        raise ValueError("boxes must have x1 > x0 and y1 > y0 (the end is excluded)")
    return features, q, output_size


def _bin_edges(start: np.ndarray, end: np.ndarray, p: int) -> tuple[np.ndarray, np.ndarray]:
    """Adaptive-pooling bins of [start, end): bin i is [start + floor(i n / p),
    start + ceil((i + 1) n / p)), the rule of torch's adaptive_max_pool2d."""
    n = (end - start)[:, None]
    i = np.arange(p)[None, :]
    lo = start[:, None] + (i * n) // p
    hi = start[:, None] + -((-(i + 1) * n) // p)
    return lo, hi


def roi_max_pool(features: Any, boxes: Any, output_size: int = 7, *,
                 spatial_scale: float = 1.0) -> np.ndarray:
    """Region-of-interest max pooling (Fast R-CNN), vectorised over boxes, bins and channels.

    Each box is mapped to feature-map cells (coordinates times ``spatial_scale``, start
    rounded down, end rounded up), split into ``output_size`` x ``output_size`` bins by the
    rule of torch's ``adaptive_max_pool2d`` (bin ``i`` of a side of ``n`` cells covers
    ``floor(i n / p)`` to ``ceil((i + 1) n / p)``, so bins may overlap by one cell when ``p``
    does not divide ``n``, and none is empty when ``n >= 1``), and each bin keeps its
    maximum. Every box becomes a ``(C, p, p)`` block whatever its size: the fixed-size input
    a fully connected head needs.

    No Python loop over boxes or bins: a *sparse table* holds the maximum of every window of
    ``2^a`` x ``2^b`` cells (``log2`` of the largest bin in each direction levels, built by
    doubling), and each bin is the maximum of four overlapping table entries, one per corner
    (max does not mind counting a cell twice). Channels are processed in chunks so the table
    stays under 64 MB. ``np.maximum.reduceat`` over the bin edges does the same job but was
    measured three times slower than a plain loop (a few µs of overhead per segment).

    Parameters
    ----------
    features : array-like of shape (C, H, W)
        Feature map of one image.
    boxes : array-like of shape (n_boxes, 4)
        ``(x0, y0, x1, y1)`` in input coordinates, end excluded.
    output_size : int
        Side ``p`` of the pooled grid.
    spatial_scale : float
        Feature-map cells per input pixel (1 / feature stride).

    Returns
    -------
    ndarray of shape (n_boxes, C, output_size, output_size)

    Examples
    --------
    >>> f = np.arange(16.0).reshape(1, 4, 4)
    >>> roi_max_pool(f, [[0, 0, 4, 4]], 2)[0, 0].tolist()
    [[5.0, 7.0], [13.0, 15.0]]
    """
    features, q, p = _check_roi_args(features, boxes, output_size, spatial_scale)
    C, H, W = features.shape
    K = len(q)
    if K == 0:
        return np.zeros((0, C, p, p))
    r_lo, r_hi = _bin_edges(q[:, 1], q[:, 3], p)                 # (K, p) rows
    c_lo, c_hi = _bin_edges(q[:, 0], q[:, 2], p)                 # (K, p) columns
    # a window of side n is covered by two windows of side 2^floor(log2 n), one flush with
    # each end: they overlap, which max does not mind
    a = np.floor(np.log2(r_hi - r_lo)).astype(np.int64)          # (K, p)
    b = np.floor(np.log2(c_hi - c_lo)).astype(np.int64)
    ra, rb = r_lo, r_hi - (1 << a)                               # two row starts per bin
    ca, cb = c_lo, c_hi - (1 << b)
    A, B = a[:, :, None], b[:, None, :]                          # broadcast to (K, p, p)
    n_a, n_b = int(a.max()) + 1, int(b.max()) + 1
    out = np.empty((K, p, p, C))
    chunk = max(1, 8_000_000 // (n_a * n_b * H * W))             # bounded memory: channels
    for c0 in range(0, C, chunk):                                # in chunks of <= 64 MB
        table = _window_max_table(features[c0:c0 + chunk].transpose(1, 2, 0), n_a, n_b)
        rows = table.reshape(-1, table.shape[-1])                # one row per (a, b, h, w)
        corners = [np.take(rows, ((A * n_b + B) * H + r[:, :, None]) * W + c[:, None, :],
                           axis=0) for r in (ra, rb) for c in (ca, cb)]
        out[..., c0:c0 + chunk] = np.maximum(np.maximum(corners[0], corners[1]),
                                             np.maximum(corners[2], corners[3]))
    return out.transpose(0, 3, 1, 2)


def _window_max_table(hwc: np.ndarray, n_a: int, n_b: int) -> np.ndarray:
    """``table[a, b, h, w] = max(hwc[h:h + 2^a, w:w + 2^b])`` (a sparse table; entries whose
    window would leave the map are -inf and never read)."""
    H, W, C = hwc.shape
    table = np.full((n_a, n_b, H, W, C), -np.inf)
    table[0, 0] = hwc
    for i in range(1, n_a):
        h = 1 << (i - 1)
        np.maximum(table[i - 1, 0, :H - h], table[i - 1, 0, h:], out=table[i, 0, :H - h])
    for j in range(1, n_b):
        w = 1 << (j - 1)
        np.maximum(table[:, j - 1, :, :W - w], table[:, j - 1, :, w:], out=table[:, j, :, :W - w])
    return table


def roi_max_pool_loop(features: Any, boxes: Any, output_size: int = 7, *,
                      spatial_scale: float = 1.0) -> np.ndarray:
    """The same pooling as :func:`roi_max_pool`, written as plain loops over boxes and bins.

    The reference the vectorised version is tested and timed against.

    Examples
    --------
    >>> f = np.arange(16.0).reshape(1, 4, 4)
    >>> roi_max_pool_loop(f, [[1, 1, 4, 4]], 2)[0, 0].tolist()
    [[10.0, 11.0], [14.0, 15.0]]
    """
    features, q, p = _check_roi_args(features, boxes, output_size, spatial_scale)
    out = np.zeros((len(q), features.shape[0], p, p))
    for k, (x0, y0, x1, y1) in enumerate(q):
        h, w = y1 - y0, x1 - x0
        for i in range(p):
            top, bottom = y0 + (i * h) // p, y0 + -((-(i + 1) * h) // p)
            for j in range(p):
                left, right = x0 + (j * w) // p, x0 + -((-(j + 1) * w) // p)
                out[k, :, i, j] = features[:, top:bottom, left:right].max(axis=(1, 2))
    return out


def _conv_macs(side: int, layers: tuple) -> tuple[int, int]:
    """Multiply-adds of 3x3/padding-1 convs on a square input; returns (macs, output side)."""
    macs = 0
    for c_in, c_out, k, s in layers:
        side = -(-side // s)
        macs += side * side * c_out * c_in * k * k
    return macs, side


def pipeline_macs(n_proposals: Any, *, image_size: int = 256, crop_size: int = 64,
                  pool: int = 4, hidden: int = 256) -> dict[str, np.ndarray]:
    """Multiply-adds per image of R-CNN, Fast R-CNN and Faster R-CNN, by formula.

    The same backbone (:data:`BACKBONE`, three 3x3 convs of stride 2) and head (RoI pooling
    to ``pool`` x ``pool``, then ``Linear(64 pool² → hidden)`` and ``Linear(hidden → 5)``) in
    all three:

    * R-CNN: every proposal is cropped, warped to ``crop_size`` and run through the
      backbone: ``K * backbone(crop) + K * head``;
    * Fast R-CNN: one backbone pass on the whole image, then RoI pooling per proposal:
      ``backbone(image) + K * head`` (proposals still come from outside, e.g. selective
      search, which costs seconds per image on a CPU and is not counted here);
    * Faster R-CNN: as Fast, plus a region proposal network on the shared features (a 3x3
      conv and a 1x1 conv scoring 9 anchors per cell): ``backbone + rpn + K * head``.

    Parameters
    ----------
    n_proposals : array-like of shape (n,)
        Numbers of proposals per image.
    image_size, crop_size : int
    pool, hidden : int

    Returns
    -------
    dict of str to ndarray of shape (n,)
        ``"R-CNN"``, ``"Fast R-CNN"``, ``"Faster R-CNN"``.

    Examples
    --------
    >>> m = pipeline_macs([1, 100])
    >>> (m["R-CNN"] / m["Fast R-CNN"]).round(1).tolist()
    [0.1, 4.3]
    """
    K = check_array(n_proposals, "n_proposals", ndim=1, dtype="int")
    if (K < 0).any() or (K > 10**7).any():
        raise ValueError(f"n_proposals must be in [0, 10**7]; got values from {K.min()} to "
                         f"{K.max()}")
    image_size = check_int(image_size, "image_size", low=8, high=MAX_IMAGE_SIDE)
    crop_size = check_int(crop_size, "crop_size", low=8, high=MAX_IMAGE_SIDE)
    pool = check_int(pool, "pool", low=1, high=MAX_POOL)
    hidden = check_int(hidden, "hidden", low=1, high=100_000)
    c = BACKBONE[-1][1]
    head = c * pool * pool * hidden + hidden * 5
    crop, _ = _conv_macs(crop_size, BACKBONE)
    whole, side = _conv_macs(image_size, BACKBONE)
    rpn = side * side * (c * c * 9 + c * 9 * 5)
    K = K.astype(np.float64)
    return {"R-CNN": K * (crop + head), "Fast R-CNN": whole + K * head,
            "Faster R-CNN": whole + rpn + K * head}


def time_pipelines(n_proposals: Any, *, image_size: int = 256, crop_size: int = 64,
                   pool: int = 4, hidden: int = 256, repeat: int = 3,
                   random_state: Any = 0) -> dict[str, np.ndarray]:
    """Seconds per image of the three pipelines of :func:`pipeline_macs`, run in torch.

    Random weights (the cost does not depend on them) and random proposal boxes; R-CNN warps
    each crop with ``interpolate`` and runs the backbone on the batch of crops; Fast and
    Faster R-CNN run it once and pool with :func:`roi_max_pool`. Best of ``repeat`` runs.

    Returns
    -------
    dict of str to ndarray of shape (n,)

    Examples
    --------
    >>> t = time_pipelines([2, 4], image_size=64, crop_size=32, repeat=1)
    >>> sorted(t)
    ['Fast R-CNN', 'Faster R-CNN', 'R-CNN']
    """
    import torch
    from torch.nn import functional as F

    K = check_array(n_proposals, "n_proposals", ndim=1, dtype="int")
    if (K < 1).any() or (K > MAX_PROPOSALS).any():
        raise ValueError(f"n_proposals must be in [1, {MAX_PROPOSALS}] (R-CNN runs the "
                         f"backbone once per proposal); got values from {K.min()} to {K.max()}")
    image_size = check_int(image_size, "image_size", low=16, high=1024)
    crop_size = check_int(crop_size, "crop_size", low=8, high=512)
    pool = check_int(pool, "pool", low=1, high=16)
    hidden = check_int(hidden, "hidden", low=1, high=4096)
    repeat = check_int(repeat, "repeat", low=1, high=100)
    rng = check_rng(random_state)
    gen = torch.Generator().manual_seed(int(rng.integers(2**31 - 1)))
    backbone = torch.nn.Sequential(*[m for c_in, c_out, k, s in BACKBONE
                                     for m in (torch.nn.Conv2d(c_in, c_out, k, s, k // 2),
                                               torch.nn.ReLU())])
    c = BACKBONE[-1][1]
    head = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(c * pool * pool, hidden),
                               torch.nn.ReLU(), torch.nn.Linear(hidden, 5))
    rpn = torch.nn.Sequential(torch.nn.Conv2d(c, c, 3, 1, 1), torch.nn.ReLU(),
                              torch.nn.Conv2d(c, 9 * 5, 1))
    image = torch.rand((1, 3, image_size, image_size), generator=gen)
    stride = np.prod([s for *_, s in BACKBONE])
    out = {name: np.zeros(len(K)) for name in ("R-CNN", "Fast R-CNN", "Faster R-CNN")}
    for n_i, k in enumerate(K):
        corner = rng.integers(0, image_size // 2, size=(k, 2))
        side = rng.integers(image_size // 8, image_size // 2, size=(k, 1))
        boxes = np.concatenate([corner, corner + side], axis=1)

        def rcnn(boxes: np.ndarray = boxes) -> None:
            crops = torch.cat([F.interpolate(image[:, :, y0:y1, x0:x1], size=crop_size,
                                             mode="bilinear") for x0, y0, x1, y1 in boxes])
            feats = backbone(crops)
            head(F.adaptive_max_pool2d(feats, pool))

        def fast(with_rpn: bool, boxes: np.ndarray = boxes) -> None:
            feats = backbone(image)
            if with_rpn:
                rpn(feats)
            pooled = roi_max_pool(feats[0].numpy(), boxes, pool, spatial_scale=1 / stride)
            head(torch.from_numpy(pooled).float())

        runs = {"R-CNN": rcnn, "Fast R-CNN": lambda: fast(False),
                "Faster R-CNN": lambda: fast(True)}
        with torch.no_grad():
            for name, fn in runs.items():
                out[name][n_i] = best_seconds(fn, repeat)
    return out
