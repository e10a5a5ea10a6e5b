"""The CSL processor: a style compiled once, and the citation state over a document.

:class:`Style` parses a ``.csl`` file (dependent styles resolve to their parent) and
compiles its citation and bibliography layouts. :class:`Processor` holds the items of one
document and renders citations (positions, disambiguation, sorting, collapsing) and the
bibliography (sorting, year-suffixes, subsequent-author-substitute).
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from quotebank.citation._csl.compile import (
    Ctx,
    Render,
    compile_layout,
    compile_macro,
    compile_names_for_sort,
)
from quotebank.citation._csl.data import Item, citation_label, normalize_item
from quotebank.citation._csl.locale import Locale, strip_ns
from quotebank.citation._csl.output import N, Quotes, is_empty, parse_markup, plain_text, to_format

__all__ = ["Processor", "Style"]

_NAME_OPTS = (
    "and",
    "delimiter-precedes-et-al",
    "delimiter-precedes-last",
    "et-al-min",
    "et-al-use-first",
    "et-al-use-last",
    "et-al-subsequent-min",
    "et-al-subsequent-use-first",
    "initialize",
    "initialize-with",
    "name-as-sort-order",
    "sort-separator",
    "name-form",
    "name-delimiter",
)


def _name_opts(el: ET.Element | None, base: dict[str, str]) -> dict[str, str]:
    out = dict(base)
    if el is None:
        return out
    for key in _NAME_OPTS:
        if key in el.attrib:
            if key == "name-form":
                out["form"] = el.attrib[key]
            elif key == "name-delimiter":
                out["delimiter"] = el.attrib[key]
            else:
                out[key] = el.attrib[key]
    return out


class StyleError(ValueError):
    """A style file that cannot be read as CSL."""


class Style:
    """A parsed and compiled CSL style."""

    def __init__(self, xml: str | bytes, *, parent_loader: Any = None) -> None:
        try:
            root = strip_ns(ET.fromstring(xml))
        except ET.ParseError as exc:
            raise StyleError(f"not a CSL style: {exc}") from None
        if root.tag != "style":
            raise StyleError("not a CSL style: the root element is not <style>")
        info = root.find("info")
        self.id = ""
        self.title = ""
        parent = None
        if info is not None:
            self.id = (info.findtext("id") or "").strip()
            self.title = (info.findtext("title") or "").strip()
            for link in info.findall("link"):
                if link.get("rel") == "independent-parent":
                    parent = link.get("href", "")
        if root.find("citation") is None and parent and parent_loader is not None:
            parent_style: Style = parent_loader(parent)
            root = self._merge_dependent(root, parent_style)
        self.root = root
        self.cls = root.get("class", "in-text")
        self.default_locale = root.get("default-locale", "")
        self.macros = {m.get("name", ""): m for m in root.findall("macro")}
        self.locales = root.findall("locale")
        self.demote_ndp = root.get("demote-non-dropping-particle", "display-and-sort")
        self.init_hyphen = root.get("initialize-with-hyphen", "true") == "true"
        self.page_range_format = root.get("page-range-format", "")
        self.explicit_year_suffix = any(t.get("variable") == "year-suffix" for t in root.iter("text"))
        base = _name_opts(root, {})
        self.names_delimiter: dict[str, str] = {}
        if "names-delimiter" in root.attrib:
            self.names_delimiter = {
                "citation": root.attrib["names-delimiter"],
                "bibliography": root.attrib["names-delimiter"],
            }
        self.citation_el = root.find("citation")
        self.bibliography_el = root.find("bibliography")
        self.cit_opts = dict(self.citation_el.attrib) if self.citation_el is not None else {}
        self.bib_opts = dict(self.bibliography_el.attrib) if self.bibliography_el is not None else {}
        self.cit_names = _name_opts(self.citation_el, base)
        self.bib_names = _name_opts(self.bibliography_el, base)
        for ctxname, el in (("citation", self.citation_el), ("bibliography", self.bibliography_el)):
            if el is not None and "names-delimiter" in el.attrib:
                self.names_delimiter[ctxname] = el.attrib["names-delimiter"]
        self.cit_layout: Render | None = None
        self.bib_layout: Render | None = None
        self.cit_layout_el = self.citation_el.find("layout") if self.citation_el is not None else None
        self.bib_layout_el = self.bibliography_el.find("layout") if self.bibliography_el is not None else None
        if self.cit_layout_el is not None:
            self.cit_layout = compile_layout(self, "citation", self.cit_layout_el, self.cit_names)
        if self.bib_layout_el is not None:
            self.bib_layout = compile_layout(self, "bibliography", self.bib_layout_el, self.bib_names)
        self._typed: dict[tuple[str, str], Render] = {}
        self.cit_sort = self._sort_keys(self.citation_el, "citation", self.cit_names)
        self.bib_sort = self._sort_keys(self.bibliography_el, "bibliography", self.bib_names)
        self._locales: dict[str, Locale] = {}

    @staticmethod
    def _merge_dependent(dep: ET.Element, parent: Style) -> ET.Element:
        root = parent.root
        if dep.get("default-locale"):
            root = ET.fromstring(ET.tostring(root))
            root.set("default-locale", dep.get("default-locale", ""))
        return root

    def _sort_keys(
        self, el: ET.Element | None, context: str, opts: dict[str, str]
    ) -> list[tuple[Render, bool, str]]:
        if el is None:
            return []
        sort = el.find("sort")
        if sort is None:
            return []
        keys: list[tuple[Render, bool, str]] = []
        for key in sort.findall("key"):
            desc = key.get("sort") == "descending"
            o = dict(opts)
            for a, b in (
                ("names-min", "et-al-min"),
                ("names-use-first", "et-al-use-first"),
                ("names-use-last", "et-al-use-last"),
            ):
                if a in key.attrib:
                    o[b] = key.attrib[a]
            if "macro" in key.attrib:
                fn = compile_macro(self, context + "-sort", key.attrib["macro"], o)
                keys.append((fn, desc, "macro"))
            else:
                var = key.get("variable", "")
                from quotebank.citation._csl.data import NAME_VARIABLES

                if var in NAME_VARIABLES:
                    o2 = {k: v for k, v in o.items() if not k.startswith("et-al")}
                    keys.append((compile_names_for_sort(self, context + "-sort", var, o2), desc, "names"))
                else:
                    keys.append((_var_key(var), desc, var))
        return keys

    def layout(self, context: str, item_type: str) -> Render:
        """The citation or bibliography layout compiled for one item type (cached): the
        style's ``type`` conditions are decided once, and only the branches taken remain."""
        key = (context, item_type)
        got = self._typed.get(key)
        if got is None:
            el = self.cit_layout_el if context == "citation" else self.bib_layout_el
            opts = self.cit_names if context == "citation" else self.bib_names
            if el is None:
                raise StyleError(f"the style has no {context}")
            got = self._typed[key] = compile_layout(self, context, el, opts, item_type)
        return got

    def locale(self, lang: str | None = None) -> Locale:
        """The locale for ``lang`` (default: the style's default-locale, else en-US)."""
        key = lang or self.default_locale or "en-US"
        if key not in self._locales:
            self._locales[key] = Locale.build(key, self.locales)
        return self._locales[key]

    @property
    def is_note(self) -> bool:
        """True for note styles."""
        return self.cls == "note"

    def page_range(self, text: str, locale: Locale) -> str:
        """Page ranges in the style's page-range-format, joined by the locale's delimiter.

        As citeproc-js: a range is two numbers with the same prefix (``N110-N115``; the
        second prefix is dropped when the format shortens the second number) or two roman
        numerals; anything else (``N110-5``, ``123N110-N5``) is left as typed, its hyphen
        closed up.
        """
        if "-" not in text and "\u2013" not in text:
            return text
        delim = locale.term("page-range-delimiter") or "\u2013"
        fmt = self.page_range_format
        return _RANGE.sub(lambda m: _one_range(m.group(1), m.group(2), fmt, delim), text)


