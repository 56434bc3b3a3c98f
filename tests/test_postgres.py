"""The PostgreSQL store on a real server (see ``pgserver.py``): the commands print what they
print on SQLite, migrations are recorded in the database, writers wait for each other, the
privileges it needs are the README's, TLS options in the URL reach libpq, and a store that
cannot be used says why in one line, its password masked."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pgserver
import psycopg
import pytest
from conftest import ARTICLES, Run
from test_errors import assert_error

from revtrack.errors import ExitStatus, StoreError
from revtrack.models import Snapshot
from revtrack.paths import DatabaseURL, mask
from revtrack.store import open_store, postgres
from revtrack.text import normalize

RunFn = Callable[..., Run]
TALKS = ARTICLES / "talks"


@pytest.fixture
def server(postgres: pgserver.Server) -> pgserver.Server:
    return postgres


@pytest.fixture
def url(server: pgserver.Server) -> str:
    """A store in a new schema, as the role that owns it, its password in the URL."""
    return server.writer_url(schema=server.new_schema())


def tables(server: pgserver.Server, schema: str) -> list[str]:
    with _admin(server) as connection:
        rows = connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY 1", (schema,)
        ).fetchall()
    return [str(name) for (name,) in rows]


def _admin(server: pgserver.Server, schema: str | None = None) -> psycopg.Connection[Any]:
    return psycopg.connect(server.url(schema=schema), autocommit=True)


def schema_of(url: str) -> str:
    return url.rsplit("%3D", 1)[1]


def assert_no_password(r: Run, *secrets: str) -> None:
    for secret in (pgserver.WRITER_PASSWORD, *secrets):
        for form in (secret, quote(secret, safe="")):
            assert form not in r.stdout and form not in r.stderr, str(r)


# --- the same behaviour as SQLite -----------------------------------------------------------

READING = [
    ["log", "talks"],
    ["log", "talks", "--json"],
    ["notes", "talks"],
    ["notes", "talks", "--json", "--explain"],
    ["diff", "talks", "@1", "@-1", "--color", "always"],
    ["diff", "talks", "--json"],
    ["diff", "talks", "@2", "@5", "--format", "patch"],
    ["show", "talks@2"],
    ["show", "talks", "--json"],
    ["list"],
    ["list", "--json"],
    ["ignore", "list", "--json"],
]


def history(run: RunFn, store: str) -> list[tuple[int, str, str]]:
    """The README's history of talks, a repeat, a revert, rules and every reading command,
    on the store ``store``: what each printed."""
    runs = []
    for line in (TALKS / "seen").read_text(encoding="utf-8").splitlines():
        version, at = line.split()
        runs.append(run("--store", store, "add", "talks", str(TALKS / version), "--at", at))
    later = ["--at", "2025-01-02T21:00:00-05:00"]
    runs.append(run("--store", store, "add", "talks", str(TALKS / "v4.txt"), *later))  # unchanged
    runs.append(run("--store", store, "add", "talks", str(TALKS / "v2.txt"), *later))  # a revert
    runs.append(run("--store", store, "ignore", "add", "^Advertisement$", "--article", "talks"))
    runs.append(run("--store", store, "ignore", "add", r"^\d+ of \d+$", "--site", "example.org"))
    runs.append(run("--store", store, "ignore", "add", "^Advertisement$", "--article", "talks"))
    runs.append(run("--store", store, "ignore", "off", "counts"))
    runs += [run("--store", store, *args) for args in READING]
    runs.append(run("--store", store, "ignore", "rm", "1"))
    runs.append(run("--store", store, "ignore", "list"))
    return [(r.code, r.stdout, r.stderr) for r in runs]


def test_every_command_prints_what_it_prints_on_sqlite(
    run: RunFn, url: str, tmp_path: Path
) -> None:
    on_sqlite = history(run, str(tmp_path / "revtrack.db"))
    assert [code for code, _, _ in on_sqlite] == [0] * len(on_sqlite), on_sqlite
    assert "(same text as @2)" in on_sqlite[5][1]
    assert history(run, url) == on_sqlite


def test_the_store_can_be_named_by_revtrack_home(
    run: RunFn, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REVTRACK_HOME", url)
    added = run("add", "talks", str(TALKS / "v1.txt"), "--at", "2025-01-02T09:00:00-05:00")
    assert added.code == 0 and added.stdout.startswith("talks@1"), added
    listed = run("list")
    assert listed.code == 0 and listed.stdout.startswith("talks"), listed
    postgres_scheme = url.replace("postgresql://", "postgres://")
    again = run("--store", postgres_scheme, "log", "talks")
    assert again.code == 0 and again.stdout.startswith("@1"), again


# --- the schema -----------------------------------------------------------------------------


def test_migrations_are_recorded_and_reading_creates_nothing(
    run: RunFn, server: pgserver.Server, url: str
) -> None:
    schema = schema_of(url)
    for args in (["list"], ["log", "talks"], ["ignore", "list"], ["check"], ["refresh"]):
        r = run("--store", url, *args)
        assert r.code in (ExitStatus.SUCCESS, ExitStatus.STORE_ERROR), r
        assert r.code == ExitStatus.SUCCESS or "holds no revtrack tables" in r.stderr, r
    assert tables(server, schema) == []
    assert run("--store", url, "add", "talks", str(TALKS / "v1.txt")).code == 0
    assert set(tables(server, schema)) == {
        "alert_queue",
        "alert_targets",
        "articles",
        "captures",
        "derived",
        "feeds",
        "hosts",
        "ignore_rules",
        "revtrack_migrations",
        "settings",
        "tracking",
        "version_captures",
        "version_words",
        "versions",
        "whole_texts",
    }
    with _admin(server, schema) as connection:
        rows = connection.execute(
            "SELECT version, revtrack, applied_at IS NOT NULL FROM revtrack_migrations"
        ).fetchall()
    assert [(v, ok) for v, _, ok in rows] == [
        (n, True) for n in range(1, postgres.SCHEMA_VERSION + 1)
    ]
    assert rows[-1][0] == postgres.SCHEMA_VERSION
    assert all(row[1] for row in rows)  # the release of revtrack that applied each


def test_a_store_written_by_a_newer_revtrack(run: RunFn, server: pgserver.Server, url: str) -> None:
    assert run("--store", url, "add", "talks", str(TALKS / "v1.txt")).code == 0
    with _admin(server, schema_of(url)) as connection:
        connection.execute("INSERT INTO revtrack_migrations VALUES (99, now(), '9.0')")
    for args in (["log", "talks"], ["add", "talks", str(TALKS / "v2.txt")]):
        r = run("--store", url, *args)
        assert_error(r, ExitStatus.STORE_ERROR, "was written by a newer revtrack (schema 99)")
        assert "postgresql://writer:***@127.0.0.1" in r.stderr
        assert_no_password(r)


def test_a_schema_of_another_application_is_not_taken(
    run: RunFn, server: pgserver.Server, url: str
) -> None:
    with _admin(server, schema_of(url)) as connection:
        connection.execute("CREATE TABLE articles (headline text)")
    for args in (["add", "talks", str(TALKS / "v1.txt")], ["list"]):
        r = run("--store", url, *args)
        assert_error(r, ExitStatus.STORE_ERROR, "is not a revtrack store")
    assert tables(server, schema_of(url)) == ["articles"]


# --- what revtrack needs of the server ------------------------------------------------------


def test_a_role_with_only_data_privileges_uses_a_migrated_schema(
    run: RunFn, server: pgserver.Server, url: str
) -> None:
    """The README's privileges: CONNECT, USAGE on the schema and the data privileges on its
    tables (and its sequences) once the schema is migrated; creating it needs CREATE."""
    schema = schema_of(url)
    server.execute(
        "DROP ROLE IF EXISTS clerk",
        "CREATE ROLE clerk LOGIN PASSWORD 'clerk-pw'",
        f"GRANT USAGE ON SCHEMA {schema} TO clerk",
    )
    clerk = server.url(user="clerk", password="clerk-pw", schema=schema)
    early = run("--store", clerk, "add", "talks", str(TALKS / "v1.txt"))
    assert_error(early, ExitStatus.STORE_ERROR, "permission denied for schema")
    assert_no_password(early, "clerk-pw")
    assert run("--store", url, "add", "talks", str(TALKS / "v1.txt")).code == 0  # the owner
    server.execute(
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO clerk",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO clerk",
    )
    for args in (
        ["add", "talks", str(TALKS / "v2.txt")],
        ["add", "other", str(TALKS / "v3.txt")],
        ["ignore", "add", "^Advertisement$"],
        ["ignore", "rm", "1"],
        ["log", "talks"],
    ):
        r = run("--store", clerk, *args)
        assert r.code == 0, r
    server.execute("DROP OWNED BY clerk", "DROP ROLE clerk")


# --- writers on several hosts -----------------------------------------------------------------


def _hold_article_lock(server: pgserver.Server, schema: str, seconds: float) -> threading.Event:
    """Lock the row of the article talks for ``seconds``, in a thread; set once it is held."""
    held = threading.Event()

    def hold() -> None:
        with _admin(server, schema) as connection:
            connection.execute("BEGIN")
            connection.execute("SELECT id FROM articles WHERE key = 'talks' FOR UPDATE")
            held.set()
            time.sleep(seconds)
            connection.execute("COMMIT")

    threading.Thread(target=hold, daemon=True).start()
    assert held.wait(10)
    return held


def test_an_add_waits_for_another_writer_of_its_article(
    server: pgserver.Server, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(DatabaseURL(url), write=True) as store:
        store.add("talks", Snapshot(normalize("One.\n"), "file"))
        _hold_article_lock(server, schema_of(url), 0.5)
        started = time.monotonic()
        result = store.add("talks", Snapshot(normalize("Two.\n"), "file"))
        assert time.monotonic() - started >= 0.4
        assert result.version.number == 2
    monkeypatch.setattr(postgres, "LOCK_TIMEOUT", "200ms")
    with open_store(DatabaseURL(url), write=True) as store:
        _hold_article_lock(server, schema_of(url), 3)
        with pytest.raises(StoreError, match="is busy: another revtrack is writing to it") as e:
            store.add("talks", Snapshot(normalize("Three.\n"), "file"))
        assert pgserver.WRITER_PASSWORD not in str(e.value)
        assert [v.number for v in store.history("talks")] == [1, 2]


# --- TLS ------------------------------------------------------------------------------------


def test_tls_options_in_the_url_reach_libpq(run: RunFn, server: pgserver.Server, url: str) -> None:
    if server.certificate is None:
        pytest.fail("the test server has no certificate: openssl is missing")
    verified = f"{url}&sslmode=verify-full&sslrootcert={quote(str(server.certificate))}"
    r = run("--store", verified, "add", "talks", str(TALKS / "v1.txt"))
    assert r.code == 0, r
    missing_root = f"{url}&sslmode=verify-full&sslrootcert=/nonexistent/root.crt"
    r = run("--store", missing_root, "log", "talks")
    assert_error(r, ExitStatus.STORE_ERROR, "root certificate file")
    plain = server.url(user=pgserver.WRITER, password=pgserver.WRITER_PASSWORD)
    r = run("--store", plain + "?sslmode=disable", "list")
    assert r.code == 0, r


# --- errors: one line, no password --------------------------------------------------------------


def test_wrong_credentials(run: RunFn, server: pgserver.Server) -> None:
    wrong = "Wr0ng-p@ss/word"
    for store in (
        server.url(user=pgserver.WRITER, password=wrong),
        server.url(user=pgserver.WRITER) + f"?password={quote(wrong, safe='')}",
    ):
        for args in (["add", "talks", str(TALKS / "v1.txt")], ["log", "talks"], ["refresh"]):
            r = run("--store", store, *args)
            assert_error(r, ExitStatus.STORE_ERROR, "cannot connect to store postgresql://writer")
            assert 'password authentication failed for user "writer"' in r.stderr, r
            assert "***" in r.stderr
            assert_no_password(r, wrong)


def test_an_unreachable_server(run: RunFn, monkeypatch: pytest.MonkeyPatch) -> None:
    store = f"postgresql://news:hunter2-pw@127.0.0.1:{pgserver.free_port()}/revtrack"
    monkeypatch.setenv("REVTRACK_HOME", store)
    for args in (["list"], ["add", "talks", str(TALKS / "v1.txt")], ["refresh"]):
        r = run(*args)
        assert_error(r, ExitStatus.STORE_ERROR, "cannot connect to store postgresql://news:***@")
        assert "Connection refused" in r.stderr, r
        assert_no_password(r, "hunter2-pw")


def test_a_missing_database(run: RunFn, server: pgserver.Server) -> None:
    store = server.url("no_such_db", user=pgserver.WRITER, password=pgserver.WRITER_PASSWORD)
    r = run("--store", store, "list")
    assert_error(r, ExitStatus.STORE_ERROR, 'database "no_such_db" does not exist')
    assert_no_password(r)


def test_a_malformed_url(run: RunFn) -> None:
    r = run("--store", "postgresql://news:100%@db.example/x", "list")
    assert_error(r, ExitStatus.STORE_ERROR, "cannot connect to store postgresql://news:***@")
    assert "100%" not in r.stderr, r
    r = run("--store", "postgresql://db.example/x?colour=blue", "list")
    assert_error(r, ExitStatus.STORE_ERROR, 'invalid URI query parameter: "colour"')


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://news:s3cret@db.example/x", "postgresql://news:***@db.example/x"),
        ("postgres://news@db.example:5433/x", "postgres://news@db.example:5433/x"),
        (
            "postgresql://a:p%40ss@h1:5432,h2/x?sslmode=require&password=two",
            "postgresql://a:***@h1:5432,h2/x?sslmode=require&password=***",
        ),
        ("postgresql:///x?host=/run/pg&PASSWORD=x", "postgresql:///x?host=/run/pg&PASSWORD=***"),
    ],
)
def test_a_url_is_shown_with_its_password_masked(url: str, shown: str) -> None:
    location = DatabaseURL(url)
    assert mask(url) == str(location) == shown
    assert repr(location) == f"DatabaseURL({shown!r})"
    assert location.secret == url


def test_psycopg_is_imported_only_for_a_postgresql_store(tmp_path: Path) -> None:
    code = (
        "import sys; from revtrack.cli import cli\n"
        "try:\n    cli(['list'])\nexcept SystemExit as e:\n    pass\n"
        "print('psycopg' in sys.modules)"
    )
    env = {"REVTRACK_HOME": str(tmp_path), "PATH": ""}
    child = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert child.stdout.split() == ["False"], child


def test_a_lost_connection_is_one_line(server: pgserver.Server, url: str) -> None:
    with open_store(DatabaseURL(url), write=True) as store:
        store.add("talks", Snapshot(normalize("One.\n"), "file"))
        server.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = 'revtrack' AND pid <> pg_backend_pid()"
        )
        with pytest.raises(StoreError, match="cannot be used: ") as lost:
            store.add("talks", Snapshot(normalize("Two.\n"), "file"))
    message = str(lost.value)
    assert "\n" not in message and pgserver.WRITER_PASSWORD not in message
    assert message.startswith("store postgresql://writer:***@127.0.0.1:"), message


def test_without_the_binaries_the_server_is_skipped_unless_ci_requires_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def absent() -> Path:
        raise pgserver.Unavailable("PostgreSQL server binaries (initdb, pg_ctl) not found")

    monkeypatch.setattr(pgserver, "bindir", absent)
    with pytest.raises(pgserver.Unavailable):
        pgserver.start(required=False)
    with pytest.raises(RuntimeError, match="CI is set but the PostgreSQL binaries are missing"):
        pgserver.start(required=True)
