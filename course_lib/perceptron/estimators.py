"""The perceptron and ADALINE as scikit-learn classifiers.

Part of :mod:`course_lib.perceptron` (lesson ``01_perceptron``).
"""

from __future__ import annotations

import numbers

import numpy as np
from scipy.sparse import issparse
from sklearn.base import BaseEstimator, ClassifierMixin

from ..units import add_bias
from ..validation import (
    check_bool,
    check_choice,
    check_int,
    check_rng,
    check_same_length,
    check_scalar,
    describe,
)

# --- estimators (scikit-learn contract) ------------------------------------------------------
#: Largest number of epochs an estimator accepts (the training loop is plain Python).
MAX_EPOCHS = 100_000


class _LinearUnit(ClassifierMixin, BaseEstimator):
    """Shared validation and prediction of the two linear-unit classifiers.

    Input checks follow scikit-learn's contract (its ``validate_data``: sparse, complex,
    object-dtype and empty inputs are refused as scikit-learn refuses them, and
    ``n_features_in_`` is set), so that scikit-learn's own estimator checks apply; the labels
    may be any two values (numbers, strings, object arrays). Only two classes: declared in
    the tags. Every message names the argument at fault: the shapes and the lengths of X and
    y are checked first with the course's messages, and a scikit-learn message that names
    neither is prefixed with which one is at fault and what was expected (scikit-learn's
    text kept at the end, which its estimator checks look for).
    """

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False  # one unit, one boundary: two classes only
        return tags

    @staticmethod
    def _ndim_first(X):
        """Refuse a 1-D or 3-D array (or list), or a scalar, None or a string, with a message
        that names X and its shape."""
        if X is None or isinstance(X, (str, bytes, numbers.Number, np.generic)):
            raise TypeError(f"X must be a 2-D array of shape (n_samples, n_features); got "
                            f"{describe(X)}")
        if isinstance(X, (np.ndarray, list, tuple)):
            try:
                ndim = np.asarray(X, dtype=object).ndim
            except ValueError:  # ragged: scikit-learn's check says so
                return
            if ndim != 2:
                raise ValueError(f"X must be a 2-D array of shape (n_samples, n_features); got "
                                 f"{ndim}-D input of shape {np.shape(X)}. Reshape your data: "
                                 "X.reshape(-1, 1) for one feature, X.reshape(1, -1) for one "
                                 "sample")

    def _validate_fit(self, X, y):
        from sklearn.utils.multiclass import check_classification_targets
        from sklearn.utils.validation import validate_data

        fit_intercept = check_bool(self.fit_intercept, "fit_intercept")
        check_bool(self.shuffle, "shuffle")
        check_rng(self.random_state)
        self._ndim_first(X)
        _labels_first(X, y)
        try:
            X_checked, y = validate_data(self, X, y, dtype=np.float64)
        except (ValueError, TypeError) as exc:
            raise _named(exc, X, y) from None
        X = X_checked
        try:
            check_classification_targets(y)
        except ValueError as exc:
            raise _named(exc, X, y, culprit="y") from None
        classes = np.unique(y)
        if len(classes) != 2:
            shown = classes[:6].tolist()
            word = "class" if len(classes) == 1 else "classes"
            extra = " Only binary classification is supported." if len(classes) > 2 else ""
            raise ValueError(f"y must contain exactly two classes; got {len(classes)} {word} "
                             f"({shown}{'...' if len(classes) > 6 else ''}).{extra}")
        self.classes_ = classes
        t = np.where(y == classes[1], 1.0, -1.0)
        Xb = add_bias(X) if fit_intercept else X
        return Xb, t

    def _set_weights(self, w):
        if self.fit_intercept:
            self.coef_, self.intercept_ = w[None, :-1].copy(), w[-1:].copy()
        else:
            self.coef_, self.intercept_ = w[None, :].copy(), np.zeros(1)

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        """``w·x + b`` for each row of ``X``; positive means ``classes_[1]``."""
        from sklearn.utils.validation import check_is_fitted, validate_data

        check_is_fitted(self)
        self._ndim_first(X)
        try:
            X = validate_data(self, X, reset=False, dtype=np.float64)
        except (ValueError, TypeError) as exc:
            raise _named(exc, X, None, culprit="X") from None
        return X @ self.coef_[0] + self.intercept_[0]

    def predict(self, X: np.ndarray) -> np.ndarray:
        """The threshold unit: ``classes_[1]`` where ``w·x + b >= 0``."""
        scores = self.decision_function(X)
        return self.classes_[(scores >= 0).astype(int)]


