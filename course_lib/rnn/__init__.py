"""Lesson 07, recurrent networks unfolded (``notebooks/07_recurrent_networks.ipynb``).

* :mod:`course_lib.rnn.core` (re-exported here, numpy only): the vanilla RNN forward pass and
  backpropagation through time, LSTM and GRU cells, Jacobian norms through time, gradient
  clipping, the unrolled graph, and an HMM's forward algorithm.
* :mod:`course_lib.rnn.experiments` (torch): the small trained models of the lesson
  (design patterns, teacher forcing, output-to-hidden recurrence, long lags, normalisation,
  a character model). Import it explicitly; importing this package does not load torch.
"""

from .core import (
    MAX_ELEMENTS,
    MAX_HMM_PATHS,
    clip_by_norm,
    gradient_flow,
    gru_cell,
    hmm_brute_force,
    hmm_forward,
    jacobian_norms,
    lstm_cell,
    n_params,
    non_normal_with_radius,
    orthogonal_with_radius,
    rnn_backward,
    rnn_forward,
    unrolled_graph,
)

__all__ = [
    "MAX_ELEMENTS",
    "MAX_HMM_PATHS",
    "clip_by_norm",
    "gradient_flow",
    "gru_cell",
    "hmm_brute_force",
    "hmm_forward",
    "jacobian_norms",
    "lstm_cell",
    "n_params",
    "non_normal_with_radius",
    "orthogonal_with_radius",
    "rnn_backward",
    "rnn_forward",
    "unrolled_graph",
]
