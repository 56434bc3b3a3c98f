"""A whole store as JSON Lines (``revtrack export``, read back by ``revtrack import``): one
record a line, each an object with a ``type``, after a header line that names the format and
its version. The records are the items a store is read as (:mod:`revtrack.transfer`), in its
order::

    {"type": "header", "format": "revtrack.export", "version": 1, "articles": 2}
    {"type": "feed", "url": ..., "added": ..., "last_checked": ..., ...}
    {"type": "unfollowed_feed", "url": ...}
    {"type": "article", "name": "talks", "url": null, "tracking": null}
    {"type": "version", "article": "talks", "number": 1, "observed_at": ..., "text": ..., ...}
    {"type": "ignore_rule", "pattern": ..., "article": null, "site": null}
    {"type": "alert_target", "url": ..., "article": null, "site": ..., "min_severity": ...}
    {"type": "settings", "disabled_builtins": ["counts"]}

An article's versions follow its record, in order, each with its raw capture (the bytes in
base64) or ``null``. Times are ISO 8601 in UTC to the microsecond; the file is ASCII (JSON's
escapes), its keys in a fixed order, so that the same store always gives the same bytes.

Reading checks every record as it comes, and an article as a whole (its numbers, times,
hashes, reverts and captures) before it is given out, so that a bad line stops an import with
its number, before any of its article is stored.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime, timedelta
from typing import IO, Any

from revtrack.alerts import AlertTarget
from revtrack.errors import InputError, UsageError
from revtrack.models import Article, Feed, IgnoreRule, Severity, Tracking, Version
from revtrack.raw import RawCapture, body_hash
from revtrack.refs import check_name
from revtrack.text import content_hash, count_words
from revtrack.times import from_iso, to_iso
from revtrack.transfer import ArticleItem, Item, Settings, Unfollowed
from revtrack.urls import normalize_url

FORMAT = "revtrack.export"
VERSION = 1

Record = dict[str, Any]


# --- writing -----------------------------------------------------------------------------


def write_items(stream: IO[str], count: int, items: Iterable[Item]) -> tuple[int, int]:
    """Write the header and ``items`` (of ``count`` articles) to ``stream``, a line each
    (an article and a line per version); the versions and captures written."""
    versions = captures = 0
    _line(stream, {"type": "header", "format": FORMAT, "version": VERSION, "articles": count})
    for item in items:
        for record in records(item):
            _line(stream, record)
        if isinstance(item, ArticleItem):
            versions += len(item.versions)
            captures += len(item.captures)
    return versions, captures


def _line(stream: IO[str], record: Record) -> None:
    stream.write(json.dumps(record, ensure_ascii=True, separators=(",", ":")) + "\n")


def records(item: Item) -> Iterator[Record]:
    """The records of one item."""
    if isinstance(item, Feed):
        yield {
            "type": "feed",
            "url": item.url,
            "added": to_iso(item.added),
            "last_checked": _time(item.last_checked),
            "etag": item.etag,
            "last_modified": item.last_modified,
            "last_error": item.last_error,
        }
    elif isinstance(item, Unfollowed):
        yield {"type": "unfollowed_feed", "url": item.url}
    elif isinstance(item, ArticleItem):
        yield from _article(item)
    elif isinstance(item, IgnoreRule):
        yield {
            "type": "ignore_rule",
            "pattern": item.pattern,
            "article": item.article,
            "site": item.site,
        }
    elif isinstance(item, AlertTarget):
        yield {
            "type": "alert_target",
            "url": item.url,
            "article": item.article,
            "site": item.site,
            "min_severity": item.min_severity.value,
            "created": _time(item.created),
        }
    else:
        yield {"type": "settings", "disabled_builtins": sorted(item.disabled_builtins)}


def _article(item: ArticleItem) -> Iterator[Record]:
    tracking = item.tracking
    yield {
        "type": "article",
        "name": item.article.key,
        "url": item.article.url,
        "versions": len(item.versions),
        "tracking": None if tracking is None else _tracking(tracking),
    }
    for version in item.versions:
        capture = item.captures.get(version.number)
        yield {
            "type": "version",
            "article": version.article,
            "number": version.number,
            "observed_at": to_iso(version.observed_at),
            "hash": version.hash,
            "source": version.source,
            "title": version.title,
            "metadata": dict(sorted(version.metadata.items())),
            "revert_of": version.revert_of,
            "text": version.text,
            "capture": None if capture is None else capture_record(capture),
        }


def _tracking(tracking: Tracking) -> Record:
    return {
        "url": tracking.url,
        "interval_seconds": tracking.interval.total_seconds(),
        "next_check": to_iso(tracking.next_check),
        "last_checked": _time(tracking.last_checked),
        "last_changed": _time(tracking.last_changed),
        "etag": tracking.etag,
        "last_modified": tracking.last_modified,
        "failures": tracking.failures,
        "last_error": tracking.last_error,
        "stopped": tracking.stopped,
        "paused": tracking.paused,
        "feed": tracking.feed,
    }


def capture_record(capture: RawCapture) -> Record:
    """A raw capture as JSON: its facts, and its bytes in base64."""
    return {
        "url": capture.url,
        "fetched_at": to_iso(capture.fetched_at),
        "protocol": capture.protocol,
        "status": capture.status,
        "reason": capture.reason,
        "headers": [[name, value] for name, value in capture.headers],
        "hash": capture.hash,
        "bytes": len(capture.body),
        "body_base64": base64.b64encode(capture.body).decode("ascii"),
    }


def _time(moment: datetime | None) -> str | None:
    return None if moment is None else to_iso(moment)


# --- reading -----------------------------------------------------------------------------


class _Bad(Exception):
    """What is wrong with a record (its line is added by the reader)."""


def read_items(stream: IO[bytes], name: str) -> tuple[int, Iterator[Item]]:
    """The number of articles the header of the export in ``stream`` announces, and its
    items, read a line at a time as they are taken. :class:`InputError`, with ``name`` and
    the line's number, for a line that is not a record of the format."""
    lines = enumerate(stream, start=1)
    first = next(lines, None)
    try:
        if first is None:
            raise _Bad("empty: not a revtrack export")
        header = _json(first[1])
        if header.get("type") != "header" or header.get("format") != FORMAT:
            raise _Bad(f'not a revtrack export: its first line is no {{"format": "{FORMAT}"}}')
        if header.get("version") != VERSION:
            raise _Bad(f"format version {header.get('version')!r}: this revtrack reads {VERSION}")
        count = _get(header, "articles", int)
    except _Bad as exc:
        raise InputError(f"{name}:1: {exc}") from None
    return count, _Reader(name, count).items(lines)


