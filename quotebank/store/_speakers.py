"""The speaker resolver: one canonical person behind many names, for ingest and import.

"Khamenei", "Ayatollah Khamenei", "President Khamenei" and "Ali Khamenei" are one
speaker. Every named speaker is stored with aliases (its full name, its surname, and
the title-stripped words texts use for it); a new name is matched against them:

- a full name goes to the speaker with exactly that name, else to one that has it as
  an alias, else it upgrades a speaker known so far only by its surname;
- a single word goes to the one person it is an alias of (the most quoted, if several);
- an unnamed description ("a senior official") is its own speaker, matched by text.

Names are resolved a batch at a time (a document, or a batch of imported records) with
a handful of queries, and created with ``INSERT … ON CONFLICT DO NOTHING``, so writers
running at once agree on one row per name instead of failing on each other's keys.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from quotebank._names import fold_name, split_name, strip_titles, surname
from quotebank.models import Name
from quotebank.store._schema import Quotation, Speaker, SpeakerAlias
from quotebank.store._upsert import insert_ignore

__all__ = ["SpeakerRef", "fold_name", "resolve_speakers", "speaker_parts", "surname"]


@dataclass(frozen=True, slots=True)
class SpeakerRef:
    """A speaker as a text names it.

    Attributes:
        name: The name (or, for an unnamed speaker, the description).
        named: Whether ``name`` is a person's name rather than a description.
        mention: The words the text used ("Ayatollah Khamenei"), kept as an alias
            when they name the same person.
    """

    name: str
    named: bool = True
    mention: str | None = None

    @property
    def key(self) -> tuple[str, bool]:
        """What the resolver's answer is keyed by: the name with its spaces tidied, and ``named``."""
        return " ".join(self.name.split()), self.named


@dataclass(slots=True)
class _Batch:
    """One resolution: the ids found, and how many speakers were created."""

    ids: dict[tuple[str, bool], int]
    created: int = 0


def resolve_speakers(session: Session, refs: Iterable[SpeakerRef]) -> tuple[dict[tuple[str, bool], int], int]:
    """Find or create the speaker of every reference: ``({ref.key: id}, created)``.

    Runs inside the caller's transaction; safe against other writers doing the same.
    """
    refs = [r for r in refs if r.name.strip()]
    batch = _Batch(ids={})
    unnamed = sorted({r.key[0] for r in refs if not r.named})
    named = sorted({r.key[0] for r in refs if r.named})
    if unnamed:
        ids = _create(session, unnamed, named=False, batch=batch)
        batch.ids.update({(n, False): i for n, i in ids.items()})
    if named:
        _resolve_named(session, named, batch)
        aliases: set[tuple[int, str]] = set()
        for name in named:
            sid = batch.ids[(name, True)]
            aliases.add((sid, name))
            last = surname(name)
            if last is not None:
                aliases.add((sid, last))
        speaker_names = _names(session, {batch.ids[(n, True)] for n in named})
        for ref in refs:
            if ref.named and ref.mention:
                sid = batch.ids[ref.key]
                bare = strip_titles(ref.mention)
                if bare and set(fold_name(bare).split()) <= set(fold_name(speaker_names[sid]).split()):
                    aliases.add((sid, bare))
        _add_aliases(session, aliases)
    return batch.ids, batch.created


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    return dict(session.execute(select(Speaker.id, Speaker.name).where(Speaker.id.in_(ids))).all())


