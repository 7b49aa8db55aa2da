"""Losses: values and gradients against torch (float64) and finite differences; the checkers.

``python tests/test_losses.py`` prints the table of the largest absolute differences from
torch found on the test inputs (random values plus extremes up to ±1e4).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from course_lib import check, losses
from course_lib.exercises import get
from course_lib.exercises import losses as ex
from course_lib.viz.losses import LOSSES, LossExplorer, loss_curve

T = torch.float64
EXTREME = np.array([-1e4, -1e3, -800.0, -30.0, 30.0, 800.0, 1e3, 1e4])


def _t(a, grad=False):
    return torch.tensor(np.asarray(a, dtype=np.float64), dtype=T, requires_grad=grad)


def _regression_data(seed=0):
    rng = np.random.default_rng(seed)
    y = rng.normal(size=60)
    r = np.concatenate([3 * rng.normal(size=52), EXTREME])
    return y, y + r


#: name -> (numpy loss, numpy gradient, torch loss of (pred, target, reduction)); param bound
REGRESSION = {
    "mse": (losses.mse, losses.mse_grad, lambda p, y, red: F.mse_loss(p, y, reduction=red)),
    "mae": (losses.mae, losses.mae_grad, lambda p, y, red: F.l1_loss(p, y, reduction=red)),
    "huber": (lambda y, p, **k: losses.huber(y, p, 1.5, **k),
              lambda y, p, **k: losses.huber_grad(y, p, 1.5, **k),
              lambda p, y, red: F.huber_loss(p, y, reduction=red, delta=1.5)),
    "log_cosh": (losses.log_cosh, losses.log_cosh_grad,
                 lambda p, y, red: _red(torch.logaddexp(p - y, y - p) - math.log(2), red)),
    "quantile": (lambda y, p, **k: losses.quantile(y, p, 0.8, **k),
                 lambda y, p, **k: losses.quantile_grad(y, p, 0.8, **k),
                 lambda p, y, red: _red(torch.maximum(0.8 * (y - p), -0.2 * (y - p)), red)),
}
MARGIN = {
    "zero_one": (losses.zero_one, losses.zero_one_grad, lambda m: (m <= 0).double()),
    "hinge": (losses.hinge, losses.hinge_grad, lambda m: F.relu(1 - m)),
    "logistic": (losses.logistic, losses.logistic_grad, lambda m: F.softplus(-m)),
    "exponential": (losses.exponential, losses.exponential_grad, lambda m: torch.exp(-m)),
}


def _red(x, reduction):
    return x.mean() if reduction == "mean" else x.sum() if reduction == "sum" else x


def _compare(ours_v, ours_g, theirs, inputs, reduction):
    """Max |Δ| of the value and of the gradient w.r.t. ``inputs`` (list of leaf tensors)."""
    if not theirs.requires_grad:
        grads = [torch.zeros_like(t) for t in inputs]
    elif theirs.ndim == 0:
        grads = torch.autograd.grad(theirs, inputs)
    else:
        grads = torch.autograd.grad(theirs.sum(), inputs)
    ours_g = ours_g if isinstance(ours_g, tuple) else (ours_g,)
    dv = _maxdiff(ours_v, theirs.detach().numpy())
    dg = max(_maxdiff(a, b.numpy()) for a, b in zip(ours_g, grads, strict=True))
    return dv, dg


def _maxdiff(a, b) -> float:
    """max |a - b|, counting equal infinities as no difference (NaN stays NaN)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    with np.errstate(invalid="ignore"):
        d = np.where(a == b, 0.0, np.abs(a - b))
    return float(np.max(d))


def torch_max_diffs(reduction: str = "mean") -> dict[str, tuple[float, float]]:
    """Largest |ours - torch| of each loss value and gradient, for one reduction."""
    table = {}
    y, p = _regression_data()
    for name, (fn, grad, torch_fn) in REGRESSION.items():
        pt = _t(p, True)
        table[name] = _compare(fn(y, p, reduction=reduction), grad(y, p, reduction=reduction),
                               torch_fn(pt, _t(y), reduction), [pt], reduction)
    rng = np.random.default_rng(1)
    m = np.concatenate([2 * rng.normal(size=40), [-700.0, -30.0, 30.0, 700.0, 1e4]])
    for name, (fn, grad, torch_fn) in MARGIN.items():
        mt = _t(m, True)
        table[name] = _compare(fn(m, reduction=reduction), grad(m, reduction=reduction),
                               _red(torch_fn(mt), reduction), [mt], reduction)
    z = np.concatenate([3 * rng.normal(size=40), EXTREME])
    yb = rng.uniform(size=z.size).round(1)
    zt = _t(z, True)
    table["binary_cross_entropy"] = _compare(
        losses.binary_cross_entropy(z, yb, reduction=reduction),
        losses.binary_cross_entropy_grad(z, yb, reduction=reduction),
        F.binary_cross_entropy_with_logits(zt, _t(yb), reduction=reduction), [zt], reduction)
    Z = np.vstack([4 * rng.normal(size=(30, 5)), [1e4, -1e4, 0, 3, 1], [-1e4] * 4 + [1e4]])
    labels = rng.integers(0, 5, size=len(Z))
    P = rng.dirichlet(np.ones(5), size=len(Z))
    for key, target, ttarget in (("cross_entropy", labels, torch.as_tensor(labels)),
                                 ("cross_entropy (probabilities)", P, _t(P))):
        Zt = _t(Z, True)
        table[key] = _compare(losses.cross_entropy(Z, target, reduction=reduction),
                              losses.cross_entropy_grad(Z, target, reduction=reduction),
                              F.cross_entropy(Zt, ttarget, reduction=reduction), [Zt], reduction)
    a, pos, neg = rng.normal(size=(3, 50, 4))
    ts = [_t(v, True) for v in (a, pos, neg)]
    table["triplet_loss"] = _compare(
        losses.triplet_loss(a, pos, neg, 0.7, reduction=reduction),
        losses.triplet_loss_grad(a, pos, neg, 0.7, reduction=reduction),
        F.triplet_margin_with_distance_loss(
            *ts, distance_function=lambda u, v: ((u - v) ** 2).sum(-1), margin=0.7,
            reduction=reduction), ts, reduction)
    return table


