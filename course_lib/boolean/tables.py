"""Truth tables: input rows in counting order, output columns, size limits.

Part of :mod:`course_lib.boolean` (lesson ``02_boolean_networks``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..units import bit_patterns
from ..validation import check_array, check_callable, check_int, describe

#: Largest n for which a full input table ``(2**n, n)`` is built in memory (20 MiB as uint8).
MAX_TABLE_N = 20
#: Largest n for :func:`evaluate_all` (the output column alone is 2**n bytes).
MAX_EVAL_N = 28
#: Largest n for Quine–McCluskey (the number of prime implicants can grow like 3^n / n).
MAX_QM_N = 12
#: Largest n for which :func:`minimise` finds a minimum cover by default (exactly).
MAX_EXACT_N = 8


# --- truth tables ---------------------------------------------------------------------------
def _bits(idx: np.ndarray, n: int) -> np.ndarray:
    shifts = np.arange(n - 1, -1, -1, dtype=np.int64)
    return ((idx[:, None] >> shifts) & 1).astype(np.uint8)


def truth_table_inputs(n: int) -> np.ndarray:
    """All ``2**n`` input rows of a truth table, in counting order.

    Parameters
    ----------
    n : int
        Number of inputs, 0 <= n <= ``MAX_TABLE_N`` (beyond, the table would not be
        "compact": use :func:`evaluate_all`, which makes the rows chunk by chunk).

    Returns
    -------
    X : ndarray of shape (2**n, n), dtype uint8
        ``X[i, j]`` is bit ``n - 1 - j`` of ``i`` (the first variable is the most significant).

    Examples
    --------
    >>> truth_table_inputs(2).tolist()
    [[0, 0], [0, 1], [1, 0], [1, 1]]
    """
    n = check_int(n, "n", low=0)
    if n > MAX_TABLE_N:  # checked before any work: no 2**n is formed for a huge n
        raise ValueError(f"n must be at most {MAX_TABLE_N} for a full input table (2**n rows "
                         f"x n columns; at n = {MAX_TABLE_N} that is already 20 MiB); got {n}. "
                         f"evaluate_all works chunk by chunk up to n = {MAX_EVAL_N}")
    return bit_patterns(n)


def check_truth_table(y: Any, name: str = "y", *, max_n: int = MAX_EVAL_N) -> tuple[np.ndarray,
                                                                                      int]:
    """Validate an output column; return it as bool and its number of inputs ``n``.

    Examples
    --------
    >>> y, n = check_truth_table([0, 1, 1, 0])
    >>> y.tolist(), n
    ([False, True, True, False], 2)
    >>> check_truth_table([0, 1, 1])
    Traceback (most recent call last):
    ...
    ValueError: y must have a power-of-two length 2**n (one output per input row); got length 3
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str (the argument's name in messages); got "
                        f"{describe(name)}")
    max_n = check_int(max_n, "max_n", low=1, high=MAX_EVAL_N)
    arr = check_array(y, name, ndim=1, shape_doc="(2**n,)", dtype="bool")
    size = arr.shape[0]
    if size & (size - 1):
        raise ValueError(f"{name} must have a power-of-two length 2**n (one output per input "
                         f"row); got length {size}")
    n = size.bit_length() - 1
    if n == 0:
        raise ValueError(f"{name} must have at least 2 rows (a function of at least one input); "
                         "got 1")
    if n > max_n:
        raise ValueError(f"{name} has 2**{n} rows; at most 2**{max_n} are supported here")
    return arr, n


def table_from_function(f: Callable[..., Any], n: int) -> np.ndarray:
    """Truth table of a Python function of ``n`` Boolean arguments.

    ``f`` is first called once with ``n`` integer arrays of 0/1 (one column per argument, all
    rows at once: ``lambda a, b: a ^ b`` works that way). If that fails (``a and b`` cannot
    take arrays), ``f`` is called once per row with Python bools. Both ways the arguments
    behave like Python's ``True``/``False`` (the integers 1/0), so write ``not a`` or
    ``1 - a`` for negation: ``~True`` is ``-2``, which counts as true.

    Parameters
    ----------
    f : callable
        ``f(x_1, ..., x_n)`` returning something truthy or falsy.
    n : int
        Number of arguments, 1 <= n <= 16 (the per-row fallback is a Python loop).

    Returns
    -------
    y : ndarray of shape (2**n,), dtype bool

    Examples
    --------
    >>> table_from_function(lambda a, b: a and not b, 2).tolist()
    [False, False, True, False]
    >>> table_from_function(lambda a, b, c: a + b + c == 2, 3).astype(int).tolist()
    [0, 0, 0, 1, 0, 1, 1, 0]
    """
    f = check_callable(f, "f")
    n = check_int(n, "n", low=1, high=16)
    X = truth_table_inputs(n).astype(np.int64)
    try:
        with np.errstate(all="ignore"):
            out = np.asarray(f(*X.T))
        if out.dtype == object or out.size not in (1, 2**n):
            raise TypeError
        y = np.broadcast_to(out, (2**n,)).astype(bool)
    except Exception:  # any failure of the vectorised call: go row by row
        try:
            y = np.array([bool(f(*(bool(v) for v in row))) for row in X])
        except TypeError as exc:
            raise TypeError(f"f must accept {n} Boolean arguments; calling it failed with "
                            f"{type(exc).__name__}: {exc}") from None
    return y
