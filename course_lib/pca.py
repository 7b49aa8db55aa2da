"""Principal component analysis, two ways, the tools to compare subspaces, and sparse coding.

Used in ``notebooks/08_autoencoders_vs_pca.ipynb``. PCA is numpy / scipy only; the tests
compare it with :class:`sklearn.decomposition.PCA`. Sparse coding (question D73) uses
scikit-learn's dictionary learning and orthogonal matching pursuit, imported when called.

PCA of ``X`` (one sample per row) centres the data and finds the orthonormal directions of
largest variance. Two routes give the same answer:

- SVD of the centred data, ``Xc = U S V^T``: the rows of ``V^T`` are the components and the
  variances are ``S**2 / (n - 1)``; it never forms ``X^T X`` (better conditioned);
- eigendecomposition of the covariance ``C = Xc^T Xc / (n - 1)``: eigenvectors and eigenvalues.

Sparse coding describes each sample by a *few* atoms of a dictionary, a different few for each
sample, where PCA gives every sample the same ``k`` directions:
:func:`learn_dictionary`, :func:`sparse_encode_omp`, :func:`keep_largest`; the fast encoder
of predictive sparse decomposition in its simplest form, :func:`fit_code_predictor` and
:func:`predict_codes`; and the lesson's comparison at equal numbers of nonzeros,
:func:`sparse_coding_errors`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.linalg

from .validation import check_array, check_bool, check_choice, check_int, check_scalar, describe

__all__ = [
    "PCAResult",
    "fit_code_predictor",
    "fit_pca",
    "keep_largest",
    "learn_dictionary",
    "pca_error_curve",
    "pca_project",
    "pca_reconstruct",
    "predict_codes",
    "sparse_coding_errors",
    "sparse_encode_omp",
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


# --- sparse coding: a few atoms per sample (question D73) ---------------------------------


def keep_largest(C: np.ndarray, k: int) -> np.ndarray:
    """``C`` with all but the ``k`` largest-magnitude entries of each row set to 0.

    Parameters
    ----------
    C : ndarray of shape (n_samples, n_coefs)
    k : int, 1 <= k <= n_coefs

    Returns
    -------
    ndarray of shape (n_samples, n_coefs)

    Examples
    --------
    >>> keep_largest(np.array([[3.0, -5.0, 1.0], [0.5, 0.2, -0.1]]), 1).tolist()
    [[0.0, -5.0, 0.0], [0.5, 0.0, 0.0]]
    """
    C = check_array(C, "C", ndim=2, shape_doc="(n_samples, n_coefs)")
    k = check_int(k, "k", low=1, high=C.shape[1])
    keep = np.argpartition(-np.abs(C), k - 1, axis=1)[:, :k]
    out = np.zeros_like(C)
    np.put_along_axis(out, keep, np.take_along_axis(C, keep, axis=1), axis=1)
    return out


def learn_dictionary(X: np.ndarray, n_atoms: int, *, alpha: float = 0.5, n_epochs: int = 5,
                     batch_size: int = 256, random_state: int = 0) -> np.ndarray:
    """A dictionary of ``n_atoms`` unit-norm atoms for sparse codes of ``X``.

    scikit-learn's :class:`~sklearn.decomposition.MiniBatchDictionaryLearning` minimises
    ``|x - D h|^2 / 2 + alpha |h|_1`` over the dictionary ``D`` and the codes ``h``, here for a
    fixed ``n_epochs`` passes (no early stop: a fixed, small cost) with coordinate descent for
    the codes of each batch. Those inner Lasso fits stop at their iteration cap now and then,
    by design of a fixed budget, so their ConvergenceWarning is silenced.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        Usually centred (the training mean subtracted), as PCA centres.
    n_atoms : int
        Number of atoms; more than the data's dimension is an overcomplete dictionary.
    alpha : float > 0
        Weight of the L1 penalty while learning.
    n_epochs, batch_size : int
    random_state : int

    Returns
    -------
    D : ndarray of shape (n_atoms, n_features)
        One atom per row, each of norm 1.

    Examples
    --------
    >>> X = np.random.default_rng(0).normal(size=(60, 5))
    >>> D = learn_dictionary(X, 8, n_epochs=2, batch_size=20)
    >>> D.shape, bool(np.allclose(np.linalg.norm(D, axis=1), 1))
    ((8, 5), True)
    """
    from sklearn.decomposition import MiniBatchDictionaryLearning
    from sklearn.exceptions import ConvergenceWarning

    X = _check_X(X)
    n_atoms = check_int(n_atoms, "n_atoms", low=1, high=MAX_FEATURES)
    alpha = check_scalar(alpha, "alpha", low=0, high=1e6, include_low=False)
    n_epochs = check_int(n_epochs, "n_epochs", low=1, high=1000)
    batch_size = check_int(batch_size, "batch_size", low=1, high=10**6)
    seed = check_int(random_state, "random_state", low=0, high=2**31 - 1)
    learner = MiniBatchDictionaryLearning(
        n_components=n_atoms, alpha=alpha, max_iter=n_epochs, batch_size=batch_size,
        fit_algorithm="cd", tol=0.0, max_no_improvement=None, random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        learner.fit(X)
    D = learner.components_
    return D / np.linalg.norm(D, axis=1, keepdims=True)


def sparse_encode_omp(X: np.ndarray, D: np.ndarray, n_nonzero: int, *,
                      path: bool = False) -> np.ndarray:
    """Codes of ``X`` with ``n_nonzero`` atoms of ``D`` each (orthogonal matching pursuit).

    OMP picks, one at a time, the atom most correlated with what is left of the sample, then
    refits the coefficients of all picked atoms by least squares: a small optimisation per
    sample. This is scikit-learn's :func:`~sklearn.linear_model.orthogonal_mp` (the tests
    compare the codes) vectorised over the samples: scikit-learn solves one sample at a time
    in Python, which costs seconds for the lesson's few thousand digits. Reconstruct with
    ``codes @ D``.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    D : ndarray of shape (n_atoms, n_features)
        Atoms of unit norm, no ``n_nonzero`` of them linearly dependent.
    n_nonzero : int, at most min(n_atoms, n_features)
    path : bool
        Return the codes after every step: OMP is greedy, so the codes with ``s`` atoms are
        a step on the way to ``n_nonzero``.

    Returns
    -------
    codes : ndarray of shape (n_samples, n_atoms), or (n_nonzero, n_samples, n_atoms) with
        ``path=True``

    Examples
    --------
    >>> D = np.eye(3)
    >>> sparse_encode_omp(np.array([[0.2, -3.0, 1.0]]), D, 2).tolist()
    [[0.0, -3.0, 1.0]]
    """
    X = check_array(X, "X", ndim=2, shape_doc="(n_samples, n_features)")
    D = check_array(D, "D", ndim=2, shape=(None, X.shape[1]),
                    shape_doc=f"(n_atoms, {X.shape[1]})")
    n_nonzero = check_int(n_nonzero, "n_nonzero", low=1, high=min(D.shape))
    path = check_bool(path, "path")
    if not np.allclose(np.linalg.norm(D, axis=1), 1.0):
        raise ValueError("D must have atoms (rows) of norm 1: OMP picks atoms by their "
                         "correlation with the sample")
    n, k = len(X), len(D)
    G, Xy = D @ D.T, X @ D.T                       # the atoms' Gram matrix, correlations
    rows = np.arange(n)[:, None]
    picked = np.zeros((n, n_nonzero), dtype=np.int64)
    codes = np.zeros((n_nonzero, n, k))
    corr = Xy
    for t in range(n_nonzero):                     # one step for all samples at once
        picked[:, t] = np.argmax(np.abs(corr), axis=1)
        S = picked[:, :t + 1]
        coef = np.linalg.solve(G[S[:, :, None], S[:, None, :]], Xy[rows, S][..., None])
        codes[t][rows, S] = coef[..., 0]
        corr = Xy - codes[t] @ G                   # correlations of the residual
        corr[rows, S] = 0.0                        # the picked atoms are orthogonal to it
    return codes if path else codes[-1]


def fit_code_predictor(X: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """A linear encoder that predicts sparse codes: least squares from ``[X, 1]`` to ``codes``.

    The "predictive" half of predictive sparse decomposition (Kavukcuoglu, Ranzato & LeCun,
    2008) in its simplest form: a feed-forward map trained to output the codes that the
    per-sample optimisation found. PSD trains it *together with* the dictionary, which also
    pulls the codes towards ones the encoder can predict; here it is fitted afterwards.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    codes : ndarray of shape (n_samples, n_atoms)
        E.g. :func:`sparse_encode_omp` of ``X``.

    Returns
    -------
    W : ndarray of shape (n_features + 1, n_atoms)
        The last row is the bias; use :func:`predict_codes`.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> fit_code_predictor(X, 2 * X).round(6).tolist()
    [[2.0, 0.0], [0.0, 2.0], [0.0, 0.0]]
    """
    X = check_array(X, "X", ndim=2, shape_doc="(n_samples, n_features)")
    codes = check_array(codes, "codes", ndim=2, shape=(len(X), None),
                        shape_doc=f"({len(X)}, n_atoms)")
    return np.linalg.lstsq(np.c_[X, np.ones(len(X))], codes, rcond=None)[0]


def predict_codes(X: np.ndarray, W: np.ndarray, n_nonzero: int) -> np.ndarray:
    """Codes of ``X`` from the linear encoder ``W``, keeping each row's ``n_nonzero`` largest.

    One matrix product and a partial sort per sample, where OMP runs ``n_nonzero`` rounds of
    correlations and least-squares fits.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    W : ndarray of shape (n_features + 1, n_atoms)
        From :func:`fit_code_predictor`.
    n_nonzero : int

    Returns
    -------
    codes : ndarray of shape (n_samples, n_atoms)

    Examples
    --------
    >>> W = np.array([[2.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    >>> predict_codes(np.array([[1.0, 3.0]]), W, 1).tolist()
    [[0.0, 3.0]]
    """
    X = check_array(X, "X", ndim=2, shape_doc="(n_samples, n_features)")
    W = check_array(W, "W", ndim=2, shape=(X.shape[1] + 1, None),
                    shape_doc=f"({X.shape[1] + 1}, n_atoms)")
    n_nonzero = check_int(n_nonzero, "n_nonzero", low=1, high=W.shape[1])
    return keep_largest(X @ W[:-1] + W[-1], n_nonzero)


def sparse_coding_errors(X_train: np.ndarray, X_test: np.ndarray, n_nonzero: Any = (2, 4, 8),
                         *, n_atoms: int = 64, alpha: float = 0.5, n_epochs: int = 3,
                         n_fit: int | None = 400,
                         seeds: Any = range(5)) -> dict[str, np.ndarray]:
    """Test error of five codes with the same number of nonzeros per sample (lesson 08, D73).

    Everything is centred by the training mean. For each ``s`` in ``n_nonzero``:

    - ``"PCA, top s"``: the first ``s`` principal components, the same for every sample;
    - ``"PCA basis, s largest"``: all components, then each sample keeps its own ``s``
      largest coefficients (a per-sample choice, nothing learned beyond PCA);
    - ``"training digits as atoms"``: ``n_atoms`` random training samples, normalised, as the
      dictionary, coded by OMP (a per-sample choice from an unlearned dictionary);
    - ``"learned dictionary"``: :func:`learn_dictionary` on ``n_fit`` random training
      samples (a subsample keeps it fast), OMP codes;
    - ``"predicted codes"``: a linear map fitted by least squares from all the training
      samples to their OMP codes on that dictionary, keeping each sample's ``s`` largest predictions
      (:func:`keep_largest`): one matrix product per sample instead of an optimisation, the
      idea of predictive sparse decomposition, here fitted after the dictionary, not with it.

    Parameters
    ----------
    X_train : ndarray of shape (n_samples, n_features)
    X_test : ndarray of shape (m_samples, n_features)
    n_nonzero : sequence of int
    n_atoms, alpha, n_epochs
        For :func:`learn_dictionary`.
    n_fit : int or None
        Number of training samples the dictionary is learned on (None, or more than there
        are: all).
    seeds : sequence of int
        Per seed: the subsample, the learned dictionary and the dictionary of random
        training samples.

    Returns
    -------
    dict of str to ndarray of shape (n_seeds, len(n_nonzero))
        Mean squared error per feature on ``X_test``; the PCA rows repeat over seeds (PCA has
        no randomness).

    Examples
    --------
    >>> X = np.random.default_rng(0).normal(size=(80, 6))
    >>> err = sparse_coding_errors(X[:60], X[60:], (1, 2), n_atoms=8, n_epochs=1, n_fit=40,
    ...                            seeds=[0, 1])
    >>> list(err), err["learned dictionary"].shape
    (['PCA, top s', 'PCA basis, s largest', 'training digits as atoms', \
'learned dictionary', 'predicted codes'], (2, 2))
    """
    X_train = _check_X(X_train, "X_train")
    d = X_train.shape[1]
    X_test = check_array(X_test, "X_test", ndim=2, shape=(None, d),
                         shape_doc=f"(m_samples, {d})")
    if isinstance(n_nonzero, (str, bytes)) or np.ndim(n_nonzero) != 1 or len(n_nonzero) == 0:
        raise TypeError(f"n_nonzero must be a sequence of ints like (2, 4, 8); got "
                        f"{describe(n_nonzero)}")
    n_atoms = check_int(n_atoms, "n_atoms", low=1, high=len(X_train))
    n_fit = len(X_train) if n_fit is None else min(check_int(n_fit, "n_fit", low=2),
                                                   len(X_train))
    ss = [check_int(s, "n_nonzero", low=1, high=min(n_atoms, d)) for s in n_nonzero]
    if isinstance(seeds, (str, bytes)) or not hasattr(seeds, "__iter__"):
        raise TypeError(f"seeds must be a sequence of integers; got {type(seeds).__name__} "
                        f"{seeds!r}")
    seed_list = [check_int(s, "seeds", low=0, high=2**31 - 1) for s in seeds]
    if not seed_list:
        raise ValueError("seeds must not be empty")
    mean = X_train.mean(axis=0)
    A, B = X_train - mean, X_test - mean
    V = fit_pca(X_train, min(X_train.shape)).components
    C = B @ V.T

    def err(R):
        return float(np.mean((R - B) ** 2))

    names = ["PCA, top s", "PCA basis, s largest", "training digits as atoms",
             "learned dictionary", "predicted codes"]
    out = {name: np.empty((len(seed_list), len(ss))) for name in names}
    out["PCA, top s"][:] = [err(C[:, :s] @ V[:s]) for s in ss]
    out["PCA basis, s largest"][:] = [err(keep_largest(C, s) @ V) for s in ss]
    for i, seed in enumerate(seed_list):
        rng = np.random.default_rng(seed)
        atoms = A[rng.choice(len(A), n_atoms, replace=False)]
        atoms = atoms / np.linalg.norm(atoms, axis=1, keepdims=True)
        fit = A[rng.choice(len(A), n_fit, replace=False)]
        D = learn_dictionary(fit, n_atoms, alpha=alpha, n_epochs=n_epochs, random_state=seed)
        path_atoms, path_D, path_train = (sparse_encode_omp(X, dic, max(ss), path=True)
                                          for X, dic in ((B, atoms), (B, D), (A, D)))
        for j, s in enumerate(ss):
            out["training digits as atoms"][i, j] = err(path_atoms[s - 1] @ atoms)
            out["learned dictionary"][i, j] = err(path_D[s - 1] @ D)
            W = fit_code_predictor(A, path_train[s - 1])
            out["predicted codes"][i, j] = err(predict_codes(B, W, s) @ D)
    return out
