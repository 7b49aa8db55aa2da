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
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from .stats import mean_se
from .units import sq_distances
from .validation import check_array, check_bool, check_int, check_rng, check_scalar, describe

__all__ = [
    "embed",
    "few_label_subset",
    "fine_tune",
    "greedy_pretrain",
    "lesson_spaces",
    "make_classifier",
    "one_shot_accuracy",
    "predict",
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
