"""Paste-ready text in an output format: quotation marks around a quotation, and escaping.

Everything that comes from data (the wording, the speaker's name) is escaped for HTML
and Markdown as the CSL processor escapes field values.
"""

from __future__ import annotations

from typing import Literal

__all__ = ["OutputFormat", "escape", "in_quotes"]

OutputFormat = Literal["text", "html", "markdown"]


def escape(text: str, fmt: OutputFormat = "text") -> str:
    """``text`` as data in ``fmt``: ``&``, ``<`` and ``>`` as citeproc-js writes them in HTML,
    Markdown's markup characters behind a backslash, plain text as it is."""
    if fmt == "html":
        return text.replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")
    if fmt == "markdown":
        return "".join("\\" + c if c in "\\*_[]`" else c for c in text)
    return text


def in_quotes(text: str, fmt: OutputFormat = "text") -> str:
    """``text`` (spaces tidied) between double quotation marks, escaped for ``fmt``."""
    tidy = " ".join(text.split())
    return escape(f"\u201c{tidy}\u201d", fmt) if tidy else ""
