"""Tests of lesson 11b's skip-connection networks.

References: finite differences for the gradient norm, the structure of each block checked by
switching its layer off (a residual or highway block with a silent branch is the identity),
the conv parameter formula for the Inception block, and gradient-norm claims as statements
over several seeds.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch.nn import functional as F

from course_lib import skip_connections as sc


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    return rng.normal(size=(64, 10)), rng.integers(0, 3, size=64)


@pytest.mark.parametrize("kind", sc.KINDS)
def test_shapes_and_float64(kind):
    net = sc.make_network(kind, 5, 6, n_in=4, n_out=3)
    out = net(torch.zeros(7, 4, dtype=torch.float64))
    assert out.shape == (7, 3) and out.dtype == torch.float64
    assert len(net.layers) == 6


def test_same_seed_same_weights_and_global_generator_untouched():
    state = torch.random.get_rng_state()
    a, b = sc.make_network("plain", 3, 4, seed=5), sc.make_network("plain", 3, 4, seed=5)
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters(), strict=True))
    assert torch.equal(state, torch.random.get_rng_state())


def test_residual_and_highway_blocks_with_a_silent_branch_are_the_identity():
    x = torch.randn(5, 4, dtype=torch.float64)
    res = sc.make_network("residual", 3, 4, n_in=4, n_out=2)
    hwy = sc.make_network("highway", 3, 4, n_in=4, n_out=2)
    with torch.no_grad():
        for block in res.blocks:
            block.weight.zero_()
            block.bias.zero_()
        for gate in hwy.gates:
            gate.weight.zero_()
            gate.bias.fill_(-1e4)           # T = 0: carry everything
    for net in (res, hwy):
        expected = net.head(F.relu(net.stem(x)))
        np.testing.assert_allclose(net(x).detach().numpy(), expected.detach().numpy(),
                                   rtol=1e-12)


def test_dense_layers_read_all_earlier_outputs():
    net = sc.make_network("dense", 4, 8, n_in=3, n_out=2)
    assert [b.in_features for b in net.blocks] == [8, 12, 16, 20]
    assert net.head.in_features == 24


def test_grad_norm_matches_finite_differences(data):
    X, y = data
    g = sc.grad_norms_by_layer("highway", X, y, depth=2, width=3, seed=1)
    net = sc.make_network("highway", 2, 3, n_in=10, n_out=3, seed=1)
    W = net.stem.weight
    fd = torch.zeros_like(W)
    h = 1e-6
    with torch.no_grad():
        for idx in np.ndindex(*W.shape):
            W[idx] += h
            up = F.cross_entropy(net(torch.from_numpy(X)), torch.from_numpy(y))
            W[idx] -= 2 * h
            down = F.cross_entropy(net(torch.from_numpy(X)), torch.from_numpy(y))
            W[idx] += h
            fd[idx] = (up - down) / (2 * h)
    assert g[0] == pytest.approx(float(fd.norm()), rel=1e-6)


def test_first_layer_gradient_vanishes_only_without_skips(data):
    # a claim over ten seeds, not one: at depth 20 the plain net's first-layer gradient is
    # below every skip-connected net's in every seed, by orders of magnitude
    X, y = data
    g = sc.first_layer_grad_norms(X, y, depth=20, width=16, seeds=range(10))
    for kind in ("residual", "highway", "dense"):
        assert (g[kind] > 1e3 * g["plain"].max()).all(), kind
    # and the plain gradient shrinks with depth: median at depth 20 below depth 5
    g5 = sc.first_layer_grad_norms(X, y, kinds=["plain"], depth=5, width=16, seeds=range(10))
    assert np.median(g["plain"]) < 1e-2 * np.median(g5["plain"])


def test_training_curves_shapes_and_the_plain_net_stuck():
    task = sc.load_task()
    c = sc.train_curves(task, kinds=["plain", "residual"], depth=12, width=16, seeds=[0],
                        steps=30, batch_size=128)
    assert c["plain"].shape == (1, 30)
    # chance level is log(10) = 2.30: the plain net stays there, the residual net leaves it
    assert c["plain"][0, -5:].mean() > 2.2
    assert c["residual"][0, -5:].mean() < 1.5


def test_he_init_has_variance_two_over_fan_in_and_zero_biases_and_keeps_the_gates():
    net = sc.make_network("highway", 3, 400, n_in=300, n_out=5, init="he", seed=1)
    default = sc.make_network("highway", 3, 400, n_in=300, n_out=5, seed=1)
    for layer in [*net.layers, net.head]:
        fan_in = layer.weight.shape[1]
        assert float(layer.weight.detach().var() * fan_in) == pytest.approx(2.0, rel=0.05)
        assert not layer.bias.any()
    for a, b in zip(net.gates, default.gates, strict=True):   # the gates keep their own init
        assert torch.equal(a.bias, b.bias) and float(a.bias.detach()[0]) == -2.0
    # PyTorch's default: uniform with variance 1 / (3 fan_in)
    w = default.blocks[0].weight.detach()
    assert float(w.var() * 400) == pytest.approx(1 / 3, rel=0.05)


def test_he_init_keeps_the_plain_nets_first_layer_gradient_alive(data):
    X, y = data
    default = sc.first_layer_grad_norms(X, y, kinds=["plain"], depth=20, width=16,
                                        seeds=range(5))["plain"]
    he = sc.first_layer_grad_norms(X, y, kinds=["plain"], depth=20, width=16, seeds=range(5),
                                   init="he")["plain"]
    assert (he > 1e3 * default.max()).all()


def test_two_layer_blocks_compute_w2_relu_w1_relu_x_plus_x():
    net = sc.make_network("residual", 2, 4, n_in=3, n_out=2, block_layers=2, seed=3)
    assert len(net.layers) == 5                          # stem + 2 blocks x 2 layers
    x = torch.randn(6, 3, dtype=torch.float64)
    h = net.stem(x)
    for block in net.blocks:
        w1, w2 = block[0], block[2]
        h = h + w2(F.relu(w1(F.relu(h))))
    np.testing.assert_allclose(net(x).detach().numpy(), net.head(F.relu(h)).detach().numpy(),
                               rtol=1e-12)
    c = sc.train_curves(sc.load_task(), kinds=["residual"], depth=2, width=8, seeds=[0],
                        steps=3, block_layers=2, init="he")
    assert c["residual"].shape == (1, 3)


def test_inception_parameter_count_by_formula():
    c_in, c1, c3r, c3, c5r, c5, cp = 192, 64, 96, 128, 16, 32, 32
    block = sc.make_inception_block(c_in, c1, c3r, c3, c5r, c5, cp)
    conv = lambda ci, co, k: ci * co * k * k + co     # noqa: E731  weights + biases
    formula = (conv(c_in, c1, 1) + conv(c_in, c3r, 1) + conv(c3r, c3, 3) + conv(c_in, c5r, 1)
               + conv(c5r, c5, 5) + conv(c_in, cp, 1))
    assert sum(p.numel() for p in block.parameters()) == formula
    out = block(torch.zeros(1, c_in, 7, 7))
    assert out.shape == (1, c1 + c3 + c5 + cp, 7, 7)


@pytest.mark.parametrize(("call", "match"), [
    (lambda: sc.make_network("resnet"), "kind"),
    (lambda: sc.make_network("plain", 0), "depth"),
    (lambda: sc.make_network("plain", 10**9), "depth"),
    (lambda: sc.grad_norms_by_layer("plain", np.zeros((3, 2)), [0, 1]), "same number"),
    (lambda: sc.grad_norms_by_layer("plain", np.zeros((2, 2)), [0, -1]), "y"),
    (lambda: sc.first_layer_grad_norms(np.zeros((2, 2)), [0, 1], seeds=[-1]), "seeds"),
    (lambda: sc.train_curves("digits"), "task"),
    (lambda: sc.make_inception_block(0), "c_in"),
    (lambda: sc.make_network("plain", init="xavier"), "init"),
    (lambda: sc.make_network("plain", block_layers=3), "block_layers"),
    (lambda: sc.make_network("dense", block_layers=2), "plain and residual"),
])
def test_bad_input(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()
