"""The shared validation module: every message names the argument, expectation and value."""

import numpy as np
import pytest

from course_lib.validation import (
    check_array,
    check_binary_labels,
    check_callable,
    check_choice,
    check_int,
    check_rng,
    check_same_length,
    check_scalar,
    describe,
)


@pytest.mark.parametrize(("value", "kwargs", "exc", "match"), [
    ("abc", {}, TypeError, r"X must be an array-like of numbers; got str 'abc'"),
    (None, {}, TypeError, "X must be an array-like of numbers; got NoneType"),
    ([[1, 2], [3]], {}, TypeError, "X must be a rectangular array"),
    ([1 + 2j], {}, TypeError, "X must be real-valued"),
    (np.array(["a"]), {}, TypeError, "X must contain numbers"),
    (np.ones(3), {"ndim": 2, "shape_doc": "(n, d)"}, ValueError,
     r"X must be a 2-D array of shape \(n, d\); got shape \(3,\)"),
    (np.ones((2, 3)), {"shape": (None, 2)}, ValueError, r"X must have shape \(any, 2\)"),
    (np.ones(0), {}, ValueError, "X must not be empty"),
    ([1.0, np.inf], {}, ValueError, r"finite numbers; got 1 NaN or infinite value\(s\)"),
    ([0.5, 1], {"dtype": "int"}, TypeError, "X must contain integers"),
    ([0, 2], {"dtype": "bool"}, ValueError, "X must contain only 0/1"),
])
def test_check_array_rejects(value, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        check_array(value, "X", **kwargs)


def test_check_array_accepts_and_converts():
    assert check_array([True, False], "X").dtype == np.float64
    assert check_array([1, 0], "X", dtype="bool").dtype == np.bool_
    assert check_array([3.0, 4.0], "X", dtype="int").tolist() == [3, 4]
    assert check_array([np.nan], "X", finite=False).shape == (1,)
    a = np.ones(3)
    assert check_array(a, "a", copy=True) is not a


@pytest.mark.parametrize(("value", "kwargs", "exc", "match"), [
    ("1", {}, TypeError, "eta must be a real number; got str"),
    (True, {}, TypeError, "eta must be a real number; got bool"),
    (float("nan"), {}, ValueError, "eta must be finite"),
    (0.0, {"low": 0, "include_low": False}, ValueError, r"eta must be in \(0, inf\); got 0.0"),
    (2, {"low": 0, "high": 1}, ValueError, r"eta must be in \[0, 1\]; got 2"),
])
def test_check_scalar_rejects(value, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        check_scalar(value, "eta", **kwargs)


def test_check_int_choice_callable_rng_and_lengths():
    assert check_int(np.int64(3), "n") == 3
    for bad, exc in [(2.0, TypeError), (True, TypeError), (-1, ValueError), ("3", TypeError)]:
        with pytest.raises(exc, match="n must be"):
            check_int(bad, "n", low=0)
    with pytest.raises(ValueError, match=r"mode must be one of \['a', 'b'\]; got 'c'"):
        check_choice("c", "mode", ["a", "b"])
    with pytest.raises(TypeError, match="fn must be callable"):
        check_callable(3, "fn")
    assert isinstance(check_rng(None), np.random.Generator)
    g = np.random.default_rng(0)
    assert check_rng(g) is g
    assert check_rng(5).integers(1000) == np.random.default_rng(5).integers(1000)
    with pytest.raises(TypeError, match="random_state must be None, an int seed"):
        check_rng(1.5)
    with pytest.raises(ValueError, match="non-negative"):
        check_rng(-3)
    with pytest.raises(ValueError, match="X and y must have the same number of samples"):
        check_same_length(np.ones(3), "X", np.ones(2), "y")


def test_check_binary_labels():
    classes, t = check_binary_labels(np.array(["cat", "dog", "cat"]))
    assert classes.tolist() == ["cat", "dog"] and t.tolist() == [-1, 1, -1]
    for bad, match in [([1, 1], "exactly two classes; got 1"), ([[0, 1]], "1-D array"),
                       ([], "must not be empty"), ([0.0, np.nan], "NaN"),
                       ([0, 1, 2], "got 3")]:
        with pytest.raises(ValueError, match=match):
            check_binary_labels(bad)


def test_describe_is_short():
    assert describe("x" * 100).endswith("...'")
    assert describe([1, 2]) == "list of length 2"
