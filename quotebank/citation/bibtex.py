"""BibTeX export of CSL-JSON items (what reference managers import)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import regex

from quotebank.citation._items import Item, item_from
from quotebank.citation._names import Person
from quotebank.models import Source

__all__ = ["to_bibtex"]

ENTRY_TYPES = {
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "book": "book",
    "chapter": "incollection",
    "report": "techreport",
    "thesis": "phdthesis",
    "paper-conference": "inproceedings",
}
_SPECIAL = regex.compile(r"([&%$#_{}])")


def _escape(value: str) -> str:
    value = value.replace("\\", "\\textbackslash{}")
    value = _SPECIAL.sub(r"\\\1", value)
    return value.replace("~", "\\textasciitilde{}").replace("^", "\\textasciicircum{}")


def _name(person: Person) -> str:
    if person.is_literal:
        return "{" + _escape(person.literal) + "}"
    family = _escape(person.family_with_particle())
    given = _escape(" ".join(p for p in (person.given, person.dropping) if p))
    parts = [family]
    if person.suffix:
        parts.append(_escape(person.suffix))
    if given:
        parts.append(given)
    return ", ".join(parts) if given or person.suffix else family


_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


def _key(item: Item, used: set[str]) -> str:
    """The CSL id when it is a key; for an id that is a file path or URL (or none), the
    usual author-year-word key (``savyon2013struggle``)."""
    if regex.search(r"[/\\]|^\w+:", item.id) or not regex.search(r"[A-Za-z0-9]", item.id):
        people = item.people("author") or item.people("editor")
        who = (people[0].family or people[0].literal or people[0].given) if people else ""
        issued = item.dates.get("issued")
        year = str(issued.date_parts[0][0]) if issued is not None and issued.date_parts else ""
        words = [w for w in regex.findall(r"\p{L}+", item.get("title")) if len(w) > 3]
        base = regex.sub(r"[^A-Za-z0-9]+", "", f"{who}{year}{words[0] if words else ''}".lower())
    else:
        base = regex.sub(r"[^A-Za-z0-9_:-]+", "", item.id)
    base = base or "item"
    key, n = base, 1
    while key in used:
        n += 1
        key = f"{base}-{n}"
    used.add(key)
    return key


def _fields(item: Item) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for role, field in (("author", "author"), ("editor", "editor"), ("translator", "translator")):
        people = item.people(role)
        if people:
            out.append((field, " and ".join(_name(p) for p in people)))
    title = item.get("title")
    if title:
        out.append(("title", "{" + _escape(title) + "}"))
    container = item.get("container-title")
    if container:
        field = "booktitle" if item.type in ("chapter", "paper-conference") else "journal"
        if item.type not in ENTRY_TYPES:
            field = "howpublished"
        out.append((field, _escape(container)))
    issued = item.dates.get("issued")
    if issued is not None and issued.date_parts:
        first = issued.date_parts[0]
        out.append(("year", str(first[0])))
        if len(first) > 1:
            out.append(("month", _MONTHS[first[1] - 1]))  # BibTeX's month macros, unbraced
        if len(first) > 2:
            out.append(("day", str(first[2])))
    elif issued is not None and issued.literal:
        out.append(("year", _escape(issued.literal)))
    simple = (
        ("volume", "volume"),
        ("issue", "number"),
        ("page", "pages"),
        ("publisher", "publisher"),
        ("publisher-place", "address"),
        ("edition", "edition"),
        ("DOI", "doi"),
        ("URL", "url"),
        ("collection-title", "series"),
        ("genre", "type"),
        ("note", "note"),
    )
    for csl, bib in simple:
        value = item.get(csl)
        if not value:
            continue
        if csl == "publisher" and item.type == "report":
            bib = "institution"  # what @techreport wants
        elif csl == "publisher" and item.type == "thesis":
            bib = "school"
        if csl == "page":
            value = regex.sub(r"\s*[-\u2013]\s*", "--", value)
        if csl in ("URL", "DOI"):
            out.append((bib, value))
        else:
            out.append((bib, _escape(value)))
    if item.type == "report" and item.get("number"):
        out.append(("number", _escape(item.get("number"))))
    elif item.get("collection-number"):
        out.append(("number", _escape(item.get("collection-number"))))
    accessed = item.dates.get("accessed")
    if accessed is not None and accessed.as_text():
        out.append(("urldate", accessed.as_text() or ""))
    return out


def to_bibtex(sources: Iterable[Source | Mapping[str, Any]]) -> str:
    """BibTeX entries for the sources, one ``@type{key, …}`` block each.

    CSL types without a BibTeX counterpart become ``@misc``; keys come from the CSL ids.

    Raises:
        MetadataError: when a source is not a valid CSL-JSON item.
    """
    used: set[str] = set()
    blocks = []
    for source in sources:
        item = item_from(source)
        kind = ENTRY_TYPES.get(item.type, "misc")
        key = _key(item, used)
        pairs = _fields(item)
        if not pairs:  # BibTeX ignores text outside entries: say why nothing is there
            blocks.append(f"% {key}: no metadata to export (type {item.type} only)\n")
            continue
        fields = ",\n".join(
            f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}" for name, value in pairs
        )
        blocks.append(f"@{kind}{{{key},\n{fields}\n}}\n")
    return "\n".join(blocks)
