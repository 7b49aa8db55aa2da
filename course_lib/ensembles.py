"""Tree ensembles: what is random in a random forest, bagging vs. boosting, leaf-wise growth.

Used in ``notebooks/11d_trees_and_generative_models.ipynb`` (interview questions N29, N39,
N40). All models are scikit-learn's, imported inside the functions that fit them:

* :func:`forest_ablation` — ``RandomForestClassifier`` with bootstrap rows and/or random
  feature subsets switched off (the four :data:`FOREST_CONFIGS`), over several seeds: test
  accuracy, the accuracy of a single tree, and how often two trees disagree.
* :func:`staged_errors` — train and test error against the number of trees for boosted
  stumps (``GradientBoostingClassifier``) and bagged deep trees (``RandomForestClassifier``).
* :func:`boost_vs_bag` — the same curves over several seeds, boosting and bagging each at
  the *same* tree depths (stumps and fully grown trees) and boosting at several learning
  rates: the control that separates the ensemble method from the depth of its trees.
* :func:`growth_comparison` — ``HistGradientBoostingClassifier`` grown leaf-wise
  (``max_leaf_nodes``, the LightGBM way) vs. depth-wise (``max_depth``, level by level, as
  XGBoost does by default) at the same leaf limit, leaf-wise again with as many leaves as the
  depth-wise trees really grew, and ``GradientBoostingClassifier``.
* :func:`tree_disagreement` — the mean pairwise disagreement of a set of predictions.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from .stats import mean_se, standard_error
from .validation import check_array, check_choice, check_int, check_rng, check_scalar, describe

__all__ = [
    "FOREST_CONFIGS",
    "AblationResult",
    "BoostBagResult",
    "GrowthResult",
    "boost_vs_bag",
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

    def paired(self, reference: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """Accuracy minus that of configuration ``reference`` on the same data set and seed.

        Returns
        -------
        mean, se : ndarray of shape (n_configs,)
            Mean and standard error over the seeds of the paired differences (0 and 0 for
            the reference itself). Pairing removes the spread between data sets, which
            dominates the standard error of each mean.
        """
        reference = check_int(reference, "reference", low=0, high=len(self.configs) - 1)
        return mean_se(self.accuracy - self.accuracy[reference], axis=1)

    def table(self) -> str:
        """One line per configuration: means ± standard errors over the seeds, and the
        paired difference to the first configuration (the random forest)."""
        n = self.accuracy.shape[1]
        diff, diff_se = self.paired(0)
        lines = [f"{'forest':<30} {'accuracy':>13} {'− first (paired)':>17} {'one tree':>8} "
                 f"{'disagreement':>13}"]
        for i, name in enumerate(self.configs):
            se = standard_error(self.accuracy[i])
            paired = "" if i == 0 else f"{diff[i]:+.3f} ± {diff_se[i]:.3f}"
            lines.append(f"{name:<30} {self.accuracy[i].mean():5.3f} ± {se:.3f} {paired:>17} "
                         f"{self.tree_accuracy[i].mean():8.3f} {self.disagreement[i].mean():13.3f}")
        lines.append(f"mean ± SE over {n} seeds (new data and forests for each)")
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
    n_estimators = check_int(n_estimators, "n_estimators", low=1, high=MAX_TREES)
    n_samples = check_int(n_samples, "n_samples", low=20, high=MAX_SAMPLES)
    boost_depth = check_int(boost_depth, "boost_depth", low=1, high=20)
    learning_rate = check_scalar(learning_rate, "learning_rate", low=0, high=10,
                                 include_low=False)
    rng = check_rng(random_state)
    data = make_tree_data(n_samples, random_state=rng)
    seed = int(rng.integers(2**31 - 1))
    return _staged(data, n_estimators, boost_depth, learning_rate, seed, bag_depth=None)


def _staged(data: tuple, n_estimators: int, depth: int | None, learning_rate: float,
            seed: int, *, bag: bool = True, bag_depth: Any = "same") -> dict[str, np.ndarray]:
    """Staged errors of a booster (trees of ``depth``) and, if ``bag``, of a forest (trees of
    ``bag_depth``, by default ``depth``) fitted on ``data`` with ``seed``."""
    from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier

    X_tr, X_te, y_tr, y_te = data
    gb = GradientBoostingClassifier(n_estimators=n_estimators, max_depth=depth,
                                    learning_rate=learning_rate, random_state=seed)
    gb.fit(X_tr, y_tr)
    rf = None
    if bag:
        rf = RandomForestClassifier(n_estimators, max_depth=depth if bag_depth == "same"
                                    else bag_depth, random_state=seed).fit(X_tr, y_tr)
    out = {}
    for part, X, y in (("train", X_tr, y_tr), ("test", X_te, y_te)):
        out[f"boost_{part}"] = np.array([(p != y).mean() for p in gb.staged_predict(X)])
        if rf is not None:
            # the forest's vote after m trees: running mean of the trees' class probabilities
            proba = np.cumsum([t.predict_proba(X)[:, 1] for t in rf.estimators_], axis=0)
            proba /= np.arange(1, n_estimators + 1)[:, None]
            out[f"bag_{part}"] = ((proba > 0.5).astype(int) != y).mean(axis=1)
    return {k: out[k] for k in ("boost_train", "boost_test", "bag_train", "bag_test")
            if k in out}


def _depth_name(depth: int | None) -> str:
    return "full" if depth is None else ("1 (stumps)" if depth == 1 else str(depth))


@dataclass
class BoostBagResult:
    """Result of :func:`boost_vs_bag`: error curves per tree depth, method and seed.

    Attributes
    ----------
    depths : list of int or None
        Tree depths (None: fully grown).
    learning_rates : ndarray of shape (n_lr,)
        Boosting's learning rates.
    boost : ndarray of shape (n_depths, n_lr, n_seeds, 2, n_estimators)
        Boosting's train (``[..., 0, :]``) and test (``[..., 1, :]``) error after 1, 2, ...
        trees.
    bag : ndarray of shape (n_depths, n_seeds, 2, n_estimators)
        The same for bagging (a random forest of trees of that depth).
    """

    depths: list
    learning_rates: np.ndarray
    boost: np.ndarray
    bag: np.ndarray

    def curves(self, depth: int | None, learning_rate: float) -> dict[str, np.ndarray]:
        """Mean curves over the seeds at one depth, in :func:`staged_errors`' format."""
        if depth not in self.depths:
            raise ValueError(f"depth must be one of {self.depths}; got {depth!r}")
        lr = check_scalar(learning_rate, "learning_rate")
        hits = np.flatnonzero(np.isclose(self.learning_rates, lr))
        if not len(hits):
            raise ValueError(f"learning_rate must be one of {self.learning_rates.tolist()}; "
                             f"got {learning_rate!r}")
        d, j = self.depths.index(depth), int(hits[0])
        boost, bag = self.boost[d, j].mean(axis=0), self.bag[d].mean(axis=0)
        return {"boost_train": boost[0], "boost_test": boost[1],
                "bag_train": bag[0], "bag_test": bag[1]}

    def table(self) -> str:
        """Final train and test error per depth and method, and boosting's paired difference
        to bagging at the same depth (mean ± SE over the seeds)."""
        n = self.bag.shape[1]
        lines = [f"{'depth':<11} {'method':<18} {'train error':>11} {'test error':>15} "
                 f"{'test − bagging (paired)':>24}"]
        for d, depth in enumerate(self.depths):
            bag = self.bag[d, :, :, -1]
            lines.append(f"{_depth_name(depth):<11} {'bagging':<18} {bag[:, 0].mean():11.3f} "
                         f"{bag[:, 1].mean():7.3f} ± {standard_error(bag[:, 1]):.3f}")
            for j, lr in enumerate(self.learning_rates):
                b = self.boost[d, j, :, :, -1]
                diff = b[:, 1] - bag[:, 1]
                lines.append(f"{'':<11} {f'boosting, lr {lr:g}':<18} {b[:, 0].mean():11.3f} "
                             f"{b[:, 1].mean():7.3f} ± {standard_error(b[:, 1]):.3f} "
                             f"{diff.mean():+15.3f} ± {standard_error(diff):.3f}")
        lines.append(f"after {self.bag.shape[-1]} trees; mean ± SE over {n} seeds")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"BoostBagResult(depths {[_depth_name(d) for d in self.depths]} × learning "
                f"rates {self.learning_rates.tolist()} × {self.bag.shape[1]} seeds; .table() "
                "for the summary)")


