"""The library stands on its own: importing it loads no command-line code."""

from __future__ import annotations

import subprocess
import sys


def test_import_quotebank_loads_no_cli_module() -> None:
    """The CLI (and Click) are loaded only by the ``quotebank`` command."""
    code = ("import sys, quotebank; print(sorted(m for m in sys.modules "
            "if m == 'click' or m.startswith(('click.', 'quotebank.cli'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
