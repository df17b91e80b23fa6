"""FILE.py:FUNC parsed and checked with ast, never by running the file (oracle.grading.submissions)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from oracle.grading.submissions import Submission, bound_names, expand, parse

BINDINGS = """\
import numpy
import os.path
import numpy as np
from math import sqrt, pi as PI
from typing import TYPE_CHECKING
a = b = 1
c, (e, *f) = 1, (2, 3)
[g] = [4]
h: int = 5
unbound: int
obj.attr = 6
items[0] = 7
def fn(): inner = 1
async def coro(): pass
class Net: method = 1
if TYPE_CHECKING:
    in_if = 1
else:
    in_else = 2
try:
    in_try = 1
except ImportError:
    in_except = 2
finally:
    in_finally = 3
for loop_var in range(2):
    in_for = 1
while False:
    in_while = 1
with open(__file__) as handle:
    in_with = 1
with open(__file__):
    pass
"""


def test_every_kind_of_top_level_binding_and_nothing_nested() -> None:
    assert bound_names(BINDINGS) == {
        "numpy", "os", "np", "sqrt", "PI", "TYPE_CHECKING", "a", "b", "c", "e", "f", "g", "h",
        "fn", "coro", "Net", "in_if", "in_else", "in_try", "in_except", "in_finally",
        "loop_var", "in_for", "in_while", "handle", "in_with",
    }  # fmt: skip


def test_a_star_import_may_bind_anything_and_a_file_that_does_not_parse_is_unknown() -> None:
    assert bound_names("from numpy import *\n") == {"*"}
    assert bound_names("def f(:\n") is None
    assert bound_names("x = 1\0\n") is None  # a null byte: ValueError, not SyntaxError


def test_a_file_that_binds_func_is_a_submission(tmp_path: Path) -> None:
    path = tmp_path / "hw.py"
    path.write_text("import sys\nsys.exit(3)\ndef backprop(w, b, x, d): pass\n")  # never run here
    assert parse(f"{path}:backprop") == Submission(str(path), "backprop")
    assert str(parse(f"{path}:backprop")) == f"{path}:backprop"


@pytest.mark.parametrize("source", ["from helpers import *\n", "def backprop(:\n"])
def test_func_is_left_to_the_child_when_ast_cannot_tell(tmp_path: Path, source: str) -> None:
    path = tmp_path / "hw.py"
    path.write_text(source)
    assert parse(f"{path}:backprop") == Submission(str(path), "backprop")


def test_the_file_and_func_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "hw.py"
    path.write_text("def other(w, b, x, d): pass\n")
    (tmp_path / "notes.txt").write_text("")
    (tmp_path / "folder.py").mkdir()
    errors = {
        "hw.py": "'hw.py' is not FILE.py:FUNC; name the file and the function, e.g. hw3.py:backprop",
        ":backprop": "':backprop' is not FILE.py:FUNC; name the file and the function, e.g. hw3.py:backprop",
        f"{path}:": f"'{path}:' is not FILE.py:FUNC; name the file and the function, e.g. hw3.py:backprop",
        f"{path}:not-a-name": f"'{path}:not-a-name' is not FILE.py:FUNC; name the file and the function, "
        "e.g. hw3.py:backprop",
        f"{tmp_path / 'notes.txt'}:f": f"'{tmp_path / 'notes.txt'}' is not a .py file; give the Python file "
        "that defines f",
        f"{tmp_path / 'gone.py'}:f": f"'{tmp_path / 'gone.py'}' does not exist or is not a file",
        f"{tmp_path / 'folder.py'}:f": f"'{tmp_path / 'folder.py'}' does not exist or is not a file",
        f"{path}:backprop": f"'{path}' does not define 'backprop' at its top level; "
        "check the function's name",
    }
    for text, message in errors.items():
        with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
            parse(text)


def test_a_glob_the_shell_left_alone_names_every_match_sorted(tmp_path: Path) -> None:
    for name in ("b.py", "a.py"):
        (tmp_path / name).write_text("def backprop(w, b, x, d): pass\n")
    assert expand(f"{tmp_path}/*.py:backprop") == [
        Submission(str(tmp_path / "a.py"), "backprop"),
        Submission(str(tmp_path / "b.py"), "backprop"),
    ]
    with pytest.raises(ValueError, match=r"matches no file; check the pattern$"):
        expand(f"{tmp_path}/*.txt:backprop")


def test_a_file_whose_name_looks_like_a_glob_is_that_file(tmp_path: Path) -> None:
    path = tmp_path / "hw[1].py"
    path.write_text("def backprop(w, b, x, d): pass\n")
    assert expand(f"{path}:backprop") == [Submission(str(path), "backprop")]
