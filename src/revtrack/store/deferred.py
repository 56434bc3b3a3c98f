"""The tables of a SQLite store that are made when first written, not with the store.

Each table and index takes a page even when empty, and its ``CREATE`` statement more in the
schema: a store that only ever holds versions (most do) would spend a fifth of its pages on
the tables of features it never uses. So the tables below are dropped from a store while they
are empty (the last step of :data:`revtrack.store.sqlite.MIGRATIONS`), and made again, with
their group, by the first statement that writes to one of them. Until then a table that is not
there reads as empty: :class:`~revtrack.store.sqlite.SqliteStore` runs a statement that reads
it with an empty table of that name in its place (a common table expression), and a statement
that updates or deletes its rows as one that finds none. PostgreSQL keeps every table (a table
costs it nothing that shows), and both behave the same.

A migration step that changes one of these tables must allow for its absence, and change its
statement here too (``tests/test_store_deferred.py`` checks that they make the tables the
steps make).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from revtrack.store.sql import SqlStore

#: Each group of tables made together (a table that refers to another is in its group, the
#: referred one first), as the migrations leave them.
GROUPS: tuple[tuple[str, ...], ...] = (
    (
        "CREATE TABLE feeds (id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, "
        "added_at TEXT NOT NULL, last_checked TEXT, etag TEXT, last_modified TEXT, "
        "last_error TEXT, unfollowed_at TEXT)",
        "CREATE TABLE tracking (article_id INTEGER PRIMARY KEY REFERENCES articles(id), "
        "interval_seconds REAL NOT NULL, next_check TEXT NOT NULL, last_checked TEXT, "
        "last_changed TEXT, etag TEXT, last_modified TEXT, failures INTEGER NOT NULL DEFAULT 0, "
        "last_error TEXT, stopped INTEGER NOT NULL DEFAULT 0, "
        "feed_id INTEGER REFERENCES feeds(id), claimed_by TEXT, claimed_until TEXT, "
        "paused_at TEXT)",
        "CREATE INDEX tracking_by_next_check ON tracking (stopped, next_check)",
    ),
    (
        "CREATE TABLE ignore_rules (id INTEGER PRIMARY KEY AUTOINCREMENT, pattern TEXT NOT NULL, "
        "article_id INTEGER REFERENCES articles(id), site TEXT, created_at TEXT NOT NULL, "
        "CHECK (article_id IS NULL OR site IS NULL))",
        "CREATE UNIQUE INDEX ignore_rules_by_scope "
        "ON ignore_rules (coalesce(article_id, 0), coalesce(site, ''), pattern)",
    ),
    ("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",),
    ("CREATE TABLE derived (key BLOB PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID",),
    (
        "CREATE TABLE captures (hash TEXT PRIMARY KEY, size INTEGER NOT NULL, "
        "codec TEXT NOT NULL, body BLOB NOT NULL)",
        "CREATE TABLE version_captures (version_id INTEGER PRIMARY KEY, "
        "capture TEXT NOT NULL REFERENCES captures(hash), url TEXT NOT NULL, "
        "status INTEGER NOT NULL, reason TEXT NOT NULL, protocol TEXT NOT NULL, "
        "headers TEXT NOT NULL, fetched_at TEXT NOT NULL)",
        "CREATE INDEX version_captures_by_capture ON version_captures (capture)",
    ),
    (
        "CREATE TABLE alert_targets (id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL, "
        "article_id INTEGER REFERENCES articles(id), site TEXT, min_severity TEXT NOT NULL "
        "CHECK (min_severity IN ('typo', 'minor', 'substantive')), created_at TEXT NOT NULL, "
        "CHECK (article_id IS NULL OR site IS NULL))",
        "CREATE UNIQUE INDEX alert_targets_by_scope "
        "ON alert_targets (coalesce(article_id, 0), coalesce(site, ''), url)",
        "CREATE TABLE alert_queue (id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "target_id INTEGER REFERENCES alert_targets(id), url TEXT NOT NULL, "
        "article TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, "
        "queued_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, "
        "claimed_by TEXT, claimed_until TEXT)",
    ),
)

_TABLE = re.compile(r"CREATE TABLE (\w+) \((.*)\)( WITHOUT ROWID)?$")
#: What begins a constraint of the table, not a column, in its definition.
_CONSTRAINTS = ("CHECK", "UNIQUE", "PRIMARY", "FOREIGN", "CONSTRAINT")


def _columns(definition: str) -> tuple[str, ...]:
    """The names of the columns of a ``CREATE TABLE`` statement's ``definition``."""
    parts: list[str] = []
    pending: list[str] = []  # (pieces between commas inside parentheses: one part)
    depth = 0
    for piece in definition.split(","):
        pending.append(piece)
        depth += piece.count("(") - piece.count(")")
        if depth == 0:
            parts.append(",".join(pending))
            pending.clear()
    if pending or not parts:
        parts.append(",".join(pending))
    names = (part.split()[0] for part in parts)
    return tuple(name for name in names if name.upper() not in _CONSTRAINTS)


