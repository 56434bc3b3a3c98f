"""Times shown to people: the same text as ``strftime`` writes, in every time zone."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from revtrack.times import show_time

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
