"""Synthesis: the DNF network of a truth table and its minimisation (Quine–McCluskey,
minimum cover, Karnaugh maps).

Part of :mod:`course_lib.boolean` (lesson ``02_boolean_networks``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..validation import check_array, check_int, describe
from .tables import (
    MAX_EXACT_N,
    MAX_QM_N,
    MAX_TABLE_N,
    _bits,
    check_truth_table,
    truth_table_inputs,
)


# --- synthesis: DNF and Quine–McCluskey ------------------------------------------------------
def terms_network(terms: Any, n: int | None = None) -> list[tuple[np.ndarray, np.ndarray]]:
    """One-hidden-layer network of a sum of products: an AND unit per term, an OR output.

    Parameters
    ----------
    terms : int array of shape (n_terms, n)
        1 = plain literal, 0 = negated literal, -1 = variable absent.
    n : int, optional
        Number of inputs; needed when ``terms`` is empty (the constant-false function),
        otherwise it must equal the number of columns of ``terms``.

    Returns
    -------
    layers : [(W1, b1), (W2, b2)]
        ``W1`` of shape (n, n_terms), ``W2`` of shape (n_terms, 1).

    Examples
    --------
    >>> from course_lib.boolean import evaluate_all
    >>> net = terms_network(np.array([[1, -1], [-1, 1]]))    # x0 | x1
    >>> evaluate_all(net, 2)[:, 0].astype(int).tolist()
    [0, 1, 1, 1]
    """
    T = _check_terms(terms, n)
    W1 = np.where(T == 1, 1.0, np.where(T == 0, -1.0, 0.0)).T
    b1 = -(T == 1).sum(axis=1).astype(float)  # AND: all plain literals on, no negated one
    return [(W1, b1), (np.ones((T.shape[0], 1)), np.array([-1.0]))]


def _check_terms(terms: Any, n: int | None = None) -> np.ndarray:
    T = check_array(terms, "terms", ndim=2, dtype="int", allow_empty=True,
                    shape_doc="(n_terms, n)")
    if n is not None:
        n = check_int(n, "n", low=1, high=MAX_TABLE_N)
    if T.size == 0 and T.shape[1] == 0:
        if n is None:
            raise ValueError("terms is empty: pass n, the number of inputs")
        T = np.zeros((0, n), dtype=np.int64)
    if n is not None and T.shape[1] != n:
        raise ValueError(f"terms must have n = {n} columns (one per input); got shape "
                         f"{T.shape}")
    if T.shape[1] == 0:
        raise ValueError("terms must have at least one column (one per variable)")
    if not np.isin(T, (-1, 0, 1)).all():
        raise ValueError(f"terms must contain only 1 (plain), 0 (negated) and -1 (absent); "
                         f"got values {np.unique(T)[:6].tolist()}")
    return T.astype(np.int8)


def dnf_network(y: Any) -> list[tuple[np.ndarray, np.ndarray]]:
    """Canonical DNF network of a truth table: one hidden AND unit per true row, an OR output.

    Hidden unit for a true row ``r``: weight +1 on the inputs that are 1 in ``r``, -1 on those
    that are 0, bias ``-(number of ones in r)``; it fires on ``r`` and on no other row.

    Parameters
    ----------
    y : array of shape (2**n,) with 0/1 or bool values

    Returns
    -------
    layers : [(W1, b1), (W2, b2)], ``W1`` of shape (n, n_true_rows)

    Examples
    --------
    >>> from course_lib.boolean import evaluate_all, network_counts
    >>> net = dnf_network([0, 1, 1, 0])
    >>> network_counts(net).units, evaluate_all(net, 2)[:, 0].astype(int).tolist()
    (3, [0, 1, 1, 0])
    """
    y, n = check_truth_table(y, max_n=MAX_TABLE_N)
    rows = _bits(np.flatnonzero(y), n)
    return terms_network(rows.astype(np.int8), n)


def terms_table(terms: Any, n: int | None = None) -> np.ndarray:
    """Truth table of a sum of products (see :func:`terms_network` for ``terms``).

    Examples
    --------
    >>> terms_table(np.array([[1, 0]])).astype(int).tolist()       # x0 & ~x1
    [0, 0, 1, 0]
    """
    T = _check_terms(terms, n)
    X = truth_table_inputs(T.shape[1]).astype(np.int8)
    if T.shape[0] == 0:
        return np.zeros(X.shape[0], dtype=bool)
    match = (T[None, :, :] == -1) | (X[:, None, :] == T[None, :, :])
    return match.all(axis=2).any(axis=1)


def prime_implicants(y: Any) -> np.ndarray:
    """Prime implicants of a truth table by Quine–McCluskey.

    Start from the true rows; repeatedly merge two terms that differ in exactly one
    variable (that variable becomes "absent"); the terms that never merge are the primes.

    Parameters
    ----------
    y : array of shape (2**n,), n <= ``MAX_QM_N``

    Returns
    -------
    terms : int8 array of shape (n_primes, n)
        Sorted by number of literals, then lexicographically.

    Examples
    --------
    >>> from course_lib.boolean import table_from_formula
    >>> prime_implicants(table_from_formula("A&B | A&~B | ~A&B")).tolist()
    [[-1, 1], [1, -1]]
    """
    y, n = check_truth_table(y, max_n=MAX_QM_N)
    current = {(int(v), 0) for v in np.flatnonzero(y)}  # (value bits, don't-care mask)
    primes: set[tuple[int, int]] = set()
    while current:
        merged: set[tuple[int, int]] = set()
        used: set[tuple[int, int]] = set()
        by_mask: dict[int, dict[int, list[int]]] = {}
        for v, m in current:
            by_mask.setdefault(m, {}).setdefault(v.bit_count(), []).append(v)
        for m, groups in by_mask.items():
            for ones, values in groups.items():
                partners = set(groups.get(ones + 1, ()))
                for v in values:
                    for bit in range(n):
                        flag = 1 << bit
                        if not (m & flag) and not (v & flag) and (v | flag) in partners:
                            merged.add((v, m | flag))
                            used.add((v, m))
                            used.add((v | flag, m))
        primes |= current - used
        current = merged
    return _pairs_to_terms(primes, n)


def _pairs_to_terms(pairs: Any, n: int) -> np.ndarray:
    rows = []
    for v, m in pairs:
        row = [-1 if (m >> (n - 1 - j)) & 1 else (v >> (n - 1 - j)) & 1 for j in range(n)]
        rows.append(row)
    T = np.array(rows, dtype=np.int8).reshape(-1, n)
    if len(T):
        order = sorted(range(len(T)), key=lambda i: (int((T[i] >= 0).sum()), T[i].tolist()))
        T = T[order]
    return T


def _cover_matrix(terms: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    minterms = np.flatnonzero(y)
    X = _bits(minterms, terms.shape[1]).astype(np.int8)
    covers = ((terms[None, :, :] == -1) | (X[:, None, :] == terms[None, :, :])).all(axis=2)
    return covers, minterms  # covers[i, p]: term p covers true row minterms[i]


def minimum_cover(terms: Any, y: Any, *, exact: bool | None = None) -> np.ndarray:
    """Choose the fewest terms that together cover every true row of ``y``.

    Essential terms (the only ones covering some row) are taken first. The rest is a set
    cover problem, NP-hard in general: with ``exact=True`` it is solved exactly as a 0/1
    integer program (``scipy.optimize.milp``; ties broken by fewer literals); with
    ``exact=False`` greedily (most uncovered rows first), which can use a few terms too many.
    Default: exact for n <= ``MAX_EXACT_N``, greedy above.

    Parameters
    ----------
    terms : int array of shape (n_terms, n)
        Candidate implicants, e.g. from :func:`prime_implicants`.
    y : array of shape (2**n,)
    exact : bool, optional

    Returns
    -------
    terms : int8 array of shape (n_chosen, n)

    Examples
    --------
    >>> from course_lib.boolean import table_from_formula
    >>> y = table_from_formula("A&B | ~A&~B | A&~B")
    >>> format_terms(minimum_cover(prime_implicants(y), y), ["A", "B"])
    '~B | A'
    """
    y, n = check_truth_table(y, max_n=MAX_QM_N)
    T = _check_terms(terms, n)
    if T.shape[1] != n:
        raise ValueError(f"terms must have {n} columns (y has 2**{n} rows); got shape {T.shape}")
    if exact is None:
        exact = n <= MAX_EXACT_N
    elif not isinstance(exact, (bool, np.bool_)):
        raise TypeError(f"exact must be True, False or None; got {describe(exact)}")
    if not y.any():
        return T[:0]
    covers, minterms = _cover_matrix(T, y)
    implied = terms_table(T, n)
    if (implied & ~y).any():
        bad = int(np.flatnonzero(implied & ~y)[0])
        raise ValueError(f"terms must be implicants of y; some term is true on row {bad}, "
                         f"where y is false")
    if not covers.any(axis=1).all():
        row = int(minterms[~covers.any(axis=1)][0])
        raise ValueError(f"terms do not cover true row {row} of y")
    chosen = np.zeros(len(T), dtype=bool)
    only = covers.sum(axis=1) == 1
    chosen[np.nonzero(covers[only])[1]] = True  # essential terms
    left = ~covers[:, chosen].any(axis=1)
    if left.any():
        sub = covers[left]
        cand = np.flatnonzero(sub.any(axis=0) & ~chosen)
        if exact:
            chosen[cand[_exact_cover(sub[:, cand], (T[cand] >= 0).sum(axis=1))]] = True
        else:
            remaining = left.copy()
            while remaining.any():
                gain = covers[remaining].sum(axis=0)
                gain[chosen] = -1
                lits = (T >= 0).sum(axis=1)
                best = int(np.lexsort((lits, -gain))[0])
                chosen[best] = True
                remaining &= ~covers[:, best]
    return T[chosen]


def _exact_cover(covers: np.ndarray, literals: np.ndarray) -> np.ndarray:
    from scipy.optimize import Bounds, LinearConstraint, milp

    p = covers.shape[1]
    # cost 1 per term; literals add less than 1 in total, so they only break ties
    cost = 1.0 + literals / (literals.sum() + 1.0)
    res = milp(cost, constraints=LinearConstraint(covers.astype(float), lb=1.0),
               integrality=np.ones(p), bounds=Bounds(0, 1),
               options={"mip_rel_gap": 0.0})
    if res.status != 0:  # pragma: no cover - a feasible cover always exists here
        raise RuntimeError(f"the exact cover failed: {res.message}")
    return np.round(res.x).astype(bool)


def minimise(y: Any, *, exact: bool | None = None) -> np.ndarray:
    """A minimum sum of products of a truth table: QM prime implicants + minimum cover.

    Exact (fewest terms, then fewest literals) for n <= ``MAX_EXACT_N`` by default. For
    ``MAX_EXACT_N < n <= MAX_QM_N`` the cover is greedy unless ``exact=True`` (which can take
    long: set cover is NP-hard and the number of primes grows quickly); above ``MAX_QM_N``
    prime generation itself is refused.

    Returns
    -------
    terms : int8 array of shape (n_terms, n)

    Examples
    --------
    >>> from course_lib.boolean import table_from_formula
    >>> y = table_from_formula("~Y&~Z | ~W&X&~Y | ~X&Y&~Z")
    >>> format_terms(minimise(y), ["W", "X", "Y", "Z"])
    '~Y&~Z | ~X&~Z | ~W&X&~Y'
    """
    return minimum_cover(prime_implicants(y), y, exact=exact)


def format_terms(terms: Any, variables: Sequence[str] | None = None) -> str:
    """A sum of products as a formula string (``"0"`` if empty, ``"1"`` for the empty term).

    Examples
    --------
    >>> format_terms(np.array([[1, -1, 0], [0, 0, -1]]))
    'x0&~x2 | ~x0&~x1'
    """
    if variables is not None:
        if isinstance(variables, str) or not isinstance(variables, Sequence) or not all(
                isinstance(v, str) for v in variables):
            raise TypeError(f"variables must be a list of names such as ['W', 'X']; got "
                            f"{describe(variables)}")
        if len(variables) == 0:
            raise ValueError("variables must name at least one variable; got an empty list")
    T = _check_terms(terms, None if variables is None or np.size(terms) else len(variables))
    names = list(variables) if variables is not None else [f"x{j}" for j in range(T.shape[1])]
    if len(names) != T.shape[1]:
        raise ValueError(f"variables must name the {T.shape[1]} columns of terms; got "
                         f"{len(names)} names")
    if T.shape[0] == 0:
        return "0"
    parts = []
    for row in T:
        lits = [("" if v == 1 else "~") + names[j] for j, v in enumerate(row) if v >= 0]
        parts.append("&".join(lits) if lits else "1")
    return " | ".join(parts)


def karnaugh_grid(y: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Arrange a truth table (n = 2, 3 or 4) as a Karnaugh map.

    Rows are indexed by the first ``n // 2`` variables, columns by the rest, both in Gray-code
    order (neighbours differ in one bit, also across the wrap-around), so that an implicant is
    a rectangle of 1, 2, 4... cells.

    Returns
    -------
    grid : bool array of shape (2**(n//2), 2**(n - n//2))
    row_codes, col_codes : int arrays
        The Gray codes of the rows and columns (the bits of their variables).

    Examples
    --------
    >>> from course_lib.boolean import table_from_formula
    >>> grid, rows, cols = karnaugh_grid(table_from_formula("A ^ B ^ C"))
    >>> cols.tolist(), grid.astype(int).tolist()
    ([0, 1, 3, 2], [[0, 1, 0, 1], [1, 0, 1, 0]])
    """
    y, n = check_truth_table(y, max_n=4)
    if n < 2:
        raise ValueError(f"a Karnaugh map needs 2 to 4 variables; y has {n}")
    r, c = n // 2, n - n // 2
    gray = lambda k: np.array([i ^ (i >> 1) for i in range(2**k)])  # noqa: E731
    rows, cols = gray(r), gray(c)
    grid = y[(rows[:, None] << c) | cols[None, :]]
    return grid, rows, cols
