"""Decision boundaries built by hand (lesson ``03_decision_boundaries``).

A unit ``[w·x + b >= 0]`` fires on a half-plane. Two layers give a convex polygon (an AND of
the half-planes of its edges); three give any union of polygons (an OR of those ANDs), which
covers non-convex regions such as two separate pentagons, a star or a ring. One hidden layer
can still approximate a region, by summing many "cylinders" (disks cut out by many
half-planes) or radial-basis bumps and thresholding the sum; :func:`one_layer_tradeoff`
measures what that costs in units.

Conventions
-----------
* Networks are the list-of-layers format of :mod:`course_lib.boolean`: ``[(W, b), ...]`` with
  ``W`` of shape ``(n_prev, n_units)``; ``Z = A @ W + b``. The first layer's weights have unit
  norm, so its pre-activation is the signed distance to the edge.
* Units are step units ``[z >= 0]`` or sigmoid units ``sigmoid(sharpness * z)``; as the
  sharpness grows the sigmoid network approaches the step network.
* Polygons are ``(n_vertices, 2)`` arrays, counter-clockwise, convex; a region is a list of
  them (their union).
* Everything evaluates all points of a grid in one vectorised pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .boolean import check_layers
from .boolean import forward as step_forward
from .datasets import in_convex_polygon, regular_polygon
from .units import sigmoid, sq_distances
from .validation import check_array, check_choice, check_int, check_scalar, describe

__all__ = [
    "REGION_SHAPES",
    "UNIT_KINDS",
    "TradeoffRow",
    "best_threshold",
    "cover_centers",
    "cylinder_network",
    "edge_layer",
    "grid_points",
    "half_plane_weights",
    "in_region",
    "network_output",
    "one_layer_tradeoff",
    "polygon_network",
    "rbf_network_output",
    "rbf_unit",
    "region_network",
    "region_network_from",
    "region_polygons",
    "union_network",
]

#: Regions :func:`region_polygons` knows.
REGION_SHAPES = ("polygon", "two_pentagons", "star", "ring")
#: Unit kinds of :func:`network_output`.
UNIT_KINDS = ("step", "sigmoid")

_STAR_INNER = 0.45   # inner radius of the star, as a fraction of the outer radius
_RING_INNER = 0.55   # inner radius of the ring, as a fraction of the outer radius


def _point(value: Any, name: str) -> np.ndarray:
    return check_array(value, name, shape=(2,), shape_doc="(2,)")


def _polygon(value: Any, name: str = "vertices") -> np.ndarray:
    V = check_array(value, name, ndim=2, shape=(None, 2), shape_doc="(n_vertices, 2)")
    if len(V) < 3:
        raise ValueError(f"{name} must have at least 3 vertices; got {len(V)}")
    edges = np.roll(V, -1, axis=0) - V
    if np.any(np.linalg.norm(edges, axis=1) == 0):
        raise ValueError(f"{name} must not repeat a vertex (an edge of length 0)")
    turn = edges[:, 0] * np.roll(edges, -1, axis=0)[:, 1] - edges[:, 1] * np.roll(edges, -1,
                                                                                   axis=0)[:, 0]
    if np.any(turn < -1e-12 * np.max(np.abs(V)) ** 2):
        raise ValueError(f"{name} must be a convex polygon listed counter-clockwise; some "
                         "corners turn clockwise (reverse the order, or split a non-convex "
                         "shape into convex pieces)")
    return V


def _polygons(value: Any, name: str = "polygons") -> list[np.ndarray]:
    if isinstance(value, np.ndarray) and value.ndim == 2:
        raise TypeError(f"{name} must be a list of polygons; got one polygon of shape "
                        f"{value.shape}: wrap it in a list")
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"{name} must be a list of (n_vertices, 2) arrays; got "
                        f"{describe(value)}")
    if len(value) == 0:
        raise ValueError(f"{name} must contain at least one polygon; got an empty list")
    return [_polygon(v, f"{name}[{i}]") for i, v in enumerate(value)]


# --- one unit, one polygon, a union ---------------------------------------------------------
def half_plane_weights(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Weights of the unit that fires on the left of the directed edge ``p -> q``.

    For a counter-clockwise polygon the left of every edge is the inside. The normal is
    ``(-(q - p)_y, (q - p)_x)`` scaled to length 1, so ``w·x + b`` is the signed distance of
    ``x`` from the edge's line (positive inside).

    Parameters
    ----------
    p, q : ndarray of shape (2,)
        Start and end of the edge (distinct points).

    Returns
    -------
    ndarray of shape (3,)
        ``[w1, w2, b]``.

    Examples
    --------
    >>> half_plane_weights(np.array([0.0, 0.0]), np.array([1.0, 0.0])).tolist()  # y >= 0
    [-0.0, 1.0, -0.0]
    """
    p, q = _point(p, "p"), _point(q, "q")
    e = q - p
    length = float(np.hypot(*e))
    if length == 0:
        raise ValueError(f"p and q must be different points (an edge); both are {p.tolist()}")
    w = np.array([-e[1], e[0]]) / length
    return np.array([w[0], w[1], -(w @ p)])


