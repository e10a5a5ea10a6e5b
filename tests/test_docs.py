"""The docs are tested: examples run, tables hold, every command is documented."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
from pathlib import Path

import pytest

from quotebank import extract
from quotebank.cli import cli

ROOT = Path(__file__).resolve().parent.parent
DOCS = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
RE_BLOCK = re.compile(r"```python\n(.*?)```", re.S)


def _blocks() -> list[tuple[str, str]]:
    found = []
    for path in DOCS:
        for i, block in enumerate(RE_BLOCK.findall(path.read_text(encoding="utf-8"))):
            found.append((f"{path.name}#{i + 1}", block))
    return found


def _expected(block: str) -> list[str]:
    """Comment lines that directly follow a print() are its expected output."""
    expected, after_print = [], False
    for line in block.splitlines():
        if line.startswith("# ") and after_print:
            expected.append(line[2:])
        else:
            after_print = "print(" in line
    return expected


@pytest.mark.parametrize(("name", "block"), _blocks(), ids=[n for n, _ in _blocks()])
def test_python_examples_run(name: str, block: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each Python example runs, and prints what its comments say."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("QUOTEBANK_DATABASE_URL", f"sqlite:///{tmp_path / 'doc.db'}")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, name, "exec"), {"__name__": "__docs__"})
    expected = _expected(block)
    if expected:
        assert out.getvalue().splitlines() == expected


def _pattern_rows() -> list[list[str]]:
    text = (ROOT / "docs" / "extraction.md").read_text(encoding="utf-8")
    section = text.split("## Attribution patterns", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 4 and "“" in cells[1]:
            rows.append(cells)
    return rows


def test_pattern_table_is_not_empty() -> None:
    """The extraction docs list the patterns."""
    assert len(_pattern_rows()) >= 15


@pytest.mark.parametrize("row", _pattern_rows(), ids=[r[0] for r in _pattern_rows()])
def test_documented_patterns_hold(row: list[str]) -> None:
    """Every example sentence in docs/extraction.md gives the speaker and cue listed."""
    _, example, speaker, cue = row
    quote = extract(example)[0]
    assert (quote.speaker, quote.cue) == (speaker, cue)


def test_every_command_is_documented() -> None:
    """docs/cli.md has a section for every CLI command."""
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"## quotebank {name}" in text, name


def test_docs_link_to_existing_pages() -> None:
    """Relative links between Markdown pages resolve."""
    for path in DOCS:
        for target in re.findall(r"\]\(([^)#:]+\.md)", path.read_text(encoding="utf-8")):
            assert (path.parent / target).is_file(), f"{path.name} -> {target}"
    assert os.path.isfile(ROOT / "docs" / "index.md")
