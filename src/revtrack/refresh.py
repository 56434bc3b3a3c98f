"""The cron job: fetch again every article tracked by URL that is due, politely and at once.

Pages are fetched by a few threads, one request at a time per host with a pause between; the
text is extracted in those threads too, and every write to the store happens in the calling
thread, one transaction per article. Each article's interval backs off while its page stays
the same and drops to the floor when it changes; articles unchanged for long stop being due.
A lock file next to the store keeps two refreshes from running at once.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlsplit

from revtrack import urls
from revtrack.errors import BusyError, ExtractionError, FetchError, RevtrackError, StoreError
from revtrack.models import Feed, Snapshot, Tracking, Transition, Version
from revtrack.store import Store
from revtrack.text import content_hash
from revtrack.times import now as clock_now

if TYPE_CHECKING:
    from revtrack.fetch import FetchOptions, Page

#: A new text with fewer words than this share of the previous version's is taken for a
#: failed extraction (a paywall, an error page), not stored.
MIN_WORD_SHARE = 0.3


@dataclass(frozen=True)
class Schedule:
    """When to look again: ``floor`` after a change, growing by ``growth`` each time the page
    is the same, up to ``ceiling``; not due at all once unchanged for ``stop_after``."""

    floor: timedelta = timedelta(minutes=15)
    ceiling: timedelta = timedelta(days=1)
    stop_after: timedelta = timedelta(days=30)
    growth: float = 1.5

    def start(self, article: str, url: str, at: datetime, feed: str | None = None) -> Tracking:
        """The tracking of an article first stored at ``at``."""
        return Tracking(
            article=article,
            url=url,
            interval=self.floor,
            next_check=at + self.floor,
            last_checked=at,
            last_changed=at,
            feed=feed,
        )

    def after(
        self,
        tracking: Tracking,
        at: datetime,
        *,
        changed: bool,
        error: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> Tracking:
        """The tracking after a check at ``at``."""
        if error is not None:
            failures = tracking.failures + 1
            wait = min(tracking.interval * 2 ** min(failures, 16), self.ceiling)
            failing_since = tracking.last_changed or tracking.last_checked or at
            return replace(
                tracking,
                last_checked=at,
                next_check=at + wait,
                failures=failures,
                last_error=error,
                stopped=at - failing_since >= self.stop_after,
            )
        interval = self.floor if changed else min(tracking.interval * self.growth, self.ceiling)
        last_changed = at if changed else tracking.last_changed
        quiet_since = last_changed or tracking.last_checked or at
        return replace(
            tracking,
            interval=interval,
            next_check=at + interval,
            last_checked=at,
            last_changed=last_changed,
            etag=etag,
            last_modified=last_modified,
            failures=0,
            last_error=None,
            stopped=not changed and at - quiet_since >= self.stop_after,
        )


class Outcome(StrEnum):
    CHANGED = "changed"  # a new version was stored
    NEW = "new"  # a first version, of an article found in a feed
    UNCHANGED = "unchanged"  # fetched, and the text is the same
    NOT_MODIFIED = "not_modified"  # the server said so (304)
    FAILED = "failed"


@dataclass(frozen=True)
class Result:
    """What refreshing one article did."""

    article: str
    url: str
    outcome: Outcome
    version: Version | None = None
    words: tuple[int, int] | None = None  # added, removed
    transition: Transition | None = None
    error: str | None = None


@dataclass(frozen=True)
class FeedResult:
    url: str
    new_articles: int = 0
    error: str | None = None


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)
    feeds: list[FeedResult] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, *outcomes: Outcome) -> int:
        return sum(r.outcome in outcomes for r in self.results)

    @property
    def failed(self) -> int:
        return self.count(Outcome.FAILED) + sum(f.error is not None for f in self.feeds)

    @property
    def changed(self) -> int:
        return self.count(Outcome.CHANGED, Outcome.NEW)


@dataclass(frozen=True)
class Options:
    jobs: int = 4
    delay: float = 1.0  # seconds between two requests to the same host
    everything: bool = False  # ignore due times (and stopped articles)
    names: tuple[str, ...] = ()  # only these articles (names or URLs)
    schedule: Schedule = Schedule()
    tolerance: timedelta = timedelta(hours=1)  # for the stealth-edit findings


# --- the lock ------------------------------------------------------------------------------


@contextlib.contextmanager
def refresh_lock(database: Path, *, wait: bool) -> Iterator[None]:
    """Hold the store's refresh lock (a file beside it) while the block runs; raise
    :class:`BusyError` if another refresh holds it, unless ``wait``."""
    path = database.with_name(database.name + ".refresh-lock")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.open("a+b")
    except OSError as exc:
        raise StoreError(f"cannot create the refresh lock {path}: {exc.strerror or exc}") from None
    with handle:
        _lock(handle, wait=wait)
        try:
            yield
        finally:
            _unlock(handle)


def _lock(handle: IO[bytes], *, wait: bool) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        import msvcrt

        mode = msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK  # type: ignore[attr-defined]
        try:
            msvcrt.locking(handle.fileno(), mode, 1)  # type: ignore[attr-defined]
        except OSError:
            raise _busy() from None
        return
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        raise _busy() from None


def _unlock(handle: IO[bytes]) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        import msvcrt

        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        return
    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _busy() -> BusyError:
    return BusyError("another refresh is running on this store: wait for it with --wait")


# --- the run -------------------------------------------------------------------------------


def due(tracked: Sequence[Tracking], at: datetime, options: Options) -> list[Tracking]:
    """The articles to check now: the chosen ones, or all, or those due and not stopped."""
    if options.names:
        wanted = set(options.names)
        chosen = [t for t in tracked if t.article in wanted or t.url in wanted]
        missing = wanted - {t.article for t in chosen} - {t.url for t in chosen}
        if missing:
            from revtrack.errors import NotFoundError

            raise NotFoundError(
                f"not tracked by URL: {', '.join(sorted(missing))} (revtrack list shows them)"
            )
        return chosen
    if options.everything:
        return list(tracked)
    return [t for t in tracked if not t.stopped and t.next_check <= at]


def run(
    store: Store,
    options: Options,
    *,
    fetch_options: FetchOptions | None = None,
    on_result: Callable[[Result], None] = lambda result: None,
    on_total: Callable[[int], None] = lambda total: None,
    now: Callable[[], datetime] = clock_now,
) -> Report:
    """Refresh what is due: feeds first (their new articles are fetched in the same run),
    then every article due. Calls ``on_result`` as each article is done."""
    started = time.monotonic()
    report = Report()
    at = now()
    feeds = [
        f for f in store.feeds() if options.everything or _feed_due(f.last_checked, at, options)
    ]
    todo = due(store.tracked(), at, options)
    if not feeds and not todo:
        return report  # nothing due: no HTTP client, no extractor is even imported
    from revtrack.fetch import FetchOptions, client

    fetch_options = fetch_options or FetchOptions()
    gate = _HostGate(options.delay)
    with client(fetch_options) as http:
        found: dict[str, str] = {}  # url: feed, of the articles new from feeds
        checked_feeds: list[Feed] = []  # their state after this check, saved at the end
        if not options.names:
            for followed in feeds:
                checked, new_urls, state = _check_feed(
                    store, http, followed, gate, fetch_options, now
                )
                report.feeds.append(checked)
                checked_feeds.append(state)
                tracked = {t.url for t in todo}
                for url in new_urls:
                    if url not in tracked:
                        found.setdefault(url, followed.url)
        on_total(len(todo) + len(found))
        jobs = max(1, options.jobs)
        with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="revtrack-fetch") as pool:
            futures = {
                pool.submit(_fetch_one, http, t.url, t, gate, fetch_options): t for t in todo
            }
            for url, feed_url in found.items():
                name = urls.short_name(url)
                start = Tracking(name, url, options.schedule.floor, next_check=at, feed=feed_url)
                futures[pool.submit(_fetch_one, http, url, start, gate, fetch_options)] = start
            try:
                for future in as_completed(futures):
                    tracking = futures[future]
                    result = _store_one(store, tracking, future.result(), options, now())
                    report.results.append(result)
                    on_result(result)
            except BaseException:  # Ctrl-C: the pages not fetched yet are not waited for
                pool.shutdown(wait=False, cancel_futures=True)
                raise
        failed = {r.url for r in report.results if r.outcome is Outcome.FAILED}
        for state in checked_feeds:
            if any(found.get(url) == state.url for url in failed):
                # an article it listed failed: read the feed whole again next time
                original = next(f for f in feeds if f.url == state.url)
                state = replace(state, etag=original.etag, last_modified=original.last_modified)
            store.update_feed(state)
    report.seconds = time.monotonic() - started
    return report


def _feed_due(last_checked: datetime | None, at: datetime, options: Options) -> bool:
    return last_checked is None or at - last_checked >= options.schedule.floor


class _HostGate:
    """One request at a time per host, ``delay`` seconds apart."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self._guard = threading.Lock()
        self._hosts: dict[str, tuple[threading.Lock, list[float]]] = {}

    @contextlib.contextmanager
    def host(self, url: str) -> Iterator[None]:
        name = (urlsplit(url).hostname or "").lower()
        with self._guard:
            lock, last = self._hosts.setdefault(name, (threading.Lock(), [float("-inf")]))
        with lock:
            wait = last[0] + self.delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                yield
            finally:
                last[0] = time.monotonic()


