"""Alert targets and the queue of alerts over SQL tables (:mod:`revtrack.alerts`), for SQLite
and PostgreSQL alike.

``alert_targets`` holds each target's Apprise URL, scope (an article, a site, or neither: the
whole store) and least severity. ``alert_queue`` holds each message not delivered yet, with
its URL (a target of one refresh has no row of its own), the number of attempts and the last
error, and the claim of the refresh delivering it (who, until when), taken as refreshes claim
articles: a claimed alert is another refresh's until its lease ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, cast

from revtrack.errors import NotFoundError, StoreError
from revtrack.models import Severity
from revtrack.store.rebuild import moment
from revtrack.times import to_iso

if TYPE_CHECKING:
    from revtrack.alerts import Alert, AlertTarget
    from revtrack.store.sql import SqlStore

_TARGETS = (
    "SELECT t.id, t.url, a.key, t.site, t.min_severity, t.created_at FROM alert_targets t "
    "LEFT JOIN articles a ON a.id = t.article_id"
)
#: The same scope as the unique index, which holds against a concurrent writer.
_SAME = (
    "WHERE t.url = ? AND coalesce(t.article_id, 0) = coalesce(?, 0) "
    "AND coalesce(t.site, '') = coalesce(?, '')"
)
_QUEUED = "SELECT id, url, article, title, body, target_id, attempts, last_error FROM alert_queue"


class Alerts:
    """The :class:`~revtrack.store.Store` methods of alerts, for
    :class:`~revtrack.store.sql.SqlStore`."""

    def alert_targets(self) -> Sequence[AlertTarget]:
        return _targets(cast("SqlStore", self), "")

    def add_alert_target(self, target: AlertTarget, at: datetime) -> AlertTarget:
        store = cast("SqlStore", self)
        with store._errors(), store._transaction():
            article_id = None
            if target.article is not None:
                row = store._article_row(target.article, None)
                if row is None:
                    raise NotFoundError(f"unknown article {target.article!r}")
                article_id = row[0]
            scope = (target.url, article_id, target.site)
            found = _targets(store, _SAME, *scope)
            if not found:  # (looked up first: a number is not spent on a target saved before)
                store._execute(
                    "INSERT INTO alert_targets (url, article_id, site, min_severity, created_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    (*scope, target.min_severity.value, to_iso(at)),
                )
            store._execute(
                f"UPDATE alert_targets SET min_severity = ? WHERE id IN (SELECT t.id "
                f"FROM alert_targets t {_SAME})",
                (target.min_severity.value, *scope),
            )
            return _targets(store, _SAME, *scope)[0]

    def remove_alert_target(self, id: int) -> AlertTarget | None:
        store = cast("SqlStore", self)
        with store._errors(), store._transaction():
            found = _targets(store, "WHERE t.id = ?", id)
            store._execute("DELETE FROM alert_queue WHERE target_id = ?", (id,))
            store._execute("DELETE FROM alert_targets WHERE id = ?", (id,))
        return found[0] if found else None

    def queue_alerts(self, alerts: Sequence[Alert], at: datetime) -> None:
        store = cast("SqlStore", self)
        with store._errors(), store._transaction():
            for alert in alerts:
                store._execute(
                    "INSERT INTO alert_queue (target_id, url, article, title, body, queued_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (alert.target, alert.url, alert.article, alert.title, alert.body, to_iso(at)),
                )

    def claim_alerts(self, worker: str, at: datetime, lease: timedelta) -> Sequence[Alert]:
        from revtrack.alerts import Alert

        store = cast("SqlStore", self)
        moment_ = to_iso(at)
        with store._errors(), store._transaction():
            store._execute(
                "UPDATE alert_queue SET claimed_by = ?, claimed_until = ? WHERE id IN ("
                "SELECT id FROM alert_queue WHERE claimed_until IS NULL OR claimed_until <= ? "
                f"ORDER BY id{store.SKIP_LOCKED})",
                (worker, to_iso(at + lease), moment_),
            )
            rows = store._execute(f"{_QUEUED} WHERE claimed_by = ? ORDER BY id", (worker,))
            return [
                Alert(
                    url=str(url),
                    article=str(article),
                    title=str(title),
                    body=str(body),
                    target=None if target is None else int(target),
                    id=int(id_),
                    attempts=int(attempts),
                    error=error,
                )
                for id_, url, article, title, body, target, attempts, error in rows.fetchall()
            ]

    def finish_alert(self, id: int, worker: str, error: str | None, *, tried: bool = True) -> None:
        store = cast("SqlStore", self)
        with store._errors(), store._transaction():
            if error is None:
                store._execute(
                    "DELETE FROM alert_queue WHERE id = ? AND claimed_by = ?", (id, worker)
                )
                return
            store._execute(
                "UPDATE alert_queue SET attempts = attempts + ?, last_error = ?, "
                "claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ?",
                (int(tried), error, id, worker),
            )


def _targets(store: SqlStore, where: str, *args: object) -> list[AlertTarget]:
    from revtrack.alerts import AlertTarget

    with store._errors():
        rows = store._execute(f"{_TARGETS} {where} ORDER BY t.id", args).fetchall()
    try:
        return [
            AlertTarget(
                url=str(url),
                id=int(id_),
                article=article,
                site=site,
                min_severity=Severity(level),
                created=moment(created),
            )
            for id_, url, article, site, level, created in rows
        ]
    except (ValueError, TypeError) as exc:
        raise StoreError(f"store {store._name} is damaged: an alert target: {exc}") from exc