#: two words joined by a hyphen or en dash (spaces around it allowed), in a list of ranges
_RANGE = re.compile(r"(?<![^\s,;&])([^\s,;&]+?)\s*[-\u2013]+\s*([^\s,;&]+?)(?![^\s,;&])")
_ROMAN = re.compile(r"[ivxlcdm]+|[IVXLCDM]+")
_PREFIXED = re.compile(r"(.*?)(\d+)")


def _one_range(left: str, right: str, fmt: str, delim: str) -> str:
    """One page range (``left``-``right``) written in a page-range-format."""
    if _ROMAN.fullmatch(left) and _ROMAN.fullmatch(right):
        return left + delim + right
    a, b = _PREFIXED.fullmatch(left), _PREFIXED.fullmatch(right)
    if a is None or b is None or a.group(1) != b.group(1):
        return f"{left}-{right}"
    prefix, first, last = a.group(1), a.group(2), b.group(2)
    if not fmt:
        return left + delim + right
    if fmt == "expanded":
        return prefix + first + delim + prefix + _page_format(first, last, fmt)
    return prefix + first + delim + _page_format(first, last, fmt)


def _page_format(a: str, b: str, fmt: str) -> str:
    if len(b) < len(a):
        b = a[: len(a) - len(b)] + b
    if int(b) <= int(a) or len(a) != len(b):
        return b
    if fmt == "expanded":
        return b

    def minimal(keep: int) -> str:
        i = 0
        while i < len(a) and a[i] == b[i]:
            i += 1
        tail = b[i:]
        if len(tail) < keep:
            tail = b[max(0, len(b) - keep) :]
        return tail

    if fmt == "minimal":
        return minimal(1)
    if fmt == "minimal-two":
        return minimal(2)
    if fmt in ("chicago", "chicago-15", "chicago-16"):
        n = int(a)
        if n < 100 or n % 100 == 0:
            return b
        if fmt != "chicago-16" and len(a) == 4:
            t = minimal(2 if n % 100 >= 10 else 1)
            if len(t) >= 3:
                return b
        if n % 100 < 10:
            return minimal(1)
        return minimal(2)
    return b


