"""Cores import fast and never pull in drawing code.

Each core module is imported in a fresh interpreter. None may bring matplotlib or ipywidgets
(those live in ``viz/``); torch and scikit-learn may appear only for the cores listed in
:data:`HEAVY`, with the reason. A new core that imports either at module level (directly or
through another core) fails here until it is listed, or imports them inside the function that
needs them. Import times are reported by ``benchmarks/bench_imports.py``
(``import_seconds/<module>``).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from fuzz_api import NOT_CORES, core_modules

#: core -> (heavy packages it may import at module level, why)
HEAVY: dict[str, tuple[set[str], str]] = {
    "perceptron": ({"sklearn"}, "its estimators subclass sklearn.base.BaseEstimator"),
    "playground": ({"torch", "sklearn"}, "trains torch networks; compares sklearn classifiers"),
    "adversarial": ({"torch"}, "attacks any torch.nn.Module; its models are torch modules"),
    "training": ({"torch"}, "lesson 06's experiments train torch networks"),
    "skip_connections": ({"torch"}, "its plain/residual/highway/dense networks are "
                         "torch.nn.Module subclasses"),
}
DRAWING = {"matplotlib", "ipywidgets"}
CORES = sorted({*core_modules(), "validation"} - (NOT_CORES - {"validation"}))


def imported_after(module: str) -> set[str]:
    code = ("import sys, json; import course_lib." + module + "; print(json.dumps(sorted("
            "{m.split('.')[0] for m in sys.modules})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    return set(json.loads(out.stdout))


@pytest.mark.parametrize("module", CORES)
def test_core_imports_no_drawing_code_and_only_the_heavy_packages_it_needs(module):
    loaded = imported_after(module)
    assert not loaded & DRAWING, f"course_lib.{module} imports {sorted(loaded & DRAWING)}"
    allowed = HEAVY.get(module, (set(), ""))[0]
    extra = (loaded & {"torch", "sklearn"}) - allowed
    assert not extra, (f"course_lib.{module} imports {sorted(extra)} at module level; import "
                       "it inside the function that needs it, or list the module in HEAVY "
                       "with the reason")


def test_heavy_list_names_real_cores():
    assert set(HEAVY) <= set(CORES)
