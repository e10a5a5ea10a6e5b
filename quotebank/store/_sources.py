"""The source builder: one row per bibliographic source, for ingest and import alike."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from quotebank.models import Source as SourceModel
from quotebank.store._schema import Source
from quotebank.store._upsert import insert_ignore, insert_update

__all__ = ["source_row", "upsert_sources"]

#: Columns an ingest refreshes when a source's metadata changes.
_REFRESHED = ("type", "title", "issued", "url", "csl")


def source_row(key: str, meta: SourceModel) -> dict[str, Any]:
    """The ``sources`` row for ``meta`` stored under ``key`` (the CSL-JSON keeps ``key`` as id)."""
    csl = json.dumps(meta.to_csl_json() | {"id": key}, ensure_ascii=False, sort_keys=True)
    return {
        "key": key,
        "type": meta.type,
        "title": meta.title,
        "url": meta.URL,
        "issued": meta.issued.as_text() if meta.issued else None,
        "csl": csl,
    }


def upsert_sources(session: Session, items: Mapping[str, SourceModel], *, refresh: bool) -> dict[str, int]:
    """Ids of the sources ``{key: metadata}``, creating those that are new.

    Args:
        refresh: Overwrite the metadata of a source that exists (an ingest, whose
            metadata file is the truth), or keep it (an import, whose records only
            carry a URL and a date).
    """
    if not items:
        return {}
    rows = [source_row(key, meta) for key, meta in items.items()]
    if refresh:
        found = insert_update(
            session, Source, rows, conflict=["key"], update=_REFRESHED, returning=["key", "id"]
        )
        return {key: sid for key, sid in found}
    ids = {
        key: sid
        for key, sid in insert_ignore(session, Source, rows, conflict=["key"], returning=["key", "id"])
    }
    missing = [k for k in items if k not in ids]
    if missing:
        ids.update(session.execute(select(Source.key, Source.id).where(Source.key.in_(missing))).all())
    return ids
