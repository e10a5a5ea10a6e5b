"""A CSL style compiled into closures: each rendering element becomes a function of a context.

The style is read once; :func:`compile_layout` turns the ``<layout>`` of the citation or the
bibliography into one function that renders an item (with a cite) into a tree of
:class:`~quotebank.citation._csl.output.N`. Name options inherit from the style to the
citation or bibliography to each ``<names>``, as CSL 1.0.2 says.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from quotebank.citation._csl.data import CslDate, CslName, Item, citation_label
from quotebank.citation._csl.locale import Locale
from quotebank.citation._csl.output import FMT_ATTRS, N, is_empty, parse_markup, plain_text, text_case

__all__ = ["Ctx", "Render", "compile_layout"]

Piece = Any
Render = Callable[["Ctx"], Piece]

NUMBER_VARIABLES = frozenset(
    """chapter-number citation-number collection-number edition first-reference-note-number issue
    locator number number-of-pages number-of-volumes page page-first part-number printing-number
    section supplement-number version volume""".split()
)
_NO_MARKUP = frozenset({"URL", "DOI", "PMID", "PMCID", "ISBN", "ISSN"})


class Ctx:
    """Everything one rendering of one item needs, and what it records on the way."""

    __slots__ = (
        "called",
        "cite",
        "disambig",
        "etal_override",
        "givenname_level",
        "group_key",
        "item",
        "locale",
        "mode",
        "names_key",
        "names_out",
        "position",
        "rendered",
        "sort_mode",
        "style",
        "suppress_author",
        "suppressed",
        "track",
        "year_suffix",
        "ys_done",
    )

    def __init__(
        self, item: Item, locale: Locale, style: Any, mode: str, cite: dict[str, Any] | None = None
    ) -> None:
        self.item = item
        self.locale = locale
        self.style = style
        self.mode = mode
        self.cite = cite or {}
        self.position: int = int(self.cite.get("_position", 0))
        self.called = 0
        self.rendered = 0
        self.suppressed: set[str] = set()
        self.disambig = False
        self.etal_override: int | None = None
        self.givenname_level: dict[int, int] = {}
        self.year_suffix = ""
        self.sort_mode = False
        self.suppress_author = False
        self.names_out: list[str] | None = None
        self.names_key: str | None = None
        self.group_key = ""  # names_key, et-al included: what cite grouping compares
        self.track: list[str] | None = None
        self.ys_done = False


def _as_group(body: Render) -> Render:
    """``body`` with a group's suppression: it prints nothing when it calls variables and
    none of them prints; when it prints, it counts for the groups around it as a variable
    that printed."""
    marks = getattr(body, "__dict__", {})
    if marks.get("is_group") or body is _nothing:
        # a group around a group (a macro holding one group) or around nothing adds nothing:
        # the counts it would add only ever add to counts that are already above zero
        return body
    parts = marks.get("seq_parts")
    if parts is not None:
        return _group_seq(*parts)

    def group(ctx: Ctx) -> Piece:
        called, rendered = ctx.called, ctx.rendered
        ctx.called = ctx.rendered = 0
        out = body(ctx)
        c, r = ctx.called, ctx.rendered
        if c > 0 and r == 0:
            ctx.called, ctx.rendered = called + c, rendered
            return None
        printed = 0 if out is None or is_empty(out) else 1
        ctx.called, ctx.rendered = called + c + printed, rendered + r + printed
        return out

    group.__dict__["is_group"] = True
    return group


def _group_seq(kids_t: tuple[Render, ...], delim: str) -> Render:
    """``_as_group(_seq(kids, delim))`` as one function: a group's suppression around its
    children joined by its delimiter, without a call in between (groups are the commonest
    element of a style, and most of them print nothing for a given item)."""

    def group(ctx: Ctx) -> Piece:
        called, rendered = ctx.called, ctx.rendered
        ctx.called = ctx.rendered = 0
        out: list[Piece] = []
        for k in kids_t:
            p = k(ctx)
            if p is None or p == "" or (p.__class__ is N and is_empty(p)):
                continue
            if delim and out:
                out.append(delim)
            out.append(p)
        c, r = ctx.called, ctx.rendered
        if c > 0 and r == 0:
            ctx.called, ctx.rendered = called + c, rendered
            return None
        if not out:
            ctx.called, ctx.rendered = called + c, rendered + r
            return None
        res: Piece
        if ctx.sort_mode:
            res = "".join(plain_text(p) for p in out)
        elif len(out) == 1 and out[0].__class__ is N:
            res = out[0]
        else:
            res = N(out)
        printed = 0 if is_empty(res) else 1
        ctx.called, ctx.rendered = called + c + printed, rendered + r + printed
        return res

    group.__dict__["is_group"] = True
    return group


def _names_text(piece: Piece) -> str:
    """The names a list prints, one by one: what subsequent-author-substitute and cite
    grouping compare. citeproc-js compares the rendered names, so ``{"family": "Beijing
    Zoo"}`` and ``{"literal": "Beijing Zoo"}`` are one author, and neither the "and" before
    a last name nor the "et al." after a cut list counts."""
    found: list[str] = []

    def walk(node: Piece) -> None:
        if isinstance(node, N):
            if node.tag == "name":
                found.append(plain_text(node))
            else:
                for k in node.kids:
                    walk(k)

    walk(piece)
    return "\u0001".join(found)


def _fmt_of(el: ET.Element) -> dict[str, str] | None:
    fmt = {a: el.attrib[a] for a in FMT_ATTRS if a in el.attrib}
    return fmt or None


def _strip_periods(text: str) -> str:
    return text.replace(".", "")


def _wrap(el: ET.Element, inner: Render, *, affixes: bool = True) -> Render:
    """Affixes, formatting, quotes, display, text-case and strip-periods around ``inner``."""
    fmt = _fmt_of(el)
    prefix = el.get("prefix", "") if affixes else ""
    suffix = el.get("suffix", "") if affixes else ""
    quotes = el.get("quotes") == "true"
    display = el.get("display", "")
    case = el.get("text-case", "")
    if not (fmt or prefix or suffix or quotes or display or case):
        return inner

    def render(ctx: Ctx) -> Piece:
        out = inner(ctx)
        if is_empty(out):
            return None
        if case:
            lang = ctx.item.language or ctx.locale.lang
            english = lang.lower().startswith("en")
            out = text_case(out, case, english)
        if ctx.sort_mode:
            return out
        return N([out], fmt, prefix, suffix, quotes, display)

    return render


class Compiler:
    """Compiles the elements of one style for one context (citation or bibliography)."""

    def __init__(
        self, style: Any, context: str, name_opts: dict[str, str], item_type: str | None = None
    ) -> None:
        self.style = style
        self.context = context
        self.name_opts = name_opts
        #: when known, ``type`` conditions are decided here and the branches not taken dropped
        self.item_type = item_type
        self.macros: dict[str, Render] = {}
        self.inherit: tuple[Any, ...] | None = None

    # -- dispatch
    def compile(self, el: ET.Element, name_opts: dict[str, str] | None = None) -> Render:
        tag = el.tag
        fn = getattr(self, "c_" + tag.replace("-", "_"), None)
        if fn is None:
            return lambda ctx: None
        return fn(el)  # type: ignore[no-any-return]

    def children(self, el: ET.Element, delim: str = "") -> list[Render]:
        """The children of an element; a ``choose`` inside a group takes the group's delimiter."""
        return [
            self.c_choose(c, delim) if c.tag == "choose" else self.compile(c)
            for c in el
            if isinstance(c.tag, str)
        ]

    def macro(self, name: str) -> Render:
        if name in self.macros:
            return self.macros[name]
        holder: list[Render] = []

        def call(ctx: Ctx) -> Piece:
            return holder[0](ctx)

        self.macros[name] = call
        el = self.style.macros.get(name)
        saved, self.inherit = self.inherit, None
        if el is None:
            holder.append(lambda ctx: None)
        else:
            kids = self.children(el)
            holder.append(_seq(kids, ""))
        self.inherit = saved
        # ``call`` only serves a macro that calls itself while compiled; the rest call it directly
        self.macros[name] = holder[0]
        return holder[0]

    # -- layout
    def c_layout(self, el: ET.Element) -> Render:
        return _seq(self.children(el), "")

    # -- group
    def c_group(self, el: ET.Element) -> Render:
        delim = el.get("delimiter", "")
        kids = self.children(el, delim)
        body = _seq(kids, delim)

        return _wrap(el, _as_group(body))

    # -- choose
    def c_choose(self, el: ET.Element, delim: str = "") -> Render:
        branches: list[tuple[Callable[[Ctx], bool], Render]] = []
        for br in el:
            if br.tag not in ("if", "else-if", "else"):
                continue
            test = _condition(br, self.item_type) if br.tag != "else" else True
            if test is False:
                continue  # never taken for this item type
            body = _seq(self.children(br, delim), delim)
            if test is True:
                if not branches:
                    return body  # always taken: no test at all
                branches.append((_always, body))
                break
            branches.append((test, body))
        if not branches:
            return _nothing
        branches_t = tuple(branches)

        def choose(ctx: Ctx) -> Piece:
            for test, body in branches_t:
                if test(ctx):
                    return body(ctx)
            return None

        return choose

    # -- text
    def c_text(self, el: ET.Element) -> Render:
        if "macro" in el.attrib:
            m = self.macro(el.attrib["macro"])

            # a macro is a group (citeproc-js): it prints nothing when it calls variables
            # and none of them prints
            return _wrap(el, _as_group(m))
        strip = el.get("strip-periods") == "true"
        if "value" in el.attrib:
            value = el.attrib["value"]
            piece = parse_markup(value)
            return _wrap(el, lambda ctx: piece)
        if "term" in el.attrib:
            name, form, plural = el.attrib["term"], el.get("form", "long"), el.get("plural") == "true"

            def term(ctx: Ctx) -> Piece:
                t = ctx.locale.term(name, form, plural)
                if not t:
                    return None
                return N([parse_markup(_strip_periods(t) if strip else t)], tag="term")

            return _wrap(el, term)
        var = el.get("variable", "")
        form = el.get("form", "long")
        if var == "citation-number":

            def citation_number(ctx: Ctx) -> Piece:
                ctx.called += 1
                n = ctx.cite.get("_citation_number")
                if n is None:
                    return None
                ctx.rendered += 1
                if ctx.sort_mode:
                    return f"{int(n):08d}"
                return N([str(n)], tag="citation-number")

            return _wrap(el, citation_number)
        if var == "year-suffix":

            def year_suffix(ctx: Ctx) -> Piece:
                if not ctx.year_suffix:
                    return None
                ctx.rendered += 1
                return N([ctx.year_suffix], tag="year-suffix")

            return _wrap(el, year_suffix)
        if var == "locator":

            def locator(ctx: Ctx) -> Piece:
                ctx.called += 1
                value = ctx.cite.get("locator")
                if value in (None, ""):
                    return None
                ctx.rendered += 1
                text = str(value)
                if "&" in text and _numeric(text):
                    # numbers joined by "&" take the locale's ampersand (citeproc-js)
                    text = re.sub(r"\s*&\s*", f" {ctx.locale.term('and', 'symbol') or '&'} ", text)
                if ctx.cite.get("label", "page") == "page":
                    text = ctx.style.page_range(text, ctx.locale)
                else:
                    text = _NUMBER_RANGE.sub("\\1\u2013\\2", text)
                return parse_markup(text.replace("\\-", "-"))

            return _wrap(el, locator)
        if var == "citation-label":

            def label_text(ctx: Ctx) -> Piece:
                ctx.called += 1
                value = citation_label(ctx.item)
                if not value:
                    return None
                ctx.rendered += 1
                if ctx.year_suffix and not ctx.ys_done and not ctx.style.explicit_year_suffix:
                    # the implicit year-suffix follows the label, which holds the year
                    ctx.ys_done = True
                    return N([value, N([ctx.year_suffix], tag="year-suffix")])
                return value

            return _wrap(el, label_text)
        if var in ("first-reference-note-number",):

            def frnn(ctx: Ctx) -> Piece:
                ctx.called += 1
                value = ctx.cite.get("_first_note")
                if not value or ctx.mode == "bibliography":
                    return None
                ctx.rendered += 1
                return str(value)

            return _wrap(el, frnn)

        def text_var(ctx: Ctx) -> Piece:
            ctx.called += 1
            if var in ctx.suppressed:
                return None
            item = ctx.item
            value = None
            if form == "short":
                value = item.vars.get(var + "-short")
                if value is None and var == "title":
                    value = item.vars.get("shortTitle")
                if value is None and var == "container-title":
                    value = item.vars.get("journalAbbreviation")
            if value is None:
                value = item.vars.get(var)
            if value is None or value == "":
                if var in item.dates:  # a date asked for as text
                    return None
                return None
            ctx.rendered += 1
            if ctx.track is not None:
                ctx.track.append(var)
            if var in ("page", "page-first"):
                value = ctx.style.page_range(value, ctx.locale).replace("\\-", "-")
            if strip:
                value = _strip_periods(value)
            if var in _NO_MARKUP:
                return value
            if var in ("title", "container-title", "collection-title") and ctx.sort_mode:
                return value
            return parse_markup(value)

        return _wrap(el, text_var)

    # -- number
    def c_number(self, el: ET.Element) -> Render:
        var = el.get("variable", "")
        form = el.get("form", "numeric")

        def number(ctx: Ctx) -> Piece:
            ctx.called += 1
            if var in ctx.suppressed:
                return None
            if var == "locator":
                value = ctx.cite.get("locator")
                value = None if value in (None, "") else str(value)
            elif var == "citation-number":
                n = ctx.cite.get("_citation_number")
                value = None if n is None else str(n)
            else:
                value = ctx.item.vars.get(var)
            if not value:
                return None
            ctx.rendered += 1
            if ctx.track is not None:
                ctx.track.append(var)
            if ctx.sort_mode and re.fullmatch(r"\d+", value.strip()):
                return f"{int(value):08d}"
            gender = ctx.locale.gender(var)
            return format_number(
                value, form, ctx.locale, gender, ctx.style.page_range if var == "page" else None
            )

        return _wrap(el, number)

    # -- label
    def c_label(self, el: ET.Element) -> Render:
        var = el.get("variable", "")
        form = el.get("form", "long")
        plural = el.get("plural", "contextual")
        strip = el.get("strip-periods") == "true"

        def label(ctx: Ctx) -> Piece:
            if var == "locator":
                value = ctx.cite.get("locator")
                term = ctx.cite.get("label") or "page"
                if value in (None, ""):
                    return None
                value = str(value)
            else:
                value = ctx.item.vars.get(var)
                term = var
                if not value:
                    return None
            if term == "sub verbo":
                term = "sub-verbo"
            if plural == "always":
                many = True
            elif plural == "never":
                many = False
            elif var in ("number-of-pages", "number-of-volumes"):
                m = re.match(r"\s*(\d+)", value)
                many = bool(m and int(m.group(1)) > 1)
            else:
                many = is_plural_value(value)
            t = ctx.locale.term(term, form, many)
            if not t:
                return None
            if strip:
                t = _strip_periods(t)
            return parse_markup(t)

        return _wrap(el, label)

    # -- date
    def c_date(self, el: ET.Element) -> Render:
        var = el.get("variable", "")
        form = el.get("form", "")
        parts_attr = el.get("date-parts", "year-month-day")
        own_parts = [p for p in el if p.tag == "date-part"]
        delim = el.get("delimiter", "")
        if form:
            wanted = {
                "year-month-day": ("year", "month", "day"),
                "year-month": ("year", "month"),
                "year": ("year",),
            }[parts_attr]
            overrides = {p.get("name", ""): p for p in own_parts}

            def parts_for(
                ctx: Ctx,
            ) -> tuple[list[tuple[ET.Element, ET.Element | None]], str, dict[str, str] | None]:
                loc = ctx.locale.date_format(form)
                if loc is None:
                    return [], "", None
                out = [
                    (p, overrides.get(p.get("name", "")))
                    for p in loc
                    if p.tag == "date-part" and p.get("name") in wanted
                ]
                return out, loc.get("delimiter", ""), _fmt_of(loc)

        else:
            static: list[tuple[ET.Element, ET.Element | None]] = [(p, None) for p in own_parts]

            def parts_for(
                ctx: Ctx,
            ) -> tuple[list[tuple[ET.Element, ET.Element | None]], str, dict[str, str] | None]:
                return static, delim, None

        def date(ctx: Ctx) -> Piece:
            ctx.called += 1
            if var in ctx.suppressed:
                return None
            d = ctx.item.dates.get(var)
            if d is None:
                return None
            ctx.rendered += 1
            if ctx.track is not None:
                ctx.track.append(var)
            parts, dl, locfmt = parts_for(ctx)
            if ctx.sort_mode:
                if not d.parts:
                    return d.literal
                shown = {p.get("name") for p, _ in parts}
                return d.sort_key(("year" in shown, "month" in shown, "day" in shown))
            if not d.parts:
                # a literal date stands where the year would be
                if d.literal and any(p.get("name") == "year" for p, _ in parts):
                    return parse_markup(d.literal)
                ctx.rendered -= 1
                return None
            out = render_date(d, parts, dl, ctx)
            if out is None or is_empty(out):
                # a date without the parts the style asks for prints nothing: an empty variable
                ctx.rendered -= 1
                return None
            if locfmt:
                out = N([out], locfmt)
            return out

        return _wrap(el, date)

    # -- names
    def c_names(self, el: ET.Element, inherited: tuple[Any, ...] | None = None) -> Render:
        if inherited is None:
            inherited = self.inherit
        variables = el.get("variable", "").split()
        name_el = el.find("name")
        etal_el = el.find("et-al")
        label_el = el.find("label")
        subst_el = el.find("substitute")
        if inherited is not None:
            if name_el is None and etal_el is None and label_el is None:
                label_el = inherited[2]
            name_el = name_el if name_el is not None else inherited[0]
            etal_el = etal_el if etal_el is not None else inherited[1]
        order = [c.tag for c in el if c.tag in ("name", "label")]
        label_after = (
            bool(inherited and inherited[2] is not None and inherited[3])
            if not order
            else ("label" in order and "name" in order and order.index("label") > order.index("name"))
        )
        if not order and inherited is not None:
            label_after = inherited[3]
        opts = dict(self.name_opts)
        if name_el is not None:
            opts.update({k: v for k, v in name_el.attrib.items()})
        if "delimiter" in self.name_opts and (name_el is None or "delimiter" not in name_el.attrib):
            opts["delimiter"] = self.name_opts["delimiter"]
        names_delim = el.get("delimiter", self.style.names_delimiter.get(self.context, ""))
        name_fmt = _fmt_of(name_el) if name_el is not None else None
        name_prefix = name_el.get("prefix", "") if name_el is not None else ""
        name_suffix = name_el.get("suffix", "") if name_el is not None else ""
        parts = {p.get("name"): p for p in (name_el.findall("name-part") if name_el is not None else [])}
        etal_term = etal_el.get("term", "et-al") if etal_el is not None else "et-al"
        etal_fmt = _fmt_of(etal_el) if etal_el is not None else None
        etal_prefix = etal_el.get("prefix", "") if etal_el is not None else ""
        etal_suffix = etal_el.get("suffix", "") if etal_el is not None else ""
        label_render = None
        if label_el is not None:
            lform = label_el.get("form", "long")
            lplural = label_el.get("plural", "contextual")
            lstrip = label_el.get("strip-periods") == "true"
            lfmt = _fmt_of(label_el)
            lcase = label_el.get("text-case", "")
            lprefix, lsuffix = label_el.get("prefix", ""), label_el.get("suffix", "")

            def label_render(ctx: Ctx, role: str, count: int) -> Piece:
                many = count > 1 if lplural == "contextual" else lplural == "always"
                t = ctx.locale.term(role, lform, many)
                if not t:
                    return None
                if lstrip:
                    t = _strip_periods(t)
                piece: Piece = parse_markup(t)
                if lcase:
                    piece = text_case(piece, lcase)
                return N([piece], lfmt, lprefix, lsuffix)

        substitutes: list[Render] = []
        if subst_el is not None:
            saved = self.inherit
            self.inherit = (name_el, etal_el, label_el, label_after)
            for s in subst_el:
                substitutes.append(self.compile(s))
            self.inherit = saved
        form = opts.get("form", "long")
        wrap_fmt = _fmt_of(el)

        def render_list(
            ctx: Ctx, names: list[CslName], etal_first: int | None, count_only: bool
        ) -> tuple[Piece, int]:
            n = len(names)
            et_min = int(opts.get("et-al-min", 0) or 0)
            et_first = int(opts.get("et-al-use-first", 0) or 0)
            if ctx.position > 0 and ctx.mode == "citation":
                et_min = int(opts.get("et-al-subsequent-min", et_min) or et_min)
                et_first = int(opts.get("et-al-subsequent-use-first", et_first) or et_first)
            use_last = opts.get("et-al-use-last") == "true"
            shown = n
            truncated = False
            if et_min and et_first and n >= et_min and et_first < n:
                shown = et_first
                truncated = True
            elif et_min and n >= et_min and opts.get("et-al-use-first") == "0" and etal_first is None:
                return None, 0  # citeproc-js: "use none" prints no names at all
            if etal_first is not None:
                shown = min(max(shown, etal_first), n)
                truncated = shown < n
            if count_only:
                return None, shown
            if ctx.sort_mode:
                keys = [
                    plain_text(render_name(nm, i, opts, parts, ctx, form, 0))
                    for i, nm in enumerate(names[:shown])
                ]
                if truncated and use_last and n - shown >= 2:
                    keys += ["\u2026", plain_text(render_name(names[-1], n - 1, opts, parts, ctx, form, 0))]
                return "\u0002".join(keys), shown
            rendered: list[Piece] = []
            for i, nm in enumerate(names[:shown]):
                level = ctx.givenname_level.get(i, 0) if ctx.givenname_level else 0
                rendered.append(N([render_name(nm, i, opts, parts, ctx, form, level)], tag="name"))
            delim = opts.get("delimiter", ", ")
            and_opt = opts.get("and", "")
            and_word = ""
            if and_opt == "text":
                and_word = ctx.locale.term("and", "long") or "and"
            elif and_opt == "symbol":
                and_word = ctx.locale.term("and", "symbol") or "&"
            out: list[Piece] = []
            inverted_count = (
                0
                if opts.get("name-as-sort-order") is None
                else (1 if opts.get("name-as-sort-order") == "first" else shown)
            )
            if truncated and use_last and shown >= 1 and n - shown >= 2:
                for i, r in enumerate(rendered):
                    if i:
                        out.append(delim)
                    out.append(r)
                out.append(delim)
                out.append("\u2026 ")
                last = render_name(names[-1], n - 1, opts, parts, ctx, form, 0)
                out.append(last)
                return N(out), shown
            for i, r in enumerate(rendered):
                if i == 0:
                    out.append(r)
                    continue
                last = i == len(rendered) - 1 and not truncated
                if last and and_word:
                    dpl = opts.get("delimiter-precedes-last", "contextual")
                    use_delim = {
                        "always": len(rendered) > 2 or not names[i - 1].literal,
                        "never": False,
                        "contextual": len(rendered) > 2,
                        "after-inverted-name": i - 1 < inverted_count and not names[i - 1].literal,
                    }.get(dpl, len(rendered) > 2)
                    out.append((delim if use_delim else " ") + and_word + " ")
                else:
                    out.append(delim)
                out.append(r)
            if truncated:
                term = ctx.locale.term(etal_term, "long") or ""
                if term:
                    dpe = opts.get("delimiter-precedes-et-al", "contextual")
                    use_delim = {
                        "always": True,
                        "never": False,
                        "contextual": shown > 1,
                        "after-inverted-name": shown - 1 < inverted_count and not names[shown - 1].literal,
                    }.get(dpe, shown > 1)
                    out.append(delim if use_delim else " ")
                    out.append(N([term], etal_fmt, etal_prefix, etal_suffix, tag="et-al"))
            return N(out), shown

        def names(ctx: Ctx) -> Piece:
            ctx.called += 1
            present = [
                (v, ctx.item.names[v]) for v in variables if v in ctx.item.names and v not in ctx.suppressed
            ]
            if present:
                ctx.rendered += 1
                if ctx.track is not None:
                    ctx.track.extend(v for v, _ in present)
                if ctx.suppress_author and ctx.names_key is None:
                    ctx.names_key = ""
                    return None
                # editor and translator the same people: one list with the combined term
                if (
                    "editor" in variables
                    and "translator" in variables
                    and len(present) >= 2
                    and ctx.item.names.get("editor") is not None
                    and [n.key() for n in ctx.item.names.get("editor", [])]
                    == [n.key() for n in ctx.item.names.get("translator", [])]
                    and ctx.locale.term("editortranslator", "long")
                ):
                    present = [
                        (v, ns) if v != "editor" else ("editortranslator", ns)
                        for v, ns in present
                        if v != "translator"
                    ]
                if form == "count":
                    total = 0
                    for _v, ns in present:
                        total += render_list(ctx, ns, ctx.etal_override, True)[1]
                    return str(total) if total else None
                pieces: list[Piece] = []
                key_parts: list[str] = []
                cut = False
                for role, ns in present:
                    body, count = render_list(ctx, ns, ctx.etal_override, False)
                    key_parts.append(_names_text(body))
                    cut = cut or count < len(ns)
                    body = N([body], name_fmt, name_prefix, name_suffix, tag="name-list")
                    if label_render is not None and not ctx.sort_mode:
                        lab = label_render(ctx, role, len(ns))
                        body = N([body, lab]) if label_after else N([lab, body])
                    pieces.append(body)
                out: list[Piece] = []
                for i, p in enumerate(pieces):
                    if i:
                        out.append(names_delim)
                    out.append(p)
                result = N(out, tag="names")
                if ctx.names_key is None:
                    # the people shown, as data: what subsequent-author-substitute and
                    # cite grouping compare (citeproc-js compares names, not the "et al.")
                    ctx.names_key = "\u0001".join(key_parts)
                    ctx.group_key = ctx.names_key + ("\u0002et-al" if cut else "")
                    if ctx.names_out is not None:
                        ctx.names_out.append(ctx.names_key)
                if ctx.sort_mode:
                    return result
                if wrap_fmt:
                    result = N([result], wrap_fmt)
                return result
            # substitute
            outer_track = ctx.track
            for sub in substitutes:
                before = ctx.rendered
                ctx.track = []
                out2 = sub(ctx)
                got = ctx.track
                ctx.track = outer_track
                if not is_empty(out2) or ctx.rendered > before:
                    ctx.suppressed.update(got)
                    if outer_track is not None:
                        outer_track.extend(got)
                    if is_empty(out2):
                        return None
                    if ctx.sort_mode:
                        return out2
                    # what stands in for the names counts as them (subsequent-author-substitute)
                    return N([out2], wrap_fmt, tag="names")
                ctx.rendered = before
            return None

        names.__dict__["vars"] = variables
        inner = _wrap(el, names) if el.get("prefix") or el.get("suffix") or el.get("display") else names
        if inner is not names:
            inner.__dict__["vars"] = variables
        return inner

    def c_substitute(self, el: ET.Element) -> Render:
        return lambda ctx: None


def _seq(kids: list[Render], delim: str) -> Render:
    """Render children in order, dropping empty ones, with a delimiter between the rest."""
    if len(kids) == 1 and not delim:
        return kids[0]
    kids_t = tuple(kids)

    def seq(ctx: Ctx) -> Piece:
        out: list[Piece] = []
        for k in kids_t:
            p = k(ctx)
            if p is None or p == "" or (p.__class__ is N and is_empty(p)):
                continue
            if delim and out:
                out.append(delim)
            out.append(p)
        if not out:
            return None
        if ctx.sort_mode:
            return "".join(plain_text(p) for p in out)
        if len(out) == 1 and out[0].__class__ is N:
            return out[0]
        return N(out)

    seq.__dict__["seq_parts"] = (kids_t, delim)
    return seq


# ---------------------------------------------------------------- conditions


def _numeric(value: str) -> bool:
    return bool(
        re.fullmatch(r"\s*[a-zA-Z]*\d+[a-zA-Z]*(\s*([-\u2013,&]|and)\s*[a-zA-Z]*\d+[a-zA-Z]*)*\s*", value)
    )


_SPECIAL_VARS = frozenset({"locator", "citation-number", "first-reference-note-number", "year-suffix"})


def _always(ctx: Ctx) -> bool:
    return True


def _nothing(ctx: Ctx) -> Piece:
    return None


def _condition(el: ET.Element, item_type: str | None = None) -> Callable[[Ctx], bool] | bool:
    """A condition (``if``/``else-if``) as one function; type and variable tests are set lookups.

    With ``item_type`` known, type tests are decided now: the result is ``True`` or ``False``
    when that decides the whole condition.
    """
    tests: list[Callable[[Ctx], bool]] = []
    statics: list[bool] = []
    match = el.get("match", "all")
    for attr, value in el.attrib.items():
        vals = value.split()
        if attr == "type" and item_type is not None:
            if match == "all":
                statics.extend(item_type == v for v in vals)
            else:
                statics.append(item_type in vals)
            continue
        if attr == "type":
            types = frozenset(vals)
            if match == "all" and len(types) > 1:
                tests.append(_never)  # an item has one type
            else:
                tests.append(_type_test(types))
            continue
        if attr == "variable":
            plain = tuple(v for v in vals if v not in _SPECIAL_VARS)
            tests.extend(_bind(_has_var, v) for v in vals if v in _SPECIAL_VARS)
            if plain:
                tests.append(_vars_test(plain, match in ("any", "none")))
            continue
        if attr == "is-numeric":
            tests.extend(_bind(_is_numeric_var, v) for v in vals)
        elif attr == "is-uncertain-date":
            tests.extend(_bind(_uncertain, v) for v in vals)
        elif attr == "locator":
            tests.extend(_bind(_locator_is, v) for v in vals)
        elif attr == "position":
            tests.extend(_bind(_position_is, v) for v in vals)
        elif attr == "disambiguate":
            tests.append(_disambiguate_test(value == "true"))
    if statics:
        if match == "any" and any(statics):
            return True
        if match == "all" and not all(statics):
            return False
        if match == "none" and any(statics):
            return False
        if not tests:
            return match != "any"
    if not tests:
        return lambda ctx: False
    if len(tests) == 1:
        only = tests[0]
        if match == "none":
            return lambda ctx: not only(ctx)
        return only
    if match == "any":
        return lambda ctx: any(t(ctx) for t in tests)
    if match == "none":
        return lambda ctx: not any(t(ctx) for t in tests)
    return lambda ctx: all(t(ctx) for t in tests)


Test = Callable[[Ctx], bool]


def _never(ctx: Ctx) -> bool:
    return False


def _bind(fn: Callable[[Ctx, str], bool], v: str) -> Test:
    def test(ctx: Ctx) -> bool:
        return fn(ctx, v)

    return test


def _type_test(types: frozenset[str]) -> Test:
    def test(ctx: Ctx) -> bool:
        return ctx.item.type in types

    return test


def _vars_test(names: tuple[str, ...], any_of: bool) -> Test:
    wanted = frozenset(names)
    if any_of:

        def test_any(ctx: Ctx) -> bool:
            return not wanted.isdisjoint(ctx.item.present)

        return test_any

    def test_all(ctx: Ctx) -> bool:
        return wanted <= ctx.item.present

    return test_all


def _disambiguate_test(want: bool) -> Test:
    def test(ctx: Ctx) -> bool:
        return ctx.disambig == want

    return test


def _uncertain(ctx: Ctx, v: str) -> bool:
    d = ctx.item.dates.get(v)
    return bool(d is not None and d.circa)


def _has_var(ctx: Ctx, v: str) -> bool:
    if v == "locator":
        return ctx.cite.get("locator") not in (None, "")
    if v == "citation-number":
        return ctx.cite.get("_citation_number") is not None
    if v == "first-reference-note-number":
        return bool(ctx.cite.get("_first_note")) and ctx.mode != "bibliography"
    if v == "year-suffix":
        return bool(ctx.year_suffix)
    return ctx.item.has(v)


def _is_numeric_var(ctx: Ctx, v: str) -> bool:
    if v == "locator":
        value = ctx.cite.get("locator")
        value = None if value is None else str(value)
    else:
        value = ctx.item.vars.get(v)
    return bool(value) and _numeric(value)  # type: ignore[arg-type]


def _locator_is(ctx: Ctx, v: str) -> bool:
    if ctx.cite.get("locator") in (None, ""):
        return False
    label = ctx.cite.get("label") or "page"
    return bool(label == v or (v == "sub-verbo" and label == "sub verbo"))


def _position_is(ctx: Ctx, v: str) -> bool:
    if ctx.mode == "bibliography":
        return False
    p = ctx.position
    if v == "first":
        return p == 0
    if v == "subsequent":
        return p >= 1
    if v == "ibid":
        return p in (2, 3)
    if v == "ibid-with-locator":
        return p == 3
    if v == "near-note":
        return bool(ctx.cite.get("_near_note")) and p >= 1
    return False


# ---------------------------------------------------------------- numbers


_NUMBER_RANGE = re.compile(r"(\d+)\s*-\s*(\d+)")
_ROMAN_RANGE = re.compile(r"\s*[ivxlcdm]+\s*[-\u2013]\s*[ivxlcdm]+\s*", re.I)
_PLURAL = re.compile(r"\d[^\d/]*?(?:[-\u2013\u2014,&]|\s\S+\s)[^\d/]*?\d")


def is_plural_value(value: str) -> bool:
    """True when a locator or number holds more than one number (``1-3``, ``4, 6``, ``5 and 7``,
    ``i-ix``); an escaped hyphen (``327\\-30``) and a slash (``1/3``) join one number."""
    v = value.replace("\\-", "")
    if _ROMAN_RANGE.fullmatch(v):
        return True
    return bool(_PLURAL.search(v))


_ROMAN = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
]


