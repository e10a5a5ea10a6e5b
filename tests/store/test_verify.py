"""Did this person say it? Verdicts on the seed store, from the user's side."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from quotebank import InputError, QuoteBank, Verdict
from quotebank.cli import cli


def test_a_dropped_negation_is_altered_never_close(seeded: QuoteBank) -> None:
    """Khamenei said he was NOT responsible: the phrase without "not" is altered."""
    result = seeded.verify("I am responsible for the war")
    assert result.verdict is Verdict.ALTERED
    assert result.said_by == "Ali Khamenei"
    assert result.diff == ["-not"]
    assert result.occurrences
    # and who-said does not pass it off as a fuzzy match of his words
    assert all(
        m.speaker != "Ali Khamenei" or "not responsible" not in m.text
        for m in seeded.who_said("I am responsible for the war")
    )


def test_the_very_words_by_the_right_person_are_exact(seeded: QuoteBank) -> None:
    """A fragment in the stored words, credited rightly."""
    result = seeded.verify("I am not responsible for the war", speaker="Khamenei")
    assert result.verdict is Verdict.EXACT
    assert result.said_by == "Ali Khamenei" and result.diff == []


def test_other_words_for_the_same_remark_are_close(seeded: QuoteBank) -> None:
    """'drink' for 'drinking': the same remark, and the difference is shown."""
    result = seeded.verify("drink the poisoned chalice", speaker="Ruhollah Khomeini")
    assert result.verdict is Verdict.CLOSE
    assert result.said_by == "Ruhollah Khomeini"
    assert "+drink" in result.diff


def test_someone_else_said_it(seeded: QuoteBank) -> None:
    """Credited to Khamenei, said by Khomeini: misattributed, naming who said it."""
    result = seeded.verify("drinking the poisoned chalice", speaker="Ali Khamenei")
    assert result.verdict is Verdict.MISATTRIBUTED
    assert result.said_by == "Ruhollah Khomeini"


def test_nobody_said_it(seeded: QuoteBank) -> None:
    """A phrase nobody in the store said is not_found, without a wording."""
    result = seeded.verify("the weather in Paris is lovely this time of year")
    assert result.verdict is Verdict.NOT_FOUND
    assert result.wording is None and result.said_by is None


def test_a_changed_number_is_altered() -> None:
    """A number changed is a different claim, not a misremembered wording."""
    bank = QuoteBank("sqlite:///:memory:")
    bank.ingest_text("“We lost three hundred ships in the storm last winter,” said Ada Brightwater.")
    assert bank.verify("we lost four hundred ships in the storm").verdict is Verdict.ALTERED
    assert bank.verify("we lost three hundred ships in the storm").verdict is Verdict.EXACT
    assert bank.who_said("we lost four hundred ships in the storm") == []


def test_an_added_negation_is_altered() -> None:
    """Adding "not" reverses the claim."""
    bank = QuoteBank("sqlite:///:memory:")
    bank.ingest_text("“The harbour bridge will open to traffic next spring,” said Ada Brightwater.")
    result = bank.verify("the harbour bridge will not open to traffic", speaker="Brightwater")
    assert result.verdict is Verdict.ALTERED
    assert "+not" in result.diff


def test_with_no_speaker_check_names_whom_who_said_names() -> None:
    """Two remarks match equally well: the one quoted in more sources is the answer of
    both ``who`` and ``check``, even when the other's wording is a shade closer."""
    bank = QuoteBank("sqlite:///:memory:")
    for n in (1, 2, 3):
        bank.ingest_text(
            "“Steering the battered ship home is our whole task,” said Ada Brightwater.",
            source={"id": f"paper-{n}", "type": "article-newspaper", "title": f"Storm report {n}"},
        )
    bank.ingest_text(
        "“It was the crew that made her steer the batter ship home in the gale,” wrote Tomas Vell.",
        source={"id": "column", "type": "article-newspaper", "title": "A column"},
    )
    phrase = "steer the battered ship home"
    assert bank.who_said(phrase)[0].speaker == "Ada Brightwater"
    assert bank.verify(phrase).said_by == "Ada Brightwater"


def test_empty_phrase_is_an_input_error(seeded: QuoteBank) -> None:
    """A phrase without words is refused clearly."""
    with pytest.raises(InputError, match="no words"):
        seeded.verify(" ?! ")


def test_check_command_json(seeded: QuoteBank) -> None:
    """`quotebank check --json` prints the verdict object."""
    seeded_url = seeded.url
    out = CliRunner().invoke(cli, ["check", "--db", seeded_url, "--json", "I am responsible for the war"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert set(data) == {"verdict", "phrase", "speaker", "said_by", "wording", "diff", "occurrences"}
    assert data["verdict"] == "altered" and data["said_by"] == "Ali Khamenei"
    text = CliRunner().invoke(
        cli, ["check", "--db", seeded_url, "--speaker", "Khamenei", "drinking the poisoned chalice"]
    )
    assert text.exit_code == 0 and text.output.startswith("misattributed: said by Ruhollah")
