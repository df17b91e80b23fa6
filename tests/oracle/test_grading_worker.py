"""One submission graded (oracle.grading.worker), run here in-process so that coverage sees
what the grading children run: every way a submission can go wrong is a result, never a raise.

Those that would end this process (a hang, a crash, os._exit) are graded in children:
test_grading_pool.py.
"""

from __future__ import annotations

import faulthandler
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from submissions import OPTIONS, write

from oracle.grading.worker import child, error, grade, write_result


def _error(message: str) -> dict[str, Any]:
    return {
        "status": "error",
        "error": message,
        "failure": None,
        "examples": 0,
        "search": None,
        "replay": None,
    }


def test_a_correct_submission_passes_on_every_network(tmp_path: Path) -> None:
    path = write(tmp_path, "correct")
    result = grade(path, "backprop", OPTIONS)
    assert result == {
        "status": "pass",
        "error": None,
        "failure": None,
        "examples": 20,
        "search": result["search"],
        "replay": None,
    }
    assert result["search"]["passed"] is True
    json.dumps(result, allow_nan=False)


def test_a_bug_fails_with_its_layer_its_diagnosis_and_a_replay_that_loads_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "no_fprime")
    result = grade(path, "backprop", OPTIONS)
    assert result["status"] == "fail"
    assert result["error"] is None
    assert result["failure"].startswith("layer 1 delta: delta^(1) equals delta^(2) W^(2) without the f'")
    assert result["failure"].endswith("; minimal: 2 layers 1-1-1 tanh, N=1")
    assert result["search"]["first_failure"] == "layer 1 delta"
    assert "replay" not in result["search"]  # one replay, the one that loads the file
    assert f"backprop = runpy.run_path({path!r})['backprop']" in result["replay"]
    json.dumps(result, allow_nan=False)


def test_an_exception_inside_fn_is_the_searchs_failing_case(tmp_path: Path) -> None:
    result = grade(write(tmp_path, "raises"), "backprop", OPTIONS)
    assert result["status"] == "fail"
    assert "RuntimeError: boom" in result["failure"]
    assert result["search"]["minimal"]["error"] is not None


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("import sys\nsys.exit(3)\n", "called sys.exit(3)"),
        ("raise SystemExit\n", "called sys.exit()"),
        ("raise SystemExit('bye')\n", "called sys.exit('bye')"),
        ("import no_such_module_for_refbp\n", "import failed: ModuleNotFoundError: No module named "
         "'no_such_module_for_refbp'"),
        ("raise KeyboardInterrupt\n", "import failed: KeyboardInterrupt: "),
    ],
)  # fmt: skip
def test_what_happens_while_loading_is_an_error(tmp_path: Path, source: str, message: str) -> None:
    path = tmp_path / "hw.py"
    path.write_text(source)
    assert grade(str(path), "backprop", OPTIONS) == _error(message)


def test_sys_exit_inside_fn_a_syntax_error_and_a_name_not_bound_when_run_are_errors(tmp_path: Path) -> None:
    assert grade(write(tmp_path, "sys_exit"), "backprop", OPTIONS) == _error("called sys.exit(3)")
    syntax = grade(write(tmp_path, "syntax_error"), "backprop", OPTIONS)
    assert syntax["error"].startswith("import failed: SyntaxError: ")
    path = tmp_path / "hidden.py"
    path.write_text("if False:\n    def backprop(w, b, x, d): pass\n")
    assert grade(str(path), "backprop", OPTIONS) == _error(
        f"import failed: NameError: {path} defines no 'backprop' when run"
    )


def test_what_the_search_refuses_is_an_error(tmp_path: Path) -> None:
    result = grade(write(tmp_path, "not_callable"), "backprop", OPTIONS)
    assert result["status"] == "error"
    assert result["error"].startswith("TypeError: ")


def test_a_submission_imports_its_own_helpers_and_sys_path_is_restored(tmp_path: Path) -> None:
    (tmp_path / "helpers_for_hw.py").write_text(
        (tmp_path / Path(write(tmp_path, "correct")).name).read_text()
    )
    path = tmp_path / "hw.py"
    path.write_text("from helpers_for_hw import backprop\n")
    before = list(sys.path)
    assert grade(str(path), "backprop", OPTIONS)["status"] == "pass"
    assert sys.path == before
    sys.modules.pop("helpers_for_hw")


def test_the_result_is_written_whole_as_strict_json(tmp_path: Path) -> None:
    target = tmp_path / "0.json"
    write_result(str(target), {"status": "pass", "examples": 3})
    assert json.loads(target.read_text()) == {"status": "pass", "examples": 3}
    write_result(str(target), {"status": "pass", "value": float("nan")})
    assert json.loads(target.read_text()) == error(
        "could not record the result: Out of range float values are not JSON compliant"
    )
    write_result(str(target), {"status": "pass", "value": object()})
    assert json.loads(target.read_text())["error"].startswith("could not record the result: Object of type")
    assert os.listdir(tmp_path) == ["0.json"]  # no partial file left


@contextmanager
def fds_to_a_file(target: Path) -> Iterator[None]:
    """fds 1 and 2, sys.stdout and sys.stderr on ``target``, as a child's are on the terminal;
    all four restored after, whatever the child's silence did to them. Inside the test, not in
    a fixture: pytest puts its own sys.stdout back between a fixture and the test."""
    streams = sys.stdout, sys.stderr
    saved = os.dup(1), os.dup(2)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT)
    for std in (1, 2):
        os.dup2(fd, std)
    os.close(fd)
    sys.stdout, sys.stderr = open(1, "w", closefd=False), open(2, "w", closefd=False)  # noqa: SIM115
    try:
        yield
    finally:
        sys.stdout.close()
        sys.stderr.close()
        sys.stdout, sys.stderr = streams
        for std, copy in zip((1, 2), saved, strict=True):
            os.dup2(copy, std)
            os.close(copy)


def test_the_child_silences_its_prints_and_writes_its_result(tmp_path: Path, monkeypatch) -> None:
    disabled: list[bool] = []
    monkeypatch.setattr(faulthandler, "disable", lambda: disabled.append(True))  # pytest's: kept
    path = write(tmp_path, "floods")
    target = tmp_path / "result.json"
    terminal = tmp_path / "fds.txt"
    with fds_to_a_file(terminal):
        print("before the child", flush=True)
        child(path, "backprop", OPTIONS, str(target))
    assert terminal.read_text() == "before the child\n"
    assert json.loads(target.read_text())["status"] == "pass"
    assert disabled == [True]
