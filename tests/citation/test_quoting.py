"""Citing stored quotations: secondary citations, paragraph locators, paste-ready text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quotebank import QuoteBank, quotation_citation, seeds_path, to_bibtex

MEMRI = json.loads((seeds_path() / "001_f05ead0fe6c7f98d.json").read_text())


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> QuoteBank:
    path = tmp_path_factory.mktemp("cite") / "store.db"
    store = QuoteBank(f"sqlite:///{path}")
    store.ingest(sorted(seeds_path().glob("*.txt")))
    return store


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("apa", "(Khomeini, as cited in Savyon et al., 2013, para. 40)"),
        ("chicago-author-date", "(Khomeini, quoted in Savyon et al. 2013, para. 40)"),
        (
            "chicago-author-date-17th-edition",
            "(Khomeini, quoted in Savyon, Mansharof, and Kharrazi 2013, para. 40)",
        ),
    ],
)
def test_secondary_citations_in_text(style: str, expected: str) -> None:
    """The issue's three examples, word for word."""
    paste = quotation_citation(
        "I drink the cup of poison",
        MEMRI,
        speaker="Ruhollah Khomeini",
        style=style,
        locator="40",
        label="paragraph",
    )
    assert paste.citation == expected
    assert paste.text == f"Ruhollah Khomeini said, “I drink the cup of poison” {expected}."


def test_secondary_citation_in_a_note() -> None:
    """Chicago notes name the person quoted in full, then `quoted in` the source."""
    paste = quotation_citation(
        "I drink the cup of poison",
        MEMRI,
        speaker="Ruhollah Khomeini",
        style="chicago-notes",
        locator="40",
        label="paragraph",
    )
    assert paste.mode == "note"
    assert paste.citation is not None
    assert paste.citation.startswith("Ruhollah Khomeini, quoted in A. Savyon et al., The Struggle")
    assert paste.citation.endswith("(MEMRI, 2013), para. 40.")
    short = quotation_citation(
        "I drink the cup of poison",
        MEMRI,
        speaker="Ruhollah Khomeini",
        style="chicago-notes",
        mode="short-note",
        locator="40",
        label="paragraph",
    )
    assert short.citation == (
        "Ruhollah Khomeini, quoted in Savyon et al., The Struggle Between Khamenei And Rafsanjani Over "
        "The Iranian Leadership – Part II: The Conflict Heats Up Over Direct Talks With The U.S. And The "
        "Nuclear Issue, para. 40."
    )
    assert paste.text.startswith("Ruhollah Khomeini said, “I drink the cup of poison.”¹\n\n1. Ruhollah")
    assert short.text == paste.text  # the text to paste is the first note, whatever the mode


def test_an_author_quoting_themselves_is_not_secondary() -> None:
    """When the speaker wrote the source, the citation is plain."""
    paste = quotation_citation("x", MEMRI, speaker="Yossi Mansharof", style="apa")
    assert paste.citation == "(Savyon et al., 2013)"


def test_ready_to_paste_in_html_and_markdown() -> None:
    """Markup follows the format; the wording keeps the style's curly quotes."""
    html = quotation_citation("a & b", MEMRI, speaker="Ali Khamenei", style="apa", fmt="html")
    assert html.quotation == "“a &#38; b”"
    md = quotation_citation(
        "x",
        {"id": "b", "type": "book", "title": "The *Iran* reader", "issued": {"date-parts": [[2002]]}},
        style="apa",
        fmt="markdown",
    )
    assert md.citation == "(*The \\*Iran\\* Reader*, 2002)"


def test_stored_quotation_cites_its_paragraph(bank: QuoteBank) -> None:
    """A stored occurrence gives `para. N` automatically and a secondary citation."""
    match = bank.who_said("I drink the cup of poison")[0]
    record = bank.quotation(match.quotation_id)
    occ = next(o for o in record.occurrences if o.source_title and o.source_title.startswith("The Struggle"))
    index = record.occurrences.index(occ)
    result = bank.cite_quotation(match.quotation_id, "apa", occurrence=index)
    assert result.speaker == "Ruhollah Khomeini"  # "the Imam" in the text, resolved by the store
    assert occ.paragraph is not None
    assert result.citation == f"(Khomeini, as cited in Savyon et al., 2013, para. {occ.paragraph})"
    assert result.reference is not None and result.reference.startswith(
        "Savyon, A., Mansharof, Y., & Kharrazi, E."
    )


