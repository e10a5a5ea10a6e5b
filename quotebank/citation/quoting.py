"""Secondary citations ("X, as cited in Y") and ready-to-paste quotations."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from quotebank.citation.registry import StyleSpec, get_style
from quotebank.models import Name

__all__ = ["secondary_prefix", "speaker_name"]


def speaker_name(speaker: Name | Mapping[str, Any] | str) -> Name:
    """A speaker as a CSL name.

    A stored speaker is one string such as ``Ruhollah Khomeini``: its last word is taken
    as the family name. Unnamed speakers (``The Imam``) and single names stay whole.
    Pass a :class:`Name` (or a CSL-JSON name) to be exact, e.g. for ``Hashemi Rafsanjani``.
    """
    if isinstance(speaker, Name):
        return speaker
    if isinstance(speaker, Mapping):
        return Name.model_validate(speaker)
    words = speaker.split()
    if len(words) < 2 or words[0].lower() == "the" or not all(w[:1].isupper() for w in words):
        return Name(literal=speaker.strip())
    return Name(family=words[-1], given=" ".join(words[:-1]))


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
