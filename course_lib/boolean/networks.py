"""Threshold units from a rule, networks of step units and their exhaustive evaluation.

Part of :mod:`course_lib.boolean` (lesson ``02_boolean_networks``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..units import step
from ..validation import check_array, check_int, describe
from .tables import MAX_EVAL_N, _bits

_MAX_OUTPUT_BYTES = 2**30
_CHUNK_ELEMENTS = 2**17  # activations per chunk and layer: 512 KiB in float32 (cache)

# --- threshold units from a rule -------------------------------------------------------------
def _literal_masks(n: int, inputs: Any, negated: Any) -> tuple[np.ndarray, np.ndarray]:
    """Boolean masks (used, negated) over the n inputs."""
    used = np.zeros(n, dtype=bool)
    if inputs is None:
        used[:] = True
    else:
        idx = check_array(inputs, "inputs", ndim=1, dtype="int", allow_empty=True)
        if idx.size and (idx.min() < 0 or idx.max() >= n):
            raise ValueError(f"inputs must be indices in [0, {n - 1}]; got {idx.tolist()}")
        if len(np.unique(idx)) != len(idx):
            raise ValueError(f"inputs must not repeat an index; got {idx.tolist()}")
        used[idx] = True
    neg = np.zeros(n, dtype=bool)
    if negated is not None:
        arr = np.asarray(negated)
        if arr.dtype == bool:
            if arr.shape != (n,):
                raise ValueError(f"negated as a bool mask must have shape ({n},); got shape "
                                 f"{arr.shape}")
            neg = arr.copy()
        else:
            idx = check_array(negated, "negated", ndim=1, dtype="int", allow_empty=True)
            if idx.size and (idx.min() < 0 or idx.max() >= n):
                raise ValueError(f"negated must be a bool mask of shape ({n},) or indices in "
                                 f"[0, {n - 1}]; got {idx.tolist()}")
            neg[idx] = True
        if (neg & ~used).any():
            raise ValueError(f"negated names inputs that are not used: "
                             f"{np.flatnonzero(neg & ~used).tolist()}")
    return used, neg


def _require_literals(used: np.ndarray, what: str, inputs: Any) -> None:
    if not used.any():
        raise ValueError(f"inputs must name at least one input for {what} (with none it has "
                         f"no literal to test); got {inputs!r}")


def at_least_k_unit(k: int, n: int, negated: Any = None,
                    inputs: Any = None) -> tuple[np.ndarray, float]:
    """One threshold unit that fires when at least ``k`` of its literals are true.

    The rule: give each plain literal weight +1 and each negated literal weight -1 (unused
    inputs 0). With ``p`` negated literals the number of true literals is ``w·x + p``, so
    "at least k true" is ``w·x + p - k >= 0``: the bias is ``b = p - k``. AND, OR, NAND,
    NOT and majority are special cases (``k = m``, ``k = 1``...).

    Parameters
    ----------
    k : int
        How many literals must be true, 0 <= k <= m (m = number of literals).
    n : int
        Number of network inputs (length of ``w``).
    negated : bool mask of shape (n,) or sequence of int, optional
        Which literals are negated (``~x_i``). Default: none.
    inputs : sequence of int, optional
        Which inputs the unit reads. Default: all ``n``.

    Returns
    -------
    w : ndarray of shape (n,)
    b : float

    Examples
    --------
    >>> w, b = at_least_k_unit(2, 3)              # majority of three
    >>> w.tolist(), b
    ([1.0, 1.0, 1.0], -2.0)
    >>> unit_table(w, b).astype(int).tolist()
    [0, 0, 0, 1, 0, 1, 1, 1]
    """
    n = check_int(n, "n", low=1, high=MAX_EVAL_N)
    used, neg = _literal_masks(n, inputs, negated)
    m = int(used.sum())  # the number of literals (inputs used)
    k = check_int(k, "k", low=0)
    if k > m:
        raise ValueError(f"k must be at most the number of literals, {m} (the inputs the unit "
                         f"reads: inputs={'all' if inputs is None else inputs!r}); got k = {k}")
    w = np.where(used, np.where(neg, -1.0, 1.0), 0.0)
    return w, float(neg.sum() - k)


def and_unit(n: int, inputs: Any = None, negated: Any = None) -> tuple[np.ndarray, float]:
    """AND of the chosen literals: all ``m`` of them true (``k = m``).

    Examples
    --------
    >>> w, b = and_unit(3, inputs=[0, 2], negated=[2])     # x0 AND NOT x2
    >>> w.tolist(), b
    ([1.0, 0.0, -1.0], -1.0)
    """
    n = check_int(n, "n", low=1, high=MAX_EVAL_N)
    used, _ = _literal_masks(n, inputs, negated)
    return at_least_k_unit(int(used.sum()), n, negated=negated, inputs=inputs)


def or_unit(n: int, inputs: Any = None, negated: Any = None) -> tuple[np.ndarray, float]:
    """OR of the chosen literals: at least one true (``k = 1``).

    Examples
    --------
    >>> w, b = or_unit(2)
    >>> unit_table(w, b).astype(int).tolist()
    [0, 1, 1, 1]
    """
    n = check_int(n, "n", low=1, high=MAX_EVAL_N)
    _require_literals(_literal_masks(n, inputs, negated)[0], "an OR unit", inputs)
    return at_least_k_unit(1, n, negated=negated, inputs=inputs)


def not_unit(n: int, i: int) -> tuple[np.ndarray, float]:
    """NOT of input ``i``: the one-literal unit ``~x_i`` (at least 1 of 1).

    Examples
    --------
    >>> w, b = not_unit(1, 0)
    >>> w.tolist(), b, unit_table(w, b).astype(int).tolist()
    ([-1.0], 0.0, [1, 0])
    """
    n = check_int(n, "n", low=1, high=MAX_EVAL_N)
    i = check_int(i, "i", low=0, high=n - 1)
    return at_least_k_unit(1, n, negated=[i], inputs=[i])


def nand_unit(n: int, inputs: Any = None, negated: Any = None) -> tuple[np.ndarray, float]:
    """NAND: NOT(all literals true) = at least one of the *flipped* literals true.

    Examples
    --------
    >>> w, b = nand_unit(2)
    >>> w.tolist(), b, unit_table(w, b).astype(int).tolist()
    ([-1.0, -1.0], 1.0, [1, 1, 1, 0])
    """
    n = check_int(n, "n", low=1, high=MAX_EVAL_N)
    used, neg = _literal_masks(n, inputs, negated)
    _require_literals(used, "a NAND unit", inputs)
    return at_least_k_unit(1, n, negated=used & ~neg, inputs=np.flatnonzero(used))


def majority_unit(n: int, inputs: Any = None, negated: Any = None) -> tuple[np.ndarray, float]:
    """Majority: more than half of the ``m`` literals true (``k = m // 2 + 1``).

    Examples
    --------
    >>> w, b = majority_unit(4)                   # at least 3 of 4
    >>> b
    -3.0
    """
    n = check_int(n, "n", low=1, high=MAX_EVAL_N)
    used, _ = _literal_masks(n, inputs, negated)
    _require_literals(used, "a majority unit", inputs)
    return at_least_k_unit(int(used.sum()) // 2 + 1, n, negated=negated, inputs=inputs)


def unit_table(w: Any, b: Any) -> np.ndarray:
    """Truth table of one threshold unit ``[w·x + b >= 0]`` over all ``2**n`` inputs.

    Examples
    --------
    >>> unit_table([1.0, 1.0], -2.0).astype(int).tolist()    # AND
    [0, 0, 0, 1]
    """
    w = check_array(w, "w", ndim=1, shape_doc="(n,)")
    if isinstance(b, (bool, np.bool_)):
        raise TypeError(f"b must be a number (the unit's bias); got {describe(b)}")
    b = check_array(b, "b", ndim=(0, 1)).reshape(-1)
    if b.shape != (1,):
        raise ValueError(f"b must be one number; got shape {b.shape}")
    return evaluate_all([(w[:, None], b)], len(w))[:, 0]


# --- networks -------------------------------------------------------------------------------
def check_layers(layers: Any, n_inputs: int | None = None, name: str = "layers") -> list[tuple]:
    """Validate a network; return its layers as float arrays ``(W, b, U or None)``.

    Each layer is ``(W, b)`` or ``(W, b, U)``; see the module docstring.

    Examples
    --------
    >>> [W.shape for W, b, U in check_layers([(np.ones((2, 1)), np.array([-2.0]))], 2)]
    [(2, 1)]
    >>> check_layers([(np.ones((2, 1)), np.array([-2.0]))], 3)
    Traceback (most recent call last):
    ...
    ValueError: layers[0] W must have 3 rows (one per input of the layer: n_inputs = 3, the
    network's inputs); got shape (2, 1)
    """
    if isinstance(layers, tuple) and len(layers) in (2, 3) and isinstance(layers[0], np.ndarray):
        raise TypeError(f"{name} must be a list of layers [(W, b), ...]; got one (W, b) pair: "
                        "wrap it in a list")
    if not isinstance(layers, (list, tuple)):
        raise TypeError(f"{name} must be a list of layers [(W, b), ...]; got {describe(layers)}")
    if len(layers) == 0:
        raise ValueError(f"{name} must contain at least one layer; got an empty list")
    if not isinstance(name, str):
        raise TypeError(f"name must be a str (the argument's name in messages); got "
                        f"{describe(name)}")
    if n_inputs is not None:
        n_inputs = check_int(n_inputs, "n_inputs", low=0)
    if n_inputs is None:
        first = layers[0]
        shape = np.shape(first[0]) if isinstance(first, (list, tuple)) and first else ()
        n_inputs = shape[0] if len(shape) == 2 else 0
    prev, out = n_inputs, []
    for k, layer in enumerate(layers):
        where = f"{name}[{k}]"
        if not isinstance(layer, (list, tuple)) or len(layer) not in (2, 3):
            raise TypeError(f"{where} must be a pair (W, b) or a triple (W, b, U); got "
                            f"{describe(layer)}")
        source = (f"n_inputs = {n_inputs}, the network's inputs" if k == 0
                  else f"the {prev} units of {name}[{k - 1}]")
        W = check_array(layer[0], f"{where} W", ndim=2, shape_doc="(n_prev, n_units)",
                        allow_empty=True)
        if W.shape[0] != prev:
            raise ValueError(f"{where} W must have {prev} rows (one per input of the layer: "
                             f"{source}); got shape {W.shape}")
        units = W.shape[1]
        if units == 0 and k == len(layers) - 1:
            raise ValueError(f"{where} is the output layer and must have at least one unit")
        b = check_array(layer[1], f"{where} b", ndim=(0, 1), allow_empty=True).reshape(-1)
        if b.shape != (units,):
            raise ValueError(f"{where} b must have shape ({units},), one bias per unit; got "
                             f"shape {np.shape(layer[1])}")
        U = None
        if len(layer) == 3 and layer[2] is not None:
            U = check_array(layer[2], f"{where} U", ndim=2, shape_doc="(n_inputs, n_units)",
                            allow_empty=True)
            if U.shape != (n_inputs, units):
                raise ValueError(f"{where} U (skip weights from the inputs) must have shape "
                                 f"({n_inputs}, {units}); got shape {U.shape}")
        if not np.isfinite(W).all() or not np.isfinite(b).all():
            raise ValueError(f"{where} must contain only finite numbers")
        out.append((W, b, U))
        prev = units
    return out


def forward(layers: Any, X: Any) -> np.ndarray:
    """Outputs of a network of step units on the rows of ``X``.

    Parameters
    ----------
    layers : list of (W, b) or (W, b, U)
    X : ndarray of shape (n_samples, n_inputs)

    Returns
    -------
    A : ndarray of shape (n_samples, n_outputs), values 0.0 or 1.0

    Examples
    --------
    >>> from course_lib.boolean import truth_table_inputs, xor_layers
    >>> xor = xor_layers(2, 0, 1)
    >>> forward(xor, truth_table_inputs(2))[:, 0].tolist()
    [0.0, 1.0, 1.0, 0.0]
    """
    X = check_array(X, "X", ndim=2, shape_doc="(n_samples, n_inputs)")
    checked = check_layers(layers, X.shape[1])
    A = X
    for W, b, U in checked:
        Z = A @ W + b
        if U is not None:
            Z = Z + X @ U
        A = step(Z)
    return A


def evaluate_all(layers: Any, n: int, *, chunk_rows: int | None = None) -> np.ndarray:
    """Outputs of a network on *all* ``2**n`` inputs, in truth-table order.

    Vectorised over rows: each chunk of rows goes through every layer as one matrix
    product, so memory stays bounded (about ``chunk_rows x widest layer`` numbers) while n
    goes to 24 and beyond. Units use the rule of :func:`course_lib.perceptron.step`,
    ``[z >= 0]``. Integer weights are evaluated in float32 (exact while the sums stay below
    2^24), others in float64.

    Parameters
    ----------
    layers : list of (W, b) or (W, b, U)
    n : int
        Number of inputs, 1 <= n <= ``MAX_EVAL_N``.
    chunk_rows : int, optional
        Rows per chunk (a power of two); default: about 2^17 numbers per layer (cache-sized).

    Returns
    -------
    Y : ndarray of shape (2**n, n_outputs), dtype bool

    Examples
    --------
    >>> from course_lib.boolean import parity_network
    >>> evaluate_all(parity_network(3, "tree"), 3)[:, 0].astype(int).tolist()
    [0, 1, 1, 0, 1, 0, 0, 1]
    """
    n = check_int(n, "n", low=1)
    if n > MAX_EVAL_N:
        raise ValueError(f"n must be at most {MAX_EVAL_N}: 2**{n} rows are too many for "
                         f"memory; got {n}")
    checked = check_layers(layers, n)
    n_out = checked[-1][0].shape[1]
    total = 1 << n
    if total * n_out > _MAX_OUTPUT_BYTES:
        raise ValueError(f"n = {n} with {n_out} outputs needs {total * n_out:,} bytes for "
                         f"the result alone; at most {_MAX_OUTPUT_BYTES:,} are allowed")
    widest = max([n] + [W.shape[1] for W, _, _ in checked])
    if chunk_rows is None:
        # cache-sized chunks; for very wide layers at least 1024 rows (<= 32 MiB a layer)
        rows = max(_CHUNK_ELEMENTS // widest, min(1024, 2**23 // widest), 1)
        chunk_rows = 1 << (rows.bit_length() - 1)
    else:
        chunk_rows = check_int(chunk_rows, "chunk_rows", low=1)
        if chunk_rows & (chunk_rows - 1):
            raise ValueError(f"chunk_rows must be a power of two; got {chunk_rows}")
    chunk_rows = min(chunk_rows, total)
    integral = all(np.array_equal(M, np.round(M)) for layer in checked for M in layer
                   if M is not None)
    bound = max(np.abs(W).sum(axis=0).max(initial=0) + np.abs(b).max(initial=0)
                + (0 if U is None else np.abs(U).sum(axis=0).max(initial=0))
                for W, b, U in checked)
    dtype = np.float32 if integral and bound < 2**24 else np.float64
    net = [(W.astype(dtype), b.astype(dtype), None if U is None else U.astype(dtype))
           for W, b, U in checked]
    # rows of a chunk share their high bits; the low bits repeat from chunk to chunk
    k = chunk_rows.bit_length() - 1
    low = _bits(np.arange(chunk_rows, dtype=np.int64), k).astype(dtype)
    X = np.empty((chunk_rows, n), dtype=dtype)
    X[:, n - k:] = low
    Y = np.empty((total, n_out), dtype=bool)
    for c in range(total // chunk_rows):
        if n > k:
            X[:, : n - k] = _bits(np.array([c]), n - k)[0]
        A = X
        for W, b, U in net:
            Z = A @ W
            if U is not None:
                Z += X @ U
            if integral:  # z is an integer, so [z >= 0] = clip(z + 1, 0, 1), done in place
                Z += b + 1
                A = np.clip(Z, 0, 1, out=Z)
            else:
                Z += b
                A = (Z >= 0).astype(dtype)  # the step rule [z >= 0]
        Y[c * chunk_rows:(c + 1) * chunk_rows] = A
    return Y


@dataclass(frozen=True)
class NetworkCounts:
    """Size of a network: units, connection weights, biases, depth and layer widths.

    ``weights`` counts the *nonzero* connection weights (the edges of the network graph),
    skip connections included; ``parameters = weights + biases``.
    """

    units: int
    weights: int
    biases: int
    depth: int
    widths: tuple[int, ...]

    @property
    def parameters(self) -> int:
        return self.weights + self.biases

    def __repr__(self) -> str:
        shown = self.widths if len(self.widths) <= 8 else (*self.widths[:4], "...",
                                                           *self.widths[-2:])
        return (f"NetworkCounts(units={self.units}, weights={self.weights}, "
                f"depth={self.depth}, widths={shown})")


def network_counts(layers: Any) -> NetworkCounts:
    """Count units, nonzero weights, biases and depth (number of layers of units).

    Examples
    --------
    >>> from course_lib.boolean import xor_layers
    >>> network_counts(xor_layers(2, 0, 1))
    NetworkCounts(units=3, weights=6, depth=2, widths=(2, 1))
    """
    checked = check_layers(layers)
    widths = tuple(W.shape[1] for W, _, _ in checked)
    weights = sum(int(np.count_nonzero(W)) + (0 if U is None else int(np.count_nonzero(U)))
                  for W, _, U in checked)
    return NetworkCounts(units=sum(widths), weights=weights, biases=sum(widths),
                         depth=len(checked), widths=widths)
