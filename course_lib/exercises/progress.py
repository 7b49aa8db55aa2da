"""The learner's progress: which exercises they have tried, failed (with the last hint) or passed.

Stored as a small JSON file in the user's data directory (``platformdirs``), e.g.
``~/.local/share/dl-course/progress.json`` on Linux; ``COURSE_PROGRESS_FILE`` names another
file. It is written only when a learner checks their own function through ``course_lib.check``
(a stub that is not implemented yet is not an attempt), never while the course's own tests run:
``COURSE_PROGRESS=off`` (set by the test runner and inherited by nbval's kernels) turns
recording off. A corrupt or unwritable file never breaks a checker: it warns once and goes on.
"""

from __future__ import annotations

import json
import os
import time
import warnings
from pathlib import Path
from typing import Any

__all__ = ["enabled", "load", "path", "record", "reset"]

ENV_FILE = "COURSE_PROGRESS_FILE"
ENV_SWITCH = "COURSE_PROGRESS"
_warned = False


def path() -> Path:
    """Where progress is kept."""
    override = os.environ.get(ENV_FILE)
    if override:
        return Path(override)
    import platformdirs

    return platformdirs.user_data_path("dl-course", appauthor=False) / "progress.json"


def enabled() -> bool:
    """False while the course's tests run (``COURSE_PROGRESS=off``)."""
    return os.environ.get(ENV_SWITCH, "on").lower() not in ("off", "0", "false", "no")


def _warn_once(message: str) -> None:
    global _warned
    if not _warned:
        _warned = True
        warnings.warn(f"course progress: {message}; checking goes on without it",
                      RuntimeWarning, stacklevel=3)


def load() -> dict[str, dict[str, Any]]:
    """``{exercise: {"state": "passed" | "solved with the solution" | "failing", "hint": str,
    "time": float}}``."""
    if not enabled():
        return {}
    file = path()
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        _warn_once(f"cannot read {file} ({type(exc).__name__}: {exc})")
        return {}
    if not isinstance(data, dict):
        _warn_once(f"{file} does not hold a progress table")
        return {}
    return {k: v for k, v in data.items() if isinstance(v, dict)}


STATES = {"passed": "passed", "solution": "solved with the solution", "failed": "failing",
          "error": "failing"}


def record(name: str, status: str, message: str) -> None:
    """Remember the outcome of checking the learner's ``name``: passed, solved with the pasted
    model solution (status "solution"), or failing (status "failed" or "error")."""
    if not enabled() or status not in STATES:
        return
    data = load()
    entry: dict[str, Any] = {"state": STATES[status], "time": round(time.time())}
    if entry["state"] == "failing":
        lines = [ln.strip() for ln in message.splitlines()]
        hint = [ln for ln in lines if ln.startswith(("likely cause:", "hint:"))]
        entry["hint"] = (hint[-1] if hint else lines[0])[:200]
    data[name] = entry
    file = path()
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
        tmp.replace(file)
    except OSError as exc:
        _warn_once(f"cannot write {file} ({type(exc).__name__}: {exc})")


def reset() -> None:
    """Forget all progress."""
    file = path()
    try:
        file.unlink(missing_ok=True)
    except OSError as exc:
        _warn_once(f"cannot remove {file} ({type(exc).__name__}: {exc})")
