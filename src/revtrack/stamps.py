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
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import cache, lru_cache
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from revtrack.lazy import compiled
from revtrack.models import NoteTime


def alternatives(names: Iterable[str]) -> str:
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


class Grammar(NamedTuple):
    """The patterns of time stamps, built from the catalogue when first needed."""

    months: dict[str, int]  # every month name and abbreviation, lower case: 1-12
    weekdays: dict[str, int]  # every weekday name and abbreviation: 0-6, Monday first
    zones: dict[str, tzinfo]  # each zone as written: what it stands for
    eras: dict[str, int]  # each era's name: the year its first year was ("令和": 2019)
    month: str  # a month name that may come before its day ("Aug. 18")
    any_month: str  # a month name after a day: "18 Aug.", "5. März", "5 de marzo"
    component: re.Pattern[str]  # one component of a stamp (a date, a time, a zone, a weekday)
    joiner: re.Pattern[str]  # what may come between two components
    lead: re.Pattern[str]  # what may come before a stamp ("on", "at", "am", "le")


#: The words that put a time after or before noon in Japanese, Chinese and Korean.
_PM = ("午後", "下午", "오후", "晚上", "傍晚")
_AM = ("午前", "上午", "오전", "凌晨", "早上")
_MERIDIEM = "午前|午後|上午|下午|中午|晚上|傍晚|凌晨|早上|오전|오후"


