"""Pydantic models: what the extractor returns and what the store hands back.

All models share :class:`Model`: frozen, no unknown fields, JSON round trip through
``model_dump_json()`` / ``model_validate_json()``.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    computed_field,
    field_validator,
    model_validator,
)

from quotebank.normalize import normalize_quote

__all__ = [
    "DateParts",
    "Failure",
    "IngestReport",
    "Match",
    "MatchKind",
    "Mention",
    "Model",
    "Name",
    "Occurrence",
    "QuotationCitation",
    "QuotationRecord",
    "Quote",
    "QuoteKind",
    "Source",
    "SourceRecord",
    "SpeakerRecord",
]


class Model(BaseModel):
    """Shared base: immutable, strict about unknown fields, populated by field name or alias."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class QuoteKind(str, enum.Enum):
    """What a quoted span is."""

    #: Words someone is reported to have said or written.
    QUOTATION = "quotation"
    #: Scare quotes, names of things and slogans nobody is credited with.
    TERM = "term"
    #: An embedded social-media post (``— Name (@handle) Month D, YYYY``).
    POST = "post"


class Mention(Model):
    """Words in the input that name a speaker, with their character offsets."""

    text: str = Field(min_length=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _offsets_consistent(self) -> Mention:
        if self.end - self.start != len(self.text):
            raise ValueError("mention offsets do not match the length of its text")
        return self


def _check_offsets(text: str, start: int, end: int, info: ValidationInfo, what: str) -> None:
    if end < start:
        raise ValueError(f"{what}: end ({end}) is before start ({start})")
    if end - start != len(text):
        raise ValueError(f"{what}: offsets {start}:{end} do not match a text of length {len(text)}")
    document = (info.context or {}).get("document") if info.context else None
    if document is not None:
        if end > len(document):
            raise ValueError(f"{what}: end offset {end} is past the end of the document")
        if document[start:end] != text:
            raise ValueError(f"{what}: text does not match the document at {start}:{end}")


class Quote(Model):
    """One quotation as extracted from a text.

    ``input[start:end] == text`` always holds for the input it was extracted from;
    pass ``context={"document": input}`` to :meth:`model_validate` to check it.
    """

    text: str = Field(description="The words inside the quote marks, verbatim.")
    start: int = Field(ge=0, description="Offset of the first character of `text`.")
    end: int = Field(ge=0, description="Offset one past the last character of `text`.")
    speaker: str | None = Field(
        default=None,
        description="The resolved speaker: a canonical person name, or the words the text "
        "uses for an unnamed speaker; null when nobody is credited.",
    )
    speaker_named: bool = Field(
        default=False, description="True when `speaker` is a named person, not a description."
    )
    speaker_mention: Mention | None = None
    cue: str | None = Field(default=None, description="The verb or mark that attributes it.")
    kind: QuoteKind = QuoteKind.QUOTATION
    context: str = Field(description="The sentence (or sentences) around the quotation.")
    context_start: int = Field(ge=0)
    paragraph: int = Field(ge=1, description="1-based number of the paragraph it starts in.")
    parent: int | None = Field(
        default=None, ge=0, description="Index (in the same result list) of the enclosing quote."
    )
    confidence: float = Field(ge=0.0, le=1.0)
    closed: bool = Field(default=True, description="False when the closing mark was missing.")
    handle: str | None = Field(default=None, description="Social-media handle, for posts.")
    posted: dt.date | None = Field(default=None, description="Date of a post.")

    @model_validator(mode="before")
    @classmethod
    def _drop_computed(cls, data: Any) -> Any:
        # ``normalized`` is derived from ``text``: accept it back from JSON, recompute it
        if isinstance(data, dict) and "normalized" in data:
            data = {k: v for k, v in data.items() if k != "normalized"}
        return data

    @field_validator("text")
    @classmethod
    def _not_empty(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a quotation cannot be empty")
        return value

    @model_validator(mode="after")
    def _offsets_match(self, info: ValidationInfo) -> Quote:
        _check_offsets(self.text, self.start, self.end, info, "quote")
        _check_offsets(
            self.context,
            self.context_start,
            self.context_start + len(self.context),
            info,
            "context",
        )
        if self.speaker_mention is not None:
            m = self.speaker_mention
            _check_offsets(m.text, m.start, m.end, info, "speaker_mention")
        return self

    @computed_field  # type: ignore[prop-decorator]
    @property
    def normalized(self) -> str:
        """The wording folded for matching: case, marks, brackets, ellipses, dashes."""
        return normalize_quote(self.text)


class Name(Model):
    """A CSL-JSON name: a person (``family``/``given``) or an institution (``literal``)."""

    family: str | None = None
    given: str | None = None
    literal: str | None = None
    non_dropping_particle: str | None = Field(default=None, alias="non-dropping-particle")
    dropping_particle: str | None = Field(default=None, alias="dropping-particle")
    suffix: str | None = None

    @model_validator(mode="after")
    def _has_a_name(self) -> Name:
        if not (self.family or self.literal or self.given):
            raise ValueError("a name needs 'family', 'given' or 'literal'")
        return self

    def display(self) -> str:
        """The name in reading order, e.g. ``Yossi Mansharof``."""
        if self.literal:
            return self.literal
        parts = [self.given, self.dropping_particle, self.non_dropping_particle, self.family]
        text = " ".join(p for p in parts if p)
        return f"{text}, {self.suffix}" if self.suffix else text


#: The item types of CSL 1.0.2.
CSL_TYPES = frozenset(
    """article article-journal article-magazine article-newspaper bill book broadcast chapter classic
    collection dataset document entry entry-dictionary entry-encyclopedia event figure graphic hearing
    interview legal_case legislation manuscript map motion_picture musical_score pamphlet
    paper-conference patent performance periodical personal_communication post post-weblog regulation
    report review review-book software song speech standard thesis treaty webpage""".split()
)

#: Zotero's item types whose CSL type has another name (Zotero's own CSL mapping).
ZOTERO_TYPES = {
    "journalArticle": "article-journal",
    "magazineArticle": "article-magazine",
    "newspaperArticle": "article-newspaper",
    "bookSection": "chapter",
    "blogPost": "post-weblog",
    "forumPost": "post",
    "conferencePaper": "paper-conference",
    "letter": "personal_communication",
    "email": "personal_communication",
    "instantMessage": "personal_communication",
    "encyclopediaArticle": "entry-encyclopedia",
    "dictionaryEntry": "entry-dictionary",
    "film": "motion_picture",
    "videoRecording": "motion_picture",
    "tvBroadcast": "broadcast",
    "radioBroadcast": "broadcast",
    "podcast": "broadcast",
    "audioRecording": "song",
    "presentation": "speech",
    "computerProgram": "software",
    "case": "legal_case",
    "statute": "legislation",
    "artwork": "graphic",
    "document": "document",
}

#: CSL seasons as months (spring … winter), as CSL-JSON writes them.
SEASON_MONTHS = frozenset([13, 14, 15, 16, 21, 22, 23, 24])


class DateParts(Model):
    """A CSL-JSON date: ``{"date-parts": [[2013, 7, 25]]}``; a range has two parts."""

    date_parts: list[list[int]] | None = Field(default=None, alias="date-parts")
    literal: str | None = None
    raw: str | None = None
    circa: bool | None = None

    @field_validator("date_parts")
    @classmethod
    def _valid_parts(cls, value: list[list[int]] | None) -> list[list[int]] | None:
        if value is None:
            return value
        if not value or len(value) > 2:
            raise ValueError("date-parts needs one date, or two for a range")
        for part in value:
            if not 1 <= len(part) <= 3:
                raise ValueError("each date in date-parts is [year], [year, month] or [y, m, d]")
            if len(part) == 2 and part[1] in SEASON_MONTHS:
                continue  # a season: spring (13 or 21) … winter (16 or 24)
            if len(part) >= 2 and not 1 <= part[1] <= 12:
                raise ValueError(f"month {part[1]} is not between 1 and 12 (nor a season, 13-16 or 21-24)")
            if len(part) == 3:
                try:
                    dt.date(part[0], part[1], part[2])
                except ValueError as exc:
                    raise ValueError(f"{part} is not a calendar date") from exc
        return value

    def as_text(self) -> str | None:
        """The (first) date as ``YYYY-MM-DD`` (or ``YYYY-MM``, ``YYYY``), else its literal."""
        if self.date_parts:
            year, *rest = self.date_parts[0]
            return "-".join([str(year), *(f"{p:02d}" for p in rest)])
        return self.literal or self.raw

    @property
    def year(self) -> int | None:
        """The (first) year, when known."""
        return self.date_parts[0][0] if self.date_parts else None


class Source(Model):
    """Bibliographic metadata of a document, in the shape of a CSL-JSON item.

    Only what the document states is filled in; unknown fields stay ``None``. The
    field names and aliases follow CSL-JSON so that ``Source`` round-trips with what
    Zotero exports and imports.
    """

    model_config = ConfigDict(frozen=True, extra="allow", populate_by_name=True)

    id: str | None = None
    type: str = "article"
    title: str | None = None
    author: list[Name] = Field(default_factory=list)
    editor: list[Name] = Field(default_factory=list)
    issued: DateParts | None = None
    accessed: DateParts | None = None
    container_title: str | None = Field(default=None, alias="container-title")
    collection_title: str | None = Field(default=None, alias="collection-title")
    collection_number: str | None = Field(default=None, alias="collection-number")
    publisher: str | None = None
    publisher_place: str | None = Field(default=None, alias="publisher-place")
    genre: str | None = None
    URL: str | None = None
    DOI: str | None = None
    page: str | None = None
    volume: str | None = None
    issue: str | None = None
    note: str | None = None

    @field_validator("type", mode="before")
    @classmethod
    def _csl_type(cls, value: Any) -> Any:
        """A CSL 1.0.2 item type; Zotero's names for one (``letter``, ``blogPost``) are mapped."""
        if not isinstance(value, str):
            return value
        mapped = ZOTERO_TYPES.get(value.strip(), value.strip())
        if mapped not in CSL_TYPES:
            raise ValueError(
                f"{value!r} is not a CSL item type (e.g. article-newspaper, book, "
                "report, webpage, speech, personal_communication)"
            )
        return mapped

    @field_validator("collection_number", mode="before")
    @classmethod
    def _number_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value

    def to_csl_json(self) -> dict[str, Any]:
        """This source as a CSL-JSON item (aliases, no empty fields)."""
        data = self.model_dump(by_alias=True, exclude_none=True, exclude_defaults=False)
        return {k: v for k, v in data.items() if v != []}


class MatchKind(str, enum.Enum):
    """How a who-said answer matched the phrase."""

    EXACT = "exact"
    NORMALIZED = "normalized"
    FUZZY = "fuzzy"
    VARIANT = "variant"


class Occurrence(Model):
    """One place a stored quotation stands: a document and where in it."""

    document_id: int
    source_id: int
    source_title: str | None = None
    source_date: str | None = None
    source_url: str | None = None
    paragraph: int | None = None
    start: int | None = None
    end: int | None = None
    text: str
    context: str | None = None
    speaker_mention: str | None = None
    cue: str | None = None
    kind: QuoteKind = QuoteKind.QUOTATION


class QuotationRecord(Model):
    """A distinct quotation in the store, with its speaker and every occurrence."""

    id: int
    text: str
    normalized: str
    speaker: str | None
    speaker_id: int | None
    kind: QuoteKind
    occurrences: list[Occurrence] = Field(default_factory=list)
    variants: list[int] = Field(default_factory=list, description="Ids of variant wordings.")


class Match(Model):
    """One answer to "who said this?"."""

    quotation_id: int
    speaker: str | None
    text: str
    score: float = Field(ge=0.0, le=100.0)
    match: MatchKind
    occurrences: list[Occurrence] = Field(default_factory=list)
    wordings: list[Wording] = Field(
        default_factory=list,
        description="Every wording of this remark found (linked variants, the same words "
        "credited to others), best first; the first is this answer's own.",
    )
    credited: list[Credit] = Field(
        default_factory=list, description="Who the remark is credited to, and how often."
    )
    sources: int = Field(default=0, description="Distinct sources of all its wordings.")


class SpeakerRecord(Model):
    """A speaker in the store with the names it goes by."""

    id: int
    name: str
    named: bool
    aliases: list[str] = Field(default_factory=list)
    quotations: int = 0


class SourceRecord(Model):
    """A source in the store with its metadata (CSL-JSON) and counts."""

    id: int
    key: str
    title: str | None
    type: str
    issued: str | None
    url: str | None
    csl: dict[str, Any]
    documents: int = 0
    occurrences: int = 0


class QuotationCitation(Model):
    """A quotation ready to paste: wording, speaker, citation and reference entry."""

    quotation_id: int | None = Field(description="The stored quotation (None when not stored).")
    source_id: int | None = Field(description="The stored source (None when not stored).")
    style: str
    mode: str
    format: str
    quotation: str = Field(description="The wording in the style's quotation marks.")
    speaker: str | None
    citation: str | None = Field(description="In-text citation or note, secondary when needed.")
    reference: str | None = Field(description="The source's bibliography entry (None if left out).")
    text: str = Field(description="Quotation, speaker and citation (or note) together.")


class Failure(Model):
    """One input that could not be ingested or imported, and why."""

    input: str
    error: str
    message: str


class IngestReport(Model):
    """What an ingest or import run did."""

    documents: int = Field(default=0, description="Documents added or replaced.")
    unchanged: int = Field(default=0, description="Documents already stored as they are.")
    quotations: int = Field(default=0, description="New distinct quotations.")
    occurrences: int = Field(default=0, description="Occurrences written.")
    speakers: int = Field(default=0, description="New speakers.")
    skipped: int = Field(default=0, description="Inputs or records skipped.")
    failed: list[Failure] = Field(default_factory=list)
    ignored: list[str] = Field(
        default_factory=list, description="Files in the folders given that are not documents (.pdf …)."
    )
    stopped: str | None = Field(
        default=None, description="Why the run stopped before the end (a full disk), if it did."
    )

    def merged(self, other: IngestReport) -> IngestReport:
        """The sum of two reports."""
        return IngestReport(
            documents=self.documents + other.documents,
            unchanged=self.unchanged + other.unchanged,
            quotations=self.quotations + other.quotations,
            occurrences=self.occurrences + other.occurrences,
            speakers=self.speakers + other.speakers,
            skipped=self.skipped + other.skipped,
            failed=[*self.failed, *other.failed],
            ignored=[*self.ignored, *other.ignored],
            stopped=self.stopped or other.stopped,
        )


class Wording(Model):
    """One wording of a remark found by who-said, with where it stands."""

    quotation_id: int
    speaker: str | None
    text: str
    score: float = Field(ge=0.0, le=100.0)
    match: MatchKind
    occurrences: list[Occurrence] = Field(default_factory=list)


class Credit(Model):
    """A speaker a remark is credited to, and in how many occurrences."""

    speaker: str | None
    occurrences: int


class Verdict(str, enum.Enum):
    """What :meth:`quotebank.QuoteBank.verify` concludes about a phrase and a speaker."""

    EXACT = "exact"
    CLOSE = "close"
    ALTERED = "altered"
    MISATTRIBUTED = "misattributed"
    NOT_FOUND = "not_found"


class Verification(Model):
    """The answer to "did this person say these words?"."""

    verdict: Verdict
    phrase: str
    speaker: str | None = Field(description="Who the phrase was attributed to, if anyone.")
    said_by: str | None = Field(description="Who the store credits the remark to.")
    wording: str | None = Field(description="The stored wording the phrase was held to.")
    diff: list[str] = Field(
        default_factory=list,
        description="Word-level differences: '-word' is in the stored wording only, "
        "'+word' in the phrase only.",
    )
    occurrences: list[Occurrence] = Field(default_factory=list)


Match.model_rebuild()
