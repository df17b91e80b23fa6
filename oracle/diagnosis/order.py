"""Lists out of order: in reverse layer order, swapped with another quantity's, or one too long.

Contract: ``order(row, ev)`` returns the diagnoses of a failing row whose whole returned
list, reordered, passes entry by entry against autograd at the row's tolerance: every
layer reversed (position k holding layer L - k), or every entry another quantity's (W
and b swapped, (delta, b, W) returned for (delta, W, b)); for a structural row (a list of
L + 1), every entry but the first or the last.
"""

from __future__ import annotations

from collections.abc import Sequence

from oracle.diagnosis.evidence import Evidence
from oracle.verdict.compare import Row

__all__ = ["order"]

QUANTITIES = ("delta", "W", "b")


def _all_match(row: Row, ev: Evidence, arrays: Sequence[object], quantity: str) -> bool:
    """True when ``arrays`` (L entries, position k for layer k + 1) are autograd's ``quantity``."""
    return len(arrays) == ev.L and all(ev.matches(row, arrays[k], quantity, k + 1) for k in range(ev.L))


def _reordered(row: Row, ev: Evidence, arrays: list[object]) -> list[str]:
    q, texts = row.quantity, []
    if ev.L > 1 and _all_match(row, ev, arrays[::-1], q):
        texts.append(
            f"the {q} list is in reverse layer order: its entry k is autograd's layer L - k; "
            f"position k is layer k + 1, from the input side: return {q}[::-1]"
        )
    for other in QUANTITIES:
        if other != q and _all_match(row, ev, arrays, other):
            texts.append(
                f"the list returned as {q} holds autograd's {other}, layer by layer: {q} and {other} "
                "look swapped (e.g. (delta, b, W) returned); return them in the protocol's order, "
                "(delta, W, b), or (W, b) without deltas"
            )
    return texts


def _one_too_many(row: Row, ev: Evidence, arrays: list[object]) -> list[str]:
    q = row.quantity
    if _all_match(row, ev, arrays[1:], q):
        return [
            f"entries 1..{ev.L} of the {q} list are autograd's layers 1..{ev.L}: the first entry "
            f"(position 0) is one too many, the input layer's; return {q}[1:]"
        ]
    if _all_match(row, ev, arrays[:-1], q):
        return [
            f"entries 0..{ev.L - 1} of the {q} list are autograd's layers 1..{ev.L}: the last entry "
            f"is one too many; return {q}[:-1]"
        ]
    return []


def order(row: Row, ev: Evidence) -> list[str]:
    """The order diagnoses of a failing delta, W or b row (a layer's, or a structural one)."""
    arrays = ev.returned(row.quantity)
    if arrays is None or row.quantity not in QUANTITIES:
        return []
    if row.layer is None:
        return _one_too_many(row, ev, arrays) if len(arrays) == ev.L + 1 else []
    return _reordered(row, ev, arrays)
