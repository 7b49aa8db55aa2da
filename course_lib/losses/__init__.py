"""Loss functions, their gradients, and the experiments of lesson ``05_losses_and_activations``.

Two modules, re-exported here so that ``from course_lib import losses`` gives everything:

* :mod:`.library` — the losses and their gradients, with a ``reduction`` argument:

  - regression, on ``y`` and ``y_pred`` of the same shape: :func:`mse`, :func:`mae`,
    :func:`huber`, :func:`log_cosh`, :func:`quantile`;
  - classification as functions of the margin ``m = t * f(x)`` with ``t`` in {-1, +1}:
    :func:`zero_one`, :func:`hinge`, :func:`logistic`, :func:`exponential`;
  - cross-entropy from logits: :func:`binary_cross_entropy`, :func:`cross_entropy` (built on
    the stable :func:`course_lib.activations.log_softmax`); between distributions:
    :func:`entropy`, :func:`distribution_cross_entropy`, :func:`kl_divergence`;
  - metric learning: :func:`triplet_loss` with squared Euclidean distances and margin alpha.

* :mod:`.experiments` — :func:`fit_line` (a line fitted under each regression loss),
  :func:`zero_one_risk` and :func:`exhaustive_zero_one_erm` (0–1 empirical risk
  minimisation by brute force), :func:`triplet_active_fraction`,
  :func:`train_triplet_embedding` (torch) and :func:`embedding_quality`.

Corrections to the source texts: MAE is the mean of ``|y - y_pred|`` with no square; Huber
loss tends to ``delta * |r|`` as ``delta -> 0`` (MAE scaled by delta, which itself tends to 0),
not to MAE; ``huber / delta`` tends to MAE.
"""

from __future__ import annotations

from .experiments import (
    ERMResult,
    TripletTrainingResult,
    contaminated_slopes,
    embedding_quality,
    exhaustive_zero_one_erm,
    fit_line,
    train_triplet_embedding,
    triplet_active_fraction,
    zero_one_erm_labelings,
    zero_one_risk,
)
from .library import (
    REDUCTIONS,
    binary_cross_entropy,
    binary_cross_entropy_grad,
    cross_entropy,
    cross_entropy_grad,
    distribution_cross_entropy,
    entropy,
    entropy_grad,
    exponential,
    exponential_grad,
    hinge,
    hinge_grad,
    huber,
    huber_grad,
    kl_divergence,
    kl_divergence_grad,
    log_cosh,
    log_cosh_grad,
    logistic,
    logistic_grad,
    mae,
    mae_grad,
    mse,
    mse_grad,
    quantile,
    quantile_grad,
    triplet_loss,
    triplet_loss_grad,
    zero_one,
    zero_one_grad,
)

__all__ = [
    "REDUCTIONS",
    "ERMResult",
    "TripletTrainingResult",
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
    "contaminated_slopes",
    "cross_entropy",
    "cross_entropy_grad",
    "distribution_cross_entropy",
    "embedding_quality",
    "entropy",
    "entropy_grad",
    "exhaustive_zero_one_erm",
    "exponential",
    "exponential_grad",
    "fit_line",
    "hinge",
    "hinge_grad",
    "huber",
    "huber_grad",
    "kl_divergence",
    "kl_divergence_grad",
    "log_cosh",
    "log_cosh_grad",
    "logistic",
    "logistic_grad",
    "mae",
    "mae_grad",
    "mse",
    "mse_grad",
    "quantile",
    "quantile_grad",
    "train_triplet_embedding",
    "triplet_active_fraction",
    "triplet_loss",
    "triplet_loss_grad",
    "zero_one",
    "zero_one_erm_labelings",
    "zero_one_grad",
    "zero_one_risk",
]
