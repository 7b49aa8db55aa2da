"""Monte Carlo and randomised algorithms (notebook ``09_monte_carlo``).

Three kinds of algorithm meet in this module:

* **Monte Carlo** — bounded work, an answer that is only probably right (or only close):
  estimating pi (:func:`pi_loop`, :func:`pi_vectorized`, :func:`pi_streaming`,
  :func:`pi_parallel`), integrating over a box (:func:`mc_integrate`; its deterministic rival
  is the grid rule :func:`grid_integrate`), and Freivalds' check of a
  matrix product (:func:`freivalds`), whose error is one-sided and halves with every round.
* **Las Vegas** — always right, random cost: :func:`randomized_quicksort` counts its
  comparisons; :func:`quicksort_comparisons` simulates the count for many trials at once; a
  comparison budget turns it into a Monte Carlo algorithm that may answer "sorry"
  (:func:`sort_within_budget`), with Markov's inequality bounding how often
  (:func:`markov_bound`). With a *fixed* seed it is deterministic again, and
  :func:`adversarial_input` builds an input that makes it quadratic.
* **Deterministic approximation** — no randomness, a proven guarantee:
  :func:`vertex_cover_2approx` is never more than twice the optimum
  (:func:`min_vertex_cover_size` finds the optimum by brute force on small graphs).

Randomness is always explicit: every function takes ``random_state`` (``None``, an int seed
or a ``numpy.random.Generator``); none touches NumPy's global state. Independent streams for
parallel work come from ``SeedSequence.spawn`` (:func:`spawn_generators`).

Conventions
-----------
* Points for pi are uniform on the unit square ``[0, 1)^2``; a point counts as inside when
  ``x**2 + y**2 <= 1`` (the quarter disc of radius 1, area pi/4).
* :func:`pi_loop`, :func:`pi_vectorized` and :func:`pi_streaming` read the generator in the
  same order (x, y, x, y, ...), so with the same seed they return the *same* estimate.
* One comparison is counted per non-pivot element per partition step (a three-way
  comparison with the pivot counts once).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from .validation import (
    check_array,
    check_callable,
    check_choice,
    check_int,
    check_rng,
    check_scalar,
    describe,
)

__all__ = [
    "BudgetResult",
    "MCResult",
    "adversarial_input",
    "expected_quicksort_comparisons",
    "freivalds",
    "freivalds_error_rate",
    "freivalds_round",
    "grid_integrate",
    "markov_bound",
    "markov_budget",
    "mc_integrate",
    "min_vertex_cover_size",
    "pi_estimates",
    "pi_from_points",
    "pi_loop",
    "pi_parallel",
    "pi_streaming",
    "pi_vectorized",
    "quicksort_comparisons",
    "random_graph",
    "randomized_quicksort",
    "sort_within_budget",
    "spawn_generators",
    "vertex_cover_2approx",
]

#: Samples per chunk of the streaming estimators: 2**16 points (1 MiB of doubles) stay in cache.
DEFAULT_CHUNK = 2**16


# --- results ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class MCResult:
    """A Monte Carlo estimate with its standard error and a normal confidence interval.

    Attributes
    ----------
    estimate : float
    std_error : float
        Estimated standard deviation of ``estimate`` (shrinks like ``1 / sqrt(n_samples)``).
    n_samples : int
    confidence : float
        Level of the interval ``[ci_low, ci_high]``, e.g. 0.95.
    ci_low, ci_high : float
        ``estimate -/+ z * std_error`` with ``z`` the normal quantile for ``confidence``.
    """

    estimate: float
    std_error: float
    n_samples: int
    confidence: float
    ci_low: float
    ci_high: float

    @property
    def ci(self) -> tuple[float, float]:
        return (self.ci_low, self.ci_high)

    def covers(self, value: float) -> bool:
        """Whether the confidence interval contains ``value``."""
        return bool(self.ci_low <= value <= self.ci_high)

    def __repr__(self) -> str:
        return (f"MCResult(estimate={self.estimate:.6g}, std_error={self.std_error:.3g}, "
                f"{100 * self.confidence:g}% CI [{self.ci_low:.6g}, {self.ci_high:.6g}], "
                f"n_samples={self.n_samples:,})")


def _z(confidence: float) -> float:
    return statistics.NormalDist().inv_cdf(0.5 + confidence / 2)


def _result(estimate: float, std_error: float, n: int, confidence: float) -> MCResult:
    half = _z(confidence) * std_error
    return MCResult(float(estimate), float(std_error), int(n), float(confidence),
                    float(estimate - half), float(estimate + half))


def _check_n(n: Any, name: str = "n") -> int:
    return check_int(n, name, low=1)


def _check_confidence(confidence: Any) -> float:
    return check_scalar(confidence, "confidence", low=0, high=1, include_low=False,
                        include_high=False)


def spawn_generators(random_state: Any, n_streams: int) -> list[np.random.Generator]:
    """Independent generators for parallel work, derived from one seed by ``SeedSequence.spawn``.

    The same seed and ``n_streams`` give the same streams on every run and machine.

    Parameters
    ----------
    random_state : int or numpy.random.SeedSequence
        The root seed (a Generator or None would not be reproducible, so they are refused).
    n_streams : int

    Returns
    -------
    list of numpy.random.Generator

    Examples
    --------
    >>> a, b = spawn_generators(0, 2)
    >>> a.random() != b.random()
    True
    >>> spawn_generators(0, 2)[1].random() == spawn_generators(0, 2)[1].random()
    True
    """
    n_streams = check_int(n_streams, "n_streams", low=1)
    if isinstance(random_state, np.random.SeedSequence):
        root = random_state
    else:
        if isinstance(random_state, (bool, np.bool_)) or not isinstance(random_state,
                                                                          (int, np.integer)):
            raise TypeError("random_state must be an int seed or a numpy.random.SeedSequence "
                            f"(streams must be reproducible); got {describe(random_state)}")
        if random_state < 0:
            raise ValueError(f"random_state must be a non-negative int seed; got {random_state}")
        root = np.random.SeedSequence(int(random_state))
    return [np.random.default_rng(s) for s in root.spawn(n_streams)]


# --- estimating pi ------------------------------------------------------------------------------
def pi_from_points(points: Any) -> float:
    """Estimate pi from points on the unit square: 4 x (fraction inside the quarter disc).

    This is the exercise ``check.estimate_pi`` of notebook ``09_monte_carlo``.

    Parameters
    ----------
    points : array-like of shape (n_samples, 2)
        Points drawn uniformly from ``[0, 1)^2``; column 0 is x, column 1 is y.

    Returns
    -------
    float

    Examples
    --------
    >>> pi_from_points([[0.1, 0.2], [0.9, 0.9], [0.5, 0.5], [0.0, 1.0]])
    3.0
    """
    P = check_array(points, "points", ndim=2, shape=(None, 2), shape_doc="(n_samples, 2)")
    inside = P[:, 0] ** 2 + P[:, 1] ** 2 <= 1.0
    return 4.0 * float(np.count_nonzero(inside)) / len(P)


def pi_loop(n: int, random_state: Any = None) -> float:
    """Estimate pi with a plain Python loop, one point at a time (the slow baseline).

    Reads the generator in the same order as :func:`pi_vectorized`, so the same seed gives
    the same estimate, only about a hundred times slower.

    Parameters
    ----------
    n : int
        Number of points.
    random_state : None, int or numpy.random.Generator

    Returns
    -------
    float

    Examples
    --------
    >>> pi_loop(1000, random_state=0) == pi_vectorized(1000, random_state=0)
    True
    """
    n = _check_n(n)
    rng = check_rng(random_state)
    draw = rng.random
    inside = 0
    for _ in range(n):
        x = draw()
        y = draw()
        if x * x + y * y <= 1.0:
            inside += 1
    return 4.0 * inside / n


def pi_vectorized(n: int, random_state: Any = None) -> float:
    """Estimate pi from all ``n`` points at once (memory grows with ``n``: 16 bytes a point).

    Parameters
    ----------
    n : int
    random_state : None, int or numpy.random.Generator

    Returns
    -------
    float

    Examples
    --------
    >>> round(pi_vectorized(100_000, random_state=0), 2)
    3.14
    """
    n = _check_n(n)
    rng = check_rng(random_state)
    P = rng.random((n, 2))  # generator output: no need to validate it again
    return 4.0 * float(np.count_nonzero(P[:, 0] ** 2 + P[:, 1] ** 2 <= 1.0)) / n


def _count_inside(rng: np.random.Generator, n: int, chunk_size: int) -> int:
    """Points inside the quarter disc among ``n`` drawn in chunks; constant memory."""
    chunk = min(chunk_size, n)
    buf = np.empty((chunk, 2))
    r2 = np.empty(chunk)
    inside = 0
    done = 0
    while done < n:
        m = min(chunk, n - done)
        b = buf[:m]
        rng.random(out=b)
        np.multiply(b, b, out=b)
        s = r2[:m]
        np.add(b[:, 0], b[:, 1], out=s)
        inside += int(np.count_nonzero(s <= 1.0))
        done += m
    return inside


def _pi_result(inside: int, n: int, confidence: float) -> MCResult:
    p = inside / n
    return _result(4.0 * p, 4.0 * math.sqrt(p * (1.0 - p) / n), n, confidence)


def pi_streaming(n: int, random_state: Any = None, *, chunk_size: int = DEFAULT_CHUNK,
                 confidence: float = 0.95) -> MCResult:
    """Estimate pi in fixed-size chunks (constant memory), with standard error and interval.

    The count of points inside is Binomial(n, pi/4), so the standard error of the estimate
    ``4 p`` is ``4 sqrt(p (1 - p) / n)``, estimated with the observed ``p``. The chunks read the
    generator in the same order as :func:`pi_vectorized`: same seed, same estimate, whatever
    ``chunk_size`` is.

    Parameters
    ----------
    n : int
        Number of points (10**9 is fine: memory stays at ``chunk_size`` points).
    random_state : None, int or numpy.random.Generator
    chunk_size : int
        Points per chunk.
    confidence : float in (0, 1)
        Level of the normal confidence interval.

    Returns
    -------
    MCResult

    Examples
    --------
    >>> res = pi_streaming(10_000, random_state=0, chunk_size=1000)
    >>> res.estimate == pi_vectorized(10_000, random_state=0)
    True
    >>> res.covers(math.pi), round(res.std_error, 3)
    (True, 0.016)
    """
    n = _check_n(n)
    rng = check_rng(random_state)
    chunk_size = check_int(chunk_size, "chunk_size", low=1)
    confidence = _check_confidence(confidence)
    return _pi_result(_count_inside(rng, n, chunk_size), n, confidence)


def pi_parallel(n: int, random_state: int = 0, *, n_workers: int = 2,
                chunk_size: int = DEFAULT_CHUNK, confidence: float = 0.95) -> MCResult:
    """Streaming pi estimate split over threads, each with its own independent stream.

    Worker ``i`` gets its own generator from ``SeedSequence(random_state).spawn(n_workers)``
    and ``n // n_workers`` points (the first ``n % n_workers`` workers one more), so the answer
    depends only on ``random_state`` and ``n_workers``, never on thread timing. NumPy releases
    the GIL while filling and combining large arrays, so threads run in parallel.

    Parameters
    ----------
    n : int
    random_state : int or numpy.random.SeedSequence
    n_workers : int
    chunk_size : int
    confidence : float in (0, 1)

    Returns
    -------
    MCResult

    Examples
    --------
    >>> a = pi_parallel(100_000, random_state=1, n_workers=2)
    >>> b = pi_parallel(100_000, random_state=1, n_workers=2)
    >>> a == b, a.covers(math.pi)
    (True, True)
    """
    n = _check_n(n)
    n_workers = check_int(n_workers, "n_workers", low=1)
    chunk_size = check_int(chunk_size, "chunk_size", low=1)
    confidence = _check_confidence(confidence)
    rngs = spawn_generators(random_state, n_workers)
    shares = [n // n_workers + (i < n % n_workers) for i in range(n_workers)]
    jobs = [(g, m) for g, m in zip(rngs, shares, strict=True) if m > 0]
    if len(jobs) == 1:
        inside = _count_inside(jobs[0][0], jobs[0][1], chunk_size)
    else:
        with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
            inside = sum(pool.map(lambda job: _count_inside(job[0], job[1], chunk_size), jobs))
    return _pi_result(inside, n, confidence)


def pi_estimates(n: int, n_repeats: int, random_state: Any = None, *,
                 method: str = "binomial") -> np.ndarray:
    """Many independent pi estimates of ``n`` points each, all at once.

    ``method="points"`` draws every point (``n * n_repeats`` of them);
    ``method="binomial"`` draws each repeat's inside-count directly from its exact
    distribution, Binomial(n, pi/4), which gives estimates with the same distribution at any
    ``n`` in microseconds (used by the widget and the coverage experiment).

    Parameters
    ----------
    n : int
    n_repeats : int
    random_state : None, int or numpy.random.Generator
    method : {"binomial", "points"}

    Returns
    -------
    ndarray of shape (n_repeats,)

    Examples
    --------
    >>> est = pi_estimates(10_000, 2000, random_state=0)
    >>> bool(abs(est.mean() - math.pi) < 5 * est.std() / math.sqrt(2000))
    True
    """
    n = _check_n(n)
    n_repeats = check_int(n_repeats, "n_repeats", low=1)
    rng = check_rng(random_state)
    method = check_choice(method, "method", ["binomial", "points"])
    if method == "binomial":
        return 4.0 * rng.binomial(n, math.pi / 4, size=n_repeats) / n
    if n * n_repeats > 50_000_000:
        raise ValueError(f"n * n_repeats must be at most 5e7 with method='points' (use "
                         f"'binomial'); got n={n}, n_repeats={n_repeats}")
    P = rng.random((n_repeats, n, 2))
    return 4.0 * np.count_nonzero((P * P).sum(axis=2) <= 1.0, axis=1) / n


# --- integration over a box -------------------------------------------------------------------
def _check_box(low: Any, high: Any) -> tuple[np.ndarray, np.ndarray]:
    lo = np.atleast_1d(check_array(low, "low", ndim=(0, 1)))
    hi = np.atleast_1d(check_array(high, "high", ndim=(0, 1)))
    if lo.shape != hi.shape:
        raise ValueError(f"low and high must have the same shape (d,); got {lo.shape} and "
                         f"{hi.shape}")
    if not np.all(lo < hi):
        j = int(np.argmin(lo < hi))
        raise ValueError(f"low must be below high in every coordinate; got low[{j}]={lo[j]:g} "
                         f">= high[{j}]={hi[j]:g}")
    return lo, hi


def mc_integrate(f: Callable[[np.ndarray], Any], low: Any, high: Any, n: int,
                 random_state: Any = None, *, chunk_size: int = DEFAULT_CHUNK,
                 confidence: float = 0.95) -> MCResult:
    """Monte Carlo integral of a vectorised function over a box, with its error estimate.

    With ``X`` uniform on the box of volume ``V``, the integral is ``V * E[f(X)]``: the
    estimate is ``V`` times the sample mean of ``f`` and its standard error ``V * s / sqrt(n)``
    (``s`` the sample standard deviation). Chunks are combined with Chan's update of mean and
    sum of squares, so memory is constant and the variance is numerically stable.

    Parameters
    ----------
    f : callable
        ``f(X) -> values`` with ``X`` of shape (m, d) and values of shape (m,).
    low, high : array-like of shape (d,) or float
        Corners of the box; every ``low[j] < high[j]``.
    n : int
        Number of sample points (at least 2, for the error estimate).
    random_state : None, int or numpy.random.Generator
    chunk_size : int
    confidence : float in (0, 1)

    Returns
    -------
    MCResult

    Examples
    --------
    Area of the unit disc as the integral of its indicator over ``[-1, 1]^2``:

    >>> disc = lambda X: (X ** 2).sum(axis=1) <= 1
    >>> res = mc_integrate(disc, [-1, -1], [1, 1], 100_000, random_state=0)
    >>> res.covers(math.pi)
    True
    """
    f = check_callable(f, "f")
    lo, hi = _check_box(low, high)
    n = check_int(n, "n", low=2)
    rng = check_rng(random_state)
    chunk_size = check_int(chunk_size, "chunk_size", low=1)
    confidence = _check_confidence(confidence)
    d = lo.size
    width = hi - lo
    volume = float(np.prod(width))
    count, mean, m2 = 0, 0.0, 0.0
    while count < n:
        m = min(chunk_size, n - count)
        X = lo + width * rng.random((m, d))
        values = np.asarray(f(X), dtype=float)
        if values.shape != (m,):
            raise ValueError(f"f must return one value per row: shape ({m},) for X of shape "
                             f"({m}, {d}); got shape {values.shape}")
        if not np.all(np.isfinite(values)):
            raise ValueError("f must return finite values; got NaN or infinity")
        c_mean = float(values.mean())
        c_m2 = float(((values - c_mean) ** 2).sum())
        total = count + m
        delta = c_mean - mean
        mean += delta * m / total
        m2 += c_m2 + delta * delta * count * m / total
        count = total
    sd = math.sqrt(m2 / (n - 1))
    return _result(volume * mean, volume * sd / math.sqrt(n), n, confidence)


def grid_integrate(f: Callable[[np.ndarray], Any], low: Any, high: Any,
                   n_per_dim: int) -> float:
    """Deterministic midpoint rule on a regular grid: the classical rival of Monte Carlo.

    The box is cut into ``n_per_dim**d`` equal cells and ``f`` is evaluated at their centres.
    No randomness and no error estimate; for a smooth ``f`` the error shrinks like
    ``n_per_dim**-2``, i.e. like ``N**(-2/d)`` for ``N`` points in total, which is slower than
    Monte Carlo's ``N**(-1/2)`` once ``d > 4`` (and for discontinuous ``f`` much sooner).

    Parameters
    ----------
    f : callable
        ``f(X) -> values`` with ``X`` of shape (m, d) and values of shape (m,).
    low, high : array-like of shape (d,) or float
    n_per_dim : int
        Grid points per coordinate (at most 10**7 points in total).

    Returns
    -------
    float

    Examples
    --------
    >>> round(grid_integrate(lambda X: X[:, 0] ** 2, 0.0, 1.0, 100), 6)
    0.333325
    """
    f = check_callable(f, "f")
    lo, hi = _check_box(low, high)
    n_per_dim = check_int(n_per_dim, "n_per_dim", low=1)
    d = lo.size
    if n_per_dim**d > 10**7:
        raise ValueError(f"n_per_dim**d must be at most 1e7 points; got {n_per_dim}**{d}")
    width = (hi - lo) / n_per_dim
    axes = [lo[j] + width[j] * (np.arange(n_per_dim) + 0.5) for j in range(d)]
    X = np.stack([g.ravel() for g in np.meshgrid(*axes, indexing="ij")], axis=1)
    values = np.asarray(f(X), dtype=float)
    if values.shape != (len(X),):
        raise ValueError(f"f must return one value per row: shape ({len(X)},); got shape "
                         f"{values.shape}")
    return float(np.prod(width) * values.sum())


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
    n = check_int(n, "n", low=0)
    harmonic = float(np.sum(1.0 / np.arange(1, n + 1))) if n else 0.0
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
    n = check_int(n, "n", low=0)
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


# --- Monte Carlo with one-sided error: Freivalds' check ---------------------------------------
def _check_product(A: Any, B: Any, C: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool]:
    """Validate A, B, C; also say whether all three hold integers (then compare exactly)."""
    exact = all(np.asarray(M).dtype.kind in "biu" for M in (A, B, C)
                if not isinstance(M, (str, bytes)))
    A = check_array(A, "A", ndim=2, shape_doc="(n, m)")
    B = check_array(B, "B", ndim=2, shape_doc="(m, p)")
    C = check_array(C, "C", ndim=2, shape_doc="(n, p)")
    if A.shape[1] != B.shape[0]:
        raise ValueError(f"A and B must be compatible for A @ B: A has {A.shape[1]} columns "
                         f"but B has {B.shape[0]} rows (shapes {A.shape} and {B.shape})")
    if C.shape != (A.shape[0], B.shape[1]):
        raise ValueError(f"C must have the shape of A @ B, {(A.shape[0], B.shape[1])}; "
                         f"got shape {C.shape}")
    return A, B, C, exact


def _check_rtol(rtol: Any, A: np.ndarray, B: np.ndarray) -> float:
    if rtol is None:
        return 4.0 * (A.shape[1] + B.shape[1]) * float(np.finfo(float).eps)
    return check_scalar(rtol, "rtol", low=0)


def _agree(A: np.ndarray, B: np.ndarray, C: np.ndarray, R: np.ndarray,
           rtol: float, exact: bool) -> np.ndarray:
    """For each column r of R: does A (B r) equal C r (within rounding)?"""
    lhs = A @ (B @ R)
    rhs = C @ R
    if exact:  # integer data: float64 products are exact below 2**53
        return np.all(lhs == rhs, axis=0)
    # rounding in A (B r) and C r is below n eps (|A| |B| + |C|) |r|, and |r| <= 1 entrywise:
    # bound it with the max-row-sum norms, one cheap pass over each matrix
    scale = (np.linalg.norm(A, np.inf) * np.linalg.norm(B, np.inf)
             + np.linalg.norm(C, np.inf))
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
        Tolerance for rounding in float products, relative to
        ``norm(A, inf) * norm(B, inf) + norm(C, inf)``; default ``4 (m + p)`` machine epsilons,
        above the worst-case rounding error. Integer data compare exactly.

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
    A, B, C, exact = _check_product(A, B, C)
    r = check_array(r, "r", ndim=1, shape=(C.shape[1],), shape_doc=f"({C.shape[1]},)")
    if not np.isin(r, (0.0, 1.0)).all():
        raise ValueError(f"r must contain only 0s and 1s; got values {np.unique(r)[:5].tolist()}")
    rtol = _check_rtol(rtol, A, B)
    return bool(_agree(A, B, C, r[:, None], rtol, exact)[0])


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
        Tolerance for rounding in float products, relative to
        ``norm(A, inf) * norm(B, inf) + norm(C, inf)``; default ``4 (m + p)`` machine epsilons,
        above the worst-case rounding error. Integer data compare exactly.

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
    A, B, C, exact = _check_product(A, B, C)
    k = check_int(k, "k", low=1)
    rng = check_rng(random_state)
    rtol = _check_rtol(rtol, A, B)
    R = rng.integers(0, 2, size=(C.shape[1], k)).astype(float)
    return bool(_agree(A, B, C, R, rtol, exact).all())


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
    >>> abs(rate - 0.5) < 5 * math.sqrt(0.25 / 4000)
    True
    """
    A, B, C, exact = _check_product(A, B, C)
    k = check_int(k, "k", low=1)
    n_trials = check_int(n_trials, "n_trials", low=1)
    rng = check_rng(random_state)
    rtol = _check_rtol(rtol, A, B)
    R = rng.integers(0, 2, size=(C.shape[1], k * n_trials)).astype(float)
    passed = _agree(A, B, C, R, rtol, exact).reshape(n_trials, k)
    return float(passed.all(axis=1).mean())