def _var_key(var: str) -> Render:
    def key(ctx: Ctx) -> Any:
        if var == "citation-number":
            n = ctx.cite.get("_citation_number")
            return None if n is None else f"{int(n):08d}"
        if var == "citation-label":
            return citation_label(ctx.item) or None
        d = ctx.item.dates.get(var)
        if d is not None:
            return d.sort_key() if d.parts else None
        v = ctx.item.vars.get(var)
        if v is None:
            return None
        if re.fullmatch(r"\s*\d+\s*", v):
            return f"{int(v):08d}"
        return v

    return key


def _norm_sort(value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, str):
        value = plain_text(value)
    # markup and punctuation do not sort (citeproc-js compares as a collator does)
    value = re.sub(r"<[^>]+>", "", value)
    value = re.sub(r"[^\w\s\u0001\u0002\u2026-]", "", value).strip()
    if not value:
        return None
    return value.casefold()


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def year_suffix_text(n: int) -> str:
    """0 → a, 25 → z, 26 → aa."""
    out = ""
    n += 1
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = _LETTERS[r] + out
    return out


class Processor:
    """Citations and a bibliography for one set of items in one style."""

    def __init__(
        self, style: Style, items: Sequence[Mapping[str, Any]], *, lang: str | None = None, fmt: str = "html"
    ) -> None:
        self.style = style
        self.locale = style.locale(lang)
        self.fmt = fmt
        self.items: dict[str, Item] = {}
        self.order: list[str] = []
        for raw in items:
            item = normalize_item(raw)
            if item.id not in self.items:
                self.order.append(item.id)
            self.items[item.id] = item
        loc = self.locale
        self.quotes = Quotes(
            loc.term("open-quote") or "\u201c",
            loc.term("close-quote") or "\u201d",
            loc.term("open-inner-quote") or "\u2018",
            loc.term("close-inner-quote") or "\u2019",
            loc.punctuation_in_quote,
        )
        self.citation_numbers: dict[str, int] = {}
        self.year_suffix: dict[str, str] = {}
        self.dis: dict[str, dict[str, Any]] = {}
        #: cite keys by item and disambiguation state (see ``_cite_key``)
        self._cite_keys: dict[tuple[Any, ...], str] = {}

    # ------------------------------------------------------------ helpers
    def _ctx(self, item: Item, mode: str, cite: dict[str, Any] | None = None) -> Ctx:
        ctx = Ctx(item, self.locale, self.style, mode, cite)
        if item.id in self.citation_numbers:
            ctx.cite.setdefault("_citation_number", self.citation_numbers[item.id])
        ctx.year_suffix = self.year_suffix.get(item.id, "")
        if mode == "citation":
            d = self.dis.get(item.id)
            if d:
                ctx.etal_override = d.get("etal")
                ctx.givenname_level = d.get("given", {})
                ctx.disambig = d.get("flag", False)
        return ctx

    def _sort_value(self, item: Item, key: tuple[Render, bool, str], mode: str) -> Any:
        fn = key[0]
        ctx = self._ctx(item, mode, {})
        ctx.sort_mode = True
        ctx.disambig = False
        return _norm_sort(fn(ctx))

    def _sorted(self, ids: list[str], keys: list[tuple[Render, bool, str]], mode: str) -> list[str]:
        if not keys or len(ids) < 2:
            return list(ids)
        # sort keys are rendered only when the keys before them tie
        cache: dict[tuple[str, int], Any] = {}
        items = self.items

        def value(i: str, k: int) -> Any:
            got = cache.get((i, k), cache)
            if got is cache:
                got = cache[(i, k)] = self._sort_value(items[i], keys[k], mode)
            return got

        pos = {i: n for n, i in enumerate(ids)}

        def compare(a: str, b: str) -> int:
            for k, key in enumerate(keys):
                x, y = value(a, k), value(b, k)
                if x == y:
                    continue
                if x is None:
                    return 1
                if y is None:
                    return -1
                c = -1 if x < y else 1
                return -c if key[1] else c
            return pos[a] - pos[b]

        return sorted(ids, key=functools.cmp_to_key(compare))

    def out(self, piece: Any) -> str:
        """A rendered piece in the processor's output format."""
        return to_format(piece, self.fmt, self.quotes)

    # ------------------------------------------------------------ registry
    def register(self, cited: list[str], *, citations: bool = True) -> None:
        """Number the items and disambiguate them (cited items first, in citing order).

        With ``citations=False`` (a bibliography alone) the cites are disambiguated only when
        the style adds year-suffixes, the one result a bibliography shows.
        """
        seen: list[str] = []
        for i in cited:
            if i in self.items and i not in seen:
                seen.append(i)
        self.registry = seen
        bib_order = self._sorted(seen, self.style.bib_sort, "bibliography")
        if self.style.bib_sort and any(k[2] == "citation-number" for k in self.style.bib_sort):
            self.citation_numbers = {i: n + 1 for n, i in enumerate(seen)}
            bib_order = self._sorted(seen, self.style.bib_sort, "bibliography")
        else:
            self.citation_numbers = {i: n + 1 for n, i in enumerate(bib_order)}
        self.bib_order = bib_order
        if len(seen) > 1 and (citations or self.style.cit_opts.get("disambiguate-add-year-suffix") == "true"):
            self._disambiguate(bib_order)
        else:
            self.dis = {}
            self.year_suffix = {}

    def _cite_key(self, item_id: str) -> str:
        """The first cite of an item as plain text, in its present disambiguation state.

        Disambiguation asks again for cites whose state did not change (a group is
        compared after every step); they are rendered once per state.
        """
        item = self.items[item_id]
        if self.style.cit_layout is None:
            return ""
        d = self.dis.get(item_id) or {}
        given = d.get("given") or {}
        state = (
            item_id,
            d.get("etal"),
            tuple(sorted(given.items())),
            bool(d.get("flag", False)),
            self.year_suffix.get(item_id, ""),
            self.citation_numbers.get(item_id),
        )
        got = self._cite_keys.get(state)
        if got is None:
            layout = self.style.layout("citation", item.type)
            ctx = self._ctx(item, "citation", {"_position": 0})
            got = self._cite_keys[state] = plain_text(layout(ctx))
        return got

    def _disambiguate(self, bib_order: list[str]) -> None:
        opts = self.style.cit_opts
        add_names = opts.get("disambiguate-add-names") == "true"
        add_given = opts.get("disambiguate-add-givenname") == "true"
        rule = opts.get("givenname-disambiguation-rule", "by-cite")
        add_suffix = opts.get("disambiguate-add-year-suffix") == "true"
        self.dis = {i: {} for i in bib_order}
        self.year_suffix = {}
        if self.style.cit_layout is None:
            return
        if add_given and rule != "by-cite":
            self._global_names(bib_order, rule)

        def groups(among: list[list[str]] | None = None) -> list[list[str]]:
            # only the cites that were ambiguous are rendered again: the others stay distinct
            keys: dict[str, list[str]] = {}
            for g in among if among is not None else [bib_order]:
                sub: dict[str, list[str]] = {}
                for i in g:
                    sub.setdefault(self._cite_key(i), []).append(i)
                for k, members in sub.items():
                    keys.setdefault(f"{len(keys)}\u0000{k}" if among is not None else k, []).extend(members)
            return [g for g in keys.values() if len(g) > 1]

        amb = groups()
        if not amb:
            return
        if add_names or (add_given and rule == "by-cite"):
            for g in amb:
                self._expand_group(g, add_names, add_given and rule == "by-cite", rule)
            amb = groups(amb)
        if amb:
            for g in amb:
                for i in g:
                    self.dis[i]["flag"] = True
            amb = groups(amb)
        if add_suffix and amb:
            for g in amb:
                ordered = [i for i in bib_order if i in g]
                for n, i in enumerate(ordered):
                    self.year_suffix[i] = year_suffix_text(n)

    def _expand_group(self, group: list[str], add_names: bool, add_given: bool, rule: str) -> None:
        """Add names, then given names, to the cites of an ambiguous group until they differ.

        For each number of names shown (fewest first) the names alone are tried, then given
        names for the names that are themselves ambiguous (same family name, different
        people): initials when they tell them apart, else the full given name (unless the
        rule allows initials only). Cites that never differ go back to their first form.
        """
        saved = {i: dict(self.dis[i]) for i in group}
        pending = list(group)
        longest = max((len(next(iter(self.items[i].names.values()), [])) for i in group), default=0)
        counts: list[int | None] = list(range(1, longest + 1)) if add_names else [None]
        # each cite keeps the first form that left it the fewest look-alikes (citeproc-js keeps
        # names that tell a cite from some of the others even when some still look the same)
        best: dict[str, tuple[int, dict[str, Any]]] = {i: (len(group), saved[i]) for i in group}

        def settle() -> None:
            nonlocal pending
            keys = {i: self._cite_key(i) for i in group}
            seen: dict[str, int] = {}
            for k in keys.values():
                seen[k] = seen.get(k, 0) + 1
            for i in pending:
                clashes = seen[keys[i]] - 1
                if clashes < best[i][0]:
                    best[i] = (clashes, dict(self.dis[i]))
            pending = [i for i in pending if seen[keys[i]] > 1]

        for n in counts:
            for i in pending:
                # given names added for fewer names stay (citeproc-js expands cumulatively)
                self.dis[i] = dict(self.dis[i])
                if n is not None:
                    self.dis[i]["etal"] = n
            settle()
            if not pending or not add_given:
                if not pending:
                    return
                continue
            width = n if n is not None else longest
            for k in range(width):
                if self._expand_position(pending, k, rule):
                    settle()
                    if not pending:
                        return
        for i in pending:
            self.dis[i] = best[i][1]

    def _expand_position(self, ids: list[str], k: int, rule: str) -> bool:
        """Given names for the k-th name of the cites where it is ambiguous; True if any changed."""
        by_family: dict[tuple[str, str], list[tuple[str, Any]]] = {}
        for i in ids:
            names = next(iter(self.items[i].names.values()), [])
            if k < len(names) and not names[k].literal and names[k].given:
                by_family.setdefault((names[k].ndp, names[k].family), []).append((i, names[k]))
        changed = False
        for members in by_family.values():
            givens = {_given_words(m.given) for _, m in members}
            if len(givens) < 2:
                continue
            initials = {tuple(w[:1] for w in g) for g in givens}
            if len(initials) == len(givens):
                level = 1
            elif rule.endswith("with-initials"):
                continue
            else:
                level = 2
            for i, _ in members:
                levels = dict(self.dis[i].get("given", {}))
                levels[k] = max(levels.get(k, 0), level)
                self.dis[i]["given"] = levels
            changed = True
        return changed

    def _uses_disambiguate(self) -> bool:
        return True

    def _global_names(self, ids: list[str], rule: str) -> None:
        """Rules all-names / primary-name: tell apart people who share a family name."""
        people: dict[tuple[str, str], set[tuple[str, ...]]] = {}
        for i in ids:
            for ns in self.items[i].names.values():
                for k, nm in enumerate(ns):
                    if rule.startswith("primary") and k > 0:
                        break
                    if nm.literal or not nm.given:
                        continue  # no given name: nothing to add to tell people apart
                    people.setdefault((nm.ndp, nm.family), set()).add(_given_words(nm.given))
        for i in ids:
            levels: dict[int, int] = {}
            for ns in self.items[i].names.values():
                for k, nm in enumerate(ns):
                    if rule.startswith("primary") and k > 0:
                        break
                    others = people.get((nm.ndp, nm.family), set())
                    if len(others) > 1:
                        initials = {tuple(w[:1] for w in g) for g in others}
                        if len(initials) == len(others):
                            levels[k] = 1
                        elif not rule.endswith("initials"):
                            levels[k] = 2
                break
            if levels:
                self.dis[i]["given"] = levels

    # ------------------------------------------------------------ citations
    def process_citations(self, clusters: list[dict[str, Any]], *, register_all: bool = False) -> list[Any]:
        """Render clusters (each ``{"items": [cite...], "note": n}``); returns rendered pieces."""
        cited = [str(c.get("id")) for cl in clusters for c in cl["items"]]
        order = cited + (self.order if register_all else [])
        self.register(order)
        last_note: dict[str, int] = {}
        first_note: dict[str, int] = {}
        done: list[tuple[int, list[dict[str, Any]]]] = []  # (note, cites) of each citation so far
        results: list[Any] = []
        near = int(self.style.cit_opts.get("near-note-distance", 5))
        for cl in clusters:
            note = cl.get("note", 0) or 0
            before = _preceding_cites(done, note)
            cites: list[dict[str, Any]] = []
            for c in cl["items"]:
                c = dict(c)
                iid = c["id"] = str(c.get("id"))  # CSL-JSON ids may be numbers
                if iid not in self.items:
                    continue
                if "locator" in c and c["locator"] is not None:
                    c["locator"] = str(c["locator"]).strip()
                c["_position"] = _position(c, cites[-1] if cites else None, before, iid in first_note)
                if iid in last_note and note and note - last_note[iid] <= near:
                    c["_near_note"] = True
                if first_note.get(iid):
                    c["_first_note"] = first_note[iid]
                first_note.setdefault(iid, note)
                last_note[iid] = note
                cites.append(c)
            results.append(self.render_cluster(cites))
            done.append((note, cites))
        return results

    def render_cluster(self, cites: list[dict[str, Any]]) -> Any:
        """One citation: cites sorted, rendered, collapsed, joined by the layout."""
        style = self.style
        layout = style.cit_layout
        lel = style.cit_layout_el
        if layout is None or lel is None:
            return None
        if style.cit_sort:
            ids = [c["id"] for c in cites]
            order = self._sorted(list(dict.fromkeys(ids)), style.cit_sort, "citation")
            rank = {i: n for n, i in enumerate(order)}
            cites = sorted(cites, key=lambda c: rank[c["id"]])
        delim = lel.get("delimiter", "")
        rendered: list[tuple[dict[str, Any], Any, str]] = []
        for c in cites:
            item = self.items[c["id"]]
            ctx = self._ctx(item, "citation", c)
            if c.get("suppress-author"):
                ctx.suppress_author = True
            piece = style.layout("citation", item.type)(ctx)
            if c.get("author-only"):
                piece = _first_tagged(piece, "names")
            if style.is_note and not rendered:
                prefix = (c.get("prefix") or "").rstrip()
                # a one-word prefix ending in a period is an abbreviation, not a sentence
                if not prefix or prefix.endswith(("!", "?")) or (prefix.endswith(".") and " " in prefix):
                    _capitalize_leading_term(piece)
            rendered.append((c, piece, ctx.group_key))
        pieces = self._collapse(rendered, delim)
        if not pieces:
            return None
        from quotebank.citation._csl.compile import _fmt_of

        return N([N(pieces, None, lel.get("prefix", ""), lel.get("suffix", ""))], _fmt_of(lel))

    def _affixed(self, c: dict[str, Any], piece: Any) -> Any:
        prefix, suffix = c.get("prefix", "") or "", c.get("suffix", "") or ""
        if prefix or suffix:
            # affixes of a cite may hold markup (<i>, quotes), as in citeproc-js
            kids = [_affix_markup(prefix), piece, _affix_markup(suffix)]
            return N([k for k in kids if not is_empty(k)])
        return piece

    def _collapse(self, rendered: list[tuple[dict[str, Any], Any, str]], delim: str) -> list[Any]:
        style = self.style
        collapse = style.cit_opts.get("collapse", "")
        out: list[Any] = []
        if collapse == "citation-number":
            # runs of three or more consecutive numbers, none with a locator or affixes: 1–3
            numbers = [self.citation_numbers.get(c["id"]) for c, _, _ in rendered]

            def bare(k: int) -> bool:
                return not any(
                    rendered[x][0].get(f) for x in (k, k + 1) for f in ("locator", "prefix", "suffix")
                )

            for i, j in _runs(numbers, bare):
                if out:
                    out.append(delim)
                if j - i >= 2:
                    first, last = rendered[i], rendered[j]
                    out.append(
                        N([self._affixed(first[0], first[1]), "\u2013", self._affixed(last[0], last[1])])
                    )
                    continue
                for k in range(i, j + 1):
                    if k > i:
                        out.append(delim)
                    out.append(self._affixed(rendered[k][0], rendered[k][1]))
            return out
        if collapse.startswith("year"):
            return self._collapse_years(rendered, delim, collapse)
        neighbour_delim = style.cit_opts.get("cite-group-delimiter")
        last_key = None
        last_suffix = ""
        for c, p, key in rendered:
            piece = self._affixed(c, p)
            if is_empty(piece):
                continue
            if out and not (c.get("prefix") or "").startswith(","):
                # without collapsing, cites of the same names still join by cite-group-delimiter;
                # a prefix that starts with a comma joins by itself, and a suffix that ends in
                # punctuation takes the place of the delimiter's (citeproc-js)
                same = neighbour_delim is not None and key and key == last_key
                joint = neighbour_delim if same and neighbour_delim is not None else delim
                if last_suffix[-1:] in (",", ";", ":", ".", "!", "?") and last_suffix:
                    joint = joint.lstrip(",;:.")
                out.append(joint)
            out.append(piece)
            last_key = key
            last_suffix = (c.get("suffix") or "").rstrip()
        return out

    def _collapse_years(
        self, rendered: list[tuple[dict[str, Any], Any, str]], delim: str, collapse: str
    ) -> list[Any]:
        """Cites of the same names side by side, the names printed once (``collapse="year…"``).

        Within a group cites are joined by cite-group-delimiter; with year-suffix collapsing,
        cites of the same year print their suffix alone, joined by year-suffix-delimiter.
        A cite with a locator closes its run (the next cite starts after the
        after-collapse-delimiter, as between groups).
        """
        opts = self.style.cit_opts
        group_delim = opts.get("cite-group-delimiter", ", ")
        after = opts.get("after-collapse-delimiter", delim)
        suffix_delim = opts.get("year-suffix-delimiter", opts.get("cite-group-delimiter", delim))
        groups: dict[str, list[tuple[dict[str, Any], Any, str]]] = {}
        for entry in rendered:
            groups.setdefault(entry[2] or f"\u0000{len(groups)}", []).append(entry)
        out: list[Any] = []
        for g in groups.values():
            if out:
                out.append(after if len(out[-1].kids) > 1 else delim)
            first_c, first_p, _ = g[0]
            parts: list[Any] = [self._affixed(first_c, first_p)]
            last_year = self._year_key(first_c)
            prev_c = first_c
            run = False  # the cite before printed its year-suffix alone
            for c, _p, _key in g[1:]:
                item = self.items[c["id"]]
                ctx = self._ctx(item, "citation", c)
                ctx.suppress_author = True
                body = self.style.layout("citation", item.type)(ctx)
                if is_empty(body):
                    continue
                year = self._year_key(c)
                same_year = year == last_year
                if prev_c.get("locator") or (run and not same_year):
                    parts.append(after)
                    parts.append(self._affixed(c, body))
                    run = False
                elif (
                    collapse != "year"
                    and same_year
                    and self.year_suffix.get(c["id"])
                    and not c.get("locator")
                ):
                    ys = _first_tagged(body, "year-suffix")
                    parts.append(suffix_delim)
                    parts.append(self._affixed(c, ys if ys is not None else body))
                    run = True
                else:
                    parts.append(group_delim)
                    parts.append(self._affixed(c, body))
                last_year = year
                prev_c = c
            if collapse == "year-suffix-ranged":
                parts = _range_suffixes(parts)
            out.append(N(parts))
        return out

    def _year_key(self, c: dict[str, Any]) -> str:
        """The year of a cite, as year-suffix collapsing compares it (1982 and 1982-05 alike)."""
        item = self.items[c["id"]]
        d = item.dates.get("issued")
        if not d or not d.parts:
            return ""
        return str(d.parts[0][0]) if d.parts[0] else d.sort_key()

    # ------------------------------------------------------------ bibliography
    def bibliography(self, ids: list[str] | None = None) -> list[tuple[str, Any]]:
        """The bibliography entries (id, piece), sorted, with year-suffixes and substitutes."""
        style = self.style
        if not hasattr(self, "bib_order"):
            self.register(ids if ids is not None else self.order)
        layout = style.bib_layout
        lel = style.bib_layout_el
        if layout is None or lel is None:
            return []
        entries: list[tuple[str, Any]] = []
        sas = style.bib_opts.get("subsequent-author-substitute")
        rule = style.bib_opts.get("subsequent-author-substitute-rule", "complete-all")
        prev_names: Any = None
        from quotebank.citation._csl.compile import _fmt_of

        sfa = style.bib_opts.get("second-field-align")
        for iid in self.bib_order:
            item = self.items[iid]
            ctx = self._ctx(item, "bibliography", {})
            piece = style.layout("bibliography", item.type)(ctx)
            if is_empty(piece):
                continue
            if sas is not None:
                names_node = _first_tagged(piece, "names")
                if names_node is not None:
                    text = ctx.names_key or plain_text(names_node)
                    if prev_names is not None and text == prev_names[0]:
                        # the names give way to the substitute; their label stays (``———, ed.``)
                        listed = _first_tagged(names_node, "name-list")
                        target = listed if listed is not None else names_node
                        if rule == "complete-all":
                            target.kids = [sas] if sas else []
                        else:
                            target.kids = [sas]
                        if listed is not None and not sas:
                            listed.prefix = listed.suffix = ""
                    elif prev_names is not None and rule in ("partial-each", "partial-first"):
                        pass
                    prev_names = (text,)
                else:
                    prev_names = None
                _forget_emptiness(piece)
            suffix = lel.get("suffix", "")
            if sfa and isinstance(piece, N):
                piece = _second_field(piece)
            last = _last_display(piece)
            if last is not None and last.display in ("right-inline", "indent"):
                # the layout's suffix ends the text, inside the last block (citeproc-js)
                last.kids.append(suffix)
                suffix = ""
            entry = N([piece], _fmt_of(lel), lel.get("prefix", ""), suffix)
            entries.append((iid, entry))
        return entries


