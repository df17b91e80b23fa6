"""The Python examples of README.md and of every page under docs/ run as written.

The blocks of one file run in order in one namespace (a later block may use the names of an
earlier one); a block that starts with ``>>>`` is a doctest, whose printed outputs are
checked. A block that is not meant to run names another fence language (``console``,
``text``), so that no block escapes by accident. A page that defines a pytest test function
``test_*`` (the fixture's example) has it called afterwards, as pytest would, with the
fixtures it names.
"""

from __future__ import annotations

import doctest
import inspect
import pathlib
import re
import runpy

import pytest

from oracle.backprop.pytest_plugin import BackpropOracle

ROOT = pathlib.Path(__file__).parents[2]
README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").rglob("*.md"))]
# an opening fence and its block; the closing fence is the first bare ``` after it
FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```$", flags=re.MULTILINE | re.DOTALL)
NOT_RUN = {"console", "text"}


def fenced(page: pathlib.Path) -> list[tuple[str, str]]:
    """The (language, code) of every fenced block of ``page``, in order."""
    return [(m[1].strip(), m[2]) for m in FENCE.finditer(page.read_text(encoding="utf-8"))]


def python_blocks(page: pathlib.Path) -> list[str]:
    return [code for language, code in fenced(page) if language == "python"]


def name(page: pathlib.Path) -> str:
    return page.relative_to(ROOT).as_posix()


RUNNABLE = [page for page in PAGES if python_blocks(page)]
FIXTURES = {"backprop_oracle": BackpropOracle}


def run_test_functions(namespace: dict[str, object]) -> list[str]:
    """Call each test function a page defined, with fresh values of the fixtures it names."""
    called = []
    for key, value in list(namespace.items()):
        if key.startswith("test_") and inspect.isfunction(value):
            value(**{arg: FIXTURES[arg]() for arg in inspect.signature(value).parameters})
            called.append(key)
    return called


def test_the_readme_has_python_examples() -> None:
    assert len(python_blocks(README)) >= 2


@pytest.mark.parametrize("page", PAGES, ids=name)
def test_every_block_says_whether_it_runs(page: pathlib.Path) -> None:
    languages = [language for language, _ in fenced(page)]
    assert set(languages) <= NOT_RUN | {"python"}, (
        f"{name(page)}: fences {languages}; use ```python for code that runs, ```console or ```text otherwise"
    )


@pytest.mark.parametrize("page", RUNNABLE, ids=name)
def test_page_examples_run(page: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "examples" / "cookbook"))  # the cookbook imports them by name
    namespace: dict[str, object] = {}
    if page != README:  # the README defines its own my_backprop; the pages stand for the reader's code
        namespace["my_backprop"] = runpy.run_path(str(ROOT / "examples" / "correct.py"))["backprop"]
    for i, block in enumerate(python_blocks(page)):
        label = f"{name(page)} python block {i}"
        if block.lstrip().startswith(">>>"):  # an interactive session: its outputs are checked
            test = doctest.DocTestParser().get_doctest(block, namespace, label, None, 0)
            runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
            runner.run(test, clear_globs=False)
            assert runner.failures == 0, f"{label}: {runner.failures} example(s) failed"
            namespace.update(test.globs)  # a DocTest runs in a copy: a later block sees its names
        else:
            exec(compile(block, label, "exec"), namespace)
    run_test_functions(namespace)


def test_the_fixture_s_example_is_called_with_the_fixture() -> None:
    namespace: dict[str, object] = {}
    exec("def test_one(backprop_oracle):\n    global seen\n    seen = backprop_oracle", namespace)
    assert run_test_functions(namespace) == ["test_one"]
    assert isinstance(namespace["seen"], BackpropOracle)


def test_the_readme_s_own_backprop_ends_all_agree(capsys: pytest.CaptureFixture[str]) -> None:
    """The README says the report on its ``my_backprop`` "ends `all agree`": the print that does it."""
    namespace: dict[str, object] = {}
    for i, block in enumerate(python_blocks(README)):
        exec(compile(block, f"README.md python block {i}", "exec"), namespace)
        if "check_backprop(my_backprop" in block:
            break
    assert capsys.readouterr().out.rstrip().endswith("all agree")
