"""Every exception quotebank raises, in one place.

Catch :class:`QuotebankError` to handle any failure caused by input, metadata or the
store; each subclass also inherits the matching built-in exception, so existing
``except ValueError`` / ``except OSError`` handlers keep working.

The tree::

    QuotebankError
    ├── InputError (ValueError)             bad input the user can fix
    │   ├── InputTypeError (TypeError)      an argument of the wrong type
    │   ├── DecodingError                   bytes are not text in the given encoding
    │   ├── BinaryFileError                 the file holds binary data
    │   ├── InputTooLargeError              the input exceeds the size limit
    │   └── MetadataError                   a metadata file or record is malformed
    ├── SourceNotFoundError (FileNotFoundError)
    │                                       a path does not exist or is a directory
    ├── ExtractionTimeoutError (TimeoutError)
    │                                       a pattern ran past its time budget
    │   ├── DuplicateDocumentError          two inputs claim one document id
    │   └── NothingToIngestError            no document to ingest where one was expected
    ├── StoreError (RuntimeError)           the database failed or is unreachable
    │   ├── StoreNotFoundError              no store where a reading command looked
    │   ├── ReadOnlyStoreError              a write to a store opened read-only
    │   ├── StoreFullError                  the disk (or quota) holding the store is full
    │   └── MigrationError                  the schema could not be upgraded/downgraded
    └── NotFoundError (LookupError)         a quotation, source or speaker id is unknown

Foreign errors (``UnicodeDecodeError``, ``regex`` timeouts, SQLAlchemy and Pydantic
errors) are translated into these where they enter quotebank; a traceback from the
CLI always means a bug in quotebank, never a user mistake.
"""

from __future__ import annotations

__all__ = [
    "BinaryFileError",
    "DecodingError",
    "DuplicateDocumentError",
    "ExtractionTimeoutError",
    "InputError",
    "InputTooLargeError",
    "InputTypeError",
    "MetadataError",
    "MigrationError",
    "MissingDependencyError",
    "NotFoundError",
    "NothingToIngestError",
    "QuotebankError",
    "ReadOnlyStoreError",
    "SourceNotFoundError",
    "StoreError",
    "StoreFullError",
    "StoreNotFoundError",
]


class QuotebankError(Exception):
    """Base class of every error quotebank raises on purpose.

    Args:
        message: A one-line explanation that names the input and the cause.
        source: The file name, URL or id the error is about, when there is one.
    """

    #: Process exit code the CLI uses for this kind of error.
    exit_code: int = 1

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        if self.source:
            return f"{self.source}: {self.message}"
        return self.message

    def to_dict(self) -> dict[str, str | None]:
        """The one JSON shape every error takes in ``--json`` output."""
        return {"error": type(self).__name__, "message": self.message, "source": self.source}


class InputError(QuotebankError, ValueError):
    """The input cannot be used as given; the user can fix it and try again."""

    exit_code = 2


class InputTypeError(InputError, TypeError):
    """Raised when a public function gets an argument of the wrong type (bytes for text …).

    It is a :class:`TypeError` too, so ``except TypeError`` handlers keep working.
    """


class DecodingError(InputError):
    """Raised when bytes do not decode in the requested encoding (default UTF-8)."""


class BinaryFileError(InputError):
    """Raised when a file holds binary data (NUL bytes or mostly control characters)."""


class InputTooLargeError(InputError):
    """Raised when a document is larger than the configured ``max_bytes``."""


class MetadataError(InputError):
    """Raised when a metadata file or record is malformed; the message names the field."""


class DuplicateDocumentError(InputError):
    """Raised when two inputs of one ingest carry the same document id (a copied template)."""


class NothingToIngestError(InputError):
    """Raised when the paths given hold no document quotebank can read."""


class SourceNotFoundError(QuotebankError, FileNotFoundError):
    """Raised when a path does not exist, or is a directory where a file was needed."""

    exit_code = 2


class ExtractionTimeoutError(QuotebankError, TimeoutError):
    """Raised when a pattern exceeds its time budget on pathological input."""


class StoreError(QuotebankError, RuntimeError):
    """Raised when the database cannot be opened, queried or written."""


class StoreNotFoundError(StoreError):
    """Raised when a command that only reads finds no store at the URL or path given.

    Reading never creates a store: a mistyped ``--db`` is an error, not an empty answer.
    """

    exit_code = 2


class ReadOnlyStoreError(StoreError):
    """Raised when a store opened read-only (or on a read-only medium) is asked to write."""


class StoreFullError(StoreError):
    """Raised when the disk or quota holding the store is full; later writes would fail too."""


class MigrationError(StoreError):
    """Raised when the schema cannot be migrated to the requested revision."""


class NotFoundError(QuotebankError, LookupError):
    """Raised when a quotation, source or speaker id does not exist in the store."""

    exit_code = 3


class MissingDependencyError(QuotebankError, ImportError):
    """Raised when a feature needs an optional extra that is not installed
    (``pip install 'quotebank[spark]'`` for Spark, ``'quotebank[parquet]'`` for Parquet)."""