def torch_max_diffs_information() -> dict[str, tuple[float, float]]:
    """Entropy, cross-entropy and KL between distributions (gradients with respect to q)."""
    rng = np.random.default_rng(2)
    p = rng.dirichlet(np.ones(6) * 0.5, size=20)
    p[0] = [0.5, 0.5, 0, 0, 0, 0]  # zeros: 0 log 0 = 0
    q = rng.dirichlet(np.ones(6), size=20)
    table = {}
    pt = _t(p, True)
    table["entropy"] = _compare(losses.entropy(p), losses.entropy_grad(p),
                                torch.special.entr(pt).sum(-1), [pt], "none")
    qt = _t(q, True)
    ce = -torch.special.xlogy(_t(p), qt).sum(-1)
    (g,) = torch.autograd.grad(ce.sum(), qt)
    ours_g = -np.where(p > 0, p / q, 0.0)
    table["distribution_cross_entropy"] = (
        _maxdiff(losses.distribution_cross_entropy(p, q), ce.detach().numpy()),
        _maxdiff(ours_g, g.numpy()))
    qt = _t(q, True)
    kl = F.kl_div(qt.log(), _t(p), reduction="none").sum(-1)
    table["kl_divergence"] = _compare(losses.kl_divergence(p, q),
                                      losses.kl_divergence_grad(p, q), kl, [qt], "none")
    return table


@pytest.fixture(scope="module", params=["mean", "sum", "none"])
def diffs(request):
    return torch_max_diffs(request.param)


LOSS_NAMES = [*REGRESSION, *MARGIN, "binary_cross_entropy", "cross_entropy",
              "cross_entropy (probabilities)", "triplet_loss"]


@pytest.mark.parametrize("name", LOSS_NAMES)
def test_value_and_gradient_match_torch(diffs, name):
    dv, dg = diffs[name]
    # values of size 1e4 carry rounding of a few ulp (1e4 * 2.2e-16 ~ 2e-12); softplus in torch
    # returns x itself beyond 20 (off by < 1e-13 at the margins used here)
    assert dv <= 1e-9 and dg <= 1e-12, (dv, dg)


@pytest.mark.parametrize("name", ["entropy", "distribution_cross_entropy", "kl_divergence"])
def test_information_measures_match_torch(name):
    dv, dg = torch_max_diffs_information()[name]
    assert dv <= 1e-14 and dg <= 1e-12


def test_extreme_logits_give_finite_losses_where_torch_does():
    z = np.array([1e4, -1e4, 1e4, -1e4])
    y = np.array([0.0, 1.0, 1.0, 0.0])
    ours = losses.binary_cross_entropy(z, y, reduction="none")
    assert np.all(np.isfinite(ours)) and ours.tolist() == [1e4, 1e4, 0.0, 0.0]
    Z = np.array([[1e4, -1e4, 0.0]])
    assert losses.cross_entropy(Z, np.array([1])) == pytest.approx(2e4)
    assert np.all(np.isfinite(losses.cross_entropy_grad(Z, np.array([1]))))
    assert losses.logistic(np.array([-1e4])) == 1e4
    # torch's soft_margin_loss (the logistic loss) overflows here; ours does not
    assert torch.isinf(F.soft_margin_loss(_t([-1e4]), _t([1.0])))
    assert losses.log_cosh([0.0], [1e4]) == pytest.approx(1e4 - math.log(2))


def test_exponential_loss_overflows_exactly_where_the_value_does():
    assert losses.exponential(np.array([-1e4])) == math.inf
    assert torch.isinf(torch.exp(_t([1e4])))


# --- finite differences -------------------------------------------------------------------------
def _fd(fn, x, h=1e-6):
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = h
        g[i] = (fn(x + e) - fn(x - e)) / (2 * h)
    return g


