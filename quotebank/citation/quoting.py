"""Secondary citations ("X, as cited in Y") and ready-to-paste quotations."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from quotebank._names import split_name
from quotebank.citation.registry import StyleSpec, get_style
from quotebank.models import Name

__all__ = ["secondary_prefix", "speaker_name"]


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
