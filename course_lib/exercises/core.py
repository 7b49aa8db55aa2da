"""The machinery behind ``course_lib.check``: exercises, random cases, helpful verdicts.

An :class:`Exercise` bundles a reference implementation, a generator of random test cases,
hints, a model solution and a list of plausible :class:`Mistake` s. ``run_check`` calls the
learner's function on many random cases, compares with the reference and, on a mismatch,
tries each known mistake on the same case: if one reproduces the learner's answer, its hint
says what went wrong ("the bias was left out") instead of only "wrong".

Lesson modules in ``course_lib/exercises/`` define exercises and ``register`` them;
``course_lib/check.py`` exposes one checker per exercise.
"""

from __future__ import annotations

import copy
import inspect
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..validation import check_callable

__all__ = ["CheckResult", "Exercise", "Mistake", "get", "register", "run_check"]

REGISTRY: dict[str, Exercise] = {}


@dataclass(frozen=True)
class Mistake:
    """A plausible wrong implementation and the hint to show when a learner's output matches it."""

    implementation: Callable[..., Any]
    hint: str


def default_compare(expected: Any, got: Any) -> str | None:
    """Return ``None`` if ``got`` matches ``expected`` (arrays or numbers), else a reason."""
    if got is None and expected is not None:
        return "your function returned None (is a `return` statement missing?)"
    try:
        got_arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return f"expected a number or an array of numbers; got {type(got).__name__}"
    exp_arr = np.asarray(expected, dtype=float)
    if got_arr.shape != exp_arr.shape:
        return f"expected shape {exp_arr.shape}; got shape {got_arr.shape}"
    if not np.allclose(got_arr, exp_arr, rtol=1e-6, atol=1e-9, equal_nan=True):
        return "the values differ"
    return None


@dataclass
class Exercise:
    """One exercise: what the learner writes and how it is checked.

    Parameters
    ----------
    name : str
        Name of the function the learner writes (also the checker's name).
    reference : callable
        Correct implementation with the same signature.
    make_case : callable
        ``make_case(rng) -> dict`` of keyword arguments for one random case.
    hints : tuple of str
        Shown one at a time by ``course_lib.check.hint``.
    solution : callable
        A short model solution; ``course_lib.check.solution`` shows its source.
    mistakes : tuple of Mistake
        Plausible wrong versions used to explain a failure.
    compare : callable
        ``compare(expected, got) -> None or reason``.
    n_cases : int
        Number of random cases per check.
    """

    name: str
    reference: Callable[..., Any]
    make_case: Callable[[np.random.Generator], dict[str, Any]]
    hints: tuple[str, ...]
    solution: Callable[..., Any]
    mistakes: tuple[Mistake, ...] = ()
    compare: Callable[[Any, Any], str | None] = default_compare
    n_cases: int = 100
    lesson: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"Exercise({self.name!r}, lesson={self.lesson!r}, n_cases={self.n_cases})"


def register(exercise: Exercise) -> Exercise:
    if exercise.name in REGISTRY:
        raise ValueError(f"an exercise named {exercise.name!r} is already registered")
    REGISTRY[exercise.name] = exercise
    return exercise


def get(name_or_fn: str | Callable[..., Any]) -> Exercise:
    """Look an exercise up by name, or by the learner's function (its ``__name__``)."""
    name = name_or_fn if isinstance(name_or_fn, str) else getattr(name_or_fn, "__name__", "")
    if name not in REGISTRY:
        raise ValueError(f"no exercise named {name!r}; the exercises are "
                         f"{sorted(REGISTRY)}")
    return REGISTRY[name]


class CheckResult:
    """Verdict of a check; shows as its message in a notebook.

    Attributes
    ----------
    status : {"passed", "failed", "not implemented", "error"}
    message : str
    case : dict or None
        The failing input, if any.
    """

    def __init__(self, name: str, status: str, message: str,
                 case: dict[str, Any] | None = None) -> None:
        self.name, self.status, self.message, self.case = name, status, message, case

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        return self.message


def _fmt(value: Any) -> str:
    """A value as the checker shows it: numbers rounded, a learner's list of numbers (or
    NumPy scalars, which print as ``np.float64(...)``) like the reference's array."""
    if isinstance(value, np.generic):
        value = value.item()
    if (isinstance(value, list | tuple) and value
            and all(isinstance(v, int | float | np.number) and not isinstance(v, bool | np.bool_)
                    for v in value)):
        value = np.asarray(value)
    if isinstance(value, np.ndarray):
        return np.array2string(value, precision=4, suppress_small=True, max_line_width=88,
                               threshold=40)
    if isinstance(value, float):
        return f"{value:.6g}"
    return repr(value)


def _show_case(case: dict[str, Any]) -> str:
    lines = []
    for key, value in case.items():
        text = _fmt(value)
        if "\n" in text:
            lines.append(f"    {key} =\n" + textwrap.indent(text, " " * 8))
        else:
            lines.append(f"    {key} = {text}")
    return "\n".join(lines)


