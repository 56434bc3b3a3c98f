"""The stores, tested on both backends (a real SQLite file, a real PostgreSQL server) through
the ``location`` fixture; the tests of what only SQLite has (its file, its header, the schemas
of earlier releases) use a file alone."""

from __future__ import annotations

import bz2
import itertools
import re
import sqlite3
from datetime import UTC, datetime, timedelta
from multiprocessing import get_context
from pathlib import Path
from types import ModuleType

import pytest
from conftest import Stores, as_earlier_rows
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from revtrack.errors import InputError, MissingStoreError, NotFoundError, StoreError, UsageError
from revtrack.models import AddStatus, IgnoreRule, Snapshot
from revtrack.paths import DatabaseURL, Location, store_location
from revtrack.store import Store, codec, open_store, postgres, sqlite
from revtrack.store.sqlite import APPLICATION_ID, PAGE_SIZE, SCHEMA_VERSION, SqliteStore
from revtrack.text import content_hash, normalize

T0 = datetime(2024, 3, 14, 18, 0, tzinfo=UTC)


def snap(text: str) -> Snapshot:
    return Snapshot(text=normalize(text), source="file")


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A SQLite file, for what only SQLite has."""
    return tmp_path / "store" / "revtrack.db"


def backend(location: Location) -> ModuleType:
    return postgres if isinstance(location, DatabaseURL) else sqlite


def schema_version(stores: Stores, location: Location) -> int:
    if isinstance(location, Path):
        return int(stores.sql(location, "PRAGMA user_version")[0][0])
    return int(stores.sql(location, "SELECT max(version) FROM revtrack_migrations")[0][0])


def test_add_numbers_versions_and_skips_unchanged(location: Location) -> None:
    with open_store(location, write=True) as store:
        first = store.add("talks", snap("One.\n"), at(0))
        again = store.add("talks", snap("One.  \r\n\r\n"), at(5))
        second = store.add("talks", snap("One. Two.\n"), at(10))
    assert (first.status, first.version.number) == (AddStatus.ADDED, 1)
    assert (again.status, again.version.number) == (AddStatus.UNCHANGED, 1)
    assert (second.status, second.version.number) == (AddStatus.ADDED, 2)
    assert second.previous is not None and second.previous.number == 1
    with open_store(location, write=False) as store:
        article = store.article("talks")
        assert (article.version_count, article.first_observed, article.last_observed) == (
            2,
            at(0),
            at(10),
        )
        assert [v.text for v in store.history("talks")] == ["One.\n", "One. Two.\n"]


def test_version_records_hash_counts_and_time(location: Location) -> None:
    with open_store(location, write=True) as store:
        store.add("talks", snap("Héllo wörld, 東京.\n"), at(0))
    with open_store(location, write=False) as store:
        version = store.version("talks", 1)
    assert version.hash == content_hash("Héllo wörld, 東京.\n")
    assert version.byte_count == len("Héllo wörld, 東京.\n".encode())
    assert version.word_count == 4
    assert version.observed_at == at(0) and version.observed_at.tzinfo is not None
    assert version.source == "file" and version.revert_of is None


def test_return_to_earlier_text_is_stored_as_revert(location: Location) -> None:
    with open_store(location, write=True) as store:
        for minute, text in enumerate(["A.\n", "B.\n", "A.\n", "A.\n"]):
            store.add("x", snap(text), at(minute))
        versions = store.history("x")
    assert [(v.number, v.revert_of) for v in versions] == [(1, None), (2, None), (3, 1)]


def test_revisions_count_back_from_latest(location: Location) -> None:
    with open_store(location, write=True) as store:
        for n in range(1, 5):
            store.add("x", snap(f"Version {n}.\n"), at(n))
        assert store.version("x", -1).number == 4
        assert store.version("x", -2).text == "Version 3.\n"
        assert store.version("x", 1).text == "Version 1.\n"
        with pytest.raises(NotFoundError, match="x has 4 versions"):
            store.version("x", 5)
        with pytest.raises(NotFoundError):
            store.version("x", -5)
        with pytest.raises(NotFoundError, match="unknown article"):
            store.version("y", 1)


def test_observed_times_must_not_go_back(location: Location) -> None:
    with open_store(location, write=True) as store:
        store.add("x", snap("A.\n"), at(10))
        with pytest.raises(InputError, match="in the order they were observed"):
            store.add("x", snap("B.\n"), at(5))
        assert store.article("x").version_count == 1


def test_names_and_urls_sort_byte_by_byte(location: Location) -> None:
    """As SQLite sorts text, whatever the collation of a PostgreSQL database."""
    names = ["b", "B", "a", "_x", "Á", "a-2", "Zeta"]
    feeds = [f"https://news.example/{n}" for n in names]
    with open_store(location, write=True) as store:
        for name, feed in zip(names, feeds, strict=True):
            store.add(name, snap(f"{name}.\n"), at(0))
            store.follow(feed, at(0))
        assert [a.key for a in store.articles()] == sorted(names)
        assert [f.url for f in store.feeds()] == sorted(feeds)


def test_versions_are_stored_against_their_neighbour(stores: Stores, location: Location) -> None:
    base = " ".join(f"word{i}" for i in range(2000))
    count = codec.KEYFRAME_INTERVAL + 3
    texts = [normalize(f"{base} edit {n}.") for n in range(count)]
    with open_store(location, write=True) as store:
        for n, text in enumerate(texts):
            store.add("long", Snapshot(text=text, source="file"), at(n))
    rows = dict(stores.sql(location, "SELECT number, codec FROM versions"))
    assert rows[count] == codec.WHOLE  # the newest is kept whole
    assert rows[codec.KEYFRAME_INTERVAL] == codec.WHOLE  # a keyframe bounds every chain
    assert rows[1] == rows[count - 1] == codec.AGAINST_NEXT
    ((size,),) = stores.sql(location, "SELECT sum(length(body)) FROM versions")
    raw = sum(len(t.encode()) for t in texts)
    assert size < raw * 0.05, (size, raw)
    with open_store(location, write=False) as store:
        assert [v.text for v in store.history("long")] == texts
        for n in (1, codec.KEYFRAME_INTERVAL - 1, codec.KEYFRAME_INTERVAL, count):
            assert store.version("long", n).text == texts[n - 1]


def test_new_store_is_marked_and_in_wal_mode(db: Path) -> None:
    with open_store(db, write=True) as store:
        store.add("x", snap("A.\n"), at(0))
    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reading_a_missing_store_creates_nothing(stores: Stores, location: Location) -> None:
    with pytest.raises(MissingStoreError, match=f"store {re.escape(str(location))} "):
        open_store(location, write=False)
    with pytest.raises(MissingStoreError):  # a writer that only writes to a store that is there
        open_store(location, write=True, create=False)
    assert stores.tables(location) == set()
    if isinstance(location, Path):
        assert not location.parent.exists()


def test_damaged_text_is_detected(stores: Stores, location: Location) -> None:
    with open_store(location, write=True) as store:
        store.add("x", snap("A.\n"), at(0))
    stores.sql(location, "UPDATE versions SET hash = 'sha256:00'")
    with open_store(location, write=False) as store, pytest.raises(StoreError, match="damaged"):
        store.version("x", 1)


def test_in_memory_store_for_unit_tests() -> None:
    with SqliteStore.open(":memory:") as store:
        store.add("x", snap("A.\n"), at(0))
        assert store.version("x", -1).text == "A.\n"


def _add_many(location: Location, worker: int, count: int) -> list[str]:
    statuses = []
    with open_store(location, write=True) as store:
        for n in range(count):
            text = "Shared text.\n" if n % 2 else f"Worker {worker} text {n}.\n"
            statuses.append(store.add("race", snap(text)).status.value)
    return statuses


def test_overlapping_writers_lose_nothing(location: Location) -> None:
    with get_context("spawn").Pool(4) as pool:
        results = pool.starmap(_add_many, [(location, worker, 10) for worker in range(4)])
    with open_store(location, write=False) as store:
        versions = store.history("race")
    added = sum(status == "added" for statuses in results for status in statuses)
    assert len(versions) == added
    assert [v.number for v in versions] == list(range(1, added + 1))
    texts = {v.text for v in versions}
    assert {f"Worker {w} text {n}.\n" for w in range(4) for n in range(0, 10, 2)} <= texts
    assert all(a.text != b.text for a, b in itertools.pairwise(versions))


_versions = st.lists(st.text(min_size=1).map(normalize).filter(bool), min_size=1, max_size=8)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_versions)
def test_store_returns_exactly_what_was_stored(stores: Stores, texts: list[str]) -> None:
    location = stores.new()  # one store an example
    expected: list[str] = []
    with open_store(location, write=True) as store:
        for minute, text in enumerate(texts):
            result = store.add("p", Snapshot(text=text, source="stdin"), at(minute))
            if result.status is AddStatus.ADDED:
                expected.append(text)
            else:
                assert expected and expected[-1] == text
    with open_store(location, write=False) as store:
        assert [v.text for v in store.history("p")] == expected
        for number, text in enumerate(expected, start=1):
            assert store.version("p", number).text == text
            assert store.version("p", number).hash == content_hash(text)


def test_store_location_precedence(tmp_path: Path) -> None:
    env = {"REVTRACK_HOME": str(tmp_path / "env")}
    assert store_location(tmp_path / "opt", environ=env) == tmp_path / "opt" / "revtrack.db"
    assert store_location(None, environ=env) == tmp_path / "env" / "revtrack.db"
    assert store_location(tmp_path / "team.sqlite", environ=env) == tmp_path / "team.sqlite"
    default = store_location(None, environ={})
    assert isinstance(default, Path)
    assert default.name == "revtrack.db" and "revtrack" in default.parent.name
    url = "postgresql://news@db.example:5433/revtrack?sslmode=verify-full"
    assert store_location(url, environ=env) == DatabaseURL(url)
    assert store_location(None, environ={"REVTRACK_HOME": url}) == DatabaseURL(url)
    assert store_location("POSTGRES://db.example/x", environ={}) == DatabaseURL(
        "POSTGRES://db.example/x"
    )
    assert store_location(str(tmp_path / "postgresql"), environ={}) == (
        tmp_path / "postgresql" / "revtrack.db"
    )


def test_migrations_run_once_in_order(
    stores: Stores, location: Location, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(location, write=True) as store:
        store.add("x", snap("A.\n"), at(0))
    module = backend(location)
    latest = module.SCHEMA_VERSION
    assert schema_version(stores, location) == latest
    step = ("ALTER TABLE articles ADD COLUMN note TEXT", "UPDATE articles SET note = 'migrated'")
    monkeypatch.setattr(module, "MIGRATIONS", (*module.MIGRATIONS, step))
    monkeypatch.setattr(module, "SCHEMA_VERSION", latest + 1)
    for _ in range(2):  # a second open must not apply the step again
        with open_store(location, write=False) as store:
            assert store.version("x", 1).text == "A.\n"
    assert schema_version(stores, location) == latest + 1
    assert stores.sql(location, "SELECT note FROM articles") == [("migrated",)]


def _add_when_told(location: Location, go: str, worker: int) -> str:
    while not Path(go).exists():
        pass
    with open_store(location, write=True) as store:
        return store.add("first", snap(f"Worker {worker}.\n")).status.value


def test_simultaneous_first_runs_on_a_new_store(stores: Stores, tmp_path: Path) -> None:
    """Migrations, the first article and its first versions, all at once."""
    workers = 8
    with get_context("spawn").Pool(workers) as pool:
        for round_ in range(6):
            location, go = stores.new(), tmp_path / f"go{round_}"
            pending = pool.starmap_async(
                _add_when_told, [(location, str(go), w) for w in range(workers)]
            )
            go.touch()
            assert pending.get(timeout=120) == ["added"] * workers
            with open_store(location, write=False) as store:
                assert store.article("first").version_count == workers


def test_clock_going_back_keeps_versions_in_order(
    location: Location, monkeypatch: pytest.MonkeyPatch
) -> None:
    from revtrack.store import sql

    with open_store(location, write=True) as store:
        store.add("x", snap("A.\n"), at(10))
        monkeypatch.setattr(sql, "now", lambda: at(5))
        result = store.add("x", snap("B.\n"))
    assert result.version.observed_at == at(10)


@pytest.mark.parametrize("write", [False, True])
def test_an_empty_file_is_a_store_truncated(tmp_path: Path, write: bool) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    with pytest.raises(StoreError, match=r"is empty \(0 bytes\): truncated\?"):
        open_store(empty, write=write)
    assert empty.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.db"]


def test_a_store_of_schema_2_keeps_its_feeds_followed(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store written before feeds could be unfollowed is migrated with every feed still
    followed; unfollowing keeps the feed's record, and following it again clears its error."""
    from revtrack.store import sqlite as backend

    with monkeypatch.context() as old:
        old.setattr(backend, "MIGRATIONS", backend.MIGRATIONS[:2])
        old.setattr(backend, "SCHEMA_VERSION", 2)
        as_earlier_rows(old)
        old.setattr(backend.SqliteStore, "_index", lambda *_: None)  # (no index yet)
        with open_store(db, write=True) as store:
            store.add("x", snap("A.\n"), at(0))
    with sqlite3.connect(db) as connection:  # a feed as the earlier code wrote it
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 2
        connection.execute(
            "INSERT INTO feeds (url, added_at, last_checked, etag, last_error) "
            "VALUES (?, ?, ?, ?, ?)",
            ("https://x.example/rss", at(0).isoformat(), at(1).isoformat(), '"e"', "timed out"),
        )
    with open_store(db, write=True) as store:
        assert [(f.url, f.etag, f.last_error) for f in store.feeds()] == [
            ("https://x.example/rss", '"e"', "timed out")
        ]
        assert store.unfollow("https://x.example/rss", at(2))
        assert not store.unfollow("https://x.example/rss", at(3))
        assert store.feeds() == []
        assert store.follow("https://x.example/rss", at(4))
        (again,) = store.feeds()
        assert (again.added, again.etag, again.last_error) == (at(0), '"e"', None)
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_store_of_schema_11_keeps_its_settings_in_tables_without_rowids(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The settings and the cache of derived data move to tables kept in their key's b-tree
    alone: the settings are kept, the cache's rows are thrown away (worked out again), and
    the store reads, writes and passes ``check`` as before."""
    from revtrack.store import sqlite as backend

    with monkeypatch.context() as old:
        old.setattr(backend, "MIGRATIONS", backend.MIGRATIONS[:11])
        old.setattr(backend, "SCHEMA_VERSION", 11)
        as_earlier_rows(old)
        with open_store(db, write=True) as store:
            store.add("x", snap("A.\n"), at(0))
            store.set_builtins(frozenset({"timestamps"}))
            store.save_derived({b"k1": b"one", b"k2": b"two"})
            assert store.derived([b"k1"]) == {b"k1": b"one"}
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 11
        assert "WITHOUT ROWID" not in _table_sql(connection, "settings")
    with open_store(db, write=True) as store:
        assert store.disabled_builtins() == frozenset({"timestamps"})
        assert store.derived([b"k1", b"k2"]) == {}
        store.save_derived({b"k1": b"again"})
        assert store.derived([b"k1"]) == {b"k1": b"again"}
        store.set_builtins(frozenset({"timestamps", "bylines"}))
        assert store.disabled_builtins() == frozenset({"timestamps", "bylines"})
        assert not [step.problems for step in store.check() if step.problems]
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        for table in ("settings", "derived"):
            assert _table_sql(connection, table).endswith("WITHOUT ROWID")
        names = {r[0] for r in connection.execute("SELECT name FROM sqlite_schema")}
        assert "settings_before" not in names and not any("autoindex_settings" in n for n in names)


def _table_sql(connection: sqlite3.Connection, table: str) -> str:
    query = "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?"
    return str(connection.execute(query, (table,)).fetchone()[0])


# --- ignore rules ------------------------------------------------------------------------


def test_ignore_rules_are_saved_by_scope_and_returned_by_id(
    stores: Stores, location: Location
) -> None:
    with open_store(location, write=True) as store:
        store.add("talks", snap("A.\n"), at(0))
        everywhere = store.add_ignore_rule(IgnoreRule("^Advertisement$"), at(1))
        site = store.add_ignore_rule(IgnoreRule("^Advertisement$", site="example.org"), at(2))
        article = store.add_ignore_rule(IgnoreRule(r"^\d+ of \d+$", article="talks"), at(3))
        assert [everywhere.id, site.id, article.id] == [1, 2, 3]
        again = store.add_ignore_rule(IgnoreRule("^Advertisement$", site="example.org"), at(4))
        assert again == site
    with open_store(location, write=False) as store:
        assert list(store.ignore_rules()) == [
            IgnoreRule("^Advertisement$", id=1),
            IgnoreRule("^Advertisement$", id=2, site="example.org"),
            IgnoreRule(r"^\d+ of \d+$", id=3, article="talks"),
        ]
    rows = stores.sql(location, "SELECT article_id, site FROM ignore_rules ORDER BY id")
    assert rows == [(None, None), (None, "example.org"), (1, None)]  # by the article's id


def test_an_article_rule_needs_the_article(location: Location) -> None:
    with open_store(location, write=True) as store:
        with pytest.raises(NotFoundError, match="unknown article 'nope'"):
            store.add_ignore_rule(IgnoreRule("x", article="nope"), at(0))
        with pytest.raises(UsageError, match="not both"):
            store.add_ignore_rule(IgnoreRule("x", article="a", site="example.org"), at(0))
        assert store.ignore_rules() == []


def test_removed_rules_keep_their_numbers(location: Location) -> None:
    with open_store(location, write=True) as store:
        first = store.add_ignore_rule(IgnoreRule("one"), at(0))
        second = store.add_ignore_rule(IgnoreRule("two"), at(0))
        assert store.remove_ignore_rule(second.id or 0) == second
        assert store.remove_ignore_rule(second.id or 0) is None
        third = store.add_ignore_rule(IgnoreRule("three"), at(0))
        assert (first.id, second.id, third.id) == (1, 2, 3)  # 2 is not given again
        assert [r.pattern for r in store.ignore_rules()] == ["one", "three"]


def test_disabled_builtins_are_a_setting(stores: Stores, location: Location) -> None:
    with open_store(location, write=True) as store:
        assert store.disabled_builtins() == frozenset()
        store.set_builtins(frozenset({"counts", "pagination"}))
        store.set_builtins(frozenset({"counts"}))
    with open_store(location, write=False) as store:
        assert store.disabled_builtins() == frozenset({"counts"})
    stores.sql(location, "UPDATE settings SET value = '{\"counts\": 1}'")
    with open_store(location, write=False) as store, pytest.raises(StoreError, match="damaged"):
        store.disabled_builtins()


def test_reading_rules_of_a_missing_store_creates_nothing(
    stores: Stores, location: Location
) -> None:
    from revtrack import track

    def opener() -> Store:
        return open_store(location, write=False)

    builtin, saved, disabled = track.ignore_rules(opener)
    assert builtin and (saved, disabled) == ((), frozenset())
    assert stores.tables(location) == set()


def test_a_store_of_schema_3_gains_ignore_rules(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from revtrack.store import sqlite as backend

    with monkeypatch.context() as old:
        old.setattr(backend, "MIGRATIONS", backend.MIGRATIONS[:3])
        old.setattr(backend, "SCHEMA_VERSION", 3)
        as_earlier_rows(old)
        old.setattr(backend.SqliteStore, "_index", lambda *_: None)  # (no index yet)
        with open_store(db, write=True) as store:
            store.add("x", snap("A.\n"), at(0))
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 3
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_schema")}
        assert "ignore_rules" not in tables
    with open_store(db, write=False) as store:
        assert store.ignore_rules() == [] and store.disabled_builtins() == frozenset()
        assert store.version("x", 1).text == "A.\n"
    with open_store(db, write=True) as store:
        rule = store.add_ignore_rule(IgnoreRule("^Anzeige$", article="x"), at(1))
        assert store.ignore_rules() == [rule] and rule.id == 1
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_store_of_the_previous_layout_reads_and_is_migrated(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store of schema 5: 4096-byte pages, an index of hashes, one version in 16 kept
    whole and every whole text in zstd. It reads the same, loses the index, keeps its pages,
    passes ``check`` and goes on with the present keyframes."""
    from revtrack.store import sqlite as backend

    prose = " ".join(f"The council met on day {n} to talk about the port." for n in range(300))
    texts = [normalize(f"{prose} Edit {n}.") for n in range(1, 41)]
    with monkeypatch.context() as old:
        old.setattr(backend, "MIGRATIONS", backend.MIGRATIONS[:5])
        old.setattr(backend, "SCHEMA_VERSION", 5)
        as_earlier_rows(old)
        old.setattr(backend.SqliteStore, "_index", lambda *_: None)  # (no index yet)
        old.setattr(backend, "PAGE_SIZE", 4096)
        old.setattr(codec, "KEYFRAME_INTERVAL", 16)
        old.setattr(codec, "compress_alone", lambda data: (codec.WHOLE, codec.compress(data)))
        with open_store(db, write=True) as store:
            for n, text in enumerate(texts[:36]):
                store.add("long", Snapshot(text=text, source="file"), at(n))
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 5
        indexes = {r[0] for r in connection.execute("SELECT name FROM sqlite_schema")}
        assert "versions_by_hash" in indexes
        kept = dict(connection.execute("SELECT number, codec FROM versions"))
    assert {n for n, kind in kept.items() if kind == codec.WHOLE} == {16, 32, 36}
    with open_store(db, write=False) as store:
        assert [v.text for v in store.history("long")] == texts[:36]
        assert store.version("long", 17).text == texts[16]
    with open_store(db, write=True) as store:
        for n, text in enumerate(texts[36:], 36):
            store.add("long", Snapshot(text=text, source="file"), at(n))
        revert = store.add("long", Snapshot(text=texts[2], source="file"), at(41))
        assert revert.version.revert_of == 3
        assert [v.text for v in store.history("long")[:40]] == texts
        assert not [step.problems for step in store.check() if step.problems]
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert connection.execute("PRAGMA page_size").fetchone()[0] == 4096
        names = {r[0] for r in connection.execute("SELECT name FROM sqlite_schema")}
        assert "versions_by_hash" not in names
        kept = dict(connection.execute("SELECT number, codec FROM versions"))
    assert {n for n, kind in kept.items() if kind in codec.ALONE} == {16, 32, 41}


def test_a_new_store_has_small_pages(db: Path) -> None:
    with open_store(db, write=True) as store:
        store.add("x", snap("A.\n"), at(0))
    assert sqlite3.connect(db).execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE


def test_a_new_store_keeps_no_free_pages_and_a_compact_schema(db: Path) -> None:
    """Pages freed by a write are given back to the file system at its commit, and the
    schema's text is kept without its source's indentation: a small store wastes no page."""
    prose = " ".join(f"The council met on day {n} to talk about the port." for n in range(300))
    with open_store(db, write=True) as store:
        for n in range(70):  # a keyframe's old overflow pages freed, the index merged
            store.add("long", Snapshot(text=f"{prose} Edit {n}.", source="file"), at(n))
    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA auto_vacuum").fetchone()[0] == 1  # FULL
    assert connection.execute("PRAGMA freelist_count").fetchone()[0] == 0
    schema = [sql for (sql,) in connection.execute("SELECT sql FROM sqlite_schema") if sql]
    assert schema and not [sql for sql in schema if "\n" in sql or "  " in sql]
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_long_text_is_stored_against_the_next_as_its_difference() -> None:
    """A text of megabytes compressed against the next version, which differs from it by a
    sentence, takes about what the difference does: the window reaches over all of the next
    version (at level 12's own window, most of it was out of reach: 1 MB of a 7 MB text)."""
    import random

    rng = random.Random(7)
    words = [f"w{n}" for n in range(5000)]
    paragraphs = [" ".join(rng.choices(words, k=60)) + "." for _ in range(20_000)]
    old = "\n\n".join(paragraphs).encode()
    new = "\n\n".join([*paragraphs[:10_000], "A sentence added.", *paragraphs[10_000:]]).encode()
    assert len(old) > 6_000_000
    delta = codec.compress(old, new)
    assert len(delta) < 20_000, len(delta)
    assert codec.decompress(delta, new) == old


def test_a_long_text_is_compressed_alone_in_a_thread_meanwhile(
    stores: Stores, location: Location, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long text's body is compressed in a thread while the write goes on: the same body as
    compressed when asked, and the versions read back as they were written."""
    import threading

    data = normalize(" ".join(f"On day {n} the port stayed shut." for n in range(3000))).encode()
    assert len(data) >= 1 << 16
    monkeypatch.setattr(codec, "LONG", 1 << 16)
    started = threading.active_count()
    later = codec.compress_alone_later(data)
    assert later() == codec.compress_alone(data) and threading.active_count() == started
    texts = [normalize(f"{data.decode()} Edit {n}.") for n in range(3)]
    with open_store(location, write=True) as store:
        for n, text in enumerate(texts):
            store.add("long", Snapshot(text=text, source="file"), at(n))
    with open_store(location, write=False) as store:
        assert [v.text for v in store.history("long")] == texts
    real, failing = codec.compress_alone, [MemoryError()]

    def first_fails(data: bytes) -> tuple[str, bytes]:  # (the thread's: done again when asked)
        if failing:
            raise failing.pop()
        return real(data)

    monkeypatch.setattr(codec, "compress_alone", first_fails)
    assert codec.compress_alone_later(data)() == real(data) and not failing


def test_texts_stored_alone_take_the_smaller_codec() -> None:
    prose = normalize(
        " ".join(f"Officials said on day {n} that the port would reopen." for n in range(400))
    )
    data = prose.encode()
    kind, body = codec.compress_alone(data)
    assert kind in codec.ALONE
    assert len(body) <= min(len(codec.compress(data)), len(bz2.compress(data, 9)))
    assert codec.decode(kind, body) == data
    packed = bz2.compress(data, 9)
    assert codec.decode(codec.WHOLE_BZIP2, packed) == data
    for damaged in (packed[: len(packed) // 2], packed + b"junk", b"BZh9 not bzip2"):
        with pytest.raises(StoreError, match="cannot be decompressed"):
            codec.decode(codec.WHOLE_BZIP2, damaged)
    huge = data * (codec.BZIP2_LIMIT // len(data) + 1)
    assert codec.compress_alone(huge)[0] == codec.WHOLE  # slow to decode: zstd only
    short = b"The only version."
    assert codec.compress_alone(short) == (codec.WHOLE, codec.compress(short))
