"""Autoencoders against references: torch autograd, closed forms, PCA, a theorem, Monte Carlo."""

import numpy as np
import pytest
import scipy.special
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import autoencoders as ae
from course_lib.pca import fit_pca


@pytest.fixture(scope="module")
def toy():
    rng = np.random.default_rng(0)
    return rng.normal(size=(200, 6)) * np.sqrt([4.0, 2.0, 1.0, 0.3, 0.2, 0.1])


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000))
def test_contractive_penalty_equals_the_autograd_jacobian(seed):
    rng = np.random.default_rng(seed)
    d, h = int(rng.integers(1, 6)), int(rng.integers(1, 5))
    W, b, X = rng.normal(size=(h, d)), rng.normal(size=h), rng.normal(size=(3, d))
    ours = ae.contractive_penalty(X, W, b)
    Wt, bt = torch.tensor(W), torch.tensor(b)
    for x, value in zip(X, ours, strict=False):
        J = torch.autograd.functional.jacobian(lambda v: torch.sigmoid(Wt @ v + bt),
                                               torch.tensor(x))
        assert value == pytest.approx(float(torch.sum(J**2)), rel=1e-10, abs=1e-14)


def test_linear_ae_gradients_equal_autograd(toy):
    rng = np.random.default_rng(1)
    We, Wd = rng.normal(size=(2, 6)), rng.normal(size=(6, 2))
    _loss, g_enc, g_dec = ae._lae_grads(toy, We, Wd, 0.05)
    te, td = torch.tensor(We, requires_grad=True), torch.tensor(Wd, requires_grad=True)
    X = torch.tensor(toy)
    ref = torch.mean((X @ te.T @ td.T - X) ** 2) + 0.05 * (te.pow(2).sum() + td.pow(2).sum())
    ref.backward()
    assert np.allclose(g_enc, te.grad.numpy()) and np.allclose(g_dec, td.grad.numpy())


def test_linear_ae_spans_the_pca_subspace_but_not_its_basis(toy):
    res = ae.train_linear_ae(toy, 2, n_steps=2000, lr=0.02, random_state=0)
    assert res.history["angle_deg"][-1] < 0.01
    comps = fit_pca(toy, 2).components
    assert ae.decoder_alignment_deg(res.W_dec, comps) > 1.0       # not the eigenvectors
    cos = res.W_dec[:, 0] @ res.W_dec[:, 1] / np.prod(np.linalg.norm(res.W_dec, axis=0))
    assert abs(cos) > 0.01                                         # columns not orthogonal
    # the training error is PCA's: the sum of the left-out eigenvalues
    lam = fit_pca(toy, 6).explained_variance * (len(toy) - 1) / toy.size
    assert res.history["loss"][-1] == pytest.approx(lam[2:].sum(), rel=1e-6)


def test_weight_decay_gives_the_theorems_solution(toy):
    """Kunin et al. (2019): W_enc = W_dec^T, left singular vectors = eigenvectors,
    singular values sqrt(1 - lambda / s_i) with s_i the eigenvalues of X^T X / (n d)."""
    lam = 0.02
    res = ae.train_linear_ae(toy, 2, weight_decay=lam, n_steps=3000, lr=0.02, random_state=0)
    assert res.history["enc_dec_gap"][-1] < 1e-3
    comps = fit_pca(toy, 2).components
    assert ae.decoder_alignment_deg(res.W_dec, comps) < 0.5
    s = fit_pca(toy, 2).explained_variance * (len(toy) - 1) / toy.size
    sv = np.linalg.svd(res.W_dec, compute_uv=False)
    assert np.allclose(sv, np.sqrt(1 - lam / s), atol=1e-3)


def test_overcomplete_linear_ae_learns_the_identity(toy):
    res = ae.train_linear_ae(toy, 6, n_steps=1500, lr=0.02, random_state=0)
    assert np.abs(res.W_dec @ res.W_enc - np.eye(6)).max() < 1e-2


def test_gaussian_kl_matches_torch_and_monte_carlo():
    rng = np.random.default_rng(0)
    mu, logvar = rng.normal(size=(4, 3)), rng.normal(scale=0.5, size=(4, 3))
    q = torch.distributions.Normal(torch.tensor(mu), torch.tensor(np.exp(0.5 * logvar)))
    p = torch.distributions.Normal(torch.zeros(4, 3, dtype=torch.float64), 1.0)
    ref = torch.distributions.kl_divergence(q, p).sum(dim=1).numpy()
    assert np.allclose(ae.gaussian_kl(mu, logvar), ref, atol=1e-12)
    est, se = ae.gaussian_kl_mc(mu, logvar, 200_000, random_state=0)
    assert np.all(np.abs(est - ref) < 4 * se)        # a 4-SE band: fails with prob. < 1e-4


