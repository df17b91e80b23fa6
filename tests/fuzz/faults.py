"""What an implementation under test may return: right answers in other forms, and wrong ones.

Contract: ``FAULTS`` lists ``Fault``s, each turning the right (delta, W, b) of a network
into what a faulty (or merely differently written) fn returns, with the verdict the
oracle must reach: "pass" (the same gradients in another form), "fail" (a wrong length,
shape or value: a failing row, or a TypeError/ValueError naming fn), "named" (fail, and
the first failing row must say what is wrong: one of ``words``), "free" (no raise and no
warning; either verdict), "raise" (fn's own exception propagates, its type kept, its
message followed by the shapes fn was given).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

Lists = tuple[list[Any], list[Any], list[Any]]


class BoomError(Exception):
    """What the raising fn raises: it must reach the caller unchanged."""


@dataclass(frozen=True)
class Fault:
    """A change of fn's right answer, and what the oracle must say of it."""

    label: str
    change: Callable[[Lists], object]
    verdict: str
    words: tuple[str, ...] = ()

    @property
    def deltas_only(self) -> bool:
        """True when only delta changes: training (which uses dW and db alone) may pass it."""
        return "delta" in self.label

    def due(self, right: Lists) -> str:
        """The verdict due on this network: "pass" where the change left the answer as it was
        (a 1 x 1 W transposed is itself)."""
        if self.verdict in ("fail", "named"):
            try:
                changed = self.change(right)
                same = (
                    isinstance(changed, tuple)
                    and len(changed) == 3
                    and all(
                        len(a) == len(b) and all(_same(u, v) for u, v in zip(a, b, strict=True))
                        for a, b in zip(changed, right, strict=True)
                    )
                )
            except Exception:  # a change that does not even apply to this answer is no answer
                same = False
            if same:
                return "pass"
        return self.verdict


def _same(u: object, v: object) -> bool:
    """The same array: values and dtype (a complex or object copy of the answer is another answer)."""
    a, b = np.asarray(u), np.asarray(v)
    return a.dtype == b.dtype and np.array_equal(a, b)


def _at(which: int, k: int, f: Callable[[np.ndarray], object]) -> Callable[[Lists], object]:
    """Change array k of list ``which`` (0 delta, 1 W, 2 b) with f."""

    def change(out: Lists) -> object:
        lists = [list(items) for items in out]
        lists[which][k] = f(np.asarray(lists[which][k]))
        return tuple(lists)

    return change


def _each(which: int, f: Callable[[np.ndarray], object]) -> Callable[[Lists], object]:
    def change(out: Lists) -> object:
        lists = [list(items) for items in out]
        lists[which] = [f(np.asarray(a)) for a in lists[which]]
        return tuple(lists)

    return change


def _set(value: object) -> Callable[[np.ndarray], np.ndarray]:
    def put(a: np.ndarray) -> np.ndarray:
        out = a.astype(np.result_type(a, np.asarray(value)))
        out.flat[0] = value
        return out

    return put


def _raise(out: Lists) -> object:
    raise BoomError("the implementation under test broke")


def _huge_list(a: np.ndarray) -> object:
    listed = a.tolist()
    first = listed
    while isinstance(first[0], list):
        first = first[0]
    first[0] = 10**400
    return listed


FAULTS: list[Fault] = [
    Fault("the right answer as a tuple", lambda out: out, "pass"),
    Fault("as lists", lambda out: tuple(list(items) for items in out), "pass"),
    Fault("as a dict", lambda out: dict(zip(("delta", "W", "b"), out, strict=True)), "pass"),
    Fault("as a dict with dW, db", lambda out: dict(zip(("delta", "dW", "db"), out, strict=True)), "pass"),
    Fault("as nested lists", lambda out: tuple([a.tolist() for a in items] for items in out), "pass"),
    Fault("W missing the last layer", lambda out: (out[0], out[1][:-1], out[2]), "fail"),
    Fault("b with one array too many", lambda out: (out[0], out[1], [*out[2], out[2][-1]]), "fail"),
    Fault("no arrays at all", lambda out: ([], [], []), "fail"),
    Fault("two lists, not three", lambda out: (out[0], out[1]), "fail"),
    Fault("None", lambda out: None, "fail"),
    Fault("a dict without b", lambda out: {"delta": out[0], "W": out[1]}, "fail"),
    Fault("a string for W", lambda out: (out[0], "W", out[2]), "fail"),
    Fault("None for W[0]", _at(1, 0, lambda a: None), "fail"),
    Fault("a string for b[0]", _at(2, 0, lambda a: "b"), "fail"),
    Fault("every W transposed", _each(1, lambda a: a.T), "fail", ("transposed",)),
    Fault("every delta transposed", _each(0, lambda a: a.T), "fail"),
    Fault("b as rows (1, n)", _each(2, lambda a: a[None]), "fail"),
    Fault("W[0] a 0-D zero", _at(1, 0, lambda a: np.float64(0.0)), "fail"),
    Fault("W[-1] with a row too many", _at(1, -1, lambda a: np.concatenate([a, a[:1]])), "fail"),
    Fault("NaN in W[0]", _at(1, 0, _set(np.nan)), "named", ("nan",)),
    Fault("+Inf in b[-1]", _at(2, -1, _set(np.inf)), "named", ("inf",)),
    Fault("-Inf in delta[0]", _at(0, 0, _set(-np.inf)), "named", ("inf",)),
    Fault("NaN everywhere in delta[-1]", _each(0, lambda a: np.full_like(a, np.nan)), "named", ("nan",)),
    # float64 arrays even for a float32 net: full_like would overflow (and warn) inside fn itself
    Fault("1e308 in W[0]", _at(1, 0, lambda a: np.full(a.shape, 1e308)), "fail"),
    Fault("-1e308 in b[0]", _at(2, 0, lambda a: np.full(a.shape, -1e308)), "fail"),
    Fault("10**400 in W[0]", _at(1, 0, _huge_list), "named", ("overflow", "too large", "10**400", "inf")),
    Fault(
        'longdouble("1e4000") in W[0]',
        _at(1, 0, lambda a: np.full(a.shape, np.longdouble("1e4000"))),
        "named",
        ("overflow", "too large", "inf"),
    ),
    Fault("W complex, imaginary part 0", _each(1, lambda a: a.astype(np.complex128)), "named", ("complex",)),
    Fault("b complex, imaginary part 1", _each(2, lambda a: a + 1j), "named", ("complex",)),
    Fault("delta as object arrays", _each(0, lambda a: a.astype(object)), "named", ("object",)),
    Fault(
        "an object array holding None",
        _at(1, 0, lambda a: np.full(a.shape, None, dtype=object)),
        "named",
        ("object", "none", "numbers"),
    ),
    Fault("W as bool", _each(1, lambda a: a > 0), "fail"),
    Fault(
        "float32 arrays",
        lambda out: tuple([np.asarray(a, np.float32) for a in items] for items in out),
        "free",
    ),
    Fault("fn raises", _raise, "raise"),
]
"""What fn may return (or do), with the oracle's due verdict."""