@pytest.mark.parametrize("name", list(REGRESSION))
def test_regression_gradients_match_finite_differences(name):
    fn, grad, _ = REGRESSION[name]
    rng = np.random.default_rng(5)
    y = rng.normal(size=12)
    p = y + rng.choice([-1, 1], size=12) * rng.uniform(0.05, 4, size=12)
    p[np.abs(np.abs(p - y) - 1.5) < 1e-3] += 0.01  # stay off Huber's joint
    np.testing.assert_allclose(grad(y, p), _fd(lambda q: fn(y, q), p), rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name", list(MARGIN))
def test_margin_gradients_match_finite_differences(name):
    fn, grad, _ = MARGIN[name]
    m = np.random.default_rng(6).uniform(-3, 3, size=15)
    m = m[(np.abs(m) > 1e-3) & (np.abs(m - 1) > 1e-3)]
    np.testing.assert_allclose(grad(m), _fd(fn, m), rtol=1e-6, atol=1e-9)


def test_classification_gradients_match_finite_differences():
    rng = np.random.default_rng(7)
    Z, labels = rng.normal(size=(4, 3)), np.array([0, 2, 1, 1])
    np.testing.assert_allclose(losses.cross_entropy_grad(Z, labels),
                               _fd(lambda W: losses.cross_entropy(W, labels), Z), atol=1e-9)
    z, y = rng.normal(size=5), rng.uniform(size=5)
    np.testing.assert_allclose(losses.binary_cross_entropy_grad(z, y),
                               _fd(lambda v: losses.binary_cross_entropy(v, y), z), atol=1e-9)
    a, p, n = rng.normal(size=(3, 5, 2))
    for k, g in enumerate(losses.triplet_loss_grad(a, p, n, 0.5)):
        def f(v, k=k):
            args = [a, p, n]
            args[k] = v
            return losses.triplet_loss(*args, 0.5)
        np.testing.assert_allclose(g, _fd(f, [a, p, n][k]), atol=1e-8)


def test_information_gradients_match_finite_differences():
    p = np.array([0.1, 0.2, 0.7])
    q = np.array([0.3, 0.3, 0.4])
    # KL as a function of unconstrained q (the formula sum p log(p/q) extended off the simplex)
    def kl(v):
        return float(np.sum(p * np.log(p / v)))
    np.testing.assert_allclose(losses.kl_divergence_grad(p, q), _fd(kl, q), rtol=1e-6)
    np.testing.assert_allclose(losses.entropy_grad(p),
                               _fd(lambda v: float(-np.sum(v * np.log(v))), p), rtol=1e-6)


# --- laws that hold for all inputs -------------------------------------------------------------
residuals = arrays(np.float64, st.integers(1, 20), elements=st.floats(-1e4, 1e4))
deltas = st.floats(1e-3, 1e3)


# --- relative accuracy at the extremes, against mpmath (50 digits) ----------------------------
def _mp(fn, values):
    import mpmath

    mpmath.mp.dps = 50
    return np.array([float(fn(mpmath.mpf(float(v)))) for v in values])


def test_log_cosh_keeps_relative_accuracy_for_tiny_and_huge_residuals():
    import mpmath

    r = np.array([1e-300, 3e-9, 1e-7, 1e-4, 0.3, 0.999, 1.0, 1.5, 20.0, 700.0, 1e4])
    got = losses.log_cosh(np.zeros_like(r), r, reduction="none")
    want = _mp(lambda v: mpmath.log(mpmath.cosh(v)), r)
    assert np.all(np.abs(got - want) <= 4 * np.finfo(float).eps * want)
    assert got[1] == pytest.approx(4.5e-18, rel=1e-12)  # the case: not 1.1e-16


def test_binary_cross_entropy_keeps_relative_accuracy_for_confident_logits():
    import mpmath

    z = np.array([-700.0, -40.0, -5.0, -1e-8, 0.0, 1e-8, 5.0, 40.0, 700.0])
    for y in (0.0, 1.0):
        got = losses.binary_cross_entropy(z, np.full_like(z, y), reduction="none")
        # -y log s - (1 - y) log(1 - s) with s = 1 / (1 + e^-z), i.e. -log s = log1p(e^-z)
        # and -log(1 - s) = log1p(e^z), in 50 digits
        want = _mp(lambda v, y=y: y * mpmath.log1p(mpmath.exp(-v))
                   + (1 - y) * mpmath.log1p(mpmath.exp(v)), z)
        assert np.all(np.abs(got - want) <= 4 * np.finfo(float).eps * want), (y, got, want)
    assert losses.binary_cross_entropy([40.0], [1.0]) == pytest.approx(4.25e-18, rel=1e-3)


def test_logistic_loss_keeps_relative_accuracy_for_large_margins():
    import mpmath

    m = np.array([-700.0, -1.0, 0.0, 1.0, 40.0, 700.0])
    got = losses.logistic(m, reduction="none")
    want = _mp(lambda v: mpmath.log1p(mpmath.exp(-v)), m)
    assert np.all(np.abs(got - want) <= 4 * np.finfo(float).eps * want)


def test_information_measures_use_zero_log_zero_equals_zero():
    assert losses.entropy([1.0, 0.0]) == 0.0
    assert losses.kl_divergence([1.0, 0.0], [0.5, 0.5], base=2) == pytest.approx(1.0)
    assert losses.kl_divergence([0.5, 0.5], [1.0, 0.0]) == np.inf  # q misses an outcome of p


@settings(max_examples=80, deadline=None)
@given(residuals, deltas)
def test_huber_lies_between_its_bounds(r, delta):
    y = np.zeros_like(r)
    h = losses.huber(y, r, delta, reduction="none")
    a = np.abs(r)
    tol = 1e-12 * (1 + r ** 2)
    assert np.all(h <= 0.5 * r ** 2 + tol)           # at most half the squared error
    assert np.all(h <= delta * a + tol)              # at most delta times the absolute error
    assert np.all(h >= delta * a - 0.5 * delta ** 2 - tol)
    # the precise form of "Huber tends to MAE": 0 <= MAE - Huber / delta <= delta / 2
    gap = losses.mae(y, r) - losses.huber(y, r, delta) / delta
    assert -1e-9 * (1 + a.max()) <= gap <= 0.5 * delta + 1e-9 * (1 + a.max())


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, st.integers(2, 6), elements=st.floats(0, 1)),
       arrays(np.float64, st.integers(2, 6), elements=st.floats(0.01, 1)))
