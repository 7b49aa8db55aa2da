"""Validation by resampling: the kinds of cross-validation compared, choosing λ by k-fold.

All splits come from ``sklearn.model_selection`` (the bootstrap draws the indices of
``sklearn.utils.resample``); this module only runs them on one problem and measures estimate,
spread and cost. With k-NN, all splits of one kind are scored at once from one distance matrix.
Used in ``notebooks/04_learning_from_data.ipynb`` (section 4: choosing λ) and
``notebooks/04b_validation_and_evaluation.ipynb`` (section 1: the kinds compared).
"""

from __future__ import annotations

import time

import numpy as np

from ..stats import standard_error
from ..units import sq_distances
from ..validation import (
    check_array,
    check_choice,
    check_int,
    check_rng,
    check_same_length,
    check_scalar,
)
from .neighbors import _knn
from .regression import normal_equation

__all__ = ["CV_KINDS", "compare_cv", "cv_ridge_alpha", "make_grouped_regression"]

CV_KINDS = ("5-fold", "repeated 5-fold (x5)", "leave-one-out", "shuffle split (x25, 20%)",
            "group 5-fold", "leave-one-group-out", "bootstrap OOB (x25)")


def make_grouped_regression(n_groups: int = 10, per_group: int = 6, n_features: int = 5, *,
                            noise: float = 1.0, group_scale: float = 1.0,
                            random_state=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A linear problem whose samples come in groups sharing a random offset (e.g. patients).

    Returns
    -------
    X : ndarray of shape (n_groups * per_group, n_features)
    y : ndarray of shape (n_groups * per_group,)
    groups : ndarray of shape (n_groups * per_group,) of int

    Examples
    --------
    >>> X, y, g = make_grouped_regression(3, 2, random_state=0)
    >>> X.shape, g.tolist()
    ((6, 5), [0, 0, 1, 1, 2, 2])
    """
    n_groups = check_int(n_groups, "n_groups", low=2, high=10_000)
    per_group = check_int(per_group, "per_group", low=1, high=10_000)
    n_features = check_int(n_features, "n_features", low=1, high=1_000)
    if n_groups * per_group * n_features > 10_000_000:
        raise ValueError("n_groups * per_group * n_features must stay below 1e7 (memory)")
    noise = check_scalar(noise, "noise", low=0, high=1e6)
    group_scale = check_scalar(group_scale, "group_scale", low=0, high=1e6)
    rng = check_rng(random_state)
    groups = np.repeat(np.arange(n_groups), per_group)
    centre = rng.normal(size=(n_groups, n_features))
    X = centre[groups] + rng.normal(size=(len(groups), n_features))
    w = np.linspace(1.0, -1.0, n_features)
    offset = group_scale * rng.normal(size=n_groups)
    y = X @ w + offset[groups] + noise * rng.normal(size=len(groups))
    return X, y, groups


def _splits(kind, n, groups, seed):
    from sklearn.model_selection import (
        GroupKFold,
        KFold,
        LeaveOneGroupOut,
        LeaveOneOut,
        RepeatedKFold,
        ShuffleSplit,
    )
    idx = np.arange(n)
    if kind == "5-fold":
        return KFold(5, shuffle=True, random_state=seed).split(idx)
    if kind == "repeated 5-fold (x5)":
        return RepeatedKFold(n_splits=5, n_repeats=5, random_state=seed).split(idx)
    if kind == "leave-one-out":
        return LeaveOneOut().split(idx)
    if kind == "shuffle split (x25, 20%)":
        return ShuffleSplit(25, test_size=0.2, random_state=seed).split(idx)
    if kind == "group 5-fold":
        return GroupKFold(5).split(idx, groups=groups)
    if kind == "leave-one-group-out":
        return LeaveOneGroupOut().split(idx, groups=groups)
    out = []
    for r in range(25):  # bootstrap: train on n draws with replacement, test out of bag
        # the indices sklearn.utils.resample(idx, n_samples=n, random_state=s) draws (a test
        # holds them equal), without its per-call argument checks: a third of the run time
        boot = np.random.RandomState(seed * 1000 + r).randint(0, n, size=n)
        oob = np.setdiff1d(idx, boot)
        if len(oob):
            out.append((boot, oob))
    return out


def _fit_predict(model, X, y, Xt, alpha):
    if model == "ridge":
        w, b = normal_equation(X, y, alpha=alpha)
        return Xt @ w + b
    return _knn(X, y, Xt, min(5, len(y)), "uniform")


def _knn_cv_mse(X, y, splits, k=5):
    # every split of one kind at once: one distance matrix, each point's neighbours sorted
    # once; a split only changes which of them are in its training set, and how often (a
    # bootstrap sample holds some points twice, and a twice-drawn neighbour counts twice,
    # as it does for k-NN fitted on the resampled rows). The k nearest training rows of a
    # point are the first k in sorted order once each point is repeated by its count.
    n = len(y)
    counts = np.stack([np.bincount(tr, minlength=n) for tr, _ in splits]).astype(float)
    test = np.zeros(counts.shape, dtype=bool)
    for s, (_, te) in enumerate(splits):
        test[s, te] = True
    # the first k + (most rows any split leaves out) neighbours always hold k training rows
    m = min(n, k + int((counts == 0).sum(axis=1).max()))
    order = np.argsort(sq_distances(X), axis=1, kind="stable")[:, :m]  # (n, m)
    c = counts[:, order]                                               # (n_splits, n, m)
    taken = np.clip(k - (np.cumsum(c, axis=2) - c), 0, c)              # rows used per point
    pred = (taken * y[order]).sum(axis=2) / k
    return float(np.sum((pred - y) ** 2 * test) / test.sum())


def _cv_mse(X, y, groups, kind, alpha, seed, model="ridge"):
    if model == "knn":
        splits = list(_splits(kind, len(y), groups, seed))
        return _knn_cv_mse(X, y, splits), len(splits)
    errs, weights, fits = [], [], 0
    for tr, te in _splits(kind, len(y), groups, seed):
        errs.append(np.mean((_fit_predict(model, X[tr], y[tr], X[te], alpha) - y[te]) ** 2))
        weights.append(len(te))
        fits += 1
    return float(np.average(errs, weights=weights)), fits


def compare_cv(n_datasets: int = 20, *, model: str = "ridge", alpha: float = 1.0,
               random_state=None, **data_kwargs) -> dict[str, dict[str, float]]:
    """Every kind of CV on ``n_datasets`` fresh data sets of one problem, against the truth.

    The model is ridge regression (:func:`normal_equation`, penalty ``alpha``) or 5-nearest-
    neighbour regression (``model="knn"``), which can recognise a sample's group by its
    neighbours and so profits most from a leak between training and test groups. For each
    data set the true generalisation error of the model trained on all of it is measured on
    a large fresh sample from *new groups*; each CV kind's estimate is compared with it.

    Returns
    -------
    dict kind -> {"estimate": mean CV estimate, "bias": mean(estimate - truth),
    "spread": std of the estimate over data sets, "rmse": root mean squared error against
    the truth, "fits": models fitted per estimate, "seconds": time per estimate}, each of
    the first four with its standard error over the data sets under the key + ``"_se"``
    (the spread's from the normal approximation ``spread / sqrt(2 (n - 1))``, the RMSE's by
    the delta method), plus "truth" -> {"estimate": mean true error, ...}. The kinds are
    run on the same data sets, so two kinds' biases are paired: the SE of their difference
    is usually smaller than either SE.

    Examples
    --------
    >>> res = compare_cv(2, random_state=0)
    >>> sorted(res)[:3]
    ['5-fold', 'bootstrap OOB (x25)', 'group 5-fold']
    """
    n_datasets = check_int(n_datasets, "n_datasets", low=1, high=1_000)
    alpha = check_scalar(alpha, "alpha", low=0, high=1e6)
    model = check_choice(model, "model", ["ridge", "knn"])
    rng = check_rng(random_state)
    ests = {k: [] for k in CV_KINDS}
    cost = {k: [0, 0.0] for k in CV_KINDS}
    truth = []
    for i in range(n_datasets):
        seed = int(rng.integers(2**31))
        X, y, g = make_grouped_regression(random_state=seed, **data_kwargs)
        Xt, yt, _ = make_grouped_regression(n_groups=200, random_state=seed + 1,
                                            **{k: v for k, v in data_kwargs.items()
                                               if k != "n_groups"})
        truth.append(np.mean((_fit_predict(model, X, y, Xt, alpha) - yt) ** 2))
        for kind in CV_KINDS:
            t0 = time.perf_counter()
            est, fits = _cv_mse(X, y, g, kind, alpha, i, model)
            cost[kind][1] += time.perf_counter() - t0
            cost[kind][0] = fits
            ests[kind].append(est)
    truth = np.array(truth)
    out = {"truth": {"estimate": float(truth.mean()), "bias": 0.0,
                     "spread": float(truth.std()), "rmse": 0.0, "fits": 1, "seconds": 0.0,
                     **_standard_errors(truth, truth)}}
    for kind in CV_KINDS:
        e = np.array(ests[kind])
        out[kind] = {"estimate": float(e.mean()), "bias": float(np.mean(e - truth)),
                     "spread": float(e.std()), "rmse": float(np.sqrt(np.mean((e - truth) ** 2))),
                     "fits": cost[kind][0], "seconds": cost[kind][1] / n_datasets,
                     **_standard_errors(e, truth)}
    return out


def _standard_errors(e, truth):
    n = len(e)
    if n < 2:
        return {"estimate_se": np.nan, "bias_se": np.nan, "spread_se": np.nan, "rmse_se": np.nan}
    sq = (e - truth) ** 2
    rmse = np.sqrt(sq.mean())
    return {"estimate_se": standard_error(e),
            "bias_se": standard_error(e - truth),
            "spread_se": float(e.std() / np.sqrt(2 * (n - 1))),
            "rmse_se": float(sq.std(ddof=1) / (2 * rmse * np.sqrt(n))) if rmse > 0 else 0.0}


def cv_ridge_alpha(X: np.ndarray, y: np.ndarray, alphas: np.ndarray, *, n_splits: int = 5,
                   random_state=None) -> tuple[float, np.ndarray]:
    """Choose ridge's alpha by k-fold cross-validation (``sklearn.model_selection.KFold``).

    Returns
    -------
    best_alpha : float
    cv_mse : ndarray of shape (n_alphas,), the mean validation MSE of each alpha

    Examples
    --------
    >>> X, y, _ = make_grouped_regression(10, 4, random_state=0)
    >>> best, curve = cv_ridge_alpha(X, y, [0.1, 1.0, 10.0], random_state=0)
    >>> curve.shape
    (3,)
    """
    from sklearn.model_selection import KFold

    X = check_array(X, "X", ndim=2, shape_doc="(n_samples, n_features)")
    y = check_array(y, "y", ndim=1, shape_doc="(n_samples,)")
    check_same_length(X, "X", y, "y")
    alphas = check_array(alphas, "alphas", ndim=1, shape_doc="(n_alphas,)")
    if alphas.min() < 0 or len(alphas) > 1000:
        raise ValueError(f"alphas must be >= 0 and at most 1000 values; got min "
                         f"{alphas.min():g}, {len(alphas)} values")
    n_splits = check_int(n_splits, "n_splits", low=2, high=len(y))
    seed = int(check_rng(random_state).integers(2**31))
    curve = np.zeros(len(alphas))
    for tr, te in KFold(n_splits, shuffle=True, random_state=seed).split(X):
        for j, a in enumerate(alphas):
            w, b = normal_equation(X[tr], y[tr], alpha=float(a))
            curve[j] += np.sum((X[te] @ w + b - y[te]) ** 2)
    curve /= len(y)
    return float(alphas[np.argmin(curve)]), curve
