"""Correct code passes, with no diagnosis, in every convention check_backprop takes: each layout,
whole batch or per example, labels where the task has them, every return form (with z, a
(a^(0) or not) and E where the form can carry them), on small random networks of every
accepted output and loss (widths of 1, n_0 = 1, n_L = 1, N = 1, square layers), float32 and
float64, sum and mean; and per example, returned buffers reused from call to call."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import numpy as np
from convention_fns import written
from hypothesis import given
from hypothesis import strategies as st
from nets import problems

import oracle
import refbp


def _numbered(q, names):
    return {
        f"{n}{k + (n != 'a' or len(q['a']) == len(q['W']))}": v for n in names for k, v in enumerate(q[n])
    }


FORMS = {
    "(delta, W, b)": lambda q, extra: (q["delta"], q["W"], q["b"]),
    "(W, b)": lambda q, extra: [q["W"], q["b"]],
    "(nabla_b, nabla_w)": lambda q, extra: (q["b"], q["W"]),
    "dict": lambda q, extra: {"delta": q["delta"], "W": q["W"], "b": q["b"], **{k: q[k] for k in extra}},
    "dict dW, db": lambda q, extra: {"dW": q["W"], "db": q["b"], **{k: q[k] for k in extra}},
    "CS231n grads": lambda q, extra: (
        {**_numbered(q, ("W", "b", *(k for k in extra if k != "E")))}
        | ({"loss": q["E"]} if "E" in extra else {})
    ),
    "CS231n (loss, grads)": lambda q, extra: (
        q["E"],
        _numbered(q, ("W", "b", *(k for k in extra if k != "E"))),
    ),
    "object": lambda q, extra: SimpleNamespace(W=q["W"], b=q["b"], **{k: q[k] for k in extra}),
}
TWO_LISTS = ("(W, b)", "(nabla_b, nabla_w)")


@st.composite
def conventions(draw, net):
    conv = {
        "layout": draw(st.sampled_from(["out_in", "in_out"])),
        "per_example": draw(st.booleans()),
        "labels": net.task == "multiclass" and draw(st.booleans()),
    }
    form = draw(st.sampled_from(sorted(FORMS)))
    extra = (
        ()
        if form.startswith("(") and form != "CS231n (loss, grads)"
        else draw(st.sets(st.sampled_from("zaE")))
    )
    if form == "CS231n (loss, grads)":
        extra = {"E", *extra}
    a0 = draw(st.booleans())
    return conv, form, sorted(extra), a0


def _ambiguous(net, conv, form):
    """Per example, bias columns, and every W^(l) of the layout a column (n_l, 1): no telling."""
    shapes = [w.shape[::-1] if conv["layout"] == "in_out" else w.shape for w in net.weights]
    return (
        form in TWO_LISTS
        and conv["per_example"]
        and all(s == (len(b), 1) for s, b in zip(shapes, net.biases, strict=True))
    )


@given(st.data(), problems(max_width=4, max_batch=4, labels=True))
def test_correct_code_in_every_convention_passes_with_no_diagnosis(data, problem):
    net, x, d, reduction = problem
    conv, form, extra, a0 = data.draw(conventions(net))

    def returned(q):
        q = {**q, "a": q["a"] if a0 else q["a"][1:]}
        return FORMS[form](q, extra)

    report = oracle.check_backprop(
        written(net, reduction, form=returned, **conv), net, x, d, reduction, **conv
    )
    if _ambiguous(net, conv, form):
        assert [row.quantity for row in report.rows] == ["returned"]
        assert "ambiguous on this network" in report.rows[0].note
        return
    assert report.passed, report
    assert all(row.diagnosis == "" for row in report.rows)
    compared = {row.quantity for row in report.rows if row.note != "not given"}
    assert compared >= {"W", "b"} | {{"E": "loss"}.get(q, q) for q in extra}


def test_per_example_buffers_returned_every_call_pass():
    """The same arrays and lists, overwritten at each call: each call's values are read."""
    net = refbp.MLP.init((3, 4, 2), seed=1)
    rng = np.random.default_rng(0)
    x, d = rng.normal(size=(6, 3)), rng.normal(size=(6, 2))
    right = written(net, per_example=True, form=lambda q: (q["b"], q["W"]))
    kept_b, kept_W = [np.empty((len(b), 1)) for b in net.biases], [np.empty(w.shape) for w in net.weights]
    kept = (kept_b, kept_W)

    def fn(weights, biases, x, d):
        nabla_b, nabla_w = right(weights, biases, x, d)
        for buffer, value in zip(kept_b + kept_W, nabla_b + nabla_w, strict=True):
            buffer[...] = value
        return kept

    assert oracle.check_backprop(fn, net, x, d, per_example=True).passed


def test_per_example_values_that_cannot_be_copied_are_read_as_they_came():
    net = refbp.MLP.init((3, 4, 2), seed=1)
    rng = np.random.default_rng(0)
    x, d = rng.normal(size=(6, 3)), rng.normal(size=(6, 2))
    right = written(
        net, per_example=True, form=lambda q: SimpleNamespace(W=q["W"], b=q["b"], lock=threading.Lock())
    )
    report = oracle.check_backprop(right, net, x, d, per_example=True)
    assert report.passed, report
    assert report.recognised.startswith("a SimpleNamespace with attributes W, b (out_in, per example)")
