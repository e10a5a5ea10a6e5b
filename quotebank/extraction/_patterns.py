"""Word lists and compiled patterns of the extractor.

Every pattern is compiled once (``RE_`` names) and is only ever run on a bounded
window (a sentence or a few hundred characters) with a ``timeout``, so no input
can make matching run away. ``docs/extraction.md`` lists what each one recognises.
"""

from __future__ import annotations

import regex

__all__ = [
    "MAX_WINDOW",
    "TIMEOUT",
]

#: Seconds any single pattern may run on one window.
TIMEOUT = 0.5
#: Longest stretch of text (characters) an attribution pattern looks at.
MAX_WINDOW = 320

# --- quote marks ----------------------------------------------------------------------
DOUBLE_OPEN = "“„"
DOUBLE_CLOSE = "”"
SINGLE_OPEN = "‘‚"
SINGLE_CLOSE = "’"
#: Every quote mark (two apostrophes ``''`` count as one double mark, as many papers
#: print them), except single marks between a letter or digit and a letter
#: (``Khamenei's``, ``don't``): those are apostrophes, and skipping them here, in C,
#: spares the scanner most of its work.
RE_MARK = regex.compile(r"''(?!')|[\"“”„«»‹›]|(?<![\p{L}\p{N}])['’‘‚]|['’‘‚](?!\p{L})")

# --- words ----------------------------------------------------------------------------
SPEECH_VERBS = (
    "said says say told tells stated states wrote writes declared declares exhorted "
    "exhorts added adds asked asks answered replied replies remarked remarks noted notes "
    "stressed stresses emphasized emphasised warned warns insisted insists claimed claims "
    "argued argues explained explains announced announces proclaimed proclaims promised "
    "promises vowed vows threatened urged urges concluded concludes continued recalled "
    "recalls admitted acknowledged conceded complained suggested suggests tweeted posted "
    "commented observed responded pronounced called calls described describes "
    "characterized characterised dismissed labeled labelled branded echoed chanted shouted "
    "cried exclaimed quipped mused thundered affirmed maintained reiterated repeated "
    "demanded pledged predicted boasted lamented confirmed denied countered "
    "speaks spoke whispered ordered decreed reported reports joked jokes sighed muttered "
    "murmured testified recounted cautioned wondered confided confessed retorted snapped "
    "interjected texted emailed explained adds answered"
).split()
PARTICIPLES = (
    "saying stating adding writing declaring noting warning telling asking proclaiming "
    "announcing insisting arguing explaining urging concluding responding replying "
    "exhorting calling describing vowing promising issuing"
).split()
STATEMENT_NOUNS = (
    "statement statements letter decree message speech words remarks tweet post fatwa "
    "sermon interview address answer reply response position order edict proclamation "
    "communique communiqué announcement"
).split()
TITLES = (
    "Grand Ayatollah|Ayatollah|Hojatoleslam|Imam|Supreme Leader|Leader|President|"
    "Vice President|Prime Minister|Foreign Minister|Minister|Major General|General|Gen\\.|"
    "Mr\\.|Mrs\\.|Ms\\.|Dr\\.|Prof\\.|Professor|Sheikh|Commander|King|Queen|Prince|"
    "Senator|Sen\\.|Rep\\.|Secretary|Chancellor|Pope|Rabbi|Prophet|Speaker|Judge|Justice"
)
#: The single words of all titles ("Supreme", "Leader", "Mr" ...).
TITLE_WORDS = frozenset(w.replace("\\.", "") for w in TITLES.replace("|", " ").split())
#: Words of job titles and their abbreviations, written before a name and not part of
#: it: in ``Commission Chair Marcus Delgado`` or ``South Carolina Gov. Jim Hodges`` the
#: name is what follows the last of them. English titles in general, not a corpus's.
JOB_TITLES = frozenset(
    """
    Chair Chairman Chairwoman Chairperson Officer Executive Director Councillor Councilor
    Councilman Councilwoman Governor Gov Mayor Senator Sen Representative Rep Secretary
    Minister President Pres Commissioner Chief Spokesman Spokeswoman Spokesperson
    Ambassador Amb Attorney Atty General Gen Judge Justice Sheriff Superintendent Supt
    Treasurer Leader Speaker Manager Editor Founder Cofounder Co-founder CEO CFO COO
    Chancellor Coach Captain Capt Pastor Bishop Deputy Lieutenant Lt Sergeant Sgt Detective
    Det Professor Prof Principal Trustee Alderman Premier MP MPP MLA Colonel Col Admiral
    Adm Major Maj Commander Cmdr Corporal Cpl Private Pvt Reverend Rev Hon Honourable
    Honorable Inspector Insp Constable Const Congressman Congresswoman Assemblyman
    Assemblywoman Delegate Administrator Analyst Economist Strategist Pollster Consultant
    Adviser Advisor Aide Mr Mrs Ms Dr
    """.split()
)
PRONOUNS = frozenset("he she they i we He She They I We".split())
#: Capitalised words that never start or continue a person's name: English function
#: words, pronouns, quantifiers, months and days. No places: "West" and "Israel" can speak.
NON_NAME = frozenset(
    """
    The A An In On At Of And For But Or Nor If When While After Before Since During Though
    Although This That These Those It Its He She They We I You His Her Their Our My Your
    Q As By To From With Without Into Over Under About Against Between Among Through Then
    There Here What Which Who Whom Whose Why How Where Yet So Also Even Only Just Not No
    Yes Every Each Some Any All Both Either Neither Many Most More Such Other Another
    Nothing Nobody None Everyone Everybody Everything Someone Somebody Something Anyone
    Anybody Anything
    Several Few Much Less Least Despite Until Unless Because Whether Like Unlike Upon
    Given Including According Following Regarding Asked Speaking Writing Meanwhile However
    Today Tomorrow Yesterday Once Is Was Were Are Be Been Has Have Had Do Does Did Can
    Could Would Should Will Shall May Might Must Let Please Thanks Oh Well Now Still
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    """.split()
)
#: Head words that make a capitalised run an institution, place, event or document,
#: not a person (``Security Council``, ``Rice University``, ``Gulf War``).
NOT_PERSON = frozenset(
    """
    Council Assembly Republic Revolution Guard Guards Corps Gulf War Wars Army Force Forces
    Party Organization Organisation Movement Week City Nations Union States Resolution
    Project Plan Office Day Navy Agency Ministry Department University College School
    Times News Daily Post Press Institute Center Centre Committee Court Front Kingdom Empire
    Province County Peninsula Island Sea Ocean River Street Avenue Square Bank Fund Group
    Media Network Television Radio Channel Airlines Company Corporation Foundation
    Association Society Federation Commission Board Senate House Congress Parliament
    Treaty Accord Agreement Deal Program Programme Act Bill Law Amendment Campaign Club
    Church Hospital Museum Library Airport Station Hotel Tower Hall Street Stadium Report
    """.split()
)

