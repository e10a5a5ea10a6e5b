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
from typing import IO, Any, cast

from sqlalchemy import Table, insert, select, tuple_
from sqlalchemy.orm import Session

from quotebank.errors import InputError, SourceNotFoundError
from quotebank.models import Failure, IngestReport, QuoteKind
from quotebank.models import Source as SourceModel
from quotebank.normalize import normalize_quote
from quotebank.store import schema
from quotebank.store.database import Database
from quotebank.store.ingest import quotation_key
from quotebank.store.speakers import fold_name

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
    return ImportRecord(quotation, speaker, tuple(urls), date if isinstance(date, str) else None,
                        confidence, str(obj.get("quoteID") or "") or None)


def read_records(path: Path) -> Iterator[tuple[int, ImportRecord | Failure]]:
    """Stream ``(line number, record or failure)`` from a dataset file."""
    fmt = _format_of(path)
    with _open(path) as handle:
        if fmt == "csv":
            reader = csv.DictReader(handle)
            if not reader.fieldnames or "quotation" not in reader.fieldnames:
                raise InputError("CSV needs a header with at least 'quotation' (and 'speaker')",
                                 source=str(path))
            for row in reader:
                line = reader.line_num
                text = (row.get("quotation") or "").strip()
                if not text:
                    yield line, Failure(input=f"{path}:{line}", error="InputError",
                                        message="empty 'quotation'")
                    continue
                source = (row.get("source") or "").strip()
                yield line, ImportRecord(text, (row.get("speaker") or "").strip() or None,
                                         (source,) if source else (), row.get("date") or None, 1.0)
            return
        for line, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                yield line, _from_json(json.loads(raw))
            except (json.JSONDecodeError, ValueError) as exc:
                yield line, Failure(input=f"{path}:{line}", error="InputError", message=str(exc))


def _table(model: type[schema.Base]) -> Table:
    """The Core table of a mapped class, for fast executemany inserts."""
    return cast(Table, model.__table__)


