"""Times shown to people: the same text as ``strftime`` writes, in every time zone."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from revtrack.errors import UsageError
from revtrack.times import _parts, parse_duration, show_time

ZONES = ["UTC", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Europe/Dublin"]


@pytest.mark.parametrize("zone", ZONES)
def test_show_time_writes_what_strftime_writes(zone: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Across a year of half-hours (both changes of daylight saving time, half-hour and
    45-minute offsets), to the second and not beyond, and in the early years ISO pads."""
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    start = datetime(2024, 1, 1, 0, 0, 7, 654321, tzinfo=UTC)
    moments = [start + timedelta(minutes=30 * n) for n in range(2 * 24 * 366)]
    moments += [datetime(year, 6, 1, 12, tzinfo=UTC) for year in (1, 999, 1000, 1900, 9999)]
    for moment in moments:
        assert show_time(moment) == moment.astimezone().strftime("%Y-%m-%d %H:%M:%S %z")
        expected = moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        assert show_time(moment, utc=True) == expected


@pytest.mark.parametrize(
    "text",
    ["30m", "2H", "1d", "90s", " 45 m ", "60", "0m", "1h30m", "1.5h", "٣m", "²m", "m", "x", "367d"],
)
def test_a_duration_read_without_the_patterns_is_what_they_read(text: str) -> None:
    """The plain ``30m`` and bare minutes, read by str methods, give what the patterns give;
    what they cannot read (other digits, several parts) still goes to the patterns."""

    def read(parse: Callable[[], timedelta]) -> timedelta | str:
        try:
            return parse()
        except UsageError as exc:
            return str(exc)

    cleaned = text.strip().replace(" ", "")
    by_patterns = read(
        lambda: timedelta(
            seconds=sum(
                float(n) * {"d": 86400, "h": 3600, "m": 60, "s": 1}[u.lower()]
                for n, u in _parts(text, cleaned)
            )
        )
    )
    if isinstance(by_patterns, timedelta) and by_patterns > timedelta(days=366):
        by_patterns = f"invalid duration {text!r}: at most a year (365d)"
    assert read(lambda: parse_duration(text)) == by_patterns