@cache
def grammar() -> Grammar:
    """The stamp grammar: month and weekday names from CLDR in every language of the
    catalogue, its zones, and the numeric, named, CJK and 24-hour styles."""
    from revtrack.catalogue import catalogue

    found = catalogue()
    calendar = found.calendar
    first = calendar["months"] | calendar["english_month_abbreviations"]
    months = first | calendar["month_abbreviations"]
    weekdays = calendar["weekdays"] | calendar["english_weekday_abbreviations"]
    weekdays |= calendar.get("newsroom_weekday_abbreviations", {})
    zones: dict[str, tzinfo] = {name: ZoneInfo(zone) for name, zone in found.region_zones.items()}
    for name, offset in found.fixed_zones.items():
        zones[name] = _offset(offset)
    latin = [z for z in zones if z.isascii()]
    others = [z for z in zones if not z.isascii()]
    era = rf"(?:{alternatives(found.eras)})\s*(?:\d{{1,2}}|元)" if found.eras else "(?!)"
    month = rf"(?:{alternatives(first)})\b\.?"
    any_month = rf"(?:{alternatives(months)})\b\.?"
    day = r"\d{1,2}(?:st|nd|rd|th|er|º)?\b"
    year = r"(?:\d{4}\b(?:\s?r\.)?|['’]\d{2}\b)"  # Polish pages write "2023 r." ("rok")
    zone = (
        rf"(?-i:(?:UTC|GMT)\s?[+−-]\s?\d{{1,2}}(?::?\d{{2}})?\b|(?:{alternatives(latin)})\b"
        rf"|{alternatives(others)})(?:\s+time\b)?"
    )
    weekday = (
        rf"(?:{alternatives(weekdays)})\b\.?"
        rf"|(?:{alternatives(calendar['weekday_abbreviations'])})\."
    )
    component = (
        r"(?<![\d/.])(?<!\d:)(?P<iso>\d{4}-\d{2}-\d{2}"
        r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?P<iso_zone>Z|[+-]\d{2}:?\d{2})?"
        r"(?!\s?[ap]\.?\s?m\b))?)\b"  # 2021-08-18 10:15 PM: the time is a 12-hour one
        # 2021/8/18, 2021.08.18, and Korean pages' 2023. 2. 2. (a space after each period)
        r"|(?<![\d/.])(?<!\d:)(?P<ymd>\d{4}(?:/\d{1,2}/\d{1,2}|\.\s?\d{1,2}\.\s?\d{1,2}))\b\.?"
        rf"|(?<![\d/.])(?<!\d:)(?P<cjk>(?:(?:\d{{4}}|{era})\s*[年년]\s*)?\d{{1,2}}\s*[月월]\s*\d{{1,2}}"
        r"\s*[日일号號])"
        r"|(?<![\d/.])(?<!\d:)(?P<dotted>\d{1,2}\.\s?\d{1,2}\.(?:\s?\d{4}\b|\d{2}\b(?![.:])|(?!\d)))"
        r"|(?<![\d/.])(?<!\d:)(?P<dashed>\d{1,2}-\d{1,2}-\d{4})\b"
        r"|(?<![\d/.])(?<!\d:)(?P<numeric>\d{1,2}/\d{1,2}(?:/(?:\d{4}|\d{2}))?)"
        r"(?:\b|(?=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]))"  # 5/3追記
        rf"|(?P<mdy>{month}\s*{day}(?:,?\s+{year})?)"
        rf"|(?P<my>{any_month}\s+(?:de\s+)?\d{{4}}\b)"
        rf"|(?<![\d/.])(?<!\d:)(?P<dmy>{day}(?:\.?\s*(?:of\s+|de\s+)?|-|/){any_month}"
        rf"(?:(?:,?\s+(?:de\s+|del\s+)?|-|/){year})?)"
        rf"|(?P<cjk_time>(?:(?:{_MERIDIEM})\s*)?\d{{1,2}}\s*[時时시点點]"
        r"(?:\s*\d{1,2}\s*[分분])?(?:\s*\d{1,2}\s*[秒초])?"
        rf"|(?:{_MERIDIEM})\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?)"
        r"|(?<![\d/.])(?<!\d:)(?P<time>\d{1,2}(?:[:.][0-5]\d){0,2}\s?[ap]\.?\s?m\b\.?"
        r"|(?:[01]?\d|2[0-3])[:.][0-5]\d(?:[:.][0-5]\d)?(?:\s?(?:h|hs|hrs|horas|uhr|uur)\b)?(?![.:]\d)"
        r"|(?:[01]?\d|2[0-3])\s?h\s?[0-5]\d(?:min)?\b|(?:[01]?\d|2[0-3])\s?(?:h|uhr|uur)\b"
        # an hour alone after "godz." or "kl.": "Aktualizacja, godz. 13", "Opdateret kl. 13"
        r"|(?:(?<=godz\.\s)|(?<=godz\.)|(?<=kl\.\s)|(?<=klokken\s)|(?<=klockan\s)|(?<=klokka\s))"
        r"(?:[01]?\d|2[0-3])\b(?![.:,]\d)"
        rf"|(?:[01]\d|2[0-3])[0-5]\d(?=\s?{zone})"
        r"|noon\b|midnight\b)"
        rf"|(?P<zone>{zone})"
        rf"|[(（]\s*(?P<bracketed_zone>{zone})\s*[)）]"  # 14h20 (BRT), 9:05 (horário de Brasília)
        rf"|(?P<weekday>{weekday})"
    )
    leads = (
        r"(?:at|on|of|@|um|à|às|a\s+las|a\s+la|alle|ore|kl\.?|klo|klokken|klokka|klockan|om"
        r"|godz\.?|den|del|am|le|el|em|il|vom|du)"
    )
    joiner = (
        rf"(?:\s*[,|·•/]\s*|\s+[-–—]\s+|\s*[(（](?!\s*{zone}\s*[)）])[^\W\d]{{1,3}}[)）]\s*|\s+"
        r"|(?<=[日일号號])(?=\S)"
        r"|(?<=[時时][間间])(?=\d)"
        r"|(?<=\d)(?=(?-i:[A-Z]{2,5}\b)))"
        rf"(?:{leads}(?![^\W\d_])\s*)?"
    )
    return Grammar(
        months=months,
        weekdays=weekdays,
        zones=zones,
        eras=found.eras,
        month=month,
        any_month=any_month,
        component=re.compile(component, re.IGNORECASE),
        joiner=re.compile(joiner, re.IGNORECASE),
        lead=re.compile(
            # the longer of two that start alike first: "a las" before "a"
            r"(?:as\s+of|a\s+las|alle\s+ore|delle\s+ore|dalle\s+ore|a\s+la|o\s+godz\.?|on|at|le|el"
            r"|am|um|den|il|em|op|om|dnia|del|delle|dalle|al|von|vom|du|från|fra|a|à|alle|às|ore"
            r"|kl\.?|klo|klokken|klokka|klockan|godz\.?)\s*:?\s+",
            re.IGNORECASE,
        ),
    )


