"""The embedded store: one SQLite file.

WAL mode and a busy timeout let overlapping runs wait for each other; every write is one
``BEGIN IMMEDIATE`` transaction, so a crash or a concurrent writer never leaves half a version.
The schema version is kept in ``PRAGMA user_version`` and raised by numbered migrations.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Self

from revtrack import refs
from revtrack.errors import InputError, NotFoundError, StoreError, UsageError
from revtrack.models import (
    AddResult,
    AddStatus,
    Article,
    Feed,
    IgnoreRule,
    Snapshot,
    Tracking,
    Version,
)
from revtrack.store import codec
from revtrack.text import content_hash, count_words
from revtrack.times import from_iso, now, show_time, to_iso

#: Marks the file as a revtrack store ("rvtk"), so another SQLite file is never mistaken for one.
APPLICATION_ID = 0x7276746B
BUSY_TIMEOUT_SECONDS = 30.0

#: Numbered schema steps, each a list of statements; step N brings a store from user_version
#: N-1 to N. Never edit a step that has shipped: add a new one.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE versions (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            number INTEGER NOT NULL CHECK (number >= 1),
            observed_at TEXT NOT NULL,
            hash TEXT NOT NULL,
            source TEXT NOT NULL,
            title TEXT,
            byte_count INTEGER NOT NULL,
            word_count INTEGER NOT NULL,
            revert_of INTEGER,
            metadata TEXT NOT NULL DEFAULT '{}',
            codec TEXT NOT NULL,
            body BLOB NOT NULL,
            UNIQUE (article_id, number)
        )
        """,
        "CREATE INDEX versions_by_hash ON versions (article_id, hash)",
    ),
    (
        "ALTER TABLE articles ADD COLUMN url TEXT",
        "CREATE UNIQUE INDEX articles_by_url ON articles (url) WHERE url IS NOT NULL",
        """
        CREATE TABLE feeds (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            added_at TEXT NOT NULL,
            last_checked TEXT,
            etag TEXT,
            last_modified TEXT,
            last_error TEXT
        )
        """,
        """
        CREATE TABLE tracking (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id),
            interval_seconds REAL NOT NULL,
            next_check TEXT NOT NULL,
            last_checked TEXT,
            last_changed TEXT,
            etag TEXT,
            last_modified TEXT,
            failures INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            stopped INTEGER NOT NULL DEFAULT 0,
            feed_id INTEGER REFERENCES feeds(id)
        )
        """,
        "CREATE INDEX tracking_by_next_check ON tracking (stopped, next_check)",
    ),
    ("ALTER TABLE feeds ADD COLUMN unfollowed_at TEXT",),
    (
        """
        CREATE TABLE ignore_rules (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            pattern TEXT NOT NULL,
            article_id INTEGER REFERENCES articles(id),
            site TEXT,
            created_at TEXT NOT NULL,
            CHECK (article_id IS NULL OR site IS NULL)
        )
        """,
        "CREATE UNIQUE INDEX ignore_rules_by_scope "
        "ON ignore_rules (coalesce(article_id, 0), coalesce(site, ''), pattern)",
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)

#: The settings key of the built-in ignore rules turned off (a JSON list of names).
_DISABLED_BUILTINS = "disabled_builtins"

_COLUMNS = (
    "number, observed_at, hash, source, title, byte_count, word_count, revert_of, metadata, "
    "codec, body"
)


