"""Sentences that announce a change to the article itself, in English: ``This article has
been updated to include ...``, ``An earlier version of this story misstated ...``, a corrections
column's ``An article on Jan. 20 misspelled ...``. Other languages' sentences are in the
catalogue, and so are the apologies that close a notice (``The Times regrets the error.``);
:mod:`revtrack.notes` reads both.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from revtrack.lazy import compiled
from revtrack.models import NoteKind
from revtrack.stamps import stamp_after

#: What an article may call itself in a note about it.
SELF = (
    r"(?:(?:news|developing|breaking|ap|web|online)\s+)?"
    r"(?:article|story|post|report|piece|column|headline|(?:photo\s+)?caption|graphic"
    r"|video|newsletter|episode|blog(?:\s+post)?|interview|review|obituary|op-ed|editorial"
    r"|explainer|essay|podcast|transcript|live\s+blog)"
)
_CHANGED = (
    r"updated|corrected|amended|clarified|edited|changed|revised|expanded|refiled|modified"
    r"|rewritten|republished|retracted|withdrawn|removed|unpublished|taken\s+down"
)
#: What may follow "this article has been updated": the end of the sentence, a stamp, or
#: words that tell what or why, not "annually", "in 2019" or "forever".
_AFTER_CHANGE = (
    r"(?=\s*(?:$|[.,;:!)\]—–]|(?:to|with|on|at|since|throughout|after|following|for|and|from"
    r"|because|as|in\s+(?:response|light|order))\b))"
)


class _StampTail(NamedTuple):
    """A time stamp that may (or must) follow an announcement (``This article was amended on
    5 June 2020 to ...``), and what must come after it, or after the announcement without it."""

    required: bool
    then: re.Pattern[str]


class Announcement(NamedTuple):
    pattern: re.Pattern[str]
    stamp: _StampTail | None = None

    def match(self, text: str, position: int) -> tuple[int, dict[str, str | None]] | None:
        """Where an announcement at ``position`` ends, and its groups (``stamp`` included)."""
        found = self.pattern.match(text, position)
        if found is None:
            return None
        end, groups = found.end(), found.groupdict()
        tail = self.stamp
        if tail is None:
            return end, groups
        stamp = stamp_after(text, end, _ANNOUNCED_STAMP_LEAD, tail.then)
        if stamp is not None:
            return stamp[1], groups | {"stamp": text[end : stamp[1]]}
        if tail.required or not tail.then.match(text, end):
            return None
        return end, groups


#: What comes before a stamp after an announcement: ``..., on Aug. 21, 2021``.
_ANNOUNCED_STAMP_LEAD = compiled(r",?\s+(?:on\s+|at\s+)?", re.IGNORECASE)
ANNOUNCEMENTS = [
    # This article has been updated to include ... / This story was amended on 5 June 2020
    Announcement(
        compiled(
            rf"(?:this|the\s+(?:above|original|following))\s+{SELF}(?:['’]s\s+\w+)?\s+"
            r"(?:has\s+(?:since\s+|now\s+|also\s+)?been|have\s+(?:since\s+)?been|had\s+been|was"
            r"|were|is\s+now|was\s+(?:originally|first)\s+published\b.{0,80}?\s+and\s+"
            r"(?:has\s+(?:since\s+)?been|was))\s+(?:\w+ly\s+)?(?:and\s+\w+\s+)?"
            rf"(?P<verb>{_CHANGED})\b",
            re.IGNORECASE,
        ),
        stamp=_StampTail(required=False, then=compiled(_AFTER_CHANGE, re.IGNORECASE)),
    ),
    # This page was last modified on 12 March 2021, at 10:14.
    Announcement(
        compiled(
            rf"this\s+(?:page|{SELF})\s+(?:was|has\s+been)\s+last\s+(?P<verb>updated|modified"
            r"|edited|changed|revised|reviewed)\b",
            re.IGNORECASE,
        ),
        stamp=_StampTail(required=True, then=compiled(_AFTER_CHANGE, re.IGNORECASE)),
    ),
    # The headline of this article has been updated.
    Announcement(
        compiled(
            r"the\s+(?:headline|title|subheadline|caption|photo\s+caption|photo|graphic|chart|map)"
            rf"\s+(?:of|on|in|for|with)\s+this\s+{SELF}\s+(?:has\s+been|was|had\s+been)\s+"
            rf"(?P<verb>{_CHANGED})\b{_AFTER_CHANGE}",
            re.IGNORECASE,
        )
    ),
    # A correction was made on Aug. 21, 2021: ... / A correction has been appended to this ...
    Announcement(
        compiled(
            r"(?:an?|this)\s+(?:(?:on-air|online|print|web)\s+)?"
            r"(?P<noun>correction|clarification|update|editor['’]s\s+note)\s+"
            r"(?:was|has\s+been|had\s+been|is)\s+(?:made|appended|added|issued|broadcast|aired"
            r"|published|printed)\b"
            rf"(?:\s+to\s+this\s+{SELF}|[^.\n]{{0,120}}?\b(?:regarding|about|concerning|to|on"
            r"|of)\s+(?:an?|the|this|our)\s+(?:[\w-]+\s+){0,2}?(?:story|article|report|item"
            r"|segment|piece|broadcast)\b)",
            re.IGNORECASE,
        )
    ),
    Announcement(
        compiled(
            r"(?:an?|this)\s+(?P<noun>correction|clarification|update|editor['’]s\s+note)\s+"
            r"(?:was|has\s+been|had\s+been|is)\s+(?:made|appended|added|issued)\b",
            re.IGNORECASE,
        ),
        stamp=_StampTail(required=True, then=compiled(r"(?=\s*[:.—–])")),
    ),
    # A news-release wire's correction: In the news release, ..., we are advised by ...
    Announcement(
        compiled(
            r"in\s+the\s+(?:news|press)\s+release\b[^\n]{0,400}?\bwe\s+are\s+advised\b",
            re.IGNORECASE,
        )
    ),
    # This article previously misstated ... / This story misidentified ...
    Announcement(
        compiled(
            rf"(?:this|the\s+above)\s+{SELF}\s+(?:(?:previously|originally|initially|earlier"
            r"|incorrectly|wrongly|mistakenly|erroneously|inaccurately)\s+(?:stated|said|reported"
            r"|gave|described|referred|included|identified|named|listed|quoted|attributed|suggested"
            r"|implied|contained|characteri[sz]ed|called|put|spelled|spelt|mis\w+)"
            r"|mis(?:stated|identified|spelled|spelt|attributed|quoted|reported|characteri[sz]ed"
            r"|named|labell?ed|represented|described))\b",
            re.IGNORECASE,
        )
    ),
    # An earlier version of this story misstated ... / A caption in a previous version of ...
    Announcement(
        compiled(
            r"(?:[^\"“”:(\[]{0,80}?\b)?(?:(?:an?|the|in\s+an?)\s+)?(?:earlier|previous|prior|older"
            rf"|original|initial)\s+versions?\s+of\s+(?:this|the\s+above)\s+{SELF}",
            re.IGNORECASE,
        )
    ),
    # The Mail & Guardian removed this article (published on March 10) from its website.
    Announcement(
        compiled(
            r"(?:we|the\s+[\w.&’']+(?:\s+[\w.&’']+){0,3})\s+(?:has\s+|have\s+)?(?:since\s+)?"
            rf"(?P<verb>removed|withdrawn|withdrew|retracted|unpublished|taken\s+down)\s+this\s+{SELF}",
            re.IGNORECASE,
        )
    ),
    # This version corrects ... / This is an updated version of a story first published ...
    Announcement(
        compiled(
            r"this\s+version\s+(?P<verb>corrects|updates|adds|clarifies|removes|changes|fixes)\b"
            r"|this\s+is\s+an?\s+(?P<adjective>updated|corrected|revised|amended)\s+version\s+of",
            re.IGNORECASE,
        )
    ),
    # We have corrected this article ...
    Announcement(
        compiled(
            r"we\s+(?:have\s+)?(?P<verb>updated|corrected|amended|clarified|retracted|removed"
            rf"|withdrawn|changed|edited|revised)\s+(?:this|the\s+above)\s+{SELF}",
            re.IGNORECASE,
        )
    ),
    # Because of an editing error, an earlier version of this article ...
    Announcement(
        compiled(
            r"(?:because\s+of|due\s+to|owing\s+to)\s+an?\s+(?:editing|editor['’]s|editorial"
            r"|reporting|production|transcription|technical|typographical)\s+error,?\s+"
            rf"(?:(?:in\s+)?an?\s+(?:earlier|previous)\b|this\s+{SELF}|(?:the|an?)\s+(?:article|story"
            r"|headline|caption|photo|photograph|picture|image|graphic|chart|map|quote|name)\b"
            r"|we\b|our\b)",
            re.IGNORECASE,
        )
    ),
    # A corrections column: An article on Jan. 20 misspelled ... / A story Thursday
    # erroneously identified ... / The Metro column on Monday gave the wrong ... / On May 28
    # in the headline of a story about ..., the victim was incorrectly identified ...
    Announcement(
        compiled(
            r"(?:on\s+(?:[\w.,]+\s+){1,3}?)?(?:in\s+)?(?:an?|our"
            r"|(?:last\s+)?(?:yester|to|mon|tues|wednes|thurs|fri|satur|sun)day['’]s"
            r"|(?:last|this)\s+(?:week|month)['’]s"
            r"|the(?=\s+(?:[\w'’&-]+\s+){0,3}?(?:column|headline|caption|listing|obituary"
            r"|graphic|item)\b))\s+(?:[\w'’&.,-]+\s+){0,4}?(?:article|story|column|headline"
            r"|caption|obituary|editorial|review|graphic|item|listing|map|chart|picture"
            r"|photograph|reporting|report|coverage)s?\b(?:[^.\n]|\.(?=\s*[a-z\d,])|(?<=\b[A-Z])\.)"
            r"{0,300}?\b(?:misstated|misidentified|misspell?(?:ed|t)"
            r"|misattributed|misquoted|misnamed|misreported|mischaracteri[sz]ed|misdescribed"
            r"|incorrectly|erroneously|wrongly|mistakenly|inaccurately|inadvertently|outdated"
            r"|in\s+error"
            r"|published\s+(?:an?\s+)?(?:inaccurate|untrue|false|incorrect)"
            r"|(?:gave|included|contained|carried|used|had|ran|published)\s+(?:an?\s+|the\s+)?"
            r"(?:wrong|incorrect|outdated|erroneous|inaccurate)|(?:was|were)\s+(?:reversed"
            r"|transposed|omitted|inverted|wrong|incorrect|misspell?(?:ed|t)|mislabell?ed)"
            r"|should\s+have\s+(?:said|read|been|identified|stated))\b",
            re.IGNORECASE,
        )
    ),
    # On page 925 of the 9 Nov. issue we stated that ... / In our March 4 edition we said ...
    Announcement(
        compiled(
            r"(?:in|on)\s+(?:page\s+\w+\s+of\s+)?(?:the|our|last\s+week['’]s|a)\s+"
            r"(?:[\w.,'’-]+\s+){0,4}?(?:issue|edition)\b[^.\n]{0,200}?\bwe\s+(?:\w+ly\s+)?"
            r"(?:stated|said|reported|wrote|described|gave|misstated|misidentified|printed)\b",
            re.IGNORECASE,
        )
    ),
    # The introduction to this story incorrectly states ...
    Announcement(
        compiled(
            r"the\s+(?:[\w-]+\s+){1,3}(?:of|on|in|for|to)\s+this\s+"
            rf"{SELF}\s+(?:\w+ly\s+)?(?:incorrectly|erroneously|wrongly|mistakenly|misstat"
            r"|misidentif|misspel|misattribut|misquot)",
            re.IGNORECASE,
        )
    ),
    # We grossly understated ...
    Announcement(
        compiled(
            r"we\s+(?:\w+ly\s+)?(?:misstated|understated|overstated|misidentified|misspelled"
            r"|misspelt|misquoted|misattributed|misreported|misnamed|incorrectly|wrongly"
            r"|mistakenly|erroneously)\b",
            re.IGNORECASE,
        )
    ),
]
#: Passive announcements ("This story was updated ...") are prose about something else when
#: an agent follows the verb ("edited by Jane Doe") ...
AGENT = compiled(
    r"\s+by\s+(?!the\s+(?:editors?|author|reporter|newsroom|staff|desk)\b|our\b)", re.I
)
#: ... or the sentence is attributed ("..., the agency said").
ATTRIBUTED = compiled(
    r"(?:,\s*(?:[\w’'.-]+\s+){1,5}(?:said|says|told\s+\S+)|,\s*(?:said|says)\s+[\w’'.\s-]{1,40}"
    r"|,?\s+according\s+to\s+[^,]{1,60})\W*$",
    re.IGNORECASE,
)
PASSIVE = ANNOUNCEMENTS[:3]

_CORRECTING = compiled(
    r"\bto\s+correct\b|\bcorrect(?:ed|ion|ions|s)\b|\bmisstat|\bincorrect|\berroneous"
    r"|\bin\s+error\b|\bwrongly\b|\bmisidentif|\bmisspel|\bmisattribut|\binaccura|\bmisquot"
    r"|\bmislabel|\bmisreport"
    r"|\bmischaracteri|\bmistakenly\b|\bmisnam|\bmisrepresent"
    r"|\b(?:earlier|previous|prior|original)\s+version|\boriginally\s+(?:said|stated|reported)",
    re.IGNORECASE,
)
_CLARIFYING = compiled(r"\bclarif|\bmake\s+clear|\bmade\s+clear", re.IGNORECASE)
#: Announcing verbs whose kind the verb alone decides.
_ANNOUNCED_KINDS = {
    **dict.fromkeys(
        ["retracted", "withdrawn", "removed", "unpublished", "taken down"], NoteKind.RETRACTION
    ),
    **dict.fromkeys(["clarified", "clarifies"], NoteKind.CLARIFICATION),
    **dict.fromkeys(["corrected", "corrects", "fixes"], NoteKind.CORRECTION),
}


def announced_kind(verb: str, note: str) -> NoteKind:
    """The kind of an announcing note: from its verb, else from what its words say it did
    (an announcement with no verb, "An earlier version ...", is a correction)."""
    verb = " ".join(verb.split())
    if verb in _ANNOUNCED_KINDS:
        return _ANNOUNCED_KINDS[verb]
    if _CLARIFYING.search(note):
        return NoteKind.CLARIFICATION
    if _CORRECTING.search(note) or not verb:
        return NoteKind.CORRECTION
    return NoteKind.UPDATE
