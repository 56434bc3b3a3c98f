"""``revtrack check`` and damage contained, on both backends (a real SQLite file, a real
PostgreSQL server): a sound store passes; each kind of damage, made by editing the rows
directly, is found and names the versions it costs; every other command goes on past a
damaged version, names it and exits 5; keyframes bound what one bad row costs."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pgserver
import pytest
from conftest import Run, StoreHome, Stores
from jsonschema import Draft202012Validator
from webserver import Site

from revtrack import schemas
from revtrack.errors import ExitStatus
from revtrack.models import Snapshot, Tracking
from revtrack.paths import DatabaseURL, Location
from revtrack.store import codec, deferred, open_store
from revtrack.text import normalize

RunFn = Callable[..., Run]
T0 = datetime(2025, 1, 2, 9, tzinfo=UTC)
K = codec.KEYFRAME_INTERVAL  # one version in K is kept whole
COUNT = K + 4  # versions of talks: whole at K and the newest
NOTE = "Correction (Jan. 2, 2025): An earlier version misstated the number of inspectors."


def text(n: int) -> str:
    """Version ``n`` of talks: a sentence that changes each time, and a correction from 8 on."""
    note = f"\n\n{NOTE}" if n >= 8 else ""
    return normalize(
        "The council met on Tuesday to talk about the port.\n\n"
        f"It agreed to hire {n} more building inspectors this year.{note}\n"
    )


def fill(location: Location, count: int = COUNT, name: str = "talks") -> None:
    with open_store(location, write=True) as store:
        for n in range(1, count + 1):
            store.add(name, Snapshot(text(n), "file"), T0 + timedelta(hours=n))


def sql(stores: Stores, location: Location, statement: str, *params: Any) -> None:
    """Edit the store's rows directly, as damage would (in a SQLite store, the tables it makes
    when first written made first)."""
    if isinstance(location, Path):
        for table in deferred.TABLES:
            for made in deferred.group_of(table):
                stores.sql(location, made)
    stores.sql(location, statement, *params)


def version_of(number: int) -> str:
    return f"article_id = (SELECT id FROM articles WHERE key = 'talks') AND number = {number}"


def valid(output: str, shape: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(output)
    validator = Draft202012Validator(
        schemas.load(shape), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    errors = [e.message for e in validator.iter_errors(data)]
    assert not errors, errors
    return data


def one_error(r: Run, fragment: str) -> None:
    assert r.code == ExitStatus.STORE_ERROR, r
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and fragment in lines[0], r


# --- a sound store ---------------------------------------------------------------------------


def test_a_sound_store_passes(run: RunFn, store_home: StoreHome) -> None:
    location = store_home.location
    fill(location)
    url = "https://news.example/port"
    with open_store(location, write=True) as store:
        store.follow("https://news.example/rss", T0)
        tracking = Tracking("port", url, timedelta(minutes=15), next_check=T0)
        store.add("port", Snapshot(text(1), "fetched"), T0, url=url, tracking=tracking)
    run("ignore", "add", "^Advertisement$", "--article", "talks")
    run("ignore", "off", "counts")
    r = run("check")
    assert (r.code, r.stdout) == (0, ""), r
    assert r.stderr.startswith(f"store {location} is sound: 2 articles, {COUNT + 1} versions"), r
    assert run("check", "-q").stderr == ""
    data = valid(run("check", "--json").stdout, "check")
    assert (data["articles"], data["versions"], data["damaged_versions"]) == (2, COUNT + 1, 0)
    assert data["problems"] == [] and data["store"] == str(location)
    expected = "SQLite's PRAGMA integrity_check" if isinstance(location, Path) else "none: amcheck"
    assert data["database_check"].startswith(expected)


# --- damage, found and named -----------------------------------------------------------------

#: Each kind of damage: the statement that does it (run on the store's own database), and the
#: versions it damages, with what ``check`` says of one of them.
DAMAGE: dict[str, tuple[str, tuple[Any, ...], set[int], str]] = {
    # a body that is not zstd: it, and the version stored against it (K is whole)
    "body": (
        f"UPDATE versions SET body = ? WHERE {version_of(K + 2)}",
        (b"\x00\x11\x22\x33 not zstd",),
        {K + 1, K + 2},
        f"talks@{K + 2} is damaged: its text cannot be decompressed",
    ),
    # a hash that is not the text's: the text is right, and serves the version before it
    "hash": (
        f"UPDATE versions SET hash = 'sha256:00' WHERE {version_of(5)}",
        (),
        {5},
        "talks@5 is damaged: its text does not match its hash",
    ),
    # a gap in the numbering: the version missing, and the one stored against it
    "gap": (
        f"DELETE FROM versions WHERE {version_of(K + 2)}",
        (),
        {K + 1, K + 2},
        f"talks@{K + 2} is damaged: it is missing: no row holds it",
    ),
    # the newest version gone: what was stored against it, down to the keyframe
    "missing base": (
        f"DELETE FROM versions WHERE {version_of(COUNT)}",
        (),
        {K + 1, K + 2, K + 3},
        f"talks@{K + 3} is damaged: it is stored against @{K + 4}, which is missing\n"
        f"talks@{K + 1} is damaged: it is stored against @{K + 2}, which cannot be rebuilt "
        f"(its chain breaks at @{K + 3})",
    ),
    # a column nothing checks when it is written
    "count": (
        f"UPDATE versions SET word_count = 3 WHERE {version_of(7)}",
        (),
        {7},
        "talks@7 is damaged: it counts 3 words, its text has",
    ),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_check_names_each_damaged_version(
    run: RunFn, stores: Stores, store_home: StoreHome, damage: str
) -> None:
    location = store_home.location
    fill(location)
    statement, params, damaged, message = DAMAGE[damage]
    sql(stores, location, statement, *params)
    r = run("check")
    assert r.code == ExitStatus.STORE_ERROR, r
    assert all(line in r.stdout for line in message.splitlines()), r
    named = {int(line.split("@")[1].split()[0]) for line in r.stdout.splitlines()}
    assert named == damaged, r
    one_error(r, f"store {location} is damaged: {len(damaged)} damaged version")
    data = valid(run("check", "--json").stdout, "check")
    assert {p["version"] for p in data["problems"]} == damaged
    assert data["damaged_versions"] == len(damaged)
    assert {p["article"] for p in data["problems"]} == {"talks"}


def test_a_tracking_row_for_a_missing_article(
    run: RunFn, stores: Stores, store_home: StoreHome
) -> None:
    location = store_home.location
    fill(location, 3)
    if isinstance(location, DatabaseURL):  # (a foreign key holds it; SQLite's is off here)
        sql(stores, location, "ALTER TABLE tracking DROP CONSTRAINT tracking_article_id_fkey")
    sql(
        stores,
        location,
        "INSERT INTO tracking (article_id, interval_seconds, next_check) VALUES (99, 900, ?)",
        "2025-01-02T09:00:00+00:00",
    )
    r = run("check")
    assert r.stdout == "tracking: a tracking row is for an article (id 99) that does not exist\n"
    one_error(r, "is damaged: 1 other problem (1 article, 3 versions checked)")
    (found,) = valid(run("check", "--json").stdout, "check")["problems"]
    assert (found["kind"], found["article"], found["version"]) == ("tracking", None, None)
    assert run("log", "talks").code == 0  # no version is damaged


def test_an_article_without_versions_and_a_feed_unreadable(
    run: RunFn, stores: Stores, store_home: StoreHome
) -> None:
    location = store_home.location
    fill(location, 2)
    sql(stores, location, "INSERT INTO articles (key, created_at) VALUES ('empty', ?)", T0)
    if isinstance(location, Path):  # (PostgreSQL keeps its times typed)
        sql(stores, location, "INSERT INTO feeds (url, added_at) VALUES ('https://x/rss', 'x')")
    r = run("check")
    assert "empty: it has no versions" in r.stdout, r
    assert isinstance(location, DatabaseURL) or "feed: a feed's row is unreadable" in r.stdout


# --- damage contained --------------------------------------------------------------------------


def test_commands_go_on_past_a_damaged_version(
    run: RunFn, stores: Stores, store_home: StoreHome
) -> None:
    location = store_home.location
    fill(location)
    sql(stores, location, f"UPDATE versions SET hash = 'sha256:00' WHERE {version_of(9)}")
    error = "talks@9 is damaged: its text does not match its hash"

    log = run("log", "talks")
    one_error(log, error)
    lines = log.stdout.splitlines()
    assert len(lines) == COUNT and lines[8] == f"@9   damaged: {error.split(': ', 1)[1]}"
    assert [line.split()[0] for line in lines] == [f"@{n}" for n in range(1, COUNT + 1)]
    assert "+2 -1" not in lines[9]  # @10 is counted against @8, across the damaged one
    data = valid(run("log", "talks", "--json").stdout, "log")
    assert [v["number"] for v in data["versions"]] == [n for n in range(1, COUNT + 1) if n != 9]
    assert [(d["kind"], d["version"]) for d in data["damaged"]] == [("hash", 9)]

    notes = run("notes", "talks")
    one_error(notes, error)
    assert "@8–  correction 2025-01-02" in notes.stdout and "@9  damaged" in notes.stdout
    valid(run("notes", "talks", "--json").stdout, "notes")

    assert run("diff", "talks", "@1", "@8").code == 0  # the damaged one is not between
    assert run("diff", "talks", "@10", "@20").code == 0
    across = run("diff", "talks", "@8", "@10")
    one_error(across, error)
    assert across.stdout.startswith("--- talks@8"), across
    one_error(run("diff", "talks", "@9", "@10"), error)
    assert run("show", "talks@8").stdout == text(8)
    one_error(run("show", "talks@9"), error)
    assert run("list").code == 0


def test_a_chain_broken_costs_the_versions_down_to_the_keyframe(
    run: RunFn, stores: Stores, store_home: StoreHome
) -> None:
    location = store_home.location
    fill(location, 2 * K + 8)  # whole: K, 2K and the newest
    sql(stores, location, f"UPDATE versions SET body = ? WHERE {version_of(K + 4)}", b"junk")
    with open_store(location, write=False) as store:
        history = store.read_history("talks")
    assert [p.version for p in history.damaged] == [K + 1, K + 2, K + 3, K + 4]
    assert [v.number for v in history.versions] == [*range(1, K + 1), *range(K + 5, 2 * K + 9)]
    assert [v.text for v in history.versions] == [text(v.number) for v in history.versions]
    shown = run("show", f"talks@{K + 2}")
    expected = f"talks@{K + 2} is damaged: it is stored against @{K + 3}, which cannot be rebuilt"
    one_error(shown, expected)
    assert f"(its chain breaks at @{K + 4})" in shown.stderr
    assert run("show", f"talks@{K}").stdout == text(K)
    assert run("diff", "talks", "@1", f"@{K}", "--stat").code == 0


def test_one_damaged_row_costs_at_most_a_keyframe_interval(
    stores: Stores, location: Location
) -> None:
    """Whichever row is damaged, at most K versions are lost (the newest whole one: it and
    the K - 1 stored against it, down to the keyframe before it); every other one reads."""
    count = 2 * K + 3
    fill(location, count)
    for number in (count, 2 * K, 2 * K - 1, K + 1, K, 1):
        ((body,),) = stores.sql(location, f"SELECT body FROM versions WHERE {version_of(number)}")
        sql(stores, location, f"UPDATE versions SET body = ? WHERE {version_of(number)}", b"junk")
        with open_store(location, write=False) as store:
            history = store.read_history("talks")
        lost = [p.version for p in history.damaged]
        keyframe = (number - 1) // K * K  # the whole version before it
        assert lost == list(range(keyframe + 1, number + 1)), number
        assert len(lost) <= K
        assert [v.text for v in history.versions] == [text(v.number) for v in history.versions]
        assert len(history.versions) == count - len(lost)
        sql(stores, location, f"UPDATE versions SET body = ? WHERE {version_of(number)}", body)


def test_stores_written_with_other_keyframes_read_the_same(
    location: Location, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as earlier:
        earlier.setattr(codec, "KEYFRAME_INTERVAL", 16)  # as stores were written before
        fill(location, 40)
    with open_store(location, write=True) as store:
        for n in range(41, K + 11):
            store.add("talks", Snapshot(text(n), "file"), T0 + timedelta(hours=n))
        assert [v.text for v in store.history("talks")] == [text(n) for n in range(1, K + 11)]
        for n in (15, 16, 17, 32, 39, 40, K - 1, K, K + 1):
            assert store.version("talks", n).text == text(n)
        assert not [step.problems for step in store.check() if step.problems]


# --- writes that meet damage -----------------------------------------------------------------


def test_add_after_a_damaged_version_stores_and_names_it(
    run: RunFn, stores: Stores, store_home: StoreHome
) -> None:
    location = store_home.location
    fill(location, 5)
    sql(stores, location, f"UPDATE versions SET metadata = '[1]' WHERE {version_of(3)}")
    r = run("add", "talks", "-", input=text(6).encode())
    assert r.stdout.startswith("talks@6"), r
    one_error(r, "talks@3 is damaged: its row cannot be read: metadata is not an object")
    latest = run("add", "talks", "-", input=text(4).encode())  # a revert of @4, readable
    assert "(same text as @4)" in latest.stdout, latest
    sql(stores, location, f"UPDATE versions SET hash = 'sha256:00' WHERE {version_of(7)}")
    refused = run("add", "talks", "-", input=text(8).encode())
    one_error(refused, "talks@7 is damaged: its text does not match its hash")
    assert refused.stdout == ""


def test_refresh_exits_5_on_damage_it_meets(
    run: RunFn, stores: Stores, store_home: StoreHome, site: Site
) -> None:
    location = store_home.location
    page = "<html><body><article><p>{}</p><p>{}</p></article></body></html>"
    words = "The council met on Tuesday to talk about the port and its future plans."
    url = site.page("/port", page.format(words, "It agreed to hire 5 inspectors.").encode())
    assert run("add", url).code == 0
    for n in (6, 7):
        site.set_body("/port", page.format(words, f"It agreed to hire {n} inspectors.").encode())
        assert run("refresh", "--all").code == 0
    with open_store(location, write=False) as store:
        (article,) = store.articles()
    key = article.key
    where = f"article_id = (SELECT id FROM articles WHERE key = '{key}')"
    sql(stores, location, f"UPDATE versions SET hash = 'sha256:00' WHERE {where} AND number = 2")
    site.set_body("/port", page.format(words, "It agreed to hire 8 inspectors.").encode())
    judged = run("refresh", "--all")  # a new version, judged without @2
    assert judged.stdout.startswith(f"{key}@4"), judged
    one_error(judged, f"{key}@2 is damaged: its text does not match its hash")
    sql(stores, location, f"UPDATE versions SET hash = 'sha256:00' WHERE {where} AND number = 4")
    site.set_body("/port", page.format(words, "It agreed to hire 9 inspectors.").encode())
    failed = run("refresh", "--all")  # the latest cannot be read: nothing stored
    assert failed.code == ExitStatus.STORE_ERROR, failed
    assert f"{key}@4 is damaged: its text does not match its hash" in failed.stderr, failed
    unchanged = run("refresh", "--all", "--json")  # (the page of @4 again: 304 or same text)
    assert unchanged.code == ExitStatus.STORE_ERROR, unchanged


# --- PostgreSQL's own check --------------------------------------------------------------------


def test_amcheck_when_the_database_has_it(
    run: RunFn, postgres: pgserver.Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema = postgres.new_schema()
    url = postgres.writer_url(schema=schema)
    monkeypatch.setenv("REVTRACK_HOME", url)
    fill(DatabaseURL(url), 3)
    postgres.execute(
        "CREATE EXTENSION IF NOT EXISTS amcheck SCHEMA public",
        f"GRANT EXECUTE ON FUNCTION public.bt_index_check(regclass, boolean) TO {pgserver.WRITER}",
        "GRANT EXECUTE ON FUNCTION public.verify_heapam(regclass, boolean, boolean, text, "
        f"bigint, bigint) TO {pgserver.WRITER}",
    )
    try:
        data = valid(run("check", "--json").stdout, "check")
        assert data["database_check"] == "amcheck: bt_index_check and verify_heapam"
        assert data["problems"] == []
        postgres.execute(
            f"REVOKE EXECUTE ON FUNCTION public.bt_index_check(regclass, boolean) "
            f"FROM {pgserver.WRITER}"
        )
        r = run("check")
        assert r.code == 0 and "none: this role may not run amcheck" in r.stderr, r
    finally:
        postgres.execute("DROP EXTENSION IF EXISTS amcheck")


# --- progress --------------------------------------------------------------------------------


def test_a_progress_bar_of_the_versions_only_on_a_terminal(
    run: RunFn, store_home: StoreHome
) -> None:
    fill(store_home.location, 5)
    fill(store_home.location, 3, name="other")
    drawn = run("check", env={"FORCE_COLOR": "1"})  # stderr: a terminal
    assert drawn.code == 0 and "8/8" in drawn.stderr, drawn
    piped = run("check")
    assert "8/8" not in piped.stderr and piped.stderr.startswith("store "), piped
    assert "8/8" not in run("check", "--json", env={"FORCE_COLOR": "1"}).stderr


def test_a_time_that_cannot_be_read_costs_its_version_only(run: RunFn, isolated: Path) -> None:
    """(On SQLite, where times are text; PostgreSQL keeps them typed.)"""
    location = isolated / "revtrack.db"
    fill(location, 4)
    with sqlite3.connect(location) as db:
        db.execute(f"UPDATE versions SET observed_at = 'never' WHERE {version_of(2)}")
    log = run("log", "talks")
    one_error(log, "talks@2 is damaged: its row cannot be read: Invalid isoformat string")
    assert [line.split()[0] for line in log.stdout.splitlines()] == ["@1", "@2", "@3", "@4"]
    assert run("diff", "talks", "@3", "@4").code == 0
    one_error(run("list"), "talks is damaged: a version's time cannot be read")
    assert "talks@2 is damaged: its row cannot be read" in run("check").stdout


def test_pages_the_database_cannot_read_are_problems_found(run: RunFn, isolated: Path) -> None:
    """A page of the file overwritten: SQLite's own check says so, the articles whose rows it
    held cannot be read, and the check goes on to the end."""
    from test_errors import _spoil_row_page

    db = isolated / "revtrack.db"
    fill(db, 3)
    fill(db, 2, name="other")
    db.write_bytes(_spoil_row_page(db.read_bytes(), b"\xa5", 64))
    r = run("check")
    assert r.code == ExitStatus.STORE_ERROR, r
    assert r.stdout.startswith("database: "), r
    assert "talks: its versions cannot be read: database disk image is malformed" in r.stdout
    one_error(r, "is damaged: ")
    valid(run("check", "--json").stdout, "check")
