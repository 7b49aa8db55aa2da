"""Tests of course_lib.boolean, its exercises and its plots/widgets (lesson 02).

The trusted reference throughout is the exhaustive truth table: every network is compared
with the function it should compute on all 2^n inputs.
"""

from __future__ import annotations

import itertools
import math

import matplotlib
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import boolean as bl
from course_lib import check
from course_lib.exercises import get as get_exercise

matplotlib.use("Agg")

FEW = settings(max_examples=25, deadline=None)
SOME = settings(max_examples=60, deadline=None)


def tables(max_n: int = 8, min_n: int = 1):
    """Random truth tables with 1..max_n inputs (output columns as bool arrays)."""
    return st.integers(min_n, max_n).flatmap(
        lambda n: st.lists(st.booleans(), min_size=2**n, max_size=2**n)).map(np.array)


def table_of(net, n):
    return bl.evaluate_all(net, n)[:, 0]


# --- truth tables and formulas ----------------------------------------------------------------
def test_inputs_are_in_counting_order_first_variable_most_significant():
    X = bl.truth_table_inputs(3)
    assert X.dtype == np.uint8 and X.shape == (8, 3)
    assert (X @ np.array([4, 2, 1]) == np.arange(8)).all()


def test_worked_example_formula_matches_a_python_function():
    y = bl.table_from_formula("~Y&~Z | ~W&X&~Y | ~X&Y&~Z")
    f = bl.table_from_function(
        lambda W, X, Y, Z: (not Y and not Z) or (not W and X and not Y) or (not X and Y and not Z),
        4)
    assert (y == f).all() and int(y.sum()) == 7


def test_formula_precedence_and_aliases():
    # ~ binds tighter than &, & tighter than ^, ^ tighter than |
    a = bl.table_from_formula("~A & B | A ^ B & C")
    b = bl.table_from_function(lambda A, B, C: ((not A) and B) or (A != (B and C)), 3)
    assert (a == b).all()
    assert (bl.table_from_formula("!A + B*C") == bl.table_from_formula("~A | (B & C)")).all()
    assert bl.table_from_formula("A & 0").tolist() == [False, False]


def test_formula_variables_order_can_be_chosen():
    y = bl.table_from_formula("B & ~A", variables=["A", "B"])
    assert y.tolist() == [False, True, False, False]
    assert bl.formula_variables("z1 | a_2 & z1") == ["a_2", "z1"]


def test_table_from_function_vectorised_and_row_by_row_agree():
    vec = bl.table_from_function(lambda a, b, c: a ^ b ^ c, 3)  # arrays: one call
    rows = bl.table_from_function(lambda a, b, c: (a and not b) or c, 3)  # `and`: row by row
    assert (vec == bl.parity_table(3)).all()
    assert (rows == bl.table_from_formula("A & ~B | C")).all()
    assert bl.table_from_function(lambda a, b: True, 2).tolist() == [True] * 4
    # arithmetic means the same in both paths (the columns are 0/1 integers, like Python bools)
    vec_sum = bl.table_from_function(lambda a, b: a + b == 1, 2)
    row_sum = bl.table_from_function(lambda a, b: (a + b == 1) if isinstance(a, bool) else
                                     a.no_such_attribute, 2)
    assert vec_sum.tolist() == row_sum.tolist() == [False, True, True, False]


# --- units from a rule --------------------------------------------------------------------
@SOME
@given(st.data())
def test_at_least_k_unit_counts_true_literals(data):
    n = data.draw(st.integers(1, 7))
    used = data.draw(st.lists(st.booleans(), min_size=n, max_size=n).map(np.array))
    if not used.any():
        used[0] = True
    neg = data.draw(st.lists(st.booleans(), min_size=n, max_size=n).map(np.array)) & used
    k = data.draw(st.integers(0, int(used.sum())))
    w, b = bl.at_least_k_unit(k, n, negated=neg, inputs=np.flatnonzero(used))
    X = bl.truth_table_inputs(n).astype(bool)
    true_literals = ((X != neg) & used).sum(axis=1)
    assert (bl.unit_table(w, b) == (true_literals >= k)).all()


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_named_gates_on_whole_truth_tables(n):
    X = bl.truth_table_inputs(n).astype(bool)
    assert (bl.unit_table(*bl.and_unit(n)) == X.all(axis=1)).all()
    assert (bl.unit_table(*bl.or_unit(n)) == X.any(axis=1)).all()
    assert (bl.unit_table(*bl.nand_unit(n)) == ~X.all(axis=1)).all()
    assert (bl.unit_table(*bl.majority_unit(n)) == (X.sum(axis=1) > n / 2)).all()
    assert (bl.unit_table(*bl.not_unit(n, n - 1)) == ~X[:, n - 1]).all()
    # negated literals: x0 AND NOT x_last
    if n > 1:
        w, b = bl.and_unit(n, inputs=[0, n - 1], negated=[n - 1])
        assert (bl.unit_table(w, b) == (X[:, 0] & ~X[:, n - 1])).all()


# --- networks -----------------------------------------------------------------------------
@FEW
@given(st.integers(1, 6), st.integers(1, 3), st.integers(0, 2**31 - 1))
def test_evaluate_all_equals_forward_on_random_real_weights(n, depth, seed):
    rng = np.random.default_rng(seed)
    layers, prev = [], n
    for k in range(depth):
        width = int(rng.integers(1, 5)) if k < depth - 1 else 2
        U = rng.normal(size=(n, width)) if k and rng.random() < 0.5 else None
        layers.append((rng.normal(size=(prev, width)), rng.normal(size=width), U))
        prev = width
    X = bl.truth_table_inputs(n)
    expected = bl.forward(layers, X).astype(bool)
    assert (bl.evaluate_all(layers, n) == expected).all()
    assert (bl.evaluate_all(layers, n, chunk_rows=2) == expected).all()


