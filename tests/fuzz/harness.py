"""The fuzz property, stated once: a public call refuses a bad argument by name, or gets it right.

Contract: ``judge(call, context, argument, bad)`` calls ``call`` with its valid baseline
arguments, ``argument`` replaced by ``bad.value``, warnings raised as errors, and returns
None when the call behaved, else one line saying how it did not:

- it raised TypeError or ValueError: the message must name the argument (as a word; a
  mismatch of two arguments may name the other one), and ``bad.expect`` must allow it;
- it returned: ``bad.expect`` must allow it, every number in the result must be finite,
  its ``str`` and ``to_dict`` must work, every verdict in it must pass (the code under
  test is correct), and it must equal the same call with ``bad.equiv`` (a plain copy);
- anything else it raised (KeyError, IndexError, OverflowError, a warning, ...) fails;
- in every case no argument may have changed.

``Bad.expect``: "refuse" (must raise), "reject" (raise, or return a failing verdict),
"either" (raise, or return the right result), "accept" (must return the right result).
This module imports neither torch nor oracle, so the refbp fuzz tests run without torch.
"""

from __future__ import annotations

import hashlib
import inspect
import re
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from fuzz.results import differs, flaws, leaves
from hypothesis import Phase

import refbp

COUNTS: Counter[str] = Counter()
"""Inputs judged in this session, by kind of bad value (printed by tests/fuzz/conftest.py)."""

NOTHING = object()
"""``Bad.equiv`` when there is no plain value to compare an accepted call with."""

NO_SHRINK = [Phase.explicit, Phase.generate]
"""Hypothesis phases for the fuzz tests: every failing input is labelled (a Bad's label, a Case's
draw), and shrinking the failures would cost many seconds of the suite's 30."""

EXPECTS = ("refuse", "reject", "either", "accept")
"""refuse: raise; reject: raise or fail the verdict; either: raise or be right; accept: be right."""


@dataclass(frozen=True)
class Bad:
    """One value to put in place of an argument, and what the call may do with it."""

    kind: str
    label: str
    value: object
    expect: str
    equiv: object = NOTHING
    mismatch: bool = False
    """True when the value only disagrees with another argument, which the message may name instead."""

    def __post_init__(self) -> None:
        assert self.expect in EXPECTS, self.expect

    def __repr__(self) -> str:
        return f"Bad({self.kind}: {self.label}, {self.expect})"

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:  # hypothesis prints draws with this
        p.text(repr(self))


@dataclass(frozen=True)
class Context:
    """A valid network, input and target: the baseline that each bad value is put into."""

    net: refbp.MLP
    x: np.ndarray
    d: np.ndarray

    @property
    def dtype(self) -> np.dtype[Any]:
        return self.net.dtype


@dataclass(frozen=True)
class Call:
    """A public callable with its valid baseline arguments and the kind of bad values for each."""

    label: str
    target: Callable[[Context], Callable[..., object]]
    baseline: Callable[[Context], dict[str, object]]
    kinds: dict[str, Callable[[Any, Context], list[Bad]]]
    """Each fuzzed argument ('weights[0]': one element of a list) with the maker of its bad values."""
    verdict: bool = True
    """The result's verdicts must pass (False for ``compare``, whose verdict is its input's)."""

    def __repr__(self) -> str:
        return f"Call({self.label})"

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:  # hypothesis prints arguments with this
        p.text(repr(self))

    def run(self, context: Context, kwargs: dict[str, object]) -> object:
        target = self.target(context)
        bound = inspect.signature(target).bind(**kwargs)  # positional where the signature allows
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return target(*bound.args, **bound.kwargs)


def place(kwargs: dict[str, object], argument: str, value: object) -> dict[str, object]:
    """kwargs with ``argument`` (a name, or 'name[k]' for one element of a list) set to value."""
    out = dict(kwargs)
    m = re.fullmatch(r"(\w+)\[(-?\d+)\]", argument)
    if m is None:
        out[argument] = value
    else:
        items = list(out[m[1]])  # type: ignore[call-overload]
        items[int(m[2])] = value
        out[m[1]] = items
    return out


