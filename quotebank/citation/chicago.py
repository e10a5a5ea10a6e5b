"""Chicago Manual of Style, 18th and 17th editions: notes-bibliography and author-date.

One module serves the four Chicago styles. Every entry is assembled from the same
pieces (names, title, description, container, publication facts, date, access); the
layouts differ in order and punctuation, and :class:`Edition` holds what changed
between the 17th and 18th editions. The rules are those of the official CSL files as
citeproc-js applies them.
"""

from __future__ import annotations

from dataclasses import dataclass

from quotebank.citation.casing import capitalize_first, mark_quotes, title_case
from quotebank.citation.common import Cite, chicago_range, ordinal, plural
from quotebank.citation.csl import Item
from quotebank.citation.dates import long_date, month_day, parts, year_text
from quotebank.citation.names import Person
from quotebank.citation.registry import StyleSpec
from quotebank.citation.rich import affix, close, italic, join, quoted

__all__ = ["bibliography", "citation", "note", "short_note"]

#: A piece of an entry: text, or (role, text) for the parts a layout places itself
#: ("PUB" publication facts, "JOURNAL" volume/issue/pages, "DATE" container and date).
Piece = str | tuple[str, str]


@dataclass(frozen=True)
class Edition:
    """What differs between the 17th and 18th editions (CMOS 18 changed these)."""

    bib_et_al: tuple[int, int]  # (list this many or more … , show the first n)
    note_et_al_min: int  # notes and short forms: et al. from this many names
    place: bool  # "Place: Publisher" in publication facts
    chapter_pages_in_bib: bool
    journal_month: bool  # "(May 2009)" rather than "(2009)" after volume and issue
    posts_in_bib: bool
    unpublished_in_bib: bool  # speeches, documents … without a way to find them
    repeat_year_ad: bool  # author-date: repeat the year in the full date
    short_title_only_if_needed: bool  # short notes name the title only to tell works apart


EDITIONS = {
    18: Edition((7, 3), 3, False, False, False, False, False, False, False),
    17: Edition((11, 7), 4, True, True, True, True, True, True, True),
}

QUOTED = frozenset(
    "article article-journal article-magazine article-newspaper chapter webpage post-weblog post "
    "interview speech document personal_communication paper-conference entry entry-dictionary "
    "entry-encyclopedia thesis manuscript broadcast".split()
)
PERIODICAL = frozenset("article-journal article-magazine article-newspaper".split())
DATED_CONTAINER = frozenset("article-magazine article-newspaper webpage post-weblog post interview".split())
AD17_REPEATS_YEAR = frozenset("article-newspaper article-magazine post-weblog interview".split())
CONTAINER_AS_AUTHOR = frozenset("article-newspaper article-magazine webpage post-weblog".split())
LEGAL = frozenset("bill hearing legal_case legislation regulation treaty".split())
LOCATOR_TERMS = {
    "page": "",
    "paragraph": "para.",
    "section": "sec.",
    "chapter": "chap.",
    "volume": "vol.",
    "line": "line",
    "note": "n.",
    "figure": "fig.",
    "number": "no.",
    "part": "pt.",
    "column": "col.",
    "verse": "v.",
    "book": "bk.",
    "folio": "fol.",
}
LOCATOR_PLURALS = {
    "paragraph": "paras.",
    "section": "secs.",
    "chapter": "chaps.",
    "volume": "vols.",
    "line": "lines",
    "note": "nn.",
    "figure": "figs.",
    "number": "nos.",
    "part": "pts.",
    "column": "cols.",
    "verse": "vv.",
    "book": "bks.",
    "folio": "fols.",
}


# --- names -----------------------------------------------------------------------------------------


def _and(names: list[str], serial: bool) -> str:
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]}{',' if serial else ''} and {names[1]}"
    return ", ".join(names[:-1]) + f", and {names[-1]}"


def _bib_names(people: list[Person], ed: Edition) -> str:
    at_least, first = ed.bib_et_al
    shown = people[:first] if len(people) >= at_least else people
    names = [p.inverted(demote=True) if i == 0 else p.display() for i, p in enumerate(shown)]
    if len(people) >= at_least:
        return ", ".join(names) + ", et al."
    serial = not people[0].is_literal and bool(people[0].family)
    return _and(names, serial)


def _note_names(people: list[Person], ed: Edition) -> str:
    if len(people) >= ed.note_et_al_min:
        return f"{people[0].display()} et al."
    return _and([p.display() for p in people], False)


def _short_names(people: list[Person], ed: Edition) -> str:
    shorts = [p.short() for p in people if p.family or p.literal]
    if not shorts:
        return ""
    if len(shorts) >= ed.note_et_al_min:
        return f"{shorts[0]} et al."
    return _and(shorts, False)


