"""Lesson 11c benchmarks: k-means vs. scikit-learn, the external sort's memory, block-size
sweeps, the histogram and the parallel reduction, and the k-means widget.

Every ratio compares two timings taken in this run (best of interleaved runs).
``external_sort_peak_rss_mb`` is measured in a child process: the kernel's peak resident set
(``VmHWM``, reset just before the sort through ``/proc/self/clear_refs``) and resident memory
polled every millisecond, whichever is larger, minus the resident memory just before the sort.
(``ru_maxrss`` is not used: Linux carries it over from the forked parent across ``exec``.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

import numpy as np
from common import figure, interleaved_best, widget_update_ms

from course_lib import blocked, histogram, reduction
from course_lib import kmeans as km
from course_lib.external_sort import write_integers

SORT_INTEGERS = 2_000_000
SORT_BUDGET = 2 * 2**20

_SORT_CHILD = r"""
import json, os, sys, threading, time
import numpy as np
import psutil
from course_lib.external_sort import external_sort
folder, budget = sys.argv[1], int(sys.argv[2])
def hwm():
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmHWM"))
proc = psutil.Process()
try:
    with open("/proc/self/clear_refs", "w") as f:   # reset the peak RSS to the current RSS
        f.write("5")
except OSError:
    pass
base = proc.memory_info().rss
peak = [base]
done = threading.Event()
def poll():
    while not done.is_set():
        peak[0] = max(peak[0], proc.memory_info().rss)
        time.sleep(0.001)
watcher = threading.Thread(target=poll)
watcher.start()
t0 = time.perf_counter()
res = external_sort(os.path.join(folder, "in.i64"), os.path.join(folder, "out.i64"),
                    memory_budget=budget, measure_memory=False)
seconds = time.perf_counter() - t0
done.set()
watcher.join()
print(json.dumps(dict(base=base, polled=peak[0], hwm=hwm(), n_runs=res.n_runs,
                      seconds=seconds)))
