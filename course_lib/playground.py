"""A trained-network playground in torch (lesson ``03_decision_boundaries``).

:class:`Playground` holds a two-class data set (one of :data:`course_lib.datasets.DATASETS_2D`,
the learner's own arrays, or a CSV file), splits it, and trains a small fully connected
network on chosen input features. Training is reproducible from the constructor's arguments:
the initial weights come from ``torch.Generator().manual_seed(seed)`` and the mini-batches and
dropout masks from a second generator seeded from ``seed``, so
``Playground(**same_args).train(epochs=k)`` gives bit-identical weights;
:meth:`Playground.snapshot` prints that call. Nothing here imports matplotlib or ipywidgets.
:func:`classic_classifiers` fits scikit-learn's classic models on the same split.
"""

from __future__ import annotations

import itertools
import math
import os
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch

from .datasets import DATASETS_2D, make_2d_dataset
from .validation import (
    check_array,
    check_binary_labels,
    check_choice,
    check_int,
    check_same_length,
    check_scalar,
    describe,
)

__all__ = [
    "ACTIVATIONS",
    "CLASSIC_NAMES",
    "FEATURES",
    "LOSSES",
    "Playground",
    "TrainingDiverged",
    "classic_classifiers",
    "feature_map",
    "load_csv",
    "split_data",
]

#: Input features the network can be given, by name.
FEATURES = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin x1", "sin x2")
ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear")
LOSSES = ("cross_entropy", "squared_error")
OPTIMIZERS = ("adam", "sgd")
#: The classic classifiers of :func:`classic_classifiers`, in display order.
CLASSIC_NAMES = ("k-NN (uniform)", "k-NN (1/distance)", "logistic regression", "SVM (linear)",
                 "SVM (RBF kernel)", "decision tree", "random forest", "gradient boosting")


class TrainingDiverged(ArithmeticError):
    """The loss became NaN or infinite (usually: the learning rate is too high)."""


def feature_map(X: np.ndarray, features=("x1", "x2")) -> np.ndarray:
    """The network's inputs: the chosen columns among :data:`FEATURES`.

    Parameters
    ----------
    X : ndarray of shape (n_samples, 2)
    features : sequence of str
        Names from :data:`FEATURES`, at least one, no repeats.

    Returns
    -------
    ndarray of shape (n_samples, len(features))

    Examples
    --------
    >>> feature_map(np.array([[2.0, 3.0]]), ["x1*x2", "x1^2"]).tolist()
    [[6.0, 4.0]]
    """
    X = check_array(X, "X", ndim=2, shape=(None, 2), shape_doc="(n_samples, 2)",
                    allow_empty=True)
    names = _check_features(features)
    x1, x2 = X[:, 0], X[:, 1]
    table = {"x1": x1, "x2": x2, "x1^2": x1**2, "x2^2": x2**2, "x1*x2": x1 * x2,
             "sin x1": np.sin(x1), "sin x2": np.sin(x2)}
    return np.column_stack([table[f] for f in names])


def _check_features(features: Any) -> tuple[str, ...]:
    if isinstance(features, str) or not isinstance(features, (list, tuple)):
        raise TypeError(f"features must be a list of names from {list(FEATURES)}; got "
                        f"{describe(features)}")
    if len(features) == 0:
        raise ValueError("features must name at least one input feature; got none")
    for f in features:
        check_choice(f, "features", FEATURES)
    if len(set(features)) != len(features):
        raise ValueError(f"features must not repeat a name; got {list(features)}")
    return tuple(features)


