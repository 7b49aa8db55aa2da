"""Optimisers in numpy, vectorised over many runs (notebook ``06_optimization``).

Everything here advances *many* independent runs at once: ``X`` has shape ``(n_runs, d)``,
one row per run (another starting point, another learning rate, another optimiser), and
each step is a handful of array operations on all rows together. A thousand Adam runs cost
about as much Python overhead as one.

* Test functions with analytic gradients (:func:`make_function`): an ill-conditioned
  quadratic (``condition`` = ratio of its curvatures), Rosenbrock's valley, a saddle with two
  minima beside it, and a small logistic-regression loss.
* :func:`optimize` runs gradient descent, momentum (heavy ball), Nesterov momentum, AdaGrad,
  RMSProp and Adam (with or without bias correction). All six are one update rule with
  per-run coefficients, so a single call can mix optimisers (one per row).
* Gradient clipping: :func:`clip_by_value`, :func:`clip_by_norm` (global norm) and
  :func:`adaptive_clip` (the unit-wise rule of normaliser-free networks).
* :func:`lr_sweep`: every optimiser over a grid of learning rates in one call, each judged at
  its own best rate (a ranking at hand-picked rates ranks the picks, not the optimisers).
* :func:`adam_step` and :func:`momentum_step`: one step, written out, for the exercises.
* :func:`linear_regression_risks`: empirical vs. true risk where the true risk is known.

Conventions (those of ``torch.optim``; the tests check every trajectory against it)
-------------------------------------------------------------------------------------
* Momentum: ``v <- mu v + g``, ``x <- x - lr v`` (no ``1 - mu`` factor, no dampening);
  Nesterov uses ``g + mu v`` as the step direction. The "heavy ball" form
  ``v <- mu v - lr g; x <- x + v`` is the same sequence of points while ``lr`` is constant.
* AdaGrad: ``s <- s + g^2``, ``x <- x - lr g / (sqrt(s) + eps)``, default ``eps = 1e-10``.
* RMSProp: ``s <- alpha s + (1 - alpha) g^2``, ``x <- x - lr g / (sqrt(s) + eps)``: ``eps`` is
  added *outside* the square root (TensorFlow 1 and Hinton's slides put it inside,
  ``sqrt(s + eps)``), default ``alpha = 0.99``, ``eps = 1e-8``. With ``momentum > 0``
  (default 0): ``b <- momentum b + g / (sqrt(s) + eps)``, ``x <- x - lr b`` (the buffer holds
  the *scaled* step, unlike SGD's, which holds gradients).
* Adam: ``m <- b1 m + (1 - b1) g``, ``v <- b2 v + (1 - b2) g^2``, step
  ``lr * m_hat / (sqrt(v_hat) + eps)`` with ``m_hat = m / (1 - b1^t)``,
  ``v_hat = v / (1 - b2^t)``, ``t = 1`` at the first step. ``eps`` is added after the bias
  correction (Keras/TF add ``eps * sqrt(1 - b2^t)``, the paper's "epsilon hat", i.e. before).
  Without bias correction the first steps have the wrong length (``m`` and ``v`` start at 0;
  with the default betas ``v``'s bias is the larger, so the first steps are too long).
* Options that no run of a call uses are refused, as torch.optim refuses a keyword its
  optimiser does not have (``OPTION_METHODS`` lists which methods use which option), and
  ``"nesterov"`` needs ``momentum > 0`` (``torch.optim.SGD(nesterov=True, momentum=0)``
  raises): an option that silently changes nothing would hide a mistake.
* Clipping: by value first, then by norm, the norm taken of the value-clipped gradient; the
  same as ``torch.nn.utils.clip_grad_value_`` followed by ``clip_grad_norm_``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .validation import (
    check_array,
    check_bool,
    check_choice,
    check_int,
    check_rng,
    check_scalar,
    describe,
)

__all__ = [
    "FUNCTIONS",
    "METHODS",
    "OPTION_METHODS",
    "LRSweep",
    "TestFunction",
    "Trajectory",
    "adam_step",
    "adaptive_clip",
    "clip_by_norm",
    "clip_by_value",
    "linear_regression_risks",
    "lr_sweep",
    "make_function",
    "momentum_step",
    "optimize",
]

METHODS = ("gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")
FUNCTIONS = ("quadratic", "rosenbrock", "saddle", "logistic")
DEFAULT_EPS = {"adagrad": 1e-10, "rmsprop": 1e-8, "adam": 1e-8}
#: Which methods use each option of :func:`optimize`; an option given to a call none of whose
#: runs uses it is refused.
OPTION_METHODS = {"momentum": ("momentum", "nesterov", "rmsprop"), "beta1": ("adam",),
                  "beta2": ("adam",), "alpha": ("rmsprop",),
                  "eps": ("adagrad", "rmsprop", "adam"), "bias_correction": ("adam",)}
#: Default momentum per method (torch's RMSprop default is 0; SGD's momentum runs use 0.9).
DEFAULT_MOMENTUM = {"momentum": 0.9, "nesterov": 0.9, "rmsprop": 0.0}
MAX_ELEMENTS = 50_000_000  # cap of n_steps * n_runs * d: 400 MB of float64 per stored array
MAX_STEPS = 100_000


# --- test functions ----------------------------------------------------------------------------
@dataclass(frozen=True)
class TestFunction:
    """A differentiable test function, evaluated on many points at once.

    Attributes
    ----------
    name : str
    value_and_grad : callable
        ``X (n_runs, d) -> (f (n_runs,), G (n_runs, d))``.
    dim : int
        Number of variables ``d``.
    minimum : ndarray of shape (d,) or None
        A global minimiser (None when not known in closed form).
    f_min : float or None
        Its value.
    bounds : tuple
        ``((x_lo, x_hi), (y_lo, y_hi))``: a plotting window for 2-D functions.
    params : dict
        The parameters it was made with.
    batch_grad : callable or None
        ``(X (n_runs, d), idx (n_runs, b)) -> G (n_runs, d)``: each run's gradient of the mean
        loss over the data rows ``idx`` of that run (a mini-batch). Only for functions that
        are a mean over data (``logistic``); None otherwise.
    n_data : int
        Number of data rows a mini-batch is drawn from (0 when there are none).
    """

    __test__ = False  # not a pytest test class, despite the name

    name: str
    value_and_grad: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]
    dim: int
    minimum: np.ndarray | None
    f_min: float | None
    bounds: tuple[tuple[float, float], tuple[float, float]]
    params: dict
    batch_grad: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None
    n_data: int = 0

    def _at(self, X: Any, part: int) -> np.ndarray:
        """Part ``part`` of ``value_and_grad`` at the rows of ``X`` or at one point."""
        X = check_array(X, "X", ndim=(1, 2))
        one = X.ndim == 1
        X2 = X[None] if one else X
        if X2.shape[1] != self.dim:
            raise ValueError(f"X must have {self.dim} columns for {self.name}; "
                             f"got shape {X.shape}")
        out = self.value_and_grad(X2)[part]
        return out[0] if one else out

    def __call__(self, X: Any) -> np.ndarray:
        """Values at the rows of ``X`` (shape (n_runs, d)) or at one point (shape (d,))."""
        return self._at(X, 0)

    def grad(self, X: Any) -> np.ndarray:
        """Gradients at the rows of ``X`` (shape (n_runs, d)) or at one point."""
        return self._at(X, 1)

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"TestFunction({self.name!r}, dim={self.dim}{', ' if shown else ''}{shown})"


def _quadratic(condition: float) -> Callable:
    def value_and_grad(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # f = (x^2 + condition * y^2) / 2: curvatures 1 and condition
        f = 0.5 * (X[:, 0] ** 2 + condition * X[:, 1] ** 2)
        G = np.column_stack([X[:, 0], condition * X[:, 1]])
        return f, G
    return value_and_grad


def _rosenbrock(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x, y = X[:, 0], X[:, 1]
    r = y - x * x
    f = (1 - x) ** 2 + 100 * r * r
    G = np.column_stack([-2 * (1 - x) - 400 * x * r, 200 * r])
    return f, G


def _saddle(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # f = x^2 - y^2 + y^4 / 2: a saddle at the origin, minima at (0, +-1) with f = -1/2
    x, y = X[:, 0], X[:, 1]
    y2 = y * y  # products, not numpy's power: its SIMD path may differ in the last bit
    f = x * x - y2 + 0.5 * (y2 * y2)
    G = np.column_stack([2 * x, -2 * y + 2 * (y2 * y)])
    return f, G


def _logistic(Xd: np.ndarray, t: np.ndarray) -> Callable:
    n = len(t)

    def value_and_grad(W: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        margins = t * (W @ Xd.T)                         # (n_runs, n_samples)
        f = np.logaddexp(0.0, -margins).mean(axis=1)     # mean log(1 + exp(-t w.x))
        s = 0.5 * (1 - np.tanh(0.5 * margins))           # sigmoid(-margin), stable
        G = -(s * t) @ Xd / n
        return f, G
    return value_and_grad


def _logistic_batch(Xd: np.ndarray, t: np.ndarray) -> Callable:
    def batch_grad(W: np.ndarray, idx: np.ndarray) -> np.ndarray:
        Xb, tb = Xd[idx], t[idx]                          # (n_runs, b, d), (n_runs, b)
        margins = tb * np.einsum("rbd,rd->rb", Xb, W)
        s = 0.5 * (1 - np.tanh(0.5 * margins))
        return -np.einsum("rb,rbd->rd", s * tb, Xb) / idx.shape[1]
    return batch_grad


def make_function(name: str, *, condition: float = 10.0, n_samples: int = 100,
                  n_features: int = 2, random_state: Any = 0) -> TestFunction:
    """One of the lesson's test functions, with its analytic gradient.

    Parameters
    ----------
    name : {"quadratic", "rosenbrock", "saddle", "logistic"}
        ``quadratic``: ``(x^2 + condition * y^2) / 2``, minimum 0 at the origin.
        ``rosenbrock``: ``(1 - x)^2 + 100 (y - x^2)^2``, minimum 0 at (1, 1) in a curved valley.
        ``saddle``: ``x^2 - y^2 + y^4 / 2``, a saddle point at the origin, minima -1/2 at
        (0, +-1). ``logistic``: the mean logistic loss of weights ``w`` (bias folded in as a
        last input of 1) on ``n_samples`` random, not separable, points.
    condition : float
        Condition number of the quadratic (ratio of largest to smallest curvature), >= 1.
    n_samples, n_features : int
        Size of the logistic-regression data (``n_features`` includes the bias input).
    random_state : None, int or Generator
        Seed of the logistic-regression data.

    Returns
    -------
    TestFunction

    Examples
    --------
    >>> f = make_function("rosenbrock")
    >>> float(f([1.0, 1.0])), f.grad([1.0, 1.0]).tolist()
    (0.0, [0.0, -0.0])
    >>> make_function("quadratic", condition=4.0).grad([[1.0, 1.0]]).tolist()
    [[1.0, 4.0]]
    """
    name = check_choice(name, "name", FUNCTIONS)
    condition = check_scalar(condition, "condition", low=1.0, high=1e8)
    n_samples = check_int(n_samples, "n_samples", low=2, high=100_000)
    n_features = check_int(n_features, "n_features", low=1, high=1000)
    rng = check_rng(random_state)
    if name == "quadratic":
        return TestFunction(name, _quadratic(condition), 2, np.zeros(2), 0.0,
                            ((-2.2, 2.2), (-1.2, 1.2)), {"condition": condition})
    if name == "rosenbrock":
        return TestFunction(name, _rosenbrock, 2, np.ones(2), 0.0, ((-2.0, 2.0), (-1.0, 3.0)),
                            {})
    if name == "saddle":
        return TestFunction(name, _saddle, 2, np.array([0.0, 1.0]), -0.5,
                            ((-1.5, 1.5), (-1.6, 1.6)), {})
    Xd = np.column_stack([rng.normal(size=(n_samples, n_features - 1)), np.ones(n_samples)])
    w_true = rng.normal(size=n_features)
    p = 1 / (1 + np.exp(-2 * (Xd @ w_true)))
    t = np.where(rng.uniform(size=n_samples) < p, 1.0, -1.0)  # noisy labels: a finite minimum
    return TestFunction(name, _logistic(Xd, t), n_features, None, None,
                        ((-3.0, 3.0), (-3.0, 3.0)),
                        {"n_samples": n_samples, "n_features": n_features},
                        _logistic_batch(Xd, t), n_samples)


# --- the optimisers ----------------------------------------------------------------------------
@dataclass
class Trajectory:
    """Result of :func:`optimize`: every run's points, losses, gradients and steps.

    Attributes
    ----------
    X : ndarray of shape (n_steps + 1, n_runs, d)
        Points, starting with ``x0``.
    loss : ndarray of shape (n_steps + 1, n_runs)
        Function value at each point.
    grad_norm : ndarray of shape (n_steps, n_runs)
        Norm of the gradient used at each step (after scaling, before clipping).
    step_norm : ndarray of shape (n_steps, n_runs)
        Length of each step ``|x_{k+1} - x_k|``.
    methods : tuple of str
        The optimiser of each run.
    """

    X: np.ndarray
    loss: np.ndarray
    grad_norm: np.ndarray
    step_norm: np.ndarray
    methods: tuple[str, ...]

    @property
    def final(self) -> np.ndarray:
        """Last points, shape (n_runs, d)."""
        return self.X[-1]

    def __repr__(self) -> str:
        n_steps, n_runs, d = self.X.shape[0] - 1, self.X.shape[1], self.X.shape[2]
        kinds = sorted(set(self.methods))
        return (f"Trajectory({n_runs} runs of {', '.join(kinds)}, {n_steps} steps, d={d}; "
                f"final loss median {np.median(self.loss[-1]):.4g})")


def _per_run(value: Any, name: str, n_runs: int, **limits: Any) -> np.ndarray:
    """A hyperparameter given once for all runs or once per run -> column of shape (n_runs, 1)."""
    if isinstance(value, (list, tuple, np.ndarray)):
        arr = check_array(value, name, ndim=1, shape=(n_runs,), shape_doc="(n_runs,)")
        for v in arr:  # the same range check and message as for a single number
            check_scalar(float(v), name, **limits)
        return arr[:, None]
    return np.full((n_runs, 1), check_scalar(value, name, **limits))


def _methods(method: Any, n_runs: int) -> tuple[str, ...]:
    if isinstance(method, str):
        return (check_choice(method, "method", METHODS),) * n_runs
    if isinstance(method, (list, tuple)):
        if len(method) != n_runs:
            raise ValueError(f"method must be one name or a list of one name per run "
                             f"({n_runs}); got a list of length {len(method)}")
        return tuple(check_choice(m, "method", METHODS) for m in method)
    raise TypeError(f"method must be one of {list(METHODS)} or a list of them; "
                    f"got {describe(method)}")


def optimize(fun: TestFunction, x0: Any, method: str | Sequence[str] = "gd", *,
             lr: Any = 0.01, n_steps: int = 200, momentum: Any = None, beta1: Any = None,
             beta2: Any = None, alpha: Any = None, eps: Any = None,
             bias_correction: bool | None = None, clip_norm: float | None = None,
             clip_value: float | None = None, grad_scale: Any = None,
             grad_noise: float = 0.0, batch_size: int | None = None,
             random_state: Any = None) -> Trajectory:
    """Run many optimisers at once: one row of ``x0`` per run, one array operation per step.

    All six methods are one update with per-run coefficients
    ``m <- b1 m + a1 g;  s <- b2 s + a2 g^2;  d = n1 g + n2 m;
    x <- x - (lr / c1) d / (sqrt(s) / c2 + eps)``, where the coefficients (and a denominator
    of 1 for the non-adaptive methods) are chosen per run; RMSProp with momentum keeps its
    own buffer of scaled steps (see the module docstring). So ``method`` may list a different
    optimiser for every row and they still advance together (the widget does this).

    Each option applies to the methods listed in :data:`OPTION_METHODS` and is refused
    (ValueError) when no run of the call uses it; left out (None), each run gets its
    method's default.

    Parameters
    ----------
    fun : TestFunction
        From :func:`make_function`.
    x0 : array-like of shape (n_runs, d) or (d,)
        Starting points (a 1-D ``x0`` is one run).
    method : str or list of str
        One of ``"gd"``, ``"momentum"``, ``"nesterov"``, ``"adagrad"``, ``"rmsprop"``,
        ``"adam"``, for all runs or one per run.
    lr : float or array of shape (n_runs,)
        Learning rate(s), in (0, 100].
    n_steps : int
        Number of steps (1 ... 100 000).
    momentum : float or array, optional
        ``mu`` of momentum / Nesterov / RMSProp, in [0, 1); default 0.9 for momentum and
        Nesterov, 0 for RMSProp (torch's). Nesterov needs ``mu > 0``.
    beta1, beta2 : float or array, optional
        Adam's decay rates, in [0, 1); default 0.9 and 0.999.
    alpha : float or array, optional
        RMSProp's decay rate, in [0, 1); default 0.99.
    eps : float, optional
        Added to the denominator of AdaGrad / RMSProp / Adam; default torch's (1e-10 for
        AdaGrad, 1e-8 otherwise).
    bias_correction : bool, optional
        Adam's bias correction (default True: Adam as published and as in torch).
    clip_norm : float, optional
        Clip each run's gradient to this Euclidean norm before the update (after
        ``clip_value`` when both are given: the norm is that of the value-clipped gradient,
        as ``torch.nn.utils.clip_grad_value_`` then ``clip_grad_norm_``).
    clip_value : float, optional
        Clip each gradient component to ``[-clip_value, clip_value]`` before the update
        (first, when ``clip_norm`` is given too).
    grad_scale : array-like of shape (n_steps,), optional
        Multiply the gradient of step k by ``grad_scale[k]`` (to simulate a gradient spike).
    grad_noise : float
        Standard deviation of Gaussian noise added to every gradient component (isotropic
        noise, *not* what mini-batches give; 0 gives exact gradients).
    batch_size : int, optional
        Stochastic gradients from real mini-batches: at every step each run draws its own
        ``batch_size`` data rows (without replacement) and uses the gradient of the mean loss
        over them. Only for functions that are a mean over data (``logistic``); the recorded
        ``loss`` is still the full loss.
    random_state : None, int or Generator
        Seed of the gradient noise and of the mini-batches.

    Returns
    -------
    Trajectory

    Examples
    --------
    >>> f = make_function("quadratic", condition=10.0)
    >>> tr = optimize(f, [[2.0, 1.0], [2.0, 1.0]], ["gd", "adam"], lr=0.1, n_steps=100)
    >>> tr.X.shape, tr.loss[-1].round(4).tolist()
    ((101, 2, 2), [0.0, 0.0001])
    """
    if not isinstance(fun, TestFunction):
        raise TypeError(f"fun must be a TestFunction from make_function(); got {describe(fun)}")
    x0 = check_array(x0, "x0", ndim=(1, 2), shape_doc="(n_runs, d) or (d,)")
    X = np.array(x0[None] if x0.ndim == 1 else x0, dtype=np.float64)
    n_runs, d = X.shape
    if d != fun.dim:
        raise ValueError(f"x0 must have {fun.dim} columns for {fun.name}; got shape {x0.shape}")
    n_steps = check_int(n_steps, "n_steps", low=1, high=MAX_STEPS)
    if (n_steps + 1) * n_runs * d > MAX_ELEMENTS:
        raise ValueError(f"n_steps * n_runs * d must be at most {MAX_ELEMENTS:,} (the stored "
                         f"trajectory would need over 400 MB); got {n_steps} * {n_runs} * {d}")
    methods = _methods(method, n_runs)
    given = {"momentum": momentum, "beta1": beta1, "beta2": beta2, "alpha": alpha, "eps": eps,
             "bias_correction": bias_correction}
    for name, value in given.items():
        users = OPTION_METHODS[name]
        if value is not None and not any(m in users for m in methods):
            raise ValueError(f"{name} is an option of {' / '.join(users)} only; no run of this "
                             f"call uses it (methods {sorted(set(methods))}): leave it out, or "
                             f"choose a method that uses it")
    lr = _per_run(lr, "lr", n_runs, low=0, include_low=False, high=100)
    unit = {"low": 0.0, "high": 1.0, "include_high": False}
    mu = (np.array([[DEFAULT_MOMENTUM.get(m, 0.0)] for m in methods]) if momentum is None
          else _per_run(momentum, "momentum", n_runs, **unit))
    nesterov_at_0 = [i for i, m in enumerate(methods) if m == "nesterov" and mu[i, 0] == 0]
    if nesterov_at_0:
        raise ValueError(f"momentum must be > 0 for method 'nesterov' (Nesterov's look-ahead "
                         f"needs a velocity; torch.optim.SGD refuses nesterov=True with "
                         f"momentum=0); got momentum 0 for run {nesterov_at_0[0]}")
    b1 = np.full((n_runs, 1), 0.9) if beta1 is None else _per_run(beta1, "beta1", n_runs, **unit)
    b2 = (np.full((n_runs, 1), 0.999) if beta2 is None
          else _per_run(beta2, "beta2", n_runs, **unit))
    al = np.full((n_runs, 1), 0.99) if alpha is None else _per_run(alpha, "alpha", n_runs, **unit)
    if eps is None:
        eps_col = np.array([[DEFAULT_EPS.get(m, 0.0)] for m in methods])
    else:
        eps_col = np.full((n_runs, 1), check_scalar(eps, "eps", low=0, include_low=False))
    bias_correction = (True if bias_correction is None
                       else check_bool(bias_correction, "bias_correction"))
    if clip_norm is not None:
        clip_norm = check_scalar(clip_norm, "clip_norm", low=0, include_low=False)
    if clip_value is not None:
        clip_value = check_scalar(clip_value, "clip_value", low=0, include_low=False)
    if grad_scale is not None:
        grad_scale = check_array(grad_scale, "grad_scale", shape=(n_steps,),
                                 shape_doc="(n_steps,)")
    grad_noise = check_scalar(grad_noise, "grad_noise", low=0)
    if batch_size is not None:
        if fun.batch_grad is None:
            raise ValueError(f"batch_size needs a loss that is a mean over data (logistic); "
                             f"{fun.name} has no data to draw mini-batches from")
        batch_size = check_int(batch_size, "batch_size", low=1, high=fun.n_data)
    rng = check_rng(random_state)

    # per-run coefficients of the one update rule (see the docstring)
    m_arr = np.array(methods)[:, None]
    is_adam, is_rms, is_ada = m_arr == "adam", m_arr == "rmsprop", m_arr == "adagrad"
    heavy = (m_arr == "momentum") | (m_arr == "nesterov")
    B1 = np.where(is_adam, b1, np.where(heavy, mu, 0.0))
    A1 = np.where(is_adam, 1 - b1, 1.0)
    B2 = np.where(is_adam, b2, np.where(is_rms, al, np.where(is_ada, 1.0, 0.0)))
    A2 = np.where(is_adam, 1 - b2, np.where(is_rms, 1 - al, np.where(is_ada, 1.0, 0.0)))
    N1 = np.where(m_arr == "nesterov", 1.0, 0.0)
    N2 = np.where(m_arr == "nesterov", mu, 1.0)
    adaptive = is_adam | is_rms | is_ada
    correct = is_adam & bias_correction
    rms_mom = is_rms & (mu > 0)   # torch's RMSprop takes its momentum branch only for mu > 0

    with np.errstate(over="ignore", invalid="ignore"):  # a diverging run just becomes inf/NaN
        return _run(fun, X, n_steps, methods, lr, b1, b2, B1, A1, B2, A2, N1, N2, is_adam,
                    adaptive, correct, eps_col, clip_value, clip_norm, grad_scale, grad_noise,
                    rng, rms_mom, mu, batch_size)


@dataclass
class LRSweep:
    """Result of :func:`lr_sweep`: each method over a grid of learning rates.

    Attributes
    ----------
    methods : tuple of str
    lrs : ndarray of shape (n_lrs,)
    final : ndarray of shape (n_methods, n_lrs)
        ``f - f_min`` after the last step (inf for a run that diverged).
    steps : ndarray of shape (n_methods, n_lrs)
        The step from which ``f - f_min < tol`` holds to the end (``n_steps + 1`` if it does
        not hold at the end).
    best : ndarray of shape (n_methods,)
        Index into ``lrs`` of each method's best run: fewest steps to ``tol``, then the lowest
        ``final``.
    trajectory : Trajectory
        All runs, method-major: run ``i * n_lrs + j`` is method ``i`` at ``lrs[j]``.
    tol : float
    """

    methods: tuple[str, ...]
    lrs: np.ndarray
    final: np.ndarray
    steps: np.ndarray
    best: np.ndarray
    trajectory: Trajectory
    tol: float

    def best_run(self, method: str) -> int:
        """Index (into the trajectory's runs) of ``method`` at its best learning rate."""
        i = self.methods.index(check_choice(method, "method", self.methods))
        return i * len(self.lrs) + int(self.best[i])

    def __repr__(self) -> str:
        shown = ", ".join(f"{m}: lr {self.lrs[b]:.2g}"
                          for m, b in zip(self.methods, self.best, strict=True))
        return (f"LRSweep({len(self.methods)} methods x {len(self.lrs)} learning rates; "
                f"best {shown})")


def lr_sweep(fun: TestFunction, x0: Any, methods: Sequence[str], lrs: Any, *,
             n_steps: int = 500, tol: float = 1e-6, **options: Any) -> LRSweep:
    """Run every method at every learning rate (one :func:`optimize` call) and pick each
    method's best rate. Used in ``notebooks/06_optimization.ipynb``.

    A comparison of optimisers at one hand-picked rate each mostly compares the picks; here
    each method gets the same grid and is judged at its own best: the fewest steps after which
    ``f - f_min < tol`` holds for good, ties (and runs that never get there) broken by the final
    ``f - f_min``. A run that diverges (inf or NaN) counts as infinitely bad.

    Parameters
    ----------
    fun : TestFunction
        With a known minimum value ``f_min``.
    x0 : array-like of shape (d,)
        The one start shared by all runs.
    methods : list of str
    lrs : array-like of shape (n_lrs,)
        The grid, each in (0, 100].
    n_steps : int
    tol : float
        Target accuracy in ``f - f_min``, > 0.
    **options
        Passed to :func:`optimize` (for example ``momentum``).

    Returns
    -------
    LRSweep

    Examples
    --------
    >>> f = make_function("quadratic", condition=10.0)
    >>> sw = lr_sweep(f, [1.0, 1.0], ["gd", "adam"], [0.01, 0.1, 0.18], n_steps=300)
    >>> [float(sw.lrs[b]) for b in sw.best], sw.steps[0].tolist()
    ([0.18, 0.18], [301, 63, 36])
    """
    if not isinstance(fun, TestFunction):
        raise TypeError(f"fun must be a TestFunction from make_function(); got {describe(fun)}")
    if fun.f_min is None:
        raise ValueError(f"lr_sweep needs a function with a known minimum; {fun.name} has none")
    x0 = check_array(x0, "x0", ndim=1, shape=(fun.dim,), shape_doc=f"({fun.dim},)")
    if isinstance(methods, str) or not isinstance(methods, (list, tuple)) or not methods:
        raise TypeError(f"methods must be a non-empty list of names from {list(METHODS)}; "
                        f"got {describe(methods)}")
    methods = tuple(check_choice(m, "methods", METHODS) for m in methods)
    lrs = check_array(lrs, "lrs", ndim=1, shape_doc="(n_lrs,)")
    tol = check_scalar(tol, "tol", low=0, include_low=False)
    n_m, n_l = len(methods), len(lrs)
    run = optimize(fun, np.tile(x0, (n_m * n_l, 1)), [m for m in methods for _ in lrs],
                   lr=np.tile(lrs, n_m), n_steps=n_steps, **options)
    gap = run.loss - fun.f_min
    gap = np.where(np.isfinite(gap), gap, np.inf)            # (n_steps + 1, runs)
    # the step from which a run stays below tol (one that dips below and bounces out has not
    # converged): one past the last step at or above tol; n_steps + 1 when it ends above
    above = gap >= tol
    last_above = n_steps - np.argmax(above[::-1], axis=0)
    steps = np.where(above[-1], n_steps + 1, np.where(above.any(axis=0), last_above + 1, 0))
    steps = steps.reshape(n_m, n_l)
    final = gap[-1].reshape(n_m, n_l)
    # fewest steps first, then the lowest final gap (lexsort: last key is the primary one)
    best = np.array([np.lexsort((final[i], steps[i]))[0] for i in range(n_m)])
    return LRSweep(methods, lrs.astype(float), final, steps, best, run, tol)


def _bias_corrections(beta: np.ndarray, n_steps: int, power: float) -> np.ndarray:
    """``(1 - beta**t) ** power`` for t = 1 ... n_steps, shape (n_steps, n_runs, 1).

    Computed with Python floats, as torch.optim does.

    numpy's vectorised ``power`` may take a SIMD path that differs from C's ``pow`` in the
    last bit, and the difference grows along a trajectory; there are few distinct betas, so
    this costs nothing.
    """
    values, index = np.unique(beta[:, 0], return_inverse=True)
    table = np.array([[(1 - float(v) ** t) ** power for v in values]
                      for t in range(1, n_steps + 1)])
    return table[:, index][:, :, None]


def _run(fun, X, n_steps, methods, lr, b1, b2, B1, A1, B2, A2, N1, N2, is_adam, adaptive,
         correct, eps_col, clip_value, clip_norm, grad_scale, grad_noise, rng, rms_mom,
         mu, batch_size=None) -> Trajectory:
    """The loop of :func:`optimize` (inputs already checked; coefficients per run)."""
    n_runs, d = X.shape
    M = np.zeros_like(X)
    S = np.zeros_like(X)
    R = np.zeros_like(X)   # RMSProp's momentum buffer (of scaled steps)
    any_rms_mom = bool(rms_mom.any())
    path = np.empty((n_steps + 1, n_runs, d))
    loss = np.empty((n_steps + 1, n_runs))
    gnorm = np.empty((n_steps, n_runs))
    path[0] = X
    # everything that does not depend on the iterate, computed once
    C1 = np.where(correct[None], _bias_corrections(b1, n_steps, 1.0), 1.0)
    C2 = np.where(correct[None], _bias_corrections(b2, n_steps, 0.5), 1.0)
    any_adam, all_adam = bool(is_adam.any()), bool(is_adam.all())
    any_adaptive, all_adaptive = bool(adaptive.any()), bool(adaptive.all())
    lerp_low, W, W1 = A1 < 0.5, A1, 1 - A1
    for k in range(n_steps):
        f, G = fun.value_and_grad(X)
        loss[k] = f
        if batch_size is not None:  # each run its own rows, without replacement
            idx = np.argsort(rng.random((n_runs, fun.n_data)), axis=1)[:, :batch_size]
            G = fun.batch_grad(X, idx)
        if grad_noise > 0:
            G = G + grad_noise * rng.standard_normal(G.shape)
        if grad_scale is not None:
            G = G * grad_scale[k]
        gnorm[k] = np.sqrt(np.einsum("ij,ij->i", G, G))
        norm = gnorm[k]
        if clip_value is not None:  # first, as clip_grad_value_ before clip_grad_norm_
            G = np.clip(G, -clip_value, clip_value)
            norm = np.sqrt(np.einsum("ij,ij->i", G, G))  # the norm clip_norm sees
        if clip_norm is not None:
            G = G * np.minimum(1.0, clip_norm / (norm + 1e-6))[:, None]
        # the same floating-point operations, in the same order, as torch.optim's kernels:
        # Adam's m is a lerp towards g (m + w (g - m) for w < 1/2, else g - (g - m)(1 - w));
        # second moments are "addcmul": s * b2 + (a2 * g) * g
        if any_adam:
            diff = G - M
            adam_m = np.where(lerp_low, M + W * diff, G - diff * W1)
            M = adam_m if all_adam else np.where(is_adam, adam_m, B1 * M + G)
        else:
            M = B1 * M + G
        D = N1 * G + N2 * M
        if any_adaptive:
            S = B2 * S + A2 * G * G
            den = np.sqrt(S) / C2[k] + eps_col
            if not all_adaptive:
                den = np.where(adaptive, den, 1.0)
            X_new = X + (-(lr / C1[k]) * D) / den
            if any_rms_mom:  # torch: buf.mul_(mu).addcdiv_(g, den); p.add_(buf, alpha=-lr)
                R = np.where(rms_mom, mu * R + G / den, 0.0)
                X_new = np.where(rms_mom, X + (-lr) * R, X_new)
            X = X_new
        else:
            X = X + (-lr * D) / 1.0
        path[k + 1] = X
    loss[n_steps] = fun.value_and_grad(X)[0]
    steps = np.linalg.norm(np.diff(path, axis=0), axis=2)
    return Trajectory(path, loss, gnorm, steps, methods)


# --- single steps, written out (the exercises' references) --------------------------------------
def momentum_step(x: Any, v: Any, g: Any, lr: float = 0.01,
                  momentum: float = 0.9) -> tuple[np.ndarray, np.ndarray]:
    """One step of SGD with (heavy-ball) momentum in torch's convention.

    ``v <- momentum * v + g``, then ``x <- x - lr * v``.

    Parameters
    ----------
    x, v, g : array-like of shape (d,)
        Parameters, velocity (zeros before the first step) and gradient at ``x``.
    lr : float
        Learning rate, > 0.
    momentum : float
        In [0, 1).

    Returns
    -------
    x_new, v_new : ndarray of shape (d,)

    Examples
    --------
    >>> momentum_step([1.0], [0.5], [2.0], lr=0.1, momentum=0.9)
    (array([0.755]), array([2.45]))
    """
    x = check_array(x, "x", ndim=1)
    v = check_array(v, "v", shape=x.shape, shape_doc="(d,) like x")
    g = check_array(g, "g", shape=x.shape, shape_doc="(d,) like x")
    lr = check_scalar(lr, "lr", low=0, include_low=False)
    momentum = check_scalar(momentum, "momentum", low=0, high=1, include_high=False)
    v_new = momentum * v + g
    return x - lr * v_new, v_new


def adam_step(x: Any, m: Any, v: Any, g: Any, t: int, lr: float = 0.001, beta1: float = 0.9,
              beta2: float = 0.999, eps: float = 1e-8) -> tuple[np.ndarray, np.ndarray,
                                                                np.ndarray]:
    """One Adam step with bias correction, in torch's convention.

    Parameters
    ----------
    x, m, v : array-like of shape (d,)
        Parameters and the two moment estimates (zeros before the first step).
    g : array-like of shape (d,)
        Gradient at ``x``.
    t : int
        Number of this step: 1 for the first one.
    lr, beta1, beta2, eps : float
        ``lr > 0``, betas in [0, 1), ``eps > 0``.

    Returns
    -------
    x_new, m_new, v_new : ndarray of shape (d,)

    Examples
    --------
    >>> x, m, v = adam_step([1.0], [0.0], [0.0], [5.0], t=1, lr=0.1)
    >>> x.round(6).tolist()        # the first step has length lr whatever the gradient
    [0.9]
    """
    x = check_array(x, "x", ndim=1)
    m = check_array(m, "m", shape=x.shape, shape_doc="(d,) like x")
    v = check_array(v, "v", shape=x.shape, shape_doc="(d,) like x")
    g = check_array(g, "g", shape=x.shape, shape_doc="(d,) like x")
    t = check_int(t, "t", low=1)
    lr = check_scalar(lr, "lr", low=0, include_low=False)
    beta1 = check_scalar(beta1, "beta1", low=0, high=1, include_high=False)
    beta2 = check_scalar(beta2, "beta2", low=0, high=1, include_high=False)
    eps = check_scalar(eps, "eps", low=0, include_low=False)
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g * g
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    return x - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


# --- clipping ----------------------------------------------------------------------------------
def clip_by_value(g: Any, clip_value: float) -> np.ndarray:
    """Clip every gradient component to ``[-clip_value, clip_value]``.

    Changes the gradient's *direction* whenever a component is cut (unlike clipping by norm).

    Examples
    --------
    >>> clip_by_value([3.0, -0.5, -7.0], 1.0).tolist()
    [1.0, -0.5, -1.0]
    """
    g = check_array(g, "g")
    clip_value = check_scalar(clip_value, "clip_value", low=0, include_low=False)
    return np.clip(g, -clip_value, clip_value)


def _grad_list(grads: Any, name: str) -> list[np.ndarray]:
    if isinstance(grads, (list, tuple)):
        if not grads:
            raise ValueError(f"{name} must not be empty; got an empty {type(grads).__name__}")
        return [check_array(g, f"{name}[{i}]") for i, g in enumerate(grads)]
    return [check_array(grads, name)]


def clip_by_norm(grads: Any, max_norm: float) -> tuple[list[np.ndarray], float]:
    """Scale all gradients together so that their *global* Euclidean norm is at most ``max_norm``.

    Same rule as ``torch.nn.utils.clip_grad_norm_``: the total norm is taken over all arrays
    as if concatenated, and every array is multiplied by
    ``min(1, max_norm / (total_norm + 1e-6))``. The direction is kept.

    Parameters
    ----------
    grads : array-like or list of array-like
        One gradient array per parameter tensor.
    max_norm : float
        > 0.

    Returns
    -------
    clipped : list of ndarray
        New arrays, same shapes as ``grads``.
    total_norm : float
        The norm before clipping.

    Examples
    --------
    >>> clipped, norm = clip_by_norm([[3.0], [4.0]], 1.0)
    >>> norm, [c.round(4).tolist() for c in clipped]
    (5.0, [[0.6], [0.8]])
    """
    arrays = _grad_list(grads, "grads")
    max_norm = check_scalar(max_norm, "max_norm", low=0, include_low=False)
    total = float(np.sqrt(sum(float(np.sum(a * a)) for a in arrays)))
    coef = min(1.0, max_norm / (total + 1e-6))
    return [a * coef for a in arrays], total


def adaptive_clip(W: Any, G: Any, clipping: float = 0.01, eps: float = 1e-3) -> np.ndarray:
    """Adaptive gradient clipping (AGC) of normaliser-free networks, unit by unit.

    For each output unit ``i`` (row ``W[i]`` of a weight matrix of shape (n_out, n_in), as in
    ``torch.nn.Linear``), the gradient row is rescaled when it is large *relative to the
    weights*: if ``|G_i| / max(|W_i|, eps) > clipping`` then
    ``G_i <- clipping * max(|W_i|, eps) / |G_i| * G_i``. So a step can change a unit's weights
    by at most a fraction ``lr * clipping`` of their norm, whatever the gradient's scale;
    ``eps`` keeps zero-initialised weights (biases) from freezing. A 1-D array (a bias) counts
    as one unit.

    Parameters
    ----------
    W : array-like of shape (n_out, n_in) or (n,)
        Weights (or a bias vector).
    G : array-like of the same shape
        Their gradient.
    clipping : float
        The largest allowed ratio ``|G_i| / |W_i|``, > 0.
    eps : float
        Smallest weight norm used in the ratio, > 0.

    Returns
    -------
    ndarray of the same shape as ``G``

    Examples
    --------
    >>> W = np.array([[3.0, 4.0], [0.0, 1.0]])
    >>> adaptive_clip(W, np.array([[1.0, 0.0], [0.001, 0.0]]), clipping=0.1).tolist()
    [[0.5, 0.0], [0.001, 0.0]]
    """
    W = check_array(W, "W", ndim=(1, 2), shape_doc="(n_out, n_in) or (n,)")
    G = check_array(G, "G", shape=W.shape, shape_doc="like W")
    clipping = check_scalar(clipping, "clipping", low=0, include_low=False)
    eps = check_scalar(eps, "eps", low=0, include_low=False)
    axis = 1 if W.ndim == 2 else None
    w_norm = np.maximum(np.linalg.norm(W, axis=axis, keepdims=W.ndim == 2), eps)
    g_norm = np.linalg.norm(G, axis=axis, keepdims=W.ndim == 2)
    max_norm = clipping * w_norm
    scale = np.where(g_norm > max_norm, max_norm / np.maximum(g_norm, 1e-6), 1.0)
    return G * scale


# --- empirical vs true risk --------------------------------------------------------------------
def linear_regression_risks(n_samples: int, n_features: int = 5, *, noise: float = 1.0,
                            n_trials: int = 200, random_state: Any = None
                            ) -> dict[str, np.ndarray]:
    """Empirical and true risk of least squares, where the true risk is known exactly.

    Data: ``x ~ N(0, I_d)``, ``y = w* . x + noise * e`` with ``e ~ N(0, 1)``. For any weights
    ``w`` the true (expected) squared-error risk is ``|w - w*|^2 + noise^2``: no test set
    needed. Each trial draws a training set, minimises the empirical risk (the mean squared
    error on it, by least squares) and reports both risks of the minimiser. All trials at once.

    Parameters
    ----------
    n_samples : int
        Training-set size, >= n_features.
    n_features : int
        Number of weights ``d`` (1 ... 200).
    noise : float
        Standard deviation of the label noise, >= 0; the smallest possible risk is noise^2.
    n_trials : int
        Number of independent training sets (1 ... 100 000).
    random_state : None, int or Generator

    Returns
    -------
    dict
        ``empirical`` and ``true`` (arrays of shape (n_trials,)), ``bayes`` (= noise^2).

    Examples
    --------
    >>> r = linear_regression_risks(20, 5, n_trials=2000, random_state=0)
    >>> bool(r["empirical"].mean() < r["bayes"] < r["true"].mean())
    True
    """
    n_features = check_int(n_features, "n_features", low=1, high=200)
    n_samples = check_int(n_samples, "n_samples", low=n_features, high=100_000)
    noise = check_scalar(noise, "noise", low=0)
    n_trials = check_int(n_trials, "n_trials", low=1, high=100_000)
    if n_trials * n_samples * n_features > MAX_ELEMENTS:
        raise ValueError(f"n_trials * n_samples * n_features must be at most {MAX_ELEMENTS:,}; "
                         f"got {n_trials} * {n_samples} * {n_features}")
    rng = check_rng(random_state)
    w_star = np.ones(n_features) / np.sqrt(n_features)
    X = rng.standard_normal((n_trials, n_samples, n_features))
    y = X @ w_star + noise * rng.standard_normal((n_trials, n_samples))
    # least squares per trial through the normal equations, batched
    w_hat = np.linalg.solve(np.einsum("tnd,tne->tde", X, X),
                            np.einsum("tnd,tn->td", X, y)[..., None])[..., 0]
    resid = y - np.einsum("tnd,td->tn", X, w_hat)
    empirical = np.mean(resid ** 2, axis=1)
    true = np.sum((w_hat - w_star) ** 2, axis=1) + noise ** 2
    return {"empirical": empirical, "true": true, "bayes": np.float64(noise ** 2)}
