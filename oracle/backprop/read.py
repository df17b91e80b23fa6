"""What code under test gave, brought to refbp's conventions: ``given_by``.

Contract: ``given_by(fn, net, x, d, reduction, conv, tol)`` calls ``fn`` in its conventions
(``oracle.backprop.conventions.call``), reads what it returned (``recognise``), and returns
an ``oracle.diagnosis.Given`` in refbp's: dE/dW in the out_in layout, every quantity of the
whole batch, ``a`` without a^(0). Run per example, the results are combined: dE/dW, dE/db
and E summed (averaged for ``reduction="mean"``, whose E is the mean of the examples'),
columns (n, 1) of b, delta, z and a read as vectors (``returns.vector_shape``); deltas, z
and a stacked as the rows (N, n) of the batch (deltas scaled as E is: delta^(l) of the mean
is 1/N of an example's own). Code that keeps no deltas per example still has them: its
per-example bias gradients are the delta rows.
What it returned that is no list of L arrays gives failing rows instead (``structure_rows``):
a report never raises on what ``fn`` returned. Its arrays are left as returned wherever they
cannot be combined (a string, a ragged list, a shape unlike the other examples'), for the
comparison to name; a NaN is combined, so that the comparison places it in the batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple, cast

import numpy as np

import refbp
from oracle.backprop.conventions import Backprop, Conventions, call
from oracle.backprop.returns import Returned, is_list, recognise, structure_rows, vector_shape
from oracle.diagnosis import Given
from oracle.twin.check import mean_scale
from oracle.verdict.compare import Row, as_compared, unmeasured
from oracle.verdict.tolerance import Tolerance
from refbp.types import Array, Reduction

__all__ = ["Unread", "given_by"]

RETURNED = "returned"
"""The quantity of the row that says a return value could not be read at all."""


class Unread(NamedTuple):
    """A return value that could not be read as lists of L arrays: failing rows saying why,
    what it was recognised as ("" if nothing), and its lists as they came (a whole batch's
    only) for the diagnoses to reorder."""

    rows: list[Row]
    recognised: str
    lists: Given | None = None


def given_by(
    fn: Backprop, net: refbp.MLP, x: Array, d: Array, reduction: Reduction, conv: Conventions, tol: Tolerance
) -> Given | Unread:
    """What ``fn`` returned on (net, x, d), in refbp's conventions; or failing rows saying why not."""
    outs = call(fn, net, x, d, conv)
    L = len(net.weights)
    read: list[Returned] = []
    for n, out in enumerate(outs):
        where = f"example {n} of {len(outs)}: " if conv.per_example else ""
        returned = recognise(out, net, conv)
        if isinstance(returned, str):
            return Unread([unmeasured(None, RETURNED, where + returned, tol)], "")
        recognised = f"{returned.form} ({conv})"
        if read and returned.form != read[0].form:
            note = f"{where}fn returned {returned.form}, on example 0 {read[0].form}"
            return Unread([unmeasured(None, RETURNED, note, tol)], "")
        broken = structure_rows(returned.lists, L, tol, where)
        if broken:
            return Unread(broken, recognised, None if conv.per_example else _listed(returned, conv, L))
        read.append(returned)
    return _batch(read[0], conv, L) if not conv.per_example else _examples(read, conv, reduction, L)


def _batch(returned: Returned, conv: Conventions, L: int) -> Given:
    lists = {q: list(cast(Sequence[Any], v)) for q, v in returned.lists.items()}
    if conv.layout == "in_out":
        lists["W"] = [_to_out_in(w) for w in lists["W"]]
    if "a" in lists and len(lists["a"]) == L + 1:
        lists["a"] = lists["a"][1:]  # a^(0) = x: the input, not the function's to compute
    return conv.given(**lists, E=returned.E, recognised=f"{returned.form} ({conv})")


def _listed(returned: Returned, conv: Conventions, L: int) -> Given:
    """A broken return's lists in refbp's conventions, what is no list read as an empty one."""
    lists: dict[str, object] = {q: v if is_list(v) else [] for q, v in returned.lists.items()}
    return _batch(Returned(lists, returned.E, returned.form), conv, L)


def _to_out_in(w: object) -> object:
    """A weight gradient in the in_out layout, in refbp's: a 2-D array transposed, else as it came."""
    arr = np.asarray(w) if as_compared(w)[0] is not None else None
    return arr.T if arr is not None and arr.ndim == 2 else w


def _examples(read: list[Returned], conv: Conventions, reduction: Reduction, L: int) -> Given:
    N = len(read)
    scale = mean_scale(N, reduction)

    def layers(quantity: str) -> list[list[object]]:
        per = [list(cast(Sequence[Any], r.lists[quantity])) for r in read]
        start = 1 if quantity == "a" and len(per[0]) == L + 1 else 0  # a^(0) = x
        return [[p[k] for p in per] for k in range(start, len(per[0]))]

    lists: dict[str, Any] = {}
    first = read[0].lists
    for quantity in ("W", "b"):
        lists[quantity] = [_sum(entries, quantity, scale) for entries in layers(quantity)]
    for quantity in ("delta", "z", "a"):
        if quantity in first:
            lists[quantity] = [
                _rows(entries, quantity, scale if quantity == "delta" else 1) for entries in layers(quantity)
            ]
    note = ""
    if "delta" not in first:  # per example, dE/db^(l) is delta^(l) itself (E10)
        lists["delta"] = [_rows(entries, "b", scale) for entries in layers("b")]
        note = ", deltas read from its per-example bias gradients"
    if conv.layout == "in_out":
        lists["W"] = [_to_out_in(w) for w in lists["W"]]
    E = None if read[0].E is None else _sum([r.E for r in read], "E", scale)
    return conv.given(**lists, E=E, recognised=f"{read[0].form} ({conv}){note}")


def _real(entries: list[object], quantity: str) -> tuple[list[np.ndarray] | None, object]:
    """(the entries as arrays of real numbers, None) when all are alike in shape, a NaN included
    for the comparison to place in the batch, columns (n, 1) as vectors except dE/dW's; else
    (None, the first that is not, as it came: the comparison names what is wrong with it)."""
    arrays = []
    for entry in entries:
        try:
            arr = np.asarray(entry)
        except (TypeError, ValueError):  # ragged nested lists
            return None, entry
        if arr.dtype.kind not in "fiu":  # strings, objects, booleans, complex: named as they came
            return None, entry
        arrays.append(arr if quantity == "W" else arr.reshape(vector_shape(arr.shape)))
    odd = next((e for e, a in zip(entries, arrays, strict=True) if a.shape != arrays[0].shape), None)
    return (arrays, None) if odd is None else (None, odd)


def _sum(entries: list[object], quantity: str, scale: int) -> object:
    """The examples' values summed, divided by ``scale`` (N for a mean), in their own dtype."""
    arrays, odd = _real(entries, quantity)
    if arrays is None:
        return odd
    with np.errstate(all="ignore"):  # a NaN or an overflow is the comparison's to name
        return _scaled(np.sum(np.stack(arrays), axis=0), scale)


def _rows(entries: list[object], quantity: str, scale: int) -> object:
    """The examples' values as the rows (N, n) of the batch, divided by ``scale``."""
    arrays, odd = _real(entries, quantity)
    if arrays is None:
        return odd
    with np.errstate(all="ignore"):
        return _scaled(np.stack(arrays), scale)


def _scaled(arr: np.ndarray, scale: int) -> np.ndarray:
    """``arr / scale``, a float array kept in its own dtype (a float32 answer stays float32:
    a Python int is a weak scalar to NumPy)."""
    return arr / scale
