"""Autoencoders: linear, deep, denoising, sparse, contractive, variational; recirculation.

Used in ``notebooks/08_autoencoders_vs_pca.ipynb`` (and the encoders in
``notebooks/08b_representation_learning.ipynb``). Arrays in, arrays out: the public functions
take and return numpy arrays; the models are small ``torch.nn.Module`` s trained full-batch or
in mini-batches with an explicit ``random_state``. torch is imported inside the functions that
need it, so ``import course_lib.autoencoders`` stays fast.

Loss conventions: reconstruction errors are means over samples *and* features (per-pixel MSE),
so numbers are comparable across code sizes and with :func:`course_lib.pca.pca_error_curve`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .stats import mean_se
from .units import sigmoid
from .validation import (
    check_array,
    check_choice,
    check_int,
    check_rng,
    check_scalar,
    describe,
)

__all__ = [
    "VAE",
    "Autoencoder",
    "LinearAEResult",
    "contractive_penalty",
    "corrupt",
    "decode_prior",
    "decoder_alignment_deg",
    "encode",
    "gaussian_kl",
    "gaussian_kl_mc",
    "judge_samples",
    "kl_sparsity",
    "load_digits_split",
    "load_weights",
    "recirculation_error",
    "reconstruct",
    "reconstruction_error",
    "train_autoencoder",
    "train_linear_ae",
    "train_recirculation",
    "train_vae",
]

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
MAX_STEPS = 200_000    # training steps: a cap so a typo cannot hang a notebook
MAX_WIDTH = 4096       # layer widths: weight matrices are width² floats


def _torch():
    import torch
    return torch


def _tensor(X):
    torch = _torch()
    return torch.as_tensor(np.ascontiguousarray(X), dtype=torch.float64)


def _generator(rng: np.random.Generator):
    torch = _torch()
    return torch.Generator().manual_seed(int(rng.integers(2**31)))


# --- data ------------------------------------------------------------------------------------
def load_digits_split(*, test_size: float = 0.3, random_state: int = 0
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """scikit-learn's 8x8 digits, pixels scaled to [0, 1], split into train and test.

    Parameters
    ----------
    test_size : float in (0, 1)
    random_state : int

    Returns
    -------
    X_train : ndarray of shape (n_train, 64)
    X_test : ndarray of shape (n_test, 64)
    y_train, y_test : ndarray of shape (n_train,), (n_test,)

    Examples
    --------
    >>> X_train, X_test, y_train, y_test = load_digits_split()
    >>> X_train.shape, X_test.shape, float(X_train.max())
    ((1257, 64), (540, 64), 1.0)
    """
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    test_size = check_scalar(test_size, "test_size", low=0, high=1, include_low=False,
                             include_high=False)
    seed = check_int(random_state, "random_state", low=0, high=2**32 - 1)
    X, y = load_digits(return_X_y=True)
    return tuple(train_test_split(X / 16.0, y, test_size=test_size, random_state=seed,
                                  stratify=y))


# --- noise -----------------------------------------------------------------------------------
def corrupt(X: np.ndarray, kind: str = "mask", level: float = 0.3, *,
            random_state: Any = None) -> np.ndarray:
    """Corrupted copy of ``X`` for a denoising autoencoder.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    kind : {"mask", "gaussian"}
        ``"mask"`` sets a random fraction ``level`` of the entries to 0 (masking noise);
        ``"gaussian"`` adds independent normal noise of standard deviation ``level``.
    level : float in [0, 1] for "mask", >= 0 for "gaussian"
    random_state : None, int or numpy.random.Generator

    Returns
    -------
    X_noisy : ndarray of shape (n_samples, n_features)

    Examples
    --------
    >>> X = np.ones((1000, 10))
    >>> float(np.round(corrupt(X, "mask", 0.3, random_state=0).mean(), 2))
    0.7
    """
    X = check_array(X, "X", ndim=2, shape_doc="(n_samples, n_features)")
    kind = check_choice(kind, "kind", ["mask", "gaussian"])
    level = check_scalar(level, "level", low=0, high=1 if kind == "mask" else 100)
    rng = check_rng(random_state)
    if kind == "mask":
        return np.where(rng.uniform(size=X.shape) < level, 0.0, X)
    return X + level * rng.standard_normal(X.shape)


# --- penalties in closed form ------------------------------------------------------------------
def contractive_penalty(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Squared Frobenius norm of the Jacobian of a sigmoid encoder, per sample.

    For ``h = sigmoid(W x + b)``, ``dh_j/dx_i = h_j (1 - h_j) W_ji``, so
    ``||J(x)||_F² = sum_j (h_j (1 - h_j))² sum_i W_ji²`` — no Jacobian is formed. A
    contractive autoencoder adds this to its loss: it *penalises* sensitivity of the code to
    small changes of the input (it makes the encoder contract its neighbourhood).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    W : ndarray of shape (n_hidden, n_features)
    b : ndarray of shape (n_hidden,)

    Returns
    -------
    penalty : ndarray of shape (n_samples,)

    Examples
    --------
    >>> contractive_penalty(np.zeros((1, 2)), np.array([[3.0, 4.0]]), np.zeros(1)).tolist()
    [1.5625]
    """
    X = check_array(X, "X", ndim=2, shape_doc="(n_samples, n_features)")
    W = check_array(W, "W", ndim=2, shape=(None, X.shape[1]),
                    shape_doc=f"(n_hidden, {X.shape[1]})")
    b = check_array(b, "b", shape=(W.shape[0],), shape_doc=f"({W.shape[0]},)")
    H = sigmoid(X @ W.T + b)
    return (H * (1 - H)) ** 2 @ np.sum(W**2, axis=1)


