"""What one unit, one hidden layer and small circuits can compute: the LP test,
exhaustive counts, Shannon's counting argument and balanced-tree depth.

Part of :mod:`course_lib.boolean` (lesson ``02_boolean_networks``).
"""

from __future__ import annotations

import functools
import itertools
import math
from fractions import Fraction
from typing import Any

import numpy as np

from ..units import separating_unit
from ..validation import check_array, check_choice, check_int, check_scalar
from .tables import check_truth_table, truth_table_inputs


# --- linear separability --------------------------------------------------------------------
def find_threshold_unit(y: Any) -> tuple[np.ndarray, float] | None:
    """A single threshold unit computing ``y``, or ``None`` if there is none.

    Linear programming feasibility: find ``w, b`` with ``w·x + b >= 1`` on true rows and
    ``w·x + b <= -1`` on false rows (any strict separation of finitely many points can be
    rescaled to a margin of 1). Infeasible means *no* line/hyperplane separates them: a
    proof, not a failed search. The LP is :func:`course_lib.units.separating_unit`.

    Parameters
    ----------
    y : array of shape (2**n,), n <= 12

    Returns
    -------
    (w, b) or None

    Examples
    --------
    >>> find_threshold_unit([0, 0, 0, 1]) is not None       # AND
    True
    >>> find_threshold_unit([0, 1, 1, 0]) is None           # XOR
    True
    """
    y, n = check_truth_table(y, max_n=12)
    return separating_unit(truth_table_inputs(n), y)


def count_threshold_functions(n: int) -> int:
    """How many of the ``2**(2**n)`` functions of n inputs one threshold unit computes.

    Exhaustive: one LP per function, so n <= 3 (256 LPs). Known values: 4, 14, 104 for
    n = 1, 2, 3 (and 1882 for n = 4).

    Examples
    --------
    >>> count_threshold_functions(2)
    14
    """
    n = check_int(n, "n", low=1, high=3)
    return len(_threshold_tables(n))


@functools.lru_cache(maxsize=4)
def _threshold_tables(n: int) -> tuple[int, ...]:
    out = []
    for code in range(2 ** (2**n)):
        y = _code_to_table(code, n)
        if find_threshold_unit(y) is not None:
            out.append(code)
    return tuple(out)


def _code_to_table(code: int, n: int) -> np.ndarray:
    """Function number ``code``: bit i of the code is the output on row i."""
    return ((code >> np.arange(2**n)) & 1).astype(bool)


def one_hidden_layer_functions(n: int, width: int) -> np.ndarray:
    """All functions of ``n`` inputs computed by one hidden layer of ``width`` threshold units
    and a threshold output unit (exhaustive; n <= 3, width <= 2).

    Each hidden unit computes some threshold function h_j; the output is a threshold function
    of the hidden code (h_1(x), ..., h_w(x)). The set is enumerated over all choices.

    Returns
    -------
    codes : sorted int array
        Function numbers: bit i of a code is the output on row i.

    Examples
    --------
    >>> codes = one_hidden_layer_functions(2, 1)
    >>> len(codes), 0b0110 in codes        # XOR (rows 01 and 10 true) is not reachable
    (14, False)
    """
    n = check_int(n, "n", low=1, high=3)
    width = check_int(width, "width", low=1, high=2)
    hidden = np.array([_code_to_table(c, n) for c in _threshold_tables(n)], dtype=np.int64)
    outs = np.array([_code_to_table(c, width) for c in _threshold_tables(width)], dtype=bool)
    weights = 1 << np.arange(2**n, dtype=np.int64)
    found: set[int] = set()
    for combo in itertools.product(range(len(hidden)), repeat=width):
        code = sum(hidden[c] << j for j, c in enumerate(combo))  # hidden code on each row
        tables = outs[:, code]  # (n_outputs, 2**n)
        found.update((tables.astype(np.int64) @ weights).tolist())
    return np.array(sorted(found), dtype=np.int64)


