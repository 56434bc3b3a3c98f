"""The embedded store: one SQLite file.

WAL mode and a busy timeout let overlapping runs wait for each other; every write is one
``BEGIN IMMEDIATE`` transaction, so a crash or a concurrent writer never leaves half a version.
The schema version is kept in ``PRAGMA user_version`` and raised by numbered migrations. What
the store does with its tables is :mod:`revtrack.store.sql`'s, shared with PostgreSQL.

A store file is opened, never created, by its URI (``mode=rw``); a new one is made whole
beside its place and linked into it, so that a file of 0 bytes is never a store revtrack made
but one truncated, and a store whose journal files outlive it was deleted: both are errors,
never replaced by a new store. A reader that may not write the file, or the directory its
shared memory goes in (read-only media, another user's store), opens it read-only, as an
immutable file when no writer has it open.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sqlite3
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from revtrack.errors import MissingStoreError, StoreError
from revtrack.store import deferred, index
from revtrack.store.rebuild import HASH_PREFIX
from revtrack.store.sql import (
    DISPOSABLE,
    Cursor,
    SqlStore,
    Statement,
    check_tables,
    newer_schema,
)

#: Marks the file as a revtrack store ("rvtk"), so another SQLite file is never mistaken for one.
APPLICATION_ID = 0x7276746B
BUSY_TIMEOUT_SECONDS = 30.0
#: How long a command that keeps rows of the cache of derived data waits for another writer
#: (the rows are kept another time).
CACHE_TIMEOUT_MS = 200
#: The page size of a new store (SQLite's default is 4096). Most rows are small (a version
#: compressed against the next is some 100-300 bytes with its columns), and each table and
#: index takes a page even when empty: small pages leave less of each unused. A text stored
#: whole runs on in overflow pages, filled but for the last. Stores made with another page
#: size keep it.
PAGE_SIZE = 512


def _hashes_to_bytes(store: SqlStore) -> None:
    """Keep the hash of each version stored before as the bytes of its digest (a hash that is
    not one, damaged, is left as it is: ``check`` names it)."""
    rows = store._execute("SELECT id, hash FROM versions WHERE typeof(hash) = 'text'").fetchall()
    for version_id, digest in rows:
        if re.fullmatch(r"sha256:[0-9a-f]{64}", str(digest)):
            store._execute(
                "UPDATE versions SET hash = ? WHERE id = ?",
                (bytes.fromhex(digest.removeprefix(HASH_PREFIX)), version_id),
            )


#: Numbered schema steps, each a list of statements; step N brings a store from user_version
#: N-1 to N. Never edit a step that has shipped: add a new one.
MIGRATIONS: tuple[tuple[Statement, ...], ...] = (
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
    # Reverts are found among an article's own versions (by its rows in number order): an
    # index of every hash cost a tenth of a store's size and saved nothing that shows.
    ("DROP INDEX versions_by_hash",),
    # The cache of derived data (revtrack.cache): the notes of each version, each version
    # compared with the one before, the ignore rules that match in each text, under keys of
    # what decides them. Rows that may be lost or thrown away at any time.
    ("CREATE TABLE derived (key BLOB PRIMARY KEY, value BLOB NOT NULL)",),
    # The search index (revtrack.store.index): each version's words, under its id, in an FTS5
    # table that keeps no copy of the text (content='') and no positions (detail=none): the
    # texts are checked after. Filled here with the versions stored before it.
    (
        "CREATE VIRTUAL TABLE version_words USING fts5(words, content='', detail=none, "
        "columnsize=0, tokenize='ascii')",
        index.fill,
    ),
    # Raw captures (revtrack.raw): the bytes of each page as received, once per content hash,
    # compressed as a text stored alone (store.codec); and each version fetched from a URL
    # tied to its capture, with the facts of its response (keyed by the version's id without a
    # foreign key, as the search index is: versions are never removed, and `check` names facts
    # of a version that does not exist). Versions stored before have none.
    (
        """
        CREATE TABLE captures (
            hash TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            codec TEXT NOT NULL,
            body BLOB NOT NULL
        )
        """,
        """
        CREATE TABLE version_captures (
            version_id INTEGER PRIMARY KEY,
            capture TEXT NOT NULL REFERENCES captures(hash),
            url TEXT NOT NULL,
            status INTEGER NOT NULL,
            reason TEXT NOT NULL,
            protocol TEXT NOT NULL,
            headers TEXT NOT NULL,
            fetched_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX version_captures_by_capture ON version_captures (capture)",
    ),
    # Alerts (revtrack.alerts): where changes are sent, at which scope and from which
    # severity on; and the messages not delivered yet, each with its URL (a target of one
    # refresh has no row), its attempts and last error, and the claim of the refresh that is
    # delivering it.
    (
        """
        CREATE TABLE alert_targets (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            url TEXT NOT NULL,
            article_id INTEGER REFERENCES articles(id),
            site TEXT,
            min_severity TEXT NOT NULL CHECK (min_severity IN ('typo', 'minor', 'substantive')),
            created_at TEXT NOT NULL,
            CHECK (article_id IS NULL OR site IS NULL)
        )
        """,
        "CREATE UNIQUE INDEX alert_targets_by_scope "
        "ON alert_targets (coalesce(article_id, 0), coalesce(site, ''), url)",
        """
        CREATE TABLE alert_queue (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            target_id INTEGER REFERENCES alert_targets(id),
            url TEXT NOT NULL,
            article TEXT NOT NULL,
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            queued_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            claimed_by TEXT,
            claimed_until TEXT
        )
        """,
    ),
    # An article paused by its user (`revtrack pause`): since when; never due until resumed.
    ("ALTER TABLE tracking ADD COLUMN paused_at TEXT",),
    # The cache of derived data and the settings, each in the b-tree of its key alone (WITHOUT
    # ROWID): a table of rows and an index of their keys took the room of each key twice, and
    # a page more each in a store that has none. The cache's rows may be thrown away at any
    # time (revtrack.cache works them out again); the settings are kept.
    (
        "DROP TABLE derived",
        "CREATE TABLE derived (key BLOB PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID",
        "ALTER TABLE settings RENAME TO settings_before",
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
        "INSERT INTO settings (key, value) SELECT key, value FROM settings_before",
        "DROP TABLE settings_before",
    ),
    # The text of each version stored whole (the newest, and every keyframe), by its version's
    # id, whose row keeps an empty body (see SqlStore._insert_version): the rows that become
    # differences grow in place and fill their pages. Rows written before keep their texts.
    ("CREATE TABLE whole_texts (version_id INTEGER PRIMARY KEY, body BLOB NOT NULL)",),
    # The tables of features a store may never use are made when first written (see
    # revtrack.store.deferred): those that are empty are dropped. A step after this one that
    # changes one of them must allow for its absence.
    (deferred.drop_empty,),
    # Each version's hash as the 32 bytes of its digest (SqliteStore._stored_hash), not 71
    # characters: with it, three rows of versions fit on a page where two did.
    (_hashes_to_bytes,),
)
#: From this schema on, the tables of revtrack.store.deferred may be missing: they are empty.
DEFERRED_FROM = next(n for n, step in enumerate(MIGRATIONS, 1) if deferred.drop_empty in step)
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
            raise _ReadOnly(path, _read_only(path, message)) from exc
        raise StoreError(f"store {path} cannot be used: {message}") from exc
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"store {path} is damaged or not a revtrack store: {exc}") from exc


