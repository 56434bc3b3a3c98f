"""The cache of derived data (``revtrack.cache``), on both backends: what the reading commands
print is the same whether they work everything out (cold) or read it from the store (warm); a
new engine derives old history again; a damaged row is worked out again and written over; a
store that may only be read is read, and nothing is kept in it; ``check`` and ``copy`` pay
the cache no mind."""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pgserver
import pytest
from conftest import ARTICLES, Run, StoreHome, Stores

from revtrack import account, cache, notes, stamps, track
from revtrack.models import Criteria, Snapshot
from revtrack.paths import DatabaseURL, Location
from revtrack.store import Store, open_store, sqlite
from revtrack.text import normalize

RunFn = Callable[..., Run]
TALKS = ARTICLES / "talks"
#: The commands whose output must not depend on the cache.
READING = [
    ["log", "talks"],
    ["log", "talks", "--json"],
    ["notes", "talks"],
    ["notes", "talks", "--json", "--min-severity", "typo"],
    ["notes", "talks", "--explain"],
    ["diff", "talks"],
    ["diff", "talks", "@1", "@-1", "--format", "json"],
    ["diff", "talks", "@2", "@3", "--ignore", "Mayor", "--ignore-case"],
]


def add_talks(location: Location) -> None:
    start = datetime(2025, 1, 2, 14, tzinfo=UTC)
    with open_store(location, write=True) as store:
        for n, path in enumerate(sorted(TALKS.glob("v*.txt"))):
            text = normalize(path.read_text(encoding="utf-8"))
            store.add("talks", Snapshot(text, "file"), start + timedelta(hours=3 * n))


def outputs(run: RunFn) -> list[tuple[int, str]]:
    done = [run(*args) for args in READING]
    for r in done:
        assert r.code in (0, 1) and not r.stderr, r
    return [(r.code, r.stdout) for r in done]


def rows(stores: Stores, location: Location) -> dict[bytes, bytes]:
    """The cache's rows (none in a SQLite store that has not made its table yet)."""
    if "derived" not in stores.tables(location):
        return {}
    return {bytes(k): bytes(v) for k, v in stores.sql(location, "SELECT key, value FROM derived")}


def forget(stores: Stores, location: Location) -> None:
    """Delete the cache's rows."""
    if "derived" in stores.tables(location):
        stores.sql(location, "DELETE FROM derived")


@pytest.fixture
def talks(store_home: StoreHome) -> Location:
    """The talks fixture (four versions, notes and findings) in a store of each backend."""
    add_talks(store_home.location)
    return store_home.location


def test_outputs_are_the_same_cold_and_warm(run: RunFn, stores: Stores, talks: Location) -> None:
    assert rows(stores, talks) == {}  # (stored directly: nothing derived yet)
    cold = outputs(run)
    kept = rows(stores, talks)
    assert kept, "the reading commands keep what they derive"
    assert outputs(run) == cold
    assert rows(stores, talks) == kept  # warm: nothing new to keep


def test_adding_keeps_what_it_derives_for_the_next_reader(
    run: RunFn, stores: Stores, talks: Location
) -> None:
    """A write reads the notes of the versions before from the cache, and keeps the notes and
    the comparison it works out: a ``diff`` of the new version then works nothing out again,
    and prints what it prints with no cache at all."""
    outputs(run)
    kept = rows(stores, talks)
    text = (TALKS / "v4.txt").read_text(encoding="utf-8") + "\nThe port reopened on Friday.\n"
    r = run("add", "talks", "-", "--at", "2025-01-03T09:00:00Z", input=text)
    assert r.code == 0 and "@5" in r.stdout + r.stderr, r
    added = rows(stores, talks)
    assert kept.items() < added.items()
    warm = run("diff", "talks")
    assert warm.code == 0 and "The port reopened on Friday." in warm.stdout, warm
    assert rows(stores, talks) == added  # (nothing new to keep: the write kept it)
    forget(stores, talks)
    assert run("diff", "talks").stdout == warm.stdout
    assert run("log", "talks").stdout.count("\n") == 5


