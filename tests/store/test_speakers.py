"""The speaker resolver, as a table: which stored person each new name goes to.

Each row stores some names first (earlier documents), then resolves one more and says
which of the stored names it must land on (or that it is a new speaker). The names are
of our own invention; each row shows one rule of ``resolve_speakers``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from quotebank.store._database import Database
from quotebank.store._migrate import upgrade
from quotebank.store._speakers import SpeakerRef, resolve_speakers

NEW = "(new speaker)"

ROWS = [
    # (stored before, one batch each; the new reference; where it must land)
    ([["Dana Okafor"]], SpeakerRef("Dana Okafor"), "Dana Okafor"),
    # a bare surname goes to the one person it is the surname of
    ([["Dana Okafor"]], SpeakerRef("Okafor"), "Dana Okafor"),
    # case, accents and titles do not make another person
    ([["Inès Duval"]], SpeakerRef("ines duval"), "Inès Duval"),
    ([["Dana Okafor"]], SpeakerRef("Senator Dana Okafor"), "Dana Okafor"),
    # a full name upgrades a speaker known so far only by the surname
    ([["Okafor"]], SpeakerRef("Dana Okafor"), "Okafor"),
    # another given name with the same surname is another person
    ([["Dana Okafor"]], SpeakerRef("Femi Okafor"), NEW),
    # an unnamed description is its own speaker, matched by its words only
    ([["Dana Okafor"]], SpeakerRef("a senior official", named=False), NEW),
    ([], SpeakerRef("the harbour master", named=False), NEW),
]


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'speakers.db'}")
    upgrade(database)
    yield database
    database.dispose()


def _resolve(db: Database, refs: list[SpeakerRef]) -> dict[tuple[str, bool], int]:
    return db.write(lambda session: resolve_speakers(session, refs)[0])


@pytest.mark.parametrize(("before", "ref", "lands_on"), ROWS)
def test_where_a_name_lands(db: Database, before: list[list[str]], ref: SpeakerRef, lands_on: str) -> None:
    stored: dict[str, int] = {}
    for batch in before:
        ids = _resolve(db, [SpeakerRef(n) for n in batch])
        stored.update({name: sid for (name, _named), sid in ids.items()})
    got = _resolve(db, [ref])[ref.key]
    if lands_on == NEW:
        assert got not in stored.values()
    else:
        assert got == stored[lands_on]


def test_a_shared_surname_goes_to_the_person_quoted_more(tmp_path: Path) -> None:
    from quotebank import QuoteBank

    with QuoteBank(str(tmp_path / "s.db")) as bank:
        bank.ingest_text("“The tide is early,” said Dana Okafor. “And cold,” said Dana Okafor again.")
        bank.ingest_text("“The nets are full,” said Femi Okafor.")
        bank.ingest_text("“We sail at dawn,” Okafor said.")
        (record,) = [r for r in bank.quotes_by("Dana Okafor") if r.text.startswith("We sail")]
    assert record.speaker == "Dana Okafor"
