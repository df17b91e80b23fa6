"""The output layer of a network: an output activation paired with an error function.

Contract: ``make_pair(task, output, loss)`` resolves a task name (the shorthand for a
canonical pair) or an explicit output and loss into a ``Pair``, refusing pairs whose y
can leave the domain of the error (binary_cross_entropy on an identity output, say).
A ``Pair`` gives E of every example (``error``) and says whether the output delta is
E13, y - d (``uses_identity``: the pair is canonical and its condition holds); where it
is not, the delta is the chain rule ``chain_delta`` (E11). ``MLP.backward`` makes that
choice; ``chain_delta`` alone decides how the chain rule is taken:

    delta^(L) = dE/dz^(L) = sum over the variables v that E is written in of (dv/dz)^T dE/dv

with v = y for squared error (dE/dy * f'(z), or the softmax Jacobian applied to dE/dy),
and v = log y (and log(1 - y)) for the errors that take logs, whose dE/dv never divides
by y (``refbp.losses``) and whose d log y / dz never needs 1/y (``refbp.outputs``). So
no pair computes inf * 0 where y rounds to 0 or 1. For example sigmoid + poisson:
(d log y / dz) dE/d log y = (1 - y)(y - d), where dE/dy * f'(z) = (1 - d/y) y (1 - y).

The canonical pairs, where f'(z^(L)) cancels against dE/dy:

| output   | loss                 | delta^(L) = y - d when     |
|----------|----------------------|----------------------------|
| identity | squared_error        | always                     |
| sigmoid  | binary_cross_entropy | always                     |
| softmax  | cross_entropy        | every row of d sums to 1 (else y * sum_k d_k - d) |
| exp      | poisson              | always                     |
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from refbp._finite import finite
from refbp._signature import shapes
from refbp._types import Array
from refbp.losses import LOSSES, Loss, Target, get_loss
from refbp.outputs import OUTPUTS, Output, get_output
from refbp.targets import rows_sum_to_one
from refbp.tasks import get_task

__all__ = ["CANONICAL", "Pair", "chain_delta", "check_pair", "make_pair", "rows_sum_to_one"]


LOG_NAMES = {"log_y": "log y", "log_1my": "log(1 - y)"}


def _always(d: Array) -> bool:
    return True


CANONICAL: dict[tuple[str, str], Callable[[Array], bool]] = {
    ("identity", "squared_error"): _always,
    ("sigmoid", "binary_cross_entropy"): _always,
    ("softmax", "cross_entropy"): rows_sum_to_one,
    ("exp", "poisson"): _always,
}
"""The canonical pairs (output, loss), each with the condition on d under which delta^(L) = y - d."""


@shapes("z: N n_L, y: N n_L, d: N n_L")
@finite
def chain_delta(z: Array, y: Array, d: Array, output: Output, loss: Loss) -> Array:
    """(E11) delta_j^(L) = dE/dz_j^(L) by the chain rule, for any pair: sum_v (dv/dz)^T dE/dv.

    v = y: dE/dy_j * f'(z_j^(L)) for elementwise outputs; softmax: y_j (g_j - sum_k g_k y_k)
    with g = dE/dy. v = log y: s_j * h_j, s = dE/d log y, h = d log y / dz (1 - y = sigmoid(-z)
    for sigmoid, 1 for exp); softmax: s_j - y_j sum_k s_k. v = log(1 - y): -y_j c_j for sigmoid.
    z, y = output.f(z), d: (N, n_L) -> delta^(L): (N, n_L). ``output`` and ``loss`` are a
    ``refbp.Output`` and a ``refbp.Loss`` (``refbp.OUTPUTS[name]``, ``refbp.LOSSES[name]``).
    """
    if not isinstance(output, Output):
        raise _not_a("output", output, "Output", "OUTPUTS")
    if not isinstance(loss, Loss):
        raise _not_a("loss", loss, "Loss", "LOSSES")
    check_pair(output, loss)
    grads = loss.grad(y, d)
    delta = output.through(loss.wrt[0])(z, y, grads[0])
    for v, dE_dv in zip(loss.wrt[1:], grads[1:], strict=True):
        delta += output.through(v)(z, y, dE_dv)  # in place on the first term, which this function owns
    return delta


def _not_a(argument: str, value: object, kind: str, table: str) -> TypeError:
    hint = f"; pass refbp.{table}[{value!r}]" if isinstance(value, str) else ""
    got = type(value).__name__
    return TypeError(
        f"chain_delta: {argument} must be a refbp.{kind} (one of refbp.{table}), got {got}{hint}"
    )


@dataclass(frozen=True)
class Pair:
    """An output activation with an error function, and the target check that goes with them."""

    output: Output
    loss: Loss
    target: Target

    @property
    def name(self) -> str:
        """'sigmoid+squared_error'."""
        return f"{self.output.name}+{self.loss.name}"

    @property
    def canonical(self) -> bool:
        """True for a canonical pair (delta^(L) = y - d, see ``condition``)."""
        return (self.output.name, self.loss.name) in CANONICAL

    def uses_identity(self, d: Array) -> bool:
        """True when delta^(L) = y - d (E13) holds for this pair and target d."""
        condition = CANONICAL.get((self.output.name, self.loss.name))
        return condition is not None and condition(d)

    def error(self, z: Array, y: Array, d: Array) -> Array:
        """E of every example, shape (N,)."""
        return self.loss.error(z, y, d, self.output)


def make_pair(task: object, output: object, loss: object) -> Pair:
    """The pair named by ``task``, or by ``output`` and ``loss`` (not both ways at once)."""
    if output is None and loss is None:
        t = get_task("regression" if task is None else task)
        return Pair(OUTPUTS[t.output], LOSSES[t.loss], t.target)
    if task is not None:
        raise ValueError(
            f"give either task={task!r} or output= and loss=, not both (a task names an output and a loss)"
        )
    if output is None or loss is None:
        missing = "output" if output is None else "loss"
        raise ValueError(f"output= and loss= go together; {missing}= is missing")
    out, err = get_output(output), get_loss(loss)
    check_pair(out, err)
    return Pair(out, err, err.target)


def check_pair(out: Output, err: Loss) -> None:
    """ValueError unless ``err`` accepts ``out``: y within its domain, every log it takes computed from z."""
    if err.accepts(out):
        return
    fits = ", ".join(name for name, o in OUTPUTS.items() if err.accepts(o))
    if err.fits(out):
        logs = " and ".join(LOG_NAMES[log] for log in err.logs if not out.computes(log))
        reason = (
            f"loss={err.name!r} takes {logs}, which output={out.name!r} cannot compute from z "
            "(from a rounded y it is infinite)"
        )
    else:
        reason = (
            f"loss={err.name!r} is defined for y in {err.interval}, "
            f"but output={out.name!r} gives y in {out.interval}"
        )
    raise ValueError(f"{reason}; pair it with output= one of: {fits}")