class _ReadOnly(StoreError):
    """The store cannot be written (or its shared memory made) here: ``why``."""

    def __init__(self, path: str, why: str) -> None:
        super().__init__(f"cannot write to store {path}: {why}")
        self.why = why


def _read_only(path: str, message: str) -> str:
    """Why a store cannot be written, as far as the system says."""
    location = Path(path)
    if location.exists() and not os.access(location, os.R_OK):
        return "this user may not read it"
    try:
        if os.statvfs(location.parent).f_flag & os.ST_RDONLY:
            return "it is on a read-only file system"
    except (OSError, AttributeError):  # (no statvfs on Windows)
        pass
    if location.exists() and not os.access(location, os.W_OK):
        return "this user may read it but not write it"
    if not os.access(location.parent, os.W_OK):
        return f"this user may not write in its directory {location.parent}"
    return message


#: What SQLite keeps beside a database while it is open (or after a crash), and what a refresh
#: keeps beside it: one of these without the database is the trace of a store that was there.
TRACES = ("-wal", "-shm", "-journal", ".refresh-lock")


def _find(location: Path, *, create: bool) -> None:
    """Check that a store file is at ``location``, or create one there (``create``).

    A file of 0 bytes is never a store revtrack made (it makes a new one whole, see
    :func:`_create`): it is a store that was truncated, and is left as it is. A missing file
    whose traces (:data:`TRACES`) are still beside it is a store that was deleted; the two are
    errors for every command, and nothing is created in their place.
    """
    if location.is_dir():
        raise StoreError(f"store {location} is a directory, not a store file")
    try:
        size: int | None = location.stat().st_size
    except (FileNotFoundError, NotADirectoryError):
        size = None
    except OSError as exc:
        raise StoreError(f"cannot open store {location}: {exc.strerror or exc}") from exc
    if size == 0:
        raise StoreError(
            f"store {location} is empty (0 bytes): truncated? It is left as it is: restore it "
            "from a backup, or remove it to start a new store there"
        )
    if size is not None:
        return
    traces = [f"{location.name}{end}" for end in TRACES if Path(f"{location}{end}").exists()]
    if traces and location.exists():
        return  # made (whole) by another process since it was looked for, and opened there
    if traces:
        remain = "remain" if len(traces) > 1 else "remains"
        raise StoreError(
            f"store {location} is missing, but {', '.join(traces)} beside it {remain}: "
            "deleted? Restore it, or remove what remains to start a new store there"
        )
    if not create:
        raise MissingStoreError(
            str(location),
            "does not exist (nothing was added there yet, or it was moved or deleted)",
        )
    _create(location)


