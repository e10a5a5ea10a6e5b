"""Secondary citations ("X, as cited in Y") and ready-to-paste quotations."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from quotebank._names import split_name
from quotebank.citation._formatting import MODES
from quotebank.citation._items import item_from
from quotebank.citation._markup import OutputFormat, escape, in_quotes
from quotebank.citation.registry import StyleSpec, get_style
from quotebank.errors import InputError
from quotebank.models import Name, QuotationCitation, Source

__all__ = ["quotation_citation", "secondary_prefix", "speaker_name"]


def speaker_name(speaker: Name | Mapping[str, Any] | str) -> Name:
    """A speaker as a CSL name.

    A string is split by :func:`quotebank._names.split_name` (its last word the family
    name, with particles and suffixes; descriptions and single names stay whole). Pass a
    :class:`Name` (or a CSL-JSON name) to be exact, e.g. for ``Hashemi Rafsanjani``;
    ``QuoteBank.cite_quotation`` passes one built from the speaker's stored aliases.
    """
    if isinstance(speaker, Name):
        return speaker
    if isinstance(speaker, Mapping):
        return Name.model_validate(speaker)
    return split_name(speaker)


def secondary_prefix(speaker: Name | Mapping[str, Any] | str, style: str | StyleSpec) -> str:
    """The words that put the person quoted before the source consulted.

    APA: ``Khomeini, as cited in``; Chicago notes: ``Ruhollah Khomeini, quoted in`` (the
    full name, as a note names a person the first time); Chicago author-date:
    ``Khomeini, quoted in``. The prefix ends with a space, ready to stand before the
    citation of the source.
    """
    name = speaker_name(speaker)
    family = (
        name.literal
        or " ".join(p for p in (name.non_dropping_particle, name.family) if p)
        or name.given
        or ""
    )
    spec = style if isinstance(style, StyleSpec) else get_style(style)
    if spec.family == "apa":
        return f"{family}, as cited in "
    if spec.notes:
        return f"{name.display()}, quoted in "
    return f"{family}, quoted in "


def quotation_citation(
    text: str,
    source: Source | Mapping[str, Any],
    *,
    speaker: Name | Mapping[str, Any] | str | None = None,
    style: str = "apa",
    mode: str | None = None,
    locator: str | None = None,
    label: str = "page",
    fmt: OutputFormat = "text",
) -> QuotationCitation:
    """A ready-to-paste quotation: the wording in quotation marks, who said it, the citation.

    When the speaker is not among the source's authors the citation is secondary (APA
    ``as cited in``, Chicago ``quoted in``). In-text styles put the citation after the
    quotation; notes-bibliography styles give a note (``text`` ends with it, numbered 1).
    ``mode`` picks what ``citation`` holds: ``citation`` (the default for in-text styles),
    ``note`` (the default for notes styles), ``short-note`` or ``bibliography``.
    ``quotation_id`` and ``source_id`` are ``None``: the quotation is not a stored one
    (:meth:`QuoteBank.cite_quotation` fills them in).

    Raises:
        InputError: for an unknown style, mode or format.
        MetadataError: naming the field when the source is not a valid CSL-JSON item.
    """
    from quotebank.citation.formatter import Formatter  # it uses secondary_prefix from here

    formatter = Formatter(style, fmt)
    spec = formatter.style
    wanted = mode or ("note" if spec.notes else "citation")
    if wanted not in MODES:
        raise InputError(f"unknown citation mode {wanted!r}; use one of {', '.join(MODES)}")
    item = item_from(source)
    secondary = None
    who = ""
    if speaker is not None:
        name = speaker_name(speaker)
        who = name.display()
        authors = {p.family_with_particle().casefold() for p in item.people("author")}
        family = (name.literal or name.family or name.given or "").casefold()
        if family not in authors:
            secondary = name
    who = escape(who, fmt)  # the speaker is data: escaped like every other field
    bare = text.strip().rstrip(" .,;:")
    wording = in_quotes(bare, fmt)

    def cited(as_mode: str) -> str | None:
        return formatter.format(item.csl, as_mode, locator=locator, label=label, quoted_speaker=secondary)

    reference = formatter.format(item.csl, "bibliography")
    if spec.notes:
        note = cited("note")
        closed = in_quotes(bare + ("" if bare.endswith(("?", "!")) else "."), fmt)
        lead = f"{who} said, {closed}" if who else closed
        pasted = f"{lead}\u00b9\n\n1. {note}"
        # in a notes style the citation of a quotation is its note
        by_mode = {"citation": note, "note": note}
    else:
        citation = cited("citation")
        lead = f"{who} said, {wording}" if who else wording
        pasted = f"{lead} {citation}."
        by_mode = {"citation": citation}
    if wanted in by_mode:
        chosen = by_mode[wanted]
    elif wanted == "bibliography":
        chosen = reference
    else:
        chosen = cited(wanted)
    return QuotationCitation(
        quotation_id=None,
        source_id=None,
        style=spec.name,
        mode=wanted,
        format=fmt,
        quotation=wording,
        speaker=who or None,
        citation=chosen,
        reference=reference,
        text=pasted,
    )
