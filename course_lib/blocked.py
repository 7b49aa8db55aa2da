"""Blocked (tiled) matrix multiplication and matrix transpose, next to their naive versions.

Used in ``notebooks/11c_algorithms_at_scale.ipynb`` (interview questions N30 and N38).

A block algorithm cuts the matrices into ``block x block`` tiles and works tile by tile, so
that the tiles in use fit in a fast memory (a cache, or a GPU's shared memory) and each
number fetched from slow memory is used many times. Output tiles of a product are
independent of each other, which is also how the work is split between workers:
:func:`matmul_blocked` with ``n_workers > 1`` gives each thread its own output tiles (no
locks: no two threads write the same tile).

Here the tile products are numpy's own ``@`` and the tile copies numpy slicing, so these
functions show the *structure* of the algorithms and its cost in Python calls; the naive
versions (:func:`matmul_naive`, :func:`transpose_naive`) are element loops for tiny sizes.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import numpy as np

from .validation import check_array, check_int

__all__ = ["MAX_ELEMENTS", "MAX_LOOP_STEPS", "MAX_TILES", "matmul_blocked", "matmul_naive",
           "matmul_traffic", "n_tiles", "transpose_blocked", "transpose_naive"]

#: Most elements of one matrix (200 MB of float64).
MAX_ELEMENTS = 25_000_000
#: Most tiles (or tile products) one call visits: each costs a Python-level numpy call.
MAX_TILES = 2_000_000
#: Most multiply-adds (matmul) or element copies (transpose) of the pure-Python loops, which
#: run a few million such steps a second.
MAX_LOOP_STEPS = 2_000_000


def _tiles(n: int, block: int) -> int:
    return -(-n // block)


def n_tiles(shape: Any, block: int) -> int:
    """Number of ``block x block`` tiles that cover a matrix of ``shape`` (the last ones
    may be partial).

    Examples
    --------
    >>> n_tiles((100, 30), 32)
    4
    """
    shape = check_array(shape, "shape", ndim=1, shape=(2,), shape_doc="(2,)", dtype="int")
    if (shape < 1).any():
        raise ValueError(f"shape must hold two positive integers; got {shape.tolist()}")
    block = check_int(block, "block", low=1)
    return _tiles(int(shape[0]), block) * _tiles(int(shape[1]), block)


def _check_matrix(a: Any, name: str, doc: str) -> np.ndarray:
    a = check_array(a, name, ndim=2, shape_doc=doc)
    if a.size > MAX_ELEMENTS:
        raise ValueError(f"{name} must have at most {MAX_ELEMENTS:,} elements (200 MB of "
                         f"float64); got shape {a.shape}")
    return a


def _check_pair(A: Any, B: Any) -> tuple[np.ndarray, np.ndarray]:
    A = _check_matrix(A, "A", "(n, m)")
    B = _check_matrix(B, "B", f"(m, p) = ({A.shape[1]}, p)")
    if B.shape[0] != A.shape[1]:
        raise ValueError(f"B must have shape (m, p) with m = A.shape[1] = {A.shape[1]}; "
                         f"got shape {B.shape}")
    if A.shape[0] * B.shape[1] > MAX_ELEMENTS:
        raise ValueError(f"the product must have at most {MAX_ELEMENTS:,} elements; got "
                         f"{A.shape[0]} x {B.shape[1]}")
    return A, B


def matmul_naive(A: Any, B: Any) -> np.ndarray:
    """``A @ B`` by the textbook triple loop in pure Python (tiny matrices only).

    Parameters
    ----------
    A : ndarray of shape (n, m)
    B : ndarray of shape (m, p)

    Returns
    -------
    ndarray of shape (n, p)

    Examples
    --------
    >>> matmul_naive([[1.0, 2.0]], [[3.0], [4.0]]).tolist()
    [[11.0]]
    """
    A, B = _check_pair(A, B)
    n, m = A.shape
    p = B.shape[1]
    if n * m * p > MAX_LOOP_STEPS:
        raise ValueError(f"n * m * p must be at most {MAX_LOOP_STEPS:,} for the pure-Python "
                         f"loop (about a second); got {n} * {m} * {p} = {n * m * p:,}")
    a, b = A.tolist(), B.tolist()
    C = [[0.0] * p for _ in range(n)]
    for i in range(n):
        row, out = a[i], C[i]
        for k in range(m):
            aik, bk = row[k], b[k]
            for j in range(p):
                out[j] += aik * bk[j]
    return np.array(C, dtype=np.float64).reshape(n, p)


def matmul_blocked(A: Any, B: Any, block: int = 64, *, n_workers: int = 1) -> np.ndarray:
    """``A @ B`` tile by tile: ``C[I, J] = sum over K of A[I, K] @ B[K, J]``.

    Parameters
    ----------
    A : ndarray of shape (n, m)
    B : ndarray of shape (m, p)
    block : int
        Tile side; the last tiles of a side that ``block`` does not divide are smaller.
    n_workers : int
        Threads. Each output tile ``C[I, J]`` is computed by one thread only (numpy releases
        the GIL inside ``@``), so the threads need no lock.

    Returns
    -------
    ndarray of shape (n, p)

    Examples
    --------
    >>> A = np.arange(6.0).reshape(2, 3)
    >>> B = np.arange(12.0).reshape(3, 4)
    >>> bool(np.allclose(matmul_blocked(A, B, block=2), A @ B))
    True
    """
    A, B = _check_pair(A, B)
    block = check_int(block, "block", low=1)
    n_workers = check_int(n_workers, "n_workers", low=1, high=64)
    n, m = A.shape
    p = B.shape[1]
    n_products = _tiles(n, block) * _tiles(p, block) * _tiles(m, block)
    if n_products > MAX_TILES:
        raise ValueError(f"block is too small for these matrices: {n_products:,} tile "
                         f"products, at most {MAX_TILES:,} (each is one Python-level call); "
                         f"got block = {block}")
    C = np.zeros((n, p))
    out_tiles = [(i, j) for i in range(0, n, block) for j in range(0, p, block)]

    def work(tiles: list[tuple[int, int]]) -> None:
        for i, j in tiles:
            acc = C[i:i + block, j:j + block]           # a view: written in place
            for k in range(0, m, block):
                acc += A[i:i + block, k:k + block] @ B[k:k + block, j:j + block]

    if n_workers == 1:
        work(out_tiles)
    else:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=n_workers) as pool:
            list(pool.map(work, [out_tiles[w::n_workers] for w in range(n_workers)]))
    return C


def matmul_traffic(n: int, block: int | None = None, cache_words: int = 256) -> int:
    """Numbers loaded from slow memory by ``C = A @ B`` (``n x n``) through a simulated cache.

    The cache holds ``cache_words`` numbers and evicts the least recently used one (fully
    associative, one number per line: the simplest model of a fast memory). Every
    multiply-add ``C[i, j] += A[i, k] * B[k, j]`` touches its three numbers in that order;
    each touch of a number not in the cache is one load. ``block=None`` runs the plain
    ``i, j, k`` loops; otherwise the loops run tile by tile (``I, J, K`` tiles of side
    ``block``, then ``i, j, k`` inside), the order of :func:`matmul_blocked`. This *counts*
    the traffic of the access order; it does not time anything.

    Parameters
    ----------
    n : int
        Side of the square matrices; ``n**3`` multiply-adds are simulated one by one.
    block : int or None
    cache_words : int

    Returns
    -------
    int

    Examples
    --------
    >>> matmul_traffic(8, None, 10**6)        # a cache that holds everything: 3 * 8 * 8 loads
    192
    >>> matmul_traffic(16, None, 80), matmul_traffic(16, 4, 80)     # B re-read per row; tiles
    (4608, 2304)
    """
    n = check_int(n, "n", low=1)
    if n**3 > MAX_LOOP_STEPS:
        raise ValueError(f"n is too large for the simulated cache: n**3 = {n**3:,} multiply-adds, "
                         f"at most {MAX_LOOP_STEPS:,} (a Python loop); got n = {n}")
    b = n if block is None else check_int(block, "block", low=1, high=n)
    cache_words = check_int(cache_words, "cache_words", low=1)
    cache: OrderedDict[tuple[str, int, int], None] = OrderedDict()
    loads = 0
    for I in range(0, n, b):                 # noqa: E741 - tile indices, as in the text
        for J in range(0, n, b):
            for K in range(0, n, b):
                for i in range(I, min(I + b, n)):
                    for j in range(J, min(J + b, n)):
                        for k in range(K, min(K + b, n)):
                            for key in (("A", i, k), ("B", k, j), ("C", i, j)):
                                if key in cache:
                                    cache.move_to_end(key)
                                else:
                                    loads += 1
                                    cache[key] = None
                                    if len(cache) > cache_words:
                                        cache.popitem(last=False)
    return loads


def transpose_naive(a: Any) -> np.ndarray:
    """The transpose of ``a`` copied one element at a time (a Python loop; small only).

    Parameters
    ----------
    a : ndarray of shape (n, m)

    Returns
    -------
    ndarray of shape (m, n), C-contiguous

    Examples
    --------
    >>> transpose_naive([[1, 2, 3]]).tolist()
    [[1.0], [2.0], [3.0]]
    """
    a = _check_matrix(a, "a", "(n, m)")
    if a.size > MAX_LOOP_STEPS:
        raise ValueError(f"a must have at most {MAX_LOOP_STEPS:,} elements for the "
                         f"pure-Python loop; got shape {a.shape}")
    n, m = a.shape
    out = np.empty((m, n))
    for i in range(n):
        for j in range(m):
            out[j, i] = a[i, j]
    return out


def transpose_blocked(a: Any, block: int = 64) -> np.ndarray:
    """The transpose of ``a`` copied tile by tile (each tile read and written while it is in
    cache).

    Parameters
    ----------
    a : ndarray of shape (n, m)
    block : int
        Tile side; partial tiles at the edges when ``block`` does not divide the shape.

    Returns
    -------
    ndarray of shape (m, n), C-contiguous

    Examples
    --------
    >>> transpose_blocked(np.arange(6).reshape(2, 3), block=2).tolist()
    [[0.0, 3.0], [1.0, 4.0], [2.0, 5.0]]
    """
    a = _check_matrix(a, "a", "(n, m)")
    block = check_int(block, "block", low=1)
    n, m = a.shape
    tiles = _tiles(n, block) * _tiles(m, block)
    if tiles > MAX_TILES:
        raise ValueError(f"block is too small for this matrix: {tiles:,} tiles, at most "
                         f"{MAX_TILES:,} (each is one Python-level copy); got block = {block}")
    out = np.empty((m, n))
    for i in range(0, n, block):
        for j in range(0, m, block):
            out[j:j + block, i:i + block] = a[i:i + block, j:j + block].T
    return out