def _given_words(given: str) -> tuple[str, ...]:
    """A given name as its words, however its initials are spaced: ``J. J.`` and ``J.J.``
    are one person's names (``J``, ``J``)."""
    return tuple(re.findall(r"[^\s.\-]+", given))


def _preceding_cites(done: list[tuple[int, list[dict[str, Any]]]], note: int) -> list[dict[str, Any]] | None:
    """The cites an ibid looks back to from the first cite of a citation (citeproc-js).

    An in-text citation (note 0) looks back to the last in-text citation; a note to the
    previous note, all of its citations together (a note citing two works is no ibid's
    antecedent), or to the citation just before it in the same note.
    """
    if note == 0:
        return next((cites for n, cites in reversed(done) if n == 0), None)
    previous = next((n for n, _ in reversed(done) if n), None)
    if previous is None:
        return None
    if previous == note:
        same_note = [cites for n, cites in done if n == note]
        return same_note[-1]
    return [c for n, cites in done if n == previous for c in cites]


def _position(
    c: dict[str, Any], prev: dict[str, Any] | None, before: list[dict[str, Any]] | None, seen: bool
) -> int:
    """0 first, 1 subsequent, 2 ibid, 3 ibid-with-locator."""
    if not seen:
        return 0
    if prev is None:
        if not before or any(b["id"] != c["id"] for b in before):
            return 1
        prev = before[-1]
    if prev["id"] != c["id"]:
        return 1
    loc, ploc = c.get("locator"), prev.get("locator")
    if (not loc and not ploc) or (
        loc and loc == ploc and c.get("label", "page") == prev.get("label", "page")
    ):
        return 2
    return 3 if loc else 1


