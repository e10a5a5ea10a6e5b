"""Citations in any CSL style: APA 7th, Chicago (18th and 17th editions) and every other.

quotebank's citation layer is a CSL 1.0.2 processor (``quotebank.citation._csl``) that
reads the official ``.csl`` style files and locales. :func:`cite` formats one source;
:class:`Formatter` formats many in one style and sorts a bibliography the way the style
sorts (:mod:`~quotebank.citation.formatter`); :func:`quotation_citation` builds a
ready-to-paste quotation with its citation or note (:mod:`~quotebank.citation.quoting`).
The processor is held to the official CSL test suite and, character for character, to
citeproc-js running the same style files (see ``tests/citation``).

This module only re-exports the public names; modules with a leading underscore are
internal.
"""

from __future__ import annotations

from quotebank.citation._formatting import MODES, Mode
from quotebank.citation._items import CSL_TYPES
from quotebank.citation._markup import OutputFormat
from quotebank.citation.bibtex import to_bibtex
from quotebank.citation.formatter import Formatter, all_style_names, cite
from quotebank.citation.quoting import quotation_citation, secondary_prefix, speaker_name
from quotebank.citation.registry import StyleSpec, get_style, register_style, style_names

__all__ = [
    "CSL_TYPES",
    "MODES",
    "Formatter",
    "Mode",
    "OutputFormat",
    "StyleSpec",
    "all_style_names",
    "cite",
    "get_style",
    "quotation_citation",
    "register_style",
    "secondary_prefix",
    "speaker_name",
    "style_names",
    "to_bibtex",
]
