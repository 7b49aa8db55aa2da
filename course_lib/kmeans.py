"""k-means from scratch, vectorised over the samples (Lloyd's algorithm).

Used in ``notebooks/11c_algorithms_at_scale.ipynb`` (interview question N14), where it is
checked against ``sklearn.cluster.KMeans`` started from the same centres.

* :func:`kmeans_step` - one assignment step (each sample to its nearest centre, squared
  Euclidean distance from :func:`course_lib.units.sq_distances`) and one update step (each
  centre to the mean of its samples).
* :func:`kmeans` - steps until the centres stop moving, with the whole path of the centres
  kept in :class:`KMeansResult` ``.history`` (the widget replays it).

Empty clusters: a centre that no sample is nearest to keeps its previous position. This is
the simplest rule that keeps ``k`` centres; scikit-learn instead moves such a centre to the
sample farthest from its own centre, so the two agree only while no cluster empties.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np

from .units import sq_distances
from .validation import check_array, check_int, check_rng, check_scalar, describe

__all__ = ["MAX_DISTANCES", "MAX_ITER", "KMeansResult", "kmeans", "kmeans_step", "make_clusters"]

#: Most entries of the (n_samples, k) distance matrix one step builds (160 MB of float64).
MAX_DISTANCES = 20_000_000
#: Most iterations (Lloyd's algorithm converges in tens of steps on real data).
MAX_ITER = 10_000
#: Most samples of :func:`make_clusters` (a teaching data set; 16 MB of float64).
MAX_SAMPLES = 1_000_000


@dataclass
class KMeansResult:
    """What :func:`kmeans` found.

    Attributes
    ----------
    centres : ndarray of shape (k, n_features)
    labels : ndarray of shape (n_samples,)
        Index of the nearest final centre of each sample.
    inertia : float
        Sum of squared distances of the samples to their nearest centre.
    n_iter : int
        Update steps taken.
    converged : bool
        Whether the centres stopped moving (total squared move <= ``tol``) before ``n_iter``.
    history : ndarray of shape (n_iter + 1, k, n_features)
        The centres before the first step and after every step.
    """

    centres: np.ndarray
    labels: np.ndarray
    inertia: float
    n_iter: int
    converged: bool
    history: np.ndarray

    def __repr__(self) -> str:
        k, d = self.centres.shape
        return (f"KMeansResult(k={k}, n_features={d}, n_samples={len(self.labels)}, "
                f"inertia={self.inertia:.4g}, n_iter={self.n_iter}, "
                f"converged={self.converged})")


def make_clusters(n_samples: int = 400, *, random_state: Any = 0) -> np.ndarray:
    """Five round 2-D clusters of different sizes and spreads (the widget's data).

    Two of them are close, so k-means with ``k = 5`` has more than one local minimum.

    Parameters
    ----------
    n_samples : int
    random_state : None, int or numpy.random.Generator

    Returns
    -------
    X : ndarray of shape (n_samples, 2)

    Examples
    --------
    >>> make_clusters(10, random_state=0).shape
    (10, 2)
    """
    n_samples = check_int(n_samples, "n_samples", low=1, high=MAX_SAMPLES)
    rng = check_rng(random_state)
    centres = np.array([[-4.0, -3.0], [-3.5, 3.0], [1.0, 0.0], [4.5, 3.5], [4.0, -3.5]])
    spread = np.array([0.8, 1.0, 1.3, 0.7, 1.0])
    which = rng.choice(5, size=n_samples, p=[0.15, 0.2, 0.3, 0.15, 0.2])
    return centres[which] + rng.normal(size=(n_samples, 2)) * spread[which, None]


def _check_X_centres(X: Any, centres: Any, centres_name: str) -> tuple[np.ndarray, np.ndarray]:
    X = check_array(X, "X", ndim=2, shape_doc="(n_samples, n_features)")
    centres = check_array(centres, centres_name, ndim=2, shape=(None, X.shape[1]),
                          shape_doc=f"(k, n_features) = (k, {X.shape[1]})")
    if len(centres) > len(X):
        raise ValueError(f"{centres_name} must have at most n_samples = {len(X)} rows (k <= "
                         f"n_samples); got k = {len(centres)}")
    if len(X) * len(centres) > MAX_DISTANCES:
        raise ValueError(f"n_samples * k must be at most {MAX_DISTANCES:,} (one step builds "
                         f"that (n_samples, k) matrix of distances); got {len(X):,} * "
                         f"{len(centres):,}")
    return X, centres


def _step(X: np.ndarray, centres: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One Lloyd step on checked arrays: new centres and the labels they came from."""
    d2 = sq_distances(X, centres)                     # (n_samples, k)
    labels = d2.argmin(axis=1)                        # ties: the lower centre index
    k = len(centres)
    counts = np.bincount(labels, minlength=k)
    # per-cluster sums, one bincount per feature: vectorised over the samples
    sums = np.stack([np.bincount(labels, weights=X[:, j], minlength=k)
                     for j in range(X.shape[1])], axis=1)
    new = centres.copy()                              # empty clusters keep their centre
    filled = counts > 0
    new[filled] = sums[filled] / counts[filled, None]
    return new, labels


def kmeans_step(X: Any, centres: Any) -> tuple[np.ndarray, np.ndarray]:
    """One k-means (Lloyd) step: assign every sample, then move every centre.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    centres : ndarray of shape (k, n_features)
        The current centres, ``k <= n_samples``.

    Returns
    -------
    new_centres : ndarray of shape (k, n_features)
        The mean of the samples assigned to each centre; a centre with no sample keeps its
        old position (scikit-learn would move it to a far sample instead).
    labels : ndarray of shape (n_samples,)
        The index of the *old* centre nearest to each sample (ties go to the lower index).

    Examples
    --------
    >>> X = np.array([[0.0, 0.0], [0.0, 2.0], [10.0, 0.0], [10.0, 2.0]])
    >>> new, labels = kmeans_step(X, np.array([[1.0, 1.0], [9.0, 1.0], [50.0, 50.0]]))
    >>> new.tolist(), labels.tolist()
    ([[0.0, 1.0], [10.0, 1.0], [50.0, 50.0]], [0, 0, 1, 1])
    """
    X, centres = _check_X_centres(X, centres, "centres")
    return _step(X, centres)


def kmeans(X: Any, init: Any, *, n_iter: int = 300, tol: float = 0.0,
           random_state: Any = None) -> KMeansResult:
    """k-means by Lloyd's algorithm from given centres or from ``k`` random samples.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    init : int or ndarray of shape (k, n_features)
        The number of clusters ``k`` (the start is ``k`` distinct samples drawn with
        ``random_state``), or the initial centres themselves (then ``random_state`` is unused).
    n_iter : int
        Most update steps.
    tol : float
        Stop when the sum over centres of the squared move of one step is at most ``tol``
        (with 0, when the centres no longer move at all: the assignment is stable).
    random_state : None, int or numpy.random.Generator

    Returns
    -------
    KMeansResult
        ``labels`` are recomputed from the final centres, as scikit-learn does.

    Examples
    --------
    >>> X = np.array([[0.0, 0.0], [0.0, 2.0], [10.0, 0.0], [10.0, 2.0]])
    >>> res = kmeans(X, np.array([[0.0, 0.0], [0.0, 2.0]]), n_iter=10)
    >>> res.centres.tolist(), res.labels.tolist(), res.n_iter, res.converged
    ([[5.0, 0.0], [5.0, 2.0]], [0, 1, 0, 1], 2, True)
    >>> kmeans(X, 2, random_state=0).inertia   # a local minimum: top and bottom pairs
    100.0
    """
    X = check_array(X, "X", ndim=2, shape_doc="(n_samples, n_features)")
    n_iter = check_int(n_iter, "n_iter", low=1, high=MAX_ITER)
    tol = check_scalar(tol, "tol", low=0)
    if isinstance(init, numbers.Integral) or (isinstance(init, np.ndarray) and init.ndim == 0
                                              and np.issubdtype(init.dtype, np.integer)):
        if isinstance(init, (bool, np.bool_)):
            raise TypeError(f"init must be an int k or an array of centres; got {describe(init)}")
        k = check_int(int(init), "init", low=1, high=len(X))
        rng = check_rng(random_state)
        centres = X[rng.choice(len(X), size=k, replace=False)].copy()
        X, centres = _check_X_centres(X, centres, "init")
    else:
        check_rng(random_state)
        X, centres = _check_X_centres(X, init, "init")
        centres = centres.copy()
    history = [centres]
    converged = False
    for _ in range(n_iter):
        new, _ = _step(X, centres)
        shift = float(((new - centres) ** 2).sum())
        centres = new
        history.append(centres)
        if shift <= tol:
            converged = True
            break
    d2 = sq_distances(X, centres)
    labels = d2.argmin(axis=1)
    inertia = float(d2[np.arange(len(X)), labels].sum())
    return KMeansResult(centres=centres, labels=labels, inertia=inertia,
                        n_iter=len(history) - 1, converged=converged,
                        history=np.stack(history))
