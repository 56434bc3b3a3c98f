"""Rows to versions: each version rebuilt from its row, and from those of the versions it is
stored against, or what is wrong with it, for the two SQL stores.

Versions are compressed against the version after them (see :mod:`revtrack.store.codec`), so
rebuilding walks an article's rows newest first. A version that cannot be rebuilt is not an
error here but a :class:`~revtrack.models.Problem` that names it: the versions stored against
it cannot be rebuilt either (they say where their chain breaks), and every other version is
read as usual, so that one damaged row costs only the versions down to the keyframe before it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from types import MappingProxyType

from revtrack.errors import StoreError
from revtrack.frozen import dataclass
from revtrack.models import History, Problem, ProblemKind, Version
from revtrack.store import codec
from revtrack.text import content_hash
from revtrack.times import from_iso


@dataclass(frozen=True)
class _Base:
    """The version a row is stored against: its number, its text if it could be had, and
    if it is damaged, the version where its chain breaks (itself, or one after it)."""

    number: int
    data: bytes | None
    breaks_at: int | None = None


def rebuilt(article: str, rows: Sequence[Sequence[object]]) -> Iterator[Version | Problem]:
    """Each row (as :data:`COLUMNS`, newest first) rebuilt into its version, or what is wrong
    with it.

    A version stored against the next one is decompressed with that one's text: when that text
    is missing or cannot be had, neither can this one's. A text that does not match its hash
    still serves the version before it: if that one matches its own hash, the text was right
    (the hash, or another column, is what was damaged); if not, the damage is the newer one's.
    """
    base: _Base | None = None
    for row in rows:
        number = row[0]
        if not isinstance(number, int):
            yield Problem(ProblemKind.ROW, "its number is not a number", article)
            base = None
            continue
        data = _decompressed(article, row, base)
        found = data if isinstance(data, Problem) else _version(article, row, data)
        wrong_base = base is not None and base.breaks_at is not None
        if isinstance(found, Problem) and found.kind is ProblemKind.HASH and wrong_base:
            found = _against(article, number, base)  # rebuilt against a text that was wrong
        yield found
        base = _Base(
            number,
            None if isinstance(data, Problem) else data,
            _breaks_at(found, number, base),
        )


def rebuilt_last(article: str, rows: Sequence[Sequence[object]]) -> Version | Problem:
    """The last of ``rows`` (as :data:`COLUMNS`, newest first, the first stored alone and each
    of the others against the one before it) rebuilt, as :func:`rebuilt` would yield it.

    The rows on the way are only decompressed: the version asked for is checked against its
    hash, which holds for every text it was rebuilt from. Only when something is wrong are
    the rows rebuilt one by one, so that the message names where the damage is.
    """
    data: bytes | None = None
    expected: object = None
    try:
        for row in rows:
            number, kind, body = row[0], row[-2], row[-1]
            if not isinstance(body, bytes) or (data is not None and number != expected):
                break
            if kind == codec.AGAINST_NEXT and data is not None:
                data = codec.decode(kind, body, data)
            elif kind in codec.ALONE and data is None:
                data = codec.decode(str(kind), body)
            else:
                break
            expected = number - 1 if isinstance(number, int) else None
        else:
            if data is not None:
                found = _version(article, rows[-1], data)
                if isinstance(found, Version):
                    return found
    except StoreError:
        pass
    *_, last = rebuilt(article, rows)
    return last


def _breaks_at(found: Version | Problem, number: int, base: _Base | None) -> int | None:
    """Where the chain of the version stored against this one breaks: nowhere if this one is
    sound; where this one's breaks, if it is damaged for want of the one after it."""
    if not isinstance(found, Problem):
        return None
    if found.kind is ProblemKind.CHAIN and base is not None and base.number == number + 1:
        return base.breaks_at
    return number


