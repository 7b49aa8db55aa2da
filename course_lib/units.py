"""Building blocks that every lesson uses and no lesson owns.

Threshold and sigmoid units, the bias trick, the one linear-programming separability test,
the table of all 2^n bit patterns and squared Euclidean distances. numpy and scipy only (no
scikit-learn, no torch), so a core that needs a unit imports in a fraction of a second.
Lesson ``01_perceptron`` introduces most of these; :mod:`course_lib.perceptron` re-exports them.
"""

from __future__ import annotations

import numpy as np

from .validation import check_array, check_bool, check_int, check_scalar, describe

__all__ = ["MAX_BIT_PATTERNS_N", "add_bias", "bit_patterns", "separating_unit", "sigmoid",
           "sq_distances", "step"]

#: Largest n for a table of all 2^n bit patterns: 2^24 rows x 24 columns of uint8 is 400 MB.
MAX_BIT_PATTERNS_N = 24


def add_bias(X: np.ndarray, value: float = 1.0) -> np.ndarray:
    """Append a constant column so the bias becomes the last weight.

    Parameters
    ----------
    X : ndarray of shape (..., n_features)
    value : float
        The constant (1 by default).

    Returns
    -------
    ndarray of shape (..., n_features + 1)

    Examples
    --------
    >>> add_bias(np.array([[2.0, 3.0]])).tolist()
    [[2.0, 3.0, 1.0]]
    """
    X = check_array(X, "X", ndim=(1, 2, 3))
    value = check_scalar(value, "value")
    return np.concatenate([X, np.full((*X.shape[:-1], 1), value)], axis=-1)


def step(z: np.ndarray) -> np.ndarray:
    """Heaviside step ``[z >= 0]`` as floats (0.0 or 1.0).

    Examples
    --------
    >>> step(np.array([-1.0, 0.0, 2.0])).tolist()
    [0.0, 1.0, 1.0]
    """
    return (_z_limits(z) >= 0).astype(np.float64)


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic function ``1 / (1 + exp(-z))``, without overflow for large ``|z|``.

    Examples
    --------
    >>> sigmoid(np.array([-np.inf, -1000.0, 0.0, 1000.0, np.inf])).tolist()
    [0.0, 0.0, 0.5, 1.0, 1.0]
    """
    return _logistic(_z_limits(z))


def _z_limits(z: np.ndarray) -> np.ndarray:
    """``z`` checked, with +-inf allowed (the units have limits there); NaN never is."""
    z = check_array(z, "z", allow_empty=True, finite=False)
    if np.isnan(z).any():
        raise ValueError(f"z must not contain NaN; got {int(np.isnan(z).sum())} NaN value(s) "
                         f"(first at index {tuple(int(i) for i in np.argwhere(np.isnan(z))[0])})")
    return z


def _logistic(z: np.ndarray) -> np.ndarray:
    """Logistic function of a checked array, exact limits 0 and 1 at -inf and +inf."""
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out




def separating_unit(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float] | None:
    """A threshold unit ``(w, b)`` with ``w·x + b >= 1`` where ``y`` is true and ``<= -1``
    where it is false, or ``None`` if there is none.

    A linear-programming feasibility problem (scipy's HiGHS): any strict separation of
    finitely many points can be rescaled to a margin of 1, so *infeasible* is a proof that no
    hyperplane separates the two sets, not a failed search.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
        0/1 or bool: which side each point must be on.

    Returns
    -------
    (w, b) with w of shape (n_features,), or None

    Examples
    --------
    >>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    >>> separating_unit(X, [0, 1, 1, 0]) is None          # XOR: no line
    True
    >>> w, b = separating_unit(X, [0, 0, 0, 1])           # AND
    >>> step(X @ w + b).tolist()
    [0.0, 0.0, 0.0, 1.0]
    """
    from scipy.optimize import linprog

    X = check_array(X, "X", ndim=2, shape_doc="(n_samples, n_features)")
    y = check_array(y, "y", shape=(len(X),), shape_doc=f"(n_samples,) = ({len(X)},)",
                    dtype="bool")
    s = np.where(y, 1.0, -1.0)
    A = -s[:, None] * add_bias(X)  # variables (w, b); constraint -s (w·x + b) <= -1
    res = linprog(np.zeros(A.shape[1]), A_ub=A, b_ub=-np.ones(len(s)),
                  bounds=[(None, None)] * A.shape[1], method="highs")
    if res.status == 2:
        return None
    if res.status != 0:  # pragma: no cover - numerical trouble, not an answer
        raise RuntimeError(f"the LP solver failed: {res.message}")
    return res.x[:-1], float(res.x[-1])


def bit_patterns(n: int, *, msb_first: bool = True, dtype: object = np.uint8) -> np.ndarray:
    """All 2^n rows of n bits, in counting order: row ``i`` holds the binary digits of ``i``.

    Parameters
    ----------
    n : int
        Number of bits, 0 <= n <= 24 (2^24 rows of 24 bytes is 400 MB).
    msb_first : bool
        Column 0 is the most significant bit (truth-table order, the default) or the least
        significant one.
    dtype : numpy dtype
        dtype of the result (uint8 by default).

    Returns
    -------
    ndarray of shape (2**n, n)

    Examples
    --------
    >>> bit_patterns(2).tolist()
    [[0, 0], [0, 1], [1, 0], [1, 1]]
    >>> bit_patterns(2, msb_first=False)[1].tolist()
    [1, 0]
    """
    n = check_int(n, "n", low=0, high=MAX_BIT_PATTERNS_N)
    msb_first = check_bool(msb_first, "msb_first")
    try:
        dtype = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"dtype must be a numpy dtype such as np.uint8, bool or float; "
                        f"got {describe(dtype)}") from None
    shifts = np.arange(n - 1, -1, -1) if msb_first else np.arange(n)
    return ((np.arange(2**n, dtype=np.int64)[:, None] >> shifts) & 1).astype(dtype)


def sq_distances(A: np.ndarray, B: np.ndarray | None = None) -> np.ndarray:
    """Squared Euclidean distances between the rows of ``A`` and the rows of ``B``.

    scipy's ``cdist(A, B, "sqeuclidean")``; ``B`` defaults to ``A`` (all pairs).

    Parameters
    ----------
    A : ndarray of shape (n_a, n_features)
    B : ndarray of shape (n_b, n_features), optional

    Returns
    -------
    ndarray of shape (n_a, n_b)

    Examples
    --------
    >>> sq_distances(np.array([[0.0, 0.0], [3.0, 4.0]])).tolist()
    [[0.0, 25.0], [25.0, 0.0]]
    """
    from scipy.spatial.distance import cdist

    A = check_array(A, "A", ndim=2, shape_doc="(n_a, n_features)")
    if B is None:
        B = A
    else:
        B = check_array(B, "B", ndim=2, shape=(None, A.shape[1]),
                        shape_doc=f"(n_b, n_features) = (n_b, {A.shape[1]})")
    return cdist(A, B, "sqeuclidean")
