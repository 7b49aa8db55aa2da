"""Evaluating a binary classifier: confusion matrix, the metrics, ROC and PR curves.

Written here because the lesson is about them; tests check every function against
``sklearn.metrics`` on random scores with ties. Used in
``notebooks/04_learning_from_data.ipynb`` (section 10) and by the threshold widget.
"""

from __future__ import annotations

import numpy as np

from ..validation import check_array, check_int, check_rng, check_same_length, check_scalar

__all__ = ["IMBALANCE_STRATEGIES", "binary_metrics", "confusion_counts", "curve_auc",
           "imbalance_experiment", "make_imbalanced", "pr_curve", "roc_curve",
           "threshold_counts"]


def _labels(y_true, name="y_true", *, both=True):
    y = check_array(y_true, name, ndim=1, shape_doc="(n_samples,)", dtype="bool")
    if both and (y.all() or not y.any()):
        raise ValueError(f"{name} must contain both classes (0 and 1); got only "
                         f"{int(y[0])}s in {len(y)} labels")
    return y


def confusion_counts(y_true: np.ndarray, y_pred: np.ndarray) -> dict[str, int]:
    """True/false positives/negatives; the positive class is 1 (or True).

    Parameters
    ----------
    y_true, y_pred : ndarray of shape (n_samples,) of 0/1 or bool

    Returns
    -------
    dict with ``tp``, ``fp``, ``fn``, ``tn``

    Examples
    --------
    >>> confusion_counts([1, 1, 0, 0], [1, 0, 1, 0])
    {'tp': 1, 'fp': 1, 'fn': 1, 'tn': 1}
    """
    t = _labels(y_true, both=False)
    p = _labels(y_pred, "y_pred", both=False)
    check_same_length(t, "y_true", p, "y_pred")
    tp = int(np.sum(t & p))
    fp = int(np.sum(~t & p))
    fn = int(np.sum(t & ~p))
    return {"tp": tp, "fp": fp, "fn": fn, "tn": len(t) - tp - fp - fn}


def binary_metrics(y_true: np.ndarray, y_pred: np.ndarray) -> dict[str, float]:
    """Accuracy, precision, recall (sensitivity), specificity, F1 and balanced accuracy.

    A ratio with a zero denominator (e.g. precision when nothing is predicted positive) is
    reported as 0.0, scikit-learn's ``zero_division=0`` convention. Balanced accuracy is the
    mean recall over the classes *present in* ``y_true``, as scikit-learn's
    ``balanced_accuracy_score``: usually ``(recall + specificity) / 2``, but when ``y_true``
    holds one class only it is that class's recall (``[1, 1]`` predicted ``[1, 1]`` scores
    1.0, not 0.5 from a specificity over no negatives).

    Examples
    --------
    >>> m = binary_metrics([1, 1, 1, 0, 0], [1, 1, 0, 1, 0])
    >>> {k: round(v, 3) for k, v in m.items()}   # doctest: +NORMALIZE_WHITESPACE
    {'accuracy': 0.6, 'precision': 0.667, 'recall': 0.667, 'specificity': 0.5, 'f1': 0.667,
     'balanced_accuracy': 0.583}
    >>> binary_metrics([1, 1], [1, 1])["balanced_accuracy"]   # one class in y_true
    1.0
    """
    c = confusion_counts(y_true, y_pred)
    tp, fp, fn, tn = c["tp"], c["fp"], c["fn"], c["tn"]

    def ratio(a, b):
        return a / b if b else 0.0

    precision, recall, spec = ratio(tp, tp + fp), ratio(tp, tp + fn), ratio(tn, tn + fp)
    # mean recall over the classes y_true holds (y_true is not empty: at least one)
    present = [r for r, support in ((recall, tp + fn), (spec, tn + fp)) if support]
    return {"accuracy": (tp + tn) / (tp + fp + fn + tn), "precision": precision,
            "recall": recall, "specificity": spec,
            "f1": ratio(2 * tp, 2 * tp + fp + fn),
            "balanced_accuracy": sum(present) / len(present)}


