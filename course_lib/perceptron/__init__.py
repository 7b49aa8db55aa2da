"""Neurons and the perceptron (lesson ``01_perceptron``).

Units, learning rules and the perceptron convergence bound, vectorised where the lesson
repeats something: :func:`perceptron_trials` runs many independent perceptrons at once (one
per data set), which is what the mistakes-versus-bound experiment needs.

Conventions
-----------
* Labels for the learning rules are ``t`` in {-1, +1}; the estimators accept any two labels
  (``classes_[1]`` is the positive class).
* The bias is folded into the weights: :func:`add_bias` appends a constant 1 to every input,
  so ``w·x̃ = w[:-1]·x + w[-1]``.
* A mistake is ``t * (w·x̃) <= 0``: a point exactly on the boundary counts as a mistake. This is
  the convention of the convergence proof and of scikit-learn's ``Perceptron``.

The package is split by topic (``rules``, ``bound``, ``capacity``, ``estimators``); every
public name is re-exported here, so ``from course_lib import perceptron as pc`` then
``pc.Perceptron(...)`` works.
"""

from __future__ import annotations

from ..units import add_bias, separating_unit, sigmoid, step
from .bound import (
    MAX_TRIALS_ELEMENTS,
    TrialsResult,
    bound_experiment,
    margin_and_radius,
    mistake_bound,
    perceptron_trials,
)
from .capacity import (
    MAX_COVER_N,
    count_separable_labelings,
    cover_count,
    is_linearly_separable,
)
from .estimators import (
    MAX_EPOCHS,
    Adaline,
    Perceptron,
)
from .rules import (
    MAX_HEBB_STEPS,
    adaline_update,
    hebbian_run,
    perceptron_update,
    sigmoid_unit,
    threshold_unit,
)

__all__ = [
    "MAX_COVER_N",
    "MAX_EPOCHS",
    "MAX_HEBB_STEPS",
    "MAX_TRIALS_ELEMENTS",
    "Adaline",
    "Perceptron",
    "TrialsResult",
    "adaline_update",
    "add_bias",
    "bound_experiment",
    "count_separable_labelings",
    "cover_count",
    "hebbian_run",
    "is_linearly_separable",
    "margin_and_radius",
    "mistake_bound",
    "perceptron_trials",
    "perceptron_update",
    "separating_unit",
    "sigmoid",
    "sigmoid_unit",
    "step",
    "threshold_unit",
]