def roman(n: int) -> str:
    """Lowercase roman numerals."""
    out = []
    for v, s in _ROMAN:
        while n >= v:
            out.append(s)
            n -= v
    return "".join(out)


def format_number(
    value: str,
    form: str,
    locale: Locale,
    gender: str = "",
    page_range: Callable[[str, Locale], str] | None = None,
) -> Piece:
    """A number variable in a form (numeric, ordinal, long-ordinal, roman); text stays text."""
    v = value.strip()
    if not _numeric(v):
        return value  # a number variable is plain text: markup in it is printed as typed
    tokens = re.split(r"(\s*(?:[-\u2013,&]|and)\s*)", v)
    out: list[str] = []
    for i, tok in enumerate(tokens):
        if i % 2:
            sep = tok.strip()
            out.append({"-": "-", "\u2013": "-", ",": ", ", "&": " & ", "and": " and "}.get(sep, tok))
            continue
        m = re.fullmatch(r"([a-zA-Z]?)(\d+)([a-zA-Z]?)", tok)
        if not m or m.group(1) or m.group(3):
            out.append(tok)
            continue
        n = int(m.group(2))
        if form == "ordinal":
            out.append(locale.ordinal(n, gender))
        elif form == "long-ordinal":
            out.append(locale.long_ordinal(n, gender))
        elif form == "roman":
            out.append(roman(n))
        else:
            out.append(str(n))
    text = "".join(out)
    if "-" in text:
        text = text.replace("-", "\u2013")
    return text


