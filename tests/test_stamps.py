"""Time stamps: where one lies in a text, and when it says a note was written."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from revtrack.stamps import grammar, parse_time, stamp_after, undated

SEEN = datetime(2021, 8, 19, 12, 0, tzinfo=UTC)  # 8 a.m. in New York

# --- reading a stamp ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("10 am.", "2021-08-19T10:00:00"),
        ("10:15 p. m. ET", "2021-08-18T22:15:00-04:00"),
        ("8/18/99", "1999-08-18"),
        ("Nov. 7, 2021 1:30 a.m. EST", "2021-11-07T01:30:00-05:00"),  # the second 1:30
        ("Nov. 7, 2021 1:30 a.m. EDT", "2021-11-07T01:30:00-04:00"),
        ("15:15 pm, 24 May 2017 BST", "2017-05-24T15:15:00+01:00"),  # p.m. said twice
        ("2020-03-08T18:30:30.077Z", "2020-03-08T18:30:30.077+00:00"),  # milliseconds as written
        ("2020-03-08T18:30:30.077123Z", "2020-03-08T18:30:30.077123+00:00"),
    ],
)
def test_clock_and_calendar_edges(stamp: str, expected: str) -> None:
    parsed = parse_time(stamp, SEEN)
    assert parsed is not None and parsed.isoformat() == expected


@pytest.mark.parametrize(
    "stamp", ["13 a.m.", "25 p.m.", "10:60", "Aug. 0, 2021", "Dec. 31, 9999", "1/1/0001"]
)
def test_impossible_stamps_have_no_date_or_time(stamp: str) -> None:
    parsed = parse_time(stamp, SEEN)
    assert parsed is None or parsed.isoformat() is None


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("8/18/21, 10:15 p.m. ET", "2021-08-18T22:15:00-04:00"),
        ("1/18/22, 10:15 p.m. ET", "2022-01-18T22:15:00-05:00"),  # ET in January is UTC-5
        ("July 4, 2021, 9 a.m. EST", "2021-07-04T09:00:00-05:00"),  # EST is its own offset
        ("July 4, 2021, 9 a.m. PST", "2021-07-04T09:00:00-08:00"),  # even in summer
        ("July 4, 2021, 9 a.m. PT", "2021-07-04T09:00:00-07:00"),  # a region's name follows DST
        ("Aug. 19, 2021 10:15pm CT", "2021-08-19T22:15:00-05:00"),
        ("Aug. 19, 2021 22:15 MT", "2021-08-19T22:15:00-06:00"),
        ("Jan. 19, 2021 10:15 PST", "2021-01-19T10:15:00-08:00"),
        ("19 August 2021 10:15 GMT", "2021-08-19T10:15:00+00:00"),
        ("19 August 2021 10:15 UTC", "2021-08-19T10:15:00+00:00"),
        ("19 August 2021 10:15 BST", "2021-08-19T10:15:00+01:00"),
        ("19 January 2021 10:15 CET", "2021-01-19T10:15:00+01:00"),
        ("19 August 2021 10:15 CEST", "2021-08-19T10:15:00+02:00"),
        ("2021-08-19 10:15 JST", "2021-08-19T10:15:00+09:00"),
        ("2021-08-19 10:15 KST", "2021-08-19T10:15:00+09:00"),
        ("2021-08-19 10:15 HKT", "2021-08-19T10:15:00+08:00"),
        ("Aug. 19, 2021, 10:15 a.m. AEST", "2021-08-19T10:15:00+10:00"),
        ("Jan. 19, 2021, 10:15 a.m. AEDT", "2021-01-19T10:15:00+11:00"),
        ("Aug. 19, 2021, 10:15 a.m. GMT+8", "2021-08-19T10:15:00+08:00"),
        ("2021-08-19T02:00:00-04:00", "2021-08-19T02:00:00-04:00"),
        ("August 19, 2021", "2021-08-19"),  # a date without a time stays a date
        ("8/19/2021 at 12 p.m.", "2021-08-19T12:00:00"),  # a time without a zone has no offset
        ("8/19/21 noon ET", "2021-08-19T12:00:00-04:00"),
        ("8/19/21 12:05 a.m. ET", "2021-08-19T00:05:00-04:00"),
        ("18/8/21", "2021-08-18"),  # only day-first can be right
        ("Thursday, Aug. 19, 2021", "2021-08-19"),
    ],
)
def test_parse_time(stamp: str, expected: str) -> None:
    parsed = parse_time(stamp, SEEN)
    assert parsed is not None and parsed.isoformat() == expected
    assert parsed.inferred == ()


@pytest.mark.parametrize(
    ("stamp", "day_first", "seen", "expected"),
    [
        ("12/11/24", False, "2024-12-20", "2024-12-11"),  # month first, as written
        ("12/11/24", False, "2024-11-13", "2024-11-12"),  # December 11 is not yet
        ("11/12/24", True, "2024-11-13", "2024-11-12"),  # nor is 11 December
        ("12/11/24", False, "2024-12-10", "2024-12-11"),  # a day's leeway for zones
        ("11/15/24", False, "2024-11-13", "2024-11-15"),  # the other order is no date
        ("12-11-2024", False, "2024-11-13", "2024-11-12"),
        ("11-12-2024", False, "2024-11-13", "2024-11-12"),  # day first where it can be
    ],
)
def test_a_numeric_date_is_not_read_as_after_the_version_was_seen(
    stamp: str, day_first: bool, seen: str, expected: str
) -> None:
    observed = datetime.fromisoformat(seen).replace(hour=9, tzinfo=UTC)
    parsed = parse_time(stamp, observed, day_first=day_first)
    assert parsed is not None and parsed.isoformat() == expected


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("令和6年3月8日", "2024-03-08"),
        ("令和元年5月1日", "2019-05-01"),  # an era's first year is written 元年
        ("平成31年4月30日", "2019-04-30"),
        ("平成 9年 12月 1日", "1997-12-01"),
        ("昭和64年1月7日", "1989-01-07"),
        ("令和6年3月8日 14時05分", "2024-03-08T14:05:00"),
    ],
)
def test_a_japanese_eras_year_is_its_western_year(stamp: str, expected: str) -> None:
    parsed = parse_time(stamp, SEEN)
    assert parsed is not None and parsed.isoformat() == expected


def test_an_era_dated_page_stamp_is_an_update_with_its_date() -> None:
    from revtrack.notes import find_notes

    (note,) = find_notes(
        "市民課のお知らせ\n\n更新日 令和6年3月8日\n\n窓口は9時に開きます。\n", SEEN
    )
    assert note.time is not None and note.time.isoformat() == "2024-03-08"


def test_the_zone_is_kept_as_written() -> None:
    parsed = parse_time("8/18/21, 10:15 p.m. EDT")
    assert parsed is not None and parsed.tz == "EDT"
    assert str(parsed.zone) == "UTC-04:00"


@pytest.mark.parametrize(
    ("stamp", "observed", "expected", "inferred"),
    [
        ("Aug. 19, 10 a.m. ET", SEEN, "2021-08-19T10:00:00-04:00", ("year",)),
        ("Dec. 30", datetime(2022, 1, 2, tzinfo=UTC), "2021-12-30", ("year",)),  # last year
        (
            "3:45 p.m. ET",
            SEEN,
            "2021-08-18T15:45:00-04:00",
            ("date",),
        ),  # after 8 a.m.: the day before
        ("7:45 a.m. ET", SEEN, "2021-08-19T07:45:00-04:00", ("date",)),
        ("10:15 a.m.", SEEN, "2021-08-19T10:15:00", ("date",)),  # no zone: the UTC day
        ("Tuesday 4 p.m. ET", SEEN, "2021-08-17T16:00:00-04:00", ("date",)),
    ],
)
def test_missing_year_or_date_is_inferred_and_marked(
    stamp: str, observed: datetime, expected: str, inferred: tuple[str, ...]
) -> None:
    parsed = parse_time(stamp, observed)
    assert parsed is not None
    assert (parsed.isoformat(), parsed.inferred) == (expected, inferred)


def test_without_an_observed_time_nothing_is_inferred() -> None:
    partial = parse_time("Aug. 19, 10 a.m. ET")
    assert partial is not None and partial.date is None and partial.time == time(10)
    assert partial.isoformat() is None  # no date: no timestamp
    assert parse_time("Thursday") is None


@pytest.mark.parametrize("stamp", ["2/30/21", "13/13/21", "Feb. 30, 2021", "25:00"])
def test_impossible_dates_give_no_timestamp(stamp: str) -> None:
    parsed = parse_time(stamp, SEEN)
    assert parsed is None or parsed.date is None


@pytest.mark.parametrize(
    ("observed", "expected"),
    [
        (datetime(2024, 3, 1, 12, tzinfo=UTC), date(2024, 2, 29)),  # this leap year's
        (datetime(2024, 2, 28, 12, tzinfo=UTC), date(2024, 2, 29)),  # a day of grace
        (datetime(2023, 6, 1, 12, tzinfo=UTC), date(2020, 2, 29)),  # the last leap year's
    ],
)
def test_feb_29_without_a_year_is_the_latest_one(observed: datetime, expected: date) -> None:
    parsed = parse_time("Feb. 29", observed)
    assert parsed is not None and (parsed.date, parsed.inferred) == (expected, ("year",))


def test_a_day_that_no_year_near_the_observed_one_has_gives_no_date() -> None:
    """At the very start of the calendar there is no earlier year to complete a stamp from."""
    parsed = parse_time("Feb. 29", datetime(1, 1, 2, tzinfo=UTC))
    assert parsed is None or parsed.date is None


def test_bounds_of_partial_stamps() -> None:
    day = parse_time("Aug. 19, 2021")
    assert day is not None and day.date == date(2021, 8, 19)
    earliest, latest = day.bounds() or (None, None)
    assert earliest == datetime(2021, 8, 18, 10, tzinfo=UTC)  # 00:00 at UTC+14
    assert latest == datetime(2021, 8, 20, 12, tzinfo=UTC)  # 24:00 at UTC-12
    exact = parse_time("Aug. 19, 2021 10:15 a.m. ET")
    assert exact is not None and exact.bounds() == (exact.instant, exact.instant)


def test_undated_drops_only_the_stamp() -> None:
    assert undated("Updated at 3:45 p.m. ET: adds comment") == undated(
        "Updated at 5:10 p.m. ET: adds comment"
    )
    assert undated("Updated at 3:45 p.m. ET: adds comment") != undated(
        "Updated at 3:45 p.m. ET: adds the vote"
    )


def test_time_zones_work_without_the_system_database(tmp_path: Path) -> None:
    """The tzdata package ships the zones: ET resolves with no system zoneinfo at all."""
    code = (
        "from revtrack.stamps import parse_time;"
        "print(parse_time('8/18/21, 10:15 p.m. ET').isoformat())"
    )
    env = {**os.environ, "PYTHONTZPATH": str(tmp_path / "no-zoneinfo-here")}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == "2021-08-18T22:15:00-04:00"


@given(st.text(max_size=60))
def test_any_stamp_parses_or_gives_none(stamp: str) -> None:
    parsed = parse_time(stamp, SEEN)
    if parsed is not None:
        assert set(parsed.inferred) <= {"year", "date"}
        iso = parsed.isoformat()
        assert iso is None or datetime.fromisoformat(iso).date() == parsed.date


def test_an_iso_date_with_a_12_hour_time() -> None:
    twelve, twenty_four = parse_time("2021-08-18 10:15 PM EDT"), parse_time("2021-08-18 10:15")
    assert twelve is not None and twelve.isoformat() == "2021-08-18T22:15:00-04:00"
    assert twenty_four is not None and twenty_four.isoformat() == "2021-08-18T10:15:00"


# --- the pieces of a stamp ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("component", "kind"),
    [
        ("2021-08-18", "iso"),
        ("2021-08-18T22:15:00Z", "iso"),
        ("2021/8/18", "ymd"),
        ("18.8.2021", "dotted"),
        ("8/18/21", "numeric"),
        ("8/18", "numeric"),
        ("Aug. 18, 2021", "mdy"),
        ("August 18th", "mdy"),
        ("18th of August 2021", "dmy"),
        ("August 2021", "my"),
        ("10:15 p.m.", "time"),
        ("10pm", "time"),
        ("22:15", "time"),
        ("noon", "time"),
        ("ET", "zone"),
        ("GMT+8", "zone"),
        ("Eastern time", "zone"),
        ("Thursday", "weekday"),
        ("Thu.", "weekday"),
    ],
)
def test_a_component_is_read_whole_as_its_kind(component: str, kind: str) -> None:
    match = grammar().component.fullmatch(component)
    assert match is not None and match.lastgroup == kind


@pytest.mark.parametrize("text", ["et", "Mayor", "10:60", "Update 2", "2021", "Monday-Friday"])
def test_words_and_numbers_that_are_not_components(text: str) -> None:
    assert grammar().component.fullmatch(text) is None


@pytest.mark.parametrize("name", ["Aug", "Aug.", "August", "sept.", "SEPTEMBER", "May"])
def test_month_names(name: str) -> None:
    assert re.fullmatch(grammar().month, name, re.IGNORECASE)


@pytest.mark.parametrize("word", ["Mayor", "Marching", "Junction", "Augusta", "Decimal"])
def test_a_month_is_a_whole_word(word: str) -> None:
    assert re.match(grammar().month, word, re.IGNORECASE) is None


def test_every_zone_of_the_catalogue_is_a_component() -> None:
    for written, zone in grammar().zones.items():
        match = grammar().component.fullmatch(written)
        assert match is not None and match.lastgroup == "zone", written
        assert parse_time(f"2021-08-19 10:15 {written}") is not None
        assert zone.utcoffset(datetime(2021, 8, 19)) is not None


# --- where a stamp lies ------------------------------------------------------------------

BRACKET, CLOSE, SPACE = re.compile(r"\s*\(\s*"), re.compile(r"\s*\)"), re.compile(r"\s+")


def stamp_and_rest(
    text: str, position: int, lead: re.Pattern[str], then: re.Pattern[str] | None = None
) -> tuple[str, str] | None:
    """The stamp that ``stamp_after`` finds, and the text after what follows it."""
    if then is None:
        found = stamp_after(text, position, lead)
    else:
        found = stamp_after(text, position, lead, then)
    return (text[found[0] : found[1]], text[found[2] :]) if found else None


def test_stamp_after_finds_the_longest_stamp() -> None:
    text = "Update (8/18/21, 10:15 p.m. ET): The mayor spoke."
    assert stamp_after(text, 6, BRACKET, CLOSE) == (8, 30, 31)
    assert stamp_and_rest(text, 6, BRACKET, CLOSE) == (
        "8/18/21, 10:15 p.m. ET",
        ": The mayor spoke.",
    )
    assert stamp_and_rest(text, 6, BRACKET) == ("8/18/21, 10:15 p.m. ET", "): The mayor spoke.")
    text = "Updated Aug. 19, 2021, 2:00 a.m. ET: Adds the vote."
    assert stamp_and_rest(text, 7, SPACE) == ("Aug. 19, 2021, 2:00 a.m. ET", ": Adds the vote.")


@pytest.mark.parametrize(
    ("text", "then", "stamp", "rest"),
    [
        ("updated Aug. 18, 2021 so that", r"\s+so\b", "Aug. 18, 2021", " that"),
        ("updated Aug. 18, 2021 (10:15 a.m.)", r",", "Aug. 18", " 2021 (10:15 a.m.)"),
        ("updated 2021-08-18 10:15 PM EDT.", r"\.", "2021-08-18 10:15 PM EDT", ""),
        ("updated 2021-08-18 10:15 PM EDT.", r"\s+PM", "2021-08-18 10:15", " EDT."),
        # the period of "p.m." ends the sentence too
        ("updated at 10:15 p.m. The mayor", r"\.(?=\s+(?-i:[A-Z]))", "at 10:15 p.m", " The mayor"),
        ("updated 10 a. m.: the vote", r":", "10 a. m.", " the vote"),
        (
            "updated on Thursday, Aug. 19 at noon ET; x",
            r";",
            "on Thursday, Aug. 19 at noon ET",
            " x",
        ),
    ],
)
def test_stamp_after_reads_a_stamp_shorter_where_the_longest_does_not_fit(
    text: str, then: str, stamp: str, rest: str
) -> None:
    assert stamp_and_rest(text, 7, SPACE, re.compile(then, re.IGNORECASE)) == (stamp, rest)


@pytest.mark.parametrize(
    ("text", "lead", "then"),
    [
        ("Updated with comment", SPACE, None),  # no stamp
        ("Updated Aug. 18", BRACKET, None),  # the lead is not there
        ("Updated Aug. 18", SPACE, CLOSE),  # nothing that follows it fits
        ("Updated (Aug. 18", BRACKET, CLOSE),
        ("Updated 2:00", SPACE, re.compile(r"\s+p\.m\.")),
    ],
)
def test_stamp_after_finds_nothing(
    text: str, lead: re.Pattern[str], then: re.Pattern[str] | None
) -> None:
    assert stamp_and_rest(text, 7, lead, then) is None
