"""The Spark job on a local session, checked against ``extract`` and ``ingest`` run directly."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyspark")
import pyarrow.dataset as ds
from click.testing import CliRunner

from quotebank import QuoteBank, extract
from quotebank._names import fold_name
from quotebank.cli import cli
from quotebank.store._bulk import import_parquet
from quotebank.store._matching import VARIANT_THRESHOLD, variant_score
from tests.spark.conftest import GENERATED

Output = tuple[Path, dict[str, int]]


def rows(out: Path, table: str) -> list[dict[str, Any]]:
    return ds.dataset(out / table, format="parquet").to_table().to_pylist()


def test_every_table_written(output: Output) -> None:
    out, counts = output
    assert counts["documents"] == GENERATED + 5 + 0  # the seeds' copies are one document each
    assert counts["failures"] == 2
    assert counts["sources"] == counts["documents"]
    assert counts["quotations"] > GENERATED and counts["occurrences"] >= counts["quotations"]
    assert not (out / "_work").exists()


def test_occurrences_are_extract_row_for_row(output: Output) -> None:
    out, _ = output
    got: dict[str, list[tuple[Any, ...]]] = {}
    for r in sorted(rows(out, "occurrences"), key=lambda r: (r["document_key"], r["index"])):
        got.setdefault(r["document_key"], []).append(
            (
                r["index"],
                r["text"],
                r["start"],
                r["end"],
                r["extracted_speaker"],
                r["speaker_named"],
                r["speaker_mention"],
                r["speaker_mention_start"],
                r["cue"],
                r["kind"],
                r["context"],
                r["context_start"],
                r["paragraph"],
                r["parent"],
                r["confidence"],
                r["closed"],
                r["handle"],
                r["posted"],
                r["normalized"],
            )
        )
    documents = rows(out, "documents")
    assert len(documents) == GENERATED + 5
    for doc in documents:
        expected, spans = [], set()
        for i, q in enumerate(extract(doc["text"])):
            if not q.normalized or (q.start, q.end) in spans:
                continue  # as `quotebank ingest` skips them
            spans.add((q.start, q.end))
            m = q.speaker_mention
            expected.append(
                (
                    i,
                    q.text,
                    q.start,
                    q.end,
                    q.speaker,
                    q.speaker_named,
                    m and m.text,
                    m and m.start,
                    q.cue,
                    q.kind.value,
                    q.context,
                    q.context_start,
                    q.paragraph,
                    q.parent,
                    q.confidence,
                    q.closed,
                    q.handle,
                    q.posted,
                    q.normalized,
                )
            )
        assert got.get(doc["key"], []) == expected, doc["key"]


def test_documents_keep_their_metadata(output: Output) -> None:
    out, _ = output
    sources = {r["key"]: r for r in rows(out, "sources")}
    gen = sources["generated-7"]
    assert (gen["type"], gen["title"], gen["url"], gen["issued"]) == (
        "article-newspaper",
        "Council report 7",
        "https://gazette.example/7",
        "2024-08-08",
    )
    assert json.loads(gen["csl"])["container-title"] == "The Harbour Gazette"
    seed = sources["000_dc1eb3620fb74681"]
    assert seed["type"] == "document"
    failures = {Path(r["input"]).name: r["message"] for r in rows(out, "failures")}
    assert set(failures) == {"broken.txt", "badmeta.txt"}
    assert "issued" in failures["badmeta.txt"]


def test_same_store_as_ingest(output: Output, corpus: Path, tmp_path: Path) -> None:
    """Importing the job's output gives the store `quotebank ingest` builds from the folder.

    One thing differs by design: a bare surname shared by two speakers ("Gulife" for
    "Mini Gulife" and "Mayor Mini Gulife") goes to whichever is quoted most — in the
    whole corpus for the job, among the documents ingested so far for `ingest`. Such
    occurrences are compared without their speaker. (And a quotation's own text is
    the first wording seen, so occurrences are compared by their words.)
    """
    out, _ = output

    def summary(path: Path) -> tuple[Any, ...]:
        with sqlite3.connect(path) as conn:
            speakers = sorted(
                conn.execute(
                    "SELECT s.name, s.named, group_concat(a.folded, '|') FROM speakers s "
                    "LEFT JOIN (SELECT * FROM speaker_aliases ORDER BY folded) a ON a.speaker_id = s.id "
                    "GROUP BY s.id"
                ).fetchall()
            )
            shared = {
                f
                for (f,) in conn.execute(
                    "SELECT folded FROM speaker_aliases GROUP BY folded HAVING count(*) > 1"
                )
            }
            occurrences = sorted(
                (
                    doc,
                    start,
                    text,
                    norm,
                    kind,
                    "(shared surname)" if mention and fold_name(mention) in shared else speaker,
                )
                for doc, start, text, norm, kind, speaker, mention in conn.execute(
                    "SELECT d.key, o.start, o.text, q.normalized, q.kind, s.name, o.speaker_mention "
                    "FROM occurrences o "
                    "JOIN documents d ON d.id = o.document_id JOIN quotations q ON q.id = o.quotation_id "
                    "LEFT JOIN speakers s ON s.id = q.speaker_id"
                )
            )
        return speakers, occurrences

    with QuoteBank(f"sqlite:///{tmp_path / 'ingested.db'}") as ingested:
        direct = ingested.ingest(str(corpus))
    with QuoteBank(f"sqlite:///{tmp_path / 'imported.db'}") as imported:
        loaded = import_parquet(imported.url, out)
    assert (loaded.documents, loaded.occurrences, loaded.speakers) == (
        direct.documents,
        direct.occurrences,
        direct.speakers,
    )
    speakers, occurrences = summary(tmp_path / "imported.db")
    assert (speakers, occurrences) == summary(tmp_path / "ingested.db")
    # most occurrences are compared with their speaker
    assert sum(o[-1] == "(shared surname)" for o in occurrences) < 0.25 * len(occurrences)


def test_variants_are_the_pairs_variant_score_links(output: Output) -> None:
    out, _ = output
    quotes = [q for q in rows(out, "quotations") if q["kind"] == "quotation" and q["speaker"]]
    by_speaker: dict[str, list[dict[str, Any]]] = {}
    for q in quotes:
        by_speaker.setdefault(q["speaker"], []).append(q)
    expected = set()
    for group in by_speaker.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                s = variant_score(a["normalized"], b["normalized"])
                if s >= VARIANT_THRESHOLD:
                    expected.add((min(a["key"], b["key"]), max(a["key"], b["key"]), s))
    got = {(r["quotation_key"], r["variant_key"], r["score"]) for r in rows(out, "variants")}
    assert expected and got == expected


def test_extract_quotations_over_a_dataframe(spark: Any) -> None:
    from quotebank.spark import extract_quotations

    first = "“We will build it,” said Mara Quell.\n\nQuell added: “On time.”"
    texts = {"a": first, "b": "No quotations in this one.", "c": None}
    df = spark.createDataFrame([(k, v) for k, v in texts.items()], "doc STRING, body STRING")
    got = sorted(
        (r["doc"], r["index"], r["text"], r["speaker"], r["error"])
        for r in extract_quotations(df, text_col="body", id_col="doc").collect()
    )
    expected = sorted(("a", i, q.text, q.speaker, None) for i, q in enumerate(extract(first)))
    assert got[:-1] == expected
    assert got[-1][0] == "c" and "null" in got[-1][4]


def test_jsonl_input_with_a_malformed_line(spark: Any, tmp_path: Path) -> None:
    from quotebank.spark import read_articles

    lines = [
        json.dumps(
            {
                "id": "j1",
                "title": "Dam opens",
                "URL": "https://x.example/1",
                "text": "“The dam is open,” said Rina Toma.",
            }
        ),
        "{not json",
        json.dumps({"id": "j2", "text": "“Later,” she said."}),
    ]
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs = {r["document_key"]: r for r in read_articles(spark, str(path)).collect()}
    assert docs["j1"]["title"] == "Dam opens" and docs["j1"]["url"] == "https://x.example/1"
    assert docs["j2"]["error"] is None and docs["j2"]["source_key"] == "j2"
    (bad,) = [r for r in docs.values() if r["error"]]
    assert "JSON" in bad["error"]


def test_cli_extract_import_who(tmp_path: Path, corpus: Path, spark: Any, pg_or_sqlite_url: str) -> None:
    """The three commands of the README: spark extract a folder, import, who."""
    runner = CliRunner()
    small = tmp_path / "in"
    small.mkdir()
    for name in ("gen_00001", "gen_00002"):
        for ext in (".txt", ".json"):
            (small / f"{name}{ext}").write_bytes((corpus / f"{name}{ext}").read_bytes())
    out = tmp_path / "out"
    done = runner.invoke(cli, ["spark", "extract", str(small), str(out), "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["rows"]["documents"] == 2
    loaded = runner.invoke(cli, ["import", str(out), "--db", pg_or_sqlite_url, "--json"])
    assert loaded.exit_code == 0, loaded.output
    assert json.loads(loaded.output)["documents"] == 2
    quote = next(q for q in extract((small / "gen_00001.txt").read_text()) if q.speaker_named)
    found = runner.invoke(cli, ["who", quote.text, "--db", pg_or_sqlite_url, "--json"])
    assert found.exit_code == 0, found.output
    assert json.loads(found.output)[0]["text"] == quote.text


def test_unreadable_input_is_a_one_line_error(spark: Any, tmp_path: Path) -> None:
    from quotebank.errors import InputError, SourceNotFoundError
    from quotebank.spark import read_articles

    with pytest.raises(SourceNotFoundError):
        read_articles(spark, str(tmp_path / "missing"))
    (tmp_path / "notext.jsonl").write_text('{"id": "a", "body": "words"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="no column 'text'"):
        read_articles(spark, str(tmp_path / "notext.jsonl"))
    with pytest.raises(InputError, match="cannot read"):
        read_articles(spark, "file:///nonexistent/quotebank/corpus", fmt="parquet")


def test_library_imports_neither_pyspark_nor_pyarrow() -> None:
    code = (
        "import sys, quotebank, quotebank.cli; "
        "print(sorted(m for m in ('pyspark', 'pyarrow') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
