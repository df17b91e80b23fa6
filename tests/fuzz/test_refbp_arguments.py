"""Bad and odd input for every argument of every public refbp callable (see fuzz/harness.py).

The catalogue test tries every listed bad value of every argument of one callable and
lists every one that went wrong; the stacked test lets hypothesis stack shape, value,
dtype and layout changes on one array argument. Nothing here imports torch.
"""

from __future__ import annotations

import numpy as np
import pytest
from fuzz.array_kinds import ArrayArgument
from fuzz.baseline import context
from fuzz.calls_refbp import CALLS
from fuzz.harness import NO_SHRINK, Call, argument, catalogue_failures, judge
from hypothesis import given, settings
from hypothesis import strategies as st

CONTEXTS = {"float64 binary": (np.float64, "binary"), "float32 multiclass": (np.float32, "multiclass")}
ARRAY_SLOTS = [
    (call, arg) for call in CALLS for arg, kind in call.kinds.items() if isinstance(kind, ArrayArgument)
]


def _id(value: object) -> str:
    return value.label if isinstance(value, Call) else str(value)


@pytest.mark.parametrize("where", sorted(CONTEXTS))
@pytest.mark.parametrize("call", CALLS, ids=_id)
def test_every_catalogued_bad_value_is_refused_by_name_or_handled(call: Call, where: str) -> None:
    failures = catalogue_failures(call, context(*CONTEXTS[where]))
    if failures:
        pytest.fail(f"{call.label} in {where}:\n" + "\n".join(failures), pytrace=False)


@settings(max_examples=10, phases=NO_SHRINK)
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
