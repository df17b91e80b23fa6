"""No public function writes to its arguments: every array is hashed before and after.

Covers refbp (MLP, forward, backward, loss, backprop, the equation functions, the
activations) and oracle (reference, check, assert_matches, compare), in both dtypes.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
from hypothesis import given, settings
from nets import cases

import oracle
import refbp
from oracle.verdict.tolerance import tolerance_for


def digest(*values: object) -> str:
    """A hash of every array's bytes, dtype, shape and strides (lists walked, tuples too)."""
    h = hashlib.sha256()
    for value in values:
        if isinstance(value, (list, tuple)):
            h.update(digest(*value).encode())
        elif isinstance(value, np.ndarray):
            h.update(repr((value.dtype.str, value.shape, value.strides)).encode())
            h.update(value.tobytes())
        else:
            h.update(repr(value).encode())
    return h.hexdigest()


def untouched(fn: object, *args: object, **kwargs: object) -> object:
    """Call fn(*args, **kwargs) and assert that no argument changed."""
    before = digest(args, sorted(kwargs.items()))
    out = fn(*args, **kwargs)  # type: ignore[operator]
    name = getattr(fn, "__name__", fn)
    assert digest(args, sorted(kwargs.items())) == before, f"{name} wrote to an argument"
    return out


@settings(max_examples=8)
@given(cases(max_depth=3, max_width=6, max_batch=6))
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_no_public_call_writes_to_an_argument(
    dtype: type, case: tuple[refbp.MLP, np.ndarray, np.ndarray]
) -> None:
    net64, x, d = case
    weights = [w.astype(dtype) for w in net64.weights]  # writeable arrays of the caller
    biases = [b.astype(dtype) for b in net64.biases]
    x = x.astype(dtype)
    if d.dtype.kind == "f":
        d = d.astype(dtype)
        if net64.task == "multiclass":
            d /= d.sum(axis=1, keepdims=True)
    net = untouched(refbp.MLP, weights, biases, hidden=net64.hidden, task=net64.task)
    assert isinstance(net, refbp.MLP)
    fwd = untouched(net.forward, x)
    assert isinstance(fwd, refbp.Forward)
    for reduction in ("sum", "mean"):
        grads = untouched(net.backward, fwd, d, reduction)
        assert isinstance(grads, refbp.Gradients)
        untouched(net.loss, fwd, d, reduction)
        untouched(refbp.backprop, net, x, d, reduction)
    if len(weights) > 1:
        fz = untouched(net.activation.fprime, fwd.z[0], fwd.a[1])
        untouched(refbp.hidden_delta, grads.delta[1], weights[1], fz)
    untouched(net.activation.f, fwd.z[0])
    untouched(refbp.pre_activation, weights[0], biases[0], x)
    untouched(refbp.output_delta, fwd.y, net.prepare_target(d, len(x)))
    untouched(refbp.weight_grad, grads.delta[0], x)
    untouched(refbp.bias_grad, grads.delta[0])
    untouched(oracle.reference, net, x, d)
    untouched(oracle.check, net, x, d)
    untouched(oracle.assert_matches, net, x, d)
    untouched(
        oracle.compare, 1, "z", fwd.z[0], fwd.z[0].astype(np.float64), tolerance_for(dtype), np.abs(fwd.z[0])
    )


def test_backward_twice_gives_the_same_bits() -> None:
    net = refbp.MLP.init((3, 5, 2), hidden="tanh", task="binary", seed=4)
    x = np.random.default_rng(1).normal(size=(4, 3))
    d = np.full((4, 2), 0.5)
    fwd = net.forward(x)
    first, second = net.backward(fwd, d), net.backward(fwd, d)
    assert digest(first.delta, first.W, first.b) == digest(second.delta, second.W, second.b)


def test_digest_sees_a_single_changed_element() -> None:
    arr = np.zeros((2, 2))
    before = digest([arr])
    arr[1, 1] = 1e-300
    assert digest([arr]) != before
