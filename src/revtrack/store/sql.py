"""What the two SQL stores share: the :class:`~revtrack.store.Store` protocol over tables,
written once for SQLite and PostgreSQL.

The add algorithm (dedup against the latest version, reverts, naming ``article-2``...,
tracking saved in the same transaction, each version compressed against the next) and rows
to models are here (versions are rebuilt and checked by :mod:`revtrack.store.rebuild`: a
version that cannot be rebuilt is named, and keeps neither the others nor a history that
passes over it from being read). A backend
supplies the few differences as hooks: how a statement runs (it converts the ``?``
placeholders used here), how a transaction begins for writing and for reading, how the row of
the article an add writes to is locked, how the creation of articles is serialised, how an
inserted row's id is returned, how its driver's errors become
:class:`~revtrack.errors.StoreError`, and how the database checks its own pages and indexes
(for ``revtrack check``, :mod:`revtrack.store.checking`).

The tables are the same in both (see each backend's migrations), with each database's types:
times are ISO 8601 text in SQLite and ``timestamptz`` in PostgreSQL, and both read back as
aware datetimes in UTC.
"""

from __future__ import annotations

import _thread
import contextlib
import json
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any, ClassVar, Protocol, Self

from revtrack import refs
from revtrack.errors import InputError, NotFoundError, StoreError, UsageError
from revtrack.models import (
    AddResult,
    AddStatus,
    Article,
    CheckStep,
    Feed,
    History,
    IgnoreRule,
    Problem,
    Snapshot,
    Tracking,
    Version,
)
from revtrack.raw import RawCapture
from revtrack.store import alerts, captures, codec, manage, wholes
from revtrack.store.rebuild import history_of, missing, rebuilt, rebuilt_last
from revtrack.store.rebuild import moment as _moment
from revtrack.store.wholes import COLUMNS
from revtrack.text import content_hash, count_words
from revtrack.times import now, show_time, to_iso

#: The settings key of the built-in ignore rules turned off (a JSON list of names).
DISABLED_BUILTINS = "disabled_builtins"

#: Tables whose loss loses nothing: the cache of derived data (:mod:`revtrack.cache`), which
#: every command can do without.
DISPOSABLE = frozenset({"derived"})
#: The rows of the cache read, or written, by one statement (SQLite takes 999 parameters).
CACHE_BATCH = 400
#: A statement of a migration's step, or work that no statement can do, given the store (as
#: filling the search index, which rebuilds every version's text), in the same transaction.
Statement = str | Callable[["SqlStore"], None]


