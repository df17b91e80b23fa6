"""The shape of a network: checking weights and biases, and drawing them from a seed.

Contract: ``check_layers`` takes the caller's weights and biases (arrays or nested lists)
and returns read-only copies that chain, or raises ValueError/TypeError naming the
argument (``weights[k]``, ``biases[k]``); ``check_sizes`` and ``init_layers`` do the same
for ``MLP.init``'s sizes, seed and dtype. The same seed always gives the same bits.
A network too large to allocate is refused before allocating (``check_memory``).
"""

from __future__ import annotations

import itertools
import operator
import os
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import numpy as np

from refbp._arrays import FLOAT_DTYPES, as_array, check_finite, check_kind, check_ndim
from refbp.checks import is_integer
from refbp.types import Array


def _layer_list(value: object, name: str) -> list[object]:
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"{name} must be a list of arrays (one per layer), got {type(value).__name__}")
    return list(value)


def check_layers(weights: object, biases: object) -> tuple[tuple[Array, ...], tuple[Array, ...]]:
    """Weights and biases as tuples of arrays that chain: W^(l) is (n_l, n_{l-1}), b^(l) is (n_l,).

    The arrays returned are read-only copies, so a network is immutable.
    """
    weights, biases = _layer_list(weights, "weights"), _layer_list(biases, "biases")
    if len(weights) == 0:
        raise ValueError("weights is empty: a network needs at least one layer")
    if len(weights) != len(biases):
        raise ValueError(
            f"weights and biases must have one entry per layer, got {len(weights)} weights "
            f"and {len(biases)} biases"
        )
    W = tuple(as_array(w, f"weights[{k}]") for k, w in enumerate(weights))
    b = tuple(as_array(v, f"biases[{k}]") for k, v in enumerate(biases))
    dtype = W[0].dtype
    for k, (w, v) in enumerate(zip(W, b, strict=True)):
        check_kind(w, f"weights[{k}]", integers=False)
        check_kind(v, f"biases[{k}]", integers=False)
        for name, arr in ((f"weights[{k}]", w), (f"biases[{k}]", v)):
            if arr.dtype != dtype:
                raise TypeError(
                    f"{name} has dtype {arr.dtype} but weights[0] has {dtype}; "
                    "all weights and biases must share one dtype (float32 or float64)"
                )
        check_ndim(w, f"weights[{k}]", 2, f"(n_{k + 1}, n_{k})")
        check_ndim(v, f"biases[{k}]", 1, f"(n_{k + 1},)")
        if 0 in w.shape:
            raise ValueError(f"weights[{k}] has shape {w.shape}: every layer needs a width of at least 1")
        if k > 0 and w.shape[1] != W[k - 1].shape[0]:
            raise ValueError(
                f"weights[{k}] has shape {w.shape}, so layer {k + 1} takes n_{k} = {w.shape[1]} inputs, "
                f"but weights[{k - 1}] has shape {W[k - 1].shape}, so layer {k} gives n_{k} = "
                f"{W[k - 1].shape[0]}: consecutive weights must chain"
            )
        if v.shape != (w.shape[0],):
            raise ValueError(
                f"biases[{k}] must have shape (n_{k + 1},) = ({w.shape[0]},) to match weights[{k}] "
                f"of shape {w.shape}, got {v.shape}"
            )
    check_memory((W[0].shape[1], *(w.shape[0] for w in W)), dtype, "weights")  # before copying and scanning
    for k, (w, v) in enumerate(zip(W, b, strict=True)):
        check_finite(w, f"weights[{k}]")
        check_finite(v, f"biases[{k}]")
    return _frozen(W), _frozen(b)


def _frozen(arrays: tuple[Array, ...]) -> tuple[Array, ...]:
    """Read-only copies: the network neither sees the caller's later writes nor writes itself."""
    out = tuple(np.array(arr) for arr in arrays)
    for arr in out:
        arr.flags.writeable = False
    return out


