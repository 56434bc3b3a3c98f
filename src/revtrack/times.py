"""Time as revtrack stores it (aware UTC) and as users read and write it."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from revtrack.errors import UsageError
from revtrack.lazy import compiled


def now() -> datetime:
    return datetime.now(UTC)


#: The earliest time a snapshot can have been observed: a time near the calendar's first day
#: could not be shown in local time, nor a window of tolerance be opened around it.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)


def parse_time(text: str) -> datetime:
    """Parse an ISO 8601 time (``2021-08-18``, ``2021-08-18 22:15``, ``...T22:15-04:00``).

    A time without an offset is local time; the result is in UTC, from :data:`EARLIEST` on.
    """
    shown = text if len(text) <= 60 else f"{text[:40]}... ({len(text):,} characters)"
    try:
        written = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"invalid time {shown!r}: use ISO 8601, e.g. 2021-08-18T22:15-04:00 or 2021-08-18"
        ) from None
    try:
        moment = (written if written.tzinfo else written.astimezone()).astimezone(UTC)
    except (OverflowError, ValueError):  # at the ends of the calendar, in UTC or local time
        moment = (datetime.min if written.year < EARLIEST.year else datetime.max).replace(
            tzinfo=UTC
        )
    if moment < EARLIEST:
        raise UsageError(f"time {shown!r} is out of range: revtrack keeps times from 1900 on")
    return moment


def to_iso(moment: datetime) -> str:
    """The stored and JSON form: ISO 8601 in UTC, to the second or finer."""
    return moment.astimezone(UTC).isoformat()


def from_iso(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


#: Each offset from UTC as ``%z`` writes it (``+0200``), once made: ``strftime`` took a
#: third of the time of a listing of thousands of times.
_OFFSETS: dict[timedelta | None, str] = {}


def show_time(moment: datetime, *, utc: bool = False) -> str:
    """A time for people: local time with its offset, or UTC (``2021-08-18 22:15:00 +0200``,
    as ``strftime("%Y-%m-%d %H:%M:%S %z")`` writes it)."""
    local = moment.astimezone(UTC) if utc else moment.astimezone()
    if local.year < 1000:  # (ISO pads the year to 4 digits; strftime may not)
        return local.strftime("%Y-%m-%d %H:%M:%S " + ("UTC" if utc else "%z"))
    if utc:
        zone = "UTC"
    else:
        offset = local.utcoffset()
        zone = _OFFSETS.get(offset) or _OFFSETS.setdefault(offset, local.strftime("%z"))
    return f"{local.isoformat(' ', 'seconds')[:19]} {zone}"


_DURATION = compiled(r"(\d+(?:\.\d+)?)\s*(d|h|m|s)", re.IGNORECASE)
_UNIT_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}


def parse_duration(text: str) -> timedelta:
    """``90s``, ``30m``, ``2h``, ``1d``, ``1h30m``; a bare number is minutes."""
    cleaned = text.strip().replace(" ", "")
    number, unit = cleaned[:-1], cleaned[-1:].lower()
    if number.isascii() and number.isdigit() and unit in _UNIT_SECONDS:  # ``30m``: no pattern
        parts = [(number, unit)]
    elif cleaned.isascii() and cleaned.isdigit():  # a bare number: minutes
        parts = [(cleaned, "m")]
    else:
        parts = _parts(text, cleaned)
    seconds = sum(float(n) * _UNIT_SECONDS[u.lower()] for n, u in parts)  # inf if huge
    if seconds > 366 * 86400:
        raise UsageError(f"invalid duration {_shown(text)!r}: at most a year (365d)")
    return timedelta(seconds=seconds)


def _shown(text: str) -> str:
    return text if len(text) <= 60 else f"{text[:40]}... ({len(text):,} characters)"


def _parts(text: str, cleaned: str) -> list[tuple[str, str]]:
    """A duration's numbers and units, read by the patterns."""
    if re.fullmatch(r"\d+(?:\.\d+)?", cleaned):
        cleaned += "m"
    parts: list[tuple[str, str]] = _DURATION.findall(cleaned)
    if not parts or "".join(n + u for n, u in parts) != cleaned:
        raise UsageError(f"invalid duration {_shown(text)!r}: use e.g. 30m, 2h, 1h30m or 1d")
    return parts
