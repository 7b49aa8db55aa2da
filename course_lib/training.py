"""Training deep networks in torch: the experiments of notebook ``06_optimization``.

Small multilayer perceptrons (:class:`MLP`: depth, width, activation, residual connections,
batch norm, dropout, initialisation) and the measurements the lesson makes on them:

* :func:`layer_grad_norms` / :func:`gradient_profile`: the gradient norm of every layer of a
  deep net, before and after a few training steps (vanishing and exploding gradients);
* :func:`symmetry_experiment`: all-zero or constant initialisation, epoch by epoch: which
  gradients are zero, how many different hidden units there are;
* :func:`deep_linear_experiment`: a deep net without non-linearities is one matrix;
* :func:`train`: full-batch or mini-batch training with SGD or Adam, weight decay, dropout,
  early stopping on a validation split and adaptive gradient clipping (:func:`agc_`).

Everything runs in float64 on the CPU, seeded: the weights and the dropout masks come from a
forked torch generator seeded with ``seed``, so the global torch state is left alone and the
same call gives the same numbers.
"""

from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from torch import nn

from .validation import check_array, check_bool, check_choice, check_int, check_scalar, describe

__all__ = [
    "ACTIVATIONS",
    "INITS",
    "MLP",
    "History",
    "accuracy",
    "agc_",
    "compare",
    "dead_units",
    "deep_linear_experiment",
    "gradient_profile",
    "layer_grad_norms",
    "n_parameters",
    "symmetry_experiment",
    "train",
    "width_for_budget",
]

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "linear")
INITS = ("default", "xavier", "he", "zeros", "constant")
TASKS = ("classification", "regression")
DTYPE = torch.float64
MAX_WIDTH = 4096
MAX_DEPTH = 200


def _act(name: str) -> nn.Module:
    return {"sigmoid": nn.Sigmoid(), "tanh": nn.Tanh(), "relu": nn.ReLU(),
            "leaky_relu": nn.LeakyReLU(0.01), "linear": nn.Identity()}[name]