@contextlib.contextmanager
def _errors(path: str) -> Iterator[None]:
    """Turn SQLite's exceptions into :class:`StoreError` with a message for people."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        message = str(exc)
        if "locked" in message or "busy" in message:
            raise StoreError(f"store {path} is busy: another revtrack is writing to it") from exc
        if "readonly" in message or "unable to open" in message:
            raise StoreError(f"cannot write to store {path}: {message}") from exc
        raise StoreError(f"store {path} cannot be used: {message}") from exc
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"store {path} is damaged or not a revtrack store: {exc}") from exc


class SqliteStore:
    """A :class:`~revtrack.store.Store` in one SQLite file (or ``:memory:``)."""

    def __init__(self, connection: sqlite3.Connection, name: str) -> None:
        self._db = connection
        self._name = name

    @classmethod
    def open(cls, path: Path | str, *, write: bool = True) -> SqliteStore:
        """Open or create a store; ``":memory:"`` gives a store that lives in memory."""
        name = str(path)
        if name != ":memory:":
            location = Path(path)
            if location.is_dir():
                raise StoreError(f"store {name} is a directory, not a store file")
            if not location.exists():
                if not write:
                    name = ":memory:"  # nothing stored yet: read as empty, create nothing
                else:
                    try:
                        location.parent.mkdir(parents=True, exist_ok=True)
                    except OSError as exc:
                        raise StoreError(
                            f"cannot create store {name}: {exc.strerror or exc}"
                        ) from exc
        with _errors(str(path)):
            connection = sqlite3.connect(name, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        store = cls(connection, str(path))
        try:
            if not store._prepare(write or name == ":memory:"):
                connection.close()  # an empty file, only to be read: create nothing
                return cls.open(":memory:", write=False)
        except BaseException:
            connection.close()
            raise
        return store

    def _prepare(self, write: bool) -> bool:
        """Check and migrate the schema; False for an empty database that is only read."""
        with _errors(self._name):
            self._db.execute("PRAGMA foreign_keys = ON")
            with self._transaction(lock=False):  # one consistent look at the header
                version = self._schema_version()
            if version < SCHEMA_VERSION:
                if not write and version == 0:
                    return False
                self._migrate()
            if write:
                self._use_wal()
        return True

    def _schema_version(self) -> int:
        """The schema version, after checking that this is a revtrack store we can read."""
        app_id = int(self._db.execute("PRAGMA application_id").fetchone()[0])
        version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
        has_tables = bool(self._db.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0])
        if app_id != APPLICATION_ID and (app_id != 0 or has_tables):
            raise StoreError(f"{self._name} is not a revtrack store")
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"store {self._name} was written by a newer revtrack (schema {version}); "
                "upgrade revtrack to use it"
            )
        return version

    def _migrate(self) -> None:
        with self._transaction():
            version = self._schema_version()  # again, locked: another process may have migrated
            if version == 0:
                self._db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            for step in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[step]:
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {step + 1}")

    def _use_wal(self) -> None:
        """Switch to write-ahead logging, waiting while another connection holds a lock."""
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        while self._db.execute("PRAGMA journal_mode").fetchone()[0] not in ("wal", "memory"):
            try:
                self._db.execute("PRAGMA journal_mode = WAL")
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    @contextlib.contextmanager
    def _transaction(self, *, lock: bool = True) -> Iterator[None]:
        """One transaction: locked for writing, or a consistent snapshot for reading."""
        self._db.execute("BEGIN IMMEDIATE" if lock else "BEGIN")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # --- the Store protocol -----------------------------------------------------------

    def add(
        self,
        article: str,
        snapshot: Snapshot,
        observed_at: datetime | None = None,
        *,
        url: str | None = None,
        tracking: Tracking | None = None,
    ) -> AddResult:
        text = snapshot.text
        data = text.encode("utf-8")
        digest = content_hash(data)
        with _errors(self._name), self._transaction():
            observed = observed_at or now()
            row = self._article_row(article, url)
            if row is None:
                article = self._free_name(article)
                article_id = int(
                    self._db.execute(
                        "INSERT INTO articles (key, created_at, url) VALUES (?, ?, ?)",
                        (article, to_iso(observed), url),
                    ).lastrowid
                    or 0
                )
            else:
                article_id, article = row
            if url is not None and tracking is not None:
                self._save_tracking(article_id, tracking)
            latest = self._db.execute(
                f"SELECT {_COLUMNS} FROM versions WHERE article_id = ? "
                "ORDER BY number DESC LIMIT 1",
                (article_id,),
            ).fetchone()
            if latest is not None:
                previous = self._version(article, latest, codec.decompress(latest[-1]))
                if previous.hash == digest:
                    return AddResult(AddStatus.UNCHANGED, previous)
                if observed < previous.observed_at and observed_at is None:
                    observed = previous.observed_at  # the clock went back: keep the order
                elif observed < previous.observed_at:
                    raise InputError(
                        f"{article}@{previous.number} was observed at "
                        f"{show_time(previous.observed_at)}, after the given time "
                        f"{show_time(observed)}: add versions in the order they were observed"
                    )
            revert = self._db.execute(
                "SELECT min(number) FROM versions WHERE article_id = ? AND hash = ?",
                (article_id, digest),
            ).fetchone()[0]
            version = Version(
                article=article,
                number=1 if latest is None else previous.number + 1,
                observed_at=observed,
                hash=digest,
                source=snapshot.source,
                byte_count=len(data),
                word_count=count_words(text),
                text=text,
                revert_of=revert,
                title=snapshot.title,
                metadata=MappingProxyType(dict(snapshot.metadata)),
            )
            self._db.execute(
                "INSERT INTO versions (article_id, number, observed_at, hash, source, title, "
                "byte_count, word_count, revert_of, metadata, codec, body) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article_id,
                    version.number,
                    to_iso(observed),
                    digest,
                    version.source,
                    version.title,
                    version.byte_count,
                    version.word_count,
                    revert,
                    json.dumps(dict(version.metadata), sort_keys=True),
                    codec.WHOLE,
                    codec.compress(data),
                ),
            )
            if latest is not None:
                kind = codec.codec_for(previous.number)
                base = data if kind == codec.AGAINST_NEXT else None
                body = codec.compress(previous.text.encode("utf-8"), base)
                self._db.execute(
                    "UPDATE versions SET codec = ?, body = ? WHERE article_id = ? AND number = ?",
                    (kind, body, article_id, previous.number),
                )
            return AddResult(AddStatus.ADDED, version, previous if latest is not None else None)

    def _article_row(self, article: str, url: str | None) -> tuple[int, str] | None:
        """The id and name of an article: by its URL when it has one, else by its name."""
        if url is not None:
            row = self._db.execute("SELECT id, key FROM articles WHERE url = ?", (url,)).fetchone()
        else:
            row = self._db.execute(
                "SELECT id, key FROM articles WHERE key = ?", (article,)
            ).fetchone()
        return None if row is None else (int(row[0]), str(row[1]))

    def _free_name(self, name: str) -> str:
        """``name``, or ``name-2``, ``name-3``... if another article has it."""
        taken = {
            str(r[0])
            for r in self._db.execute(
                "SELECT key FROM articles WHERE key = ? OR substr(key, 1, ?) = ?",
                (name, len(name) + 1, name + "-"),
            )
        }
        candidate, number = name, 1
        while candidate in taken:
            number += 1
            candidate = f"{name}-{number}"
        return candidate

    def _save_tracking(self, article_id: int, tracking: Tracking) -> None:
        feed_id = None
        if tracking.feed is not None:
            row = self._db.execute(
                "SELECT id FROM feeds WHERE url = ?", (tracking.feed,)
            ).fetchone()
            feed_id = None if row is None else row[0]
        self._db.execute(
            "INSERT INTO tracking (article_id, interval_seconds, next_check, last_checked, "
            "last_changed, etag, last_modified, failures, last_error, stopped, feed_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET "
            "interval_seconds = excluded.interval_seconds, next_check = excluded.next_check, "
            "last_checked = excluded.last_checked, last_changed = excluded.last_changed, "
            "etag = excluded.etag, last_modified = excluded.last_modified, "
            "failures = excluded.failures, last_error = excluded.last_error, "
            "stopped = excluded.stopped, feed_id = coalesce(excluded.feed_id, feed_id)",
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
                int(tracking.stopped),
                feed_id,
            ),
        )

    # --- tracking by URL ---------------------------------------------------------------

    def find_url(self, url: str) -> str | None:
        with _errors(self._name):
            row = self._db.execute("SELECT key FROM articles WHERE url = ?", (url,)).fetchone()
        return None if row is None else str(row[0])

    def tracked(self) -> Sequence[Tracking]:
        with _errors(self._name):
            rows = self._db.execute(
                "SELECT a.key, a.url, t.interval_seconds, t.next_check, t.last_checked, "
                "t.last_changed, t.etag, t.last_modified, t.failures, t.last_error, t.stopped, "
                "f.url FROM tracking t JOIN articles a ON a.id = t.article_id "
                "LEFT JOIN feeds f ON f.id = t.feed_id ORDER BY t.next_check, a.key"
            ).fetchall()
        try:
            return [_tracking(row) for row in rows]
        except (ValueError, TypeError) as exc:
            raise StoreError(f"store {self._name} is damaged: {exc}") from exc

    def update_tracking(self, tracking: Tracking) -> None:
        with _errors(self._name), self._transaction():
            row = self._article_row(tracking.article, tracking.url)
            if row is None:
                raise NotFoundError(f"unknown article {tracking.article!r}")
            self._save_tracking(row[0], tracking)

    def follow(self, feed: str, at: datetime) -> bool:
        with _errors(self._name), self._transaction():
            cursor = self._db.execute(
                "INSERT INTO feeds (url, added_at) VALUES (?, ?) ON CONFLICT (url) DO UPDATE "
                "SET unfollowed_at = NULL, last_error = NULL WHERE unfollowed_at IS NOT NULL",
                (feed, to_iso(at)),
            )
            return cursor.rowcount > 0

    def unfollow(self, feed: str, at: datetime) -> bool:
        with _errors(self._name), self._transaction():
            cursor = self._db.execute(
                "UPDATE feeds SET unfollowed_at = ? WHERE url = ? AND unfollowed_at IS NULL",
                (to_iso(at), feed),
            )
            return cursor.rowcount > 0

    def feeds(self) -> Sequence[Feed]:
        with _errors(self._name):
            rows = self._db.execute(
                "SELECT url, added_at, last_checked, etag, last_modified, last_error "
                "FROM feeds WHERE unfollowed_at IS NULL ORDER BY url"
            ).fetchall()
        return [
            Feed(
                url=str(url),
                added=from_iso(str(added)),
                last_checked=_time_or_none(checked),
                etag=etag,
                last_modified=modified,
                last_error=error,
            )
            for url, added, checked, etag, modified, error in rows
        ]

    def update_feed(self, feed: Feed) -> None:
        with _errors(self._name), self._transaction():
            self._db.execute(
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
        with _errors(self._name):
            rows = self._db.execute(
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
        with _errors(self._name), self._transaction():
            article_id = None
            if rule.article is not None:
                row = self._article_row(rule.article, None)
                if row is None:
                    raise _unknown(rule.article)
                article_id = row[0]
            self._db.execute(
                "INSERT INTO ignore_rules (pattern, article_id, site, created_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (rule.pattern, article_id, rule.site, to_iso(at)),
            )
            (saved,) = self._ignore_rules(
                "WHERE r.pattern = ? AND r.article_id IS ? AND r.site IS ?",
                rule.pattern,
                article_id,
                rule.site,
            )
            return saved

    def remove_ignore_rule(self, id: int) -> IgnoreRule | None:
        with _errors(self._name), self._transaction():
            found = self._ignore_rules("WHERE r.id = ?", id)
            self._db.execute("DELETE FROM ignore_rules WHERE id = ?", (id,))
        return found[0] if found else None

    def disabled_builtins(self) -> frozenset[str]:
        with _errors(self._name):
            row = self._db.execute(
                "SELECT value FROM settings WHERE key = ?", (_DISABLED_BUILTINS,)
            ).fetchone()
        try:
            names = [] if row is None else json.loads(str(row[0]))
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                raise ValueError("the disabled built-in rules are not a list of names")
        except ValueError as exc:
            raise StoreError(f"store {self._name} is damaged: {exc}") from exc
        return frozenset(names)

    def set_builtins(self, names: frozenset[str]) -> None:
        with _errors(self._name), self._transaction():
            self._db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (_DISABLED_BUILTINS, json.dumps(sorted(names))),
            )

    # --- articles and versions ---------------------------------------------------------

    def articles(self) -> Sequence[Article]:
        return self._articles("")

    def article(self, article: str) -> Article:
        for found in self._articles("WHERE a.key = ?", article):
            return found
        raise _unknown(article)

    def _articles(self, where: str, *args: object) -> list[Article]:
        with _errors(self._name):
            rows = self._db.execute(
                "SELECT a.key, count(*), min(v.observed_at), max(v.observed_at), "
                "(SELECT title FROM versions WHERE article_id = a.id "
                " ORDER BY number DESC LIMIT 1), a.url "
                f"FROM articles a JOIN versions v ON v.article_id = a.id {where} "
                "GROUP BY a.id ORDER BY a.key",
                args,
            ).fetchall()
        try:
            return [
                Article(
                    key=key,
                    version_count=count,
                    first_observed=from_iso(first),
                    last_observed=from_iso(last),
                    title=title,
                    url=url,
                )
                for key, count, first, last, title, url in rows
            ]
        except (ValueError, TypeError) as exc:
            raise StoreError(f"store {self._name} is damaged: {exc}") from exc

    def version(self, article: str, rev: int) -> Version:
        return self.versions(article, [rev])[0]

    def versions(self, article: str, revs: Sequence[int]) -> list[Version]:
        with _errors(self._name), self._transaction(lock=False):
            count = self.article(article).version_count
            return [self._load(article, refs.resolve(article, rev, count)) for rev in revs]

    def _load(self, article: str, number: int) -> Version:
        """Rebuild one version: decompress from the next whole version down to it."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM versions JOIN articles a ON a.id = article_id "
            "WHERE a.key = ? AND number >= ? AND number <= ("
            "  SELECT min(number) FROM versions JOIN articles b ON b.id = article_id "
            "  WHERE b.key = ? AND number >= ? AND codec != ?) "
            "ORDER BY number DESC",
            (article, number, article, number, codec.AGAINST_NEXT),
        ).fetchall()
        if not rows:
            raise StoreError(f"{article}@{number} is damaged: no whole version follows it")
        *_, (row, data) = self._texts(article, rows)  # the chain ends at the version asked for
        return self._version(article, row, data)

    def history(self, article: str) -> Sequence[Version]:
        with _errors(self._name), self._transaction(lock=False):
            self.article(article)
            rows = self._db.execute(
                f"SELECT {_COLUMNS} FROM versions JOIN articles a ON a.id = article_id "
                "WHERE a.key = ? ORDER BY number DESC",
                (article,),
            ).fetchall()
            newest_first = [
                self._version(article, r, data) for r, data in self._texts(article, rows)
            ]
        return newest_first[::-1]

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- rows to versions -------------------------------------------------------------

    def _texts(
        self, article: str, rows: Sequence[Sequence[object]]
    ) -> Iterator[tuple[Sequence[object], bytes]]:
        """Each row, newest first, with its text as bytes, decompressed against the one before."""
        following: tuple[int, bytes] | None = None
        for row in rows:
            number, kind, body = row[0], row[-2], row[-1]
            if not isinstance(number, int) or not isinstance(body, bytes):
                raise StoreError(f"{article}: a version row is damaged")
            if kind == codec.AGAINST_NEXT:
                if following is None or following[0] != number + 1:
                    raise StoreError(
                        f"{article}@{number} is damaged: the version after it is missing"
                    )
                data = codec.decompress(body, following[1])
            elif kind == codec.WHOLE:
                data = codec.decompress(body)
            else:
                raise StoreError(f"{article}@{number} is stored with an unknown codec {kind!r}")
            following = (number, data)
            yield row, data

    def _version(self, article: str, row: Sequence[object], data: bytes) -> Version:
        """A version from its row and its decompressed text, checked against its hash."""
        number, observed, digest, source, title, size, words, revert, meta = row[:9]
        if content_hash(data) != digest:
            raise StoreError(f"{article}@{number} is damaged: its text does not match its hash")
        try:
            metadata = json.loads(str(meta))
            if not isinstance(metadata, dict):
                raise ValueError("metadata is not an object")
            return Version(
                article=article,
                number=int(str(number)),
                observed_at=from_iso(str(observed)),
                hash=str(digest),
                source=str(source),
                byte_count=int(str(size)),
                word_count=int(str(words)),
                text=data.decode("utf-8"),
                revert_of=None if revert is None else int(str(revert)),
                title=None if title is None else str(title),
                metadata=MappingProxyType(metadata),
            )
        except ValueError as exc:  # also bad JSON, times and UTF-8
            raise StoreError(f"{article}@{number} is damaged: {exc}") from exc


def _unknown(article: str) -> NotFoundError:
    return NotFoundError(f"unknown article {article!r} (revtrack list shows the articles)")


def _iso_or_none(moment: datetime | None) -> str | None:
    return None if moment is None else to_iso(moment)


def _time_or_none(text: object) -> datetime | None:
    return None if text is None else from_iso(str(text))


def _tracking(row: Sequence[object]) -> Tracking:
    key, url, interval, next_check, checked, changed, etag, modified, failures, error = row[:10]
    stopped, feed = row[10:12]
    return Tracking(
        article=str(key),
        url=str(url),
        interval=timedelta(seconds=float(str(interval))),
        next_check=from_iso(str(next_check)),
        last_checked=_time_or_none(checked),
        last_changed=_time_or_none(changed),
        etag=None if etag is None else str(etag),
        last_modified=None if modified is None else str(modified),
        failures=int(str(failures)),
        last_error=None if error is None else str(error),
        stopped=bool(stopped),
        feed=None if feed is None else str(feed),
    )
