"""Principal component analysis, two ways, and the tools to compare subspaces.

Used in ``notebooks/08_autoencoders_vs_pca.ipynb``. numpy / scipy only; the tests compare
with :class:`sklearn.decomposition.PCA`.

PCA of ``X`` (one sample per row) centres the data and finds the orthonormal directions of
largest variance. Two routes give the same answer:

- SVD of the centred data, ``Xc = U S V^T``: the rows of ``V^T`` are the components and the
  variances are ``S**2 / (n - 1)``; it never forms ``X^T X`` (better conditioned);
- eigendecomposition of the covariance ``C = Xc^T Xc / (n - 1)``: eigenvectors and eigenvalues.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.linalg

from .validation import check_array, check_choice, check_int

__all__ = [
    "PCAResult",
    "fit_pca",
    "pca_error_curve",
    "pca_project",
    "pca_reconstruct",
    "subspace_angle_deg",
]

MAX_FEATURES = 4096  # covariance of d features is d x d floats: cap before allocating


@dataclass(frozen=True)
class PCAResult:
    """The fitted PCA.

    Attributes
    ----------
    mean : ndarray of shape (n_features,)
    components : ndarray of shape (k, n_features)
        Orthonormal rows, by decreasing variance; sign fixed so the largest-magnitude entry of
        each row is positive (the sign of a principal direction is arbitrary).
    explained_variance : ndarray of shape (k,)
        Variance of the data along each component (denominator ``n - 1``).
    explained_variance_ratio : ndarray of shape (k,)
        ``explained_variance`` divided by the total variance of all features.
    """

    mean: np.ndarray
    components: np.ndarray
    explained_variance: np.ndarray
    explained_variance_ratio: np.ndarray

    def __repr__(self) -> str:
        k, d = self.components.shape
        return (f"PCAResult(k={k}, n_features={d}, explained variance ratio "
                f"{self.explained_variance_ratio.sum():.3f})")


def _check_X(X, name="X", min_samples=2):
    X = check_array(X, name, ndim=2, shape_doc="(n_samples, n_features)")
    if X.shape[0] < min_samples:
        raise ValueError(f"{name} must have at least {min_samples} samples (rows) to estimate a "
                         f"variance; got shape {X.shape}")
    if X.shape[1] > MAX_FEATURES:
        raise ValueError(f"{name} may have at most {MAX_FEATURES} features (the covariance is "
                         f"n_features² floats); got {X.shape[1]}")
    return X


def _fix_signs(V):
    idx = np.argmax(np.abs(V), axis=1)
    signs = np.sign(V[np.arange(len(V)), idx])
    signs[signs == 0] = 1.0
    return V * signs[:, None]


def fit_pca(X: np.ndarray, k: int, *, method: str = "svd") -> PCAResult:
    """Top-``k`` principal components of ``X``.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    k : int
        Number of components, ``1 <= k <= min(n_samples, n_features)``.
    method : {"svd", "eig"}
        SVD of the centred data, or eigendecomposition of the covariance matrix.

    Returns
    -------
    PCAResult

    Examples
    --------
    >>> X = np.array([[2.0, 0.0], [-2.0, 0.0], [0.0, 1.0], [0.0, -1.0]])
    >>> p = fit_pca(X, 1)
    >>> p.components.round(3).tolist(), p.explained_variance.round(3).tolist()
    ([[1.0, 0.0]], [2.667])
    >>> np.allclose(fit_pca(X, 2, method="eig").components, fit_pca(X, 2).components)
    True
    """
    X = _check_X(X)
    n, d = X.shape
    k = check_int(k, "k", low=1, high=min(n, d))
    method = check_choice(method, "method", ["svd", "eig"])
    mean = X.mean(axis=0)
    Xc = X - mean
    total = np.sum(Xc**2) / (n - 1)
    if method == "svd":
        _, S, Vt = np.linalg.svd(Xc, full_matrices=False)
        var, V = S[:k] ** 2 / (n - 1), Vt[:k]
    else:
        C = Xc.T @ Xc / (n - 1)
        w, E = np.linalg.eigh(C)          # ascending eigenvalues of a symmetric matrix
        order = np.argsort(w)[::-1][:k]
        var, V = np.clip(w[order], 0.0, None), E[:, order].T
    ratio = var / total if total > 0 else np.zeros_like(var)
    return PCAResult(mean, _fix_signs(V), var, ratio)


def pca_project(X: np.ndarray, pca: PCAResult) -> np.ndarray:
    """Codes of ``X``: coordinates of the centred data along the components.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    pca : PCAResult

    Returns
    -------
    Z : ndarray of shape (n_samples, k)

    Examples
    --------
    >>> X = np.array([[2.0, 0.0], [-2.0, 0.0], [0.0, 1.0], [0.0, -1.0]])
    >>> pca_project(X, fit_pca(X, 1)).ravel().tolist()
    [2.0, -2.0, 0.0, 0.0]
    """
    if not isinstance(pca, PCAResult):
        raise TypeError(f"pca must be a PCAResult from fit_pca; got {type(pca).__name__}")
    X = check_array(X, "X", ndim=2, shape=(None, pca.components.shape[1]),
                    shape_doc=f"(n_samples, {pca.components.shape[1]})")
    return (X - pca.mean) @ pca.components.T


def pca_reconstruct(Z: np.ndarray, pca: PCAResult) -> np.ndarray:
    """Back from codes to the input space: ``mean + Z @ components``.

    Parameters
    ----------
    Z : ndarray of shape (n_samples, k)
    pca : PCAResult

    Returns
    -------
    X_hat : ndarray of shape (n_samples, n_features)

    Examples
    --------
    >>> X = np.array([[2.0, 0.0], [-2.0, 0.0], [0.0, 1.0], [0.0, -1.0]])
    >>> p = fit_pca(X, 1)
    >>> pca_reconstruct(pca_project(X, p), p).tolist()
    [[2.0, 0.0], [-2.0, 0.0], [0.0, 0.0], [0.0, 0.0]]
    """
    if not isinstance(pca, PCAResult):
        raise TypeError(f"pca must be a PCAResult from fit_pca; got {type(pca).__name__}")
    k = pca.components.shape[0]
    Z = check_array(Z, "Z", ndim=2, shape=(None, k), shape_doc=f"(n_samples, {k})")
    return pca.mean + Z @ pca.components


def pca_error_curve(X_train: np.ndarray, X_test: np.ndarray | None = None,
                    k_max: int | None = None) -> np.ndarray:
    """Mean squared reconstruction error (per feature) for every code size ``k = 1..k_max``.

    One SVD serves all ``k``: the codes for ``k`` are the first ``k`` columns of the codes for
    ``k_max``, and the errors come from cumulative sums, so the curve costs one fit.

    Parameters
    ----------
    X_train : ndarray of shape (n_samples, n_features)
        Data the components are fitted on.
    X_test : ndarray of shape (m_samples, n_features), optional
        Data to reconstruct (default: ``X_train``).
    k_max : int, optional
        Largest code size (default: ``min(n_samples, n_features)``).

    Returns
    -------
    errors : ndarray of shape (k_max,)
        ``errors[k - 1]`` is the mean of ``(X_test - X_hat_k) ** 2``.

    Examples
    --------
    >>> X = np.array([[2.0, 0.0], [-2.0, 0.0], [0.0, 1.0], [0.0, -1.0]])
    >>> pca_error_curve(X).tolist()   # k = 1 leaves the small direction; k = 2 is exact
    [0.25, 0.0]
    """
    X_train = _check_X(X_train, "X_train")
    n, d = X_train.shape
    X_test = X_train if X_test is None else check_array(
        X_test, "X_test", ndim=2, shape=(None, d), shape_doc=f"(m_samples, {d})")
    k_max = min(n, d) if k_max is None else check_int(k_max, "k_max", low=1, high=min(n, d))
    p = fit_pca(X_train, k_max)
    Xc = X_test - p.mean
    Z = Xc @ p.components.T                         # (m, k_max) orthonormal components:
    total = np.sum(Xc**2)                           # |x - x_hat_k|² = |x|² - sum_{j<=k} z_j²
    return np.maximum(total - np.cumsum(np.sum(Z**2, axis=0)), 0.0) / Xc.size


def subspace_angle_deg(A: np.ndarray, B: np.ndarray) -> float:
    """Largest principal angle, in degrees, between the column spaces of ``A`` and ``B``.

    0° means the two matrices span the same subspace (whatever their bases); 90° means some
    direction of one is orthogonal to all of the other. Computed with
    :func:`scipy.linalg.subspace_angles`.

    Parameters
    ----------
    A : ndarray of shape (n_features, k)
    B : ndarray of shape (n_features, m)

    Returns
    -------
    float

    Examples
    --------
    >>> A = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    >>> B = np.array([[1.0, 1.0], [1.0, -1.0], [0.0, 0.0]])   # same plane, another basis
    >>> round(subspace_angle_deg(A, B), 6)
    0.0
    >>> round(subspace_angle_deg(A, [[0.0], [0.0], [1.0]]), 6)
    90.0
    """
    A = check_array(A, "A", ndim=2, shape_doc="(n_features, k)")
    B = check_array(B, "B", ndim=2, shape=(A.shape[0], None),
                    shape_doc=f"({A.shape[0]}, m)")
    if A.shape[0] > MAX_FEATURES:
        raise ValueError(f"A may have at most {MAX_FEATURES} rows; got {A.shape[0]}")
    for M, name in ((A, "A"), (B, "B")):
        if np.linalg.matrix_rank(M) < M.shape[1]:
            raise ValueError(f"{name} must have linearly independent columns; got rank "
                             f"{np.linalg.matrix_rank(M)} for {M.shape[1]} columns")
    return float(np.degrees(np.max(scipy.linalg.subspace_angles(A, B))))
