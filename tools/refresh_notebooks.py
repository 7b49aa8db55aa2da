"""Re-execute notebooks in place: their stored outputs become the expected results of nbval.

Run by ``make refresh`` (``tools/course.py refresh``) inside .venv, with the deterministic
environment of the tests (one thread, fixed hash seed, Agg backend)::

    python tools/refresh_notebooks.py notebooks/01_perceptron.ipynb [...]

What it stores is what a learner's "Restart kernel and run all" gives, minus noise that
would show up in every diff: no widget state (the views are re-created when the cell runs)
and no execution timestamps. A widget view with only text to fall back on (a progress bar)
is not stored: without the widget state JupyterLab can show it only as "Error displaying
widget: model not found", and its text is the bar's first frame (0%). An app's view stays,
with its picture as the fallback, and comes alive when its cell runs.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def is_text_only_widget(output: dict) -> bool:
    """True for a stored widget view whose only fallback is text (a progress bar)."""
    data = output.get("data", {})
    return WIDGET_VIEW in data and set(data) <= {WIDGET_VIEW, "text/plain"}


def refresh(path: Path) -> float:
    """Execute ``path`` from a fresh kernel and write it back; return the seconds taken."""
    nb = nbformat.read(path, as_version=4)
    t0 = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name="python3", store_widget_state=False,
                   record_timing=False,
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    seconds = time.perf_counter() - t0
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)  # timestamps: noise in every diff
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if not is_text_only_widget(o)]
    nbformat.write(nb, path)
    return seconds


def main(paths: list[str]) -> None:
    for p in paths:
        seconds = refresh(Path(p))
        print(f"[course] refreshed {p} in {seconds:.1f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
