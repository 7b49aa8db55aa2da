"""Activations: values and derivatives against torch (float64) and finite differences.

``python tests/test_activations.py`` prints the table of the largest absolute differences
from torch found on the test inputs (random values plus extremes up to ±1e4).
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

from course_lib import activations as act
from course_lib.viz.losses import ActivationExplorer

EXTREMES = np.array([-1e4, -1e3, -800.0, -50.0, -20.5, -1e-8, 0.0, 1e-8, 20.5, 50.0, 800.0,
                     1e3, 1e4])


def _inputs(seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.concatenate([3 * rng.normal(size=300), EXTREMES])


#: name -> (numpy function with its parameter bound, numpy derivative, torch function)
CASES = {
    "step": (act.step, act.step_grad, lambda t: (t >= 0).double()),
    "linear": (act.linear, act.linear_grad, lambda t: t * 1.0),
    "sigmoid": (act.sigmoid, act.sigmoid_grad, torch.sigmoid),
    "tanh": (act.tanh, act.tanh_grad, torch.tanh),
    "relu": (act.relu, act.relu_grad, F.relu),
    "leaky_relu": (lambda z: act.leaky_relu(z, 0.1), lambda z: act.leaky_relu_grad(z, 0.1),
                   lambda t: F.leaky_relu(t, 0.1)),
    "prelu": (lambda z: act.prelu(z, 0.25), lambda z: act.prelu_grad(z, 0.25)[0],
              lambda t: F.prelu(t, torch.tensor([0.25], dtype=torch.float64))),
    "elu": (lambda z: act.elu(z, 1.3), lambda z: act.elu_grad(z, 1.3),
            lambda t: F.elu(t, 1.3)),
    "softplus": (act.softplus, act.softplus_grad, F.softplus),
    "swish": (act.swish, act.swish_grad, F.silu),
}
# torch's step (a comparison) carries no gradient: ours is compared with 0 there


def _torch_value_and_grad(torch_fn, z: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    t = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    out = torch_fn(t)
    if not out.requires_grad:
        return out.detach().numpy(), None
    (g,) = torch.autograd.grad(out.sum(), t)
    return out.detach().numpy(), g.numpy()


def torch_max_diffs() -> dict[str, tuple[float, float]]:
    """Largest |ours - torch| of the value and of the derivative, per activation."""
    z = _inputs()
    table = {}
    for name, (fn, grad, torch_fn) in CASES.items():
        value, g = _torch_value_and_grad(torch_fn, z)
        g = np.zeros_like(z) if g is None else g
        table[name] = (float(np.max(np.abs(fn(z) - value))), float(np.max(np.abs(grad(z) - g))))
    Z = np.concatenate([np.random.default_rng(1).normal(size=(40, 5)) * 4,
                        [[1e4, -1e4, 0, 1, 2], [-1e4, -1e4, -1e4, -1e4, 1e4]]])
    dA = np.random.default_rng(2).normal(size=Z.shape)
    for name, fn, grad, torch_fn in (
            ("softmax", act.softmax, act.softmax_grad, F.softmax),
            ("log_softmax", act.log_softmax, act.log_softmax_grad, F.log_softmax)):
        t = torch.tensor(Z, requires_grad=True)
        out = torch_fn(t, dim=1)
        (g,) = torch.autograd.grad(out, t, grad_outputs=torch.tensor(dA))
        table[name] = (float(np.max(np.abs(fn(Z) - out.detach().numpy()))),
                       float(np.max(np.abs(grad(Z, dA) - g.numpy()))))
    return table


@pytest.fixture(scope="module")
def diffs():
    return torch_max_diffs()


@pytest.mark.parametrize("name", [*CASES, "softmax", "log_softmax"])
def test_value_and_derivative_match_torch(diffs, name):
    value_diff, grad_diff = diffs[name]
    # softplus: torch returns x itself above x = 20, off by log1p(exp(-x)) < 2.1e-9
    tol = 3e-9 if name == "softplus" else 1e-12  # torch: exactly 1 beyond 20 as well
    assert value_diff <= tol and grad_diff <= tol


@pytest.mark.parametrize("name", list(CASES))
def test_finite_on_extreme_inputs(name):
    fn, grad, _ = CASES[name]
    assert np.all(np.isfinite(fn(EXTREMES))) and np.all(np.isfinite(grad(EXTREMES)))


def test_extreme_logits_stay_finite():
    Z = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4]])
    assert np.all(np.isfinite(act.log_softmax(Z)))
    np.testing.assert_allclose(act.softmax(Z).sum(axis=1), 1.0)
    np.testing.assert_allclose(act.log_softmax(Z)[0], [0.0, -2e4, -1e4])


@pytest.mark.parametrize("name", list(CASES))
def test_derivative_matches_central_differences(name):
    fn, grad, _ = CASES[name]
    z = _inputs(3)[:300]
    z = z[np.abs(z) > 1e-3]  # away from the kinks at 0
    h = 1e-6
    numeric = (fn(z + h) - fn(z - h)) / (2 * h)
    np.testing.assert_allclose(grad(z), numeric, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("fn, grad", [(act.softmax, act.softmax_grad),
                                      (act.log_softmax, act.log_softmax_grad)])
def test_softmax_backward_matches_directional_differences(fn, grad):
    rng = np.random.default_rng(4)
    Z, dA, V = rng.normal(size=(3, 6, 4))
    h = 1e-6
    numeric = np.sum(dA * (fn(Z + h * V) - fn(Z - h * V))) / (2 * h)
    assert np.sum(grad(Z, dA) * V) == pytest.approx(numeric, rel=1e-7)


def test_softmax_along_other_axis_and_jacobian():
    Z = np.random.default_rng(5).normal(size=(3, 4))
    np.testing.assert_allclose(act.softmax(Z, axis=0), act.softmax(Z.T).T)
    z = Z[0]
    s = act.softmax(z)
    J = np.diag(s) - np.outer(s, s)
    np.testing.assert_allclose(act.softmax_grad(z, np.eye(4)[1]), J[1])


def test_prelu_slope_gradient_matches_torch_per_channel():
    rng = np.random.default_rng(6)
    Z, a = rng.normal(size=(20, 3)), np.array([0.1, 0.2, 0.3])
    zt = torch.tensor(Z, requires_grad=True)
    at = torch.tensor(a, requires_grad=True)
    out = F.prelu(zt, at)
    dout = rng.normal(size=Z.shape)
    gz, ga = torch.autograd.grad(out, [zt, at], grad_outputs=torch.tensor(dout))
    dz, da = act.prelu_grad(Z, a)
    np.testing.assert_allclose(act.prelu(Z, a), out.detach().numpy(), atol=1e-15)
    np.testing.assert_allclose(dz * dout, gz.numpy(), atol=1e-15)
    np.testing.assert_allclose((da * dout).sum(axis=0), ga.numpy(), atol=1e-12)


def test_kink_conventions_match_torch():
    zero = np.zeros(1)
    assert act.relu_grad(zero)[0] == 0.0
    assert act.leaky_relu_grad(zero, 0.1)[0] == pytest.approx(0.1)
    assert act.elu_grad(zero, 2.0)[0] == 2.0  # torch uses the left branch alpha * exp(0)
    assert act.step_grad(zero)[0] == 0.0


# --- laws that hold for all inputs -------------------------------------------------------------
finite = st.floats(-1e4, 1e4, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(1, 6)), elements=finite))
def test_log_softmax_rows_logsumexp_to_zero(Z):
    L = act.log_softmax(Z)
    m = L.max(axis=1)
    np.testing.assert_allclose(m + np.log(np.exp(L - m[:, None]).sum(axis=1)), 0.0, atol=1e-12)
    assert np.all(L <= 0)
    np.testing.assert_allclose(act.softmax(Z + 123.0), act.softmax(Z), atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, st.integers(1, 20), elements=finite))
def test_identities_of_the_sigmoid_family(z):
    s = act.sigmoid(z)
    np.testing.assert_allclose(act.sigmoid(-z), 1 - s, atol=1e-15)
    np.testing.assert_allclose(act.tanh(z), 2 * act.sigmoid(2 * z) - 1, atol=1e-14)
    np.testing.assert_allclose(act.swish(z), z * s, rtol=1e-15)
    np.testing.assert_allclose(act.softplus(z) - act.softplus(-z), z, atol=1e-10)
    assert np.all(act.sigmoid_grad(z) <= 0.25) and np.all(act.softplus_grad(z) == s)


def test_swish_has_a_plus_sign_not_a_minus():
    z = np.array([-2.0, -0.5, 0.5, 2.0])
    right = z / (1 + np.exp(-z))
    wrong = z / (1 - np.exp(-z))
    np.testing.assert_allclose(act.swish(z), right)
    assert not np.allclose(act.swish(z), wrong)
    assert np.all(wrong > 0)  # the misprint is positive everywhere: no swish dip
    assert act.swish(np.array([-1.278]))[0] == pytest.approx(-0.2785, abs=1e-4)


# --- bad input --------------------------------------------------------------------------------
ELEMENTWISE = [act.step, act.step_grad, act.linear, act.linear_grad, act.sigmoid,
               act.sigmoid_grad, act.tanh, act.tanh_grad, act.relu, act.relu_grad,
               act.leaky_relu, act.leaky_relu_grad, act.elu, act.elu_grad, act.softplus,
               act.softplus_grad, act.swish, act.swish_grad]
BAD_Z = [("abc", TypeError, "z must be an array-like"),
         (None, TypeError, "z must be an array-like"),
         ([1.0, float("nan")], ValueError, "z must (contain only finite|not contain NaN)"),
         ([[1.0, 2.0], [3.0]], TypeError, "z must be a rectangular array"),
         ([1 + 2j], TypeError, "z must be real-valued")]
#: activations whose value (and derivative) at +-inf is a defined limit the formula reaches
ACCEPT_INF = {act.step: [0.0, 1.0], act.step_grad: [0.0, 0.0], act.linear: [-np.inf, np.inf],
              act.linear_grad: [1.0, 1.0], act.sigmoid: [0.0, 1.0], act.sigmoid_grad: [0.0, 0.0],
              act.tanh: [-1.0, 1.0], act.tanh_grad: [0.0, 0.0], act.relu: [0.0, np.inf],
              act.relu_grad: [0.0, 1.0], act.elu: [-1.0, np.inf], act.elu_grad: [0.0, 1.0],
              act.softplus: [0.0, np.inf], act.softplus_grad: [0.0, 1.0]}


@pytest.mark.parametrize("fn", ELEMENTWISE, ids=lambda f: f.__name__)
@pytest.mark.parametrize("bad, exc, match", BAD_Z, ids=[b[2][:18] for b in BAD_Z])
def test_elementwise_bad_z(fn, bad, exc, match):
    with pytest.raises(exc, match=match):
        fn(bad)


@pytest.mark.parametrize("fn", ELEMENTWISE, ids=lambda f: f.__name__)
def test_infinite_z_gives_the_limit_or_a_clear_error(fn):
    if fn in ACCEPT_INF:
        with np.errstate(all="raise"):  # no NaN on the way either
            assert fn([-np.inf, np.inf]).tolist() == ACCEPT_INF[fn]
        ref = {act.sigmoid: torch.sigmoid, act.tanh: torch.tanh, act.relu: torch.relu,
               act.softplus: torch.nn.functional.softplus}.get(fn)
        if ref is not None:  # torch agrees on the limits
            assert ref(torch.tensor([-np.inf, np.inf])).tolist() == ACCEPT_INF[fn]
    else:  # swish(-inf) = -inf * 0 and leaky_relu with slope 0 would give NaN: refused
        with pytest.raises(ValueError, match="z must contain only finite"):
            fn([1.0, float("inf")])


BAD_PARAMS = [
    (lambda: act.prelu_grad([1.0], a=True), TypeError, "a must be a number"),
    (lambda: act.prelu([1.0], a=[True]), TypeError, "a must be a number"),
    (lambda: act.leaky_relu([1.0], slope=-0.1), ValueError, r"slope must be in \[0, 1\)"),
    (lambda: act.leaky_relu([1.0], slope=1.0), ValueError, r"slope must be in \[0, 1\)"),
    (lambda: act.leaky_relu_grad([1.0], slope="x"), TypeError, "slope must be a real number"),
    (lambda: act.elu([1.0], alpha=-1.0), ValueError, "alpha must be in"),
    (lambda: act.elu_grad([1.0], alpha=None), TypeError, "alpha must be a real number"),
    (lambda: act.prelu([[1.0, 2.0]], a=[0.1, 0.2, 0.3]), ValueError, "one entry per channel"),
    (lambda: act.prelu([1.0], a="x"), TypeError, "a must be an array-like"),
    (lambda: act.prelu([1.0], a=[[0.1]]), ValueError, "a must be"),
    (lambda: act.prelu_grad([1.0], a=float("nan")), ValueError, "a must contain only finite"),
    (lambda: act.prelu_grad(None, a=0.1), TypeError, "z must be"),
    (lambda: act.prelu(1.0, a=[0.1]), ValueError, "one entry per channel"),
]
BAD_AXIS = [
    (lambda f: f(3.0), ValueError, "Z must be a 1-D array or"),
    (lambda f: f(np.zeros((2, 0))), ValueError, "Z must not be empty"),
    (lambda f: f([[1.0, np.nan]]), ValueError, "Z must contain only finite"),
    (lambda f: f([[1.0, 2.0]], axis=2), ValueError, r"axis must be an integer in \[-2, 1\]"),
    (lambda f: f([[1.0, 2.0]], axis=1.0), TypeError, "axis must be an integer"),
    (lambda f: f("abc"), TypeError, "Z must be an array-like"),
]


@pytest.mark.parametrize("call, exc, match", BAD_PARAMS)
def test_bad_parameters(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


@pytest.mark.parametrize("fn", [act.softmax, act.log_softmax], ids=lambda f: f.__name__)
@pytest.mark.parametrize("call, exc, match", BAD_AXIS, ids=[b[2][:18] for b in BAD_AXIS])
def test_softmax_bad_input(fn, call, exc, match):
    with pytest.raises(exc, match=match):
        call(fn)


@pytest.mark.parametrize("fn", [act.softmax_grad, act.log_softmax_grad],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("call, exc, match", [
    *BAD_AXIS[:5],
    (lambda f: f([[1.0, 2.0]], dA=[1.0, 2.0]), ValueError, r"dA must have shape \(1, 2\)"),
    (lambda f: f([[1.0, 2.0]], dA="x"), TypeError, "dA must be an array-like"),
    (lambda f: f([[1.0, 2.0]], dA=[[1.0, np.inf]]), ValueError, "dA must contain only finite"),
])
def test_softmax_backward_bad_input(fn, call, exc, match):
    def with_dA(Z, dA=None, axis=-1):
        dA = np.zeros(np.shape(Z)) if dA is None and np.ndim(Z) > 0 else dA
        if isinstance(Z, str):
            dA = 0.0
        return fn(Z, dA, axis=axis)
    with pytest.raises(exc, match=match):
        call(with_dA)


# --- dead ReLUs ---------------------------------------------------------------------------------
def _relu_data():
    rng = np.random.default_rng(0)
    X = rng.uniform(-2, 2, size=(128, 2))
    return X, np.sin(2 * X[:, 0]) * np.cos(X[:, 1])


def test_large_learning_rate_kills_more_relus_and_is_reproducible():
    X, y = _relu_data()
    small = act.train_relu_net(X, y, lr=0.01, n_hidden=32, n_steps=200, seed=0)
    large = act.train_relu_net(X, y, lr=0.3, n_hidden=32, n_steps=200, seed=0)
    again = act.train_relu_net(X, y, lr=0.3, n_hidden=32, n_steps=200, seed=0)
    assert small.n_dead <= 1 and large.n_dead >= 10
    assert (again.n_dead, again.final_loss) == (large.n_dead, large.final_loss)
    assert "dead ReLUs" in repr(large) and 0 <= large.dead_fraction <= 1
    # the history: one count per step plus the end, the end equals n_dead
    assert large.dead_per_step.shape == (201,) and large.dead_per_step[-1] == large.n_dead
    assert np.array_equal(again.dead_per_step, large.dead_per_step)
    assert small.dead_per_step.max() <= 1 and large.dead_per_step[0] <= 1  # none dead at init
    # dead is not always forever under Adam: momentum moves units with zero gradient, so the
    # count can fall (measured with this seed: it falls at several steps)
    assert np.any(np.diff(large.dead_per_step) < 0)


def test_dead_count_agrees_with_an_independent_forward_pass():
    import torch

    X, y = _relu_data()
    res = act.train_relu_net(X, y, lr=0.3, n_hidden=16, n_steps=0, seed=3)
    gen = torch.Generator().manual_seed(3)  # the same initialisation, rebuilt here
    W1 = torch.randn(X.shape[1], 16, generator=gen, dtype=torch.float64) / X.shape[1] ** 0.5
    pre = torch.as_tensor(X) @ W1  # biases start at 0
    assert res.n_dead == int((pre <= 0).all(dim=0).sum()) == res.dead_per_step[0]


@pytest.mark.parametrize("kwargs, exc, match", [
    ({"lr": 0.0}, ValueError, "lr must be in"),
    ({"lr": 0.1, "n_hidden": 0}, ValueError, "n_hidden must be an integer in"),
    ({"lr": 0.1, "n_steps": 1.5}, TypeError, "n_steps must be an integer"),
    ({"lr": 0.1, "seed": -1}, ValueError, "seed must be an integer in"),
    ({"lr": 0.1, "X": np.zeros(5)}, ValueError, "X must be a 2-D array"),
    ({"lr": 0.1, "y": np.zeros(3)}, ValueError, "y must have shape"),
])
def test_train_relu_net_bad_input(kwargs, exc, match):
    X, y = _relu_data()
    kwargs = {"X": X, "y": y, **kwargs}
    with pytest.raises(exc, match=match):
        act.train_relu_net(kwargs.pop("X"), kwargs.pop("y"), **kwargs)


# --- the widget ---------------------------------------------------------------------------------
def test_activation_explorer_lines_follow_the_controls():
    app = ActivationExplorer()
    for name in act.ACTIVATIONS:
        app.controls["activation"].value = name
        fn, grad, param = act.ACTIVATIONS[name]
        args = () if param is None else (app.params["alpha"] if param == "alpha"
                                         else app.params["slope"],)
        np.testing.assert_allclose(app.value_line.get_ydata(), fn(app.z, *args))
        np.testing.assert_allclose(app.grad_line.get_ydata(), grad(app.z, *args))
        assert name in app.readout.value
        # sliders that would do nothing for this activation are disabled
        assert app.controls["slope"].disabled == (param not in ("slope", "a"))
        assert app.controls["alpha"].disabled == (param != "alpha")
    app.controls["activation"].value = "elu"
    png = app.image.value
    app.controls["alpha"].value = 0.5
    np.testing.assert_allclose(app.value_line.get_ydata()[0], 0.5 * math.expm1(-6.0))
    assert app.image.value != png and "elu(0.5)" in app.readout.value


if __name__ == "__main__":
    print(f"{'activation':<12} {'max |Δ value|':>14} {'max |Δ derivative|':>19}")
    for key, (dv, dg) in torch_max_diffs().items():
        print(f"{key:<12} {dv:>14.2e} {dg:>19.2e}")
