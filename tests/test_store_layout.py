"""How the store lays out its rows: texts stored whole apart from the versions' rows."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType

import pytest
from conftest import Stores, as_earlier_rows

from revtrack.models import Snapshot
from revtrack.paths import Location
from revtrack.store import codec, open_store, postgres, sqlite
from revtrack.text import content_hash, normalize

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
    stores: Stores, location: Location, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store written before kept every text stored whole in its row: it reads the same,
    goes on with the texts apart, and passes ``check``."""
    module = backend(location)
    before = next(
        n for n, step in enumerate(module.MIGRATIONS) if any("whole_texts" in str(s) for s in step)
    )
    with monkeypatch.context() as old:
        old.setattr(module, "MIGRATIONS", module.MIGRATIONS[:before])
        old.setattr(module, "SCHEMA_VERSION", before)
        as_earlier_rows(old)
        fill(location, range(1, K + 3))
    assert "whole_texts" not in stores.tables(location)
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


def test_sqlite_keeps_each_hash_as_the_bytes_of_its_digest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store of the schema before keeps its hashes as text: upgraded, each becomes the 32
    bytes of its digest (one that is not a hash, damaged, stays as it is and is named by
    ``check``), and versions, reverts and ``check`` read as before."""
    db = tmp_path / "store" / "revtrack.db"
    with monkeypatch.context() as old:
        old.setattr(sqlite, "MIGRATIONS", sqlite.MIGRATIONS[:-1])
        old.setattr(sqlite, "SCHEMA_VERSION", sqlite.SCHEMA_VERSION - 1)
        old.setattr(sqlite.SqliteStore, "_stored_hash", lambda _, digest: digest)
        fill(db, range(1, 6))
    with sqlite3.connect(db) as connection:
        assert {r[0] for r in connection.execute("SELECT typeof(hash) FROM versions")} == {"text"}
        connection.execute("UPDATE versions SET hash = 'sha256:00' WHERE number = 4")
    with open_store(db, write=True) as store:
        assert store.version("long", 2).hash == content_hash(text(2))
        revert = store.add("long", Snapshot(text=text(3), source="file"), at(6))
        assert revert.version.revert_of == 3
        (step,) = [step for step in store.check() if step.problems]
        assert [p.message for p in step.problems] == [
            "long@4 is damaged: its text does not match its hash"
        ]
    with sqlite3.connect(db) as connection:
        kept = dict(connection.execute("SELECT number, hash FROM versions"))
    assert kept[4] == "sha256:00" and kept[6] == kept[3] == bytes.fromhex(text_digest(3))
    assert all(isinstance(kept[n], bytes) and len(kept[n]) == 32 for n in (1, 2, 3, 5, 6))


def text_digest(n: int) -> str:
    return content_hash(text(n)).removeprefix("sha256:")
