"""The experiments of lesson ``05_losses_and_activations`` (part of :mod:`course_lib.losses`).

* :func:`fit_line`: a line fitted under each regression loss;
* :func:`zero_one_risk`, :func:`zero_one_erm_labelings`, :func:`exhaustive_zero_one_erm`:
  empirical risk minimisation (ERM) of the 0–1 loss by brute force;
* :func:`triplet_active_fraction`, :func:`train_triplet_embedding` (torch),
  :func:`embedding_quality`: what the triplet margin does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..units import bit_patterns, separating_unit, sq_distances
from ..validation import (
    check_array,
    check_choice,
    check_int,
    check_pm1_labels,
    check_rng,
    check_scalar,
    describe,
)
from .library import (
    _alpha,
    _delta,
    _tau,
    _triplet_gap,
    _triplet_inputs,
    huber,
    huber_grad,
    log_cosh,
    log_cosh_grad,
)

#: Caps of :func:`train_triplet_embedding`, checked before anything is allocated: a
#: demonstration embedding (weights n_features x n_dims), its loop (one SGD step each), and
#: the batch x n_samples table the triplets are drawn from (8 bytes an entry).
MAX_EMBEDDING_DIMS = 1000
MAX_TRAINING_STEPS = 100_000
MAX_TRIPLET_TABLE = 5 * 10**7

__all__ = [
    "ERMResult",
    "TripletTrainingResult",
    "embedding_quality",
    "exhaustive_zero_one_erm",
    "fit_line",
    "train_triplet_embedding",
    "triplet_active_fraction",
    "zero_one_erm_labelings",
    "zero_one_risk",
]


def triplet_active_fraction(anchor: np.ndarray, positive: np.ndarray, negative: np.ndarray,
                            margins: np.ndarray) -> np.ndarray:
    """Fraction of triplets with a positive loss (the ones that give a gradient), per margin.

    Parameters
    ----------
    anchor, positive, negative : ndarray of shape (n_triplets, n_dims)
    margins : ndarray of shape (n_margins,)

    Returns
    -------
    ndarray of shape (n_margins,)

    Examples
    --------
    >>> a, p, n = np.zeros((2, 1)), np.array([[1.0], [1.0]]), np.array([[2.0], [3.0]])
    >>> triplet_active_fraction(a, p, n, [0.0, 4.0, 10.0]).tolist()
    [0.0, 0.5, 1.0]
    """
    anchor, positive, negative = _triplet_inputs(anchor, positive, negative)
    margins = check_array(margins, "margins", ndim=1, shape_doc="(n_margins,)")
    if margins.min() < 0:
        raise ValueError(f"margins must be >= 0; got minimum {margins.min():g}")
    gap = _triplet_gap(anchor, positive, negative)
    return (gap[None, :] + margins[:, None] > 0).mean(axis=1)


@dataclass
class TripletTrainingResult:
    """What :func:`train_triplet_embedding` returns.

    Attributes
    ----------
    margin : float
    embedding : ndarray of shape (n_samples, n_dims)
        The trained embedding of the inputs.
    losses : ndarray of shape (n_steps,)
        Mean triplet loss at each step.
    active_fraction : ndarray of shape (n_steps,)
        Fraction of the batch's triplets that still gave a gradient at each step.
    """

    margin: float
    embedding: np.ndarray
    losses: np.ndarray
    active_fraction: np.ndarray

    def __repr__(self) -> str:
        return (f"TripletTrainingResult(margin={self.margin:g}, {len(self.losses)} steps, "
                f"final loss {self.losses[-1]:.3g}, final active fraction "
                f"{self.active_fraction[-1]:.2f})")


def _sample_triplets(labels: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` random (anchor, positive, negative) index triples."""
    a = rng.integers(0, len(labels), size=n)
    same = labels[None, :] == labels[a][:, None]
    same[np.arange(n), a] = False
    # a random member of the anchor's class (other than itself), and of another class
    pos = np.argmax(rng.random(same.shape) * same, axis=1)
    neg = np.argmax(rng.random(same.shape) * ~(labels[None, :] == labels[a][:, None]), axis=1)
    return np.stack([a, pos, neg], axis=1)


