"""Tiny generative models on 2-D data: a GAN, a VAE, mode counting and the VAE's KL term.

Used in ``notebooks/11d_trees_and_generative_models.ipynb`` (interview question N33 and the
erratum "generative autoencoders need no regularisation").

* Data: :func:`ring_of_gaussians` (points around ``n_modes`` centres on a circle) and
  :func:`ring_centres`.
* Models: :func:`train_gan` (a generator and a discriminator, two small MLPs, the usual
  non-saturating loss) and :func:`train_vae` (encoder to a diagonal Gaussian, decoder back, loss
  = reconstruction + ``kl_weight`` × KL). Both return a :class:`Generator2D` whose
  :meth:`~Generator2D.sample` draws new points from the prior ``N(0, I)``.
* Measures: :func:`count_modes` (how many modes receive samples, and how many samples land on
  a mode at all), :func:`kl_diag_gaussian` (the closed form of ``KL(N(μ, diag σ²) ‖ N(0, I))``),
  :func:`gan_trace` (modes, on-mode share and shape of a GAN's samples at each snapshot of its
  training) and :func:`vae_statistics` (codes, KL and modes of several VAEs, mean ± SE).

torch is imported inside the functions that train, so the module imports without it.

Training runs in float64 (parameters initialised in float64, data, codes and noise), not
torch's default float32: different CPUs' float kernels (SIMD widths, summation orders) round
float32 differently, and training, adversarial training most of all, amplifies those last-bit
differences until the same seed covers a different number of modes. In float64 the kernels
differ by about 1e-15 after training and every printed digit agrees (AVX2 and ATen's default
kernels, 1 and 4 threads); for networks this small it takes about the same time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .stats import mean_se
from .validation import check_array, check_int, check_rng, check_scalar, describe

__all__ = [
    "GANTrace",
    "Generator2D",
    "ModeCoverage",
    "VAEStatistics",
    "count_modes",
    "gan_trace",
    "kl_diag_gaussian",
    "ring_centres",
    "ring_of_gaussians",
    "train_gan",
    "train_vae",
    "vae_statistics",
]

MAX_SAMPLES = 1_000_000   # points per call: 16 MB of float64 pairs
MAX_MODES = 1000
MAX_STEPS = 20_000        # training steps; at ~2 ms a step, forty seconds
MAX_HIDDEN = 1024
MAX_LATENT = 64


def ring_centres(n_modes: int = 8, radius: float = 2.0) -> np.ndarray:
    """The centres of ``n_modes`` Gaussians evenly spaced on a circle.

    Returns
    -------
    ndarray of shape (n_modes, 2)
        Centre ``k`` is at angle ``2πk / n_modes``.

    Examples
    --------
    >>> ring_centres(4, 1.0).round(3).tolist()
    [[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [-0.0, -1.0]]
    """
    n_modes = check_int(n_modes, "n_modes", low=1, high=MAX_MODES)
    radius = check_scalar(radius, "radius", low=0, high=1e6, include_low=False)
    angle = 2 * np.pi * np.arange(n_modes) / n_modes
    return radius * np.column_stack([np.cos(angle), np.sin(angle)])


def ring_of_gaussians(n_samples: int = 1000, *, n_modes: int = 8, radius: float = 2.0,
                      std: float = 0.1, random_state: Any = 0) -> tuple[np.ndarray, np.ndarray]:
    """Points from an equal mixture of ``n_modes`` round Gaussians on a circle.

    The standard toy data for mode collapse: a model that produces only some of the modes
    is easy to see and to count.

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
    mode : ndarray of shape (n_samples,), int
        The mode each point was drawn from.

    Examples
    --------
    >>> X, mode = ring_of_gaussians(5, random_state=0)
    >>> X.shape, mode.shape
    ((5, 2), (5,))
    """
    n_samples = check_int(n_samples, "n_samples", low=1, high=MAX_SAMPLES)
    centres = ring_centres(n_modes, radius)
    std = check_scalar(std, "std", low=0, high=1e6)
    rng = check_rng(random_state)
    mode = rng.integers(len(centres), size=n_samples)
    return centres[mode] + std * rng.standard_normal((n_samples, 2)), mode


@dataclass
class ModeCoverage:
    """How samples spread over the modes of a mixture (from :func:`count_modes`).

    Attributes
    ----------
    counts : ndarray of shape (n_modes,)
        Samples within ``radius`` of each centre.
    n_covered : int
        Modes that received at least ``min_fraction`` of all samples.
    quality : float
        Fraction of all samples that lie within ``radius`` of some centre ("on a mode").
    """

    counts: np.ndarray
    n_covered: int
    quality: float

    def __repr__(self) -> str:
        return (f"ModeCoverage({self.n_covered} of {len(self.counts)} modes covered, "
                f"{self.quality:.3f} of the samples on a mode)")


def count_modes(samples: Any, centres: Any, *, radius: float,
                min_fraction: float = 0.02) -> ModeCoverage:
    """Count the modes a generator covers.

    A sample is *on* mode ``k`` when its nearest centre is ``k`` and lies within ``radius``
    (three standard deviations of a mode is the usual choice); a mode is *covered* when at
    least ``min_fraction`` of all samples are on it. A collapsed generator covers few modes;
    a blurry one covers them all but has few samples on any.

    Parameters
    ----------
    samples : array of shape (n_samples, 2)
    centres : array of shape (n_modes, 2)
    radius : float > 0
    min_fraction : float in (0, 1]

    Returns
    -------
    ModeCoverage

    Examples
    --------
    >>> c = ring_centres(4, 1.0)
    >>> count_modes([[1.0, 0.05], [0.98, 0.0], [0.0, 1.0], [5.0, 5.0]], c, radius=0.2,
    ...             min_fraction=0.25)
    ModeCoverage(2 of 4 modes covered, 0.750 of the samples on a mode)
    """
    from scipy.spatial.distance import cdist

    samples = check_array(samples, "samples", ndim=2, shape=(None, 2),
                          shape_doc="(n_samples, 2)")
    if len(samples) > MAX_SAMPLES:
        raise ValueError(f"samples has {len(samples)} rows; at most {MAX_SAMPLES} (memory of "
                         "the distance matrix)")
    centres = check_array(centres, "centres", ndim=2, shape=(None, 2),
                          shape_doc="(n_modes, 2)")
    if len(centres) > MAX_MODES:
        raise ValueError(f"centres has {len(centres)} rows; at most {MAX_MODES}")
    radius = check_scalar(radius, "radius", low=0, include_low=False)
    min_fraction = check_scalar(min_fraction, "min_fraction", low=0, high=1, include_low=False)
    dist = cdist(samples, centres)
    nearest = dist.argmin(axis=1)
    on_mode = dist[np.arange(len(samples)), nearest] <= radius
    counts = np.bincount(nearest[on_mode], minlength=len(centres))
    covered = int((counts >= min_fraction * len(samples)).sum())
    return ModeCoverage(counts, covered, float(on_mode.mean()))


def kl_diag_gaussian(mu: Any, log_var: Any) -> np.ndarray:
    """``KL(N(μ, diag σ²) ‖ N(0, I))`` for each row, in closed form.

    ``½ Σ_j (σ_j² + μ_j² − 1 − log σ_j²)``, summed over the latent dimensions ``j``: the
    term of a VAE's loss that pulls each code distribution towards the prior.

    Parameters
    ----------
    mu, log_var : arrays of shape (n_samples, latent_dim)
        Means and log-variances (``log σ²``, not ``log σ``).

    Returns
    -------
    ndarray of shape (n_samples,)

    Examples
    --------
    >>> kl_diag_gaussian([[0.0, 0.0], [1.0, 0.0]], [[0.0, 0.0], [0.0, np.log(2.0)]]).round(4)
    array([0.    , 0.6534])
    """
    mu = check_array(mu, "mu", ndim=2, shape_doc="(n_samples, latent_dim)")
    log_var = check_array(log_var, "log_var", ndim=2, shape=mu.shape,
                          shape_doc=f"{mu.shape} (the shape of mu)")
    if np.abs(log_var).max() > 700:
        raise ValueError("log_var must lie in [-700, 700] (exp overflows beyond); got values "
                         f"from {log_var.min():g} to {log_var.max():g}")
    return 0.5 * (np.exp(log_var) + mu**2 - 1.0 - log_var).sum(axis=1)


# --- models -----------------------------------------------------------------------------------
@dataclass
class Generator2D:
    """A trained generator of 2-D points: decodes ``z ~ N(0, I)`` through ``net``.

    Attributes
    ----------
    kind : str
        ``"gan"`` or ``"vae"``.
    net : torch.nn.Module
        Maps codes ``(n, latent_dim)`` to points ``(n, 2)``; float64 parameters, so it takes
        float64 codes (see the module docstring for why).
    latent_dim : int
    history : dict of str to ndarray
        Loss curves, one value per training step.
    encoder : torch.nn.Module or None
        The VAE's encoder (outputs ``[μ, log σ²]``); None for a GAN.
    """

    kind: str
    net: Any
    latent_dim: int
    history: dict = field(default_factory=dict)
    encoder: Any = None

    def sample(self, n_samples: int = 1000, *, random_state: Any = 0) -> np.ndarray:
        """``n_samples`` new points, shape (n_samples, 2), from codes drawn from the prior."""
        import torch

        n_samples = check_int(n_samples, "n_samples", low=1, high=MAX_SAMPLES)
        rng = check_rng(random_state)
        z = torch.as_tensor(rng.standard_normal((n_samples, self.latent_dim)),
                            dtype=torch.float64)
        with torch.no_grad():
            return self.net(z).numpy()

    def encode(self, X: Any) -> tuple[np.ndarray, np.ndarray]:
        """The VAE's code distribution for each point: ``mu, log_var`` of shape (n, latent_dim)."""
        import torch

        if self.encoder is None:
            raise ValueError("encode needs a VAE; a GAN has no encoder")
        X = check_array(X, "X", ndim=2, shape=(None, 2), shape_doc="(n_samples, 2)")
        with torch.no_grad():
            h = self.encoder(torch.as_tensor(X, dtype=torch.float64)).numpy()
        return h[:, :self.latent_dim], h[:, self.latent_dim:]

    def __repr__(self) -> str:
        n = sum(p.numel() for p in self.net.parameters())
        steps = len(next(iter(self.history.values()))) if self.history else 0
        return (f"Generator2D({self.kind}, latent_dim={self.latent_dim}, {n} generator "
                f"parameters, {steps} steps)")


def _mlp(n_in: int, hidden: int, n_out: int):
    # float64 parameters, initialised in float64: ``.double()`` after a float32 init would keep
    # the init's float32 rounding, which differs between CPU kernels (see the module docstring)
    import torch
    from torch import nn

    f64 = {"dtype": torch.float64}
    return nn.Sequential(nn.Linear(n_in, hidden, **f64), nn.ReLU(),
                         nn.Linear(hidden, hidden, **f64), nn.ReLU(),
                         nn.Linear(hidden, n_out, **f64))


def _check_training(X: Any, steps: Any, hidden: Any, latent_dim: Any, lr: Any,
                    batch_size: Any) -> tuple[np.ndarray, int, int, int, float, int]:
    X = check_array(X, "X", ndim=2, shape=(None, 2), shape_doc="(n_samples, 2)")
    if len(X) > MAX_SAMPLES:
        raise ValueError(f"X has {len(X)} rows; at most {MAX_SAMPLES}")
    return (X, check_int(steps, "steps", low=1, high=MAX_STEPS),
            check_int(hidden, "hidden", low=1, high=MAX_HIDDEN),
            check_int(latent_dim, "latent_dim", low=1, high=MAX_LATENT),
            check_scalar(lr, "lr", low=0, high=1, include_low=False),
            check_int(batch_size, "batch_size", low=1, high=MAX_SAMPLES))


def train_gan(X: Any, *, steps: int = 500, hidden: int = 32, latent_dim: int = 2,
              lr: float = 2e-3, batch_size: int = 128, snapshot_every: int = 0,
              random_state: Any = 0) -> Generator2D:
    """Train a small GAN on 2-D points; return its generator.

    Each step updates the discriminator ``D`` once (real points labelled 1, generated 0,
    binary cross-entropy), then the generator ``G`` once with the non-saturating loss
    ``−log D(G(z))``. Adam with β₁ = 0.5, as in DCGAN. Nothing in this loss asks ``G`` to
    produce *every* mode: fooling ``D`` on a few is enough, which is how mode collapse starts.

    Parameters
    ----------
    X : array of shape (n_samples, 2)
        Training points.
    steps, hidden, latent_dim, lr, batch_size : the usual (both networks: two hidden ReLU
        layers of width ``hidden``)
    snapshot_every : int
        If > 0, every ``snapshot_every`` steps (and before the first) the generator's outputs
        for 500 fixed codes are stored, to watch training move between modes.
    random_state : None, int or numpy.random.Generator
        Seeds the initial weights, the mini-batches and the codes.

    Returns
    -------
    Generator2D
        ``history`` holds ``"d_loss"`` and ``"g_loss"`` per step and, with snapshots,
        ``"snapshot_steps"`` (n_snapshots,) and ``"snapshots"`` (n_snapshots, 500, 2).

    Examples
    --------
    >>> X, _ = ring_of_gaussians(200)
    >>> gan = train_gan(X, steps=5)
    >>> gan.sample(3).shape
    (3, 2)
    """
    import torch
    from torch.nn import functional as F

    X, steps, hidden, latent_dim, lr, batch_size = _check_training(
        X, steps, hidden, latent_dim, lr, batch_size)
    snapshot_every = check_int(snapshot_every, "snapshot_every", low=0, high=MAX_STEPS)
    rng = check_rng(random_state)
    gen = torch.Generator().manual_seed(int(rng.integers(2**63 - 1)))
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(int(rng.integers(2**63 - 1)))
        G, D = _mlp(latent_dim, hidden, 2), _mlp(2, hidden, 1)
    z_snap = torch.as_tensor(rng.standard_normal((500, latent_dim)), dtype=torch.float64)
    snaps, snap_steps = [], []

    def snapshot(step: int) -> None:
        with torch.no_grad():
            snaps.append(G(z_snap).numpy())
        snap_steps.append(step)

    Xt = torch.as_tensor(X, dtype=torch.float64)
    opt_g = torch.optim.Adam(G.parameters(), lr=lr, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), lr=lr, betas=(0.5, 0.999))
    ones = torch.ones(batch_size, 1, dtype=torch.float64)
    zeros = torch.zeros(batch_size, 1, dtype=torch.float64)
    d_hist, g_hist = np.empty(steps), np.empty(steps)
    for step in range(steps):
        if snapshot_every and step % snapshot_every == 0:
            snapshot(step)
        real = Xt[torch.randint(len(Xt), (batch_size,), generator=gen)]
        fake = G(torch.randn(batch_size, latent_dim, dtype=torch.float64, generator=gen))
        d_loss = (F.binary_cross_entropy_with_logits(D(real), ones)
                  + F.binary_cross_entropy_with_logits(D(fake.detach()), zeros))
        opt_d.zero_grad()
        d_loss.backward()
        opt_d.step()
        g_loss = F.binary_cross_entropy_with_logits(D(fake), ones)  # non-saturating
        opt_g.zero_grad()
        g_loss.backward()
        opt_g.step()
        d_hist[step], g_hist[step] = d_loss.item(), g_loss.item()
    history = {"d_loss": d_hist, "g_loss": g_hist}
    if snapshot_every:
        snapshot(steps)
        history |= {"snapshot_steps": np.array(snap_steps), "snapshots": np.stack(snaps)}
    return Generator2D("gan", G.eval(), latent_dim, history)