@cache
def label_zones(label: str) -> dict[str, tzinfo] | None:
    """The zone abbreviations that a label's language reads its own way (``CST`` after
    ``更新时间`` is China Standard Time, UTC+08:00), if it has any."""
    from revtrack.catalogue import catalogue

    offsets = catalogue().label_zones.get(" ".join(label.casefold().split()))
    return {name: _offset(value) for name, value in offsets.items()} if offsets else None


def _offset(text: str) -> tzinfo:
    sign = -1 if text[0] in "-−" else 1
    hours, minutes = (int(part) for part in text[1:].split(":"))
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


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


def parse_time(
    stamp: str,
    observed_at: datetime | None = None,
    *,
    day_first: bool = False,
    zones: Mapping[str, tzinfo] | None = None,
) -> NoteTime | None:
    """Read a note's time stamp (``8/18/21, 10:15 p.m. ET``, ``5 June 2020``, ``at 3:45pm``).

    Numeric dates are month first (8/5/21 is August 5, as in the US), or day first where the
    note's language writes them so (``day_first``); either way, only the other order is
    taken where the first is impossible (18/8/21) or after the version was seen. A two-digit
    year is the latest not after the year after ``observed_at``'s. A year or date the stamp
    leaves out is inferred from ``observed_at``, the moment the version was seen (never from
    the clock): the latest such date not after it. ``None`` if the stamp names no day, weekday
    or time; a month alone ("August 2021") gives a stamp with no date.
    ``zones`` are abbreviations the note's language reads its own way (:func:`label_zones`).
    Never raises: an impossible date or time is left out.
    """
    seen = observed_at.date() if observed_at else None
    written = _written(stamp, _Context(seen.year if seen else None, day_first, seen))
    if written.month is None and written.weekday is None and written.clock is None:
        return None
    own = zones.get(written.tz) if zones and written.tz else None
    zone = own or _zone(written.tz)
    when, clock, inferred = _completed(written, zone, observed_at)
    if when is None and clock is None and written.month is None:
        return None
    return NoteTime(date=when, time=clock, tz=written.tz, zone=zone, inferred=inferred)


class _Context(NamedTuple):
    """What reading a component needs besides the component: the observed year (for
    two-digit years) and the order of numeric dates."""

    observed_year: int | None
    day_first: bool = False
    observed: date | None = None  # (the day the version was seen)

    def ordered(self, year: int, month: int, day: int) -> dict[str, int]:
        """A numeric date's parts in the order that can be right: as read, unless that is no
        date, or a date after the version was seen (a day's leeway for zones) where the other
        order is neither."""
        if month > 12 >= day or (self.later(year, month, day) and not self.later(year, day, month)):
            month, day = day, month
        return {"year": year, "month": month, "day": day}

    def later(self, year: int, month: int, day: int) -> bool:
        """Whether a date is no date, or after the day the version was seen and the next."""
        try:
            written = date(year, month, day)
        except ValueError:
            return True
        return self.observed is not None and written > self.observed + timedelta(days=1)


def _written(stamp: str, context: _Context) -> _Written:
    """The parts a stamp writes out, read component by component; where a part is written
    twice, the last one counts."""
    parts: dict[str, Any] = {}
    for match in grammar().component.finditer(stamp):
        reader = _READERS.get(match.lastgroup or "")
        if reader is not None:
            parts.update(reader(match, context))
    return _Written(**parts)


