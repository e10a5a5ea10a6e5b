"""Formatting a source in a registered style: the one entry point for every mode."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from quotebank.citation import apa, chicago
from quotebank.citation.common import Cite
from quotebank.citation.csl import Item, item_from
from quotebank.citation.registry import StyleSpec, get_style
from quotebank.citation.rich import OutputFormat, render
from quotebank.errors import InputError
from quotebank.models import Source

__all__ = ["Mode", "format_item"]

Mode = Literal["bibliography", "citation", "note", "short-note"]
MODES: tuple[str, ...] = ("bibliography", "citation", "note", "short-note")


def _marked(item: Item, spec: StyleSpec, mode: str, cite: Cite) -> str | None:
    if spec.family == "apa":
        if mode == "bibliography":
            return apa.bibliography(item)
        return apa.citation(item, cite)
    if mode == "bibliography":
        return chicago.bibliography(item, spec)
    if spec.notes:
        return (
            chicago.short_note(item, spec, cite) if mode == "short-note" else chicago.note(item, spec, cite)
        )
    return chicago.citation(item, spec, cite, subsequent=mode == "short-note")


def format_item(
    source: Source | Mapping[str, Any] | Item,
    style: str | StyleSpec = "apa",
    mode: str = "bibliography",
    *,
    cite: Cite | None = None,
    fmt: OutputFormat = "text",
) -> str | None:
    """Format one source; ``None`` when the style gives it no entry in this mode."""
    spec = style if isinstance(style, StyleSpec) else get_style(style)
    if mode not in MODES:
        raise InputError(f"unknown citation mode {mode!r}; use one of {', '.join(MODES)}")
    if fmt not in ("text", "html", "markdown"):
        raise InputError(f"unknown output format {fmt!r}; use text, html or markdown")
    item = source if isinstance(source, Item) else item_from(source)
    marked = _marked(item, spec, mode, cite or Cite())
    if marked is None:
        return None
    out = render(marked, fmt)
    if fmt == "html" and mode == "bibliography":
        return f'<div class="csl-entry">{out}</div>'
    return out
