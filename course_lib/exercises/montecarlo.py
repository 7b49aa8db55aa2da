"""Lesson 09 exercises: the vectorised pi estimator and one round of Freivalds' check."""

from __future__ import annotations

import numpy as np

from .. import montecarlo as ref
from .core import Exercise, Mistake, register

LESSON = "09_monte_carlo"


# --- estimate_pi ------------------------------------------------------------------------------
def _pi_case(rng: np.random.Generator) -> dict:
    n = int(rng.choice([1, 2, 5, 20, 100, 1000]))
    points = rng.random((n, 2)).round(3)
    if rng.uniform() < 0.2:  # points exactly on the arc, e.g. (0.6, 0.8), count as inside
        k = int(rng.integers(1, n + 1))
        points[:k] = rng.choice([[0.6, 0.8], [0.8, 0.6], [1.0, 0.0], [0.0, 1.0]], size=k)
    return {"points": points}


def _pi_solution(points):
    x, y = points[:, 0], points[:, 1]
    inside = x**2 + y**2 <= 1          # the quarter disc of radius 1 has area pi / 4
    return 4 * np.mean(inside)


def _wrong_axis(points):
    # treats the first two *points* as the x and y columns
    return 4 * np.mean(points[0] ** 2 + points[1] ** 2 <= 1)


register(Exercise(
    name="estimate_pi",
    lesson=LESSON,
    reference=ref.pi_from_points,
    make_case=_pi_case,
    solution=_pi_solution,
    hints=(
        "x is the first column, points[:, 0], and y the second, points[:, 1]. A point is "
        "inside when x**2 + y**2 <= 1.",
        "The fraction of points inside estimates the area of the quarter disc, pi / 4: "
        "multiply the fraction by 4. np.mean of a boolean array is that fraction.",
        "No loop is needed: compare whole columns at once. Points exactly on the arc "
        "(x**2 + y**2 == 1) count as inside: use <=.",
    ),
    mistakes=(
        Mistake(lambda points: float(np.mean((points**2).sum(axis=1) <= 1)),
                "you returned the fraction inside, which estimates pi / 4: multiply by 4."),
        Mistake(lambda points: 4 * float(np.mean(points.sum(axis=1) <= 1)),
                "x + y <= 1 is a triangle, not the quarter disc: square the coordinates, "
                "x**2 + y**2 <= 1."),
        Mistake(lambda points: 4 * float(np.count_nonzero((points**2).sum(axis=1) <= 1))
                / points.size,
                "you divided by points.size, which counts both coordinates (2 n): divide by "
                "the number of points, len(points)."),
        Mistake(_wrong_axis,
                "wrong axis: points[0] is the first point, not the x column; use points[:, 0] "
                "and points[:, 1]."),
        Mistake(lambda points: 4 * float(np.mean((points**2).sum(axis=1) < 1)),
                "a point exactly on the arc (x**2 + y**2 == 1) is inside: use <= 1, not < 1."),
        Mistake(lambda points: 4 * float(np.mean((points**2).sum(axis=1) <= 0.5)),
                "the disc has radius 1, so compare x**2 + y**2 with 1 (not with 0.5 or 0.25)."),
    ),
))


# --- freivalds_round --------------------------------------------------------------------------
def _freivalds_case(rng: np.random.Generator) -> dict:
    n = p = int(rng.integers(2, 7))
    A = rng.integers(-4, 5, size=(n, n))
    B = rng.integers(-4, 5, size=(n, n))
    C = A @ B
    if rng.uniform() < 0.6:  # a wrong product: one entry off
        C[rng.integers(n), rng.integers(p)] += int(rng.choice([-2, -1, 1, 2]))
    r = rng.integers(0, 2, size=p)
    return {"A": A, "B": B, "C": C, "r": r}


def _freivalds_solution(A, B, C, r):
    left = A @ (B @ r)       # two matrix-vector products: O(n^2), never A @ B itself
    right = C @ r
    return bool(np.array_equal(left, right))


register(Exercise(
    name="freivalds_round",
    lesson=LESSON,
    reference=ref.freivalds_round,
    make_case=_freivalds_case,
    solution=_freivalds_solution,
    hints=(
        "Compare two vectors: A @ (B @ r) and C @ r. Return True when they are equal in "
        "every entry.",
        "Multiply B by r first: A @ (B @ r) costs two matrix-vector products, while (A @ B) "
        "computes the full product the check is meant to avoid.",
        "np.array_equal(u, v) is True only when all entries agree; the data are integers, so "
        "exact comparison is right.",
    ),
    # A round's answer is a bool, so any wrong version matches any other on a failing case;
    # the mistakes are told apart by the kind of case they fail first (seed 0 opens with a
    # correct product): A @ B == C fails only when C is wrong and r misses it, np.any only
    # when r exposes it, the inverted answer on every case. Keep this order.
    mistakes=(
        Mistake(lambda A, B, C, r: bool(np.array_equal(A @ B, C)),
                "you compared A @ B with C directly and ignored r: that is the O(n^3) product "
                "the check avoids, and one round must answer True when r misses the error; "
                "compare A @ (B @ r) with C @ r."),
        Mistake(lambda A, B, C, r: bool(np.any(A @ (B @ r) == C @ r)),
                "np.any is satisfied by one matching entry; every entry must match: use "
                "np.all or np.array_equal."),
        Mistake(lambda A, B, C, r: bool(not np.array_equal(A @ (B @ r), C @ r)),
                "the answer is inverted: return True when A (B r) equals C r (the product "
                "passes this round), False when they differ."),
    ),
))
