"""Alerts: where the changes that ``refresh`` finds are sent, and how they get there.

An alert target is an Apprise URL saved in the store (:mod:`revtrack.notify` sends to it),
for the whole store, one article or one site, and a least severity. Each change a refresh
stores is judged at the severity of each target it concerns and, when it has something at
or above it, composed into a message (:mod:`revtrack.render.alert`) and put in the store's
queue of alerts, one row per target. At the end of the refresh the queue is delivered:
claimed first (a lease, as refreshes claim articles, so that two refreshes never send the
same alert), then sent with no transaction open, each alert removed once it is sent. One
that fails stays in the queue, with its error, for the next refresh.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from revtrack.errors import MissingStoreError, NotFoundError, UsageError
from revtrack.frozen import dataclass
from revtrack.models import (
    Criteria,
    DiffStats,
    Outcome,
    RefreshReport,
    RefreshResult,
    Severity,
    Transition,
)

if TYPE_CHECKING:
    from revtrack.store import Store

    Opener = Callable[[], Store]
    Sender = Callable[[str, str, str], str | None]


@dataclass(frozen=True)
class AlertTarget:
    """Where changes are sent: an Apprise URL, for the whole store, one article (by name)
    or one site (a host and its subdomains), from a least severity on."""

    url: str
    id: int | None = None  # None: a target of one refresh (--notify)
    article: str | None = None
    site: str | None = None
    min_severity: Severity = Severity.MINOR
    created: datetime | None = None

    @property
    def scope(self) -> str:
        """``article NAME``, ``site HOST`` or ``store``."""
        if self.article is not None:
            return f"article {self.article}"
        return "store" if self.site is None else f"site {self.site}"

    @property
    def label(self) -> str:
        """``alert 3``, or ``--notify`` for a target of one refresh."""
        return "--notify" if self.id is None else f"alert {self.id}"

    def concerns(self, article: str, url: str | None) -> bool:
        """Whether the changes of ``article`` (tracked at ``url``) are sent here."""
        if self.article is not None:
            return self.article == article
        if self.site is None:
            return True
        host = (urlsplit(url).hostname or "").lower() if url else ""
        return bool(host) and (host == self.site or host.endswith("." + self.site))


@dataclass(frozen=True)
class Alert:
    """One message for one target: queued, claimed, then sent or failed."""

    url: str  # the target's (masked, once delivered: see deliver)
    article: str
    title: str
    body: str
    target: int | None = None  # the saved target's id; None for one of --notify
    id: int | None = None  # its row in the queue
    attempts: int = 0  # deliveries tried, this one included once it is tried
    error: str | None = None  # why the last one failed
    sent: bool = False


@dataclass(frozen=True)
class Refreshed(RefreshReport):
    """A refresh's report, with the alerts it tried to deliver (sent, or failed and kept)."""

    alerts: tuple[Alert, ...] = ()

    @property
    def unsent(self) -> tuple[Alert, ...]:
        return tuple(a for a in self.alerts if not a.sent)


# --- the targets -----------------------------------------------------------------------


def add_target(
    open_store: Opener,
    url: str,
    *,
    article: str | None = None,
    site: str | None = None,
    min_severity: Severity = Severity.MINOR,
) -> AlertTarget:
    """Save a target (Apprise must be able to read ``url``): the whole store, one
    ``article`` (a name or URL) or one ``site`` (a host, or a URL's host)."""
    from revtrack import noise, notify, refs
    from revtrack.times import now

    if article is not None and site is not None:
        raise UsageError("an alert is for one article (--article) or one site (--site), not both")
    notify.check_url(url)
    host = None if site is None else noise.site_host(site)
    with open_store() as store:
        name = None if article is None else refs.lookup(store, article)
        target = AlertTarget(url, article=name, site=host, min_severity=min_severity)
        return _shown(store.add_alert_target(target, now()))


def targets(open_store: Opener) -> tuple[AlertTarget, ...]:
    """The saved targets, by number, their secrets masked."""
    try:
        with open_store() as store:
            return tuple(_shown(t) for t in store.alert_targets())
    except MissingStoreError:  # nothing saved yet
        return ()


def remove_target(open_store: Opener, id: int) -> AlertTarget:
    """Remove target ``id`` and the alerts queued for it; :class:`NotFoundError` if none."""
    try:
        with open_store() as store:
            removed = store.remove_alert_target(id)
    except MissingStoreError:
        removed = None
    if removed is None:
        raise _no_target(id)
    return _shown(removed)


