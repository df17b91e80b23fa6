"""refbp-verify: the table, the summary line, JSON, seeds and exit codes."""

from __future__ import annotations

import json
import runpy
import sys

import numpy as np
import pytest

import refbp.mlp
from oracle.cli import main


def test_default_run_prints_the_table_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:3] == ["case", "layer", "quantity"]
    assert out[-1].startswith("refbp-verify: 93 cases, ")
    assert "all agree with torch.autograd" in out[-1]
    assert all(line.endswith("ok") for line in out[1:-1])


def test_json_is_valid_and_complete(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--json", "--seed", "3"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["passed"] is True
    assert doc["seed"] == 3
    assert len(doc["cases"]) == 93
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
    assert "93 case(s) FAIL; first: regression 5-1 - N=1 sum: layer 1 delta" in last


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
