"""Linear regression three ways, polynomial capacity sweeps, ridge and lasso paths.

Used in ``notebooks/04_learning_from_data.ipynb`` (sections 2-4) and by the capacity widget.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..validation import (
    check_array,
    check_bool,
    check_int,
    check_rng,
    check_same_length,
    check_scalar,
)

__all__ = ["MAX_DEGREE", "degree_sweep", "gradient_descent_regression",
           "normal_equation", "poly_features", "ridge_path", "sample_curve", "true_curve"]

MAX_DEGREE = 30  # Legendre features past this are useless on a few hundred points


def _xy(X, y):
    X = check_array(X, "X", ndim=2, shape_doc="(n_samples, n_features)")
    y = check_array(y, "y", ndim=1, shape_doc="(n_samples,)")
    check_same_length(X, "X", y, "y")
    return X, y


def normal_equation(X: np.ndarray, y: np.ndarray, *, fit_intercept: bool = True,
                    alpha: float = 0.0) -> tuple[np.ndarray, float]:
    """Least squares (or ridge) weights from the normal equation, by ``solve`` (never ``inv``).

    Minimises ``|y - X w - b|^2 + alpha |w|^2``; the bias ``b`` is not penalised, which is
    scikit-learn's ``Ridge(alpha=alpha)`` convention. With ``fit_intercept`` the bias is a
    column of ones appended to ``X`` (an affine model); without it the model is linear and
    passes through the origin. Setting the gradient ``2 Xᵀ(X w - y) + 2 alpha w`` to zero gives
    ``(XᵀX + alpha I) w = Xᵀ y``.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    fit_intercept : bool
    alpha : float, >= 0

    Returns
    -------
    w : ndarray of shape (n_features,)
    b : float (0.0 when ``fit_intercept`` is False)

    Raises
    ------
    ValueError
        If ``XᵀX + alpha I`` is singular (fewer independent samples than weights, alpha = 0).

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0]])
    >>> w, b = normal_equation(X, 2 * X[:, 0] + 1)
    >>> np.round(w, 6).tolist(), round(b, 6)
    ([2.0], 1.0)
    """
    X, y = _xy(X, y)
    fit_intercept = check_bool(fit_intercept, "fit_intercept")
    alpha = check_scalar(alpha, "alpha", low=0)
    n, d = X.shape
    A = np.concatenate([X, np.ones((n, 1))], axis=1) if fit_intercept else X
    G = A.T @ A
    G[np.arange(d), np.arange(d)] += alpha  # the bias (last, if any) is not penalised
    if np.linalg.matrix_rank(G) < G.shape[0]:
        raise ValueError(f"XᵀX + alpha I is singular: X has rank {np.linalg.matrix_rank(A)} "
                         f"but {G.shape[0]} weights are fitted; use alpha > 0 or more samples")
    theta = np.linalg.solve(G, A.T @ y)
    return (theta[:d], float(theta[d])) if fit_intercept else (theta, 0.0)


def gradient_descent_regression(X: np.ndarray, y: np.ndarray, *, lr: float = 0.1,
                                n_iter: int = 500, fit_intercept: bool = True
                                ) -> tuple[np.ndarray, float, np.ndarray]:
    """Full-batch gradient descent on the mean squared error ``mean((X w + b - y)^2)``.

    Returns
    -------
    w : ndarray of shape (n_features,)
    b : float
    losses : ndarray of shape (n_iter + 1,)
        The MSE before each step and after the last.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0]])
    >>> w, b, losses = gradient_descent_regression(X, 2 * X[:, 0] + 1, lr=0.2, n_iter=2000)
    >>> np.round(w, 4).tolist(), round(b, 4), bool(losses[-1] < 1e-10)
    ([2.0], 1.0, True)
    """
    X, y = _xy(X, y)
    lr = check_scalar(lr, "lr", low=0, include_low=False, high=10)
    n_iter = check_int(n_iter, "n_iter", low=0, high=1_000_000)
    fit_intercept = check_bool(fit_intercept, "fit_intercept")
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    losses = np.empty(n_iter + 1)
    for i in range(n_iter + 1):
        with np.errstate(over="ignore", invalid="ignore"):
            r = X @ w + b - y
            losses[i] = r @ r / n
        if i == n_iter or not np.isfinite(losses[i]):
            break
        w = w - lr * (2 / n) * (X.T @ r)
        if fit_intercept:
            b = b - lr * (2 / n) * r.sum()
    if not np.all(np.isfinite(losses[: i + 1])):
        raise ValueError(f"gradient descent diverged with lr={lr}; use a smaller lr")
    return w, float(b), losses


def poly_features(x: np.ndarray, degree: int) -> np.ndarray:
    """Legendre polynomial features ``P_1(x) .. P_degree(x)`` (no constant column).

    The Legendre polynomials span the same space as ``x, x^2, ..., x^degree`` (so the fitted
    curve is the same) but are far better conditioned on ``[-1, 1]``.

    Parameters
    ----------
    x : ndarray of shape (n_samples,), values in [-1, 1]
    degree : int in [0, MAX_DEGREE]

    Returns
    -------
    ndarray of shape (n_samples, degree)

    Examples
    --------
    >>> poly_features(np.array([0.0, 1.0]), 2).tolist()
    [[0.0, -0.5], [1.0, 1.0]]
    """
    x = check_array(x, "x", ndim=1, shape_doc="(n_samples,)")
    degree = check_int(degree, "degree", low=0, high=MAX_DEGREE)
    if np.abs(x).max() > 1:
        raise ValueError(f"x must lie in [-1, 1] (Legendre features); got max |x| = "
                         f"{np.abs(x).max():g}")
    return np.polynomial.legendre.legvander(x, degree)[:, 1:]


def true_curve(x: np.ndarray) -> np.ndarray:
    """The target function of the capacity experiments, ``sin(2.5 x) + 0.5 x``.

    Examples
    --------
    >>> true_curve(np.array([0.0])).tolist()
    [0.0]
    """
    x = check_array(x, "x", ndim=1, allow_empty=True)
    return np.sin(2.5 * x) + 0.5 * x


@dataclass(frozen=True)
class SweepResult:
    """Errors of ridge polynomial fits of every degree (one row per degree)."""

    degrees: np.ndarray      # (n_degrees,)
    mse: dict                # split name -> ndarray (n_degrees,)
    coef: np.ndarray         # (n_degrees, max_degree) Legendre coefficients, zero-padded
    intercept: np.ndarray    # (n_degrees,)

    def predict(self, x: np.ndarray, degree: int) -> np.ndarray:
        """The degree-``degree`` fit evaluated at ``x`` (values in [-1, 1])."""
        i = int(np.flatnonzero(self.degrees == check_int(degree, "degree", low=0))[0]) \
            if np.any(self.degrees == degree) else None
        if i is None:
            raise ValueError(f"degree must be one of {self.degrees.tolist()}; got {degree}")
        Phi = poly_features(x, int(self.degrees.max()))
        return self.intercept[i] + Phi @ self.coef[i]

    def __repr__(self) -> str:
        best = {k: int(self.degrees[np.argmin(v)]) for k, v in self.mse.items()}
        return f"SweepResult(degrees {self.degrees.min()}..{self.degrees.max()}, best {best})"


def _sweep(x_train, y_train, evals, max_degree, alpha):
    """All degrees 0..max_degree at once: one batched SVD of column-masked designs."""
    D = max_degree
    ybar = y_train.mean()
    if D == 0:
        coef, intercept = np.zeros((1, 0)), np.array([ybar])
        return coef, intercept, {k: np.array([np.mean((y - ybar) ** 2)])
                                 for k, (x, y) in evals.items()}
    Phi = np.polynomial.legendre.legvander(x_train, D)[:, 1:]
    mu, ybar = Phi.mean(axis=0), y_train.mean()
    Pc, yc = Phi - mu, y_train - ybar
    mask = np.arange(D)[None, :] < np.arange(D + 1)[:, None]          # (D+1, D)
    stack = Pc[None, :, :] * mask[:, None, :]                         # (D+1, n, D)
    U, s, Vt = np.linalg.svd(stack, full_matrices=False)
    cutoff = s.max(initial=0.0) * max(stack.shape[1:]) * np.finfo(float).eps
    with np.errstate(divide="ignore", invalid="ignore"):
        f = np.where(s > cutoff, s / (s**2 + alpha), 0.0)            # ridge filter factors
    coef = np.einsum("kji,kj,knj,n->ki", Vt, f, U, yc)                # V diag(f) Uᵀ y
    intercept = ybar - coef @ mu
    mse = {}
    for name, (x, y) in evals.items():
        P = np.polynomial.legendre.legvander(x, D)[:, 1:]
        pred = intercept[:, None] + coef @ P.T                        # (D+1, n_eval)
        mse[name] = np.mean((pred - y) ** 2, axis=1)
    return coef, intercept, mse


def degree_sweep(x_train: np.ndarray, y_train: np.ndarray, max_degree: int, *,
                 alpha: float = 0.0, **eval_sets: tuple[np.ndarray, np.ndarray]) -> SweepResult:
    """Fit ridge polynomials of every degree 0..max_degree at once; MSE on each set.

    Each fit minimises ``|y - b - Φ_d w|^2 + alpha |w|^2`` over Legendre features ``Φ_d`` of
    degree ``d`` with an unpenalised intercept, i.e. ``sklearn.linear_model.Ridge(alpha)`` on
    ``poly_features(x, d)``. With ``alpha = 0`` and more weights than samples, the minimum-norm
    least-squares fit is returned (as ``lstsq`` would). Vectorised over degrees: the designs
    of all degrees are the same matrix with later columns masked, so one batched SVD fits all.

    Parameters
    ----------
    x_train, y_train : ndarray of shape (n_train,)
        Inputs in [-1, 1] and targets.
    max_degree : int in [0, MAX_DEGREE]
    alpha : float, >= 0
    **eval_sets : (x, y) pairs
        Named evaluation sets, e.g. ``val=(x_val, y_val)``; ``train`` is always included.

    Returns
    -------
    SweepResult

    Examples
    --------
    >>> x = np.linspace(-1, 1, 20)
    >>> res = degree_sweep(x, x**2, 4)
    >>> res.mse["train"].round(6).tolist()
    [0.107771, 0.107771, 0.0, 0.0, 0.0]
    """
    x_train = check_array(x_train, "x_train", ndim=1, shape_doc="(n_train,)")
    y_train = check_array(y_train, "y_train", ndim=1, shape_doc="(n_train,)")
    check_same_length(x_train, "x_train", y_train, "y_train")
    max_degree = check_int(max_degree, "max_degree", low=0, high=MAX_DEGREE)
    alpha = check_scalar(alpha, "alpha", low=0)
    evals = {"train": (x_train, y_train)}
    for name, pair in eval_sets.items():
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError(f"{name} must be a pair (x, y) of arrays; got {type(pair).__name__}")
        xe = check_array(pair[0], f"{name}[0] (x)", ndim=1)
        ye = check_array(pair[1], f"{name}[1] (y)", ndim=1)
        check_same_length(xe, f"{name}[0] (x)", ye, f"{name}[1] (y)")
        evals[name] = (xe, ye)
    for name, (xe, _) in evals.items():
        if np.abs(xe).max() > 1:
            raise ValueError(f"the inputs of {name} must lie in [-1, 1]; got max |x| = "
                             f"{np.abs(xe).max():g}")
    coef, intercept, mse = _sweep(x_train, y_train, evals, max_degree, alpha)
    return SweepResult(np.arange(max_degree + 1), mse, coef, intercept)


def ridge_path(X: np.ndarray, y: np.ndarray, alphas: np.ndarray) -> np.ndarray:
    """Ridge weights for many penalties at once from one SVD (intercept unpenalised).

    ``w(alpha) = V diag(s / (s^2 + alpha)) Uᵀ y_c`` on centred data: the same weights as
    ``sklearn.linear_model.Ridge(alpha=alpha)``.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    alphas : ndarray of shape (n_alphas,), each >= 0

    Returns
    -------
    ndarray of shape (n_alphas, n_features)

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0]])
    >>> ridge_path(X, 2 * X[:, 0], [0.0, 2.0]).round(4).tolist()
    [[2.0], [1.0]]
    """
    X, y = _xy(X, y)
    alphas = check_array(alphas, "alphas", ndim=1, shape_doc="(n_alphas,)")
    if np.any(alphas < 0):
        raise ValueError(f"alphas must be >= 0; got min {alphas.min():g}")
    if len(alphas) > 10_000:
        raise ValueError(f"alphas may hold at most 10000 values; got {len(alphas)}")
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    U, s, Vt = np.linalg.svd(Xc, full_matrices=False)
    cutoff = s.max(initial=0.0) * max(X.shape) * np.finfo(float).eps
    with np.errstate(divide="ignore", invalid="ignore"):
        f = np.where(s[None, :] > cutoff, s[None, :] / (s[None, :] ** 2 + alphas[:, None]), 0.0)
    return (f * (U.T @ yc)[None, :]) @ Vt


def sample_curve(n_samples: int, *, noise: float = 0.3, random_state=None
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Noisy samples of :func:`true_curve` at uniform inputs in [-1, 1].

    Returns
    -------
    x : ndarray of shape (n_samples,)
    y : ndarray of shape (n_samples,), ``true_curve(x) + noise * N(0, 1)``

    Examples
    --------
    >>> x, y = sample_curve(3, noise=0.0, random_state=0)
    >>> bool(np.allclose(y, true_curve(x)))
    True
    """
    n_samples = check_int(n_samples, "n_samples", low=1, high=10_000_000)
    noise = check_scalar(noise, "noise", low=0, high=100)
    rng = check_rng(random_state)
    x = rng.uniform(-1, 1, n_samples)
    return x, true_curve(x) + noise * rng.normal(size=n_samples)
