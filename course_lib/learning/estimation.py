"""Point estimation: maximum likelihood, why the log, consistency and where it fails, MAP.

Used in ``notebooks/04_learning_from_data.ipynb`` (section 9 and the interview questions).
"""

from __future__ import annotations

import numpy as np

from ..stats import standard_error
from ..validation import check_array, check_int, check_rng, check_same_length, check_scalar

__all__ = ["gaussian_log_likelihood", "hodges_risk", "map_vs_predictive",
           "mle_linear_gaussian", "neyman_scott", "variance_mle_trials"]


def gaussian_log_likelihood(residuals: np.ndarray, sigma: float) -> float:
    """Log-likelihood ``Σ log N(r_i; 0, sigma²)`` of residuals under Gaussian noise.

    ``= -n/2 log(2π sigma²) - Σ r_i² / (2 sigma²)``: for a fixed sigma, maximising it over the
    weights is minimising the sum of squared residuals.

    Examples
    --------
    >>> round(gaussian_log_likelihood(np.zeros(2), 1.0), 4)
    -1.8379
    """
    r = check_array(residuals, "residuals", ndim=1, shape_doc="(n_samples,)")
    sigma = check_scalar(sigma, "sigma", low=0, include_low=False)
    return float(-0.5 * len(r) * np.log(2 * np.pi * sigma**2) - (r @ r) / (2 * sigma**2))


def mle_linear_gaussian(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float, float]:
    """Maximise the Gaussian log-likelihood of ``y = X w + b + noise`` numerically.

    A generic optimiser (``scipy.optimize.minimize``, BFGS on ``(w, b, log sigma)``) that
    knows nothing about least squares; the lesson compares its answer with ``lstsq``.

    Returns
    -------
    w : ndarray of shape (n_features,)
    b : float
    sigma : float, the MLE of the noise level, ``sqrt(mean(residual²))``

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> w, b, sigma = mle_linear_gaussian(X, np.array([1.0, 3.1, 4.9, 7.0]))
    >>> round(float(w[0]), 3), round(b, 3)
    (1.98, 1.03)
    """
    from scipy.optimize import minimize

    X = check_array(X, "X", ndim=2, shape_doc="(n_samples, n_features)")
    y = check_array(y, "y", ndim=1, shape_doc="(n_samples,)")
    check_same_length(X, "X", y, "y")
    n, d = X.shape
    if n < d + 2:
        raise ValueError(f"X needs at least n_features + 2 = {d + 2} samples for w, b and "
                         f"sigma to be identifiable; got {n}")

    def nll(theta):
        w, b, log_s = theta[:d], theta[d], theta[d + 1]
        r = y - X @ w - b
        s2 = np.exp(2 * log_s)
        val = 0.5 * n * np.log(2 * np.pi * s2) + (r @ r) / (2 * s2)
        grad = np.concatenate([-(X.T @ r) / s2, [-r.sum() / s2], [n - (r @ r) / s2]])
        return val, grad

    theta0 = np.r_[np.zeros(d), y.mean(), np.log(y.std() + 1e-3)]
    res = minimize(nll, theta0, jac=True, method="BFGS", options={"gtol": 1e-10})
    return res.x[:d], float(res.x[d]), float(np.exp(res.x[d + 1]))


def variance_mle_trials(ns: np.ndarray, *, sigma: float = 1.0, n_trials: int = 200,
                        random_state=None) -> np.ndarray:
    """MLE of a Gaussian's variance, ``mean((x - x̄)²)``, on ``n_trials`` samples of each size.

    Consistent: it converges to ``sigma²`` as n grows (its bias ``-sigma²/n`` vanishes).

    Returns
    -------
    ndarray of shape (len(ns), n_trials)

    Examples
    --------
    >>> variance_mle_trials([2, 10], n_trials=3, random_state=0).shape
    (2, 3)
    """
    ns = check_array(ns, "ns", ndim=1, dtype="int")
    if ns.min() < 1 or ns.max() > 100_000:
        raise ValueError(f"ns must be sample sizes in [1, 100000]; got {ns.min()}..{ns.max()}")
    sigma = check_scalar(sigma, "sigma", low=0, include_low=False)
    n_trials = check_int(n_trials, "n_trials", low=1, high=10_000)
    if ns.max() * n_trials > 20_000_000:
        raise ValueError("max(ns) * n_trials must stay below 2e7 draws (memory)")
    rng = check_rng(random_state)
    return np.stack([rng.normal(0, sigma, size=(n_trials, n)).var(axis=1) for n in ns])


def neyman_scott(n_pairs: np.ndarray, *, sigma: float = 1.0, n_trials: int = 200,
                 random_state=None) -> np.ndarray:
    """The Neyman-Scott problem: the MLE of sigma² that does *not* converge to sigma².

    Pair ``i`` is two draws from ``N(mu_i, sigma²)`` with its own unknown mean ``mu_i``. The
    joint MLE is ``mu_i = pair mean`` and ``sigma² = Σ (x_i1 - x_i2)² / (4 n)``, which tends
    to ``sigma²/2``: the number of parameters grows with the data, so more data never pins
    down sigma (a condition of the consistency theorem is broken).

    Returns
    -------
    ndarray of shape (len(n_pairs), n_trials): the MLEs of sigma²

    Examples
    --------
    >>> est = neyman_scott([100_000], n_trials=1, random_state=0)
    >>> round(float(est[0, 0]), 2)
    0.5
    """
    n_pairs = check_array(n_pairs, "n_pairs", ndim=1, dtype="int")
    if n_pairs.min() < 1 or n_pairs.max() > 1_000_000:
        raise ValueError(f"n_pairs must be in [1, 1000000]; got {n_pairs.min()}.."
                         f"{n_pairs.max()}")
    sigma = check_scalar(sigma, "sigma", low=0, include_low=False)
    n_trials = check_int(n_trials, "n_trials", low=1, high=10_000)
    if n_pairs.max() * n_trials > 20_000_000:
        raise ValueError("max(n_pairs) * n_trials must stay below 2e7 pairs (memory)")
    rng = check_rng(random_state)
    out = []
    for n in n_pairs:
        mu = rng.normal(0, 5, size=(n_trials, n, 1))          # a different mean per pair
        x = mu + rng.normal(0, sigma, size=(n_trials, n, 2))
        out.append(np.mean((x - x.mean(axis=2, keepdims=True)) ** 2, axis=(1, 2)))
    return np.stack(out)