# ---------------------------------------------------------------- names


@functools.lru_cache(maxsize=4096)
def _initials(given: str, term: str, hyphen: bool, initialize: bool) -> str:
    """Given names as initials, as citeproc-js makes them.

    ``Jean-Paul`` → ``J.-P.``; ``John M.E.`` → ``J. M. E.``; with ``initialize="false"`` only
    existing initials are normalized (``M.E`` → ``M. E.``). Abbreviations that end in a
    period (``Ph.``, ``Ts.``) and lowercase particles (``de``) are kept.
    """
    given = re.sub(r"\s*-\s*", "-", given.strip())
    given = re.sub(r"-(?=[a-z])", "\u2013", given)
    tokens = re.findall(r"[^\s.\-]+\.?|-", given)
    out = ""
    for tok in tokens:
        if tok == "-":
            out = out.rstrip() + ("-" if hyphen else "")
            continue
        dot = tok.endswith(".")
        word = (tok[:-1] if dot else tok).replace("\u2013", "-")
        if not word:
            continue
        if word[0].islower():
            out = (out.rstrip() + " " if out else "") + word + " "
            continue
        if dot or len(word) == 1:
            out += word + term
        elif initialize:
            # a name written with two capitals (Mongolian ``TSerendorjiin``) keeps both: ``Ts.``
            out += (word[0] + word[1].lower() if re.match(r"[A-Z][A-Z][a-z]", word) else word[0]) + term
        else:
            out += word + " "
    return out.strip()


