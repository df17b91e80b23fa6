"""``diagnose``: a diagnosis for every failing row whose evidence supports one.

Contract: ``diagnose(rows, given, ref, net, reduction)`` returns ``rows`` in the same
order, each failing row with its diagnosis stated where the evidence supports one (the
evidence and the fix), never on a passing row. A diagnosis is a hypothesis that fits:
the returned value passes, at the row's own tolerance, against what the named bug
computes (``Evidence.fits``). Where several fit, the diagnosis names them all.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

import numpy as np

import refbp
from oracle.diagnosis.backward import backward
from oracle.diagnosis.evidence import Evidence
from oracle.diagnosis.forward import forward
from oracle.diagnosis.given import Given
from oracle.diagnosis.order import order
from oracle.diagnosis.scale import factors
from oracle.diagnosis.values import values
from oracle.twin.autograd import Reference
from oracle.twin.check import radii
from oracle.verdict.compare import Row
from refbp.types import Reduction

__all__ = ["diagnose", "joined"]

KINDS: tuple[Callable[[Row, Sequence[Row], Evidence], list[str]], ...] = (
    lambda row, rows, ev: values(row, ev),
    lambda row, rows, ev: order(row, ev),
    factors,
    lambda row, rows, ev: backward(row, ev),
    lambda row, rows, ev: forward(row, ev),
)
"""Every kind of diagnosis, asked in turn."""


def joined(texts: Sequence[str]) -> str:
    """One diagnosis from those that fit: '' for none, the one, or all of them numbered."""
    texts = list(dict.fromkeys(texts))
    if len(texts) <= 1:
        return "".join(texts)
    return f"{len(texts)} explanations fit: " + " ".join(f"({i}) {t}." for i, t in enumerate(texts, 1))


def diagnose(
    rows: Sequence[Row], given: Given, ref: Reference, net: refbp.MLP, reduction: Reduction
) -> list[Row]:
    """``rows``, each failing one with the diagnosis its evidence supports."""
    rows = list(rows)
    if all(row.passed for row in rows):
        return rows
    ev = Evidence(given, ref, net, reduction, radii(net, ref, reduction))
    out = []
    for row in rows:
        # a returned 1e308 / 0.5 is inf: a hypothesis it cannot fit, never a warning to the caller
        with np.errstate(all="ignore"):
            text = "" if row.passed else joined([t for kind in KINDS for t in kind(row, rows, ev)])
        out.append(dataclasses.replace(row, diagnosis=text) if text else row)
    return out
