"""Sorting a file of integers that is larger than the memory we allow ourselves.

Used in ``notebooks/11c_algorithms_at_scale.ipynb`` (interview question N37).

External merge sort, two passes over the data:

1. *Runs*: read as many integers as half the budget holds, sort them in place, write them to
   a temporary file; repeat to the end of the input.
2. *Merge*: open every run, read each in small blocks, and let ``heapq.merge`` stream the
   smallest head of all runs to a buffered output. Memory: one block per run plus one
   output block, whatever the file's size.

Files are raw little-endian int64 (8 bytes per integer, extension ``.i64``), read and written
with ``numpy.fromfile`` / ``ndarray.tofile``. Time: ``O(n log n)`` comparisons, every integer
read and written twice. Space: ``O(budget)`` in memory, ``O(n)`` on disk for the runs (in a
``tempfile.TemporaryDirectory`` removed at the end).

Memory is measured with ``tracemalloc``, which sees numpy's buffers and Python's objects
(not the interpreter's own fixed cost).
"""

from __future__ import annotations

import heapq
import os
import tempfile
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .validation import check_bool, check_int, check_rng, describe

__all__ = ["MAX_INTEGERS", "MAX_RUNS", "MIN_BUDGET", "ExternalSortResult", "external_sort",
           "write_integers"]

DTYPE = np.dtype("<i8")
#: Most integers :func:`write_integers` writes (800 MB on disk).
MAX_INTEGERS = 100_000_000
#: Most runs merged at once: each holds an open file and a buffer.
MAX_RUNS = 256
#: Smallest memory budget (bytes): below it the merge buffers hold a handful of integers.
MIN_BUDGET = 128 * 1024
#: Bytes kept aside for the fixed cost of the machinery (files, generators, the heap).
RESERVE = 64 * 1024
#: Bytes a merge-buffer integer is allowed: 8 in the numpy block and about 40 as a Python int
#: in the list ``heapq.merge`` walks, doubled because the runs drain at different speeds and
#: the freed ints leave half-empty allocator pools (measured: with 64 the resident memory of
#: benchmarks/bench_algorithms.py went 9 % over a 2 MiB budget; with 128 it stays at 84 %).
MERGE_BYTES_PER_ITEM = 128


@dataclass
class ExternalSortResult:
    """What :func:`external_sort` did.

    Attributes
    ----------
    n_integers : int
    n_runs : int
        Sorted runs written in the first pass.
    run_length : int
        Integers per run (the last may be shorter).
    block_length : int
        Integers read from each run (and written to the output) at a time while merging.
    budget_bytes : int
    peak_bytes : int or None
        Peak memory allocated during the sort, measured by ``tracemalloc`` (``None`` when
        not measured).
    """

    n_integers: int
    n_runs: int
    run_length: int
    block_length: int
    budget_bytes: int
    peak_bytes: int | None

    def __repr__(self) -> str:
        peak = "not measured" if self.peak_bytes is None else f"{self.peak_bytes:,} B"
        return (f"ExternalSortResult(n_integers={self.n_integers:,}, n_runs={self.n_runs}, "
                f"run_length={self.run_length:,}, block_length={self.block_length:,}, "
                f"budget={self.budget_bytes:,} B, peak={peak})")


def _check_path(path: Any, name: str, *, exists: bool) -> Path:
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{name} must be a path (str or os.PathLike) to a .i64 file; got "
                        f"{describe(path)}")
    p = Path(path)
    if p.suffix != ".i64":
        raise ValueError(f"{name} must name a raw little-endian int64 file ending in '.i64'; "
                         f"got {str(path)!r}")
    if exists:
        if not p.is_file():
            raise ValueError(f"{name} must be an existing file; got {str(path)!r}")
        if p.stat().st_size % DTYPE.itemsize:
            raise ValueError(f"{name} must hold whole int64 values (a size that is a multiple "
                             f"of 8 bytes); got {p.stat().st_size} bytes")
    elif not p.parent.is_dir():
        raise ValueError(f"{name}'s folder must exist; got {str(path)!r}")
    return p


def write_integers(path: Any, n: int, *, high: int = 2**31, random_state: Any = None,
                   block: int = 65_536) -> Path:
    """Write ``n`` random integers in ``[0, high)`` to ``path``, ``block`` at a time.

    Parameters
    ----------
    path : str or os.PathLike
        A ``.i64`` file (raw little-endian int64), created or overwritten.
    n : int
    high : int
        Exclusive upper bound of the values.
    random_state : None, int or numpy.random.Generator
    block : int
        Integers generated per write (the memory used).

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> p = write_integers(os.path.join(folder, "in.i64"), 1000, random_state=0)
    >>> p.stat().st_size
    8000
    """
    p = _check_path(path, "path", exists=False)
    n = check_int(n, "n", low=0, high=MAX_INTEGERS)
    high = check_int(high, "high", low=1, high=2**62)
    block = check_int(block, "block", low=1, high=MAX_INTEGERS)
    rng = check_rng(random_state)
    with open(p, "wb") as f:
        for start in range(0, n, block):
            rng.integers(0, high, size=min(block, n - start), dtype=DTYPE).tofile(f)
    return p


