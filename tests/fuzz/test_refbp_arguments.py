"""Bad and odd input for every argument of every public refbp callable (see fuzz/harness.py).

The catalogue test tries every listed bad value of every argument of one callable and
lists every one that went wrong; the stacked test lets hypothesis stack shape, value,
dtype and layout changes on one array argument. Nothing here imports torch.
"""

from __future__ import annotations

import numpy as np
import pytest
from fuzz.assertions import array_slots, assert_catalogue, assert_stacked, call_id
from fuzz.calls_refbp import CALLS
from fuzz.harness import NO_SHRINK, Call
from hypothesis import given, settings
from hypothesis import strategies as st

CONTEXTS = {"float64 binary": (np.float64, "binary"), "float32 multiclass": (np.float32, "multiclass")}
ARRAY_SLOTS = array_slots(CALLS)


@pytest.mark.parametrize("where", sorted(CONTEXTS))
@pytest.mark.parametrize("call", CALLS, ids=call_id)
def test_every_catalogued_bad_value_is_refused_by_name_or_handled(call: Call, where: str) -> None:
    assert_catalogue(call, where, CONTEXTS)


@settings(max_examples=10, phases=NO_SHRINK)
@given(data=st.data())
@pytest.mark.parametrize(("call", "arg"), ARRAY_SLOTS, ids=call_id)
def test_stacked_changes_of_an_array_are_refused_by_name_or_handled(
    call: Call, arg: str, data: st.DataObject
) -> None:
    assert_stacked(call, arg, data, CONTEXTS)
