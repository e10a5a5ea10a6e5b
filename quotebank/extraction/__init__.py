"""The quotation extractor: every quote, its speaker, its context.

>>> from quotebank import extract
>>> [q.speaker for q in extract("“We will prevail,” said Ali Khamenei.")]
['Ali Khamenei']

This package re-exports the public names; the work is done in private modules:
:mod:`.reading` turns files into text, ``_scanner`` pairs quote marks, ``_people``
finds who the text names, ``_grammar`` and ``_attribution`` match the clauses that
credit a speaker, ``_sentences`` finds the sentence around each quotation, and
``_extractor`` puts the steps together.
"""

from __future__ import annotations

from quotebank.extraction._extractor import extract
from quotebank.extraction.reading import (
    DEFAULT_MAX_BYTES,
    decode_text,
    read_document,
    read_text,
)

__all__ = ["DEFAULT_MAX_BYTES", "decode_text", "extract", "read_document", "read_text"]
