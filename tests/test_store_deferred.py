"""The tables of features a SQLite store makes when first written (revtrack.store.deferred):
missing, they read as empty, on both backends alike."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import Stores

from revtrack.alerts import AlertTarget
from revtrack.errors import UsageError
from revtrack.models import IgnoreRule, Snapshot, Tracking
from revtrack.paths import Location
from revtrack.raw import RawCapture
from revtrack.store import deferred, open_store, sqlite

AT = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
URL = "https://news.example/port"


def snap(text: str) -> Snapshot:
    return Snapshot(text=text, source="file")


def test_a_store_holds_only_what_was_written(tmp_path: Path) -> None:
    """A store that was only given versions has none of the tables of features; each is made,
    with its group, by its first write."""
    db = tmp_path / "store" / "revtrack.db"
    with open_store(db, write=True) as store:
        store.add("talks", snap("The port talks began.\n"), AT)
        store.add("talks", snap("The port talks ended.\n"), AT + timedelta(hours=1))
    assert not _tables(db) & set(deferred.TABLES)
    with open_store(db, write=True) as store:
        store.add_ignore_rule(IgnoreRule("^Advertisement$"), AT)
        assert not _tables(db) & {"feeds", "settings", "alert_targets", "captures"}
        store.follow("https://news.example/rss", AT)
        store.set_builtins(frozenset({"timestamps"}))
        store.save_derived({b"k": b"v"})
        store.add_alert_target(AlertTarget("json://h/x"), AT)
        capture = RawCapture(URL, 200, "OK", (), AT, b"<p>The port.</p>")
        tracking = Tracking("port", URL, timedelta(hours=1), AT)
        store.add("port", snap("The port.\n"), AT, url=URL, tracking=tracking, capture=capture)
    assert _tables(db) >= set(deferred.TABLES)
    with open_store(db, write=False) as store:
        assert [rule.pattern for rule in store.ignore_rules()] == ["^Advertisement$"]
        assert [feed.url for feed in store.feeds()] == ["https://news.example/rss"]
        assert store.disabled_builtins() == frozenset({"timestamps"})
        assert store.derived([b"k"]) == {b"k": b"v"}
        assert [t.url for t in store.alert_targets()] == ["json://h/x"]
        assert store.capture("port", 1) == capture
        assert [t.article for t in store.tracked()] == ["port"]
        assert not [step.problems for step in store.check() if step.problems]


def _tables(db: Path) -> set[str]:
    with sqlite3.connect(db) as connection:
        return {r[0] for r in connection.execute("SELECT name FROM sqlite_schema")}


@pytest.mark.parametrize("write", [False, True])
def test_a_store_of_versions_alone_reads_every_feature_as_empty(
    stores: Stores, location: Location, write: bool
) -> None:
    """Every reader of a table that is not there finds nothing, and every change of its rows
    changes none, as on a store that has the table (PostgreSQL's are always there)."""
    with open_store(location, write=True) as store:
        store.add("talks", snap("The port talks began.\n"), AT)
    with open_store(location, write=write) as store:
        assert store.feeds() == [] and store.tracked() == [] and store.ignore_rules() == []
        assert store.disabled_builtins() == frozenset() and store.derived([b"k"]) == {}
        assert store.alert_targets() == [] and store.find_url(URL) is None
        assert store.capture("talks", 1) is None and store.captures("talks") == []
        assert not [step.problems for step in store.check() if step.problems]
        (removal,) = store.removal(["talks"])
        assert (removal.versions, removal.tracked, removal.rules) == (1, False, 0)
        with pytest.raises(UsageError, match="talks is not tracked by URL"):
            store.pause(["talks"], AT)
        if write:
            assert store.claim("w", AT, timedelta(minutes=5), 10) == []
            assert store.claim_alerts("w", AT, timedelta(minutes=5)) == []
            assert store.remove_ignore_rule(1) is None and store.remove_alert_target(1) is None
            assert not store.unfollow("https://news.example/rss", AT)
            store.finish_alert(1, "w", None)
            store.rename("talks", "port-talks")
            (removed,) = store.remove(["port-talks"])
            assert removed.versions == 1 and store.articles() == []


def test_a_store_of_the_previous_schema_drops_only_its_empty_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Upgraded, a store loses the tables of features that hold nothing and never gave an
    id; those with rows, or whose ids were given (never twice), stay."""
    db = tmp_path / "store" / "revtrack.db"
    with monkeypatch.context() as old:
        old.setattr(sqlite, "SCHEMA_VERSION", sqlite.DEFERRED_FROM - 1)
        old.setattr(sqlite, "MIGRATIONS", sqlite.MIGRATIONS[: sqlite.DEFERRED_FROM - 1])
        old.setattr(sqlite.SqliteStore, "_stored_hash", lambda _, digest: digest)
        with open_store(db, write=True) as store:
            store.add("talks", snap("The port talks began.\n"), AT)
            store.set_builtins(frozenset({"timestamps"}))
            rule = store.add_ignore_rule(IgnoreRule("^Advertisement$"), AT)
            store.remove_ignore_rule(rule.id)
    assert _tables(db) >= set(deferred.TABLES)
    with open_store(db, write=True) as store:
        assert store.disabled_builtins() == frozenset({"timestamps"})
        gone = set(deferred.TABLES) - _tables(db)
        assert gone == set(deferred.TABLES) - {"settings", "ignore_rules"}
        assert store.add_ignore_rule(IgnoreRule("^Anzeige$"), AT).id == rule.id + 1
        assert not [step.problems for step in store.check() if step.problems]
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == sqlite.SCHEMA_VERSION


def test_the_tables_made_when_first_written_are_those_the_migrations_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each table made when first written has the columns, keys, indexes and references that
    the migrations gave it."""
    before = tmp_path / "before" / "revtrack.db"
    with monkeypatch.context() as old:
        old.setattr(sqlite, "SCHEMA_VERSION", sqlite.DEFERRED_FROM - 1)
        old.setattr(sqlite, "MIGRATIONS", sqlite.MIGRATIONS[: sqlite.DEFERRED_FROM - 1])
        old.setattr(sqlite.SqliteStore, "_stored_hash", lambda _, digest: digest)
        open_store(before, write=True).close()
    after = tmp_path / "after" / "revtrack.db"
    open_store(after, write=True).close()
    with sqlite3.connect(after) as connection:
        for table in deferred.TABLES:
            for statement in deferred.group_of(table):
                connection.execute(statement)
    for table in deferred.TABLES:
        assert _shape(after, table) == _shape(before, table), table


def _shape(db: Path, table: str) -> tuple[object, ...]:
    with sqlite3.connect(db) as connection:
        indexes = connection.execute(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? "
            "ORDER BY name",
            (table,),
        ).fetchall()
        return (
            connection.execute(f"PRAGMA table_xinfo({table})").fetchall(),
            connection.execute(f"PRAGMA foreign_key_list({table})").fetchall(),
            [(name, " ".join(sql.split()) if sql else None) for name, sql in indexes],
            [connection.execute(f"PRAGMA index_xinfo({name})").fetchall() for name, _ in indexes],
            connection.execute(
                "SELECT sql LIKE '%WITHOUT ROWID' FROM sqlite_schema WHERE name = ?", (table,)
            ).fetchone(),
        )
