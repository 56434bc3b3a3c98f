"""``revtrack check`` over SQL tables, written once for SQLite and PostgreSQL: the database's
own check of its pages and indexes (each backend's hook), the rows that tie the store
together, and every version of every article rebuilt and checked.

What a version must be: rebuilt from its row (and those it is stored against) into a text
that matches its hash, with readable columns, counts that are its text's, a revert that
names an earlier version of the same text, and an observed time not before the version's
before it; numbered from 1 without a gap; in the search index with the words it brought
(:func:`revtrack.store.index.unindexed`). What the other rows must be: versions, tracking
and rules of articles that exist, tracking of an article with a URL and of a feed that
exists, tracking and feed rows that read, and saved settings that read. What a raw capture
must be: bytes that decompress to their hash and size, facts that read, of a version that
exists (:func:`revtrack.store.captures.check`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from revtrack.errors import StoreError
from revtrack.models import CheckStep, Problem, ProblemKind, Version
from revtrack.store import captures, index
from revtrack.store.rebuild import history_of, rebuilt
from revtrack.store.sql import DISABLED_BUILTINS, TRACKING, builtin_names, tracking_of
from revtrack.store.wholes import COLUMNS
from revtrack.text import count_words

if TYPE_CHECKING:
    from revtrack.store.sql import SqlStore


def check(store: SqlStore) -> Iterator[CheckStep]:
    """The steps of a store's check (see :meth:`revtrack.store.Store.check`). Rows that the
    database itself cannot read (pages damaged) are problems found, and the check goes on."""
    method, found = store._integrity()
    problems = [Problem(ProblemKind.DATABASE, detail) for detail in found]
    planned = 0
    try:
        with store._errors():
            planned = int(store._execute("SELECT count(*) FROM versions").fetchone()[0])
    except StoreError as exc:
        problems.append(_unreadable("the versions", exc))
    yield CheckStep(problems=tuple(problems), method=method, planned=planned)
    with store._errors(), _snapshot(store):  # one moment of the store
        yield CheckStep(problems=tuple(_rows(store)))
        kept: list[Problem] = []
        with _guarded(store, kept, "the raw captures"):
            kept += captures.check(store)
        yield CheckStep(problems=tuple(kept))
        listed: list[Problem] = []
        articles: Sequence[Sequence[object]] = []
        with _guarded(store, listed, "the articles"):
            articles = store._execute("SELECT id, key FROM articles ORDER BY key").fetchall()
        if listed:
            yield CheckStep(problems=tuple(listed))
        for article_id, key in articles:
            yield _article(store, int(str(article_id)), str(key))


def _article(store: SqlStore, article_id: int, key: str) -> CheckStep:
    """One article: its numbering, and each version rebuilt and checked."""
    problems: list[Problem] = []
    rows: Sequence[Sequence[object]] = []
    with _guarded(store, problems, "its versions", key):
        rows = store._execute(
            f"SELECT {COLUMNS} FROM versions WHERE article_id = ? ORDER BY number DESC",
            (article_id,),
        ).fetchall()
        history = history_of(key, rebuilt(key, rows))
        problems += history.damaged
        problems += _consistency(history.versions)
        problems += index.unindexed(store, article_id, history.versions)
        if not rows:
            problems.append(Problem(ProblemKind.NUMBERING, "it has no versions", key))
    problems.sort(key=lambda p: p.version or 0)
    return CheckStep(key, versions=len(rows), problems=tuple(problems))


@contextlib.contextmanager
def _snapshot(store: SqlStore) -> Iterator[None]:
    """A transaction that reads: its end cannot fail the check, which wrote nothing (SQLite
    repeats at the end what damage it met)."""
    store._execute(store.BEGIN_READ)
    try:
        yield
    finally:
        with contextlib.suppress(Exception):
            store._execute("ROLLBACK")


@contextlib.contextmanager
def _guarded(
    store: SqlStore, problems: list[Problem], what: str, article: str | None = None
) -> Iterator[None]:
    """Run a part of the check that reads rows (``what``): rows the database cannot read are
    a problem found, and the check goes on with the others."""
    store._execute("SAVEPOINT revtrack_check")
    try:
        with store._errors():
            yield
    except StoreError as exc:
        store._execute("ROLLBACK TO SAVEPOINT revtrack_check")
        problems.append(_unreadable(what, exc, article))
    store._execute("RELEASE SAVEPOINT revtrack_check")


def _unreadable(what: str, exc: StoreError, article: str | None = None) -> Problem:
    """Rows the database cannot read, and what its driver says of them."""
    reason = exc.__cause__ or exc.message
    return Problem(ProblemKind.DATABASE, f"{what} cannot be read: {reason}", article)


def _consistency(versions: Sequence[Version]) -> Iterator[Problem]:
    """What is wrong with versions that were rebuilt: counts, reverts, time order."""
    by_number = {v.number: v for v in versions}
    previous: Version | None = None
    for version in versions:
        yield from _counts(version)
        revert = version.revert_of
        if revert is not None:
            earlier = by_number.get(revert)
            if revert >= version.number or (earlier and earlier.hash != version.hash):
                detail = f"it is marked as the same text as @{revert}, which it is not"
                yield Problem(ProblemKind.ROW, detail, version.article, version.number)
        if previous is not None and version.observed_at < previous.observed_at:
            detail = f"it was observed before @{previous.number}, the version before it"
            yield Problem(ProblemKind.ROW, detail, version.article, version.number)
        previous = version


def _counts(version: Version) -> Iterator[Problem]:
    size, words = len(version.text.encode("utf-8")), count_words(version.text)
    for what, stored, actual in (
        ("bytes", version.byte_count, size),
        ("words", version.word_count, words),
    ):
        if stored != actual:
            detail = f"it counts {stored:,} {what}, its text has {actual:,}"
            yield Problem(ProblemKind.ROW, detail, version.article, version.number)


#: Rows that name a row that does not exist: the kind of problem, the query (its rows: the
#: article concerned, if it is known, and the ids that go into the message), the message.
_ORPHANS: tuple[tuple[ProblemKind, str, str], ...] = (
    (
        ProblemKind.ROW,
        "SELECT DISTINCT NULL, v.article_id FROM versions v "
        "LEFT JOIN articles a ON a.id = v.article_id WHERE a.id IS NULL",
        "versions are stored for an article (id {}) that does not exist",
    ),
    (
        ProblemKind.TRACKING,
        "SELECT NULL, t.article_id FROM tracking t "
        "LEFT JOIN articles a ON a.id = t.article_id WHERE a.id IS NULL",
        "a tracking row is for an article (id {}) that does not exist",
    ),
    (
        ProblemKind.TRACKING,
        "SELECT a.key, a.id FROM tracking t JOIN articles a ON a.id = t.article_id "
        "WHERE a.url IS NULL",
        "it is tracked by URL, but has no URL",
    ),
    (
        ProblemKind.TRACKING,
        "SELECT a.key, t.feed_id FROM tracking t JOIN articles a ON a.id = t.article_id "
        "LEFT JOIN feeds f ON f.id = t.feed_id WHERE t.feed_id IS NOT NULL AND f.id IS NULL",
        "its tracking names a feed (id {}) that does not exist",
    ),
    (
        ProblemKind.RULE,
        "SELECT NULL, r.id, r.article_id FROM ignore_rules r "
        "LEFT JOIN articles a ON a.id = r.article_id "
        "WHERE r.article_id IS NOT NULL AND a.id IS NULL",
        "ignore rule {} is for an article (id {}) that does not exist",
    ),
    (
        ProblemKind.RULE,
        "SELECT NULL, t.id, t.article_id FROM alert_targets t "
        "LEFT JOIN articles a ON a.id = t.article_id "
        "WHERE t.article_id IS NOT NULL AND a.id IS NULL",
        "alert {} is for an article (id {}) that does not exist",
    ),
)


def _rows(store: SqlStore) -> Iterator[Problem]:
    """What is wrong with the rows that tie the store together."""
    problems: list[Problem] = []
    for kind, query, message in _ORPHANS:
        with _guarded(store, problems, "the rows that tie the store together"):
            for article, *ids in store._execute(query).fetchall():
                problems.append(Problem(kind, message.format(*ids), article))
    with _guarded(store, problems, "the tracking"):
        for row in store._execute(TRACKING).fetchall():
            try:
                tracking_of(row)
            except (ValueError, TypeError) as exc:
                detail = f"its tracking row is unreadable: {exc}"
                problems.append(Problem(ProblemKind.TRACKING, detail, str(row[0])))
    with _guarded(store, problems, "the feeds"):
        try:
            store.feeds()
        except (ValueError, TypeError) as exc:
            problems.append(Problem(ProblemKind.FEED, f"a feed's row is unreadable: {exc}"))
    with _guarded(store, problems, "the saved settings"):
        (setting,) = store._execute(
            "SELECT max(value) FROM settings WHERE key = ?", (DISABLED_BUILTINS,)
        ).fetchone()
        try:
            builtin_names(setting)
        except ValueError as exc:
            problems.append(Problem(ProblemKind.RULE, f"the saved settings are unreadable: {exc}"))
    yield from problems
