"""Formula strings such as ``"~Y&~Z | ~W&X&~Y"``: a small parser and their truth tables.

Part of :mod:`course_lib.boolean` (lesson ``02_boolean_networks``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from ..validation import describe
from .tables import MAX_TABLE_N, truth_table_inputs

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
