"""Tests of course_lib.kmeans against scikit-learn's KMeans (Lloyd) from the same centres."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs

from course_lib.kmeans import MAX_DISTANCES, kmeans, kmeans_step


def blobs(n, k, d, seed):
    X, _ = make_blobs(n, centers=k, n_features=d, cluster_std=1.5, random_state=seed)
    return X


@pytest.mark.parametrize(("n", "k", "d", "n_iter"), [(500, 3, 2, 300), (2000, 6, 5, 4),
                                                      (1000, 8, 2, 1)])
def test_same_centres_and_labels_as_sklearn_from_the_same_start(n, k, d, n_iter):
    X = blobs(n, k, d, seed=n)
    start = X[np.random.default_rng(k).choice(n, k, replace=False)]
    ours = kmeans(X, start, n_iter=n_iter)
    ref = KMeans(k, init=start, n_init=1, max_iter=n_iter, tol=0.0, algorithm="lloyd").fit(X)
    np.testing.assert_allclose(ours.centres, ref.cluster_centers_, rtol=0, atol=1e-10)
    np.testing.assert_array_equal(ours.labels, ref.labels_)
    assert ours.n_iter == ref.n_iter_
    assert ours.inertia == pytest.approx(ref.inertia_, rel=1e-10)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(2, 40), k=st.integers(1, 5),
       d=st.integers(1, 3))
def test_one_step_equals_its_definition_by_loops(seed, n, k, d):
    rng = np.random.default_rng(seed)
    k = min(k, n)
    X = rng.normal(size=(n, d))
    C = rng.normal(size=(k, d)) * 2
    new, labels = kmeans_step(X, C)
    for i in range(n):  # the nearest old centre, by brute force
        dist = [float(((X[i] - C[j]) ** 2).sum()) for j in range(k)]
        assert labels[i] == int(np.argmin(dist))
    for j in range(k):
        members = X[labels == j]
        expected = members.mean(axis=0) if len(members) else C[j]
        np.testing.assert_allclose(new[j], expected, rtol=0, atol=1e-12)


def test_empty_cluster_keeps_its_centre():
    X = np.array([[0.0], [1.0], [2.0]])
    new, labels = kmeans_step(X, np.array([[1.0], [100.0]]))
    assert labels.tolist() == [0, 0, 0]
    assert new.tolist() == [[1.0], [100.0]]


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_inertia_never_increases_along_the_path(seed):
    X = blobs(200, 4, 2, seed)
    res = kmeans(X, 4, random_state=seed)
    inertias = [((X[:, None, :] - c[None]) ** 2).sum(-1).min(1).sum() for c in res.history]
    assert all(b <= a + 1e-9 for a, b in itertools.pairwise(inertias))
    assert res.converged and res.history.shape == (res.n_iter + 1, 4, 2)


def test_integer_init_draws_distinct_samples_reproducibly():
    X = blobs(100, 3, 2, 0)
    a, b = kmeans(X, 3, random_state=5), kmeans(X, 3, random_state=5)
    np.testing.assert_array_equal(a.history[0], b.history[0])
    assert len(np.unique(a.history[0], axis=0)) == 3


@pytest.mark.parametrize(("kwargs", "match"), [
    (dict(init=11), "init must be an integer in \\[1, 10\\]"),
    (dict(init=np.zeros((11, 2))), "k <= n_samples"),
    (dict(init=np.zeros((2, 3))), "init must have shape"),
    (dict(init=2, n_iter=0), "n_iter"),
    (dict(init=2, n_iter=10**9), "n_iter"),
    (dict(init=2, tol=-1.0), "tol"),
    (dict(init=True), "init must be"),
])
def test_bad_input_is_refused_with_a_clear_message(kwargs, match):
    X = np.arange(20.0).reshape(10, 2)
    with pytest.raises((ValueError, TypeError), match=match):
        kmeans(X, **kwargs)


def test_distance_matrix_cap_is_checked_before_allocating():
    X = np.zeros((MAX_DISTANCES // 10 + 1, 1))
    with pytest.raises(ValueError, match="n_samples \\* k must be at most"):
        kmeans_step(X, np.zeros((10, 1)))


def test_stepper_widget_follows_the_iteration_slider():
    from course_lib.viz.kmeans import KMeansStepper

    app = KMeansStepper(k=4, seed=1)
    res = kmeans(app.X, 4, n_iter=20, random_state=1)
    app.controls["iteration"].value = 0
    np.testing.assert_array_equal(app.centres.get_offsets(), res.history[0])
    app.controls["iteration"].value = 2
    np.testing.assert_array_equal(app.centres.get_offsets(), res.history[2])
    assert len(app.paths.get_segments()) == 4
    assert "iteration 2" in app.readout.value