def train_vae(X: Any, *, kl_weight: float = 1.0, obs_std: float = 0.1, steps: int = 500,
              hidden: int = 64, latent_dim: int = 2, lr: float = 1e-2, batch_size: int = 128,
              random_state: Any = 0) -> Generator2D:
    """Train a small VAE on 2-D points; return its decoder as a generator.

    The encoder gives ``μ(x), log σ²(x)``; a code ``z = μ + σ·ε`` (reparametrisation) is
    decoded to ``x̂``. Loss per point: ``‖x − x̂‖² / (2·obs_std²)`` (Gaussian likelihood with
    standard deviation ``obs_std``) ``+ kl_weight · KL(N(μ, σ²) ‖ N(0, I))``. With
    ``kl_weight = 0`` it is a plain autoencoder with noisy codes: nothing ties the codes to
    the prior the samples are drawn from.

    Parameters
    ----------
    X : array of shape (n_samples, 2)
    kl_weight : float >= 0
        Weight of the KL term (1 is the VAE; 0 removes the regulariser).
    obs_std : float > 0
        Standard deviation of the decoder's Gaussian: how much reconstruction error costs.
    steps, hidden, latent_dim, lr, batch_size : the usual
    random_state : None, int or numpy.random.Generator

    Returns
    -------
    Generator2D
        ``history`` holds ``"reconstruction"`` and ``"kl"`` (means per point) per step.

    Examples
    --------
    >>> X, _ = ring_of_gaussians(200)
    >>> vae = train_vae(X, steps=5)
    >>> vae.sample(3).shape
    (3, 2)
    """
    import torch

    X, steps, hidden, latent_dim, lr, batch_size = _check_training(
        X, steps, hidden, latent_dim, lr, batch_size)
    kl_weight = check_scalar(kl_weight, "kl_weight", low=0, high=1e6)
    obs_std = check_scalar(obs_std, "obs_std", low=1e-6, high=1e6)
    rng = check_rng(random_state)
    gen = torch.Generator().manual_seed(int(rng.integers(2**63 - 1)))
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(int(rng.integers(2**63 - 1)))
        enc, dec = _mlp(2, hidden, 2 * latent_dim), _mlp(latent_dim, hidden, 2)
    Xt = torch.as_tensor(X, dtype=torch.float64)
    opt = torch.optim.Adam([*enc.parameters(), *dec.parameters()], lr=lr)
    rec_hist, kl_hist = np.empty(steps), np.empty(steps)
    for step in range(steps):
        xb = Xt[torch.randint(len(Xt), (batch_size,), generator=gen)]
        h = enc(xb)
        mu, log_var = h[:, :latent_dim], h[:, latent_dim:].clamp(-30, 30)
        z = mu + torch.exp(0.5 * log_var) * torch.randn(mu.shape, dtype=torch.float64,
                                                         generator=gen)
        rec = ((dec(z) - xb) ** 2).sum(1) / (2 * obs_std**2)
        kl = 0.5 * (log_var.exp() + mu**2 - 1 - log_var).sum(1)
        loss = (rec + kl_weight * kl).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        rec_hist[step], kl_hist[step] = rec.mean().item(), kl.mean().item()
    return Generator2D("vae", dec.eval(), latent_dim,
                       {"reconstruction": rec_hist, "kl": kl_hist}, encoder=enc.eval())



