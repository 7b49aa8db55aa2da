"""Tests of lesson 09: Monte Carlo and randomised algorithms.

Statistical checks use fixed seeds and tolerances of a few standard errors (5 SE: a false
alarm has probability below 1e-6 per check, and with fixed seeds the outcome never changes).
"""

from __future__ import annotations

import math

import matplotlib
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import check
from course_lib import montecarlo as mc
from course_lib.exercises import REGISTRY

matplotlib.use("Agg")

Z5 = 5.0  # standard errors allowed in statistical checks


def binom_tol(p: float, n: int) -> float:
    return Z5 * math.sqrt(p * (1 - p) / n)


# --- pi: three implementations, one stream ----------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 3000), chunk=st.integers(1, 4000), seed=st.integers(0, 2**32 - 1))
def test_streaming_equals_one_shot_for_the_same_stream(n, chunk, seed):
    one_shot = mc.pi_vectorized(n, random_state=seed)
    streamed = mc.pi_streaming(n, random_state=seed, chunk_size=chunk)
    assert streamed.estimate == one_shot
    assert streamed.n_samples == n


@pytest.mark.parametrize("n", [1, 2, 17, 1000])
def test_loop_equals_vectorized_for_the_same_seed(n):
    assert mc.pi_loop(n, random_state=3) == mc.pi_vectorized(n, random_state=3)


def test_estimators_read_a_shared_generator_in_order():
    rng = np.random.default_rng(5)
    first = mc.pi_streaming(500, rng, chunk_size=64).estimate
    second = mc.pi_vectorized(500, rng)
    both = np.random.default_rng(5).random((1000, 2))
    assert first == mc.pi_from_points(both[:500])
    assert second == mc.pi_from_points(both[500:])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_streaming_estimate_within_five_standard_errors(seed):
    res = mc.pi_streaming(2_000_000, random_state=seed)
    true_se = 4 * math.sqrt(math.pi / 4 * (1 - math.pi / 4) / res.n_samples)
    assert abs(res.estimate - math.pi) < Z5 * true_se
    assert res.std_error == pytest.approx(true_se, rel=0.01)
    assert res.ci_low < res.estimate < res.ci_high
    assert res.ci_high - res.ci_low == pytest.approx(2 * 1.959964 * res.std_error, rel=1e-6)


def test_pi_result_repr_and_confidence():
    res = mc.pi_streaming(1000, random_state=0, confidence=0.5)
    assert "50% CI" in repr(res) and "n_samples=1,000" in repr(res)
    wide = mc.pi_streaming(1000, random_state=0, confidence=0.99)
    assert wide.ci_high - wide.ci_low > res.ci_high - res.ci_low


def test_pi_from_points_counts_the_arc_as_inside():
    assert mc.pi_from_points([[0.0, 1.0], [1.0, 0.0], [0.6, 0.8], [0.9, 0.9]]) == 3.0


def test_coverage_of_the_95_percent_interval_is_close_to_95_percent():
    n, repeats = 10_000, 20_000
    est = mc.pi_estimates(n, repeats, random_state=0)
    p = est / 4
    half = 1.959964 * 4 * np.sqrt(p * (1 - p) / n)
    coverage = np.mean(np.abs(est - math.pi) <= half)
    assert abs(coverage - 0.95) < binom_tol(0.95, repeats)


def test_binomial_shortcut_has_the_distribution_of_drawn_points():
    n, repeats = 200, 4000
    a = mc.pi_estimates(n, repeats, random_state=1, method="points")
    b = mc.pi_estimates(n, repeats, random_state=2, method="binomial")
    sd = 4 * math.sqrt(math.pi / 4 * (1 - math.pi / 4) / n)
    for est in (a, b):
        assert abs(est.mean() - math.pi) < Z5 * sd / math.sqrt(repeats)
        # the sample variance of near-normal data has relative SE sqrt(2 / (repeats - 1))
        assert abs(est.var(ddof=1) / sd**2 - 1) < Z5 * math.sqrt(2 / (repeats - 1))


def test_error_shrinks_like_one_over_sqrt_n():
    ns = np.array([100, 10_000, 1_000_000])
    rms = [np.sqrt(np.mean((mc.pi_estimates(int(n), 4000, random_state=7) - math.pi) ** 2))
           for n in ns]
    slope = np.polyfit(np.log(ns), np.log(rms), 1)[0]
    assert abs(slope + 0.5) < 0.03


def test_parallel_is_reproducible_and_correct():
    a = mc.pi_parallel(400_000, random_state=3, n_workers=2)
    assert a == mc.pi_parallel(400_000, random_state=3, n_workers=2)
    b = mc.pi_parallel(400_000, random_state=3, n_workers=3)
    for res in (a, b):
        assert abs(res.estimate - math.pi) < Z5 * res.std_error
    # one worker is the streaming estimator on the first spawned stream
    one = mc.pi_parallel(10_000, random_state=3, n_workers=1)
    assert one.estimate == mc.pi_streaming(10_000, mc.spawn_generators(3, 1)[0]).estimate
    # more workers than points: the idle workers simply get nothing
    assert mc.pi_parallel(3, random_state=0, n_workers=5).n_samples == 3


def test_spawned_streams_are_reproducible_and_distinct():
    first = [g.random(4) for g in mc.spawn_generators(11, 3)]
    again = [g.random(4) for g in mc.spawn_generators(11, 3)]
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    assert not np.array_equal(first[0], first[1])
    ss = np.random.SeedSequence(11)
    assert np.array_equal(mc.spawn_generators(ss, 3)[2].random(4), first[2])


# --- integration --------------------------------------------------------------------------------
@pytest.mark.parametrize(("f", "low", "high", "exact"), [
    (lambda X: X[:, 0] ** 2, [0.0], [1.0], 1 / 3),
    (lambda X: np.exp(-(X**2).sum(axis=1)), [-3, -3, -3], [3, 3, 3],
     math.erf(3) ** 3 * math.pi**1.5),
    (lambda X: np.sin(X[:, 0]) * X[:, 1], [0, 0], [math.pi, 2], 4.0),
])
def test_integral_within_five_standard_errors(f, low, high, exact):
    res = mc.mc_integrate(f, low, high, 200_000, random_state=0)
    assert abs(res.estimate - exact) < Z5 * res.std_error
    assert res.covers(exact)