def threshold_counts(y_true: np.ndarray, scores: np.ndarray) -> dict[str, np.ndarray]:
    """Confusion counts at every distinct threshold at once (predict 1 when score >= t).

    Sort the scores once, descending; cumulative sums of the labels give the true positives
    above each cut. Tied scores move together, so only the last index of each run of ties is
    a valid cut. The first entry is the threshold ``+inf`` (nothing predicted positive).

    Returns
    -------
    dict of ndarrays of shape (n_thresholds + 1,): ``thresholds`` (descending), ``tp``, ``fp``,
    ``fn``, ``tn``

    Examples
    --------
    >>> c = threshold_counts([0, 1, 1], [0.1, 0.4, 0.4])
    >>> c["thresholds"].tolist(), c["tp"].tolist(), c["fp"].tolist()
    ([inf, 0.4, 0.1], [0, 2, 2], [0, 0, 1])
    """
    y = _labels(y_true)
    s = check_array(scores, "scores", shape=(len(y),), shape_doc=f"(n_samples,) = ({len(y)},)")
    order = np.argsort(-s, kind="stable")
    s, y = s[order], y[order]
    last = np.r_[np.flatnonzero(np.diff(s) != 0), len(s) - 1]       # end of each tie run
    tp = np.r_[0, np.cumsum(y)[last]]
    fp = np.r_[0, (last + 1) - tp[1:]]
    P, N = int(y.sum()), int(len(y) - y.sum())
    return {"thresholds": np.r_[np.inf, s[last]], "tp": tp, "fp": fp, "fn": P - tp,
            "tn": N - fp}


def roc_curve(y_true: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray,
                                                                   np.ndarray]:
    """ROC curve: false-positive rate and true-positive rate at every distinct threshold.

    Returns
    -------
    fpr, tpr, thresholds : ndarrays of shape (n_thresholds + 1,), from (0, 0) to (1, 1)

    Examples
    --------
    >>> fpr, tpr, _ = roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> fpr.tolist(), tpr.tolist()
    ([0.0, 0.0, 0.5, 0.5, 1.0], [0.0, 0.5, 0.5, 1.0, 1.0])
    """
    c = threshold_counts(y_true, scores)
    return c["fp"] / c["fp"][-1], c["tp"] / c["tp"][-1], c["thresholds"]


def pr_curve(y_true: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray,
                                                                  np.ndarray]:
    """Precision-recall curve at every distinct threshold, highest threshold first.

    The first point (nothing predicted positive) has recall 0 and, by convention, precision 1.

    Returns
    -------
    precision, recall, thresholds : ndarrays of shape (n_thresholds + 1,)

    Examples
    --------
    >>> p, r, _ = pr_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> p.round(3).tolist(), r.tolist()
    ([1.0, 1.0, 0.5, 0.667, 0.5], [0.0, 0.5, 0.5, 1.0, 1.0])
    """
    c = threshold_counts(y_true, scores)
    pred_pos = c["tp"] + c["fp"]
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.where(pred_pos > 0, c["tp"] / np.maximum(pred_pos, 1), 1.0)
    return precision, c["tp"] / c["tp"][-1], c["thresholds"]


def curve_auc(y_true: np.ndarray, scores: np.ndarray, kind: str = "roc") -> float:
    """Area under the ROC curve (trapezoids) or average precision (PR steps).

    ``kind="roc"``: the trapezoid rule on the ROC points, which equals the Mann-Whitney
    probability that a random positive outscores a random negative (ties count 1/2).
    ``kind="ap"``: average precision ``Σ (R_k - R_{k-1}) P_k``, scikit-learn's definition
    (no interpolation between PR points, which would be optimistic).

    Examples
    --------
    >>> curve_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.75
    >>> round(curve_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], kind="ap"), 4)
    0.8333
    """
    if not isinstance(kind, str) or kind not in ("roc", "ap"):
        raise ValueError(f"kind must be 'roc' or 'ap'; got {kind!r}")
    if kind == "roc":
        fpr, tpr, _ = roc_curve(y_true, scores)
        return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))
    p, r, _ = pr_curve(y_true, scores)
    return float(np.sum(np.diff(r) * p[1:]))