class MLP(nn.Module):
    """``depth`` hidden layers of ``width`` units, then a linear output layer.

    Hidden layer ``l``: ``z = W_l h + b_l``, then batch norm (optional), the activation,
    dropout (optional); with ``residual=True`` every hidden layer after the first adds its
    output to its input, ``h <- h + residual_scale * a`` (a skip connection).

    Parameters
    ----------
    n_in, width, depth, n_out : int
        Input size, hidden width, number of hidden layers (>= 1), output size.
    activation : {"sigmoid", "tanh", "relu", "leaky_relu", "linear"}
        ``"linear"`` removes the non-linearity (the net is then one affine map).
    residual : bool
        Skip connections around hidden layers 2 ... depth.
    residual_scale : float
        Factor on each residual branch (a small one keeps a deep residual net's signal from
        growing with depth, as in normaliser-free networks).
    batchnorm : bool
        ``BatchNorm1d`` after each hidden linear layer.
    dropout : float
        Dropout probability after each hidden activation, in [0, 1).
    init : {"default", "xavier", "he", "zeros", "constant"}
        ``default``: torch's own; ``xavier``: normal with variance 2 / (fan_in + fan_out)
        (times the activation's gain^2); ``he``: normal with variance 2 / fan_in (for ReLU);
        ``zeros``: every weight and bias 0; ``constant``: every weight ``init_value``, biases 0.
    init_value : float
        The weight of ``init="constant"``.
    bias_value : float
        Hidden biases start at this value (0 by default; a negative one pushes ReLUs off).
    seed : int
        Seed of the initial weights.

    Examples
    --------
    >>> net = MLP(2, 8, 3, activation="tanh", seed=0)
    >>> net(torch.zeros(5, 2, dtype=torch.float64)).shape
    torch.Size([5, 1])
    >>> n_parameters(net)
    177
    """

    def __init__(self, n_in: int, width: int, depth: int, n_out: int = 1, *,
                 activation: str = "relu", residual: bool = False, residual_scale: float = 1.0,
                 batchnorm: bool = False, dropout: float = 0.0, init: str = "default",
                 init_value: float = 0.5, bias_value: float = 0.0, seed: int = 0) -> None:
        super().__init__()
        n_in = check_int(n_in, "n_in", low=1, high=MAX_WIDTH)
        width = check_int(width, "width", low=1, high=MAX_WIDTH)
        depth = check_int(depth, "depth", low=1, high=MAX_DEPTH)
        n_out = check_int(n_out, "n_out", low=1, high=MAX_WIDTH)
        self.activation = check_choice(activation, "activation", ACTIVATIONS)
        self.residual = check_bool(residual, "residual")
        self.residual_scale = check_scalar(residual_scale, "residual_scale", low=0, high=10)
        self.batchnorm = check_bool(batchnorm, "batchnorm")
        self.dropout = check_scalar(dropout, "dropout", low=0, high=1, include_high=False)
        self.init = check_choice(init, "init", INITS)
        init_value = check_scalar(init_value, "init_value", low=-10, high=10)
        bias_value = check_scalar(bias_value, "bias_value", low=-10, high=10)
        seed = check_int(seed, "seed", low=0, high=2**63 - 1)
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            sizes = [n_in] + [width] * depth
            self.hidden = nn.ModuleList(nn.Linear(a, b, dtype=DTYPE)
                                        for a, b in itertools.pairwise(sizes))
            self.norms = nn.ModuleList(nn.BatchNorm1d(width, dtype=DTYPE) if batchnorm
                                       else nn.Identity() for _ in range(depth))
            self.act = _act(self.activation)
            self.drop = nn.Dropout(self.dropout) if self.dropout > 0 else nn.Identity()
            self.out = nn.Linear(width, n_out, dtype=DTYPE)
            self._initialise(init_value, bias_value)

    def _initialise(self, value: float, bias_value: float) -> None:
        layers = [*self.hidden, self.out]
        for i, lin in enumerate(layers):
            is_out = i == len(layers) - 1
            if self.init == "zeros":
                nn.init.zeros_(lin.weight)
            elif self.init == "constant":
                nn.init.constant_(lin.weight, value)
            elif self.init == "he" and not is_out:
                nn.init.kaiming_normal_(lin.weight, nonlinearity="relu")
            elif self.init in ("xavier", "he"):
                gain = (nn.init.calculate_gain(self.activation)
                        if self.activation in ("tanh", "sigmoid", "relu") and not is_out else 1.0)
                nn.init.xavier_normal_(lin.weight, gain=gain)
            if self.init != "default":
                nn.init.zeros_(lin.bias)
            if not is_out and bias_value != 0:
                nn.init.constant_(lin.bias, bias_value)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = x
        for i, (lin, norm) in enumerate(zip(self.hidden, self.norms, strict=True)):
            a = self.drop(self.act(norm(lin(h))))
            h = h + self.residual_scale * a if (self.residual and i > 0) else a
        return self.out(h)

    def __repr__(self) -> str:
        extras = [self.activation]
        if self.residual:
            extras.append(f"residual x{self.residual_scale:g}")
        if self.batchnorm:
            extras.append("batch norm")
        if self.dropout:
            extras.append(f"dropout {self.dropout:g}")
        return (f"MLP({self.hidden[0].in_features} -> {len(self.hidden)} x "
                f"{self.hidden[0].out_features} -> {self.out.out_features}; "
                f"{', '.join(extras)}; init {self.init}; {n_parameters(self)} parameters)")


