"""Ingest documents: extract their quotations and store them, one transaction each.

A document is identified by a key (its metadata id, else its path) and its content
hash. Ingesting it again unchanged does nothing; ingesting a changed version replaces
its occurrences. Any failure rolls back that document alone and is reported.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from quotebank.errors import QuotebankError, SourceNotFoundError
from quotebank.extraction import extract
from quotebank.extraction.reading import DEFAULT_MAX_BYTES, html_to_text, read_text
from quotebank.models import Failure, IngestReport, QuoteKind
from quotebank.models import Source as SourceModel
from quotebank.store._variants import link_variants
from quotebank.store.database import Database
from quotebank.store.metadata import load_metadata, sidecar_path, source_from
from quotebank.store.schema import Document, Occurrence, Quotation, Source
from quotebank.store.speakers import get_or_create_speaker

__all__ = ["DOCUMENT_SUFFIXES", "Progress", "collect_paths", "ingest_paths", "ingest_text"]

#: File endings ingested from folders.
DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")

#: ``progress(done, total, name)`` is called after each input.
Progress = Callable[[int, int, str], None]


def quotation_key(kind: str, speaker_id: int | None, normalized: str) -> str:
    """The identity of a distinct quotation: same words, same speaker, same kind."""
    raw = f"{kind}|{speaker_id or ''}|{normalized}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def get_or_create_source(session: Session, key: str, source: SourceModel) -> Source:
    """The source row for ``key``, created or refreshed from ``source``."""
    row = session.scalar(select(Source).where(Source.key == key))
    csl = json.dumps(source.to_csl_json() | {"id": key}, ensure_ascii=False, sort_keys=True)
    if row is None:
        row = Source(key=key, type=source.type, csl=csl)
        session.add(row)
    row.title, row.issued, row.url, row.type, row.csl = (
        source.title, source.issued.as_text() if source.issued else None, source.URL,
        source.type, csl,
    )
    session.flush()
    return row


def _link_variants(session: Session, quotation: Quotation) -> None:
    if quotation.speaker_id is None or quotation.kind != QuoteKind.QUOTATION.value:
        return
    link_variants(session, [(quotation.id, quotation.speaker_id, quotation.normalized)])


def ingest_text(
    db: Database,
    text: str,
    *,
    source: SourceModel | dict[str, object] | None = None,
    key: str | None = None,
    path: str | None = None,
) -> IngestReport:
    """Extract and store the quotations of one document, in one transaction.

    Args:
        db: The store.
        text: The document's text (already decoded).
        source: Its metadata (a :class:`~quotebank.models.Source` or a CSL-JSON item);
            unknown when omitted.
        key: What identifies the document across runs; defaults to the metadata id,
            else the path, else the content hash.
        path: Where the text came from, for the record.

    Raises:
        MetadataError: when ``source`` is invalid.
        StoreError: when the database fails; nothing of this document is stored.
    """
    meta = source_from(source) if source is not None else SourceModel(type="document")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    doc_key = key or meta.id or path or f"sha256:{digest}"
    source_key = meta.id or doc_key
    quotes = extract(text)
    skipped = new_speakers = 0
    with db.transaction() as session:
        doc = session.scalar(select(Document).where(Document.key == doc_key))
        if doc is not None and doc.content_hash == digest:
            return IngestReport(unchanged=1)
        if doc is None and session.scalar(
            select(Document.id).where(Document.content_hash == digest)
        ) is not None:
            return IngestReport(unchanged=1)
        source_row = get_or_create_source(session, source_key, meta)
        touched: set[int] = set()
        if doc is None:
            doc = Document(key=doc_key, source_id=source_row.id, path=path,
                           content_hash=digest, text=text)
            session.add(doc)
            session.flush()
        else:
            touched.update(session.scalars(
                select(Occurrence.quotation_id).where(Occurrence.document_id == doc.id)
            ))
            session.execute(delete(Occurrence).where(Occurrence.document_id == doc.id))
            doc.source_id, doc.path, doc.content_hash, doc.text = (
                source_row.id, path, digest, text,
            )
        new_quotations: list[Quotation] = []
        seen_spans: set[tuple[int, int]] = set()
        cache: dict[str, Quotation] = {}
        for quote in quotes:
            normalized = quote.normalized
            if not normalized or (quote.start, quote.end) in seen_spans:
                skipped += 1
                continue
            seen_spans.add((quote.start, quote.end))
            speaker_id = None
            if quote.speaker:
                mention = quote.speaker_mention.text if quote.speaker_mention else None
                speaker, created = get_or_create_speaker(
                    session, quote.speaker, named=quote.speaker_named, mention=mention
                )
                speaker_id = speaker.id
                new_speakers += created
            qkey = quotation_key(quote.kind.value, speaker_id, normalized)
            quotation = cache.get(qkey) or session.scalar(
                select(Quotation).where(Quotation.key == qkey)
            )
            if quotation is None:
                quotation = Quotation(key=qkey, text=quote.text, normalized=normalized,
                                      speaker_id=speaker_id, kind=quote.kind.value)
                session.add(quotation)
                session.flush()
                new_quotations.append(quotation)
            cache[qkey] = quotation
            session.add(Occurrence(
                quotation_id=quotation.id, source_id=source_row.id, document_id=doc.id,
                start=quote.start, end=quote.end, paragraph=quote.paragraph, text=quote.text,
                context=quote.context,
                speaker_mention=quote.speaker_mention.text if quote.speaker_mention else None,
                cue=quote.cue, kind=quote.kind.value, confidence=quote.confidence,
            ))
        session.flush()
        for quotation in new_quotations:
            _link_variants(session, quotation)
        if touched:
            # quotations this document alone held, and no longer does
            session.execute(delete(Quotation).where(
                Quotation.id.in_(touched),
                ~exists().where(Occurrence.quotation_id == Quotation.id),
            ))
        return IngestReport(documents=1, quotations=len(new_quotations),
                            occurrences=len(seen_spans), speakers=new_speakers, skipped=skipped)


def collect_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Expand folders into the documents they hold (sorted); files pass through.

    Raises:
        SourceNotFoundError: when a path does not exist.
    """
    found: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found.extend(
                sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in DOCUMENT_SUFFIXES)
            )
        elif p.exists():
            found.append(p)
        else:
            raise SourceNotFoundError("no such file or directory", source=str(raw))
    return found


