"""Lesson 07 benchmarks: numpy BPTT against torch autograd, and the gradient-flow widget.

``bptt_numpy_vs_torch_ratio/float64`` and ``/float32``: the time of one forward + backward
pass of a tanh RNN (T = 100, batch 32, H = 64, D = 16) with ``course_lib.rnn`` (numpy) divided
by the same with ``torch.nn.RNN`` + autograd, in the same run and the same precision, on one
thread (below 1: numpy is faster). Both are timed interleaved, best of several rounds.
float64 goes through the public, validated ``rnn_forward``/``rnn_backward``; float32 through
the same code without the door checks (which would convert to float64).
"""

from __future__ import annotations

import numpy as np
import torch
from common import figure, interleaved_best, widget_update_ms

from course_lib import rnn
from course_lib.rnn.core import _rnn_backward, _rnn_forward
from course_lib.viz.rnn import GradientFlowExplorer

T, BATCH, H, D = 100, 32, 64, 16


def _pair(dtype: str) -> tuple:
    rng = np.random.default_rng(0)
    torch_dtype = {"float64": torch.float64, "float32": torch.float32}[dtype]
    net = torch.nn.RNN(D, H).to(torch_dtype)
    p = {"W_ih": net.weight_ih_l0, "W_hh": net.weight_hh_l0, "b_ih": net.bias_ih_l0,
         "b_hh": net.bias_hh_l0}
    p = {k: v.detach().numpy().copy() for k, v in p.items()}
    X = rng.normal(size=(T, BATCH, D)).astype(dtype)
    h0 = np.zeros((BATCH, H), dtype)
    dH = rng.normal(size=(T, BATCH, H)).astype(dtype)
    Xt, dHt = torch.tensor(X), torch.tensor(dH)

    def numpy_pass():
        if dtype == "float64":
            _, cache = rnn.rnn_forward(X, h0, p)
            return rnn.rnn_backward(dH, cache)
        _, cache = _rnn_forward(X, h0, p)
        return _rnn_backward(dH, cache)

    def torch_pass():
        net.zero_grad(set_to_none=True)
        out, _ = net(Xt)
        out.backward(dHt)

    return numpy_pass, torch_pass


def collect() -> dict[str, dict]:
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        results = {}
        for dtype in ("float64", "float32"):
            numpy_pass, torch_pass = _pair(dtype)
            t_np, t_torch = interleaved_best([numpy_pass, torch_pass], rounds=15)
            results[f"bptt_numpy_vs_torch_ratio/{dtype}"] = figure(
                t_np / t_torch, "ratio",
                f"numpy {1e3 * t_np:.2f} ms / torch autograd {1e3 * t_torch:.2f} ms, "
                f"forward+backward, T={T}, batch {BATCH}, H={H}, D={D}, {dtype}, 1 thread")
        app = GradientFlowExplorer()
        med, p90 = widget_update_ms(app, "spectral_radius",
                                    [round(0.5 + 0.05 * i, 2) for i in range(21)] * 2)
        results["widget_update_ms/gradient_flow"] = figure(
            med, "ms", f"median of 42 spectral-radius steps at T=100 (p90 {p90:.0f} ms)")
        return results
    finally:
        torch.set_num_threads(threads)
