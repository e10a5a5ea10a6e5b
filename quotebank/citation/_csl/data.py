"""CSL-JSON item data as the processor reads it: names with particles, dates, numbers.

Names are split the way citeproc-js splits them: lowercase words that start a family
name are its non-dropping particle (``van der``), lowercase words that end a given
name are its dropping particle, and ``given, Jr.`` holds a suffix.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["CslDate", "CslName", "Item", "normalize_item"]

NAME_VARIABLES = frozenset(
    """author chair collection-editor compiler composer container-author contributor curator
    director editor editorial-director editor-translator executive-producer guest host illustrator
    interviewer narrator organizer original-author performer producer recipient reviewed-author
    script-writer series-creator translator""".split()
)
DATE_VARIABLES = frozenset(
    "accessed available-date event-date issued original-date submitted locator-date".split()
)
_ALIASES = {
    "shortTitle": "title-short",
    "journalAbbreviation": "container-title-short",
    "publisher-place": "publisher-place",
}
_PARTICLE_WORD = re.compile(
    r"^[a-z\u00e0-\u024f'\u2019]+(?:[-'\u2019][a-z\u00e0-\u024f]*)?[.]?$|^[a-z]+['\u2019]$"
)
_ROMANESQUE = re.compile(
    r"^[\s\d\u0000-\u024f\u1e00-\u1eff\u0370-\u03ff\u0400-\u052f\u0590-\u05ff\u0600-\u06ff\u200c\u2018\u2019\u201c\u201d\u00a0.,'’\-]*$"
)


@dataclass
class CslName:
    """One name: family, given, particles, suffix, or a literal (institution)."""

    family: str = ""
    given: str = ""
    ndp: str = ""  # non-dropping particle
    dp: str = ""  # dropping particle
    suffix: str = ""
    literal: str = ""
    comma_suffix: bool = False
    static_ordering: bool = False
    multi: Any = None

    def key(self) -> tuple[str, ...]:
        """A hashable identity."""
        return (self.family, self.given, self.ndp, self.dp, self.suffix, self.literal)


def _split_particles(name: CslName) -> None:
    """Parse particles out of family and given names as citeproc-js does."""
    fam = name.family
    if fam.startswith('"') and fam.endswith('"') and len(fam) > 1:
        name.family = fam[1:-1]
        return
    if not name.ndp and fam:
        # leading lowercase words (or words ending in an apostrophe) are a particle
        words = fam.split(" ")
        i = 0
        while i < len(words) - 1 and _PARTICLE_WORD.match(words[i]):
            i += 1
        if i:
            name.ndp = " ".join(words[:i])
            name.family = " ".join(words[i:])
        else:
            m = re.match(r"^([a-z]+['\u2019-])(\S.*)$", fam)
            if m and len(words) == 1:
                name.ndp, name.family = m.group(1), m.group(2)
    given = name.given
    if given and "," in given and not name.suffix:
        head, _, tail = given.partition(",")
        tail = tail.strip()
        if tail.startswith("!"):
            tail = tail[1:].strip()
            name.comma_suffix = True
        if tail:
            name.given, name.suffix = head.strip(), tail
            given = name.given
    if given and not name.dp:
        words = given.split(" ")
        j = len(words)
        while j > 1 and _PARTICLE_WORD.match(words[j - 1]) and not words[j - 1].endswith("."):
            j -= 1
        if j < len(words):
            name.dp = " ".join(words[j:])
            name.given = " ".join(words[:j])


def make_name(raw: Any) -> CslName | None:
    """A :class:`CslName` from a CSL-JSON name object (or a string, taken as literal)."""
    if isinstance(raw, str):
        return CslName(literal=raw) if raw.strip() else None
    if not isinstance(raw, Mapping):
        return None

    def text(key: str) -> str:
        value = raw.get(key)
        return str(value).strip() if value not in (None, False) else ""

    name = CslName(
        family=text("family"),
        given=text("given"),
        ndp=text("non-dropping-particle"),
        dp=text("dropping-particle"),
        suffix=text("suffix"),
        literal=text("literal"),
        comma_suffix=bool(raw.get("comma-suffix")),
        static_ordering=bool(raw.get("static-ordering")),
        multi=raw.get("multi"),
    )
    if not name.literal and name.family and not name.given and raw.get("isInstitution"):
        name.literal = name.family
        name.family = ""
    if name.literal:
        return name
    if not (name.family or name.given):
        return None
    if raw.get("parse-names") not in (False, "false"):
        _split_particles(name)
    if not name.static_ordering:
        whole = name.family + name.given
        if whole and not _ROMANESQUE.match(whole):
            name.static_ordering = True
    return name


@dataclass
class CslDate:
    """A date: one or two sets of parts (year, month, day; month 13–16 = season)."""

    parts: list[list[int]] = field(default_factory=list)
    season: int = 0
    circa: bool = False
    literal: str = ""

    @property
    def is_range(self) -> bool:
        """True for a date range (two sets of parts that differ, or an open end)."""
        return len(self.parts) > 1

    def sort_key(self, shown: tuple[bool, bool, bool] = (True, True, True)) -> str:
        """A string that sorts the date (years may be negative), by the parts shown."""
        out = []
        for p in self.parts[:2] or [[0]]:
            y = p[0] if p and shown[0] else 0
            m = p[1] if len(p) > 1 and shown[1] else 0
            m = m if m <= 12 else (m - 12) * 3 - 1
            d = p[2] if len(p) > 2 and shown[2] else 0
            out.append(f"{y + 50000:06d}{m:02d}{d:02d}")
        return "-".join(out)


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    if isinstance(value, str):
        v = value.strip()
        if re.fullmatch(r"-?\d+", v):
            return int(v)
    return None


_SEASONS = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}
_MONTHS = {m: i + 1 for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())}


def _parse_raw(raw: str) -> CslDate:
    """Parse a date string (``2008-03-04``, ``2008/2010``, ``March 2008``, ``Spring 2009``)."""
    text = raw.strip()
    pieces = re.split(r"\s*/\s*|\s+[-\u2013]\s+|(?<=\d)\s*[\u2013]\s*(?=\d)", text)
    parts: list[list[int]] = []
    season = 0
    for piece in pieces[:2]:
        m = re.fullmatch(r"(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", piece)
        if m:
            parts.append([int(g) for g in m.groups() if g is not None])
            continue
        words = re.findall(r"[A-Za-z]+|\d+", piece)
        y = mo = d = 0
        for w in words:
            lw = w.lower()
            if w.isdigit():
                if len(w) > 2 or (y == 0 and int(w) > 31):
                    y = int(w)
                else:
                    d = int(w)
            elif lw[:3] in _MONTHS:
                mo = _MONTHS[lw[:3]]
            elif lw in _SEASONS:
                season = _SEASONS[lw]
        if not y:
            return CslDate(literal=raw)
        parts.append([y] + ([mo] if mo else [12 + season] if season else []) + ([d] if mo and d else []))
        season = 0
    if not parts:
        return CslDate(literal=raw)
    return CslDate(parts, season)


def make_date(raw: Any) -> CslDate | None:
    """A :class:`CslDate` from CSL-JSON (``date-parts``, ``raw``, ``literal``, ``season``, ``circa``)."""
    if isinstance(raw, str):
        return _parse_raw(raw) if raw.strip() else None
    if not isinstance(raw, Mapping):
        return None
    date = CslDate()
    dp = raw.get("date-parts")
    if isinstance(dp, list) and dp:
        for p in dp[:2]:
            if not isinstance(p, list):
                continue
            nums: list[int] = []
            for v in p[:3]:
                n = _int(v)
                if n is None:
                    break
                nums.append(n)
            if nums:
                date.parts.append(nums)
        if len(date.parts) == 2 and date.parts[0] == date.parts[1]:
            date.parts = date.parts[:1]
    elif raw.get("raw"):
        date = _parse_raw(str(raw["raw"]))
    if raw.get("literal"):
        date.literal = str(raw["literal"])
    season = raw.get("season")
    if season not in (None, ""):
        n = _int(season)
        if n is None and isinstance(season, str):
            n = _SEASONS.get(season.strip().lower())
            if n is None:
                date.literal = date.literal or ""
        if n:
            date.season = n if n < 13 else n - 12
    for p in date.parts:
        if len(p) > 1 and 21 <= p[1] <= 24:
            p[1] -= 8  # 21-24: seasons, as citeproc-js also reads them
            del p[2:]
        if len(p) > 1 and not 1 <= p[1] <= 16:
            del p[1:]
        if len(p) > 1 and p[1] > 12:
            del p[2:]
        if len(p) > 2 and not 1 <= p[2] <= 31:
            del p[2:]
    if date.season and date.parts and len(date.parts[0]) == 1:
        date.parts[0].append(12 + date.season)
    circa = raw.get("circa")
    date.circa = bool(circa) and circa not in ("0", "false")
    if not date.parts and not date.literal:
        return None
    if date.parts and date.parts[0] and date.parts[0][0] == 0 and len(date.parts) == 1 and not date.literal:
        return None
    return date


@dataclass
class Item:
    """A normalized CSL-JSON item."""

    id: str
    type: str
    vars: dict[str, str]
    names: dict[str, list[CslName]]
    dates: dict[str, CslDate]
    raw: Mapping[str, Any]
    language: str = ""

    present: frozenset[str] = field(default=frozenset(), init=False, repr=False)

    def __post_init__(self) -> None:
        self.present = frozenset(self.vars) | frozenset(self.names) | frozenset(self.dates)

    def has(self, var: str) -> bool:
        """True when the item has a value for the variable."""
        return var in self.present


def _text(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float | str):
        return str(value)
    return ""


def normalize_item(raw: Mapping[str, Any]) -> Item:
    """Read a CSL-JSON item (unknown fields are kept as text when they are text)."""
    vars_: dict[str, str] = {}
    names: dict[str, list[CslName]] = {}
    dates: dict[str, CslDate] = {}
    for key, value in raw.items():
        key = _ALIASES.get(key, key)
        if key in NAME_VARIABLES:
            if isinstance(value, list):
                parsed = [n for n in (make_name(v) for v in value) if n is not None]
                if parsed:
                    names[key] = parsed
        elif key in DATE_VARIABLES:
            d = make_date(value)
            if d is not None:
                dates[key] = d
        elif key == "note" and isinstance(value, str):
            vars_[key] = value
            _note_fields(value, vars_, names, dates)
        else:
            t = _text(value)
            if t != "":
                vars_.setdefault(key, t)
    if "page" in vars_ and "page-first" not in vars_:
        first = re.split(r"\s*(?:[-\u2013\u2014,&]|\band\b)\s*", vars_["page"].strip(), maxsplit=1)[0]
        if first:
            vars_["page-first"] = first
    kind = _text(raw.get("type")) or "article"
    lang = vars_.get("language", "")
    return Item(_text(raw.get("id")) or "item", kind, vars_, names, dates, raw, lang)


_NOTE_TEXT_VARIABLES = frozenset(
    """archive archive_location authority call-number collection-title container-title DOI edition
    event-place genre ISBN ISSN issue medium number original-publisher original-publisher-place
    original-title publisher publisher-place references section source status title-short
    version volume""".split()
)
_NOTE_FIELD = re.compile(r"^\s*([A-Za-z][A-Za-z-]*):\s*(.+?)\s*$", re.M)
_CHEATER = re.compile(r"\{:([a-z-]+):\s*([^}]*)\}")


def _note_fields(
    note: str, vars_: dict[str, str], names: dict[str, list[CslName]], dates: dict[str, CslDate]
) -> None:
    """Zotero's ``key: value`` lines (and ``{:key: value}``) in ``note`` fill unset variables."""
    found = list(_CHEATER.findall(note))
    found += [(m.group(1), m.group(2)) for m in _NOTE_FIELD.finditer(note)]
    for key, value in found:
        key = key.lower()
        if key in DATE_VARIABLES and key not in dates:
            d = make_date({"raw": value})
            if d is not None:
                dates[key] = d
        elif key in NAME_VARIABLES:
            fam, _, given = value.partition("||")
            n = make_name({"family": fam.strip(), "given": given.strip()})
            if n is not None:
                names.setdefault(key, []).append(n)
        elif key in _NOTE_TEXT_VARIABLES and key not in vars_:
            vars_[key] = value


def citation_label(item: Item) -> str:
    """The item's ``citation-label``: its own, else citeproc-js's trigraph (``Aaaa00`` for one
    author, ``AaAa00`` for two, ``AaAA00`` for three, ``AAAA00`` for four or more: letters
    of the family names, then the last two digits of the year)."""
    own = item.vars.get("citation-label")
    if own:
        return own
    names = next((item.names[v] for v in ("author", "editor", "translator") if item.names.get(v)), [])
    families = [re.sub(r"\W", "", n.family or n.literal or "") for n in names]
    widths = {1: (4,), 2: (2, 2), 3: (2, 1, 1)}.get(len(families), (1, 1, 1, 1))
    letters = "".join(f[:w] for f, w in zip(families, widths, strict=False))
    issued = item.dates.get("issued")
    year = f"{issued.parts[0][0] % 100:02d}" if issued and issued.parts and issued.parts[0] else ""
    return letters + year