def test_evaluate_all_works_for_n_24():
    w, b = bl.at_least_k_unit(23, 24)
    Y = bl.evaluate_all([(w[:, None], np.array([b]))], 24)
    assert Y.shape == (2**24, 1) and int(Y.sum()) == 25  # 24 rows with one 0, plus all ones


def test_network_counts_of_a_dnf():
    counts = bl.network_counts(bl.dnf_network(bl.parity_table(3)))
    assert (counts.units, counts.weights, counts.depth, counts.widths) == (5, 16, 2, (4, 1))
    assert counts.parameters == 21 and "units=5" in repr(counts)


# --- synthesis ----------------------------------------------------------------------------
@SOME
@given(tables(8))
def test_dnf_and_minimised_networks_equal_the_table(y):
    n = int(np.log2(len(y)))
    dnf = bl.dnf_network(y)
    terms = bl.minimise(y)
    small = bl.terms_network(terms, n)
    assert (table_of(dnf, n) == y).all()
    assert (table_of(small, n) == y).all()
    assert (bl.terms_table(terms, n) == y).all()
    c_dnf, c_min = bl.network_counts(dnf), bl.network_counts(small)
    assert c_dnf.units == int(y.sum()) + 1
    assert c_min.units <= c_dnf.units and c_min.weights <= c_dnf.weights


@FEW
@given(tables(3, 2))
def test_minimum_cover_is_minimum_by_brute_force(y):
    n = int(np.log2(len(y)))
    primes = bl.prime_implicants(y)
    best = len(primes)
    for size in range(len(primes) + 1):
        if any((bl.terms_table(primes[list(c)], n) == y).all()
               for c in itertools.combinations(range(len(primes)), size)):
            best = size
            break
    assert len(bl.minimise(y)) == best


def test_prime_implicants_of_parity_are_its_minterms():
    # no two odd rows are neighbours, so nothing merges: 2^(n-1) terms of n literals each
    terms = bl.prime_implicants(bl.parity_table(5))
    assert terms.shape == (16, 5) and (terms >= 0).all()


def test_worked_example_minimised():
    y = bl.table_from_formula("~Y&~Z | ~W&X&~Y | ~X&Y&~Z")
    terms = bl.minimise(y)
    assert bl.format_terms(terms, list("WXYZ")) == "~Y&~Z | ~X&~Z | ~W&X&~Y"
    assert int((terms >= 0).sum()) == 7  # the lecture's form has 3 terms and 8 literals


def test_greedy_cover_above_the_exact_limit_is_still_correct():
    y = np.random.default_rng(1).random(2**9) < 0.3
    terms = bl.minimise(y)
    assert (bl.terms_table(terms, 9) == y).all()


def test_constant_functions():
    for y in (np.zeros(8, bool), np.ones(8, bool)):
        terms = bl.minimise(y)
        assert (table_of(bl.terms_network(terms, 3), 3) == y).all()
        assert (table_of(bl.dnf_network(y), 3) == y).all()
    assert bl.format_terms(bl.minimise(np.ones(4, bool)), ["A", "B"]) == "1"
    assert bl.format_terms(bl.minimise(np.zeros(4, bool)), ["A", "B"]) == "0"


def test_karnaugh_neighbours_differ_in_one_bit():
    for n in (2, 3, 4):
        idx = np.arange(2**n)
        grid, rows, cols = bl.karnaugh_grid(idx % 2 == 1)
        c = n - n // 2
        codes = (rows[:, None] << c) | cols[None, :]
        for axis in (0, 1):
            diff = codes ^ np.roll(codes, 1, axis=axis)
            if codes.shape[axis] > 1:
                assert (np.bitwise_count(diff) == 1).all()
        assert (grid == (codes % 2 == 1)).all()


# --- parity -------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["chain", "tree", "counting"])
def test_parity_networks_exact_up_to_16_bits_with_counts(kind):
    for n in range(2, 17):
        net = bl.parity_network(n, kind)
        assert (table_of(net, n) == bl.parity_table(n)).all(), n
        c, f = bl.network_counts(net), bl.parity_counts(n, kind)
        assert (c.units, c.weights, c.depth) == (f["units"], f["weights"], f["depth"])


def test_one_layer_parity_exact_and_counted_up_to_12_bits():
    for n in range(2, 13):
        net = bl.parity_network(n, "one_layer")
        assert (table_of(net, n) == bl.parity_table(n)).all()
        c, f = bl.network_counts(net), bl.parity_counts(n, "one_layer")
        assert (c.units, c.weights, c.depth) == (f["units"], f["weights"], f["depth"])


def test_parity_count_formulas():
    for n in range(2, 40):
        assert bl.parity_counts(n, "chain")["units"] == 3 * (n - 1)
        assert bl.parity_counts(n, "tree")["depth"] == 2 * math.ceil(math.log2(n))
        assert bl.parity_counts(n, "one_layer")["units"] == 2 ** (n - 1) + 1


@SOME
@given(st.integers(2, 6), st.data())
def test_xor_block_reads_the_chosen_inputs(n, data):
    i, j = data.draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=2, unique=True))
    X = bl.truth_table_inputs(n).astype(bool)
    assert (table_of(bl.xor_layers(n, i, j), n) == (X[:, i] ^ X[:, j])).all()


# --- separability, width, Shannon --------------------------------------------------------
def test_xor_is_not_linearly_separable_and_and_is():
    assert bl.find_threshold_unit([0, 1, 1, 0]) is None
    assert bl.find_threshold_unit([1, 0, 0, 1]) is None
    w, b = bl.find_threshold_unit([0, 0, 0, 1])
    assert bl.unit_table(w, b).tolist() == [False, False, False, True]


def test_threshold_function_counts():
    assert [bl.count_threshold_functions(n) for n in (1, 2, 3)] == [4, 14, 104]


def test_width_one_hidden_layer_cannot_compute_xor():
    codes = bl.one_hidden_layer_functions(2, 1)
    assert len(codes) == 14 and 0b0110 not in codes and 0b1001 not in codes
    assert len(bl.one_hidden_layer_functions(2, 2)) == 16


