"""The torch twin: the same network in float64 torch, every quantity taken from autograd.

Contract: ``reference(net, x, d)`` rebuilds ``net`` from its own arrays, runs forward,
writes E from the equation sheet, calls ``backward`` once, and returns z, a, delta
(= dE/dz through ``retain_grad``), dW, db and E as NumPy float64 arrays laid out like
refbp's (list position k is layer k + 1; a[0] is x). Nothing here calls refbp's
equations: refbp only checks and encodes the inputs, and states the leaky ReLU's slope
(a definition, not a computation; it is torch's own default, which a test checks).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812 (torch convention)

import refbp
from oracle.twin.threads import one_thread_if_small
from refbp.activations import LEAKY_SLOPE
from refbp.checks import check_reduction
from refbp.types import Reduction

__all__ = ["Reference", "as_tensor", "reference"]

Fn = Callable[[torch.Tensor], torch.Tensor]

HIDDEN: dict[str, Fn] = {
    "identity": lambda z: z,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "leaky_relu": lambda z: F.leaky_relu(z, negative_slope=LEAKY_SLOPE),
    # log(1 + e^z) for every z: F.softplus returns z itself above its threshold of 20, an
    # approximation off by e^-z (2e-9 at 20) in a and in f', beyond float64's tolerance
    "softplus": lambda z: torch.logaddexp(z, torch.zeros_like(z)),
}
"""The hidden activations of ``refbp.ACTIVATIONS``, in torch."""

OUTPUT: dict[str, Fn] = {
    "identity": lambda z: z,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "softmax": lambda z: torch.softmax(z, dim=1),
    "exp": torch.exp,
}
"""The output activations of ``refbp.OUTPUTS``, in torch."""

Log = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]

LOG: dict[str, tuple[Log, Log]] = {
    # (log y, log(1 - y)) of each output as functions of (z, y): the definitions, or
    # the same math taken from z where that keeps them finite as y rounds to 0 or 1
    "identity": (lambda z, y: torch.log(y), lambda z, y: torch.log1p(-y)),
    "sigmoid": (lambda z, y: F.logsigmoid(z), lambda z, y: F.logsigmoid(-z)),
    "tanh": (lambda z, y: torch.log(y), lambda z, y: torch.log1p(-y)),
    "softmax": (lambda z, y: torch.log_softmax(z, dim=1), lambda z, y: torch.log1p(-y)),
    "exp": (lambda z, y: z, lambda z, y: torch.log1p(-y)),
}

Error = Callable[[torch.Tensor, torch.Tensor, torch.Tensor, tuple[Log, Log]], torch.Tensor]

ERROR: dict[str, Error] = {
    # E of the whole batch (summed over examples and units), from the table of refbp.LOSSES
    "squared_error": lambda z, y, d, log: 0.5 * ((y - d) ** 2).sum(),
    "binary_cross_entropy": lambda z, y, d, log: -(d * log[0](z, y) + (1 - d) * log[1](z, y)).sum(),
    "cross_entropy": lambda z, y, d, log: -(d * log[0](z, y)).sum(),
    "poisson": lambda z, y, d, log: (y - d * log[0](z, y)).sum(),
}
"""The error functions of ``refbp.LOSSES``, in torch."""


@dataclass(frozen=True, eq=False)
class Reference:
    """What autograd says: z, delta, W, b (L arrays each), a (L + 1, a[0] = x), E and d."""

    z: list[np.ndarray]
    a: list[np.ndarray]
    delta: list[np.ndarray]
    W: list[np.ndarray]
    b: list[np.ndarray]
    loss: float
    d: np.ndarray
    canonical: bool = True
    """True when delta^(L) = y - d holds for this pair and target (E13): refbp's
    own rule (``Pair.canonical_for``), so that both sides decide it alike for the same d."""


def as_tensor(arr: np.ndarray, grad: bool = False) -> torch.Tensor:
    """A float64 tensor copy of ``arr`` (never sharing the caller's memory), tracking grad if asked."""
    return torch.from_numpy(np.array(arr, dtype=np.float64)).requires_grad_(grad)


def forward_error(
    net: refbp.MLP,
    W: list[torch.Tensor],
    b: list[torch.Tensor],
    x: torch.Tensor,
    d: torch.Tensor,
    reduction: Reduction,
) -> tuple[list[torch.Tensor], list[torch.Tensor], torch.Tensor]:
    """z (L tensors), a (L + 1, a[0] = x) and E of ``net``'s architecture on parameters W, b."""
    a = [x]
    z: list[torch.Tensor] = []
    output, loss = net.pair.output.name, net.pair.loss.name
    for k in range(len(W)):
        z.append(a[k] @ W[k].T + b[k])
        a.append((OUTPUT[output] if k == len(W) - 1 else HIDDEN[net.hidden])(z[k]))
    E = ERROR[loss](z[-1], a[-1], d, LOG[output])
    return z, a, E / d.shape[0] if reduction == "mean" else E


def reference(net: refbp.MLP, x: np.ndarray, d: np.ndarray, reduction: Reduction = "sum") -> Reference:
    """Every quantity of ``net`` on (x, d), computed by torch.autograd in float64.

    A twin whose largest tensor is below torch's grain size runs on one torch thread
    (set for the call, then restored): torch would not split such tensors anyway.
    """
    if not isinstance(net, refbp.MLP):
        raise TypeError(f"net must be a refbp.MLP, got {type(net).__name__}")
    x = net.prepare_input(x)  # the same checks and conversions as refbp's forward
    target = net.prepare_target(d, len(x))
    check_reduction(reduction)
    with one_thread_if_small(net, len(x)):
        return _autograd(net, x, target, reduction)


def _autograd(net: refbp.MLP, x: np.ndarray, target: np.ndarray, reduction: Reduction) -> Reference:
    W = [as_tensor(w, grad=True) for w in net.weights]
    b = [as_tensor(v, grad=True) for v in net.biases]
    d_t = as_tensor(target)
    z, a, E = forward_error(net, W, b, as_tensor(x), d_t, reduction)
    for z_l in z:
        z_l.retain_grad()  # delta^(l) = dE/dz^(l) (E6)
    E.backward()  # type: ignore[no-untyped-call]

    def out(ts: list[torch.Tensor]) -> list[np.ndarray]:
        return [t.detach().numpy() for t in ts]

    return Reference(
        z=out(z),
        a=out(a),
        delta=[t.grad.numpy() for t in z],  # type: ignore[union-attr]
        W=[t.grad.numpy() for t in W],  # type: ignore[union-attr]
        b=[t.grad.numpy() for t in b],  # type: ignore[union-attr]
        loss=float(E.item()),
        d=np.array(target, dtype=np.float64),
        canonical=net.pair.canonical_for(target),
    )