# --- deterministic approximation: vertex cover ------------------------------------------------
def _check_edges(edges: Any, n_vertices: int | None = None) -> np.ndarray:
    E = check_array(edges, "edges", ndim=2, shape=(None, 2), shape_doc="(n_edges, 2)",
                    dtype="int", allow_empty=True)
    if E.size and E.min() < 0:
        raise ValueError(f"edges must contain vertex numbers >= 0; got {int(E.min())}")
    if n_vertices is not None and E.size and E.max() >= n_vertices:
        raise ValueError(f"edges must use vertices 0..{n_vertices - 1}; got vertex "
                         f"{int(E.max())}")
    return E.reshape(-1, 2)


def random_graph(n_vertices: int, p: float, random_state: Any = None) -> np.ndarray:
    """Edges of an Erdős–Rényi graph: each of the ``n (n - 1) / 2`` pairs with probability p.

    Returns
    -------
    ndarray of int64, shape (n_edges, 2)
        Pairs ``(u, v)`` with ``u < v``, in lexicographic order.

    Examples
    --------
    >>> random_graph(4, 1.0).tolist()
    [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]]
    """
    n_vertices = check_int(n_vertices, "n_vertices", low=1)
    p = check_scalar(p, "p", low=0, high=1)
    rng = check_rng(random_state)
    u, v = np.triu_indices(n_vertices, k=1)
    keep = rng.random(u.size) < p
    return np.stack([u[keep], v[keep]], axis=1).astype(np.int64)


