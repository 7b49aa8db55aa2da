"""Freivalds' check of a matrix product: Monte Carlo with one-sided error.

Part of :mod:`course_lib.montecarlo` (notebook ``09_monte_carlo``).

Exactness: "False is always right" holds only if the arithmetic itself is exact.

* Integer (and boolean) inputs are compared exactly. Every partial sum in ``A (B r)`` is
  bounded by ``max_i sum_j |A_ij| * max_j sum_l |B_jl|`` and every one in ``C r`` by
  ``max_i sum_l |C_il|`` (``r`` is 0/1). Below 2**53 float64 (fast BLAS) holds all of them
  exactly, whatever the summation order; below 2**62 int64 cannot overflow; beyond that the
  products are formed with Python integers (exact at any size, slower; refused beyond about
  5e7 multiplications). float64 would be wrong here: above 2**53 it rounds, and a
  correct product of entries in [-2**24, 2**24) with n = 64 was once rejected that way.
* Float inputs are compared with a tolerance relative to each entry's own magnitude,
  ``|A| (|B| r) + |C| r``, which bounds the rounding error of both sides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..validation import check_array, check_int, check_rng, check_scalar

__all__ = ["freivalds", "freivalds_error_rate", "freivalds_round"]

#: float64 is exact while every intermediate |sum| is provably below this.
SAFE_FLOAT = 2.0**53
#: int64 is used while every intermediate |sum| is provably below this (2**63 would overflow).
SAFE_INT = 2.0**62
#: Most entries of the random 0/1 matrix R (p x rounds): 5e7 entries are 400 MB as int64.
MAX_R_ENTRIES = 5 * 10**7
#: Most multiplications on the exact Python-integer path (about 20 s of Python).
MAX_OBJECT_MULTIPLICATIONS = 5 * 10**7


@dataclass
class _Operands:
    A: np.ndarray
    B: np.ndarray
    C: np.ndarray
    exact: bool           # integers: compare exactly
    python_ints: bool     # int64 might overflow: use Python integers
    small: bool = False   # every partial sum below 2**53: float64 BLAS is exact and fast


def _integer_matrix(M: Any, name: str, shape_doc: str) -> np.ndarray:
    raw = np.asarray(M)
    if raw.dtype.kind == "u" and raw.size and raw.max() > np.iinfo(np.int64).max:
        raise ValueError(f"{name} has entries above 2**63 - 1, which int64 cannot hold; pass "
                         f"them as signed integers or floats")
    return check_array(raw, name, ndim=2, shape_doc=shape_doc, dtype="int")


def _check_product(A: Any, B: Any, C: Any) -> _Operands:
    """Validate A, B, C; integer data stay integers (int64) so they compare exactly."""
    docs = {"A": "(n, m)", "B": "(m, p)", "C": "(n, p)"}
    mats = {}
    for name, M in zip("ABC", (A, B, C), strict=True):
        mats[name] = check_array(M, name, ndim=2, shape_doc=docs[name])  # errors first
    A_, B_, C_ = mats["A"], mats["B"], mats["C"]
    if A_.shape[1] != B_.shape[0]:
        raise ValueError(f"A and B must be compatible for A @ B: A has {A_.shape[1]} columns "
                         f"but B has {B_.shape[0]} rows (shapes {A_.shape} and {B_.shape})")
    if C_.shape != (A_.shape[0], B_.shape[1]):
        raise ValueError(f"C must have the shape of A @ B, {(A_.shape[0], B_.shape[1])}; "
                         f"got shape {C_.shape}")
    exact = all(np.asarray(M).dtype.kind in "biu" for M in (A, B, C))
    if not exact:
        return _Operands(A_, B_, C_, False, False)
    A_, B_, C_ = (_integer_matrix(M, name, docs[name]) for name, M in zip("ABC", (A, B, C),
                                                                         strict=True))

    def max_row_sum(M: np.ndarray) -> float:  # in float64: |int64 min| would overflow
        return float(np.abs(M.astype(np.float64)).sum(axis=1).max())

    lhs_bound = max_row_sum(A_) * max_row_sum(B_)
    rhs_bound = max_row_sum(C_)
    python_ints = not (lhs_bound < SAFE_INT and rhs_bound < SAFE_INT)
    small = lhs_bound < SAFE_FLOAT and rhs_bound < SAFE_FLOAT
    if small:
        A_, B_, C_ = (M.astype(np.float64) for M in (A_, B_, C_))
    return _Operands(A_, B_, C_, True, python_ints, small)


def _check_rtol(rtol: Any, P: _Operands) -> float:
    if rtol is None:
        return 4.0 * (P.A.shape[1] + P.B.shape[1]) * float(np.finfo(float).eps)
    return check_scalar(rtol, "rtol", low=0)


def _check_vectors(count: Any, name: str, P: _Operands) -> int:
    """Number of random vectors, capped before R (p x count) is allocated."""
    count = check_int(count, name, low=1)
    p = P.C.shape[1]
    if p * count > MAX_R_ENTRIES:
        raise ValueError(f"{name} must be at most {MAX_R_ENTRIES // p:,} for p = {p} columns "
                         f"(the random 0/1 vectors take p * {name} entries, at most "
                         f"{MAX_R_ENTRIES:.0e}); got {count:,}")
    if P.python_ints:
        n, m = P.A.shape
        mults = (m * p + n * m + n * p) * count
        if mults > MAX_OBJECT_MULTIPLICATIONS:
            raise ValueError(f"these integers are too large for exact int64 arithmetic, and the "
                             f"exact Python-integer check would take {mults:.1e} "
                             f"multiplications (limit {MAX_OBJECT_MULTIPLICATIONS:.0e}); "
                             f"use fewer rounds ({name}={count:,}) or smaller matrices")
    return count


def _agree(P: _Operands, R: np.ndarray, rtol: float) -> np.ndarray:
    """For each column r of the 0/1 matrix R: does A (B r) equal C r?"""
    if P.exact:
        if P.python_ints:  # exact at any size
            A, B, C, Ro = (M.astype(object) for M in (P.A, P.B, P.C, R))
            return np.all(A @ (B @ Ro) == C @ Ro, axis=0)
        R = R.astype(np.float64 if P.small else np.int64)
        return np.all(P.A @ (P.B @ R) == P.C @ R, axis=0)  # exact: bounds checked
    R = R.astype(np.float64)
    with np.errstate(over="ignore", invalid="ignore"):  # overflow is reported just below
        lhs = P.A @ (P.B @ R)
        rhs = P.C @ R
        # rounding error of both sides is below rtol times the magnitudes summed in each entry
        scale = np.abs(P.A) @ (np.abs(P.B) @ R) + np.abs(P.C) @ R
    if not (np.all(np.isfinite(lhs)) and np.all(np.isfinite(rhs))
            and np.all(np.isfinite(scale))):
        raise ValueError("A, B and C are too large: the products overflow float64; scale them "
                         "down (the check is invariant to scaling A and C together)")
    return np.all(np.abs(lhs - rhs) <= rtol * scale, axis=0)


def freivalds_round(A: Any, B: Any, C: Any, r: Any, *, rtol: float | None = None) -> bool:
    """One round of Freivalds' check with a given 0/1 vector ``r``: is ``A (B r) == C r``?

    Costs three matrix–vector products instead of a matrix product. If ``C == A B`` the
    answer is always True; if not, a random ``r`` exposes the difference (answer False) with
    probability at least 1/2. This is the exercise ``check.freivalds_round``.

    Parameters
    ----------
    A : array-like of shape (n, m)
    B : array-like of shape (m, p)
    C : array-like of shape (n, p)
        The claimed product.
    r : array-like of shape (p,)
        A vector of 0s and 1s.
    rtol : float, optional
        Only for float data: tolerance for rounding, relative to each entry's magnitude
        ``|A| (|B| r) + |C| r``; default ``4 (m + p)`` machine epsilons, above the worst-case
        rounding error of the two products. Integer data compare exactly (see the module).

    Returns
    -------
    bool

    Examples
    --------
    >>> A, B = [[1, 2], [3, 4]], [[5, 6], [7, 8]]
    >>> freivalds_round(A, B, [[19, 22], [43, 50]], [1, 0])
    True
    >>> freivalds_round(A, B, [[19, 22], [43, 51]], [0, 1])
    False
    """
    P = _check_product(A, B, C)
    r = check_array(r, "r", ndim=1, shape=(P.C.shape[1],), shape_doc=f"({P.C.shape[1]},)")
    if not np.isin(r, (0.0, 1.0)).all():
        raise ValueError(f"r must contain only 0s and 1s; got values {np.unique(r)[:5].tolist()}")
    rtol = _check_rtol(rtol, P)
    return bool(_agree(P, r.astype(np.int64)[:, None], rtol)[0])


def freivalds(A: Any, B: Any, C: Any, k: int = 20, random_state: Any = None, *,
              rtol: float | None = None) -> bool:
    """Freivalds' Monte Carlo check that ``C == A @ B``, repeated ``k`` times.

    Returns False only when a round found a witness, so False is always right (``C`` is
    wrong). True can be wrong, with probability at most ``2**-k``. Cost: ``O(k n^2)``
    instead of the ``O(n^3)`` of recomputing the product.

    Parameters
    ----------
    A : array-like of shape (n, m)
    B : array-like of shape (m, p)
    C : array-like of shape (n, p)
    k : int
        Number of independent rounds.
    random_state : None, int or numpy.random.Generator
    rtol : float, optional
        Only for float data: tolerance for rounding, relative to each entry's magnitude
        ``|A| (|B| r) + |C| r``; default ``4 (m + p)`` machine epsilons, above the worst-case
        rounding error of the two products. Integer data compare exactly (see the module).

    Returns
    -------
    bool

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> A, B = rng.integers(-5, 5, (50, 50)), rng.integers(-5, 5, (50, 50))
    >>> C = A @ B
    >>> freivalds(A, B, C, k=10, random_state=1)
    True
    >>> C[3, 7] += 1
    >>> freivalds(A, B, C, k=10, random_state=1)
    False
    """
    P = _check_product(A, B, C)
    k = _check_vectors(k, "k", P)
    rng = check_rng(random_state)
    rtol = _check_rtol(rtol, P)
    R = rng.integers(0, 2, size=(P.C.shape[1], k))
    return bool(_agree(P, R, rtol).all())


def freivalds_error_rate(A: Any, B: Any, C: Any, k: int, n_trials: int,
                         random_state: Any = None, *, rtol: float | None = None) -> float:
    """Fraction of ``n_trials`` independent ``k``-round checks that answer True.

    For a wrong ``C`` this is the error rate (a false "equal"), at most ``2**-k``; for the
    right ``C`` it is 1. All ``k * n_trials`` random vectors are checked in one product.

    Parameters
    ----------
    A, B, C : array-like
        As in :func:`freivalds`.
    k : int
    n_trials : int
    random_state : None, int or numpy.random.Generator
    rtol : float, optional
        As in :func:`freivalds`.

    Returns
    -------
    float

    Examples
    --------
    >>> A = np.eye(3)
    >>> C = np.eye(3); C[0, 2] = 1.0          # wrong in one entry: caught with prob. 1/2
    >>> rate = freivalds_error_rate(A, np.eye(3), C, k=1, n_trials=4000, random_state=0)
    >>> abs(rate - 0.5) < 5 * (0.25 / 4000) ** 0.5
    True
    """
    P = _check_product(A, B, C)
    k = check_int(k, "k", low=1)
    n_trials = check_int(n_trials, "n_trials", low=1)
    _check_vectors(k * n_trials, "k * n_trials", P)
    rng = check_rng(random_state)
    rtol = _check_rtol(rtol, P)
    R = rng.integers(0, 2, size=(P.C.shape[1], k * n_trials))
    passed = _agree(P, R, rtol).reshape(n_trials, k)
    return float(passed.all(axis=1).mean())