# --- building blocks --------------------------------------------------------------------
_NAME_TOKEN = r"\p{Lu}\p{L}*(?:-\p{L}+)*(?:['’](?![sS]\b)\p{L}+)*"
_VERB = (
    r"(?:"
    + "|".join(SPEECH_VERBS)
    + r"|used\s+(?:the|this|that|a)\s+(?:term|phrase|words?|expression|slogan|metaphor))"
)
_PARTICIPLE = r"(?:" + "|".join(PARTICIPLES) + r")"
_ADVERBS = r"(?:(?:\w+ly|once|also|later|then|had|has|have|would|will|again|even|first)\s+){0,3}"
_BRACKET = r"\[\s*" + _NAME_TOKEN + r"(?:\s+" + _NAME_TOKEN + r"){0,3}[^\]\n]{0,40}\]"
_NAMED = (
    r"(?:(?:[Tt]he\s+)?(?:"
    + TITLES
    + r")\s+)*"
    + _NAME_TOKEN
    + r"(?:\s+"
    + _NAME_TOKEN
    + r"){0,3}(?:\s*"
    + _BRACKET
    + r")?"
)
_TITLED = r"(?:[Tt]he\s+)?(?:" + TITLES + r")(?:\s*" + _BRACKET + r")?"
_PRONOUN = r"(?:[Hh]e|[Ss]he|[Tt]hey|I|[Ww]e)(?:\s*" + _BRACKET + r")?"
_UNNAMED = (
    r"(?:[Tt]he|[Aa]n?|[Oo]ne|[Ss]ome|[Hh]is|[Hh]er|[Tt]heir)\s+(?:[\p{L}\-]+\s+){0,4}?"
    r"(?:advisor|adviser|official|officials|spokesman|spokeswoman|spokesperson|source|"
    r"sources|memo|memos|report|commander|commanders|protesters|crowd|crowds|demonstrators|"
    r"supporters|critics|analyst|analysts|diplomat|diplomats|minister|ministry|government|"
    r"regime|delegation|newspaper|agency|forces|statement|aide|aides|observer|observers|"
    r"expert|experts|member|members|lawmaker|lawmakers|article|editorial|chants|slogan)"
)
SPEAKER = r"(?P<sp>" + _PRONOUN + r"|" + _TITLED + r"|" + _NAMED + r"|" + _UNNAMED + r")"