def kl_sparsity(rho: float, rho_hat: np.ndarray) -> float:
    """Sparsity penalty: sum over hidden units of KL(Bernoulli(rho) || Bernoulli(rho_hat_j)).

    Parameters
    ----------
    rho : float in (0, 1)
        Target mean activation of each hidden unit.
    rho_hat : ndarray of shape (n_hidden,)
        Observed mean activations, in (0, 1).

    Returns
    -------
    float

    Examples
    --------
    >>> kl_sparsity(0.1, [0.1, 0.1])
    0.0
    >>> round(kl_sparsity(0.1, [0.5]), 4)
    0.3681
    """
    rho = check_scalar(rho, "rho", low=0, high=1, include_low=False, include_high=False)
    rho_hat = check_array(rho_hat, "rho_hat", ndim=1, shape_doc="(n_hidden,)")
    if np.any((rho_hat <= 0) | (rho_hat >= 1)):
        raise ValueError(f"rho_hat must lie strictly between 0 and 1; got values in "
                         f"[{rho_hat.min():g}, {rho_hat.max():g}]")
    return float(np.sum(rho * np.log(rho / rho_hat)
                        + (1 - rho) * np.log((1 - rho) / (1 - rho_hat))))


def gaussian_kl(mu: np.ndarray, logvar: np.ndarray) -> np.ndarray:
    """KL(N(mu, diag(exp(logvar))) || N(0, I)) per sample, in closed form.

    ``0.5 * sum_j (mu_j² + exp(logvar_j) - 1 - logvar_j)``: the regulariser of a VAE.

    Parameters
    ----------
    mu, logvar : ndarray of shape (n_samples, code_size)

    Returns
    -------
    kl : ndarray of shape (n_samples,)

    Examples
    --------
    >>> gaussian_kl([[0.0, 0.0]], [[0.0, 0.0]]).tolist()   # the prior itself
    [0.0]
    >>> gaussian_kl([[1.0]], [[0.0]]).tolist()
    [0.5]
    """
    mu = check_array(mu, "mu", ndim=2, shape_doc="(n_samples, code_size)")
    logvar = check_array(logvar, "logvar", shape=mu.shape, shape_doc=str(mu.shape))
    if np.any(np.abs(logvar) > 700):
        raise ValueError("logvar must lie in [-700, 700] (exp overflows beyond); got values in "
                         f"[{logvar.min():g}, {logvar.max():g}]")
    return 0.5 * np.sum(mu**2 + np.exp(logvar) - 1.0 - logvar, axis=1)


def gaussian_kl_mc(mu: np.ndarray, logvar: np.ndarray, n_draws: int = 10_000, *,
                   random_state: Any = None) -> tuple[np.ndarray, np.ndarray]:
    """Monte Carlo estimate of :func:`gaussian_kl` and its standard error, per sample.

    Draws ``z = mu + exp(logvar / 2) * eps`` (the reparametrisation) and averages
    ``log q(z) - log p(z)``.

    Parameters
    ----------
    mu, logvar : ndarray of shape (n_samples, code_size)
    n_draws : int, at most 10**6
    random_state : None, int or numpy.random.Generator

    Returns
    -------
    estimate, standard_error : ndarray of shape (n_samples,)

    Examples
    --------
    >>> est, se = gaussian_kl_mc([[1.0]], [[0.0]], 100_000, random_state=0)
    >>> bool(abs(est[0] - 0.5) < 4 * se[0])
    True
    """
    mu = check_array(mu, "mu", ndim=2, shape_doc="(n_samples, code_size)")
    logvar = check_array(logvar, "logvar", shape=mu.shape, shape_doc=str(mu.shape))
    n_draws = check_int(n_draws, "n_draws", low=2, high=10**6)
    if mu.size * n_draws > 5 * 10**7:
        raise ValueError(f"n_draws * mu.size must be at most 5e7 (memory); got "
                         f"{n_draws} * {mu.size}")
    rng = check_rng(random_state)
    eps = rng.standard_normal((n_draws, *mu.shape))
    z = mu + np.exp(0.5 * logvar) * eps
    # log q(z) - log p(z); the 2*pi terms cancel
    log_ratio = np.sum(-0.5 * eps**2 - 0.5 * logvar + 0.5 * z**2, axis=2)
    return mean_se(log_ratio, axis=0)


# --- the linear autoencoder ------------------------------------------------------------------
@dataclass
class LinearAEResult:
    """A trained linear autoencoder ``x_hat = W_dec @ W_enc @ (x - mean) + mean``.

    Attributes
    ----------
    W_enc : ndarray of shape (k, n_features)
    W_dec : ndarray of shape (n_features, k)
    mean : ndarray of shape (n_features,)
    history : dict of str to ndarray
        ``step``, ``loss`` (per-pixel MSE), ``angle_deg`` (largest principal angle between
        ``W_dec``'s columns and the top-k PCA subspace), ``alignment_deg`` (see
        :func:`decoder_alignment_deg`) and ``enc_dec_gap`` (``|W_enc - W_dec^T| / |W_dec|``),
        recorded every ``record_every`` steps.
    """

    W_enc: np.ndarray
    W_dec: np.ndarray
    mean: np.ndarray
    history: dict[str, np.ndarray] = field(default_factory=dict)

    def __repr__(self) -> str:
        k, d = self.W_enc.shape
        h = self.history
        tail = (f", final loss {h['loss'][-1]:.5f}, angle to PCA {h['angle_deg'][-1]:.3f}°"
                if h else "")
        return f"LinearAEResult(k={k}, n_features={d}{tail})"


