"""Ingest documents: extract their quotations and store them, one transaction each.

A document is identified by a key (its metadata id, else its path, else its content
hash) and its content hash. Ingesting it again unchanged does nothing (and extracts
nothing); ingesting a changed version replaces its occurrences. The same text under
other metadata (one wire story in two papers) is another document of another source,
and its quotations get an occurrence in each. A copy of a stored text with no metadata
of its own adds nothing.

The quotations are extracted before the write transaction begins, so the write lock
is held only for the writing. Any failure rolls back that document alone and is
reported; a store that can take no more writes (a full disk) stops the run.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, exists, insert, select, update
from sqlalchemy.orm import Session

from quotebank._paths import user_path
from quotebank.errors import (
    DuplicateDocumentError,
    InputTypeError,
    NothingToIngestError,
    QuotebankError,
    ReadOnlyStoreError,
    SourceNotFoundError,
    StoreFullError,
)
from quotebank.extraction import extract
from quotebank.extraction.reading import DEFAULT_MAX_BYTES, HTML_SUFFIXES, read_document
from quotebank.models import Failure, IngestReport, Quote, QuoteKind
from quotebank.models import Source as SourceModel
from quotebank.store._database import Database
from quotebank.store._metadata import load_metadata, sidecar_path, source_from
from quotebank.store._schema import Document, Occurrence, Quotation
from quotebank.store._sources import upsert_sources
from quotebank.store._speakers import SpeakerRef, resolve_speakers
from quotebank.store._upsert import insert_ignore, table_of
from quotebank.store._variants import link_variants

__all__ = [
    "DOCUMENT_SUFFIXES",
    "Progress",
    "collect_paths",
    "ingest_paths",
    "ingest_text",
    "quotation_key",
]

#: File endings ingested from folders.
DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown", *HTML_SUFFIXES)

#: ``progress(done, total, name)`` is called after each input.
Progress = Callable[[int, int, str], None]

#: Errors after which no later document can be stored either: the run stops.
_FATAL = (StoreFullError, ReadOnlyStoreError)


def quotation_key(kind: str, speaker_id: int | None, normalized: str) -> str:
    """The identity of a distinct quotation: same words, same speaker, same kind."""
    raw = f"{kind}|{speaker_id or ''}|{normalized}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class _Document:
    """A document ready to store: its identity, its metadata and its quotations."""

    key: str
    source_key: str
    meta: SourceModel
    digest: str
    text: str
    path: str | None
    quotes: list[Quote]


def ingest_text(
    db: Database,
    text: str,
    *,
    source: SourceModel | Mapping[str, Any] | None = None,
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
        InputTypeError: when ``text`` is not a string.
        MetadataError: when ``source`` is invalid.
        StoreError: when the database fails; nothing of this document is stored.
    """
    if not isinstance(text, str):
        raise InputTypeError(f"a document's text must be a string, not {type(text).__name__}")
    meta = source_from(source) if source is not None else SourceModel(type="document")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    doc_key = key or meta.id or path or f"sha256:{digest}"
    with db.reading() as session:
        stored = session.scalar(select(Document.content_hash).where(Document.key == doc_key))
        if stored == digest:
            return IngestReport(unchanged=1)
        if (
            stored is None
            and source is None
            and session.scalar(select(Document.id).where(Document.content_hash == digest).limit(1))
            is not None
        ):
            return IngestReport(unchanged=1)
    document = _Document(
        key=doc_key,
        source_key=meta.id or doc_key,
        meta=meta,
        digest=digest,
        text=text,
        path=path,
        quotes=extract(text),
    )
    return db.write(lambda session: _store(session, document))


