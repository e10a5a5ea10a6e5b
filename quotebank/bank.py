"""``QuoteBank``: the store's front door for library users."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType

from quotebank.citation import Formatter, cite, get_style, quotation_citation, to_bibtex
from quotebank.citation.rich import OutputFormat
from quotebank.errors import InputError, NotFoundError
from quotebank.extraction.reading import DEFAULT_MAX_BYTES
from quotebank.models import (
    IngestReport,
    Match,
    QuotationCitation,
    QuotationRecord,
    Source,
    SourceRecord,
    SpeakerRecord,
)
from quotebank.store import lookup, migrate
from quotebank.store.database import Database
from quotebank.store.importers import import_file
from quotebank.store.ingest import Progress, ingest_paths, ingest_text

__all__ = ["QuoteBank", "seeds_path"]


def seeds_path() -> Path:
    """The folder of bundled seed documents (installed copy, else the checkout's)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_seeds", here.parent / "seeds"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the bundled seeds are missing from this installation")


def _looks_like_path(value: str | os.PathLike[str]) -> bool:
    if isinstance(value, os.PathLike):
        return True
    if "\n" in value or len(value) > 4096:
        return False
    try:
        return Path(value).exists()
    except OSError:
        return False


class QuoteBank:
    """A store of quotations: ingest documents, ask who said what, list and show.

    Example:
        >>> bank = QuoteBank("sqlite:///:memory:")
        >>> bank.ingest("“We will not retreat,” said Ali Khamenei.").quotations
        1
        >>> bank.who_said("we will not retreat")[0].speaker
        'Ali Khamenei'

    Args:
        url: A database URL (``sqlite:///file.db``, ``postgresql://…``), a path to a
            SQLite file, or ``None`` for ``$QUOTEBANK_DATABASE_URL`` or the default
            store in the user's data directory.
        migrate: Bring the schema up to date on open (the default). Pass ``False``
            to inspect or downgrade a store without touching it.

    Raises:
        StoreError: when the store cannot be opened.
        MigrationError: when its schema cannot be brought up to date.
    """

    def __init__(self, url: str | None = None, *, migrate: bool = True) -> None:
        self._db = Database(url)
        if migrate:
            self.upgrade()

    @property
    def url(self) -> str:
        """The store's URL."""
        return self._db.url

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self._db.dialect

    # --- schema -------------------------------------------------------------------------
    def upgrade(self, revision: str = "head") -> None:
        """Migrate the schema up to ``revision`` (no-op when already there)."""
        if revision == "head" and migrate.current_revision(self._db) == migrate.head_revision():
            return
        migrate.upgrade(self._db, revision)

    def downgrade(self, revision: str = "-1") -> None:
        """Migrate the schema down to ``revision`` (``base`` empties the store)."""
        migrate.downgrade(self._db, revision)

    def current_revision(self) -> str | None:
        """The schema revision of the store (``None`` if never migrated)."""
        return migrate.current_revision(self._db)

    # --- writing ------------------------------------------------------------------------
    def ingest(
        self,
        path_or_text: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
        source: Source | dict[str, object] | None = None,
        *,
        encoding: str = "utf-8",
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Extract and store the quotations of files, folders or a text.

        A string that names an existing file or folder is read from disk; any other
        string is the document's text. Each document is one transaction: a bad file
        is listed in ``report.failed`` and the others are still stored.

        Args:
            path_or_text: A path, a list of paths, or the text itself.
            source: Metadata (a :class:`Source` or CSL-JSON item). For files, the
                CSL-JSON file beside each one is used when this is omitted.
            encoding: Encoding of the files.
            max_bytes: Largest file accepted.
            progress: Called as ``progress(done, total, name)`` after each file.
        """
        if isinstance(path_or_text, list | tuple):
            return ingest_paths(self._db, list(path_or_text), encoding=encoding,
                                max_bytes=max_bytes, metadata=source, progress=progress)
        if not isinstance(path_or_text, str | os.PathLike):
            raise TypeError(
                f"ingest() takes a path, a list of paths or a text, not {type(path_or_text).__name__}"
            )
        if _looks_like_path(path_or_text):
            return ingest_paths(self._db, [path_or_text], encoding=encoding,
                                max_bytes=max_bytes, metadata=source, progress=progress)
        return ingest_text(self._db, str(path_or_text), source=source)

    def import_file(
        self, path: str | os.PathLike[str], *, progress: Callable[[int], None] | None = None
    ) -> IngestReport:
        """Import a quotation dataset (Quotebank JSON Lines, ``.gz``/``.bz2``, or CSV)."""
        return import_file(self._db, path, progress=progress)

    # --- reading ------------------------------------------------------------------------
    def who_said(self, phrase: str, *, limit: int = 10) -> list[Match]:
        """Who said ``phrase``? Ranked matches, or an empty list when nobody did.

        Raises:
            InputError: when the phrase is empty or too long.
        """
        with self._db.transaction() as session:
            return lookup.who_said(session, phrase, limit=limit)

    def quotes_by(self, speaker: str, *, limit: int | None = None) -> list[QuotationRecord]:
        """Every quotation credited to ``speaker`` under any of their names.

        Raises:
            NotFoundError: when no speaker goes by that name.
        """
        with self._db.transaction() as session:
            return lookup.quotes_by(session, speaker, limit=limit)

    def quotation(self, quotation_id: int) -> QuotationRecord:
        """One quotation with all its occurrences and variants.

        Raises:
            NotFoundError: when the id is unknown.
        """
        with self._db.transaction() as session:
            return lookup.get_quotation(session, quotation_id)

    def speakers(self) -> list[SpeakerRecord]:
        """Every speaker in the store."""
        with self._db.transaction() as session:
            return lookup.list_speakers(session)

    def sources(self) -> list[SourceRecord]:
        """Every source in the store."""
        with self._db.transaction() as session:
            return lookup.list_sources(session)

    def source(self, source_id: int) -> SourceRecord:
        """One source with its CSL-JSON metadata.

        Raises:
            NotFoundError: when the id is unknown.
        """
        with self._db.transaction() as session:
            return lookup.get_source(session, source_id)

    # --- citing -------------------------------------------------------------------------
    def cite_source(
        self, source_id: int, style: str = "apa", mode: str = "bibliography", *,
        locator: str | None = None, label: str = "page", fmt: OutputFormat = "text",
    ) -> str | None:
        """A stored source in a citation style (see :func:`quotebank.cite`).

        Raises:
            NotFoundError: when the id is unknown.
            MetadataError: when the stored metadata cannot be cited (naming the field).
        """
        record = self.source(source_id)
        return cite(record.csl, style, mode, locator=locator, label=label, fmt=fmt)

    def cite_quotation(
        self, quotation_id: int, style: str = "apa", mode: str | None = None, *,
        occurrence: int = 0, locator: str | None = None, label: str | None = None,
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
        paste = quotation_citation(
            record.text, source.csl, speaker=record.speaker, style=style,
            locator=locator, label=label or "page", fmt=fmt,
        )
        spec = get_style(style)
        wanted = mode or ("note" if spec.notes else "citation")
        citation = {
            "note": paste["note"],
            "short-note": paste["short_note"],
            "citation": paste["citation"] or paste["note"],
            "bibliography": cite(source.csl, style, "bibliography", fmt=fmt),
        }.get(wanted)
        return QuotationCitation(
            quotation_id=record.id, source_id=source.id, style=spec.name, mode=wanted, format=fmt,
            quotation=paste["quotation"] or "", speaker=record.speaker, citation=citation,
            reference=cite(source.csl, style, "bibliography", fmt=fmt), text=paste["text"] or "",
        )

    def bibliography(
        self, style: str = "apa", *, fmt: OutputFormat = "text",
        errors: list[tuple[str, Exception]] | None = None,
    ) -> list[str]:
        """Every stored source as a bibliography entry, sorted as the style sorts.

        Sources the style leaves out (personal communications in APA) are not listed. A
        source whose metadata cannot be cited does not stop the others: it is left out and
        reported in ``errors`` (id, exception) when a list is given.
        """
        return Formatter(style, fmt).bibliography((s.csl for s in self.sources()), errors=errors)

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

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"QuoteBank({self.url!r})"
