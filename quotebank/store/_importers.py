"""Importing existing quotation datasets: Quotebank JSON Lines and simple CSV.

The public Quotebank dataset (Vaucher et al., EPFL, 2021) is quote-centric JSON
Lines: one object per quotation with ``quoteID``, ``quotation``, ``speaker``,
``probas``, ``date``, ``numOccurrences``, ``urls`` and ``phase``. Files are read as a
stream (plain, ``.gz`` or ``.bz2``) and written in batches, one transaction each. A
malformed record is reported with its line number and skipped.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlalchemy import insert, select, tuple_
from sqlalchemy.orm import Session

from quotebank._paths import user_path
from quotebank.errors import InputError, SourceNotFoundError
from quotebank.models import Failure, IngestReport, QuoteKind
from quotebank.models import Source as SourceModel
from quotebank.normalize import normalize_quote
from quotebank.store import _schema as schema
from quotebank.store._database import Database
from quotebank.store._ingest import quotation_key
from quotebank.store._sources import upsert_sources
from quotebank.store._speakers import SpeakerRef, resolve_speakers
from quotebank.store._upsert import insert_ignore, table_of
from quotebank.store._variants import link_speakers

__all__ = ["BATCH_SIZE", "ImportRecord", "import_file", "read_records"]

#: Records written per transaction.
BATCH_SIZE = 5000
#: Failures listed in a report (the count of skipped records is always exact).
MAX_LISTED_FAILURES = 100


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """One quotation from a dataset, with its speaker and the sources it came from."""

    quotation: str
    speaker: str | None
    urls: tuple[str, ...]
    date: str | None
    confidence: float
    ref: str | None = None


def _open(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8")
    if path.suffix == ".bz2":
        return io.TextIOWrapper(bz2.open(path, "rb"), encoding="utf-8")
    return path.open(encoding="utf-8", newline="")


def _format_of(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes if s.lower() not in (".gz", ".bz2")]
    return "csv" if suffixes and suffixes[-1] in (".csv", ".tsv") else "jsonl"


def _date_parts(date: str | None) -> dict[str, Any] | None:
    if not date:
        return None
    head = date.strip()[:10]
    try:
        parts = [int(p) for p in head.split("-") if p]
    except ValueError:
        return None
    return {"date-parts": [parts[:3]]} if parts and 1 <= len(parts) <= 3 else None


def _from_json(obj: Any) -> ImportRecord:
    if not isinstance(obj, dict):
        raise ValueError("a record must be a JSON object")
    quotation = obj.get("quotation")
    if not isinstance(quotation, str) or not quotation.strip():
        raise ValueError("field 'quotation' is missing or empty")
    speaker = obj.get("speaker")
    if speaker in (None, "", "None") or not isinstance(speaker, str):
        speaker = None
    urls = obj.get("urls") or []
    if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
        raise ValueError("field 'urls' must be a list of strings")
    confidence = 1.0
    probas = obj.get("probas")
    if isinstance(probas, list) and probas and isinstance(probas[0], list | tuple):
        try:
            confidence = max(0.0, min(1.0, float(probas[0][1])))
        except (TypeError, ValueError, IndexError):
            confidence = 1.0
    date = obj.get("date")
    return ImportRecord(
        quotation,
        speaker,
        tuple(urls),
        date if isinstance(date, str) else None,
        confidence,
        str(obj.get("quoteID") or "") or None,
    )


def _csv_records(path: Path, handle: IO[str]) -> Iterator[tuple[int, ImportRecord | Failure]]:
    reader = csv.DictReader(handle, strict=True)
    try:
        fields = reader.fieldnames
    except csv.Error as exc:
        raise InputError(f"the CSV header cannot be read ({exc})", source=str(path)) from None
    if not fields or "quotation" not in fields:
        raise InputError("CSV needs a header with at least 'quotation' (and 'speaker')", source=str(path))
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            where = f"{path}:{start}"
            if "unexpected end of data" in str(exc):
                yield (
                    start,
                    Failure(
                        input=where,
                        error="InputError",
                        message=(
                            f"a quoted field opened on line {start} is never closed; the file was "
                            f"not read past it (lines {start}-{reader.line_num})"
                        ),
                    ),
                )
                return
            yield start, Failure(input=where, error="InputError", message=f"malformed CSV: {exc}")
            continue
        line = reader.line_num
        if None in row:
            extra = len(row[None])
            yield (
                line,
                Failure(
                    input=f"{path}:{line}",
                    error="InputError",
                    message=f"{len(fields) + extra} fields where the header has {len(fields)}",
                ),
            )
            continue
        text = (row.get("quotation") or "").strip()
        if not text:
            yield line, Failure(input=f"{path}:{line}", error="InputError", message="empty 'quotation'")
            continue
        source = (row.get("source") or "").strip()
        yield (
            line,
            ImportRecord(
                text,
                (row.get("speaker") or "").strip() or None,
                (source,) if source else (),
                row.get("date") or None,
                1.0,
            ),
        )


def read_records(path: Path) -> Iterator[tuple[int, ImportRecord | Failure]]:
    """Stream ``(line number, record or failure)`` from a dataset file.

    A malformed record (bad JSON, a CSV quote never closed, a missing quotation) is a
    failure naming its line, never a quotation.
    """
    fmt = _format_of(path)
    with _open(path) as handle:
        if fmt == "csv":
            yield from _csv_records(path, handle)
            return
        for line, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                yield line, _from_json(json.loads(raw))
            except (json.JSONDecodeError, ValueError) as exc:
                yield line, Failure(input=f"{path}:{line}", error="InputError", message=str(exc))


def _source_keys(rec: ImportRecord) -> tuple[str, ...]:
    return rec.urls or (f"quotebank:{rec.ref}" if rec.ref else "import:unknown",)


def _source_meta(key: str, rec: ImportRecord) -> SourceModel:
    """What an imported record tells of a source: a URL (or a name) and a date."""
    return SourceModel(
        type="webpage",
        URL=key if "://" in key else None,
        title=None if "://" in key else key,
        issued=_date_parts(rec.date),
    )


class _Importer:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.report = IngestReport()
        self.speakers: set[int] = set()  # speakers of new quotations: their variants to link

    def write(self, batch: list[ImportRecord]) -> None:
        self.report = self.report.merged(self.db.write(lambda session: self._write(session, batch)))

    def _write(self, session: Session, batch: list[ImportRecord]) -> IngestReport:
        speaker_ids, created_speakers = resolve_speakers(
            session, (SpeakerRef(r.speaker) for r in batch if r.speaker)
        )
        sources: dict[str, SourceModel] = {}
        for rec in batch:
            for key in _source_keys(rec):
                if key not in sources:
                    sources[key] = _source_meta(key, rec)
        source_ids = upsert_sources(session, sources, refresh=False)
        rows: dict[str, dict[str, Any]] = {}
        links: list[tuple[str, ImportRecord]] = []
        for rec in batch:
            normalized = normalize_quote(rec.quotation)
            if not normalized:
                continue
            sid = speaker_ids[SpeakerRef(rec.speaker).key] if rec.speaker else None
            key = quotation_key(QuoteKind.QUOTATION.value, sid, normalized)
            rows.setdefault(
                key,
                {
                    "key": key,
                    "text": rec.quotation,
                    "normalized": normalized,
                    "speaker_id": sid,
                    "kind": QuoteKind.QUOTATION.value,
                },
            )
            links.append((key, rec))
        new = {
            k: i
            for k, i in insert_ignore(
                session, schema.Quotation, list(rows.values()), conflict=["key"], returning=["key", "id"]
            )
        }
        self.speakers.update(rows[k]["speaker_id"] for k in new if rows[k]["speaker_id"] is not None)
        ids = dict(new)
        missing = [k for k in rows if k not in ids]
        if missing:
            ids.update(
                session.execute(
                    select(schema.Quotation.key, schema.Quotation.id).where(schema.Quotation.key.in_(missing))
                ).all()
            )
        occ_rows: dict[tuple[int, int], dict[str, Any]] = {}
        for key, rec in links:
            for url in _source_keys(rec):
                src = source_ids[url]
                occ_rows.setdefault(
                    (ids[key], src),
                    {
                        "quotation_id": ids[key],
                        "source_id": src,
                        "document_id": None,
                        "text": rec.quotation,
                        "kind": QuoteKind.QUOTATION.value,
                        "confidence": rec.confidence,
                    },
                )
        fresh: list[dict[str, Any]] = []
        if occ_rows:
            pairs = list(occ_rows)
            existing = (
                {
                    (int(a), int(b))
                    for a, b in session.execute(
                        select(schema.Occurrence.quotation_id, schema.Occurrence.source_id).where(
                            tuple_(schema.Occurrence.quotation_id, schema.Occurrence.source_id).in_(pairs)
                        )
                    ).all()
                }
                if len(ids) > len(new)
                else set()
            )
            fresh = [v for k, v in occ_rows.items() if k not in existing]
            if fresh:
                session.execute(insert(table_of(schema.Occurrence)), fresh)
        return IngestReport(quotations=len(new), occurrences=len(fresh), speakers=created_speakers)


def import_file(
    db: Database,
    path: str | os.PathLike[str],
    *,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Import a Quotebank JSON Lines file (``.jsonl``, ``.json``, ``.gz``, ``.bz2``) or a CSV.

    Importing the same file again adds nothing. ``progress(records)`` is called
    after each batch.

    Raises:
        SourceNotFoundError: when the file does not exist.
        InputError: when a CSV has no usable header, or the file is not UTF-8 text.
    """
    p = user_path(path)
    if not p.is_file():
        raise SourceNotFoundError("no such file" if not p.exists() else "is not a file", source=str(path))
    importer = _Importer(db)
    batch: list[ImportRecord] = []
    failures: list[Failure] = []
    skipped = 0
    count = 0
    try:
        for _line, item in read_records(p):
            if isinstance(item, Failure):
                skipped += 1
                if len(failures) < MAX_LISTED_FAILURES:
                    failures.append(item)
                continue
            batch.append(item)
            count += 1
            if len(batch) >= batch_size:
                importer.write(batch)
                batch = []
                if progress:
                    progress(count)
        if batch:
            importer.write(batch)
            if progress:
                progress(count)
        if importer.speakers:
            db.write(lambda session: link_speakers(session, importer.speakers))
    except (UnicodeDecodeError, EOFError, OSError) as exc:
        raise InputError(f"cannot read record {count + skipped + 1}: {exc}", source=str(path)) from None
    return importer.report.merged(IngestReport(skipped=skipped, failed=failures))
