"""The oracle's layers import one way (docs/architecture.md), and refbp never imports oracle.

Every import statement of the source is read with ``ast``, so that an import inside a
function counts as much as one at the top. This file imports neither torch nor oracle:
tox's notorch env runs it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

BELOW: dict[str, set[str]] = {
    "verdict": set(),
    "twin": {"verdict"},
    "witnesses": {"verdict"},
    "diagnosis": {"twin", "verdict"},
    "backprop": {"diagnosis", "twin", "verdict"},
    "training": {"backprop", "diagnosis", "twin", "verdict"},
    "search": {"backprop", "diagnosis", "twin", "verdict"},
    "grading": {"search", "backprop", "diagnosis", "twin", "verdict"},
    "suite": {"grading", "search", "training", "backprop", "diagnosis", "twin", "witnesses", "verdict"},
}
"""Each layer of the oracle, with the layers it may import from: suite -> grading -> search ->
users' code (backprop) -> diagnosis -> twin -> verdict; suite -> training -> backprop;
witnesses -> verdict."""

TORCH_FREE = ("verdict", "witnesses", "training/datasets.py")
"""What ``import oracle`` loads where torch is absent."""


def modules(package: str) -> list[Path]:
    """The modules of ``package``, a folder or one file."""
    path = ROOT / package
    return [path] if path.is_file() else sorted(path.rglob("*.py"))


def imports(source: str, package: str) -> set[str]:
    """The dotted names that ``source`` (a module of ``package``) imports, relative imports
    resolved, and for ``from a import b`` both a and a.b (b may be a module)."""
    parts = package.split(".")
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = parts[: len(parts) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def imports_of(path: Path) -> set[str]:
    return imports(path.read_text(encoding="utf-8"), ".".join(path.parent.relative_to(ROOT).parts))


def layer_of(name: str) -> str | None:
    """The layer an imported ``oracle....`` name belongs to; None for oracle's own facade."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in BELOW else None


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_every_oracle_module_lies_in_a_layer_or_is_the_facade() -> None:
    outside = [
        rel(p)
        for p in modules("oracle")
        if p.parent != ROOT / "oracle" and p.relative_to(ROOT / "oracle").parts[0] not in BELOW
    ]
    facade = {rel(p) for p in modules("oracle") if p.parent == ROOT / "oracle"}
    assert outside == []
    assert facade == {"oracle/__init__.py", "oracle/__main__.py", "oracle/strategies.py"}
    assert {p.name for p in (ROOT / "oracle").iterdir() if p.is_dir() and p.name != "__pycache__"} == set(
        BELOW
    )


@pytest.mark.parametrize(
    "path",
    [p for p in modules("oracle") if p.parent != ROOT / "oracle"],
    ids=rel,
)
def test_a_layer_imports_only_from_itself_and_the_layers_below(path: Path) -> None:
    layer = path.relative_to(ROOT / "oracle").parts[0]
    allowed = BELOW[layer] | {layer}
    oracle_names = {name for name in imports_of(path) if name.split(".")[0] == "oracle"}
    wrong = sorted(name for name in oracle_names if layer_of(name) not in allowed)
    assert wrong == [], f"{rel(path)} ({layer}) imports {wrong}; it may import from {sorted(allowed)}"


@pytest.mark.parametrize("entry", TORCH_FREE)
def test_every_torch_free_entry_names_modules(entry: str) -> None:
    assert modules(f"oracle/{entry}")


@pytest.mark.parametrize("path", [p for t in TORCH_FREE for p in modules(f"oracle/{t}")], ids=rel)
def test_the_torch_free_layers_import_no_torch(path: Path) -> None:
    assert not {name for name in imports_of(path) if name.split(".")[0] == "torch"}


@pytest.mark.parametrize("path", modules("refbp"), ids=rel)
def test_refbp_never_imports_oracle(path: Path) -> None:
    assert not {name for name in imports_of(path) if name.split(".")[0] == "oracle"}


def test_the_rule_sees_every_way_of_importing() -> None:
    """The reader itself: a plain import, a from-import of a module, relative and lazy ones."""
    source = "import oracle.suite.cli\nfrom . import sgd\ndef f():\n    from ..twin.check import check\n"
    assert imports(source, "oracle.training") == {
        "oracle.suite.cli",
        "oracle.training",
        "oracle.training.sgd",
        "oracle.twin.check",
        "oracle.twin.check.check",
    }
    assert [layer_of(n) for n in ("oracle.suite.cli", "oracle.check", "oracle")] == ["suite", None, None]
