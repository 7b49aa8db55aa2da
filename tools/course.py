#!/usr/bin/env python3
"""Course tasks: setup, lab, test, portability, refresh, bench, lock.

The Makefile's targets call this script, so the logic lives in one tested-by-use place and
works the same with or without make (``python3 tools/course.py test``). It uses only the
standard library, because it runs before the virtual environment exists.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"
STAMP = VENV / ".course-setup-stamp"
LOCK = ROOT / "requirements.lock"
NOTEBOOKS = ROOT / "notebooks"
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"

# One thread for every numeric library and a fixed hash seed, so that a notebook gives the
# same digits on every run of one machine; the Jupyter kernels inherit this environment.
# Across machines the SIMD kernels differ too: the lessons print rounding noise as a bound
# and CPU-dependent training results with format_varies, and `make portability` checks that.
DETERMINISTIC_ENV = {
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "PYTHONHASHSEED": "0",
    "MPLBACKEND": "Agg",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    "COURSE_PROGRESS": "off",  # checks run by tests and refreshes are not a learner's progress
}


def say(msg: str) -> None:
    print(f"[course] {msg}", flush=True)


def run(cmd: list[str | Path], env: dict[str, str] | None = None) -> None:
    cmd = [str(c) for c in cmd]
    shown = [*cmd[:2], "<script>", *cmd[3:]] if cmd[1:2] == ["-c"] else cmd
    say("$ " + " ".join(shown))
    full_env = {**os.environ, **(env or {})}
    full_env["PATH"] = f"{BIN}{os.pathsep}{full_env.get('PATH', '')}"
    code = subprocess.call(cmd, cwd=ROOT, env=full_env)
    if code != 0:
        sys.exit(code)


def wanted_stamp() -> str:
    digest = hashlib.sha256()
    for path in (LOCK, ROOT / "pyproject.toml"):
        digest.update(path.read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


#: IPython reads this file (under sys.prefix) in every kernel of the course's environment.
KERNEL_CONFIG = VENV / "etc" / "ipython" / "ipython_kernel_config.py"
KERNEL_CONFIG_TEXT = """\
# Written by `make setup` (tools/course.py); it is rewritten there, so edit that instead.
# Every kernel of the course's environment adds a hint under a NameError: run the lesson's
# set-up cell first (course_lib/ipython_hook.py).
c.InteractiveShellApp.extensions = ["course_lib.ipython_hook"]
"""


def write_kernel_config() -> None:
    if not KERNEL_CONFIG.exists() or KERNEL_CONFIG.read_text() != KERNEL_CONFIG_TEXT:
        KERNEL_CONFIG.parent.mkdir(parents=True, exist_ok=True)
        KERNEL_CONFIG.write_text(KERNEL_CONFIG_TEXT)


def setup(_args: argparse.Namespace | None = None) -> None:
    """Create .venv if missing and install the locked packages and course_lib (editable).

    Idempotent: a stamp holding the hash of the lock file and pyproject.toml skips the
    install when nothing changed, so `make test` after `make test` starts at once.
    """
    if sys.version_info < (3, 11):  # noqa: UP036 - make may find an older python3
        sys.exit(f"[course] Python 3.11 or newer is needed; this is {sys.version.split()[0]}. "
                 "Run with PYTHON=python3.11 make ...")
    stamp = wanted_stamp()
    if STAMP.exists() and STAMP.read_text().strip() == stamp and PY.exists():
        write_kernel_config()
        say("environment up to date (.venv)")
        return
    t0 = time.perf_counter()
    if not PY.exists():
        say(f"creating {VENV.relative_to(ROOT)} with {sys.executable}")
        run([sys.executable, "-m", "venv", VENV])
    pip = [PY, "-m", "pip", "--disable-pip-version-check"]
    # pip byte-compiles the ~12,500 installed .py files in one process (about a minute of
    # CPU); compileall does the same work on every core. A few files are not meant to compile
    # on this Python (e.g. torch's Python 3.12 test helpers): as pip does, they are skipped.
    run([*pip, "install", "--quiet", "--no-compile", "-r", LOCK])
    site_packages = subprocess.check_output(
        [PY, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True)
    say("byte-compiling the installed packages on every core")
    subprocess.call([PY, "-m", "compileall", "-q", "-q", "-j", "0", site_packages.strip()],
                    cwd=ROOT)
    # --no-deps: every dependency comes from the lock; --no-build-isolation: no download of
    # build tools (the venv's own setuptools builds the editable install).
    run([*pip, "install", "--quiet", "--no-deps", "--no-build-isolation", "-e", "."])
    write_kernel_config()
    STAMP.write_text(stamp + "\n")
    say(f"setup done in {time.perf_counter() - t0:.0f} s")


def free_port(start: int = 8888) -> int:
    """The first port from ``start`` on that nothing listens on at 127.0.0.1."""
    import socket

    for port in range(start, start + 100):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    sys.exit(f"[course] no free port in {start}-{start + 99} on 127.0.0.1")


def lab_command(port: int, token: str, *, open_browser: bool = False,
                default_url: str = "/lab/tree/notebooks/00_index.ipynb") -> list[str]:
    """The JupyterLab command of `make lab` and of the browser tests (tests/e2e).

    It listens on 127.0.0.1 only, on ``port`` (no retry on another one), and requires
    ``token``, which must not be empty: a server without a token would let any local process
    or web page run code.
    """
    if not token:
        raise ValueError("lab_command: the token must not be empty")
    cmd = [
        str(BIN / "jupyter"), "lab", "--browser=default" if open_browser else "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={ROOT}", f"--IdentityProvider.token={token}",
        f"--LabApp.default_url={default_url}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    return cmd


#: A Unix socket's path holds at most 107 bytes (108 with the final NUL, on Linux; 103 on
#: macOS). A kernel on IPC puts its five sockets at RUNTIME/kernel-<36-char id>-ipc-<1..5>.
SOCKET_PATH_MAX = 103
IPC_SUFFIX_LEN = len("/kernel-") + 36 + len("-ipc-5")


def kernel_transport(runtime_dir: str, os_name: str = os.name) -> str:
    """"ipc" (Unix sockets in the Jupyter runtime folder, which only this user can open)
    where a kernel's socket paths fit, else "tcp" on 127.0.0.1. On TCP every kernel start
    prints ipykernel's warning that the traffic is unencrypted; on IPC there is no traffic
    between machines at all. Windows, or a runtime folder deeper than 103 - 50 bytes,
    keeps TCP (a path that does not fit starts no kernel).

    >>> kernel_transport("/home/ada/.local/share/jupyter/runtime", "posix")
    'ipc'
    >>> kernel_transport("/home/" + "a" * 60 + "/.local/share/jupyter/runtime", "posix")
    'tcp'
    >>> kernel_transport("C:/Users/ada/AppData/Roaming/jupyter/runtime", "nt")
    'tcp'
    """
    if os_name != "posix":
        return "tcp"
    fits = len(os.fsencode(runtime_dir)) + IPC_SUFFIX_LEN <= SOCKET_PATH_MAX
    return "ipc" if fits else "tcp"


WORKSPACE = ROOT / "workspace"
WORKSPACE_RECORD = WORKSPACE / ".course-copies.json"
#: JupyterLab settings of `make lab` (the installation's overrides.json in .venv): no news
#: pop-up, no news or update requests (the course works offline).
LAB_OVERRIDES = {"@jupyterlab/apputils-extension:notification": {
    "fetchNews": "false", "checkForUpdates": False}}


def lesson_fingerprint(path: Path) -> str:
    """Hash of a notebook's cell types and sources: running cells (new outputs, a new kernel
    name, autosave) leaves it unchanged; editing a cell changes it."""
    import json

    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    text = json.dumps([[c.get("cell_type"), "".join(c.get("source", ""))] for c in cells])
    return hashlib.sha256(text.encode()).hexdigest()


def sync_workspace(workspace: Path = WORKSPACE, lessons: Path = NOTEBOOKS,
                   open_lessons: frozenset[str] | None = frozenset()) -> dict[str, list]:
    """Copy the lessons into the learner's git-ignored workspace without touching their edits.

    A lesson missing from the workspace is copied; one whose cells are still as they were
    copied is replaced by the current version; one the learner has edited is left alone
    (listed under "skipped" when the published lesson changed since the copy was made, under
    "kept" when it did not). A lesson open in a running JupyterLab (``open_lessons``, names
    in ``workspace``; None: a lab runs but its open lessons are unknown) is never replaced:
    the lab may hold unsaved edits, and its next save would overwrite the new version or
    offer to drop the learner's edit; it is listed under "open". ``notebooks/`` itself stays
    pristine: it is what nbval checks and what ``git pull`` updates.
    """
    import json

    workspace.mkdir(exist_ok=True)
    record_path = workspace / WORKSPACE_RECORD.name
    try:
        record = json.loads(record_path.read_text())
    except (OSError, ValueError):
        record = {}
    report: dict[str, list] = {"copied": [], "updated": [], "skipped": [], "kept": [],
                               "open": []}
    for src in sorted(lessons.glob("[0-9][0-9]*.ipynb")):
        dst = workspace / src.name
        new = lesson_fingerprint(src)
        if not dst.exists():
            key = "copied"
        elif lesson_fingerprint(dst) == new:
            record[src.name] = new
            continue
        elif record.get(src.name) == lesson_fingerprint(dst):
            key = "updated"
        else:
            report["kept" if record.get(src.name) == new else "skipped"].append(src.name)
            continue
        if key == "updated" and (open_lessons is None or src.name in open_lessons):
            report["open"].append(src.name)
            continue
        shutil.copyfile(src, dst)
        record[src.name] = new
        report[key].append(src.name)
    record_path.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")
    return report


def say_sync(report: dict[str, list]) -> None:
    for key, verb in (("copied", "copied"), ("updated", "updated")):
        if report[key]:
            say(f"workspace: {verb} {', '.join(report[key])}")
    if report["skipped"]:
        say(f"workspace: kept your edited {', '.join(report['skipped'])} (a newer version is "
            "in notebooks/; rename your copy and run `make update` to get it too)")
    if report.get("kept"):
        say(f"workspace: your edits in {', '.join(report['kept'])} are kept (nothing newer "
            "was published)")
    if report.get("open"):
        say(f"workspace: NOT updated, open in the running JupyterLab: {', '.join(report['open'])}. "
            "Save your work, close these lessons (File > Close and Shut Down Notebook) or stop "
            "the lab with Ctrl-C, then run `make update` again")


def lab_open_lessons(root: Path = ROOT, workspace: Path = WORKSPACE) -> frozenset[str] | None:
    """The workspace lessons open in a running JupyterLab that serves ``root``.

    Asks every Jupyter server that ``jupyter_server`` lists for this user (it writes a file
    per running server) for its sessions, over 127.0.0.1 with the server's own token. An
    empty set: no lab serves ``root``, or none has a workspace lesson open. None: a lab
    serves ``root`` but does not answer, so any lesson may be open.
    """
    import json
    import urllib.request

    if not PY.exists():
        return frozenset()
    listing = subprocess.run(
        [str(PY), "-c", "import json; from jupyter_server.serverapp import list_running_servers;"
         " print(json.dumps(list(list_running_servers())))"],
        capture_output=True, text=True, cwd=ROOT, timeout=60)
    try:
        servers = json.loads(listing.stdout or "[]")
    except ValueError:
        servers = []
    found: set[str] = set()
    for server in servers:
        server_root = Path(server.get("root_dir") or server.get("notebook_dir") or "/")
        if server_root.resolve() != root.resolve():
            continue
        url = f"{server['url'].rstrip('/')}/api/sessions"
        request = urllib.request.Request(url, headers={"Authorization":
                                                       f"token {server.get('token', '')}"})
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # 127.0.0.1 only
                sessions = json.loads(response.read())
        except (OSError, ValueError):
            return None
        for session in sessions:
            path = Path(session.get("path") or session.get("notebook", {}).get("path", ""))
            if (root / path).parent.resolve() == workspace.resolve():
                found.add(path.name)
    return frozenset(found)


def lab(_args: argparse.Namespace) -> None:
    import json

    setup()
    say_sync(sync_workspace(open_lessons=lab_open_lessons()))
    # the learner's own copies are trusted, so opening one does not warn "not trusted"
    lessons = sorted(str(p) for p in WORKSPACE.glob("[0-9][0-9]*.ipynb"))
    if lessons:
        subprocess.call([str(BIN / "jupyter"), "trust", *lessons], cwd=ROOT,
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    settings = VENV / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "overrides.json").write_text(json.dumps(LAB_OVERRIDES, indent=1) + "\n")
    token = secrets.token_hex(24)  # never an empty token, whatever a user config says
    port = free_port()
    url_path = "/lab/tree/workspace/00_index.ipynb"
    cmd = lab_command(port, token, open_browser=not os.environ.get("CI"), default_url=url_path)
    cmd.append("--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate")
    runtime = subprocess.run([str(BIN / "jupyter"), "--runtime-dir"], capture_output=True,
                             text=True, cwd=ROOT).stdout.strip()
    if runtime and kernel_transport(runtime) == "ipc":  # no 'unencrypted TCP' warning
        cmd.append("--KernelManager.transport=ipc")
    # Jupyter hides a token it was given, so the URL is printed here.
    say("JupyterLab listens on 127.0.0.1 only. Open this URL (Ctrl-C stops the server):")
    say(f"    http://127.0.0.1:{port}{url_path}?token={token}")
    say("Your own copies of the lessons are in workspace/ (notebooks/ stays as published).")
    os.execve(cmd[0], cmd,
              {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"})


def update(_args: argparse.Namespace) -> None:
    """Pull the course, then bring new and changed lessons into the workspace."""
    if (ROOT / ".git").exists() and shutil.which("git"):
        run(["git", "pull", "--ff-only"])
    setup()
    report = sync_workspace(open_lessons=lab_open_lessons())
    say_sync(report)
    if not any(report.values()):
        say("workspace: every lesson is up to date")


def notebook_paths(names: list[str]) -> list[Path]:
    if names:
        return [Path(n).resolve() for n in names]
    return sorted(NOTEBOOKS.glob("[0-9][0-9]*.ipynb"))


CHROMIUM = Path("/usr/bin/chromium")


def browser_note() -> None:
    """Say in one line when the browser tests (tests/e2e) will be skipped, and how to enable
    them. `make test` never installs system packages; CI installs Chromium in .ci/run."""
    if not CHROMIUM.exists():
        say(f"browser tests skipped: {CHROMIUM} is missing "
            "(enable them with `sudo apt-get install chromium`)")


def guarded_env() -> dict[str, str]:
    """The offline guard for every Python process of the test run (tools/offline)."""
    sys.path.insert(0, str(ROOT / "tools" / "offline"))
    import offline_guard

    return offline_guard.child_env()


def ruff() -> None:
    run([BIN / "ruff", "check", "course_lib", "tests", "benchmarks", "tools", "site", "notebooks",
         "conftest.py"])


def parallel_args() -> list[str]:
    """pytest-xdist on every core. A worker takes a whole test file or notebook (its cells stay
    on one worker, in order, as nbval needs), or one browser test; the root conftest.py lists
    the long ones first, and ``--no-loadscope-reorder`` keeps that order."""
    return ["-n", str(max(1, min(os.cpu_count() or 1, 8))), "--dist", "loadfile",
            "--no-loadscope-reorder"]


def test(args: argparse.Namespace) -> None:
    t0 = time.perf_counter()
    setup()
    browser_note()
    ruff()
    pytest_cmd = [
        PY, "-m", "pytest", "tests", "course_lib", "notebooks", *parallel_args(),
        "--nbval", f"--nbval-sanitize-with={SANITIZE.relative_to(ROOT)}",
        "--nbval-cell-timeout=300", "--durations=15", *args.pytest_args,
    ]
    # pytest, nbval's kernels and the browser tests' JupyterLab start with the offline guard
    run(pytest_cmd, env={**DETERMINISTIC_ENV, **guarded_env()})
    say(f"make test finished in {time.perf_counter() - t0:.0f} s")


#: The machines `make portability` simulates on this one, with environment variables only:
#: (variables to set, variables to remove). PyTorch picks its vectorised kernels by
#: ATEN_CPU_CAPABILITY, NumPy's OpenBLAS by OPENBLAS_CORETYPE; the thread count changes how
#: reductions are split. "native" is this CPU's own choice (e.g. AVX-512), "scalar" the
#: kernels without SIMD that a CPU with other vector units (an ARM laptop) stands in for.
SIMULATED_MACHINES: dict[str, tuple[dict[str, str], tuple[str, ...]]] = {
    "native": ({}, ("ATEN_CPU_CAPABILITY", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")),
    "scalar": ({"ATEN_CPU_CAPABILITY": "default", "OPENBLAS_CORETYPE": "Prescott"}, ()),
    "avx2-4-threads": ({"ATEN_CPU_CAPABILITY": "avx2", "OPENBLAS_CORETYPE": "Haswell",
                        "OMP_NUM_THREADS": "4", "MKL_NUM_THREADS": "4",
                        "OPENBLAS_NUM_THREADS": "4", "OMP_WAIT_POLICY": "PASSIVE"}, ()),
}
ARTIFACTS = ROOT / "test-artifacts"


def machine_env(name: str) -> dict[str, str]:
    """The full environment of one simulated machine (the deterministic one, then its own)."""
    overrides, removed = SIMULATED_MACHINES[name]
    env = {k: v for k, v in os.environ.items() if k not in removed}
    env.update({**DETERMINISTIC_ENV, **overrides, **guarded_env()})
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def failed_cells(junit_xml: Path) -> list[str]:
    """The test ids that failed or errored in a pytest JUnit XML report."""
    import xml.etree.ElementTree as ET

    failed = []
    for case in ET.parse(junit_xml).getroot().iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            failed.append(f"{case.get('classname', '')}::{case.get('name', '')}")
    return failed


def portability(args: argparse.Namespace) -> None:
    """Strict nbval over every lesson under each simulated machine; fails on any changed cell.

    The stored outputs must not depend on the CPU's SIMD kernels or the thread count. Each
    machine is one pytest run over notebooks/ (no unit or browser tests: `make test` runs
    those); the single-threaded machines use every core, the four-thread one a single worker.
    """
    t_all = time.perf_counter()
    setup()
    ARTIFACTS.mkdir(exist_ok=True)
    names = args.machines or list(SIMULATED_MACHINES)
    unknown = sorted(set(names) - set(SIMULATED_MACHINES))
    if unknown:
        sys.exit(f"[course] unknown machine(s) {unknown}; choose from {list(SIMULATED_MACHINES)}")
    summary = []
    for name in names:
        env = machine_env(name)
        threads = int(env.get("OMP_NUM_THREADS", "1"))
        workers = max(1, min(os.cpu_count() or 1, 8) // threads)
        report = ARTIFACTS / f"portability-{name}.xml"
        cmd = [str(PY), "-m", "pytest", *(args.notebooks or ["notebooks"]), "--nbval",
               f"--nbval-sanitize-with={SANITIZE.relative_to(ROOT)}", "--nbval-cell-timeout=300",
               "-n", str(workers), "--dist", "loadfile", "-q", "-p", "no:cacheprovider",
               f"--junitxml={report}"]
        say(f"simulated machine {name}: " + " ".join(
            [f"{k}={v}" for k, v in SIMULATED_MACHINES[name][0].items()]
            + [f"unset {k}" for k in SIMULATED_MACHINES[name][1]]))
        t0 = time.perf_counter()
        code = subprocess.call(cmd, cwd=ROOT, env=env)
        seconds = time.perf_counter() - t0
        failed = failed_cells(report) if report.exists() else ["(no report: pytest did not run)"]
        if code != 0 and not failed:
            failed = [f"(pytest exit code {code})"]
        summary.append((name, failed, seconds))
    say("portability: failing cells per simulated machine")
    for name, failed, seconds in summary:
        say(f"  {name:<15} {len(failed):3d} failing  ({seconds:.0f} s)")
        for test_id in failed:
            say(f"      {test_id}")
    say(f"make portability finished in {time.perf_counter() - t_all:.0f} s")
    if any(failed for _, failed, _ in summary):
        sys.exit(1)


def check(args: argparse.Namespace) -> None:
    """The fast loop while editing: ruff, unit tests and doctests; no notebooks, no browser."""
    t0 = time.perf_counter()
    setup()
    ruff()
    run([PY, "-m", "pytest", "tests", "course_lib", "--ignore=tests/e2e", "-q",
         *parallel_args(), *args.pytest_args], env={**DETERMINISTIC_ENV, **guarded_env()})
    say(f"make check finished in {time.perf_counter() - t0:.0f} s")


def refresh(args: argparse.Namespace) -> None:
    """Re-execute notebooks in place (stored outputs become the new expected results)."""
    setup()
    paths = notebook_paths(args.notebooks)
    run([PY, ROOT / "tools" / "refresh_notebooks.py", *paths], env=DETERMINISTIC_ENV)


def bench(args: argparse.Namespace) -> None:
    setup()
    run([PY, "benchmarks/run.py", *args.bench_args], env=DETERMINISTIC_ENV)
    # the browser latencies come from the e2e tests; only here do they write results.json
    # (`make test` leaves tracked files alone: its measurements go to test-artifacts/)
    browser_note()
    if not args.bench_args and CHROMIUM.exists():
        run([PY, "-m", "pytest", "tests/e2e", "-q", "-p", "no:cacheprovider"],
            env={**DETERMINISTIC_ENV, **guarded_env(), "COURSE_RECORD_BENCH": "1"})


def site(_args: argparse.Namespace) -> None:
    """Build the course website into build/site from the stored notebooks (no execution)."""
    setup()
    run([PY, ROOT / "tools" / "build_site.py"])


def lock(_args: argparse.Namespace) -> None:
    """Resolve pyproject.toml's ranges in a scratch venv and write exact pins."""
    with tempfile.TemporaryDirectory() as tmp:
        venv = Path(tmp) / "venv"
        subprocess.check_call([sys.executable, "-m", "venv", str(venv)])
        vpy = venv / "bin" / "python"
        subprocess.check_call([str(vpy), "-m", "pip", "install", "--quiet", "torch==2.13.0",
                               f"{ROOT}[lab,dev,site]"])
        frozen = subprocess.check_output([str(vpy), "-m", "pip", "freeze",
                                          "--exclude", "course_lib"], text=True)
    lines = []
    for line in frozen.splitlines():
        if line.startswith("torch=="):
            line = "torch==2.13.0"  # the CPU build; the local tag '+cpu' is not on every index
        lines.append(line)
    header = LOCK.read_text().splitlines()[:3]
    LOCK.write_text("\n".join(header + lines) + "\n")
    say(f"wrote {len(lines)} pins to {LOCK.name}")