def render_name(
    nm: CslName,
    index: int,
    opts: dict[str, str],
    parts: dict[str | None, ET.Element],
    ctx: Ctx,
    form: str,
    level: int,
) -> Piece:
    """One name in a names list (long or short, display or sort order, with initials)."""
    style = ctx.style
    if nm.literal:
        lit: Piece = parse_markup(nm.literal)
        fp = parts.get("family")
        if fp is not None and not ctx.sort_mode:
            lit = _name_part(fp, lit, ctx)
        return lit
    sort_order = opts.get("name-as-sort-order")
    inverted = sort_order == "all" or (sort_order == "first" and index == 0)
    if ctx.sort_mode:
        inverted = True
    long_form = form == "long"
    if level >= 1 and not long_form:
        long_form = True
    init_with = opts.get("initialize-with")
    initialize = opts.get("initialize", "true") != "false"
    given = nm.given
    if given and nm.family and init_with is not None and level < 2:
        given = _initials(given, init_with, style.init_hyphen, initialize)
    if level >= 2 or (level == 1 and init_with is None and form != "long"):
        given = nm.given
    family: Piece = parse_markup(nm.family) if nm.family else ""
    gpiece: Piece = parse_markup(given) if given else ""
    demote = style.demote_ndp
    fpart = parts.get("family")
    gpart = parts.get("given")
    if not long_form:
        # short form: non-dropping particle + family
        fam_words = [w for w in (nm.ndp,) if w]
        if nm.static_ordering and not nm.family:
            return given
        fam = _join_particle(nm.ndp, family) if fam_words else family
        if fpart is not None:
            fam = _name_part(fpart, fam, ctx)
        return fam
    if nm.static_ordering:
        fam_p = _name_part(fpart, family, ctx) if fpart is not None else family
        g_p = _name_part(gpart, gpiece, ctx) if gpart is not None and gpiece else gpiece
        sep = "" if nm.family and not re.match(r"^[\u0000-\u024f]", nm.family) else " "
        return N([fam_p, sep if g_p else "", g_p or ""])
    if not inverted:
        # given [dp] [ndp] family [suffix]
        fam_full: Piece = _join_particle(nm.ndp, family) if nm.ndp else family
        if nm.dp:
            fam_full = _join_particle(nm.dp, fam_full)
        if nm.suffix:  # in reading order the suffix goes with the family name's part
            fam_full = N([fam_full, (", " if nm.comma_suffix else " ") + nm.suffix])
        fam_full = _name_part(fpart, fam_full, ctx) if fpart is not None else fam_full
        g_p = _name_part(gpart, gpiece, ctx) if gpart is not None and gpiece else gpiece
        out: list[Piece] = []
        if g_p:
            # no space after a given name whose suffix ends in one (a no-break space, say)
            spaced = isinstance(g_p, N) and g_p.suffix[-1:].isspace()
            out.extend([g_p, " " if not is_empty(fam_full) and not spaced else ""])
        out.append(fam_full)
        return N(out)
    sep = opts.get("sort-separator", ", ")
    if demote == "never" or (demote == "sort-only" and not ctx.sort_mode):
        fam_full = _join_particle(nm.ndp, family) if nm.ndp else family
        fam_full = _name_part(fpart, fam_full, ctx) if fpart is not None else fam_full
        given_full: Piece = gpiece
        if nm.dp:
            given_full = N([gpiece, " " if gpiece else "", nm.dp]) if gpiece else nm.dp
        given_full = _name_part(gpart, given_full, ctx) if gpart is not None and given_full else given_full
    else:
        fam_full = _name_part(fpart, family, ctx) if fpart is not None else family
        extras = " ".join(p for p in (nm.dp, nm.ndp) if p).replace("'", "\u2019")
        given_full = gpiece
        if extras:
            given_full = N([gpiece, " ", extras]) if gpiece else extras
        given_full = _name_part(gpart, given_full, ctx) if gpart is not None and given_full else given_full
    out = [fam_full]
    if not is_empty(given_full):
        out.extend([sep if not is_empty(fam_full) else "", given_full])
    if nm.suffix:
        out.extend([sep, nm.suffix])
    return N(out)


