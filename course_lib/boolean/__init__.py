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

The package is split by topic (``tables``, ``formulas``, ``networks``, ``synthesis``,
``parity``, ``counting``); every public name is re-exported here, so
``from course_lib import boolean as bl`` then ``bl.parity_network(...)`` works.
"""

from __future__ import annotations

from .counting import (
    circuit_count_bound,
    count_threshold_functions,
    find_threshold_unit,
    fraction_needing_more_gates,
    n_functions,
    one_hidden_layer_functions,
    shannon_gate_bound,
    tree_reduce,
)
from .formulas import (
    formula_variables,
    table_from_formula,
)
from .networks import (
    NetworkCounts,
    and_unit,
    at_least_k_unit,
    check_layers,
    evaluate_all,
    forward,
    majority_unit,
    nand_unit,
    network_counts,
    not_unit,
    or_unit,
    unit_table,
)
from .parity import (
    parity_counts,
    parity_network,
    parity_table,
    xor_layers,
)
from .synthesis import (
    dnf_network,
    format_terms,
    karnaugh_grid,
    minimise,
    minimum_cover,
    prime_implicants,
    terms_network,
    terms_table,
)
from .tables import (
    MAX_EVAL_N,
    MAX_EXACT_N,
    MAX_QM_N,
    MAX_TABLE_N,
    check_truth_table,
    table_from_function,
    truth_table_inputs,
)

__all__ = [
    "MAX_EVAL_N",
    "MAX_EXACT_N",
    "MAX_QM_N",
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