def check_sizes(sizes: object) -> tuple[int, ...]:
    """Layer widths (n_0, ..., n_L): at least two, each an integer >= 1."""
    if not isinstance(sizes, Sequence) or isinstance(sizes, str):
        raise TypeError(
            f"sizes must be a sequence of layer widths (n_0, ..., n_L), got {type(sizes).__name__}"
        )
    if len(sizes) < 2:
        raise ValueError(f"sizes needs at least two widths (n_0, n_1), got {list(sizes)}")
    out = []
    for k, n in enumerate(sizes):
        if not is_integer(n):
            raise TypeError(f"sizes[{k}] must be an integer width, got {n!r}")
        if n < 1:
            raise ValueError(f"sizes[{k}] = {n}: every width must be at least 1")
        out.append(operator.index(n))
    return tuple(out)


def physical_memory() -> int | None:
    """The machine's memory in bytes, where ``os.sysconf`` can say (POSIX); else None."""
    try:
        memory = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):  # no os.sysconf (Windows), or no such name
        return None
    return memory if memory > 0 else None  # -1: indeterminate


def _size(nbytes: int) -> str:
    """A byte count in binary units, to three digits: '800 bytes', '1.56 KiB', '16 GiB'."""
    units = ["bytes", "KiB", "MiB", "GiB", "TiB"]
    k = 0
    while nbytes >= 1000 * 1024**k and k < len(units) - 1:
        k += 1
    # int / int is a float, OverflowError beyond 1.8e308: a width of 10**400 takes Decimal
    size = nbytes / 1024**k if nbytes < 2**1000 else Decimal(nbytes) / 1024**k
    return f"{size:.3g} {units[k]}"


def check_memory(sizes: Sequence[int], dtype: np.dtype[Any], argument: str) -> None:
    """ValueError, before anything is allocated, if a network of ``sizes`` cannot be held.

    It cannot when its weights and biases take more bytes than the machine's memory (or,
    where that is unknown, than a NumPy array can hold). numpy would fail anyway, with
    OverflowError, MemoryError or ValueError depending on the size and its version, or
    the system would start swapping; this says what was asked for instead. Python ints:
    the count itself cannot overflow.
    """
    params = sum(n_out * (n_in + 1) for n_in, n_out in itertools.pairwise(sizes))
    nbytes = params * dtype.itemsize
    limits = [(int(np.iinfo(np.intp).max), "what a NumPy array can hold")]
    memory = physical_memory()
    if memory is not None:
        limits.append((memory, "this machine's memory"))
    limit, what = min(limits)
    if nbytes > limit:
        raise ValueError(
            f"{argument}: a network of sizes {tuple(sizes)} has {params:,} parameters (every W and b), "
            f"{_size(nbytes)} in {dtype}: more than {what} ({_size(limit)}); choose smaller widths"
        )


def _float_dtype(dtype: object) -> np.dtype[Any]:
    """np.float32 or np.float64 (or their names) as a dtype; TypeError for anything else."""
    message = f"dtype must be np.float32 or np.float64, got {dtype!r}"
    if dtype is None:  # np.dtype(None) would quietly be float64
        raise TypeError(message)
    try:
        dt: np.dtype[Any] = np.dtype(dtype)  # type: ignore[call-overload]
    except (TypeError, ValueError):  # ValueError: malformed, e.g. ("f8", -1)
        raise TypeError(message) from None
    if dt not in FLOAT_DTYPES:
        raise TypeError(message)
    return dt


def init_layers(sizes: Sequence[int], seed: object, dtype: Any) -> tuple[list[Array], list[Array]]:
    """W^(l), b^(l) uniform in +-1/sqrt(n_{l-1}) (torch.nn.Linear's default), from ``seed``."""
    if not is_integer(seed):
        raise TypeError(f"seed must be an integer, got {seed!r}")
    if seed < 0:
        raise ValueError(f"seed must be a non-negative integer (np.random.default_rng's rule), got {seed}")
    dt = _float_dtype(dtype)
    check_memory(sizes, dt, "sizes")
    rng = np.random.default_rng(int(seed))
    weights, biases = [], []
    for n_in, n_out in itertools.pairwise(sizes):
        bound = 1.0 / np.sqrt(n_in)
        weights.append(rng.uniform(-bound, bound, size=(n_out, n_in)).astype(dt))
        biases.append(rng.uniform(-bound, bound, size=n_out).astype(dt))
    return weights, biases