class _Reader:
    """Reads records into items, holding one article's versions until the article ends."""

    def __init__(self, name: str, count: int) -> None:
        self.name, self.count = name, count
        self.line = 1
        self.article: Record | None = None
        self.versions: list[Version] = []
        self.captures: dict[int, RawCapture] = {}

    def items(self, lines: Iterator[tuple[int, bytes]]) -> Iterator[Item]:
        articles = 0
        try:
            for self.line, raw in lines:
                record = _json(raw)
                if record.get("type") == "version":
                    self._version(record)
                    continue
                item = None if record.get("type") == "article" else _item(record)  # (checked)
                if self.article is not None:
                    yield self._ended()
                if item is None:
                    self._start(record)
                    articles += 1
                else:
                    yield item
            self.line += 1
            if self.article is not None:
                yield self._ended()
            if articles != self.count:
                raise _Bad(f"the export ends after {articles} of its {self.count} articles")
        except _Bad as exc:
            raise InputError(f"{self.name}:{self.line}: {exc}") from None

    def _start(self, record: Record) -> None:
        self.article = record
        self.start_line = self.line
        _checked_name(_get(record, "name", str))
        url = _get(record, "url", str, None)
        if url is not None:
            _checked(normalize_url, url)
        _get(record, "versions", int)
        self.versions, self.captures = [], {}

    def _version(self, record: Record) -> None:
        if self.article is None:
            raise _Bad("a version record before any article record")
        version = _read_version(record)
        if version.article != self.article["name"]:
            raise _Bad(f"a version of {version.article!r} among {self.article['name']!r}'s")
        _follows(version, self.versions)
        self.versions.append(version)
        capture = record.get("capture")
        if capture is not None:
            self.captures[version.number] = _read_capture(_object(capture, "capture"))

    def _ended(self) -> ArticleItem:
        """The article read, once it is whole: one version at least."""
        record, self.article = self.article, None
        assert record is not None
        if not self.versions or len(self.versions) != record["versions"]:
            raise _Bad(
                f"the article {record['name']!r} of line {self.start_line} has"
                f" {len(self.versions)} of its {record['versions']} versions"
            )
        url = record["url"]
        tracking = record.get("tracking")
        state = None if tracking is None else _read_tracking(_object(tracking, "tracking"), record)
        versions = tuple(self.versions)
        first, last = versions[0].observed_at, versions[-1].observed_at
        article = Article(record["name"], len(versions), first, last, versions[-1].title, url)
        return ArticleItem(article, versions, dict(self.captures), state)


