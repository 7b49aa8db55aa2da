"""The NameError hint of course_lib.ipython_hook, in a real IPython shell."""

from __future__ import annotations

import subprocess
import sys

import pytest

from course_lib import ipython_hook, notebook

SCRIPT = r"""
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
shell.extension_manager.load_extension("course_lib.ipython_hook")
shell.run_cell("AttackExplorer().show()")                    # after a restart: set-up not run
shell.run_cell("import course_lib.notebook\ncourse_lib.notebook._SET_UP = True")  # as the 1st cell
shell.run_cell("check.fold_bias(fold_bias)")                # set up, an earlier cell skipped
r = shell.run_cell("x = 1 + 1")
print("ordinary cell ok:", r.success)
r = shell.run_cell("1 / 0")
print("other errors untouched:", type(r.error_in_exec).__name__)
"""


def test_a_name_error_says_to_run_the_set_up_cell_or_the_cells_above():
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                         timeout=120, env={"COURSE_PROGRESS": "off", "MPLBACKEND": "Agg",
                                           "PATH": "/usr/bin:/bin"}).stdout
    first, _, rest = out.partition(ipython_hook.NOT_SET_UP)
    assert "NameError" in first and "AttackExplorer" in first      # the usual traceback stays
    assert ipython_hook.SET_UP.format(name="check") in rest
    assert ipython_hook.NOT_SET_UP not in rest                         # once set up, the other hint
    assert "ordinary cell ok: True" in out
    assert "other errors untouched: ZeroDivisionError" in out and out.count("course:") == 2


@pytest.mark.parametrize(("set_up", "expected"), [(False, ipython_hook.NOT_SET_UP),
                                                  (True, ipython_hook.SET_UP.format(name="rng"))])
def test_hint_depends_on_whether_the_set_up_cell_ran(monkeypatch, set_up, expected):
    monkeypatch.setattr(notebook, "_SET_UP", set_up)
    assert ipython_hook.hint(NameError("name 'rng' is not defined", name="rng")) == expected


def test_setup_notebook_marks_the_process_set_up(monkeypatch):
    monkeypatch.setattr(notebook, "_SET_UP", False)
    notebook.setup_notebook(seed=3)
    assert notebook.is_set_up()


def test_every_kernel_of_the_course_environment_loads_the_hook():
    """A real kernel of this environment (as JupyterLab and nbval start it) gives the hint."""
    from pathlib import Path

    from jupyter_client.manager import start_new_kernel

    config = Path(sys.prefix) / "etc" / "ipython" / "ipython_kernel_config.py"
    assert config.is_file(), f"{config} is missing: `make setup` writes it"
    km, kc = start_new_kernel(kernel_name="python3")
    try:
        kc.execute("AttackExplorer")
        texts = []
        while True:
            msg = kc.get_iopub_msg(timeout=60)
            if msg["msg_type"] == "stream":
                texts.append(msg["content"]["text"])
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    assert ipython_hook.NOT_SET_UP in "".join(texts)
