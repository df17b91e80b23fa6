"""What code under test may return, recognised by its keys and shapes: ``recognise``.

Contract: ``recognise(out, net, conv)`` reads one return value of ``fn``, written in the
conventions ``conv``, as a ``Returned``: the lists it holds by quantity (delta, W, b, and
optionally z and a), the loss E if given, and a phrase saying what was recognised. It never
raises on what ``fn`` returned: a value it cannot read is a str saying why, which the caller
turns into a failing row. The forms:

- a tuple or list of three: ``(delta, W, b)``;
- of two: ``(W, b)`` without deltas, or Nielsen's ``(nabla_b, nabla_w)``, told apart by
  their shapes (``_nielsen``); where both readings fit them (per example, every W^(l) a
  column (n_l, 1), the biases returned as columns) a str asks for a dict instead of a guess;
  or ``(loss, grads)``, a number and a dict or object of the forms below (CS231n's);
- a dict with keys ``W`` (or ``dW``) and ``b`` (or ``db``), optionally ``delta``, ``z``, ``a``,
  and ``E`` (or ``loss``); each list may instead be numbered, one key per layer ``W1``,
  ``b1``, ..., ``WL``, ``bL`` (CS231n's ``grads``; ``a0`` may start the a's);
- any other object with those names as attributes (a dataclass, ``refbp.Gradients``).

``structure_rows`` judges the lists: each a list of L arrays (a: L, or L + 1 with a^(0)
first), or a failing row that says what came.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TypeGuard

import numpy as np

import refbp
from oracle.backprop.conventions import Conventions
from oracle.verdict.compare import Row, unmeasured
from oracle.verdict.tolerance import Tolerance

__all__ = ["NAMES", "Returned", "is_list", "recognise", "structure_rows", "vector_shape"]

NAMES: dict[str, tuple[str, ...]] = {
    "delta": ("delta",),
    "W": ("W", "dW"),
    "b": ("b", "db"),
    "z": ("z",),
    "a": ("a",),
}
"""Each returned list, with the names it may go by in a dict or an object (walking order aside)."""

LOSS = ("E", "loss")
"""The names the loss may go by."""

FORMS = (
    "return (delta, W, b), (W, b), (nabla_b, nabla_w) or (loss, grads), a dict with keys 'W', 'b' "
    "(or 'dW', 'db', or 'W1', 'b1', ...; optionally 'delta', 'z', 'a', 'E'), "
    "or an object with those attributes"
)


@dataclass(frozen=True)
class Returned:
    """One return value of fn, read: its lists by quantity (absent: not given), E, and what it was."""

    lists: dict[str, object]
    E: object | None
    form: str


def recognise(out: object, net: refbp.MLP, conv: Conventions) -> Returned | str:
    """``out`` read as one of the forms above, or a str saying why it is none of them."""
    if isinstance(out, (tuple, list)):
        return _sequence(out, net, conv)
    return _named(out, len(net.weights))


def _sequence(out: tuple[object, ...] | list[object], net: refbp.MLP, conv: Conventions) -> Returned | str:
    kind = type(out).__name__
    if len(out) == 3:
        return Returned(dict(zip(("delta", "W", "b"), out, strict=True)), None, f"a {kind} (delta, W, b)")
    if len(out) == 2:
        first, second = out
        if _is_number(first) and not isinstance(second, (tuple, list)):
            grads = _named(second, len(net.weights))
            if isinstance(grads, str):
                return f"fn returned (loss, grads), and grads: {grads.removeprefix('fn returned ')}"
            return replace(grads, E=first, form=f"(loss, grads), grads {grads.form}")
        nielsen = _nielsen(first, second, net, conv)
        if nielsen is None:
            return (
                f"fn returned a {kind} of two lists, ambiguous on this network: (W, b) and Nielsen's "
                "(nabla_b, nabla_w) have the same shapes here; return a dict {'W': ..., 'b': ...}"
            )
        if nielsen:
            return Returned({"W": second, "b": first}, None, "Nielsen's (nabla_b, nabla_w)")
        return Returned({"W": first, "b": second}, None, f"a {kind} (W, b) without deltas")
    return f"fn returned a {kind} of {len(out)}; {FORMS}"


def _nielsen(first: object, second: object, net: refbp.MLP, conv: Conventions) -> bool | None:
    """True for (nabla_b, nabla_w), False for (W, b), None where the shapes cannot tell.

    The reading whose shapes are exactly those expected wins: dE/dW^(l) of the layout's
    shape, dE/db^(l) a vector (n_l,), or per example also a column (n_l, 1). Both fit only
    per example, when every W^(l) is itself a column (n_l, 1) and the biases came as columns.
    When neither fits, a list of vectors or columns of the biases' sizes is read as the
    biases (both such lists: no telling), so that the comparison names the other's shapes.
    """
    W = [w.shape[::-1] if conv.layout == "in_out" else w.shape for w in net.weights]
    b = [(len(v),) for v in net.biases]
    readings = {
        reading
        for reading, (biases, weights) in ((True, (first, second)), (False, (second, first)))
        if _shaped(biases, b, conv.per_example) and _shaped(weights, W, columns=False)
    }
    if not readings:
        readings = {reading for reading, biases in ((True, first), (False, second)) if _shaped(biases, b)}
    if len(readings) == 2:
        return None
    return readings.pop() if readings else False  # no list of biases: (W, b), whose shapes are named


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Number) or (isinstance(value, np.ndarray) and value.ndim == 0)


def vector_shape(shape: tuple[int, ...]) -> tuple[int, ...]:
    """The shape of a column (n, 1) read as the vector (n,) it stands for, any other as it is: per
    example, fn is given its biases and x as columns and may return b, delta, z and a so."""
    return shape[:1] if len(shape) == 2 and shape[1] == 1 else shape


def _shaped(arrays: object, shapes: Sequence[tuple[int, ...]], columns: bool = True) -> bool:
    """True when ``arrays`` holds one array per layer of exactly ``shapes`` (``columns``: or the
    column of such a vector)."""
    if not isinstance(arrays, (tuple, list)) or len(arrays) != len(shapes):
        return False
    try:
        got = [np.shape(v) for v in arrays]
    except ValueError:  # ragged nested lists
        return False
    return [vector_shape(s) if columns else s for s in got] == list(shapes)


def _lookup(out: object) -> Callable[[str], tuple[bool, object]]:
    """(found, value) of a name in a dict's keys or an object's attributes.

    An attribute that is None is not given: a dataclass's optional field (``refbp.Gradients``
    keeps its delta None on the gradients-only path, its loss None from ``backward``).
    """
    if isinstance(out, dict):
        return lambda name: (name in out, out.get(name))
    return lambda name: (getattr(out, name, None) is not None, getattr(out, name, None))


def _named(out: object, L: int) -> Returned | str:
    find = _lookup(out)
    kind = type(out).__name__
    lists: dict[str, object] = {}
    said: list[str] = []
    numbered = False
    for quantity, names in NAMES.items():
        found: tuple[object, str] | str | None = _one_of(find, names)
        if found is None:
            found = _numbered(find, names, quantity, L)
            numbered = numbered or found is not None
        if isinstance(found, str):
            return f"fn returned a {kind} {found}; {FORMS}"
        if found is not None:
            lists[quantity], name = found
            said.append(name)
    missing = [names for quantity, names in NAMES.items() if quantity in ("W", "b") and quantity not in lists]
    if missing:
        names = missing[0]
        also = f" (or {per_layer(names[0], 1, L)})"
        return f"fn returned a {kind} without {' or '.join(map(repr, names))}{also}; {FORMS}"
    loss = _one_of(find, LOSS)
    if loss is not None:
        said.append(loss[1])
    what = f"dict {', '.join(said)}" if isinstance(out, dict) else f"{kind} with attributes {', '.join(said)}"
    return Returned(
        lists, None if loss is None else loss[0], ("a CS231n-style " if numbered else "a ") + what
    )


def _one_of(find: Callable[[str], tuple[bool, object]], names: tuple[str, ...]) -> tuple[object, str] | None:
    for name in names:
        found, value = find(name)
        if found:
            return value, name
    return None


def _numbered(
    find: Callable[[str], tuple[bool, object]], names: tuple[str, ...], quantity: str, L: int
) -> tuple[object, str] | str | None:
    """The list kept one name per layer (W1, ..., WL), what it was said as; a str if one is missing."""
    for name in names:
        if not find(f"{name}1")[0]:
            continue
        first = 0 if quantity == "a" and find(f"{name}0")[0] else 1
        layers = range(first, L + 1)
        absent = [f"{name}{l}" for l in layers if not find(f"{name}{l}")[0]]
        if absent:
            return f"with {name}1 but without {absent[0]} (one per layer, 1..{L})"
        return [find(f"{name}{l}")[1] for l in layers], per_layer(name, first, L)
    return None


def per_layer(name: str, first: int, L: int) -> str:
    """'W1, W2' or 'W1, ..., W5': the numbered names of a list kept one per layer."""
    if L - first < 2:
        return ", ".join(f"{name}{l}" for l in range(first, L + 1))
    return f"{name}{first}, ..., {name}{L}"


def is_list(value: object) -> TypeGuard[Sequence[object]]:
    """True for a sequence that can hold one array per layer (not a string)."""
    return isinstance(value, Sequence) and not isinstance(value, (str, bytes))


def structure_rows(lists: dict[str, object], L: int, tol: Tolerance, where: str = "") -> list[Row]:
    """Failing rows for a returned list that is not a list of L entries (else none).

    What each entry holds (real numbers of the right shape, all finite) is the comparison's
    to judge, in walking order: ``oracle.compare`` names a complex, NaN or misshapen array.
    ``where``: what to say first ("example 3 of 5: "), for a function run per example.
    """
    rows: list[Row] = []
    for quantity, arrays in lists.items():
        if not is_list(arrays):
            note = f"is a {type(arrays).__name__}, expected a list of {L}"
            rows.append(unmeasured(None, quantity, where + note, tol))
        elif len(arrays) != L and not (quantity == "a" and len(arrays) == L + 1):
            hint = " (did it include the input layer 0?)" if len(arrays) == L + 1 else ""
            note = f"fn returned {len(arrays)} arrays, expected {L}: one per layer, position k is layer k + 1"
            rows.append(unmeasured(None, quantity, where + note + hint, tol))
    return rows