def train_triplet_embedding(X: np.ndarray, labels: np.ndarray, *, margin: float,
                            n_dims: int = 2, n_steps: int = 200, batch: int = 128,
                            lr: float = 0.5, seed: int = 0) -> TripletTrainingResult:
    """Train a small embedding ``f(x) = (x W + b) / |x W + b|`` with the triplet loss (torch).

    The embedding is linear, then scaled to unit length (as in FaceNet), so all points lie on
    the unit sphere and squared distances are at most 4: a margin near 4 can never be met by
    most triplets, which then stay active for good. Each step draws a batch of random
    triplets, takes the mean triplet loss and a plain SGD step.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    labels : ndarray of shape (n_samples,) of ints
        Classes; each needs at least two members.
    margin : float >= 0
    n_dims, n_steps, batch : int
    lr : float
    seed : int
        Seeds both the weights (``torch.Generator``) and the triplet sampling.

    Returns
    -------
    TripletTrainingResult

    Examples
    --------
    >>> X = np.array([[0.0, 0.0], [0.1, 0.0], [3.0, 3.0], [3.1, 3.0]])
    >>> res = train_triplet_embedding(X, np.array([0, 0, 1, 1]), margin=0.5, n_steps=3, batch=4)
    >>> res.embedding.shape, bool(np.allclose(np.linalg.norm(res.embedding, axis=1), 1.0))
    ((4, 2), True)
    """
    import torch

    X = check_array(X, "X", ndim=2, shape_doc="(n_samples, n_features)")
    labels = check_array(labels, "labels", dtype="int", shape=(len(X),), shape_doc="(n_samples,)")
    _, counts = np.unique(labels, return_counts=True)
    if len(counts) < 2 or counts.min() < 2:
        raise ValueError("labels must contain at least two classes with at least two samples "
                         f"each; got class sizes {counts.tolist()}")
    margin = _alpha(margin)
    n_dims = check_int(n_dims, "n_dims", low=1, high=MAX_EMBEDDING_DIMS)
    n_steps = check_int(n_steps, "n_steps", low=1, high=MAX_TRAINING_STEPS)
    batch = check_int(batch, "batch", low=1)
    if batch * len(X) > MAX_TRIPLET_TABLE:
        raise ValueError(f"batch must be at most {MAX_TRIPLET_TABLE // len(X):,} for "
                         f"{len(X)} samples (each step draws its triplets from a batch x "
                         f"n_samples table, at most {MAX_TRIPLET_TABLE:.0e} entries); got "
                         f"{batch:,}")
    lr = check_scalar(lr, "lr", low=0, include_low=False)
    seed = check_int(seed, "seed", low=0)
    rng = check_rng(seed)
    gen = torch.Generator().manual_seed(seed)
    Xt = torch.as_tensor(X, dtype=torch.float64)
    W = (torch.randn(X.shape[1], n_dims, generator=gen, dtype=torch.float64)
         / X.shape[1] ** 0.5).requires_grad_()
    b = torch.zeros(n_dims, dtype=torch.float64, requires_grad=True)
    losses, active = np.empty(n_steps), np.empty(n_steps)
    for i in range(n_steps):
        idx = torch.as_tensor(_sample_triplets(labels, batch, rng))
        E = torch.nn.functional.normalize(Xt @ W + b, dim=1)
        A, P, N = E[idx[:, 0]], E[idx[:, 1]], E[idx[:, 2]]
        per = torch.clamp(((A - P) ** 2).sum(1) - ((A - N) ** 2).sum(1) + margin, min=0)
        loss = per.mean()
        gW, gb = torch.autograd.grad(loss, [W, b])
        with torch.no_grad():
            W -= lr * gW
            b -= lr * gb
        losses[i], active[i] = float(loss.detach()), float((per > 0).double().mean())
    with torch.no_grad():
        emb = torch.nn.functional.normalize(Xt @ W + b, dim=1).numpy()
    return TripletTrainingResult(margin=margin, embedding=emb, losses=losses,
                                 active_fraction=active)