# --- Shannon's counting argument -------------------------------------------------------------
def n_functions(n: int) -> int:
    """Number of Boolean functions of n inputs, ``2**(2**n)`` (exact Python int).

    Examples
    --------
    >>> n_functions(3)
    256
    """
    n = check_int(n, "n", low=0, high=20)
    return 2 ** (2**n)


def circuit_count_bound(n: int, s: int) -> int:
    """Upper bound on how many functions of n inputs circuits of at most ``s`` gates compute.

    Gates have two inputs and any of the 16 two-input functions (fan-in 2, any depth). Write
    a circuit with exactly ``s`` gates (pad a smaller one with extra gates) as a list: each
    gate picks its function (16 ways) and its two inputs among the n + s nodes; one of the
    n + s nodes is the output. That gives at most ``(n + s) * (16 (n + s)^2)^s`` lists. A
    circuit without two identical gates (a smallest circuit never has them, and the padding
    can avoid them) appears in ``s!`` lists, one per numbering of its gates, so::

        #functions with <= s gates  <=  (n + s) * (16 (n + s)^2)^s / s!

    (Shannon's argument; the exact Python integer is returned, rounded down.)

    Examples
    --------
    >>> circuit_count_bound(2, 1)        # 3 outputs x 16 gate types x 3^2 input choices
    432
    """
    n = check_int(n, "n", low=1, high=20)
    s = check_int(s, "s", low=0, high=100_000)
    return (n + s) * (16 * (n + s) ** 2) ** s // math.factorial(s)


def fraction_needing_more_gates(n: int, s: int) -> float:
    """A proven lower bound on the fraction of n-input functions that need more than ``s``
    gates: ``1 - circuit_count_bound(n, s) / 2**(2**n)`` (0 when the bound says nothing).

    Examples
    --------
    >>> round(fraction_needing_more_gates(6, 5), 4)      # at least 99.99 % need 6 or more
    0.9999
    """
    bound = circuit_count_bound(n, s)
    total = n_functions(n)
    return float(max(Fraction(0), 1 - Fraction(bound, total)))


def shannon_gate_bound(n: int, fraction: float = 0.99) -> int:
    """Largest s such that at least ``fraction`` of all n-input functions provably need more
    than s gates (by :func:`fraction_needing_more_gates`). Compare with ``2**n / n``.

    Examples
    --------
    >>> shannon_gate_bound(6)
    5
    """
    n = check_int(n, "n", low=1, high=20)
    fraction = check_scalar(fraction, "fraction", low=0, high=1, include_low=False,
                            include_high=False)
    total = n_functions(n)
    limit = Fraction(1) - Fraction(fraction).limit_denominator(10**9)
    s = 0
    while Fraction(circuit_count_bound(n, s + 1), total) <= limit:
        s += 1
    if Fraction(circuit_count_bound(n, 0), total) > limit:
        return -1
    return s


# --- depth of balanced evaluation --------------------------------------------------------------
def tree_reduce(values: Any, op: str = "mul") -> tuple[float, int]:
    """Combine values pairwise, level by level, as a balanced circuit of fan-in-2 gates.

    Returns the result and the depth (number of levels), ``ceil(log2 len(values))``: e.g. the
    degree-n monomial ``x_1 x_2 ... x_n`` in depth ceil(log2 n).

    Parameters
    ----------
    values : 1-D array of numbers
    op : {"mul", "add", "xor"}

    Examples
    --------
    >>> tree_reduce([2.0, 3.0, 4.0, 5.0, 6.0], "mul")
    (720.0, 3)
    """
    v = check_array(values, "values", ndim=1, dtype="float")
    op = check_choice(op, "op", ["mul", "add", "xor"])
    f = {"mul": np.multiply, "add": np.add,
         "xor": lambda a, b: np.logical_xor(a, b).astype(float)}[op]
    depth = 0
    while len(v) > 1:
        half = len(v) // 2
        paired = f(v[:half * 2:2], v[1:half * 2:2])
        v = np.concatenate([paired, v[half * 2:]])
        depth += 1
    return float(v[0]), depth
