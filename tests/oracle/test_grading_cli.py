"""refbp-verify --backprop: one line per submission in the order given, the summary, the exit
status, the JSON document, and every usage error before any work (oracle.grading.cli)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from submissions import FLAGS, OPTIONS, write

import oracle.grading.cli
import refbp
from oracle.backprop.conventions import conventions
from oracle.suite.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def no_grading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any submission graded would fail the test: a usage error is found before any work."""

    def graded(*args: object) -> None:
        raise AssertionError("graded before the usage error")

    monkeypatch.setattr(oracle.grading.cli, "graded", graded)


def _usage_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    return err.splitlines()[-1].removeprefix("refbp-verify: error: ")


def _refbp_says(labels: bool = False, **kwargs: object) -> str:
    """What refbp (and check_backprop's conventions, for labels) say of these arguments."""
    try:
        net = refbp.MLP.init((1, 2), **kwargs)  # type: ignore[arg-type]
        conventions("out_in", False, labels, net)
    except ValueError as err:
        return str(err)
    raise AssertionError(f"refbp accepts {kwargs}")


@pytest.mark.usefixtures("no_grading")
def test_every_usage_error_is_found_before_any_work(tmp_path: Path, capsys) -> None:
    hw = write(tmp_path, "correct")
    task = ["--hidden", "tanh", "--task", "regression"]
    errors = {
        ("--hidden", "tanh", "--per-example"): "--hidden, --per-example: options of grading; "
        "name the submissions with --backprop FILE.py:FUNC",
        ("--backprop", hw, "--task", "regression"): "--backprop needs --hidden: the hidden activation "
        "the code implements",
        ("--backprop", hw, "--hidden", "tanh"): "--backprop needs --task, or --output and --loss: "
        "what the output layer computes",
        ("--backprop", hw, "--hidden", "tanh", "--output", "identity"): "--backprop needs --task, or "
        "--output and --loss: what the output layer computes",
        ("--backprop", hw, *task, "--loss", "squared_error"): "give either --task or --output and --loss, "
        "not both",
        ("--backprop", hw, "--hidden", "tanhh", "--task", "regression"): _refbp_says(
            hidden="tanhh", task="regression"
        ),
        ("--backprop", hw, "--hidden", "tanh", "--task", "regr"): _refbp_says(hidden="tanh", task="regr"),
        ("--backprop", hw, "--hidden", "tanh", "--output", "idd", "--loss", "squared_error"): _refbp_says(
            hidden="tanh", output="idd", loss="squared_error"
        ),
        ("--backprop", hw, *task, "--labels"): _refbp_says(labels=True, task="regression"),
        ("--backprop", hw, *task, "--plot", str(tmp_path / "p.png")): "--plot draws the built-in suite's "
        "training; leave it out with --backprop",
        ("--backprop", hw, *task, "--jobs", "0"): "argument --jobs: must be a positive int, got 0",
        ("--backprop", hw, *task, "--jobs", "two"): "argument --jobs: must be a positive int, got 'two'",
        ("--backprop", hw, *task, "--timeout", "0"): "argument --timeout: must be a positive float, got 0",
        ("--backprop", hw, *task, "--timeout", "-1"): "argument --timeout: must be a positive float, got -1",
        (
            "--backprop",
            hw,
            *task,
            "--timeout",
            "nan",
        ): "argument --timeout: must be a positive float, got nan",
        (
            "--backprop",
            hw,
            *task,
            "--timeout",
            "inf",
        ): "argument --timeout: must be a positive float, got inf",
        ("--backprop", hw, *task, "--max-examples", "0"): "argument --max-examples: must be a positive int, "
        "got 0",
        ("--backprop", hw, *task, "--layout", "rows"): "argument --layout: invalid choice: 'rows' "
        "(choose from 'out_in', 'in_out')",
        ("--backprop", f"{tmp_path}/gone.py:backprop", *task): f"argument --backprop: '{tmp_path}/gone.py' "
        "does not exist or is not a file",
        ("--backprop", f"{hw}:back_prop", *task): f"argument --backprop: '{hw}' does not define 'back_prop' "
        "at its top level; check the function's name",
        ("--backprop", f"{hw}:backprop", *task, "--json", f"{tmp_path}/no/x.json"): f"argument --json: "
        f"cannot write '{tmp_path}/no/x.json': the folder '{tmp_path}/no' does not exist",
    }
    for argv, message in errors.items():
        argv = tuple(f"{a}:backprop" if a == hw else a for a in argv)
        assert _usage_error(list(argv), capsys) == message, argv


