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
    ExtractionTimeoutError,
    InputError,
    InputTooLargeError,
    MetadataError,
    MigrationError,
    NotFoundError,
    QuotebankError,
    SourceNotFoundError,
    StoreError,
)
from quotebank.extraction import decode_text, extract, read_text
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
from quotebank.normalize import normalize_quote

__version__ = "0.1.0"

__all__ = [
    "BinaryFileError",
    "Credit",
    "DateParts",
    "DecodingError",
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
    "Occurrence",
    "QuotationCitation",
    "QuotationRecord",
    "Quote",
    "QuoteBank",
    "QuoteKind",
    "QuotebankError",
    "Source",
    "SourceNotFoundError",
    "SourceRecord",
    "SpeakerRecord",
    "StoreError",
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
