"""The documentation holds together: every relative link of README.md and docs/ reaches a file
(and, for an anchor, a heading of that file), and the repository stands on its own: no tracked
text names a path into the developers' shared folder or an internal issue number.

(The pages' code runs in tests/oracle/test_readme.py; `tox -e docs` builds the site strictly.)
"""

from __future__ import annotations

import pathlib
import re
import subprocess
import unicodedata

import pytest

ROOT = pathlib.Path(__file__).parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
CODE = re.compile(r"^```.*?^```$|`[^`\n]*`", flags=re.MULTILINE | re.DOTALL)
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*$", flags=re.MULTILINE)
# built from pieces (as are the examples below), so that this file does not match itself
SHARED = re.compile(r"(?<![\w.-])(?:\.\./)?" + "shared" + r"/")
ISSUE = re.compile(r"(?<![\w#])[Ii]" + r"ssues? ?#?\d{1,3}\b")


def forbidden(line: str) -> bool:
    return bool(SHARED.search(line) or ISSUE.search(line))


def slug(heading: str) -> str:
    """The anchor Python-Markdown's toc (mkdocs) gives a heading; GitHub's agrees on ASCII text."""
    text = re.sub(r"[`*]", "", heading)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def prose(page: pathlib.Path) -> str:
    """The page without its code, where a bracket is code, not a link."""
    return CODE.sub("", page.read_text(encoding="utf-8"))


def anchors(page: pathlib.Path) -> set[str]:
    return {slug(h) for h in HEADING.findall(prose(page))}


def name(page: pathlib.Path) -> str:
    return page.relative_to(ROOT).as_posix()


def test_the_slug_is_mkdocs_toc_s() -> None:
    assert slug("In your own tests: the `backprop_oracle` fixture") == (
        "in-your-own-tests-the-backprop_oracle-fixture"
    )
    assert slug("Output layers: why the output delta is y \u2212 d, and when it is not") == (
        "output-layers-why-the-output-delta-is-y-d-and-when-it-is-not"
    )


@pytest.mark.parametrize("page", PAGES, ids=name)
def test_every_relative_link_reaches_a_file_and_heading(page: pathlib.Path) -> None:
    broken = []
    for target in LINK.findall(prose(page)):
        if re.match(r"[a-z]+:", target):  # https:, mailto: leave the repository
            continue
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        if not linked.exists():
            broken.append(f"{target} (no file {linked})")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            broken.append(f"{target} (no heading with anchor #{anchor} in {name(linked)})")
    assert not broken, f"{name(page)} links to: {broken}"


def tracked_text_files() -> list[pathlib.Path]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout.decode()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: the tracked files are unknown")
    texts = []
    for path in (ROOT / p for p in listed.split("\0") if p):
        try:
            path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue  # binary (a picture), or deleted in the working tree
        texts.append(path)
    return texts


def test_the_repository_stands_on_its_own() -> None:
    files = tracked_text_files()
    assert any(f.name == "README.md" for f in files)
    found = [
        f"{name(f)}:{n}: {line.strip()}"
        for f in files
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), start=1)
        if forbidden(line)
    ]
    assert not found, (
        "a path into the developers' shared folder (a clone does not have it) or an internal "
        f"issue number (say what is meant instead): {found}"
    )


@pytest.mark.parametrize(
    "line", ["see ../sha" + "red/docs/equations.md", "fixed in iss" + "ue 3", "Is" + "sue #12"]
)
def test_the_rule_catches_what_it_forbids(line: str) -> None:
    assert forbidden(line)


@pytest.mark.parametrize("line", ["numpy issues #13173", "shared memory", "issue numbers"])
def test_the_rule_lets_the_rest_be(line: str) -> None:
    assert not forbidden(line)
