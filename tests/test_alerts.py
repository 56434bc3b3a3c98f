"""Alerts: targets and the queue of alerts saved in the store (both backends), claims that never
send one alert twice, and the secrets of targets' URLs masked."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from conftest import Run

from revtrack import alerts, notify
from revtrack.alerts import Alert
from revtrack.models import Snapshot
from revtrack.paths import Location
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