def test_integration_is_chunk_invariant_and_its_variance_exact():
    def f(X):
        return np.cos(3 * X[:, 0]) + X[:, 1]

    ref = mc.mc_integrate(f, [0, 0], [1, 2], 5000, random_state=4, chunk_size=5000)
    for chunk in (1, 7, 999, 10_000):
        res = mc.mc_integrate(f, [0, 0], [1, 2], 5000, random_state=4, chunk_size=chunk)
        assert res.estimate == pytest.approx(ref.estimate, rel=1e-12)
        assert res.std_error == pytest.approx(ref.std_error, rel=1e-9)
    X = np.array([0, 0]) + np.array([1, 2]) * np.random.default_rng(4).random((5000, 2))
    values = 2 * f(X)
    assert ref.estimate == pytest.approx(values.mean(), rel=1e-12)
    assert ref.std_error == pytest.approx(values.std(ddof=1) / math.sqrt(5000), rel=1e-9)


@pytest.mark.parametrize("d", [1, 2, 3, 7])
def test_integration_points_are_the_one_shot_draw_and_f_may_keep_them(d):
    # the flat-chunk scaling (issue 26: 1e9 points took 31 s, 19 ns a point of it in the
    # broadcast) gives bit for bit numpy's lo + width * rng.random((n, d)), and every chunk
    # is a new array: an f that keeps its X (to plot it, say) keeps the right points
    lo, hi = -np.arange(1.0, d + 1), np.linspace(0.5, 3.0, d)
    kept = []

    def f(X):
        kept.append(X)
        return X[:, 0]

    mc.mc_integrate(f, lo, hi, 10_001, random_state=9, chunk_size=1000)
    ref = lo + (hi - lo) * np.random.default_rng(9).random((10_001, d))
    assert [len(X) for X in kept] == [1000] * 10 + [1]
    assert np.array_equal(np.concatenate(kept), ref)


def test_integrating_a_constant_is_exact_with_zero_error():
    res = mc.mc_integrate(lambda X: np.full(len(X), 2.5), -1.0, 3.0, 100, random_state=0)
    assert res.estimate == pytest.approx(10.0) and res.std_error == pytest.approx(0.0, abs=1e-12)


def test_grid_rule_is_deterministic_and_converges_like_h_squared():
    def f(X):
        return np.exp(X[:, 0] + 2 * X[:, 1])

    exact = (math.e - 1) * (math.e**2 - 1) / 2
    errs = [abs(mc.grid_integrate(f, [0, 0], [1, 1], m) - exact) for m in (10, 20, 40)]
    assert errs[0] / errs[1] == pytest.approx(4, rel=0.05)
    assert errs[1] / errs[2] == pytest.approx(4, rel=0.05)
    assert mc.grid_integrate(f, [0, 0], [1, 1], 10) == mc.grid_integrate(f, [0, 0], [1, 1], 10)


def test_monte_carlo_beats_the_grid_for_a_ball_in_high_dimension():
    d, m = 8, 4  # 4**8 = 65536 grid points
    exact = math.pi ** (d / 2) / math.gamma(d / 2 + 1)

    def ball(X):
        return (X**2).sum(axis=1) <= 1

    grid = mc.grid_integrate(ball, -np.ones(d), np.ones(d), m)
    res = mc.mc_integrate(ball, -np.ones(d), np.ones(d), m**d, random_state=0)
    assert abs(res.estimate - exact) < Z5 * res.std_error
    assert abs(grid - exact) > 10 * res.std_error



@pytest.mark.parametrize("m, d", [(1, 1), (2, 3), (3, 2), (4, 3), (5, 2), (4, 8), (18, 2), (7, 3),
                                  (2, 5)])
def test_grid_sphere_ties_match_exact_rational_grid(m, d):
    from fractions import Fraction
    from itertools import product

    if m**d > 70_000:
        pytest.skip("brute force too large")
    coords = [Fraction(2 * i + 1 - m, m) for i in range(m)]
    norms = [sum(c * c for c in p) for p in product(coords, repeat=d)]
    assert mc.grid_sphere_ties(m, d) == (sum(r < 1 for r in norms), sum(r == 1 for r in norms))


def test_grid_sphere_ties_explain_the_float_grid_when_coordinates_are_exact():
    # m = 4: the grid's coordinates are exact binary fractions, so <= and < see the ties exactly
    d, m = 8, 4
    inside, ties = mc.grid_sphere_ties(m, d)
    cell = 2.0**d / m**d
    lo, hi = -np.ones(d), np.ones(d)
    assert mc.grid_integrate(lambda X: (X**2).sum(axis=1) <= 1, lo, hi, m) == (inside + ties) * cell
    assert mc.grid_integrate(lambda X: (X**2).sum(axis=1) < 1, lo, hi, m) == inside * cell


def test_quicksort_edge_cases():
    out, count = mc.randomized_quicksort([], random_state=0)
    assert out.size == 0 and count == 0
    out, count = mc.randomized_quicksort([4, 4, 4, 4], random_state=0)
    assert out.tolist() == [4, 4, 4, 4] and count == 3  # one partition ends it


def test_quicksort_cost_matches_the_exact_expectation():
    n, trials = 60, 400
    rng = np.random.default_rng(0)
    counts = np.array([mc.randomized_quicksort(rng.permutation(n), rng)[1]
                       for _ in range(trials)])
    sim = mc.quicksort_comparisons(n, 20_000, random_state=1)
    exact = mc.expected_quicksort_comparisons(n)
    assert abs(counts.mean() - exact) < Z5 * counts.std() / math.sqrt(trials)
    assert abs(sim.mean() - exact) < Z5 * sim.std() / math.sqrt(sim.size)
    # same spread for the real sort and the simulation (relative SE of a variance ~ sqrt(2/n))
    assert abs(counts.var() / sim.var() - 1) < Z5 * math.sqrt(2 / trials) * 1.5


