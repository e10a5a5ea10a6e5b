"""Reading a document's metadata: the CSL-JSON file beside it, or a given item."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from quotebank._paths import user_path
from quotebank.errors import MetadataError
from quotebank.extraction.reading import bom_encoding
from quotebank.models import Source

__all__ = ["load_metadata", "sidecar_path", "source_from"]


def sidecar_path(document: Path) -> Path | None:
    """The metadata file beside a document: ``doc.json`` or ``doc.txt.json``."""
    for candidate in (document.with_suffix(".json"), document.with_name(document.name + ".json")):
        if candidate != document and candidate.is_file():
            return candidate
    return None


def _describe(exc: ValidationError) -> str:
    first = exc.errors()[0]
    field = ".".join(str(p) for p in first["loc"]) or "(item)"
    return f"field {field!r}: {first['msg']}"


def source_from(item: Any, *, name: str = "<metadata>") -> Source:
    """Validate a CSL-JSON item (a dict, or any mapping) or pass a :class:`Source` through.

    Raises:
        MetadataError: naming the first invalid field (``issued.date-parts`` ...).
    """
    if isinstance(item, Source):
        return item
    if not isinstance(item, Mapping):
        raise MetadataError(
            f"metadata must be a JSON object (a CSL-JSON item), not {type(item).__name__}",
            source=name,
        )
    try:
        return Source.model_validate(dict(item))
    except ValidationError as exc:
        raise MetadataError(_describe(exc), source=name) from None


def load_metadata(path: str | os.PathLike[str]) -> Source:
    """Read a metadata file: one CSL-JSON item, or a one-item CSL-JSON array.

    The file is UTF-8, or whatever its byte-order mark says.

    Raises:
        MetadataError: when the file is not JSON, holds several items, or a field is
            invalid; the message names the file and the field.
    """
    name = str(path)
    try:
        data = user_path(path).read_bytes()
        raw = data.decode(bom_encoding(data) or "utf-8")
    except OSError as exc:
        raise MetadataError(f"cannot read metadata ({exc.strerror})", source=name) from None
    except UnicodeDecodeError as exc:
        raise MetadataError(f"is not UTF-8 text (byte at offset {exc.start})", source=name) from None
    raw = raw.removeprefix("\ufeff")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise MetadataError(
            f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})", source=name
        ) from None
    if isinstance(data, list):
        if len(data) != 1:
            raise MetadataError(
                f"holds {len(data)} CSL-JSON items; a document's metadata is exactly one",
                source=name,
            )
        data = data[0]
    return source_from(data, name=name)