def test_width_two_cannot_compute_three_bit_parity_but_three_can():
    parity3 = int((bl.parity_table(3) * (1 << np.arange(8))).sum())
    codes = bl.one_hidden_layer_functions(3, 2)
    assert parity3 not in codes and 104 < len(codes) < 256
    net = bl.parity_network(3, "counting")
    assert bl.network_counts(net).widths == (3, 1)
    assert (table_of(net, 3) == bl.parity_table(3)).all()


def test_shannon_counting():
    assert bl.n_functions(4) == 65536
    # one gate: all 16 two-input functions are reachable, and the bound is above that
    assert bl.circuit_count_bound(2, 1) >= 16
    bounds = [bl.circuit_count_bound(5, s) for s in range(10)]
    assert all(a < b for a, b in itertools.pairwise(bounds))
    assert bl.fraction_needing_more_gates(3, 1) == 0.0  # the bound says nothing for tiny n
    assert bl.fraction_needing_more_gates(8, 20) > 0.999
    s10 = bl.shannon_gate_bound(10, 0.99)
    assert 0.7 * 2**10 / 10 < s10 < 2**10 / 10


def test_tree_reduce_depth_is_log():
    x = np.arange(1.0, 12.0)
    value, depth = bl.tree_reduce(x, "mul")
    assert value == math.prod(range(1, 12)) and depth == 4
    assert bl.tree_reduce([1, 0, 1, 1], "xor") == (1.0, 2)