_EXPECTED = {"X": "a 2-D array of finite real numbers of shape (n_samples, n_features)",
             "y": "a 1-D array of class labels of shape (n_samples,), two distinct values"}


def _labels_first(X, y):
    """The shape of ``y`` and its length against ``X``, with the course's messages.

    ``y=None`` is left to scikit-learn ("requires y to be passed", which its checks expect);
    a column vector ``(n_samples, 1)`` too (it is accepted, with scikit-learn's warning).
    """
    if y is None:
        return
    try:
        shape = np.asarray(y).shape  # (np.shape would refuse array-likes that only convert)
    except (ValueError, TypeError):  # ragged: scikit-learn's own check says so
        return
    if isinstance(y, (str, bytes)) or len(shape) not in (1, 2) or (
            len(shape) == 2 and shape[1] != 1):
        got = describe(y) if isinstance(y, np.ndarray) or not shape else (
            f"{describe(y)} of shape {shape}")
        raise ValueError(f"y must be {_EXPECTED['y']}; got {got}")
    try:
        n_x = X.shape[0] if issparse(X) else np.asarray(X).shape[0]
    except (ValueError, TypeError, IndexError):  # X's own check (ragged, 0-D) says what is wrong
        return
    check_same_length(np.empty(n_x), "X", np.empty(shape[0]), "y")


def _named(exc: Exception, X, y, culprit: str | None = None) -> Exception:
    """``exc`` as is if its message names X or y; else the same type, naming the argument at
    fault (X unless X alone passes scikit-learn's check) with scikit-learn's message after."""
    import re

    from sklearn.utils import check_array as sk_check_array

    msg = str(exc)
    if re.search(r"\b[Xy]\b", msg):
        return exc
    if culprit is None:
        try:
            sk_check_array(X, dtype=np.float64)
            culprit = "y"
        except (ValueError, TypeError):
            culprit = "X"
    value = X if culprit == "X" else y
    return type(exc)(f"{culprit} must be {_EXPECTED[culprit]}; got {describe(value)}: {msg}")


