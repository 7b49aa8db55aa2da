"""Transfer learning on the 8×8 digits: pretrain on digits 0–4, learn 5–9 from a few labels.

Used in ``notebooks/11d_trees_and_generative_models.ipynb`` (interview question N34).

:func:`transfer_experiment` pretrains lesson 10's small CNN (``adversarial.make_cnn``) on the
digits 0–4 only, then learns the five *new* classes 5–9 from 1, 5, 10... labelled images per
class in four ways:

* ``frozen features`` — keep the pretrained convolutions fixed, train a new linear head;
* ``frozen random features`` — the control for the one above: the same network with random,
  never trained convolutions (the initial weights of ``from scratch``), kept fixed, and the
  same new head trained on top. What ``frozen features`` gains over it is what pretraining
  put into the features;
* ``fine-tune all`` — start from the pretrained weights with a new head, train everything;
* ``from scratch`` — the same network with fresh random weights, trained on the few labels.

The shipped lesson-10 CNN (``adversarial.load_pretrained("cnn")``) was trained on all ten
digits, so it has already seen the "new" classes; pretraining on 0–4 here keeps the test
honest. torch is imported inside the functions.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import numpy as np

from .stats import mean_se, standard_error
from .validation import check_array, check_choice, check_int, check_rng

__all__ = ["METHODS", "TransferResult", "transfer_experiment"]

#: The four ways to learn the new classes.
METHODS = ("frozen features", "frozen random features", "fine-tune all", "from scratch")
SOURCE_CLASSES = (0, 1, 2, 3, 4)
TARGET_CLASSES = (5, 6, 7, 8, 9)
MAX_LABELS = 100   # per class; the training split holds about 125 of each digit
MAX_STEPS = 5000
MAX_SEEDS = 100


@dataclass
class TransferResult:
    """Result of :func:`transfer_experiment`.

    Attributes
    ----------
    methods : tuple of str
    labels_per_class : ndarray of shape (n_k,)
    accuracy : ndarray of shape (n_methods, n_k, n_seeds)
        Accuracy on the held-out test images of the new classes 5–9.
    source_accuracy : float
        The pretrained network's accuracy on the test images of 0–4.
    n_test : int
        Test images of the new classes: every accuracy is a multiple of ``1 / n_test``, so
        two runs that misclassify the same number of images score exactly alike.
    """

    methods: tuple
    labels_per_class: np.ndarray
    accuracy: np.ndarray
    source_accuracy: float
    n_test: int = 0

    def mean(self) -> np.ndarray:
        """Mean accuracy over seeds, shape (n_methods, n_k)."""
        return self.accuracy.mean(axis=2)

    def se(self) -> np.ndarray:
        """Standard error of the mean over seeds, shape (n_methods, n_k)."""
        return standard_error(self.accuracy, axis=2)

    def paired(self, first: str, second: str) -> tuple[np.ndarray, np.ndarray]:
        """Mean and SE over the seeds of ``accuracy[first] − accuracy[second]`` (the same
        labelled images and head for both), each of shape (n_k,)."""
        first = check_choice(first, "first", self.methods)
        second = check_choice(second, "second", self.methods)
        d = (self.accuracy[self.methods.index(first)]
             - self.accuracy[self.methods.index(second)])
        return mean_se(d, axis=1)

    def table(self) -> str:
        """Accuracy mean ± SE, one row per method, one column per number of labels."""
        head = "".join(f"{f'{k} per class':>16}" for k in self.labels_per_class)
        lines = [f"{'method':<22}{head}"]
        for i, name in enumerate(self.methods):
            cells = "".join(f"{m:9.3f} ± {s:.3f}"
                            for m, s in zip(self.mean()[i], self.se()[i], strict=True))
            lines.append(f"{name:<22}{cells}")
        lines.append(f"mean ± SE over {self.accuracy.shape[2]} seeds (draws of the labelled "
                     f"images); {self.n_test} test images")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"TransferResult({len(self.methods)} methods × labels per class "
                f"{self.labels_per_class.tolist()} × {self.accuracy.shape[2]} seeds; "
                ".table() for the summary)")


def _fit(model: Any, X: Any, y: Any, params: list, steps: int, lr: float) -> None:
    """Full-batch Adam on ``params`` (the few labelled images fit in one batch)."""
    import torch
    from torch.nn import functional as F

    opt = torch.optim.Adam(params, lr=lr)
    model.train()
    for _ in range(steps):
        loss = F.cross_entropy(model(X), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    model.eval()


def _new_head(model: Any, seed: int) -> Any:
    """``model`` (a deep copy) with its last Linear layer replaced by a fresh 5-way one."""
    import torch
    from torch import nn

    model = copy.deepcopy(model)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model[-1] = nn.Linear(model[-1].in_features, len(TARGET_CLASSES))
    return model


def transfer_experiment(*, labels_per_class: Any = (1, 5, 10), n_seeds: int = 3,
                        channels: int = 8, pretrain_epochs: int = 15, steps: int = 60,
                        random_state: Any = 0) -> TransferResult:
    """Pretrain on digits 0–4, then learn 5–9 from a few labels four ways (see :data:`METHODS`).

    The digits are lesson 10's split (``adversarial.load_digit_images(random_state=0)``).
    Pretraining: ``make_cnn(channels, n_classes=5)`` trained by ``train_classifier`` on every
    training image of 0–4. Then for each seed and each ``k`` in ``labels_per_class``, ``k``
    training images of each new class are drawn, and each method runs ``steps`` full-batch
    Adam steps (rate 0.005) on them; all four see the same images, and the three that add a
    new head to a network (all but ``from scratch``) start from the same head weights.

    Parameters
    ----------
    labels_per_class : sequence of int
        Labelled images per new class (1..100 each).
    n_seeds : int
        Draws of the labelled images (2..100).
    channels : int
        Width of the CNN (its first convolution's channels).
    pretrain_epochs, steps : int
        Epochs of pretraining; Adam steps on the few labels.
    random_state : None, int or numpy.random.Generator

    Returns
    -------
    TransferResult

    Examples
    --------
    >>> r = transfer_experiment(labels_per_class=[2], n_seeds=2, channels=2,
    ...                         pretrain_epochs=1, steps=2)
    >>> r.accuracy.shape
    (4, 1, 2)
    """
    import torch

    from . import adversarial as adv

    ks = check_array(labels_per_class, "labels_per_class", ndim=1, dtype="int",
                     shape_doc="(n_k,)")
    if ks.min() < 1 or ks.max() > MAX_LABELS:
        raise ValueError(f"labels_per_class must hold integers in [1, {MAX_LABELS}]; got "
                         f"values from {ks.min()} to {ks.max()}")
    if len(ks) > 20:
        raise ValueError(f"labels_per_class must hold at most 20 values; got {len(ks)}")
    n_seeds = check_int(n_seeds, "n_seeds", low=2, high=MAX_SEEDS)
    channels = check_int(channels, "channels", low=1, high=64)
    pretrain_epochs = check_int(pretrain_epochs, "pretrain_epochs", low=1, high=1000)
    steps = check_int(steps, "steps", low=1, high=MAX_STEPS)
    rng = check_rng(random_state)

    d = adv.load_digit_images(random_state=0)
    src_tr, src_te = d.y_train < 5, d.y_test < 5
    seed = int(rng.integers(2**31 - 1))
    source = adv.train_classifier(adv.make_cnn(channels, n_classes=5, seed=seed),
                                  d.X_train[src_tr], d.y_train[src_tr],
                                  epochs=pretrain_epochs, random_state=seed)
    source_acc = adv.accuracy(source, d.X_test[src_te], d.y_test[src_te])
    X_new_te = d.X_test[~src_te]
    y_new_te = (d.y_test[~src_te] - 5).numpy()
    y_tr = d.y_train.numpy()
    acc = np.empty((len(METHODS), len(ks), n_seeds))
    for s in range(n_seeds):
        for j, k in enumerate(ks):
            idx = np.concatenate([rng.choice(np.flatnonzero(y_tr == c), int(k), replace=False)
                                  for c in TARGET_CLASSES])
            X, y = d.X_train[idx], d.y_train[idx] - 5
            head_seed = int(rng.integers(2**31 - 1))
            for i, method in enumerate(METHODS):
                scratch = adv.make_cnn(channels, n_classes=5, seed=head_seed)
                if method == "from scratch":
                    model = scratch
                elif method == "frozen random features":
                    model = _new_head(scratch, head_seed)
                else:
                    model = _new_head(source, head_seed)
                frozen = method.startswith("frozen")
                for p in model.parameters():
                    p.requires_grad_(True)
                params = (list(model[-1].parameters()) if frozen
                          else list(model.parameters()))
                if frozen:
                    for p in list(model.parameters())[:-2]:
                        p.requires_grad_(False)
                _fit(model, X, y, params, steps, 5e-3)
                with torch.no_grad():
                    pred = model(X_new_te).argmax(1).numpy()
                acc[i, j, s] = (pred == y_new_te).mean()
    return TransferResult(METHODS, ks, acc, float(source_acc), len(y_new_te))
