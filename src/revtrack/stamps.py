"""Read the time stamps of editorial notes: where a stamp lies in a text, and when it says.

A stamp is a run of components (a date, a time, a zone, a weekday: ``8/18/21, 10:15 p.m.
ET``, ``Thursday, Aug. 19, 2021``, ``2021-08-19T02:00:00Z``) with joiners between. The note
detector in :mod:`revtrack.notes` finds where a stamp may start and end around a label with
:func:`stamp_after`; :func:`parse_time` reads the moment a stamp names, completing a year or a
date the stamp leaves out from when the version was observed; :func:`undated` drops the stamps
from a note's words, so that a note re-dated is still the same note.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from revtrack.models import NoteTime

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
    """Whole words as one alternation, their common beginnings shared (``E(?:ST|DT|T)``), which
    keeps the patterns that repeat them short to compile. Each use is followed by ``\\b``, so
    at most one word can match at a place and the order of the branches does not matter."""
    trie: dict[str, Any] = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branches(trie)


def _branches(node: dict[str, Any]) -> str:
    options = [re.escape(char) + _group(child) if char else "" for char, child in node.items()]
    return "|".join(sorted(options, key=len, reverse=True))


def _group(node: dict[str, Any]) -> str:
    if not node.keys() - {""}:
        return ""  # the end of a word
    inner = _branches(node)
    return inner if len(node) == 1 else f"(?:{inner})"


MONTH = rf"(?:{_alternatives(_MONTHS)})\b\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?\b"
_YEAR = r"(?:\d{4}|['’]\d{2})\b"
_ZONE = (
    rf"(?-i:(?:UTC|GMT)\s?[+−-]\s?\d{{1,2}}(?::?\d{{2}})?\b|(?:{_alternatives(ZONES)})\b)"
    r"(?:\s+time\b)?"
)
#: One piece of a time stamp; a stamp is a run of them with joiners between.
_COMPONENT = (
    r"(?<![\d:/.])(?P<iso>\d{4}-\d{2}-\d{2}"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?P<iso_zone>Z|[+-]\d{2}:?\d{2})?"
    r"(?!\s?[ap]\.?\s?m\b))?)\b"  # 2021-08-18 10:15 PM: the time is a 12-hour one
    r"|(?<![\d:/.])(?P<ymd>\d{4}/\d{1,2}/\d{1,2})\b"
    r"|(?<![\d:/.])(?P<dotted>\d{1,2}\.\d{1,2}\.\d{4})\b"
    r"|(?<![\d:/.])(?P<numeric>\d{1,2}/\d{1,2}(?:/(?:\d{4}|\d{2}))?)\b"
    rf"|(?P<mdy>{MONTH}\s*{_DAY}(?:,?\s+{_YEAR})?)"
    rf"|(?P<my>{MONTH}\s+\d{{4}}\b)"
    rf"|(?<![\d:/.])(?P<dmy>{_DAY}\s+(?:of\s+)?{MONTH}(?:,?\s+{_YEAR})?)"
    r"|(?<![\d:/.])(?P<time>\d{1,2}(?:[:.][0-5]\d)?\s?[ap]\.?\s?m\b\.?"
    r"|(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?:\s?(?:h|hrs)\b)?"
    rf"|(?:(?:[01]?\d|2[0-3])\.[0-5]\d|(?:[01]\d|2[0-3])[0-5]\d)(?=\s?{_ZONE})"
    r"|noon\b|midnight\b)"
    rf"|(?P<zone>{_ZONE})"
    rf"|(?P<weekday>(?:{_alternatives(_WEEKDAYS)})\b\.?)"
)
_JOINER = r"(?:\s*[,|·•/]\s*|\s+[-–—]\s+|\s+)(?:(?:at|on|of|@)\s+)?"
COMPONENT_RE = re.compile(_COMPONENT, re.IGNORECASE)


class _Written(NamedTuple):
    """The parts a stamp writes out, each as its last component gives it; ``None`` where the
    stamp leaves a part out (or, for a time, where the time written is impossible). A named
    tuple: quicker to define and to build than a dataclass, for a stamp is read for each note
    of each version."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    clock: time | None = None
    tz: str | None = None  # the zone as written


