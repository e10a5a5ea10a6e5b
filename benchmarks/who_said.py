"""Who-said at scale: ingest rate, latency percentiles, top-1 accuracy, store size.

Usage:
    python benchmarks/who_said.py [--sizes 10000 100000 1000000] [--queries 2000]
                                  [--postgres URL] [--workdir DIR]

For each size a synthetic Quotebank-format dataset is generated (deterministic seed;
vocabulary and Zipf word frequencies taken from the seed documents, 8–40 words per
quotation, 20,000 speakers, three quotations per source URL), imported through
`QuoteBank.import_file`, and queried with perturbed fragments of stored quotations
(case, punctuation, a dropped or changed word, a typo, an ellipsis, curly quotes,
a fragment from the middle) and with random phrases that are not in the store.
On SQLite the same perturbed queries also go to a plain FTS5 phrase query, for
comparison. With --postgres (an admin URL) each size also runs on a fresh
PostgreSQL database.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

from sqlalchemy import create_engine, text

from quotebank import QuoteBank, normalize_quote

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
RNG_SEED = 20261123


def vocabulary() -> tuple[list[str], list[float]]:
    words = Counter(
        w
        for p in SEEDS.glob("*.txt")
        for w in re.findall(r"[a-z]+", p.read_text().lower())
        if len(w) > 1 or w in ("a", "i")
    )
    ranked = [w for w, _ in words.most_common()]
    return ranked, [1.0 / (rank + 1) for rank in range(len(ranked))]


def names(rng: random.Random, n: int) -> list[str]:
    syl = [
        "ka",
        "ra",
        "mi",
        "sha",
        "no",
        "de",
        "li",
        "ha",
        "za",
        "ro",
        "be",
        "ta",
        "fa",
        "ni",
        "so",
        "ma",
        "ve",
        "gu",
        "lo",
        "di",
    ]

    def word(k: int) -> str:
        return "".join(rng.choice(syl) for _ in range(k)).capitalize()

    return [f"{word(2)} {word(3)}" for _ in range(n)]


def generate(path: Path, n: int, rng: random.Random) -> list[str]:
    words, weights = vocabulary()
    speakers = names(rng, 20_000)
    texts = []
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            length = min(40, max(8, int(rng.lognormvariate(2.8, 0.4))))
            quote = " ".join(rng.choices(words, weights, k=length)).capitalize() + "."
            texts.append(quote)
            out.write(
                json.dumps(
                    {
                        "quoteID": f"q{i}",
                        "quotation": quote,
                        "speaker": rng.choice(speakers),
                        "date": f"20{rng.randint(15, 20)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                        "probas": [["x", "0.9"]],
                        "numOccurrences": 1,
                        "urls": [f"https://example.org/article/{i // 3}"],
                        "phase": "E",
                    }
                )
                + "\n"
            )
    return texts


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def perturb(quote: str, rng: random.Random, words: list[str]) -> tuple[str, str]:
    tokens = quote.rstrip(".").split()
    if len(tokens) > 12:
        start = rng.randrange(0, len(tokens) - 10)
        tokens = tokens[start : start + rng.randint(8, 12)]
    kind = rng.choice(["case", "punctuation", "drop", "change", "typo", "ellipsis", "quotes", "fragment"])
    if kind == "case":
        tokens = [t.upper() for t in tokens]
    elif kind == "punctuation":
        tokens = [t + rng.choice([",", ";", "", ""]) for t in tokens]
    elif kind == "drop":
        del tokens[rng.randrange(1, len(tokens) - 1)]
    elif kind == "change":
        tokens[rng.randrange(1, len(tokens) - 1)] = rng.choice(words[:2000])
    elif kind == "typo":
        i = max(range(len(tokens)), key=lambda j: len(tokens[j]))
        tokens[i] = typo(tokens[i], rng)
    elif kind == "ellipsis":
        tokens.insert(rng.randrange(1, len(tokens)), "...")
    elif kind == "quotes":
        return "“" + " ".join(tokens) + "”", kind
    return " ".join(tokens), kind


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def fts_phrase(engine: object, phrase: str) -> tuple[int | None, float]:
    words = normalize_quote(phrase).split()
    query = '"' + " ".join(words) + '"'
    t0 = time.perf_counter()
    with engine.connect() as conn:  # type: ignore[attr-defined]
        row = conn.execute(
            text("SELECT rowid FROM quotations_fts WHERE quotations_fts MATCH :q ORDER BY rank LIMIT 1"),
            {"q": query},
        ).first()
    return (row[0] if row else None), time.perf_counter() - t0


def run(label: str, url: str, n: int, queries: int, workdir: Path) -> None:
    rng = random.Random(RNG_SEED + n)
    data = workdir / f"synthetic-{n}.jsonl"
    texts = generate(data, n, rng)
    words, _ = vocabulary()
    with QuoteBank(url) as bank:
        t0 = time.perf_counter()
        report = bank.import_file(data)
        elapsed = time.perf_counter() - t0
        rate = report.quotations / elapsed
        sample = [rng.randrange(n) for _ in range(queries)]
        lat: list[float] = []
        hits, fp = 0, 0
        by_kind: Counter[tuple[str, bool]] = Counter()
        fts_hits, fts_lat = 0, []
        engine = bank._db.engine
        for idx in sample:
            phrase, kind = perturb(texts[idx], rng, words)
            t0 = time.perf_counter()
            matches = bank.who_said(phrase, limit=5)
            lat.append(time.perf_counter() - t0)
            ok = bool(matches) and normalize_quote(matches[0].text) == normalize_quote(texts[idx])
            hits += ok
            by_kind[(kind, ok)] += 1
            if bank.backend == "sqlite":
                rowid, seconds = fts_phrase(engine, phrase)
                fts_lat.append(seconds)
                if rowid is not None:
                    with engine.connect() as conn:
                        found = conn.execute(
                            text("SELECT normalized FROM quotations WHERE id = :i"), {"i": rowid}
                        ).scalar_one()
                    fts_hits += found == normalize_quote(texts[idx])
        negatives = max(200, queries // 4)
        for _ in range(negatives):
            phrase = " ".join(rng.choices(words[200:3000], k=rng.randint(6, 10)))
            fp += bool(bank.who_said(phrase, limit=1))
        if bank.backend == "sqlite":
            db_path = Path(url.split(":///", 1)[1])
            size = sum(p.stat().st_size for p in db_path.parent.glob(db_path.name + "*"))
        else:
            with engine.connect() as conn:
                size = conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
    ms = [x * 1000 for x in lat]
    print(f"\n== {label}: {n:,} quotations ==")
    print(f"import: {report.quotations:,} quotations in {elapsed:.1f} s = {rate:,.0f} quotations/s")
    print(f"store size: {size / 1e6:.1f} MB")
    print(
        f"who_said latency over {queries:,} perturbed queries: p50 {pct(ms, 0.5):.1f} ms, "
        f"p95 {pct(ms, 0.95):.1f} ms, p99 {pct(ms, 0.99):.1f} ms"
    )
    print(
        f"top-1 accuracy: {hits / queries:.1%}; false answers to {negatives} phrases not in "
        f"the store: {fp / negatives:.1%}"
    )
    kinds = sorted({k for k, _ in by_kind})
    print(
        "  by perturbation: "
        + ", ".join(
            f"{k} {by_kind[(k, True)] / max(1, by_kind[(k, True)] + by_kind[(k, False)]):.0%}" for k in kinds
        )
    )
    if fts_lat:
        fl = [x * 1000 for x in fts_lat]
        print(
            f"plain FTS5 phrase query: top-1 accuracy {fts_hits / queries:.1%}, "
            f"p50 {pct(fl, 0.5):.1f} ms, p95 {pct(fl, 0.95):.1f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument(
        "--postgres", metavar="ADMIN_URL", default=os.environ.get("QUOTEBANK_TEST_POSTGRES_URL")
    )
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="quotebank-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    for n in args.sizes:
        run("SQLite", f"sqlite:///{workdir / f'bench-{n}.db'}", n, args.queries, workdir)
        if args.postgres:
            name = f"qb_bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(
                args.postgres.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
            )
            with admin.connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
            try:
                run("PostgreSQL", args.postgres.rsplit("/", 1)[0] + "/" + name, n, args.queries, workdir)
            finally:
                with admin.connect() as conn:
                    conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