# --- reading trained models -------------------------------------------------------------------
@dataclass
class GANTrace:
    """What a GAN's snapshots show at each stored step (from :func:`gan_trace`).

    Attributes
    ----------
    steps : ndarray of shape (n_snapshots,)
    covered : list of list of int
        The modes covered at each snapshot (at least ``min_fraction`` of the samples on them).
    quality : ndarray of shape (n_snapshots,)
        Fraction of the samples on some mode.
    width, length : ndarray of shape (n_snapshots,)
        Standard deviation of the samples along their narrowest and their widest principal
        axis: a streak has ``width`` far below ``length``; the ring data have both ≈ 1.4.
    """

    steps: np.ndarray
    covered: list
    quality: np.ndarray
    width: np.ndarray
    length: np.ndarray

    def table(self) -> str:
        """One line per snapshot: step, modes covered, share on a mode, width and length."""
        lines = [f"{'step':>5}  {'modes covered':<22} {'on a mode':>9} {'width':>6} "
                 f"{'length':>6}"]
        for i, step in enumerate(self.steps):
            lines.append(f"{int(step):>5}  {self.covered[i]!s:<22} {self.quality[i]:9.3f} "
                         f"{self.width[i]:6.2f} {self.length[i]:6.2f}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"GANTrace({len(self.steps)} snapshots; .table() for the steps)"


def gan_trace(gan: Generator2D, centres: Any, *, radius: float,
              min_fraction: float = 0.02) -> GANTrace:
    """Read a GAN's training from its snapshots: modes covered, share on a mode and shape.

    Parameters
    ----------
    gan : Generator2D
        Trained with ``train_gan(..., snapshot_every=k)``, k > 0.
    centres : array of shape (n_modes, 2)
    radius, min_fraction : float
        As in :func:`count_modes`.

    Returns
    -------
    GANTrace

    Examples
    --------
    >>> X, _ = ring_of_gaussians(200)
    >>> t = gan_trace(train_gan(X, steps=10, snapshot_every=5), ring_centres(), radius=0.3)
    >>> t.steps.tolist(), len(t.covered), t.width.shape
    ([0, 5, 10], 3, (3,))
    """
    history = getattr(gan, "history", None)
    if not isinstance(history, dict) or "snapshots" not in history:
        raise ValueError("gan must be a Generator2D trained with snapshot_every > 0 "
                         "(train_gan(..., snapshot_every=20)); it has no snapshots")
    snaps = history["snapshots"]
    covered, quality = [], np.empty(len(snaps))
    for i, S in enumerate(snaps):
        cov = count_modes(S, centres, radius=radius, min_fraction=min_fraction)
        covered.append(np.flatnonzero(cov.counts >= min_fraction * len(S)).tolist())
        quality[i] = cov.quality
    # principal standard deviations: eigenvalues of each snapshot's 2 × 2 covariance
    centred = snaps - snaps.mean(axis=1, keepdims=True)
    cov2 = np.einsum("sni,snj->sij", centred, centred) / snaps.shape[1]
    eig = np.sqrt(np.clip(np.linalg.eigvalsh(cov2), 0, None))
    return GANTrace(np.asarray(history["snapshot_steps"]), covered, quality, eig[:, 0],
                    eig[:, -1])


@dataclass
class VAEStatistics:
    """Codes, KL and mode coverage of several VAEs (one per seed), from :func:`vae_statistics`.

    Attributes
    ----------
    code_std : ndarray of shape (n_models, latent_dim)
        Standard deviation of the code means μ(x) over the training points.
    kl : ndarray of shape (n_models,)
        Mean ``KL(q(z|x) ‖ N(0, I))`` over the training points.
    n_covered : ndarray of shape (n_models,)
        Modes covered by 1000 samples from the prior.
    quality : ndarray of shape (n_models,)
        Fraction of those samples on a mode.
    n_modes : int
        Modes of the data.
    """

    code_std: np.ndarray
    kl: np.ndarray
    n_covered: np.ndarray
    quality: np.ndarray
    n_modes: int

    def summary(self) -> str:
        """Each statistic as mean ± SE over the models."""
        n = len(self.kl)

        def ms(x: np.ndarray, digits: int) -> str:
            m, se = mean_se(x)
            return f"{m:.{digits}f} ± {se:.{digits}f}"

        std = " and ".join(ms(self.code_std[:, j], 3) for j in range(self.code_std.shape[1]))
        return (f"std of μ {std}; mean KL {ms(self.kl, 2)}; modes covered "
                f"{ms(self.n_covered, 1)} of {self.n_modes} (per seed "
                f"{self.n_covered.tolist()}); on a mode {ms(self.quality, 3)} "
                f"(mean ± SE over {n} seeds)")

    def __repr__(self) -> str:
        return f"VAEStatistics({len(self.kl)} models; .summary() for the means)"


def vae_statistics(vaes: Any, X: Any, centres: Any, *, radius: float,
                   n_samples: int = 1000) -> VAEStatistics:
    """Read trained VAEs: how their codes spread, their KL to the prior, the modes they cover.

    Parameters
    ----------
    vaes : sequence of Generator2D
        VAEs (``train_vae``), at least two, so that a standard error exists.
    X : array of shape (n, 2)
        The training points (their codes are measured).
    centres : array of shape (n_modes, 2)
    radius : float
        As in :func:`count_modes`.
    n_samples : int
        Samples drawn from each model's prior (codes seeded 0, as ``sample`` does).

    Returns
    -------
    VAEStatistics

    Examples
    --------
    >>> X, _ = ring_of_gaussians(200)
    >>> vaes = [train_vae(X, steps=5, random_state=s) for s in range(2)]
    >>> vae_statistics(vaes, X, ring_centres(), radius=0.3).kl.shape
    (2,)
    """
    if isinstance(vaes, (str, bytes, Generator2D)) or not hasattr(vaes, "__iter__"):
        raise TypeError(f"vaes must be a sequence of trained VAEs; got {describe(vaes)}")
    vaes = list(vaes)
    if len(vaes) < 2 or any(getattr(v, "encoder", None) is None for v in vaes):
        raise ValueError("vaes must hold at least 2 VAEs (Generator2D from train_vae); got "
                         f"{len(vaes)} models" + ("" if len(vaes) < 2 else ", not all VAEs"))
    n_samples = check_int(n_samples, "n_samples", low=1, high=MAX_SAMPLES)
    centres = check_array(centres, "centres", ndim=2, shape=(None, 2),
                          shape_doc="(n_modes, 2)")
    stds, kls, n_cov, qual = [], [], [], []
    for v in vaes:
        mu, log_var = v.encode(X)
        stds.append(mu.std(axis=0))
        kls.append(kl_diag_gaussian(mu, log_var).mean())
        cov = count_modes(v.sample(n_samples), centres, radius=radius)
        n_cov.append(cov.n_covered)
        qual.append(cov.quality)
    return VAEStatistics(np.array(stds), np.array(kls), np.array(n_cov), np.array(qual),
                         len(centres))