@dataclass(frozen=True)
class _Fetched:
    page: Page | None = None
    snapshot: Snapshot | None = None
    error: str | None = None


def _fetch_one(
    http: Any, url: str, tracking: Tracking, gate: _HostGate, options: FetchOptions
) -> _Fetched:
    """Fetch and extract one page (in a worker thread: no store access here)."""
    from revtrack.extract import extract_page
    from revtrack.fetch import fetch

    try:
        with gate.host(url):
            page = fetch(
                http, url, etag=tracking.etag, last_modified=tracking.last_modified, options=options
            )
        if page.not_modified:
            return _Fetched(page=page)
        return _Fetched(page=page, snapshot=extract_page(page))
    except RevtrackError as exc:
        return _Fetched(error=exc.message)
    except Exception as exc:  # a page that trips a library: this article fails, not the run
        return _Fetched(error=f"{url}: the page could not be read: {type(exc).__name__}: {exc}")


def _store_one(
    store: Store, tracking: Tracking, fetched: _Fetched, options: Options, at: datetime
) -> Result:
    """Record one article's check: a new version, or the same text, or a failure."""
    schedule = options.schedule
    url = tracking.url
    existing = store.find_url(url)  # (a new article may already have its name elsewhere)
    name = existing or tracking.article
    page = fetched.page
    etag = page.etag if page else None
    modified = page.last_modified if page else None
    known = existing is not None
    try:
        if fetched.error is not None:
            raise FetchError(fetched.error)
        if page is not None and page.not_modified:
            store.update_tracking(
                schedule.after(
                    tracking,
                    at,
                    changed=False,
                    etag=tracking.etag or etag,
                    last_modified=tracking.last_modified or modified,
                )
            )
            return Result(name, url, Outcome.NOT_MODIFIED)
        assert fetched.snapshot is not None
        snapshot = fetched.snapshot
        previous = store.version(name, -1) if known else None
        if previous is not None and previous.hash == content_hash(snapshot.text):
            store.update_tracking(
                schedule.after(tracking, at, changed=False, etag=etag, last_modified=modified)
            )
            return Result(name, url, Outcome.UNCHANGED, previous)
        check_plausible(snapshot, previous, url)
        if known:
            after = schedule.after(tracking, at, changed=True, etag=etag, last_modified=modified)
        else:
            start = schedule.start(name, url, at, tracking.feed)
            after = replace(start, etag=etag, last_modified=modified)
        result = store.add(name, snapshot, at, url=url, tracking=after)
        return _added(store, result.version, url, known, options.tolerance)
    except RevtrackError as exc:
        if known:
            store.update_tracking(schedule.after(tracking, at, changed=False, error=exc.message))
        return Result(name, url, Outcome.FAILED, error=exc.message)