def test_kl_is_nonnegative_and_cross_entropy_is_entropy_plus_kl(p, q):
    n = min(len(p), len(q))
    p, q = p[:n], q[:n]
    if p.sum() == 0:
        p = np.ones(n)
    p, q = p / p.sum(), q / q.sum()
    kl = losses.kl_divergence(p, q)
    assert kl >= -1e-12
    assert losses.distribution_cross_entropy(p, q) == pytest.approx(
        losses.entropy(p) + kl, abs=1e-10)


@settings(max_examples=60, deadline=None)
@given(residuals, st.floats(0.01, 0.99))
def test_quantile_at_one_half_is_half_the_mae_and_log_cosh_is_bounded(r, tau):
    y = np.zeros_like(r)
    assert losses.quantile(y, r, 0.5) == pytest.approx(0.5 * losses.mae(y, r), rel=1e-12)
    assert losses.quantile(y, r, tau) >= 0
    lc = losses.log_cosh(y, r, reduction="none")
    assert np.all(lc <= 0.5 * r ** 2 + 1e-12) and np.all(lc >= np.abs(r) - math.log(2) - 1e-9)


@settings(max_examples=50, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 3)),
              elements=st.floats(-100, 100)), st.floats(0, 10))
def test_triplet_loss_is_nonnegative_and_silent_triplets_give_no_gradient(a, margin):
    p, n = a + 0.5, a - 1.0
    per = losses.triplet_loss(a, p, n, margin, reduction="none")
    assert np.all(per >= 0)
    for g in losses.triplet_loss_grad(a, p, n, margin, reduction="none"):
        assert np.all(g[per == 0] == 0)


def test_surrogates_bound_the_zero_one_loss():
    m = np.linspace(-3, 3, 601)
    zo = losses.zero_one(m, reduction="none")
    for fn in (losses.hinge, losses.exponential):
        assert np.all(fn(m, reduction="none") >= zo)
    assert np.all(losses.logistic(m, reduction="none") / math.log(2) >= zo - 1e-12)


def test_huber_limits_are_scaled_mae_and_half_mse():
    y, p = _regression_data(3)
    y, p = y[:50], p[:50]
    for delta in (1e-2, 1e-4, 1e-6):
        assert losses.huber(y, p, delta) / delta == pytest.approx(losses.mae(y, p), rel=1e-2)
        assert losses.huber(y, p, delta) < 1e-1 * losses.mae(y, p)  # not MAE itself
    assert losses.huber(y, p, 1e9) == pytest.approx(0.5 * losses.mse(y, p))


# --- the experiments ----------------------------------------------------------------------------
def _outlier_line(seed=0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 10, 40)
    y = 2 * x + 1 + rng.normal(scale=0.5, size=40)
    y[:4] = [60.0, 55.0, 70.0, 65.0]
    return x, y


def test_fit_line_robustness_order():
    x, y = _outlier_line()
    slopes = {k: losses.fit_line(x, y, k)[0] for k in ("mse", "mae", "huber", "log_cosh")}
    np.testing.assert_allclose(slopes["mse"], np.polyfit(x, y, 1)[0], rtol=1e-10)
    assert abs(slopes["mae"] - 2) < 0.2 and abs(slopes["huber"] - 2) < 0.2
    assert abs(slopes["log_cosh"] - 2) < 0.2
    assert abs(slopes["mse"] - 2) > 1.0
    # each fit is a minimum of its own loss
    for loss in ("huber", "log_cosh", "mae"):
        s, b = losses.fit_line(x, y, loss)
        f = getattr(losses, loss)
        base = f(y, s * x + b)
        for ds, db in ((1e-3, 0), (-1e-3, 0), (0, 1e-3), (0, -1e-3)):
            assert f(y, (s + ds) * x + b + db) >= base - 1e-12


