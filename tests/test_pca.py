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


# --- sparse coding (lesson 08, question D73) ------------------------------------------------
def _dictionary(n_atoms, d, seed=0):
    D = np.random.default_rng(seed).normal(size=(n_atoms, d))
    return D / np.linalg.norm(D, axis=1, keepdims=True)


@pytest.mark.parametrize("s", [1, 3, 6])
def test_vectorised_omp_matches_sklearns_orthogonal_mp(s):
    from sklearn.linear_model import orthogonal_mp

    D = _dictionary(20, 10)
    X = np.random.default_rng(1).normal(size=(50, 10))
    ref = orthogonal_mp(D.T, X.T, n_nonzero_coefs=s).T
    ours = pc.sparse_encode_omp(X, D, s)
    assert np.allclose(ours, ref, rtol=0, atol=1e-12)
    assert np.all(np.sum(ours != 0, axis=1) == s)
    path = pc.sparse_encode_omp(X, D, 6, path=True)     # greedy: each step is the s-atom code
    assert np.allclose(path[s - 1], ref, rtol=0, atol=1e-12)


def test_omp_residual_is_orthogonal_to_the_picked_atoms():
    D, X = _dictionary(30, 12, seed=2), np.random.default_rng(3).normal(size=(40, 12))
    H = pc.sparse_encode_omp(X, D, 5)
    R = X - H @ D
    assert np.allclose(np.where(H != 0, R @ D.T, 0.0), 0.0, atol=1e-10)


def test_keep_largest_keeps_the_k_largest_magnitudes_of_each_row():
    C = np.random.default_rng(4).normal(size=(30, 9))
    out = pc.keep_largest(C, 3)
    ref = np.zeros_like(C)
    for i, row in enumerate(C):
        top = np.argsort(-np.abs(row))[:3]
        ref[i, top] = row[top]
    assert np.array_equal(out, ref)


def test_learned_dictionary_has_unit_atoms_and_is_seeded(digits):
    A = digits[:300] - digits[:300].mean(axis=0)
    D1, D2 = (pc.learn_dictionary(A, 16, n_epochs=1, random_state=3) for _ in range(2))
    assert D1.shape == (16, 64) and np.allclose(np.linalg.norm(D1, axis=1), 1.0)
    assert np.array_equal(D1, D2)


def test_code_predictor_is_least_squares_and_keeps_n_nonzero(digits):
    X = digits[:200] - digits[:200].mean(axis=0)
    D = _dictionary(32, 64)
    H = pc.sparse_encode_omp(X, D, 3)
    W = pc.fit_code_predictor(X, H)
    from sklearn.linear_model import LinearRegression

    ref = LinearRegression().fit(X, H)
    assert np.allclose(X @ W[:-1] + W[-1], ref.predict(X), atol=1e-8)
    assert np.all(np.sum(pc.predict_codes(X, W, 3) != 0, axis=1) == 3)


def test_sparse_coding_errors_controls(digits):
    X_train, X_test = digits[:600], digits[600:800]
    err = pc.sparse_coding_errors(X_train, X_test, (2, 5), n_atoms=24, n_epochs=1, n_fit=200,
                                  seeds=[0, 1])
    curve = pc.pca_error_curve(X_train, X_test, k_max=5)
    assert np.allclose(err["PCA, top s"], curve[[1, 4]])          # the same s for every digit
    # an orthonormal basis: a digit's s largest coefficients beat any other s of them
    assert np.all(err["PCA basis, s largest"] <= err["PCA, top s"] + 1e-15)
    # the dictionary rows are what their OMP codes reconstruct, redone here for seed 1
    mean = X_train.mean(axis=0)
    A, B = X_train - mean, X_test - mean
    rng = np.random.default_rng(1)
    atoms = A[rng.choice(600, 24, replace=False)]
    atoms /= np.linalg.norm(atoms, axis=1, keepdims=True)
    D = pc.learn_dictionary(A[rng.choice(600, 200, replace=False)], 24, n_epochs=1,
                            random_state=1)
    for j, s in enumerate((2, 5)):
        for name, dic in (("training digits as atoms", atoms), ("learned dictionary", D)):
            rec = pc.sparse_encode_omp(B, dic, s) @ dic
            assert err[name][1, j] == pytest.approx(np.mean((rec - B) ** 2), rel=1e-12)
        W = pc.fit_code_predictor(A, pc.sparse_encode_omp(A, D, s))
        rec = pc.predict_codes(B, W, s) @ D
        assert err["predicted codes"][1, j] == pytest.approx(np.mean((rec - B) ** 2), rel=1e-9)


@pytest.mark.parametrize(("call", "exc", "match"), [
    (lambda: pc.keep_largest(np.ones((2, 3)), 4), ValueError, "k must be an integer in"),
    (lambda: pc.sparse_encode_omp(np.ones((2, 3)), 2 * np.eye(3), 1), ValueError, "norm 1"),
    (lambda: pc.sparse_encode_omp(np.ones((2, 3)), np.eye(4), 1), ValueError,
     "D must have shape"),
    (lambda: pc.learn_dictionary(np.ones((5, 3)), 2, alpha=0), ValueError, "alpha must be"),
    (lambda: pc.sparse_coding_errors(np.ones((5, 3)), np.ones((2, 3)), 2), TypeError,
     "n_nonzero must be a sequence"),
    (lambda: pc.sparse_coding_errors(np.ones((5, 3)), np.ones((2, 3)), (2,), n_atoms=3,
                                    seeds=[]),
     ValueError, "seeds must not be empty"),
    (lambda: pc.predict_codes(np.ones((2, 3)), np.ones((3, 2)), 1), ValueError,
     "W must have shape"),
])
def test_sparse_coding_bad_input_gives_a_clear_error(call, exc, match):
    with pytest.raises(exc, match=match):
        call()
