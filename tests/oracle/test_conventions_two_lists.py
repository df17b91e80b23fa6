"""Two lists returned: (W, b) or Nielsen's (nabla_b, nabla_w), told apart by their exact shapes,
and a failing row, not a guess, where the network's shapes cannot tell them apart."""

from __future__ import annotations

import numpy as np
import pytest
from convention_fns import written

import oracle
import refbp

AMBIGUOUS = (
    "returned: example 0 of 2: fn returned a tuple of two lists, ambiguous on this network: (W, b) "
    "and Nielsen's (nabla_b, nabla_w) have the same shapes here; return a dict {'W': ..., 'b': ...}"
)
W_B, NIELSEN = (lambda q: (q["W"], q["b"])), (lambda q: (q["b"], q["W"]))


def _problem(sizes):
    net = refbp.MLP.init(sizes, seed=0)
    rng = np.random.default_rng(0)
    return net, rng.normal(size=(2, sizes[0])), rng.normal(size=(2, sizes[-1]))


@pytest.mark.parametrize("sizes", [(1, 1), (1, 1, 1), (3, 1, 1)])
@pytest.mark.parametrize("layout", ["out_in", "in_out"])
@pytest.mark.parametrize(
    ("form", "recognised"), [(W_B, "a tuple (W, b) without deltas"), (NIELSEN, "Nielsen's")]
)
def test_a_whole_batch_is_read_as_its_shapes_say(sizes, layout, form, recognised):
    """Whole batch, dE/db is a vector (n,) and no dE/dW is: even where every W^(l) is (1, 1)."""
    net, x, d = _problem(sizes)
    report = oracle.check_backprop(written(net, layout=layout, form=form), net, x, d, layout=layout)
    assert report.passed, report
    assert report.recognised.startswith(recognised)


@pytest.mark.parametrize(
    ("sizes", "layout"),
    [((1, 3, 1), "out_in"), ((1, 3, 1), "in_out"), ((2, 1), "out_in"), ((1, 2), "in_out")],
)
@pytest.mark.parametrize("form", [W_B, NIELSEN])
def test_per_example_columns_are_read_as_their_shapes_say(sizes, layout, form):
    """One W^(l) that is no column (n_l, 1) tells the readings apart: (1, 3, 1) out_in has W^(2)
    (1, 3), in_out W^(1) (1, 3); (2, 1) has W (1, 2); in_out, (1, 2) has W (1, 2)."""
    net, x, d = _problem(sizes)
    report = oracle.check_backprop(
        written(net, layout=layout, per_example=True, form=form), net, x, d, layout=layout, per_example=True
    )
    assert report.passed, report


@pytest.mark.parametrize(("sizes", "layout"), [((1, 1, 1), "out_in"), ((1, 1), "in_out"), ((1, 4), "out_in")])
@pytest.mark.parametrize("form", [W_B, NIELSEN])
def test_per_example_columns_every_w_a_column_of_b_s_size_is_ambiguous(sizes, layout, form):
    """Every W^(l) (n_l, 1) and the biases columns (n_l, 1): one failing row, no diagnosis."""
    net, x, d = _problem(sizes)
    fn = written(net, layout=layout, per_example=True, form=form)
    report = oracle.check_backprop(fn, net, x, d, layout=layout, per_example=True)
    assert [row.explain() for row in report.rows] == [AMBIGUOUS]
    assert report.recognised == ""


def test_per_example_vector_biases_are_not_ambiguous():
    net, x, d = _problem((1, 1, 1))

    def form(q):
        return [v[:, 0] for v in q["b"]], q["W"]

    report = oracle.check_backprop(written(net, per_example=True, form=form), net, x, d, per_example=True)
    assert report.passed, report
    assert report.recognised.startswith("Nielsen's (nabla_b, nabla_w) (out_in, per example)")


def test_a_whole_batch_of_column_biases_first_is_read_as_nielsen_and_named():
    """Neither reading fits exactly: the list of the biases' sizes is the biases, its shape named."""
    net, x, d = _problem((2, 3, 2))
    report = oracle.check_backprop(
        written(net, form=lambda q: ([v[:, None] for v in q["b"]], q["W"])), net, x, d
    )
    assert report.recognised == "Nielsen's (nabla_b, nabla_w) (out_in)"
    assert report.first_failure.explain() == "layer 2 b: has shape (2, 1), expected (2,)"


def test_a_whole_batch_of_two_column_lists_is_ambiguous():
    """(1, 1) whole batch with column biases: both lists look like biases, neither reading fits."""
    net, x, d = _problem((1, 1))
    report = oracle.check_backprop(
        written(net, form=lambda q: ([v[:, None] for v in q["b"]], q["W"])), net, x, d
    )
    assert [row.explain() for row in report.rows] == [AMBIGUOUS.replace("example 0 of 2: ", "")]