def vertex_cover_2approx(edges: Any) -> np.ndarray:
    """A vertex cover at most twice the smallest one (deterministic, no randomness).

    Walk through the edges in order; whenever an edge has neither end in the cover yet, add
    both ends. The edges taken this way share no vertex, and any cover needs one end of each
    of them, so the cover is at most twice the optimum. Same input, same output, same steps.

    Parameters
    ----------
    edges : array-like of int, shape (n_edges, 2)

    Returns
    -------
    ndarray of int64
        Sorted vertices of the cover.

    Examples
    --------
    >>> vertex_cover_2approx([[0, 1], [1, 2], [2, 3]]).tolist()
    [0, 1, 2, 3]
    """
    E = _check_edges(edges)
    covered: set[int] = set()
    for u, v in E.tolist():
        if u not in covered and v not in covered:
            covered.update((u, v))
    return np.array(sorted(covered), dtype=np.int64)


def min_vertex_cover_size(n_vertices: int, edges: Any) -> int:
    """Size of a smallest vertex cover, by trying all ``2**n_vertices`` subsets at once.

    Exponential: only for small graphs (``n_vertices <= 16``), to check approximations.

    Examples
    --------
    >>> min_vertex_cover_size(4, [[0, 1], [1, 2], [2, 3]])
    2
    """
    n_vertices = check_int(n_vertices, "n_vertices", low=1, high=16)
    E = _check_edges(edges, n_vertices)
    if not E.size:
        return 0
    masks = np.arange(2**n_vertices, dtype=np.int64)
    bits = (masks[:, None] >> np.arange(n_vertices)) & 1  # (subsets, vertices)
    ok = np.ones(masks.size, dtype=bool)
    for u, v in E.tolist():
        ok &= (bits[:, u] | bits[:, v]).astype(bool)
    return int(bits[ok].sum(axis=1).min())
