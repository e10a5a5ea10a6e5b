"""The quote store: SQLAlchemy schema, Alembic migrations, ingest, import and lookup.

Use it through :class:`quotebank.QuoteBank`; nothing in here hands SQLAlchemy
objects to callers.
"""
