"""Exercises of every lesson, registered with :mod:`course_lib.exercises.core`.

Each lesson has a module here named after its topic (``perceptron.py``...). Importing this
package imports all of them, so a new lesson's exercises need no edit elsewhere;
``course_lib.check`` is the learner's view of the registry.
"""

import importlib
import pkgutil

from .core import REGISTRY, CheckResult, Exercise, Mistake, get, register, run_check

for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    if _module not in ("core", "progress"):
        importlib.import_module(f"{__name__}.{_module}")

__all__ = ["REGISTRY", "CheckResult", "Exercise", "Mistake", "get", "register", "run_check"]
