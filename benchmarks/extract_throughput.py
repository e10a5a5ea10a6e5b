"""Extraction throughput on the seed documents, beside a bare scan for quote marks.

Usage: python benchmarks/extract_throughput.py [--mb 50] [--repeat 3]

The seeds are repeated (as separate documents, the way a corpus arrives) until the
total reaches --mb megabytes; the script prints MB/s and quotes/s for the extractor
and for a bare `regex` scan of the same text for quote marks, and their ratio.
Single process, one core.
"""

from __future__ import annotations

import argparse
import platform
import time
from pathlib import Path

import regex

from quotebank import extract

#: The baseline: every quote mark, apostrophes included, found by one character class.
RE_ANY_MARK = regex.compile(r"[\"'“”„‘’‚«»‹›]")

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="corpus size in MB")
    parser.add_argument("--repeat", type=int, default=3, help="runs; the best is reported")
    args = parser.parse_args()
    docs = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    seed_bytes = sum(len(d.encode("utf-8")) for d in docs)
    copies = max(1, int(args.mb * 1e6 / seed_bytes + 0.999))
    corpus = docs * copies
    total = seed_bytes * copies
    best_extract = best_scan = float("inf")
    quotes = marks = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        quotes = sum(len(extract(d)) for d in corpus)
        best_extract = min(best_extract, time.perf_counter() - t0)
        t0 = time.perf_counter()
        marks = sum(1 for d in corpus for _ in RE_ANY_MARK.finditer(d))
        best_scan = min(best_scan, time.perf_counter() - t0)
    print(f"python {platform.python_version()} on {platform.machine()}")
    print(f"corpus: {len(corpus):,} documents, {total / 1e6:.1f} MB ({copies} copies of the seeds)")
    print(f"extract:   {total / 1e6 / best_extract:7.2f} MB/s  {quotes / best_extract:10,.0f} quotes/s"
          f"  ({quotes:,} quotes in {best_extract:.2f} s)")
    print(f"bare scan: {total / 1e6 / best_scan:7.2f} MB/s  ({marks:,} quote marks in {best_scan:.2f} s)")
    print(f"ratio: extraction is {best_scan and best_extract / best_scan:.1f}x the bare scan's time")


if __name__ == "__main__":
    main()
