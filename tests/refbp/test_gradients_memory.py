"""gradients' memory: each array freed once used, as autograd frees it; a workspace: none of a layer's size.

numpy reports its array buffers to tracemalloc. ``NUMPY_BUFFER``: a broadcasting ufunc (E1's
``z += b``) takes numpy's iterator buffer of 8192 elements, whatever the batch size.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable

import pytest
from nets import make

import refbp
from refbp import Workspace

NUMPY_BUFFER = 8192 * 8 + 4096  # bytes: the iterator's buffer, and a few small Python objects
SIZES = (64, 256, 256, 3)
N = 256


def _peak(call: Callable[[], object]) -> int:
    """The bytes ``call`` allocated at its peak, over what was allocated before it."""
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        call()
        return tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("hidden", sorted(refbp.ACTIVATIONS))
@pytest.mark.parametrize("task", ["regression", "binary", "multiclass"])
def test_a_second_call_with_the_workspace_allocates_no_array(hidden: str, task: str) -> None:
    net, x, d = make(SIZES, hidden, task, n=N)
    ws = Workspace(net, N)
    net.gradients(x, d, "mean", workspace=ws)
    peak = _peak(lambda: net.gradients(x, d, "mean", workspace=ws))
    layer = N * 256 * 8  # one (N, n_l) array of a hidden layer
    # sigmoid's f takes one temporary, softplus's f and f' one each, one after the other
    temporaries = layer if hidden in ("sigmoid", "softplus") else 0
    assert peak < temporaries + NUMPY_BUFFER + 4 * N * SIZES[-1] * 8  # the output layer's E: (N, n_L)
    assert peak < layer / 2 + temporaries  # nothing of a hidden layer's size, whatever N


@pytest.mark.parametrize("hidden", sorted(refbp.ACTIVATIONS))
def test_without_a_workspace_the_peak_is_a_the_gradients_and_one_layers_temporaries(hidden: str) -> None:
    net, x, d = make(SIZES, hidden, "regression", n=N)
    peak = _peak(lambda: net.gradients(x, d))
    activations = sum(N * n * 8 for n in SIZES[1:])  # a^(1), ..., a^(L)
    gradients = sum(W.nbytes + b.nbytes for W, b in zip(net.weights, net.biases, strict=True))
    kept_z = 0 if net.activation.from_a else sum(N * n * 8 for n in SIZES[1:-1])  # f' reads z
    one_layers_temporaries = 3 * N * 256 * 8  # E9 meets delta^(l+1), f'(z^(l)) and delta^(l)
    assert peak <= activations + gradients + kept_z + one_layers_temporaries + NUMPY_BUFFER
    fwd = net.forward(x)
    assert peak < _peak(lambda: net.backward(fwd, d)) + sum(arr.nbytes for arr in (*fwd.z, *fwd.a[1:]))


@pytest.mark.parametrize("hidden", sorted(refbp.ACTIVATIONS))
@pytest.mark.parametrize("task", ["regression", "multiclass"])
def test_a_is_freed_before_e9_so_the_peak_is_autograds(hidden: str, task: str) -> None:
    # torch frees a^(l-1) once it has dE/dW^(l) and f'(z^(l-1)); so does gradients: E9 then
    # meets the gradients so far, delta^(l), f'(z^(l-1)) and delta^(l-1), and no a^(l-1)
    net, x, d = make(SIZES, hidden, task, n=N)
    peak = _peak(lambda: net.gradients(x, d))
    gradients = sum(W.nbytes + b.nbytes for W, b in zip(net.weights, net.biases, strict=True))
    layer = N * 256 * 8
    # softplus's f' reads z: every z^(l) is kept, and its f' (a sigmoid) takes one temporary
    kept_z = 0 if net.activation.from_a else sum(N * n * 8 for n in SIZES[1:-1]) + layer
    assert peak <= gradients + kept_z + 3 * layer + NUMPY_BUFFER + 4 * N * SIZES[-1] * 8


def test_the_input_check_allocates_nothing_of_xs_size() -> None:
    net, x, _ = make((4096, 3), "tanh", "regression", n=64)
    assert _peak(lambda: net.prepare_input(x)) < 4096  # x is 2 MiB
