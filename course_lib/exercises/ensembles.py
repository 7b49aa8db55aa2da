"""Lesson 11d exercises: the out-of-bag fraction of a bootstrap sample; the Gini of a split.

Both work on plain integer arrays: the row indices a bootstrap drew, and the class labels on
either side of a candidate split.
"""

from __future__ import annotations

import numpy as np

from .core import Exercise, Mistake, register

LESSON = "11d_trees_and_generative_models"


# --- oob_fraction -----------------------------------------------------------------------------
def _oob_case(rng: np.random.Generator) -> dict:
    n = int(rng.integers(4, 30))
    m = n if rng.uniform() < 0.5 else int(rng.integers(2, 40))   # sometimes max_samples != n
    return {"indices": rng.integers(n, size=m), "n_samples": n}


def oob_fraction_reference(indices, n_samples):
    """Fraction of the rows 0..n_samples-1 that the bootstrap sample ``indices`` never drew."""
    return 1.0 - len(np.unique(indices)) / n_samples


def _oob_solution(indices, n_samples):
    drawn = np.zeros(n_samples, dtype=bool)
    drawn[indices] = True          # a row drawn twice is still just "drawn"
    return float(np.mean(~drawn))  # out of bag: never drawn, as a fraction of all rows


register(Exercise(
    name="oob_fraction",
    lesson=LESSON,
    reference=oob_fraction_reference,
    make_case=_oob_case,
    solution=_oob_solution,
    n_cases=60,
    hints=(
        "A row is out of bag if its index never appears in `indices`. Mark the drawn rows in a "
        "boolean array of length n_samples (or use np.unique).",
        "Divide by n_samples, the number of rows, not by the size of the sample.",
    ),
    mistakes=(
        Mistake(lambda indices, n_samples: 1 - 1 / np.e,
                "1 − 1/e ≈ 0.632 is the limit of the *in*-bag fraction (and 1/e ≈ 0.368 the "
                "out-of-bag one) for large n; count the rows of this sample instead."),
        Mistake(lambda indices, n_samples: float(np.mean(
            np.bincount(indices, minlength=n_samples) == 1)),
                "that counts rows drawn exactly once; out of bag means drawn zero times."),
        Mistake(lambda indices, n_samples: 1.0 - len(np.unique(indices)) / len(indices),
                "divided by the size of the sample; the fraction is of the n_samples rows."),
        Mistake(lambda indices, n_samples: len(np.unique(indices)) / n_samples,
                "that is the in-bag fraction (rows drawn at least once); take 1 minus it."),
    ),
))


# --- gini_of_split ----------------------------------------------------------------------------
def _gini_case(rng: np.random.Generator) -> dict:
    k = int(rng.integers(2, 4))
    return {"y_left": rng.integers(k, size=int(rng.integers(1, 10))),
            "y_right": rng.integers(k, size=int(rng.integers(1, 10)))}


def _gini(y):
    p = np.bincount(y) / len(y)
    return 1.0 - np.sum(p**2)


def gini_of_split_reference(y_left, y_right):
    """Size-weighted Gini impurity of the two children of a split (what a tree minimises)."""
    n_l, n_r = len(y_left), len(y_right)
    return (n_l * _gini(y_left) + n_r * _gini(y_right)) / (n_l + n_r)


def _gini_solution(y_left, y_right):
    def gini(y):
        p = np.bincount(y) / len(y)    # class proportions in this child
        return 1.0 - np.sum(p**2)      # chance two random picks have different classes
    n = len(y_left) + len(y_right)
    return len(y_left) / n * gini(y_left) + len(y_right) / n * gini(y_right)


def _entropy(y):
    p = np.bincount(y) / len(y)
    p = p[p > 0]
    return float(-np.sum(p * np.log2(p)))


register(Exercise(
    name="gini_of_split",
    lesson=LESSON,
    reference=gini_of_split_reference,
    make_case=_gini_case,
    solution=_gini_solution,
    n_cases=60,
    hints=(
        "The Gini impurity of one node with class proportions p_k is 1 − Σ p_k² "
        "(np.bincount(y) / len(y) gives the p_k).",
        "Weight each child by its share of the points: (n_left·G_left + n_right·G_right) / n.",
    ),
    mistakes=(
        Mistake(lambda y_left, y_right: (_gini(y_left) + _gini(y_right)) / 2,
                "plain average of the two children; weight each by its number of points, or a "
                "split that isolates one point looks as good as a balanced one."),
        Mistake(lambda y_left, y_right: (len(y_left) * _entropy(y_left)
                                         + len(y_right) * _entropy(y_right))
                / (len(y_left) + len(y_right)),
                "that is the weighted *entropy* (−Σ p log p); Gini is 1 − Σ p²."),
        Mistake(lambda y_left, y_right: len(y_left) * _gini(y_left)
                + len(y_right) * _gini(y_right),
                "weighted by counts but not divided by the total number of points."),
    ),
))