def send_test(
    open_store: Opener, id: int | None = None, send: Sender | None = None
) -> list[tuple[AlertTarget, str | None]]:
    """Send a test message to target ``id``, or to every one; each target (masked) with why
    its message failed (None when it was sent)."""
    try:
        with open_store() as store:
            saved = list(store.alert_targets())
    except MissingStoreError:
        saved = []
    chosen = [t for t in saved if id is None or t.id == id]
    if not chosen:
        raise _no_target(id)
    send = send or _sender()
    title = "revtrack: test message"
    results = []
    for target in chosen:
        body = f"{target.label} works: revtrack sends changes of {_scope_text(target)} here."
        results.append((_shown(target), send(target.url, title, body)))
    return results


def _scope_text(target: AlertTarget) -> str:
    if target.article is not None:
        return f"the article {target.article}"
    return "every article" if target.site is None else f"the articles of {target.site}"


def _no_target(id: int | None) -> NotFoundError:
    if id is None:
        return NotFoundError("no alert targets: add one with revtrack alert add URL")
    return NotFoundError(f"no alert {id} (revtrack alert list shows them)")


def _shown(target: AlertTarget) -> AlertTarget:
    from revtrack.notify import masked

    return replace(target, url=masked(target.url))


def _sender() -> Sender:
    from revtrack.notify import send

    return send


# --- what a refresh does ---------------------------------------------------------------


def run_targets(store: Store, extra: Sequence[str], least: Severity) -> tuple[AlertTarget, ...]:
    """The targets of a refresh: the saved ones, and ``extra`` URLs for this one only (the
    whole store, from ``least`` on), each checked first (:class:`UsageError`)."""
    if extra:
        from revtrack.notify import check_url

        for url in extra:
            check_url(url)
    saved = tuple(store.alert_targets())
    return saved + tuple(AlertTarget(url, min_severity=least) for url in dict.fromkeys(extra))


def queue_change(
    store: Store,
    result: RefreshResult,
    chosen: Sequence[AlertTarget],
    criteria: Criteria,
    at: datetime,
) -> int:
    """Queue the alerts of one refreshed article: a message for each target it concerns,
    judged at the target's severity, unless nothing of the change reaches it. How many."""
    recorded = result.recorded
    if result.outcome is not Outcome.CHANGED or recorded is None:
        return 0
    version = recorded.version
    concerned = [t for t in chosen if t.concerns(version.article, result.url)]
    judged: dict[Severity, tuple[Transition, DiffStats] | None] = {}
    queued = []
    for target in concerned:
        level = target.min_severity
        if level not in judged:
            judged[level] = _judge(store, version.article, version.number, criteria, level)
        found = judged[level]
        if found is None or not found[0].notable:
            continue
        from revtrack.render.alert import message

        title, body = message(version.article, *found)
        queued.append(Alert(target.url, version.article, title, body, target=target.id))
    if queued:
        store.queue_alerts(queued, at)
    return len(queued)


def _judge(
    store: Store, article: str, number: int, criteria: Criteria, level: Severity
) -> tuple[Transition, DiffStats] | None:
    """The change that made version ``number``, judged at ``level``; None if it cannot be
    (the versions before it are damaged: the refresh says so)."""
    from revtrack.errors import RevtrackError
    from revtrack.track import judge

    try:
        return judge(store, article, number, replace(criteria, min_severity=level))
    except RevtrackError:
        return None


def deliver(
    store: Store,
    worker: str,
    now: Callable[[], datetime],
    lease: timedelta,
    send: Sender | None = None,
) -> tuple[Alert, ...]:
    """Send every alert queued that no other refresh holds: claimed for ``lease``, sent with
    no transaction open, removed once sent. A failed one stays queued with its error, and so
    do the others for its URL, untried in this run (the service is down). Each alert as
    delivered or not, its URL masked."""
    claimed = store.claim_alerts(worker, now(), lease)
    if not claimed:
        return ()
    send = send or _sender()
    from revtrack.notify import masked

    failed: dict[str, str] = {}
    done = []
    for alert in claimed:
        assert alert.id is not None
        if alert.url in failed:
            store.finish_alert(alert.id, worker, failed[alert.url], tried=False)
            done.append(replace(alert, error=failed[alert.url]))
        else:
            error = send(alert.url, alert.title, alert.body)
            store.finish_alert(alert.id, worker, error)
            if error is not None:
                failed[alert.url] = error
            tried = replace(alert, attempts=alert.attempts + 1, error=error, sent=error is None)
            done.append(tried)
    shown = {url: masked(url) for url in {a.url for a in done}}
    return tuple(replace(a, url=shown[a.url]) for a in done)
