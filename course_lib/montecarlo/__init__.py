"""Monte Carlo and randomised algorithms (notebook ``09_monte_carlo``).

Three kinds of algorithm meet in this package:

* **Monte Carlo** — bounded work, an answer that is only probably right (or only close):
  estimating pi (:func:`pi_loop`, :func:`pi_vectorized`, :func:`pi_streaming`,
  :func:`pi_parallel`), integrating over a box (:func:`mc_integrate`; its deterministic rival
  is the grid rule :func:`grid_integrate`) — module :mod:`.sampling`; Freivalds' check of a
  matrix product (:func:`freivalds`), whose error is one-sided and halves with every round —
  module :mod:`.freivalds`.
* **Las Vegas** — always right, random cost (module :mod:`.lasvegas`):
  :func:`randomized_quicksort` counts its comparisons; a comparison budget turns it into a
  Monte Carlo algorithm that may answer "sorry" (:func:`sort_within_budget`, bounded by
  Markov's inequality, :func:`markov_bound`); an exact checker turns a Monte Carlo guess into
  a Las Vegas algorithm (:func:`central_pivot`). With a *fixed* seed quicksort is
  deterministic again, and :func:`adversarial_input` builds an input that makes it quadratic.
* **Deterministic approximation** — no randomness, a proven guarantee (module
  :mod:`.approximation`): :func:`vertex_cover_2approx` is never more than twice the optimum.

Randomness is always explicit: every function takes ``random_state`` (``None``, an int seed
or a ``numpy.random.Generator``); none touches NumPy's global state. Independent streams for
parallel work come from ``SeedSequence.spawn`` (:func:`spawn_generators`). Every size-like
argument is capped before any allocation, with a message that gives the limit and the reason.
"""

from __future__ import annotations

from .approximation import min_vertex_cover_size, random_graph, vertex_cover_2approx
from .freivalds import freivalds, freivalds_error_rate, freivalds_round
from .lasvegas import (
    BudgetResult,
    PivotResult,
    adversarial_input,
    central_pivot,
    expected_quicksort_comparisons,
    is_central,
    markov_bound,
    markov_budget,
    quicksort_comparisons,
    randomized_quicksort,
    sort_within_budget,
)
from .sampling import (
    DEFAULT_CHUNK,
    MCResult,
    grid_integrate,
    grid_sphere_ties,
    mc_integrate,
    pi_estimates,
    pi_from_points,
    pi_loop,
    pi_parallel,
    pi_streaming,
    pi_vectorized,
    spawn_generators,
)

__all__ = [
    "DEFAULT_CHUNK",
    "BudgetResult",
    "MCResult",
    "PivotResult",
    "adversarial_input",
    "central_pivot",
    "expected_quicksort_comparisons",
    "freivalds",
    "freivalds_error_rate",
    "freivalds_round",
    "grid_integrate",
    "grid_sphere_ties",
    "is_central",
    "markov_bound",
    "markov_budget",
    "mc_integrate",
    "min_vertex_cover_size",
    "pi_estimates",
    "pi_from_points",
    "pi_loop",
    "pi_parallel",
    "pi_streaming",
    "pi_vectorized",
    "quicksort_comparisons",
    "random_graph",
    "randomized_quicksort",
    "sort_within_budget",
    "spawn_generators",
    "vertex_cover_2approx",
]