def _read_iso(match: re.Match[str], context: _Context) -> dict[str, Any]:
    """``2021-08-18``, ``2021-08-18T22:15:30Z``: a date, maybe a time and an offset."""
    value = match.group("iso")
    year, month, day = (int(x) for x in value[:10].split("-"))
    if len(value) > 10:
        clock = _clock(value[11:19])
        fraction = re.search(r":\d{2}\.(\d{1,6})", value)  # G1's 18:30:30.077Z
        if clock is not None and fraction:
            clock = clock.replace(microsecond=int(fraction.group(1).ljust(6, "0")))
        read = {"year": year, "month": month, "day": day, "clock": clock}
        zone = match.group("iso_zone")
        return read | ({"tz": zone} if zone else {})  # a zone before the date stays
    return {"year": year, "month": month, "day": day}


def _read_ymd(match: re.Match[str], context: _Context) -> dict[str, Any]:
    """``2021/8/18``, ``2021.08.18``, ``2023. 2. 2.``: year, month, day."""
    year, month, day = (int(x) for x in re.split(r"[/.]\s?", match.group("ymd")))
    return {"year": year, "month": month, "day": day}


def _read_cjk(match: re.Match[str], context: _Context) -> dict[str, Any]:
    """``2021年8月18日``, ``8月18日``, ``2021년 8월 18일``, ``令和6年3月8日`` (a Japanese era's
    year): maybe a year, a month, a day."""
    written = match.group("cjk")
    name = max((name for name in grammar().eras if written.startswith(name)), key=len, default=None)
    era = None if name is None else grammar().eras[name]
    if name is not None:  # (元年: the era's first year)
        written = written[len(name) :].lstrip().replace("元", "1", 1)
    numbers = [int(n) for n in re.findall(r"\d+", written)]
    if len(numbers) == 3:
        year = numbers[0] + era - 1 if era is not None else numbers[0]
        return {"year": year, "month": numbers[1], "day": numbers[2]}
    return {"month": numbers[0], "day": numbers[1]}


def _read_dotted(match: re.Match[str], context: _Context) -> dict[str, Any]:
    """``18.8.2021``, ``18.08.21``, ``18.8.``: day, month, maybe a year."""
    parts = [p for p in re.split(r"\.\s?", match.group("dotted")) if p]
    day, month = int(parts[0]), int(parts[1])
    if len(parts) == 3:
        return {"year": _year(parts[2], context.observed_year), "month": month, "day": day}
    return {"month": month, "day": day}


def _read_dashed(match: re.Match[str], context: _Context) -> dict[str, Any]:
    """``18-08-2021``: day, month, year (month first only where day first cannot be right, or is
    after the version was seen)."""
    day, month, year = (int(x) for x in match.group("dashed").split("-"))
    return context.ordered(year, month, day)


def _read_numeric(match: re.Match[str], context: _Context) -> dict[str, Any]:
    """``8/18/21``, ``8/18``: month first (or day first, in the context's language), unless
    only the other order can be right (``18/8/21``; ``12/11/24`` seen on 13 November 2024)."""
    parts = match.group("numeric").split("/")
    month, day = int(parts[0]), int(parts[1])
    if context.day_first:
        month, day = day, month
    if len(parts) == 3:
        return context.ordered(_year(parts[2], context.observed_year), month, day)
    if month > 12 >= day:
        month, day = day, month
    return {"month": month, "day": day}


def _read_month_day(match: re.Match[str], context: _Context) -> dict[str, Any]:
    """``Aug. 18, 2021``, ``18th of August``, ``5. März 2024``, ``19-Aug-2021``: a named
    month, a day, maybe a year."""
    value = match.group("mdy") or match.group("dmy")
    numbers = re.findall(r"\d+|['’]\d{2}", value)
    month, day = _named_month(value), int(numbers[0])
    if len(numbers) > 1:
        return {"month": month, "day": day, "year": _year(numbers[1], context.observed_year)}
    return {"month": month, "day": day}


def _read_month_year(match: re.Match[str], context: _Context) -> dict[str, Any]:
    """``August 2021``: a named month and its year."""
    value = match.group("my")
    year = re.findall(r"\d+|['’]\d{2}", value)[0]
    return {"month": _named_month(value), "year": int(year)}