def test_quantile_line_leaves_tau_of_the_points_below():
    rng = np.random.default_rng(1)
    x = rng.uniform(0, 1, 200)
    y = x + rng.normal(size=200)
    s, b = losses.fit_line(x, y, "quantile", tau=0.9)
    assert np.mean(y <= s * x + b) == pytest.approx(0.9, abs=0.02)


def test_exhaustive_erm_is_exact_on_one_dimensional_data():
    rng = np.random.default_rng(2)
    for _ in range(5):
        x = np.sort(rng.normal(size=9))
        t = np.where(x + 0.6 * rng.normal(size=9) > 0, 1.0, -1.0)
        res = losses.exhaustive_zero_one_erm(x[:, None], t)
        # brute force over thresholds between points and both orientations
        cuts = np.concatenate([[x[0] - 1], (x[1:] + x[:-1]) / 2, [x[-1] + 1]])
        best = min(int(np.sum(s * np.sign(x - c) != t)) for c in cuts for s in (-1, 1))
        assert res.n_errors == best and res.n_labelings == 2 ** 9
        margins = t * (x * res.w[0] + res.w[1])
        assert int(np.sum(margins <= 0)) == res.n_errors


def test_exhaustive_erm_in_2d_beats_or_ties_a_surrogate_and_matches_its_witness():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(10, 2))
    t = np.where(X[:, 0] - X[:, 1] + 0.8 * rng.normal(size=10) > 0, 1.0, -1.0)
    res = losses.exhaustive_zero_one_erm(X, t)
    W = np.array([res.w])
    assert losses.zero_one_risk(W, X, t)[0] * 10 == res.n_errors
    assert res.n_errors <= 10 * losses.zero_one_risk(np.array([[1.0, -1.0, 0.0]]), X, t)[0]
    assert "n_labelings=1024" in repr(res)


def test_zero_one_risk_is_flat_almost_everywhere():
    rng = np.random.default_rng(4)
    X, t = rng.normal(size=(20, 2)), rng.choice([-1.0, 1.0], size=20)
    W = rng.normal(size=(500, 3))
    h = 1e-7
    for j in range(3):
        E = np.zeros(3)
        E[j] = h
        assert np.mean(losses.zero_one_risk(W + E, X, t) == losses.zero_one_risk(W - E, X, t)) \
            > 0.99


def test_triplet_active_fraction_grows_with_the_margin():
    rng = np.random.default_rng(5)
    a, p, n = rng.normal(size=(3, 200, 2))
    margins = np.linspace(0, 5, 11)
    frac = losses.triplet_active_fraction(a, p, n, margins)
    assert np.all(np.diff(frac) >= 0) and frac[-1] > frac[0]
    for mg, f in zip(margins, frac, strict=True):
        assert f == np.mean(losses.triplet_loss(a, p, n, mg, reduction="none") > 0)


def test_triplet_training_is_reproducible_and_margin_keeps_triplets_active():
    rng = np.random.default_rng(6)
    centers = rng.normal(scale=2, size=(3, 4))
    labels = np.repeat(np.arange(3), 15)
    X = centers[labels] + rng.normal(size=(45, 4))
    small = losses.train_triplet_embedding(X, labels, margin=0.1, n_steps=40, seed=0)
    again = losses.train_triplet_embedding(X, labels, margin=0.1, n_steps=40, seed=0)
    large = losses.train_triplet_embedding(X, labels, margin=2.0, n_steps=40, seed=0)
    np.testing.assert_array_equal(small.embedding, again.embedding)
    assert large.active_fraction[-10:].mean() > small.active_fraction[-10:].mean()
    assert small.losses[-5:].mean() < small.losses[:5].mean()
    assert "margin=0.1" in repr(small)
    ratio, acc = losses.embedding_quality(large.embedding, labels)
    assert ratio > 1 and 0 <= acc <= 1


# --- bad input ------------------------------------------------------------------------------------
REG_FUNCS = [losses.mse, losses.mse_grad, losses.mae, losses.mae_grad, losses.huber,
             losses.huber_grad, losses.log_cosh, losses.log_cosh_grad, losses.quantile,
             losses.quantile_grad]
BAD_REGRESSION = [
    (("abc", [1.0]), {}, TypeError, "y must be an array-like"),
    (([1.0], None), {}, TypeError, "y_pred must be an array-like"),
    (([1.0, 2.0], [1.0]), {}, ValueError, r"y_pred must have the shape of y \(2,\)"),
    (([1.0, np.nan], [1.0, 2.0]), {}, ValueError, "y must contain only finite"),
    (([], []), {}, ValueError, "y must not be empty"),
    (([1.0], [1.0]), {"reduction": "avg"}, ValueError, "reduction must be one of"),
    (([1.0], [[1.0, 2.0], [3.0]]), {}, TypeError, "y_pred must be a rectangular"),
]


