"""``revtrack copy``: a whole store copied from SQLite to PostgreSQL and back, losslessly;
resumed after an interruption; refused or stopped where it would not be exact."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pgserver
import pytest
from click.testing import CliRunner
from conftest import FIXTURES, Run, Stores, article_versions
from jsonschema import Draft202012Validator
from webserver import Site

from revtrack import schemas
from revtrack.cli import cli
from revtrack.errors import ExitStatus
from revtrack.models import CopyReport, Feed, IgnoreRule, Snapshot, Tracking
from revtrack.paths import DatabaseURL, Location, same_store, store_location
from revtrack.render.progress import CopyPrinter
from revtrack.store import Store, open_store
from revtrack.transfer import copy_store

RunFn = Callable[..., Run]
LEDGER = (FIXTURES / "html" / "ledger-budget.html").read_bytes()
T0 = datetime(2025, 1, 2, 14, tzinfo=UTC)
FEED = "https://news.example/politics/rss.xml"
OLD_FEED = "https://news.example/old/rss.xml"
#: A text as a store may hold it, beyond what ``add`` would normalise: line ends, trailing
#: spaces, zero-width and control characters, combining marks, astral characters.
ODD = (
    "Cafe\u0301 na\u00efve\r\n\r\n\tTabbed  \n\u200b\x1b[31mred\x1b[0m "
    "\U0001f642 \U0001f1fa\U0001f1f8  "
)


def arg(location: Location) -> str:
    """How a command line names a store (a PostgreSQL URL with its password)."""
    return location.secret if isinstance(location, DatabaseURL) else str(location)


def tracking(article: str, url: str, **changes: Any) -> Tracking:
    """A tracking state with every field set."""
    state = Tracking(
        article=article,
        url=url,
        interval=timedelta(minutes=22, seconds=30.5),
        next_check=T0 + timedelta(days=3, microseconds=250),
        last_checked=T0 + timedelta(days=2),
        last_changed=T0 + timedelta(days=1),
        etag='W/"abc-1"',
        last_modified="Thu, 02 Jan 2025 14:00:00 GMT",
        failures=3,
        last_error="503 Service Unavailable",
        stopped=True,
        feed=FEED,
        paused=True,
    )
    return replace(state, **changes)


def fill(run: RunFn, site: Site) -> Location:
    """The default store, filled by the commands and the Store API with every kind of data
    a store holds; its location."""
    for n, path in enumerate(article_versions("talks")):
        at = (T0 + timedelta(hours=3 * n)).isoformat()
        assert run("add", "talks", str(path), "--at", at).code == 0
    first = "First text of the story, long enough."
    for n, text in enumerate([first, "Second text.", first]):  # the third one a revert
        at = (T0 + timedelta(minutes=n)).isoformat()
        assert run("add", "reverted", "-", "--at", at, input=text.encode()).code == 0
    page = site.page("/council-approves-budget", LEDGER)
    assert run("add", page).code == 0, "a fetched page: source url, title, metadata, tracking"
    saved = LEDGER.replace(b"Tuesday", b"Friday")
    assert run("add", page, "-", "--html", input=saved).code == 0
    feed = site.page(
        "/rss.xml",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Ledger</title>'
        f"<link>{site.base}</link><item><title>Council</title><link>{page}</link>"
        "</item></channel></rss>",
        content_type="application/rss+xml",
    )
    assert run("follow", feed).code == 0
    location = store_location()
    with open_store(location, write=True) as store:
        store.update_feed(Feed(feed, T0, T0 + timedelta(hours=1), '"f1"', "Thu", None))
        store.follow(FEED, T0)
        store.update_feed(Feed(FEED, T0, T0 + timedelta(hours=2), None, None, "404 Not Found"))
        store.follow(OLD_FEED, T0)
        url = "https://news.example/politics/port-talks"
        for n, text in enumerate(["Port talks resume today in the city.", ODD, "Port talks end."]):
            snapshot = Snapshot(
                text, "url", f"Port talks {n}", {"author": "A. Writer", "n": str(n)}
            )
            state = tracking("port-talks", url) if n == 0 else None
            store.add(
                "port-talks",
                snapshot,
                T0 + timedelta(seconds=n, microseconds=7),
                url=url,
                tracking=state,
            )
        old = "https://news.example/old/story"
        store.add(
            "old-story",
            Snapshot("An older story.", "url"),
            T0,
            url=old,
            tracking=tracking("old-story", old, feed=OLD_FEED, stopped=False, failures=0),
        )
        store.unfollow(OLD_FEED, T0 + timedelta(hours=5))
    for scope in (["--article", "talks"], ["--site", "example.org"], []):
        assert run("ignore", "add", "^Advertisement$", *scope).code == 0
    assert run("ignore", "add", r"^\d+ of \d+$").code == 0
    assert run("ignore", "off", "counts").code == 0
    for target in (
        ["json://127.0.0.1:9/desk"],
        ["mailto://user:secret@example.org", "--article", "talks", "--min-severity", "typo"],
        ["ntfys://ntfy.sh/ledger", "--site", "example.org", "--min-severity", "substantive"],
    ):
        assert run("alert", "add", *target).code == 0
    return location


def contents(location: Location) -> dict[str, Any]:
    """Everything the store holds, read through the Store protocol."""
    with open_store(location, write=False) as store:
        articles = store.articles()
        return {
            "articles": articles,
            "versions": {
                a.key: [replace(v, metadata=dict(v.metadata)) for v in store.history(a.key)]
                for a in articles
            },
            "tracked": store.tracked(),
            "feeds": store.feeds(),
            "rules": [(r.id, r.pattern, r.article, r.site) for r in store.ignore_rules()],
            "builtins": store.disabled_builtins(),
            "alerts": store.alert_targets(),
        }


def printed(location: Location, *args: str) -> bytes:
    """What a command prints on stdout, byte for byte (``Run.stdout`` turns CR LF into LF)."""
    result = CliRunner().invoke(cli, ["--store", arg(location), *args])
    assert result.exit_code == 0, (args, result.output)
    return result.stdout_bytes


def outputs(location: Location) -> list[bytes]:
    """What the reading commands print of the store: every version's text, each article's log
    and notes (with the rules that applied), the list, the rules."""
    listed = printed(location, "list", "--json")
    shown = [listed, printed(location, "ignore", "list", "--json")]
    for article in json.loads(listed)["articles"]:
        name = article["article"]
        shown += [printed(location, "log", name, *options) for options in (["--json"], ["--utc"])]
        shown += [printed(location, "notes", name, "--json")]
        shown += [
            printed(location, "show", f"{name}@{n}") for n in range(1, article["versions"] + 1)
        ]
    return shown


def copied(run: RunFn, source: Location, target: Location, *options: str) -> Run:
    result = run("--store", arg(source), "copy", "--to", arg(target), *options)
    assert result.code == 0, result
    return result


def valid(result: Run) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(result.stdout)
    validator = Draft202012Validator(
        schemas.load("copy"), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    assert not list(validator.iter_errors(data)), data
    return data


# --- lossless, both ways ----------------------------------------------------------------------


def test_sqlite_to_postgresql_and_back_is_lossless(
    run: RunFn, site: Site, postgres: pgserver.Server, tmp_path: Path
) -> None:
    source = fill(run, site)
    server = DatabaseURL(postgres.writer_url(schema=postgres.new_schema()))
    back = tmp_path / "back" / "revtrack.db"
    original = contents(source)
    assert len(original["articles"]) == 5 and len(original["tracked"]) == 3
    assert {t.feed for t in original["tracked"]} == {FEED, OLD_FEED, None}
    assert len(original["feeds"]) == 2 and len(original["rules"]) == 4
    assert original["builtins"] == {"counts"}
    assert ODD in [v.text for v in original["versions"]["port-talks"]]
    assert original["versions"]["reverted"][-1].revert_of == 1
    shown = outputs(source)

    there = copied(run, source, server)
    assert there.stdout == "" and there.stderr == (
        f"copied to {server}: 5 articles, 13 versions copied, 0 already there, 2 feeds, 4 rules\n"
    )
    assert contents(server) == original
    assert outputs(server) == shown
    report = valid(copied(run, server, back, "--json"))
    assert report == {
        "schema": "revtrack.copy/1",
        "articles": 5,
        "versions_copied": 13,
        "versions_present": 0,
        "feeds": 2,
        "rules": 4,
    }
    assert contents(back) == original
    assert outputs(back) == shown
    assert contents(source) == original  # the source is only read


def test_texts_stay_byte_for_byte(run: RunFn, postgres: pgserver.Server) -> None:
    source = store_location()
    texts = [ODD, ODD.strip(), "\u00e9\r\n", "x " * 70_000, ODD]  # a long one; a revert
    with open_store(source, write=True) as store:
        for n, text in enumerate(texts):
            store.add("raw", Snapshot(text, "stdin"), T0 + timedelta(minutes=n))
    server = DatabaseURL(postgres.writer_url(schema=postgres.new_schema()))
    copied(run, source, server)
    with open_store(server, write=False) as store:
        assert [v.text for v in store.history("raw")] == texts
        assert store.version("raw", -1).revert_of == 1
    for n, text in enumerate(texts, start=1):
        assert printed(server, "show", f"raw@{n}") == text.encode()


# --- resumed ------------------------------------------------------------------------------------


def source_store(tmp_path: Path) -> Path:
    """A SQLite store of three articles (one tracked by URL), a feed and a rule on an
    article."""
    location = tmp_path / "source.db"
    with open_store(location, write=True) as store:
        _articles(store)
    return location


def _articles(store: Store) -> None:
    for n in range(5):
        store.add("long", Snapshot(f"Version {n} of the long story.", "file"), T0 + timedelta(n))
    for n in range(3):
        url = "https://news.example/tracked"
        state = tracking("tracked", url, feed=None) if n == 0 else None
        store.add("tracked", Snapshot(f"Tracked {n}.", "url"), T0, url=url, tracking=state)
    store.add("short", Snapshot("Short.", "file"), T0)
    store.follow(FEED, T0)
    store.add_ignore_rule(IgnoreRule("^Share$", article="long"), T0)


def test_an_interrupted_copy_resumes_and_ends_identical(
    run: RunFn, stores: Stores, tmp_path: Path
) -> None:
    source, target = source_store(tmp_path), stores.new()
    with open_store(source, write=False) as store:
        history = store.history("long")
        tracked = store.tracked()[0]
    with open_store(target, write=True) as store:  # as a copy stopped midway leaves it
        for version in history[:2]:
            snapshot = Snapshot(version.text, version.source, version.title, version.metadata)
            store.add("long", snapshot, version.observed_at)
        store.add("short", Snapshot("Short.", "file"), T0)
        store.follow(FEED, T0)
        store.add_ignore_rule(IgnoreRule("^Share$", article="long"), T0)
    report = valid(copied(run, source, target, "--json"))
    assert (report["versions_copied"], report["versions_present"]) == (6, 3)
    assert contents(target) == contents(source)
    again = valid(copied(run, source, target, "--json"))
    assert (again["versions_copied"], again["versions_present"]) == (0, 9)
    assert contents(target) == contents(source)  # no rule, feed or tracking twice
    with open_store(target, write=False) as store:
        assert store.tracked() == [tracked]


def test_a_copy_stopped_by_an_error_is_resumed(tmp_path: Path) -> None:
    source, target = source_store(tmp_path), tmp_path / "target.db"

    class Stop:
        def total(self, count: int) -> None:
            pass

        def copied(self, article: str, versions: int) -> None:
            if article == "long":
                raise KeyboardInterrupt

    with open_store(source, write=False) as original, open_store(target, write=True) as copy:
        with pytest.raises(KeyboardInterrupt):
            copy_store(original, copy, Stop())
        assert [a.key for a in copy.articles()] == ["long"]
        assert copy_store(original, copy) == CopyReport(3, 4, 5, 1, 1)
    assert contents(target) == contents(source)


# --- refused, or stopped ------------------------------------------------------------------------


def test_a_target_with_other_versions_stops_the_copy(
    run: RunFn, stores: Stores, tmp_path: Path
) -> None:
    source, target = source_store(tmp_path), stores.new()
    with open_store(target, write=True) as store:
        store.add("long", Snapshot("Version 0 of the long story.", "file"), T0)
        store.add("long", Snapshot("Another text altogether.", "file"), T0 + timedelta(1))
    before = contents(target)
    result = run("--store", str(source), "copy", "--to", arg(target))
    assert result.code == ExitStatus.STORE_ERROR, result
    assert result.stdout == "" and result.stderr == (
        "Error: long@2: the target's version differs from the source's; copy into an empty store\n"
    )
    after = contents(target)
    assert (after["articles"], after["versions"]) == (before["articles"], before["versions"])


@pytest.mark.parametrize(
    ("prepare", "message"),
    [
        (  # the same name, but not the same article
            lambda s: s.add("tracked", Snapshot("Tracked 0.", "file"), T0),
            "tracked: the target has another article by this name or URL (tracked)",
        ),
        (  # the same URL, another name
            lambda s: s.add(
                "elsewhere", Snapshot("Tracked 0.", "url"), T0, url="https://news.example/tracked"
            ),
            "tracked: the target has another article by this name or URL (elsewhere)",
        ),
        (  # more versions than the source's
            lambda s: [
                s.add("short", Snapshot("Short.", "file"), T0),
                s.add("short", Snapshot("Longer now.", "file"), T0),
            ],
            "short@2: the target has this version, the source has not",
        ),
        (  # the same text, seen at another time
            lambda s: s.add("short", Snapshot("Short.", "file"), T0 + timedelta(seconds=1)),
            "short@1: the target's version differs from the source's",
        ),
    ],
)
def test_a_target_that_differs_is_left_as_it_was(
    run: RunFn, tmp_path: Path, prepare: Callable[[Store], object], message: str
) -> None:
    source, target = source_store(tmp_path), tmp_path / "target.db"
    with open_store(target, write=True) as store:
        prepare(store)
    before = contents(target)
    result = run("--store", str(source), "copy", "--to", str(target))
    assert result.code == ExitStatus.STORE_ERROR, result
    assert result.stderr.startswith(f"Error: {message}") and result.stderr.count("\n") == 1
    after = contents(target)
    for name in {*before["versions"], "tracked"}:  # the article in question: as it was
        assert after["versions"].get(name) == before["versions"].get(name)


def test_copying_a_store_onto_itself_is_refused(
    run: RunFn, isolated: Path, postgres: pgserver.Server
) -> None:
    run("add", "x", "-", input=b"One sentence of the story.\n")
    for to in (str(isolated), str(isolated / "revtrack.db"), f"{isolated}/../home"):
        result = run("copy", "--to", to)
        assert result.code == ExitStatus.USAGE, result
        assert result.stderr == (
            f"Error: cannot copy store {isolated / 'revtrack.db'} onto itself: --to must name"
            " another store\n"
        )
    url = postgres.writer_url(schema=postgres.new_schema())
    copied(run, store_location(), DatabaseURL(url))
    password = f":{pgserver.WRITER_PASSWORD}@"
    assert password in url
    same = url.replace("postgresql://", "postgres://").replace(password, "@") + "&sslmode=prefer"
    result = run("--store", url, "copy", "--to", same)
    assert result.code == ExitStatus.USAGE and "onto itself" in result.stderr, result
    assert pgserver.WRITER_PASSWORD not in result.stderr


def test_same_store() -> None:
    base = "postgresql://news@db.example.org/news?options=-c%20search_path%3Da"
    assert same_store(DatabaseURL(base), DatabaseURL(base.replace("news@", "news:pw@")))
    assert same_store(DatabaseURL(base), DatabaseURL(base.replace(".org/", ".org:5432/")))
    assert same_store(DatabaseURL(base), DatabaseURL(base + "&sslmode=verify-full"))
    assert not same_store(DatabaseURL(base), DatabaseURL(base.replace("%3Da", "%3Db")))
    assert not same_store(DatabaseURL(base), DatabaseURL(base.replace("/news?", "/other?")))
    assert not same_store(DatabaseURL(base), DatabaseURL(base.replace(".org/", ".org:6432/")))
    assert not same_store(DatabaseURL(base), Path("news.db"))
    assert same_store(Path("a/../news.db"), Path("news.db"))


def test_a_missing_source_is_an_error(
    run: RunFn, tmp_path: Path, postgres: pgserver.Server
) -> None:
    target = tmp_path / "target.db"
    missing = tmp_path / "nowhere"
    result = run("--store", str(missing), "copy", "--to", str(target))
    assert result.code == ExitStatus.STORE_ERROR, result
    assert result.stderr == (
        f"Error: store {missing / 'revtrack.db'} does not exist or is empty: nothing to copy\n"
    )
    assert not target.exists() and not missing.exists()
    empty = postgres.writer_url(schema=postgres.new_schema())  # a database without the tables
    result = run("--store", empty, "copy", "--to", str(target))
    assert result.code == ExitStatus.STORE_ERROR and "nothing to copy" in result.stderr, result
    assert not target.exists()


# --- what it shows -------------------------------------------------------------------------------


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("terminal", "as_json"), [(False, False), (True, False), (True, True)])
def test_a_progress_bar_only_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, terminal: bool, as_json: bool
) -> None:
    stderr = Terminal() if terminal else io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    with CopyPrinter(as_json=as_json) as printer:
        printer.total(2)
        printer.copied("a", 3)
        printer.copied("b", 0)
    assert ("2/2" in stderr.getvalue()) is (terminal and not as_json)
    if not terminal or as_json:
        assert stderr.getvalue() == ""


def test_on_a_terminal_the_copy_draws_its_progress_bar(run: RunFn, tmp_path: Path) -> None:
    run("add", "x", "-", input=b"One sentence of the story.\n")
    run("add", "y", "-", input=b"Another sentence of the story.\n")
    target = tmp_path / "target.db"
    result = run("copy", "--to", str(target), env={"FORCE_COLOR": "1"})  # stderr: a terminal
    assert result.code == 0 and "2/2" in result.stderr, result
    assert result.stderr.endswith(
        f"copied to {target}: 2 articles, 2 versions copied, 0 already there, 0 feeds, 0 rules\n"
    )
    piped = run("copy", "--to", str(target))
    assert piped.stderr == (
        f"copied to {target}: 2 articles, 0 versions copied, 2 already there, 0 feeds, 0 rules\n"
    )
