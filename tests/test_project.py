"""The project's own files agree with each other, and the notebooks keep the course's shape.

- pyproject.toml (ranges), requirements.lock (exact pins) and environment.yml (conda) name
  the same packages with compatible versions; torch is pinned to the 2.13.0 CPU build.
- Every lesson notebook: the six parts, setup_notebook first, stored outputs without errors,
  every cell tagged nbval-ignore-output says why (metadata nbval-ignore-reason), widget
  views only in such cells, size < 2 MB.
- CI runs the README's test command; the README lists every notebook and states the widget
  latencies that `make bench` recorded last.
"""

import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
CONDA_NAMES = {"torch": "pytorch", "matplotlib": "matplotlib-base"}  # PyPI -> conda-forge
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
LESSONS = [p for p in NOTEBOOKS if not p.name.startswith("00_")]
PARTS = ["Goals", "Try it", "Exercises", "Interview questions", "Myths checked"]


def declared() -> dict[str, Requirement]:
    project = PYPROJECT["project"]
    reqs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        reqs += extra
    return {canonicalize_name(Requirement(r).name): Requirement(r) for r in reqs}


def locked() -> dict[str, Version]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        name, _, version = line.partition("==")
        assert version, f"requirements.lock: '{line}' is not an exact pin (name==version)"
        key = canonicalize_name(name)
        assert key not in pins, f"requirements.lock pins {name} twice"
        pins[key] = Version(version)
    return pins


