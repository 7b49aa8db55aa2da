"""Tests of lesson 11c's cores: blocked matmul and transpose, histograms, parallel
normalisation, external sort.

References written by someone else: numpy's ``@`` and ``.T``, ``np.bincount`` and
``collections.Counter``, ``np.mean`` / ``np.std``, ``np.sort`` of the whole file.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import blocked, histogram, reduction
from course_lib.external_sort import external_sort, write_integers


# --- blocked matmul / transpose ---------------------------------------------------------------
@settings(max_examples=20, deadline=None)
@given(n=st.integers(1, 13), m=st.integers(1, 13), p=st.integers(1, 13),
       block=st.integers(1, 15), workers=st.integers(1, 3), seed=st.integers(0, 999))
def test_blocked_matmul_equals_numpy_for_every_block_size(n, m, p, block, workers, seed):
    rng = np.random.default_rng(seed)
    A, B = rng.normal(size=(n, m)), rng.normal(size=(m, p))
    np.testing.assert_allclose(blocked.matmul_blocked(A, B, block, n_workers=workers), A @ B,
                               rtol=1e-12, atol=1e-12)


@settings(max_examples=20, deadline=None)
@given(n=st.integers(1, 8), m=st.integers(1, 8), p=st.integers(1, 8), seed=st.integers(0, 99))
def test_naive_matmul_equals_numpy(n, m, p, seed):
    rng = np.random.default_rng(seed)
    A, B = rng.normal(size=(n, m)), rng.normal(size=(m, p))
    np.testing.assert_allclose(blocked.matmul_naive(A, B), A @ B, rtol=1e-12, atol=1e-12)


@settings(max_examples=20, deadline=None)
@given(n=st.integers(1, 40), m=st.integers(1, 40), block=st.integers(1, 50),
       seed=st.integers(0, 999))
def test_transposes_equal_numpy_exactly(n, m, block, seed):
    a = np.random.default_rng(seed).normal(size=(n, m))
    out = blocked.transpose_blocked(a, block)
    assert out.flags.c_contiguous
    np.testing.assert_array_equal(out, a.T)
    np.testing.assert_array_equal(blocked.transpose_naive(a), a.T)


def test_tile_count_by_formula():
    assert blocked.n_tiles((64, 64), 32) == 4
    assert blocked.n_tiles((65, 64), 32) == 6   # a partial row of tiles


def _lru_loads(trace, size):
    """Loads of an LRU cache of ``size`` entries over a trace: a plain list, most recent last."""
    cache, loads = [], 0
    for key in trace:
        if key in cache:
            cache.remove(key)
        else:
            loads += 1
            if len(cache) == size:
                cache.pop(0)
        cache.append(key)
    return loads


@pytest.mark.parametrize(("n", "block", "size"), [(5, None, 4), (5, 2, 12), (6, 3, 27),
                                                  (6, 4, 20), (7, 1, 3), (4, None, 100)])
def test_matmul_traffic_equals_a_list_lru_over_the_tiled_trace(n, block, size):
    b = n if block is None else block
    trace = [key for I, J, K in itertools.product(range(0, n, b), repeat=3)  # noqa: E741
             for i in range(I, min(I + b, n)) for j in range(J, min(J + b, n))
             for k in range(K, min(K + b, n))
             for key in (("A", i, k), ("B", k, j), ("C", i, j))]
    assert len(trace) == 3 * n**3
    assert blocked.matmul_traffic(n, block, size) == _lru_loads(trace, size)


def test_matmul_traffic_bounds():
    assert blocked.matmul_traffic(6, 2, 3 * 36) == 3 * 36        # all fits: each number once
    n, M = 16, 5 * 4 * 4
    naive, tiled = blocked.matmul_traffic(n, None, M), blocked.matmul_traffic(n, 4, M)
    assert naive >= n**3                     # B is re-read for every row of A
    assert tiled <= 2 * n**3 / 4 + 2 * n**2  # each tile product loads its A and B tiles once
    assert blocked.matmul_traffic(n, 16, M) >= naive   # tiles that do not fit: no gain
    with pytest.raises(ValueError, match="n is too large"):
        blocked.matmul_traffic(200, 8, 100)
    with pytest.raises(ValueError, match="block"):
        blocked.matmul_traffic(8, 9, 100)


@pytest.mark.parametrize(("call", "match"), [
    (lambda: blocked.matmul_blocked(np.ones((2, 3)), np.ones((2, 3))), "m = A.shape\\[1\\]"),
    (lambda: blocked.matmul_blocked(np.ones((2, 2)), np.ones((2, 2)), 0), "block"),
    (lambda: blocked.transpose_blocked(np.ones((2, 2)), 0), "block"),
    (lambda: blocked.transpose_blocked(np.ones((1500, 1500)), 1), "block is too small"),
    (lambda: blocked.matmul_naive(np.ones((200, 200)), np.ones((200, 200))), "n \\* m \\* p"),
    (lambda: blocked.transpose_naive(np.ones(5)), "a must be a 2-D array"),
])
def test_blocked_bad_input(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


# --- histogram --------------------------------------------------------------------------------
@settings(max_examples=20, deadline=None)
@given(values=st.lists(st.integers(0, 30), min_size=1, max_size=200),
       extra=st.integers(0, 5), method=st.sampled_from(["bincount", "loop", "add_at", "sort"]))
def test_every_histogram_method_equals_bincount_and_counter(values, extra, method):
    n_bins = max(values) + 1 + extra
    counts = histogram.histogram(values, n_bins, method=method)
    np.testing.assert_array_equal(counts, np.bincount(values, minlength=n_bins))
    counter = Counter(values)
    assert counts.tolist() == [counter.get(v, 0) for v in range(n_bins)]
    assert counts.dtype == np.int64


def test_fancy_index_add_loses_repeated_values():
    x = np.array([2, 2, 2, 0])
    assert histogram.histogram(x, method="fancy_index_bug").tolist() == [1, 0, 1]
    assert histogram.histogram(x, method="add_at").tolist() == [1, 0, 3]


@pytest.mark.parametrize(("kwargs", "match"), [
    (dict(x=[-1, 2]), "non-negative"),
    (dict(x=[1.5]), "integers"),
    (dict(x=[5], n_bins=3), "n_bins must be larger"),
    (dict(x=[10**9]), "below"),
    (dict(x=[1], method="hash"), "method"),
])
def test_histogram_bad_input(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        histogram.histogram(**kwargs)


# --- parallel normalisation -------------------------------------------------------------------
@settings(max_examples=20, deadline=None)
@given(n=st.integers(2, 3000), workers=st.integers(1, 4), chunk=st.integers(1, 700),
       strategy=st.sampled_from(reduction.STRATEGIES), seed=st.integers(0, 999))
def test_normalise_equals_numpy_for_every_strategy(n, workers, chunk, strategy, seed):
    x = np.random.default_rng(seed).normal(3.0, 2.0, size=n)
    if np.ptp(x) == 0:
        return
    res = reduction.normalise(x, n_workers=workers, strategy=strategy, chunk_size=chunk)
    np.testing.assert_allclose(res.z, (x - x.mean()) / x.std(), rtol=0, atol=1e-12)
    assert res.mean == pytest.approx(x.mean(), abs=1e-12)
    assert res.std == pytest.approx(x.std(), rel=1e-12)
    edges = np.linspace(0, n, workers + 1).astype(int)   # worker w owns edges[w]:edges[w+1]
    per_chunk = sum(-(-(int(hi) - int(lo)) // chunk) for lo, hi in itertools.pairwise(edges))
    expected_locks = {"partial_sums": 0, "lock_per_element": n, "lock_per_chunk": per_chunk}
    assert res.lock_acquisitions == expected_locks[strategy]
    assert 0 <= res.contended <= res.lock_acquisitions


def test_normalise_keeps_the_shape_and_is_stable_far_from_zero():
    x = 1e8 + np.random.default_rng(0).normal(size=(40, 50))   # sum of squares would cancel
    res = reduction.normalise(x, n_workers=3, chunk_size=97)
    assert res.z.shape == (40, 50)
    np.testing.assert_allclose(res.z, (x - x.mean()) / x.std(), rtol=0, atol=1e-7)


@pytest.mark.parametrize(("kwargs", "match"), [
    (dict(x=np.ones(10)), "constant"),
    (dict(x=np.ones(1)), "at least two"),
    (dict(x=np.arange(5.0), n_workers=0), "n_workers"),
    (dict(x=np.arange(5.0), chunk_size=0), "chunk_size"),
    (dict(x=np.arange(5.0), strategy="mutex"), "strategy"),
    (dict(x=np.arange(2_000_000.0), strategy="lock_per_element"), "lock_per_element"),
])
def test_normalise_bad_input(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        reduction.normalise(**kwargs)


# --- external sort ----------------------------------------------------------------------------
@pytest.mark.parametrize(("n", "budget"), [(0, 131_072), (1, 131_072), (50_000, 200_000),
                                           (3_000, 10**7)])
def test_external_sort_equals_np_sort_and_stays_under_budget(n, budget):
    with tempfile.TemporaryDirectory() as folder:
        src = write_integers(os.path.join(folder, "in.i64"), n, high=1000, random_state=n)
        dst = os.path.join(folder, "out.i64")
        res = external_sort(src, dst, memory_budget=budget)
        data = np.fromfile(src, dtype="<i8")
        out = np.fromfile(dst, dtype="<i8")
        np.testing.assert_array_equal(out, np.sort(data))
        assert res.n_integers == n and res.peak_bytes <= budget
        assert res.n_runs == -(-n // res.run_length)
        if n * 8 > budget:
            assert res.n_runs > 1          # the file did not fit: it really was external


def test_external_sort_bad_input():
    with tempfile.TemporaryDirectory() as folder:
        src = write_integers(os.path.join(folder, "in.i64"), 100_000, random_state=0)
        dst = os.path.join(folder, "out.i64")
        with pytest.raises(ValueError, match="memory_budget must be an integer in"):
            external_sort(src, dst, memory_budget=1000)
        with pytest.raises(ValueError, match="at most 256 can be merged"):
            write_integers(src, 1_100_000, random_state=0, block=10**6)   # > 256 runs
            external_sort(src, dst, memory_budget=131_072)
        with pytest.raises(ValueError, match="dst must differ"):
            external_sort(src, src, memory_budget=10**6)
        with pytest.raises(ValueError, match="src must be an existing file"):
            external_sort(os.path.join(folder, "missing.i64"), dst, memory_budget=10**6)
        with pytest.raises(ValueError, match=r"'\.i64'"):
            external_sort(src, os.path.join(folder, "out.txt"), memory_budget=10**6)
        with open(os.path.join(folder, "odd.i64"), "wb") as f:
            f.write(b"123")
        with pytest.raises(ValueError, match="multiple of 8"):
            external_sort(os.path.join(folder, "odd.i64"), dst, memory_budget=10**6)