"""


def _external_sort_rss() -> dict:
    with tempfile.TemporaryDirectory() as folder:
        src = write_integers(os.path.join(folder, "in.i64"), SORT_INTEGERS, random_state=0)
        out = subprocess.run([sys.executable, "-c", _SORT_CHILD, folder, str(SORT_BUDGET)],
                             capture_output=True, text=True, check=True, timeout=300)
        info = json.loads(out.stdout)
        ok = np.array_equal(np.fromfile(os.path.join(folder, "out.i64"), dtype="<i8"),
                            np.sort(np.fromfile(src, dtype="<i8")))
    info["delta"] = max(info["polled"], info["hwm"]) - info["base"]
    info["sorted_ok"] = ok
    return info


def collect() -> dict[str, dict]:
    out: dict[str, dict] = {}

    # k-means: same start, same number of steps (fewer than convergence needs)
    from sklearn.cluster import KMeans
    from sklearn.datasets import make_blobs

    X, _ = make_blobs(20_000, centers=6, n_features=2, cluster_std=1.5, random_state=1)
    start = X[np.random.default_rng(0).choice(len(X), 6, replace=False)]
    n_iter = 30
    ours = km.kmeans(X, start, n_iter=n_iter)
    ref = KMeans(6, init=start, n_init=1, max_iter=n_iter, tol=0.0, algorithm="lloyd").fit(X)
    same = (np.allclose(ours.centres, ref.cluster_centers_, rtol=0, atol=1e-10)
            and np.array_equal(ours.labels, ref.labels_) and ours.n_iter == ref.n_iter_)
    t_ours, t_sk = interleaved_best(
        [lambda: km.kmeans(X, start, n_iter=n_iter),
         lambda: KMeans(6, init=start, n_init=1, max_iter=n_iter, tol=0.0,
                        algorithm="lloyd").fit(X)], rounds=5)
    out["kmeans_vs_sklearn_ratio"] = figure(
        t_ours / t_sk, "x",
        f"course_lib.kmeans / sklearn KMeans(lloyd, n_init=1), 20,000 2-D points, k = 6, same "
        f"initial centres, {ours.n_iter} steps each ({1e3 * t_ours:.0f} ms / "
        f"{1e3 * t_sk:.0f} ms); same centres to 1e-10 and same labels: {same} (aim <= 3)")

    # external sort in a child process
    info = _external_sort_rss()
    out["external_sort_peak_rss_mb"] = figure(
        info["delta"] / 2**20, "MB",
        f"peak resident memory (VmHWM {(info['hwm'] - info['base']) / 2**20:.2f} MB, polled "
        f"{(info['polled'] - info['base']) / 2**20:.2f} MB) above the baseline while "
        f"sorting {SORT_INTEGERS:,} int64 "
        f"({8 * SORT_INTEGERS / 2**20:.1f} MiB file) in {info['n_runs']} runs, "
        f"{info['seconds']:.1f} s; output equals np.sort: {info['sorted_ok']} "
        f"(aim <= external_sort_budget_mb)")
    out["external_sort_budget_mb"] = figure(SORT_BUDGET / 2**20, "MB",
                                            "memory_budget passed to external_sort")

    # blocked matmul: best block size against numpy's @
    rng = np.random.default_rng(0)
    A, B = rng.normal(size=(512, 512)), rng.normal(size=(512, 512))
    sizes = [32, 64, 128, 256, 512]
    times = interleaved_best([lambda: A @ B] + [
        (lambda b=b: blocked.matmul_blocked(A, B, b)) for b in sizes], rounds=3)
    i = int(np.argmin(times[1:]))
    out["matmul_blocked_best_vs_numpy_ratio"] = figure(
        times[1 + i] / times[0], "x",
        f"matmul_blocked at its best block size ({sizes[i]}) / numpy A @ B, 512 x 512 "
        f"float64, one thread; block sizes {sizes}: "
        + ", ".join(f"{t / times[0]:.2f}" for t in times[1:]))

    # blocked transpose: best block size against np.ascontiguousarray(a.T)
    a = rng.random((2048, 2048))
    sizes_t = [16, 32, 64, 128, 512, 2048]
    times = interleaved_best([lambda: np.ascontiguousarray(a.T)] + [
        (lambda b=b: blocked.transpose_blocked(a, b)) for b in sizes_t], rounds=3)
    i = int(np.argmin(times[1:]))
    out["transpose_blocked_best_vs_numpy_ratio"] = figure(
        times[1 + i] / times[0], "x",
        f"transpose_blocked at its best block size ({sizes_t[i]}) / "
        f"np.ascontiguousarray(a.T), 2048 x 2048 float64 (< 1: the tiles win); block sizes "
        f"{sizes_t}: " + ", ".join(f"{t / times[0]:.2f}" for t in times[1:]))

    # histogram
    values = rng.integers(0, 256, size=1_000_000)
    t_bin, t_loop = interleaved_best(
        [lambda: histogram.histogram(values, 256, method="bincount"),
         lambda: histogram.histogram(values, 256, method="loop")], rounds=3)
    out["histogram_bincount_vs_loop_ratio"] = figure(
        t_loop / t_bin, "x",
        f"Python loop / np.bincount on 1,000,000 values in 256 bins "
        f"({1e3 * t_loop:.0f} ms / {1e3 * t_bin:.2f} ms): how many times faster bincount is")

    # reduction
    x = rng.normal(size=100_000)
    t_part, t_elem = interleaved_best(
        [lambda: reduction.normalise(x, n_workers=2, strategy="partial_sums", chunk_size=4096),
         lambda: reduction.normalise(x, n_workers=2, strategy="lock_per_element")], rounds=3)
    waits = reduction.normalise(x, n_workers=4, strategy="lock_per_element").contended
    out["reduction_lock_per_element_vs_partial_sums_ratio"] = figure(
        t_elem / t_part, "x",
        f"normalise 100,000 floats with 2 threads: a lock per element / private partial sums "
        f"({1e3 * t_elem:.0f} ms / {1e3 * t_part:.2f} ms); with 4 threads {waits} of the "
        f"100,000 acquisitions had to wait")

    # widget
    from course_lib.viz.kmeans import KMeansStepper

    app = KMeansStepper()
    ms, p90 = widget_update_ms(app, "iteration", list(range(21)) + list(range(20, -1, -1)))
    out["widget_update_ms/kmeans_stepper"] = figure(
        ms, "ms", f"KMeansStepper, compute + PNG per iteration step (precomputed path, blit): "
                  f"median {ms:.0f} ms, p90 {p90:.0f} ms (aim <= 50)")
    return out


if __name__ == "__main__":  # pragma: no cover
    for name, fig in collect().items():
        print(f"{name}: {fig['value']:.4g} {fig['unit']}  ({fig['note']})")
