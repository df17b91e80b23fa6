"""The built-in verification suite: every task x architecture x hidden activation.

Contract: ``default_cases(seed)`` returns the same list of ``Case`` for the same seed;
each case holds a network, an input batch, a target and a reduction, drawn from
``np.random.default_rng([seed, i])`` so that the cases are independent of each other.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import refbp
from refbp._types import Reduction

__all__ = ["ARCHITECTURES", "Case", "default_cases"]

ARCHITECTURES: tuple[tuple[tuple[int, ...], int], ...] = (
    ((5, 1), 1),  # one layer, one output unit, one example
    ((4, 8, 3), 16),
    ((3, 7, 5, 1), 1),  # one output unit, one example
    ((6, 9, 7, 5, 4), 32),  # four layers
)
"""(sizes n_0..n_L, batch N) of the suite; multiclass widens a single output to 2."""


@dataclass(frozen=True, eq=False)
class Case:
    """One network with one batch to verify."""

    name: str
    net: refbp.MLP
    x: np.ndarray
    d: np.ndarray
    reduction: Reduction = "sum"


def _target(task: str, rng: np.random.Generator, n: int, k: int, soft: bool) -> np.ndarray:
    if task == "regression":
        return rng.normal(size=(n, k))
    if task == "binary":
        return rng.uniform(size=(n, k)) if soft else rng.integers(0, 2, size=(n, k)).astype(np.float64)
    if soft:  # multiclass: probability rows, or integer labels
        p = rng.uniform(size=(n, k))
        rows: np.ndarray = p / p.sum(axis=1, keepdims=True)
        return rows
    return rng.integers(0, k, size=n)


def _case(
    seed: int, i: int, task: str, sizes: tuple[int, ...], hidden: str, n: int, reduction: Reduction
) -> Case:
    rng = np.random.default_rng([seed, i])
    if task == "multiclass" and sizes[-1] == 1:
        sizes = (*sizes[:-1], 2)  # softmax over one unit is constant
    net = refbp.MLP.init(sizes, hidden=hidden, task=task, seed=int(rng.integers(2**31)))
    x = rng.normal(size=(n, sizes[0]))
    d = _target(task, rng, n, sizes[-1], soft=i % 2 == 1)
    act = hidden if len(sizes) > 2 else "-"
    name = f"{task} {'-'.join(map(str, sizes))} {act} N={n} {reduction}"
    return Case(name, net, x, d, reduction)


def default_cases(seed: int = 0) -> list[Case]:
    """Every task x architecture x hidden activation (one-layer nets have none), sum and mean."""
    cases: list[Case] = []
    for task in refbp.TASKS:
        for sizes, n in ARCHITECTURES:
            hiddens = list(refbp.ACTIVATIONS) if len(sizes) > 2 else ["identity"]
            for hidden in hiddens:
                for reduction in ("sum", "mean") if n > 1 else ("sum",):
                    cases.append(_case(seed, len(cases), task, sizes, hidden, n, reduction))
    return cases
