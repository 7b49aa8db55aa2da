"""`make lab` / `make update`: the learner's workspace copy survives new versions of a lesson.

tools/course.py's ``sync_workspace`` copies lessons into a git-ignored folder; a lesson the
learner edited is never overwritten, one they only ran (new outputs) or never opened is
replaced by the new version.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def course_tool():
    spec = importlib.util.spec_from_file_location("course_tool", ROOT / "tools" / "course.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_lesson(path: Path, sources: list[str], outputs: list | None = None) -> None:
    cells = [{"cell_type": "code", "source": src, "metadata": {}, "execution_count": None,
              "outputs": outputs or []} for src in sources]
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                                "nbformat_minor": 5}))


def test_update_adds_new_replaces_unedited_and_keeps_edited(tmp_path):
    course = course_tool()
    lessons, work = tmp_path / "notebooks", tmp_path / "workspace"
    lessons.mkdir()
    write_lesson(lessons / "01_a.ipynb", ["x = 1"])
    write_lesson(lessons / "02_b.ipynb", ["y = 2"])
    write_lesson(lessons / "03_c.ipynb", ["z = 3"])

    first = course.sync_workspace(work, lessons)
    assert first == {"copied": ["01_a.ipynb", "02_b.ipynb", "03_c.ipynb"], "updated": [],
                     "skipped": []}

    # the learner edits lesson 01, only runs lesson 02 (outputs change), never opens 03
    write_lesson(work / "01_a.ipynb", ["x = 1  # my note"])
    write_lesson(work / "02_b.ipynb", ["y = 2"], outputs=[{"output_type": "stream",
                                                           "name": "stdout", "text": "2"}])
    # a new version of every lesson arrives with `git pull`, and a new lesson 04
    for name, src in [("01_a", "x = 10"), ("02_b", "y = 20"), ("03_c", "z = 30"),
                      ("04_d", "w = 4")]:
        write_lesson(lessons / f"{name}.ipynb", [src])

    second = course.sync_workspace(work, lessons)
    assert second == {"copied": ["04_d.ipynb"], "updated": ["02_b.ipynb", "03_c.ipynb"],
                      "skipped": ["01_a.ipynb"]}
    assert "my note" in (work / "01_a.ipynb").read_text()        # the edit survived
    assert "y = 20" in (work / "02_b.ipynb").read_text()
    assert (work / "04_d.ipynb").read_text() == (lessons / "04_d.ipynb").read_text()

    # nothing changed upstream: nothing is copied, the edited lesson is still reported
    third = course.sync_workspace(work, lessons)
    assert third == {"copied": [], "updated": [], "skipped": ["01_a.ipynb"]}


def test_workspace_is_git_ignored():
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert "workspace/" in ignored
