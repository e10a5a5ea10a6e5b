"""APA 7th edition: reference entries and in-text citations.

The rules are those of the official ``apa.csl`` as citeproc-js applies them; the tables
below hold what varies by item type.
"""

from __future__ import annotations

from quotebank.citation.casing import capitalize_first, mark_quotes, title_case
from quotebank.citation.common import Cite, expand_range, ordinal, plural
from quotebank.citation.csl import Item
from quotebank.citation.dates import long_date, year_text
from quotebank.citation.names import Person, initials
from quotebank.citation.rich import affix, italic, join, quoted

__all__ = ["bibliography", "citation"]

#: Types whose reference gives the full date (year, month, day) rather than the year.
FULL_DATE = frozenset(
    "article-magazine article-newspaper broadcast collection document event motion_picture pamphlet "
    "performance personal_communication post post-weblog song speech webpage".split()
)
#: Types whose title stands alone, in italics (the rest are parts of a container).
STANDALONE = frozenset(
    "article book report webpage post speech document personal_communication thesis dataset "
    "software map graphic motion_picture".split()
)
#: In-text citations italicise the title of these types when there is no author.
INTEXT_ITALIC = frozenset("article book webpage document thesis dataset software".split())
#: Types whose place in a larger work comes from ``container-title`` as a periodical.
PERIODICAL = frozenset("article-journal article-magazine article-newspaper".split())
#: Types that never get a reference entry (cited in the text only).
NO_ENTRY = frozenset({"personal_communication"})
LEGAL = frozenset({"regulation", "legislation", "bill", "legal_case", "treaty"})
LOCATOR_LABELS = {
    "page": ("p.", "pp."),
    "paragraph": ("para.", "paras."),
    "section": ("Section", "Sections"),
    "chapter": ("Chapter", "Chapters"),
    "volume": ("Vol.", "Vols."),
    "line": ("line", "lines"),
    "figure": ("Figure", "Figures"),
    "note": ("note", "notes"),
    "verse": ("verse", "verses"),
    "book": ("book", "books"),
    "column": ("col.", "cols."),
    "folio": ("fol.", "fols."),
    "number": ("No.", "Nos."),
    "part": ("Part", "Parts"),
}


# --- names -----------------------------------------------------------------------------------------


def _reference_name(person: Person) -> str:
    if person.is_literal:
        return person.literal
    given = initials(person.given) if person.given else ""
    if not person.family:
        return person.given
    return person.inverted(given, demote=False)


def _reference_names(people: list[Person]) -> str:
    names = [_reference_name(p) for p in people]
    if len(names) == 1:
        return names[0]
    if len(names) >= 21:
        return ", ".join(names[:19]) + ", … " + names[-1]
    head = ", ".join(names[:-1])
    comma = "," if not people[-2].is_literal else ""
    return f"{head}{comma} & {names[-1]}"


def _short_names(people: list[Person]) -> str:
    shorts = [p.family_with_particle() if (p.family or p.literal) else "" for p in people]
    shorts = [s for s in shorts if s]
    if not shorts:
        return ""
    if len(shorts) >= 3:
        return f"{shorts[0]} et al."
    return " & ".join(shorts)


def _initials_name(person: Person) -> str:
    if person.is_literal:
        return person.literal
    given = initials(person.given) if person.given else ""
    return person.display(given)


# --- pieces ----------------------------------------------------------------------------------------


def _title(item: Item) -> str:
    return mark_quotes(item.get("title"))


def _styled_title(item: Item) -> str:
    title = _title(item)
    return italic(title) if item.type in STANDALONE else title


def _date(item: Item) -> str:
    if item.get("status") and "issued" not in item.dates:
        return item.get("status")
    date = item.dates.get("issued")
    if date is None:
        return "n.d."
    if date.literal and not date.date_parts:
        return date.literal
    full = item.type in FULL_DATE or (
        item.type in ("interview", "paper-conference")
        and not any(item.get(v) for v in ("issue", "page", "volume", "supplement-number"))
        and not item.people("editor")
    )
    text = long_date(date, year_first=True) if full else year_text(date)
    return f"ca. {text}" if date.circa else text


def _description(item: Item) -> str:
    """The bracketed description after the title ([Op-ed], [Online post] …)."""
    kind = item.type
    genre = item.get("genre")
    if kind == "post":
        return "[Online post]"
    if kind == "interview":
        interviewers = item.people("interviewer")
        if interviewers and not item.get("title"):
            names = " & ".join(_initials_name(p) for p in interviewers)
            return f"[Interview by {names}]"
        if interviewers:
            names = " & ".join(_initials_name(p) for p in interviewers)
            return f"({names}, Interviewer{'s' if len(interviewers) > 1 else ''})"
        return "[Interview]"
    if kind == "report":
        return ""
    if kind == "personal_communication":
        recipients = item.people("recipient")
        names = " & ".join(p.display() for p in recipients)
        return f"[Letter to {names}]" if recipients else "[Letter]"
    if genre and item.get("title"):
        return f"[{capitalize_first(genre)}]"
    return ""


def _parenthetical(item: Item) -> str:
    """Edition, volume, translator, report number: ``(2nd ed.)``, ``(Vol. 21)`` …"""
    parts: list[str] = []
    if item.type == "report":
        number = item.get("number")
        genre = title_case(item.get("genre"))
        series = item.get("collection-title")
        series_no = item.get("collection-number")
        if number:
            parts.append(f"{genre} {number}" if genre else f"No. {number}")
        if series:
            parts.append(join([series, series_no], " "))
        return f"({'; '.join(parts)})" if parts else ""
    translators = item.people("translator")
    if translators:
        names = " & ".join(_initials_name(p) for p in translators)
        parts.append(f"{names}, Trans.")
    edition = item.get("edition")
    if edition and item.type not in PERIODICAL:
        parts.append(f"{ordinal(edition)} ed.")
    volume = item.get("volume")
    if volume and item.type in ("book",):
        parts.append(f"Vol. {volume}")
    return f"({'; '.join(parts)})" if parts else ""


