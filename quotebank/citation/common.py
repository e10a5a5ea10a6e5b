"""Pieces shared by the style modules: locators, page ranges, cites."""

from __future__ import annotations

from dataclasses import dataclass

import regex

__all__ = ["Cite", "chicago_range", "expand_range", "ordinal", "plural"]

EN_DASH = "\u2013"
_RANGE = regex.compile(r"^\s*([A-Za-z]*)(\d+)\s*[-\u2013\u2014]+\s*([A-Za-z]*)(\d+)\s*$")


@dataclass(frozen=True)
class Cite:
    """How one source is cited: locator, its label, and text before or after."""

    locator: str = ""
    label: str = "page"
    prefix: str = ""
    suffix: str = ""


def plural(value: str) -> bool:
    """True when a locator or page field names more than one page (``101-104``, ``1, 14``)."""
    return bool(regex.search(r"\d\s*([-\u2013\u2014,&]|and)\s*\d", value))


def _each_range(value: str, fmt) -> str:  # type: ignore[no-untyped-def]
    def one(part: str) -> str:
        match = _RANGE.match(part)
        if not match:
            return part.strip()
        p1, a, p2, b = match.groups()
        if p1 != p2 or int(b) <= int(a):
            return f"{p1}{a}{EN_DASH}{p2}{b}"
        return f"{p1}{a}{EN_DASH}{p2}{fmt(a, b)}"

    return ", ".join(one(p) for p in value.split(","))


def expand_range(value: str) -> str:
    """Page ranges in full with an en dash (``67-89`` → ``67–89``)."""
    return _each_range(value, lambda a, b: b)


def chicago_range(value: str) -> str:
    """Page ranges abbreviated as Chicago does (``155-176`` → ``155–76``, ``101-104`` → ``101–4``)."""

    def fmt(a: str, b: str) -> str:
        first = int(a)
        if first < 100 or first % 100 == 0 or len(a) != len(b):
            return b
        keep = 1 if first % 100 < 10 else 2
        # the changed part, at least `keep` digits
        i = 0
        while i < len(a) and a[i] == b[i]:
            i += 1
        tail = b[min(i, len(b) - keep) :]
        return tail.lstrip("0") if keep == 1 else tail

    return _each_range(value, fmt)


def ordinal(value: str) -> str:
    """``2`` → ``2nd``; text that is not a number is kept (``Late edition``)."""
    if not value.isdigit():
        return value
    n = int(value)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