class _Importer:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.speakers: dict[str, int] = {}
        self.sources: dict[str, int] = {}
        self.report = IngestReport()

    def _speaker_ids(self, session: Session, names: set[str]) -> int:
        """Resolve speaker names in bulk: by alias, else create. Returns how many were new."""
        missing = {n for n in names if n not in self.speakers}
        if not missing:
            return 0
        folded = {n: fold_name(n) for n in missing}
        found: dict[str, set[int]] = {}
        for sid, f in session.execute(
            select(schema.SpeakerAlias.speaker_id, schema.SpeakerAlias.folded)
            .join(schema.Speaker)
            .where(schema.SpeakerAlias.folded.in_(set(folded.values())),
                   schema.Speaker.named.is_(True))
        ):
            found.setdefault(f, set()).add(sid)
        new_names = []
        for name, f in folded.items():
            ids = found.get(f)
            if ids:
                self.speakers[name] = min(ids)
            else:
                new_names.append(name)
        if new_names:
            taken = dict(session.execute(
                select(schema.Speaker.name, schema.Speaker.id).where(
                    schema.Speaker.name.in_(new_names))
            ).all())
            fresh = [n for n in new_names if n not in taken]
            for name, sid in taken.items():
                self.speakers[name] = sid
            if fresh:
                rows = session.execute(
                    insert(_table(schema.Speaker)).returning(
                        _table(schema.Speaker).c.name, _table(schema.Speaker).c.id),
                    [{"name": n, "named": True} for n in fresh],
                ).all()
                aliases = []
                for name, sid in rows:
                    self.speakers[name] = sid
                    aliases.append({"speaker_id": sid, "alias": name, "folded": folded[name]})
                    last = name.split()[-1]
                    if len(name.split()) > 1 and fold_name(last) != folded[name]:
                        aliases.append({"speaker_id": sid, "alias": last, "folded": fold_name(last)})
                session.execute(insert(_table(schema.SpeakerAlias)), aliases)
                return len(rows)
        return 0

    def _source_ids(self, session: Session, keys: dict[str, ImportRecord]) -> None:
        missing = [k for k in keys if k not in self.sources]
        if not missing:
            return
        for key, sid in session.execute(
            select(schema.Source.key, schema.Source.id).where(schema.Source.key.in_(missing))
        ):
            self.sources[key] = sid
        fresh = []
        for key in missing:
            if key in self.sources:
                continue
            rec = keys[key]
            meta = SourceModel(type="webpage", URL=key if "://" in key else None,
                               title=None if "://" in key else key, issued=_date_parts(rec.date))
            csl = json.dumps(meta.to_csl_json() | {"id": key}, ensure_ascii=False, sort_keys=True)
            fresh.append({"key": key, "type": meta.type, "title": meta.title, "url": meta.URL,
                          "issued": meta.issued.as_text() if meta.issued else None,
                          "csl": csl})
        if fresh:
            for key, sid in session.execute(
                insert(_table(schema.Source)).returning(
                    _table(schema.Source).c.key, _table(schema.Source).c.id), fresh
            ):
                self.sources[key] = sid

    def write(self, batch: list[ImportRecord]) -> None:
        with self.db.transaction() as session:
            created_speakers = self._speaker_ids(
                session, {r.speaker for r in batch if r.speaker})
            source_keys: dict[str, ImportRecord] = {}
            for rec in batch:
                for url in rec.urls or (f"quotebank:{rec.ref}" if rec.ref else "import:unknown",):
                    source_keys.setdefault(url, rec)
            self._source_ids(session, source_keys)
            rows: dict[str, dict[str, Any]] = {}
            links: list[tuple[str, ImportRecord]] = []
            for rec in batch:
                normalized = normalize_quote(rec.quotation)
                if not normalized:
                    continue
                sid = self.speakers[rec.speaker] if rec.speaker else None
                key = quotation_key(QuoteKind.QUOTATION.value, sid, normalized)
                rows.setdefault(key, {"key": key, "text": rec.quotation, "normalized": normalized,
                                      "speaker_id": sid, "kind": QuoteKind.QUOTATION.value})
                links.append((key, rec))
            keys = list(rows)
            ids = dict(session.execute(
                select(schema.Quotation.key, schema.Quotation.id).where(schema.Quotation.key.in_(keys))
            ).all()) if keys else {}
            new = [rows[k] for k in keys if k not in ids]
            if new:
                for key, qid in session.execute(
                    insert(_table(schema.Quotation)).returning(
                        _table(schema.Quotation).c.key, _table(schema.Quotation).c.id),
                    new,
                ).all():
                    ids[key] = qid
            occ_rows: dict[tuple[int, int], dict[str, Any]] = {}
            for key, rec in links:
                for url in rec.urls or (f"quotebank:{rec.ref}" if rec.ref else "import:unknown",):
                    src = self.sources[url]
                    occ_rows.setdefault((ids[key], src), {
                        "quotation_id": ids[key], "source_id": src, "document_id": None,
                        "text": rec.quotation, "kind": QuoteKind.QUOTATION.value,
                        "confidence": rec.confidence,
                    })
            fresh: list[dict[str, Any]] = []
            if occ_rows:
                pairs = list(occ_rows)
                existing = {(int(a), int(b)) for a, b in session.execute(
                    select(schema.Occurrence.quotation_id, schema.Occurrence.source_id).where(
                        tuple_(schema.Occurrence.quotation_id, schema.Occurrence.source_id).in_(pairs)
                    )
                ).all()} if len(ids) > len(new) else set()
                fresh = [v for k, v in occ_rows.items() if k not in existing]
                if fresh:
                    session.execute(insert(_table(schema.Occurrence)), fresh)
        self.report = self.report.merged(IngestReport(
            quotations=len(new), occurrences=len(fresh), speakers=created_speakers))


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
    p = Path(path)
    if not p.is_file():
        raise SourceNotFoundError("no such file" if not p.exists() else "is not a file",
                                  source=str(path))
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
    except (UnicodeDecodeError, EOFError, OSError) as exc:
        raise InputError(f"cannot read record {count + skipped + 1}: {exc}", source=str(path)) from None
    return importer.report.merged(IngestReport(skipped=skipped, failed=failures))
