"""Activation functions and their derivatives (lesson ``05_losses_and_activations``).

Every element-wise activation ``f`` comes with ``f_grad(z)``, its derivative ``f'(z)`` at
each entry of ``z``. ``softmax`` and ``log_softmax`` act on a whole axis, so their ``_grad``
functions take the upstream gradient ``dA`` and return ``dL/dZ`` (a vector-Jacobian product),
which is what a backward pass needs. All of them are vectorised over arrays of any shape and
stay finite for huge inputs (``|z| = 1e4``) wherever the true value is finite. Where the limit
at ``+-inf`` is defined and the formula reaches it (step, linear, sigmoid, tanh, ReLU, ELU,
softplus and their derivatives), infinite inputs are accepted; NaN never is.

Conventions
-----------
* ``z`` (or ``Z`` for a batch of logit rows) is the pre-activation; the result is ``A``.
* At a kink (``z = 0`` for step, ReLU and its relatives) the derivative returned is the one
  PyTorch's autograd uses: 0 for step and ReLU, the left-hand slope for leaky ReLU / PReLU
  (``z <= 0`` counts as negative), ``alpha`` for ELU.
* The registry :data:`ACTIVATIONS` maps a name to ``(f, f_grad, parameter)``; the widget and
  the tests iterate over it.

Swish is ``x * sigmoid(x) = x / (1 + exp(-x))``: a plus sign in the denominator, not a minus.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import units as _units
from .validation import check_array, check_int, check_scalar, describe

__all__ = [
    "ACTIVATIONS",
    "DeadReluResult",
    "elu",
    "elu_grad",
    "leaky_relu",
    "leaky_relu_grad",
    "linear",
    "linear_grad",
    "log_softmax",
    "log_softmax_grad",
    "prelu",
    "prelu_grad",
    "relu",
    "relu_grad",
    "sigmoid",
    "sigmoid_grad",
    "softmax",
    "softmax_grad",
    "softplus",
    "softplus_grad",
    "step",
    "step_grad",
    "swish",
    "swish_grad",
    "tanh",
    "tanh_grad",
    "train_relu_net",
]


def _z(z: Any) -> np.ndarray:
    return check_array(z, "z", allow_empty=True)


# +-inf pass where the function has a limit there (sigmoid(inf) = 1, tanh(-inf) = -1,
# relu(-inf) = 0 ...); NaN never does. The checks and the logistic function are the units'.
_z_inf = _units._z_limits
_sigmoid = _units._logistic


# --- element-wise activations ------------------------------------------------------------------
def step(z: np.ndarray) -> np.ndarray:
    """Heaviside step ``[z >= 0]`` (the perceptron's threshold unit).

    Examples
    --------
    >>> step([-2.0, 0.0, 3.0]).tolist()
    [0.0, 1.0, 1.0]
    """
    return (_z_inf(z) >= 0).astype(np.float64)


def step_grad(z: np.ndarray) -> np.ndarray:
    """Derivative of the step: 0 everywhere it exists (it does not exist at 0; 0 is returned).

    A zero derivative is why a network of step units cannot be trained by gradient descent.

    Examples
    --------
    >>> step_grad([-2.0, 0.0, 3.0]).tolist()
    [0.0, 0.0, 0.0]
    """
    return np.zeros_like(_z_inf(z))


def linear(z: np.ndarray) -> np.ndarray:
    """The identity ``f(z) = z`` (a layer with no non-linearity).

    Examples
    --------
    >>> linear([-2.0, 3.0]).tolist()
    [-2.0, 3.0]
    """
    return _z_inf(z).copy()


def linear_grad(z: np.ndarray) -> np.ndarray:
    """Derivative of the identity: 1 everywhere.

    Examples
    --------
    >>> linear_grad([-2.0, 3.0]).tolist()
    [1.0, 1.0]
    """
    return np.ones_like(_z_inf(z))


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic function ``1 / (1 + exp(-z))``, without overflow; ``sigmoid(+-inf)`` is 1 / 0.

    Examples
    --------
    >>> sigmoid([-1e4, 0.0, 1e4]).tolist()
    [0.0, 0.5, 1.0]
    >>> sigmoid([-np.inf, np.inf]).tolist()   # the limits are defined, so accepted
    [0.0, 1.0]
    """
    return _sigmoid(_z_inf(z))


def sigmoid_grad(z: np.ndarray) -> np.ndarray:
    """``sigmoid(z) * (1 - sigmoid(z))``; at most 1/4, reached at 0.

    Examples
    --------
    >>> sigmoid_grad([0.0]).tolist()
    [0.25]
    """
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z: np.ndarray) -> np.ndarray:
    """Hyperbolic tangent, ``2 * sigmoid(2z) - 1``: a zero-centred sigmoid with range (-1, 1).

    Examples
    --------
    >>> tanh([0.0, 1e4, -np.inf]).tolist()
    [0.0, 1.0, -1.0]
    """
    return np.tanh(_z_inf(z))


