"""Capacity and its limits: shattering (VC dimension), no free lunch, the Bayes error.

Used in ``notebooks/04_learning_from_data.ipynb`` (sections 5-7).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..units import bit_patterns, separating_unit
from ..validation import check_array, check_choice, check_int, check_rng, check_scalar

__all__ = ["NFL_LEARNERS", "bayes_error_two_gaussians", "make_two_gaussians",
           "no_free_lunch", "radon_partition", "shatter_count"]

MAX_SHATTER_POINTS = 12  # 2^12 = 4096 linear programs, a few seconds


def shatter_count(X: np.ndarray) -> tuple[int, int]:
    """How many of the ``2^n`` labellings of the points ``X`` a hyperplane realises.

    Every labelling is checked exactly with the LP test
    :func:`course_lib.units.separating_unit` (infeasible is a proof, not a failed search).
    The points are *shattered* when the count equals ``2^n``.

    Parameters
    ----------
    X : ndarray of shape (n_points, n_features), n_points <= 12

    Returns
    -------
    (n_separable, n_labellings)

    Examples
    --------
    >>> shatter_count(np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]))   # 3 points: all 8
    (8, 8)
    >>> shatter_count(np.array([[0, 0], [1, 0], [0, 1], [1, 1.0]]))     # XOR, XNOR fail
    (14, 16)
    """
    X = check_array(X, "X", ndim=2, shape_doc="(n_points, n_features)")
    if len(X) > MAX_SHATTER_POINTS:
        raise ValueError(f"X may hold at most {MAX_SHATTER_POINTS} points (2^n linear programs "
                         f"are solved); got {len(X)}")
    labels = bit_patterns(len(X)).astype(bool)
    # a labelling and its complement are separable together (flip w, b): solve half of them
    half = labels[~labels[:, 0]]
    ok = sum(separating_unit(X, lab) is not None for lab in half)
    return 2 * ok, 2 ** len(X)


def radon_partition(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Radon's theorem made concrete: split points into two groups whose convex hulls meet.

    Any ``d + 2`` (or more) points in ``R^d`` have weights ``λ``, not all zero, with
    ``Σ λ_i x_i = 0`` and ``Σ λ_i = 0`` (``d + 1`` equations in ``n >= d + 2`` unknowns).
    The points with ``λ_i > 0`` and those with ``λ_i <= 0`` form the two groups, and
    ``p = Σ_{λ_i > 0} λ_i x_i / Σ_{λ_i > 0} λ_i`` lies in both convex hulls. A hyperplane
    that put one group strictly on each side would put ``p`` on both: the labelling "first
    group positive, the rest negative" is never linearly separable, which is why
    hyperplanes in ``R^d`` shatter no set of ``d + 2`` points (VC dimension ``d + 1``).
    The weights are a null vector of ``[X^T; 1^T]`` from its SVD. Used in
    ``notebooks/04_learning_from_data.ipynb`` (section 5).

    Parameters
    ----------
    X : ndarray of shape (n_points, n_features), n_points >= n_features + 2

    Returns
    -------
    labels : ndarray of shape (n_points,) of bool
        The group of each point; ``labels[0]`` is True.
    point : ndarray of shape (n_features,)
        A point in both convex hulls.

    Examples
    --------
    >>> labels, p = radon_partition(np.array([[0, 0], [1, 0], [0, 1], [1, 1.0]]))
    >>> labels.tolist(), np.round(p, 6).tolist()            # the two diagonals cross
    ([True, False, False, True], [0.5, 0.5])
    """
    X = check_array(X, "X", ndim=2, shape_doc="(n_points, n_features)")
    n, d = X.shape
    if n < d + 2:
        raise ValueError(f"X needs at least n_features + 2 = {d + 2} points for a Radon "
                         f"partition; got {n}")
    M = np.vstack([X.T, np.ones(n)])                                   # (d + 1, n)
    lam = np.linalg.svd(M)[2][-1]                                      # M @ lam = 0
    if lam[0] < 0 or (lam[0] == 0 and lam[np.argmax(lam != 0)] < 0):
        lam = -lam                                                     # labels[0] True
    labels = lam > 0
    if lam[0] == 0:
        labels[0] = True                   # a zero weight may join either group
    point = lam[lam > 0] @ X[lam > 0] / lam[lam > 0].sum()
    return labels, point


def _majority(Xtr, ytr, Xte):
    # ytr: (n_targets, n_train) -> one constant guess per target; ties go to 0
    return np.repeat((2 * ytr.sum(axis=1) > ytr.shape[1])[:, None], len(Xte), axis=1)


