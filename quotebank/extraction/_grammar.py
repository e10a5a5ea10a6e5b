"""The speaker-phrase grammar: who is credited right before or after a quotation.

English news and fiction credit a quotation with a short clause next to it. The clause
has two orders, each with the quotation before or after it::

    "…," said former tech executive Carly Fiorina, who …        verb first
    "…," Sen. Chuck Schumer (D-N.Y.), 65, told reporters.         speaker first
    Warren, who has not endorsed anyone, told MSNBC: "…"          speaker first, before
    But, said Solovey, "…"                                        verb first, before

A *speaker* is a pronoun, a name (with titles, initials and particles) after an
optional lowercase descriptor (``spokeswoman``, ``former tech executive``), or a
common-noun description (``the moderator``, ``one senior Democrat``). A *cue* is a
reporting verb from :data:`REPORTING_VERBS` or, in the tight constructions where only a
verb can stand (right after ``,"`` + speaker, or before ``:`` + quotation), any verb
shaped word (``sighed``, ``shot back``, ``demurred``).

Every pattern here is ``regex.VERBOSE`` with named parts and is run on a window of a
few hundred characters at most, with a timeout.
"""

from __future__ import annotations

import regex

from quotebank.extraction._patterns import JOB_TITLES, SPEECH_VERBS

__all__ = [
    "REPORTING_VERBS",
    "RE_AFTER_AS_PUT",
    "RE_AFTER_SPEAKER_FIRST",
    "RE_AFTER_VERB_FIRST",
    "RE_BEFORE_VERB_FIRST",
    "RE_SIGNATURE",
]