def parse_time(stamp: str, observed_at: datetime | None = None) -> NoteTime | None:
    """Read a note's time stamp (``8/18/21, 10:15 p.m. ET``, ``5 June 2020``, ``at 3:45pm``).

    US numeric dates are month first; a two-digit year is the latest not after the year after
    ``observed_at``'s. A year or date the stamp leaves out is inferred from ``observed_at``, the
    moment the version was seen: the latest such date not after it. ``None`` if the stamp
    names no day, weekday or time; a month alone ("August 2021") gives a stamp with no date.
    Never raises: an impossible date or time is left out.
    """
    written = _written(stamp, observed_at.year if observed_at else None)
    if written.month is None and written.weekday is None and written.clock is None:
        return None
    zone = _zone(written.tz)
    when, clock, inferred = _completed(written, zone, observed_at)
    if when is None and clock is None and written.month is None:
        return None
    return NoteTime(date=when, time=clock, tz=written.tz, zone=zone, inferred=inferred)


def _written(stamp: str, observed_year: int | None) -> _Written:
    """The parts a stamp writes out, read component by component; where a part is written
    twice, the last one counts."""
    parts: dict[str, Any] = {}
    for match in COMPONENT_RE.finditer(stamp):
        reader = _READERS.get(match.lastgroup or "")
        if reader is not None:
            parts.update(reader(match, observed_year))
    return _Written(**parts)


def _read_iso(match: re.Match[str], observed_year: int | None) -> dict[str, Any]:
    """``2021-08-18``, ``2021-08-18T22:15:00Z``: a date, maybe a time and an offset."""
    value = match.group("iso")
    year, month, day = (int(x) for x in value[:10].split("-"))
    if len(value) > 10:
        clock, tz = _clock(value[11:16].strip(":")), match.group("iso_zone")
        return {"year": year, "month": month, "day": day, "clock": clock, "tz": tz}
    return {"year": year, "month": month, "day": day}


def _read_ymd(match: re.Match[str], observed_year: int | None) -> dict[str, Any]:
    """``2021/8/18``: year, month, day."""
    year, month, day = (int(x) for x in match.group("ymd").split("/"))
    return {"year": year, "month": month, "day": day}


def _read_dotted(match: re.Match[str], observed_year: int | None) -> dict[str, Any]:
    """``18.8.2021``: day, month, year."""
    day, month, year = (int(x) for x in match.group("dotted").split("."))
    return {"year": year, "month": month, "day": day}


def _read_numeric(match: re.Match[str], observed_year: int | None) -> dict[str, Any]:
    """``8/18/21``, ``8/18``: month first, unless only day first can be right (``18/8/21``)."""
    parts = match.group("numeric").split("/")
    month, day = int(parts[0]), int(parts[1])
    if month > 12 >= day:
        month, day = day, month
    if len(parts) == 3:
        return {"month": month, "day": day, "year": _year(parts[2], observed_year)}
    return {"month": month, "day": day}


def _read_month_day(match: re.Match[str], observed_year: int | None) -> dict[str, Any]:
    """``Aug. 18, 2021``, ``18th of August``: a named month, a day, maybe a year."""
    value = match.group("mdy") or match.group("dmy")
    numbers = re.findall(r"\d+|['’]\d{2}", value)
    month, day = _named_month(value), int(numbers[0])
    if len(numbers) > 1:
        return {"month": month, "day": day, "year": _year(numbers[1], observed_year)}
    return {"month": month, "day": day}


def _read_month_year(match: re.Match[str], observed_year: int | None) -> dict[str, Any]:
    """``August 2021``: a named month and its year."""
    value = match.group("my")
    year = re.findall(r"\d+|['’]\d{2}", value)[0]
    return {"month": _named_month(value), "year": int(year)}


