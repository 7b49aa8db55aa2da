"""Recurrent networks in numpy: forward, BPTT, gated cells, Jacobians, an HMM filter.

Used by ``notebooks/07_recurrent_networks.ipynb``. Conventions (the same as ``torch.nn.RNN``
with ``batch_first=False``, so the weights can be copied between the two):

* ``X`` has shape ``(T, batch, D)``; hidden states ``H`` have shape ``(T, batch, H)``;
  ``h0`` has shape ``(batch, H)``.
* ``params`` is a dict with ``W_ih (H, D)``, ``W_hh (H, H)``, ``b_ih (H,)``, ``b_hh (H,)`` and
  ``h_t = tanh(x_t W_ihᵀ + b_ih + h_{t-1} W_hhᵀ + b_hh)``.
* A loss is *summed* over the time steps; over the batch, the caller chooses (the notebook
  and the tests use the batch mean, so ``dH`` carries a factor ``1 / batch``).
  :func:`rnn_backward` takes ``dH = ∂L/∂H`` — the gradient arriving at each ``h_t`` from the
  outputs — and adds the gradient carried back from ``h_{t+1}`` itself: that sum is BPTT.
* Gated cells follow torch's gate order: LSTM ``(i, f, g, o)``, GRU ``(r, z, n)``.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from ..validation import check_array, check_choice, check_int, check_scalar, describe

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
    "orthogonal_with_radius",
    "rnn_backward",
    "rnn_forward",
    "unrolled_graph",
]

#: Cap on the elements of any array a function here allocates (8e7 doubles = 640 MB).
MAX_ELEMENTS = 80_000_000
#: Cap on the number of state paths :func:`hmm_brute_force` enumerates (it is a test oracle).
MAX_HMM_PATHS = 2_000_000
_RNN_KEYS = ("W_ih", "W_hh", "b_ih", "b_hh")


def _check_params(params: Any, name: str, n_gates: int, D: int | None = None
                  ) -> dict[str, np.ndarray]:
    """Check a dict of torch-shaped RNN/LSTM/GRU weights; return float64 copies-by-view."""
    if not isinstance(params, dict):
        raise TypeError(f"{name} must be a dict with keys {list(_RNN_KEYS)}; "
                        f"got {describe(params)}")
    missing = [k for k in _RNN_KEYS if k not in params]
    if missing:
        raise ValueError(f"{name} is missing the key(s) {missing}; expected {list(_RNN_KEYS)}")
    W_hh = check_array(params["W_hh"], f"{name}['W_hh']", ndim=2, shape_doc="(G*H, H)")
    H = W_hh.shape[1]
    G = n_gates * H
    W_hh = check_array(W_hh, f"{name}['W_hh']", shape=(G, H), shape_doc=f"({G}, {H}) = "
                       f"({n_gates}*H, H)")
    W_ih = check_array(params["W_ih"], f"{name}['W_ih']", shape=(G, D),
                       shape_doc=f"({G}, {'D' if D is None else D})")
    b_ih = check_array(params["b_ih"], f"{name}['b_ih']", shape=(G,), shape_doc=f"({G},)")
    b_hh = check_array(params["b_hh"], f"{name}['b_hh']", shape=(G,), shape_doc=f"({G},)")
    return {"W_ih": W_ih, "W_hh": W_hh, "b_ih": b_ih, "b_hh": b_hh}


def _check_size(n: int, what: str) -> None:
    if n > MAX_ELEMENTS:
        raise ValueError(f"{what} would hold {n:,} numbers, over the limit of "
                         f"{MAX_ELEMENTS:,} (MAX_ELEMENTS, about 640 MB); use smaller sizes")


# -- vanilla RNN: forward and BPTT ------------------------------------------------------------
def rnn_forward(X: Any, h0: Any, params: dict[str, Any]
                ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Run a tanh RNN over a batch of sequences.

    Parameters
    ----------
    X : ndarray of shape (T, batch, D)
    h0 : ndarray of shape (batch, H)
    params : dict
        ``W_ih (H, D)``, ``W_hh (H, H)``, ``b_ih (H,)``, ``b_hh (H,)`` (torch's names).

    Returns
    -------
    H : ndarray of shape (T, batch, H)
        ``H[t] = tanh(X[t] W_ihᵀ + b_ih + H[t-1] W_hhᵀ + b_hh)`` with ``H[-1] = h0``.
    cache : dict
        What :func:`rnn_backward` needs (inputs, states, weights).

    Notes
    -----
    The input projection of all time steps is one matrix product; only the recurrence,
    which needs ``h_{t-1}``, loops over time.

    Examples
    --------
    >>> p = {"W_ih": np.eye(2), "W_hh": np.zeros((2, 2)), "b_ih": np.zeros(2), "b_hh": np.zeros(2)}
    >>> H, cache = rnn_forward(np.zeros((3, 1, 2)), np.zeros((1, 2)), p)
    >>> H.shape
    (3, 1, 2)
    """
    X = check_array(X, "X", ndim=3, shape_doc="(T, batch, D)")
    T, B, D = X.shape
    p = _check_params(params, "params", 1, D)
    Hn = p["W_hh"].shape[0]
    h0 = check_array(h0, "h0", shape=(B, Hn),
                     shape_doc=f"(batch, H) = ({B}, {Hn}), with batch as in X")
    _check_size(T * B * Hn, "H")
    return _rnn_forward(X, h0, p)