def _read_time(match: re.Match[str], context: _Context) -> dict[str, Any]:
    """``10:15 p.m.``, ``22:15:30``, ``14.20 Uhr``, ``14h20``, ``午後3時20分``, ``noon``: a
    time of day."""
    return {"clock": _clock(match.group("time") or match.group("cjk_time"))}


def _read_weekday(match: re.Match[str], context: _Context) -> dict[str, Any]:
    """``Thursday``, ``Thu.``, ``Donnerstag``, ``jeu.``."""
    return {"weekday": grammar().weekdays[match.group("weekday").rstrip(".").casefold()]}


def _read_zone(match: re.Match[str], context: _Context) -> dict[str, Any]:
    """``ET``, ``GMT+8``, ``Eastern time``: the zone as written, spaces made single."""
    zone = match.group("zone") or match.group("bracketed_zone")
    return {"tz": " ".join(zone.split()).removesuffix(" time")}


#: How each kind of component (a group of the grammar's ``component``) is read: the parts it
#: writes out, by their names in ``_Written`` (a two-digit year is read with the observed
#: year).
_READERS: dict[str, Callable[[re.Match[str], _Context], dict[str, Any]]] = {
    "iso": _read_iso,
    "ymd": _read_ymd,
    "cjk": _read_cjk,
    "dotted": _read_dotted,
    "dashed": _read_dashed,
    "numeric": _read_numeric,
    "mdy": _read_month_day,
    "dmy": _read_month_day,
    "my": _read_month_year,
    "time": _read_time,
    "cjk_time": _read_time,
    "weekday": _read_weekday,
    "zone": _read_zone,
    "bracketed_zone": _read_zone,
}