def _read_time(match: re.Match[str], observed_year: int | None) -> dict[str, Any]:
    """``10:15 p.m.``, ``22:15``, ``noon``: a time of day."""
    return {"clock": _clock(match.group("time"))}


def _read_weekday(match: re.Match[str], observed_year: int | None) -> dict[str, Any]:
    """``Thursday``, ``Thu.``."""
    return {"weekday": _WEEKDAYS[match.group("weekday").rstrip(".").lower()]}


def _read_zone(match: re.Match[str], observed_year: int | None) -> dict[str, Any]:
    """``ET``, ``GMT+8``, ``Eastern time``: the zone as written, spaces made single."""
    return {"tz": " ".join(match.group("zone").split()).removesuffix(" time")}


#: How each kind of component (a group of ``COMPONENT_RE``) is read: the parts it writes out,
#: by their names in ``_Written`` (a two-digit year is read with the observed year).
_READERS: dict[str, Callable[[re.Match[str], int | None], dict[str, Any]]] = {
    "iso": _read_iso,
    "ymd": _read_ymd,
    "dotted": _read_dotted,
    "numeric": _read_numeric,
    "mdy": _read_month_day,
    "dmy": _read_month_day,
    "my": _read_month_year,
    "time": _read_time,
    "weekday": _read_weekday,
    "zone": _read_zone,
}


def _named_month(value: str) -> int:
    """The month a component names: ``Aug.`` in ``Aug. 18, 2021``."""
    return next(_MONTHS[w] for w in re.findall(r"[a-z]+", value.lower()) if w in _MONTHS)


def _completed(
    written: _Written, zone: tzinfo | None, observed_at: datetime | None
) -> tuple[date | None, time | None, tuple[str, ...]]:
    """The stamp's date, with what was inferred to complete it, and its time (in the hour its
    zone repeats, the one the abbreviation names). No date, nothing inferred, where the date
    is impossible or outside the years of the news."""
    clock = written.clock
    try:
        when, inferred = _date(written, zone, observed_at)
        if when is not None and clock is not None and zone is not None:
            clock = _fold(when, clock, zone, written.tz)
        if when is not None and not 1800 <= when.year <= 2200:
            raise ValueError("not a year of the news")
        NoteTime(when, clock, written.tz, zone).bounds()  # within the calendar, zone and all
    except (ValueError, OverflowError):  # 2/30, 13/13/21, Dec. 31, 9999: not a date
        return None, clock, ()
    return when, clock, inferred


def _date(
    written: _Written, zone: tzinfo | None, observed_at: datetime | None
) -> tuple[date | None, tuple[str, ...]]:
    """The date written, or completed from the moment observed where the stamp leaves out its
    year or its whole date, and which part was inferred; ``None`` for a month without a day,
    or where nothing was observed to complete it from. Raises for an impossible date."""
    month, day = written.month, written.day
    if month is not None and written.year is not None:
        return (date(written.year, month, day) if day is not None else None), ()
    if month is not None and day is not None and observed_at is not None:
        return _infer_year(month, day, _local(observed_at, zone).date()), ("year",)
    if month is None and observed_at is not None:
        return _infer_date(written.weekday, written.clock, _local(observed_at, zone)), ("date",)
    return None, ()


def _year(text: str, observed_year: int | None) -> int:
    """A written year; two digits are the latest year ending so not after the year after the
    observed one (20xx when that is unknown)."""
    digits = text.lstrip("'’")
    if len(digits) > 2:
        return int(digits)
    if observed_year is None:
        return 2000 + int(digits)
    latest = observed_year + 1
    return latest - (latest - int(digits)) % 100


