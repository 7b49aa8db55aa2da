"""Lesson 11c exercise: one k-means (Lloyd) step."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import kmeans as ref
from .core import Exercise, Mistake, default_compare, register

LESSON = "11c_algorithms_at_scale"


def _case(rng: np.random.Generator) -> dict:
    n, k = int(rng.integers(5, 13)), int(rng.integers(2, 5))
    X = rng.normal(size=(n, 2)).round(3)
    centres = rng.normal(size=(k, 2)).round(3)
    if rng.uniform() < 0.4:                      # a centre far away: its cluster stays empty
        centres[-1] = [8.0, -8.0]
    return {"X": X, "centres": centres}


def _compare(expected: Any, got: Any) -> str | None:
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        return "expected a pair (new_centres, labels); return new_centres, labels"
    reason = default_compare(expected[0], got[0])
    if reason is not None:
        return f"new_centres: {reason}"
    labels = np.asarray(got[1])
    if labels.shape != expected[1].shape or not np.array_equal(labels, expected[1]):
        return "labels: the values differ"
    return None


def _solution(X, centres):
    d2 = ((X[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)  # (n_samples, k)
    labels = d2.argmin(axis=1)                                       # nearest centre
    new = centres.copy()                                             # empty: stay put
    for j in range(len(centres)):
        members = X[labels == j]
        if len(members):
            new[j] = members.mean(axis=0)
    return new, labels


def _mean_update(X, centres, labels):
    new = centres.copy()
    for j in range(len(centres)):
        if (labels == j).any():
            new[j] = X[labels == j].mean(axis=0)
    return new


def _l1(X, centres):
    labels = np.abs(X[:, None, :] - centres[None]).sum(axis=2).argmin(axis=1)
    return _mean_update(X, centres, labels), labels


def _empty_to_origin(X, centres):
    labels = ((X[:, None, :] - centres[None]) ** 2).sum(axis=2).argmin(axis=1)
    counts = np.bincount(labels, minlength=len(centres))
    sums = np.array([X[labels == j].sum(axis=0) for j in range(len(centres))])
    return sums / np.maximum(counts, 1)[:, None], labels


def _labels_of_new_centres(X, centres):
    new, _ = _solution(X, centres)
    return new, ((X[:, None, :] - new[None]) ** 2).sum(axis=2).argmin(axis=1)


register(Exercise(
    name="kmeans_step",
    lesson=LESSON,
    reference=ref.kmeans_step,
    make_case=_case,
    solution=_solution,
    compare=_compare,
    n_cases=60,
    hints=(
        "Squared distances of every sample to every centre in one go: "
        "((X[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2) has shape (n_samples, k); "
        "argmin over axis 1 gives the labels.",
        "New centre j is the mean of the samples labelled j. If no sample has label j, keep "
        "the old centre j (the mean of nothing is undefined).",
        "Return the labels used for the update (nearest to the *old* centres), then the pair "
        "new_centres, labels.",
    ),
    mistakes=(
        Mistake(_l1, "the samples were assigned by L1 (Manhattan) distance; k-means uses "
                     "squared Euclidean distance, the one whose minimiser is the mean."),
        Mistake(_empty_to_origin, "an empty cluster's centre moved to the origin (a sum of "
                                  "nothing divided by max(count, 1)); keep its old centre."),
        Mistake(_labels_of_new_centres, "the labels returned are those of the *new* centres; "
                                        "return the assignment the means were computed "
                                        "from (nearest to the old centres)."),
    ),
))
