"""Tests of lesson 11d's tree ensembles.

References written by someone else: scikit-learn's own estimators, refitted here with the same
seeds (staged errors, tree shapes); a brute-force loop over pairs of trees (disagreement); the
exact out-of-bag probability (1 − 1/n)^n of a bootstrap sample with a binomial standard error.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier

from course_lib import ensembles as ens
from course_lib.exercises.ensembles import oob_fraction_reference


@settings(max_examples=20, deadline=None)
@given(st.integers(2, 6), st.integers(1, 12), st.integers(2, 4), st.integers(0, 10**6))
def test_disagreement_equals_the_loop_over_pairs(T, n, k, seed):
    P = np.random.default_rng(seed).integers(k, size=(T, n))
    pairs = [np.mean(P[i] != P[j]) for i, j in itertools.permutations(range(T), 2)]
    assert ens.tree_disagreement(P) == pytest.approx(np.mean(pairs), abs=1e-12)


def test_each_forest_config_really_sets_the_parameters():
    X_tr, _, y_tr, _ = ens.make_tree_data(200, random_state=0)
    for name, (bootstrap, max_features) in ens.FOREST_CONFIGS.items():
        rf = ens.make_forest(name, n_estimators=5, random_state=1).fit(X_tr, y_tr)
        assert rf.bootstrap is bootstrap and rf.max_features == max_features
        n_split = {None: 20, "sqrt": 4}[max_features]   # features tried per split
        assert all(t.max_features_ == n_split for t in rf.estimators_)


def test_a_forest_without_randomness_is_one_tree_repeated():
    X_tr, X_te, y_tr, _ = ens.make_tree_data(300, random_state=2)
    rf = ens.make_forest("neither", n_estimators=6, random_state=0).fit(X_tr, y_tr)
    preds = np.array([t.predict(X_te) for t in rf.estimators_]).astype(int)
    # every tree sees every row and every feature: the same root split, no training error;
    # only ties between equally good splits deeper down (broken at random) can differ
    assert len({(t.tree_.feature[0], t.tree_.threshold[0]) for t in rf.estimators_}) == 1
    assert all((t.predict(X_tr) == y_tr).all() for t in rf.estimators_)
    both = ens.make_forest("both (a random forest)", n_estimators=6, random_state=0)
    preds_rf = np.array([t.predict(X_te) for t in both.fit(X_tr, y_tr).estimators_])
    assert ens.tree_disagreement(preds_rf.astype(int)) > 2 * ens.tree_disagreement(preds)


def test_bootstrap_leaves_out_the_exact_expected_fraction():
    rng = np.random.default_rng(0)
    n, trials = 50, 2000
    oob = np.array([oob_fraction_reference(rng.integers(n, size=n), n) for _ in range(trials)])
    expected = (1 - 1 / n) ** n                     # ≈ 1/e for large n
    se = oob.std(ddof=1) / np.sqrt(trials)
    assert abs(oob.mean() - expected) < 4 * se
    assert abs(expected - np.exp(-1)) < 0.004


def test_ablation_shapes_and_ranges():
    r = ens.forest_ablation(n_seeds=2, n_estimators=4, n_samples=80, random_state=0)
    assert r.configs == list(ens.FOREST_CONFIGS)
    for a in (r.accuracy, r.tree_accuracy, r.disagreement):
        assert a.shape == (4, 2) and (a >= 0).all() and (a <= 1).all()
    assert "±" in r.table()


def test_staged_errors_match_sklearn_refitted_with_the_same_seed():
    e = ens.staged_errors(n_estimators=15, n_samples=200, random_state=3)
    rng = np.random.default_rng(3)                  # the same draws as staged_errors makes
    X_tr, X_te, y_tr, y_te = ens.make_tree_data(200, random_state=rng)
    seed = int(rng.integers(2**31 - 1))
    gb = GradientBoostingClassifier(n_estimators=15, max_depth=1, learning_rate=0.3,
                                    random_state=seed).fit(X_tr, y_tr)
    rf = RandomForestClassifier(15, random_state=seed).fit(X_tr, y_tr)
    assert e["boost_test"][-1] == pytest.approx(1 - gb.score(X_te, y_te))
    assert e["bag_test"][-1] == pytest.approx(1 - rf.score(X_te, y_te))
    assert e["bag_train"][-1] == pytest.approx(1 - rf.score(X_tr, y_tr))


def test_leaf_budget_is_respected_and_shapes_differ():
    r = ens.growth_comparison(max_leaves=8, n_estimators=5, n_seeds=2, n_samples=400)
    leafwise, levelwise, sk = (r.models.index(m) for m in (
        "leaf-wise (max_leaf_nodes)", "level-wise (max_depth)", "sklearn GradientBoosting (depth)"))
    assert (r.leaves <= 8).all()
    assert (r.depth[levelwise] <= 3).all() and (r.depth[sk] <= 3).all()
    assert (r.depth[leafwise] >= 3).all()           # a lopsided tree is at least as deep
    assert r.se().shape == (4,)


def test_ablation_paired_differences_are_seed_by_seed():
    r = ens.forest_ablation(n_seeds=3, n_estimators=4, n_samples=80, random_state=1)
    mean, se = r.paired(0)
    d = r.accuracy[3] - r.accuracy[0]
    assert mean[0] == 0 and se[0] == 0
    assert mean[3] == pytest.approx(d.mean()) and se[3] == pytest.approx(d.std(ddof=1) / np.sqrt(3))
    assert "paired" in r.table() and "3 seeds" in r.table()


def test_boost_vs_bag_matches_sklearn_refitted_at_the_same_depth():
    r = ens.boost_vs_bag(depths=[1, None], learning_rates=[0.1, 1.0], n_seeds=2,
                         n_estimators=6, n_samples=120, random_state=7)
    rng = np.random.default_rng(7)                  # the draws boost_vs_bag makes, in order
    for s in range(2):
        X_tr, X_te, y_tr, y_te = ens.make_tree_data(120, random_state=rng)
        seed = int(rng.integers(2**31 - 1))
        for d, depth in enumerate([1, None]):
            rf = RandomForestClassifier(6, max_depth=depth, random_state=seed).fit(X_tr, y_tr)
            assert r.bag[d, s, 1, -1] == pytest.approx(1 - rf.score(X_te, y_te))
            assert r.bag[d, s, 0, -1] == pytest.approx(1 - rf.score(X_tr, y_tr))
            for j, lr in enumerate([0.1, 1.0]):
                gb = GradientBoostingClassifier(n_estimators=6, max_depth=depth, learning_rate=lr,
                                                random_state=seed).fit(X_tr, y_tr)
                assert r.boost[d, j, s, 1, -1] == pytest.approx(1 - gb.score(X_te, y_te))
                assert all(t.tree_.max_depth <= (depth or 99) for t in gb.estimators_.ravel())
    curves = r.curves(None, 1.0)
    assert np.allclose(curves["bag_test"], r.bag[1, :, 1].mean(0))
    assert "paired" in r.table() and "2 seeds" in r.table()
    with pytest.raises(ValueError, match="learning_rate"):
        r.curves(1, 0.3)
    with pytest.raises(ValueError, match="depth"):
        r.curves(3, 0.1)


def test_matched_leaf_wise_trees_get_the_level_wise_leaf_count():
    r = ens.growth_comparison(max_leaves=16, n_estimators=4, n_seeds=2, n_samples=300)
    level, matched = r.models.index("level-wise (max_depth)"), 2
    assert r.models[matched] == "leaf-wise, matched leaves"
    assert (r.leaves[matched] <= np.round(r.leaves[level]) + 1e-9).all()
    mean, se = r.paired("leaf-wise, matched leaves", "level-wise (max_depth)")
    d = r.accuracy[matched] - r.accuracy[level]
    assert mean == pytest.approx(d.mean()) and se == pytest.approx(d.std(ddof=1) / np.sqrt(2))


@pytest.mark.parametrize("call, match", [
    (lambda: ens.boost_vs_bag(depths=[]), "depths"),
    (lambda: ens.boost_vs_bag(depths=2.0), "depths"),
    (lambda: ens.boost_vs_bag(learning_rates=[0.0]), "learning_rates"),
    (lambda: ens.growth_comparison(max_leaves=12), "power of two"),
    (lambda: ens.forest_ablation(n_seeds=1), "n_seeds"),
    (lambda: ens.make_forest("random"), "config"),
    (lambda: ens.tree_disagreement([[0, 1, 1]]), "at least 2"),
    (lambda: ens.make_tree_data(10**9), "n_samples"),
])
def test_bad_input_is_refused_with_a_message_naming_the_argument(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_boost_vs_bag_plot_draws_the_mean_curves_of_each_depth():
    import matplotlib

    matplotlib.use("Agg")
    from course_lib.viz.ensembles import plot_boost_vs_bag

    r = ens.boost_vs_bag(depths=[1, None], learning_rates=[0.3], n_seeds=2, n_estimators=4,
                         n_samples=80, random_state=0)
    fig = plot_boost_vs_bag(r, learning_rate=0.3)
    for ax, depth in zip(fig.axes, [1, None], strict=True):
        curves = r.curves(depth, 0.3)
        drawn = [line.get_ydata() for line in ax.get_lines()]
        expected = [curves[k] for k in ("boost_train", "boost_test", "bag_train", "bag_test")]
        assert all(np.allclose(a, b) for a, b in zip(drawn, expected, strict=True))
    with pytest.raises(TypeError, match="BoostBagResult"):
        plot_boost_vs_bag({"boost_test": [0.1]})