def _minority(Xtr, ytr, Xte):
    return ~_majority(Xtr, ytr, Xte)


def _nearest(Xtr, ytr, Xte):
    # Hamming nearest neighbour, ties broken by the first training point
    ham = (Xte[:, None, :] != Xtr[None, :, :]).sum(axis=2)            # (n_test, n_train)
    return ytr[:, np.argmin(ham, axis=1)]


def _always_one(Xtr, ytr, Xte):
    return np.ones((ytr.shape[0], len(Xte)), dtype=bool)


def _linear(Xtr, ytr, Xte):
    # a separating plane if one exists (LP), else the majority vote; many targets share the
    # same training labels, so one LP per *distinct* training labelling
    uniq, inverse = np.unique(ytr, axis=0, return_inverse=True)
    out = np.empty((len(uniq), len(Xte)), dtype=bool)
    for i, y in enumerate(uniq):
        sol = separating_unit(Xtr, y) if 0 < y.sum() < len(y) else None
        out[i] = (Xte @ sol[0] + sol[1] >= 0) if sol is not None else 2 * y.sum() > len(y)
    return out[inverse.ravel()]


NFL_LEARNERS: dict[str, Callable] = {
    "majority vote": _majority, "minority vote": _minority,
    "nearest neighbour": _nearest, "always 1": _always_one, "separating plane": _linear,
}


def no_free_lunch(learner: str, n_bits: int = 3, n_train: int = 4) -> dict[str, np.ndarray]:
    """Off-training-set accuracy of a learner on *every* target function of ``n_bits`` inputs.

    The input space is all ``2^n_bits`` bit patterns; the first ``n_train`` (counting order)
    are the training inputs, the rest the test inputs. A target function is one of the
    ``2^(2^n_bits)`` labellings. Counts are integers, so the average over all targets is
    exact: the no-free-lunch theorem says it is 1/2 for every learner.

    Parameters
    ----------
    learner : one of NFL_LEARNERS
    n_bits : int in [1, 4]
    n_train : int in [1, 2^n_bits - 1]

    Returns
    -------
    dict with ``correct`` (n_targets,) int counts on the test inputs, ``n_test``,
    ``mean_accuracy`` (a float, exact as a ratio of integers), ``targets`` (n_targets, 2^n)

    Examples
    --------
    >>> float(no_free_lunch("nearest neighbour", 3, 4)["mean_accuracy"])
    0.5
    """
    learner = check_choice(learner, "learner", list(NFL_LEARNERS))
    n_bits = check_int(n_bits, "n_bits", low=1, high=4)
    n_in = 2 ** n_bits
    n_train = check_int(n_train, "n_train", low=1, high=n_in - 1)
    X = bit_patterns(n_bits).astype(float)
    targets = bit_patterns(n_in).astype(bool)                          # (2^n_in, n_in)
    Xtr, Xte = X[:n_train], X[n_train:]
    pred = NFL_LEARNERS[learner](Xtr, targets[:, :n_train], Xte)
    correct = (pred == targets[:, n_train:]).sum(axis=1)
    return {"correct": correct, "n_test": n_in - n_train, "targets": targets,
            "mean_accuracy": correct.sum() / (len(correct) * (n_in - n_train))}


def bayes_error_two_gaussians(delta: float) -> float:
    """Bayes error of two equally likely Gaussians with a shared covariance.

    With Mahalanobis distance ``delta`` between the means, the best rule thresholds the
    log-likelihood ratio at 0 and errs with probability ``Φ(-delta / 2)``.

    Examples
    --------
    >>> round(bayes_error_two_gaussians(2.0), 4)
    0.1587
    """
    from scipy.stats import norm

    delta = check_scalar(delta, "delta", low=0)
    return float(norm.cdf(-delta / 2))


def make_two_gaussians(n_samples: int, delta: float = 2.0, *, random_state=None
                       ) -> tuple[np.ndarray, np.ndarray]:
    """Two equally likely classes ``N((0, 0), I)`` and ``N((delta, 0), I)`` in the plane.

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,) of 0/1

    Examples
    --------
    >>> X, y = make_two_gaussians(4, random_state=0)
    >>> X.shape, y.tolist()
    ((4, 2), [0, 1, 1, 1])
    """
    n_samples = check_int(n_samples, "n_samples", low=1, high=10_000_000)
    delta = check_scalar(delta, "delta", low=0, high=100)
    rng = check_rng(random_state)
    y = (rng.random(n_samples) < 0.5).astype(np.int64)
    X = rng.normal(size=(n_samples, 2))
    X[:, 0] += delta * y
    return X, y
