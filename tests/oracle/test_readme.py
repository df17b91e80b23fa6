"""The README's Python examples run as written."""

from __future__ import annotations

import doctest
import pathlib
import re
import runpy

import pytest

ROOT = pathlib.Path(__file__).parents[2]
README = ROOT / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.DOTALL)


def test_the_readme_has_python_examples() -> None:
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_examples_run(index: int) -> None:
    # ``my_backprop`` stands for the reader's own code: here, the correct example's
    correct = runpy.run_path(str(ROOT / "examples" / "correct.py"))
    namespace: dict[str, object] = {"my_backprop": correct["backprop"]}
    for i, block in enumerate(BLOCKS[: index + 1]):  # later blocks may use names of earlier ones
        if block.lstrip().startswith(">>>"):  # an interactive session: its outputs are checked
            test = doctest.DocTestParser().get_doctest(block, namespace, f"README block {i}", None, 0)
            runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
            runner.run(test, clear_globs=False)
            assert runner.failures == 0, f"README block {i}: {runner.failures} example(s) failed"
        else:
            exec(compile(block, f"README.md block {i}", "exec"), namespace)