#: Reporting verbs of English, in the forms that introduce a quotation (past, present
#: third person, bare). A general list (the kind textacy keeps), not one fitted to a corpus;
#: in tight constructions any verb-shaped word is taken as well (see ``_ANY_VERB``).
REPORTING_VERBS = frozenset(
    """
    said says say told tells tell wrote writes write asked asks ask added adds add
    replied replies answered answers responded responds explained explains noted notes
    stated states declared declares announced announces argued argues insisted insists
    claimed claims warned warns recalled recalls admitted admits acknowledged
    acknowledges conceded concedes continued continues complained complains suggested
    suggests tweeted tweets posted posts commented comments observed observes remarked
    remarks reported reports joked jokes quipped quips mused muses shouted shouts yelled
    yells cried cries exclaimed exclaims whispered whispers murmured murmurs muttered
    mutters sighed sighs laughed laughs demanded demands pleaded pleads begged begs
    promised promises vowed vows pledged pledges predicted predicts boasted boasts
    bragged brags lamented laments confirmed confirms denied denies countered counters
    retorted retorts snapped snaps stressed stresses emphasized emphasized emphasised
    emphasises repeated repeats reiterated reiterates concluded concludes agreed agrees
    disagreed disagrees objected objects protested protests interjected interjects
    interrupted interrupts conceded explained confided confides confessed confesses
    testified testifies recounted recounts described describes wondered wonders
    speculated speculates cautioned cautions urged urges advised advises assured assures
    maintained maintains affirmed affirms proclaimed proclaims thundered thunders
    chanted chants sang sings screamed screams groaned groans grumbled grumbles
    demurred demurs scoffed scoffs sneered sneers smiled smiles nodded nods shrugged
    shrugs breathed gasped gasps stammered stammers stuttered stutters called calls
    texted texts emailed emails messaged wrote
    spoke speaks told began begins went
    """.split()
) | frozenset(SPEECH_VERBS)
#: Particles that make a phrasal reporting verb: ``shot back``, ``pointed out``, ``went on``.
_PARTICLES = r"(?:back|out|up|on|in|off|over|along)"
#: Words that cannot be a verb in the tight constructions (they begin other clauses).
_NOT_VERB = (
    r"(?:in|on|at|to|by|of|for|with|from|and|but|or|as|that|this|the|a|an|his|her|its|their|"
    r"is|was|were|are|has|had|have|who|which|when|while|after|before|because|if|so|not)"
)
_KNOWN_VERB = r"(?:" + "|".join(sorted(REPORTING_VERBS, key=len, reverse=True)) + r")"
#: A verb-shaped word: a reporting verb, or a past tense in -ed, or a known irregular past.
_ANY_VERB = (
    r"(?:" + _KNOWN_VERB + r"|\p{Ll}{2,}ed|shot|put|spat|bit|hit|gave|got|swore|wept|"
    r"went|began|thought|felt|read|sang|rang|broke|spoke|threw|took|came)(?:\s+" + _PARTICLES + r"\b)?"
)
#: Adverbs and auxiliaries between speaker and verb: ``later said``, ``has repeatedly said``.
_ADVERBS = r"(?:(?:\p{Ll}+ly|also|later|then|once|again|has|had|have|would|will|even)\s+){0,3}"
#: Titles written before a name, capitalised or abbreviated (``Sen.``, ``Lt. Gov.``).
_TITLE = r"(?:\p{Lu}\p{Ll}{1,4}\.)"
#: One word of a name: ``Fiorina``, ``O'Rourke``, ``Lopez-Cantera`` (not ``Clinton's``).
_NAME_WORD = r"(?:\p{Lu}\p{L}*(?:[-'’]\p{L}+)*(?<!['’]s))(?!['’]s\b)"
#: A name: title abbreviations, words, middle initials, particles, a suffix.
_NAME = (
    r"(?:"
    + _TITLE
    + r"\s+){0,2}"
    + _NAME_WORD
    + r"(?:\s+(?:\p{Lu}\.(?:\p{Lu}\.)?|"
    + _TITLE
    + r"(?=\s+\p{Lu})|"
    r"(?:de|da|van|von|der|del|la|le|bin|al|du|di)\s+(?=\p{Lu})|" + _NAME_WORD + r")){0,5}"
    r"(?:,?\s+(?:Jr\.|Sr\.|II|III|IV)(?!\w))?"
)
#: Pronouns that can speak.
_PRONOUN = r"(?:he|she|they|we|I|He|She|They|We)"
#: Determiners that open a common-noun speaker: ``the moderator``, ``one senior Democrat``.
_DET = r"(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Tt]his|[Tt]hat|[Ss]ome)"
#: A common-noun speaker: determiner, up to four modifiers, a head, an optional of-phrase.
_COMMON = (
    _DET + r"\s+(?:[\p{L}\-'’.]+\s+){0,4}?[\p{L}\-]+"
    r"(?:\s+(?:of|for|from|at|with)\s+(?:the\s+)?[\p{L}\-'’.]+(?:\s+\p{Lu}[\p{L}\-'’.]*){0,3})?"
)
#: A lowercase descriptor before a name: ``spokeswoman``, ``former tech executive``,
#: ``Clinton's top foreign policy aide`` (no preposition or clause word in it).
_DESCRIPTOR = (
    r"(?:(?:(?!" + _NOT_VERB + r"\b)[\p{L}\p{N}\-'’.$]+"
    r"|of(?=\s+(?:the\s+)?\p{Ll}))\s+){0,6}?"
)
#: An office and its object before a name: ``Secretary of State``, ``Minister of Finance``
#: (the office one of the job titles of English, the object one or two capitalised words).
_OFFICE = (
    r"(?:"
    + "|".join(sorted((t for t in JOB_TITLES if len(t) > 3), key=len, reverse=True))
    + r")\s+of\s+(?:the\s+)?\p{Lu}\p{L}+(?:\s+\p{Lu}\p{L}+)??\s+"
)
#: A description of a role set off before a name: ``Sanders's campaign manager, Jeff
#: Weaver,`` / ``her chief policy aide, Jake Sullivan,`` (a determiner or a possessive,
#: then lowercase words).
_ROLE = (
    r"(?:" + _DET + r"|\p{Lu}\p{L}*(?:['’]s?))\s+(?:(?:[\p{Ll}\-]+|\p{Lu}{2,})\s+){0,3}"
    r"[\p{Ll}\-]+"
)
#: What may stand between a speaker and the verb: an age, a party tag, a relative clause.
_APPOSITIVE = (
    # a party tag, perhaps with a stray comma before the verb: "Kasich (R-Ohio), said"
    r"(?:\s*\([^()“”\"\n]{1,40}\)(?:\s*,(?=\s+\p{Ll}))?)?"
    r"(?:(?:\s*,\s*[^,“”\"\n;:]{1,120}?){1,4}\s*,)?"
)
#: Where a name must end: not followed by another name word or a possessive.
_NAME_END = r"(?![\p{L}'’\-])"
#: What follows a speaker's name when the clause ends with it: punctuation, a party tag,
#: a relative clause or a prepositional phrase (``said Patrick Murray of Monmouth``), a
#: verb. Not a lowercase noun: in ``said Vermont governor Howard Dean`` the name is later.
_AFTER_NAME = (
    r"(?=\s*(?:[,.;:!?(—–\[]|$)|\s+(?:who|whose|of|from|in|at|on|for|to|and|with|as|after|"
    r"before|during|when|while|about|via|told|said|says|added|\p{Ll}+ed)\b)"
)

#: A speaker standing alone in a tight construction: a pronoun, a whole name, or a
#: common-noun description (``RE_BEFORE_TIGHT``, ``RE_AFTER_AS_PUT``).
_SPEAKER = (
    r"""
    (?:
        (?P<sp> """
    + _PRONOUN
    + r""" ) \b
      | (?P<sp> """
    + _NAME
    + r""" ) """
    + _NAME_END
    + r"""
      | (?P<sp> """
    + _COMMON
    + r""" )
    )"""
)

_FLAGS = regex.VERSION1 | regex.VERBOSE