def _check_xy(X: Any, y: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    X = check_array(X, "X", ndim=2, shape_doc="(n_samples, 2)")
    if X.shape[1] != 2:
        raise ValueError(f"X must have exactly two feature columns, shape (n_samples, 2); got "
                         f"shape {X.shape}")
    classes, t = check_binary_labels(y, "y")
    check_same_length(X, "X", t, "y")
    if len(X) < 4:
        raise ValueError(f"X must have at least 4 samples to split into train and test; got "
                         f"{len(X)}")
    return X, (t > 0).astype(np.int64), classes


def load_csv(path: str | os.PathLike, *, delimiter: str = ",") -> tuple[np.ndarray, np.ndarray]:
    """Read a two-class data set from a CSV file: two feature columns, then a label column.

    A first line that is not numeric is taken as a header. The labels may be any two values
    that numpy reads as numbers (0/1, -1/+1, 1/2...); they are mapped to 0 and 1 in sorted
    order.

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,) with values in {0, 1}

    Raises
    ------
    FileNotFoundError, ValueError
        With the reason: not three columns, a non-numeric or missing entry, one class only.

    Examples
    --------
    >>> import io
    >>> X, y = load_csv(io.StringIO("a,b,label\\n0,0,1\\n1,0,2\\n0,1,2\\n1,1,1\\n"))
    >>> X.shape, y.tolist()
    ((4, 2), [0, 1, 1, 0])
    """
    if isinstance(path, (str, os.PathLike)):
        if not os.path.isfile(path):
            raise FileNotFoundError(f"path must be an existing CSV file; no file at {path!r}")
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    elif hasattr(path, "read"):
        lines = path.read().splitlines()
    else:
        raise TypeError(f"path must be a file name or an open text file; got {describe(path)}")
    lines = [(i + 1, ln) for i, ln in enumerate(lines) if ln.strip()]
    if not lines:
        raise ValueError("the CSV file is empty")

    def numeric(text: str) -> bool:
        try:
            float(text)
        except ValueError:
            return False
        return True

    first = [c.strip() for c in lines[0][1].split(delimiter)]
    if not all(numeric(c) for c in first):
        lines = lines[1:]                      # a header line
    if not lines:
        raise ValueError("the CSV file has a header but no data rows")
    rows = []
    for number, text in lines:
        cells = [c.strip() for c in text.split(delimiter)]
        if len(cells) != 3:
            raise ValueError(f"the CSV file must have 3 columns (two features x1, x2 and a "
                             f"label); line {number} has {len(cells)}: {text[:60]!r}")
        for c in cells:
            if not numeric(c):
                raise ValueError(f"the CSV file must contain numbers only; line {number} has "
                                 f"{c!r}")
        rows.append([float(c) for c in cells])
    data = np.array(rows)
    bad = ~np.isfinite(data)
    if bad.any():
        line = lines[int(np.argwhere(bad)[0][0])][0]
        raise ValueError(f"the CSV file must not contain NaN, missing or infinite values; "
                         f"line {line} has one")
    X, y, _ = _check_xy(data[:, :2], data[:, 2])
    return X, y


def split_data(X: np.ndarray, y: np.ndarray, train_fraction: float = 0.5, seed: int = 0
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Stratified random split: each class keeps ``train_fraction`` of its points (at least one
    on each side).

    Returns
    -------
    X_train, y_train, X_test, y_test

    Examples
    --------
    >>> X, y = np.arange(20.0).reshape(10, 2), np.array([0, 1] * 5)
    >>> [a.shape[0] for a in split_data(X, y, 0.6)]
    [6, 6, 4, 4]
    """
    X, y, _ = _check_xy(X, y)
    frac = check_scalar(train_fraction, "train_fraction", low=0.05, high=0.95)
    seed = check_int(seed, "seed", low=0, high=2**31 - 1)
    rng = np.random.default_rng(seed)
    train = np.zeros(len(y), dtype=bool)
    for c in (0, 1):
        idx = rng.permutation(np.flatnonzero(y == c))
        k = min(max(1, round(frac * len(idx))), max(len(idx) - 1, 1))
        train[idx[:k]] = True
    return X[train], y[train], X[~train], y[~train]


@dataclass
class History:
    """Per-epoch losses and accuracies (train and test)."""

    epoch: list[int] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    test_loss: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    test_accuracy: list[float] = field(default_factory=list)


class Playground:
    """Data, features, a small network and its training, all from explicit arguments.

    Parameters
    ----------
    dataset : str
        One of :data:`course_lib.datasets.DATASETS_2D`; ignored when ``X, y`` are given.
    n_samples : int
        Points generated (train + test).
    noise : float
        Noise of the generator (see :func:`course_lib.datasets.make_2d_dataset`).
    train_fraction : float
        Fraction of each class used for training, in [0.05, 0.95].
    seed : int
        Seeds the data, the split, the initial weights, the batches and dropout.
    features : sequence of str
        Network inputs, from :data:`FEATURES`.
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

    Examples
    --------
    >>> pg = Playground("xor", seed=0).train(epochs=3)
    >>> pg.epoch, len(pg.history.train_loss)
    (3, 3)
    """

    def __init__(self, dataset: str = "moons", *, n_samples: int = 300, noise: float = 0.1,
                 train_fraction: float = 0.5, seed: int = 0, features=("x1", "x2"),
                 hidden=(8, 8), activation: str = "tanh", loss: str = "cross_entropy",
                 l1: float = 0.0, l2: float = 0.0, dropout: float = 0.0,
                 learning_rate: float = 0.03, batch_size: int = 16,
                 optimizer: str = "adam", X: Any = None, y: Any = None) -> None:
        self.seed = check_int(seed, "seed", low=0, high=2**31 - 1)
        self.own_data = X is not None or y is not None
        if self.own_data:
            if X is None or y is None:
                raise ValueError("X and y must be given together (your own data); got only "
                                 f"{'X' if y is None else 'y'}")
            X, y, self.classes = _check_xy(X, y)
            self.dataset = "own"
            self.n_samples = len(X)
            self.noise = 0.0
        else:
            self.dataset = check_choice(dataset, "dataset", DATASETS_2D)
            self.n_samples = check_int(n_samples, "n_samples", low=8, high=100_000)
            self.noise = check_scalar(noise, "noise", low=0, high=2.0)
            X, y = make_2d_dataset(self.dataset, self.n_samples, noise=self.noise,
                                   random_state=self.seed)
            self.classes = np.array([0, 1])
        self.train_fraction = check_scalar(train_fraction, "train_fraction", low=0.05,
                                           high=0.95)
        self.X, self.y = X, y
        self.X_train, self.y_train, self.X_test, self.y_test = split_data(
            X, y, self.train_fraction, self.seed)
        self.features = _check_features(list(features))
        if isinstance(hidden, (int, np.integer)) or not isinstance(hidden, (list, tuple)):
            raise TypeError(f"hidden must be a list of layer widths such as [8, 8]; got "
                            f"{describe(hidden)}")
        self.hidden = tuple(check_int(h, "hidden widths", low=1, high=256) for h in hidden)
        if len(self.hidden) > 8:
            raise ValueError(f"hidden must have at most 8 layers; got {len(self.hidden)}")
        self.activation = check_choice(activation, "activation", ACTIVATIONS)
        self.loss = check_choice(loss, "loss", LOSSES)
        self.l1 = check_scalar(l1, "l1", low=0, high=1)
        self.l2 = check_scalar(l2, "l2", low=0, high=1)
        self.dropout = check_scalar(dropout, "dropout", low=0, high=0.9, include_high=False)
        self.learning_rate = check_scalar(learning_rate, "learning_rate", low=0, high=1e3,
                                          include_low=False)
        self.batch_size = check_int(batch_size, "batch_size", low=1, high=100_000)
        self.optimizer_name = check_choice(optimizer, "optimizer", OPTIMIZERS)
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
        self._Ftrain = torch.from_numpy(feature_map(self.X_train, self.features))
        self._Ftest = torch.from_numpy(feature_map(self.X_test, self.features))
        self._ytrain = torch.from_numpy(self.y_train.astype(np.float64))
        self._ytest = torch.from_numpy(self.y_test.astype(np.float64))
        self.epoch = 0
        self.history = History()
        self.diverged: str | None = None

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
        for i, (W, b) in enumerate(self.params):
            Z = A @ W + b
            if i == len(self.params) - 1:
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
        """Train for ``epochs`` passes over the training set in shuffled mini-batches.

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
        for _ in range(epochs):
            saved = [(W.detach().clone(), b.detach().clone()) for W, b in self.params]
            order = torch.randperm(n, generator=self._gen)
            for start in range(0, n, self.batch_size):
                idx = order[start:start + self.batch_size]
                loss = (self._data_loss(self._logits(self._Ftrain[idx], train=True),
                                        self._ytrain[idx]) + self._penalty())
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
            self._record()
            if self.diverged:
                raise TrainingDiverged(self.diverged)
        return self

    def _record(self) -> None:
        with torch.no_grad():
            h = self.history
            lt, lv = self._logits(self._Ftrain), self._logits(self._Ftest)
            tr = float(self._data_loss(lt, self._ytrain))
            te = float(self._data_loss(lv, self._ytest))
            if not (math.isfinite(tr) and math.isfinite(te)):
                bad = tr if not math.isfinite(tr) else te
                self.diverged = (f"training stopped: the loss became {bad} after epoch "
                                 f"{self.epoch} (learning rate {self.learning_rate:g} is "
                                 "probably too high)")
                return
            h.epoch.append(self.epoch)
            h.train_loss.append(tr)
            h.test_loss.append(te)
            h.train_accuracy.append(float(((lt > 0).double() == self._ytrain).double().mean()))
            h.test_accuracy.append(float(((lv > 0).double() == self._ytest).double().mean()))

    def train_until(self, accuracy: float = 0.95, max_epochs: int = 500) -> bool:
        """Train epoch by epoch until the test accuracy reaches ``accuracy``; True if it did."""
        target = check_scalar(accuracy, "accuracy", low=0, high=1)
        max_epochs = check_int(max_epochs, "max_epochs", low=1, high=100_000)
        while self.epoch < max_epochs:
            self.train(1)
            if self.history.test_accuracy[-1] >= target:
                return True
        return False

    # -- reading the model -------------------------------------------------------------------
    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Probability of class 1 at each point, shape (n_samples,)."""
        X = check_array(X, "X", ndim=2, shape=(None, 2), shape_doc="(n_samples, 2)")
        with torch.no_grad():
            logits = self._logits(torch.from_numpy(feature_map(X, self.features)))
        return torch.sigmoid(logits).numpy()

    def accuracy(self, which: str = "test") -> float:
        """Accuracy on the ``"train"`` or ``"test"`` part."""
        check_choice(which, "which", ("train", "test"))
        X, y = (self.X_train, self.y_train) if which == "train" else (self.X_test, self.y_test)
        return float(np.mean((self.predict_proba(X) > 0.5) == y))

    def weights(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """Copies of the weights ``[(W, b), ...]`` as numpy arrays."""
        return [(W.detach().numpy().copy(), b.detach().numpy().copy()) for W, b in self.params]

    def n_parameters(self) -> int:
        return sum(W.numel() + b.numel() for W, b in self.params)

    def config(self) -> dict[str, Any]:
        """The constructor arguments that rebuild this playground (without own data)."""
        cfg = {"n_samples": self.n_samples, "noise": self.noise,
               "train_fraction": self.train_fraction, "seed": self.seed,
               "features": list(self.features), "hidden": list(self.hidden),
               "activation": self.activation, "loss": self.loss, "l1": self.l1, "l2": self.l2,
               "dropout": self.dropout, "learning_rate": self.learning_rate,
               "batch_size": self.batch_size, "optimizer": self.optimizer_name}
        if self.own_data:
            del cfg["n_samples"], cfg["noise"]
        return cfg

    def snapshot(self) -> str:
        """The exact ``course_lib`` call that reproduces the current weights.

        With your own data the call names your arrays ``X, y``: run it where they exist.
        """
        args = ", ".join(f"{k}={v!r}" for k, v in self.config().items())
        head = "X=X, y=y, " if self.own_data else f"{self.dataset!r}, "
        return (f"course_lib.playground.Playground({head}{args})"
                f".train(epochs={self.epoch})")

    def __repr__(self) -> str:
        acc = (f", test accuracy {self.history.test_accuracy[-1]:.3f}"
               if self.history.test_accuracy else "")
        return (f"Playground({self.dataset!r}, features={list(self.features)}, "
                f"hidden={list(self.hidden)}, activation={self.activation!r}, "
                f"epoch={self.epoch}{acc})")


def classic_classifiers(X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray,
                        y_test: np.ndarray, grid: np.ndarray | None = None, *,
                        n_neighbors: int = 15, seed: int = 0) -> dict[str, dict[str, Any]]:
    """Fit scikit-learn's classic classifiers on one split; test accuracy and grid output.

    Returns
    -------
    dict from each name in :data:`CLASSIC_NAMES` to ``{"model", "test_accuracy",
    "proba"}``, ``proba`` being the class-1 probability (or the decision value mapped through
    a sigmoid for the SVMs) on ``grid`` when given.

    Examples
    --------
    >>> from course_lib.datasets import make_moons_2d
    >>> Xtr, ytr, Xte, yte = split_data(*make_moons_2d(200, random_state=0))
    >>> res = classic_classifiers(Xtr, ytr, Xte, yte)
    >>> res["SVM (RBF kernel)"]["test_accuracy"] > 0.95
    True
    """
    from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.svm import SVC
    from sklearn.tree import DecisionTreeClassifier

    X_train, y_train, _ = _check_xy(X_train, y_train)
    X_test = check_array(X_test, "X_test", ndim=2, shape=(None, 2), shape_doc="(n_samples, 2)")
    y_test = check_array(y_test, "y_test", shape=(len(X_test),), shape_doc="(n_test,)")
    k = min(check_int(n_neighbors, "n_neighbors", low=1), len(X_train))
    seed = check_int(seed, "seed", low=0)
    models = {
        "k-NN (uniform)": KNeighborsClassifier(k, weights="uniform"),
        "k-NN (1/distance)": KNeighborsClassifier(k, weights="distance"),
        "logistic regression": LogisticRegression(),
        "SVM (linear)": SVC(kernel="linear", C=1.0),
        "SVM (RBF kernel)": SVC(kernel="rbf", C=1.0, gamma="scale"),
        "decision tree": DecisionTreeClassifier(random_state=seed),
        "random forest": RandomForestClassifier(n_estimators=100, random_state=seed,
                                                n_jobs=1),
        "gradient boosting": GradientBoostingClassifier(random_state=seed),
    }
    if grid is not None:
        grid = check_array(grid, "grid", ndim=2, shape=(None, 2), shape_doc="(n_points, 2)")
    out = {}
    for name, model in models.items():
        model.fit(X_train, y_train)
        res: dict[str, Any] = {"model": model,
                               "test_accuracy": float(np.mean(model.predict(X_test) == y_test))}
        if grid is not None:
            if hasattr(model, "predict_proba") and not isinstance(model, SVC):
                res["proba"] = model.predict_proba(grid)[:, 1]
            else:
                res["proba"] = 1 / (1 + np.exp(-2 * model.decision_function(grid)))
        out[name] = res
    return out