@pytest.mark.parametrize(("n", "seed"), [(0, 0), (1, 3), (2, 5), (50, 0), (300, 12345)])
def test_adversarial_input_makes_the_fixed_seed_quadratic(n, seed):
    bad = mc.adversarial_input(n, seed)
    assert sorted(bad.tolist()) == list(range(n))
    assert mc.randomized_quicksort(bad, random_state=seed)[1] == n * (n - 1) // 2
    if n >= 50:  # another seed sorts the same input at the usual cost
        other = mc.randomized_quicksort(bad, random_state=seed + 1)[1]
        assert other < 3 * mc.expected_quicksort_comparisons(n)


def test_exact_small_cases():
    # n = 3: the first pivot is the middle key with prob. 1/3 (2 comparisons), else 3
    sim = mc.quicksort_comparisons(3, 30_000, random_state=0)
    assert set(np.unique(sim).tolist()) == {2, 3}
    assert abs(np.mean(sim == 2) - 1 / 3) < binom_tol(1 / 3, 30_000)
    assert mc.expected_quicksort_comparisons(3) == pytest.approx(8 / 3)
    assert mc.expected_quicksort_comparisons(0) == 0
    assert mc.expected_quicksort_comparisons(1) == 0
    assert mc.quicksort_comparisons(1, 5, random_state=0).tolist() == [0] * 5


@settings(max_examples=40, deadline=None)
@given(values=st.lists(st.integers(0, 20), max_size=40), budget=st.integers(0, 200),
       seed=st.integers(0, 1000))
def test_budget_stops_exactly_when_the_las_vegas_run_would_exceed_it(values, budget, seed):
    full, cost = mc.randomized_quicksort(values, random_state=seed)
    res = mc.sort_within_budget(values, budget, random_state=seed)
    assert res.finished == (cost <= budget)
    assert res.cost <= budget
    if res.finished:
        assert np.array_equal(res.output, full) and res.cost == cost


def test_budgeted_failure_rate_respects_markov():
    n, trials = 200, 20_000
    mean = mc.expected_quicksort_comparisons(n)
    counts = mc.quicksort_comparisons(n, trials, random_state=3)
    for delta in (0.9, 0.8, 0.5):
        budget = mc.markov_budget(mean, delta)
        assert mc.markov_bound(mean, budget) <= delta
        fail = np.mean(counts > budget)
        assert fail <= delta
    # a budget at the mean fails often: Markov's bound (1.0) is honest but loose
    assert 0.2 < np.mean(counts > mean) < 0.8


# --- Freivalds ----------------------------------------------------------------------------------
@settings(max_examples=50, deadline=None)
@given(n=st.integers(1, 12), m=st.integers(1, 12), p=st.integers(1, 12),
       seed=st.integers(0, 10_000), integer=st.booleans())
def test_freivalds_never_rejects_a_correct_product(n, m, p, seed, integer):
    rng = np.random.default_rng(seed)
    if integer:
        A, B = rng.integers(-50, 50, (n, m)), rng.integers(-50, 50, (m, p))
    else:
        A, B = rng.normal(size=(n, m)) * 1e3, rng.normal(size=(m, p)) * 1e-3
    assert mc.freivalds(A, B, A @ B, k=30, random_state=seed)
    assert mc.freivalds_error_rate(A, B, A @ B, k=2, n_trials=20, random_state=seed) == 1.0


@pytest.mark.parametrize("k", [1, 2, 3, 5, 8])
def test_freivalds_catches_a_wrong_product_at_rate_at_least_one_minus_2_to_the_minus_k(k):
    rng = np.random.default_rng(k)
    A, B = rng.integers(-9, 10, (30, 30)), rng.integers(-9, 10, (30, 30))
    C = A @ B
    C[4, 17] += 1  # one wrong entry: the hardest case, each round misses it with prob. 1/2
    trials = 20_000
    rate = mc.freivalds_error_rate(A, B, C, k=k, n_trials=trials, random_state=0)
    bound = 2.0**-k
    assert rate <= bound + binom_tol(bound, trials)   # caught at rate >= 1 - 2^-k
    assert abs(rate - bound) < binom_tol(bound, trials)  # and that bound is tight here


def test_freivalds_with_a_dense_error_is_caught_almost_always():
    rng = np.random.default_rng(0)
    A, B = rng.normal(size=(40, 40)), rng.normal(size=(40, 40))
    C = A @ B + rng.normal(size=(40, 40)) * 1e-3
    assert mc.freivalds_error_rate(A, B, C, k=1, n_trials=2000, random_state=1) < 0.01
    assert not mc.freivalds(A, B, C, k=3, random_state=0)


def test_freivalds_round_uses_the_given_vector():
    A, B = np.eye(2), np.eye(2)
    C = np.array([[1.0, 5.0], [0.0, 1.0]])  # wrong in entry (0, 1): only r[1] = 1 sees it
    assert mc.freivalds_round(A, B, C, [1, 0])
    assert not mc.freivalds_round(A, B, C, [0, 1])
    assert not mc.freivalds_round(A, B, C, [1, 1])


def test_freivalds_is_exact_for_integer_products_beyond_2_to_the_53():
    # the case: entries in [-2**24, 2**24), n = 64; A @ B reaches ~2**54, where
    # float64 rounds. int64 holds every intermediate sum here (bound 2**60 < 2**62).
    for seed in range(5):
        rng = np.random.default_rng(seed)
        A = rng.integers(-2**24, 2**24, (64, 64))
        B = rng.integers(-2**24, 2**24, (64, 64))
        C = A @ B
        # the edge this test is about: partial sums of A (B r) pass 2**53
        assert (np.abs(A) @ (np.abs(B) @ np.ones(64, dtype=np.int64))).max() > 2**53
        assert mc.freivalds(A, B, C, k=20, random_state=seed)
        wrong = C.copy()
        wrong[7, 9] += 1  # off by one in a number above 2**53: invisible to float64
        assert not mc.freivalds(A, B, wrong, k=40, random_state=seed)


