"""A submission ``FILE.py:FUNC``: parsed and checked without running any of its code.

Contract: ``parse(text)`` returns a ``Submission`` when ``FILE.py`` is an existing Python
file whose top level binds ``FUNC`` (a def, a class, an assignment, an import), else raises
ValueError saying what is wrong and how to fix it. The check reads the file with ``ast``:
student code runs only in the grading children, never in the process that grades them. A
file that does not parse cannot be checked here; it is accepted, and its child reports the
syntax error as that submission's import failure.
"""

from __future__ import annotations

import ast
import dataclasses
import glob
from collections.abc import Iterator
from pathlib import Path

__all__ = ["Submission", "bound_names", "expand", "parse"]


@dataclasses.dataclass(frozen=True)
class Submission:
    """The file ``path`` and the name ``func`` of the back-propagation in it."""

    path: str
    func: str

    def __str__(self) -> str:
        return f"{self.path}:{self.func}"


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The module's top-level statements, also those inside if/try/with/for/while blocks
    (``try: import x`` binds at the top level too), never those inside a def or a class."""
    for node in body:
        yield node
        if isinstance(node, ast.If | ast.For | ast.While | ast.With | ast.Try):
            for block in ("body", "orelse", "finalbody"):
                yield from _statements(getattr(node, block, []))
            for handler in getattr(node, "handlers", []):
                yield from _statements(handler.body)


def _assigned(node: ast.stmt) -> list[ast.expr]:
    """The target expressions of an assignment, a for loop or a with block."""
    if isinstance(node, ast.Assign):
        return node.targets
    if isinstance(node, ast.AnnAssign):
        return [node.target] if node.value is not None else []  # `x: int` alone binds nothing
    if isinstance(node, ast.For):
        return [node.target]
    if isinstance(node, ast.With):
        return [item.optional_vars for item in node.items if item.optional_vars is not None]
    return []


def _targets(node: ast.stmt) -> Iterator[str]:
    """The names a statement binds, or '*' for ``from m import *`` (which may bind any)."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        yield node.name
    elif isinstance(node, ast.Import | ast.ImportFrom):
        for alias in node.names:
            yield alias.asname or alias.name.split(".")[0]
    for target in _assigned(node):
        yield from _names(target)


def _names(target: ast.expr) -> Iterator[str]:
    """The names an assignment target binds: ``a``, ``a, (b, *c)``; not ``a.b`` nor ``a[0]``."""
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, ast.Tuple | ast.List):
        for element in target.elts:
            yield from _names(element)
    elif isinstance(target, ast.Starred):
        yield from _names(target.value)


def bound_names(source: str) -> set[str] | None:
    """The names the module's top level binds ('*' among them after a star import), or None
    when the source does not parse (null bytes included)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    return {name for node in _statements(tree.body) for name in _targets(node)}


def parse(text: str) -> Submission:
    """``FILE.py:FUNC`` checked: the file exists, is Python, and binds FUNC at its top level."""
    path, sep, func = text.rpartition(":")
    if not sep or not path or not func.isidentifier():
        raise ValueError(
            f"{text!r} is not FILE.py:FUNC; name the file and the function, e.g. hw3.py:backprop"
        )
    if not path.endswith(".py"):
        raise ValueError(f"{path!r} is not a .py file; give the Python file that defines {func}")
    file = Path(path)
    if not file.is_file():
        raise ValueError(f"{path!r} does not exist or is not a file")
    names = bound_names(file.read_text(encoding="utf-8", errors="replace"))
    if names is not None and func not in names and "*" not in names:
        raise ValueError(f"{path!r} does not define {func!r} at its top level; check the function's name")
    return Submission(path, func)


def expand(text: str) -> list[Submission]:
    """``FILE.py:FUNC``, or ``PATTERN:FUNC`` with a glob the shell left alone (``hw/*.py:backprop``
    matches no file name, so the shell passes it on): every match, sorted, parsed."""
    path, _, func = text.rpartition(":")
    if not glob.has_magic(path) or Path(path).exists():
        return [parse(text)]
    matches = sorted(glob.glob(path))
    if not matches:
        raise ValueError(f"{path!r} matches no file; check the pattern")
    return [parse(f"{match}:{func}") for match in matches]
