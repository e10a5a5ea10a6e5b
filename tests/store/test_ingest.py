"""Ingesting documents: idempotent, atomic per document, failures reported."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from quotebank import MetadataError, QuoteBank, QuoteKind


def test_seeds_ingest_with_their_metadata(seeded: QuoteBank) -> None:
    """The five seeds land with the titles and dates their metadata files give."""
    sources = {s.key: s for s in seeded.sources()}
    memri = sources["001_f05ead0fe6c7f98d"]
    assert memri.title is not None and memri.title.startswith("The Struggle Between Khamenei")
    assert memri.issued == "2013-07-25"
    assert memri.csl["author"][0] == {"family": "Savyon", "given": "A."}
    assert sources["000_dc1eb3620fb74681"].title is None  # unknown stays unknown
    assert all(s.occurrences > 0 for s in sources.values())


def test_ingesting_twice_changes_nothing(seeded: QuoteBank, seed_files: list[Path]) -> None:
    """A second ingest of the same documents reports them unchanged and adds nothing."""
    before = [(s.id, s.quotations) for s in seeded.speakers()]
    report = seeded.ingest(seed_files)
    assert (report.documents, report.unchanged, report.quotations) == (0, 5, 0)
    assert [(s.id, s.quotations) for s in seeded.speakers()] == before


def test_changed_document_replaces_its_occurrences(bank: QuoteBank, tmp_path: Path) -> None:
    """Editing a file and ingesting it again swaps the old quotations for the new."""
    doc = tmp_path / "a.txt"
    doc.write_text("“We shall overcome the enemy,” said Ali Khamenei.", encoding="utf-8")
    bank.ingest(doc)
    doc.write_text("“We shall negotiate with everybody,” said Ali Khamenei.", encoding="utf-8")
    report = bank.ingest(doc)
    assert (report.documents, report.quotations) == (1, 1)
    texts = [r.text for r in bank.quotes_by("Khamenei")]
    assert texts == ["We shall negotiate with everybody,"]


def test_bad_file_is_reported_and_the_rest_go_on(bank: QuoteBank, tmp_path: Path) -> None:
    """A binary file and bad metadata fail alone, each under the file at fault."""
    good = tmp_path / "good.txt"
    good.write_text("“Peace is near,” said Ali Khamenei.", encoding="utf-8")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    badmeta = tmp_path / "badmeta.txt"
    badmeta.write_text("“War is near,” said Ali Khamenei.", encoding="utf-8")
    (tmp_path / "badmeta.json").write_text('{"issued": {"date-parts": [[2020, 13, 1]]}}')
    report = bank.ingest([tmp_path])
    assert report.documents == 1
    failed = {Path(f.input).name: f for f in report.failed}
    assert set(failed) == {"binary.txt", "badmeta.json"}
    assert "issued" in failed["badmeta.json"].message and "month 13" in failed["badmeta.json"].message
    assert [r.text for r in bank.quotes_by("Ali Khamenei")] == ["Peace is near,"]


def test_failure_mid_document_leaves_no_trace(bank: QuoteBank, monkeypatch: pytest.MonkeyPatch) -> None:
    """If storing a document fails half-way, none of it is in the store."""
    from quotebank.errors import QuotebankError
    from quotebank.store import _ingest as ingest_module
    from quotebank.store._schema import Quotation
    from quotebank.store._upsert import insert_ignore as original

    calls = {"n": 0}

    def flaky(*args: object, **kwargs: object) -> object:
        # the document row goes in first, then the speakers; the quotations fail
        calls["n"] += 1
        if args[1] is Quotation:
            raise QuotebankError("simulated failure")
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ingest_module, "insert_ignore", flaky)
    text = "“First,” said Ali Khamenei. “Second,” said Hashemi Rafsanjani."
    with pytest.raises(QuotebankError):
        bank.ingest_text(text)
    assert calls["n"] == 2
    assert bank.sources() == [] and bank.speakers() == []


def test_text_with_csl_metadata(bank: QuoteBank) -> None:
    """ingest_text(text, source=CSL-JSON item) keeps the metadata."""
    item: dict[str, Any] = {
        "id": "herald-1",
        "type": "article-newspaper",
        "title": "A title",
        "author": [{"family": "Rahimi", "given": "Leila"}],
        "issued": {"date-parts": [[2019, 3, 4]]},
        "container-title": "The Herald",
    }
    bank.ingest_text("“Tomorrow is another day,” said Leila Rahimi.", source=item)
    (src,) = bank.sources()
    assert src.key == "herald-1" and src.issued == "2019-03-04"
    assert src.csl["container-title"] == "The Herald"


def test_invalid_metadata_names_the_field(bank: QuoteBank) -> None:
    """An author with no name is refused, naming the field."""
    with pytest.raises(MetadataError, match="author"):
        bank.ingest_text("“x y z,” he said.", source={"author": [{}]})


def test_html_documents_are_read_as_text(bank: QuoteBank, tmp_path: Path) -> None:
    """An .html file's text is extracted before its quotations are."""
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><p>“Nothing is settled yet,” said Ali Khamenei.</p>"
        "<script>var s = '“fake,” said Nobody';</script></body></html>"
    )
    bank.ingest(page)
    assert [r.text for r in bank.quotes_by("Khamenei")] == ["Nothing is settled yet,"]


