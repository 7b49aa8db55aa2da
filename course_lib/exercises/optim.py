"""Lesson 06 exercises: a momentum step, an Adam step, clipping by the global norm."""

from __future__ import annotations

import numpy as np

from .. import optim as ref
from .core import Exercise, Mistake, default_compare, register

LESSON = "06_optimization"


# --- momentum_step ------------------------------------------------------------------------------
def _momentum_case(rng: np.random.Generator) -> dict:
    d = int(rng.integers(1, 5))
    v = np.zeros(d) if rng.uniform() < 0.2 else rng.normal(size=d).round(3)
    return {"x": rng.normal(size=d).round(3), "v": v, "g": rng.normal(size=d).round(3),
            "lr": float(rng.choice([0.1, 0.05, 0.01])),
            "momentum": float(rng.choice([0.9, 0.5, 0.99]))}


def _momentum_solution(x, v, g, lr=0.01, momentum=0.9):
    v = momentum * v + g        # the velocity accumulates gradients
    return x - lr * v, v        # and the step follows the new velocity


register(Exercise(
    name="momentum_step",
    lesson=LESSON,
    reference=ref.momentum_step,
    make_case=_momentum_case,
    solution=_momentum_solution,
    hints=(
        "First update the velocity: v_new = momentum * v + g. Then step: x_new = x - lr * v_new.",
        "Return both (x_new, v_new): the caller passes v_new back in at the next step.",
        "torch.optim.SGD uses this form (no 1 - momentum factor on g, lr outside the velocity).",
    ),
    mistakes=(
        Mistake(lambda x, v, g, lr=0.01, momentum=0.9: (x - lr * v, momentum * v + g),
                "you stepped with the *old* velocity; update v first, then use the new one."),
        Mistake(lambda x, v, g, lr=0.01, momentum=0.9: (
            x - lr * (momentum * v + (1 - momentum) * g), momentum * v + (1 - momentum) * g),
                "you damped the gradient by (1 - momentum): that is an exponential average "
                "(Adam's m), not torch's momentum buffer v = momentum * v + g."),
        Mistake(lambda x, v, g, lr=0.01, momentum=0.9: (
            x + (momentum * v - lr * g), momentum * v - lr * g),
                "that is the heavy-ball form with lr inside the velocity (v = mu v - lr g; "
                "x = x + v): same points while lr is fixed, but a different v. Store "
                "v = momentum * v + g and step x - lr * v."),
    ),
))


# --- adam_step ----------------------------------------------------------------------------------
def _adam_case(rng: np.random.Generator) -> dict:
    d = int(rng.integers(1, 5))
    t = int(rng.choice([1, 1, 2, 3, 10, 100]))
    first = t == 1
    scale = float(10.0 ** rng.integers(-3, 2))
    return {"x": rng.normal(size=d).round(3),
            "m": np.zeros(d) if first else (scale * rng.normal(size=d)).round(5),
            "v": np.zeros(d) if first else (scale**2 * rng.uniform(0.1, 2, size=d)).round(8),
            "g": (scale * rng.normal(size=d)).round(5), "t": t,
            "lr": float(rng.choice([0.1, 0.01, 0.001])),
            "beta1": float(rng.choice([0.9, 0.8])), "beta2": float(rng.choice([0.999, 0.99])),
            "eps": float(rng.choice([1e-8, 1e-3, 0.1]))}