_FLAGS = regex.VERSION1
#: ``G.K. Butterfield of North Carolina said``: where the speaker is from, not the speaker.
_OF_PLACE = r"(?:\s+(?:of|from)\s+(?:the\s+)?" + _NAME_TOKEN + r"(?:\s+" + _NAME_TOKEN + r"){0,3})?"
#: Between a speaker and the verb: a party tag, an age, a relative clause, an aside
#: (``Sen. Chuck Schumer (D-N.Y.) said``, ``Warren, who has not endorsed anyone, told``).
_APPOSITIVE = (
    r"(?:\s*\([^()“”\"\n]{1,40}\)(?:\s*,(?=\s+\p{Ll}))?)?"
    r"(?:(?:\s*,\s*[^,“”\"\n;:]{1,120}?){1,4}\s*,|\s*,\s*(?:who|which))?"
)

#: ``Khomeini said, “`` / ``He reportedly told a gathering …, “`` / ``Khamenei promised “``
#: / ``Karsh wrote … that the incident “`` / ``Khomeini described this retreat as “``.
RE_SPEAKER_VERB = regex.compile(
    r"(?:^|(?<=[\s(,;:—–\-\"'“‘]))"
    + SPEAKER
    + _OF_PLACE
    + _APPOSITIVE
    + r"(?:\s+[a-z][a-z\s'’\-]{0,60}?\s+and)?\s+"
    + _ADVERBS
    + r"(?P<cue>"
    + _VERB
    + r")\b"
    + r"(?P<obj>[^“”\"«„.!?;]{0,160}?)\s*(?P<punct>[,:]?)\s*$",
    _FLAGS,
)
#: ``…, saying: “`` — the speaker is the subject of the sentence.
RE_PARTICIPLE = regex.compile(
    r"\b(?P<cue>" + _PARTICIPLE + r")\b(?P<obj>[^“”\"«„.!?;:]{0,100}?)\s*(?P<punct>[,:]?)\s*$",
    _FLAGS,
)
#: ``According to a former Trump advisor: he was a “``
RE_ACCORDING = regex.compile(
    r"\b(?P<cue>[Aa]ccording\s+to)\s+(?P<sp>[^,:;“”\"]{1,60}?)\s*[,:][^“”\"]{0,160}$", _FLAGS
)
#: ``As the memo stated, such an attack … would “``
RE_AS_STATED = regex.compile(
    r"\b[Aa]s\s+" + SPEAKER + r"\s+" + _ADVERBS + r"(?P<cue>" + _VERB + r")\s*,[^“”\"]{0,200}$",
    _FLAGS,
)
#: ``the NLA forces reached Mehran and echoed rallying cries like “``
RE_GROUP_CUE = regex.compile(
    r"(?P<sp>(?:[Tt]he\s+)?(?:\p{Lu}[\p{L}\-]*\s+){0,3}(?:forces|troops|crowds?|protesters|"
    r"demonstrators|supporters|fighters|students|mourners))\b[^“”\".;]{0,80}?\b"
    r"(?P<cue>echoed|chanted|shouted|cried|sang|repeated|raised)\b[^“”\".;]{0,60}$",
    _FLAGS,
)
#: ``Khomeini’s statement …: “`` / ``In his decree appointing Rafsanjani, …: “``
RE_STATEMENT_NOUN = regex.compile(
    r"\b(?P<cue>" + "|".join(STATEMENT_NOUNS) + r")\b[^“”\".!?]{0,200}:[^“”\".!?:]{0,80}$",
    _FLAGS,
)
#: ``Q: "`` / ``A: "`` (or Markdown ``**Q:** "``) at the start of a paragraph.
RE_TURN = regex.compile(r"^\s*[*_]{0,2}(?P<who>[QA])\s*:\s*[*_]{0,2}\s*$", _FLAGS)
#: Words announcing the name or title of something, not anyone's words.
_TITLE_CUES = (
    r"titled|entitled|headlined|headed|named|dubbed|termed|nicknamed|so-called|known\s+as|"
    r"(?:goes|go|went|going)\s+by"
)
#: A name or title follows: ``an interview titled “…”``, ``who goes by “…”``, or a
#: naming verb and its object, ``critics dubbed the plan “…”`` (a term whatever its length).
RE_TITLED = regex.compile(
    r"\b(?:(?:" + _TITLE_CUES + r")|(?:dubbed|nicknamed|termed|renamed|christened)"
    r"(?:\s+[\p{L}'’\-]+){1,3})[\s,:]*$",
    _FLAGS,
)
#: Words just before a quotation that make a short one a term: ``slogans such as “``.
RE_TERM_CUE = regex.compile(
    r"(?:such\s+as|like|the\s+(?:term|phrase|word|words|expression|slogans?|motto|label|"
    r"notion|concept)|slogans?|motto|" + _TITLE_CUES + r")[\s,:]*$",
    _FLAGS,
)
#: Before the title of a work: a kind of work (``the book``, ``his radio show,``) or a
#: possessive of a name (``Channel Nine's``). The quotation must be in title case too.
RE_WORK_CUE = regex.compile(
    r"(?:\b(?:book|novel|memoir|film|movie|show|series|sitcom|program|programme|podcast|"
    r"song|album|play|musical|opera|documentary|column|essay|article|op-ed|poem|painting|"
    r"magazine|newspaper|blog|website|episode|headline|hashtag|slogan|motto|anthem)s?"
    r"|\p{Lu}[\p{L}.&\-]*['’]s)[\s,:]*$",
    _FLAGS,
)
#: Text between two quotes that continues the same attribution: ``” and “``.
RE_CHAIN = regex.compile(r"^[\s,;]*(?:and|or|as\s+well\s+as|,)?[\s,]*$", _FLAGS)
#: A paragraph that ends by announcing what follows: ``… on the matter …:[7]``.
RE_COLON_END = regex.compile(r":\s*(?:\[\d{1,3}\])?\s*$", _FLAGS)
#: An embedded post's signature: ``— Maryam Rajavi (@Maryam_Rajavi) July 12, 2021``.
RE_POST_SIGNATURE = regex.compile(
    r"[—–]\s*(?P<name>[^()\n—–]{1,80}?)\s*\((?P<handle>@\w{1,30})\)\s*"
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\s+(?P<day>\d{1,2}),\s+(?P<year>\d{4})",
    _FLAGS,
)
#: Interview heads: ``interview with Rafsanjani``.
RE_INTERVIEW_WITH = regex.compile(r"\binterview\s+with\s+(?P<sp>" + _NAMED + r"|him|her)", _FLAGS)
#: Capitalised runs that may be names (split further by :mod:`people`).
_RUN_WORD = r"(?:\p{Lu}\p{L}{0,2}\.|\p{Lu}[\p{L}\-]*(?:['’](?![sS]\b)\p{L}+)*)"
#: A possessive ends a run: ``Clinton's Brooklyn office`` names Clinton, not
#: "Clinton Brooklyn".
RE_CAPITAL_RUN = regex.compile(
    r"(?<![\p{L}\p{N}])" + _RUN_WORD + r"(?:[ \t]+" + _RUN_WORD + r"){0,6}"
    r"(?:['’][sS]\b)?(?:[ \t]*\[[^\]\n]{1,60}\])?",
    _FLAGS,
)
#: A verb right after a lone capitalised word makes it a subject, likely a person's name.
RE_VERB_FOLLOWS = regex.compile(
    r"[ \t]+(?:(?:\w+ly|also|then|later|once|has|had|have)\s+)?(?:[a-z]{2,}ed|"
    + _VERB
    + r"|gave|made|took|went|came|sent|spoke|led|met|held|won|lost|ran|saw|knew|thought|felt|"
    r"left|kept|began|became|brought|fought|stood|rose|fell|paid|put|struck|chose|drove|grew|"
    r"meant|shook|sought|spent|swore|taught|threw|understood|withdrew|is|was|has|had)\b",
    _FLAGS,
)
RE_TITLE_ONLY = regex.compile(r"^(?:[Tt]he\s+)?(?P<title>" + TITLES + r")$", _FLAGS)
RE_TITLE_PREFIX = regex.compile(r"^(?:[Tt]he\s+)?(?:(?:" + TITLES + r")\s+)+", _FLAGS)
RE_BRACKET_NAME = regex.compile(
    r"\[\s*(?P<name>" + _NAME_TOKEN + r"(?:\s+" + _NAME_TOKEN + r"){0,3})", _FLAGS
)
RE_NAME_TOKEN = regex.compile(_NAME_TOKEN, _FLAGS)
#: Words before a mention that make it an object, not a subject.
PREPOSITIONS = frozenset(
    "by of to in with from for against between over on about at under toward towards among "
    "than into upon behind like unlike and after before during since around near beside "
    "besides without within via per despite through past across beyond inside outside "
    "throughout onto".split()
)
