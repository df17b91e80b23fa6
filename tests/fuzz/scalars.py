"""Bad values for the arguments that are not arrays: names, numbers, dtypes, lists, networks.

Contract: each function takes the argument's valid baseline value (and the context,
where a value is built from the network) and returns ``Bad`` values. Numpy scalars and
other spellings of a valid value may be refused by name or must act as the plain value
("either" with ``equiv``); wrong types and out-of-range values must be refused. Nothing
here imports torch or oracle.
"""

from __future__ import annotations

import functools
import reprlib
from collections.abc import Callable
from typing import Any

import numpy as np
from fuzz.baseline import cast_net
from fuzz.harness import Bad, Context

import refbp

WRONG_TYPES: tuple[object, ...] = (None, 1, 1.5, 1 + 2j, True, b"x", ["x"], {"x": 1}, object())
"""Values of no argument's type, before the argument-specific ones."""


def _wrong(skip: tuple[type, ...] = ()) -> list[Bad]:
    return [
        Bad("type", f"{type(t).__name__} {t!r}", t, "refuse")
        for t in WRONG_TYPES
        if not isinstance(t, skip) or isinstance(t, bool)
    ]


class StrSub(str):
    """A str subclass: a valid name in another class."""


def name(base: str | None, optional: bool = False) -> list[Bad]:
    """A name of a table (activation, task, output, loss, reduction, data set)."""
    out = [b for b in _wrong() if b.value is not None]
    out.append(Bad("type", "None", None, "either" if optional else "refuse"))
    if base is not None:
        out += [
            Bad("value", "unknown name", base + "_unknown", "refuse"),
            Bad("value", "empty string", "", "refuse"),
            Bad("value", "upper case", base.upper(), "refuse"),
            Bad("value", "leading space", " " + base, "refuse"),
            Bad("type", "bytes of the name", base.encode(), "refuse"),
            Bad("type", "np.str_", np.str_(base), "either", base),
            Bad("type", "str subclass", StrSub(base), "either", base),
            Bad("type", "list of the name", [base], "refuse"),
        ]
    return out


def text(base: str) -> list[Bad]:
    """Free text for a label (quantity, witness, case): any str goes, nothing else."""
    return [
        *_wrong(),
        Bad("value", "empty string", "", "either"),
        Bad("value", "newline and unicode", "a\nb \u00fc\u2603", "either"),
        Bad("type", "np.str_", np.str_(base), "either", base),
    ]


def integer(base: int, minimum: int, huge: bool = False) -> list[Bad]:
    """An integer argument >= ``minimum``; ``huge``: values like 10**400 are valid too."""
    out = [
        *_wrong(skip=(int,)),
        Bad("type", "np.int64", np.int64(base), "either", base),
        Bad("type", "np.uint8", np.uint8(base), "either", base),
        Bad("type", "float of an integer", float(base), "either", base),
        Bad("type", "half-integer", base + 0.5, "refuse"),
        Bad("type", "str of the integer", str(base), "refuse"),
        Bad("type", "False", False, "refuse"),
        Bad("value", "NaN", float("nan"), "refuse"),
        Bad("value", "-Inf", -float("inf"), "refuse"),
        Bad("value", "minimum - 1", minimum - 1, "refuse"),
        Bad("value", "-2**63", -(2**63), "refuse"),
    ]
    if huge:
        out += [Bad("value", "2**64", 2**64, "either"), Bad("value", "10**400", 10**400, "either")]
    return out


def real(base: float, upper: float | None = None) -> list[Bad]:
    """A float argument in (0, upper): numpy floats act as floats, other types are refused."""
    out = [b for b in _wrong() if not isinstance(b.value, (int, float)) or isinstance(b.value, bool)] + [
        Bad("type", "int 1", 1, "either", 1.0),
        Bad("type", "np.float64", np.float64(base), "either", base),
        Bad("type", "np.float32", np.float32(base), "either", float(np.float32(base))),
        Bad("type", "str of the number", str(base), "refuse"),
        Bad("value", "NaN", float("nan"), "refuse"),
        Bad("value", "+Inf", float("inf"), "refuse"),
        Bad("value", "zero", 0.0, "refuse"),
        Bad("value", "negative", -base, "refuse"),
        Bad("value", "huge (1e308)", 1e308, "refuse" if upper else "either"),
        Bad("value", "10**400 (an int)", 10**400, "refuse" if upper else "either"),
        Bad("value", "subnormal (1e-310)", 1e-310, "either"),
        Bad("value", "np.longdouble 1e4000", np.longdouble("1e4000"), "refuse"),
    ]
    if upper is not None:
        out.append(Bad("value", "the upper bound", upper, "refuse"))
    return out


def flag() -> list[Bad]:
    """A bool argument: np.bool_ acts as bool; ints, strings and None are refused."""
    return [
        Bad("type", "np.bool_(True)", np.True_, "either", True),
        Bad("type", "None", None, "refuse"),
        Bad("type", "1", 1, "refuse"),
        Bad("type", "'False'", "False", "refuse"),
        Bad("type", "empty list", [], "refuse"),
    ]


