"""Lesson 10 exercises: an FGSM step, projection onto the L∞ ball, a targeted step.

All three work on plain numpy arrays (an image ``x`` in [0, 1] and a gradient ``grad`` of the
same shape), so the learner writes the update rule itself, not the autograd around it.
"""

from __future__ import annotations

import numpy as np

from .core import Exercise, Mistake, register

LESSON = "10_adversarial_examples"


def _image_case(rng: np.random.Generator) -> dict:
    shape = (int(rng.integers(1, 4)), int(rng.integers(2, 6)))
    x = rng.uniform(size=shape).round(2)
    x[rng.uniform(size=shape) < 0.3] = 0.0       # digits have many black and white pixels
    x[rng.uniform(size=shape) < 0.2] = 1.0
    grad = rng.normal(size=shape).round(3)
    grad[grad == 0] = 0.5
    return {"x": x, "grad": grad, "eps": float(rng.choice([0.05, 0.1, 0.25, 0.4]))}


# --- fgsm_step --------------------------------------------------------------------------------
def fgsm_step_reference(x, grad, eps):
    """x' = clip(x + eps * sign(grad), 0, 1): grad is the gradient of the loss of the true
    class with respect to the image."""
    return np.clip(x + eps * np.sign(grad), 0.0, 1.0)


def _fgsm_solution(x, grad, eps):
    x_adv = x + eps * np.sign(grad)   # climb the loss: same sign as its gradient
    return np.clip(x_adv, 0.0, 1.0)   # stay a valid image


register(Exercise(
    name="fgsm_step",
    lesson=LESSON,
    reference=fgsm_step_reference,
    make_case=_image_case,
    solution=_fgsm_solution,
    n_cases=50,
    hints=(
        "Move every pixel by exactly eps in the direction that *increases* the loss: "
        "eps * np.sign(grad).",
        "Then clip the result to [0, 1] with np.clip, or the image is no longer an image.",
    ),
    mistakes=(
        Mistake(lambda x, grad, eps: np.clip(x - eps * np.sign(grad), 0, 1),
                "gradient sign reversed: x - eps*sign(grad) *lowers* the loss (that is a "
                "targeted step, or gradient descent); an untargeted attack climbs it."),
        Mistake(lambda x, grad, eps: x + eps * np.sign(grad),
                "no clipping: pixels left [0, 1]; finish with np.clip(x_adv, 0, 1)."),
        Mistake(lambda x, grad, eps: np.clip(x + eps * grad, 0, 1),
                "eps multiplies the raw gradient; FGSM uses its *sign*, so every pixel moves "
                "by exactly eps (the largest step the L∞ budget allows)."),
    ),
))


# --- project_linf -----------------------------------------------------------------------------
def _project_case(rng: np.random.Generator) -> dict:
    case = _image_case(rng)
    x_adv = case["x"] + rng.uniform(-2.5, 2.5, size=case["x"].shape) * case["eps"]
    return {"x_adv": x_adv.round(3), "x": case["x"], "eps": case["eps"]}


def project_linf_reference(x_adv, x, eps):
    """The nearest image to x_adv with |x_adv - x| <= eps in every pixel and values in [0, 1]."""
    return np.clip(np.clip(x_adv, x - eps, x + eps), 0.0, 1.0)


def _project_solution(x_adv, x, eps):
    inside_ball = np.clip(x_adv, x - eps, x + eps)   # each pixel within eps of the original
    return np.clip(inside_ball, 0.0, 1.0)            # and a valid pixel value


register(Exercise(
    name="project_linf",
    lesson=LESSON,
    reference=project_linf_reference,
    make_case=_project_case,
    solution=_project_solution,
    n_cases=50,
    hints=(
        "The L∞ ball around x is a box: pixel i may lie anywhere in [x_i - eps, x_i + eps]. "
        "The nearest point of a box is found pixel by pixel with np.clip.",
        "After the ball, clip to [0, 1] too; clipping to [0, 1] never leaves the ball because "
        "x itself is in [0, 1].",
    ),
    mistakes=(
        Mistake(lambda x_adv, x, eps: np.clip(x_adv, -eps, eps),
                "the ball is centred on the original image x, not on 0: clip x_adv to "
                "[x - eps, x + eps]."),
        Mistake(lambda x_adv, x, eps: np.clip(x_adv, 0, 1),
                "only clipped to [0, 1]: the perturbation x_adv - x can still exceed eps."),
        Mistake(lambda x_adv, x, eps: np.clip(x_adv, x - eps, x + eps),
                "the ε-ball is right, but pixels can leave [0, 1]: clip to [0, 1] as well."),
        Mistake(lambda x_adv, x, eps: np.clip(
            x + (x_adv - x) * min(1.0, eps / max(np.linalg.norm(x_adv - x), 1e-12)), 0, 1),
                "that is the projection onto the L2 ball (rescaling the whole perturbation); "
                "the L∞ ball is clipped pixel by pixel."),
    ),
))


# --- targeted_step ----------------------------------------------------------------------------
def _targeted_case(rng: np.random.Generator) -> dict:
    case = _image_case(rng)
    return {"x": case["x"], "grad_target": case["grad"], "eps": case["eps"]}


def targeted_step_reference(x, grad_target, eps):
    """One targeted FGSM step: grad_target is the gradient of the loss of the *target* class."""
    return np.clip(x - eps * np.sign(grad_target), 0.0, 1.0)


def _targeted_solution(x, grad_target, eps):
    x_adv = x - eps * np.sign(grad_target)   # descend the target's loss: make it more likely
    return np.clip(x_adv, 0.0, 1.0)


register(Exercise(
    name="targeted_step",
    lesson=LESSON,
    reference=targeted_step_reference,
    make_case=_targeted_case,
    solution=_targeted_solution,
    n_cases=50,
    hints=(
        "A targeted attack wants the *target* class to become likely: it lowers the target's "
        "loss, so it steps against the gradient: x - eps * sign(grad_target).",
        "Clip to [0, 1] at the end.",
    ),
    mistakes=(
        Mistake(lambda x, grad_target, eps: np.clip(x + eps * np.sign(grad_target), 0, 1),
                "the step climbs the target's loss and makes the target *less* likely; "
                "subtract eps * sign(grad_target)."),
        Mistake(lambda x, grad_target, eps: x - eps * np.sign(grad_target),
                "no clipping: pixels left [0, 1]."),
        Mistake(lambda x, grad_target, eps: np.clip(x - eps * grad_target, 0, 1),
                "use the sign of the gradient, not the gradient itself."),
    ),
))
