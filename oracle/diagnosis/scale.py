"""Constant factors: one number c with every element of a row c times autograd's.

Contract: ``factors(row, rows, ev)`` returns the diagnoses of a failing delta, dE/dW or
dE/db row, or the loss row, whose value divided by one of the factors a classic bug
leaves passes against autograd at the row's own tolerance and radius: 1/N or N (mean
against sum), and for delta, W and b also 2 or 1/2 (named as the 1/2 of E12 only where
the loss is squared error) and -1 (the sign). scikit-learn's mix (deltas of the summed
E, dW and db of the mean) is named where the returned deltas carry N while every
gradient agrees, or the gradients 1/N while every returned delta agrees.
"""

from __future__ import annotations

from collections.abc import Sequence

from oracle.diagnosis.evidence import Evidence
from oracle.verdict.compare import Row

__all__ = ["factors"]

GRADIENTS = ("W", "b")
FACTORED = ("delta", *GRADIENTS, "loss")
"""The rows a constant factor can be on: z and a carry no 1/N, 2 or sign of E's."""


def _fitting(row: Row, ev: Evidence) -> list[tuple[str, float]]:
    """The factors (name, c) of the classic bugs for which the row's value / c is autograd's."""
    value = ev.value(row) if row.quantity in FACTORED else None
    if value is None:
        return []
    named: tuple[tuple[str, float], ...] = (("1/N", 1 / ev.N), ("N", float(ev.N)))
    if row.quantity != "loss":
        named += (("2", 2.0), ("1/2", 0.5), ("-1", -1.0))
    fit = {c: c != 1 and ev.matches(row, value / c) for c in {c for _, c in named}}
    return [(name, c) for name, c in named if fit[c]]


def _all(rows: Sequence[Row], quantities: tuple[str, ...], passed: bool) -> bool:
    """True when the layers' rows of ``quantities`` exist and every one passed (``passed``) or
    failed (not)."""
    layered = [r.passed for r in rows if r.quantity in quantities and r.layer is not None]
    return bool(layered) and all(p == passed for p in layered)


def _mix(row: Row, rows: Sequence[Row], ev: Evidence, name: str) -> str:
    """scikit-learn's mix where the report shows it, else ''."""
    N = ev.N
    if ev.reduction == "mean" and name == "N" and row.quantity == "delta" and _all(rows, GRADIENTS, True):
        return (
            f"the deltas are {N} times autograd's (N = {N}) while every dE/dW and dE/db agrees: deltas "
            "of the summed E with gradients of the mean (scikit-learn's mix, which divides only dW and "
            f"db by N); the oracle checks one E: return delta / {N} with reduction='mean'"
        )
    # deltas not returned pass as "not given": they agree with nothing
    deltas_agree = ev.given.delta is not None and _all(rows, ("delta",), True)
    mixed = deltas_agree and _all(rows, GRADIENTS, False)
    if ev.reduction == "sum" and name == "1/N" and row.quantity in GRADIENTS and mixed:
        return (
            f"dE/d{row.quantity} is 1/{N} of autograd's (N = {N}) while every delta agrees: deltas of the "
            "summed E with gradients of the mean (scikit-learn's mix, which divides only dW and db by N); "
            f"the oracle checks one E: with reduction='mean' return delta / {N} too"
        )
    return ""


def _two(row: Row, ev: Evidence, name: str, what: str) -> str:
    """A factor 2 or 1/2: E12's 1/2 where the loss is squared error, else a factor alone."""
    loss = ev.net.pair.loss.name
    if loss == "squared_error" and name == "2":
        return (
            f"{what} 2 times autograd's: the 1/2 of E12 (E = 1/2 sum (y - d)^2) looks dropped, "
            "which doubles every derivative; keep the 1/2 (delta^(L) = y - d, not 2 (y - d))"
        )
    if loss == "squared_error":
        return (
            f"{what} 1/2 of autograd's: a factor 1/2 too many (the 1/2 of E12 cancels against the 2 "
            "of d(y - d)^2/dy); drop it"
        )
    factor = "2 times" if name == "2" else "1/2 of"
    return (
        f"{what} {factor} autograd's: a factor {name} too many; {loss}, unlike squared error, has "
        "no 1/2 to keep or drop: find where the factor enters and remove it"
    )


def _text(row: Row, ev: Evidence, name: str) -> str:
    N = ev.N
    what = "the loss E is" if row.quantity == "loss" else f"every element of {row.where} is"
    if name == "1/N":
        if ev.reduction == "sum":
            return (
                f"{what} 1/{N} of autograd's (N = {N}): it looks like the mean of E while the oracle "
                "was asked for the sum; pass reduction='mean'"
            )
        return f"{what} 1/{N} of autograd's (N = {N}): divided by N once too often (the mean of a mean?)"
    if name == "N":
        if ev.reduction == "mean":
            return (
                f"{what} {N} times autograd's (N = {N}): it looks like the sum of E while the oracle "
                "was asked for the mean; pass reduction='sum'"
            )
        return f"{what} {N} times autograd's (N = {N}): multiplied by N where nothing should be"
    if name in ("2", "1/2"):
        return _two(row, ev, name, what)
    return (
        f"{what} -1 times autograd's: the sign is flipped (d - y where E13 has y - d; "
        "delta = dE/dz, the gradient, not its descent direction); negate it"
    )


def factors(row: Row, rows: Sequence[Row], ev: Evidence) -> list[str]:
    """The constant-factor diagnoses of a failing row (none, one, or two that both fit)."""
    return [_mix(row, rows, ev, name) or _text(row, ev, name) for name, _ in _fitting(row, ev)]
