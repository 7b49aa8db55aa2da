"""Exercise checkers: ``check.<exercise>(your_function)``, ``hint(...)``, ``solution(...)``.

In a notebook::

    from course_lib import check
    check.perceptron_update(perceptron_update)   # ✔ passed / ✘ what is wrong, with a hint
    check.hint("perceptron_update")              # first hint; check.hint(name, 2) the next
    check.solution("perceptron_update")          # a model solution

There is one checker per registered exercise (``dir(check)`` lists them). A stub that still
raises ``NotImplementedError`` reports "not implemented yet" and does not stop the notebook.
Each checker compares with the reference implementation on many random cases.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .exercises import REGISTRY, core

__all__ = ["exercises", "hint", "solution", *sorted(REGISTRY)]


def _checker(name: str) -> Callable[..., core.CheckResult]:
    exercise = core.get(name)

    def checker(fn: Callable[..., Any], *, seed: int = 0) -> core.CheckResult:
        return core.run_check(exercise, fn, seed=seed)

    checker.__name__ = checker.__qualname__ = name
    checker.__doc__ = (f"Check your ``{name}`` against the reference on "
                       f"{exercise.n_cases} random cases (lesson {exercise.lesson}).")
    return checker


def __getattr__(name: str) -> Callable[..., core.CheckResult]:
    if name in REGISTRY:
        return _checker(name)
    raise AttributeError(f"course_lib.check has no checker {name!r}; the exercises are "
                         f"{sorted(REGISTRY)}")


def __dir__() -> list[str]:
    return sorted(__all__)


def exercises() -> list[str]:
    """Names of all exercises, in the order of the lessons."""
    return [e.name for e in sorted(REGISTRY.values(), key=lambda e: (e.lesson, e.name))]


def hint(exercise: str | Callable[..., Any], level: int = 1) -> None:
    """Print hint number ``level`` for an exercise (given by name or by your function)."""
    print(core.hint_text(core.get(exercise), level))


def solution(exercise: str | Callable[..., Any]) -> None:
    """Print a model solution. Try the hints first!"""
    print(core.solution_text(core.get(exercise)))
