"""Lesson 00's warm-up exercise: shows how the checkers work (fold the bias into X)."""

from __future__ import annotations

import numpy as np

from .. import units as ref
from .core import Exercise, Mistake, register


def _case(rng: np.random.Generator) -> dict:
    n, d = int(rng.integers(1, 6)), int(rng.integers(1, 4))
    return {"X": rng.normal(size=(n, d)).round(2)}


def _solution(X):
    ones = np.ones((X.shape[0], 1))
    return np.hstack([X, ones])          # the constant 1 goes last


register(Exercise(
    name="fold_bias",
    lesson="00_index",
    reference=ref.add_bias,
    make_case=_case,
    solution=_solution,
    n_cases=30,
    hints=(
        "Make a column of ones with one row per sample, np.ones((X.shape[0], 1)), and put it "
        "to the right of X (np.hstack).",
    ),
    mistakes=(
        Mistake(lambda X: np.hstack([np.ones((X.shape[0], 1)), X]),
                "the column of ones is on the left; the course puts it last, so the bias is "
                "the last weight."),
        Mistake(lambda X: X + 1, "adding 1 to every entry changes the inputs; append a new "
                                 "column of ones instead."),
        Mistake(lambda X: np.vstack([X, np.ones((1, X.shape[1]))]),
                "you appended a row (a new sample); append a column (a new feature)."),
    ),
))
