"""course_lib.optim against torch.optim, torch's clipping, finite differences and theory."""

import numpy as np
import pytest
import torch
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from course_lib import optim as op


@pytest.fixture(autouse=True)
def _float64_tensors():
    """torch comparisons in float64, for this module's tests only: a default changed at import
    time leaked into every later test of the same process (other lessons' model inits)."""
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield
    torch.set_default_dtype(previous)

# few examples, derandomised, no shrinking: a failure prints its example and stops quickly
FAST = settings(max_examples=3, deadline=None, derandomize=True,
                phases=[Phase.explicit, Phase.generate])


# --- test functions: analytic gradients vs central finite differences --------------------------
@pytest.mark.parametrize("name", op.FUNCTIONS)
def test_gradients_match_finite_differences(name):
    f = op.make_function(name, condition=25.0, n_features=3, random_state=1)
    X = np.random.default_rng(0).uniform(-1.5, 1.5, size=(20, f.dim))
    G = f.grad(X)
    h = 1e-6
    for j in range(f.dim):
        E = np.zeros_like(X)
        E[:, j] = h
        fd = (f(X + E) - f(X - E)) / (2 * h)
        np.testing.assert_allclose(G[:, j], fd, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("name", ["quadratic", "rosenbrock", "saddle"])
def test_gradients_match_torch_autograd(name):
    f = op.make_function(name, condition=7.0)
    X = np.random.default_rng(1).uniform(-2, 2, size=(30, 2))
    for x in X:
        p = torch.tensor(x, requires_grad=True)
        _torch_f(name, f)(p).backward()
        np.testing.assert_allclose(f.grad(x), p.grad.numpy(), rtol=1e-12, atol=1e-12)


def test_known_minima_and_the_saddle():
    for name in ("quadratic", "rosenbrock", "saddle"):
        f = op.make_function(name)
        np.testing.assert_allclose(f.grad(f.minimum), 0, atol=1e-12)
        assert f(f.minimum) == pytest.approx(f.f_min)
    saddle = op.make_function("saddle")
    assert np.all(saddle.grad([0.0, 0.0]) == 0)          # a stationary point ...
    assert saddle([0.1, 0.0]) > 0 > saddle([0.0, 0.1])   # ... that is not a minimum


def test_quadratic_condition_number_is_the_ratio_of_curvatures():
    f = op.make_function("quadratic", condition=40.0)
    H = np.column_stack([f.grad(e) for e in np.eye(2)])  # a quadratic's gradient is H x
    eig = np.linalg.eigvalsh(H)
    assert eig.max() / eig.min() == pytest.approx(40.0)


# --- every optimiser equals torch.optim, step by step ------------------------------------------
def _torch_f(name, fun):
    if name == "quadratic":
        k = fun.params["condition"]
        return lambda p: 0.5 * (p[0] ** 2 + k * p[1] ** 2)
    if name == "rosenbrock":
        return lambda p: (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2
    if name == "saddle":
        return lambda p: p[0] ** 2 - p[1] ** 2 + 0.5 * p[1] ** 4
    raise ValueError(name)


def _torch_run(method, f, x0, n_steps, hp, clip_norm=None, follow=None, clip_value=None):
    """torch.optim's path from x0; with ``follow``, step k starts from ``follow[k]`` instead.

    Following our own path compares the two *update maps* at every step without letting a
    last-bit difference grow: Rosenbrock under RMSProp is close to chaotic, so two exact
    implementations whose kernels round differently (torch's may use fused multiply-adds)
    drift apart after 100+ steps.
    """
    p = torch.tensor(x0, requires_grad=True)
    if method in ("gd", "momentum", "nesterov"):
        mom = 0.0 if method == "gd" else hp["momentum"]
        opt = torch.optim.SGD([p], lr=hp["lr"], momentum=mom, nesterov=method == "nesterov")
    elif method == "adagrad":
        opt = torch.optim.Adagrad([p], lr=hp["lr"])
    elif method == "rmsprop":
        opt = torch.optim.RMSprop([p], lr=hp["lr"], alpha=hp.get("alpha", 0.99),
                                  momentum=hp.get("momentum", 0.0))
    else:
        opt = torch.optim.Adam([p], lr=hp["lr"], betas=(hp.get("beta1", 0.9),
                                                        hp.get("beta2", 0.999)))
    path = [p.detach().clone().numpy()]
    for k in range(n_steps):
        if follow is not None:
            with torch.no_grad():
                p.copy_(torch.tensor(follow[k]))
        opt.zero_grad()
        if callable(getattr(f, "grad", None)):
            # the same gradient oracle for both: only the optimisers' arithmetic is compared
            # (autograd's gradient differs from the analytic one in the last bit, and
            # RMSProp/Adam divide by tiny numbers near a minimum, which magnifies that bit)
            p.grad = torch.tensor(f.grad(p.detach().numpy()))
        else:
            f(p).backward()
        if clip_value is not None:   # the order optimize() documents: value, then norm
            torch.nn.utils.clip_grad_value_([p], clip_value)
        if clip_norm is not None:
            torch.nn.utils.clip_grad_norm_([p], clip_norm)
        opt.step()
        path.append(p.detach().clone().numpy())
    return np.array(path)


LRS = {"gd": (1e-4, 1e-3), "momentum": (1e-5, 3e-4), "nesterov": (1e-5, 3e-4),
       "adagrad": (1e-3, 0.3), "rmsprop": (1e-4, 1e-2), "adam": (1e-4, 3e-2)}


@pytest.mark.parametrize("method", op.METHODS)
@FAST
@given(data=st.data())
def test_trajectories_equal_torch_optim_for_200_steps(method, data):
    name = data.draw(st.sampled_from(["quadratic", "rosenbrock", "saddle"]))
    hp = {"lr": data.draw(st.floats(*LRS[method])),
          "momentum": data.draw(st.floats(0.05, 0.95)),  # torch's Nesterov needs > 0
          "beta1": data.draw(st.floats(0.0, 0.95)),
          "beta2": data.draw(st.floats(0.9, 0.9999)),
          "alpha": data.draw(st.floats(0.8, 0.999))}
    # only the options this method has (optimize refuses the others, as torch.optim does)
    hp = {k: v for k, v in hp.items() if k == "lr" or method in op.OPTION_METHODS[k]}
    fun = op.make_function(name, condition=data.draw(st.floats(1.0, 50.0)))
    x0 = np.array([[data.draw(st.floats(-1.5, 1.5)), data.draw(st.floats(-1.0, 1.5))]])
    ours = op.optimize(fun, x0, method, n_steps=200, **hp)
    ref = _torch_run(method, fun, x0[0], 200, hp, follow=ours.X[:, 0])
    np.testing.assert_allclose(ours.X[:, 0], ref, rtol=1e-12, atol=1e-12)
    if name == "quadratic":  # not chaotic: the free-running paths agree too
        free = _torch_run(method, fun, x0[0], 200, hp)
        np.testing.assert_allclose(ours.X[:, 0], free, rtol=1e-12, atol=1e-12)


def test_runs_with_different_methods_and_rates_in_one_call_equal_separate_calls():
    fun = op.make_function("rosenbrock")
    methods = list(op.METHODS)
    lrs = np.array([1e-3, 1e-4, 1e-4, 0.1, 1e-3, 0.01])
    x0 = np.tile([-1.0, 1.5], (len(methods), 1))
    together = op.optimize(fun, x0, methods, lr=lrs, n_steps=50)
    for i, m in enumerate(methods):
        alone = op.optimize(fun, x0[i], m, lr=lrs[i], n_steps=50)
        np.testing.assert_array_equal(together.X[:, i], alone.X[:, 0])


def test_logistic_loss_matches_torch_and_adam_equals_torch_on_it():
    fun = op.make_function("logistic", n_samples=50, n_features=3, random_state=2)
    # rebuild the loss in torch from the function's own data through its values at unit points
    w0 = np.array([0.3, -0.2, 0.1])
    ours = op.optimize(fun, w0, "adam", lr=0.05, n_steps=200)
    # torch reference through autograd of the same formula on the same data
    rng = np.random.default_rng(2)
    Xd = np.column_stack([rng.normal(size=(50, 2)), np.ones(50)])
    w_true = rng.normal(size=3)
    p = 1 / (1 + np.exp(-2 * (Xd @ w_true)))
    t = np.where(rng.uniform(size=50) < p, 1.0, -1.0)
    Xt, tt = torch.tensor(Xd), torch.tensor(t)
    w = torch.tensor(w0, requires_grad=True)
    opt = torch.optim.Adam([w], lr=0.05)
    for _ in range(200):
        opt.zero_grad()
        torch.nn.functional.softplus(-tt * (Xt @ w)).mean().backward()
        opt.step()
    np.testing.assert_allclose(ours.final[0], w.detach().numpy(), rtol=1e-12, atol=1e-12)
    assert ours.loss[-1, 0] < ours.loss[0, 0]


def test_clip_norm_inside_optimize_equals_torch_clip_grad_norm_before_the_step():
    fun = op.make_function("rosenbrock")
    hp = {"lr": 1e-3, "momentum": 0.9}
    ours = op.optimize(fun, [-1.2, 1.0], "momentum", n_steps=200, clip_norm=5.0, **hp)
    ref = _torch_run("momentum", _torch_f("rosenbrock", fun), [-1.2, 1.0], 200, hp,
                     clip_norm=5.0)
    np.testing.assert_allclose(ours.X[:, 0], ref, rtol=1e-12, atol=1e-12)


def test_clip_value_and_clip_norm_together_equal_torch_issue_repro():
    # issue 26: one gd step, lr=1, from (10, 0) on f = |x|^2 / 2 (gradient (10, 0)).
    # torch gives 9 with either order of its two clipping utilities; the course gave
    # 9.50000005 (the value-clipped (1, 0) scaled by 5 / (|unclipped| = 10))
    fun = op.make_function("quadratic", condition=1.0)
    ours = op.optimize(fun, [10.0, 0.0], "gd", lr=1.0, n_steps=1, clip_value=1.0, clip_norm=5.0)
    for value_first in (True, False):
        p = torch.tensor([10.0, 0.0], requires_grad=True)
        (0.5 * (p * p).sum()).backward()
        if value_first:
            torch.nn.utils.clip_grad_value_([p], 1.0)
        torch.nn.utils.clip_grad_norm_([p], 5.0)
        if not value_first:
            torch.nn.utils.clip_grad_value_([p], 1.0)
        torch.optim.SGD([p], lr=1.0).step()
        np.testing.assert_array_equal(ours.final[0], p.detach().numpy())


@pytest.mark.parametrize("method", op.METHODS)
def test_clip_value_then_clip_norm_equals_torch_step_by_step(method):
    # a value clip that leaves a norm above clip_norm, so both clips act (on Rosenbrock's
    # steep walls |g| reaches hundreds): the order and the norm used both matter here
    fun = op.make_function("rosenbrock")
    hp = {"lr": {"adagrad": 0.1, "rmsprop": 1e-3, "adam": 1e-2}.get(method, 1e-3)}
    if method in ("momentum", "nesterov", "rmsprop"):
        hp["momentum"] = 0.5
    ours = op.optimize(fun, [-1.2, 1.0], method, n_steps=100, clip_value=3.0, clip_norm=4.0,
                       **hp)
    ref = _torch_run(method, fun, [-1.2, 1.0], 100, hp, clip_norm=4.0, clip_value=3.0,
                     follow=ours.X[:, 0])
    np.testing.assert_allclose(ours.X[:, 0], ref, rtol=1e-12, atol=1e-12)
    g = np.clip(fun.grad(ours.X[:-1, 0]), -3.0, 3.0)
    both = np.linalg.norm(g, axis=1) > 4.0
    assert both.sum() >= 5   # the case the issue found occurs: both clips cut


@pytest.mark.parametrize("momentum", [0.0, 0.5, 0.9])
def test_rmsprop_with_momentum_equals_torch_rmsprop(momentum):
    fun = op.make_function("quadratic", condition=10.0)
    hp = {"lr": 0.01, "alpha": 0.9, "momentum": momentum}
    ours = op.optimize(fun, [2.0, 1.0], "rmsprop", n_steps=50, **hp)
    ref = _torch_run("rmsprop", fun, [2.0, 1.0], 50, hp)
    np.testing.assert_allclose(ours.X[:, 0], ref, rtol=1e-13, atol=1e-13)
    plain = op.optimize(fun, [2.0, 1.0], "rmsprop", n_steps=50, lr=0.01, alpha=0.9)
    # the buffer starts at 0, so step 1 is the same; from step 2 on momentum changes the path
    np.testing.assert_array_equal(ours.X[1], plain.X[1])
    assert (momentum == 0) == np.array_equal(ours.X[2], plain.X[2])
    # and in a call that mixes methods, the rmsprop row is the same as alone
    mixed = op.optimize(fun, [[2.0, 1.0]] * 3, ["gd", "rmsprop", "momentum"], n_steps=50,
                        lr=0.01, alpha=0.9, momentum=[0.9, momentum, 0.9])
    np.testing.assert_array_equal(mixed.X[:, 1], ours.X[:, 0])


def test_nesterov_without_momentum_is_refused_like_torch():
    with pytest.raises(ValueError, match="Nesterov momentum requires a momentum"):
        torch.optim.SGD([torch.zeros(2, requires_grad=True)], lr=0.1, momentum=0.0,
                        nesterov=True)
    with pytest.raises(ValueError, match="momentum must be > 0 for method 'nesterov'"):
        op.optimize(QUAD, [1.0, 1.0], "nesterov", momentum=0.0)


def test_adam_bias_correction_makes_the_first_step_lr_long():
    fun = op.make_function("quadratic", condition=1.0)
    x0 = np.array([[3.0, -2.0]])
    lr, b1, b2 = 0.01, 0.9, 0.999
    with_bc = op.optimize(fun, x0, "adam", lr=lr, n_steps=1)
    without = op.optimize(fun, x0, "adam", lr=lr, n_steps=1, bias_correction=False)
    # m_1 = (1-b1) g, v_1 = (1-b2) g^2: corrected, each coordinate moves lr * g/(|g| + eps)
    g = fun.grad(x0)
    np.testing.assert_allclose(with_bc.X[1] - x0, -lr * g / (np.abs(g) + 1e-8), rtol=1e-12)
    np.testing.assert_allclose(without.X[1] - x0,
                               -lr * (1 - b1) * g / (np.sqrt(1 - b2) * np.abs(g) + 1e-8),
                               rtol=1e-12)


def test_adam_bounds_the_step_but_not_the_gradient():
    fun = op.make_function("quadratic", condition=10.0)
    scale = np.ones(100)
    scale[50] = 1e4   # a gradient spike at step 51
    kw = {"n_steps": 100, "grad_scale": scale}
    adam = op.optimize(fun, [2.0, 1.0], "adam", lr=0.05, **kw)
    sgd = op.optimize(fun, [2.0, 1.0], "gd", lr=0.05, **kw)
    clipped = op.optimize(fun, [2.0, 1.0], "gd", lr=0.05, clip_norm=1.0, **kw)
    assert adam.grad_norm[50, 0] > 1e3          # Adam saw the spike, unclipped
    # Adam's step is at most lr (1 - b1) / sqrt(1 - b2) per coordinate (|m| <= ... bound)
    assert adam.step_norm[50, 0] <= 0.05 * 0.1 / np.sqrt(0.001) * np.sqrt(2) + 1e-12
    assert sgd.step_norm[50, 0] > 100 * adam.step_norm[50, 0]
    assert clipped.step_norm[50, 0] <= 0.05 * 1.0 + 1e-12


# --- single steps (the exercises' references) ---------------------------------------------------
@FAST
@given(lr=st.floats(1e-4, 1.0), mom=st.floats(0.0, 0.99), seed=st.integers(0, 1000))
def test_momentum_step_equals_torch_sgd(lr, mom, seed):
    rng = np.random.default_rng(seed)
    x0, g1, g2 = rng.normal(size=(3, 4))
    p = torch.tensor(x0, requires_grad=True)
    opt = torch.optim.SGD([p], lr=lr, momentum=mom)
    x, v = x0, np.zeros(4)
    for g in (g1, g2):
        p.grad = torch.tensor(g)
        opt.step()
        x, v = op.momentum_step(x, v, g, lr=lr, momentum=mom)
    np.testing.assert_allclose(x, p.detach().numpy(), rtol=1e-12, atol=1e-14)


@FAST
@given(lr=st.floats(1e-4, 0.5), b1=st.floats(0.0, 0.99), b2=st.floats(0.5, 0.9999),
       eps=st.sampled_from([1e-8, 1e-3, 0.1]), seed=st.integers(0, 1000))
def test_adam_step_equals_torch_adam(lr, b1, b2, eps, seed):
    rng = np.random.default_rng(seed)
    x0 = rng.normal(size=3)
    p = torch.tensor(x0, requires_grad=True)
    opt = torch.optim.Adam([p], lr=lr, betas=(b1, b2), eps=eps)
    x, m, v = x0, np.zeros(3), np.zeros(3)
    for t in range(1, 6):
        g = rng.normal(size=3) * 10.0 ** rng.integers(-3, 3)
        p.grad = torch.tensor(g)
        opt.step()
        x, m, v = op.adam_step(x, m, v, g, t, lr=lr, beta1=b1, beta2=b2, eps=eps)
    np.testing.assert_allclose(x, p.detach().numpy(), rtol=1e-12, atol=1e-14)


# --- clipping -----------------------------------------------------------------------------------
@FAST
@given(seed=st.integers(0, 10_000), limit=st.floats(1e-3, 10.0), scale=st.floats(1e-3, 1e3))
def test_clipping_equals_torch(seed, limit, scale):
    rng = np.random.default_rng(seed)
    grads = [scale * rng.normal(size=s) for s in [(3, 4), (4,), (2,)]]
    params = [torch.zeros(g.shape, requires_grad=True) for g in grads]
    for p, g in zip(params, grads, strict=True):
        p.grad = torch.tensor(g)
    total = torch.nn.utils.clip_grad_norm_(params, limit)
    ours, our_total = op.clip_by_norm(grads, limit)
    assert our_total == pytest.approx(float(total), rel=1e-12)
    for o, p in zip(ours, params, strict=True):
        np.testing.assert_allclose(o, p.grad.numpy(), rtol=1e-12, atol=1e-15)
    for p, g in zip(params, grads, strict=True):
        p.grad = torch.tensor(g)
    torch.nn.utils.clip_grad_value_(params, limit)
    for g, p in zip(grads, params, strict=True):
        np.testing.assert_array_equal(op.clip_by_value(g, limit), p.grad.numpy())


@FAST
@given(seed=st.integers(0, 10_000), lam=st.floats(1e-3, 1.0), gscale=st.floats(1e-4, 1e4))
def test_adaptive_clip_laws(seed, lam, gscale):
    rng = np.random.default_rng(seed)
    W = rng.normal(size=(5, 3))
    W[0] = 0.0   # a zero row: eps must keep it learning
    G = gscale * rng.normal(size=(5, 3))
    C = op.adaptive_clip(W, G, clipping=lam, eps=1e-3)
    wn = np.maximum(np.linalg.norm(W, axis=1), 1e-3)
    gn, cn = np.linalg.norm(G, axis=1), np.linalg.norm(C, axis=1)
    assert np.all(cn <= lam * wn * (1 + 1e-12))            # ratio bounded ...
    small = gn <= lam * wn
    np.testing.assert_array_equal(C[small], G[small])      # ... rows already small untouched
    cos = np.sum(C * G, axis=1) / (cn * gn)
    np.testing.assert_allclose(cos, 1.0, rtol=1e-12)       # ... directions kept
    assert np.all(cn[0] > 0)


def test_adaptive_clip_equals_the_torch_version_used_in_training():
    from course_lib.training import agc_

    rng = np.random.default_rng(0)
    W, G = rng.normal(size=(6, 4)), 5 * rng.normal(size=(6, 4))
    b, gb = rng.normal(size=6), 5 * rng.normal(size=6)
    pw, pb = torch.tensor(W, requires_grad=True), torch.tensor(b, requires_grad=True)
    pw.grad, pb.grad = torch.tensor(G), torch.tensor(gb)
    agc_([pw, pb], clipping=0.05)
    np.testing.assert_allclose(pw.grad.numpy(), op.adaptive_clip(W, G, clipping=0.05), rtol=1e-12)
    np.testing.assert_allclose(pb.grad.numpy(), op.adaptive_clip(b, gb, clipping=0.05),
                               rtol=1e-12)


# --- empirical vs true risk: the textbook expectations of least squares -------------------------
def test_least_squares_risks_match_their_expected_values():
    n, d, sigma, trials = 20, 5, 1.0, 4000
    r = op.linear_regression_risks(n, d, noise=sigma, n_trials=trials, random_state=0)
    # Gaussian design: E[training MSE] = s^2 (n - d) / n, E[true risk] = s^2 (1 + d / (n - d - 1))
    for key, expected in (("empirical", sigma**2 * (n - d) / n),
                          ("true", sigma**2 * (1 + d / (n - d - 1)))):
        se = r[key].std(ddof=1) / np.sqrt(trials)
        assert abs(r[key].mean() - expected) < 4 * se, (key, r[key].mean(), expected)
    assert np.all(r["true"] >= r["bayes"])


# --- bad input ----------------------------------------------------------------------------------
QUAD = op.make_function("quadratic")


@pytest.mark.parametrize(("kwargs", "exc", "match"), [
    ({"lr": 0.0}, ValueError, r"lr must be in \(0, 100\]; got 0"),
    ({"lr": 1e9}, ValueError, r"lr must be in \(0, 100\]"),
    ({"lr": -1}, ValueError, "lr must be in"),
    ({"beta1": 1.0}, ValueError, r"beta1 must be in \[0, 1\); got 1"),
    ({"beta2": -0.1}, ValueError, "beta2 must be in"),
    ({"method": "momentum", "momentum": 1.5}, ValueError, "momentum must be in"),
    ({"method": "rmsprop", "alpha": "x"}, TypeError, "alpha must be a real number"),
    ({"momentum": 0.5}, ValueError, "momentum is an option of momentum / nesterov / rmsprop"),
    ({"method": "gd", "eps": 1e-3}, ValueError, "eps is an option of adagrad"),
    ({"method": "rmsprop", "beta1": 0.9}, ValueError, "beta1 is an option of adam only"),
    ({"method": "gd", "alpha": 0.9}, ValueError, "alpha is an option of rmsprop only"),
    ({"method": "gd", "bias_correction": False}, ValueError,
     "bias_correction is an option of adam only"),
    ({"method": "nesterov", "momentum": 0.0}, ValueError, "momentum must be > 0 for method"),
    ({"method": ["nesterov", "momentum"], "x0": [[1.0, 1.0]] * 2, "momentum": [0.5, 0.0]},
     None, None),
    ({"method": ["momentum", "nesterov"], "x0": [[1.0, 1.0]] * 2, "momentum": [0.5, 0.0]},
     ValueError, "got momentum 0 for run 1"),
    ({"x0": [np.nan, 1.0]}, ValueError, "x0 must contain only finite numbers"),
    ({"x0": [1.0, 2.0, 3.0]}, ValueError, "x0 must have 2 columns"),
    ({"x0": np.zeros((2, 2, 2))}, ValueError, "x0 must be a 1-D array or a 2-D array"),
    ({"method": "adamw"}, ValueError, "method must be one of"),
    ({"method": ["adam", "gd"]}, ValueError, "method must be one name or a list"),
    ({"n_steps": 0}, ValueError, "n_steps must be an integer in"),
    ({"n_steps": 10**9}, ValueError, "n_steps must be an integer in"),
    ({"x0": np.zeros((10**5, 2)), "n_steps": 1000}, ValueError,
     "n_steps \\* n_runs \\* d must be at most"),
    ({"lr": np.array([0.1, 0.2])}, ValueError, r"lr must have shape \(n_runs,\)"),
    ({"eps": 0.0}, ValueError, "eps must be in"),
    ({"bias_correction": "no"}, TypeError, "bias_correction must be True or False"),
    ({"clip_norm": -1.0}, ValueError, "clip_norm must be in"),
    ({"grad_scale": np.ones(3)}, ValueError, "grad_scale must have shape"),
    ({"random_state": "seed"}, TypeError, "random_state must be"),
])
def test_optimize_bad_input(kwargs, exc, match):
    args = {"fun": QUAD, "x0": [1.0, 1.0], "method": "adam", "n_steps": 10, **kwargs}
    if exc is None:  # a case beside the bad ones that must be accepted
        op.optimize(**args)
        return
    with pytest.raises(exc, match=match):
        op.optimize(**args)


def test_other_bad_input():
    with pytest.raises(ValueError, match="name must be one of"):
        op.make_function("himmelblau")
    with pytest.raises(ValueError, match="condition must be in"):
        op.make_function("quadratic", condition=0.5)
    with pytest.raises(TypeError, match="fun must be a TestFunction"):
        op.optimize(lambda x: x, [1.0, 1.0])
    with pytest.raises(ValueError, match="max_norm must be in"):
        op.clip_by_norm([np.ones(2)], 0.0)
    with pytest.raises(ValueError, match=r"grads\[1\] must contain only finite"):
        op.clip_by_norm([np.ones(2), [np.inf]], 1.0)
    with pytest.raises(ValueError, match="G must have shape like W"):
        op.adaptive_clip(np.ones((2, 3)), np.ones((3, 2)))
    with pytest.raises(ValueError, match="t must be an integer in"):
        op.adam_step([1.0], [0.0], [0.0], [1.0], t=0)
    with pytest.raises(ValueError, match="n_samples must be an integer in"):
        op.linear_regression_risks(3, 5)


# --- learning-rate sweeps and mini-batches ------------------------------------------------------
def test_lr_sweep_equals_separate_runs_and_picks_the_fastest_rate_that_stays_converged():
    f = op.make_function("quadratic", condition=20.0)
    lrs = np.logspace(-3, 0, 13)
    sw = op.lr_sweep(f, [-2.0, 1.0], ["gd", "rmsprop"], lrs, n_steps=400, tol=1e-6)
    for i, m in enumerate(sw.methods):
        for j, lr in enumerate(lrs):
            one = op.optimize(f, [-2.0, 1.0], m, lr=lr, n_steps=400)
            gap = one.loss[:, 0]
            stays = [k for k in range(401) if np.all(gap[k:] < 1e-6)]
            assert sw.steps[i, j] == (stays[0] if stays else 401)
            assert sw.final[i, j] == (gap[-1] if np.isfinite(gap[-1]) else np.inf)
        fastest = sw.steps[i].min()
        assert sw.steps[i, sw.best[i]] == fastest
        tied = np.flatnonzero(sw.steps[i] == fastest)
        assert sw.final[i, sw.best[i]] == sw.final[i, tied].min()
        k = sw.best_run(m)
        assert sw.trajectory.methods[k] == m
    # gradient descent diverges above 2 / condition = 0.1: never the best
    assert sw.lrs[sw.best[0]] < 0.1 and np.isinf(sw.final[0, lrs > 0.11]).all()
    assert "2 methods x 13 learning rates" in repr(sw)


def test_lr_sweep_bad_input():
    f = op.make_function("quadratic")
    with pytest.raises(ValueError, match="known minimum"):
        op.lr_sweep(op.make_function("logistic", n_features=2), [0.0, 0.0], ["gd"], [0.1])
    with pytest.raises(TypeError, match="methods must be a non-empty list"):
        op.lr_sweep(f, [1.0, 1.0], "gd", [0.1])
    with pytest.raises(ValueError, match="lrs must contain only finite"):
        op.lr_sweep(f, [1.0, 1.0], ["gd"], [np.nan])
    with pytest.raises(ValueError, match="tol must be in"):
        op.lr_sweep(f, [1.0, 1.0], ["gd"], [0.1], tol=0.0)
    with pytest.raises(ValueError, match="x0 must have shape"):
        op.lr_sweep(f, [1.0, 1.0, 1.0], ["gd"], [0.1])


def test_mini_batch_gradients_are_the_mean_over_the_drawn_rows_and_unbiased():
    f = op.make_function("logistic", n_samples=50, n_features=3, random_state=1)
    # all rows as the batch: the full gradient
    W = np.random.default_rng(0).normal(size=(4, 3))
    full = f.batch_grad(W, np.tile(np.arange(50), (4, 1)))
    np.testing.assert_allclose(full, f.grad(W), rtol=1e-12, atol=1e-15)
    # one row per batch, every row once: their mean is the full gradient too
    each = np.stack([f.batch_grad(W, np.full((4, 1), i)) for i in range(50)])
    np.testing.assert_allclose(each.mean(axis=0), f.grad(W), rtol=1e-12, atol=1e-15)
    # gradient descent with batch_size = n_samples is full-batch gradient descent
    a = op.optimize(f, np.zeros(3), "gd", lr=0.5, n_steps=30, batch_size=50, random_state=0)
    b = op.optimize(f, np.zeros(3), "gd", lr=0.5, n_steps=30)
    np.testing.assert_allclose(a.X, b.X, rtol=1e-12, atol=1e-14)
    # smaller batches: noisy, reproducible, and the loss still falls
    c = op.optimize(f, np.zeros((3, 3)), "gd", lr=0.5, n_steps=200, batch_size=5, random_state=2)
    d = op.optimize(f, np.zeros((3, 3)), "gd", lr=0.5, n_steps=200, batch_size=5, random_state=2)
    np.testing.assert_array_equal(c.X, d.X)
    assert not np.allclose(c.X[-1, 0], c.X[-1, 1])
    assert (c.loss[-1] < c.loss[0]).all()
    with pytest.raises(ValueError, match="batch_size needs a loss that is a mean over data"):
        op.optimize(QUAD, [1.0, 1.0], "gd", batch_size=2)
    with pytest.raises(ValueError, match="batch_size must be an integer in"):
        op.optimize(f, np.zeros(3), "gd", batch_size=51)


def test_reprs_are_informative():
    tr = op.optimize(QUAD, [[1.0, 1.0]] * 3, "adam", lr=0.1, n_steps=5)
    assert "3 runs of adam, 5 steps" in repr(tr)
    assert "condition=10.0" in repr(QUAD)


# --- the widget: a slider step recomputes the paths and redraws ---------------------------------
def test_optimizer_explorer_follows_its_controls():
    from course_lib.viz.optim import START, OptimizerExplorer

    app = OptimizerExplorer()
    before_png, before_xy = app.image.value, app.paths["adam"].get_xydata().copy()
    app.controls["lr"].value = 0.01
    assert app.image.value != before_png
    assert not np.array_equal(app.paths["adam"].get_xydata(), before_xy)
    chosen = [m for m in op.METHODS if m in app.params["methods"]]
    ref = op.optimize(op.make_function("quadratic", condition=10.0),
                      np.tile(START["quadratic"], (len(chosen), 1)), chosen, lr=0.01,
                      n_steps=200, momentum=[0.9 if m == "momentum" else 0.0 for m in chosen],
                      beta1=0.9, beta2=0.999, alpha=0.999)
    np.testing.assert_array_equal(app.paths["adam"].get_xydata(), ref.X[:, chosen.index("adam")])
    assert "lr = 0.0100" in app.readout.value
    app.update(function="rosenbrock", methods=("gd", "adam"))
    assert not app.paths["rmsprop"].get_visible() and app.paths["gd"].get_visible()
    assert app.last_trajectory.X.shape == (201, 2, 2) and "rosenbrock" in app.readout.value
    app.update(lr=1.0, function="quadratic", methods=("gd",))   # diverges: reported, not drawn
    assert "gd: diverged" in app.readout.value
    assert set(app.last_update_ms) == {"compute", "draw"}
    # the μ slider is SGD momentum's: RMSProp keeps torch's default (none); Nesterov at μ = 0
    # is not run (torch refuses it) and the readout says why
    app.update(function="quadratic", lr=0.01, methods=("nesterov", "rmsprop"), momentum=0.0)
    alone = op.optimize(op.make_function("quadratic", condition=10.0), START["quadratic"],
                        "rmsprop", lr=0.01, alpha=0.999, n_steps=200)
    np.testing.assert_array_equal(app.paths["rmsprop"].get_xydata(), alone.X[:, 0])
    assert not app.paths["nesterov"].get_visible()
    assert "nesterov: needs μ > 0" in app.readout.value


def test_compare_reports_the_validation_accuracy_of_the_weights_it_keeps():
    """compare's val_accuracy equals scikit-learn's accuracy_score on a validation set rebuilt
    by hand, for the final weights and for the best weights early stopping restores."""
    from sklearn.metrics import accuracy_score

    from course_lib import training as tr
    from course_lib.datasets import make_2d_dataset

    cfgs = {"plain": {"model": {"width": 8, "depth": 1}, "train": {"n_epochs": 30, "lr": 0.3}},
            "stopped": {"model": {"width": 8, "depth": 1},
                        "train": {"n_epochs": 30, "lr": 0.3, "patience": 2}}}
    res = tr.compare(cfgs, dataset="moons", n_train=40, n_val=30, n_test=20, seeds=[2])
    (X, y), (Xv, yv) = (make_2d_dataset("moons", n, noise=0.1, random_state=2000 + k)
                        for k, n in enumerate((40, 30)))
    for name, cfg in cfgs.items():
        model = tr.MLP(2, **{"seed": 2, **cfg["model"]})
        tr.train(model, X, y, X_val=Xv, y_val=yv, **{"seed": 2, **cfg["train"]})
        with torch.no_grad():
            pred = (model(torch.as_tensor(Xv)) > 0).numpy().ravel()
        assert res[name]["val_accuracy"][0] == accuracy_score(yv, pred)