def test_freivalds_uses_python_integers_where_int64_could_overflow():
    # entries near 2**27 and n = 64: C fits in int64, but C r sums 64 such entries and the
    # proven bound passes 2**63, so the check must use exact Python integers
    rng = np.random.default_rng(1)
    A = rng.integers(-2**27, 2**27, (64, 64))
    B = rng.integers(-2**27, 2**27, (64, 64))
    exact = (A.astype(object) @ B.astype(object))
    assert max(abs(int(v)) for v in exact.ravel()) < 2**63
    C = exact.astype(np.int64)
    assert mc.freivalds(A, B, C, k=10, random_state=0)
    C[0, 0] -= 1
    assert not mc.freivalds(A, B, C, k=30, random_state=0)
    # a wrong C that agrees modulo 2**64 with the right one would fool wrapping int64 sums:
    # with Python integers r = e_0 exposes it
    A2 = np.array([[2**62, 2**62], [0, 0]], dtype=np.int64)
    B2 = np.array([[2, 0], [2, 0]], dtype=np.int64)
    C2 = np.zeros((2, 2), dtype=np.int64)  # the true product's (0, 0) entry is 2**64
    assert not mc.freivalds_round(A2, B2, C2, [1, 0])
    assert mc.freivalds_round(A2, B2, C2, [0, 1])


def test_freivalds_refuses_unsigned_integers_beyond_int64():
    big = np.array([[2**64 - 1]], dtype=np.uint64)
    with pytest.raises(ValueError, match="A has entries above 2\\*\\*63 - 1"):
        mc.freivalds(big, np.ones((1, 1), dtype=np.uint64), big)


def test_freivalds_float_tolerance_follows_each_entrys_magnitude():
    rng = np.random.default_rng(2)
    # rows of very different scale: a global tolerance would hide an error in a small row
    A = rng.normal(size=(30, 30)) * np.logspace(-6, 6, 30)[:, None]
    B = rng.normal(size=(30, 30))
    C = A @ B
    assert mc.freivalds(A, B, C, k=30, random_state=0)
    C[0, 3] += 1e-9  # relative error 1e-3 in the smallest row, tiny against the largest
    assert not mc.freivalds(A, B, C, k=30, random_state=0)
    with pytest.raises(ValueError, match="overflow float64"):
        mc.freivalds(np.full((2, 2), 1e300), np.full((2, 2), 1e300), np.ones((2, 2)))


@pytest.mark.parametrize(("fn", "args", "match"), [
    (mc.expected_quicksort_comparisons, (2**60,), "n must be at most"),
    (mc.pi_parallel, (10,), "n_workers must be at most"),
    (mc.spawn_generators, (0, 10**9), "n_streams must be at most"),
    (mc.random_graph, (10**9, 0.5), "n_vertices must be at most"),
    (mc.pi_loop, (10**9,), "n must be at most"),
    (mc.pi_vectorized, (10**9,), "n must be at most"),
    (mc.pi_streaming, (10,), "chunk_size must be at most"),
    (mc.pi_estimates, (10, 10**9), "n_repeats must be at most"),
    (mc.quicksort_comparisons, (10**9, 10), "n \\* n_trials must be at most"),
    (mc.adversarial_input, (10**9, 0), "n must be at most"),
    (mc.freivalds, (np.eye(2), np.eye(2), np.eye(2), 10**9), "k must be at most"),
])
def test_size_arguments_are_capped_before_any_work(fn, args, match):
    kwargs = {"n_workers": 10**9} if fn is mc.pi_parallel else {}
    if fn is mc.pi_streaming:
        kwargs = {"chunk_size": 10**9}
    with pytest.raises(ValueError, match=match):
        fn(*args, **kwargs)


def test_expected_comparisons_for_huge_n_uses_the_harmonic_asymptotics():
    # H_n = ln n + gamma + 1/(2n) - ...: check against mpmath's harmonic number
    import mpmath

    for n in (1001, 10**6, 10**12):
        exact = 2 * (n + 1) * mpmath.harmonic(n) - 4 * n
        assert mc.expected_quicksort_comparisons(n) == pytest.approx(float(exact), rel=1e-13)
    small = [mc.expected_quicksort_comparisons(n) for n in range(4)]
    assert small == pytest.approx([0.0, 0.0, 1.0, 8 / 3])  # by hand: C_2 = 1, C_3 = 8/3


# --- Monte Carlo -> Las Vegas with an exact checker ----------------------------------------
def test_central_pivot_is_always_verified_and_takes_geometric_tries():
    rng = np.random.default_rng(0)
    a = rng.permutation(1000).astype(float)
    ranks = np.argsort(np.argsort(a))
    results = [mc.central_pivot(a, rng) for _ in range(4000)]
    for res in results[:200]:
        r = int(ranks[a == res.pivot][0])  # rank checked independently of is_central
        assert 250 - 1 <= r <= 750
    p = np.mean([mc.is_central(a, v) for v in a])  # exact success probability of one guess
    assert p >= 0.5
    tries = np.array([res.tries for res in results])
    mean, var = 1 / p, (1 - p) / p**2  # geometric distribution
    assert abs(tries.mean() - mean) < Z5 * math.sqrt(var / tries.size)


def test_central_pivot_handles_duplicates_and_tiny_inputs():
    assert mc.central_pivot([5.0], random_state=0).pivot == 5.0
    assert mc.central_pivot([3.0] * 10, random_state=0) == mc.PivotResult(3.0, 1)
    x = np.array([0.0] * 7 + [1.0] * 2)
    assert mc.is_central(x, 0.0) and not mc.is_central(x, 1.0)  # 7 of 9 > 3/4 below 1.0
    assert mc.is_central(x[1:], 1.0)  # 6 of 8 = 3/4 below: still allowed


