"""``QuoteBank``: the store's front door for library users."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Annotated, Any

from pydantic import SkipValidation

from quotebank._boundary import public
from quotebank._paths import user_path
from quotebank.citation import Formatter, OutputFormat, cite, quotation_citation, to_bibtex
from quotebank.errors import (
    InputError,
    MigrationError,
    MissingDependencyError,
    NotFoundError,
    StoreNotFoundError,
)
from quotebank.extraction.reading import DEFAULT_MAX_BYTES
from quotebank.models import (
    IngestReport,
    Match,
    QuotationCitation,
    QuotationRecord,
    Source,
    SourceRecord,
    SpeakerRecord,
    Verification,
)
from quotebank.store import _lookup as lookup
from quotebank.store import _migrate as migrate_module
from quotebank.store import _verify
from quotebank.store._database import Database
from quotebank.store._importers import import_file
from quotebank.store._ingest import Progress, ingest_paths, ingest_text
from quotebank.store._speakers import speaker_parts

__all__ = ["QuoteBank", "seeds_path"]


def seeds_path() -> Path:
    """The folder of bundled seed documents (installed copy, else the checkout's)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_seeds", here.parent / "seeds"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the bundled seeds are missing from this installation")


def _is_parquet(path: str | os.PathLike[str]) -> bool:
    p = user_path(path)
    return p.suffix.lower() == ".parquet" or (p.is_dir() and (p / "quotations").is_dir())


class QuoteBank:
    """A store of quotations: ingest documents, ask who said what, list and show.

    Example:
        >>> bank = QuoteBank("sqlite:///:memory:")
        >>> bank.ingest_text("“We will not retreat,” said Ali Khamenei.").quotations
        1
        >>> bank.who_said("we will not retreat")[0].speaker
        'Ali Khamenei'

    Args:
        url: A database URL (``sqlite:///file.db``, ``postgresql://…``), a path to a
            SQLite file, or ``None`` for ``$QUOTEBANK_DATABASE_URL`` or the default
            store in the user's data directory.
        migrate: Bring the schema up to date on open (the default). Pass ``False``
            to inspect or downgrade a store without touching it.
        create: Create the store when there is none (the default). With ``False``
            (what reading needs) a missing store is a :class:`StoreNotFoundError`.
        read_only: Open for reading only; a SQLite file that cannot be written (a
            read-only medium) is always opened so.

    Raises:
        StoreError: when the store cannot be opened (one line naming it and the cause).
        StoreNotFoundError: when ``create`` is false and there is no store.
        MigrationError: when its schema cannot be brought up to date, or was made by a
            newer quotebank.
    """

    @public
    def __init__(
        self, url: str | None = None, *, migrate: bool = True, create: bool = True, read_only: bool = False
    ) -> None:
        self._db = Database(url, create=create, read_only=read_only)
        try:
            if not create or self._db.read_only:
                self._require_store()
            if migrate and not self._db.read_only:
                self.upgrade()
        except BaseException:
            self._db.dispose()
            raise

    def _require_store(self) -> None:
        current = migrate_module.check_current(self._db)
        if current is None:
            raise StoreNotFoundError(f"no quotebank store at {self._db.where}")
        if self._db.read_only and current != migrate_module.head_revision():
            raise MigrationError(
                f"the store at {self._db.where} is read-only and at an older schema revision "
                f"({current}); open it writable once to upgrade it"
            )

    @property
    def url(self) -> str:
        """The store's URL."""
        return self._db.url

    @property
    def in_memory(self) -> bool:
        """Whether the store lives in memory only and vanishes with the process."""
        return self._db.memory

    @property
    def read_only(self) -> bool:
        """Whether the store was opened for reading only."""
        return self._db.read_only

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self._db.dialect

    # --- schema -------------------------------------------------------------------------
    @public
    def upgrade(self, revision: str = "head") -> None:
        """Migrate the schema up to ``revision`` (no-op when already there)."""
        if revision == "head" and migrate_module.check_current(self._db) == migrate_module.head_revision():
            return
        migrate_module.upgrade(self._db, revision)

    @public
    def downgrade(self, revision: str = "-1") -> None:
        """Migrate the schema down to ``revision`` (``base`` empties the store)."""
        migrate_module.downgrade(self._db, revision)

    def current_revision(self) -> str | None:
        """The schema revision of the store (``None`` if never migrated)."""
        return migrate_module.current_revision(self._db)

    # --- writing ------------------------------------------------------------------------
    @public
    def ingest(
        self,
        paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
        source: Source | Mapping[str, Any] | None = None,
        *,
        encoding: str = "utf-8",
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Extract and store the quotations of files and folders (``.txt``, ``.md``, ``.html``).

        Each document is one transaction: a bad file is listed in ``report.failed`` and
        the others are still stored. To store a text you hold in memory, use
        :meth:`ingest_text`.

        Args:
            paths: A path or a list of paths, to files or folders.
            source: Metadata (a :class:`Source` or CSL-JSON item) for every document.
                When omitted, the CSL-JSON file beside each document is used.
            encoding: Encoding of files without a byte-order mark (a BOM decides).
            max_bytes: Largest file accepted.
            progress: Called as ``progress(done, total, name)`` after each file.

        Raises:
            SourceNotFoundError: when a path does not exist (nothing is ingested).
            NothingToIngestError: when the paths hold no document.
        """
        if isinstance(paths, str | os.PathLike):
            paths = [paths]
        elif not isinstance(paths, list | tuple):
            raise InputError(f"ingest() takes a path or a list of paths, not {type(paths).__name__}")
        for p in paths:
            if not isinstance(p, str | os.PathLike):
                raise InputError(f"ingest() takes paths, not {type(p).__name__}")
            if isinstance(p, str) and ("\n" in p or len(p) > 4096):
                raise InputError("ingest() takes paths; to store a text, use ingest_text()")
        return ingest_paths(
            self._db, list(paths), encoding=encoding, max_bytes=max_bytes, metadata=source, progress=progress
        )

    @public
    def ingest_text(
        self, text: str, source: Source | Mapping[str, Any] | None = None, *, key: str | None = None
    ) -> IngestReport:
        """Extract and store the quotations of one text, in one transaction.

        Args:
            text: The document's text.
            source: Its metadata (a :class:`Source` or CSL-JSON item); unknown if omitted.
            key: What identifies the document across runs (default: the metadata id,
                else the text's hash); storing another text under the same key
                replaces the old one.

        Raises:
            InputError: when ``text`` is not a string or the metadata is invalid.
        """
        if not isinstance(text, str):
            raise InputError(f"ingest_text() takes a string, not {type(text).__name__}")
        return ingest_text(self._db, text, source=source, key=key)

    @public
    def import_file(
        self, path: str | os.PathLike[str], *, progress: Callable[[int], None] | None = None
    ) -> IngestReport:
        """Import a quotation dataset: Quotebank JSON Lines (``.gz``/``.bz2`` too), CSV, or
        the Parquet folder written by ``quotebank spark extract`` (bulk-loaded).

        Raises:
            SourceNotFoundError: when the path does not exist.
            MissingDependencyError: for Parquet without pyarrow (``quotebank[parquet]``).
        """
        if _is_parquet(path):
            try:
                from quotebank.store._bulk import import_parquet
            except ImportError:
                raise MissingDependencyError(
                    "reading Parquet needs pyarrow: pip install 'quotebank[parquet]'", source=str(path)
                ) from None
            return import_parquet(self._db, path)
        return import_file(self._db, path, progress=progress)

    # --- reading ------------------------------------------------------------------------
    @public
    def who_said(self, phrase: str, *, limit: int = 10) -> list[Match]:
        """Who said ``phrase``? Ranked matches, or an empty list when nobody did.

        Raises:
            InputError: when the phrase is empty or too long.
        """
        with self._db.reading() as session:
            return lookup.who_said(session, phrase, limit=limit)

    @public
    def verify(self, phrase: str, speaker: str | None = None) -> Verification:
        """Did ``speaker`` (or anyone) say ``phrase``? A verdict: exact, close, altered
        (a negation or a number differs), misattributed (said by someone else) or
        not_found, with the stored wording, a word diff and its occurrences.

        Raises:
            InputError: when the phrase is empty or too long.
        """
        with self._db.reading() as session:
            return _verify.verify(session, phrase, speaker)

    @public
    def quotes_by(self, speaker: str, *, limit: int | None = None) -> list[QuotationRecord]:
        """Every quotation credited to ``speaker`` under any of their names.

        Raises:
            NotFoundError: when no speaker goes by that name.
        """
        with self._db.reading() as session:
            return lookup.quotes_by(session, speaker, limit=limit)

    @public
    def quotation(self, quotation_id: int) -> QuotationRecord:
        """One quotation with all its occurrences and variants.

        Raises:
            NotFoundError: when the id is unknown.
        """
        with self._db.reading() as session:
            return lookup.get_quotation(session, quotation_id)

    def speakers(self) -> list[SpeakerRecord]:
        """Every speaker in the store."""
        with self._db.reading() as session:
            return lookup.list_speakers(session)

    def sources(self) -> list[SourceRecord]:
        """Every source in the store."""
        with self._db.reading() as session:
            return lookup.list_sources(session)

    @public
    def source(self, source_id: int) -> SourceRecord:
        """One source with its CSL-JSON metadata.

        Raises:
            NotFoundError: when the id is unknown.
        """
        with self._db.reading() as session:
            return lookup.get_source(session, source_id)

    # --- citing -------------------------------------------------------------------------
    @public
    def cite_source(
        self,
        source_id: int,
        style: str = "apa",
        mode: str = "bibliography",
        *,
        locator: str | None = None,
        label: str = "page",
        fmt: OutputFormat = "text",
    ) -> str | None:
        """A stored source in a citation style (see :func:`quotebank.cite`).

        Raises:
            NotFoundError: when the id is unknown.
            MetadataError: when the stored metadata cannot be cited (naming the field).
        """
        record = self.source(source_id)
        return cite(record.csl, style, mode, locator=locator, label=label, fmt=fmt)

    @public
    def cite_quotation(
        self,
        quotation_id: int,
        style: str = "apa",
        mode: str | None = None,
        *,
        occurrence: int = 0,
        locator: str | None = None,
        label: str | None = None,
        fmt: OutputFormat = "text",
    ) -> QuotationCitation:
        """A stored quotation, ready to paste: its wording, speaker and citation.

        The citation is of the source the quotation was found in (its ``occurrence``-th
        occurrence, first by default). When the speaker is not an author of that source
        it is a secondary citation (APA ``as cited in``, Chicago ``quoted in``), and when
        no locator is given the stored paragraph number becomes ``para. N``.

        Raises:
            NotFoundError: when the quotation or occurrence does not exist.
        """
        record = self.quotation(quotation_id)
        if not 0 <= occurrence < len(record.occurrences):
            raise NotFoundError(
                f"quotation {quotation_id} has {len(record.occurrences)} occurrence(s); "
                f"there is no occurrence {occurrence}"
            )
        occ = record.occurrences[occurrence]
        source = self.source(occ.source_id)
        if locator is None and occ.paragraph is not None:
            locator, label = str(occ.paragraph), "paragraph"
        with self._db.reading() as session:  # the name's parts, as texts use them
            parts = speaker_parts(session, record.speaker_id) if record.speaker_id else None
        paste = quotation_citation(
            record.text,
            source.csl,
            speaker=parts or record.speaker,
            style=style,
            mode=mode,
            locator=locator,
            label=label or "page",
            fmt=fmt,
        )
        return paste.model_copy(update={"quotation_id": record.id, "source_id": source.id})

    @public
    def bibliography(
        self,
        style: str = "apa",
        *,
        fmt: OutputFormat = "text",
        errors: Annotated[list[tuple[str, Exception]] | None, SkipValidation] = None,
    ) -> list[str]:
        """Every stored source as a bibliography entry, sorted as the style sorts.

        Sources the style leaves out (personal communications in APA) are not listed. A
        source whose metadata cannot be cited does not stop the others: it is left out and
        reported in ``errors`` (id, exception) when a list is given.
        """
        return Formatter(style, fmt).bibliography((s.csl for s in self.sources()), errors=errors)

    @public
    def export(self, fmt: str = "csl-json") -> str:
        """Every stored source as CSL-JSON (an array, what Zotero imports) or BibTeX.

        Raises:
            InputError: when the format is neither ``csl-json`` nor ``bibtex``.
        """
        sources = [s.csl for s in self.sources()]
        if fmt == "csl-json":
            return json.dumps(sources, ensure_ascii=False, indent=2) + "\n"
        if fmt == "bibtex":
            return to_bibtex(sources)
        raise InputError(f"unknown export format {fmt!r}; use csl-json or bibtex")

    # --- lifetime -----------------------------------------------------------------------
    def close(self) -> None:
        """Release the store's connections."""
        self._db.dispose()

    def __enter__(self) -> QuoteBank:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"QuoteBank({self.url!r})"