class Perceptron(_LinearUnit):
    """Rosenblatt's perceptron: online, mistake-driven, with plain / pocket / averaged variants.

    Parameters
    ----------
    eta : float
        Learning rate (> 0).
    max_epochs : int
        Passes over the data (at most ``MAX_EPOCHS``); training stops early after an epoch
        without a mistake.
    variant : {"plain", "pocket", "averaged"}
        "plain" keeps the last weights. "pocket" keeps the weights with the fewest training
        errors seen after any update (Gallant): a heuristic for non-separable data — the
        best weights the run happened to visit, not the line with the fewest errors (finding
        that is NP-hard in general). "averaged" returns the average of the weights over all
        steps (Freund & Schapire).
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
        The two labels, sorted (any two values: numbers, strings, objects).
    n_iter_ : int
        Epochs run.
    mistakes_ : int
        Updates made.
    converged_ : bool
        An epoch ended without a mistake.
    errors_per_epoch_ : ndarray of shape (n_iter_,)
        Points failing the update rule's test ``t (w·x + b) <= 0`` with the *current* weights
        at the end of each epoch. A point exactly on the line counts, whatever its label,
        so this can exceed the points that ``predict`` gets wrong (lesson 01's parity cycle).
    weights_per_epoch_ : ndarray of shape (n_iter_, n_weights)
        The current weights at the end of each epoch (bias last when ``fit_intercept``): on
        data no line separates, the plain perceptron revisits earlier weights (cycling).

    Examples
    --------
    >>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    >>> clf = Perceptron().fit(X, [0, 0, 0, 1])     # AND is linearly separable
    >>> clf.predict(X).tolist(), clf.converged_
    ([0, 0, 0, 1], True)
    """

    def __init__(self, *, eta: float = 1.0, max_epochs: int = 100, variant: str = "plain",
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
        max_epochs = check_int(self.max_epochs, "max_epochs", low=1, high=MAX_EPOCHS)
        variant = check_choice(self.variant, "variant", ["plain", "pocket", "averaged"])
        Xb, t = self._validate_fit(X, y)
        rng = check_rng(self.random_state)
        n = len(t)
        w = np.zeros(Xb.shape[1])
        w_sum, steps = np.zeros_like(w), 0
        best_w, best_errors = w.copy(), int(np.sum(t * (Xb @ w) <= 0))
        errors_per_epoch, weights_per_epoch, mistakes, converged = [], [], 0, False
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
            weights_per_epoch.append(w.copy())
            if epoch_mistakes == 0:
                converged = True
                break
        final = {"plain": w, "pocket": best_w, "averaged": w_sum / max(steps, 1)}[variant]
        self._set_weights(final)
        self.n_iter_ = len(errors_per_epoch)
        self.mistakes_ = mistakes
        self.converged_ = converged
        self.errors_per_epoch_ = np.asarray(errors_per_epoch)
        self.weights_per_epoch_ = np.asarray(weights_per_epoch)
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
        The learning rate in epoch k (from 0) is ``eta / (1 + decay * k)``. Only with
        ``decay > 0`` do the weights settle at the least-squares solution; with a constant
        step (``decay = 0``) they keep jittering around it, at a distance of order ``eta``.
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
    weights_per_epoch_ : ndarray of shape (n_epochs, n_weights)
        The weights after each epoch (bias last when ``fit_intercept``). With ``decay = 0``
        LMS keeps fluctuating around the least-squares weights on inconsistent targets.

    Examples
    --------
    >>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    >>> Adaline(eta=0.1, n_epochs=200, random_state=0).fit(X, [0, 0, 0, 1]).predict(X).tolist()
    [0, 0, 0, 1]
    """

    def __init__(self, *, eta: float = 0.01, n_epochs: int = 50, decay: float = 0.0,
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
        n_epochs = check_int(self.n_epochs, "n_epochs", low=1, high=MAX_EPOCHS)
        decay = check_scalar(self.decay, "decay", low=0)
        Xb, t = self._validate_fit(X, y)
        rng = check_rng(self.random_state)
        w = np.zeros(Xb.shape[1])
        losses, path = [], []
        for k in range(n_epochs):
            lr = eta / (1.0 + decay * k)
            order = rng.permutation(len(t)) if self.shuffle else range(len(t))
            with np.errstate(over="ignore", invalid="ignore"):  # divergence is reported below
                for i in order:
                    w = w + lr * (t[i] - w @ Xb[i]) * Xb[i]  # adaline_update, inlined
            with np.errstate(over="ignore", invalid="ignore"):
                loss = float(np.mean((t - Xb @ w) ** 2))
            if not np.isfinite(loss):
                raise ValueError(
                    f"eta is too large for this data: ADALINE diverged in epoch {k + 1} "
                    f"(squared error became {loss}); lower eta (got {eta:g}) — LMS is stable "
                    "only for eta below about 2 / (largest squared input norm)")
            losses.append(loss)
            path.append(w.copy())
        self._set_weights(w)
        self.loss_curve_ = np.asarray(losses)
        self.weights_per_epoch_ = np.asarray(path)
        return self
