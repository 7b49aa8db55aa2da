"""k-nearest neighbours: uniform and distance weighting, and k against bias and variance.

Written here because the lesson is about it; tests compare with
``sklearn.neighbors.KNeighborsRegressor``. Used in ``notebooks/04_learning_from_data.ipynb``.
"""

from __future__ import annotations

import numpy as np

from ..units import sq_distances
from ..validation import (
    check_array,
    check_choice,
    check_int,
    check_rng,
    check_same_length,
    check_scalar,
)
from .regression import true_curve

__all__ = ["knn_bias_variance", "knn_predict"]


def knn_predict(X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray, k: int, *,
                weights: str = "uniform") -> np.ndarray:
    """k-NN regression (or class-probability) prediction: the mean of the k nearest targets.

    ``weights="distance"`` weighs each neighbour by ``1 / distance``; a test point that
    coincides with training points takes their mean (scikit-learn's rule).

    Parameters
    ----------
    X_train : ndarray of shape (n_train, n_features)
    y_train : ndarray of shape (n_train,)
    X_test : ndarray of shape (n_test, n_features)
    k : int in [1, n_train]
    weights : {"uniform", "distance"}

    Returns
    -------
    ndarray of shape (n_test,)

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [3.0]])
    >>> knn_predict(X, np.array([0.0, 1.0, 3.0]), np.array([[0.5]]), 2).tolist()
    [0.5]
    """
    X_train = check_array(X_train, "X_train", ndim=2, shape_doc="(n_train, n_features)")
    y_train = check_array(y_train, "y_train", ndim=1, shape_doc="(n_train,)")
    check_same_length(X_train, "X_train", y_train, "y_train")
    X_test = check_array(X_test, "X_test", ndim=2, shape=(None, X_train.shape[1]),
                         shape_doc=f"(n_test, {X_train.shape[1]})")
    k = check_int(k, "k", low=1, high=len(X_train))
    weights = check_choice(weights, "weights", ["uniform", "distance"])
    if len(X_train) * len(X_test) > 50_000_000:
        raise ValueError("n_train * n_test must stay below 5e7 (the distance matrix)")
    return _knn(X_train, y_train, X_test, k, weights)


def _knn(X_train, y_train, X_test, k, weights):
    D = sq_distances(X_test, X_train)                                  # (n_test, n_train)
    nn = np.argpartition(D, k - 1, axis=1)[:, :k]
    Y = y_train[nn]
    if weights == "uniform":
        return Y.mean(axis=1)
    d = np.sqrt(np.maximum(np.take_along_axis(D, nn, axis=1), 0.0))
    zero = d == 0
    with np.errstate(divide="ignore"):
        w = np.where(zero.any(axis=1, keepdims=True), zero.astype(float), 1.0 / d)
    return (w * Y).sum(axis=1) / w.sum(axis=1)


def knn_bias_variance(ks: np.ndarray, *, n_train: int = 50, noise: float = 0.3,
                      n_datasets: int = 200, weights: str = "uniform",
                      random_state=None) -> dict[str, np.ndarray]:
    """Squared bias and variance of k-NN regression on ``true_curve``, for every k.

    ``n_datasets`` training sets are drawn; predictions on a fixed grid give, per k,
    ``bias² = mean over the grid of (mean prediction - truth)²`` and ``variance = mean over
    the grid of the variance of the predictions across data sets``.

    Returns
    -------
    dict with ``ks``, ``bias2``, ``variance`` (ndarrays of shape (len(ks),))

    Examples
    --------
    >>> r = knn_bias_variance([1, 25], n_datasets=50, random_state=0)
    >>> bool(r["variance"][0] > r["variance"][1]), bool(r["bias2"][0] < r["bias2"][1])
    (True, True)
    """
    n_train = check_int(n_train, "n_train", low=1, high=10_000)
    ks = check_array(ks, "ks", ndim=1, dtype="int")
    if ks.min() < 1 or ks.max() > n_train:
        raise ValueError(f"ks must be in [1, n_train={n_train}]; got {ks.min()}..{ks.max()}")
    noise = check_scalar(noise, "noise", low=0, high=100)
    n_datasets = check_int(n_datasets, "n_datasets", low=2, high=10_000)
    weights = check_choice(weights, "weights", ["uniform", "distance"])
    rng = check_rng(random_state)
    grid = np.linspace(-0.9, 0.9, 60)
    preds = np.empty((len(ks), n_datasets, len(grid)))
    for r in range(n_datasets):
        x = rng.uniform(-1, 1, n_train)
        y = true_curve(x) + noise * rng.normal(size=n_train)
        D = (grid[:, None] - x[None, :]) ** 2
        order = np.argsort(D, axis=1)
        for j, k in enumerate(ks):
            nn = order[:, :k]
            if weights == "uniform":
                preds[j, r] = y[nn].mean(axis=1)
            else:
                preds[j, r] = _knn(x[:, None], y, grid[:, None], int(k), weights)
    f = true_curve(grid)
    return {"ks": ks, "bias2": np.mean((preds.mean(axis=1) - f) ** 2, axis=1),
            "variance": np.mean(preds.var(axis=1), axis=1)}
