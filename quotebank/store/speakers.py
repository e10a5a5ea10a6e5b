"""Get-or-create for speakers: one canonical person behind many names.

"Khamenei", "Ayatollah Khamenei", "President Khamenei" and "Ali Khamenei" are one
speaker. Every named speaker is stored with aliases (its full name, its surname, and
the title-stripped words texts use for it); a new name is matched against them.
"""

from __future__ import annotations

import functools
import unicodedata

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quotebank.extraction.patterns import NOT_PERSON
from quotebank.extraction.people import strip_titles
from quotebank.store.schema import Quotation, Speaker, SpeakerAlias

__all__ = ["fold_name", "get_or_create_speaker"]


@functools.lru_cache(maxsize=65536)
def fold_name(name: str) -> str:
    """Case-, accent- and title-insensitive form of a name: ``Āyatollah Khāmenei`` → ``khamenei``."""
    stripped = strip_titles(" ".join(name.replace("’", "'").split()))
    decomposed = unicodedata.normalize("NFKD", stripped or name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _add_alias(session: Session, speaker: Speaker, alias: str) -> None:
    folded = fold_name(alias)
    if not folded:
        return
    exists = session.scalar(
        select(SpeakerAlias.id).where(
            SpeakerAlias.speaker_id == speaker.id, SpeakerAlias.folded == folded
        )
    )
    if exists is None:
        session.add(SpeakerAlias(speaker_id=speaker.id, alias=alias, folded=folded))


def _busiest(session: Session, ids: list[int]) -> int:
    counts = dict(
        session.execute(
            select(Quotation.speaker_id, func.count())
            .where(Quotation.speaker_id.in_(ids))
            .group_by(Quotation.speaker_id)
        ).all()
    )
    return max(ids, key=lambda i: (counts.get(i, 0), -i))


def get_or_create_speaker(
    session: Session, name: str, *, named: bool, mention: str | None = None
) -> tuple[Speaker, bool]:
    """The speaker called ``name``, created if new: ``(speaker, created)``.

    Named speakers are matched through their aliases; a surname alone goes to the one
    person with that surname (the one most quoted, if several), and a full name
    upgrades a speaker known so far only by surname.
    """
    name = " ".join(name.split())
    if not named:
        speaker = session.scalar(select(Speaker).where(Speaker.name == name))
        if speaker is not None:
            return speaker, False
        speaker = Speaker(name=name, named=False)
        session.add(speaker)
        session.flush()
        return speaker, True

    folded = fold_name(name)
    tokens = folded.split()
    ids = list(
        session.scalars(
            select(SpeakerAlias.speaker_id)
            .join(Speaker)
            .where(SpeakerAlias.folded == folded, Speaker.named.is_(True))
            .distinct()
        )
    )
    found: Speaker | None = None
    if len(tokens) > 1:
        # exactly this full name first
        exact = [i for i in ids if fold_name(session.get_one(Speaker, i).name) == folded]
        if exact:
            found = session.get_one(Speaker, exact[0])
        elif ids:
            found = session.get_one(Speaker, ids[0])
        else:
            # a speaker known only by the surname becomes this full name
            solo = session.scalar(
                select(Speaker).where(Speaker.named.is_(True), func.lower(Speaker.name) == tokens[-1])
            )
            if solo is not None and session.scalar(select(Speaker.id).where(Speaker.name == name)) is None:
                solo.name = name
                found = solo
    elif ids:
        found = session.get_one(Speaker, ids[0] if len(ids) == 1 else _busiest(session, ids))
    created = found is None
    if found is None:
        found = Speaker(name=name, named=True)
        session.add(found)
        session.flush()
    speaker = found
    _add_alias(session, speaker, name)
    if len(tokens) > 1 and name.split()[-1] not in NOT_PERSON:
        _add_alias(session, speaker, name.split()[-1])
    if mention:
        bare = strip_titles(mention)
        if bare and set(fold_name(bare).split()) <= set(fold_name(speaker.name).split()):
            _add_alias(session, speaker, bare)
    return speaker, created
