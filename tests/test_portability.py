"""`make portability`: the stored outputs must be the same on any CPU.

tools/course.py simulates other machines on this one with environment variables (PyTorch's
ATEN_CPU_CAPABILITY, OpenBLAS's OPENBLAS_CORETYPE, the thread counts) and runs strict nbval
under each. These tests check that the simulation really changes the kernels, that a failed
cell is reported, and that the one mask for CPU-dependent digits (``~`` from
``course_lib.format_varies``) is used only through that checking helper.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]*.ipynb"))


def course_tool():
    spec = importlib.util.spec_from_file_location("course_tool", ROOT / "tools" / "course.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PROBE = """
import json, threadpoolctl, torch, numpy
blas = [i for i in threadpoolctl.threadpool_info() if i["internal_api"] == "openblas"][0]
print(json.dumps({"aten": torch.backends.cpu.get_cpu_capability(), "torch_threads":
                  torch.get_num_threads(), "openblas": blas.get("architecture"),
                  "blas_threads": blas["num_threads"]}))
"""


def probe(env: dict[str, str]) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True,
                         check=True, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_each_simulated_machine_really_runs_other_kernels_or_threads(monkeypatch):
    course = course_tool()
    monkeypatch.setenv("OPENBLAS_CORETYPE", "Haswell")  # as some hosts set it for old builds
    native = probe(course.machine_env("native"))
    scalar = probe(course.machine_env("scalar"))
    threads = probe(course.machine_env("avx2-4-threads"))
    assert "OPENBLAS_CORETYPE" not in course.machine_env("native")
    assert scalar["aten"] == "DEFAULT" and scalar["openblas"] != native["openblas"]
    assert (native["torch_threads"], native["blas_threads"]) == (1, 1)
    # PyTorch and OpenBLAS both cap the 4 at the cores they see (2 on CI's machine)
    cores = min(4, os.cpu_count() or 1)
    assert (threads["torch_threads"], threads["blas_threads"]) == (cores, cores)
    if native["aten"] in ("AVX2", "AVX512"):  # an x86 CPU with vector units (CI's is one)
        assert scalar["aten"] != native["aten"]
        assert threads["aten"] == "AVX2"


def test_a_changed_cell_is_reported_by_name(tmp_path):
    course = course_tool()
    (tmp_path / "test_two.py").write_text("def test_same():\n    pass\n\n"
                                          "def test_changed():\n    assert 0.178 == 0.202\n")
    report = tmp_path / "report.xml"
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                    f"--junitxml={report}", "test_two.py"], cwd=tmp_path, capture_output=True,
                   timeout=120)
    assert course.failed_cells(report) == ["test_two::test_changed"]


def test_make_portability_refuses_an_unknown_machine(capsys):
    course = course_tool()
    with pytest.raises(SystemExit, match="unknown machine"):
        course.main(["portability", "--machine", "arm64"])


VARIES = re.compile(r"~[-+]?[0-9]")


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_digits_are_masked_only_where_format_varies_checked_them(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for i, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            continue
        text = "".join("".join(out.get("text", "")) + "".join(
            out.get("data", {}).get("text/plain", "")) for out in cell.get("outputs", []))
        if VARIES.search(text):
            assert "format_varies" in "".join(cell["source"]), (
                f"{path.name} cell {i} prints '~' and digits, which nbval does not compare, "
                "without course_lib.format_varies checking them against a range")
