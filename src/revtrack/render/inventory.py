"""What a store tracks, as lines and as JSON: ``list`` (each article with its tracking state),
``feeds``, and what ``rm`` removes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import IO, Any

from revtrack.inventory import Listed, Removal, State
from revtrack.models import Feed, Tracking
from revtrack.render.layout import Line, plural
from revtrack.render.lines import rstrip
from revtrack.render.output import Output
from revtrack.text import visible
from revtrack.times import show_time, to_iso


def write_listing(
    listed: Sequence[Listed], out: IO[str] | None = None, *, color: str = "auto", utc: bool = False
) -> None:
    """One line per article: name, version count, first and last observed time, its tracking
    (``every 2h, next ...``, ``paused`` or ``stopped``) when tracked by URL, title, and the
    error of its last check when it failed."""
    names = [visible(e.article.key) for e in listed]
    width = max(map(len, names), default=0)
    states = [_state(e, utc=utc) for e in listed]
    state_width = max(map(len, states), default=0)
    lines: list[Line] = []
    for entry, name, state in zip(listed, names, states, strict=True):
        article = entry.article
        line: Line = [
            (f"{name:<{width}}", "revtrack.header"),
            (f"  {plural(article.version_count, 'version'):>12}", ""),
            (f"  {show_time(article.first_observed, utc=utc)}", ""),
            (f"  {show_time(article.last_observed, utc=utc)}", ""),
        ]
        if state_width:
            style = "revtrack.finding" if entry.state is State.PAUSED else "revtrack.meta"
            line.append((f"  {state:<{state_width}}", style if state else ""))
        if article.title:
            line.append((f"  {visible(article.title)}", "revtrack.meta"))
        if entry.tracking is not None and entry.tracking.last_error is not None:
            failed = f"  ! failing ({entry.tracking.failures}): {entry.tracking.last_error}"
            line.append((visible(failed), "revtrack.damaged"))
        lines.append(rstrip(line))
    Output(out, color).lines(lines)


def _state(entry: Listed, *, utc: bool) -> str:
    if entry.tracking is None:
        return ""
    if entry.state is not State.ACTIVE:
        return str(entry.state)
    every = interval(entry.tracking.interval)
    return f"every {every}, next {show_time(entry.tracking.next_check, utc=utc)}"


def interval(span: timedelta) -> str:
    """``15m``, ``2h15m``, ``1d``: to the minute (``30s`` under one)."""
    seconds = round(span.total_seconds())
    if seconds < 60:
        return f"{seconds}s"
    days, rest = divmod(seconds // 60, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [(days, "d"), (hours, "h"), (minutes, "m")]
    return "".join(f"{n}{unit}" for n, unit in parts if n)


def write_feeds(
    feeds: Sequence[Feed], out: IO[str] | None = None, *, color: str = "auto", utc: bool = False
) -> None:
    """One line per followed feed: its URL, its last check, and the error of that check."""
    width = max((len(visible(f.url)) for f in feeds), default=0)
    lines: list[Line] = []
    for feed in feeds:
        checked = "never checked" if feed.last_checked is None else "checked "
        if feed.last_checked is not None:
            checked += show_time(feed.last_checked, utc=utc)
        line: Line = [(f"{visible(feed.url):<{width}}", "revtrack.header"), (f"  {checked}", "")]
        if feed.last_error is not None:
            line.append((visible(f"  ! {feed.last_error}"), "revtrack.damaged"))
        lines.append(line)
    Output(out, color).lines(lines)


def removal(found: Removal) -> str:
    """``talks: 4 versions, 3 raw captures, its tracking, 1 ignore rule``."""
    parts = [plural(found.versions, "version"), plural(found.captures, "raw capture")]
    if found.tracked:
        parts.append("its tracking")
    if found.rules:
        parts.append(plural(found.rules, "ignore rule"))
    if found.alerts:
        parts.append(plural(found.alerts, "alert target"))
    return f"{found.article}: {', '.join(parts)}"


def listing_json(listed: Sequence[Listed]) -> dict[str, Any]:
    return {
        "schema": "revtrack.list/1",
        "articles": [
            {
                "article": entry.article.key,
                "url": entry.article.url,
                "title": entry.article.title,
                "versions": entry.article.version_count,
                "first_observed": to_iso(entry.article.first_observed),
                "last_observed": to_iso(entry.article.last_observed),
                "tracking": _tracking(entry),
            }
            for entry in listed
        ],
    }


def _tracking(entry: Listed) -> dict[str, Any] | None:
    tracking: Tracking | None = entry.tracking
    if tracking is None or entry.state is None:
        return None
    return {
        "state": entry.state.value,
        "interval_seconds": tracking.interval.total_seconds(),
        "next_check": to_iso(tracking.next_check),
        "last_checked": _iso(tracking),
        "failures": tracking.failures,
        "last_error": tracking.last_error,
        "feed": tracking.feed,
    }


def _iso(tracking: Tracking) -> str | None:
    return None if tracking.last_checked is None else to_iso(tracking.last_checked)


def feeds_json(feeds: Sequence[Feed]) -> dict[str, Any]:
    return {
        "schema": "revtrack.feeds/1",
        "feeds": [
            {
                "url": feed.url,
                "added": to_iso(feed.added),
                "last_checked": None if feed.last_checked is None else to_iso(feed.last_checked),
                "last_error": feed.last_error,
            }
            for feed in feeds
        ],
    }
