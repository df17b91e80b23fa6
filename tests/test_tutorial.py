"""examples/tutorial.ipynb as stored: no outputs, the python3 kernel, every cell run, public names only.

Running it is nbmake's job (tox -e py311: ``pytest --nbmake examples/tutorial.ipynb``),
which fails on the first cell that raises; these tests keep that run meaningful and the
stored file clean: a student opens it without stale outputs, and a change of refbp's or
oracle's module layout cannot break it while their public names stay.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import oracle
import refbp

NOTEBOOK = Path(__file__).resolve().parents[1] / "examples" / "tutorial.ipynb"
PACKAGES = {"refbp": refbp, "oracle": oracle}


@pytest.fixture(scope="module")
def notebook() -> dict[str, Any]:
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))


def cells(notebook: dict[str, Any], kind: str) -> list[tuple[int, str]]:
    """(index, source) of every cell of ``kind`` ("code" or "markdown")."""
    return [
        (i, "".join(cell["source"])) for i, cell in enumerate(notebook["cells"]) if cell["cell_type"] == kind
    ]


def test_it_is_stored_without_outputs(notebook):
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert code
    for i, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"cell {i} holds outputs: clear them before committing"
            assert cell["execution_count"] is None, f"cell {i} has an execution count: clear outputs"
        assert "attachments" not in cell, f"cell {i} carries attachments"


def test_it_runs_on_the_python3_kernel(notebook):
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    assert notebook["metadata"]["kernelspec"]["language"] == "python"
    assert notebook["metadata"]["language_info"]["name"] == "python"


def test_no_cell_is_allowed_to_fail_or_be_skipped(notebook):
    # nbmake honours these; any of them would let a broken cell pass the run
    assert not notebook["metadata"].get("execution", {}).get("allow_errors", False)
    for i, cell in enumerate(notebook["cells"]):
        tags = set(cell["metadata"].get("tags", []))
        assert not tags & {"raises-exception", "skip-execution"}, f"cell {i} is tagged {tags}"


def test_it_imports_the_packages_whole_and_uses_only_their_public_names(notebook):
    used = set()
    for i, source in cells(notebook, "code"):
        for line in source.splitlines():
            if re.match(r"\s*(import|from)\s+(refbp|oracle)\b", line):
                assert re.fullmatch(r"import (refbp|oracle)", line.strip()), f"cell {i}: {line.strip()}"
        used |= set(re.findall(r"\b(refbp|oracle)\.(\w+)", source))
    assert used
    for package, name in sorted(used):
        assert name in PACKAGES[package].__all__, f"{package}.{name} is not in {package}.__all__"


def test_it_derives_every_equation_of_the_sheet(notebook):
    text = "\n".join(source for _, source in cells(notebook, "markdown"))
    missing = [f"E{n}" for n in range(1, 14) if not re.search(rf"\(E{n}\)", text)]
    assert missing == []
