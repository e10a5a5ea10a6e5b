"""Run the official CSL processor test suite and print how many fixtures pass.

    python benchmarks/csl_suite.py ../shared/csl-test-suite/processor-tests/humans [-v] [-k WORD]

Counts the fixtures directly in DIR (the ``off-spec/`` and ``experiments/`` subfolders are
not counted, as every processor that reports a pass rate does).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from quotebank.citation._csl.fixtures import fixture_passes, list_fixtures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true", help="show each failure")
    parser.add_argument("-k", default="", help="only fixtures whose name contains this")
    parser.add_argument("--list-passing", type=Path, help="write the names of passing fixtures here")
    args = parser.parse_args()
    paths = [p for p in list_fixtures(args.directory) if args.k in p.name]
    passed = []
    start = time.perf_counter()
    for path in paths:
        ok, want, got = fixture_passes(path)
        if ok:
            passed.append(path.stem)
        elif args.verbose:
            print(f"--- {path.stem}\nwant: {want}\ngot:  {got}")
    took = time.perf_counter() - start
    share = 100 * len(passed) / len(paths) if paths else 0.0
    print(f"{len(passed)} of {len(paths)} fixtures pass ({share:.1f} %) in {took:.1f} s")
    if args.list_passing:
        args.list_passing.write_text("".join(f"{name}\n" for name in sorted(passed)))


if __name__ == "__main__":
    main()