def decoder_alignment_deg(W_dec: np.ndarray, components: np.ndarray) -> float:
    """How far the decoder's left singular vectors are from the principal directions (degrees).

    ``W_dec = U S V^T``; for each column of ``U``, the angle to the closest principal direction
    (sign ignored); the largest over columns. 0° when the decoder's singular vectors *are* the
    eigenvectors of the covariance. Any basis of the right subspace has a small
    :func:`course_lib.pca.subspace_angle_deg`; only an aligned one has a small value here.

    Parameters
    ----------
    W_dec : ndarray of shape (n_features, k)
    components : ndarray of shape (m, n_features)
        Orthonormal principal directions, e.g. ``fit_pca(X, k).components``.

    Returns
    -------
    float

    Examples
    --------
    >>> decoder_alignment_deg(np.array([[2.0], [0.0]]), np.array([[1.0, 0.0]]))
    0.0
    >>> round(decoder_alignment_deg(np.array([[1.0], [1.0]]), np.array([[1.0, 0.0]])), 3)
    45.0
    """
    W_dec = check_array(W_dec, "W_dec", ndim=2, shape_doc="(n_features, k)")
    components = check_array(components, "components", ndim=2, shape=(None, W_dec.shape[0]),
                             shape_doc=f"(m, {W_dec.shape[0]})")
    if W_dec.shape[0] > MAX_WIDTH:
        raise ValueError(f"W_dec may have at most {MAX_WIDTH} rows; got {W_dec.shape[0]}")
    return _alignment(W_dec, components)


def _alignment(W_dec, components):
    U = np.linalg.svd(W_dec, full_matrices=False)[0]
    cos = np.abs(components @ U)                               # (m, k)
    return float(np.degrees(np.arccos(np.clip(cos.max(axis=0).min(), 0.0, 1.0))))


def _lae_grads(X, W_enc, W_dec, weight_decay):
    """Loss and gradients of the linear AE, by hand (checked against torch autograd)."""
    H = X @ W_enc.T                        # (n, k) codes
    R = H @ W_dec.T - X                    # (n, d) residuals
    c = 2.0 / R.size
    loss = np.mean(R**2)
    g_dec = c * R.T @ H + 2 * weight_decay * W_dec
    g_enc = c * (R @ W_dec).T @ X + 2 * weight_decay * W_enc
    return loss, g_enc, g_dec


def train_linear_ae(X: np.ndarray, k: int, *, weight_decay: float = 0.0, n_steps: int = 3000,
                    lr: float = 0.01, record_every: int = 100, random_state: Any = 0
                    ) -> LinearAEResult:
    """Train ``x -> W_dec W_enc x`` on centred data by full-batch Adam (numpy, by hand).

    Loss: per-pixel MSE ``+ weight_decay * (|W_enc|² + |W_dec|²)``. Without weight decay any
    invertible ``A`` gives an equally good ``(A W_enc, W_dec A^-1)``, so only the subspace is
    determined; with it, ``W_enc`` tends to ``W_dec^T`` and the decoder's singular vectors to
    the principal directions (Kunin et al., 2019) — the last part slowly.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    k : int, 1 <= k <= n_features
        Code size.
    weight_decay : float >= 0
    n_steps : int
    lr : float > 0
        Adam's step size.
    record_every : int
        Record the history every so many steps (and at the last step).
    random_state : None, int or numpy.random.Generator

    Returns
    -------
    LinearAEResult

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(200, 3)) * [3.0, 1.0, 0.1]
    >>> res = train_linear_ae(X, 2, n_steps=1500, lr=0.05)
    >>> bool(res.history["angle_deg"][-1] < 0.5)
    True
    """
    from .pca import fit_pca

    X = check_array(X, "X", ndim=2, shape_doc="(n_samples, n_features)")
    n, d = X.shape
    if n < 2 or d > MAX_WIDTH:
        raise ValueError(f"X must have at least 2 samples and at most {MAX_WIDTH} features; "
                         f"got shape {X.shape}")
    k = check_int(k, "k", low=1, high=min(n, d))
    weight_decay = check_scalar(weight_decay, "weight_decay", low=0, high=1e3)
    n_steps = check_int(n_steps, "n_steps", low=1, high=MAX_STEPS)
    lr = check_scalar(lr, "lr", low=0, high=10, include_low=False)
    record_every = check_int(record_every, "record_every", low=1)
    rng = check_rng(random_state)
    comps = fit_pca(X, k).components
    mean = X.mean(axis=0)
    Xc = X - mean
    params = [rng.normal(scale=1 / np.sqrt(d), size=(k, d)),
              rng.normal(scale=1 / np.sqrt(k), size=(d, k))]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    b1, b2, eps = 0.9, 0.999, 1e-8
    hist: dict[str, list] = {"step": [], "loss": [], "angle_deg": [], "alignment_deg": [],
                             "enc_dec_gap": []}
    for step in range(1, n_steps + 1):
        _loss, *grads = _lae_grads(Xc, params[0], params[1], weight_decay)
        for i, g in enumerate(grads):             # Adam, as torch.optim.Adam does it
            m[i] = b1 * m[i] + (1 - b1) * g
            v[i] = b2 * v[i] + (1 - b2) * g * g
            params[i] = params[i] - lr * (m[i] / (1 - b1**step)) / (
                np.sqrt(v[i] / (1 - b2**step)) + eps)
        if step % record_every == 0 or step == n_steps:
            We, Wd = params
            hist["step"].append(step)
            hist["loss"].append(float(np.mean((Xc @ We.T @ Wd.T - Xc) ** 2)))
            hist["angle_deg"].append(_angle(Wd, comps))
            hist["alignment_deg"].append(_alignment(Wd, comps))
            hist["enc_dec_gap"].append(float(np.linalg.norm(We - Wd.T) / np.linalg.norm(Wd)))
    return LinearAEResult(params[0], params[1], mean,
                          {key: np.asarray(v) for key, v in hist.items()})


