"""Verdicts on correct code: every witness must pass refbp on every output layer it accepts.

For every head of ``fuzz.heads.HEADS`` (every task and every (output, loss) pair that
refbp.MLP accepts), in float32 and float64, on every edge target of the head with both
reductions, random depths 1-3, widths 1-4 (one output unit included), batches of 1-5 and
logits far into saturation: ``oracle.check`` passes; ``oracle.check_backprop`` passes
refbp's own backprop; ``oracle.check_finite_differences`` passes;
``oracle.finite_difference`` returns finite values without raising; and
``oracle.compare_training`` (float64, 3 steps, small lr) passes. Any failure is a wrong
verdict on correct code, or a raw error.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import pytest
from fuzz.baseline import refbp_fn
from fuzz.harness import COUNTS, NO_SHRINK
from fuzz.heads import HEADS, Run, cases
from hypothesis import given, settings
from hypothesis import strategies as st

import oracle
import refbp

Witness = Callable[[Run], object]


def verdicts(head: str, data: st.DataObject, run: Witness, dtypes: tuple[type, ...]) -> None:
    """run(r) on every run of a drawn case of ``head`` per dtype, warnings as errors; fail listing every
    wrong verdict and raw error."""
    wrong = []
    for dtype in dtypes:
        case = data.draw(cases(head, dtype), label=np.dtype(dtype).name)
        for r in case.runs:
            COUNTS["verdict"] += 1
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("error")
                    out = run(r)
            except Exception as err:
                wrong.append(f"  {case.drawn}, {r.label}: raised {type(err).__name__}: {err}")
                continue
            first = getattr(getattr(out, "report", out), "first_failure", None)
            if first is not None:
                wrong.append(f"  {case.drawn}, {r.label}: FAILED correct code: {first.explain()}")
    if wrong:
        pytest.fail("\n".join(wrong), pytrace=False)


def _finite(r: Run) -> None:
    fd = oracle.finite_difference(r.net, r.x, r.d, r.reduction)
    for name, arrays in (("W", fd.W), ("b", fd.b)):
        for k, arr in enumerate(arrays):
            assert np.isfinite(arr).all(), f"{name}[{k}] is not finite: {arr}"
    assert np.isfinite(fd.loss), f"E = {fd.loss}"


def _training(r: Run) -> object:
    """3 steps with an lr small for this run: no parameter moves by more than 0.01 a step (at saturated
    logits a fixed lr would diverge, where two correct runs part by chaos, not by a bug)."""
    grads = refbp.backprop(r.net, r.x, r.d, r.reduction)
    largest = max(float(np.abs(g).max()) for g in (*grads.W, *grads.b))
    return oracle.compare_training(
        r.net, r.x, r.d, steps=3, lr=0.01 / max(1.0, largest), reduction=r.reduction
    )


BOTH = (np.float64, np.float32)
WITNESSES: dict[str, tuple[Witness, tuple[type, ...], int]] = {
    # autograd's float32 bound is the likeliest to wrong correct code: check gets two cases per example
    "check": (lambda r: oracle.check(r.net, r.x, r.d, r.reduction), BOTH, 2),
    "check_backprop": (
        lambda r: oracle.check_backprop(refbp_fn(r.net, r.reduction), r.net, r.x, r.d, r.reduction),
        BOTH,
        1,
    ),
    "check_finite_differences": (
        lambda r: oracle.check_finite_differences(r.net, r.x, r.d, r.reduction),
        BOTH,
        1,
    ),
    "finite_difference is finite": (_finite, BOTH, 1),
    "compare_training": (_training, (np.float64,), 1),  # it compares float64 trajectories only
}
"""Each witness, called on correct code: the dtypes it takes, and the cases drawn per dtype and example."""


@settings(max_examples=2, phases=NO_SHRINK)  # the simplest case (hypothesis's first) and a random one
@given(data=st.data())
@pytest.mark.parametrize("witness", sorted(WITNESSES))
@pytest.mark.parametrize("head", HEADS)
def test_every_witness_passes_correct_code(head: str, witness: str, data: st.DataObject) -> None:
    run, dtypes, draws = WITNESSES[witness]
    verdicts(head, data, run, dtypes * draws)
