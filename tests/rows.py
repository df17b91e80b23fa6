"""What a row that could not be compared looks like in JSON, written out once by hand."""

from __future__ import annotations

from typing import Any


def unmeasured_json(quantity: str, note: str) -> dict[str, Any]:
    """``Row.to_dict()`` of a whole-network row that failed before anything was measured.

    No number (the infinite errors print as null), the float64 rtol and atol, and no bound
    term: no radius applies to a value that was never compared.
    """
    return {
        "layer": None,
        "quantity": quantity,
        "max_abs": None,
        "max_rel": None,
        "tolerance": {"rtol": 1e-9, "atol": 1e-12, "bound": 0.0},
        "passed": False,
        "mismatched": 0,
        "size": 0,
        "index_abs": [],
        "index_rel": [],
        "note": note,
        "bound_ratio": 0.0,
        "witness": "autograd",
        "diagnosis": "",
    }