class Cursor(Protocol):
    """What both drivers' cursors offer."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> Sequence[Any]: ...


class SqlStore(captures.Captures, alerts.Alerts, manage.Managing, ABC):
    """A :class:`~revtrack.store.Store` over SQL tables; a backend supplies the hooks."""

    #: Begins a transaction that writes, and one that reads a consistent snapshot.
    BEGIN_WRITE: ClassVar[str] = "BEGIN"
    BEGIN_READ: ClassVar[str] = "BEGIN"
    #: Ends the SELECT of the article an add writes to: locks its row until the commit.
    LOCK_ROW: ClassVar[str] = ""
    #: Ends the SELECT of the articles a refresh claims: passes over those that another
    #: worker is claiming at that moment.
    SKIP_LOCKED: ClassVar[str] = ""
    #: The article and number of the versions the search index gives for one parameter (see
    #: :meth:`_search_query`), by article and number.
    SEARCH: ClassVar[str] = ""

    def __init__(self, name: str) -> None:
        #: How messages name the store (a path, or a URL with its password masked).
        self._name = name
        #: The refresh worker that claimed articles through this store, if one did: saving an
        #: article's tracking state lets go of that worker's claim on it.
        self._worker: str | None = None
        #: The next turn at each host (see host_turn, which any thread may call).
        self._turns: dict[str, datetime] = {}
        self._turn_guard = _thread.allocate_lock()  # (threading.Lock, without its import)

    # --- the backend's hooks ------------------------------------------------------------

    @abstractmethod
    def _execute(self, sql: str, params: Sequence[object] = ()) -> Cursor:
        """Run one statement, written with ``?`` placeholders."""

    @abstractmethod
    def _insert(self, sql: str, params: Sequence[object]) -> int:
        """Run an ``INSERT`` of one row; the row's ``id``."""

    @abstractmethod
    def _errors(self) -> contextlib.AbstractContextManager[None]:
        """Turn the driver's exceptions into :class:`StoreError` with a message for people."""

    @abstractmethod
    def _index(self, version_id: int, words: Sequence[str]) -> None:
        """Put the ``words`` a new version brings to its article (:func:`revtrack.search.
        new_words`) in the search index (:mod:`revtrack.store.index`) as it is stored."""

    #: Whether the search index's row of a version (by id) holds a word (:attr:`SEARCH`'s
    #: parameter).
    INDEXED: str

    @abstractmethod
    def _search_query(self, word: str) -> str:
        """The parameter of :attr:`SEARCH` for the articles that ever held ``word``."""

    def _stored_hash(self, digest: str) -> object:
        """A version's hash (``sha256:`` and hex digits) as the backend keeps it."""
        return digest

    def _apply(self, statement: Statement) -> None:
        """Run one statement of a migration's step, or the step's work that no statement can
        do (a callable given the store)."""
        if isinstance(statement, str):
            self._execute(statement)
        else:
            statement(self)

    @abstractmethod
    def _lock_new_articles(self) -> None:
        """Serialise the creation of articles within the write transaction: a new article's
        name depends on the others'."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _transaction(self, *, lock: bool = True) -> Iterator[None]:
        """One transaction: for writing, or a consistent snapshot for reading."""
        self._execute(self.BEGIN_WRITE if lock else self.BEGIN_READ)
        try:
            yield
        except BaseException:
            # The error that stopped the transaction is the one to tell: a rollback that fails
            # too (the connection to a server was lost) adds nothing to it.
            with contextlib.suppress(Exception):
                self._execute("ROLLBACK")
            raise
        self._execute("COMMIT")

    # --- adding a version -------------------------------------------------------------

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
        text = snapshot.text
        data = text.encode("utf-8")
        digest = content_hash(data)
        with self._errors(), self._transaction():
            article_id, article = self._article_to_write(article, url, observed_at)
            observed = observed_at or now()  # taken under the lock: writers stay in order
            if url is not None and tracking is not None:
                self._save_tracking(article_id, tracking)
            previous = self._latest(article_id, article)
            if previous is not None:
                if previous.hash == digest:
                    return AddResult(AddStatus.UNCHANGED, previous)
                observed = _in_order(previous, observed, given=observed_at is not None)
            alone = codec.compress_alone_later(data)  # (a long text's: meanwhile)
            version = Version(
                article=article,
                number=1 if previous is None else previous.number + 1,
                observed_at=observed,
                hash=digest,
                source=snapshot.source,
                byte_count=len(data),
                word_count=count_words(text),
                text=text,
                revert_of=self._first_with(article_id, digest),
                title=snapshot.title,
                metadata=MappingProxyType(dict(snapshot.metadata)),
            )
            if previous is not None:
                self._compress_against(article_id, previous, data)
            version_id = self._insert_version(article_id, version, alone, previous)
            if capture is not None:  # (kept with its version: see store.captures)
                captures.save(self, version_id, capture)
            return AddResult(AddStatus.ADDED, version, previous)

    def _article_to_write(
        self, article: str, url: str | None, created: datetime | None
    ) -> tuple[int, str]:
        """The id and name of the article an add writes to, its row locked; a new one is
        created, under a lock, with a name no other article has."""
        row = self._article_row(article, url, lock=True)
        if row is None:
            self._lock_new_articles()
            row = self._article_row(article, url, lock=True)  # made while we waited?
        if row is not None:
            return row
        name = self._free_name(article)
        article_id = self._insert(
            "INSERT INTO articles (key, created_at, url) VALUES (?, ?, ?)",
            (name, to_iso(created or now()), url),
        )
        return article_id, name

    def _latest(self, article_id: int, article: str) -> Version | None:
        row = self._execute(
            f"SELECT {COLUMNS} FROM versions WHERE article_id = ? ORDER BY number DESC LIMIT 1",
            (article_id,),
        ).fetchone()
        if row is None:
            return None
        (found,) = rebuilt(article, [row])  # the newest is stored whole
        if isinstance(found, Problem):
            raise StoreError(found.message)
        return found

    def _first_with(self, article_id: int, digest: str) -> int | None:
        """The first version with this hash, of which a new one is a revert."""
        first = self._execute(
            "SELECT min(number) FROM versions WHERE article_id = ? AND hash = ?",
            (article_id, self._stored_hash(digest)),
        ).fetchone()[0]
        return None if first is None else int(first)

    def _insert_version(
        self, article_id: int, version: Version, alone: codec.Alone, previous: Version | None
    ) -> int:
        """Store the newest version (its body ``alone``, apart: store.wholes), index its words
        (from the texts in hand: see store.index); its id."""
        from revtrack.search import new_words

        words = new_words(version.text, previous.text if previous is not None else None)
        kind, body = alone()
        version_id = self._insert(
            "INSERT INTO versions (article_id, number, observed_at, hash, source, title, "
            "byte_count, word_count, revert_of, metadata, codec, body) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article_id,
                version.number,
                to_iso(version.observed_at),
                self._stored_hash(version.hash),
                version.source,
                version.title,
                version.byte_count,
                version.word_count,
                version.revert_of,
                json.dumps(dict(version.metadata), sort_keys=True),
                kind,
                b"",
            ),
        )
        wholes.keep(self, version_id, body)
        if words:
            self._index(version_id, words)
        return version_id

    def _compress_against(self, article_id: int, previous: Version, data: bytes) -> None:
        """Store the version before the new one against it (``data``), unless it is a keyframe,
        which stays whole, as it was stored when it was the newest.

        This comes before the new version's row is written: the row it shrinks makes room in
        its page for the new one, so pages fill up rather than each keeping one small row.
        """
        if codec.codec_for(previous.number) != codec.AGAINST_NEXT:
            return
        kind, body = codec.AGAINST_NEXT, codec.compress(previous.text.encode("utf-8"), data)
        wholes.forget(self, article_id, previous.number)
        self._execute(
            "UPDATE versions SET codec = ?, body = ? WHERE article_id = ? AND number = ?",
            (kind, body, article_id, previous.number),
        )

    def _article_row(
        self, article: str, url: str | None, *, lock: bool = False
    ) -> tuple[int, str] | None:
        """The id and name of an article: by its URL when it has one, else by its name."""
        column, value = ("url", url) if url is not None else ("key", article)
        row = self._execute(
            f"SELECT id, key FROM articles WHERE {column} = ?{self.LOCK_ROW if lock else ''}",
            (value,),
        ).fetchone()
        return None if row is None else (int(row[0]), str(row[1]))

    def _free_name(self, name: str) -> str:
        """``name``, or ``name-2``, ``name-3``... if another article has it."""
        taken = {
            str(r[0])
            for r in self._execute(
                "SELECT key FROM articles WHERE key = ? OR substr(key, 1, ?) = ?",
                (name, len(name) + 1, name + "-"),
            ).fetchall()
        }
        candidate, number = name, 1
        while candidate in taken:
            number += 1
            candidate = f"{name}-{number}"
        return candidate

    def _save_tracking(self, article_id: int, tracking: Tracking) -> None:
        feed_id = None
        if tracking.feed is not None:
            row = self._execute("SELECT id FROM feeds WHERE url = ?", (tracking.feed,)).fetchone()
            feed_id = None if row is None else row[0]
        self._execute(
            "INSERT INTO tracking (article_id, interval_seconds, next_check, last_checked, "
            "last_changed, etag, last_modified, failures, last_error, stopped, feed_id, paused_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET "
            # (a state that is paused pauses; only resume, never a check, ends a pause)
            "paused_at = coalesce(tracking.paused_at, excluded.paused_at), "
            "interval_seconds = excluded.interval_seconds, next_check = excluded.next_check, "
            "last_checked = excluded.last_checked, last_changed = excluded.last_changed, "
            "etag = excluded.etag, last_modified = excluded.last_modified, "
            "failures = excluded.failures, last_error = excluded.last_error, "
            "stopped = excluded.stopped, feed_id = coalesce(excluded.feed_id, tracking.feed_id), "
            "claimed_until = CASE WHEN tracking.claimed_by = ? THEN NULL "
            "ELSE tracking.claimed_until END, "
            "claimed_by = CASE WHEN tracking.claimed_by = ? THEN NULL ELSE tracking.claimed_by END",
            (
                article_id,
                tracking.interval.total_seconds(),
                to_iso(tracking.next_check),
                _iso_or_none(tracking.last_checked),
                _iso_or_none(tracking.last_changed),
                tracking.etag,
                tracking.last_modified,
                tracking.failures,
                tracking.last_error,
                tracking.stopped,
                feed_id,
                to_iso(now()) if tracking.paused else None,
                self._worker,
                self._worker,
            ),
        )

    # --- tracking by URL ---------------------------------------------------------------

    def find_url(self, url: str) -> str | None:
        with self._errors():
            row = self._execute("SELECT key FROM articles WHERE url = ?", (url,)).fetchone()
        return None if row is None else str(row[0])

    def tracked(self) -> Sequence[Tracking]:
        with self._errors():
            rows = self._execute(f"{TRACKING} ORDER BY t.next_check, a.key").fetchall()
        return self._trackings(rows)

    def _trackings(self, rows: Sequence[Sequence[object]]) -> list[Tracking]:
        try:
            return [tracking_of(row) for row in rows]
        except (ValueError, TypeError) as exc:
            raise StoreError(f"store {self._name} is damaged: {exc}") from exc

    def claim(self, worker: str, at: datetime, lease: timedelta, limit: int) -> Sequence[Tracking]:
        with self._errors(), self._transaction():
            moment = to_iso(at)
            rows = self._execute(
                "SELECT article_id FROM tracking WHERE NOT stopped AND paused_at IS NULL "
                "AND next_check <= ? "
                "AND (claimed_until IS NULL OR claimed_until <= ?) "
                f"ORDER BY next_check, article_id LIMIT ?{self.SKIP_LOCKED}",
                (moment, moment, limit),
            ).fetchall()
            ids = [row[0] for row in rows]
            if not ids:
                return []
            marks = ", ".join("?" * len(ids))
            self._execute(
                "UPDATE tracking SET claimed_by = ?, claimed_until = ? "
                f"WHERE article_id IN ({marks})",
                (worker, to_iso(at + lease), *ids),
            )
            claimed = self._execute(
                f"{TRACKING} WHERE t.article_id IN ({marks}) ORDER BY t.next_check, a.key", ids
            ).fetchall()
        self._worker = worker
        return self._trackings(claimed)

    def host_turn(self, host: str, delay: timedelta, at: datetime) -> datetime:
        # One refresh at a time runs on this store: its turns are kept in memory.
        with self._turn_guard:
            turn = max(self._turns.get(host, at), at)
            self._turns[host] = turn + delay
        return turn

    def update_tracking(self, *trackings: Tracking) -> None:
        with self._errors(), self._transaction():
            for tracking in trackings:
                row = self._article_row(tracking.article, tracking.url)
                if row is None:
                    raise NotFoundError(f"unknown article {tracking.article!r}")
                self._save_tracking(row[0], tracking)

    def follow(self, feed: str, at: datetime) -> bool:
        with self._errors(), self._transaction():
            cursor = self._execute(
                "INSERT INTO feeds (url, added_at) VALUES (?, ?) ON CONFLICT (url) DO UPDATE "
                "SET unfollowed_at = NULL, last_error = NULL "
                "WHERE feeds.unfollowed_at IS NOT NULL",
                (feed, to_iso(at)),
            )
            return cursor.rowcount > 0

    def unfollow(self, feed: str, at: datetime) -> bool:
        with self._errors(), self._transaction():
            cursor = self._execute(
                "UPDATE feeds SET unfollowed_at = ? WHERE url = ? AND unfollowed_at IS NULL",
                (to_iso(at), feed),
            )
            return cursor.rowcount > 0

    def feeds(self) -> Sequence[Feed]:
        with self._errors():
            rows = self._execute(
                "SELECT url, added_at, last_checked, etag, last_modified, last_error "
                "FROM feeds WHERE unfollowed_at IS NULL ORDER BY url"
            ).fetchall()
        return [
            Feed(
                url=str(url),
                added=_moment(added),
                last_checked=_moment_or_none(checked),
                etag=etag,
                last_modified=modified,
                last_error=error,
            )
            for url, added, checked, etag, modified, error in rows
        ]

    def update_feed(self, feed: Feed) -> None:
        with self._errors(), self._transaction():
            self._execute(
                "UPDATE feeds SET last_checked = ?, etag = ?, last_modified = ?, last_error = ? "
                "WHERE url = ?",
                (
                    _iso_or_none(feed.last_checked),
                    feed.etag,
                    feed.last_modified,
                    feed.last_error,
                    feed.url,
                ),
            )

    # --- ignore rules -----------------------------------------------------------------

    def ignore_rules(self) -> Sequence[IgnoreRule]:
        return self._ignore_rules("")

    def _ignore_rules(self, where: str, *args: object) -> list[IgnoreRule]:
        with self._errors():
            rows = self._execute(
                "SELECT r.id, r.pattern, a.key, r.site FROM ignore_rules r "
                f"LEFT JOIN articles a ON a.id = r.article_id {where} ORDER BY r.id",
                args,
            ).fetchall()
        return [
            IgnoreRule(str(pattern), id=int(id_), article=article, site=site)
            for id_, pattern, article, site in rows
        ]

    def add_ignore_rule(self, rule: IgnoreRule, at: datetime) -> IgnoreRule:
        if rule.article is not None and rule.site is not None:
            raise UsageError("a rule is for one article or one site, not both")
        with self._errors(), self._transaction():
            article_id = None
            if rule.article is not None:
                row = self._article_row(rule.article, None)
                if row is None:
                    raise _unknown(rule.article)
                article_id = row[0]
            # the same scope as the unique index, which holds against a concurrent writer
            same = (
                "WHERE r.pattern = ? AND coalesce(r.article_id, 0) = coalesce(?, 0) "
                "AND coalesce(r.site, '') = coalesce(?, '')"
            )
            found = self._ignore_rules(same, rule.pattern, article_id, rule.site)
            if not found:  # (looked up first: a rule's number is not spent on a duplicate)
                self._execute(
                    "INSERT INTO ignore_rules (pattern, article_id, site, created_at) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    (rule.pattern, article_id, rule.site, to_iso(at)),
                )
                found = self._ignore_rules(same, rule.pattern, article_id, rule.site)
            return found[0]

    def remove_ignore_rule(self, id: int) -> IgnoreRule | None:
        with self._errors(), self._transaction():
            found = self._ignore_rules("WHERE r.id = ?", id)
            self._execute("DELETE FROM ignore_rules WHERE id = ?", (id,))
        return found[0] if found else None

    def disabled_builtins(self) -> frozenset[str]:
        with self._errors():
            row = self._execute(
                "SELECT value FROM settings WHERE key = ?", (DISABLED_BUILTINS,)
            ).fetchone()
        try:
            return builtin_names(None if row is None else row[0])
        except ValueError as exc:
            raise StoreError(f"store {self._name} is damaged: {exc}") from exc

    def set_builtins(self, names: frozenset[str]) -> None:
        with self._errors(), self._transaction():
            self._execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (DISABLED_BUILTINS, json.dumps(sorted(names))),
            )

    # --- articles and versions ---------------------------------------------------------

    def articles(self) -> Sequence[Article]:
        return self._articles("")

    def article(self, article: str) -> Article:
        for found in self._articles("WHERE a.key = ?", article):
            return found
        raise _unknown(article)

    def _articles(self, where: str, *args: object) -> list[Article]:
        # (the count is the latest number: a version missing from a damaged store keeps its
        # place, so that @-1 stays the latest)
        with self._errors():
            rows = self._execute(
                "SELECT a.key, max(v.number), min(v.observed_at), max(v.observed_at), "
                "(SELECT title FROM versions WHERE article_id = a.id "
                " ORDER BY number DESC LIMIT 1), a.url "
                f"FROM articles a JOIN versions v ON v.article_id = a.id {where} "
                "GROUP BY a.id ORDER BY a.key",
                args,
            ).fetchall()
        found = []
        for key, count, first, last, title, url in rows:
            try:
                times = _moment(first), _moment(last)
            except (ValueError, TypeError) as exc:
                raise StoreError(
                    f"{key} is damaged: a version's time cannot be read ({exc}); "
                    "`revtrack check` names it"
                ) from exc
            found.append(Article(key, count, *times, title=title, url=url))
        return found

    def version(self, article: str, rev: int) -> Version:
        return self.versions(article, [rev])[0]

    def versions(self, article: str, revs: Sequence[int]) -> list[Version]:
        with self._errors(), self._transaction(lock=False):
            latest = self._latest_number(article)
            return [self._load(article, refs.resolve(article, rev, latest)) for rev in revs]

    def _latest_number(self, article: str) -> int:
        """The number of an article's latest version; unknown articles are not found."""
        (latest,) = self._execute(
            "SELECT max(number) FROM versions JOIN articles a ON a.id = article_id WHERE a.key = ?",
            (article,),
        ).fetchone()
        if latest is None:
            raise _unknown(article)
        return int(latest)

    def _load(self, article: str, number: int) -> Version:
        """Rebuild one version: decompress from the next whole version down to it."""
        rows = self._execute(
            f"SELECT {COLUMNS} FROM versions JOIN articles a ON a.id = article_id "
            "WHERE a.key = ? AND number >= ? AND number <= ("
            "  SELECT min(number) FROM versions JOIN articles b ON b.id = article_id "
            "  WHERE b.key = ? AND number >= ? AND codec != ?) "
            "ORDER BY number DESC",
            (article, number, article, number, codec.AGAINST_NEXT),
        ).fetchall()
        if not rows:
            raise StoreError(f"{article}@{number} is damaged: no whole version follows it")
        found = rebuilt_last(article, rows)  # the chain ends at the version asked for
        if isinstance(found, Problem):
            raise StoreError(found.message)
        if found.number != number:
            raise StoreError(missing(article, number).message)
        return found

    def history(self, article: str) -> Sequence[Version]:
        read = self.read_history(article)
        if read.damaged:
            raise StoreError(read.damaged[-1].message)  # (the newest: the others may follow)
        return read.versions

    def read_history(self, article: str) -> History:
        with self._errors(), self._transaction(lock=False):
            found = self._execute("SELECT id, url FROM articles WHERE key = ?", (article,))
            row = found.fetchone()
            if row is None:
                raise _unknown(article)
            rows = self._execute(
                f"SELECT {COLUMNS} FROM versions WHERE article_id = ? ORDER BY number DESC",
                (row[0],),
            ).fetchall()
        return history_of(article, rebuilt(article, rows), url=row[1])

    def check(self) -> Iterator[CheckStep]:
        from revtrack.store.checking import check

        return check(self)

    def search(self, words: Sequence[str]) -> Sequence[tuple[str, int]]:
        with self._errors(), self._transaction(lock=False):
            chosen: set[int] | None = None  # (no word to look up: every article may hold it)
            for word in words:
                rows = self._execute(self.SEARCH, (self._search_query(word),)).fetchall()
                held = {int(article_id) for (article_id,) in rows}
                chosen = held if chosen is None else chosen & held
                if not chosen:
                    return []
            found = "SELECT a.key, v.number FROM versions v JOIN articles a ON a.id = v.article_id"
            if chosen is None:
                rows = self._execute(found).fetchall()
            else:
                ids, rows = sorted(chosen), []
                for start in range(0, len(ids), CACHE_BATCH):
                    chunk = ids[start : start + CACHE_BATCH]
                    where = f" WHERE a.id IN ({', '.join('?' * len(chunk))})"
                    rows += self._execute(found + where, chunk).fetchall()
        return sorted((str(key), int(number)) for key, number in rows)

    # --- the cache of derived data ------------------------------------------------------

    def derived(self, keys: Sequence[bytes]) -> Mapping[bytes, bytes]:
        found: dict[bytes, bytes] = {}
        with contextlib.suppress(StoreError), self._errors():
            for start in range(0, len(keys), CACHE_BATCH):
                chunk = keys[start : start + CACHE_BATCH]
                rows = self._execute(
                    f"SELECT key, value FROM derived WHERE key IN ({', '.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
                found.update((_blob(key), _blob(value)) for key, value in rows)
        return found

    def save_derived(self, rows: Mapping[bytes, bytes], *, replace: Collection[bytes] = ()) -> None:
        if not rows or not self._may_cache():
            return
        # One order for every writer, so that two that write the same rows never wait for
        # each other in turn.
        items = sorted(rows.items())
        with contextlib.suppress(StoreError), self._errors(), self._cache_transaction():
            for start in range(0, len(items), CACHE_BATCH // 2):
                chunk = items[start : start + CACHE_BATCH // 2]
                self._execute(
                    f"INSERT INTO derived (key, value) VALUES {', '.join(['(?, ?)'] * len(chunk))} "
                    "ON CONFLICT (key) DO NOTHING",
                    [field for row in chunk for field in row],
                )
            for key in sorted(set(replace) & rows.keys()):
                self._execute("UPDATE derived SET value = ? WHERE key = ?", (rows[key], key))

    def _may_cache(self) -> bool:
        """Whether the cache may be written here (not in a store opened read-only)."""
        return True

    def _cache_transaction(self) -> contextlib.AbstractContextManager[None]:
        """The transaction that writes rows of the cache: one that does not wait long for
        another writer (the rows are kept another time)."""
        return self._transaction()

    @abstractmethod
    def _integrity(self) -> tuple[str, list[str]]:
        """The database's own check of its pages and indexes: how it checked (for people),
        and what it found wrong (nothing when all is well)."""


def builtin_names(value: object) -> frozenset[str]:
    """The names of the built-in ignore rules turned off, from their setting (if saved)."""
    names = [] if value is None else json.loads(str(value))
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ValueError("the disabled built-in rules are not a list of names")
    return frozenset(names)


def _in_order(previous: Version, observed: datetime, *, given: bool) -> datetime:
    """The time of a new version after ``previous``: a clock that went back is held at the
    latest version's time; a given time before it is refused."""
    if observed >= previous.observed_at:
        return observed
    if not given:
        return previous.observed_at
    raise InputError(
        f"{previous.article}@{previous.number} was observed at "
        f"{show_time(previous.observed_at)}, after the given time "
        f"{show_time(observed)}: add versions in the order they were observed"
    )


def newer_schema(name: str, version: int) -> StoreError:
    return StoreError(
        f"store {name} was written by a newer revtrack (schema {version}); "
        "upgrade revtrack to use it"
    )


def check_tables(
    name: str,
    migrations: Sequence[Sequence[Statement]],
    version: int,
    present: Iterable[str],
    optional: Collection[str] = DISPOSABLE,
) -> None:
    """Raise :class:`StoreError` if a table that the first ``version`` ``migrations`` create is
    not ``present`` (unless it is ``optional``): a store whose tables were dropped is damaged,
    never taken for a new one (and never silently created again)."""
    expected = [
        match.group(1)
        for step in migrations[:version]
        for statement in step
        if isinstance(statement, str)
        and (match := re.match(r"\s*CREATE TABLE (\w+)", statement))
        and match.group(1) not in optional
    ]
    gone = [table for table in expected if table not in set(present)]
    if gone:
        tables = ", ".join(gone)
        raise StoreError(
            f"store {name} is damaged: its table{'s' * (len(gone) > 1)} {tables} "
            f"{'are' if len(gone) > 1 else 'is'} missing (dropped?); restore it from a backup"
        )


def _unknown(article: str) -> NotFoundError:
    return NotFoundError(f"unknown article {article!r} (revtrack list shows the articles)")


def _blob(value: object) -> bytes:
    """A BLOB as bytes; anything else, damage, as no bytes (a row that cannot be read)."""
    return bytes(value) if isinstance(value, bytes | bytearray | memoryview) else b""


def _iso_or_none(moment: datetime | None) -> str | None:
    return None if moment is None else to_iso(moment)


def _moment_or_none(value: object) -> datetime | None:
    return None if value is None else _moment(value)


#: An article's tracking state, with its name, its URL and its feed's.
TRACKING = (
    "SELECT a.key, a.url, t.interval_seconds, t.next_check, t.last_checked, t.last_changed, "
    "t.etag, t.last_modified, t.failures, t.last_error, t.stopped, f.url, t.paused_at "
    "FROM tracking t JOIN articles a ON a.id = t.article_id LEFT JOIN feeds f ON f.id = t.feed_id"
)


def tracking_of(row: Sequence[object]) -> Tracking:
    key, url, interval, next_check, checked, changed, etag, modified, failures, error = row[:10]
    stopped, feed, paused = row[10:13]
    return Tracking(
        article=str(key),
        url=str(url),
        interval=timedelta(seconds=float(str(interval))),
        next_check=_moment(next_check),
        last_checked=_moment_or_none(checked),
        last_changed=_moment_or_none(changed),
        etag=None if etag is None else str(etag),
        last_modified=None if modified is None else str(modified),
        failures=int(str(failures)),
        last_error=None if error is None else str(error),
        stopped=bool(stopped),
        feed=None if feed is None else str(feed),
        paused=paused is not None,
    )