def _read_blocks(path: Path, block: int) -> Iterator[int]:
    """Stream the integers of a run file, ``block`` at a time."""
    with open(path, "rb", buffering=0) as f:     # numpy reads the blocks: no second buffer
        while True:
            chunk = np.fromfile(f, dtype=DTYPE, count=block)
            if not len(chunk):
                return
            yield from chunk.tolist()


def external_sort(src: Any, dst: Any, *, memory_budget: int,
                  measure_memory: bool = True) -> ExternalSortResult:
    """Sort the integers of file ``src`` into file ``dst`` within ``memory_budget`` bytes.

    Parameters
    ----------
    src : str or os.PathLike
        The ``.i64`` file to sort (left unchanged).
    dst : str or os.PathLike
        The ``.i64`` file to write (created or overwritten; not ``src``).
    memory_budget : int
        Bytes of working memory. After a fixed reserve of 32 KiB for the machinery: half
        for a run while sorting; all of it, shared by one block per run plus the output
        block, while merging.
    measure_memory : bool
        Trace allocations with ``tracemalloc`` and report their peak (slower).

    Returns
    -------
    ExternalSortResult

    Examples
    --------
    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> src = write_integers(os.path.join(folder, "in.i64"), 20_000, random_state=0)
    >>> res = external_sort(src, os.path.join(folder, "out.i64"), memory_budget=131_072)
    >>> res.n_runs, res.peak_bytes <= 131_072
    (5, True)
    >>> out = np.fromfile(os.path.join(folder, "out.i64"), dtype="<i8")
    >>> bool((out == np.sort(np.fromfile(src, dtype="<i8"))).all())
    True
    """
    src_p = _check_path(src, "src", exists=True)
    dst_p = _check_path(dst, "dst", exists=False)
    if dst_p.resolve() == src_p.resolve():
        raise ValueError(f"dst must differ from src (the input is read while the output is "
                         f"written); got {str(dst)!r} for both")
    budget = check_int(memory_budget, "memory_budget", low=MIN_BUDGET)
    measure_memory = check_bool(measure_memory, "measure_memory")
    n = src_p.stat().st_size // DTYPE.itemsize
    usable = budget - RESERVE
    run_length = max(1, usable // 2 // DTYPE.itemsize)
    n_runs = -(-n // run_length)
    if n_runs > MAX_RUNS:
        raise ValueError(f"memory_budget is too small for this file: {n:,} integers in runs of "
                         f"{run_length:,} make {n_runs:,} runs, at most {MAX_RUNS} can be merged "
                         f"at once (each needs an open file and a buffer); got "
                         f"memory_budget = {budget:,}")
    block_length = max(1, usable // (MERGE_BYTES_PER_ITEM * (max(n_runs, 1) + 1)))
    tracing = measure_memory and not tracemalloc.is_tracing()
    if tracing:
        tracemalloc.start()
    elif measure_memory:
        tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0] if measure_memory else 0
    try:
        with tempfile.TemporaryDirectory(prefix="external_sort_") as tmp:
            runs = []
            with open(src_p, "rb", buffering=0) as f:     # pass 1: sorted runs
                for r in range(n_runs):
                    chunk = np.fromfile(f, dtype=DTYPE, count=run_length)
                    chunk.sort()                          # in place: no second copy
                    runs.append(Path(tmp) / f"run{r:04d}.i64")
                    chunk.tofile(runs[-1])
                    del chunk
            with open(dst_p, "wb", buffering=0) as out:   # pass 2: k-way merge
                buffer: list[int] = []
                for v in heapq.merge(*(_read_blocks(p, block_length) for p in runs)):
                    buffer.append(v)
                    if len(buffer) == block_length:
                        np.array(buffer, dtype=DTYPE).tofile(out)
                        buffer.clear()
                if buffer:
                    np.array(buffer, dtype=DTYPE).tofile(out)
        peak = tracemalloc.get_traced_memory()[1] - base if measure_memory else None
    finally:
        if tracing:
            tracemalloc.stop()
    return ExternalSortResult(n_integers=n, n_runs=n_runs, run_length=run_length,
                              block_length=block_length, budget_bytes=budget,
                              peak_bytes=peak)
