"""Skip connections: plain, residual, highway and dense networks of equal depth, and Inception.

Used in ``notebooks/11b_detection_and_skip_connections.ipynb`` (question N18).

* :func:`make_network` builds a deep multilayer network of one of four :data:`KINDS` from the
  same blocks: ``Linear + ReLU`` (plain), ``x + ReLU(Linear x)`` (residual), a gated mix
  ``T x' + (1 - T) x`` with a learned gate ``T`` (highway) or every layer reading the
  concatenation of all earlier outputs (dense). PyTorch's default initialisation, or He's
  (``init="he"``); blocks of one layer, or of two (``block_layers=2``, as in ResNet).
* :func:`grad_norms_by_layer` and :func:`first_layer_grad_norms`: how large the loss gradient
  is at each layer, over several seeds (the vanishing-gradient measurement).
* :func:`load_task` (scikit-learn's digits) and :func:`train_curves` (full-batch training,
  loss per step, several seeds).
* :func:`make_inception_block`: parallel 1x1, 3x3 and 5x5 convolutions (with 1x1 reductions)
  and a pooled branch, concatenated, for the parameter count against one 5x5 convolution.

This module imports torch at the top: its networks are ``torch.nn.Module`` subclasses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from .validation import check_array, check_choice, check_int, check_rng, check_scalar

__all__ = [
    "INITS",
    "KINDS",
    "Task",
    "first_layer_grad_norms",
    "grad_norms_by_layer",
    "load_task",
    "make_inception_block",
    "make_network",
    "train_curves",
]

#: The four kinds of deep network compared in N18.
KINDS = ("plain", "residual", "highway", "dense")
#: Initialisations of the linear layers: PyTorch's default (uniform, variance 1/(3 fan_in)) or
#: He et al.'s for ReLU networks (normal, variance 2/fan_in, zero biases).
INITS = ("default", "he")
MAX_DEPTH = 200
MAX_WIDTH = 1024
MAX_SEEDS = 100
MAX_STEPS = 10_000
MAX_CHANNELS = 4096


class _Deep(nn.Module):
    """stem -> ``depth`` blocks of one kind -> head. ``layers`` lists the blocks' main
    ``Linear`` layers, the stem first, for the gradient measurements."""

    def __init__(self, kind: str, depth: int, width: int, n_in: int, n_out: int,
                 init: str = "default", block_layers: int = 1) -> None:
        super().__init__()
        self.kind, self.init, self.block_layers = kind, init, block_layers
        self.stem = nn.Linear(n_in, width)
        growth = max(width // 2, 1)
        if kind == "dense":
            self.blocks = nn.ModuleList(nn.Linear(width + i * growth, growth)
                                        for i in range(depth))
            self.head = nn.Linear(width + depth * growth, n_out)
        elif block_layers == 1:
            self.blocks = nn.ModuleList(nn.Linear(width, width) for _ in range(depth))
            self.head = nn.Linear(width, n_out)
        else:  # W2 ReLU(W1 x): a ReLU between the two layers, as in ResNet's basic block
            self.blocks = nn.ModuleList(
                nn.Sequential(nn.Linear(width, width), nn.ReLU(), nn.Linear(width, width))
                for _ in range(depth))
            self.head = nn.Linear(width, n_out)
        if kind == "highway":
            self.gates = nn.ModuleList(nn.Linear(width, width) for _ in range(depth))
            for gate in self.gates:  # start close to "carry": T = sigmoid(-2) = 0.12
                nn.init.constant_(gate.bias, -2.0)
        if init == "he":  # every weight layer but the gates: variance 2 / fan_in, no bias
            for layer in [*self.layers, self.head]:
                nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
                nn.init.zeros_(layer.bias)

    @property
    def layers(self) -> list[nn.Linear]:
        out = [self.stem]
        for block in self.blocks:
            out.extend([block] if isinstance(block, nn.Linear) else
                       [m for m in block if isinstance(m, nn.Linear)])
        return out

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.stem(x)
        if self.kind == "dense":
            feats = [h]
            for block in self.blocks:
                feats.append(block(F.relu(torch.cat(feats, dim=1))))
            return self.head(F.relu(torch.cat(feats, dim=1)))
        for i, block in enumerate(self.blocks):
            f = block(F.relu(h))
            if self.kind == "plain":
                h = f
            elif self.kind == "residual":
                h = h + f
            else:  # highway
                t = torch.sigmoid(self.gates[i](F.relu(h)))
                h = t * f + (1 - t) * h
        return self.head(F.relu(h))

    def extra_repr(self) -> str:
        return (f"kind={self.kind!r}, depth={len(self.blocks)}, init={self.init!r}, "
                f"block_layers={self.block_layers}")


def make_network(kind: str, depth: int = 20, width: int = 32, *, n_in: int = 64,
                 n_out: int = 10, seed: int = 0, init: str = "default",
                 block_layers: int = 1) -> nn.Module:
    """A deep network of one of :data:`KINDS`, float64.

    ``stem`` (``Linear(n_in, width)``) → ``depth`` blocks → ``head`` (ReLU, then ``Linear``
    to ``n_out`` logits). Every block has the same layer ``f(x) = W ReLU(x) + b`` (the
    "pre-activation" order, so a shortcut adds a zero-mean branch) and differs only in how
    its input reaches its output:

    * plain: ``f(x)``: a plain ReLU MLP;
    * residual: ``x + f(x)`` (identity shortcut);
    * highway: ``T ⊙ f(x) + (1 - T) ⊙ x`` with gate ``T = sigmoid(W_T ReLU(x) + b_T)``,
      ``b_T`` starting at -2 (mostly carry), as Srivastava et al. recommend;
    * dense: ``f([x_0, x_1, ..., x_{l-1}])``, ``width // 2`` new features per layer, each
      layer and the head reading the concatenation of all earlier outputs.

    Parameters
    ----------
    kind : {"plain", "residual", "highway", "dense"}
    depth : int
        Number of blocks (each has one main ``Linear`` layer).
    width : int
    n_in, n_out : int
    seed : int
        Seed of the initial weights (the global torch generator is left as it was).
    init : {"default", "he"}
        PyTorch's default initialisation of ``nn.Linear`` (uniform, weight variance
        ``1 / (3 fan_in)``), or He et al.'s for ReLU layers (normal, variance ``2 / fan_in``,
        biases 0), applied to the stem, every block layer and the head; the highway gates keep
        theirs.
    block_layers : {1, 2}
        Weight layers per block: ``f(x) = W ReLU(x) + b`` or, as in ResNet's basic block,
        ``f(x) = W2 ReLU(W1 ReLU(x) + b1) + b2`` (plain and residual only).

    Returns
    -------
    torch.nn.Module
        Input ``(n, n_in)``, output ``(n, n_out)``; ``.layers`` lists the stem and the blocks'
        weight layers, input first.

    Examples
    --------
    >>> net = make_network("residual", 4, 8, n_in=3, n_out=2)
    >>> net(torch.zeros(5, 3, dtype=torch.float64)).shape
    torch.Size([5, 2])
    >>> len(make_network("residual", 4, 8, n_in=3, n_out=2, block_layers=2).layers)
    9
    >>> w = make_network("plain", 2, 1000, init="he").layers[1].weight.detach()
    >>> round(float(w.var() * 1000), 1)                    # variance 2 / fan_in
    2.0
    """
    kind = check_choice(kind, "kind", KINDS)
    depth = check_int(depth, "depth", low=1, high=MAX_DEPTH)
    width = check_int(width, "width", low=1, high=MAX_WIDTH)
    n_in = check_int(n_in, "n_in", low=1, high=100_000)
    n_out = check_int(n_out, "n_out", low=1, high=100_000)
    seed = check_int(seed, "seed", low=0, high=2**63 - 1)
    init = check_choice(init, "init", INITS)
    block_layers = check_int(block_layers, "block_layers", low=1, high=2)
    if block_layers == 2 and kind not in ("plain", "residual"):
        raise ValueError(f"block_layers=2 is for the plain and residual networks; got kind "
                         f"{kind!r}")
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return _Deep(kind, depth, width, n_in, n_out, init, block_layers).double()


@dataclass
class Task:
    """scikit-learn's digits, standardised, as float64 tensors.

    Attributes
    ----------
    X_train, X_test : torch.Tensor of shape (n, 64)
    y_train, y_test : torch.Tensor of shape (n,), int64 in 0..9
    """

    X_train: torch.Tensor
    X_test: torch.Tensor
    y_train: torch.Tensor
    y_test: torch.Tensor

    def __repr__(self) -> str:
        return (f"Task(digits: train={len(self.y_train)}, test={len(self.y_test)}, "
                f"{self.X_train.shape[1]} features, 10 classes)")


def load_task(*, random_state: Any = 0) -> Task:
    """The digits (1797 images of 8x8 pixels) split 70/30, pixels standardised on train.

    Examples
    --------
    >>> load_task()
    Task(digits: train=1257, test=540, 64 features, 10 classes)
    """
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    rng = check_rng(random_state)
    seed = int(rng.integers(2**31 - 1))
    X, y = load_digits(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, stratify=y,
                                              random_state=seed)
    mu, sd = X_tr.mean(axis=0), X_tr.std(axis=0) + 1e-8
    as_t = torch.from_numpy
    return Task(as_t((X_tr - mu) / sd), as_t((X_te - mu) / sd), as_t(y_tr.astype(np.int64)),
                as_t(y_te.astype(np.int64)))


def _check_xy(X: Any, y: Any) -> tuple[torch.Tensor, torch.Tensor]:
    X_np = check_array(X.numpy() if isinstance(X, torch.Tensor) else X, "X", ndim=2,
                       shape_doc="(n_samples, n_features)")
    y_np = check_array(y.numpy() if isinstance(y, torch.Tensor) else y, "y", ndim=1,
                       dtype="int", shape_doc="(n_samples,)")
    if len(X_np) != len(y_np):
        raise ValueError(f"X and y must have the same number of samples; got {len(X_np)} and "
                         f"{len(y_np)}")
    if (y_np < 0).any() or (y_np >= 10_000).any():
        raise ValueError(f"y must hold class indices in [0, 10000); got values from "
                         f"{y_np.min()} to {y_np.max()}")
    return torch.from_numpy(X_np), torch.from_numpy(y_np)


def grad_norms_by_layer(kind: str, X: Any, y: Any, *, depth: int = 20, width: int = 32,
                        seed: int = 0, init: str = "default") -> np.ndarray:
    """Norm of the cross-entropy gradient of each main weight matrix, at initialisation.

    Parameters
    ----------
    kind : {"plain", "residual", "highway", "dense"}
    X : array-like or tensor of shape (n_samples, n_features)
    y : array-like or tensor of shape (n_samples,)
        Class indices.
    depth, width, seed : int
        As in :func:`make_network`.
    init : {"default", "he"}
        As in :func:`make_network`.

    Returns
    -------
    ndarray of shape (depth + 1,)
        Frobenius norm of ``dL/dW`` for the stem (index 0) and each block, input first.

    Examples
    --------
    >>> X, y = np.random.default_rng(0).normal(size=(20, 3)), np.arange(20) % 2
    >>> grad_norms_by_layer("plain", X, y, depth=3, width=4).shape
    (4,)
    """
    kind = check_choice(kind, "kind", KINDS)
    X_t, y_t = _check_xy(X, y)
    net = make_network(kind, depth, width, n_in=X_t.shape[1], n_out=int(y_t.max()) + 1,
                       seed=seed, init=init)
    loss = F.cross_entropy(net(X_t), y_t)
    grads = torch.autograd.grad(loss, [layer.weight for layer in net.layers])
    return np.array([float(g.norm()) for g in grads])


def first_layer_grad_norms(X: Any, y: Any, *, kinds: Any = KINDS, depth: int = 20,
                           width: int = 32, seeds: Any = range(10),
                           init: str = "default") -> dict[str, np.ndarray]:
    """Gradient norm at the first layer (the stem) for each kind of network and seed.

    Examples
    --------
    >>> X, y = np.random.default_rng(0).normal(size=(20, 3)), np.arange(20) % 2
    >>> g = first_layer_grad_norms(X, y, kinds=["plain", "residual"], depth=3, seeds=[0, 1])
    >>> g["residual"].shape
    (2,)
    """
    kinds = [check_choice(k, "kinds", KINDS) for k in _as_list(kinds, "kinds")]
    seeds = _check_seeds(seeds)
    return {k: np.array([grad_norms_by_layer(k, X, y, depth=depth, width=width, seed=s,
                                             init=init)[0]
                         for s in seeds]) for k in kinds}


def _as_list(value: Any, name: str) -> list:
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise TypeError(f"{name} must be a list; got {type(value).__name__}")
    out = list(value)
    if not out:
        raise ValueError(f"{name} must not be empty")
    return out


def _check_seeds(seeds: Any) -> list[int]:
    seeds = check_array(list(seeds) if isinstance(seeds, range) else seeds, "seeds", ndim=1,
                        dtype="int")
    if len(seeds) > MAX_SEEDS or (seeds < 0).any():
        raise ValueError(f"seeds must be at most {MAX_SEEDS} non-negative integers; got "
                         f"{len(seeds)} from {seeds.min()} to {seeds.max()}")
    return [int(s) for s in seeds]


def train_curves(task: Task, *, kinds: Any = KINDS, depth: int = 20, width: int = 32,
                 seeds: Any = (0, 1), steps: int = 60, batch_size: int = 256, lr: float = 0.05,
                 momentum: float = 0.9, init: str = "default",
                 block_layers: int = 1) -> dict[str, Any]:
    """Training loss per step of each kind of network: mini-batch SGD with momentum.

    Trained in float32 (four times faster here than float64; the gradient measurements use
    float64). Each seed sets the initial weights and the order of the mini-batches, the same
    for every kind.

    Parameters
    ----------
    task : Task
        From :func:`load_task`.
    kinds : list of str
    depth, width : int
    seeds : list of int
        One run per seed.
    steps, batch_size : int
    lr, momentum : float
    init, block_layers
        As in :func:`make_network`.

    Returns
    -------
    dict
        ``kind -> ndarray (n_seeds, steps)`` of mini-batch training losses, and
        ``"test accuracy"`` -> ``{kind: ndarray (n_seeds,)}`` after the last step.

    Examples
    --------
    >>> c = train_curves(load_task(), kinds=["residual"], depth=2, width=8, seeds=[0], steps=3)
    >>> c["residual"].shape
    (1, 3)
    """
    if not isinstance(task, Task):
        raise TypeError(f"task must be a Task from load_task(); got {type(task).__name__}")
    kinds = [check_choice(k, "kinds", KINDS) for k in _as_list(kinds, "kinds")]
    seeds = _check_seeds(seeds)
    depth = check_int(depth, "depth", low=1, high=MAX_DEPTH)
    width = check_int(width, "width", low=1, high=MAX_WIDTH)
    steps = check_int(steps, "steps", low=1, high=MAX_STEPS)
    batch_size = check_int(batch_size, "batch_size", low=1, high=len(task.y_train))
    lr = check_scalar(lr, "lr", low=0, high=10, include_low=False)
    momentum = check_scalar(momentum, "momentum", low=0, high=1, include_high=False)
    X, y = task.X_train.float(), task.y_train
    X_test = task.X_test.float()
    out: dict[str, Any] = {}
    acc: dict[str, np.ndarray] = {}
    for kind in kinds:
        curves, accs = np.zeros((len(seeds), steps)), np.zeros(len(seeds))
        for i, seed in enumerate(seeds):
            net = make_network(kind, depth, width, n_in=X.shape[1], seed=seed, init=init,
                               block_layers=block_layers).float()
            opt = torch.optim.SGD(net.parameters(), lr=lr, momentum=momentum)
            gen = torch.Generator().manual_seed(seed)
            for step in range(steps):
                batch = torch.randint(len(y), (batch_size,), generator=gen)
                loss = F.cross_entropy(net(X[batch]), y[batch])
                curves[i, step] = float(loss.detach())
                opt.zero_grad()
                loss.backward()
                opt.step()
            with torch.no_grad():
                accs[i] = float((net(X_test).argmax(1) == task.y_test).double().mean())
        out[kind], acc[kind] = curves, accs
    out["test accuracy"] = acc
    return out


class _Inception(nn.Module):
    def __init__(self, c_in: int, c1: int, c3r: int, c3: int, c5r: int, c5: int,
                 cp: int) -> None:
        super().__init__()
        self.b1 = nn.Conv2d(c_in, c1, 1)
        self.b3 = nn.Sequential(nn.Conv2d(c_in, c3r, 1), nn.ReLU(), nn.Conv2d(c3r, c3, 3,
                                                                               padding=1))
        self.b5 = nn.Sequential(nn.Conv2d(c_in, c5r, 1), nn.ReLU(), nn.Conv2d(c5r, c5, 5,
                                                                               padding=2))
        self.bp = nn.Sequential(nn.MaxPool2d(3, stride=1, padding=1), nn.Conv2d(c_in, cp, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.relu(torch.cat([self.b1(x), self.b3(x), self.b5(x), self.bp(x)], dim=1))


def make_inception_block(c_in: int = 192, c1: int = 64, c3_reduce: int = 96, c3: int = 128,
                         c5_reduce: int = 16, c5: int = 32, c_pool: int = 32, *,
                         seed: int = 0) -> nn.Module:
    """An Inception (GoogLeNet "v1") block: four parallel branches, concatenated.

    ``1x1`` | ``1x1 → 3x3`` | ``1x1 → 5x5`` | ``3x3 max pool → 1x1``, all keeping the spatial
    size; the output has ``c1 + c3 + c5 + c_pool`` channels. The defaults are GoogLeNet's
    block "3a". The 1x1 "reductions" shrink the channels before the expensive 3x3 and 5x5
    kernels: that is where the block saves parameters and multiply-adds.

    Examples
    --------
    >>> block = make_inception_block(8, 4, 4, 8, 2, 4, 4)
    >>> block(torch.zeros(1, 8, 10, 10)).shape
    torch.Size([1, 20, 10, 10])
    """
    sizes = {"c_in": c_in, "c1": c1, "c3_reduce": c3_reduce, "c3": c3,
             "c5_reduce": c5_reduce, "c5": c5, "c_pool": c_pool}
    sizes = {k: check_int(v, k, low=1, high=MAX_CHANNELS) for k, v in sizes.items()}
    seed = check_int(seed, "seed", low=0, high=2**63 - 1)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return _Inception(*sizes.values())