def test_bibliography_of_the_store_and_exports(bank: QuoteBank, tmp_path: Path) -> None:
    """`bib` lists what the style lists, sorted; exports carry every source."""
    apa = bank.bibliography("apa")
    assert len(apa) == 5 and apa[-1].startswith("Savyon")
    notes = bank.bibliography("chicago-notes")
    assert len(notes) == 4  # Chicago 18 leaves out the untitled, unpublished document (000)
    exported = json.loads(bank.export("csl-json"))
    assert {i["id"] for i in exported} == {p.stem for p in seeds_path().glob("*.json")}
    assert bank.export("bibtex").count("@") == 5


def test_bibtex_escapes_and_maps_types() -> None:
    """Special characters are escaped, page ranges get `--`, types map to BibTeX's."""
    out = to_bibtex(
        [
            MEMRI,
            {
                "id": "j",
                "type": "article-journal",
                "title": "50% & more",
                "author": [{"family": "van der Berg", "given": "G."}],
                "container-title": "Iranian Studies",
                "page": "1–20",
            },
        ]
    )
    assert out.startswith("@techreport{001_f05ead0fe6c7f98d,")
    assert "series = {Inquiry \\& Analysis Series}" in out
    assert "@article{j," in out and "title = {{50\\% \\& more}}" in out
    assert "author = {van der Berg, G.}" in out and "pages = {1--20}" in out


def test_html_escapes_the_speaker_in_the_paste_ready_text() -> None:
    """Everything that comes from data is escaped in HTML, the speaker's name too."""
    html = quotation_citation(
        "I was misquoted", MEMRI, speaker="<img src=x onerror=alert(1)>", style="apa", fmt="html"
    )
    assert "<img" not in html.text and "&#60;img src=x onerror=alert(1)&#62; said" in html.text
    assert html.speaker is not None and "<img" not in html.speaker


def test_cli_cite_mode_is_honoured_in_text_output(bank: QuoteBank, tmp_path: Path) -> None:
    """`quotebank cite ID --mode short-note` prints the short note, `--mode bibliography` the entry."""
    from click.testing import CliRunner

    from quotebank.cli import cli

    match = bank.who_said("I drink the cup of poison")[0]
    db = bank.url  # the store the fixture filled
    runner = CliRunner()
    base = ["cite", str(match.quotation_id), "--db", db, "--style", "chicago-notes"]
    short = runner.invoke(cli, [*base, "--mode", "short-note"])
    full = runner.invoke(cli, [*base, "--mode", "note"])
    entry = runner.invoke(cli, [*base, "--mode", "bibliography"])
    assert short.exit_code == full.exit_code == entry.exit_code == 0, short.output
    assert short.output.strip() != full.output.strip()
    assert len(short.output) < len(full.output)
    assert "said," not in short.output  # only the form asked for
    assert (
        entry.output.strip()
        == bank.cite_quotation(match.quotation_id, "chicago-notes", "bibliography").citation
    )


def test_bibtex_keys_months_institutions_and_empty_items() -> None:
    """A file-path id gives an author-year-word key; months are BibTeX's macros; a report's
    publisher is its institution; an item with nothing to export is a comment, not `@misc{}`."""
    out = to_bibtex(
        [
            {
                "id": "/home/someone/articles/0042.txt",
                "type": "report",
                "title": "Notes on the assembly of experts",
                "author": [{"family": "Nasseri", "given": "Ladane"}],
                "publisher": "Iran Watch",
                "issued": {"date-parts": [[2011, 3, 8]]},
            },
            {"id": "bare", "type": "article"},
        ]
    )
    assert out.startswith("@techreport{nasseri2011notes,")
    assert "month = mar," in out and "institution = {Iran Watch}" in out and "publisher" not in out
    assert "@misc{bare" not in out and "% bare: no metadata to export" in out


def test_quotation_citation_returns_the_model_with_every_mode() -> None:
    """A quotation not in a store is a QuotationCitation without ids; `mode` picks the citation."""
    from quotebank import QuotationCitation
    from quotebank.errors import InputError

    paste = quotation_citation("Calm seas ahead", MEMRI, speaker="Leila Rahimi", style="apa", locator="3")
    assert isinstance(paste, QuotationCitation)
    assert (paste.quotation_id, paste.source_id, paste.style, paste.mode) == (None, None, "apa", "citation")
    assert paste.citation == "(Rahimi, as cited in Savyon et al., 2013, p. 3)"
    entry = quotation_citation("Calm seas ahead", MEMRI, style="apa", mode="bibliography")
    assert entry.citation == entry.reference and entry.citation is not None
    assert entry.citation.startswith("Savyon, A., Mansharof, Y., & Kharrazi, E. (2013).")
    with pytest.raises(InputError, match="unknown citation mode 'footnote'"):
        quotation_citation("Calm seas ahead", MEMRI, style="apa", mode="footnote")
