"""Every public callable of refbp with valid baseline arguments and the kind of each argument.

Contract: ``CALLS`` lists a ``Call`` per public function or method (the class MLP, MLP.init,
forward, backward, loss, prepare_input, prepare_target, backprop, the five equations and
chain_delta); each names every argument it fuzzes, with the maker of its bad values.
Baselines come from a ``Context``, fresh on every call. Nothing here imports torch.
"""

from __future__ import annotations

from typing import Any

from fuzz import scalars
from fuzz.array_kinds import ARRAY, ArrayArgument
from fuzz.harness import Bad, Call, Context

import refbp

TARGET = ArrayArgument("labels")
"""A target d: integer labels (N,) are one of its forms."""
EQUATION = ArrayArgument("other float")
"""An equation's array: no network, so float32 and float64 are both valid."""


def name(base: str, c: Context) -> list[Bad]:
    return scalars.name(base)


def optional_name(base: str | None, c: Context) -> list[Bad]:
    return scalars.name(base, optional=True)


def layers(base: list[Any], c: Context) -> list[Bad]:
    return scalars.layers(base)


def forward(base: object, c: Context) -> list[Bad]:
    return scalars.forward(c)


def network(base: object, c: Context) -> list[Bad]:
    return scalars.network(c)


def components(base: object, c: Context) -> list[Bad]:
    """chain_delta's output and loss: an Output and a Loss object, nothing else."""
    pair = c.net.pair
    wrong = (None, pair.output.name, object(), pair, pair.loss if base is pair.output else pair.output)
    return [Bad("type", type(v).__name__, v, "refuse") for v in wrong]


def _layers(c: Context) -> dict[str, object]:
    return {"weights": [w.copy() for w in c.net.weights], "biases": [b.copy() for b in c.net.biases]}


def _fwd(c: Context) -> dict[str, object]:
    return {"fwd": c.net.forward(c.x), "d": c.d.copy(), "reduction": "sum"}


def _hidden_delta(c: Context) -> dict[str, object]:
    grads = refbp.backprop(c.net, c.x, c.d)
    tanh_prime = 1 - c.net.forward(c.x).a[1] ** 2
    return {"delta_next": grads.delta[1], "W_next": c.net.weights[1].copy(), "fprime_z": tanh_prime}


def _chain_delta(c: Context) -> dict[str, object]:
    fwd = c.net.forward(c.x)
    return {"z": fwd.z[-1], "y": fwd.y, "d": c.d.copy(), "output": c.net.pair.output, "loss": c.net.pair.loss}


def _delta(c: Context) -> Any:
    return refbp.backprop(c.net, c.x, c.d).delta[0]


PAIR = {"output": optional_name, "loss": optional_name}
FWD_D = {"fwd": forward, "d": TARGET, "reduction": name}

CALLS: list[Call] = [
    Call(
        "MLP(task=)",
        lambda c: refbp.MLP,
        lambda c: {**_layers(c), "hidden": "tanh", "task": c.net.task},
        {"weights": layers, "biases": layers, "weights[0]": ARRAY, "biases[-1]": ARRAY, "hidden": name,
         "task": optional_name},
    ),
    Call(
        "MLP(output=, loss=)",
        lambda c: refbp.MLP,
        lambda c: {**_layers(c), "hidden": "tanh", "output": "sigmoid", "loss": "squared_error"},
        PAIR,
    ),
    Call(
        "MLP.init",
        lambda c: refbp.MLP.init,
        lambda c: {"sizes": c.net.sizes, "hidden": "tanh", "task": c.net.task, "seed": 3, "dtype": c.dtype},
        {"sizes": lambda base, c: scalars.sizes(base), "hidden": name, "task": optional_name,
         "seed": lambda base, c: scalars.integer(base, 0, huge=True),
         "dtype": lambda base, c: scalars.dtype(base)},
    ),
    Call("MLP.init(output=, loss=)", lambda c: refbp.MLP.init,
         lambda c: {"sizes": c.net.sizes, "output": "exp", "loss": "poisson"}, PAIR),
    Call("MLP.forward", lambda c: c.net.forward, lambda c: {"x": c.x.copy()}, {"x": ARRAY}),
    Call("MLP.prepare_input", lambda c: c.net.prepare_input, lambda c: {"x": c.x.copy()}, {"x": ARRAY}),
    Call("MLP.prepare_target", lambda c: c.net.prepare_target, lambda c: {"d": c.d.copy(), "n": len(c.x)},
         {"d": TARGET, "n": lambda base, c: scalars.integer(base, 1)}),
    Call("MLP.backward", lambda c: c.net.backward, _fwd, FWD_D),
    Call("MLP.loss", lambda c: c.net.loss, _fwd, FWD_D),
    Call("backprop", lambda c: refbp.backprop,
         lambda c: {"net": c.net, "x": c.x.copy(), "d": c.d.copy(), "reduction": "sum"},
         {"net": network, "x": ARRAY, "d": TARGET, "reduction": name}),
    Call("pre_activation", lambda c: refbp.pre_activation,
         lambda c: {"W": c.net.weights[0].copy(), "b": c.net.biases[0].copy(), "a_prev": c.x.copy()},
         {"W": EQUATION, "b": EQUATION, "a_prev": EQUATION}),
    Call("output_delta", lambda c: refbp.output_delta,
         lambda c: {"y": c.net.forward(c.x).y.copy(), "d": c.d.copy()}, {"y": EQUATION, "d": EQUATION}),
    Call("hidden_delta", lambda c: refbp.hidden_delta, _hidden_delta,
         {"delta_next": EQUATION, "W_next": EQUATION, "fprime_z": EQUATION}),
    Call("weight_grad", lambda c: refbp.weight_grad, lambda c: {"delta": _delta(c), "a_prev": c.x.copy()},
         {"delta": EQUATION, "a_prev": EQUATION}),
    Call("bias_grad", lambda c: refbp.bias_grad, lambda c: {"delta": _delta(c)}, {"delta": EQUATION}),
    Call("chain_delta", lambda c: refbp.chain_delta, _chain_delta,
         {"z": EQUATION, "y": EQUATION, "d": EQUATION, "output": components, "loss": components}),
]  # fmt: skip
