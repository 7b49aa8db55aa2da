"""Lesson 03 exercises: a half-plane unit, a convex polygon as an AND, a radial-basis unit."""

from __future__ import annotations

import numpy as np

from .. import boundaries as ref
from ..datasets import in_convex_polygon, regular_polygon
from .core import Exercise, Mistake, register

LESSON = "03_decision_boundaries"


# --- half_plane_weights -----------------------------------------------------------------------
def _edge_case(rng: np.random.Generator) -> dict:
    p = rng.uniform(-2, 2, size=2).round(2)
    q = p + rng.uniform(0.3, 2, size=2).round(2) * rng.choice([-1.0, 1.0], size=2)
    return {"p": p, "q": q}


def _half_plane_solution(p, q):
    e = q - p                                   # direction of the edge
    w = np.array([-e[1], e[0]])                 # turned 90° to the left: points inside
    w = w / np.linalg.norm(w)                   # unit length: w·x + b is a distance
    return np.array([w[0], w[1], -w @ p])       # the line passes through p


def _normal_right(p, q):
    e = q - p
    w = np.array([e[1], -e[0]]) / np.linalg.norm(e)
    return np.array([w[0], w[1], -w @ p])


def _not_normalised(p, q):
    e = q - p
    w = np.array([-e[1], e[0]])
    return np.array([w[0], w[1], -w @ p])


def _bias_sign(p, q):
    e = q - p
    w = np.array([-e[1], e[0]]) / np.linalg.norm(e)
    return np.array([w[0], w[1], w @ p])


def _along_edge(p, q):
    e = (q - p) / np.linalg.norm(q - p)
    return np.array([e[0], e[1], -e @ p])


register(Exercise(
    name="half_plane_weights",
    lesson=LESSON,
    reference=ref.half_plane_weights,
    make_case=_edge_case,
    solution=_half_plane_solution,
    hints=(
        "The unit's weight vector w is perpendicular to the edge e = q - p. Turning e by 90° "
        "to the left gives (-e_y, e_x).",
        "Scale w to length 1, so that w·x + b is the signed distance from the line.",
        "The line passes through p, so w·p + b = 0: b = -w·p. Return np.array([w1, w2, b]).",
    ),
    mistakes=(
        Mistake(_normal_right, "your normal points to the right of p -> q (outside a "
                "counter-clockwise polygon); turn e to the left: (-e_y, e_x)."),
        Mistake(_not_normalised, "w must have length 1; divide the normal by |q - p|."),
        Mistake(_bias_sign, "the bias has the wrong sign: the line passes through p, so "
                "b = -w·p."),
        Mistake(_along_edge, "w points along the edge; it must be perpendicular to it."),
    ),
))


# --- polygon_contains -------------------------------------------------------------------------
def _polygon_case(rng: np.random.Generator) -> dict:
    k = int(rng.integers(3, 9))
    V = regular_polygon(k, radius=float(rng.uniform(0.5, 1.5)),
                        center=rng.uniform(-0.5, 0.5, size=2), rotation=float(rng.uniform(0, 6)))
    X = rng.uniform(-2, 2, size=(40, 2))
    # keep away from the edges, where rounding may decide either way
    W, b = ref.edge_layer(V)
    dist = np.min(np.abs(X @ W + b), axis=1)
    return {"X": X[dist > 1e-6].round(6), "vertices": V}


def _polygon_solution(X, vertices):
    inside = np.ones(len(X), dtype=bool)
    for i in range(len(vertices)):                       # one half-plane per edge ...
        p, q = vertices[i], vertices[(i + 1) % len(vertices)]
        w = np.array([-(q - p)[1], (q - p)[0]])
        inside &= X @ w - w @ p >= 0                     # ... and all must hold (AND)
    return inside


def _or_instead(X, vertices):
    W, b = ref.edge_layer(vertices)
    return (X @ W + b >= 0).any(axis=1)


def _no_closing_edge(X, vertices):
    W, b = ref.edge_layer(vertices)
    return (X @ W[:, :-1] + b[:-1] >= 0).all(axis=1)


def _clockwise(X, vertices):
    W, b = ref.edge_layer(vertices)
    return (X @ W + b <= 0).all(axis=1)


def _majority(X, vertices):
    W, b = ref.edge_layer(vertices)
    return (X @ W + b >= 0).sum(axis=1) > len(vertices) / 2


register(Exercise(
    name="polygon_contains",
    lesson=LESSON,
    reference=in_convex_polygon,
    make_case=_polygon_case,
    solution=_polygon_solution,
    n_cases=60,
    hints=(
        "One half-plane unit per edge (vertex i to vertex i+1, and the last back to the "
        "first); a point is inside when it is on the inner side of every edge.",
        "For a counter-clockwise polygon the inside is on the left of each edge: the unit with "
        "w = (-e_y, e_x), b = -w·p fires there (w·x + b >= 0).",
        "Combine with AND: np.all over the edges (axis=1), or a unit with all weights 1 and "
        "threshold k - 1/2.",
    ),
    mistakes=(
        Mistake(_or_instead, "you combined the half-planes with OR (any); a convex polygon is "
                "their AND (all)."),
        Mistake(_no_closing_edge, "the closing edge, from the last vertex back to the first, is "
                "missing."),
        Mistake(_clockwise, "your half-planes face outwards: the vertices run counter-clockwise, "
                "so the inside is on the left of each edge."),
        Mistake(_majority, "a majority of the half-planes is not enough: all must fire (the AND "
                "unit's threshold is k - 1/2, not k/2)."),
    ),
))


# --- rbf_unit ---------------------------------------------------------------------------------
def _rbf_case(rng: np.random.Generator) -> dict:
    d = int(rng.integers(1, 4))
    return {"X": rng.normal(size=(int(rng.integers(3, 12)), d)).round(3),
            "center": rng.normal(size=d).round(3), "beta": round(float(rng.uniform(0.3, 4)), 2)}


def _rbf_solution(X, center, beta):
    squared_distance = np.sum((X - center) ** 2, axis=1)   # one number per row
    return np.exp(-beta * squared_distance)


register(Exercise(
    name="rbf_unit",
    lesson=LESSON,
    reference=ref.rbf_unit,
    make_case=_rbf_case,
    solution=_rbf_solution,
    hints=(
        "The unit looks only at the squared distance of x from its centre: ||x - w||^2.",
        "Sum the squared differences over the features (axis=1), one distance per row of X.",
        "Then apply exp(-beta * distance): 1 at the centre, falling towards 0 far away.",
    ),
    mistakes=(
        Mistake(lambda X, center, beta: np.exp(-beta * np.linalg.norm(X - center, axis=1)),
                "use the *squared* distance ||x - w||^2, not the distance."),
        Mistake(lambda X, center, beta: np.exp(beta * np.sum((X - center) ** 2, axis=1)),
                "the exponent must be negative: exp(-beta * d^2) is largest at the centre."),
        Mistake(lambda X, center, beta: np.exp(-np.sum((X - center) ** 2, axis=1) / beta),
                "beta multiplies the squared distance (a bandwidth: larger beta, narrower bump)."),
        Mistake(lambda X, center, beta: np.exp(-beta * (X @ center)),
                "an RBF unit uses the distance to its centre, not the dot product w·x."),
    ),
))
