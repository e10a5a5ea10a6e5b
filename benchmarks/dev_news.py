"""The extractor on the annotated development news (../shared/dev), scored by its scorer.

Usage: python benchmarks/dev_news.py [--dev DIR] [--errors N] [--preds OUT.jsonl] [--limit N]

Runs :func:`quotebank.extract` over every article of ``DIR/news.jsonl`` (840 US news
articles with 6,684 annotated quotations; not part of the project, see its README),
writes the predictions in the scorer's format and runs ``DIR/score_quotes.py`` on them,
printing its figures and the extraction time beside them. Left out of the predictions,
as the gold cannot contain them: terms, posts, nested quotations, single-quoted spans
and spans opened by two apostrophes (``''like this''``).

Exits with a message (status 0) when the development data is not there.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from quotebank import extract
from quotebank.models import Quote, QuoteKind

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DEV = ROOT.parent / "shared" / "dev"
#: Characters that, right before a quotation's first character, make it single-quoted.
SINGLE_OPENERS = "'‘’‚‹›"


def scorable(text: str, quote: Quote) -> bool:
    """Whether the gold could hold ``quote``: a top-level, double-quoted quotation."""
    if quote.kind in (QuoteKind.TERM, QuoteKind.POST) or quote.parent is not None:
        return False
    s = quote.start
    return not ((s > 0 and text[s - 1] in SINGLE_OPENERS) or text[max(0, s - 2) : s] == "''")


def predict(news: Path, out: Path, limit: int | None) -> tuple[int, int, float]:
    """Write predictions for ``news`` to ``out``: (documents, characters, seconds)."""
    docs = chars = 0
    elapsed = 0.0
    with news.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for line in src:
            if limit is not None and docs >= limit:
                break
            doc = json.loads(line)
            text = doc["text"]
            t0 = time.perf_counter()
            quotes = extract(text)
            elapsed += time.perf_counter() - t0
            preds = [
                {"start": q.start, "end": q.end, "speaker": q.speaker} for q in quotes if scorable(text, q)
            ]
            dst.write(json.dumps({"id": doc["id"], "quotes": preds}) + "\n")
            docs += 1
            chars += len(text)
    return docs, chars, elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV, help="the dev data folder")
    parser.add_argument("--errors", type=int, default=0, help="print N examples of each error")
    parser.add_argument("--preds", type=Path, help="keep the predictions in this file")
    parser.add_argument("--limit", type=int, help="only the first N articles (with --subset)")
    args = parser.parse_args()
    news, scorer = args.dev / "news.jsonl", args.dev / "score_quotes.py"
    if not news.is_file() or not scorer.is_file():
        print(
            f"dev_news: no development data at {args.dev} (news.jsonl and score_quotes.py); "
            "nothing to measure"
        )
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        out = args.preds or Path(tmp) / "preds.jsonl"
        docs, chars, elapsed = predict(news, out, args.limit)
        cmd = [sys.executable, str(scorer), str(news), str(out)]
        if args.errors:
            cmd += ["--errors", str(args.errors)]
        if args.limit is not None:
            cmd.append("--subset")
        result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    print(result.stdout, end="")
    if result.returncode:
        print(result.stderr, end="", file=sys.stderr)
        return result.returncode
    print(
        f"extraction: {docs} articles, {chars / 1e6:.2f} M characters in {elapsed:.2f} s "
        f"({chars / 1e6 / elapsed:.2f} M chars/s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
