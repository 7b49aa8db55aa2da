"""The loss library: every loss with its gradient (part of :mod:`course_lib.losses`).

Every loss ``name`` has a companion ``name_grad`` giving the gradient with respect to the
prediction (the thing a network outputs), for the same ``reduction``:

* ``reduction="mean"`` (default, as in PyTorch): the average over samples, a float;
* ``reduction="sum"``: the total, a float;
* ``reduction="none"``: one loss per sample, an array.

Each formula is evaluated in a form that keeps full *relative* accuracy at the extremes (the
tests compare with mpmath): log-cosh through ``log1p(2 sinh(r/2)**2)``, binary cross-entropy
through ``max(z, 0) - y z + log1p(exp(-|z|))``, ``x log y`` through ``scipy.special.xlogy``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from scipy.special import xlogy

from ..activations import log_softmax, sigmoid, softmax
from ..validation import check_array, check_choice, check_scalar

__all__ = [
    "REDUCTIONS",
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
    "cross_entropy",
    "cross_entropy_grad",
    "distribution_cross_entropy",
    "entropy",
    "entropy_grad",
    "exponential",
    "exponential_grad",
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
    "triplet_loss",
    "triplet_loss_grad",
    "zero_one",
    "zero_one_grad",
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
    """Log-cosh loss ``log(cosh(y_pred - y))``, accurate for tiny and for huge residuals.

    About ``r**2 / 2`` for small ``r`` and ``|r| - log(2)`` for large ``r``; smooth (twice
    differentiable) everywhere. Small residuals use ``cosh r - 1 = 2 sinh(r/2)**2`` and
    ``log1p``, so ``r = 3e-9`` gives ``4.5e-18`` (writing ``log(cosh r)`` gives 0, and
    ``|r| + log1p(exp(-2|r|)) - log 2`` gives ``1.1e-16``); large ones use the second form,
    which never overflows.

    Examples
    --------
    >>> np.round(log_cosh([0.0, 0.0], [0.0, 1e4], reduction="none"), 4).tolist()
    [0.0, 9999.3069]
    >>> float(log_cosh([0.0], [3e-9]))
    4.5e-18
    """
    r, reduction = _regression_inputs(y, y_pred, reduction)
    a = np.abs(r)
    small = a < 1.0
    out = np.empty_like(a)
    out[small] = np.log1p(2.0 * np.sinh(0.5 * a[small]) ** 2)
    big = a[~small]
    out[~small] = big + np.log1p(np.exp(-2.0 * big)) - math.log(2.0)
    return _reduce(out, reduction)


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

    ``-y log(sigmoid(z)) - (1 - y) log(1 - sigmoid(z)) = max(z, 0) - y z + log1p(exp(-|z|))``:
    the right-hand side never takes the log of a probability that rounded to 0 or 1, and for
    a confident right answer (``y = 1``, ``z = 40``) it returns ``exp(-40) = 4.25e-18`` where
    ``softplus(z) - y z`` cancels to 0 (``torch...binary_cross_entropy_with_logits``).

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
    >>> float(binary_cross_entropy([40.0], [1.0]))
    4.248354255291589e-18
    """
    z, y, reduction = _bce_inputs(z, y, reduction)
    return _reduce(np.maximum(z, 0.0) - y * z + np.log1p(np.exp(-np.abs(z))), reduction)


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
    out = -xlogy(p, p).sum(axis=-1) / _log_base(base) + 0.0  # + 0.0: no -0.0 for H = 0
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
    out = -xlogy(p, q).sum(axis=-1) / _log_base(base)
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
    out = (xlogy(p, p) - xlogy(p, q)).sum(axis=-1) / _log_base(base)
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

