"""The playground's data side: input features, CSV files, stratified splits.

Used by :class:`course_lib.playground.Playground` and ``notebooks/03_decision_boundaries.ipynb``.
Reading goes through :func:`numpy.loadtxt` and splitting through scikit-learn's
``train_test_split(stratify=y)``; this module only turns their failures into messages that say
which argument or which line of the file is wrong.
"""

from __future__ import annotations

import io
import os
from typing import Any

import numpy as np

from ..validation import (
    check_array,
    check_binary_labels,
    check_choice,
    check_int,
    check_same_length,
    check_scalar,
    describe,
)

__all__ = ["FEATURES", "feature_map", "load_csv", "split_data"]

#: Input features the network can be given, by name.
FEATURES = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin x1", "sin x2")

#: Most rows a CSV file or an array handed to the playground may have (a 2-D data set of a
#: million points is 16 MB; the playground trains on it epoch by epoch in the kernel).
MAX_SAMPLES = 1_000_000


def feature_map(X: np.ndarray, features=("x1", "x2")) -> np.ndarray:
    """The network's inputs: the chosen columns among :data:`FEATURES`.

    Parameters
    ----------
    X : ndarray of shape (n_samples, 2)
    features : sequence of str
        Names from :data:`FEATURES`, at least one, no repeats.

    Returns
    -------
    ndarray of shape (n_samples, len(features))

    Examples
    --------
    >>> feature_map(np.array([[2.0, 3.0]]), ["x1*x2", "x1^2"]).tolist()
    [[6.0, 4.0]]
    """
    X = check_array(X, "X", ndim=2, shape=(None, 2), shape_doc="(n_samples, 2)",
                    allow_empty=True)
    names = check_features(features)
    return _features(X, names)


