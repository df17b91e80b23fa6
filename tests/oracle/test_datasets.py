"""The shipped data sets: the files are the recorded ones, and load() gives what its contract says."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pytest

from oracle import datasets

DATA = Path(datasets.__file__).parent / "data"


def test_every_file_has_the_checksum_its_provenance_records():
    table = (DATA / "README.md").read_text()
    files = sorted(p for p in DATA.iterdir() if p.name != "README.md")
    assert [p.name for p in files] == sorted(re.findall(r"`(\w+\.csv(?:\.gz)?)`", table.split("Formats")[0]))
    for path in files:
        assert hashlib.sha256(path.read_bytes()).hexdigest() in table, path.name


@pytest.mark.parametrize(
    ("name", "n", "features", "counts"),
    [
        ("iris", 150, 4, [50, 50, 50]),  # Fisher (1936): 50 flowers of each species
        ("breast_cancer", 569, 30, [212, 357]),  # UCI: 212 malignant (0), 357 benign (1)
        ("diabetes", 442, 10, None),  # Efron et al. (2004): 442 patients
    ],
)
def test_load_gives_standardized_x_and_the_tasks_target(name, n, features, counts):
    x, d = datasets.load(name)
    assert x.shape == (n, features)
    assert x.dtype == np.float64
    np.testing.assert_allclose(x.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(x.std(axis=0), 1, rtol=1e-12)
    if counts is None:
        assert d.shape == (n, 1)
        np.testing.assert_allclose([d.mean(), d.std()], [0, 1], atol=1e-12)
    else:
        labels = d if d.ndim == 1 else d[:, 0].astype(int)
        assert np.bincount(labels).tolist() == counts
        assert d.shape == ((n,) if datasets.DATA_SETS[name] == "multiclass" else (n, 1))


def test_load_returns_fresh_arrays():
    x, _ = datasets.load("iris")
    x[:] = 0
    assert datasets.load("iris")[0].any()


def test_an_unknown_name_is_a_value_error():
    with pytest.raises(
        ValueError,
        match=r"^name='mnist' is not a known shipped data set; valid names: iris, breast_cancer, diabetes$",
    ):
        datasets.load("mnist")


@pytest.mark.parametrize("name", [["iris"], None, 3, b"iris"], ids=["list", "None", "int", "bytes"])
def test_a_name_that_is_not_a_str_is_a_type_error(name):
    # a list has no hash: `name in DATA_SETS` raised "TypeError: unhashable type: 'list'", naming nothing
    with pytest.raises(
        TypeError,
        match=rf"^name must be a shipped data set name \(a str\), got {type(name).__name__}; "
        "valid names: iris, breast_cancer, diabetes$",
    ):
        datasets.load(name)
