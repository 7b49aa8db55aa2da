"""Lesson 05 exercises: Huber loss and its gradient, a stable log-softmax, the triplet loss."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import activations, losses
from .core import Exercise, Mistake, default_compare, register

LESSON = "05_losses_and_activations"


# --- huber_loss: (value, gradient) --------------------------------------------------------------
def _huber_reference(y, y_pred, delta=1.0):
    return losses.huber(y, y_pred, delta), losses.huber_grad(y, y_pred, delta)


def _huber_case(rng: np.random.Generator) -> dict:
    n = int(rng.integers(1, 12))
    delta = float(rng.choice([0.1, 0.5, 1.0, 2.0, 5.0]))
    y = rng.normal(size=n).round(3)
    # residuals on both sides of delta, so both pieces of the loss are exercised
    r = delta * rng.choice([-1, 1], size=n) * rng.uniform(0.05, 3.0, size=n)
    return {"y": y, "y_pred": (y + r).round(3), "delta": delta}


def _huber_solution(y, y_pred, delta=1.0):
    r = y_pred - y
    small = np.abs(r) <= delta
    value = np.where(small, 0.5 * r ** 2, delta * (np.abs(r) - 0.5 * delta)).mean()
    grad = np.clip(r, -delta, delta) / r.size   # d(mean)/d(y_pred)
    return value, grad


def _compare_value_grad(expected: Any, got: Any) -> str | None:
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        return ("expected a pair (value, gradient), e.g. `return value, grad`; got "
                f"{type(got).__name__}")
    reason = default_compare(expected[0], got[0])
    if reason is not None:
        return f"the loss value is wrong ({reason})"
    reason = default_compare(expected[1], got[1])
    if reason is not None:
        return f"the value is right but the gradient is wrong ({reason})"
    return None


def _huber_parts(y, y_pred, delta, quad=0.5, offset=0.5):
    r = y_pred - y
    return np.where(np.abs(r) <= delta, quad * r ** 2, delta * (np.abs(r) - offset * delta))


register(Exercise(
    name="huber_loss",
    lesson=LESSON,
    reference=_huber_reference,
    make_case=_huber_case,
    solution=_huber_solution,
    compare=_compare_value_grad,
    n_cases=60,
    hints=(
        "With r = y_pred - y: the loss is r**2 / 2 where |r| <= delta and "
        "delta * (|r| - delta / 2) elsewhere; the value is the mean over all entries.",
        "The derivative of each piece: r in the quadratic part, ±delta in the linear part. "
        "Together: np.clip(r, -delta, delta).",
        "The value is a mean over n entries, so each entry of the gradient carries a factor 1/n.",
    ),
    mistakes=(
        Mistake(lambda y, y_pred, delta=1.0: (_huber_parts(y, y_pred, delta, offset=0.0).mean(),
                                              losses.huber_grad(y, y_pred, delta)),
                "the linear part must be delta * (|r| - delta / 2): without the - delta / 2 "
                "the two pieces do not meet at |r| = delta."),
        Mistake(lambda y, y_pred, delta=1.0: (_huber_parts(y, y_pred, delta, quad=1.0).mean(),
                                              losses.huber_grad(y, y_pred, delta)),
                "the quadratic part is r**2 / 2 (the half makes its slope r, matching delta at "
                "the joint)."),
        Mistake(lambda y, y_pred, delta=1.0: (losses.huber(y, y_pred, delta),
                                              (y_pred - y) / np.size(y)),
                "the gradient is not clipped: in the linear part the slope is ±delta, "
                "np.clip(r, -delta, delta)."),
        Mistake(lambda y, y_pred, delta=1.0: (losses.huber(y, y_pred, delta),
                                              losses.huber_grad(y, y_pred, delta,
                                                                reduction="sum")),
                "the value is a mean, so the gradient needs the factor 1/n as well."),
        Mistake(lambda y, y_pred, delta=1.0: (losses.huber(y, y_pred, delta),
                                              -losses.huber_grad(y, y_pred, delta)),
                "sign error: the gradient is with respect to y_pred, so it is +clip(y_pred - y)."),
    ),
))


# --- log_softmax -------------------------------------------------------------------------------
def _log_softmax_case(rng: np.random.Generator) -> dict:
    n, k = int(rng.integers(1, 6)), int(rng.integers(2, 6))
    scale = float(rng.choice([1.0, 3.0, 1e3, 1e4]))
    Z = rng.normal(size=(n, k)) * scale
    if n > 1 and rng.uniform() < 0.3:  # rows at very different levels
        Z[0] -= 2e4
    return {"Z": Z.round(2)}


def _log_softmax_solution(Z):
    shifted = Z - Z.max(axis=1, keepdims=True)   # largest entry of each row becomes 0
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def _naive(Z):
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        return np.log(np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True))


def _naive_logsumexp(Z):
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        return Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))


def _global_max(Z):
    with np.errstate(divide="ignore"):
        shifted = Z - Z.max()
        return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


register(Exercise(
    name="log_softmax",
    lesson=LESSON,
    reference=lambda Z: activations.log_softmax(Z, axis=1),
    make_case=_log_softmax_case,
    solution=_log_softmax_solution,
    n_cases=80,
    hints=(
        "log softmax(z)_k = z_k - log(sum_j exp(z_j)), row by row (axis=1).",
        "exp(1000) overflows: subtract each row's maximum first. Shifting a row changes "
        "nothing mathematically, and then the largest exponential is exp(0) = 1.",
        "Use keepdims=True in max and sum so the (n, 1) results broadcast against Z.",
    ),
    mistakes=(
        Mistake(_naive,
                "exp of a large logit overflows (inf / inf = nan): subtract each row's maximum "
                "before exponentiating."),
        Mistake(_naive_logsumexp,
                "Z - log(sum(exp(Z))) is the right formula, but exp of a large logit "
                "overflows to inf (and of a very negative one underflows to 0): subtract each "
                "row's maximum m first and use m + log(sum(exp(Z - m))) (log-sum-exp)."),
        Mistake(_global_max,
                "subtract each row's own maximum (Z.max(axis=1, keepdims=True)), not the "
                "maximum of the whole array: a row far below it underflows to log(0) = -inf."),
        Mistake(lambda Z: activations.log_softmax(Z, axis=0),
                "you normalised over the wrong axis: each *row* (axis=1) is one sample's "
                "logits."),
        Mistake(lambda Z: activations.softmax(Z, axis=1),
                "you returned probabilities: take the log (log-softmax values are <= 0)."),
        Mistake(lambda Z: Z - Z.max(axis=1, keepdims=True),
                "after subtracting the maximum, also subtract log(sum(exp(shifted)))."),
    ),
))


# --- triplet_loss ------------------------------------------------------------------------------
def _triplet_case(rng: np.random.Generator) -> dict:
    n, d = int(rng.integers(2, 10)), int(rng.integers(1, 5))
    anchor = rng.normal(size=(n, d)).round(2)
    return {"anchor": anchor,
            "positive": (anchor + 0.7 * rng.normal(size=(n, d))).round(2),
            "negative": (anchor + 1.0 * rng.normal(size=(n, d))).round(2),
            "margin": float(rng.choice([0.0, 0.2, 1.0, 2.0]))}


def _triplet_solution(anchor, positive, negative, margin=1.0):
    d_pos = ((anchor - positive) ** 2).sum(axis=1)   # squared distance, one per triplet
    d_neg = ((anchor - negative) ** 2).sum(axis=1)
    return np.maximum(d_pos - d_neg + margin, 0.0).mean()


def _dists(a, p, n, power=2.0):
    return (np.linalg.norm(a - p, axis=1) ** power, np.linalg.norm(a - n, axis=1) ** power)


register(Exercise(
    name="triplet_loss",
    lesson=LESSON,
    reference=lambda anchor, positive, negative, margin=1.0: losses.triplet_loss(
        anchor, positive, negative, margin),
    make_case=_triplet_case,
    solution=_triplet_solution,
    n_cases=80,
    hints=(
        "Per triplet: max(|a - p|^2 - |a - n|^2 + margin, 0); then the mean over triplets.",
        "Squared Euclidean distance of each row: ((a - p) ** 2).sum(axis=1).",
        "Clamp each triplet's value at 0 before averaging (np.maximum(..., 0)).",
    ),
    mistakes=(
        Mistake(lambda anchor, positive, negative, margin=1.0: np.maximum(
                    np.subtract(*_dists(anchor, positive, negative, 1.0)) + margin, 0).mean(),
                "the course's formula uses *squared* distances |a - p|^2 (PyTorch's "
                "triplet_margin_loss uses plain ones)."),
        Mistake(lambda anchor, positive, negative, margin=1.0: (
                    np.subtract(*_dists(anchor, positive, negative)) + margin).mean(),
                "clamp at zero: a triplet whose negative is already far enough contributes 0, "
                "not a negative loss."),
        Mistake(lambda anchor, positive, negative, margin=1.0: np.maximum(
                    -np.subtract(*_dists(anchor, positive, negative)) + margin, 0).mean(),
                "the order is |a - p|^2 - |a - n|^2: the positive distance should shrink."),
        Mistake(lambda anchor, positive, negative, margin=1.0: max(
                    np.subtract(*_dists(anchor, positive, negative)).mean() + margin, 0.0),
                "clamp each triplet separately, then average (you averaged before the max)."),
        Mistake(lambda anchor, positive, negative, margin=1.0: (np.maximum(
                    np.subtract(*_dists(anchor, positive, negative)), 0) + margin).mean(),
                "the margin goes inside the max: max(d_pos - d_neg + margin, 0)."),
        Mistake(lambda anchor, positive, negative, margin=1.0: np.maximum(
                    np.subtract(*_dists(anchor, positive, negative)) + margin, 0).sum(),
                "average over the triplets (mean), not the sum."),
    ),
))
