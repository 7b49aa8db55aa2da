"""Tests of lesson 11d's generative models: data, mode counting, the KL term, GAN and VAE.

References written by someone else: ``torch.distributions.kl_divergence`` for the closed-form
KL; hand-made samples whose mode counts are known; the sampling distribution of a Gaussian
mean (standard-error tolerances) for the ring data.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import generative as gen


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 6), st.integers(1, 5), st.integers(0, 10**6))
def test_kl_matches_torch_distributions(n, dim, seed):
    rng = np.random.default_rng(seed)
    mu, log_var = rng.normal(size=(n, dim)) * 2, rng.normal(size=(n, dim)) * 2
    q = torch.distributions.Normal(torch.tensor(mu), torch.tensor(np.exp(0.5 * log_var)))
    p = torch.distributions.Normal(torch.zeros(n, dim, dtype=torch.float64),
                                   torch.ones(n, dim, dtype=torch.float64))
    expected = torch.distributions.kl_divergence(q, p).sum(1).numpy()
    np.testing.assert_allclose(gen.kl_diag_gaussian(mu, log_var), expected, rtol=1e-10,
                               atol=1e-12)


def test_kl_is_zero_only_at_the_prior():
    kl = gen.kl_diag_gaussian([[0.0, 0.0], [1e-3, 0.0], [0.0, 1e-3]], np.zeros((3, 2)))
    assert kl[0] == 0 and (kl[1:] > 0).all()


def test_ring_means_and_spread_match_the_centres_within_standard_errors():
    X, mode = gen.ring_of_gaussians(20_000, n_modes=5, radius=3.0, std=0.2, random_state=1)
    C = gen.ring_centres(5, 3.0)
    assert np.allclose(np.linalg.norm(C, axis=1), 3.0)
    for k in range(5):
        pts = X[mode == k]
        se = 0.2 / np.sqrt(len(pts))
        assert np.all(np.abs(pts.mean(0) - C[k]) < 5 * se)
        assert np.all(np.abs(pts.std(axis=0, ddof=1) - 0.2) < 5 * 0.2 / np.sqrt(2 * len(pts)))
    counts = np.bincount(mode, minlength=5)   # equal mixture: binomial standard errors
    assert np.all(np.abs(counts - 4000) < 5 * np.sqrt(20_000 * 0.2 * 0.8))


def test_count_modes_on_hand_made_samples():
    C = gen.ring_centres(8, 2.0)
    rng = np.random.default_rng(0)
    # 300 points near mode 0, 100 near mode 3, 5 near mode 5, 95 at the origin (off every mode)
    S = np.concatenate([C[0] + 0.01 * rng.normal(size=(300, 2)),
                        C[3] + 0.01 * rng.normal(size=(100, 2)),
                        C[5] + 0.01 * rng.normal(size=(5, 2)), np.zeros((95, 2))])
    cov = gen.count_modes(S, C, radius=0.3, min_fraction=0.02)
    assert cov.counts.tolist() == [300, 0, 0, 100, 0, 5, 0, 0]
    assert cov.n_covered == 2            # 5 of 500 = 1 % < 2 %
    assert cov.quality == pytest.approx(405 / 500)
    assert gen.count_modes(S, C, radius=0.3, min_fraction=0.01).n_covered == 3
    assert gen.count_modes(S, C, radius=2.5, min_fraction=0.01).counts.sum() == 500


def test_training_is_reproducible_and_samples_have_the_right_shape():
    X, _ = gen.ring_of_gaussians(300, random_state=0)
    a = gen.train_gan(X, steps=20, hidden=8, random_state=3).sample(50, random_state=1)
    b = gen.train_gan(X, steps=20, hidden=8, random_state=3).sample(50, random_state=1)
    assert a.shape == (50, 2) and np.array_equal(a, b)


def test_the_kl_term_pulls_the_codes_towards_the_prior():
    X, _ = gen.ring_of_gaussians(500, random_state=0)
    kl = {}
    for w in (0.0, 1.0):
        vae = gen.train_vae(X, kl_weight=w, steps=150, hidden=16, random_state=0)
        mu, log_var = vae.encode(X)
        kl[w] = gen.kl_diag_gaussian(mu, log_var).mean()
        assert vae.history["kl"].shape == (150,)
    assert kl[1.0] < kl[0.0] / 1.5  # without the regulariser the codes drift from N(0, I)


def test_a_gan_has_no_encoder():
    X, _ = gen.ring_of_gaussians(100, random_state=0)
    with pytest.raises(ValueError, match="needs a VAE"):
        gen.train_gan(X, steps=1).encode(X)


@pytest.mark.parametrize("call, match", [
    (lambda: gen.kl_diag_gaussian(np.zeros((2, 2)), np.zeros((2, 3))), "log_var must have"),
    (lambda: gen.count_modes(np.zeros((3, 3)), gen.ring_centres(), radius=1), "samples"),
    (lambda: gen.count_modes(np.zeros((3, 2)), gen.ring_centres(), radius=0), "radius"),
    (lambda: gen.ring_of_gaussians(10**9), "n_samples"),
    (lambda: gen.train_vae(np.zeros((4, 2)), kl_weight=-1), "kl_weight"),
    (lambda: gen.train_gan(np.zeros((4, 2)), steps=10**9), "steps"),
])
def test_bad_input_is_refused_with_a_message_naming_the_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_snapshots_do_not_change_training_and_end_at_the_final_generator():
    X, _ = gen.ring_of_gaussians(300, random_state=0)
    plain = gen.train_gan(X, steps=12, hidden=8, random_state=5)
    snap = gen.train_gan(X, steps=12, hidden=8, snapshot_every=5, random_state=5)
    assert np.array_equal(plain.history["g_loss"], snap.history["g_loss"])
    assert snap.history["snapshot_steps"].tolist() == [0, 5, 10, 12]
    assert snap.history["snapshots"].shape == (4, 500, 2)
    z = torch.as_tensor(np.random.default_rng(0).standard_normal((3, 2)), dtype=torch.float64)
    with torch.no_grad():
        assert np.allclose(plain.net(z).numpy(), snap.net(z).numpy())


def test_training_explorer_follows_the_slider():
    from course_lib.viz.generative import GANTrainingExplorer

    X, _ = gen.ring_of_gaussians(300, random_state=0)
    g = gen.train_gan(X, steps=20, hidden=8, snapshot_every=10, random_state=0)
    app = GANTrainingExplorer(g, X, gen.ring_centres())
    for i in range(3):
        app.controls["step"].value = int(g.history["snapshot_steps"][i])
        assert np.allclose(app.points.get_offsets(), g.history["snapshots"][i])
        assert app.readout.value.startswith(f"step {g.history['snapshot_steps'][i]}:")
    with pytest.raises(ValueError, match="snapshot_every"):
        GANTrainingExplorer(gen.train_gan(X, steps=2, hidden=8), X, gen.ring_centres())


def test_gan_trace_agrees_with_count_modes_and_a_principal_component_fit():
    from sklearn.decomposition import PCA

    X, _ = gen.ring_of_gaussians(300, random_state=0)
    C = gen.ring_centres()
    g = gen.train_gan(X, steps=30, hidden=8, snapshot_every=10, random_state=2)
    t = gen.gan_trace(g, C, radius=0.3)
    assert t.steps.tolist() == [0, 10, 20, 30] and "GANTrace(4 snapshots" in repr(t)
    for i, S in enumerate(g.history["snapshots"]):
        cov = gen.count_modes(S, C, radius=0.3)
        assert t.covered[i] == np.flatnonzero(cov.counts >= 0.02 * len(S)).tolist()
        assert t.quality[i] == cov.quality
        var = PCA(2).fit(S).explained_variance_ * (len(S) - 1) / len(S)   # biased variance
        assert [t.length[i], t.width[i]] == pytest.approx(np.sqrt(var), rel=1e-9, abs=1e-12)
    assert len(t.table().splitlines()) == 5
    with pytest.raises(ValueError, match="snapshot_every"):
        gen.gan_trace(gen.train_gan(X, steps=2, hidden=8), C, radius=0.3)


def test_vae_statistics_are_the_per_model_measures_and_their_standard_errors():
    X, _ = gen.ring_of_gaussians(200, random_state=0)
    C = gen.ring_centres()
    vaes = [gen.train_vae(X, steps=20, hidden=8, random_state=s) for s in range(3)]
    st_ = gen.vae_statistics(vaes, X, C, radius=0.3)
    for k, v in enumerate(vaes):
        mu, log_var = v.encode(X)
        assert st_.code_std[k] == pytest.approx(mu.std(0))
        assert st_.kl[k] == pytest.approx(gen.kl_diag_gaussian(mu, log_var).mean())
        cov = gen.count_modes(v.sample(1000), C, radius=0.3)
        assert st_.n_covered[k] == cov.n_covered and st_.quality[k] == cov.quality
    se = st_.kl.std(ddof=1) / np.sqrt(3)
    assert f"{st_.kl.mean():.2f} ± {se:.2f}" in st_.summary() and "of 8" in st_.summary()
    gan = gen.train_gan(X, steps=2, hidden=8)
    with pytest.raises(ValueError, match="vaes"):
        gen.vae_statistics(vaes[:1], X, C, radius=0.3)
    with pytest.raises(ValueError, match="vaes"):
        gen.vae_statistics([vaes[0], gan], X, C, radius=0.3)
    with pytest.raises(TypeError, match="vaes"):
        gen.vae_statistics(vaes[0], X, C, radius=0.3)


def test_models_train_in_float64():
    X, _ = gen.ring_of_gaussians(100, random_state=0)
    vae = gen.train_vae(X, steps=2, hidden=8, random_state=0)
    assert all(p.dtype == torch.float64 for p in [*vae.net.parameters(),
                                                  *vae.encoder.parameters()])
    assert vae.sample(3).dtype == np.float64 and vae.encode(X)[0].dtype == np.float64


_KERNEL_SCRIPT = """
import numpy as np, sys
from course_lib import generative as gen
X, _ = gen.ring_of_gaussians(300, random_state=0)
g = gen.train_gan(X, steps=60, hidden=16, random_state=1)
v = gen.train_vae(X, steps=60, hidden=16, random_state=1)
np.save(sys.argv[1], np.concatenate([g.sample(200).ravel(), v.sample(200).ravel()]))
"""


def test_training_agrees_across_cpu_kernels(tmp_path):
    # ATen picks SIMD kernels at start-up; ATEN_CPU_CAPABILITY=default forces the scalar ones.
    # float32 (or float64 weights cast from a float32 init) differed by ~1e-8 after a few steps
    import os
    import subprocess
    import sys

    out = {}
    for cap in ("native", "default"):
        env = {k: v for k, v in os.environ.items() if k != "ATEN_CPU_CAPABILITY"}
        env["OMP_NUM_THREADS"] = "1"
        if cap != "native":
            env["ATEN_CPU_CAPABILITY"] = cap
        path = tmp_path / f"{cap}.npy"
        subprocess.run([sys.executable, "-c", _KERNEL_SCRIPT, str(path)], env=env, check=True)
        out[cap] = np.load(path)
    np.testing.assert_allclose(out["native"], out["default"], rtol=0, atol=1e-11)
