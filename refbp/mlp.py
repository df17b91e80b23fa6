"""A multilayer perceptron trained by the delta rule, built on ``refbp.equations``.

Contract: ``MLP.forward(x)`` returns the z and a of every layer (a ``Forward``);
``MLP.backward(fwd, d)`` takes them and returns one delta, dE/dW and dE/db per layer
(a ``Gradients``). List position k is layer l = k + 1 of the equation sheet, except
``Forward.a``, where a[0] is the input x and a[l] the output of layer l. Nothing is
cached on the network, and no argument is ever written to. Every number returned is
finite: where a z, a, gradient or E would overflow the dtype, or a hand-made Forward
holds NaN or +-Inf, a ValueError says so (never a RuntimeWarning and an inf).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from refbp._arrays import check_forward, check_forward_values, check_input
from refbp._overflow import first_overflow, forward_overflow, raise_on_overflow
from refbp.activations import Activation, get_activation
from refbp.checks import check_reduction, is_integer
from refbp.equations import bias_grad, chain_delta, hidden_delta, output_delta, pre_activation, weight_grad
from refbp.network import check_layers, check_sizes, init_layers
from refbp.output_layer import Pair, make_pair
from refbp.types import Array, Reduction

if TYPE_CHECKING:
    from refbp.gradients import Workspace

__all__ = ["MLP", "Forward", "Gradients", "backprop"]


@dataclass(frozen=True, eq=False)
class Forward:
    """The forward pass: z[k] = z^(k+1) (L arrays), a[l] = a^(l) (L + 1 arrays, a[0] = x)."""

    z: list[Array]
    a: list[Array]
    net: MLP = field(repr=False)

    @property
    def y(self) -> Array:
        """The network output y = a^(L), shape (N, n_L)."""
        return self.a[-1]


@dataclass(frozen=True, eq=False)
class Gradients:
    """The backward pass, indexed like the weights: delta[k], W[k], b[k] belong to layer k + 1.

    ``MLP.gradients`` keeps no delta (None) and gives E (``loss``), which ``backward`` leaves None.
    """

    delta: list[Array] | None
    W: list[Array]
    b: list[Array]
    loss: float | None = None


@dataclass(frozen=True, eq=False, init=False)
class MLP:
    """A fully connected network: ``weights[k]`` (n_{k+1}, n_k), ``biases[k]`` (n_{k+1},).

    ``hidden`` names the activation of every hidden layer (see ``refbp.ACTIVATIONS``).
    The output layer is either a ``task``, the shorthand for an output activation with
    its canonical error (see ``refbp.TASKS``; "regression" when nothing is given), or an
    ``output`` (see ``refbp.OUTPUTS``) with a ``loss`` (see ``refbp.LOSSES``) chosen
    apart, in which case ``task`` is None. ``pair`` holds the resolved choice.
    """

    weights: tuple[Array, ...]
    biases: tuple[Array, ...]
    hidden: str
    task: str | None
    pair: Pair

    def __init__(
        self,
        weights: Sequence[Array],
        biases: Sequence[Array],
        hidden: str = "sigmoid",
        task: str | None = None,
        *,
        output: str | None = None,
        loss: str | None = None,
    ) -> None:
        get_activation(hidden)
        pair = make_pair(task, output, loss)
        W, b = check_layers(weights, biases)
        object.__setattr__(self, "weights", W)
        object.__setattr__(self, "biases", b)
        object.__setattr__(self, "hidden", hidden)
        object.__setattr__(self, "task", "regression" if task is None and output is None else task)
        object.__setattr__(self, "pair", pair)

    @classmethod
    def init(
        cls,
        sizes: Sequence[int],
        *,
        hidden: str = "sigmoid",
        task: str | None = None,
        output: str | None = None,
        loss: str | None = None,
        seed: int = 0,
        dtype: Any = np.float64,
    ) -> MLP:
        """A network of widths ``sizes`` = (n_0, ..., n_L), drawn from ``seed``.

        Weights are uniform in +-1/sqrt(n_{l-1}) (the default of ``torch.nn.Linear``),
        biases likewise; the same seed always gives the same arrays.
        """
        widths = check_sizes(sizes)  # Python ints: numpy's would overflow when counted
        weights, biases = init_layers(widths, seed, dtype)
        return cls(weights, biases, hidden=hidden, task=task, output=output, loss=loss)

    def with_layers(
        self, weights: Sequence[Array], biases: Sequence[Array], *, keep_task: bool = True
    ) -> MLP:
        """The same architecture (hidden activation; task, or output and loss) with other arrays.

        The one way to rebuild a network: a task keeps its own target check (integer labels,
        rows summing to 1), which an output and loss named apart would not. ``keep_task=False``
        names the task's output and loss apart: the same E and gradients, for a d that this
        network has checked and converted already (in its own dtype's rounding).
        """
        if self.task is not None and keep_task:
            return MLP(weights, biases, hidden=self.hidden, task=self.task)
        return MLP(
            weights, biases, hidden=self.hidden, output=self.pair.output.name, loss=self.pair.loss.name
        )

    @property
    def sizes(self) -> tuple[int, ...]:
        """The widths (n_0, n_1, ..., n_L)."""
        return (self.weights[0].shape[1], *(W.shape[0] for W in self.weights))

    @property
    def dtype(self) -> np.dtype[Any]:
        """The dtype every array of this network is computed in (float32 or float64)."""
        return self.weights[0].dtype

    @property
    def activation(self) -> Activation:
        """The hidden activation as a pair f, f'."""
        return get_activation(self.hidden)

    def forward(self, x: Array) -> Forward:
        """(E1-E2) z^(l) = W^(l) a^(l-1) + b^(l) and a^(l) = f(z^(l)), layer by layer.

        x: (N, n_0). The last layer applies the output activation instead of f.
        """
        x = self.prepare_input(x)
        f, out = self.activation.f, self.pair.output.f
        z: list[Array] = []
        a: list[Array] = [x]
        try:
            with raise_on_overflow():  # x and the weights are finite: only an overflow can make an inf
                for l, (W, b) in enumerate(zip(self.weights, self.biases, strict=True), start=1):
                    z.append(pre_activation(W, b, a[l - 1]))  # E1
                    a.append((out if l == len(self.weights) else f)(z[-1]))  # E2
        except FloatingPointError:
            raise forward_overflow(z, a, self.dtype) from None
        return Forward(z=z, a=a, net=self)

    def backward(self, fwd: Forward, d: Array, reduction: Reduction = "sum") -> Gradients:
        """(E9-E13) delta^(L), then delta^(l) from delta^(l+1), and dW, db per layer.

        delta^(L) is y - d (E13) for a canonical pair (softmax + cross_entropy: when every
        row of d sums to 1), else the chain rule (E11, ``refbp.chain_delta``). d: the target,
        (N, n_L) (or integer labels (N,) for multiclass). With ``reduction="mean"`` every
        delta and gradient is divided by N.
        """
        self._check_forward(fwd)
        d = self.prepare_target(d, len(fwd.y))
        check_reduction(reduction)
        check_forward_values(fwd.z, fwd.a)  # a Forward made by hand may hold NaN or +-Inf
        try:
            with raise_on_overflow():  # every input is finite: only an overflow can make an inf
                return self._backward(fwd, d, reduction)
        except FloatingPointError:
            with np.errstate(all="ignore"):  # once more, quietly, to name what overflowed
                grads = self._backward(fwd, d, reduction)
            named = {f"{q}[{k}]": g for q in ("delta", "W", "b") for k, g in enumerate(getattr(grads, q))}
            raise first_overflow("backward", named, self.dtype, "d, x and the weights") from None

    def _backward(self, fwd: Forward, d: Array, reduction: Reduction) -> Gradients:
        """The equations of ``backward`` on its checked arguments."""
        L = len(self.weights)
        pair, y, z = self.pair, fwd.y, fwd.z[-1]
        if pair.canonical_for(d):  # f'(z^(L)) cancels
            delta: list[Array] = [output_delta(y, d)]  # E13 at layer L
        else:
            delta = [chain_delta(z, y, d, pair.output, pair.loss)]  # E11: the chain rule
        if reduction == "mean":
            delta[0] /= len(d)  # E = (1/N) sum_n E_n: every delta carries the 1/N
        fprime = self.activation.fprime
        for l in range(L - 1, 0, -1):  # layers L-1, ..., 1
            fz = fprime(fwd.z[l - 1], fwd.a[l])  # f'(z^(l)), E8
            delta.insert(0, hidden_delta(delta[0], self.weights[l], fz))  # E9
            del fz  # E8's f'(z^(l)) is a temporary: free it before the dW of E10 are allocated
        W = [weight_grad(delta[k], fwd.a[k]) for k in range(L)]  # E10
        b = [bias_grad(delta_l) for delta_l in delta]  # E10
        return Gradients(delta=delta, W=W, b=b)

    def loss(self, fwd: Forward, d: Array, reduction: Reduction = "sum") -> float:
        """E over the batch: the sum (or mean) of the examples' errors (E12 and its kin, ``refbp.LOSSES``)."""
        self._check_forward(fwd)
        d = self.prepare_target(d, len(fwd.y))
        check_reduction(reduction)
        check_forward_values(fwd.z, fwd.a, first=len(self.weights))  # the z^(L) and y that E reads
        return self.pair.total(fwd.z[-1], fwd.y, d, reduction)

    def gradients(
        self, x: Array, d: Array, reduction: Reduction = "sum", *, workspace: Workspace | None = None
    ) -> Gradients:
        """dE/dW, dE/db (equal to ``backprop``'s) and E, keeping no delta: ``refbp.gradients.gradients``."""
        from refbp.gradients import gradients  # here: refbp.gradients builds on this module

        return gradients(self, x, d, reduction, workspace=workspace)

    def prepare_input(self, x: Array) -> Array:
        """x checked and converted as ``forward`` takes it: (N, n_0) of the network's dtype."""
        return check_input(x, self.weights[0].shape[1], self.dtype)  # n_0, without building sizes

    def prepare_target(self, d: Array, n: int) -> Array:
        """d checked and converted as ``backward`` takes it, for n rows: (n, n_L); labels (n,) one-hot."""
        want = "n must be an integer >= 1 (the batch size N, len(x))"
        if not is_integer(n):
            raise TypeError(f"{want}, got {n!r}")
        if n < 1:
            raise ValueError(f"{want}, got {n}")
        return self.pair.target(d, (int(n), self.weights[-1].shape[0]), self.dtype)  # (N, n_L)

    def _check_forward(self, fwd: Forward) -> None:
        if not isinstance(fwd, Forward):
            raise TypeError(f"fwd must be the Forward that net.forward(x) returned, got {type(fwd).__name__}")
        if fwd.net is not self:
            raise ValueError("fwd was computed by another network; call this network's forward(x) first")
        check_forward(fwd.z, fwd.a, self.sizes, self.dtype)  # a Forward built or edited by hand


def backprop(net: MLP, x: Array, d: Array, reduction: Reduction = "sum") -> Gradients:
    """Forward then backward: the deltas and gradients of E for input x and target d."""
    if not isinstance(net, MLP):
        raise TypeError(f"net must be a refbp.MLP, got {type(net).__name__}")
    return net.backward(net.forward(x), d, reduction)
