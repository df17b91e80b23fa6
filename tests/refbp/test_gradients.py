"""refbp.gradients: backward's W and b bit for bit on every head, E as loss gives it, the workspace."""

from __future__ import annotations

import re

import numpy as np
import pytest
from fuzz.heads import HEADS, cases
from hypothesis import given, settings
from nets import make

import refbp
from refbp import MLP, Workspace, backprop


def _same_bits(got: list[np.ndarray], want: list[np.ndarray]) -> None:
    for g, w in zip(got, want, strict=True):
        np.testing.assert_array_equal(g, w, strict=True)  # strict: shape and dtype too
        assert g.tobytes() == w.tobytes()  # bit for bit: -0.0 and 0.0 differ here


def _agree(net: MLP, x: np.ndarray, d: np.ndarray, reduction: str) -> None:
    """gradients (without and twice with one workspace) gives backprop's W and b and loss's E."""
    try:
        want = backprop(net, x, d, reduction)  # type: ignore[arg-type]
        E = net.loss(net.forward(x), d, reduction)  # type: ignore[arg-type]
    except ValueError as err:  # an overflow at the largest logit scale: the same error, by name
        with pytest.raises(ValueError, match=f"^{re.escape(str(err))}$"):
            net.gradients(x, d, reduction)  # type: ignore[arg-type]
        return
    workspace = Workspace(net, len(x))
    for ws in (None, workspace, workspace):
        got = net.gradients(x, d, reduction, workspace=ws)  # type: ignore[arg-type]
        assert got.delta is None
        assert got.loss == E
        _same_bits(got.W, want.W)
        _same_bits(got.b, want.b)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("head", HEADS)
def test_gradients_are_backwards_bit_for_bit_on_every_head(head: str, dtype: type) -> None:
    @settings(max_examples=15)
    @given(cases(head, dtype))
    def check(case) -> None:  # type: ignore[no-untyped-def]
        for run in case.runs:
            _agree(run.net, run.x, run.d, run.reduction)

    check()


@pytest.mark.parametrize("hidden", sorted(refbp.ACTIVATIONS))
@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_every_hidden_activation_and_depth(hidden: str, reduction: str) -> None:
    for sizes in [(3, 2), (3, 5, 2), (4, 7, 1, 6, 3)]:
        net, x, d = make(sizes, hidden, "multiclass" if sizes[-1] > 1 else "binary", n=6)
        _agree(net, x, d, reduction)


def test_integer_labels_and_lists_are_taken_as_backward_takes_them() -> None:
    net, x, _ = make((4, 5, 3), "tanh", "multiclass", n=5)
    labels = np.array([0, 2, 1, 1, 0])
    _agree(net, x.tolist(), labels, "mean")  # type: ignore[arg-type]


def test_the_workspace_returns_read_only_views_that_the_next_call_overwrites() -> None:
    net, x, d = make((4, 6, 3), "sigmoid", "regression", n=5)
    ws = Workspace(net, 5)
    first = net.gradients(x, d, workspace=ws)
    kept = [g.copy() for g in first.W]  # how a caller keeps them
    with pytest.raises(ValueError, match="read-only"):
        first.W[0][0, 0] = 1.0
    second = net.gradients(x, 2 * d, workspace=ws)
    for one, two in zip(first.W + first.b, second.W + second.b, strict=True):
        assert np.shares_memory(one, two)  # the same arrays: first's values are gone
    assert not np.array_equal(kept[0], second.W[0])
    _same_bits(kept, backprop(net, x, d).W)


def test_one_workspace_fits_every_network_of_the_same_sizes() -> None:
    net, x, d = make((4, 6, 3), "tanh", "regression", n=5)
    ws = Workspace(net, 5)
    other = net.with_layers([2 * W for W in net.weights], net.biases)
    relu = MLP(net.weights, net.biases, hidden="relu")  # f' from a, as tanh's
    for each in (net, other, relu):
        _same_bits(each.gradients(x, d, workspace=ws).W, backprop(each, x, d).W)
    assert "sizes=(4, 6, 3), batch=5" in repr(ws)