def _store(session: Session, doc: _Document) -> IngestReport:
    source_id = upsert_sources(session, {doc.source_key: doc.meta}, refresh=True)[doc.source_key]
    inserted = insert_ignore(
        session,
        Document,
        [
            {
                "key": doc.key,
                "source_id": source_id,
                "path": doc.path,
                "content_hash": doc.digest,
                "text": doc.text,
            }
        ],
        conflict=["key"],
        returning=["id"],
    )
    touched: set[int] = set()
    if inserted:
        doc_id = inserted[0][0]
    else:
        found = session.execute(
            select(Document.id, Document.content_hash).where(Document.key == doc.key).with_for_update()
        ).one()
        if found.content_hash == doc.digest:
            return IngestReport(unchanged=1)  # another writer stored it a moment ago
        doc_id = found.id
        touched.update(
            session.scalars(select(Occurrence.quotation_id).where(Occurrence.document_id == doc_id))
        )
        session.execute(delete(Occurrence).where(Occurrence.document_id == doc_id))
        session.execute(
            update(Document)
            .where(Document.id == doc_id)
            .values(source_id=source_id, path=doc.path, content_hash=doc.digest, text=doc.text)
        )

    speaker_ids, new_speakers = resolve_speakers(
        session,
        (
            SpeakerRef(q.speaker, q.speaker_named, q.speaker_mention.text if q.speaker_mention else None)
            for q in doc.quotes
            if q.speaker
        ),
    )
    skipped = 0
    seen_spans: set[tuple[int, int]] = set()
    rows: dict[str, dict[str, Any]] = {}
    placed: list[tuple[str, Quote]] = []
    for quote in doc.quotes:
        normalized = quote.normalized
        if not normalized or (quote.start, quote.end) in seen_spans:
            skipped += 1
            continue
        seen_spans.add((quote.start, quote.end))
        speaker_id = (
            speaker_ids[SpeakerRef(quote.speaker, quote.speaker_named).key] if quote.speaker else None
        )
        qkey = quotation_key(quote.kind.value, speaker_id, normalized)
        rows.setdefault(
            qkey,
            {
                "key": qkey,
                "text": quote.text,
                "normalized": normalized,
                "speaker_id": speaker_id,
                "kind": quote.kind.value,
            },
        )
        placed.append((qkey, quote))
    new_ids = {
        k: i
        for k, i in insert_ignore(
            session, Quotation, list(rows.values()), conflict=["key"], returning=["key", "id"]
        )
    }
    ids = dict(new_ids)
    missing = [k for k in rows if k not in ids]
    if missing:
        ids.update(
            session.execute(select(Quotation.key, Quotation.id).where(Quotation.key.in_(missing))).all()
        )
    if placed:
        session.execute(
            insert(table_of(Occurrence)),
            [
                {
                    "quotation_id": ids[qkey],
                    "source_id": source_id,
                    "document_id": doc_id,
                    "start": quote.start,
                    "end": quote.end,
                    "paragraph": quote.paragraph,
                    "text": quote.text,
                    "context": quote.context,
                    "speaker_mention": quote.speaker_mention.text if quote.speaker_mention else None,
                    "cue": quote.cue,
                    "kind": quote.kind.value,
                    "confidence": quote.confidence,
                }
                for qkey, quote in placed
            ],
        )
    link_variants(
        session,
        sorted(
            (new_ids[k], rows[k]["speaker_id"], rows[k]["normalized"])
            for k in new_ids
            if rows[k]["kind"] == QuoteKind.QUOTATION.value
        ),
    )
    if touched:
        # quotations this document alone held, and no longer does
        session.execute(
            delete(Quotation).where(
                Quotation.id.in_(touched),
                ~exists().where(Occurrence.quotation_id == Quotation.id),
            )
        )
    return IngestReport(
        documents=1, quotations=len(new_ids), occurrences=len(placed), speakers=new_speakers, skipped=skipped
    )


def collect_paths(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[Path]]:
    """Expand folders into the documents they hold: ``(documents, ignored)``, each sorted.

    Files named directly pass through whatever their ending. In a folder, files with an
    ending of :data:`DOCUMENT_SUFFIXES` are documents, the metadata file beside a
    document is its metadata, and everything else (``.pdf``, ``.rtf`` …) is ignored.

    Raises:
        SourceNotFoundError: when a path does not exist (before anything is read).
    """
    roots = [user_path(raw) for raw in paths]
    for root in roots:
        if not root.exists():
            raise SourceNotFoundError("no such file or directory", source=str(root))
    found: list[Path] = []
    ignored: list[Path] = []
    for root in roots:
        if not root.is_dir():
            found.append(root)
            continue
        files = sorted(f for f in root.rglob("*") if f.is_file() and not f.name.startswith("."))
        documents = [f for f in files if f.suffix.lower() in DOCUMENT_SUFFIXES]
        sidecars = {s for s in map(sidecar_path, documents) if s is not None}
        found.extend(documents)
        ignored.extend(f for f in files if f.suffix.lower() not in DOCUMENT_SUFFIXES and f not in sidecars)
    return found, ignored


