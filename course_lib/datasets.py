"""Synthetic data sets used across the lessons (pure numpy, explicit generators).

Nothing is downloaded: every data set here is generated from a seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .validation import check_array, check_int, check_rng, check_scalar

__all__ = ["DATASETS_2D", "SeparableData", "in_convex_polygon", "make_2d_dataset",
           "make_blobs_2d", "make_circles_2d", "make_moons_2d", "make_separable", "make_spirals",
           "make_two_pentagons", "make_xor", "regular_polygon"]

#: Most numbers one generator call may produce (n_samples x n_features x n_trials): 2e7
#: float64 values are 160 MB per array, and a generator holds a few such arrays at once.
MAX_VALUES = 20_000_000
#: Most points of a 2-D two-class data set (16 MB for X; the lessons use a few hundred).
MAX_SAMPLES_2D = 1_000_000
_WHY_2D = "a 2-D teaching data set; a million points is already 16 MB"
#: Most sides of a regular polygon (more is a circle at any screen resolution).
MAX_SIDES = 100_000


def _size(value, name: str, low: int, high: int, why: str) -> int:
    """A size-like integer, refused above ``high`` *before* anything is allocated."""
    n = check_int(value, name, low=low)
    if n > high:
        raise ValueError(f"{name} must be at most {high:,} ({why}); got {n:,}")
    return n


@dataclass
class SeparableData:
    """Linearly separable data sets with a known separator (one or many trials).

    Attributes
    ----------
    X : ndarray of shape (n_trials, n_samples, n_features)
    y : ndarray of shape (n_trials, n_samples)
        Labels in {0, 1}: 1 where ``X @ u + b > 0``.
    u : ndarray of shape (n_trials, n_features)
        Unit-norm normal of the separating hyperplane of each trial.
    b : ndarray of shape (n_trials,)
        Offset of that hyperplane (0 when ``center`` is the origin).
    margin, radius : float
        The requested margin and radius (the data's own values are at least / at most these,
        measured from the hyperplane and from ``center``).
    """

    X: np.ndarray
    y: np.ndarray
    u: np.ndarray
    b: np.ndarray
    margin: float
    radius: float

    def __repr__(self) -> str:
        t, n, d = self.X.shape
        return (f"SeparableData(n_trials={t}, n_samples={n}, n_features={d}, "
                f"margin={self.margin:g}, radius={self.radius:g})")


def make_separable(
    n_samples: int = 100,
    n_features: int = 2,
    *,
    margin: float = 0.1,
    radius: float = 1.0,
    n_trials: int = 1,
    center: np.ndarray | None = None,
    random_state: int | np.random.Generator | None = None,
) -> SeparableData:
    """Draw separable data sets with a chosen margin and radius, all trials at once.

    Each trial picks a random unit vector ``u``. A point's coordinate along ``u`` is drawn
    uniformly from ``[margin, radius]`` with a random sign (the sign is the label); the rest
    of the point is uniform in the ball of radius ``sqrt(radius**2 - a**2)`` orthogonal to
    ``u``. So every point lies within ``radius`` of ``center`` and at least ``margin`` from
    the hyperplane ``u·(x - center) = 0`` — no rejection loop, any dimension.

    Parameters
    ----------
    n_samples : int
    n_features : int
        Dimension d >= 1.
    margin : float
        Distance of the closest possible point to the hyperplane, in (0, radius).
    radius : float
        Every point lies within this distance of ``center``.
    n_trials : int
        Independent data sets generated in one vectorised pass.
    center : ndarray of shape (n_features,), optional
        Shift of the whole data set. Nonzero moves the hyperplane off the origin (``b != 0``).
    random_state : int, Generator or None

    Returns
    -------
    SeparableData

    Examples
    --------
    >>> data = make_separable(50, 3, margin=0.2, n_trials=4, random_state=0)
    >>> data.X.shape, data.y.shape
    ((4, 50, 3), (4, 50))
    >>> bool((np.abs(np.einsum("tnd,td->tn", data.X, data.u)) >= 0.2).all())
    True
    """
    why = f"at most {MAX_VALUES:,} numbers in all, {8 * MAX_VALUES // 10**6} MB per array"
    n = _size(n_samples, "n_samples", 1, MAX_VALUES, why)
    d = _size(n_features, "n_features", 1, MAX_VALUES, why)
    trials = _size(n_trials, "n_trials", 1, MAX_VALUES, why)
    if n * d * trials > MAX_VALUES:
        raise ValueError(f"n_samples x n_features x n_trials must be at most {MAX_VALUES:,} "
                         f"(about {8 * MAX_VALUES // 10**6} MB per array, and the generator "
                         f"holds several); got {n} x {d} x {trials} = {n * d * trials:,}")
    radius = check_scalar(radius, "radius", low=0, include_low=False)
    margin = check_scalar(margin, "margin", low=0, high=radius, include_low=False,
                          include_high=False)
    if center is None:
        center = np.zeros(d)
    center = check_array(center, "center", shape=(d,), shape_doc=f"(n_features,) = ({d},)")
    rng = check_rng(random_state)

    u = rng.standard_normal((trials, d))
    u /= np.linalg.norm(u, axis=1, keepdims=True)
    sign = rng.choice([-1.0, 1.0], size=(trials, n))
    along = sign * rng.uniform(margin, radius, size=(trials, n))
    X = along[..., None] * u[:, None, :]
    if d > 1:
        # uniform in the (d-1)-ball orthogonal to u: project Gaussian noise, scale by r*U^(1/(d-1))
        g = rng.standard_normal((trials, n, d))
        g -= np.einsum("tnd,td->tn", g, u)[..., None] * u[:, None, :]
        g /= np.linalg.norm(g, axis=2, keepdims=True)
        room = np.sqrt(radius**2 - along**2)
        X += g * (room * rng.uniform(size=(trials, n)) ** (1.0 / (d - 1)))[..., None]
    X += center
    b = -u @ center
    y = (sign > 0).astype(np.int64)
    return SeparableData(X=X, y=y, u=u, b=b, margin=margin, radius=radius)


def regular_polygon(n_sides: int = 5, radius: float = 1.0, center=(0.0, 0.0),
                    rotation: float = 0.0) -> np.ndarray:
    """Vertices of a regular polygon, counter-clockwise.

    Returns
    -------
    ndarray of shape (n_sides, 2)

    Examples
    --------
    >>> regular_polygon(4, radius=1.0).round(3).tolist()
    [[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [-0.0, -1.0]]
    """
    k = _size(n_sides, "n_sides", 3, MAX_SIDES, "more sides look like a circle at any resolution")
    r = check_scalar(radius, "radius", low=0, include_low=False)
    c = check_array(center, "center", shape=(2,), shape_doc="(2,)")
    rot = check_scalar(rotation, "rotation")
    angles = rot + 2 * np.pi * np.arange(k) / k
    return c + r * np.column_stack([np.cos(angles), np.sin(angles)])


def in_convex_polygon(X: np.ndarray, vertices: np.ndarray) -> np.ndarray:
    """Whether each point lies inside a convex polygon (the AND of its edge half-planes).

    Parameters
    ----------
    X : ndarray of shape (n_samples, 2)
    vertices : ndarray of shape (n_vertices, 2)
        Counter-clockwise vertices of a convex polygon.

    Returns
    -------
    ndarray of bool, shape (n_samples,)

    Examples
    --------
    >>> in_convex_polygon(np.array([[0.0, 0.0], [2.0, 0.0]]), regular_polygon(5)).tolist()
    [True, False]
    """
    X = check_array(X, "X", ndim=2, shape=(None, 2), shape_doc="(n_samples, 2)")
    V = check_array(vertices, "vertices", ndim=2, shape=(None, 2), shape_doc="(n_vertices, 2)")
    edges = np.roll(V, -1, axis=0) - V
    # inside a counter-clockwise polygon: every edge's cross product with (x - start) >= 0
    rel = X[:, None, :] - V[None, :, :]
    cross = edges[None, :, 0] * rel[..., 1] - edges[None, :, 1] * rel[..., 0]
    return (cross >= 0).all(axis=1)


def make_two_pentagons(n_samples: int = 400, *, noise: float = 0.0,
                       random_state: int | np.random.Generator | None = None
                       ) -> tuple[np.ndarray, np.ndarray]:
    """Points in the square [-2, 2]^2 labelled 1 inside either of two separate pentagons.

    The positive region is not convex (two pieces), so no single threshold unit separates
    it: lessons 01 and 03 use it.

    Parameters
    ----------
    n_samples : int
    noise : float
        Fraction of labels flipped at random, in [0, 0.5].
    random_state : int, Generator or None

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,) with values in {0, 1}

    Examples
    --------
    >>> X, y = make_two_pentagons(200, random_state=0)
    >>> X.shape, sorted(set(y.tolist()))
    ((200, 2), [0, 1])
    """
    n = _size(n_samples, "n_samples", 2, MAX_SAMPLES_2D, _WHY_2D)
    noise = check_scalar(noise, "noise", low=0, high=0.5)
    rng = check_rng(random_state)
    X = rng.uniform(-2, 2, size=(n, 2))
    left = regular_polygon(5, 0.8, center=(-0.95, 0.0), rotation=np.pi / 2)
    right = regular_polygon(5, 0.8, center=(0.95, 0.0), rotation=np.pi / 2)
    y = (in_convex_polygon(X, left) | in_convex_polygon(X, right)).astype(np.int64)
    flip = rng.uniform(size=n) < noise
    y[flip] = 1 - y[flip]
    return X, y


# --- lesson 03: the playground's two-class data sets (appended) -----------------------------
#: Names accepted by :func:`make_2d_dataset`, in the order the playground lists them.
DATASETS_2D = ("blobs", "moons", "circles", "xor", "spirals", "two_pentagons")


def _two_class_rng(n_samples, noise, random_state):
    n = _size(n_samples, "n_samples", 4, MAX_SAMPLES_2D, _WHY_2D)
    noise = check_scalar(noise, "noise", low=0, high=2.0)
    return n, noise, check_rng(random_state)


def _from_sklearn(maker: str, n_samples, random_state, shift=(0.0, 0.0), **kwargs):
    """One of scikit-learn's generators, seeded from our generator, labels as int64.

    The one place the three wrappers below differ from scikit-learn: they are seeded from
    a numpy Generator, return int64 labels and (moons) are centred on the origin.
    """
    import sklearn.datasets

    rng = check_rng(random_state)
    X, y = getattr(sklearn.datasets, maker)(n_samples=n_samples, **kwargs,
                                           random_state=int(rng.integers(0, 2**31 - 1)))
    return X - np.asarray(shift), y.astype(np.int64)


def make_blobs_2d(n_samples: int = 300, *, noise: float = 0.5,
                  random_state: int | np.random.Generator | None = None
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Two Gaussian blobs centred at (-1, -1) and (1, 1) with standard deviation ``noise``.

    Used by the playground of ``notebooks/03_decision_boundaries.ipynb`` (the easy case: a
    straight line separates them while ``noise`` is small).

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,) with values in {0, 1}

    Examples
    --------
    >>> X, y = make_blobs_2d(100, random_state=0)
    >>> X.shape, int(y.sum())
    ((100, 2), 50)
    """
    n, noise, rng = _two_class_rng(n_samples, noise, random_state)
    return _from_sklearn("make_blobs", n, rng, centers=np.array([[-1.0, -1.0], [1.0, 1.0]]),
                         cluster_std=max(noise, 1e-9))


