"""Tree ensembles: what is random in a random forest, bagging vs. boosting, leaf-wise growth.

Used in ``notebooks/11d_trees_and_generative_models.ipynb`` (interview questions N29, N39,
N40). All models are scikit-learn's, imported inside the functions that fit them:

* :func:`forest_ablation` — ``RandomForestClassifier`` with bootstrap rows and/or random
  feature subsets switched off (the four :data:`FOREST_CONFIGS`), over several seeds: test
  accuracy, the accuracy of a single tree, and how often two trees disagree.
* :func:`staged_errors` — train and test error against the number of trees for boosted
  stumps (``GradientBoostingClassifier``) and bagged deep trees (``RandomForestClassifier``).
* :func:`growth_comparison` — ``HistGradientBoostingClassifier`` grown leaf-wise
  (``max_leaf_nodes``, the LightGBM way) vs. depth-wise (``max_depth``, level by level, as
  XGBoost does by default) at the same leaf budget, and ``GradientBoostingClassifier``.
* :func:`tree_disagreement` — the mean pairwise disagreement of a set of predictions.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from .validation import check_array, check_choice, check_int, check_rng, check_scalar

__all__ = [
    "FOREST_CONFIGS",
    "AblationResult",
    "GrowthResult",
    "forest_ablation",
    "growth_comparison",
    "make_forest",
    "make_tree_data",
    "staged_errors",
    "tree_disagreement",
]

#: The four forests of the ablation: name -> (bootstrap rows?, max_features per split).
FOREST_CONFIGS: dict[str, tuple[bool, str | None]] = {
    "both (a random forest)": (True, "sqrt"),
    "bootstrap rows only (bagging)": (True, None),
    "feature subsets only": (False, "sqrt"),
    "neither": (False, None),
}
MAX_SAMPLES = 20_000   # fits per call stay at seconds
MAX_TREES = 2000
MAX_SEEDS = 100


def make_tree_data(n_samples: int = 1000, *, random_state: Any = 0
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A noisy two-class problem with 20 features (8 informative), split half/half.

    scikit-learn's ``make_classification`` with 5 % of the labels flipped, so no model
    reaches 100 % and single deep trees overfit.

    Returns
    -------
    X_train, X_test : ndarray of shape (n_samples // 2, 20)
    y_train, y_test : ndarray of shape (n_samples // 2,), values 0/1

    Examples
    --------
    >>> X_tr, X_te, y_tr, y_te = make_tree_data(100)
    >>> X_tr.shape, X_te.shape
    ((50, 20), (50, 20))
    """
    from sklearn.datasets import make_classification

    n_samples = check_int(n_samples, "n_samples", low=20, high=MAX_SAMPLES)
    seed = int(check_rng(random_state).integers(2**31 - 1))
    X, y = make_classification(n_samples, n_features=20, n_informative=8, n_redundant=4,
                               flip_y=0.05, class_sep=0.8, random_state=seed)
    h = n_samples // 2
    return X[:h], X[h:], y[:h], y[h:]


def tree_disagreement(predictions: Any) -> float:
    """Mean over pairs of models and over points of ``[model i ≠ model j]``.

    Vectorised over pairs: on each point, with ``c_k`` models voting class ``k`` out of
    ``T``, ``Σ_k c_k (c_k − 1)`` ordered pairs agree among the ``T (T − 1)``.

    Parameters
    ----------
    predictions : array of shape (n_models, n_points), integer class labels

    Returns
    -------
    float in [0, 1]
        0 when all models predict alike: averaging them then changes nothing.

    Examples
    --------
    >>> round(tree_disagreement([[0, 1, 1], [0, 1, 0], [0, 0, 0]]), 4)
    0.4444
    """
    P = check_array(predictions, "predictions", ndim=2, dtype="int",
                    shape_doc="(n_models, n_points)")
    T = P.shape[0]
    if T < 2:
        raise ValueError(f"predictions must hold at least 2 models (rows) to compare; got {T}")
    if P.min() < 0 or P.max() > 10_000:
        raise ValueError("predictions must hold class labels in 0..10000; got values from "
                         f"{P.min()} to {P.max()}")
    n_classes = int(P.max()) + 1
    counts = np.zeros((n_classes, P.shape[1]))
    np.add.at(counts, (P, np.arange(P.shape[1])[None, :].repeat(T, 0)), 1)
    agree = (counts * (counts - 1)).sum(axis=0) / (T * (T - 1))
    return float(1.0 - agree.mean())