def _checked_name(name: str) -> None:
    """An article's name as ``add`` would take it (NFC and all), else :class:`_Bad`."""
    if _checked(check_name, name) != name:
        raise _Bad(f"article name {name!r} is not in its canonical (NFC) form")


def _site(record: Record) -> str | None:
    """A rule's or a target's ``site``, a host as ``--site`` takes it."""
    from revtrack.noise import site_host

    site: str | None = _get(record, "site", str, None)
    if site is not None:
        _checked(site_host, site)
    return site


def _checked(check: Callable[[str], Any], value: str) -> Any:
    try:
        return check(value)
    except UsageError as exc:
        raise _Bad(exc.message) from None


def _follows(version: Version, before: list[Version]) -> None:
    """Check that ``version`` can follow ``before`` as a store numbers and marks them."""
    if version.number != len(before) + 1:
        raise _Bad(f"version {version.number} where {len(before) + 1} should come")
    if before and version.observed_at < before[-1].observed_at:
        raise _Bad(f"version {version.number} is observed before the version before it")
    if before and version.hash == before[-1].hash:
        raise _Bad(f"version {version.number} has the text of the version before it")
    first = next((v.number for v in before if v.hash == version.hash), None)
    if version.revert_of != first:
        raise _Bad(f"version {version.number}'s revert_of should be {first}")


def _item(record: Record) -> Item:
    kind = record.get("type")
    if kind == "feed":
        return Feed(
            _get(record, "url", str),
            _when(record, "added"),
            _when(record, "last_checked", None),
            _get(record, "etag", str, None),
            _get(record, "last_modified", str, None),
            _get(record, "last_error", str, None),
        )
    if kind == "unfollowed_feed":
        return Unfollowed(_get(record, "url", str))
    if kind == "ignore_rule":
        from revtrack.noise import compile_rule

        pattern = _get(record, "pattern", str)
        _checked(compile_rule, pattern)  # (a rule that is no pattern stops every report)
        return IgnoreRule(
            pattern,
            article=_get(record, "article", str, None),
            site=_site(record),
        )
    if kind == "alert_target":
        from revtrack.notify import check_url

        severity = _get(record, "min_severity", str)
        if severity not in {level.value for level in Severity}:
            raise _Bad(f"alert_target: {severity!r} is no severity (typo, minor, substantive)")
        url = _get(record, "url", str)
        _checked(check_url, url)
        return AlertTarget(
            url,
            article=_get(record, "article", str, None),
            site=_site(record),
            min_severity=Severity(severity),
            created=_when(record, "created", None),
        )
    if kind == "settings":
        names = _get(record, "disabled_builtins", list)
        if not all(isinstance(each, str) for each in names):
            raise _Bad("disabled_builtins must be a list of names")
        return Settings(frozenset(names))
    if kind == "header":
        raise _Bad("a second header: two exports joined?")
    raise _Bad(f"unknown record type {kind!r}")


