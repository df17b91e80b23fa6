"""Submissions graded in child processes, at most ``jobs`` at a time, each under a time limit.

Contract: ``graded(submissions, options, jobs, timeout)`` yields ``(index, result)`` for
every submission, in the order they finish, where ``result`` is the worker's dict
(``oracle.grading.worker.grade``) plus ``seconds``, the child's wall time. A child past its
``timeout`` is killed (SIGKILL): "timed out after S s"; one that exits without writing its
result: "crashed (exit code N)" or "crashed (signal SIGSEGV)". The parent runs in one
thread and waits on the children's sentinels; children are forked where the platform can
(they inherit the imported oracle at no cost), else spawned. Leaving early (an exception,
Ctrl-C, the generator closed) kills every child still running.

The time limit isolates faults; it is not a security sandbox: a submission runs with the
user's rights.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import wait
from multiprocessing.context import ForkContext, SpawnContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, cast

from oracle.grading.submissions import Submission
from oracle.grading.worker import child, error

__all__ = ["all_cores", "context", "graded"]


def all_cores() -> int:
    """The cores this process may run on (its affinity where the platform says), else all."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def context() -> ForkContext | SpawnContext:
    """fork where the platform has it (no re-import per child), else spawn."""
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


@dataclass(frozen=True)
class _Running:
    """A child at work: which submission, since when, where it writes its result."""

    index: int
    process: BaseProcess
    started: float
    result_file: Path


def _crash(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"crashed (signal {signal.Signals(-exitcode).name})"
        except ValueError:  # a real-time signal has no name
            return f"crashed (signal {-exitcode})"
    return f"crashed (exit code {exitcode})"


def _finish(run: _Running, timeout: float | None) -> dict[str, Any]:
    """The child's result once it has ended (``timeout`` given when it was killed for time)."""
    seconds = time.monotonic() - run.started
    run.process.join()
    if run.result_file.exists():  # also when killed: its result written, it hung on the way out
        result = json.loads(run.result_file.read_text(encoding="utf-8"))
    elif timeout is not None:
        result = error(f"timed out after {timeout:g} s")
    else:
        result = error(_crash(run.process.exitcode))
    run.process.close()
    return dict(result, seconds=seconds)


def graded(
    submissions: Sequence[Submission], options: dict[str, Any], jobs: int, timeout: float
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(index, result) for every submission, as each finishes; at most ``jobs`` children at once."""
    ctx = context()
    waiting = list(enumerate(submissions))
    running: dict[int, _Running] = {}  # by the child's sentinel
    with tempfile.TemporaryDirectory(prefix="refbp-grading-") as folder:
        try:
            while waiting or running:
                while waiting and len(running) < jobs:
                    index, sub = waiting.pop(0)
                    result_file = Path(folder, f"{index}.json")
                    process = ctx.Process(
                        target=child, args=(sub.path, sub.func, options, str(result_file)), daemon=True
                    )
                    process.start()
                    running[process.sentinel] = _Running(index, process, time.monotonic(), result_file)
                first_deadline = min(run.started for run in running.values()) + timeout
                ready = wait(list(running), timeout=max(0.0, first_deadline - time.monotonic()))
                for sentinel in ready:
                    run = running.pop(cast(int, sentinel))
                    yield run.index, _finish(run, None)
                now = time.monotonic()
                for sentinel, run in list(running.items()):
                    if now - run.started >= timeout:
                        run.process.kill()
                        del running[sentinel]
                        yield run.index, _finish(run, timeout)
        finally:
            for run in running.values():
                run.process.kill()
                run.process.join()