def make_forest(config: str, *, n_estimators: int = 50, random_state: Any = 0) -> Any:
    """An unfitted ``RandomForestClassifier`` for one of :data:`FOREST_CONFIGS`.

    Examples
    --------
    >>> rf = make_forest("neither", n_estimators=10)
    >>> rf.bootstrap, rf.max_features
    (False, None)
    """
    from sklearn.ensemble import RandomForestClassifier

    config = check_choice(config, "config", list(FOREST_CONFIGS))
    n_estimators = check_int(n_estimators, "n_estimators", low=1, high=MAX_TREES)
    seed = int(check_rng(random_state).integers(2**31 - 1))
    bootstrap, max_features = FOREST_CONFIGS[config]
    return RandomForestClassifier(n_estimators, bootstrap=bootstrap, max_features=max_features,
                                  random_state=seed)


@dataclass
class AblationResult:
    """Result of :func:`forest_ablation`: one row per configuration, one column per seed.

    Attributes
    ----------
    configs : list of str
    accuracy : ndarray of shape (n_configs, n_seeds)
        Test accuracy of the forest.
    tree_accuracy : ndarray of shape (n_configs, n_seeds)
        Mean test accuracy of its single trees.
    disagreement : ndarray of shape (n_configs, n_seeds)
        :func:`tree_disagreement` of its trees on the test set.
    """

    configs: list
    accuracy: np.ndarray
    tree_accuracy: np.ndarray
    disagreement: np.ndarray

    def table(self) -> str:
        """One line per configuration: means ± standard errors over the seeds."""
        n = self.accuracy.shape[1]
        lines = [f"{'forest':<30} {'accuracy':>15} {'one tree':>7} {'disagreement':>13}"]
        for i, name in enumerate(self.configs):
            se = self.accuracy[i].std(ddof=1) / np.sqrt(n) if n > 1 else 0.0
            lines.append(f"{name:<30} {self.accuracy[i].mean():7.3f} ± {se:.3f} "
                         f"{self.tree_accuracy[i].mean():8.3f} {self.disagreement[i].mean():13.3f}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"AblationResult({len(self.configs)} forests × {self.accuracy.shape[1]} "
                "seeds; .table() for the summary)")


def forest_ablation(*, n_seeds: int = 5, n_estimators: int = 50, n_samples: int = 1000,
                    random_state: Any = 0) -> AblationResult:
    """Switch off each source of randomness of a random forest in turn.

    For each seed a fresh :func:`make_tree_data` set is drawn, and the four forests of
    :data:`FOREST_CONFIGS` are fitted on it (``RandomForestClassifier(bootstrap=...,
    max_features=...)``, same trees otherwise, fully grown). A forest can only beat its
    trees if the trees differ; ``disagreement`` measures how much they do.

    Parameters
    ----------
    n_seeds : int
        Independent data sets and forests (2..100: a standard error needs two).
    n_estimators : int
        Trees per forest.
    n_samples : int
        Points per data set (half train, half test).
    random_state : None, int or numpy.random.Generator

    Returns
    -------
    AblationResult

    Examples
    --------
    >>> r = forest_ablation(n_seeds=2, n_estimators=3, n_samples=60)
    >>> r.accuracy.shape
    (4, 2)
    """
    n_seeds = check_int(n_seeds, "n_seeds", low=2, high=MAX_SEEDS)
    n_estimators = check_int(n_estimators, "n_estimators", low=2, high=MAX_TREES)
    n_samples = check_int(n_samples, "n_samples", low=20, high=MAX_SAMPLES)
    rng = check_rng(random_state)
    shape = (len(FOREST_CONFIGS), n_seeds)
    acc, tree_acc, dis = np.empty(shape), np.empty(shape), np.empty(shape)
    for s in range(n_seeds):
        X_tr, X_te, y_tr, y_te = make_tree_data(n_samples, random_state=rng)
        seed = int(rng.integers(2**31 - 1))
        for i, config in enumerate(FOREST_CONFIGS):
            rf = make_forest(config, n_estimators=n_estimators, random_state=seed)
            rf.fit(X_tr, y_tr)
            per_tree = np.array([t.predict(X_te) for t in rf.estimators_]).astype(int)
            acc[i, s] = rf.score(X_te, y_te)
            tree_acc[i, s] = (per_tree == y_te).mean()
            dis[i, s] = tree_disagreement(per_tree)
    return AblationResult(list(FOREST_CONFIGS), acc, tree_acc, dis)


def staged_errors(*, n_estimators: int = 100, n_samples: int = 1000, boost_depth: int = 1,
                  learning_rate: float = 0.3, random_state: Any = 0) -> dict[str, np.ndarray]:
    """Train and test error after 1, 2, ... trees: boosted shallow trees vs. bagged deep trees.

    Boosting (``GradientBoostingClassifier``, trees of depth ``boost_depth``) starts from a
    weak, *biased* model and each tree corrects the current errors: training error falls
    steadily. Bagging (``RandomForestClassifier``, fully grown trees) starts from trees with
    no training error but high *variance*; averaging more of them lowers the test error only.

    Returns
    -------
    dict of str to ndarray of shape (n_estimators,)
        ``"boost_train"``, ``"boost_test"``, ``"bag_train"``, ``"bag_test"`` (errors after
        the first ``m`` trees, ``m = 1 .. n_estimators``).

    Examples
    --------
    >>> e = staged_errors(n_estimators=3, n_samples=60)
    >>> sorted(e), e["bag_test"].shape
    (['bag_test', 'bag_train', 'boost_test', 'boost_train'], (3,))
    """
    from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier

    n_estimators = check_int(n_estimators, "n_estimators", low=1, high=MAX_TREES)
    n_samples = check_int(n_samples, "n_samples", low=20, high=MAX_SAMPLES)
    boost_depth = check_int(boost_depth, "boost_depth", low=1, high=20)
    learning_rate = check_scalar(learning_rate, "learning_rate", low=0, high=10,
                                 include_low=False)
    rng = check_rng(random_state)
    X_tr, X_te, y_tr, y_te = make_tree_data(n_samples, random_state=rng)
    seed = int(rng.integers(2**31 - 1))
    gb = GradientBoostingClassifier(n_estimators=n_estimators, max_depth=boost_depth,
                                    learning_rate=learning_rate, random_state=seed)
    gb.fit(X_tr, y_tr)
    rf = RandomForestClassifier(n_estimators, random_state=seed).fit(X_tr, y_tr)
    out = {}
    for part, X, y in (("train", X_tr, y_tr), ("test", X_te, y_te)):
        out[f"boost_{part}"] = np.array([(p != y).mean() for p in gb.staged_predict(X)])
        # the forest's vote after m trees: running mean of the trees' class probabilities
        proba = np.cumsum([t.predict_proba(X)[:, 1] for t in rf.estimators_], axis=0)
        proba /= np.arange(1, n_estimators + 1)[:, None]
        out[f"bag_{part}"] = ((proba > 0.5).astype(int) != y).mean(axis=1)
    return {k: out[k] for k in ("boost_train", "boost_test", "bag_train", "bag_test")}


@dataclass
class GrowthResult:
    """Result of :func:`growth_comparison`: one row per model, one column per seed.

    Attributes
    ----------
    models : list of str
    accuracy, fit_seconds, leaves, depth : ndarray of shape (n_models, n_seeds)
        Test accuracy, fit time, mean leaves per tree and mean depth per tree.
    """

    models: list
    accuracy: np.ndarray
    fit_seconds: np.ndarray
    leaves: np.ndarray
    depth: np.ndarray

    def se(self) -> np.ndarray:
        """Standard error of the mean accuracy of each model, shape (n_models,)."""
        return self.accuracy.std(axis=1, ddof=1) / np.sqrt(self.accuracy.shape[1])

    def table(self) -> str:
        """Accuracy mean ± SE and tree shape per model (no times: they vary run to run)."""
        lines = [f"{'model':<34} {'accuracy':>15} {'leaves':>7} {'depth':>6}"]
        for i, name in enumerate(self.models):
            lines.append(f"{name:<34} {self.accuracy[i].mean():7.3f} ± {self.se()[i]:.3f} "
                         f"{self.leaves[i].mean():7.1f} {self.depth[i].mean():6.1f}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"GrowthResult({len(self.models)} models × {self.accuracy.shape[1]} seeds; "
                ".table() for the summary)")


def growth_comparison(*, max_leaves: int = 16, n_estimators: int = 50, n_seeds: int = 5,
                      n_samples: int = 2000, random_state: Any = 0) -> GrowthResult:
    """Leaf-wise vs. level-wise gradient boosting at the same leaf budget, over seeds.

    Three boosters, same learning rate (0.1) and number of trees, no early stopping:

    * ``leaf-wise (max_leaf_nodes)`` — ``HistGradientBoostingClassifier(max_leaf_nodes=L,
      max_depth=None)``: always split the leaf with the largest gain, anywhere in the tree;
      trees come out lopsided and deeper.
    * ``level-wise (max_depth)`` — ``HistGradientBoostingClassifier(max_depth=log2 L,
      max_leaf_nodes=None)``: at most ``L`` leaves, grown level by level.
    * ``sklearn GradientBoosting (depth)`` — ``GradientBoostingClassifier(max_depth=log2 L)``:
      exact (not histogram) splits, level-wise.

    Parameters
    ----------
    max_leaves : int
        Leaf budget ``L``, a power of two (4..256).
    n_estimators, n_seeds, n_samples : int
    random_state : None, int or numpy.random.Generator

    Returns
    -------
    GrowthResult

    Examples
    --------
    >>> r = growth_comparison(max_leaves=4, n_estimators=3, n_seeds=2, n_samples=80)
    >>> r.models
    ['leaf-wise (max_leaf_nodes)', 'level-wise (max_depth)', 'sklearn GradientBoosting (depth)']
    """
    from sklearn.ensemble import GradientBoostingClassifier, HistGradientBoostingClassifier

    max_leaves = check_int(max_leaves, "max_leaves", low=4, high=256)
    if max_leaves & (max_leaves - 1):
        raise ValueError("max_leaves must be a power of two (so a depth limit gives the same "
                         f"budget, 2**depth leaves); got {max_leaves}")
    n_estimators = check_int(n_estimators, "n_estimators", low=1, high=MAX_TREES)
    n_seeds = check_int(n_seeds, "n_seeds", low=2, high=MAX_SEEDS)
    n_samples = check_int(n_samples, "n_samples", low=20, high=MAX_SAMPLES)
    rng = check_rng(random_state)
    depth = int(np.log2(max_leaves))
    common = dict(learning_rate=0.1, max_iter=n_estimators, early_stopping=False)
    models = {
        "leaf-wise (max_leaf_nodes)": lambda s: HistGradientBoostingClassifier(
            max_leaf_nodes=max_leaves, max_depth=None, random_state=s, **common),
        "level-wise (max_depth)": lambda s: HistGradientBoostingClassifier(
            max_leaf_nodes=None, max_depth=depth, random_state=s, **common),
        "sklearn GradientBoosting (depth)": lambda s: GradientBoostingClassifier(
            max_depth=depth, n_estimators=n_estimators, learning_rate=0.1, random_state=s),
    }
    shape = (len(models), n_seeds)
    acc, secs, leaves, depths = (np.empty(shape) for _ in range(4))
    for s in range(n_seeds):
        X_tr, X_te, y_tr, y_te = make_tree_data(n_samples, random_state=rng)
        seed = int(rng.integers(2**31 - 1))
        for i, make in enumerate(models.values()):
            model = make(seed)
            t0 = time.perf_counter()
            model.fit(X_tr, y_tr)
            secs[i, s] = time.perf_counter() - t0
            acc[i, s] = model.score(X_te, y_te)
            leaves[i, s], depths[i, s] = _tree_shape(model)
    return GrowthResult(list(models), acc, secs, leaves, depths)


def _tree_shape(model: Any) -> tuple[float, float]:
    """Mean leaves and mean depth per tree of a fitted (Hist)GradientBoostingClassifier."""
    if hasattr(model, "estimators_"):   # GradientBoostingClassifier: sklearn Tree objects
        trees = [t.tree_ for t in model.estimators_.ravel()]
        return (float(np.mean([t.n_leaves for t in trees])),
                float(np.mean([t.max_depth for t in trees])))
    predictors = [p for it in model._predictors for p in it]  # one per iteration (2 classes)
    return (float(np.mean([p.get_n_leaf_nodes() for p in predictors])),
            float(np.mean([p.get_max_depth() for p in predictors])))
