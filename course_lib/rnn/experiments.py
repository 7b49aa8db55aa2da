"""The trained models of lesson 07, in torch (``notebooks/07_recurrent_networks.ipynb``).

Small, seeded, CPU-only experiments: each function builds its data, trains (or loads shipped
weights) and returns plain numbers and arrays for the notebook to print or plot.

* :func:`pattern_shapes` — the design patterns, each as a tiny runnable model.
* :class:`FeedbackRNN` — a tanh RNN with hidden-to-hidden and/or output-to-hidden recurrence;
  :func:`recurrence_experiment` trains both kinds on two tasks (one the output can carry, one
  it cannot), the output-to-hidden one with teacher forcing in a single batched pass;
  :func:`sequential_steps` measures how many steps of a forward pass must run one after
  another (the longest chain of tanh in its autograd graph).
* :func:`train_generator` and :func:`exposure_bias` — teacher forcing vs scheduled sampling,
  free-running error over the generated horizon.
* :func:`train_norm_rnn` and :func:`norm_checks` — per-time-step batch norm and layer norm
  inside an RNN.
* :func:`adding_problem` — the long-lag task. :func:`load_state` loads the models that
  :mod:`course_lib.rnn.train` trained (too slow for the notebook) from ``data/``.
* :class:`CharModel`, :func:`char_corpus`, :func:`load_char_model` — a character GRU trained on
  Python's own documentation text (``pydoc_data.topics``, PSF licence, in the standard library).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from ..validation import check_choice, check_int, check_scalar, describe

__all__ = [
    "DATA",
    "CharModel",
    "FeedbackRNN",
    "GatedRegressor",
    "adding_problem",
    "char_corpus",
    "evaluate_char_model",
    "exposure_bias",
    "load_char_model",
    "load_state",
    "norm_checks",
    "pattern_shapes",
    "recurrence_experiment",
    "sample_chars",
    "sequential_steps",
    "train_generator",
    "train_norm_rnn",
]

DATA = Path(__file__).resolve().parents[2] / "data"
_PATTERNS = ("one-to-one", "one-to-many", "many-to-one", "many-to-many (aligned)",
             "many-to-many (encoder-decoder)")


def _seed(seed: Any, name: str = "seed") -> int:
    return check_int(seed, name, low=0, high=2**31 - 1)


# -- design patterns ---------------------------------------------------------------------
def pattern_shapes(T_in: int = 5, T_out: int = 3, *, batch: int = 2, D: int = 4, H: int = 8,
                   n_out: int = 3, seed: int = 0) -> list[dict[str, Any]]:
    """Run one tiny torch model per design pattern and report the tensor shapes.

    Returns
    -------
    list of dict
        ``pattern``, ``input`` and ``output`` shapes (tuples, time first) and the number of
        recurrent steps run. One ``nn.RNN`` (plus a linear read-out) serves every pattern:
        the pattern is only *where* inputs enter and outputs are read.

    Examples
    --------
    >>> [r["output"] for r in pattern_shapes()][:3]
    [(1, 2, 3), (3, 2, 3), (1, 2, 3)]
    """
    T_in = check_int(T_in, "T_in", low=1, high=1000)
    T_out = check_int(T_out, "T_out", low=1, high=1000)
    batch = check_int(batch, "batch", low=1, high=1000)
    D, H, n_out = (check_int(v, name, low=1, high=1000)
                   for v, name in ((D, "D"), (H, "H"), (n_out, "n_out")))
    gen = torch.Generator().manual_seed(_seed(seed))
    torch.manual_seed(_seed(seed))
    cell, readout = nn.RNN(D, H).double(), nn.Linear(H, n_out).double()
    decoder = nn.RNN(D, H).double()
    rows = []
    with torch.no_grad():
        for pattern in _PATTERNS:
            if pattern == "one-to-one":
                x = torch.randn(1, batch, D, generator=gen, dtype=torch.float64)
                hs, _ = cell(x)
                y, steps = readout(hs), 1
            elif pattern == "one-to-many":  # one input, then zeros: the state drives the rest
                x = torch.randn(1, batch, D, generator=gen, dtype=torch.float64)
                padded = torch.cat([x, x.new_zeros(T_out - 1, batch, D)])
                hs, _ = cell(padded)
                y, steps = readout(hs), T_out
            elif pattern == "many-to-one":
                x = torch.randn(T_in, batch, D, generator=gen, dtype=torch.float64)
                hs, _ = cell(x)
                y, steps = readout(hs[-1:]), T_in
            elif pattern == "many-to-many (aligned)":
                x = torch.randn(T_in, batch, D, generator=gen, dtype=torch.float64)
                hs, _ = cell(x)
                y, steps = readout(hs), T_in
            else:  # encoder reads everything, its last state starts the decoder
                x = torch.randn(T_in, batch, D, generator=gen, dtype=torch.float64)
                _, h_last = cell(x)
                hs, _ = decoder(x.new_zeros(T_out, batch, D), h_last)
                y, steps = readout(hs), T_in + T_out
            rows.append({"pattern": pattern, "input": tuple(x.shape), "output": tuple(y.shape),
                         "steps": steps})
    return rows


# -- hidden-to-hidden vs output-to-hidden --------------------------------------------------
class FeedbackRNN(nn.Module):
    """``h_t = tanh(W_ih x_t + W_hh h_{t-1} + W_yh y_{t-1} + b)``, ``y_t = W_hy h_t + c``.

    Parameters
    ----------
    D, H, n_out : int
        Input, hidden and output sizes.
    recurrence : {"hidden", "output", "both"}
        Which feedback exists: ``W_hh`` (hidden-to-hidden), ``W_yh`` (output-to-hidden) or
        both.

    ``forward(X, Y_prev=None)``: with ``Y_prev`` (the *true* previous outputs, teacher
    forcing) an output-only net needs no loop at all — every ``h_t`` depends only on given
    tensors, so all ``T`` steps are one batched product. Without ``Y_prev`` (free running)
    or with hidden recurrence, it loops over time (hidden-only recurrence: ``nn.RNN``).
    """

    def __init__(self, D: int, H: int, n_out: int, recurrence: str = "hidden") -> None:
        super().__init__()
        self.recurrence = check_choice(recurrence, "recurrence", ["hidden", "output", "both"])
        D, H, n_out = (check_int(v, name, low=1, high=4096)
                       for v, name in ((D, "D"), (H, "H"), (n_out, "n_out")))
        # hidden-only recurrence is exactly torch's nn.RNN (its time loop runs in C++)
        self.rnn = nn.RNN(D, H) if recurrence == "hidden" else None
        self.W_ih = nn.Linear(D, H) if recurrence != "hidden" else None
        self.W_hh = nn.Linear(H, H, bias=False) if recurrence == "both" else None
        self.W_yh = nn.Linear(n_out, H, bias=False) if recurrence != "hidden" else None
        self.W_hy = nn.Linear(H, n_out)
        self.H, self.n_out = H, n_out

    def forward(self, X: torch.Tensor, Y_prev: torch.Tensor | None = None) -> torch.Tensor:
        T, B, _ = X.shape
        if self.rnn is not None:
            return self.W_hy(self.rnn(X)[0])
        U = self.W_ih(X)  # every input projection at once
        if self.W_hh is None and Y_prev is not None:  # teacher forcing, no hidden loop
            return self.W_hy(torch.tanh(U + self.W_yh(Y_prev)))
        h = X.new_zeros(B, self.H)
        y = X.new_zeros(B, self.n_out)
        out = []
        for t in range(T):
            z = U[t]
            if self.W_hh is not None:
                z = z + self.W_hh(h)
            if self.W_yh is not None:
                z = z + self.W_yh(Y_prev[t] if Y_prev is not None else y)
            h = torch.tanh(z)
            y = self.W_hy(h)
            out.append(y)
        return torch.stack(out)


def sequential_steps(output: torch.Tensor, op: str = "Tanh") -> int:
    """How many ``op`` applications lie one after another on the longest path of the graph
    that computed ``output``: the steps that cannot run in parallel. Used in
    ``notebooks/07_recurrent_networks.ipynb``.

    Measured, not assumed: it walks ``output.grad_fn`` back through every input (each node
    once) and counts, on the longest path, the autograd nodes whose class name contains
    ``op`` (``TanhBackward0`` for a tanh). A teacher-forced output-to-hidden RNN applies one
    tanh to all ``T`` steps at once (1); a hidden-to-hidden one chains ``T`` of them, whether
    the loop is written in Python or runs inside ``nn.RNN``.

    Parameters
    ----------
    output : torch.Tensor
        A result computed with autograd recording (``requires_grad``).
    op : str
        Part of the autograd node's class name to count.

    Returns
    -------
    int

    Examples
    --------
    >>> x = torch.ones(3, requires_grad=True)
    >>> sequential_steps(torch.tanh(torch.tanh(x) + torch.tanh(2 * x)))
    2
    """
    if not isinstance(output, torch.Tensor):
        raise TypeError(f"output must be a torch.Tensor; got {describe(output)}")
    if output.grad_fn is None:
        raise ValueError("output has no autograd graph (computed under torch.no_grad(), or "
                         "from tensors that do not require grad); nothing to measure")
    if not isinstance(op, str) or not op:
        raise TypeError(f"op must be a non-empty string; got {describe(op)}")
    depth: dict[Any, int] = {}
    stack = [(output.grad_fn, False)]
    while stack:  # iterative post-order: graphs of long sequences are deep
        node, expanded = stack.pop()
        if node in depth:
            continue
        kids = [k for k, _ in node.next_functions if k is not None]
        if expanded:
            depth[node] = (op in type(node).__name__) + max((depth[k] for k in kids), default=0)
        else:
            stack.append((node, True))
            stack.extend((k, False) for k in kids if k not in depth)
    return depth[output.grad_fn]


def _task(task: str, T: int, batch: int, gen: torch.Generator) -> tuple[torch.Tensor,
                                                                         torch.Tensor]:
    X = torch.randn(T, batch, 1, generator=gen)
    if task == "running sum":        # the output itself is the state: y_t = y_{t-1} + x_t
        Y = torch.cumsum(X, 0) / np.sqrt(T)
        return X / np.sqrt(T), Y
    Y = torch.cat([X.new_zeros(1, batch, 1), X[:-1]])  # "delayed copy": y_t = x_{t-1}
    return X, Y


def recurrence_experiment(task: str = "delayed copy", recurrence: str = "hidden", *,
                          T: int = 20, H: int = 16, steps: int = 300, batch: int = 64,
                          lr: float = 0.01, seed: int = 0) -> dict[str, Any]:
    """Train a :class:`FeedbackRNN` on a task and report its error.

    Tasks: ``"delayed copy"`` (``y_t = x_{t-1}``: the previous *input* must be remembered,
    and the previous *output* ``x_{t-2}`` does not contain it) and ``"running sum"``
    (``y_t = y_{t-1} + x_t``: the previous output is all the memory needed). Output-to-hidden
    nets are trained with teacher forcing (true ``y_{t-1}`` fed in, all steps in one pass);
    hidden-to-hidden nets with BPTT (a loop over ``T``).

    Returns
    -------
    dict
        ``train_mse`` (final training loss), ``test_mse`` (free running on new sequences:
        the net's own outputs fed back), ``baseline_mse`` (predicting 0), ``sequential_steps``
        of one training forward pass (measured by :func:`sequential_steps` on the first
        one: 1 for teacher forcing without ``W_hh``, ``T`` with it) and ``losses`` (ndarray,
        one per step).
    """
    task = check_choice(task, "task", ["delayed copy", "running sum"])
    recurrence = check_choice(recurrence, "recurrence", ["hidden", "output", "both"])
    T = check_int(T, "T", low=2, high=500)
    H = check_int(H, "H", low=1, high=512)
    steps = check_int(steps, "steps", low=1, high=20_000)
    batch = check_int(batch, "batch", low=1, high=4096)
    lr = check_scalar(lr, "lr", low=0, high=1, include_low=False)
    seed = _seed(seed)
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    net = FeedbackRNN(1, H, 1, recurrence)
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    losses = np.empty(steps)
    depth = 0
    for i in range(steps):
        X, Y = _task(task, T, batch, gen)
        Y_prev = torch.cat([Y.new_zeros(1, batch, 1), Y[:-1]])
        pred = net(X, Y_prev if recurrence != "hidden" else None)
        loss = torch.mean((pred - Y) ** 2)
        if i == 0:
            depth = sequential_steps(pred)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses[i] = loss.item()
    with torch.no_grad():
        X, Y = _task(task, T, 1000, torch.Generator().manual_seed(seed + 1))
        test = torch.mean((net(X) - Y) ** 2).item()  # free running: own outputs fed back
        base = torch.mean(Y ** 2).item()
    return {"train_mse": float(losses[-10:].mean()), "test_mse": test, "baseline_mse": base,
            "sequential_steps": depth, "losses": losses, "model": net}


# -- teacher forcing, exposure bias, scheduled sampling -----------------------------------
def _waves(n: int, T: int, gen: torch.Generator, noise: float) -> torch.Tensor:
    """Sums of two sines with random frequencies and phases, shape (T, n, 1)."""
    t = torch.arange(T, dtype=torch.float32)[:, None]
    w = 0.15 + 0.25 * torch.rand(2, n, generator=gen)
    ph = 2 * np.pi * torch.rand(2, n, generator=gen)
    y = 0.6 * torch.sin(w[0] * t + ph[0]) + 0.4 * torch.sin(w[1] * t + ph[1])
    return (y + noise * torch.randn(T, n, generator=gen))[..., None]


class _Generator(nn.Module):
    """A GRU that reads the previous value and predicts the next one."""

    def __init__(self, H: int) -> None:
        super().__init__()
        self.cell, self.out = nn.GRUCell(1, H), nn.Linear(H, 1)
        self.H = H

    def run(self, Y: torch.Tensor, p_own: float, warmup: int, gen: torch.Generator | None,
            detach: bool = True) -> torch.Tensor:
        """Predict Y[1:]; after ``warmup`` steps feed the own prediction with prob ``p_own``."""
        h = Y.new_zeros(Y.shape[1], self.H)
        preds, prev = [], Y[0]
        for t in range(1, Y.shape[0]):
            h = self.cell(prev, h)
            pred = self.out(h)
            preds.append(pred)
            if t < warmup or p_own == 0:
                prev = Y[t]
            elif p_own == 1:
                prev = pred
            else:
                own = torch.rand(Y.shape[1], 1, generator=gen) < p_own
                prev = torch.where(own, pred.detach() if detach else pred, Y[t])
        return torch.stack(preds)


def train_generator(p_max: float = 0.0, *, steps: int = 500, T: int = 40, warmup: int = 10,
                    H: int = 32, noise: float = 0.05, seed: int = 0
                    ) -> tuple[nn.Module, np.ndarray]:
    """Train a next-value GRU on random two-sine waves; return it and its training losses.

    ``p_max = 0`` is strict teacher forcing: the true previous value is always fed in.
    ``p_max > 0`` is scheduled sampling (Bengio et al., 2015): after the first ``warmup``
    steps each input is replaced by the model's own (detached) prediction with a probability
    that grows linearly from 0 to ``p_max`` over training.
    """
    p_max = check_scalar(p_max, "p_max", low=0, high=1)
    steps = check_int(steps, "steps", low=1, high=100_000)
    T = check_int(T, "T", low=3, high=1000)
    warmup = check_int(warmup, "warmup", low=1, high=T - 2)
    H = check_int(H, "H", low=1, high=512)
    noise = check_scalar(noise, "noise", low=0, high=1)
    seed = _seed(seed)
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    model = _Generator(H)
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    losses = np.empty(steps, dtype=np.float32)
    for i in range(steps):
        Y = _waves(32, T, gen, noise)
        pred = model.run(Y, p_max * i / max(steps - 1, 1), warmup, gen)
        loss = torch.mean((pred - Y[1:]) ** 2)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses[i] = loss.item()
    return model.eval(), losses


def exposure_bias(model: Any, *, T: int = 40, warmup: int = 10, n: int = 500,
                  noise: float = 0.05, seed: int = 1) -> dict[str, Any]:
    """Free-running error of a trained generator at each step of the generated horizon.

    The model sees ``warmup`` true values, then generates the rest feeding back its own
    predictions.

    Returns
    -------
    dict
        ``horizon (T - warmup,)``, ``rmse`` (same shape, over ``n`` new sequences),
        ``one_step`` (float: the error when every input is the true value, as in training),
        ``zero_rmse`` (same shape as ``rmse``: the error of predicting 0 at every step, the
        control a generator must beat) and ``example`` (truth, free-running prediction) of
        the first sequence.
    """
    if not isinstance(model, _Generator):
        raise TypeError(f"model must be a generator from train_generator; got {describe(model)}")
    T = check_int(T, "T", low=3, high=1000)
    warmup = check_int(warmup, "warmup", low=1, high=T - 2)
    n = check_int(n, "n", low=1, high=100_000)
    noise = check_scalar(noise, "noise", low=0, high=1)
    with torch.no_grad():
        Y = _waves(n, T, torch.Generator().manual_seed(_seed(seed)), noise)
        free = model.run(Y, 1.0, warmup, None)[warmup - 1:]
        forced = model.run(Y, 0.0, warmup, None)[warmup - 1:]
        rmse = torch.sqrt(torch.mean((free - Y[warmup:]) ** 2, dim=(1, 2))).numpy()
        one = float(torch.sqrt(torch.mean((forced - Y[warmup:]) ** 2)))
        zero = torch.sqrt(torch.mean(Y[warmup:] ** 2, dim=(1, 2))).numpy()
    return {"horizon": np.arange(1, T - warmup + 1), "rmse": rmse, "one_step": one,
            "zero_rmse": zero,
            "example": (Y[:, 0, 0].numpy(), np.concatenate([Y[:warmup, 0, 0].numpy(),
                                                             free[:, 0, 0].numpy()]))}


def load_state(name: str, path: Any = None) -> dict[str, Any]:
    """Models trained by :mod:`course_lib.rnn.train`, from ``data/rnn_<name>.pt``.

    ``name``: ``"adding"`` (RNN, LSTM, GRU on the adding problem), ``"exposure"`` (teacher
    forcing and scheduled sampling generators) or ``"norm"`` (batch-norm, layer-norm and plain
    RNNs). The file's SHA-256 is checked against ``data/MANIFEST.sha256`` first.

    Returns
    -------
    dict
        ``models`` (name -> module in eval mode), ``losses`` (name -> ndarray) and the
        training settings (``T``, ``H``, ``steps``...).
    """
    name = check_choice(name, "name", ["adding", "exposure", "norm"])
    if path is not None and not isinstance(path, (str, Path)):
        raise TypeError(f"path must be a str or Path, or None; got {describe(path)}")
    blob = _checked_load(Path(path) if path is not None else DATA / f"rnn_{name}.pt")
    meta = {k: int(v) for k, v in blob["meta"].items()}
    kinds = {"adding": ("rnn", "lstm", "gru"), "exposure": ("teacher", "scheduled"),
             "norm": ("none", "batch", "layer")}[name]
    models, losses = {}, {}
    for kind in kinds:
        if name == "adding":
            m = GatedRegressor(kind, 2, meta["H"])
        elif name == "exposure":
            m = _Generator(meta["H"])
        else:
            m = _NormRNN(2, meta["H"], 1, meta["T"], kind)
        m.load_state_dict(blob[kind])
        models[kind] = m.eval()
        losses[kind] = blob[f"{kind}_losses"].numpy()
    return {"models": models, "losses": losses, **meta}


# -- normalisation inside the recurrence ----------------------------------------------------
class _NormRNN(nn.Module):
    """tanh RNN with a normalisation of the recurrent pre-activation ``W_hh h_{t-1}``.

    ``"batch"``: one ``BatchNorm1d`` per time step (statistics over the batch, separately for
    each step, as in recurrent batch norm, Cooijmans et al. 2017); ``"layer"``: one
    ``LayerNorm`` (statistics over the units of each sequence, shared by all steps).
    """

    def __init__(self, D: int, H: int, n_out: int, T: int, norm: str) -> None:
        super().__init__()
        self.W_ih, self.W_hh, self.out = nn.Linear(D, H), nn.Linear(H, H, bias=False), \
            nn.Linear(H, n_out)
        self.norm = norm
        if norm == "batch":
            self.norms = nn.ModuleList(nn.BatchNorm1d(H) for _ in range(T))
        elif norm == "layer":
            self.ln = nn.LayerNorm(H)
        self.H = H

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        h = X.new_zeros(X.shape[1], self.H)
        U = self.W_ih(X)
        for t in range(X.shape[0]):
            r = self.W_hh(h)
            if self.norm == "batch":
                r = self.norms[t](r)
            elif self.norm == "layer":
                r = self.ln(r)
            h = torch.tanh(U[t] + r)
        return self.out(h)


def train_norm_rnn(norm: str = "layer", *, T: int = 10, H: int = 32, steps: int = 800,
                   batch: int = 64, seed: int = 0) -> tuple[nn.Module, np.ndarray]:
    """Train an RNN with per-step batch norm, layer norm or no norm on the adding problem."""
    norm = check_choice(norm, "norm", ["batch", "layer", "none"])
    T = check_int(T, "T", low=2, high=500)
    H = check_int(H, "H", low=1, high=512)
    steps = check_int(steps, "steps", low=1, high=100_000)
    batch = check_int(batch, "batch", low=2, high=4096)
    seed = _seed(seed)
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    net = _NormRNN(2, H, 1, T, norm)
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    losses = np.empty(steps, dtype=np.float32)
    for i in range(steps):
        X, y = _adding(T, batch, gen)
        loss = torch.mean((net(X)[:, 0] - y) ** 2)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses[i] = loss.item()
    return net.eval(), losses


def norm_checks(model: Any, *, batch: int = 64, seed: int = 1) -> dict[str, float]:
    """Test error of a :func:`train_norm_rnn` model and its dependence on batch-mates.

    Returns
    -------
    dict
        ``test_mse`` (eval mode: batch norm uses its running statistics, per step),
        ``test_mse_batch_of_1`` (the same sequences one at a time, eval mode), and
        ``batch_dependence``: how much one sequence's *training-mode* output changes when
        the other sequences of its batch are replaced (0 for layer norm, which normalises
        each sequence on its own; not 0 for batch norm).
    """
    if not isinstance(model, _NormRNN):
        raise TypeError(f"model must come from train_norm_rnn; got {describe(model)}")
    batch = check_int(batch, "batch", low=2, high=4096)
    T = len(model.norms) if model.norm == "batch" else 10
    g = torch.Generator().manual_seed(_seed(seed))
    X1, _ = _adding(T, batch, g)
    X2, _ = _adding(T, batch, g)
    X2[:, 0] = X1[:, 0]  # the same first sequence, different batch-mates
    Xt, yt = _adding(T, 100, g)
    import copy

    training = copy.deepcopy(model).train()  # training mode updates running statistics:
    with torch.no_grad():                     # use a copy, leave the caller's model as it was
        dep = (training(X1)[0] - training(X2)[0]).abs().item()
        model.eval()
        test = torch.mean((model(Xt)[:, 0] - yt) ** 2).item()
        single = torch.cat([model(Xt[:, i:i + 1]) for i in range(Xt.shape[1])])[:, 0]
        test1 = torch.mean((single - yt) ** 2).item()
    return {"test_mse": test, "test_mse_batch_of_1": test1, "batch_dependence": dep}


# -- the adding problem ------------------------------------------------------------------
def _adding(T: int, n: int, gen: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    values = torch.rand(T, n, generator=gen)
    marks = torch.zeros(T, n)
    half = T // 2
    first = torch.randint(0, half, (n,), generator=gen)
    second = torch.randint(half, T, (n,), generator=gen)
    idx = torch.arange(n)
    marks[first, idx] = 1.0
    marks[second, idx] = 1.0
    y = values[first, idx] + values[second, idx]
    return torch.stack([values, marks], dim=2), y


def adding_problem(T: int, n: int, *, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The adding problem (Hochreiter & Schmidhuber 1997): add the two marked numbers.

    Each sequence holds ``T`` pairs (value uniform in [0, 1), mark 0 or 1); exactly one mark
    is in the first half and one in the second. The target is the sum of the two marked
    values. Predicting the constant 1 gives a mean squared error of 1/6 ≈ 0.167.

    Returns
    -------
    X : ndarray of shape (T, n, 2), float32
    y : ndarray of shape (n,), float32

    Examples
    --------
    >>> X, y = adding_problem(10, 3)
    >>> X.shape, X[:, :, 1].sum(axis=0).tolist()
    ((10, 3, 2), [2.0, 2.0, 2.0])
    """
    T = check_int(T, "T", low=2, high=10_000)
    n = check_int(n, "n", low=1, high=100_000)
    if T * n > 10_000_000:
        raise ValueError(f"T * n must be at most 10,000,000 (memory); got {T * n:,}")
    X, y = _adding(T, n, torch.Generator().manual_seed(_seed(seed)))
    return X.numpy(), y.numpy()


class GatedRegressor(nn.Module):
    """One ``nn.RNN`` / ``nn.LSTM`` / ``nn.GRU`` layer and a linear read-out of the last state."""

    def __init__(self, cell: str, D: int = 2, H: int = 32) -> None:
        super().__init__()
        cell = check_choice(cell, "cell", ["rnn", "lstm", "gru"])
        D = check_int(D, "D", low=1, high=4096)
        H = check_int(H, "H", low=1, high=4096)
        self.rnn = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[cell](D, H)
        self.out = nn.Linear(H, 1)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        hs, _ = self.rnn(X)
        return self.out(hs[-1])[:, 0]


def _checked_load(path: Path) -> dict[str, Any]:
    """``torch.load`` (weights only) after checking the file's SHA-256 in the manifest."""
    if not path.is_file():
        raise ValueError(f"path must be an existing .pt file; got {str(path)!r}")
    manifest = (DATA / "MANIFEST.sha256").read_text().splitlines()
    want = [line.split()[0] for line in manifest
            if not line.startswith("#") and line.split()[-1:] == [path.name]]
    got = hashlib.sha256(path.read_bytes()).hexdigest()
    if want != [got]:
        raise ValueError(f"{path.name}: SHA-256 {got[:12]}... is not the one in "
                         "data/MANIFEST.sha256; re-create it with "
                         "`python -m course_lib.rnn.train`")
    return torch.load(path, weights_only=True)


# -- a character model -----------------------------------------------------------------
def char_corpus() -> tuple[str, str]:
    """Python's documentation topics (``pydoc_data.topics``, PSF licence) and its alphabet.

    Characters outside printable ASCII become ``"?"``; the alphabet is sorted.

    Returns
    -------
    text : str
        About 465 000 characters.
    alphabet : str
    """
    from pydoc_data.topics import topics

    raw = "\n\n".join(topics[k] for k in sorted(topics))
    text = "".join(ch if (32 <= ord(ch) < 127 or ch == "\n") else "?" for ch in raw)
    return text, "".join(sorted(set(text)))


class CharModel(nn.Module):
    """Embedding → one GRU layer → linear scores over the alphabet."""

    def __init__(self, n_chars: int, H: int = 128, E: int = 32) -> None:
        super().__init__()
        n_chars = check_int(n_chars, "n_chars", low=2, high=10_000)
        H = check_int(H, "H", low=1, high=2048)
        E = check_int(E, "E", low=1, high=2048)
        self.embed, self.gru, self.out = nn.Embedding(n_chars, E), nn.GRU(E, H), \
            nn.Linear(H, n_chars)

    def forward(self, idx: torch.Tensor, h: torch.Tensor | None = None
                ) -> tuple[torch.Tensor, torch.Tensor]:
        hs, h = self.gru(self.embed(idx), h)
        return self.out(hs), h


def sample_chars(model: Any, alphabet: str, prompt: str, n: int = 200, *,
                 temperature: float = 0.8, seed: int = 0) -> str:
    """Generate ``n`` characters after ``prompt``, sampling from the model's softmax."""
    if not isinstance(model, CharModel):
        raise TypeError(f"model must be a CharModel; got {describe(model)}")
    if not isinstance(alphabet, str) or not isinstance(prompt, str) or not prompt:
        raise TypeError("alphabet and prompt must be strings, prompt not empty")
    bad = sorted(set(prompt) - set(alphabet))
    if bad:
        raise ValueError(f"prompt holds characters outside the alphabet: {bad[:5]}")
    n = check_int(n, "n", low=1, high=100_000)
    temperature = check_scalar(temperature, "temperature", low=0, include_low=False, high=100)
    gen = torch.Generator().manual_seed(_seed(seed))
    index = {c: i for i, c in enumerate(alphabet)}
    with torch.no_grad():
        logits, h = model(torch.tensor([[index[c]] for c in prompt]))
        out = []
        for _ in range(n):
            probs = torch.softmax(logits[-1, 0] / temperature, dim=0)
            k = int(torch.multinomial(probs, 1, generator=gen))
            out.append(alphabet[k])
            logits, h = model(torch.tensor([[k]]), h)
    return "".join(out)


def evaluate_char_model(model: Any, text: str, alphabet: str) -> float:
    """Cross-entropy in bits per character of ``model`` on ``text`` (next-char prediction)."""
    if not isinstance(model, CharModel):
        raise TypeError(f"model must be a CharModel; got {describe(model)}")
    if not isinstance(text, str) or len(text) < 2:
        raise ValueError(f"text must be a string of at least 2 characters; got {describe(text)}")
    if not isinstance(alphabet, str) or len(alphabet) < 2:
        raise TypeError(f"alphabet must be a string of at least 2 characters; "
                        f"got {describe(alphabet)}")
    if len(text) > 1_000_000:
        raise ValueError(f"text must be at most 1,000,000 characters; got {len(text):,}")
    index = {c: i for i, c in enumerate(alphabet)}
    idx = torch.tensor([index.get(c, index.get("?", 0)) for c in text])
    with torch.no_grad():
        logits, _ = model(idx[:-1, None])
        nll = nn.functional.cross_entropy(logits[:, 0], idx[1:])
    return float(nll) / np.log(2)


def load_char_model(path: Any = None) -> dict[str, Any]:
    """The character model trained by :mod:`course_lib.rnn.train`, and a fresh untrained one.

    Returns
    -------
    dict
        ``trained`` and ``untrained`` (:class:`CharModel`, eval mode, the untrained one with
        the initial weights of the training run), ``alphabet``, ``losses`` (ndarray),
        ``split`` (index of the first held-out character of :func:`char_corpus`'s text),
        ``steps``.
    """
    path = Path(DATA / "rnn_char.pt" if path is None else path) if isinstance(
        path, (str, Path, type(None))) else None
    if path is None:
        raise TypeError("path must be a str or Path to a .pt file, or None")
    blob = _checked_load(path)
    meta = {k: int(v) for k, v in blob["meta"].items()}
    _, alphabet = char_corpus()
    models = {}
    for name in ("trained", "untrained"):
        m = CharModel(len(alphabet), meta["H"], meta["E"])
        m.load_state_dict(blob[name])
        models[name] = m.eval()
    return {**models, "alphabet": alphabet, "losses": blob["losses"].numpy(), **meta}
