"""A hand-built Forward given to backward or loss: refused with the list and array it gets wrong.

backward and loss take the Forward that net.forward(x) returned. One built by hand (or
edited) with lists of the wrong length or arrays of the wrong shape or dtype would end in
an IndexError or a numpy broadcasting error deep inside; the network checks its layout
first (O(L), no values read) and names the array: fwd.z[k] or fwd.a[l].
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pytest

from refbp import MLP, Forward

NET = MLP.init(
    (3, 4, 2), seed=1
)  # L = 2: z^(1) (N, 4), z^(2) (N, 2); a^(0) (N, 3), a^(1) (N, 4), a^(2) (N, 2)
X, D = np.ones((5, 3)), np.zeros((5, 2))
FWD = NET.forward(X)
FIX = "; use the Forward that net.forward(x) returned"


def _edited(z: object = None, a: object = None) -> Forward:
    return Forward(z=FWD.z if z is None else z, a=FWD.a if a is None else a, net=NET)  # type: ignore[arg-type]


BAD: list[tuple[str, Forward, type[Exception], str]] = [
    ("z short", _edited(z=FWD.z[:1]), ValueError, "fwd.z must hold L = 2 arrays (z^(1), ..., z^(L)), got 1"),
    (
        "z long",
        _edited(z=[*FWD.z, FWD.z[-1]]),
        ValueError,
        "fwd.z must hold L = 2 arrays (z^(1), ..., z^(L)), got 3",
    ),
    ("z empty", _edited(z=[]), ValueError, "fwd.z must hold L = 2 arrays (z^(1), ..., z^(L)), got 0"),
    (
        "a short (no x)",
        _edited(a=FWD.a[1:]),
        ValueError,
        "fwd.a must hold L + 1 = 3 arrays (a^(0) = x, ..., a^(L)), got 2",
    ),
    (
        "a long",
        _edited(a=[*FWD.a, FWD.a[-1]]),
        ValueError,
        "fwd.a must hold L + 1 = 3 arrays (a^(0) = x, ..., a^(L)), got 4",
    ),
    (
        "z not a list",
        _edited(z=np.stack([FWD.z[1], FWD.z[1]])),
        TypeError,
        "fwd.z must be a list of arrays, got ndarray",
    ),
    (
        "a a generator",
        _edited(a=(v for v in FWD.a)),
        TypeError,
        "fwd.a must be a list of arrays, got generator",
    ),
    (
        "z[1] a list",
        _edited(z=[FWD.z[0], FWD.z[1].tolist()]),
        TypeError,
        "fwd.z[1] must be a NumPy array, got list",
    ),
    (
        "z[0] of another width",
        _edited(z=[FWD.z[0][:, :3], FWD.z[1]]),
        ValueError,
        "fwd.z[0] must have shape (N, n_1) = (5, 4), got (5, 3)",
    ),
    (
        "a[2] of another batch",
        _edited(a=[*FWD.a[:2], FWD.a[2][:4]]),
        ValueError,
        "fwd.a[2] must have shape (N, n_2) = (5, 2), got (4, 2)",
    ),
    (
        "z[1] 1-D",
        _edited(z=[FWD.z[0], FWD.z[1][0]]),
        ValueError,
        "fwd.z[1] must have shape (N, n_2) = (5, 2), got (2,)",
    ),
    (
        "a[0] 1-D",
        _edited(a=[X[0], *FWD.a[1:]]),
        ValueError,
        "fwd.a[0] must have shape (N, n_0) = (N, 3), got (3,)",
    ),
    (
        "a[1] float32",
        _edited(a=[FWD.a[0], FWD.a[1].astype(np.float32), FWD.a[2]]),
        TypeError,
        "fwd.a[1] has dtype float32 but the network computes in float64",
    ),
]


@pytest.mark.parametrize("method", ["backward", "loss"])
@pytest.mark.parametrize(("kind", "fwd", "exc", "message"), BAD, ids=[b[0] for b in BAD])
def test_a_hand_built_forward_is_refused_naming_the_array(
    method: str, kind: str, fwd: Forward, exc: type[Exception], message: str
) -> None:
    call: Callable[..., object] = getattr(NET, method)
    with pytest.raises(exc, match=f"^{re.escape(message + FIX)}$"):
        call(fwd, D)


def test_a_forward_rebuilt_from_the_same_arrays_is_accepted() -> None:
    rebuilt = Forward(z=list(FWD.z), a=tuple(FWD.a), net=NET)  # type: ignore[arg-type]
    np.testing.assert_array_equal(NET.backward(rebuilt, D).W[0], NET.backward(FWD, D).W[0])
    assert NET.loss(rebuilt, D) == NET.loss(FWD, D)