def test_the_lines_follow_the_command_line_and_jobs_do_not_change_them(tmp_path: Path, capsys) -> None:
    names = ["no_fprime", "correct", "sys_exit", "raises", "syntax_error"]
    argv = ["--backprop", *(f"{write(tmp_path, n)}:backprop" for n in names), *FLAGS]
    seen = []
    for jobs in ("1", "2"):
        assert main([*argv, "--jobs", jobs]) == 1
        out, err = capsys.readouterr()
        assert err == ""
        seen.append(re.sub(r"\d+\.\d s", "T s", out).splitlines())
    assert seen[0][:-1] == seen[1][:-1]
    lines = seen[1]
    path = {n: f"{tmp_path / n}.py:backprop" for n in names}
    assert lines[0].startswith(f"FAIL  {path['no_fprime']}  layer 1 delta: delta^(1) equals delta^(2) W^(2)")
    assert re.fullmatch(r".*; minimal: 2 layers 1-1-1 tanh, N=1 \(\d+ networks, T s\)", lines[0])
    assert lines[1] == f"PASS  {path['correct']}  (20 networks, T s)"
    assert lines[2] == f"ERROR {path['sys_exit']}  called sys.exit(3)"
    assert lines[3].startswith(f"FAIL  {path['raises']}  ")
    assert "RuntimeError: boom" in lines[3]
    assert lines[4].startswith(f"ERROR {path['syntax_error']}  import failed: SyntaxError: ")
    assert lines[5:] == ["refbp-verify: 5 submissions: 1 pass, 2 fail, 2 errors (T s, 2 jobs)"]
    assert seen[0][-1] == "refbp-verify: 5 submissions: 1 pass, 2 fail, 2 errors (T s, 1 job)"


def test_all_passing_exits_0_and_quiet_prints_only_the_summary(tmp_path: Path, capsys) -> None:
    hw = f"{write(tmp_path, 'correct')}:backprop"
    assert main(["--backprop", hw, *FLAGS, "--quiet", "--seed", "4"]) == 0
    out, err = capsys.readouterr()
    assert re.fullmatch(
        r"refbp-verify: 1 submission: 1 pass, 0 fail, 0 errors \(\d+\.\d s, \d+ jobs?\)\n", out
    )
    assert err == ""


def _check_document(doc: dict, names: list[str], tmp_path: Path) -> None:
    assert set(doc) == {"passed", "summary", "options", "submissions"}
    assert doc["passed"] is False
    assert doc["summary"].startswith("refbp-verify: 3 submissions: 1 pass, 1 fail, 1 error (")
    assert doc["options"] == dict(OPTIONS, timeout=60.0)
    assert [s["submission"] for s in doc["submissions"]] == [f"{tmp_path / n}.py:backprop" for n in names]
    for s in doc["submissions"]:
        assert set(s) == {"submission", "status", "error", "seconds", "search", "replay"}
        assert isinstance(s["seconds"], float)
    passed, failed, error = doc["submissions"]
    assert (passed["status"], passed["error"], passed["replay"]) == ("pass", None, None)
    assert passed["search"]["passed"] is True
    assert (failed["status"], failed["error"]) == ("fail", None)
    assert failed["search"]["first_failure"] == "layer 1 delta"
    assert failed["search"]["minimal"]["sizes"] == [1, 1, 1]
    assert f"runpy.run_path({str(tmp_path / 'no_fprime.py')!r})['backprop']" in failed["replay"]
    assert error == {
        "submission": f"{tmp_path / 'bad_import'}.py:backprop",
        "status": "error",
        "error": "import failed: ModuleNotFoundError: No module named 'no_such_module_for_refbp'",
        "seconds": error["seconds"],
        "search": None,
        "replay": None,
    }


def test_json_to_a_file_and_to_stdout(tmp_path: Path, capsys) -> None:
    names = ["correct", "no_fprime", "bad_import"]
    argv = ["--backprop", *(f"{write(tmp_path, n)}:backprop" for n in names), *FLAGS]
    target = tmp_path / "grades.json"
    assert main([*argv, "--json", str(target)]) == 1
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 4  # the lines and the summary still on stdout
    assert err == f"refbp-verify: wrote {target}\n"
    _check_document(json.loads(target.read_text()), names, tmp_path)
    assert main([*argv, "--json", "-"]) == 1
    out, err = capsys.readouterr()
    _check_document(json.loads(out), names, tmp_path)  # stdout is the document and nothing else
    assert err == ""


def test_a_print_flood_a_hang_and_a_crash_leave_stdout_clean_in_a_fresh_process(tmp_path: Path) -> None:
    """A fresh refbp-verify, its real stdout and stderr: nothing but the lines and the summary."""
    names = ["floods", "hangs", "correct", "segfaults"]
    # 5 s: room for the flood and the right one on a busy machine, while the hang holds a core
    argv = ["--backprop", *(f"{write(tmp_path, n)}:backprop" for n in names), *FLAGS, "--timeout", "5"]
    run = subprocess.run(
        [sys.executable, "-m", "oracle", *argv], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert run.returncode == 1
    assert run.stderr == ""
    lines = re.sub(r"\d+\.\d s", "T s", run.stdout).splitlines()
    assert lines == [
        f"PASS  {tmp_path / 'floods'}.py:backprop  (20 networks, T s)",
        f"ERROR {tmp_path / 'hangs'}.py:backprop  timed out after 5 s",
        f"PASS  {tmp_path / 'correct'}.py:backprop  (20 networks, T s)",
        f"ERROR {tmp_path / 'segfaults'}.py:backprop  crashed (signal SIGSEGV)",
        f"refbp-verify: 4 submissions: 2 pass, 0 fail, 2 errors (T s, {lines[-1].split(', ')[-1]}",
    ]
