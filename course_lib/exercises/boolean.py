"""Lesson 02 exercises: an "at least k of n" unit, DNF synthesis, one XOR (parity) block.

Networks and units are judged by what they *compute* on every input, not by their numbers:
any weights that give the right truth table pass.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import boolean as bl  # the name lesson 02 uses: the model solution is pasted there
from .. import boolean as ref
from .core import Exercise, Mistake, register

LESSON = "02_boolean_networks"


def _as_network(got: Any, what: str) -> tuple[list | None, str | None]:
    """Turn a learner's answer into a checked network, or return the reason it is not one."""
    if got is None:
        return None, "your function returned None (is a `return` statement missing?)"
    try:
        return ref.check_layers(got), None
    except (TypeError, ValueError) as exc:
        return None, f"the answer is not a valid {what}: {exc}"


def _table(layers: list) -> np.ndarray:
    n = layers[0][0].shape[0]
    return ref.evaluate_all(layers, n)


def _rows(y: np.ndarray) -> str:
    return "[" + " ".join(str(int(v)) for v in y) + "]"


# --- at_least_k_unit --------------------------------------------------------------------------
def _unit_as_layers(unit: Any) -> tuple[list | None, str | None]:
    if unit is None:
        return None, "your function returned None (is a `return` statement missing?)"
    if not isinstance(unit, (tuple, list)) or len(unit) != 2:
        return None, "expected a pair (w, b): a weight vector and a bias"
    w, b = unit
    try:
        w = np.asarray(w, dtype=float)
        b = np.asarray(b, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        return None, "w and b must be numbers (w a 1-D array, b one number)"
    if w.ndim != 1 or b.shape != (1,):
        return None, (f"w must be a 1-D array and b one number; got w of shape {w.shape} and b "
                      f"of shape {np.shape(unit[1])}")
    return _as_network([(w[:, None], b)], "unit")


def _compare_units(expected: Any, got: Any) -> str | None:
    exp, _ = _unit_as_layers(expected)
    net, reason = _unit_as_layers(got)
    if reason:
        return reason
    n = exp[0][0].shape[0]
    if net[0][0].shape[0] != n:
        return f"w must have one weight per input, shape ({n},); got {net[0][0].shape[0]}"
    want, have = _table(exp)[:, 0], _table(net)[:, 0]
    if not np.array_equal(want, have):
        wrong = int(np.flatnonzero(want != have)[0])
        bits = "".join(map(str, ref.truth_table_inputs(n)[wrong]))
        return (f"the unit's truth table differs, first on input {bits}: expected "
                f"{int(want[wrong])}, got {int(have[wrong])}")
    return None


def _at_least_case(rng: np.random.Generator) -> dict:
    n = int(rng.integers(1, 7))
    negated = rng.random(n) < 0.4
    if rng.random() < 0.2:
        negated[:] = False
    k = int(rng.integers(0, n + 1)) if rng.random() < 0.2 else int(rng.integers(1, n + 1))
    return {"k": k, "n": n, "negated": negated}


def _at_least_solution(k, n, negated):
    w = np.where(negated, -1.0, 1.0)   # +1 for x_i, -1 for ~x_i
    # true literals = w·x + (number of negated ones); fire when that is >= k
    b = float(np.sum(negated)) - k
    return w, b


register(Exercise(
    name="at_least_k_unit",
    lesson=LESSON,
    reference=ref.at_least_k_unit,
    make_case=_at_least_case,
    solution=_at_least_solution,
    compare=_compare_units,
    n_cases=60,
    hints=(
        "Count the true literals. A plain literal x_i is true when x_i = 1; a negated one ~x_i "
        "when x_i = 0, i.e. it contributes 1 - x_i.",
        "With w_i = +1 for plain and -1 for negated literals, the number of true literals is "
        "w·x + p, where p is the number of negated literals.",
        "The unit fires when w·x + b >= 0, so b = p - k.",
    ),
    mistakes=(
        Mistake(lambda k, n, negated: (np.where(negated, -1.0, 1.0), -float(k)),
                "the bias ignores the negated literals: each ~x_i adds 1 to the count when "
                "x_i = 0, so b = (number of negated) - k."),
        Mistake(lambda k, n, negated: (np.ones(n), -float(k)),
                "the negated inputs need weight -1 (a ~x_i literal is true when x_i is 0)."),
        Mistake(lambda k, n, negated: (np.where(negated, -1.0, 1.0),
                                       float(np.sum(negated)) - k - 1),
                "off by one: 'at least k' is count >= k, which is count - k >= 0 (you made it "
                "count > k)."),
        Mistake(lambda k, n, negated: (np.where(negated, -1.0, 1.0),
                                       float(k) - float(np.sum(negated))),
                "sign of the bias: the unit fires when w·x + b >= 0, so b = p - k, not k - p."),
    ),
))


# --- dnf_network ------------------------------------------------------------------------------
def _compare_networks(expected: Any, got: Any, *, what: str, exact_width: bool) -> str | None:
    exp, _ = _as_network(expected, "network")
    net, reason = _as_network(got, "network: a list of layers [(W1, b1), (W2, b2)]")
    if reason:
        return reason
    n = exp[0][0].shape[0]
    if net[0][0].shape[0] != n:
        return f"W1 must have {n} rows, one per input; got shape {net[0][0].shape}"
    if len(net) != len(exp):
        return f"{what} has {len(exp)} layers (hidden and output); got {len(net)}"
    if net[-1][0].shape[1] != 1:
        return f"the output layer must have one unit; got {net[-1][0].shape[1]}"
    want, have = _table(exp)[:, 0], _table(net)[:, 0]
    if not np.array_equal(want, have):
        wrong = int(np.flatnonzero(want != have)[0])
        bits = "".join(map(str, ref.truth_table_inputs(n)[wrong]))
        return (f"the network's truth table differs, first on input {bits}: expected "
                f"{int(want[wrong])}, got {int(have[wrong])} (expected {_rows(want)}, got "
                f"{_rows(have)})")
    if exact_width and net[0][0].shape[1] != exp[0][0].shape[1]:
        return (f"the truth table is right, but the DNF network has one hidden unit per true "
                f"row: {exp[0][0].shape[1]}; got {net[0][0].shape[1]}")
    return None


def _dnf_case(rng: np.random.Generator) -> dict:
    n = int(rng.integers(2, 5))
    y = rng.random(2**n) < rng.uniform(0.25, 0.75)
    if not y.any():
        y[rng.integers(2**n)] = True
    if y.all():
        y[rng.integers(2**n)] = False
    return {"y": y}


def _dnf_solution(y):
    n = int(np.log2(len(y)))
    X = bl.truth_table_inputs(n)             # all input rows (lesson 02 imports it as bl)
    rows = X[np.asarray(y, dtype=bool)]       # the rows where the output is 1
    W1 = np.where(rows == 1, 1.0, -1.0).T     # +1 where the row has a 1, -1 where a 0
    b1 = -rows.sum(axis=1).astype(float)      # fires only on its own row
    W2 = np.ones((len(rows), 1))              # output: OR of the hidden units
    b2 = np.array([-1.0])
    return [(W1, b1), (W2, b2)]


def _dnf_wrong_bias(y, shift):
    (W1, b1), out = ref.dnf_network(y)
    return [(W1, b1 + shift), out]


def _dnf_wrong_zeros(y):
    (W1, b1), out = ref.dnf_network(y)
    return [(np.maximum(W1, 0.0), b1), out]


def _dnf_and_output(y):
    hidden, (W2, _) = ref.dnf_network(y)
    return [hidden, (W2, np.array([-float(W2.shape[0])]))]


register(Exercise(
    name="dnf_network",
    lesson=LESSON,
    reference=ref.dnf_network,
    make_case=_dnf_case,
    solution=_dnf_solution,
    compare=lambda e, g: _compare_networks(e, g, what="the DNF network", exact_width=True),
    n_cases=40,
    hints=(
        "One hidden unit per row where y is 1; that unit must fire on its row and on no other. "
        "The output unit is an OR of the hidden units.",
        "For a row r: weight +1 on inputs that are 1 in r, -1 on inputs that are 0. Then "
        "w·x reaches its largest value, the number of ones in r, only at x = r.",
        "So the hidden bias is -(number of ones in r); the OR output has weights 1 and bias -1. "
        "truth_table_inputs(n)[y] gives the true rows.",
    ),
    mistakes=(
        Mistake(lambda y: _dnf_wrong_bias(y, 1.0),
                "a hidden unit's bias is one too high: it also fires on rows next to its own "
                "(one bit different). Use b = -(number of ones in the row)."),
        Mistake(_dnf_wrong_zeros,
                "the zeros of a row need weight -1 (not 0); otherwise the unit also fires on "
                "rows that have extra ones."),
        Mistake(_dnf_and_output,
                "the output must be an OR of the hidden units (bias -1), not an AND."),
    ),
))


# --- xor_layers (one parity block) ------------------------------------------------------------
def _xor_case(rng: np.random.Generator) -> dict:
    n = int(rng.integers(2, 6))
    i, j = (int(v) for v in rng.choice(n, size=2, replace=False))
    return {"n": n, "i": i, "j": j}


def _xor_solution(n, i, j):
    W1 = np.zeros((n, 2))
    W1[i, 0], W1[j, 0] = 1.0, -1.0      # h1 = x_i AND NOT x_j
    W1[i, 1], W1[j, 1] = -1.0, 1.0      # h2 = NOT x_i AND x_j
    b1 = np.array([-1.0, -1.0])
    W2 = np.array([[1.0], [1.0]])       # output = h1 OR h2
    b2 = np.array([-1.0])
    return [(W1, b1), (W2, b2)]


def _gate_net(n, i, j, hidden_units, out):
    W1 = np.zeros((n, len(hidden_units)))
    b1 = np.zeros(len(hidden_units))
    for u, (wi, wj, b) in enumerate(hidden_units):
        W1[i, u], W1[j, u], b1[u] = wi, wj, b
    return [(W1, b1), (np.array(out[0], dtype=float)[:, None], np.array([out[1]]))]


def _compare_xor(expected: Any, got: Any) -> str | None:
    reason = _compare_networks(expected, got, what="the XOR block", exact_width=False)
    if reason is None and np.shape(got[0][0])[1] != 2:
        return (f"the truth table is right, but a parity block has 2 hidden units and 1 output "
                f"(3 units); got {np.shape(got[0][0])[1]} hidden units")
    return reason


register(Exercise(
    name="xor_layers",
    lesson=LESSON,
    reference=ref.xor_layers,
    make_case=_xor_case,
    solution=_xor_solution,
    compare=_compare_xor,
    n_cases=40,
    hints=(
        "x_i XOR x_j is true when exactly one of the two is 1: (x_i AND NOT x_j) OR "
        "(NOT x_i AND x_j). Two hidden AND units, one OR output.",
        "Only columns i and j of W1 are nonzero; W1 has shape (n, 2).",
        "x_i AND NOT x_j: weights +1 on x_i, -1 on x_j, bias -1. OR of two units: weights "
        "(1, 1), bias -1.",
    ),
    mistakes=(
        Mistake(lambda n, i, j: _gate_net(n, i, j, [(1, 1, -1), (1, 1, -2)], ((1, 0), -1)),
                "your block computes OR: the input with both bits 1 must give 0."),
        Mistake(lambda n, i, j: _gate_net(n, i, j, [(1, 1, -2), (1, 1, -2)], ((1, 0), -1)),
                "your block computes AND; XOR is 1 when exactly one input is 1."),
        Mistake(lambda n, i, j: _gate_net(n, i, j, [(1, -1, -1), (-1, 1, -1)], ((1, 1), -2)),
                "the output unit is an AND of the two hidden units; it must be an OR "
                "(bias -1): the hidden units are never on together."),
        Mistake(lambda n, i, j: _gate_net(n, i, j, [(1, -1, 0), (-1, 1, 0)], ((1, 1), -1)),
                "the hidden biases are too high: x_i AND NOT x_j needs bias -1, otherwise "
                "the unit also fires when both inputs are equal."),
        Mistake(lambda n, i, j: _gate_net(n, 0, 1, [(1, -1, -1), (-1, 1, -1)], ((1, 1), -1)),
                "you used inputs 0 and 1; the block must read inputs i and j."),
    ),
))