def _named_month(value: str) -> int:
    """The month a component names: ``Aug.`` in ``Aug. 18, 2021``."""
    months = grammar().months
    return next(months[w] for w in re.findall(r"[^\W\d_]+", value.casefold()) if w in months)


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
        local = _local(observed_at, zone)
        return _infer_date(written.weekday, written.clock, local, zone), ("date",)
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
    """``10:15 p.m.``, ``10.15am``, ``10pm``, ``22:15:30``, ``2200``, ``14h20``, ``午後3時``,
    ``noon`` as a time of day, seconds kept; ``None`` for an impossible one (``10:60``, ``13
    a.m.``, ``25 p.m.``)."""
    lowered = text.lower().replace(" ", "")
    if lowered == "noon":
        return time(12)
    if lowered == "midnight":
        return time(0)
    numbers = [int(n) for n in re.findall(r"\d+", lowered)]
    if len(numbers) == 1 and numbers[0] >= 100:  # 2200 GMT
        numbers = [numbers[0] // 100, numbers[0] % 100]
    hour, minute, second = [*numbers, 0, 0][:3]
    on_the_clock = _twelve_hour(hour, re.sub(r"[\d:.]", "", lowered), text)
    if on_the_clock is None:
        return None
    hour = on_the_clock
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def _twelve_hour(hour: int, rest: str, text: str) -> int | None:
    """The hour on a 24-hour clock of an hour written with a.m. or p.m. (or 午後, 오전 ...);
    ``None`` if impossible. Other hours are kept."""
    if rest.startswith("p") or any(mark in text for mark in _PM):
        # "15:15 pm": a 24-hour time that says p.m. as well says the same hour
        return hour % 12 + 12 if 1 <= hour <= 12 else hour if 12 < hour < 24 else None
    if rest.startswith("a") or any(mark in text for mark in _AM):
        return hour % 12 if 0 <= hour <= 12 else None
    return hour


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
    zones = grammar().zones
    if tz in zones:
        return zones[tz]
    offset = re.fullmatch(r"(?:UTC|GMT)?\s?([+−-])\s?(\d{1,2}):?(\d{2})?", tz)
    if offset is None:
        return None
    sign = -1 if offset.group(1) in "−-" else 1
    hours, minutes = int(offset.group(2)), int(offset.group(3) or 0)
    if hours > 14 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


#: How far ahead of UTC a wall clock can be (UTC+14).
_AHEAD = timedelta(hours=14)


def _local(observed_at: datetime, zone: tzinfo | None) -> datetime:
    """The observed moment as wall time where the note was written (UTC if unknown)."""
    if zone is None:
        return observed_at.astimezone(UTC).replace(tzinfo=None)
    return observed_at.astimezone(zone).replace(tzinfo=None)


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


def _infer_date(
    weekday: int | None, clock: time | None, observed: datetime, zone: tzinfo | None
) -> date:
    """The latest day (on ``weekday``, if given) whose ``clock`` is not after ``observed``
    (wall time in ``zone``). Where the zone is unknown, the stamp may be up to 14 hours ahead
    of UTC: of the days it can then be, the one whose time is nearest the observed moment."""
    step = timedelta(days=7 if weekday is not None else 1)
    latest = observed + (_AHEAD if zone is None else timedelta(0))
    day = latest.date()
    if weekday is not None:
        day -= timedelta(days=(day.weekday() - weekday) % 7)
    if clock is not None and datetime.combine(day, clock) > latest:
        day -= step
    if zone is None and clock is not None:

        def distance(d: date) -> timedelta:
            return abs(datetime.combine(d, clock) - observed)

        if distance(day - step) < distance(day):
            day -= step
    return day


def undated(text: str) -> str:
    """A note's words without its dates and times: what stays when a note is re-dated."""
    return " ".join(grammar().component.sub(" ", text).split())


#: A time stamp is components (``COMPONENT_RE``) with joiners between, after an optional
#: "on", "at" or "as of". Patterns that look for a stamp around other words take it in a
#: second step, trying where it may end from the longest to the shortest, as a pattern that
#: held the stamp would; stamps are then compiled once, not in every such pattern.
_NOTHING = compiled("")


@lru_cache(maxsize=16)  # a label's stamp and a sentence's leading stamp are read at one place
def _stamp_ends(text: str, position: int) -> tuple[int, ...]:
    """Where a time stamp that starts at ``position`` can end, the longest first: after any
    of its components, read whole or shorter (``Aug. 18`` of ``Aug. 18, 2021``), and before
    the period of one that ends with a period (in ``updated at 10:15 p.m. The mayor``, the
    period of ``p.m.`` ends the sentence too)."""
    lead = grammar().lead.match(text, position)
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
            joiner = grammar().joiner.match(text, end)
            if joiner:
                starts.append(joiner.end())
    return tuple(sorted(ends, reverse=True))


def _component_ends(text: str, position: int) -> list[int]:
    """Where one component of a stamp can end: where it ends read whole, and where shorter
    readings of it end at a word's end (``2021-08-18`` of ``2021-08-18 10:15``, which a
    ``PM`` may follow)."""
    component = grammar().component
    whole = component.match(text, position)
    if whole is None or whole.end() == position:
        return []
    ends = [whole.end()]
    for end in range(whole.end() - 1, position, -1):
        inside_word = text[end - 1].isalnum() and text[end].isalnum()
        if not inside_word and component.fullmatch(text, position, end):
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


#: What ends a stamp in brackets that ends a note: ``... the mayor's age. (Aug. 18, 2021)``,
#: ``...の誤りでした〉(4月3日付朝刊)`` (the date and edition a Japanese paper printed it in).
_TRAILING_STAMP_END = compiled(r"(?:付?[・\s]*(?:朝刊|夕刊))?\s*[)\]）]\.?$")
_SPACES = compiled(r"\s*")


def trailing_stamp(note: str) -> str | None:
    """A stamp in brackets that ends a note: ``... misstated the mayor's age. (Aug. 18, 2021)``."""
    for bracket in re.finditer(r"[(\[（]", note):
        stamp = stamp_after(note, bracket.end(), _SPACES, _TRAILING_STAMP_END)
        if stamp is not None:
            return note[stamp[0] : stamp[1]]
    return None
