"""Find the editorial notes in an article's text, and read when they say they were written.

A note takes one of these shapes, at the start of a paragraph or of a sentence:

1. a label, maybe numbered or time-stamped, then a separator or the end of its paragraph:
   ``Update (8/18/21, 10:15 p.m. ET):``, ``CORRECTION:``, ``Updated at 3:45 p.m. ET``,
   ``Update 2 —``, ``Editor's note:``, ``Correction 5 June:``, ``Updated: Aug. 19, 2021``;
2. a label in brackets, anywhere: ``[Updated 10:15 a.m.]``, ``(Update: ...)``; a paragraph
   wholly in brackets needs no separator: ``(Updated with comment from the ministry)``, nor do
   wire services' ``(Corrects spelling of name in paragraph 3)``;
3. a sentence that announces a change to the article itself: ``This article has been updated
   to include ...``, ``An earlier version of this story misstated ...``, ``This article was
   amended on 5 June 2020 to ...``, ``This version corrects ...``, ``The Times regrets the
   error.``;
4. a label alone on its paragraph (``Correction: Aug. 5, 2021``, ``Editor's Note``), whose
   text is the paragraph after it.

A note runs to the end of its paragraph, or of its brackets, or to the next note. Words alone
never make a note: "Apple will update its software", "a market correction of 10%" and "the
editor of the magazine said" are prose.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from revtrack.models import Note, NoteKind, NoteTime
from revtrack.text import iter_sentences

# --- time stamps -------------------------------------------------------------------------

#: Zone abbreviations as newsrooms write them, and the zone each stands for. A region's
#: abbreviations all map to its zone, so "ET" (and a summer "EST") follows daylight saving.
ZONES: dict[str, str] = {
    **dict.fromkeys(["ET", "EST", "EDT", "Eastern"], "America/New_York"),
    **dict.fromkeys(["CT", "CST", "CDT", "Central"], "America/Chicago"),
    **dict.fromkeys(["MT", "MST", "MDT", "Mountain"], "America/Denver"),
    **dict.fromkeys(["PT", "PST", "PDT", "Pacific"], "America/Los_Angeles"),
    **dict.fromkeys(["AKT", "AKST", "AKDT"], "America/Anchorage"),
    **dict.fromkeys(["HT", "HST"], "Pacific/Honolulu"),
    **dict.fromkeys(["GMT", "UTC", "Z"], "UTC"),
    **dict.fromkeys(["BST", "UK"], "Europe/London"),
    **dict.fromkeys(["IST"], "Asia/Kolkata"),
    **dict.fromkeys(["WET", "WEST"], "Europe/Lisbon"),
    **dict.fromkeys(["CET", "CEST"], "Europe/Paris"),
    **dict.fromkeys(["EET", "EEST"], "Europe/Athens"),
    **dict.fromkeys(["MSK"], "Europe/Moscow"),
    **dict.fromkeys(["SAST"], "Africa/Johannesburg"),
    **dict.fromkeys(["EAT"], "Africa/Nairobi"),
    **dict.fromkeys(["WAT"], "Africa/Lagos"),
    **dict.fromkeys(["GST"], "Asia/Dubai"),
    **dict.fromkeys(["PKT"], "Asia/Karachi"),
    **dict.fromkeys(["ICT"], "Asia/Bangkok"),
    **dict.fromkeys(["WIB"], "Asia/Jakarta"),
    **dict.fromkeys(["SGT"], "Asia/Singapore"),
    **dict.fromkeys(["HKT"], "Asia/Hong_Kong"),
    **dict.fromkeys(["PHT", "PHST"], "Asia/Manila"),
    **dict.fromkeys(["JST"], "Asia/Tokyo"),
    **dict.fromkeys(["KST"], "Asia/Seoul"),
    **dict.fromkeys(["AWST"], "Australia/Perth"),
    **dict.fromkeys(["ACST", "ACDT"], "Australia/Adelaide"),
    **dict.fromkeys(["AEST", "AEDT", "AET"], "Australia/Sydney"),
    **dict.fromkeys(["NZST", "NZDT", "NZT"], "Pacific/Auckland"),
}
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_WEEKDAYS = {
    name: number
    for number, names in enumerate(
        [
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        ]
    )
    for name in names
}


def _alternatives(names: Iterable[str]) -> str:
    return "|".join(sorted(map(re.escape, names), key=len, reverse=True))


_MONTH = rf"(?:{_alternatives(_MONTHS)})\b\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?\b"
_YEAR = r"(?:\d{4}|['’]\d{2})\b"
_ZONE = (
    rf"(?-i:(?:UTC|GMT)\s?[+−-]\s?\d{{1,2}}(?::?\d{{2}})?\b|(?:{_alternatives(ZONES)})\b)"
    r"(?:\s+time\b)?"
)
#: One piece of a time stamp; a stamp is a run of them with joiners between.
_COMPONENT = (
    r"(?<![\d:/.])(?P<iso>\d{4}-\d{2}-\d{2}"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?P<iso_zone>Z|[+-]\d{2}:?\d{2})?)?)\b"
    r"|(?<![\d:/.])(?P<ymd>\d{4}/\d{1,2}/\d{1,2})\b"
    r"|(?<![\d:/.])(?P<dotted>\d{1,2}\.\d{1,2}\.\d{4})\b"
    r"|(?<![\d:/.])(?P<numeric>\d{1,2}/\d{1,2}(?:/(?:\d{4}|\d{2}))?)\b"
    rf"|(?P<mdy>{_MONTH}\s*{_DAY}(?:,?\s+{_YEAR})?)"
    rf"|(?<![\d:/.])(?P<dmy>{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?)"
    rf"|(?P<my>{_MONTH}\s+\d{{4}}\b)"
    r"|(?<![\d:/.])(?P<time>\d{1,2}(?:[:.][0-5]\d)?\s?(?:[ap]\.m\.|[ap]\.?m\b(?!\.))"
    r"|(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?:\s?(?:h|hrs)\b)?"
    rf"|(?:[01]?\d|2[0-3])\.[0-5]\d(?=\s?{_ZONE})|(?:[01]\d|2[0-3])[0-5]\d(?=\s?{_ZONE})"
    r"|noon\b|midnight\b)"
    rf"|(?P<zone>{_ZONE})"
    rf"|(?P<weekday>(?:{_alternatives(_WEEKDAYS)})\b\.?)"
)
_JOINER = r"(?:\s*[,|·•/]\s*|\s+[-–—]\s+|\s+)(?:(?:at|on|of|@)\s+)?"
_ANY_COMPONENT = re.sub(r"\(\?P<\w+>", "(?:", _COMPONENT)  # the same, without group names
_STAMP = rf"(?:(?:on|at|as\s+of)\s+)?(?:{_ANY_COMPONENT})(?:{_JOINER}(?:{_ANY_COMPONENT}))*"
_COMPONENT_RE = re.compile(_COMPONENT, re.IGNORECASE)
_DATE_PARTS = ("iso", "ymd", "dotted", "numeric", "mdy", "dmy", "my", "weekday", "time")


def parse_time(stamp: str, observed_at: datetime | None = None) -> NoteTime | None:
    """Read a note's time stamp (``8/18/21, 10:15 p.m. ET``, ``5 June 2020``, ``at 3:45pm``).

    US numeric dates are month first. A year or date the stamp leaves out is inferred from
    ``observed_at``, the moment the version was seen: the latest such date not after it.
    ``None`` if the stamp names no date, weekday or time.
    """
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    clock: time | None = None
    tz: str | None = None
    for match in _COMPONENT_RE.finditer(stamp):
        kind = match.lastgroup or ""
        value = match.group(kind)
        if kind == "iso":
            year, month, day = (int(x) for x in value[:10].split("-"))
            if len(value) > 10:
                clock = _clock(value[11:16].strip(":"))
                tz = match.group("iso_zone")
        elif kind == "ymd":
            year, month, day = (int(x) for x in value.split("/"))
        elif kind == "dotted":
            day, month, year = (int(x) for x in value.split("."))
        elif kind == "numeric":
            parts = [int(x) for x in value.split("/")]
            month, day = parts[0], parts[1]
            if month > 12 >= day:  # 18/8/21 can only be day first
                month, day = day, month
            if len(parts) == 3:
                year = parts[2] + 2000 if parts[2] < 100 else parts[2]
        elif kind in ("mdy", "dmy", "my"):
            month = next(_MONTHS[w] for w in re.findall(r"[a-z]+", value.lower()) if w in _MONTHS)
            numbers = re.findall(r"\d+|['’]\d{2}", value)
            if kind == "my":
                year = int(numbers[0])
            else:
                day = int(numbers[0])
                if len(numbers) > 1:
                    year = _year(numbers[1])
        elif kind == "time":
            clock = _clock(value)
        elif kind == "weekday":
            weekday = _WEEKDAYS[value.rstrip(".").lower()]
        elif kind == "zone":
            tz = " ".join(value.split()).removesuffix(" time")
    if month is None and weekday is None and clock is None:
        return None
    zone = _zone(tz)
    when: date | None = None
    inferred: list[str] = []
    try:
        if month is not None and year is not None:
            when = date(year, month, day or 1) if day is not None else None
        elif month is not None and day is not None and observed_at is not None:
            when = _infer_year(month, day, _local(observed_at, zone).date())
            inferred.append("year")
        elif month is None and observed_at is not None:
            when = _infer_date(weekday, clock, _local(observed_at, zone))
            inferred.append("date")
    except ValueError:  # 2/30, 13/13/21: not a date
        when = None
    if when is None and clock is None:
        return None
    return NoteTime(date=when, time=clock, tz=tz, zone=zone, inferred=tuple(inferred))


def _year(text: str) -> int:
    digits = int(text.lstrip("'’"))
    return digits + 2000 if digits < 100 else digits


def _clock(text: str) -> time | None:
    """``10:15 p.m.``, ``10.15am``, ``10pm``, ``22:15``, ``noon`` as a time of day."""
    lowered = text.lower().replace(" ", "")
    if lowered == "noon":
        return time(12)
    if lowered == "midnight":
        return time(0)
    numbers = [int(n) for n in re.findall(r"\d+", lowered)]
    if len(numbers) == 1 and numbers[0] >= 100:  # 2200 GMT
        numbers = [numbers[0] // 100, numbers[0] % 100]
    hour, minute = numbers[0], numbers[1] if len(numbers) > 1 else 0
    if "p" in lowered and hour < 12:
        hour += 12
    elif "a" in lowered and hour == 12:
        hour = 0
    if hour > 23:
        return None
    return time(hour, minute)


def _zone(tz: str | None) -> tzinfo | None:
    if tz is None:
        return None
    if tz in ZONES:
        return ZoneInfo(ZONES[tz])
    offset = re.fullmatch(r"(?:UTC|GMT)?\s?([+−-])\s?(\d{1,2}):?(\d{2})?", tz)
    if offset is None:
        return None
    sign = -1 if offset.group(1) in "−-" else 1
    hours, minutes = int(offset.group(2)), int(offset.group(3) or 0)
    if hours > 14 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _local(observed_at: datetime, zone: tzinfo | None) -> datetime:
    """The observed moment as wall time where the note was written (UTC if unknown)."""
    return observed_at.astimezone(zone).replace(tzinfo=None) if zone else observed_at


def _infer_year(month: int, day: int, observed: date) -> date:
    """The latest ``month/day`` not after the observed day (a day of grace for zones)."""
    when = date(observed.year, month, day) if (month, day) != (2, 29) else None
    if when is None or when > observed + timedelta(days=1):
        for year in range(observed.year - 1, observed.year - 9, -1):
            try:
                return date(year, month, day)
            except ValueError:
                continue
    assert when is not None
    return when


def _infer_date(weekday: int | None, clock: time | None, observed: datetime) -> date:
    """The latest day (on ``weekday``, if given) whose ``clock`` is not after ``observed``."""
    day = observed.date()
    if weekday is not None:
        day -= timedelta(days=(day.weekday() - weekday) % 7)
    if clock is not None and datetime.combine(day, clock) > observed.replace(tzinfo=None):
        day -= timedelta(days=7 if weekday is not None else 1)
    return day


def undated(text: str) -> str:
    """A note's words without its dates and times: what stays when a note is re-dated."""
    return " ".join(_COMPONENT_RE.sub(" ", text).split())