def clean(_args: argparse.Namespace) -> None:
    for path in [VENV, ROOT / ".pytest_cache", ROOT / ".ruff_cache", ROOT / ".hypothesis"]:
        shutil.rmtree(path, ignore_errors=True)
    say("removed .venv and caches")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="task", required=True)
    sub.add_parser("setup", help="create .venv and install the locked packages")
    sub.add_parser("lab", help="start JupyterLab on 127.0.0.1 with a token")
    p = sub.add_parser("test", help="ruff, unit tests, doctests and strict nbval")
    p.add_argument("pytest_args", nargs="*", help="extra pytest arguments")
    p = sub.add_parser("check", help="ruff, unit tests and doctests (no notebooks/browser)")
    p.add_argument("pytest_args", nargs="*", help="extra pytest arguments")
    p = sub.add_parser("portability",
                       help="strict nbval of every lesson under simulated CPUs and thread counts")
    p.add_argument("--machine", dest="machines", action="append",
                   help=f"one of {list(SIMULATED_MACHINES)} (repeatable; default: all)")
    p.add_argument("notebooks", nargs="*", help="notebook paths (default: all lessons)")
    p = sub.add_parser("refresh", help="re-execute notebooks in place")
    p.add_argument("notebooks", nargs="*", help="notebook paths (default: all lessons)")
    p = sub.add_parser("bench", help="run benchmarks, write benchmarks/results.json")
    p.add_argument("bench_args", nargs="*", help="extra arguments for benchmarks/run.py")
    sub.add_parser("site", help="build the course website into build/site (offline)")
    sub.add_parser("update", help="git pull, then add new/changed lessons to workspace/")
    sub.add_parser("lock", help="regenerate requirements.lock from pyproject.toml")
    sub.add_parser("clean", help="remove .venv and caches")
    args = parser.parse_args(argv)
    {"setup": setup, "lab": lab, "test": test, "check": check, "portability": portability,
     "refresh": refresh, "bench": bench, "site": site, "update": update, "lock": lock,
     "clean": clean}[args.task](args)


if __name__ == "__main__":
    main()