def tanh_grad(z: np.ndarray) -> np.ndarray:
    """``1 - tanh(z)**2``; equal to 1 at 0 (four times the sigmoid's peak slope).

    Examples
    --------
    >>> tanh_grad([0.0]).tolist()
    [1.0]
    """
    return 1.0 - np.tanh(_z_inf(z)) ** 2


def relu(z: np.ndarray) -> np.ndarray:
    """Rectified linear unit ``max(z, 0)``.

    Examples
    --------
    >>> relu([-2.0, 0.0, 3.0]).tolist()
    [0.0, 0.0, 3.0]
    """
    return np.maximum(_z_inf(z), 0.0)


def relu_grad(z: np.ndarray) -> np.ndarray:
    """``[z > 0]``: 1 for positive inputs, 0 otherwise (0 at the kink, as in PyTorch).

    Examples
    --------
    >>> relu_grad([-2.0, 0.0, 3.0]).tolist()
    [0.0, 0.0, 1.0]
    """
    return (_z_inf(z) > 0).astype(np.float64)


def _slope(slope: Any, name: str) -> float:
    return check_scalar(slope, name, low=0.0, high=1.0, include_high=False)


def leaky_relu(z: np.ndarray, slope: float = 0.01) -> np.ndarray:
    """Leaky ReLU: ``z`` for ``z > 0``, ``slope * z`` otherwise.

    Parameters
    ----------
    z : ndarray
    slope : float in [0, 1)
        Slope on the negative side (0 gives the ReLU).

    Examples
    --------
    >>> leaky_relu([-2.0, 3.0], slope=0.1).tolist()
    [-0.2, 3.0]
    """
    z = _z(z)
    slope = _slope(slope, "slope")
    return np.where(z > 0, z, slope * z)


def leaky_relu_grad(z: np.ndarray, slope: float = 0.01) -> np.ndarray:
    """1 for ``z > 0``, ``slope`` otherwise.

    Examples
    --------
    >>> leaky_relu_grad([-2.0, 3.0], slope=0.1).tolist()
    [0.1, 1.0]
    """
    z = _z(z)
    slope = _slope(slope, "slope")
    return np.where(z > 0, 1.0, slope)


def _prelu_inputs(z: Any, a: Any) -> tuple[np.ndarray, np.ndarray]:
    z = _z(z)
    if isinstance(a, (bool, np.bool_)) or (isinstance(a, (list, tuple, np.ndarray))
                                           and np.asarray(a).dtype == np.bool_):
        raise TypeError(f"a must be a number or an array of slopes; got {describe(a)}")
    a = check_array(a, "a", ndim=(0, 1), shape_doc="() or (n_channels,)")
    if a.ndim == 1 and (z.ndim == 0 or z.shape[-1] != a.shape[0]):
        raise ValueError(f"a must be a number or have one entry per channel (the last axis of "
                         f"z, length {z.shape[-1] if z.ndim else 'none'}); got shape {a.shape}")
    return z, a


def prelu(z: np.ndarray, a: float | np.ndarray) -> np.ndarray:
    """Parametric ReLU: like leaky ReLU, but the negative slope ``a`` is learned.

    Parameters
    ----------
    z : ndarray of shape (..., n_channels)
    a : float or ndarray of shape (n_channels,)
        One slope shared by all units, or one per channel (the last axis of ``z``).

    Examples
    --------
    >>> prelu([[-2.0, -2.0]], a=[0.1, 0.5]).tolist()
    [[-0.2, -1.0]]
    """
    z, a = _prelu_inputs(z, a)
    return np.where(z > 0, z, a * z)


