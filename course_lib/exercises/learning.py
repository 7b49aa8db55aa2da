"""Lesson 04 exercises: the normal equation with a bias, precision/recall/F1, k-fold splits."""

from __future__ import annotations

import numpy as np

from .. import learning as ref
from .core import Exercise, Mistake, default_compare, register

LESSON = "04_learning_from_data"
LESSON_B = "04b_validation_and_evaluation"  # where the metric and k-fold exercises are


# --- normal_equation_fit ------------------------------------------------------------------------
def _ne_case(rng: np.random.Generator) -> dict:
    n, d = int(rng.integers(5, 30)), int(rng.integers(1, 4))
    X = rng.normal(size=(n, d)).round(2) + rng.normal(0, 2, size=d).round(1)  # not centred
    y = X @ rng.normal(size=d) + rng.normal(0, 3) + 0.1 * rng.normal(size=n)
    return {"X": X, "y": y.round(3)}


def _ne_reference(X, y):
    w, b = ref.normal_equation(X, y)
    return np.append(w, b)


def _ne_solution(X, y):
    A = np.column_stack([X, np.ones(len(X))])      # the bias is the weight of a column of 1s
    return np.linalg.solve(A.T @ A, A.T @ y)       # (AᵀA) θ = Aᵀy, solved, never inverted


def _ne_no_bias(X, y):
    return np.append(np.linalg.solve(X.T @ X, X.T @ y), 0.0)


def _ne_bias_first(X, y):
    A = np.column_stack([np.ones(len(X)), X])
    return np.linalg.solve(A.T @ A, A.T @ y)


def _ne_half(X, y):
    A = np.column_stack([X, np.ones(len(X))])
    return np.linalg.solve(A.T @ A, 0.5 * A.T @ y)  # the seed's dropped factor of 2


register(Exercise(
    name="normal_equation_fit",
    lesson=LESSON,
    reference=_ne_reference,
    make_case=_ne_case,
    solution=_ne_solution,
    hints=(
        "Append a column of ones to X, so the bias is one more weight: A = [X, 1].",
        "The gradient of |Aθ - y|² is 2 Aᵀ(Aθ - y); setting it to zero gives AᵀA θ = Aᵀy.",
        "Use np.linalg.solve(A.T @ A, A.T @ y); return (w_1, ..., w_d, b), the bias last.",
    ),
    mistakes=(
        Mistake(_ne_no_bias, "the bias is missing: append a column of ones to X before "
                             "solving (an affine model, not a linear one through the origin)."),
        Mistake(_ne_bias_first, "the bias must come last in the returned vector (w_1..w_d, b): "
                                "append the column of ones at the end."),
        Mistake(_ne_half, "a factor of 2 went missing: the gradient is 2 Aᵀ(Aθ - y), both "
                          "terms carry the 2, so AᵀA θ = Aᵀy exactly."),
    ),
))


# --- precision_recall_f1 -----------------------------------------------------------------------
#: The convention for a ratio whose denominator is 0, as the hints and the solution state it.
ZERO_DIVISION = ("when a ratio's denominator is 0, that ratio is 0: precision = 0 when nothing "
                 "is predicted positive (tp + fp = 0), recall = 0 when y_true has no positives "
                 "(tp + fn = 0), F1 = 0 when precision + recall = 0 (scikit-learn's "
                 "zero_division=0)")


def _prf_case(rng: np.random.Generator) -> dict:
    n = int(rng.integers(8, 40))
    y_true = rng.integers(0, 2, n)
    y_true[:2] = [0, 1]
    flip = rng.random(n) < rng.uniform(0.1, 0.5)
    y_pred = np.where(flip, 1 - y_true, y_true)
    y_pred[2] = 1  # at least one predicted positive
    # about one case in four has a zero denominator: nothing predicted positive (precision
    # 0/0), no positives in y_true (recall 0/0), or both
    kind = rng.random()
    if kind < 0.1:
        y_pred[:] = 0
    elif kind < 0.2:
        y_true[:] = 0
    elif kind < 0.25:
        y_true[:], y_pred[:] = 0, 0
    return {"y_true": y_true, "y_pred": y_pred}


def _prf_reference(y_true, y_pred):
    m = ref.binary_metrics(y_true, y_pred)  # zero_division=0, tested against scikit-learn
    return np.array([m["precision"], m["recall"], m["f1"]])


def _prf_solution(y_true, y_pred):
    """A ratio whose denominator is 0 is 0 (scikit-learn's zero_division=0): precision when
    nothing is predicted positive, recall when y_true has no positives, F1 when both are."""
    t, p = np.asarray(y_true) == 1, np.asarray(y_pred) == 1
    tp, fp, fn = np.sum(t & p), np.sum(~t & p), np.sum(t & ~p)
    precision = tp / (tp + fp) if tp + fp else 0.0  # of the predicted positives, how many are right
    recall = tp / (tp + fn) if tp + fn else 0.0     # of the real positives, how many are found
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return np.array([precision, recall, f1])