def test_workspace_arguments_are_checked() -> None:
    net, x, d = make((4, 6, 3), "tanh", "regression", n=5)
    batch = "batch must be an integer >= 1 (the batch size N, len(x)), got "
    workspace = "workspace must be a refbp.Workspace (refbp.Workspace(net, len(x))) or None, got dict"
    for error, call, message in [
        (TypeError, lambda: Workspace([], 5), "net must be a refbp.MLP, got list"),
        (TypeError, lambda: Workspace(net, 5.0), batch + "5.0"),
        (ValueError, lambda: Workspace(net, 0), batch + "0"),
        (TypeError, lambda: net.gradients(x, d, workspace={}), workspace),
        (TypeError, lambda: refbp.gradients.gradients("net", x, d), "net must be a refbp.MLP, got str"),
    ]:
        with pytest.raises(error, match=f"^{re.escape(message)}$"):
            call()


@pytest.mark.parametrize(
    ("other", "message"),
    [
        (
            MLP.init((4, 7, 3), hidden="tanh"),
            "workspace was made for sizes (4, 7, 3) in float64, hidden f' read from a, but this network "
            "has sizes (4, 6, 3) in float64, hidden f' read from a; make one for it with "
            "refbp.Workspace(net, len(x))",
        ),
        (
            MLP.init((4, 6, 3), hidden="tanh", dtype=np.float32),
            "workspace was made for sizes (4, 6, 3) in float32, hidden f' read from a, but this network has "
            "sizes (4, 6, 3) in float64",
        ),
        (
            MLP.init((4, 6, 3), hidden="softplus"),
            "workspace was made for sizes (4, 6, 3) in float64, hidden f' read from z (softplus), but this "
            "network has sizes (4, 6, 3) in float64, hidden f' read from a",
        ),
    ],
    ids=["sizes", "dtype", "f' from z"],
)
def test_a_workspace_of_another_network_is_refused(other: MLP, message: str) -> None:
    net, x, d = make((4, 6, 3), "tanh", "regression", n=5)
    with pytest.raises(ValueError, match=f"^{re.escape(message)}"):
        net.gradients(x, d, workspace=Workspace(other, 5))


def test_a_workspace_of_another_batch_is_refused() -> None:
    net, x, d = make((4, 6, 3), "tanh", "regression", n=5)
    message = (
        "workspace holds a batch of N = 4 rows, but x has 5; make one for it with refbp.Workspace(net, 5)"
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        net.gradients(x, d, workspace=Workspace(net, 4))


def test_bad_arguments_get_backwards_errors() -> None:
    net, x, d = make((4, 6, 3), "tanh", "regression", n=5)
    with pytest.raises(ValueError, match=r"^reduction must be 'sum' or 'mean', got 'max'$"):
        net.gradients(x, d, "max")  # type: ignore[arg-type]
    x_bad = x.copy()
    x_bad[1, 2] = np.nan
    with pytest.raises(ValueError, match=r"^x has 1 non-finite element\(s\)"):
        net.gradients(x_bad, d)
    with pytest.raises(ValueError, match=r"^d must have the output's shape"):
        net.gradients(x, d[:4])


OVERFLOWS = {
    # z^(2) = 1e200 * 1e200 overflows in forward
    "forward": ([1.0, 1e200], 1e200),
    # y = 1e100 and E are finite, but dE/dW^(2) = delta a^(1) = 1e100 * 1e250 overflows
    "backward": ([1.0, 1e-150], 1e250),
    # y = delta = dE/dW = 1e160 are finite, but E = (1e160)^2 / 2 overflows
    "E": ([1e160], 1.0),
}
"""Scalar networks (weights, x), identity throughout, d = 0: where each overflows."""


@pytest.mark.parametrize("where", OVERFLOWS)
def test_an_overflow_is_named_as_backprop_and_loss_name_it(where: str) -> None:
    weights, x0 = OVERFLOWS[where]
    net = MLP([np.array([[w]]) for w in weights], [np.zeros(1) for _ in weights], hidden="identity")
    x, d = np.array([[x0]]), np.array([[0.0]])
    named = {"forward": "forward: z^(2) = W^(2) a^(1) + b^(2)", "backward": "backward: W[1]", "E": "loss: E"}[
        where
    ]
    with pytest.raises(ValueError, match=f"^{re.escape(named)} overflows float64") as want:
        net.loss(net.forward(x), d) if where == "E" else backprop(net, x, d)
    with pytest.raises(ValueError, match=f"^{re.escape(str(want.value))}$"):
        net.gradients(x, d, workspace=Workspace(net, 1))