# --- bad input: clear errors that name the argument ----------------------------------------
NET = bl.xor_layers(2, 0, 1)
BAD = [
    (bl.truth_table_inputs, ("3",), TypeError, "n must be an integer"),
    (bl.truth_table_inputs, (-1,), ValueError, "n must be"),
    (bl.truth_table_inputs, (25,), ValueError, "at most 20"),
    (bl.truth_table_inputs, (2.0,), TypeError, "n must be an integer"),
    (bl.truth_table_inputs, (True,), TypeError, "n must be an integer"),
    (bl.check_truth_table, ([0, 1, 2, 0],), ValueError, "0/1"),
    (bl.check_truth_table, ([0, 1, 1],), ValueError, "power-of-two"),
    (bl.check_truth_table, ([[0, 1], [1, 0]],), ValueError, "1-D"),
    (bl.check_truth_table, ([],), ValueError, "must not be empty"),
    (bl.check_truth_table, ("0110",), TypeError, "array-like"),
    (bl.check_truth_table, ([1],), ValueError, "at least 2 rows"),
    (bl.table_from_formula, ("",), ValueError, "must not be empty"),
    (bl.table_from_formula, ("A & (B | C",), ValueError, "closing parenthesis"),
    (bl.table_from_formula, ("A & ",), ValueError, "expected a variable"),
    (bl.table_from_formula, ("W ~Y",), ValueError, "expected an operator"),
    (bl.table_from_formula, ("A $ B",), ValueError, "unexpected character '\\$'"),
    (bl.table_from_formula, (3,), TypeError, "formula must be a str"),
    (bl.table_from_formula, ("A & B", ["A"]), ValueError, "missing \\['B'\\]"),
    (bl.table_from_formula, ("A", ["A", "A"]), ValueError, "must not repeat"),
    (bl.table_from_formula, ("A", "AB"), TypeError, "variables must be a list"),
    (bl.formula_variables, ("A &| B",), ValueError, "malformed"),
    (bl.formula_variables, (None,), TypeError, "formula must be a str"),
    (bl.formula_variables, ("()",), ValueError, "malformed"),
    (bl.formula_variables, ("A)",), ValueError, "malformed"),
    (bl.formula_variables, ("   ",), ValueError, "must not be empty"),
    (bl.table_from_function, (3, 2), TypeError, "f must be callable"),
    (bl.table_from_function, (lambda a: a, 2), TypeError, "f must accept 2"),
    (bl.table_from_function, (lambda a: a, 0), ValueError, "n must be"),
    (bl.table_from_function, (lambda a: a, 17), ValueError, "n must be"),
    (bl.table_from_function, (lambda a: a, "1"), TypeError, "n must be an integer"),
    (bl.at_least_k_unit, (3, 2), ValueError, "k must be at most the number of literals, 2"),
    (bl.at_least_k_unit, (-1, 2), ValueError, "k must be"),
    (bl.at_least_k_unit, (1, 0), ValueError, "n must be"),
    (bl.at_least_k_unit, (1, 3, None, [0, 5]), ValueError, "inputs must be indices"),
    (bl.at_least_k_unit, (1, 3, None, [0, 0]), ValueError, "must not repeat"),
    (bl.at_least_k_unit, (1, 3, [2], [0, 1]), ValueError, "negated names inputs"),
    (bl.at_least_k_unit, (1, 3, [7]), ValueError, "negated must be"),
    (bl.at_least_k_unit, (1, 3, [True, False]), ValueError, "bool mask must have shape"),
    (bl.and_unit, (0,), ValueError, "n must be"),
    (bl.and_unit, (2, [3]), ValueError, "inputs must be"),
    (bl.and_unit, (2, [0], [1]), ValueError, "negated names"),
    (bl.and_unit, ("2",), TypeError, "n must be an integer"),
    (bl.and_unit, (2, [0.5]), TypeError, "inputs must contain integers"),
    (bl.or_unit, (0,), ValueError, "n must be"),
    (bl.or_unit, (2, [2]), ValueError, "inputs must be"),
    (bl.or_unit, (2, [0], [1]), ValueError, "negated names"),
    (bl.or_unit, (2.5,), TypeError, "n must be an integer"),
    (bl.or_unit, (2, [0, 0]), ValueError, "must not repeat"),
    (bl.not_unit, (2, 2), ValueError, "i must be"),
    (bl.not_unit, (2, -1), ValueError, "i must be"),
    (bl.not_unit, (0, 0), ValueError, "n must be"),
    (bl.not_unit, (2, 1.0), TypeError, "i must be an integer"),
    (bl.not_unit, (None, 0), TypeError, "n must be an integer"),
    (bl.nand_unit, (0,), ValueError, "n must be"),
    (bl.nand_unit, (2, [5]), ValueError, "inputs must be"),
    (bl.nand_unit, (2, [0], [1]), ValueError, "negated names"),
    (bl.nand_unit, ("x",), TypeError, "n must be an integer"),
    (bl.nand_unit, (2, [1, 1]), ValueError, "must not repeat"),
    (bl.majority_unit, (0,), ValueError, "n must be"),
    (bl.majority_unit, (3, [3]), ValueError, "inputs must be"),
    (bl.majority_unit, (3, [0], [2]), ValueError, "negated names"),
    (bl.majority_unit, (3.0,), TypeError, "n must be an integer"),
    (bl.majority_unit, (3, [0, 0]), ValueError, "must not repeat"),
    (bl.unit_table, ([1.0, 1.0], [1.0, 2.0]), ValueError, "b must be one number"),
    (bl.unit_table, ([[1.0]], -1.0), ValueError, "w must be a 1-D"),
    (bl.unit_table, ([1.0, np.nan], -1.0), ValueError, "w must contain only finite"),
    (bl.unit_table, ("ab", -1.0), TypeError, "w must be an array-like"),
    (bl.unit_table, ([], -1.0), ValueError, "w must not be empty"),
    (bl.check_layers, ((np.ones((2, 1)), np.zeros(1)),), TypeError, "wrap it in a list"),
    (bl.check_layers, ([],), ValueError, "at least one layer"),
    (bl.check_layers, ("net",), TypeError, "layers must be a list"),
    (bl.check_layers, ([(np.ones((2, 2)), np.zeros(3))], 2), ValueError, "layers\\[0\\] b"),
    (bl.check_layers, ([(np.ones((2, 2)), np.zeros(2)), (np.ones((3, 1)), np.zeros(1))], 2),
     ValueError, "layers\\[1\\] W must have 2 rows"),
    (bl.check_layers, ([(np.ones((2, 1)),)], 2), TypeError, "pair \\(W, b\\)"),
    (bl.check_layers, ([(np.ones((2, 1)), np.zeros(1), np.ones((3, 1)))], 2), ValueError,
     "U \\(skip weights"),
    (bl.check_layers, ([(np.full((2, 1), np.inf), np.zeros(1))], 2), ValueError, "finite"),
    (bl.forward, (NET, np.zeros((4, 3))), ValueError, "layers\\[0\\] W must have 3 rows"),
    (bl.forward, (NET, np.zeros(2)), ValueError, "X must be a 2-D"),
    (bl.forward, ("net", np.zeros((1, 2))), TypeError, "layers must be a list"),
    (bl.forward, (NET, [["a", "b"]]), TypeError, "X must contain numbers"),
    (bl.forward, (NET, np.full((1, 2), np.nan)), ValueError, "X must contain only finite"),
    (bl.evaluate_all, (NET, 3), ValueError, "must have 3 rows"),
    (bl.evaluate_all, (NET, 40), ValueError, "too many for memory"),
    (bl.evaluate_all, (NET, 0), ValueError, "n must be"),
    (bl.evaluate_all, (NET, 2.0), TypeError, "n must be an integer"),
    (bl.evaluate_all, ([(np.ones((2, 0)), np.zeros(0))], 2), ValueError, "output layer"),
    (bl.network_counts, ([],), ValueError, "at least one layer"),
    (bl.network_counts, (None,), TypeError, "layers must be a list"),
    (bl.network_counts, ([(1, 2)],), ValueError, "W must be a 2-D"),
    (bl.network_counts, ([(np.ones((2, 2)), np.zeros(1))],), ValueError, "b must have shape"),
    (bl.network_counts, ([("a", "b")],), TypeError, "array-like"),
    (bl.dnf_network, ([0, 1, 2, 1],), ValueError, "0/1"),
    (bl.dnf_network, ([0, 1, 1],), ValueError, "power-of-two"),
    (bl.dnf_network, (np.zeros(2**21),), ValueError, "at most 2\\*\\*20"),
    (bl.dnf_network, ([[0, 1]],), ValueError, "1-D"),
    (bl.dnf_network, ([0.5, 1.0],), ValueError, "0/1"),
    (bl.terms_network, ([[2, 0]],), ValueError, "only 1 \\(plain\\)"),
    (bl.terms_network, ([1, 0],), ValueError, "terms must be a 2-D"),
    (bl.terms_network, (np.zeros((0, 0)),), ValueError, "pass n"),
    (bl.terms_network, ([[0.5, 1]],), TypeError, "integers"),
    (bl.terms_network, ("1-0",), TypeError, "array-like"),
    (bl.terms_table, ([[3]],), ValueError, "only 1"),
    (bl.terms_table, ([1],), ValueError, "2-D"),
    (bl.terms_table, (np.zeros((0, 0)),), ValueError, "pass n"),
    (bl.terms_table, ([[np.nan]],), TypeError, "integers"),
    (bl.terms_table, (None,), TypeError, "array-like"),
    (bl.prime_implicants, ([0, 1, 1],), ValueError, "power-of-two"),
    (bl.prime_implicants, (np.zeros(2**13),), ValueError, "at most 2\\*\\*12"),
    (bl.prime_implicants, ([0, 3],), ValueError, "0/1"),
    (bl.prime_implicants, ([],), ValueError, "must not be empty"),
    (bl.prime_implicants, ({1, 0},), TypeError, "array-like"),
    (bl.minimum_cover, ([[1, 1]], [0, 1, 1, 1]), ValueError, "do not cover"),
    (bl.minimum_cover, ([[-1, 1]], [0, 1, 0, 0]), ValueError, "must be implicants"),
    (bl.minimum_cover, ([[1]], [0, 1, 1, 1]), ValueError, "must have (n = )?2 columns"),
    (bl.minimum_cover, ([[1, 1]], [0, 0, 0, 1], ), None, None),
    (bl.minimum_cover, ([[5, 1]], [0, 0, 0, 1]), ValueError, "only 1"),
    (bl.minimum_cover, ([[1, 1]], [0, 0, 1]), ValueError, "power-of-two"),
    (bl.minimise, ([0, 1, 1],), ValueError, "power-of-two"),
    (bl.minimise, ([0, 1, 2, 1],), ValueError, "0/1"),
    (bl.minimise, (np.zeros(2**13),), ValueError, "at most 2\\*\\*12"),
    (bl.minimise, ([[0, 1], [1, 1]],), ValueError, "1-D"),
    (bl.minimise, ("0111",), TypeError, "array-like"),
    (bl.format_terms, ([[1, 0]], ["A"]), ValueError, "must name the 2 columns"),
    (bl.format_terms, ([[1, 7]],), ValueError, "only 1"),
    (bl.format_terms, ([1, 0],), ValueError, "2-D"),
    (bl.format_terms, ("1-",), TypeError, "array-like"),
    (bl.format_terms, ([[0.5]],), TypeError, "integers"),
    (bl.karnaugh_grid, ([0, 1],), ValueError, "2 to 4 variables"),
    (bl.karnaugh_grid, (np.zeros(32),), ValueError, "at most 2\\*\\*4"),
    (bl.karnaugh_grid, ([0, 1, 1],), ValueError, "power-of-two"),
    (bl.karnaugh_grid, ([0, 1, 1, 5],), ValueError, "0/1"),
    (bl.karnaugh_grid, (None,), TypeError, "array-like"),
    (bl.parity_table, (0,), ValueError, "n must be"),
    (bl.parity_table, (40,), ValueError, "n must be"),
    (bl.parity_table, ("3",), TypeError, "n must be an integer"),
    (bl.parity_table, (3.0,), TypeError, "n must be an integer"),
    (bl.parity_table, (None,), TypeError, "n must be an integer"),
    (bl.xor_layers, (2, 0, 0), ValueError, "must be different"),
    (bl.xor_layers, (1, 0, 1), ValueError, "n must be"),
    (bl.xor_layers, (3, 0, 3), ValueError, "j must be"),
    (bl.xor_layers, (3, -1, 1), ValueError, "i must be"),
    (bl.xor_layers, (3, 0.0, 1), TypeError, "i must be an integer"),
    (bl.parity_network, (1, "tree"), ValueError, "n must be"),
    (bl.parity_network, (17, "one_layer"), ValueError, "n must be an integer in \\[2, 16\\]"),
    (bl.parity_network, (4, "deep"), ValueError, "kind must be one of"),
    (bl.parity_network, (4.0, "tree"), TypeError, "n must be an integer"),
    (bl.parity_network, (30, "chain"), ValueError, "n must be"),
    (bl.parity_counts, (1, "tree"), ValueError, "n must be"),
    (bl.parity_counts, (4, "wide"), ValueError, "kind must be one of"),
    (bl.parity_counts, ("4", "tree"), TypeError, "n must be an integer"),
    (bl.parity_counts, (4, None), ValueError, "kind must be one of"),
    (bl.parity_counts, (True, "tree"), TypeError, "n must be an integer"),
    (bl.find_threshold_unit, ([0, 1, 1],), ValueError, "power-of-two"),
    (bl.find_threshold_unit, ([0, 2],), ValueError, "0/1"),
    (bl.find_threshold_unit, (np.zeros(2**13),), ValueError, "at most 2\\*\\*12"),
    (bl.find_threshold_unit, ([],), ValueError, "must not be empty"),
    (bl.find_threshold_unit, ("01",), TypeError, "array-like"),
    (bl.count_threshold_functions, (4,), ValueError, "n must be an integer in \\[1, 3\\]"),
    (bl.count_threshold_functions, (0,), ValueError, "n must be"),
    (bl.count_threshold_functions, (2.0,), TypeError, "n must be an integer"),
    (bl.count_threshold_functions, ("2",), TypeError, "n must be an integer"),
    (bl.count_threshold_functions, (None,), TypeError, "n must be an integer"),
    (bl.one_hidden_layer_functions, (4, 1), ValueError, "n must be"),
    (bl.one_hidden_layer_functions, (2, 3), ValueError, "width must be"),
    (bl.one_hidden_layer_functions, (2, 0), ValueError, "width must be"),
    (bl.one_hidden_layer_functions, (2.0, 1), TypeError, "n must be an integer"),
    (bl.one_hidden_layer_functions, (2, "1"), TypeError, "width must be an integer"),
    (bl.n_functions, (-1,), ValueError, "n must be"),
    (bl.n_functions, (21,), ValueError, "n must be"),
    (bl.n_functions, (2.0,), TypeError, "n must be an integer"),
    (bl.n_functions, ("2",), TypeError, "n must be an integer"),
    (bl.n_functions, (None,), TypeError, "n must be an integer"),
    (bl.circuit_count_bound, (0, 1), ValueError, "n must be"),
    (bl.circuit_count_bound, (2, -1), ValueError, "s must be"),
    (bl.circuit_count_bound, (2, 1.5), TypeError, "s must be an integer"),
    (bl.circuit_count_bound, (21, 1), ValueError, "n must be"),
    (bl.circuit_count_bound, ("2", 1), TypeError, "n must be an integer"),
    (bl.fraction_needing_more_gates, (0, 1), ValueError, "n must be"),
    (bl.fraction_needing_more_gates, (2, -1), ValueError, "s must be"),
    (bl.fraction_needing_more_gates, (2, 0.5), TypeError, "s must be an integer"),
    (bl.fraction_needing_more_gates, (None, 1), TypeError, "n must be an integer"),
    (bl.fraction_needing_more_gates, (25, 1), ValueError, "n must be"),
    (bl.shannon_gate_bound, (5, 1.0), ValueError, "fraction must be in"),
    (bl.shannon_gate_bound, (5, 0.0), ValueError, "fraction must be in"),
    (bl.shannon_gate_bound, (0,), ValueError, "n must be"),
    (bl.shannon_gate_bound, (5.0,), TypeError, "n must be an integer"),
    (bl.shannon_gate_bound, (30,), ValueError, "n must be"),
    (bl.tree_reduce, ([],), ValueError, "values must not be empty"),
    (bl.tree_reduce, ([1.0, 2.0], "div"), ValueError, "op must be one of"),
    (bl.tree_reduce, ([[1.0]],), ValueError, "values must be a 1-D"),
    (bl.tree_reduce, ([1.0, np.inf],), ValueError, "finite"),
    (bl.tree_reduce, ("12",), TypeError, "array-like"),
]