def edge_layer(vertices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The first layer of a polygon network: one half-plane unit per edge.

    Parameters
    ----------
    vertices : ndarray of shape (k, 2)
        A convex polygon, counter-clockwise.

    Returns
    -------
    W : ndarray of shape (2, k)
        Column ``i`` is the unit normal of edge ``i`` (from vertex ``i`` to ``i + 1``).
    b : ndarray of shape (k,)

    Examples
    --------
    >>> W, b = edge_layer(regular_polygon(4))
    >>> W.shape, np.round(b, 3).tolist()
    ((2, 4), [0.707, 0.707, 0.707, 0.707])
    """
    V = _polygon(vertices)
    e = np.roll(V, -1, axis=0) - V
    normals = np.column_stack([-e[:, 1], e[:, 0]]) / np.linalg.norm(e, axis=1, keepdims=True)
    return normals.T.copy(), -np.einsum("kd,kd->k", normals, V)


def polygon_network(vertices: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """A convex polygon as a network: ``k`` half-plane units, then one AND unit.

    The AND unit fires when the sum of the ``k`` hidden outputs reaches ``k - 1/2``: with
    step units that means all ``k`` fire; with sigmoid units it is the same rule, softened.

    Returns
    -------
    list of two layers ``[(W1, b1), (W2, b2)]``, shapes ``(2, k), (k,), (k, 1), (1,)``.

    Examples
    --------
    >>> net = polygon_network(regular_polygon(5))
    >>> network_output(net, np.array([[0.0, 0.0], [1.5, 0.0]])).tolist()
    [1.0, 0.0]
    """
    W1, b1 = edge_layer(vertices)
    k = W1.shape[1]
    return [(W1, b1), (np.ones((k, 1)), np.array([-(k - 0.5)]))]


def union_network(polygons: list[np.ndarray]) -> list[tuple[np.ndarray, np.ndarray]]:
    """A union of convex polygons: half-planes, one AND per polygon, one OR.

    Two hidden layers: all polygons' edge units side by side, then an AND unit per polygon
    (connected only to its own edges), then an output unit that fires if any AND fires.

    Parameters
    ----------
    polygons : list of ndarray of shape (k_i, 2)

    Returns
    -------
    list of three layers.

    Examples
    --------
    >>> net = union_network(region_polygons("two_pentagons"))
    >>> [W.shape for W, b in net]
    [(2, 10), (10, 2), (2, 1)]
    """
    polys = _polygons(polygons)
    layers = [edge_layer(V) for V in polys]
    W1 = np.concatenate([W for W, _ in layers], axis=1)
    b1 = np.concatenate([b for _, b in layers])
    sizes = [len(V) for V in polys]
    W2 = np.zeros((sum(sizes), len(polys)))
    start = 0
    for j, k in enumerate(sizes):
        W2[start:start + k, j] = 1.0
        start += k
    b2 = -(np.array(sizes, dtype=float) - 0.5)
    return [(W1, b1), (W2, b2), (np.ones((len(polys), 1)), np.array([-0.5]))]


def region_polygons(shape: str = "polygon", n_sides: int = 5, radius: float = 1.0,
                    center=(0.0, 0.0), rotation: float = 0.0) -> list[np.ndarray]:
    """A region as a list of convex polygons (their union).

    Parameters
    ----------
    shape : {"polygon", "two_pentagons", "star", "ring"}
        ``"polygon"``: one regular ``n_sides``-gon. ``"two_pentagons"``: two separate regular
        ``n_sides``-gons side by side (the lecture's example; with the defaults 5, 0.8 they are
        the pentagons of :func:`course_lib.datasets.make_two_pentagons`). ``"star"``: a star
        with ``n_sides`` points, as an inner polygon plus one triangle per point. ``"ring"``:
        the band between two regular ``n_sides``-gons, as ``n_sides`` trapezoids.
    n_sides : int
        3 to 64.
    radius : float
        Circumradius of each polygon (outer radius of the star and the ring).
    center : (float, float)
    rotation : float
        In radians, of the whole region about ``center``.

    Returns
    -------
    list of ndarray of shape (k, 2), counter-clockwise.

    Examples
    --------
    >>> [len(V) for V in region_polygons("star", 5)]
    [5, 3, 3, 3, 3, 3]
    """
    check_choice(shape, "shape", REGION_SHAPES)
    k = check_int(n_sides, "n_sides", low=3, high=64)
    r = check_scalar(radius, "radius", low=0, include_low=False)
    c = _point(center, "center")
    rot = check_scalar(rotation, "rotation")
    if shape == "polygon":
        return [regular_polygon(k, r, c, rot)]
    if shape == "two_pentagons":
        offset = 0.95 / 0.8 * r * np.array([np.cos(rot), np.sin(rot)])
        return [regular_polygon(k, r, c - offset, rot + np.pi / 2),
                regular_polygon(k, r, c + offset, rot + np.pi / 2)]
    angles = rot + np.pi / 2 + 2 * np.pi * np.arange(k) / k
    unit = np.column_stack([np.cos(angles), np.sin(angles)])
    if shape == "star":
        half = np.pi / k
        inner_angles = angles + half
        inner = c + _STAR_INNER * r * np.column_stack([np.cos(inner_angles),
                                                       np.sin(inner_angles)])
        tips = [np.array([inner[i - 1], c + r * unit[i], inner[i]]) for i in range(k)]
        return [inner, *tips]
    outer, inner = c + r * unit, c + _RING_INNER * r * unit
    return [np.array([outer[i], outer[(i + 1) % k], inner[(i + 1) % k], inner[i]])
            for i in range(k)]


def region_network(shape: str = "polygon", n_sides: int = 5, radius: float = 1.0,
                   center=(0.0, 0.0), rotation: float = 0.0
                   ) -> list[tuple[np.ndarray, np.ndarray]]:
    """The hand-built network of :func:`region_polygons`: one hidden layer for a single
    convex polygon (:func:`polygon_network`), two for a union (:func:`union_network`).

    Examples
    --------
    >>> [W.shape[1] for W, b in region_network("ring", 8)]
    [32, 8, 1]
    """
    return region_network_from(region_polygons(shape, n_sides, radius, center, rotation))


def region_network_from(polygons: list[np.ndarray]) -> list[tuple[np.ndarray, np.ndarray]]:
    """:func:`polygon_network` for one polygon, :func:`union_network` for several.

    Examples
    --------
    >>> len(region_network_from([regular_polygon(3)]))
    2
    """
    polys = _polygons(polygons)
    return polygon_network(polys[0]) if len(polys) == 1 else union_network(polys)


def in_region(X: np.ndarray, polygons: list[np.ndarray]) -> np.ndarray:
    """Whether each point lies in the union of the polygons (computed directly, no network).

    Examples
    --------
    >>> in_region(np.array([[0.0, 0.0], [0.0, 0.7]]), region_polygons("ring")).tolist()
    [False, True]
    """
    polys = _polygons(polygons)
    X = check_array(X, "X", ndim=2, shape=(None, 2), shape_doc="(n_samples, 2)",
                    allow_empty=True)
    out = np.zeros(len(X), dtype=bool)
    for V in polys:
        out |= in_convex_polygon(X, V)
    return out


def network_output(layers: list, X: np.ndarray, units: str = "step",
                   sharpness: float = 10.0) -> np.ndarray:
    """Output of a one-output network on every row of ``X``, in one vectorised pass.

    Parameters
    ----------
    layers : list of (W, b)
    X : ndarray of shape (n_samples, n_inputs)
    units : {"step", "sigmoid"}
        ``"step"``: ``A = [Z >= 0]`` in every layer (:func:`course_lib.boolean.forward`).
        ``"sigmoid"``: ``A = sigmoid(sharpness * Z)`` in every layer.
    sharpness : float
        Gain of the sigmoid units (> 0); ignored for step units.

    Returns
    -------
    ndarray of shape (n_samples,)
        0/1 for step units, values in (0, 1) for sigmoid units.

    Examples
    --------
    >>> net = polygon_network(regular_polygon(4))
    >>> network_output(net, np.zeros((1, 2)), "sigmoid", sharpness=50).round(3).tolist()
    [1.0]
    """
    check_choice(units, "units", UNIT_KINDS)
    X = check_array(X, "X", ndim=2, shape_doc="(n_samples, n_inputs)")
    if units == "step":
        out = step_forward(layers, X)
    else:
        beta = check_scalar(sharpness, "sharpness", low=0, include_low=False)
        A = X
        for W, b, _ in check_layers(layers, X.shape[1]):
            A = sigmoid(beta * (A @ W + b))
        out = A
    if out.shape[1] != 1:
        raise ValueError(f"layers must end in one output unit; the last layer has "
                         f"{out.shape[1]}")
    return out[:, 0]


def grid_points(extent=(-2.0, 2.0, -2.0, 2.0), resolution: int = 200) -> np.ndarray:
    """Centres of a ``resolution x resolution`` grid of pixels covering ``extent``.

    Row-major with ``y`` increasing down the rows, so ``f(P).reshape(resolution, resolution)``
    is an image for ``imshow(..., origin="lower", extent=extent)``.

    Returns
    -------
    ndarray of shape (resolution**2, 2)

    Examples
    --------
    >>> grid_points((0, 1, 0, 1), 2).tolist()
    [[0.25, 0.25], [0.75, 0.25], [0.25, 0.75], [0.75, 0.75]]
    """
    ext = check_array(extent, "extent", shape=(4,), shape_doc="(xmin, xmax, ymin, ymax)")
    if not (ext[0] < ext[1] and ext[2] < ext[3]):
        raise ValueError(f"extent must satisfy xmin < xmax and ymin < ymax; got {ext.tolist()}")
    n = check_int(resolution, "resolution", low=2, high=2000)
    xs = ext[0] + (np.arange(n) + 0.5) * (ext[1] - ext[0]) / n
    ys = ext[2] + (np.arange(n) + 0.5) * (ext[3] - ext[2]) / n
    xx, yy = np.meshgrid(xs, ys)
    return np.column_stack([xx.ravel(), yy.ravel()])


# --- one hidden layer: cylinders and radial-basis bumps --------------------------------------
def cover_centers(polygons: list[np.ndarray], spacing: float,
                  extent=(-2.0, 2.0, -2.0, 2.0)) -> np.ndarray:
    """Centres of the square grid cells (side ``spacing``) whose centre lies in the region.

    Disks of radius ``spacing / sqrt(2)`` around them cover every such cell.

    Returns
    -------
    ndarray of shape (n_centers, 2)

    Examples
    --------
    >>> len(cover_centers(region_polygons("polygon", 4, 1.0), 0.5))
    11
    """
    polys = _polygons(polygons)
    s = check_scalar(spacing, "spacing", low=0.01, high=4.0)
    ext = check_array(extent, "extent", shape=(4,), shape_doc="(xmin, xmax, ymin, ymax)")
    n = max(2, round((ext[1] - ext[0]) / s))
    if n > 2000:
        raise ValueError(f"spacing must give at most 2000 cells across extent (a grid of "
                         f"n x n candidate centres); spacing {s:g} over a width of "
                         f"{ext[1] - ext[0]:g} gives {n}")
    P = grid_points(ext, n)
    return P[in_region(P, polys)]


def cylinder_network(centers: np.ndarray, radius: float, n_sides: int = 16,
                     threshold: float | None = None) -> list[tuple[np.ndarray, np.ndarray]]:
    """One hidden layer approximating a union of disks ("cylinders") with linear units.

    Each disk gets ``n_sides`` half-plane units, the edges of the regular polygon whose inner
    circle is the disk. Inside a disk all ``n_sides`` fire; far from it about half do. The
    output unit fires when the *count* of firing hidden units reaches ``threshold``. The
    default, ``m * n_sides / 2 + n_sides / 4`` for ``m`` disks, is halfway between "inside one
    disk and far from the rest" and "far from every disk". It suits one disk; with many disks
    their tails add up (see :func:`one_layer_tradeoff`, which picks the best threshold).
    No second hidden layer: this is the universal-approximation construction, and its price
    is the unit count.

    Returns
    -------
    list of two layers; the hidden layer has ``n_centers * n_sides`` units.

    Examples
    --------
    >>> net = cylinder_network(np.zeros((1, 2)), 0.5, 32)
    >>> network_output(net, np.array([[0.0, 0.0], [0.0, 0.4], [0.0, 1.5]])).tolist()
    [1.0, 1.0, 0.0]
    """
    C = check_array(centers, "centers", ndim=2, shape=(None, 2), shape_doc="(n_centers, 2)")
    r = check_scalar(radius, "radius", low=0, include_low=False)
    k = check_int(n_sides, "n_sides", low=3, high=1024)
    m = len(C)
    if m * k > 1_000_000:
        raise ValueError(f"centers x n_sides must be at most 1,000,000 hidden units (a 2 x "
                         f"units weight matrix per call); got {m:,} x {k}")
    t = m * k / 2 + k / 4 if threshold is None else check_scalar(threshold, "threshold")
    phi = 2 * np.pi * (np.arange(k) + 0.5) / k
    u = np.column_stack([np.cos(phi), np.sin(phi)])          # outward normals, (k, 2)
    # unit i of disk j fires when u_i·(x - c_j) <= r:  w = -u_i, b = r + u_i·c_j
    W1 = np.tile(-u.T, (1, m))                               # (2, m k)
    b1 = (r + C @ u.T).ravel()                               # (m k,) disk-major
    return [(W1, b1), (np.ones((m * k, 1)), np.array([-t]))]


def best_threshold(scores: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    """The output bias that a one-hidden-layer network is free to choose: the threshold ``t``
    for ``scores >= t`` that agrees best with ``truth``, and that accuracy.

    Examples
    --------
    >>> best_threshold(np.array([0.1, 0.4, 0.35, 0.8]), np.array([False, True, False, True]))
    (0.4, 1.0)
    """
    S = check_array(scores, "scores", ndim=1)
    truth = check_array(truth, "truth", shape=(len(S),), shape_doc="(n_samples,)",
                        dtype="bool")
    order = np.argsort(-S, kind="stable")
    Ss, tr = S[order], truth[order]
    n, negatives = len(S), int((~truth).sum())
    acc = (np.cumsum(tr) + negatives - np.cumsum(~tr)) / n
    valid = np.r_[Ss[:-1] != Ss[1:], True]          # cut only between distinct scores
    i = int(np.argmax(np.where(valid, acc, -1.0)))
    if negatives / n >= acc[i]:                      # firing nowhere is better
        return float(np.inf), float(negatives / n)
    return float(Ss[i]), float(acc[i])


def rbf_unit(X: np.ndarray, center: np.ndarray, beta: float) -> np.ndarray:
    """Radial-basis unit ``exp(-beta * ||x - center||^2)`` on each row of ``X``.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    center : ndarray of shape (n_features,)
    beta : float
        Bandwidth (> 0): large beta, narrow bump.

    Returns
    -------
    ndarray of shape (n_samples,), values in (0, 1].

    Examples
    --------
    >>> rbf_unit(np.array([[0.0, 0.0], [1.0, 0.0]]), np.zeros(2), beta=2.0).round(4).tolist()
    [1.0, 0.1353]
    """
    X = check_array(X, "X", ndim=2, shape_doc="(n_samples, n_features)")
    c = check_array(center, "center", shape=(X.shape[1],),
                    shape_doc=f"(n_features,) = ({X.shape[1]},)")
    beta = check_scalar(beta, "beta", low=0, include_low=False)
    return np.exp(-beta * sq_distances(X, c[None, :])[:, 0])


def rbf_network_output(X: np.ndarray, centers: np.ndarray, beta: float,
                       threshold: float = 0.5) -> np.ndarray:
    """One hidden layer of radial-basis units, summed and thresholded: ``[sum_j rbf_j >= t]``.

    One unit per bump: the bump is round by construction, and it dies off like
    ``exp(-beta d^2)`` instead of the slow ``1/d`` tail of a cylinder made of half-planes.

    Returns
    -------
    ndarray of shape (n_samples,) with values 0.0 or 1.0

    Examples
    --------
    >>> rbf_network_output(np.array([[0.0, 0.0], [2.0, 0.0]]), np.zeros((1, 2)), 4.0).tolist()
    [1.0, 0.0]
    """
    X = check_array(X, "X", ndim=2, shape=(None, 2), shape_doc="(n_samples, 2)")
    C = check_array(centers, "centers", ndim=2, shape=(None, 2), shape_doc="(n_centers, 2)")
    beta = check_scalar(beta, "beta", low=0, include_low=False)
    t = check_scalar(threshold, "threshold", low=0, include_low=False)
    if len(X) * len(C) > MAX_TRADEOFF_WORK:
        raise ValueError(f"centers x X rows must be at most {MAX_TRADEOFF_WORK:,} (one distance "
                         f"each); got {len(C):,} x {len(X):,}")
    rows = max(1, 2_000_000 // len(C))                  # bounded memory per chunk
    score = np.concatenate([np.exp(-beta * sq_distances(X[i:i + rows], C)).sum(axis=1)
                            for i in range(0, len(X), rows)])
    return (score >= t).astype(np.float64)


#: Most (hidden unit, pixel) pairs one construction of :func:`one_layer_tradeoff` evaluates.
MAX_TRADEOFF_WORK = 300_000_000


def _sequence(value: Any, name: str, what: str) -> list:
    if isinstance(value, np.ndarray) and value.ndim == 1:
        value = value.tolist()
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"{name} must be a list of {what}, such as (0.4, 0.2); got "
                        f"{describe(value)}")
    if len(value) == 0 or len(value) > 16:
        raise ValueError(f"{name} must list 1 to 16 {what}; got {len(value)}")
    return list(value)


@dataclass
class TradeoffRow:
    """One construction in :func:`one_layer_tradeoff`: its size and its pixel accuracy."""

    construction: str
    hidden_layers: int
    units: int
    accuracy: float

    def __repr__(self) -> str:
        return (f"TradeoffRow({self.construction!r}, hidden_layers={self.hidden_layers}, "
                f"units={self.units}, accuracy={self.accuracy:.4f})")


def one_layer_tradeoff(shape: str = "two_pentagons", spacings=(0.4, 0.2, 0.1),
                       n_sides=(8, 32), *, resolution: int = 100,
                       extent=(-2.0, 2.0, -2.0, 2.0)) -> list[TradeoffRow]:
    """Units against accuracy: the exact hand-built network against one hidden layer of
    cylinders (``n_sides`` half-planes per disk) or of radial-basis bumps.

    Disks sit on the cells of a square grid of side ``spacing`` inside the region (radius
    ``spacing / sqrt(2)``, which covers the cell); the RBF bumps sit on the same centres, each
    falling to 1/2 at that radius. Both one-layer networks get the best output bias
    (:func:`best_threshold`), so they are compared at their best. Accuracy is the fraction of a
    ``resolution``-square pixel grid over ``extent`` where the network agrees with the region.

    Returns
    -------
    list of TradeoffRow, the exact network first.

    Examples
    --------
    >>> rows = one_layer_tradeoff("polygon", spacings=(0.5,), n_sides=(8,), resolution=50)
    >>> rows[0]
    TradeoffRow('exact (half-planes, AND)', hidden_layers=1, units=6, accuracy=1.0000)
    >>> [r.units for r in rows[1:]]
    [97, 13]
    """
    spacings = [check_scalar(v, "spacings", low=0.01, high=4.0)
                 for v in _sequence(spacings, "spacings", "spacings between disk centres")]
    sides = [check_int(k, "n_sides", low=3, high=1024)
             for k in _sequence(n_sides, "n_sides", "half-planes per disk")]
    resolution = check_int(resolution, "resolution", low=2, high=400)
    polys = region_polygons(shape)
    P = grid_points(extent, resolution)
    truth = in_region(P, polys)
    net = region_network(shape)
    name = "exact (half-planes, AND)" if len(net) == 2 else "exact (half-planes, AND, OR)"
    rows = [TradeoffRow(name, len(net) - 1, sum(W.shape[1] for W, _ in net),
                        float(np.mean((network_output(net, P) > 0.5) == truth)))]
    for s in spacings:
        work = len(cover_centers(polys, s, extent)) * max(sides) * len(P)
        if work > MAX_TRADEOFF_WORK:
            raise ValueError(f"spacings must be large enough that units x pixels stays at most "
                             f"{MAX_TRADEOFF_WORK:,} (about a second of work); spacing {s:g} "
                             f"with {max(sides)} sides on {len(P):,} pixels needs {work:,}")
    for s in spacings:
        C = cover_centers(polys, s, extent)
        if len(C) == 0:
            continue
        r = s / np.sqrt(2)
        for k in sides:
            (W1, b1), _ = cylinder_network(C, r, k)
            rows_per_chunk = max(1, 2_000_000 // W1.shape[1])   # bounded memory per chunk
            count = np.concatenate([
                np.count_nonzero(P[i:i + rows_per_chunk] @ W1 + b1 >= 0, axis=1)
                for i in range(0, len(P), rows_per_chunk)]).astype(np.float64)
            rows.append(TradeoffRow(f"cylinders: {len(C)} disks x {k} half-planes", 1,
                                    len(C) * k + 1, best_threshold(count, truth)[1]))
        rows_per_chunk = max(1, 2_000_000 // len(C))
        score = np.concatenate([
            np.exp(-np.log(2) / r**2 * sq_distances(P[i:i + rows_per_chunk], C)).sum(axis=1)
            for i in range(0, len(P), rows_per_chunk)])
        rows.append(TradeoffRow(f"RBF: {len(C)} bumps", 1, len(C) + 1,
                                best_threshold(score, truth)[1]))
    return rows
