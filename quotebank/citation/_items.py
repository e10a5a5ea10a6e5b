"""CSL-JSON items as the formatters read them: validated, names parsed, numbers as text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from quotebank.citation._csl.data import DATE_VARIABLES, NAME_VARIABLES
from quotebank.citation._names import Person, parse_name
from quotebank.errors import MetadataError
from quotebank.models import CSL_TYPES, DateParts, Name, Source

__all__ = ["CSL_TYPES", "Item", "item_from"]


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


_NAME_KEYS = ("family", "given", "literal", "non-dropping-particle", "dropping-particle", "suffix")
_NAME_FLAGS = ("comma-suffix", "static-ordering", "parse-names", "isInstitution", "multi")
_DATE_KEYS = frozenset({"date-parts", "literal", "raw", "season", "circa"})


def _check_name(raw: Any, where: str, item_id: str) -> Name:
    """A CSL-JSON name as a :class:`Name` (the flags citeproc-js reads are allowed and kept aside)."""
    if not isinstance(raw, Mapping):
        raise MetadataError(
            f"field {where!r}: a name is an object with family, given or literal", source=item_id
        )
    unknown = set(raw) - set(_NAME_KEYS) - set(_NAME_FLAGS)
    if unknown:
        raise MetadataError(f"field {where!r}: unknown name part {sorted(unknown)[0]!r}", source=item_id)
    parts: dict[str, str] = {}
    for key in _NAME_KEYS:
        value = raw.get(key)
        if value is None or value == "":
            continue
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise MetadataError(f"field '{where}.{key}' must be text", source=item_id)
        parts[key] = str(value).strip()
    if not (parts.get("family") or parts.get("given") or parts.get("literal")):
        raise MetadataError(f"field {where!r}: a name needs 'family', 'given' or 'literal'", source=item_id)
    return Name.model_validate(parts)


def _check_date(value: Any, where: str, item_id: str) -> DateParts | None:
    """Check a CSL-JSON date (date-parts, seasons, circa, ranges, literal, raw)."""
    if not isinstance(value, Mapping):
        raise MetadataError(
            f'field {where!r}: a date is an object such as {{"date-parts": [[2019, 3, 4]]}}', source=item_id
        )
    unknown = set(value) - _DATE_KEYS
    if unknown:
        raise MetadataError(f"field {where!r}: unknown date part {sorted(unknown)[0]!r}", source=item_id)
    parts = value.get("date-parts")
    clean: list[list[int]] = []
    if parts is not None:
        if not isinstance(parts, list) or not 1 <= len(parts) <= 2:
            raise MetadataError(f"field '{where}.date-parts': one date, or two for a range", source=item_id)
        for part in parts:
            if not isinstance(part, list) or not 1 <= len(part) <= 3:
                raise MetadataError(
                    f"field '{where}.date-parts': each date is [year], [year, month] or [year, month, day]",
                    source=item_id,
                )
            nums: list[int] = []
            for v in part:
                if isinstance(v, bool) or not (
                    isinstance(v, int) or (isinstance(v, str) and v.strip().lstrip("-").isdigit())
                ):
                    raise MetadataError(f"field '{where}.date-parts': {v!r} is not a number", source=item_id)
                nums.append(int(v))
            if len(nums) >= 2 and not (1 <= nums[1] <= 16 or 21 <= nums[1] <= 24):
                raise MetadataError(
                    f"field '{where}.date-parts': month {nums[1]} is not between 1 and 12 "
                    "(13-16 or 21-24: seasons)",
                    source=item_id,
                )
            if len(nums) == 3:
                if nums[1] > 12:
                    raise MetadataError(f"field '{where}.date-parts': a season has no day", source=item_id)
                try:
                    dt.date(nums[0] or 1, nums[1], nums[2])
                except ValueError:
                    raise MetadataError(
                        f"field '{where}.date-parts': {nums} is not a calendar date", source=item_id
                    ) from None
            clean.append(
                [n for i, n in enumerate(nums) if not (i == 1 and n > 12)][
                    : 1 if len(nums) > 1 and nums[1] > 12 else 3
                ]
            )
    literal = value.get("literal")
    raw = value.get("raw")
    if not clean and not literal and not raw:
        return None
    return DateParts.model_validate(
        {
            "date-parts": clean or None,
            "literal": str(literal) if literal else None,
            "raw": str(raw) if raw else None,
        }
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
        if key in NAME_VARIABLES:
            if not isinstance(value, list):
                raise MetadataError(f"field {key!r} must be a list of names", source=item_id)
            parsed = [parse_name(_check_name(raw, f"{key}[{n}]", item_id)) for n, raw in enumerate(value)]
            if parsed:
                names[key] = parsed
        elif key in DATE_VARIABLES:
            date = _check_date(value, key, item_id)
            if date is not None:
                dates[key] = date
        elif key in ("id", "type") or isinstance(value, list | dict):
            continue
        else:
            text = _text(value, key, item_id)
            if text:
                fields[key] = text
    return Item(item_id, kind, fields, names, dates, data)