@pytest.mark.parametrize("fn, args, exc, match", BAD,
                         ids=[f"{b[0].__name__}-{i}" for i, b in enumerate(BAD)])
def test_bad_input_gives_a_clear_error(fn, args, exc, match):
    if exc is None:
        fn(*args)  # a valid call next to the invalid ones (sanity of the table)
        return
    with pytest.raises(exc, match=match):
        fn(*args)


def test_every_public_function_has_five_bad_inputs():
    counts: dict[str, int] = {}
    for fn, _, exc, _ in BAD:
        if exc is not None:
            counts[fn.__name__] = counts.get(fn.__name__, 0) + 1
    public = [name for name in bl.__all__ if callable(getattr(bl, name))
              and name not in ("NetworkCounts",)]
    assert {name: counts.get(name, 0) for name in public if counts.get(name, 0) < 5} == {}


# --- exercises ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["at_least_k_unit", "dnf_network", "xor_layers"])
def test_checker_passes_reference_and_solution(name):
    exercise = get_exercise(name)
    assert getattr(check, name)(exercise.reference).passed
    solution = exercise.solution
    renamed = lambda **kw: solution(**kw)  # noqa: E731
    renamed.__name__ = name
    assert getattr(check, name)(renamed).passed


@pytest.mark.parametrize("name", ["at_least_k_unit", "dnf_network", "xor_layers"])
def test_checker_names_the_likely_cause_of_each_mistake(name):
    exercise = get_exercise(name)
    assert len(exercise.mistakes) >= 3
    for mistake in exercise.mistakes:
        result = getattr(check, name)(mistake.implementation)
        assert result.status == "failed"
        assert f"likely cause: {mistake.hint}" in result.message