def _prf_compare(expected, got):
    """As the default comparison, and a NaN in the answer is named with the convention."""
    reason = default_compare(expected, got)
    if reason == "the values differ" and np.isnan(np.asarray(got, dtype=float)).any():
        return ("your answer holds NaN: a denominator is 0 on this input (a 0/0), and "
                + ZERO_DIVISION)
    return reason


def _prf_nan(y_true, y_pred):
    t, p = np.asarray(y_true) == 1, np.asarray(y_pred) == 1
    tp, fp, fn = np.sum(t & p), np.sum(~t & p), np.sum(t & ~p)
    with np.errstate(divide="ignore", invalid="ignore"):
        precision, recall = tp / (tp + fp), tp / (tp + fn)
        f1 = 2 * precision * recall / (precision + recall)
    return np.array([precision, recall, f1])


def _prf_swapped(y_true, y_pred):
    return _prf_solution(y_true, y_pred)[[1, 0, 2]]


def _prf_negative_class(y_true, y_pred):
    return _prf_solution(1 - np.asarray(y_true), 1 - np.asarray(y_pred))


def _prf_arith(y_true, y_pred):
    p, r, _ = _prf_solution(y_true, y_pred)
    return np.array([p, r, (p + r) / 2])


register(Exercise(
    name="precision_recall_f1",
    lesson=LESSON_B,
    reference=_prf_reference,
    make_case=_prf_case,
    solution=_prf_solution,
    compare=_prf_compare,
    hints=(
        "Count tp (true 1, predicted 1), fp (true 0, predicted 1) and fn (true 1, predicted 0).",
        "precision = tp / (tp + fp); recall = tp / (tp + fn); and " + ZERO_DIVISION + ".",
        "F1 is the harmonic mean 2PR / (P + R), not the arithmetic mean; return [P, R, F1].",
    ),
    mistakes=(
        Mistake(_prf_nan, "plain divisions, tp / (tp + fp) and tp / (tp + fn), give NaN "
                          "when the denominator is 0: test it and return 0 instead."),
        Mistake(_prf_swapped, "precision and recall are swapped: precision divides by the "
                              "predicted positives (tp + fp), recall by the real ones (tp + fn)."),
        Mistake(_prf_negative_class, "you scored the negative class: the positive class is 1."),
        Mistake(_prf_arith, "F1 is the harmonic mean 2PR / (P + R), not (P + R) / 2."),
    ),
))


# --- kfold_indices --------------------------------------------------------------------------------
def _kf_case(rng: np.random.Generator) -> dict:
    k = int(rng.integers(2, 6))
    return {"n_samples": int(rng.integers(k, 4 * k + 7)), "k": k}


def _kf_reference(n_samples, k):
    from sklearn.model_selection import KFold

    masks = np.zeros((k, n_samples), dtype=bool)
    for i, (_, test) in enumerate(KFold(k).split(np.zeros(n_samples))):
        masks[i, test] = True
    return masks


def _kf_solution(n_samples, k):
    sizes = np.full(k, n_samples // k)
    sizes[: n_samples % k] += 1          # the first n % k folds get one extra sample
    stops = np.cumsum(sizes)
    starts = stops - sizes
    idx = np.arange(n_samples)
    return (idx >= starts[:, None]) & (idx < stops[:, None])   # row i: fold i's test samples


def _kf_masks(n_samples, k, bounds):
    masks = np.zeros((k, n_samples), dtype=bool)
    for i, (a, b) in enumerate(bounds):
        masks[i, a:b] = True
    return masks


def _kf_drop_last(n_samples, k):
    size = n_samples // k
    return _kf_masks(n_samples, k, [(i * size, (i + 1) * size) for i in range(k - 1)])


def _kf_overlap(n_samples, k):
    size = -(-n_samples // k)
    return _kf_masks(n_samples, k, [(i * size, (i + 1) * size + 1) for i in range(k)])


def _kf_remainder_last(n_samples, k):
    size = n_samples // k
    return _kf_masks(n_samples, k, [(i * size, (i + 1) * size if i < k - 1 else n_samples)
                                    for i in range(k)])


register(Exercise(
    name="kfold_indices",
    lesson=LESSON_B,
    reference=_kf_reference,
    make_case=_kf_case,
    solution=_kf_solution,
    hints=(
        "Return a boolean array of shape (k, n_samples): row i marks the test samples of "
        "fold i. Contiguous blocks in order, no shuffling.",
        "Every sample is in exactly one fold (each column has exactly one True) and fold sizes "
        "differ by at most one, the larger folds first (as sklearn's KFold does).",
        "sizes = n // k everywhere, plus 1 for the first n % k folds; the fold boundaries are "
        "the cumulative sums of the sizes.",
    ),
    mistakes=(
        Mistake(_kf_drop_last, "the last fold is missing (and its samples are never tested): "
                               "all k rows must be used, every sample in one of them."),
        Mistake(_kf_overlap, "neighbouring folds overlap: a sample is in two test folds (an "
                             "off-by-one in the slice end). Each column must hold one True."),
        Mistake(_kf_remainder_last, "the leftover samples all went to the last fold: spread "
                                    "them, one each, over the first n % k folds."),
    ),
))
