"""Citations in APA 7th and Chicago (18th and 17th editions) styles.

``cite()`` formats one source; :class:`Formatter` formats many in one style and sorts a
bibliography the way the style sorts; :func:`quotation_citation` builds a ready-to-paste
quotation with its in-text citation or note. Every style here is held, character for
character, to citeproc-js running the official CSL files (see ``tests/cite``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import regex

from quotebank.citation.bibtex import to_bibtex
from quotebank.citation.common import Cite
from quotebank.citation.csl import CSL_TYPES, Item, item_from
from quotebank.citation.formatter import MODES, Mode, format_item
from quotebank.citation.names import initials
from quotebank.citation.quoting import secondary_prefix, speaker_name
from quotebank.citation.registry import StyleSpec, get_style, register_style, style_names
from quotebank.citation.rich import OutputFormat, quoted, render
from quotebank.models import Name, Source

__all__ = [
    "CSL_TYPES",
    "MODES",
    "Formatter",
    "Mode",
    "OutputFormat",
    "StyleSpec",
    "cite",
    "get_style",
    "quotation_citation",
    "register_style",
    "secondary_prefix",
    "speaker_name",
    "style_names",
    "to_bibtex",
]

SourceLike = Source | Mapping[str, Any]


class Formatter:
    """Formats sources in one citation style.

    Args:
        style: A style name (``apa``, ``chicago-notes-bibliography``, ``chicago-author-date``,
            the ``-17th-edition`` variants) or an alias (``chicago-notes``, ``chicago-ad``).
        fmt: ``text``, ``html`` (citeproc-js's markup) or ``markdown``.

    Raises:
        InputError: when the style or format is unknown.
    """

    def __init__(self, style: str = "apa", fmt: OutputFormat = "text") -> None:
        self.style = get_style(style)
        if fmt not in ("text", "html", "markdown"):
            from quotebank.errors import InputError

            raise InputError(f"unknown output format {fmt!r}; use text, html or markdown")
        self.fmt: OutputFormat = fmt

    def format(
        self,
        source: SourceLike,
        mode: str = "bibliography",
        *,
        locator: str | None = None,
        label: str = "page",
        prefix: str | None = None,
        quoted_speaker: Name | Mapping[str, Any] | str | None = None,
    ) -> str | None:
        """One source in ``mode`` (``bibliography``, ``citation``, ``note``, ``short-note``).

        ``quoted_speaker`` makes a secondary citation (``Khomeini, as cited in …``).
        Returns ``None`` when the style gives the source no entry in that mode (APA lists
        no personal communications; Chicago notes-bibliography leaves out social-media
        posts and unpublished documents).

        Raises:
            MetadataError: naming the field when the source is not a valid CSL-JSON item.
        """
        if quoted_speaker is not None:
            prefix = secondary_prefix(quoted_speaker, self.style) + (prefix or "")
        cite_ = Cite(locator or "", label or "page", prefix or "")
        return format_item(source, self.style, mode, cite=cite_, fmt=self.fmt)

    def bibliography(self, sources: Iterable[SourceLike]) -> list[str]:
        """The entries of ``sources`` sorted as the style sorts (author, then title, then date)."""
        entries: list[tuple[tuple[str, str], str]] = []
        for source in sources:
            item = item_from(source)
            text = format_item(item, self.style, "bibliography", fmt="text")
            if text is None:
                continue
            shown = format_item(item, self.style, "bibliography", fmt=self.fmt) or ""
            entries.append((_sort_key(text, item, self.style), shown))
        return [shown for _, shown in sorted(entries, key=lambda pair: pair[0])]


def _bare(text: str) -> str:
    text = regex.sub(r"[\[\]“”‘’\"'()]", "", text)
    stripped: str = regex.sub(r"^(the|a|an) ", "", text.strip(), flags=regex.I)
    return stripped.casefold()


def _sort_key(text: str, item: Item, style: StyleSpec) -> tuple[Any, ...]:
    """Author (family, given), then date and title (notes-bibliography: title, then date)."""
    people = item.people("author") or item.people("editor")
    if item.type in ("bill", "hearing", "legal_case", "legislation", "regulation", "treaty"):
        people = []  # legal items are cited and sorted by title
    if people and any(p.family or p.literal for p in people):
        if style.family == "apa":
            names = [
                (p.literal or f"{p.family_with_particle()} {initials(p.given)}").casefold() for p in people
            ]
        else:
            names = [(p.literal or f"{p.family} {p.given}".strip()).casefold() for p in people]
        lead = " ".join(names)
    elif (
        style.family == "chicago"
        and not people
        and item.type in ("article-newspaper", "article-magazine", "webpage", "post-weblog")
        and item.get("container-title")
        and item.get("title")
    ):
        lead = item.get("container-title").casefold()  # the container stands in for the author
    else:
        lead = _bare(text)
    issued = item.dates.get("issued")
    date = tuple(issued.date_parts[0]) if issued is not None and issued.date_parts else (9999,)
    if style.family == "chicago":
        date = date[:1]  # Chicago sorts by year, then title
    title = _bare(item.get("title"))
    rest = (title, date) if style.notes else (date, title)
    return (lead, *rest, item.id)


def cite(
    source: SourceLike,
    style: str = "apa",
    mode: str = "bibliography",
    *,
    locator: str | None = None,
    label: str = "page",
    prefix: str | None = None,
    quoted_speaker: Name | Mapping[str, Any] | str | None = None,
    fmt: OutputFormat = "text",
) -> str | None:
    """Format one source (a :class:`Source` or a CSL-JSON item) in a citation style.

    >>> cite({"id": "b", "type": "book", "title": "A history of modern Iran",
    ...       "author": [{"family": "Abrahamian", "given": "Ervand"}],
    ...       "publisher": "Cambridge University Press", "issued": {"date-parts": [[2008]]}})
    'Abrahamian, E. (2008). A history of modern Iran. Cambridge University Press.'

    See :meth:`Formatter.format` for the arguments, and what is raised when.
    """
    return Formatter(style, fmt).format(
        source, mode, locator=locator, label=label, prefix=prefix, quoted_speaker=quoted_speaker
    )


def quotation_citation(
    text: str,
    source: SourceLike,
    *,
    speaker: Name | Mapping[str, Any] | str | None = None,
    style: str = "apa",
    locator: str | None = None,
    label: str = "page",
    fmt: OutputFormat = "text",
) -> dict[str, str | None]:
    """A ready-to-paste quotation: the wording in the style's marks, who said it, the citation.

    When the speaker is not among the source's authors the citation is secondary (APA
    ``as cited in``, Chicago ``quoted in``). In-text styles put the citation after the
    quotation; notes-bibliography styles give a note (and its short form) to attach.

    Returns a dict with ``quotation``, ``speaker``, ``citation``, ``note``, ``short_note``
    and ``text`` (the whole thing to paste).
    """
    formatter = Formatter(style, fmt)
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
    bare = text.strip().rstrip(" .,;:")
    wording = render(quoted(bare), fmt)
    if formatter.style.notes:
        closed = render(quoted(bare + ("" if bare.endswith(("?", "!")) else ".")), fmt)
        note = formatter.format(item.csl, "note", locator=locator, label=label, quoted_speaker=secondary)
        short = formatter.format(
            item.csl, "short-note", locator=locator, label=label, quoted_speaker=secondary
        )
        lead = f"{who} said, {closed}" if who else closed
        return {
            "quotation": wording,
            "speaker": who or None,
            "citation": None,
            "note": note,
            "short_note": short,
            "text": f"{lead}\u00b9\n\n1. {note}",
        }
    citation = formatter.format(item.csl, "citation", locator=locator, label=label, quoted_speaker=secondary)
    lead = f"{who} said, {wording}" if who else wording
    return {
        "quotation": wording,
        "speaker": who or None,
        "citation": citation,
        "note": None,
        "short_note": None,
        "text": f"{lead} {citation}.",
    }
