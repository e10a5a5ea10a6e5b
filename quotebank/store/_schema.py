"""The SQLAlchemy 2 schema of the quote store (typed ORM, named constraints).

These classes never leave :mod:`quotebank.store`: callers get Pydantic models from
:mod:`quotebank.models`. Alembic revisions in ``quotebank/_migrations/versions`` own the schema on
disk; ``tests/store/test_migrations.py`` checks that they and these classes agree.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

__all__ = [
    "HAND_MADE",
    "Base",
    "Document",
    "Occurrence",
    "Quotation",
    "Source",
    "Speaker",
    "SpeakerAlias",
    "Variant",
]

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


#: Objects made by hand in revisions 0002/0003 (the text indexes), not ORM metadata.
HAND_MADE = ("quotations_fts", "ix_quotations_normalized_trgm", "ix_quotations_normalized_tsv")


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Alembic filter: leave the hand-made text indexes out of autogenerate."""
    return not (name and name.startswith(HAND_MADE))


class Base(DeclarativeBase):
    """Declarative base with a naming convention, so constraints match on every backend."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Source(Base):
    """A bibliographic source: an article, report, post or web page (CSL-JSON)."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(512), unique=True)
    type: Mapped[str] = mapped_column(String(64), default="article")
    title: Mapped[str | None] = mapped_column(Text)
    issued: Mapped[str | None] = mapped_column(String(32))
    url: Mapped[str | None] = mapped_column(Text)
    csl: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())

    documents: Mapped[list[Document]] = relationship(back_populates="source")


class Document(Base):
    """The text of one source as ingested, identified by a key and a content hash."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(1024), unique=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    path: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    text: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())

    source: Mapped[Source] = relationship(back_populates="documents")


class Speaker(Base):
    """One canonical speaker: a named person, or an unnamed description."""

    __tablename__ = "speakers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(256), unique=True)
    named: Mapped[bool] = mapped_column(Boolean, default=True)

    aliases: Mapped[list[SpeakerAlias]] = relationship(back_populates="speaker", cascade="all, delete-orphan")


class SpeakerAlias(Base):
    """Another way of naming a speaker ("Khamenei", "Ayatollah Khamenei"), folded."""

    __tablename__ = "speaker_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(256))
    folded: Mapped[str] = mapped_column(String(256), index=True)

    speaker: Mapped[Speaker] = relationship(back_populates="aliases")

    __table_args__ = (UniqueConstraint("speaker_id", "folded"),)


class Quotation(Base):
    """One distinct quotation (per speaker) across all sources."""

    __tablename__ = "quotations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)
    normalized: Mapped[str] = mapped_column(Text)
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)

    speaker: Mapped[Speaker | None] = relationship()
    occurrences: Mapped[list[Occurrence]] = relationship(
        back_populates="quotation", cascade="all, delete-orphan"
    )


class Occurrence(Base):
    """A quotation standing in a source: where, in which words, credited how."""

    __tablename__ = "occurrences"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quotation_id: Mapped[int] = mapped_column(ForeignKey("quotations.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    paragraph: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    context: Mapped[str | None] = mapped_column(Text)
    speaker_mention: Mapped[str | None] = mapped_column(Text)
    cue: Mapped[str | None] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16))
    confidence: Mapped[float] = mapped_column(Float, default=1.0)

    quotation: Mapped[Quotation] = relationship(back_populates="occurrences")
    source: Mapped[Source] = relationship()

    __table_args__ = (Index("ix_occurrences_document_span", "document_id", "start", "end", unique=True),)


class Variant(Base):
    """Two quotations that are wordings of one remark ("drank the poison chalice")."""

    __tablename__ = "variants"

    quotation_id: Mapped[int] = mapped_column(
        ForeignKey("quotations.id", ondelete="CASCADE"), primary_key=True
    )
    variant_id: Mapped[int] = mapped_column(
        ForeignKey("quotations.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    score: Mapped[float] = mapped_column(Float)
