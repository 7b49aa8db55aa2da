"""Input validation shared by every course_lib function.

Each checker either returns a clean value or raises ``TypeError`` / ``ValueError`` with a
message that names the argument, says what was expected and shows what arrived, e.g.::

    ValueError: X must be a 2-D array of shape (n_samples, n_features); got shape (5,)

One module, so that every lesson reports bad input the same way.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Hashable, Iterable
from typing import Any

import numpy as np

__all__ = [
    "check_array",
    "check_binary_labels",
    "check_bool",
    "check_callable",
    "check_choice",
    "check_int",
    "check_rng",
    "check_same_length",
    "check_scalar",
    "describe",
]


def describe(value: Any) -> str:
    """Short description of a value for error messages.

    Examples
    --------
    >>> describe(np.zeros((2, 3)))
    'array of shape (2, 3) and dtype float64'
    >>> describe("abc")
    "str 'abc'"
    """
    if isinstance(value, np.ndarray):
        return f"array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return f"str {text!r}"
    if isinstance(value, (bool, np.bool_)):
        return f"bool {value!r}"
    if isinstance(value, (numbers.Number, np.generic)):
        return f"{type(value).__name__} {value!r}"
    if isinstance(value, (list, tuple)):
        return f"{type(value).__name__} of length {len(value)}"
    return type(value).__name__


_SHAPE_WORDS = {1: "a 1-D array", 2: "a 2-D array", 3: "a 3-D array"}


def check_array(
    value: Any,
    name: str,
    *,
    ndim: int | tuple[int, ...] | None = None,
    shape: tuple[int | None, ...] | None = None,
    shape_doc: str | None = None,
    dtype: str = "numeric",
    allow_empty: bool = False,
    finite: bool = True,
    copy: bool = False,
) -> np.ndarray:
    """Convert ``value`` to an ndarray and check it.

    Parameters
    ----------
    value : array-like
        What the caller passed.
    name : str
        The argument's name, used in error messages.
    ndim : int or tuple of int, optional
        Allowed number of dimensions.
    shape : tuple of (int or None), optional
        Required shape; ``None`` entries match any length.
    shape_doc : str, optional
        How the shape reads in the docs, e.g. ``"(n_samples, n_features)"``.
    dtype : {"numeric", "float", "int", "bool"}
        "float" converts to float64; "int" requires integral values; "numeric" accepts
        bool, int and float (converted to float64).
    allow_empty : bool
        Accept arrays with no elements.
    finite : bool
        Reject NaN and infinity.
    copy : bool
        Always return a new array.

    Returns
    -------
    ndarray

    Examples
    --------
    >>> check_array([[1, 2], [3, 4]], "X", ndim=2).dtype
    dtype('float64')
    >>> check_array([1.0, float("nan")], "y")
    Traceback (most recent call last):
    ...
    ValueError: y must contain only finite numbers; got 1 NaN or infinite value(s) ...
    """
    if dtype not in ("numeric", "float", "int", "bool"):
        raise ValueError(f"dtype must be 'numeric', 'float', 'int' or 'bool'; got {dtype!r}")
    if isinstance(value, (str, bytes, dict, set)) or value is None or callable(value):
        raise TypeError(f"{name} must be an array-like of numbers; got {describe(value)}")
    try:
        arr = np.array(value, copy=copy) if copy else np.asarray(value)
    except (ValueError, TypeError) as exc:  # ragged lists and the like
        raise TypeError(f"{name} must be a rectangular array of numbers; "
                        f"could not convert {describe(value)} ({exc})") from None
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number)
                                   or arr.dtype == np.bool_):
        raise TypeError(f"{name} must contain numbers; got {describe(arr)}")
    if np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(f"{name} must be real-valued; got {describe(arr)}")
    doc = f" of shape {shape_doc}" if shape_doc else ""
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(_SHAPE_WORDS.get(d, f"a {d}-D array") for d in allowed)
            raise ValueError(f"{name} must be {want}{doc}; got shape {arr.shape}")
    if shape is not None:
        ok = arr.ndim == len(shape) and all(
            s is None or s == a for s, a in zip(shape, arr.shape, strict=True))
        if not ok:
            want = shape_doc or "(" + ", ".join("any" if s is None else str(s) for s in shape) + ")"
            raise ValueError(f"{name} must have shape {want}; got shape {arr.shape}")
    if not allow_empty and arr.size == 0:
        raise ValueError(f"{name} must not be empty; got {describe(arr)}")
    if dtype == "bool":
        if arr.dtype != np.bool_:
            if not np.isin(arr, (0, 1)).all():
                raise ValueError(f"{name} must contain only 0/1 or True/False; got values "
                                 f"{np.unique(arr)[:5].tolist()}")
            arr = arr.astype(bool)
        return arr
    if dtype == "int":
        if not np.issubdtype(arr.dtype, np.integer) and arr.dtype != np.bool_:
            if not np.all(np.isfinite(arr)) or not np.all(arr == np.round(arr)):
                raise TypeError(f"{name} must contain integers; got {describe(arr)}")
        return arr.astype(np.int64, copy=False)
    arr = arr.astype(np.float64, copy=False)
    if finite:
        bad = ~np.isfinite(arr)
        if bad.any():
            first = tuple(int(i) for i in np.argwhere(bad)[0])
            raise ValueError(f"{name} must contain only finite numbers; got {int(bad.sum())} "
                             f"NaN or infinite value(s) (first at index {first})")
    return arr


def check_scalar(
    value: Any,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    include_low: bool = True,
    include_high: bool = True,
) -> float:
    """Check a real number and an optional range; return it as ``float``.

    Examples
    --------
    >>> check_scalar(0.5, "eta", low=0, include_low=False)
    0.5
    >>> check_scalar(0, "eta", low=0, include_low=False)
    Traceback (most recent call last):
    ...
    ValueError: eta must be in (0, inf); got 0
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.floating,
                                                                     np.integer)):
        raise TypeError(f"{name} must be a real number; got {describe(value)}")
    x = float(value)
    if not np.isfinite(x):
        raise ValueError(f"{name} must be finite; got {value!r}")
    too_low = low is not None and (x < low or (x == low and not include_low))
    too_high = high is not None and (x > high or (x == high and not include_high))
    if too_low or too_high:
        lo = "-inf" if low is None else f"{low:g}"
        hi = "inf" if high is None else f"{high:g}"
        br_l = "[" if include_low and low is not None else "("
        br_h = "]" if include_high and high is not None else ")"
        raise ValueError(f"{name} must be in {br_l}{lo}, {hi}{br_h}; got {value!r}")
    return x


