"""Deep nets trained many at once (lesson 08b's pretraining myth) against torch trained alone."""

import itertools

import numpy as np
import pytest
import torch

from course_lib import representation as rep


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = rng.uniform(size=(40, 5))
    y = (X[:, 0] + X[:, 1] > 1).astype(int) + (X[:, 2] > 0.7)
    return X, y


def _streams(seed, s):
    return [np.random.default_rng(st) for st in np.random.SeedSequence([seed, s]).spawn(3)]


def _sequential(Ws, bs, activation):
    """torch.nn.Sequential holding seed 0's weights from _init_stacks (lists of (1, ...))."""
    act = {"sigmoid": torch.nn.Sigmoid, "relu": torch.nn.ReLU, "tanh": torch.nn.Tanh}[activation]
    layers = []
    for i, (W, b) in enumerate(zip(Ws, bs, strict=True)):
        lin = torch.nn.Linear(W.shape[2], W.shape[1]).double()
        with torch.no_grad():
            lin.weight.copy_(torch.tensor(W[0]))
            lin.bias.copy_(torch.tensor(b[0, 0]))
        layers += [lin] + ([act()] if i < len(Ws) - 1 else [])
    return torch.nn.Sequential(*layers)


@pytest.mark.parametrize(("init", "activation", "optimizer"), [
    ("standard", "sigmoid", "sgd"), ("he", "relu", "sgd"), ("glorot", "tanh", "adam"),
    ("glorot_sigmoid", "sigmoid", "adam")])
def test_each_batched_run_is_a_net_trained_alone_by_torch(data, init, activation, optimizer):
    X, y = data
    lrs, n_epochs, batch = (0.05, 0.5), 3, 16
    runs = rep.train_deep_nets(X, y, depth=3, width=6, init=init, activation=activation,
                               optimizer=optimizer, lrs=lrs, n_seeds=2, n_epochs=n_epochs,
                               batch_size=batch, X_test=X[:10], y_test=y[:10], random_state=7)
    for (i, lr), s in itertools.product(enumerate(lrs), range(2)):
        init_rng, order_rng, _ = _streams(7, s)
        Ws, bs = rep._init_stacks((5, 6, 6, 6), 3, init, [init_rng])
        net = _sequential(Ws, bs, activation)
        opt = (torch.optim.SGD if optimizer == "sgd" else torch.optim.Adam)(net.parameters(),
                                                                            lr=lr)
        Xt, yt = torch.tensor(X), torch.tensor(y)
        curve = []
        for _ in range(n_epochs):
            order, total = order_rng.permutation(len(X)), 0.0
            for start in range(0, len(X), batch):
                idx = torch.as_tensor(order[start:start + batch])
                opt.zero_grad()
                loss = torch.nn.functional.cross_entropy(net(Xt[idx]), yt[idx])
                loss.backward()
                opt.step()
                total += float(loss.detach()) * len(idx) / len(X)
            curve.append(total)
        with torch.no_grad():
            final = float(torch.nn.functional.cross_entropy(net(Xt), yt))
            acc = float((net(Xt[:10]).argmax(1) == yt[:10]).double().mean())
        assert runs.train_loss[i, s] == pytest.approx(final, rel=1e-10)
        assert np.allclose(runs.curves[i, s], curve, rtol=1e-10)
        assert runs.test_accuracy[i, s] == acc


def test_gradient_norms_at_the_start_are_autograds(data):
    X, y = data
    runs = rep.train_deep_nets(X, y, depth=4, width=5, lrs=(0.1,), n_seeds=2, n_epochs=1,
                               batch_size=40)
    for s in range(2):
        Ws, bs = rep._init_stacks((5,) + (5,) * 4, 3, "standard", [_streams(0, s)[0]])
        net = _sequential(Ws, bs, "sigmoid")
        torch.nn.functional.cross_entropy(net(torch.tensor(X)), torch.tensor(y)).backward()
        ref = [float(m.weight.grad.norm()) for m in net if isinstance(m, torch.nn.Linear)]
        assert np.allclose(runs.init_grad_norms[s], ref, rtol=1e-10)


def test_pretraining_many_stacks_is_pretraining_each_alone_greedily():
    X = np.random.default_rng(3).uniform(size=(30, 6))
    widths = (6, 4, 3)
    together = rep._pretrain_stacks(X, widths, [np.random.default_rng(s) for s in (0, 1)],
                                    n_epochs=3, batch_size=8)
    # the reference: one stack, torch modules, the same draws in the same order
    rng = np.random.default_rng(1)
    H = torch.tensor(X)
    for layer, (a, b) in enumerate(itertools.pairwise(widths)):
        enc, dec = torch.nn.Linear(a, b).double(), torch.nn.Linear(b, a).double()
        with torch.no_grad():
            enc.weight.copy_(torch.tensor(rng.uniform(-1, 1, size=(b, a)) / np.sqrt(a)))
            dec.weight.copy_(torch.tensor(rng.uniform(-1, 1, size=(a, b)) / np.sqrt(b)))
            enc.bias.zero_()
            dec.bias.zero_()
        opt = torch.optim.Adam([*enc.parameters(), *dec.parameters()], lr=0.01)
        with torch.no_grad():
            before = float(((torch.sigmoid(dec(torch.sigmoid(enc(H)))) - H) ** 2).mean())
        for _ in range(3):
            order = rng.permutation(len(X))
            for start in range(0, len(X), 8):
                xb = H[torch.as_tensor(order[start:start + 8])]
                opt.zero_grad()
                ((torch.sigmoid(dec(torch.sigmoid(enc(xb)))) - xb) ** 2).mean().backward()
                opt.step()
        with torch.no_grad():
            after = float(((torch.sigmoid(dec(torch.sigmoid(enc(H)))) - H) ** 2).mean())
            assert after < before                        # each layer learned its input
            assert np.allclose(together[0][layer][1], enc.weight.numpy(), rtol=1e-10)
            assert np.allclose(together[1][layer][1, 0], enc.bias.numpy(), rtol=1e-10)
            H = torch.sigmoid(enc(H))                    # greedy: the next layer sees codes


