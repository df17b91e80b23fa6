"""Submissions graded in child processes (oracle.grading.pool): a hang, a crash, os._exit or
sys.exit in one never stops or spoils the others, and each says what happened."""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

import pytest
from submissions import OPTIONS, write

from oracle.grading import pool
from oracle.grading.submissions import Submission


def _submission(folder: Path, name: str) -> Submission:
    return Submission(write(folder, name), "backprop")


def test_every_fault_is_its_own_result_and_the_others_are_graded(tmp_path: Path) -> None:
    names = ["correct", "hangs", "segfaults", "os_exit", "sys_exit", "no_fprime", "bad_import"]
    start = time.monotonic()
    results = dict(pool.graded([_submission(tmp_path, n) for n in names], OPTIONS, jobs=4, timeout=3))
    assert time.monotonic() - start < 20
    assert sorted(results) == list(range(len(names)))
    by_name = {name: results[i] for i, name in enumerate(names)}
    assert by_name["correct"]["status"] == "pass"
    assert by_name["no_fprime"]["status"] == "fail"
    errors = {name: r["error"] for name, r in by_name.items() if r["status"] == "error"}
    assert errors == {
        "hangs": "timed out after 3 s",
        "segfaults": "crashed (signal SIGSEGV)",
        "os_exit": "crashed (exit code 3)",
        "sys_exit": "called sys.exit(3)",
        "bad_import": "import failed: ModuleNotFoundError: No module named 'no_such_module_for_refbp'",
    }
    assert all(r["seconds"] > 0 for r in results.values())
    assert by_name["hangs"]["seconds"] >= 3


def test_a_child_that_hangs_after_writing_its_result_keeps_it(tmp_path: Path) -> None:
    """A thread that never ends keeps the child from exiting: killed, its result still counts."""
    path = tmp_path / "threads.py"
    path.write_text(
        "import threading, time\nthreading.Thread(target=time.sleep, args=(3600,)).start()\n\n"
        + (tmp_path / Path(write(tmp_path, "correct")).name).read_text()
    )
    [(index, result)] = pool.graded([Submission(str(path), "backprop")], OPTIONS, jobs=1, timeout=2)
    assert (index, result["status"]) == (0, "pass")


def test_closing_early_kills_the_children_still_running(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    path = tmp_path / "hangs.py"
    path.write_text(
        f"import os\nopen({str(pid_file)!r}, 'w').write(str(os.getpid()))\nwhile True:\n    pass\n"
    )
    results = pool.graded([Submission(str(path), "f"), _submission(tmp_path, "correct")], OPTIONS, 2, 60)
    assert next(results)[0] == 1
    results.close()
    pid = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # killed and reaped


def test_a_signal_without_a_name_is_said_by_its_number() -> None:
    assert pool._crash(-40) == "crashed (signal 40)"  # a real-time signal
    assert pool._crash(-9) == "crashed (signal SIGKILL)"
    assert pool._crash(0) == "crashed (exit code 0)"


def test_all_cores_is_the_affinity_where_the_platform_has_one(monkeypatch: pytest.MonkeyPatch) -> None:
    assert pool.all_cores() == len(os.sched_getaffinity(0))
    monkeypatch.delattr(os, "sched_getaffinity")
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    assert pool.all_cores() == 3
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert pool.all_cores() == 1


def test_children_are_forked_where_the_platform_can_else_spawned(monkeypatch: pytest.MonkeyPatch) -> None:
    assert pool.context().get_start_method() == "fork"
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert pool.context().get_start_method() == "spawn"
