"""The cron job: fetch again every article tracked by URL that is due, politely and at once.

Pages are fetched by a few threads, one request at a time per host with a pause between; the
text is extracted in those threads too, and every write to the store happens in the calling
thread, one transaction per article, through the use case that ``add`` calls too
(:func:`revtrack.track.record_check`), but for pages not modified, saved a few dozen in one
(see :class:`_Checks`). When each article is due again is its schedule's to say
(:mod:`revtrack.schedule`).

Refreshes share the work through the store: each claims a batch of the articles due, for a
lease (who, until when), checks them, and claims the next batch until none is due; saving an
article's check lets go of its claim, and the claims of a refresh that dies run out with their
lease. Turns at each site are taken in the store too, so that every refresh of a PostgreSQL
store, on any host, keeps one request per site per delay. A SQLite store has one refresh at a
time (a lock file beside it); a PostgreSQL store has as many as hosts run.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import IO, TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

from revtrack import alerts, refs, urls
from revtrack.capture import Taken, fetch_page, take_page
from revtrack.errors import BusyError, RevtrackError, StoreError, UsageError
from revtrack.feeds import NEW_PER_FEED
from revtrack.models import (
    Criteria,
    Feed,
    FeedResult,
    RefreshResult,
    Tracking,
)
from revtrack.paths import DatabaseURL, Location
from revtrack.schedule import Schedule
from revtrack.times import now as clock_now
from revtrack.track import read_feed, record_check, record_feeds, record_not_modified

if TYPE_CHECKING:
    from revtrack.fetch import FetchOptions, Page
    from revtrack.store import Store


class Progress(Protocol):
    """What a refresh tells as it goes: how many articles it checks, then each result."""

    def total(self, count: int) -> None: ...

    def result(self, result: RefreshResult) -> None: ...


class _Silent:
    def total(self, count: int) -> None:
        pass

    def result(self, result: RefreshResult) -> None:
        pass


SILENT: Progress = _Silent()


@dataclass(frozen=True)
class Options:
    jobs: int = 4
    delay: float = 1.0  # seconds between two requests to the same host
    everything: bool = False  # ignore due times (and stopped articles, not paused ones)
    names: tuple[str, ...] = ()  # only these articles (names or URLs)
    schedule: Schedule = Schedule()
    criteria: Criteria = Criteria()  # for the stealth-edit findings
    force: bool = False  # store a page that fails the plausibility rule (one article)
    wait: bool = False  # for a refresh already running, rather than exit
    lease: timedelta = timedelta(minutes=15)  # how long a claim on an article holds
    batch: int = 0  # articles claimed at a time (0: four per job)
    notify: tuple[str, ...] = ()  # alert targets (Apprise URLs) for this refresh only
    new_per_feed: int = NEW_PER_FEED  # articles new from one feed tracked in one refresh


def refresh(
    location: Location,
    options: Options,
    fetch_options: FetchOptions | None = None,
    progress: Progress = SILENT,
) -> alerts.Refreshed:
    """Refresh the store at ``location`` under its lock: :func:`run`, with the articles
    chosen by name or by URL. A store that does not exist is an error: there is nothing to
    refresh in it."""
    from revtrack.store import open_store

    if options.force and len(options.names) != 1:
        raise UsageError(
            "--force refreshes one article: name it (revtrack refresh ARTICLE --force)"
        )
    # The store first: a refresh never creates one (a store that is not there is a store
    # named wrongly, or lost), nor leaves a lock file where there is none.
    with (
        open_store(location, write=True, create=False) as store,
        refresh_lock(location, wait=options.wait),
    ):
        names = tuple(refs.lookup(store, name) for name in options.names)
        return run(store, replace(options, names=names), fetch_options, progress)


# --- the lock ------------------------------------------------------------------------------


@contextlib.contextmanager
def refresh_lock(location: Location, *, wait: bool) -> Iterator[None]:
    """Hold a SQLite store's refresh lock (a file beside it) while the block runs; raise
    :class:`BusyError` if another refresh holds it, unless ``wait``. The refreshes of a
    PostgreSQL store need none: they share the work by their claims."""
    if isinstance(location, DatabaseURL):
        yield
        return
    path = location.with_name(location.name + ".refresh-lock")
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
    """The articles to check now: the chosen ones, or all but the paused, or those due and
    neither stopped nor paused."""
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
        return [t for t in tracked if not t.paused]
    return [t for t in tracked if not t.stopped and not t.paused and t.next_check <= at]


def run(
    store: Store,
    options: Options,
    fetch_options: FetchOptions | None = None,
    progress: Progress = SILENT,
    *,
    now: Callable[[], datetime] = clock_now,
) -> alerts.Refreshed:
    """Refresh what is due: feeds first (their new articles are fetched in the same run),
    then every article due; ``progress`` is told of each article as it is done. Each change
    is queued for the alert targets it concerns (the store's, and ``options.notify``), and
    the queue is delivered at the end (:mod:`revtrack.alerts`)."""
    started = time.monotonic()
    at = now()
    feeds = [
        f for f in store.feeds() if options.everything or _feed_due(f.last_checked, at, options)
    ]
    chosen = bool(options.names) or options.everything  # by hand: nothing is claimed
    worker = _worker_name()
    targets = alerts.run_targets(store, options.notify, options.criteria.min_severity)
    if chosen:
        todo = due(store.tracked(), at, options)
    else:
        todo = list(store.claim(worker, at, options.lease, _batch(options)))
    if not feeds and not todo:
        # nothing due: no HTTP client, no extractor is even imported; the alerts queued
        # before are delivered all the same
        return alerts.Refreshed(alerts=alerts.deliver(store, worker, now, options.lease))
    from revtrack.fetch import FetchOptions, client

    fetch_options = fetch_options or FetchOptions()
    gate = _HostGate(store, options.delay)
    results: list[RefreshResult] = []
    with client(fetch_options) as http:
        checked: list[tuple[FeedResult, Feed]] = []  # each feed's result and state after
        found: dict[str, str] = {}  # url: feed, of the articles new from feeds
        if not options.names:  # (articles chosen by name: no feed is read)
            checked, found = _read_feeds(
                store, http, feeds, todo, gate, fetch_options, now, options.new_per_feed
            )
        starts = [
            Tracking(urls.short_name(url), url, options.schedule.floor, next_check=at, feed=feed)
            for url, feed in found.items()
        ]
        batch = [*todo, *starts]

        def finished(done: Sequence[RefreshResult]) -> None:
            for each in done:
                results.append(each)
                progress.result(each)
                if targets:
                    alerts.queue_change(store, each, targets, options.criteria, now())

        checks = _Checks(store, options, now)
        while batch:
            progress.total(len(batch))
            for tracking, fetched in _fetch_all(http, batch, gate, fetch_options, options.jobs):
                finished(checks.record(tracking, fetched))
            finished(checks.flush())  # (before the next claim: saving lets go of the claims)
            batch = (
                [] if chosen else list(store.claim(worker, now(), options.lease, _batch(options)))
            )
        record_feeds(store, feeds, [state for _, state in checked], found, results)
    delivered = alerts.deliver(store, worker, now, options.lease)  # (no transaction open)
    return alerts.Refreshed(
        results=tuple(results),
        feeds=tuple(result for result, _ in checked),
        seconds=time.monotonic() - started,
        alerts=delivered,
    )


class _Checks:
    """Each check recorded as it comes, but the pages not modified, which are saved together:
    a transaction for each took most of the time of such a check. They are saved when
    :data:`SAVE_TOGETHER` wait, when the first has waited :data:`SAVE_WITHIN` seconds (the
    next check that comes saves them), and when the batch of articles is done (:meth:`flush`);
    what each was recorded with is what :func:`record_check` would have given."""

    def __init__(self, store: Store, options: Options, now: Callable[[], datetime]) -> None:
        self.store, self.options, self.now = store, options, now
        self.waiting: list[tuple[Tracking, Page, datetime]] = []
        self.since = 0.0  # when the first of them came (time.monotonic)

    def record(self, tracking: Tracking, fetched: _Fetched) -> list[RefreshResult]:
        """The checks recorded by this one: none, itself, or those waiting."""
        at = self.now()
        page = fetched.page
        if fetched.error is None and fetched.taken is None and page and page.not_modified:
            if not self.waiting:
                self.since = time.monotonic()
            self.waiting.append((tracking, page, at))
            due = time.monotonic() - self.since >= SAVE_WITHIN
            return self.flush() if len(self.waiting) >= SAVE_TOGETHER or due else []
        options = self.options
        return [
            record_check(
                self.store,
                tracking,
                at,
                page=fetched.page,
                taken=fetched.taken,
                error=fetched.error,
                schedule=options.schedule,
                criteria=options.criteria,
                force=options.force,
            )
        ]

    def flush(self) -> list[RefreshResult]:
        """Save the checks waiting; their results."""
        waiting, self.waiting = self.waiting, []
        return record_not_modified(self.store, waiting, self.options.schedule) if waiting else []


#: Pages not modified saved in one transaction, at most; and the most seconds the first of
#: them waits for the others (a check is shown once saved).
SAVE_TOGETHER = 64
SAVE_WITHIN = 1.0


def _read_feeds(
    store: Store,
    http: Any,
    feeds: Sequence[Feed],
    todo: Sequence[Tracking],
    gate: _HostGate,
    options: FetchOptions,
    now: Callable[[], datetime],
    most: int,
) -> tuple[list[tuple[FeedResult, Feed]], dict[str, str]]:
    """Check the feeds due: what each found and its state after the check, and the URLs of
    the articles new to the store that they list (each with the first feed that listed it;
    the first ``most`` of each feed)."""
    checked: list[tuple[FeedResult, Feed]] = []
    found: dict[str, str] = {}
    tracked = {t.url for t in todo}
    for followed in feeds:
        result, new_urls, state = _check_feed(store, http, followed, gate, options, now, most)
        checked.append((result, state))
        for url in new_urls:
            if url not in tracked:
                found.setdefault(url, followed.url)
    return checked, found


def _batch(options: Options) -> int:
    """How many articles a refresh claims at a time: enough to keep its jobs busy, few enough
    that the other refreshes of the store get their share."""
    return options.batch or 4 * max(1, options.jobs)


def _worker_name() -> str:
    """This refresh, as its claims name it: host, process and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _fetch_all(
    http: Any, todo: Sequence[Tracking], gate: _HostGate, options: FetchOptions, jobs: int
) -> Iterator[tuple[Tracking, _Fetched]]:
    """Fetch and extract every page in ``jobs`` threads; each as it is done."""
    with ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="revtrack-fetch") as pool:
        futures = {pool.submit(_fetch_one, http, t, gate, options): t for t in todo}
        try:
            for future in as_completed(futures):
                yield futures[future], future.result()
        except BaseException:  # Ctrl-C: the pages not fetched yet are not waited for
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _feed_due(last_checked: datetime | None, at: datetime, options: Options) -> bool:
    return last_checked is None or at - last_checked >= options.schedule.floor