def _angle(W_dec, comps):
    import scipy.linalg
    return float(np.degrees(np.max(scipy.linalg.subspace_angles(W_dec, comps.T))))


# --- deep autoencoders -----------------------------------------------------------------------
_ACTIVATIONS = ["relu", "sigmoid", "tanh", "linear"]


def _module_base():
    torch = _torch()
    return torch.nn.Module


class Autoencoder:
    """A fully connected autoencoder ``n_features -> hidden... -> code_size -> ... -> n_features``.

    A thin factory: ``Autoencoder(64, 8, hidden=(32,))`` returns a ``torch.nn.Module`` with
    ``encoder`` and ``decoder`` sub-modules (``torch.nn.Sequential``, float64). The code layer
    is linear; the decoder mirrors the encoder; ``output="sigmoid"`` keeps outputs in (0, 1).

    Parameters
    ----------
    n_features : int
    code_size : int
    hidden : tuple of int
        Widths of the encoder's hidden layers (the decoder uses them reversed).
    activation : {"relu", "sigmoid", "tanh", "linear"}
    code_activation : {"linear", "sigmoid", "relu", "tanh"}
        Activation of the code layer (a sparse or contractive AE uses "sigmoid").
    output : {"linear", "sigmoid"}
    random_state : int
        Seeds the initial weights.

    Examples
    --------
    >>> model = Autoencoder(64, 8, hidden=(32,))
    >>> model.encoder
    Sequential(
      (0): Linear(in_features=64, out_features=32, bias=True)
      (1): ReLU()
      (2): Linear(in_features=32, out_features=8, bias=True)
    )
    """

    def __new__(cls, n_features: int, code_size: int, hidden: tuple[int, ...] = (),
                activation: str = "relu", code_activation: str = "linear",
                output: str = "linear", random_state: int = 0):
        torch = _torch()
        n_features = check_int(n_features, "n_features", low=1, high=MAX_WIDTH)
        code_size = check_int(code_size, "code_size", low=1, high=MAX_WIDTH)
        if not isinstance(hidden, (tuple, list)):
            raise TypeError(f"hidden must be a tuple of layer widths; got {describe(hidden)}")
        hidden = tuple(check_int(h, "hidden", low=1, high=MAX_WIDTH) for h in hidden)
        if len(hidden) > 8:
            raise ValueError(f"hidden may have at most 8 layers; got {len(hidden)}")
        activation = check_choice(activation, "activation", _ACTIVATIONS)
        code_activation = check_choice(code_activation, "code_activation", _ACTIVATIONS)
        output = check_choice(output, "output", ["linear", "sigmoid"])
        seed = check_int(random_state, "random_state", low=0, high=2**63 - 1)
        acts = {"relu": torch.nn.ReLU, "sigmoid": torch.nn.Sigmoid, "tanh": torch.nn.Tanh,
                "linear": torch.nn.Identity}

        def stack(widths, last_act):
            layers = []
            for i, (a, b) in enumerate(itertools.pairwise(widths)):
                layers.append(torch.nn.Linear(a, b))
                act = acts[activation] if i < len(widths) - 2 else last_act
                if act is not torch.nn.Identity:
                    layers.append(act())
            return torch.nn.Sequential(*layers)

        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            enc = stack((n_features, *hidden, code_size), acts[code_activation])
            dec = stack((code_size, *hidden[::-1], n_features),
                        torch.nn.Sigmoid if output == "sigmoid" else torch.nn.Identity)
        model = _AE(enc, dec).double()
        model.config = {"n_features": n_features, "code_size": code_size,
                        "hidden": list(hidden), "activation": activation,
                        "code_activation": code_activation, "output": output}
        return model


def _ae_class():
    torch = _torch()

    class AE(torch.nn.Module):
        def __init__(self, encoder, decoder):
            super().__init__()
            self.encoder, self.decoder = encoder, decoder

        def forward(self, x):
            return self.decoder(self.encoder(x))

        def extra_repr(self):
            return ", ".join(f"{k}={v}" for k, v in getattr(self, "config", {}).items())

    return AE


def _AE(enc, dec):
    global _AE_CLASS
    if _AE_CLASS is None:
        _AE_CLASS = _ae_class()
    return _AE_CLASS(enc, dec)


_AE_CLASS = None


def _check_model(model, name="model"):
    torch = _torch()
    if not isinstance(model, torch.nn.Module) or not hasattr(model, "encoder"):
        raise TypeError(f"{name} must be an autoencoder from Autoencoder(...) or VAE(...); got "
                        f"{describe(model)}")
    return model


def _n_in(model):
    return model.config["n_features"]


def encode(model, X: np.ndarray) -> np.ndarray:
    """Codes of ``X`` under ``model`` (for a VAE: the means ``mu``).

    Parameters
    ----------
    model : autoencoder from :class:`Autoencoder` or :class:`VAE`
    X : ndarray of shape (n_samples, n_features)

    Returns
    -------
    Z : ndarray of shape (n_samples, code_size)

    Examples
    --------
    >>> encode(Autoencoder(4, 2), np.zeros((3, 4))).shape
    (3, 2)
    """
    torch = _torch()
    model = _check_model(model)
    d = _n_in(model)
    X = check_array(X, "X", ndim=2, shape=(None, d), shape_doc=f"(n_samples, {d})")
    with torch.no_grad():
        out = model.encoder(_tensor(X))
    if isinstance(out, tuple):
        out = out[0]
    return out.numpy()


