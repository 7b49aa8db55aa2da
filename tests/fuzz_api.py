"""Call every public function of course_lib's cores with bad values, one parameter at a time.

Used by ``tests/test_fuzz.py``; run it by hand for the full table::

    .venv/bin/python tests/fuzz_api.py            # every module
    .venv/bin/python tests/fuzz_api.py montecarlo # one module

Nothing is listed by hand. Every name in a core module's ``__all__`` (the base layer and the
topic cores; not ``viz``, ``exercises``, ``check``, ``notebook``, ``validation``) that is a
function or an estimator-like class is found automatically, and its *valid* arguments are
taken from its own docstring: the examples are executed with the function replaced by a
recorder, so the first call an example makes is the valid call (``Examples`` sections are
required by the conventions and run as doctests). Then each parameter in turn gets each of
:data:`BAD_VALUES` while the others keep their valid values; for an estimator, the
constructor's parameters and then ``fit``'s (reported as ``fit.X``, ``fit.y``).

Each call runs in a child process with a memory limit and a watchdog, so a call that hangs
or allocates gigabytes is reported instead of stopping the run. Outcomes:

``clear``       ValueError/TypeError (or a subclass) whose message names the parameter as a
                word (the letter ``t`` inside "converted" does not name ``t``)
``unclear``     another exception type, or a message that does not name the parameter
``nonsense``    the bad value was accepted although it can mean nothing (NaN, a string in
                place of a number, a bool in place of a number), or the result holds NaN
``hang``        no answer within the time limit
``memory``      MemoryError under the child's address-space limit
``accepted``    a value that may be legitimate (0, -1, 10**9, empty, 3-D) was accepted and
                gave a NaN-free result: not a finding
"""

from __future__ import annotations

import copy
import dataclasses
import doctest
import importlib
import inspect
import math
import multiprocessing as mp
import numbers
import pkgutil
import sys
import time
import traceback
from collections import Counter
from typing import Any

import numpy as np

NOT_CORES = {"viz", "exercises", "check", "notebook", "validation", "ipython_hook"}
TIMEOUT_S = 4.0            # per call, beyond 5x the valid call's own time
MEMORY_LIMIT = 4 * 2**30   # address space of the child (bytes); the imports take ~0.9 GB
SEEDLIKE = {"random_state", "seed", "rng", "generator"}
FIT_PREFIX = "fit."        # an estimator's fit argument, e.g. "fit.X"

# (label, factory(valid_value)) - a factory so that arrays are fresh for every call
BAD_VALUES: list[tuple[str, Any]] = [
    ("None", lambda v: None),
    ("str", lambda v: "abc"),
    ("nan", lambda v: float("nan")),
    ("inf", lambda v: float("inf")),
    ("-inf", lambda v: float("-inf")),
    ("-1", lambda v: -1),
    ("0", lambda v: 0),
    ("1e9", lambda v: 10**9),
    ("empty", lambda v: np.array([])),
    ("3-D", lambda v: np.zeros((2, 2, 2))),
    ("array with NaN", lambda v: _with_nan(v)),
    ("list of str", lambda v: ["a", "b"]),
    ("bool", lambda v: True),
]


def _with_nan(valid: Any) -> Any:
    arr = np.array(valid, dtype=float, copy=True) if _is_numeric_array(valid) else None
    if arr is None or arr.size == 0:
        return np.array([1.0, np.nan])
    arr.flat[0] = np.nan
    return arr


def _is_numeric_array(v: Any) -> bool:
    try:
        a = np.asarray(v)
    except Exception:  # anything odd is "not an array" here
        return False
    return a.dtype.kind in "biuf" and a.ndim >= 1


# --- discovery ------------------------------------------------------------------------------
def core_modules() -> list[str]:
    import course_lib

    return sorted(m.name for m in pkgutil.iter_modules(course_lib.__path__)
                  if m.name not in NOT_CORES and not m.name.startswith("_"))


def _is_target(obj: Any) -> bool:
    if inspect.isclass(obj):
        if issubclass(obj, BaseException) or dataclasses.is_dataclass(obj):
            return False  # result containers and exceptions are made by code, not by hand
        return hasattr(obj, "fit")  # estimators: constructor parameters meet fit()
    return inspect.isfunction(obj)


