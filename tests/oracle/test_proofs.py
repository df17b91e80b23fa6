"""oracle.witnesses.proofs: sympy derives delta^(L) and says when it is y - d, and when it is not."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
import sympy as sp

import refbp
from oracle.witnesses import proofs
from oracle.witnesses.proofs import SUM_TO_ONE, prove_output_delta

y1, y2, d1, d2, d3 = sp.symbols("y_1 y_2 d_1 d_2 d_3", real=True)


def same(a: sp.Expr, b: sp.Expr) -> bool:
    return sp.simplify(sp.sympify(str(a)) - sp.sympify(str(b))) == 0  # compare by name, not assumptions


@pytest.mark.parametrize("units", [1, 3])
@pytest.mark.parametrize("task", ["regression", "binary", "multilabel", "poisson"])
def test_elementwise_canonical_pairs_reduce_for_any_number_of_units(task: str, units: int) -> None:
    proof = prove_output_delta(task, units=units)
    assert proof.reduces_to_y_minus_d
    assert proof.condition is None
    assert same(proof.delta, "y_1 - d_1")
    assert proof.extra == 0
    assert proof.factor == 1


@pytest.mark.parametrize("K", [2, 3, 4, 5])
def test_softmax_cross_entropy_needs_rows_summing_to_one(K: int) -> None:
    proof = prove_output_delta("softmax", "cross_entropy", units=K)
    assert proof.reduces_to_y_minus_d
    assert proof.condition == SUM_TO_ONE
    total = " + ".join(f"d_{k}" for k in range(1, K + 1))
    assert same(proof.delta, f"y_1*({total}) - d_1")
    assert same(proof.extra, f"y_1*({total} - 1)")
    assert proof.factor is None
    assert prove_output_delta("multiclass", units=K) is proof  # a task name; cached


def test_without_the_condition_softmax_cross_entropy_is_not_y_minus_d() -> None:
    proof = prove_output_delta("softmax", "cross_entropy", units=3, normalized=False)
    assert not proof.reduces_to_y_minus_d
    assert proof.condition is None
    assert same(proof.extra, "y_1*(d_1 + d_2 + d_3 - 1)")


@pytest.mark.parametrize(
    ("output", "factor"), [("sigmoid", "y_1*(1 - y_1)"), ("tanh", "1 - y_1**2"), ("exp", "y_1")]
)
def test_noncanonical_elementwise_pairs_keep_f_prime(output: str, factor: str) -> None:
    proof = prove_output_delta(output, "squared_error", units=2)
    assert not proof.reduces_to_y_minus_d
    assert proof.condition is None
    assert same(proof.factor, factor)  # the f'(z) of the chain rule, written in y
    assert same(proof.delta, f"(y_1 - d_1)*({factor})")


def test_softmax_squared_error_is_the_jacobian_product() -> None:
    proof = prove_output_delta("softmax", "squared_error", units=2)
    assert not proof.reduces_to_y_minus_d
    assert proof.factor is None
    y = [y1, 1 - y1]  # y_2 = 1 - y_1 on the simplex
    g = [y[0] - d1, y[1] - d2]
    want = y[0] * (g[0] - (g[0] * y[0] + g[1] * y[1]))
    assert same(proof.delta, want)


def test_to_dict_and_strings() -> None:
    proof = prove_output_delta("binary", units=2)
    doc = proof.to_dict()
    assert doc["delta"] == proof.expression == str(proof.delta)
    assert doc["reduces_to_y_minus_d"] is True
    assert doc["condition"] is None
    assert doc["factor"] == "1"
    assert proof.pair == "sigmoid+binary_cross_entropy"
    assert proof.seconds >= 0
    assert prove_output_delta("sigmoid", "squared_error", 2).to_dict()["factor"] is not None
    assert prove_output_delta("softmax", "squared_error", 2).to_dict()["factor"] is None


def test_the_tables_cover_refbps_outputs_and_losses() -> None:
    assert set(proofs.OUTPUT) == set(refbp.OUTPUTS)
    assert set(proofs.LOSS) == set(refbp.LOSSES)


def test_a_planted_wrong_error_is_caught(monkeypatch) -> None:
    # binary cross-entropy without its (1 - d) log(1 - y) term: no longer canonical
    monkeypatch.setitem(
        proofs.LOSS,
        "binary_cross_entropy",
        lambda y, d: -sum(t * sp.log(v) for v, t in zip(y, d, strict=False)),
    )
    proof = proofs._prove.__wrapped__("sigmoid", "binary_cross_entropy", 2, True)
    assert not proof.reduces_to_y_minus_d


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (("ranking",), {}, "no task"),
        (
            ("relu", "squared_error"),
            {},
            "output='relu' is not a known output activation; valid names: identity",
        ),
        (("identity", "hinge"), {}, "loss='hinge' is not a known loss; valid names: squared_error"),
        (("identity", "squared_error"), {"units": 0}, "units must be an integer >= 1"),
        (("softmax", "cross_entropy"), {"units": 1}, "softmax needs units >= 2"),
        (("multiclass",), {"units": 1}, "softmax needs units >= 2"),
    ],
)
def test_bad_arguments_are_refused(args, kwargs, message) -> None:
    with pytest.raises(ValueError, match=message):
        prove_output_delta(*args, **kwargs)


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((3,), {}, "output must be an output activation or a task name (a str), got int"),
        (
            (None, "squared_error"),
            {},
            "output must be an output activation or a task name (a str), got NoneType",
        ),
        (("identity", 3), {}, "loss must be a loss name (a str), got int"),
        (("identity", "squared_error"), {"units": True}, "units must be an integer >= 1, got True"),
        (("identity", "squared_error"), {"units": 2.0}, "units must be an integer >= 1, got 2.0"),
        (("identity", "squared_error"), {"units": "3"}, "units must be an integer >= 1, got '3'"),
        (("identity", "squared_error"), {"normalized": []}, "normalized must be True or False, got []"),
        (("identity", "squared_error"), {"normalized": 1}, "normalized must be True or False, got 1"),
        (("identity", "squared_error"), {"normalized": None}, "normalized must be True or False, got None"),
    ],
)
def test_arguments_of_the_wrong_type_are_type_errors_naming_them(args, kwargs, message) -> None:
    with pytest.raises(TypeError, match=f"^{re.escape(message)}$"):
        prove_output_delta(*args, **kwargs)


def test_numpy_integers_and_bools_are_accepted_as_python_ones() -> None:
    proof = prove_output_delta("softmax", "cross_entropy", np.int64(3), normalized=np.bool_(False))
    assert proof is prove_output_delta("softmax", "cross_entropy", 3, normalized=False)  # one cache entry
    assert type(proof.units) is int  # JSON-ready: to_dict feeds json.dump
    json.dumps(proof.to_dict())