def reconstruct(model, X: np.ndarray) -> np.ndarray:
    """``decoder(encoder(X))`` (for a VAE: decoded from the mean code, no sampling).

    Parameters
    ----------
    model : autoencoder from :class:`Autoencoder` or :class:`VAE`
    X : ndarray of shape (n_samples, n_features)

    Returns
    -------
    X_hat : ndarray of shape (n_samples, n_features)

    Examples
    --------
    >>> reconstruct(Autoencoder(4, 2), np.zeros((3, 4))).shape
    (3, 4)
    """
    torch = _torch()
    Z = encode(model, X)
    with torch.no_grad():
        return model.decoder(_tensor(Z)).numpy()


def reconstruction_error(model, X: np.ndarray) -> np.ndarray:
    """Per-sample mean squared reconstruction error (the anomaly score of an AE).

    Parameters
    ----------
    model : autoencoder from :class:`Autoencoder` or :class:`VAE`
    X : ndarray of shape (n_samples, n_features)

    Returns
    -------
    errors : ndarray of shape (n_samples,)

    Examples
    --------
    >>> reconstruction_error(Autoencoder(4, 2), np.zeros((3, 4))).shape
    (3,)
    """
    X = check_array(X, "X", ndim=2, shape_doc="(n_samples, n_features)")
    return np.mean((reconstruct(model, X) - X) ** 2, axis=1)


