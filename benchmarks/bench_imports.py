"""Cold import time of every core: ``import_seconds/<module>``.

Each figure is the best of three fresh interpreters timing ``import course_lib.<module>``
after numpy is already imported (numpy is the floor every core pays, and what the base layer
is allowed to cost). Aim: at most 0.5 s for the numpy-only cores.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from common import figure

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from fuzz_api import NOT_CORES, core_modules

CODE = ("import time, numpy; t = time.perf_counter(); import course_lib.{m}; "
        "print(time.perf_counter() - t)")


def import_seconds(module: str, repeat: int = 3) -> float:
    return min(float(subprocess.check_output([sys.executable, "-c", CODE.format(m=module)],
                                             text=True)) for _ in range(repeat))


def collect() -> dict:
    cores = sorted({*core_modules(), "validation"} - (NOT_CORES - {"validation"}))
    return {f"import_seconds/{m}": figure(import_seconds(m), "s",
                                          "cold import after numpy, best of 3 interpreters")
            for m in cores}
