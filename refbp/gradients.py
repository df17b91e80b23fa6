"""The gradients alone: dE/dW, dE/db and E, as a training loop or a sweep wants them.

Contract: ``gradients(net, x, d, reduction, workspace=None)`` checks its arguments as
``MLP.forward`` and ``MLP.backward`` do, runs the same equations on them in the same order
(E1-E2 layer by layer, E13 or E11, then E8-E10 from layer L down; ``refbp.equations``) and
returns a ``Gradients`` whose W and b equal ``backprop``'s bit for bit, with E as ``MLP.loss``
gives it and no deltas. Each z, a and delta is freed once used, a^(l-1) before E9 as
torch.autograd frees it: at its peak the call holds the gradients so far, the a below and
three arrays of a layer's size, delta^(l), f'(z^(l-1)) and delta^(l-1) (and every z^(l)
where f' reads z, as for softplus). A ``Workspace`` holds all of these arrays for one network
shape, dtype and batch size. Passed as ``workspace=``, the call allocates no array of a hidden
layer's size (but for the one temporary of sigmoid's f and softplus's f and f'; the output
layer's E, a non-canonical delta^(L) and one-hot rows of labels take their (N, n_L) arrays,
and numpy's broadcasting its 8192-element buffer), and the W and b it returns are read-only
views into it, overwritten by the next call with it: ``[g.copy() for g in grads.W]`` keeps
them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from refbp._overflow import raise_on_overflow
from refbp.checks import check_reduction, is_integer
from refbp.equations import bias_grad, chain_delta, hidden_delta, output_delta, pre_activation, weight_grad
from refbp.mlp import MLP, Gradients, backprop
from refbp.types import Array, Reduction

__all__ = ["Workspace", "gradients"]


def _keeps_z(net: MLP) -> bool:
    """True when f' of the hidden layers reads z, so that every z^(l) is kept until backward."""
    return not net.activation.from_a


def _describe(sizes: tuple[int, ...], dtype: np.dtype[Any], keeps_z: bool) -> str:
    reads = "z (softplus)" if keeps_z else "a"
    return f"sizes {sizes} in {dtype}, hidden f' read from {reads}"


@dataclass(frozen=True, eq=False, init=False)
class Workspace:
    """The arrays of ``gradients`` for one network shape and dtype and a batch of ``batch`` rows.

    Made once (``Workspace(net, len(x))``) and passed as ``workspace=`` to every call: it
    fits any network of ``net``'s sizes, dtype and kind of hidden f' (``with_layers`` keeps
    them), so a training loop keeps one across its steps.
    """

    sizes: tuple[int, ...]
    batch: int
    dtype: np.dtype[Any]
    keeps_z: bool
    z: list[Array] = field(repr=False)
    a: list[Array] = field(repr=False)
    fz: list[Array] = field(repr=False)
    delta: list[Array] = field(repr=False)
    W: list[Array] = field(repr=False)
    b: list[Array] = field(repr=False)
    W_read: list[Array] = field(repr=False)
    b_read: list[Array] = field(repr=False)

    def __init__(self, net: MLP, batch: int) -> None:
        if not isinstance(net, MLP):
            raise TypeError(f"net must be a refbp.MLP, got {type(net).__name__}")
        want = "batch must be an integer >= 1 (the batch size N, len(x))"
        if not is_integer(batch):
            raise TypeError(f"{want}, got {batch!r}")
        if batch < 1:
            raise ValueError(f"{want}, got {batch}")
        N, widths, dtype = int(batch), net.sizes[1:], net.dtype
        one_layer = [np.empty(N * max(widths), dtype) for _ in range(4)]  # z, f', and delta two at a time

        def layers(flat: Array) -> list[Array]:
            """One (N, n_l) view of ``flat`` per layer: the layers take turns in it."""
            return [flat[: N * n].reshape(N, n) for n in widths]

        set_ = object.__setattr__
        set_(self, "sizes", net.sizes)
        set_(self, "batch", N)
        set_(self, "dtype", dtype)
        set_(self, "keeps_z", _keeps_z(net))
        # every z^(l) is kept where f' reads it, else each layer's is spent on its a^(l)
        set_(self, "z", [np.empty((N, n), dtype) for n in widths] if self.keeps_z else layers(one_layer[0]))
        set_(self, "a", [np.empty((N, n), dtype) for n in widths])  # a^(1), ..., a^(L)
        set_(self, "fz", layers(one_layer[1]))
        # delta^(l) is made from delta^(l+1): each layer writes where its successor does not
        set_(self, "delta", [layers(one_layer[2 + k % 2])[k] for k in range(len(widths))])
        set_(self, "W", [np.empty_like(W) for W in net.weights])
        set_(self, "b", [np.empty_like(b) for b in net.biases])
        set_(self, "W_read", [_read_only(W) for W in self.W])
        set_(self, "b_read", [_read_only(b) for b in self.b])

    def check(self, net: MLP, n: int) -> None:
        """ValueError unless this workspace fits ``net`` and a batch of ``n`` rows, saying how to fix."""
        ours, theirs = (self.sizes, self.dtype, self.keeps_z), (net.sizes, net.dtype, _keeps_z(net))
        if ours != theirs:
            raise ValueError(
                f"workspace was made for {_describe(*ours)}, but this network has {_describe(*theirs)}; "
                "make one for it with refbp.Workspace(net, len(x))"
            )
        if n != self.batch:
            raise ValueError(
                f"workspace holds a batch of N = {self.batch} rows, but x has {n}; "
                f"make one for it with refbp.Workspace(net, {n})"
            )