def public_targets(module_name: str) -> list[str]:
    mod = importlib.import_module(f"course_lib.{module_name}")
    return [n for n in getattr(mod, "__all__", []) if _is_target(getattr(mod, n, None))]


# --- valid arguments from the docstring examples ----------------------------------------------
class _Found(Exception):
    pass


def valid_call(module_name: str, name: str) -> tuple[tuple, dict, tuple | None] | None:
    """(args, kwargs, fit_call) of the first call to ``name`` in its docstring examples."""
    mod = importlib.import_module(f"course_lib.{module_name}")
    obj = getattr(mod, name)
    examples = doctest.DocTestParser().get_examples(inspect.getdoc(obj) or "")
    if not examples:
        return None
    record: dict[str, Any] = {}
    if inspect.isclass(obj):
        class Recorder(obj):  # type: ignore[misc, valid-type]
            def __init__(self, *args, **kwargs):
                record.setdefault("call", (copy.deepcopy(args), copy.deepcopy(kwargs)))
                super().__init__(*args, **kwargs)

            def fit(self, *args, **kwargs):
                record["fit"] = (copy.deepcopy(args), copy.deepcopy(kwargs))
                raise _Found

        Recorder.__name__ = obj.__name__
        stand_in: Any = Recorder
    else:
        def stand_in(*args, **kwargs):
            record["call"] = (copy.deepcopy(args), copy.deepcopy(kwargs))
            raise _Found

    globs = {**vars(mod), "np": np, name: stand_in}
    for ex in examples:
        if ex.exc_msg is not None:
            continue  # an example that shows an error is not a valid call
        try:
            exec(compile(ex.source, f"<{name} example>", "exec"), globs)
        except _Found:
            break
        except Exception:  # an example may need an earlier one's names
            continue
        if "call" in record and (not inspect.isclass(obj) or "fit" in record):
            break
    if "call" not in record or (inspect.isclass(obj) and "fit" not in record):
        return None
    args, kwargs = record["call"]
    return args, kwargs, record.get("fit")


# --- one call ---------------------------------------------------------------------------------
def _has_nan(x: Any, depth: int = 0) -> bool:
    if depth > 3 or x is None:
        return False
    if isinstance(x, float):
        return math.isnan(x)
    if isinstance(x, np.ndarray):
        return x.dtype.kind in "fc" and bool(np.isnan(x).any())
    if isinstance(x, np.generic):
        return bool(np.isnan(x)) if x.dtype.kind in "fc" else False
    if type(x).__module__.startswith("torch") and hasattr(x, "isnan"):
        return bool(x.isnan().any())
    if isinstance(x, (list, tuple)):
        return any(_has_nan(v, depth + 1) for v in list(x)[:50])
    if isinstance(x, dict):
        return any(_has_nan(v, depth + 1) for v in list(x.values())[:50])
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return any(_has_nan(getattr(x, f.name), depth + 1) for f in dataclasses.fields(x))
    return False


def _meaningless(label: str, valid: Any, param: str, required: bool) -> bool:
    """Whether accepting this bad value can only be a silent mistake."""
    if label in ("nan", "array with NaN"):
        return True
    if label in ("str", "list of str"):
        return not (isinstance(valid, str) or (isinstance(valid, (list, tuple)) and valid
                                               and all(isinstance(s, str) for s in valid)))
    if label == "bool":  # True for a number: a flag passed in the wrong place
        return isinstance(valid, numbers.Number) and not isinstance(valid, (bool, np.bool_))
    if label == "None":  # a required parameter that takes None without a word
        return required and param not in SEEDLIKE
    return False


def _names(msg: str, param: str) -> bool:
    """Whether ``msg`` names ``param`` as a word: "t" in "only 0-dimensional arrays can be
    converted" or "X" in "Expected 2D array" (no X in it) is not naming it."""
    import re

    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(param)}(?![A-Za-z0-9_])", msg) is not None