def _not_a_directory(path: Path) -> Path:
    """The first of ``path`` and its parents that is there and is not a directory."""
    for place in (*reversed(path.parents), path):
        if place.exists() and not place.is_dir():
            return place
    return path


def _create(location: Path) -> None:
    """Make a new, empty store at ``location``, whole at once: it is made beside it under
    another name and linked into place, so that nobody ever sees a store half made. Of two
    processes that make one at the same moment, the first to link it wins; the other's is
    thrown away. (On a file system without hard links it is made in place, as SQLite makes a
    database: another process that looks at that moment sees a file of 0 bytes.)"""
    try:
        location.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):  # (a file or a device where a directory is)
        raise StoreError(
            f"cannot create store {location}: {_not_a_directory(location.parent)} is not a "
            "directory"
        ) from None
    except OSError as exc:
        raise StoreError(f"cannot create store {location}: {exc.strerror or exc}") from exc
    import uuid  # (not at import: it loads platform, which compiles a dozen patterns)

    draft = location.with_name(f".{location.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.new")
    try:
        _build(draft, location)
        linked = _link(draft, location)
    except OSError as exc:
        raise StoreError(f"cannot create store {location}: {exc.strerror or exc}") from exc
    finally:
        for end in ("", "-wal", "-shm"):
            Path(f"{draft}{end}").unlink(missing_ok=True)
    if not linked:
        _build(location, location)


def _build(path: Path, location: Path) -> None:
    """Make the tables of a new store in the database file ``path`` (for ``location``)."""
    with _sqlite_errors(str(location)):
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        try:
            made = SqliteStore(connection, str(location))
            connection.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            # Pages a write frees (a keyframe's old text, merged parts of the search index)
            # go back to the file system at its commit, not onto a freelist kept in the file.
            connection.execute("PRAGMA auto_vacuum = FULL")
            made._migrate()
            made._use_wal()
        finally:
            connection.close()


def _link(draft: Path, location: Path) -> bool:
    """Put the store made at ``draft`` at ``location``, unless one is there already; False on
    a file system without hard links."""
    try:
        os.link(draft, location)
    except FileExistsError:
        pass  # another process made it first: that one is the store
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        return False
    return True


def _uri(location: Path, **options: str) -> str:
    """The URI that opens an existing database file (never creating one) as ``options`` say."""
    query = "&".join(f"{key}={value}" for key, value in options.items())
    return f"{location.resolve().as_uri()}?{query}"