# --- finding notes -----------------------------------------------------------------------

_KIND_LABELS = {
    NoteKind.EDITORS_NOTE: r"(?:editor|editors|ed)(?:['’]s|s['’]|['’])?\.?\s+note"
    r"|editorial\s+note|notes?\s+(?:to|for)\s+(?:our\s+)?readers|note\s+from\s+the\s+editors?"
    r"|publisher['’]?s\s+note",
    NoteKind.UPDATE: r"(?:last\s+|story\s+|article\s+|post\s+)?(?:update[ds]?)",
    NoteKind.CORRECTION: r"corrections?(?:\s+(?:note|notice))?|corrected",
    NoteKind.CLARIFICATION: r"clarifications?(?:\s+(?:note|notice))?|clarified",
    NoteKind.RETRACTION: r"retraction(?:\s+notice)?|retracted|notice\s+of\s+retraction",
}
_LABEL = re.compile(
    r"(?P<open>[\[(]\s*)?"
    r"(?:" + "|".join(f"(?P<{k.name}>{p})" for k, p in _KIND_LABELS.items()) + r")\b"
    rf"(?P<number>\s*(?:no\.\s*|\#\s*)?\d{{1,2}}\b(?![:./]\d|\s?(?:a\.?m|p\.?m)|\s+(?:of\s+)?{_MONTH}))?"
    rf"(?P<stamp>\s*[(\[]\s*{_STAMP}\s*[)\]]|(?:\s*,)?\s+{_STAMP})?"
    r"(?:(?P<colon>\s*[:：])|(?P<dash>\s*(?:[—–]|-{1,2})(?=\s))|(?P<dot>\s*\.(?=\s|$))"
    r"|(?P<close>\s*[)\]])|(?P<capital>(?<=\.)(?=\s+[A-Z\"“‘(\[]))"
    r"|(?P<participle>(?=\s+(?:with|to)\s))|(?P<end>\s*$))",
    re.IGNORECASE,
)
#: A stamp right after a label's separator: ``Correction: Aug. 5, 2021``.
_AFTER_STAMP = re.compile(
    rf"\s*(?P<stamp>{_STAMP})(?:\s*(?:[:：.]|[—–]|-{{1,2}}(?=\s))|(?=\s*$))", re.IGNORECASE
)
#: Wire services' paragraph-long notes: ``(Updates with ...)``, ``(Corrects ...)``.
_WIRE = re.compile(
    r"[(\[](?:(?:attn|eds|ed\s+note|lead|note)\s*:\s*)?"
    r"(?P<verb>(?:updat|correct|clarif|recast|refil|rewrit|chang|remov|fix|insert|amend|revis"
    r"|edit|restor|replac|delet|withdr|retract|reissu|add)(?:es|s|ed|ing|ying|ies|aws?|ew)?)"
    r"\b[^)\]]*[)\]]",
    re.IGNORECASE,
)
#: What an article may call itself in a note about it.
_SELF = (
    r"(?:(?:news|developing|breaking|ap|web|online)\s+)?"
    r"(?:article|story|post|report|piece|column|item|headline|(?:photo\s+)?caption|graphic"
    r"|video|newsletter|episode|blog(?:\s+post)?|interview|review|obituary|op-ed|editorial"
    r"|explainer|analysis|essay|page|podcast|feature|transcript|summary|live\s+blog|brief)"
)
_CHANGED = (
    r"updated|corrected|amended|clarified|edited|changed|revised|expanded|refiled|modified"
    r"|rewritten|republished|retracted|withdrawn|removed|unpublished|taken\s+down"
)
_ANNOUNCE = [
    # This article has been updated to include ... / This story was amended on 5 June 2020
    re.compile(
        rf"(?:this|the\s+(?:above|original|following))\s+{_SELF}(?:['’]s\s+\w+)?\s+"
        r"(?:has\s+(?:since\s+|now\s+|also\s+)?been|have\s+(?:since\s+)?been|had\s+been|was"
        r"|were|is\s+now)\s+(?:\w+ly\s+)?(?:and\s+\w+\s+)?"
        rf"(?P<verb>{_CHANGED})\b"
        rf"(?P<stamp>,?\s+(?:on\s+|at\s+)?{_STAMP})?",
        re.IGNORECASE,
    ),
    # A correction was made on Aug. 21, 2021: ... / A correction has been appended ...
    re.compile(
        r"(?:an?|this)\s+(?P<noun>correction|clarification|update|editor['’]s\s+note)\s+"
        r"(?:was|has\s+been|had\s+been)\s+(?:made|appended|added|issued)\b"
        rf"(?P<stamp>,?\s+(?:on\s+|at\s+)?{_STAMP})?",
        re.IGNORECASE,
    ),
    # A news-release wire's correction: In the news release, ..., we are advised by ...
    re.compile(
        r"in\s+the\s+(?:news|press)\s+release\b[^\n]{0,400}?\bwe\s+are\s+advised\b",
        re.IGNORECASE,
    ),
    # This article previously misstated ... / This story misidentified ...
    re.compile(
        rf"(?:this|the\s+above)\s+{_SELF}\s+(?:(?:previously|originally|initially|earlier"
        r"|incorrectly|wrongly|mistakenly|erroneously|inaccurately)\s+(?:stated|said|reported"
        r"|gave|described|referred|included|identified|named|listed|quoted|attributed|suggested"
        r"|implied|contained|characteri[sz]ed|called|put|spelled|spelt|mis\w+)"
        r"|mis(?:stated|identified|spelled|spelt|attributed|quoted|reported|characteri[sz]ed"
        r"|named|labell?ed|represented|described))\b",
        re.IGNORECASE,
    ),
    # An earlier version of this story misstated ... / A caption in a previous version of ...
    re.compile(
        r"(?:[^\"“”:]{0,80}?\b)?(?:an?|the|in\s+an?)\s+(?:earlier|previous|prior|older|original"
        rf"|initial)\s+versions?\s+of\s+(?:this|the\s+above)\s+{_SELF}",
        re.IGNORECASE,
    ),
    # This version corrects ... / This is an updated version of a story first published ...
    re.compile(
        r"this\s+version\s+(?P<verb>corrects|updates|adds|clarifies|removes|changes|fixes)\b"
        r"|this\s+is\s+an?\s+(?P<adjective>updated|corrected|revised|amended)\s+version\s+of",
        re.IGNORECASE,
    ),
    # We have corrected this article ...
    re.compile(
        r"we\s+(?:have\s+)?(?P<verb>updated|corrected|amended|clarified|retracted|removed"
        rf"|withdrawn|changed|edited|revised)\s+(?:this|the\s+above)\s+{_SELF}",
        re.IGNORECASE,
    ),
    # The Times regrets the error. / Because of an editing error, ...
    re.compile(
        r"(?:[^\"“”:]{0,60}?\b)?(?:we|the\s+[\w.’']+(?:\s+[\w.’']+){0,3})\s+regrets?\s+the\s+errors?"
        r"|(?:because\s+of|due\s+to|owing\s+to)\s+an?\s+(?:editing|editor['’]s|editorial"
        r"|reporting|production|transcription|technical|typographical)\s+error",
        re.IGNORECASE,
    ),
]
#: A label too common to make a note alone, but which may precede an announcement.
_WEAK_LABEL = re.compile(r"(?:note|n\.?b\.?|p\.?s\.?)\s*[:—–-]\s*", re.IGNORECASE)
_CORRECTING = re.compile(
    r"correct|misstat|incorrect|erroneous|error|wrong|misidentif|misspel|misattribut|inaccura"
    r"|misquot|mislabel|misreport|mischaracteri|mistaken|misnam"
    r"|(?:earlier|previous|prior|original)\s+version|originally\s+(?:said|stated|reported)",
    re.IGNORECASE,
)
_CLARIFYING = re.compile(r"clarif|make\s+clear|made\s+clear", re.IGNORECASE)
_RETRACTING = re.compile(r"\bretract|\bwithdr[ae]wn?\b|\bunpublish", re.IGNORECASE)
_DECORATION = re.compile(r"[\s*_>•·#]*(?:[-–—]\s+)?[\s*_]*")
_TRAILING_DECORATION = re.compile(r"[\s*_]+$")
#: A cheap test that a paragraph might hold a note at all, run on it lowercased (a paragraph in
#: brackets is always looked at: wire services' notes start with many verbs).
_TRIGGER = re.compile(
    "updat|correct|clarif|retract|editor|note|version|amended|regret|error|withdr|revised"
    "|changed|removed|refiled|rewrit|unpublish|edited|modified|expanded|republish|taken down"
    "|previously|originally|initially|incorrect|wrongly|mistaken|erroneous|inaccurate|misstat"
    "|misspel|misident|misattrib|misquot|misreport|mischaracter|misnam|mislabel|misrepresent"
)


