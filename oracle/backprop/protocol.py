"""``check_backprop``: anyone's back-propagation against torch.autograd, layer by layer.

The protocol. ``fn(weights, biases, x, d)`` is the implementation under test, any NumPy
code. It is called once, with fresh copies of the network's arrays (so it cannot spoil them):

- ``weights``: a list of L arrays; ``weights[k]`` is W^(k+1), shape (n_{k+1}, n_k), the
  layout of ``torch.nn.Linear.weight`` (E1: z = a_prev @ W.T + b);
- ``biases``: a list of L arrays; ``biases[k]`` is b^(k+1), shape (n_{k+1},);
- ``x``: the input batch, shape (N, n_0);
- ``d``: the target, shape (N, n_L), as floats (integer class labels arrive one-hot).

It returns three lists indexed like ``weights`` (list position k is layer k + 1):
``delta[k]`` = dE/dz^(k+1), shape (N, n_{k+1}) (E6); ``W[k]`` = dE/dW^(k+1), shape of
W^(k+1), and ``b[k]`` = dE/db^(k+1), shape (n_{k+1},) (E10). They may come as a tuple
``(delta, W, b)``, a dict with keys "delta", "W" (or "dW"), "b" (or "db"), or any object
with those attributes (a dataclass, ``refbp.Gradients``). E is the sum of the examples'
errors, or their mean with ``reduction="mean"``. ``net.hidden`` and ``net.task`` name
the activation and the output/error pair that ``fn`` implements.

The verdict is a ``Report`` of the kind ``oracle.check`` returns, its rows walking layers
L..1 (delta, W, b), so that the first failing row is where the bug starts. A list of the
wrong length, or an array of the wrong shape, is a failing row that says what was expected.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any, cast

import numpy as np

import refbp
from oracle.diagnosis import Given, diagnose
from oracle.twin.autograd import reference
from oracle.twin.check import backward_rows, radii
from oracle.verdict.compare import Row, compare, unmeasured
from oracle.verdict.report import Report, check_case
from oracle.verdict.tolerance import Tol, Tolerance, resolve
from refbp.types import Array, Reduction

__all__ = ["Backprop", "assert_backprop", "check_backprop"]

Backprop = Callable[[list[Array], list[Array], Array, Array], Any]
"""The signature of an implementation under test: fn(weights, biases, x, d) -> (delta, W, b)."""

FIELDS: tuple[tuple[str, ...], ...] = (("delta",), ("W", "dW"), ("b", "db"))
"""The three returned lists, each with the names it may go by in a dict or an object."""


def _field(out: object, names: tuple[str, ...]) -> object:
    for name in names:
        if isinstance(out, dict) and name in out:
            return out[name]
        if not isinstance(out, dict) and hasattr(out, name):
            return getattr(out, name)
    raise TypeError(
        f"fn returned a {type(out).__name__} without {' or '.join(map(repr, names))}; "
        "return (delta, W, b), a dict with keys 'delta', 'W', 'b', or an object with those attributes"
    )


def unpack(out: object) -> tuple[object, object, object]:
    """fn's return value as (delta, W, b), whichever of the protocol's three forms it took."""
    if isinstance(out, (tuple, list)):
        if len(out) != 3:
            raise TypeError(
                f"fn must return three lists (delta, W, b), got a {type(out).__name__} of {len(out)}"
            )
        return out[0], out[1], out[2]
    delta, W, b = (_field(out, names) for names in FIELDS)
    return delta, W, b


def structure_rows(lists: tuple[object, object, object], L: int, tol: Tolerance) -> list[Row]:
    """Failing rows for a returned list that is not a list of L entries (else none).

    What each entry holds (real numbers of the right shape, all finite) is the comparison's
    to judge, in walking order: ``oracle.compare`` names a complex, NaN or misshapen array.
    """
    rows: list[Row] = []
    for (quantity, *_), arrays in zip(FIELDS, lists, strict=True):
        if not isinstance(arrays, Sequence) or isinstance(arrays, (str, bytes)):
            note = f"is a {type(arrays).__name__}, expected a list of {L}"
            rows.append(unmeasured(None, quantity, note, tol))
        elif len(arrays) != L:
            hint = " (did it include the input layer 0?)" if len(arrays) == L + 1 else ""
            note = f"fn returned {len(arrays)} arrays, expected {L}: one per layer, position k is layer k + 1"
            rows.append(unmeasured(None, quantity, note + hint, tol))
    return rows


def check_callable(fn: object) -> None:
    """TypeError unless ``fn`` can be called as the protocol calls it."""
    if not callable(fn):
        raise TypeError(f"fn must be a callable fn(weights, biases, x, d), got {type(fn).__name__}")


def call(fn: Backprop, net: refbp.MLP, x: Array, d: Array) -> tuple[object, object, object]:
    """``fn`` run on copies of ``net``'s arrays and of (x, d) as the protocol gives them (checked
    and converted like refbp's own), its return value unpacked to (delta, W, b)."""
    x_in = net.prepare_input(x).copy()
    d_in = net.prepare_target(d, len(x_in)).copy()
    return unpack(fn([W.copy() for W in net.weights], [b.copy() for b in net.biases], x_in, d_in))


