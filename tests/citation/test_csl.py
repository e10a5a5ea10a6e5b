"""Bad metadata gets a clear error naming the field; Source round-trips with CSL-JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest

import quotebank
from quotebank import MetadataError, Source, cite
from quotebank.citation._items import item_from

GOOD: dict[str, Any] = {
    "id": "b",
    "type": "book",
    "title": "A history of modern Iran",
    "author": [{"family": "Abrahamian", "given": "Ervand"}],
    "issued": {"date-parts": [[2008]]},
}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"type": "memo"}, "'type'"),  # "letter" is Zotero's name for personal_communication
        ({"type": None}, "'type'"),
        ({"author": [{"given": ""}, {"family": "X"}]}, "'author[0]'"),
        ({"author": "Abrahamian"}, "'author'"),
        ({"issued": {"date-parts": [[2008, 17]]}}, "'issued.date-parts'"),  # 13-16 are seasons
        ({"issued": {"date-parts": [[2023, 2, 30]]}}, "'issued.date-parts'"),
        ({"issued": "last spring"}, "'issued'"),
        ({"volume": True}, "'volume'"),
    ],
)
def test_bad_metadata_names_the_field(change: dict[str, Any], field: str) -> None:
    """Each malformed field is reported by name, as a MetadataError (a ValueError)."""
    with pytest.raises(MetadataError) as info:
        cite({**GOOD, **change}, "apa")
    assert field in str(info.value)
    assert isinstance(info.value, ValueError)


def test_a_list_with_one_bad_item_formats_the_others_through_the_cli(tmp_path: Any) -> None:
    """`cite --csl-json --json` reports the bad item and still formats the rest."""
    from click.testing import CliRunner

    from quotebank.cli import cli

    path = tmp_path / "items.json"
    path.write_text(json.dumps([GOOD, {**GOOD, "id": "bad", "issued": {"date-parts": [[2008, 17]]}}]))
    result = CliRunner().invoke(cli, ["cite", "--csl-json", str(path), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out == {"b": "Abrahamian, E. (2008). A history of modern Iran.", "bad": None}
    assert "bad: field 'issued.date-parts'" in result.stderr


def test_source_round_trips_with_csl_json() -> None:
    """A Zotero-style CSL-JSON item survives Source → CSL-JSON unchanged, extra fields included."""
    item = {
        **GOOD,
        "publisher": "Cambridge University Press",
        "publisher-place": "Cambridge",
        "ISBN": "9780521528917",
        "translator": [{"family": "Algar", "given": "Hamid"}],
        "container-title": "Series",
        "non-standard": "kept",
    }
    source = Source.model_validate(item)
    assert source.to_csl_json() == item
    assert cite(source, "apa") == cite(item, "apa")


def test_names_are_parsed_like_citeproc() -> None:
    """Particles come off the family name; a dropping particle off the given name."""
    item = item_from(
        {
            "id": "n",
            "type": "book",
            "author": [
                {"family": "van der Berg", "given": "Gabrielle"},
                {"family": "al-Sayyid", "given": "Mustafa"},
                {"family": "Beauvoir", "given": "Ludovic de"},
                {"family": "Hashemi Rafsanjani", "given": "Akbar"},
            ],
        }
    )
    people = item.people("author")
    assert [(p.particle, p.family, p.given, p.dropping) for p in people] == [
        ("van der", "Berg", "Gabrielle", ""),
        ("al-", "Sayyid", "Mustafa", ""),
        ("", "Beauvoir", "Ludovic", "de"),
        ("", "Hashemi Rafsanjani", "Akbar", ""),
    ]


def test_unknown_style_and_mode_are_input_errors() -> None:
    """A wrong style or mode name is a user mistake with the choices listed."""
    with pytest.raises(quotebank.InputError, match="known styles: apa"):
        cite(GOOD, "no-such-style")
    with pytest.raises(quotebank.InputError, match="bibliography, citation, note, short-note"):
        cite(GOOD, "apa", "footnote")


def test_style_aliases_resolve_to_csl_names() -> None:
    """Short aliases name the CSL files."""
    assert quotebank.get_style("chicago-notes").name == "chicago-notes-bibliography"
    assert quotebank.get_style("chicago-ad").name == "chicago-author-date"
    assert quotebank.get_style("chicago-notes-17th-edition").edition == 17
    assert "apa" in quotebank.style_names()


ITEM: dict[str, Any] = {
    "id": "k",
    "type": "article-journal",
    "title": "Factionalism in the Islamic Republic",
    "author": [{"family": "Moslem", "given": "Mehdi"}],
    "container-title": "Iranian Studies",
    "volume": "35",
    "page": "67-89",
    "issued": {"date-parts": [[2002]]},
}


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        (
            "mla",
            "Moslem, Mehdi. “Factionalism in the Islamic Republic.” Iranian Studies, "
            "vol. 35, 2002, pp. 67–89.",
        ),
        (
            "ieee",
            "[1] M. Moslem, “Factionalism in the Islamic Republic,” Iranian Studies, "
            "vol. 35, pp. 67–89, 2002.",
        ),
        ("nature", "1. Moslem, M. Factionalism in the Islamic Republic. Iranian Studies 35, 67–89 (2002)."),
    ],
)
def test_any_official_style_by_name(style: str, expected: str) -> None:
    """Styles of the official repository work by name (expected: citeproc-js on the same files)."""
    assert cite(ITEM, style) == expected


def test_a_csl_file_by_path(tmp_path: Any) -> None:
    """A style file of one's own, by path."""
    path = tmp_path / "mine.csl"
    path.write_text(
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
        "<info><id>mine</id><title>Mine</title></info>"
        '<citation><layout prefix="[" suffix="]"><names variable="author"><name form="short"/></names>'
        '<date variable="issued" prefix=" "><date-part name="year"/></date></layout></citation>'
        '<bibliography><layout><text variable="title" text-case="uppercase"/></layout></bibliography></style>'
    )
    assert cite(ITEM, str(path), "citation") == "[Moslem 2002]"
    assert cite(ITEM, str(path)) == "FACTIONALISM IN THE ISLAMIC REPUBLIC"
    with pytest.raises(quotebank.InputError, match="no CSL style file"):
        cite(ITEM, str(tmp_path / "missing.csl"))


