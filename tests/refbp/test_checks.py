"""The bad-input catalogue of the MLP boundary (forward, backward, loss, backprop).

Every row is one kind of mistake: the call, the exception type, and fragments that the
message must contain (the argument's name, and what was expected). The bad-input
catalogue of docs/robustness.md lists the same rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pytest
from catalogue import assert_refused

import refbp
from refbp import MLP
from refbp._arrays import as_array, as_float
from refbp.checks import check_reduction

X = np.ones((2, 3))
NETS = {task: MLP.init((3, 4, 2), task=task, seed=1) for task in refbp.TASKS}
FWD = {task: net.forward(X) for task, net in NETS.items()}
NET32 = MLP.init((3, 4, 2), task="regression", seed=1, dtype=np.float32)


def _backward(task: str, d: object, reduction: object = "sum") -> Callable[[], object]:
    return lambda: NETS[task].backward(FWD[task], d, reduction)  # type: ignore[arg-type]


def _forward(x: object, net: MLP = NETS["regression"]) -> Callable[[], object]:
    return lambda: net.forward(x)  # type: ignore[arg-type]


CATALOGUE: list[tuple[str, Callable[[], object], type[Exception], tuple[str, ...]]] = [
    ("x 1-D", _forward(np.ones(3)), ValueError, ("x must be 2-D", "(N, 3)", "x[None, :]")),
    ("x 3-D", _forward(np.ones((1, 2, 3))), ValueError, ("x must be 2-D", "(1, 2, 3)")),
    ("x wrong features", _forward(np.ones((2, 4))), ValueError, ("x must have n_0 = 3", "(2, 4)")),
    ("x empty batch", _forward(np.ones((0, 3))), ValueError, ("x is an empty batch", "N = 0")),
    ("x complex", _forward(X.astype(complex)), TypeError, ("x must be a float32 or float64", "complex128")),
    ("x object", _forward(X.astype(object)), TypeError, ("x must be", "object")),
    ("x bool", _forward(X.astype(bool)), TypeError, ("x must be", "bool")),
    ("x string", _forward(np.array([["a", "b", "c"]])), TypeError, ("x must be", "<U1")),
    ("x float16", _forward(X.astype(np.float16)), TypeError, ("x must be", "float16")),
    (
        "x float32, net float64",
        _forward(X.astype(np.float32)),
        TypeError,
        ("x has dtype float32", "x.astype(np.float64)"),
    ),
    (
        "x float64, net float32",
        _forward(X, NET32),
        TypeError,
        ("x has dtype float64 but the network computes in float32", "x.astype(np.float32)"),
    ),
    ("x scalar", _forward(3.0), TypeError, ("x must be a NumPy array or a nested list", "float")),
    ("x dict", _forward({}), TypeError, ("x must be a NumPy array", "dict")),
    ("x ragged list", _forward([[1.0, 2.0, 3.0], [1.0]]), TypeError, ("x could not be converted",)),
    ("x masked", _forward(np.ma.masked_array(X)), TypeError, ("x is a masked array", "filled")),
    (
        "x list beyond float32",
        _forward([[1e39, 0.0, 0.0]], NET32),
        ValueError,
        ("x converted to float32", "inf"),
    ),
    (
        "d wrong shape",
        _backward("regression", np.ones((2, 3))),
        ValueError,
        ("d must have the output's shape", "(2, 2)"),
    ),
    (
        "d int labels, regression",
        _backward("regression", np.array([0, 1])),
        ValueError,
        ("d looks like integer class labels", "multiclass"),
    ),
    (
        "d int labels, binary",
        _backward("binary", np.array([0, 1])),
        ValueError,
        ("d looks like integer class labels",),
    ),
    (
        "d float32, net float64",
        _backward("regression", np.ones((2, 2), np.float32)),
        TypeError,
        ("d has dtype float32",),
    ),
    ("d bool", _backward("regression", np.ones((2, 2), bool)), TypeError, ("d must be", "bool")),
    (
        "reduction unknown",
        _backward("regression", np.ones((2, 2)), "avg"),
        ValueError,
        ("reduction must be 'sum' or 'mean'", "'avg'"),
    ),
    (
        "reduction not a str",
        _backward("regression", np.ones((2, 2)), np.array(["sum"])),
        ValueError,
        ("reduction must be",),
    ),
    (
        "fwd not a Forward",
        lambda: NETS["regression"].backward((1, 2), np.ones((2, 2))),
        TypeError,
        ("fwd must be the Forward", "tuple"),
    ),  # type: ignore[arg-type]
    (
        "fwd of another network",
        lambda: NETS["binary"].backward(FWD["regression"], np.ones((2, 2))),
        ValueError,
        ("fwd was computed by another network",),
    ),
    (
        "fwd of another network, loss",
        lambda: NETS["binary"].loss(FWD["regression"], np.ones((2, 2))),
        ValueError,
        ("fwd was computed by another network",),
    ),
    (
        "loss reduction unknown",
        lambda: NETS["regression"].loss(FWD["regression"], np.ones((2, 2)), None),
        ValueError,
        ("reduction must be",),
    ),  # type: ignore[arg-type]
    (
        "backprop net not an MLP",
        lambda: refbp.backprop(3, X, np.ones((2, 2))),
        TypeError,
        ("net must be a refbp.MLP", "int"),
    ),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(("kind", "call", "exc", "fragments"), CATALOGUE, ids=[c[0] for c in CATALOGUE])
def test_catalogue(
    kind: str, call: Callable[[], object], exc: type[Exception], fragments: tuple[str, ...]
) -> None:
    assert_refused(kind, call, exc, fragments)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("where", ["x", "d"])
def test_non_finite_x_and_d_are_refused_with_their_index(where: str, bad: float) -> None:
    arr = np.ones((2, 3) if where == "x" else (2, 2))
    arr[1, 0] = bad
    net = NETS["regression"]
    call = (lambda: net.forward(arr)) if where == "x" else _backward("regression", arr)
    with pytest.raises(ValueError, match=re.escape(f"{where} has 1 non-finite element(s)")) as info:
        call()
    assert "index (1, 0)" in str(info.value)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite_in_a_list_is_refused_before_conversion(bad: float) -> None:
    with pytest.raises(ValueError, match=r"^x has 1 non-finite"):
        NET32.forward([[bad, 0.0, 0.0]])


def test_lists_and_integers_are_converted_to_the_network_dtype() -> None:
    for net in (NETS["regression"], NET32):
        fwd = net.forward([[1, 2, 3]])
        assert fwd.a[0].dtype == net.dtype
        assert all(z.dtype == net.dtype for z in fwd.z)
        from_ints = net.backward(net.forward(np.array([[1, 2, 3]])), np.array([[0, 1]]))
        from_lists = net.backward(fwd, [[0.0, 1.0]])
        for g, h in zip(from_ints.W, from_lists.W, strict=True):
            assert g.dtype == net.dtype
            np.testing.assert_array_equal(g, h)


def test_an_ndarray_subclass_and_byte_order_are_plain_values() -> None:
    net = NETS["regression"]
    expected = net.forward(X).y
    np.testing.assert_array_equal(net.forward(X.astype(">f8")).y, expected)
    assert as_array(X.view(np.recarray), "x").__class__ is np.ndarray


def test_as_float_returns_a_float_array_of_the_requested_dtype_unchanged() -> None:
    arr = np.ones((2, 2), np.float32)
    assert as_float(arr, "x", np.dtype(np.float32)) is arr


@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_valid_reductions_pass(reduction: str) -> None:
    check_reduction(reduction)


WHOLE: list[tuple[str, Callable[[], object], type[Exception], str]] = [
    (
        "x wrong features",
        _forward(np.ones((2, 4))),
        ValueError,
        "x must have n_0 = 3 features per row (shape (N, 3)), got shape (2, 4)",
    ),
    (
        "x 3-D",
        _forward(np.ones((1, 2, 3))),
        ValueError,
        "x must be 2-D of shape (N, n_0) = (N, 3), got shape (1, 2, 3)",
    ),
    (
        "x 1-D",
        _forward(np.ones(3)),
        ValueError,
        "x must be 2-D of shape (N, n_0) = (N, 3), got shape (3,); for one example use x[None, :]",
    ),
    (
        "x big-endian float32, net float64",
        _forward(X.astype(">f4")),
        TypeError,
        "x has dtype float32 but the network computes in float64; "
        "pass x.astype(np.float64) (refbp never changes precision silently)",
    ),
]


@pytest.mark.parametrize(("kind", "call", "exc", "message"), WHOLE, ids=[w[0] for w in WHOLE])
def test_bad_input_gets_the_whole_message(
    kind: str, call: Callable[[], object], exc: type[Exception], message: str
) -> None:
    with pytest.raises(exc, match=f"^{re.escape(message)}$"):
        call()