def _join_particle(particle: str, family: Piece) -> Piece:
    particle = particle.replace("'", "\u2019")
    if particle.endswith(("\u2019", "-")):
        return N([particle.replace("'", "\u2019"), family])
    return N([particle, " ", family])


def _name_part(el: ET.Element | None, piece: Piece, ctx: Ctx) -> Piece:
    if el is None or is_empty(piece):
        return piece
    case = el.get("text-case")
    if case:
        piece = text_case(piece, case)
    if ctx.sort_mode:
        return piece
    fmt = _fmt_of(el)
    prefix, suffix = el.get("prefix", ""), el.get("suffix", "")
    if fmt or prefix or suffix:
        return N([piece], fmt, prefix, suffix)
    return piece


# ---------------------------------------------------------------- dates

_ORDER = {"year": 0, "month": 1, "day": 2}


def _date_part(
    d: list[int], season: int, part: ET.Element, over: ET.Element | None, ctx: Ctx, affix: bool = True
) -> Piece:
    name = part.get("name", "")
    attrs = dict(part.attrib)
    if over is not None:
        attrs.update(over.attrib)
    form = attrs.get("form", "")
    loc = ctx.locale
    text: str | None = None
    if name == "year":
        if not d:
            return None
        y = d[0]
        if y < 0:
            text = f"{-y}{loc.term('bc') or 'BC'}"
        elif form == "short":
            text = f"{y % 100:02d}"
        elif 0 < y < 1000:
            text = f"{y}{loc.term('ad') or 'AD'}"
        else:
            text = str(y)
        if ctx.year_suffix and not ctx.ys_done and not ctx.style.explicit_year_suffix and affix:
            ctx.ys_done = True
            fmt0 = {a: attrs[a] for a in FMT_ATTRS if a in attrs} or None
            return N(
                [N([text], fmt0), N([ctx.year_suffix], tag="year-suffix")],
                None,
                attrs.get("prefix", ""),
                attrs.get("suffix", ""),
            )
    elif name == "month":
        if len(d) > 1 and d[1] > 12:
            text = loc.term(f"season-{d[1] - 12:02d}", "long") or ""
        elif len(d) > 1:
            m = d[1]
            if form == "numeric":
                text = str(m)
            elif form == "numeric-leading-zeros":
                text = f"{m:02d}"
            else:
                text = loc.term(f"month-{m:02d}", "short" if form == "short" else "long") or str(m)
                if attrs.get("strip-periods") == "true":
                    text = _strip_periods(text)
        elif season:
            text = loc.term(f"season-{season:02d}", "long") or ""
        else:
            return None
    elif name == "day":
        if len(d) < 3 or d[1] > 12:
            return None
        day = d[2]
        if form == "numeric-leading-zeros":
            text = f"{day:02d}"
        elif form == "ordinal":
            if loc.limit_day_ordinals and day != 1:
                text = str(day)
            else:
                text = loc.ordinal(day, loc.gender(f"month-{d[1]:02d}") if len(d) > 1 else "")
        else:
            text = str(day)
    if not text:
        return None
    piece: Piece = text
    case = attrs.get("text-case")
    if case:
        piece = text_case(piece, case)
    fmt = {a: attrs[a] for a in FMT_ATTRS if a in attrs} or None
    return N([piece], fmt, attrs.get("prefix", "") if affix else "", attrs.get("suffix", "") if affix else "")


