"""Bad and odd arrays made from a valid one: wrong types, shapes, dtypes, values, and odd layouts.

Contract: ``catalogue(v, lenient)`` lists ``Bad`` values derived from the valid array ``v``,
every change alone (``fuzz.array_kinds`` stacks them). An odd layout of valid values must
be accepted and give the same result as the plain array (``equiv``). ``lenient`` relaxes
the rules for a call: "verdict" (a failing verdict may answer any bad value instead of a
refusal, as in ``oracle.compare``), "any float" and "other float" (float dtypes other than
the network's are valid), "labels" (the argument is a target: integer labels are a form).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import numpy as np
from fuzz.harness import NOTHING, Bad

Array = np.ndarray[Any, Any]
Op = tuple[str, Callable[[Array], object], str]
"""(label, the change, what the call may do with the result: refuse/reject/either/accept)."""

STRICTNESS = ("accept", "either", "reject", "refuse")


class Sub(np.ndarray):  # type: ignore[type-arg]
    """An ndarray subclass with no behaviour of its own."""


def plain(v: object) -> Array:
    """A C-contiguous, native-order, writeable base ndarray with v's values and dtype."""
    arr = np.array(v)
    return np.ascontiguousarray(arr.astype(arr.dtype.newbyteorder("="))).view(np.ndarray)


def _reversed(v: Array) -> Array:
    flip = (slice(None, None, -1),) * v.ndim
    return v[flip].copy()[flip]  # the same values, every stride negative


def _unaligned(v: Array) -> Array:
    buffer = np.zeros(v.nbytes + 1, dtype=np.uint8)
    out = buffer[1:].view(v.dtype).reshape(v.shape)
    out[...] = v
    return out


def _read_only(v: Array) -> Array:
    out = v.copy()
    out.flags.writeable = False
    return out


def layouts(v: Array) -> list[Op]:
    """The same values in odd memory: each must be accepted and give the plain array's result."""
    ops: list[Op] = [
        ("Fortran order", np.asfortranarray, "accept"),
        ("every other element of a wider array", lambda a: np.repeat(a, 2, axis=-1)[..., ::2], "accept"),
        ("negative strides", _reversed, "accept"),
        ("big-endian", lambda a: a.astype(a.dtype.newbyteorder(">")), "accept"),
        ("read-only", _read_only, "accept"),
        ("ndarray subclass", lambda a: a.copy().view(Sub), "accept"),
        ("nested list", lambda a: a.tolist(), "either"),  # lists carry no dtype: may be refused
        ("nested tuple", lambda a: tuple(map(tuple, a)) if a.ndim == 2 else tuple(a.tolist()), "either"),
        ("list of row arrays", list, "either"),
        ("masked array, nothing masked", np.ma.masked_array, "either"),
    ]
    if v.dtype.kind == "O":  # an object array's values need not be numbers once listed
        ops = [op for op in ops if op[2] == "accept"]
    else:
        ops.append(("unaligned", _unaligned, "accept"))
    return [op for op in ops if v.ndim > 0 or op[0] in ("big-endian", "read-only", "ndarray subclass")]


def broadcast(v: Array) -> Bad:
    """A 0-stride view repeating v's first row: valid values, accepted like their copy."""
    view = np.broadcast_to(v[:1], v.shape)
    return Bad("layout", "0-stride broadcast view", view, "accept", np.array(view))


def shapes(v: Array) -> list[Op]:
    """Wrong numbers of axes or of rows and columns (a mismatch may name the other argument)."""
    ops: list[Op] = [
        ("0-D", lambda a: np.asarray(a.flat[0]), "either"),
        ("one more axis", lambda a: a[None], "either"),
        ("empty", lambda a: a[:0], "either"),
        ("one row more", lambda a: np.concatenate([a, a[:1]]), "either"),
    ]
    if v.ndim == 2:
        ops += [
            ("flattened to 1-D", np.ravel, "either"),
            ("no columns", lambda a: a[:, :0], "either"),
            ("transposed", lambda a: a.T.copy(), "either"),
            ("one column more", lambda a: np.concatenate([a, a[:, :1]], axis=1), "either"),
        ]
        if v.shape[1] > 1:
            ops.append(("one column fewer", lambda a: a[:, 1:], "either"))
    if len(v) > 1:
        ops.append(("one row fewer", lambda a: a[1:], "either"))
    return ops


def dtypes(v: Array, lenient: frozenset[str]) -> list[Op]:
    """Other dtypes with the same values (as far as they go): integers may be converted, others refused.

    lenient "any float": every float dtype may be taken; "other float": float32 and float64 both.
    """
    other = np.float32 if v.dtype == np.float64 else np.float64
    float_rule = "either" if "any float" in lenient else "refuse"
    other_rule = "either" if lenient & {"any float", "other float"} else "refuse"
    return [
        ("int64", lambda a: np.round(a).astype(np.int64), "either"),
        ("uint8", lambda a: np.abs(np.round(a)).astype(np.uint8), "either"),
        ("bool", lambda a: a > 0, "refuse"),
        ("complex128, imaginary part 0", lambda a: a.astype(np.complex128), "refuse"),
        ("complex64, imaginary part 1", lambda a: (a + 1j).astype(np.complex64), "refuse"),
        ("object", lambda a: a.astype(object), "refuse"),
        ("float16", lambda a: a.astype(np.float16), float_rule),
        ("longdouble", lambda a: a.astype(np.longdouble), float_rule),
        (f"{np.dtype(other).name} (the other float)", lambda a: a.astype(other), other_rule),
        ("str", lambda a: a.astype(str), "refuse"),
        ("bytes", lambda a: a.astype("S8"), "refuse"),
        ("datetime64", lambda a: np.zeros(a.shape, dtype="datetime64[s]"), "refuse"),
    ]


