"""The registry of citation styles: names, aliases, and any CSL style by name or path."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from quotebank.errors import InputError

__all__ = ["StyleSpec", "get_style", "register_style", "style_names"]


@dataclass(frozen=True)
class StyleSpec:
    """A style: its CSL name, family, edition, whether it uses notes, and its title.

    ``path`` is the ``.csl`` file when the style was given by path (empty for styles found
    by name).
    """

    name: str
    family: str
    edition: int
    notes: bool
    title: str
    path: str = ""


_STYLES: dict[str, StyleSpec] = {}
_ALIASES: dict[str, str] = {}


def register_style(spec: StyleSpec, *aliases: str) -> None:
    """Add a style (and short aliases for it) to the registry.

    Aliases are matched as :func:`get_style` matches names: without case, spaces
    around them or a ``.csl`` ending.

    Raises:
        InputError: when an alias is blank.
    """
    keys = [alias.strip().lower().removesuffix(".csl") for alias in aliases]
    if not all(keys):
        raise InputError("a style alias cannot be blank")
    _STYLES[spec.name] = spec
    for key in keys:
        _ALIASES[key] = spec.name


def style_names() -> list[str]:
    """The registered style names (CSL file names), sorted. Any other CSL style works by name too."""
    return sorted(_STYLES)


def _family(name: str) -> str:
    for family in ("apa", "chicago", "mla"):
        if name == family or name.startswith(family + "-"):
            return family
    return "csl"


def get_style(name: str) -> StyleSpec:
    """The style registered under ``name`` or an alias, or any CSL style by name or ``.csl`` path.

    :raises InputError: when no style goes by that name.
    """
    key = name.strip().lower().removesuffix(".csl")
    key = _ALIASES.get(key, key)
    if key in _STYLES:
        return _STYLES[key]
    from quotebank.citation._csl.styles import find_style, load_style

    try:
        path = find_style(name)
    except InputError as exc:
        known = ", ".join(style_names())
        raise InputError(
            f"{exc}; known styles: {known}, and every style of the official repository"
        ) from None
    style = load_style(path)
    stem = path.stem
    m = re.search(r"(\d+)(?:st|nd|rd|th)-edition", stem)
    by_path = Path(name.strip()).expanduser().is_file()
    return StyleSpec(
        stem,
        _family(stem),
        int(m.group(1)) if m else 0,
        style.is_note,
        style.title or stem,
        str(path) if by_path else "",
    )


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