def run_one(fn: Any, args: tuple, kwargs: dict, fit: tuple | None, param: str, label: str,
            make_bad: Any) -> tuple[str, str]:
    """Call with ``param`` replaced by the bad value; classify the outcome.

    ``param`` names a parameter of ``fn``, or of an estimator's ``fit`` as ``"fit.X"``."""
    on_fit = param.startswith(FIT_PREFIX)
    name = param[len(FIT_PREFIX):] if on_fit else param
    if on_fit:  # the constructor call stays valid; fit's argument turns bad
        sig = inspect.signature(fn.fit)
        bound = sig.bind(None, *copy.deepcopy(fit[0]), **copy.deepcopy(fit[1]))
    else:
        sig = inspect.signature(fn)
        bound = sig.bind(*copy.deepcopy(args), **copy.deepcopy(kwargs))
    bound.apply_defaults()
    valid = bound.arguments[name]
    required = sig.parameters[name].default is inspect.Parameter.empty
    bound.arguments[name] = make_bad(valid)
    try:
        if on_fit:
            out = fn(*copy.deepcopy(args), **copy.deepcopy(kwargs))
            out = out.fit(*bound.args[1:], **bound.kwargs)
        else:
            out = fn(*bound.args, **bound.kwargs)
            if fit is not None:
                out = out.fit(*copy.deepcopy(fit[0]), **copy.deepcopy(fit[1]))
    except MemoryError:
        return "memory", "MemoryError"
    except (ValueError, TypeError) as exc:
        msg = str(exc)
        if _names(msg, name):
            return "clear", ""
        return "unclear", f"{type(exc).__name__}: {msg[:160]}"
    except Exception as exc:  # the kind of exception is what is judged
        return "unclear", f"{type(exc).__name__}: {str(exc)[:160]}"
    if _meaningless(label, valid, name, required):
        return "nonsense", "accepted"
    if _has_nan(out):
        return "nonsense", "result holds NaN"
    return "accepted", ""


def _child(conn: Any) -> None:
    import resource
    import warnings

    warnings.simplefilter("ignore")
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    while True:
        job = conn.recv()
        if job is None:
            return
        module_name, name, todo, skip = job
        try:
            call = valid_call(module_name, name)
        except Exception:
            call = None
        if call is None:
            conn.send(("novalid", None, None, "", ""))
            continue
        fn = getattr(importlib.import_module(f"course_lib.{module_name}"), name)
        args, kwargs, fit = call
        try:
            for _ in range(2):  # the first call pays for lazy imports; time the second
                t0 = time.perf_counter()
                out = fn(*copy.deepcopy(args), **copy.deepcopy(kwargs))
                if fit is not None:
                    out.fit(*copy.deepcopy(fit[0]), **copy.deepcopy(fit[1]))
        except Exception as exc:
            conn.send(("novalid", None, None, "", f"valid call failed: {exc!r}"[:200]))
            continue
        params = [p for p, v in inspect.signature(fn).parameters.items()
                  if v.kind not in (v.VAR_POSITIONAL, v.VAR_KEYWORD) and p != "self"]
        if fit is not None:  # an estimator: fit's data arguments are fuzzed too
            params += [FIT_PREFIX + p for p, v in inspect.signature(fn.fit).parameters.items()
                       if v.kind not in (v.VAR_POSITIONAL, v.VAR_KEYWORD) and p != "self"]
        conn.send(("valid", time.perf_counter() - t0, params, "", ""))
        for param, idx in (todo if todo is not None else
                           [(p, i) for p in params for i in range(len(BAD_VALUES))
                            if (p, BAD_VALUES[i][0]) not in skip]):
            label, make_bad = BAD_VALUES[idx]
            conn.send(("start", param, idx, "", ""))
            try:
                outcome, detail = run_one(fn, args, kwargs, fit, param, label, make_bad)
            except Exception as exc:  # the harness itself must not stop
                outcome, detail = "unclear", f"harness: {exc!r}"[:200]
            conn.send(("done", param, idx, outcome, detail))
        conn.send(("end", None, None, "", ""))


class _Worker:
    def __init__(self) -> None:
        ctx = mp.get_context("spawn")
        self.conn, child_conn = ctx.Pipe()
        self.proc = ctx.Process(target=_child, args=(child_conn,), daemon=True)
        self.proc.start()

    def stop(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)


