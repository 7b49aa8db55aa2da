"""Lesson 04 cores against references someone else wrote (numpy, scipy, scikit-learn),
exhaustive enumeration (VC, no free lunch), and laws checked with hypothesis."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from course_lib import learning as lr
from course_lib.units import separating_unit

FAST = settings(max_examples=25, deadline=None)


# --- regression ---------------------------------------------------------------------------------
def _problem(n=40, d=3, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    return X, X @ rng.normal(size=d) + 0.7 + 0.1 * rng.normal(size=n)


def test_normal_equation_matches_lstsq_and_sklearn():
    from sklearn.linear_model import LinearRegression

    X, y = _problem()
    w, b = lr.normal_equation(X, y)
    theta, *_ = np.linalg.lstsq(np.c_[X, np.ones(len(X))], y, rcond=None)
    sk = LinearRegression().fit(X, y)
    np.testing.assert_allclose(np.r_[w, b], theta, atol=1e-10)
    np.testing.assert_allclose(w, sk.coef_, atol=1e-10)
    assert abs(b - sk.intercept_) < 1e-10


def test_linear_model_without_intercept_matches_sklearn():
    from sklearn.linear_model import LinearRegression

    X, y = _problem()
    w, b = lr.normal_equation(X, y, fit_intercept=False)
    np.testing.assert_allclose(w, LinearRegression(fit_intercept=False).fit(X, y).coef_,
                               atol=1e-10)
    assert b == 0.0


@pytest.mark.parametrize("alpha", [0.01, 1.0, 30.0])
def test_ridge_closed_form_and_path_match_sklearn_ridge(alpha):
    from sklearn.linear_model import Ridge

    X, y = _problem()
    sk = Ridge(alpha=alpha).fit(X, y)
    w, b = lr.normal_equation(X, y, alpha=alpha)
    np.testing.assert_allclose(w, sk.coef_, atol=1e-9)
    assert abs(b - sk.intercept_) < 1e-9
    np.testing.assert_allclose(lr.ridge_path(X, y, [alpha])[0], sk.coef_, atol=1e-9)


def test_gradient_descent_reaches_the_least_squares_weights():
    X, y = _problem()
    w, b, losses = lr.gradient_descent_regression(X, y, lr=0.1, n_iter=3000)
    w0, b0 = lr.normal_equation(X, y)
    np.testing.assert_allclose(np.r_[w, b], np.r_[w0, b0], atol=1e-8)
    assert np.all(np.diff(losses) <= 1e-15)  # a small enough step never increases the MSE


def test_degree_sweep_matches_sklearn_ridge_on_each_degree():
    from sklearn.linear_model import LinearRegression, Ridge

    rng = np.random.default_rng(1)
    x, xv = rng.uniform(-1, 1, 25), rng.uniform(-1, 1, 30)
    y, yv = lr.true_curve(x) + 0.2 * rng.normal(size=25), lr.true_curve(xv)
    for alpha in (0.0, 0.1):
        res = lr.degree_sweep(x, y, 8, alpha=alpha, val=(xv, yv))
        for d in range(1, 9):
            model = (Ridge(alpha=alpha) if alpha else LinearRegression()).fit(
                lr.poly_features(x, d), y)
            pred = model.predict(lr.poly_features(xv, d))
            assert abs(res.mse["val"][d] - np.mean((pred - yv) ** 2)) < 1e-8
            np.testing.assert_allclose(res.predict(xv, d), pred, atol=1e-8)
        assert abs(res.mse["train"][0] - y.var()) < 1e-12


def test_degree_sweep_interpolates_when_there_are_as_many_weights_as_points():
    x = np.linspace(-1, 1, 6)
    y = np.random.default_rng(0).normal(size=6)
    res = lr.degree_sweep(x, y, 10)
    assert res.mse["train"][5] < 1e-20 and np.all(res.mse["train"][5:] < 1e-20)
    assert np.all(np.diff(res.mse["train"]) <= 1e-12)  # nested models: training error falls


def test_lasso_is_sparse_where_ridge_is_not():
    from sklearn.linear_model import lasso_path

    X, y = _problem(d=8)
    alphas = np.array([0.5])
    _, coefs, _ = lasso_path(X - X.mean(0), y - y.mean(), alphas=alphas)
    assert np.sum(np.abs(coefs[:, 0]) < 1e-12) > 0
    assert np.all(np.abs(lr.ridge_path(X, y, [50.0])[0]) > 1e-6)


def test_lasso_path_at_alpha_over_2n_minimises_the_sum_of_squares_plus_lambda_l1():
    # lesson 04 passes alpha = λ / (2n): scikit-learn's (1/2n)|y - Xw|² + α|w|₁ times 2n
    from scipy.optimize import minimize
    from sklearn.linear_model import lasso_path

    X, y = _problem(d=8)
    Xc, yc, n = X - X.mean(0), y - y.mean(), len(y)
    lams = np.array([1.0, 10.0, 100.0])
    out, W, _ = lasso_path(Xc, yc, alphas=lams / (2 * n), tol=1e-12)   # λ falling
    for lam, w in zip(out * 2 * n, W.T, strict=True):
        def objective(v, lam=lam):
            return np.sum((yc - Xc @ v) ** 2) + lam * np.sum(np.abs(v))
        other = minimize(objective, np.zeros(8), method="Powell",
                         options={"xtol": 1e-10, "ftol": 1e-14, "maxiter": 100_000}).x
        assert objective(w) <= objective(other) + 1e-8
        kkt = np.abs(2 * Xc.T @ (yc - Xc @ w)) / lam   # optimality of that objective
        assert np.allclose(kkt[w != 0], 1.0, atol=1e-6) and np.all(kkt[w == 0] <= 1 + 1e-6)


# --- VC dimension: every labelling, exhaustively --------------------------------------------------
def test_lines_shatter_three_points_in_general_position_but_no_four():
    rng = np.random.default_rng(0)
    for _ in range(5):
        assert lr.shatter_count(rng.normal(size=(3, 2))) == (8, 8)
        sep, total = lr.shatter_count(rng.normal(size=(4, 2)))
        assert total == 16 and sep < 16  # Radon: some labelling of any 4 points fails
    # three collinear points are not shattered: the middle one cannot be alone
    assert lr.shatter_count(np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]])) == (6, 8)


@pytest.mark.parametrize("d", [1, 3])
def test_hyperplanes_in_d_dimensions_shatter_d_plus_one_points(d):
    simplex = np.vstack([np.zeros(d), np.eye(d)])
    assert lr.shatter_count(simplex) == (2 ** (d + 1), 2 ** (d + 1))
    sep, total = lr.shatter_count(np.random.default_rng(d).normal(size=(d + 2, d)))
    assert sep < total


def test_radon_partition_gives_a_labelling_no_hyperplane_separates():
    rng = np.random.default_rng(5)
    for d in (1, 2, 3, 5):
        for n in (d + 2, d + 4):
            X = rng.normal(size=(n, d))
            labels, p = lr.radon_partition(X)
            assert labels[0] and labels.any() and not labels.all()
            assert separating_unit(X, labels) is None
            # p is a convex combination of each group (nonnegative weights summing to 1)
            from scipy.optimize import nnls
            for group in (labels, ~labels):
                M = np.vstack([X[group].T, np.ones(group.sum())])
                _, resid = nnls(M, np.r_[p, 1.0])
                assert resid < 1e-8


def test_radon_partition_of_the_square_splits_the_diagonals_and_refuses_few_points():
    labels, p = lr.radon_partition(np.array([[0, 0], [1, 0], [0, 1], [1, 1.0]]))
    assert labels.tolist() == [True, False, False, True]
    assert np.allclose(p, [0.5, 0.5])
    with pytest.raises(ValueError, match="n_features \\+ 2"):
        lr.radon_partition(np.zeros((3, 2)))


def test_shatter_count_agrees_with_a_direct_loop_over_all_labellings():
    X = np.random.default_rng(3).normal(size=(5, 2))
    direct = sum(separating_unit(X, lab) is not None
                 for lab in itertools.product([0, 1], repeat=5))
    assert lr.shatter_count(X)[0] == direct


# --- no free lunch --------------------------------------------------------------------------------
@pytest.mark.parametrize("learner", list(lr.NFL_LEARNERS))
def test_every_learner_averages_exactly_one_half_off_the_training_set(learner):
    res = lr.no_free_lunch(learner, 3, 4)
    assert len(res["correct"]) == 256
    assert 2 * int(res["correct"].sum()) == len(res["correct"]) * res["n_test"]  # exact


def test_no_free_lunch_holds_for_other_training_sizes():
    for n_train in (1, 5, 7):
        assert lr.no_free_lunch("nearest neighbour", 3, n_train)["mean_accuracy"] == 0.5


# --- Bayes error ----------------------------------------------------------------------------------
def test_bayes_error_formula_matches_numerical_integration():
    from scipy.integrate import quad
    from scipy.stats import norm

    for delta in (0.5, 2.0, 4.0):
        # 1/2 ∫ min(N(x;0,1), N(x;delta,1)) dx, the error of the best rule
        val, _ = quad(lambda x, d=delta: 0.5 * min(norm.pdf(x), norm.pdf(x, d)), -20, 20,
                      points=[delta / 2])
        assert abs(val - lr.bayes_error_two_gaussians(delta)) < 1e-8


def test_oracle_error_matches_the_bayes_error_within_its_standard_error():
    X, y = lr.make_two_gaussians(200_000, 2.0, random_state=0)
    err = np.mean((X[:, 0] > 1.0) != y)
    p = lr.bayes_error_two_gaussians(2.0)
    assert abs(err - p) < 4 * np.sqrt(p * (1 - p) / len(y))


# --- k-NN -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("weights", ["uniform", "distance"])
def test_knn_matches_sklearn(weights):
    from sklearn.neighbors import KNeighborsRegressor

    rng = np.random.default_rng(0)
    X, y, Xt = rng.normal(size=(50, 2)), rng.normal(size=50), rng.normal(size=(20, 2))
    Xt[0] = X[3]  # a test point on a training point
    for k in (1, 4, 50):
        ref = KNeighborsRegressor(n_neighbors=k, weights=weights).fit(X, y).predict(Xt)
        np.testing.assert_allclose(lr.knn_predict(X, y, Xt, k, weights=weights), ref,
                                   atol=1e-12)


def test_knn_variance_falls_and_bias_grows_with_k():
    r = lr.knn_bias_variance([1, 2, 5, 12, 25], n_datasets=100, random_state=0)
    # small k: variance ~ noise² / k falls; large k: the average reaches into the curve's
    # bends and the bias grows
    assert np.all(np.diff(r["variance"][:4]) < 0) and np.all(np.diff(r["bias2"][2:]) > 0)
    # variance of 1-NN is about noise² = 0.09 (one noisy target per prediction)
    assert 0.07 < r["variance"][0] < 0.11


# --- maximum likelihood ---------------------------------------------------------------------------
def test_gaussian_mle_equals_least_squares():
    X, y = _problem(n=60, d=2)
    w, b, sigma = lr.mle_linear_gaussian(X, y)
    theta, *_ = np.linalg.lstsq(np.c_[X, np.ones(len(X))], y, rcond=None)
    np.testing.assert_allclose(np.r_[w, b], theta, atol=1e-6)
    r = y - np.c_[X, np.ones(len(X))] @ theta
    assert abs(sigma - np.sqrt(np.mean(r**2))) < 1e-6


def test_log_likelihood_matches_scipy():
    from scipy.stats import norm

    r = np.random.default_rng(0).normal(size=30)
    assert abs(lr.gaussian_log_likelihood(r, 1.3) - norm.logpdf(r, scale=1.3).sum()) < 1e-10


def test_variance_mle_is_consistent_and_neyman_scott_is_not():
    v = lr.variance_mle_trials([5, 2000], n_trials=200, random_state=0)
    # E = (n-1)/n; SE of the mean over 200 trials ~ sqrt(2/n)/sqrt(200)
    assert abs(v[0].mean() - 0.8) < 4 * np.sqrt(2 * 0.8**2 / 4) / np.sqrt(200)
    assert abs(v[1].mean() - 1.0) < 4 * np.sqrt(2 / 2000) / np.sqrt(200) + 1 / 2000
    ns = lr.neyman_scott([2000], n_trials=200, random_state=0)
    assert abs(ns.mean() - 0.5) < 4 * np.sqrt(2 * 0.25 / 2000) / np.sqrt(200)


def _hodges_exact(theta, n):
    # n E[(T - θ)²] with T = x̄ 1{|x̄| >= c}, x̄ ~ N(θ, 1/n), by quadrature on z = √n (x̄ - θ)
    from scipy.integrate import quad
    from scipy.stats import norm

    c = n ** -0.25
    lo, hi = np.sqrt(n) * (-c - theta), np.sqrt(n) * (c - theta)   # the zeroed interval
    inside = n * theta**2 * (norm.cdf(hi) - norm.cdf(lo))
    z2 = quad(lambda z: z * z * norm.pdf(z), lo, hi)[0]
    return inside + (1.0 - z2)


def test_hodges_risk_matches_its_exact_value_within_standard_errors():
    thetas = np.array([0.0, 0.05, 0.1, 0.3, 1.0])
    for n in (100, 10_000):
        r = lr.hodges_risk(thetas, n, n_trials=20_000, random_state=1)
        for i, t in enumerate(thetas):
            assert abs(r["mle"][i] - 1.0) < 5 * r["mle_se"][i]
            exact = _hodges_exact(t, n)
            assert abs(r["hodges"][i] - exact) < 5 * r["hodges_se"][i] + 1e-5
    # superefficient at 0, far worse near n^(-1/4), and that peak grows with n
    assert _hodges_exact(0.0, 10_000) < 0.01
    assert _hodges_exact(0.3, 100) > 5 and _hodges_exact(0.1, 10_000) > 40


def test_posterior_predictive_beats_plug_ins():
    r = lr.map_vs_predictive(5, n_trials=50_000, random_state=0)
    assert r["predictive"] < r["map"] < r["mle"]


# --- evaluation against sklearn.metrics -----------------------------------------------------------
def _random_scores(rng, n=60):
    y = rng.integers(0, 2, n)
    y[:2] = [0, 1]
    s = np.round(rng.normal(size=n) + y, 1)  # rounding makes ties
    return y, s


def test_metrics_match_sklearn():
    from sklearn import metrics as skm

    rng = np.random.default_rng(0)
    for _ in range(20):
        y, s = _random_scores(rng)
        p = s > 0.5
        m = lr.binary_metrics(y, p)
        assert m["accuracy"] == skm.accuracy_score(y, p)
        assert m["precision"] == pytest.approx(skm.precision_score(y, p, zero_division=0))
        assert m["recall"] == pytest.approx(skm.recall_score(y, p))
        assert m["f1"] == pytest.approx(skm.f1_score(y, p, zero_division=0))
        assert m["balanced_accuracy"] == pytest.approx(skm.balanced_accuracy_score(y, p))
        tn, fp, fn, tp = skm.confusion_matrix(y, p).ravel()
        assert lr.confusion_counts(y, p) == {"tp": tp, "fp": fp, "fn": fn, "tn": tn}
        assert m["specificity"] == pytest.approx(tn / (tn + fp))


def _all_label_pairs(max_n=4):
    """Every (y_true, y_pred) pair of 0/1 vectors of length 1..max_n: all degenerate cases
    (one class in y_true, nothing predicted positive, everything right or wrong) included."""
    for n in range(1, max_n + 1):
        vectors = [np.array(v) for v in itertools.product([0, 1], repeat=n)]
        for y in vectors:
            for p in vectors:
                yield y, p


def _sklearn_metrics(y, p):
    import warnings

    from sklearn import metrics as skm

    with warnings.catch_warnings():  # "y_pred contains classes not in y_true" and the like
        warnings.simplefilter("ignore")
        return {"accuracy": skm.accuracy_score(y, p),
                "precision": skm.precision_score(y, p, zero_division=0),
                "recall": skm.recall_score(y, p, zero_division=0),
                "specificity": skm.recall_score(y, p, pos_label=0, zero_division=0),
                "f1": skm.f1_score(y, p, zero_division=0),
                "balanced_accuracy": skm.balanced_accuracy_score(y, p)}


def test_metrics_match_sklearn_on_every_small_and_degenerate_label_vector():
    # issue 26: binary_metrics([1, 1], [1, 1]) gave balanced accuracy 0.5, sklearn 1.0 (the
    # mean recall over the classes present in y_true); every pair up to length 4 exhaustively
    pairs = list(_all_label_pairs())
    assert len(pairs) == 4 + 16 + 64 + 256
    for y, p in pairs:
        ours, ref = lr.binary_metrics(y, p), _sklearn_metrics(y, p)
        for key, value in ref.items():
            assert ours[key] == pytest.approx(value, rel=1e-12, abs=1e-15), (key, y, p)
    assert lr.binary_metrics([1, 1], [1, 1])["balanced_accuracy"] == 1.0


def test_metrics_match_sklearn_on_random_label_vectors_with_one_class_often():
    rng = np.random.default_rng(26)
    for _ in range(300):
        n = int(rng.integers(1, 30))
        # a skewed rate makes one-class y_true and all-negative y_pred common
        y = (rng.random(n) < rng.choice([0.0, 0.05, 0.5, 0.95, 1.0])).astype(int)
        p = (rng.random(n) < rng.choice([0.0, 0.05, 0.5, 0.95, 1.0])).astype(int)
        ours, ref = lr.binary_metrics(y, p), _sklearn_metrics(y, p)
        for key, value in ref.items():
            assert ours[key] == pytest.approx(value, rel=1e-12, abs=1e-15), (key, y, p)


def test_curves_and_areas_match_sklearn_with_ties():
    from sklearn import metrics as skm

    rng = np.random.default_rng(1)
    for _ in range(20):
        y, s = _random_scores(rng)
        fpr, tpr, thr = lr.roc_curve(y, s)
        f2, t2, th2 = skm.roc_curve(y, s, drop_intermediate=False)
        np.testing.assert_allclose(fpr, f2)
        np.testing.assert_allclose(tpr, t2)
        np.testing.assert_allclose(thr[1:], th2[1:])
        assert lr.curve_auc(y, s) == pytest.approx(skm.roc_auc_score(y, s), abs=1e-12)
        assert lr.curve_auc(y, s, "ap") == pytest.approx(skm.average_precision_score(y, s),
                                                         abs=1e-12)
        p, r, _ = lr.pr_curve(y, s)
        p2, r2, _ = skm.precision_recall_curve(y, s, drop_intermediate=False)
        np.testing.assert_allclose(p[1:], p2[::-1][1:])
        np.testing.assert_allclose(r[1:], r2[::-1][1:])


labels_scores = st.integers(4, 40).flatmap(lambda n: st.tuples(
    arrays(np.int64, n, elements=st.integers(0, 1)),
    arrays(np.float64, n, elements=st.integers(-3, 3).map(float))))


@FAST
@given(labels_scores)
def test_roc_auc_is_the_mann_whitney_statistic(ys):
    y, s = ys
    if y.min() == y.max():
        return
    pos, neg = s[y == 1], s[y == 0]
    u = np.mean((pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :]))
    assert lr.curve_auc(y, s) == pytest.approx(u, abs=1e-12)


@FAST
@given(labels_scores)
def test_f1_is_the_harmonic_mean_of_precision_and_recall(ys):
    y, s = ys
    m = lr.binary_metrics(y, s > 0)
    p, r = m["precision"], m["recall"]
    assert m["f1"] == pytest.approx(2 * p * r / (p + r) if p + r else 0.0, abs=1e-12)
    assert m["accuracy"] == pytest.approx(np.mean((s > 0) == y))


def test_imbalance_accuracy_fails_and_remedies_raise_recall():
    res = lr.imbalance_experiment(20, n_train=1000, n_test=5000, random_state=0)
    base = res["always negative"]
    assert base["accuracy"] > 0.94 and base["recall"] == 0.0
    for name in ("class weights", "oversample positives", "threshold moved"):
        assert res[name]["recall"] > res["plain"]["recall"]


# --- cross-validation -----------------------------------------------------------------------------
def test_compare_cv_reports_every_kind_and_sensible_costs():
    res = lr.compare_cv(3, random_state=0)
    assert set(lr.CV_KINDS) <= set(res)
    assert res["leave-one-out"]["fits"] == 60 and res["5-fold"]["fits"] == 5
    assert res["leave-one-group-out"]["fits"] == 10
    assert res["leave-one-out"]["spread"] >= 0
    for r in res.values():
        assert {"estimate_se", "bias_se", "spread_se", "rmse_se"} <= set(r)
        assert all(r[k] >= 0 for k in ("estimate_se", "bias_se", "spread_se", "rmse_se"))


def test_knn_cv_on_all_splits_at_once_equals_one_fit_per_split():
    from sklearn.neighbors import KNeighborsRegressor

    from course_lib.learning import resampling

    for seed in range(3):
        X, y, g = lr.make_grouped_regression(random_state=seed)
        for kind in lr.CV_KINDS:
            fast, fits = resampling._cv_mse(X, y, g, kind, 1.0, seed, "knn")
            errs, sizes = [], []
            for tr, te in resampling._splits(kind, len(y), g, seed):
                pred = KNeighborsRegressor(5).fit(X[tr], y[tr]).predict(X[te])
                errs.append(np.mean((pred - y[te]) ** 2))
                sizes.append(len(te))
            assert fits == len(errs)
            assert fast == pytest.approx(np.average(errs, weights=sizes), rel=1e-12), kind


def test_bootstrap_splits_draw_the_indices_of_sklearn_resample():
    from sklearn.utils import resample

    from course_lib.learning import resampling

    for seed in (0, 3):
        splits = resampling._splits("bootstrap OOB (x25)", 60, None, seed)
        for r, (boot, oob) in enumerate(splits):
            ref = resample(np.arange(60), replace=True, n_samples=60,
                           random_state=seed * 1000 + r)
            assert np.array_equal(boot, ref)
            assert np.array_equal(oob, np.setdiff1d(np.arange(60), ref))


def test_compare_cv_standard_errors_match_the_spread_over_repeated_runs():
    # the SE of the bias is the spread of the bias over independent runs of the experiment
    runs = [lr.compare_cv(25, model="knn", random_state=s) for s in range(10)]
    for kind in ("5-fold", "group 5-fold"):
        biases = np.array([r[kind]["bias"] for r in runs])
        ses = np.array([r[kind]["bias_se"] for r in runs])
        assert 0.5 < biases.std(ddof=1) / ses.mean() < 2.0


def test_cv_ridge_alpha_matches_sklearn_cross_val_score():
    from sklearn.linear_model import Ridge
    from sklearn.model_selection import KFold, cross_val_score

    X, y, _ = lr.make_grouped_regression(10, 5, random_state=0)
    alphas = np.array([0.1, 1.0, 10.0])
    rng = np.random.default_rng(7)
    best, curve = lr.cv_ridge_alpha(X, y, alphas, random_state=rng)
    seed = int(np.random.default_rng(7).integers(2**31))
    for a, c in zip(alphas, curve, strict=True):
        ref = -cross_val_score(Ridge(alpha=a), X, y, cv=KFold(5, shuffle=True, random_state=seed),
                               scoring="neg_mean_squared_error").mean()
        assert c == pytest.approx(ref, rel=1e-9)  # equal folds of 10: mean of means
    assert best == alphas[np.argmin(curve)]


# --- bad input ------------------------------------------------------------------------------------
@pytest.mark.parametrize("call, exc, match", [
    (lambda: lr.normal_equation(np.ones((3, 2)), np.ones(4)), ValueError, "same number"),
    (lambda: lr.normal_equation(np.ones((3, 2)), np.ones(3), alpha=-1), ValueError, "alpha"),
    (lambda: lr.normal_equation(np.ones((3, 2)), np.ones(3)), ValueError, "singular"),
    (lambda: lr.degree_sweep(np.zeros(3), np.zeros(3), -1), ValueError, "max_degree"),
    (lambda: lr.poly_features(np.zeros(3), 31), ValueError, "degree"),
    (lambda: lr.poly_features(np.array([2.0]), 3), ValueError, r"\[-1, 1\]"),
    (lambda: lr.ridge_path(np.ones((3, 1)), np.ones(3), [-1.0]), ValueError, "alphas"),
    (lambda: lr.binary_metrics([1, 0], [1]), ValueError, "same number"),
    (lambda: lr.roc_curve([1, 1, 1], [0.1, 0.2, 0.3]), ValueError, "both classes"),
    (lambda: lr.binary_metrics([1, 2], [1, 0]), ValueError, "0/1"),
    (lambda: lr.knn_predict(np.ones((3, 1)), np.ones(3), np.ones((1, 1)), 4), ValueError, "k"),
    (lambda: lr.knn_predict(np.ones((3, 1)), np.ones(3), np.ones((1, 2)), 1), ValueError,
     "X_test"),
    (lambda: lr.shatter_count(np.zeros((13, 2))), ValueError, "at most 12"),
    (lambda: lr.no_free_lunch("svm"), ValueError, "learner"),
    (lambda: lr.make_two_gaussians(10**9), ValueError, "n_samples"),
    (lambda: lr.curve_auc([0, 1], [0.1, 0.2], kind="pr"), ValueError, "kind"),
    (lambda: lr.cv_ridge_alpha(np.ones((4, 1)), np.ones(4), [1.0], n_splits=5), ValueError,
     "n_splits"),
    (lambda: lr.normal_equation(np.ones((3, 1)), np.ones(3), fit_intercept="yes"), TypeError,
     "fit_intercept"),
    (lambda: lr.gradient_descent_regression(np.ones((3, 1)), np.arange(3.0), lr=5.0),
     ValueError, "diverged"),
])
def test_bad_input_gets_a_clear_error(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


# --- lesson 04b's precision/recall/F1 exercise: scikit-learn's zero_division=0 ----------------
def _sklearn_prf(y, p):
    import warnings

    from sklearn.metrics import precision_recall_fscore_support

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        prf = precision_recall_fscore_support(y, p, average="binary", zero_division=0)
    return np.array(prf[:3], dtype=float)


def test_precision_recall_f1_exercise_follows_sklearn_zero_division_0():
    from course_lib.exercises import REGISTRY

    ex = REGISTRY["precision_recall_f1"]
    # the checker's own cases (seed 0, as check.precision_recall_f1 draws them), then every
    # small pair: the reference and the model solution both equal scikit-learn's
    rng = np.random.default_rng(0)
    cases = [ex.make_case(rng) for _ in range(ex.n_cases)]
    pairs = [(c["y_true"], c["y_pred"]) for c in cases] + list(_all_label_pairs())
    for y, p in pairs:
        want = _sklearn_prf(y, p)
        np.testing.assert_allclose(ex.reference(y, p), want, rtol=1e-12, atol=0)
        np.testing.assert_allclose(ex.solution(y, p), want, rtol=1e-12, atol=0)
    # the checker generates the zero-denominator cases, each several times in its 100
    no_pred = sum(not c["y_pred"].any() for c in cases)
    no_pos = sum(not c["y_true"].any() for c in cases)
    assert no_pred >= 5 and no_pos >= 5, (no_pred, no_pos)


def test_a_nan_answer_to_the_precision_exercise_fails_with_the_convention():
    from course_lib import check

    def precision_recall_f1(y_true, y_pred):   # plain divisions: NaN on a 0/0
        t, p = np.asarray(y_true) == 1, np.asarray(y_pred) == 1
        tp, fp, fn = np.sum(t & p), np.sum(~t & p), np.sum(t & ~p)
        with np.errstate(invalid="ignore"):
            return np.array([tp / (tp + fp), tp / (tp + fn), 2 * tp / (2 * tp + fp + fn)])

    result = check.precision_recall_f1(precision_recall_f1)
    assert result.status == "failed"
    assert "holds NaN" in result.message and "zero_division=0" in result.message
    assert "nan" in result.message   # the answer shown beside the expected one