def embedding_quality(E: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """Two summaries of an embedding: distance ratio and nearest-neighbour accuracy.

    Parameters
    ----------
    E : ndarray of shape (n_samples, n_dims)
    labels : ndarray of shape (n_samples,)

    Returns
    -------
    ratio : float
        Mean distance between points of different classes divided by the mean distance
        between points of the same class (larger: tighter, better separated clusters).
    nn_accuracy : float
        Leave-one-out accuracy of the 1-nearest-neighbour classifier in the embedding.

    Examples
    --------
    >>> E = np.array([[0.0], [0.1], [5.0], [5.1]])
    >>> ratio, acc = embedding_quality(E, np.array([0, 0, 1, 1]))
    >>> round(ratio, 1), acc
    (50.0, 1.0)
    """
    E = check_array(E, "E", ndim=2, shape_doc="(n_samples, n_dims)")
    labels = check_array(labels, "labels", dtype="int", shape=(len(E),),
                         shape_doc="(n_samples,)")
    same = labels[:, None] == labels[None, :]
    np.fill_diagonal(same, False)
    diff = labels[:, None] != labels[None, :]
    if not same.any() or not diff.any():
        raise ValueError("labels must contain at least two classes and a class with two "
                         f"samples; got {np.unique(labels).tolist()}")
    D = np.sqrt(sq_distances(E))
    ratio = float(D[diff].mean() / D[same].mean())
    np.fill_diagonal(D, np.inf)
    return ratio, float(np.mean(labels[D.argmin(axis=1)] == labels))


# --- 0–1 loss: risk surface and exhaustive ERM --------------------------------------------------
def _binary_data(X: Any, t: Any) -> tuple[np.ndarray, np.ndarray]:
    X = check_array(X, "X", ndim=2, shape_doc="(n_samples, n_features)")
    t = check_array(t, "t", shape=(len(X),), shape_doc="(n_samples,)")
    return X, check_pm1_labels(t, "t")


def zero_one_risk(W: np.ndarray, X: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Empirical 0–1 risk of many linear classifiers at once.

    Parameters
    ----------
    W : ndarray of shape (n_classifiers, n_features + 1)
        Weights with the bias last: the classifier is ``sign(x · W[j, :-1] + W[j, -1])``.
    X : ndarray of shape (n_samples, n_features)
    t : ndarray of shape (n_samples,) with values in {-1, +1}

    Returns
    -------
    ndarray of shape (n_classifiers,)
        Fraction of samples with margin ``<= 0``.

    Examples
    --------
    >>> X, t = np.array([[-1.0], [1.0]]), np.array([-1.0, 1.0])
    >>> zero_one_risk(np.array([[1.0, 0.0], [-1.0, 0.0], [1.0, 5.0]]), X, t).tolist()
    [0.0, 1.0, 0.5]
    """
    X, t = _binary_data(X, t)
    W = check_array(W, "W", ndim=2, shape=(None, X.shape[1] + 1),
                    shape_doc=f"(n_classifiers, n_features + 1) = (any, {X.shape[1] + 1})")
    M = t[None, :] * (W[:, :-1] @ X.T + W[:, -1:])
    return (M <= 0).mean(axis=1)


def zero_one_erm_labelings(n: int) -> np.ndarray:
    """All ``2**n`` labelings of ``n`` points as rows of -1/+1 (``int8``).

    Examples
    --------
    >>> zero_one_erm_labelings(2).tolist()
    [[-1, -1], [1, -1], [-1, 1], [1, 1]]
    """
    n = check_int(n, "n", low=1, high=24)
    return 2 * bit_patterns(n, msb_first=False, dtype=np.int8) - 1


def _separable(X: np.ndarray, s: np.ndarray) -> np.ndarray | None:
    """Weights (bias last) with ``s_i (w·x_i + b) >= 1`` for all i, or None: the LP of
    :func:`course_lib.units.separating_unit`."""
    unit = separating_unit(X, s > 0)
    return None if unit is None else np.append(unit[0], unit[1])


@dataclass
class ERMResult:
    """What :func:`exhaustive_zero_one_erm` returns.

    Attributes
    ----------
    n_errors : int
        The smallest number of training mistakes any linear classifier makes.
    w : ndarray of shape (n_features + 1,)
        A classifier reaching it (bias last).
    n_labelings : int
        Labelings enumerated: ``2**n_samples``.
    n_lp : int
        Separability tests (linear programs) solved before the answer was certain.
    """

    n_errors: int
    w: np.ndarray
    n_labelings: int
    n_lp: int

    def __repr__(self) -> str:
        return (f"ERMResult(n_errors={self.n_errors}, n_labelings={self.n_labelings}, "
                f"n_lp={self.n_lp})")


def exhaustive_zero_one_erm(X: np.ndarray, t: np.ndarray) -> ERMResult:
    """Minimise the 0–1 training error of a linear classifier by brute force.

    On n points a classifier is known by the labeling it gives them, so the search is over all
    ``2**n`` labelings: sort them by how many labels they flip, and take the first one that a
    hyperplane can produce (a linear program decides). The enumeration alone costs
    ``O(n 2**n)``. (In a *fixed* dimension d only ``O(n**d)`` labelings are linearly
    realisable and cleverer algorithms are polynomial in n; the NP-hardness of 0–1 ERM for
    halfspaces is for the dimension growing with the data.)

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        At most 22 samples.
    t : ndarray of shape (n_samples,) with values in {-1, +1}

    Returns
    -------
    ERMResult

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> exhaustive_zero_one_erm(X, np.array([-1.0, 1.0, -1.0, 1.0])).n_errors
    1
    """
    X, t = _binary_data(X, t)
    n = check_int(len(X), "the number of samples", low=1, high=22)
    S = zero_one_erm_labelings(n)
    flips = (S != t[None, :].astype(np.int8)).sum(axis=1)
    order = np.argsort(flips, kind="stable")
    for n_lp, j in enumerate(order, start=1):
        w = _separable(X, S[j].astype(np.float64))
        if w is not None:
            return ERMResult(n_errors=int(flips[j]), w=w, n_labelings=len(S), n_lp=n_lp)
    raise AssertionError("unreachable: a constant labeling is always separable")  # pragma: no cover


# --- a line fitted under each regression loss -------------------------------------------
def fit_line(x: np.ndarray, y: np.ndarray, loss: str = "mse", *, delta: float = 1.0,
             tau: float = 0.5) -> tuple[float, float]:
    """Fit ``y ≈ slope * x + intercept`` by minimising the mean of a regression loss.

    MSE: least squares. MAE and quantile: a linear program (exact; their minimum sits at a
    kink, where gradient methods stall). Huber and log-cosh: L-BFGS with the gradients of this
    module, started from the least-squares line.

    Parameters
    ----------
    x, y : ndarray of shape (n_samples,)
    loss : {"mse", "mae", "huber", "log_cosh", "quantile"}
    delta : float
        Huber's delta.
    tau : float
        The quantile.

    Returns
    -------
    slope, intercept : float

    Examples
    --------
    >>> x = np.arange(6.0)
    >>> y = 2 * x + 1
    >>> y[5] = 100.0                             # one outlier
    >>> [round(v, 3) for v in fit_line(x, y, "mae")]
    [2.0, 1.0]
    """
    from scipy.optimize import linprog, minimize

    x = check_array(x, "x", ndim=1, shape_doc="(n_samples,)")
    y = check_array(y, "y", shape=x.shape, shape_doc=f"(n_samples,) = {x.shape}")
    if len(x) < 2 or np.ptp(x) == 0:
        raise ValueError(f"x must hold at least two distinct values; got {describe(x)}")
    loss = check_choice(loss, "loss", ["mse", "mae", "huber", "log_cosh", "quantile"])
    delta, tau = _delta(delta), _tau(tau)
    A = np.column_stack([x, np.ones_like(x)])
    beta = np.linalg.lstsq(A, y, rcond=None)[0]
    if loss in ("mae", "quantile"):
        q = 0.5 if loss == "mae" else tau
        n = len(x)
        # variables: slope, intercept, u+ (n), u- (n); y - A beta = u+ - u-
        c = np.concatenate([[0.0, 0.0], np.full(n, q), np.full(n, 1.0 - q)])
        A_eq = np.hstack([A, np.eye(n), -np.eye(n)])
        bounds = [(None, None)] * 2 + [(0, None)] * (2 * n)
        res = linprog(c, A_eq=A_eq, b_eq=y, bounds=bounds, method="highs")
        beta = res.x[:2]
    elif loss in ("huber", "log_cosh"):
        def objective(b: np.ndarray) -> tuple[float, np.ndarray]:
            pred = A @ b
            if loss == "huber":
                return huber(y, pred, delta), A.T @ huber_grad(y, pred, delta)
            return log_cosh(y, pred), A.T @ log_cosh_grad(y, pred)
        beta = minimize(objective, beta, jac=True, method="L-BFGS-B",
                        options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 1000}).x
    return float(beta[0]), float(beta[1])


CONTAMINATIONS = ("none", "y at random x", "y at the largest x", "one leverage point")


def contaminated_slopes(kind: str, n_seeds: int = 20,
                        losses: tuple[str, ...] = ("mse", "mae", "huber", "log_cosh"), *,
                        n: int = 40, n_outliers: int = 8, shift: float = 25.0,
                        leverage_x: float = 100.0) -> np.ndarray:
    """Slopes fitted by :func:`fit_line` on noisy lines ``y = 2x + 1`` spoilt in one of four ways.

    Separates the two things a "robust" loss could be robust to. Every data set has ``n``
    points with ``x`` uniform in [0, 10] and unit Gaussian noise, seeded by its index; then

    - ``"none"``: nothing changes (the control);
    - ``"y at random x"``: ``n_outliers`` points chosen at random are pulled down by ``shift``
      (outliers in y only);
    - ``"y at the largest x"``: the ``n_outliers`` points with the largest x are pulled down
      (outliers in y that also sit where a point has the most leverage on the slope);
    - ``"one leverage point"``: a single point is moved to ``x = leverage_x``, far outside
      [0, 10], with ``y = 1`` (the line says ``2 leverage_x + 1``).

    MAE, Huber and log-cosh cap the pull of a large *residual*; none of them limits the pull
    a point gets from its position in x. Used by lesson 05 (D29).

    Parameters
    ----------
    kind : {"none", "y at random x", "y at the largest x", "one leverage point"}
    n_seeds : int
        Independent data sets (seeds 0 .. n_seeds - 1).
    losses : tuple of str
        Losses understood by :func:`fit_line`.
    n, n_outliers : int
    shift, leverage_x : float

    Returns
    -------
    ndarray of shape (n_seeds, len(losses))
        The fitted slopes (the true slope is 2).

    Examples
    --------
    >>> s = contaminated_slopes("y at random x", n_seeds=3, losses=("mse", "mae"))
    >>> s.shape, bool(np.all(np.abs(s[:, 1] - 2) < 0.3))
    ((3, 2), True)
    """
    from threadpoolctl import threadpool_limits

    kind = check_choice(kind, "kind", list(CONTAMINATIONS))
    n_seeds = check_int(n_seeds, "n_seeds", low=1, high=10_000)
    n = check_int(n, "n", low=3, high=100_000)   # points per line: a fit is a small optimisation
    n_outliers = check_int(n_outliers, "n_outliers", low=0, high=n)
    shift = check_scalar(shift, "shift")
    leverage_x = check_scalar(leverage_x, "leverage_x")
    if not isinstance(losses, tuple | list) or not losses:
        raise TypeError(f"losses must be a non-empty tuple of loss names; got {describe(losses)}")
    losses = tuple(check_choice(name, "losses", ["mse", "mae", "huber", "log_cosh", "quantile"])
                   for name in losses)
    slopes = np.empty((n_seeds, len(losses)))
    # one BLAS thread: the fits are tiny, and on a busy machine threads only wait for each other
    with threadpool_limits(1):
        for seed in range(n_seeds):
            rng = np.random.default_rng(seed)
            x = rng.uniform(0, 10, n)
            y = 2 * x + 1 + rng.normal(size=n)
            if kind == "y at random x":
                y[rng.choice(n, n_outliers, replace=False)] -= shift
            elif kind == "y at the largest x":
                y[np.argsort(x)[n - n_outliers:]] -= shift
            elif kind == "one leverage point":
                x[0], y[0] = leverage_x, 1.0
            slopes[seed] = [fit_line(x, y, name)[0] for name in losses]
    return slopes