def test_speakers_are_merged_across_documents(seeded: QuoteBank) -> None:
    """Khomeini in one seed and Ruhollah Khomeini in another are one speaker."""
    names = {s.name for s in seeded.speakers() if s.named}
    assert "Ruhollah Khomeini" in names and "Khomeini" not in names
    assert "Ali Khamenei" in names and "Khamenei" not in names
    khomeini = next(s for s in seeded.speakers() if s.name == "Ruhollah Khomeini")
    assert "Khomeini" in khomeini.aliases


def test_terms_are_stored_without_speaker(bank: QuoteBank) -> None:
    """A quoted title is stored as a term credited to nobody, beside the speaker's words."""
    bank.ingest_text(
        "Ines Calloway reviewed the film “Harbour Lights” on Tuesday. “It moved me,” said Ines Calloway."
    )
    records = [bank.quotation(i) for i in (1, 2)]
    assert {(r.kind, r.speaker, r.text) for r in records} == {
        (QuoteKind.TERM, None, "Harbour Lights"),
        (QuoteKind.QUOTATION, "Ines Calloway", "It moved me,"),
    }
    assert [r.text for r in bank.quotes_by("Ines Calloway")] == ["It moved me,"]


def test_metadata_sidecar_format(seeds_dir: Path) -> None:
    """Every seed has a CSL-JSON sidecar holding one valid item and no invented fields."""
    from quotebank import Source

    for txt in seeds_dir.glob("*.txt"):
        data = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
        assert data["id"] == txt.stem
        Source.model_validate(data)


def test_source_types_are_checked_at_ingest(bank: QuoteBank) -> None:
    """Zotero's names map to CSL types; a type CSL does not know is refused, naming the field."""
    bank.ingest_text(
        "“Come home by spring,” said Ines Calloway.",
        source={
            "id": "l1",
            "type": "letter",
            "title": "Letter to her brother",
            "author": [{"family": "Calloway", "given": "Ines"}],
            "issued": {"date-parts": [[1998, 13]]},
        },
    )
    (source,) = bank.sources()
    assert source.type == "personal_communication"
    assert bank.cite_source(source.id, "apa", "citation") == (
        "(I. Calloway, personal communication, Spring 1998)"
    )
    with pytest.raises(MetadataError, match=r"'type'.*'lettre' is not a CSL item type"):
        bank.ingest_text("“x y z,” said Ines Calloway.", source={"id": "l2", "type": "lettre"})
