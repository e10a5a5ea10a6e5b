"""CSL locales: terms (forms, plurals, genders), date formats, ordinals and options.

A style's own ``<locale>`` elements override the locale file, most specific first
(``en-GB`` in the style, then ``en``, then a style locale with no language, then the file).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

__all__ = ["Locale", "Term", "load_locale_file", "strip_ns"]

LOCALE_DIR = Path(__file__).parent / "locales"

#: Fallbacks between term forms (CSL 1.0.2, "Terms").
_FORM_FALLBACK = {
    "verb-short": ("verb-short", "verb", "long"),
    "symbol": ("symbol", "short", "long"),
    "verb": ("verb", "long"),
    "short": ("short", "long"),
    "long": ("long",),
}


def strip_ns(root: ET.Element) -> ET.Element:
    """Drop XML namespaces from every tag (and ``xml:lang`` becomes ``lang``)."""
    for el in root.iter():
        if isinstance(el.tag, str) and "}" in el.tag:
            el.tag = el.tag.split("}", 1)[1]
        for key in list(el.attrib):
            if "}" in key:
                el.attrib[key.split("}", 1)[1]] = el.attrib.pop(key)
    return root


@dataclass
class Term:
    """One term in one form: singular and plural text, gender and ordinal match."""

    single: str
    multiple: str
    gender: str = ""
    gender_form: str = ""
    match: str = ""


@dataclass
class LocaleLayer:
    """What one ``<locale>`` element (file or in-style) defines."""

    terms: dict[tuple[str, str], list[Term]] = field(default_factory=dict)
    dates: dict[str, ET.Element] = field(default_factory=dict)
    options: dict[str, str] = field(default_factory=dict)
    has_ordinals: bool = False


def parse_layer(el: ET.Element) -> LocaleLayer:
    """Read one ``<locale>`` element."""
    layer = LocaleLayer()
    for child in el:
        if child.tag == "style-options":
            layer.options.update(child.attrib)
        elif child.tag == "date":
            layer.dates[child.get("form", "text")] = child
        elif child.tag == "terms":
            for t in child:
                if t.tag != "term":
                    continue
                name = t.get("name", "")
                if name.startswith("ordinal"):
                    layer.has_ordinals = True
                form = t.get("form", "long")
                single_el = t.find("single")
                multiple_el = t.find("multiple")
                if single_el is not None or multiple_el is not None:
                    single = (single_el.text or "") if single_el is not None else ""
                    multiple = (multiple_el.text or "") if multiple_el is not None else single
                else:
                    single = multiple = t.text or ""
                term = Term(
                    single, multiple, t.get("gender", ""), t.get("gender-form", ""), t.get("match", "")
                )
                layer.terms.setdefault((name, form), []).append(term)
    return layer


@lru_cache(maxsize=64)
def load_locale_file(lang: str) -> LocaleLayer | None:
    """The shipped locale file for ``lang`` (``en-US``), or None."""
    path = LOCALE_DIR / f"locales-{lang}.xml"
    if not path.exists():
        return None
    return parse_layer(strip_ns(ET.parse(path).getroot()))


_PRIMARY = {"en": "en-US", "de": "de-DE", "fr": "fr-FR", "es": "es-ES", "pt": "pt-PT", "zh": "zh-CN"}


class Locale:
    """Terms, date formats and options for one language, layered as CSL says."""

    def __init__(self, layers: list[LocaleLayer], lang: str) -> None:
        self.layers = layers
        self.lang = lang
        self._cache: dict[tuple[str, str, bool, str], str | None] = {}
        self.options: dict[str, str] = {}
        for layer in reversed(layers):
            self.options.update(layer.options)
        self.punctuation_in_quote = self.options.get("punctuation-in-quote") == "true"
        self.limit_day_ordinals = self.options.get("limit-day-ordinals-to-day-1") == "true"
        # ordinals: if any layer defines ordinal terms, layers below it are not used for them
        self._ordinal_layers = layers
        for i, layer in enumerate(layers):
            if layer.has_ordinals:
                self._ordinal_layers = layers[: i + 1]
                break

    @classmethod
    def build(cls, lang: str, style_locales: list[ET.Element]) -> Locale:
        """The locale for ``lang`` with the style's ``<locale>`` overrides on top."""
        base = lang.split("-")[0]
        exact = [el for el in style_locales if el.get("lang") == lang]
        general = [el for el in style_locales if el.get("lang") == base and base != lang]
        anylang = [el for el in style_locales if not el.get("lang")]
        layers = [parse_layer(el) for el in exact + general + anylang]
        file_layer = load_locale_file(lang) or load_locale_file(_PRIMARY.get(base, lang))
        if file_layer is None:
            same_language = sorted(LOCALE_DIR.glob(f"locales-{base}-*.xml")) or sorted(
                LOCALE_DIR.glob(f"locales-{base}.xml")
            )
            if same_language:
                file_layer = load_locale_file(same_language[0].stem.removeprefix("locales-"))
        if file_layer is None:
            file_layer = load_locale_file("en-US")
        if file_layer is not None:
            layers.append(file_layer)
        if base != "en" or file_layer is None:
            fallback = load_locale_file("en-US")
            if fallback is not None and fallback is not file_layer:
                layers.append(fallback)
        return cls(layers, lang)

    def _find(self, name: str, form: str, layers: list[LocaleLayer]) -> list[Term] | None:
        for f in _FORM_FALLBACK.get(form, (form, "long")):
            for layer in layers:
                terms = layer.terms.get((name, f))
                if terms is not None:
                    return terms
        return None

    def term_obj(self, name: str, form: str = "long", gender: str = "") -> Term | None:
        """The term object, preferring the given gender form."""
        terms = self._find(name, form, self.layers)
        if not terms:
            return None
        if gender:
            for t in terms:
                if t.gender_form == gender:
                    return t
        for t in terms:
            if not t.gender_form:
                return t
        return terms[0]

    def term(self, name: str, form: str = "long", plural: bool = False, gender: str = "") -> str | None:
        """The text of a term, or None when the locale has no such term."""
        key = (name, form, plural, gender)
        if key in self._cache:
            return self._cache[key]
        t = self.term_obj(name, form, gender)
        out = None if t is None else (t.multiple if plural else t.single)
        self._cache[key] = out
        return out

    def gender(self, name: str) -> str:
        """The gender of a noun term (``month-01``, ``edition``), or ``""``."""
        t = self.term_obj(name, "long")
        return t.gender if t else ""

    def date_format(self, form: str) -> ET.Element | None:
        """The locale's ``<date form=…>`` element."""
        for layer in self.layers:
            if form in layer.dates:
                return layer.dates[form]
        return None

    def ordinal(self, n: int, gender: str = "") -> str:
        """``1`` → ``1st`` by the locale's ordinal terms (CSL 1.0 matching rules)."""
        layers = self._ordinal_layers

        def pick(name: str) -> Term | None:
            for layer in layers:
                terms = layer.terms.get((name, "long"))
                if terms:
                    for t in terms:
                        if gender and t.gender_form == gender:
                            return t
                    for t in terms:
                        if not t.gender_form:
                            return t
                    return terms[0]
            return None

        suffix = None
        two, one = n % 100, n % 10
        if two >= 10:
            t = pick(f"ordinal-{two:02d}")
            if t is not None and (
                t.match in ("", "last-two-digits") or (t.match == "whole-number" and n == two)
            ):
                suffix = t.single
        if suffix is None:
            t = pick(f"ordinal-{one:02d}")
            if t is not None and (
                t.match in ("", "last-digit")
                or (t.match == "last-two-digits" and two == one)
                or (t.match == "whole-number" and n == one)
            ):
                suffix = t.single
        if suffix is None:
            t = pick("ordinal")
            suffix = t.single if t is not None else ""
        return f"{n}{suffix}"

    def long_ordinal(self, n: int, gender: str = "") -> str:
        """``1`` → ``first`` (numbers above ten fall back to the short ordinal)."""
        if 1 <= n <= 10:
            text = self.term(f"long-ordinal-{n:02d}", "long", False, gender)
            if text is not None:
                return text
        return self.ordinal(n, gender)