@lru_cache(maxsize=16384)
def _notes_in(paragraph: str) -> tuple[_Hit, ...]:
    """The notes that start in one paragraph (cached: versions share most paragraphs)."""
    if paragraph[:1] in "([" or _TRIGGER.search(paragraph.lower()):
        return _scan(paragraph)
    return ()


@dataclass(frozen=True)
class _Hit:
    """A note found in one paragraph, with offsets into it."""

    kind: NoteKind
    start: int
    end: int  # the end of its brackets, or -1 for "until the next note or the paragraph end"
    body: int  # where the text after the label (and its stamp) begins
    stamp: str | None
    labelled: bool  # by a label (shape 1, 2, 4), not by an announcing sentence

    @property
    def attaches(self) -> bool:
        """A label alone that takes the next paragraph as its text; an update label alone
        is a time stamp line (``Updated Aug. 19, 2021``) above the article."""
        return self.labelled and self.end < 0 and self.kind is not NoteKind.UPDATE


def find_notes(text: str, observed_at: datetime | None = None) -> tuple[Note, ...]:
    """Every editorial note in a text, in order.

    ``observed_at`` (when this version was seen) lets a stamp without a year or date be
    completed; what is inferred is marked in the note's :class:`~revtrack.models.NoteTime`.
    """
    paragraphs = list(_paragraphs(text))
    notes: list[Note] = []
    skip_next = False
    for index, (offset, paragraph) in enumerate(paragraphs):
        if skip_next:
            skip_next = False
            continue
        hits = _notes_in(paragraph)
        for number, hit in enumerate(hits):
            following = hits[number + 1].start if number + 1 < len(hits) else len(paragraph)
            end = hit.end if hit.end >= 0 else following
            start_abs, end_abs = offset + hit.start, offset + end
            body = paragraph[hit.body : end].strip(" \t*_:—–-")
            alone = not body and hit.attaches and number + 1 == len(hits)
            if alone and index + 1 < len(paragraphs):
                # a label alone: its text is the next paragraph, unless that is labelled too
                next_offset, next_paragraph = paragraphs[index + 1]
                if not any(h.labelled for h in _notes_in(next_paragraph)):
                    end_abs = next_offset + len(next_paragraph)
                    skip_next = True
            note_text = _TRAILING_DECORATION.sub("", text[start_abs:end_abs])
            stamp = parse_time(hit.stamp, observed_at) if hit.stamp else None
            notes.append(
                Note(
                    kind=hit.kind,
                    text=note_text,
                    start=start_abs,
                    end=start_abs + len(note_text),
                    time=stamp,
                )
            )
    return tuple(notes)


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """Each non-blank line with its offset, outer whitespace removed."""
    for line in re.finditer(r"[^\n]*\S[^\n]*", text):
        body = line.group()
        stripped = body.lstrip()
        yield line.start() + len(body) - len(stripped), stripped.rstrip()


