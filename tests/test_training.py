"""course_lib.training: the torch experiments of lesson 06, checked against theory and autograd."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import training as tr
from course_lib.datasets import make_moons_2d


# --- all-zero / constant initialisation: the symmetry argument ----------------------------------
def test_zero_init_sigmoid_hidden_units_stay_identical_but_the_output_layer_learns():
    r = tr.symmetry_experiment("sigmoid", "zeros", n_hidden=5, n_epochs=6)
    assert r["dW1"][0] == 0 and r["db1"][0] == 0     # W2 = 0 blocks the hidden gradient ...
    assert r["dW2"][0] > 0 and r["db2"][0] > 0       # ... but hidden outputs are 1/2, not 0
    assert np.all(r["dW1"][1:] > 0)                  # from epoch 1 the hidden layer moves ...
    assert np.all(r["distinct_units"] == 1)          # ... all units the same way
    assert np.ptp(r["W1"], axis=0).max() == 0
    assert r["loss"][-1] < r["loss"][0]              # so there IS learning


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_zero_init_with_act_of_zero_equal_zero_only_the_output_bias_learns(activation):
    r = tr.symmetry_experiment(activation, "zeros", n_epochs=4)
    assert np.all(r["dW1"] == 0) and np.all(r["db1"] == 0) and np.all(r["dW2"] == 0)
    assert np.all(r["db2"][:1] > 0)


def test_constant_init_keeps_units_identical_random_init_breaks_the_symmetry():
    const = tr.symmetry_experiment("tanh", "constant", n_hidden=6, n_epochs=5)
    assert np.all(const["dW1"] > 0) and np.all(const["distinct_units"] == 1)
    rand = tr.symmetry_experiment("tanh", "default", n_hidden=6, n_epochs=5)
    assert np.all(rand["distinct_units"] == 6)


# --- gradients per layer -------------------------------------------------------------------------
def test_layer_grad_norms_equal_autograd_on_a_manual_loss():
    X, y = make_moons_2d(50, random_state=0)
    net = tr.MLP(2, 8, 3, activation="tanh", seed=1)
    norms = tr.layer_grad_norms(net, X, y)
    Xt, yt = torch.tensor(X), torch.tensor(y, dtype=torch.float64)[:, None]
    logits = net(Xt)
    # BCE written out: mean softplus(z) - y z
    loss = (torch.nn.functional.softplus(logits) - yt * logits).mean()
    grads = torch.autograd.grad(loss, [lin.weight for lin in [*net.hidden, net.out]])
    np.testing.assert_allclose(norms, [float(g.norm()) for g in grads], rtol=1e-12)


def test_sigmoid_gradients_vanish_and_relu_with_he_init_does_not():
    sig = tr.gradient_profile("sigmoid", depth=20, n_steps=0)
    relu = tr.gradient_profile("relu", depth=20, n_steps=0)
    # sigmoid' <= 1/4 per layer: the first layer's gradient is orders of magnitude smaller
    assert sig["before"][0] < 1e-6 * sig["before"][-1]
    assert relu["before"][0] > 1e-2 * relu["before"][-1]


def test_dead_relus_pass_no_gradient_and_leaky_relus_do():
    X, _ = make_moons_2d(100, random_state=0)
    dead = tr.MLP(2, 16, 3, activation="relu", init="he", bias_value=-10.0)
    leaky = tr.MLP(2, 16, 3, activation="leaky_relu", init="he", bias_value=-10.0)
    assert tr.dead_units(dead, X).tolist() == [16, 16, 16]
    assert tr.dead_units(leaky, X).tolist() == [0, 0, 0]
    y = (X[:, 0] > 0).astype(float)
    assert tr.layer_grad_norms(dead, X, y)[0] == 0
    assert tr.layer_grad_norms(leaky, X, y)[0] > 0


# --- a deep linear net is one matrix -------------------------------------------------------------
def test_deep_linear_net_is_one_affine_map_and_no_better_than_least_squares():
    r = tr.deep_linear_experiment(depth=3, width=6, n_epochs=150)
    assert r["max_gap"] < 1e-10
    assert r["product"].shape == (2, 4) and r["rank"] <= 2
    assert r["mse_linear_net"] >= r["mse_least_squares"] - 1e-12   # lstsq is the optimum
    assert r["mse_relu_net"] < r["mse_least_squares"]


# --- training: early stopping, AGC, parameter budgets ---------------------------------------------
def test_early_stopping_restores_the_best_validation_epoch():
    X, y = make_moons_2d(60, noise=0.3, random_state=0)
    Xv, yv = make_moons_2d(200, noise=0.3, random_state=1)
    net = tr.MLP(2, 64, 2, init="he", seed=0)
    h = tr.train(net, X, y, X_val=Xv, y_val=yv, optimizer="adam", lr=0.02, n_epochs=300,
                 patience=15)
    assert h.stopped_early and h.best_epoch == int(np.argmin(h.val_loss)) + 1
    assert len(h.val_loss) == h.best_epoch + 15
    Xt, yt = torch.tensor(Xv), torch.tensor(yv, dtype=torch.float64)[:, None]
    with torch.no_grad():
        restored = torch.nn.functional.binary_cross_entropy_with_logits(net(Xt), yt)
    assert float(restored) == pytest.approx(h.val_loss.min(), rel=1e-12)


def test_train_full_batch_sgd_equals_a_plain_torch_loop():
    X, y = make_moons_2d(40, random_state=0)
    a, b = tr.MLP(2, 5, 2, seed=3), tr.MLP(2, 5, 2, seed=3)
    tr.train(a, X, y, lr=0.3, momentum=0.5, n_epochs=20)
    opt = torch.optim.SGD(b.parameters(), lr=0.3, momentum=0.5)
    Xt, yt = torch.tensor(X), torch.tensor(y, dtype=torch.float64)[:, None]
    for _ in range(20):
        opt.zero_grad()
        torch.nn.functional.binary_cross_entropy_with_logits(b(Xt), yt).backward()
        opt.step()
    for pa, pb in zip(a.parameters(), b.parameters(), strict=True):
        torch.testing.assert_close(pa, pb, rtol=0, atol=0)


@settings(max_examples=25, deadline=None)
@given(n_in=st.integers(1, 10), n_out=st.integers(1, 5), depth=st.integers(1, 8),
       budget=st.integers(50, 3000))
def test_width_for_budget_is_the_largest_width_within_budget(n_in, n_out, depth, budget):
    try:
        w = tr.width_for_budget(n_in, n_out, depth, budget)
    except ValueError:
        assert tr.n_parameters(tr.MLP(n_in, 1, depth, n_out)) > budget
        return
    assert tr.n_parameters(tr.MLP(n_in, w, depth, n_out)) <= budget
    assert tr.n_parameters(tr.MLP(n_in, w + 1, depth, n_out)) > budget


def test_compare_runs_every_config_and_seed():
    cfg = {"a": {"model": {"width": 8, "depth": 1}, "train": {"n_epochs": 5}},
           "b": {"model": {"width": 4, "depth": 2}, "train": {"n_epochs": 5, "agc": 0.1}}}
    res = tr.compare(cfg, dataset="moons", n_train=30, n_val=20, n_test=50, seeds=(0, 1))
    assert set(res) == {"a", "b"}
    assert res["a"]["test_accuracy"].shape == (2,) and res["a"]["parameters"] == 33
    # final_loss per seed: the first seed's is its history's last training loss
    assert res["b"]["final_loss"].shape == (2,)
    assert res["b"]["final_loss"][0] == res["b"]["history"].train_loss[-1]


def test_compare_clip_norm_control_runs_and_differs_from_no_clipping():
    base = {"model": {"width": 8, "depth": 2}, "train": {"n_epochs": 3, "lr": 1.0}}
    cfg = {"plain": base, "clipped": {**base, "train": {**base["train"], "clip_norm": 0.01}}}
    res = tr.compare(cfg, dataset="moons", n_train=30, n_val=20, n_test=50, seeds=(0,))
    assert res["plain"]["final_loss"][0] != res["clipped"]["final_loss"][0]


# --- bad input ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("call", "exc", "match"), [
    (lambda: tr.MLP(2, 0, 3), ValueError, "width must be an integer in"),
    (lambda: tr.MLP(2, 4, 10**9), ValueError, "depth must be an integer in"),
    (lambda: tr.MLP(2, 4, 2, activation="gelu"), ValueError, "activation must be one of"),
    (lambda: tr.MLP(2, 4, 2, dropout=1.0), ValueError, "dropout must be in"),
    (lambda: tr.MLP(2, 4, 2, init=None), ValueError, "init must be one of"),
    (lambda: tr.train(tr.MLP(2, 4, 1), np.ones((3, 2)), [0, 1, 1], lr=0.0), ValueError,
     "lr must be in"),
    (lambda: tr.train(tr.MLP(2, 4, 1), np.ones((3, 2)), [0, 1, 2]), ValueError,
     "y must contain 0/1 labels"),
    (lambda: tr.train(tr.MLP(2, 4, 1), np.ones((3, 3)), [0, 1, 1]), ValueError,
     "X must have 2 columns"),
    (lambda: tr.train(tr.MLP(2, 4, 1), [[np.nan, 1.0]], [1]), ValueError, "X must contain"),
    (lambda: tr.train(tr.MLP(2, 4, 1), np.ones((3, 2)), [0, 1, 1], patience=3), ValueError,
     "patience .* needs a validation split"),
    (lambda: tr.train("net", np.ones((3, 2)), [0, 1, 1]), TypeError, "model must be"),
    (lambda: tr.width_for_budget(2, 1, 5, 10), ValueError, "budget must allow"),
    (lambda: tr.gradient_profile("swish"), ValueError, "activation must be one of"),
    (lambda: tr.compare({}), TypeError, "configs must be a non-empty dict"),
])
def test_bad_input_gets_clear_errors(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_repr():
    net = tr.MLP(2, 8, 3, activation="relu", residual=True, batchnorm=True, dropout=0.1)
    text = repr(net)
    assert "2 -> 3 x 8 -> 1" in text and "batch norm" in text and "dropout 0.1" in text