def test_pretrained_start_uses_the_stacks_and_a_standard_output_layer(data):
    X, y = data
    runs = rep.train_deep_nets(X, y, depth=2, width=4, init="pretrained", lrs=(0.1,),
                               n_seeds=1, n_epochs=1, batch_size=40, pretrain_epochs=2)
    init_rng, _, pre_rng = _streams(0, 0)
    Ws, bs = rep._init_stacks((5, 4, 4), 3, "standard", [init_rng])
    Ws[:-1], bs[:-1] = rep._pretrain_stacks(X, (5, 4, 4), [pre_rng], n_epochs=2)
    net = _sequential(Ws, bs, "sigmoid")
    torch.nn.functional.cross_entropy(net(torch.tensor(X)), torch.tensor(y)).backward()
    ref = [float(m.weight.grad.norm()) for m in net if isinstance(m, torch.nn.Linear)]
    assert np.allclose(runs.init_grad_norms[0], ref, rtol=1e-10)


def test_deep_sigmoid_stack_from_the_standard_init_has_a_vanishing_first_layer_gradient():
    """The mechanism lesson 08b measures: 8 sigmoid layers starting from the standard init
    pass the first layer a gradient orders of magnitude below the last hidden layer's; ReLU
    with He's init does not."""
    from course_lib.autoencoders import load_digits_split

    X, _, y, _ = load_digits_split()
    ratio = {}
    for init, act in (("standard", "sigmoid"), ("he", "relu")):
        g = rep.train_deep_nets(X[:300], y[:300], init=init, activation=act, lrs=(0.01,),
                                n_seeds=3, n_epochs=1, batch_size=300).init_grad_norms
        ratio[init] = g[:, 0] / g[:, -2]
    assert np.all(ratio["standard"] < 1e-3) and np.all(ratio["he"] > 0.1)


def test_best_rate_never_picks_a_rate_that_diverged():
    loss = np.array([[0.5, np.nan], [0.9, 0.8], [np.nan, np.nan]])
    runs = rep.DeepNetRuns("he", "relu", "sgd", 8, np.array([1.0, 0.1, 10.0]), loss,
                           np.full((3, 2), np.nan), np.zeros((3, 2, 1)), np.ones((2, 9)))
    assert runs.best == 1
    assert "best lr 0.1" in repr(runs)


def test_methods_override_the_common_settings(data):
    X, y = data
    runs = rep.train_deep_methods({"deep": {}, "shallow": {"depth": 1, "init": "he"}}, X, y,
                                  depth=3, width=4, n_seeds=2, n_epochs=1, batch_size=20)
    assert [r.depth for r in runs.values()] == [3, 1]
    assert runs["shallow"].init == "he" and runs["shallow"].init_grad_norms.shape == (2, 2)


@pytest.mark.parametrize(("kwargs", "exc", "match"), [
    ({"init": "zeros"}, ValueError, "init must be one of"),
    ({"init": "pretrained", "activation": "relu"}, ValueError, "needs activation='sigmoid'"),
    ({"lrs": (0.1, -1.0)}, ValueError, r"lrs must lie in \(0, 100\]"),
    ({"depth": 11}, ValueError, "depth must be an integer in"),
    ({"batch_size": 41}, ValueError, "batch_size must be an integer in"),
    ({"X_test": np.ones((3, 5))}, ValueError, "give both X_test and y_test"),
    ({"X_unlabelled": np.ones((3, 4))}, ValueError, "X_unlabelled must have shape"),
])
def test_bad_settings_give_a_clear_error(data, kwargs, exc, match):
    X, y = data
    with pytest.raises(exc, match=match):
        rep.train_deep_nets(X, y, **{"batch_size": 20, **kwargs})


def test_bad_labels_and_methods_give_a_clear_error(data):
    X, y = data
    with pytest.raises(ValueError, match=r"labels 0 \.\. n_classes - 1"):
        rep.train_deep_nets(X, y - 1)
    with pytest.raises(TypeError, match="methods must be a non-empty dict"):
        rep.train_deep_methods({}, X, y)
    with pytest.raises(TypeError, match=r"methods\['a'\] must be a dict"):
        rep.train_deep_methods({"a": 1}, X, y)
