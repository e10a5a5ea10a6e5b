"""The constructions news and fiction use to credit a quotation, one sentence each.

Every row is a sentence written for this table (none is taken from a corpus): the text,
the start of the quotation it holds, the speaker the extractor must credit (``None``:
nobody) and the kind. Negatives (titles, nicknames, scare quotes) are rows too.
"""

from __future__ import annotations

import pytest

from quotebank import Quote, QuoteKind, extract


def _quote(text: str, start: str) -> Quote:
    hits = [q for q in extract(text) if q.text.startswith(start)]
    assert hits, f"no quotation starting with {start!r} in {text!r}"
    return hits[0]


Q = QuoteKind.QUOTATION.value
T = QuoteKind.TERM.value

# (text, start of the quotation, speaker, kind)
CONTINUATION = [
    ('"We will win," Marta Lindqvist said. "They know it too."', "They know it too", "Marta Lindqvist", Q),
    ('"Bring the maps," Orrin Baptiste told the crew, "and the lamp."', "and the lamp", "Orrin Baptiste", Q),
    (
        'Dana Whitfield warned that the bridge was "unsafe" because "nobody has checked it."',
        "nobody has checked it",
        "Dana Whitfield",
        Q,
    ),
    (
        '"The vote is close," said Ines Carvalho.\n\n"Closer than anyone admits."',
        "Closer than anyone admits",
        "Ines Carvalho",
        Q,
    ),
    (
        'Piet Hanse said the port was "a lifeline for the region," and that crews would "stay until spring."',
        "stay until spring",
        "Piet Hanse",
        Q,
    ),
    (
        'Rosa Diaz said Kell was "a lightweight" while Moss is "a basket case."',
        "a basket case",
        "Rosa Diaz",
        Q,
    ),
    (
        '"We are ready," Omar Reyes said on WKRP\'s "Late Desk" Sunday. "Ask anyone."',
        "Ask anyone",
        "Omar Reyes",
        Q,
    ),
    (
        'Vera Stoll touted her record on the bill. "We need ways to help workers organize."',
        "We need ways",
        "Vera Stoll",
        Q,
    ),
    (
        '"Taxes will rise," says Ruth Okafor, 41, of Dayton. Okafor runs a bakery. "I feel it."',
        "I feel it",
        "Ruth Okafor",
        Q,
    ),
]
TERMS = [
    ('Gov. Pat Harlow said it would be "improper" for him to attend.', "improper", "Pat Harlow", Q),
    ('She spoke on Channel Nine\'s "Morning Table" about the budget.', "Morning Table", None, T),
    ('He wrote the book "Rivers of Salt" in a single winter.', "Rivers of Salt", None, T),
    ('The senator, who goes by "Red," left early.', "Red", None, T),
    ('Critics dubbed the plan "the ghost tax" within a week.', "the ghost tax", None, T),
    ('The so-called "quiet zone" covers three blocks.', "quiet zone", None, T),
    ('A "supermarket" opened on the corner.', "supermarket", None, T),
    ('Hemsley, the co-author of "Going Viral," studies rumors.', "Going Viral", None, T),
    ('Cruz held his party at the "Red Rock Country Club" downtown.', "Red Rock Country Club", None, T),
    (
        'Jon Pate leaned back. "It was mine," he said in the interview. "This is all me."',
        "This is all me",
        "Jon Pate",
        Q,
    ),
    (
        'Kim Sato bemoaned a climate in which rivals "cannot stand each other" any longer.',
        "cannot stand each other",
        "Kim Sato",
        Q,
    ),
    ('Lee Park took the "hard road" to the final.', "hard road", None, T),
    ('The agency found no "ties of any consequence" between the firms.', "ties of any consequence", None, Q),
]
SPEAKER_PHRASE = [
    ('"It is done," said Hale spokeswoman Alma Reyes.', "It is done", "Alma Reyes", Q),
    ('"We start again," said former bank executive Tomas Berglund.', "We start again", "Tomas Berglund", Q),
    ('"No more delays," said retiree Walter Quinlan.', "No more delays", "Walter Quinlan", Q),
    ('Board Chair Nadia L. Petrov said, "Rates will hold."', "Rates will hold", "Nadia Petrov", Q),
    ('"Never," Greaves, 69, told the station.', "Never", "Greaves", Q),
    ('Sen. Lena Marsh (D-Ore.) said, "Not this year."', "Not this year", "Lena Marsh", Q),
    (
        'Okonkwo, who has not endorsed anyone, told reporters: "Ask me in June."',
        "Ask me in June",
        "Okonkwo",
        Q,
    ),
    (
        '"Costs matter," said Jane Holloway, a professor at Lakeside University. "So do people."',
        "Costs matter",
        "Jane Holloway",
        Q,
    ),
    ('Pell, after a long pause, said, "I cannot say."', "I cannot say", "Pell", Q),
    ('But, said Solberg, "the count is wrong."', "the count is wrong", "Solberg", Q),
    ('Councillor Marcus Delgado said, "The road stays open."', "The road stays open", "Marcus Delgado", Q),
    ('Chief Executive Officer Mary Corran said, "Sales are up."', "Sales are up", "Mary Corran", Q),
    ('"Wait," said former Ohio governor Dale Pruitt (R), a party elder.', "Wait", "Dale Pruitt", Q),
    (
        'And on Monday, Ada Frost, head of the harbor board, said the levy would "pause" work.',
        "pause",
        "Ada Frost",
        Q,
    ),
    (
        'Liberal mayoral candidate Rita Vance is running an ad that asks voters to "stand up for the river."',
        "stand up for the river",
        "Rita Vance",
        Q,
    ),
    ('"Enough," said Ken Abara of Lagos, who chairs the panel.', "Enough", "Ken Abara", Q),
    ('"We hold," West said.', "We hold", "West", Q),
    (
        '"We go west," Rudd\'s campaign manager, Jeff Amory, said in an interview.',
        "We go west",
        "Jeff Amory",
        Q,
    ),
    ('"Fine," his aide, Jo Hart, said.', "Fine", "Jo Hart", Q),
    (
        '"Welcome, all," said master of ceremonies Asad Tebbi, a retired engineer.',
        "Welcome, all",
        "Asad Tebbi",
        Q,
    ),
    (
        '"It was a big order," said K9 president Lena Wirth, who gave no price.',
        "It was a big order",
        "Lena Wirth",
        Q,
    ),
    (
        'In a statement, Bruno Falk, a spokesman for the mayor, said: "We cooperate fully."',
        "We cooperate fully",
        "Bruno Falk",
        Q,
    ),
    ('"We act now," said Secretary of State Lena Brook.', "We act now", "Lena Brook", Q),
    # a stray comma after a party tag; a place before an aside is not the subject
    ('In Berea, after winning, Gov. Jon Kasko (R-OH), said, "I am ready."', "I am ready", "Jon Kasko", Q),
    ('"Resign now!" the presumptive GOP nominee, Dan Trask, tweeted.', "Resign now", "Dan Trask", Q),
    (
        'Minister of Finance Omar Haddad spoke first.\n\n"The budget holds," he said.',
        "The budget holds",
        "Omar Haddad",
        Q,
    ),
    # a party or nationality before a name the text also gives alone, down to the
    # surname (news style names a person in full, then by the surname)
    (
        "Populist Rena Hask won the vote. Rena Hask thanked her staff. Hask spoke last.\n\n"
        '"We did it," Populist Rena Hask said.',
        "We did it",
        "Rena Hask",
        Q,
    ),
    # without the bare surname, the shorter form is a two-word family name and the
    # first word a given name
    (
        '"The harbour reopens in May," said Leila Hashemi Tavana.\n\n"We are not done," '
        "Hashemi Tavana added.",
        "The harbour reopens in May",
        "Leila Hashemi Tavana",
        Q,
    ),
    (
        '"The harbour reopens in May," said Leila Hashemi Tavana.\n\n"We are not done," '
        "Hashemi Tavana added.",
        "We are not done",
        "Leila Hashemi Tavana",
        Q,
    ),
]
PRONOUNS = [
    # an indefinite pronoun opening a sentence is nobody's name
    (
        "Nothing really changed at the meeting: the council kept its cause of “a balanced budget.”",
        "a balanced budget",
        None,
        Q,
    ),
    ("Everyone really wanted a “fresh start.”", "fresh start", None, T),
    ('Mayor Ellen Voss spoke first. "The water is safe," she said.', "The water is safe", "Ellen Voss", Q),
    ('In Florida, Ray Dunmore met voters. "Now is the time," he said.', "Now is the time", "Ray Dunmore", Q),
    ('Lara Quist praised Tom Bell. "I trust him," she said.', "I trust him", "Lara Quist", Q),
    (
        'Rep. Nia Holt warned that the lead in North Dakota could erode.\n\n"The vote is not '
        'a monolith," she said.',
        "The vote is not",
        "Nia Holt",
        Q,
    ),
    (
        'Board spokesman Tim Ruel — a former reporter — wouldn\u2019t say when.\n\n"No news yet," he said.',
        "No news yet",
        "Tim Ruel",
        Q,
    ),
    ('"Go home," said Abel Rusk.\n\n"You too," he added.', "You too", "Abel Rusk", Q),
    # a name opening a sentence is its subject, whatever word follows
    (
        'Paul Manafort, the manager, came late. "Move on," said Gil Orton.\n\nManafort all but '
        'begged the crowd to stay.\n\n"We are going forward," he said.',
        "We are going",
        "Paul Manafort",
        Q,
    ),
    # the main clause's subject, not a later one in the same sentence
    (
        "Ivo Stan said the delay helped Ruth Kerr, who did not need the weeks as much as Pia "
        'Lund did.\n\n"He has nothing to prove," he said.',
        "He has nothing",
        "Ivo Stan",
        Q,
    ),
    # a capitalised word after a determiner is a group, not a person
    (
        "Tom Vale took a different road from the other Greens, which the Greens, to be fair, "
        'had expected.\n\n"We keep going," he said.',
        "We keep going",
        "Tom Vale",
        Q,
    ),
    # a capitalised run before a noun and a name describes that name: "he" has no
    # single antecedent here, and "Former Andean" is nobody
    (
        'Former Andean presidents Rafael Ocampo and Julio Brenes wrote back.\n\n"We will not pay," he said.',
        "We will not",
        None,
        Q,
    ),
]
WINDOWS = [
    ('"Is it over?" Jane Pardo asked.', "Is it over", "Jane Pardo", Q),
    ('The cuts are "a disgrace," as Ada Vale put it.', "a disgrace", "Ada Vale", Q),
    ('"We will appeal," according to Ada Vale.', "We will appeal", "Ada Vale", Q),
    # a comment clause with no one to name: still words said, by nobody we know
    ('"We will appeal," as she said.', "We will appeal", None, Q),
    # a space before the closing mark, after a nested quotation
    ("\"Nobody says, 'Just vote for me,' \" Ada Kerr told the station.", "Nobody says", "Ada Kerr", Q),
    ('"Run!" Pavel Orlov shouted.', "Run", "Pavel Orlov", Q),
    ('"That was the deal." Nora Blaine said.', "That was the deal", "Nora Blaine", Q),
    ('When asked about the debt, Carl Mayhew said, "We pay it."', "We pay it", "Carl Mayhew", Q),
    ('The Daily Ledger responded:\n\n"We stand by the story."', "We stand by", "The Daily Ledger", Q),
    ('Channel Four reported that "crews are at the dam."', "crews are at the dam", "Channel Four", Q),
    (
        'On Monday, Tom Hale said he was "happy to see" the vote, according to The Daily Ledger.',
        "happy to see",
        "The Daily Ledger",
        Q,
    ),
    (
        'Vice President Alma Rusk spoke first. Later the president said, "We act now."',
        "We act now",
        "the president",
        Q,
    ),
    ('"Not a chance," the moderator said.', "Not a chance", "the moderator", Q),
    ('"They will fold," one senior Democrat said.', "They will fold", "one senior Democrat", Q),
    ('"We are ready," Mira Tesh shot back.', "We are ready", "Mira Tesh", Q),
    ('"It was a mistake," Ivo Marek conceded.', "It was a mistake", "Ivo Marek", Q),
    ('"The plan fails" under strain, said Lu Ambrose, an engineer.', "The plan fails", "Lu Ambrose", Q),
    ('Bo Kent called the deal "a disaster." Ana Ruiz said Kent "never reads."', "a disaster", "Bo Kent", Q),
    ('Asked about it, Hollis sighed: "Again?"', "Again", "Hollis", Q),
    (
        'After Ed Brandt criticized him, Hal Moreno shot back, "I built this town."',
        "I built this town",
        "Hal Moreno",
        Q,
    ),
    ('Rep. Jo Kent (R-Ala.): "Who told you that figure?"', "Who told you", "Jo Kent", Q),
    ('Chris Lowe, The Daily Ledger: "The race is over."', "The race is over", "Chris Lowe", Q),
    (
        '"Both scare me," Hal Bond, 30, of Raleigh, N.C., who was polled, said.',
        "Both scare me",
        "Hal Bond",
        Q,
    ),
    (
        'Gail Orr, a pollster who works with Priority Labs, a research firm, said the race was "wide open."',
        "wide open",
        "Gail Orr",
        Q,
    ),
]
FICTION = [
    ('"I was there," she whispered. "You were not."', "I was there", None, Q),
    ('Anna closed the door.\n\n"I was there," she whispered.', "I was there", "Anna", Q),
    (
        'Tom looked up from his book. Anna shook her umbrella. "Who is it?"\n\n"Only me," Anna '
        'said.\n\n"Come in," he said.',
        "Come in",
        "Tom",
        Q,
    ),
    (
        'Mrs. Hale set down the cup.\n\n"Sit," said Mr. Penn.\n\n"Thank you," she said.',
        "Thank you",
        "Hale",
        Q,
    ),
    ('"Cold tonight," Martin said. "Very cold."', "Very cold", "Martin", Q),
    ('"Going?" asked Mrs. Pruett.\n\nHarold shrugged. "Out."', "Out", "Harold", Q),
    (
        'Mrs. Pruett looked up.\n\n"Just out," Harold said, pulling on his coat.\n\n'
        'She frowned. "Be careful," she said.',
        "Be careful",
        "Pruett",
        Q,
    ),
]
EXCHANGE = (
    'Anna came in from the rain.\n\n"Where were you?" asked Tom.\n\n"Out," Anna said.\n\n'
    '"Out where?"\n\n"Just out."\n\n"You always say that."\n'
)
FICTION += [
    # untagged lines of a two-person exchange alternate: each is the turn of the
    # speaker before the last
    (EXCHANGE, "Out where", "Tom", Q),
    (EXCHANGE, "Just out", "Anna", Q),
    (EXCHANGE, "You always", "Tom", Q),
    # narration after the line: not a bare turn (the beat's actor speaks)
    ('"Where?" asked Tom.\n\n"Out," Anna said.\n\n"Again," Anna sighed, and sat down.', "Again", "Anna", Q),
]
MARKS = [
    ("Eva Lund said, ''We wait for the court.''", "We wait for the court", "Eva Lund", Q),
    ("'The boys' room is cold,' said Ann Lee.", "The boys' room is cold", "Ann Lee", Q),
    ("‘We saw the Hartwells’ barn,’ Peter Moss said.", "We saw the Hartwells’ barn", "Peter Moss", Q),
]

