"""A stand-in for refbp-verify's suite, and the report it must print, built from the same values.

The suite's witnesses (``check``, finite differences, the non-canonical gaps, the proofs,
the training runs and the plot) are replaced by results built here by hand, so each
expected line is written from those values, not read back from the CLI, and a run takes
milliseconds. A test module makes ``stand_in`` its fixture with
``suite = pytest.fixture(stand_in, name="suite")``: a fixture imported under its own name
would be shadowed by every test argument of that name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest
import sympy as sp

import oracle.suite.cli
from oracle.suite.sections import Gap, format_gaps, format_proofs
from oracle.verdict.compare import Row
from oracle.verdict.report import Report, format_rows
from oracle.verdict.tolerance import FINITE_DIFFERENCE, Tolerance
from oracle.witnesses.proofs import Proof

TIGHT = Tolerance(rtol=1e-9, atol=1e-12)
LOOSE = Tolerance(rtol=1e-7, atol=1e-10)


def row(layer: int | None, quantity: str, max_rel: float, tol: Tolerance = TIGHT, passed: bool = True) -> Row:
    return Row(layer, quantity, max_rel / 4, max_rel, tol, passed, size=6)


def fd_row(layer: int, quantity: str, max_rel: float, passed: bool = True) -> Row:
    return Row(layer, quantity, max_rel / 4, max_rel, FINITE_DIFFERENCE, passed, witness="finite differences")


def proof(output: str, loss: str, holds: bool, seconds: float) -> Proof:
    y, d = sp.symbols("y_1 d_1")
    delta = y - d if holds else (y - d) * (1 - y)
    return Proof(output, loss, 3, delta, holds, None, delta - (y - d), None if holds else 1 - y, seconds)


AUTOGRAD = [  # 2 cases, 4 comparisons, worst relative error 4.0e-11, rtols 1e-9 and 1e-7
    Report([row(2, "delta", 2.0e-13), row(None, "loss", 0.0)], "net A"),
    Report([row(1, "W", 4.0e-11, LOOSE), row(1, "b", 1.0e-12)], "net B"),
]
FINITE = [  # 2 cases, 3 comparisons
    Report([fd_row(1, "W", 3.0e-9)], "net A"),
    Report([fd_row(1, "W", 1.0e-9), fd_row(1, "b", 2.0e-9)], "net B"),
]
GAPS = [Gap("net C", 0.5, 0.25), Gap("net D", 0.01, 0.02)]  # both differ materially from y - d
PROOFS = [
    (proof("identity", "squared_error", True, 0.5), True),
    (proof("tanh", "squared_error", False, 2.0), False),
]

WITNESSES = (
    "refbp-verify: finite differences: 2 cases, 3 comparisons, all agree; "
    "2 non-canonical cases all differ from y - d; 2 proofs as expected (2.5 s of sympy)"
)
SUMMARY = (
    "refbp-verify: 2 cases, 4 comparisons: all agree with torch.autograd "
    "(worst relative error 4.0e-11, allowed 1e-07, 1e-09)"
)


@dataclass
class Suite:
    """What the stand-in witnesses return, and what the CLI asked of them."""

    reports: list[Report] = field(default_factory=lambda: list(AUTOGRAD))
    finite: list[Report] = field(default_factory=lambda: list(FINITE))
    gaps: list[Gap] = field(default_factory=lambda: list(GAPS))
    proofs: list[tuple[Proof, bool]] = field(default_factory=lambda: list(PROOFS))
    trainings: list[Any] = field(default_factory=list)
    seeds: list[int] = field(default_factory=list)
    training_seeds: list[int] = field(default_factory=list)
    plots: list[tuple[Any, ...]] = field(default_factory=list)

    def cases(self) -> list[SimpleNamespace]:
        return [
            SimpleNamespace(name=n, net=f"net of {n}", x=f"x of {n}", d=f"d of {n}", reduction="sum")
            for n in (r.case for r in self.reports)
        ]


def stand_in(monkeypatch: pytest.MonkeyPatch) -> Suite:
    """oracle.suite.cli's witnesses replaced by ``Suite``'s values; each checks what it is given."""
    s = Suite()
    cases: list[SimpleNamespace] = []

    def default_cases(seed: int) -> list[SimpleNamespace]:
        s.seeds.append(seed)
        cases[:] = s.cases()
        return cases

    def check(net: str, x: str, d: str, reduction: str, case: str) -> Report:
        c = next(c for c in cases if c.name == case)
        assert (net, x, d, reduction) == (c.net, c.x, c.d, c.reduction)
        return next(r for r in s.reports if r.case == case)

    def the_cases(given: list[SimpleNamespace]) -> None:
        assert given is cases

    def finite_difference_reports(given: list[SimpleNamespace]) -> list[Report]:
        the_cases(given)
        return s.finite

    def noncanonical_gaps(given: list[SimpleNamespace]) -> list[Gap]:
        the_cases(given)
        return s.gaps

    def default_trainings(seed: int) -> list[Any]:
        s.training_seeds.append(seed)
        return s.trainings

    for name, fn in [
        ("default_cases", default_cases),
        ("check", check),
        ("finite_difference_reports", finite_difference_reports),
        ("noncanonical_gaps", noncanonical_gaps),
        ("proofs", lambda: s.proofs),
        ("default_trainings", default_trainings),
        ("write_plot", lambda *args: s.plots.append(args)),
    ]:
        monkeypatch.setattr(oracle.suite.cli, name, fn)
    return s


def text_report(s: Suite, witnesses: str = WITNESSES, summary: str = SUMMARY) -> str:
    """The whole stdout of a text run, from the suite's own values."""
    return "\n".join(
        [
            format_rows([(r.case, x) for r in s.reports for x in r.rows]),
            "",
            "finite differences (no torch): refbp's dE/dW, dE/db against central differences of E",
            format_rows([(r.case, x) for r in s.finite for x in r.rows]),
            "",
            "non-canonical pairs: delta^(L) = dE/dy * f'(z^(L)), which must differ from y - d",
            format_gaps(s.gaps),
            "",
            "proofs (sympy): dE/dz_1^(L) derived symbolically, in y and d",
            format_proofs(s.proofs),
            witnesses,
            summary,
            "",
        ]
    )


def json_report(s: Suite, passed: bool, seed: int, witnesses: str = WITNESSES, summary: str = SUMMARY) -> str:
    """The whole JSON document, as written: indented by one space, a newline at the end."""
    doc = {
        "passed": passed,
        "summary": summary,
        "seed": seed,
        "cases": [r.to_dict() for r in s.reports],
        "witnesses": witnesses,
        "finite_differences": [r.to_dict() for r in s.finite],
        "noncanonical": [g.to_dict() for g in s.gaps],
        "proofs": [dict(p.to_dict(), expected=want) for p, want in s.proofs],
    }
    return json.dumps(doc, indent=1) + "\n"
