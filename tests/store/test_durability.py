"""The store never reports as stored what it dropped, and says clearly why it refused.

Each test is one way a user lost data (or got a confusing error) in an earlier
version: a copied metadata template, one wire story in two papers, a mistyped store
URL, a text passed where a path was meant, a file with a byte-order mark, a full disk.
"""

from __future__ import annotations

import codecs
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from quotebank import (
    DuplicateDocumentError,
    InputError,
    MigrationError,
    NothingToIngestError,
    QuoteBank,
    ReadOnlyStoreError,
    SourceNotFoundError,
    StoreError,
    StoreNotFoundError,
)

WIRE_STORY = "“The bridge will open in the spring,” said Ines Calloway. It will not."


def _doc(folder: Path, name: str, text: str, meta: dict[str, Any] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    if meta is not None:
        (folder / f"{name}.json").write_text(json.dumps(meta), encoding="utf-8")
    return path


def test_two_documents_with_one_id_both_fail_naming_each_other(bank: QuoteBank, tmp_path: Path) -> None:
    """A copied metadata template: neither document silently replaces the other."""
    meta = {"id": "template-1", "type": "article-newspaper", "title": "Council notes"}
    _doc(tmp_path, "monday", "“We begin on Monday,” said Ines Calloway.", meta)
    _doc(tmp_path, "tuesday", "“We finish on Tuesday,” said Ines Calloway.", meta)
    for _run in range(2):  # a rerun gives the same answer, not the other file
        report = bank.ingest(tmp_path)
        assert report.documents == 0 and report.quotations == 0
        assert sorted(Path(f.input).name for f in report.failed) == ["monday.json", "tuesday.json"]
        assert all(f.error == "DuplicateDocumentError" and "template-1" in f.message for f in report.failed)
        assert "tuesday.json" in next(f.message for f in report.failed if f.input.endswith("monday.json"))
    assert bank.sources() == []


def test_an_id_already_held_by_another_stored_file_is_refused(bank: QuoteBank, tmp_path: Path) -> None:
    """The template copied into a later folder does not take over the first document."""
    meta = {"id": "memo-7", "type": "report", "title": "Memo"}
    first = _doc(tmp_path / "a", "memo", "“Budgets are tight,” said Ines Calloway.", meta)
    _doc(tmp_path / "b", "memo", "“Budgets are loose,” said Ines Calloway.", meta)
    assert bank.ingest(first).documents == 1
    (failure,) = bank.ingest(tmp_path / "b" / "memo.txt").failed
    assert failure.error == DuplicateDocumentError.__name__ and "memo-7" in failure.message
    assert failure.input == str(tmp_path / "b" / "memo.json")
    assert [r.text for r in bank.quotes_by("Ines Calloway")] == ["Budgets are tight,"]


def test_a_moved_document_keeps_its_id(bank: QuoteBank, tmp_path: Path) -> None:
    """A file moved to another folder (the old one gone) is the same document, not a clash."""
    meta = {"id": "memo-8", "type": "report", "title": "Memo"}
    old = _doc(tmp_path / "old", "memo", "“Budgets are tight,” said Ines Calloway.", meta)
    assert bank.ingest(old).documents == 1
    new = _doc(tmp_path / "new", "memo", "“Budgets are tight,” said Ines Calloway.", meta)
    old.unlink()
    assert bank.ingest(new).unchanged == 1


def test_one_text_under_two_sources_is_stored_twice(bank: QuoteBank, tmp_path: Path) -> None:
    """One wire story in two papers: both sources kept, an occurrence in each."""
    _doc(
        tmp_path,
        "herald",
        WIRE_STORY,
        {"id": "herald-1", "type": "article-newspaper", "container-title": "The Herald"},
    )
    _doc(
        tmp_path,
        "courier",
        WIRE_STORY,
        {"id": "courier-1", "type": "article-newspaper", "container-title": "The Courier"},
    )
    report = bank.ingest(tmp_path)
    assert (report.documents, report.unchanged, report.quotations, report.occurrences) == (2, 0, 1, 2)
    assert sorted(s.csl.get("container-title", "") for s in bank.sources()) == ["The Courier", "The Herald"]
    (record,) = bank.quotes_by("Ines Calloway")
    assert len({o.source_id for o in record.occurrences}) == 2


def test_a_copy_without_metadata_adds_nothing(bank: QuoteBank, tmp_path: Path) -> None:
    """The same text twice with no metadata of its own is one document."""
    _doc(tmp_path / "a", "story", WIRE_STORY)
    _doc(tmp_path / "b", "story", WIRE_STORY)
    report = bank.ingest(tmp_path)
    assert (report.documents, report.unchanged) == (1, 1)


def test_a_missing_path_is_an_error_and_nothing_is_stored(bank: QuoteBank, tmp_path: Path) -> None:
    """ingest() takes paths: a typo is an error, never a one-line document."""
    good = _doc(tmp_path, "good", "“Yes,” said Ines Calloway.")
    with pytest.raises(SourceNotFoundError, match="missing/path"):
        bank.ingest([good, "missing/path"])
    assert bank.sources() == []
    with pytest.raises(InputError, match="ingest_text"):
        bank.ingest("“Yes,” said Ines Calloway.\n“No,” said Ines Calloway.")
    assert bank.ingest_text("“Yes,” said Ines Calloway.").quotations == 1


def test_a_folder_without_documents_is_an_error_that_lists_what_it_ignored(
    bank: QuoteBank, tmp_path: Path
) -> None:
    """.rtf and .pdf files are not read: said so, and nothing to ingest is an error."""
    tmp_path = tmp_path / "inbox"
    tmp_path.mkdir()
    (tmp_path / "notes.rtf").write_text("{\\rtf1 x}")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(NothingToIngestError, match=r"notes\.rtf.*scan\.pdf"):
        bank.ingest(tmp_path)
    (tmp_path / "empty").mkdir()
    with pytest.raises(NothingToIngestError):
        bank.ingest(tmp_path / "empty")
    _doc(tmp_path, "story", WIRE_STORY)
    report = bank.ingest(tmp_path)
    assert report.documents == 1
    assert sorted(Path(p).name for p in report.ignored) == ["notes.rtf", "scan.pdf"]


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32"])
def test_a_byte_order_mark_decides_the_encoding(bank: QuoteBank, tmp_path: Path, codec: str) -> None:
    """--encoding cp1252 is for files without a BOM; a BOM'd file is read as it says."""
    text = "“Café prices stay put,” said Zoë Brandt."
    data = text.encode(codec)
    if codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    (tmp_path / "story.txt").write_bytes(data)
    meta = json.dumps({"id": "bom-1", "type": "article", "title": "Prices in Zoë’s café"})
    (tmp_path / "story.json").write_bytes(
        meta.encode(codec) if codec != "utf-16-be" else codecs.BOM_UTF16_BE + meta.encode(codec)
    )
    report = bank.ingest(tmp_path, encoding="cp1252")
    assert report.documents == 1, report.failed
    assert [r.text for r in bank.quotes_by("Zoë Brandt")] == ["Café prices stay put,"]
    assert bank.sources()[0].title == "Prices in Zoë’s café"


def test_bad_metadata_is_reported_under_its_own_name(bank: QuoteBank, tmp_path: Path) -> None:
    """The file at fault is the .json, not the .txt beside it."""
    _doc(tmp_path, "story", WIRE_STORY)
    (tmp_path / "story.json").write_text("{not json", encoding="utf-8")
    (failure,) = bank.ingest(tmp_path).failed
    assert failure.input.endswith("story.json") and "not valid JSON" in failure.message


def test_reading_never_creates_a_store(tmp_path: Path) -> None:
    """A mistyped path for a read is an error; no file, no folder appears."""
    where = tmp_path / "typo" / "quotes.db"
    with pytest.raises(StoreNotFoundError, match="no quotebank store at"):
        QuoteBank(str(where), create=False)
    assert not where.parent.exists()


@pytest.mark.parametrize("blank", ["", " ", "\t"])
def test_a_blank_store_url_is_an_error_and_makes_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, blank: str
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match="blank"):
        QuoteBank(blank)
    assert list(tmp_path.iterdir()) == []