def boost_vs_bag(*, depths: Any = (1, None), learning_rates: Any = (0.1, 0.3, 1.0),
                 n_seeds: int = 5, n_estimators: int = 100, n_samples: int = 1000,
                 random_state: Any = 0) -> BoostBagResult:
    """Boosting against bagging with trees of the same depth, over seeds and learning rates.

    The usual contrast, boosted stumps against a forest of fully grown trees, changes two
    things at once: the method and the depth of its trees. Here both methods are run at
    every depth in ``depths`` on the same data sets (:func:`make_tree_data`), boosting
    (``GradientBoostingClassifier(max_depth=depth)``) at each learning rate, bagging as a
    ``RandomForestClassifier(max_depth=depth)``, each with ``n_estimators`` trees, so the
    comparison at one depth holds the trees' capacity fixed, and the learning rates show
    whether a conclusion depends on one hand-picked rate.

    Parameters
    ----------
    depths : sequence of int or None
        Tree depths (1..20; None grows the trees fully).
    learning_rates : sequence of float
        Boosting's learning rates, each in (0, 10].
    n_seeds : int
        Independent data sets and model seeds (2..100).
    n_estimators, n_samples : int
    random_state : None, int or numpy.random.Generator

    Returns
    -------
    BoostBagResult

    Examples
    --------
    >>> r = boost_vs_bag(depths=[1], learning_rates=[0.3], n_seeds=2, n_estimators=3,
    ...                  n_samples=60)
    >>> r.boost.shape, r.bag.shape
    ((1, 1, 2, 2, 3), (1, 2, 2, 3))
    """
    if isinstance(depths, (str, bytes)) or not hasattr(depths, "__len__") or not len(depths):
        raise TypeError("depths must be a non-empty sequence of tree depths (int or None); got "
                        f"{describe(depths)}")
    depths = [None if d is None else check_int(d, "depths", low=1, high=20) for d in depths]
    lrs = check_array(learning_rates, "learning_rates", ndim=1, shape_doc="(n_lr,)")
    if lrs.min() <= 0 or lrs.max() > 10:
        raise ValueError("learning_rates must lie in (0, 10]; got values from "
                         f"{lrs.min():g} to {lrs.max():g}")
    n_seeds = check_int(n_seeds, "n_seeds", low=2, high=MAX_SEEDS)
    n_estimators = check_int(n_estimators, "n_estimators", low=1, high=MAX_TREES)
    n_samples = check_int(n_samples, "n_samples", low=20, high=MAX_SAMPLES)
    rng = check_rng(random_state)
    boost = np.empty((len(depths), len(lrs), n_seeds, 2, n_estimators))
    bag = np.empty((len(depths), n_seeds, 2, n_estimators))
    for s in range(n_seeds):
        data = make_tree_data(n_samples, random_state=rng)
        seed = int(rng.integers(2**31 - 1))
        for d, depth in enumerate(depths):
            for j, lr in enumerate(lrs):
                e = _staged(data, n_estimators, depth, float(lr), seed, bag=j == 0)
                boost[d, j, s] = e["boost_train"], e["boost_test"]
                if j == 0:
                    bag[d, s] = e["bag_train"], e["bag_test"]
    return BoostBagResult(depths, lrs, boost, bag)


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
        return standard_error(self.accuracy, axis=1)

    def paired(self, first: str, second: str) -> tuple[float, float]:
        """Mean and standard error over the seeds of ``accuracy[first] − accuracy[second]``,
        both models fitted on the same data set with the same seed."""
        first = check_choice(first, "first", self.models)
        second = check_choice(second, "second", self.models)
        d = self.accuracy[self.models.index(first)] - self.accuracy[self.models.index(second)]
        return mean_se(d)

    def table(self) -> str:
        """Accuracy mean ± SE and tree shape per model (no times: they vary run to run)."""
        lines = [f"{'model':<34} {'accuracy':>15} {'leaves':>7} {'depth':>6}"]
        for i, name in enumerate(self.models):
            lines.append(f"{name:<34} {self.accuracy[i].mean():7.3f} ± {self.se()[i]:.3f} "
                         f"{self.leaves[i].mean():7.1f} {self.depth[i].mean():6.1f}")
        lines.append(f"mean ± SE over {self.accuracy.shape[1]} data sets; leaves and depth: "
                     "mean per tree")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"GrowthResult({len(self.models)} models × {self.accuracy.shape[1]} seeds; "
                ".table() for the summary)")


