"""Scaling: the Spark job against plain ``extract``, the PostgreSQL bulk load, who-said.

Usage:
    python benchmarks/spark_scale.py [--docs 2000] [--cores 1 2] [--quotations 1000000]
                                     [--postgres ADMIN_URL] [--queries 300] [--workdir DIR]

1. A corpus of generated articles (``tests/spark/corpus.py``: our own sentences, with
   CSL-JSON beside each) is extracted by plain ``extract`` in one process — the
   reference — and by ``quotebank spark extract`` on ``local[N]`` for each N in
   ``--cores`` (the whole job: read, extract, merge speakers, link variants, write
   Parquet). Session start-up is timed apart.
2. With ``--postgres``, a synthetic job output of ``--quotations`` quotations (one
   occurrence each, ten per document, 20,000 speakers; words drawn from the seeds'
   vocabulary with Zipf frequencies) is written as Parquet and loaded into a fresh
   database by ``quotebank import`` (COPY, merge, text indexes rebuilt); then
   who-said is asked ``--queries`` fragments of stored quotations.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quotebank import QuoteBank, extract  # noqa: E402
from quotebank.normalize import normalize_quote  # noqa: E402
from quotebank.store._ingest import quotation_key  # noqa: E402
from tests.spark.corpus import write_corpus  # noqa: E402


def plain_extract(folder: Path) -> tuple[int, int, float]:
    """Documents, quotations and seconds for `extract` over every .txt, one process."""
    files = sorted(folder.rglob("*.txt"))
    start = time.perf_counter()
    quotes = sum(len(extract(f.read_text(encoding="utf-8"))) for f in files)
    return len(files), quotes, time.perf_counter() - start


def spark_run(folder: Path, out: Path, cores: int) -> tuple[float, float, dict[str, int]]:
    """Session start-up seconds, job seconds and rows written, on ``local[cores]``."""
    from pyspark.sql import SparkSession

    from quotebank.spark import run_extract

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    t0 = time.perf_counter()
    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName(f"bench-{cores}")
        .config("spark.sql.shuffle.partitions", str(2 * cores))
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    started = time.perf_counter() - t0
    t1 = time.perf_counter()
    counts = run_extract(spark, str(folder), str(out))
    took = time.perf_counter() - t1
    spark.stop()
    return started, took, counts


def vocabulary() -> tuple[list[str], list[float]]:
    words = Counter(
        w
        for p in (ROOT / "seeds").glob("*.txt")
        for w in re.findall(r"[a-z]+", p.read_text().lower())
        if len(w) > 1
    )
    ranked = [w for w, _ in words.most_common()]
    return ranked, [1.0 / (r + 1) for r in range(len(ranked))]


def synthetic_output(base: Path, n: int, rng: random.Random) -> list[str]:
    """Write a job output of ``n`` quotations; returns their texts."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    words, weights = vocabulary()
    cum = list(itertools.accumulate(weights))
    syl = "ka ra mi sho ne de li ha zo ru be ta fe ni so ma ve gu lo di".split()
    speakers = sorted(
        {
            f"{''.join(rng.choices(syl, k=2)).capitalize()} {''.join(rng.choices(syl, k=3)).capitalize()}"
            for _ in range(20_000)
        }
    )
    texts: list[str] = []
    per_doc = 10
    chunk = 200_000
    for part, lo in enumerate(range(0, n, chunk)):
        hi = min(n, lo + chunk)
        q_rows, o_rows, d_rows = [], [], []
        for i in range(lo, hi):
            text = " ".join(rng.choices(words, cum_weights=cum, k=rng.randint(8, 40))).capitalize() + "."
            texts.append(text)
            speaker = speakers[i % len(speakers)]
            norm = normalize_quote(text)
            key = quotation_key("quotation", None, f"{speaker}|{norm}")
            doc = f"doc-{i // per_doc}"
            q_rows.append(
                {"key": key, "text": text, "normalized": norm, "speaker": speaker, "kind": "quotation"}
            )
            o_rows.append(
                {
                    "quotation_key": key,
                    "document_key": doc,
                    "source_key": doc,
                    "start": (i % per_doc) * 400,
                    "end": (i % per_doc) * 400 + len(text),
                    "paragraph": i % per_doc + 1,
                    "text": text,
                    "context": text,
                    "speaker_mention": speaker,
                    "cue": "said",
                    "kind": "quotation",
                    "confidence": 0.9,
                }
            )
        for d in range(lo // per_doc, (hi + per_doc - 1) // per_doc):
            body = " ".join(texts[d * per_doc : (d + 1) * per_doc])
            d_rows.append(
                {
                    "key": f"doc-{d}",
                    "source_key": f"doc-{d}",
                    "path": None,
                    "content_hash": uuid.uuid5(uuid.NAMESPACE_URL, f"doc-{d}").hex * 2,
                    "text": body,
                }
            )
        tables = {
            "quotations": q_rows,
            "occurrences": o_rows,
            "documents": d_rows,
            "sources": [
                {
                    "key": r["key"],
                    "type": "article-newspaper",
                    "title": f"Report {r['key']}",
                    "issued": "2024-03-01",
                    "url": f"https://news.example/{r['key']}",
                    "csl": "{}",
                }
                for r in d_rows
            ],
        }
        if part == 0:
            tables["speakers"] = [{"name": s, "named": True} for s in speakers]
            tables["speaker_aliases"] = [{"speaker": s, "alias": s, "folded": s.lower()} for s in speakers]
            tables["variants"] = [{"quotation_key": "x", "variant_key": "y", "score": 0.0}][:0]
        for name, rows in tables.items():
            (base / name).mkdir(parents=True, exist_ok=True)
            table = (
                pa.Table.from_pylist(rows)
                if rows
                else pa.table(
                    {
                        "quotation_key": pa.array([], pa.string()),
                        "variant_key": pa.array([], pa.string()),
                        "score": pa.array([], pa.float64()),
                    }
                )
            )
            pq.write_table(table, base / name / f"part-{part:03d}.parquet")
    return texts


def postgres_load(admin: str, n: int, queries: int, workdir: Path) -> None:
    from sqlalchemy import create_engine

    from quotebank.store._bulk import import_parquet
    from quotebank.store._database import url_for_engine

    rng = random.Random(20261125)
    out = workdir / f"synthetic-{n}"
    t0 = time.perf_counter()
    texts = synthetic_output(out, n, rng)
    print(f"generated {n:,} quotations as Parquet in {time.perf_counter() - t0:.1f} s")
    name = f"qb_bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(url_for_engine(admin), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = admin.rsplit("/", 1)[0] + f"/{name}"
    try:
        with QuoteBank(url) as bank:
            steps: dict[str, float] = {}
            t1 = time.perf_counter()

            def mark(step: str) -> None:
                steps.setdefault(step, time.perf_counter())

            report = import_parquet(url, out, progress=mark)
            total = time.perf_counter() - t1
            end = time.perf_counter()
            marks = [*steps.items(), ("end", end)]
            phases = {a[0]: b[1] - a[1] for a, b in itertools.pairwise(marks)}
            print(
                f"PostgreSQL load: {report.quotations:,} quotations, {report.occurrences:,} occurrences, "
                f"{report.documents:,} documents in {total:.1f} s = {report.quotations / total:,.0f} "
                f"quotations/s  (" + ", ".join(f"{k} {v:.1f} s" for k, v in phases.items()) + ")"
            )
            t2 = time.perf_counter()
            again = import_parquet(url, out)
            rerun = time.perf_counter() - t2
            print(f"  rerun (idempotent): {again.quotations} new quotations in {rerun:.1f} s")
            db_engine = create_engine(url_for_engine(url))
            with db_engine.connect() as conn:
                size = conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar_one()
                tables = conn.exec_driver_sql(
                    "SELECT relname, pg_table_size(relid), pg_indexes_size(relid) FROM pg_stat_user_tables "
                    "ORDER BY pg_total_relation_size(relid) DESC LIMIT 4"
                ).all()
                text_idx = conn.exec_driver_sql(
                    "SELECT indexrelname, pg_relation_size(indexrelid) FROM pg_stat_user_indexes "
                    "WHERE relname = 'quotations' AND indexrelname LIKE 'ix_quotations_normalized%%'"
                ).all()
            db_engine.dispose()
            mib = 2**20
            print(
                f"  database {size / mib:,.0f} MiB; "
                + ", ".join(f"{t} {d / mib:,.0f} MiB + indexes {i / mib:,.0f} MiB" for t, d, i in tables)
            )
            print("  text indexes: " + ", ".join(f"{n} {b / mib:,.0f} MiB" for n, b in text_idx))
            if not queries:
                return
            latencies, top1 = [], 0
            for text in rng.sample(texts, queries):
                words = text.rstrip(".").split()
                k = min(len(words), rng.randint(5, 10))
                at = rng.randint(0, len(words) - k)
                phrase = " ".join(words[at : at + k])
                t3 = time.perf_counter()
                matches = bank.who_said(phrase, limit=1)
                latencies.append((time.perf_counter() - t3) * 1000)
                top1 += bool(matches) and normalize_quote(phrase) in normalize_quote(matches[0].text)
            latencies.sort()
            print(
                f"who-said at {n:,}: p50 {statistics.median(latencies):.1f} ms, "
                f"p95 {latencies[int(0.95 * len(latencies)) - 1]:.1f} ms, "
                f"fragment found top-1 {100 * top1 / queries:.1f} %  ({queries} queries)"
            )
    finally:
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, nargs="+", default=[1000, 8000])
    parser.add_argument("--cores", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--quotations", type=int, default=1_000_000)
    parser.add_argument("--postgres", default=os.environ.get("QUOTEBANK_TEST_POSTGRES_URL"))
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="qb-scale-"))
    print(f"cpus {os.cpu_count()}, load average {os.getloadavg()[0]:.1f}, workdir {workdir}")
    for n in args.docs if args.cores else []:
        corpus = write_corpus(workdir / f"corpus-{n}", n, seed_copies=0)
        docs, quotes, secs = plain_extract(corpus)
        mb = sum(f.stat().st_size for f in corpus.rglob("*.txt")) / 1e6
        print(
            f"plain extract, 1 process: {docs} documents ({mb:.1f} MB), {quotes} quotations in "
            f"{secs:.2f} s = {docs / secs:,.0f} documents/s  (load {os.getloadavg()[0]:.1f})"
        )
        for cores in args.cores:
            started, took, counts = spark_run(corpus, workdir / f"out-{n}-{cores}", cores)
            print(
                f"spark local[{cores}], {n} documents: session {started:.1f} s, job {took:.1f} s = "
                f"{counts['documents'] / took:,.0f} documents/s "
                f"({counts['quotations']} quotations, {counts['occurrences']} occurrences; "
                f"load {os.getloadavg()[0]:.1f})"
            )
    if args.postgres and args.quotations:
        postgres_load(args.postgres, args.quotations, args.queries, workdir)


if __name__ == "__main__":
    main()
