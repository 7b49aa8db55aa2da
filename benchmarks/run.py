"""Run the benchmarks and write ``benchmarks/results.json`` and ``benchmarks/RESULTS.md``.

    python benchmarks/run.py                  # everything (what `make bench` runs)
    python benchmarks/run.py --only perceptron --skip-notebooks

Every ``bench_<topic>.py`` module here contributes figures via ``collect()``; every lesson
notebook is executed headless once and its wall time recorded as ``notebook_seconds/<stem>``.
With ``--only``/``--skip-notebooks`` the other figures already in results.json are kept.
Other writers (the browser tests, ``widget_e2e_ms/<lesson>``) call :func:`merge_figures`.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS_JSON = HERE / "results.json"
RESULTS_MD = HERE / "RESULTS.md"
# figures written by other tools through merge_figures(), which `make bench` keeps
EXTERNAL_PREFIXES = ("widget_e2e_ms/", "widget_sharp_ms/")
sys.path.insert(0, str(HERE))

from common import figure  # noqa: E402


def notebook_seconds(paths: list[Path]) -> dict[str, dict]:
    import nbformat
    from nbclient import NotebookClient

    out = {}
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        t0 = time.perf_counter()
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        seconds = time.perf_counter() - t0
        out[f"notebook_seconds/{path.stem}"] = figure(
            seconds, "s", "Restart & Run All headless (nbclient, kernel start included)")
        print(f"  notebook_seconds/{path.stem}: {seconds:.1f} s", flush=True)
    return out


def write_markdown(results: dict) -> None:
    meta = results["machine"]
    lines = ["# Benchmark results", "",
             f"Measured {meta['date']} on {meta['cpu_count']} CPU cores, Python "
             f"{meta['python']}, {meta['threads_env']}. Regenerate with `make bench`.", "",
             "| figure | value | unit | how it was measured |", "|---|---:|---|---|"]
    for name in sorted(results["figures"]):
        f = results["figures"][name]
        value = f["value"]
        shown = f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
        lines.append(f"| `{name}` | {shown} | {f['unit']} | {f['note']} |")
    RESULTS_MD.write_text("\n".join(lines) + "\n")


def machine_meta() -> dict:
    return {"date": time.strftime("%Y-%m-%d"), "cpu_count": os.cpu_count(),
            "python": platform.python_version(),
            "threads_env": f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}"}


def write_results(figures: dict, meta: dict | None = None) -> dict:
    """Write results.json and RESULTS.md from ``figures`` (sorted by name)."""
    results = {"machine": meta or machine_meta(), "figures": dict(sorted(figures.items()))}
    RESULTS_JSON.write_text(json.dumps(results, indent=2) + "\n")
    write_markdown(results)
    return results


def merge_figures(new: dict[str, dict]) -> dict:
    """Add or replace ``new`` figures in results.json, keeping every other figure there.

    Used by measurements made outside ``make bench`` (tests/e2e writes the browser latency
    ``widget_e2e_ms/<lesson>``). RESULTS.md is regenerated from the merged file.
    """
    figures, meta = {}, None
    if RESULTS_JSON.exists():
        old = json.loads(RESULTS_JSON.read_text())
        figures, meta = old.get("figures", {}), old.get("machine")
    figures.update(new)
    return write_results(figures, meta)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=None,
                        help="topics to run (bench_<topic>.py); default all")
    parser.add_argument("--skip-notebooks", action="store_true")
    args = parser.parse_args()
    topics = sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))
    chosen = topics if args.only is None else args.only
    unknown = set(chosen) - set(topics)
    if unknown:
        sys.exit(f"--only: unknown topic(s) {sorted(unknown)}; available: {topics}")
    partial = args.only is not None or args.skip_notebooks
    figures = {}
    if RESULTS_JSON.exists():
        figures = json.loads(RESULTS_JSON.read_text())["figures"]
        if not partial:  # keep only what this script does not measure (the browser tests')
            figures = {k: v for k, v in figures.items() if k.startswith(EXTERNAL_PREFIXES)}
    for topic in chosen:
        print(f"bench_{topic}", flush=True)
        new = importlib.import_module(f"bench_{topic}").collect()
        for name, fig in new.items():
            print(f"  {name}: {fig['value']:.4g} {fig['unit']}", flush=True)
        figures.update(new)
    if not args.skip_notebooks:
        print("notebooks", flush=True)
        figures.update(notebook_seconds(sorted((ROOT / "notebooks").glob("[0-9][0-9]*.ipynb"))))
    write_results(figures)
    print(f"wrote {RESULTS_JSON.relative_to(ROOT)} and {RESULTS_MD.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
