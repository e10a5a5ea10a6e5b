"""citeproc-js through the oracle script beside the repository: what quotebank is held to.

For tests, ``tests/citation/regenerate.py`` and benchmarks only: Node and the npm package
``citeproc`` are never dependencies of quotebank. The oracle folder is
``$QUOTEBANK_CITEPROC_ORACLE`` (CI installs citeproc-js there) or
``../shared/citeproc-oracle`` beside the repository; the style files it reads are in
``../shared/csl``. Requests and responses are described at the top of ``oracle.js``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

__all__ = ["CSL_DIR", "oracle_dir", "oracle_ready", "run_oracle"]

_SHARED = Path(__file__).resolve().parents[3].parent / "shared"
#: The official style files and locales the oracle formats with.
CSL_DIR = _SHARED / "csl"


def oracle_dir() -> Path:
    """The folder holding ``oracle.js`` (and, once installed, its ``node_modules``)."""
    return Path(os.environ.get("QUOTEBANK_CITEPROC_ORACLE", _SHARED / "citeproc-oracle"))


def oracle_ready(oracle: Path | None = None) -> bool:
    """True when Node, the installed oracle and the style files are all there."""
    folder = oracle or oracle_dir()
    return shutil.which("node") is not None and (folder / "node_modules").is_dir() and CSL_DIR.is_dir()


def run_oracle(
    requests: list[dict[str, Any]],
    *,
    oracle: Path | None = None,
    csl_dir: Path | None = None,
    timeout: float = 600,
) -> list[dict[str, Any]]:
    """citeproc-js's answers to ``requests``, one per request, in order (one Node process)."""
    folder = oracle or oracle_dir()
    run = subprocess.run(
        ["node", str(folder / "oracle.js"), "--csl-dir", str(csl_dir or CSL_DIR)],
        input=json.dumps(requests),
        capture_output=True,
        text=True,
        check=True,
        timeout=timeout,
    )
    answers: list[dict[str, Any]] = json.loads(run.stdout)
    return answers