ROWS = CONTINUATION + TERMS + SPEAKER_PHRASE + PRONOUNS + WINDOWS + FICTION + MARKS


@pytest.mark.parametrize(("text", "start", "speaker", "kind"), ROWS)
def test_construction_credits_the_speaker(text: str, start: str, speaker: str | None, kind: str) -> None:
    """The quotation is found with the expected speaker and kind."""
    quote = _quote(text, start)
    assert (quote.speaker, quote.kind.value) == (speaker, kind)


WRAPPED = (
    "The storm\n\n"
    "The rain had not stopped for three days. Mara stood at the window and\n"
    "watched the road, counting the carts that did not come.\n\n"
    '"He will not come tonight," she said at last, turning from the glass. "Not\n'
    'in this weather."\n\n'
    "Jonas shrugged his shoulders and looked at his boots. 'You always say\n"
    "that,' he muttered, 'and he always comes.'\n"
)


def test_a_line_wrap_in_hard_wrapped_text_is_not_a_paragraph_end() -> None:
    """In hard-wrapped prose a quotation runs on over the wrap, in the speaker's paragraph."""
    quotes = {q.text: q for q in extract(WRAPPED)}
    assert quotes["Not\nin this weather."].speaker == "Mara"
    assert quotes["and he always comes."].speaker == "Jonas"
    assert quotes["You always say\nthat,"].paragraph == 4


def test_one_paragraph_per_line_stays_so() -> None:
    """Text with a paragraph on each line (and blank lines between) keeps line paragraphs."""
    text = (
        '"It rains," said Ada Moor.\n\nThe match was called off.\n\n'
        '"We go home," said Ben Lotz.\nThe fans left.\n'
    )
    quotes = extract(text)
    assert [(q.paragraph, q.speaker) for q in quotes] == [(1, "Ada Moor"), (3, "Ben Lotz")]


def test_a_paragraph_opening_title_does_not_end_a_sentence() -> None:
    """``Mr.`` at a paragraph's start is an abbreviation: the context keeps it."""
    quote = extract('The mayor spoke.\nMr. Dorn said the budget was "dead on arrival" and left.')[0]
    assert quote.context.startswith("Mr. Dorn said")
    assert quote.speaker == "Dorn"