def _transposed_hint(row: Row, W: list[Array], ref_W: list[Array], tol: Tolerance) -> Row:
    """A failing W row whose value is autograd's dE/dW transposed says so (a square W)."""
    if row.quantity != "W" or row.passed or row.note:  # a shape note already says "transposed?"
        return row
    k = (row.layer or 0) - 1
    if not compare(row.layer, "W", np.asarray(W[k]).T, ref_W[k], tol).passed:
        return row
    return dataclasses.replace(row, note="equals autograd's dE/dW transposed (is it transposed?)")


def check_backprop(
    fn: Backprop,
    net: refbp.MLP,
    x: Array,
    d: Array,
    reduction: Reduction = "sum",
    *,
    tol: Tol = None,
    case: str = "",
) -> Report:
    """Run ``fn`` on ``net``'s arrays and (x, d); compare its delta, dW, db with torch.autograd.

    ``tol``: None for the table's tolerance of ``net.dtype``, or an override merged with
    it (``oracle.verdict.tolerance.resolve``); the report says which it used.
    """
    check_callable(fn)
    if not isinstance(net, refbp.MLP):
        raise TypeError(f"net must be a refbp.MLP, got {type(net).__name__}")
    check_case(case)
    tolerance = resolve(net.dtype, tol)
    ref = reference(net, x, d, reduction)
    lists = call(fn, net, x, d)
    broken = structure_rows(lists, len(net.weights), tolerance)
    if broken:
        given = Given(
            W=cast(Sequence[Array], lists[1]),
            b=cast(Sequence[Array], lists[2]),
            delta=cast(Sequence[Array], lists[0]),
        )
        return Report(rows=diagnose(broken, given, ref, net, reduction), case=case, tolerance=tolerance)
    delta, W, b = (list(cast(Sequence[Array], arrays)) for arrays in lists)
    R = radii(net, ref, reduction)
    rows = backward_rows(delta, W, b, ref, tolerance, R)
    rows = [_transposed_hint(row, W, ref.W, tolerance) for row in rows]
    rows = diagnose(rows, Given(W=W, b=b, delta=delta), ref, net, reduction)
    return Report(rows=rows, case=case, tolerance=tolerance)


def assert_backprop(
    fn: Backprop, net: refbp.MLP, x: Array, d: Array, reduction: Reduction = "sum", *, tol: Tol = None
) -> None:
    """Raise AssertionError naming the first layer and quantity where ``fn`` and autograd differ."""
    report = check_backprop(fn, net, x, d, reduction, tol=tol)
    first = report.first_failure
    if first is not None:
        raise AssertionError(first.explain())