# --- deterministic approximation -----------------------------------------------------------
def test_vertex_cover_is_a_cover_within_twice_the_optimum():
    rng = np.random.default_rng(0)
    worst = 0.0
    for _ in range(30):
        n = int(rng.integers(2, 11))
        edges = mc.random_graph(n, float(rng.uniform(0.1, 0.7)), rng)
        cover = mc.vertex_cover_2approx(edges)
        covered = np.isin(edges, cover).any(axis=1)
        assert covered.all()
        best = mc.min_vertex_cover_size(n, edges)
        assert len(cover) <= 2 * best
        assert np.array_equal(cover, mc.vertex_cover_2approx(edges))  # deterministic
        if best:
            worst = max(worst, len(cover) / best)
    assert 1.0 <= worst <= 2.0


def test_min_vertex_cover_known_graphs():
    assert mc.min_vertex_cover_size(3, [[0, 1], [1, 2], [0, 2]]) == 2   # triangle
    assert mc.min_vertex_cover_size(5, [[0, i] for i in range(1, 5)]) == 1  # star
    assert mc.min_vertex_cover_size(4, np.empty((0, 2), dtype=int)) == 0
    # the approximation's worst case: a perfect matching, where it takes both ends
    assert len(mc.vertex_cover_2approx([[0, 1], [2, 3]])) == 4


def test_random_graph_edge_density():
    edges = mc.random_graph(60, 0.3, random_state=0)
    pairs = 60 * 59 // 2
    assert abs(len(edges) / pairs - 0.3) < binom_tol(0.3, pairs)
    assert np.all(edges[:, 0] < edges[:, 1])


# --- bad input --------------------------------------------------------------------------------
def _sq(X):
    return X[:, 0] ** 2


