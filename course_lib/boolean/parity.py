"""Parity of N bits: its truth table and four networks (DNF, chain, tree, counting).

Part of :mod:`course_lib.boolean` (lesson ``02_boolean_networks``).
"""

from __future__ import annotations

import math

import numpy as np

from ..validation import check_choice, check_int
from .networks import and_unit, or_unit
from .synthesis import dnf_network
from .tables import MAX_EVAL_N


# --- parity ---------------------------------------------------------------------------------
def parity_table(n: int) -> np.ndarray:
    """Truth table of the parity (XOR) of ``n`` bits.

    Examples
    --------
    >>> parity_table(3).astype(int).tolist()
    [0, 1, 1, 0, 1, 0, 0, 1]
    """
    n = check_int(n, "n", low=1, high=MAX_EVAL_N)
    idx = np.arange(2**n, dtype=np.uint32)
    return (np.bitwise_count(idx) & 1).astype(bool)


def xor_layers(n: int, i: int, j: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """The 3-unit XOR block ``x_i XOR x_j`` on ``n`` inputs, as two layers.

    Hidden: ``x_i & ~x_j`` and ``~x_i & x_j`` (two AND units); output: their OR.

    Examples
    --------
    >>> [W.shape for W, b in xor_layers(4, 1, 3)]
    [(4, 2), (2, 1)]
    """
    n = check_int(n, "n", low=2, high=MAX_EVAL_N)
    i = check_int(i, "i", low=0, high=n - 1)
    j = check_int(j, "j", low=0, high=n - 1)
    if i == j:
        raise ValueError(f"i and j must be different inputs; got i = j = {i}")
    h1 = and_unit(n, inputs=[i, j], negated=[j])
    h2 = and_unit(n, inputs=[i, j], negated=[i])
    W1 = np.stack([h1[0], h2[0]], axis=1)
    w2, b2 = or_unit(2)
    return [(W1, np.array([h1[1], h2[1]])), (w2[:, None], np.array([b2]))]


_PARITY_KINDS = ("one_layer", "chain", "tree", "counting")
#: Largest N for :func:`parity_counts` (the one-layer count 2^(N-1) is an exact N-bit integer).
MAX_COUNT_N = 100_000


def _xor_pair_layers(n_prev: int, n: int, pairs: list[tuple[tuple[str, int], tuple[str, int]]]
                     ) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Two layers computing XOR blocks; each operand is ('prev', index) or ('x', input)."""
    m = len(pairs)
    W1, U1, b1 = np.zeros((n_prev, 2 * m)), np.zeros((n, 2 * m)), np.zeros(2 * m)
    for p, (a, b) in enumerate(pairs):
        for unit, neg in ((2 * p, b), (2 * p + 1, a)):  # a&~b, ~a&b
            for src, idx in (a, b):
                M = W1 if src == "prev" else U1
                M[idx, unit] = -1.0 if (src, idx) == neg else 1.0
            b1[unit] = -1.0
    W2 = np.zeros((2 * m, m))
    for p in range(m):
        W2[2 * p:2 * p + 2, p] = 1.0
    return [(W1, b1, U1 if U1.any() else None), (W2, -np.ones(m), None)]


def parity_network(n: int, kind: str = "tree") -> list[tuple]:
    """A threshold network computing the parity of ``n`` bits.

    Kinds
    -----
    ``"one_layer"``: the DNF, one hidden AND unit per odd row: 2^(n-1) hidden units.
    ``"chain"``: XOR blocks in a row, ``((x0 ^ x1) ^ x2) ^ ...``: 3(n-1) units, depth 2(n-1).
    ``"tree"``: XOR blocks paired level by level: 3(n-1) units, depth 2*ceil(log2 n).
    ``"counting"``: hidden units ``[sum(x) >= k]`` for k = 1..n and an output with
    alternating weights +1, -1, +1...: n + 1 units, depth 2 (one hidden layer of *threshold*
    units beats the 2^(n-1) AND units; see the lesson's myths).

    Chain and tree read waiting inputs through skip weights ``U`` (no relay units).

    Parameters
    ----------
    n : int
        Number of bits, 2 <= n <= 24 (``"one_layer"``: n <= 16).
    kind : {"one_layer", "chain", "tree", "counting"}

    Returns
    -------
    layers : list of (W, b, U)

    Examples
    --------
    >>> from course_lib.boolean import evaluate_all, network_counts
    >>> net = parity_network(5, "chain")
    >>> bool((evaluate_all(net, 5)[:, 0] == parity_table(5)).all()), network_counts(net).units
    (True, 12)
    """
    kind = check_choice(kind, "kind", _PARITY_KINDS)
    n = check_int(n, "n", low=2, high=16 if kind == "one_layer" else 24)
    if kind == "one_layer":
        return dnf_network(parity_table(n))
    if kind == "counting":
        W1 = np.ones((n, n))
        b1 = -np.arange(1.0, n + 1)
        W2 = np.array([[(-1.0) ** k] for k in range(n)])
        return [(W1, b1, None), (W2, np.array([-1.0]), None)]
    if kind == "chain":
        layers = _xor_pair_layers(n, n, [(("prev", 0), ("prev", 1))])
        for k in range(2, n):
            layers += _xor_pair_layers(1, n, [(("prev", 0), ("x", k))])
        return layers
    # tree: pair just enough inputs first that the rest is a perfect binary tree
    r = n - 2 ** (math.ceil(math.log2(n)) - 1)
    layers = _xor_pair_layers(n, n, [(("prev", 2 * p), ("prev", 2 * p + 1)) for p in range(r)])
    operands = [("prev", p) for p in range(r)] + [("x", i) for i in range(2 * r, n)]
    while len(operands) > 1:
        pairs = [(operands[2 * p], operands[2 * p + 1]) for p in range(len(operands) // 2)]
        layers += _xor_pair_layers(layers[-1][0].shape[1], n, pairs)
        operands = [("prev", p) for p in range(len(pairs))]
    return layers


def parity_counts(n: int, kind: str) -> dict[str, int]:
    """Units, weights and depth of :func:`parity_network` by formula (not by counting).

    ============  =================  ====================  ===================
    kind          units              weights (nonzero)     depth
    ============  =================  ====================  ===================
    one_layer     2^(n-1) + 1        (n + 1) 2^(n-1)       2
    chain         3(n - 1)           6(n - 1)              2(n - 1)
    tree          3(n - 1)           6(n - 1)              2 ceil(log2 n)
    counting      n + 1              n^2 + n               2
    ============  =================  ====================  ===================

    Examples
    --------
    >>> parity_counts(16, "one_layer")
    {'units': 32769, 'weights': 557056, 'depth': 2}
    >>> parity_counts(16, "tree")
    {'units': 45, 'weights': 90, 'depth': 8}
    """
    kind = check_choice(kind, "kind", _PARITY_KINDS)
    n = check_int(n, "n", low=2, high=MAX_COUNT_N)  # exact integers of up to n bits
    if kind == "one_layer":
        return {"units": 2 ** (n - 1) + 1, "weights": (n + 1) * 2 ** (n - 1), "depth": 2}
    if kind == "counting":
        return {"units": n + 1, "weights": n * n + n, "depth": 2}
    depth = 2 * (n - 1) if kind == "chain" else 2 * math.ceil(math.log2(n))
    return {"units": 3 * (n - 1), "weights": 6 * (n - 1), "depth": depth}
