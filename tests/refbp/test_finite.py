"""NaN and +-Inf refused by name, and overflow named (refbp._overflow), never a RuntimeWarning.

The public equation functions read their arguments and their result; the network names
an overflow in its forward pass, its gradients or its E, and a NaN in a Forward made by
hand. The suite runs with warnings as errors, so a RuntimeWarning fails every test here.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable

import numpy as np
import pytest

import refbp
from refbp import bias_grad, chain_delta, hidden_delta, output_delta, pre_activation, weight_grad

A, W = np.ones((2, 3)), np.ones((4, 3))
CALLS: list[tuple[str, Callable[..., object], dict[str, np.ndarray]]] = [
    ("W", pre_activation, {"W": W, "b": np.ones(4), "a_prev": A}),
    ("b", pre_activation, {"W": W, "b": np.ones(4), "a_prev": A}),
    ("a_prev", pre_activation, {"W": W, "b": np.ones(4), "a_prev": A}),
    ("y", output_delta, {"y": A, "d": A}),
    ("d", output_delta, {"y": A, "d": A}),
    ("delta_next", hidden_delta, {"delta_next": np.ones((2, 4)), "W_next": W, "fprime_z": A}),
    ("W_next", hidden_delta, {"delta_next": np.ones((2, 4)), "W_next": W, "fprime_z": A}),
    ("fprime_z", hidden_delta, {"delta_next": np.ones((2, 4)), "W_next": W, "fprime_z": A}),
    ("delta", weight_grad, {"delta": A, "a_prev": np.ones((2, 5))}),
    ("a_prev", weight_grad, {"delta": A, "a_prev": np.ones((2, 5))}),
    ("delta", bias_grad, {"delta": A}),
]


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize(("name", "func", "args"), CALLS, ids=[f"{c[1].__name__}-{c[0]}" for c in CALLS])
def test_equations_refuse_nan_and_inf_by_name(
    name: str, func: Callable[..., object], args: dict[str, np.ndarray], bad: float
) -> None:
    given = {k: v.copy() for k, v in args.items()}
    given[name].flat[1] = bad
    index = (1,) if given[name].ndim == 1 else (0, 1)
    message = (
        f"{func.__name__}: {name} has 1 non-finite element(s) (NaN or +-Inf), the first at index {index}: "
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}{bad}$"):
        func(**given)


def test_a_finite_result_of_huge_finite_arguments_is_returned() -> None:
    # float64 holds 1e308 + 1e307: only a result beyond the range is refused
    np.testing.assert_array_equal(output_delta(np.array([[1e308]]), np.array([[-1e307]])), [[1.1e308]])


OVERFLOWS: list[tuple[str, Callable[[], object], str]] = [
    (
        "output_delta",
        lambda: output_delta(np.array([[3e38]], np.float32), np.array([[-3e38]], np.float32)),
        "output_delta: the result overflows float32 (first at index (0, 0)): its values would lie "
        "beyond +-3.4e+38; scale down y, d, or compute in float64",
    ),
    (
        "hidden_delta",
        lambda: hidden_delta(np.full((1, 2), 1e200), np.full((2, 1), 1e200), np.ones((1, 1))),
        "hidden_delta: the result overflows float64 (first at index (0, 0)): its values would lie "
        "beyond +-1.8e+308; scale down delta_next, W_next, fprime_z",
    ),
    (
        "weight_grad",
        lambda: weight_grad(np.full((2, 1), 1e300), np.full((2, 1), 1e300)),
        "weight_grad: the result overflows float64 (first at index (0, 0)): its values would lie "
        "beyond +-1.8e+308; scale down delta, a_prev",
    ),
    (
        "bias_grad",
        lambda: bias_grad(np.full((2, 1), 1e308)),
        "bias_grad: the result overflows float64 (first at index (0,)): its values would lie "
        "beyond +-1.8e+308; scale down delta",
    ),
]


@pytest.mark.parametrize(("kind", "call", "message"), OVERFLOWS, ids=[o[0] for o in OVERFLOWS])
def test_every_equation_names_an_overflowing_result(
    kind: str, call: Callable[[], object], message: str
) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        call()


def test_chain_delta_names_an_overflow_of_its_sum_over_the_units() -> None:
    # softmax + cross_entropy: delta = y sum_k d_k - d, and sum_k d_k overflows float32
    z = np.zeros((1, 2), np.float32)
    y, d = refbp.OUTPUTS["softmax"].f(z), np.full((1, 2), 3e38, np.float32)
    message = (
        "chain_delta: the result overflows float32 (first at index (0, 0)): its values would lie beyond "
        "+-3.4e+38; scale down z, y, d, or compute in float64"
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        chain_delta(z, y, d, refbp.OUTPUTS["softmax"], refbp.LOSSES["cross_entropy"])


def net32(output: str = "identity", loss: str = "squared_error", scale: float = 1.0) -> refbp.MLP:
    """A float32 network 2 -> 2 -> 1 with identity hidden units, every weight ``scale``, biases 0."""
    weights = [np.full((2, 2), scale, np.float32), np.full((1, 2), scale, np.float32)]
    biases = [np.zeros(2, np.float32), np.zeros(1, np.float32)]
    return refbp.MLP(weights, biases, hidden="identity", output=output, loss=loss)


def test_forward_names_the_layer_whose_z_overflows() -> None:
    message = (
        "forward: z^(1) = W^(1) a^(0) + b^(1) overflows float32: its values would lie beyond +-3.4e+38; "
        "scale down x and the weights, or compute in float64"
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        net32().forward(np.full((1, 2), 3e38, np.float32))
    with pytest.raises(
        ValueError, match=r"^forward: z\^\(2\) = W\^\(2\) a\^\(1\) \+ b\^\(2\) overflows float32"
    ):
        net32().forward(np.full((1, 2), 1e38, np.float32))  # z^(1) = 2e38 fits, z^(2) = 4e38 does not


def test_forward_names_an_exp_output_that_overflows() -> None:
    net = net32("exp", "poisson")
    assert np.isfinite(net.forward(np.full((1, 2), 22.0, np.float32)).y).all()  # e^88 fits float32
    with pytest.raises(
        ValueError, match=r"^forward: a\^\(2\) = f\(z\^\(2\)\) overflows float32: .*; scale down x"
    ):
        net.forward(np.full((1, 2), 23.0, np.float32))  # e^92 does not


def test_backward_names_the_gradient_that_overflows() -> None:
    # one layer, identity output: delta = y - d = 1e10, dE/dW = delta x = 1e40, beyond float32
    net = refbp.MLP([np.zeros((1, 2), np.float32)], [np.zeros(1, np.float32)], hidden="identity")
    fwd = net.forward(np.full((1, 2), 1e30, np.float32))
    message = (
        "backward: W[0] overflows float32 (first at index (0, 0)): its values would lie beyond +-3.4e+38; "
        "scale down d, x and the weights, or compute in float64"
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        net.backward(fwd, np.full((1, 1), -1e10, np.float32))
    grads = net.backward(fwd, np.full((1, 1), -1e8, np.float32))  # dE/dW = 1e38: still finite
    np.testing.assert_array_equal(grads.W[0], np.full((1, 2), 1e38, np.float32))


def test_backward_with_a_mean_names_the_first_overflow_of_the_mean() -> None:
    # x = 1, a^(1) = 1, y = 2, d = -3e38: delta^(2) = 3e38 / N = 1.5e38 (N = 2), delta^(1) = 2 x 1.5e38
    # = 3e38, both finite; dE/dW^(1) = 3e38 + 3e38 overflows. (The sum's delta^(1) overflows first.)
    net = refbp.MLP([np.ones((1, 1), np.float32), np.full((1, 1), 2, np.float32)],
                    [np.zeros(1, np.float32), np.zeros(1, np.float32)], hidden="identity")  # fmt: skip
    fwd = net.forward(np.ones((2, 1), np.float32))
    d = np.full((2, 1), -3e38, np.float32)
    tail = "overflows float32 (first at index (0, 0)): its values would lie beyond +-3.4e+38; "
    with pytest.raises(ValueError, match=rf"^backward: W\[0\] {re.escape(tail)}"):
        net.backward(fwd, d, reduction="mean")
    with pytest.raises(ValueError, match=rf"^backward: delta\[0\] {re.escape(tail)}"):
        net.backward(fwd, d)


def nan_forward(net: refbp.MLP, x: np.ndarray, where: str) -> refbp.Forward:
    """net.forward(x) with a NaN planted at element (0, 0) of ``where`` ('a[1]', 'z[0]', ...)."""
    fwd = net.forward(x)
    z, a = [v.copy() for v in fwd.z], [v.copy() for v in fwd.a]
    (z if where[0] == "z" else a)[int(where[2])][0, 0] = np.nan
    return refbp.Forward(z=z, a=a, net=net)


@pytest.mark.parametrize("where", ["a[0]", "z[0]", "a[1]", "z[1]", "a[2]"])
@pytest.mark.parametrize("task", ["regression", "multiclass"])
def test_backward_names_a_nan_in_a_forward_made_by_hand(task: str, where: str) -> None:
    # relu's f'(z) = (z > 0) is 0 at NaN, and the canonical delta y - d reads no z^(L): a NaN in
    # any array of the Forward is refused all the same, before the backward pass reads it
    net = refbp.MLP.init((3, 4, 3), hidden="relu", task=task, seed=1)
    x, d = np.ones((2, 3)), np.full((2, 3), 1 / 3)
    message = (
        f"fwd.{where} has 1 non-finite element(s) (NaN or +-Inf), the first at index (0, 0): nan; "
        "use the Forward that net.forward(x) returned"
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        net.backward(nan_forward(net, x, where), d)


@pytest.mark.parametrize("where", ["a[2]", "z[1]"])
def test_loss_names_a_nan_in_the_z_and_y_it_reads(where: str) -> None:
    net = refbp.MLP.init((3, 4, 3), hidden="tanh", task="multiclass", seed=1)  # E from z: y unread
    x, d = np.ones((2, 3)), np.full((2, 3), 1 / 3)
    with pytest.raises(ValueError, match=rf"^fwd\.{re.escape(where)} has 1 non-finite element\(s\)"):
        net.loss(nan_forward(net, x, where), d)
    for hidden in ("a[0]", "z[0]", "a[1]"):  # E reads no hidden z or a, nor x
        assert np.isfinite(net.loss(nan_forward(net, x, hidden), d))


def test_loss_names_the_nan_it_reads_not_an_earlier_one() -> None:
    net = refbp.MLP.init((3, 4, 3), hidden="tanh", task="multiclass", seed=1)
    x, d = np.ones((2, 3)), np.full((2, 3), 1 / 3)
    fwd = nan_forward(net, x, "a[1]")
    fwd.z[1][0, 0] = np.nan  # z^(2), which E reads; a^(1) comes first in forward order
    with pytest.raises(ValueError, match=r"^fwd\.z\[1\] has 1 non-finite element\(s\)"):
        net.loss(fwd, d)


def test_loss_names_an_overflowing_E() -> None:
    net = net32(scale=1e-30)  # y = 4e-60 rounds to 0 in float32
    fwd = net.forward(np.ones((1, 2), np.float32))
    message = (
        "loss: E overflows float32: its values would lie beyond +-3.4e+38; "
        "scale down d, x and the weights, or compute in float64"
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        net.loss(fwd, np.full((1, 1), 1e20, np.float32))  # (1/2) (1e20)^2 = 5e39


def test_an_overflowing_poisson_E_is_named_without_a_warning() -> None:
    # z^(2) = 4 * 3.5^2 = 49 and y = e^49 are finite; d z^(2) = 1e38 * 49 overflows in the
    # product, which numpy would warn about (an error under this suite's filterwarnings)
    net = net32(output="exp", loss="poisson", scale=3.5)
    fwd = net.forward(np.ones((1, 2), np.float32))
    assert fwd.z[-1][0, 0] == 49.0
    message = (
        "loss: E overflows float32: its values would lie beyond +-3.4e+38; "
        "scale down d, x and the weights, or compute in float64"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
            net.loss(fwd, np.full((1, 1), 1e38, np.float32))


def test_an_equation_takes_keywords_and_names_a_non_finite_argument_and_its_overflow() -> None:
    W2, b2, x2 = np.eye(2), np.zeros(2), np.array([[1.0, 2.0]])
    np.testing.assert_array_equal(pre_activation(W2, b2, a_prev=x2), [[1.0, 2.0]])
    with pytest.raises(
        ValueError,
        match=r"^pre_activation: b has 1 non-finite element\(s\) \(NaN or \+-Inf\), "
        r"the first at index \(1,\): inf$",
    ):
        pre_activation(W2, np.array([0.0, np.inf]), x2)
    with pytest.raises(
        ValueError,
        match=r"^pre_activation: the result overflows float64 \(first at index \(0, 1\)\): "
        r"its values would lie beyond \+-1\.8e\+308; scale down W, b, a_prev$",
    ):
        pre_activation(W2, np.array([0.0, 1e308]), np.array([[1.0, 1e308]]))