def _source(item: Item) -> str:
    kind = item.type
    container = item.get("container-title")
    if kind in PERIODICAL or (kind == "interview" and container):
        volume = item.get("volume")
        issue = item.get("issue")
        page = item.get("page")
        number = item.get("number")
        periodical = italic(
            title_case(mark_quotes(container)) if kind != "interview" else mark_quotes(container)
        )
        vol = italic(volume) if volume else ""
        vol_issue = vol + (f"({issue})" if issue else "")
        tail = join(
            [
                periodical,
                vol_issue,
                expand_range(page) if page else "",
                f"Article {number}" if number else "",
            ],
            ", ",
        )
        return tail
    if kind == "chapter":
        editors = item.people("editor")
        names = ""
        if editors:
            label = "(Eds.)" if len(editors) > 1 else "(Ed.)"
            names = " & ".join(_initials_name(p) for p in editors) + f" {label}"
        book = italic(mark_quotes(container))
        page = item.get("page")
        pages = f"(pp. {expand_range(page)})" if page and plural(page) else (f"(p. {page})" if page else "")
        head = "In " + join([names, join([book, pages], " ")], ", ")
        return join([head, item.get("publisher")], ". ")
    if kind in ("post-weblog",):
        return italic(mark_quotes(container))
    if kind == "webpage":
        return title_case(mark_quotes(container))
    if kind == "post":
        return mark_quotes(container)
    if kind == "speech":
        event = item.get("event-title")
        return join([event, item.get("event-place")], ", ") if event else ""
    if item.get("archive"):
        return join([item.get("archive"), item.get("archive-place")], ", ")
    return item.get("publisher")


def _link(item: Item) -> str:
    doi = item.get("DOI")
    if doi:
        return doi if doi.startswith("http") else f"https://doi.org/{doi}"
    url = item.get("URL")
    if not url:
        return ""
    if item.type in ("webpage", "post-weblog") and "issued" not in item.dates:
        accessed = item.dates.get("accessed")
        if accessed:
            return f"Retrieved {long_date(accessed, year_first=False)}, from {url}"
        return f"Retrieved {url}"
    return url


# --- entry points ----------------------------------------------------------------------------------


def bibliography(item: Item) -> str | None:
    """The reference-list entry (marked up), or ``None`` for types APA leaves out."""
    if item.type in NO_ENTRY and not item.get("archive"):
        return None
    if item.type in LEGAL:
        return (
            join([title_case(_title(item)), affix("(", year_text(item.dates.get("issued")), ")")], " ") + "."
        )
    authors = item.people("author")
    editors = item.people("editor")
    title = _styled_title(item)
    description = _description(item)
    parenthetical = _parenthetical(item)
    title_block = join([title, parenthetical, description], " ")
    if authors:
        lead = _reference_names(authors)
    elif editors and item.type != "chapter":
        label = "(Eds.)" if len(editors) > 1 else "(Ed.)"
        lead = join([_reference_names(editors), label], " ")
    elif title:
        lead, title_block = title, ""
        if parenthetical:
            lead = join([title, parenthetical], " ")
        title_block = description
    else:
        lead, title_block = f"[{capitalize_first(item.get('genre'))}]" if item.get("genre") else "", ""
    date = f"({_date(item)})"
    pieces = [
        affix("", lead, "."),
        affix("", date, "."),
        affix("", title_block, "."),
        affix("", _source(item), "."),
    ]
    return join([join(pieces, " "), _link(item)], " ")


def _intext_author(item: Item) -> str:
    authors = item.people("author") if item.type not in LEGAL else []
    if authors:
        return _short_names(authors)
    editors = item.people("editor")
    if editors:
        return _short_names(editors)
    title = _title(item)
    if title:
        cased = title_case(title)
        if item.type in LEGAL:
            return cased
        if item.type in INTEXT_ITALIC:
            return italic(cased)
        if item.type in PERIODICAL or item.type in ("chapter", "post-weblog"):
            return quoted(cased)
        return cased
    genre = item.get("genre")
    return f"[{capitalize_first(genre)}]" if genre else ""


def _locator(cite: Cite, item: Item) -> str:
    if not cite.locator:
        return ""
    label = cite.label or "page"
    value = expand_range(cite.locator) if label == "page" else cite.locator
    if label == "paragraph" and item.type in LEGAL:
        return f"¶ {value}"
    singular, many = LOCATOR_LABELS.get(label, (label, label))
    return f"{many if plural(cite.locator) else singular} {value}"


def citation(item: Item, cite: Cite) -> str:
    """The parenthetical in-text citation: ``(Savyon et al., 2013, para. 40)``."""
    if item.type == "personal_communication" and not item.get("archive"):
        authors = item.people("author")
        who = " & ".join(_initials_name(p) for p in authors)
        date = long_date(item.dates.get("issued"), year_first=False)
        body = join([who, "personal communication", date, _locator(cite, item)], ", ")
    else:
        # In the text, the year alone, whatever the reference list shows.
        date = _date(item)
        issued = item.dates.get("issued")
        if issued is not None and issued.date_parts:
            text = year_text(issued)
            date = f"ca. {text}" if issued.circa else text
        body = join([_intext_author(item), date, _locator(cite, item)], ", ")
    body = join([cite.prefix.rstrip() if cite.prefix else "", body], " ") if cite.prefix else body
    return f"({join([body, cite.suffix], ' ') if cite.suffix else body})"
