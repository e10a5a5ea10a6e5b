"""Citation formatting speed, beside citeproc-js on the same items in the same run.

Usage::

    python benchmarks/citation_throughput.py [--rounds 5] [--oracle ../shared/citeproc-oracle]
        [--styles apa,chicago-author-date,...]

quotebank: every CSL-JSON item of ``tests/citation/data/items.json`` as one bibliography
(sorted, year-suffixes, subsequent-author dashes), plain text, ``--rounds`` times per style;
then every item formatted on its own (``cite()`` as the CLI calls it). Single process,
one core; the style is compiled once (first call, timed apart as "compile").

citeproc-js: the same bibliography through ``oracle.js`` (needs Node and ``npm ci`` done in
the oracle folder; skipped otherwise). Its time per entry is warm: a run with one request
is subtracted from a run with ``1 + rounds`` requests, so start-up and engine building are
left out.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path
from typing import Any

from quotebank.citation._csl.oracle import oracle_dir, oracle_ready, run_oracle
from quotebank.citation._formatting import compiled_style, format_item, format_items

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "citation" / "data"
STYLES = [
    "apa",
    "chicago-notes-bibliography",
    "chicago-author-date",
    "chicago-notes-bibliography-17th-edition",
    "chicago-author-date-17th-edition",
]


def _citeproc_js(oracle: Path, style: str, items: list[dict[str, Any]], rounds: int) -> float | None:
    """Warm citeproc-js bibliography entries per second, or None when it cannot run."""
    if not oracle_ready(oracle):
        return None
    request = {"style": style, "mode": "bibliography", "format": "text", "items": items}

    def run(n: int) -> float:
        start = time.perf_counter()
        run_oracle([request] * n, oracle=oracle)
        return time.perf_counter() - start

    cold = run(1)
    warm = run(1 + rounds) - cold
    return rounds * len(items) / warm if warm > 0 else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="bibliographies per style")
    parser.add_argument("--oracle", type=Path, default=oracle_dir())
    parser.add_argument("--styles", default=",".join(STYLES))
    args = parser.parse_args()
    items = json.loads((DATA / "items.json").read_text())
    print(f"python {platform.python_version()}, {len(items)} items, {args.rounds} rounds")
    print(f"{'style':42} {'compile':>8} {'bibliography':>14} {'one by one':>12} {'citeproc-js':>12}")
    for style in args.styles.split(","):
        start = time.perf_counter()
        compiled_style(style)
        compile_ms = (time.perf_counter() - start) * 1000
        format_items(items, style)  # warm
        start = time.perf_counter()
        for _ in range(args.rounds):
            format_items(items, style)
        whole = args.rounds * len(items) / (time.perf_counter() - start)
        start = time.perf_counter()
        for item in items:
            format_item(item, style, "bibliography")
        single = len(items) / (time.perf_counter() - start)
        theirs = _citeproc_js(args.oracle, style, items, args.rounds)
        js = f"{theirs:9.0f}/s" if theirs else "    (none)"
        print(f"{style:42} {compile_ms:6.0f}ms {whole:11.0f}/s {single:9.0f}/s {js:>12}")


if __name__ == "__main__":
    main()
