"""A symbolic witness: dE/dz_j^(L) derived by sympy, and whether it is y_j - d_j.

Contract: ``prove_output_delta(output, loss, units=K)`` writes y = f(z) and E(y, d) for
K output units from its own formulas (independent of refbp's code), differentiates E
with respect to z_j for every j, rewrites the result in y and d (z = f^-1(y); for
softmax, z_k = log y_k, exact because softmax ignores a common shift, and y_K =
1 - sum_{k<K} y_k), and brings it to a canonical rational form (``sympy.cancel``), in
which "is it zero?" is decided exactly. The ``Proof`` it returns says whether delta_j
= y_j - d_j for every j, under which condition on d if any, and otherwise by how much
it differs (``extra``, and ``factor`` when delta = (y - d) * factor). A task name may
stand for its canonical pair: ``prove_output_delta("multiclass")``. Results are
cached, so the report and the tests pay for each derivation once.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import sympy as sp

import refbp
from refbp.checks import is_integer, lookup

__all__ = ["Proof", "prove_output_delta"]

Exprs = Sequence[sp.Expr]

OUTPUT: dict[str, tuple[Callable[[Exprs], list[sp.Expr]], Callable[[Exprs], list[sp.Expr]]]] = {
    # name: (y = f(z), z = f^-1(y)), for a list of units
    "identity": (lambda z: list(z), lambda y: list(y)),
    "sigmoid": (lambda z: [1 / (1 + sp.exp(-v)) for v in z], lambda y: [sp.log(v / (1 - v)) for v in y]),
    "tanh": (lambda z: [sp.tanh(v) for v in z], lambda y: [sp.atanh(v) for v in y]),
    "softmax": (
        lambda z: [sp.exp(v) / sum(sp.exp(u) for u in z) for v in z],
        lambda y: [sp.log(v) for v in y],
    ),
    "exp": (lambda z: [sp.exp(v) for v in z], lambda y: [sp.log(v) for v in y]),
}
"""The output activations of ``refbp.OUTPUTS``, in sympy, with their inverses."""

LOSS: dict[str, Callable[[Exprs, Exprs], sp.Expr]] = {
    "squared_error": lambda y, d: sum(((v - t) ** 2 / 2 for v, t in zip(y, d, strict=True)), sp.S.Zero),
    "binary_cross_entropy": lambda y, d: (
        -sum((t * sp.log(v) + (1 - t) * sp.log(1 - v) for v, t in zip(y, d, strict=True)), sp.S.Zero)
    ),
    "cross_entropy": lambda y, d: -sum((t * sp.log(v) for v, t in zip(y, d, strict=True)), sp.S.Zero),
    "poisson": lambda y, d: sum((v - t * sp.log(v) for v, t in zip(y, d, strict=True)), sp.S.Zero),
}
"""The error functions of ``refbp.LOSSES``, in sympy (the sum over units of one example)."""

SUM_TO_ONE = "sum_k d_k = 1"


@dataclass(frozen=True)
class Proof:
    """dE/dz_1^(L) of a pair, derived; by symmetry every unit j has the same form."""

    output: str
    loss: str
    units: int
    delta: sp.Expr
    """dE/dz_1 in terms of y_k and d_k."""
    reduces_to_y_minus_d: bool
    condition: str | None
    """The condition on d that ``reduces_to_y_minus_d`` needed, e.g. 'sum_k d_k = 1'; None if none."""
    extra: sp.Expr
    """delta_1 - (y_1 - d_1) with no condition imposed: 0 exactly when delta_1 = y_1 - d_1 for every d."""
    factor: sp.Expr | None
    """delta_1 / (y_1 - d_1) when that is free of d (the f'(z) that did not cancel), else None."""
    seconds: float

    @property
    def expression(self) -> str:
        """The derived delta_1 as a string."""
        return str(self.delta)

    @property
    def pair(self) -> str:
        """'softmax+cross_entropy'."""
        return f"{self.output}+{self.loss}"

    def to_dict(self) -> dict[str, Any]:
        """The proof as plain JSON-ready values."""
        return {
            "output": self.output,
            "loss": self.loss,
            "units": self.units,
            "delta": self.expression,
            "reduces_to_y_minus_d": self.reduces_to_y_minus_d,
            "condition": self.condition,
            "extra": str(self.extra),
            "factor": None if self.factor is None else str(self.factor),
            "seconds": self.seconds,
        }


def _names(output: object, loss: object) -> tuple[str, str]:
    if not isinstance(output, str):
        raise TypeError(
            f"output must be an output activation or a task name (a str), got {type(output).__name__}"
        )
    if loss is None:
        task = refbp.TASKS.get(output)
        if task is None:
            raise ValueError(
                f"give an output and a loss, or a task name as the output; {output!r} is no task "
                f"(tasks: {', '.join(refbp.TASKS)})"
            )
        return task.output, task.loss
    lookup(OUTPUT, output, "output", "output activation")
    lookup(LOSS, loss, "loss", "loss")
    return output, str(loss)


def prove_output_delta(
    output: str, loss: str | None = None, units: int = 3, *, normalized: bool = True
) -> Proof:
    """Derive delta^(L) = dE/dz^(L) for ``output`` with ``loss`` over ``units`` output units.

    ``normalized=False`` forbids the condition sum_k d_k = 1 (targets whose rows do
    not sum to one), so softmax + cross-entropy then does not reduce to y - d. NumPy
    integers and bools are taken as Python's (the result is cached, and JSON-ready).
    """
    if not is_integer(units):
        raise TypeError(f"units must be an integer >= 1, got {units!r}")
    if units < 1:
        raise ValueError(f"units must be an integer >= 1, got {units!r}")
    if not isinstance(normalized, (bool, np.bool_)):
        raise TypeError(f"normalized must be True or False, got {normalized!r}")
    out, err = _names(output, loss)
    if out == "softmax" and units < 2:
        raise ValueError("softmax needs units >= 2 (over one unit it is the constant 1)")
    return _prove(out, err, int(units), bool(normalized))


@cache
def _prove(output: str, loss: str, K: int, normalized: bool) -> Proof:
    start = time.perf_counter()
    positive = output not in ("identity", "tanh")
    z = sp.symbols(f"z_1:{K + 1}", real=True)
    y = sp.symbols(f"y_1:{K + 1}", real=True, positive=positive or None)
    d = sp.symbols(f"d_1:{K + 1}", real=True)
    f, f_inverse = OUTPUT[output]
    E = sp.expand_log(LOSS[loss](f(z), d), force=True)  # log(e^a / s) = a - log s: y > 0 here
    to_y: dict[Any, Any] = dict(zip(z, f_inverse(y), strict=True))
    on_range: dict[Any, Any] = {y[-1]: 1 - sum(y[:-1])} if output == "softmax" else {}

    def in_y(expr: sp.Expr) -> sp.Expr:
        return sp.cancel(sp.expand_log(expr.subs(to_y), force=True).subs(on_range))

    deltas = [in_y(sp.diff(E, v)) for v in z]
    gaps = [sp.cancel(delta - in_y(y_j - d_j)) for delta, y_j, d_j in zip(deltas, y, d, strict=True)]
    condition = None
    reduces = all(g == 0 for g in gaps)
    if not reduces and normalized and K > 1:
        normal = {d[-1]: 1 - sum(d[:-1])}
        if all(sp.cancel(g.subs(normal)) == 0 for g in gaps):
            reduces, condition = True, SUM_TO_ONE
    factor = sp.factor(sp.cancel(deltas[0] / in_y(y[0] - d[0])))
    return Proof(
        output=output,
        loss=loss,
        units=K,
        delta=sp.collect(sp.expand(deltas[0]), y[0]) if output == "softmax" else sp.factor(deltas[0]),
        reduces_to_y_minus_d=reduces,
        condition=condition,
        extra=sp.factor(gaps[0]),
        factor=None if factor.free_symbols & set(d) else factor,
        seconds=time.perf_counter() - start,
    )