def make_moons_2d(n_samples: int = 300, *, noise: float = 0.1,
                  random_state: int | np.random.Generator | None = None
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (scikit-learn's ``make_moons``), centred on the origin.

    Examples
    --------
    >>> X, y = make_moons_2d(100, random_state=0)
    >>> X.shape, int(y.sum())
    ((100, 2), 50)
    """
    n, noise, rng = _two_class_rng(n_samples, noise, random_state)
    return _from_sklearn("make_moons", n, rng, shift=(0.5, 0.25), noise=noise)


def make_circles_2d(n_samples: int = 300, *, noise: float = 0.1,
                    random_state: int | np.random.Generator | None = None
                    ) -> tuple[np.ndarray, np.ndarray]:
    """A disk of class 1 inside a ring of class 0 (radii 0.5 and 1.0, ``make_circles``).

    Examples
    --------
    >>> X, y = make_circles_2d(100, random_state=0)
    >>> X.shape, int(y.sum())
    ((100, 2), 50)
    """
    n, noise, rng = _two_class_rng(n_samples, noise, random_state)
    return _from_sklearn("make_circles", n, rng, noise=noise, factor=0.5)


def make_xor(n_samples: int = 300, *, noise: float = 0.1,
             random_state: int | np.random.Generator | None = None
             ) -> tuple[np.ndarray, np.ndarray]:
    """Points uniform in [-1, 1]^2, labelled 1 where ``x1 * x2 > 0``, then jittered.

    The label comes from the clean position; Gaussian jitter of standard deviation ``noise``
    is added afterwards, so noise blurs the four quadrants into each other.

    Examples
    --------
    >>> X, y = make_xor(200, noise=0.0, random_state=0)
    >>> bool(np.all((X[:, 0] * X[:, 1] > 0) == (y == 1)))
    True
    """
    n, noise, rng = _two_class_rng(n_samples, noise, random_state)
    X = rng.uniform(-1, 1, size=(n, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(np.int64)
    return X + noise * rng.standard_normal((n, 2)), y


def make_spirals(n_samples: int = 300, *, noise: float = 0.1, turns: float = 1.5,
                 random_state: int | np.random.Generator | None = None
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved spiral arms (one per class) of radius up to 1, plus Gaussian jitter.

    Parameters
    ----------
    n_samples : int
    noise : float
        Standard deviation of the jitter.
    turns : float
        How many times each arm winds around the origin (0.25 to 4).
    random_state : int, Generator or None

    Examples
    --------
    >>> X, y = make_spirals(100, noise=0.0, random_state=0)
    >>> bool(np.all(np.linalg.norm(X, axis=1) <= 1.0 + 1e-12))
    True
    """
    n, noise, rng = _two_class_rng(n_samples, noise, random_state)
    turns = check_scalar(turns, "turns", low=0.25, high=4)
    y = np.arange(n) % 2
    r = np.sqrt(rng.uniform(0.0025, 1.0, size=n))  # denser arms near the centre look right
    angle = 2 * np.pi * turns * r + np.pi * y
    X = np.column_stack([r * np.cos(angle), r * np.sin(angle)])
    return X + noise * rng.standard_normal((n, 2)), y.astype(np.int64)


def make_2d_dataset(name: str, n_samples: int = 300, *, noise: float = 0.1,
                    random_state: int | np.random.Generator | None = None
                    ) -> tuple[np.ndarray, np.ndarray]:
    """One of the playground's two-class data sets by name (see :data:`DATASETS_2D`).

    ``noise`` is the jitter's standard deviation, except for ``"blobs"`` (each blob's standard
    deviation is ``0.3 + noise``) and ``"two_pentagons"`` (the fraction of labels flipped,
    capped at 0.5).

    Examples
    --------
    >>> X, y = make_2d_dataset("xor", 50, random_state=0)
    >>> X.shape
    (50, 2)
    >>> make_2d_dataset("swirl")
    Traceback (most recent call last):
    ...
    ValueError: name must be one of ['blobs', 'moons', 'circles', 'xor', 'spirals', \
'two_pentagons']; got 'swirl'
    """
    from .validation import check_choice

    check_choice(name, "name", DATASETS_2D)
    if name == "blobs":
        noise = check_scalar(noise, "noise", low=0, high=2.0)
        return make_blobs_2d(n_samples, noise=0.3 + noise, random_state=random_state)
    if name == "two_pentagons":
        noise = check_scalar(noise, "noise", low=0, high=2.0)
        return make_two_pentagons(_size(n_samples, "n_samples", 4, MAX_SAMPLES_2D, _WHY_2D),
                                  noise=min(noise, 0.5), random_state=random_state)
    maker = {"moons": make_moons_2d, "circles": make_circles_2d, "xor": make_xor,
             "spirals": make_spirals}[name]
    return maker(n_samples, noise=noise, random_state=random_state)

