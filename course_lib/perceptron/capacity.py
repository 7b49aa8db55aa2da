"""What one unit can do: linear separability by linear programming, every labelling counted,
Cover's formula.

Part of :mod:`course_lib.perceptron` (lesson ``01_perceptron``).
"""

from __future__ import annotations

import numpy as np

from ..units import bit_patterns, separating_unit
from ..validation import check_array, check_binary_labels, check_int


# --- what one unit can do: separability by linear programming ---------------------------------
def is_linearly_separable(X: np.ndarray, y: np.ndarray) -> bool:
    """Whether one threshold unit puts the two classes strictly on either side
    (:func:`separating_unit` finds one). A labelling with one class only counts as separable.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
        At most two distinct labels.

    Examples
    --------
    >>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    >>> is_linearly_separable(X, [0, 0, 0, 1]), is_linearly_separable(X, ["a", "b", "b", "a"])
    (True, False)
    """
    X = check_array(X, "X", ndim=2, shape_doc="(n_samples, n_features)")
    y = np.asarray(y)
    if y.shape != (len(X),):
        raise ValueError(f"y must have shape (n_samples,) = ({len(X)},); got shape {y.shape}")
    if len(np.unique(y)) == 1:
        return True
    _, t = check_binary_labels(y, "y")
    return separating_unit(X, t > 0) is not None


def count_separable_labelings(X: np.ndarray) -> int:
    """Count, by trying all ``2**n`` labelings, how many a single threshold unit can realise.

    Exponential on purpose: it shows why "try every subset" is hopeless. ``n <= 14``.

    Examples
    --------
    >>> count_separable_labelings(np.array([[0, 0], [0, 1], [1, 0], [1, 1]]))  # all but XOR, XNOR
    14
    """
    X = check_array(X, "X", ndim=2, shape_doc="(n_samples, n_features)")
    n = check_int(len(X), "len(X)", low=1, high=14)
    labels = bit_patterns(n, msb_first=False, dtype=bool)  # one labelling per row
    # one class only counts as separable; the LP decides the rest
    return int(sum(not row.any() or row.all() or separating_unit(X, row) is not None
                   for row in labels))


#: Largest ``n_samples`` for :func:`cover_count` (a loop of up to n exact big-integer steps).
MAX_COVER_N = 100_000


def cover_count(n_samples: int, n_features: int) -> int:
    """Cover's count of labelings of ``n`` points in general position in ``R^d`` that a unit
    with a bias realises: ``2 * sum_{k=0}^{d} C(n - 1, k)``.

    With ``d >= n - 1`` every labelling is realised and the answer is ``2**n``, so the sum
    never runs past ``n - 1`` terms however large ``d`` is.

    Parameters
    ----------
    n_samples : int
        1 <= n <= ``MAX_COVER_N`` (the answer is an exact integer of up to n bits).
    n_features : int
        d >= 1.

    Examples
    --------
    >>> cover_count(4, 2), 2**4
    (14, 16)
    >>> cover_count(4, 10**9)
    16
    """
    n = check_int(n_samples, "n_samples", low=1, high=MAX_COVER_N)
    d = check_int(n_features, "n_features", low=1)
    total, term = 0, 1                      # term = C(n - 1, k), updated in place
    for k in range(min(d, n - 1) + 1):
        total += term
        term = term * (n - 1 - k) // (k + 1)
    return 2 * total
