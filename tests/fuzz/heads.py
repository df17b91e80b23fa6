"""Valid networks for every output layer refbp accepts, with targets at the edges it accepts.

Contract: ``HEADS`` names every task ("task=binary") and every (output, loss) pair that
``refbp.MLP`` accepts ("softmax+cross_entropy"), found by asking refbp, not listed by
hand. ``cases(head, dtype)`` is a hypothesis strategy of ``Case``: a network of depth 1-3
and widths 1-4 (one output unit included) with a batch of 1-5, as a list of ``Run``s: the
plain target at every logit scale (the last layer multiplied by up to 64, far into
saturation), then every edge target of its loss that refbp accepts in that dtype (rows
summing to 1 + 1e-7, 1 + 7 K eps, 1 + 1e-5; exact 0s and 1s; zero counts; integer labels)
at the largest scale, sum and mean alternating. Nothing here imports torch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from fuzz.baseline import rebuild
from hypothesis import strategies as st

import refbp


def _accepted(output: str, loss: str) -> bool:
    try:
        refbp.MLP.init((1, 1), output=output, loss=loss)
    except ValueError:
        return False
    return True


PAIRS = [f"{o}+{loss}" for o in refbp.OUTPUTS for loss in refbp.LOSSES if _accepted(o, loss)]
HEADS = [f"task={task}" for task in refbp.TASKS] + PAIRS
"""Every output layer refbp accepts: the tasks, then the explicit pairs."""

SCALES = {"exp": (3.0, 6.0), "identity": (30.0,)}
"""Factors of the last layer besides 1, per output (others: 8 and 64, far into saturation);
e^z of exp must stay finite, and squared, in float32 (z up to about 12)."""


@dataclass(frozen=True, eq=False)
class Run:
    """One call to check: a network, a batch, a target and a reduction."""

    label: str
    net: refbp.MLP
    x: np.ndarray
    d: np.ndarray
    reduction: str


@dataclass(frozen=True, eq=False)
class Case:
    """A drawn network, as runs: the plain target at every logit scale, and every edge target of its
    head at the largest scale, sum and mean alternating."""

    runs: list[Run]
    drawn: str

    @property
    def net(self) -> refbp.MLP:
        return self.runs[0].net

    @property
    def x(self) -> np.ndarray:
        return self.runs[0].x

    @property
    def d(self) -> np.ndarray:
        return self.runs[0].d

    def __repr__(self) -> str:
        return f"Case({self.drawn})"

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:  # hypothesis prints draws with this
        p.text(repr(self))


def pair_of(head: str) -> dict[str, str]:
    """The keywords of refbp.MLP that name ``head``: {'task': ...} or {'output': ..., 'loss': ...}."""
    if head.startswith("task="):
        return {"task": head[5:]}
    output, loss = head.split("+")
    return {"output": output, "loss": loss}


def _rows(rng: np.random.Generator, n: int, k: int, dtype: Any, excess: float) -> np.ndarray:
    """Probability rows that sum to 1 + excess (before rounding to dtype), some entries exactly 0."""
    p = rng.uniform(size=(n, k)) * (rng.uniform(size=(n, k)) > 0.2)
    p[:, 0] += 1e-3  # no row of zeros
    rows: np.ndarray = (p / p.sum(axis=1, keepdims=True) * (1 + excess)).astype(dtype)
    return rows


EDGES = {
    "cross_entropy": ("plain", "sum 1 + 1e-7", "sum 1 - 1e-7", "sum 1 + 7 K eps", "sum 1 - 7 K eps",
                      "sum 1 + 1e-5", "sum 1.5", "labels"),
    "binary_cross_entropy": ("plain", "some exact 0s and 1s", "only 0s and 1s"),
    "poisson": ("plain", "counts, some 0"),
    "squared_error": ("plain", "scale 10", "scale 100"),
}  # fmt: skip
"""The targets tried on every network, by loss: the plain one first, then the edges."""


def _excess(edge: str, k: int, dtype: Any) -> float:
    """How far above 1 the rows of a cross-entropy target sum at ``edge`` (before rounding)."""
    eps = float(np.finfo(dtype).eps)
    return {
        "plain": 0.0, "sum 1 + 1e-7": 1e-7, "sum 1 - 1e-7": -1e-7, "sum 1 + 7 K eps": 7 * k * eps,
        "sum 1 - 7 K eps": -7 * k * eps, "sum 1 + 1e-5": 1e-5, "sum 1.5": 0.5,
    }[edge]  # fmt: skip


def target(head: str, edge: str, rng: np.random.Generator, n: int, k: int, dtype: Any) -> np.ndarray:
    """A target of the head's kind at ``edge`` (one of EDGES[loss])."""
    loss = loss_of(head)
    if edge == "labels":
        return rng.integers(0, k, size=n)
    if loss == "cross_entropy":
        return _rows(rng, n, k, dtype, _excess(edge, k, dtype))
    if loss == "binary_cross_entropy":
        mix = {"plain": 0.0, "some exact 0s and 1s": 0.3, "only 0s and 1s": 1.0}[edge]
        hard = rng.integers(0, 2, (n, k))
        return np.where(rng.uniform(size=(n, k)) < mix, hard, rng.uniform(size=(n, k))).astype(dtype)
    if loss == "poisson":
        counts = rng.poisson(2.0, size=(n, k)) if edge != "plain" else rng.gamma(2.0, size=(n, k))
        return counts.astype(dtype)
    scale = {"plain": 1.0, "scale 10": 10.0, "scale 100": 100.0}[edge]
    return (rng.normal(size=(n, k)) * scale).astype(dtype)