def ingest_paths(
    db: Database,
    paths: Sequence[str | os.PathLike[str]],
    *,
    encoding: str = "utf-8",
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    metadata: SourceModel | Mapping[str, Any] | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest files and folders; a bad document is reported and the rest go on.

    Each document's metadata comes from ``metadata`` when given, else from the
    CSL-JSON file beside it (``doc.json``), else is unknown. Two documents whose
    metadata claim one id both fail, each naming the other. When the store can take no
    more writes (a full disk), the run stops there and ``report.stopped`` says why.

    Raises:
        SourceNotFoundError: when a path does not exist (nothing is ingested).
        NothingToIngestError: when the paths hold no document.
    """
    files, ignored = collect_paths(paths)
    if not files:
        shown = ", ".join(str(p) for p in ignored[:5]) + (" …" if len(ignored) > 5 else "")
        what = f" (ignored: {shown})" if ignored else ""
        raise NothingToIngestError(
            f"no document to ingest in {', '.join(map(str, paths))}: quotebank reads "
            f"{', '.join(DOCUMENT_SUFFIXES)} files{what}"
        )
    report = IngestReport(ignored=[str(p) for p in ignored])
    metas, failures = _metadata_of(files, metadata)
    total = len(files)
    for done, path in enumerate(files, start=1):
        failure = failures.get(path)
        if failure is not None:
            result = IngestReport(failed=[failure])
        else:
            try:
                text = read_document(path, encoding=encoding, max_bytes=max_bytes)
                meta = metas.get(path)
                key = (meta.id if meta is not None and metadata is None else None) or str(path.resolve())
                if meta is not None and key == meta.id:
                    _check_not_claimed(db, key, path)
                result = ingest_text(db, text, source=meta, key=key, path=str(path))
            except _FATAL as exc:
                left = total - done
                stopped = f"{exc.message}; stopped with {left} document(s) not tried"
                return report.merged(IngestReport(failed=[_failure(str(path), exc)], stopped=stopped))
            except QuotebankError as exc:
                result = IngestReport(failed=[_failure(str(path), exc)])
        report = report.merged(result)
        if progress is not None:
            progress(done, total, str(path))
    return report


def _metadata_of(
    files: list[Path], given: SourceModel | Mapping[str, Any] | None
) -> tuple[dict[Path, SourceModel], dict[Path, Failure]]:
    """Each document's metadata, and the documents that fail before being read."""
    if given is not None:
        meta = source_from(given)
        return dict.fromkeys(files, meta), {}
    metas: dict[Path, SourceModel] = {}
    failures: dict[Path, Failure] = {}
    claimed: dict[str, list[Path]] = {}
    for path in files:
        side = sidecar_path(path)
        if side is None:
            continue
        try:
            metas[path] = load_metadata(side)
        except QuotebankError as exc:
            failures[path] = _failure(str(side), exc)
            continue
        if metas[path].id:
            claimed.setdefault(str(metas[path].id), []).append(path)
    for doc_id, holders in claimed.items():
        if len(holders) < 2:
            continue
        for path in holders:
            others = " and ".join(str(sidecar_path(p)) for p in holders if p != path)
            clash = DuplicateDocumentError(
                f"has the document id {doc_id!r}, as {others} does: each document needs an id of its own"
            )
            failures[path] = _failure(str(sidecar_path(path)), clash)
    return metas, failures


def _check_not_claimed(db: Database, doc_id: str, path: Path) -> None:
    """Refuse a document whose id a stored document, still on disk with that id, holds."""
    with db.reading() as session:
        stored = session.scalar(select(Document.path).where(Document.key == doc_id))
    if not stored or Path(stored).resolve() == path.resolve() or not Path(stored).is_file():
        return  # new, the same file, or a file that moved: an update
    side = sidecar_path(Path(stored))
    try:
        still = side is not None and load_metadata(side).id == doc_id
    except QuotebankError:
        still = False
    if still:
        raise DuplicateDocumentError(
            f"has the document id {doc_id!r}, which {side} (stored) has too: "
            "each document needs an id of its own",
            source=str(sidecar_path(path) or path),
        )


def _failure(name: str, exc: QuotebankError) -> Failure:
    """A report line for ``exc``, naming the file at fault (a metadata file, say) when it knows it."""
    return Failure(input=exc.source or name, error=type(exc).__name__, message=exc.message)
