"""Synthetic data sets: the promised margin/radius, and polygons against matplotlib.path."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.path import Path

from course_lib.datasets import (
    in_convex_polygon,
    make_separable,
    make_two_pentagons,
    regular_polygon,
)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 50), d=st.integers(1, 30), margin=st.floats(0.01, 0.9),
       c=st.floats(-5, 5), seed=st.integers(0, 2**31))
def test_separable_data_has_the_requested_margin_and_radius(n, d, margin, c, seed):
    data = make_separable(n, d, margin=margin, radius=1.0, n_trials=3,
                          center=np.full(d, c), random_state=seed)
    signed = np.einsum("tnd,td->tn", data.X, data.u) + data.b[:, None]
    t = 2 * data.y - 1
    assert np.all(t * signed >= margin - 1e-12)
    assert np.all(np.linalg.norm(data.X - c, axis=2) <= 1.0 + 1e-12)
    np.testing.assert_allclose(np.linalg.norm(data.u, axis=1), 1.0)


def test_same_seed_same_data_and_trials_are_independent():
    a = make_separable(20, 3, n_trials=2, random_state=7)
    b = make_separable(20, 3, n_trials=2, random_state=7)
    assert np.array_equal(a.X, b.X)
    assert not np.allclose(a.u[0], a.u[1])
    assert "n_trials=2" in repr(a)


@pytest.mark.parametrize(("kwargs", "exc", "match"), [
    ({"n_samples": 0}, ValueError, "n_samples must be an integer in"),
    ({"n_features": 1.5}, TypeError, "n_features must be an integer"),
    ({"margin": 1.0}, ValueError, r"margin must be in \(0, 1\)"),
    ({"margin": 0.0}, ValueError, "margin must be in"),
    ({"radius": -1.0}, ValueError, "radius must be in"),
    ({"center": [1.0, 2.0, 3.0]}, ValueError, "center must have shape"),
    ({"random_state": "x"}, TypeError, "random_state must be"),
])
def test_make_separable_bad_input(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        make_separable(**{"n_features": 2, **kwargs})


def test_convex_polygon_agrees_with_matplotlib_path_away_from_edges():
    rng = np.random.default_rng(0)
    for k in range(3, 10):
        V = regular_polygon(k, radius=rng.uniform(0.5, 2), center=rng.normal(size=2),
                            rotation=rng.uniform(0, 6))
        X = rng.uniform(-3, 3, size=(4000, 2))
        path = Path(V)
        inside_ref = path.contains_points(X)
        # drop points within 1e-6 of the boundary, where either may round either way
        near = path.contains_points(X, radius=1e-6) != path.contains_points(X, radius=-1e-6)
        ours = in_convex_polygon(X, V)
        assert np.array_equal(ours[~near], inside_ref[~near])


def test_two_pentagons_region_is_two_pieces_and_noise_flips_labels():
    X, y = make_two_pentagons(2000, random_state=1)
    assert 0.1 < y.mean() < 0.5
    assert y[np.abs(X[:, 0]) < 0.05].sum() == 0  # the gap between the pentagons
    _, y_noisy = make_two_pentagons(2000, noise=0.2, random_state=1)
    assert 0.1 < np.mean(y != y_noisy) < 0.3


@pytest.mark.parametrize(("fn", "kwargs", "match"), [
    (regular_polygon, {"n_sides": 2}, "n_sides must be an integer in"),
    (regular_polygon, {"radius": 0}, "radius must be in"),
    (regular_polygon, {"center": (0, 0, 0)}, "center must have shape"),
    (regular_polygon, {"rotation": "x"}, "rotation must be a real number"),
    (regular_polygon, {"n_sides": 4.0}, "n_sides must be an integer"),
    (make_two_pentagons, {"noise": 0.7}, "noise must be in"),
    (make_two_pentagons, {"n_samples": 1}, "n_samples must be"),
    (make_two_pentagons, {"random_state": 1.5}, "random_state must be"),
    (make_two_pentagons, {"noise": "x"}, "noise must be a real"),
    (make_two_pentagons, {"n_samples": None}, "n_samples must be an integer"),
])
def test_polygon_and_pentagon_bad_input(fn, kwargs, match):
    with pytest.raises((TypeError, ValueError), match=match):
        fn(**kwargs)


@pytest.mark.parametrize(("X", "V", "match"), [
    (np.ones(2), regular_polygon(3), "X must be a 2-D array"),
    (np.ones((2, 3)), regular_polygon(3), "X must have shape"),
    (np.ones((2, 2)), np.ones(3), "vertices must be a 2-D array"),
    ([[np.nan, 0]], regular_polygon(3), "finite"),
    (np.ones((2, 2)), "square", "vertices must be an array-like"),
])
def test_in_convex_polygon_bad_input(X, V, match):
    with pytest.raises((TypeError, ValueError), match=match):
        in_convex_polygon(X, V)


@pytest.mark.parametrize(("fn", "kwargs", "match"), [
    (regular_polygon, {"n_sides": 10**9}, r"n_sides must be at most 100,000 \(more sides"),
    (make_two_pentagons, {"n_samples": 10**9}, r"n_samples must be at most 1,000,000 \("),
    (make_separable, {"n_samples": 10**9}, r"n_samples must be at most 20,000,000 \("),
    (make_separable, {"n_samples": 10**4, "n_features": 10**4},
     r"n_samples x n_features x n_trials must be at most 20,000,000"),
])
def test_sizes_are_capped_before_allocating(fn, kwargs, match):
    # a raw MemoryError (or minutes of swapping) would be the failure without the cap
    with pytest.raises(ValueError, match=match):
        fn(**kwargs)


@pytest.mark.parametrize("name", ["blobs", "moons", "circles", "xor", "spirals",
                                  "two_pentagons"])
def test_2d_generators_are_capped_and_name_the_parameter(name):
    from course_lib.datasets import make_2d_dataset

    with pytest.raises(ValueError, match=r"n_samples must be at most 1,000,000"):
        make_2d_dataset(name, 10**9)


def test_scikit_learn_wrappers_keep_scikit_learns_geometry():
    from sklearn.datasets import make_moons

    from course_lib.datasets import make_circles_2d, make_moons_2d

    # same seed chain as the wrappers: one integer drawn from our generator
    seed = int(np.random.default_rng(5).integers(0, 2**31 - 1))
    X, y = make_moons_2d(50, noise=0.1, random_state=5)
    Xr, yr = make_moons(n_samples=50, noise=0.1, random_state=seed)
    assert np.allclose(X, Xr - [0.5, 0.25]) and np.array_equal(y, yr)
    X, y = make_circles_2d(50, noise=0.0, random_state=5)
    r = np.linalg.norm(X, axis=1)
    assert np.allclose(r[y == 1], 0.5) and np.allclose(r[y == 0], 1.0)