def _editor_label(editors: list[Person]) -> str:
    return "eds." if len(editors) > 1 else "ed."


# --- pieces ----------------------------------------------------------------------------------------


def _title_text(item: Item, *, short: bool = False) -> str:
    title = item.get("title-short") if short and item.get("title-short") else item.get("title")
    if not title:
        return ""
    if item.type == "post":
        return mark_quotes(title)
    return mark_quotes(title_case(title))


def _title(item: Item, *, short: bool = False) -> str:
    text = _title_text(item, short=short)
    if not text:
        return ""
    if item.type in QUOTED:
        return quoted(text)
    if item.type in LEGAL:
        return text
    return italic(text)


def _container(item: Item) -> str:
    container = item.get("container-title")
    if not container:
        return ""
    text = mark_quotes(title_case(container))
    if item.type in ("webpage", "post"):
        return text
    return italic(text)


def _genre(item: Item, *, bib: bool) -> str:
    genre = item.get("genre")
    if not genre:
        return ""
    return capitalize_first(genre) if bib else genre


def _date_full(item: Item) -> str:
    date = item.dates.get("issued")
    if date is None:
        return item.get("status") or ""
    if date.literal and not date.date_parts:
        return date.literal
    text = long_date(date, year_first=False)
    return f"[{text}?]" if date.circa else text


def _no_date(item: Item) -> str:
    return "" if "issued" in item.dates or item.get("status") else "n.d."


def _publication(item: Item, ed: Edition, *, with_date: bool = True) -> str:
    publisher = item.get("publisher")
    if ed.place and publisher and item.get("publisher-place"):
        publisher = f"{item.get('publisher-place')}: {publisher}"
    date = year_text(item.dates.get("issued")) or item.get("status") or "n.d." if with_date else ""
    return join([publisher, date], ", ")


def _access(item: Item) -> str:
    doi = item.get("DOI")
    link = (doi if doi.startswith("http") else f"https://doi.org/{doi}") if doi else item.get("URL")
    return link


def _accessed(item: Item, *, bib: bool) -> str:
    if item.type != "webpage" or "issued" in item.dates:
        return ""
    accessed = item.dates.get("accessed")
    if accessed is None:
        return ""
    return f"{'Accessed' if bib else 'accessed'} {long_date(accessed, year_first=False)}"


def _series(item: Item, *, bib: bool) -> str:
    number = item.get("number")
    genre = item.get("genre")
    pieces = []
    if number:
        if genre:
            pieces.append(f"{title_case(genre) if bib else genre} {number}")
        else:
            pieces.append(f"{'No.' if bib else 'no.'} {number}")
    series = item.get("collection-title")
    if series:
        pieces.append(join([series, item.get("collection-number")], " "))
    return join(pieces, ". " if bib else ", ")


def _journal(item: Item, ed: Edition, *, ad: bool, locator: str = "") -> str:
    """``Middle East Journal 72, no. 3 (2018): 395–414`` (author-date: ``72 (3): 395–414``)."""
    container = _container(item)
    volume, issue = item.get("volume"), item.get("issue")
    page = locator or (chicago_range(item.get("page")) if item.get("page") else "")
    if item.get("number"):
        page = join([locator, item.get("number")], ", ")
    date = item.dates.get("issued")
    first, _ = parts(date)
    if ad:
        head = join([container, volume], " ")
        if issue:
            head = join([head, f"({issue})"], " ") if volume else join([head, f"no. {issue}"], ", ")
            if not volume and first and len(first) > 1:
                head = join(
                    [
                        head,
                        f"({long_date(date, year_first=False) if ed.repeat_year_ad else month_day(first)})",
                    ],
                    " ",
                )
        elif ed.repeat_year_ad and volume and first:
            head = join([head, f"({first[0]})"], " ")
        if not volume and not issue and item.get("status") and "issued" in item.dates:
            return join([head, item.get("status")], ", ")
        return join([head, page], ": ") if page else head
    if not first:
        status = item.get("status")
        head = join([container, volume], " ")
        if issue:
            head = join([head, f"no. {issue}"], ", ")
        return join([head, status, locator], ", ")
    when = str(first[0])
    if (ed.journal_month or not volume) and len(first) > 1:
        when = long_date(date, year_first=False) if len(first) == 2 else f"{month_day(first[:2])} {first[0]}"
    head = join([container, volume], " ")
    if issue:
        head = join([head, f"no. {issue}"], ", ")
    head = join([head, f"({when})"], " ")
    return join([head, page], ": ") if page else head


