"""Repository-wide pytest configuration (applies to tests/, course_lib/ and notebooks/).

- nbval's wait for each cell output is raised (slow CI machines).
- The learner's progress file (course_lib/exercises/progress.py) is never written.
- The offline guard (tools/offline/offline_guard.py) refuses every connection that would
  leave the machine, in this process and in every Python process it starts (nbval's
  kernels, the browser tests' JupyterLab server and its kernels). Each refused attempt is
  logged to a file; if any was logged, the session fails even where the error was caught.
"""

import os
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "tools" / "offline"))

import offline_guard  # noqa: E402

# nbval waits a fixed 5 s for each output message of a cell. A cell that trains a model or
# draws a large figure on a busy 2-core CI machine can go past that and fail although it is
# fine, so the wait is raised for every notebook cell.
NBVAL_OUTPUT_TIMEOUT_S = 120


def pytest_configure(config):
    # The exercise checkers record a learner's progress; the tests (and nbval's kernels, which
    # inherit this) must never write it.
    os.environ["COURSE_PROGRESS"] = "off"
    # Child processes (kernels, JupyterLab) inherit these variables and start guarded; this
    # process is guarded from here on (or from start-up when `make test` set them already).
    os.environ.update(offline_guard.child_env())
    if hasattr(config, "workerinput") and os.environ.get(offline_guard.ENV_LOG):
        # a pytest-xdist worker: log to the file of the main process, which reads it at the end
        config._offline_log = None
    else:
        fd, log = tempfile.mkstemp(prefix="course-offline-", suffix=".log")
        os.close(fd)
        os.environ[offline_guard.ENV_LOG] = log
        config._offline_log = log
    offline_guard.install()


# `make test` runs on every core with pytest-xdist (``--dist loadfile --no-loadscope-reorder``,
# see tools/course.py). A worker takes a whole unit of work at a time: a test file, a notebook
# (its cells in order, on one kernel, as nbval needs), or one browser test (each starts its own
# kernel, so the lessons' browser tests spread over the workers). Units go out in the order
# below, the long ones first, so that the workers finish together instead of one running the
# browser tests alone at the end.
BROWSER_TESTS = "tests/e2e/test_widgets_in_browser.py"
LONG_FIRST = ("tests/e2e/test_site.py", "tests/test_fuzz.py", BROWSER_TESTS, "notebooks/")


def _rank(nodeid: str) -> int:
    path = nodeid.split("::")[0]
    return next((i for i, p in enumerate(LONG_FIRST) if path.startswith(p)), len(LONG_FIRST))


def pytest_collection_modifyitems(config, items):
    for item in items:
        if hasattr(item, "output_timeout"):  # nbval's IPyNbCell
            item.output_timeout = NBVAL_OUTPUT_TIMEOUT_S
    if hasattr(config, "workerinput"):  # a pytest-xdist worker: its list is the schedule's
        items.sort(key=lambda item: _rank(item.nodeid))  # stable: cells stay in order


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadfile``, except that each browser test is a unit of its own."""
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class CourseScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return nodeid if path == BROWSER_TESTS else path

    return CourseScheduling(config, log)


def pytest_sessionfinish(session, exitstatus):
    log = Path(getattr(session.config, "_offline_log", "") or os.devnull)
    attempts = log.read_text().splitlines() if log.is_file() else []
    if log.is_file() and str(log) != os.devnull:
        log.unlink()
    if attempts:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        lines = ["offline guard: the test run tried to reach the network:", *attempts]
        if reporter:
            reporter.write_line("\n".join(lines), red=True, bold=True)
        else:
            print("\n".join(lines), file=sys.stderr)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
