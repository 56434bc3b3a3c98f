"""Managing what a store tracks, over SQL tables, for SQLite and PostgreSQL alike: removing
articles with everything that belongs to them, renaming one, pausing and resuming their
tracking.

An article's rows are its ``articles`` row, its ``versions``, their rows of the search index
(:mod:`revtrack.store.index`) and their raw captures (``version_captures``, and the bytes in
``captures`` that no other version shares), its ``tracking``, its own ``ignore_rules`` and
``alert_targets`` (and the alerts queued about it). The
cache of derived data is keyed by what decides each row (texts' hashes), not by article, so a
removal empties it (:mod:`revtrack.cache` works it out again as needed): nothing derived from
a removed text stays behind. Each call is one transaction: every article named is removed,
renamed or switched, or none is (an unknown one is
:class:`~revtrack.errors.NotFoundError`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from revtrack.errors import InputError, NotFoundError, UsageError
from revtrack.times import to_iso

if TYPE_CHECKING:
    from revtrack.inventory import Removal, Switched
    from revtrack.store.sql import SqlStore

#: An article's row and what it has, by its name: id, URL, versions, captures, tracked, rules,
#: alert targets.
_HOLDINGS = (
    "SELECT a.id, a.url, "
    "(SELECT count(*) FROM versions v WHERE v.article_id = a.id), "
    "(SELECT count(*) FROM version_captures l JOIN versions v ON v.id = l.version_id "
    " WHERE v.article_id = a.id), "
    "(SELECT count(*) FROM tracking t WHERE t.article_id = a.id), "
    "(SELECT count(*) FROM ignore_rules r WHERE r.article_id = a.id), "
    "(SELECT count(*) FROM alert_targets g WHERE g.article_id = a.id) "
    "FROM articles a WHERE a.key = ?"
)


class Managing:
    """The :class:`~revtrack.store.Store` methods that remove, rename, pause and resume
    articles, for :class:`~revtrack.store.sql.SqlStore`; a backend supplies
    :meth:`_unindex`."""

    def removal(self, articles: Sequence[str]) -> Sequence[Removal]:
        """What removing ``articles`` would remove; nothing is written."""
        store = cast("SqlStore", self)
        with store._errors(), store._transaction(lock=False):
            return [_holdings(store, name)[1] for name in dict.fromkeys(articles)]

    def remove(self, articles: Sequence[str]) -> Sequence[Removal]:
        """Remove ``articles`` and everything that belongs to them; what was removed."""
        store = cast("SqlStore", self)
        removed = []
        with store._errors(), store._transaction():
            for name in dict.fromkeys(articles):
                article_id, found = _holdings(store, name, lock=True)
                _delete(store, article_id)
                store._execute("DELETE FROM alert_queue WHERE article = ?", (name,))
                removed.append(found)
            store._execute("DELETE FROM derived")
        return removed

    def rename(self, old: str, new: str) -> None:
        """Give article ``old`` the name ``new``, keeping all it has (rows are tied to an
        article by its id, never by its name)."""
        store = cast("SqlStore", self)
        with store._errors(), store._transaction():
            article_id, _ = _holdings(store, old, lock=True)
            if old == new:
                return
            if store._execute("SELECT 1 FROM articles WHERE key = ?", (new,)).fetchone():
                raise InputError(f"an article is named {new!r} already: rename or remove it first")
            store._execute("UPDATE articles SET key = ? WHERE id = ?", (new, article_id))

    def pause(self, articles: Sequence[str] | None, at: datetime) -> Sequence[Switched]:
        """Pause the tracking of ``articles`` (None: of every article tracked by URL) from
        ``at``: none is due until it is resumed."""
        assignment = "paused_at = coalesce(paused_at, ?)"  # (paused since the first time)
        return _switch(cast("SqlStore", self), articles, assignment, (to_iso(at),), True)

    def resume(self, articles: Sequence[str] | None, at: datetime) -> Sequence[Switched]:
        """Resume the tracking of ``articles`` (None: of every article tracked by URL),
        paused or stopped: each is due at ``at``."""
        return _switch(
            cast("SqlStore", self),
            articles,
            "paused_at = NULL, stopped = ?, next_check = ?",
            (False, to_iso(at)),
            False,
        )

    def _unindex(self, article_id: int) -> None:
        """Take the versions of an article out of the search index, before they are
        deleted."""
        raise NotImplementedError


def _holdings(store: SqlStore, name: str, *, lock: bool = False) -> tuple[int, Removal]:
    """The id of article ``name`` (its row locked, with ``lock``) and what it has."""
    from revtrack.inventory import Removal

    row = store._execute(_HOLDINGS + (store.LOCK_ROW if lock else ""), (name,)).fetchone()
    if row is None:
        raise NotFoundError(f"unknown article {name!r} (revtrack list shows the articles)")
    article_id, url, versions, captures, tracked, rules, alerts = row
    found = Removal(name, url, int(versions), int(captures), bool(tracked), int(rules), int(alerts))
    return int(article_id), found


def _delete(store: SqlStore, article_id: int) -> None:
    """Delete an article's rows, those that name it first; and the raw pages that no other
    version shares."""
    hashes = [
        str(row[0])
        for row in store._execute(
            "SELECT DISTINCT l.capture FROM version_captures l "
            "JOIN versions v ON v.id = l.version_id WHERE v.article_id = ?",
            (article_id,),
        ).fetchall()
    ]
    store._unindex(article_id)
    for statement in (
        "DELETE FROM version_captures WHERE version_id IN "
        "(SELECT id FROM versions WHERE article_id = ?)",
        "DELETE FROM ignore_rules WHERE article_id = ?",
        "DELETE FROM alert_queue WHERE target_id IN "
        "(SELECT id FROM alert_targets WHERE article_id = ?)",
        "DELETE FROM alert_targets WHERE article_id = ?",
        "DELETE FROM tracking WHERE article_id = ?",
        "DELETE FROM whole_texts WHERE version_id IN "
        "(SELECT id FROM versions WHERE article_id = ?)",
        "DELETE FROM versions WHERE article_id = ?",
        "DELETE FROM articles WHERE id = ?",
    ):
        store._execute(statement, (article_id,))
    for digest in hashes:
        store._execute(
            "DELETE FROM captures WHERE hash = ? AND NOT EXISTS "
            "(SELECT 1 FROM version_captures WHERE capture = ?)",
            (digest, digest),
        )


def _switch(
    store: SqlStore,
    articles: Sequence[str] | None,
    assignments: str,
    values: Sequence[Any],
    pause: bool,
) -> list[Switched]:
    """Pause or resume (``pause``) the tracking of ``articles``, or of every tracked one."""
    from revtrack.inventory import Switched

    verb = "pause" if pause else "resume"
    with store._errors(), store._transaction():
        rows = store._execute(
            "SELECT a.key, t.article_id, t.paused_at, t.stopped FROM tracking t "
            "JOIN articles a ON a.id = t.article_id ORDER BY a.key"
        ).fetchall()
        tracked = {
            str(key): (int(id_), paused is not None, bool(stopped))
            for key, id_, paused, stopped in rows
        }
        names = list(tracked) if articles is None else list(dict.fromkeys(articles))
        switched = []
        for name in names:
            if name not in tracked:
                if store._execute("SELECT 1 FROM articles WHERE key = ?", (name,)).fetchone():
                    raise UsageError(f"{name} is not tracked by URL: there is nothing to {verb}")
                raise NotFoundError(f"unknown article {name!r} (revtrack list shows the articles)")
            article_id, paused, stopped = tracked[name]
            changed = not paused if pause else paused or stopped
            store._execute(
                f"UPDATE tracking SET {assignments} WHERE article_id = ?", (*values, article_id)
            )
            switched.append(Switched(name, changed))
    return switched