def _description(item: Item, *, bib: bool) -> str:
    kind = item.type
    if kind == "interview":
        interviewers = item.people("interviewer")
        if interviewers:
            return (
                f"{'Interview' if bib else 'interview'} by {_and([p.display() for p in interviewers], False)}"
            )
        return ""
    if kind == "article-newspaper" and item.get("section") and not item.get("genre"):
        return item.get("section")
    if kind == "article" and not item.get("genre"):
        return ""
    if kind == "personal_communication":
        recipients = item.people("recipient")
        names = _and([p.display() for p in recipients], False)
        return f"{'To' if bib else 'to'} {names}" if recipients else ""
    if kind in ("report",):
        return ""
    return _genre(item, bib=bib)


def _book_extras(item: Item, *, bib: bool) -> list[str]:
    out: list[str] = []
    translators = item.people("translator")
    if translators:
        names = _and([p.display() for p in translators], False)
        out.append(f"Translated by {names}" if bib else f"trans. {names}")
    edition = item.get("edition")
    if edition and item.type not in PERIODICAL:
        out.append(f"{ordinal(edition)} ed.")
    volume = item.get("volume")
    if volume and item.type in ("book", "report"):
        out.append(f"{'Vol.' if bib else 'vol.'} {volume}")
    return out


def _newspaper_edition(item: Item) -> str:
    edition = item.get("edition")
    if item.type in PERIODICAL and edition:
        return title_case(f"{edition} edition")
    return ""


# --- layouts ---------------------------------------------------------------------------------------


def _in_bibliography(item: Item, ed: Edition, *, notes: bool) -> bool:
    """Whether the style lists the item (CMOS leaves out what readers cannot retrieve)."""
    kind = item.type
    if kind == "post" and notes and not ed.posts_in_bib:
        return False
    if any(
        item.get(v)
        for v in ("archive", "archive-place", "container-title", "DOI", "number", "publisher", "URL")
    ):
        return True
    if kind in ("interview", "personal_communication"):
        return False
    if notes and kind in ("document", "manuscript"):
        return False
    if notes and kind in ("paper-conference", "speech"):
        return ed.unpublished_in_bib
    return True


def _legal(item: Item) -> str:
    return join([title_case(item.get("title")), affix("(", year_text(item.dates.get("issued")), ")")], " ")


def _author_and_title_bib(item: Item, ed: Edition) -> tuple[str, str, bool]:
    """(lead, title, container_used_as_author)."""
    authors = item.people("author")
    editors = item.people("editor") if item.type != "chapter" else []
    title = _title(item)
    if authors:
        return _bib_names(authors, ed), title, False
    if editors:
        return f"{_bib_names(editors, ed)}, {_editor_label(editors)}", title, False
    if item.type in CONTAINER_AS_AUTHOR and item.get("container-title") and title:
        return _container(item), title, True
    return "", title, False


def _body(
    item: Item, ed: Edition, *, bib: bool, ad: bool, container_as_author: bool, locator: str = ""
) -> list[Piece]:
    """The pieces after author and title, for bibliography (``bib``) or note."""
    kind = item.type
    pieces: list[Piece] = []
    description = _description(item, bib=bib)
    if kind == "chapter":
        editors = item.people("editor")
        book = italic(mark_quotes(title_case(item.get("container-title"))))
        inside = f"{'In' if bib else 'in'} {book}" if book else ""
        if editors:
            names = _and([p.display() for p in editors], False)
            inside = join([inside, f"{'edited by' if bib else 'ed.'} {names}"], ", ")
        if bib and ed.chapter_pages_in_bib and item.get("page"):
            inside = join([inside, chicago_range(item.get("page"))], ", ")
        pieces.append(inside)
        pieces.extend(_book_extras(item, bib=bib))
        pieces.append(("PUB", _publication(item, ed, with_date=not ad)))
        if not bib and ed.chapter_pages_in_bib and item.get("page") and not locator:
            pieces.append(chicago_range(item.get("page")))
    elif kind in ("book", "report"):
        pieces.extend(_book_extras(item, bib=bib))
        series = _series(item, bib=bib) if kind == "report" else ""
        if series:
            pieces.append(series)
        pieces.append(("PUB", _publication(item, ed, with_date=not ad)))
    elif kind == "article-journal":
        if description:
            pieces.append(description)
        pieces.append(("JOURNAL", _journal(item, ed, ad=ad, locator=locator)))
    else:
        if description:
            pieces.append(description)
        if kind == "article" and not item.get("genre"):
            pieces.append(
                ("DATE", join(["Preprint" if bib else "preprint", _date_full(item) if not ad else ""], ", "))
            )
            return pieces
        container = "" if container_as_author else _container(item)
        if kind == "article-newspaper" and item.get("publisher-place") and container:
            container = f"{container} ({item.get('publisher-place')})"
        if kind == "speech":
            event = item.get("event-title")
            container = join([event, item.get("event-place")], ", ") if event else ""
        date = _date_full(item) or (_no_date(item) if kind in DATED_CONTAINER and kind != "webpage" else "")
        if ad:
            if ed.repeat_year_ad and kind in AD17_REPEATS_YEAR:
                date = _date_full(item)  # CMOS 17 repeats the year in the full date of periodicals
            elif ed.repeat_year_ad:
                date = _ad_remaining_date(item)
            else:
                date = _ad_remaining_date(item)
        pieces.append(("DATE", join([container, date], ", ")))
        if kind in ("interview",) and (item.get("page") or locator):
            page = locator or chicago_range(item.get("page"))
            pieces[-1] = ("DATE", join([pieces[-1][1], page], ", "))
        if item.get("archive"):
            pieces.append(join([item.get("archive"), item.get("archive-place")], ", "))
        edition = _newspaper_edition(item)
        if edition:
            pieces.append(edition)
    return pieces