def test_a_store_that_is_not_a_database_is_one_clear_line(tmp_path: Path) -> None:
    """No SQLAlchemy background link, no statement: the file and the cause."""
    junk = tmp_path / "notes.db"
    junk.write_text("these are my notes, not a database " * 200)
    with pytest.raises(StoreError) as info:
        QuoteBank(str(junk))
    message = str(info.value)
    assert message == f"cannot open the store at {junk}: the file is not a database"


def test_a_store_from_a_newer_quotebank_says_so(tmp_path: Path) -> None:
    """A schema revision this version does not know is named, not migrated over."""
    path = tmp_path / "future.db"
    QuoteBank(str(path)).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    with pytest.raises(MigrationError, match=r"newer quotebank.*9999_from_the_future"):
        QuoteBank(str(path))


def test_a_read_only_store_answers_queries_and_refuses_writes(tmp_path: Path) -> None:
    """Open read-only: who-said works; a write is a clear error and changes nothing."""
    path = tmp_path / "archive.db"
    with QuoteBank(str(path)) as bank:
        bank.ingest_text("“The archive is closed on Sundays,” said Ines Calloway.")
    with QuoteBank(str(path), read_only=True) as bank:
        assert bank.read_only
        assert bank.who_said("the archive is closed on sundays")[0].speaker == "Ines Calloway"
        with pytest.raises(ReadOnlyStoreError):
            bank.ingest_text("“Open on Mondays,” said Ines Calloway.")
        assert len(bank.quotes_by("Ines Calloway")) == 1


def test_a_full_disk_stops_the_run_with_one_message(tmp_path: Path) -> None:
    """The first failure stops the run; what it reports as stored is stored."""
    path = tmp_path / "small.db"
    folder = tmp_path / "docs"
    for i in range(40):
        _doc(folder, f"d{i:02}", f"“Report {i} is long: {'words and more words ' * 400}” said Ines Calloway.")
    with QuoteBank(str(path)) as bank:
        pages = sqlite3.connect(path).execute("PRAGMA page_count").fetchone()[0]

        @event.listens_for(bank._db.engine, "connect")
        def _cap(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 60}")

        bank._db.engine.dispose()
        report = bank.ingest(folder)
    assert report.stopped is not None and "full" in report.stopped
    assert len(report.failed) == 1 and 0 < report.documents < 40
    assert f"{40 - report.documents - 1} document(s) not tried" in report.stopped
    with QuoteBank(str(path)) as bank:
        assert len(bank.sources()) == report.documents