def _tables() -> dict[str, tuple[int, tuple[str, ...]]]:
    found = {}
    for number, group in enumerate(GROUPS):
        for statement in group:
            if match := _TABLE.match(statement):
                found[match.group(1)] = (number, _columns(match.group(2)))
    return found


#: Each table: its group's place in :data:`GROUPS`, and its columns.
TABLES = _tables()


def missing_table(message: str) -> str | None:
    """The table made when first written that an error's ``message`` says is not there."""
    match = re.fullmatch(r"no such table: (?:main\.)?(\w+)", message)
    return match.group(1) if match and match.group(1) in TABLES else None


def group_of(table: str) -> Sequence[str]:
    """The statements that make ``table`` and its group (those not there yet)."""
    return [
        statement.replace("CREATE TABLE ", "CREATE TABLE IF NOT EXISTS ", 1).replace(
            "INDEX ", "INDEX IF NOT EXISTS ", 1
        )
        for statement in GROUPS[TABLES[table][0]]
    ]


_TARGET = re.compile(r"\s*(?:UPDATE|DELETE\s+FROM)\s+(\w+)", re.IGNORECASE)
_READ = re.compile(r"\s*(?:SELECT|WITH)\b", re.IGNORECASE)


def finds_nothing(sql: str, table: str) -> bool:
    """Whether ``sql`` updates or deletes rows of ``table``: there are none to find."""
    match = _TARGET.match(sql)
    return match is not None and match.group(1) == table


def reads(sql: str) -> bool:
    """Whether ``sql`` only reads (a ``SELECT``)."""
    return _READ.match(sql) is not None


def read_without(sql: str, tables: Iterable[str]) -> str:
    """``sql``, a ``SELECT``, with each of ``tables`` an empty table of its columns."""
    empty = ", ".join(
        f"{table}({', '.join(columns)}) AS (SELECT {', '.join('NULL' for _ in columns)} WHERE 0)"
        for table in tables
        for columns in (TABLES[table][1],)
    )
    start = re.match(r"\s*WITH(\s+RECURSIVE)?\s", sql, re.IGNORECASE)
    if start is None:
        return f"WITH {empty} {sql}"
    return f"{start.group(0)}{empty}, {sql[start.end() :]}"


def drop_empty(store: SqlStore) -> None:
    """Drop each group of tables whose tables hold no row and have never given an id (their
    ids are never given twice): they are made again when first written."""
    sequences = store._execute(
        "SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_sequence'"
    ).fetchone()[0]
    for group in GROUPS:
        tables = [table for table, (number, _) in TABLES.items() if GROUPS[number] is group]
        if any(store._execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() for table in tables):
            continue
        marks = ", ".join("?" * len(tables))
        if (
            sequences
            and store._execute(
                f"SELECT 1 FROM sqlite_sequence WHERE name IN ({marks})", tables
            ).fetchone()
        ):
            continue
        for table in reversed(tables):  # (those that refer to another first)
            store._execute(f"DROP TABLE IF EXISTS {table}")
