"""Adversarial examples: attacks on torch classifiers, defences, and why defending is hard.

Used in ``notebooks/10_adversarial_examples.ipynb``.

* Data and models: :func:`load_digit_images` (scikit-learn's 8×8 digits scaled to [0, 1], as
  images of shape ``(1, 8, 8)``), :func:`make_mlp`, :func:`make_cnn`, :func:`train_classifier`
  (plain, adversarial or distillation training) and :func:`load_pretrained` (the weights
  shipped in ``data/adv_*.pt``, rebuilt by ``data/make_adversarial_models.py``).
* Attacks on any ``torch.nn.Module`` classifier with inputs in [0, 1]: :func:`fgsm`,
  :func:`bim`, :func:`pgd` (L∞ or L2, random start, restarts), targeted versions (a chosen
  class or :func:`least_likely_class`) and :func:`deepfool` (smallest L2 step across the
  nearest linearised boundary). Every attack is batched over the images *and* over a vector
  of ε values: ``eps`` of shape ``(k,)`` returns ``(k, n, ...)``, so accuracy-vs-ε curves
  (:func:`accuracy_under_attack`) cost one call.
* Evaluation: :func:`predict_proba`, :func:`accuracy`, :func:`transfer_matrix`.
* The linear explanation: :func:`linear_worst_margin` (the exact worst L∞ perturbation of a
  linear score inside the ε-box and [0, 1]) and :func:`linear_activation_change` (ε‖w‖₁
  grows with the dimension, random noise of the same size only like its square root).

Attacks evaluate the model in eval mode with its parameters frozen and restore both
afterwards: they never change the model's parameters, gradients or train/eval mode.
"""

from __future__ import annotations

import contextlib
import numbers
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from .validation import (
    check_array,
    check_bool,
    check_choice,
    check_int,
    check_rng,
    check_scalar,
    describe,
)

__all__ = [
    "MODEL_NAMES",
    "DigitImages",
    "Rescaled",
    "RobustAccuracy",
    "accuracy",
    "accuracy_under_attack",
    "bim",
    "deepfool",
    "fgsm",
    "least_likely_class",
    "linear_activation_change",
    "linear_worst_margin",
    "load_digit_images",
    "load_pretrained",
    "make_cnn",
    "make_mlp",
    "pgd",
    "predict_proba",
    "robust_accuracy",
    "train_classifier",
    "train_seeds",
    "transfer_matrix",
]

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
#: The shipped models (``data/adv_<name>.pt``) and how each was trained.
MODEL_NAMES = {
    "mlp": "MLP 64-64-10, plain training",
    "cnn": "CNN (two 3×3 conv layers), plain training",
    "mlp_fgsm": "MLP, adversarial training with FGSM at ε = 0.1",
    "mlp_pgd": "MLP, adversarial training with PGD (7 steps) at ε = 0.1",
    "mlp_teacher_T100": "MLP trained at temperature T = 100 (the distillation teacher)",
    "mlp_distilled_T100": "MLP distilled from the teacher's soft labels at T = 100",
}
MAX_IMAGES = 200_000   # images x eps values per attack call: ~55 MB of float32 8x8 images
MAX_STEPS = 10_000     # attack iterations; at ~1 ms a step, ten seconds
MAX_RESTARTS = 100
MAX_EPOCHS = 10_000
MAX_FEATURES = 10**6   # linear_activation_change: one weight vector of 8 MB per trial
MAX_CLASSES_DEEPFOOL = 100  # one backward pass per class and step


# --- data -------------------------------------------------------------------------------------
@dataclass
class DigitImages:
    """scikit-learn's digits as float32 images in [0, 1], split into train and test.

    Attributes
    ----------
    X_train, X_test : torch.Tensor of shape (n, 1, 8, 8), dtype float32, values in [0, 1]
    y_train, y_test : torch.Tensor of shape (n,), dtype int64, values 0..9
    """

    X_train: torch.Tensor
    X_test: torch.Tensor
    y_train: torch.Tensor
    y_test: torch.Tensor

    def __post_init__(self) -> None:
        for name in ("X_train", "X_test", "y_train", "y_test"):
            value = getattr(self, name)
            if not isinstance(value, torch.Tensor):
                raise TypeError(f"{name} must be a torch.Tensor; got {describe(value)}")
        for X, y, part in ((self.X_train, self.y_train, "train"),
                           (self.X_test, self.y_test, "test")):
            if X.ndim != 4 or y.ndim != 1 or len(X) != len(y):
                raise ValueError(f"X_{part} must have shape (n, 1, 8, 8) and y_{part} shape "
                                 f"(n,); got {tuple(X.shape)} and {tuple(y.shape)}")

    def __repr__(self) -> str:
        return (f"DigitImages(train={len(self.y_train)}, test={len(self.y_test)}, "
                f"image shape {tuple(self.X_train.shape[1:])}, values in [0, 1])")


def load_digit_images(*, test_size: float = 0.3, random_state: Any = 0) -> DigitImages:
    """scikit-learn's ``load_digits`` (1797 images, 8×8, 17 grey levels) as tensors in [0, 1].

    The split is stratified (``sklearn.model_selection.train_test_split``) so every class
    keeps its share. Pixel values 0..16 are divided by 16.

    Parameters
    ----------
    test_size : float in (0, 1)
        Fraction of the images held out for testing.
    random_state : None, int or numpy.random.Generator
        Seed of the split.

    Returns
    -------
    DigitImages

    Examples
    --------
    >>> d = load_digit_images()
    >>> d
    DigitImages(train=1257, test=540, image shape (1, 8, 8), values in [0, 1])
    >>> float(d.X_train.max()), float(d.X_train.min())
    (1.0, 0.0)
    """
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    test_size = check_scalar(test_size, "test_size", low=0, high=1, include_low=False,
                             include_high=False)
    rng = check_rng(random_state)
    digits = load_digits()
    X = (digits.data / 16.0).reshape(-1, 1, 8, 8).astype(np.float32)
    seed = int(rng.integers(2**31 - 1)) if not isinstance(random_state, numbers.Integral) \
        else int(random_state)
    X_tr, X_te, y_tr, y_te = train_test_split(X, digits.target, test_size=test_size,
                                              stratify=digits.target, random_state=seed)
    return DigitImages(torch.from_numpy(X_tr), torch.from_numpy(X_te),
                       torch.from_numpy(y_tr.astype(np.int64)),
                       torch.from_numpy(y_te.astype(np.int64)))