def growth_comparison(*, max_leaves: int = 16, n_estimators: int = 50, n_seeds: int = 5,
                      n_samples: int = 2000, random_state: Any = 0) -> GrowthResult:
    """Leaf-wise vs. level-wise gradient boosting at the same leaf budget, over seeds.

    Four boosters, same learning rate (0.1) and number of trees, no early stopping:

    * ``leaf-wise (max_leaf_nodes)`` — ``HistGradientBoostingClassifier(max_leaf_nodes=L,
      max_depth=None)``: always split the leaf with the largest gain, anywhere in the tree;
      trees come out lopsided and deeper.
    * ``level-wise (max_depth)`` — ``HistGradientBoostingClassifier(max_depth=log2 L,
      max_leaf_nodes=None)``: at most ``L`` leaves, grown level by level. With the default
      minimum of 20 points per leaf many branches stop early, so these trees grow *fewer*
      than ``L`` leaves: the limit is the same, the leaves spent are not.
    * ``leaf-wise, matched leaves`` — leaf-wise again, with ``max_leaf_nodes`` set to the
      level-wise trees' mean number of leaves on the same data set (rounded): the two growth
      rules compared at the leaf budget actually spent.
    * ``sklearn GradientBoosting (depth)`` — ``GradientBoostingClassifier(max_depth=log2 L)``:
      exact (not histogram) splits, level-wise, one point per leaf allowed.

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
    >>> r.models  # doctest: +NORMALIZE_WHITESPACE
    ['leaf-wise (max_leaf_nodes)', 'level-wise (max_depth)', 'leaf-wise, matched leaves',
     'sklearn GradientBoosting (depth)']
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
        "leaf-wise (max_leaf_nodes)": lambda s, _: HistGradientBoostingClassifier(
            max_leaf_nodes=max_leaves, max_depth=None, random_state=s, **common),
        "level-wise (max_depth)": lambda s, _: HistGradientBoostingClassifier(
            max_leaf_nodes=None, max_depth=depth, random_state=s, **common),
        # as many leaves as the level-wise trees grew on the same data (fitted just before)
        "leaf-wise, matched leaves": lambda s, level_leaves: HistGradientBoostingClassifier(
            max_leaf_nodes=max(2, round(float(level_leaves))), max_depth=None, random_state=s,
            **common),
        "sklearn GradientBoosting (depth)": lambda s, _: GradientBoostingClassifier(
            max_depth=depth, n_estimators=n_estimators, learning_rate=0.1, random_state=s),
    }
    shape = (len(models), n_seeds)
    acc, secs, leaves, depths = (np.empty(shape) for _ in range(4))
    for s in range(n_seeds):
        X_tr, X_te, y_tr, y_te = make_tree_data(n_samples, random_state=rng)
        seed = int(rng.integers(2**31 - 1))
        for i, make in enumerate(models.values()):   # level-wise (1) before matched (2)
            model = make(seed, leaves[1, s] if i == 2 else None)
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