def _adam_solution(x, m, v, g, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * g          # first moment: average gradient
    v = beta2 * v + (1 - beta2) * g**2       # second moment: average squared gradient
    m_hat = m / (1 - beta1**t)               # both started at 0: correct the bias
    v_hat = v / (1 - beta2**t)
    return x - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


def _adam_no_bc(x, m, v, g, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    return x - lr * m / (np.sqrt(v) + eps), m, v


def _adam_eps_inside(x, m, v, g, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    return x - lr * (m / (1 - beta1**t)) / np.sqrt(v / (1 - beta2**t) + eps), m, v


def _adam_t_from_zero(x, m, v, g, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    with np.errstate(divide="ignore", invalid="ignore"):
        m_hat = m / (1 - beta1 ** (t - 1))
        v_hat = v / (1 - beta2 ** (t - 1))
        return x - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


register(Exercise(
    name="adam_step",
    lesson=LESSON,
    reference=ref.adam_step,
    make_case=_adam_case,
    solution=_adam_solution,
    hints=(
        "Update m = beta1 m + (1 - beta1) g and v = beta2 v + (1 - beta2) g^2 first.",
        "Bias correction: m_hat = m / (1 - beta1**t), v_hat = v / (1 - beta2**t), with t = 1 "
        "at the first step.",
        "Step x - lr * m_hat / (sqrt(v_hat) + eps): eps goes outside the square root. Return "
        "(x_new, m_new, v_new) with the *uncorrected* m and v.",
    ),
    mistakes=(
        Mistake(_adam_no_bc,
                "no bias correction: m and v start at 0, so early on they are too small; divide "
                "by (1 - beta1**t) and (1 - beta2**t)."),
        Mistake(_adam_eps_inside,
                "eps is inside the square root (sqrt(v_hat + eps)); torch and the Adam paper add "
                "it outside: sqrt(v_hat) + eps."),
        Mistake(_adam_t_from_zero,
                "the bias correction used t - 1 (a step counter that starts at 0): at the first "
                "step 1 - beta**0 = 0 divides by zero. t is 1 at the first step."),
    ),
))


# --- clip_by_global_norm ------------------------------------------------------------------------
def _clip_case(rng: np.random.Generator) -> dict:
    shapes = [(int(rng.integers(1, 4)), int(rng.integers(1, 4))), (int(rng.integers(1, 5)),)]
    if rng.uniform() < 0.5:
        shapes.append((int(rng.integers(1, 4)),))
    scale = float(rng.choice([0.1, 1.0, 10.0]))
    return {"grads": [(scale * rng.normal(size=s)).round(4) for s in shapes],
            "max_norm": float(rng.choice([0.5, 1.0, 5.0]))}


def _clip_reference(grads, max_norm):
    return ref.clip_by_norm(grads, max_norm)[0]


def _clip_solution(grads, max_norm):
    total = np.sqrt(sum(np.sum(g**2) for g in grads))   # one norm over all arrays together
    scale = min(1.0, max_norm / total)                  # only ever shrink
    return [g * scale for g in grads]


def _compare_lists(expected, got):
    if not isinstance(got, (list, tuple)):
        return (f"expected a list of {len(expected)} arrays (one per gradient); "
                f"got {type(got).__name__}")
    if len(got) != len(expected):
        return f"expected a list of {len(expected)} arrays; got {len(got)}"
    for i, (e, g) in enumerate(zip(expected, got, strict=True)):
        reason = default_compare(e, g)
        if reason is not None:
            return f"array {i}: {reason}"
        # torch divides by total + 1e-6: allow that relative difference
        if not np.allclose(np.asarray(g, dtype=float), e, rtol=1e-5, atol=1e-9):
            return f"array {i}: the values differ"
    return None


def _loose_compare(expected, got):
    # the reference adds 1e-6 to the norm (as torch does); accept the exact formula too
    if isinstance(got, (list, tuple)) and len(got) == len(expected):
        try:
            ok = all(np.shape(g) == np.shape(e) and np.allclose(np.asarray(g, dtype=float), e,
                                                                rtol=1e-5, atol=1e-9)
                     for e, g in zip(expected, got, strict=True))
        except (TypeError, ValueError):
            ok = False
        if ok:
            return None
    return _compare_lists(expected, got)


register(Exercise(
    name="clip_by_global_norm",
    lesson=LESSON,
    reference=_clip_reference,
    make_case=_clip_case,
    solution=_clip_solution,
    compare=_loose_compare,
    hints=(
        "The global norm is sqrt of the sum of squares of *all* entries of *all* arrays.",
        "Multiply every array by min(1, max_norm / total): gradients already short enough "
        "stay as they are, and all arrays shrink by the same factor (the direction is kept).",
    ),
    mistakes=(
        Mistake(lambda grads, max_norm: [g * min(1.0, max_norm / np.linalg.norm(g))
                                         for g in grads],
                "you clipped each array by its own norm; the global norm is taken over all "
                "arrays together, and one common factor keeps the update's direction."),
        Mistake(lambda grads, max_norm: [g * max_norm / np.sqrt(sum(np.sum(h**2) for h in grads))
                                         for g in grads],
                "you always rescale to max_norm; short gradients must stay unchanged: use "
                "min(1, max_norm / total)."),
        Mistake(lambda grads, max_norm: [g * min(1.0, max_norm / sum(np.linalg.norm(h)
                                                                   for h in grads))
                                         for g in grads],
                "you added the arrays' norms; the global norm is sqrt(sum of all squares), "
                "smaller than the sum of the norms."),
    ),
))