# --- models -----------------------------------------------------------------------------------
def make_mlp(hidden: int = 64, *, n_classes: int = 10, seed: int = 0) -> nn.Sequential:
    """A one-hidden-layer ReLU network on flattened 8×8 images.

    Parameters
    ----------
    hidden : int
        Width of the hidden layer (1..4096).
    n_classes : int
    seed : int
        Seed of the initial weights (``torch.manual_seed`` on a private generator state).

    Returns
    -------
    torch.nn.Sequential
        Input ``(n, 1, 8, 8)``, output logits ``(n, n_classes)``.

    Examples
    --------
    >>> make_mlp(32)(torch.zeros(5, 1, 8, 8)).shape
    torch.Size([5, 10])
    """
    hidden = check_int(hidden, "hidden", low=1, high=4096)
    n_classes = check_int(n_classes, "n_classes", low=2, high=1000)
    seed = check_int(seed, "seed", low=0, high=2**63 - 1)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return nn.Sequential(nn.Flatten(), nn.Linear(64, hidden), nn.ReLU(),
                             nn.Linear(hidden, n_classes))


def make_cnn(channels: int = 16, *, n_classes: int = 10, seed: int = 0) -> nn.Sequential:
    """A small convolutional network for 8×8 images: conv-pool-conv-linear.

    ``Conv(1→c, 3×3) → ReLU → MaxPool 2 → Conv(c→2c, 3×3) → ReLU → Linear(2c·16 → classes)``.

    Examples
    --------
    >>> make_cnn(8)(torch.zeros(2, 1, 8, 8)).shape
    torch.Size([2, 10])
    """
    channels = check_int(channels, "channels", low=1, high=256)
    n_classes = check_int(n_classes, "n_classes", low=2, high=1000)
    seed = check_int(seed, "seed", low=0, high=2**63 - 1)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return nn.Sequential(
            nn.Conv2d(1, channels, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(channels, 2 * channels, 3, padding=1), nn.ReLU(), nn.Flatten(),
            nn.Linear(2 * channels * 16, n_classes))


class Rescaled(nn.Module):
    """``model`` with its logits multiplied by ``scale``: same predictions, other gradients.

    Dividing a distilled model's logits by its temperature undoes the saturation of its
    softmax, which is all an attacker needs to break defensive distillation.

    Examples
    --------
    >>> m = Rescaled(make_mlp(8), 0.01)
    >>> m
    Rescaled(scale=0.01)
    """

    def __init__(self, model: nn.Module, scale: float) -> None:
        super().__init__()
        self.model = _check_model(model)
        self.scale = check_scalar(scale, "scale", low=0, include_low=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.model(x) * self.scale

    def __repr__(self) -> str:
        return f"Rescaled(scale={self.scale:g})"


def load_pretrained(name: str, *, data_dir: str | Path | None = None) -> nn.Module:
    """One of the shipped models of :data:`MODEL_NAMES`, in eval mode.

    Weights are ``data/adv_<name>.pt`` (a state_dict loaded with ``weights_only=True``,
    SHA-256 in ``data/MANIFEST.sha256``), trained by ``data/make_adversarial_models.py``.

    Examples
    --------
    >>> model = load_pretrained("mlp")
    >>> d = load_digit_images()
    >>> accuracy(model, d.X_test, d.y_test) > 0.9
    True
    """
    name = check_choice(name, "name", list(MODEL_NAMES))
    if data_dir is not None and not isinstance(data_dir, (str, Path)):
        raise TypeError(f"data_dir must be None or a folder path (str or pathlib.Path); "
                        f"got {describe(data_dir)}")
    folder = DATA_DIR if data_dir is None else Path(data_dir)
    path = folder / f"adv_{name}.pt"
    if not path.is_file():
        if data_dir is not None:
            raise ValueError(f"data_dir must be a folder holding {path.name}; got {data_dir!r}, "
                             f"where {path} is missing")
        raise FileNotFoundError(f"{path} is missing; rebuild it with "
                                "`python data/make_adversarial_models.py`")
    model = make_cnn() if name.startswith("cnn") else make_mlp()
    model.load_state_dict(torch.load(path, weights_only=True))
    return model.eval()


# --- validation helpers -----------------------------------------------------------------------
def _check_model(model: Any, name: str = "model") -> nn.Module:
    if not isinstance(model, nn.Module):
        raise TypeError(f"{name} must be a torch.nn.Module classifier returning logits; "
                        f"got {describe(model)}")
    return model


def _model_dtype(model: nn.Module) -> torch.dtype:
    for p in model.parameters():
        return p.dtype
    return torch.get_default_dtype()


def _check_images(X: Any, name: str, dtype: torch.dtype) -> torch.Tensor:
    """A batch of images ``(n, ...)`` with values in [0, 1], as a tensor of ``dtype``."""
    if isinstance(X, torch.Tensor):
        arr = X.detach().cpu().numpy()
    else:
        arr = X
    arr = check_array(arr, name, ndim=(2, 3, 4, 5),
                      shape_doc="(n_images, ...) e.g. (n_images, 1, 8, 8)")
    if arr.min() < 0 or arr.max() > 1:
        raise ValueError(f"{name} must contain pixel values in [0, 1]; got values from "
                         f"{arr.min():g} to {arr.max():g}")
    if len(arr) > MAX_IMAGES:
        raise ValueError(f"{name} has {len(arr)} images; at most {MAX_IMAGES} per call "
                         "(memory: split the batch)")
    return torch.as_tensor(arr, dtype=dtype)


def _check_labels(y: Any, name: str, n: int, n_classes: int) -> torch.Tensor:
    arr = y.detach().cpu().numpy() if isinstance(y, torch.Tensor) else y
    arr = check_array(arr, name, ndim=1, dtype="int", shape_doc="(n_images,)")
    if len(arr) != n:
        raise ValueError(f"{name} must have one label per image, shape ({n},); "
                         f"got shape {arr.shape}")
    if arr.min() < 0 or arr.max() >= n_classes:
        raise ValueError(f"{name} must contain class labels in 0..{n_classes - 1} (the model "
                         f"has {n_classes} outputs); got values from {arr.min()} to {arr.max()}")
    return torch.as_tensor(arr, dtype=torch.int64)


def _check_eps(eps: Any, name: str = "eps") -> tuple[torch.Tensor, bool]:
    """``eps`` as a 1-D float64 array and whether the caller gave a vector."""
    if isinstance(eps, torch.Tensor):
        eps = eps.detach().cpu().numpy()
    if isinstance(eps, (numbers.Real, np.floating, np.integer, bool, np.bool_)):
        return np.array([check_scalar(eps, name, low=0)]), False
    arr = check_array(eps, name, ndim=1, shape_doc="(n_eps,)")
    if arr.min() < 0:
        raise ValueError(f"{name} must be >= 0 (the radius of the allowed perturbation); "
                         f"got {arr.min():g}")
    return arr, True


@contextlib.contextmanager
def _frozen_eval(model: nn.Module) -> Iterator[None]:
    """Eval mode, parameters without gradients; restores both (even on error)."""
    modes = [(m, m.training) for m in model.modules()]
    grads = [(p, p.requires_grad) for p in model.parameters()]
    model.eval()
    for p, _ in grads:
        p.requires_grad_(False)
    try:
        yield
    finally:
        for m, mode in modes:
            m.training = mode
        for p, flag in grads:
            p.requires_grad_(flag)


def _n_classes(model: nn.Module, X: torch.Tensor, name: str = "X") -> int:
    """Number of model outputs; one forward pass on one image, to report a shape mismatch
    as a clear error about ``X`` instead of a matrix-multiplication error deep in torch."""
    try:
        with torch.no_grad():
            out = model(X[:1])
    except RuntimeError as exc:
        raise ValueError(f"{name} of shape {tuple(X.shape)} does not fit the model (the digit "
                         f"models take images of shape (n, 1, 8, 8)): {exc}") from None
    if out.ndim != 2:
        raise ValueError(f"model must return logits of shape (n_images, n_classes); "
                         f"got shape {tuple(out.shape)}")
    return int(out.shape[1])


def _prepare(model: Any, X: Any, y: Any, eps: Any, target: Any = None,
             ) -> tuple[nn.Module, torch.Tensor, torch.Tensor, np.ndarray, bool,
                        torch.Tensor | None]:
    model = _check_model(model)
    X = _check_images(X, "X", _model_dtype(model))
    eps_arr, vector = _check_eps(eps)
    if len(eps_arr) * len(X) > MAX_IMAGES:
        raise ValueError(f"eps has {len(eps_arr)} values for {len(X)} images: "
                         f"{len(eps_arr) * len(X)} attacked images, at most {MAX_IMAGES} "
                         "per call (memory)")
    with _frozen_eval(model):
        k = _n_classes(model, X)
    y = _check_labels(y, "y", len(X), k)
    tgt = None
    if target is not None:
        if isinstance(target, str):
            check_choice(target, "target", ["least_likely"])
            if k < 2:
                raise ValueError(f"target='least_likely' needs a model with at least 2 "
                                 f"classes (the target must differ from y); got {k}")
            with _frozen_eval(model), torch.no_grad():
                tgt = _least_likely(model(X), y)
        else:
            if isinstance(target, (numbers.Integral, np.integer)) and not isinstance(
                    target, (bool, np.bool_)):
                target = np.full(len(X), int(target))
            tgt = _check_labels(target, "target", len(X), k)
            same = (tgt == y).numpy()
            if same.any():
                raise ValueError(f"target must differ from the true class y (a targeted attack "
                                 f"moves an image *to another* class); got target == y for "
                                 f"{int(same.sum())} of {len(y)} images (first at index "
                                 f"{int(np.argmax(same))})")
    return model, X, y, eps_arr, vector, tgt


def _expand(X: torch.Tensor, y: torch.Tensor, tgt: torch.Tensor | None, eps: np.ndarray
            ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor | None, torch.Tensor]:
    """Repeat the batch once per ε: rows ``j*n .. (j+1)*n - 1`` use ``eps[j]``."""
    k = len(eps)
    Xr = X.repeat(k, *([1] * (X.ndim - 1)))
    shape = (-1,) + (1,) * (X.ndim - 1)
    e = torch.as_tensor(np.repeat(eps, len(X)), dtype=X.dtype).reshape(shape)
    return Xr, y.repeat(k), None if tgt is None else tgt.repeat(k), e


def _fold(X_adv: torch.Tensor, n_eps: int, vector: bool) -> torch.Tensor:
    out = X_adv.reshape(n_eps, -1, *X_adv.shape[1:])
    return out if vector else out[0]


# --- the objective an attack climbs ------------------------------------------------------------
def _objective(logits: torch.Tensor, y: torch.Tensor, tgt: torch.Tensor | None,
               loss: str) -> torch.Tensor:
    """Per-image objective to *increase*: the loss of the true class, or minus the loss of the
    target; ``"margin"`` uses logit differences (Carlini–Wagner), blind to softmax saturation."""
    if loss == "ce":
        if tgt is None:
            return F.cross_entropy(logits, y, reduction="none")
        return -F.cross_entropy(logits, tgt, reduction="none")
    cls = y if tgt is None else tgt
    own = logits.gather(1, cls[:, None])[:, 0]
    others = logits.masked_fill(F.one_hot(cls, logits.shape[1]).bool(), -torch.inf)
    best_other = others.max(dim=1).values
    return best_other - own if tgt is None else own - best_other


def _grad(model: nn.Module, x: torch.Tensor, y: torch.Tensor, tgt: torch.Tensor | None,
          loss: str) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    x = x.detach().requires_grad_(True)
    logits = model(x)
    J = _objective(logits, y, tgt, loss)
    (g,) = torch.autograd.grad(J.sum(), x)  # images are independent: sum = per-image grads
    return g, J.detach(), logits.detach()


def _flat_norm(t: torch.Tensor) -> torch.Tensor:
    return t.flatten(1).norm(dim=1).reshape((-1,) + (1,) * (t.ndim - 1))


def _project(x: torch.Tensor, X: torch.Tensor, e: torch.Tensor, norm: str) -> torch.Tensor:
    """Nearest point of the ε-ball around X, then clip to [0, 1].

    Clipping to [0, 1] after the ball keeps the point in the ball: X is in [0, 1], so
    clipping only moves each pixel *towards* X.
    """
    if norm == "linf":
        x = torch.maximum(torch.minimum(x, X + e), X - e)
    else:
        d = x - X
        d = d * torch.clamp(e / _flat_norm(d).clamp_min(1e-12), max=1.0)
        x = X + d
    return x.clamp(0.0, 1.0)


def _fgsm(model, X, y, tgt, e, loss="ce"):
    g, _, _ = _grad(model, X, y, tgt, loss)
    return (X + e * g.sign()).clamp(0.0, 1.0)


def _pgd(model, X, y, tgt, e, *, steps, alpha, norm, random_start, restarts, loss,
         generator):
    best, best_score = X.clone(), torch.full((len(X),), -torch.inf, dtype=X.dtype)
    for _ in range(restarts):
        x = X.clone()
        if random_start:
            if norm == "linf":
                noise = torch.rand(X.shape, generator=generator, dtype=X.dtype) * 2 - 1
                x = X + e * noise
            else:  # uniform in the L2 ball: a random direction, radius e * u^(1/d)
                d = X[0].numel()
                direction = torch.randn(X.shape, generator=generator, dtype=X.dtype)
                direction = direction / _flat_norm(direction).clamp_min(1e-12)
                u = torch.rand((len(X),) + (1,) * (X.ndim - 1), generator=generator,
                               dtype=X.dtype)
                x = X + e * u ** (1.0 / d) * direction
            x = _project(x, X, e, norm)
        for _ in range(steps):
            g, _, _ = _grad(model, x, y, tgt, loss)
            if norm == "linf":
                step = g.sign()
            else:
                step = g / _flat_norm(g).clamp_min(1e-12)
            x = _project(x + alpha * step, X, e, norm)
        if restarts == 1:
            return x
        with torch.no_grad():
            logits = model(x)
            J = _objective(logits, y, tgt, loss)
            pred = logits.argmax(1)
            success = (pred != y) if tgt is None else (pred == tgt)
            score = J + 1e6 * success  # a restart that fools the model wins, then the larger J
        better = score > best_score
        best[better], best_score[better] = x[better], score[better]
    return best


# --- attacks ----------------------------------------------------------------------------------
def fgsm(model: nn.Module, X: Any, y: Any, eps: Any, *, target: Any = None,
         loss: str = "ce") -> torch.Tensor:
    """Fast gradient sign method: one step of size ε along the sign of the loss gradient.

    ``x' = clip(x + ε·sign(∇ₓ L(x, y)), 0, 1)``; targeted (One-step Target Class Method):
    ``x' = clip(x − ε·sign(∇ₓ L(x, t)), 0, 1)``, a step that lowers the loss of class ``t``.

    Parameters
    ----------
    model : torch.nn.Module
        Classifier returning logits ``(n, n_classes)``.
    X : tensor or array of shape (n_images, ...), values in [0, 1]
    y : tensor or array of shape (n_images,), int
        True classes.
    eps : float >= 0 or array of shape (n_eps,)
        L∞ radius; a vector attacks every image at every ε in one batch.
    target : None, int, array of shape (n_images,) or "least_likely"
        Class to move towards (must differ from ``y``); None for an untargeted attack.
        ``"least_likely"``: the class with the smallest logit among those other than ``y``
        (:func:`least_likely_class` with ``y``).
    loss : {"ce", "margin"}
        Cross-entropy, or the logit margin (Carlini–Wagner's f), which still has a gradient
        when the softmax is saturated.

    Returns
    -------
    torch.Tensor of shape (n_images, ...) or (n_eps, n_images, ...)

    Examples
    --------
    >>> d = load_digit_images()
    >>> model = load_pretrained("mlp")
    >>> X_adv = fgsm(model, d.X_test[:5], d.y_test[:5], [0.0, 0.1, 0.2])
    >>> tuple(X_adv.shape), float((X_adv[2] - d.X_test[:5]).abs().max()) <= 0.2 + 1e-6
    ((3, 5, 1, 8, 8), True)
    """
    loss = check_choice(loss, "loss", ["ce", "margin"])
    model, X, y, eps_arr, vector, tgt = _prepare(model, X, y, eps, target)
    Xr, yr, tr, e = _expand(X, y, tgt, eps_arr)
    with _frozen_eval(model):
        out = _fgsm(model, Xr, yr, tr, e, loss)
    return _fold(out.detach(), len(eps_arr), vector)


def pgd(model: nn.Module, X: Any, y: Any, eps: Any, *, steps: int = 20,
        step_size: float | None = None, norm: str = "linf", random_start: bool = True,
        restarts: int = 1, target: Any = None, loss: str = "ce",
        random_state: Any = 0) -> torch.Tensor:
    """Projected gradient descent (Madry et al.): many small steps, each projected back.

    Each step moves by ``step_size`` along the sign of the gradient (L∞) or the normalised
    gradient (L2), then projects onto the ε-ball around the original image and onto [0, 1].
    With ``random_start`` the walk starts at a uniform random point of the ball; with
    ``restarts > 1`` the best of several walks is kept (a successful one first, then the
    largest loss). One step of size ε without a random start is exactly FGSM.

    Parameters
    ----------
    model, X, y, eps, target, loss
        As in :func:`fgsm`.
    steps : int
        Number of gradient steps (1..10000).
    step_size : float, optional
        Step length α; default ``2.5 ε / steps`` (enough to cross the ball from side to side).
    norm : {"linf", "l2"}
    random_start : bool
    restarts : int
    random_state : None, int or numpy.random.Generator
        Seed of the random starts.

    Returns
    -------
    torch.Tensor of shape (n_images, ...) or (n_eps, n_images, ...)

    Examples
    --------
    >>> d = load_digit_images()
    >>> model = load_pretrained("mlp")
    >>> X_adv = pgd(model, d.X_test[:50], d.y_test[:50], 0.1, steps=10)
    >>> accuracy(model, d.X_test[:50], d.y_test[:50]) > accuracy(model, X_adv, d.y_test[:50])
    True
    """
    steps = check_int(steps, "steps", low=1, high=MAX_STEPS)
    norm = check_choice(norm, "norm", ["linf", "l2"])
    random_start = check_bool(random_start, "random_start")
    restarts = check_int(restarts, "restarts", low=1, high=MAX_RESTARTS)
    loss = check_choice(loss, "loss", ["ce", "margin"])
    if step_size is not None:
        step_size = check_scalar(step_size, "step_size", low=0, include_low=False)
    rng = check_rng(random_state)
    model, X, y, eps_arr, vector, tgt = _prepare(model, X, y, eps, target)
    Xr, yr, tr, e = _expand(X, y, tgt, eps_arr)
    alpha = 2.5 * e / steps if step_size is None else torch.full_like(e, step_size)
    gen = torch.Generator().manual_seed(int(rng.integers(2**63 - 1)))
    with _frozen_eval(model):
        out = _pgd(model, Xr, yr, tr, e, steps=steps, alpha=alpha, norm=norm,
                   random_start=random_start, restarts=restarts, loss=loss, generator=gen)
    return _fold(out.detach(), len(eps_arr), vector)


def bim(model: nn.Module, X: Any, y: Any, eps: Any, *, steps: int = 10,
        step_size: float | None = None, target: Any = None, loss: str = "ce") -> torch.Tensor:
    """Basic iterative method (Kurakin et al.): FGSM in small steps, clipped to the ε-box.

    PGD under L∞ without a random start. With ``target="least_likely"`` it is the
    Iterative Least-Likely Class method (ILLC).

    Examples
    --------
    >>> d = load_digit_images()
    >>> model = load_pretrained("mlp")
    >>> tuple(bim(model, d.X_test[:3], d.y_test[:3], 0.1).shape)
    (3, 1, 8, 8)
    """
    return pgd(model, X, y, eps, steps=steps, step_size=step_size, norm="linf",
               random_start=False, target=target, loss=loss)


def _least_likely(logits: torch.Tensor, y: torch.Tensor | None) -> torch.Tensor:
    """Index of the smallest logit, leaving out class ``y[i]`` of row ``i`` when ``y`` is given.

    The least likely class by probability is the one with the smallest logit (softmax is
    monotone). Masking ``y`` with +inf keeps the argmin among the other classes; ties go to
    the first index, as in ``torch.argmin``.
    """
    if y is not None:
        logits = logits.masked_fill(F.one_hot(y, logits.shape[1]).bool(), torch.inf)
    return logits.argmin(dim=1)


def least_likely_class(model: nn.Module, X: Any, y: Any = None) -> torch.Tensor:
    """The class each image is *least* likely to be, by the model: the hardest target.

    Parameters
    ----------
    model : torch.nn.Module
        Classifier returning logits ``(n, n_classes)``.
    X : tensor or array of shape (n_images, ...), values in [0, 1]
    y : tensor or array of shape (n_images,), int, optional
        True classes. When given, the least likely class *other than* ``y`` (a target must
        differ from the true class): a model that misclassifies an image may give its true
        class the smallest probability, and a plain argmin would then "attack" towards ``y``.
        ``pgd(..., target="least_likely")`` always passes ``y``. Without ``y``: the argmin
        over all classes.

    Returns
    -------
    torch.Tensor of shape (n_images,), int64

    Examples
    --------
    >>> d = load_digit_images()
    >>> least_likely_class(load_pretrained("mlp"), d.X_test[:4], d.y_test[:4]).shape
    torch.Size([4])
    """
    model = _check_model(model)
    X = _check_images(X, "X", _model_dtype(model))
    with _frozen_eval(model), torch.no_grad():
        k = _n_classes(model, X)
        if y is not None:
            y = _check_labels(y, "y", len(X), k)
            if k < 2:
                raise ValueError(f"a least likely class other than y needs a model with at "
                                 f"least 2 classes; got {k}")
        return _least_likely(model(X), y)


def deepfool(model: nn.Module, X: Any, y: Any = None, *, max_iter: int = 50,
             overshoot: float = 0.02) -> torch.Tensor:
    """DeepFool (Moosavi-Dezfooli et al.): walk to the nearest linearised class boundary.

    At each step the model is replaced by its linearisation; for each other class ``k`` the
    distance to the boundary with the current class is ``|f_k − f_y| / ‖∇f_k − ∇f_y‖₂`` and
    the image moves across the nearest one. It stops when the label changes, so the result is
    a *small* L2 perturbation (no ε is given). For an affine model one step reaches the exact
    nearest boundary (then ``1 + overshoot`` times as far). Pixels are clipped to [0, 1].

    Parameters
    ----------
    model : torch.nn.Module
    X : tensor or array of shape (n_images, ...), values in [0, 1]
    y : None or labels of shape (n_images,)
        Class to move away from; default the model's own prediction.
    max_iter : int
    overshoot : float >= 0

    Returns
    -------
    torch.Tensor of shape (n_images, ...)

    Examples
    --------
    >>> d = load_digit_images()
    >>> model = load_pretrained("mlp")
    >>> X_adv = deepfool(model, d.X_test[:20])
    >>> before = predict_proba(model, d.X_test[:20]).argmax(1)
    >>> float((predict_proba(model, X_adv).argmax(1) != before).mean())
    1.0
    """
    model = _check_model(model)
    X = _check_images(X, "X", _model_dtype(model))
    max_iter = check_int(max_iter, "max_iter", low=1, high=MAX_STEPS)
    overshoot = check_scalar(overshoot, "overshoot", low=0, high=10)
    with _frozen_eval(model):
        k = _n_classes(model, X)
        if k > MAX_CLASSES_DEEPFOOL:
            raise ValueError(f"model has {k} classes; deepfool takes one backward pass per "
                             f"class and step, at most {MAX_CLASSES_DEEPFOOL} classes")
        if y is None:
            with torch.no_grad():
                y = model(X).argmax(1)
        y = _check_labels(y, "y", len(X), k)
        return _deepfool(model, X, y, k, max_iter, overshoot)


def _deepfool(model, X, y, k, max_iter, overshoot):
    n = len(X)
    rows = torch.arange(n)
    r_tot = torch.zeros_like(X)
    for _ in range(max_iter):
        x = (X + (1 + overshoot) * r_tot).clamp(0, 1).requires_grad_(True)
        logits = model(x)
        active = logits.argmax(1) == y
        if not active.any():
            break
        grads = torch.stack([torch.autograd.grad(logits[:, c].sum(), x, retain_graph=c < k - 1)[0]
                             for c in range(k)], dim=1)                    # (n, k, ...)
        w = grads - grads[rows, y].unsqueeze(1)
        f = (logits - logits[rows, y][:, None]).detach()
        w_norm = w.flatten(2).norm(dim=2)                                  # (n, k)
        dist = f.abs() / w_norm.clamp_min(1e-12)
        dist[rows, y] = torch.inf
        nearest = dist.argmin(dim=1)
        w_l = w[rows, nearest]
        scale = (dist[rows, nearest] + 1e-4) / w_norm[rows, nearest].clamp_min(1e-12)
        r = scale.reshape((-1,) + (1,) * (X.ndim - 1)) * w_l
        r_tot = r_tot + r * active.reshape((-1,) + (1,) * (X.ndim - 1))
    return (X + (1 + overshoot) * r_tot).clamp(0, 1).detach()


# --- evaluation -------------------------------------------------------------------------------
def predict_proba(model: nn.Module, X: Any, *, temperature: float = 1.0) -> np.ndarray:
    """Softmax of the logits divided by ``temperature``, for images ``(..., n_images, ...)``.

    ``X`` may carry leading ε axes as returned by the attacks: shape ``(n_eps, n, 1, 8, 8)``
    gives probabilities ``(n_eps, n, n_classes)``.

    Examples
    --------
    >>> p = predict_proba(load_pretrained("mlp"), load_digit_images().X_test[:3])
    >>> p.shape, bool(np.allclose(p.sum(1), 1))
    ((3, 10), True)
    """
    model = _check_model(model)
    temperature = check_scalar(temperature, "temperature", low=0, include_low=False)
    if isinstance(X, torch.Tensor) and X.ndim == 5:
        lead = X.shape[:1]
        X = X.reshape(-1, *X.shape[2:])
    else:
        lead = ()
    X = _check_images(X, "X", _model_dtype(model))
    with _frozen_eval(model), torch.no_grad():
        _n_classes(model, X)
        p = torch.softmax(model(X).double() / temperature, dim=1).numpy()
    return p.reshape(*lead, -1, p.shape[-1])


def accuracy(model: nn.Module, X: Any, y: Any) -> float:
    """Fraction of images classified as ``y``; with leading ε axes, one accuracy per ε.

    Examples
    --------
    >>> d = load_digit_images()
    >>> round(accuracy(load_pretrained("cnn"), d.X_test, d.y_test), 2) >= 0.95
    True
    """
    p = predict_proba(model, X)
    y_arr = y.detach().cpu().numpy() if isinstance(y, torch.Tensor) else y
    y_arr = check_array(y_arr, "y", ndim=1, dtype="int", shape_doc="(n_images,)")
    if y_arr.shape[0] != p.shape[-2]:
        raise ValueError(f"y must have one label per image, shape ({p.shape[-2]},); "
                         f"got shape {y_arr.shape}")
    acc = (p.argmax(-1) == y_arr).mean(axis=-1)
    return float(acc) if np.ndim(acc) == 0 else acc


def accuracy_under_attack(model: nn.Module, X: Any, y: Any, eps: Any, *, method: str = "pgd",
                          source: nn.Module | None = None, **attack_kw: Any) -> np.ndarray:
    """Accuracy of ``model`` on adversarial images, one value per ε, from one batched attack.

    Parameters
    ----------
    model : torch.nn.Module
        The model evaluated.
    X, y : images and labels
    eps : array of shape (n_eps,)
    method : {"fgsm", "bim", "pgd"}
    source : torch.nn.Module, optional
        The model the attack is computed on (default ``model``: a white-box attack); another
        model measures transfer.
    **attack_kw
        Passed to the attack (``steps``, ``target``, ``loss``...).

    Returns
    -------
    ndarray of shape (n_eps,)

    Examples
    --------
    >>> d = load_digit_images()
    >>> acc = accuracy_under_attack(load_pretrained("mlp"), d.X_test[:100], d.y_test[:100],
    ...                             [0.0, 0.2], method="fgsm")
    >>> bool(acc[0] > acc[1])
    True
    """
    method = check_choice(method, "method", ["fgsm", "bim", "pgd"])
    model = _check_model(model)
    src = model if source is None else _check_model(source, "source")
    eps_arr, _ = _check_eps(eps)
    attack_fn = {"fgsm": fgsm, "bim": bim, "pgd": pgd}[method]
    X_adv = attack_fn(src, X, y, eps_arr, **attack_kw)
    return np.atleast_1d(accuracy(model, X_adv, y))


def transfer_matrix(models: dict[str, nn.Module], X: Any, y: Any, eps: float, *,
                    method: str = "pgd", **attack_kw: Any) -> np.ndarray:
    """Success rates of attacks crafted on one model against every model.

    Entry ``[i, j]``: among the images that *both* model ``i`` and model ``j`` classify
    correctly, the fraction that the attack computed on model ``i`` makes model ``j`` get
    wrong. The diagonal is the white-box success rate.

    Parameters
    ----------
    models : dict of str to torch.nn.Module
        At least one model; the order of the dict is the order of the rows and columns.
    X, y, eps, method, **attack_kw
        As in :func:`accuracy_under_attack`; ``eps`` is one number.

    Returns
    -------
    ndarray of shape (n_models, n_models)

    Examples
    --------
    >>> d = load_digit_images()
    >>> m = transfer_matrix({"mlp": load_pretrained("mlp"), "cnn": load_pretrained("cnn")},
    ...                     d.X_test[:60], d.y_test[:60], 0.2, method="fgsm")
    >>> m.shape
    (2, 2)
    """
    if not isinstance(models, dict) or not models:
        raise TypeError(f"models must be a non-empty dict of name -> torch.nn.Module; "
                        f"got {describe(models)}")
    for key, m in models.items():
        _check_model(m, f"models[{key!r}]")
    eps = check_scalar(eps, "eps", low=0)
    method = check_choice(method, "method", ["fgsm", "bim", "pgd"])
    attack_fn = {"fgsm": fgsm, "bim": bim, "pgd": pgd}[method]
    names = list(models)
    first = next(iter(models.values()))
    X_t = _check_images(X, "X", _model_dtype(first))
    with _frozen_eval(first):
        k = _n_classes(first, X_t)
    y_arr = _check_labels(y, "y", len(X_t), k).numpy()
    clean = {n: predict_proba(models[n], X).argmax(1) == y_arr for n in names}
    out = np.zeros((len(names), len(names)))
    for i, src in enumerate(names):
        X_adv = attack_fn(models[src], X, y, eps, **attack_kw)
        for j, dst in enumerate(names):
            both = clean[src] & clean[dst]
            fooled = predict_proba(models[dst], X_adv).argmax(1) != y_arr
            out[i, j] = fooled[both].mean() if both.any() else np.nan
    return out


@dataclass
class RobustAccuracy:
    """Accuracy under several attacks at several ε, and under the worst of them per image.

    Attributes
    ----------
    eps : ndarray of shape (n_eps,)
    per_attack : dict of str to ndarray of shape (n_eps,)
        Accuracy under each attack alone.
    worst_case : ndarray of shape (n_eps,)
        Fraction of images that *every* attack left correctly classified: an image counts
        as robust only if no attack of the list fooled it.
    n_images : int
    """

    eps: np.ndarray
    per_attack: dict[str, np.ndarray]
    worst_case: np.ndarray
    n_images: int

    def standard_error(self, accuracy: Any) -> np.ndarray:
        """Binomial standard error ``sqrt(p (1 - p) / n)`` of accuracies on these images."""
        p = np.asarray(accuracy, dtype=float)
        return np.sqrt(p * (1 - p) / self.n_images)

    def __repr__(self) -> str:
        return (f"RobustAccuracy(eps={self.eps.tolist()}, attacks={list(self.per_attack)}, "
                f"worst_case={self.worst_case.round(3).tolist()}, n_images={self.n_images})")


def robust_accuracy(model: nn.Module, X: Any, y: Any, eps: Any,
                    attacks: dict[str, dict[str, Any]]) -> RobustAccuracy:
    """Accuracy of ``model`` under each attack and under the per-image worst case of all.

    Every attack runs once on all images at all ε (one batched call each, as in
    :func:`accuracy_under_attack`); an image is counted as robust at an ε only if it is
    classified correctly after every attack. The worst case is what an attacker who tries
    them all achieves, and it is never above the best single attack's accuracy.

    Parameters
    ----------
    model : torch.nn.Module
    X, y : images and labels
    eps : array-like of shape (n_eps,)
    attacks : dict of str to dict
        Name -> keyword arguments of :func:`accuracy_under_attack` (``method``, ``loss``,
        ``restarts``, ``steps``, ``source``...).

    Returns
    -------
    RobustAccuracy

    Examples
    --------
    >>> d = load_digit_images()
    >>> r = robust_accuracy(load_pretrained("mlp"), d.X_test[:100], d.y_test[:100], [0.0, 0.1],
    ...                     {"FGSM": dict(method="fgsm"), "PGD": dict(method="pgd")})
    >>> bool(np.all(r.worst_case <= np.minimum(r.per_attack["FGSM"], r.per_attack["PGD"])))
    True
    """
    model = _check_model(model)
    if not isinstance(attacks, dict) or not attacks:
        raise TypeError(f"attacks must be a non-empty dict of name -> dict of attack "
                        f"arguments; got {describe(attacks)}")
    eps_arr, _ = _check_eps(eps)
    X_t = _check_images(X, "X", _model_dtype(model))
    with _frozen_eval(model):
        k = _n_classes(model, X_t)
    y_arr = _check_labels(y, "y", len(X_t), k).numpy()
    per_attack, robust = {}, np.ones((len(eps_arr), len(y_arr)), bool)
    for name, kw in attacks.items():
        if not isinstance(kw, dict):
            raise TypeError(f"attacks[{name!r}] must be a dict of attack arguments; got "
                            f"{describe(kw)}")
        kw = dict(kw)
        method = check_choice(kw.pop("method", "pgd"), f"attacks[{name!r}]['method']",
                              ["fgsm", "bim", "pgd"])
        source = kw.pop("source", None)
        src = model if source is None else _check_model(source, f"attacks[{name!r}]['source']")
        X_adv = {"fgsm": fgsm, "bim": bim, "pgd": pgd}[method](src, X_t, y, eps_arr, **kw)
        correct = predict_proba(model, X_adv).argmax(-1) == y_arr      # (n_eps, n_images)
        per_attack[name] = correct.mean(axis=1)
        robust &= correct
    return RobustAccuracy(eps=np.asarray(eps_arr, dtype=float), per_attack=per_attack,
                          worst_case=robust.mean(axis=1), n_images=len(y_arr))


# --- training ---------------------------------------------------------------------------------
def train_classifier(model: nn.Module, X: Any, y: Any, *, epochs: int = 40, lr: float = 3e-3,
                     batch_size: int = 64, adversary: str | None = None, eps: float = 0.1,
                     steps: int = 7, soft_targets: Any = None, temperature: float = 1.0,
                     random_state: Any = 0) -> nn.Module:
    """Train ``model`` in place with Adam on mini-batches; return it in eval mode.

    Parameters
    ----------
    model : torch.nn.Module
    X : images of shape (n_images, ...) in [0, 1]; y : labels of shape (n_images,)
    epochs, lr, batch_size : the usual
    adversary : {None, "fgsm", "pgd"}
        Adversarial training: each mini-batch is replaced by its adversarial version at ``eps``
        (PGD with ``steps`` steps and a random start), computed against the current model.
    soft_targets : array of shape (n_images, n_classes), optional
        Probabilities to imitate (defensive distillation); ``y`` is then only checked.
    temperature : float > 0
        Softmax temperature during training: the loss uses ``logits / temperature``. At test
        time the model is used as it is (temperature 1), which is what saturates a model
        trained at a high temperature.
    random_state : None, int or numpy.random.Generator
        Seeds the shuffling and the random starts.

    Returns
    -------
    torch.nn.Module (the same object)

    Examples
    --------
    >>> d = load_digit_images()
    >>> m = train_classifier(make_mlp(16), d.X_train, d.y_train, epochs=5)
    >>> accuracy(m, d.X_test, d.y_test) > 0.8
    True
    """
    model = _check_model(model)
    X = _check_images(X, "X", _model_dtype(model))
    with _frozen_eval(model):
        k = _n_classes(model, X)
    y = _check_labels(y, "y", len(X), k)
    epochs = check_int(epochs, "epochs", low=1, high=MAX_EPOCHS)
    lr = check_scalar(lr, "lr", low=0, high=10, include_low=False)
    batch_size = check_int(batch_size, "batch_size", low=1, high=MAX_IMAGES)
    if adversary is not None:
        adversary = check_choice(adversary, "adversary", ["fgsm", "pgd"])
    eps = check_scalar(eps, "eps", low=0, high=1)
    steps = check_int(steps, "steps", low=1, high=1000)
    temperature = check_scalar(temperature, "temperature", low=0, high=1e4, include_low=False)
    soft = None
    if soft_targets is not None:
        arr = soft_targets.detach().cpu().numpy() if isinstance(soft_targets, torch.Tensor) \
            else soft_targets
        arr = check_array(arr, "soft_targets", ndim=2, shape=(len(X), k),
                          shape_doc=f"(n_images, n_classes) = ({len(X)}, {k})")
        if arr.min() < 0 or not np.allclose(arr.sum(1), 1, atol=1e-4):
            raise ValueError("soft_targets must hold probabilities: non-negative rows that "
                             "sum to 1")
        soft = torch.as_tensor(arr, dtype=_model_dtype(model))
    rng = check_rng(random_state)
    gen = torch.Generator().manual_seed(int(rng.integers(2**63 - 1)))
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    e = torch.full((1,) + (1,) * (X.ndim - 1), eps, dtype=X.dtype)
    for _ in range(epochs):
        order = torch.randperm(len(X), generator=gen)
        for start in range(0, len(X), batch_size):
            idx = order[start:start + batch_size]
            xb, yb = X[idx], y[idx]
            if adversary is not None:
                with _frozen_eval(model):
                    if adversary == "fgsm":
                        xb = _fgsm(model, xb, yb, None, e)
                    else:
                        xb = _pgd(model, xb, yb, None, e, steps=steps, alpha=2.5 * e / steps,
                                  norm="linf", random_start=True, restarts=1, loss="ce",
                                  generator=gen)
                xb = xb.detach()
            model.train()
            logits = model(xb) / temperature
            if soft is None:
                batch_loss = F.cross_entropy(logits, yb)
            else:
                batch_loss = -(soft[idx] * F.log_softmax(logits, dim=1)).sum(1).mean()
            opt.zero_grad()
            batch_loss.backward()
            opt.step()
    return model.eval()


def train_seeds(data: DigitImages, recipes: dict[str, dict[str, Any]], eps: Any, *,
                seeds: Any = (0, 1, 2), hidden: int = 64, dtype: torch.dtype = torch.float64,
                progress: bool = False) -> dict[str, np.ndarray]:
    """Train one MLP per recipe and seed; return each one's accuracy under PGD at every ε.

    A comparison of training methods needs more than one trained model per method: the
    seed moves the initial weights, the batch order and (for PGD training) the random
    starts. Every recipe gets the same seeds, so the results pair up seed by seed (used by
    lesson 10's comparison of FGSM and PGD training).

    Parameters
    ----------
    data : DigitImages
        Trained on ``X_train``, scored on ``X_test``.
    recipes : dict of str to dict
        Name -> keyword arguments of :func:`train_classifier` (``adversary``, ``eps``,
        ``steps``, ``epochs``, ``lr``...); ``random_state`` is set to the seed.
    eps : array-like of shape (n_eps,)
        Budgets of the evaluation: :func:`accuracy_under_attack` with its default PGD
        (20 steps); ε = 0 gives the clean accuracy.
    seeds : sequence of int
        Model ``s`` is ``make_mlp(hidden, seed=s)`` trained with ``random_state=s``.
    dtype : torch.float32 or torch.float64
        float64 by default: its rounding is too small for the CPU's kernels to change a
        trained model's accuracy, so the numbers are the same on every machine.
    progress : bool
        A progress bar over all trainings (``tqdm.auto``).

    Returns
    -------
    dict of str to ndarray of shape (n_seeds, n_eps)

    Examples
    --------
    >>> d = load_digit_images()
    >>> r = train_seeds(d, {"plain": {"epochs": 2}}, [0.0, 0.1], seeds=[0, 1], hidden=8)
    >>> r["plain"].shape
    (2, 2)
    """
    if not isinstance(data, DigitImages):
        raise TypeError(f"data must be a DigitImages (load_digit_images()); got "
                        f"{describe(data)}")
    if not isinstance(recipes, dict) or not recipes:
        raise TypeError(f"recipes must be a non-empty dict of name -> dict of "
                        f"train_classifier arguments; got {describe(recipes)}")
    for name, kw in recipes.items():
        if not isinstance(kw, dict) or "random_state" in kw:
            raise ValueError(f"recipes[{name!r}] must be a dict of train_classifier arguments "
                             f"without random_state (the seed sets it); got {describe(kw)}")
    eps_arr, _ = _check_eps(eps)
    seed_list = [check_int(s, "seeds", low=0, high=2**31) for s in
                 (seeds if isinstance(seeds, (list, tuple, range)) else [seeds])]
    if not seed_list:
        raise ValueError("seeds must not be empty")
    hidden = check_int(hidden, "hidden", low=1, high=4096)
    dtype = check_choice(dtype, "dtype", [torch.float32, torch.float64])
    progress = check_bool(progress, "progress")
    runs = [(name, s) for name in recipes for s in seed_list]
    if progress:
        from tqdm.auto import tqdm

        runs = tqdm(runs, desc="trainings", leave=True)   # leave: see training.compare
    out: dict[str, list] = {name: [] for name in recipes}
    for name, s in runs:
        model = make_mlp(hidden, seed=s).to(dtype)
        train_classifier(model, data.X_train, data.y_train, random_state=s, **recipes[name])
        out[name].append(accuracy_under_attack(model, data.X_test, data.y_test, eps_arr,
                                               method="pgd"))
    return {name: np.array(acc) for name, acc in out.items()}


# --- the linear explanation -------------------------------------------------------------------
def linear_worst_margin(w: Any, b: float, X: Any, t: Any, eps: float) -> np.ndarray:
    """Smallest signed score ``t·(w·x' + b)`` over ``‖x' − x‖∞ ≤ ε`` and ``x' ∈ [0, 1]^d``.

    The objective is a sum of one term per pixel and the feasible set a product of intervals,
    so each pixel moves independently against ``t·w_i`` as far as both boxes allow: without
    the [0, 1] box the drop is exactly ``ε‖w‖₁`` (Goodfellow et al.'s linear explanation).

    Parameters
    ----------
    w : array of shape (n_features,)
    b : float
    X : array of shape (n_samples, n_features), values in [0, 1]
    t : array of shape (n_samples,), values in {-1, +1}
    eps : float >= 0

    Returns
    -------
    ndarray of shape (n_samples,)

    Examples
    --------
    >>> linear_worst_margin([1.0, -2.0], 0.0, [[0.5, 0.5]], [1], 0.1)   # -0.5 - 0.1 * 3
    array([-0.8])
    """
    w = check_array(w, "w", ndim=1, shape_doc="(n_features,)")
    b = check_scalar(b, "b")
    X = check_array(X, "X", ndim=2, shape=(None, len(w)), shape_doc="(n_samples, n_features)")
    if X.min() < 0 or X.max() > 1:
        raise ValueError(f"X must contain values in [0, 1]; got {X.min():g} to {X.max():g}")
    t = check_array(t, "t", ndim=1, shape=(len(X),), shape_doc="(n_samples,)")
    if not np.isin(t, (-1, 1)).all():
        raise ValueError(f"t must contain only -1 and +1; got {np.unique(t)[:5].tolist()}")
    eps = check_scalar(eps, "eps", low=0)
    direction = -np.sign(t[:, None] * w[None, :])          # the way each pixel should move
    room = np.where(direction > 0, 1 - X, X)               # distance to the [0, 1] wall
    step = direction * np.minimum(eps, room)
    return t * ((X + step) @ w + b)


def linear_activation_change(n_features: Any, eps: float, *, n_trials: int = 20,
                             random_state: Any = 0) -> dict[str, np.ndarray]:
    """Change of a linear unit's activation ``w·x`` under an L∞ perturbation of size ε.

    For random weights ``w ~ N(0, 1)^d``: the worst perturbation ``ε·sign(w)`` changes the
    activation by ``ε‖w‖₁`` (about ``0.8 ε d``: linear in the dimension), random signs of the
    same size only by about ``ε‖w‖₂`` (``ε √d``).

    Parameters
    ----------
    n_features : array of int, shape (n_dims,)
        Dimensions to try (each 1..10**6).
    eps : float >= 0
    n_trials : int
        Random weight vectors per dimension (averaged).
    random_state : None, int or numpy.random.Generator

    Returns
    -------
    dict with ``"n_features"``, ``"worst"`` (mean ε‖w‖₁), ``"random"`` (mean |w·δ| for random
    sign noise δ) and ``"l1_formula"`` (ε‖w‖₁ computed directly), each of shape (n_dims,).

    Examples
    --------
    >>> r = linear_activation_change([10, 1000], 0.1)
    >>> bool(np.allclose(r["worst"], r["l1_formula"]))
    True
    >>> bool(r["worst"][1] / r["worst"][0] > 50)
    True
    """
    dims = check_array(n_features, "n_features", ndim=1, dtype="int", shape_doc="(n_dims,)")
    if dims.min() < 1 or dims.max() > MAX_FEATURES:
        raise ValueError(f"n_features must be in [1, {MAX_FEATURES}] (memory); got "
                         f"{dims.min()} to {dims.max()}")
    eps = check_scalar(eps, "eps", low=0)
    n_trials = check_int(n_trials, "n_trials", low=1, high=10_000)
    if int(dims.max()) * n_trials > 5 * 10**7:
        raise ValueError(f"n_trials * max(n_features) = {int(dims.max()) * n_trials} numbers; "
                         "at most 5e7 (400 MB)")
    rng = check_rng(random_state)
    worst, noise, formula = [], [], []
    for d in dims:
        W = rng.normal(size=(n_trials, int(d)))
        delta_worst = eps * np.sign(W)
        delta_rand = eps * rng.choice([-1.0, 1.0], size=W.shape)
        worst.append(np.mean(np.einsum("td,td->t", W, delta_worst)))
        noise.append(np.mean(np.abs(np.einsum("td,td->t", W, delta_rand))))
        formula.append(np.mean(eps * np.abs(W).sum(axis=1)))
    return {"n_features": dims, "worst": np.array(worst), "random": np.array(noise),
            "l1_formula": np.array(formula)}
