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
                     "skipped": [], "kept": [], "open": []}

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
                      "skipped": ["01_a.ipynb"], "kept": [], "open": []}
    assert "my note" in (work / "01_a.ipynb").read_text()        # the edit survived
    assert "y = 20" in (work / "02_b.ipynb").read_text()
    assert (work / "04_d.ipynb").read_text() == (lessons / "04_d.ipynb").read_text()

    # nothing changed upstream since: nothing is copied; 01's copy still predates the version
    # in notebooks/, which is still said
    third = course.sync_workspace(work, lessons)
    assert third == {"copied": [], "updated": [], "skipped": ["01_a.ipynb"], "kept": [],
                     "open": []}
    # the learner edits lesson 04 and nothing new is published: no "newer version" for it
    # (issue 28: it was said for every edited lesson at every update)
    write_lesson(work / "04_d.ipynb", ["w = 4  # mine"])
    assert course.sync_workspace(work, lessons)["kept"] == ["04_d.ipynb"]


def test_a_lesson_open_in_the_running_lab_is_never_replaced(tmp_path, capsys):
    course = course_tool()
    lessons, work = tmp_path / "notebooks", tmp_path / "workspace"
    lessons.mkdir()
    for name in ("01_a", "02_b"):
        write_lesson(lessons / f"{name}.ipynb", ["x = 1"])
    course.sync_workspace(work, lessons)
    for name in ("01_a", "02_b"):
        write_lesson(lessons / f"{name}.ipynb", ["x = 2"])
    report = course.sync_workspace(work, lessons, open_lessons=frozenset({"02_b.ipynb"}))
    assert report["updated"] == ["01_a.ipynb"] and report["open"] == ["02_b.ipynb"]
    assert "x = 1" in (work / "02_b.ipynb").read_text()      # what the lab has open is untouched
    course.say_sync(report)
    assert "NOT updated, open in the running JupyterLab: 02_b.ipynb" in capsys.readouterr().out
    # a lab that does not answer: nothing is replaced; once it is closed, the update goes through
    write_lesson(lessons / "01_a.ipynb", ["x = 3"])
    assert course.sync_workspace(work, lessons, open_lessons=None)["open"] == ["01_a.ipynb",
                                                                               "02_b.ipynb"]
    assert course.sync_workspace(work, lessons)["updated"] == ["01_a.ipynb", "02_b.ipynb"]


def test_workspace_is_git_ignored():
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert "workspace/" in ignored


def test_make_update_sees_the_lessons_open_in_a_running_jupyter_server(tmp_path):
    """lab_open_lessons against a real Jupyter server with one workspace lesson open."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    course = course_tool()
    root, work = tmp_path / "course", tmp_path / "course" / "workspace"
    work.mkdir(parents=True)
    write_lesson(work / "01_a.ipynb", ["x = 1"])
    write_lesson(work / "02_b.ipynb", ["y = 2"])
    assert course.lab_open_lessons(root, work) == frozenset()          # no server: none open
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    token = "t" * 48
    cmd = [sys.executable, "-m", "jupyter_server", "--no-browser", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
           f"--ServerApp.root_dir={root}", f"--IdentityProvider.token={token}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base, auth = f"http://127.0.0.1:{port}", {"Authorization": f"token {token}"}

    def call(path, method="GET", body=None):
        req = urllib.request.Request(base + path, method=method, headers=auth,
                                     data=None if body is None else json.dumps(body).encode())
        with urllib.request.urlopen(req, timeout=30) as response:
            return json.loads(response.read() or b"null")

    try:
        for _ in range(300):
            try:
                call("/api/status")
                break
            except OSError:
                time.sleep(0.1)
        call("/api/sessions", "POST", {"path": "workspace/02_b.ipynb", "type": "notebook",
                                       "name": "02_b.ipynb", "kernel": {"name": "python3"}})
        assert course.lab_open_lessons(root, work) == frozenset({"02_b.ipynb"})
        assert course.lab_open_lessons(tmp_path / "elsewhere", work) == frozenset()
    finally:
        try:
            call("/api/shutdown", "POST", {})
        except OSError:
            pass
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