def _scan(paragraph: str) -> tuple[_Hit, ...]:
    """The notes that start in one paragraph."""
    wire = _wire_note(paragraph)
    if wire is not None:
        return (wire,)
    hits: list[_Hit] = []
    in_note = False  # inside a note that runs on: only a label starts another one
    bracket_end = 0
    bylines = {m.start("label") for m in _BYLINE.finditer(paragraph)}
    for start in sorted(bylines.union(_starts(paragraph))):
        if start < bracket_end:
            continue
        hit = _label_note(paragraph, start)
        if start in bylines and hit is not None and not _ends_byline(paragraph, hit):
            hit = None
        if hit is None and not in_note:
            hit = _announcement(paragraph, start)
        if hit is None and not in_note and paragraph[start] in "([":
            # (This story has been corrected to show ...)
            inner = _announcement(paragraph, start + 1)
            close = _closing(paragraph, start)
            if inner is not None and close:
                hit = dataclasses.replace(inner, end=close - 1)
        if hit is not None:
            hits.append(hit)
            bracket_end = hit.end
            in_note = hit.end < 0
    return tuple(hits)


#: An update stamp after a publication stamp, in a byline line: ``Posted 8:10 a.m. | Updated
#: 9:02 a.m.``, ``Posted Tue 14 Mar 2023, updated Tue 14 Mar 2023 at 9:02am``.
_BYLINE = re.compile(
    r"(?:[|·•;,]\s*|(?<=\d)\s+|(?<=[ap]\.m\.)\s+|(?<=[ap]m)\s+)(?P<label>(?:last\s+)?updated?\b)",
    re.IGNORECASE,
)