def _added(store: Store, version: Version, url: str, known: bool, tolerance: timedelta) -> Result:
    from revtrack.report import build_transition, word_changes

    if not known or version.number == 1:
        return Result(version.article, url, Outcome.NEW, version)
    history = store.history(version.article)
    previous = history[version.number - 2]
    return Result(
        version.article,
        url,
        Outcome.CHANGED,
        version,
        words=word_changes(previous, version),
        transition=build_transition(history[: version.number], tolerance),
    )


def check_plausible(snapshot: Snapshot, previous: Version | None, source: str) -> None:
    """Refuse a text far shorter than the version before it: a paywall or an error page
    more likely than an article cut to a third."""
    from revtrack.text import count_words

    if previous is None or previous.word_count < 50:
        return
    words = count_words(snapshot.text)
    if words < MIN_WORD_SHARE * previous.word_count:
        raise ExtractionError(
            f"{source}: the extracted text has {words:,} words, under {MIN_WORD_SHARE:.0%} of "
            f"the {previous.word_count:,} of @{previous.number}: not stored (an error page or "
            "a paywall?)"
        )


def _check_feed(
    store: Store,
    http: Any,
    feed: Feed,
    gate: _HostGate,
    options: FetchOptions,
    now: Callable[[], datetime],
) -> tuple[FeedResult, list[str], Feed]:
    """Fetch a feed: the URLs of its entries that are not tracked yet, and its state after
    the check (saved by the caller once those entries have been tried)."""
    from revtrack.feeds import entry_urls
    from revtrack.fetch import fetch

    at = now()
    try:
        with gate.host(feed.url):
            page = fetch(
                http,
                feed.url,
                etag=feed.etag,
                last_modified=feed.last_modified,
                options=replace(options, feed=True),
            )
    except RevtrackError as exc:
        state = replace(feed, last_checked=at, last_error=exc.message)
        return FeedResult(feed.url, error=exc.message), [], state
    new: list[str] = []
    error = None
    if not page.not_modified:
        try:
            for url in entry_urls(page.data, page.url):
                if store.find_url(url) is None and url not in new:
                    new.append(url)
        except RevtrackError as exc:
            error = exc.message
    state = replace(
        feed,
        last_checked=at,
        etag=page.etag or feed.etag,
        last_modified=page.last_modified or feed.last_modified,
        last_error=error,
    )
    return FeedResult(feed.url, new_articles=len(new), error=error), new, state
