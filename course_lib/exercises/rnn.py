"""Lesson 07 exercises: one RNN step forward, one step of BPTT, one LSTM step."""

from __future__ import annotations

import numpy as np

from .. import rnn as ref
from .core import Exercise, Mistake, register

LESSON = "07_recurrent_networks"


def _sig(z):
    return 1.0 / (1.0 + np.exp(-z))


# --- rnn_step ---------------------------------------------------------------------------------
def _step_case(rng: np.random.Generator) -> dict:
    B, D = int(rng.integers(1, 4)), int(rng.integers(1, 4))
    H = D + int(rng.integers(1, 3))  # H != D, so a transposed weight cannot slip through
    return {"x": rng.normal(size=(B, D)).round(2), "h_prev": rng.uniform(-1, 1, (B, H)).round(2),
            "W_ih": rng.normal(size=(H, D)).round(2), "W_hh": rng.normal(size=(H, H)).round(2),
            "b_ih": rng.normal(size=H).round(2), "b_hh": rng.normal(size=H).round(2)}


def _step_reference(x, h_prev, W_ih, W_hh, b_ih, b_hh):
    params = {"W_ih": W_ih, "W_hh": W_hh, "b_ih": b_ih, "b_hh": b_hh}
    return ref.rnn_forward(x[None], h_prev, params)[0][0]


def _step_solution(x, h_prev, W_ih, W_hh, b_ih, b_hh):
    # rows are samples, so the weights act from the right, transposed (torch's convention)
    return np.tanh(x @ W_ih.T + b_ih + h_prev @ W_hh.T + b_hh)


register(Exercise(
    name="rnn_step",
    lesson=LESSON,
    reference=_step_reference,
    make_case=_step_case,
    solution=_step_solution,
    hints=(
        "h_t = tanh(x_t W_ihᵀ + b_ih + h_{t-1} W_hhᵀ + b_hh); x is (batch, D), h_prev is "
        "(batch, H).",
        "Each row of x is one sequence's input: multiply by W_ih.T (shape (D, H)), not W_ih.",
    ),
    mistakes=(
        Mistake(lambda x, h_prev, W_ih, W_hh, b_ih, b_hh:
                x @ W_ih.T + b_ih + h_prev @ W_hh.T + b_hh,
                "the tanh is missing: the new state is tanh of the pre-activation."),
        Mistake(lambda x, h_prev, W_ih, W_hh, b_ih, b_hh:
                np.tanh(x @ W_ih.T + b_ih + h_prev @ W_hh + b_hh),
                "W_hh is used untransposed: with one sample per row, use h_prev @ W_hh.T."),
        Mistake(lambda x, h_prev, W_ih, W_hh, b_ih, b_hh: np.tanh(x @ W_ih.T + b_ih + b_hh),
                "the previous state h_prev is left out: that is a feed-forward layer, not a "
                "recurrent one."),
        Mistake(lambda x, h_prev, W_ih, W_hh, b_ih, b_hh:
                np.tanh(x @ W_ih.T + h_prev @ W_hh.T),
                "the biases b_ih and b_hh are missing (torch has both; they add up)."),
    ),
))


# --- rnn_step_backward --------------------------------------------------------------------------
def _back_case(rng: np.random.Generator) -> dict:
    B, H = int(rng.integers(1, 4)), int(rng.integers(2, 5))
    return {"dh_out": rng.normal(size=(B, H)).round(2), "dh_next": rng.normal(size=(B, H)).round(2),
            "h": rng.uniform(-0.95, 0.95, (B, H)).round(2),
            "W_hh": rng.normal(size=(H, H)).round(2)}


def _back_reference(dh_out, dh_next, h, W_hh):
    # one step of rnn_backward: a one-step cache whose h0 is unused by dh_prev
    B, H = h.shape
    cache = {"X": np.zeros((1, B, 1)), "h0": np.zeros((B, H)), "H": h[None],
             "W_ih": np.zeros((H, 1)), "W_hh": W_hh}
    return ref.rnn_backward((dh_out + dh_next)[None], cache)["h0"]


def _back_solution(dh_out, dh_next, h, W_hh):
    dh = dh_out + dh_next          # h_t feeds the output AND the next step: add both
    dz = dh * (1.0 - h ** 2)       # back through tanh: tanh'(z) = 1 - tanh(z)^2 = 1 - h^2
    return dz @ W_hh               # z = h_prev @ W_hh.T + ...  =>  dL/dh_prev = dz @ W_hh


