"""The registry of citation styles: names, aliases and the formatter behind each."""

from __future__ import annotations

from dataclasses import dataclass

from quotebank.errors import InputError

__all__ = ["StyleSpec", "get_style", "style_names"]


@dataclass(frozen=True)
class StyleSpec:
    """A registered style: its CSL name, family, edition and whether it uses notes."""

    name: str
    family: str
    edition: int
    notes: bool
    title: str


_STYLES: dict[str, StyleSpec] = {}
_ALIASES: dict[str, str] = {}


def register_style(spec: StyleSpec, *aliases: str) -> None:
    """Add a style (and short aliases for it) to the registry."""
    _STYLES[spec.name] = spec
    for alias in aliases:
        _ALIASES[alias] = spec.name


def style_names() -> list[str]:
    """The registered style names (CSL file names), sorted."""
    return sorted(_STYLES)


def get_style(name: str) -> StyleSpec:
    """The style registered under ``name`` or one of its aliases.

    :raises InputError: when no style goes by that name.
    """
    key = name.strip().lower().removesuffix(".csl")
    key = _ALIASES.get(key, key)
    try:
        return _STYLES[key]
    except KeyError:
        known = ", ".join(style_names())
        raise InputError(f"unknown citation style {name!r}; known styles: {known}") from None


register_style(StyleSpec("apa", "apa", 7, False, "APA 7th edition"), "apa7", "apa-7th-edition")
register_style(
    StyleSpec(
        "chicago-notes-bibliography", "chicago", 18, True, "Chicago 18th edition, notes and bibliography"
    ),
    "chicago-notes",
    "chicago-nb",
    "chicago",
)
register_style(
    StyleSpec("chicago-author-date", "chicago", 18, False, "Chicago 18th edition, author-date"),
    "chicago-ad",
)
register_style(
    StyleSpec(
        "chicago-notes-bibliography-17th-edition",
        "chicago",
        17,
        True,
        "Chicago 17th edition, notes and bibliography",
    ),
    "chicago-notes-17th-edition",
    "chicago-nb-17",
)
register_style(
    StyleSpec("chicago-author-date-17th-edition", "chicago", 17, False, "Chicago 17th edition, author-date"),
    "chicago-ad-17th-edition",
    "chicago-ad-17",
)