BAD = [
    # pi estimators
    (mc.pi_streaming, (0,), {}, ValueError, "n must be an integer in"),
    (mc.pi_streaming, (-5,), {}, ValueError, "n must be"),
    (mc.pi_streaming, (10.5,), {}, TypeError, "n must be an integer"),
    (mc.pi_streaming, (10,), {"chunk_size": 0}, ValueError, "chunk_size"),
    (mc.pi_streaming, (10,), {"confidence": 1.0}, ValueError, "confidence must be in"),
    (mc.pi_streaming, (10,), {"random_state": "seed"}, TypeError, "random_state must be"),
    (mc.pi_loop, (0,), {}, ValueError, "n must be"),
    (mc.pi_loop, ("100",), {}, TypeError, "n must be an integer"),
    (mc.pi_loop, (True,), {}, TypeError, "n must be an integer"),
    (mc.pi_loop, (10,), {"random_state": -1}, ValueError, "non-negative"),
    (mc.pi_loop, (10,), {"random_state": 1.5}, TypeError, "random_state"),
    (mc.pi_vectorized, (0,), {}, ValueError, "n must be"),
    (mc.pi_vectorized, (None,), {}, TypeError, "n must be an integer"),
    (mc.pi_vectorized, (2.0,), {}, TypeError, "n must be an integer"),
    (mc.pi_vectorized, (-1,), {}, ValueError, "n must be"),
    (mc.pi_vectorized, (10,), {"random_state": [1]}, TypeError, "random_state"),
    (mc.pi_parallel, (0,), {}, ValueError, "n must be"),
    (mc.pi_parallel, (10,), {"n_workers": 0}, ValueError, "n_workers"),
    (mc.pi_parallel, (10,), {"random_state": None}, TypeError, "reproducible"),
    (mc.pi_parallel, (10,), {"random_state": np.random.default_rng(0)}, TypeError,
     "random_state must be an int seed"),
    (mc.pi_parallel, (10,), {"random_state": -3}, ValueError, "non-negative"),
    (mc.pi_from_points, ([1.0, 2.0],), {}, ValueError, "points must be a 2-D array"),
    (mc.pi_from_points, (np.zeros((3, 3)),), {}, ValueError, "points must have shape"),
    (mc.pi_from_points, (np.zeros((0, 2)),), {}, ValueError, "points must not be empty"),
    (mc.pi_from_points, ([[0.1, np.nan]],), {}, ValueError, "finite"),
    (mc.pi_from_points, ("points",), {}, TypeError, "points must be an array-like"),
    (mc.pi_estimates, (0, 10), {}, ValueError, "n must be"),
    (mc.pi_estimates, (10, 0), {}, ValueError, "n_repeats"),
    (mc.pi_estimates, (10, 10), {"method": "exact"}, ValueError, "method must be one of"),
    (mc.pi_estimates, (10**6, 10**3), {"method": "points"}, ValueError, "binomial"),
    (mc.pi_estimates, (10, 2.5), {}, TypeError, "n_repeats must be an integer"),
    (mc.spawn_generators, (None, 2), {}, TypeError, "random_state"),
    (mc.spawn_generators, (0, 0), {}, ValueError, "n_streams"),
    (mc.spawn_generators, (-1, 2), {}, ValueError, "non-negative"),
    (mc.spawn_generators, (1.5, 2), {}, TypeError, "random_state"),
    (mc.spawn_generators, (True, 2), {}, TypeError, "random_state"),
    # integration
    (mc.mc_integrate, ("x**2", [0], [1], 100), {}, TypeError, "f must be callable"),
    (mc.mc_integrate, (_sq, [0, 0], [1], 100), {}, ValueError, "low and high must have"),
    (mc.mc_integrate, (_sq, [1], [0], 100), {}, ValueError, "low must be below high"),
    (mc.mc_integrate, (_sq, [0], [np.inf], 100), {}, ValueError, "high must contain only finite"),
    (mc.mc_integrate, (_sq, [0], [1], 0), {}, ValueError, "n must be an integer in"),
    (mc.mc_integrate, (_sq, [0], [1], 1), {}, ValueError, "n must be an integer in"),
    (mc.mc_integrate, (lambda X: X, [0, 0], [1, 1], 10), {}, ValueError,
     "f must return one value per row"),
    (mc.mc_integrate, (lambda X: np.full(len(X), np.nan), [0], [1], 10), {}, ValueError,
     "f must return finite"),
    (mc.mc_integrate, (_sq, [[0, 1]], [[1, 2]], 10), {}, ValueError, "low must be"),
    (mc.grid_integrate, (_sq, [0], [1], 0), {}, ValueError, "n_per_dim"),
    (mc.grid_sphere_ties, (0, 2), {}, ValueError, "n_per_dim"),
    (mc.grid_sphere_ties, (4.0, 2), {}, TypeError, "n_per_dim must be an integer"),
    (mc.grid_sphere_ties, (4, 0), {}, ValueError, "d must be"),
    (mc.grid_sphere_ties, (4, 2.0), {}, TypeError, "d must be an integer"),
    (mc.grid_sphere_ties, (10, 8), {}, ValueError, "at most 1e7"),
    (mc.grid_sphere_ties, (True, 2), {}, TypeError, "n_per_dim must be an integer"),
    (mc.grid_integrate, (_sq, [0] * 8, [1] * 8, 10), {}, ValueError, "at most 1e7"),
    (mc.grid_integrate, (None, [0], [1], 5), {}, TypeError, "f must be callable"),
    (mc.grid_integrate, (_sq, [0], [0], 5), {}, ValueError, "low must be below high"),
    (mc.grid_integrate, (lambda X: X, [0, 0], [1, 1], 5), {}, ValueError, "one value per row"),
    (mc.grid_integrate, (_sq, [0], [1], 2.0), {}, TypeError, "n_per_dim must be an integer"),
    (mc.grid_integrate, (_sq, [0], True, 5), {}, TypeError, "high must be a number"),
    (mc.mc_integrate, (_sq, [False], [1], 5), {}, TypeError, "low must be a number"),
    # quicksort and budgets
    (mc.adversarial_input, (-1, 0), {}, ValueError, "n must be"),
    (mc.adversarial_input, (5, None), {}, TypeError, "seed must be an int"),
    (mc.adversarial_input, (5, np.random.default_rng(0)), {}, TypeError, "seed must be an int"),
    (mc.adversarial_input, (5, -2), {}, ValueError, "seed must be a non-negative"),
    (mc.adversarial_input, (5.0, 0), {}, TypeError, "n must be an integer"),
    (mc.randomized_quicksort, ([[1, 2], [3, 4]],), {}, ValueError, "a must be a 1-D array"),
    (mc.randomized_quicksort, ([1, np.nan],), {}, ValueError, "finite"),
    (mc.randomized_quicksort, ("abc",), {}, TypeError, "a must be an array-like"),
    (mc.randomized_quicksort, ([1, 2],), {"budget": -1}, ValueError, "budget"),
    (mc.randomized_quicksort, ([1, 2],), {"random_state": "x"}, TypeError, "random_state"),
    (mc.randomized_quicksort, ([1, "b"],), {}, TypeError, "a must contain numbers"),
    (mc.sort_within_budget, ([1, 2], -1), {}, ValueError, "budget"),
    (mc.sort_within_budget, ([1, 2], 2.5), {}, TypeError, "budget must be an integer"),
    (mc.sort_within_budget, ([1, 2], None), {}, TypeError, "budget must be an integer"),
    (mc.sort_within_budget, (None, 3), {}, TypeError, "a must be"),
    (mc.sort_within_budget, ([[1]], 3), {}, ValueError, "a must be a 1-D"),
    (mc.quicksort_comparisons, (-1, 10), {}, ValueError, "n must be"),
    (mc.quicksort_comparisons, (10, 0), {}, ValueError, "n_trials"),
    (mc.quicksort_comparisons, (10.0, 5), {}, TypeError, "n must be an integer"),
    (mc.quicksort_comparisons, (10, 5), {"random_state": "s"}, TypeError, "random_state"),
    (mc.quicksort_comparisons, (10, None), {}, TypeError, "n_trials"),
    (mc.expected_quicksort_comparisons, (-1,), {}, ValueError, "n must be"),
    (mc.expected_quicksort_comparisons, (2.5,), {}, TypeError, "n must be an integer"),
    (mc.expected_quicksort_comparisons, ("3",), {}, TypeError, "n must be an integer"),
    (mc.expected_quicksort_comparisons, (None,), {}, TypeError, "n must be an integer"),
    (mc.expected_quicksort_comparisons, (False,), {}, TypeError, "n must be an integer"),
    (mc.markov_bound, (-1.0, 10.0), {}, ValueError, "expected_cost"),
    (mc.markov_bound, (1.0, 0.0), {}, ValueError, "budget must be in"),
    (mc.markov_bound, ("1", 10.0), {}, TypeError, "expected_cost must be a real"),
    (mc.markov_bound, (1.0, np.inf), {}, ValueError, "budget must be finite"),
    (mc.markov_bound, (1.0, None), {}, TypeError, "budget must be a real"),
    (mc.markov_budget, (10.0, 0.0), {}, ValueError, "failure_prob must be in"),
    (mc.markov_budget, (10.0, 1.5), {}, ValueError, "failure_prob must be in"),
    (mc.markov_budget, (-10.0, 0.5), {}, ValueError, "expected_cost"),
    (mc.markov_budget, (10.0, "0.1"), {}, TypeError, "failure_prob must be a real"),
    (mc.markov_budget, (np.nan, 0.5), {}, ValueError, "expected_cost must be finite"),
    # Freivalds
    (mc.freivalds, (np.eye(2), np.eye(3), np.eye(2)), {}, ValueError, "A and B must be compatible"),
    (mc.freivalds, (np.eye(2), np.eye(2), np.eye(3)), {}, ValueError, "C must have the shape"),
    (mc.freivalds, ([1, 2], np.eye(2), np.eye(2)), {}, ValueError, "A must be a 2-D array"),
    (mc.freivalds, (np.eye(2), np.eye(2), np.eye(2)), {"k": 0}, ValueError, "k must be"),
    (mc.freivalds, (np.eye(2), np.eye(2), np.eye(2)), {"rtol": -1.0}, ValueError, "rtol"),
    (mc.freivalds, (np.eye(2), np.eye(2), [[1, np.nan], [0, 1]]), {}, ValueError, "C must "),
    (mc.freivalds_round, (np.eye(2), np.eye(2), np.eye(2), [1, 2]), {}, ValueError,
     "r must contain only 0s and 1s"),
    (mc.freivalds_round, (np.eye(2), np.eye(2), np.eye(2), [1, 0, 1]), {}, ValueError,
     "r must have shape"),
    (mc.freivalds_round, (np.eye(2), np.eye(2), np.eye(2), None), {}, TypeError, "r must be"),
    (mc.freivalds_round, (np.eye(2), "B", np.eye(2), [1, 0]), {}, TypeError, "B must be"),
    (mc.freivalds_round, (np.eye(2), np.eye(2), np.eye(3), [1, 0]), {}, ValueError, "C must"),
    (mc.freivalds_error_rate, (np.eye(2), np.eye(2), np.eye(2), 0, 10), {}, ValueError, "k must"),
    (mc.freivalds_error_rate, (np.eye(2), np.eye(2), np.eye(2), 1, 0), {}, ValueError,
     "n_trials"),
    (mc.freivalds_error_rate, (np.eye(2), np.eye(3), np.eye(2), 1, 5), {}, ValueError,
     "compatible"),
    (mc.freivalds_error_rate, (np.eye(2), np.eye(2), np.eye(2), 1.0, 5), {}, TypeError, "k must"),
    (mc.freivalds_error_rate, (np.eye(2), np.eye(2), np.eye(2), 1, 5), {"random_state": "x"},
     TypeError, "random_state"),
    # graphs
    (mc.vertex_cover_2approx, ([[0, 1, 2]],), {}, ValueError, "edges must have shape"),
    (mc.vertex_cover_2approx, ([[0, -1]],), {}, ValueError, "vertex numbers >= 0"),
    (mc.vertex_cover_2approx, ([[0.5, 1]],), {}, TypeError, "edges must contain integers"),
    (mc.vertex_cover_2approx, ([0, 1],), {}, ValueError, "edges must be a 2-D array"),
    (mc.vertex_cover_2approx, ("edges",), {}, TypeError, "edges must be an array-like"),
    (mc.min_vertex_cover_size, (3, [[0, 3]]), {}, ValueError, "vertices 0..2"),
    (mc.min_vertex_cover_size, (17, [[0, 1]]), {}, ValueError, "n_vertices"),
    (mc.min_vertex_cover_size, (0, [[0, 1]]), {}, ValueError, "n_vertices"),
    (mc.min_vertex_cover_size, (3.0, [[0, 1]]), {}, TypeError, "n_vertices"),
    (mc.min_vertex_cover_size, (3, [[0, 1, 2]]), {}, ValueError, "edges must have shape"),
    (mc.random_graph, (0, 0.5), {}, ValueError, "n_vertices"),
    (mc.random_graph, (5, 1.5), {}, ValueError, "p must be in"),
    (mc.random_graph, (5, -0.1), {}, ValueError, "p must be in"),
    (mc.random_graph, (5, "0.5"), {}, TypeError, "p must be a real"),
    (mc.random_graph, (5.5, 0.5), {}, TypeError, "n_vertices"),
    # Monte Carlo -> Las Vegas
    (mc.central_pivot, ([],), {}, ValueError, "a must not be empty"),
    (mc.central_pivot, (None,), {}, TypeError, "a must be"),
    (mc.central_pivot, ([[1.0]],), {}, ValueError, "a must be a 1-D"),
    (mc.central_pivot, ([1.0, np.nan],), {}, ValueError, "a must contain only finite"),
    (mc.central_pivot, ([1.0],), {"random_state": "x"}, TypeError, "random_state"),
    (mc.is_central, ([1.0], None), {}, TypeError, "value must be a real"),
    (mc.is_central, ([1.0], np.nan), {}, ValueError, "value must be finite"),
    (mc.is_central, ("a", 1.0), {}, TypeError, "a must be"),
    (mc.is_central, ([], 1.0), {}, ValueError, "a must not be empty"),
    (mc.is_central, ([[1.0]], 1.0), {}, ValueError, "a must be a 1-D"),
    (mc.PivotResult, (1.0, 0), {}, ValueError, "tries"),
    (mc.PivotResult, (None, 1), {}, TypeError, "pivot"),
    (mc.PivotResult, (np.inf, 1), {}, ValueError, "pivot"),
    (mc.PivotResult, (1.0, 1.5), {}, TypeError, "tries"),
    (mc.PivotResult, (1.0, "1"), {}, TypeError, "tries"),
    (mc.MCResult, (np.nan, 0.1, 10, 0.95, 0.0, 1.0), {}, ValueError, "estimate"),
    (mc.MCResult, (0.5, -0.1, 10, 0.95, 0.0, 1.0), {}, ValueError, "std_error"),
    (mc.BudgetResult, ("sorted", 1, 2), {}, TypeError, "output"),
    (mc.BudgetResult, (None, -1, 2), {}, ValueError, "cost"),
]


