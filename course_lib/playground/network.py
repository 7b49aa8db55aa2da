"""The playground's network and its training, in torch (lesson ``03_decision_boundaries``).

A :class:`Playground` splits its data three ways: the network is fitted on the *training*
part, :meth:`Playground.train_until` stops on the *validation* part (carved out of the
training fraction), and the *test* part is read once, at the end, with
``accuracy("test")``. Training is reproducible from the constructor's arguments: the initial
weights come from ``torch.Generator().manual_seed(seed)`` and the mini-batches and dropout
masks from a second generator seeded from ``seed``. Hyperparameters that make sense to change
while training (learning rate, penalties, dropout, batch size) are changed with
:meth:`Playground.set`, which is recorded, so :meth:`Playground.snapshot` still prints one
call that rebuilds the weights bit for bit.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch

from ..datasets import DATASETS_2D, make_2d_dataset
from ..validation import check_array, check_choice, check_int, check_scalar, describe
from .data import _features, _split, check_features, check_xy

__all__ = ["ACTIVATIONS", "LOSSES", "MUTABLE", "OPTIMIZERS", "History", "Playground",
           "TrainingDiverged"]

ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear")
LOSSES = ("cross_entropy", "squared_error")
OPTIMIZERS = ("adam", "sgd")
#: Hyperparameters :meth:`Playground.set` may change between epochs.
MUTABLE = ("learning_rate", "l1", "l2", "dropout", "batch_size")


class TrainingDiverged(ArithmeticError):
    """The loss became NaN or infinite (usually: the learning rate is too high)."""


@dataclass
class History:
    """Per-epoch losses and accuracies on the training and validation parts (never test)."""

    epoch: list[int] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)


def _check_hidden(hidden: Any) -> tuple[int, ...]:
    if isinstance(hidden, np.ndarray) and hidden.ndim == 1:
        hidden = hidden.tolist()
    if not isinstance(hidden, (list, tuple)):
        raise TypeError(f"hidden must be a list of layer widths such as [8, 8]; got "
                        f"{describe(hidden)}")
    if len(hidden) > 8:
        raise ValueError(f"hidden must have at most 8 layers; got {len(hidden)}")
    return tuple(check_int(h, "hidden", low=1, high=256) for h in hidden)


def _check_mutable(key: str, value: Any) -> float | int:
    if key == "learning_rate":
        return check_scalar(value, "learning_rate", low=0, high=1e3, include_low=False)
    if key in ("l1", "l2"):
        return check_scalar(value, key, low=0, high=1)
    if key == "dropout":
        return check_scalar(value, "dropout", low=0, high=0.9, include_high=False)
    return check_int(value, "batch_size", low=1, high=100_000)


class Playground:
    """Data, features, a small network and its training, all from explicit arguments.

    Parameters
    ----------
    dataset : str
        One of :data:`course_lib.datasets.DATASETS_2D`; ignored when ``X, y`` are given.
    n_samples : int
        Points generated (train + validation + test), 8 to 100,000.
    noise : float
        Noise of the generator (see :func:`course_lib.datasets.make_2d_dataset`).
    train_fraction : float
        Fraction of each class used for training and validation, in [0.05, 0.95]; the rest is
        the test part.
    validation_fraction : float
        Fraction of that training part held out for validation (what
        :meth:`train_until` watches), in [0, 0.5]; 0 trains on all of it.
    seed : int
        Seeds the data, the splits, the initial weights, the batches and dropout.
    features : sequence of str
        Network inputs, from :data:`course_lib.playground.FEATURES`.
    hidden : sequence of int
        Width of each hidden layer (empty: logistic regression on the features).
    activation : {"relu", "tanh", "sigmoid", "linear"}
    loss : {"cross_entropy", "squared_error"}
        Both act on the output probability ``p = sigmoid(logit)``: binary cross-entropy, or
        the mean of ``(p - y)^2``.
    l1, l2 : float
        Penalties ``l1 * sum|W| + l2 * sum W^2`` over the weight matrices (not the biases).
    dropout : float
        Probability of zeroing each hidden activation during training, in [0, 0.9).
    learning_rate : float
    batch_size : int
    optimizer : {"adam", "sgd"}
    X, y : array-like, optional
        The learner's own data: ``X`` of shape (n_samples, 2), ``y`` with two classes.

    Attributes
    ----------
    X_train, y_train, X_val, y_val, X_test, y_test : ndarray
        The three parts; labels are 0/1.
    history : History
    epoch : int

    Examples
    --------
    >>> pg = Playground("xor", seed=0).train(epochs=3)
    >>> pg.epoch, len(pg.history.val_loss)
    (3, 3)
    >>> pg.predict_proba(np.zeros((4, 2))).shape   # scikit-learn's meaning: one column a class
    (4, 2)
    """

    def __init__(self, dataset: str = "moons", *, n_samples: int = 300, noise: float = 0.1,
                 train_fraction: float = 0.5, validation_fraction: float = 0.2, seed: int = 0,
                 features=("x1", "x2"), hidden=(8, 8), activation: str = "tanh",
                 loss: str = "cross_entropy", l1: float = 0.0, l2: float = 0.0,
                 dropout: float = 0.0, learning_rate: float = 0.03, batch_size: int = 16,
                 optimizer: str = "adam", X: Any = None, y: Any = None) -> None:
        self.seed = check_int(seed, "seed", low=0, high=2**31 - 1)
        self.own_data = X is not None or y is not None
        self.train_fraction = check_scalar(train_fraction, "train_fraction", low=0.05,
                                           high=0.95)
        self.validation_fraction = check_scalar(validation_fraction, "validation_fraction",
                                                low=0, high=0.5)
        if self.own_data:
            if X is None or y is None:
                raise ValueError("X and y must be given together (your own data); got only "
                                 f"{'X' if y is None else 'y'}")
            X, y, self.classes = check_xy(X, y, min_per_class=4)
            self.dataset = "own"
            self.n_samples = len(X)
            self.noise = 0.0
        else:
            self.dataset = check_choice(dataset, "dataset", DATASETS_2D)
            self.n_samples = check_int(n_samples, "n_samples", low=8, high=100_000)
            self.noise = check_scalar(noise, "noise", low=0, high=2.0)
            X, y = make_2d_dataset(self.dataset, self.n_samples, noise=self.noise,
                                   random_state=self.seed)
            X, y, self.classes = check_xy(X, y, "X (generated)", "y (generated)",
                                          min_per_class=4)
        self.features = check_features(features)
        self.hidden = _check_hidden(hidden)
        self.activation = check_choice(activation, "activation", ACTIVATIONS)
        self.loss = check_choice(loss, "loss", LOSSES)
        self.l1 = _check_mutable("l1", l1)
        self.l2 = _check_mutable("l2", l2)
        self.dropout = _check_mutable("dropout", dropout)
        self.learning_rate = _check_mutable("learning_rate", learning_rate)
        self.batch_size = _check_mutable("batch_size", batch_size)
        self.optimizer_name = check_choice(optimizer, "optimizer", OPTIMIZERS)
        self.X, self.y = X, y
        X_tr, y_tr, self.X_test, self.y_test = _split(X, y, self.train_fraction, self.seed)
        if self.validation_fraction > 0 and min(y_tr.sum(), len(y_tr) - y_tr.sum()) >= 2:
            self.X_train, self.y_train, self.X_val, self.y_val = _split(
                X_tr, y_tr, 1 - self.validation_fraction, self.seed)
        else:
            self.X_train, self.y_train = X_tr, y_tr
            self.X_val, self.y_val = X_tr[:0], y_tr[:0]
        self._initial = self.config()
        self._build()

    # -- network -----------------------------------------------------------------------------
    def _build(self) -> None:
        init = torch.Generator().manual_seed(self.seed)
        self._gen = torch.Generator().manual_seed(self.seed + 1)
        sizes = [len(self.features), *self.hidden, 1]
        self.params: list[tuple[torch.Tensor, torch.Tensor]] = []
        for fan_in, fan_out in itertools.pairwise(sizes):
            W = torch.empty(fan_in, fan_out, dtype=torch.float64)
            if self.activation == "relu":
                torch.nn.init.kaiming_uniform_(W.T, nonlinearity="relu", generator=init)
            else:
                torch.nn.init.xavier_uniform_(W, generator=init)
            b = torch.zeros(fan_out, dtype=torch.float64)
            self.params.append((W.requires_grad_(), b.requires_grad_()))
        flat = [p for pair in self.params for p in pair]
        if self.optimizer_name == "adam":
            self._opt = torch.optim.Adam(flat, lr=self.learning_rate)
        else:
            self._opt = torch.optim.SGD(flat, lr=self.learning_rate)
        self._F = {part: torch.from_numpy(_features(getattr(self, f"X_{part}"), self.features))
                   for part in ("train", "val")}
        self._t = {part: torch.from_numpy(getattr(self, f"y_{part}").astype(np.float64))
                   for part in ("train", "val")}
        self.epoch = 0
        self.history = History()
        self.diverged: str | None = None
        self._script: list[tuple[str, Any]] = []      # ("train", k) / ("set", {...}) since init

    def _act(self, Z: torch.Tensor) -> torch.Tensor:
        if self.activation == "relu":
            return torch.relu(Z)
        if self.activation == "tanh":
            return torch.tanh(Z)
        if self.activation == "sigmoid":
            return torch.sigmoid(Z)
        return Z

    def _logits(self, F: torch.Tensor, train: bool = False) -> torch.Tensor:
        A = F
        last = len(self.params) - 1
        for i, (W, b) in enumerate(self.params):
            Z = A @ W + b
            if i == last:
                return Z[:, 0]
            A = self._act(Z)
            if train and self.dropout > 0:
                keep = torch.rand(A.shape, generator=self._gen, dtype=A.dtype) >= self.dropout
                A = A * keep / (1 - self.dropout)
        raise AssertionError("unreachable")

    def _data_loss(self, logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        if self.loss == "cross_entropy":
            return torch.nn.functional.binary_cross_entropy_with_logits(logits, y)
        return torch.mean((torch.sigmoid(logits) - y) ** 2)

    def _penalty(self) -> torch.Tensor:
        total = torch.zeros((), dtype=torch.float64)
        for W, _ in self.params:
            if self.l1:
                total = total + self.l1 * W.abs().sum()
            if self.l2:
                total = total + self.l2 * (W**2).sum()
        return total

    # -- training ----------------------------------------------------------------------------
    def train(self, epochs: int = 1) -> Playground:
        """Train for ``epochs`` passes over the training part in shuffled mini-batches.

        Raises
        ------
        TrainingDiverged
            If a loss becomes NaN or infinite; the weights stay those of the last good epoch
            and :attr:`diverged` holds the message.
        """
        epochs = check_int(epochs, "epochs", low=0, high=100_000)
        if self.diverged:
            raise TrainingDiverged(self.diverged)
        n = len(self.y_train)
        F, t = self._F["train"], self._t["train"]
        for _ in range(epochs):
            saved = [(W.detach().clone(), b.detach().clone()) for W, b in self.params]
            order = torch.randperm(n, generator=self._gen)
            for start in range(0, n, self.batch_size):
                idx = order[start:start + self.batch_size]
                loss = self._data_loss(self._logits(F[idx], train=True), t[idx]) + self._penalty()
                if not torch.isfinite(loss):
                    with torch.no_grad():
                        for (W, b), (W0, b0) in zip(self.params, saved, strict=True):
                            W.copy_(W0)
                            b.copy_(b0)
                    self.diverged = (f"training stopped: the loss became {loss.item()} in "
                                     f"epoch {self.epoch + 1} (learning rate "
                                     f"{self.learning_rate:g} is probably too high); the "
                                     "weights are those of the last finite epoch")
                    raise TrainingDiverged(self.diverged)
                self._opt.zero_grad()
                loss.backward()
                self._opt.step()
            self.epoch += 1
            self._note("train", 1)
            self._record()
            if self.diverged:
                raise TrainingDiverged(self.diverged)
        return self

    def _note(self, kind: str, value: Any) -> None:
        if kind == "train" and self._script and self._script[-1][0] == "train":
            self._script[-1] = ("train", self._script[-1][1] + value)
        elif kind == "set" and self._script and self._script[-1][0] == "set":
            self._script[-1] = ("set", {**self._script[-1][1], **value})
        else:
            self._script.append((kind, value))

    def _record(self) -> None:
        with torch.no_grad():
            h = self.history
            parts = {}
            for part in ("train", "val"):
                if len(self._t[part]) == 0:
                    parts[part] = (math.nan, math.nan)
                    continue
                logits = self._logits(self._F[part])
                loss = float(self._data_loss(logits, self._t[part]))
                if not math.isfinite(loss):
                    self.diverged = (f"training stopped: the loss became {loss} after epoch "
                                     f"{self.epoch} (learning rate {self.learning_rate:g} "
                                     "is probably too high)")
                    return
                acc = float(((logits > 0).double() == self._t[part]).double().mean())
                parts[part] = (loss, acc)
            h.epoch.append(self.epoch)
            h.train_loss.append(parts["train"][0])
            h.train_accuracy.append(parts["train"][1])
            h.val_loss.append(parts["val"][0])
            h.val_accuracy.append(parts["val"][1])

    def train_until(self, accuracy: float = 0.95, max_epochs: int = 500) -> bool:
        """Train epoch by epoch until the **validation** accuracy reaches ``accuracy``.

        The test part plays no role: read it once afterwards with ``accuracy("test")``.

        Returns
        -------
        bool
            True if the target was reached within ``max_epochs`` (counted from epoch 0).
        """
        target = check_scalar(accuracy, "accuracy", low=0, high=1)
        max_epochs = check_int(max_epochs, "max_epochs", low=1, high=100_000)
        if len(self.y_val) == 0:
            raise ValueError("validation_fraction must be > 0 for train_until: it stops on "
                             "the validation part, and this playground has none")
        while self.epoch < max_epochs:
            self.train(1)
            if self.history.val_accuracy[-1] >= target:
                return True
        return False

    def set(self, **params: Any) -> Playground:
        """Change hyperparameters of the running model (no reset); recorded for
        :meth:`snapshot`.

        Parameters
        ----------
        **params
            Any of :data:`MUTABLE`: ``learning_rate`` (the optimiser's step from the next
            batch on; Adam keeps its moment estimates), ``l1``, ``l2``, ``dropout``,
            ``batch_size``.

        Examples
        --------
        >>> pg = Playground("xor", seed=0).train(2).set(learning_rate=0.01).train(1)
        >>> pg.snapshot().endswith(".train(epochs=2).set(learning_rate=0.01).train(epochs=1)")
        True
        """
        unknown = sorted(set(params) - set(MUTABLE))
        if unknown:
            raise ValueError(f"params must be among {list(MUTABLE)} (the others rebuild the "
                             f"network); got {unknown}")
        checked = {k: _check_mutable(k, v) for k, v in params.items()}
        changed = {k: v for k, v in checked.items() if v != getattr(self, k)}
        for k, v in changed.items():
            setattr(self, k, v)
        if "learning_rate" in changed:
            for group in self._opt.param_groups:
                group["lr"] = changed["learning_rate"]
        if changed:
            self._note("set", changed)
        return self

    # -- reading the model -------------------------------------------------------------------
    def _proba1(self, F: np.ndarray) -> np.ndarray:
        """Class-1 probability from already computed features (the widget's fast path)."""
        with torch.no_grad():
            return torch.sigmoid(self._logits(torch.from_numpy(F))).numpy()

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Class probabilities, as scikit-learn defines them.

        Parameters
        ----------
        X : ndarray of shape (n_samples, 2)

        Returns
        -------
        ndarray of shape (n_samples, 2)
            Column ``j`` is the probability of ``classes[j]``; rows sum to 1.
        """
        X = check_array(X, "X", ndim=2, shape=(None, 2), shape_doc="(n_samples, 2)",
                        allow_empty=True)
        p = self._proba1(_features(X, self.features)) if len(X) else np.zeros(0)
        return np.column_stack([1 - p, p])

    def predict(self, X: np.ndarray) -> np.ndarray:
        """The more probable class (from :attr:`classes`) at each point, shape (n_samples,)."""
        return self.classes[(self.predict_proba(X)[:, 1] > 0.5).astype(int)]

    def accuracy(self, which: str = "test") -> float:
        """Accuracy on the ``"train"``, ``"validation"`` or ``"test"`` part."""
        check_choice(which, "which", ("train", "validation", "test"))
        part = {"train": "train", "validation": "val", "test": "test"}[which]
        X, y = getattr(self, f"X_{part}"), getattr(self, f"y_{part}")
        if len(y) == 0:
            raise ValueError(f"which={which!r} names an empty part (validation_fraction=0)")
        return float(np.mean((self._proba1(_features(X, self.features)) > 0.5) == y))

    def weights(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """Copies of the weights ``[(W, b), ...]`` as numpy arrays."""
        return [(W.detach().numpy().copy(), b.detach().numpy().copy()) for W, b in self.params]

    def n_parameters(self) -> int:
        """Number of weights and biases."""
        return sum(W.numel() + b.numel() for W, b in self.params)

    def config(self) -> dict[str, Any]:
        """The current constructor arguments (without own data)."""
        cfg = {"n_samples": self.n_samples, "noise": self.noise,
               "train_fraction": self.train_fraction,
               "validation_fraction": self.validation_fraction, "seed": self.seed,
               "features": list(self.features), "hidden": list(self.hidden),
               "activation": self.activation, "loss": self.loss, "l1": self.l1, "l2": self.l2,
               "dropout": self.dropout, "learning_rate": self.learning_rate,
               "batch_size": self.batch_size, "optimizer": self.optimizer_name}
        if self.own_data:
            del cfg["n_samples"], cfg["noise"]
        return cfg

    def snapshot(self) -> str:
        """The exact ``course_lib`` call that reproduces the current weights: the
        constructor as first built, then every ``train`` and ``set`` since, in order.

        With your own data the call names your arrays ``X, y``: run it where they exist.
        """
        args = ", ".join(f"{k}={v!r}" for k, v in self._initial.items())
        head = "X=X, y=y, " if self.own_data else f"{self.dataset!r}, "
        steps = "".join(f".train(epochs={v})" if kind == "train" else
                        ".set(" + ", ".join(f"{k}={x!r}" for k, x in v.items()) + ")"
                        for kind, v in self._script)
        return f"course_lib.playground.Playground({head}{args}){steps or '.train(epochs=0)'}"

    def __repr__(self) -> str:
        acc = (f", validation accuracy {self.history.val_accuracy[-1]:.3f}"
               if self.history.val_accuracy and len(self.y_val) else "")
        return (f"Playground({self.dataset!r}, features={list(self.features)}, "
                f"hidden={list(self.hidden)}, activation={self.activation!r}, "
                f"epoch={self.epoch}{acc})")


def budget_runs(dataset: str, networks: dict[str, Any], learning_rates=(0.01, 0.03),
                seeds=(0, 1, 2), *, max_epochs: int = 100, target: float = 0.95,
                **params: Any) -> dict[tuple[str, float], list[Playground]]:
    """Train several networks on the same budget: every one gets every learning rate and seed.

    A fair comparison of two architectures gives each the same number of epochs and the same
    stopping rule (:meth:`Playground.train_until` on the validation part), and lets each have
    its own best learning rate, chosen on the validation part; a seed fixes the data, the split
    and the initial weights, so the seeds are independent replications. Lesson 03 compares a
    small and a larger network on the spirals with it.

    Parameters
    ----------
    dataset : str
        As for :class:`Playground`.
    networks : dict of str to sequence of int
        A name for each network and its hidden widths.
    learning_rates : sequence of float
    seeds : sequence of int
    max_epochs : int
        The budget, the same for every run.
    target : float
        Validation accuracy at which a run stops early.
    **params
        Further :class:`Playground` arguments, the same for every run.

    Returns
    -------
    dict of (name, learning_rate) to list of Playground
        The trained runs, one per seed, in the order of ``seeds``.

    Examples
    --------
    >>> runs = budget_runs("xor", {"small": [2]}, (0.03,), (0, 1), max_epochs=2)
    >>> list(runs), [pg.epoch for pg in runs["small", 0.03]]
    ([('small', 0.03)], [2, 2])
    """
    if not isinstance(networks, dict) or not networks:
        raise TypeError(f"networks must be a non-empty dict of name to hidden widths; got "
                        f"{describe(networks)}")
    rates = [check_scalar(lr, "learning_rates", low=0, high=1000, include_low=False)
             for lr in np.atleast_1d(np.asarray(learning_rates, dtype=object))]
    target = check_scalar(target, "target", low=0, high=1)
    seeds = [check_int(s, "seeds", low=0, high=2**31 - 1)
             for s in np.atleast_1d(np.asarray(seeds, dtype=object))]
    if not rates or not seeds:
        raise ValueError("learning_rates and seeds must each hold at least one value")
    max_epochs = check_int(max_epochs, "max_epochs", low=1, high=100_000)
    runs: dict[tuple[str, float], list[Playground]] = {}
    for name, hidden in networks.items():
        for lr in rates:
            runs[name, lr] = []
            for seed in seeds:
                pg = Playground(dataset, hidden=hidden, learning_rate=lr, seed=seed, **params)
                pg.train_until(target, max_epochs=max_epochs)
                runs[name, lr].append(pg)
    return runs