def _ends_byline(paragraph: str, hit: _Hit) -> bool:
    """A stamped update that ends its paragraph: only so is an "updated" inside a line a note
    ("the figures were updated at 3 p.m., she said" is not)."""
    rest = paragraph[hit.body :].strip(" .")
    if hit.kind is not NoteKind.UPDATE or hit.stamp is None or rest:
        return False
    before = paragraph[: hit.start]
    sentence = paragraph.rstrip().endswith((".", "!", "?")) and not re.search(
        r"[ap]\.m\.$", paragraph.rstrip(), re.IGNORECASE
    )
    return not sentence and len(paragraph.split()) <= 40 and bool(_COMPONENT_RE.search(before))


def _starts(paragraph: str) -> list[int]:
    """Where a note may start: the paragraph, each sentence, each opening bracket."""
    positions = {0}
    position = 0
    for sentence in iter_sentences(paragraph):
        positions.add(position + len(sentence) - len(sentence.lstrip()))
        position += len(sentence)
    starts = {_DECORATION.match(paragraph, p).end() for p in positions}  # type: ignore[union-attr]
    starts.update(m.start() for m in re.finditer(r"[\[(]", paragraph))
    return sorted(starts)


def _wire_note(paragraph: str) -> _Hit | None:
    """A paragraph that is wholly a bracketed label or a wire service's note."""
    if not paragraph or paragraph[0] not in "([" or _closing(paragraph, 0) != len(paragraph):
        return None
    label = _LABEL.match(paragraph)
    if label is not None and label.group("open") is not None:
        kind = _label_kind(label, paragraph[label.end() :])
        body = label.end()
        return _Hit(kind, label.end("open"), len(paragraph) - 1, body, _stamp_of(label), True)
    match = _WIRE.fullmatch(paragraph)
    if match is None:
        return None
    verb = match.group("verb").lower()
    kind = (
        NoteKind.CORRECTION
        if verb.startswith(("correct", "fix"))
        else NoteKind.CLARIFICATION
        if verb.startswith("clarif")
        else NoteKind.RETRACTION
        if verb.startswith(("withdr", "retract"))
        else NoteKind.UPDATE
    )
    return _Hit(kind, 1, len(paragraph) - 1, match.start("verb"), None, labelled=False)