@pytest.mark.parametrize(("fn", "args", "kwargs", "exc", "match"), BAD,
                         ids=[f"{b[0].__name__}-{i}" for i, b in enumerate(BAD)])
def test_bad_input_gives_a_clear_error(fn, args, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        fn(*args, **kwargs)


def test_every_public_function_has_at_least_five_bad_input_cases():
    counts: dict[str, int] = {}
    for fn, *_ in BAD:
        counts[fn.__name__] = counts.get(fn.__name__, 0) + 1
    functions = [name for name in mc.__all__ if callable(getattr(mc, name))
                 and name not in ("MCResult", "BudgetResult", "PivotResult")]
    assert {name: counts.get(name, 0) for name in functions if counts.get(name, 0) < 5} == {}


# --- exercises and checkers ----------------------------------------------------------------------
@pytest.mark.parametrize("name", ["estimate_pi", "freivalds_round"])
def test_checker_passes_reference_and_solution(name):
    exercise = REGISTRY[name]
    assert getattr(check, name)(exercise.reference).passed
    assert getattr(check, name)(exercise.solution).passed
    assert exercise.lesson == "09_monte_carlo"


@pytest.mark.parametrize("name", ["estimate_pi", "freivalds_round"])
def test_checker_reports_a_stub_as_not_implemented(name):
    def stub(**kwargs):
        raise NotImplementedError

    res = getattr(check, name)(stub)
    assert res.status == "not implemented" and "not implemented yet" in res.message


def _diagnoses():
    for name in ("estimate_pi", "freivalds_round"):
        for mistake in REGISTRY[name].mistakes:
            yield name, mistake


@pytest.mark.parametrize(("name", "mistake"), list(_diagnoses()),
                         ids=[f"{n}-{i}" for i, (n, _) in enumerate(_diagnoses())])
def test_checker_names_the_specific_mistake(name, mistake):
    res = getattr(check, name)(mistake.implementation)
    assert res.status == "failed"
    assert f"likely cause: {mistake.hint}" in res.message


def test_checker_catches_plausible_learner_versions():
    def loop_version(points):  # a correct loop: slower but accepted
        inside = 0
        for x, y in points:
            inside += x * x + y * y <= 1
        return 4 * inside / len(points)

    assert check.estimate_pi(loop_version).passed

    def forgot_four(points):
        return np.mean(points[:, 0] ** 2 + points[:, 1] ** 2 <= 1)

    res = check.estimate_pi(forgot_four)
    assert not res.passed and "multiply by 4" in res.message

    def compares_any(A, B, C, r):
        return bool((A @ (B @ r) == C @ r).any())

    res = check.freivalds_round(compares_any)
    assert not res.passed and "np.any" in res.message


# --- plots and the widget app ------------------------------------------------------------------
def test_explorer_updates_its_artists_in_place_on_fixed_axes():
    from course_lib.viz.montecarlo import MonteCarloExplorer

    app = MonteCarloExplorer(log10_n=2, n_repeats=400)
    hist, line, point = app.hist, app.normal_line, app.sd_point
    limits = (app.ax_hist.get_xlim(), app.ax_hist.get_ylim(), app.ax_err.get_xlim())
    background = app._backgrounds[app._cache_key]
    app.controls["log10_n"].value = 6
    assert app.n == 1_000_000 and app.last["n"] == 1_000_000
    assert app.hist is hist and app.normal_line is line and app.sd_point is point
    # fixed axes: changing N keeps the cached background (the blitting path)
    assert (app.ax_hist.get_xlim(), app.ax_hist.get_ylim(), app.ax_err.get_xlim()) == limits
    assert background is not None and app._backgrounds[app._cache_key] is background
    assert point.get_xdata()[0] == 1_000_000
    assert point.get_ydata()[0] == pytest.approx(app.last["se"], rel=Z5 * math.sqrt(2 / 400))
    values, edges = hist.get_data()[:2]
    assert np.sum(values * np.diff(edges)) == pytest.approx(1.0, abs=0.01)  # a density
    z = app.last["z"]  # standardised estimates: mean 0, sd 1 within sampling error
    assert abs(z.mean()) < Z5 / math.sqrt(400) and abs(z.std() - 1) < Z5 * math.sqrt(0.5 / 400)
    app.controls["n_repeats"].value = 2000
    assert len(app.last["estimates"]) == 2000
    assert "N = 1,000,000" in app.readout.value and "95%" in app.readout.value
    assert app.png()[:4] == b"\x89PNG"


def test_explorer_small_n_uses_lattice_bins_and_is_reproducible():
    from course_lib.viz.montecarlo import MonteCarloExplorer, pi_standard_error

    app = MonteCarloExplorer(log10_n=1, n_repeats=300)
    edges = app.hist.get_data()[1]
    se = float(pi_standard_error(10))
    assert np.allclose(np.diff(edges), 0.4 / se)  # N = 10: estimates are multiples of 0.4
    centres = (edges[:-1] + edges[1:]) / 2 * se + math.pi  # bin centres on the lattice
    assert np.allclose(centres / 0.4, np.round(centres / 0.4))
    other = MonteCarloExplorer(log10_n=1, n_repeats=300)
    assert np.array_equal(app.last["estimates"], other.last["estimates"])
    with pytest.raises(ValueError, match="unknown parameter"):
        MonteCarloExplorer(n=10)
    with pytest.raises(ValueError, match="seed"):
        MonteCarloExplorer(seed=-1)


def test_plot_helpers_draw_and_return_axes():
    from matplotlib.figure import Figure

    from course_lib.viz import montecarlo as viz

    ax = Figure().subplots()
    ns = np.array([10, 100, 1000])
    errs = np.random.default_rng(0).normal(size=(5, 3)) / np.sqrt(ns)
    assert viz.plot_error_vs_n(ns, errs, ax=ax) is ax
    assert ax.get_xscale() == "log" and len(ax.get_lines()) == 5 + 2
    ax = Figure().subplots()
    counts = mc.quicksort_comparisons(50, 200, random_state=0)
    assert viz.plot_comparisons(counts, 50, ax=ax) is ax
    assert len(ax.patches) == 40
    ax = Figure().subplots()
    ks = np.arange(1, 6)
    assert viz.plot_freivalds(ks, 2.0**-ks, 1000, ax=ax) is ax
    assert ax.get_yscale() == "log"
    assert float(viz.pi_standard_error(100)) == pytest.approx(
        4 * math.sqrt(math.pi / 4 * (1 - math.pi / 4) / 100))
    with pytest.raises(ValueError, match="errors must have one column"):
        viz.plot_error_vs_n(ns, errs[:, :2])
    with pytest.raises(ValueError, match="n must be >= 1"):
        viz.pi_standard_error(0)
    with pytest.raises(ValueError, match="rates must have shape"):
        viz.plot_freivalds(ks, [0.5], 100)
    with pytest.raises(ValueError, match="n must be"):
        viz.plot_comparisons(counts, 1)
    ax = Figure().subplots()
    viz.plot_comparisons(counts, 50, ax=ax)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert all("H_n" not in lab or "$" in lab for lab in labels)  # mathtext, not raw "H_n"
    ax = Figure().subplots()
    pts = np.random.default_rng(1).random((400, 2))
    assert viz.plot_pi_points(pts, ax=ax) is ax
    assert ax.get_title().endswith(f"= {mc.pi_from_points(pts):.3f}")
