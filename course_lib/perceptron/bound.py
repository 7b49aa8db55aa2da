"""The perceptron convergence bound: margin and radius, Novikoff's bound, many perceptrons
trained at once, and the mistakes-versus-bound experiment.

Part of :mod:`course_lib.perceptron` (lesson ``01_perceptron``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..datasets import make_separable
from ..units import add_bias
from ..validation import check_array, check_bool, check_int, check_pm1_labels, check_scalar


# --- the convergence bound -------------------------------------------------------------------
def margin_and_radius(X: np.ndarray, t: np.ndarray, u: np.ndarray
                      ) -> tuple[float, float] | tuple[np.ndarray, np.ndarray]:
    """Margin ``gamma = min_i t_i (u·x_i) / |u|`` and radius ``R = max_i |x_i|``.

    Both are measured in the space the perceptron works in: if it learns a bias, pass the
    inputs *with the constant 1 appended* and ``u`` including the bias weight. ``R`` is the
    distance from the origin of that space, not from the data's mean.

    Vectorised over data sets as well: with a leading trials axis on ``X``, ``t`` and ``u``
    it returns one margin and one radius per data set (what :func:`bound_experiment` needs).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features) or (n_trials, n_samples, n_features)
    t : ndarray of shape (n_samples,) or (n_trials, n_samples), values in {-1, +1}
    u : ndarray of shape (n_features,) or (n_trials, n_features)
        Any separating direction (normalised here).

    Returns
    -------
    gamma, R : float, or ndarrays of shape (n_trials,)

    Examples
    --------
    >>> X = np.array([[1.0, 1.0], [-2.0, 0.0]])
    >>> margin_and_radius(X, np.array([1, -1]), np.array([1.0, 0.0]))
    (1.0, 2.0)
    >>> g, R = margin_and_radius(np.stack([X, 2 * X]), [[1, -1], [1, -1]], [[1.0, 0], [1.0, 0]])
    >>> g.tolist(), R.tolist()
    ([1.0, 2.0], [2.0, 4.0])
    """
    X = check_array(X, "X", ndim=(2, 3), shape_doc="(n_samples, n_features) or "
                    "(n_trials, n_samples, n_features)")
    lead = X.shape[:-1]
    doc = "(n_samples,)" if X.ndim == 2 else "(n_trials, n_samples)"
    t = check_array(t, "t", shape=lead,
                    shape_doc=f"{doc} = {lead}, the same number of samples as X")
    t = check_pm1_labels(t, "t")
    u = check_array(u, "u", shape=(*lead[:-1], X.shape[-1]),
                    shape_doc=f"{(*lead[:-1], X.shape[-1])} (one direction per data set)")
    norm = np.linalg.norm(u, axis=-1)
    if np.any(norm == 0):
        raise ValueError("u must be a nonzero vector; got all zeros")
    gamma = np.min(t * np.einsum("...nd,...d->...n", X, u), axis=-1) / norm
    R = np.max(np.linalg.norm(X, axis=-1), axis=-1)
    if X.ndim == 2:
        return float(gamma), float(R)
    return gamma, R


def mistake_bound(X: np.ndarray, t: np.ndarray, u: np.ndarray) -> float:
    """Novikoff's bound ``(R / gamma)^2`` on the perceptron's number of mistakes.

    Holds for the perceptron started at ``w = 0`` (any learning rate, any order of samples,
    any number of epochs) on data that ``u`` separates with margin ``gamma > 0``; see
    :func:`margin_and_radius` for what R and gamma are measured against.

    Raises
    ------
    ValueError
        If ``u`` does not separate the data (``gamma <= 0``).

    Examples
    --------
    >>> X = np.array([[1.0, 1.0], [-2.0, 0.0]])
    >>> mistake_bound(X, np.array([1, -1]), np.array([3.0, 0.0]))
    4.0
    """
    gamma, R = margin_and_radius(X, t, u)
    if gamma <= 0:
        raise ValueError(f"u must separate the data (t * u·x > 0 for every sample); "
                         f"the smallest t * u·x/|u| is {gamma:.3g}")
    return (R / gamma) ** 2


# --- many perceptrons at once ----------------------------------------------------------------
@dataclass
class TrialsResult:
    """Outcome of :func:`perceptron_trials`.

    Attributes
    ----------
    W : ndarray of shape (n_trials, n_weights)
        Final weights.
    mistakes : ndarray of shape (n_trials,)
        Number of updates each perceptron made.
    epochs : ndarray of shape (n_trials,)
        Epochs run until the first epoch without a mistake (that epoch included).
    converged : ndarray of bool, shape (n_trials,)
        Whether an epoch without a mistake happened within ``max_epochs``.
    """

    W: np.ndarray
    mistakes: np.ndarray
    epochs: np.ndarray
    converged: np.ndarray

    def __repr__(self) -> str:
        return (f"TrialsResult(n_trials={len(self.W)}, converged={int(self.converged.sum())}, "
                f"mistakes: median {np.median(self.mistakes):g}, max {self.mistakes.max()})")


def perceptron_trials(X: np.ndarray, t: np.ndarray, *, eta: float = 1.0,
                      max_epochs: int = 1000) -> TrialsResult:
    """Train one perceptron per data set, all data sets at once (vectorised over trials).

    Exactly the online algorithm (samples in order, epoch after epoch, from ``w = 0``, until an
    epoch without a mistake or ``max_epochs``), computed by jumping from mistake to mistake:
    each iteration evaluates every trial's whole data set with its current weights in one
    array operation, moves each trial to its next mistake in sample order (wrapping into the
    next epoch) and applies that update. Samples in between are correct under the current
    weights, so skipping them changes nothing. The loop runs once per mistake of the busiest
    trial, not once per sample, and finished trials leave the working set.

    Parameters
    ----------
    X : ndarray of shape (n_trials, n_samples, n_weights)
        Inputs (append the constant 1 with :func:`add_bias` to learn a bias).
    t : ndarray of shape (n_trials, n_samples)
        Labels in {-1, +1}.
    eta : float
        Learning rate. From ``w = 0`` it only scales ``w``, so mistakes do not depend on it.
    max_epochs : int

    Returns
    -------
    TrialsResult

    Examples
    --------
    >>> from course_lib.datasets import make_separable
    >>> data = make_separable(40, 2, margin=0.2, n_trials=100, random_state=0)
    >>> res = perceptron_trials(data.X, 2.0 * data.y - 1)
    >>> bool(res.converged.all())
    True
    """
    X = check_array(X, "X", ndim=3, shape_doc="(n_trials, n_samples, n_weights)")
    T, n, d = X.shape
    t = check_array(t, "t", shape=(T, n),
                    shape_doc=f"(n_trials, n_samples) = ({T}, {n}), the first two axes of X")
    t = check_pm1_labels(t, "t")
    eta = check_scalar(eta, "eta", low=0, include_low=False)
    max_epochs = check_int(max_epochs, "max_epochs", low=1)

    W_out = np.zeros((T, d))
    mistakes_out = np.zeros(T, dtype=np.int64)
    epochs_out = np.full(T, max_epochs, dtype=np.int64)
    converged_out = np.zeros(T, dtype=bool)

    # working set: the trials still running; finished rows are dropped once half are done
    rows = np.arange(T)                        # original trial of each working row
    live = np.ones(T, dtype=bool)
    tX = t[..., None] * X                      # labels folded in: a mistake is tX·w <= 0
    W = np.zeros((T, d))
    pos = np.full(T, -1)                       # sample of the last update, within its epoch
    epoch = np.zeros(T, dtype=np.int64)        # 0-based epoch of that update
    mistakes = np.zeros(T, dtype=np.int64)
    samples = np.arange(n)
    while live.any():
        if live.sum() <= len(live) // 2:
            keep = live
            rows, tX, W = rows[keep], tX[keep], W[keep]
            pos, epoch, mistakes, live = pos[keep], epoch[keep], mistakes[keep], live[keep]
        wrong = np.matmul(tX, W[:, :, None])[:, :, 0] <= 0
        later = wrong & (samples > pos[:, None])  # mistakes after pos in this epoch
        in_epoch = later.any(axis=1)
        has = in_epoch | wrong.any(axis=1)
        # next mistake: the first one after pos, else the first one of the next epoch
        sample = np.where(in_epoch, np.argmax(later, axis=1), np.argmax(wrong, axis=1))
        new_epoch = epoch + ~in_epoch
        # no mistake left: the rest of this epoch and all of the next one are clean
        converged = ~has & (epoch + 2 <= max_epochs)
        finished = live & (~has | (new_epoch >= max_epochs))
        if finished.any():
            r = rows[finished]
            W_out[r], mistakes_out[r] = W[finished], mistakes[finished]
            converged_out[r] = converged[finished]
            epochs_out[r] = np.where(converged[finished], epoch[finished] + 2, max_epochs)
            live &= ~finished
        idx = np.flatnonzero(live)
        W[idx] += eta * tX[idx, sample[idx]]
        pos[idx], epoch[idx] = sample[idx], new_epoch[idx]
        mistakes[idx] += 1
    return TrialsResult(W=W_out, mistakes=mistakes_out, epochs=epochs_out,
                        converged=converged_out)


#: Caps of :func:`bound_experiment` (all data sets are held in memory at once).
MAX_TRIALS_ELEMENTS = 20_000_000  # n_trials * n_samples * n_features: 160 MB of float64


def bound_experiment(margin: float, n_features: int = 2, *, n_samples: int = 100,
                     n_trials: int = 200, fit_bias: bool = False, center: float = 0.0,
                     seed: int = 0) -> dict[str, np.ndarray]:
    """Mistakes of the perceptron vs. Novikoff's bound on many random separable data sets.

    Data sets come from :func:`course_lib.datasets.make_separable` (radius 1, all trials at
    once), perceptrons from :func:`perceptron_trials`, margins and radii from
    :func:`margin_and_radius`. With ``fit_bias=True`` the constant 1 is appended and the
    bound is measured in that augmented space, against the separator ``(u, b)``, as the
    theorem requires. Used in ``notebooks/01_perceptron.ipynb`` and its widget.

    Parameters
    ----------
    margin : float
        Margin of the generated data (0 < margin < 1).
    n_features : int
    n_samples, n_trials : int
        ``n_trials * n_samples * n_features <= MAX_TRIALS_ELEMENTS``.
    fit_bias : bool
    center : float
        Every coordinate of the data's centre (only with ``fit_bias=True``).
    seed : int

    Returns
    -------
    dict with ``mistakes``, ``bound``, ``gamma``, ``R``, ``converged`` (arrays of shape
    (n_trials,)), the data ``X`` (n_trials, n_samples, n_features), ``t`` and the separators
    ``u`` (n_trials, n_features).

    Examples
    --------
    >>> res = bound_experiment(0.2, n_trials=50)
    >>> bool(np.all(res["mistakes"] <= res["bound"]))
    True
    """
    margin = check_scalar(margin, "margin", low=0, high=1, include_low=False, include_high=False)
    n_features = check_int(n_features, "n_features", low=1, high=MAX_TRIALS_ELEMENTS)
    n_samples = check_int(n_samples, "n_samples", low=1, high=MAX_TRIALS_ELEMENTS)
    n_trials = check_int(n_trials, "n_trials", low=1, high=MAX_TRIALS_ELEMENTS)
    if n_trials * n_samples * n_features > MAX_TRIALS_ELEMENTS:
        raise ValueError(f"n_trials * n_samples * n_features must be at most "
                         f"{MAX_TRIALS_ELEMENTS:,} (all data sets are held in memory at once, "
                         f"{8 * MAX_TRIALS_ELEMENTS // 10**6} MB); got {n_trials} * {n_samples} "
                         f"* {n_features}")
    fit_bias = check_bool(fit_bias, "fit_bias")
    center = check_scalar(center, "center")
    seed = check_int(seed, "seed", low=0)
    if not fit_bias and center != 0:
        raise ValueError("center must be 0 when fit_bias is False: a perceptron without a bias "
                         f"cannot separate data whose boundary misses the origin; got {center}")
    data = make_separable(n_samples, n_features, margin=margin, n_trials=n_trials,
                          center=np.full(n_features, center), random_state=seed)
    t = 2.0 * data.y - 1
    X = add_bias(data.X) if fit_bias else data.X
    U = np.concatenate([data.u, data.b[:, None]], axis=1) if fit_bias else data.u
    res = perceptron_trials(X, t, max_epochs=100_000)
    gamma, R = margin_and_radius(X, t, U)
    return {"mistakes": res.mistakes, "bound": (R / gamma) ** 2, "gamma": gamma, "R": R,
            "X": data.X, "t": t, "u": data.u, "converged": res.converged}
