"""Each return form check_backprop takes is recognised, and the report says what it read."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from convention_fns import off, problem, written

import oracle
import refbp
from oracle.verdict.compare import NOT_GIVEN


@dataclasses.dataclass
class Grads:
    dW: list  # noqa: N815 (the name a user would pick)
    db: list
    loss: float


def numbered(q, names=("W", "b")):
    """One key per layer, W1, b1, ...; a0 = x first for the activations, as refbp keeps them."""
    return {f"{name}{k + (name != 'a')}": v for name in names for k, v in enumerate(q[name])}


CS231N = "a CS231n-style dict W1, W2, b1, b2"
EVERY = "delta1, delta2, W1, W2, b1, b2, z1, z2, a0, ..., a2"
FORMS = [
    (lambda q: (q["delta"], q["W"], q["b"]), {}, "a tuple (delta, W, b) (out_in)"),
    (lambda q: [q["W"], q["b"]], {}, "a list (W, b) without deltas (out_in)"),
    (lambda q: (q["b"], q["W"]), {"layout": "in_out"}, "Nielsen's (nabla_b, nabla_w) (in_out)"),
    (lambda q: {"delta": q["delta"], "dW": q["W"], "db": q["b"]}, {}, "a dict delta, dW, db (out_in)"),
    (lambda q: numbered(q), {"layout": "in_out"}, f"{CS231N} (in_out)"),
    (lambda q: (q["E"], numbered(q)), {"layout": "in_out"}, f"(loss, grads), grads {CS231N} (in_out)"),
    (lambda q: {"E": q["E"], **numbered(q)}, {}, f"{CS231N}, E (out_in)"),
    (lambda q: Grads(q["W"], q["b"], q["E"]), {}, "a Grads with attributes dW, db, loss (out_in)"),
    (
        lambda q: refbp.Gradients(q["delta"], q["W"], q["b"]),
        {},
        "a Gradients with attributes delta, W, b (out_in)",
    ),
    (
        lambda q: {k: q[k] for k in ("delta", "W", "b", "z", "a", "E")},
        {},
        "a dict delta, W, b, z, a, E (out_in)",
    ),
    (lambda q: numbered(q, ("W", "b", "delta", "z", "a")), {}, f"a CS231n-style dict {EVERY} (out_in)"),
]


@pytest.mark.parametrize(("form", "conv", "recognised"), FORMS, ids=[f[2] for f in FORMS])
@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_every_form_is_recognised_and_judged(form, conv, recognised, reduction):
    net, x, d = problem("task=multiclass", np.float64)
    report = oracle.check_backprop(written(net, reduction, form=form, **conv), net, x, d, reduction, **conv)
    assert report.passed, report
    assert report.recognised == recognised
    assert str(report).splitlines()[0] == f"fn returned {recognised}"
    assert report.to_dict()["recognised"] == recognised
    buggy = written(net, reduction, form=form, plant=off("W", 0), **conv)
    assert oracle.check_backprop(buggy, net, x, d, reduction, **conv).first_failure.where == "layer 1 W"


def test_without_deltas_the_delta_rows_pass_saying_not_given():
    net, x, d = problem("task=regression", np.float64)
    report = oracle.check_backprop(written(net, form=lambda q: (q["W"], q["b"])), net, x, d)
    deltas = [row for row in report.rows if row.quantity == "delta"]
    assert [(row.layer, row.passed, row.note) for row in deltas] == [
        (2, True, NOT_GIVEN),
        (1, True, NOT_GIVEN),
    ]
    assert deltas[0].explain() == "layer 2 delta: not given"
    assert deltas[0].to_dict()["max_abs"] is None  # nothing measured
    assert report.passed


def test_a_numbered_list_missing_a_layer_is_a_failing_row():
    net, x, d = problem("task=regression", np.float64)
    report = oracle.check_backprop(
        written(net, form=lambda q: {"W1": q["W"][0], "b1": 0, "b2": 0}), net, x, d
    )
    assert report.first_failure.explain().startswith(
        "returned: fn returned a dict with W1 but without W2 (one per layer, 1..2)"
    )


def test_loss_with_grads_that_are_no_form_says_so():
    net, x, d = problem("task=regression", np.float64)
    report = oracle.check_backprop(written(net, form=lambda q: (q["E"], {"W": q["W"]})), net, x, d)
    assert report.first_failure.explain().startswith(
        "returned: fn returned (loss, grads), and grads: a dict without 'b'"
    )


def test_per_example_forms_must_agree():
    net, x, d = problem("task=regression", np.float64)
    calls = []

    def form(q):
        calls.append(1)
        return (q["W"], q["b"]) if len(calls) == 1 else (q["delta"], q["W"], q["b"])

    report = oracle.check_backprop(written(net, per_example=True, form=form), net, x, d, per_example=True)
    assert report.first_failure.explain() == (
        "returned: example 1 of 5: fn returned a tuple (delta, W, b), "
        "on example 0 a tuple (W, b) without deltas"
    )


def test_per_example_structure_names_the_example():
    net, x, d = problem("task=regression", np.float64)
    report = oracle.check_backprop(
        written(net, per_example=True, form=lambda q: (q["W"][:1], q["b"])), net, x, d, per_example=True
    )
    assert report.first_failure.explain().startswith("W: example 0 of 5: fn returned 1 arrays, expected 2")
    assert report.recognised == "a tuple (W, b) without deltas (out_in, per example)"


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (
            lambda q: q["W"].__setitem__(1, "W"),
            "layer 2 W: has dtype <U1",
        ),  # the first one that is not numbers
        (lambda q: q["b"].__setitem__(1, np.zeros((2, 2))), "layer 2 b: has shape (2, 2), expected (2,)"),
        (
            lambda q: q["delta"].__setitem__(1, [[1.0], [1.0, 2.0]]),
            "layer 2 delta: is not an array of numbers",
        ),
    ],
)
def test_per_example_arrays_that_cannot_be_summed_are_named(change, said):
    net, x, d = problem("task=regression", np.float64)

    def plant(q):
        q["W"], q["b"], q["delta"] = list(q["W"]), list(q["b"]), list(q["delta"])
        change(q)

    fn = written(net, per_example=True, plant=plant)
    assert oracle.check_backprop(fn, net, x, d, per_example=True).first_failure.explain().startswith(said)


def test_an_in_out_shape_note_speaks_the_in_out_layout():
    net, x, d = problem("task=regression", np.float64)
    fn = written(net, layout="in_out", plant=lambda q: q.update(W=[q["W"][0], q["W"][1].T]))
    assert oracle.check_backprop(fn, net, x, d, layout="in_out").first_failure.explain() == (
        "layer 2 W: has shape (2, 4), expected (4, 2) (is it transposed?) in the in_out layout (n_{l-1}, n_l)"
        "\nDiagnosis: dE/dW^(2) equals autograd's transposed; layout='in_out' takes (n_{l-1}, n_l), "
        "a_prev.T @ delta: return it transposed"
    )
    flat = written(net, layout="in_out", plant=lambda q: q.update(W=[q["W"][0], q["W"][1].ravel()]))
    assert (
        oracle.check_backprop(flat, net, x, d, layout="in_out")
        .first_failure.explain()
        .startswith("layer 2 W: has shape (8,), expected (4, 2)")
    )


@pytest.mark.parametrize(
    ("form", "where"),
    [
        (lambda q: ("W", q["b"]), "W"),  # neither list of L vectors: read as (W, b)
        (lambda q: ([[[1.0], [1.0, 2.0]], [0.0, 0.0]], q["b"]), "W"),  # ragged: no shape to read
    ],
)
def test_two_values_that_are_not_biases_are_read_as_w_b(form, where):
    net, x, d = problem("task=regression", np.float64)
    report = oracle.check_backprop(written(net, form=form), net, x, d)
    assert report.recognised == "a tuple (W, b) without deltas (out_in)"
    assert report.first_failure.where.endswith(where)


def test_numbered_activations_may_leave_out_a0():
    net, x, d = problem("task=regression", np.float64)
    fn = written(net, form=lambda q: {**numbered(q), "a1": q["a"][1], "a2": q["a"][2]})
    report = oracle.check_backprop(fn, net, x, d)
    assert report.passed, report
    assert report.recognised == f"{CS231N}, a1, a2 (out_in)"


def test_an_in_out_gradient_that_is_no_array_is_named_as_it_came():
    net, x, d = problem("task=regression", np.float64)
    fn = written(net, layout="in_out", plant=lambda q: q.update(W=[q["W"][0], [[1.0, np.nan]] * 4]))
    first = oracle.check_backprop(fn, net, x, d, layout="in_out").first_failure
    assert first.explain().startswith(
        "layer 2 W: has 4 element(s) NaN or +-Inf, the first at index (0, 1)\n"
        "Diagnosis: layer 2 W holds NaN at index (0, 1) (the first of 4): "
    )


def test_a_per_example_nan_is_named_at_its_example():
    """A NaN in example 2's delta is row 2 of the batch's: the index names the example."""
    net, x, d = problem("task=regression", np.float64)
    calls = []

    def plant(q):
        calls.append(1)
        if len(calls) == 3:
            q["delta"] = [q["delta"][0], q["delta"][1] * np.nan]

    first = oracle.check_backprop(written(net, per_example=True, plant=plant), net, x, d, per_example=True)
    assert first.first_failure.explain().startswith(
        "layer 2 delta: has 2 element(s) NaN or +-Inf, the first at index (2, 0)\n"
        "Diagnosis: layer 2 delta holds NaN at index (2, 0) where autograd has "
    )


def test_per_example_float32_stays_float32(monkeypatch):
    """The sums are taken in the dtype fn returned: a float32 answer reaches the diagnosis as float32."""
    import oracle.backprop.protocol as protocol

    net, x, d = problem("task=regression", np.float32)
    seen = []
    right = protocol.diagnose
    monkeypatch.setattr(
        protocol, "diagnose", lambda rows, given, *a: seen.append(given) or right(rows, given, *a)
    )
    for reduction in ("sum", "mean"):
        assert oracle.check_backprop(
            written(net, reduction, per_example=True), net, x, d, reduction, per_example=True
        ).passed
    assert {v.dtype for given in seen for v in (*given.W, *given.b, *given.delta)} == {np.dtype(np.float32)}
