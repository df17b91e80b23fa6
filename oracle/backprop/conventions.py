"""The conventions code under test may be written in, and calling it in them: ``call``.

Contract: ``conventions(layout, per_example, labels, net)`` checks the three keyword
arguments of ``check_backprop`` (and of everything built on it) and returns them as a
``Conventions``. ``call(fn, net, x, d, conv)`` runs ``fn`` on fresh copies of the
network's arrays and of (x, d), laid out as ``conv`` says, and returns what it returned:
one value, or one per example (each copied right after its call). An exception raised
inside ``fn`` is raised again, chained to it (``raise ... from``), of the same type where
that type takes a message (else ``FnRaisedError``), its message followed by the shapes and
layout ``fn`` was given.

- ``layout="out_in"``: weights[k] is W^(k+1) of shape (n_{k+1}, n_k), as
  ``torch.nn.Linear.weight`` (z = a W^T + b); ``"in_out"``: its transpose (n_k, n_{k+1}), as
  x @ W code keeps it (z = a W + b). dE/dW comes back in the same layout.
- ``per_example=True``: ``fn`` is called once per example with columns: x (n_0, 1),
  d (n_L, 1), biases[k] (n_{k+1}, 1).
- ``labels=True`` (multiclass only): d is given as integer class labels (N,), or one int per
  example, instead of one-hot rows.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, get_args

import numpy as np

import refbp
from oracle.diagnosis import Given
from oracle.diagnosis.given import WEIGHT_SHAPE, Layout
from refbp.types import Array

__all__ = ["LAYOUTS", "Backprop", "Conventions", "FnRaisedError", "call", "check_callable", "conventions"]

Backprop = Callable[[list[Array], list[Array], Array, Any], Any]
"""The signature of an implementation under test: fn(weights, biases, x, d) -> its gradients."""

LAYOUTS: tuple[str, ...] = get_args(Layout)
"""The weight layouts ``layout=`` takes: "out_in" (the default, torch's) and "in_out" (x @ W)."""


class FnRaisedError(RuntimeError):
    """What ``fn`` raised, when its own exception type cannot carry the longer message."""


@dataclass(frozen=True)
class Conventions:
    """How the code under test is written: its weight layout, per example or per batch, labels."""

    layout: Layout = "out_in"
    per_example: bool = False
    labels: bool = False

    def __str__(self) -> str:
        """'in_out, per example, labels': the conventions as the report names them."""
        return ", ".join([self.layout, *(["per example"] * self.per_example), *(["labels"] * self.labels)])

    def given(self, **lists: Any) -> Given:
        """A ``Given`` of ``lists`` (already in refbp's conventions) that remembers these."""
        return Given(**lists, layout=self.layout, per_example=self.per_example)


def conventions(layout: object, per_example: object, labels: object, net: refbp.MLP) -> Conventions:
    """The keyword arguments checked: TypeError or ValueError naming the argument and its values."""
    if not isinstance(layout, str):
        raise TypeError(f"layout must be 'out_in' or 'in_out', got {type(layout).__name__}")
    if layout not in LAYOUTS:
        raise ValueError(
            f"layout must be 'out_in' (W of shape (n_out, n_in), torch's) or 'in_out' "
            f"(x @ W, W of shape (n_in, n_out)), got {layout!r}"
        )
    for name, value in (("per_example", per_example), ("labels", labels)):
        if not isinstance(value, (bool, np.bool_)):
            raise TypeError(f"{name} must be True or False, got {type(value).__name__}")
    if labels and net.task != "multiclass":
        what = f"task={net.task!r}" if net.task else f"output={net.pair.output.name!r}"
        raise ValueError(
            f"labels=True gives fn integer class labels, which only task='multiclass' has; this "
            f"network has {what}: pass labels=False"
        )
    return Conventions(layout, bool(per_example), bool(labels))  # type: ignore[arg-type]


def check_callable(fn: object) -> None:
    """TypeError unless ``fn`` can be called as the protocol calls it."""
    if not callable(fn):
        raise TypeError(f"fn must be a callable fn(weights, biases, x, d), got {type(fn).__name__}")


def labels_of(d: Array) -> Array:
    """The class labels (N,) of one-hot rows; ValueError for rows that are not one-hot."""
    labels = np.argmax(d, axis=1)
    if not np.array_equal(np.eye(d.shape[1], dtype=d.dtype)[labels], d):
        raise ValueError(
            "labels=True gives fn integer class labels, but d holds probability rows that are not "
            "one-hot; give d as labels (N,) or one-hot rows, or pass labels=False"
        )
    return np.asarray(labels)


def call(fn: Backprop, net: refbp.MLP, x: Array, d: Array, conv: Conventions) -> list[object]:
    """``fn``'s return values: one for the batch, or one per example (``conv.per_example``).

    x and d are checked and converted as refbp's own (``prepare_input``/``prepare_target``).
    """
    x_in = net.prepare_input(x)
    d_in = net.prepare_target(d, len(x_in))
    target: Array = labels_of(d_in) if conv.labels else d_in

    def weights() -> list[Array]:
        return [W.T.copy() if conv.layout == "in_out" else W.copy() for W in net.weights]

    if not conv.per_example:
        return [_run(fn, (weights(), [b.copy() for b in net.biases], x_in.copy(), target.copy()), conv, "")]
    outs = []
    for n in range(len(x_in)):
        d_n: Any = int(target[n]) if conv.labels else target[n][:, None].copy()
        args = (weights(), [b[:, None].copy() for b in net.biases], x_in[n][:, None].copy(), d_n)
        outs.append(_kept(_run(fn, args, conv, f"on example {n} of {len(x_in)}, ")))
    return outs


def _kept(out: object) -> object:
    """A copy of one example's return value, taken before the next call: code that returns the
    same buffers every call (preallocated arrays, a kept list) would otherwise be read N times
    as the last example left them."""
    try:
        return copy.deepcopy(out)
    except Exception:  # a value that cannot be copied (a lock, a generator): read as it came
        return out


def _run(
    fn: Backprop, args: tuple[list[Array], list[Array], Array, Any], conv: Conventions, where: str
) -> object:
    try:
        return fn(*args)
    except Exception as err:
        weights, biases, x, d = args
        d_said = f"the label {d}" if isinstance(d, int) else f"{d.shape}" + (" labels" * conv.labels)
        message = (
            f"fn raised {type(err).__name__}: {err} (fn was called {where}with weights "
            f"{[w.shape for w in weights]} ({conv.layout}: W^(l) is {WEIGHT_SHAPE[conv.layout]}), "
            f"biases {[b.shape for b in biases]}, x {x.shape}, d {d_said})"
        )
        raise _same_kind(err, message).with_traceback(err.__traceback__) from err


def _same_kind(err: Exception, message: str) -> Exception:
    """``err``'s type with ``message``, where the type takes a message alone; else FnRaisedError."""
    try:
        again = type(err)(message)
    except Exception:  # an exception type that wants other arguments (UnicodeDecodeError, ...)
        return FnRaisedError(message)
    return again if str(again) == message else FnRaisedError(message)
