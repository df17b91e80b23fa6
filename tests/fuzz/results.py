"""What a right result is: finite, usable, every verdict passed, the same as the plain call's.

Contract: ``leaves(result)`` walks a result of any public call (arrays, numbers, Forward,
Gradients, Report, Row, Training, FiniteDifferences, Reference, Proof, Tolerance, MLP) to
(path, value) pairs, calling ``str`` and ``to_dict`` (through JSON) on the way; ``flaws``
says why a result is not a right one; ``differs`` where two results differ by more than
1e-12 of an array's scale. Imports neither torch nor oracle.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator

import numpy as np

import refbp


def leaves(obj: object, path: str = "result") -> Iterator[tuple[str, object]]:
    """(path, value) of every array, number and string in a result; verdicts exercised on the way."""
    if isinstance(obj, (np.ndarray, bool, np.bool_, int, float, np.number, str)) or obj is None:
        yield path, obj
    elif isinstance(obj, (list, tuple)):
        for i, item in enumerate(obj):
            yield from leaves(item, f"{path}[{i}]")
    elif type(obj).__module__.startswith("sympy"):
        yield path, str(obj)
    elif isinstance(obj, refbp.MLP):
        yield from leaves((obj.weights, obj.biases, obj.hidden, obj.task, obj.pair.name), path)
    elif hasattr(obj, "explain"):  # a Row: its numbers are rounding-level, its verdict is not
        str(obj.explain())
        json.dumps(obj.to_dict(), allow_nan=False)
        yield f"{path}.where", obj.where
        yield f"{path}.passed", obj.passed
    elif dataclasses.is_dataclass(obj):
        if hasattr(obj, "to_dict"):
            json.dumps(obj.to_dict(), allow_nan=False)
        str(obj)
        for f in dataclasses.fields(obj):
            if f.name not in ("net", "seconds"):  # the network itself; a timing
                yield from leaves(getattr(obj, f.name), f"{path}.{f.name}")
    else:
        raise TypeError(f"{path} is a {type(obj).__name__}, which the fuzz test does not know")


def flaws(out: object, verdict: bool) -> str | None:
    """Why a returned result is not a right one (non-finite, a failed verdict, unusable); None if none."""
    try:
        found = dict(leaves(out))
    except Exception as err:  # str(), to_dict() or json of the result broke
        return f"the result is unusable: {type(err).__name__}: {err}"
    for path, leaf in found.items():
        arr = np.asarray(leaf) if isinstance(leaf, (np.ndarray, float, np.floating)) else None
        if arr is not None and arr.dtype.kind in "fc" and not np.isfinite(arr).all():
            bad = ~np.isfinite(arr)
            first = tuple(int(i) for i in np.argwhere(bad)[0])
            return f"{path} has {int(bad.sum())} non-finite element(s), the first {arr[first]} at {first}"
    if verdict:
        for obj in (out, getattr(out, "report", None)):
            if getattr(obj, "passed", True) is False:
                first = getattr(obj, "first_failure", None)
                return "its verdict FAILED on correct code: " + (first.explain() if first else str(obj))
    return None


def differs(out: object, ref: object) -> str | None:
    """Where ``out`` differs from ``ref`` by more than 1e-12 of the array's scale; None if nowhere."""
    a, b = dict(leaves(out)), dict(leaves(ref))
    if a.keys() != b.keys():
        return f"its structure differs from the plain call's: {sorted(a.keys() ^ b.keys())[:3]}"
    for path, x in a.items():
        y = b[path]
        if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
            x, y = np.asarray(x), np.asarray(y)
            if x.shape != y.shape or x.dtype != y.dtype:
                return f"{path} is {x.dtype}{x.shape}, the plain call's {y.dtype}{y.shape}"
            if x.dtype.kind in "fc":
                scale = float(np.abs(y).max(initial=0.0))
                if not (np.abs(x - y) <= 1e-12 * scale).all():
                    return f"{path} differs from the plain call's by {float(np.abs(x - y).max()):.3e}"
            elif not np.array_equal(x, y):
                return f"{path} differs from the plain call's"
        elif isinstance(x, float) and isinstance(y, float):
            if not abs(x - y) <= 1e-12 * abs(y):
                return f"{path} = {x!r}, the plain call's {y!r}"
        elif x != y:
            return f"{path} = {x!r}, the plain call's {y!r}"
    return None