def prelu_grad(z: np.ndarray, a: float | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Derivatives of PReLU with respect to its input and to its slope, element by element.

    Returns
    -------
    dA_dz : ndarray, shape of ``z``
        1 for ``z > 0``, ``a`` otherwise.
    dA_da : ndarray, shape of ``z``
        ``min(z, 0)``. A backward pass multiplies by the upstream gradient and sums over all
        positions that share a slope (everything, or everything but the last axis).

    Examples
    --------
    >>> dz, da = prelu_grad([-2.0, 3.0], a=0.25)
    >>> dz.tolist(), da.tolist()
    ([0.25, 1.0], [-2.0, 0.0])
    """
    z, a = _prelu_inputs(z, a)
    return np.where(z > 0, 1.0, a * np.ones_like(z)), np.minimum(z, 0.0)


def _alpha(alpha: Any) -> float:
    return check_scalar(alpha, "alpha", low=0.0)


def elu(z: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """Exponential linear unit: ``z`` for ``z > 0``, ``alpha * (exp(z) - 1)`` otherwise.

    Examples
    --------
    >>> np.round(elu([-1e4, -1.0, 2.0]), 4).tolist()
    [-1.0, -0.6321, 2.0]
    """
    z = _z_inf(z)
    alpha = _alpha(alpha)
    return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0.0)))


def elu_grad(z: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """1 for ``z > 0``, ``alpha * exp(z)`` otherwise.

    Examples
    --------
    >>> elu_grad([0.0, 2.0]).tolist()
    [1.0, 1.0]
    """
    z = _z_inf(z)
    alpha = _alpha(alpha)
    return np.where(z > 0, 1.0, alpha * np.exp(np.minimum(z, 0.0)))


def softplus(z: np.ndarray) -> np.ndarray:
    """``log(1 + exp(z))``, a smooth ReLU, computed as ``logaddexp(0, z)`` (no overflow).

    Examples
    --------
    >>> np.round(softplus([-1e4, 0.0, 1e4]), 4).tolist()
    [0.0, 0.6931, 10000.0]
    """
    return np.logaddexp(0.0, _z_inf(z))


def softplus_grad(z: np.ndarray) -> np.ndarray:
    """The derivative of softplus is the sigmoid.

    Examples
    --------
    >>> softplus_grad([0.0]).tolist()
    [0.5]
    """
    return sigmoid(z)


def swish(z: np.ndarray) -> np.ndarray:
    """Swish (SiLU): ``z * sigmoid(z) = z / (1 + exp(-z))``.

    Smooth, not monotonic (a dip to about -0.278 near ``z = -1.28``), unbounded above.

    Examples
    --------
    >>> np.round(swish([-1e4, 0.0, 1.0, 1e4]), 4).tolist()
    [-0.0, 0.0, 0.7311, 10000.0]
    """
    z = _z(z)
    return z * _sigmoid(z)


def swish_grad(z: np.ndarray) -> np.ndarray:
    """``s + z * s * (1 - s)`` with ``s = sigmoid(z)``.

    Examples
    --------
    >>> swish_grad([0.0]).tolist()
    [0.5]
    """
    z = _z(z)
    s = _sigmoid(z)
    return s * (1.0 + z * (1.0 - s))


# --- softmax over an axis ----------------------------------------------------------------------
def _axis_inputs(Z: Any, axis: Any, name: str = "Z") -> tuple[np.ndarray, int]:
    Z = check_array(Z, name, ndim=(1, 2, 3, 4), shape_doc="(..., n_classes)")
    axis = check_int(axis, "axis", low=-Z.ndim, high=Z.ndim - 1)
    return Z, axis


def log_softmax(Z: np.ndarray, axis: int = -1) -> np.ndarray:
    """Numerically stable ``log(softmax(Z))``: ``Z - max - log(sum(exp(Z - max)))``.

    Shifting by the maximum makes the largest exponent ``exp(0) = 1``, so nothing overflows,
    and the log is never taken of a number that underflowed to 0.

    Parameters
    ----------
    Z : ndarray of shape (..., n_classes)
        Logits.
    axis : int
        The class axis.

    Returns
    -------
    ndarray, shape of ``Z``
        Log-probabilities; ``logsumexp`` of each row is 0.

    Examples
    --------
    >>> np.round(log_softmax([[1e4, 0.0]]), 4).tolist()
    [[0.0, -10000.0]]
    """
    Z, axis = _axis_inputs(Z, axis)
    shifted = Z - Z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def softmax(Z: np.ndarray, axis: int = -1) -> np.ndarray:
    """Softmax ``exp(Z) / sum(exp(Z))`` along ``axis``, computed from :func:`log_softmax`.

    Examples
    --------
    >>> softmax([[1e4, 1e4, -1e4]]).tolist()
    [[0.5, 0.5, 0.0]]
    """
    return np.exp(log_softmax(Z, axis))


def _upstream(dA: Any, Z: np.ndarray) -> np.ndarray:
    return check_array(dA, "dA", shape=Z.shape, shape_doc=f"{Z.shape} (the shape of Z)")


def softmax_grad(Z: np.ndarray, dA: np.ndarray, axis: int = -1) -> np.ndarray:
    """Backward pass of softmax: ``dL/dZ = A * (dA - sum(dA * A))`` with ``A = softmax(Z)``.

    This is the product of ``dA`` with the Jacobian ``diag(A) - A A^T`` of each row, without
    forming the Jacobian.

    Parameters
    ----------
    Z : ndarray of shape (..., n_classes)
    dA : ndarray, shape of ``Z``
        Upstream gradient ``dL/dA``.
    axis : int

    Returns
    -------
    dLdZ : ndarray, shape of ``Z``

    Examples
    --------
    >>> softmax_grad([[0.0, 0.0]], dA=[[1.0, 0.0]]).tolist()
    [[0.25, -0.25]]
    """
    Z, axis = _axis_inputs(Z, axis)
    dA = _upstream(dA, Z)
    A = softmax(Z, axis)
    return A * (dA - (dA * A).sum(axis=axis, keepdims=True))


def log_softmax_grad(Z: np.ndarray, dA: np.ndarray, axis: int = -1) -> np.ndarray:
    """Backward pass of log-softmax: ``dL/dZ = dA - softmax(Z) * sum(dA)``.

    Examples
    --------
    >>> log_softmax_grad([[0.0, 0.0]], dA=[[-1.0, 0.0]]).tolist()
    [[-0.5, 0.5]]
    """
    Z, axis = _axis_inputs(Z, axis)
    dA = _upstream(dA, Z)
    return dA - softmax(Z, axis) * dA.sum(axis=axis, keepdims=True)


#: name -> (function, derivative, parameter name or None). Used by the widget and the tests.
ACTIVATIONS: dict[str, tuple[Any, Any, str | None]] = {
    "step": (step, step_grad, None),
    "linear": (linear, linear_grad, None),
    "sigmoid": (sigmoid, sigmoid_grad, None),
    "tanh": (tanh, tanh_grad, None),
    "relu": (relu, relu_grad, None),
    "leaky_relu": (leaky_relu, leaky_relu_grad, "slope"),
    "prelu": (prelu, lambda z, a: prelu_grad(z, a)[0], "a"),
    "elu": (elu, elu_grad, "alpha"),
    "softplus": (softplus, softplus_grad, None),
    "swish": (swish, swish_grad, None),
}


# --- dead ReLUs in a small trained network (torch) -------------------------------------------
@dataclass
class DeadReluResult:
    """What :func:`train_relu_net` reports.

    Attributes
    ----------
    lr : float
        The learning rate used.
    n_hidden : int
        Hidden ReLU units.
    n_dead : int
        Units whose pre-activation is <= 0 on *every* training input after training: their
        output and their gradient are 0 on the training data.
    final_loss : float
        Mean squared error after training.
    dead_per_step : ndarray of int, shape (n_steps + 1,)
        Dead units before each step and after the last one. A dead unit gets a zero
        gradient, but Adam keeps moving it with its momentum for a while, so the count can
        go down as well as up.
    """

    lr: float
    n_hidden: int
    n_dead: int
    final_loss: float
    dead_per_step: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.int64))

    def __post_init__(self) -> None:
        check_scalar(self.lr, "lr", low=0, include_low=False)
        check_int(self.n_hidden, "n_hidden", low=1)
        check_int(self.n_dead, "n_dead", low=0, high=self.n_hidden)
        check_scalar(self.final_loss, "final_loss", low=0)
        self.dead_per_step = check_array(self.dead_per_step, "dead_per_step", ndim=1,
                                         dtype="int")

    @property
    def dead_fraction(self) -> float:
        return self.n_dead / self.n_hidden

    def __repr__(self) -> str:
        return (f"DeadReluResult(lr={self.lr:g}: {self.n_dead}/{self.n_hidden} dead ReLUs, "
                f"final loss {self.final_loss:.3g})")


def train_relu_net(X: np.ndarray, y: np.ndarray, *, lr: float, n_hidden: int = 32,
                   n_steps: int = 200, seed: int = 0) -> DeadReluResult:
    """Train a one-hidden-layer ReLU regression net with full-batch Adam; count dead units.

    Adam moves every weight by up to about ``lr`` per step whatever the gradient's size, so a
    large ``lr`` pushes many biases far enough that a unit's pre-activation is negative on all
    inputs. Such a unit outputs 0 and gets a zero gradient: it is dead. Dead is not always
    final: Adam's momentum keeps moving a unit for a while after its gradient vanished (and
    in deeper nets the layers below keep changing its inputs), so the count per step is
    recorded in ``dead_per_step``.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    lr : float
        Learning rate.
    n_hidden : int
    n_steps : int
    seed : int
        Seeds the weight initialisation (``torch.Generator().manual_seed(seed)``).

    Returns
    -------
    DeadReluResult

    Examples
    --------
    >>> X = np.linspace(-1, 1, 32)[:, None]
    >>> train_relu_net(X, X[:, 0] ** 2, lr=0.01, n_hidden=8, n_steps=5).n_hidden
    8
    """
    import torch

    X = check_array(X, "X", ndim=2, shape_doc="(n_samples, n_features)")
    y = check_array(y, "y", shape=(X.shape[0],), shape_doc="(n_samples,)")
    lr = check_scalar(lr, "lr", low=0, include_low=False)
    n_hidden = check_int(n_hidden, "n_hidden", low=1)
    n_steps = check_int(n_steps, "n_steps", low=0, high=100_000)
    if n_hidden > 100_000:
        raise ValueError(f"n_hidden must be at most 100,000 (a demonstration net, "
                         f"n_features x n_hidden weights); got {n_hidden:,}")
    seed = check_int(seed, "seed", low=0)
    gen = torch.Generator().manual_seed(seed)
    Xt = torch.as_tensor(X, dtype=torch.float64)
    yt = torch.as_tensor(y, dtype=torch.float64)
    d = X.shape[1]
    W1 = torch.randn(d, n_hidden, generator=gen, dtype=torch.float64) / d ** 0.5
    b1 = torch.zeros(n_hidden, dtype=torch.float64)
    W2 = torch.randn(n_hidden, generator=gen, dtype=torch.float64) / n_hidden ** 0.5
    b2 = torch.zeros((), dtype=torch.float64)
    params = [p.requires_grad_() for p in (W1, b1, W2, b2)]
    opt = torch.optim.Adam(params, lr=lr)

    def forward() -> tuple[torch.Tensor, int]:
        pre = Xt @ W1 + b1
        n_dead = int((pre.detach() <= 0).all(dim=0).sum())
        return ((torch.relu(pre) @ W2 + b2 - yt) ** 2).mean(), n_dead

    dead_per_step = np.zeros(n_steps + 1, dtype=np.int64)
    for i in range(n_steps):
        opt.zero_grad()
        loss, dead_per_step[i] = forward()
        loss.backward()
        opt.step()
    with torch.no_grad():
        loss, dead = forward()
    dead_per_step[-1] = dead
    return DeadReluResult(lr=lr, n_hidden=n_hidden, n_dead=dead, final_loss=float(loss),
                          dead_per_step=dead_per_step)