def _resolve_named(session: Session, names: list[str], batch: _Batch) -> None:
    folded = {n: fold_name(n) for n in names}
    candidates: dict[str, list[tuple[int, str]]] = {}
    for sid, key, sname in session.execute(
        select(SpeakerAlias.speaker_id, SpeakerAlias.folded, Speaker.name)
        .join(Speaker)
        .where(SpeakerAlias.folded.in_(set(folded.values())), Speaker.named.is_(True))
        .order_by(SpeakerAlias.speaker_id)
    ):
        candidates.setdefault(key, []).append((sid, sname))
    counts = _quotation_counts(session, {sid for c in candidates.values() for sid, _ in c})

    def pick(name: str) -> int | None:
        found = candidates.get(folded[name])
        if not found:
            return None
        if len(name.split()) > 1:
            exact = [sid for sid, sname in found if fold_name(sname) == folded[name]]
            return exact[0] if exact else found[0][0]
        ids = sorted({sid for sid, _ in found})
        return max(ids, key=lambda i: (counts.get(i, 0), -i))

    full = [n for n in names if len(n.split()) > 1]
    single = [n for n in names if len(n.split()) == 1]
    unresolved: list[str] = []
    for name in full:
        picked = pick(name)
        if picked is None:
            unresolved.append(name)
        else:
            batch.ids[(name, True)] = picked
    unresolved = _upgrade_surnames(session, unresolved, folded, batch)
    created = _create(session, unresolved, named=True, batch=batch)
    for name, sid in created.items():
        batch.ids[(name, True)] = sid
    # a single word now finds the full names resolved or created above
    by_surname: dict[str, int] = {}
    for name in full:
        by_surname.setdefault(fold_name(name.split()[-1]), batch.ids[(name, True)])
    lone: list[str] = []
    for name in single:
        picked = pick(name) or by_surname.get(folded[name])
        if picked is None:
            lone.append(name)
        else:
            batch.ids[(name, True)] = picked
    for name, sid in _create(session, lone, named=True, batch=batch).items():
        batch.ids[(name, True)] = sid


def _upgrade_surnames(session: Session, names: list[str], folded: dict[str, str], batch: _Batch) -> list[str]:
    """A speaker known only by a surname becomes the first full name that ends with it."""
    if not names:
        return names
    surnames = {folded[n].split()[-1] for n in names if folded[n]}
    solos = {
        sname.casefold(): sid
        for sid, sname in session.execute(
            select(Speaker.id, Speaker.name).where(
                Speaker.named.is_(True), func.lower(Speaker.name).in_(surnames)
            )
        )
    }
    taken = set(session.scalars(select(Speaker.name).where(Speaker.name.in_(names))))
    left: list[str] = []
    for name in names:
        sid = solos.pop(folded[name].split()[-1], None) if folded[name] else None
        if sid is None or name in taken:
            left.append(name)
            continue
        session.execute(update(Speaker).where(Speaker.id == sid).values(name=name))
        batch.ids[(name, True)] = sid
    return left


def _create(session: Session, names: list[str], *, named: bool, batch: _Batch) -> dict[str, int]:
    """Ids of speakers called ``names``, inserting those that do not exist yet."""
    if not names:
        return {}
    rows = insert_ignore(
        session,
        Speaker,
        [{"name": n, "named": named} for n in names],
        conflict=["name"],
        returning=["name", "id"],
    )
    batch.created += len(rows)
    ids = {name: sid for name, sid in rows}
    missing = [n for n in names if n not in ids]
    if missing:
        ids.update(session.execute(select(Speaker.name, Speaker.id).where(Speaker.name.in_(missing))).all())
    return ids


def _add_aliases(session: Session, aliases: set[tuple[int, str]]) -> None:
    rows: dict[tuple[int, str], dict[str, object]] = {}
    for sid, alias in aliases:
        key = fold_name(alias)
        if key:
            rows.setdefault((sid, key), {"speaker_id": sid, "alias": alias, "folded": key})
    insert_ignore(session, SpeakerAlias, list(rows.values()), conflict=["speaker_id", "folded"])


def _quotation_counts(session: Session, ids: set[int]) -> dict[int, int]:
    if not ids:
        return {}
    return {
        int(sid): count
        for sid, count in session.execute(
            select(Quotation.speaker_id, func.count())
            .where(Quotation.speaker_id.in_(ids))
            .group_by(Quotation.speaker_id)
        )
        if sid is not None
    }


def speaker_parts(session: Session, speaker_id: int) -> Name | None:
    """A stored speaker's name as CSL parts, its family name learnt from its aliases.

    ``None`` when there is no such speaker. An unnamed speaker ("the harbour master")
    is a literal name.
    """
    speaker = session.get(Speaker, speaker_id)
    if speaker is None:
        return None
    if not speaker.named:
        return Name(literal=speaker.name)
    aliases = session.scalars(select(SpeakerAlias.alias).where(SpeakerAlias.speaker_id == speaker_id))
    return split_name(speaker.name, aliases)
