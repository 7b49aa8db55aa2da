"""Fixtures of the browser tests: JupyterLab from .venv and Debian's Chromium via Playwright.

- ``lab``: one JupyterLab server for the session, started with the command of `make lab`
  (``tools/course.py``'s ``lab_command``: 127.0.0.1, a random token, a free port, no browser),
  with throw-away settings, workspaces and runtime folders. Its settings turn off the news
  and update checks (no request to the internet), autosave (the committed notebooks are never
  written) and cell windowing (every widget is in the page). The server inherits the offline
  guard from the test process, and so do its kernels.
- ``browser``: ``/usr/bin/chromium`` driven by Playwright (never ``playwright install``: it
  downloads a browser, which fails offline). ``.ci/run`` installs Debian's Chromium; where it
  is missing these tests are skipped, with a message saying how to install it, except under
  CI, where a missing browser fails the run.

Both are stopped in ``finally`` blocks, the server with its kernels (their process ids are
collected before shutdown), so a failing test leaves no process behind.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import secrets
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--no-first-run",
    "--disable-sync", "--disable-quic", "--disable-features=Translate,MediaRouter",
]
# JupyterLab settings for the test server (overrides.json in its own app settings folder)
OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false", "checkForUpdates": False, "doNotDisturbMode": True},
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    "@jupyterlab/extensionmanager-extension:plugin": {"enabled": False},
}


def course_tool():
    """tools/course.py as a module (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("course_tool", ROOT / "tools" / "course.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.exists():
        msg = (f"{CHROMIUM} not found: the browser tests need Debian's Chromium. Install it "
               "with `sudo apt-get install chromium` (CI's .ci/run does).")
        if os.environ.get("CI"):
            pytest.fail(msg)  # CI must run the browser tests, not skip them
        pytest.skip(msg)
    return CHROMIUM


def _get(url: str, timeout: float = 2.0) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # 127.0.0.1 only
        return response.status


def _descendants(pid: int) -> list:
    import psutil

    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []


def _stop_server(proc: subprocess.Popen, base: str, token: str) -> None:
    import psutil

    children = _descendants(proc.pid)  # kernels run in their own process groups
    with contextlib.suppress(OSError):
        request = urllib.request.Request(f"{base}/api/shutdown?token={token}", method="POST")
        urllib.request.urlopen(request, timeout=5).close()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
    for child in children:
        with contextlib.suppress(psutil.Error):
            child.kill()
    psutil.wait_procs(children, timeout=5)


@pytest.fixture(scope="session")
def lab(chromium, tmp_path_factory):
    """A running JupyterLab: ``{"base": "http://127.0.0.1:PORT", "token": ...,
    "runtime_dir": ...}`` (its runtime folder, where it lists itself for
    ``jupyter_server``'s ``list_running_servers``, as `make update` finds a running lab)."""
    course = course_tool()
    tmp = tmp_path_factory.mktemp("jupyterlab")
    app_settings = tmp / "app-settings"
    app_settings.mkdir()
    (app_settings / "overrides.json").write_text(json.dumps(OVERRIDES, indent=1))
    token = secrets.token_hex(24)
    # each pytest-xdist worker that runs browser tests starts its own server: a port range
    # and a log of its own, so two servers starting at once never pick the same port
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    port = course.free_port(18888 + 100 * int(worker.removeprefix("gw") or 0))
    log_path = ARTIFACTS / f"e2e-jupyterlab-{worker}.log"
    cmd = [
        *course.lab_command(port, token),
        "--LabApp.expose_app_in_browser=True",
        f"--LabApp.app_settings_dir={app_settings}",
        f"--LabApp.user_settings_dir={tmp / 'user-settings'}",
        f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
    ]
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
           "PATH": f"{course.BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    ARTIFACTS.mkdir(exist_ok=True)
    base = f"http://127.0.0.1:{port}"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            deadline = time.monotonic() + 90
            while True:
                if proc.poll() is not None:
                    pytest.fail(f"JupyterLab exited with {proc.returncode}; see "
                                f"{log_path.relative_to(ROOT)}")
                with contextlib.suppress(OSError):
                    if _get(f"{base}/api/status?token={token}") == 200:
                        break
                if time.monotonic() > deadline:
                    pytest.fail("JupyterLab did not answer within 90 s")
                time.sleep(0.3)
            yield {"base": base, "token": token, "runtime_dir": str(tmp / "runtime")}
        finally:
            _stop_server(proc, base, token)
            shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        # launch() gives Chromium a new, empty user-data-dir and removes it on close
        browser = pw.chromium.launch(executable_path=str(chromium), headless=True,
                                     args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        pw.stop()


@pytest.fixture(scope="session")
def lab_page(browser):
    """One page for all of a worker's lesson tests: JupyterLab loads once, and each test opens
    its notebook in it (loading the app costs a few seconds per test otherwise)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1300})
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1300})
    try:
        yield context.new_page()
    finally:
        context.close()