def conda() -> dict[str, SpecifierSet]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    specs = {}
    deps = []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):  # the pip: section, for what conda-forge lacks
            deps += [d for d in dep.get("pip", []) if not d.startswith("-e")]
        else:
            deps.append(dep)
    for dep in deps:
        m = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*(\[.*\])?\s*([<>=!~][^\[]*)?", dep)
        assert m, f"environment.yml: cannot read '{dep}'"
        name, bracket, spec = m.groups()
        if bracket:
            v = re.search(r"version\s*=\s*'([^']*)'", bracket)
            spec = v.group(1) if v else ""
        spec = (spec or "").strip()
        if re.fullmatch(r"=[\d.*]+", spec):  # conda's "=3.11" means 3.11.*
            spec = "=" + spec.rstrip(".*") + ".*"
        specs[name.lower()] = SpecifierSet(spec)
    return specs


def test_every_declared_package_is_pinned_within_its_range():
    pins = locked()
    for name, req in declared().items():
        assert name in pins, f"{name} is in pyproject.toml but not pinned in requirements.lock"
        assert pins[name] in req.specifier, (
            f"requirements.lock pins {name}=={pins[name]}, outside pyproject's '{req}'")


def test_torch_is_pinned_to_the_cpu_build_version():
    assert locked()["torch"] == Version("2.13.0")
    text = (ROOT / "requirements.lock").read_text()
    assert "nvidia" not in text.lower(), "a CUDA package slipped into the lock file"


def test_pyproject_gives_ranges_not_pins():
    for req in declared().values():
        assert not any(s.operator == "==" for s in req.specifier), (
            f"pyproject.toml pins {req}; pin in requirements.lock, give a range here")


def test_environment_yml_has_the_same_packages_with_compatible_versions():
    specs, pins, names = conda(), locked(), declared()
    assert specs.pop("python") == SpecifierSet("==3.11.*")
    specs.pop("pip")
    expected = {CONDA_NAMES.get(n, n) for n in names}
    assert set(specs) == expected, (
        f"only in environment.yml: {sorted(set(specs) - expected)}; "
        f"only in pyproject.toml: {sorted(expected - set(specs))}")
    for name in names:
        spec = specs[CONDA_NAMES.get(name, name)]
        assert pins[name] in spec, f"environment.yml '{name} {spec}' excludes the locked " \
                                   f"{pins[name]}"
        assert str(spec) == str(names[name].specifier) or name == "torch", (
            f"{name}: environment.yml says '{spec}', pyproject.toml '{names[name].specifier}'")


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in readme and "make test" in ci


def test_readme_and_index_list_every_notebook():
    readme = (ROOT / "README.md").read_text()
    index = (ROOT / "notebooks" / "00_index.ipynb").read_text()
    for nb in NOTEBOOKS:
        assert nb.name in readme, f"README.md does not list {nb.name}"
        if nb.name != "00_index.ipynb":
            assert f"]({nb.name})" in index, f"00_index.ipynb does not link {nb.name}"


def _cells(path):
    return json.loads(path.read_text())["cells"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_stored_executed_small_and_clean(path):
    assert path.stat().st_size < 2_000_000, f"{path.name} is over 2 MB"
    cells = _cells(path)
    code = [c for c in cells if c["cell_type"] == "code" and "".join(c["source"]).strip()]
    assert code, f"{path.name} has no code"
    assert "setup_notebook(" in "".join(code[0]["source"]), (
        f"{path.name}: the first code cell must call course_lib.setup_notebook(seed=...)")
    home = str(Path.home())
    for i, cell in enumerate(code):
        src = "".join(cell["source"])
        assert cell["execution_count"] is not None, f"{path.name} cell {i} never ran"
        assert "NBVAL_IGNORE_OUTPUT" not in src, (
            f"{path.name} cell {i}: use the cell tag nbval-ignore-output (with the reason in "
            "the metadata nbval-ignore-reason), not a comment the learner has to read")
        ignored = "nbval-ignore-output" in cell["metadata"].get("tags", [])
        if ignored:
            reason = cell["metadata"].get("nbval-ignore-reason", "")
            assert isinstance(reason, str) and len(reason.strip()) > 5, (
                f"{path.name} cell {i}: say why its output is ignored "
                "(cell metadata nbval-ignore-reason)")
        for out in cell["outputs"]:
            assert out["output_type"] != "error", f"{path.name} cell {i} stored an error"
            assert out.get("name") != "stderr", f"{path.name} cell {i} printed to stderr " \
                                                "(a warning?)"
            blob = json.dumps(out)
            assert home not in blob and "/tmp/" not in blob, (
                f"{path.name} cell {i} shows a machine path")
            if "application/vnd.jupyter.widget-view+json" in out.get("data", {}):
                assert ignored, f"{path.name} cell {i} shows a widget without nbval-ignore-output"
                assert set(out["data"]) - {"application/vnd.jupyter.widget-view+json",
                                           "text/plain"}, (
                    f"{path.name} cell {i} stores a progress bar, which JupyterLab shows as "
                    "'Error displaying widget: model not found'; re-run `make refresh`")
    assert "widgets" not in json.loads(path.read_text())["metadata"], (
        f"{path.name} stores widget state; re-run `make refresh`")


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_has_the_six_parts_in_order(path):
    headings = [line.lstrip("#").strip() for c in _cells(path) if c["cell_type"] == "markdown"
                for line in "".join(c["source"]).splitlines() if line.startswith("#")]
    positions = []
    for part in PARTS:
        found = [i for i, h in enumerate(headings) if h.startswith(part)]
        assert found, f"{path.name} has no '{part}' heading"
        positions.append(found[0])
    assert positions == sorted(positions), f"{path.name}: parts out of order {PARTS}"
    ids = [h for h in headings if re.match(r"[DN]\d\d ·", h)]
    assert ids, f"{path.name}: no interview question headings like '### D41 · ...'"
    exercise_cells = [c for c in _cells(path) if c["cell_type"] == "code"
                      and "check." in "".join(c["source"])]
    assert exercise_cells, f"{path.name}: no exercise checker cell"


def test_no_stray_untitled_notebooks():
    assert not list(ROOT.glob("notebooks/**/Untitled*.ipynb"))


def test_readme_states_the_recorded_widget_latencies():
    """The README's key-to-figure figures are those in benchmarks/results.json (rounded):
    re-running `make bench` without updating the README fails here."""
    figures = json.loads((ROOT / "benchmarks" / "results.json").read_text())["figures"]
    readme = " ".join((ROOT / "README.md").read_text().split())

    def span(values: list[float]) -> str:
        return f"{round(min(values))}–{round(max(values))}"

    main = [f["value"] for k, f in figures.items()
            if k.startswith("widget_e2e_ms/") and k.count("/") == 1]
    playground = [figures[f"widget_e2e_ms/03_decision_boundaries/{c}"]["value"]
                  for c in ("noise", "train fraction", "seed")]
    sharp = [f["value"] for k, f in figures.items() if k.startswith("widget_sharp_ms/")]
    truth_table = figures["widget_e2e_ms/02_boolean_networks/0101"]["value"]
    for claim in [f"{span(main)} ms for the main slider of every lesson",
                  f"{round(truth_table)} ms for a click on lesson 02's truth table",
                  f"{span(playground)} ms for the playground's noise",
                  f"the sharp figure {span(sharp)} ms after the last one"]:
        assert claim in readme, f"README.md should say '{claim}' (benchmarks/results.json)"



@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_display_math_stands_in_a_paragraph_of_its_own(path):
    """``$$...$$`` with text on the line above or below renders in JupyterLab but not on the
    website (MyST reads it as inline dollars: run-together italics and raw TeX)."""
    for i, cell in enumerate(_cells(path)):
        if cell["cell_type"] != "markdown":
            continue
        lines = "".join(cell["source"]).split("\n")
        for j, line in enumerate(lines):
            if not line.strip().startswith("$$"):
                continue
            block_end = next((k for k in range(j, len(lines))
                              if lines[k].strip().endswith("$$") and (k > j or
                                                                      lines[k].count("$$") > 1)),
                             j)
            before = lines[j - 1].strip() if j > 0 else ""
            after = lines[block_end + 1].strip() if block_end + 1 < len(lines) else ""
            assert not before and not after, (
                f"{path.name} cell {i}: put a blank line before and after the $$ display math "
                f"({line.strip()[:60]!r})")