def _label_note(paragraph: str, start: int) -> _Hit | None:
    label = _LABEL.match(paragraph, start)
    if label is None:
        return None
    stamp = _stamp_of(label)
    bracketed = label.group("open") is not None
    separator = label.lastgroup
    if separator in ("dot", "capital") and stamp is None:
        return None  # "Updated." is a word; "Updated Aug. 19." a note
    word = next(label.group(k.name) for k in NoteKind if label.group(k.name) is not None)
    if separator == "participle" and (stamp is None or not word.lower().endswith("ed")):
        return None  # "Updated Aug. 19 with comment", not "Update Aug. 19 to"
    if separator == "close" and not bracketed:
        return None
    editors_note = label.group(NoteKind.EDITORS_NOTE.name) == word
    if separator == "end" and stamp is None and not bracketed and not editors_note:
        return None  # "Corrections" alone is a heading; "Editor's Note" alone is a note
    body = label.end()
    if stamp is None and separator in ("colon", "dash"):
        after = _AFTER_STAMP.match(paragraph, body)
        if after is not None:
            stamp, body = after.group("stamp"), after.end()
    kind = _label_kind(label, paragraph[body:])
    if bracketed:
        close = _closing(paragraph, label.start("open"))
        return _Hit(kind, label.end("open"), close - 1 if close else -1, body, stamp, True)
    return _Hit(kind, label.start(), -1, body, stamp, labelled=True)


