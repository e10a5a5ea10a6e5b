"""Bulk load of Parquet tables (the output of ``quotebank spark extract``) into a store.

The tables here are written by hand with pyarrow, so the loader is tested without
Spark; ``tests/spark`` loads what the real job writes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from quotebank import QuoteBank  # noqa: E402
from quotebank.errors import InputError, SourceNotFoundError  # noqa: E402
from quotebank.normalize import normalize_quote  # noqa: E402
from quotebank.store._bulk import STAGED, import_parquet  # noqa: E402


def _doc(key: str, text: str, title: str) -> dict[str, Any]:
    return {
        "key": key,
        "source_key": key,
        "path": None,
        "content_hash": hashlib.sha256(text.encode()).hexdigest(),
        "text": text,
        "title": title,
    }


def _quote(doc: dict[str, Any], words: str, speaker: str | None) -> dict[str, Any]:
    start = doc["text"].index(words)
    norm = normalize_quote(words)
    return {
        "quotation_key": f"quotation|{speaker}|{norm}",
        "document_key": doc["key"],
        "source_key": doc["key"],
        "start": start,
        "end": start + len(words),
        "paragraph": 1,
        "text": words,
        "context": doc["text"],
        "speaker_mention": speaker,
        "cue": "said",
        "kind": "quotation",
        "confidence": 0.9,
        "speaker": speaker,
        "normalized": norm,
    }


def write_output(
    base: Path,
    docs: list[dict[str, Any]],
    quotes: list[dict[str, Any]],
    speakers: dict[str, list[tuple[str, str]]],
    failures: Sequence[str] = (),
) -> Path:
    """Write the tables ``quotebank spark extract`` writes, from plain rows."""
    tables: dict[str, list[dict[str, Any]]] = {
        "sources": [
            {
                "key": d["key"],
                "type": "article-newspaper",
                "title": d["title"],
                "issued": "2024-05-01",
                "url": None,
                "csl": "{}",
            }
            for d in docs
        ],
        "documents": docs,
        "speakers": [{"name": n, "named": True} for n in speakers],
        "speaker_aliases": [
            {"speaker": n, "alias": a, "folded": f} for n, aliases in speakers.items() for a, f in aliases
        ],
        "quotations": list(
            {
                q["quotation_key"]: {
                    "key": q["quotation_key"],
                    "text": q["text"],
                    "normalized": q["normalized"],
                    "speaker": q["speaker"],
                    "kind": q["kind"],
                }
                for q in quotes
            }.values()
        ),
        "occurrences": quotes,
        "variants": [],
    }
    for name, rows in tables.items():
        folder = base / name
        folder.mkdir(parents=True, exist_ok=True)
        fields = [
            (
                c,
                pa.bool_()
                if c == "named"
                else pa.int32()
                if c in ("start", "end", "paragraph")
                else pa.float64()
                if c in ("confidence", "score")
                else pa.string(),
            )
            for c in STAGED[name]
        ]
        extra = [(k, pa.string()) for k in (rows[0] if rows else {}) if k not in STAGED[name]]
        schema = pa.schema(fields + extra)
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), folder / "part-0.parquet")
    (base / "failures").mkdir(exist_ok=True)
    pq.write_table(
        pa.table(
            {"input": list(failures), "message": ["not valid UTF-8"] * len(failures)},
            schema=pa.schema([("input", pa.string()), ("message", pa.string())]),
        ),
        base / "failures" / "part-0.parquet",
    )
    return base


MINISTER = "“The harbour will reopen before the winter storms arrive,” said Minister Lena Okafor on Tuesday."
MAYOR = "“Nobody in this town will pay twice for the same bridge,” Mayor Tomas Reyes said."


def test_load_finds_quotations_and_is_idempotent(store_url: str, tmp_path: Path) -> None:
    d1, d2 = _doc("news-1", MINISTER, "Harbour plans"), _doc("news-2", MAYOR, "Bridge row")
    out = write_output(
        tmp_path / "out",
        [d1, d2],
        [
            _quote(d1, "The harbour will reopen before the winter storms arrive,", "Lena Okafor"),
            _quote(d2, "Nobody in this town will pay twice for the same bridge,", "Tomas Reyes"),
        ],
        {
            "Lena Okafor": [("Lena Okafor", "lena okafor"), ("Okafor", "okafor")],
            "Tomas Reyes": [("Tomas Reyes", "tomas reyes"), ("Reyes", "reyes")],
        },
        failures=["/corpus/broken.txt"],
    )
    with QuoteBank(store_url) as bank:
        first = import_parquet(bank.url, out)
        assert (first.documents, first.quotations, first.occurrences, first.speakers) == (2, 2, 2, 2)
        assert first.skipped == 1 and first.failed[0].input == "/corpus/broken.txt"
        again = import_parquet(bank.url, out)
        assert (again.documents, again.unchanged, again.quotations, again.occurrences, again.speakers) == (
            0,
            2,
            0,
            0,
            0,
        )
        (match, *_) = bank.who_said("the harbor will reopen before the winter storms")
        assert match.speaker == "Lena Okafor"
        assert [o.source_title for o in match.occurrences] == ["Harbour plans"]
        assert [q.text for q in bank.quotes_by("Reyes")] == [
            "Nobody in this town will pay twice for the same bridge,"
        ]


def test_load_joins_speakers_and_quotations_already_stored(store_url: str, tmp_path: Path) -> None:
    words = "The harbour will reopen before the winter storms arrive,"
    with QuoteBank(store_url) as bank:
        bank.ingest_text(f"“{words}” said Lena Okafor, the port minister.")
        d1 = _doc("news-1", MINISTER, "Harbour plans")
        # another spelling of the same person: folds to the same alias
        out = write_output(
            tmp_path / "out",
            [d1],
            [_quote(d1, words, "LENA OKAFOR")],
            {"LENA OKAFOR": [("LENA OKAFOR", "lena okafor")]},
        )
        report = import_parquet(bank.url, out)
        assert (report.speakers, report.quotations, report.occurrences) == (0, 0, 1)
        (speaker,) = bank.speakers()
        assert speaker.name == "Lena Okafor"
        (match, *_) = bank.who_said("the harbour will reopen before the winter storms arrive")
        assert len(match.occurrences) == 2


def test_changed_document_replaces_its_occurrences(store_url: str, tmp_path: Path) -> None:
    d1 = _doc("news-1", MINISTER, "Harbour plans")
    first = write_output(
        tmp_path / "v1",
        [d1],
        [_quote(d1, "The harbour will reopen before the winter storms arrive,", "Lena Okafor")],
        {"Lena Okafor": [("Lena Okafor", "lena okafor")]},
    )
    text2 = "“The ferry timetable stays exactly as it is,” said Minister Lena Okafor."
    d2 = _doc("news-1", text2, "Ferry plans")
    second = write_output(
        tmp_path / "v2",
        [d2],
        [_quote(d2, "The ferry timetable stays exactly as it is,", "Lena Okafor")],
        {"Lena Okafor": [("Lena Okafor", "lena okafor")]},
    )
    with QuoteBank(store_url) as bank:
        import_parquet(bank.url, first)
        report = import_parquet(bank.url, second)
        assert (report.documents, report.quotations, report.occurrences) == (1, 1, 1)
        assert bank.who_said("the harbour will reopen before the winter storms arrive") == []
        assert [m.speaker for m in bank.who_said("the ferry timetable stays exactly as it is")] == [
            "Lena Okafor"
        ]
        assert [s.title for s in bank.sources()] == ["Ferry plans"]


def test_not_an_output_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SourceNotFoundError):
        import_parquet(f"sqlite:///{tmp_path / 's.db'}", tmp_path / "missing")
    (tmp_path / "other").mkdir()
    with pytest.raises(InputError, match="quotebank spark extract"):
        import_parquet(f"sqlite:///{tmp_path / 's.db'}", tmp_path / "other")


@pytest.mark.postgres
def test_postgres_indexes_and_keys_rebuilt_as_the_migrations_make_them(
    store_url: str, tmp_path: Path
) -> None:
    if not store_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only")
    import sqlalchemy as sa

    from quotebank.store._database import url_for_engine

    def indexdefs() -> dict[str, str]:
        engine = sa.create_engine(url_for_engine(store_url))
        with engine.connect() as conn:
            rows = list(
                conn.exec_driver_sql(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
                ).all()
            )
            rows += conn.exec_driver_sql(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE connamespace = 'public'::regnamespace"
            ).all()
        engine.dispose()
        return dict(rows)

    with QuoteBank(store_url):
        migrated = indexdefs()
    d1 = _doc("news-1", MINISTER, "Harbour plans")
    out = write_output(
        tmp_path / "out",
        [d1],
        [_quote(d1, "The harbour will reopen before the winter storms arrive,", "Lena Okafor")],
        {"Lena Okafor": [("Lena Okafor", "lena okafor")]},
    )
    import_parquet(store_url, out)  # larger than the (empty) store: indexes dropped and rebuilt
    assert indexdefs() == migrated
    assert {
        "ix_quotations_normalized_trgm",
        "ix_occurrences_quotation_id",
        "fk_occurrences_quotation_id_quotations",
    } <= set(migrated)

    def trigram_index_oid() -> int:
        engine = sa.create_engine(url_for_engine(store_url))
        with engine.connect() as conn:
            oid = conn.exec_driver_sql("SELECT 'ix_quotations_normalized_trgm'::regclass::oid").scalar_one()
        engine.dispose()
        return int(oid)

    built = trigram_index_oid()
    import_parquet(store_url, out)  # a rerun brings nothing new: the indexes are kept
    assert trigram_index_oid() == built