def test_kl_sparsity_equals_scipy_relative_entropy():
    rho_hat = np.array([0.02, 0.3, 0.9])
    ref = np.sum(scipy.special.rel_entr(0.05, rho_hat) + scipy.special.rel_entr(0.95, 1 - rho_hat))
    assert ae.kl_sparsity(0.05, rho_hat) == pytest.approx(ref, rel=1e-12)


def test_masking_noise_zeroes_the_right_fraction():
    X = np.ones((400, 50))
    frac = np.mean(ae.corrupt(X, "mask", 0.3, random_state=1) == 0)
    se = np.sqrt(0.3 * 0.7 / X.size)
    assert abs(frac - 0.3) < 4 * se
    noisy = ae.corrupt(X, "gaussian", 0.5, random_state=2) - X
    assert abs(noisy.std() - 0.5) < 4 * 0.5 / np.sqrt(2 * X.size)


def test_models_and_shipped_weights_round_trip():
    model = ae.Autoencoder(8, 3, hidden=(5,), output="sigmoid", random_state=1)
    X = np.random.default_rng(0).uniform(size=(10, 8))
    assert ae.encode(model, X).shape == (10, 3)
    assert np.all((ae.reconstruct(model, X) > 0) & (ae.reconstruct(model, X) < 1))
    assert ae.reconstruction_error(model, X).shape == (10,)
    vae = ae.VAE(8, 2, hidden=4)
    assert ae.encode(vae, X).shape == (10, 2)
    weights = ae.load_weights("digits")
    model = weights["deep_k8"]
    assert model.config["code_size"] == 8
    X_train = ae.load_digits_split()[0]
    assert ae.reconstruction_error(model, X_train).mean() < 0.03


def test_train_autoencoder_lowers_the_loss_and_contracts():
    X = np.random.default_rng(0).uniform(size=(64, 5))
    plain = ae.Autoencoder(5, 3, code_activation="sigmoid", random_state=0)
    cae = ae.Autoencoder(5, 3, code_activation="sigmoid", random_state=0)
    h = ae.train_autoencoder(plain, X, n_epochs=15, batch_size=64, lr=0.05)
    ae.train_autoencoder(cae, X, n_epochs=15, batch_size=64, lr=0.05, contractive_weight=1.0)
    assert h["loss"][-1] < h["loss"][0]

    def jac(m):
        return ae.contractive_penalty(X, m.encoder[0].weight.detach().numpy(),
                                      m.encoder[0].bias.detach().numpy()).mean()
    assert jac(cae) < jac(plain)