def _clock(text: str) -> time | None:
    """``10:15 p.m.``, ``10.15am``, ``10pm``, ``22:15``, ``2200``, ``noon`` as a time of day;
    ``None`` for an impossible one (``10:60``, ``13 p.m.``)."""
    lowered = text.lower().replace(" ", "")
    if lowered == "noon":
        return time(12)
    if lowered == "midnight":
        return time(0)
    numbers = [int(n) for n in re.findall(r"\d+", lowered)]
    if len(numbers) == 1 and numbers[0] >= 100:  # 2200 GMT
        numbers = [numbers[0] // 100, numbers[0] % 100]
    hour, minute = numbers[0], numbers[1] if len(numbers) > 1 else 0
    meridiem = lowered.lstrip("0123456789:.")[:1]
    if meridiem in ("a", "p"):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _fold(day: date, clock: time, zone: tzinfo, tz: str | None) -> time:
    """In the hour a zone repeats (clocks going back), the one its abbreviation names:
    ``1:30 a.m. EST`` on the first Sunday of November is the second 1:30."""
    second = datetime.combine(day, clock.replace(fold=1), zone)
    if tz and second.tzname() == tz and datetime.combine(day, clock, zone).tzname() != tz:
        return clock.replace(fold=1)
    return clock


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
    """The latest ``month/day`` not after the observed day (a day of grace for zones), in the
    observed year or the eight before it; :class:`ValueError` if there is none."""
    latest = observed + timedelta(days=1)
    for year in range(observed.year, observed.year - 9, -1):
        try:
            when = date(year, month, day)
        except ValueError:  # Feb. 29 of a common year, or a year before 1
            continue
        if when <= latest:
            return when
    raise ValueError(f"no {month}/{day} in the years up to {observed}")


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
    return " ".join(COMPONENT_RE.sub(" ", text).split())


#: A time stamp is components (``COMPONENT_RE``) with joiners between, after an optional
#: "on", "at" or "as of". Patterns that look for a stamp around other words take it in a
#: second step, trying where it may end from the longest to the shortest, as a pattern that
#: held the stamp would; stamps are then compiled once, not in every such pattern.
_STAMP_LEAD = re.compile(r"(?:on|at|as\s+of)\s+", re.IGNORECASE)
_JOINER_RE = re.compile(_JOINER, re.IGNORECASE)
_NOTHING = re.compile("")


def _stamp_ends(text: str, position: int) -> list[int]:
    """Where a time stamp that starts at ``position`` can end, the longest first: after any
    of its components, read whole or shorter (``Aug. 18`` of ``Aug. 18, 2021``), and before
    the period of one that ends with a period (in ``updated at 10:15 p.m. The mayor``, the
    period of ``p.m.`` ends the sentence too)."""
    lead = _STAMP_LEAD.match(text, position)
    ends: set[int] = set()
    starts = [lead.end() if lead else position]
    seen: set[int] = set()
    while starts:
        start = starts.pop()
        if start in seen:
            continue
        seen.add(start)
        for end in _component_ends(text, start):
            ends.add(end)
            if text[end - 1] == ".":
                ends.add(end - 1)
            joiner = _JOINER_RE.match(text, end)
            if joiner:
                starts.append(joiner.end())
    return sorted(ends, reverse=True)


def _component_ends(text: str, position: int) -> list[int]:
    """Where one component of a stamp can end: where it ends read whole, and where shorter
    readings of it end at a word's end (``2021-08-18`` of ``2021-08-18 10:15``, which a
    ``PM`` may follow)."""
    whole = COMPONENT_RE.match(text, position)
    if whole is None or whole.end() == position:
        return []
    ends = [whole.end()]
    for end in range(whole.end() - 1, position, -1):
        inside_word = text[end - 1].isalnum() and text[end].isalnum()
        if not inside_word and COMPONENT_RE.fullmatch(text, position, end):
            ends.append(end)
    return ends


def stamp_after(
    text: str, position: int, lead: re.Pattern[str], then: re.Pattern[str] = _NOTHING
) -> tuple[int, int, int] | None:
    """A time stamp that starts where ``lead`` (matched at ``position``) ends and that
    ``then`` follows: where the stamp starts and ends, and where ``then`` ends."""
    before = lead.match(text, position)
    if before is None:
        return None
    for end in _stamp_ends(text, before.end()):
        after = then.match(text, end)
        if after:
            return before.end(), end, after.end()
    return None
