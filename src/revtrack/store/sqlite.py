"""The embedded store: one SQLite file.

WAL mode and a busy timeout let overlapping runs wait for each other; every write is one
``BEGIN IMMEDIATE`` transaction, so a crash or a concurrent writer never leaves half a version.
The schema version is kept in ``PRAGMA user_version`` and raised by numbered migrations. What
the store does with its tables is :mod:`revtrack.store.sql`'s, shared with PostgreSQL.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from revtrack.errors import StoreError
from revtrack.store.sql import SqlStore, newer_schema

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
    # A refresh worker's claim on an article it is checking, and until when it holds.
    (
        "ALTER TABLE tracking ADD COLUMN claimed_by TEXT",
        "ALTER TABLE tracking ADD COLUMN claimed_until TEXT",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


@contextlib.contextmanager
def _sqlite_errors(path: str) -> Iterator[None]:
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


class SqliteStore(SqlStore):
    """A :class:`~revtrack.store.Store` in one SQLite file (or ``:memory:``)."""

    #: A writer takes the database's write lock at once, so the whole store is its own until
    #: it commits (others wait, up to the busy timeout).
    BEGIN_WRITE = "BEGIN IMMEDIATE"

    def __init__(self, connection: sqlite3.Connection, name: str) -> None:
        super().__init__(name)
        self._db = connection

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
        with _sqlite_errors(str(path)):
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
        with self._errors():
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
            raise newer_schema(self._name, version)
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

    # --- the hooks of SqlStore -----------------------------------------------------------

    def _execute(self, sql: str, params: Sequence[object] = ()) -> sqlite3.Cursor:
        return self._db.execute(sql, params)

    def _insert(self, sql: str, params: Sequence[object]) -> int:
        return int(self._db.execute(sql, params).lastrowid or 0)

    def _errors(self) -> contextlib.AbstractContextManager[None]:
        return _sqlite_errors(self._name)

    def _lock_new_articles(self) -> None:
        pass  # a writer holds the whole store already (BEGIN IMMEDIATE)

    def close(self) -> None:
        self._db.close()
