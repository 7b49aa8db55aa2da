"""Representation learning: greedy layer-wise pretraining, few labels, one-shot by class means.

Used in ``notebooks/08b_representation_learning.ipynb``. The networks are small fully
connected sigmoid stacks in torch (float64), imported inside the functions.

- :func:`greedy_pretrain` trains one autoencoder per layer, each on the codes of the one below
  (greedy: earlier layers stay fixed; layer-wise; unsupervised: no labels).
- :func:`make_classifier` builds the classifier ``64 -> 32 -> 16 -> 10``, randomly or from
  the pretrained layers; :func:`fine_tune` trains it on the few labelled samples.
- :func:`one_shot_accuracy` classifies by the nearest class mean of ``n_shots`` examples per
  class, many random draws at once.
- :func:`lesson_spaces` computes the lesson's four representations of a set of images.
- :func:`train_deep_nets` trains a *deep* net (8 sigmoid layers, say) from one kind of start
  (standard or scaled random init, greedy pretraining) with SGD or Adam, at several learning
  rates and seeds at once; :func:`train_deep_methods` runs several such methods, the
  experiment behind the lesson's pretraining myth.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from .stats import mean_se
from .units import sq_distances
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
    "DeepNetRuns",
    "embed",
    "few_label_subset",
    "fine_tune",
    "greedy_pretrain",
    "lesson_spaces",
    "make_classifier",
    "one_shot_accuracy",
    "predict",
    "train_deep_methods",
    "train_deep_nets",
]

MAX_WIDTH = 4096
MAX_STEPS = 100_000


def _torch():
    import torch
    return torch


def _tensor(X):
    torch = _torch()
    return torch.as_tensor(np.ascontiguousarray(X), dtype=torch.float64)


def _check_widths(widths, name="widths"):
    if not isinstance(widths, (tuple, list)) or len(widths) < 2:
        raise TypeError(f"{name} must be a tuple of at least 2 layer widths like (64, 32, 16); "
                        f"got {describe(widths)}")
    if len(widths) > 10:
        raise ValueError(f"{name} may have at most 10 entries; got {len(widths)}")
    return tuple(check_int(w, name, low=1, high=MAX_WIDTH) for w in widths)


def few_label_subset(y: np.ndarray, n_per_class: int, *, random_state: Any = 0) -> np.ndarray:
    """Indices of ``n_per_class`` random samples of every class (the "few labels").

    Parameters
    ----------
    y : ndarray of shape (n_samples,)
        Integer class labels.
    n_per_class : int
        At most the size of the smallest class.
    random_state : None, int or numpy.random.Generator

    Returns
    -------
    idx : ndarray of shape (n_classes * n_per_class,)

    Examples
    --------
    >>> y = np.array([0, 0, 0, 1, 1, 2, 2, 2])
    >>> np.bincount(y[few_label_subset(y, 2)]).tolist()
    [2, 2, 2]
    """
    y = check_array(y, "y", ndim=1, dtype="int", shape_doc="(n_samples,)")
    counts = np.bincount(y - y.min())
    smallest = int(counts[counts > 0].min())
    n_per_class = check_int(n_per_class, "n_per_class", low=1, high=smallest)
    rng = check_rng(random_state)
    return np.concatenate([rng.choice(np.flatnonzero(y == c), n_per_class, replace=False)
                           for c in np.unique(y)])


def greedy_pretrain(X: np.ndarray, widths: tuple[int, ...] = (64, 32, 16), *,
                    n_epochs: int = 60, lr: float = 0.01, batch_size: int = 128,
                    random_state: int = 0) -> list[dict[str, np.ndarray]]:
    """Greedy layer-wise unsupervised pretraining of a sigmoid stack.

    Layer ``i`` is the encoder of an autoencoder ``widths[i] -> widths[i+1] -> widths[i]``
    (sigmoid code, sigmoid output) trained to reconstruct the codes of layer ``i - 1``, which
    stays fixed. No labels are used.

    Parameters
    ----------
    X : ndarray of shape (n_samples, widths[0])
        Unlabelled data, scaled to [0, 1].
    widths : tuple of int
    n_epochs, lr, batch_size
        Adam on mini-batches, for each layer.
    random_state : int

    Returns
    -------
    layers : list of dict with ``W`` of shape (widths[i+1], widths[i]) and ``b``

    Examples
    --------
    >>> X = np.random.default_rng(0).uniform(size=(50, 6))
    >>> [layer["W"].shape for layer in greedy_pretrain(X, (6, 4, 2), n_epochs=2)]
    [(4, 6), (2, 4)]
    """
    from .autoencoders import Autoencoder, train_autoencoder

    widths = _check_widths(widths)
    X = check_array(X, "X", ndim=2, shape=(None, widths[0]),
                    shape_doc=f"(n_samples, {widths[0]})")
    n_epochs = check_int(n_epochs, "n_epochs", low=1, high=10_000)
    lr = check_scalar(lr, "lr", low=0, high=10, include_low=False)
    batch_size = check_int(batch_size, "batch_size", low=1, high=10**6)
    seed = check_int(random_state, "random_state", low=0, high=2**31 - 1)
    layers, H = [], X
    for i, (a, b) in enumerate(itertools.pairwise(widths)):
        model = Autoencoder(a, b, code_activation="sigmoid", output="sigmoid",
                            random_state=seed + i)
        train_autoencoder(model, H, n_epochs=n_epochs, lr=lr, batch_size=batch_size,
                          random_state=seed + i)
        lin = model.encoder[0]
        layer = {"W": lin.weight.detach().numpy().copy(), "b": lin.bias.detach().numpy().copy()}
        layers.append(layer)
        H = 1 / (1 + np.exp(-(H @ layer["W"].T + layer["b"])))
    return layers


def make_classifier(widths: tuple[int, ...] = (64, 32, 16), n_classes: int = 10, *,
                    pretrained: list[dict[str, np.ndarray]] | None = None,
                    random_state: int = 0):
    """A sigmoid MLP ``widths[0] -> ... -> widths[-1] -> n_classes`` (logits), float64.

    Parameters
    ----------
    widths : tuple of int
    n_classes : int
    pretrained : list of dict, optional
        Layers from :func:`greedy_pretrain` to start the hidden layers from; the output layer
        is always random.
    random_state : int

    Returns
    -------
    torch.nn.Sequential

    Examples
    --------
    >>> make_classifier((6, 4), 3)
    Sequential(
      (0): Linear(in_features=6, out_features=4, bias=True)
      (1): Sigmoid()
      (2): Linear(in_features=4, out_features=3, bias=True)
    )
    """
    torch = _torch()
    widths = _check_widths(widths)
    n_classes = check_int(n_classes, "n_classes", low=2, high=MAX_WIDTH)
    seed = check_int(random_state, "random_state", low=0, high=2**63 - 1)
    if pretrained is not None:
        if not isinstance(pretrained, list) or len(pretrained) != len(widths) - 1:
            raise ValueError(f"pretrained must be a list of {len(widths) - 1} layers from "
                             f"greedy_pretrain; got {describe(pretrained)}")
        for i, layer in enumerate(pretrained):
            shape = (widths[i + 1], widths[i])
            if not isinstance(layer, dict) or np.shape(layer.get("W")) != shape:
                raise ValueError(f"pretrained[{i}] must be a dict with W of shape {shape}")
    layers = []
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        for a, b in itertools.pairwise(widths):
            layers += [torch.nn.Linear(a, b), torch.nn.Sigmoid()]
        layers.append(torch.nn.Linear(widths[-1], n_classes))
    model = torch.nn.Sequential(*layers).double()
    if pretrained is not None:
        with torch.no_grad():
            for i, layer in enumerate(pretrained):
                model[2 * i].weight.copy_(_tensor(layer["W"]))
                model[2 * i].bias.copy_(_tensor(layer["b"]))
    return model


def _check_net(model):
    torch = _torch()
    if not isinstance(model, torch.nn.Sequential):
        raise TypeError(f"model must be a network from make_classifier; got {describe(model)}")
    return model


def fine_tune(model, X: np.ndarray, y: np.ndarray, *, n_steps: int = 200, lr: float = 0.01,
              freeze: bool = False, weight_decay: float = 0.0) -> np.ndarray:
    """Train ``model`` in place on labelled data: full-batch Adam on the cross-entropy.

    Parameters
    ----------
    model : network from :func:`make_classifier`
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
        Integer labels in ``[0, n_classes)``.
    n_steps : int
    lr : float > 0
    freeze : bool
        Train only the output layer (the pretrained features stay as they are: a stronger
        regulariser).
    weight_decay : float >= 0

    Returns
    -------
    losses : ndarray of shape (n_steps,)

    Examples
    --------
    >>> X = np.random.default_rng(0).uniform(size=(20, 6)); y = np.arange(20) % 2
    >>> losses = fine_tune(make_classifier((6, 4), 2), X, y, n_steps=50)
    >>> bool(losses[-1] < losses[0])
    True
    """
    torch = _torch()
    model = _check_net(model)
    d, c = model[0].in_features, model[-1].out_features
    X = check_array(X, "X", ndim=2, shape=(None, d), shape_doc=f"(n_samples, {d})")
    y = check_array(y, "y", shape=(len(X),), dtype="int", shape_doc=f"({len(X)},)")
    if y.min() < 0 or y.max() >= c:
        raise ValueError(f"y must contain labels in [0, {c}); got values in "
                         f"[{y.min()}, {y.max()}]")
    n_steps = check_int(n_steps, "n_steps", low=1, high=MAX_STEPS)
    lr = check_scalar(lr, "lr", low=0, high=10, include_low=False)
    freeze = check_bool(freeze, "freeze")
    weight_decay = check_scalar(weight_decay, "weight_decay", low=0, high=1e3)
    params = list(model[-1].parameters()) if freeze else list(model.parameters())
    opt = torch.optim.Adam(params, lr=lr, weight_decay=weight_decay)
    Xt, yt = _tensor(X), torch.as_tensor(y)
    losses = np.empty(n_steps)
    for step in range(n_steps):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(Xt), yt)
        loss.backward()
        opt.step()
        losses[step] = float(loss.detach())
    return losses


def predict(model, X: np.ndarray) -> np.ndarray:
    """Class predictions of a network from :func:`make_classifier`.

    Parameters
    ----------
    model : network from :func:`make_classifier`
    X : ndarray of shape (n_samples, n_features)

    Returns
    -------
    ndarray of shape (n_samples,)

    Examples
    --------
    >>> predict(make_classifier((6, 4), 3), np.zeros((2, 6))).shape
    (2,)
    """
    torch = _torch()
    model = _check_net(model)
    d = model[0].in_features
    X = check_array(X, "X", ndim=2, shape=(None, d), shape_doc=f"(n_samples, {d})")
    with torch.no_grad():
        return model(_tensor(X)).argmax(dim=1).numpy()


def embed(model, X: np.ndarray) -> np.ndarray:
    """The last hidden layer's activations (the learned representation) of ``X``.

    Parameters
    ----------
    model : network from :func:`make_classifier`
    X : ndarray of shape (n_samples, n_features)

    Returns
    -------
    ndarray of shape (n_samples, widths[-1])

    Examples
    --------
    >>> embed(make_classifier((6, 4), 3), np.zeros((2, 6))).shape
    (2, 4)
    """
    torch = _torch()
    model = _check_net(model)
    d = model[0].in_features
    X = check_array(X, "X", ndim=2, shape=(None, d), shape_doc=f"(n_samples, {d})")
    with torch.no_grad():
        return model[:-1](_tensor(X)).numpy()


def one_shot_accuracy(Z: np.ndarray, y: np.ndarray, *, n_shots: int = 1, n_trials: int = 200,
                      random_state: Any = 0) -> tuple[float, float]:
    """Accuracy of nearest-class-mean classification from ``n_shots`` examples per class.

    In each trial, ``n_shots`` random samples of every class form the class means; every other
    sample is classified by the nearest mean (squared Euclidean distance in the space ``Z``).

    Parameters
    ----------
    Z : ndarray of shape (n_samples, n_dims)
        The representation: pixels, codes or embeddings.
    y : ndarray of shape (n_samples,)
    n_shots : int
    n_trials : int, at most 10_000
    random_state : None, int or numpy.random.Generator

    Returns
    -------
    mean_accuracy, standard_error : float

    Examples
    --------
    >>> Z = np.array([[0.0], [0.1], [5.0], [5.1]]); y = np.array([0, 0, 1, 1])
    >>> one_shot_accuracy(Z, y, n_trials=10)
    (1.0, 0.0)
    """
    Z = check_array(Z, "Z", ndim=2, shape_doc="(n_samples, n_dims)")
    y = check_array(y, "y", shape=(len(Z),), dtype="int", shape_doc=f"({len(Z)},)")
    n_trials = check_int(n_trials, "n_trials", low=1, high=10_000)
    classes = np.unique(y)
    if len(classes) < 2:
        raise ValueError(f"y must contain at least 2 classes; got {len(classes)}")
    smallest = int(min(np.sum(y == c) for c in classes))
    n_shots = check_int(n_shots, "n_shots", low=1, high=smallest - 1 if smallest > 1 else 1)
    rng = check_rng(random_state)
    accs = np.empty(n_trials)
    for t in range(n_trials):
        support = np.concatenate([rng.choice(np.flatnonzero(y == c), n_shots, replace=False)
                                  for c in classes])
        means = np.stack([Z[support[i * n_shots:(i + 1) * n_shots]].mean(axis=0)
                          for i in range(len(classes))])
        query = np.setdiff1d(np.arange(len(y)), support)
        pred = classes[np.argmin(sq_distances(Z[query], means), axis=1)]
        accs[t] = np.mean(pred == y[query])
    return mean_se(accs) if n_trials > 1 else (float(accs.mean()), 0.0)


def lesson_spaces(X: np.ndarray, weights: dict[str, Any]) -> dict[str, np.ndarray]:
    """Lesson 08b's four representations of the images ``X``.

    The 64 pixels; the 16-number code of the greedily pretrained stack (two sigmoid layers,
    trained without labels); and the two hidden layers (32 and 16 sigmoid units) of the
    network trained with labels on digits 0-4 only. Used by
    :class:`course_lib.viz.representation.RepresentationExplorer`.

    Parameters
    ----------
    X : ndarray of shape (n_samples, 64)
    weights : dict
        What ``course_lib.autoencoders.load_weights("pretrain")`` returns: ``layer0`` and
        ``layer1`` (dicts of tensors ``W`` and ``b``) and ``embed_0to4`` (a state dict).

    Returns
    -------
    dict of str to ndarray of shape (n_samples, width), in the order above

    Examples
    --------
    >>> from course_lib.autoencoders import load_weights
    >>> spaces = lesson_spaces(np.zeros((3, 64)), load_weights("pretrain"))
    >>> {name: Z.shape for name, Z in spaces.items()}  # doctest: +NORMALIZE_WHITESPACE
    {'pixels (64)': (3, 64), 'stacked-AE code (16)': (3, 16),
     '0-4 net, hidden layer 1 (32)': (3, 32), '0-4 net, hidden layer 2 (16)': (3, 16)}
    """
    torch = _torch()
    X = check_array(X, "X", ndim=2, shape=(None, 64), shape_doc="(n_samples, 64)")
    if not isinstance(weights, dict) or not {"layer0", "layer1", "embed_0to4"} <= set(weights):
        raise TypeError("weights must be the dict of load_weights('pretrain') with layer0, layer1 "
                        f"and embed_0to4; got {describe(weights)}")

    def layer(H, w):
        W, b = (np.asarray(w[k], dtype=np.float64) for k in ("W", "b"))
        return 1 / (1 + np.exp(-(H @ W.T + b)))

    net = make_classifier((64, 32, 16), 5)
    net.load_state_dict({k: torch.as_tensor(v).double() for k, v in weights["embed_0to4"].items()})
    with torch.no_grad():
        h1 = net[:2](_tensor(X)).numpy()
    return {"pixels (64)": X,
            "stacked-AE code (16)": layer(layer(X, weights["layer0"]), weights["layer1"]),
            "0-4 net, hidden layer 1 (32)": h1,
            "0-4 net, hidden layer 2 (16)": embed(net, X)}


# --- deep nets: does a deep sigmoid stack need pretraining? ---------------------------------

#: Bound ``a`` of the uniform initial weights U(-a, a) of a layer with ``fan_in`` inputs and
#: ``fan_out`` outputs; every bias starts at 0.
INIT_BOUNDS = {
    # Glorot & Bengio's (2010) "standard" initialisation, also torch.nn.Linear's default weights
    "standard": lambda fan_in, fan_out: 1 / math.sqrt(fan_in),
    # Glorot & Bengio's normalised initialisation, derived for units of slope 1 at 0 (tanh)
    "glorot": lambda fan_in, fan_out: math.sqrt(6 / (fan_in + fan_out)),
    # the same times 4: the sigmoid's slope at 0 is 1/4, so a layer keeps the signal's scale
    "glorot_sigmoid": lambda fan_in, fan_out: 4 * math.sqrt(6 / (fan_in + fan_out)),
    # He et al. (2015), for ReLU units: weight variance 2 / fan_in
    "he": lambda fan_in, fan_out: math.sqrt(6 / fan_in),
}
INITS = (*INIT_BOUNDS, "pretrained")
ACTIVATIONS = ("sigmoid", "relu", "tanh")


@dataclass(frozen=True)
class DeepNetRuns:
    """What :func:`train_deep_nets` measured: one row per learning rate, one column per seed.

    Attributes
    ----------
    init, activation, optimizer : str
    depth : int
        Number of hidden layers.
    lrs : ndarray of shape (n_lrs,)
    train_loss : ndarray of shape (n_lrs, n_seeds)
        Cross-entropy on the whole training set after training (NaN: the run diverged).
    test_accuracy : ndarray of shape (n_lrs, n_seeds), or None
        None without a test set.
    curves : ndarray of shape (n_lrs, n_seeds, n_epochs)
        Mean mini-batch loss of each epoch.
    init_grad_norms : ndarray of shape (n_seeds, depth + 1)
        Frobenius norm of the gradient of the training loss with respect to each layer's
        weights (input layer first) at the start, before any update.
    """

    init: str
    activation: str
    optimizer: str
    depth: int
    lrs: np.ndarray
    train_loss: np.ndarray
    test_accuracy: np.ndarray | None
    curves: np.ndarray
    init_grad_norms: np.ndarray

    @property
    def best(self) -> int:
        """Index of the learning rate with the lowest mean final training loss.

        A diverged run (NaN) counts as infinitely bad, so a rate that diverged for one seed is
        chosen only if every rate did.
        """
        loss = np.where(np.isfinite(self.train_loss), self.train_loss, np.inf).mean(axis=1)
        return int(np.argmin(loss))

    def __repr__(self) -> str:
        n_lrs, n_seeds = self.train_loss.shape
        b = self.best
        return (f"DeepNetRuns({self.depth} {self.activation} layers, init={self.init!r}, "
                f"{self.optimizer}, {n_lrs} learning rates x {n_seeds} seeds; best lr "
                f"{self.lrs[b]:g}: train loss {np.mean(self.train_loss[b]):.3f})")


def _act(torch, name):
    return {"sigmoid": torch.sigmoid, "relu": torch.relu, "tanh": torch.tanh}[name]


def _init_stacks(widths, n_classes, init, rngs):
    """Initial weights of ``len(rngs)`` nets: lists of W (S, out, in) and b (S, 1, out).

    Every init draws the same U(-1, 1) numbers from a seed's generator and scales them, so
    nets of one seed differ only by the scale; "pretrained" starts as "standard" (its hidden
    layers are replaced later).
    """
    dims = (*widths, n_classes)
    Ws, bs = [], []
    for a, b in itertools.pairwise(dims):
        bound = INIT_BOUNDS.get(init, INIT_BOUNDS["standard"])(a, b)
        Ws.append(np.stack([rng.uniform(-1, 1, size=(b, a)) for rng in rngs]) * bound)
        bs.append(np.zeros((len(rngs), 1, b)))
    return Ws, bs


def _pretrain_stacks(X, widths, rngs, *, n_epochs, lr=0.01, batch_size=128):
    """Greedy layer-wise pretraining of ``len(rngs)`` sigmoid stacks at once.

    The algorithm of :func:`greedy_pretrain` (each layer the encoder of a sigmoid autoencoder
    trained with Adam on the per-unit squared error of the codes below, which stay fixed),
    vectorised over the stacks: each has its own initial weights and batch order, and Adam
    is elementwise, so training them together is training each alone.
    """
    torch = _torch()
    S = len(rngs)
    H = _tensor(X).expand(S, -1, -1)
    n = len(X)
    Ws, bs = [], []
    for a, b in itertools.pairwise(widths):
        bound_e, bound_d = 1 / math.sqrt(a), 1 / math.sqrt(b)
        We = _tensor(np.stack([r.uniform(-1, 1, size=(b, a)) for r in rngs]) * bound_e)
        Wd = _tensor(np.stack([r.uniform(-1, 1, size=(a, b)) for r in rngs]) * bound_d)
        be = torch.zeros(S, 1, b, dtype=torch.float64)
        bd = torch.zeros(S, 1, a, dtype=torch.float64)
        params = [p.requires_grad_() for p in (We, be, Wd, bd)]
        opt = torch.optim.Adam(params, lr=lr)
        for _ in range(n_epochs):
            order = torch.as_tensor(np.stack([r.permutation(n) for r in rngs]))
            for start in range(0, n, batch_size):
                idx = order[:, start:start + batch_size]
                xb = torch.gather(H, 1, idx[:, :, None].expand(-1, -1, a))
                code = torch.sigmoid(torch.baddbmm(be, xb, We.transpose(1, 2)))
                rec = torch.sigmoid(torch.baddbmm(bd, code, Wd.transpose(1, 2)))
                loss = ((rec - xb) ** 2).mean(dim=(1, 2)).sum()
                opt.zero_grad()
                loss.backward()
                opt.step()
        with torch.no_grad():
            H = torch.sigmoid(torch.baddbmm(be, H, We.transpose(1, 2)))
        Ws.append(We.detach().numpy().copy())
        bs.append(be.detach().numpy().copy())
    return Ws, bs


def _forward(torch, Ws, bs, H, act):
    for W, b in zip(Ws[:-1], bs[:-1], strict=True):
        H = act(torch.baddbmm(b, H, W.transpose(1, 2)))
    return torch.baddbmm(bs[-1], H, Ws[-1].transpose(1, 2))


def _run_losses(torch, logits, y):
    """Mean cross-entropy of each run: logits (R, B, C), y (R, B) -> (R,)."""
    return torch.nn.functional.cross_entropy(logits.transpose(1, 2), y,
                                             reduction="none").mean(dim=1)


def _train_runs(Ws, bs, run_lrs, X, y, *, activation, optimizer, orders, batch_size):
    """Train R independent nets in place (lists of (R, ...) tensors); return (R, n_epochs).

    ``orders`` (R, n_epochs, n) gives each run's batch order. SGD: p -= lr g. Adam: torch's
    update (betas 0.9, 0.999, eps 1e-8) with each run's own learning rate.
    """
    torch = _torch()
    act = _act(torch, activation)
    params = [p.requires_grad_() for p in (*Ws, *bs)]
    L = len(Ws)
    R, n_epochs, n = orders.shape
    lr = _tensor(run_lrs).view(R, 1, 1)
    Xt, yt = _tensor(X), torch.as_tensor(y)
    m = [torch.zeros_like(p) for p in params]
    v = [torch.zeros_like(p) for p in params]
    curves = np.zeros((R, n_epochs))
    t = 0
    for epoch in range(n_epochs):
        order = torch.as_tensor(orders[:, epoch])
        for start in range(0, n, batch_size):
            idx = order[:, start:start + batch_size]
            losses = _run_losses(torch, _forward(torch, params[:L], params[L:], Xt[idx], act),
                                 yt[idx])
            grads = torch.autograd.grad(losses.sum(), params)
            t += 1
            with torch.no_grad():
                for p, g, m_, v_ in zip(params, grads, m, v, strict=True):
                    if optimizer == "sgd":
                        p.sub_(lr * g)
                        continue
                    m_.mul_(0.9).add_(g, alpha=0.1)
                    v_.mul_(0.999).addcmul_(g, g, value=0.001)
                    denom = (v_.sqrt() / math.sqrt(1 - 0.999**t)).add_(1e-8)
                    p.sub_(lr / (1 - 0.9**t) * m_ / denom)
            curves[:, epoch] += losses.detach().numpy() * idx.shape[1] / n
    return curves


def train_deep_nets(X: np.ndarray, y: np.ndarray, *, depth: int = 8, width: int = 32,
                    init: str = "standard", activation: str = "sigmoid", optimizer: str = "sgd",
                    lrs: Any = (0.1, 1.0), n_seeds: int = 5, n_epochs: int = 20,
                    batch_size: int = 64, X_unlabelled: np.ndarray | None = None,
                    pretrain_epochs: int = 10, X_test: np.ndarray | None = None,
                    y_test: np.ndarray | None = None, random_state: int = 0) -> DeepNetRuns:
    """Train ``n_seeds`` deep nets ``d -> width x depth -> n_classes`` at each learning rate.

    All ``len(lrs) * n_seeds`` nets are trained at once (batched matrix products, float64):
    they share nothing, so this is the same as training each alone. A seed fixes a net's
    initial weights, its pretraining and its batch order; the batch order and the uniform
    draws behind the initial weights depend on the seed only, so runs of one seed are paired
    across learning rates, inits and optimisers.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
        Integer labels ``0 .. n_classes - 1``.
    depth : int
        Number of hidden layers (1 to 10), each ``width`` units.
    init : {"standard", "glorot", "glorot_sigmoid", "he", "pretrained"}
        Uniform initial weights with the bounds of :data:`INIT_BOUNDS`, biases 0; or
        "pretrained": the hidden layers from greedy layer-wise pretraining of sigmoid
        autoencoders on ``X_unlabelled`` (no labels; Adam, learning rate 0.01, batches of
        128, ``pretrain_epochs`` per layer) and a "standard" output layer.
    activation : {"sigmoid", "relu", "tanh"}
        "pretrained" needs "sigmoid".
    optimizer : {"sgd", "adam"}
        Plain mini-batch SGD (no momentum) or Adam, on the mean cross-entropy of each batch.
    lrs : sequence of float > 0
    n_seeds, n_epochs, batch_size : int
    X_unlabelled : ndarray of shape (n_unlabelled, n_features), optional
        Data for pretraining; ``X`` if not given.
    pretrain_epochs : int
    X_test, y_test : ndarrays, optional
        For :attr:`DeepNetRuns.test_accuracy`.
    random_state : int

    Returns
    -------
    DeepNetRuns

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.uniform(size=(60, 4)); y = (X[:, 0] > 0.5).astype(int)
    >>> runs = train_deep_nets(X, y, depth=2, width=8, init="he", activation="relu",
    ...                        lrs=(0.1, 0.3), n_seeds=2, n_epochs=30, batch_size=20)
    >>> runs.train_loss.shape, runs.curves.shape, runs.init_grad_norms.shape
    ((2, 2), (2, 2, 30), (2, 3))
    >>> bool(runs.train_loss[runs.best].mean() < np.log(2))
    True
    """
    torch = _torch()
    X = check_array(X, "X", ndim=2, shape_doc="(n_samples, n_features)")
    n, d = X.shape
    y = check_array(y, "y", shape=(n,), dtype="int", shape_doc=f"({n},)")
    if y.min() < 0:
        raise ValueError(f"y must contain labels 0 .. n_classes - 1; got a minimum of {y.min()}")
    n_classes = int(y.max()) + 1
    if n_classes < 2:
        raise ValueError("y must contain at least 2 classes")
    depth = check_int(depth, "depth", low=1, high=10)
    width = check_int(width, "width", low=1, high=1024)
    init = check_choice(init, "init", INITS)
    activation = check_choice(activation, "activation", ACTIVATIONS)
    optimizer = check_choice(optimizer, "optimizer", ["sgd", "adam"])
    if init == "pretrained" and activation != "sigmoid":
        raise ValueError("init='pretrained' stacks sigmoid autoencoders: it needs "
                         f"activation='sigmoid'; got {activation!r}")
    lrs = check_array(lrs, "lrs", ndim=1, shape_doc="(n_lrs,)")
    if np.any(lrs <= 0) or np.any(lrs > 100):
        raise ValueError(f"lrs must lie in (0, 100]; got {lrs.tolist()}")
    n_seeds = check_int(n_seeds, "n_seeds", low=1, high=100)
    n_epochs = check_int(n_epochs, "n_epochs", low=1, high=10_000)
    batch_size = check_int(batch_size, "batch_size", low=1, high=n)
    if n_epochs * -(-n // batch_size) > MAX_STEPS:
        raise ValueError(f"n_epochs * number of batches must be at most {MAX_STEPS}")
    X_unl = X if X_unlabelled is None else check_array(
        X_unlabelled, "X_unlabelled", ndim=2, shape=(None, d), shape_doc=f"(n_samples, {d})")
    pretrain_epochs = check_int(pretrain_epochs, "pretrain_epochs", low=1, high=10_000)
    if (X_test is None) != (y_test is None):
        raise ValueError("give both X_test and y_test, or neither")
    if X_test is not None:
        X_test = check_array(X_test, "X_test", ndim=2, shape=(None, d),
                             shape_doc=f"(n_test, {d})")
        y_test = check_array(y_test, "y_test", shape=(len(X_test),), dtype="int",
                             shape_doc=f"({len(X_test)},)")
    seed = check_int(random_state, "random_state", low=0, high=2**31 - 1)

    streams = [np.random.SeedSequence([seed, s]).spawn(3) for s in range(n_seeds)]
    init_rngs, order_rngs, pre_rngs = ([np.random.default_rng(st[i]) for st in streams]
                                       for i in range(3))
    widths = (d,) + (width,) * depth
    Ws, bs = _init_stacks(widths, n_classes, init, init_rngs)
    if init == "pretrained":
        Ws[:-1], bs[:-1] = _pretrain_stacks(X_unl, widths, pre_rngs, n_epochs=pretrain_epochs)
    orders = np.stack([np.stack([r.permutation(n) for _ in range(n_epochs)])
                       for r in order_rngs])

    act = _act(torch, activation)
    Xt, yt = _tensor(X), torch.as_tensor(y)
    start = [_tensor(w).requires_grad_() for w in (*Ws, *bs)]
    full = _run_losses(torch, _forward(torch, start[:len(Ws)], start[len(Ws):],
                                       Xt.expand(n_seeds, -1, -1), act),
                       yt.expand(n_seeds, -1))
    grads = torch.autograd.grad(full.sum(), start[:len(Ws)])
    grad_norms = np.stack([g.detach().flatten(1).norm(dim=1).numpy() for g in grads], axis=1)

    n_lrs = len(lrs)
    runs = np.tile(np.arange(n_seeds), n_lrs)        # run r: lrs[r // n_seeds], seed r % n_seeds
    W_t = [_tensor(w[runs]) for w in Ws]
    b_t = [_tensor(b[runs]) for b in bs]
    curves = _train_runs(W_t, b_t, np.repeat(lrs, n_seeds), X, y, activation=activation,
                         optimizer=optimizer, orders=orders[runs], batch_size=batch_size)
    R = len(runs)
    with torch.no_grad():
        train_loss = _run_losses(torch, _forward(torch, W_t, b_t, Xt.expand(R, -1, -1), act),
                                 yt.expand(R, -1)).numpy()
        test_acc = None
        if X_test is not None:
            pred = _forward(torch, W_t, b_t, _tensor(X_test).expand(R, -1, -1), act).argmax(-1)
            test_acc = (pred == torch.as_tensor(y_test)).double().mean(dim=1).numpy()
    shape = (n_lrs, n_seeds)
    return DeepNetRuns(init=init, activation=activation, optimizer=optimizer, depth=depth,
                       lrs=lrs, train_loss=train_loss.reshape(shape),
                       test_accuracy=None if test_acc is None else test_acc.reshape(shape),
                       curves=curves.reshape(*shape, n_epochs), init_grad_norms=grad_norms)


def train_deep_methods(methods: dict[str, dict[str, Any]], X: np.ndarray, y: np.ndarray, *,
                       progress: bool = False, **common: Any) -> dict[str, DeepNetRuns]:
    """:func:`train_deep_nets` for each method: ``common`` settings, then the method's own.

    Parameters
    ----------
    methods : dict of str to dict
        Name -> keyword arguments of :func:`train_deep_nets` (``init``, ``lrs``, ...); they
        override ``common``.
    X, y : ndarrays
        The labelled training data.
    progress : bool
        A progress bar over the methods (``tqdm.auto``).
    **common
        Settings shared by every method (``depth``, ``n_epochs``, ``X_test``, ...).

    Returns
    -------
    dict of str to DeepNetRuns, in the order of ``methods``

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.uniform(size=(40, 4)); y = (X[:, 0] > 0.5).astype(int)
    >>> runs = train_deep_methods({"he": {"init": "he", "activation": "relu"},
    ...                            "standard": {}}, X, y, depth=2, width=4, n_seeds=2,
    ...                           n_epochs=2, batch_size=20)
    >>> list(runs), runs["he"].init
    (['he', 'standard'], 'he')
    """
    if not isinstance(methods, dict) or not methods:
        raise TypeError(f"methods must be a non-empty dict of name -> settings; got "
                        f"{describe(methods)}")
    for name, kw in methods.items():
        if not isinstance(kw, dict):
            raise TypeError(f"methods[{name!r}] must be a dict of train_deep_nets settings; "
                            f"got {describe(kw)}")
    progress = check_bool(progress, "progress")
    names = list(methods)
    if progress:
        from tqdm.auto import tqdm

        # the finished bar stays: see course_lib.training.compare
        names = tqdm(names, desc="methods", leave=True)
    return {name: train_deep_nets(X, y, **{**common, **methods[name]}) for name in names}
