"""Counting how often each integer occurs (a histogram of integers), four ways.

Used in ``notebooks/11c_algorithms_at_scale.ipynb`` (interview question N36, "a kernel that
computes the frequencies of numbers in an array").

* ``"loop"``: one Python step per value - the sequential definition.
* ``"add_at"``: ``np.add.at(counts, x, 1)``, an unbuffered scatter-add. It is the numpy
  analogue of a GPU kernel in which every thread does ``atomicAdd(&counts[x[i]], 1)``:
  correct when many values hit the same bin, because each add is applied separately.
* ``"sort"``: sort, then the count of value ``v`` is the distance between the first position
  of ``v`` and of ``v + 1`` (``np.searchsorted``): no scatter at all, so no conflicting writes.
* ``"bincount"``: ``np.bincount``, a compiled loop over the values (the reference).

A plain ``counts[x] += 1`` is *not* one of them: with repeated values numpy's buffered
fancy-index add counts each distinct value once (the "lost update" of a racy GPU kernel).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .validation import check_array, check_choice, check_int

__all__ = ["MAX_BINS", "MAX_LOOP_VALUES", "METHODS", "histogram"]

#: Most bins (the counts array: 80 MB of int64).
MAX_BINS = 10_000_000
#: Most values for the pure-Python loop (about a second).
MAX_LOOP_VALUES = 5_000_000
METHODS = ("bincount", "loop", "add_at", "sort", "fancy_index_bug")


def histogram(x: Any, n_bins: int | None = None, *, method: str = "bincount") -> np.ndarray:
    """How often each integer ``0 .. n_bins - 1`` occurs in ``x``.

    Parameters
    ----------
    x : ndarray of shape (n_values,)
        Non-negative integers.
    n_bins : int, optional
        Number of bins; every value must be below it. Default: ``x.max() + 1``.
    method : {"bincount", "loop", "add_at", "sort", "fancy_index_bug"}
        How to count (see the module's docstring). ``"fancy_index_bug"`` is the wrong
        ``counts[x] += 1``, kept to show what it gets wrong.

    Returns
    -------
    counts : ndarray of shape (n_bins,), dtype int64

    Examples
    --------
    >>> histogram([3, 1, 3, 0, 3], method="sort").tolist()
    [1, 1, 0, 3]
    >>> histogram([3, 1, 3, 0, 3], method="fancy_index_bug").tolist()
    [1, 1, 0, 1]
    """
    x = check_array(x, "x", ndim=1, shape_doc="(n_values,)", dtype="int")
    method = check_choice(method, "method", METHODS)
    if x.min() < 0:
        raise ValueError(f"x must hold non-negative integers (bin indices); got minimum "
                         f"{int(x.min())}")
    top = int(x.max())
    if n_bins is None:
        if top >= MAX_BINS:
            raise ValueError(f"x's largest value must be below {MAX_BINS:,} (the counts "
                             f"array would take {8 * (top + 1):,} bytes); got {top:,}")
        n_bins = top + 1
    else:
        n_bins = check_int(n_bins, "n_bins", low=1, high=MAX_BINS)
        if top >= n_bins:
            raise ValueError(f"n_bins must be larger than every value of x; got n_bins = "
                             f"{n_bins} and a value {top}")
    if method == "bincount":
        return np.bincount(x, minlength=n_bins).astype(np.int64)
    if method == "loop":
        if len(x) > MAX_LOOP_VALUES:
            raise ValueError(f"x must have at most {MAX_LOOP_VALUES:,} values for the "
                             f"pure-Python loop (about a second); got {len(x):,}")
        counts = [0] * n_bins
        for v in x.tolist():
            counts[v] += 1
        return np.array(counts, dtype=np.int64)
    counts = np.zeros(n_bins, dtype=np.int64)
    if method == "add_at":
        np.add.at(counts, x, 1)
    elif method == "fancy_index_bug":
        counts[x] += 1            # buffered: a repeated index is written once, not added up
    else:  # "sort"
        ordered = np.sort(x)
        starts = np.searchsorted(ordered, np.arange(n_bins + 1), side="left")
        counts[:] = np.diff(starts)
    return counts