def _read_only(arr: Array) -> Array:
    view = arr.view()
    view.flags.writeable = False  # the caller reads the gradients; the next call writes them
    return view


def gradients(
    net: MLP, x: Array, d: Array, reduction: Reduction = "sum", *, workspace: Workspace | None = None
) -> Gradients:
    """dE/dW, dE/db and E for input x (N, n_0) and target d, keeping no z, a or delta.

    ``workspace``: a ``Workspace`` for this network and N, whose arrays the call uses and
    whose read-only views it returns, or None for new arrays.
    """
    if not isinstance(net, MLP):
        raise TypeError(f"net must be a refbp.MLP, got {type(net).__name__}")
    x = net.prepare_input(x)
    check_reduction(reduction)
    if workspace is not None:
        if not isinstance(workspace, Workspace):
            raise TypeError(
                "workspace must be a refbp.Workspace (refbp.Workspace(net, len(x))) or None, "
                f"got {type(workspace).__name__}"
            )
        workspace.check(net, len(x))
    try:
        # d checked and converted in the call, so that _gradients holds the only reference and frees it
        return _gradients(net, x, net.prepare_target(d, len(x)), reduction, workspace)
    except FloatingPointError:
        # the same equations on the same numbers overflow in backprop, which raises naming the array
        return replace(
            backprop(net, x, d, reduction), delta=None, loss=net.loss(net.forward(x), d, reduction)
        )


def _gradients(net: MLP, x: Array, d: Array, reduction: Reduction, ws: Workspace | None) -> Gradients:
    """The equations of ``gradients`` on its checked arguments, into ``ws`` where given."""

    L, act, pair = len(net.weights), net.activation, net.pair
    new: list[Array | None] = [None] * L  # no workspace: every equation makes a new array
    z_ws, a_ws, fz_ws, delta_ws, W_ws, b_ws = (
        (ws.z, ws.a, ws.fz, ws.delta, ws.W, ws.b) if ws is not None else (new,) * 6
    )
    with raise_on_overflow():  # every input is finite: only an overflow can make an inf
        a = [x]  # a[l] = a^(l)
        z = []  # what f' reads of layer l: z^(l), or a^(l) where f' reads a alone (z^(l) is then freed)
        for l in range(1, L + 1):
            z.append(pre_activation(net.weights[l - 1], net.biases[l - 1], a[l - 1], z_ws[l - 1]))  # E1
            a.append((pair.output.f if l == L else act.f)(z[-1], out=a_ws[l - 1]))  # E2
            if l < L and act.from_a:
                z[-1] = a[l]  # z^(l) is freed here, or its array in the workspace taken by z^(l+1)
        y, z_L = a.pop(), z.pop()
        E = pair.total(z_L, y, d, reduction)
        if pair.canonical_for(d):  # f'(z^(L)) cancels
            delta = output_delta(y, d, delta_ws[L - 1])  # E13 at layer L
        else:
            delta = chain_delta(z_L, y, d, pair.output, pair.loss)  # E11: the chain rule
        del y, z_L, d  # d as converted (one-hot labels) is the call's own: freed here
        if reduction == "mean":
            delta /= len(x)  # E = (1/N) sum_n E_n: every delta carries the 1/N
        W: list[Array] = []
        b: list[Array] = []
        for l in range(L, 0, -1):  # layers L, ..., 1
            a_prev = a.pop()  # a^(l-1), read for the last time
            W.insert(0, weight_grad(delta, a_prev, W_ws[l - 1]))  # E10
            b.insert(0, bias_grad(delta, b_ws[l - 1]))  # E10
            if l > 1:
                fz = act.fprime(z.pop(), a_prev, out=fz_ws[l - 2])  # f'(z^(l-1)), E8
                del a_prev  # so E9 runs with at most dE/dW^(l), delta^(l), f' and delta^(l-1) alive
                delta = hidden_delta(delta, net.weights[l - 1], fz, delta_ws[l - 2])  # E9
                del fz
    if ws is not None:
        W, b = list(ws.W_read), list(ws.b_read)
    return Gradients(delta=None, W=W, b=b, loss=E)
