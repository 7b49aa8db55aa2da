"""`make update` while the learner works in JupyterLab, in the browser (issue 28, items 1-2).

tests/test_workspace.py checks ``sync_workspace`` on files and ``lab_open_lessons`` against a
bare Jupyter server. Here a learner's copy of a lesson is open in the test JupyterLab in
Chromium with an edit typed but not saved, the published lesson changes, and the update
logic of `make update` (``tools/course.py``'s ``update``: ``sync_workspace`` with the lessons
``lab_open_lessons`` finds open, then ``say_sync``; without its ``git pull`` and set-up) runs
against it:

1. the open lesson is not replaced: the file on disk is the learner's copy, the editor still
   shows the unsaved edit, and the message says to save, close the lesson and run
   `make update` again;
2. once the edit is saved and the lesson closed, `make update` keeps the edited copy and says
   "a newer version is in notebooks/" when the published lesson changed since the copy was
   made, and not when it is the lesson the copy was made from.

The lessons live in a git-ignored folder of test-artifacts/ (the test JupyterLab serves the
repository): ``workspace/`` and ``notebooks/`` of the learner are never touched.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from pathlib import Path

import pytest
from test_widgets_in_browser import JS_KERNEL_IDLE, STEP_TIMEOUT_MS

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"

NAME = "01_update_demo.ipynb"
EDIT = "# my unsaved edit"
METADATA = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                           "name": "python3"}}
JS_DIRTY = """(path) => {
  const w = window.jupyterapp.shell.currentWidget;
  return !!w && !!w.context && w.context.path === path && w.context.model.dirty;
}"""
JS_CELL_TEXT = """(path) => {
  const w = window.jupyterapp.shell.currentWidget;
  return w.context.path === path ? w.content.widgets.map(c => c.model.sharedModel.getSource())
                                 : null;
}"""
JS_DIALOGS = "() => [...document.querySelectorAll('.jp-Dialog')].map(d => d.innerText)"


def course_tool():
    """tools/course.py as a module (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("course_tool", ROOT / "tools" / "course.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_lesson(path, code: str) -> None:
    cells = [{"cell_type": "markdown", "metadata": {}, "source": "# A lesson"},
             {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
              "source": code}]
    path.write_text(json.dumps({"cells": cells, "metadata": METADATA, "nbformat": 4,
                                "nbformat_minor": 5}, indent=1))


def code_of(path) -> str:
    """The source of a lesson's code cell (Jupyter saves it as a list of lines)."""
    return "".join(json.loads(path.read_text())["cells"][1]["source"])


@pytest.fixture
def course_folder():
    """A course folder of this test's own under test-artifacts/: notebooks/ (the published
    lessons) and workspace/ (the learner's copies), relative to the repository root."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    folder = ARTIFACTS / f"e2e-update-{worker}"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "notebooks").mkdir(parents=True)
    (folder / "workspace").mkdir()
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def make_update(course, lab, folder, monkeypatch, capsys) -> tuple[dict, str]:
    """`make update`'s workspace step, as tools/course.py's ``update`` runs it; the running
    lab is found through its runtime folder, as `make update` finds the learner's."""
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", lab["runtime_dir"])
    capsys.readouterr()
    open_lessons = course.lab_open_lessons(ROOT, folder / "workspace")
    report = course.sync_workspace(folder / "workspace", folder / "notebooks",
                                   open_lessons=open_lessons)
    course.say_sync(report)
    return report, " ".join(capsys.readouterr().out.split())


def test_make_update_keeps_an_open_lesson_and_says_when_a_newer_one_is_published(
        page, lab, course_folder, monkeypatch, capsys):
    course = course_tool()
    published, copy = course_folder / "notebooks" / NAME, course_folder / "workspace" / NAME
    write_lesson(published, "x = 1")
    report, _ = make_update(course, lab, course_folder, monkeypatch, capsys)
    assert report["copied"] == [NAME]

    # the learner opens their copy and types an edit, not saved (the test lab has no autosave)
    path = copy.relative_to(ROOT).as_posix()
    page.goto(f"{lab['base']}/lab/tree/{path}?reset&token={lab['token']}")
    page.wait_for_function(JS_KERNEL_IDLE, arg=path, timeout=120_000)
    editor = page.locator(".jp-CodeCell .cm-content").first
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(f"  {EDIT}")
    page.wait_for_function(JS_DIRTY, arg=path, timeout=STEP_TIMEOUT_MS)
    on_disk = copy.read_bytes()
    assert EDIT.encode() not in on_disk

    # a new version is published; `make update` runs while the lesson is open
    write_lesson(published, "x = 2  # the published lesson changed")
    report, said = make_update(course, lab, course_folder, monkeypatch, capsys)
    assert report["open"] == [NAME] and not report["updated"], report
    assert copy.read_bytes() == on_disk, "make update replaced a lesson open in the lab"
    assert f"NOT updated, open in the running JupyterLab: {NAME}" in said, said
    assert "Save your work, close these lessons" in said and "run `make update` again" in said
    page.wait_for_timeout(500)  # a change on disk would show a dialog by now (it checks on focus)
    page.evaluate("() => window.dispatchEvent(new Event('focus'))")
    assert page.evaluate(JS_DIRTY, path), "the editor lost its unsaved edit"
    cells = page.evaluate(JS_CELL_TEXT, path)
    assert cells and cells[1] == f"x = 1  {EDIT}", cells
    assert not page.evaluate(JS_DIALOGS), page.evaluate(JS_DIALOGS)

    # as the message says: save, close the lesson (and its kernel), run `make update` again
    page.keyboard.press("Control+s")
    page.wait_for_function(f"(path) => !({JS_DIRTY})(path)", arg=path, timeout=STEP_TIMEOUT_MS)
    assert not page.evaluate(JS_DIALOGS), page.evaluate(JS_DIALOGS)
    page.evaluate("async () => { await window.jupyterapp.serviceManager.sessions.shutdownAll();"
                  " window.jupyterapp.shell.closeAll(); }")
    assert EDIT in code_of(copy)
    report, said = make_update(course, lab, course_folder, monkeypatch, capsys)
    assert report["skipped"] == [NAME] and not report["open"], report
    assert EDIT in code_of(copy), "the edit was lost"
    assert (f"kept your edited {NAME} (a newer version is in notebooks/; rename your copy and "
            "run `make update` to get it too)") in said, said

    # the same edited copy when the published lesson is the one it was copied from: the edit
    # is kept, and no newer version is announced
    write_lesson(published, "x = 1")
    report, said = make_update(course, lab, course_folder, monkeypatch, capsys)
    assert report["kept"] == [NAME] and not report["skipped"], report
    assert "a newer version" not in said, said
    assert f"your edits in {NAME} are kept (nothing newer was published)" in said, said
    assert EDIT in code_of(copy)