def check_int(value: Any, name: str, *, low: int | None = None, high: int | None = None) -> int:
    """Check an integer (bool rejected) in ``[low, high]``; return it as ``int``.

    Examples
    --------
    >>> check_int(3, "n_trials", low=1)
    3
    >>> check_int(2.5, "n_trials", low=1)
    Traceback (most recent call last):
    ...
    TypeError: n_trials must be an integer; got float 2.5
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral,)):
        raise TypeError(f"{name} must be an integer; got {describe(value)}")
    x = int(value)
    if (low is not None and x < low) or (high is not None and x > high):
        lo = "-inf" if low is None else str(low)
        hi = "inf" if high is None else str(high)
        raise ValueError(f"{name} must be an integer in [{lo}, {hi}]; got {x}")
    return x


def check_choice(value: Any, name: str, choices: Iterable[Any]) -> Any:
    """Check that ``value`` is one of ``choices`` (hashable scalars: strings, numbers, None).

    An array, list or other unhashable value is refused by type before any comparison, so
    it gets this message instead of numpy's "truth value of an array is ambiguous".

    Examples
    --------
    >>> check_choice("pocket", "variant", ["plain", "pocket", "averaged"])
    'pocket'
    >>> check_choice(np.array(["plain"]), "variant", ["plain", "pocket"])
    Traceback (most recent call last):
    ...
    TypeError: variant must be one of ['plain', 'pocket']; got array of shape (1,) and dtype <U5
    """
    options = list(choices)
    if isinstance(value, np.ndarray) or not isinstance(value, Hashable):
        raise TypeError(f"{name} must be one of {options}; got {describe(value)}")
    if value not in options:
        raise ValueError(f"{name} must be one of {options}; got {value!r}")
    return value


def check_bool(value: Any, name: str) -> bool:
    """Check a flag: a Python or numpy boolean only (not 'no', 1, NaN or a list).

    ``bool('no')`` is True, so accepting any truthy value would silently do the opposite
    of what a learner meant.

    Examples
    --------
    >>> check_bool(np.True_, "shuffle")
    True
    >>> check_bool("no", "fit_intercept")
    Traceback (most recent call last):
    ...
    TypeError: fit_intercept must be True or False; got str 'no'
    """
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False; got {describe(value)}")
    return bool(value)


def check_callable(value: Any, name: str) -> Callable:
    """Check that ``value`` can be called."""
    if not callable(value):
        raise TypeError(f"{name} must be callable (a function); got {describe(value)}")
    return value


def check_rng(random_state: Any, name: str = "random_state") -> np.random.Generator:
    """Turn ``None``, an int seed or a Generator into a ``numpy.random.Generator``.

    ``None`` gives fresh OS entropy (not reproducible); pass an int for reproducible results.

    Examples
    --------
    >>> rng = check_rng(0)
    >>> float(np.round(rng.random(), 4))
    0.637
    """
    if isinstance(random_state, np.random.Generator):
        return random_state
    if random_state is None:
        return np.random.default_rng()
    if isinstance(random_state, (numbers.Integral, np.random.SeedSequence)) and not isinstance(
            random_state, (bool, np.bool_)):
        if isinstance(random_state, numbers.Integral) and random_state < 0:
            raise ValueError(f"{name} must be a non-negative int seed; got {random_state}")
        return np.random.default_rng(random_state)
    raise TypeError(f"{name} must be None, an int seed or a numpy.random.Generator; "
                    f"got {describe(random_state)}")


def check_same_length(a: np.ndarray, a_name: str, b: np.ndarray, b_name: str) -> None:
    """Check that two arrays have the same first dimension."""
    if len(a) != len(b):
        raise ValueError(f"{a_name} and {b_name} must have the same number of samples; "
                         f"got {len(a)} and {len(b)}")


def check_binary_labels(y: Any, name: str = "y", *, ndim: int = 1) -> tuple[np.ndarray,
                                                                             np.ndarray]:
    """Check a label vector with exactly two classes.

    Returns
    -------
    classes : ndarray of shape (2,)
        The sorted class values; ``classes[1]`` is the positive class.
    t : ndarray of shape (n_samples,)
        Labels mapped to -1 (``classes[0]``) and +1 (``classes[1]``).

    Examples
    --------
    >>> classes, t = check_binary_labels([0, 1, 1, 0])
    >>> classes.tolist(), t.tolist()
    ([0, 1], [-1.0, 1.0, 1.0, -1.0])
    """
    arr = np.asarray(y)
    if arr.dtype == object:
        raise TypeError(f"{name} must be an array of class labels; got {describe(y)}")
    if arr.ndim != ndim:
        raise ValueError(f"{name} must be a 1-D array of labels of shape (n_samples,); "
                         f"got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty; got {describe(arr)}")
    if np.issubdtype(arr.dtype, np.floating) and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must not contain NaN or infinity")
    classes = np.unique(arr)
    if len(classes) != 2:
        shown = classes[:6].tolist()
        raise ValueError(f"{name} must contain exactly two classes; got {len(classes)} "
                         f"({shown}{'...' if len(classes) > 6 else ''})")
    t = np.where(arr == classes[1], 1.0, -1.0)
    return classes, t


def check_pm1_labels(t: Any, name: str = "t") -> np.ndarray:
    """Check labels that must be -1 or +1 (a scalar or an array); return them as float.

    The learning rules and the mistake bound use ``t`` in {-1, +1}; a 0/1 label would
    silently turn "update towards x" into "no update".

    Examples
    --------
    >>> check_pm1_labels([1, -1, 1]).tolist()
    [1.0, -1.0, 1.0]
    >>> check_pm1_labels([0, 1])
    Traceback (most recent call last):
    ...
    ValueError: t must contain only -1 and +1; got values [0.0, 1.0]
    """
    if np.ndim(t) == 0 and not isinstance(t, np.ndarray):
        value = check_scalar(t, name)
        if value not in (-1.0, 1.0):
            raise ValueError(f"{name} must be -1 or +1; got {t!r}")
        return np.float64(value)
    arr = check_array(t, name)
    if not np.isin(arr, (-1.0, 1.0)).all():
        raise ValueError(f"{name} must contain only -1 and +1; got values "
                         f"{np.unique(arr)[:5].tolist()}")
    return arr