def _decompressed(article: str, row: Sequence[object], base: _Base | None) -> bytes | Problem:
    """A row's text, decompressed (against the version after it, when so stored)."""
    number, kind, body = int(str(row[0])), row[-2], row[-1]
    if not isinstance(body, bytes):
        return Problem(ProblemKind.ROW, "its text is not stored as bytes", article, number)
    if kind not in codec.ALONE and kind != codec.AGAINST_NEXT:
        detail = f"it is stored with an unknown codec {kind!r}"
        return Problem(ProblemKind.TEXT, detail, article, number)
    against = None
    if kind == codec.AGAINST_NEXT:
        if base is None or base.number != number + 1 or base.data is None:
            return _against(article, number, base)
        against = base.data
    try:
        return codec.decode(str(kind), body, against)
    except StoreError as exc:
        return Problem(ProblemKind.TEXT, exc.message, article, number)


def _against(article: str, number: int, base: _Base | None) -> Problem:
    """A version that cannot be rebuilt for want of the one it is stored against."""
    detail = f"it is stored against @{number + 1}, which "
    if base is None or base.number != number + 1:
        detail += "is missing"
    elif base.breaks_at in (None, base.number):
        detail += "is damaged"
    else:
        detail += f"cannot be rebuilt (its chain breaks at @{base.breaks_at})"
    return Problem(ProblemKind.CHAIN, detail, article, number)


def missing(article: str, number: int) -> Problem:
    return Problem(ProblemKind.NUMBERING, "it is missing: no row holds it", article, number)


def history_of(
    article: str, found: Iterable[Version | Problem], *, url: str | None = None
) -> History:
    """An article's history from its rows rebuilt newest first (see :func:`rebuilt`): the
    numbers that no row holds are damage too."""
    versions: list[Version] = []
    damaged: list[Problem] = []
    for item in found:
        if isinstance(item, Problem):
            damaged.append(item)
        else:
            versions.append(item)
    numbers = {v.number for v in versions} | {p.version for p in damaged if p.version}
    latest = max(numbers, default=0)
    damaged += [missing(article, n) for n in range(1, latest) if n not in numbers]
    damaged.sort(key=lambda p: p.version or 0)
    return History(article, tuple(versions[::-1]), tuple(damaged), latest, url)


def _version(article: str, row: Sequence[object], data: bytes) -> Version | Problem:
    """A version from its row and its decompressed text, checked against its hash."""
    number, observed, stored, source, title, size, words, revert, meta = row[:9]
    digest = stored_hash(stored)
    if content_hash(data) != digest:
        detail = "its text does not match its hash"
        return Problem(ProblemKind.HASH, detail, article, int(str(number)))
    try:
        metadata = meta if isinstance(meta, Mapping) else json.loads(str(meta))
        if not isinstance(metadata, dict):
            raise ValueError("metadata is not an object")
        return Version(
            article=article,
            number=int(str(number)),
            observed_at=moment(observed),
            hash=digest,
            source=str(source),
            byte_count=int(str(size)),
            word_count=int(str(words)),
            text=data.decode("utf-8"),
            revert_of=None if revert is None else int(str(revert)),
            title=None if title is None else str(title),
            metadata=MappingProxyType(metadata),
        )
    except ValueError as exc:  # also bad JSON, times and UTF-8
        detail = f"its row cannot be read: {exc}"
        return Problem(ProblemKind.ROW, detail, article, int(str(number)))


#: What a hash kept as the 32 bytes of its SHA-256 digest stands for (see
#: :meth:`revtrack.store.sql.SqlStore._stored_hash`).
HASH_PREFIX = "sha256:"


def stored_hash(value: object) -> str:
    """A version's hash as stored: ``sha256:`` and hex digits (PostgreSQL, and SQLite stores
    of an earlier schema), or the 32 bytes of the digest (SQLite)."""
    if isinstance(value, bytes | bytearray | memoryview):
        return HASH_PREFIX + bytes(value).hex()
    return str(value)


def moment(value: object) -> datetime:
    """A stored time, in UTC: ISO 8601 text (SQLite) or a ``timestamptz`` (PostgreSQL)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return from_iso(str(value))
