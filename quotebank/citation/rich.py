"""Formatted text for citations: markers while building, then text, HTML or Markdown.

A formatter builds each citation as a plain ``str`` in which private-use characters mark
italics and quotation marks. Keeping the markup as single characters lets the joining
rules look straight through it (a period after an italic title that ends in "?" is
dropped; a comma after a quoted title moves inside the closing mark) and lets nested
quotation marks be chosen only once the whole citation is known ("double outside, single
inside"). :func:`render` turns the result into the requested output format.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

__all__ = [
    "CLOSERS",
    "I_CLOSE",
    "I_OPEN",
    "Q_CLOSE",
    "Q_OPEN",
    "SQ_CLOSE",
    "SQ_OPEN",
    "OutputFormat",
    "affix",
    "close",
    "italic",
    "join",
    "plain_text",
    "quoted",
    "render",
]

OutputFormat = Literal["text", "html", "markdown"]

I_OPEN, I_CLOSE = "\ue000", "\ue001"  # italics
Q_OPEN, Q_CLOSE = "\ue002", "\ue003"  # quotation marks, double unless nested
SQ_OPEN, SQ_CLOSE = "\ue004", "\ue005"  # quotation marks given as single in the data
MARKERS = frozenset(I_OPEN + I_CLOSE + Q_OPEN + Q_CLOSE + SQ_OPEN + SQ_CLOSE)
CLOSERS = frozenset(I_CLOSE + Q_CLOSE + SQ_CLOSE)
_QUOTE_CLOSERS = frozenset(Q_CLOSE + SQ_CLOSE)
_END_STOPS = frozenset(".?!")


def italic(value: str) -> str:
    """``value`` in italics (nothing when it is empty)."""
    return f"{I_OPEN}{value}{I_CLOSE}" if value else ""


def quoted(value: str) -> str:
    """``value`` in quotation marks (nothing when it is empty)."""
    return f"{Q_OPEN}{value}{Q_CLOSE}" if value else ""


def _last_visible(value: str) -> tuple[str, int]:
    """The last character that is not a marker, and its index (``("", -1)`` if none)."""
    i = len(value) - 1
    while i >= 0 and value[i] in MARKERS:
        i -= 1
    return (value[i], i) if i >= 0 else ("", -1)


def _append(left: str, right: str) -> str:
    """``left + right`` with citeproc-js's punctuation rules at the seam."""
    if not right or not left:
        return left + right
    first = right[0]
    if first in ".,;:" or first in "?!":
        last, at = _last_visible(left)
        trailing = left[at + 1 :]
        in_quote = any(c in _QUOTE_CLOSERS for c in trailing)
        if first == "." and last in _END_STOPS:
            return left + right[1:]
        if first == "," and last == ",":
            return left + right[1:]
        if first in ".," and in_quote and at >= 0:
            # American usage: period and comma go inside the closing quotation mark.
            return left[: at + 1] + first + trailing + right[1:]
        if first == ";" and last == ";":
            return left + right[1:]
    return left + right


def join(parts: Iterable[str | None], delimiter: str = "") -> str:
    """Join the non-empty ``parts`` with ``delimiter``, minding punctuation at each seam."""
    out = ""
    for part in parts:
        if not part:
            continue
        out = _append(_append(out, delimiter), part) if out else part
    return out


def close(value: str, punctuation: str = ".") -> str:
    """``value`` ended with ``punctuation`` (merged with what it already ends with)."""
    return _append(value, punctuation) if value else value


def affix(prefix: str, value: str | None, suffix: str = "") -> str:
    """``prefix + value + suffix`` when ``value`` is not empty, else nothing."""
    if not value:
        return ""
    return _append(_append(prefix, value) if prefix else value, suffix)


def _resolve_quotes(value: str) -> list[tuple[str, str]]:
    """Split into (kind, text) tokens, choosing each quotation mark by nesting depth."""
    out: list[tuple[str, str]] = []
    stack: list[bool] = []  # True when the open mark at that depth is double
    buf: list[str] = []
    for ch in value:
        if ch in (Q_OPEN, SQ_OPEN):
            double = (ch == Q_OPEN) if not stack else not stack[-1]
            stack.append(double)
            buf.append("“" if double else "‘")
        elif ch in (Q_CLOSE, SQ_CLOSE):
            double = stack.pop() if stack else ch == Q_CLOSE
            buf.append("”" if double else "’")
        elif ch in (I_OPEN, I_CLOSE):
            out.append(("text", "".join(buf)))
            buf = []
            out.append(("tag", ch))
        else:
            buf.append(ch)
    out.append(("text", "".join(buf)))
    return out


def _tidy(value: str) -> str:
    value = " ".join(value.split(" "))
    while "  " in value:
        value = value.replace("  ", " ")
    return value.strip()


def _escape(value: str) -> str:
    return value.replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")


def _markdown_escape(value: str) -> str:
    return "".join("\\" + c if c in "\\*_[]`" else c for c in value)


def render(value: str, fmt: OutputFormat = "text") -> str:
    """The marked-up ``value`` as plain text, HTML (citeproc-js's markup) or Markdown."""
    tokens = _resolve_quotes(_tidy(value))
    pieces: list[str] = []
    for kind, text in tokens:
        if kind == "text":
            pieces.append(
                _escape(text) if fmt == "html" else _markdown_escape(text) if fmt == "markdown" else text
            )
        elif fmt == "html":
            pieces.append("<i>" if text == I_OPEN else "</i>")
        elif fmt == "markdown":
            pieces.append("*")
    out = "".join(pieces)
    if fmt == "markdown":
        out = out.replace("**", "")
    return out


def plain_text(value: str) -> str:
    """``value`` with every marker resolved for plain text (shorthand for ``render``)."""
    return render(value, "text")