def _read_version(record: Record) -> Version:
    text = _get(record, "text", str)
    digest = _get(record, "hash", str)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        raise _Bad("the text is not valid Unicode (a lone surrogate)") from None
    if content_hash(data) != digest:
        raise _Bad("the text does not match its hash")
    metadata = _get(record, "metadata", dict)
    if not all(isinstance(v, str) for v in metadata.values()):
        raise _Bad("metadata must map names to strings")
    revert = _get(record, "revert_of", int, None)
    return Version(
        article=_get(record, "article", str),
        number=_get(record, "number", int),
        observed_at=_when(record, "observed_at"),
        hash=digest,
        source=_get(record, "source", str),
        byte_count=len(data),
        word_count=count_words(text),
        text=text,
        revert_of=revert,
        title=_get(record, "title", str, None),
        metadata=metadata,
    )


def _read_capture(record: Record) -> RawCapture:
    try:
        body = base64.b64decode(_get(record, "body_base64", str), validate=True)
    except binascii.Error:
        raise _Bad("the capture's body_base64 is not base64") from None
    if body_hash(body) != _get(record, "hash", str) or len(body) != _get(record, "bytes", int):
        raise _Bad("the capture's bytes do not match its hash and size")
    headers = _get(record, "headers", list)
    if not all(
        isinstance(h, list) and len(h) == 2 and all(isinstance(p, str) for p in h) for h in headers
    ):
        raise _Bad("the capture's headers must be [name, value] pairs")
    return RawCapture(
        url=_get(record, "url", str),
        status=_get(record, "status", int),
        reason=_get(record, "reason", str),
        headers=tuple((name, value) for name, value in headers),
        fetched_at=_when(record, "fetched_at"),
        body=body,
        protocol=_get(record, "protocol", str),
    )


def _read_tracking(record: Record, article: Record) -> Tracking:
    interval = _get(record, "interval_seconds", (int, float))
    if not 0 < interval < 10**9:
        raise _Bad("tracking interval_seconds out of range")
    return Tracking(
        article=article["name"],
        url=_get(record, "url", str),
        interval=timedelta(seconds=interval),
        next_check=_when(record, "next_check"),
        last_checked=_when(record, "last_checked", None),
        last_changed=_when(record, "last_changed", None),
        etag=_get(record, "etag", str, None),
        last_modified=_get(record, "last_modified", str, None),
        failures=_get(record, "failures", int),
        last_error=_get(record, "last_error", str, None),
        stopped=_get(record, "stopped", bool),
        feed=_get(record, "feed", str, None),
        paused=_get(record, "paused", bool),
    )


# --- typed fields ------------------------------------------------------------------------

_MISSING = object()
_NAMES: Mapping[type, str] = {
    str: "a string",
    int: "a whole number",
    bool: "true or false",
    list: "a list",
    dict: "an object",
    float: "a number",
}


def _json(raw: bytes) -> Record:
    try:
        value = json.loads(raw)
    except UnicodeDecodeError:
        raise _Bad("not a JSON record (not UTF-8)") from None
    except ValueError as exc:  # (a number of over 4,300 digits too)
        raise _Bad(f"not a JSON record ({getattr(exc, 'msg', None) or exc})") from None
    except RecursionError:
        raise _Bad("not a JSON record (nested too deeply)") from None
    return _object(value, "a line")


def _object(value: object, what: str) -> Record:
    if not isinstance(value, dict):
        raise _Bad(f"{what} must be a JSON object")
    return value


def _get(record: Record, key: str, kind: type | tuple[type, ...], *default: None) -> Any:
    """Field ``key`` of ``record``, of ``kind``; with a ``default`` (``None``), it may be
    ``null`` or absent."""
    value = record.get(key, _MISSING)
    what = f"{record.get('type', 'record')}: {key}"
    if value is _MISSING or value is None:
        if default:
            return None
        raise _Bad(f"{what} is missing")
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise _Bad(f"{what} must be {_NAMES[kinds[0]]}")  # (JSON's true is no number)
    return value


def _when(record: Record, key: str, *default: None) -> Any:
    text = _get(record, key, str, *default)
    if text is None:
        return None
    try:
        moment = from_iso(text)
    except ValueError:
        raise _Bad(f"{record.get('type', 'record')}: {key} is not an ISO 8601 time") from None
    if datetime.fromisoformat(text).utcoffset() is None:
        raise _Bad(f"{record.get('type', 'record')}: {key} has no time zone")
    return moment
