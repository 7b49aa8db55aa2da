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

import ast
import inspect
import textwrap
from collections.abc import Callable
from typing import Any

from .exercises import REGISTRY, core
from .exercises import progress as _progress

__all__ = ["exercises", "hint", "progress", "reset", "solution", *sorted(REGISTRY)]


def _checker(name: str) -> Callable[..., core.CheckResult]:
    exercise = core.get(name)

    def checker(fn: Callable[..., Any], *, seed: int = 0,
                record: bool = True) -> core.CheckResult:
        result = core.run_check(exercise, fn, seed=seed)
        if not isinstance(record, bool):
            raise TypeError(f"record must be True or False; got {type(record).__name__}")
        if record:  # the learner's own attempt; record=False for a demonstration
            status = result.status
            if status == "passed" and is_model_solution(exercise, fn):
                status = "solution"
                result.message += ("\n  (this is the model solution of check.solution: your "
                                   "progress says 'solved with the solution'; write your own "
                                   "version to make it 'passed')")
            _progress.record(name, status, result.message)
        return result

    checker.__name__ = checker.__qualname__ = name
    checker.__doc__ = (f"Check your ``{name}`` against the reference on "
                       f"{exercise.n_cases} random cases (lesson {exercise.lesson}).")
    return checker


def _body_key(source: str) -> str | None:
    """The statements of the first function in ``source``, as an AST dump without the
    function's name and docstring; None when there is no function."""
    try:
        tree = ast.parse(textwrap.dedent(source))
    except SyntaxError:
        return None
    funcs = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    if not funcs:
        return None
    body = funcs[0].body
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None),
                                                              ast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]  # the docstring
    return ast.dump(ast.Module(body=body, type_ignores=[]))


def is_model_solution(exercise: core.Exercise, fn: Callable[..., Any]) -> bool:
    """Whether ``fn`` is the model solution that ``solution(...)`` prints, pasted and run.

    Compares the statements of the two functions (their syntax trees, so comments, blank
    lines, the function's name and its docstring do not count, and any change to what it
    computes does). IPython keeps the source of every cell, which is where a notebook
    function's source comes from; a function whose source is unknown is not the solution.
    """
    try:
        source = inspect.getsource(fn)
    except (OSError, TypeError):
        return False
    mine = _body_key(source)
    return mine is not None and mine == _body_key(core.solution_text(exercise))


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


class Progress:
    """Every exercise of the course with its state; shows as a table in a notebook."""

    def __init__(self, rows: list[tuple[str, str, str, str]], where: str) -> None:
        self.rows, self.where = rows, where

    def count(self, state: str) -> int:
        return sum(r[2] == state for r in self.rows)

    def __repr__(self) -> str:
        width = max(len(r[1]) for r in self.rows) if self.rows else 10
        solved = self.count("solved with the solution")
        lines = [f"{len(self.rows)} exercises: {self.count('passed')} passed, "
                 + (f"{solved} solved with the solution, " if solved else "")
                 + f"{self.count('failing')} failing, {self.count('not tried')} not tried "
                 f"({self.where})", ""]
        lesson = None
        for les, name, state, hint_line in self.rows:
            if les != lesson:
                lines.append(les)
                lesson = les
            mark = {"passed": "✔", "solved with the solution": "◐", "failing": "✘",
                    "not tried": "·"}[state]
            lines.append(f"  {mark} {name:<{width}}  {state}" + (f" — {hint_line}"
                                                                 if hint_line else ""))
        return "\n".join(lines)


def progress() -> Progress:
    """Every exercise of the course, by lesson: not tried, failing (with the last hint) or
    passed, as recorded when you checked your own functions."""
    done = _progress.load()
    rows = []
    for ex in sorted(REGISTRY.values(), key=lambda e: (e.lesson, e.name)):
        entry = done.get(ex.name, {})
        rows.append((ex.lesson, ex.name, entry.get("state", "not tried"),
                     entry.get("hint", "") if entry.get("state") == "failing" else ""))
    where = (f"recorded in {_progress.path()}" if _progress.enabled()
             else "not recorded while the course's tests run")
    return Progress(rows, where)


def reset() -> None:
    """Forget your recorded progress (every exercise becomes "not tried")."""
    _progress.reset()
    print("progress cleared")


def hint(exercise: str | Callable[..., Any], level: int = 1) -> None:
    """Print hint number ``level`` for an exercise (given by name or by your function)."""
    print(core.hint_text(core.get(exercise), level))


def solution(exercise: str | Callable[..., Any]) -> None:
    """Print a model solution. Try the hints first!"""
    print(core.solution_text(core.get(exercise)))