class _HostGate:
    """One request at a time per host in this process, each at a turn that the store gives:
    turns ``delay`` apart at each host, shared by every refresh of the store (see
    :meth:`revtrack.store.Store.host_turn`), taken when the request is about to be sent."""

    def __init__(self, store: Store, delay: float) -> None:
        self.store = store
        self.pause = timedelta(seconds=delay)
        self._guard = threading.Lock()
        self._hosts: dict[str, threading.Lock] = {}

    @contextlib.contextmanager
    def host(self, url: str) -> Iterator[None]:
        name = _host(url)
        with self._guard:
            lock = self._hosts.setdefault(name, threading.Lock())
        with lock:
            at = clock_now()  # (the wall clock, whatever clock the versions are dated by)
            wait = (self.store.host_turn(name, self.pause, at) - at).total_seconds()
            if wait > 0:
                time.sleep(wait)
            yield


@dataclass(frozen=True)
class _Fetched:
    """What fetching a tracked page gave: its snapshot, a 304, or why it failed."""

    page: Page | None = None
    taken: Taken | None = None  # None for a page not modified (or a failure)
    error: str | None = None


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _fetch_one(http: Any, tracking: Tracking, gate: _HostGate, options: FetchOptions) -> _Fetched:
    """Fetch and extract one page at its turn (in a worker thread: the store is used only for
    the turn, which any thread may take)."""
    url = tracking.url
    site = options.sites.for_url(url)
    try:
        with gate.host(url):
            page = fetch_page(
                url, options, http, etag=tracking.etag, last_modified=tracking.last_modified
            )
        if page.not_modified:
            return _Fetched(page=page)
        return _Fetched(page=page, taken=take_page(page, selector=site.selector if site else None))
    except RevtrackError as exc:
        return _Fetched(error=exc.message)
    except Exception as exc:  # a page that trips a library: this article fails, not the run
        return _Fetched(error=f"{url}: the page could not be read: {type(exc).__name__}: {exc}")


def _check_feed(
    store: Store,
    http: Any,
    feed: Feed,
    gate: _HostGate,
    options: FetchOptions,
    now: Callable[[], datetime],
    most: int,
) -> tuple[FeedResult, list[str], Feed]:
    """Fetch a followed feed politely; what it lists that is new, the first ``most`` (see
    :func:`revtrack.track.read_feed`)."""
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
        return read_feed(store, feed, None, exc.message, at)
    return read_feed(store, feed, page, None, at, most)
