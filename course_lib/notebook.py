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

__all__ = ["EnvironmentReport", "best_seconds", "environment_report", "format_noise",
           "format_time", "format_varies", "setup_notebook"]

#: Packages the course needs, with the import name when it differs from the distribution name.
REQUIRED = {"numpy": "numpy", "scipy": "scipy", "scikit-learn": "sklearn",
            "matplotlib": "matplotlib", "ipywidgets": "ipywidgets", "torch": "torch",
            "tqdm": "tqdm"}


_SET_UP = False


def is_set_up() -> bool:
    """Whether this process ran :func:`setup_notebook` (the lesson's first cell)."""
    return _SET_UP


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
    global _SET_UP
    _SET_UP = True
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
    _describe_figures(shell)


def _describe_figures(shell: Any) -> None:
    """Give every inline figure alt text computed from its data (:mod:`course_lib.viz.alt`):
    in the output's metadata, where nbconvert and the course website read it, and in the
    PNG's ``Description`` chunk, which :mod:`course_lib.viz.access` copies to the ``<img>`` in
    JupyterLab (its image renderer does not read the metadata)."""
    from matplotlib.figure import Figure

    from .viz.alt import alt_text, colour_use

    png = shell.display_formatter.formatters["image/png"]
    inline = png.lookup_by_type(Figure)  # what %matplotlib inline registered
    if getattr(inline, "_course_alt", False):
        return

    def png_with_alt(fig: Figure) -> tuple[Any, dict[str, Any]] | None:
        alt = alt_text(fig)
        data = inline(fig, metadata={"Description": alt})
        # the colours that tell data apart, for tests/test_colour_vision.py
        return (data, {"alt": alt, "course_colours": colour_use(fig)}) if data else None

    png_with_alt._course_alt = True  # type: ignore[attr-defined]
    png.for_type(Figure, png_with_alt)


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



def format_noise(value: Any, bound: float = 1e-12) -> str:
    """Rounding noise as a bound, so that the printed line is the same on every CPU.

    Two computations that agree up to rounding differ by a few units in the last place, and
    *which* few depends on the machine: the SIMD kernels of NumPy's BLAS and of PyTorch, and
    the number of threads, change the order of the additions. Printing that difference
    ("2.2e-16") makes the output differ between a learner's laptop and the machine that
    stored it; printing that it is below a bound far above rounding and far below any real
    error does not. A value at or above the bound is printed in full, so a real error shows
    (and nbval reports it).

    Parameters
    ----------
    value : float or array_like
        A difference or an error; for an array, its largest absolute entry is used.
    bound : float > 0
        The bound, 1e-12 by default (float64 rounding of the course's computations stays
        below 1e-13).

    Returns
    -------
    str
        ``"below 1e-12"``, or e.g. ``"3.0e-09, NOT below 1e-12"``.

    Examples
    --------
    >>> format_noise(2.2e-16)
    'below 1e-12'
    >>> format_noise([1e-17, -3e-9])
    '3.0e-09, NOT below 1e-12'
    >>> format_noise(4e-9, bound=1e-6)
    'below 1e-06'
    """
    bound = check_scalar(bound, "bound", low=0, include_low=False)
    arr = np.abs(np.asarray(value, dtype=float))
    if arr.size == 0:
        raise ValueError("value must hold at least one number; got an empty array")
    worst = float(arr.max())
    if np.isnan(worst):
        return f"nan, NOT below {bound:.0e}"
    return f"below {bound:.0e}" if worst < bound else f"{worst:.1e}, NOT below {bound:.0e}"


class OutOfRange(AssertionError):
    """A training result left the range that a lesson's text relies on (format_varies)."""


def format_varies(value: float, within: tuple[float, float], *, digits: int = 3,
                  name: str = "value") -> str:
    """A training result whose last digits differ from CPU to CPU, marked with ``~``.

    Training amplifies rounding: the same seed on a CPU with other SIMD kernels (or another
    thread count) can end at a loss of 0.18 instead of 0.20. Such a number is printed as
    ``~0.178``; ``tests/nbval_sanitize.cfg`` masks the digits after ``~`` (and nothing else),
    so the rest of the line is still compared. What keeps the number honest is ``within``:
    the range the lesson's text relies on, measured over seeds and simulated CPUs
    (``make portability``). A value outside it raises :class:`OutOfRange`, which fails the
    notebook tests on any machine.

    Parameters
    ----------
    value : float
    within : (low, high)
        The range the value must lie in.
    digits : int
        Decimals printed.
    name : str
        What the value is, for the error message.

    Examples
    --------
    >>> format_varies(0.17787, (0.1, 0.4))
    '~0.178'
    >>> format_varies(0.9315, (0.9, 0.95), digits=2)
    '~0.93'
    >>> format_varies(0.55, (0.1, 0.4), name="residual loss")
    Traceback (most recent call last):
    ...
    course_lib.notebook.OutOfRange: residual loss = 0.55 is outside [0.1, 0.4], the range ...
    """
    value = check_scalar(value, "value")
    if not isinstance(within, tuple | list) or len(within) != 2:
        raise TypeError(f"within must be a pair (low, high); got {describe(within)}")
    low = check_scalar(within[0], "within[0]")
    high = check_scalar(within[1], "within[1]", low=low)
    digits = check_int(digits, "digits", low=0, high=12)
    if not low <= value <= high:
        raise OutOfRange(f"{name} = {value:.{max(digits, 2)}g} is outside [{low:g}, {high:g}], "
                         "the range this lesson's text relies on (measured over seeds and "
                         "simulated CPUs); please report it")
    return f"~{value:.{digits}f}"