def test_stub_reports_not_implemented():
    def at_least_k_unit(k, n, negated):
        raise NotImplementedError

    result = check.at_least_k_unit(at_least_k_unit)
    assert result.status == "not implemented" and "not implemented yet" in repr(result)


def test_checker_accepts_other_weights_with_the_same_truth_table():
    def at_least_k_unit(k, n, negated):
        w, b = bl.at_least_k_unit(k, n, negated)
        return 3 * w, 3 * b + 1  # scaled, threshold moved inside the gap: same function

    assert check.at_least_k_unit(at_least_k_unit).passed


def test_checker_explains_a_wrong_shape():
    def dnf_network(y):
        return (np.ones((2, 1)), np.zeros(1))

    result = check.dnf_network(dnf_network)
    assert result.status == "failed" and "wrap it in a list" in result.message


# --- plots and widgets --------------------------------------------------------------------
def test_plot_network_draws_one_segment_per_nonzero_weight():
    from course_lib.viz.boolean import plot_network

    net = bl.parity_network(5, "chain")
    ax = plot_network(net)
    solid, skip = ax.collections[0], ax.collections[1]
    total = len(solid.get_segments()) + len(skip.get_segments())
    assert total == bl.network_counts(net).weights
    matplotlib.pyplot.close("all")


def test_plot_karnaugh_outlines_each_group():
    from course_lib.viz.boolean import plot_karnaugh

    y = bl.table_from_formula("~Y&~Z | ~W&X&~Y | ~X&Y&~Z")
    ax = plot_karnaugh(y, bl.minimise(y), list("WXYZ"))
    # ~Y~Z: one column of 4; ~X~Z: the four corners (4 pieces); ~W X ~Y: 2 cells
    assert len(ax.patches) == 1 + 4 + 1
    matplotlib.pyplot.close("all")


def test_plot_parity_counts_lines_are_the_formulas():
    from course_lib.viz.boolean import plot_parity_counts

    ns = [2, 4, 8]
    axes = plot_parity_counts(ns)
    line = axes[2].lines[2]  # depth of the chain (formula line of the second kind)
    assert list(line.get_ydata()) == [bl.parity_counts(n, "chain")["depth"] for n in ns]
    matplotlib.pyplot.close("all")


def test_parity_explorer_updates_readout_and_drawing():
    from course_lib.viz.boolean import ParityExplorer

    app = ParityExplorer(n_bits=3, construction="one_layer")
    assert "units 5" in app.readout.value and "True" in app.readout.value
    app.controls["construction"].value = "tree"
    app.controls["n_bits"].value = 6
    assert "units 15" in app.readout.value and "depth 6" in app.readout.value
    segs = sum(len(c.get_segments()) for c in app.ax.collections[:2])
    assert segs == bl.network_counts(bl.parity_network(6, "tree")).weights
    assert app.image.value[:4] == b"\x89PNG"


def test_truth_table_explorer_follows_the_clicks():
    from course_lib.viz.boolean import TruthTableExplorer

    app = TruthTableExplorer()
    assert app.dnf_counts.units == 8 and app.min_counts.units == 4
    app.controls["n"].value = 2
    for i, v in enumerate([0, 1, 1, 0]):
        app.controls[f"y{i}"].value = bool(v)
    assert app.table().tolist() == [False, True, True, False]
    assert app.dnf_counts.units == 3 and app.min_counts.units == 3
    assert app.controls["y5"].disabled and not app.controls["y3"].disabled
    assert "~W&X | W&~X" in app.readout.value and "True" in app.readout.value


