"""quotebank: find quotations in text, remember who said them and where, answer
"who said this?", and cite the source.

The public API is everything listed in ``__all__``; modules whose names start with
an underscore, and the subpackages' internals, may change without notice.
"""

from __future__ import annotations

import contextlib
import os

from quotebank import citation as _citation
from quotebank import extraction as _extraction
from quotebank._boundary import public as _public
from quotebank.bank import QuoteBank, seeds_path
from quotebank.citation import Formatter, StyleSpec, style_names
from quotebank.errors import (
    BinaryFileError,
    DecodingError,
    DuplicateDocumentError,
    ExtractionTimeoutError,
    InputError,
    InputTooLargeError,
    InputTypeError,
    MetadataError,
    MigrationError,
    MissingDependencyError,
    NotFoundError,
    NothingToIngestError,
    QuotebankError,
    ReadOnlyStoreError,
    SourceNotFoundError,
    StoreError,
    StoreFullError,
    StoreNotFoundError,
)
from quotebank.models import (
    Credit,
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
    Verdict,
    Verification,
    Wording,
)
from quotebank.normalize import normalize_quote as _normalize_quote
from quotebank.store import _metadata as _metadata

# the error boundary: wrong-typed arguments raise InputTypeError, never a foreign error
extract = _public(_extraction.extract)
read_text = _public(_extraction.read_text)
read_document = _public(_extraction.read_document)
decode_text = _public(_extraction.decode_text)
normalize_quote = _public(_normalize_quote)
load_metadata = _public(_metadata.load_metadata)
cite = _public(_citation.cite)
quotation_citation = _public(_citation.quotation_citation)
secondary_prefix = _public(_citation.secondary_prefix)
get_style = _public(_citation.get_style)
register_style = _public(_citation.register_style)
to_bibtex = _public(_citation.to_bibtex)

__version__ = "0.1.0"

__all__ = [
    "BinaryFileError",
    "Credit",
    "DateParts",
    "DecodingError",
    "DuplicateDocumentError",
    "ExtractionTimeoutError",
    "Failure",
    "Formatter",
    "IngestReport",
    "InputError",
    "InputTooLargeError",
    "InputTypeError",
    "Match",
    "MatchKind",
    "Mention",
    "MetadataError",
    "MigrationError",
    "MissingDependencyError",
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
    "Verdict",
    "Verification",
    "Wording",
    "__version__",
    "cite",
    "decode_text",
    "extract",
    "extract_file",
    "get_style",
    "load_metadata",
    "normalize_quote",
    "quotation_citation",
    "read_document",
    "read_text",
    "register_style",
    "secondary_prefix",
    "seeds_path",
    "style_names",
    "to_bibtex",
]


@_public
def extract_file(path: str | os.PathLike[str], *, encoding: str = "utf-8") -> list[Quote]:
    """Read a document as ``ingest`` reads it (HTML converted to text, the checks of
    :func:`read_text`) and :func:`extract` it."""
    return extract(_extraction.read_document(path, encoding=encoding))


for _name in __all__:
    _obj = globals().get(_name)
    if _name != "__version__" and hasattr(_obj, "__module__"):
        with contextlib.suppress(AttributeError, TypeError):
            _obj.__module__ = "quotebank"
del _name, _obj