def _ad_remaining_date(item: Item) -> str:
    date = item.dates.get("issued")
    first, end = parts(date)
    if not first:
        return ""
    if end is None:
        return month_day(first)
    if end[0] != first[0]:
        return ""
    if len(first) > 2 and len(end) > 2 and first[1] == end[1]:
        return f"{month_day(first)}\u2013{end[2]}"
    return f"{month_day(first)}\u2013{month_day(end)}" if len(first) > 1 else ""


def _flatten(pieces: list[Piece]) -> list[str]:
    out: list[str] = []
    for piece in pieces:
        if isinstance(piece, tuple):
            out.append(piece[1])
        else:
            out.append(piece)
    return out


def bibliography(item: Item, spec: StyleSpec) -> str | None:
    """The bibliography or reference-list entry (marked up), or ``None`` when left out."""
    ed = EDITIONS[spec.edition]
    if item.type in LEGAL:
        return close(_legal(item))
    if not _in_bibliography(item, ed, notes=spec.notes):
        return None
    lead, title, container_author = _author_and_title_bib(item, ed)
    ad = not spec.notes
    body = _flatten(_body(item, ed, bib=True, ad=ad, container_as_author=container_author))
    if not lead and not title:
        genre = capitalize_first(item.get("genre"))
        lead, body = genre, [p for p in body if p != genre]
    if ad:
        year = year_text(item.dates.get("issued"))
        issued = item.dates.get("issued")
        if issued is not None and issued.circa:
            year = f"[{year}?]"
        if issued is not None and issued.literal and not issued.date_parts:
            year = issued.literal
        if not year:
            year = capitalize_first(item.get("status")) if item.get("status") else "n.d."
        if not lead:
            lead, title = title, ""
        sentences = [lead, year, title, *body]
    else:
        sentences = [lead, title, *body]
        if (not body and not title and not item.dates.get("issued")) or (
            _no_date(item) and item.type not in ("webpage",) and not any("n.d." in b for b in body)
        ):
            sentences.append("n.d.")
    sentences.append(_accessed(item, bib=True))
    sentences.append(_access(item))
    return close(join(sentences, ". "))


def note(item: Item, spec: StyleSpec, cite: Cite) -> str:
    """The first, full note."""
    ed = EDITIONS[spec.edition]
    locator = _locator(cite, item)
    if item.type in LEGAL:
        text = join([_legal(item), locator], ", ")
        return close(cite.prefix + text if cite.prefix else text)
    authors = item.people("author")
    editors = item.people("editor") if item.type != "chapter" else []
    if authors:
        lead = _note_names(authors, ed)
    elif editors:
        lead = f"{_note_names(editors, ed)}, {_editor_label(editors)}"
    else:
        lead = ""
    title = _title(item)
    pieces = _body(item, ed, bib=False, ad=False, container_as_author=False, locator=locator)
    if item.type == "article-journal" or (item.type == "interview" and item.get("container-title")):
        locator = ""
    # (text, attach): publication facts in parentheses attach to what precedes them
    # with a space (``Title (Publisher, 2008)``); everything else follows a comma.
    flat: list[tuple[str, bool]] = []
    for piece in pieces:
        if isinstance(piece, tuple) and piece[0] == "PUB":
            if piece[1]:
                flat.append((affix("(", piece[1], ")"), True))
        else:
            flat.append((piece[1] if isinstance(piece, tuple) else piece, False))
    if not lead and not title:
        genre = item.get("genre")
        lead = capitalize_first(genre) if genre else ""
        flat = [(p, a) for p, a in flat if p != _genre(item, bib=False)]
    head = join([lead, title], " " if item.type == "personal_communication" else ", ")
    issued = item.dates.get("issued")
    if issued is not None and issued.circa and len(flat) == 1 and flat[0][0].startswith("["):
        flat = [(flat[0][0], True)]
    entry = head
    for text, attach in flat:
        entry = join([entry, text], " " if attach else ", ")
    if _no_date(item) and item.type not in ("webpage",) and "n.d." not in entry:
        entry = join([entry, "n.d."], ", ")
    entry = join([entry, locator, _accessed(item, bib=False), _access(item)], ", ")
    if cite.prefix:
        entry = cite.prefix + entry
    return close(entry)


