"""Citation formatting speed: the oracle fixture set, formatted again and again.

Usage: python benchmarks/citation_throughput.py [--rounds 20]

Formats every CSL-JSON item of ``tests/citation/data/items.json`` as a bibliography entry
in each style (plain text and HTML), then every cite case as an in-text citation or note,
and prints entries per second and per-entry latency percentiles. Single process, one core.
Each entry is validated from its CSL-JSON dict every time, as the CLI and ``cite()`` do.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from pathlib import Path

from quotebank.citation import style_names
from quotebank.citation.common import Cite
from quotebank.citation.formatter import format_item

DATA = Path(__file__).resolve().parent.parent / "tests" / "citation" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="passes over the fixture set")
    args = parser.parse_args()
    items = json.loads((DATA / "items.json").read_text())
    cases = json.loads((DATA / "cases.json").read_text())
    by_id = {i["id"]: i for i in items}
    print(f"python {platform.python_version()}, {len(items)} items, {len(cases)} cite cases, "
          f"{args.rounds} rounds")
    for mode in ("bibliography", "citation", "note"):
        for style in style_names():
            for fmt in ("text", "html"):
                latencies: list[float] = []
                start = time.perf_counter()
                for _ in range(args.rounds):
                    if mode == "bibliography":
                        for item in items:
                            t = time.perf_counter()
                            format_item(item, style, mode, fmt=fmt)  # type: ignore[arg-type]
                            latencies.append(time.perf_counter() - t)
                    else:
                        for case in cases:
                            cite = Cite(case.get("locator", ""), case.get("label", "page"))
                            t = time.perf_counter()
                            format_item(by_id[case["id"]], style, mode, cite=cite, fmt=fmt)  # type: ignore[arg-type]
                            latencies.append(time.perf_counter() - t)
                elapsed = time.perf_counter() - start
                q = statistics.quantiles(latencies, n=100)
                print(f"{mode:12} {style:40} {fmt:4}  {len(latencies) / elapsed:8.0f} entries/s  "
                      f"p50 {q[49] * 1e6:5.0f} µs  p95 {q[94] * 1e6:5.0f} µs  p99 {q[98] * 1e6:5.0f} µs")


if __name__ == "__main__":
    main()
