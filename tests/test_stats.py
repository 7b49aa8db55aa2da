"""course_lib.stats against scipy.stats.sem."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as sp

from course_lib.stats import mean_se, standard_error


@pytest.mark.parametrize("shape", [(2,), (7,), (3, 5), (4, 2, 6)])
@pytest.mark.parametrize("axis", [0, -1])
def test_standard_error_equals_scipy_sem(shape, axis):
    x = np.random.default_rng(sum(shape)).normal(size=shape)
    np.testing.assert_allclose(standard_error(x, axis), sp.sem(x, axis=axis), rtol=1e-14)
    m, se = mean_se(x, axis)
    np.testing.assert_allclose(m, x.mean(axis=axis), rtol=1e-14)
    np.testing.assert_allclose(se, sp.sem(x, axis=axis), rtol=1e-14)


def test_a_list_gives_floats():
    m, se = mean_se([1, 2, 3])
    assert isinstance(m, float) and isinstance(se, float)


@pytest.mark.parametrize(("x", "axis", "exc", "match"), [
    ([1.0], -1, ValueError, "at least two values"), (3.0, -1, TypeError, "x must be an array"),
    ([[1.0, 2.0]], 0, ValueError, "at least two values"), ([1.0, 2.0], 1, ValueError, "axis")])
def test_bad_input_is_named(x, axis, exc, match):
    with pytest.raises(exc, match=match):
        standard_error(x, axis)