def _features(X: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    x1, x2 = X[:, 0], X[:, 1]
    table = {"x1": lambda: x1, "x2": lambda: x2, "x1^2": lambda: x1**2,
             "x2^2": lambda: x2**2, "x1*x2": lambda: x1 * x2,
             "sin x1": lambda: np.sin(x1), "sin x2": lambda: np.sin(x2)}
    return np.column_stack([table[f]() for f in names])


def check_features(features: Any, name: str = "features") -> tuple[str, ...]:
    """Check a list of feature names (see :data:`FEATURES`); return it as a tuple.

    Examples
    --------
    >>> check_features(["x1^2", "x2^2"])
    ('x1^2', 'x2^2')
    >>> check_features(None)
    Traceback (most recent call last):
    ...
    TypeError: features must be a list of names from [...]; got NoneType
    """
    if isinstance(features, np.ndarray) and features.ndim == 1:
        features = features.tolist()
    if isinstance(features, str) or not isinstance(features, (list, tuple)):
        raise TypeError(f"{name} must be a list of names from {list(FEATURES)}; got "
                        f"{describe(features)}")
    if len(features) == 0:
        raise ValueError(f"{name} must name at least one input feature; got none")
    for f in features:
        check_choice(f, name, FEATURES)
    if len(set(features)) != len(features):
        raise ValueError(f"{name} must not repeat a name; got {list(features)}")
    return tuple(features)


def check_xy(X: Any, y: Any, x_name: str = "X", y_name: str = "y", *,
             min_per_class: int = 2) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Check a two-class 2-D data set; return ``X``, labels mapped to 0/1 and the classes.

    Each class needs ``min_per_class`` points, so that a stratified split can put at least
    one of each on every side.
    """
    X = check_array(X, x_name, ndim=2, shape_doc="(n_samples, 2)")
    if X.shape[1] != 2:
        raise ValueError(f"{x_name} must have exactly two feature columns, shape "
                         f"(n_samples, 2); got shape {X.shape}")
    if len(X) > MAX_SAMPLES:
        raise ValueError(f"{x_name} must have at most {MAX_SAMPLES:,} rows (the playground "
                         f"trains in the notebook's kernel); got {len(X):,}")
    classes, t = check_binary_labels(y, y_name)
    check_same_length(X, x_name, t, y_name)
    fewest = int(min((t > 0).sum(), (t < 0).sum()))
    if fewest < min_per_class:
        raise ValueError(f"{y_name} must have at least {min_per_class} points of each class "
                         f"so that every part of a stratified split gets both; the smaller "
                         f"class has {fewest}")
    return X, (t > 0).astype(np.int64), classes


class CSVNotFoundError(FileNotFoundError, ValueError):
    """No CSV file at the given path: a FileNotFoundError, and a ValueError of ``path`` like
    every other bad argument of the course's functions."""


def _read_text(path: Any) -> list[str]:
    if isinstance(path, (str, os.PathLike)):
        if not os.path.isfile(path):
            raise CSVNotFoundError(f"path must be an existing CSV file; no file at {path!r}")
        if os.path.getsize(path) > 64 * MAX_SAMPLES:
            raise ValueError(f"path must be a CSV file of at most {64 * MAX_SAMPLES:,} bytes "
                             f"(about {MAX_SAMPLES:,} rows); {path!r} is larger")
        with open(path, encoding="utf-8") as fh:
            return fh.read().splitlines()
    if isinstance(path, io.TextIOBase) or (hasattr(path, "read") and hasattr(path, "readline")):
        text = path.read()
        if not isinstance(text, str):
            raise TypeError(f"path must be a file name or a file opened in text mode; got "
                            f"{describe(path)}")
        return text.splitlines()
    raise TypeError(f"path must be a file name or an open text file; got {describe(path)}")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def load_csv(path: str | os.PathLike, *, delimiter: str = ",") -> tuple[np.ndarray, np.ndarray]:
    """Read a two-class data set from a CSV file: two feature columns, then a label column.

    A first line that is not numeric is taken as a header. The labels may be any two values
    that numpy reads as numbers (0/1, -1/+1, 1/2...); they are mapped to 0 and 1 in sorted
    order. The numbers are read by :func:`numpy.loadtxt`.

    Parameters
    ----------
    path : str, path-like or open text file
    delimiter : str
        One character.

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,) with values in {0, 1}

    Raises
    ------
    CSVNotFoundError
        No file at ``path`` (a subclass of both FileNotFoundError and ValueError).
    ValueError, TypeError
        With the reason: not three columns, a non-numeric or missing entry, one class only.

    Examples
    --------
    >>> import io
    >>> X, y = load_csv(io.StringIO("a,b,label\\n0,0,1\\n1,0,2\\n0,1,2\\n1,1,1\\n"))
    >>> X.shape, y.tolist()
    ((4, 2), [0, 1, 1, 0])
    """
    if not isinstance(delimiter, str):
        raise TypeError(f"delimiter must be a one-character string such as ','; got "
                        f"{describe(delimiter)}")
    if len(delimiter) != 1 or delimiter in "\r\n\"" or delimiter.isalnum() or delimiter in ".-+":
        raise ValueError(f"delimiter must be one character that cannot be part of a number "
                         f"(',', ';', a tab...); got {delimiter!r}")
    lines = [(i + 1, ln) for i, ln in enumerate(_read_text(path)) if ln.strip()]
    if not lines:
        raise ValueError("the CSV file is empty")
    if not all(_is_number(c) for c in lines[0][1].split(delimiter)):
        lines = lines[1:]                                    # a header line
    if not lines:
        raise ValueError("the CSV file has a header but no data rows")
    if len(lines) > MAX_SAMPLES:
        raise ValueError(f"the CSV file must have at most {MAX_SAMPLES:,} rows; it has "
                         f"{len(lines):,}")
    try:
        data = np.loadtxt([t for _, t in lines], delimiter=delimiter, ndmin=2,
                          dtype=np.float64)
    except ValueError as exc:
        raise ValueError(_explain(lines, delimiter, exc)) from None
    if data.shape[1] != 3:
        number, text = lines[0]
        raise ValueError(f"the CSV file must have 3 columns (two features x1, x2 and a "
                         f"label); line {number} has {data.shape[1]}: {text[:60]!r}")
    bad = ~np.isfinite(data)
    if bad.any():
        line = lines[int(np.argwhere(bad)[0][0])][0]
        raise ValueError(f"the CSV file must not contain NaN, missing or infinite values; "
                         f"line {line} has one")
    X, y, _ = check_xy(data[:, :2], data[:, 2], "X (columns 1-2 of the CSV file)",
                       "y (column 3 of the CSV file)", min_per_class=1)
    return X, y


def _explain(lines: list[tuple[int, str]], delimiter: str, exc: Exception) -> str:
    """The file line that made numpy.loadtxt fail, found only on this error path."""
    width = len(lines[0][1].split(delimiter))
    for number, text in lines:
        cells = [c.strip() for c in text.split(delimiter)]
        if len(cells) != 3:
            return (f"the CSV file must have 3 columns (two features x1, x2 and a label); "
                    f"line {number} has {len(cells)}: {text[:60]!r}")
        for c in cells:
            if not _is_number(c):
                return f"the CSV file must contain numbers only; line {number} has {c!r}"
    return f"the CSV file could not be read ({width} columns in line 1): {exc}"


def split_data(X: np.ndarray, y: np.ndarray, train_fraction: float = 0.5, seed: int = 0
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Stratified random split (scikit-learn's ``train_test_split(stratify=y)``): each class
    keeps about ``train_fraction`` of its points in the training part, at least one on each
    side.

    Parameters
    ----------
    X : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,), two classes with at least 2 points each
    train_fraction : float
        In [0.05, 0.95].
    seed : int

    Returns
    -------
    X_train, y_train, X_test, y_test
        Labels mapped to 0/1.

    Examples
    --------
    >>> X, y = np.arange(20.0).reshape(10, 2), np.array([0, 1] * 5)
    >>> [a.shape[0] for a in split_data(X, y, 0.6)]
    [6, 6, 4, 4]
    """
    X, y, _ = check_xy(X, y)
    frac = check_scalar(train_fraction, "train_fraction", low=0.05, high=0.95)
    seed = check_int(seed, "seed", low=0, high=2**31 - 1)
    return _split(X, y, frac, seed)


def _split(X: np.ndarray, y: np.ndarray, frac: float, seed: int):
    from sklearn.model_selection import train_test_split

    n = len(y)
    n_train = min(max(2, round(frac * n)), n - 2)     # both parts must hold both classes
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, train_size=n_train, stratify=y,
                                              random_state=seed)
    return X_tr, y_tr, X_te, y_te
