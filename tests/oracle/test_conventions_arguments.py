"""The conventions' keyword arguments checked, and fn's own exceptions raised again with its shapes."""

from __future__ import annotations

import re

import numpy as np
import pytest
from convention_fns import problem, written

import oracle
from oracle.backprop.conventions import FnRaisedError


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"layout": 1}, TypeError, "layout must be 'out_in' or 'in_out', got int"),
        ({"layout": "x @ W"}, ValueError, "layout must be 'out_in' (W of shape (n_out, n_in), torch's) or "
         "'in_out' (x @ W, W of shape (n_in, n_out)), got 'x @ W'"),
        ({"per_example": 1}, TypeError, "per_example must be True or False, got int"),
        ({"labels": "yes"}, TypeError, "labels must be True or False, got str"),
        ({"labels": True}, ValueError, "labels=True gives fn integer class labels, which only "
         "task='multiclass' has; this network has task='regression': pass labels=False"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("entry", ["check_backprop", "assert_backprop", "compare_training"])
def test_a_bad_convention_names_the_argument(kwargs, error, message, entry):
    net, x, d = problem("task=regression", np.float64)
    fn = written(net)
    calls = {
        "check_backprop": lambda: oracle.check_backprop(fn, net, x, d, **kwargs),
        "assert_backprop": lambda: oracle.assert_backprop(fn, net, x, d, **kwargs),
        "compare_training": lambda: oracle.compare_training(net, x, d, steps=1, fn=fn, **kwargs),
    }
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        calls[entry]()


def test_labels_of_a_pair_name_its_output():
    net, x, d = problem("softmax+cross_entropy", np.float64)
    with pytest.raises(ValueError, match=re.escape("this network has output='softmax': pass labels=False")):
        oracle.check_backprop(written(net), net, x, d, labels=True)


def test_labels_need_one_hot_rows():
    net, x, _ = problem("task=multiclass", np.float64)
    soft = np.full((5, 3), 1 / 3)
    with pytest.raises(
        ValueError, match=r"^labels=True gives fn integer class labels, but d holds probability rows"
    ):
        oracle.check_backprop(written(net, labels=True), net, x, soft, labels=True)


def test_labels_given_one_hot_reach_fn_as_labels():
    net, x, labels = problem("task=multiclass", np.float64)
    seen = {}
    fn = written(net, labels=True)
    report = oracle.check_backprop(
        lambda *a: seen.setdefault("d", a[3]) is None or fn(*a), net, x, np.eye(3)[labels], labels=True
    )
    np.testing.assert_array_equal(seen["d"], labels)
    assert report.passed


def broken(weights, biases, x, d):
    return x @ weights[0]  # the in_out product, on out_in weights: numpy's bare complaint


def test_an_exception_in_fn_is_raised_again_with_its_shapes():
    net, x, d = problem("task=multiclass", np.float64)
    with pytest.raises(ValueError, match=r"^fn raised ValueError: matmul") as caught:
        oracle.check_backprop(broken, net, x, d)
    assert str(caught.value) == (
        "fn raised ValueError: matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc "
        "signature (n?,k),(k,m?)->(n?,m?) (size 4 is different from 3) (fn was called with weights "
        "[(4, 3), (3, 4)] (out_in: W^(l) is (n_l, n_{l-1})), biases [(4,), (3,)], x (5, 3), d (5, 3))"
    )
    assert isinstance(caught.value.__cause__, ValueError)
    assert caught.value.__cause__ is not caught.value


def test_per_example_the_exception_names_the_example_and_the_columns():
    net, x, d = problem("task=multiclass", np.float64)

    def fn(weights, biases, x, d):
        raise KeyError("W3")

    with pytest.raises(FnRaisedError) as caught:  # KeyError quotes its message: a clearer type instead
        oracle.check_backprop(fn, net, x, d, per_example=True, labels=True, layout="in_out")
    assert str(caught.value) == (
        "fn raised KeyError: 'W3' (fn was called on example 0 of 5, with weights [(3, 4), (4, 3)] "
        "(in_out: W^(l) is (n_{l-1}, n_l)), biases [(4, 1), (3, 1)], x (3, 1), d the label 2)"
    )
    assert isinstance(caught.value.__cause__, KeyError)


class PickyError(Exception):
    def __init__(self, code: int, why: str) -> None:
        super().__init__(code, why)


def test_an_exception_type_that_takes_no_message_becomes_fn_raised_error():
    net, x, d = problem("task=multiclass", np.float64)

    def fn(weights, biases, x, d):
        raise PickyError(3, "no")

    with pytest.raises(
        FnRaisedError, match=r"^fn raised PickyError: \(3, 'no'\) \(fn was called with .* d \(5,\) labels\)$"
    ):
        oracle.check_backprop(fn, net, x, d, labels=True)
