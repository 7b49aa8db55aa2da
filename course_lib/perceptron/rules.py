"""Units and one-sample learning rules: threshold and sigmoid units, the perceptron and
ADALINE updates, Hebb's and Oja's rules.

Part of :mod:`course_lib.perceptron` (lesson ``01_perceptron``).
"""

from __future__ import annotations

import numpy as np

from ..units import sigmoid, step
from ..validation import (
    check_array,
    check_choice,
    check_int,
    check_pm1_labels,
    check_scalar,
    describe,
)


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
    if isinstance(t, (np.ndarray, list, tuple)) and np.ndim(t) != 0:
        # one sample, one label: an array would reach float() and numpy's "only 0-dimensional
        # arrays can be converted" instead of a message about t
        raise ValueError(f"t must be one label (a number{', -1 or +1' if t_pm1 else ''}), the "
                         f"label of the single sample x; got {describe(t)}")
    t = float(check_pm1_labels(t, "t")) if t_pm1 else check_scalar(t, "t")
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


#: Most steps :func:`hebbian_run` takes (``n_epochs * n_samples``; one Python step each).
MAX_HEBB_STEPS = 1_000_000


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
        ``n_epochs * n_samples <= MAX_HEBB_STEPS``.
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
    n_epochs = check_int(n_epochs, "n_epochs", low=1, high=max(1, MAX_HEBB_STEPS // len(X)))
    rule = check_choice(rule, "rule", ["hebb", "oja"])
    norms = [np.linalg.norm(w)]
    for _ in range(n_epochs):
        for x in X:
            y = w @ x
            w += eta * y * (x - y * w) if rule == "oja" else eta * y * x
            norms.append(np.linalg.norm(w))
    return np.asarray(norms)
