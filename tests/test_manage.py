"""Managing what a store tracks, on both backends: `rm`, `rename`, `pause` and `resume` (with a
real refresh against a local server), `feeds`, and `list` with its tracking and filters."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from conftest import FIXTURES, Run, StoreHome, Stores
from jsonschema import Draft202012Validator
from webserver import Site

from revtrack import schemas
from revtrack.errors import ExitStatus
from revtrack.paths import Location
from revtrack.store import index

RunFn = Callable[..., Run]
LEDGER = (FIXTURES / "html" / "ledger-budget.html").read_bytes()
RECALL = (FIXTURES / "html" / "magazine-recall.html").read_bytes()
BUDGET = "/council-approves-budget"
KETTLES = "/kettles"


def valid(result: Run, shape: str) -> Any:
    """The JSON a command printed, checked against its schema."""
    assert result.code == 0, result
    data = json.loads(result.stdout)
    schema = schemas.load(shape)
    Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(data)
    return data


def count(stores: Stores, location: Location, query: str, *params: object) -> int:
    return int(stores.sql(location, query, *params)[0][0])


def sound(run: RunFn) -> None:
    checked = run("check")
    assert checked.code == 0 and "is sound" in checked.stderr, checked


def indexed(stores: Stores, location: Location, word: str) -> list[int]:
    """The versions (ids) whose rows of the search index hold ``word``."""
    if stores.backend == "sqlite":
        query = "SELECT rowid FROM version_words WHERE version_words MATCH ?"
        rows = stores.sql(location, query, index.fts_query(word))
    else:
        query = "SELECT version_id FROM version_words WHERE words @@ ?::tsquery"
        rows = stores.sql(location, query, index.tsquery(word))
    return [int(row[0]) for row in rows]


def found(run: RunFn, query: str) -> set[str]:
    """The articles ``search`` finds."""
    data = valid(run("search", query, "--json"), "search")
    return {a["article"] for a in data["articles"]}


def listed(run: RunFn, *options: str) -> dict[str, Any]:
    """``list --json`` (with ``options``), by article name."""
    data = valid(run("list", "--json", *options), "list")
    return {a["article"]: a for a in data["articles"]}


def two_pages(run: RunFn, site: Site) -> tuple[str, str]:
    """Two articles added by URL, each with two versions (and so two raw captures)."""
    budget = site.page(BUDGET, LEDGER)
    kettles = site.page(KETTLES, RECALL)
    assert run("add", budget).code == 0 and run("add", kettles).code == 0
    site.set_body(BUDGET, LEDGER.replace(b"Tuesday", b"Monday"))
    site.set_body(KETTLES, RECALL.replace(b"kettles", b"toasters"))
    assert run("refresh", "--all", "--delay", "0").code == 0
    return budget, kettles


# --- rm ------------------------------------------------------------------------------------


def test_rm_removes_an_article_and_all_it_has(
    run: RunFn, site: Site, stores: Stores, store_home: StoreHome
) -> None:
    location = store_home.location
    budget, _ = two_pages(run, site)
    assert run("ignore", "add", "^Advertisement$", "--article", "council-approves-budget").code == 0
    assert run("ignore", "add", "^Share$").code == 0
    assert run("log", "council-approves-budget").code == 0  # (rows of derived data kept)
    assert count(stores, location, "SELECT count(*) FROM derived") > 0
    # a third article that fetched the very same page as the budget's first version
    same = site.page("/budget-mirror", LEDGER)
    assert run("add", same).code == 0
    assert count(stores, location, "SELECT count(*) FROM captures") == 4
    assert len(indexed(stores, location, "monday")) == 1
    assert found(run, "bus drivers") == {"council-approves-budget", "budget-mirror"}

    removed = run("rm", budget, "--yes")
    assert (removed.code, removed.stdout) == (0, ""), removed
    assert removed.stderr == (
        "removed council-approves-budget: 2 versions, 2 raw captures, its tracking, 1 ignore rule\n"
    )
    assert sorted(listed(run)) == ["budget-mirror", "kettles"]
    assert count(stores, location, "SELECT count(*) FROM versions") == 3
    assert count(stores, location, "SELECT count(*) FROM version_captures") == 3
    assert count(stores, location, "SELECT count(*) FROM captures") == 3  # the shared one stays
    assert count(stores, location, "SELECT count(*) FROM tracking") == 2
    assert [r[0] for r in stores.sql(location, "SELECT pattern FROM ignore_rules")] == ["^Share$"]
    assert count(stores, location, "SELECT count(*) FROM derived") == 0
    assert indexed(stores, location, "monday") == []  # (only the removed version said it)
    assert found(run, "bus drivers") == {"budget-mirror"}
    assert run("log", "council-approves-budget").code == ExitStatus.NOT_FOUND
    sound(run)
    # a new article may take the removed versions' ids: it finds nothing of theirs
    assert run("add", "fresh", "-", input=b"A ferry sailed, and nothing more was said.\n").code == 0
    assert indexed(stores, location, "monday") == [] and found(run, "Monday") == set()
    assert found(run, "ferry") == {"fresh"}
    sound(run)


def test_rm_takes_the_articles_alert_targets_and_queued_alerts(
    run: RunFn, stores: Stores, store_home: StoreHome
) -> None:
    """An article's own alert targets, and the alerts queued about it for any target, go with
    it; the store's targets stay."""
    from datetime import UTC, datetime

    from revtrack.alerts import Alert
    from revtrack.store import open_store

    location = store_home.location
    for name in ("a", "b"):
        text = f"The {name} story has words enough to be one.\n"
        assert run("add", name, "-", input=text.encode()).code == 0
    assert run("alert", "add", "json://127.0.0.1:9/desk").code == 0
    assert run("alert", "add", "json://127.0.0.1:9/a-desk", "--article", "a").code == 0
    with open_store(location, write=True) as store:
        at = datetime(2026, 1, 2, tzinfo=UTC)
        store.queue_alerts(
            [
                Alert(url=target.url, article=name, title=name, body=name, target=target.id)
                for target in store.alert_targets()
                for name in ("a", "b")
                if target.article in (None, name)
            ],
            at,
        )
    removed = run("rm", "a", "--yes")
    assert removed.stderr == "removed a: 1 version, 0 raw captures, 1 alert target\n", removed
    with open_store(location, write=False) as store:
        assert [t.url for t in store.alert_targets()] == ["json://127.0.0.1:9/desk"]
    queued = stores.sql(location, "SELECT article, url FROM alert_queue")
    assert [tuple(row) for row in queued] == [("b", "json://127.0.0.1:9/desk")]
    sound(run)