def _labelled(label: str, value: Any) -> str:
    """``  label: value``, with a multi-line value indented under its label."""
    text = _fmt(value)
    if "\n" in text:
        return f"  {label}:\n" + textwrap.indent(text, " " * 8)
    return f"  {label}: {text}"


def _changed(before: Any, after: Any) -> bool:
    if isinstance(before, np.ndarray):
        return not np.array_equal(before, after, equal_nan=True)
    return False


def _signature_problem(fn: Callable[..., Any], case: dict[str, Any]) -> str | None:
    """Why ``fn(**case)`` cannot bind its arguments, or None if it can (or we cannot tell)."""
    try:
        inspect.signature(fn).bind(**case)
    except TypeError as exc:
        return str(exc)
    except ValueError:  # a builtin without a signature: let the call itself tell
        return None
    return None


def _where(exc: BaseException) -> str:
    """The line of the learner's own code where ``exc`` was raised (the deepest frame outside
    course_lib and the libraries), as ``  at line N: <source>``."""
    import linecache
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    own = [f for f in frames if "course_lib" not in f.filename
           and "site-packages" not in f.filename and "/lib/python" not in f.filename]
    if not own:
        return ""
    frame = own[-1]
    line = (frame.line or linecache.getline(frame.filename, frame.lineno)).strip()
    return f"  at line {frame.lineno} of your code, in {frame.name}: {line}\n"


def run_check(exercise: Exercise, fn: Callable[..., Any], *, seed: int = 0) -> CheckResult:
    """Run ``fn`` against ``exercise.reference`` on ``exercise.n_cases`` random cases."""
    check_callable(fn, exercise.name)
    name = exercise.name
    rng = np.random.default_rng(seed)
    for i in range(exercise.n_cases):
        case = exercise.make_case(rng)
        expected = exercise.reference(**copy.deepcopy(case))
        learner_case = copy.deepcopy(case)
        signature_problem = _signature_problem(fn, case)
        if signature_problem:
            return CheckResult(
                name, "error",
                f"✘ {name} cannot be called as the checker calls it: {signature_problem}.\n"
                f"  hint: define it as def {name}({', '.join(case)}): ... (these names, "
                "as the exercise cell gives them)", case)
        try:
            got = fn(**learner_case)
        except NotImplementedError:
            return CheckResult(name, "not implemented",
                               f"… {name}: not implemented yet. Replace the "
                               "`raise NotImplementedError` line with your code, run that cell, "
                               "then run this check again.")
        except Exception as exc:  # the learner's bug: report it, don't crash the notebook
            return CheckResult(
                name, "error",
                f"✘ {name} raised {type(exc).__name__}: {exc}\n{_where(exc)}"
                f"  on this input:\n{_show_case(case)}", case)
        mutated = [k for k in case if _changed(case[k], learner_case[k])]
        reason = exercise.compare(expected, got)
        if reason is None and mutated:
            return CheckResult(
                name, "failed",
                f"✘ {name} returned the right answer but changed its input "
                f"{', '.join(mutated)} in place.\n  hint: work on a copy "
                "(e.g. `w = w + ...` instead of `w += ...`) so the caller's array is untouched.",
                case)
        if reason is None:
            continue
        diagnosis = ""
        for mistake in exercise.mistakes:
            try:
                wrong = mistake.implementation(**copy.deepcopy(case))
            except Exception:  # a mistake model that cannot run on this case tells nothing
                continue
            if exercise.compare(wrong, got) is None:
                diagnosis = f"\n  likely cause: {mistake.hint}"
                break
        if not diagnosis:
            first = exercise.hints[0] if exercise.hints else ""
            diagnosis = f"\n  hint: {first}  (more: check.hint({name!r}, 2))" if first else ""
        return CheckResult(
            name, "failed",
            f"✘ {name} is wrong on random case {i + 1} of {exercise.n_cases}: {reason}.\n"
            f"  input:\n{_show_case(case)}\n{_labelled('expected', expected)}\n"
            f"{_labelled('got', got)}{diagnosis}",
            case)
    return CheckResult(name, "passed",
                       f"✔ {name} passed all {exercise.n_cases} random cases "
                       "(compared with the course's reference implementation).")


def hint_text(exercise: Exercise, level: int) -> str:
    n = len(exercise.hints)
    if not 1 <= level <= n:
        raise ValueError(f"level must be between 1 and {n} for {exercise.name!r}; got {level}")
    more = f"  (more: check.hint({exercise.name!r}, {level + 1}))" if level < n else ""
    return f"Hint {level}/{n} for {exercise.name}: {exercise.hints[level - 1]}{more}"


def solution_text(exercise: Exercise) -> str:
    source = textwrap.dedent(inspect.getsource(exercise.solution))
    return source.replace(f"def {exercise.solution.__name__}(", f"def {exercise.name}(", 1)
