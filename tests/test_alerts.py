"""Alerts: targets saved in the store (both backends), the messages `refresh` sends to a real
JSON webhook on 127.0.0.1 through Apprise, failures kept in the queue and sent by the next
refresh, severity and scope, `--notify`, and claims that never send one alert twice."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, Run, StoreHome, Stores, article_versions
from test_check import valid
from webserver import Site

from revtrack import alerts, notify
from revtrack.alerts import Alert
from revtrack.errors import ExitStatus
from revtrack.models import IgnoreRule, Snapshot
from revtrack.paths import DatabaseURL, Location
from revtrack.store import open_store

RunFn = Callable[..., Run]
TEXT = "text/plain; charset=utf-8"
BODY = (
    "The council voted on Tuesday to approve the budget for next year after a long debate in "
    "the chamber.\n\nThe mayor said the vote was close.\n"
)
TYPO = BODY.replace("was close", "was clsoe")
MINOR = BODY.replace("was close", "was rather tight")
SUBSTANTIVE = MINOR + "\nTaxes will rise by 12 percent next year.\n"
CORRECTED = (
    BODY.replace("Tuesday", "Wednesday")
    + "\nCorrection: An earlier version of this article misstated the day of the vote.\n"
)
AT = datetime(2025, 3, 1, 12, tzinfo=UTC)


class Hook:
    """A JSON webhook on 127.0.0.1, as Apprise's ``json://`` form posts to: the messages it
    took, by path, and the status it answers with (500: a service that fails)."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, dict[str, Any]]] = []
        self.status = 200
        self.during: Callable[[], None] | None = None  # run while a message is being taken
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                data = json.loads(self.rfile.read(length))
                if hook.during is not None:
                    hook.during()
                if hook.status == 200:
                    hook.messages.append((self.path, data))
                self.send_response(hook.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                """Quiet."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=lambda: self.server.serve_forever(poll_interval=0.02), daemon=True
        )
        self.thread.start()

    def url(self, path: str = "/hook") -> str:
        return f"json://127.0.0.1:{self.server.server_address[1]}{path}"

    def titles(self, path: str = "/hook") -> list[str]:
        return [data["title"] for at, data in self.messages if at == path]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hook() -> Iterator[Hook]:
    server = Hook()
    yield server
    server.stop()


def refused() -> str:
    """A JSON webhook URL on a port of 127.0.0.1 where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"json://127.0.0.1:{port}/hook"


def tracked(run: RunFn, site: Site, path: str = "/budget", text: str = BODY) -> str:
    """An article tracked by URL, its first version stored; its URL."""
    url = site.page(path, text, content_type=TEXT)
    added = run("add", url)
    assert added.code == 0, added
    return url


def refresh(run: RunFn, *args: str) -> Run:
    return run("refresh", "--all", "--delay", "0", "--retries", "0", *args)


# --- a change, sent ------------------------------------------------------------------------


def test_a_change_arrives_with_what_changed(
    run: RunFn, site: Site, hook: Hook, store_home: StoreHome
) -> None:
    tracked(run, site)
    assert run("alert", "add", hook.url()).code == 0
    site.set_body("/budget", CORRECTED, content_type=TEXT)
    done = refresh(run)
    assert done.code == 0 and done.stderr == "", done
    ((path, data),) = hook.messages
    assert path == "/hook" and data["type"] == "info"
    assert data["title"].startswith("budget: version 2 — 1 note, 1 change beyond the notes")
    body = data["message"].splitlines()
    assert body[0] == "budget @1 → @2: sentences 1 added, 1 edited (+14 -1 words), substantive"
    assert (
        "- correction: Correction: An earlier version of this article misstated the day"
        in (data["message"])
    )
    assert any(line.startswith("- changed beyond the note [substantive]: ") for line in body)
    assert body[-1] == "See: revtrack diff budget @1 @2"
    assert run("diff", "budget", "@1", "@2").code == 0  # (the command it names works)

    again = refresh(run)  # nothing changed: nothing sent, nothing left queued
    assert again.code == 0 and len(hook.messages) == 1, again
    assert valid(refresh(run, "--json").stdout, "refresh")["alerts"] == []


def test_a_failed_delivery_is_reported_kept_and_sent_by_the_next_refresh(
    run: RunFn, site: Site, hook: Hook, store_home: StoreHome
) -> None:
    tracked(run, site)
    assert run("alert", "add", hook.url()).code == 0
    assert run("alert", "add", refused()).code == 0
    hook.status = 500
    site.set_body("/budget", MINOR, content_type=TEXT)
    done = refresh(run)
    assert done.code == 0 and done.stdout.startswith("budget@2  "), done  # the refresh is fine
    warnings = done.stderr.splitlines()
    assert len(warnings) == 2, done
    assert warnings[0].startswith(f"warning: alert 1 ({hook.url()}): 1 message not delivered: ")
    assert "error=500" in warnings[0] and warnings[0].endswith("; kept for the next refresh")
    assert warnings[1].startswith("warning: alert 2 (") and "Connection error" in warnings[1]
    assert hook.messages == []

    kept = refresh(run, "--json")  # nothing due: the queue is tried again all the same
    assert kept.code == 0, kept
    data = valid(kept.stdout, "refresh")
    assert [(a["alert"], a["sent"], a["attempts"]) for a in data["alerts"]] == [
        (1, False, 2),
        (2, False, 2),
    ]
    assert data["alerts"][0]["title"].startswith("budget: version 2 — 1 unnoted change")
    assert len(kept.stderr.splitlines()) == 2

    hook.status = 200
    assert run("alert", "rm", "2").code == 0  # its queued messages go with it
    sent = refresh(run)
    assert sent.code == 0 and sent.stderr == "", sent
    assert hook.titles() == ["budget: version 2 — 1 unnoted change"]
    assert refresh(run).code == 0 and len(hook.messages) == 1  # sent once


def test_a_target_gets_the_changes_at_or_above_its_severity(
    run: RunFn, site: Site, hook: Hook, store_home: StoreHome
) -> None:
    tracked(run, site)
    for level in ("typo", "minor", "substantive"):
        assert run("alert", "add", hook.url(f"/{level}"), "--min-severity", level).code == 0
    sent: dict[str, list[str]] = {}
    typo = ""
    for text in (TYPO, MINOR, SUBSTANTIVE):
        site.set_body("/budget", text, content_type=TEXT)
        assert refresh(run).code == 0
        sent[text] = sorted(path for path, _ in hook.messages)
        typo = typo or hook.messages[0][1]["message"]
        hook.messages.clear()
    assert sent == {
        TYPO: ["/typo"],  # below the refresh's own --min-severity (minor), sent all the same
        MINOR: ["/minor", "/typo"],
        SUBSTANTIVE: ["/minor", "/substantive", "/typo"],
    }
    assert "- changed without a note [typo]: " in typo


def test_a_target_of_an_article_or_a_site_gets_only_their_changes(
    run: RunFn, site: Site, hook: Hook, store_home: StoreHome
) -> None:
    tracked(run, site, "/budget")
    tracked(run, site, "/council", BODY.replace("council", "city council"))
    assert run("alert", "add", hook.url("/article"), "--article", "council").code == 0
    assert run("alert", "add", hook.url("/site"), "--site", site.base).code == 0
    assert run("alert", "add", hook.url("/other"), "--site", "example.org").code == 0
    assert run("alert", "add", hook.url("/all")).code == 0
    site.set_body("/budget", MINOR, content_type=TEXT)
    site.set_body("/council", SUBSTANTIVE.replace("council", "city council"), content_type=TEXT)
    assert refresh(run).code == 0
    received = sorted((path, data["title"].split(":")[0]) for path, data in hook.messages)
    assert received == [
        ("/all", "budget"),
        ("/all", "council"),
        ("/article", "council"),
        ("/site", "budget"),
        ("/site", "council"),
    ]


def test_notify_adds_a_target_for_one_run(
    run: RunFn, site: Site, hook: Hook, store_home: StoreHome
) -> None:
    tracked(run, site)
    bad = refresh(run, "--notify", "nonsense://nowhere")
    assert bad.code == ExitStatus.USAGE and "not an alert URL" in bad.stderr, bad
    assert site.requests["/budget"] == 1  # refused before anything was fetched
    site.set_body("/budget", MINOR, content_type=TEXT)
    hook.status = 500
    once = refresh(run, "--notify", hook.url("/one"), "--notify", hook.url("/two"))
    assert once.code == 0 and "warning: --notify (" in once.stderr, once
    hook.status = 200
    site.set_body("/budget", SUBSTANTIVE, content_type=TEXT)
    later = refresh(run)  # without --notify: what failed is sent, the new change is not
    assert later.code == 0 and later.stderr == "", later
    assert sorted(path for path, _ in hook.messages) == ["/one", "/two"]
    assert all(" version 2 " in data["title"] for _, data in hook.messages)


def test_the_configuration_files_targets_get_every_refresh(
    run: RunFn, site: Site, hook: Hook, store_home: StoreHome, tmp_path: Path
) -> None:
    """The configuration's ``alerts`` are targets of every refresh, as --notify URLs are (one
    given both ways is sent to once)."""
    config = tmp_path / "revtrack.toml"
    config.write_text(f'alerts = ["{hook.url("/desk")}"]\n', encoding="utf-8")
    env = {"REVTRACK_CONFIG": str(config)}
    tracked(run, site)
    site.set_body("/budget", MINOR, content_type=TEXT)
    assert refresh(run).code == 0 and hook.messages == []  # (the file not named: no target)
    site.set_body("/budget", SUBSTANTIVE, content_type=TEXT)
    done = run("refresh", "--all", "--delay", "0", "--notify", hook.url("/desk"), env=env)
    assert done.code == 0 and done.stderr == "", done
    assert [path for path, _ in hook.messages] == ["/desk"]
    assert " version 3 " in hook.messages[0][1]["title"]


def test_delivering_holds_no_lock_on_the_store(
    run: RunFn, site: Site, hook: Hook, store_home: StoreHome
) -> None:
    tracked(run, site)
    assert run("alert", "add", hook.url()).code == 0
    written: list[object] = []

    def write_meanwhile() -> None:
        try:
            with open_store(store_home.location, write=True) as store:
                written.append(store.add_ignore_rule(IgnoreRule("^Advertisement$"), AT))
        except Exception as exc:  # (seen by the assertion below)
            written.append(exc)

    hook.during = write_meanwhile
    site.set_body("/budget", MINOR, content_type=TEXT)
    assert refresh(run).code == 0
    assert [type(w) for w in written] == [IgnoreRule] and len(hook.messages) == 1


def test_the_readme_shows_a_message_as_it_is(run: RunFn) -> None:
    from revtrack.models import Criteria
    from revtrack.paths import store_location
    from revtrack.render.alert import message
    from revtrack.track import judge

    seen = (ROOT / "fixtures" / "articles" / "talks" / "seen").read_text().split()[1::2]
    for path, moment in zip(article_versions("talks"), seen, strict=True):
        assert run("add", "talks", str(path), "--at", moment).code == 0
    with open_store(store_location(None), write=False) as store:
        judged = judge(store, "talks", 3, Criteria())
    assert judged is not None
    title, body = message("talks", *judged)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"```\n{title}\n\n{body}\n```" in readme


# --- the commands ------------------------------------------------------------------------


def test_alert_commands(run: RunFn, site: Site, hook: Hook, store_home: StoreHome) -> None:
    empty = run("alert", "list")
    assert (
        empty.code == 0
        and empty.stdout == "no alert targets: add one with revtrack alert add URL\n"
    )
    tracked(run, site)
    secret = hook.url("/hook").replace("json://", "json://desk:s3cret-pw@") + "?+X-Token=abc123"
    added = run("alert", "add", secret, "--article", "budget", "--min-severity", "substantive")
    assert added.code == 0, added
    assert added.stderr == (
        f"added alert 1: {hook.url().replace('json://', 'json://desk:****@')}?+X-Token=****, "
        "article budget, from substantive\n"
    )
    for wrong, status in [
        (["nonsense://x"], ExitStatus.USAGE),
        (["nonsense://desk:pw-in-a-bad-url@x"], ExitStatus.USAGE),
        (["https://example.org/hook"], ExitStatus.USAGE),
        (["json://desk:pw-in-a-bad-url@[x/\x1b[31m"], ExitStatus.USAGE),  # (no URL at all)
        ([hook.url(), "--article", "nope"], ExitStatus.NOT_FOUND),
        ([hook.url(), "--article", "budget", "--site", "example.org"], ExitStatus.USAGE),
        ([hook.url(), "--site", "not a host/"], ExitStatus.USAGE),
    ]:
        refused_ = run("alert", "add", *wrong)
        assert refused_.code == status and refused_.stderr.startswith("Error: "), refused_
        assert len(refused_.stderr.splitlines()) == 1 and "pw-in-a" not in refused_.stderr
    assert run("alert", "add", hook.url("/site"), "--site", "https://Example.org/x").code == 0
    listed = run("alert", "list")
    assert "s3cret" not in listed.stdout and "abc123" not in listed.stdout, listed
    assert listed.stdout.splitlines()[1].split()[:5] == [
        "1",
        "substantive",
        "article",
        "budget",
        hook.url().replace("json://", "json://desk:****@") + "?+X-Token=****",
    ]
    data = valid(run("alert", "list", "--json").stdout, "alerts")
    assert "s3cret" not in json.dumps(data) and "abc123" not in json.dumps(data)
    assert [(t["id"], t["scope"], t["article"], t["site"]) for t in data["targets"]] == [
        (1, "article", "budget", None),
        (2, "site", None, "example.org"),
    ]

    tested = run("alert", "test")
    assert tested.code == 0 and tested.stderr.count(": sent\n") == 2, tested
    assert hook.titles() == ["revtrack: test message"]
    assert [h for _, h in hook.messages] and len(hook.messages) == 2
    assert run("alert", "test", "9").code == ExitStatus.NOT_FOUND
    run("alert", "add", refused())
    failed = run("alert", "test", "3")
    assert failed.code == ExitStatus.FETCH_ERROR, failed
    assert failed.stderr.startswith("alert 3: json://127.0.0.1:") and ": failed: " in failed.stderr

    assert run("alert", "rm", "3").stderr.startswith("removed alert 3: ")
    assert run("alert", "rm", "3").code == ExitStatus.NOT_FOUND
    assert [t["id"] for t in valid(run("alert", "list", "--json").stdout, "alerts")["targets"]] == [
        1,
        2,
    ]


def test_copy_takes_the_targets_and_check_sees_one_without_its_article(
    run: RunFn, site: Site, stores: Stores, store_home: StoreHome, tmp_path: Path
) -> None:
    tracked(run, site)
    assert run("alert", "add", "json://127.0.0.1:9/all", "--min-severity", "typo").code == 0
    assert run("alert", "add", "json://127.0.0.1:9/one", "--article", "budget").code == 0
    copy = tmp_path / "copy.db"
    for _ in range(2):  # (again: nothing is added twice)
        assert run("copy", "--to", str(copy)).code == 0
    with open_store(copy, write=False) as store:
        copied = [(t.id, t.url, t.scope, t.min_severity.value) for t in store.alert_targets()]
    assert copied == [
        (1, "json://127.0.0.1:9/all", "store", "typo"),
        (2, "json://127.0.0.1:9/one", "article budget", "minor"),
    ]
    location = store_home.location
    if isinstance(location, DatabaseURL):  # (a foreign key holds it; SQLite's is off here)
        constraint = "alert_targets_article_id_fkey"
        stores.sql(location, f"ALTER TABLE alert_targets DROP CONSTRAINT {constraint}")
    stores.sql(location, "UPDATE alert_targets SET article_id = 99 WHERE id = 2")
    checked = run("check")
    assert checked.code == ExitStatus.STORE_ERROR, checked
    assert checked.stdout == "rule: alert 2 is for an article (id 99) that does not exist\n"


def test_listing_without_a_store_creates_none(run: RunFn, isolated: Path) -> None:
    assert run("alert", "list").code == 0
    assert run("alert", "rm", "1").code == ExitStatus.NOT_FOUND
    assert run("alert", "test").code == ExitStatus.NOT_FOUND
    assert not isolated.exists()


@pytest.mark.parametrize(
    ("url", "secrets"),
    [
        ("mailtos://desk:app-password@gmail.com?to=news@example.org", ["app-password"]),
        ("slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#corrections", ["TIiajkdnlaz"]),
        ("ntfys://reader:pw-123@ntfy.example.org/newsroom", ["pw-123"]),
        ("matrixs://bot:hunter22@matrix.org/#newsroom:matrix.org", ["hunter22"]),
        ("json://hooks.example.org/in?+Authorization=Bearer%20xyz&:key=val9", ["xyz", "val9"]),
    ],
)
def test_secrets_are_masked(url: str, secrets: list[str]) -> None:
    notify.check_url(url)
    shown = notify.masked(url)
    assert "****" in shown or "..." in shown, shown
    assert not [s for s in secrets if s in shown], shown


# --- the queue, on both backends ------------------------------------------------------------


def queued(location: Location, count: int) -> None:
    with open_store(location, write=True) as store:
        store.add("talks", Snapshot("The talks went on.", "file"), AT)
        store.queue_alerts(
            [Alert(f"json://127.0.0.1:9/{n}", "talks", f"title {n}", "body") for n in range(count)],
            AT,
        )


def test_a_claimed_alert_is_no_other_workers_until_its_lease_ends(location: Location) -> None:
    queued(location, 3)
    lease = timedelta(minutes=15)
    with open_store(location, write=True) as one, open_store(location, write=True) as two:
        first = one.claim_alerts("one", AT, lease)
        assert [a.title for a in first] == ["title 0", "title 1", "title 2"]
        assert two.claim_alerts("two", AT, lease) == []
        ids = [a.id for a in first]
        assert None not in ids
        one.finish_alert(ids[0] or 0, "one", None)  # sent: gone
        one.finish_alert(ids[1] or 0, "one", "down")  # failed: queued again, counted
        again = two.claim_alerts("two", AT, lease)
        assert [(a.title, a.attempts, a.error) for a in again] == [("title 1", 1, "down")]
        # the claims ran out (their workers died): another takes them
        late = two.claim_alerts("four", AT + lease, lease)
        assert [a.title for a in late] == ["title 1", "title 2"]
        one.finish_alert(ids[2] or 0, "one", None)  # too late: not its claim any more
        assert [a.title for a in two.claim_alerts("three", AT + 3 * lease, lease)] == [
            "title 1",
            "title 2",
        ]


def test_two_refreshes_at_once_send_each_alert_once(location: Location) -> None:
    queued(location, 20)
    sent: list[str] = []
    guard = threading.Lock()
    start = threading.Barrier(2)

    def send(url: str, title: str, body: str) -> str | None:
        with guard:
            sent.append(title)
        return None

    def worker(name: str) -> None:
        with open_store(location, write=True) as store:
            start.wait()
            alerts.deliver(store, name, lambda: AT, timedelta(minutes=15), send)

    threads = [threading.Thread(target=worker, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(sent) == sorted(f"title {n}" for n in range(20))
    with open_store(location, write=True) as store:
        assert store.claim_alerts("c", AT + timedelta(days=1), timedelta(minutes=1)) == []


def test_targets_are_kept_per_scope(location: Location) -> None:
    from revtrack.alerts import AlertTarget
    from revtrack.models import Severity

    with open_store(location, write=True) as store:
        store.add("talks", Snapshot("The talks went on.", "file"), AT)
        first = store.add_alert_target(AlertTarget("json://h/x"), AT)
        same = store.add_alert_target(
            AlertTarget("json://h/x", min_severity=Severity.SUBSTANTIVE), AT
        )
        assert (first.id, same.id, same.min_severity) == (1, 1, Severity.SUBSTANTIVE)
        one = store.add_alert_target(AlertTarget("json://h/x", article="talks"), AT)
        assert one.id == 2 and one.article == "talks" and one.created == AT
        assert [t.scope for t in store.alert_targets()] == ["store", "article talks"]
        store.queue_alerts([Alert("json://h/x", "talks", "t", "b", target=2)], AT)
        assert store.remove_alert_target(2) == one
        assert store.claim_alerts("w", AT, timedelta(minutes=1)) == []
        assert store.remove_alert_target(2) is None