register(Exercise(
    name="rnn_step_backward",
    lesson=LESSON,
    reference=_back_reference,
    make_case=_back_case,
    solution=_back_solution,
    hints=(
        "h_t = tanh(z_t) with z_t = x_t W_ihᵀ + h_{t-1} W_hhᵀ + b. The gradient at h_t is the "
        "sum of what the output sends (dh_out) and what step t+1 sends (dh_next).",
        "Back through tanh: multiply by 1 - h**2. Then through z = h_prev @ W_hh.T: "
        "dL/dh_prev = dz @ W_hh.",
    ),
    mistakes=(
        Mistake(lambda dh_out, dh_next, h, W_hh: (dh_out + dh_next) @ W_hh,
                "the tanh derivative is missing: multiply by (1 - h**2) before W_hh."),
        Mistake(lambda dh_out, dh_next, h, W_hh: ((dh_out + dh_next) * (1 - h ** 2)) @ W_hh.T,
                "W_hh is transposed: z = h_prev @ W_hh.T, so the gradient is dz @ W_hh."),
        Mistake(lambda dh_out, dh_next, h, W_hh: (dh_out * (1 - h ** 2)) @ W_hh,
                "the carried gradient dh_next is forgotten: h_t also influences the loss "
                "through h_{t+1}; add dh_next to dh_out first."),
        Mistake(lambda dh_out, dh_next, h, W_hh: ((dh_out + dh_next) * (1 - np.tanh(h) ** 2))
                @ W_hh,
                "tanh is applied twice: h already is tanh(z), so tanh'(z) = 1 - h**2."),
    ),
))


# --- lstm_step ------------------------------------------------------------------------------
def _lstm_case(rng: np.random.Generator) -> dict:
    B, D, H = int(rng.integers(1, 3)), int(rng.integers(1, 4)), int(rng.integers(1, 4))
    return {"x": rng.normal(size=(B, D)).round(2), "h_prev": rng.uniform(-1, 1, (B, H)).round(2),
            "c_prev": rng.normal(size=(B, H)).round(2),
            "W_ih": rng.normal(size=(4 * H, D)).round(2),
            "W_hh": rng.normal(size=(4 * H, H)).round(2),
            "b_ih": rng.normal(size=4 * H).round(2), "b_hh": rng.normal(size=4 * H).round(2)}


def _lstm_reference(x, h_prev, c_prev, W_ih, W_hh, b_ih, b_hh):
    out = ref.lstm_cell(x, h_prev, c_prev, {"W_ih": W_ih, "W_hh": W_hh, "b_ih": b_ih,
                                            "b_hh": b_hh})
    return out["h"], out["c"]


def _lstm_solution(x, h_prev, c_prev, W_ih, W_hh, b_ih, b_hh):
    z = x @ W_ih.T + b_ih + h_prev @ W_hh.T + b_hh      # (batch, 4H): blocks i, f, g, o
    zi, zf, zg, zo = np.split(z, 4, axis=1)
    i, f, o = (1 / (1 + np.exp(-zi)), 1 / (1 + np.exp(-zf)), 1 / (1 + np.exp(-zo)))
    g = np.tanh(zg)
    c = f * c_prev + i * g
    return o * np.tanh(c), c


def _lstm_wrong(order=(0, 1, 2, 3), squash_c=True, g_act=np.tanh, keep=True):
    def wrong(x, h_prev, c_prev, W_ih, W_hh, b_ih, b_hh):
        blocks = np.split(x @ W_ih.T + b_ih + h_prev @ W_hh.T + b_hh, 4, axis=1)
        zi, zf, zg, zo = (blocks[k] for k in order)
        c = (_sig(zf) * c_prev if keep else 0) + _sig(zi) * g_act(zg)
        return _sig(zo) * (np.tanh(c) if squash_c else c), c
    return wrong


register(Exercise(
    name="lstm_step",
    lesson=LESSON,
    reference=_lstm_reference,
    make_case=_lstm_case,
    solution=_lstm_solution,
    hints=(
        "Compute z = x W_ihᵀ + b_ih + h_prev W_hhᵀ + b_hh, split it into four blocks in torch's "
        "order i, f, g, o; i, f, o go through a sigmoid, g through tanh.",
        "c = f * c_prev + i * g; h = o * tanh(c). Return the pair (h, c).",
    ),
    mistakes=(
        Mistake(_lstm_wrong(order=(0, 1, 3, 2)),
                "gate order: torch stores the blocks as i, f, g, o (the candidate g third)."),
        Mistake(_lstm_wrong(squash_c=False),
                "h = o * tanh(c): the cell state is squashed by tanh before the output gate."),
        Mistake(_lstm_wrong(g_act=_sig),
                "the candidate g uses tanh (values in (-1, 1)), not a sigmoid."),
        Mistake(_lstm_wrong(keep=False),
                "the forget gate must keep part of the old cell: c = f * c_prev + i * g."),
    ),
))
