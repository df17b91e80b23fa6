"""One submission graded in a child process: load it, search it, write the result as JSON.

Contract: ``grade(path, func, options)`` loads ``func`` from the file ``path`` (as
``runpy.run_path``, its folder first on sys.path as ``python path`` would put it), runs
``search_backprop(fn, **options)`` and returns a JSON-ready dict whatever the code does:
``status`` "pass", "fail" (the search found a failing network, also one on which fn raised)
or "error" (the file could not be loaded, sys.exit was called, the search refused the
function), with ``error``, ``failure`` (the first failure and the minimal network, one
line), ``examples``, ``search`` (``SearchResult.to_dict`` but its replay) and ``replay``
(the snippet that loads ``path`` itself). ``child(...)`` is the child's whole life: it silences its
output first (fds 1 and 2, sys.stdout, sys.stderr), so a submission's prints can neither
flood nor corrupt the parent's output, then writes ``grade``'s dict to ``result_file``
atomically.
"""

from __future__ import annotations

import faulthandler
import json
import os
import runpy
import sys
from pathlib import Path
from typing import Any

import torch

from oracle.search.search import search_backprop

__all__ = ["child", "grade", "write_result"]


def error(message: str) -> dict[str, Any]:
    """The result of a submission that could not be searched."""
    return {
        "status": "error",
        "error": message,
        "failure": None,
        "examples": 0,
        "search": None,
        "replay": None,
    }


def _exited(err: SystemExit) -> str:
    return f"called sys.exit({err.code!r})" if err.code is not None else "called sys.exit()"


def load(path: str, func: str) -> Any:
    """``func`` of the module ``path``, run as ``runpy.run_path`` runs it (no ``__main__`` block)."""
    folder = str(Path(path).resolve().parent)
    sys.path.insert(0, folder)  # its own helper modules import as they would under `python path`
    try:
        namespace = runpy.run_path(path)
    finally:
        sys.path.remove(folder)
    if func not in namespace:
        raise NameError(f"{path} defines no {func!r} when run")
    return namespace[func]


def grade(path: str, func: str, options: dict[str, Any]) -> dict[str, Any]:
    """Load and search one submission; every way it can go wrong is a result, never a raise."""
    try:
        fn = load(path, func)
    except SystemExit as err:
        return error(_exited(err))
    except BaseException as err:  # its code, whatever it raises (KeyboardInterrupt included)
        return error(f"import failed: {type(err).__name__}: {err}")
    try:
        result = search_backprop(fn, **options)
    except SystemExit as err:
        return error(_exited(err))
    except BaseException as err:
        return error(f"{type(err).__name__}: {err}")
    m = result.minimal
    search = result.to_dict()
    del search["replay"]  # its own asks for fn by name: the one below loads the file itself
    return {
        "status": "pass" if m is None else "fail",
        "error": None,
        "failure": None if m is None else f"{m.failure()}; minimal: {m.describe()}",
        "examples": result.examples,
        "search": search,
        "replay": result.replay_loading(path, func),
    }


def write_result(result_file: str, result: dict[str, Any]) -> None:
    """``result`` as strict JSON in ``result_file``, all or nothing: the parent never reads half."""
    try:
        text = json.dumps(result, allow_nan=False)
    except (TypeError, ValueError) as err:  # a value the search could not make JSON: said, not lost
        text = json.dumps(error(f"could not record the result: {err}"))
    partial = f"{result_file}.partial"
    Path(partial).write_text(text, encoding="utf-8")
    os.replace(partial, result_file)


def silence() -> None:
    """fds 1 and 2, and sys.stdout and sys.stderr whatever they were, to the null device: what
    the submission prints or writes goes nowhere, in the parent's output or elsewhere."""
    sys.stdout.flush()
    sys.stderr.flush()
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.close(null)
    sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115 (the child's, open until it ends)
    sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115


def child(path: str, func: str, options: dict[str, Any], result_file: str) -> None:
    """The child process: silenced, one torch thread, one submission graded into ``result_file``."""
    silence()
    faulthandler.disable()  # a crash is said by its signal in the parent's line, not dumped on its stderr
    # A child forked from a process whose OpenMP pool has run waits forever in its next
    # parallel region (oracle.twin.threads); on one thread torch opens none, and the search's
    # networks are far below torch's grain size anyway.
    torch.set_num_threads(1)
    write_result(result_file, grade(path, func, options))