def render_date(d: CslDate, parts: list[tuple[ET.Element, ET.Element | None]], delim: str, ctx: Ctx) -> Piece:
    """A date (or date range) with the given date-parts."""
    if not parts:
        return None
    start = d.parts[0]
    if not d.is_range:
        out: list[Piece] = []
        for p, o in parts:
            piece = _date_part(start, d.season, p, o, ctx)
            if not is_empty(piece):
                if delim and out:
                    out.append(delim)
                out.append(piece)
        return N(out) if out else None
    end = d.parts[1]
    names = [p.get("name", "") for p, _ in parts]
    # the largest part that differs
    diff = None
    for nm_, idx in (("year", 0), ("month", 1), ("day", 2)):
        a = start[idx] if len(start) > idx else None
        b = end[idx] if len(end) > idx else None
        if a != b and nm_ in names:
            diff = nm_
            break
    if diff is None:
        return render_date(CslDate([start], d.season), parts, delim, ctx)
    smaller = {"year": {"year", "month", "day"}, "month": {"month", "day"}, "day": {"day"}}[diff]
    idxs = [i for i, n in enumerate(names) if n in smaller]
    lo, hi = min(idxs), max(idxs)
    rd_el, rd_over = parts[names.index(diff)]
    range_delim = (rd_over.get("range-delimiter") if rd_over is not None else None) or rd_el.get(
        "range-delimiter", "\u2013"
    )
    out = []

    def add(piece: Piece) -> None:
        if not is_empty(piece):
            if delim and out:
                out.append(delim)
            out.append(piece)

    for p, o in parts[:lo]:
        add(_date_part(start, d.season, p, o, ctx))
    seg_start: list[Piece] = []
    seg_end: list[Piece] = []
    for p, o in parts[lo : hi + 1]:
        a = _date_part(start, d.season, p, o, ctx)
        b = _date_part(end, 0, p, o, ctx)
        if not is_empty(a):
            if delim and seg_start:
                seg_start.append(delim)
            seg_start.append(a)
        if not is_empty(b):
            if delim and seg_end:
                seg_end.append(delim)
            seg_end.append(b)
    # the range delimiter replaces the affixes that meet it
    last_start = next((x for x in reversed(seg_start) if isinstance(x, N)), None)
    first_end = next((x for x in seg_end if isinstance(x, N)), None)
    if last_start is not None:
        last_start.suffix = ""
    if first_end is not None:
        first_end.prefix = ""
    if not end or not end[0]:
        seg_end = []
    add(N([N(seg_start), range_delim, N(seg_end)]))
    for p, o in parts[hi + 1 :]:
        add(_date_part(start, d.season, p, o, ctx))
    return N(out)


def compile_layout(
    style: Any, context: str, el: ET.Element, name_opts: dict[str, str], item_type: str | None = None
) -> Render:
    """The layout of the citation or bibliography as one rendering function (for one item type)."""
    comp = Compiler(style, context, name_opts, item_type)
    return comp.c_layout(el)


def compile_macro(style: Any, context: str, name: str, name_opts: dict[str, str]) -> Render:
    """One macro as a rendering function (for sort keys)."""
    comp = Compiler(style, context, name_opts)
    return comp.macro(name)


def compile_names_for_sort(style: Any, context: str, variable: str, name_opts: dict[str, str]) -> Render:
    """A names variable as a sort key (all names, sort order)."""
    comp = Compiler(style, context, name_opts)
    el = ET.Element("names", {"variable": variable})
    return comp.c_names(el)
