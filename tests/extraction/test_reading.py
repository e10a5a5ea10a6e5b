"""Reading files: clear errors for the inputs users get wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from quotebank import (
    BinaryFileError,
    DecodingError,
    InputError,
    InputTooLargeError,
    SourceNotFoundError,
    decode_text,
    read_text,
)
from quotebank.extraction import extract, read_document
from quotebank.extraction.reading import html_to_text


def test_missing_file(tmp_path: Path) -> None:
    """A file that does not exist is named in the error."""
    with pytest.raises(SourceNotFoundError, match=r"nope\.txt: no such file"):
        read_text(tmp_path / "nope.txt")


def test_directory(tmp_path: Path) -> None:
    """A directory is not a document."""
    with pytest.raises(SourceNotFoundError, match="is a directory"):
        read_text(tmp_path)


def test_binary_file(tmp_path: Path) -> None:
    """NUL bytes mark a binary file."""
    p = tmp_path / "x.txt"
    p.write_bytes(b"\x7fELF\x00\x00\x01" * 100)
    with pytest.raises(BinaryFileError, match="binary"):
        read_text(p)


def test_wrong_encoding_suggests_the_option(tmp_path: Path) -> None:
    """Latin-1 bytes read as UTF-8 fail with the offset and the --encoding hint."""
    p = tmp_path / "latin.txt"
    p.write_bytes("café “x”".encode("cp1252"))
    with pytest.raises(DecodingError, match=r"offset 3.*--encoding"):
        read_text(p)
    assert read_text(p, encoding="cp1252") == "café “x”"


def test_unknown_encoding(tmp_path: Path) -> None:
    """An encoding Python does not know is an input error, not a LookupError."""
    p = tmp_path / "a.txt"
    p.write_text("x")
    with pytest.raises(DecodingError, match="unknown encoding"):
        read_text(p, encoding="klingon")


def test_too_large(tmp_path: Path) -> None:
    """Files over max_bytes are refused before they are read."""
    p = tmp_path / "big.txt"
    p.write_text("x" * 2000)
    with pytest.raises(InputTooLargeError, match="over the limit of 1,000"):
        read_text(p, max_bytes=1000)


def test_errors_are_value_errors_too() -> None:
    """Input errors keep working with existing ``except ValueError`` handlers."""
    with pytest.raises(ValueError):
        decode_text(b"\xff\xfe\xfd", encoding="utf-8")
    assert issubclass(DecodingError, InputError)


def test_bom_and_crlf_are_normalised() -> None:
    """A UTF-8 BOM is dropped and CRLF becomes LF, so offsets are stable."""
    assert decode_text("\ufeffa\r\nb\rc".encode()) == "a\nb\nc"


def test_utf16_with_bom_is_text() -> None:
    """UTF-16 has NUL bytes but is text when asked for."""
    assert decode_text("“hi”".encode("utf-16"), encoding="utf-16") == "“hi”"


def test_html_text_keeps_blocks_as_paragraphs() -> None:
    """Block elements become lines; scripts and styles vanish; entities decode."""
    html = (
        "<html><head><title>T</title><style>p{}</style></head><body><p>One &amp; "
        "<b>two</b></p><script>var x='“no”';</script><p>“Yes,” he said.</p></body></html>"
    )
    assert html_to_text(html) == "One & two\n“Yes,” he said."


def test_html_title_and_headline_are_not_paragraphs() -> None:
    """The <title> and the <h1> headline are not counted: the locator is the body's."""
    html = (
        "<html><head><title>Vote day</title></head><body><h1>Vote day</h1>"
        "<p>The polls opened.</p><h2>At the school</h2>"
        "<p>“We came early,” said Ina Rowe.</p></body></html>"
    )
    text = html_to_text(html)
    assert text == "The polls opened.\nAt the school\n“We came early,” said Ina Rowe."
    [quote] = extract(text)
    assert (quote.speaker, quote.paragraph) == ("Ina Rowe", 3)


def test_read_document_converts_html_and_keeps_q_elements(tmp_path: Path) -> None:
    """An HTML page is read as its text; a <q> element becomes a quotation."""
    page = tmp_path / "page.html"
    page.write_text(
        '<html><body><script>var s = "not a quote";</script>'
        "<p>Ilse Brandt said <q>the tide is turning</q> &amp; left.</p></body></html>",
        encoding="utf-8",
    )
    text = read_document(page)
    assert text == "Ilse Brandt said “the tide is turning” & left."
    assert [(q.text, q.speaker) for q in extract(text)] == [("the tide is turning", "Ilse Brandt")]


def test_read_document_leaves_plain_text_and_markdown_alone(tmp_path: Path) -> None:
    """A .txt or .md file is read as it is."""
    note = tmp_path / "note.md"
    note.write_text('**A:** "Yes."\n', encoding="utf-8")
    assert read_document(note) == '**A:** "Yes."\n'
