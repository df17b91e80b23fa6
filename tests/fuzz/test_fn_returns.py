"""What an implementation under test returns, fuzzed: the oracle must say what is wrong with it.

For every fault of ``fuzz.faults.FAULTS`` (wrong lengths, shapes, NaN, Inf, complex, object,
10**400, 1e308, float32, None, raising) applied to refbp's own right answer, through
``oracle.check_backprop``, ``oracle.compare_training`` and the ``backprop_oracle`` fixture:
right answers in other forms pass; wrong ones fail, and a NaN, Inf, complex, object or
overflowing array fails with a row that names it. Never a warning, never an OverflowError.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from fuzz.baseline import refbp_fn
from fuzz.faults import FAULTS, BoomError, Fault
from fuzz.harness import COUNTS, NO_SHRINK, names
from fuzz.heads import HEADS, Case, cases
from hypothesis import given, settings
from hypothesis import strategies as st

import oracle
import refbp
from oracle.backprop.pytest_plugin import BackpropOracle


def faulty(fault: Fault, net: refbp.MLP, x: np.ndarray, d: np.ndarray, reduction: str) -> tuple[Any, str]:
    """refbp's right fn(weights, biases, x, d) with its answer changed by ``fault``, and the verdict due."""
    right = refbp_fn(net, reduction)
    answer = right(list(net.weights), list(net.biases), net.prepare_input(x), net.prepare_target(d, len(x)))
    return (lambda *args: fault.change(right(*args))), fault.due(answer)


def judged(fault: Fault, due: str, run: Callable[[], object]) -> str | None:
    """None when ``run`` (an oracle call on a faulty fn) reached the ``due`` verdict, else why not."""
    COUNTS["fn return"] += 1
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            out = run()
    except BoomError:
        return None if due == "raise" else "fn's own exception escaped"
    except (TypeError, ValueError) as err:
        if due == "fail" and names(str(err), "fn"):
            return None
        return f"raised {type(err).__name__}: {err}"
    except Exception as err:
        return f"raised {type(err).__name__}: {err}"
    report = getattr(out, "report", out)
    try:
        str(report)
        json.dumps(report.to_dict(), allow_nan=False)
    except Exception as err:
        return f"the verdict is unusable: {type(err).__name__}: {err}"
    if due in ("free", "raise"):
        return None if due == "free" else "fn raised, yet a verdict came back"
    if due == "pass":
        return None if report.passed else f"right gradients FAILED: {report.first_failure.explain()}"
    if report.passed:
        return "a wrong answer PASSED"
    said = report.first_failure.explain()
    if fault.words and not any(word in said.lower() for word in fault.words):
        return f"the failing row does not say what is wrong ({' or '.join(fault.words)}): {said}"
    return None


def every_fault(
    call: str,
    net: refbp.MLP,
    x: np.ndarray,
    d: np.ndarray,
    reduction: str,
    run: Callable[[Callable[..., object]], object],
    training: bool = False,
) -> list[str]:
    """run(fn) for fn returning each fault of FAULTS: one line per fault the oracle misjudged."""
    failures = []
    for fault in FAULTS:
        fn, due = faulty(fault, net, x, d, reduction)
        if training and fault.deltas_only and due != "raise":
            due = "free"  # training reads dW and db only
        problem = judged(fault, due, lambda fn=fn: run(fn))
        if problem is not None:
            failures.append(f"  {call}, fn returning {fault.label}: {' '.join(problem.split())}")
    return failures


def fail_on(failures: list[str]) -> None:
    if failures:
        pytest.fail("\n".join(failures), pytrace=False)


TASKS = [head for head in HEADS if head.startswith("task=")]
"""The canonical heads: the fn-return tests are about the oracle's verdict on fn, not about refbp."""


@settings(max_examples=3, phases=NO_SHRINK)
@given(
    case=st.sampled_from(TASKS).flatmap(lambda head: cases(head, np.float64, extreme=False)),
    reduction=st.sampled_from(("sum", "mean")),
)
def test_check_backprop_names_what_fn_got_wrong(case: Case, reduction: str) -> None:
    net, x, d = case.net, case.x, case.d
    run = lambda fn: oracle.check_backprop(fn, net, x, d, reduction)  # noqa: E731
    fail_on(every_fault(f"check_backprop on {case.drawn} {reduction}", net, x, d, reduction, run))


def test_check_backprop_in_float32_names_what_fn_got_wrong() -> None:
    net = refbp.MLP.init((3, 4, 2), hidden="tanh", task="binary", dtype=np.float32)
    x, d = np.linspace(-1, 1, 6, dtype=np.float32).reshape(2, 3), np.full((2, 2), 0.25, np.float32)
    run = lambda fn: oracle.check_backprop(fn, net, x, d)  # noqa: E731
    fail_on(every_fault("check_backprop (float32)", net, x, d, "sum", run))


def test_compare_training_names_what_fn_got_wrong() -> None:
    net = refbp.MLP.init((3, 4, 2), hidden="tanh", task="binary")  # a task: see test_verdicts.py for pairs
    x, d = np.linspace(-1, 1, 6).reshape(2, 3), np.array([[0.0, 1.0], [0.5, 0.25]])
    run = lambda fn: oracle.compare_training(net, x, d, steps=2, lr=0.01, fn=fn)  # noqa: E731
    fail_on(every_fault("compare_training", net, x, d, "mean", run, training=True))


def test_the_backprop_oracle_fixture_names_what_fn_got_wrong(backprop_oracle: BackpropOracle) -> None:
    net = refbp.MLP.init((2, 3, 3), hidden="relu", task="multiclass", seed=2)
    x, d = np.array([[0.5, -1.0], [2.0, 0.25]]), np.array([2, 0])
    report = lambda fn: backprop_oracle.report(fn, net, x, d)  # noqa: E731
    check = lambda fn: checked(backprop_oracle, fn, net, x, d)  # noqa: E731
    failures = every_fault("backprop_oracle.report", net, x, d, "sum", report)
    fail_on(failures + every_fault("backprop_oracle.check", net, x, d, "sum", check))


def checked(
    backprop_oracle: BackpropOracle, fn: Callable[..., object], net: refbp.MLP, x: object, d: object
) -> object:
    """backprop_oracle.check as a verdict: its AssertionError must carry the report's first failing row."""
    report = backprop_oracle.report(fn, net, x, d)  # type: ignore[arg-type]
    try:
        backprop_oracle.check(fn, net, x, d)  # type: ignore[arg-type]
    except AssertionError as err:
        message = str(err)
    else:
        message = ""
    first = report.first_failure
    said = "" if first is None else first.explain()
    assert message.startswith(said), f"backprop_oracle.check said {message!r}, its report {said!r}"
    assert bool(message) == bool(said), f"backprop_oracle.check said {message!r}, its report {said!r}"
    return report
