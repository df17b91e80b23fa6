"""Bad and odd input for every argument of every public oracle callable (see fuzz/harness.py).

As tests/fuzz/test_refbp_arguments.py, for oracle and the ``backprop_oracle`` fixture's
report and check: the catalogue test tries every listed bad value of every argument of
one callable; the stacked test stacks changes on one array argument.
"""

from __future__ import annotations

import numpy as np
import pytest
from fuzz.array_kinds import ArrayArgument
from fuzz.baseline import context
from fuzz.calls_oracle import CALLS
from fuzz.harness import NO_SHRINK, Call, argument, catalogue_failures, judge
from hypothesis import given, settings
from hypothesis import strategies as st

CONTEXTS = {"float64 multiclass": (np.float64, "multiclass"), "float32 binary": (np.float32, "binary")}
FLOAT32 = ("check", "check_backprop", "compare")
"""The calls whose float32 path differs (the derived bound); the rest run in float64 only, for time."""
ARRAY_SLOTS = [
    (call, arg) for call in CALLS for arg, kind in call.kinds.items() if isinstance(kind, ArrayArgument)
]


def _id(value: object) -> str:
    return value.label if isinstance(value, Call) else str(value)


@pytest.mark.parametrize(
    ("call", "where"),
    [(call, where) for call in CALLS for where in CONTEXTS if call.label in FLOAT32 or "64" in where],
    ids=_id,
)
def test_every_catalogued_bad_value_is_refused_by_name_or_handled(call: Call, where: str) -> None:
    failures = catalogue_failures(call, context(*CONTEXTS[where]))
    if failures:
        pytest.fail(f"{call.label} in {where}:\n" + "\n".join(failures), pytrace=False)


@settings(max_examples=5, phases=NO_SHRINK)
@given(data=st.data())
@pytest.mark.parametrize(("call", "arg"), ARRAY_SLOTS, ids=_id)
def test_stacked_changes_of_an_array_are_refused_by_name_or_handled(
    call: Call, arg: str, data: st.DataObject
) -> None:
    c = context(*CONTEXTS[data.draw(st.sampled_from(sorted(CONTEXTS)))])
    kind = call.kinds[arg]
    assert isinstance(kind, ArrayArgument)
    bad = data.draw(kind.composites(argument(call, c, arg)), label="bad")
    problem = judge(call, c, arg, bad)
    if problem is not None:
        pytest.fail(f"{call.label}({arg}={bad.label}): {problem}", pytrace=False)
