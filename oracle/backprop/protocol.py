"""``check_backprop``: anyone's back-propagation against torch.autograd, layer by layer.

The protocol. ``fn(weights, biases, x, d)`` is the implementation under test, any NumPy
code. It is called once (once per example with ``per_example=True``), with fresh copies of
the network's arrays (so it cannot spoil them):

- ``weights``: a list of L arrays; ``weights[k]`` is W^(k+1), shape (n_{k+1}, n_k), the
  layout of ``torch.nn.Linear.weight`` (E1: z = a_prev @ W.T + b);
- ``biases``: a list of L arrays; ``biases[k]`` is b^(k+1), shape (n_{k+1},);
- ``x``: the input batch, shape (N, n_0);
- ``d``: the target, shape (N, n_L), as floats (integer class labels arrive one-hot).

Code written in another convention says so (``oracle.backprop.conventions``):
``layout="in_out"`` (weights[k] and dE/dW of shape (n_k, n_{k+1}), x @ W code),
``per_example=True`` (called once per example with columns x (n_0, 1), d (n_L, 1),
biases[k] (n_{k+1}, 1); the results summed, or averaged for ``reduction="mean"``),
``labels=True`` (multiclass: d as integer labels (N,), or one int per example).

It returns lists indexed like ``weights`` (list position k is layer k + 1):
``delta[k]`` = dE/dz^(k+1), shape (N, n_{k+1}) (E6); ``W[k]`` = dE/dW^(k+1), shape of
W^(k+1), and ``b[k]`` = dE/db^(k+1), shape (n_{k+1},) (E10); optionally also z, a (L
arrays, or L + 1 with a^(0) = x first) and the loss E, which are then compared too, so that
a forward bug is placed at its own layer. The forms it may take, recognised by their keys
and shapes and named in the report (``oracle.backprop.returns``): ``(delta, W, b)``,
``(W, b)``, Nielsen's ``(nabla_b, nabla_w)``, ``(loss, grads)``, a dict with keys
``W``/``dW``, ``b``/``db``, optionally ``delta``, ``z``, ``a``, ``E``/``loss`` (or numbered, one
per layer: ``W1``, ``b1``, ..., CS231n's), or an object with those attributes. Without
deltas, the delta rows pass, saying "not given" (per example, the per-example bias
gradients are the delta rows, E10, and are compared as such). E is the sum of the examples' errors, or
their mean with ``reduction="mean"``. ``net.hidden`` and ``net.task`` name the activation
and the output/error pair that ``fn`` implements.

The verdict is a ``Report`` of the kind ``oracle.check`` returns, its rows walking as
``oracle.check`` walks (z, a of layers 1..L, E, then delta, W, b of layers L..1), so that
the first failing row is where the bug starts. Structural problems never raise, whatever
``fn`` returned: a value of none of the forms, a list of the wrong length or type, is a
failing row that says what came and what was expected; an array of the wrong shape, dtype
or with a NaN is a failing row of its layer and quantity. An exception raised inside ``fn``
is raised again with the shapes and layout ``fn`` was given (``conventions.call``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import cast

import numpy as np

import refbp
from oracle.backprop.conventions import Backprop, check_callable, conventions
from oracle.backprop.read import given_by
from oracle.diagnosis import Given, diagnose
from oracle.diagnosis.given import WEIGHT_SHAPE, Layout
from oracle.twin.autograd import Reference, reference
from oracle.twin.check import backward_rows, forward_rows, radii
from oracle.verdict.compare import Row, shape_note
from oracle.verdict.report import Report, check_case
from oracle.verdict.tolerance import Tol, resolve
from refbp.types import Array, Reduction

__all__ = ["Backprop", "assert_backprop", "check_backprop"]


def _in_callers_layout(row: Row, given: Given, ref: Reference) -> Row:
    """A W row's shape note in the in_out layout said in that layout: the shapes fn returned and wanted."""
    if given.layout == "out_in" or row.quantity != "W" or not row.note.startswith("has shape"):
        return row
    k = (row.layer or 0) - 1
    shape = np.shape(cast(Array, given.W[k]))
    theirs = shape[::-1] if len(shape) == 2 else shape  # a 2-D array was transposed to refbp's layout
    note = f"{shape_note(theirs, ref.W[k].shape[::-1])} in the in_out layout {WEIGHT_SHAPE['in_out']}"
    return dataclasses.replace(row, note=note)


def check_backprop(
    fn: Backprop,
    net: refbp.MLP,
    x: Array,
    d: Array,
    reduction: Reduction = "sum",
    *,
    tol: Tol = None,
    case: str = "",
    layout: Layout = "out_in",
    per_example: bool = False,
    labels: bool = False,
) -> Report:
    """Run ``fn`` on ``net``'s arrays and (x, d); compare what it returned with torch.autograd.

    ``tol``: None for the table's tolerance of ``net.dtype``, or an override merged with
    it (``oracle.verdict.tolerance.resolve``); the report says which it used.
    ``layout``, ``per_example``, ``labels``: the conventions ``fn`` is written in (above).
    """
    check_callable(fn)
    if not isinstance(net, refbp.MLP):
        raise TypeError(f"net must be a refbp.MLP, got {type(net).__name__}")
    check_case(case)
    conv = conventions(layout, per_example, labels, net)
    tolerance = resolve(net.dtype, tol)
    ref = reference(net, x, d, reduction)
    given = given_by(fn, net, x, d, reduction, conv, tolerance)
    if not isinstance(given, Given):
        rows = given.rows
        if given.lists is not None:  # lists of the wrong length: reordered, they may be autograd's
            rows = diagnose(rows, given.lists, ref, net, reduction)
        return Report(rows=rows, case=case, tolerance=tolerance, recognised=given.recognised)
    R = radii(net, ref, reduction)
    z, a, delta, W, b = (
        cast(Sequence[Array] | None, v) for v in (given.z, given.a, given.delta, given.W, given.b)
    )
    rows = forward_rows(z, a, given.E, ref, tolerance, R)
    backward = backward_rows(delta, cast(Sequence[Array], W), cast(Sequence[Array], b), ref, tolerance, R)
    rows += [_in_callers_layout(row, given, ref) for row in backward]  # a square W transposed: diagnosed
    rows = diagnose(rows, given, ref, net, reduction)
    return Report(rows=rows, case=case, tolerance=tolerance, recognised=given.recognised)


def assert_backprop(
    fn: Backprop,
    net: refbp.MLP,
    x: Array,
    d: Array,
    reduction: Reduction = "sum",
    *,
    tol: Tol = None,
    layout: Layout = "out_in",
    per_example: bool = False,
    labels: bool = False,
) -> None:
    """Raise AssertionError naming the first layer and quantity where ``fn`` and autograd differ."""
    report = check_backprop(
        fn, net, x, d, reduction, tol=tol, layout=layout, per_example=per_example, labels=labels
    )
    first = report.first_failure
    if first is not None:
        raise AssertionError(first.explain())
