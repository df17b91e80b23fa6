"""refbp-verify: the table, the summary line, JSON, seeds and exit codes."""

from __future__ import annotations

import json
import os
import runpy
import sys
from pathlib import Path

import numpy as np
import pytest

import oracle.suite.cli
import refbp.mlp
from oracle.suite.cases import default_cases
from oracle.suite.cli import main


def test_default_run_prints_the_table_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:3] == ["case", "layer", "quantity"]
    assert out[-1].startswith(f"refbp-verify: {len(default_cases())} cases, ")
    assert "all agree with torch.autograd" in out[-1]
    autograd_table = out[1 : out.index("")]  # the first section, up to its blank line
    canonical_rows = sum(
        c.net.pair.canonical_for(c.net.prepare_target(c.d, len(c.x))) for c in default_cases()
    )
    assert len(autograd_table) == sum(len(c.net.weights) * 5 + 1 for c in default_cases()) + canonical_rows
    assert all(line.endswith("ok") for line in autograd_table)


def test_json_is_valid_and_complete(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--json", "--seed", "3"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["passed"] is True
    assert doc["seed"] == 3
    assert len(doc["cases"]) == len(default_cases(3))
    row = doc["cases"][0]["rows"][0]
    assert set(row) >= {"layer", "quantity", "max_abs", "max_rel", "tolerance", "passed"}


def test_the_seed_changes_the_draws(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--json", "--seed", "1"])
    one = json.loads(capsys.readouterr().out)
    main(["--json", "--seed", "2"])
    two = json.loads(capsys.readouterr().out)
    assert [c["case"] for c in one["cases"]] == [c["case"] for c in two["cases"]]
    assert one["cases"][5]["rows"] != two["cases"][5]["rows"]


def test_a_mismatch_exits_1_and_names_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(refbp.mlp, "output_delta", lambda y, d: np.zeros_like(y))
    assert main([]) == 1
    last = capsys.readouterr().out.splitlines()[-1]
    assert "case(s) FAIL; first: regression 5-1 - N=1 sum: layer 1 delta" in last


def test_python_dash_m_oracle_runs_the_same_report(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["python -m oracle", "--json"])
    with pytest.raises(SystemExit) as info:
        runpy.run_module("oracle", run_name="__main__")
    assert info.value.code == 0
    assert json.loads(capsys.readouterr().out)["passed"] is True


@pytest.fixture
def small_suite(monkeypatch):
    cases = [c for c in default_cases() if "4-8-3" in c.name and c.net.hidden == "tanh" and "sum" in c.name]
    monkeypatch.setattr(oracle.suite.cli, "default_cases", lambda seed: cases)
    return cases


def test_text_report_has_every_section(small_suite, capsys) -> None:
    assert oracle.suite.cli.main([]) == 0
    out = capsys.readouterr().out
    for heading in ("finite differences (no torch)", "non-canonical pairs", "proofs (sympy)"):
        assert heading in out
    last = out.rstrip().splitlines()[-2:]
    assert last[0].startswith("refbp-verify: finite differences:")
    assert last[1].startswith(f"refbp-verify: {len(small_suite)} cases, ")  # autograd's verdict stays last
    assert "all agree; " in out
    assert "all differ from y - d" in out
    assert "proofs as expected" in out


def test_json_report_has_every_witness(small_suite, capsys) -> None:
    assert oracle.suite.cli.main(["--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["passed"]
    assert len(doc["finite_differences"]) == len(small_suite)
    assert all(p["reduces_to_y_minus_d"] == p["expected"] for p in doc["proofs"])
    assert doc["noncanonical"]
    assert "finite differences" in doc["witnesses"]


def test_a_finite_difference_mismatch_fails_the_run(small_suite, monkeypatch, capsys) -> None:
    real = oracle.suite.cli.finite_difference_reports

    def off(cases):
        reports = real(cases)
        from oracle.verdict.compare import compare
        from oracle.verdict.report import Report
        from oracle.verdict.tolerance import FINITE_DIFFERENCE

        bad = compare(1, "W", np.ones(2), np.zeros(2), FINITE_DIFFERENCE, witness="finite differences")
        return [Report([bad], "planted"), *reports[1:]]

    monkeypatch.setattr(oracle.suite.cli, "finite_difference_reports", off)
    assert oracle.suite.cli.main([]) == 1
    assert "1 case(s) FAIL; first: planted" in capsys.readouterr().out


def test_a_noncanonical_pair_equal_to_y_minus_d_fails_the_run(small_suite, monkeypatch, capsys) -> None:
    import refbp

    monkeypatch.setattr(refbp.Pair, "canonical_for", lambda self, d: True)
    assert oracle.suite.cli.main([]) == 1
    out = capsys.readouterr().out
    assert "equal y - d (FAIL)" in out


@pytest.fixture
def no_suite(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite must not start: a bad output path is refused before any work."""

    def fail(seed: int) -> list[object]:
        raise AssertionError("the suite ran before the output path was checked")

    monkeypatch.setattr(oracle.suite.cli, "default_cases", fail)


def _usage_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    return capsys.readouterr().err.splitlines()[-1]


@pytest.mark.parametrize(("seed", "shown"), [("three", "'three'"), ("1.5", "'1.5'"), ("-1", "-1")])
def test_a_seed_that_is_not_a_non_negative_integer_is_a_usage_error(seed, shown, no_suite, capsys) -> None:
    error = _usage_error(["--seed", seed], capsys)
    assert error == f"refbp-verify: error: argument --seed: must be a non-negative integer, got {shown}"


def test_help_lists_every_option(no_suite, capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    assert " ".join(capsys.readouterr().out.split()) == (
        "usage: refbp-verify [-h] [--seed SEED] [--json [PATH]] [--plot PATH] [--quiet] "
        "[--backprop FILE.py:FUNC [FILE.py:FUNC ...]] [--hidden NAME] [--task NAME] [--output NAME] "
        "[--loss NAME] [--layout {out_in,in_out}] [--reduction {sum,mean}] [--per-example] [--labels] "
        "[--max-examples N] [--jobs N] [--timeout S] "
        "Check refbp's delta rule against torch.autograd, layer by layer, on a built-in suite; "
        "or, with --backprop, grade back-propagation code written by others. "
        "options: -h, --help show this help message and exit "
        "--seed SEED seed of the suite's draws, or of the search (default 0) "
        "--json [PATH] write the results as JSON to PATH (the text report still goes to stdout), "
        "or to stdout instead of the text report when PATH is - or left out "
        "--plot PATH also compare training with torch.optim.SGD on the shipped data and write a PNG "
        "of every layer's error and the loss curves to PATH (needs the 'plot' extra: matplotlib) "
        "--quiet print only the summary lines "
        "grading submissions: search each FILE.py:FUNC (a glob such as hw/*.py:backprop names many) "
        "for the smallest network on which it differs from torch.autograd; --hidden and --task "
        "(or --output and --loss) say what it computes; --seed seeds the search "
        "--backprop FILE.py:FUNC [FILE.py:FUNC ...] the code to grade "
        "--hidden NAME the hidden activation the code implements, e.g. tanh "
        "--task NAME its output and error function, e.g. multiclass "
        "--output NAME its output activation, with --loss, instead of --task "
        "--loss NAME its error function, with --output, instead of --task "
        "--layout {out_in,in_out} the weights' layout (default out_in) "
        "--reduction {sum,mean} E over the batch (default sum) "
        "--per-example the code takes one example at a time "
        "--labels the code takes class labels (multiclass) "
        "--max-examples N networks to try (default 200) "
        "--jobs N processes at once (default: all cores) "
        "--timeout S seconds per submission before it is killed (default 60) "
        "Grading runs each submission in its own process under --timeout: the time limit isolates "
        "faults (a hang, a crash, sys.exit, a flood of prints); it is not a security sandbox, "
        "the code runs with your rights."
    )


@pytest.mark.parametrize("option", ["--plot", "--json"])
def test_an_output_path_that_is_a_directory_is_a_usage_error(option, tmp_path, no_suite, capsys) -> None:
    error = _usage_error([option, str(tmp_path)], capsys)
    assert (
        error
        == f"refbp-verify: error: argument {option}: '{tmp_path}' is a directory; give the path of a file"
    )


@pytest.mark.parametrize("option", ["--plot", "--json"])
def test_an_output_path_in_a_missing_folder_is_a_usage_error(option, tmp_path, no_suite, capsys) -> None:
    path = tmp_path / "missing" / "out"
    error = _usage_error([option, str(path)], capsys)
    assert error == (
        f"refbp-verify: error: argument {option}: cannot write '{path}': "
        f"the folder '{path.parent}' does not exist"
    )
    assert list(tmp_path.iterdir()) == []  # nothing left behind


@pytest.mark.parametrize("option", ["--plot", "--json"])
def test_an_output_path_below_a_file_is_a_usage_error(option, tmp_path, no_suite, capsys) -> None:
    (tmp_path / "file").write_text("kept")
    path = tmp_path / "file" / "out"
    error = _usage_error([option, str(path)], capsys)
    assert error.startswith(f"refbp-verify: error: argument {option}: cannot write '{path}': ")
    assert (tmp_path / "file").read_text() == "kept"


@pytest.mark.skipif(not Path("/sys").is_dir(), reason="needs Linux's /sys, which not even root may write")
@pytest.mark.parametrize("option", ["--plot", "--json"])
def test_an_output_path_in_a_read_only_place_is_a_usage_error(option, no_suite, capsys) -> None:
    error = _usage_error([option, "/sys/refbp-verify.out"], capsys)
    assert error.startswith(f"refbp-verify: error: argument {option}: cannot write '/sys/refbp-verify.out': ")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write a read-only file")
@pytest.mark.parametrize("option", ["--plot", "--json"])
def test_a_read_only_file_is_a_usage_error(option, tmp_path, no_suite, capsys) -> None:
    path = tmp_path / "out"
    path.write_text("kept")
    path.chmod(0o444)
    error = _usage_error([option, str(path)], capsys)
    assert error == f"refbp-verify: error: argument {option}: cannot write '{path}': Permission denied"
    assert path.read_text() == "kept"


def test_the_same_file_for_json_and_plot_is_a_usage_error(tmp_path, no_suite, capsys) -> None:
    path = tmp_path / "out"
    error = _usage_error(["--json", str(path), "--plot", str(tmp_path / "." / "out")], capsys)
    assert error == f"refbp-verify: error: --json and --plot name the same file, '{path}'; give two paths"


def test_the_check_neither_truncates_an_existing_file_nor_leaves_a_new_one(
    small_suite, tmp_path, monkeypatch
) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text("the last run's")
    seen = []
    real = oracle.suite.cli.check

    def spy(*args, **kwargs):
        seen.append((old.read_text(), new.exists()))  # while the suite runs
        return real(*args, **kwargs)

    monkeypatch.setattr(oracle.suite.cli, "check", spy)
    main(["--json", str(old)])
    main(["--json", str(new)])
    assert seen[0] == ("the last run's", False)
    assert all(not exists for _, exists in seen[len(small_suite) :])  # the new file only at the end
    assert json.loads(old.read_text())["passed"] is True
    assert json.loads(new.read_text())["passed"] is True


def test_json_to_a_file_and_the_table_to_stdout(small_suite, tmp_path, capsys) -> None:
    path = tmp_path / "verify.json"
    assert main(["--json", str(path), "--seed", "3"]) == 0
    out, err = capsys.readouterr()
    doc = json.loads(path.read_text())
    assert doc["passed"] is True
    assert doc["seed"] == 3
    assert len(doc["cases"]) == len(small_suite)
    assert out.splitlines()[0].split()[:3] == [
        "case",
        "layer",
        "quantity",
    ]  # the text report, as without --json
    assert err == f"refbp-verify: wrote {path}\n"


@pytest.mark.parametrize("argv", [["--json"], ["--json", "-"], ["--json", "--seed", "0"]])
def test_json_alone_or_dash_goes_to_stdout(argv, small_suite, capsys) -> None:
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["passed"] is True
