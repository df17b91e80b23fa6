"""The two fuzz assertions shared by the refbp and oracle argument tests.

``assert_catalogue`` tries every catalogued bad value of every argument of one callable and
fails listing each that went wrong; ``assert_stacked`` judges one hypothesis-drawn stack of
shape, value, dtype and layout changes on one array argument.
"""

from __future__ import annotations

from typing import Any

import pytest
from fuzz.array_kinds import ArrayArgument
from fuzz.baseline import context
from fuzz.harness import Call, argument, catalogue_failures, judge
from hypothesis import strategies as st

Contexts = dict[str, tuple[Any, str]]


def array_slots(calls: list[Call]) -> list[tuple[Call, str]]:
    """Every (callable, argument) whose argument is an array."""
    return [
        (call, arg) for call in calls for arg, kind in call.kinds.items() if isinstance(kind, ArrayArgument)
    ]


def call_id(value: object) -> str:
    """A test id: the callable's label."""
    return value.label if isinstance(value, Call) else str(value)


def assert_catalogue(call: Call, where: str, contexts: Contexts) -> None:
    failures = catalogue_failures(call, context(*contexts[where]))
    if failures:
        pytest.fail(f"{call.label} in {where}:\n" + "\n".join(failures), pytrace=False)


def assert_stacked(call: Call, arg: str, data: st.DataObject, contexts: Contexts) -> None:
    c = context(*contexts[data.draw(st.sampled_from(sorted(contexts)))])
    kind = call.kinds[arg]
    assert isinstance(kind, ArrayArgument)
    bad = data.draw(kind.composites(argument(call, c, arg)), label="bad")
    problem = judge(call, c, arg, bad)
    if problem is not None:
        pytest.fail(f"{call.label}({arg}={bad.label}): {problem}", pytrace=False)