def _put(value: float, where: int) -> Callable[[Array], Array]:
    def put(a: Array) -> Array:
        out = np.array(a)
        if out.size:
            with np.errstate(over="ignore"):  # 1e308 in float32 is inf on purpose
                out.flat[where % out.size] = value
        return out

    return put


def values(v: Array, where: int = 0, exponent: int = 300) -> list[Op]:
    """Wrong or extreme values: NaN and +-Inf (refused by ``poisoned``), huge, negative, out of range."""
    top = float(np.finfo(v.dtype).max) if v.dtype.kind == "f" else 1e308  # 1e308 itself in float64
    huge = min(1e308, top)
    return [
        ("NaN", _put(np.nan, where), "either"),  # poisoned() makes these "refuse"
        ("+Inf", _put(np.inf, where), "either"),
        ("-Inf", _put(-np.inf, where), "either"),
        (f"huge ({huge:.3g})", _put(huge, where), "either"),
        (f"-huge ({-huge:.3g})", _put(-huge, where), "either"),
        ("half the dtype's max", _put(top / 2, where), "either"),
        (f"times 10**{exponent}", lambda a: np.array(a * 10.0**exponent, dtype=a.dtype), "either"),
        ("subnormal (1e-310)", _put(1e-310, where), "either"),
        ("negative", lambda a: -np.abs(a) - 0.5, "either"),
        ("above one", lambda a: a + 1.5, "either"),
        ("all zeros", np.zeros_like, "either"),
    ]


def types() -> list[Bad]:
    """No array at all: each must be refused."""
    refused = [None, "x", True, {"a": 1}, object(), np.float64(1.5), np.int64(1), 1 + 2j, b"\x00", 1.5, 1, []]
    return [Bad("type", f"{type(t).__name__} {t!r}", t, "refuse") for t in refused]


def special(v: Array, labels: bool) -> list[Bad]:
    """Values no array op can make: Python's 10**400, longdouble 1e4000; integer labels for a target."""
    n = len(v) if v.ndim else 1
    k = v.shape[-1] if v.ndim else 1
    huge_list = v.tolist()
    if v.ndim == 2:
        huge_list[0][0] = 10**400
    elif v.ndim == 1:
        huge_list[0] = 10**400
    out = [
        Bad("value", "10**400 in a nested list", huge_list, "refuse"),
        Bad("value", 'longdouble("1e4000")', np.full(v.shape, np.longdouble("1e4000")), "refuse"),
    ]
    if not labels:
        return out
    return [
        *out,
        Bad("value", "integer labels (N,) in range", np.arange(n) % k, "either", mismatch=True),
        Bad("value", "integer labels (N,) out of range", np.full(n, k), "refuse", mismatch=True),
        Bad("value", "negative integer labels", np.full(n, -1), "refuse", mismatch=True),
        Bad("value", "float labels (N,)", np.zeros(n), "refuse", mismatch=True),
    ]


def _bad(kind: str, op: Op, v: Array) -> Bad:
    label, change, expect = op
    with np.errstate(all="ignore"):
        value = change(v)
    if isinstance(value, np.generic):  # numpy ops on 0-D arrays return scalars
        value = np.asarray(value)
    if kind == "layout":  # lists carry no dtype: the plain array's result need not be theirs
        return Bad(kind, label, value, expect, v if isinstance(value, np.ndarray) else NOTHING)
    equiv = plain(value) if isinstance(value, np.ndarray) else NOTHING
    expect_now = poisoned(value, expect)
    if expect_now != expect and "Inf" not in label and "NaN" not in label:
        label += f" (overflows to +-Inf in {v.dtype})"
    return Bad(kind, label, value, expect_now, equiv, mismatch=kind == "shape")


def listed(value: object) -> str:
    """What a call may do with a nested list: convert real numbers (either way), refuse the rest."""
    with np.errstate(all="ignore"):
        kind = np.asarray(value).dtype.kind
    return "either" if kind in "fiu" else "refuse"


def poisoned(value: object, expect: str) -> str:
    """``expect``, or "refuse" where a change made (or overflowed into) +-Inf or NaN."""
    if isinstance(value, np.ndarray) and value.dtype.kind == "f" and not np.isfinite(value).all():
        return "refuse"
    return expect


def soften(bad: Bad, lenient: frozenset[str]) -> Bad:
    """A call whose answer is a verdict ("verdict" in ``lenient``) may fail it instead of refusing."""
    if "verdict" in lenient and bad.expect == "refuse":
        return dataclasses.replace(bad, expect="reject")
    return bad


def catalogue(v: Array, lenient: frozenset[str] = frozenset()) -> list[Bad]:
    """Every single bad or odd value made from ``v``."""
    out = types() + special(v, "labels" in lenient) + [broadcast(v)]
    for kind, ops in (
        ("shape", shapes(v)),
        ("dtype", dtypes(v, lenient)),
        ("value", values(v)),
        ("layout", layouts(v)),
    ):
        out += [_bad(kind, op, v) for op in ops]
    return [soften(bad, lenient) for bad in out]