def n_parameters(model: nn.Module) -> int:
    """Number of trainable parameters (weights and biases; batch-norm scales and shifts).

    Examples
    --------
    >>> n_parameters(torch.nn.Linear(3, 2))
    8
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module; got {describe(model)}")
    return int(sum(p.numel() for p in model.parameters() if p.requires_grad))


def width_for_budget(n_in: int, n_out: int, depth: int, budget: int) -> int:
    """Largest hidden width whose plain :class:`MLP` has at most ``budget`` parameters.

    Parameters: ``(n_in + 1) w + (depth - 1)(w + 1) w + (w + 1) n_out``.

    Examples
    --------
    >>> w = width_for_budget(2, 1, 1, 1000)
    >>> w, n_parameters(MLP(2, w, 1)), n_parameters(MLP(2, w + 1, 1)) > 1000
    (249, 997, True)
    """
    n_in = check_int(n_in, "n_in", low=1, high=MAX_WIDTH)
    n_out = check_int(n_out, "n_out", low=1, high=MAX_WIDTH)
    depth = check_int(depth, "depth", low=1, high=MAX_DEPTH)
    budget = check_int(budget, "budget", low=1, high=10**8)

    def count(w: int) -> int:
        return (n_in + 1) * w + (depth - 1) * (w + 1) * w + (w + 1) * n_out

    w = 0
    lo, hi = 1, MAX_WIDTH
    while lo <= hi:  # count() increases with w: binary search
        mid = (lo + hi) // 2
        if count(mid) <= budget:
            w, lo = mid, mid + 1
        else:
            hi = mid - 1
    if w == 0:
        raise ValueError(f"budget must allow a width of at least 1 ({count(1)} parameters for "
                         f"depth {depth}); got {budget}")
    return w


# --- data in, loss out -------------------------------------------------------------------------
def _data(X: Any, y: Any, task: str, n_in: int | None = None,
          names: tuple[str, str] = ("X", "y")) -> tuple[torch.Tensor, torch.Tensor]:
    Xa = check_array(X, names[0], ndim=2, shape_doc="(n_samples, n_features)")
    if n_in is not None and Xa.shape[1] != n_in:
        raise ValueError(f"{names[0]} must have {n_in} columns (the model's inputs); "
                         f"got shape {Xa.shape}")
    ya = check_array(y, names[1], ndim=(1, 2), shape_doc="(n_samples,) or (n_samples, n_out)")
    if len(ya) != len(Xa):
        raise ValueError(f"{names[0]} and {names[1]} must have the same number of samples; "
                         f"got {len(Xa)} and {len(ya)}")
    if task == "classification" and not np.isin(ya, (0, 1)).all():
        raise ValueError(f"{names[1]} must contain 0/1 labels for classification; got values "
                         f"{np.unique(ya)[:5].tolist()}")
    yt = torch.as_tensor(ya, dtype=DTYPE)
    return torch.as_tensor(Xa, dtype=DTYPE), yt[:, None] if yt.ndim == 1 else yt


def _loss(out: torch.Tensor, y: torch.Tensor, task: str) -> torch.Tensor:
    if task == "classification":
        return nn.functional.binary_cross_entropy_with_logits(out, y)
    return nn.functional.mse_loss(out, y)


def _check_model(model: Any) -> MLP:
    if not isinstance(model, MLP):
        raise TypeError(f"model must be a course_lib.training.MLP; got {describe(model)}")
    return model


def layer_grad_norms(model: MLP, X: Any, y: Any, *, task: str = "classification"
                     ) -> np.ndarray:
    """Norm of the loss gradient with respect to each layer's weight matrix.

    One forward and backward pass on all of ``(X, y)`` (the model's train/eval mode is kept).

    Parameters
    ----------
    model : MLP
    X : array-like of shape (n_samples, n_in)
    y : array-like of shape (n_samples,) or (n_samples, n_out)
    task : {"classification", "regression"}
        Binary cross-entropy on logits (labels 0/1) or mean squared error.

    Returns
    -------
    ndarray of shape (depth + 1,)
        ``|dL/dW_1|, ..., |dL/dW_depth|, |dL/dW_out|`` (Frobenius norms).

    Examples
    --------
    >>> net = MLP(2, 4, 3, init="zeros")
    >>> layer_grad_norms(net, np.ones((6, 2)), np.ones(6)).tolist()  # zeros everywhere...
    [0.0, 0.0, 0.0, 0.0]
    """
    model = _check_model(model)
    task = check_choice(task, "task", TASKS)
    Xt, yt = _data(X, y, task, model.hidden[0].in_features)
    model.zero_grad()
    _loss(model(Xt), yt, task).backward()
    norms = [float(lin.weight.grad.norm()) for lin in [*model.hidden, model.out]]
    model.zero_grad()
    return np.array(norms)


def dead_units(model: MLP, X: Any) -> np.ndarray:
    """Number of hidden units per layer whose activation gradient is 0 on every sample of ``X``.

    For ReLU that is a unit whose pre-activation is negative on all inputs: it passes no
    gradient back and, unless its inputs change, never recovers.

    Returns
    -------
    ndarray of shape (depth,) of int

    Examples
    --------
    >>> net = MLP(2, 4, 2, bias_value=-10.0, seed=0)   # every ReLU pushed far below 0
    >>> dead_units(net, np.zeros((3, 2))).tolist()
    [4, 4]
    """
    model = _check_model(model)
    Xt = torch.as_tensor(check_array(X, "X", ndim=2, shape=(None, model.hidden[0].in_features),
                                     shape_doc="(n_samples, n_in)"), dtype=DTYPE)
    counts = []
    h = Xt
    with torch.no_grad():
        for i, (lin, norm) in enumerate(zip(model.hidden, model.norms, strict=True)):
            z = norm(lin(h)).detach().requires_grad_(True)
            with torch.enable_grad():
                a = model.act(z)
                (g,) = torch.autograd.grad(a.sum(), z)
            counts.append(int(torch.sum(torch.all(g == 0, dim=0))))
            h = h + model.residual_scale * a.detach() if (model.residual and i > 0) else \
                a.detach()
    return np.array(counts)


# --- adaptive gradient clipping in torch ---------------------------------------------------------
def agc_(parameters: Any, clipping: float = 0.01, eps: float = 1e-3) -> None:
    """Adaptive gradient clipping, in place, unit-wise (see :func:`course_lib.optim.adaptive_clip`).

    Each row of a 2-D weight's gradient (one output unit) is rescaled so that
    ``|G_i| <= clipping * max(|W_i|, eps)``; a 1-D parameter counts as one unit.

    Examples
    --------
    >>> w = torch.tensor([[3.0, 4.0]], requires_grad=True)
    >>> w.grad = torch.tensor([[1.0, 0.0]])
    >>> agc_([w], clipping=0.1)
    >>> w.grad.tolist()
    [[0.5, 0.0]]
    """
    if isinstance(parameters, torch.Tensor):
        parameters = [parameters]
    parameters = list(parameters) if isinstance(parameters, (list, tuple)) else parameters
    if not isinstance(parameters, list) or not all(isinstance(p, torch.Tensor)
                                                   for p in parameters):
        raise TypeError(f"parameters must be a tensor or a list of tensors; "
                        f"got {describe(parameters)}")
    clipping = check_scalar(clipping, "clipping", low=0, include_low=False)
    eps = check_scalar(eps, "eps", low=0, include_low=False)
    with torch.no_grad():
        for p in parameters:
            if p.grad is None:
                continue
            dims = tuple(range(1, p.ndim)) if p.ndim > 1 else tuple(range(p.ndim))
            w_norm = p.norm(dim=dims, keepdim=True).clamp_min(eps)
            g_norm = p.grad.norm(dim=dims, keepdim=True)
            max_norm = clipping * w_norm
            scale = torch.where(g_norm > max_norm, max_norm / g_norm.clamp_min(1e-6),
                                torch.ones_like(g_norm))
            p.grad.mul_(scale)


# --- training ----------------------------------------------------------------------------------
@dataclass
class History:
    """What :func:`train` recorded, one entry per epoch.

    Attributes
    ----------
    train_loss, val_loss, val_accuracy : ndarray of shape (n_epochs_run,)
        Mean training loss over the epoch's mini-batches (as computed for the updates: in
        training mode, before each step), loss and accuracy on the validation set after the
        epoch (empty arrays without a validation split; accuracy only for classification).
    best_epoch : int
        Epoch (1-based) with the lowest validation loss (the last epoch without validation).
    stopped_early : bool
    """

    train_loss: np.ndarray
    val_loss: np.ndarray
    val_accuracy: np.ndarray
    best_epoch: int
    stopped_early: bool
    extras: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        return (f"History({len(self.train_loss)} epochs, final train loss "
                f"{self.train_loss[-1]:.4f}, best epoch {self.best_epoch}"
                f"{', stopped early' if self.stopped_early else ''})")


def accuracy(model: MLP, X: Any, y: Any) -> float:
    """Fraction of samples whose predicted class (logit > 0) equals the 0/1 label.

    Examples
    --------
    >>> net = MLP(2, 3, 1, init="zeros")             # logit 0 everywhere: predicts class 0
    >>> accuracy(net, np.ones((4, 2)), [0, 0, 1, 0])
    0.75
    """
    model = _check_model(model)
    Xt, yt = _data(X, y, "classification", model.hidden[0].in_features)
    was = model.training
    model.eval()
    with torch.no_grad():
        acc = float(((model(Xt) > 0).to(DTYPE) == yt).to(DTYPE).mean())
    model.train(was)
    return acc


def train(model: MLP, X: Any, y: Any, *, task: str = "classification", optimizer: str = "sgd",
          lr: float = 0.1, momentum: float = 0.0, weight_decay: float = 0.0,
          n_epochs: int = 100, batch_size: int | None = None, X_val: Any = None,
          y_val: Any = None, patience: int | None = None, agc: float | None = None,
          clip_norm: float | None = None, seed: int = 0, progress: bool = False) -> History:
    """Train ``model`` in place; return the per-epoch :class:`History`.

    Parameters
    ----------
    model : MLP
    X, y : array-like
        Training data, shapes (n_samples, n_in) and (n_samples,) or (n_samples, n_out).
    task : {"classification", "regression"}
    optimizer : {"sgd", "adam"}
        ``torch.optim.SGD`` (with ``momentum``) or ``torch.optim.Adam``.
    lr, momentum, weight_decay : float
        ``weight_decay`` is the L2 coefficient added to the gradient (``torch.optim``'s).
    n_epochs : int
        Passes over the training set (1 ... 100 000).
    batch_size : int, optional
        Mini-batch size (reshuffled every epoch); ``None`` for full-batch gradient descent.
    X_val, y_val : array-like, optional
        A validation split: its loss is recorded every epoch.
    patience : int, optional
        Early stopping: stop when the validation loss has not improved for ``patience``
        epochs, and restore the weights of the best epoch. Needs a validation split.
    agc : float, optional
        Adaptive gradient clipping of the hidden layers with this ``clipping`` ratio.
    clip_norm : float, optional
        Clip the global gradient norm (``torch.nn.utils.clip_grad_norm_``).
    seed : int
        Seed of the mini-batch order and the dropout masks.
    progress : bool
        Show a progress bar (``tqdm.auto``).

    Returns
    -------
    History

    Examples
    --------
    >>> from course_lib.datasets import make_moons_2d
    >>> X, y = make_moons_2d(200, random_state=0)
    >>> net = MLP(2, 16, 2, seed=0)
    >>> h = train(net, X, y, optimizer="adam", lr=0.01, n_epochs=200)
    >>> bool(h.train_loss[-1] < 0.1 < h.train_loss[0])
    True
    """
    model = _check_model(model)
    task = check_choice(task, "task", TASKS)
    optimizer = check_choice(optimizer, "optimizer", ("sgd", "adam"))
    lr = check_scalar(lr, "lr", low=0, include_low=False, high=100)
    momentum = check_scalar(momentum, "momentum", low=0, high=1, include_high=False)
    weight_decay = check_scalar(weight_decay, "weight_decay", low=0, high=100)
    n_epochs = check_int(n_epochs, "n_epochs", low=1, high=100_000)
    Xt, yt = _data(X, y, task, model.hidden[0].in_features)
    n = len(Xt)
    if batch_size is not None:
        batch_size = check_int(batch_size, "batch_size", low=1, high=n)
    has_val = X_val is not None or y_val is not None
    if has_val and (X_val is None or y_val is None):
        given, missing = ("X_val", "y_val") if y_val is None else ("y_val", "X_val")
        raise ValueError(f"{given} was given without {missing}: a validation split needs both "
                         f"X_val and y_val")
    if has_val:
        Xv, yv = _data(X_val, y_val, task, model.hidden[0].in_features, ("X_val", "y_val"))
    if patience is not None:
        patience = check_int(patience, "patience", low=1, high=n_epochs)
        if not has_val:
            raise ValueError("patience (early stopping) needs a validation split: pass X_val "
                             "and y_val")
    if agc is not None:
        agc = check_scalar(agc, "agc", low=0, include_low=False)
    if clip_norm is not None:
        clip_norm = check_scalar(clip_norm, "clip_norm", low=0, include_low=False)
    seed = check_int(seed, "seed", low=0, high=2**63 - 1)
    progress = check_bool(progress, "progress")

    if optimizer == "sgd":
        opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum,
                              weight_decay=weight_decay)
    else:
        opt = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
    hidden_params = [p for lin in model.hidden for p in lin.parameters()]
    train_loss, val_loss, val_acc = [], [], []
    best, best_epoch, best_state, waited, stopped = np.inf, 0, None, 0, False
    epochs = range(n_epochs)
    if progress:
        from tqdm.auto import tqdm

        epochs = tqdm(epochs, desc="epochs", leave=True)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        for epoch in epochs:
            model.train()
            order = torch.randperm(n) if batch_size else torch.arange(n)
            total = 0.0
            for start in range(0, n, batch_size or n):
                idx = order[start:start + (batch_size or n)]
                opt.zero_grad()
                loss = _loss(model(Xt[idx]), yt[idx], task)
                total += loss.item() * len(idx)
                loss.backward()
                if agc is not None:
                    agc_(hidden_params, clipping=agc)
                if clip_norm is not None:
                    nn.utils.clip_grad_norm_(model.parameters(), clip_norm)
                opt.step()
            train_loss.append(total / n)
            model.eval()
            with torch.no_grad():
                if has_val:
                    out = model(Xv)
                    val_loss.append(float(_loss(out, yv, task)))
                    if task == "classification":
                        val_acc.append(float(((out > 0).to(DTYPE) == yv).to(DTYPE).mean()))

            current = val_loss[-1] if has_val else train_loss[-1]
            if not np.isfinite(train_loss[-1]):
                break  # diverged: nothing more to learn from this run
            if current < best:
                best, best_epoch, waited = current, epoch + 1, 0
                if patience is not None:
                    best_state = copy.deepcopy(model.state_dict())
            else:
                waited += 1
                if patience is not None and waited >= patience:
                    stopped = True
                    break
    if best_state is not None:
        model.load_state_dict(best_state)
    model.eval()
    return History(np.array(train_loss), np.array(val_loss), np.array(val_acc),
                   best_epoch or len(train_loss), stopped)


# --- the experiments ---------------------------------------------------------------------------
def gradient_profile(activation: str = "relu", *, residual: bool = False,
                     residual_scale: float = 1.0, batchnorm: bool = False, depth: int = 20,
                     width: int = 32, n_samples: int = 256, n_steps: int = 5, lr: float = 0.01,
                     init: str | None = None, bias_value: float = 0.0,
                     seed: int = 0) -> dict[str, np.ndarray]:
    """Gradient norm of every layer of a deep net, at initialisation and after a few steps.

    Data: ``n_samples`` points of the two-moons problem (2 inputs, labels 0/1). The net is an
    :class:`MLP` with ``depth`` hidden layers of ``width`` units, initialised the usual way for
    its activation (``init=None``: He for the ReLU family, Xavier for sigmoid and tanh), then
    trained for ``n_steps`` full-batch steps of SGD with momentum 0.9.

    Returns
    -------
    dict
        ``before`` and ``after``: arrays of shape (depth + 1,) from :func:`layer_grad_norms`
        (the last entry is the output layer); ``loss``: shape (n_steps + 1,).

    Examples
    --------
    >>> p = gradient_profile("sigmoid", depth=10, n_steps=0)
    >>> bool(p["before"][0] < 1e-3 * p["before"][-1])    # the first layer hardly learns
    True
    """
    from .datasets import make_moons_2d

    activation = check_choice(activation, "activation", ACTIVATIONS)
    if init is None:
        init = "he" if activation in ("relu", "leaky_relu") else "xavier"
    n_samples = check_int(n_samples, "n_samples", low=2, high=100_000)
    n_steps = check_int(n_steps, "n_steps", low=0, high=10_000)
    lr = check_scalar(lr, "lr", low=0, include_low=False, high=100)
    model = MLP(2, width, depth, activation=activation, residual=residual,
                residual_scale=residual_scale, batchnorm=batchnorm, init=init,
                bias_value=bias_value, seed=seed)
    X, y = make_moons_2d(n_samples, random_state=seed)
    model.train()
    before = layer_grad_norms(model, X, y)
    Xt, yt = _data(X, y, "classification")
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    losses = []
    for _ in range(n_steps):
        opt.zero_grad()
        loss = _loss(model(Xt), yt, "classification")
        losses.append(loss.item())
        loss.backward()
        opt.step()
    with torch.no_grad():
        losses.append(float(_loss(model(Xt), yt, "classification")))
    after = layer_grad_norms(model, X, y)
    return {"before": before, "after": after, "loss": np.array(losses)}


def symmetry_experiment(activation: str = "sigmoid", init: str = "zeros", *,
                        n_hidden: int = 4, n_epochs: int = 5, lr: float = 1.0,
                        n_samples: int = 200, seed: int = 0) -> dict[str, np.ndarray]:
    """A one-hidden-layer net trained by full-batch gradient descent, watched epoch by epoch.

    The net is ``2 -> n_hidden -> 1`` with the given hidden activation and a sigmoid output
    (binary cross-entropy on the two-moons data, with two thirds of class 0 left out: on
    *balanced* labels an all-zero net predicts 1/2, which is right on average, and even the
    output layer would start with a zero gradient). Recorded *before* each update, for epochs
    0 ... n_epochs - 1: the gradient norms of the hidden weights ``W1``, hidden biases ``b1``,
    output weights ``W2`` and output bias ``b2``; how many *different* hidden units there are
    (rows of ``[W1 | b1]`` that differ by more than 1e-12); and the loss.

    Returns
    -------
    dict
        ``dW1, db1, dW2, db2, loss`` of shape (n_epochs,), ``distinct_units`` of shape
        (n_epochs,) of int, and ``W1`` (the final hidden weights, (n_hidden, 2)).

    Examples
    --------
    >>> r = symmetry_experiment("sigmoid", "zeros", n_epochs=3)
    >>> float(r["dW1"][0]), bool(r["dW2"][0] > 0), r["distinct_units"].tolist()
    (0.0, True, [1, 1, 1])
    """
    from .datasets import make_moons_2d

    n_hidden = check_int(n_hidden, "n_hidden", low=1, high=MAX_WIDTH)
    n_epochs = check_int(n_epochs, "n_epochs", low=1, high=100_000)
    lr = check_scalar(lr, "lr", low=0, include_low=False, high=100)
    n_samples = check_int(n_samples, "n_samples", low=2, high=100_000)
    model = MLP(2, n_hidden, 1, activation=activation, init=init, seed=seed)
    X, y = make_moons_2d(n_samples, random_state=seed)
    keep = (y == 1) | (np.arange(len(y)) % 3 == 0)  # thin class 0: about 3 positives to 1
    X, y = X[keep], y[keep]
    Xt, yt = _data(X, y, "classification")
    lin1, lin2 = model.hidden[0], model.out
    rec: dict[str, list] = {k: [] for k in ("dW1", "db1", "dW2", "db2", "loss",
                                            "distinct_units")}
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    for _ in range(n_epochs):
        opt.zero_grad()
        loss = _loss(model(Xt), yt, "classification")
        loss.backward()
        for key, p in (("dW1", lin1.weight), ("db1", lin1.bias), ("dW2", lin2.weight),
                       ("db2", lin2.bias)):
            rec[key].append(float(p.grad.norm()))
        rec["loss"].append(loss.item())
        units = torch.cat([lin1.weight, lin1.bias[:, None]], dim=1).detach().numpy()
        diff = np.abs(units[:, None, :] - units[None, :, :]).max(axis=2)
        # count groups of identical rows: a unit is new if no earlier unit equals it
        new = [i for i in range(len(units)) if not np.any(diff[i, :i] <= 1e-12)]
        rec["distinct_units"].append(len(new))
        opt.step()
    out = {k: np.array(v) for k, v in rec.items()}
    out["distinct_units"] = out["distinct_units"].astype(int)
    out["W1"] = lin1.weight.detach().numpy().copy()
    return out


def deep_linear_experiment(depth: int = 4, width: int = 8, *, n_samples: int = 300,
                           n_epochs: int = 300, lr: float = 0.02, seed: int = 0
                           ) -> dict[str, Any]:
    """Train a deep net *without* non-linearities and show that it is one affine map.

    Data: 4 inputs ``x ~ N(0, I)``, 2 targets that are *not* linear in x
    (``sin(2 x1) + x2`` and ``x3 * x4``). A linear :class:`MLP` (``activation="linear"``,
    ``depth`` hidden layers of ``width``) is trained with Adam, full batch; then the product
    of its weight matrices ``P = W_out W_depth ... W_1`` (shape (2, 4)) and the offset
    ``c = net(0)`` are compared with the net itself, and its error with the best affine map
    (least squares). A ReLU net of the same shape, trained the same way, is the contrast.

    Returns
    -------
    dict
        ``product`` (2, 4), ``offset`` (2,), ``rank`` (int), ``max_gap`` (max |net(X) -
        (X P^T + c)|), ``mse_linear_net``, ``mse_least_squares``, ``mse_relu_net`` (training
        mean squared errors) and ``loss_curves`` (per epoch, both nets).

    Examples
    --------
    >>> r = deep_linear_experiment(depth=2, width=3, n_samples=50, n_epochs=5)
    >>> r["product"].shape, bool(r["max_gap"] < 1e-12)
    ((2, 4), True)
    """
    depth = check_int(depth, "depth", low=1, high=MAX_DEPTH)
    width = check_int(width, "width", low=1, high=MAX_WIDTH)
    n_samples = check_int(n_samples, "n_samples", low=10, high=100_000)
    n_epochs = check_int(n_epochs, "n_epochs", low=1, high=100_000)
    lr = check_scalar(lr, "lr", low=0, include_low=False, high=100)
    rng = np.random.default_rng(check_int(seed, "seed", low=0))
    X = rng.standard_normal((n_samples, 4))
    Y = np.column_stack([np.sin(2 * X[:, 0]) + X[:, 1], X[:, 2] * X[:, 3]])
    lin = MLP(4, width, depth, 2, activation="linear", init="xavier", seed=seed)
    relu = MLP(4, width, depth, 2, activation="relu", init="he", seed=seed)
    h_lin = train(lin, X, Y, task="regression", optimizer="adam", lr=lr, n_epochs=n_epochs)
    h_relu = train(relu, X, Y, task="regression", optimizer="adam", lr=lr, n_epochs=n_epochs)
    with torch.no_grad():
        P = lin.out.weight
        for layer in reversed(lin.hidden):
            P = P @ layer.weight
        c = lin(torch.zeros(1, 4, dtype=DTYPE))[0]
        net_out = lin(torch.as_tensor(X, dtype=DTYPE)).numpy()
        relu_out = relu(torch.as_tensor(X, dtype=DTYPE)).numpy()
    P, c = P.numpy(), c.numpy()
    A = np.column_stack([X, np.ones(n_samples)])
    coef = np.linalg.lstsq(A, Y, rcond=None)[0]
    return {"product": P, "offset": c, "rank": int(np.linalg.matrix_rank(P)),
            "max_gap": float(np.max(np.abs(net_out - (X @ P.T + c)))),
            "mse_linear_net": float(np.mean((net_out - Y) ** 2)),
            "mse_least_squares": float(np.mean((A @ coef - Y) ** 2)),
            "mse_relu_net": float(np.mean((relu_out - Y) ** 2)),
            "loss_curves": {"linear": h_lin.train_loss, "relu": h_relu.train_loss}}


def compare(configs: dict[str, dict], *, dataset: str = "spirals", n_train: int = 200,
            n_val: int = 200, n_test: int = 1000, noise: float = 0.1,
            seeds: Any = (0,), progress: bool = False) -> dict[str, dict[str, Any]]:
    """Train several configurations on the same 2-D data, for several seeds; score each.

    Parameters
    ----------
    configs : dict of str to dict
        ``{"name": {"model": {...MLP keyword arguments...}, "train": {...train keyword
        arguments...}}}``; ``n_in`` is 2 and the task is classification.
    dataset : str
        A name of :func:`course_lib.datasets.make_2d_dataset`.
    n_train, n_val, n_test : int
        Sizes of the training, validation and test sets (independent draws).
    noise : float
        The data set's noise.
    seeds : sequence of int
        One run per seed: it seeds the data, the initial weights and the mini-batches.
    progress : bool
        A progress bar over all runs (``tqdm.auto``).

    Returns
    -------
    dict of str to dict
        Per configuration: ``train_accuracy``, ``val_accuracy`` (of the final weights, the
        restored best ones under early stopping), ``test_accuracy`` and ``final_loss`` (the last
        epoch's mean training loss; NaN for a run that diverged) as arrays of shape
        (n_seeds,), ``epochs`` (epochs run), ``parameters`` (int) and ``history`` (the
        :class:`History` of the first seed).

    Examples
    --------
    >>> res = compare({"small": {"model": {"width": 4, "depth": 1}, "train": {"n_epochs": 2}}},
    ...               dataset="moons", n_train=20, n_val=10, n_test=10)
    >>> res["small"]["parameters"], res["small"]["test_accuracy"].shape
    (17, (1,))
    """
    from .datasets import DATASETS_2D, make_2d_dataset

    dataset = check_choice(dataset, "dataset", DATASETS_2D)
    if not isinstance(configs, dict) or not configs:
        raise TypeError(f"configs must be a non-empty dict of name -> {{'model': ..., "
                        f"'train': ...}}; got {describe(configs)}")
    for name, cfg in configs.items():
        if not isinstance(cfg, dict) or set(cfg) - {"model", "train"}:
            raise ValueError(f"configs[{name!r}] must be a dict with keys 'model' and "
                             f"'train'; got {describe(cfg)}")
    n_train = check_int(n_train, "n_train", low=2, high=100_000)
    n_val = check_int(n_val, "n_val", low=2, high=100_000)
    n_test = check_int(n_test, "n_test", low=2, high=100_000)
    seed_list = [check_int(s, "seeds", low=0, high=2**31) for s in
                 (seeds if isinstance(seeds, (list, tuple, range)) else [seeds])]
    if not seed_list:
        raise ValueError("seeds must not be empty")
    progress = check_bool(progress, "progress")
    runs = [(name, s) for s in seed_list for name in configs]
    if progress:
        from tqdm.auto import tqdm

        # the finished bar stays: a bar closed at once (leave=False) can be gone before
        # JupyterLab draws it, which shows 'Error displaying widget: model not found'
        runs = tqdm(runs, desc="runs", leave=True)
    out: dict[str, dict[str, Any]] = {name: {"train_accuracy": [], "val_accuracy": [],
                                             "test_accuracy": [], "epochs": [],
                                             "final_loss": []}
                                      for name in configs}
    data: dict[int, tuple] = {}
    for name, s in runs:
        if s not in data:
            data[s] = tuple(make_2d_dataset(dataset, n, noise=noise, random_state=1000 * s + k)
                            for k, n in enumerate((n_train, n_val, n_test)))
        (X, y), (Xv, yv), (Xs, ys) = data[s]
        cfg = configs[name]
        model = MLP(2, **{"seed": s, **cfg.get("model", {})})
        hist = train(model, X, y, X_val=Xv, y_val=yv, **{"seed": s, **cfg.get("train", {})})
        rec = out[name]
        rec["train_accuracy"].append(accuracy(model, X, y))
        rec["val_accuracy"].append(accuracy(model, Xv, yv))
        rec["test_accuracy"].append(accuracy(model, Xs, ys))
        rec["epochs"].append(len(hist.train_loss))
        rec["final_loss"].append(float(hist.train_loss[-1]))
        rec.setdefault("history", hist)
        rec["parameters"] = n_parameters(model)
    for rec in out.values():
        for key in ("train_accuracy", "val_accuracy", "test_accuracy", "epochs", "final_loss"):
            rec[key] = np.array(rec[key])
    return out
