"""The README's Python examples run as written."""

from __future__ import annotations

import pathlib
import re

import pytest

README = pathlib.Path(__file__).parents[2] / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.DOTALL)


def test_the_readme_has_python_examples() -> None:
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_examples_run(index: int) -> None:
    namespace: dict[str, object] = {}
    for block in BLOCKS[: index + 1]:  # later blocks may use names of earlier ones
        exec(compile(block, f"README.md block {index}", "exec"), namespace)