def map_vs_predictive(n_obs: int, *, a: float = 2.0, b: float = 2.0, n_trials: int = 20_000,
                      random_state=None) -> dict[str, float]:
    """Coin tosses with a Beta(a, b) prior: predict the next toss by MAP, MLE or the posterior.

    For every trial a bias ``θ ~ Beta(a, b)`` is drawn, ``n_obs`` tosses are observed (``h``
    heads), and the next toss is predicted with

    - the MLE plug-in ``h / n``,
    - the MAP plug-in ``(h + a - 1) / (n + a + b - 2)``,
    - the posterior predictive ``(h + a) / (n + a + b)`` (θ integrated out).

    Returns the mean log-loss of each on the next toss (lower is better); the predictive
    distribution is the Bayes-optimal answer, so it wins on average.

    Examples
    --------
    >>> res = map_vs_predictive(3, random_state=0)
    >>> res["predictive"] < res["map"] < res["mle"]
    True
    """
    n_obs = check_int(n_obs, "n_obs", low=1, high=100_000)
    a = check_scalar(a, "a", low=1, high=1e6)
    b = check_scalar(b, "b", low=1, high=1e6)
    n_trials = check_int(n_trials, "n_trials", low=1, high=1_000_000)
    rng = check_rng(random_state)
    theta = rng.beta(a, b, size=n_trials)
    h = rng.binomial(n_obs, theta)
    nxt = rng.random(n_trials) < theta
    preds = {"mle": h / n_obs,
             "map": (h + a - 1) / (n_obs + a + b - 2) if n_obs + a + b > 2 else h / n_obs,
             "predictive": (h + a) / (n_obs + a + b)}
    out = {}
    for name, p in preds.items():
        p_obs = np.where(nxt, p, 1 - p)
        with np.errstate(divide="ignore"):
            out[name] = float(np.mean(-np.log(p_obs)))
    return out


def hodges_risk(thetas: np.ndarray, n: int, *, n_trials: int = 20_000,
                random_state=None) -> dict[str, np.ndarray]:
    """Scaled risk ``n E[(T - θ)²]`` of the sample mean and of Hodges' estimator, per θ.

    The data are ``n`` draws from ``N(θ, 1)``; the MLE of θ is the sample mean ``x̄``, whose
    scaled risk is exactly 1 for every θ (the Cramér-Rao bound ``1 / (n I(θ))`` with
    ``I = 1``, attained). Hodges' estimator is ``x̄`` where ``|x̄| >= n^(-1/4)`` and 0 inside:
    consistent, with scaled risk tending to 0 at θ = 0 (*superefficient* there) and to 1
    at every fixed θ ≠ 0, but far above 1 for θ near ``n^(-1/4)``, more so as n grows.

    ``x̄`` is drawn directly as ``θ + Z / sqrt(n)`` (exactly its distribution), with the same
    ``Z`` for every θ and both estimators, so the comparison is paired. Used in
    ``notebooks/04b_validation_and_evaluation.ipynb`` (D22).

    Parameters
    ----------
    thetas : ndarray of shape (n_thetas,)
    n : int >= 1, the sample size
    n_trials : int, samples per θ

    Returns
    -------
    dict with ``"mle"``, ``"hodges"`` (mean scaled risk per θ) and ``"mle_se"``,
    ``"hodges_se"`` (their standard errors), each of shape (n_thetas,)

    Examples
    --------
    >>> r = hodges_risk([0.0, 0.3], 100, n_trials=4000, random_state=0)
    >>> bool(r["hodges"][0] < 0.1 < 0.9 < r["mle"][0] < 1.1 < r["hodges"][1])
    True
    """
    thetas = check_array(thetas, "thetas", ndim=1, shape_doc="(n_thetas,)")
    n = check_int(n, "n", low=1, high=10**12)
    n_trials = check_int(n_trials, "n_trials", low=2, high=1_000_000)
    if len(thetas) * n_trials > 20_000_000:
        raise ValueError("len(thetas) * n_trials must stay below 2e7 (memory)")
    rng = check_rng(random_state)
    xbar = thetas[:, None] + rng.normal(size=n_trials) / np.sqrt(n)   # (n_thetas, n_trials)
    hodges = np.where(np.abs(xbar) >= n ** -0.25, xbar, 0.0)
    out = {}
    for name, est in (("mle", xbar), ("hodges", hodges)):
        loss = n * (est - thetas[:, None]) ** 2
        out[name] = loss.mean(axis=1)
        out[f"{name}_se"] = standard_error(loss, axis=1)
    return out
