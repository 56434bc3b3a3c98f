"""The version store: the :class:`Store` protocol the commands use, and how to open one.

The embedded default is SQLite (:mod:`revtrack.store.sqlite`); PostgreSQL
(:mod:`revtrack.store.postgres`) serves teams whose cron jobs run on several hosts. Both are
:mod:`revtrack.store.sql` over their own connection.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol, Self

from revtrack.models import (
    AddResult,
    Article,
    CheckStep,
    Feed,
    History,
    IgnoreRule,
    Snapshot,
    Tracking,
    Version,
)
from revtrack.paths import DatabaseURL, Location
from revtrack.raw import RawCapture

if TYPE_CHECKING:
    from revtrack.alerts import Alert, AlertTarget
    from revtrack.inventory import Removal, Switched


class Store(Protocol):
    """Append-only history of articles' versions."""

    def add(
        self,
        article: str,
        snapshot: Snapshot,
        observed_at: datetime | None = None,
        *,
        url: str | None = None,
        tracking: Tracking | None = None,
        capture: RawCapture | None = None,
    ) -> AddResult:
        """Store ``snapshot`` as the next version, unless its text equals the latest.

        With ``url`` (normalised), the article is the one with that URL; a new one is named
        ``article``, or ``article-2``... if the name is taken (the result's version says which),
        and ``tracking`` is saved with it in the same transaction.

        A text equal to an earlier version is stored and marked as a revert of it.
        ``observed_at`` defaults to the time of the write, taken while the store is locked (and
        never before the latest version's, should the clock go back), so that overlapping
        writers keep versions in time order. A given ``observed_at`` before the latest
        version's raises :class:`~revtrack.errors.InputError`.

        A ``capture`` (the page fetched, as received: :mod:`revtrack.raw`) is kept with a new
        version, its bytes once for every version that has the same; an unchanged text stores
        neither.
        """
        ...

    def articles(self) -> Sequence[Article]:
        """Every article, ordered by key."""
        ...

    def article(self, article: str) -> Article:
        """One article; :class:`~revtrack.errors.NotFoundError` if it is unknown."""
        ...

    def version(self, article: str, rev: int) -> Version:
        """Version ``rev``: 1-based, or counted back from the latest when negative."""
        ...

    def versions(self, article: str, revs: Sequence[int]) -> list[Version]:
        """Several versions, resolved and read at one moment (no write comes in between)."""
        ...

    def history(self, article: str) -> Sequence[Version]:
        """Every version of an article, oldest first; :class:`~revtrack.errors.StoreError`,
        naming it, if one is damaged."""
        ...

    def capture(self, article: str, rev: int) -> RawCapture | None:
        """The raw capture of version ``rev`` (as :meth:`version` numbers it); None if it has
        none (not fetched from a URL, or stored before captures were kept).
        :class:`~revtrack.errors.StoreError` if it is damaged."""
        ...

    def captures(self, article: str) -> Sequence[tuple[int, RawCapture]]:
        """Every raw capture of an article's versions, with the version's number, in order."""
        ...

    def read_history(self, article: str) -> History:
        """The versions of an article that can be read, oldest first, and what is wrong with
        each of the others: one damaged version costs itself and those stored against it,
        never the whole history."""
        ...

    def check(self) -> Iterator[CheckStep]:
        """Check the whole store, a step at a time: first the database's own check of its
        pages and indexes (the step says how it checked, and how many versions the steps
        after it rebuild), then the rows that tie articles, versions, tracking, feeds and
        rules together, then each article, by name: its numbering, and every version rebuilt
        and checked against its hash and its other columns."""
        ...

    def search(self, words: Sequence[str]) -> Sequence[tuple[str, int]]:
        """The versions (article and number, by article and number) of the articles that the
        search index says may have held every one of ``words`` (:func:`revtrack.search.
        index_words`; none: every version): each version that holds them, and perhaps others,
        which the caller checks against their text (see :mod:`revtrack.store.index`)."""
        ...

    def find_url(self, url: str) -> str | None:
        """The name of the article with this (normalised) URL, if there is one."""
        ...

    def tracked(self) -> Sequence[Tracking]:
        """The tracking state of every article tracked by URL, the most due first."""
        ...

    def update_tracking(self, *trackings: Tracking) -> None:
        """Save articles' tracking states after a check (and let go of this store's worker's
        claims on them), in one transaction."""
        ...

    def claim(self, worker: str, at: datetime, lease: timedelta, limit: int) -> Sequence[Tracking]:
        """Claim for ``worker``, until ``at + lease``, up to ``limit`` of the articles due at
        ``at`` (not stopped, and no other worker's lease on them running), the most due first;
        their tracking states. Workers that claim at once get different articles; one that
        dies loses its claims when its lease ends."""
        ...

    def host_turn(self, host: str, delay: timedelta, at: datetime) -> datetime:
        """When this worker may send ``host`` its next request: turns ``delay`` apart, shared
        by every worker of the store, the first not taken and not before ``at``."""
        ...

    def follow(self, feed: str, at: datetime) -> bool:
        """Record a feed to follow (again, if it was unfollowed); False if it was already
        followed."""
        ...

    def unfollow(self, feed: str, at: datetime) -> bool:
        """Stop following a feed (its record and the articles it brought stay); False if it
        was not followed."""
        ...

    def feeds(self) -> Sequence[Feed]:
        """Every followed feed."""
        ...

    def update_feed(self, feed: Feed) -> None:
        """Save a feed's state after a check."""
        ...

    def ignore_rules(self) -> Sequence[IgnoreRule]:
        """Every saved ignore rule, by id; an article's rules name the article."""
        ...

    def add_ignore_rule(self, rule: IgnoreRule, at: datetime) -> IgnoreRule:
        """Save an ignore rule and return it with its id; the same pattern at the same scope
        again returns the rule saved before. An article's rule must name an article of the
        store (:class:`~revtrack.errors.NotFoundError`)."""
        ...

    def remove_ignore_rule(self, id: int) -> IgnoreRule | None:
        """Remove a saved rule; the rule removed, or ``None`` if there was none."""
        ...

    def disabled_builtins(self) -> frozenset[str]:
        """The names of the built-in ignore rules turned off (``all`` for every one)."""
        ...

    def set_builtins(self, names: frozenset[str]) -> None:
        """Save the names of the built-in ignore rules turned off."""
        ...

    def alert_targets(self) -> Sequence[AlertTarget]:
        """Every saved alert target, by id; an article's targets name the article."""
        ...

    def add_alert_target(self, target: AlertTarget, at: datetime) -> AlertTarget:
        """Save an alert target and return it with its id; the same URL at the same scope
        again is the target saved before, its severity now ``target``'s. An article's target
        must name an article of the store (:class:`~revtrack.errors.NotFoundError`)."""
        ...

    def remove_alert_target(self, id: int) -> AlertTarget | None:
        """Remove a target and the alerts queued for it; the target, or ``None``."""
        ...

    def queue_alerts(self, alerts: Sequence[Alert], at: datetime) -> None:
        """Put alerts in the queue of those to deliver, in one transaction."""
        ...

    def claim_alerts(self, worker: str, at: datetime, lease: timedelta) -> Sequence[Alert]:
        """Claim for ``worker``, until ``at + lease``, every queued alert that no other
        worker's lease holds, oldest first. Workers that claim at once get different alerts;
        one that dies loses its claims when its lease ends."""
        ...

    def finish_alert(self, id: int, worker: str, error: str | None, *, tried: bool = True) -> None:
        """Remove an alert ``worker`` delivered (``error`` None), or keep it queued with
        ``error`` and its attempts counted (unless it was not ``tried``), claimed no more."""
        ...

    def removal(self, articles: Sequence[str]) -> Sequence[Removal]:
        """What :meth:`remove` would remove; nothing is written.
        :class:`~revtrack.errors.NotFoundError` if an article is unknown."""
        ...

    def remove(self, articles: Sequence[str]) -> Sequence[Removal]:
        """Remove articles and everything that belongs to them (versions, raw captures, search
        index rows, tracking, their own ignore rules; the cache of derived data is emptied):
        all of them, or none if one is unknown (:class:`~revtrack.errors.NotFoundError`)."""
        ...

    def rename(self, old: str, new: str) -> None:
        """Give an article another name, with all it has; a name that another article has is
        :class:`~revtrack.errors.InputError`."""
        ...

    def pause(self, articles: Sequence[str] | None, at: datetime) -> Sequence[Switched]:
        """Pause the tracking of articles tracked by URL (None: every one): never due (nor
        checked by ``refresh --all``) until resumed. An article not tracked by URL is
        :class:`~revtrack.errors.UsageError`; nothing is paused then."""
        ...

    def resume(self, articles: Sequence[str] | None, at: datetime) -> Sequence[Switched]:
        """Resume the tracking of articles (None: every one), paused or stopped: due at
        ``at``."""
        ...

    def derived(self, keys: Sequence[bytes]) -> Mapping[bytes, bytes]:
        """The rows of the cache of derived data (:mod:`revtrack.cache`) that ``keys`` name,
        as far as they can be read: a cache that cannot be read is an empty one, never an
        error."""
        ...

    def save_derived(self, rows: Mapping[bytes, bytes], *, replace: Collection[bytes] = ()) -> None:
        """Keep rows in the cache of derived data. A row that another command kept first is
        left as it is (it holds the same), but for the keys to ``replace`` (rows found
        damaged). Nothing is kept in a store that may not be written, a writer at work is
        not waited for, and nothing fails: the cache is a saving, never the record."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...


def open_store(location: Location, *, write: bool, create: bool | None = None) -> Store:
    """Open the store at ``location`` (see :func:`revtrack.paths.store_location`): a SQLite
    file, or a PostgreSQL database named by its URL.

    A store that does not exist is created for a writer, unless ``create`` is false (a
    command that writes only to a store that holds something, such as ``refresh``). Otherwise
    it is :class:`~revtrack.errors.MissingStoreError`: reading creates nothing. A store that
    was there and is gone is never taken for a new one where that can be told: a SQLite file
    truncated to nothing, or deleted while its journal files remain, a PostgreSQL schema that
    lost revtrack's tables but kept their record (``revtrack_migrations``).
    """
    create = write if create is None else create
    if isinstance(location, DatabaseURL):
        from revtrack.store.postgres import PostgresStore

        return PostgresStore.open(location, write=write, create=create)
    from revtrack.store.sqlite import SqliteStore

    return SqliteStore.open(location, write=write, create=create)
