"""oracle.cli: the report's sections and exit status (on a small slice of the suite)."""

from __future__ import annotations

import json

import numpy as np
import pytest

import oracle.cli
from oracle.cases import default_cases


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