def train_autoencoder(model, X: np.ndarray, *, n_epochs: int = 100, lr: float = 0.01,
                      batch_size: int = 128, noise: str = "none", noise_level: float = 0.3,
                      sparsity: str = "none", sparsity_weight: float = 0.0,
                      target_rho: float = 0.05, contractive_weight: float = 0.0,
                      weight_decay: float = 0.0, random_state: Any = 0) -> dict[str, np.ndarray]:
    """Train ``model`` in place with Adam on the per-pixel MSE, plus optional regularisers.

    Parameters
    ----------
    model : autoencoder from :class:`Autoencoder`
    X : ndarray of shape (n_samples, n_features)
        Clean training data (also the target).
    n_epochs, lr, batch_size
        Adam on shuffled mini-batches.
    noise : {"none", "mask", "gaussian"}
        Denoising: corrupt each batch afresh (:func:`corrupt`), reconstruct the clean input.
    noise_level : float
    sparsity : {"none", "l1", "kl"}
        Penalty on the code: mean absolute activation, or :func:`kl_sparsity` of the mean
        activation against ``target_rho`` (needs a sigmoid code layer).
    sparsity_weight, target_rho : float
    contractive_weight : float >= 0
        Weight of :func:`contractive_penalty` (needs a one-layer sigmoid encoder).
    weight_decay : float >= 0
        L2 penalty on all weights (Adam's ``weight_decay``).
    random_state : None, int or numpy.random.Generator
        Shuffling and noise.

    Returns
    -------
    history : dict with ``loss`` (per-pixel training MSE, clean input, each epoch)

    Examples
    --------
    >>> X = np.random.default_rng(0).uniform(size=(64, 4))
    >>> model = Autoencoder(4, 4)
    >>> h = train_autoencoder(model, X, n_epochs=40, lr=0.05, batch_size=64)
    >>> bool(h["loss"][-1] < 0.2 * h["loss"][0])
    True
    """
    torch = _torch()
    model = _check_model(model)
    d = _n_in(model)
    X = check_array(X, "X", ndim=2, shape=(None, d), shape_doc=f"(n_samples, {d})")
    n_epochs = check_int(n_epochs, "n_epochs", low=1, high=10_000)
    lr = check_scalar(lr, "lr", low=0, high=10, include_low=False)
    batch_size = check_int(batch_size, "batch_size", low=1, high=10**6)
    noise = check_choice(noise, "noise", ["none", "mask", "gaussian"])
    noise_level = check_scalar(noise_level, "noise_level", low=0,
                               high=1 if noise == "mask" else 100)
    sparsity = check_choice(sparsity, "sparsity", ["none", "l1", "kl"])
    sparsity_weight = check_scalar(sparsity_weight, "sparsity_weight", low=0, high=1e6)
    target_rho = check_scalar(target_rho, "target_rho", low=0, high=1, include_low=False,
                              include_high=False)
    contractive_weight = check_scalar(contractive_weight, "contractive_weight", low=0, high=1e6)
    weight_decay = check_scalar(weight_decay, "weight_decay", low=0, high=1e3)
    rng = check_rng(random_state)
    steps = n_epochs * -(-len(X) // batch_size)
    if steps > MAX_STEPS:
        raise ValueError(f"n_epochs * number of batches must be at most {MAX_STEPS}; got {steps}")
    first = model.encoder[0]
    if contractive_weight > 0 and not (len(model.encoder) == 2
                                       and isinstance(model.encoder[1], torch.nn.Sigmoid)):
        raise ValueError("contractive_weight > 0 needs a one-layer sigmoid encoder "
                         "(Autoencoder(d, k, code_activation='sigmoid')); the closed form of "
                         "the Jacobian holds only there")
    if sparsity == "kl" and not isinstance(model.encoder[-1], torch.nn.Sigmoid):
        raise ValueError("sparsity='kl' needs a sigmoid code layer (activations in (0, 1))")
    Xt = _tensor(X)
    opt = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
    losses = []
    for _ in range(n_epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            idx = order[start:start + batch_size]
            xb = Xt[idx]
            xin = xb if noise == "none" else _tensor(corrupt(X[idx], noise, noise_level,
                                                             random_state=rng))
            opt.zero_grad()
            H = model.encoder(xin)
            loss = torch.mean((model.decoder(H) - xb) ** 2)
            if sparsity == "l1":
                loss = loss + sparsity_weight * H.abs().mean()
            elif sparsity == "kl":
                r = H.mean(dim=0).clamp(1e-6, 1 - 1e-6)
                loss = loss + sparsity_weight * torch.sum(
                    target_rho * torch.log(target_rho / r)
                    + (1 - target_rho) * torch.log((1 - target_rho) / (1 - r)))
            if contractive_weight > 0:
                dh = H * (1 - H)
                loss = loss + contractive_weight * torch.mean(
                    dh**2 @ torch.sum(first.weight**2, dim=1))
            loss.backward()
            opt.step()
        with torch.no_grad():
            losses.append(float(torch.mean((model(Xt) - Xt) ** 2)))
    return {"loss": np.asarray(losses)}


# --- recirculation: training an autoencoder without backpropagation -------------------------
def _sigmoid_ae_steps(X, params, rule, lr, regression, batch_size, n_epochs, rng):
    W, b, V, c = params
    for _ in range(n_epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            x = X[order[start:start + batch_size]]
            h = sigmoid(x @ W.T + b)
            r = sigmoid(h @ V.T + c)
            if rule == "recirculation":
                # second pass: the visible units regress towards their reconstruction, the
                # hidden units see that; each layer learns from its own two activities
                x2 = regression * x + (1 - regression) * r
                h2 = sigmoid(x2 @ W.T + b)
                dV, dc = (x - x2).T @ h / len(x), (x - x2).mean(axis=0)
                dW, db = (h - h2).T @ x2 / len(x), (h - h2).mean(axis=0)
            else:  # minus the gradient of half the summed squared error, batch mean
                dr = (x - r) * r * (1 - r)
                dh = (dr @ V) * h * (1 - h)
                dV, dc = dr.T @ h / len(x), dr.mean(axis=0)
                dW, db = dh.T @ x / len(x), dh.mean(axis=0)
            V += lr * dV
            c += lr * dc
            W += lr * dW
            b += lr * db
    return W, b, V, c


def train_recirculation(X: np.ndarray, k: int, *, rule: str = "recirculation",
                        n_epochs: int = 30, lr: float = 0.5, regression: float = 0.75,
                        batch_size: int = 32, random_state: Any = 0) -> dict[str, np.ndarray]:
    """Train a sigmoid autoencoder ``x -> h = s(W x + b) -> s(V h + c)`` by recirculation.

    Recirculation (Hinton & McClelland, 1988) needs no backpropagated error. The input goes
    up and down once; the visible units take ``x2 = regression * x + (1 - regression) * r``
    (a step towards their reconstruction ``r``) and go up again to ``h2``. The decoder then
    changes by ``(x - x2) h^T`` and the encoder by ``(h - h2) x2^T``: each layer compares its
    own activity on two passes. ``rule="backprop"`` trains the same network by the gradient
    of the squared error instead (same batches, same learning-rate scale), the control that
    lesson 08 (D53) compares it with.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    k : int
        Number of hidden units.
    rule : {"recirculation", "backprop"}
    n_epochs : int
    lr : float > 0
    regression : float in [0, 1)
        How much of the input the visible units keep on the second pass (recirculation only).
    batch_size : int
    random_state : None, int or numpy.random.Generator
        Initial weights (normal, scale 0.1) and the order of the batches.

    Returns
    -------
    dict with ``W`` (k, n_features), ``b`` (k,), ``V`` (n_features, k), ``c`` (n_features,)

    Examples
    --------
    >>> X = np.random.default_rng(0).uniform(size=(100, 6))
    >>> before = recirculation_error(train_recirculation(X, 3, n_epochs=0), X).mean()
    >>> after = recirculation_error(train_recirculation(X, 3, n_epochs=50), X).mean()
    >>> bool(after < before)
    True
    """
    X = check_array(X, "X", ndim=2, shape_doc="(n_samples, n_features)")
    k = check_int(k, "k", low=1, high=MAX_WIDTH)
    rule = check_choice(rule, "rule", ("recirculation", "backprop"))
    n_epochs = check_int(n_epochs, "n_epochs", low=0, high=10_000)
    lr = check_scalar(lr, "lr", low=0, high=100, include_low=False)
    regression = check_scalar(regression, "regression", low=0, high=1, include_high=False)
    batch_size = check_int(batch_size, "batch_size", low=1, high=10**6)
    steps = n_epochs * -(-len(X) // batch_size)
    if steps > MAX_STEPS:
        raise ValueError(f"n_epochs * number of batches must be at most {MAX_STEPS}; got {steps}")
    rng = check_rng(random_state)
    d = X.shape[1]
    params = (rng.normal(0, 0.1, (k, d)), np.zeros(k), rng.normal(0, 0.1, (d, k)), np.zeros(d))
    W, b, V, c = _sigmoid_ae_steps(X, params, rule, lr, regression, batch_size, n_epochs, rng)
    return {"W": W, "b": b, "V": V, "c": c}


def recirculation_error(params: dict[str, np.ndarray], X: np.ndarray) -> np.ndarray:
    """Per-sample mean squared reconstruction error of a :func:`train_recirculation` model.

    Examples
    --------
    >>> p = train_recirculation(np.zeros((4, 3)), 2, n_epochs=0)
    >>> recirculation_error(p, np.zeros((4, 3))).round(2)
    array([0.25, 0.25, 0.25, 0.25])
    """
    if not isinstance(params, dict) or not {"W", "b", "V", "c"} <= set(params):
        raise TypeError("params must be the dict that train_recirculation returns; got "
                        f"{describe(params)}")
    d = params["V"].shape[0]
    X = check_array(X, "X", ndim=2, shape=(None, d), shape_doc=f"(n_samples, {d})")
    r = sigmoid(sigmoid(X @ params["W"].T + params["b"]) @ params["V"].T + params["c"])
    return np.mean((r - X) ** 2, axis=1)


# --- the variational autoencoder -------------------------------------------------------------
class VAE:
    """A small VAE: encoder -> (mu, logvar), ``z = mu + exp(logvar/2) * eps``, decoder.

    A factory like :class:`Autoencoder`: returns a float64 ``torch.nn.Module`` with
    ``encoder`` (returning ``(mu, logvar)``), ``decoder`` (sigmoid outputs) and ``config``.

    Parameters
    ----------
    n_features, code_size : int
    hidden : int
        Width of the one hidden layer of encoder and decoder.
    random_state : int

    Examples
    --------
    >>> vae = VAE(64, 2)
    >>> [t.shape for t in vae.encoder(__import__("torch").zeros(5, 64).double())]
    [torch.Size([5, 2]), torch.Size([5, 2])]
    """

    def __new__(cls, n_features: int, code_size: int, hidden: int = 64,
                random_state: int = 0):
        torch = _torch()
        n_features = check_int(n_features, "n_features", low=1, high=MAX_WIDTH)
        code_size = check_int(code_size, "code_size", low=1, high=MAX_WIDTH)
        hidden = check_int(hidden, "hidden", low=1, high=MAX_WIDTH)
        seed = check_int(random_state, "random_state", low=0, high=2**63 - 1)

        class Encoder(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.body = torch.nn.Sequential(torch.nn.Linear(n_features, hidden),
                                                torch.nn.ReLU())
                self.mu = torch.nn.Linear(hidden, code_size)
                self.logvar = torch.nn.Linear(hidden, code_size)

            def forward(self, x):
                h = self.body(x)
                return self.mu(h), self.logvar(h)

        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            enc = Encoder()
            dec = torch.nn.Sequential(torch.nn.Linear(code_size, hidden), torch.nn.ReLU(),
                                      torch.nn.Linear(hidden, n_features), torch.nn.Sigmoid())
        model = _AE(enc, dec).double()
        model.config = {"n_features": n_features, "code_size": code_size, "hidden": hidden,
                        "kind": "vae"}
        return model


def train_vae(model, X: np.ndarray, *, beta: float = 1.0, likelihood: str = "bernoulli",
              n_epochs: int = 100, lr: float = 0.005, batch_size: int = 128,
              random_state: Any = 0) -> dict[str, np.ndarray]:
    """Train a :class:`VAE` in place: negative log-likelihood per sample + ``beta`` * KL.

    ``beta = 0`` removes the regulariser: the model becomes a plain autoencoder with noisy
    codes, free to put its codes anywhere.

    The reconstruction term must be a real log-likelihood for the KL term to be weighed
    correctly. ``"bernoulli"`` (the default, for pixels in [0, 1]) is the summed binary
    cross-entropy. ``"squared"`` is the summed squared error, i.e. a Gaussian decoder with
    the fixed variance 1/2: on the digits, whose pixel variance is about 0.07, that decoder
    calls most of the image noise, so the KL term wins and the code nearly collapses
    (lesson 08, section 6, shows what that model looked like).

    Parameters
    ----------
    model : from :class:`VAE`
    X : ndarray of shape (n_samples, n_features)
        With ``likelihood="bernoulli"`` every value must lie in [0, 1].
    beta : float >= 0
    likelihood : {"bernoulli", "squared"}
    n_epochs, lr, batch_size, random_state
        As in :func:`train_autoencoder`.

    Returns
    -------
    history : dict with ``recon`` and ``kl`` (per-sample means over each epoch)

    Examples
    --------
    >>> X = np.random.default_rng(0).uniform(size=(64, 4))
    >>> h = train_vae(VAE(4, 2, hidden=8), X, n_epochs=5)
    >>> sorted(h)
    ['kl', 'recon']
    """
    torch = _torch()
    model = _check_model(model)
    if model.config.get("kind") != "vae":
        raise TypeError("model must be a VAE(...); got a plain autoencoder")
    d = _n_in(model)
    X = check_array(X, "X", ndim=2, shape=(None, d), shape_doc=f"(n_samples, {d})")
    beta = check_scalar(beta, "beta", low=0, high=1e6)
    likelihood = check_choice(likelihood, "likelihood", ("bernoulli", "squared"))
    if likelihood == "bernoulli" and (X.min() < 0 or X.max() > 1):
        raise ValueError("X must lie in [0, 1] for likelihood='bernoulli'; got values in "
                         f"[{X.min():.3g}, {X.max():.3g}] (use likelihood='squared')")
    n_epochs = check_int(n_epochs, "n_epochs", low=1, high=10_000)
    lr = check_scalar(lr, "lr", low=0, high=10, include_low=False)
    batch_size = check_int(batch_size, "batch_size", low=1, high=10**6)
    rng = check_rng(random_state)
    steps = n_epochs * -(-len(X) // batch_size)
    if steps > MAX_STEPS:
        raise ValueError(f"n_epochs * number of batches must be at most {MAX_STEPS}; got {steps}")
    gen = _generator(rng)
    Xt = _tensor(X)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    hist: dict[str, list] = {"recon": [], "kl": []}
    for _ in range(n_epochs):
        order = rng.permutation(len(X))
        rec_sum = kl_sum = 0.0
        for start in range(0, len(X), batch_size):
            xb = Xt[order[start:start + batch_size]]
            mu, logvar = model.encoder(xb)
            eps = torch.randn(mu.shape, generator=gen, dtype=mu.dtype)
            z = mu + torch.exp(0.5 * logvar) * eps          # reparametrisation
            out = model.decoder(z)
            if likelihood == "bernoulli":
                rec = torch.nn.functional.binary_cross_entropy(out, xb, reduction="none").sum(1)
            else:
                rec = torch.sum((out - xb) ** 2, dim=1)
            kl = 0.5 * torch.sum(mu**2 + logvar.exp() - 1 - logvar, dim=1)
            loss = torch.mean(rec + beta * kl)
            opt.zero_grad()
            loss.backward()
            opt.step()
            rec_sum += float(rec.sum().detach())
            kl_sum += float(kl.sum().detach())
        hist["recon"].append(rec_sum / len(X))
        hist["kl"].append(kl_sum / len(X))
    return {k: np.asarray(v) for k, v in hist.items()}


def decode_prior(model, n_samples: int, *, random_state: Any = 0) -> np.ndarray:
    """Decode ``n_samples`` draws from the prior N(0, I) of a :class:`VAE` (its samples).

    Parameters
    ----------
    model : from :class:`VAE`
    n_samples : int
    random_state : int or numpy Generator

    Returns
    -------
    samples : ndarray of shape (n_samples, n_features)

    Examples
    --------
    >>> decode_prior(VAE(4, 2, hidden=8), 3).shape
    (3, 4)
    """
    torch = _torch()
    model = _check_model(model)
    if model.config.get("kind") != "vae":
        raise TypeError("model must be a VAE(...); got a plain autoencoder")
    n_samples = check_int(n_samples, "n_samples", low=1, high=10**6)
    z = check_rng(random_state).standard_normal((n_samples, model.config["code_size"]))
    with torch.no_grad():
        return model.decoder(_tensor(z)).numpy()


def judge_samples(samples: np.ndarray, judge, X_ref: np.ndarray) -> dict[str, Any]:
    """Scores that can say "not a digit": a classifier's confidence and the nearest real image.

    A classifier always names *some* class, so counting the classes it assigns to generated
    samples cannot tell a digit from a smudge. Its confidence can (a smudge between two digits
    gets a low top probability), and so can the distance to the nearest real image. Compare
    both with the same scores of real held-out images. Used in lesson 08, section 6.

    Parameters
    ----------
    samples : ndarray of shape (n_samples, n_features)
    judge : fitted scikit-learn classifier with ``predict_proba``, trained on real images
    X_ref : ndarray of shape (n_ref, n_features)
        Real images (the judge's training set) for the nearest-neighbour distance.

    Returns
    -------
    dict with ``confidence`` (mean top probability), ``nearest`` (median Euclidean distance
    to the nearest row of ``X_ref``) and ``counts`` (samples per class, in the order of
    ``judge.classes_``)

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> X = np.array([[0.0, 0.0], [0.0, 0.1], [1.0, 1.0], [1.0, 0.9]])
    >>> judge = LogisticRegression().fit(X, [0, 0, 1, 1])
    >>> r = judge_samples(np.array([[0.2, 0.2]]), judge, X)
    >>> round(r["nearest"], 3), r["counts"].tolist()
    (0.224, [1, 0])
    """
    from .units import sq_distances

    samples = check_array(samples, "samples", ndim=2)
    X_ref = check_array(X_ref, "X_ref", ndim=2, shape=(None, samples.shape[1]),
                        shape_doc=f"(n_ref, {samples.shape[1]})")
    if not hasattr(judge, "predict_proba"):
        raise TypeError("judge must be a fitted classifier with predict_proba; got "
                        f"{describe(judge)}")
    proba = judge.predict_proba(samples)
    return {"confidence": float(proba.max(axis=1).mean()),
            "nearest": float(np.median(np.sqrt(np.maximum(sq_distances(samples, X_ref), 0)
                                               .min(axis=1)))),
            "counts": np.bincount(proba.argmax(axis=1), minlength=len(judge.classes_))}


# --- shipped weights -------------------------------------------------------------------------
def load_weights(name: str) -> dict[str, Any]:
    """Models trained by ``data/make_ae_weights.py`` and shipped in ``data/ae_<name>.pt``.

    Loaded with ``torch.load(..., weights_only=True)`` (plain tensors and numbers, no pickled
    code); each entry is rebuilt with its stored ``config``.

    Parameters
    ----------
    name : str
        The file's name part, e.g. ``"digits"`` for ``data/ae_digits.pt``.

    Returns
    -------
    dict of str to model (or to whatever else the file stores)

    Examples
    --------
    >>> sorted(load_weights("pretrain"))
    ['embed_0to4', 'few_label_table', 'layer0', 'layer1']
    """
    torch = _torch()
    if not isinstance(name, str):
        raise TypeError(f"name must be a str like 'digits'; got {describe(name)}")
    if not name.replace("_", "").isalnum():
        raise ValueError(f"name must contain only letters, digits and '_'; got {name!r}")
    path = DATA_DIR / f"ae_{name}.pt"
    if not path.exists():
        shipped = sorted(p.stem[3:] for p in DATA_DIR.glob("ae_*.pt"))
        raise ValueError(f"name must be one of {shipped}; got {name!r}")
    blob = torch.load(path, weights_only=True)
    out: dict[str, Any] = {}
    for key, entry in blob.items():
        if isinstance(entry, dict) and "config" in entry and "state" in entry:
            cfg = dict(entry["config"])
            if cfg.pop("kind", None) == "vae":
                model = VAE(cfg["n_features"], cfg["code_size"], cfg["hidden"])
            else:
                cfg["hidden"] = tuple(cfg["hidden"])
                model = Autoencoder(**cfg)
            model.load_state_dict(entry["state"])
            model.eval()
            out[key] = model
        else:
            out[key] = entry
    return out


def pack(model) -> dict[str, Any]:
    """What :func:`load_weights` reads back: ``{"config": ..., "state": ...}`` (float32)."""
    state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    return {"config": dict(model.config), "state": state}
