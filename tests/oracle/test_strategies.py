"""oracle.strategies: networks and batches within their bounds, with targets refbp accepts; bad
arguments refused when the strategy is made. Imports no torch (hypothesis and refbp only)."""

from __future__ import annotations

import numpy as np
import pytest
from fuzz.heads import HEADS
from fuzz.heads import pair_of as pair
from hypothesis import given, settings
from hypothesis import strategies as st

import refbp
from oracle.strategies import VALUES, batches, networks


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("head", HEADS)
@settings(max_examples=25)
@given(data=st.data())
def test_networks_and_batches_stay_in_bounds_with_a_target_refbp_takes(head, dtype, data):
    net = data.draw(networks(hidden="relu", depth=(2, 3), width=(1, 3), dtype=dtype, **pair(head)))
    labels = head == "task=multiclass" and data.draw(st.booleans())
    x, d = data.draw(batches(net, size=(1, 4), labels=labels))
    assert 2 <= len(net.weights) <= 3
    assert net.hidden == "relu"
    assert net.dtype == dtype
    assert all(1 <= n <= 3 for n in net.sizes)
    if net.pair.output.name == "softmax":
        assert net.sizes[-1] >= 2  # softmax of one unit is constant
    assert (net.task, net.pair.output.name, net.pair.loss.name) == (
        refbp.MLP.init((1, 2), **pair(head)).task,
        *(
            refbp.MLP.init((1, 2), **pair(head)).pair.output.name,
            refbp.MLP.init((1, 2), **pair(head)).pair.loss.name,
        ),
    )
    assert x.dtype == dtype
    assert 1 <= len(x) <= 4
    assert x.shape[1] == net.sizes[0]
    if labels:
        assert d.dtype.kind == "i"
        assert d.shape == (len(x),)
        assert ((d >= 0) & (d < net.sizes[-1])).all()
    else:
        assert d.dtype == dtype
        assert d.shape == (len(x), net.sizes[-1])
    np.testing.assert_array_equal(
        net.prepare_target(d, len(x)).shape, (len(x), net.sizes[-1])
    )  # refbp takes it


def test_the_search_space_holds_square_layers_single_examples_and_both_kinds_of_values():
    seen: dict[str, set[object]] = {"square": set(), "N": set(), "simple": set()}

    @settings(max_examples=200, database=None)
    @given(st.data())
    def collect(data):
        net = data.draw(networks(hidden="tanh", task="regression", depth=(1, 1), width=(1, 3)))
        x, _ = data.draw(batches(net))
        W = net.weights[0]
        seen["square"].add(W.shape[0] == W.shape[1])
        seen["N"].add(len(x))
        seen["simple"].add(bool(np.array_equal(W * 2, np.round(W * 2))))

    collect()
    assert seen["square"] == {True, False}
    assert 1 in seen["N"]
    assert seen["simple"] == {True, False}


@settings(max_examples=60)
@given(st.data())
def test_simple_values_are_halves_and_never_negative_zero(data):
    net = data.draw(networks(hidden="relu", task="regression", width=(2, 3), depth=(2, 2)))
    x, d = data.draw(batches(net))
    for values in (*net.weights, *net.biases, x, d):
        if np.array_equal(values * 2, np.round(values * 2)):  # drawn as simple values
            assert not np.signbit(values[values == 0]).any()
    assert VALUES == ("simple", "real")


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"hidden": "sigmoidal"}, ValueError, "hidden"),
        ({"hidden": "tanh", "task": "classification"}, ValueError, "task"),
        ({"hidden": "tanh", "task": "binary", "output": "sigmoid"}, ValueError, "task"),
        ({"hidden": "tanh", "depth": 3}, TypeError, r"depth must be a pair of integers \(lo, hi\), got 3"),
        ({"hidden": "tanh", "depth": (1.0, 2)}, TypeError, "depth must be a pair"),
        ({"hidden": "tanh", "depth": (0, 2)}, ValueError, r"depth must be \(lo, hi\) with 1 <= lo <= hi"),
        (
            {"hidden": "tanh", "width": (3, 2)},
            ValueError,
            r"width must be \(lo, hi\) with 1 <= lo <= hi, got \(3, 2\)",
        ),
        ({"hidden": "tanh", "dtype": np.float16}, (TypeError, ValueError), "dtype"),
    ],
)
def test_networks_refuses_bad_arguments_when_made(kwargs, error, match):
    with pytest.raises(error, match=match):
        networks(**kwargs)


def test_batches_refuses_bad_arguments_when_made():
    net = refbp.MLP.init((2, 3), task="binary")
    with pytest.raises(TypeError, match=r"net must be a refbp\.MLP, got tuple"):
        batches((2, 3))
    with pytest.raises(ValueError, match=r"size must be \(lo, hi\) with 1 <= lo <= hi, got \(0, 4\)"):
        batches(net, size=(0, 4))
    with pytest.raises(TypeError, match="labels must be True or False, got int"):
        batches(net, labels=1)
    with pytest.raises(
        ValueError, match="labels=True draws integer class labels, which only task='multiclass'"
    ):
        batches(net, labels=True)
