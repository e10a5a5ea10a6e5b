"""CSL-JSON items as the formatters read them: validated, names parsed, numbers as text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from quotebank.citation.names import Person, parse_name
from quotebank.errors import MetadataError
from quotebank.models import DateParts, Name, Source

__all__ = ["CSL_TYPES", "Item", "item_from"]

#: The item types of CSL 1.0.2.
CSL_TYPES = frozenset(
    """article article-journal article-magazine article-newspaper bill book broadcast chapter classic
    collection dataset document entry entry-dictionary entry-encyclopedia event figure graphic hearing
    interview legal_case legislation manuscript map motion_picture musical_score pamphlet
    paper-conference patent performance periodical personal_communication post post-weblog regulation
    report review review-book software song speech standard thesis treaty webpage""".split()
)
_NAME_ROLES = ("author", "editor", "translator", "interviewer", "recipient", "container-author")
_DATE_FIELDS = ("issued", "accessed", "event-date", "original-date")


@dataclass(frozen=True)
class Item:
    """One source ready to format: the CSL-JSON fields, with names and dates parsed."""

    id: str
    type: str
    fields: Mapping[str, str]
    names: Mapping[str, list[Person]] = field(default_factory=dict)
    dates: Mapping[str, DateParts] = field(default_factory=dict)
    csl: Mapping[str, Any] = field(default_factory=dict)

    def get(self, name: str) -> str:
        """A text field, or ``""`` when it is missing."""
        return self.fields.get(name, "")

    def people(self, role: str) -> list[Person]:
        """The names in a role (``author``, ``editor`` …), possibly none."""
        return self.names.get(role, [])


def _text(value: Any, where: str, item_id: str) -> str:
    if isinstance(value, bool) or value is None:
        raise MetadataError(f"field {where!r} must be text or a number, not {value!r}", source=item_id)
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    raise MetadataError(
        f"field {where!r} must be text or a number, not {type(value).__name__}", source=item_id
    )


def item_from(source: Source | Mapping[str, Any], *, default_id: str = "item") -> Item:
    """Validate a CSL-JSON item (or take a :class:`Source`) for formatting.

    Raises:
        MetadataError: naming the field when the type is not a CSL type, a name has
            no family, given or literal part, a date is not a date, or a field that
            must be text is something else.
    """
    if isinstance(source, Source):
        data = source.to_csl_json()
    elif isinstance(source, Mapping):
        data = dict(source)
    else:
        raise MetadataError(f"a citation needs a CSL-JSON item (an object), not {type(source).__name__}")
    item_id = str(data.get("id") or default_id)
    kind = data.get("type")
    if not isinstance(kind, str) or not kind:
        raise MetadataError("field 'type' is missing; give a CSL item type such as 'book'", source=item_id)
    if kind not in CSL_TYPES:
        raise MetadataError(
            f"field 'type': {kind!r} is not a CSL item type (for example article-newspaper, book, "
            "chapter, report, webpage, post, interview, speech, personal_communication)",
            source=item_id,
        )
    names: dict[str, list[Person]] = {}
    dates: dict[str, DateParts] = {}
    fields: dict[str, str] = {}
    for key, value in data.items():
        if key in _NAME_ROLES:
            if not isinstance(value, list):
                raise MetadataError(f"field {key!r} must be a list of names", source=item_id)
            parsed = []
            for n, raw in enumerate(value):
                try:
                    parsed.append(parse_name(Name.model_validate(raw)))
                except ValidationError as exc:
                    msg = exc.errors()[0]["msg"].removeprefix("Value error, ")
                    raise MetadataError(f"field '{key}[{n}]': {msg}", source=item_id) from None
            if parsed:
                names[key] = parsed
        elif key in _DATE_FIELDS:
            try:
                date = DateParts.model_validate(value)
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join([key, *(str(p) for p in first["loc"])])
                msg = first["msg"].removeprefix("Value error, ")
                raise MetadataError(f"field {where!r}: {msg}", source=item_id) from None
            if date.date_parts or date.literal or date.raw:
                dates[key] = date
        elif key in ("id", "type") or isinstance(value, list | dict):
            continue
        else:
            text = _text(value, key, item_id)
            if text:
                fields[key] = text
    return Item(item_id, kind, fields, names, dates, data)
