"""scikit-learn's classic classifiers on a playground's split (lesson 03)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..validation import check_array, check_int
from .data import check_xy

__all__ = ["CLASSIC_NAMES", "classic_classifiers"]

#: The classic classifiers of :func:`classic_classifiers`, in display order.
CLASSIC_NAMES = ("k-NN (uniform)", "k-NN (1/distance)", "logistic regression", "SVM (linear)",
                 "SVM (RBF kernel)", "decision tree", "random forest", "gradient boosting")


def classic_classifiers(X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray,
                        y_test: np.ndarray, grid: np.ndarray | None = None, *,
                        n_neighbors: int = 15, seed: int = 0) -> dict[str, dict[str, Any]]:
    """Fit scikit-learn's classic classifiers on one split; test accuracy and grid output.

    Parameters
    ----------
    X_train : ndarray of shape (n_train, 2)
    y_train : ndarray of shape (n_train,), two classes
    X_test : ndarray of shape (n_test, 2)
    y_test : ndarray of shape (n_test,), values among the classes of ``y_train``
    grid : ndarray of shape (n_points, 2), optional
    n_neighbors : int
        For both k-NN models (capped at ``n_train``).
    seed : int
        ``random_state`` of the tree models.

    Returns
    -------
    dict from each name in :data:`CLASSIC_NAMES` to ``{"model", "test_accuracy",
    "proba"}``, ``proba`` being the class-1 probability (or the decision value mapped through
    a sigmoid for the SVMs) on ``grid`` when given.

    Examples
    --------
    >>> from course_lib.datasets import make_moons_2d
    >>> from course_lib.playground import split_data
    >>> Xtr, ytr, Xte, yte = split_data(*make_moons_2d(100, random_state=0))
    >>> res = classic_classifiers(Xtr, ytr, Xte, yte)
    >>> res["SVM (RBF kernel)"]["test_accuracy"] > 0.9
    True
    """
    X_train, y_train, classes = check_xy(X_train, y_train, "X_train", "y_train",
                                         min_per_class=1)
    X_test = check_array(X_test, "X_test", ndim=2, shape=(None, 2), shape_doc="(n_test, 2)")
    y_raw = np.asarray(y_test) if not isinstance(y_test, (str, bytes)) else None
    if y_raw is None or y_raw.dtype == object or y_raw.shape != (len(X_test),):
        raise ValueError(f"y_test must be an array of shape (n_test,) = ({len(X_test)},) with "
                         f"the labels of y_train; got {y_test!r:.60}")
    known = np.isin(y_raw, classes)
    if not known.all():
        raise ValueError(f"y_test must contain only the classes of y_train "
                         f"{classes.tolist()}; got {y_raw[~known][:3].tolist()}")
    y_test = (y_raw == classes[1]).astype(np.int64)
    k = min(check_int(n_neighbors, "n_neighbors", low=1, high=10_000), len(X_train))
    seed = check_int(seed, "seed", low=0, high=2**32 - 1)
    if grid is not None:
        grid = check_array(grid, "grid", ndim=2, shape=(None, 2), shape_doc="(n_points, 2)")
        if len(grid) > 4_000_000:
            raise ValueError(f"grid must have at most 4,000,000 points (eight models "
                             f"evaluate it); got {len(grid):,}")

    from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.svm import SVC
    from sklearn.tree import DecisionTreeClassifier

    models = {
        "k-NN (uniform)": KNeighborsClassifier(k, weights="uniform"),
        "k-NN (1/distance)": KNeighborsClassifier(k, weights="distance"),
        "logistic regression": LogisticRegression(),
        "SVM (linear)": SVC(kernel="linear", C=1.0),
        "SVM (RBF kernel)": SVC(kernel="rbf", C=1.0, gamma="scale"),
        "decision tree": DecisionTreeClassifier(random_state=seed),
        "random forest": RandomForestClassifier(n_estimators=100, random_state=seed,
                                                n_jobs=1),
        "gradient boosting": GradientBoostingClassifier(random_state=seed),
    }
    out = {}
    for name, model in models.items():
        model.fit(X_train, y_train)
        res: dict[str, Any] = {"model": model,
                               "test_accuracy": float(np.mean(model.predict(X_test) == y_test))}
        if grid is not None:
            if isinstance(model, SVC):
                res["proba"] = 1 / (1 + np.exp(-2 * model.decision_function(grid)))
            else:
                res["proba"] = model.predict_proba(grid)[:, 1]
        out[name] = res
    return out
