"""Monte Carlo estimation: pi and integrals over a box, with standard errors.

Part of :mod:`course_lib.montecarlo` (notebook ``09_monte_carlo``).

* Points for pi are uniform on the unit square ``[0, 1)^2``; a point counts as inside when
  ``x**2 + y**2 <= 1`` (the quarter disc of radius 1, area pi/4).
* :func:`pi_loop`, :func:`pi_vectorized` and :func:`pi_streaming` read the generator in the
  same order (x, y, x, y, ...), so with the same seed they return the *same* estimate.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..validation import (
    check_array,
    check_callable,
    check_choice,
    check_int,
    check_rng,
    check_scalar,
    describe,
)

__all__ = [
    "DEFAULT_CHUNK",
    "MAX_CHUNK",
    "MCResult",
    "grid_integrate",
    "mc_integrate",
    "pi_estimates",
    "pi_from_points",
    "pi_loop",
    "pi_parallel",
    "pi_streaming",
    "pi_vectorized",
    "spawn_generators",
]

#: Samples per chunk of the streaming estimators: 2**16 points (1 MiB of doubles) stay in cache.
DEFAULT_CHUNK = 2**16
#: Largest chunk: 2**22 points of two doubles are 64 MiB, already far past any cache benefit.
MAX_CHUNK = 2**22
#: Largest N for the streaming estimators: 10**11 points take about ten minutes at 2e8 points/s.
MAX_STREAM_N = 10**11
#: Largest N for :func:`pi_loop`: one Python iteration a point, 10**7 points take ~10 s.
MAX_LOOP_N = 10**7
#: Largest N for :func:`pi_vectorized`: 16 bytes a point, 2e7 points are 320 MB at once.
MAX_VECTORIZED_N = 2 * 10**7
#: Most threads for :func:`pi_parallel` (more threads than cores only add overhead).
MAX_WORKERS = 64
#: Most independent streams :func:`spawn_generators` hands out in one call.
MAX_STREAMS = 4096
#: Most repeats for :func:`pi_estimates`: one float per repeat, 10**7 are 80 MB.
MAX_REPEATS = 10**7


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

    def __post_init__(self) -> None:
        check_scalar(self.estimate, "estimate")
        check_scalar(self.std_error, "std_error", low=0)
        check_int(self.n_samples, "n_samples", low=1)
        check_scalar(self.confidence, "confidence", low=0, high=1, include_low=False,
                     include_high=False)
        check_scalar(self.ci_low, "ci_low", high=self.estimate)
        check_scalar(self.ci_high, "ci_high", low=self.estimate)

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


def _check_size(value: Any, name: str, *, low: int, high: int, why: str) -> int:
    """An integer in ``[low, high]``; above ``high`` the message says why there is a limit.

    Checked before any allocation or loop, so a huge request fails at once.
    """
    x = check_int(value, name, low=low)
    if x > high:
        raise ValueError(f"{name} must be at most {high:,} ({why}); got {x:,}")
    return x


def _check_n(n: Any, name: str = "n", *, high: int = MAX_STREAM_N,
             why: str = "at about 2e8 points/s more would run for over ten minutes") -> int:
    return _check_size(n, name, low=1, high=high, why=why)


def _check_chunk(chunk_size: Any) -> int:
    return _check_size(chunk_size, "chunk_size", low=1, high=MAX_CHUNK,
                       why="a chunk of 2**22 points already takes 64 MiB; larger chunks only "
                           "cost memory")


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
    n_streams = _check_size(n_streams, "n_streams", low=1, high=MAX_STREAMS,
                            why="each stream is a generator object; parallel work needs one "
                                "per worker, not billions")
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
    n = _check_n(n, high=MAX_LOOP_N, why="one Python iteration a point: 10**7 points take "
                                        "about 10 s; use pi_streaming for more")
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
    n = _check_n(n, high=MAX_VECTORIZED_N, why="all points at once, 16 bytes each: 2e7 points "
                                              "are 320 MB; use pi_streaming for more")
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
        Number of points. Memory stays at ``chunk_size`` points for any ``n``; time grows
        with it: 10**9 points took 3.8 s on the course's 2-core test machine (measured), 3.1 s
        of it drawing the 2·10**9 random numbers on one core (:func:`pi_parallel` spreads
        the draws over cores).
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
    chunk_size = _check_chunk(chunk_size)
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
    n_workers = _check_size(n_workers, "n_workers", low=1, high=MAX_WORKERS,
                            why="one thread per worker; more threads than cores only add "
                                "overhead")
    chunk_size = _check_chunk(chunk_size)
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
    n = _check_n(n, high=2**62, why="the binomial draw needs a 64-bit count")
    n_repeats = _check_size(n_repeats, "n_repeats", low=1, high=MAX_REPEATS,
                            why="one float per repeat: 10**7 repeats are 80 MB")
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
    for name, corner in (("low", low), ("high", high)):
        if isinstance(corner, (bool, np.bool_)) or (isinstance(corner, (list, tuple, np.ndarray))
                                                    and np.asarray(corner).dtype == np.bool_):
            raise TypeError(f"{name} must be a number or an array of numbers (a corner of the "
                            f"box); got {describe(corner)}")
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
        Number of sample points (at least 2, for the error estimate). Memory stays at one
        chunk for any ``n``; time grows with ``n`` and with the cost of ``f``: 10**9 points
        took 5 s with ``f = lambda X: X[:, 0]`` (drawing and scaling the points, one core)
        and 16 s with the disc indicator of the example below (its ``(X ** 2).sum(axis=1)``
        is most of that), on the course's 2-core test machine (measured).
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
    n = _check_size(n, "n", low=2, high=10**10,
                    why="f is called on every point; 10**10 points would run for hours")
    rng = check_rng(random_state)
    chunk_size = _check_chunk(chunk_size)
    confidence = _check_confidence(confidence)
    d = lo.size
    width = hi - lo
    volume = float(np.prod(width))
    if not 0 < volume < math.inf:
        raise ValueError(f"high - low must give a box of finite, non-zero volume; got volume "
                         f"{volume:g}")
    chunk_size = min(chunk_size, max(1, MAX_CHUNK // d), n)  # a chunk of points <= 32 MiB
    # lo and width repeated along a flat chunk: ``lo + width * R`` broadcast over rows of d
    # values runs numpy's inner loop d elements at a time (19 ns a point for d = 2); on the
    # flat chunk it is two contiguous passes (1 ns a point), with the same products and sums
    lo_flat, width_flat = np.tile(lo, chunk_size), np.tile(width, chunk_size)
    count, mean, m2 = 0, 0.0, 0.0
    while count < n:
        m = min(chunk_size, n - count)
        flat = rng.random(m * d)  # the same stream as rng.random((m, d)), row by row
        np.multiply(flat, width_flat[:m * d], out=flat)
        np.add(flat, lo_flat[:m * d], out=flat)
        X = flat.reshape(m, d)  # a new array each chunk: f may keep what it is given
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


def grid_sphere_ties(n_per_dim: int, d: int) -> tuple[int, int]:
    """Midpoint-grid points of the box [-1, 1]^d inside and exactly on the unit sphere.

    A centre of :func:`grid_integrate`'s grid on [-1, 1]^d has coordinates ``(2i + 1 - m) / m``
    with ``m = n_per_dim``, so it lies inside the ball when the integer ``sum (2i + 1 - m)**2``
    is below ``m**2`` and exactly on the sphere when it equals it. Counted in integers, so no
    rounding decides a tie (in floating point it can: ``(2i + 1 - m) / m`` is not exact unless
    ``m`` is a power of two). Lesson 09 uses it to show on which grids the test ``<= 1``
    against ``< 1`` changes the midpoint rule's volume of the ball.

    Parameters
    ----------
    n_per_dim : int
        Grid points per coordinate (``m``).
    d : int
        Dimension; at most ``10**7`` grid points in total.

    Returns
    -------
    inside, on_sphere : int
        Points with squared norm below 1, and equal to 1.

    Examples
    --------
    >>> grid_sphere_ties(4, 8)          # one coordinate at 3/4, seven at 1/4: 9/16 + 7/16 = 1
    (256, 2048)
    >>> grid_sphere_ties(316, 2)
    (78456, 0)
    """
    m = check_int(n_per_dim, "n_per_dim", low=1)
    d = check_int(d, "d", low=1)
    if d * np.log10(m) > 7:  # before m**d, which takes forever to compute for a huge d
        raise ValueError(f"n_per_dim**d must be at most 1e7 points; got {m}**{d}")
    square = (2 * np.arange(m, dtype=np.int64) + 1 - m) ** 2

    def sums(k):  # the sum of squares of every point of a k-dimensional grid
        total = np.zeros(1, dtype=np.int64)
        for _ in range(k):
            total = np.add.outer(total, square).ravel()
        return total

    # meet in the middle: the first d // 2 coordinates against the sorted rest
    first, rest = sums(d // 2), np.sort(sums(d - d // 2))
    below = np.searchsorted(rest, m * m - first, side="left")
    upto = np.searchsorted(rest, m * m - first, side="right")
    return int(below.sum()), int((upto - below).sum())