def _drive(holder: list, module_name: str, name: str,
           skip: frozenset[tuple[str, str]] = frozenset()) -> list[dict]:
    """All fuzz calls of one function on the worker in ``holder[0]`` (replaced when a call
    hangs or kills it). ``skip`` holds (parameter, bad-value label) pairs not to call: each
    gets the outcome "skipped"."""
    rows: list[dict] = []

    def row(param: str, idx: int | None, outcome: str, detail: str) -> dict:
        return dict(module=module_name, name=name, param=param,
                    value="" if idx is None else BAD_VALUES[idx][0], outcome=outcome,
                    detail=detail)

    todo = None
    while True:
        worker = holder[0]
        worker.conn.send((module_name, name, todo, skip))
        limit = 120.0  # imports + the valid call
        current = None
        pending: list = []
        restart = False
        while True:
            if not worker.conn.poll(limit):  # no answer: the call in flight hangs
                if current is not None:
                    rows.append(row(current[0], current[1], "hang",
                                    f"no answer in {limit:.0f} s"))
                    pending.remove(current)
                restart = True
                break
            try:
                kind, a, b, outcome, detail = worker.conn.recv()
            except EOFError:  # the child died (killed by the OS for memory)
                if current is not None:
                    rows.append(row(current[0], current[1], "memory", "child died"))
                    pending.remove(current)
                restart = True
                break
            if kind == "novalid":
                rows.append(row("", None, "novalid", detail or "no example calls it"))
                return rows
            if kind == "valid":
                if todo is None:
                    rows.extend(row(p, i, "skipped", "not called (see skip)") for p in b
                                for i in range(len(BAD_VALUES)) if (p, BAD_VALUES[i][0]) in skip)
                pending = ([(p, i) for p in b for i in range(len(BAD_VALUES))
                            if (p, BAD_VALUES[i][0]) not in skip]
                           if todo is None else list(todo))
                limit = TIMEOUT_S + 5 * a
            elif kind == "start":
                current = (a, b)
            elif kind == "done":
                rows.append(row(a, b, outcome, detail))
                pending.remove((a, b))
                current = None
            elif kind == "end":
                return rows
        if restart:
            worker.stop()
            holder[0] = _Worker()
            todo = pending
            if not todo:
                return rows


def fuzz(modules: list[str] | None = None, *, n_workers: int = 1, log: Any = None,
         skip: set[tuple[str, str, str, str]] | None = None) -> list[dict]:
    """Run the fuzz over ``modules`` (default: every core) on ``n_workers`` child processes;
    one row per call. ``skip``: (module, function, parameter, bad-value label) calls not to
    make, e.g. a size of 10**9 that takes long by design (each such call would cost the
    watchdog's wait and a new child process)."""
    import queue
    import threading

    targets: queue.Queue = queue.Queue()
    for module_name in modules or core_modules():
        for name in public_targets(module_name):
            targets.put((module_name, name))
    rows: list[dict] = []
    lock = threading.Lock()

    def work() -> None:
        holder = [_Worker()]
        try:
            while True:
                try:
                    module_name, name = targets.get_nowait()
                except queue.Empty:
                    return
                t0 = time.perf_counter()
                found = _drive(holder, module_name, name, frozenset(
                    (p, v) for m, f, p, v in skip or () if (m, f) == (module_name, name)))
                seconds = time.perf_counter() - t0
                with lock:
                    rows.extend(found)
                if log is not None:
                    bad = sum(r["outcome"] not in ("clear", "accepted") for r in found)
                    print(f"{module_name}.{name}: {bad} findings, {len(found)} calls, "
                          f"{seconds:.1f} s", file=log, flush=True)
        finally:
            try:
                holder[0].conn.send(None)
            except (OSError, BrokenPipeError):
                pass
            holder[0].stop()

    threads = [threading.Thread(target=work) for _ in range(max(1, n_workers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(rows, key=lambda r: (r["module"], r["name"], r["param"], r["value"]))


def summary(rows: list[dict]) -> Counter:
    return Counter(r["outcome"] for r in rows)


def main(argv: list[str]) -> None:
    t0 = time.perf_counter()
    rows = fuzz(argv or None, n_workers=2, log=sys.stderr)
    for r in rows:
        if r["outcome"] not in ("clear", "accepted"):
            print(f"{r['outcome']:9} {r['module']}.{r['name']}({r['param']}={r['value']}) "
                  f"{r['detail']}")
    print(dict(summary(rows)), f"calls={len(rows)}", f"{time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except Exception:  # pragma: no cover
        traceback.print_exc()
        sys.exit(1)