@pytest.mark.usefixtures("store_home")
def test_rm_of_several_articles_removes_all_or_none(run: RunFn) -> None:
    for name in ("a", "b", "c"):
        text = f"The {name} story has words enough to be one.\n"
        assert run("add", name, "-", input=text.encode()).code == 0
    missing = run("rm", "a", "nowhere", "--yes")
    assert missing.code == ExitStatus.NOT_FOUND and "unknown article 'nowhere'" in missing.stderr
    assert sorted(listed(run)) == ["a", "b", "c"]
    both = run("rm", "a", "b", "a", "--yes")
    assert both.code == 0 and both.stderr.count("removed ") == 2, both
    assert sorted(listed(run)) == ["c"]
    sound(run)


@pytest.mark.usefixtures("store_home")
def test_rm_asks_on_a_terminal_and_refuses_elsewhere(
    run: RunFn, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("add", "talks", "-", input=b"Talks went on all night at the port.\n").code == 0
    refused = run("rm", "talks")
    assert refused.code == ExitStatus.USAGE and "--yes" in refused.stderr, refused
    assert refused.stderr.count("\n") == 1
    from revtrack.cli import manage

    monkeypatch.setattr(manage, "_interactive", lambda: True)
    kept = run("rm", "talks", input="n\n")
    assert kept.code == 0 and "will remove talks: 1 version, 0 raw captures" in kept.stderr, kept
    assert "nothing removed" in kept.stderr and list(listed(run)) == ["talks"]
    ended = run("rm", "talks", input="")
    assert ended.code == 0 and "nothing removed" in ended.stderr, ended
    gone = run("rm", "talks", input="y\n")
    assert gone.code == 0 and "removed talks: 1 version" in gone.stderr, gone
    assert listed(run) == {}
    sound(run)


@pytest.mark.usefixtures("store_home")
def test_rm_asks_at_a_real_terminal(run: RunFn) -> None:
    assert run("add", "talks", "-", input=b"Talks went on all night at the port.\n").code == 0
    terminal, child = os.openpty()
    try:
        os.write(terminal, b"y\n")  # typed ahead: read once it asks
        answered = subprocess.run(
            [sys.executable, "-m", "revtrack", "rm", "talks"],
            stdin=child,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        os.close(child)
        os.close(terminal)
    assert answered.returncode == 0, answered
    assert "will remove talks: 1 version" in answered.stderr
    assert "Remove it for good? [y/N]" in answered.stderr
    assert "removed talks: 1 version, 0 raw captures" in answered.stderr
    assert listed(run) == {}


def test_rm_of_an_article_with_a_damaged_version(
    run: RunFn, stores: Stores, store_home: StoreHome
) -> None:
    for n in (1, 2, 3):
        text = f"Version {n} of the harbour story, with its own words: word{n}.\n"
        assert run("add", "harbour", "-", input=text.encode()).code == 0
    assert run("add", "other", "-", input=b"Another story, about the ferry word9.\n").code == 0
    stores.sql(
        store_home.location,
        "UPDATE versions SET hash = ? WHERE number = 2 AND article_id = "
        "(SELECT id FROM articles WHERE key = 'harbour')",
        "sha256:" + "0" * 64,
    )
    assert run("check").code == ExitStatus.STORE_ERROR
    assert run("rm", "harbour", "--yes").code == 0
    sound(run)
    assert found(run, "word9") == {"other"}
    assert found(run, "word1") == set()


# --- rename ----------------------------------------------------------------------------------


def test_rename_keeps_the_whole_history(
    run: RunFn, site: Site, stores: Stores, store_home: StoreHome
) -> None:
    budget, _ = two_pages(run, site)
    assert run("ignore", "add", "^Advertisement$", "--article", "council-approves-budget").code == 0
    before = json.loads(run("log", "council-approves-budget", "--json").stdout)["versions"]
    renamed = run("rename", budget, "budget")
    assert (renamed.code, renamed.stderr) == (0, "renamed council-approves-budget to budget\n")
    after = json.loads(run("log", "budget", "--json").stdout)["versions"]
    assert [v["hash"] for v in after] == [v["hash"] for v in before] and len(after) == 2
    entry = listed(run)["budget"]
    assert entry["url"] == site.url(BUDGET) and entry["tracking"]["state"] == "active"
    assert run("show", budget).code == 0  # the URL still names it
    assert run("show", "budget@1", "--raw").code == 0  # and its raw captures stay
    rules = json.loads(run("ignore", "list", "--json").stdout)["rules"]
    assert [r["article"] for r in rules] == ["budget"]
    assert run("log", "council-approves-budget").code == ExitStatus.NOT_FOUND
    sound(run)


@pytest.mark.usefixtures("store_home")
def test_rename_refuses_a_name_taken_or_invalid(run: RunFn) -> None:
    for name in ("a", "b"):
        assert run("add", name, "-", input=f"Story {name} with words.\n".encode()).code == 0
    clash = run("rename", "a", "b")
    assert clash.code == ExitStatus.INPUT_ERROR and "named 'b' already" in clash.stderr, clash
    assert run("rename", "nowhere", "c").code == ExitStatus.NOT_FOUND
    assert run("rename", "a", "c@2").code == ExitStatus.USAGE
    assert sorted(listed(run)) == ["a", "b"]
    assert run("rename", "a", "a").code == 0
    sound(run)


# --- pause and resume ------------------------------------------------------------------------


def test_a_paused_article_is_never_due_until_resumed(
    run: RunFn, site: Site, store_home: StoreHome
) -> None:
    budget = site.page(BUDGET, LEDGER)
    kettles = site.page(KETTLES, RECALL)
    assert run("add", budget).code == 0 and run("add", kettles).code == 0
    assert run("resume", "--all").code == 0  # both due now
    assert set(listed(run, "--due")) == {"council-approves-budget", "kettles"}
    paused = run("pause", "council-approves-budget")
    assert paused.code == 0 and paused.stderr.startswith("paused council-approves-budget"), paused
    assert "was paused already" in run("pause", budget).stderr
    entry = listed(run)["council-approves-budget"]["tracking"]
    assert entry["state"] == "paused"
    assert list(listed(run, "--due")) == ["kettles"]
    assert " paused " in run("list").stdout

    before = dict(site.requests)
    assert run("refresh", "--delay", "0").code == 0
    assert site.requests[BUDGET] == before[BUDGET]  # not fetched
    assert site.requests[KETTLES] == before[KETTLES] + 1
    assert run("refresh", "--all", "--delay", "0").code == 0
    assert site.requests[BUDGET] == before[BUDGET]  # not even with --all
    assert listed(run)["council-approves-budget"]["tracking"]["state"] == "paused"

    resumed = run("resume", budget)
    assert (resumed.code, resumed.stderr) == (0, "resumed council-approves-budget: due now\n")
    assert listed(run)["council-approves-budget"]["tracking"]["state"] == "active"
    assert run("refresh", "--delay", "0").code == 0
    assert site.requests[BUDGET] == before[BUDGET] + 1
    sound(run)


def test_paused_is_not_stopped(
    run: RunFn, site: Site, stores: Stores, store_home: StoreHome
) -> None:
    budget = site.page(BUDGET, LEDGER)
    assert run("add", budget).code == 0
    stores.sql(store_home.location, "UPDATE tracking SET stopped = ?", True)
    assert listed(run)["council-approves-budget"]["tracking"]["state"] == "stopped"
    before = site.requests[BUDGET]
    assert run("refresh", "--all", "--delay", "0").code == 0  # --all checks a stopped article
    assert site.requests[BUDGET] == before + 1
    stores.sql(store_home.location, "UPDATE tracking SET stopped = ?", True)
    assert list(listed(run, "--due")) == []
    assert run("resume", "council-approves-budget").stderr == (
        "resumed council-approves-budget: due now\n"
    )
    assert list(listed(run, "--due")) == ["council-approves-budget"]
    again = run("resume", "council-approves-budget")
    assert again.stderr.endswith("was neither paused nor stopped: due now\n"), again


@pytest.mark.usefixtures("store_home")
def test_pause_needs_articles_tracked_by_url(run: RunFn, site: Site) -> None:
    assert run("add", "talks", "-", input=b"Talks went on at the port all night.\n").code == 0
    url = site.page(BUDGET, LEDGER)
    assert run("add", url).code == 0
    untracked = run("pause", url, "talks")
    assert untracked.code == ExitStatus.USAGE and "talks is not tracked by URL" in untracked.stderr
    assert listed(run)["council-approves-budget"]["tracking"]["state"] == "active"  # none paused
    assert run("pause", "nowhere").code == ExitStatus.NOT_FOUND
    assert run("pause").code == ExitStatus.USAGE
    assert run("pause", "talks", "--all").code == ExitStatus.USAGE
    assert run("pause", "--all").code == 0
    assert listed(run)["council-approves-budget"]["tracking"]["state"] == "paused"
    assert listed(run)["talks"]["tracking"] is None


# --- feeds and list --------------------------------------------------------------------------


def rss(site: Site, *paths: str) -> str:
    items = "".join(f"<item><title>{p}</title><link>{site.url(p)}</link></item>" for p in paths)
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Ledger</title>'
        f"<link>{site.base}</link>{items}</channel></rss>"
    )


@pytest.mark.usefixtures("store_home")
def test_feeds_lists_the_followed_feeds_with_their_last_check(run: RunFn, site: Site) -> None:
    assert run("feeds").stderr.startswith("no feeds followed")
    assert valid(run("feeds", "--json"), "feeds")["feeds"] == []
    site.page(BUDGET, LEDGER)
    feed = site.page("/rss.xml", rss(site, BUDGET), content_type="application/rss+xml")
    broken = site.page("/broken.xml", rss(site), content_type="application/rss+xml")
    assert run("follow", feed).code == 0 and run("follow", broken).code == 0
    shown = run("feeds", "--utc")
    assert shown.stdout.splitlines() == [
        f"{broken}  never checked",
        f"{feed}     never checked",
    ], shown
    site.set_body("/broken.xml", "gone", status=500, content_type="text/plain")
    run("refresh", "--delay", "0", "--retries", "0")
    data = valid(run("feeds", "--json"), "feeds")["feeds"]
    assert [f["url"] for f in data] == [broken, feed]
    assert data[0]["last_error"] and data[1]["last_error"] is None
    assert all(f["last_checked"] for f in data)
    lines = run("feeds").stdout.splitlines()
    assert "! " in lines[0] and "! " not in lines[1] and "checked 20" in lines[1]
    assert run("unfollow", broken).code == 0
    assert [f["url"] for f in valid(run("feeds", "--json"), "feeds")["feeds"]] == [feed]


@pytest.mark.usefixtures("store_home")
def test_list_shows_tracking_and_filters(run: RunFn, site: Site) -> None:
    budget = site.page(BUDGET, LEDGER)
    kettles = site.page(KETTLES, RECALL)
    assert run("add", budget).code == 0 and run("add", kettles).code == 0
    assert run("add", "talks", "-", input=b"Talks went on at the port all night.\n").code == 0
    assert run("resume", "kettles").code == 0  # due now
    site.set_body(BUDGET, "gone", status=404, content_type="text/plain")
    assert run("refresh", budget, "--delay", "0").code == ExitStatus.FETCH_ERROR
    everything = listed(run)
    assert everything["talks"]["tracking"] is None
    failing = everything["council-approves-budget"]["tracking"]
    assert (failing["state"], failing["failures"]) == ("active", 1) and failing["last_error"]
    assert everything["kettles"]["tracking"]["last_error"] is None
    assert list(listed(run, "--failing")) == ["council-approves-budget"]
    assert list(listed(run, "--due")) == ["kettles"]
    assert list(listed(run, "--due", "--failing")) == []
    assert sorted(listed(run, "--site", "127.0.0.1")) == ["council-approves-budget", "kettles"]
    assert list(listed(run, "--site", "example.org")) == []
    assert run("list", "--site", "a/b").code == ExitStatus.USAGE
    none = run("list", "--failing", "--site", "example.org")
    assert (none.code, none.stdout, none.stderr) == (0, "", "no articles match\n")
    lines = {line.split()[0]: line for line in run("list", "--utc").stdout.splitlines()}
    assert "every 15m, next " in lines["kettles"]
    assert "! failing (1): " in lines["council-approves-budget"]
    assert "every" not in lines["talks"] and "!" not in lines["talks"]
