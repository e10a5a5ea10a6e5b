"""quotebank: find quotations in text, remember who said them and where, answer
"who said this?", and cite the source.

The public API is everything listed in ``__all__``; modules whose names start with
an underscore, and the subpackages' internals, may change without notice.
"""

from __future__ import annotations

import contextlib

from quotebank.bank import QuoteBank, seeds_path
from quotebank.citation import (
    Formatter,
    StyleSpec,
    cite,
    get_style,
    quotation_citation,
    register_style,
    secondary_prefix,
    style_names,
    to_bibtex,
)
from quotebank.errors import (
    BinaryFileError,
    DecodingError,
    DuplicateDocumentError,
    ExtractionTimeoutError,
    InputError,
    InputTooLargeError,
    MetadataError,
    MigrationError,
    NotFoundError,
    NothingToIngestError,
    QuotebankError,
    ReadOnlyStoreError,
    SourceNotFoundError,
    StoreError,
    StoreFullError,
    StoreNotFoundError,
)
from quotebank.extraction import decode_text, extract, read_text
from quotebank.models import (
    DateParts,
    Failure,
    IngestReport,
    Match,
    MatchKind,
    Mention,
    Name,
    Occurrence,
    QuotationCitation,
    QuotationRecord,
    Quote,
    QuoteKind,
    Source,
    SourceRecord,
    SpeakerRecord,
)
from quotebank.normalize import normalize_quote
from quotebank.store.metadata import load_metadata

__version__ = "0.1.0"

__all__ = [
    "BinaryFileError",
    "DateParts",
    "DecodingError",
    "DuplicateDocumentError",
    "ExtractionTimeoutError",
    "Failure",
    "Formatter",
    "IngestReport",
    "InputError",
    "InputTooLargeError",
    "Match",
    "MatchKind",
    "Mention",
    "MetadataError",
    "MigrationError",
    "Name",
    "NotFoundError",
    "NothingToIngestError",
    "Occurrence",
    "QuotationCitation",
    "QuotationRecord",
    "Quote",
    "QuoteBank",
    "QuoteKind",
    "QuotebankError",
    "ReadOnlyStoreError",
    "Source",
    "SourceNotFoundError",
    "SourceRecord",
    "SpeakerRecord",
    "StoreError",
    "StoreFullError",
    "StoreNotFoundError",
    "StyleSpec",
    "__version__",
    "cite",
    "decode_text",
    "extract",
    "extract_file",
    "get_style",
    "load_metadata",
    "normalize_quote",
    "quotation_citation",
    "read_text",
    "register_style",
    "secondary_prefix",
    "seeds_path",
    "style_names",
    "to_bibtex",
]


def extract_file(path: str, *, encoding: str = "utf-8") -> list[Quote]:
    """Read a text file (with the checks of :func:`read_text`) and :func:`extract` it."""
    return extract(read_text(path, encoding=encoding))


for _name in __all__:
    _obj = globals().get(_name)
    if _name != "__version__" and hasattr(_obj, "__module__"):
        with contextlib.suppress(AttributeError, TypeError):
            _obj.__module__ = "quotebank"
del _name, _obj