def _label_kind(label: re.Match[str], body: str) -> NoteKind:
    kind = next(k for k in NoteKind if label.group(k.name) is not None)
    if kind is NoteKind.EDITORS_NOTE and _RETRACTING.search(body):
        return NoteKind.RETRACTION  # an editor's note that retracts the article
    return kind


def _stamp_of(label: re.Match[str]) -> str | None:
    stamp = label.group("stamp")
    return stamp.strip(" ,()[]") if stamp else None


def _closing(paragraph: str, open_at: int) -> int:
    """The position after the bracket that closes the one at ``open_at`` (0 if none)."""
    pair = {"(": ")", "[": "]"}[paragraph[open_at]]
    depth = 0
    for position in range(open_at, len(paragraph)):
        character = paragraph[position]
        if character == paragraph[open_at]:
            depth += 1
        elif character == pair:
            depth -= 1
            if depth == 0:
                return position + 1
    return 0


def _announcement(paragraph: str, start: int) -> _Hit | None:
    """A sentence at ``start`` that announces a change to the article."""
    weak = _WEAK_LABEL.match(paragraph, start)
    for pattern in _ANNOUNCE:
        match = pattern.match(paragraph, weak.end() if weak else start)
        if match is None:
            continue
        groups = match.groupdict()
        if groups.get("noun"):
            kind = _NOUN_KINDS[groups["noun"][:5].lower()]
        else:
            verb = (groups.get("verb") or groups.get("adjective") or "").lower()
            kind = _announced_kind(verb, paragraph[start:])
        stamp = groups.get("stamp")
        return _Hit(kind, start, -1, start, stamp.strip(" ,") if stamp else None, labelled=False)
    return None


_NOUN_KINDS = {
    "corre": NoteKind.CORRECTION,
    "clari": NoteKind.CLARIFICATION,
    "updat": NoteKind.UPDATE,
    "edito": NoteKind.EDITORS_NOTE,
}


def _announced_kind(verb: str, sentence: str) -> NoteKind:
    """The kind of note an announcing sentence makes, from its verb and its words."""
    if verb.startswith(("retract", "withdr", "unpublish", "taken")) or (
        verb.startswith("remov") and _RETRACTING.search(sentence)
    ):
        return NoteKind.RETRACTION
    if verb.startswith("clarif"):
        return NoteKind.CLARIFICATION
    if verb.startswith(("correct", "fix")):
        return NoteKind.CORRECTION
    if verb and not verb.startswith("amend") and not _CORRECTING.search(sentence):
        return NoteKind.CLARIFICATION if _CLARIFYING.search(sentence) else NoteKind.UPDATE
    if _CLARIFYING.search(sentence):
        return NoteKind.CLARIFICATION
    if _CORRECTING.search(sentence) or not verb:
        return NoteKind.CORRECTION
    return NoteKind.UPDATE
