"""oracle.witnesses: the report's finite-difference, non-canonical and proof sections."""

from __future__ import annotations

import refbp
from oracle import witnesses
from oracle.cases import default_cases
from oracle.witnesses import (
    MATERIAL,
    Gap,
    finite_difference_reports,
    format_gaps,
    format_proofs,
    noncanonical_gaps,
    proofs,
    proofs_hold,
)


def some_cases():
    cases = default_cases()
    return [c for c in cases if "4-8-3" in c.name and c.net.hidden == "tanh"]


def test_finite_differences_and_gaps_on_the_suite() -> None:
    cases = some_cases()
    assert all(r.passed for r in finite_difference_reports(cases))
    gaps = noncanonical_gaps(cases)
    assert len(gaps) == sum(not c.canonical for c in cases) > 0
    assert all(g.material for g in gaps)
    assert "yes" in format_gaps(gaps)
    assert gaps[0].to_dict()["material"] is True


def test_a_noncanonical_pair_computed_as_y_minus_d_shows_no_gap(monkeypatch) -> None:
    monkeypatch.setattr(refbp.Pair, "uses_identity", lambda self, d: True)
    gaps = noncanonical_gaps(some_cases())
    assert not any(g.material for g in gaps)
    assert "NO" in format_gaps(gaps)
    assert not Gap("c", 1.0, MATERIAL / 2).material


def test_proofs_reach_their_verdicts_and_a_flipped_one_fails() -> None:
    results = proofs()
    assert len(results) == len(witnesses.PROOFS)
    assert proofs_hold(results)
    table = format_proofs(results)
    assert "y - d, when sum_k d_k = 1" in table
    assert "NOT y - d: (y - d) * (" in table
    assert "NOT y - d: y - d + " in table
    assert "FAIL" not in table
    flipped = [(results[0][0], False), *results[1:]]
    assert not proofs_hold(flipped)
    assert "FAIL" in format_proofs(flipped)
