"""Export and import: a store written out as JSON Lines (:mod:`revtrack.dump`) and read back
into a store, and the pages of web archives imported as versions, from WARC files
(:mod:`revtrack.warc`) or from the Wayback Machine's listing of an article's captures.

A store's export and import go the way of ``copy`` (:mod:`revtrack.transfer`): the store is
read one article at a time, and written through the target's own ``add``, version by version
checked. An archived page goes the way of ``add URL``: its article extracted by the same
code (:func:`revtrack.capture.take_page`) and recorded by the one write path
(:func:`revtrack.track.record`), at the time it was captured, its raw capture kept.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING

from revtrack import refs, urls
from revtrack.errors import ExtractionError, FetchError, InputError, UsageError
from revtrack.models import AddStatus

if TYPE_CHECKING:
    from revtrack.fetch import FetchOptions, Page
    from revtrack.store import Store
    from revtrack.track import Opener
    from revtrack.transfer import CopyProgress

#: The Wayback Machine, the default archive of ``import --wayback``.
WAYBACK = "https://web.archive.org"
#: Why an archived capture was not stored (besides :mod:`revtrack.warc`'s reasons).
STORED, UNCHANGED, REFUSED = "at or before the latest version", "unchanged", "refused"


@dataclass(frozen=True)
class Exported:
    """What ``export`` wrote."""

    articles: int
    versions: int
    captures: int


@dataclass(frozen=True)
class Imported:
    """What an import did: versions stored, and the captures skipped, by why."""

    source: str  # "jsonl", "warc", "wayback"
    articles: int  # articles imported whole (jsonl), or given a version (warc, wayback)
    imported: int  # versions stored
    present: int = 0  # versions of the export the store had already (jsonl)
    feeds: int = 0
    rules: int = 0
    skipped: tuple[tuple[str, int], ...] = ()  # why, how many (warc, wayback)
    clashes: tuple[str, ...] = ()  # articles left out: the store has them otherwise
    warnings: tuple[str, ...] = ()  # captures refused or unreadable, and why
    failure: str | None = None  # what stopped an import from the Wayback Machine


# --- JSON Lines ----------------------------------------------------------------------------


def export_store(open_store: Opener, output: IO[str], articles: Sequence[str] = ()) -> Exported:
    """Write the store (or its ``articles``: names or URLs) to ``output`` as JSON Lines."""
    from revtrack.dump import write_items
    from revtrack.transfer import read_store

    with open_store() as store:
        chosen = list(dict.fromkeys(refs.lookup(store, a) for a in articles)) or None
        for name in chosen or ():
            store.article(name)  # (an unknown one is an error, before anything is written)
        count, items = read_store(store, chosen)
        versions, captures = write_items(output, count, items)
    return Exported(count, versions, captures)


def import_store(
    open_store: Opener, stream: IO[bytes], name: str, progress: CopyProgress | None = None
) -> Imported:
    """Read the export in ``stream`` (named ``name`` in errors) into the store, as ``copy``
    writes: an article the store holds otherwise is left out and named, and an import run
    again goes on where it stopped."""
    from revtrack.dump import read_items
    from revtrack.transfer import write_items

    count, items = read_items(stream, name)  # (the header: before the store is made)
    if progress is not None:
        progress.total(count)
    clashes: list[str] = []
    with open_store() as store:
        done = write_items(store, items, progress, clashes)
    return Imported(
        "jsonl",
        done.articles,
        done.copied,
        done.present,
        done.feeds,
        done.rules,
        (),
        tuple(clashes),
    )


# --- web archives --------------------------------------------------------------------------


class _Tally:
    """The captures of an import from a web archive: stored, or skipped and why."""

    def __init__(self, skipped: Counter[str] | None = None) -> None:
        self.skipped = skipped or Counter()
        self.articles: set[str] = set()
        self.imported = 0
        self.warnings: list[str] = []

    def record(self, store: Store, url: str, page: Page, at: datetime) -> None:
        """Record ``page``, captured at ``at``, as a version of the article of ``url``, as
        ``add URL`` records a page fetched."""
        from revtrack.capture import take_page
        from revtrack.track import record

        try:
            recorded = record(store, urls.short_name(url), take_page(page), at, url=url)
        except (ExtractionError, InputError) as exc:
            self.skip(REFUSED, f"{exc.message} (captured {at:%Y-%m-%d %H:%M:%S} UTC)")
            return
        if recorded.status is AddStatus.UNCHANGED:
            self.skipped[UNCHANGED] += 1
            return
        self.imported += 1
        self.articles.add(recorded.version.article)

    def skip(self, why: str, warning: str) -> None:
        self.skipped[why] += 1
        self.warnings.append(warning)

    def report(self, source: str, failure: str | None = None) -> Imported:
        return Imported(
            source,
            len(self.articles),
            self.imported,
            skipped=tuple(sorted((why, n) for why, n in self.skipped.items() if n)),
            warnings=tuple(self.warnings),
            failure=failure,
        )


def _stored_until(store: Store, url: str) -> datetime | None:
    """When the latest version of the article of ``url`` was observed, if there is one."""
    name = store.find_url(url)
    return None if name is None else store.article(name).last_observed


def import_warc(
    open_store: Opener,
    paths: Sequence[str],
    progress: CopyProgress | None = None,
    max_bytes: int | None = None,
) -> Imported:
    """Import the pages of the WARC files ``paths``: each response record of a web page
    fetched with status 200 becomes a version of its URL's article at its ``WARC-Date``,
    every URL's in time order; one at or before the article's latest version is skipped
    (an import run again stores nothing twice)."""
    from revtrack.sources import DEFAULT_MAX_BYTES
    from revtrack.warc import read_page, scan

    found, skipped = scan(paths)
    if not found and not skipped:
        raise InputError(f"no captures of web pages in {', '.join(paths)}")
    tally = _Tally(skipped)
    keyed = []
    for n, response in enumerate(found):
        try:
            keyed.append((urls.normalize_url(response.url), response.at, n, response))
        except UsageError as exc:
            tally.skip(REFUSED, f"{response.path}: {exc.message}")
    keyed.sort(key=lambda row: row[:3])
    if progress is not None:
        progress.total(len(keyed))
    with open_store() as store:
        for url, at, _, response in keyed:
            latest = _stored_until(store, url)
            if latest is not None and at <= latest:
                tally.skipped[STORED] += 1
            else:
                try:
                    page = read_page(response, max_bytes or DEFAULT_MAX_BYTES)
                except FetchError as exc:
                    tally.skip(REFUSED, f"{response.path}: {exc.message}")
                else:
                    tally.record(store, url, page, at)
            if progress is not None:
                progress.copied(url, tally.imported)
    return tally.report("warc")


@dataclass(frozen=True)
class _Capture:
    at: datetime
    original: str


def import_wayback(
    open_store: Opener,
    url: str,
    fetching: FetchOptions,
    *,
    server: str = WAYBACK,
    delay: float = 2.0,
    progress: CopyProgress | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Imported:
    """Import the captures of ``url`` that the Wayback Machine (or another archive that
    speaks its CDX API, at ``server``) holds: its listing, one capture a distinct page,
    then each capture after the article's latest version, fetched as it was received
    (``id_``), ``delay`` seconds after the request before, and recorded at its time, kept as
    the archive captured it (its URL and time, as a WARC record keeps them). A fetch that
    fails stops the import (the report says why): run again, it goes on from there."""
    from revtrack.fetch import client, fetch

    if not urls.is_url(url):
        raise UsageError(f"--wayback takes the URL of an article, not {url!r}")
    target = urls.normalize_url(url)
    base = server.rstrip("/")
    with client(fetching) as http:
        listing = fetch(http, _listing(base, url), options=replace(fetching, also=_JSON))
        captures, skipped = _captures(listing)
        tally = _Tally(skipped)
        with open_store() as store:
            latest = _stored_until(store, target)
            due = [c for c in captures if latest is None or c.at > latest]
            tally.skipped[STORED] += len(captures) - len(due)
            if progress is not None:
                progress.total(len(due))
            for capture in due:
                sleep(delay)
                address = f"{base}/web/{capture.at:%Y%m%d%H%M%S}id_/{capture.original}"
                try:
                    page = fetch(http, address, options=fetching)
                except FetchError as exc:
                    return tally.report("wayback", exc.message)
                archived = replace(page, url=capture.original, fetched_at=capture.at)
                tally.record(store, target, archived, capture.at)
                if progress is not None:
                    progress.copied(target, tally.imported)
    return tally.report("wayback")


_JSON = ("application/json", "text/json")


def _listing(base: str, url: str) -> str:
    from urllib.parse import urlencode

    query = {"url": url, "output": "json", "collapse": "digest"}
    query["fl"] = "timestamp,original,mimetype,statuscode,digest"
    return f"{base}/cdx/search/cdx?{urlencode(query)}"


def _captures(listing: Page) -> tuple[list[_Capture], Counter[str]]:
    """The captures of web pages with status 200 in a CDX listing (JSON: a row of field
    names, then a row a capture), in time order; and those skipped, by why."""
    import json

    from revtrack.warc import HTML_TYPES, NOT_200, NOT_HTML, REVISIT

    bad = FetchError(f"{listing.url}: the archive's listing is not CDX JSON")
    try:
        rows = json.loads(listing.data or b"[]")
    except (ValueError, RecursionError):  # (RecursionError: nested too deeply)
        raise bad from None
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise bad
    if not rows:
        return [], Counter()
    names = rows[0]
    if not all(isinstance(n, str) for n in names) or not {"timestamp", "original"} <= set(names):
        raise bad
    found: list[_Capture] = []
    skipped: Counter[str] = Counter()
    for row in rows[1:]:
        fields = dict(zip(names, row, strict=False))
        kind = str(fields.get("mimetype", "text/html")).lower()
        status = str(fields.get("statuscode", "200"))
        if kind == "warc/revisit":
            skipped[REVISIT] += 1
        elif status != "200":
            skipped[NOT_200] += 1
        elif kind not in HTML_TYPES:
            skipped[NOT_HTML] += 1
        elif not isinstance(fields.get("original"), str):
            raise bad
        else:
            found.append(_Capture(_timestamp(bad, str(fields["timestamp"])), fields["original"]))
    return sorted(found, key=lambda c: c.at), skipped


def _timestamp(bad: FetchError, text: str) -> datetime:
    """A Wayback time stamp (``20240305142000``, UTC; a shorter one is the start of its
    period)."""
    if not text.isdigit() or not 4 <= len(text) <= 14:
        raise bad
    padded = text + "0101000000"[len(text) - 4 :] if len(text) < 14 else text
    try:
        return datetime.strptime(padded, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        raise bad from None
