"""Secondary citations ("X, as cited in Y") and ready-to-paste quotations."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from quotebank.models import Name

__all__ = ["secondary_prefix"]


def _name(speaker: Name | Mapping[str, Any] | str) -> Name:
    if isinstance(speaker, Name):
        return speaker
    if isinstance(speaker, str):
        return Name(literal=speaker)
    return Name.model_validate(speaker)


def secondary_prefix(speaker: Name | Mapping[str, Any] | str, style: str) -> str:
    """The words that put the person quoted before the source consulted.

    APA: ``Khomeini, as cited in``; Chicago notes: ``Ruhollah Khomeini, quoted in`` (the
    full name, as a note names a person the first time); Chicago author-date:
    ``Khomeini, quoted in``. The prefix ends with a space, ready to stand before the
    citation of the source.
    """
    from quotebank.cite.registry import get_style

    name = _name(speaker)
    family = name.literal or " ".join(p for p in (name.non_dropping_particle, name.family) if p) or name.given or ""
    spec = get_style(style)
    if spec.family == "apa":
        return f"{family}, as cited in "
    if spec.notes:
        return f"{name.display()}, quoted in "
    return f"{family}, quoted in "
