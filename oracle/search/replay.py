"""The replay of a minimal case: a short Python snippet that rebuilds it and checks fn on it again.

Contract: ``snippet(net, x, d, call, options)`` returns source code that binds the function
under test by ``call`` (its name, and the line that binds it), rebuilds the network, x and d exactly
(every float written with ``repr``, which round-trips) and prints ``check_backprop``'s
report. ``loader(fn)`` says how a snippet finds ``fn``: an import where its module can be
imported, else a comment asking for it to be defined.
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np

import refbp
from refbp.types import Array

__all__ = ["loader", "run_path_loader", "snippet"]

OWN_NAMES = frozenset(
    {"np", "refbp", "runpy", "check_backprop", "weights", "biases", "net", "x", "d", "report"}
)
"""The names a snippet binds itself: a function of one of these names is called fn there."""


def _literal(values: Array) -> str:
    """``values`` as source: np.array([...]) with every number exact, and its dtype unless float64."""
    kind = "" if values.dtype in (np.float64, np.int64) else f", dtype=np.{values.dtype.name}"
    return f"np.array({values.tolist()!r}{kind})"


def _pair(net: refbp.MLP) -> str:
    if net.task:
        return f"task={net.task!r}"
    return f"output={net.pair.output.name!r}, loss={net.pair.loss.name!r}"


def loader(fn: Any) -> tuple[str, str]:
    """(the name a snippet calls fn by, the line that makes that name fn).

    An import only where it gives fn back: a module's own top-level function, not one of
    ``__main__``, a notebook, a doctest or a closure.
    """
    name = getattr(fn, "__name__", "")
    module = getattr(fn, "__module__", None)
    home = sys.modules.get(module) if isinstance(module, str) and module != "__main__" else None
    if name.isidentifier() and getattr(home, name, None) is fn:
        if name in OWN_NAMES:
            return "fn", f"from {module} import {name} as fn"
        return name, f"from {module} import {name}"
    name = name if name.isidentifier() and name not in OWN_NAMES else "fn"
    return name, f"# {name} = ...  # the function you searched: define or import it here"


def run_path_loader(path: str, name: str) -> tuple[str, str]:
    """(name, the line that loads ``name`` from the file ``path``, as ``refbp-verify`` does)."""
    bound = "fn" if name in OWN_NAMES else name
    return bound, f"{bound} = runpy.run_path({path!r})[{name!r}]"


def snippet(net: refbp.MLP, x: Array, d: Array, call: tuple[str, str], options: dict[str, Any]) -> str:
    """The replay of (net, x, d): check_backprop(name, ...) with ``options`` (its keywords, and
    "reduction"), after the line that loads the function (``loader``, ``run_path_loader``)."""
    name, load = call
    imports = ["import runpy"] if " = runpy.run_path(" in load else []
    keywords = "".join(f", {key}={value!r}" for key, value in options.items() if key != "reduction")
    lines = [
        *imports,
        "import numpy as np",
        "",
        "import refbp",
        "from oracle import check_backprop",
        "",
        load,
        f"weights = [{', '.join(_literal(W) for W in net.weights)}]",
        f"biases = [{', '.join(_literal(b) for b in net.biases)}]",
        f"net = refbp.MLP(weights, biases, hidden={net.hidden!r}, {_pair(net)})",
        f"x = {_literal(x)}",
        f"d = {_literal(d)}",
        f"report = check_backprop({name}, net, x, d, {options['reduction']!r}{keywords})",
        "print(report)",
    ]
    return "\n".join(lines) + "\n"
