"""The library stands on its own: importing it loads no command-line code."""

from __future__ import annotations

import subprocess
import sys


def test_import_quotebank_loads_no_cli_module() -> None:
    """The CLI (and Click) are loaded only by the ``quotebank`` command."""
    code = (
        "import sys, quotebank; print(sorted(m for m in sys.modules "
        "if m == 'click' or m.startswith(('click.', 'quotebank.cli'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_cli_imports_only_public_modules() -> None:
    """quotebank/cli.py reaches the library through its public names, no internal module."""
    import ast
    from pathlib import Path

    import quotebank.cli

    tree = ast.parse(Path(quotebank.cli.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    imported |= {a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names}
    internal = sorted(
        m
        for m in imported
        if m.startswith("quotebank") and any(part.startswith("_") for part in m.split("."))
    )
    assert internal == []
    assert {m for m in imported if m.startswith("quotebank")} <= {
        "quotebank",
        "quotebank.citation",
        "quotebank.errors",
        "quotebank.extraction",
        "quotebank.extraction.reading",
        "quotebank.spark",
    }
