"""Dates in citations: month names, ranges, "n.d." and circa, from the en-US locale."""

from __future__ import annotations

from quotebank.models import DateParts

__all__ = ["MONTHS", "parts", "year_text"]

MONTHS = "January February March April May June July August September October November December".split()
EN_DASH = "\u2013"


def parts(date: DateParts | None) -> tuple[list[int], list[int] | None]:
    """The first date and the end of a range (``None`` when it is not a range)."""
    if date is None or not date.date_parts:
        return [], None
    first = date.date_parts[0]
    end = date.date_parts[1] if len(date.date_parts) > 1 else None
    return first, end


def year_text(date: DateParts | None) -> str:
    """The year, or ``1986–1988`` for a range of years; ``""`` when unknown."""
    first, end = parts(date)
    if not first:
        return (date.literal or "") if date else ""
    if end and end[0] != first[0]:
        return f"{first[0]}{EN_DASH}{end[0]}"
    return str(first[0])


def month_day(part: list[int]) -> str:
    """``July 25`` / ``July`` / ``""``."""
    if len(part) < 2:
        return ""
    month = MONTHS[part[1] - 1]
    return f"{month} {part[2]}" if len(part) > 2 else month


def long_date(date: DateParts | None, *, year_first: bool) -> str:
    """``July 25, 2013`` (``year_first``: ``2013, July 25``), with ranges joined by an en dash."""
    first, end = parts(date)
    if not first:
        return (date.literal or "") if date else ""
    if end is None:
        md = month_day(first)
        if year_first:
            return f"{first[0]}, {md}" if md else str(first[0])
        return f"{md}, {first[0]}" if md and len(first) > 2 else (f"{md} {first[0]}" if md else str(first[0]))
    if end[0] != first[0]:
        a = long_date(DateParts.model_validate({"date-parts": [first]}), year_first=year_first)
        b = long_date(DateParts.model_validate({"date-parts": [end]}), year_first=year_first)
        return f"{a}{EN_DASH}{b}"
    span = f"{month_day(first)}{EN_DASH}{month_day(end)}"
    if len(first) > 2 and len(end) > 2 and first[1] == end[1]:
        span = f"{month_day(first)}{EN_DASH}{end[2]}"
    if year_first:
        return f"{first[0]}, {span}"
    return f"{span}, {first[0]}" if len(first) > 2 else f"{span} {first[0]}"
