"""Bad and odd input for every argument of every public oracle callable (see fuzz/harness.py).

As tests/fuzz/test_refbp_arguments.py, for oracle and the ``backprop_oracle`` fixture's
report and check: the catalogue test tries every listed bad value of every argument of
one callable; the stacked test stacks changes on one array argument.
"""

from __future__ import annotations

import numpy as np
import pytest
from fuzz.assertions import array_slots, assert_catalogue, assert_stacked, call_id
from fuzz.calls_oracle import CALLS
from fuzz.harness import NO_SHRINK, Call
from hypothesis import given, settings
from hypothesis import strategies as st

CONTEXTS = {"float64 multiclass": (np.float64, "multiclass"), "float32 binary": (np.float32, "binary")}
FLOAT32 = ("check", "check_backprop", "compare")
"""The calls whose float32 path differs (the derived bound); the rest run in float64 only, for time."""
ARRAY_SLOTS = array_slots(CALLS)


@pytest.mark.parametrize(
    ("call", "where"),
    [(call, where) for call in CALLS for where in CONTEXTS if call.label in FLOAT32 or "64" in where],
    ids=call_id,
)
def test_every_catalogued_bad_value_is_refused_by_name_or_handled(call: Call, where: str) -> None:
    assert_catalogue(call, where, CONTEXTS)


@settings(max_examples=5, phases=NO_SHRINK)
@given(data=st.data())
@pytest.mark.parametrize(("call", "arg"), ARRAY_SLOTS, ids=call_id)
def test_stacked_changes_of_an_array_are_refused_by_name_or_handled(
    call: Call, arg: str, data: st.DataObject
) -> None:
    assert_stacked(call, arg, data, CONTEXTS)
