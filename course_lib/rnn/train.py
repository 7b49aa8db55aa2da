"""Re-create the shipped weights of lesson 07: ``python -m course_lib.rnn.train [adding|char]``.

Writes ``data/rnn_adding.pt`` (an RNN, an LSTM and a GRU trained on the adding problem),
``data/rnn_exposure.pt`` (a teacher-forced and a scheduled-sampling sequence generator),
``data/rnn_norm.pt`` (RNNs with no norm, per-step batch norm and layer norm) and
``data/rnn_char.pt`` (a character GRU trained on ``pydoc_data.topics``), each a dict of
tensors loadable with ``torch.load(path, weights_only=True)``. Seeded and single-threaded,
so a rerun on the same torch version gives the same file; afterwards update the checksums:
``cd data && sha256sum rnn_*.pt`` and replace the lines in ``MANIFEST.sha256``.
Takes about 15 minutes on one busy CPU core.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch

from ..validation import check_choice, check_int
from .experiments import (
    DATA,
    CharModel,
    GatedRegressor,
    _adding,
    char_corpus,
    train_generator,
    train_norm_rnn,
)

__all__ = ["train_adding", "train_char"]  # main(argv) is the command line

ADDING = {"T": 50, "H": 32, "steps": 2000, "batch": 64}
EXPOSURE = {"T": 40, "warmup": 10, "H": 32, "steps": 500, "p_max": 50}  # p_max in percent
NORM = {"T": 10, "H": 32, "steps": 800}
CHAR = {"H": 128, "E": 32, "steps": 800, "batch": 32, "T": 100}


def _save(blob: dict[str, Any], path: Path) -> None:
    blob = {k: ({m: torch.tensor(v) for m, v in val.items()} if k == "meta" else val)
            for k, val in blob.items()}
    torch.save(blob, path)


def train_adding(cell: str, *, T: int = ADDING["T"], H: int = ADDING["H"],
                 steps: int = ADDING["steps"], batch: int = ADDING["batch"],
                 seed: int = 0) -> tuple[GatedRegressor, np.ndarray]:
    """Train one :class:`GatedRegressor` on the adding problem (Adam, lr 3e-3, clip 1)."""
    cell = check_choice(cell, "cell", ["rnn", "lstm", "gru"])
    T = check_int(T, "T", low=2, high=1000)
    H = check_int(H, "H", low=1, high=512)
    steps = check_int(steps, "steps", low=1, high=100_000)
    batch = check_int(batch, "batch", low=1, high=4096)
    seed = check_int(seed, "seed", low=0, high=2**31 - 1)
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    model = GatedRegressor(cell, 2, H)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    losses = np.empty(steps, dtype=np.float32)
    for i in range(steps):
        X, y = _adding(T, batch, gen)
        loss = torch.mean((model(X) - y) ** 2)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        losses[i] = loss.item()
        if i % 250 == 0:
            print(f"{cell} step {i}: loss {losses[max(0, i - 50):i + 1].mean():.4f}", flush=True)
    return model.eval(), losses


def train_char(*, steps: int = CHAR["steps"], seed: int = 0) -> dict[str, Any]:
    """Train the character GRU on the first 90 % of :func:`char_corpus`'s text."""
    steps = check_int(steps, "steps", low=1, high=100_000)
    seed = check_int(seed, "seed", low=0, high=2**31 - 1)
    text, alphabet = char_corpus()
    split = int(0.9 * len(text))
    index = {c: i for i, c in enumerate(alphabet)}
    data = torch.tensor([index[c] for c in text[:split]])
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    model = CharModel(len(alphabet), CHAR["H"], CHAR["E"])
    untrained = {k: v.clone() for k, v in model.state_dict().items()}
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    T, B = CHAR["T"], CHAR["batch"]
    losses = np.empty(steps, dtype=np.float32)
    for i in range(steps):
        start = torch.randint(0, len(data) - T - 1, (B,), generator=gen)
        idx = torch.stack([data[s:s + T + 1] for s in start.tolist()], dim=1)
        logits, _ = model(idx[:-1])
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, len(alphabet)),
                                                 idx[1:].reshape(-1))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        losses[i] = loss.item()
        if i % 250 == 0:
            print(f"char step {i}: loss {losses[max(0, i - 50):i + 1].mean():.3f}", flush=True)
    return {"trained": model.state_dict(), "untrained": untrained, "losses": torch.tensor(losses),
            "meta": {"H": CHAR["H"], "E": CHAR["E"], "split": split, "steps": steps}}


def main(argv: list[str]) -> None:
    torch.set_num_threads(1)  # the script, not the library: same file on every machine
    what = argv or ["adding", "exposure", "norm", "char"]
    if "adding" in what:
        t0 = time.perf_counter()
        blob: dict[str, Any] = {"meta": dict(ADDING)}
        for cell in ("rnn", "lstm", "gru"):
            model, losses = train_adding(cell)
            blob[cell], blob[f"{cell}_losses"] = model.state_dict(), torch.tensor(losses)
        _save(blob, DATA / "rnn_adding.pt")
        print(f"adding: {time.perf_counter() - t0:.0f} s")
    if "exposure" in what:
        t0 = time.perf_counter()
        blob = {"meta": dict(EXPOSURE)}
        for kind, p in (("teacher", 0.0), ("scheduled", EXPOSURE["p_max"] / 100)):
            model, losses = train_generator(p, steps=EXPOSURE["steps"], T=EXPOSURE["T"],
                                            warmup=EXPOSURE["warmup"], H=EXPOSURE["H"])
            blob[kind], blob[f"{kind}_losses"] = model.state_dict(), torch.tensor(losses)
            print(f"exposure {kind}: final loss {losses[-50:].mean():.4f}", flush=True)
        _save(blob, DATA / "rnn_exposure.pt")
        print(f"exposure: {time.perf_counter() - t0:.0f} s")
    if "norm" in what:
        t0 = time.perf_counter()
        blob = {"meta": dict(NORM)}
        for kind in ("none", "batch", "layer"):
            model, losses = train_norm_rnn(kind, **NORM)
            blob[kind], blob[f"{kind}_losses"] = model.state_dict(), torch.tensor(losses)
            print(f"norm {kind}: final loss {losses[-50:].mean():.4f}", flush=True)
        _save(blob, DATA / "rnn_norm.pt")
        print(f"norm: {time.perf_counter() - t0:.0f} s")
    if "char" in what:
        t0 = time.perf_counter()
        _save(train_char(), DATA / "rnn_char.pt")
        print(f"char: {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