def digest(value: object) -> str:
    """A hash of every array reachable through lists, tuples, dicts and a Forward's z and a."""
    h = hashlib.sha256()
    if isinstance(value, np.ndarray):
        h.update(repr((value.dtype.str, value.shape)).encode())
        h.update(np.ascontiguousarray(value).tobytes() if value.dtype.kind != "O" else repr(value).encode())
    elif isinstance(value, (list, tuple)):
        for item in value:
            h.update(digest(item).encode())
    elif isinstance(value, dict):
        for key, item in value.items():
            h.update(f"{key!r}:{digest(item)}".encode())
    elif isinstance(value, refbp.Forward):
        h.update(digest((value.z, value.a)).encode())
    return h.hexdigest()


def names(message: str, argument: str) -> bool:
    """True when ``message`` names ``argument`` as a word ('weights[0]' counts for 'weights')."""
    return re.search(rf"(?<!\w){re.escape(argument)}(?!\w)", message) is not None


def judge(call: Call, context: Context, argument: str, bad: Bad) -> str | None:
    """None when ``call`` with ``argument`` = ``bad.value`` behaved (see the module doc), else why not."""
    COUNTS[bad.kind] += 1
    kwargs = place(call.baseline(context), argument, bad.value)
    before = digest(kwargs)
    try:
        out = call.run(context, kwargs)
    except (TypeError, ValueError) as err:
        message = f"{type(err).__name__}: {err}"
        others = [name.partition("[")[0] for name in call.kinds] if bad.mismatch else []
        allowed = tuple(dict.fromkeys([argument.partition("[")[0], *others]))
        if bad.expect == "accept":
            problem: str | None = f"refused a valid value: {message}"
        elif not any(names(str(err), name) for name in allowed):
            problem = f"the message does not name {' or '.join(allowed)}: {message}"
        else:
            problem = None
    except Exception as err:
        problem = f"raised {type(err).__name__}: {err}"
    else:
        problem = _returned(call, context, argument, bad, out)
    if problem is None and digest(kwargs) != before:
        problem = "it wrote to an argument"
    return problem


def _returned(call: Call, context: Context, argument: str, bad: Bad, out: object) -> str | None:
    if bad.expect == "refuse":
        usable = flaws(out, verdict=False)
        return f"accepted it and returned a {type(out).__name__}" + (f"; {usable}" if usable else "")
    if bad.expect == "reject":
        try:
            dict(leaves(out))
        except Exception as err:
            return f"the result is unusable: {type(err).__name__}: {err}"
        return None if getattr(out, "passed", True) is False else "accepted it, and its verdict passed"
    problem = flaws(out, call.verdict)
    if problem is not None or bad.equiv is NOTHING:
        return problem
    try:
        ref = call.run(context, place(call.baseline(context), argument, bad.equiv))
    except Exception as err:  # the plain value was refused or broke: the odd one must not pass
        return f"was accepted, but the plain value raised {type(err).__name__}: {err}"
    return differs(out, ref)


def argument(call: Call, context: Context, name: str) -> object:
    """The baseline value of argument ``name`` ('weights[0]': one element of the list)."""
    value = call.baseline(context)[name.partition("[")[0]]
    return value[int(name[name.index("[") + 1 : -1])] if "[" in name else value  # type: ignore[index]


def catalogue_failures(call: Call, context: Context) -> list[str]:
    """Every catalogued bad value of every argument of ``call``, judged: one line per misbehaviour."""
    failures = []
    for name, kind in call.kinds.items():
        for bad in kind(argument(call, context, name), context):
            problem = judge(call, context, name, bad)
            if problem is not None:
                failures.append(f"  {name}= {bad.kind}: {bad.label}: {' '.join(problem.split())}")
    return failures
