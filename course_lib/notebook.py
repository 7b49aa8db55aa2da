"""Notebook setup and the environment check of lesson 00.

Every lesson's first code cell is ``rng = course_lib.setup_notebook(seed=...)``.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import platform
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .validation import check_int, check_scalar, describe

__all__ = ["EnvironmentReport", "best_seconds", "environment_report", "format_time",
           "setup_notebook"]

#: Packages the course needs, with the import name when it differs from the distribution name.
REQUIRED = {"numpy": "numpy", "scipy": "scipy", "scikit-learn": "sklearn",
            "matplotlib": "matplotlib", "ipywidgets": "ipywidgets", "torch": "torch",
            "tqdm": "tqdm"}


def setup_notebook(seed: int = 0) -> np.random.Generator:
    """Make a notebook reproducible and consistent; return a seeded generator.

    Seeds Python's ``random``, NumPy's legacy global generator and PyTorch's global generator
    (for learners' own code: course_lib itself always takes explicit generators), sets short
    print options, scikit-learn's text display (its HTML display carries random ids), inline
    PNG plots and the course's plot style for this notebook.

    Parameters
    ----------
    seed : int
        Seed of everything above; the returned generator is ``default_rng(seed)``.

    Returns
    -------
    numpy.random.Generator

    Examples
    --------
    >>> rng = setup_notebook(seed=1)
    >>> round(float(rng.random()), 4)
    0.5119
    """
    seed = check_int(seed, "seed", low=0, high=2**32 - 1)
    random.seed(seed)
    np.random.seed(seed)  # noqa: NPY002 - the learner's own legacy-style code, not course_lib
    try:
        import torch
    except ImportError:  # pragma: no cover - torch is in the lock file
        pass
    else:
        torch.manual_seed(seed)
        torch.set_printoptions(precision=4, sci_mode=False)
    np.set_printoptions(precision=4, suppress=True, linewidth=100)
    import sklearn

    sklearn.set_config(display="text")
    _setup_ipython()
    return np.random.default_rng(seed)


def _setup_ipython() -> None:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return
    shell = get_ipython()
    if shell is None or not hasattr(shell, "run_line_magic"):
        return
    shell.run_line_magic("matplotlib", "inline")
    import matplotlib as mpl

    from .viz.style import STYLE

    mpl.rcParams.update(STYLE)  # this notebook's choice, made explicitly by its first cell


@dataclass
class EnvironmentReport:
    """What lesson 00 prints: versions, device and threads."""

    python: str
    packages: dict[str, str | None]
    torch_device: str
    torch_threads: int
    cpu_count: int

    @property
    def complete(self) -> bool:
        return all(v is not None for v in self.packages.values())

    def __repr__(self) -> str:
        lines = [f"python       {self.python}"]
        lines += [f"{name:<12} {ver or 'MISSING'}" for name, ver in self.packages.items()]
        lines += [f"torch device {self.torch_device} (threads: {self.torch_threads}, "
                  f"CPU cores: {self.cpu_count})"]
        return "\n".join(lines)


def environment_report() -> EnvironmentReport:
    """Versions of the course's packages, the torch device and thread count."""
    packages: dict[str, str | None] = {}
    for dist in REQUIRED:
        try:
            packages[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            packages[dist] = None
    device, threads = "unavailable", 0
    if packages["torch"] is not None:
        torch = importlib.import_module("torch")
        device = "cuda" if torch.cuda.is_available() else "cpu"
        threads = torch.get_num_threads()
    return EnvironmentReport(python=platform.python_version(), packages=packages,
                             torch_device=device, torch_threads=threads,
                             cpu_count=os.cpu_count() or 1)


def best_seconds(fn: Callable[[], Any], repeat: int = 3) -> float:
    """The fastest wall time of ``fn()`` over ``repeat`` runs, in seconds (the least
    disturbed run on a shared machine; what the lessons' timing tables report).

    Examples
    --------
    >>> best_seconds(lambda: sum(range(1000)), repeat=2) < 1
    True
    """
    if not callable(fn):
        raise TypeError(f"fn must be a function called with no arguments; got {describe(fn)}")
    repeat = check_int(repeat, "repeat", low=1, high=1000)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def format_time(seconds: float) -> str:
    """Format a duration with the ⏱ mark that nbval's sanitize file recognises.

    Examples
    --------
    >>> format_time(0.0123)
    '⏱ 12.3 ms'
    >>> format_time(2.5)
    '⏱ 2.50 s'
    """
    seconds = check_scalar(seconds, "seconds", low=0)
    if seconds < 1e-3:
        return f"⏱ {seconds * 1e6:.1f} µs"
    if seconds < 1:
        return f"⏱ {seconds * 1e3:.1f} ms"
    return f"⏱ {seconds:.2f} s"

