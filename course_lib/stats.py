"""The standard error of a mean, for the lessons' comparisons over seeds and data sets.

Base layer (numpy only, owned by no lesson): every experiment that prints "mean ± SE" over
seeds, data sets or paired differences computes the SE here, so that it is one formula,
the sample standard deviation (``ddof=1``) over the square root of the count, checked against
``scipy.stats.sem`` in ``tests/test_stats.py``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .validation import check_array, check_int, describe

__all__ = ["mean_se", "standard_error"]


def standard_error(x: Any, axis: int = -1) -> np.ndarray | float:
    """Standard error of the mean of ``x`` along ``axis``: ``std(ddof=1) / sqrt(n)``.

    Parameters
    ----------
    x : array_like
        At least two values along ``axis``.
    axis : int

    Returns
    -------
    float or ndarray
        A float for 1-D input, else an array without ``axis``.

    Examples
    --------
    >>> float(standard_error([1.0, 2.0, 3.0, 4.0]))
    0.6454972243679028
    """
    if np.ndim(x) == 0:
        raise TypeError(f"x must be an array of values; got {describe(x)}")
    arr = check_array(x, "x").astype(float, copy=False)
    axis = check_int(axis, "axis", low=-arr.ndim, high=arr.ndim - 1)
    n = arr.shape[axis]
    if n < 2:
        raise ValueError(f"x must hold at least two values along axis {axis} for a standard "
                         f"error; got {n}")
    se = arr.std(axis=axis, ddof=1) / np.sqrt(n)
    return float(se) if np.ndim(se) == 0 else se


def mean_se(x: Any, axis: int = -1) -> tuple[Any, Any]:
    """The mean of ``x`` along ``axis`` and its standard error (:func:`standard_error`).

    Examples
    --------
    >>> mean_se([0.9, 0.8, 0.85])
    (0.85, 0.02886751345948128)
    """
    se = standard_error(x, axis)
    m = np.asarray(x, dtype=float).mean(axis=axis)  # x passed standard_error's checks
    return (float(m) if np.ndim(m) == 0 else m), se
