"""The report's sections beyond autograd: finite differences, non-canonical pairs, proofs.

Contract: each function takes the suite's cases (or nothing) and returns plain results
that ``refbp-verify`` prints and writes as JSON: ``finite_difference_reports`` one
``Report`` per case (refbp against central differences, no torch); ``noncanonical_gaps``
how far delta^(L) of each non-canonical case lies from y - d (it must differ
materially: by at least ``MATERIAL`` of max |y - d|); ``proofs`` the symbolic
derivation of delta^(L) for every pair in the suite, with the verdict it must reach.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from oracle.suite.cases import NONCANONICAL, Case
from oracle.twin.check import mean_scale
from oracle.verdict.report import Report, format_columns
from oracle.verdict.tolerance import MATERIAL
from oracle.witnesses.finite_difference import check_finite_differences
from oracle.witnesses.proofs import Proof, prove_output_delta

__all__ = [
    "PROOFS",
    "Gap",
    "finite_difference_reports",
    "format_gaps",
    "format_proofs",
    "noncanonical_gaps",
    "proofs",
    "proofs_hold",
]

PROOFS: tuple[tuple[str, str, int, bool, bool], ...] = (
    # (output, loss, units, normalized targets, expected: delta^(L) = y - d)
    ("identity", "squared_error", 3, True, True),
    ("sigmoid", "binary_cross_entropy", 3, True, True),  # binary and multilabel
    *(("softmax", "cross_entropy", k, True, True) for k in range(2, 6)),
    ("exp", "poisson", 3, True, True),
    *((output, loss, 3, loss != "cross_entropy", False) for output, loss in NONCANONICAL),
)
"""The pairs the report proves, canonical first: multiclass for K = 2..5."""


@dataclass(frozen=True)
class Gap:
    """How far a non-canonical case's delta^(L) lies from y - d."""

    case: str
    max_abs: float
    relative: float

    @property
    def material(self) -> bool:
        """True when delta^(L) differs from y - d by at least ``MATERIAL`` of max |y - d|."""
        return self.relative >= MATERIAL

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values."""
        return {
            "case": self.case,
            "max_abs": self.max_abs,
            "relative": self.relative,
            "material": self.material,
        }


def finite_difference_reports(cases: list[Case]) -> list[Report]:
    """refbp's dE/dW and dE/db against central differences, for every case."""
    return [check_finite_differences(c.net, c.x, c.d, c.reduction, case=c.name) for c in cases]


def noncanonical_gaps(cases: list[Case]) -> list[Gap]:
    """max |delta^(L) - (y - d)| (on refbp's delta, which autograd confirms) per non-canonical case."""
    gaps = []
    for c in cases:
        if c.canonical:
            continue
        fwd = c.net.forward(c.x)
        d = c.net.prepare_target(c.d, len(c.x))
        grads = c.net.backward(fwd, c.d, c.reduction)
        assert grads.delta is not None  # backward keeps every delta
        delta = grads.delta[-1]
        y_minus_d = (fwd.y - d) / mean_scale(len(d), c.reduction)
        gap = float(np.abs(delta - y_minus_d).max())
        gaps.append(Gap(c.name, gap, gap / float(np.abs(y_minus_d).max())))
    return gaps


def proofs() -> list[tuple[Proof, bool]]:
    """Every pair of ``PROOFS`` derived, each with the verdict it must reach."""
    return [(prove_output_delta(o, loss, k, normalized=n), want) for o, loss, k, n, want in PROOFS]


def proofs_hold(results: list[tuple[Proof, bool]]) -> bool:
    """True when every proof reached its expected verdict."""
    return all(p.reduces_to_y_minus_d == want for p, want in results)


def format_gaps(gaps: list[Gap]) -> str:
    """The non-canonical section as a table."""
    header = ("case", "max |delta - (y - d)|", "relative to max |y - d|", "differs")
    return format_columns(
        header,
        [(g.case, f"{g.max_abs:.2e}", f"{g.relative:.2e}", "yes" if g.material else "NO") for g in gaps],
    )


def format_proofs(results: list[tuple[Proof, bool]]) -> str:
    """The proofs section as a table: the derived delta_1 and what keeps it from y_1 - d_1."""
    lines = []
    for p, want in results:
        if p.reduces_to_y_minus_d:
            verdict = "y - d" + (f", when {p.condition}" if p.condition else "")
        elif p.factor is not None:
            verdict = f"NOT y - d: (y - d) * ({p.factor})"
        else:
            verdict = f"NOT y - d: y - d + {p.extra}"
        ok = "ok" if p.reduces_to_y_minus_d == want else "FAIL"
        lines.append((p.pair, str(p.units), p.expression, verdict, f"{p.seconds:.2f}", ok))
    return format_columns(("pair", "K", "dE/dz_1 derived", "verdict", "seconds", "ok"), lines)
