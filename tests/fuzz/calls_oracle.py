"""Every public callable of oracle with valid baseline arguments and the kind of each argument.

Contract: ``CALLS`` lists a ``Call`` per public function (check, assert_matches, reference,
check_backprop, assert_backprop, compare_training, finite_difference,
check_finite_differences, prove_output_delta, compare, tolerance_for, datasets.load) and
the ``backprop_oracle`` fixture's report and check. The implementation under test in the
baselines is refbp's own backprop (``fuzz.baseline.refbp_fn``): correct code, so every
verdict of a valid call must pass. Imports torch (through oracle).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import torch
from fuzz import scalars
from fuzz.array_kinds import ARRAY, ArrayArgument
from fuzz.baseline import context, refbp_fn
from fuzz.calls_refbp import TARGET, name, optional_name
from fuzz.harness import Bad, Call, Context

import oracle
from oracle.backprop.pytest_plugin import BackpropOracle
from oracle.verdict.tolerance import Tolerance
from oracle.witnesses.finite_difference import EPS

COMPARED = ArrayArgument("verdict", "any float")
"""compare's arrays: a float32 array is valid, and a failing row a valid answer to a bad one (NaN)."""


def radii(base: object, c: Context) -> list[Bad]:
    """compare's radius: optional (None), and a plain number broadcasts like an array of it."""
    numbers = (int, float, np.number)
    out = [b for b in COMPARED(base, c) if b.value is not None]
    out = [
        dataclasses.replace(b, expect="either") if isinstance(b.value, numbers) and b.value is not True
        else b
        for b in out
    ]  # fmt: skip
    return [Bad("type", "None (no radius)", None, "either"), *out]


def text(base: str, c: Context) -> list[Bad]:
    return scalars.text(base)


def tolerances(base: object, c: Context) -> list[Bad]:
    # a Tolerance with a NaN, negative, infinite or non-number field cannot be built at all
    # (tests/oracle/test_tolerance_override.py), so compare only sees what is not one
    refused: list[object] = [None, 1e-9, "1e-9", {"rtol": 1e-9, "atol": 0.0}, object()]
    out = [Bad("value", repr(t), t, "refuse") for t in refused]
    return [*out, Bad("value", "exactly zero", Tolerance(0.0, 0.0), "either")]


def float64(c: Context) -> Context:
    """The float64 context of the same task: compare_training takes float64 only, and a float32 net
    fails check_finite_differences on correct code (a defect that test_verdicts.py shows)."""
    return context(np.float64, c.net.task or "binary")


def _xd(c: Context, reduction: str = "sum") -> dict[str, object]:
    return {"net": c.net, "x": c.x.copy(), "d": c.d.copy(), "reduction": reduction}


def _fn_xd(c: Context) -> dict[str, object]:
    return {"fn": refbp_fn(c.net), **_xd(c)}


def _compare(c: Context) -> dict[str, object]:
    z = c.net.forward(c.x).z[0]
    radius = np.full(z.shape, 1e-6)
    tol = oracle.tolerance_for(c.dtype)
    return {"layer": 1, "quantity": "z", "actual": z, "expected": z.astype(np.float64), "tol": tol,
            "radius": radius, "witness": "autograd"}  # fmt: skip


NET_X_D: dict[str, Any] = {
    "net": lambda base, c: scalars.network(c), "x": ARRAY, "d": TARGET, "reduction": name,
}  # fmt: skip
FN_NET_X_D: dict[str, Any] = {"fn": lambda base, c: scalars.function(refbp_fn(c.net)), **NET_X_D}
TRAINING: dict[str, Any] = {
    "net": lambda base, c: scalars.network(float64(c), float64_only=True), "x": ARRAY, "d": TARGET,
    "reduction": name, "steps": lambda base, c: scalars.integer(base, 1),
    "lr": lambda base, c: scalars.real(base),
    "fn": lambda base, c: scalars.function(refbp_fn(float64(c).net, "mean"), optional=True), "case": text,
}  # fmt: skip
PROOF: dict[str, Any] = {
    "output": name, "loss": optional_name, "units": lambda base, c: scalars.integer(base, 1),
    "normalized": lambda base, c: scalars.flag(),
}  # fmt: skip
COMPARE: dict[str, Any] = {
    "layer": lambda base, c: [  # None is a valid layer: a row of the whole network
        dataclasses.replace(b, expect="either") if b.value is None else b for b in scalars.integer(base, 1)
    ], "quantity": text, "actual": COMPARED,
    "expected": COMPARED, "tol": tolerances, "radius": radii, "witness": text,
}  # fmt: skip

CALLS: list[Call] = [
    Call("check", lambda c: oracle.check, lambda c: {**_xd(c), "case": "c"}, {**NET_X_D, "case": text}),
    Call("assert_matches", lambda c: oracle.assert_matches, _xd, NET_X_D),
    Call("reference", lambda c: oracle.reference, lambda c: _xd(c, "mean"), NET_X_D),
    Call("check_backprop", lambda c: oracle.check_backprop, lambda c: {**_fn_xd(c), "case": "c"},
         {**FN_NET_X_D, "case": text}),
    Call("assert_backprop", lambda c: oracle.assert_backprop, _fn_xd, FN_NET_X_D),
    Call("backprop_oracle.report", lambda c: BackpropOracle().report, _fn_xd, FN_NET_X_D),
    Call("backprop_oracle.check", lambda c: BackpropOracle().check, _fn_xd, FN_NET_X_D),
    Call("compare_training", lambda c: oracle.compare_training,
         lambda c: {**_xd(float64(c), "mean"), "steps": 2, "lr": 0.01, "fn": None, "case": "c"}, TRAINING),
    Call("finite_difference", lambda c: oracle.finite_difference, lambda c: {**_xd(c), "eps": EPS},
         {**NET_X_D, "eps": lambda base, c: scalars.real(base, upper=1.0)}),
    Call("check_finite_differences", lambda c: oracle.check_finite_differences,
         lambda c: {**_xd(float64(c)), "case": "c"},
         {**NET_X_D, "net": lambda base, c: scalars.network(float64(c)), "case": text}),
    Call("prove_output_delta", lambda c: oracle.prove_output_delta,
         lambda c: {"output": "sigmoid", "loss": "squared_error", "units": 2, "normalized": True}, PROOF),
    Call("compare", lambda c: oracle.compare, _compare, COMPARE, verdict=False),
    Call("tolerance_for", lambda c: oracle.tolerance_for, lambda c: {"dtype": c.dtype},
         {"dtype": lambda base, c: scalars.dtype(base, extra=(torch.float64, "float64 "))}),
    Call("datasets.load", lambda c: oracle.datasets.load, lambda c: {"name": "iris"}, {"name": name}),
]  # fmt: skip
