"""The cron job: refresh what is due, politely, once at a time, and say only what changed."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import FIXTURES, Run, StoreHome
from webserver import Response, Site

from revtrack.errors import BusyError, ExitStatus
from revtrack.models import (
    AddStatus,
    Outcome,
    Recorded,
    RefreshResult,
    Snapshot,
    Tracking,
)
from revtrack.paths import Location, store_location
from revtrack.refresh import refresh_lock
from revtrack.render.progress import RefreshPrinter
from revtrack.schedule import Schedule
from revtrack.store import open_store

RunFn = Callable[..., Run]
LEDGER = (FIXTURES / "html" / "ledger-budget.html").read_bytes()
RECALL = (FIXTURES / "html" / "magazine-recall.html").read_bytes()
T0 = datetime(2021, 8, 18, 12, tzinfo=UTC)


def tracked(home: Path | str) -> dict[str, Tracking]:
    """The tracking state of the store that ``REVTRACK_HOME`` names."""
    with open_store(store_location(str(home)), write=False) as store:
        return {t.article: t for t in store.tracked()}


# --- the schedule --------------------------------------------------------------------------


def test_the_interval_backs_off_while_unchanged_and_resets_on_a_change() -> None:
    schedule = Schedule(floor=timedelta(minutes=10), ceiling=timedelta(hours=1), growth=2)
    state = schedule.start("a", "https://x.example/a", T0)
    assert (state.interval, state.next_check) == (timedelta(minutes=10), T0 + timedelta(minutes=10))
    intervals = []
    at = T0
    for _ in range(4):
        at += state.interval
        state = schedule.after(state, at, changed=False)
        intervals.append(state.interval)
    assert intervals == [timedelta(minutes=m) for m in (20, 40, 60, 60)]  # up to the ceiling
    state = schedule.after(state, at, changed=True)
    assert state.interval == timedelta(minutes=10) and state.last_changed == at


def test_failures_back_off_and_a_long_quiet_article_stops() -> None:
    schedule = Schedule(
        floor=timedelta(minutes=10), ceiling=timedelta(hours=2), stop_after=timedelta(days=3)
    )
    state = schedule.start("a", "https://x.example/a", T0)
    failed = schedule.after(state, T0, changed=False, error="503")
    assert (failed.failures, failed.next_check - T0) == (1, timedelta(minutes=20))
    failed = schedule.after(failed, T0, changed=False, error="503")
    assert failed.next_check - T0 == timedelta(minutes=40)
    recovered = schedule.after(failed, T0, changed=False)
    assert (recovered.failures, recovered.last_error) == (0, None)
    quiet = schedule.after(state, T0 + timedelta(days=3), changed=False)
    assert quiet.stopped and not schedule.after(quiet, T0 + timedelta(days=4), changed=True).stopped


# --- what is due ---------------------------------------------------------------------------


def test_nothing_due_prints_nothing_and_loads_no_http_client(
    run: RunFn, site: Site, isolated: Path
) -> None:
    url = site.page("/council-approves-budget", LEDGER)
    assert run("add", url).code == 0
    before = dict(site.requests)
    result = run("refresh")
    assert (result.code, result.stdout, result.stderr) == (0, "", ""), result
    assert site.requests == before  # not due for another 15 minutes
    code = (
        "import sys; from revtrack.cli import cli\n"
        "try:\n    cli(['refresh'])\nexcept SystemExit as e:\n    code = e.code\n"
        "print(code, *(m in sys.modules for m in ('httpx', 'trafilatura', 'rich', 'regex')))"
    )
    child = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"REVTRACK_HOME": str(isolated), "PATH": ""},
        check=True,
    )
    assert child.stdout.split() == ["0", "False", "False", "False", "False"], child
    helped = subprocess.run(
        [sys.executable, "-c", code.replace("'refresh'", "'--help'")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert helped.stdout.split()[-4:] == ["False", "False", "False", "False"]


def test_a_page_the_server_says_is_not_modified_costs_no_download(
    run: RunFn, site: Site, store_home: StoreHome
) -> None:
    url = site.page("/council-approves-budget", LEDGER)
    assert run("add", url).code == 0
    result = run("refresh", "--all", "-v")
    assert (result.code, result.stdout) == (0, ""), result
    assert "1 article checked" in result.stderr and "1 unchanged (1 not modified)" in result.stderr
    assert site.log[-1][1].get("If-None-Match", "").startswith('"')
    state = tracked(store_home.value)["council-approves-budget"]
    assert state.interval == timedelta(minutes=22, seconds=30)  # 15 min x 1.5


def test_validators_that_are_not_ascii_go_back_to_the_server_as_they_came(
    run: RunFn, site: Site, store_home: StoreHome
) -> None:
    # An entity tag may hold any byte from 0x80 up (RFC 9110), and a Last-Modified written
    # in Latin-1 is seen too: they are sent back byte for byte, never refused by the client.
    tag, modified = '"r\xe9v-\xff1"', "Mi, 18 Ao\xfbt 2021 12:00:00 GMT"
    url = site.page(
        "/council-approves-budget", LEDGER, etag=tag, headers={"Last-Modified": modified}
    )
    assert run("add", url).code == 0
    result = run("refresh", "--all", "-v")
    assert (result.code, result.stdout) == (0, ""), result
    assert "1 unchanged (1 not modified)" in result.stderr, result
    assert site.log[-1][1].get("If-None-Match") == tag
    assert site.log[-1][1].get("If-Modified-Since") == modified


def test_a_change_prints_one_line_and_can_set_the_exit_code(
    run: RunFn, site: Site, store_home: StoreHome
) -> None:
    url = site.page("/council-approves-budget", LEDGER)
    other = site.page("/kettles", RECALL)
    assert run("add", url).code == 0 and run("add", other).code == 0
    site.set_body("/council-approves-budget", LEDGER.replace(b"40 bus drivers", b"45 drivers"))
    result = run("refresh", "--all", "--delay", "0", "--exit-code")
    assert result.code == ExitStatus.CHANGED, result
    assert result.stdout == (
        "council-approves-budget@2  +1 -2 words  ! changed without a note [substantive]\n"
    )
    assert result.stderr == ""
    again = run("refresh", "--all", "--delay", "0", "--exit-code")
    assert (again.code, again.stdout) == (0, ""), again
    assert tracked(store_home.value)["council-approves-budget"].interval > timedelta(minutes=15)


def test_refresh_json(run: RunFn, site: Site) -> None:
    url = site.page("/council-approves-budget", LEDGER)
    assert run("add", url).code == 0
    site.set_body("/council-approves-budget", LEDGER.replace(b"Tuesday", b"Monday"))
    data = json.loads(run("refresh", "--all", "--json").stdout)
    assert data["schema"] == "revtrack.refresh/1"
    (article,) = data["articles"]
    assert (article["article"], article["status"], article["url"]) == (
        "council-approves-budget",
        "changed",
        url,
    )
    assert article["version"]["number"] == 2 and article["words_deleted"] == 1
    assert [f["kind"] for f in article["findings"]] == ["unnoted_change"]
    assert data["summary"]["changed"] == 1 and data["summary"]["failed"] == 0


def test_named_articles_only(run: RunFn, site: Site) -> None:
    a = site.page("/council-approves-budget", LEDGER)
    b = site.page("/kettles", RECALL)
    assert run("add", a).code == 0 and run("add", b).code == 0
    before = site.requests["/kettles"]
    assert run("refresh", "council-approves-budget").code == 0
    assert site.requests["/kettles"] == before and site.requests["/council-approves-budget"] == 2
    assert run("refresh", b).code == 0 and site.requests["/kettles"] == before + 1
    missing = run("refresh", "nope")
    assert missing.code == ExitStatus.NOT_FOUND and "not tracked by URL: nope" in missing.stderr


def test_an_implausibly_short_text_is_not_stored(run: RunFn, site: Site) -> None:
    url = site.page("/council-approves-budget", LEDGER)
    assert run("add", url).code == 0
    site.set_body(
        "/council-approves-budget",
        b"<html><body><article><p>Please subscribe to keep"
        b" reading this story and all our journalism today.</p></article></body></html>",
    )
    result = run("refresh", "--all")
    assert result.code == ExitStatus.FETCH_ERROR, result
    assert "not stored (an error page or a paywall?)" in result.stderr
    assert (
        json.loads(run("log", "council-approves-budget", "--json").stdout)["versions"][-1]["number"]
        == 1
    )


# --- politeness and overlap ----------------------------------------------------------------


def test_one_request_at_a_time_per_host_with_a_delay(run: RunFn, site: Site) -> None:
    paths = [f"/story-{n}-about-the-port" for n in range(4)]
    for path in paths:
        assert run("add", site.page(path, LEDGER)).code == 0
    site.most_active, site.times[:] = 0, []
    assert run("refresh", "--all", "--jobs", "4", "--delay", "0.2").code == 0
    assert site.most_active == 1
    gaps = [b - a for a, b in zip(site.times, site.times[1:], strict=False)]
    # Turns are taken as requests are sent; the server sees them as they arrive, each after
    # its own connection (a busy machine delays one more than the next).
    assert len(gaps) == 3 and min(gaps) >= 0.15


def test_a_second_refresh_of_a_sqlite_store_exits_at_once_or_waits(
    run: RunFn, isolated: Path
) -> None:
    database = isolated / "revtrack.db"  # (a PostgreSQL store's refreshes share the work)
    assert run("add", "talks", "-", input=b"A text to refresh.\n").code == 0
    with refresh_lock(database, wait=False):
        with pytest.raises(BusyError), refresh_lock(database, wait=False):
            pass
        busy = run("refresh")
        assert busy.code == ExitStatus.BUSY, busy
        assert busy.stderr == (
            "Error: another refresh is running on this store: wait for it with --wait\n"
        )
    holder = threading.Thread(target=_hold, args=(database, 0.5))
    holder.start()
    time.sleep(0.1)
    waited = run("refresh", "--wait")
    holder.join()
    assert waited.code == 0, waited


def _hold(database: Location, seconds: float) -> None:
    with refresh_lock(database, wait=False):
        time.sleep(seconds)


def test_overlapping_refresh_processes_store_each_version_once(
    run: RunFn, site: Site, store_home: StoreHome
) -> None:
    url = site.page("/council-approves-budget", LEDGER)
    assert run("add", url).code == 0
    site.routes["/council-approves-budget"] = lambda n: __import__("webserver").Response(
        body=LEDGER.replace(b"Tuesday", b"Monday"), delay=0.5
    )
    command = [sys.executable, "-m", "revtrack", "refresh", "--all", "--wait"]
    env = {"REVTRACK_HOME": store_home.value, "PATH": "", "TZ": "UTC"}
    children = [
        subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    outputs = [child.communicate(timeout=60) for child in children]
    assert [c.returncode for c in children] == [0, 0, 0], outputs
    assert sorted(out for out, _ in outputs if out) == [
        "council-approves-budget@2  +1 -1 words  ! changed without a note [substantive]\n"
    ]
    versions = json.loads(run("log", "council-approves-budget", "--json").stdout)["versions"]
    assert [v["number"] for v in versions] == [1, 2]


# --- feeds ---------------------------------------------------------------------------------


def rss(site: Site, *paths: str) -> str:
    items = "".join(
        f"<item><title>{p}</title><link>{site.url(p)}?utm_source=rss</link></item>" for p in paths
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Ledger</title>'
        f"<link>{site.base}</link>{items}</channel></rss>"
    )


@pytest.mark.usefixtures("store_home")
def test_follow_a_feed_and_track_its_new_articles(run: RunFn, site: Site) -> None:
    site.page("/council-approves-budget", LEDGER)
    site.page("/kettles-recall", RECALL)
    feed = site.page(
        "/rss.xml", rss(site, "/council-approves-budget"), content_type="application/rss+xml"
    )
    followed = run("follow", feed)
    assert followed.code == 0, followed
    assert "following " + feed + ": 1 article listed" in followed.stderr
    first = run("refresh")
    assert first.code == 0, first
    assert first.stdout.startswith("council-approves-budget@1  ") and "(new)" in first.stdout
    site.set_body(
        "/rss.xml",
        rss(site, "/kettles-recall", "/council-approves-budget"),
        content_type="application/rss+xml",
    )
    second = run("refresh", "--all", "--delay", "0")
    assert second.stdout.startswith("kettles-recall@1  "), second
    listed = json.loads(run("list", "--json").stdout)["articles"]
    assert [a["article"] for a in listed] == ["council-approves-budget", "kettles-recall"]
    assert run("follow", feed).stderr.startswith("already following")


@pytest.mark.usefixtures("store_home")
def test_unfollow_stops_reading_a_feed_and_keeps_its_articles(run: RunFn, site: Site) -> None:
    site.page("/council-approves-budget", LEDGER)
    feed = site.page(
        "/rss.xml", rss(site, "/council-approves-budget"), content_type="application/rss+xml"
    )
    assert run("follow", feed).code == 0
    assert run("refresh").code == 0
    reads = site.requests["/rss.xml"]
    stopped = run("unfollow", feed + "#x")
    assert (stopped.code, stopped.stdout, stopped.stderr) == (
        0,
        "",
        f"no longer following {feed}\n",
    ), stopped
    assert run("refresh", "--all", "--delay", "0").code == 0
    assert site.requests["/rss.xml"] == reads  # not read again
    assert "council-approves-budget" in run("list").stdout
    again = run("unfollow", feed)
    assert again.code == ExitStatus.NOT_FOUND and f"not following {feed}" in again.stderr
    assert run("follow", feed).stderr.startswith("following ")


def test_follow_refuses_what_is_not_a_feed(run: RunFn, site: Site) -> None:
    page = site.page("/council-approves-budget", LEDGER)
    result = run("follow", page)
    assert result.code == ExitStatus.INPUT_ERROR, result
    assert "not an RSS or Atom feed" in result.stderr


def atom(site: Site, *paths: str) -> str:
    entries = "".join(
        f'<entry><title>{p}</title><id>tag:ledger.example,2021:{p}</id><link href="{p}"/>'
        "<updated>2021-08-18T12:00:00Z</updated></entry>"
        for p in paths
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Ledger</title><id>{site.base}/</id><updated>2021-08-18T12:00:00Z</updated>"
        f"{entries}</feed>"
    )


def test_an_atom_feed_with_relative_links(run: RunFn, site: Site) -> None:
    site.page("/council-approves-budget", LEDGER)
    site.page("/kettles-recall", RECALL)
    feed = site.page(
        "/atom.xml",
        atom(site, "/council-approves-budget", "/kettles-recall"),
        content_type="application/atom+xml",
    )
    assert "2 articles listed" in run("follow", feed).stderr
    result = run("refresh", "--delay", "0")
    assert result.code == 0, result
    assert sorted(line.split("@")[0] for line in result.stdout.splitlines()) == [
        "council-approves-budget",
        "kettles-recall",
    ]
    listed = json.loads(run("list", "--json").stdout)["articles"]
    assert {a["url"] for a in listed} == {
        site.url("/council-approves-budget"),
        site.url("/kettles-recall"),
    }


def test_a_feed_is_fetched_conditionally(run: RunFn, site: Site) -> None:
    site.page("/council-approves-budget", LEDGER)
    site.page("/kettles-recall", RECALL)
    rss_type = "application/rss+xml"
    feed = site.page(
        "/rss.xml", rss(site, "/council-approves-budget"), content_type=rss_type, etag='"feed-1"'
    )
    assert run("follow", feed).code == 0 and run("refresh").code == 0
    # A new entry, but the server says the feed is the one tagged "feed-1": 304.
    listing = rss(site, "/kettles-recall", "/council-approves-budget")
    site.set_body("/rss.xml", listing, content_type=rss_type, etag='"feed-1"')
    data = json.loads(run("refresh", "--all", "--delay", "0", "--json").stdout)
    feed_requests = [headers for path, headers in site.log if path == "/rss.xml"]
    assert feed_requests[-1].get("If-None-Match") == '"feed-1"'
    assert data["feeds"] == [{"url": feed, "new_articles": 0, "held_back": 0, "error": None}]
    assert [a["article"] for a in data["articles"]] == ["council-approves-budget"]
    site.set_body("/rss.xml", listing, content_type=rss_type, etag='"feed-2"')
    third = run("refresh", "--all", "--delay", "0")
    assert third.stdout.startswith("kettles-recall@1  ") and "(new)" in third.stdout, third


@pytest.mark.usefixtures("store_home")
def test_a_feed_of_many_new_articles_is_taken_a_share_at_a_time(run: RunFn, site: Site) -> None:
    paths = [f"/story-{n}" for n in range(5)]
    for n, path in enumerate(paths):
        site.page(path, LEDGER if n % 2 else RECALL)
    rss_type = "application/rss+xml"
    feed = site.page("/rss.xml", rss(site, *paths), content_type=rss_type, etag='"all-five"')
    assert run("follow", feed).code == 0
    taken, held = [], []
    for _ in range(4):
        done = run("refresh", "--all", "--delay", "0", "--new-per-feed", "2", "--json")
        assert done.code == 0, done
        data = json.loads(done.stdout)
        taken.append(sorted(a["article"] for a in data["articles"] if a["status"] == "new"))
        held.append(data["feeds"][0]["held_back"])
        warning = f"warning: {feed}: {held[-1]:,} more new articles listed; tracked at the next"
        assert (warning in done.stderr) == bool(held[-1]), done.stderr
    assert held == [3, 1, 0, 0]
    assert taken == [["story-0", "story-1"], ["story-2", "story-3"], ["story-4"], []]
    tags = [headers.get("If-None-Match") for path, headers in site.log if path == "/rss.xml"]
    # read whole while some were held back, conditionally once all were taken
    assert tags[-4:] == [None, None, None, '"all-five"'], tags


# --- what a run reports --------------------------------------------------------------------


def three_articles(run: RunFn, site: Site) -> None:
    """One article that changes, one the server says is not modified, one that fails."""
    for path, body in (("/council-approves-budget", LEDGER), ("/kettles", RECALL)):
        assert run("add", site.page(path, body)).code == 0
    assert run("add", site.page("/broken", LEDGER), "--name", "broken").code == 0
    site.set_body("/council-approves-budget", LEDGER.replace(b"Tuesday", b"Monday"))
    site.routes["/broken"] = lambda n: Response(503, b"busy")


def test_the_summary_of_a_run(run: RunFn, site: Site) -> None:
    three_articles(run, site)
    result = run("refresh", "--all", "--delay", "0", "--retries", "0", "-v")
    assert result.code == ExitStatus.FETCH_ERROR, result
    assert result.stdout.startswith("council-approves-budget@2  +1 -1 words"), result
    error, summary = result.stderr.splitlines()
    assert error == f"Error: broken: {site.url('/broken')}: server error 503 Service Unavailable"
    assert re.fullmatch(
        r"refresh: 3 articles checked in \d+\.\d s: 1 changed, 0 new, "
        r"1 unchanged \(1 not modified\), 1 failed",
        summary,
    ), summary


def test_the_json_of_a_run(run: RunFn, site: Site) -> None:
    three_articles(run, site)
    result = run("refresh", "--all", "--delay", "0", "--retries", "0", "--json")
    assert result.code == ExitStatus.FETCH_ERROR, result
    data = json.loads(result.stdout)
    articles = {a["article"]: a for a in data["articles"]}
    assert len(data["articles"]) == 3
    assert {name: a["status"] for name, a in articles.items()} == {
        "council-approves-budget": "changed",
        "kettles": "not_modified",
        "broken": "failed",
    }
    assert articles["broken"]["error"] == (
        f"{site.url('/broken')}: server error 503 Service Unavailable"
    )
    assert articles["broken"]["version"] is None and articles["kettles"]["error"] is None
    summary = data["summary"]
    assert (summary["checked"], summary["changed"], summary["not_modified"]) == (3, 1, 1)
    assert summary["failed"] == 1


# --- the progress bar ----------------------------------------------------------------------


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("terminal", [False, True])
def test_a_progress_bar_only_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, terminal: bool
) -> None:
    stderr = Terminal() if terminal else io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    with open_store(tmp_path / "revtrack.db", write=True) as store:
        text = "The council voted 7-2 on Tuesday to approve the budget."
        version = store.add("talks", Snapshot(text=text, source="url"), T0).version
    url = "https://ledger.example/talks"
    stdout = io.StringIO()
    with RefreshPrinter("never", out=stdout) as printer:
        printer.total(2)
        printer.total(1)  # a second batch claimed: the bar grows
        recorded = Recorded(AddStatus.ADDED, version, 1, 1)
        printer.result(RefreshResult("talks", url, Outcome.CHANGED, recorded))
        printer.result(RefreshResult("kettles", url, Outcome.NOT_MODIFIED))
        printer.result(RefreshResult("broken", url, Outcome.FAILED, error=f"{url}: 503"))
    assert stdout.getvalue() == "talks@1  +1 -1 words\n"
    error = f"Error: broken: {url}: 503\n"
    if terminal:
        assert error in stderr.getvalue() and "3/3" in stderr.getvalue()
    else:
        assert stderr.getvalue() == error


def test_refresh_on_a_terminal_draws_its_progress_bar(run: RunFn, site: Site) -> None:
    url = site.page("/council-approves-budget", LEDGER)
    assert run("add", url).code == 0
    site.set_body("/council-approves-budget", LEDGER.replace(b"Tuesday", b"Monday"))
    result = run("refresh", "--all", env={"FORCE_COLOR": "1"})  # stderr taken for a terminal
    assert result.code == 0, result
    assert "council-approves-budget@2" in result.stdout, result
    assert "1/1" in result.stderr and "Error" not in result.stderr, result


def test_a_page_failing_for_weeks_never_overflows_and_stops() -> None:
    schedule = Schedule(stop_after=timedelta(days=30))
    state = schedule.start("a", "https://x.example/a", T0)
    at = T0
    for _ in range(60):
        at += timedelta(days=1)
        state = schedule.after(state, at, changed=False, error="404 Not Found")
    assert state.failures == 60 and state.next_check - at == schedule.ceiling
    assert state.stopped


def test_a_feed_entry_that_failed_is_tried_again(run: RunFn, site: Site) -> None:
    site.page("/council-approves-budget", LEDGER)
    feed = site.page(
        "/rss.xml",
        rss(site, "/council-approves-budget", "/kettles-recall"),
        content_type="application/rss+xml",
    )
    assert run("follow", feed).code == 0
    first = run("refresh", "--delay", "0")  # /kettles-recall is still a 404
    assert first.code == ExitStatus.FETCH_ERROR and "kettles-recall" in first.stderr, first
    site.page("/kettles-recall", RECALL)
    second = run("refresh", "--all", "--delay", "0")  # the feed itself is unchanged
    assert second.code == 0, second
    assert second.stdout.startswith("kettles-recall@1  "), second
    feed_requests = [headers for path, headers in site.log if path == "/rss.xml"]
    assert feed_requests[-1].get("If-None-Match") is None  # the feed was read whole again


def test_an_article_in_two_feeds_is_fetched_once(run: RunFn, site: Site) -> None:
    for name in ("one", "two"):
        feed = site.page(
            f"/{name}.xml",
            rss(site, "/council-approves-budget"),
            content_type="application/rss+xml",
        )
        assert run("follow", feed).code == 0
    site.page("/council-approves-budget", LEDGER)
    result = run("refresh", "--delay", "0")
    assert result.code == 0, result
    assert result.stdout.count("council-approves-budget@1") == 1, result
    assert site.requests["/council-approves-budget"] == 1


def test_a_new_article_whose_name_is_taken_keeps_its_own_history(
    run: RunFn, site: Site, tmp_path: Path
) -> None:
    saved = tmp_path / "other.html"
    saved.write_bytes(RECALL)
    other = "https://elsewhere.example/news/council-approves-budget"
    assert run("add", other, str(saved)).code == 0  # takes the short name first
    site.page("/council-approves-budget", LEDGER)
    feed = site.page(
        "/rss.xml", rss(site, "/council-approves-budget"), content_type="application/rss+xml"
    )
    assert run("follow", feed).code == 0
    first = run("refresh", "--delay", "0")
    assert first.code == 0 and first.stdout.startswith("council-approves-budget-2@1"), first
    site.set_body("/council-approves-budget", LEDGER.replace(b"Tuesday", b"Monday"))
    again = run("refresh", "council-approves-budget-2", "--delay", "0")
    assert again.code == 0 and again.stderr == "", again
    assert again.stdout.startswith("council-approves-budget-2@2  +1 -1 words"), again


def test_a_refresh_lock_that_cannot_be_made_is_a_store_error(run: RunFn, isolated: Path) -> None:
    assert run("add", "talks", "-", input=b"A text to refresh.\n").code == 0
    (isolated / "revtrack.db.refresh-lock").mkdir()  # where the lock file goes
    result = run("refresh")
    assert result.code == ExitStatus.STORE_ERROR, result
    assert result.stderr.startswith("Error: cannot create the refresh lock"), result


def test_a_refresh_of_a_store_that_does_not_exist_creates_nothing(
    run: RunFn, isolated: Path
) -> None:
    """From cron, a store that is not there is a store named wrongly (REVTRACK_HOME unset in
    the crontab) or lost: an error, not a new empty store refreshed in silence."""
    result = run("refresh")
    assert result.code == ExitStatus.STORE_ERROR, result
    assert result.stderr == (
        f"Error: store {isolated / 'revtrack.db'} does not exist (nothing was added there yet, "
        "or it was moved or deleted)\n"
    )
    assert not isolated.exists()


# --- what is worth telling: severity and noise ----------------------------------------------

PROMO = "<p>Sponsored: {} for {} dollars a month.</p>"


def _with_promo(product: str, price: str, page: bytes = LEDGER) -> bytes:
    """The ledger page with a rotating sponsor line after its second paragraph."""
    anchor = b"25 more building inspectors to clear a backlog of permit requests.</p>"
    return page.replace(anchor, anchor + PROMO.format(product, price).encode())


def test_rotating_ad_lines_are_silenced_by_a_saved_site_rule(run: RunFn, site: Site) -> None:
    url = site.page("/council-approves-budget", _with_promo("Vexa Phone", "30"))
    assert run("add", url).code == 0
    site.set_body("/council-approves-budget", _with_promo("Lumo Bank", "12"))
    noisy = run("refresh", "--all", "--delay", "0", "--exit-code")
    assert noisy.code == ExitStatus.CHANGED and "changed without a note" in noisy.stdout, noisy
    host = url.split("/")[2].split(":")[0]
    added = run("ignore", "add", r"^Sponsored: .*$", "--site", host)
    assert added.code == 0 and "rule 1 added" in added.stderr, added
    site.set_body("/council-approves-budget", _with_promo("Orra Travel", "45"))
    quiet = run("refresh", "--all", "--delay", "0", "--exit-code")
    assert (quiet.code, quiet.stdout) == (0, ""), quiet  # stored, and nothing to tell
    log = json.loads(run("log", "council-approves-budget", "--json").stdout)
    assert [len(v["findings"]) for v in log["versions"]] == [0, 0, 0]  # the rule applies to all
    assert [v["words_added"] for v in log["versions"][1:]] == [0, 0]
    assert [r["id"] for r in log["ignored_by"]] == [1]
    report = run("diff", "council-approves-budget", "@1").stdout
    assert f"ignored: rule 1 (site {host})" in report


def test_a_typo_fix_is_stored_but_not_told_unless_asked(run: RunFn, site: Site) -> None:
    url = site.page("/council-approves-budget", LEDGER)
    assert run("add", url).code == 0
    typo = LEDGER.replace(b"optimistic revenue", b"optimsitic revenue")
    site.set_body("/council-approves-budget", typo)
    quiet = run("refresh", "--all", "--delay", "0", "--exit-code", "-v")
    assert (quiet.code, quiet.stdout) == (0, ""), quiet
    assert "1 changed (1 less severe than --min-severity)" in quiet.stderr
    site.set_body("/council-approves-budget", LEDGER)
    told = run("refresh", "--all", "--delay", "0", "--exit-code", "--min-severity", "typo")
    assert told.code == ExitStatus.CHANGED, told
    assert told.stdout.endswith("! changed without a note [typo]\n"), told


def test_force_stores_an_article_really_cut(run: RunFn, site: Site) -> None:
    url = site.page("/council-approves-budget", LEDGER)
    assert run("add", url).code == 0
    head = LEDGER.split(b"<p>The city council voted", 1)[0]
    cut = head + b"<p>The city council voted 7-2 on Tuesday to approve the budget.</p></article>"
    site.set_body("/council-approves-budget", cut)
    refused = run("add", url)
    assert refused.code == ExitStatus.FETCH_ERROR and "not stored" in refused.stderr, refused
    assert run("refresh", "--force", "--all").code == ExitStatus.USAGE
    forced = run("refresh", "council-approves-budget", "--force", "--json")
    assert forced.code == 0, forced
    (result,) = json.loads(forced.stdout)["articles"]
    assert result["status"] == "changed"
    cut_finding = [f for f in result["findings"] if f["kind"] == "article_cut"]
    assert cut_finding and cut_finding[0]["severity"] == "substantive"
    assert cut_finding[0]["message"].startswith("most of the article was removed")
