"""Lesson 09 benchmarks: the streaming pi estimator against the generator's own speed.

The physical limit of Monte Carlo pi is drawing the random numbers: two doubles a point.
``widget_update_ms/monte_carlo_explorer`` times the lesson's widget per slider step.
``mc_pi_fraction_of_rng_limit`` divides the estimator's throughput by the throughput of only
filling the same buffers from the same kind of generator, timed in the same run.
"""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
from common import figure, interleaved_best, widget_update_ms

from course_lib import montecarlo as mc

ROOT = Path(__file__).resolve().parents[1]
N_FAST = 40_000_000  # points for the throughput figures (about 0.3 s a run)
N_LOOP = 1_000_000   # points for the loop-versus-vectorised ratio (the loop takes ~1 s)
N_RSS = 10**9

_RSS_CHILD = """
import resource, sys
from course_lib.montecarlo import pi_streaming
res = pi_streaming({n}, random_state=0)
assert abs(res.estimate - 3.141592653589793) < 6 * res.std_error, res
try:  # Linux: this address space's own high-water mark (VmHWM starts afresh at exec)
    hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")][0]
    print(int(hwm.split()[1]))
except OSError:  # elsewhere ru_maxrss, which on Linux would carry over the parent's peak
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _draw_only(n: int, chunk: int = mc.DEFAULT_CHUNK) -> None:
    """Fill the estimator's buffers with 2 n doubles and do nothing else: the rng limit."""
    rng = np.random.default_rng(0)
    buf = np.empty((chunk, 2))
    done = 0
    while done < n:
        m = min(chunk, n - done)
        rng.random(out=buf[:m])
        done += m


def _peak_rss_mb(n: int) -> float:
    """Peak resident memory of a fresh interpreter that estimates pi from ``n`` points.

    The child reports its own peak: ``VmHWM`` from /proc/self/status on Linux (KiB).
    Not ``ru_maxrss``: Linux keeps that across exec, so a child of a large benchmark process
    would report the parent's peak (462 MB measured that way, after the torch benchmarks).
    """
    out = subprocess.run([sys.executable, "-c", _RSS_CHILD.format(n=n)], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    kib = int(out.stdout.strip().splitlines()[-1])
    return kib / 1024 if sys.platform != "darwin" else kib / 2**20


def collect() -> dict[str, dict]:
    t_stream, t_draw = interleaved_best([lambda: mc.pi_streaming(N_FAST, random_state=0),
                                          lambda: _draw_only(N_FAST)])
    t_loop, t_small, t_vec = interleaved_best(
        [lambda: mc.pi_loop(N_LOOP, random_state=0),
         lambda: mc.pi_streaming(N_LOOP, random_state=0),
         lambda: mc.pi_vectorized(N_LOOP, random_state=0)], rounds=3)
    rss = _peak_rss_mb(N_RSS)

    from course_lib.viz.montecarlo import MonteCarloExplorer

    app = MonteCarloExplorer()
    steps = [1.0 + 0.25 * i for i in range(33)]
    median_ms, p90_ms = widget_update_ms(app, "log10_n", steps)
    repeat_ms, _ = widget_update_ms(app, "n_repeats", list(range(1000, 20_001, 1000)))
    return {
        "mc_pi_samples_per_second": figure(
            N_FAST / t_stream, "points/s",
            f"pi_streaming, N={N_FAST:.0e}, chunks of {mc.DEFAULT_CHUNK} points, one thread"),
        "mc_pi_fraction_of_rng_limit": figure(
            t_draw / t_stream, "ratio",
            "throughput of pi_streaming / throughput of only drawing the same 2N doubles from "
            "PCG64 into the same buffer, best of 5 interleaved runs each (aim >= 0.5)"),
        "mc_pi_speedup_vs_loop": figure(
            t_loop / t_small, "x",
            f"pi_loop (one point per Python iteration) / pi_streaming, same N={N_LOOP:.0e} "
            f"and seed, same estimate, best of 3 interleaved runs (aim >= 100); "
            f"pi_vectorized: {t_loop / t_vec:.0f}x"),
        "mc_pi_peak_rss_mb_1e9": figure(
            rss, "MB",
            "peak RSS of a fresh python process running pi_streaming(10**9), interpreter and "
            "numpy included (aim <= 200)"),
        "widget_update_ms/monte_carlo_explorer": figure(
            median_ms, "ms",
            f"MonteCarloExplorer, compute + PNG per slider step: N slider {median_ms:.0f} ms "
            f"median / {p90_ms:.0f} ms p90, repeats slider {repeat_ms:.0f} ms; both blitted "
            f"(standardised estimates on fixed axes; was mc_widget_update_ms, 97 ms with a "
            f"full redraw per N step)"),
    }


if __name__ == "__main__":  # pragma: no cover
    for name, fig in collect().items():
        print(f"{name}: {fig['value']:.4g} {fig['unit']}  ({fig['note']})")
    print(f"(pi = {math.pi})")