def _rnn_forward(X: np.ndarray, h0: np.ndarray, p: dict[str, np.ndarray]
                 ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """:func:`rnn_forward` without checks; keeps the dtype of its inputs (float32 too)."""
    T, B, _ = X.shape
    W_hhT = p["W_hh"].T
    # all input projections at once: one (T*B, D) @ (D, H) product
    Hs = (X.reshape(T * B, -1) @ p["W_ih"].T).reshape(T, B, -1)
    Hs += p["b_ih"] + p["b_hh"]
    h = h0
    for t in range(T):  # the only loop: h_t needs h_{t-1}
        z = Hs[t]
        z += h @ W_hhT
        np.tanh(z, out=z)
        h = z
    return Hs, {"X": X, "h0": h0, "H": Hs, "W_ih": p["W_ih"], "W_hh": p["W_hh"]}


def rnn_backward(dH: Any, cache: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Backpropagation through time for :func:`rnn_forward`.

    Parameters
    ----------
    dH : ndarray of shape (T, batch, H)
        ``∂L/∂h_t`` from the outputs at each step (zeros where a step has no loss).
    cache : dict
        The second value returned by :func:`rnn_forward`.

    Returns
    -------
    grads : dict
        ``W_ih (H, D)``, ``W_hh (H, H)``, ``b_ih (H,)``, ``b_hh (H,)``, ``X (T, batch, D)`` and
        ``h0 (batch, H)``: the gradients of ``L`` with respect to each.

    Notes
    -----
    Walking back in time, the gradient at ``h_t`` is ``dH[t]`` *plus* what ``h_{t+1}`` sends
    back, ``dZ_{t+1} W_hh``; then ``dZ_t = (that) * (1 - h_t²)`` (tanh' from the stored
    output). The weight gradients are sums over time; they are formed after the loop as
    single matrix products over all ``T * batch`` rows, so the loop does one small product
    per step. No Jacobian matrix is ever built.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> p = {"W_ih": rng.normal(size=(3, 2)), "W_hh": rng.normal(size=(3, 3)),
    ...      "b_ih": np.zeros(3), "b_hh": np.zeros(3)}
    >>> H, cache = rnn_forward(rng.normal(size=(4, 5, 2)), np.zeros((5, 3)), p)
    >>> sorted(rnn_backward(np.ones_like(H), cache))
    ['W_hh', 'W_ih', 'X', 'b_hh', 'b_ih', 'h0']
    """
    if not isinstance(cache, dict) or not {"X", "h0", "H", "W_ih", "W_hh"} <= set(cache):
        raise TypeError("cache must be the dict returned by rnn_forward (keys X, h0, H, W_ih, "
                        f"W_hh); got {describe(cache)}")
    dH = check_array(dH, "dH", shape=cache["H"].shape,
                     shape_doc=f"(T, batch, H) = {cache['H'].shape}, the shape of H")
    return _rnn_backward(dH, cache)


def _rnn_backward(dH: np.ndarray, cache: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """:func:`rnn_backward` without checks; keeps the dtype."""
    X, h0, Hs, W_hh = cache["X"], cache["h0"], cache["H"], cache["W_hh"]
    T, B, Hn = Hs.shape
    dZ = np.empty_like(Hs)
    carry = np.zeros_like(h0)
    for t in range(T - 1, -1, -1):  # the carried gradient flows backwards through W_hh
        d = dZ[t]
        np.add(dH[t], carry, out=d)
        d *= 1.0 - Hs[t] * Hs[t]
        carry = d @ W_hh
    dZ2 = dZ.reshape(T * B, Hn)
    H_prev = np.concatenate([h0[None], Hs[:-1]]).reshape(T * B, Hn)
    db = dZ2.sum(axis=0)
    return {"W_ih": dZ2.T @ X.reshape(T * B, -1), "W_hh": dZ2.T @ H_prev,
            "b_ih": db, "b_hh": db.copy(), "X": (dZ2 @ cache["W_ih"]).reshape(X.shape),
            "h0": carry}


# -- gated cells ----------------------------------------------------------------------------
def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # no overflow for large |z|


def _check_cell_inputs(x: Any, h: Any, params: Any, n_gates: int
                       ) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    x = check_array(x, "x", ndim=2, shape_doc="(batch, D)")
    p = _check_params(params, "params", n_gates, x.shape[1])
    Hn = p["W_hh"].shape[1]
    h = check_array(h, "h", shape=(x.shape[0], Hn), shape_doc=f"(batch, H) = "
                    f"({x.shape[0]}, {Hn})")
    return x, h, p


def lstm_cell(x: Any, h: Any, c: Any, params: dict[str, Any]) -> dict[str, np.ndarray]:
    """One LSTM step with torch's parametrisation (``torch.nn.LSTMCell``).

    Parameters
    ----------
    x : ndarray of shape (batch, D)
    h, c : ndarray of shape (batch, H)
        Previous hidden and cell state.
    params : dict
        ``W_ih (4H, D)``, ``W_hh (4H, H)``, ``b_ih (4H,)``, ``b_hh (4H,)``, gate blocks in the
        order input ``i``, forget ``f``, candidate ``g``, output ``o``.

    Returns
    -------
    dict
        ``h``, ``c`` (batch, H) the new states and the gates ``i``, ``f``, ``g``, ``o``:
        ``c' = f * c + i * g`` and ``h' = o * tanh(c')``.

    Examples
    --------
    >>> p = {k: np.zeros((8, 1)) if k[0] == "W" else np.zeros(8)
    ...      for k in ("W_ih", "W_hh", "b_ih", "b_hh")}
    >>> p["W_hh"] = np.zeros((8, 2))
    >>> out = lstm_cell(np.ones((1, 1)), np.zeros((1, 2)), np.ones((1, 2)), p)
    >>> out["c"].tolist()   # f = 0.5 keeps half of c; g = 0 adds nothing
    [[0.5, 0.5]]
    """
    x, h, p = _check_cell_inputs(x, h, params, 4)
    c = check_array(c, "c", shape=h.shape, shape_doc=f"(batch, H) = {h.shape}")
    Z = x @ p["W_ih"].T + p["b_ih"] + h @ p["W_hh"].T + p["b_hh"]
    zi, zf, zg, zo = np.split(Z, 4, axis=1)
    i, f, g, o = _sigmoid(zi), _sigmoid(zf), np.tanh(zg), _sigmoid(zo)
    c_new = f * c + i * g
    return {"h": o * np.tanh(c_new), "c": c_new, "i": i, "f": f, "g": g, "o": o}


def gru_cell(x: Any, h: Any, params: dict[str, Any]) -> dict[str, np.ndarray]:
    """One GRU step with torch's parametrisation (``torch.nn.GRUCell``).

    Parameters
    ----------
    x : ndarray of shape (batch, D)
    h : ndarray of shape (batch, H)
    params : dict
        ``W_ih (3H, D)``, ``W_hh (3H, H)``, ``b_ih (3H,)``, ``b_hh (3H,)``, gate blocks in the
        order reset ``r``, update ``z``, candidate ``n``.

    Returns
    -------
    dict
        ``h`` (batch, H) and the gates ``r``, ``z``, ``n``:
        ``n = tanh(x W_inᵀ + b_in + r * (h W_hnᵀ + b_hn))``, ``h' = (1 - z) * n + z * h``.
        The reset gate multiplies ``W_hn h + b_hn`` *including* its bias, as torch does.

    Examples
    --------
    >>> p = {"W_ih": np.zeros((6, 1)), "W_hh": np.zeros((6, 2)), "b_ih": np.zeros(6),
    ...      "b_hh": np.zeros(6)}
    >>> gru_cell(np.ones((1, 1)), np.ones((1, 2)), p)["h"].tolist()  # z = 0.5, n = 0
    [[0.5, 0.5]]
    """
    x, h, p = _check_cell_inputs(x, h, params, 3)
    Gx = x @ p["W_ih"].T + p["b_ih"]
    Gh = h @ p["W_hh"].T + p["b_hh"]
    xr, xz, xn = np.split(Gx, 3, axis=1)
    hr, hz, hn = np.split(Gh, 3, axis=1)
    r, z = _sigmoid(xr + hr), _sigmoid(xz + hz)
    n = np.tanh(xn + r * hn)
    return {"h": (1.0 - z) * n + z * h, "r": r, "z": z, "n": n}


def n_params(cell: str, input_size: int, hidden_size: int) -> int:
    """Number of parameters of one torch recurrent layer (both bias vectors counted).

    ``G * H * (D + H + 2)`` with ``G`` = 1 (RNN), 3 (GRU) or 4 (LSTM) blocks.

    Examples
    --------
    >>> n_params("lstm", 10, 20)
    2560
    """
    cell = check_choice(cell, "cell", ["rnn", "gru", "lstm"])
    D = check_int(input_size, "input_size", low=1, high=10**6)
    H = check_int(hidden_size, "hidden_size", low=1, high=10**6)
    return {"rnn": 1, "gru": 3, "lstm": 4}[cell] * H * (D + H + 2)


# -- gradients through time -----------------------------------------------------------------
def jacobian_norms(dA: Any, W_hh: Any) -> np.ndarray:
    """Spectral norms of ``∂h_T/∂h_t`` for every step ``t``, in one backward pass.

    With ``h_t = φ(z_t)``, ``z_t = W_hh h_{t-1} + ...`` the one-step Jacobian is
    ``J_t = diag(φ'(z_t)) W_hh`` and ``∂h_T/∂h_t = J_T J_{T-1} ··· J_{t+1}``; the product is
    grown one factor at a time from the end, so all lags cost ``T`` matrix products.

    Parameters
    ----------
    dA : ndarray of shape (T, batch, H)
        ``φ'(z_t)`` at each step (``1 - h_t²`` for tanh).
    W_hh : ndarray of shape (H, H)

    Returns
    -------
    ndarray of shape (T, batch)
        Entry ``[k, b]`` is ``‖∂h_T/∂h_{T-k}‖₂`` for sequence ``b``: the norm at lag ``k``
        (lag 0 is the identity, norm 1).

    Examples
    --------
    >>> W = 0.5 * np.eye(3)
    >>> jacobian_norms(np.ones((4, 1, 3)), W)[:, 0].tolist()   # linear: 0.5 ** lag
    [1.0, 0.5, 0.25, 0.125]
    """
    dA = check_array(dA, "dA", ndim=3, shape_doc="(T, batch, H)")
    T, B, Hn = dA.shape
    W_hh = check_array(W_hh, "W_hh", shape=(Hn, Hn),
                       shape_doc=f"(H, H) = ({Hn}, {Hn}), with H as in dA")
    _check_size(B * Hn * Hn + T * B, "the Jacobian products")
    return _jacobian_norms(dA, W_hh)


def _jacobian_norms(dA: np.ndarray, W_hh: np.ndarray) -> np.ndarray:
    T, B, Hn = dA.shape
    M = np.broadcast_to(np.eye(Hn), (B, Hn, Hn)).copy()   # ∂h_T/∂h_T
    out = np.empty((T, B))
    out[0] = 1.0
    for k in range(1, T):
        # ∂h_T/∂h_{t-1} = ∂h_T/∂h_t · diag(φ'(z_t)) W_hh, with t = T - k + 1 (0-based T-k)
        M = (M * dA[T - k][:, None, :]) @ W_hh
        out[k] = np.linalg.norm(M, ord=2, axis=(1, 2))
    return out


def clip_by_norm(grads: Any, max_norm: float) -> tuple[np.ndarray, float]:
    """Rescale a gradient so that its Euclidean norm is at most ``max_norm``.

    The direction is kept; only the length shrinks (as ``torch.nn.utils.clip_grad_norm_``
    does over all parameters). A vanished gradient stays vanished: clipping only caps.

    Returns
    -------
    clipped : ndarray, the same shape as ``grads``
    norm : float
        The norm before clipping.

    Examples
    --------
    >>> g, n = clip_by_norm(np.array([3.0, 4.0]), 1.0)
    >>> g.tolist(), n
    ([0.6, 0.8], 5.0)
    """
    g = check_array(grads, "grads", ndim=(1, 2, 3))
    max_norm = check_scalar(max_norm, "max_norm", low=0, include_low=False)
    norm = float(np.linalg.norm(g))
    return (g * (max_norm / norm) if norm > max_norm else g.copy()), norm


def orthogonal_with_radius(hidden_size: int, spectral_radius: float, *,
                           random_state: Any = None) -> np.ndarray:
    """A random orthogonal matrix times ``spectral_radius``.

    All its singular values *and* eigenvalue moduli equal ``spectral_radius``, so for a
    linear RNN ``‖∂h_T/∂h_t‖ = spectral_radius ** (T - t)`` exactly.

    Returns
    -------
    ndarray of shape (hidden_size, hidden_size)

    Examples
    --------
    >>> W = orthogonal_with_radius(4, 0.9, random_state=0)
    >>> np.round(np.abs(np.linalg.eigvals(W)), 6).tolist()
    [0.9, 0.9, 0.9, 0.9]
    """
    from ..validation import check_rng

    n = check_int(hidden_size, "hidden_size", low=1, high=2000)
    rho = check_scalar(spectral_radius, "spectral_radius", low=0, high=100)
    rng = check_rng(random_state)
    # QR of a Gaussian matrix, signs fixed by R's diagonal: a uniformly random orthogonal Q
    Q, R = np.linalg.qr(rng.normal(size=(n, n)))
    return rho * Q * np.sign(np.diag(R))


def non_normal_with_radius(hidden_size: int, spectral_radius: float, coupling: float = 2.0,
                           *, random_state: Any = None) -> np.ndarray:
    """A random *non-normal* matrix whose eigenvalues lie in ``[-spectral_radius,
    spectral_radius]``, the largest modulus exactly ``spectral_radius``.

    ``W = Q T Qᵀ`` with ``Q`` random orthogonal and ``T`` upper triangular: on its diagonal the
    eigenvalues, evenly spaced from ``-spectral_radius`` to ``spectral_radius``; above it
    ``coupling`` times Gaussian entries over ``sqrt(hidden_size)``. With ``coupling > 0`` the
    eigenvectors are not orthogonal, the largest singular value exceeds the spectral radius,
    and ``‖W^k‖`` can grow for many steps before the spectral radius makes it decay (it is
    bounded by ``σ_max^k``, and ``‖W^k‖^(1/k) → spectral radius``). Used in
    ``notebooks/07_recurrent_networks.ipynb``.

    Returns
    -------
    ndarray of shape (hidden_size, hidden_size)

    Examples
    --------
    >>> W = non_normal_with_radius(8, 0.9, random_state=0)
    >>> round(float(np.abs(np.linalg.eigvals(W)).max()), 6)
    0.9
    >>> bool(np.linalg.norm(W, 2) > 1.5)   # largest singular value, far above 0.9
    True
    """
    from ..validation import check_rng

    n = check_int(hidden_size, "hidden_size", low=2, high=2000)
    rho = check_scalar(spectral_radius, "spectral_radius", low=0, high=100)
    coupling = check_scalar(coupling, "coupling", low=0, high=100)
    rng = check_rng(random_state)
    upper = np.triu(rng.normal(size=(n, n)), 1) / np.sqrt(n)
    T = np.diag(np.linspace(-rho, rho, n)) + coupling * upper
    Q = orthogonal_with_radius(n, 1.0, random_state=rng)
    return Q @ T @ Q.T


_ACTIVATIONS = {
    "tanh": (np.tanh, lambda A: 1.0 - A * A),
    "relu": (lambda Z: np.maximum(Z, 0.0), lambda A: (A > 0).astype(float)),
    "linear": (lambda Z: Z, np.ones_like),
}


def gradient_flow(spectral_radius: float, T: int = 50, *, activation: str = "tanh",
                  hidden_size: int = 32, batch: int = 8, input_scale: float = 0.3,
                  max_norm: float | None = None, random_state: Any = 0) -> dict[str, np.ndarray]:
    """How much gradient a loss at the last step sends back to each earlier step.

    Runs ``batch`` random input sequences through ``h_t = φ(W_hh h_{t-1} + u_t)`` with
    ``W_hh`` from :func:`orthogonal_with_radius` and random ``u_t`` (standing for
    ``W_ih x_t``, of standard deviation ``input_scale``), puts a random unit gradient
    ``∂L/∂h_T`` on the last state and carries it back as BPTT does,
    ``∂L/∂h_{t-1} = (∂L/∂h_t · φ'(z_t)) W_hh``: one vector–matrix product
    per step, no Jacobian matrix. With ``max_norm``, the gradients of all steps together are
    also clipped to that norm: clipping tames an explosion but cannot revive a vanished
    gradient (it rescales every step by the same factor).

    Returns
    -------
    dict with ``lag (T,)``; ``norm (T,)``: ``‖∂L/∂h_{T-lag}‖``, mean over the batch;
    ``clipped (T,)`` (equal to ``norm`` when ``max_norm`` is None) and ``total_norm``
    (float, the norm of all steps' gradients together, before clipping).

    Examples
    --------
    >>> out = gradient_flow(0.5, 4, activation="linear")   # linear: exactly 0.5 ** lag
    >>> np.round(out["norm"], 6).tolist()
    [1.0, 0.5, 0.25, 0.125]
    """
    from ..validation import check_rng

    rho = check_scalar(spectral_radius, "spectral_radius", low=0, high=100)
    T = check_int(T, "T", low=1, high=5000)
    activation = check_choice(activation, "activation", list(_ACTIVATIONS))
    Hn = check_int(hidden_size, "hidden_size", low=1, high=512)
    B = check_int(batch, "batch", low=1, high=512)
    scale = check_scalar(input_scale, "input_scale", low=0, high=100)
    if max_norm is not None:
        max_norm = check_scalar(max_norm, "max_norm", low=0, include_low=False)
    _check_size(T * B * Hn, "the hidden states")
    rng = check_rng(random_state)
    W_hh = orthogonal_with_radius(Hn, rho, random_state=rng)
    U = scale * rng.normal(size=(T, B, Hn))
    g = rng.normal(size=(B, Hn))
    g /= np.linalg.norm(g, axis=1, keepdims=True)
    phi, dphi = _ACTIVATIONS[activation]
    h = np.zeros((B, Hn))
    dA = np.empty((T, B, Hn))
    log_norm = np.empty((T, B))
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        for t in range(T):
            h = phi(h @ W_hh.T + U[t])
            dA[t] = dphi(h)
        for k in range(T):  # k = lag; renormalise g and keep the log of its size
            n = np.linalg.norm(g, axis=1)
            log_norm[k] = np.log(n) + (log_norm[k - 1] if k else 0.0)
            g = np.where(n[:, None] > 0, g / np.where(n > 0, n, 1.0)[:, None], 0.0)
            g = (g * dA[T - 1 - k]) @ W_hh
        top = log_norm.max(axis=1, keepdims=True)  # mean over the batch, in logs (no overflow)
        top = np.where(np.isfinite(top), top, 0.0)
        norm = np.exp(top[:, 0]) * np.mean(np.exp(log_norm - top), axis=1)
    total = float(np.sqrt(np.sum(norm ** 2)))
    clipped = norm * (max_norm / total) if (max_norm is not None and total > max_norm) else norm
    return {"lag": np.arange(T), "norm": norm, "clipped": clipped, "total_norm": total}


# -- the unrolled graph -------------------------------------------------------------------
_PATTERNS = ("one-to-one", "one-to-many", "many-to-one", "many-to-many (aligned)",
             "many-to-many (encoder-decoder)")


def unrolled_graph(T: int, pattern: str = "many-to-many (aligned)") -> dict[str, Any]:
    """Nodes and edges of an RNN unfolded over ``T`` steps, for drawing and counting.

    Parameters
    ----------
    T : int
        Number of time steps of the recurrence (1 to 200).
    pattern : str
        One of ``"one-to-one"``, ``"one-to-many"``, ``"many-to-one"``,
        ``"many-to-many (aligned)"``, ``"many-to-many (encoder-decoder)"``. The
        encoder-decoder reads ``T`` inputs then writes ``T`` outputs (``2T`` hidden steps).

    Returns
    -------
    dict
        ``nodes``: list of ``(name, kind, step)`` with kind ``"x"``, ``"h"`` or ``"y"``;
        ``edges``: list of ``(from, to, weight)`` where weight is the *shared* matrix the
        edge applies (``"W_ih"``, ``"W_hh"``, ``"W_hy"``), ``n_nodes``, ``n_edges`` and
        ``n_weight_matrices`` (3: the same three matrices however long the unrolling).

    Examples
    --------
    >>> g = unrolled_graph(4, "many-to-one")
    >>> g["n_nodes"], g["n_edges"], g["n_weight_matrices"]
    (9, 8, 3)
    """
    T = check_int(T, "T", low=1, high=200)
    pattern = check_choice(pattern, "pattern", list(_PATTERNS))
    n_h = 2 * T if pattern.endswith("(encoder-decoder)") else T
    if pattern == "one-to-one":
        n_h = 1
    x_steps = {"one-to-one": [0], "one-to-many": [0], "many-to-one": list(range(n_h)),
               "many-to-many (aligned)": list(range(n_h))}.get(pattern, list(range(T)))
    y_steps = {"one-to-one": [0], "many-to-one": [n_h - 1]}.get(
        pattern, list(range(T, n_h)) if n_h > T else list(range(n_h)))
    nodes, edges = [], []
    for t in range(n_h):
        nodes.append((f"h{t}", "h", t))
        if t > 0:
            edges.append((f"h{t - 1}", f"h{t}", "W_hh"))
    for t in x_steps:
        nodes.append((f"x{t}", "x", t))
        edges.append((f"x{t}", f"h{t}", "W_ih"))
    for t in y_steps:
        nodes.append((f"y{t}", "y", t))
        edges.append((f"h{t}", f"y{t}", "W_hy"))
    used = {w for _, _, w in edges}
    return {"nodes": nodes, "edges": edges, "n_nodes": len(nodes), "n_edges": len(edges),
            "n_weight_matrices": 3, "weights_used": sorted(used), "pattern": pattern, "T": T}


# -- an HMM's forward algorithm: a recurrence over beliefs ------------------------------------
def _check_hmm(pi: Any, A: Any, E: Any, obs: Any
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    pi = check_array(pi, "pi", ndim=1, shape_doc="(n_states,)")
    S = len(pi)
    A = check_array(A, "A", shape=(S, S), shape_doc=f"(n_states, n_states) = ({S}, {S})")
    E = check_array(E, "E", ndim=2, shape_doc="(n_states, n_symbols)")
    E = check_array(E, "E", shape=(S, None), shape_doc=f"(n_states, n_symbols) with "
                    f"n_states = {S}")
    for name, M in (("pi", pi), ("A", A), ("E", E)):
        if np.any(M < 0) or not np.allclose(M.sum(axis=-1), 1.0, atol=1e-9):
            raise ValueError(f"{name} must hold probabilities: non-negative, each row summing "
                             f"to 1; got row sums {np.round(np.atleast_1d(M.sum(axis=-1)), 4)}")
    obs = check_array(obs, "obs", ndim=1, dtype="int", shape_doc="(T,)")
    if obs.min() < 0 or obs.max() >= E.shape[1]:
        raise ValueError(f"obs must hold symbols in [0, {E.shape[1] - 1}]; got values from "
                         f"{obs.min()} to {obs.max()}")
    return pi, A, E, obs


def hmm_forward(pi: Any, A: Any, E: Any, obs: Any) -> tuple[np.ndarray, float]:
    """Filtered beliefs ``p(s_t | o_1..o_t)`` of a hidden Markov model, and ``log p(o)``.

    The belief is a recurrence, ``b_t ∝ E[:, o_t] * (b_{t-1} A)``: a fixed-size state updated
    with the same parameters at every step — an RNN whose "weights" are probabilities and
    whose update is Bayes' rule. Normalising at each step keeps it stable for long sequences.

    Parameters
    ----------
    pi : ndarray of shape (n_states,)
        Initial state distribution.
    A : ndarray of shape (n_states, n_states)
        ``A[i, j] = p(s_t = j | s_{t-1} = i)``.
    E : ndarray of shape (n_states, n_symbols)
        ``E[i, k] = p(o_t = k | s_t = i)``.
    obs : ndarray of shape (T,)
        Observed symbols.

    Returns
    -------
    beliefs : ndarray of shape (T, n_states)
    log_likelihood : float

    Examples
    --------
    >>> b, ll = hmm_forward([0.5, 0.5], np.eye(2), [[0.9, 0.1], [0.1, 0.9]], [0, 0])
    >>> np.round(b[-1], 4).tolist()
    [0.9878, 0.0122]
    """
    pi, A, E, obs = _check_hmm(pi, A, E, obs)
    beliefs = np.empty((len(obs), len(pi)))
    b, ll = pi, 0.0
    for t, o in enumerate(obs):
        prior = b if t == 0 else b @ A
        joint = prior * E[:, o]
        norm = joint.sum()
        if norm == 0:
            raise ValueError(f"obs is impossible under the model (probability 0 at step {t})")
        ll += np.log(norm)
        b = joint / norm
        beliefs[t] = b
    return beliefs, float(ll)


def hmm_brute_force(pi: Any, A: Any, E: Any, obs: Any) -> tuple[np.ndarray, float]:
    """The same as :func:`hmm_forward` by enumerating every state path (a test oracle).

    Sums ``p(path, o_1..o_t)`` over all ``n_states ** T`` paths; only for small problems
    (at most :data:`MAX_HMM_PATHS` paths).

    Examples
    --------
    >>> b, ll = hmm_brute_force([0.5, 0.5], np.eye(2), [[0.9, 0.1], [0.1, 0.9]], [0, 0])
    >>> np.round(b[-1], 4).tolist()
    [0.9878, 0.0122]
    """
    pi, A, E, obs = _check_hmm(pi, A, E, obs)
    S, T = len(pi), len(obs)
    if S ** T > MAX_HMM_PATHS:
        raise ValueError(f"obs is too long for brute force: {S}**{T} paths, over the limit of "
                         f"{MAX_HMM_PATHS:,} (MAX_HMM_PATHS); use hmm_forward")
    beliefs = np.zeros((T, S))
    for t in range(T):
        paths = np.array(list(itertools.product(range(S), repeat=t + 1)))
        p = pi[paths[:, 0]] * E[paths[:, 0], obs[0]]
        for k in range(1, t + 1):
            p = p * A[paths[:, k - 1], paths[:, k]] * E[paths[:, k], obs[k]]
        beliefs[t] = np.bincount(paths[:, -1], weights=p, minlength=S)
    total = beliefs[-1].sum()
    if total == 0:
        raise ValueError("obs is impossible under the model (probability 0)")
    return beliefs / beliefs.sum(axis=1, keepdims=True), float(np.log(total))
