"""oracle.suite.sections: the report's finite-difference, non-canonical and proof sections."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

import refbp
from oracle.suite import sections
from oracle.suite.cases import Case, default_cases
from oracle.suite.sections import (
    Gap,
    finite_difference_reports,
    format_gaps,
    format_proofs,
    noncanonical_gaps,
    proofs,
    proofs_hold,
)
from oracle.verdict.tolerance import FINITE_DIFFERENCE, MATERIAL
from oracle.witnesses.proofs import Proof


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
    monkeypatch.setattr(refbp.Pair, "canonical_for", lambda self, d: True)
    gaps = noncanonical_gaps(some_cases())
    assert not any(g.material for g in gaps)
    assert "NO" in format_gaps(gaps)
    assert not Gap("c", 1.0, MATERIAL / 2).material


def test_proofs_reach_their_verdicts_and_a_flipped_one_fails() -> None:
    results = proofs()
    assert len(results) == len(sections.PROOFS)
    assert proofs_hold(results)
    table = format_proofs(results)
    assert "y - d, when sum_k d_k = 1" in table
    assert "NOT y - d: (y - d) * (" in table
    assert "NOT y - d: y - d + " in table
    assert "FAIL" not in table
    flipped = [(results[0][0], False), *results[1:]]
    assert not proofs_hold(flipped)
    assert "FAIL" in format_proofs(flipped)


# Fast tests, one behaviour each, on networks and proofs built by hand (no suite, no sympy run).


def sigmoid_squared_error_case(sizes, n, reduction, seed):
    """A non-canonical case (sigmoid output, squared error) and its delta^(L) by the chain rule."""
    rng = np.random.default_rng(seed)
    net = refbp.MLP.init(sizes, hidden="tanh", output="sigmoid", loss="squared_error", seed=seed)
    x, d = rng.normal(size=(n, sizes[0])), rng.uniform(size=(n, sizes[-1]))
    a = x
    for W, b in zip(net.weights[:-1], net.biases[:-1], strict=True):
        a = np.tanh(a @ W.T + b)
    y = 1 / (1 + np.exp(-(a @ net.weights[-1].T + net.biases[-1])))
    scale = n if reduction == "mean" else 1
    delta = (y - d) * y * (1 - y) / scale  # dE/dy * f'(z): f' = y (1 - y) stays
    name = f"sigmoid+squared_error {sizes} N={n} {reduction}"
    return Case(name, net, x, d, reduction), delta, (y - d) / scale


def test_the_gap_of_each_noncanonical_case_is_its_chain_rule_delta_minus_y_minus_d() -> None:
    canonical = Case(
        "regression", refbp.MLP.init((3, 2), task="regression"), np.ones((2, 3)), np.zeros((2, 2))
    )
    one_layer, delta1, y_minus_d1 = sigmoid_squared_error_case((3, 2), 4, "mean", seed=1)
    two_layers, delta2, y_minus_d2 = sigmoid_squared_error_case((3, 4, 2), 3, "sum", seed=2)
    gaps = noncanonical_gaps([canonical, one_layer, two_layers])  # the canonical case is skipped
    assert [g.case for g in gaps] == [one_layer.name, two_layers.name]
    for gap, delta, y_minus_d in zip(gaps, (delta1, delta2), (y_minus_d1, y_minus_d2), strict=True):
        max_abs = np.abs(delta - y_minus_d).max()
        assert gap.max_abs == pytest.approx(max_abs, rel=1e-12)
        assert gap.relative == pytest.approx(max_abs / np.abs(y_minus_d).max(), rel=1e-12)
        assert gap.material


def test_a_gap_at_material_counts_and_one_just_below_does_not() -> None:
    assert Gap("c", 1.0, MATERIAL).material
    assert not Gap("c", 1.0, np.nextafter(MATERIAL, 0)).material
    assert Gap("sigmoid+squared_error", 0.5, 0.25).to_dict() == {
        "case": "sigmoid+squared_error",
        "max_abs": 0.5,
        "relative": 0.25,
        "material": True,
    }


def test_the_gaps_table_aligns_its_columns_and_says_yes_or_no() -> None:
    gaps = [Gap("sigmoid+mse", 0.123456, 0.5), Gap("b", 1e-3, 1e-3)]
    assert format_gaps(gaps) == (
        "case         max |delta - (y - d)|  relative to max |y - d|  differs\n"
        "sigmoid+mse  1.23e-01               5.00e-01                 yes\n"
        "b            1.00e-03               1.00e-03                 NO"
    )


def test_finite_difference_reports_check_each_case_under_its_own_reduction() -> None:
    rng = np.random.default_rng(3)
    net = refbp.MLP.init((2, 1), task="regression", seed=3)
    x, d = rng.normal(size=(3, 2)), np.array([[10.0], [-10.0], [20.0]])
    y = x @ net.weights[0].T + net.biases[0]
    E_mean = float(((y - d) ** 2 / 2).sum() / 3)  # > 1: the tolerance scales with it
    (report,) = finite_difference_reports([Case("regression 2-1 N=3 mean", net, x, d, "mean")])
    assert report.passed
    assert report.case == "regression 2-1 N=3 mean"
    assert [(r.layer, r.quantity) for r in report.rows] == [(1, "W"), (1, "b")]
    for row in report.rows:
        assert row.witness == "finite differences"
        assert row.tolerance.atol == pytest.approx(FINITE_DIFFERENCE.atol * E_mean, rel=1e-12)


def hand_proof(output, loss, reduces, condition=None, extra=0, factor=None, units=2, seconds=0.5):
    """A Proof written out, as ``prove_output_delta`` would return it (no derivation run)."""
    return Proof(
        output, loss, units, sp.Symbol("delta_1"), reduces, condition, sp.sympify(extra), factor, seconds
    )


def test_the_proofs_table_gives_each_verdict_and_flags_the_unexpected_ones() -> None:
    results = [
        (hand_proof("softmax", "cross_entropy", True, condition="sum_k d_k = 1", units=5, seconds=1.5), True),
        (hand_proof("identity", "squared_error", True), True),
        (hand_proof("sigmoid", "squared_error", False, extra="e", factor=sp.Symbol("f")), False),
        (hand_proof("softmax", "cross_entropy", False, extra="e"), False),
        (hand_proof("exp", "poisson", True), False),
        (hand_proof("tanh", "squared_error", False, extra="e"), True),
    ]
    assert format_proofs(results) == (
        "pair                    K  dE/dz_1 derived  verdict                    seconds  ok\n"
        "softmax+cross_entropy   5  delta_1          y - d, when sum_k d_k = 1  1.50     ok\n"
        "identity+squared_error  2  delta_1          y - d                      0.50     ok\n"
        "sigmoid+squared_error   2  delta_1          NOT y - d: (y - d) * (f)   0.50     ok\n"
        "softmax+cross_entropy   2  delta_1          NOT y - d: y - d + e       0.50     ok\n"
        "exp+poisson             2  delta_1          y - d                      0.50     FAIL\n"
        "tanh+squared_error      2  delta_1          NOT y - d: y - d + e       0.50     FAIL"
    )
    assert not proofs_hold(results)
    assert proofs_hold(results[:4])
    assert not proofs_hold(results[5:])


def test_proofs_derives_every_pair_of_the_table_with_its_units_and_normalization(monkeypatch) -> None:
    calls = []

    def derive(output, loss=None, units=3, *, normalized=True):  # prove_output_delta's defaults
        calls.append((output, loss, units, normalized))
        return hand_proof(output, loss, loss != "squared_error", units=units)

    monkeypatch.setattr(sections, "prove_output_delta", derive)
    table = (("softmax", "cross_entropy", 2, False, False), ("identity", "squared_error", 4, True, True))
    monkeypatch.setattr(sections, "PROOFS", table)
    results = proofs()
    assert calls == [("softmax", "cross_entropy", 2, False), ("identity", "squared_error", 4, True)]
    assert [(p.pair, p.units, want) for p, want in results] == [
        ("softmax+cross_entropy", 2, False),
        ("identity+squared_error", 4, True),
    ]