def _second_field(piece: N) -> N:
    # find the first non-trivial level with several children
    node = piece
    while (
        len(node.kids) == 1
        and isinstance(node.kids[0], N)
        and not node.prefix
        and not node.suffix
        and not node.fmt
    ):
        node = node.kids[0]
    kids = [k for k in node.kids]
    if len(kids) < 2:
        return piece
    first = kids[0]
    rest = kids[1:]
    if isinstance(rest[0], str) and rest[0].strip() == "":
        rest = rest[1:]
    left = N([first], display="left-margin")
    right = N(rest, display="right-inline")
    return N([left, right])


def _affix_markup(text: str) -> Any:
    """A cite's prefix or suffix with its markup; punctuation typed after a quotation mark
    in it stays outside (it is the user's text, as citeproc-js leaves it)."""
    if not text:
        return ""
    piece = parse_markup(text)
    stack = [piece]
    while stack:
        node = stack.pop()
        if isinstance(node, N):
            if node.quotes is True:
                node.quotes = "affix"
            stack.extend(node.kids)
    return piece


def _forget_emptiness(piece: Any) -> None:
    """Clear the cached emptiness of a tree whose leaves were changed."""
    if isinstance(piece, N):
        piece.empty = None
        for k in piece.kids:
            _forget_emptiness(k)


