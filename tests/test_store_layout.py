"""How the store lays out its rows: texts stored whole apart from the versions' rows."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType

from conftest import Stores

from revtrack.models import Snapshot
from revtrack.paths import Location
from revtrack.store import codec, open_store, postgres, sqlite
from revtrack.text import normalize

K = codec.KEYFRAME_INTERVAL
PROSE = " ".join(f"The council met on day {n} to talk about the port." for n in range(300))


def at(minutes: int) -> datetime:
    return datetime(2024, 5, 1, 9, 0, tzinfo=UTC) + timedelta(minutes=minutes)


def text(n: int) -> str:
    return normalize(f"{PROSE} Edit {n}.")


def fill(location: Location, numbers: range) -> None:
    with open_store(location, write=True) as store:
        for n in numbers:
            store.add("long", Snapshot(text=text(n), source="file"), at(n))


def backend(location: Location) -> ModuleType:
    return sqlite if isinstance(location, Path) else postgres


def whole(stores: Stores, location: Location) -> dict[int, int]:
    """The versions whose text is stored whole apart, and the length of their rows' body."""
    rows = stores.sql(
        location,
        "SELECT v.number, length(v.body) FROM whole_texts w JOIN versions v ON v.id = w.version_id",
    )
    return {int(number): int(size) for number, size in rows}


def test_texts_stored_whole_are_kept_apart_from_their_rows(
    stores: Stores, location: Location
) -> None:
    """The newest version and each keyframe keep their text in ``whole_texts`` and an empty
    body in their row; the others are differences in their rows. Removing the article takes
    them all."""
    fill(location, range(1, K + 4))
    assert whole(stores, location) == {K: 0, K + 3: 0}
    kinds = dict(stores.sql(location, "SELECT number, codec FROM versions"))
    assert {n for n, kind in kinds.items() if kind in codec.ALONE} == {K, K + 3}
    with open_store(location, write=True) as store:
        assert [v.text for v in store.history("long")] == [text(n) for n in range(1, K + 4)]
        assert store.version("long", K - 1).text == text(K - 1)
        assert not [step.problems for step in store.check() if step.problems]
        store.remove(["long"])
    assert stores.sql(location, "SELECT count(*) FROM whole_texts") == [(0,)]


def test_a_store_of_the_previous_schema_keeps_its_whole_texts_in_their_rows(
    stores: Stores, location: Location
) -> None:
    """A store written before kept every text stored whole in its row: it reads the same,
    goes on with the texts apart, and passes ``check``."""
    fill(location, range(1, K + 3))
    # As the previous schema wrote it: each whole text in its row, and no table apart.
    stores.sql(
        location,
        "UPDATE versions SET body = (SELECT w.body FROM whole_texts w "
        "WHERE w.version_id = versions.id) WHERE length(body) = 0",
    )
    stores.sql(location, "DROP TABLE whole_texts")
    previous = backend(location).SCHEMA_VERSION - 1
    if isinstance(location, Path):
        stores.sql(location, f"PRAGMA user_version = {previous}")
    else:
        stores.sql(location, "DELETE FROM revtrack_migrations WHERE version > ?", previous)
    with open_store(location, write=False) as store:  # (migrated, as the reader may write)
        assert [v.text for v in store.history("long")] == [text(n) for n in range(1, K + 3)]
    assert whole(stores, location) == {}
    fill(location, range(K + 3, K + 6))
    assert whole(stores, location) == {K + 5: 0}
    with open_store(location, write=False) as store:
        assert [v.text for v in store.history("long")] == [text(n) for n in range(1, K + 6)]
        assert store.version("long", K).text == text(K)  # (its text in its row)
        assert not [step.problems for step in store.check() if step.problems]


def test_the_rows_of_versions_fill_their_pages(tmp_path: Path) -> None:
    """Each add turns the version before into a difference, which grows its row in place:
    the leaves of ``versions`` keep little room unused (a whole text's row, shrunk, left most
    of a page empty)."""
    db = tmp_path / "store" / "revtrack.db"
    with open_store(db, write=True) as store:
        for n in range(1, 61):
            store.add("long", Snapshot(text=f"{PROSE} Edit {n}.", source="file"), at(n))
    connection = sqlite3.connect(db)
    unused, pages = connection.execute(
        "SELECT sum(unused), count(*) FROM dbstat WHERE name = 'versions' AND pagetype = 'leaf'"
    ).fetchone()
    assert unused < pages * 200, (unused, pages)
