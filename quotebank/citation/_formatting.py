"""Formatting sources with the CSL processor: the one path from a source to a string.

``bibliography`` is the reference-list entry; ``citation`` the in-text citation (or the
note, in a note style, as a first citation); ``note`` the first (full) note;
``short-note`` a subsequent note that is not an *ibid* (the same source cited again after
another one).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from quotebank.citation._csl.engine import Processor, Style
from quotebank.citation._csl.output import is_empty
from quotebank.citation._csl.styles import load_style
from quotebank.citation._items import Item, item_from
from quotebank.citation.registry import StyleSpec, get_style
from quotebank.errors import InputError, MetadataError
from quotebank.models import Source

__all__ = [
    "MODES",
    "OTHER_SOURCE",
    "Cite",
    "Mode",
    "compiled_style",
    "format_citation",
    "format_item",
    "format_items",
]

Mode = Literal["bibliography", "citation", "note", "short-note"]
MODES: tuple[str, ...] = ("bibliography", "citation", "note", "short-note")
FORMATS = ("text", "html", "markdown")
_OTHER = "quotebank-other-source"
#: A stand-in source cited between two notes of the same source, so the second is not an ibid.
OTHER_SOURCE: dict[str, Any] = {"id": _OTHER, "type": "document", "title": "Another source"}


@dataclass(frozen=True)
class Cite:
    """How one source is cited: locator, its label, and text before or after."""

    locator: str = ""
    label: str = "page"
    prefix: str = ""
    suffix: str = ""


def compiled_style(style: str | StyleSpec) -> Style:
    """The compiled CSL style behind a style name, alias, spec or ``.csl`` path."""
    spec = style if isinstance(style, StyleSpec) else get_style(style)
    return load_style(spec.path or spec.name)


def _check(mode: str, fmt: str) -> None:
    if mode not in MODES:
        raise InputError(f"unknown citation mode {mode!r}; use one of {', '.join(MODES)}")
    if fmt not in FORMATS:
        raise InputError(f"unknown output format {fmt!r}; use text, html or markdown")


def _cite_dict(item_id: str, cite: Cite) -> dict[str, Any]:
    out: dict[str, Any] = {"id": item_id}
    if cite.locator:
        out["locator"] = cite.locator
        out["label"] = cite.label or "page"
    if cite.prefix:
        out["prefix"] = cite.prefix
    if cite.suffix:
        out["suffix"] = cite.suffix
    return out


def _entry(proc: Processor, piece: Any, fmt: str) -> str:
    out = proc.out(piece)
    return f'<div class="csl-entry">{out}</div>' if fmt == "html" else out


def format_item(
    source: Source | Mapping[str, Any] | Item,
    style: str | StyleSpec = "apa",
    mode: str = "bibliography",
    *,
    cite: Cite | None = None,
    fmt: str = "text",
) -> str | None:
    """Format one source; ``None`` when the style gives it no entry in this mode.

    Raises:
        InputError: for an unknown style, mode or format.
        MetadataError: naming the field when the source is not a valid CSL-JSON item.
    """
    _check(mode, fmt)
    csl = compiled_style(style)
    item = source if isinstance(source, Item) else item_from(source)
    data = dict(item.csl)
    data["id"] = item.id
    cite = cite or Cite()
    if mode == "bibliography":
        proc = Processor(csl, [data], fmt=fmt)
        proc.register([item.id], citations=False)
        entries = proc.bibliography()
        return _entry(proc, entries[0][1], fmt) if entries else None
    c = _cite_dict(item.id, cite)
    if mode == "short-note":
        other = dict(OTHER_SOURCE)
        proc = Processor(csl, [data, other], fmt=fmt)
        clusters = [
            {"items": [dict(c)], "note": 1},
            {"items": [{"id": _OTHER}], "note": 2},
            {"items": [c], "note": 3},
        ]
        proc.register([item.id, _OTHER])
        rendered = proc.process_citations(clusters)[-1]
    else:
        proc = Processor(csl, [data], fmt=fmt)
        note = 1 if mode == "note" or csl.is_note else 0
        rendered = proc.process_citations([{"items": [c], "note": note}])[0]
    if is_empty(rendered):
        return None
    return proc.out(rendered)


def format_items(
    sources: Iterable[Source | Mapping[str, Any] | Item],
    style: str | StyleSpec = "apa",
    *,
    fmt: str = "text",
    errors: list[tuple[str, Exception]] | None = None,
) -> list[tuple[str, str]]:
    """A whole bibliography: (id, entry) sorted as the style sorts, year-suffixes assigned.

    A source that is not valid CSL-JSON is left out (and reported in ``errors`` when given);
    the others are formatted.
    """
    _check("bibliography", fmt)
    csl = compiled_style(style)
    items: list[dict[str, Any]] = []
    seen: set[str] = set()
    for n, source in enumerate(sources):
        try:
            item = source if isinstance(source, Item) else item_from(source, default_id=f"item-{n + 1}")
        except MetadataError as exc:
            if errors is not None:
                errors.append((getattr(exc, "source", None) or f"item-{n + 1}", exc))
            continue
        data = dict(item.csl)
        item_id = item.id if item.id not in seen else f"{item.id}#{n + 1}"
        seen.add(item_id)
        data["id"] = item_id
        items.append(data)
    proc = Processor(csl, items, fmt=fmt)
    proc.register([str(i["id"]) for i in items], citations=False)
    return [(iid, _entry(proc, piece, fmt)) for iid, piece in proc.bibliography()]


def format_citation(
    sources: Sequence[tuple[Source | Mapping[str, Any] | Item, Cite]],
    style: str | StyleSpec = "apa",
    *,
    fmt: str = "text",
) -> str | None:
    """One citation of several sources (sorted, disambiguated and collapsed as the style says)."""
    _check("citation", fmt)
    csl = compiled_style(style)
    items = []
    cites = []
    for n, (source, cite) in enumerate(sources):
        item = source if isinstance(source, Item) else item_from(source, default_id=f"item-{n + 1}")
        data = dict(item.csl)
        data["id"] = item.id
        items.append(data)
        cites.append(_cite_dict(item.id, cite))
    proc = Processor(csl, items, fmt=fmt)
    rendered = proc.process_citations([{"items": cites, "note": 1 if csl.is_note else 0}])[0]
    return None if is_empty(rendered) else proc.out(rendered)