# --- issue 12: caps before work, parameters that were ignored or leaked Python's messages -----
@pytest.mark.parametrize(("fn", "args", "kwargs", "exc", "match"), [
    (bl.parity_counts, (10**9, "one_layer"), {}, ValueError, r"n must be an integer in \[2, "),
    (bl.truth_table_inputs, (10**6,), {}, ValueError, "n must be at most 20"),
    (bl.terms_network, (np.array([[1, 0]]), 3), {}, ValueError, "terms must have n = 3 columns"),
    (bl.terms_table, (np.array([[1, 0]]), 3), {}, ValueError, "terms must have n = 3 columns"),
    (bl.check_truth_table, ([0, 1],), {"max_n": np.nan}, TypeError, "max_n must be an integer"),
    (bl.check_truth_table, ([0, 1],), {"max_n": np.inf}, TypeError, "max_n must be an integer"),
    (bl.check_truth_table, ([0, 1],), {"max_n": None}, TypeError, "max_n must be an integer"),
    (bl.shannon_gate_bound, (3,), {"fraction": None}, TypeError, "fraction must be a real"),
    (bl.shannon_gate_bound, (3,), {"fraction": 1.0}, ValueError, r"fraction must be in \(0, 1\)"),
    (bl.format_terms, (np.array([[1, 0]]),), {"variables": np.nan}, TypeError,
     "variables must be a list of names"),
    (bl.format_terms, (np.array([[1, 0]]),), {"variables": [1, 2]}, TypeError,
     "variables must be a list of names"),
    (bl.or_unit, (3,), {"inputs": []}, ValueError, "inputs must name at least one input"),
    (bl.nand_unit, (3,), {"inputs": []}, ValueError, "inputs must name at least one input"),
    (bl.majority_unit, (3,), {"inputs": []}, ValueError, "inputs must name at least one input"),
    (bl.check_layers, ([(np.ones((2, 1)), np.zeros(1))],), {"n_inputs": "abc"}, TypeError,
     "n_inputs must be an integer"),
])
def test_bad_input_is_refused_at_the_door(fn, args, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        fn(*args, **kwargs)


def test_huge_requests_are_refused_before_any_table_is_built(monkeypatch):
    import course_lib.boolean.tables as tables

    def forbidden(*args, **kwargs):
        raise AssertionError("a table was built before the size check")

    monkeypatch.setattr(tables, "bit_patterns", forbidden)
    with pytest.raises(ValueError, match="n must be at most 20"):
        bl.truth_table_inputs(10**8)
    with pytest.raises(ValueError, match=r"n must be an integer in \[2, 100000\]"):
        bl.parity_counts(10**9, "tree")


def test_and_of_no_literal_is_the_constant_true_unit():
    w, b = bl.and_unit(3, inputs=[])
    assert bl.unit_table(w, b).all()   # the empty AND is true; OR/NAND/majority refuse []


def test_terms_network_accepts_a_matching_n():
    T = np.array([[1, -1, 0]])
    assert np.array_equal(bl.terms_table(T, 3), bl.terms_table(T))
    assert bl.terms_network(np.zeros((0, 0)), 2)[0][0].shape == (2, 0)


def test_the_subpackage_re_exports_every_public_name_from_its_topic_modules():
    import importlib

    topics = ["tables", "formulas", "networks", "synthesis", "parity", "counting"]
    owners = {}
    for topic in topics:
        module = importlib.import_module(f"course_lib.boolean.{topic}")
        for name in bl.__all__:
            if name in vars(module) and getattr(module, name) is getattr(bl, name):
                owners.setdefault(name, module.__name__)
    assert set(owners) == set(bl.__all__)


# --- issue 13: legible diagrams, readable buttons, apps that fit and blit correctly ----------
def test_network_diagram_has_8pt_bias_labels_and_an_edge_colour_legend():
    from course_lib.viz.boolean import plot_network

    ax = plot_network(bl.parity_network(3, "chain"))
    biases = [t for t in ax.texts if t.get_text().lstrip("-").isdigit()]
    assert biases and min(t.get_fontsize() for t in biases) >= 8
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[:3] == ["weight +", "weight −", "skip from input"]
    matplotlib.pyplot.close("all")


def test_parity_plot_keeps_the_chain_visible_under_the_tree_with_whole_bit_ticks():
    from course_lib.viz.boolean import plot_parity_counts

    axes = plot_parity_counts(range(2, 11))
    units = {line.get_label(): line for line in axes[0].lines
             if not line.get_label().startswith("_")}
    chain, tree = units["chain of XOR blocks"], units["balanced tree of XOR blocks"]
    np.testing.assert_array_equal(chain.get_ydata(), tree.get_ydata())   # they coincide...
    assert chain.get_linewidth() > 2 * tree.get_linewidth()               # ...and both show
    assert tree.get_linestyle() == "--"
    for ax in axes:
        ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
        assert ticks and all(float(t).is_integer() for t in ticks)
    matplotlib.pyplot.close("all")


def test_truth_table_buttons_say_row_and_output_and_colour_the_ones():
    from course_lib.viz.boolean import TruthTableExplorer

    app = TruthTableExplorer()
    y = app.table()
    for i in range(16):
        button = app.controls[f"y{i}"]
        assert button.description == f"{i:04b} → {int(y[i])}"
        assert button.button_style == ("info" if y[i] else "")
    app.controls["y1"].value = True
    assert app.controls["y1"].description == "0001 → 1"
    app.controls["n"].value = 3
    assert app.controls["y9"].description == "—" and app.controls["y9"].disabled
    assert app.controls["y3"].description == "011 → 0"


@pytest.mark.parametrize("name", ["ParityExplorer", "TruthTableExplorer"])
def test_apps_fit_a_laptop_screen_and_blitting_equals_a_full_redraw(name):
    import io

    from PIL import Image

    import course_lib.viz.boolean as vb

    app = getattr(vb, name)()
    w, h = np.array(app.figsize) * app.dpi                  # CSS pixels
    assert w <= 700 and h <= 420
    moves = ([{"n_bits": 7, "construction": "chain"}, {"n_bits": 5}] if name == "ParityExplorer"
             else [{"y1": True}, {"n": 3, "y2": False}])
    for move in moves:
        app.update(**move)
        frame = np.asarray(Image.open(io.BytesIO(app.png())))
        app.invalidate()
        app.update()                                          # the same state, drawn in full
        again = np.asarray(Image.open(io.BytesIO(app.png())))
        assert np.array_equal(frame, again), move


# --- issue 13 item 8: the apps draw the same pictures with few, reused artists ---------------
@pytest.mark.parametrize(("net", "names"), [
    (bl.parity_network(7, "counting"), None),        # skip edges from the inputs
    (bl.parity_network(5, "tree"), None),
    (bl.dnf_network(bl.table_from_formula("~Y&~Z | ~W&X&~Y | ~X&Y&~Z")), list("WXYZ")),
])
def test_app_panel_draws_what_plot_network_draws(net, names):
    from matplotlib.colors import to_rgba_array
    from matplotlib.figure import Figure

    import course_lib.viz.boolean as vb

    n = net[0][0].shape[0]
    names = names or [f"x{i}" for i in range(n)]
    static = vb.plot_network(net, Figure().add_subplot(), input_names=names, legend=False,
                             layer_ticks=False, title="t")
    panel = vb._NetworkArtists(Figure().add_subplot())
    panel.update(vb._network_geometry(bl.check_layers(net), names, 24, False), "t")
    for drawn, kept in zip(static.collections[:2], (panel.edges, panel.skips), strict=True):
        np.testing.assert_array_equal(np.array(drawn.get_segments()).reshape(-1, 2, 2),
                                      np.array(kept.get_segments()).reshape(-1, 2, 2))
        np.testing.assert_array_equal(drawn.get_edgecolor(), kept.get_edgecolor())
    units = {tuple(c.get_facecolor()[0]): c.get_offsets() for c in static.collections[2:]}
    kept = {tuple(to_rgba_array(face)[0]): c.get_offsets() for face, c in panel.units.items()
            if len(c.get_offsets())}
    assert units.keys() == kept.keys()
    for face in units:
        np.testing.assert_array_equal(units[face], kept[face])
    assert [t.get_text() for t in static.texts] == panel.labels.get_texts()[:-1]
    assert panel.labels.get_texts()[-1] == "t"                    # the title
    assert (static.get_xlim(), static.get_ylim()) == (panel.ax.get_xlim(), panel.ax.get_ylim())


def test_a_cached_label_has_the_pixels_of_a_text_on_a_whole_pixel():
    """Also at twice the dpi, as in an app's sharp frame (FigureApp.sharpen): the labels,
    set at 80 dpi, are drawn from bitmaps rendered at the renderer's dpi."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from course_lib.viz.labels import SpriteLabels

    pictures = {}
    for as_sprite in (False, True):
        fig = Figure(figsize=(2, 1), dpi=80)
        canvas = FigureCanvasAgg(fig)
        ax = fig.add_axes((0, 0, 1, 1), xlim=(0, 160), ylim=(0, 80))  # 1 unit = 1 pixel
        ax.set_axis_off()
        labels = [("-12", 40, 30, "center", "center", 8, "data"),
                  ("x0", 100, 50, "right", "top", 9, "data")]
        if as_sprite:
            sprites = SpriteLabels(ax, zorder=3)
            sprites.set_labels(labels)
            sprites.set_animated(False)  # drawn by canvas.draw() here, not only when blitting
        else:
            for text, x, y, ha, va, size, _ in labels:
                ax.text(x, y, text, ha=ha, va=va, fontsize=size)
        for dpi in (80, 160):  # at 160, 1 unit = 2 pixels: the anchors stay on whole pixels
            fig.set_dpi(dpi)
            canvas.draw()
            pictures[as_sprite, dpi] = np.asarray(canvas.buffer_rgba()).astype(int)
    for dpi in (80, 160):
        assert np.abs(pictures[False, dpi] - pictures[True, dpi]).max() <= 1, dpi
        assert (pictures[False, dpi][..., :3] < 128).any()    # something was drawn
    # the sharper labels are bigger bitmaps, not the 80-dpi ones pasted at new places
    ink = [(pictures[True, dpi][..., :3] < 128).any(-1).sum() for dpi in (80, 160)]
    assert 3 * ink[0] < ink[1] < 5 * ink[0]


@pytest.mark.parametrize("name", ["ParityExplorer", "TruthTableExplorer"])
def test_apps_update_their_artists_in_place(name):
    import course_lib.viz.boolean as vb

    app = getattr(vb, name)()
    moves = ([{"n_bits": k} for k in (3, 9, 6)] + [{"construction": "counting"}]
             if name == "ParityExplorer" else [{"y3": True}, {"y7": False}, {"y0": False}])
    app.update(**moves[0])
    before = app.figure.findobj()
    for move in moves[1:]:
        app.update(**move)
    after = app.figure.findobj()
    assert len(after) == len(before) and set(map(id, after)) == set(map(id, before))
    assert not [a for a in after if type(a).__name__ == "Text" and a.get_animated()]


def test_a_click_resends_only_the_clicked_buttons_label_and_colour():
    import course_lib.viz.boolean as vb

    app = vb.TruthTableExplorer()
    changed = []
    for name, control in app.controls.items():
        control.observe(lambda change, name=name: changed.append((name, change["name"])),
                        names=["description", "button_style", "disabled"])
    app.controls["y3"].value = not app.controls["y3"].value
    assert sorted(changed) == [("y3", "button_style"), ("y3", "description")]