def short_note(item: Item, spec: StyleSpec, cite: Cite) -> str:
    """A subsequent, shortened note: ``Savyon et al., Struggle``."""
    ed = EDITIONS[spec.edition]
    locator = _locator(cite, item)
    if item.type in LEGAL:
        text = join([title_case(item.get("title")), locator], ", ")
        return close(cite.prefix + text if cite.prefix else text)
    authors = item.people("author")
    editors = item.people("editor") if item.type != "chapter" else []
    who = _short_names(authors or editors, ed)
    if not who and not authors and item.type in CONTAINER_AS_AUTHOR and item.get("title"):
        who = _container(item)
    title = _title(item, short=True)
    volume = f"vol. {item.get('volume')}" if item.type == "book" and item.get("volume") else ""
    if item.type == "personal_communication" and item.people("recipient"):
        recipients = _short_names(item.people("recipient"), ed)
        who = f"{who} to {recipients}" if who else who
    if not title and item.type == "interview":
        title = "interview"
    if not who and not title:
        who = capitalize_first(item.get("genre"))
    if ed.short_title_only_if_needed and (authors or editors) and who:
        # With one work per author in the document, the author's name is enough (CMOS 17).
        title = ""
    entry = join([who, title, volume, locator], ", ")
    if cite.prefix:
        entry = cite.prefix + entry
    return close(entry)


def citation(item: Item, spec: StyleSpec, cite: Cite, *, subsequent: bool = False) -> str:
    """The author-date parenthetical: ``(Savyon et al. 2013, para. 40)``."""
    ed = EDITIONS[spec.edition]
    authors = item.people("author")
    recipients = item.people("recipient")
    if item.type == "personal_communication" and not _in_bibliography(item, ed, notes=False):
        # A letter nobody can look up is identified in the text itself (CMOS 15.53).
        if subsequent:
            who = join([_short_names(authors, ed), _short_names(recipients, ed)], " to ")
        else:
            who = join([_note_names(authors, ed), _note_names(recipients, ed)], " to ")
        body = join([who, _title(item), _locator(cite, item)], ", ")
        return f"({cite.prefix + body if cite.prefix else body})"
    if item.type in LEGAL:
        authors = []
    editors = item.people("editor") if item.type != "chapter" else []
    who = _short_names(authors or editors, ed)
    if item.type == "personal_communication" and recipients:
        who = join([who, _short_names(recipients, ed)], " to ")
    if not who and item.type in LEGAL:
        who = title_case(item.get("title"))
    elif (
        not who
        and not authors
        and item.type in CONTAINER_AS_AUTHOR
        and item.get("container-title")
        and item.get("title")
    ):
        who = _container(item)
    elif not who and not authors:
        who = _title(item, short=True) or capitalize_first(item.get("genre"))
    issued = item.dates.get("issued")
    year = year_text(issued)
    if issued is not None and issued.circa:
        year = f"[{year}?]"
    if issued is not None and issued.literal and not issued.date_parts:
        year = issued.literal
    date_sep = " "
    if not year:
        year = item.get("status") or "n.d."
        date_sep = ", "
    body = join([who, year], date_sep)
    body = join([body, _locator(cite, item)], ", ")
    if cite.prefix:
        body = cite.prefix + body
    return f"({body})"


def _locator(cite: Cite, item: Item | None = None) -> str:
    if not cite.locator:
        return ""
    label = cite.label or "page"
    if item is not None and item.type in LEGAL and label == "paragraph":
        return f"¶ {cite.locator}"
    value = chicago_range(cite.locator) if label == "page" else cite.locator
    term = (
        LOCATOR_PLURALS.get(label, "")
        if plural(cite.locator) and label != "page"
        else LOCATOR_TERMS.get(label, label)
    )
    return f"{term} {value}" if term else value