#: After the closing mark, verb first: ``," said pollster Frank Luntz`` / ``," he said``.
RE_AFTER_VERB_FIRST = regex.compile(
    r"""
    ^ [\s,.!?…']{0,4}
    """
    + _ADVERBS
    + r"""
    (?P<cue> (?!"""
    + _NOT_VERB
    + r"""\b) """
    + _ANY_VERB
    + r""") \b
    \s+
    (?:
        (?P<sp> """
    + _PRONOUN
    + r""" ) \b
      | (?P<sp> """
    + _COMMON
    + r""" ) (?= \s* (?:[,.;:!?(—–]|$) )
      | (?P<desc> (?:[\p{Ll}\-]+\s+){0,3}"""
    + _OFFICE
    + r""" ) (?P<sp> """
    + _NAME
    + r""" )
        """
    + _NAME_END
    + _AFTER_NAME
    + r"""
      | (?P<desc> """
    + _DESCRIPTOR
    + r""" ) (?P<sp> """
    + _NAME
    + r""" ) """
    + _NAME_END
    + _AFTER_NAME
    + r"""
    )
    """,
    _FLAGS,
)
#: After the closing mark, speaker first: ``," Trump said`` / ``," she whispered`` /
#: ``," Sarandon, 69, told MSNBC`` / ``," the moderator shot back``.
RE_AFTER_SPEAKER_FIRST = regex.compile(
    r"""
    ^ [\s,.!?…']{0,4}
    (?:
        (?P<sp> """
    + _PRONOUN
    + r""" ) \b
      | (?P<desc> """
    + _ROLE
    + r""" ) \s*,\s* (?P<sp> """
    + _NAME
    + r""" ) """
    + _NAME_END
    + r""" \s*,
      | (?P<sp> """
    + _COMMON
    + r""" )
      | (?P<desc> """
    + _DESCRIPTOR
    + r""" ) (?P<sp> """
    + _NAME
    + r""" ) """
    + _NAME_END
    + r"""
    )
    """
    + _APPOSITIVE
    + r"""
    \s+ """
    + _ADVERBS
    + r"""
    (?P<cue> (?!"""
    + _NOT_VERB
    + r"""\b) """
    + _ANY_VERB
    + r""" ) \b
    """,
    _FLAGS,
)
#: Before the opening mark, verb first: ``But, said Solovey, "`` /
#: ``said former tech executive Carly Fiorina: "``.
RE_BEFORE_VERB_FIRST = regex.compile(
    r"""
    (?<![\p{L}]) (?P<cue> """
    + _KNOWN_VERB
    + r""" ) \s+
    (?P<desc> """
    + _DESCRIPTOR
    + r""" ) (?P<sp> """
    + _NAME
    + r""" ) """
    + _NAME_END
    + _AFTER_NAME
    + _APPOSITIVE
    + r"""
    \s* [,:] \s* $
    """,
    _FLAGS,
)
#: Before the opening mark, a tight clause: speaker (a pronoun, a name or a description:
#: ``the president said, "``), verb, comma or colon, quotation.
#: Only a verb can stand there, so any verb-shaped word is a cue (``Hollis sighed: "``,
#: ``Hillary shot back, "``).
RE_BEFORE_TIGHT = regex.compile(
    r"""
    (?<![\p{L}\-'’]) """
    + _SPEAKER
    + r"""
    """
    + _APPOSITIVE
    + r"""
    \s+ """
    + _ADVERBS
    + r"""
    (?P<cue> (?!"""
    + _NOT_VERB
    + r"""\b) """
    + _ANY_VERB
    + r""" ) \s* [,:] \s* $
    """,
    _FLAGS,
)
#: A roundup or transcript head: a name (perhaps with a party tag and an outlet)
#: alone before a colon at the start of a paragraph.
RE_ROUNDUP = regex.compile(
    r"""
    ^ \s* [*_]{0,2} (?P<sp> """
    + _NAME
    + r""" ) """
    + _NAME_END
    + r"""
    (?:\s*\([^()“”\"\n]{1,40}\))? (?:\s*,\s*[^,:“”\"\n]{1,60})? \s* [*_]{0,2} : \s* [*_]{0,2} \s* $
    """,
    _FLAGS,
)
#: A signature after a quotation: ``" ― Jane Smith`` / ``" — Jane Smith, The Post``.
RE_SIGNATURE = regex.compile(
    r"""
    ^ \s* [―—–] \s* (?P<sp> """
    + _NAME
    + r""" ) """
    + _NAME_END
    + r"""
    """,
    _FLAGS,
)
#: After the closing mark, a comment clause: ``"…," as Ada Vale put it`` / ``"…," as
#: she wrote``: the speaker of the quotation before it.
RE_AFTER_AS_PUT = regex.compile(
    r"""
    ^ [\s,]* as \s+ """
    + _SPEAKER
    + r"""
    \s+ """
    + _ADVERBS
    + r"""
    (?P<cue> put \s+ it | """
    + _KNOWN_VERB
    + r""" ) \b
    """,
    _FLAGS,
)