def test_a_bibliography_skips_a_bad_item_and_formats_the_rest() -> None:
    """One source that cannot be cited does not stop a bibliography; it is reported."""
    errors: list[tuple[str, Exception]] = []
    entries = quotebank.Formatter("apa").bibliography(
        [GOOD, {**GOOD, "id": "bad", "type": "memo"}], errors=errors
    )
    assert entries == ["Abrahamian, E. (2008). A history of modern Iran."]
    assert [key for key, _ in errors] == ["bad"]


def test_two_works_by_one_author_in_one_year_get_year_suffixes() -> None:
    """Disambiguation: 2019a and 2019b, in the bibliography and in the citations."""
    first = {**ITEM, "id": "a", "issued": {"date-parts": [[2019]]}, "title": "A first paper"}
    second = {**ITEM, "id": "b", "issued": {"date-parts": [[2019]]}, "title": "A second paper"}
    entries = quotebank.Formatter("apa").bibliography([second, first])
    assert [e.split(". ")[1] for e in entries] == ["(2019a)", "(2019b)"]
    from quotebank.citation._formatting import Cite, format_citation

    assert format_citation([(first, Cite()), (second, Cite())], "apa") == "(Moslem, 2019a, 2019b)"


def test_seasons_and_circa_dates_are_dates() -> None:
    """A season in date-parts (13-16) or as ``season``, and an uncertain date, are cited."""
    spring = {**ITEM, "issued": {"date-parts": [[2009, 13]]}}
    assert (cite(spring, "chicago-author-date") or "").startswith("Moslem, Mehdi. 2009.")
    assert "Spring" in (cite({**spring, "type": "article-magazine"}, "apa") or "")
