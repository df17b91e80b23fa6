"""refbp-verify: the table, the summary line, JSON, seeds and exit codes."""

from __future__ import annotations

import json
import runpy
import sys

import numpy as np
import pytest

import oracle.cli
import refbp.mlp
from oracle.cases import default_cases
from oracle.cli import main


def test_default_run_prints_the_table_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:3] == ["case", "layer", "quantity"]
    assert out[-1].startswith(f"refbp-verify: {len(default_cases())} cases, ")
    assert "all agree with torch.autograd" in out[-1]
    autograd_table = out[1 : out.index("")]  # the first section, up to its blank line
    identity_rows = sum(
        c.net.pair.uses_identity(c.net.prepare_target(c.d, len(c.x))) for c in default_cases()
    )
    assert len(autograd_table) == sum(len(c.net.weights) * 5 + 1 for c in default_cases()) + identity_rows
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


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--seed", "three"])
    assert info.value.code == 2
    assert "argument --seed: must be a non-negative integer" in capsys.readouterr().err


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
    monkeypatch.setattr(oracle.cli, "default_cases", lambda seed: cases)
    return cases


def test_text_report_has_every_section(small_suite, capsys) -> None:
    assert oracle.cli.main([]) == 0
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
    assert oracle.cli.main(["--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["passed"]
    assert len(doc["finite_differences"]) == len(small_suite)
    assert all(p["reduces_to_y_minus_d"] == p["expected"] for p in doc["proofs"])
    assert doc["noncanonical"]
    assert "finite differences" in doc["witnesses"]


def test_a_finite_difference_mismatch_fails_the_run(small_suite, monkeypatch, capsys) -> None:
    real = oracle.cli.finite_difference_reports

    def off(cases):
        reports = real(cases)
        from oracle.compare import compare
        from oracle.report import Report
        from oracle.tolerance import FINITE_DIFFERENCE

        bad = compare(1, "W", np.ones(2), np.zeros(2), FINITE_DIFFERENCE, witness="finite differences")
        return [Report([bad], "planted"), *reports[1:]]

    monkeypatch.setattr(oracle.cli, "finite_difference_reports", off)
    assert oracle.cli.main([]) == 1
    assert "1 case(s) FAIL; first: planted" in capsys.readouterr().out


def test_a_noncanonical_pair_equal_to_y_minus_d_fails_the_run(small_suite, monkeypatch, capsys) -> None:
    import refbp

    monkeypatch.setattr(refbp.Pair, "uses_identity", lambda self, d: True)
    assert oracle.cli.main([]) == 1
    out = capsys.readouterr().out
    assert "equal y - d (FAIL)" in out
