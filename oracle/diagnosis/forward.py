"""Bugs of the forward pass, for a function that returned its z and a (E1, E2).

Contract: ``forward(row, ev)`` returns the diagnoses of a failing z or a row whose value
passes, at the row's tolerance, against what a classic bug computes from autograd's
quantities: z^(l) without the bias b^(l) (E1), or a^(l) through another activation than
the network's (the output activation at layer L, the hidden one below it).
"""

from __future__ import annotations

import numpy as np

import refbp
from oracle.diagnosis.evidence import Evidence
from oracle.verdict.compare import Row

__all__ = ["forward"]


def _no_bias(row: Row, ev: Evidence, value: np.ndarray) -> list[str]:
    l = row.layer or 0
    W = np.asarray(ev.net.weights[l - 1], dtype=np.float64)
    if not ev.fits(row, value, ev.ref.a[l - 1] @ W.T):
        return []
    return [f"z^({l}) equals W^({l}) a^({l - 1}) without the bias: E1 adds b^({l}); add it"]


def _activation(row: Row, ev: Evidence, value: np.ndarray) -> list[str]:
    l, z = row.layer or 0, ev.ref.z[(row.layer or 1) - 1]
    if l == ev.L:
        kind, own, table = "output", ev.net.pair.output.name, {n: o.f for n, o in refbp.OUTPUTS.items()}
    else:
        kind, own, table = "hidden", ev.net.hidden, {n: a.f for n, a in refbp.ACTIVATIONS.items()}
    texts = []
    for name, f in table.items():
        with np.errstate(all="ignore"):  # exp of a large z: inf, which fits nothing
            other = f(z)
        if name != own and ev.fits(row, value, other):
            texts.append(
                f"a^({l}) equals {name}(z^({l})), but this network's {kind} activation is {own}; "
                f"apply {own} at layer {l}"
            )
    return texts


def forward(row: Row, ev: Evidence) -> list[str]:
    """The forward-pass diagnoses of a failing z or a row."""
    value = ev.value(row) if row.quantity in ("z", "a") else None
    if value is None:
        return []
    return (_no_bias if row.quantity == "z" else _activation)(row, ev, value)
