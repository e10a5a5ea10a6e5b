"""Extraction throughput on the seed documents, beside a bare scan for quote marks.

Usage: python benchmarks/extract_throughput.py [--mb 50] [--repeat 3] [--long-mb 50]

The seeds are repeated (as separate documents, the way a corpus arrives) until the
total reaches --mb megabytes; the script prints MB/s and quotes/s for the extractor
and for a bare `regex` scan of the same text for quote marks, and their ratio.
Single process, one core.

Then, unless ``--long-mb 0``, one long document (the seeds joined and repeated to
--long-mb megabytes) is extracted in a fresh subprocess, which reports its time beside
the bare scan of the same text and its peak memory (``ru_maxrss``) beside the file's
size: the memory the text itself takes, and what extraction adds on top.
"""

from __future__ import annotations

import argparse
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

import regex

from quotebank import extract

#: The baseline: every quote mark, apostrophes included, found by one character class.
RE_ANY_MARK = regex.compile(r"[\"'“”„‘’‚«»‹›]")

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB (``ru_maxrss`` is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6


def long_document(mb: float) -> None:
    """Extract one document of ``mb`` megabytes (run in a fresh process) and print figures."""
    seeds = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    size = len(seeds.encode("utf-8"))
    text = "\n\n".join([seeds] * max(1, int(mb * 1e6 / size + 0.999)))
    total = len(text.encode("utf-8")) / 1e6
    before = _peak_rss_mb()
    t0 = time.perf_counter()
    marks = sum(1 for _ in RE_ANY_MARK.finditer(text))
    scan = time.perf_counter() - t0
    t0 = time.perf_counter()
    quotes = len(extract(text))
    took = time.perf_counter() - t0
    peak = _peak_rss_mb()
    print(f"long document: {total:.1f} MB in one str of {sys.getsizeof(text) / 1e6:.0f} MB")
    print(f"  extract:   {total / took:7.2f} MB/s  ({quotes:,} quotes in {took:.2f} s)")
    print(
        f"  bare scan: {total / scan:7.2f} MB/s  ({marks:,} quote marks in {scan:.2f} s);"
        f" ratio {took / scan:.1f}x"
    )
    print(
        f"  peak RSS {peak:,.0f} MB = {peak / total:.1f}x the file's size"
        f" (before extracting: {before:,.0f} MB; extraction added {peak - before:,.0f} MB"
        f" = {(peak - before) / total:.1f}x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="corpus size in MB")
    parser.add_argument("--repeat", type=int, default=3, help="runs; the best is reported")
    parser.add_argument("--long-mb", type=float, default=50.0, help="size of the one long document (0: skip)")
    parser.add_argument("--child-long", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_long is not None:
        long_document(args.child_long)
        return
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
    print(
        f"extract:   {total / 1e6 / best_extract:7.2f} MB/s  {quotes / best_extract:10,.0f} quotes/s"
        f"  ({quotes:,} quotes in {best_extract:.2f} s)"
    )
    print(f"bare scan: {total / 1e6 / best_scan:7.2f} MB/s  ({marks:,} quote marks in {best_scan:.2f} s)")
    print(f"ratio: extraction is {best_scan and best_extract / best_scan:.1f}x the bare scan's time")
    if args.long_mb > 0:  # a fresh process, so its peak memory is this document's alone
        sys.stdout.flush()
        subprocess.run([sys.executable, __file__, "--child-long", str(args.long_mb)], check=True)


if __name__ == "__main__":
    main()
