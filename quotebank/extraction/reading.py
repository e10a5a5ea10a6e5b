"""Turning files and bytes into text the extractor can trust.

Every check here fails with a :class:`~quotebank.errors.InputError` (or
:class:`~quotebank.errors.SourceNotFoundError`) that names the input and the cause,
before any work is done on it.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from quotebank._paths import user_path
from quotebank.errors import (
    BinaryFileError,
    DecodingError,
    InputTooLargeError,
    SourceNotFoundError,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "bom_encoding",
    "decode_text",
    "html_to_text",
    "read_document",
    "read_text",
]

#: File suffixes read as HTML (converted to text) by :func:`read_document`.
HTML_SUFFIXES = (".html", ".htm", ".xhtml")

#: Largest document accepted by default (64 MiB); pass ``max_bytes`` to change it.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

_CONTROL = frozenset(range(0, 32)) - {9, 10, 12, 13}
#: Share of control characters in a file's first 8 KiB above which it is taken for
#: binary: text has a few (tabs, form feeds), binaries have many.
MAX_CONTROL_SHARE = 0.10

# longest first: the UTF-32-LE mark begins with the UTF-16-LE one
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def bom_encoding(data: bytes) -> str | None:
    """The encoding a leading byte-order mark announces, or ``None`` without one.

    A byte-order mark decides over any encoding the caller names: the caller's
    encoding is for files that carry none.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def decode_text(
    data: bytes,
    *,
    encoding: str = "utf-8",
    name: str = "<input>",
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> str:
    """Decode bytes into extraction-ready text.

    A leading byte-order mark decides the encoding (``encoding`` is for bytes without
    one) and is dropped; line endings become ``\\n``: offsets in
    every result refer to the text this function returns.

    Args:
        data: The raw bytes.
        encoding: A codec name Python knows (``utf-8``, ``cp1252``, ``latin-1`` ...).
        name: How to name the input in error messages.
        max_bytes: Reject inputs larger than this; ``None`` for no limit.

    Raises:
        InputTooLargeError: when ``data`` is longer than ``max_bytes``.
        BinaryFileError: when the bytes contain NUL or are mostly control characters.
        DecodingError: when the encoding is unknown or the bytes are not valid in it.
    """
    if max_bytes is not None and len(data) > max_bytes:
        raise InputTooLargeError(
            f"is {len(data):,} bytes, over the limit of {max_bytes:,} bytes "
            "(raise it with max_bytes / --max-bytes)",
            source=name,
        )
    try:
        codec = codecs.lookup(bom_encoding(data) or encoding)
    except (LookupError, ValueError):
        raise DecodingError(f"unknown encoding {encoding!r}", source=name) from None
    is_utf16_or_32 = codec.name.startswith(("utf-16", "utf-32"))
    head = data[:8192]
    if not is_utf16_or_32:
        controls = sum(1 for b in head if b in _CONTROL)
        if b"\x00" in head or (head and controls / len(head) > MAX_CONTROL_SHARE):
            raise BinaryFileError("looks like a binary file, not text", source=name)
    try:
        text = data.decode(codec.name)
    except UnicodeDecodeError as exc:
        raise DecodingError(
            f"is not valid {codec.name} (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "pass the right encoding with --encoding (e.g. --encoding cp1252)",
            source=name,
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        raise BinaryFileError("contains NUL characters, not text", source=name)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(
    path: str | os.PathLike[str],
    *,
    encoding: str = "utf-8",
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> str:
    """Read a text file for extraction, with the checks of :func:`decode_text`.

    Raises:
        SourceNotFoundError: when the path does not exist or is a directory.
        InputTooLargeError, BinaryFileError, DecodingError: as :func:`decode_text`.
    """
    p = user_path(path)
    name = str(path)
    if p.is_dir():
        raise SourceNotFoundError("is a directory, not a file", source=name)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise SourceNotFoundError("no such file", source=name) from None
    except OSError as exc:
        raise SourceNotFoundError(f"cannot be read ({exc.strerror})", source=name) from None
    if max_bytes is not None and size > max_bytes:
        raise InputTooLargeError(
            f"is {size:,} bytes, over the limit of {max_bytes:,} bytes "
            "(raise it with max_bytes / --max-bytes)",
            source=name,
        )
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise SourceNotFoundError(f"cannot be read ({exc.strerror})", source=name) from None
    return decode_text(data, encoding=encoding, name=name, max_bytes=max_bytes)


def read_document(
    path: str | os.PathLike[str],
    *,
    encoding: str = "utf-8",
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> str:
    """Read a document for extraction: plain text and Markdown as they are, HTML
    (``.html``, ``.htm``, ``.xhtml``) converted by :func:`html_to_text`.

    The one reader for ``extract`` and ``ingest``, so both see the same text and the
    same offsets.

    Raises:
        SourceNotFoundError, InputTooLargeError, BinaryFileError, DecodingError: as
            :func:`read_text`.
    """
    text = read_text(path, encoding=encoding, max_bytes=max_bytes)
    if Path(path).suffix.lower() in HTML_SUFFIXES:
        text = html_to_text(text)
    return text


_BLOCK_TAGS = frozenset(
    "p div br li h2 h3 h4 h5 h6 blockquote tr section article header footer pre figcaption dd dt".split()
)
#: Elements whose text is not the document's: code, styles, the ``<head>`` (with its
#: ``<title>``) and the ``<h1>`` headline, which repeats the title. Neither is a
#: paragraph, so leaving them out keeps paragraph numbers (citation locators) right.
_SKIP_TAGS = frozenset(["script", "style", "noscript", "template", "svg", "head", "title", "h1"])


def html_to_text(html: str) -> str:
    """The readable text of an HTML page, one block element per line.

    Scripts, styles, the ``<head>`` with its ``<title>``, and the ``<h1>`` headline are
    dropped, so the first line is the first paragraph of the body; entities are
    decoded. Offsets of quotations found in the result refer to this text.
    """
    from html.parser import HTMLParser

    class _Parser(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "q" and not self.skip:
                self.parts.append("“")  # an inline quotation: its marks are the tag's
            if tag in _SKIP_TAGS:
                self.skip += 1
            if tag in _BLOCK_TAGS:
                self.parts.append("\n")

        def handle_endtag(self, tag: str) -> None:
            if tag == "q" and not self.skip:
                self.parts.append("”")
            if tag in _SKIP_TAGS and self.skip:
                self.skip -= 1
            if tag in _BLOCK_TAGS or tag in _SKIP_TAGS:
                self.parts.append("\n")

        def handle_data(self, data: str) -> None:
            if self.skip:
                return
            self.parts.append(data.replace("\n", " "))

    parser = _Parser()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)