class SqliteStore(SqlStore):
    """A :class:`~revtrack.store.Store` in one SQLite file (or ``:memory:``)."""

    #: A writer takes the database's write lock at once, so the whole store is its own until
    #: it commits (others wait, up to the busy timeout).
    BEGIN_WRITE = "BEGIN IMMEDIATE"
    INDEXED = "SELECT rowid FROM version_words WHERE version_words MATCH ? AND rowid = ?"
    SEARCH = (
        "SELECT DISTINCT v.article_id FROM version_words w JOIN versions v ON v.id = w.rowid "
        "WHERE version_words MATCH ?"
    )

    def __init__(
        self, connection: sqlite3.Connection, name: str, *, read_only: bool = False
    ) -> None:
        super().__init__(name)
        self._db = connection
        self._read_only = read_only  # opened read-only: nothing is written, not even the cache

    @classmethod
    def open(
        cls, path: Path | str, *, write: bool = True, create: bool | None = None
    ) -> SqliteStore:
        """Open a store; ``":memory:"`` gives a store that lives in memory.

        A store that does not exist is created by a writer (unless ``create`` is false), and
        is :class:`MissingStoreError` to a reader; an empty file, or the traces of a store
        deleted, are errors to both (see :func:`_find`). A reader opens a store it may not
        write read-only, and one on a read-only medium as an immutable file.
        """
        name = str(path)
        if name == ":memory:":
            return cls._connected(sqlite3.connect(name, isolation_level=None), name, write=True)
        location = Path(path)
        _find(location, create=write if create is None else create)
        if write or os.access(location, os.W_OK):
            try:
                return cls._connected(_connect(location, "rw"), name, write=write)
            except _ReadOnly:
                if write:
                    raise
        # Read-only to this user or on a read-only medium: a store with a writer at work is
        # read through its shared memory; one that nobody has open is read as it is on disk.
        shared = Path(f"{location}-shm").exists()
        try:
            connection = _connect(location, "ro", immutable=not shared)
            return cls._connected(connection, name, write=False, read_only=True)
        except _ReadOnly as exc:
            raise StoreError(f"cannot read store {name}: {exc.why}") from exc

    @classmethod
    def _connected(
        cls, connection: sqlite3.Connection, name: str, *, write: bool, read_only: bool = False
    ) -> SqliteStore:
        """A store on ``connection``, its schema checked (and migrated by a writer, or by a
        reader that may write)."""
        store = cls(connection, name, read_only=read_only)
        try:
            store._prepare(write)
        except BaseException:
            connection.close()
            raise
        return store

    def _prepare(self, write: bool) -> None:
        """Check the schema, and migrate it when it is older."""
        with self._errors():
            self._db.execute("PRAGMA foreign_keys = ON")
            with self._transaction(lock=False):  # one consistent look at the header
                version = self._schema_version()
            if version == 0 and not write:
                raise MissingStoreError(self._name, "holds no revtrack tables: nothing was added")
            if version < SCHEMA_VERSION:
                self._migrate()
            if write:
                self._use_wal()

    def _schema_version(self) -> int:
        """The schema version, after checking that this is a revtrack store we can read."""
        app_id = int(self._db.execute("PRAGMA application_id").fetchone()[0])
        version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
        tables = {
            str(name)
            for (name,) in self._db.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")
        }
        if app_id != APPLICATION_ID and (app_id != 0 or tables):
            raise StoreError(f"{self._name} is not a revtrack store")
        if version > SCHEMA_VERSION:
            raise newer_schema(self._name, version)
        optional = DISPOSABLE | set(deferred.TABLES) if version >= DEFERRED_FROM else DISPOSABLE
        check_tables(self._name, MIGRATIONS, version, tables, optional)
        return version

    def _migrate(self) -> None:
        try:
            with self._transaction():
                version = self._schema_version()  # again, locked: another process may have
                if version == 0:  # migrated
                    self._db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                for step in range(version, SCHEMA_VERSION):
                    for statement in MIGRATIONS[step]:
                        self._apply(statement)
                    self._db.execute(f"PRAGMA user_version = {step + 1}")
        except sqlite3.OperationalError as exc:
            if "readonly" not in str(exc) and "unable to open" not in str(exc):
                raise
            raise StoreError(
                f"store {self._name} was written by an earlier revtrack and must be upgraded "
                f"before it is read, which needs writing to it: "
                f"{_read_only(self._name, str(exc))}; run any revtrack command on it once as a "
                "user who may write it"
            ) from exc

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

    def _execute(self, sql: str, params: Sequence[object] = ()) -> Cursor:
        return self._run(sql, params)

    def _run(self, sql: str, params: Sequence[object]) -> sqlite3.Cursor | _NoRows:
        """Run a statement; a table made when first written (revtrack.store.deferred) that
        is not there yet reads as empty, and is made by a statement that writes to it."""
        empty: list[str] = []
        made: set[str] = set()
        while True:
            try:
                return self._db.execute(deferred.read_without(sql, empty) if empty else sql, params)
            except sqlite3.OperationalError as exc:
                table = deferred.missing_table(str(exc))
                if table is None or table in empty or table in made:
                    raise
                if deferred.reads(sql):
                    empty.append(table)
                elif deferred.finds_nothing(sql, table):
                    return _NoRows()
                else:
                    made.add(table)
                    for statement in deferred.group_of(table):
                        self._apply(statement)

    def _apply(self, statement: Statement) -> None:
        # SQLite keeps each CREATE statement's text in the schema, on pages of the store's own:
        # it keeps it without the indentation and line breaks of its source.
        super()._apply(" ".join(statement.split()) if isinstance(statement, str) else statement)

    def _stored_hash(self, digest: str) -> object:
        # (the 32 bytes of a SHA-256 digest; anything else, as it is)
        if digest.startswith(HASH_PREFIX) and len(digest) == len(HASH_PREFIX) + 64:
            return bytes.fromhex(digest.removeprefix(HASH_PREFIX))
        return digest

    def _insert(self, sql: str, params: Sequence[object]) -> int:
        return int(getattr(self._run(sql, params), "lastrowid", 0) or 0)

    def _errors(self) -> contextlib.AbstractContextManager[None]:
        return _sqlite_errors(self._name)

    def _index(self, version_id: int, words: Sequence[str]) -> None:
        self._db.execute(
            "INSERT INTO version_words (rowid, words) VALUES (?, ?)", (version_id, " ".join(words))
        )

    def _search_query(self, word: str) -> str:
        return index.fts_query(word)

    def _unindex(self, article_id: int) -> None:
        # A contentless FTS5 table forgets a row when told the words it was given.
        found = index.indexed(self, article_id)
        if found is None:  # a version cannot be rebuilt: its words are not known
            self._db.execute("INSERT INTO version_words (version_words) VALUES ('delete-all')")
            index.fill(self, leave=article_id, present=True)
            return
        for version_id, words in found:
            self._db.execute(
                "INSERT INTO version_words (version_words, rowid, words) VALUES ('delete', ?, ?)",
                (version_id, " ".join(words)),
            )

    def _lock_new_articles(self) -> None:
        pass  # a writer holds the whole store already (BEGIN IMMEDIATE)

    def _may_cache(self) -> bool:
        return not self._read_only

    @contextlib.contextmanager
    def _cache_transaction(self) -> Iterator[None]:
        self._db.execute(f"PRAGMA busy_timeout = {CACHE_TIMEOUT_MS}")
        try:
            with self._transaction():
                yield
        finally:
            self._db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")

    def _integrity(self) -> tuple[str, list[str]]:
        try:
            rows = self._db.execute("PRAGMA integrity_check").fetchall()
        except sqlite3.DatabaseError as exc:
            return INTEGRITY_CHECK, [str(exc)]
        return INTEGRITY_CHECK, [str(row[0]) for row in rows if row[0] != "ok"]

    def close(self) -> None:
        self._db.close()


class _NoRows:
    """What a statement that finds no row gives."""

    rowcount = 0

    def fetchone(self) -> None:
        return None

    def fetchall(self) -> list[object]:
        return []


#: How ``revtrack check`` has SQLite check its own pages and indexes.
INTEGRITY_CHECK = "SQLite's PRAGMA integrity_check"


def _connect(location: Path, mode: str, *, immutable: bool = False) -> sqlite3.Connection:
    """A connection to the existing database file at ``location`` (``rw`` or ``ro``)."""
    options = {"mode": mode} | ({"immutable": "1"} if immutable else {})
    with _sqlite_errors(str(location)):
        return sqlite3.connect(
            _uri(location, **options),
            uri=True,
            timeout=BUSY_TIMEOUT_SECONDS,
            isolation_level=None,
        )
