"""Small real data sets shipped with oracle (provenance and licences in ``oracle/training/data/README.md``).

Contract: ``load(name)`` returns (x, d) in float64: x of shape (N, n_0) with every
column standardized (mean 0, standard deviation 1, so that one learning rate suits all
three), and d as the task of ``DATA_SETS[name]`` takes it: integer class labels (N,) for
iris, a (N, 1) column of 0/1 for breast_cancer, and the (N, 1) target standardized
like x for diabetes. The files are read afresh on every call; nothing is cached.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import numpy as np

from refbp.checks import lookup
from refbp.types import Array

__all__ = ["DATA_SETS", "load"]

DATA_SETS: dict[str, str] = {"iris": "multiclass", "breast_cancer": "binary", "diabetes": "regression"}
"""The shipped data sets by name, each with the refbp task it is made for."""


def _standardize(v: Array) -> Array:
    out: Array = (v - v.mean(axis=0)) / v.std(axis=0)
    return out


def _read(filename: str, **kwargs: Any) -> np.ndarray[Any, Any]:
    with resources.as_file(resources.files("oracle.training") / "data" / filename) as path:
        return np.loadtxt(path, dtype=np.float64, **kwargs)


def load(name: str) -> tuple[Array, np.ndarray[Any, Any]]:
    """(x, d) of the data set ``name`` (one of ``DATA_SETS``), x standardized by column."""
    task = lookup(DATA_SETS, name, "name", "shipped data set", list_on_type_error=True)
    if name == "diabetes":
        x = _read("diabetes_data_raw.csv.gz")
        d = _read("diabetes_target.csv.gz")[:, None]
        return _standardize(x), _standardize(d)
    table = _read(f"{name}.csv", delimiter=",", skiprows=1)
    x, labels = table[:, :-1], table[:, -1].astype(np.int64)
    return _standardize(x), labels if task == "multiclass" else labels[:, None].astype(np.float64)