def loss_of(head: str) -> str:
    """The error function of a head."""
    return refbp.TASKS[head[5:]].loss if head.startswith("task=") else head.split("+")[1]


def accepted(net: refbp.MLP, d: np.ndarray, n: int) -> bool:
    """True when refbp takes ``d`` as a target of ``net`` for a batch of n."""
    try:
        net.prepare_target(d, n)
    except ValueError:
        return False
    return True


@st.composite
def cases(draw: st.DrawFn, head: str, dtype: Any, extreme: bool = True) -> Case:
    """A valid network of ``head`` in ``dtype`` with every edge target refbp accepts, at every scale.

    ``extreme=False``: logits of order 1 and the plain target only, for tests about something else.
    """
    depth = draw(st.integers(1, 3))
    sizes = draw(st.lists(st.integers(1, 4), min_size=depth + 1, max_size=depth + 1))
    hidden = draw(st.sampled_from(sorted(refbp.ACTIVATIONS)))
    n = draw(st.integers(1, 5))
    seed = draw(st.integers(0, 2**16))
    output = refbp.TASKS[head[5:]].output if head.startswith("task=") else head.split("+")[0]
    scales = (1.0, *SCALES.get(output, (8.0, 64.0))) if extreme else (1.0,)
    init = refbp.MLP.init(tuple(sizes), hidden=hidden, seed=seed, dtype=dtype, **pair_of(head))
    nets = {s: rebuild(init, [*init.weights[:-1], init.weights[-1] * dtype(s)],
                       [*init.biases[:-1], init.biases[-1] * dtype(s)]) for s in scales}  # fmt: skip
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, sizes[0])).astype(dtype)
    edges = [e for e in EDGES[loss_of(head)] if e != "labels" or head == "task=multiclass"]
    edges = edges if extreme else edges[:1]
    # the plain target at every scale, then every edge at the largest (where rounding and overflow bite)
    plans = [("plain", scale, "sum") for scale in scales] + [("plain", 1.0, "mean")]
    plans += [(edge, scales[-1], ("mean", "sum")[i % 2]) for i, edge in enumerate(edges[1:])]
    runs = []
    for edge, scale, reduction in plans:
        d = target(head, edge, np.random.default_rng([seed, len(runs)]), n, sizes[-1], dtype)
        if accepted(init, d, n):  # an edge beyond what refbp takes in this dtype is not tried
            runs.append(Run(f"d {edge}, logits x{scale:g}, {reduction}", nets[scale], x, d, reduction))
    widths = "-".join(map(str, sizes))
    return Case(runs, f"{head} {widths} {hidden} N={n} {np.dtype(dtype).name} seed={seed}")