def test_a_first_version_keeps_its_notes_for_the_next_write(
    run: RunFn, store_home: StoreHome, stores: Stores, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The notes of a version are found once: the write of a first version keeps them, and
    the write of the next one reads them from there and finds only its own."""
    first, second, *_ = sorted(TALKS.glob("v*.txt"))
    r = run("add", "talks", str(first), "--at", "2025-01-02T14:00:00Z")
    assert r.code == 0, r
    with open_store(store_home.location, write=False) as store:
        stored = store.version("talks", 1)
    key = cache.StoredDerivation(_Null(), [stored], cache.engine() or "")._notes_key(stored)
    assert list(rows(stores, store_home.location)) == [key]
    found: list[str] = []
    find_notes = notes.find_notes
    monkeypatch.setattr(notes, "_FOUND", {})
    monkeypatch.setattr(
        notes, "find_notes", lambda text, *at: found.append(text) or find_notes(text, *at)
    )
    r = run("add", "talks", str(second), "--at", "2025-01-02T17:00:00Z")
    assert r.code == 0 and "@2" in r.stdout, r
    assert found == [normalize(second.read_text(encoding="utf-8"))]


def test_a_first_version_finds_no_notes_where_none_are_kept(
    run: RunFn, store_home: StoreHome, stores: Stores, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where nothing derived is kept (the engine cannot be told), a first version's write
    does not find notes that it would not keep."""
    found: list[str] = []
    monkeypatch.setattr(cache, "engine", lambda: None)
    monkeypatch.setattr(notes, "_FOUND", {})
    monkeypatch.setattr(notes, "find_notes", lambda text, *at: found.append(text) or ())
    r = run("add", "talks", str(min(TALKS.glob("v*.txt"))))
    assert r.code == 0 and "@1" in r.stdout, r
    assert found == [] and rows(stores, store_home.location) == {}


def test_a_pair_of_long_texts_is_compared_afresh_not_kept(
    run: RunFn, stores: Stores, talks: Location, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pair's row is as big as its texts (a rewrite's takes many times that to build): past
    a size the comparison is made each time and only the notes are kept."""
    before = run("log", "talks").stdout
    kept = rows(stores, talks)
    forget(stores, talks)
    monkeypatch.setattr(cache, "LARGEST_PAIR_KEPT", 10)
    assert run("log", "talks").stdout == before
    assert 0 < len(rows(stores, talks)) < len(kept)


def test_the_cache_is_read(run: RunFn, stores: Stores, talks: Location) -> None:
    """A row that says something else is believed: the rows are what the commands read (the
    next test shows why that is safe)."""
    assert "@3–  correction" in run("notes", "talks").stdout
    with open_store(talks, write=False) as store:
        third = store.version("talks", 3)
    key = cache.StoredDerivation(_Null(), [third], cache.engine() or "")._notes_key(third)
    assert key in rows(stores, talks)
    stores.sql(talks, "UPDATE derived SET value = ? WHERE key = ?", cache._pack([]), key)
    assert "@3–  correction" not in run("notes", "talks").stdout


def test_warm_reading_builds_no_stamp_grammar(run: RunFn, talks: Location) -> None:
    """What the notes say without their stamps is kept with them: a command that weighs the
    notes of a warm cache builds no stamp grammar (the costliest pattern to compile)."""
    cold = outputs(run)
    stamps.grammar.cache_clear()
    account._undated = (None, {})
    account._read.clear()
    assert outputs(run) == cold
    assert stamps.grammar.cache_info().currsize == 0
    assert account._read, "the notes' words were read with them"
    for text, undated in account._read.items():
        assert undated == stamps.undated(text)


def test_a_new_engine_derives_old_history_again(
    run: RunFn, stores: Stores, talks: Location, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = outputs(run)
    kept = rows(stores, talks)
    for key in kept:  # rows of the old engine that say something else: never read
        stores.sql(talks, "UPDATE derived SET value = ? WHERE key = ?", cache._pack([]), key)
    monkeypatch.setattr(cache, "engine", lambda: "a better detector")
    assert outputs(run) == cold
    again = rows(stores, talks)
    assert len(again) == 2 * len(kept) and kept.keys() < again.keys()


def test_the_engine_changes_with_the_users_note_formats(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = cache.engine.__wrapped__()
    formats = tmp_path / "notes.toml"
    monkeypatch.setenv("REVTRACK_NOTES", str(formats))
    formats.write_text('[triggers]\nwords = ["amended"]\n', encoding="utf-8")
    mine = cache.engine.__wrapped__()
    assert before is not None and mine is not None and mine != before
    formats.write_text('[triggers]\nwords = ["revised"]\n', encoding="utf-8")
    assert cache.engine.__wrapped__() not in (before, mine)


@pytest.mark.parametrize("damage", [b"", b"not zlib", zlib.compress(b"[[1, 2]]")])
def test_a_damaged_row_is_worked_out_again(
    run: RunFn, stores: Stores, talks: Location, damage: bytes
) -> None:
    cold = outputs(run)
    kept = rows(stores, talks)
    stores.sql(talks, "UPDATE derived SET value = ?", damage)
    assert outputs(run) == cold
    assert rows(stores, talks) == kept  # written over
    stores.sql(talks, "UPDATE derived SET value = ?", damage)
    assert run("check").code == 0


def test_a_store_without_its_cache_table_works(run: RunFn, stores: Stores, talks: Location) -> None:
    cold = outputs(run)
    stores.sql(talks, "DROP TABLE derived")
    assert outputs(run) == cold
    r = run("check")
    assert r.code == 0, r


def test_a_store_that_may_only_be_read_keeps_nothing(
    stores: Stores, talks: Location, request: pytest.FixtureRequest
) -> None:
    criteria = Criteria()
    expected = track.article_notes(lambda: open_store(talks, write=False), "talks", criteria)
    forget(stores, talks)
    opener = _reader(talks, request)
    assert track.article_notes(opener, "talks", criteria) == expected
    assert track.article_log(opener, "talks", criteria).entries
    assert rows(stores, talks) == {}


def _reader(location: Location, request: pytest.FixtureRequest) -> Callable[[], Store]:
    """Opens the store as a reader that may not write it: a SQLite file opened read-only,
    a PostgreSQL role granted SELECT alone."""
    if isinstance(location, Path):
        return lambda: sqlite.SqliteStore._connected(
            sqlite._connect(location, "ro"), str(location), write=False, read_only=True
        )
    server: pgserver.Server = request.getfixturevalue("postgres")
    schema = location.secret.rsplit("%3D", 1)[1]
    server.execute(
        "DROP ROLE IF EXISTS cache_reader",
        "CREATE ROLE cache_reader LOGIN PASSWORD 'reader-pw'",
        f"GRANT USAGE ON SCHEMA {schema} TO cache_reader",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO cache_reader",
    )
    request.addfinalizer(
        lambda: server.execute("DROP OWNED BY cache_reader", "DROP ROLE cache_reader")
    )
    url = DatabaseURL(server.url(user="cache_reader", password="reader-pw", schema=schema))
    return lambda: open_store(url, write=False)


def test_two_writers_of_the_same_rows_keep_one(stores: Stores, talks: Location) -> None:
    rows_ = {bytes([n]) * 16: cache._pack(n) for n in range(50)}
    with open_store(talks, write=False) as one, open_store(talks, write=False) as other:
        one.save_derived(dict(list(rows_.items())[:30]))
        other.save_derived(rows_)
        other.save_derived({bytes([0]) * 16: cache._pack(99)})  # kept first: left as it is
        assert one.derived(list(rows_)) == rows_
    assert rows(stores, talks) == rows_


def test_a_copy_leaves_the_cache_behind(
    run: RunFn, stores: Stores, talks: Location, tmp_path: Path
) -> None:
    run("log", "talks")
    target = tmp_path / "copy" / "revtrack.db"
    r = run("copy", "--to", str(target))
    assert r.code == 0, r
    assert rows(Stores("sqlite", tmp_path), target) == {}
    with open_store(target, write=False) as copied, open_store(talks, write=False) as store:
        assert copied.history("talks") == store.history("talks")


class _Null:
    """A store with an empty cache, for working out keys."""

    def derived(self, keys: object) -> dict[bytes, bytes]:
        return {}

    def save_derived(self, rows: object, *, replace: object = ()) -> None:
        pass


@pytest.fixture(autouse=True)
def _fresh_engine() -> Iterator[None]:
    engine = cache.engine  # (a test may put another in its place meanwhile)
    engine.cache_clear()
    yield
    engine.cache_clear()


def test_passages_are_found_in_order_and_out_of_it() -> None:
    text = "The port reopened on Monday. " * 3 + "Ships waited in the bay. The union voted."
    finder = cache._Finder(text)
    spans = [finder.span(words) for words in ("The union voted.", "The port reopened", "bay")]
    assert spans == [[len(text) - 16, len(text)], [0, 17], "bay"]  # after the last, then before
    assert finder.span("not in the text at all") == "not in the text at all"
    for span, words in zip(spans[:2], ("The union voted.", "The port reopened"), strict=True):
        assert isinstance(span, list) and text[span[0] : span[1]] == words


def test_a_comparison_row_is_checked_by_its_json() -> None:
    """A comparison's row reads back as the comparison written (its JSON gives back what was
    written), which is what its check returns when the row holds that JSON; a row that holds
    other JSON is read as what it says."""
    from factories import fixture_history

    from revtrack.derived import Derivation
    from revtrack.noise import DiffOptions

    versions = fixture_history("talks")
    derive = Derivation()
    made = []
    for old, new in itertools.pairwise(versions):
        notes = (derive.notes(old), derive.notes(new))
        made.append(((old.text, new.text), derive.compared(old, new, notes, DiffOptions())))
    assert any(compared.changes for _, compared in made)
    for texts, compared in made:
        row = cache._ComparedRow(texts)
        data = row.data(compared)
        assert cache._compared_from(data, texts) == compared
        assert row.check(data) is compared
    (texts, first), (_, second) = made[:2]
    other = cache._ComparedRow(texts).data(second)
    row = cache._ComparedRow(texts)
    row.data(first)
    assert row.check(other) == cache._compared_from(other, texts) != first


def test_a_log_is_kept_for_its_criteria(run: RunFn, stores: Stores, talks: Location) -> None:
    """The whole log is kept, under the criteria it was made for: another's is its own."""
    asked = [["log", "talks", "--min-severity", level] for level in ("typo", "substantive")]
    cold = [run(*args).stdout for args in asked]
    assert cold[0] != cold[1]
    forget(stores, talks)
    assert run("log", "talks", "--tolerance", "3h").code == 0
    assert [run(*args).stdout for args in asked] == cold
    kept = rows(stores, talks)
    assert [run(*args).stdout for args in asked] == cold and rows(stores, talks) == kept


@pytest.mark.parametrize("key", ["America/New_York", "Europe/London", "Asia/Kolkata", "UTC"])
def test_a_logged_zone_is_its_zoneinfo(key: str) -> None:
    import pickle
    from zoneinfo import ZoneInfo

    logged, zone = cache.LoggedZone.named(key), ZoneInfo(key)
    assert cache.LoggedZone.named(key) is logged and pickle.loads(pickle.dumps(logged)) is logged
    assert str(logged) == str(zone) and cache._zone(logged) == cache._zone(zone) == ["iana", key]
    for moment in (datetime(2025, 3, 9, 6, 59, tzinfo=UTC), datetime(2025, 11, 2, 5, 30)):
        for hours in range(0, 24 * 200, 7):
            when = moment + timedelta(hours=hours)
            here, there = when.replace(tzinfo=logged), when.replace(tzinfo=zone)
            assert here.utcoffset() == there.utcoffset() and here.dst() == there.dst()
            assert here.tzname() == there.tzname() and here.isoformat() == there.isoformat()
            instant = when.replace(tzinfo=UTC)
            shown, expected = instant.astimezone(logged), instant.astimezone(zone)
            assert shown.isoformat() == expected.isoformat() and shown.tzinfo is logged