def make_imbalanced(n_samples: int, ratio: int = 20, *, separation: float = 1.5,
                    n_features: int = 2, random_state=None) -> tuple[np.ndarray, np.ndarray]:
    """Two Gaussian classes, one positive for every ``ratio`` negatives.

    Negatives ``N(0, I)``, positives ``N(separation · e_1, I)``; the positive count is
    ``round(n_samples / (ratio + 1))`` (at least 1).

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,) of 0/1

    Examples
    --------
    >>> X, y = make_imbalanced(210, 20, random_state=0)
    >>> int(y.sum()), X.shape
    (10, (210, 2))
    """

    n_samples = check_int(n_samples, "n_samples", low=2, high=10_000_000)
    ratio = check_int(ratio, "ratio", low=1, high=10_000)
    separation = check_scalar(separation, "separation", low=0, high=100)
    n_features = check_int(n_features, "n_features", low=1, high=100)
    if n_samples * n_features > 50_000_000:
        raise ValueError("n_samples * n_features must stay below 5e7 (memory)")
    rng = check_rng(random_state)
    n_pos = max(1, round(n_samples / (ratio + 1)))
    y = np.zeros(n_samples, dtype=np.int64)
    y[:n_pos] = 1
    y = rng.permutation(y)
    X = rng.normal(size=(n_samples, n_features))
    X[:, 0] += separation * y
    return X, y


IMBALANCE_STRATEGIES = ("plain", "class weights", "oversample positives",
                        "undersample negatives", "threshold moved")


def imbalance_experiment(ratio: int = 20, *, n_train: int = 2000, n_test: int = 20_000,
                         separation: float = 1.5, random_state=None) -> dict[str, dict]:
    """Logistic regression on imbalanced data with each remedy, scored on a large test set.

    Remedies: none ("plain"); ``class_weight="balanced"``; random oversampling of the
    positives or undersampling of the negatives to 1:1 (``sklearn.utils.resample``); and
    "threshold moved": the plain model with its probability threshold set to the prior
    ``1 / (ratio + 1)`` instead of 0.5. Also reports the always-negative baseline.

    Returns
    -------
    dict strategy -> binary_metrics(...) plus ``average_precision`` and ``roc_auc``

    Examples
    --------
    >>> res = imbalance_experiment(20, n_train=400, n_test=2000, random_state=0)
    >>> res["always negative"]["recall"], res["plain"]["accuracy"] > 0.9
    (0.0, True)
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.utils import resample


    ratio = check_int(ratio, "ratio", low=1, high=10_000)
    n_train = check_int(n_train, "n_train", low=10, high=1_000_000)
    n_test = check_int(n_test, "n_test", low=10, high=10_000_000)
    rng = check_rng(random_state)
    X, y = make_imbalanced(n_train, ratio, separation=separation, random_state=rng)
    Xt, yt = make_imbalanced(n_test, ratio, separation=separation, random_state=rng)
    if y.sum() < 2:
        raise ValueError(f"n_train={n_train} gives fewer than 2 positives at ratio 1:{ratio}")
    pos, neg = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
    seed = int(rng.integers(2**31))
    over = np.r_[neg, resample(pos, n_samples=len(neg), random_state=seed)]
    under = np.r_[pos, resample(neg, n_samples=len(pos), replace=False, random_state=seed)]
    fits = {"plain": (np.arange(len(y)), None), "class weights": (np.arange(len(y)), "balanced"),
            "oversample positives": (over, None), "undersample negatives": (under, None)}
    out = {"always negative": {**binary_metrics(yt, np.zeros_like(yt)),
                               "average_precision": float(yt.mean()), "roc_auc": 0.5}}
    for name, (idx, cw) in fits.items():
        model = LogisticRegression(class_weight=cw).fit(X[idx], y[idx])
        p = model.predict_proba(Xt)[:, 1]
        extra = {"average_precision": curve_auc(yt, p, "ap"), "roc_auc": curve_auc(yt, p)}
        out[name] = {**binary_metrics(yt, p >= 0.5), **extra}
        if name == "plain":
            out["threshold moved"] = {**binary_metrics(yt, p >= 1 / (ratio + 1)), **extra}
    return out
