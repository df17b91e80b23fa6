"""The built-in verification suite: every task x architecture x hidden activation, and
the non-canonical pairs of an output activation with an error function.

Contract: ``default_cases(seed)`` returns the same list of ``Case`` for the same seed;
each case holds a network, an input batch, a target and a reduction, drawn from
``np.random.default_rng([seed, i])`` so that the cases are independent of each other.
The canonical cases come first (``Case.canonical``), then ``NONCANONICAL``, whose
delta^(L) is not y - d.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import refbp
from refbp.types import Reduction

__all__ = ["ARCHITECTURES", "NONCANONICAL", "Case", "default_cases", "target_for"]

ARCHITECTURES: tuple[tuple[tuple[int, ...], int], ...] = (
    ((5, 1), 1),  # one layer, one output unit, one example
    ((4, 8, 3), 16),
    ((3, 7, 5, 1), 1),  # one output unit, one example
    ((6, 9, 7, 5, 4), 32),  # four layers
)
"""(sizes n_0..n_L, batch N) of the suite; softmax and multilabel widen a single output."""

NONCANONICAL: tuple[tuple[str, str], ...] = (
    ("sigmoid", "squared_error"),
    ("tanh", "squared_error"),
    ("softmax", "squared_error"),
    ("exp", "squared_error"),
    ("softmax", "cross_entropy"),  # with rows of d that do not sum to 1
)
"""(output, loss) pairs whose delta^(L) keeps a factor: dE/dy * f'(z^(L)), not y - d."""

MIN_UNITS = {"softmax": 2, "multiclass": 2, "multilabel": 3}
"""Least output width: softmax over one unit is constant; multi-label means several labels."""


@dataclass(frozen=True, eq=False)
class Case:
    """One network with one batch to verify."""

    name: str
    net: refbp.MLP
    x: np.ndarray
    d: np.ndarray
    reduction: Reduction = "sum"

    @property
    def canonical(self) -> bool:
        """True for a task (a canonical pair), whose delta^(L) is y - d."""
        return self.net.task is not None


def target_for(head: str, rng: np.random.Generator, n: int, k: int, soft: bool) -> np.ndarray:
    """A valid target d for a task, or for the loss ``head`` names in 'output+loss'.

    ``soft`` picks probabilities over hard labels (binary, multiclass) and rates over
    counts (poisson); for 'softmax+cross_entropy' the rows do not sum to 1.
    """
    if head in ("binary", "multilabel"):
        return rng.uniform(size=(n, k)) if soft else rng.integers(0, 2, size=(n, k)).astype(np.float64)
    if head == "multiclass":
        if not soft:
            return rng.integers(0, k, size=n)
        p = rng.uniform(size=(n, k))
        rows: np.ndarray = p / p.sum(axis=1, keepdims=True)
        return rows
    if head == "poisson":
        return rng.gamma(2.0, size=(n, k)) if soft else rng.poisson(2.0, size=(n, k)).astype(np.float64)
    if head == "softmax+cross_entropy":
        return rng.uniform(0.1, 1.0, size=(n, k))  # weights of the classes, rows not summing to 1
    return rng.normal(size=(n, k))  # regression and every squared error


def _case(
    seed: int, i: int, head: str, sizes: tuple[int, ...], hidden: str, n: int, reduction: Reduction
) -> Case:
    rng = np.random.default_rng([seed, i])
    output, _, loss = head.partition("+")
    least = MIN_UNITS.get(output, 1)
    sizes = (*sizes[:-1], max(sizes[-1], least))
    pair = {"output": output, "loss": loss} if loss else {"task": output}
    net = refbp.MLP.init(sizes, hidden=hidden, seed=int(rng.integers(2**31)), **pair)
    x = rng.normal(size=(n, sizes[0]))
    d = target_for(head, rng, n, sizes[-1], soft=i % 2 == 1)
    act = hidden if len(sizes) > 2 else "-"
    name = f"{head} {'-'.join(map(str, sizes))} {act} N={n} {reduction}"
    return Case(name, net, x, d, reduction)


def default_cases(seed: int = 0) -> list[Case]:
    """Every task x architecture x hidden activation (one-layer nets have none), sum and mean;
    then every non-canonical pair x architecture, with tanh hidden layers."""
    cases: list[Case] = []
    heads = [(task, list(refbp.ACTIVATIONS)) for task in refbp.TASKS]
    heads += [(f"{output}+{loss}", ["tanh"]) for output, loss in NONCANONICAL]
    for head, activations in heads:
        for sizes, n in ARCHITECTURES:
            for hidden in activations if len(sizes) > 2 else ["identity"]:
                for reduction in ("sum", "mean") if n > 1 else ("sum",):
                    cases.append(_case(seed, len(cases), head, sizes, hidden, n, reduction))
    return cases