@pytest.mark.parametrize(("call", "exc", "match"), [
    (lambda: ae.corrupt(np.ones((2, 2)), "salt"), ValueError, "kind must be one of"),
    (lambda: ae.corrupt(np.ones((2, 2)), "mask", 1.5), ValueError, "level must be in"),
    (lambda: ae.corrupt(np.ones(2)), ValueError, "X must be a 2-D array"),
    (lambda: ae.contractive_penalty(np.ones((2, 3)), np.ones((2, 4)), np.ones(2)), ValueError,
     "W must have shape"),
    (lambda: ae.kl_sparsity(0.1, [0.0, 0.5]), ValueError, "rho_hat must lie strictly"),
    (lambda: ae.kl_sparsity(1.0, [0.5]), ValueError, "rho must be in"),
    (lambda: ae.gaussian_kl([[0.0]], [[0.0, 1.0]]), ValueError, "logvar must have shape"),
    (lambda: ae.gaussian_kl_mc([[0.0]], [[0.0]], 10**9), ValueError, "n_draws must be"),
    (lambda: ae.train_linear_ae(np.ones((5, 3)), 4), ValueError, "k must be an integer in"),
    (lambda: ae.train_linear_ae(np.ones((5, 3)), 0), ValueError, "k must be an integer in"),
    (lambda: ae.train_linear_ae([[np.nan, 1.0], [1.0, 2.0]], 1), ValueError, "X must contain"),
    (lambda: ae.train_linear_ae(np.ones((5, 3)), 1, n_steps=10**9), ValueError, "n_steps"),
    (lambda: ae.Autoencoder(64, 0), ValueError, "code_size must be"),
    (lambda: ae.Autoencoder(64, 8, activation="softmax"), ValueError, "activation must be"),
    (lambda: ae.Autoencoder(64, 8, hidden=32), TypeError, "hidden must be a tuple"),
    (lambda: ae.encode("model", np.ones((2, 64))), TypeError, "model must be an autoencoder"),
    (lambda: ae.encode(ae.Autoencoder(4, 2), np.ones((2, 5))), ValueError, "X must have shape"),
    (lambda: ae.train_autoencoder(ae.Autoencoder(4, 2), np.ones((2, 4)), contractive_weight=1.0),
     ValueError, "one-layer sigmoid encoder"),
    (lambda: ae.train_vae(ae.Autoencoder(4, 2), np.ones((2, 4))), TypeError, "must be a VAE"),
    (lambda: ae.train_vae(ae.VAE(4, 2), 2 * np.ones((2, 4))), ValueError,
     r"X must lie in \[0, 1\]"),
    (lambda: ae.train_vae(ae.VAE(4, 2), np.ones((2, 4)), likelihood="gauss"), ValueError,
     "likelihood must be"),
    (lambda: ae.decode_prior(ae.Autoencoder(4, 2), 3), TypeError, "must be a VAE"),
    (lambda: ae.decode_prior(ae.VAE(4, 2), 0), ValueError, "n_samples must be"),
    (lambda: ae.train_recirculation(np.ones((4, 3)), 2, rule="hebb"), ValueError, "rule must be"),
    (lambda: ae.train_recirculation(np.ones((4, 3)), 2, regression=1.0), ValueError,
     "regression must be"),
    (lambda: ae.recirculation_error({"W": 1}, np.ones((4, 3))), TypeError, "params must be"),
    (lambda: ae.load_weights("../etc"), ValueError, "name must contain only"),
    (lambda: ae.load_weights("nothere"), ValueError, "name must be one of"),
    (lambda: ae.decoder_alignment_deg(np.zeros((2, 1)), np.eye(3)), ValueError,
     "components must have shape"),
])
def test_bad_input_gives_a_clear_error(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_vae_likelihoods_and_prior_samples():
    X = np.random.default_rng(0).uniform(size=(64, 4))
    for likelihood in ("bernoulli", "squared"):
        h = ae.train_vae(ae.VAE(4, 2, hidden=8), X, beta=0.0, likelihood=likelihood, n_epochs=20,
                         lr=0.02)
        assert h["recon"][-1] < h["recon"][0]
    # squared error is allowed outside [0, 1]; the Bernoulli likelihood is not
    ae.train_vae(ae.VAE(4, 2, hidden=8), 3 * X, likelihood="squared", n_epochs=1)
    vae = ae.VAE(4, 2, hidden=8)
    a, b = ae.decode_prior(vae, 5, random_state=1), ae.decode_prior(vae, 5, random_state=1)
    assert a.shape == (5, 4) and np.array_equal(a, b) and np.all((a > 0) & (a < 1))


def test_shipped_vae_table_bernoulli_uses_its_code_squared_error_collapses():
    """Lesson 08, section 6: on every seed the Bernoulli VAE keeps more information in its code
    (KL), reconstructs better and gives samples the digit judge is surer of than the
    squared-error recipe, whose Gaussian decoder of variance 1/2 lets the KL term win."""
    t = ae.load_weights("regularised")["vae_table"].numpy()
    bern = t[(t[:, 0] == 0) & (t[:, 1] == 1)]
    sq = t[(t[:, 0] == 1) & (t[:, 1] == 1)]
    assert len(bern) == len(sq) == 10 and np.array_equal(bern[:, 2], sq[:, 2])
    assert np.all(bern[:, 3] > 3 * sq[:, 3])          # KL of the test codes
    assert np.all(bern[:, 4] < sq[:, 4])              # test MSE
    assert np.all(bern[:, 5] > sq[:, 5])              # judge's confidence on prior samples


def test_recirculation_backprop_rule_is_minus_the_gradient():
    """rule='backprop': one full-batch step equals a step down torch's gradient of half the
    summed squared error (batch mean); the initial weights come from the same seed."""
    X = np.random.default_rng(1).uniform(size=(16, 5))
    p0 = ae.train_recirculation(X, 3, rule="backprop", n_epochs=0, random_state=7)
    p1 = ae.train_recirculation(X, 3, rule="backprop", n_epochs=1, lr=0.1, batch_size=16,
                                random_state=7)
    t = {k: torch.tensor(v, requires_grad=True) for k, v in p0.items()}
    x = torch.tensor(X)
    r = torch.sigmoid(torch.sigmoid(x @ t["W"].T + t["b"]) @ t["V"].T + t["c"])
    (0.5 * ((r - x) ** 2).sum(dim=1).mean()).backward()
    for k in p0:
        assert np.allclose(p1[k], p0[k] - 0.1 * t[k].grad.numpy(), atol=1e-12)


def test_recirculation_learns_the_digits_without_backpropagation():
    X_train, X_test = ae.load_digits_split()[:2]
    untrained = ae.recirculation_error(ae.train_recirculation(X_train, 16, n_epochs=0), X_test)
    trained = ae.recirculation_error(ae.train_recirculation(X_train, 16, n_epochs=10), X_test)
    mean_digit = np.mean((X_train.mean(axis=0) - X_test) ** 2)
    assert trained.mean() < mean_digit < untrained.mean()