def _last_display(piece: Any) -> N | None:
    """The display block that ends a piece, if one does."""
    while isinstance(piece, N):
        if piece.display:
            return piece if not piece.suffix else None
        kids = [k for k in piece.kids if not is_empty(k)]
        if not kids or piece.suffix:
            return None
        piece = kids[-1]
    return None


def _capitalize_leading_term(piece: Any) -> None:
    """A note that starts with a term (``ibid.``) starts with a capital, as a sentence does."""
    node, in_term = piece, False
    while isinstance(node, N):
        if node.prefix:
            return
        in_term = in_term or node.tag == "term"
        kids = [k for k in node.kids if not is_empty(k)]
        if not kids:
            return
        first = kids[0]
        if isinstance(first, str):
            if in_term and first[:1].islower():
                node.kids[node.kids.index(first)] = first[:1].upper() + first[1:]
            return
        node = first


def _first_tagged(piece: Any, tag: str) -> Any:
    if isinstance(piece, N):
        if piece.tag == tag:
            return piece
        for k in piece.kids:
            got = _first_tagged(k, tag)
            if got is not None:
                return got
    return None


def _runs(values: Sequence[int | None], linked: Callable[[int], bool] | None = None) -> list[tuple[int, int]]:
    """The maximal spans ``(i, j)`` of values that count up by one (``linked(k)`` also true
    between ``k`` and ``k + 1``), in order; a value that starts no run is a span of one."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values):
            a, b = values[j], values[j + 1]
            if a is None or b is None or b != a + 1 or (linked is not None and not linked(j)):
                break
            j += 1
        spans.append((i, j))
        i = j + 1
    return spans


def _range_suffixes(parts: list[Any]) -> list[Any]:
    """Runs of three or more consecutive year-suffixes collapse to a range (``2000a–c``)."""
    first_node = _first_tagged(parts[0], "year-suffix")
    entries: list[tuple[Any, Any, str | None]] = [
        (None, parts[0], plain_text(first_node) if first_node else None)
    ]
    for k in range(1, len(parts) - 1, 2):
        piece = parts[k + 1]
        alone = isinstance(piece, N) and piece.tag == "year-suffix"
        letter = plain_text(piece) if alone else None
        entries.append((parts[k], piece, letter if letter and len(letter) == 1 else None))
    out: list[Any] = []
    letters = [ord(e[2]) if e[2] is not None else None for e in entries]
    for i, j in _runs(letters):
        for k in range(i, j + 1) if j - i < 2 else (i,):
            if k:
                out.append(entries[k][0])
            out.append(entries[k][1])
        if j - i >= 2:
            out.extend(["\u2013", entries[j][1]])
    return out
