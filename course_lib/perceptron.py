"""Neurons and the perceptron (lesson ``01_perceptron``).

Units, learning rules and the perceptron convergence bound, vectorised where the lesson
repeats something: :func:`perceptron_trials` runs many independent perceptrons at once (one
per data set), which is what the mistakes-versus-bound experiment needs.

Conventions
-----------
* Labels for the learning rules are ``t`` in {-1, +1}; the estimators accept any two labels
  (``classes_[1]`` is the positive class).
* The bias is folded into the weights: :func:`add_bias` appends a constant 1 to every input,
  so ``w·x̃ = w[:-1]·x + w[-1]``.
* A mistake is ``t * (w·x̃) <= 0``: a point exactly on the boundary counts as a mistake. This is
  the convention of the convergence proof and of scikit-learn's ``Perceptron``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from .units import add_bias, separating_unit, sigmoid, step
from .validation import (
    check_array,
    check_binary_labels,
    check_choice,
    check_int,
    check_rng,
    check_same_length,
    check_scalar,
)

__all__ = [
    "Adaline",
    "Perceptron",
    "TrialsResult",
    "adaline_update",
    "add_bias",
    "count_separable_labelings",
    "cover_count",
    "hebbian_run",
    "is_linearly_separable",
    "margin_and_radius",
    "mistake_bound",
    "perceptron_trials",
    "perceptron_update",
    "separating_unit",
    "sigmoid",
    "sigmoid_unit",
    "step",
    "threshold_unit",
]


# --- units (the building blocks live in course_lib.units) ------------------------------
def _unit_inputs(X, w, b):
    X = check_array(X, "X", ndim=2, shape_doc="(n_samples, n_features)")
    w = check_array(w, "w", shape=(X.shape[1],), shape_doc=f"(n_features,) = ({X.shape[1]},)")
    b = check_scalar(b, "b")
    return X @ w + b


def threshold_unit(X: np.ndarray, w: np.ndarray, b: float = 0.0) -> np.ndarray:
    """McCulloch–Pitts threshold unit ``[w·x + b >= 0]`` on each row of ``X``.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    w : ndarray of shape (n_features,)
    b : float

    Returns
    -------
    ndarray of shape (n_samples,) with values 0.0 or 1.0

    Examples
    --------
    >>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    >>> threshold_unit(X, np.array([1.0, 1.0]), b=-1.5).tolist()   # AND
    [0.0, 0.0, 0.0, 1.0]
    """
    return step(_unit_inputs(X, w, b))


def sigmoid_unit(X: np.ndarray, w: np.ndarray, b: float = 0.0) -> np.ndarray:
    """Soft threshold ``sigmoid(w·x + b)``: read as the probability that the unit fires.

    Examples
    --------
    >>> sigmoid_unit(np.array([[0.0, 0.0]]), np.array([1.0, 1.0])).tolist()
    [0.5]
    """
    return sigmoid(_unit_inputs(X, w, b))


# --- learning rules (one sample) -----------------------------------------------------------
def _rule_inputs(w, x, t, eta, *, t_pm1=True):
    w = check_array(w, "w", ndim=1, shape_doc="(n_weights,)")
    x = check_array(x, "x", shape=(len(w),), shape_doc=f"(n_weights,) = ({len(w)},)")
    t = check_scalar(t, "t")
    if t_pm1 and t not in (-1.0, 1.0):
        raise ValueError(f"t must be -1 or +1; got {t!r}")
    eta = check_scalar(eta, "eta", low=0, include_low=False)
    return w, x, t, eta


def perceptron_update(w: np.ndarray, x: np.ndarray, t: float, eta: float = 1.0) -> np.ndarray:
    """One step of the perceptron rule: on a mistake ``w + eta * t * x``, else ``w``.

    With labels d and outputs y in {0, 1} the lecture writes ``w += eta * (d - y) * x``; on a
    mistake ``d - y`` is ±1, the same as ``t`` here. A point on the boundary (``w·x = 0``)
    counts as a mistake.

    Parameters
    ----------
    w : ndarray of shape (n_weights,)
        Current weights (bias folded in as the last weight).
    x : ndarray of shape (n_weights,)
        One input with the constant 1 appended.
    t : {-1, +1}
        Its label.
    eta : float
        Learning rate (> 0).

    Returns
    -------
    ndarray of shape (n_weights,)
        New weights (the input ``w`` is not modified).

    Examples
    --------
    >>> perceptron_update(np.zeros(3), np.array([1.0, 2.0, 1.0]), t=-1).tolist()
    [-1.0, -2.0, -1.0]
    """
    w, x, t, eta = _rule_inputs(w, x, t, eta)
    if t * (w @ x) <= 0:
        return w + eta * t * x
    return w.copy()


def adaline_update(w: np.ndarray, x: np.ndarray, t: float, eta: float = 0.01) -> np.ndarray:
    """One step of ADALINE / LMS: ``w + eta * (t - w·x) * x`` (stochastic gradient of
    ``(t - w·x)^2 / 2``). It uses the real-valued output, so it updates on every sample.

    Parameters
    ----------
    w, x : ndarray of shape (n_weights,)
    t : float
        Target (for classification, -1 or +1).
    eta : float

    Returns
    -------
    ndarray of shape (n_weights,)

    Examples
    --------
    >>> adaline_update(np.zeros(2), np.array([1.0, 1.0]), t=1.0, eta=0.5).tolist()
    [0.5, 0.5]
    """
    w, x, t, eta = _rule_inputs(w, x, t, eta, t_pm1=False)
    return w + eta * (t - w @ x) * x


def hebbian_run(X: np.ndarray, w0: np.ndarray, *, eta: float = 0.01, n_epochs: int = 20,
                rule: str = "hebb") -> np.ndarray:
    """Run a Hebbian rule over ``X`` for some epochs; return the weight norm after each step.

    ``rule="hebb"``: ``w += eta * y * x`` with ``y = w·x`` — the norm grows without bound
    (geometrically, at a rate set by the largest eigenvalue of ``X.T @ X / n``).
    ``rule="oja"``: ``w += eta * y * (x - y * w)`` — Oja's decay term keeps ``|w|`` near 1 and
    ``w`` turns toward the first principal component.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    w0 : ndarray of shape (n_features,)
    eta : float
    n_epochs : int
    rule : {"hebb", "oja"}

    Returns
    -------
    norms : ndarray of shape (n_epochs * n_samples + 1,)
        ``|w|`` at the start and after every step.

    Examples
    --------
    A step on the first sample multiplies w[0] by 1.5, one on the second w[1] by 1.125:

    >>> X = np.array([[1.0, 0.0], [0.0, 0.5]])
    >>> hebbian_run(X, np.array([1.0, 1.0]), eta=0.5, n_epochs=3).round(2).tolist()
    [1.41, 1.8, 1.88, 2.52, 2.58, 3.6, 3.66]
    """
    X = check_array(X, "X", ndim=2, shape_doc="(n_samples, n_features)")
    w = check_array(w0, "w0", shape=(X.shape[1],), shape_doc="(n_features,)", copy=True)
    eta = check_scalar(eta, "eta", low=0, include_low=False)
    n_epochs = check_int(n_epochs, "n_epochs", low=1)
    rule = check_choice(rule, "rule", ["hebb", "oja"])
    norms = [np.linalg.norm(w)]
    for _ in range(n_epochs):
        for x in X:
            y = w @ x
            w += eta * y * (x - y * w) if rule == "oja" else eta * y * x
            norms.append(np.linalg.norm(w))
    return np.asarray(norms)


# --- the convergence bound -------------------------------------------------------------------
def margin_and_radius(X: np.ndarray, t: np.ndarray, u: np.ndarray) -> tuple[float, float]:
    """Margin ``gamma = min_i t_i (u·x_i) / |u|`` and radius ``R = max_i |x_i|``.

    Both are measured in the space the perceptron works in: if it learns a bias, pass the
    inputs *with the constant 1 appended* and ``u`` including the bias weight. ``R`` is the
    distance from the origin of that space, not from the data's mean.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    t : ndarray of shape (n_samples,) with values in {-1, +1}
    u : ndarray of shape (n_features,)
        Any separating direction (normalised here).

    Returns
    -------
    gamma, R : float

    Examples
    --------
    >>> X = np.array([[1.0, 1.0], [-2.0, 0.0]])
    >>> margin_and_radius(X, np.array([1, -1]), np.array([1.0, 0.0]))
    (1.0, 2.0)
    """
    X = check_array(X, "X", ndim=2, shape_doc="(n_samples, n_features)")
    t = check_array(t, "t", ndim=1, shape_doc="(n_samples,)")
    check_same_length(X, "X", t, "t")
    if not np.isin(t, (-1.0, 1.0)).all():
        raise ValueError(f"t must contain only -1 and +1; got values {np.unique(t)[:5].tolist()}")
    u = check_array(u, "u", shape=(X.shape[1],), shape_doc=f"(n_features,) = ({X.shape[1]},)")
    norm = np.linalg.norm(u)
    if norm == 0:
        raise ValueError("u must be a nonzero vector; got all zeros")
    gamma = float(np.min(t * (X @ u)) / norm)
    return gamma, float(np.max(np.linalg.norm(X, axis=1)))


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


# --- what one unit can do: separability by linear programming ---------------------------------
def is_linearly_separable(X: np.ndarray, y: np.ndarray) -> bool:
    """Whether one threshold unit puts the two classes strictly on either side
    (:func:`separating_unit` finds one). A labelling with one class only counts as separable.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
        At most two distinct labels.

    Examples
    --------
    >>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    >>> is_linearly_separable(X, [0, 0, 0, 1]), is_linearly_separable(X, ["a", "b", "b", "a"])
    (True, False)
    """
    X = check_array(X, "X", ndim=2, shape_doc="(n_samples, n_features)")
    y = np.asarray(y)
    if y.shape != (len(X),):
        raise ValueError(f"y must have shape (n_samples,) = ({len(X)},); got shape {y.shape}")
    if len(np.unique(y)) == 1:
        return True
    _, t = check_binary_labels(y, "y")
    return separating_unit(X, t > 0) is not None


def count_separable_labelings(X: np.ndarray) -> int:
    """Count, by trying all ``2**n`` labelings, how many a single threshold unit can realise.

    Exponential on purpose: it shows why "try every subset" is hopeless. ``n <= 14``.

    Examples
    --------
    >>> count_separable_labelings(np.array([[0, 0], [0, 1], [1, 0], [1, 1]]))  # all but XOR, XNOR
    14
    """
    X = check_array(X, "X", ndim=2, shape_doc="(n_samples, n_features)")
    n = check_int(len(X), "len(X)", low=1, high=14)
    labels = (np.arange(2**n)[:, None] >> np.arange(n)) & 1
    return int(sum(is_linearly_separable(X, row) for row in labels))


def cover_count(n_samples: int, n_features: int) -> int:
    """Cover's count of labelings of ``n`` points in general position in ``R^d`` that a unit
    with a bias realises: ``2 * sum_{k=0}^{d} C(n - 1, k)``.

    Examples
    --------
    >>> cover_count(4, 2), 2**4
    (14, 16)
    """
    from math import comb

    n = check_int(n_samples, "n_samples", low=1)
    d = check_int(n_features, "n_features", low=1)
    return 2 * sum(comb(n - 1, k) for k in range(d + 1))


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
    t = check_array(t, "t", shape=(T, n), shape_doc=f"(n_trials, n_samples) = ({T}, {n})")
    if not np.isin(t, (-1.0, 1.0)).all():
        raise ValueError(f"t must contain only -1 and +1; got values {np.unique(t)[:5].tolist()}")
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


# --- estimators (scikit-learn contract) ------------------------------------------------------
class _LinearUnit(ClassifierMixin, BaseEstimator):
    """Shared validation and prediction of the two linear-unit classifiers."""

    def _validate_fit(self, X, y):
        X = check_array(X, "X", ndim=2, shape_doc="(n_samples, n_features)")
        classes, t = check_binary_labels(y, "y")
        check_same_length(X, "X", t, "y")
        self.classes_ = classes
        self.n_features_in_ = X.shape[1]
        Xb = add_bias(X) if self.fit_intercept else X
        return Xb, t

    def _set_weights(self, w):
        if self.fit_intercept:
            self.coef_, self.intercept_ = w[None, :-1].copy(), w[-1:].copy()
        else:
            self.coef_, self.intercept_ = w[None, :].copy(), np.zeros(1)

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        """``w·x + b`` for each row of ``X``; positive means ``classes_[1]``."""
        if not hasattr(self, "coef_"):
            raise RuntimeError(f"this {type(self).__name__} is not fitted yet: call fit(X, y)")
        X = check_array(X, "X", ndim=2, shape=(None, self.n_features_in_),
                        shape_doc=f"(n_samples, {self.n_features_in_})")
        return X @ self.coef_[0] + self.intercept_[0]

    def predict(self, X: np.ndarray) -> np.ndarray:
        """The threshold unit: ``classes_[1]`` where ``w·x + b >= 0``."""
        scores = self.decision_function(X)
        return self.classes_[(scores >= 0).astype(int)]


class Perceptron(_LinearUnit):
    """Rosenblatt's perceptron: online, mistake-driven, with plain / pocket / averaged variants.

    Parameters
    ----------
    eta : float
        Learning rate (> 0).
    max_epochs : int
        Passes over the data; training stops early after an epoch without a mistake.
    variant : {"plain", "pocket", "averaged"}
        "plain" keeps the last weights. "pocket" keeps the weights with the fewest training
        errors seen after any update (Gallant): the practical answer on non-separable data.
        "averaged" returns the average of the weights over all steps (Freund & Schapire).
    fit_intercept : bool
        Learn a bias (folded in as a weight on a constant 1 input).
    shuffle : bool
        Present the samples in a new random order each epoch.
    random_state : int, Generator or None
        Seeds the shuffling.

    Attributes
    ----------
    coef_ : ndarray of shape (1, n_features)
    intercept_ : ndarray of shape (1,)
    classes_ : ndarray of shape (2,)
    n_iter_ : int
        Epochs run.
    mistakes_ : int
        Updates made.
    converged_ : bool
        An epoch ended without a mistake.
    errors_per_epoch_ : ndarray of shape (n_iter_,)
        Training errors of the *current* weights at the end of each epoch (shows cycling).

    Examples
    --------
    >>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    >>> clf = Perceptron().fit(X, [0, 0, 0, 1])     # AND is linearly separable
    >>> clf.predict(X).tolist(), clf.converged_
    ([0, 0, 0, 1], True)
    """

    def __init__(self, eta: float = 1.0, max_epochs: int = 100, variant: str = "plain",
                 fit_intercept: bool = True, shuffle: bool = False, random_state=None):
        self.eta = eta
        self.max_epochs = max_epochs
        self.variant = variant
        self.fit_intercept = fit_intercept
        self.shuffle = shuffle
        self.random_state = random_state

    def fit(self, X: np.ndarray, y: np.ndarray) -> Perceptron:
        """Train on ``X`` (n_samples, n_features) and ``y`` (two classes); return self."""
        eta = check_scalar(self.eta, "eta", low=0, include_low=False)
        max_epochs = check_int(self.max_epochs, "max_epochs", low=1)
        variant = check_choice(self.variant, "variant", ["plain", "pocket", "averaged"])
        Xb, t = self._validate_fit(X, y)
        rng = check_rng(self.random_state)
        n = len(t)
        w = np.zeros(Xb.shape[1])
        w_sum, steps = np.zeros_like(w), 0
        best_w, best_errors = w.copy(), int(np.sum(t * (Xb @ w) <= 0))
        errors_per_epoch, mistakes, converged = [], 0, False
        for _ in range(max_epochs):
            order = rng.permutation(n) if self.shuffle else range(n)
            epoch_mistakes = 0
            for i in order:
                if t[i] * (w @ Xb[i]) <= 0:  # the rule of perceptron_update, inlined for speed
                    w = w + eta * t[i] * Xb[i]
                    epoch_mistakes += 1
                    if variant == "pocket":
                        errors = int(np.sum(t * (Xb @ w) <= 0))
                        if errors < best_errors:
                            best_w, best_errors = w.copy(), errors
                w_sum += w
                steps += 1
            mistakes += epoch_mistakes
            errors_per_epoch.append(int(np.sum(t * (Xb @ w) <= 0)))
            if epoch_mistakes == 0:
                converged = True
                break
        final = {"plain": w, "pocket": best_w, "averaged": w_sum / max(steps, 1)}[variant]
        self._set_weights(final)
        self.n_iter_ = len(errors_per_epoch)
        self.mistakes_ = mistakes
        self.converged_ = converged
        self.errors_per_epoch_ = np.asarray(errors_per_epoch)
        return self


class Adaline(_LinearUnit):
    """ADALINE: a linear unit trained by LMS (stochastic gradient of the squared error on the
    real-valued output ``w·x + b``, targets -1 / +1), thresholded only to predict.

    Parameters
    ----------
    eta : float
        Initial learning rate.
    n_epochs : int
        Passes over the data.
    decay : float
        The learning rate in epoch k (from 0) is ``eta / (1 + decay * k)``; with ``decay > 0``
        the weights settle at the least-squares solution instead of jittering around it.
    fit_intercept : bool
    shuffle : bool
    random_state : int, Generator or None

    Attributes
    ----------
    coef_ : ndarray of shape (1, n_features)
    intercept_ : ndarray of shape (1,)
    classes_ : ndarray of shape (2,)
    loss_curve_ : ndarray of shape (n_epochs,)
        Mean squared error ``mean((t - w·x)^2)`` after each epoch.

    Examples
    --------
    >>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    >>> Adaline(eta=0.1, n_epochs=200, random_state=0).fit(X, [0, 0, 0, 1]).predict(X).tolist()
    [0, 0, 0, 1]
    """

    def __init__(self, eta: float = 0.01, n_epochs: int = 50, decay: float = 0.0,
                 fit_intercept: bool = True, shuffle: bool = True, random_state=None):
        self.eta = eta
        self.n_epochs = n_epochs
        self.decay = decay
        self.fit_intercept = fit_intercept
        self.shuffle = shuffle
        self.random_state = random_state

    def fit(self, X: np.ndarray, y: np.ndarray) -> Adaline:
        """Train on ``X`` (n_samples, n_features) and ``y`` (two classes); return self."""
        eta = check_scalar(self.eta, "eta", low=0, include_low=False)
        n_epochs = check_int(self.n_epochs, "n_epochs", low=1)
        decay = check_scalar(self.decay, "decay", low=0)
        Xb, t = self._validate_fit(X, y)
        rng = check_rng(self.random_state)
        w = np.zeros(Xb.shape[1])
        losses = []
        for k in range(n_epochs):
            lr = eta / (1.0 + decay * k)
            order = rng.permutation(len(t)) if self.shuffle else range(len(t))
            with np.errstate(over="ignore", invalid="ignore"):  # divergence is reported below
                for i in order:
                    w = w + lr * (t[i] - w @ Xb[i]) * Xb[i]  # adaline_update, inlined
            with np.errstate(over="ignore", invalid="ignore"):
                loss = float(np.mean((t - Xb @ w) ** 2))
            if not np.isfinite(loss):
                raise FloatingPointError(
                    f"ADALINE diverged in epoch {k + 1} (squared error became {loss}); "
                    f"lower eta (got {eta:g}) — LMS is stable only for eta below about "
                    "2 / (largest squared input norm)")
            losses.append(loss)
        self._set_weights(w)
        self.loss_curve_ = np.asarray(losses)
        return self
