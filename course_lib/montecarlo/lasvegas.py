"""Las Vegas algorithms: always right, random cost (part of :mod:`course_lib.montecarlo`).

* :func:`randomized_quicksort` counts its comparisons; :func:`quicksort_comparisons`
  simulates the count for many trials at once; :func:`adversarial_input` defeats a *fixed*
  seed. One comparison is counted per non-pivot element per partition step (a three-way
  comparison with the pivot counts once).
* A budget turns Las Vegas into Monte Carlo (:func:`sort_within_budget`, bounded by
  Markov's inequality: :func:`markov_bound`, :func:`markov_budget`).
* An exact checker turns Monte Carlo into Las Vegas: :func:`central_pivot` guesses a random
  element and *verifies* in O(n) that it splits the array well, retrying until it does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..validation import check_array, check_int, check_rng, check_scalar, describe
from .sampling import _check_size

__all__ = [
    "BudgetResult",
    "PivotResult",
    "adversarial_input",
    "central_pivot",
    "expected_quicksort_comparisons",
    "is_central",
    "markov_bound",
    "markov_budget",
    "quicksort_comparisons",
    "randomized_quicksort",
    "sort_within_budget",
]

#: Most part-sizes :func:`quicksort_comparisons` keeps at once (n * n_trials): 8 bytes each.
MAX_SIMULATED_KEYS = 5 * 10**7


# --- Las Vegas: randomised quicksort ----------------------------------------------------------
def randomized_quicksort(a: Any, random_state: Any = None, *,
                         budget: int | None = None) -> tuple[np.ndarray | None, int]:
    """Sort with random pivots and count the comparisons (a Las Vegas algorithm).

    Each step picks a pivot uniformly from the current part and splits it three ways
    (smaller, equal, larger); the equal block is finished, the other two are sorted the same
    way. The output is always sorted; only the number of comparisons is random, about
    ``2 n ln n`` on average for distinct keys (:func:`expected_quicksort_comparisons`).

    Parameters
    ----------
    a : array-like of shape (n,)
        Numbers to sort (duplicates and empty arrays are fine).
    random_state : None, int or numpy.random.Generator
    budget : int, optional
        Stop, returning ``None``, as soon as a partition step would take the count of
        comparisons above ``budget`` (see :func:`sort_within_budget`).

    Returns
    -------
    sorted : ndarray of shape (n,) or None
        ``None`` only when the budget ran out.
    n_comparisons : int
        Comparisons made (when stopped: those made before stopping).

    Examples
    --------
    >>> out, count = randomized_quicksort([3, 1, 2, 3, 0], random_state=0)
    >>> out.tolist(), count
    ([0.0, 1.0, 2.0, 3.0, 3.0], 8)
    """
    x = check_array(a, "a", ndim=1, shape_doc="(n,)", allow_empty=True, copy=True)
    rng = check_rng(random_state)
    if budget is not None:
        budget = check_int(budget, "budget", low=0)
    out = np.empty_like(x)
    comparisons = 0
    stack = [(0, x)]  # (where the part starts in the output, the part)
    while stack:
        start, part = stack.pop()
        m = len(part)
        if m == 0:
            continue
        if m == 1:
            out[start] = part[0]
            continue
        if budget is not None and comparisons + m - 1 > budget:
            return None, comparisons
        pivot = part[rng.integers(m)]
        comparisons += m - 1
        less = part[part < pivot]
        n_equal = int(np.count_nonzero(part == pivot))
        greater = part[part > pivot]
        out[start + len(less): start + len(less) + n_equal] = pivot
        stack.append((start + len(less) + n_equal, greater))
        stack.append((start, less))
    return out, comparisons


def expected_quicksort_comparisons(n: int) -> float:
    """Exact mean number of comparisons of randomised quicksort on ``n`` distinct keys.

    ``E[C_n] = 2 (n + 1) H_n - 4 n`` with ``H_n`` the n-th harmonic number; it grows like
    ``2 n ln n`` (the leading term) but stays below it.

    Examples
    --------
    >>> round(expected_quicksort_comparisons(3), 4)
    2.6667
    >>> round(expected_quicksort_comparisons(1000) / (2 * 1000 * math.log(1000)), 3)
    0.795
    """
    n = _check_size(n, "n", low=0, high=2**53,
                    why="the answer is a float, exact integers end at 2**53")
    if n <= 1000:  # the sum itself, exactly as the formula reads
        harmonic = math.fsum(1.0 / k for k in range(1, n + 1))
    else:  # H_n = digamma(n + 1) + Euler's gamma: no O(n) sum, no O(n) memory
        from scipy.special import digamma

        harmonic = float(digamma(n + 1.0)) + float(np.euler_gamma)
    return 2.0 * (n + 1) * harmonic - 4.0 * n


def quicksort_comparisons(n: int, n_trials: int, random_state: Any = None) -> np.ndarray:
    """Comparison counts of randomised quicksort on ``n`` distinct keys, for many trials at once.

    The count depends only on the pivots' ranks, so there is no need to sort anything: a part
    of size ``m`` costs ``m - 1`` and splits at a uniform rank into parts of sizes ``r`` and
    ``m - 1 - r``. All parts of all trials are split together, one level per step, so the
    whole simulation takes about ``2 ln n`` vectorised steps.

    Parameters
    ----------
    n : int
        Number of distinct keys.
    n_trials : int
    random_state : None, int or numpy.random.Generator

    Returns
    -------
    ndarray of int64, shape (n_trials,)

    Examples
    --------
    >>> c = quicksort_comparisons(100, 4000, random_state=0)
    >>> bool(abs(c.mean() - expected_quicksort_comparisons(100)) < 5 * c.std() / math.sqrt(4000))
    True
    """
    n = check_int(n, "n", low=0)
    n_trials = check_int(n_trials, "n_trials", low=1)
    if n * n_trials > MAX_SIMULATED_KEYS:
        raise ValueError(f"n * n_trials must be at most {MAX_SIMULATED_KEYS:.0e} (the parts of "
                         f"all trials are held at once, 8 bytes each); got n={n:,}, "
                         f"n_trials={n_trials:,}")
    rng = check_rng(random_state)
    totals = np.zeros(n_trials, dtype=np.int64)
    sizes = np.full(n_trials, n, dtype=np.int64)
    owner = np.arange(n_trials)
    while sizes.size:
        keep = sizes > 1
        sizes, owner = sizes[keep], owner[keep]
        if not sizes.size:
            break
        np.add.at(totals, owner, sizes - 1)
        left = rng.integers(0, sizes)  # rank of the pivot inside its part
        sizes = np.concatenate([left, sizes - 1 - left])
        owner = np.concatenate([owner, owner])
    return totals


def adversarial_input(n: int, seed: int) -> np.ndarray:
    """An input on which :func:`randomized_quicksort` with this *fixed* seed is quadratic.

    With the seed known, the pivot positions are known in advance, so an adversary can place
    the smallest remaining key at every pivot position: each partition then peels off one
    key and the sort makes ``n (n - 1) / 2`` comparisons. The expected ``2 n ln n`` is a
    promise about random pivots; a fixed seed turns the algorithm into a deterministic one,
    and every deterministic quicksort has such inputs.

    Parameters
    ----------
    n : int
        Length of the input.
    seed : int
        The seed that :func:`randomized_quicksort` will be given.

    Returns
    -------
    ndarray of shape (n,)
        A permutation of ``0.0, 1.0, ..., n - 1``.

    Examples
    --------
    >>> bad = adversarial_input(100, seed=7)
    >>> randomized_quicksort(bad, random_state=7)[1], 100 * 99 // 2
    (4950, 4950)
    >>> randomized_quicksort(bad, random_state=8)[1] < 1000
    True
    """
    n = _check_size(n, "n", low=0, high=20_000,
                    why="the construction replays the sort key by key, O(n**2) steps")
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be an int (the seed the sort will use); got {describe(seed)}")
    rng = check_rng(int(seed), "seed")
    values = np.empty(n)
    positions = list(range(n))  # the current part, as positions in the input, in order
    for rank in range(n):
        # mirror randomized_quicksort: one pivot draw per part of size >= 2
        i = int(rng.integers(len(positions))) if len(positions) > 1 else 0
        values[positions.pop(i)] = rank
    return values


@dataclass(frozen=True)
class BudgetResult:
    """Outcome of a Las Vegas algorithm run under a budget.

    Attributes
    ----------
    output : ndarray or None
        The answer, or ``None`` ("sorry") when the budget ran out.
    cost : int
        Work done (comparisons).
    budget : int
    """

    output: np.ndarray | None
    cost: int
    budget: int

    def __post_init__(self) -> None:
        if self.output is not None and not isinstance(self.output, np.ndarray):
            raise TypeError(f"output must be an ndarray or None; got {describe(self.output)}")
        check_int(self.cost, "cost", low=0)
        check_int(self.budget, "budget", low=0)

    @property
    def finished(self) -> bool:
        return self.output is not None

    def __repr__(self) -> str:
        state = "finished" if self.finished else "sorry: budget exhausted"
        return f"BudgetResult({state}, cost={self.cost:,}, budget={self.budget:,})"


def sort_within_budget(a: Any, budget: int, random_state: Any = None) -> BudgetResult:
    """Randomised quicksort stopped after ``budget`` comparisons: Las Vegas → Monte Carlo.

    The cost is now bounded, and the price is a chance of no answer. Markov's inequality
    bounds that chance by ``E[C] / budget`` (:func:`markov_bound`); choose
    ``budget = markov_budget(E[C], delta)`` to fail with probability at most ``delta``.

    Parameters
    ----------
    a : array-like of shape (n,)
    budget : int
        Maximum number of comparisons.
    random_state : None, int or numpy.random.Generator

    Returns
    -------
    BudgetResult

    Examples
    --------
    >>> sort_within_budget([3, 1, 2], budget=10, random_state=0)
    BudgetResult(finished, cost=2, budget=10)
    >>> sort_within_budget(list(range(50)), budget=10, random_state=0).finished
    False
    """
    budget = check_int(budget, "budget", low=0)
    out, cost = randomized_quicksort(a, random_state, budget=budget)
    return BudgetResult(out, cost, budget)


def markov_bound(expected_cost: float, budget: float) -> float:
    """Markov's inequality: ``P(cost >= budget) <= E[cost] / budget`` for a cost >= 0.

    Examples
    --------
    >>> markov_bound(100.0, 400.0)
    0.25
    """
    expected_cost = check_scalar(expected_cost, "expected_cost", low=0)
    budget = check_scalar(budget, "budget", low=0, include_low=False)
    return min(1.0, expected_cost / budget)


def markov_budget(expected_cost: float, failure_prob: float) -> int:
    """Smallest integer budget whose Markov bound on failure is at most ``failure_prob``.

    Examples
    --------
    >>> markov_budget(100.0, 0.01)
    10000
    """
    expected_cost = check_scalar(expected_cost, "expected_cost", low=0)
    failure_prob = check_scalar(failure_prob, "failure_prob", low=0, high=1,
                                include_low=False)
    return math.ceil(expected_cost / failure_prob - 1e-9)


# --- Monte Carlo -> Las Vegas: guess, verify exactly, retry ----------------------------------
def is_central(a: Any, value: float) -> bool:
    """Exact O(n) check: does ``value`` leave at most 3/4 of ``a`` on each side?

    ``value`` is *central* when fewer than ``3 n / 4`` elements are smaller and fewer than
    ``3 n / 4`` are larger, so quicksort with this pivot splits off at least a quarter.
    Counting is exact, so the check never errs.

    Parameters
    ----------
    a : array-like of shape (n,)
    value : float

    Returns
    -------
    bool

    Examples
    --------
    >>> is_central(np.arange(8.0), 4.0), is_central(np.arange(8.0), 7.0)
    (True, False)
    """
    x = check_array(a, "a", ndim=1, shape_doc="(n,)")
    value = check_scalar(value, "value")
    return _central(x, value)


def _central(x: np.ndarray, value: float) -> bool:
    limit = 0.75 * len(x)
    return bool(np.count_nonzero(x < value) <= limit and np.count_nonzero(x > value) <= limit)


@dataclass(frozen=True)
class PivotResult:
    """What :func:`central_pivot` returns.

    Attributes
    ----------
    pivot : float
        An element of the array, verified central by :func:`is_central`.
    tries : int
        Random guesses made (the last one passed the check).
    """

    pivot: float
    tries: int

    def __post_init__(self) -> None:
        check_scalar(self.pivot, "pivot")
        check_int(self.tries, "tries", low=1)


def central_pivot(a: Any, random_state: Any = None) -> PivotResult:
    """A Las Vegas algorithm built from a Monte Carlo guess and an exact checker.

    The Monte Carlo step picks a random element and claims it is central (at most 3/4 of
    the array on either side): at least half of the elements are, so the claim is right with
    probability ``p >= 1/2``. Each guess is then *verified* by counting (:func:`is_central`,
    O(n), exact) and rejected guesses are retried with fresh randomness. The answer is
    therefore always right; only the number of tries is random, geometric with mean
    ``1 / p <= 2``. The conversion works because a central element exists and can be
    recognised exactly; a Monte Carlo *test* such as Freivalds' check has nothing to retry
    for when its answer is "equal".

    Parameters
    ----------
    a : array-like of shape (n,)
        Numbers (duplicates allowed).
    random_state : None, int or numpy.random.Generator

    Returns
    -------
    PivotResult

    Examples
    --------
    >>> res = central_pivot(np.arange(100.0), random_state=0)
    >>> 24 <= res.pivot <= 75, is_central(np.arange(100.0), res.pivot)
    (True, True)
    """
    x = check_array(a, "a", ndim=1, shape_doc="(n,)")
    rng = check_rng(random_state)
    tries = 0
    while True:  # terminates with probability 1: each try succeeds with probability >= 1/2
        tries += 1
        guess = float(x[rng.integers(len(x))])
        if _central(x, guess):
            return PivotResult(guess, tries)
