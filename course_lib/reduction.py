"""Normalising a large array with several threads: partial results vs. a shared accumulator.

Used in ``notebooks/11c_algorithms_at_scale.ipynb`` (interview question N19, "normalise this
tensor on many cores; is a mutex a good idea?").

Standardising ``z = (x - mean) / std`` needs one reduction (count, mean and the sum of
squared deviations ``M2``) and then an independent element-wise pass. The reduction is where
workers could collide. Three strategies, all computing the same numbers:

* ``"partial_sums"``: each worker reduces its own slice to ``(count, mean, M2)``; the main
  thread combines the few partial results with Chan et al.'s pairwise formula. No shared
  state while working, no lock.
* ``"lock_per_chunk"``: each worker reduces a chunk, then takes a lock and merges it into one
  shared accumulator: one lock acquisition per chunk.
* ``"lock_per_element"``: each worker merges every single element into the shared
  accumulator under the lock (Welford's update): one acquisition per element. Only for
  small arrays: it is a Python loop.

The combining formula (``_merge``) is exact in real arithmetic and numerically stable, unlike
accumulating ``sum(x)`` and ``sum(x**2)``. Numpy releases the GIL inside its reductions and
element-wise operations, so threads can run them at the same time on different cores.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from .validation import check_array, check_choice, check_int

__all__ = ["MAX_CHUNKS", "MAX_ELEMENTS", "MAX_PER_ELEMENT", "STRATEGIES", "NormaliseResult",
           "normalise"]

STRATEGIES = ("partial_sums", "lock_per_chunk", "lock_per_element")
#: Most elements of the array (the output is another 160 MB of float64).
MAX_ELEMENTS = 20_000_000
#: Most elements for the per-element lock: a Python loop of a few hundred thousand steps a
#: second.
MAX_PER_ELEMENT = 1_000_000
#: Most chunks: each one is a Python-level numpy call.
MAX_CHUNKS = 1_000_000


@dataclass
class NormaliseResult:
    """What :func:`normalise` computed and how much the workers shared.

    Attributes
    ----------
    z : ndarray, the shape of ``x``
        ``(x - mean) / std``.
    mean, std : float
        Of all elements (``std`` with ``ddof = 0``, as ``np.std``).
    lock_acquisitions : int
        How often a worker took the shared lock.
    contended : int
        How many of those found the lock held by another worker and had to wait.
    """

    z: np.ndarray
    mean: float
    std: float
    lock_acquisitions: int
    contended: int

    def __repr__(self) -> str:
        return (f"NormaliseResult(size={self.z.size}, mean={self.mean:.6g}, "
                f"std={self.std:.6g}, lock_acquisitions={self.lock_acquisitions}, "
                f"contended={self.contended})")


def _merge(a: tuple[int, float, float], b: tuple[int, float, float]
           ) -> tuple[int, float, float]:
    """Combine (count, mean, M2) of two disjoint parts (Chan, Golub and LeVeque)."""
    na, ma, m2a = a
    nb, mb, m2b = b
    n = na + nb
    if n == 0:
        return 0, 0.0, 0.0
    delta = mb - ma
    return n, ma + delta * nb / n, m2a + m2b + delta * delta * na * nb / n


def _stats(v: np.ndarray) -> tuple[int, float, float]:
    mean = float(v.mean())
    d = v - mean
    return len(v), mean, float(d @ d)


class _Shared:
    """A (count, mean, M2) accumulator behind a lock that counts its own contention."""

    def __init__(self) -> None:
        self.state: tuple[int, float, float] = (0, 0.0, 0.0)
        self.lock = threading.Lock()
        self.acquisitions = 0
        self.contended = 0

    def acquire(self) -> None:
        if not self.lock.acquire(blocking=False):   # held by another worker: we must wait
            self.lock.acquire()
            self.contended += 1                     # counted while holding the lock
        self.acquisitions += 1


def normalise(x: Any, *, n_workers: int = 2, strategy: str = "partial_sums",
              chunk_size: int = 65_536) -> NormaliseResult:
    """Standardise ``x`` to mean 0 and standard deviation 1 with ``n_workers`` threads.

    Parameters
    ----------
    x : ndarray of any shape
        At least two elements, not all equal.
    n_workers : int
        Threads; worker ``w`` owns the ``w``-th of ``n_workers`` contiguous slices.
    strategy : {"partial_sums", "lock_per_chunk", "lock_per_element"}
        How the workers' statistics are combined (see the module's docstring).
    chunk_size : int
        Elements a worker reduces (and writes) per numpy call.

    Returns
    -------
    NormaliseResult

    Examples
    --------
    >>> res = normalise(np.array([1.0, 2.0, 3.0, 4.0]), n_workers=2, chunk_size=1,
    ...                 strategy="lock_per_chunk")
    >>> res.z.round(3).tolist(), res.lock_acquisitions
    ([-1.342, -0.447, 0.447, 1.342], 4)
    """
    x = check_array(x, "x")
    n_workers = check_int(n_workers, "n_workers", low=1, high=64)
    strategy = check_choice(strategy, "strategy", STRATEGIES)
    chunk_size = check_int(chunk_size, "chunk_size", low=1)
    n = x.size
    if n < 2:
        raise ValueError(f"x must have at least two elements to normalise; got {n}")
    if n > MAX_ELEMENTS:
        raise ValueError(f"x must have at most {MAX_ELEMENTS:,} elements (the output is as "
                         f"large again); got {n:,}")
    if strategy == "lock_per_element" and n > MAX_PER_ELEMENT:
        raise ValueError(f"x must have at most {MAX_PER_ELEMENT:,} elements with strategy "
                         f"'lock_per_element' (a Python loop, one lock per element); got {n:,}")
    if -(-n // chunk_size) > MAX_CHUNKS:
        raise ValueError(f"chunk_size is too small: {-(-n // chunk_size):,} chunks, at most "
                         f"{MAX_CHUNKS:,} (one Python-level call each); got {chunk_size}")
    flat = x.reshape(-1)
    bounds = np.linspace(0, n, n_workers + 1).astype(int)
    slices = [(int(bounds[w]), int(bounds[w + 1])) for w in range(n_workers)]
    shared = _Shared()

    def reduce_slice(lo_hi: tuple[int, int]) -> tuple[int, float, float]:
        lo, hi = lo_hi
        if strategy == "lock_per_element":
            for v in flat[lo:hi].tolist():
                shared.acquire()
                try:   # Welford: merge a part of one element into the shared state
                    shared.state = _merge(shared.state, (1, v, 0.0))
                finally:
                    shared.lock.release()
            return 0, 0.0, 0.0
        local = (0, 0.0, 0.0)
        for start in range(lo, hi, chunk_size):
            part = _stats(flat[start:min(start + chunk_size, hi)])
            if strategy == "partial_sums":
                local = _merge(local, part)
            else:
                shared.acquire()
                try:
                    shared.state = _merge(shared.state, part)
                finally:
                    shared.lock.release()
        return local

    with ThreadPoolExecutor(max_workers=n_workers) as pool:
        partials = list(pool.map(reduce_slice, slices))
        total = shared.state
        for part in partials:                       # only "partial_sums" returns non-empty
            total = _merge(total, part)
        count, mean, m2 = total
        std = float(np.sqrt(m2 / count))
        if not (np.isfinite(mean) and np.isfinite(std)):
            raise ValueError("x's values are too large: their mean or standard deviation "
                             "overflows float64")
        if std == 0.0:
            raise ValueError(f"x must not be constant: all {n} elements equal {flat[0]!r}, "
                             "so the standard deviation is 0 and nothing can be normalised")
        z = np.empty(n)

        def write_slice(lo_hi: tuple[int, int]) -> None:
            lo, hi = lo_hi             # each worker writes only its own slice: no lock needed
            for start in range(lo, hi, chunk_size):
                stop = min(start + chunk_size, hi)
                np.subtract(flat[start:stop], mean, out=z[start:stop])
                z[start:stop] /= std

        list(pool.map(write_slice, slices))
    return NormaliseResult(z=z.reshape(x.shape), mean=float(mean), std=std,
                           lock_acquisitions=shared.acquisitions, contended=shared.contended)
