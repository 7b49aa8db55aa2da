"""Lesson 01 exercises: the perceptron rule, the ADALINE rule, the mistake bound."""

from __future__ import annotations

import numpy as np

from .. import perceptron as ref
from .core import Exercise, Mistake, register

LESSON = "01_perceptron"


# --- perceptron_update ------------------------------------------------------------------------
def _perceptron_case(rng: np.random.Generator) -> dict:
    d = int(rng.integers(2, 6))
    x = np.append(rng.normal(size=d - 1).round(2), 1.0)
    # a quarter of the cases start from w = 0, where w·x = 0 exactly (the boundary case)
    w = np.zeros(d) if rng.uniform() < 0.25 else rng.normal(size=d).round(2)
    return {"w": w, "x": x, "t": float(rng.choice([-1.0, 1.0])),
            "eta": float(rng.choice([1.0, 0.5, 0.1]))}


def _perceptron_solution(w, x, t, eta=1.0):
    if t * np.dot(w, x) <= 0:  # a mistake (on the boundary counts)
        return w + eta * t * x
    return w


register(Exercise(
    name="perceptron_update",
    lesson=LESSON,
    reference=ref.perceptron_update,
    make_case=_perceptron_case,
    solution=_perceptron_solution,
    hints=(
        "Compute the activation s = w·x. The sample is a mistake when t * s <= 0.",
        "On a mistake return w + eta * t * x; otherwise return w unchanged.",
        "A point exactly on the boundary (s == 0, e.g. when w is all zeros) is a mistake too: "
        "use <=, not <.",
    ),
    mistakes=(
        Mistake(lambda w, x, t, eta=1.0: w + eta * t * x,
                "you update on every sample; the perceptron only updates when t * (w·x) <= 0."),
        Mistake(lambda w, x, t, eta=1.0: w - eta * t * x if t * (w @ x) <= 0 else w,
                "sign error: a mistake must move w *towards* t * x (w + eta * t * x)."),
        Mistake(lambda w, x, t, eta=1.0: w + eta * t * x if t * (w @ x) < 0 else w,
                "a point on the boundary (w·x == 0) must count as a mistake: use <= 0, not < 0."),
        Mistake(lambda w, x, t, eta=1.0: w + t * x if t * (w @ x) <= 0 else w,
                "the learning rate eta is missing from the update."),
        Mistake(lambda w, x, t, eta=1.0: (w + eta * t * x if t * (w[:-1] @ x[:-1]) <= 0
                                          else w),
                "the bias is left out of w·x: use all of w and x, the last entry is the bias."),
    ),
))


# --- adaline_update ---------------------------------------------------------------------------
def _adaline_case(rng: np.random.Generator) -> dict:
    d = int(rng.integers(2, 6))
    return {"w": rng.normal(size=d).round(2), "x": np.append(rng.normal(size=d - 1).round(2), 1.0),
            "t": float(rng.choice([-1.0, 1.0])), "eta": float(rng.choice([0.1, 0.05, 0.01]))}


def _adaline_solution(w, x, t, eta=0.01):
    y = np.dot(w, x)                # the real-valued output, not thresholded
    return w + eta * (t - y) * x


register(Exercise(
    name="adaline_update",
    lesson=LESSON,
    reference=ref.adaline_update,
    make_case=_adaline_case,
    solution=_adaline_solution,
    hints=(
        "ADALINE's error uses the linear output y = w·x, before any threshold.",
        "The gradient of (t - y)^2 / 2 with respect to w is -(t - y) * x; step against it.",
    ),
    mistakes=(
        Mistake(lambda w, x, t, eta=0.01: w + eta * (t - np.where(w @ x >= 0, 1.0, -1.0)) * x,
                "you thresholded the output first: that is the perceptron's error, ADALINE "
                "uses the real value w·x."),
        Mistake(lambda w, x, t, eta=0.01: w - eta * (t - w @ x) * x,
                "sign error: gradient *descent* adds eta * (t - w·x) * x."),
        Mistake(lambda w, x, t, eta=0.01: w + 2 * eta * (t - w @ x) * x,
                "a factor 2 too many: this course's rule is the gradient of (t - y)^2 / 2."),
    ),
))


# --- mistake_bound ----------------------------------------------------------------------------
def _bound_case(rng: np.random.Generator) -> dict:
    n, d = int(rng.integers(5, 30)), int(rng.integers(2, 5))
    u = rng.normal(size=d)
    X = rng.normal(size=(n, d))
    s = X @ u
    keep = np.abs(s) > 0.05 * np.abs(s).max()  # stay clear of the hyperplane
    X, s = X[keep], s[keep]
    return {"X": X.round(3), "t": np.sign(s), "u": u * rng.uniform(0.5, 3.0)}


def _bound_solution(X, t, u):
    u = u / np.linalg.norm(u)            # the bound assumes a unit-norm separator
    gamma = np.min(t * (X @ u))          # margin: the closest sample to the hyperplane
    R = np.max(np.linalg.norm(X, axis=1))  # radius: the farthest sample from the origin
    return (R / gamma) ** 2


register(Exercise(
    name="mistake_bound",
    lesson=LESSON,
    reference=ref.mistake_bound,
    make_case=_bound_case,
    solution=_bound_solution,
    n_cases=60,
    hints=(
        "gamma is the smallest signed distance t_i * (u·x_i) / |u| over the samples; R is the "
        "largest norm |x_i|. The bound is (R / gamma) ** 2.",
        "Normalise u first: the theorem assumes |u| = 1, and u here has another length.",
        "R is measured from the origin (not from the mean), over rows: norm along axis=1.",
    ),
    mistakes=(
        Mistake(lambda X, t, u: (np.max(np.linalg.norm(X, axis=1)) / np.min(t * (X @ u))) ** 2,
                "u is not normalised: divide by |u| before measuring the margin."),
        Mistake(lambda X, t, u: np.max(np.linalg.norm(X, axis=1))
                / np.min(t * (X @ u) / np.linalg.norm(u)),
                "the ratio R / gamma must be squared."),
        Mistake(lambda X, t, u: (np.max(np.linalg.norm(X, axis=0))
                                 / np.min(t * (X @ u) / np.linalg.norm(u))) ** 2,
                "wrong axis: R is the largest norm of a *row* (a sample), np.linalg.norm(X, "
                "axis=1)."),
        Mistake(lambda X, t, u: (np.mean(np.linalg.norm(X, axis=1))
                                 / np.min(t * (X @ u) / np.linalg.norm(u))) ** 2,
                "R is the *largest* norm of a sample, not the mean."),
        Mistake(lambda X, t, u: (np.max(np.linalg.norm(X - X.mean(axis=0), axis=1))
                                 / np.min(t * (X @ u) / np.linalg.norm(u))) ** 2,
                "R is measured from the origin, not from the mean of the data."),
    ),
))
