"""Boolean networks: depth versus size (lesson ``02_boolean_networks``).

Truth tables, threshold units built from a rule, networks of step units evaluated on all
2^n inputs at once, synthesis (DNF and Quine–McCluskey minimisation), three parity
networks, linear separability by linear programming and Shannon's counting argument.

Conventions
-----------
* A truth table over ``n`` inputs has ``2**n`` rows in counting order; the *first* variable is
  the most significant bit, so the rows of ``(W, X, Y, Z)`` read 0000, 0001, 0010, ...
  A Boolean function is stored as its output column ``y``: a bool array of shape ``(2**n,)``.
* A network is a plain list of layers ``(W, b)`` of step units::

      A_0 = X;   A_k = step(A_{k-1} @ W_k + b_k)      (step(z) = [z >= 0])

  with ``W_k`` of shape ``(n_prev, n_units)`` and ``b_k`` of shape ``(n_units,)``. A layer may
  carry a third matrix ``U_k`` of shape ``(n_inputs, n_units)``, written ``(W, b, U)``: direct
  connections from the network's *inputs* (skip connections), ``Z_k = A_{k-1} @ W_k + X @ U_k
  + b_k``. The parity chain and tree use them so that an input waiting for its turn needs no
  relay units.
* A product term (implicant) over ``n`` variables is a row of an int8 array ``terms`` of
  shape ``(n_terms, n)``: 1 means the variable appears plain, 0 negated, -1 not at all.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from .units import separating_unit, step
from .validation import check_array, check_callable, check_choice, check_int, describe

__all__ = [
    "MAX_TABLE_N",
    "NetworkCounts",
    "and_unit",
    "at_least_k_unit",
    "check_layers",
    "check_truth_table",
    "circuit_count_bound",
    "count_threshold_functions",
    "dnf_network",
    "evaluate_all",
    "find_threshold_unit",
    "format_terms",
    "formula_variables",
    "forward",
    "fraction_needing_more_gates",
    "karnaugh_grid",
    "majority_unit",
    "minimise",
    "minimum_cover",
    "n_functions",
    "nand_unit",
    "network_counts",
    "not_unit",
    "one_hidden_layer_functions",
    "or_unit",
    "parity_counts",
    "parity_network",
    "parity_table",
    "prime_implicants",
    "shannon_gate_bound",
    "table_from_formula",
    "table_from_function",
    "terms_network",
    "terms_table",
    "tree_reduce",
    "truth_table_inputs",
    "unit_table",
    "xor_layers",
]

#: Largest n for which a full input table ``(2**n, n)`` is built in memory (20 MiB as uint8).
MAX_TABLE_N = 20
#: Largest n for :func:`evaluate_all` (the output column alone is 2**n bytes).
MAX_EVAL_N = 28
#: Largest n for Quine–McCluskey (the number of prime implicants can grow like 3^n / n).
MAX_QM_N = 12
#: Largest n for which :func:`minimise` finds a minimum cover by default (exactly).
MAX_EXACT_N = 8
_MAX_OUTPUT_BYTES = 2**30
_CHUNK_ELEMENTS = 2**17  # activations per chunk and layer: 512 KiB in float32 (cache)


# --- truth tables ---------------------------------------------------------------------------
def _bits(idx: np.ndarray, n: int) -> np.ndarray:
    shifts = np.arange(n - 1, -1, -1, dtype=np.int64)
    return ((idx[:, None] >> shifts) & 1).astype(np.uint8)


def truth_table_inputs(n: int) -> np.ndarray:
    """All ``2**n`` input rows of a truth table, in counting order.

    Parameters
    ----------
    n : int
        Number of inputs, 0 <= n <= ``MAX_TABLE_N`` (beyond, the table would not be
        "compact": use :func:`evaluate_all`, which makes the rows chunk by chunk).

    Returns
    -------
    X : ndarray of shape (2**n, n), dtype uint8
        ``X[i, j]`` is bit ``n - 1 - j`` of ``i`` (the first variable is the most significant).

    Examples
    --------
    >>> truth_table_inputs(2).tolist()
    [[0, 0], [0, 1], [1, 0], [1, 1]]
    """
    n = check_int(n, "n", low=0)
    if n > MAX_TABLE_N:
        raise ValueError(f"n must be at most {MAX_TABLE_N} for a full input table "
                         f"({2**n:,} rows x {n} columns would not fit comfortably in memory); "
                         f"got {n}. evaluate_all works chunk by chunk up to n = {MAX_EVAL_N}")
    return _bits(np.arange(2**n, dtype=np.int64), n)


def check_truth_table(y: Any, name: str = "y", *, max_n: int = MAX_EVAL_N) -> tuple[np.ndarray,
                                                                                      int]:
    """Validate an output column; return it as bool and its number of inputs ``n``.

    Examples
    --------
    >>> y, n = check_truth_table([0, 1, 1, 0])
    >>> y.tolist(), n
    ([False, True, True, False], 2)
    >>> check_truth_table([0, 1, 1])
    Traceback (most recent call last):
    ...
    ValueError: y must have a power-of-two length 2**n (one output per input row); got length 3
    """
    arr = check_array(y, name, ndim=1, shape_doc="(2**n,)", dtype="bool")
    size = arr.shape[0]
    if size & (size - 1):
        raise ValueError(f"{name} must have a power-of-two length 2**n (one output per input "
                         f"row); got length {size}")
    n = size.bit_length() - 1
    if n == 0:
        raise ValueError(f"{name} must have at least 2 rows (a function of at least one input); "
                         "got 1")
    if n > max_n:
        raise ValueError(f"{name} has 2**{n} rows; at most 2**{max_n} are supported here")
    return arr, n


def table_from_function(f: Callable[..., Any], n: int) -> np.ndarray:
    """Truth table of a Python function of ``n`` Boolean arguments.

    ``f`` is first called once with ``n`` integer arrays of 0/1 (one column per argument, all
    rows at once: ``lambda a, b: a ^ b`` works that way). If that fails (``a and b`` cannot
    take arrays), ``f`` is called once per row with Python bools. Both ways the arguments
    behave like Python's ``True``/``False`` (the integers 1/0), so write ``not a`` or
    ``1 - a`` for negation: ``~True`` is ``-2``, which counts as true.

    Parameters
    ----------
    f : callable
        ``f(x_1, ..., x_n)`` returning something truthy or falsy.
    n : int
        Number of arguments, 1 <= n <= 16 (the per-row fallback is a Python loop).

    Returns
    -------
    y : ndarray of shape (2**n,), dtype bool

    Examples
    --------
    >>> table_from_function(lambda a, b: a and not b, 2).tolist()
    [False, False, True, False]
    >>> table_from_function(lambda a, b, c: a + b + c == 2, 3).astype(int).tolist()
    [0, 0, 0, 1, 0, 1, 1, 0]
    """
    f = check_callable(f, "f")
    n = check_int(n, "n", low=1, high=16)
    X = truth_table_inputs(n).astype(np.int64)
    try:
        with np.errstate(all="ignore"):
            out = np.asarray(f(*X.T))
        if out.dtype == object or out.size not in (1, 2**n):
            raise TypeError
        y = np.broadcast_to(out, (2**n,)).astype(bool)
    except Exception:  # any failure of the vectorised call: go row by row
        try:
            y = np.array([bool(f(*(bool(v) for v in row))) for row in X])
        except TypeError as exc:
            raise TypeError(f"f must accept {n} Boolean arguments; calling it failed with "
                            f"{type(exc).__name__}: {exc}") from None
    return y


# --- formulas -------------------------------------------------------------------------------
_TOKEN = re.compile(r"\s*(?:(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<const>[01])"
                    r"|(?P<op>[~!¬&*·|+∨∧^⊕()]))")
_OPS = {"~": "not", "!": "not", "¬": "not", "&": "and", "*": "and", "·": "and", "∧": "and",
        "|": "or", "+": "or", "∨": "or", "^": "xor", "⊕": "xor", "(": "(", ")": ")"}


def _tokenize(formula: str) -> list[tuple[str, str, int]]:
    if not isinstance(formula, str):
        raise TypeError(f"formula must be a str such as '~Y&~Z | X'; got {describe(formula)}")
    tokens, pos = [], 0
    text = formula.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            bad = text[pos:].lstrip()[:1]
            raise ValueError(f"formula has an unexpected character {bad!r} at position "
                             f"{len(text) - len(text[pos:].lstrip())}: {formula!r}; use names, "
                             "0/1, ~ (not), & (and), | (or), ^ (xor) and parentheses")
        if m.group("name"):
            tokens.append(("name", m.group("name"), m.start("name")))
        elif m.group("const"):
            tokens.append(("const", m.group("const"), m.start("const")))
        else:
            tokens.append((_OPS[m.group("op")], m.group("op"), m.start("op")))
        pos = m.end()
    if not tokens:
        raise ValueError(f"formula must not be empty; got {formula!r}")
    return tokens


class _Parser:
    """Recursive descent: or < xor < and < not < atom (usual precedence)."""

    def __init__(self, formula: str) -> None:
        self.formula = formula
        self.tokens = _tokenize(formula)
        self.i = 0

    def fail(self, what: str) -> None:
        if self.i < len(self.tokens):
            _, text, pos = self.tokens[self.i]
            where = f"{text!r} at position {pos}"
        else:
            where = "the end of the formula"
        raise ValueError(f"formula is malformed: expected {what}, found {where} in "
                         f"{self.formula!r}")

    def peek(self) -> str | None:
        return self.tokens[self.i][0] if self.i < len(self.tokens) else None

    def parse(self) -> tuple:
        tree = self.binary(0)
        if self.i != len(self.tokens):
            self.fail("an operator (&, |, ^) or the end")
        return tree

    _LEVELS = ("or", "xor", "and")

    def binary(self, level: int) -> tuple:
        if level == len(self._LEVELS):
            return self.unary()
        op = self._LEVELS[level]
        left = self.binary(level + 1)
        while self.peek() == op:
            self.i += 1
            left = (op, left, self.binary(level + 1))
        return left

    def unary(self) -> tuple:
        kind = self.peek()
        if kind == "not":
            self.i += 1
            return ("not", self.unary())
        if kind == "(":
            self.i += 1
            inner = self.binary(0)
            if self.peek() != ")":
                self.fail("a closing parenthesis ')'")
            self.i += 1
            return inner
        if kind in ("name", "const"):
            self.i += 1
            return (kind, self.tokens[self.i - 1][1])
        self.fail("a variable, 0, 1, '~' or '('")
        raise AssertionError  # pragma: no cover


def _names(tree: tuple, out: set[str]) -> set[str]:
    if tree[0] == "name":
        out.add(tree[1])
    elif tree[0] != "const":
        for sub in tree[1:]:
            _names(sub, out)
    return out


def formula_variables(formula: str) -> list[str]:
    """The variables of a formula, sorted (the default column order of its truth table).

    Examples
    --------
    >>> formula_variables("~Y&~Z | ~W&X&~Y | ~X&Y&~Z")
    ['W', 'X', 'Y', 'Z']
    """
    return sorted(_names(_Parser(formula).parse(), set()))


def _eval_tree(tree: tuple, columns: dict[str, np.ndarray], size: int) -> np.ndarray:
    kind = tree[0]
    if kind == "name":
        return columns[tree[1]]
    if kind == "const":
        return np.full(size, tree[1] == "1")
    if kind == "not":
        return ~_eval_tree(tree[1], columns, size)
    a, b = _eval_tree(tree[1], columns, size), _eval_tree(tree[2], columns, size)
    return {"and": np.logical_and, "or": np.logical_or, "xor": np.logical_xor}[kind](a, b)


def table_from_formula(formula: str, variables: Sequence[str] | None = None) -> np.ndarray:
    """Truth table of a formula string such as ``"~Y&~Z | ~W&X&~Y | ~X&Y&~Z"``.

    Operators, loosest first: ``|`` or ``+`` (or), ``^`` (xor), ``&`` or ``*`` (and), ``~`` or
    ``!`` (not); parentheses group; ``0`` and ``1`` are constants. Names are identifiers, so
    ``WX`` is *one* variable: write ``W&X``.

    Parameters
    ----------
    formula : str
    variables : sequence of str, optional
        Column order (first = most significant bit). Default: the formula's names, sorted.
        It may name variables the formula does not use.

    Returns
    -------
    y : ndarray of shape (2**n,), dtype bool

    Examples
    --------
    >>> table_from_formula("A & ~B").tolist()
    [False, False, True, False]
    >>> table_from_formula("A | B", variables=["A", "B", "C"]).astype(int).tolist()
    [0, 0, 1, 1, 1, 1, 1, 1]
    """
    tree = _Parser(formula).parse()
    used = _names(tree, set())
    if variables is None:
        names = sorted(used)
    else:
        if isinstance(variables, str) or not isinstance(variables, Sequence):
            raise TypeError(f"variables must be a list of names such as ['W', 'X']; got "
                            f"{describe(variables)}")
        names = list(variables)
        if len(set(names)) != len(names):
            raise ValueError(f"variables must not repeat a name; got {names}")
        missing = sorted(used - set(names))
        if missing:
            raise ValueError(f"variables must include every name of the formula; missing "
                             f"{missing} (got {names})")
    if len(names) > MAX_TABLE_N:
        raise ValueError(f"a formula may use at most {MAX_TABLE_N} variables; got {len(names)}")
    X = truth_table_inputs(len(names)).astype(bool)
    columns = {name: X[:, j] for j, name in enumerate(names)}
    return _eval_tree(tree, columns, X.shape[0]).astype(bool)


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
    m = int(used.sum())
    k = check_int(k, "k", low=0, high=m)
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
    return at_least_k_unit(int(used.sum()) // 2 + 1, n, negated=negated, inputs=inputs)


def unit_table(w: Any, b: Any) -> np.ndarray:
    """Truth table of one threshold unit ``[w·x + b >= 0]`` over all ``2**n`` inputs.

    Examples
    --------
    >>> unit_table([1.0, 1.0], -2.0).astype(int).tolist()    # AND
    [0, 0, 0, 1]
    """
    w = check_array(w, "w", ndim=1, shape_doc="(n,)")
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
    >>> check_layers([(np.ones((2, 1)), np.array([-2.0]))], 3)
    Traceback (most recent call last):
    ...
    ValueError: layers[0] W must have 3 rows (one per input of the layer: the network's 3
    inputs); got shape (2, 1)
    """
    if isinstance(layers, tuple) and len(layers) in (2, 3) and isinstance(layers[0], np.ndarray):
        raise TypeError(f"{name} must be a list of layers [(W, b), ...]; got one (W, b) pair: "
                        "wrap it in a list")
    if not isinstance(layers, (list, tuple)):
        raise TypeError(f"{name} must be a list of layers [(W, b), ...]; got {describe(layers)}")
    if len(layers) == 0:
        raise ValueError(f"{name} must contain at least one layer; got an empty list")
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
        source = (f"the network's {n_inputs} inputs" if k == 0
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
    >>> network_counts(xor_layers(2, 0, 1))
    NetworkCounts(units=3, weights=6, depth=2, widths=(2, 1))
    """
    checked = check_layers(layers)
    widths = tuple(W.shape[1] for W, _, _ in checked)
    weights = sum(int(np.count_nonzero(W)) + (0 if U is None else int(np.count_nonzero(U)))
                  for W, _, U in checked)
    return NetworkCounts(units=sum(widths), weights=weights, biases=sum(widths),
                         depth=len(checked), widths=widths)


# --- synthesis: DNF and Quine–McCluskey ------------------------------------------------------
def terms_network(terms: Any, n: int | None = None) -> list[tuple[np.ndarray, np.ndarray]]:
    """One-hidden-layer network of a sum of products: an AND unit per term, an OR output.

    Parameters
    ----------
    terms : int array of shape (n_terms, n)
        1 = plain literal, 0 = negated literal, -1 = variable absent.
    n : int, optional
        Number of inputs when ``terms`` is empty (the constant-false function).

    Returns
    -------
    layers : [(W1, b1), (W2, b2)]
        ``W1`` of shape (n, n_terms), ``W2`` of shape (n_terms, 1).

    Examples
    --------
    >>> net = terms_network(np.array([[1, -1], [-1, 1]]))    # x0 | x1
    >>> evaluate_all(net, 2)[:, 0].astype(int).tolist()
    [0, 1, 1, 1]
    """
    T = _check_terms(terms, n)
    W1 = np.where(T == 1, 1.0, np.where(T == 0, -1.0, 0.0)).T
    b1 = -(T == 1).sum(axis=1).astype(float)  # AND: all plain literals on, no negated one
    return [(W1, b1), (np.ones((T.shape[0], 1)), np.array([-1.0]))]


def _check_terms(terms: Any, n: int | None = None) -> np.ndarray:
    T = check_array(terms, "terms", ndim=2, dtype="int", allow_empty=True,
                    shape_doc="(n_terms, n)")
    if T.size == 0 and T.shape[1] == 0:
        if n is None:
            raise ValueError("terms is empty: pass n, the number of inputs")
        T = np.zeros((0, check_int(n, "n", low=1)), dtype=np.int64)
    if T.shape[1] == 0:
        raise ValueError("terms must have at least one column (one per variable)")
    if not np.isin(T, (-1, 0, 1)).all():
        raise ValueError(f"terms must contain only 1 (plain), 0 (negated) and -1 (absent); "
                         f"got values {np.unique(T)[:6].tolist()}")
    return T.astype(np.int8)


def dnf_network(y: Any) -> list[tuple[np.ndarray, np.ndarray]]:
    """Canonical DNF network of a truth table: one hidden AND unit per true row, an OR output.

    Hidden unit for a true row ``r``: weight +1 on the inputs that are 1 in ``r``, -1 on those
    that are 0, bias ``-(number of ones in r)``; it fires on ``r`` and on no other row.

    Parameters
    ----------
    y : array of shape (2**n,) with 0/1 or bool values

    Returns
    -------
    layers : [(W1, b1), (W2, b2)], ``W1`` of shape (n, n_true_rows)

    Examples
    --------
    >>> net = dnf_network([0, 1, 1, 0])
    >>> network_counts(net).units, evaluate_all(net, 2)[:, 0].astype(int).tolist()
    (3, [0, 1, 1, 0])
    """
    y, n = check_truth_table(y, max_n=MAX_TABLE_N)
    rows = _bits(np.flatnonzero(y), n)
    return terms_network(rows.astype(np.int8), n)


def terms_table(terms: Any, n: int | None = None) -> np.ndarray:
    """Truth table of a sum of products (see :func:`terms_network` for ``terms``).

    Examples
    --------
    >>> terms_table(np.array([[1, 0]])).astype(int).tolist()       # x0 & ~x1
    [0, 0, 1, 0]
    """
    T = _check_terms(terms, n)
    X = truth_table_inputs(T.shape[1]).astype(np.int8)
    if T.shape[0] == 0:
        return np.zeros(X.shape[0], dtype=bool)
    match = (T[None, :, :] == -1) | (X[:, None, :] == T[None, :, :])
    return match.all(axis=2).any(axis=1)


def prime_implicants(y: Any) -> np.ndarray:
    """Prime implicants of a truth table by Quine–McCluskey.

    Start from the true rows; repeatedly merge two terms that differ in exactly one
    variable (that variable becomes "absent"); the terms that never merge are the primes.

    Parameters
    ----------
    y : array of shape (2**n,), n <= ``MAX_QM_N``

    Returns
    -------
    terms : int8 array of shape (n_primes, n)
        Sorted by number of literals, then lexicographically.

    Examples
    --------
    >>> prime_implicants(table_from_formula("A&B | A&~B | ~A&B")).tolist()
    [[-1, 1], [1, -1]]
    """
    y, n = check_truth_table(y, max_n=MAX_QM_N)
    current = {(int(v), 0) for v in np.flatnonzero(y)}  # (value bits, don't-care mask)
    primes: set[tuple[int, int]] = set()
    while current:
        merged: set[tuple[int, int]] = set()
        used: set[tuple[int, int]] = set()
        by_mask: dict[int, dict[int, list[int]]] = {}
        for v, m in current:
            by_mask.setdefault(m, {}).setdefault(v.bit_count(), []).append(v)
        for m, groups in by_mask.items():
            for ones, values in groups.items():
                partners = set(groups.get(ones + 1, ()))
                for v in values:
                    for bit in range(n):
                        flag = 1 << bit
                        if not (m & flag) and not (v & flag) and (v | flag) in partners:
                            merged.add((v, m | flag))
                            used.add((v, m))
                            used.add((v | flag, m))
        primes |= current - used
        current = merged
    return _pairs_to_terms(primes, n)


def _pairs_to_terms(pairs: Any, n: int) -> np.ndarray:
    rows = []
    for v, m in pairs:
        row = [-1 if (m >> (n - 1 - j)) & 1 else (v >> (n - 1 - j)) & 1 for j in range(n)]
        rows.append(row)
    T = np.array(rows, dtype=np.int8).reshape(-1, n)
    if len(T):
        order = sorted(range(len(T)), key=lambda i: (int((T[i] >= 0).sum()), T[i].tolist()))
        T = T[order]
    return T


def _cover_matrix(terms: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    minterms = np.flatnonzero(y)
    X = _bits(minterms, terms.shape[1]).astype(np.int8)
    covers = ((terms[None, :, :] == -1) | (X[:, None, :] == terms[None, :, :])).all(axis=2)
    return covers, minterms  # covers[i, p]: term p covers true row minterms[i]


def minimum_cover(terms: Any, y: Any, *, exact: bool | None = None) -> np.ndarray:
    """Choose the fewest terms that together cover every true row of ``y``.

    Essential terms (the only ones covering some row) are taken first. The rest is a set
    cover problem, NP-hard in general: with ``exact=True`` it is solved exactly as a 0/1
    integer program (``scipy.optimize.milp``; ties broken by fewer literals); with
    ``exact=False`` greedily (most uncovered rows first), which can use a few terms too many.
    Default: exact for n <= ``MAX_EXACT_N``, greedy above.

    Parameters
    ----------
    terms : int array of shape (n_terms, n)
        Candidate implicants, e.g. from :func:`prime_implicants`.
    y : array of shape (2**n,)
    exact : bool, optional

    Returns
    -------
    terms : int8 array of shape (n_chosen, n)

    Examples
    --------
    >>> y = table_from_formula("A&B | ~A&~B | A&~B")
    >>> format_terms(minimum_cover(prime_implicants(y), y), ["A", "B"])
    '~B | A'
    """
    y, n = check_truth_table(y, max_n=MAX_QM_N)
    T = _check_terms(terms, n)
    if T.shape[1] != n:
        raise ValueError(f"terms must have {n} columns (y has 2**{n} rows); got shape {T.shape}")
    if exact is None:
        exact = n <= MAX_EXACT_N
    elif not isinstance(exact, (bool, np.bool_)):
        raise TypeError(f"exact must be True, False or None; got {describe(exact)}")
    if not y.any():
        return T[:0]
    covers, minterms = _cover_matrix(T, y)
    implied = terms_table(T, n)
    if (implied & ~y).any():
        bad = int(np.flatnonzero(implied & ~y)[0])
        raise ValueError(f"terms must be implicants of y; some term is true on row {bad}, "
                         f"where y is false")
    if not covers.any(axis=1).all():
        row = int(minterms[~covers.any(axis=1)][0])
        raise ValueError(f"terms do not cover true row {row} of y")
    chosen = np.zeros(len(T), dtype=bool)
    only = covers.sum(axis=1) == 1
    chosen[np.nonzero(covers[only])[1]] = True  # essential terms
    left = ~covers[:, chosen].any(axis=1)
    if left.any():
        sub = covers[left]
        cand = np.flatnonzero(sub.any(axis=0) & ~chosen)
        if exact:
            chosen[cand[_exact_cover(sub[:, cand], (T[cand] >= 0).sum(axis=1))]] = True
        else:
            remaining = left.copy()
            while remaining.any():
                gain = covers[remaining].sum(axis=0)
                gain[chosen] = -1
                lits = (T >= 0).sum(axis=1)
                best = int(np.lexsort((lits, -gain))[0])
                chosen[best] = True
                remaining &= ~covers[:, best]
    return T[chosen]


def _exact_cover(covers: np.ndarray, literals: np.ndarray) -> np.ndarray:
    from scipy.optimize import Bounds, LinearConstraint, milp

    p = covers.shape[1]
    # cost 1 per term; literals add less than 1 in total, so they only break ties
    cost = 1.0 + literals / (literals.sum() + 1.0)
    res = milp(cost, constraints=LinearConstraint(covers.astype(float), lb=1.0),
               integrality=np.ones(p), bounds=Bounds(0, 1),
               options={"mip_rel_gap": 0.0})
    if res.status != 0:  # pragma: no cover - a feasible cover always exists here
        raise RuntimeError(f"the exact cover failed: {res.message}")
    return np.round(res.x).astype(bool)


def minimise(y: Any, *, exact: bool | None = None) -> np.ndarray:
    """A minimum sum of products of a truth table: QM prime implicants + minimum cover.

    Exact (fewest terms, then fewest literals) for n <= ``MAX_EXACT_N`` by default. For
    ``MAX_EXACT_N < n <= MAX_QM_N`` the cover is greedy unless ``exact=True`` (which can take
    long: set cover is NP-hard and the number of primes grows quickly); above ``MAX_QM_N``
    prime generation itself is refused.

    Returns
    -------
    terms : int8 array of shape (n_terms, n)

    Examples
    --------
    >>> y = table_from_formula("~Y&~Z | ~W&X&~Y | ~X&Y&~Z")
    >>> format_terms(minimise(y), ["W", "X", "Y", "Z"])
    '~Y&~Z | ~X&~Z | ~W&X&~Y'
    """
    return minimum_cover(prime_implicants(y), y, exact=exact)


def format_terms(terms: Any, variables: Sequence[str] | None = None) -> str:
    """A sum of products as a formula string (``"0"`` if empty, ``"1"`` for the empty term).

    Examples
    --------
    >>> format_terms(np.array([[1, -1, 0], [0, 0, -1]]))
    'x0&~x2 | ~x0&~x1'
    """
    T = _check_terms(terms, 1 if variables is None else max(1, len(variables)))
    names = list(variables) if variables is not None else [f"x{j}" for j in range(T.shape[1])]
    if len(names) != T.shape[1]:
        raise ValueError(f"variables must name the {T.shape[1]} columns of terms; got "
                         f"{len(names)} names")
    if T.shape[0] == 0:
        return "0"
    parts = []
    for row in T:
        lits = [("" if v == 1 else "~") + names[j] for j, v in enumerate(row) if v >= 0]
        parts.append("&".join(lits) if lits else "1")
    return " | ".join(parts)


def karnaugh_grid(y: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Arrange a truth table (n = 2, 3 or 4) as a Karnaugh map.

    Rows are indexed by the first ``n // 2`` variables, columns by the rest, both in Gray-code
    order (neighbours differ in one bit, also across the wrap-around), so that an implicant is
    a rectangle of 1, 2, 4... cells.

    Returns
    -------
    grid : bool array of shape (2**(n//2), 2**(n - n//2))
    row_codes, col_codes : int arrays
        The Gray codes of the rows and columns (the bits of their variables).

    Examples
    --------
    >>> grid, rows, cols = karnaugh_grid(table_from_formula("A ^ B ^ C"))
    >>> cols.tolist(), grid.astype(int).tolist()
    ([0, 1, 3, 2], [[0, 1, 0, 1], [1, 0, 1, 0]])
    """
    y, n = check_truth_table(y, max_n=4)
    if n < 2:
        raise ValueError(f"a Karnaugh map needs 2 to 4 variables; y has {n}")
    r, c = n // 2, n - n // 2
    gray = lambda k: np.array([i ^ (i >> 1) for i in range(2**k)])  # noqa: E731
    rows, cols = gray(r), gray(c)
    grid = y[(rows[:, None] << c) | cols[None, :]]
    return grid, rows, cols


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
    n = check_int(n, "n", low=2)
    if kind == "one_layer":
        return {"units": 2 ** (n - 1) + 1, "weights": (n + 1) * 2 ** (n - 1), "depth": 2}
    if kind == "counting":
        return {"units": n + 1, "weights": n * n + n, "depth": 2}
    depth = 2 * (n - 1) if kind == "chain" else 2 * math.ceil(math.log2(n))
    return {"units": 3 * (n - 1), "weights": 6 * (n - 1), "depth": depth}


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
    if not 0 < fraction < 1:
        raise ValueError(f"fraction must be in (0, 1); got {fraction!r}")
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
