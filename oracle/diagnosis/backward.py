"""Bugs of the backward pass (E9-E13), each a hypothesis built with refbp's own functions.

Contract: ``backward(row, ev)`` returns the diagnoses of a failing delta or dE/dW row
whose value passes, at the row's tolerance, against what a classic bug computes from
autograd's float64 quantities: dE/dW transposed; a hidden delta without f'(z^(l)) (E9)
or with f' taken at a^(l); a canonical output delta with f'(z^(L)) multiplied in (E11
where E13 holds), a non-canonical one given as y - d; dE/dW from the wrong activation
(E10); an L2 term lambda W in dE/dW.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from oracle.diagnosis.evidence import Evidence
from oracle.diagnosis.given import WEIGHT_SHAPE
from oracle.verdict.compare import Row

__all__ = ["backward", "chained"]


def chained(ev: Evidence, layer: int) -> np.ndarray:
    """delta^(l+1) W^(l+1): the hidden delta of ``layer`` before E9 multiplies in f'(z^(l))."""
    return ev.ref.delta[layer] @ np.asarray(ev.net.weights[layer], dtype=np.float64)


def _dW_transposed(row: Row, ev: Evidence, value: np.ndarray) -> list[str]:
    if not ev.matches(row, value.T):
        return []
    layout = ev.given.layout
    if layout == "in_out":
        fix = f"layout='in_out' takes {WEIGHT_SHAPE[layout]}, a_prev.T @ delta: return it transposed"
    else:
        fix = f"the out_in layout takes {WEIGHT_SHAPE[layout]}, delta.T @ a_prev (E10): return it transposed"
    return [f"dE/dW^({row.layer}) equals autograd's transposed; {fix}"]


def _hidden(row: Row, ev: Evidence, value: np.ndarray) -> list[str]:
    l, act = row.layer or 0, ev.net.activation
    P = chained(ev, l)
    a = ev.ref.a[l]
    texts = []
    if ev.fits(row, value, P):
        texts.append(
            f"delta^({l}) equals delta^({l + 1}) W^({l + 1}) without the f'(z^({l})) of E9 "
            f"({ev.net.hidden}); multiply it in: delta^({l}) = (delta^({l + 1}) W^({l + 1})) * f'(z^({l}))"
        )
    if ev.fits(row, value, P * act.fprime(a, act.f(a))):
        texts.append(
            f"delta^({l}) equals delta^({l + 1}) W^({l + 1}) * f'(a^({l})): f' was evaluated at the "
            f"activation a^({l}) = f(z^({l})) instead of z^({l}); E9 takes f'(z^({l})), which from a "
            "is a(1 - a) for sigmoid and 1 - a^2 for tanh: f'(a) applies f a second time"
        )
    return texts


def _output(row: Row, ev: Evidence, value: np.ndarray) -> list[str]:
    pair, ref = ev.net.pair, ev.ref
    z, y, d = ref.z[-1], ref.a[-1], ref.d
    if ref.canonical:
        # E11's chain rule applied to delta^(L) as if it were dE/dy: (y - d) f'(z^(L))
        extra = pair.output.chain(z, y, ref.delta[-1])
        if not ev.fits(row, value, extra):
            return []
        return [
            f"delta^(L) equals (y - d) * f'(z^(L)): for {pair.name} the f'(z^(L)) of the chain rule "
            "(E11) cancels against dE/dy, so delta^(L) = y - d (E13); drop the f'(z^(L)) factor"
        ]
    if not ev.fits(row, value, (y - d) / ev.scale):
        return []
    return [
        f"delta^(L) equals y - d, E13's delta, but {pair.name} is not a canonical pair (or d does "
        "not fit it): its f'(z^(L)) does not cancel; take the chain rule, E11: "
        "delta^(L) = dE/dy * f'(z^(L))"
    ]


def _weights(row: Row, ev: Evidence, value: np.ndarray) -> list[str]:
    l, ref = row.layer or 0, ev.ref
    delta = ref.delta[l - 1].T
    wrong: list[tuple[np.ndarray, str]] = [(ref.a[l], f"the layer's own a^({l})")]
    if l > 1:
        wrong.append((ref.z[l - 2], f"the pre-activation z^({l - 1})"))
    texts = [
        f"dE/dW^({l}) equals delta^({l})^T times {name} where E10 takes the previous layer's "
        f"a^({l - 1}) (= f(z^({l - 1})), or x for layer 1); use a^({l - 1})"
        for other, name in wrong
        if other.shape[1] == ref.a[l - 1].shape[1] and ev.fits(row, value, delta @ other)
    ]
    W = np.asarray(ev.net.weights[l - 1], dtype=np.float64)
    if value.shape != W.shape:
        return texts
    residual = value - ref.W[l - 1]
    lam = float((residual * W).sum() / (W * W).sum()) if W.size > 1 and (W != 0).any() else 0.0
    if lam and ev.matches(row, value - lam * W):
        texts.append(
            f"dE/dW^({l}) is autograd's plus {lam:.6g} W^({l}): an L2 (weight decay) term with "
            f"lambda = {_l2(ev, lam)}; the oracle checks the gradient of E alone: leave it out while checking"
        )
    return texts


def _l2(ev: Evidence, lam: float) -> str:
    """The caller's own lambda: per example, each of the N results carried one lambda W, which
    the oracle summed (N lambda W) or averaged (lambda W)."""
    if not ev.given.per_example:
        return f"{lam:.6g}"
    how = "averages" if ev.reduction == "mean" else "sums"
    return f"{lam * ev.scale / ev.N:.6g} in each of the {ev.N} per-example results, which the oracle {how}"


CHECKS: dict[str, Callable[[Row, Evidence, np.ndarray], list[str]]] = {
    "delta": lambda row, ev, v: (_output if row.layer == ev.L else _hidden)(row, ev, v),
    "W": lambda row, ev, v: _dW_transposed(row, ev, v) + _weights(row, ev, v),
}


def backward(row: Row, ev: Evidence) -> list[str]:
    """The backward-pass diagnoses of a failing delta or dE/dW row."""
    check = CHECKS.get(row.quantity)
    value = ev.value(row)
    if check is None or value is None:
        return []
    return check(row, ev, value)