def _read_document(path: Path, encoding: str, max_bytes: int | None) -> str:
    text = read_text(path, encoding=encoding, max_bytes=max_bytes)
    if path.suffix.lower() in (".html", ".htm"):
        text = html_to_text(text)
    return text


def ingest_paths(
    db: Database,
    paths: Sequence[str | os.PathLike[str]],
    *,
    encoding: str = "utf-8",
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    metadata: SourceModel | dict[str, object] | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest files and folders; a bad input is reported and the rest go on.

    Each document's metadata comes from ``metadata`` when given, else from the
    CSL-JSON file beside it (``doc.json``), else is unknown.
    """
    report = IngestReport()
    files: list[Path] = []
    for raw in paths:
        try:
            files.extend(collect_paths([raw]))
        except QuotebankError as exc:
            report = report.merged(IngestReport(failed=[_failure(str(raw), exc)]))
    total = len(files)
    for done, path in enumerate(files, start=1):
        try:
            text = _read_document(path, encoding, max_bytes)
            key = str(path.resolve())
            if metadata is not None:
                meta: SourceModel | dict[str, object] | None = metadata
            else:
                side = sidecar_path(path)
                meta = load_metadata(side) if side else None
                # a document with an id of its own keeps it wherever the file moves
                key = (meta.id if meta is not None else None) or key
            result = ingest_text(db, text, source=meta, key=key, path=str(path))
        except QuotebankError as exc:
            result = IngestReport(failed=[_failure(str(path), exc)])
        report = report.merged(result)
        if progress is not None:
            progress(done, total, str(path))
    return report


def _failure(name: str, exc: QuotebankError) -> Failure:
    return Failure(input=name, error=type(exc).__name__, message=exc.message)