def dtype(base: Any, extra: tuple[object, ...] = ()) -> list[Bad]:
    """A float dtype: its other spellings act alike; every other dtype is refused."""
    name = np.dtype(base).name
    valid = [np.dtype(base), name, np.dtype(base).str]
    out = [Bad("type", f"{v!r}", v, "either", base) for v in valid]
    refused = (None, "float16", np.float16, np.int64, int, bool, complex, np.longdouble, object, "abc", 1)
    out += [Bad("type", f"{v!r}", v, "refuse") for v in (*refused, [base], *extra)]
    out.append(Bad("type", "big-endian", np.dtype(base).newbyteorder(">"), "either"))
    return out


def sizes(base: tuple[int, ...]) -> list[Bad]:
    """Layer widths (n_0, ..., n_L)."""
    first = base[0]
    refused = [
        None, "34", 3, {"a": 1}, object(), [], [first], [first, 0], [first, -1], [first, 2.0],
        [first, True], [first, "2"], [first, None], [first, 10**400], [first, 2**40], {first, 2},
    ]  # fmt: skip
    out = [Bad("value", reprlib.repr(v), v, "refuse") for v in refused]
    out += [
        Bad("type", "list", list(base), "accept", base),
        Bad("type", "numpy integers", tuple(np.int64(n) for n in base), "either", base),
        Bad("type", "range", range(first, first + 2), "either", (first, first + 1)),
        Bad("type", "ndarray of widths", np.array(base), "either", base),
        Bad("type", "generator", (n for n in base), "refuse"),
    ]
    return out


def layers(base: list[np.ndarray]) -> list[Bad]:
    """A list of per-layer arrays (weights or biases)."""
    refused = [None, "w", {"a": 1}, object(), base[0], [], base + base[:1], base[:-1], [None] * len(base)]
    out = [Bad("value", f"{type(v).__name__} of {len(v) if hasattr(v, '__len__') else '-'}", v, "refuse",
               mismatch=isinstance(v, list)) for v in refused]  # fmt: skip
    out += [
        Bad("type", "tuple", tuple(base), "accept", base),
        Bad("type", "nested lists", [a.tolist() for a in base], "either", base),
        Bad("type", "generator", (a for a in base), "refuse"),
        Bad(
            "shape",
            "every array transposed, or a column",
            [a.T if a.ndim == 2 else a[:, None] for a in base],
            "refuse",
            mismatch=True,
        ),
    ]
    return out


def network(context: Context, float64_only: bool = False) -> list[Bad]:
    """The network argument: non-networks refused, networks that disagree with x or d too."""
    net = context.net
    other = np.float32 if net.dtype == np.float64 else np.float64
    wider = refbp.MLP.init((net.sizes[0] + 1, *net.sizes[1:]), hidden=net.hidden, task=net.task, seed=1)
    out = [Bad("type", f"{type(v).__name__}", v, "refuse") for v in (None, "net", object(), {}, refbp.MLP)]
    out += [
        Bad("type", "its weights", list(net.weights), "refuse"),
        Bad("type", "its Forward", net.forward(context.x), "refuse"),
        Bad("value", "wider input layer", wider, "refuse", mismatch=True),
        Bad("value", f"the same net in {np.dtype(other).name}", cast_net(net, other),
            "refuse" if float64_only or other == np.float32 else "either", mismatch=True),
    ]  # fmt: skip
    return out


def forward(context: Context) -> list[Bad]:
    """The fwd argument of backward and loss: only the Forward this net made of x is valid."""
    net, x = context.net, context.x
    fwd = net.forward(x)
    nan_y = [*fwd.a[:-1], np.full_like(fwd.a[-1], np.nan)]
    other = np.float32 if net.dtype == np.float64 else np.float64
    forged: list[tuple[str, list[object], list[object]]] = [
        ("no layers", [], []),
        ("one a short", list(fwd.z), fwd.a[:-1]),
        ("one z short", fwd.z[:-1], list(fwd.a)),
        ("NaN output", list(fwd.z), nan_y),
        (
            f"{np.dtype(other).name} arrays",
            [z.astype(other) for z in fwd.z],
            [a.astype(other) for a in fwd.a],
        ),
        ("None arrays", [None] * len(fwd.z), [None] * len(fwd.a)),
    ]
    out = [Bad("type", type(v).__name__, v, "refuse") for v in (None, "fwd", object(), net, (fwd.z, fwd.a))]
    out.append(Bad("value", "another net's Forward", cast_net(net, net.dtype).forward(x), "refuse"))
    out.append(Bad("value", "one row fewer", net.forward(x[1:]), "refuse", mismatch=True))
    out += [Bad("value", f"Forward with {label}", refbp.Forward(z=z, a=a, net=net), "refuse")  # type: ignore[arg-type]
            for label, z, a in forged]  # fmt: skip
    return out


def function(correct: Callable[..., object], optional: bool = False) -> list[Bad]:
    """The implementation under test: callables act alike, anything else is refused.

    ``optional``: None is valid too (the default, refbp's own backprop, which ``correct`` matches).
    """
    base = None if optional else correct
    out = [
        Bad("type", type(v).__name__, v, "refuse") for v in ("fn", 1, object(), [correct], {"fn": correct})
    ]
    out += [
        Bad("type", "None", None, "either" if optional else "refuse"),
        Bad("type", "functools.partial", functools.partial(correct), "accept", base),
        Bad("type", "an object with __call__", Wrapper(correct), "accept", base),
    ]
    return out


class Wrapper:
    """A callable object: an implementation need not be a function."""

    def __init__(self, fn: Callable[..., object]) -> None:
        self.fn = fn

    def __call__(self, *args: object) -> object:
        return self.fn(*args)
