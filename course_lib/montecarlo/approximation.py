"""Deterministic approximation: the 2-approximate vertex cover (part of
:mod:`course_lib.montecarlo`, notebook ``09_monte_carlo``).

No randomness, a proven guarantee: :func:`vertex_cover_2approx` is never more than twice the
optimum, which :func:`min_vertex_cover_size` finds by brute force on small graphs.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..units import bit_patterns
from ..validation import check_array, check_int, check_rng, check_scalar
from .sampling import _check_size

__all__ = ["min_vertex_cover_size", "random_graph", "vertex_cover_2approx"]

#: Largest graph :func:`random_graph` draws: 3000 vertices have 4.5 million vertex pairs.
MAX_GRAPH_VERTICES = 3000


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
    n_vertices = _check_size(n_vertices, "n_vertices", low=1, high=MAX_GRAPH_VERTICES,
                             why="every one of the n (n - 1) / 2 pairs gets a random number")
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
    bits = bit_patterns(n_vertices, msb_first=False)  # (subsets, vertices): one row a subset
    ok = np.ones(len(bits), dtype=bool)
    for u, v in E.tolist():
        ok &= (bits[:, u] | bits[:, v]).astype(bool)
    return int(bits[ok].sum(axis=1, dtype=np.int64).min())