@pytest.mark.parametrize("fn", REG_FUNCS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("args, kwargs, exc, match", BAD_REGRESSION,
                         ids=[b[3][:20] for b in BAD_REGRESSION])
def test_regression_bad_input(fn, args, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        fn(*args, **kwargs)


@pytest.mark.parametrize("call, exc, match", [
    (lambda: losses.huber([1.0], [2.0], delta=0), ValueError, r"delta must be in \(0, inf\)"),
    (lambda: losses.huber_grad([1.0], [2.0], delta="1"), TypeError, "delta must be a real"),
    (lambda: losses.quantile([1.0], [2.0], tau=1.0), ValueError, r"tau must be in \(0, 1\)"),
    (lambda: losses.quantile_grad([1.0], [2.0], tau=0), ValueError, r"tau must be in \(0, 1\)"),
    (lambda: losses.quantile([1.0], [2.0], tau=True), TypeError, "tau must be a real number"),
])
def test_regression_bad_parameters(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


MARGIN_FUNCS = [losses.zero_one, losses.zero_one_grad, losses.hinge, losses.hinge_grad,
                losses.logistic, losses.logistic_grad, losses.exponential,
                losses.exponential_grad]


@pytest.mark.parametrize("fn", MARGIN_FUNCS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("m, kwargs, exc, match", [
    ("abc", {}, TypeError, "m must be an array-like"),
    (None, {}, TypeError, "m must be an array-like"),
    ([np.inf], {}, ValueError, "m must contain only finite"),
    ([], {}, ValueError, "m must not be empty"),
    ([1.0], {"reduction": None}, ValueError, "reduction must be one of"),
    ([1j], {}, TypeError, "m must be real-valued"),
])
def test_margin_bad_input(fn, m, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        fn(m, **kwargs)


@pytest.mark.parametrize("fn", [losses.binary_cross_entropy, losses.binary_cross_entropy_grad],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("z, y, kwargs, exc, match", [
    ("abc", [1.0], {}, TypeError, "z must be an array-like"),
    ([0.0], [1.0, 0.0], {}, ValueError, r"y must have the shape of z \(1,\)"),
    ([0.0], [2.0], {}, ValueError, r"y must contain targets in \[0, 1\]"),
    ([np.nan], [1.0], {}, ValueError, "z must contain only finite"),
    ([0.0], [1.0], {"reduction": "total"}, ValueError, "reduction must be one of"),
    ([0.0], None, {}, TypeError, "y must be an array-like"),
])
def test_bce_bad_input(fn, z, y, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        fn(z, y, **kwargs)


@pytest.mark.parametrize("fn", [losses.cross_entropy, losses.cross_entropy_grad],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("Z, y, exc, match", [
    (np.zeros(3), [0], ValueError, "Z must be a 2-D array of shape"),
    (np.zeros((2, 3)), [0, 3], ValueError, r"y must contain class labels in \[0, 2\]"),
    (np.zeros((2, 3)), [0], ValueError, r"y must have shape \(n_samples,\) = \(2,\)"),
    (np.zeros((2, 3)), [0.5, 1.0], TypeError, "y must contain integers"),
    (np.zeros((2, 3)), np.full((2, 3), 0.5), ValueError, "rows summing to 1"),
    (np.zeros((2, 3)), np.ones((2, 2)) / 2, ValueError, "y must have shape"),
    (np.full((1, 2), np.inf), [0], ValueError, "Z must contain only finite"),
    (np.zeros((1, 2)), "a", TypeError, "y must be an array-like"),
])
def test_cross_entropy_bad_input(fn, Z, y, exc, match):
    with pytest.raises(exc, match=match):
        fn(Z, y)


@pytest.mark.parametrize("call, exc, match", [
    (lambda f: f([0.5, 0.6]), ValueError, "p must sum to 1"),
    (lambda f: f([1.5, -0.5]), ValueError, "p must be a probability distribution"),
    (lambda f: f("abc"), TypeError, "p must be an array-like"),
    (lambda f: f(np.ones((2, 2, 2)) / 2), ValueError, "p must be a 1-D array or"),
    (lambda f: f([np.nan, 1.0]), ValueError, "p must contain only finite"),
    (lambda f: f([1.0], base=1), ValueError, r"base must be in \(1, inf\)"),
])
@pytest.mark.parametrize("fn", [losses.entropy, losses.entropy_grad,
                                lambda p, **k: losses.kl_divergence(p, p, **k),
                                lambda p, **k: losses.kl_divergence_grad(p, p, **k),
                                lambda p, **k: losses.distribution_cross_entropy(p, p, **k)],
                         ids=["entropy", "entropy_grad", "kl", "kl_grad", "cross_entropy"])
def test_distribution_bad_input(fn, call, exc, match):
    with pytest.raises(exc, match=match):
        call(fn)


@pytest.mark.parametrize("fn", [losses.kl_divergence, losses.kl_divergence_grad,
                                losses.distribution_cross_entropy], ids=lambda f: f.__name__)
def test_q_must_match_p(fn):
    with pytest.raises(ValueError, match=r"q must have the shape of p \(2,\)"):
        fn([0.5, 0.5], [0.2, 0.3, 0.5])
    with pytest.raises(ValueError, match="q must sum to 1"):
        fn([0.5, 0.5], [0.2, 0.3])


A2 = np.zeros((2, 2))


@pytest.mark.parametrize("fn", [losses.triplet_loss, losses.triplet_loss_grad],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("args, kwargs, exc, match", [
    ((np.zeros(2), A2, A2), {}, ValueError, "anchor must be a 2-D array"),
    ((A2, np.zeros((3, 2)), A2), {}, ValueError, "positive must have shape"),
    ((A2, A2, "x"), {}, TypeError, "negative must be an array-like"),
    ((A2, A2, A2), {"margin": -1.0}, ValueError, r"margin must be in \[0, inf\)"),
    ((A2, A2, A2), {"reduction": "avg"}, ValueError, "reduction must be one of"),
    ((A2, A2 + np.nan, A2), {}, ValueError, "positive must contain only finite"),
])
def test_triplet_bad_input(fn, args, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        fn(*args, **kwargs)


@pytest.mark.parametrize("call, exc, match", [
    (lambda: losses.train_triplet_embedding(np.zeros((4, 2)), [0, 0, 1, 1], margin=1.0,
                                            n_dims=10**9), ValueError, "n_dims must be"),
    (lambda: losses.train_triplet_embedding(np.zeros((4, 2)), [0, 0, 1, 1], margin=1.0,
                                            n_steps=10**9), ValueError, "n_steps must be"),
    (lambda: losses.train_triplet_embedding(np.zeros((4, 2)), [0, 0, 1, 1], margin=1.0,
                                            batch=10**9), ValueError, "batch must be at most"),
    (lambda: losses.triplet_active_fraction(A2, A2, A2, [-1.0]), ValueError, "margins must be"),
    (lambda: losses.triplet_active_fraction(A2, A2, A2, 1.0), ValueError, "margins must be a"),
    (lambda: losses.zero_one_risk(np.zeros((1, 2)), A2, [1, -1]), ValueError, "W must have"),
    (lambda: losses.zero_one_risk(np.zeros((1, 3)), A2, [1, 0]), ValueError,
     "t must contain only -1 and"),
    (lambda: losses.zero_one_erm_labelings(25), ValueError, "n must be an integer in"),
    (lambda: losses.exhaustive_zero_one_erm(np.zeros((23, 1)), np.ones(23)), ValueError,
     "the number of samples must be"),
    (lambda: losses.exhaustive_zero_one_erm(A2, [1.0]), ValueError, "t must have shape"),
    (lambda: losses.fit_line([1.0, 1.0], [1.0, 2.0]), ValueError, "two distinct values"),
    (lambda: losses.fit_line([1.0, 2.0], [1.0, 2.0], "l2"), ValueError, "loss must be one of"),
    (lambda: losses.fit_line([1.0, 2.0], [1.0]), ValueError, "y must have shape"),
    (lambda: losses.fit_line([1.0, 2.0], [1.0, 2.0], "huber", delta=-1), ValueError, "delta"),
    (lambda: losses.fit_line([[1.0, 2.0]], [1.0, 2.0]), ValueError, "x must be a 1-D array"),
    (lambda: losses.embedding_quality(A2, [0, 1]), ValueError, "at least two classes"),
    (lambda: losses.embedding_quality(A2, [0]), ValueError, "labels must have shape"),
    (lambda: losses.embedding_quality(np.zeros(2), [0, 1]), ValueError, "E must be a 2-D"),
    (lambda: losses.train_triplet_embedding(A2, [0, 1], margin=1.0), ValueError,
     "at least two classes with at least two samples"),
    (lambda: losses.train_triplet_embedding(np.zeros((4, 2)), [0, 0, 1, 1], margin=-1.0),
     ValueError, "margin must be in"),
    (lambda: losses.train_triplet_embedding(np.zeros((4, 2)), [0, 0, 1, 1], margin=1.0,
                                            n_steps=0), ValueError, "n_steps must be"),
    (lambda: losses.train_triplet_embedding(np.zeros((4, 2)), [0, 0, 1], margin=1.0),
     ValueError, "labels must have shape"),
    (lambda: losses.train_triplet_embedding(np.zeros((4, 2)), [0, 0, 1, 1], margin=1.0,
                                            lr=0), ValueError, "lr must be in"),
])
def test_experiment_helpers_bad_input(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


# --- the checkers -------------------------------------------------------------------------------
EXERCISES = ["huber_loss", "log_softmax", "triplet_loss"]


@pytest.mark.parametrize("name", EXERCISES)
def test_reference_and_model_solution_pass(name):
    exercise = get(name)
    assert getattr(check, name)(exercise.reference).passed
    solution = exercise.solution
    assert getattr(check, name)(solution).passed


@pytest.mark.parametrize("name, index", [(n, i) for n in EXERCISES
                                         for i in range(len(get(n).mistakes))])
def test_each_mistake_is_rejected_with_its_own_hint(name, index):
    mistake = get(name).mistakes[index]
    result = getattr(check, name)(mistake.implementation)
    assert result.status == "failed"
    assert f"likely cause: {mistake.hint}" in result.message


def test_stub_reports_not_implemented_and_wrong_shape_is_explained():
    def huber_loss(y, y_pred, delta=1.0):
        raise NotImplementedError

    assert check.huber_loss(huber_loss).status == "not implemented"
    result = check.huber_loss(lambda y, y_pred, delta=1.0: 0.0)
    assert "expected a pair (value, gradient)" in result.message
    result = check.log_softmax(lambda Z: ex._log_softmax_solution(Z)[:, :1])
    assert "expected shape" in result.message


# --- the widget -----------------------------------------------------------------------------------
def test_loss_explorer_lines_follow_the_controls():
    app = LossExplorer()
    for name, (_, family, param, _) in LOSSES.items():
        app.controls["loss"].value = name
        value, deriv = loss_curve(name, app.x, **{k: app.params[k]
                                                  for k in ("delta", "tau", "alpha")})
        np.testing.assert_allclose(app.value_line.get_ydata(), value)
        np.testing.assert_allclose(app.grad_line.get_ydata(), deriv)
        assert app.ref_lin.get_visible() == (name == "huber")
        # a slider that would do nothing for this loss is disabled
        enabled = {k for k in ("delta", "tau", "alpha") if not app.controls[k].disabled}
        assert enabled == ({param} if param else set())
        # the readout names the horizontal axis by the symbol of its label (r, m or g)
        symbol = {"regression": "r", "margin": "m", "triplet": "g"}[family]
        assert f"{symbol} = " in app.ax_value.get_xlabel()
        assert f"at {symbol} = 2" in app.readout.value and "x = 2" not in app.readout.value
    app.controls["loss"].value = "huber"
    png = app.image.value
    app.controls["delta"].value = 0.5
    np.testing.assert_allclose(app.ref_lin.get_ydata(), 0.5 * np.abs(app.x))
    assert np.max(app.grad_line.get_ydata()) == pytest.approx(0.5)
    assert app.image.value != png and "δ = 0.5" in app.readout.value
    app.update(loss="triplet", alpha=2.0)
    assert app.value_line.get_ydata()[np.argmin(np.abs(app.x))] == pytest.approx(2.0)


def test_loss_curve_triplet_gap_is_exact():
    g = np.linspace(-3, 3, 13)
    value, deriv = loss_curve("triplet", g, alpha=1.0)
    np.testing.assert_allclose(value, np.maximum(g + 1, 0), atol=1e-12)
    np.testing.assert_array_equal(deriv, (g + 1 > 0).astype(float))


def test_plot_helpers_of_the_lesson_draw_what_they_say():
    from course_lib import activations as act
    from course_lib.viz.losses import plot_activations

    ax1, ax2, ax3 = plot_activations()
    assert len(ax1.lines) == len(act.ACTIVATIONS) == len(ax2.lines)
    labels = " ".join(t.get_text() for t in ax1.get_legend().get_texts())
    for name in ("step", "linear", "prelu", "leaky_relu"):
        assert name in labels
    probs = np.array([line.get_ydata() for line in ax3.lines])
    np.testing.assert_allclose(probs.sum(axis=0), 1.0)  # softmax panel: a distribution


if __name__ == "__main__":
    table = torch_max_diffs("mean")
    table.update(torch_max_diffs_information())
    print(f"{'loss (reduction mean)':<30} {'max |Δ value|':>14} {'max |Δ gradient|':>17}")
    for key, (dv, dg) in table.items():
        print(f"{key:<30} {dv:>14.2e} {dg:>17.2e}")


# --- outliers in y against leverage in x (lesson 05, D29) -----------------------------------------
def test_contaminated_slopes_separate_outliers_in_y_from_leverage():
    clean = losses.contaminated_slopes("none", 10, ("mse", "mae"))
    assert np.all(np.abs(clean - 2) < 0.3)
    vertical = losses.contaminated_slopes("y at random x", 10, ("mse", "mae", "huber"))
    assert np.all(np.abs(vertical[:, 1:] - 2) < 0.3)          # MAE and Huber hold
    assert np.abs(vertical[:, 0] - 2).max() > 0.3             # least squares does not
    lever = losses.contaminated_slopes("one leverage point", 10, ("mse", "mae", "huber"))
    assert np.all(lever.mean(axis=0) < 1.2)                   # one point at x = 100 moves all


def test_contaminated_slopes_are_fit_line_on_the_described_data():
    slopes = losses.contaminated_slopes("y at the largest x", 2, ("mae",), n=12, n_outliers=3)
    rng = np.random.default_rng(1)
    x = rng.uniform(0, 10, 12)
    y = 2 * x + 1 + rng.normal(size=12)
    y[np.argsort(x)[-3:]] -= 25
    assert slopes[1, 0] == losses.fit_line(x, y, "mae")[0]


@pytest.mark.parametrize("args, kwargs, error, match", [
    (("outliers",), {}, ValueError, "kind must be one of"),
    (("none", 0), {}, ValueError, "n_seeds"),
    (("none", 2, "mse"), {}, TypeError, "losses must be a non-empty tuple"),
    (("none", 2, ("l2",)), {}, ValueError, "losses must be one of"),
    (("y at random x", 2), {"n_outliers": 50}, ValueError, "n_outliers"),
    (("one leverage point", 2), {"leverage_x": float("nan")}, ValueError, "leverage_x"),
])
def test_contaminated_slopes_refuse_bad_arguments(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        losses.contaminated_slopes(*args, **kwargs)
