"""Loss functions and their gradients (lesson ``05_losses_and_activations``).

Every loss ``name`` has a companion ``name_grad`` giving the gradient with respect to the
prediction (the thing a network outputs), for the same ``reduction``:

* ``reduction="mean"`` (default, as in PyTorch): the average over samples, a float;
* ``reduction="sum"``: the total, a float;
* ``reduction="none"``: one loss per sample, an array.

Families
--------
* regression, on ``y`` and ``y_pred`` of the same shape: :func:`mse`, :func:`mae`,
  :func:`huber`, :func:`log_cosh`, :func:`quantile`;
* classification as functions of the margin ``m = t * f(x)`` with ``t`` in {-1, +1}:
  :func:`zero_one`, :func:`hinge`, :func:`logistic`, :func:`exponential`;
* cross-entropy from logits: :func:`binary_cross_entropy`, :func:`cross_entropy` (built on the
  stable :func:`course_lib.activations.log_softmax`); between distributions:
  :func:`entropy`, :func:`distribution_cross_entropy`, :func:`kl_divergence`;
* metric learning: :func:`triplet_loss` with squared Euclidean distances and margin ``alpha``.

The experiments of the lesson live here too: :func:`fit_line` (a line fitted under each
regression loss), :func:`zero_one_risk` and :func:`exhaustive_zero_one_erm` (0–1 empirical risk
minimisation by brute force), :func:`triplet_active_fraction` and
:func:`train_triplet_embedding` (torch).

Corrections to the source texts: MAE is the mean of ``|y - y_pred|`` with no square; Huber
loss tends to ``delta * |r|`` as ``delta -> 0`` (MAE scaled by delta, which itself tends to 0),
not to MAE; ``huber / delta`` tends to MAE.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from .activations import log_softmax, sigmoid, softmax
from .units import separating_unit
from .validation import (
    check_array,
    check_choice,
    check_int,
    check_rng,
    check_scalar,
    describe,
)

__all__ = [
    "ERMResult",
    "TripletTrainingResult",
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
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

REDUCTIONS = ("mean", "sum", "none")


def _reduction(reduction: Any) -> str:
    return check_choice(reduction, "reduction", REDUCTIONS)


def _reduce(values: np.ndarray, reduction: str) -> float | np.ndarray:
    if reduction == "mean":
        return float(values.mean())
    if reduction == "sum":
        return float(values.sum())
    return values


def _scale(n: int, reduction: str) -> float:
    """Factor applied to per-sample gradients for a reduction over ``n`` samples."""
    return 1.0 / n if reduction == "mean" else 1.0


# --- regression ----------------------------------------------------------------------------------
def _regression_inputs(y: Any, y_pred: Any, reduction: Any) -> tuple[np.ndarray, str]:
    """Return the residuals ``y - y_pred`` after checking the inputs."""
    y = check_array(y, "y")
    y_pred = check_array(y_pred, "y_pred")
    if y.shape != y_pred.shape:
        raise ValueError(f"y_pred must have the shape of y {y.shape}; got shape {y_pred.shape}")
    return y - y_pred, _reduction(reduction)


def mse(y: np.ndarray, y_pred: np.ndarray, *, reduction: str = "mean") -> float | np.ndarray:
    """Mean squared error: the average of ``(y - y_pred)**2`` (``torch...mse_loss``).

    Parameters
    ----------
    y, y_pred : ndarray, same shape
        Targets and predictions.
    reduction : {"mean", "sum", "none"}

    Returns
    -------
    float, or ndarray of the shape of ``y`` for ``reduction="none"``

    Examples
    --------
    >>> mse([0.0, 0.0], [1.0, 3.0])
    5.0
    """
    r, reduction = _regression_inputs(y, y_pred, reduction)
    return _reduce(r ** 2, reduction)


def mse_grad(y: np.ndarray, y_pred: np.ndarray, *, reduction: str = "mean") -> np.ndarray:
    """Gradient of :func:`mse` with respect to ``y_pred``: ``2 * (y_pred - y) / n``.

    Examples
    --------
    >>> mse_grad([0.0, 0.0], [1.0, 3.0]).tolist()
    [1.0, 3.0]
    """
    r, reduction = _regression_inputs(y, y_pred, reduction)
    return -2.0 * r * _scale(r.size, reduction)


def mae(y: np.ndarray, y_pred: np.ndarray, *, reduction: str = "mean") -> float | np.ndarray:
    """Mean absolute error: the average of ``|y - y_pred|`` -- no square (``l1_loss``).

    Examples
    --------
    >>> mae([0.0, 0.0], [1.0, -3.0])
    2.0
    """
    r, reduction = _regression_inputs(y, y_pred, reduction)
    return _reduce(np.abs(r), reduction)


def mae_grad(y: np.ndarray, y_pred: np.ndarray, *, reduction: str = "mean") -> np.ndarray:
    """Gradient of :func:`mae`: ``sign(y_pred - y) / n`` -- the same size for every error,
    small or large (0 where the residual is exactly 0, as in PyTorch).

    Examples
    --------
    >>> mae_grad([0.0, 0.0], [1.0, -3.0]).tolist()
    [0.5, -0.5]
    """
    r, reduction = _regression_inputs(y, y_pred, reduction)
    return -np.sign(r) * _scale(r.size, reduction)


def _delta(delta: Any) -> float:
    return check_scalar(delta, "delta", low=0, include_low=False)


def huber(y: np.ndarray, y_pred: np.ndarray, delta: float = 1.0, *,
          reduction: str = "mean") -> float | np.ndarray:
    """Huber loss: ``r**2 / 2`` for ``|r| <= delta``, ``delta * (|r| - delta / 2)`` beyond.

    Quadratic near 0, linear in the tails (``torch...huber_loss``). For ``delta -> 0`` it tends
    to ``delta * |r|``, a *scaled* MAE that itself vanishes; ``huber / delta`` tends to MAE.
    For ``delta -> inf`` it equals ``r**2 / 2``, half the squared error.

    Parameters
    ----------
    y, y_pred : ndarray, same shape
    delta : float > 0
        Where the quadratic part hands over to the linear part.
    reduction : {"mean", "sum", "none"}

    Examples
    --------
    >>> huber([0.0, 0.0], [0.5, 3.0], delta=1.0, reduction="none").tolist()
    [0.125, 2.5]
    """
    r, reduction = _regression_inputs(y, y_pred, reduction)
    delta = _delta(delta)
    a = np.abs(r)
    return _reduce(np.where(a <= delta, 0.5 * r ** 2, delta * (a - 0.5 * delta)), reduction)


def huber_grad(y: np.ndarray, y_pred: np.ndarray, delta: float = 1.0, *,
               reduction: str = "mean") -> np.ndarray:
    """Gradient of :func:`huber`: the error ``y_pred - y`` clipped to ``[-delta, delta]``.

    Examples
    --------
    >>> huber_grad([0.0, 0.0], [0.5, 3.0], delta=1.0, reduction="sum").tolist()
    [0.5, 1.0]
    """
    r, reduction = _regression_inputs(y, y_pred, reduction)
    delta = _delta(delta)
    return np.clip(-r, -delta, delta) * _scale(r.size, reduction)


def log_cosh(y: np.ndarray, y_pred: np.ndarray, *,
             reduction: str = "mean") -> float | np.ndarray:
    """Log-cosh loss ``log(cosh(y_pred - y))``, computed without overflow.

    ``log(cosh(r)) = |r| + log1p(exp(-2|r|)) - log(2)``: about ``r**2 / 2`` for small ``r`` and
    ``|r| - log(2)`` for large ``r``; smooth (twice differentiable) everywhere.

    Examples
    --------
    >>> np.round(log_cosh([0.0, 0.0], [0.0, 1e4], reduction="none"), 4).tolist()
    [0.0, 9999.3069]
    """
    r, reduction = _regression_inputs(y, y_pred, reduction)
    a = np.abs(r)
    return _reduce(a + np.log1p(np.exp(-2.0 * a)) - math.log(2.0), reduction)


def log_cosh_grad(y: np.ndarray, y_pred: np.ndarray, *, reduction: str = "mean") -> np.ndarray:
    """Gradient of :func:`log_cosh`: ``tanh(y_pred - y)``, bounded by 1 like MAE's.

    Examples
    --------
    >>> log_cosh_grad([0.0], [1e4]).tolist()
    [1.0]
    """
    r, reduction = _regression_inputs(y, y_pred, reduction)
    return np.tanh(-r) * _scale(r.size, reduction)


def _tau(tau: Any) -> float:
    return check_scalar(tau, "tau", low=0, high=1, include_low=False, include_high=False)


def quantile(y: np.ndarray, y_pred: np.ndarray, tau: float = 0.5, *,
             reduction: str = "mean") -> float | np.ndarray:
    """Quantile (pinball) loss ``max(tau * r, (tau - 1) * r)`` with ``r = y - y_pred``.

    Under-predictions cost ``tau`` per unit, over-predictions ``1 - tau``; its minimiser over
    a constant prediction is the ``tau``-quantile of ``y``. At ``tau = 0.5`` it is MAE / 2.

    Parameters
    ----------
    tau : float in (0, 1)

    Examples
    --------
    >>> quantile([1.0, -1.0], [0.0, 0.0], tau=0.9, reduction="none").tolist()
    [0.9, 0.09999999999999998]
    """
    r, reduction = _regression_inputs(y, y_pred, reduction)
    tau = _tau(tau)
    return _reduce(np.maximum(tau * r, (tau - 1.0) * r), reduction)


def quantile_grad(y: np.ndarray, y_pred: np.ndarray, tau: float = 0.5, *,
                  reduction: str = "mean") -> np.ndarray:
    """Gradient of :func:`quantile`: ``-tau`` where ``y > y_pred``, ``1 - tau`` where
    ``y < y_pred`` (and ``1/2 - tau``, the average of the two, where they are equal).

    Examples
    --------
    >>> quantile_grad([1.0, -1.0], [0.0, 0.0], tau=0.9, reduction="sum").round(2).tolist()
    [-0.9, 0.1]
    """
    r, reduction = _regression_inputs(y, y_pred, reduction)
    tau = _tau(tau)
    g = np.where(r > 0, -tau, np.where(r < 0, 1.0 - tau, 0.5 - tau))
    return g * _scale(r.size, reduction)


# --- classification on the margin ---------------------------------------------------------------
def _margin_inputs(m: Any, reduction: Any) -> tuple[np.ndarray, str]:
    return check_array(m, "m"), _reduction(reduction)


def zero_one(m: np.ndarray, *, reduction: str = "mean") -> float | np.ndarray:
    """0–1 loss on the margin ``m = t * f(x)``: 1 for a mistake (``m <= 0``), else 0.

    Examples
    --------
    >>> zero_one([-0.5, 0.0, 2.0])
    0.6666666666666666
    """
    m, reduction = _margin_inputs(m, reduction)
    return _reduce((m <= 0).astype(np.float64), reduction)


def zero_one_grad(m: np.ndarray, *, reduction: str = "mean") -> np.ndarray:
    """Derivative of the 0–1 loss: 0 wherever it exists (everywhere except ``m = 0``, where
    the loss jumps). It tells gradient descent nothing.

    Examples
    --------
    >>> zero_one_grad([-0.5, 2.0]).tolist()
    [0.0, 0.0]
    """
    m, _ = _margin_inputs(m, reduction)
    return np.zeros_like(m)


def hinge(m: np.ndarray, *, reduction: str = "mean") -> float | np.ndarray:
    """Hinge loss ``max(0, 1 - m)`` (the SVM's): zero only beyond margin 1.

    Examples
    --------
    >>> hinge([-1.0, 0.5, 2.0], reduction="none").tolist()
    [2.0, 0.5, 0.0]
    """
    m, reduction = _margin_inputs(m, reduction)
    return _reduce(np.maximum(0.0, 1.0 - m), reduction)


def hinge_grad(m: np.ndarray, *, reduction: str = "mean") -> np.ndarray:
    """Derivative of the hinge loss: -1 for ``m < 1``, 0 for ``m >= 1``.

    Examples
    --------
    >>> hinge_grad([0.5, 2.0], reduction="sum").tolist()
    [-1.0, 0.0]
    """
    m, reduction = _margin_inputs(m, reduction)
    return np.where(m < 1.0, -1.0, 0.0) * _scale(m.size, reduction)


def logistic(m: np.ndarray, *, reduction: str = "mean") -> float | np.ndarray:
    """Logistic loss ``log(1 + exp(-m))`` (natural log), computed without overflow.

    It equals the binary cross-entropy of a sigmoid output; divided by ``log(2)`` it is an
    upper bound of the 0–1 loss.

    Examples
    --------
    >>> np.round(logistic([-1e4, 0.0, 1e4], reduction="none"), 4).tolist()
    [10000.0, 0.6931, 0.0]
    """
    m, reduction = _margin_inputs(m, reduction)
    return _reduce(np.logaddexp(0.0, -m), reduction)


def logistic_grad(m: np.ndarray, *, reduction: str = "mean") -> np.ndarray:
    """Derivative of the logistic loss: ``-sigmoid(-m)``.

    Examples
    --------
    >>> logistic_grad([0.0], reduction="sum").tolist()
    [-0.5]
    """
    m, reduction = _margin_inputs(m, reduction)
    return -sigmoid(-m) * _scale(m.size, reduction)


def exponential(m: np.ndarray, *, reduction: str = "mean") -> float | np.ndarray:
    """Exponential loss ``exp(-m)`` (AdaBoost's). It overflows to ``inf`` for ``m < -709``,
    exactly as the true value exceeds the largest float.

    Examples
    --------
    >>> exponential([0.0, 1.0], reduction="none").round(4).tolist()
    [1.0, 0.3679]
    """
    m, reduction = _margin_inputs(m, reduction)
    with np.errstate(over="ignore"):
        return _reduce(np.exp(-m), reduction)


def exponential_grad(m: np.ndarray, *, reduction: str = "mean") -> np.ndarray:
    """Derivative of the exponential loss: ``-exp(-m)``.

    Examples
    --------
    >>> exponential_grad([0.0], reduction="sum").tolist()
    [-1.0]
    """
    m, reduction = _margin_inputs(m, reduction)
    with np.errstate(over="ignore"):
        return -np.exp(-m) * _scale(m.size, reduction)


# --- cross-entropy -------------------------------------------------------------------------------
def _bce_inputs(z: Any, y: Any, reduction: Any) -> tuple[np.ndarray, np.ndarray, str]:
    z = check_array(z, "z")
    y = check_array(y, "y")
    if y.shape != z.shape:
        raise ValueError(f"y must have the shape of z {z.shape}; got shape {y.shape}")
    if y.min() < 0 or y.max() > 1:
        raise ValueError(f"y must contain targets in [0, 1]; got values in "
                         f"[{y.min():g}, {y.max():g}]")
    return z, y, _reduction(reduction)


def binary_cross_entropy(z: np.ndarray, y: np.ndarray, *,
                         reduction: str = "mean") -> float | np.ndarray:
    """Binary cross-entropy of ``sigmoid(z)`` against targets ``y`` in [0, 1], from logits.

    ``-y log(sigmoid(z)) - (1 - y) log(1 - sigmoid(z)) = softplus(z) - y * z``: the right-hand
    side never takes the log of a probability that rounded to 0 or 1
    (``torch...binary_cross_entropy_with_logits``).

    Parameters
    ----------
    z : ndarray
        Logits.
    y : ndarray, shape of ``z``
        Targets (labels 0/1 or soft targets).
    reduction : {"mean", "sum", "none"}

    Examples
    --------
    >>> np.round(binary_cross_entropy([1e4, -1e4, 0.0], [0.0, 0.0, 1.0], reduction="none"),
    ...          4).tolist()
    [10000.0, 0.0, 0.6931]
    """
    z, y, reduction = _bce_inputs(z, y, reduction)
    return _reduce(np.logaddexp(0.0, z) - y * z, reduction)


def binary_cross_entropy_grad(z: np.ndarray, y: np.ndarray, *,
                              reduction: str = "mean") -> np.ndarray:
    """Gradient of :func:`binary_cross_entropy` with respect to the logits: ``sigmoid(z) - y``.

    Examples
    --------
    >>> binary_cross_entropy_grad([0.0], [1.0]).tolist()
    [-0.5]
    """
    z, y, reduction = _bce_inputs(z, y, reduction)
    return (sigmoid(z) - y) * _scale(z.size, reduction)


def _ce_inputs(Z: Any, y: Any, reduction: Any) -> tuple[np.ndarray, np.ndarray, str]:
    """Return logits and one-hot / probability targets of the same shape."""
    Z = check_array(Z, "Z", ndim=2, shape_doc="(n_samples, n_classes)")
    n, k = Z.shape
    if not isinstance(y, (str, bytes, dict, set)) and y is not None and np.ndim(y) == 1:
        labels = check_array(y, "y", dtype="int", shape=(n,),
                             shape_doc=f"(n_samples,) = ({n},) for class labels")
        if labels.min() < 0 or labels.max() >= k:
            raise ValueError(f"y must contain class labels in [0, {k - 1}]; got values in "
                             f"[{labels.min()}, {labels.max()}]")
        P = np.zeros_like(Z)
        P[np.arange(n), labels] = 1.0
    else:
        P = check_array(y, "y", shape=(n, k), shape_doc=f"(n_samples,) of labels or "
                        f"(n_samples, n_classes) = ({n}, {k}) of probabilities")
        if P.min() < 0 or not np.allclose(P.sum(axis=1), 1.0, atol=1e-6):
            raise ValueError("y given as probabilities must be non-negative with rows "
                             "summing to 1")
    return Z, P, _reduction(reduction)


def cross_entropy(Z: np.ndarray, y: np.ndarray, *, reduction: str = "mean") -> float | np.ndarray:
    """Multi-class cross-entropy ``-sum_k P_k log softmax(Z)_k`` from logits.

    Uses the stable :func:`~course_lib.activations.log_softmax`, so logits of size 1e4 give
    finite losses (``torch...cross_entropy``).

    Parameters
    ----------
    Z : ndarray of shape (n_samples, n_classes)
        Logits.
    y : ndarray of shape (n_samples,) of int labels, or (n_samples, n_classes) probabilities
    reduction : {"mean", "sum", "none"}
        ``"none"`` gives one loss per sample.

    Examples
    --------
    >>> Z = np.array([[1e4, 0.0, -1e4], [0.0, 0.0, 0.0]])
    >>> np.round(cross_entropy(Z, np.array([1, 2]), reduction="none"), 4).tolist()
    [10000.0, 1.0986]
    """
    Z, P, reduction = _ce_inputs(Z, y, reduction)
    return _reduce(-(P * log_softmax(Z)).sum(axis=1), reduction)


def cross_entropy_grad(Z: np.ndarray, y: np.ndarray, *, reduction: str = "mean") -> np.ndarray:
    """Gradient of :func:`cross_entropy` with respect to the logits: ``softmax(Z) - P``.

    Examples
    --------
    >>> cross_entropy_grad(np.zeros((1, 2)), np.array([0])).tolist()
    [[-0.5, 0.5]]
    """
    Z, P, reduction = _ce_inputs(Z, y, reduction)
    return (softmax(Z) - P) * _scale(Z.shape[0], reduction)


def _log_base(base: Any) -> float:
    if base is None:
        return 1.0
    base = check_scalar(base, "base", low=1, include_low=False)
    return math.log(base)


def _distribution(p: Any, name: str) -> np.ndarray:
    p = check_array(p, name, ndim=(1, 2), shape_doc="(n_outcomes,) or (n_rows, n_outcomes)")
    if p.min() < 0:
        raise ValueError(f"{name} must be a probability distribution with no negative entry; "
                         f"got minimum {p.min():g}")
    sums = p.sum(axis=-1)
    if not np.allclose(sums, 1.0, atol=1e-6):
        raise ValueError(f"{name} must sum to 1 along its last axis; got sums "
                         f"{np.round(np.atleast_1d(sums)[:4], 6).tolist()}")
    return p


def _pq(p: Any, q: Any) -> tuple[np.ndarray, np.ndarray]:
    p, q = _distribution(p, "p"), _distribution(q, "q")
    if p.shape != q.shape:
        raise ValueError(f"q must have the shape of p {p.shape}; got shape {q.shape}")
    return p, q


def _xlogy(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``x * log(y)`` with ``0 * log(anything) = 0``; ``x > 0, y = 0`` gives ``-inf``."""
    with np.errstate(divide="ignore"):
        return np.where(x > 0, x * np.log(np.where(x > 0, y, 1.0)), 0.0)


def entropy(p: np.ndarray, *, base: float | None = None) -> float | np.ndarray:
    """Shannon entropy ``H(p) = -sum p log p`` (0 log 0 = 0), in nats or in ``base`` units.

    ``base=2`` gives bits: the shortest average code length for outcomes drawn from ``p``.

    Parameters
    ----------
    p : ndarray of shape (n_outcomes,) or (n_rows, n_outcomes)
        Probabilities summing to 1 along the last axis.
    base : float > 1, optional
        Logarithm base (default e).

    Returns
    -------
    float, or ndarray of shape (n_rows,)

    Examples
    --------
    >>> entropy([0.5, 0.25, 0.125, 0.125], base=2)
    1.75
    """
    p = _distribution(p, "p")
    out = -_xlogy(p, p).sum(axis=-1) / _log_base(base)
    return float(out) if out.ndim == 0 else out


def entropy_grad(p: np.ndarray, *, base: float | None = None) -> np.ndarray:
    """Partial derivatives ``-(log p + 1) / log(base)`` of the entropy (``+inf`` at ``p = 0``).

    Examples
    --------
    >>> entropy_grad([1.0, 0.0]).tolist()
    [-1.0, inf]
    """
    p = _distribution(p, "p")
    with np.errstate(divide="ignore"):
        return -(np.log(p) + 1.0) / _log_base(base)


def distribution_cross_entropy(p: np.ndarray, q: np.ndarray, *,
                               base: float | None = None) -> float | np.ndarray:
    """Cross-entropy ``H(p, q) = -sum p log q`` between two distributions.

    The average code length when outcomes come from ``p`` but the code was built for ``q``;
    ``H(p, q) = H(p) + KL(p || q) >= H(p)``. Infinite if ``q`` gives 0 to an outcome ``p``
    does not.

    Examples
    --------
    >>> distribution_cross_entropy([0.5, 0.25, 0.125, 0.125], [0.25] * 4, base=2)
    2.0
    """
    p, q = _pq(p, q)
    out = -_xlogy(p, q).sum(axis=-1) / _log_base(base)
    return float(out) if out.ndim == 0 else out


def kl_divergence(p: np.ndarray, q: np.ndarray, *, base: float | None = None) -> float | np.ndarray:
    """Kullback–Leibler divergence ``KL(p || q) = sum p log(p / q) >= 0``.

    The extra code length paid for using ``q``'s code on ``p``'s outcomes; 0 only when
    ``p = q``; not symmetric (``torch...kl_div(log q, p, reduction="sum")``).

    Examples
    --------
    >>> kl_divergence([0.5, 0.25, 0.125, 0.125], [0.25] * 4, base=2)
    0.25
    """
    p, q = _pq(p, q)
    out = (_xlogy(p, p) - _xlogy(p, q)).sum(axis=-1) / _log_base(base)
    return float(out) if out.ndim == 0 else out


def kl_divergence_grad(p: np.ndarray, q: np.ndarray, *, base: float | None = None) -> np.ndarray:
    """Gradient of :func:`kl_divergence` with respect to ``q``: ``-p / q / log(base)``.

    (For ``q = softmax(Z)`` the chain rule gives ``q - p`` with respect to ``Z``.)

    Examples
    --------
    >>> kl_divergence_grad([0.5, 0.5], [0.25, 0.75]).round(4).tolist()
    [-2.0, -0.6667]
    """
    p, q = _pq(p, q)
    with np.errstate(divide="ignore", invalid="ignore"):
        g = np.where(p > 0, -p / np.where(p > 0, q, 1.0), 0.0)
    return g / _log_base(base)


# --- triplet loss --------------------------------------------------------------------------------
def _triplet_inputs(anchor: Any, positive: Any, negative: Any
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    anchor = check_array(anchor, "anchor", ndim=2, shape_doc="(n_triplets, n_dims)")
    doc = f"(n_triplets, n_dims) = {anchor.shape} like anchor"
    positive = check_array(positive, "positive", shape=anchor.shape, shape_doc=doc)
    negative = check_array(negative, "negative", shape=anchor.shape, shape_doc=doc)
    return anchor, positive, negative


def _alpha(margin: Any) -> float:
    return check_scalar(margin, "margin", low=0)


def _triplet_gap(anchor, positive, negative):
    d_pos = ((anchor - positive) ** 2).sum(axis=1)
    d_neg = ((anchor - negative) ** 2).sum(axis=1)
    return d_pos - d_neg


def triplet_loss(anchor: np.ndarray, positive: np.ndarray, negative: np.ndarray,
                 margin: float = 1.0, *, reduction: str = "mean") -> float | np.ndarray:
    """Triplet loss ``max(|a - p|^2 - |a - n|^2 + margin, 0)`` on embeddings.

    Zero once the negative is farther from the anchor than the positive by at least
    ``margin`` (in squared distance): such triplets give no gradient. A larger margin keeps
    more triplets active. (PyTorch's ``triplet_margin_loss`` uses unsquared distances; the
    squared version is ``triplet_margin_with_distance_loss`` with a squared distance.)

    Parameters
    ----------
    anchor, positive, negative : ndarray of shape (n_triplets, n_dims)
        Embeddings ``f(a)``, ``f(p)`` (same class as ``a``), ``f(n)`` (another class).
    margin : float >= 0
        The margin alpha.
    reduction : {"mean", "sum", "none"}

    Examples
    --------
    >>> a, p, n = np.zeros((1, 2)), np.array([[1.0, 0.0]]), np.array([[0.0, 2.0]])
    >>> triplet_loss(a, p, n, margin=1.0), triplet_loss(a, p, n, margin=4.0)
    (0.0, 1.0)
    """
    anchor, positive, negative = _triplet_inputs(anchor, positive, negative)
    margin = _alpha(margin)
    reduction = _reduction(reduction)
    return _reduce(np.maximum(_triplet_gap(anchor, positive, negative) + margin, 0.0), reduction)


def triplet_loss_grad(anchor: np.ndarray, positive: np.ndarray, negative: np.ndarray,
                      margin: float = 1.0, *, reduction: str = "mean"
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of :func:`triplet_loss` with respect to the three embeddings.

    For an active triplet (loss > 0): ``dA = 2 (n - p)``, ``dP = 2 (p - a)``,
    ``dN = 2 (a - n)``; for an inactive one all three are 0.

    Returns
    -------
    dA, dP, dN : ndarray of shape (n_triplets, n_dims)

    Examples
    --------
    >>> a, p, n = np.zeros((1, 2)), np.array([[1.0, 0.0]]), np.array([[0.0, 2.0]])
    >>> [g.tolist() for g in triplet_loss_grad(a, p, n, margin=4.0)]
    [[[-2.0, 4.0]], [[2.0, 0.0]], [[0.0, -4.0]]]
    """
    anchor, positive, negative = _triplet_inputs(anchor, positive, negative)
    margin = _alpha(margin)
    reduction = _reduction(reduction)
    active = (_triplet_gap(anchor, positive, negative) + margin > 0)[:, None]
    w = 2.0 * active * _scale(len(anchor), reduction)
    return (w * (negative - positive), w * (positive - anchor), w * (anchor - negative))


def triplet_active_fraction(anchor: np.ndarray, positive: np.ndarray, negative: np.ndarray,
                            margins: np.ndarray) -> np.ndarray:
    """Fraction of triplets with a positive loss (the ones that give a gradient), per margin.

    Parameters
    ----------
    anchor, positive, negative : ndarray of shape (n_triplets, n_dims)
    margins : ndarray of shape (n_margins,)

    Returns
    -------
    ndarray of shape (n_margins,)

    Examples
    --------
    >>> a, p, n = np.zeros((2, 1)), np.array([[1.0], [1.0]]), np.array([[2.0], [3.0]])
    >>> triplet_active_fraction(a, p, n, [0.0, 4.0, 10.0]).tolist()
    [0.0, 0.5, 1.0]
    """
    anchor, positive, negative = _triplet_inputs(anchor, positive, negative)
    margins = check_array(margins, "margins", ndim=1, shape_doc="(n_margins,)")
    if margins.min() < 0:
        raise ValueError(f"margins must be >= 0; got minimum {margins.min():g}")
    gap = _triplet_gap(anchor, positive, negative)
    return (gap[None, :] + margins[:, None] > 0).mean(axis=1)


@dataclass
class TripletTrainingResult:
    """What :func:`train_triplet_embedding` returns.

    Attributes
    ----------
    margin : float
    embedding : ndarray of shape (n_samples, n_dims)
        The trained embedding of the inputs.
    losses : ndarray of shape (n_steps,)
        Mean triplet loss at each step.
    active_fraction : ndarray of shape (n_steps,)
        Fraction of the batch's triplets that still gave a gradient at each step.
    """

    margin: float
    embedding: np.ndarray
    losses: np.ndarray
    active_fraction: np.ndarray

    def __repr__(self) -> str:
        return (f"TripletTrainingResult(margin={self.margin:g}, {len(self.losses)} steps, "
                f"final loss {self.losses[-1]:.3g}, final active fraction "
                f"{self.active_fraction[-1]:.2f})")


def _sample_triplets(labels: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` random (anchor, positive, negative) index triples."""
    a = rng.integers(0, len(labels), size=n)
    same = labels[None, :] == labels[a][:, None]
    same[np.arange(n), a] = False
    # a random member of the anchor's class (other than itself), and of another class
    pos = np.argmax(rng.random(same.shape) * same, axis=1)
    neg = np.argmax(rng.random(same.shape) * ~(labels[None, :] == labels[a][:, None]), axis=1)
    return np.stack([a, pos, neg], axis=1)


def train_triplet_embedding(X: np.ndarray, labels: np.ndarray, *, margin: float,
                            n_dims: int = 2, n_steps: int = 200, batch: int = 128,
                            lr: float = 0.5, seed: int = 0) -> TripletTrainingResult:
    """Train a small embedding ``f(x) = (x W + b) / |x W + b|`` with the triplet loss (torch).

    The embedding is linear, then scaled to unit length (as in FaceNet), so all points lie on
    the unit sphere and squared distances are at most 4: a margin near 4 can never be met by
    most triplets, which then stay active for good. Each step draws a batch of random
    triplets, takes the mean triplet loss and a plain SGD step.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    labels : ndarray of shape (n_samples,) of ints
        Classes; each needs at least two members.
    margin : float >= 0
    n_dims, n_steps, batch : int
    lr : float
    seed : int
        Seeds both the weights (``torch.Generator``) and the triplet sampling.

    Returns
    -------
    TripletTrainingResult

    Examples
    --------
    >>> X = np.array([[0.0, 0.0], [0.1, 0.0], [3.0, 3.0], [3.1, 3.0]])
    >>> res = train_triplet_embedding(X, np.array([0, 0, 1, 1]), margin=0.5, n_steps=3, batch=4)
    >>> res.embedding.shape, bool(np.allclose(np.linalg.norm(res.embedding, axis=1), 1.0))
    ((4, 2), True)
    """
    import torch

    X = check_array(X, "X", ndim=2, shape_doc="(n_samples, n_features)")
    labels = check_array(labels, "labels", dtype="int", shape=(len(X),), shape_doc="(n_samples,)")
    _, counts = np.unique(labels, return_counts=True)
    if len(counts) < 2 or counts.min() < 2:
        raise ValueError("labels must contain at least two classes with at least two samples "
                         f"each; got class sizes {counts.tolist()}")
    margin = _alpha(margin)
    n_dims = check_int(n_dims, "n_dims", low=1)
    n_steps = check_int(n_steps, "n_steps", low=1)
    batch = check_int(batch, "batch", low=1)
    lr = check_scalar(lr, "lr", low=0, include_low=False)
    seed = check_int(seed, "seed", low=0)
    rng = check_rng(seed)
    gen = torch.Generator().manual_seed(seed)
    Xt = torch.as_tensor(X, dtype=torch.float64)
    W = (torch.randn(X.shape[1], n_dims, generator=gen, dtype=torch.float64)
         / X.shape[1] ** 0.5).requires_grad_()
    b = torch.zeros(n_dims, dtype=torch.float64, requires_grad=True)
    losses, active = np.empty(n_steps), np.empty(n_steps)
    for i in range(n_steps):
        idx = torch.as_tensor(_sample_triplets(labels, batch, rng))
        E = torch.nn.functional.normalize(Xt @ W + b, dim=1)
        A, P, N = E[idx[:, 0]], E[idx[:, 1]], E[idx[:, 2]]
        per = torch.clamp(((A - P) ** 2).sum(1) - ((A - N) ** 2).sum(1) + margin, min=0)
        loss = per.mean()
        gW, gb = torch.autograd.grad(loss, [W, b])
        with torch.no_grad():
            W -= lr * gW
            b -= lr * gb
        losses[i], active[i] = float(loss.detach()), float((per > 0).double().mean())
    with torch.no_grad():
        emb = torch.nn.functional.normalize(Xt @ W + b, dim=1).numpy()
    return TripletTrainingResult(margin=margin, embedding=emb, losses=losses,
                                 active_fraction=active)


def embedding_quality(E: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """Two summaries of an embedding: distance ratio and nearest-neighbour accuracy.

    Parameters
    ----------
    E : ndarray of shape (n_samples, n_dims)
    labels : ndarray of shape (n_samples,)

    Returns
    -------
    ratio : float
        Mean distance between points of different classes divided by the mean distance
        between points of the same class (larger: tighter, better separated clusters).
    nn_accuracy : float
        Leave-one-out accuracy of the 1-nearest-neighbour classifier in the embedding.

    Examples
    --------
    >>> E = np.array([[0.0], [0.1], [5.0], [5.1]])
    >>> ratio, acc = embedding_quality(E, np.array([0, 0, 1, 1]))
    >>> round(ratio, 1), acc
    (50.0, 1.0)
    """
    E = check_array(E, "E", ndim=2, shape_doc="(n_samples, n_dims)")
    labels = check_array(labels, "labels", dtype="int", shape=(len(E),),
                         shape_doc="(n_samples,)")
    same = labels[:, None] == labels[None, :]
    np.fill_diagonal(same, False)
    diff = labels[:, None] != labels[None, :]
    if not same.any() or not diff.any():
        raise ValueError("labels must contain at least two classes and a class with two "
                         f"samples; got {np.unique(labels).tolist()}")
    D = np.sqrt(((E[:, None, :] - E[None, :, :]) ** 2).sum(axis=-1))
    ratio = float(D[diff].mean() / D[same].mean())
    np.fill_diagonal(D, np.inf)
    return ratio, float(np.mean(labels[D.argmin(axis=1)] == labels))


# --- 0–1 loss: risk surface and exhaustive ERM --------------------------------------------------
def _binary_data(X: Any, t: Any) -> tuple[np.ndarray, np.ndarray]:
    X = check_array(X, "X", ndim=2, shape_doc="(n_samples, n_features)")
    t = check_array(t, "t", shape=(len(X),), shape_doc="(n_samples,)")
    if not np.isin(t, (-1.0, 1.0)).all():
        raise ValueError(f"t must contain only -1 and +1; got values {np.unique(t)[:5].tolist()}")
    return X, t


def zero_one_risk(W: np.ndarray, X: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Empirical 0–1 risk of many linear classifiers at once.

    Parameters
    ----------
    W : ndarray of shape (n_classifiers, n_features + 1)
        Weights with the bias last: the classifier is ``sign(x · W[j, :-1] + W[j, -1])``.
    X : ndarray of shape (n_samples, n_features)
    t : ndarray of shape (n_samples,) with values in {-1, +1}

    Returns
    -------
    ndarray of shape (n_classifiers,)
        Fraction of samples with margin ``<= 0``.

    Examples
    --------
    >>> X, t = np.array([[-1.0], [1.0]]), np.array([-1.0, 1.0])
    >>> zero_one_risk(np.array([[1.0, 0.0], [-1.0, 0.0], [1.0, 5.0]]), X, t).tolist()
    [0.0, 1.0, 0.5]
    """
    X, t = _binary_data(X, t)
    W = check_array(W, "W", ndim=2, shape=(None, X.shape[1] + 1),
                    shape_doc=f"(n_classifiers, n_features + 1) = (any, {X.shape[1] + 1})")
    M = t[None, :] * (W[:, :-1] @ X.T + W[:, -1:])
    return (M <= 0).mean(axis=1)


def zero_one_erm_labelings(n: int) -> np.ndarray:
    """All ``2**n`` labelings of ``n`` points as rows of -1/+1 (``int8``).

    Examples
    --------
    >>> zero_one_erm_labelings(2).tolist()
    [[-1, -1], [1, -1], [-1, 1], [1, 1]]
    """
    n = check_int(n, "n", low=1, high=24)
    bits = (np.arange(2 ** n)[:, None] >> np.arange(n)[None, :]) & 1
    return (2 * bits - 1).astype(np.int8)


def _separable(X: np.ndarray, s: np.ndarray) -> np.ndarray | None:
    """Weights (bias last) with ``s_i (w·x_i + b) >= 1`` for all i, or None: the LP of
    :func:`course_lib.units.separating_unit`."""
    unit = separating_unit(X, s > 0)
    return None if unit is None else np.append(unit[0], unit[1])


@dataclass
class ERMResult:
    """What :func:`exhaustive_zero_one_erm` returns.

    Attributes
    ----------
    n_errors : int
        The smallest number of training mistakes any linear classifier makes.
    w : ndarray of shape (n_features + 1,)
        A classifier reaching it (bias last).
    n_labelings : int
        Labelings enumerated: ``2**n_samples``.
    n_lp : int
        Separability tests (linear programs) solved before the answer was certain.
    """

    n_errors: int
    w: np.ndarray
    n_labelings: int
    n_lp: int

    def __repr__(self) -> str:
        return (f"ERMResult(n_errors={self.n_errors}, n_labelings={self.n_labelings}, "
                f"n_lp={self.n_lp})")


def exhaustive_zero_one_erm(X: np.ndarray, t: np.ndarray) -> ERMResult:
    """Minimise the 0–1 training error of a linear classifier by brute force.

    On n points a classifier is known by the labeling it gives them, so the search is over all
    ``2**n`` labelings: sort them by how many labels they flip, and take the first one that a
    hyperplane can produce (a linear program decides). The enumeration alone costs
    ``O(n 2**n)``. (In a *fixed* dimension d only ``O(n**d)`` labelings are linearly
    realisable and cleverer algorithms are polynomial in n; the NP-hardness of 0–1 ERM for
    halfspaces is for the dimension growing with the data.)

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        At most 22 samples.
    t : ndarray of shape (n_samples,) with values in {-1, +1}

    Returns
    -------
    ERMResult

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> exhaustive_zero_one_erm(X, np.array([-1.0, 1.0, -1.0, 1.0])).n_errors
    1
    """
    X, t = _binary_data(X, t)
    n = check_int(len(X), "the number of samples", low=1, high=22)
    S = zero_one_erm_labelings(n)
    flips = (S != t[None, :].astype(np.int8)).sum(axis=1)
    order = np.argsort(flips, kind="stable")
    for n_lp, j in enumerate(order, start=1):
        w = _separable(X, S[j].astype(np.float64))
        if w is not None:
            return ERMResult(n_errors=int(flips[j]), w=w, n_labelings=len(S), n_lp=n_lp)
    raise AssertionError("unreachable: a constant labeling is always separable")  # pragma: no cover


# --- a line fitted under each regression loss -------------------------------------------
def fit_line(x: np.ndarray, y: np.ndarray, loss: str = "mse", *, delta: float = 1.0,
             tau: float = 0.5) -> tuple[float, float]:
    """Fit ``y ≈ slope * x + intercept`` by minimising the mean of a regression loss.

    MSE: least squares. MAE and quantile: a linear program (exact; their minimum sits at a
    kink, where gradient methods stall). Huber and log-cosh: L-BFGS with the gradients of this
    module, started from the least-squares line.

    Parameters
    ----------
    x, y : ndarray of shape (n_samples,)
    loss : {"mse", "mae", "huber", "log_cosh", "quantile"}
    delta : float
        Huber's delta.
    tau : float
        The quantile.

    Returns
    -------
    slope, intercept : float

    Examples
    --------
    >>> x = np.arange(6.0)
    >>> y = 2 * x + 1
    >>> y[5] = 100.0                             # one outlier
    >>> [round(v, 3) for v in fit_line(x, y, "mae")]
    [2.0, 1.0]
    """
    from scipy.optimize import linprog, minimize

    x = check_array(x, "x", ndim=1, shape_doc="(n_samples,)")
    y = check_array(y, "y", shape=x.shape, shape_doc=f"(n_samples,) = {x.shape}")
    if len(x) < 2 or np.ptp(x) == 0:
        raise ValueError(f"x must hold at least two distinct values; got {describe(x)}")
    loss = check_choice(loss, "loss", ["mse", "mae", "huber", "log_cosh", "quantile"])
    delta, tau = _delta(delta), _tau(tau)
    A = np.column_stack([x, np.ones_like(x)])
    beta = np.linalg.lstsq(A, y, rcond=None)[0]
    if loss in ("mae", "quantile"):
        q = 0.5 if loss == "mae" else tau
        n = len(x)
        # variables: slope, intercept, u+ (n), u- (n); y - A beta = u+ - u-
        c = np.concatenate([[0.0, 0.0], np.full(n, q), np.full(n, 1.0 - q)])
        A_eq = np.hstack([A, np.eye(n), -np.eye(n)])
        bounds = [(None, None)] * 2 + [(0, None)] * (2 * n)
        res = linprog(c, A_eq=A_eq, b_eq=y, bounds=bounds, method="highs")
        beta = res.x[:2]
    elif loss in ("huber", "log_cosh"):
        def objective(b: np.ndarray) -> tuple[float, np.ndarray]:
            pred = A @ b
            if loss == "huber":
                return huber(y, pred, delta), A.T @ huber_grad(y, pred, delta)
            return log_cosh(y, pred), A.T @ log_cosh_grad(y, pred)
        beta = minimize(objective, beta, jac=True, method="L-BFGS-B",
                        options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 1000}).x
    return float(beta[0]), float(beta[1])
