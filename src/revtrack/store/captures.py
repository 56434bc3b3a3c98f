"""Raw captures over SQL tables (:mod:`revtrack.raw`), for SQLite and PostgreSQL alike.

``captures`` holds the bytes of each page as received, once per content hash (``sha256:`` of
those bytes), compressed as a text stored alone is (:func:`revtrack.store.codec.compress_alone`);
``version_captures`` ties a version to its capture, with the facts of its response (final URL,
status line, kept headers, time). Two versions whose pages were the same bytes share one
``captures`` row. A version stored before captures were kept has no ``version_captures`` row.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, cast

from revtrack import refs
from revtrack.errors import StoreError
from revtrack.models import Problem, ProblemKind
from revtrack.raw import RawCapture, body_hash
from revtrack.store import codec
from revtrack.store.rebuild import moment
from revtrack.times import to_iso

if TYPE_CHECKING:
    from revtrack.store.sql import SqlStore

_FACTS = "l.url, l.status, l.reason, l.protocol, l.headers, l.fetched_at, c.hash, c.codec, c.body"
_JOINED = (
    f"SELECT v.number, {_FACTS} FROM version_captures l "
    "JOIN captures c ON c.hash = l.capture JOIN versions v ON v.id = l.version_id "
    "JOIN articles a ON a.id = v.article_id WHERE a.key = ?"
)


class Captures:
    """The :class:`~revtrack.store.Store` methods that read raw captures, for
    :class:`~revtrack.store.sql.SqlStore`."""

    def capture(self, article: str, rev: int) -> RawCapture | None:
        return load(cast("SqlStore", self), article, rev)

    def captures(self, article: str) -> Sequence[tuple[int, RawCapture]]:
        return of_article(cast("SqlStore", self), article)


def save(store: SqlStore, version_id: int, capture: RawCapture) -> None:
    """Keep ``capture`` for the version with id ``version_id``, in the transaction that stores
    it: its bytes once per hash (compressed only when they are new), its facts for the version."""
    digest = capture.hash
    there = store._execute("SELECT 1 FROM captures WHERE hash = ?", (digest,)).fetchone()
    if there is None:
        kind, body = codec.compress_alone(capture.body)
        store._execute(
            "INSERT INTO captures (hash, size, codec, body) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (hash) DO NOTHING",
            (digest, len(capture.body), kind, body),
        )
    store._execute(
        "INSERT INTO version_captures (version_id, capture, url, status, reason, protocol, "
        "headers, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            version_id,
            digest,
            capture.url,
            capture.status,
            capture.reason,
            capture.protocol,
            json.dumps([list(pair) for pair in capture.headers]),
            to_iso(capture.fetched_at),
        ),
    )


def load(store: SqlStore, article: str, rev: int) -> RawCapture | None:
    """The capture of version ``rev`` of ``article`` (counted back from the latest when
    negative); None if it has none."""
    with store._errors(), store._transaction(lock=False):
        number = refs.resolve(article, rev, store._latest_number(article))
        row = store._execute(f"{_JOINED} AND v.number = ?", (article, number)).fetchone()
    return None if row is None else _capture(article, row)


def of_article(store: SqlStore, article: str) -> list[tuple[int, RawCapture]]:
    """Every capture of ``article``'s versions, by version number."""
    with store._errors(), store._transaction(lock=False):
        store._latest_number(article)  # (an unknown article is not found)
        rows = store._execute(f"{_JOINED} ORDER BY v.number", (article,)).fetchall()
    return [(int(row[0]), _capture(article, row)) for row in rows]


def _capture(article: str, row: Sequence[object]) -> RawCapture:
    number, url, status, reason, protocol, headers, fetched, digest, kind, blob = row
    try:
        body = codec.decode(str(kind), bytes(blob))  # type: ignore[call-overload]
    except StoreError as exc:
        reason = exc.message.removeprefix("its text ")
        raise StoreError(f"{article}@{number} is damaged: its raw capture {reason}") from None
    if body_hash(body) != digest:
        raise StoreError(f"{article}@{number} is damaged: its raw capture does not match its hash")
    return RawCapture(
        url=str(url),
        status=int(str(status)),
        reason=str(reason),
        headers=_headers(headers),
        fetched_at=moment(fetched),
        body=body,
        protocol=str(protocol),
    )


def _headers(value: object) -> tuple[tuple[str, str], ...]:
    """The kept headers, from JSON text (SQLite) or JSON read already (PostgreSQL)."""
    pairs = json.loads(value) if isinstance(value, str | bytes) else value
    if not isinstance(pairs, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in pairs
    ):
        raise ValueError("its headers are not a list of names and values")
    return tuple((str(name), str(text)) for name, text in pairs)


def check(store: SqlStore) -> Iterator[Problem]:
    """What is wrong with the raw captures, named by the versions they are of: bytes that
    cannot be decompressed, or do not match their hash or size; facts that cannot be read;
    facts of a version, or naming a capture, that does not exist."""
    for article, number, capture_id in store._execute(
        "SELECT a.key, v.number, l.capture FROM version_captures l "
        "LEFT JOIN captures c ON c.hash = l.capture "
        "LEFT JOIN versions v ON v.id = l.version_id "
        "LEFT JOIN articles a ON a.id = v.article_id "
        "WHERE c.hash IS NULL OR v.id IS NULL ORDER BY a.key, v.number"
    ).fetchall():
        detail = f"its raw capture {capture_id} is missing"
        if number is None:
            detail = f"a raw capture's facts ({capture_id}) are of a version that does not exist"
        yield Problem(ProblemKind.ROW, detail, article, number)
    hashes = store._execute("SELECT hash FROM captures ORDER BY hash").fetchall()
    for (digest,) in hashes:
        yield from _check_one(store, str(digest))


def _check_one(store: SqlStore, digest: str) -> Iterator[Problem]:
    size, kind, blob = store._execute(
        "SELECT size, codec, body FROM captures WHERE hash = ?", (digest,)
    ).fetchone()
    owners = store._execute(
        "SELECT a.key, v.number, l.url, l.status, l.headers, l.fetched_at "
        "FROM version_captures l JOIN versions v ON v.id = l.version_id "
        "JOIN articles a ON a.id = v.article_id WHERE l.capture = ? ORDER BY a.key, v.number",
        (digest,),
    ).fetchall()
    detail = None
    try:
        body = codec.decode(str(kind), bytes(blob))
        if body_hash(body) != digest:
            detail = "its raw capture does not match its hash"
        elif len(body) != int(size):
            detail = f"its raw capture has {len(body):,} bytes, not the {int(size):,} counted"
    except StoreError as exc:
        detail = "its raw capture " + exc.message.removeprefix("its text ")
    for article, number, _url, status, headers, fetched in owners:
        if detail is not None:
            yield Problem(ProblemKind.HASH, detail, str(article), int(number))
        try:
            int(str(status)), _headers(headers), moment(fetched)
        except (ValueError, TypeError) as exc:
            problem = f"its raw capture's facts are unreadable: {exc}"
            yield Problem(ProblemKind.ROW, problem, str(article), int(number))
