"""The kind of an array argument: its catalogue, and hypothesis stacks of changes.

Contract: an ``ArrayArgument`` in ``Call.kinds`` makes the catalogue of bad and odd arrays
from the argument's valid value (``fuzz.arrays.catalogue``) and, for the stacked test,
``composites``: one shape, value, dtype and layout change (each maybe none) stacked on the
value. A stack's expectation is its strictest part; a list keeps the values, not the dtype;
values that overflowed into +-Inf are refused (or rejected); a layout change of valid
values must give the plain array's result.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from fuzz.arrays import (
    STRICTNESS,
    Array,
    Op,
    catalogue,
    dtypes,
    layouts,
    listed,
    plain,
    poisoned,
    shapes,
    soften,
    values,
)
from fuzz.harness import NOTHING, Bad
from hypothesis import strategies as st


@st.composite
def composites(draw: st.DrawFn, v: Array, lenient: frozenset[str] = frozenset()) -> Bad:
    """One shape, value, dtype and layout change stacked on ``v`` (each maybe none)."""
    where, exponent = draw(st.integers(0, 10**6)), draw(st.integers(-320, 308))
    makers: list[tuple[str, Callable[[Array], list[Op]]]] = [
        ("shape", shapes),
        ("value", lambda a: values(a, where, exponent)),
        ("dtype", lambda a: dtypes(a, lenient)),
        ("layout", layouts),
    ]
    arr, labels, kinds, expect, equiv, mismatch = v, [], [], "accept", NOTHING, False
    stage = "accept"  # the strictest shape and value change: what a list of the values must meet
    for kind, make in makers:
        ops = make(arr) if kind != "value" or arr.size else []
        op = draw(st.sampled_from([None, *ops]))
        if op is None:
            continue
        with np.errstate(all="ignore"):
            changed = op[1](arr)
        if isinstance(changed, np.generic):  # numpy ops on 0-D arrays return scalars
            changed = np.asarray(changed)
        labels.append(op[0])
        kinds.append(kind)
        expect = max(expect, op[2], key=STRICTNESS.index)
        mismatch |= kind == "shape"
        if kind == "layout":  # the last change: the plain array's result is the one to match
            equiv = plain(arr) if isinstance(changed, np.ndarray) else NOTHING
            if not isinstance(changed, np.ndarray):  # a list keeps the values, not the dtype
                expect = max(stage, listed(changed), key=STRICTNESS.index)
            arr_out: object = changed
            break
        if kind != "dtype":
            stage = max(stage, op[2], key=STRICTNESS.index)
        arr = changed  # type: ignore[assignment]
    else:
        arr_out = arr
        equiv = plain(arr)
    expect = poisoned(arr, expect)  # arr: the values before any layout change
    if not labels:
        return Bad("layout", "unchanged", v.copy(), "accept", v)
    kind = kinds[0] if len(kinds) == 1 else "stacked"
    return soften(Bad(kind, " + ".join(labels), arr_out, expect, equiv, mismatch), lenient)


class ArrayArgument:
    """The kind of an array argument in ``Call.kinds``: its catalogue, and its composites."""

    def __init__(self, *lenient: str) -> None:
        self.lenient = frozenset(lenient)

    def __call__(self, base: object, context: object) -> list[Bad]:
        return catalogue(np.asarray(base), self.lenient)

    def composites(self, base: object) -> st.SearchStrategy[Bad]:
        return composites(np.asarray(base), self.lenient)


ARRAY = ArrayArgument()
"""An array that refbp checks: NaN and +-Inf refused, float dtypes only the network's."""
