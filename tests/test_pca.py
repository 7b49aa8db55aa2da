"""PCA by SVD and by eigendecomposition against scikit-learn; subspace angles against scipy."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.decomposition import PCA

from course_lib import pca as pc


@pytest.fixture(scope="module")
def digits():
    from sklearn.datasets import load_digits
    return load_digits().data / 16.0


@pytest.mark.parametrize("method", ["svd", "eig"])
def test_components_and_variances_match_sklearn(digits, method):
    k = 10
    ours = pc.fit_pca(digits, k, method=method)
    ref = PCA(n_components=k, svd_solver="full").fit(digits)
    # components equal up to sign
    dots = np.abs(np.sum(ours.components * ref.components_, axis=1))
    assert np.allclose(dots, 1.0, atol=1e-8)
    assert np.allclose(ours.explained_variance, ref.explained_variance_, rtol=0, atol=1e-10)
    assert np.allclose(ours.explained_variance_ratio, ref.explained_variance_ratio_, atol=1e-10)
    assert np.allclose(ours.mean, ref.mean_)


def test_project_and_reconstruct_match_sklearn(digits):
    ours = pc.fit_pca(digits, 7)
    ref = PCA(n_components=7, svd_solver="full").fit(digits)
    Z, Z_ref = pc.pca_project(digits, ours), ref.transform(digits)
    assert np.allclose(np.abs(Z), np.abs(Z_ref), atol=1e-8)
    assert np.allclose(pc.pca_reconstruct(Z, ours), ref.inverse_transform(Z_ref), atol=1e-8)


def test_error_curve_equals_direct_reconstruction(digits):
    X_train, X_test = digits[:1200], digits[1200:]
    curve = pc.pca_error_curve(X_train, X_test, k_max=12)
    for k in (1, 5, 12):
        ref = PCA(n_components=k, svd_solver="full").fit(X_train)
        direct = np.mean((ref.inverse_transform(ref.transform(X_test)) - X_test) ** 2)
        assert curve[k - 1] == pytest.approx(direct, rel=1e-9)
    assert np.all(np.diff(pc.pca_error_curve(X_train)) <= 1e-15)  # on training data: monotone


def test_training_error_is_the_sum_of_the_left_out_eigenvalues(digits):
    full = pc.fit_pca(digits, 64, method="eig")
    n, d = digits.shape
    curve = pc.pca_error_curve(digits)
    left_out = (full.explained_variance.sum() - np.cumsum(full.explained_variance)) * (n - 1)
    assert np.allclose(curve, left_out / (n * d), atol=1e-12)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 4))
def test_subspace_angle_ignores_the_basis(seed, k):
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(6, k))
    M = rng.normal(size=(k, k)) + 3 * np.eye(k)   # invertible mixing
    assert pc.subspace_angle_deg(A, A @ M) < 1e-5
    q = np.linalg.qr(np.column_stack([A, rng.normal(size=6)]))[0][:, -1:]
    assert pc.subspace_angle_deg(A, q) == pytest.approx(90.0, abs=1e-6)


@pytest.mark.parametrize(("call", "exc", "match"), [
    (lambda X: pc.fit_pca(X, 0), ValueError, "k must be an integer in"),
    (lambda X: pc.fit_pca(X, 65), ValueError, "k must be an integer in"),
    (lambda X: pc.fit_pca(X, 2.0), TypeError, "k must be an integer"),
    (lambda X: pc.fit_pca(X[:, 0], 1), ValueError, "X must be a 2-D array"),
    (lambda X: pc.fit_pca(np.where(X > 0.5, np.nan, X), 2), ValueError, "X must contain only"),
    (lambda X: pc.fit_pca(X[:1], 1), ValueError, "at least 2 samples"),
    (lambda X: pc.fit_pca(X, 2, method="qr"), ValueError, "method must be one of"),
    (lambda X: pc.pca_project(X[:, :10], pc.fit_pca(X, 2)), ValueError, "X must have shape"),
    (lambda X: pc.pca_project(X, "pca"), TypeError, "pca must be a PCAResult"),
    (lambda X: pc.pca_reconstruct(np.ones((3, 4)), pc.fit_pca(X, 2)), ValueError, "Z must"),
    (lambda X: pc.pca_error_curve(X, X[:, :3]), ValueError, "X_test must have shape"),
    (lambda X: pc.subspace_angle_deg(np.ones((3, 2)), np.ones((4, 1))), ValueError, "B must"),
    (lambda X: pc.subspace_angle_deg(np.ones((3, 2)), np.eye(3)[:, :1]), ValueError,
     "A must have linearly independent columns"),
])
def test_bad_input_gives_a_clear_error(digits, call, exc, match):
    with pytest.raises(exc, match=match):
        call(digits)


def test_repr():
    X = np.random.default_rng(0).normal(size=(20, 3))
    assert repr(pc.fit_pca(X, 2)).startswith("PCAResult(k=2, n_features=3")
